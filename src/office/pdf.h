/*
** pdf.h -- write a struct doc as PDF with cairo and pango, in the same
** GB/T 9704-2012 layout as docx_write(): A4, margins 37/35/28/26 mm,
** 22 lines of 28 characters of 16 pt serif, headings 黑体 / 楷体 / 仿宋,
** tables with a repeated header row, images, the 落款, and page numbers
** "— N —" (14 pt) odd pages right and even pages left.
**
** Fonts: Noto Serif CJK SC stands for 仿宋/宋体/小标宋, Noto Sans CJK SC for
** 黑体, AR PL KaitiM GB (when installed, else Noto Serif) for 楷体; cairo
** embeds subsets of them.
*/
#ifndef FAZHI_PDF_H
#define FAZHI_PDF_H

#include "../common.h"

struct doc;
struct buf;

/* Write d to zPath (through a temporary file renamed into place).
** Returns 0, or -1 with a message in pErr. */
int pdf_write(const struct doc *d, const char *zPath, struct buf *pErr);

/* Drop the process-wide font caches of pango, cairo and fontconfig (they
** are rebuilt on the next use). Only when nothing is drawing: at exit and
** in tests, so leak checkers see only real leaks. */
void office_release_fonts(void);

#endif
