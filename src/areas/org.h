/*
** org.h -- the organisation tree: the bureau, its 股室, schools,
** kindergartens, and the other departments that join inspections.
*/
#ifndef FAZHI_ORG_H
#define FAZHI_ORG_H

#include "../common.h"

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
/* The LIKE pattern of the actor's scope: their path followed by %. */
char *org_scope_like(struct arena *ar, const struct actor *a);
/* A LIKE pattern matching z anywhere as plain text (% _ \ escaped; use
** with ESCAPE '\'), in the arena; NULL for NULL. */
char *org_search_like(struct arena *ar, const char *z);
/* True when org id is inside the actor's scope. */
bool org_in_scope(const struct actor *a, i64 id);
/* The id of the org named or numbered zRef, or 0 (for --parent). */
i64 org_lookup(const char *zRef);
/* The name of the root org (the bureau) in the arena, or NULL. */
char *org_root_name(struct arena *ar);

#endif
