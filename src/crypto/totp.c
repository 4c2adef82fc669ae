/*
** totp.c -- HOTP/TOTP (RFC 4226, RFC 6238), base32, otpauth URIs.
*/
#include "../common.h"
#include "totp.h"
#include "../base/buf.h"
#include "../base/util.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

void hotp_code(const u8 *key, size_t nKey, u64 counter, int nDigit,
               char *out){
  static const u32 aMod[] = {1000000, 10000000, 100000000};
  u8 msg[8], mac[EVP_MAX_MD_SIZE];
  unsigned int nMac = 0;
  u32 v;
  int i, off;
  if( nDigit<6 || nDigit>8 ) fatal("hotp_code: %d digits", nDigit);
  for(i=7; i>=0; i--){ msg[i] = (u8)(counter & 0xff); counter >>= 8; }
  if( HMAC(EVP_sha1(), key, (int)nKey, msg, sizeof(msg), mac, &nMac)==0
   || nMac!=20 ){
    fatal("HMAC-SHA1 failed");
  }
  /* Dynamic truncation, RFC 4226 section 5.3. */
  off = mac[19] & 0x0f;
  v = ((u32)(mac[off] & 0x7f)<<24) | ((u32)mac[off+1]<<16)
    | ((u32)mac[off+2]<<8) | (u32)mac[off+3];
  v %= aMod[nDigit-6];
  for(i=nDigit-1; i>=0; i--){ out[i] = (char)('0' + v%10); v /= 10; }
  out[nDigit] = 0;
}

i64 totp_step(time_t t){
  i64 s = (i64)t / TOTP_STEP;
  if( (i64)t<0 && (i64)t%TOTP_STEP ) s--;
  return s;
}

void totp_code_digits(const u8 *secret, size_t n, time_t t, int nDigit,
                      char *out){
  hotp_code(secret, n, (u64)totp_step(t), nDigit, out);
}

void totp_code(const u8 *secret, size_t n, time_t t, char out[7]){
  totp_code_digits(secret, n, t, TOTP_DIGITS, out);
}

int totp_verify(const u8 *secret, size_t n, const char *zCode, time_t now,
                int window, i64 *pLastStep){
  char zWant[TOTP_DIGITS+1];
  i64 s, sNow = totp_step(now), sHit = -1;
  int i, bHit = 0;
  if( zCode==0 || strlen(zCode)!=TOTP_DIGITS ) return -1;
  for(i=0; i<TOTP_DIGITS; i++){
    if( zCode[i]<'0' || zCode[i]>'9' ) return -1;
  }
  if( window<0 ) window = 0;
  /* Look at every step of the window, so timing tells nothing about which
  ** one matched; prefer the latest match. */
  for(s=sNow-window; s<=sNow+window; s++){
    if( s<0 ) continue;
    hotp_code(secret, n, (u64)s, TOTP_DIGITS, zWant);
    if( CRYPTO_memcmp(zWant, zCode, TOTP_DIGITS)==0 ){ bHit = 1; sHit = s; }
  }
  if( !bHit || sHit<=*pLastStep ) return -1;
  *pLastStep = sHit;
  return 0;
}

static const char zB32[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

void base32_encode(const u8 *p, size_t n, struct buf *out){
  u32 acc = 0;
  int nBit = 0;
  size_t i;
  for(i=0; i<n; i++){
    acc = (acc<<8) | p[i];
    nBit += 8;
    while( nBit>=5 ){
      buf_putc(out, zB32[(acc>>(nBit-5)) & 31]);
      nBit -= 5;
    }
    acc &= (1u<<nBit)-1;
  }
  if( nBit>0 ) buf_putc(out, zB32[(acc<<(5-nBit)) & 31]);
}

int base32_decode(const char *z, u8 *out, size_t nOut){
  u32 acc = 0;
  int nBit = 0;
  size_t nDone = 0;
  for(; *z; z++){
    char c = *z;
    int v;
    if( c=='=' || c==' ' || c=='-' ) continue;
    if( c>='a' && c<='z' ) c = (char)(c - 'a' + 'A');
    if( c>='A' && c<='Z' ) v = c-'A';
    else if( c>='2' && c<='7' ) v = c-'2'+26;
    else return -1;
    acc = (acc<<5) | (u32)v;
    nBit += 5;
    if( nBit>=8 ){
      if( nDone>=nOut ) return -1;
      out[nDone++] = (u8)(acc>>(nBit-8));
      nBit -= 8;
      acc &= (1u<<nBit)-1;
    }
  }
  /* What is left must be padding bits: fewer than 5 and all zero. */
  if( nBit>=5 || acc!=0 ) return -1;
  if( nDone>INT_MAX ) return -1;
  return (int)nDone;
}

void totp_uri(struct buf *out, const char *zIssuer, const char *zAccount,
              const u8 *secret, size_t nSecret){
  struct buf b32 = BUF_INIT;
  base32_encode(secret, nSecret, &b32);
  buf_appendf(out, "otpauth://totp/%t:%t?secret=%t&issuer=%t"
              "&algorithm=SHA1&digits=%d&period=%d",
              zIssuer, zAccount, b32.buf, zIssuer, TOTP_DIGITS, TOTP_STEP);
  OPENSSL_cleanse(b32.buf, b32.len);
  buf_release(&b32);
}
