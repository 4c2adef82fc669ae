/*
** sm4.h -- personal data encrypted at rest: SM4-CTR + HMAC-SM3
** (encrypt-then-MAC), and blind indexes for lookups.
**
** A sealed value is  iv (16 random bytes) || SM4-CTR(k_enc, iv, plain)
** || HMAC-SM3(k_mac, iv || ct) (32 bytes), so it is 48 bytes longer than
** the plain text.  OpenSSL 3.0 has no SM4-GCM, hence the explicit MAC.
*/
#ifndef FAZHI_SM4_H
#define FAZHI_SM4_H

#include "../common.h"

struct buf;
struct fz_keys;

#define SM4_IV_LEN 16
#define SM4_TAG_LEN 32
#define SM4_OVERHEAD (SM4_IV_LEN + SM4_TAG_LEN)

/* Append the sealed form of plain[0..n) to out.  Returns 0, or -1 when
** out's cap refused it (out is then as before).  Grows out (heap). */
int sm4_seal(const struct fz_keys *k, const void *plain, size_t n,
             struct buf *out);
/* Check the tag of sealed[0..n) and append the plain text to out.
** Returns 0, or -1 when the value is too short, the tag does not match
** (tampered, truncated or another key) or out's cap refused it; nothing is
** appended then.  Grows out (heap). */
int sm4_open(const struct fz_keys *k, const void *sealed, size_t n,
             struct buf *out);
/* Write HMAC-SM3(k_idx, zNorm) as 64 hex digits plus a NUL: the value to
** store beside a sealed field and to look it up by.  The caller normalises
** first (e.g. ID number upper case, no spaces).  Allocates nothing. */
void blind_index(const struct fz_keys *k, const char *zNorm, char out[65]);
/* Encrypt one 16-byte block with SM4-ECB (GB/T 32907), for the standard's
** test vector.  Not for data: use sm4_seal(). */
void sm4_block_encrypt(const u8 key[16], const u8 in[16], u8 out[16]);

#endif
