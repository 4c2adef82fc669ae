/*
** table.h -- registers in and out of workbooks: a register declares its
** columns once (struct table_def) and gets import, export, an error file
** and an empty template from that declaration.
**
** Import (table_read): the bytes are an .xlsx (zip signature) or CSV in
** UTF-8 or GB18030.  The header row is the first of the first
** TABLE_HEADER_ROWS rows that holds every required header (title rows above
** it are skipped); headers match in any order, ignoring blanks (ASCII and
** full-width), a trailing "*" or "（必填）", full-width letters, digits and
** brackets, ASCII case, and accepting each column's aliases.  Columns the
** register does not know are ignored.  Every data row below the header
** (rows blank in all known columns are skipped) is checked and normalised;
** every problem is recorded with its row and column and reading goes on,
** so one upload reports all of them.  Nothing is written anywhere: the
** caller stores the rows only when in->nErr is 0 after its own checks.
**
** Values after reading (aazVal[row][col], NULL when empty):
**   COL_TEXT    trimmed; at most nMaxChars characters (0 = 200)
**   COL_INT     decimal digits only (full-width folded), at most 18
**   COL_DATE    ISO "YYYY-MM-DD" from a date cell or from the text
**               YYYY-M-D, YYYY/M/D, YYYY.M.D or YYYY年M月D日
**   COL_USCC, COL_IDCARD, COL_REGION, COL_SCHOOL
**               full-width folded, upper-case, checked by ids.h; a number
**               cell whose last digits Excel dropped is refused
**   COL_PHONE   spaces and hyphens dropped, checked by ids_check_phone
**   COL_BOOL    "1" or "0" (是/否, 1/0, true/false ...)
**   COL_CHOICE  the code, given the code (any case) or the label
**
** Export (table_export, table_error_file, table_template): .xlsx through
** libxlsxwriter in constant-memory mode (every value a string, so long
** codes keep their digits and nothing is a formula), or CSV in UTF-8 with
** a BOM and CRLF line ends.
**
** CSV formula injection: in every CSV written here a value starting with
** = + - @, tab or CR gets a leading apostrophe ('=SUM(A1) is shown as
** text by Excel and WPS), except a plain number such as -12 or +3.5, which
** cannot be a formula.  table_read removes such an apostrophe again from
** CSV input (an apostrophe followed by one of those characters), so an
** export reads back unchanged.  Workbooks need no such step: their cells
** are strings, which spreadsheet programs never evaluate.
*/
#ifndef FAZHI_TABLE_H
#define FAZHI_TABLE_H

#include "../common.h"

struct buf;
struct arena;
struct sheet_merge;

/* The types are base/value.h's VAL_* (same numbers): every cell is
** checked by value_check(), as forms, JSON and the command line are. */
enum { COL_TEXT, COL_INT, COL_DATE, COL_USCC, COL_IDCARD, COL_REGION,
       COL_SCHOOL, COL_CHOICE, COL_PHONE, COL_BOOL };
enum { TABLE_XLSX = 1, TABLE_CSV = 2 };

#define TABLE_HEADER_ROWS 10     /* rows searched for the header */
#define TABLE_TEXT_MAX    200    /* default nMaxChars of COL_TEXT */
#define TABLE_ERR_HEAD    "错误说明"
#define TABLE_ERR_SHEET   "错误汇总"
#define TABLE_HELP_SHEET  "填写说明"

struct table_col {
  const char *zHead;            /* Chinese header, e.g. "统一社会信用代码" */
  const char *zKey;             /* identifier, e.g. "code" (API/JSON key) */
  int eType;                    /* COL_* */
  bool bRequired;
  const char *const *azChoice;  /* COL_CHOICE: code, label, ..., NULL */
  int nWidth;                   /* export width in Excel units (the width
                                ** of "0"; a Chinese character takes 2);
                                ** 0 = from the header */
  const char *const *azAlias;   /* other accepted headers, NULL-terminated,
                                ** or NULL */
  int nMaxChars;                /* COL_TEXT limit (0 = TABLE_TEXT_MAX) */
};

struct table_def {
  const char *zTitle;           /* title row of exports, or NULL */
  const struct table_col *aCol;
  int nCol;
};

struct table_err {
  int iRow;                     /* file row (1-based) */
  int iCol;                     /* index into aCol, -1 = the whole row */
  const char *zMsg;             /* the reason, without row and column */
};

struct table_input {            /* what table_read keeps: the values and
                                ** the errors, never the sheet itself */
  int nRow;                     /* data rows */
  int *aiRow;                   /* [row] its row number in the file */
  const char ***aazVal;         /* [row][col] normalised value or NULL; each
                                ** row is one block in pArena holding its
                                ** pointers and strings (a caller may point
                                ** an entry elsewhere) */
  int nErr;
  struct table_err *aErr;       /* in the order found */
  int iHeaderRow;               /* file row of the header */
  int eFormat;                  /* TABLE_XLSX or TABLE_CSV, as uploaded */
  int nCol;                     /* columns of the declaration */
  int *aiFileCol;               /* [col] 1-based file column, 0 = absent */
  /* What table_error_file needs besides the upload itself: */
  const char *zSheet;           /* the sheet's name ("" for CSV) */
  int nRowMax, nColMax;         /* largest row and column with a cell */
  int nMerge;                   /* single-row merges above the header */
  struct sheet_merge *aMerge;
  size_t nBytes;                /* size of the upload */
  struct arena *pArena;         /* all but aiRow and aazVal (heap) */
  int nErrAlloc, nRowAlloc, nMergeAlloc;
};

/* The stream an export writes its rows into (see table_export). */
struct table_sink;

/* Read an uploaded file (p, n bytes) against the declaration d, row by
** row as it is parsed: the first TABLE_HEADER_ROWS rows are tried as the
** header, every later row is checked and only its normalised values are
** kept, so memory grows with the values, not with the file.
** Returns 0 and sets *ppIn to the rows and their errors (free with
** table_input_free; in->nErr may be non-zero), or -1 with a Chinese
** message in *pErr when the file itself cannot be used: not a workbook or
** CSV, unreadable, no header row, a required column missing or a column
** given twice.  *ppIn is NULL then. */
int table_read(const struct table_def *d, const void *p, size_t n,
               struct table_input **ppIn, struct buf *pErr);

/* As table_read, of sheet iSheet (0 = the first) of a workbook; a CSV has
** only its one sheet. */
int table_read_sheet(const struct table_def *d, const void *p, size_t n, int iSheet,
                     struct table_input **ppIn, struct buf *pErr);

/* Free what table_read gave. NULL is a no-op. */
void table_input_free(struct table_input *in);

/* Record a problem the register's own checks found (duplicates, unknown
** parent, ...) on file row iRow and declared column iCol (-1: the whole
** row).  zFmt is a fmt.h format; the text is the reason only, as in
** "与第3行重复". */
void table_add_error(struct table_input *in, int iRow, int iCol,
                     const char *zFmt, ...);

/* Append every error to b, one per line, sorted by row then column
** ("第5行 C列（统一社会信用代码）：第18位校验码应为3"), then a summary
** line.  Returns in->nErr. */
int table_error_text(const struct table_input *in, const struct table_def *d,
                     struct buf *b);
/* As table_error_text(), listing only the first nMax errors (0: all),
** then a line saying the rest are in the error file; the summary line
** still counts them all. */
int table_error_text_max(const struct table_input *in, const struct table_def *d,
                         int nMax, struct buf *b);

/* Write one export row: azVal holds d->nCol values in declaration order
** (NULL = empty); COL_CHOICE codes are written as their labels.  Returns
** 0, or -1 once the export has failed (later rows are ignored and
** table_export reports the reason). */
int table_sink_row(struct table_sink *s, const char *const *azVal);

/* Export a register: the title (if any) and header rows, then every row
** xRows(ctx, s) passes to table_sink_row().  eFormat is TABLE_XLSX (title
** merged and bold, styled header frozen, widths from nWidth) or TABLE_CSV
** (BOM, CRLF, header row only).  zTmpDir is where libxlsxwriter's
** temporary files go.  Appends the file to pOut and returns 0, or -1 with
** a Chinese message in *pErr. */
int table_export(const struct table_def *d, int eFormat, const char *zTmpDir,
                 void (*xRows)(void *ctx, struct table_sink *s), void *ctx,
                 struct buf *pOut, struct buf *pErr);

/* As table_export, with nMore further sheets after the first (TABLE_XLSX
** only): sheet i declared by apMore[i] (its zTitle names the sheet), its
** rows from axMore[i](aCtxMore[i], s) -- a register's children. */
int table_export_more(const struct table_def *d, int eFormat, const char *zTmpDir,
                      void (*xRows)(void *ctx, struct table_sink *s), void *ctx,
                      int nMore, const struct table_def *const *apMore,
                      void (*const *axMore)(void *ctx, struct table_sink *s),
                      void *const *aCtxMore, struct buf *pOut, struct buf *pErr);

/* The user's upload back with its errors, as eFormat: every row of the
** sheet at its own row number (so "第5行" is row 5 here too), values as
** typed, plus a last column 错误说明 holding each bad row's messages
** joined by "；".  In .xlsx, bad rows are filled light red and a second
** sheet 错误汇总 lists row, column, header and message, one line per
** error.  p, n must be the very bytes given to table_read() for in: they
** are read again, row by row, as the file is written (in keeps only the
** values).  Appends to pOut; returns 0 or -1 with a message in *pErr. */
int table_error_file(const struct table_def *d, const struct table_input *in,
                     const void *p, size_t n, int eFormat,
                     const char *zTmpDir, struct buf *pOut,
                     struct buf *pErr);

/* An empty file to fill in: title, header row with required headers
** marked "*", every column formatted as text; for .xlsx a second sheet
** 填写说明 describing each column (required, format, allowed values, an
** example).  A CSV template is the header row alone.  Appends to pOut;
** returns 0 or -1 with a message in *pErr. */
int table_template(const struct table_def *d, int eFormat,
                   const char *zTmpDir, struct buf *pOut, struct buf *pErr);

#endif
