/*
** subject.c -- which org an audit entry about a register's row concerns,
** for the audit log's scope (core/audit.c asks through the hook the
** wiring installs: audit_set_subject(reg_audit_subject)).
*/
#include "../common.h"
#include <jansson.h>
#include "../base/arena.h"
#include "../base/buf.h"
#include "../base/util.h"
#include "../store/db.h"
#include "reg.h"

char *reg_audit_subject(struct arena *ar, const char *zEntity, i64 id, const char *zBefore){
  const struct reg_def *d;
  char *zPath;
  d = reg_find(zEntity);
  if( d==0 || !str_eq(d->zName, zEntity) || str_eq(d->zOrgField, "id") ) return 0;
  {
    /* table and column names come from the static declaration */
    struct buf sql = BUF_INIT;
    struct stmt q;
    buf_appendf(&sql, "SELECT s.path FROM %s t JOIN org s ON s.id=t.%s WHERE t.id=?1",
                d->zTable, d->zOrgField);
    db_prepare_buf(&q, &sql);
    db_bind_int64(&q, 1, id);
    zPath = db_step(&q)==DB_ROW && db_column_text(&q, 0)
            ? arena_strdup(ar, db_column_text(&q, 0)) : 0;
    db_finalize(&q);
    buf_release(&sql);
  }
  if( zPath==0 && zBefore ){
    json_t *pRoot = json_loads(zBefore, 0, 0);
    json_t *pOrg = pRoot ? json_object_get(pRoot, d->zOrgField) : 0;
    i64 orgId = 0;
    if( json_is_integer(pOrg) ) orgId = (i64)json_integer_value(pOrg);
    else if( json_is_string(pOrg) ) str_to_i64(json_string_value(pOrg), 1, INT64_MAX, &orgId);
    if( orgId ) zPath = db_text(ar, 0, "SELECT path FROM org WHERE id=?1", "i", orgId);
    json_decref(pRoot);
  }
  return zPath;
}
