/*
** fuzz_xml.c -- libFuzzer target for the XML writer (xml.h): the input is
** read as a list of operations (open, attribute, text, close, element
** with text) with fuzzed names and fuzzed text, played through the
** writer, and the output is parsed with expat.  It must be well-formed
** (abort otherwise), and the element names, attribute values and text
** expat reports must be what was written, minus the characters XML 1.0
** cannot hold (invalid UTF-8, C0 controls but tab/LF/CR, U+FFFE/U+FFFF).
**
** Input: op byte (value % 5), then for a name a length byte and that many
** bytes (mapped onto name characters), for a text a length byte and that
** many raw bytes.
*/
#include "../../src/common.h"
#include "../../src/base/buf.h"
#include "../../src/base/utf8.h"
#include "../../src/office/xml.h"
#include <expat.h>

int LLVMFuzzerTestOneInput(const uint8_t *aData, size_t n);

#define MAX_OPS   2048
#define MAX_NAMES 2048

/* What expat saw: start-tag names, attribute values, character data, each
** item ended by \x01 (a character the writer never lets through). */
struct seen {
  struct buf names, attrs, text;
};

static void xStart(void *ctx, const XML_Char *zName, const XML_Char **azAttr){
  struct seen *s = ctx;
  int i;
  buf_puts(&s->names, zName);
  buf_putc(&s->names, 1);
  for(i=0; azAttr[i]; i+=2){
    buf_puts(&s->attrs, azAttr[i+1]);
    buf_putc(&s->attrs, 1);
  }
}

static void xEnd(void *ctx, const XML_Char *zName){
  (void)ctx; (void)zName;
}

static void xText(void *ctx, const XML_Char *z, int len){
  struct seen *s = ctx;
  buf_append(&s->text, z, (size_t)len);
}

/* Append z to b without what XML 1.0 cannot hold (the writer's rule,
** restated here independently). */
static void keep_xml_chars(struct buf *b, const char *z){
  size_t n = strlen(z), i = 0;
  while( i<n ){
    size_t k = utf8_seq_len(z+i, n-i);
    const unsigned char *p = (const unsigned char *)z+i;
    u32 c;
    if( k==0 ){ i++; continue; }
    if( k==1 ) c = p[0];
    else if( k==2 ) c = ((u32)(p[0]&0x1f)<<6) | (p[1]&0x3f);
    else if( k==3 ) c = ((u32)(p[0]&0x0f)<<12) | ((u32)(p[1]&0x3f)<<6) | (p[2]&0x3f);
    else c = 0x10000;  /* any 4-byte sequence utf8_seq_len accepts is fine */
    if( (c<0x20 && c!=0x9 && c!=0xA && c!=0xD) || c==0xFFFE || c==0xFFFF ){
      i += k;
      continue;
    }
    buf_append(b, z+i, k);
    i += k;
  }
}

/* Read a name from the input at *pi into zOut (a valid XML name). */
static void take_name(const uint8_t *a, size_t n, size_t *pi, char zOut[16]){
  static const char zFirst[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_";
  static const char zRest[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_0123456789-.";
  size_t len, j = 0, k;
  if( *pi>=n ){ memcpy(zOut, "e", 2); return; }
  len = a[(*pi)++] % 8;
  if( len==7 ){ memcpy(zOut, "名称", sizeof("名称")); return; }
  for(k=0; k<=len && *pi<n; k++){
    uint8_t c = a[(*pi)++];
    char ch = j==0 ? zFirst[c % (sizeof(zFirst)-1)] : zRest[c % (sizeof(zRest)-1)];
    zOut[j++] = ch;
  }
  if( j==0 ) zOut[j++] = 'e';
  zOut[j] = 0;
}

/* Read a text from the input at *pi into b (stops at a NUL byte). */
static void take_text(const uint8_t *a, size_t n, size_t *pi, struct buf *b){
  size_t len, k;
  buf_reset(b);
  if( *pi>=n ) return;
  len = a[(*pi)++] % 64;
  for(k=0; k<len && *pi<n; k++){
    uint8_t c = a[(*pi)++];
    if( c==0 ) continue;
    buf_putc(b, c);
  }
}

int LLVMFuzzerTestOneInput(const uint8_t *aData, size_t n){
  static char aaName[MAX_NAMES][16];
  char aaAttr[XML_MAX_DEPTH][8][16];  /* attribute names of the open tag */
  int nAttr = 0, nName = 0, nOps = 0;
  struct buf out = BUF_INIT, txt = BUF_INIT;
  struct buf wantNames = BUF_INIT, wantAttrs = BUF_INIT, wantText = BUF_INIT;
  struct seen s = { BUF_INIT, BUF_INIT, BUF_INIT };
  struct xml x;
  size_t i = 0;
  XML_Parser p;

  xml_init(&x, &out);
  xml_decl(&x);
  xml_open(&x, "root");
  buf_puts(&wantNames, "root\x01");
  while( i<n && nOps++<MAX_OPS && nName<MAX_NAMES-1 ){
    int op = aData[i++] % 5;
    switch( op ){
      case 0:     /* open */
      case 4: {   /* element with text */
        char *zName = aaName[nName++];
        take_name(aData, n, &i, zName);
        if( x.nDepth>=XML_MAX_DEPTH-1 ) break;
        buf_puts(&wantNames, zName);
        buf_putc(&wantNames, 1);
        if( op==0 ){
          xml_open(&x, zName);
          nAttr = 0;
        }else{
          take_text(aData, n, &i, &txt);
          xml_elem_text(&x, zName, txt.buf);
          keep_xml_chars(&wantText, txt.buf);
          nAttr = -1;
        }
        break;
      }
      case 1: {   /* attribute, only while the start tag is open */
        char zName[16];
        int k;
        take_name(aData, n, &i, zName);
        take_text(aData, n, &i, &txt);
        if( !x.bInTag || nAttr<0 || nAttr>=8 ) break;
        for(k=0; k<nAttr; k++) if( strcmp(aaAttr[x.nDepth-1][k], zName)==0 ) break;
        if( k<nAttr ) break;                     /* no duplicates */
        memcpy(aaAttr[x.nDepth-1][nAttr++], zName, sizeof(zName));
        xml_attr(&x, zName, txt.buf);
        keep_xml_chars(&wantAttrs, txt.buf);
        buf_putc(&wantAttrs, 1);
        break;
      }
      case 2:     /* text */
        take_text(aData, n, &i, &txt);
        xml_text(&x, txt.buf);
        keep_xml_chars(&wantText, txt.buf);
        if( txt.len ) nAttr = -1;
        break;
      case 3:     /* close, never the root */
        if( x.nDepth>1 ) xml_close(&x);
        nAttr = -1;
        break;
    }
  }
  if( xml_finish(&x)!=0 ) abort();         /* no misuse was made */

  p = XML_ParserCreate("UTF-8");
  XML_SetUserData(p, &s);
  XML_SetElementHandler(p, xStart, xEnd);
  XML_SetCharacterDataHandler(p, xText);
  if( XML_Parse(p, out.buf, (int)out.len, 1)!=XML_STATUS_OK ){
    fprintf(stderr, "not well-formed: %s at line %lu\n%s\n",
            XML_ErrorString(XML_GetErrorCode(p)),
            (unsigned long)XML_GetCurrentLineNumber(p), out.buf);
    abort();
  }
  XML_ParserFree(p);
  if( strcmp(s.names.buf, wantNames.buf)!=0 ) abort();
  if( strcmp(s.attrs.buf, wantAttrs.buf)!=0 ) abort();
  if( s.text.len!=wantText.len
   || memcmp(s.text.buf, wantText.buf, wantText.len)!=0 ) abort();

  buf_release(&out);
  buf_release(&txt);
  buf_release(&wantNames);
  buf_release(&wantAttrs);
  buf_release(&wantText);
  buf_release(&s.names);
  buf_release(&s.attrs);
  buf_release(&s.text);
  return 0;
}
