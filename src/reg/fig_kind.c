/*
** fig_kind.c -- figures declared by kind (figure.h): the kernel builds one
** statement from a declaration (a count, a rate over a population, a sum),
** binds the scope, the as-of day, the year and the 将满 horizon, and fills
** the result: the value, the records counted and, for a rate, the
** numerator, the denominator and the members missing.
**
** The SQL is assembled only from the declarations (static text in the
** areas), never from request text; every value is bound (?1 to ?5, see
** figure.h).
*/
#include "../common.h"
#include "../base/arena.h"
#include "../base/buf.h"
#include "../base/log.h"
#include "../base/util.h"
#include "../store/db.h"
#include "figure.h"

/* Append z to pSql with "{pop}" replaced by the ids of population pPop
** (nothing replaced when pPop is NULL). */
void fig_sql_expand(struct buf *pSql, const char *z, const struct fig_pop *pPop){
  const char *p;
  while( pPop && (p = strstr(z, "{pop}"))!=0 ){
    buf_append(pSql, z, (size_t)(p - z));
    buf_appendf(pSql, "SELECT %s FROM %s WHERE o.path LIKE ?1 AND (%s)", pPop->zId, pPop->zFrom,
                pPop->zWhere);
    z = p + 5;
  }
  buf_puts(pSql, z);
}

/* Bind ?1..?N of q for s, N the highest parameter the text uses. */
void fig_sql_bind(struct stmt *q, const char *zSql, const struct fig_scope *s){
  int nMax = 0;
  const char *p;
  for(p=zSql; (p = strchr(p, '?'))!=0; p++){
    if( p[1]>='1' && p[1]<='5' && !(p[2]>='0' && p[2]<='9') && p[1]-'0'>nMax ) nMax = p[1]-'0';
  }
  if( nMax>=1 ) db_bind_text(q, 1, s->zLike);
  if( nMax>=2 ) db_bind_text(q, 2, s->zAsOf);
  if( nMax>=3 ) db_bind_text(q, 3, s->zYearStart);
  if( nMax>=4 ) db_bind_int64(q, 4, s->year);
  if( nMax>=5 ) db_bind_text(q, 5, s->zSoon);
}

/* Grow res's missing members by one. */
static void fk_miss(struct fig_result *res, struct arena *ar, i64 id, i64 org,
                    const char *zLabel, const char *zDetail){
  if( res->nMiss==res->nMissAlloc ){
    int nNew = res->nMissAlloc ? res->nMissAlloc*2 : 16;
    i64 *aId = arena_alloc(ar, sizeof(i64) * (size_t)nNew);
    i64 *aOrg = arena_alloc(ar, sizeof(i64) * (size_t)nNew);
    const char **azL = arena_alloc(ar, sizeof(char *) * (size_t)nNew);
    const char **azD = arena_alloc(ar, sizeof(char *) * (size_t)nNew);
    if( res->nMiss ){
      memcpy(aId, res->aMissId, sizeof(i64) * (size_t)res->nMiss);
      memcpy(aOrg, res->aMissOrg, sizeof(i64) * (size_t)res->nMiss);
      memcpy(azL, res->azMissLabel, sizeof(char *) * (size_t)res->nMiss);
      memcpy(azD, res->azMissDetail, sizeof(char *) * (size_t)res->nMiss);
    }
    res->aMissId = aId;
    res->aMissOrg = aOrg;
    res->azMissLabel = azL;
    res->azMissDetail = azD;
    res->nMissAlloc = nNew;
  }
  res->aMissId[res->nMiss] = id;
  res->aMissOrg[res->nMiss] = org;
  res->azMissLabel[res->nMiss] = arena_strdup(ar, zLabel ? zLabel : "");
  res->azMissDetail[res->nMiss] = zDetail ? arena_strdup(ar, zDetail) : 0;
  res->nMiss++;
}

/* Add one record to res with its org and date (fig_add, then the columns
** the kinds add). */
static void fk_add(struct fig_result *res, struct arena *ar, i64 id, const char *zLabel,
                   const char *zDetail, i64 org, const char *zDue){
  int nOld = res->nAlloc;
  fig_add(res, ar, id, zLabel, zDetail);
  if( res->nAlloc!=nOld || res->aOrg==0 ){
    i64 *aOrg = arena_alloc(ar, sizeof(i64) * (size_t)res->nAlloc);
    const char **azDue = arena_alloc(ar, sizeof(char *) * (size_t)res->nAlloc);
    if( res->n>1 && res->aOrg ){
      memcpy(aOrg, res->aOrg, sizeof(i64) * (size_t)(res->n-1));
      memcpy(azDue, res->azDue, sizeof(char *) * (size_t)(res->n-1));
    }
    res->aOrg = aOrg;
    res->azDue = azDue;
  }
  res->aOrg[res->n-1] = org;
  res->azDue[res->n-1] = zDue ? arena_strdup(ar, zDue) : 0;
}

/* The statement of d: columns id, label, detail, org, due, then the value
** (sum) or the match flag (rate). */
static void fk_sql(struct buf *pSql, const struct fig_decl *d, const struct fig_pop *pPop){
  const char *zScope = d->zScope ? d->zScope : "o.path";
  bool bPop = d->eKind==FIG_RATE && pPop;
  buf_appendf(pSql, "SELECT %s, %s, %s, %s, %s, ",
              bPop ? pPop->zId : d->zId, bPop ? pPop->zName : d->zName,
              bPop || d->zDetail==0 ? "NULL" : d->zDetail,
              bPop ? (pPop->zOrg ? pPop->zOrg : "NULL") : (d->zOrg ? d->zOrg : "NULL"),
              !bPop && d->zDue ? d->zDue : "NULL");
  if( d->eKind==FIG_RATE ){
    buf_puts(pSql, "CASE WHEN (");
    fig_sql_expand(pSql, d->zMatch ? d->zMatch : "1=1", pPop);
    buf_puts(pSql, ") THEN 1 ELSE 0 END");
  }else if( d->eKind==FIG_SUM ){
    buf_appendf(pSql, "coalesce(%s, 0)", d->zValue ? d->zValue : "0");
  }else{
    buf_puts(pSql, "0");
  }
  if( bPop ){
    buf_appendf(pSql, " FROM %s WHERE o.path LIKE ?1 AND (%s)", pPop->zFrom, pPop->zWhere);
  }else{
    buf_appendf(pSql, " FROM %s WHERE 1=1", d->zFrom);
    if( zScope[0] ) buf_appendf(pSql, " AND %s LIKE ?1", zScope);
    if( d->zDate ){                   /* from the year's first day to the as-of day */
      buf_appendf(pSql, " AND %s", d->zDate);
      buf_puts(pSql, ">=?3 AND ");
      buf_puts(pSql, d->zDate);
      buf_puts(pSql, "<=?2");
    }
  }
  if( d->zWhere ){
    buf_puts(pSql, " AND (");
    fig_sql_expand(pSql, d->zWhere, pPop);
    buf_puts(pSql, ")");
  }
  buf_appendf(pSql, " ORDER BY %s", bPop ? pPop->zOrder : d->zOrder ? d->zOrder : d->zId);
}

/* A rate over several items (均达标) is known only when every item is
** recorded in the scope; else it says how many are (res->zPartial). */
static void fk_recorded(const struct fig_decl *d, const struct fig_scope *s,
                        const struct fig_pop *pPop, struct arena *ar, struct fig_result *res){
  struct stmt k;
  struct buf ks = BUF_INIT;
  int n = 0;
  fig_sql_expand(&ks, d->zRecorded, pPop);
  db_prepare_buf(&k, &ks);
  fig_sql_bind(&k, ks.buf, s);
  if( db_step(&k)==DB_ROW ) n = (int)db_column_int64(&k, 0);
  db_finalize(&k);
  buf_release(&ks);
  if( n>=d->nItems ) return;
  res->bKnown = false;
  res->zPartial = arena_printf(ar, "已记录%d项（共%d项）", n, d->nItems);
}

void fig_decl_eval(const struct fig_decl *d, const struct fig_scope *s, struct arena *ar,
                   struct fig_result *res){
  const struct fig_pop *pPop = figure_pop_find(d->zPop);
  struct buf sql = BUF_INIT;
  struct stmt q;
  double sum = 0;
  bool bAny = false;
  if( d->zPop && pPop==0 ){
    log_warn("figure: population %h is not declared", d->zPop);
    return;
  }
  fk_sql(&sql, d, pPop);
  db_prepare_buf(&q, &sql);
  fig_sql_bind(&q, sql.buf, s);
  while( db_step(&q)==DB_ROW ){
    i64 id = db_column_int64(&q, 0), org = db_column_int64(&q, 3);
    const char *zLabel = db_column_text(&q, 1), *zDetail = db_column_text(&q, 2);
    if( d->eKind==FIG_RATE ){
      res->nDen++;
      if( db_column_int64(&q, 5) ){
        res->nNum++;
        fk_add(res, ar, id, zLabel, zDetail ? zDetail : d->zMet, org, db_column_text(&q, 4));
      }else{
        fk_miss(res, ar, id, org, zLabel, zDetail ? zDetail : d->zMiss);
      }
    }else{
      fk_add(res, ar, id, zLabel, zDetail, org, db_column_text(&q, 4));
      if( d->eKind==FIG_SUM ){
        const char *z = db_column_text(&q, 5);
        sum += z ? strtod(z, 0) : 0;
      }
    }
  }
  db_finalize(&q);
  if( d->zKnown ){
    struct stmt k;
    struct buf ks = BUF_INIT;
    fig_sql_expand(&ks, d->zKnown, pPop);
    db_prepare_buf(&k, &ks);
    fig_sql_bind(&k, ks.buf, s);
    bAny = db_step(&k)==DB_ROW;
    db_finalize(&k);
    buf_release(&ks);
  }
  if( d->eKind==FIG_RATE ){
    res->v = res->nDen ? 100.0 * res->nNum / res->nDen : 0;
    res->bKnown = res->nDen>0 && (d->zKnown==0 || bAny);
    if( res->bKnown && d->zRecorded && d->nItems>1 ) fk_recorded(d, s, pPop, ar, res);
  }else{
    res->nNum = res->n;
    res->v = d->eKind==FIG_SUM ? sum : res->n;
    res->bKnown = res->n>0 || bAny;
  }
  buf_release(&sql);
}
