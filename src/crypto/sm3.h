/*
** sm3.h -- SM3 (GB/T 32905-2016) and HMAC-SM3 through OpenSSL 3 EVP, and hex.
**
** The SM3 EVP_MD is fetched once per process (thread safe) and reused, so a
** call costs no provider lookup.  For many pieces -- the audit chain
** h_i = SM3(h_{i-1} || record_i) -- keep one struct sm3_ctx and call
** sm3_update()/sm3_final() on it again and again: the context is reset in
** place, never reallocated.
*/
#ifndef FAZHI_SM3_H
#define FAZHI_SM3_H

#include "../common.h"

#define SM3_LEN 32

struct evp_md_ctx_st;

/* An incremental SM3 hash.  Not shared between threads. */
struct sm3_ctx {
  struct evp_md_ctx_st *pMd;   /* OpenSSL's EVP_MD_CTX */
};

/* Start c for a new hash.  Allocates (OpenSSL memory); sm3_free() releases.
** Out of memory or a missing SM3 provider is fatal. */
void sm3_init(struct sm3_ctx *c);
/* Feed n bytes to the hash. */
void sm3_update(struct sm3_ctx *c, const void *p, size_t n);
/* Write the 32-byte digest to out and reset c for the next hash, keeping its
** memory: the next sm3_update() starts a fresh message. */
void sm3_final(struct sm3_ctx *c, u8 out[SM3_LEN]);
/* Throw away whatever was fed since the last final and start again. */
void sm3_reset(struct sm3_ctx *c);
/* Release c's memory; c may be passed to sm3_init() again.  No-op twice. */
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
