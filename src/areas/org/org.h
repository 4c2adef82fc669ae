/*
** org.h -- the organisation tree: the bureau, its 股室, schools,
** kindergartens, and the other departments that join inspections.
*/
#ifndef FAZHI_ORG_H
#define FAZHI_ORG_H

#include "../../common.h"
#include "../../reg/figure.h"
#include "../../core/scope.h"    /* org_scope_like ... (the scope was org.c's) */

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
  i64 parentId;             /* 0 for a root (only the command line may add one) */
};

/* The org tree as a register (reg/reg.h): what references to orgs point
** at (所属机构, 聘请单位 ...). */
struct reg_def;
extern const struct reg_def org_reg;

/* Chinese name of a kind code ("school" -> "学校"), or the code itself. */
const char *org_kind_name(const char *zKind);

/* Insert through the register kernel (checks, audit in the same
** transaction).  Returns 0 with *pId set; -2 when the 统一社会信用代码 is
** already used; -1 for other invalid input -- with every message in pErr
** and the first field's name in *pzField (nothing written either way). */
/* fazhi org ...: the register's command (reg_cmd) with add --root. */
int org_cmd(int argc, char **argv);
/* The hook a school's merge runs (installed at start-up by the wiring):
** move the records of org from to org into, inside the transaction that
** records the merge, and describe what moved as JSON object members in
** pNote ("\"vp_appoint\":3,..."); 0, or -1 to refuse with a message. */
void org_set_merge_hook(int (*xMerge)(i64 from, i64 into, struct buf *pNote));
int org_create(const struct actor *a, const struct org_input *in, i64 *pId,
               struct buf *pErr, const char **pzField);
/* Change an org in the actor's scope: every field of in (parentId 0
** keeps the parent; another parent moves the org and its subtree).
** Returns as org_create. */
int org_update(const struct actor *a, i64 id, const struct org_input *in,
               struct buf *pErr, const char **pzField);
/* Fill in the order key of orgs that have none (after a migration or a
** bulk copy); a no-op when every org has one. */
void org_sort_rebuild(void);
/* A LIKE pattern matching z anywhere as plain text (% _ \ escaped; use
** with ESCAPE '\'), in the arena; NULL for NULL. */
char *org_search_like(struct arena *ar, const char *z);

/* The figures the tree answers (org_fig.c; reg/figure.h), for the wiring. */
extern const struct figure org_figures[];
/* The populations the tree declares (org_fig.c): "school_open". */
extern const struct fig_pop org_pops[];

#endif
