/*
** buf.h -- growable bytes (git's strbuf invariants, curl's size cap).
**
** b->buf is never NULL and always NUL-terminated at b->buf[b->len].
** A buffer made with buf_init_max() refuses to grow past its cap: the
** append functions then return -1 and set b->bOver, and the contents
** stay as they were before the failed append.
*/
#ifndef FAZHI_BUF_H
#define FAZHI_BUF_H

#include "../common.h"

struct buf {
  char *buf;      /* contents, NUL-terminated; never NULL */
  size_t len;     /* bytes used, not counting the NUL */
  size_t alloc;   /* bytes allocated, 0 while buf points at the static "" */
  size_t max;     /* cap on len, 0 for none */
  bool bOver;     /* an append was refused because of max */
};

#define BUF_INIT {buf_empty, 0, 0, 0, false}
extern char buf_empty[1];

/* Start an empty buffer with no cap. */
void buf_init(struct buf *b);
/* Start an empty buffer that never holds more than nMax bytes. */
void buf_init_max(struct buf *b, size_t nMax);
/* Free the contents and return to the empty state (the cap stays). */
void buf_release(struct buf *b);
/* Empty the buffer but keep its memory. */
void buf_reset(struct buf *b);
/* Take the contents (heap memory the caller frees); b becomes empty. */
char *buf_detach(struct buf *b, size_t *pLen);

/* Append n bytes. Returns 0, or -1 when the cap refused them. */
int buf_append(struct buf *b, const void *p, size_t n);
/* Append a NUL-terminated string. Returns 0 or -1 as buf_append. */
int buf_puts(struct buf *b, const char *z);
/* Append one byte. */
int buf_putc(struct buf *b, int c);
/* Append formatted text; see fmt.h for the escaping conversions. */
int buf_appendf(struct buf *b, const char *zFmt, ...);
int buf_vappendf(struct buf *b, const char *zFmt, va_list ap);
/* Shorten to n bytes (n <= len). */
void buf_truncate(struct buf *b, size_t n);

#endif
