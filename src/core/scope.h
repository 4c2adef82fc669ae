/*
** scope.h -- a user's reach is their unit, not their 股室 (scope.c).
*/
#ifndef FAZHI_SCOPE_H
#define FAZHI_SCOPE_H

#include "../common.h"

struct actor;
struct arena;

/* ---- scope: a user's reach is their unit, not their 股室 ----
** A unit is an org of any kind but office (股室): a bureau (county, city,
** province), a school, a kindergarten, a partner department.  A user's
** scope is the subtree of the nearest unit at or above their org, so the
** 法规股's staff see the whole bureau, a school's users their school and
** a city bureau's staff every county below it.  Partner departments (kind
** dept) are roots of their own, outside every bureau's subtree; only an
** administrator at the top of a tree adds them. */

/* The path of the scope of a user in org orgId: the path of the nearest
** org at or above it that is not a 股室, in the arena (NULL: no such org).
** The session keeps it as the actor's zOrgPath. */
char *org_scope_path(struct arena *ar, i64 orgId);
/* The id of the root of the actor's scope (its unit); for the command line
** the first root that is not a partner; 0 when there is none. */
i64 org_scope_root(const struct actor *a);
/* True when the actor's unit is the top of its tree (no unit above it) or
** the actor is the command line; false for an actor without scope. */
bool org_scope_top(const struct actor *a);
/* The LIKE pattern of the actor's scope on org.path: their unit's path
** followed by %; '/%' for the command line ("/"); '/-/' (no org) for an
** actor without scope (zOrgPath NULL or "/-/": the public, actor_public). */
char *org_scope_like(struct arena *ar, const struct actor *a);
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
/* True when org id is inside the actor's scope. */
bool org_in_scope(const struct actor *a, i64 id);
/* The id of the org named or numbered zRef, or 0 (for --parent). */
i64 org_lookup(const char *zRef);
/* The name of the root org (the bureau) in the arena, or NULL. */
char *org_root_name(struct arena *ar);

#endif
