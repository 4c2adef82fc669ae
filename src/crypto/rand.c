/*
** rand.c -- random bytes, tokens and one-time passwords.
*/
#include "../common.h"
#include "rand.h"
#include "sm3.h"
#include "../base/util.h"

#include <openssl/rand.h>

void rand_bytes(void *p, size_t n){
  u8 *a = p;
  while( n>0 ){
    int nChunk = n>(1u<<20) ? (1<<20) : (int)n;
    if( RAND_bytes(a, nChunk)!=1 ) fatal("RAND_bytes failed");
    a += nChunk;
    n -= (size_t)nChunk;
  }
}

void rand_token_hex(char out[65]){
  u8 a[32];
  rand_bytes(a, sizeof(a));
  hex_encode(a, sizeof(a), out);
}

u32 rand_below(u64 n){
  u64 lim;
  u32 v;
  if( n==0 || n>((u64)1<<32) ) fatal("rand_below(%llu)", (unsigned long long)n);
  /* Reject the top partial range so every value is equally likely. */
  lim = ((u64)1<<32) - ((u64)1<<32)%n;
  do{
    rand_bytes(&v, sizeof(v));
  }while( (u64)v>=lim );
  return (u32)((u64)v%n);
}

/* The characters a generated password draws from: no 0 O 1 l I, and no
** quote, backslash, space or | that are hard to read or type. */
static const char zUpper[] = "ABCDEFGHJKLMNPQRSTUVWXYZ";
static const char zLower[] = "abcdefghijkmnopqrstuvwxyz";
static const char zDigit[] = "23456789";
static const char zSymbol[] = "!#$%&*+-=?@^_";

void rand_password(char *out, size_t n){
  char zAll[sizeof(zUpper)+sizeof(zLower)+sizeof(zDigit)+sizeof(zSymbol)];
  size_t nAll = 0, i;
  const char *az[4] = {zUpper, zLower, zDigit, zSymbol};
  if( n<8 || n>128 ) fatal("rand_password: length %zu out of range", n);
  for(i=0; i<4; i++){
    size_t k = strlen(az[i]);
    memcpy(zAll+nAll, az[i], k);
    nAll += k;
  }
  for(;;){
    int mClass = 0;
    for(i=0; i<n; i++){
      char c = zAll[rand_below(nAll)];
      out[i] = c;
      if( strchr(zUpper, c) ) mClass |= 1;
      else if( strchr(zLower, c) ) mClass |= 2;
      else if( strchr(zDigit, c) ) mClass |= 4;
      else mClass |= 8;
    }
    out[n] = 0;
    /* Draw again until all four classes appear: still uniform over the
    ** passwords that have them, and cheap (about two draws on average at n=8). */
    if( mClass==15 ) return;
  }
}
