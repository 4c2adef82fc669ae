/*
** sm3.c -- SM3 and HMAC-SM3 over OpenSSL 3 EVP, and hex helpers.
*/
#include "../common.h"
#include "sm3.h"
#include "../base/util.h"

#include <pthread.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>

static pthread_once_t sm3Once = PTHREAD_ONCE_INIT;
static EVP_MD *pSm3;          /* fetched once, held for the process */

#define SM3_BLOCK 64

/* Fetch SM3 once.  Fatal when the default provider lacks it. */
static void sm3_fetch(void){
  pSm3 = EVP_MD_fetch(NULL, "SM3", NULL);
  if( pSm3==0 ) fatal("OpenSSL has no SM3 digest");
}

/* The cached SM3 EVP_MD; never NULL. */
static const EVP_MD *sm3_md(void){
  pthread_once(&sm3Once, sm3_fetch);
  return pSm3;
}

void sm3_init(struct sm3_ctx *c){
  const EVP_MD *md = sm3_md();
  c->pMd = EVP_MD_CTX_new();
  if( c->pMd==0 ) fatal("out of memory (EVP_MD_CTX)");
  if( !EVP_DigestInit_ex2(c->pMd, md, NULL) ) fatal("SM3 init failed");
}

void sm3_update(struct sm3_ctx *c, const void *p, size_t n){
  if( !EVP_DigestUpdate(c->pMd, p, n) ) fatal("SM3 update failed");
}

void sm3_final(struct sm3_ctx *c, u8 out[SM3_LEN]){
  unsigned int nOut = 0;
  if( !EVP_DigestFinal_ex(c->pMd, out, &nOut) || nOut!=SM3_LEN ){
    fatal("SM3 final failed");
  }
  sm3_reset(c);
}

void sm3_reset(struct sm3_ctx *c){
  /* Same, already fetched digest on an existing context: no fetch, no
  ** lookup.  (OpenSSL 3.0 still remakes its 108-byte provider state here;
  ** later versions re-initialise it in place.) */
  if( !EVP_DigestInit_ex2(c->pMd, sm3_md(), NULL) ) fatal("SM3 init failed");
}

void sm3_free(struct sm3_ctx *c){
  EVP_MD_CTX_free(c->pMd);
  c->pMd = 0;
}

void sm3(const void *p, size_t n, u8 out[SM3_LEN]){
  unsigned int nOut = 0;
  if( !EVP_Digest(p, n, out, &nOut, sm3_md(), NULL) || nOut!=SM3_LEN ){
    fatal("SM3 failed");
  }
}

void hmac_sm3(const void *key, size_t nKey, const void *p, size_t n,
              u8 out[SM3_LEN]){
  /* RFC 2104 over the cached SM3 digest.  EVP_MAC("HMAC") would fetch the
  ** digest by name on every init, which the audit chain cannot afford. */
  u8 aPad[SM3_BLOCK], aKey[SM3_BLOCK], aInner[SM3_LEN];
  struct sm3_ctx c;
  int i;
  memset(aKey, 0, sizeof(aKey));
  if( nKey>SM3_BLOCK ) sm3(key, nKey, aKey);
  else if( nKey ) memcpy(aKey, key, nKey);
  sm3_init(&c);
  for(i=0; i<SM3_BLOCK; i++) aPad[i] = aKey[i] ^ 0x36;
  sm3_update(&c, aPad, SM3_BLOCK);
  sm3_update(&c, p, n);
  sm3_final(&c, aInner);
  for(i=0; i<SM3_BLOCK; i++) aPad[i] = aKey[i] ^ 0x5c;
  sm3_update(&c, aPad, SM3_BLOCK);
  sm3_update(&c, aInner, SM3_LEN);
  sm3_final(&c, out);
  sm3_free(&c);
  OPENSSL_cleanse(aKey, sizeof(aKey));
  OPENSSL_cleanse(aPad, sizeof(aPad));
  OPENSSL_cleanse(aInner, sizeof(aInner));
}

void hex_encode(const u8 *p, size_t n, char *out){
  static const char hex[] = "0123456789abcdef";
  size_t i;
  for(i=0; i<n; i++){
    out[2*i] = hex[p[i]>>4];
    out[2*i+1] = hex[p[i]&15];
  }
  out[2*n] = 0;
}

/* The value of hex digit c, or -1. */
static int hex_digit(char c){
  if( c>='0' && c<='9' ) return c-'0';
  if( c>='a' && c<='f' ) return c-'a'+10;
  if( c>='A' && c<='F' ) return c-'A'+10;
  return -1;
}

int hex_decode(const char *z, u8 *out, size_t nOut){
  size_t n = strlen(z), i;
  if( n%2 || n/2>nOut || n/2>INT_MAX ) return -1;
  for(i=0; i<n; i+=2){
    int hi = hex_digit(z[i]), lo = hex_digit(z[i+1]);
    if( hi<0 || lo<0 ) return -1;
    out[i/2] = (u8)(hi<<4 | lo);
  }
  return (int)(n/2);
}
