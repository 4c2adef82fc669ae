/*
** keys.h -- the key file that holds fazhi's data keys, outside the database.
**
** The file is text, one key per line as NAME=64 hex digits (32 bytes),
** with '#' comment lines and blank lines allowed:
**
**   # fazhi keys v1 -- mode 0600; back up apart from the database
**   enc=<64 hex>     SM4-128 key for personal data: the first 16 bytes
**   mac=<64 hex>     HMAC-SM3 key for the encrypt-then-MAC tag
**   idx=<64 hex>     HMAC-SM3 key for blind indexes (lookups, uniqueness)
**   audit=<64 hex>   HMAC-SM3 key for the audit chain
**
** All four must be present and pairwise different.  keys_load() refuses a
** file that group or others may read or write (it must be mode 0600 or
** stricter).  Losing the file loses the encrypted personal data; changing
** idx makes every blind index stale.
*/
#ifndef FAZHI_KEYS_H
#define FAZHI_KEYS_H

#include "../common.h"

struct buf;

#define KEY_LEN 32

struct fz_keys {
  u8 aEnc[KEY_LEN];     /* SM4 key: the first 16 bytes are used */
  u8 aMac[KEY_LEN];     /* HMAC-SM3 key over iv||ct */
  u8 aIdx[KEY_LEN];     /* HMAC-SM3 key for blind indexes */
  u8 aAudit[KEY_LEN];   /* HMAC-SM3 key for the audit chain */
};

/* Read the key file zPath into *k.  Returns 0, or -1 with a Chinese
** message in pErr (which may be NULL) when the file is missing, not a
** regular file, readable by group/others, or malformed; *k is then wiped.
** Allocates nothing the caller frees. */
int keys_load(const char *zPath, struct fz_keys *k, struct buf *pErr);
/* Create a new key file zPath with four fresh random keys, mode 0600.
** Refuses (-1, message in pErr) when zPath already exists, so a key file
** is never overwritten.  Allocates nothing the caller frees. */
int keys_create(const char *zPath, struct buf *pErr);
/* Overwrite *k with zeros in a way the compiler keeps. */
void keys_wipe(struct fz_keys *k);

#endif
