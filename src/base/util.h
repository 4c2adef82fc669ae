/*
** util.h -- memory that never fails, and how fazhi dies.
*/
#ifndef FAZHI_UTIL_H
#define FAZHI_UTIL_H

#include "../common.h"

/* Allocate n bytes; never returns NULL (out of memory is fatal). */
void *xmalloc(size_t n);
/* Allocate n zeroed bytes; never returns NULL. */
void *xcalloc(size_t count, size_t size);
/* Resize p to n bytes; never returns NULL. */
void *xrealloc(void *p, size_t n);
/* Copy z into new heap memory the caller frees; NULL gives NULL. */
char *xstrdup(const char *z);
/* Copy the first n bytes of z plus a NUL into heap memory the caller frees. */
char *xstrndup(const char *z, size_t n);

/* Print "fazhi: " and the message to stderr and exit(1). For bugs and
** broken invariants only; expected failures return an error instead. */
NORETURN void fatal(const char *zFmt, ...)
    __attribute__((format(printf, 1, 2)));

/* Print "fazhi: " and the message to stderr and carry on. */
void warn(const char *zFmt, ...) __attribute__((format(printf, 1, 2)));

/* True when the NUL-terminated strings are equal; NULL equals only NULL. */
bool str_eq(const char *a, const char *b);
/* True when z starts with zPrefix. */
bool str_starts(const char *z, const char *zPrefix);

/* Parse a decimal integer that fills z completely, within [lo,hi].
** Returns 0 and sets *pOut, or -1 when z is not such a number. */
int str_to_i64(const char *z, i64 lo, i64 hi, i64 *pOut);

/* Seconds since the epoch, UTC.  A test build (-DFAZHI_TEST_HOOKS) may pin
** it with FAZHI_NOW; the release build never reads it. */
i64 time_now(void);

#endif
