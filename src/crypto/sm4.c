/*
** sm4.c -- SM4-CTR + HMAC-SM3 sealing of personal data, blind indexes.
*/
#include "../common.h"
#include "sm4.h"
#include "keys.h"
#include "rand.h"
#include "sm3.h"
#include "../base/buf.h"
#include "../base/util.h"

#include <pthread.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>

static pthread_once_t sm4Once = PTHREAD_ONCE_INIT;
static EVP_CIPHER *pCtr;      /* fetched once, held for the process */
static EVP_CIPHER *pEcb;

/* Fetch the ciphers once; fatal when the provider lacks them. */
static void sm4_fetch(void){
  pCtr = EVP_CIPHER_fetch(NULL, "SM4-CTR", NULL);
  pEcb = EVP_CIPHER_fetch(NULL, "SM4-ECB", NULL);
  if( pCtr==0 || pEcb==0 ) fatal("OpenSSL has no SM4");
}

/* Run cipher c (key, iv) over in[0..n) into out (n bytes). */
static void sm4_run(const EVP_CIPHER *c, const u8 *key, const u8 *iv,
                    const u8 *in, size_t n, u8 *out, int bPad){
  EVP_CIPHER_CTX *pCtx = EVP_CIPHER_CTX_new();
  int nOut = 0, nFin = 0;
  if( pCtx==0 ) fatal("out of memory (EVP_CIPHER_CTX)");
  if( n>INT_MAX ) fatal("sm4: %zu bytes is too long", n);
  if( !EVP_EncryptInit_ex2(pCtx, c, key, iv, NULL)
   || !EVP_CIPHER_CTX_set_padding(pCtx, bPad)
   || !EVP_EncryptUpdate(pCtx, out, &nOut, in, (int)n)
   || !EVP_EncryptFinal_ex(pCtx, out+nOut, &nFin)
   || (size_t)(nOut+nFin)!=n ){
    fatal("SM4 failed");
  }
  EVP_CIPHER_CTX_free(pCtx);
}

/* tag = HMAC-SM3(k_mac, iv||ct) where p holds iv||ct, n bytes. */
static void sm4_tag(const struct fz_keys *k, const u8 *p, size_t n,
                    u8 tag[SM4_TAG_LEN]){
  hmac_sm3(k->aMac, KEY_LEN, p, n, tag);
}

int sm4_seal(const struct fz_keys *k, const void *plain, size_t n,
             struct buf *out){
  size_t nTotal = n + SM4_OVERHEAD;
  u8 *a;
  int rc;
  pthread_once(&sm4Once, sm4_fetch);
  a = xmalloc(nTotal);
  rand_bytes(a, SM4_IV_LEN);
  /* CTR is a stream: encryption and decryption are the same operation. */
  if( n ) sm4_run(pCtr, k->aEnc, a, plain, n, a+SM4_IV_LEN, 0);
  sm4_tag(k, a, SM4_IV_LEN+n, a+SM4_IV_LEN+n);
  rc = buf_append(out, a, nTotal);
  free(a);
  return rc;
}

int sm4_open(const struct fz_keys *k, const void *sealed, size_t n,
             struct buf *out){
  const u8 *a = sealed;
  u8 tag[SM4_TAG_LEN];
  u8 *pPlain;
  size_t nPlain;
  int rc;
  if( n<SM4_OVERHEAD ) return -1;
  pthread_once(&sm4Once, sm4_fetch);
  nPlain = n - SM4_OVERHEAD;
  sm4_tag(k, a, SM4_IV_LEN+nPlain, tag);
  if( CRYPTO_memcmp(tag, a+SM4_IV_LEN+nPlain, SM4_TAG_LEN)!=0 ) return -1;
  pPlain = xmalloc(nPlain);
  if( nPlain ) sm4_run(pCtr, k->aEnc, a, a+SM4_IV_LEN, nPlain, pPlain, 0);
  rc = buf_append(out, pPlain, nPlain);
  OPENSSL_cleanse(pPlain, nPlain);
  free(pPlain);
  return rc;
}

void blind_index(const struct fz_keys *k, const char *zNorm, char out[65]){
  u8 a[SM3_LEN];
  hmac_sm3(k->aIdx, KEY_LEN, zNorm, strlen(zNorm), a);
  hex_encode(a, SM3_LEN, out);
}

void sm4_block_encrypt(const u8 key[16], const u8 in[16], u8 out[16]){
  pthread_once(&sm4Once, sm4_fetch);
  sm4_run(pEcb, key, 0, in, 16, out, 0);
}
