/*
** totp.h -- one-time codes for the second login factor: RFC 4226 HOTP and
** RFC 6238 TOTP with HMAC-SHA1 (what authenticator apps speak), base32
** (RFC 4648) and the otpauth:// URI an app scans.
*/
#ifndef FAZHI_TOTP_H
#define FAZHI_TOTP_H

#include "../common.h"

struct buf;

#define TOTP_ISSUER "fazhi 教育法治工作平台"
#define TOTP_SECRET_LEN 20    /* 160-bit secret, as RFC 4226 recommends */
#define TOTP_STEP 30          /* seconds per step */
#define TOTP_DIGITS 6

/* Write the nDigit-digit (6..8) HOTP code of counter for key plus a NUL to
** out (nDigit+1 bytes).  nDigit out of range is a bug (fatal). */
void hotp_code(const u8 *key, size_t nKey, u64 counter, int nDigit,
               char *out);
/* The TOTP step of time t: floor(t / 30). */
i64 totp_step(time_t t);
/* Write the nDigit-digit TOTP code at time t plus a NUL to out. */
void totp_code_digits(const u8 *secret, size_t n, time_t t, int nDigit,
                      char *out);
/* Write the 6-digit TOTP code at time t plus a NUL to out. */
void totp_code(const u8 *secret, size_t n, time_t t, char out[7]);
/* Accept zCode (6 digits) when it is the code of a step within window
** steps of now's (window 1: one step either side, for clock drift) and
** that step is later than *pLastStep, the last step this secret was
** accepted at (start with -1).  On success sets *pLastStep to the matched
** step and returns 0; a wrong code, or one of an already used or earlier
** step (a replay), returns -1 and leaves *pLastStep alone. */
int totp_verify(const u8 *secret, size_t n, const char *zCode, time_t now,
                int window, i64 *pLastStep);

/* Append base32 of p[0..n) (RFC 4648 alphabet, upper case, no '='). */
void base32_encode(const u8 *p, size_t n, struct buf *out);
/* Decode base32 z (either case; '=' padding, spaces and '-' ignored) into
** at most nOut bytes of out.  Returns the byte count, or -1 when z holds
** another character, has impossible trailing bits, or does not fit. */
int base32_decode(const char *z, u8 *out, size_t nOut);

/* Append otpauth://totp/ISSUER:ACCOUNT?secret=..&issuer=..&algorithm=SHA1
** &digits=6&period=30 with issuer and account percent-encoded and the
** secret in base32 without padding: the text of the QR code to enrol. */
void totp_uri(struct buf *out, const char *zIssuer, const char *zAccount,
              const u8 *secret, size_t nSecret);

#endif
