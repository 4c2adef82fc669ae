/*
** rand.h -- random bytes, tokens and one-time passwords (OpenSSL RAND_bytes).
*/
#ifndef FAZHI_RAND_H
#define FAZHI_RAND_H

#include "../common.h"

/* Fill p with n bytes from OpenSSL's CSPRNG.  Failure is fatal: fazhi
** never carries on with weak randomness. */
void rand_bytes(void *p, size_t n);
/* Write a 256-bit random token as 64 lowercase hex digits plus a NUL. */
void rand_token_hex(char out[65]);
/* Write a random one-time password of n characters (8 <= n <= 128) plus a
** NUL to out (n+1 bytes).  It has an upper and a lower case letter, a digit
** and a symbol, so it passes the default password policy, and leaves out
** the look-alikes 0 O 1 l I.  n out of range is a bug (fatal). */
void rand_password(char *out, size_t n);
/* A uniform random integer in [0, n), 0 < n <= 2^32. */
u32 rand_below(u64 n);

#endif
