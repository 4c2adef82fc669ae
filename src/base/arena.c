/*
** arena.c -- chunked bump allocation.
*/
#include "../common.h"
#include "arena.h"
#include "buf.h"
#include "fmt.h"
#include "util.h"

struct chunk {
  struct chunk *next;   /* older chunk */
  size_t size;          /* usable bytes in data[] */
  size_t used;          /* bytes handed out */
  max_align_t data[];   /* the memory */
};

struct arena {
  struct chunk *head;   /* newest chunk, where allocation happens */
  size_t nUsed;         /* total bytes handed out */
};

#define ARENA_CHUNK 8192

struct arena *arena_new(void){
  return xcalloc(1, sizeof(struct arena));
}

void arena_free(struct arena *a){
  struct chunk *c, *next;
  if( a==0 ) return;
  for(c=a->head; c; c=next){
    next = c->next;
    free(c);
  }
  free(a);
}

void *arena_alloc(struct arena *a, size_t n){
  struct chunk *c = a->head;
  size_t align = _Alignof(max_align_t);
  void *p;
  n = (n + align - 1) / align * align;
  if( n==0 ) n = align;
  if( c==0 || c->size - c->used < n ){
    size_t size = n > ARENA_CHUNK/2 ? n : ARENA_CHUNK;
    c = xmalloc(sizeof(struct chunk) + size);
    c->size = size;
    c->used = 0;
    if( n > ARENA_CHUNK/2 && a->head ){
      /* a big block goes behind the current chunk so it keeps its room */
      c->next = a->head->next;
      a->head->next = c;
    }else{
      c->next = a->head;
      a->head = c;
    }
  }
  p = (char *)c->data + c->used;
  c->used += n;
  a->nUsed += n;
  memset(p, 0, n);
  return p;
}

char *arena_strndup(struct arena *a, const char *p, size_t n){
  char *z = arena_alloc(a, n+1);
  memcpy(z, p, n);
  z[n] = 0;
  return z;
}

char *arena_strdup(struct arena *a, const char *z){
  if( z==0 ) return 0;
  return arena_strndup(a, z, strlen(z));
}

char *arena_printf(struct arena *a, const char *zFmt, ...){
  struct buf b = BUF_INIT;
  va_list ap;
  char *z;
  va_start(ap, zFmt);
  fmt_vappend(&b, zFmt, ap);
  va_end(ap);
  z = arena_strndup(a, b.buf, b.len);
  buf_release(&b);
  return z;
}

size_t arena_used(const struct arena *a){
  return a->nUsed;
}
