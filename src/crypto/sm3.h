/*
** sm3.h -- SM3 (GB/T 32905-2016) and HMAC-SM3, and hex.
**
** SM3 is computed here (sm3.c: the compression function unrolled, the
** context a plain struct on the caller's stack), not through OpenSSL's EVP:
** the audit chain hashes one short message per entry, where EVP's
** per-message init and final cost as much as the hashing.  The unit tests
** check it against the GB/T 32905 vectors and OpenSSL's SM3.  For many
** pieces -- the audit chain h_i = SM3(h_{i-1} || record_i) -- keep one
** struct sm3_ctx and call sm3_update()/sm3_final() on it again and again.
*/
#ifndef FAZHI_SM3_H
#define FAZHI_SM3_H

#include "../common.h"

#define SM3_LEN 32

/* An incremental SM3 hash.  Not shared between threads. */
struct sm3_ctx {
  u32 aV[8];                   /* the chaining value */
  u64 nByte;                   /* bytes fed so far */
  unsigned nBuf;               /* bytes waiting in aBuf */
  u8 aBuf[64];                 /* a partial block */
};

/* Start c for a new hash.  Allocates nothing; sm3_free() wipes it. */
void sm3_init(struct sm3_ctx *c);
/* Feed n bytes to the hash. */
void sm3_update(struct sm3_ctx *c, const void *p, size_t n);
/* Write the 32-byte digest to out and reset c for the next hash, keeping its
** memory: the next sm3_update() starts a fresh message. */
void sm3_final(struct sm3_ctx *c, u8 out[SM3_LEN]);
/* Throw away whatever was fed since the last final and start again. */
void sm3_reset(struct sm3_ctx *c);
/* Wipe c; c may be passed to sm3_init() again.  No-op twice. */
void sm3_free(struct sm3_ctx *c);

/* out = SM3(p[0..n)).  Allocates nothing the caller sees. */
void sm3(const void *p, size_t n, u8 out[SM3_LEN]);
/* out = HMAC-SM3(key, p[0..n)) (RFC 2104 over SM3).  Allocates nothing the
** caller sees. */
void hmac_sm3(const void *key, size_t nKey, const void *p, size_t n,
              u8 out[SM3_LEN]);

/* Write the 2n lowercase hex digits of p plus a NUL to out (2n+1 bytes). */
void hex_encode(const u8 *p, size_t n, char *out);
/* Decode the hex string z (either case, even length, nothing else) into at
** most nOut bytes of out.  Returns the number of bytes written, or -1 when
** z is not hex or does not fit. */
int hex_decode(const char *z, u8 *out, size_t nOut);

#endif
