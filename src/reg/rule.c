/*
** rule.c -- the common rules a register declares instead of writing:
** a range of an integer, a date not before another field, required when
** another field has a value (or one of given codes), a reference to a row
** of a given kind, uniqueness over several fields, and numbering.
**
** Every write of every source runs them (reg_create, reg_update,
** reg_step, reg_import), inside the write's transaction, after each
** field's own value check and before the register's xCheck, so a form, a
** JSON body, a --option and a workbook cell are refused alike, with a
** Chinese message naming the field.  reg_check_defs() (check.c) has made
** sure at start-up that every field they name exists.
*/
#include "../common.h"
#include "../base/arena.h"
#include "../base/buf.h"
#include "../base/date.h"
#include "../base/util.h"
#include "../store/db.h"
#include "internal.h"

/* True when field f is stored as an integer. */
static bool rule_is_int(const struct reg_field *f){
  return f->eType==REG_INT || f->eType==REG_REF || f->eType==REG_BOOL;
}

/* Bind value z of field f as parameter n of q (integers as integers). */
static void rule_bind(struct stmt *q, int n, const struct reg_field *f, const char *z){
  i64 v;
  if( rule_is_int(f) && z && str_to_i64(z, INT64_MIN+1, INT64_MAX, &v)==0 ){
    db_bind_int64(q, n, v);
  }else{
    db_bind_text(q, n, z);
  }
}

/* True when code z is in the NULL-terminated list az. */
static bool rule_in(const char *const *az, const char *z){
  int i;
  for(i=0; az && az[i]; i++) if( str_eq(az[i], z) ) return true;
  return false;
}

/* The labels of codes az of field f joined by "或" (in ar). */
static const char *rule_labels(struct arena *ar, const struct reg_field *f,
                               const char *const *az){
  struct buf b = BUF_INIT;
  const char *z;
  int i;
  for(i=0; az && az[i]; i++){
    if( i ) buf_puts(&b, "或");
    buf_puts(&b, reg_choice_label(f, az[i]));
  }
  z = arena_strdup(ar, b.buf ? b.buf : "");
  buf_release(&b);
  return z;
}

/* Field rules of field i of az (not run on a field that already has an
** error). */
static void rule_field(const struct reg_def *d, int i, const char **az, struct arena *ar,
                       struct reg_err *e){
  const struct reg_field *f = &d->aField[i];
  const char *z = az[i];
  int k;
  if( reg_err_of(e, f->zKey) ) return;
  if( z && f->bRange ){
    i64 v;
    if( str_to_i64(z, f->nLo, f->nHi, &v) ){
      reg_err_add(e, REG_EINVALID, f->zKey, "%s应为 %lld—%lld 之间的整数", f->zLabel,
                  (long long)f->nLo, (long long)f->nHi);
      return;
    }
  }
  if( z && f->zNotBefore && (k = reg_field_index(d, f->zNotBefore))>=0
   && az[k] && strcmp(z, az[k])<0 ){
    reg_err_add(e, REG_EINVALID, f->zKey, "%s不能早于%s %s", f->zLabel, d->aField[k].zLabel,
                az[k]);
    return;
  }
  if( z==0 && f->zRequiredIf && (k = reg_field_index(d, f->zRequiredIf))>=0 && az[k]
   && (f->azRequiredIs==0 || rule_in(f->azRequiredIs, az[k])) ){
    const struct reg_field *g = &d->aField[k];
    if( f->azRequiredIs ){
      reg_err_add(e, REG_EINVALID, f->zKey, "%s为“%s”时请填写%s", g->zLabel,
                  reg_display(ar, d, k, 0, az[k]), f->zLabel);
    }else{
      reg_err_add(e, REG_EINVALID, f->zKey, "填写了%s时请填写%s", g->zLabel, f->zLabel);
    }
    return;
  }
  if( z && f->eType==REG_REF && f->zRefKind && f->azRefKind ){
    const struct reg_def *r = reg_find(f->zRef);
    int iKind = r ? reg_field_index(r, f->zRefKind) : -1;
    struct buf sql = BUF_INIT;
    struct stmt q;
    i64 id;
    bool bOk = false;
    if( iKind<0 || str_to_i64(z, 1, INT64_MAX, &id) ) return;
    buf_appendf(&sql, "SELECT 1 FROM %s WHERE id=?1 AND %s IN (", r->zTable, f->zRefKind);
    for(k=0; f->azRefKind[k]; k++) buf_appendf(&sql, "%s?%d", k ? ", " : "", k+2);
    buf_puts(&sql, ")");
    db_prepare_buf(&q, &sql);
    db_bind_int64(&q, 1, id);
    for(k=0; f->azRefKind[k]; k++) db_bind_text(&q, k+2, f->azRefKind[k]);
    bOk = db_step(&q)==DB_ROW;
    db_finalize(&q);
    buf_release(&sql);
    if( !bOk ){
      reg_err_add(e, REG_EINVALID, f->zKey, "%s应为%s", f->zLabel,
                  f->zRefKindLabel ? f->zRefKindLabel
                                   : rule_labels(ar, &r->aField[iKind], f->azRefKind));
    }
  }
}

/* Uniqueness over the fields of u: 409 naming them when another row has
** the same values (voided rows too: the schema's index covers them). */
static void rule_unique(const struct reg_def *d, const struct reg_unique *u, i64 id,
                        const char **az, struct arena *ar, struct reg_err *e){
  struct buf sql = BUF_INIT, lab = BUF_INIT;
  struct stmt q;
  int k, iLast = -1;
  for(k=0; u->azField[k]; k++){
    int i = reg_field_index(d, u->azField[k]);
    if( i<0 || az[i]==0 || reg_err_of(e, u->azField[k]) ) return;
    iLast = i;
  }
  buf_appendf(&sql, "SELECT %s FROM %s WHERE id!=?1", d->aField[reg_title_index(d)].zKey,
              d->zTable);
  for(k=0; u->azField[k]; k++) buf_appendf(&sql, " AND %s=?%d", u->azField[k], k+2);
  buf_puts(&sql, " LIMIT 1");
  db_prepare_buf(&q, &sql);
  db_bind_int64(&q, 1, id);
  for(k=0; u->azField[k]; k++){
    int i = reg_field_index(d, u->azField[k]);
    rule_bind(&q, k+2, &d->aField[i], az[i]);
    buf_appendf(&lab, "%s%s", k ? "、" : "", d->aField[i].zLabel);
  }
  if( db_step(&q)==DB_ROW ){
    const char *zT = db_column_text(&q, 0);
    reg_err_add(e, REG_ECONFLICT, d->aField[iLast].zKey, "%s都相同的%s已有一条%s%s%s",
                lab.buf, d->zTitle, zT ? "“" : "", zT ? arena_strdup(ar, zT) : "", zT ? "”" : "");
  }
  db_finalize(&q);
  buf_release(&sql);
  buf_release(&lab);
}

int reg_rules_check(const struct reg_def *d, i64 id, const char **az, struct arena *ar,
                    struct reg_err *e){
  int i, n0 = e->n;
  for(i=0; i<d->nField; i++) rule_field(d, i, az, ar, e);
  for(i=0; i<d->nUnique; i++) rule_unique(d, &d->aUnique[i], id, az, ar, e);
  return e->n - n0;
}

int reg_number_assign(const struct reg_def *d, const char *zVerb, const char **az,
                      struct arena *ar, struct reg_err *e){
  const struct reg_number *p = d->pNumber;
  int i, iY, y = 0, m, dd;
  i64 n = 0;
  if( p==0 ) return 0;
  if( p->zOnVerb ? !str_eq(p->zOnVerb, zVerb)
                 : !(str_eq(zVerb, "create") || str_eq(zVerb, "import")) ) return 0;
  i = reg_field_index(d, p->zField);
  if( i<0 || az[i] ) return 0;          /* numbered once, never renumbered */
  iY = p->zYearFrom ? reg_field_index(d, p->zYearFrom) : -1;
  if( iY>=0 && az[iY] ){
    int day;
    if( date_parse(az[iY], &day)==0 ) date_ymd(day, &y, &m, &dd);
  }
  if( y==0 ) date_ymd(date_today(), &y, &m, &dd);
  n = reg_seq_next(arena_printf(ar, "%s.%s", d->zName, p->zField), y);
  if( n<=0 ){
    reg_err_add(e, REG_ECONFLICT, p->zField, "未能取得%s，请重试", d->aField[i].zLabel);
    return -1;
  }
  az[i] = reg_seq_format(ar, p->zFormat, y, arena_printf(ar, "%lld", (long long)n));
  return 0;
}
