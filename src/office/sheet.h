/*
** sheet.h -- one worksheet in memory, as the xlsx and CSV readers give it.
**
** A sheet holds only the cells that have a value, in rows sorted by row
** number and, inside a row, by column.  Row and column numbers are the
** ones in the file (1-based), so an error can point at "B3".  All memory
** (cells, text, merges) comes from the arena the sheet owns and goes away
** with sheet_free().
**
** Readers can also stream (struct sheet_stream below): each row goes to a
** callback as soon as it is read and nothing of it stays behind, so the
** memory a read needs does not grow with the sheet.  The functions that
** return a struct sheet are built on the streaming ones.
**
** Cell text is UTF-8 and NUL-terminated:
**   SHEET_STRING  the text as stored
**   SHEET_NUMBER  the number without exponent where that is exact
**                 ("2.5", "3122001234"); zNum keeps the file's own text
**   SHEET_DATE    ISO "2024-11-15" ("2024-11-15 08:30:00" with a time,
**                 "08:30:00" for a time alone); zNum keeps the serial
**   SHEET_BOOL    "TRUE" or "FALSE"
**   SHEET_ERROR   the error as Excel shows it ("#DIV/0!")
*/
#ifndef FAZHI_SHEET_H
#define FAZHI_SHEET_H

#include "../common.h"
#include "../base/buf.h"

struct arena;

enum {
  SHEET_EMPTY = 0,
  SHEET_STRING,
  SHEET_NUMBER,
  SHEET_BOOL,
  SHEET_DATE,
  SHEET_ERROR
};

/* Limits on what any reader puts into a sheet. */
#define SHEET_MAX_ROWS   1048576    /* Excel's own row limit */
#define SHEET_MAX_COLS   16384      /* Excel's own column limit (XFD) */
#define SHEET_MAX_CHARS  32767      /* characters in one cell */
#define SHEET_MAX_CELLS  5000000    /* non-empty cells in one sheet */
#define SHEET_MAX_MERGES 100000     /* merged ranges in one sheet */

struct sheet_cell {
  const char *z;        /* the text (see above); never NULL */
  const char *zNum;     /* NUMBER and DATE: the number as written in the
                        ** file ("2.20322199001012E+17"); NULL otherwise */
  int eType;            /* SHEET_* */
  int iRow, iCol;       /* 1-based position in the file */
  bool bPrecisionLost;  /* NUMBER: a whole number of more than 15 digits
                        ** that the file holds only rounded (exponent form
                        ** or trailing zeros past 15 significant digits),
                        ** so its last digits are gone */
};

struct sheet_row {
  int iRow;                  /* 1-based row number */
  int nCell;                 /* cells in aCell, sorted by iCol */
  struct sheet_cell *aCell;
};

struct sheet_merge {
  int iRow1, iCol1;     /* top-left cell, which holds the value */
  int iRow2, iCol2;     /* bottom-right cell */
};

struct sheet {
  struct arena *pArena;      /* owns everything below */
  const char *zName;         /* sheet name ("" for CSV) */
  int nRow;                  /* rows in aRow (only rows with cells) */
  struct sheet_row *aRow;    /* sorted by iRow */
  int nRowMax, nColMax;      /* largest row and column number with a cell */
  int nMerge;
  struct sheet_merge *aMerge;
  /* Used while a reader fills the sheet; empty once it is finished. */
  struct sheet_cell *aPend;
  size_t nPend, nPendAlloc;
  size_t nMergeAlloc;
  struct buf *pErr;          /* sheet_stream_into(): where messages go */
};

/* What a streaming read calls.  Each callback returns 0 to go on or -1
** to stop the read, which then returns -1 without adding a message of
** its own (the callback says why, usually in the caller's pErr). */
struct sheet_stream {
  void *pCtx;                 /* passed to every callback */
  /* The sheet's name ("" for CSV), once, before the first row; may be
  ** NULL.  zName is valid only during the call. */
  int (*xName)(void *pCtx, const char *zName);
  /* One row that has at least one cell: its cells sorted by column, one
  ** per column (a later cell at the same position replaced an earlier
  ** one).  The row, its cells and their text are valid only during the
  ** call.  Rows come in file order: ascending row numbers in CSV and in
  ** every workbook Excel, WPS or libxlsxwriter write; a hand-made
  ** workbook may list a row number again or go back, and such a row comes
  ** as a call of its own (sheet-building readers merge them again). */
  int (*xRow)(void *pCtx, const struct sheet_row *pRow);
  /* One merged range (in limits) each; for xlsx after the last row, as
  ** the file keeps them there.  May be NULL. */
  int (*xMerge)(void *pCtx, const struct sheet_merge *pMerge);
};

/* For readers: the row being gathered before it goes to xRow. */
struct sheet_rowbuf {
  int iRow;                   /* its row number; 0 while empty */
  int nCell, nAlloc;
  struct sheet_cell *aCell;   /* z and zNum set only at the flush */
  size_t *aiZ, *aiNum;        /* offsets of z and zNum in text; zNum
                              ** (size_t)-1 when there is none */
  struct buf text;            /* every cell's text, NUL-terminated */
  u64 nCellTotal;             /* cells flushed so far, all rows */
};

/* For readers: start an empty row buffer; release it with
** sheet_rowbuf_release(). */
void sheet_rowbuf_init(struct sheet_rowbuf *rb);
/* For readers: free what the row buffer holds. */
void sheet_rowbuf_release(struct sheet_rowbuf *rb);
/* For readers: add a cell of row iRow (the row being gathered, which the
** caller flushes first when iRow differs) at column iCol with text z (n
** bytes).  Returns the cell so the reader can set eType's flags; its z
** and zNum are set at the flush. */
struct sheet_cell *sheet_rowbuf_add(struct sheet_rowbuf *rb, int iRow,
                                    int iCol, int eType, const char *z,
                                    size_t n);
/* For readers: give the cell sheet_rowbuf_add() just added the number
** text z (n bytes) as its zNum. */
void sheet_rowbuf_num(struct sheet_rowbuf *rb, const char *z, size_t n);
/* For readers: hand the gathered row (if it has cells) to s->xRow, sorted
** by column with duplicates dropped, and empty the buffer.  Returns 0,
** or -1 when the callback stopped the read. */
int sheet_rowbuf_flush(struct sheet_rowbuf *rb, const struct sheet_stream *s);

/* The stream callbacks that build the sheet p from a streaming read
** (name, rows, merges); a reader calls sheet_finish(p) after it.  Rows
** past SHEET_MAX_CELLS cells or merges past SHEET_MAX_MERGES stop the
** read with a message in pErr. */
void sheet_stream_into(struct sheet *p, struct buf *pErr,
                       struct sheet_stream *pOut);

/* A new, empty sheet with its own arena; free it with sheet_free(). */
struct sheet *sheet_new(void);
/* Free the sheet and all its memory. NULL is a no-op. */
void sheet_free(struct sheet *p);

/* For readers: add a cell at (iRow, iCol), both within the limits above,
** whose text z (n bytes) is copied into the arena.  A later cell at the
** same position replaces an earlier one.  Returns the cell so the reader
** can set zNum and the flags, or NULL once SHEET_MAX_CELLS is reached. */
struct sheet_cell *sheet_add(struct sheet *p, int iRow, int iCol, int eType,
                             const char *z, size_t n);
/* For readers: record a merged range (already checked to be in limits).
** Returns 0, or -1 once SHEET_MAX_MERGES is reached. */
int sheet_add_merge(struct sheet *p, int iRow1, int iCol1, int iRow2,
                    int iCol2);
/* For readers: sort the added cells into rows; call once at the end. */
void sheet_finish(struct sheet *p);

/* The cell at 1-based (iRow, iCol), or NULL when it is empty or outside
** the sheet. */
const struct sheet_cell *sheet_cell(const struct sheet *p, int iRow, int iCol);
/* The row with 1-based number iRow, or NULL when it has no cells. */
const struct sheet_row *sheet_row(const struct sheet *p, int iRow);
/* The merged range that covers (iRow, iCol), or NULL. */
const struct sheet_merge *sheet_merge_at(const struct sheet *p, int iRow,
                                         int iCol);

/* Write the letters of 1-based column col (1 -> "A", 27 -> "AA",
** 16384 -> "XFD") and a NUL into out; returns out.  A column outside
** 1..SHEET_MAX_COLS gives "?". */
char *sheet_col_name(int col, char out[8]);
/* Parse a cell reference such as "B3" (letters then digits, nothing
** else, within the limits).  Returns 0 and sets *piRow, *piCol, or -1. */
int sheet_parse_ref(const char *z, int *piRow, int *piCol);

/* Turn an Excel date serial into ISO text (see the top of this file):
** b1904 selects the 1904 date system; in the 1900 system serial 60 is
** Excel's fake 1900-02-29.  Returns 0, or -1 when the serial is negative
** or past 9999-12-31. */
int sheet_serial_to_iso(double serial, bool b1904, char out[24]);

#endif
