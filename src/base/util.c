/*
** util.c -- allocation wrappers, fatal(), small string helpers.
*/
#include "../common.h"
#include "util.h"

void *xmalloc(size_t n){
  void *p = malloc(n ? n : 1);
  if( p==0 ) fatal("out of memory (%zu bytes)", n);
  return p;
}

void *xcalloc(size_t count, size_t size){
  void *p = calloc(count ? count : 1, size ? size : 1);
  if( p==0 ) fatal("out of memory (%zu x %zu bytes)", count, size);
  return p;
}

void *xrealloc(void *p, size_t n){
  void *q = realloc(p, n ? n : 1);
  if( q==0 ) fatal("out of memory (%zu bytes)", n);
  return q;
}

char *xstrdup(const char *z){
  if( z==0 ) return 0;
  return xstrndup(z, strlen(z));
}

char *xstrndup(const char *z, size_t n){
  char *p = xmalloc(n+1);
  memcpy(p, z, n);
  p[n] = 0;
  return p;
}

void fatal(const char *zFmt, ...){
  va_list ap;
  fputs("fazhi: ", stderr);
  va_start(ap, zFmt);
  vfprintf(stderr, zFmt, ap);
  va_end(ap);
  fputc('\n', stderr);
  exit(1);
}

void warn(const char *zFmt, ...){
  va_list ap;
  fputs("fazhi: ", stderr);
  va_start(ap, zFmt);
  vfprintf(stderr, zFmt, ap);
  va_end(ap);
  fputc('\n', stderr);
}

bool str_eq(const char *a, const char *b){
  if( a==0 || b==0 ) return a==b;
  return strcmp(a, b)==0;
}

bool str_starts(const char *z, const char *zPrefix){
  return z && strncmp(z, zPrefix, strlen(zPrefix))==0;
}

int str_to_i64(const char *z, i64 lo, i64 hi, i64 *pOut){
  char *zEnd = 0;
  long long v;
  if( z==0 || z[0]==0 ) return -1;
  if( !(z[0]=='-' || (z[0]>='0' && z[0]<='9')) ) return -1;
  errno = 0;
  v = strtoll(z, &zEnd, 10);
  if( errno || *zEnd ) return -1;
  if( v<lo || v>hi ) return -1;
  *pOut = v;
  return 0;
}

i64 time_now(void){
#ifdef FAZHI_TEST_HOOKS
  /* test builds only (build/fazhi-test, unit tests): a pinned clock */
  const char *z = getenv("FAZHI_NOW");
  i64 v;
  if( z && str_to_i64(z, 0, INT64_MAX, &v)==0 ) return v;
#endif
  return (i64)time(0);
}
