/*
** audit.h -- the append-only, SM3-chained audit log.
**
** Every change, login, logout, failed login and permission denial is
** written by audit_write() inside the transaction of the change itself.
** Entry i stores hash_i = SM3(hash_{i-1} || canonical(entry_i)) (hex),
** with 64 zeros before the first.  meta 'audit_head' holds the count,
** last id and last hash; meta 'audit_seal' holds HMAC-SM3 of the head
** under the audit key from the key file outside the database, so removing
** the newest entries or rebuilding the chain without the key shows too.
*/
#ifndef FAZHI_AUDIT_H
#define FAZHI_AUDIT_H

#include "../common.h"

struct actor;
struct buf;
struct req;

/* Append one entry.  Must run inside a transaction (db_begin): the entry
** commits or rolls back with the change it records.  zBefore and zAfter
** are JSON texts or NULL. */
void audit_write(const struct actor *a, const char *zAction, const char *zEntity,
                 const char *zEntityId, const char *zBefore, const char *zAfter);

/* Many entries in one transaction (imports): the head is read once at
** begin and written once at end.  Use inside db_begin()/db_commit(); the
** struct lives on the caller's stack. */
#include "../base/buf.h"
#include "../crypto/sm3.h"
struct audit_batch {
  i64 n, lastId;            /* the head as it stands */
  char zPrev[65];           /* hash of the last entry */
  i64 now;                  /* time stamp of the batch's entries */
  struct sm3_ctx c;
  struct buf canon;         /* reused for each entry's canonical text */
};
void audit_batch_begin(struct audit_batch *b);
void audit_batch_add(struct audit_batch *b, const struct actor *a, const char *zAction,
                     const char *zEntity, const char *zEntityId, const char *zBefore,
                     const char *zAfter);
/* As audit_batch_add, with the entry's own time stamp (moving entries
** from another database keeps when they happened). */
void audit_batch_add_at(struct audit_batch *b, i64 at, const struct actor *a,
                        const char *zAction, const char *zEntity, const char *zEntityId,
                        const char *zBefore, const char *zAfter);
void audit_batch_end(struct audit_batch *b);

/* Write an entry in a transaction of its own (login failures, denials). */
void audit_write_now(const struct actor *a, const char *zAction, const char *zEntity,
                     const char *zEntityId, const char *zBefore, const char *zAfter);

/* Walk the whole chain.  Returns 0 when intact (count in *pnEntries), or
** 1 with the first bad entry's id in *pBadId (0 when the problem is the
** seal or the end of the log) and a Chinese explanation in pMsg. */
int audit_verify(i64 *pnEntries, i64 *pBadId, struct buf *pMsg);

/* Pages, API and commands. */
void audit_list_page(struct req *r);
void audit_list_api(struct req *r);
void audit_verify_api(struct req *r);
int audit_cmd(int argc, char **argv);

#endif
