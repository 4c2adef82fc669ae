/*
** docfile.h -- a document (doc.h) written as DOCX or PDF into memory.
**
** docx_write() and pdf_write() write files; a reply or a command wants
** the bytes.  doc_file_bytes() writes to a private temporary file in a
** given folder, reads it back and removes it.
*/
#ifndef FAZHI_DOCFILE_H
#define FAZHI_DOCFILE_H

#include "../common.h"

struct doc;
struct buf;

/* Append d as PDF (bPdf) or DOCX to pOut, through a temporary file in
** zTmpDir (created 0700 when missing).  Returns 0, or -1 with a message
** in pErr. */
int doc_file_bytes(const struct doc *d, bool bPdf, const char *zTmpDir, struct buf *pOut,
                   struct buf *pErr);

#endif
