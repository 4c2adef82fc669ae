/*
** xlsx_read.h -- read one worksheet of an .xlsx workbook (libzip + expat).
**
** The workbook is found through _rels/.rels and the workbook's own rels
** (never by guessing "sheet1.xml"); shared strings (rich text runs joined,
** phonetic <rPh> runs skipped), inline strings, cached formula results,
** booleans, errors, numbers and dates (by the cell's number format, in
** the 1900 or 1904 system) come back as a struct sheet (sheet.h), with
** merged ranges recorded.  Every part is streamed through expat in
** chunks; no part is held whole in memory and no DOM is built.
**
** Everything from the file is distrusted: the limits below are checked
** before and while reading, DTD entity declarations stop the parser, and
** each failure returns -1 with a Chinese message in *pErr that says what
** is wrong and, for a cell, where ("第3行第2列（B3）：…").
*/
#ifndef FAZHI_XLSX_READ_H
#define FAZHI_XLSX_READ_H

#include "../common.h"

struct buf;
struct arena;
struct sheet;
struct sheet_stream;

#define XLSX_MAX_FILE     (50u*1024*1024)   /* bytes of the .xlsx itself */
#define XLSX_MAX_PART     (200u*1024*1024)  /* bytes of one part, unpacked */
#define XLSX_MAX_RATIO    100               /* unpacked/packed, per part */
#define XLSX_RATIO_FLOOR  (1024*1024)       /* ratio checked above this */
#define XLSX_MAX_ENTRIES  10000             /* entries in the zip */
#define XLSX_MAX_DEPTH    64                /* XML element nesting */
#define XLSX_MAX_SST      2000000           /* shared strings */
#define XLSX_MAX_SHEETS   1000              /* sheets in the workbook */
#define XLSX_MAX_STYLES   100000            /* cellXfs and numFmts entries */

/* Stream sheet iSheet (0 = the first in workbook order) of the workbook
** in the file zPath to s (sheet.h): s->xName, then s->xRow once per row
** as each is read, then s->xMerge once per merged range.  Only what the
** lookups need is held: styles and the shared strings (one buffer); the
** zip is read from the file in place.  Returns 0, or -1 with a Chinese
** message appended to *pErr (none of its own when a callback stopped). */
int xlsx_stream_file(const char *zPath, int iSheet,
                     const struct sheet_stream *s, struct buf *pErr);
/* As xlsx_stream_file(), for the n bytes of a workbook at p (used in
** place; they must stay valid during the call). */
int xlsx_stream_mem(const void *p, size_t n, int iSheet,
                    const struct sheet_stream *s, struct buf *pErr);

/* Read sheet iSheet (0 = the first in workbook order) of the workbook in
** the file zPath.  On success returns 0 and sets *ppOut to a sheet the
** caller frees with sheet_free(); on failure returns -1, sets *ppOut to
** NULL and appends a Chinese message to *pErr. */
int xlsx_read_file(const char *zPath, int iSheet, struct sheet **ppOut,
                   struct buf *pErr);
/* As xlsx_read_file(), for the n bytes of a workbook at p (which must
** stay valid during the call only). */
int xlsx_read_mem(const void *p, size_t n, int iSheet, struct sheet **ppOut,
                  struct buf *pErr);

/* The names of the workbook's sheets in order, in memory from pArena:
** sets *pazName to an array of *pnName strings.  Returns 0, or -1 with a
** Chinese message in *pErr. */
int xlsx_sheet_names_file(const char *zPath, struct arena *pArena,
                          const char ***pazName, int *pnName,
                          struct buf *pErr);
/* As xlsx_sheet_names_file(), for the n bytes of a workbook at p. */
int xlsx_sheet_names_mem(const void *p, size_t n, struct arena *pArena,
                         const char ***pazName, int *pnName,
                         struct buf *pErr);

/* True when the number format code zCode (as in styles.xml) shows a date
** or time: y, m, d, h, s, 年, 月 or 日 outside quotes, brackets and
** escapes.  For the readers and their tests. */
bool xlsx_format_is_date(const char *zCode);

#endif
