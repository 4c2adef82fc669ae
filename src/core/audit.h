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
  const char *zSubject;     /* set by a caller that knows it: the next entry's
                            ** subject path (then not looked up); reset after */
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

/* Install how an entry about a register's row finds the path of the org
** it concerns (the register kernel's reg_audit_subject: the row's org
** field, or for a deleted row its zBefore); once at start-up.  Entries
** about orgs and users are found without it. */
struct arena;
void audit_set_subject(char *(*xSubject)(struct arena *ar, const char *zEntity, i64 id,
                                         const char *zBefore));

/* Write an entry in a transaction of its own (login failures, denials). */
void audit_write_now(const struct actor *a, const char *zAction, const char *zEntity,
                     const char *zEntityId, const char *zBefore, const char *zAfter);

/* Walk the whole chain (entries, links, the sealed head in meta) and
** refuse an empty log in a database that has orgs or users.  Returns 0
** when intact (count in *pnEntries), or 1 with the first bad entry's id in
** *pBadId (0 when the problem is the seal or the end of the log) and a
** Chinese explanation in pMsg.  Looks at the database only; see
** audit_verify_full for the comparison with the key folder. */
int audit_verify(i64 *pnEntries, i64 *pBadId, struct buf *pMsg);

/* A head recorded outside the database that the walk looks for. */
struct audit_anchor {
  i64 id;                   /* entry id */
  char zHash[65];           /* its hash as recorded */
  int iTag;                 /* the caller's */
  int eSeen;                /* out: 0 no such entry, 1 same hash, -1 another hash */
};
/* One walk of the chain. */
struct audit_walk {
  struct audit_anchor *aAnchor;  /* in: sorted by id (may be NULL) */
  int nAnchor;
  i64 n, lastId, lastAt;    /* out: entries, last id, time of the last */
  char zLast[65];           /* out: last hash (64 zeros when empty) */
  i64 badId;                /* out: first bad entry, or 0 */
};
/* Walk the chain and check the sealed head in meta: 0 intact, 1 damaged
** (explained in pMsg).  Anchors at entries the walk passed are marked. */
int audit_walk(struct audit_walk *w, struct buf *pMsg);

/* Verdicts of audit_verify_full (and exit statuses of `audit verify`). */
enum { AUDIT_INTACT = 0, AUDIT_DAMAGED = 1, AUDIT_WARNING = 3 };
struct audit_report {
  int rc;                   /* AUDIT_* */
  i64 nEntries;             /* entries walked */
  i64 badId;                /* first bad or missing entry, or 0 */
  struct buf msg;           /* what is wrong (DAMAGED) or the warning (WARNING) */
  struct buf note;          /* more lines: head file, last verification, checkpoint */
  bool bRestored;           /* the database is a restored backup */
  i64 restoreN, lostN;      /* its backup head; entries the restore lacks */
  i64 fileN, fileAt;        /* the head file's head */
};
/* audit_walk plus the key folder: the head file (a database head older
** than it, or an emptied log, fails unless the chain runs through a
** backup head recorded by `fazhi backup`, which is a WARNING), and the
** checkpoint file zCheckpoint when not NULL (the chain must run through
** it).  bRecord: note the verified head and time in the head file (and
** create it when missing).  Free r with audit_report_free. */
int audit_verify_full(const char *zCheckpoint, bool bRecord, struct audit_report *r);
void audit_report_free(struct audit_report *r);

/* Called by audit_batch_end: the head it wrote goes to the head file in
** the key folder once the transaction commits. */
void audit_head_pending(i64 n, i64 lastId, const char *zHash);
/* Record in the key folder the head of the backup copy zBackup just made
** (so a restore of it verifies, with a warning).  -1 with a message. */
int audit_note_backup(const char *zBackup, struct buf *pErr);
/* Accept a restored backup: an audited "restore" entry, and the head file
** moves back to the restored chain.  -1 (message in pMsg) when the
** database is not a restore of a recorded backup. */
int audit_accept_restore(const struct actor *a, struct buf *pMsg);
/* The signed checkpoint of the current head (text, sealed with the audit
** key) into pOut; -1 with a message when the log does not verify or is
** empty. */
int audit_checkpoint(struct buf *pOut, struct buf *pMsg);
/* Write p to zPath atomically (temp, fsync, rename); -1 with a message. */
int audit_write_file(const char *zPath, const struct buf *p, struct buf *pErr);

/* How the audit page shows one kind of record (entity): its Chinese name,
** a link to the record, its current name, and the Chinese labels of the
** fields of its before/after JSON.  Each area keeps its own beside its
** code; routes.c hands the list down with audit_set_kinds() (desk/audit.h). */
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
#endif
