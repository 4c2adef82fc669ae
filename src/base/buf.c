/*
** buf.c -- growable byte buffers.
*/
#include "../common.h"
#include "buf.h"
#include "fmt.h"
#include "util.h"

char buf_empty[1];

void buf_init(struct buf *b){
  b->buf = buf_empty;
  b->len = 0;
  b->alloc = 0;
  b->max = 0;
  b->bOver = false;
}

void buf_init_max(struct buf *b, size_t nMax){
  buf_init(b);
  b->max = nMax;
}

void buf_release(struct buf *b){
  size_t nMax = b->max;
  if( b->alloc ) free(b->buf);
  buf_init(b);
  b->max = nMax;
}

void buf_reset(struct buf *b){
  b->len = 0;
  b->buf[0] = 0;
  b->bOver = false;
}

char *buf_detach(struct buf *b, size_t *pLen){
  char *z;
  if( b->alloc==0 ){
    z = xmalloc(1);
    z[0] = 0;
  }else{
    z = b->buf;
  }
  if( pLen ) *pLen = b->len;
  b->buf = buf_empty;
  b->len = 0;
  b->alloc = 0;
  return z;
}

/* Make room for n more bytes plus the NUL. Returns -1 past the cap. */
static int buf_grow(struct buf *b, size_t n){
  size_t need;
  if( n > SIZE_MAX/2 - b->len ) fatal("buffer size overflow");
  need = b->len + n + 1;
  if( b->max && b->len + n > b->max ){
    b->bOver = true;
    return -1;
  }
  if( need > b->alloc ){
    size_t nNew = b->alloc ? b->alloc : 64;
    while( nNew < need ) nNew *= 2;
    if( b->alloc==0 ){
      b->buf = xmalloc(nNew);
      b->buf[0] = 0;
    }else{
      b->buf = xrealloc(b->buf, nNew);
    }
    b->alloc = nNew;
  }
  return 0;
}

int buf_append(struct buf *b, const void *p, size_t n){
  if( n==0 ) return 0;
  if( buf_grow(b, n) ) return -1;
  memcpy(b->buf + b->len, p, n);
  b->len += n;
  b->buf[b->len] = 0;
  return 0;
}

int buf_puts(struct buf *b, const char *z){
  return buf_append(b, z, strlen(z));
}

int buf_putc(struct buf *b, int c){
  char ch = (char)c;
  if( b->len+1<b->alloc && (b->max==0 || b->len<b->max) ){
    b->buf[b->len++] = ch;            /* room for it and the NUL */
    b->buf[b->len] = 0;
    return 0;
  }
  return buf_append(b, &ch, 1);
}

int buf_appendf(struct buf *b, const char *zFmt, ...){
  va_list ap;
  int rc;
  va_start(ap, zFmt);
  rc = buf_vappendf(b, zFmt, ap);
  va_end(ap);
  return rc;
}

int buf_vappendf(struct buf *b, const char *zFmt, va_list ap){
  size_t n0 = b->len;
  fmt_vappend(b, zFmt, ap);
  if( b->bOver ){
    buf_truncate(b, n0);
    return -1;
  }
  return 0;
}

void buf_truncate(struct buf *b, size_t n){
  assert( n<=b->len );
  if( b->alloc==0 ) return;
  b->len = n;
  b->buf[n] = 0;
}
