/*
** pdf.h -- write a struct doc as PDF with cairo and pango, in the same
** GB/T 9704-2012 layout as docx_write(): A4, margins 37/35/28/26 mm,
** 22 lines of 28 characters of 16 pt serif, headings 黑体 / 楷体 / 仿宋,
** tables with a repeated header row, images, the 落款, and page numbers
** "— N —" (14 pt) odd pages right and even pages left.
**
** Tables are sized from their content (doc_table_widths): codes and short
** cells never wrap, a lone last character goes down with its neighbour,
** and a table too wide for portrait gets landscape pages.
** Fonts, the closest Debian packages: LXGW WenKai for the 仿宋 body,
** AR PL UKai CN for 楷体, Noto Sans CJK SC for 黑体, Noto Serif CJK SC
** (heaviest weight installed) for the 小标宋 title and 宋体 page numbers;
** Noto Serif CJK SC stands in for any that is missing.  cairo embeds
** subsets of them.
*/
#ifndef FAZHI_PDF_H
#define FAZHI_PDF_H

#include "../common.h"

struct doc;
struct buf;

/* Write d to zPath (through a temporary file renamed into place).
** Returns 0, or -1 with a message in pErr. */
int pdf_write(const struct doc *d, const char *zPath, struct buf *pErr);

/* Drop pango's default font map and the PDF writer's fontconfig
** configuration (rebuilt on the next use). Only when nothing is drawing:
** at exit and in tests. */
void office_release_fonts(void);

#endif
