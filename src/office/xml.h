/*
** xml.h -- an escaping XML writer with an element stack (kcgi's kxml idea).
**
** Every byte of DOCX/XLSX XML goes through here.  Element and attribute
** names are markup chosen by the program (string literals); values and text
** are data and are always escaped.  Text also loses characters XML 1.0
** does not allow (C0 controls other than tab, newline and CR, U+FFFE,
** U+FFFF, invalid UTF-8).  A misuse (too deep, attribute after content,
** close with nothing open) sets x->bErr, which xml_finish() reports.
*/
#ifndef FAZHI_XML_H
#define FAZHI_XML_H

#include "../common.h"

struct buf;

#define XML_MAX_DEPTH 64

struct xml {
  struct buf *pOut;                     /* where the text goes */
  const char *azOpen[XML_MAX_DEPTH];    /* names of the open elements */
  int nDepth;                           /* entries used in azOpen */
  bool bInTag;      /* the innermost start tag still lacks its '>' */
  bool bErr;        /* a misuse happened; output is not to be trusted */
};

/* Start writing into pOut (appended to, not reset). */
void xml_init(struct xml *x, struct buf *pOut);
/* The declaration <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
** and a newline; call first. */
void xml_decl(struct xml *x);
/* Open element zName (a literal that outlives the writer). Returns 0, or
** -1 and sets bErr when XML_MAX_DEPTH elements are already open. */
int xml_open(struct xml *x, const char *zName);
/* Add attribute zName="zValue" to the element just opened (before any
** content); the value is escaped. A NULL value writes an empty one. */
void xml_attr(struct xml *x, const char *zName, const char *zValue);
/* xml_attr() with a decimal integer value. */
void xml_attr_int(struct xml *x, const char *zName, long long v);
/* Append escaped text content (illegal XML 1.0 characters dropped). */
void xml_text(struct xml *x, const char *z);
/* Append zLiteral as it is: fixed markup literals only, never data. */
void xml_raw(struct xml *x, const char *zLiteral);
/* Close the innermost element, as <x/> when it got no content.
** Returns 0, or -1 and sets bErr when nothing is open. */
int xml_close(struct xml *x);
/* Close everything still open. Returns 0, or -1 when a misuse happened
** at any point. */
int xml_finish(struct xml *x);
/* Append z escaped as XML text to b (used where no writer is at hand,
** e.g. SVG built with fmt). */
void xml_escape(struct buf *b, const char *z);

/* One shot: open zName, add text, close. */
void xml_elem_text(struct xml *x, const char *zName, const char *zText);

#endif
