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

/* How the audit page shows one kind of record (entity): its Chinese name,
** a link to the record, its current name, and the Chinese labels of the
** fields of its before/after JSON.  Each area keeps its own beside its
** code; routes.c hands the list down with audit_set_kinds(). */
enum {
  AF_TEXT = 0,    /* shown as is */
  AF_BOOL,        /* true/false -> 是/否 */
  AF_ORG,         /* an org id -> the org's name */
  AF_CHOICE,      /* a code -> its name from azChoice */
  AF_ROLES,       /* an array of role codes -> 系统管理员、法规股工作人员 */
  AF_DAYS,        /* a calendar year's TSV: the days added, changed, removed */
  AF_HIDE         /* never shown (ids, secrets) */
};
struct audit_field {
  const char *zKey;                /* JSON key */
  const char *zLabel;              /* 中文 label */
  int eType;                       /* AF_* */
  const char *const *azChoice;     /* AF_CHOICE: code, name, ..., NULL */
};
struct arena;
struct audit_kind {
  const char *zEntity;             /* "org" */
  const char *zName;               /* "机构" */
  const char *zLink;               /* "/orgs/%s/edit" (the id), or NULL */
  unsigned mLinkRoles;             /* roles that may open the link; 0 = all */
  /* the record's name today (NULL when gone; then the JSON's "name"), or
  ** NULL for a kind whose id is its name */
  const char *(*xName)(struct arena *, const char *zId);
  const struct audit_field *aField;  /* ends with zKey NULL */
};
/* Install the record kinds (a NULL-terminated list); once at start-up. */
void audit_set_kinds(const struct audit_kind *const *apKind);

/* Pages, API and commands. */
void audit_list_page(struct req *r);
void audit_list_api(struct req *r);
/* GET /audit/export: the filtered list as an Excel workbook. */
void audit_export_page(struct req *r);
void audit_verify_api(struct req *r);
int audit_cmd(int argc, char **argv);

#endif
