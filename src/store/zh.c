/*
** zh.c -- the one Chinese order (zh.h): GB18030 byte order, as sort keys
** written with a row and as SQLite's "zh" collation.
**
** Converting strings with iconv on every comparison cost a fifth of a
** list request's CPU, so each code point's GB18030 bytes are worked out
** once per process, packed big-endian into a weight (1, 2 or 4 bytes, the
** rest zero), and both the key and the comparison walk the UTF-8 text
** character by character.  Comparing weights gives the same answer as
** comparing the converted strings byte by byte: a 1-byte character
** (< 0x80) never shares a first byte with a multi-byte one (0x81-0xFE),
** and a 2-byte character's second byte (0x40-0xFE) never equals a 4-byte
** one's (0x30-0x39), so no encoding is a prefix of another.
*/
#include "../common.h"
#include <iconv.h>
#include <pthread.h>
#include "../base/buf.h"
#include "../base/util.h"
#include "zh.h"

static u32 *aZhWeight;            /* [0x10000]: the BMP, built once */
static pthread_once_t zhOnce = PTHREAD_ONCE_INIT;

/* Build aZhWeight through iconv, once. */
static void zh_build(void){
  iconv_t cd = iconv_open("GB18030", "UTF-8");
  u32 cp;
  if( cd==(iconv_t)-1 ) fatal("iconv GB18030 is not available");
  aZhWeight = xmalloc(sizeof(u32)*0x10000);
  for(cp=0; cp<0x10000; cp++){
    char zIn[4], zOut[8];
    char *pIn = zIn, *pOut = zOut;
    size_t nIn, nOut = sizeof(zOut), n, i;
    u32 w = 0;
    if( cp<0x80 ){
      zIn[0] = (char)cp; nIn = 1;
    }else if( cp<0x800 ){
      zIn[0] = (char)(0xC0|(cp>>6)); zIn[1] = (char)(0x80|(cp&0x3F)); nIn = 2;
    }else{
      zIn[0] = (char)(0xE0|(cp>>12)); zIn[1] = (char)(0x80|((cp>>6)&0x3F));
      zIn[2] = (char)(0x80|(cp&0x3F)); nIn = 3;
    }
    iconv(cd, 0, 0, 0, 0);
    if( cp>=0xD800 && cp<0xE000 ){
      /* surrogates are no characters: order them after the BMP's four-
      ** byte range, by code point */
      aZhWeight[cp] = 0xFF000000u | cp;
      continue;
    }
    if( iconv(cd, &pIn, &nIn, &pOut, &nOut)==(size_t)-1 ){
      aZhWeight[cp] = 0xFF000000u | cp;
      continue;
    }
    n = sizeof(zOut) - nOut;
    for(i=0; i<4; i++) w = (w<<8) | (i<n ? (u8)zOut[i] : 0);
    aZhWeight[cp] = w;
  }
  iconv_close(cd);
}

/* The next character of z (n bytes left) as a weight; advances *pi.  A
** code point above the BMP gets GB18030's linear four-byte form; a byte
** that is not valid UTF-8 weighs as itself, as iconv left it before. */
static u32 zh_next(const u8 *z, int n, int *pi){
  int i = *pi;
  u32 c = z[i], cp;
  int k;
  if( c<0x80 ){ *pi = i+1; return c<<24; }
  if( c>=0xC2 && c<0xE0 ){ k = 1; cp = c & 0x1F; }
  else if( c>=0xE0 && c<0xF0 ){ k = 2; cp = c & 0x0F; }
  else if( c>=0xF0 && c<0xF5 ){ k = 3; cp = c & 0x07; }
  else{ *pi = i+1; return c<<24; }
  if( i+k>=n ){ *pi = i+1; return c<<24; }
  for(int j=1; j<=k; j++){
    u32 b = z[i+j];
    if( (b & 0xC0)!=0x80 ){ *pi = i+1; return c<<24; }
    cp = (cp<<6) | (b & 0x3F);
  }
  *pi = i+k+1;
  if( cp<0x10000 ) return aZhWeight[cp];
  if( cp>0x10FFFF ) return 0xFF000000u | (cp & 0xFFFFFF);
  {
    u32 idx = cp - 0x10000, b1, b2, b3, b4;
    b4 = 0x30 + idx%10; idx /= 10;
    b3 = 0x81 + idx%126; idx /= 126;
    b2 = 0x30 + idx%10; idx /= 10;
    b1 = 0x90 + idx;
    return (b1<<24) | (b2<<16) | (b3<<8) | b4;
  }
}

int zh_compare(int n1, const void *p1, int n2, const void *p2){
  const u8 *a = p1, *b = p2;
  int i = 0, j = 0, c;
  pthread_once(&zhOnce, zh_build);
  while( i<n1 && j<n2 ){
    u32 wa, wb;
    if( a[i]<0x80 && b[j]<0x80 ){         /* the common ASCII case */
      if( a[i]!=b[j] ) return a[i]<b[j] ? -1 : 1;
      i++; j++;
      continue;
    }
    wa = zh_next(a, n1, &i);
    wb = zh_next(b, n2, &j);
    if( wa!=wb ) return wa<wb ? -1 : 1;
  }
  if( i<n1 ) return 1;
  if( j<n2 ) return -1;
  c = memcmp(p1, p2, (size_t)(n1<n2 ? n1 : n2));
  if( c ) return c;
  return n1==n2 ? 0 : (n1<n2 ? -1 : 1);
}

/* Append byte x of a GB18030 encoding to b as zh_key() writes it. */
static void zh_key_byte(struct buf *b, u32 x){
  if( x==0 ) x = 1;
  if( x<0x7C ){
    buf_putc(b, (char)x);
  }else{
    buf_putc(b, (char)(0x7C + (x-0x7C)/64));
    buf_putc(b, (char)(0x3F + (x-0x7C)%64));
  }
}

void zh_key(struct buf *b, const char *z){
  const u8 *p = (const u8 *)z;
  int n = (int)strlen(z), i = 0;
  pthread_once(&zhOnce, zh_build);
  while( i<n ){
    u32 w;
    if( p[i]<0x7C ){ buf_putc(b, (char)p[i++]); continue; }
    w = zh_next(p, n, &i);
    zh_key_byte(b, w>>24);
    if( (w>>24)>=0x80 ){
      /* 1 byte (a stray byte), 2 bytes, or 4 (second byte 0x30-0x39, or
      ** the 0xFF lead of a code point GB18030 does not reach) */
      u32 b2 = (w>>16) & 0xFF;
      if( b2==0 && (w & 0xFFFF)==0 && (w>>24)!=0xFF ) continue;
      zh_key_byte(b, b2);
      if( (b2>=0x30 && b2<=0x39) || (w>>24)==0xFF ){
        zh_key_byte(b, (w>>8) & 0xFF);
        zh_key_byte(b, w & 0xFF);
      }
    }
  }
}
