/*
** scope.c -- a user's reach: the tree-path rule and its SQL, in one place.
**
** Every org has a materialised path ('/1/5/12/': its ancestors and itself),
** so "this unit and everything below it" is one indexed prefix match
** (path LIKE '/1/5/%') on both engines.  An actor's zOrgPath is the path
** of their unit (org_scope_path), "/" for the command line (everything)
** and "/-/" for an actor with no scope (the public, a failed sign-in): its
** pattern '/-/%' matches no org.  Registers, pages, the audit log, the
** dashboard and the report take their pattern from org_scope_like and
** nowhere else.
*/
#include "../common.h"
#include "../base/arena.h"
#include "../base/util.h"
#include "../store/db.h"
#include "app.h"
#include "audit.h"
#include "scope.h"

char *org_scope_path(struct arena *ar, i64 orgId){
  return db_text(ar, 0,
    "SELECT u.path FROM org o JOIN org u ON o.path LIKE u.path || '%'"
    " WHERE o.id=?1"
    "   AND u.kind<>'office'"
    " ORDER BY length(u.path) DESC"
    " LIMIT 1", "i", orgId);
}

i64 org_scope_root(const struct actor *a){
  const char *z = a->zOrgPath;
  char zId[12];
  size_t n;
  i64 id;
  if( z==0 || strcmp(z, "/")==0 ){
    /* the command line: the first root that is not a partner */
    return db_i64(0, "SELECT id FROM org WHERE parent_id IS NULL AND kind<>'dept'"
                     " ORDER BY id LIMIT 1", "");
  }
  n = strlen(z);
  if( n<12 ) return 0;
  memcpy(zId, z + n - 11, 10);
  zId[10] = 0;
  if( str_to_i64(zId, 1, INT64_MAX, &id) ) return 0;
  return id;
}

bool org_scope_top(const struct actor *a){
  const char *z = a->zOrgPath;
  int nSlash = 0;
  if( z==0 || strcmp(z, "/-/")==0 ) return false;     /* no scope: not the top */
  if( strcmp(z, "/")==0 ) return true;
  for(; *z; z++) if( *z=='/' ) nSlash++;
  return nSlash==2;
}

char *org_scope_like(struct arena *ar, const struct actor *a){
  if( a->zOrgPath==0 ) return arena_strdup(ar, "/-/");
  if( strcmp(a->zOrgPath, "/")==0 ) return arena_strdup(ar, "/%");
  return arena_printf(ar, "%s%%", a->zOrgPath);
}

bool org_in_scope(const struct actor *a, i64 id){
  struct arena *ar = arena_new();
  bool b = db_exists("SELECT 1 FROM org WHERE id=?1 AND path LIKE ?2", "it",
                     id, org_scope_like(ar, a));
  arena_free(ar);
  return b;
}

bool org_is_partner(i64 id){
  return db_exists("SELECT 1 FROM org WHERE id=?1 AND kind='dept' AND parent_id IS NULL",
                   "i", id);
}

bool org_visible(const struct actor *a, i64 id){
  return org_in_scope(a, id) || org_is_partner(id);
}

bool org_writable(const struct actor *a, i64 id){
  if( org_is_partner(id) ) return org_scope_top(a);
  return org_in_scope(a, id);
}

void org_deny_audit(const struct actor *a, const char *zEntity, i64 id){
  char zId[24];
  snprintf(zId, sizeof(zId), "%lld", (long long)id);
  audit_write_now(a, "denied", zEntity, zId, 0, "{\"reason\":\"scope\"}");
}

i64 org_lookup(const char *zRef){
  i64 id;
  if( zRef==0 ) return 0;
  if( str_to_i64(zRef, 1, INT64_MAX, &id)==0 ){
    return db_i64(0, "SELECT id FROM org WHERE id=?1", "i", id);
  }
  return db_i64(0, "SELECT id FROM org WHERE name=?1 ORDER BY id LIMIT 1", "t", zRef);
}

char *org_root_name(struct arena *ar){
  return db_text(ar, 0, "SELECT name FROM org WHERE parent_id IS NULL ORDER BY id LIMIT 1", "");
}
