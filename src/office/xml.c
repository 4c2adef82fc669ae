/*
** xml.c -- the escaping XML writer.
*/
#include "../common.h"
#include "xml.h"
#include "../base/buf.h"
#include "../base/utf8.h"

void xml_init(struct xml *x, struct buf *pOut){
  memset(x, 0, sizeof(*x));
  x->pOut = pOut;
}

void xml_decl(struct xml *x){
  buf_puts(x->pOut,
           "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n");
}

/* Finish a pending start tag with '>' before content is written. */
static void xml_end_tag(struct xml *x){
  if( x->bInTag ){
    buf_putc(x->pOut, '>');
    x->bInTag = false;
  }
}

int xml_open(struct xml *x, const char *zName){
  if( x->nDepth>=XML_MAX_DEPTH ){
    x->bErr = true;
    return -1;
  }
  xml_end_tag(x);
  buf_putc(x->pOut, '<');
  buf_puts(x->pOut, zName);
  x->azOpen[x->nDepth++] = zName;
  x->bInTag = true;
  return 0;
}

/* True when code point c may appear in an XML 1.0 document. */
static bool xml_char_ok(u32 c){
  if( c==0x9 || c==0xA || c==0xD ) return true;
  if( c<0x20 ) return false;
  if( c>=0xD800 && c<=0xDFFF ) return false;
  if( c==0xFFFE || c==0xFFFF ) return false;
  return c<=0x10FFFF;
}

/* Decode the n-byte valid sequence at p. */
static u32 xml_decode(const unsigned char *p, size_t n){
  switch( n ){
    case 1: return p[0];
    case 2: return ((u32)(p[0]&0x1f)<<6) | (p[1]&0x3f);
    case 3: return ((u32)(p[0]&0x0f)<<12) | ((u32)(p[1]&0x3f)<<6) | (p[2]&0x3f);
    default:
      return ((u32)(p[0]&0x07)<<18) | ((u32)(p[1]&0x3f)<<12)
           | ((u32)(p[2]&0x3f)<<6) | (p[3]&0x3f);
  }
}

/* Append z escaped; in attributes also tab, newline and CR as
** references so they survive attribute-value normalisation. */
static void xml_put_escaped(struct buf *b, const char *z, bool bAttr){
  size_t n = strlen(z), i = 0;
  while( i<n ){
    size_t k = utf8_seq_len(z+i, n-i);
    u32 c;
    if( k==0 ){ i++; continue; }         /* invalid UTF-8: dropped */
    c = xml_decode((const unsigned char*)z+i, k);
    if( !xml_char_ok(c) ){ i += k; continue; }
    switch( c ){
      case '&': buf_puts(b, "&amp;"); break;
      case '<': buf_puts(b, "&lt;"); break;
      case '>': buf_puts(b, "&gt;"); break;
      case '"': buf_puts(b, "&quot;"); break;
      case '\'': buf_puts(b, "&apos;"); break;
      case '\t': buf_puts(b, bAttr ? "&#9;" : "\t"); break;
      case '\n': buf_puts(b, bAttr ? "&#10;" : "\n"); break;
      case '\r': buf_puts(b, "&#13;"); break;
      default: buf_append(b, z+i, k); break;
    }
    i += k;
  }
}

void xml_escape(struct buf *b, const char *z){
  if( z ) xml_put_escaped(b, z, false);
}

void xml_attr(struct xml *x, const char *zName, const char *zValue){
  if( !x->bInTag ){
    x->bErr = true;
    return;
  }
  buf_putc(x->pOut, ' ');
  buf_puts(x->pOut, zName);
  buf_puts(x->pOut, "=\"");
  if( zValue ) xml_put_escaped(x->pOut, zValue, true);
  buf_putc(x->pOut, '"');
}

void xml_attr_int(struct xml *x, const char *zName, long long v){
  char z[32];
  snprintf(z, sizeof(z), "%lld", v);
  xml_attr(x, zName, z);
}

void xml_text(struct xml *x, const char *z){
  if( z==0 || z[0]==0 ) return;
  xml_end_tag(x);
  xml_put_escaped(x->pOut, z, false);
}

void xml_raw(struct xml *x, const char *zLiteral){
  xml_end_tag(x);
  buf_puts(x->pOut, zLiteral);
}

int xml_close(struct xml *x){
  if( x->nDepth==0 ){
    x->bErr = true;
    return -1;
  }
  x->nDepth--;
  if( x->bInTag ){
    buf_puts(x->pOut, "/>");
    x->bInTag = false;
  }else{
    buf_puts(x->pOut, "</");
    buf_puts(x->pOut, x->azOpen[x->nDepth]);
    buf_putc(x->pOut, '>');
  }
  return 0;
}

int xml_finish(struct xml *x){
  while( x->nDepth>0 ) xml_close(x);
  return x->bErr ? -1 : 0;
}

void xml_elem_text(struct xml *x, const char *zName, const char *zText){
  xml_open(x, zName);
  xml_text(x, zText);
  xml_close(x);
}
