/*
** utf8.c -- UTF-8 validation and helpers (RFC 3629, table 3-7 of the
** Unicode standard for the well-formed byte sequences).
*/
#include "../common.h"
#include "utf8.h"

size_t utf8_seq_len(const char *p, size_t n){
  const unsigned char *u = (const unsigned char *)p;
  unsigned char c, lo = 0x80, hi = 0xBF;
  size_t nSeq, i;
  if( n==0 ) return 0;
  c = u[0];
  if( c<0x80 ) return 1;
  if( c<0xC2 ) return 0;                 /* continuation, or overlong C0/C1 */
  if( c<0xE0 ){
    nSeq = 2;
  }else if( c<0xF0 ){
    nSeq = 3;
    if( c==0xE0 ) lo = 0xA0;             /* overlong */
    if( c==0xED ) hi = 0x9F;             /* surrogates */
  }else if( c<0xF5 ){
    nSeq = 4;
    if( c==0xF0 ) lo = 0x90;             /* overlong */
    if( c==0xF4 ) hi = 0x8F;             /* above U+10FFFF */
  }else{
    return 0;
  }
  if( n<nSeq ) return 0;
  if( u[1]<lo || u[1]>hi ) return 0;
  for(i=2; i<nSeq; i++){
    if( (u[i] & 0xC0)!=0x80 ) return 0;
  }
  return nSeq;
}

size_t utf8_check(const char *p, size_t n){
  size_t i = 0;
  while( i<n ){
    size_t k;
    if( (unsigned char)p[i]<0x80 ){ i++; continue; }
    k = utf8_seq_len(p+i, n-i);
    if( k==0 ) return i;
    i += k;
  }
  return n;
}

bool utf8_valid(const char *p, size_t n){
  return utf8_check(p, n)==n;
}

size_t utf8_len_chars(const char *p, size_t n){
  size_t i = 0, nChar = 0;
  while( i<n ){
    size_t k = utf8_seq_len(p+i, n-i);
    i += k ? k : 1;
    nChar++;
  }
  return nChar;
}

size_t utf8_truncate_chars(char *z, size_t nMax){
  size_t n = strlen(z), i = 0, nChar = 0;
  while( i<n && nChar<nMax ){
    size_t k = utf8_seq_len(z+i, n-i);
    i += k ? k : 1;
    nChar++;
  }
  z[i] = 0;
  return i;
}

size_t utf8_blank_len(const char *p, size_t n){
  if( n==0 ) return 0;
  switch( p[0] ){
    case ' ': case '\t': case '\n': case '\v': case '\f': case '\r':
      return 1;
  }
  if( n>=3 && memcmp(p, "\xE3\x80\x80", 3)==0 ) return 3;
  return 0;
}

bool utf8_is_blank(const char *z){
  size_t n, i = 0;
  if( z==0 ) return true;
  n = strlen(z);
  while( i<n ){
    size_t k = utf8_blank_len(z+i, n-i);
    if( k==0 ) return false;
    i += k;
  }
  return true;
}

char *utf8_trim(char *z){
  size_t n, i = 0, iEnd = 0;
  if( z==0 ) return 0;
  n = strlen(z);
  while( i<n ){
    size_t k = utf8_blank_len(z+i, n-i);
    if( k==0 ) break;
    i += k;
  }
  /* walk forward so a multi-byte blank is never split: iEnd is the end of
  ** the last non-blank seen */
  iEnd = i;
  while( iEnd<n ){
    size_t j = iEnd, k;
    while( j<n && (k = utf8_blank_len(z+j, n-j))>0 ) j += k;
    if( j==n ) break;
    iEnd = j+1;
  }
  z[iEnd] = 0;
  return z+i;
}
