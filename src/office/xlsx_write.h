/*
** xlsx_write.h -- a workbook written with libxlsxwriter, delivered as bytes.
**
** libxlsxwriter 1.1.4 cannot write to memory, so xlsx_write_begin() makes
** a mkstemp() file in the caller's temporary folder (also given to the
** library as its tmpdir for constant-memory rows) and xlsx_write_end()
** closes the workbook, reads the file into a buffer and unlinks it.  The
** workbook is always in constant_memory mode: each sheet is written row
** by row, top to bottom, so exports of any length use little memory.
**
** Only strings are written (xlsx_write_text), never numbers or formulas,
** so an 18-digit code keeps every digit and "=..." stays text.
*/
#ifndef FAZHI_XLSX_WRITE_H
#define FAZHI_XLSX_WRITE_H

#include "../common.h"
#include <xlsxwriter.h>

struct buf;

#define XLSX_SHEET_NAME_MAX 31   /* characters in a sheet name */

struct xlsx_write {
  lxw_workbook *pWb;      /* NULL once ended or aborted */
  char zPath[4096];       /* the mkstemp file */
  char *zTmpDir;          /* copy of the folder, for the library */
  lxw_format *pTitle;     /* bold, larger, centred: a merged title row */
  lxw_format *pHead;      /* bold, grey fill, thin border, wrapped */
  lxw_format *pCell;      /* thin border, text (@) */
  lxw_format *pBad;       /* as pCell with a light red fill */
  lxw_format *pText;      /* number format "@" for whole columns */
  lxw_format *pWrap;      /* pCell that wraps long text */
};

/* Start a workbook in a new mkstemp file inside zTmpDir (NULL or "" means
** $TMPDIR or /tmp) with the formats above.  Returns 0, or -1 with a
** Chinese message in *pErr (nothing to clean up then). */
int xlsx_write_begin(struct xlsx_write *w, const char *zTmpDir,
                     struct buf *pErr);

/* Add a worksheet named zName, made valid first (xlsx_sheet_name).
** Returns the sheet, or NULL with a message in *pErr. */
lxw_worksheet *xlsx_write_sheet(struct xlsx_write *w, const char *zName,
                                struct buf *pErr);

/* Write z (NULL or "" gives a blank cell carrying f) at 0-based (r, c) as
** a string; text past Excel's 32767 characters is cut.
** Returns 0, or -1 with a message in *pErr (row past Excel's limit, or
** written out of order in constant-memory mode). */
int xlsx_write_text(lxw_worksheet *ws, int r, int c, const char *z,
                    lxw_format *f, struct buf *pErr);

/* Close the workbook, append the file's bytes to pOut and unlink the file.
** Returns 0, or -1 with a message in *pErr (the file is removed either
** way). */
int xlsx_write_end(struct xlsx_write *w, struct buf *pOut, struct buf *pErr);

/* Give up on the workbook: free it and unlink the file.  Safe after
** xlsx_write_end() and on a zeroed struct. */
void xlsx_write_abort(struct xlsx_write *w);

/* Make z a valid sheet name in out: []:*?/\ become '_', leading and
** trailing apostrophes are dropped, cut to 31 characters, "Sheet" when
** nothing is left.  Returns out. */
char *xlsx_sheet_name(const char *z, char out[128]);

#endif
