/*
** refs.c -- moving the references to one record onto another, for every
** register that declares one (a school merged into another: every
** register's rows that name the school follow it), so no area writes
** another's tables by hand and a register added later follows by its
** declaration alone.
*/
#include "../common.h"
#include "../base/buf.h"
#include "../base/util.h"
#include "../store/db.h"
#include "reg.h"

/* Append to pSql the condition "a row of t at into already has the same
** values of d's zMoveKey columns as this row (table t)": "EXISTS(...)",
** or nothing when d declares no key.  Column names come from the static
** declaration. */
static void refs_like_exists(struct buf *pSql, const struct reg_def *d, const char *zCol){
  const char *z = d->zMoveKey;
  buf_appendf(pSql, "EXISTS(SELECT 1 FROM %s m WHERE m.%s=?2", d->zTable, zCol);
  while( z && *z ){
    size_t n = strcspn(z, ",");
    buf_appendf(pSql, " AND m.%.*s=%s.%.*s", (int)n, z, d->zTable, (int)n, z);
    z += n;
    if( *z==',' ) z++;
  }
  buf_puts(pSql, ")");
}

void reg_move_refs(const char *zTarget, i64 from, i64 into, struct buf *pNote){
  const struct reg_def *const *pp;
  for(pp=reg_list(); *pp; pp++){
    const struct reg_def *d = *pp;
    int i;
    if( str_eq(d->zName, zTarget) ) continue;
    for(i=0; i<d->nField; i++){
      const struct reg_field *f = &d->aField[i];
      struct buf sql = BUF_INIT;
      struct stmt q;
      i64 nAll = 0, nKept = 0;
      char zName[160], zKept[170];
      if( f->eType!=REG_REF || !str_eq(f->zRef, zTarget) ) continue;
      buf_appendf(&sql, "SELECT count(*) FROM %s WHERE %s=?1", d->zTable, f->zKey);
      db_prepare_buf(&q, &sql);
      db_bind_int64(&q, 1, from);
      if( db_step(&q)==DB_ROW ) nAll = db_column_int64(&q, 0);
      db_finalize(&q);
      if( nAll>0 && d->zMoveKey ){
        buf_reset(&sql);
        buf_appendf(&sql, "SELECT count(*) FROM %s WHERE %s=?1 AND ", d->zTable, f->zKey);
        refs_like_exists(&sql, d, f->zKey);
        db_prepare_buf(&q, &sql);
        db_bind_int64(&q, 1, from);
        db_bind_int64(&q, 2, into);
        if( db_step(&q)==DB_ROW ) nKept = db_column_int64(&q, 0);
        db_finalize(&q);
      }
      if( nAll>nKept ){
        buf_reset(&sql);
        buf_appendf(&sql, "UPDATE %s SET %s=?2 WHERE %s=?1", d->zTable, f->zKey, f->zKey);
        if( d->zMoveKey ){
          buf_puts(&sql, " AND NOT ");
          refs_like_exists(&sql, d, f->zKey);
        }
        db_prepare_buf(&q, &sql);
        db_bind_int64(&q, 1, from);
        db_bind_int64(&q, 2, into);
        db_step(&q);
        db_finalize(&q);
      }
      /* the register's name, or name.field for a second reference */
      if( str_eq(f->zKey, d->zOrgField) ) snprintf(zName, sizeof(zName), "%s", d->zName);
      else snprintf(zName, sizeof(zName), "%s.%s", d->zName, f->zKey);
      buf_appendf(pNote, "%s%j:%lld", pNote->len ? "," : "", zName, (long long)(nAll - nKept));
      if( d->zMoveKey ){
        snprintf(zKept, sizeof(zKept), "%s_kept", zName);
        buf_appendf(pNote, ",%j:%lld", zKept, (long long)nKept);
      }
      buf_release(&sql);
    }
  }
}
