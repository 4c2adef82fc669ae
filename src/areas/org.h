/*
** org.h -- the organisation tree: the bureau, its 股室, schools,
** kindergartens, and the other departments that join inspections.
*/
#ifndef FAZHI_ORG_H
#define FAZHI_ORG_H

#include "../common.h"
#include "../reg/figure.h"

struct actor;
struct arena;
struct buf;
struct req;

/* The fields of an organisation as a person enters them. */
struct org_input {
  const char *zName;        /* required, at most 100 characters */
  const char *zKind;        /* bureau office school kindergarten dept other, or 教育局 ... */
  const char *zCode;        /* 统一社会信用代码 or NULL */
  const char *zRegion;      /* 区划代码 or NULL */
  const char *zSchoolCode;  /* 学校标识码 or NULL */
  i64 parentId;             /* 0: under the actor's unit root (see org_create) */
  bool bRoot;               /* with parentId 0: a new root (command line --root) */
};

/* Chinese name of a kind code ("school" -> "学校"), or the code itself. */
const char *org_kind_name(const char *zKind);

/* Validate and insert; writes the audit entry in the same transaction.
** Without a parent the org goes under the actor's unit root
** (org_scope_root); a partner department (kind dept) is always a root of
** its own; a new root of another kind only with in->bRoot (or as the very
** first org).
** Returns 0 with *pId set; -2 when the 统一社会信用代码 or the 学校标识码 is
** already used (field code or school_code: answer 409 conflict);
** -1 for other invalid input -- with a message in pErr and the field's
** name in *pzField (nothing written either way). */
int org_create(const struct actor *a, const struct org_input *in, i64 *pId,
               struct buf *pErr, const char **pzField);
/* Change name, kind, codes of an existing org in the actor's scope (the
** parent cannot change yet).  Returns as org_create. */
int org_update(const struct actor *a, i64 id, const struct org_input *in,
               struct buf *pErr, const char **pzField);
/* ---- scope: a user's reach is their unit, not their 股室 ----
** A unit is an org of any kind but office (股室): a bureau (county, city,
** province), a school, a kindergarten, a partner department.  A user's
** scope is the subtree of the nearest unit at or above their org, so the
** 法规股's staff see the whole bureau, a school's users their school and
** a city bureau's staff every county below it.  Partner departments (kind
** dept) are roots of their own, outside every bureau's subtree; everyone
** may read (select) them, only an administrator at the top of a tree
** changes them. */

/* The path of the scope of a user in org orgId: the path of the nearest
** org at or above it that is not a 股室, in the arena (NULL: no such org).
** The session keeps it as the actor's zOrgPath. */
char *org_scope_path(struct arena *ar, i64 orgId);
/* The id of the root of the actor's scope (its unit); for the command line
** the first root that is not a partner; 0 when there is none. */
i64 org_scope_root(const struct actor *a);
/* True when the actor's unit is the top of its tree (no unit above it) or
** the actor is the command line: the State Council calendar and the
** partner departments are theirs to change. */
bool org_scope_top(const struct actor *a);
/* The LIKE pattern of the actor's scope: their unit's path followed by %. */
char *org_scope_like(struct arena *ar, const struct actor *a);
/* A LIKE pattern matching z anywhere as plain text (% _ \ escaped; use
** with ESCAPE '\'), in the arena; NULL for NULL. */
char *org_search_like(struct arena *ar, const char *z);
/* True when org id is inside the actor's scope. */
bool org_in_scope(const struct actor *a, i64 id);
/* True when org id is a partner department (a root of kind dept). */
bool org_is_partner(i64 id);
/* True when the actor may read org id: in scope, or a partner. */
bool org_visible(const struct actor *a, i64 id);
/* True when the actor may change org id: in scope and not a partner, or a
** partner and the actor is at the top (org_scope_top). */
bool org_writable(const struct actor *a, i64 id);
/* Audit (in its own transaction) that the actor asked for record id of
** zEntity ("org", "user" ...) outside their scope; the caller answers 404. */
void org_deny_audit(const struct actor *a, const char *zEntity, i64 id);
/* The id of the org named or numbered zRef, or 0 (for --parent). */
i64 org_lookup(const char *zRef);
/* The name of the root org (the bureau) in the arena, or NULL. */
char *org_root_name(struct arena *ar);

/* The figures the tree answers (org_fig.c; reg/figure.h), for the wiring. */
extern const struct figure org_figures[];

void org_list_page(struct req *r);
void org_new_page(struct req *r);
void org_edit_page(struct req *r);
void org_list_api(struct req *r);
void org_get_api(struct req *r);
void org_create_api(struct req *r);
void org_update_api(struct req *r);
void org_export_page(struct req *r);

/* ---- org_io.c: the register in and out of workbooks ---- */
struct table_def;
struct table_input;
extern const struct table_def org_table;
/* How the audit log shows an org's entries (audit.h). */
extern const struct audit_kind org_audit_kind;

/* What an import did. */
struct org_import_result {
  int nRow;                   /* data rows in the file */
  int nCreated;               /* orgs written (all rows, or none) */
  struct table_input *pIn;    /* when rows had errors: the rows and errors */
};
/* Import an xlsx or CSV file (p, n bytes) into the actor's scope; rows
** without a 上级机构 go under defaultParent (0: they must name one).
** All or nothing, in one transaction with one audit entry per org.
** Returns 0 (res->nCreated), 1 when rows have errors (res->pIn holds them;
** nothing written), or -1 when the file itself is unusable (message in
** pErr).  Release with org_import_result_free(). */
int org_import(const struct actor *a, const void *p, size_t n, i64 defaultParent,
               struct org_import_result *res, struct buf *pErr);
void org_import_result_free(struct org_import_result *res);
/* The errors of a failed import as text, one per line, then a summary. */
int org_error_text(const struct org_import_result *res, struct buf *pOut);
/* The uploaded file back with a 错误说明 column (same format as uploaded);
** p, n are the bytes given to org_import(), read again here. */
int org_error_file(const struct org_import_result *res, const void *p, size_t n,
                   struct buf *pOut, struct buf *pErr);
/* Export the orgs under the LIKE pattern as TABLE_XLSX or TABLE_CSV. */
int org_export_table(const char *zLike, int eFormat, struct buf *pOut, struct buf *pErr);
/* The empty template to fill in. */
int org_template(int eFormat, struct buf *pOut, struct buf *pErr);

void org_import_page(struct req *r);
void org_import_errors_page(struct req *r);
void org_template_page(struct req *r);
void org_import_api(struct req *r);
int org_cmd(int argc, char **argv);

#endif
