/*
** csv.h -- CSV in (UTF-8, UTF-8 with BOM, GB18030) and out (RFC 4180).
**
** Reading: the bytes are taken as UTF-8 when they start with a BOM (which
** is dropped; the rest must then be valid UTF-8) or are valid UTF-8 as a
** whole, and otherwise as GB18030 (what Excel and WPS on Chinese Windows
** save as "CSV"), converted with iconv.  Fields are split on commas with
** RFC 4180 quoting: a field that starts with '"' may hold commas, CR and
** LF, and "" stands for one quote.  Lines end in CRLF, LF or CR; a final
** line break is optional.  Text after a closing quote is kept as it is
** (what Excel does with  "ab"c ).  Every field becomes a SHEET_STRING cell
** at (record number, field number), both 1-based; empty fields and blank
** lines leave no cell but keep the numbering.
*/
#ifndef FAZHI_CSV_H
#define FAZHI_CSV_H

#include "../common.h"

struct buf;
struct sheet;
struct sheet_stream;

#define CSV_MAX_BYTES (256u*1024*1024)  /* bytes of input (web uploads stop at 20 MiB) */

/* Read the n bytes at p as CSV and hand each record with a non-empty
** field to s->xRow as it is read (sheet.h), after s->xName(""); nothing
** of a record is kept after its call.  Returns 0, or -1 with a Chinese
** message naming the line appended to *pErr (or without one of its own
** when a callback stopped the read).  Text in GB18030 is converted whole
** first; UTF-8 is read in place.  The limits are those of csv_read(). */
int csv_stream(const void *p, size_t n, const struct sheet_stream *s,
               struct buf *pErr);

/* Read the n bytes at p as CSV.  On success returns 0 and sets *ppOut to
** a sheet the caller frees with sheet_free(); on failure returns -1, sets
** *ppOut to NULL and appends a Chinese message naming the line to *pErr
** ("第12行：引号没有闭合"). Limits: CSV_MAX_BYTES, and the sheet.h row,
** column and cell-text limits. */
int csv_read(const void *p, size_t n, struct sheet **ppOut, struct buf *pErr);

/* Append one record of n fields to b, each quoted only when it holds a
** comma, a quote, CR or LF (quotes doubled), ending in CRLF.  A NULL
** field is written empty.  Returns 0, or -1 when b's cap refused it (b
** may then hold part of the record). */
int csv_write_row(struct buf *b, const char *const *azField, int n);

/* Append the UTF-8 byte order mark that makes Excel read a CSV file as
** UTF-8; call once before the first row.  Returns 0 or -1 as buf_append. */
int csv_bom(struct buf *b);

#endif
