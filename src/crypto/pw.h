/*
** pw.h -- password hashing (argon2id, libsodium) and the password policy.
**
** Hashes are libsodium's "$argon2id$v=19$m=65536,t=3,p=1$..." strings,
** t=3 and m=64 MiB by default (about 0.1 s).  At most two hashes or
** verifies run at once; the rest wait, so a login flood costs at most
** 2 x 64 MiB and two cores.
*/
#ifndef FAZHI_PW_H
#define FAZHI_PW_H

#include "../common.h"

struct buf;

#define PW_HASH_MAX 128       /* crypto_pwhash_STRBYTES, NUL included */

/* What a new password must satisfy (等保 测评 baseline by default). */
struct pw_policy {
  int nMin;          /* fewest characters (code points); default 8 */
  int nMax;          /* most characters; default 128 */
  int nClass;        /* of upper, lower, digit, other: how many; default 3 */
  bool bNoUser;      /* must not contain the user name, any case; default on */
};

#define PW_POLICY_INIT {8, 128, 3, true}
extern const struct pw_policy pw_policy_default;

/* Check zPw against policy p (NULL: the defaults) for user zUser (NULL or
** "" skips the user-name rule).  Returns 0, or -1 with every failed rule
** as a Chinese message in pErr (joined by "；"; pErr may be NULL).
** Allocates nothing the caller frees. */
int pw_check_policy(const char *zPw, const char *zUser,
                    const struct pw_policy *p, struct buf *pErr);

/* Hash zPw into out (NUL-terminated, < PW_HASH_MAX bytes) with a fresh
** salt at the current cost.  Returns 0, or -1 when libsodium failed (out
** of memory for the 64 MiB it needs).  Waits while two hashes run. */
int pw_hash(const char *zPw, char out[PW_HASH_MAX]);
/* True when zPw matches the stored hash zHash.  A malformed hash is false.
** Waits while two hashes run. */
bool pw_verify(const char *zHash, const char *zPw);
/* Spend the time and memory of a pw_verify() against a hash of the current
** cost, and return false.  Call it for an unknown user name so the reply
** takes as long as for a known one. */
bool pw_verify_dummy(const char *zPw);
/* True when zHash was made with other parameters than the current ones (or
** is malformed): re-hash the password just verified and store the result. */
bool pw_needs_rehash(const char *zHash);
/* Lower (or raise) the cost for tests: nOps passes over nMem bytes.  Not
** for production; libsodium needs nOps >= 1 and nMem >= 8 KiB. */
void pw_set_cost_for_tests(u64 nOps, size_t nMem);

#endif
