/*
** reg.c -- the register kernel's core: the registry, errors, the value
** checker, the SQL a declaration implies (list, count, read, create,
** update, delete/void, steps), scope, sealing of personal fields and the
** audit entry of every change.  See reg.h.
**
** The SQL is built from the declaration only (table and column names are
** the declaration's literals, never request text) and prepared with
** db_prepare_buf(); every value is bound.  The text of each statement is
** the same for every request of a register (absent filters bind NULL), so
** the statement caches of both engines keep it.
*/
#include "../common.h"
#include <pthread.h>
#include "../base/arena.h"
#include "../base/buf.h"
#include "../base/fmt.h"
#include "../base/ids.h"
#include "../base/json.h"
#include "../base/utf8.h"
#include "../base/util.h"
#include "../crypto/sm3.h"
#include "../crypto/sm4.h"
#include "../store/db.h"
#include "../core/app.h"
#include "../core/audit.h"
#include "../core/scope.h"
#include "internal.h"

static const struct reg_def *const *apReg;          /* the registers */
static char *(*xScope)(struct arena *, const struct actor *);

void reg_set_list(const struct reg_def *const *apDef){
  struct buf b = BUF_INIT;
  if( reg_check_defs(apDef, &b) ){
    /* a declaration that lies stops start-up before anything indexes by it */
    fatal("登记簿声明有误：\n%s", b.buf);
  }
  buf_release(&b);
  apReg = apDef;
}
void reg_set_scope(char *(*xScopeLike)(struct arena *, const struct actor *)){
  xScope = xScopeLike;
}
const struct reg_def *const *reg_list(void){
  static const struct reg_def *const apNone[] = { 0 };
  return apReg ? apReg : apNone;
}

const struct reg_def *reg_find(const char *zName){
  const struct reg_def *const *p;
  for(p=reg_list(); zName && *p; p++){
    if( str_eq((*p)->zName, zName) || str_eq((*p)->zCmd, zName) || str_eq((*p)->zSeg, zName) ){
      return *p;
    }
  }
  return 0;
}

int reg_field_index(const struct reg_def *d, const char *zKey){
  int i;
  for(i=0; zKey && i<d->nField; i++) if( str_eq(d->aField[i].zKey, zKey) ) return i;
  return -1;
}

int reg_state_index(const struct reg_def *d){
  return d->zStateField ? reg_field_index(d, d->zStateField) : -1;
}

int reg_title_index(const struct reg_def *d){
  int i;
  for(i=0; i<d->nField; i++) if( d->aField[i].mFlags & RF_TITLE ) return i;
  for(i=0; i<d->nField; i++) if( d->aField[i].eType==REG_TEXT ) return i;
  return 0;
}

const struct reg_step *reg_step_find(const struct reg_def *d, const char *zVerb){
  int i;
  for(i=0; zVerb && i<d->nStep; i++) if( str_eq(d->aStep[i].zVerb, zVerb) ) return &d->aStep[i];
  return 0;
}

const char **reg_values_alloc(struct arena *ar, const struct reg_def *d){
  size_t n = d && d->nField>0 ? (size_t)d->nField : 1;
  const char **az = arena_alloc(ar, sizeof(char *) * n);
  memset(az, 0, sizeof(char *) * n);
  return az;
}

bool *reg_flags_alloc(struct arena *ar, const struct reg_def *d){
  size_t n = d && d->nField>0 ? (size_t)d->nField : 1;
  bool *ab = arena_alloc(ar, sizeof(bool) * n);
  memset(ab, 0, sizeof(bool) * n);
  return ab;
}

const char *reg_choice_label(const struct reg_field *f, const char *z){
  int i;
  for(i=0; z && f->azChoice && f->azChoice[i]; i+=2){
    if( str_eq(f->azChoice[i], z) ) return f->azChoice[i+1];
  }
  return z;
}

/* The scope pattern of the actor (the core's org_scope_like unless a hook
** replaces it). */
static char *reg_scope(struct arena *ar, const struct actor *a){
  return xScope ? xScope(ar, a) : org_scope_like(ar, a);
}

/* ---- errors ------------------------------------------------------------ */

void reg_err_init(struct reg_err *e, struct arena *ar){
  memset(e, 0, sizeof(*e));
  e->ar = ar;
}

void reg_err_add(struct reg_err *e, int eKind, const char *zField, const char *zFmt, ...){
  struct buf b = BUF_INIT;
  va_list ap;
  if( e->eKind==REG_OK || e->eKind==REG_EINVALID ) e->eKind = eKind;
  if( e->n>=REG_MAX_ERRS ){
    e->nMore++;
    return;
  }
  va_start(ap, zFmt);
  fmt_vappend(&b, zFmt, ap);
  va_end(ap);
  e->a[e->n].zField = zField;
  e->a[e->n].zMsg = arena_strdup(e->ar, b.buf);
  e->n++;
  buf_release(&b);
}

const char *reg_err_of(const struct reg_err *e, const char *zField){
  int i;
  for(i=0; i<e->n; i++) if( str_eq(e->a[i].zField, zField) ) return e->a[i].zMsg;
  return 0;
}

const char *reg_err_text(const struct reg_err *e){
  struct buf b = BUF_INIT;
  const char *z;
  int i;
  for(i=0; i<e->n; i++){
    if( i ) buf_puts(&b, "；");
    buf_puts(&b, e->a[i].zMsg);
  }
  if( e->nMore ) buf_appendf(&b, "；另有 %d 个问题未列出", e->nMore);
  z = arena_strdup(e->ar, b.buf ? b.buf : "");
  buf_release(&b);
  return z;
}

/* The one table of what each kind means outside: status, code, exit. */
static const struct { int status; const char *zCode; int exitCode; } aKind[] = {
  [REG_OK]        = { 200, "ok",        0 },
  [REG_EINVALID]  = { 422, "invalid",   1 },
  [REG_ENOTFOUND] = { 404, "not_found", 3 },
  [REG_ECONFLICT] = { 409, "conflict",  1 },
  [REG_EDENIED]   = { 403, "forbidden", 4 },
  [REG_EGONE]     = { 410, "gone",      5 },
  [REG_EGATE]     = { 409, "gate",      1 },
};
int reg_err_status(int eKind){ return aKind[eKind].status; }
const char *reg_err_code(int eKind){ return aKind[eKind].zCode; }
int reg_err_exit(int eKind){ return aKind[eKind].exitCode; }

/* ---- values ------------------------------------------------------------ */

/* The register a reference field points at (fatal when undeclared). */
static const struct reg_def *reg_ref_def(const char *zRef){
  const struct reg_def *d = reg_find(zRef);
  if( d==0 ) fatal("reg: reference to unknown register %s", zRef);
  return d;
}

/* The column of field i as SQL text ("t.name"). */
static const char *reg_col(const struct reg_def *d, int i){
  return d->aField[i].zKey;
}

i64 reg_ref_lookup(const char *zRef, const struct actor *a, const char *zIn){
  const struct reg_def *d = reg_ref_def(zRef);
  struct arena *ar = arena_new();
  struct buf sql = BUF_INIT;
  struct stmt q;
  i64 id = 0, v;
  buf_appendf(&sql, "SELECT t.id FROM %s t JOIN org s ON s.id=t.%s"
                    " WHERE s.path LIKE ?1 AND (t.id=?2 OR t.%s=?3)"
                    " ORDER BY t.id LIMIT 1",
              d->zTable, d->zOrgField, reg_col(d, reg_title_index(d)));
  db_prepare_buf(&q, &sql);
  db_bind_text(&q, 1, reg_scope(ar, a));
  db_bind_int64(&q, 2, str_to_i64(zIn, 1, INT64_MAX, &v)==0 ? v : -1);
  if( d->aField[reg_title_index(d)].eType==REG_INT ){
    /* a number title (the report's year): compared as a number, as
    ** PostgreSQL compares no integer with text */
    db_bind_int64(&q, 3, str_to_i64(zIn, INT64_MIN, INT64_MAX, &v)==0 ? v : INT64_MIN);
  }else{
    db_bind_text(&q, 3, zIn);
  }
  if( db_step(&q)==DB_ROW ) id = db_column_int64(&q, 0);
  db_finalize(&q);
  buf_release(&sql);
  arena_free(ar);
  return id;
}

/* The titles reg_ref_title() found while one list is written (reg_list_
** begin/end): a list names the same few orgs and items on many rows, and
** each lookup was a statement of its own.  Direct-mapped, per thread; the
** titles live in the list's arena. */
#define REF_MEMO 128
static _Thread_local struct ref_memo {
  const char *zRef;               /* the register referred to (a literal) */
  i64 id;
  char *z;                        /* its title, in arMemo */
} aRefMemo[REF_MEMO];
static _Thread_local struct arena *arMemo;   /* non-NULL while a list runs */

void reg_list_begin(struct arena *ar){
  memset(aRefMemo, 0, sizeof(aRefMemo));
  arMemo = ar;
}

void reg_list_end(void){
  arMemo = 0;
}

/* reg_ref_title without the memo. */
static char *reg_ref_title_read(struct arena *ar, const char *zRef, i64 id);

char *reg_ref_title(struct arena *ar, const char *zRef, i64 id){
  struct ref_memo *m;
  if( arMemo==0 || ar!=arMemo ) return reg_ref_title_read(ar, zRef, id);
  m = &aRefMemo[((u64)id*2654435761u + (u64)(uintptr_t)zRef) % REF_MEMO];
  if( m->z && m->id==id && m->zRef==zRef ) return m->z;
  m->z = reg_ref_title_read(ar, zRef, id);
  m->id = id;
  m->zRef = zRef;
  return m->z;
}

static char *reg_ref_title_read(struct arena *ar, const char *zRef, i64 id){
  const struct reg_def *d = reg_ref_def(zRef);
  struct buf sql = BUF_INIT;
  struct stmt q;
  char *z = 0;
  buf_appendf(&sql, "SELECT %s FROM %s WHERE id=?1", reg_col(d, reg_title_index(d)), d->zTable);
  db_prepare_buf(&q, &sql);
  db_bind_int64(&q, 1, id);
  if( db_step(&q)==DB_ROW ) z = db_column_dup(ar, &q, 0);
  db_finalize(&q);
  buf_release(&sql);
  if( z && d->aField[reg_title_index(d)].eType==REG_CHOICE ){
    /* a title that is a choice reads as its name, not its code (#22) */
    z = arena_strdup(ar, reg_choice_label(&d->aField[reg_title_index(d)], z));
  }
  return z;
}

int reg_value(const struct reg_def *d, const struct reg_field *f, const struct actor *a,
              const char *zIn, struct arena *ar, const char **pzOut, struct reg_err *e){
  struct buf err = BUF_INIT;
  const char *z;
  int i;
  (void)d;
  *pzOut = 0;
  if( f->eType==REG_REF || f->eType==REG_FILE ){
    z = zIn ? value_fold_dup(ar, zIn, false) : 0;
    if( z && z[0] && f->eType==REG_REF ){
      i64 id = reg_ref_lookup(f->zRef, a, z);
      if( id==0 ){
        reg_err_add(e, REG_EINVALID, f->zKey, "%s“%s”不存在或不在您的管理范围内", f->zLabel, z);
        return -1;
      }
      z = arena_printf(ar, "%lld", (long long)id);
    }
    *pzOut = z && z[0] ? z : 0;
    return 0;
  }
  if( zIn && (f->mFlags & RF_CODE) ) zIn = value_fold_dup(ar, zIn, true);
  if( value_check(f->eType, f->nMax, zIn, ar, &z, &err) ){
    /* identifiers name themselves; other messages get the label */
    if( f->eType==REG_USCC || f->eType==REG_IDCARD || f->eType==REG_REGION
     || f->eType==REG_SCHOOL || f->eType==REG_PHONE ){
      reg_err_add(e, REG_EINVALID, f->zKey, "%s", err.buf);
    }else{
      reg_err_add(e, REG_EINVALID, f->zKey, "%s%s", f->zLabel, err.buf);
    }
    buf_release(&err);
    return -1;
  }
  buf_release(&err);
  if( z && f->eType==REG_CHOICE ){
    const char *zKey = value_fold_dup(ar, z, false);
    for(i=0; f->azChoice && f->azChoice[i]; i+=2){
      if( str_eq(zKey, f->azChoice[i]) || str_eq(zKey, f->azChoice[i+1]) ){
        *pzOut = f->azChoice[i];
        return 0;
      }
    }
    {
      struct buf b = BUF_INIT;
      for(i=0; f->azChoice && f->azChoice[i]; i+=2){
        if( i ) buf_puts(&b, "、");
        buf_puts(&b, f->azChoice[i+1]);
      }
      reg_err_add(e, REG_EINVALID, f->zKey, "%s应为：%s之一", f->zLabel, b.buf);
      buf_release(&b);
    }
    return -1;
  }
  *pzOut = z;
  return 0;
}

const char *reg_display(struct arena *ar, const struct reg_def *d, int iField,
                        const struct actor *a, const char *z){
  const struct reg_field *f = &d->aField[iField];
  i64 id;
  if( z==0 ) return "";
  if( (f->mFlags & RF_PERSONAL) && !(a && (a->mRoles & d->mFull)) ){
    char zOut[32];
    if( f->eType==REG_IDCARD ){
      ids_mask_idcard(z, zOut);
    }else{
      ids_mask_phone(z, zOut);
    }
    return arena_strdup(ar, zOut);
  }
  switch( f->eType ){
    case REG_CHOICE: return reg_choice_label(f, z);
    case REG_BOOL:   return str_eq(z, "1") ? "是" : "否";
    case REG_REF:
      if( str_to_i64(z, 1, INT64_MAX, &id)==0 ){
        char *zT = reg_ref_title(ar, f->zRef, id);
        return zT ? zT : z;
      }
      return z;
  }
  return z;
}

/* ---- personal fields --------------------------------------------------- */

/* The sealed form of z as hex, in ar. */
static char *reg_seal(struct arena *ar, const char *z){
  struct buf b = BUF_INIT;
  char *zHex;
  sm4_seal(&app.keys, z, strlen(z), &b);
  zHex = arena_alloc(ar, b.len*2+1);
  hex_encode((const u8 *)b.buf, b.len, zHex);
  buf_release(&b);
  return zHex;
}

/* The plain text of a sealed hex value, in ar ("" when it cannot be
** opened: another key file, or tampered). */
static char *reg_open(struct arena *ar, const char *zHex){
  size_t n = strlen(zHex)/2;
  u8 *p = arena_alloc(ar, n+1);
  struct buf b = BUF_INIT;
  char *z;
  int k = hex_decode(zHex, p, n);
  if( k<0 || sm4_open(&app.keys, p, (size_t)k, &b) ){
    buf_release(&b);
    return arena_strdup(ar, "");
  }
  z = arena_strndup(ar, b.buf ? b.buf : "", b.len);
  buf_release(&b);
  return z;
}

/* The blind index of a personal value, in ar. */
static char *reg_blind(struct arena *ar, const char *z){
  char *zOut = arena_alloc(ar, 65);
  blind_index(&app.keys, z, zOut);
  return zOut;
}

/* ---- reading ----------------------------------------------------------- */

void reg_query_init(struct reg_query *pq){
  memset(pq, 0, sizeof(*pq));
  pq->iSort = -1;
  pq->limit = INT64_MAX;
}

const char **reg_query_filters(struct reg_query *pq, const struct reg_def *d, struct arena *ar){
  if( pq->azFilter==0 ){
    pq->azFilter = arena_alloc(ar, sizeof(char *) * (size_t)(d->nField ? d->nField : 1));
    memset(pq->azFilter, 0, sizeof(char *) * (size_t)(d->nField ? d->nField : 1));
  }
  return pq->azFilter;
}

/* True for the fields stored as integers. */
static bool reg_is_int(const struct reg_field *f){
  return f->eType==REG_INT || f->eType==REG_REF || f->eType==REG_BOOL;
}

/* Append the FROM and WHERE of a list to sql.  Parameters: ?1 scope, ?2
** search text, ?3 its LIKE pattern, ?4 voided too, ?5 rows outside the
** scope that zScopeAlso lets everyone read (1 when the list is filtered:
** the partner departments are in "kind = 其他部门", not in the plain
** list of one's own orgs), then one per filter field, then one per
** personal searched field (reg_bind_where). */
static void reg_where(const struct reg_def *d, struct buf *sql){
  int i, n = 6, nSearch = 0;
  buf_appendf(sql, " FROM %s t JOIN org s ON s.id=t.%s WHERE (s.path LIKE ?1", d->zTable,
              d->zOrgField);
  if( d->zScopeAlso ) buf_appendf(sql, " OR (?5=1 AND %s))", d->zScopeAlso);
  else buf_puts(sql, " OR ?5=2)");
  if( d->eDelete==REG_DEL_VOID ) buf_puts(sql, " AND (?4=1 OR t.voided_at IS NULL)");
  else buf_puts(sql, " AND ?4 IS NOT NULL");
  for(i=0; i<d->nField; i++){
    if( !(d->aField[i].mFlags & RF_FILTER) ) continue;
    if( reg_is_int(&d->aField[i]) ){
      /* an integer filter has a flag of its own: PostgreSQL cannot type a
      ** NULL that is only compared with IS NULL */
      buf_appendf(sql, " AND (?%d=0 OR t.%s=?%d)", n, reg_col(d, i), n+1);
      n += 2;
    }else{
      buf_appendf(sql, " AND (?%d IS NULL OR t.%s=?%d)", n, reg_col(d, i), n);
      n++;
    }
  }
  buf_puts(sql, " AND (?2 IS NULL");
  for(i=0; i<d->nField; i++){
    const struct reg_field *f = &d->aField[i];
    if( !(f->mFlags & RF_SEARCH) ) continue;
    nSearch++;
    if( f->mFlags & RF_PERSONAL ){
      buf_appendf(sql, " OR t.%s_idx=?%d", f->zKey, n++);
    }else if( f->eType==REG_TEXT ){
      buf_appendf(sql, " OR t.%s LIKE ?3 ESCAPE '\\'", f->zKey);
    }else{
      buf_appendf(sql, " OR t.%s=?2", f->zKey);
    }
  }
  if( nSearch==0 ) buf_puts(sql, " OR ?3 IS NULL");
  buf_puts(sql, ")");
}

char *reg_like(struct arena *ar, const char *z){
  struct buf b = BUF_INIT;
  char *zOut;
  buf_putc(&b, '%');
  for(; *z; z++){
    if( *z=='%' || *z=='_' || *z=='\\' ) buf_putc(&b, '\\');
    buf_putc(&b, *z);
  }
  buf_putc(&b, '%');
  zOut = arena_strdup(ar, b.buf);
  buf_release(&b);
  return zOut;
}

/* The first parameter after those of reg_where. */
static int reg_nparam(const struct reg_def *d){
  int i, n = 6;
  for(i=0; i<d->nField; i++){
    if( d->aField[i].mFlags & RF_FILTER ) n += reg_is_int(&d->aField[i]) ? 2 : 1;
    if( (d->aField[i].mFlags & RF_SEARCH) && (d->aField[i].mFlags & RF_PERSONAL) ) n++;
  }
  return n;
}

/* Bind the parameters of reg_where. */
static void reg_bind_where(const struct reg_def *d, const struct actor *a,
                           const struct reg_query *pq, struct stmt *q, struct arena *ar){
  int i, n = 6;
  bool bFiltered = false;
  db_bind_text(q, 1, reg_scope(ar, a));
  db_bind_text(q, 2, pq->zSearch);
  db_bind_text(q, 3, pq->zSearch ? reg_like(ar, pq->zSearch) : 0);
  db_bind_int64(q, 4, pq->bVoided ? 1 : 0);
  for(i=0; pq->azFilter && i<d->nField; i++) if( pq->azFilter[i] ) bFiltered = true;
  db_bind_int64(q, 5, bFiltered ? 1 : 0);
  for(i=0; i<d->nField; i++){
    const struct reg_field *f = &d->aField[i];
    const char *zF = pq->azFilter ? pq->azFilter[i] : 0;
    i64 v;
    if( !(f->mFlags & RF_FILTER) ) continue;
    if( reg_is_int(f) ){
      db_bind_int64(q, n, zF!=0);
      db_bind_int64(q, n+1, zF && str_to_i64(zF, INT64_MIN+1, INT64_MAX, &v)==0 ? v : -1);
      n += 2;
    }else{
      db_bind_text(q, n, zF);
      n++;
    }
  }
  for(i=0; i<d->nField; i++){
    const struct reg_field *f = &d->aField[i];
    const char *zNorm = 0;
    struct buf err = BUF_INIT;
    if( !(f->mFlags & RF_SEARCH) || !(f->mFlags & RF_PERSONAL) ) continue;
    /* the blind index answers only those who see the field in full: to a
    ** role that sees it masked, a hit would confirm a guessed number */
    if( pq->zSearch && a && (a->mRoles & d->mFull)
     && value_check(f->eType, 0, pq->zSearch, ar, &zNorm, &err)==0 && zNorm ){
      db_bind_text(q, n, reg_blind(ar, zNorm));
    }else{
      db_bind_text(q, n, 0);
    }
    buf_release(&err);
    n++;
  }
}

void reg_columns(const struct reg_def *d, struct buf *sql){
  int i;
  buf_appendf(sql, "SELECT t.id, t.created_at, t.updated_at, %s",
              d->eDelete==REG_DEL_VOID ? "t.void_reason" : "NULL");
  for(i=0; i<d->nField; i++) buf_appendf(sql, ", t.%s", reg_col(d, i));
  buf_puts(sql, ", t.version");
}

void reg_select(const struct reg_def *d, const struct actor *a, const struct reg_query *pq,
                struct stmt *q){
  struct arena *ar = arena_new();
  struct buf sql = BUF_INIT;
  int n;
  reg_columns(d, &sql);
  reg_where(d, &sql);
  if( pq->bById ){
    buf_puts(&sql, " ORDER BY t.id");
  }else if( pq->iSort>=0 && pq->iSort<d->nField
   && !(d->aField[pq->iSort].mFlags & RF_PERSONAL) ){
    const struct reg_field *f = &d->aField[pq->iSort];
    buf_appendf(&sql, " ORDER BY t.%s%s%s, t.id", f->zKey,
                f->eType==REG_TEXT ? " COLLATE zh" : "", pq->bDesc ? " DESC" : "");
  }else{
    buf_appendf(&sql, " ORDER BY %s", d->zOrder ? d->zOrder : "t.id");
  }
  n = reg_nparam(d);
  buf_appendf(&sql, " LIMIT ?%d OFFSET ?%d", n, n+1);
  db_prepare_buf(q, &sql);
  reg_bind_where(d, a, pq, q, ar);
  db_bind_int64(q, n, pq->limit);
  db_bind_int64(q, n+1, pq->offset);
  buf_release(&sql);
  arena_free(ar);
}

i64 reg_count(const struct reg_def *d, const struct actor *a, const struct reg_query *pq){
  struct arena *ar = arena_new();
  struct buf sql = BUF_INIT;
  struct stmt q;
  i64 n = 0;
  buf_puts(&sql, "SELECT count(*)");
  reg_where(d, &sql);
  db_prepare_buf(&q, &sql);
  reg_bind_where(d, a, pq, &q, ar);
  if( db_step(&q)==DB_ROW ) n = db_column_int64(&q, 0);
  db_finalize(&q);
  buf_release(&sql);
  arena_free(ar);
  return n;
}

void reg_row(const struct reg_def *d, struct stmt *q, struct arena *ar, struct reg_rec *pRec){
  int i;
  pRec->id = db_column_int64(q, 0);
  pRec->createdAt = db_column_int64(q, 1);
  pRec->updatedAt = db_column_int64(q, 2);
  pRec->zVoidReason = db_column_dup(ar, q, 3);
  pRec->az = arena_alloc(ar, sizeof(char *) * (size_t)d->nField);
  for(i=0; i<d->nField; i++){
    const char *z = db_column_text(q, 4+i);
    if( z && (d->aField[i].mFlags & RF_PERSONAL) ){
      pRec->az[i] = reg_open(ar, z);
    }else{
      pRec->az[i] = z ? arena_strdup(ar, z) : 0;
    }
  }
  pRec->version = db_column_int64(q, 4+d->nField);
}

/* reg_get, with the row locked for the transaction when bLock. */
static int reg_get_lock(const struct reg_def *d, const struct actor *a, i64 id,
                        struct arena *ar, struct reg_rec *pRec, struct reg_err *e, bool bLock){
  struct buf sql = BUF_INIT;
  struct stmt q;
  int rc = -1;
  reg_columns(d, &sql);
  buf_appendf(&sql, " FROM %s t JOIN org s ON s.id=t.%s WHERE t.id=?1"
                    " AND (s.path LIKE ?2%s%s%s)",
              d->zTable, d->zOrgField, d->zScopeAlso ? " OR (" : "",
              d->zScopeAlso ? d->zScopeAlso : "", d->zScopeAlso ? ")" : "");
  if( bLock ) db_append_for_update(&sql, "t");
  db_prepare_buf(&q, &sql);
  db_bind_int64(&q, 1, id);
  db_bind_text(&q, 2, reg_scope(ar, a));
  if( db_step(&q)==DB_ROW ){
    reg_row(d, &q, ar, pRec);
    rc = 0;
  }
  db_finalize(&q);
  buf_release(&sql);
  if( rc ) reg_err_add(e, REG_ENOTFOUND, 0, "%s不存在或不在您的管理范围内", d->zTitle);
  return rc;
}

int reg_get(const struct reg_def *d, const struct actor *a, i64 id, struct arena *ar,
            struct reg_rec *pRec, struct reg_err *e){
  return reg_get_lock(d, a, id, ar, pRec, e, false);
}

int reg_get_locked(const struct reg_def *d, const struct actor *a, i64 id, struct arena *ar,
                   struct reg_rec *pRec, struct reg_err *e){
  return reg_get_lock(d, a, id, ar, pRec, e, true);
}

void reg_note_out_of_scope(const struct reg_def *d, const struct actor *a, i64 id){
  struct buf sql = BUF_INIT;
  struct stmt q;
  bool bThere;
  char zId[24];
  if( id<=0 || db_txn_depth() ) return;
  buf_appendf(&sql, "SELECT 1 FROM %s WHERE id=?1", d->zTable);
  db_prepare_buf(&q, &sql);
  db_bind_int64(&q, 1, id);
  bThere = db_step(&q)==DB_ROW;
  db_finalize(&q);
  buf_release(&sql);
  if( !bThere ) return;
  snprintf(zId, sizeof(zId), "%lld", (long long)id);
  audit_write_now(a, "denied", d->zName, zId, 0, "{\"reason\":\"scope\"}");
}

void reg_rec_json(struct json_w *j, const struct reg_def *d, const struct reg_rec *pRec,
                  const struct actor *a, struct arena *ar){
  int i;
  json_obj_open(j, 0);
  json_int(j, "id", pRec->id);
  for(i=0; i<d->nField; i++){
    const struct reg_field *f = &d->aField[i];
    const char *z = pRec->az[i];
    i64 v;
    if( z && (f->mFlags & RF_PERSONAL) ){
      /* the audit (a==NULL) keeps only the masked form */
      if( a==0 || !(a->mRoles & d->mFull) ) z = reg_display(ar, d, i, 0, z);
      json_str(j, f->zKey, z);
    }else if( z==0 ){
      json_null_val(j, f->zKey);
    }else if( (f->eType==REG_INT || f->eType==REG_REF)
           && str_to_i64(z, INT64_MIN+1, INT64_MAX, &v)==0 ){
      json_int(j, f->zKey, v);
    }else if( f->eType==REG_BOOL ){
      json_bool(j, f->zKey, str_eq(z, "1"));
    }else{
      json_str(j, f->zKey, z);
    }
    if( a && f->eType==REG_FILE ) reg_file_json(j, d, pRec, i, ar);
    if( a && f->eType==REG_DATE && d->nDeadline ){
      int bProv = reg_due_provisional(d, i, z);
      if( bProv>=0 ) json_bool(j, arena_printf(ar, "%s_provisional", f->zKey), bProv);
    }
    if( a && (f->eType==REG_CHOICE || f->eType==REG_REF) ){
      char *zKey = arena_printf(ar, "%s_name", f->zKey);
      if( z ) json_str(j, zKey, reg_display(ar, d, i, a, z));
      else json_null_val(j, zKey);
    }
  }
  if( a && pRec->version ) json_int(j, "version", pRec->version);
  if( d->eDelete==REG_DEL_VOID && a ){
    json_bool(j, "voided", pRec->zVoidReason!=0);
    if( pRec->zVoidReason ) json_str(j, "void_reason", pRec->zVoidReason);
  }
  json_obj_close(j);
}

/* The audit text of a record (from the declaration), in ar. */
char *reg_audit_text(struct arena *ar, const struct reg_def *d, i64 id, const char **az,
                            const char *zVoid){
  struct buf b = BUF_INIT;
  struct json_w j;
  struct reg_rec rec;
  char *z;
  memset(&rec, 0, sizeof(rec));
  rec.id = id;
  rec.az = az;
  json_init(&j, &b);
  reg_rec_json(&j, d, &rec, 0, ar);
  if( zVoid ){
    buf_truncate(&b, b.len-1);
    buf_appendf(&b, ",\"void_reason\":%j}", zVoid);
  }
  z = arena_strdup(ar, b.buf);
  buf_release(&b);
  return z;
}

/* ---- writing ----------------------------------------------------------- */

/* Check every field of azIn (all of them: the form shows every problem at
** once) into azOut; required and unique rules too.  id is the row being
** changed (0 for a create).  Returns the number of problems. */
static int reg_check_all_id(const struct reg_def *d, const struct actor *a, i64 id,
                         const char **azIn, const char **azOut, struct arena *ar,
                         struct reg_err *e, const bool *abTrust){
  int i, nErr0 = e->n;
  for(i=0; i<d->nField; i++){
    const struct reg_field *f = &d->aField[i];
    if( abTrust && abTrust[i] && f->eType==REG_REF && azIn[i] ){
      /* a reference the kernel read itself (a public page's record):
      ** it need only exist, whatever the actor's scope */
      const struct reg_def *dRef = reg_ref_def(f->zRef);
      struct buf sql = BUF_INIT;
      i64 v;
      bool bThere = false;
      if( str_to_i64(azIn[i], 1, INT64_MAX, &v)==0 ){
        buf_appendf(&sql, "SELECT 1 FROM %s WHERE id=?1", dRef->zTable);
        {
          struct stmt q;
          db_prepare_buf(&q, &sql);
          db_bind_int64(&q, 1, v);
          bThere = db_step(&q)==DB_ROW;
          db_finalize(&q);
        }
      }
      buf_release(&sql);
      if( !bThere ) reg_err_add(e, REG_EINVALID, f->zKey, "%s不存在", f->zLabel);
      azOut[i] = bThere ? azIn[i] : 0;
      continue;
    }
    if( reg_value(d, f, a, azIn[i], ar, &azOut[i], e) ) continue;
    if( azOut[i]==0 && (f->mFlags & RF_REQUIRED) && !(f->mFlags & RF_READONLY) ){
      reg_err_add(e, REG_EINVALID, f->zKey, "请填写%s", f->zLabel);
      continue;
    }
    if( azOut[i] && (f->mFlags & RF_UNIQUE) ){
      struct buf sql = BUF_INIT;
      struct stmt q;
      bool bPersonal = (f->mFlags & RF_PERSONAL)!=0;
      buf_appendf(&sql, "SELECT %s FROM %s WHERE %s%s=?1 AND id!=?2",
                  reg_col(d, reg_title_index(d)), d->zTable, f->zKey, bPersonal ? "_idx" : "");
      db_prepare_buf(&q, &sql);
      if( f->eType==REG_INT || f->eType==REG_REF ){
        db_bind_int64(&q, 1, (i64)strtoll(azOut[i], 0, 10));  /* PostgreSQL: typed */
      }else{
        db_bind_text(&q, 1, bPersonal ? reg_blind(ar, azOut[i]) : azOut[i]);
      }
      db_bind_int64(&q, 2, id);
      if( db_step(&q)==DB_ROW ){
        reg_err_add(e, REG_ECONFLICT, f->zKey, "%s %s 已被“%s”使用", f->zLabel,
                    bPersonal ? reg_display(ar, d, i, 0, azOut[i]) : azOut[i],
                    db_column_text(&q, 0) ? db_column_text(&q, 0) : "");
      }
      db_finalize(&q);
      buf_release(&sql);
    }
  }
  return e->n - nErr0;
}

int reg_check_row(const struct reg_def *d, const struct actor *a, const char **azIn,
                  const char **azOut, struct arena *ar, struct reg_err *e){
  int iState = reg_state_index(d);
  int n = reg_check_all_id(d, a, 0, azIn, azOut, ar, e, 0);
  if( iState>=0 ) azOut[iState] = d->zInitial;
  return n;
}

/* Bind value z of field f as parameter n (sealed when personal; returns
** the next parameter, after the blind index of a personal field). */
static int reg_bind_value(struct stmt *q, int n, const struct reg_field *f, const char *z,
                          struct arena *ar){
  i64 v;
  if( f->mFlags & RF_PERSONAL ){
    db_bind_text(q, n, z ? reg_seal(ar, z) : 0);
    db_bind_text(q, n+1, z ? reg_blind(ar, z) : 0);
    return n+2;
  }
  if( z && (f->eType==REG_INT || f->eType==REG_REF || f->eType==REG_BOOL)
   && str_to_i64(z, INT64_MIN+1, INT64_MAX, &v)==0 ){
    db_bind_int64(q, n, v);
  }else if( z==0 && (f->eType==REG_INT || f->eType==REG_REF || f->eType==REG_BOOL) ){
    db_bind_null(q, n);
  }else{
    db_bind_text(q, n, z);
  }
  return n+1;
}

/* Run the register's derive hook on c (every write); returns 0. */
static int reg_derive(struct reg_ctx *c){
  if( c->d->xDerive ) c->d->xDerive(c);
  if( c->d->nDeadline ) reg_deadline_derive(c);   /* the declared due days */
  return 0;
}

/* Write azNew as row id (insert when *pId is 0).  Returns 0, or -1 with
** a conflict in e (the transaction must then roll back). */
int reg_store_row(const struct reg_def *d, i64 *pId, const char **azNew, struct arena *ar,
                  struct reg_err *e){
  return reg_store_row_at(d, pId, 0, azNew, ar, e);
}

int reg_store_row_at(const struct reg_def *d, i64 *pId, i64 version, const char **azNew,
                     struct arena *ar, struct reg_err *e){
  struct buf sql = BUF_INIT;
  struct stmt q;
  int i, n = 1, rc;
  bool bStored;
  i64 now = time_now();
  if( *pId==0 ){
    buf_appendf(&sql, "INSERT INTO %s(", d->zTable);
    for(i=0; i<d->nField; i++){
      buf_appendf(&sql, "%s, ", d->aField[i].zKey);
      if( d->aField[i].mFlags & RF_PERSONAL ) buf_appendf(&sql, "%s_idx, ", d->aField[i].zKey);
    }
    buf_puts(&sql, "created_at, updated_at) VALUES(");
    for(i=0; i<d->nField; i++){
      buf_appendf(&sql, "?%d, ", n++);
      if( d->aField[i].mFlags & RF_PERSONAL ) buf_appendf(&sql, "?%d, ", n++);
    }
    buf_appendf(&sql, "?%d, ?%d) RETURNING id", n, n);
  }else{
    buf_appendf(&sql, "UPDATE %s SET ", d->zTable);
    for(i=0; i<d->nField; i++){
      buf_appendf(&sql, "%s=?%d, ", d->aField[i].zKey, n++);
      if( d->aField[i].mFlags & RF_PERSONAL ) buf_appendf(&sql, "%s_idx=?%d, ", d->aField[i].zKey, n++);
    }
    buf_appendf(&sql, "version=version+1, updated_at=?%d WHERE id=?%d"
                      " AND (?%d=0 OR version=?%d) RETURNING id", n, n+1, n+2, n+2);
  }
  db_prepare_buf(&q, &sql);
  n = 1;
  for(i=0; i<d->nField; i++) n = reg_bind_value(&q, n, &d->aField[i], azNew[i], ar);
  db_bind_int64(&q, n, now);
  if( *pId ){
    db_bind_int64(&q, n+1, *pId);
    db_bind_int64(&q, n+2, version);
  }
  rc = db_step(&q);
  if( rc==DB_ROW ) *pId = db_column_int64(&q, 0);
  bStored = rc==DB_ROW;
  while( rc==DB_ROW ) rc = db_step(&q);
  db_finalize(&q);
  buf_release(&sql);
  if( rc==DB_CONSTRAINT ){
    reg_err_add(e, REG_ECONFLICT, 0, "%s与已有记录冲突（重复的代码或编号），未保存", d->zTitle);
    return -1;
  }
  if( !bStored && !db_failed() ){
    reg_err_add(e, REG_ECONFLICT, 0, "该%s已被他人修改，您的修改未保存，请重新打开后再改", d->zTitle);
    return -1;
  }
  return 0;
}

void reg_lock_rules(const struct reg_def *d){
  bool bRule = d->xCheck || d->xAfter;
  int i;
  char zKey[80];
  for(i=0; i<d->nStep; i++) if( d->aStep[i].xRule ) bRule = true;
  if( !bRule ) return;
  snprintf(zKey, sizeof(zKey), "reg:%s", d->zName);
  db_lock_key(zKey);
}

int reg_create(const struct reg_def *d, const struct actor *a, const char **azIn,
               i64 *pId, struct reg_err *e){
  return reg_create_trusted(d, a, azIn, 0, pId, e);
}

int reg_create_trusted(const struct reg_def *d, const struct actor *a, const char **azIn,
                       const bool *abTrust, i64 *pId, struct reg_err *e){
  struct arena *ar = arena_new();
  const char **azNew = arena_alloc(ar, sizeof(char *) * (size_t)d->nField);
  struct reg_ctx c;
  char zId[24];
  const char **azGiven = arena_alloc(ar, sizeof(char *) * (size_t)d->nField);
  int i;
  *pId = 0;
  for(i=0; i<d->nField; i++){
    azGiven[i] = (d->aField[i].mFlags & RF_READONLY) ? 0 : azIn[i];
  }
  db_begin();
  reg_lock_rules(d);
  if( d->zParentField && reg_child_fill(d, a, azIn, azGiven, ar, e) ) goto fail;
  reg_check_all_id(d, a, 0, azGiven, azNew, ar, e, abTrust);
  if( reg_state_index(d)>=0 ) azNew[reg_state_index(d)] = d->zInitial;
  reg_rules_check(d, 0, azNew, ar, e);
  memset(&c, 0, sizeof(c));
  c.d = d; c.a = a; c.ar = ar; c.azNew = azNew; c.zVerb = "create"; c.pErr = e;
  if( d->xCheck ) d->xCheck(&c);     /* its problems join the fields' */
  if( e->n || reg_derive(&c) || reg_number_assign(d, "create", azNew, ar, e)
   || reg_store_row(d, pId, azNew, ar, e) ) goto fail;
  c.id = *pId;
  if( d->xAfter && d->xAfter(&c) ) goto fail;
  if( d->zParentField && reg_child_touch(d, a, azNew, ar, e) ) goto fail;
  snprintf(zId, sizeof(zId), "%lld", (long long)*pId);
  audit_write(a, "create", d->zName, zId, 0, reg_audit_text(ar, d, *pId, azNew, 0));
  db_commit();
  arena_free(ar);
  return 0;
fail:
  db_rollback();
  arena_free(ar);
  *pId = 0;
  return -1;
}

int reg_update(const struct reg_def *d, const struct actor *a, i64 id,
               const char **azIn, const bool *abSet, struct reg_err *e){
  return reg_update_at(d, a, id, 0, azIn, abSet, e);
}

int reg_update_at(const struct reg_def *d, const struct actor *a, i64 id, i64 version,
                  const char **azIn, const bool *abSet, struct reg_err *e){
  struct arena *ar = arena_new();
  const char **azNew = arena_alloc(ar, sizeof(char *) * (size_t)d->nField);
  const char **azMix = arena_alloc(ar, sizeof(char *) * (size_t)d->nField);
  bool *abMine = arena_alloc(ar, sizeof(bool) * (size_t)d->nField);
  struct reg_rec old;
  struct reg_ctx c;
  char zId[24];
  int i;
  db_begin();
  reg_lock_rules(d);
  if( reg_get_locked(d, a, id, ar, &old, e) ) goto fail;
  if( old.zVoidReason ){
    reg_err_add(e, REG_EGONE, 0, "该%s已作废，不能修改", d->zTitle);
    goto fail;
  }
  if( version && old.version!=version ){
    reg_err_add(e, REG_ECONFLICT, 0, "该%s在您打开后已被他人修改并保存，您的修改未保存；"
                "请重新打开查看最新内容后再改", d->zTitle);
    goto fail;
  }
  for(i=0; i<d->nField; i++){
    /* a value sent back as it was (a form) is not a change */
    bool bSet = abSet[i] && !(d->aField[i].mFlags & RF_READONLY)
             && !(azIn[i] && old.az[i] && strcmp(azIn[i], old.az[i])==0);
    azMix[i] = bSet ? azIn[i] : old.az[i];
    abMine[i] = bSet;
  }
  reg_check_all_id(d, a, id, azMix, azNew, ar, e, 0);
  for(i=0; i<d->nField; i++){
    /* read-only values are kept exactly (a reference out of the actor's
    ** reach stays as it was) */
    if( !abMine[i] ) azNew[i] = old.az[i];
  }
  if( e->n ){
    /* problems only in values not being changed are not the actor's */
    int k, nKeep = 0;
    for(k=0; k<e->n; k++){
      int iF = reg_field_index(d, e->a[k].zField);
      if( iF<0 || abMine[iF] ) e->a[nKeep++] = e->a[k];
    }
    e->n = nKeep;
    if( nKeep==0 ) e->eKind = REG_OK;
  }
  reg_rules_check(d, id, azNew, ar, e);
  memset(&c, 0, sizeof(c));
  c.d = d; c.a = a; c.ar = ar; c.id = id; c.azOld = old.az; c.azNew = azNew;
  c.zVerb = "update"; c.pErr = e;
  if( d->xCheck ) d->xCheck(&c);
  if( e->n || reg_derive(&c) || reg_store_row_at(d, &id, old.version, azNew, ar, e) ) goto fail;
  if( d->xAfter && d->xAfter(&c) ) goto fail;
  if( d->zParentField && reg_child_touch(d, a, azNew, ar, e) ) goto fail;
  if( d->nChild ) reg_child_follow(d, id, azNew);
  snprintf(zId, sizeof(zId), "%lld", (long long)id);
  audit_write(a, "update", d->zName, zId, reg_audit_text(ar, d, id, old.az, 0),
              reg_audit_text(ar, d, id, azNew, 0));
  db_commit();
  arena_free(ar);
  return 0;
fail:
  db_rollback();
  arena_free(ar);
  return -1;
}

int reg_delete(const struct reg_def *d, const struct actor *a, i64 id,
               const char *zReason, struct reg_err *e){
  struct arena *ar = arena_new();
  struct reg_rec old;
  struct buf sql = BUF_INIT;
  char zId[24];
  if( d->eDelete==REG_DEL_NONE ){
    reg_err_add(e, REG_EDENIED, 0, "%s不能删除", d->zTitle);
    arena_free(ar);
    return -1;
  }
  db_begin();
  if( reg_get_locked(d, a, id, ar, &old, e) ) goto fail;
  snprintf(zId, sizeof(zId), "%lld", (long long)id);
  if( d->eDelete==REG_DEL_VOID ){
    struct stmt q;
    if( old.zVoidReason ){
      reg_err_add(e, REG_EGONE, 0, "该%s已作废", d->zTitle);
      goto fail;
    }
    if( zReason==0 || utf8_is_blank(zReason) ){
      reg_err_add(e, REG_EINVALID, "reason", "请填写作废原因");
      goto fail;
    }
    buf_appendf(&sql, "UPDATE %s SET void_reason=?1, voided_at=?2, updated_at=?2,"
                      " version=version+1 WHERE id=?3", d->zTable);
    db_prepare_buf(&q, &sql);
    db_bind_text(&q, 1, zReason);
    db_bind_int64(&q, 2, time_now());
    db_bind_int64(&q, 3, id);
    db_step(&q);
    db_finalize(&q);
    if( d->zParentField && reg_child_touch(d, a, old.az, ar, e) ) goto fail;
    audit_write(a, "void", d->zName, zId, reg_audit_text(ar, d, id, old.az, 0),
                reg_audit_text(ar, d, id, old.az, zReason));
  }else{
    struct stmt q;
    int rc;
    buf_appendf(&sql, "DELETE FROM %s WHERE id=?1", d->zTable);
    db_prepare_buf(&q, &sql);
    db_bind_int64(&q, 1, id);
    rc = db_step(&q);
    db_finalize(&q);
    if( rc==DB_CONSTRAINT ){
      reg_err_add(e, REG_ECONFLICT, 0, "还有其他记录引用该%s，不能删除", d->zTitle);
      goto fail;
    }
    audit_write(a, "delete", d->zName, zId, reg_audit_text(ar, d, id, old.az, 0), 0);
  }
  db_commit();
  buf_release(&sql);
  arena_free(ar);
  return 0;
fail:
  db_rollback();
  buf_release(&sql);
  arena_free(ar);
  return -1;
}

int reg_step(const struct reg_def *d, const struct actor *a, i64 id, const char *zVerb,
             const char **azIn, struct reg_err *e){
  return reg_step_at(d, a, id, 0, zVerb, azIn, e);
}

int reg_step_at(const struct reg_def *d, const struct actor *a, i64 id, i64 version,
                const char *zVerb, const char **azIn, struct reg_err *e){
  const struct reg_step *s = reg_step_find(d, zVerb);
  struct arena *ar = arena_new();
  const char **azNew = arena_alloc(ar, sizeof(char *) * (size_t)d->nField);
  struct reg_rec old;
  struct reg_ctx c;
  char zId[24];
  int i, iState = reg_state_index(d);
  bool bFrom = false;
  db_begin();
  if( s==0 || iState<0 ){
    reg_err_add(e, REG_ENOTFOUND, 0, "%s没有“%s”这一步", d->zTitle, zVerb ? zVerb : "");
    goto fail;
  }
  reg_lock_rules(d);
  if( reg_get_locked(d, a, id, ar, &old, e) ) goto fail;
  if( s->mRoles && !(s->mRoles & a->mRoles) ){
    reg_err_add(e, REG_EDENIED, 0, "您的角色不能%s", s->zLabel);
    goto fail;
  }
  if( old.zVoidReason ){
    reg_err_add(e, REG_EGONE, 0, "该%s已作废", d->zTitle);
    goto fail;
  }
  for(i=0; s->azFrom[i]; i++) if( str_eq(s->azFrom[i], old.az[iState]) ) bFrom = true;
  if( version && old.version!=version ){
    /* someone else changed it since the page or client read it */
    reg_err_add(e, REG_ECONFLICT, d->zStateField, "该%s已被他人处理，当前状态为“%s”，未%s",
                d->zTitle, reg_choice_label(&d->aField[iState], old.az[iState]), s->zLabel);
    goto fail;
  }
  if( !bFrom && str_eq(old.az[iState], s->zTo) ){
    /* the same step taken twice: the first (perhaps another user's) won */
    reg_err_add(e, REG_ECONFLICT, d->zStateField, "该%s已被处理，当前状态为“%s”，不能再%s",
                d->zTitle, reg_choice_label(&d->aField[iState], old.az[iState]), s->zLabel);
    goto fail;
  }
  if( !bFrom ){
    reg_err_add(e, REG_ECONFLICT, d->zStateField, "当前状态为“%s”，不能%s",
                reg_choice_label(&d->aField[iState], old.az[iState]), s->zLabel);
    goto fail;
  }
  for(i=0; i<d->nField; i++) azNew[i] = old.az[i];
  for(i=0; s->azAsk && s->azAsk[i]; i++){
    int k = reg_field_index(d, s->azAsk[i]);
    const struct reg_field *f;
    if( k<0 ) fatal("reg: %s step %s asks for unknown field %s", d->zName, s->zVerb, s->azAsk[i]);
    f = &d->aField[k];
    if( reg_value(d, f, a, azIn[k], ar, &azNew[k], e) ) continue;
    if( azNew[k]==0 && (f->mFlags & RF_REQUIRED) ){
      reg_err_add(e, REG_EINVALID, f->zKey, "请填写%s", f->zLabel);
    }
  }
  azNew[iState] = s->zTo;
  memset(&c, 0, sizeof(c));
  c.d = d; c.a = a; c.ar = ar; c.id = id; c.azOld = old.az; c.azNew = azNew;
  c.zVerb = s->zVerb; c.pErr = e;
  if( e->n ) goto fail;
  /* the gate, on the record as the step leaves it, inside the transaction */
  if( reg_gate_check(d, a, s, id, azNew, true, ar, e) ) goto fail;
  if( s->xRule && (s->xRule(&c) || e->n) ){
    if( e->n==0 ) reg_err_add(e, REG_EINVALID, 0, "不能%s", s->zLabel);
    goto fail;
  }
  reg_rules_check(d, id, azNew, ar, e);
  if( d->xCheck ) d->xCheck(&c);
  if( e->n || reg_derive(&c) || reg_number_assign(d, s->zVerb, azNew, ar, e)
   || reg_store_row_at(d, &id, old.version, azNew, ar, e) ) goto fail;
  if( d->xAfter && d->xAfter(&c) ) goto fail;
  snprintf(zId, sizeof(zId), "%lld", (long long)id);
  audit_write(a, s->zVerb, d->zName, zId, reg_audit_text(ar, d, id, old.az, 0),
              reg_audit_text(ar, d, id, azNew, 0));
  db_commit();
  arena_free(ar);
  return 0;
fail:
  db_rollback();
  arena_free(ar);
  return -1;
}

const struct audit_kind *reg_audit_kind(const struct reg_def *d){
  static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
  /* made once per register and kept for the life of the process: a list,
  ** as long as the registers are many */
  static struct reg_kind_node { const struct reg_def *d; struct audit_kind k;
                                 struct reg_kind_node *pNext; } *pKinds;
  const struct audit_kind *p = 0;
  struct reg_kind_node *pK;
  int i;
  pthread_mutex_lock(&mu);
  for(pK=pKinds; pK; pK=pK->pNext) if( pK->d==d ) p = &pK->k;
  if( p==0 ){
    struct audit_field *aF = xcalloc((size_t)d->nField + 2, sizeof(*aF));
    struct audit_kind *k;
    pK = xcalloc(1, sizeof(*pK));
    pK->d = d;
    pK->pNext = pKinds;
    pKinds = pK;
    k = &pK->k;
    aF[0].zKey = "id";
    aF[0].zLabel = "编号";
    aF[0].eType = AF_HIDE;
    for(i=0; i<d->nField; i++){
      const struct reg_field *f = &d->aField[i];
      aF[i+1].zKey = f->zKey;
      aF[i+1].zLabel = f->zLabel;
      aF[i+1].eType = f->eType==REG_CHOICE ? AF_CHOICE
                    : f->eType==REG_BOOL ? AF_BOOL
                    : (f->eType==REG_REF && str_eq(f->zRef, "org")) ? AF_ORG : AF_TEXT;
      aF[i+1].azChoice = f->azChoice;
    }
    k->zEntity = d->zName;
    k->zName = d->zTitle;
    k->zLink = d->zSeg ? fmt_dup("/%s/%%s", d->zSeg) : 0;
    k->mLinkRoles = d->mRead;
    k->xName = 0;                /* the record's title through reg_ref_title */
    k->aField = aF;
    p = k;
  }
  pthread_mutex_unlock(&mu);
  return p;
}

int reg_prepare_all(void){
  const struct reg_def *const *p;
  struct actor a;
  int n = 0;
  memset(&a, 0, sizeof(a));
  a.zOrgPath = "/-/";
  for(p=reg_list(); *p; p++){
    const struct reg_def *d = *p;
    struct reg_query qy;
    struct stmt q;
    struct arena *ar = arena_new();
    struct reg_rec rec;
    struct reg_err e;
    int i;
    reg_err_init(&e, ar);
    reg_query_init(&qy);
    reg_query_filters(&qy, d, ar);
    qy.zSearch = "x";
    for(i=0; i<d->nField; i++) if( d->aField[i].mFlags & RF_FILTER ) qy.azFilter[i] = "1";
    reg_select(d, &a, &qy, &q);
    while( db_step(&q)==DB_ROW ){}
    db_finalize(&q);
    for(i=0; i<d->nField; i++){
      qy.iSort = i;
      reg_select(d, &a, &qy, &q);
      db_finalize(&q);
      n++;
    }
    reg_count(d, &a, &qy);
    reg_get(d, &a, 1, ar, &rec, &e);
    n += 3;
    arena_free(ar);
  }
  return n;
}
