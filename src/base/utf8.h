/*
** utf8.h -- checking, measuring, cutting and trimming UTF-8 text.
**
** Lengths are in bytes unless a name says "chars" (code points).
** Valid UTF-8 here is RFC 3629: shortest form only, no surrogates
** (U+D800..U+DFFF), nothing above U+10FFFF, no cut-off sequences.
*/
#ifndef FAZHI_UTF8_H
#define FAZHI_UTF8_H

#include "../common.h"

/* The length in bytes (1-4) of the valid sequence that starts p[0],
** with n bytes available, or 0 when p[0..] is not valid UTF-8 there
** (overlong, surrogate, above U+10FFFF, bad or missing continuation). */
size_t utf8_seq_len(const char *p, size_t n);

/* Offset of the first byte that does not start a valid sequence, or n
** when all n bytes of p are valid UTF-8. */
size_t utf8_check(const char *p, size_t n);

/* True when the n bytes of p are valid UTF-8 (a NUL byte is valid). */
bool utf8_valid(const char *p, size_t n);

/* Code points in the n bytes of p; each invalid byte counts as one. */
size_t utf8_len_chars(const char *p, size_t n);

/* Cut the NUL-terminated z in place to at most nMax code points, never
** inside a sequence. Returns the new length in bytes. */
size_t utf8_truncate_chars(char *z, size_t nMax);

/* Bytes of blank at p (n available): 1 for ASCII space, \t \n \v \f \r,
** 3 for the full-width space U+3000, 0 when p[0] is not a blank. */
size_t utf8_blank_len(const char *p, size_t n);

/* True when z (NUL-terminated; NULL counts) holds only blanks. */
bool utf8_is_blank(const char *z);

/* Trim blanks (as utf8_blank_len) from both ends of z in place: a NUL is
** written after the last non-blank and the first non-blank is returned
** (a pointer into z). NULL gives NULL. */
char *utf8_trim(char *z);

#endif
