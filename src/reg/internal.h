/*
** internal.h -- what the files of the register kernel share among
** themselves (reg.h is the interface to the rest of the house).
*/
#ifndef FAZHI_REG_INTERNAL_H
#define FAZHI_REG_INTERNAL_H

#include "reg.h"

struct req;
struct table_def;

/* The register a request's path names (/<seg>/... or /api/v1/<seg>/...). */
const struct reg_def *reg_of_req(struct req *r);
/* Read the list query from the request (q, sort, filters by field key,
** voided, and limit/offset when bPaging).  Returns 0, or -1 with a
** message in *pzErr and the parameter in *pzParam. */
int reg_query_from_req(struct req *r, const struct reg_def *d, struct reg_query *pq,
                       const char **pzErr, const char **pzParam);
/* True when the actor's roles may write (or read) register d. */
bool reg_may_write(const struct reg_def *d, const struct actor *a);
/* The workbook declaration of d: bImport leaves out read-only fields.
** The column i of the table is field aiField[i] (returned through
** *paiField when not NULL). */
const struct table_def *reg_table(const struct reg_def *d, bool bImport, const int **paiField);
/* Check every field of a new row azIn into azOut (all problems into e);
** returns their number. */
int reg_check_row(const struct reg_def *d, const struct actor *a, const char **azIn,
                  const char **azOut, struct arena *ar, struct reg_err *e);
/* Insert (*pId 0) or update row *pId with azNew; -1 with a conflict in e. */
int reg_store_row(const struct reg_def *d, i64 *pId, const char **azNew, struct arena *ar,
                  struct reg_err *e);
/* reg_store_row of an update that refuses (-1, REG_ECONFLICT in e) when
** the row is no longer at version (0: any); the row's version goes up by
** one either way. */
int reg_store_row_at(const struct reg_def *d, i64 *pId, i64 version, const char **azNew,
                     struct arena *ar, struct reg_err *e);
/* Read row id as reg_get does, locked until the transaction ends (call
** inside the write transaction that changes it). */
int reg_get_locked(const struct reg_def *d, const struct actor *a, i64 id, struct arena *ar,
                   struct reg_rec *pRec, struct reg_err *e);
/* Inside a write transaction, before a register's rules run: the lock
** that covers every row its rules may count (xCheck, xAfter, a step's
** rule), so two concurrent writes never both pass a rule across rows. */
void reg_lock_rules(const struct reg_def *d);
/* reg_create, where the references marked in abTrust (by field; NULL =
** none) were read by the kernel itself (a public page's record) and need
** only exist, whatever the actor's scope. */
int reg_create_trusted(const struct reg_def *d, const struct actor *a, const char **azIn,
                       const bool *abTrust, i64 *pId, struct reg_err *e);
/* Append the columns reg_row() reads (SELECT t.id, ... t.version). */
void reg_columns(const struct reg_def *d, struct buf *sql);
/* The audit JSON of a row (personal fields masked), in ar. */
char *reg_audit_text(struct arena *ar, const struct reg_def *d, i64 id, const char **az,
                     const char *zVoid);
/* The declared rules (rule.c) on the row az as it will be stored (id 0 for
** a new row): ranges, dates not before, required-when, references of a
** kind, multi-field uniqueness.  Problems go to e; returns their number. */
int reg_rules_check(const struct reg_def *d, i64 id, const char **az, struct arena *ar,
                    struct reg_err *e);
/* Give the declared number (d->pNumber) to az when the write zVerb
** ("create", "import" or a step's verb) is the one that numbers and the
** field is still empty.  Inside the write's transaction.  0, or -1 with
** an error in e. */
int reg_number_assign(const struct reg_def *d, const char *zVerb, const char **az,
                      struct arena *ar, struct reg_err *e);
/* Read the fields of a JSON body into az/abSet (writable fields, or the
** keys azAsk); the required writable fields of a create.  Each returns 0,
** or -1 after replying 400 (web.c). */
struct json_t;
int reg_body_fields(struct req *r, const struct reg_def *d, struct json_t *pBody,
                    const char *const *azAsk, const char **az, bool *abSet,
                    i64 *pVersion);
int reg_body_required(struct req *r, const struct reg_def *d, const bool *abSet);
/* The reason of a DELETE: ?reason= or the body {"reason"} (no other key).
** 0 with *ppBody to release (or NULL), or -1 after replying 400. */
int reg_delete_reason(struct req *r, const char **pzReason, struct json_t **ppBody);
/* File field f of d: its cap in bytes, the kinds it takes (its declared
** rule's, else FILE_MAX_DEFAULT and every kind) (file.c). */
i64 reg_file_max(const struct reg_def *d, const struct reg_field *f);
unsigned reg_file_kinds(const struct reg_def *d, const struct reg_field *f);
/* Set file field f of row pRec of d to stored file zHex (uploaded as
** zName, nSize bytes, type zType): the field, the use in file_ref and one
** audit entry "attach" naming the SM3, in one transaction (the caller's
** when it holds one).  The upload route and reg_file_attach (attach.c)
** both end here (file.c). */
void reg_file_set(const struct reg_def *d, const struct actor *a, const struct reg_rec *pRec,
                  const struct reg_field *f, const char *zHex, const char *zName, i64 nSize,
                  const char *zType);
/* True when d has a REG_FILE field (file.c). */
bool reg_has_file(const struct reg_def *d);
/* The command's file verbs on record id of d (a child row: under parent,
** else 0) and file field zField: "attach" the file zPath (streamed into
** the store, one audit entry), "download" the current version re-hashed
** to zPath (NULL: standard output; a changed file is refused and
** audited), "files" every version uploaded (time, name, bytes, SM3, the
** current one marked).  Returns the exit status, problems on stderr. */
int reg_file_cli(const struct reg_def *d, const struct actor *a, i64 id, i64 parent,
                 const char *zSub, const char *zField, const char *zPath);
/* The add/edit form of d with values az and the problems of e; the form's
** values back into az/abSet (page.c). */
void reg_form(struct req *r, const struct reg_def *d, const struct actor *a,
              const char *zAction, const char *zCancel, const char **az,
              const struct reg_err *e, bool bNew, i64 version);
void reg_form_values(struct req *r, const struct reg_def *d, const struct actor *a,
                     const char **az, bool *abSet, bool bNew);
/* Workbooks with children (child.c): the export with one more sheet per
** child (its rows named by the parent's title); the child sheets of an
** import checked against the parent rows of the same file (pTitles: title
** -> row, aazParent: their values) or the parents in reach, every problem
** appended to pErr as a line (returns their number); then written, after
** the parents, in the import's transaction and audit batch. */
struct table_sink;
struct map;
struct audit_batch;
struct reg_kid_import;
int reg_child_export(const struct reg_def *d, const struct actor *a, const struct table_def *t,
                     void (*xRows)(void *, struct table_sink *), void *ctx, const char *zTmp,
                     struct buf *pOut, struct buf *pErr);
int reg_child_import_check(const struct reg_def *d, const struct actor *a, const void *p,
                           size_t n, struct arena *ar, struct map *pTitles,
                           const char ***aazParent, struct reg_kid_import **ppK,
                           struct buf *pErr);
/* (the child rows of parent row iRow of the file, once it is written with
** id aId[iRow]; iRow -1: those naming parents already there) */
int reg_child_import_write(struct reg_kid_import *pK, const struct reg_def *d,
                           const struct actor *a, const i64 *aId, int iRow,
                           struct audit_batch *ab, struct arena *ar, struct buf *pErr);
/* The parent register, the child and the parent's id of a nested request
** (/<seg>/:id/<child>... or /api/v1/<seg>/:id/<child>...); NULL when the
** path names no child (child.c). */
const struct reg_child *reg_child_of_req(struct req *r, const struct reg_def **ppD,
                                         i64 *pParent);
/* The page path of record pRec of d, in ar: "/<seg>/<id>", or for a child
** row "/<parent seg>/<parent id>/<child seg>/<id>" (the API's is the same
** after /api/v1). */
const char *reg_rec_path(struct arena *ar, const struct reg_def *d, const struct reg_rec *pRec);
/* While an import writes (io.c): the audit batch the child rows a parent's
** rule adds (reg_child_add, reg_child_set) join instead of writing their own
** entries beside it; NULL after. */
void reg_child_batch(struct audit_batch *ab);
/* The folder for temporary files of documents, in ar. */
char *reg_tmp_dir(struct arena *ar);

#endif
