/*
** fmt.c -- the printf engine behind buf_appendf, H() and friends.
*/
#include "../common.h"
#include "buf.h"
#include "fmt.h"
#include "util.h"

void fmt_html(struct buf *b, const char *z){
  const char *zStart = z;
  if( z==0 ) return;
  for(; *z; z++){
    const char *zRep;
    switch( *z ){
      case '&': zRep = "&amp;"; break;
      case '<': zRep = "&lt;"; break;
      case '>': zRep = "&gt;"; break;
      case '"': zRep = "&quot;"; break;
      case '\'': zRep = "&#39;"; break;
      default: continue;
    }
    buf_append(b, zStart, (size_t)(z - zStart));
    buf_puts(b, zRep);
    zStart = z+1;
  }
  buf_append(b, zStart, (size_t)(z - zStart));
}

void fmt_json(struct buf *b, const char *z, size_t n){
  static const char hex[] = "0123456789abcdef";
  size_t i, iStart = 0;
  buf_putc(b, '"');
  for(i=0; i<n; i++){
    unsigned char c = (unsigned char)z[i];
    char esc[8];
    size_t nEsc = 2;
    if( c>=0x20 && c!='"' && c!='\\' && c!='<' && c!='>' && c!='&' ) continue;
    esc[0] = '\\';
    switch( c ){
      case '"': esc[1] = '"'; break;
      case '\\': esc[1] = '\\'; break;
      case '\n': esc[1] = 'n'; break;
      case '\r': esc[1] = 'r'; break;
      case '\t': esc[1] = 't'; break;
      default:
        /* control characters, and < > & so JSON is safe inside HTML */
        esc[1] = 'u'; esc[2] = '0'; esc[3] = '0';
        esc[4] = hex[c>>4]; esc[5] = hex[c&15];
        nEsc = 6;
        break;
    }
    buf_append(b, z+iStart, i-iStart);
    buf_append(b, esc, nEsc);
    iStart = i+1;
  }
  buf_append(b, z+iStart, n-iStart);
  buf_putc(b, '"');
}

void fmt_url(struct buf *b, const char *z){
  static const char hex[] = "0123456789ABCDEF";
  if( z==0 ) return;
  for(; *z; z++){
    unsigned char c = (unsigned char)*z;
    if( (c>='a' && c<='z') || (c>='A' && c<='Z') || (c>='0' && c<='9')
     || c=='-' || c=='_' || c=='.' || c=='~' ){
      buf_putc(b, c);
    }else{
      char e[3] = {'%', hex[c>>4], hex[c&15]};
      buf_append(b, e, 3);
    }
  }
}

/* Length modifiers we accept. */
enum { LEN_NONE, LEN_L, LEN_LL, LEN_Z };

void fmt_vappend(struct buf *b, const char *zFmt, va_list ap){
  const char *z = zFmt;
  while( *z ){
    const char *zPct = strchr(z, '%');
    char spec[32];
    size_t nSpec;
    int eLen = LEN_NONE;
    int width = 0, prec = -1;
    bool bWidthArg = false, bPrecArg = false;
    const char *p;
    char c;

    if( zPct==0 ){
      buf_puts(b, z);
      return;
    }
    buf_append(b, z, (size_t)(zPct - z));
    p = zPct + 1;
    if( *p=='%' ){ buf_putc(b, '%'); z = p+1; continue; }
    while( *p && strchr("-+ #0", *p) ) p++;
    if( *p=='*' ){ bWidthArg = true; p++; }
    else while( *p>='0' && *p<='9' ) p++;
    if( *p=='.' ){
      p++;
      if( *p=='*' ){ bPrecArg = true; p++; }
      else while( *p>='0' && *p<='9' ) p++;
    }
    if( *p=='l' ){ eLen = LEN_L; p++; if( *p=='l' ){ eLen = LEN_LL; p++; } }
    else if( *p=='z' ){ eLen = LEN_Z; p++; }
    c = *p;
    if( c==0 ) fatal("fmt: format ends inside a conversion: %s", zFmt);
    nSpec = (size_t)(p - zPct) + 1;
    if( nSpec >= sizeof(spec) ) fatal("fmt: conversion too long in %s", zFmt);
    memcpy(spec, zPct, nSpec);
    spec[nSpec] = 0;
    if( bWidthArg ) width = va_arg(ap, int);
    if( bPrecArg ) prec = va_arg(ap, int);
    z = p + 1;

    switch( c ){
      case 'h': case 'a': {
        fmt_html(b, va_arg(ap, const char *));
        break;
      }
      case 'j': {
        const char *zArg = va_arg(ap, const char *);
        if( zArg==0 ) buf_puts(b, "null");
        else fmt_json(b, zArg, strlen(zArg));
        break;
      }
      case 't': {
        fmt_url(b, va_arg(ap, const char *));
        break;
      }
      case 's': case 'c': case 'd': case 'i': case 'u': case 'x': case 'X':
      case 'f': case 'g': case 'e': case 'o': case 'p': {
        char tmp[512];
        char *zOut = tmp;
        int n = 0;
        const char *zS = 0;
        /* Format one conversion with the C library, sizing as needed. */
#define FMT_ONE(ARG) do{ \
          if( bWidthArg && bPrecArg ) n = snprintf(zOut, sizeof(tmp), spec, width, prec, ARG); \
          else if( bWidthArg ) n = snprintf(zOut, sizeof(tmp), spec, width, ARG); \
          else if( bPrecArg ) n = snprintf(zOut, sizeof(tmp), spec, prec, ARG); \
          else n = snprintf(zOut, sizeof(tmp), spec, ARG); \
        }while(0)
        if( c=='s' ){
          zS = va_arg(ap, const char *);
          if( zS==0 ) zS = "";
          if( !bWidthArg && !bPrecArg && nSpec==2 ){
            buf_puts(b, zS);
            break;
          }
          /* width/precision on a string: let snprintf measure it */
          {
            size_t need;
            if( bWidthArg && bPrecArg ) n = snprintf(0, 0, spec, width, prec, zS);
            else if( bWidthArg ) n = snprintf(0, 0, spec, width, zS);
            else if( bPrecArg ) n = snprintf(0, 0, spec, prec, zS);
            else n = snprintf(0, 0, spec, zS);
            if( n<0 ) fatal("fmt: bad conversion %s", spec);
            need = (size_t)n + 1;
            zOut = need > sizeof(tmp) ? xmalloc(need) : tmp;
            if( bWidthArg && bPrecArg ) n = snprintf(zOut, need, spec, width, prec, zS);
            else if( bWidthArg ) n = snprintf(zOut, need, spec, width, zS);
            else if( bPrecArg ) n = snprintf(zOut, need, spec, prec, zS);
            else n = snprintf(zOut, need, spec, zS);
          }
        }else if( c=='f' || c=='g' || c=='e' ){
          double v = va_arg(ap, double);
          FMT_ONE(v);
        }else if( c=='p' ){
          void *v = va_arg(ap, void *);
          FMT_ONE(v);
        }else if( c=='c' ){
          int v = va_arg(ap, int);
          FMT_ONE(v);
        }else if( c=='d' || c=='i' ){
          if( eLen==LEN_LL ){ long long v = va_arg(ap, long long); FMT_ONE(v); }
          else if( eLen==LEN_L ){ long v = va_arg(ap, long); FMT_ONE(v); }
          else if( eLen==LEN_Z ){ ssize_t v = va_arg(ap, ssize_t); FMT_ONE(v); }
          else { int v = va_arg(ap, int); FMT_ONE(v); }
        }else{
          if( eLen==LEN_LL ){ unsigned long long v = va_arg(ap, unsigned long long); FMT_ONE(v); }
          else if( eLen==LEN_L ){ unsigned long v = va_arg(ap, unsigned long); FMT_ONE(v); }
          else if( eLen==LEN_Z ){ size_t v = va_arg(ap, size_t); FMT_ONE(v); }
          else { unsigned v = va_arg(ap, unsigned); FMT_ONE(v); }
        }
#undef FMT_ONE
        if( n<0 ) fatal("fmt: bad conversion %s", spec);
        if( zOut==tmp && (size_t)n >= sizeof(tmp) ) fatal("fmt: conversion %s too wide", spec);
        buf_append(b, zOut, (size_t)n);
        if( zOut!=tmp ) free(zOut);
        break;
      }
      default:
        fatal("fmt: unknown conversion %%%c in %s", c, zFmt);
    }
  }
}

char *fmt_dup(const char *zFmt, ...){
  struct buf b = BUF_INIT;
  va_list ap;
  va_start(ap, zFmt);
  fmt_vappend(&b, zFmt, ap);
  va_end(ap);
  return buf_detach(&b, 0);
}
