/*
** fmt.h -- printf with escaping conversions (Fossil's printf.c idea).
**
** The usual conversions work as in printf: %s %c %d %i %u %x %X %f %g %e
** %% with flags, width, precision (and *), and the length modifiers l, ll
** and z.  The short modifiers h and hh, and %a %t %j as standard C knows
** them, are not supported: the letters belong to these conversions, each
** taking a const char * (NULL prints as nothing, or null for %j):
**
**   %h   HTML text: & < > " ' become entities
**   %a   HTML attribute value: as %h (attributes are always quoted)
**   %j   a JSON string literal with its quotes, or null for NULL
**   %t   percent-encoded for a URL path segment or query value
**
** A %s whose argument holds data is a bug in HTML, JSON or SQL:
** tools/codecheck fails the build on it.
*/
#ifndef FAZHI_FMT_H
#define FAZHI_FMT_H

#include "../common.h"

struct buf;

/* Append formatted text to b (which may refuse it past its cap). */
void fmt_vappend(struct buf *b, const char *zFmt, va_list ap);

/* Append z escaped for HTML text or a quoted attribute. */
void fmt_html(struct buf *b, const char *z);
/* Append z as a JSON string literal, quotes included. */
void fmt_json(struct buf *b, const char *z, size_t n);
/* Append z percent-encoded (RFC 3986 unreserved characters kept). */
void fmt_url(struct buf *b, const char *z);

/* Format into new heap memory the caller frees. */
char *fmt_dup(const char *zFmt, ...);

#endif
