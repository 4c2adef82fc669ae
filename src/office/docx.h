/*
** docx.h -- write a struct doc as a Word document (WordprocessingML) in
** the GB/T 9704-2012 layout, with libzip and the XML writer.
**
** Geometry (reference/dependencies.md §4): A4, margins 37/35/28/26 mm,
** a `lines` document grid of 22 lines, 三号仿宋 with -0.25 pt character
** spacing so 28 characters fill a line; page numbers "— N —" in 四号宋体,
** odd pages right and even pages left, one character in from the edge.
**
** The documents name the official fonts (仿宋_GB2312, 方正小标宋简体, 黑体,
** 楷体_GB2312, 宋体).  A machine without them (Linux, LibreOffice) needs
** the aliases in data/fonts/fonts.conf: office_font_env() writes that file
** under a directory, and the conversion process runs with XDG_CONFIG_HOME
** set to that directory, e.g.
**   XDG_CONFIG_HOME=DIR soffice --headless --norestore \
**     -env:UserInstallation=file:///tmp/lo-XXXX --convert-to pdf F.docx
*/
#ifndef FAZHI_DOCX_H
#define FAZHI_DOCX_H

#include "../common.h"

struct doc;
struct buf;

/* Write d to zPath (through a temporary file renamed into place).
** Returns 0, or -1 with a message in pErr. */
int docx_write(const struct doc *d, const char *zPath, struct buf *pErr);

/* Write the font aliases (data/fonts/fonts.conf, compiled in) to
** zDir/fontconfig/fonts.conf, creating the directories; a process started
** with XDG_CONFIG_HOME=zDir then finds Noto CJK for the official font
** names. Returns 0, or -1 with a message in pErr. */
int office_font_env(const char *zDir, struct buf *pErr);

#endif
