/*
** req.c -- request parameters, cookies and reply building.
*/
#include "../common.h"
#include <sys/socket.h>
#include <netinet/in.h>
#include <microhttpd.h>
#include "../base/arena.h"
#include "../base/buf.h"
#include "../base/fmt.h"
#include "../base/util.h"
#include "req.h"

const char *req_param(struct req *r, const char *zName){
  int i;
  for(i=r->nParam-1; i>=0; i--){
    if( strcmp(r->aParam[i].zName, zName)==0 ) return r->aParam[i].zValue;
  }
  return 0;
}

const char *req_param_trim(struct req *r, const char *zName){
  const char *z = req_param(r, zName);
  size_t n;
  if( z==0 ) return 0;
  while( *z==' ' || *z=='\t' || *z=='\r' || *z=='\n' ) z++;
  n = strlen(z);
  while( n>0 && (z[n-1]==' ' || z[n-1]=='\t' || z[n-1]=='\r' || z[n-1]=='\n') ) n--;
  if( n==0 ) return 0;
  return arena_strndup(r->arena, z, n);
}

const char *req_header(struct req *r, const char *zName){
  if( r->conn==0 ) return 0;
  return MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, zName);
}

const char *req_cookie(struct req *r, const char *zName){
  if( r->conn==0 ) return 0;
  return MHD_lookup_connection_value(r->conn, MHD_COOKIE_KIND, zName);
}

/* Value of one hex digit, or -1. */
static int hexval(int c){
  if( c>='0' && c<='9' ) return c-'0';
  if( c>='a' && c<='f' ) return c-'a'+10;
  if( c>='A' && c<='F' ) return c-'A'+10;
  return -1;
}

/* Decode %XX and + in n bytes of p into the arena. */
static char *url_decode(struct arena *a, const char *p, size_t n){
  char *z = arena_alloc(a, n+1);
  size_t i, j = 0;
  for(i=0; i<n; i++){
    if( p[i]=='+' ) z[j++] = ' ';
    else if( p[i]=='%' && i+2<n+0 && hexval(p[i+1])>=0 && hexval(p[i+2])>=0 ){
      z[j++] = (char)(hexval(p[i+1])*16 + hexval(p[i+2]));
      i += 2;
    }else z[j++] = p[i];
  }
  z[j] = 0;
  return z;
}

/* True when the NUL-terminated z is valid UTF-8 with no control bytes
** other than tab, CR and LF. */
static bool text_ok(const char *z){
  const unsigned char *p = (const unsigned char *)z;
  while( *p ){
    unsigned c = *p;
    int n;
    unsigned cp;
    if( c<0x80 ){
      if( c<0x20 && c!='\t' && c!='\r' && c!='\n' ) return false;
      p++;
      continue;
    }
    if( c>=0xc2 && c<=0xdf ){ n = 1; cp = c & 0x1f; }
    else if( c>=0xe0 && c<=0xef ){ n = 2; cp = c & 0x0f; }
    else if( c>=0xf0 && c<=0xf4 ){ n = 3; cp = c & 0x07; }
    else return false;
    p++;
    while( n-- ){
      if( (*p & 0xc0)!=0x80 ) return false;
      cp = (cp<<6) | (*p & 0x3f);
      p++;
    }
    if( cp>0x10ffff || (cp>=0xd800 && cp<=0xdfff) ) return false;
    if( (c==0xe0 && cp<0x800) || (c==0xf0 && cp<0x10000) ) return false;
  }
  return true;
}

int req_parse_form(struct req *r, const char *z, size_t n){
  size_t i = 0;
  while( i<n ){
    size_t j = i, eq = (size_t)-1;
    while( j<n && z[j]!='&' ){
      if( z[j]=='=' && eq==(size_t)-1 ) eq = j;
      j++;
    }
    if( j>i && r->nParam<REQ_MAX_PARAMS ){
      size_t nName = eq==(size_t)-1 ? j-i : eq-i;
      struct req_param *p = &r->aParam[r->nParam];
      p->zName = url_decode(r->arena, z+i, nName);
      p->zValue = eq==(size_t)-1 ? "" : url_decode(r->arena, z+eq+1, j-eq-1);
      if( !text_ok(p->zName) || !text_ok(p->zValue) ) return -1;
      r->nParam++;
    }
    i = j+1;
  }
  return 0;
}

void req_add_header(struct req *r, const char *zName, const char *zValue){
  if( r->nHeader+2 > REQ_MAX_HEADERS ) fatal("too many reply headers");
  r->azHeader[r->nHeader++] = arena_strdup(r->arena, zName);
  r->azHeader[r->nHeader++] = arena_strdup(r->arena, zValue);
}

void req_set_type(struct req *r, const char *zType){
  r->zContentType = zType;
}

void H(struct req *r, const char *zFmt, ...){
  va_list ap;
  va_start(ap, zFmt);
  buf_vappendf(&r->out, zFmt, ap);
  va_end(ap);
}

void req_redirect(struct req *r, const char *zUrl){
  r->status = 303;
  req_add_header(r, "Location", zUrl);
}

void req_set_cookie(struct req *r, const char *zName, const char *zValue, int nMaxAge){
  char *z;
  if( nMaxAge<0 ){
    z = arena_printf(r->arena, "%s=%s; Path=/; HttpOnly; SameSite=Strict%s",
                     zName, zValue, r->bSecureCookie ? "; Secure" : "");
  }else{
    z = arena_printf(r->arena, "%s=%s; Path=/; Max-Age=%d; HttpOnly; SameSite=Strict%s",
                     zName, zValue, nMaxAge, r->bSecureCookie ? "; Secure" : "");
  }
  req_add_header(r, "Set-Cookie", z);
}

bool req_is_write(const struct req *r){
  return strcmp(r->zMethod, "GET")!=0 && strcmp(r->zMethod, "HEAD")!=0;
}
