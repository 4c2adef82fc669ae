/*
** view.c -- declared read-only views (see view.h): the rows of a
** population grouped by org, columns from figures or the view's own fill,
** ranking, and the page, JSON, export and command drawn from the
** declaration.
*/
#include <sys/stat.h>
#include "../common.h"
#include "../base/arena.h"
#include "../base/buf.h"
#include "../base/date.h"
#include "../base/json.h"
#include "../base/util.h"
#include "../office/table.h"
#include "../store/db.h"
#include "../web/api.h"
#include "../web/html.h"
#include "../web/req.h"
#include "../core/app.h"
#include "../core/cli.h"
#include "reg.h"
#include "view.h"

static const struct view_def *const *apViewList;
static char *(*xViewScope)(struct arena *, const struct actor *);

void view_set_list(const struct view_def *const *apView,
                   char *(*xScopeLike)(struct arena *, const struct actor *)){
  apViewList = apView;
  xViewScope = xScopeLike;
}

const struct view_def *view_find(const char *zName){
  const struct view_def *const *pp;
  for(pp=apViewList; zName && pp && *pp; pp++){
    if( str_eq((*pp)->zPath, zName) || str_eq((*pp)->zCmd, zName) ) return *pp;
  }
  return 0;
}

/* ---- computing -------------------------------------------------------- */

int view_col_add(struct view_ctx *c, const struct view_col *pCol){
  if( c->nCol==c->nColAlloc ){
    int nNew = c->nColAlloc ? c->nColAlloc*2 : 16;
    struct view_col *a = arena_alloc(c->ar, sizeof(*a) * (size_t)nNew);
    if( c->nCol ) memcpy(a, c->aCol, sizeof(*a) * (size_t)c->nCol);
    c->aCol = a;
    c->nColAlloc = nNew;
  }
  c->aCol[c->nCol] = *pCol;
  return c->nCol++;
}

int view_col_index(const struct view_ctx *c, const char *zKey){
  int i;
  for(i=0; i<c->nCol; i++) if( str_eq(c->aCol[i].zKey, zKey) ) return i;
  return -1;
}

/* Rows by org id (qsort). */
static int view_idx_cmp(const void *a, const void *b){
  i64 x = ((const struct view_idx *)a)->org, y = ((const struct view_idx *)b)->org;
  return x<y ? -1 : x>y;
}

int view_row_find(const struct view_ctx *c, i64 org){
  int lo = 0, hi = c->nRow-1;
  while( c->aIdx && lo<=hi ){
    int mid = (lo+hi)/2;
    if( c->aIdx[mid].org==org ) return c->aIdx[mid].i;
    if( c->aIdx[mid].org<org ) lo = mid+1; else hi = mid-1;
  }
  return -1;
}

void view_set_num(struct view_ctx *c, int iRow, int iCol, double v){
  struct view_cell *p = &c->aRow[iRow].aCell[iCol];
  p->bSet = true;
  p->v = v;
}

void view_set_text(struct view_ctx *c, int iRow, int iCol, const char *z){
  struct view_cell *p = &c->aRow[iRow].aCell[iCol];
  p->bSet = z!=0;
  p->z = z ? arena_strdup(c->ar, z) : 0;
}

void view_list_add(struct view_ctx *c, int iRow, int iCol, const char *zCode, const char *zText){
  struct view_cell *p = &c->aRow[iRow].aCell[iCol];
  if( p->n==p->nAlloc ){
    int nNew = p->nAlloc ? p->nAlloc*2 : 4;
    const char **azC = arena_alloc(c->ar, sizeof(char *) * (size_t)nNew);
    const char **azT = arena_alloc(c->ar, sizeof(char *) * (size_t)nNew);
    if( p->n ){
      memcpy(azC, p->azCode, sizeof(char *) * (size_t)p->n);
      memcpy(azT, p->azText, sizeof(char *) * (size_t)p->n);
    }
    p->azCode = azC;
    p->azText = azT;
    p->nAlloc = nNew;
  }
  p->azCode[p->n] = arena_strdup(c->ar, zCode ? zCode : "");
  p->azText[p->n] = arena_strdup(c->ar, zText ? zText : "");
  p->n++;
  p->bSet = true;
}

const char *view_num_text(struct arena *ar, double v){
  v = (double)(long long)(v*10 + (v<0 ? -0.5 : 0.5))/10;
  if( v==(double)(long long)v ) return arena_printf(ar, "%lld", (long long)v);
  return arena_printf(ar, "%.1f", v);
}

const char *view_pct(struct arena *ar, int n, int d){
  if( d==0 ) return "—";
  if( n==d ) return "100%";
  return arena_printf(ar, "%.1f%%", 100.0*n/d);
}

/* A new row at the end of c (grown as needed; *pnAlloc its room). */
static struct view_row *view_row_new(struct view_ctx *c, int *pnAlloc){
  struct view_row *p;
  if( c->nRow==*pnAlloc ){
    struct view_row *a = arena_alloc(c->ar, sizeof(*a) * (size_t)*pnAlloc*2);
    memcpy(a, c->aRow, sizeof(*a) * (size_t)*pnAlloc);
    c->aRow = a;
    *pnAlloc *= 2;
  }
  p = &c->aRow[c->nRow++];
  memset(p, 0, sizeof(*p));
  return p;
}

/* The rows of a view keyed by records: register zRowReg's live rows the
** actor reaches, in its order, named by their titles. */
static void view_rec_rows(struct view_ctx *c, int *pnAlloc){
  const struct reg_def *rd = reg_find(c->d->zRowReg);
  struct reg_query qy;
  struct stmt q;
  int iTitle;
  if( rd==0 ) return;
  iTitle = reg_title_index(rd);
  reg_query_init(&qy);
  qy.limit = INT64_MAX/2;
  reg_select(rd, c->a, &qy, &q);
  while( db_step(&q)==DB_ROW ){
    struct reg_rec rec;
    struct view_row *p;
    reg_row(rd, &q, c->ar, &rec);
    if( c->onlyKey && rec.id!=c->onlyKey ) continue;
    p = view_row_new(c, pnAlloc);
    p->org = rec.id;
    p->zOrg = rec.az[iTitle] ? rec.az[iTitle] : arena_printf(c->ar, "%lld", (long long)rec.id);
  }
  db_finalize(&q);
}

/* The rows: the members of the population in scope, of the kind asked
** (or zRowReg's records). */
static void view_rows(struct view_ctx *c){
  const struct fig_pop *pPop = figure_pop_find(c->d->zPop);
  struct buf sql = BUF_INIT;
  struct stmt q;
  int nAlloc = 64;
  c->aRow = arena_alloc(c->ar, sizeof(*c->aRow) * (size_t)nAlloc);
  if( c->d->zRowReg ){
    view_rec_rows(c, &nAlloc);
    return;
  }
  if( pPop==0 ) return;
  buf_puts(&sql, "SELECT o.id, o.name, o.kind FROM org o WHERE o.id IN (");
  fig_sql_expand(&sql, "{pop}", pPop);
  buf_puts(&sql, ")");
  /* the kind was checked against two constants: no value from a request */
  if( str_eq(c->zKind, "school") ) buf_puts(&sql, " AND o.kind='school'");
  if( str_eq(c->zKind, "kindergarten") ) buf_puts(&sql, " AND o.kind='kindergarten'");
  if( c->onlyKey ) buf_appendf(&sql, " AND o.id=%lld", (long long)c->onlyKey);
  buf_appendf(&sql, " ORDER BY %s", pPop->zOrder);
  db_prepare_buf(&q, &sql);
  fig_sql_bind(&q, sql.buf, &c->s);
  while( db_step(&q)==DB_ROW ){
    struct view_row *p = view_row_new(c, &nAlloc);
    p->org = db_column_int64(&q, 0);
    p->zOrg = db_column_dup(c->ar, &q, 1);
    p->zKind = db_column_dup(c->ar, &q, 2);
  }
  db_finalize(&q);
  buf_release(&sql);
}

/* The columns naming a figure: the number of its records of each row's
** org (every row set, so a rate's missing members read 0). */
static void view_figures(struct view_ctx *c){
  int i, k, j;
  for(k=0; k<c->nCol; k++){
    struct fig_result res;
    if( c->aCol[k].zFigure==0 ) continue;
    figure_get(c->aCol[k].zFigure, &c->s, c->ar, &res);
    for(i=0; i<c->nRow; i++) view_set_num(c, i, k, 0);
    for(j=0; res.aOrg && j<res.n; j++){
      if( (i = view_row_find(c, res.aOrg[j]))>=0 ) c->aRow[i].aCell[k].v++;
    }
  }
}

/* The columns counting another register's rows by the row (zCount): one
** grouped query each, every row set (0 when none). */
static void view_counts(struct view_ctx *c){
  int i, k;
  for(k=0; k<c->nCol; k++){
    const struct view_col *pc = &c->aCol[k];
    const struct reg_def *cd = pc->zCount ? reg_find(pc->zCount) : 0;
    struct buf sql = BUF_INIT;
    struct stmt q;
    if( cd==0 ) continue;
    for(i=0; i<c->nRow; i++) view_set_num(c, i, k, 0);
    /* table, columns and filter from the declarations; the days bound */
    buf_appendf(&sql, "SELECT t.%s, count(*) FROM %s t WHERE t.%s IS NOT NULL", pc->zCountRef,
                cd->zTable, pc->zCountRef);
    if( cd->eDelete==REG_DEL_VOID ) buf_puts(&sql, " AND t.voided_at IS NULL");
    if( pc->zCountDate ){
      buf_appendf(&sql, " AND t.%s BETWEEN ?1 AND ?2", pc->zCountDate);
    }
    if( pc->zCountIf ) buf_appendf(&sql, " AND (%s)", pc->zCountIf);
    buf_appendf(&sql, " GROUP BY t.%s", pc->zCountRef);
    db_prepare_buf(&q, &sql);
    if( pc->zCountDate ){
      db_bind_text(&q, 1, c->s.zYearStart);
      db_bind_text(&q, 2, c->s.zAsOf);
    }
    while( db_step(&q)==DB_ROW ){
      if( (i = view_row_find(c, db_column_int64(&q, 0)))>=0 ){
        view_set_num(c, i, k, (double)db_column_int64(&q, 1));
      }
    }
    db_finalize(&q);
    buf_release(&sql);
  }
}

/* Rank the rows on column iCol, descending (stable); equal values share
** a rank (1, 1, 3). */
static void view_rank(struct view_ctx *c, int iCol){
  int i, n = 0;
  for(i=1; i<c->nRow; i++){            /* stable insertion sort */
    struct view_row t = c->aRow[i];
    int j = i-1;
    while( j>=0 && c->aRow[j].aCell[iCol].v<t.aCell[iCol].v ){ c->aRow[j+1] = c->aRow[j]; j--; }
    c->aRow[j+1] = t;
  }
  for(i=0; i<c->nRow; i++){
    if( c->aRow[i].bHide ) continue;
    c->aRow[i].rank = n>0 && c->aRow[i].aCell[iCol].v==c->aRow[n-1].aCell[iCol].v
                      ? c->aRow[n-1].rank : n+1;
    if( n!=i ){ struct view_row t = c->aRow[n]; c->aRow[n] = c->aRow[i]; c->aRow[i] = t; }
    n++;
  }
}

/* view_run, only row key when key is not 0. */
static void view_run_at(const struct view_def *d, struct view_ctx *c, struct arena *ar,
                        const struct actor *a, int year, int iAsOf, const char *zKind, i64 key){
  int i, y, m, dd, today = date_today();
  char *zLike = xViewScope ? xViewScope(ar, a) : arena_strdup(ar, "/-/");
  memset(c, 0, sizeof(*c));
  c->d = d;
  c->ar = ar;
  c->a = a;
  c->zKind = zKind;
  c->onlyKey = key;
  if( year==0 ){
    date_ymd(iAsOf ? iAsOf : today, &y, &m, &dd);
    year = y;
  }
  if( iAsOf==0 ){
    date_ymd(today, &y, &m, &dd);
    iAsOf = (d->mParam & VIEW_P_YEAR) && y!=year ? date_from_ymd(year, 12, 31) : today;
  }
  fig_scope_init(&c->s, ar, year, iAsOf, zLike);
  for(i=0; i<d->nCol; i++) view_col_add(c, &d->aCol[i]);
  if( d->xCols ) d->xCols(c);
  view_rows(c);
  for(i=0; i<c->nRow; i++){
    c->aRow[i].aCell = arena_alloc(ar, sizeof(struct view_cell) * (size_t)(c->nCol+1));
    memset(c->aRow[i].aCell, 0, sizeof(struct view_cell) * (size_t)(c->nCol+1));
  }
  c->aIdx = arena_alloc(ar, sizeof(*c->aIdx) * (size_t)(c->nRow+1));
  for(i=0; i<c->nRow; i++){
    c->aIdx[i].org = c->aRow[i].org;
    c->aIdx[i].i = i;
  }
  qsort(c->aIdx, (size_t)c->nRow, sizeof(*c->aIdx), view_idx_cmp);
  view_figures(c);
  view_counts(c);
  if( d->xFill ) d->xFill(c);
  c->aIdx = 0;                       /* ranking reorders the rows */
  if( d->zRank && (i = view_col_index(c, d->zRank))>=0 ) view_rank(c, i);
  for(i=0; i<c->nRow; i++) if( !c->aRow[i].bHide ) c->nShown++;
}

void view_run(const struct view_def *d, struct view_ctx *c, struct arena *ar,
              const struct actor *a, int year, int iAsOf, const char *zKind){
  view_run_at(d, c, ar, a, year, iAsOf, zKind, 0);
}

void view_run_key(const struct view_def *d, struct view_ctx *c, struct arena *ar,
                  const struct actor *a, int year, int iAsOf, i64 key){
  view_run_at(d, c, ar, a, year, iAsOf, 0, key);
}

/* ---- the order asked for ------------------------------------------------ */

/* Sorting state for qsort of row pointers (per thread: requests sort at
** the same time). */
static _Thread_local int iSortColT;
static _Thread_local bool bSortDescT;

/* Orders two rows on the sort column (ties by position). */
static int view_sort_cmp(const void *pa, const void *pb){
  const struct view_row *a = *(const struct view_row *const *)pa;
  const struct view_row *b = *(const struct view_row *const *)pb;
  int r = 0;
  if( iSortColT<0 ){
    r = strcmp(a->zOrg, b->zOrg);
  }else{
    const struct view_cell *x = &a->aCell[iSortColT], *y = &b->aCell[iSortColT];
    if( x->bSet!=y->bSet ) r = x->bSet ? 1 : -1;
    else if( x->v!=y->v ) r = x->v<y->v ? -1 : 1;
    else if( x->z && y->z ) r = strcmp(x->z, y->z);
    else if( x->n!=y->n ) r = x->n<y->n ? -1 : 1;
  }
  if( bSortDescT ) r = -r;
  if( r==0 ) r = a<b ? -1 : a>b;
  return r;
}

/* The shown rows in the order of zSort ("key", "-key", "org"; NULL: the
** view's order), in c->ar; *pn gets their number.  -1 for an unknown key. */
static const struct view_row **view_order(struct view_ctx *c, const char *zSort, int *pn){
  const struct view_row **ap = arena_alloc(c->ar, sizeof(*ap) * (size_t)(c->nRow+1));
  int i, n = 0;
  for(i=0; i<c->nRow; i++) if( !c->aRow[i].bHide ) ap[n++] = &c->aRow[i];
  *pn = n;
  if( zSort && zSort[0] ){
    bSortDescT = zSort[0]=='-';
    if( bSortDescT ) zSort++;
    if( str_eq(zSort, "org") ) iSortColT = -1;
    else if( str_eq(zSort, "rank") && c->d->zRank ) iSortColT = view_col_index(c, c->d->zRank);
    else if( (iSortColT = view_col_index(c, zSort))<0 ) return 0;
    if( str_eq(zSort, "rank") ) bSortDescT = !bSortDescT;   /* rank 1 is the highest value */
    qsort(ap, (size_t)n, sizeof(*ap), view_sort_cmp);
  }
  return ap;
}

/* The text of cell k of row p (lists joined with "；"), in ar. */
static const char *view_cell_text(struct arena *ar, const struct view_ctx *c,
                                  const struct view_row *p, int k){
  const struct view_cell *x = &p->aCell[k];
  if( !x->bSet ) return "";
  if( c->aCol[k].eType==VIEW_NUM ) return view_num_text(ar, x->v);
  if( c->aCol[k].eType==VIEW_LIST ){
    struct buf b = BUF_INIT;
    const char *z;
    int i;
    for(i=0; i<x->n; i++) buf_appendf(&b, "%s%s", i ? "；" : "", x->azText[i]);
    z = arena_strdup(ar, b.buf ? b.buf : "");
    buf_release(&b);
    return z;
  }
  return x->z ? x->z : "";
}

/* The label of an org kind. */
static const char *view_kind_label(const char *zKind){
  return str_eq(zKind, "kindergarten") ? "幼儿园" : "中小学";
}

/* The header of the rows' names: 学校, or the view's own (法律顾问). */
static const char *view_row_label(const struct view_def *d){
  return d->zRowLabel ? d->zRowLabel : "学校";
}

/* The link to row p's page, in ar: the org's, or the record's. */
static const char *view_row_href(struct arena *ar, const struct view_def *d,
                                 const struct view_row *p){
  const struct reg_def *rd = d->zRowReg ? reg_find(d->zRowReg) : 0;
  return arena_printf(ar, "/%s/%lld", rd ? rd->zSeg : "orgs", (long long)p->org);
}

/* ---- parameters --------------------------------------------------------- */

/* Read year, as-of day and kind (text, any may be NULL) for d: 0, or -1
** with the parameter's name and a message. */
static int view_params(const struct view_def *d, const char *zYear, const char *zAsOf,
                       const char *zKind, int *pYear, int *pAsOf, const char **pzKind,
                       const char **pzField, const char **pzMsg){
  i64 y = 0;
  *pYear = *pAsOf = 0;
  *pzKind = 0;
  if( (d->mParam & VIEW_P_YEAR) && zYear && zYear[0] && str_to_i64(zYear, 2000, 2100, &y) ){
    *pzField = "year";
    *pzMsg = "年度应为 2000—2100 之间的年份";
    return -1;
  }
  *pYear = (int)y;
  if( zAsOf && zAsOf[0] && date_parse(zAsOf, pAsOf) ){
    *pzField = "as_of";
    *pzMsg = "数据截至日期无效，应为 YYYY-MM-DD";
    return -1;
  }
  if( (d->mParam & VIEW_P_KIND) && zKind && zKind[0] ){
    if( str_eq(zKind, "school") || str_eq(zKind, "中小学") ) *pzKind = "school";
    else if( str_eq(zKind, "kindergarten") || str_eq(zKind, "幼儿园") ) *pzKind = "kindergarten";
    else{
      *pzField = "kind";
      *pzMsg = "类别应为 school（中小学）或 kindergarten（幼儿园）";
      return -1;
    }
  }
  return 0;
}

/* The view of request r (its path without /api/v1/ and /export). */
static const struct view_def *view_of_req(struct req *r){
  const char *z = r->zPath;
  char zSeg[64];
  size_t n;
  if( str_starts(z, "/api/v1/") ) z += 8; else if( *z=='/' ) z++;
  n = strcspn(z, "/?");
  if( n==0 || n>=sizeof(zSeg) ) return 0;
  memcpy(zSeg, z, n);
  zSeg[n] = 0;
  return view_find(zSeg);
}

/* Compute the view of request r into c; on bad input answer (page or API)
** and return -1. */
static int view_from_req(struct req *r, struct actor *a, bool bApi, struct view_ctx *c){
  const struct view_def *d = view_of_req(r);
  const char *zField = 0, *zMsg = 0, *zKind;
  int year, iAsOf;
  if( d==0 ){
    if( bApi ) api_error(r, 404, "not_found", "没有这个接口", 0);
    else html_error_page(r, 404, "没有这个页面");
    return -1;
  }
  if( view_params(d, req_param_trim(r, "year"), req_param_trim(r, "as_of"),
                  req_param_trim(r, "kind"), &year, &iAsOf, &zKind, &zField, &zMsg) ){
    if( bApi ) api_error(r, 400, "bad_param", zMsg, zField);
    else html_error_page(r, 400, zMsg);
    return -1;
  }
  actor_from_req(a, r);
  view_run(d, c, r->arena, a, year, iAsOf, zKind);
  return 0;
}

/* The page title of c ("2024年度学校考核" for a view by year). */
static const char *view_title(const struct view_ctx *c){
  if( c->d->mParam & VIEW_P_YEAR ) return arena_printf(c->ar, "%d年度%s", c->s.year, c->d->zTitle);
  return c->d->zTitle;
}

/* The query string of c's parameters ("year=..&as_of=..&kind=.."), in ar. */
static const char *view_qs(const struct view_ctx *c){
  struct buf b = BUF_INIT;
  const char *z;
  if( c->d->mParam & VIEW_P_YEAR ) buf_appendf(&b, "year=%d&", c->s.year);
  buf_appendf(&b, "as_of=%t", c->s.zAsOf);
  if( c->zKind ) buf_appendf(&b, "&kind=%t", c->zKind);
  z = arena_strdup(c->ar, b.buf);
  buf_release(&b);
  return z;
}

/* ---- GET /<view> ---------------------------------------------------------- */

void view_page(struct req *r){
  struct actor a;
  struct view_ctx c;
  struct html_table t;
  const struct view_def *d;
  const struct view_row **ap;
  const char **azHead, **azCls, *zSort = req_param_trim(r, "sort"), *z, *zQs;
  i64 page = 1, nPage;
  int i, k, n, nLead, nCol;
  if( view_from_req(r, &a, false, &c) ) return;
  d = c.d;
  if( (z = req_param_trim(r, "page"))!=0 && str_to_i64(z, 1, INT64_MAX/VIEW_PAGE_ROWS, &page) ){
    html_error_page(r, 400, "页码应为正整数");
    return;
  }
  if( (ap = view_order(&c, zSort, &n))==0 ){
    html_error_page(r, 400, "排序列不存在");
    return;
  }
  zQs = view_qs(&c);
  html_begin(r, view_title(&c), arena_printf(r->arena, "/%s", d->zPath));
  H(r, "<form method='get' class='toolbar'>");
  if( d->mParam & VIEW_P_YEAR ){
    H(r, "<div class='field'><label for='f-year'>年度</label>"
         "<input id='f-year' name='year' value='%d' size='6'></div>", c.s.year);
  }
  H(r, "<div class='field'><label for='f-asof'>数据截至</label>"
       "<input id='f-asof' type='date' name='as_of' value='%a'></div>", c.s.zAsOf);
  if( d->mParam & VIEW_P_KIND ){
    H(r, "<div class='field'><label for='f-kind'>类别</label><select id='f-kind' name='kind'>"
         "<option value=''>全部</option><option value='school'%s>中小学</option>"
         "<option value='kindergarten'%s>幼儿园</option></select></div>",
      str_eq(c.zKind, "school") ? " selected" : "", str_eq(c.zKind, "kindergarten") ? " selected" : "");
  }
  H(r, "<div class='field'><label for='f-sort'>排序</label><select id='f-sort' name='sort'>"
       "<option value=''>%h</option><option value='org'%s>%h</option>",
    d->zRank ? "排名" : "默认", str_eq(zSort, "org") ? " selected" : "", view_row_label(d));
  for(k=0; k<c.nCol; k++){
    if( c.aCol[k].eType==VIEW_LIST || c.aCol[k].bHidden ) continue;
    H(r, "<option value='-%a'%s>%h（从高到低）</option>", c.aCol[k].zKey,
      zSort && zSort[0]=='-' && str_eq(zSort+1, c.aCol[k].zKey) ? " selected" : "", c.aCol[k].zLabel);
  }
  H(r, "</select></div><button class='btn' type='submit'>查看</button>"
       " <a class='btn' href='/%t/export?%a&amp;format=xlsx'>导出 Excel</a>"
       " <a class='btn' href='/%t/export?%a&amp;format=csv'>导出 CSV</a></form>\n",
    d->zPath, zQs, d->zPath, zQs);
  if( d->xHeadHtml && !d->xHeadHtml(&c, r) ){
    html_end(r);
    return;
  }
  if( d->zCaption ){
    H(r, "<h2>%h（%d %h）</h2>\n", d->zCaption, n, d->zCounter ? d->zCounter : "");
  }
  nPage = n ? (n + VIEW_PAGE_ROWS - 1)/VIEW_PAGE_ROWS : 1;
  if( page>nPage ) page = nPage;
  if( n==0 ){
    H(r, "<div class='empty'>%h</div>\n", d->zEmpty ? d->zEmpty : "暂无数据");
    html_end(r);
    return;
  }
  nLead = (d->zRank ? 1 : 0) + (d->zRowReg ? 1 : 2);
  nCol = nLead;
  for(k=0; k<c.nCol; k++) if( !c.aCol[k].bHidden ) nCol++;
  azHead = arena_alloc(r->arena, sizeof(char *) * (size_t)nCol);
  azCls = arena_alloc(r->arena, sizeof(char *) * (size_t)nCol);
  i = 0;
  if( d->zRank ){ azHead[i] = "排名"; azCls[i++] = "num"; }
  azHead[i] = view_row_label(d); azCls[i++] = "nowrap";
  if( d->zRowReg==0 ){ azHead[i] = "类别"; azCls[i++] = "nowrap"; }
  for(k=0; k<c.nCol; k++){
    if( c.aCol[k].bHidden ) continue;
    azHead[i] = c.aCol[k].zLabel;
    azCls[i++] = c.aCol[k].zClass;
  }
  html_table_begin(&t, r, d->zClass, nCol, azHead, azCls);
  for(i=(int)((page-1)*VIEW_PAGE_ROWS); i<n && i<page*VIEW_PAGE_ROWS; i++){
    const struct view_row *p = ap[i];
    html_table_row(&t);
    if( d->zRank ) html_cell(&t, 0, "%d", p->rank);
    html_cell(&t, 0, "<a href='%a'>%h</a>", view_row_href(r->arena, d, p), p->zOrg);
    if( d->zRowReg==0 ) html_cell(&t, 0, "%h", view_kind_label(p->zKind));
    for(k=0; k<c.nCol; k++){
      const struct view_cell *x = &p->aCell[k];
      if( c.aCol[k].bHidden ) continue;
      if( c.aCol[k].eType==VIEW_LIST ){
        int j;
        /* a list in one cell: html_cell's shape, the items escaped */
        H(r, "<td class='%a' data-label='%a'><ul class='lacks'>",
          c.aCol[k].zClass ? c.aCol[k].zClass : "", c.aCol[k].zLabel);
        for(j=0; j<x->n; j++) H(r, "<li>%h</li>", x->azText[j]);
        H(r, "</ul></td>");
        t.iCol++;
      }else{
        html_cell(&t, 0, "%h", view_cell_text(r->arena, &c, p, k));
      }
    }
  }
  html_table_end(&t);
  if( nPage>1 ){
    const char *zS = zSort && zSort[0] ? arena_printf(r->arena, "&sort=%s", zSort) : "";
    H(r, "<nav class='pager'>");
    if( page>1 ) H(r, "<a href='?%a&amp;page=%lld%a'>上一页</a> ", zQs, (long long)page-1, zS);
    H(r, "第 %lld / %lld 页", (long long)page, (long long)nPage);
    if( page<nPage ) H(r, " <a href='?%a&amp;page=%lld%a'>下一页</a>", zQs, (long long)page+1, zS);
    H(r, "</nav>\n");
  }
  html_end(r);
}

/* ---- JSON ------------------------------------------------------------------ */

/* Write c as the API's object: the summary, items [offset, offset+limit)
** in the order of zSort, total. */
static void view_json(struct view_ctx *c, struct json_w *j, const struct view_row **ap, int n,
                      i64 limit, i64 offset){
  i64 i;
  int k;
  json_obj_open(j, 0);
  if( c->d->xHeadJson ) c->d->xHeadJson(c, j);
  json_arr_open(j, "items");
  for(i=offset; i<n && i<offset+limit; i++){
    const struct view_row *p = ap[i];
    const char *zArr = 0;
    bool bArrSeen = false;
    json_obj_open(j, 0);
    if( c->d->zRank ) json_int(j, "rank", p->rank);
    if( c->d->zRowReg ){
      json_int(j, "id", p->org);
      json_str(j, "name", p->zOrg);
    }else{
      json_int(j, "org_id", p->org);
      json_str(j, "org", p->zOrg);
      json_str(j, "kind", p->zKind);
    }
    for(k=0; k<c->nCol; k++){
      const struct view_col *pc = &c->aCol[k];
      const struct view_cell *x = &p->aCell[k];
      const char *zKey = pc->zKey;
      if( pc->bHidden ) continue;
      if( zArr && !str_eq(zArr, pc->zArray) ){ json_arr_close(j); zArr = 0; }
      if( pc->zArray ){
        if( zArr==0 ){ json_arr_open(j, pc->zArray); zArr = pc->zArray; }
        if( str_eq(pc->zArray, c->d->zArray) ) bArrSeen = true;
        zKey = 0;
      }
      if( pc->eType==VIEW_LIST ){
        int m;
        json_arr_open(j, zKey);
        for(m=0; m<x->n; m++){
          json_obj_open(j, 0);
          json_str(j, "code", x->azCode[m]);
          json_str(j, "text", x->azText[m]);
          json_obj_close(j);
        }
        json_arr_close(j);
      }else if( !x->bSet ){
        json_null_val(j, zKey);
      }else if( pc->eType==VIEW_NUM ){
        json_double(j, zKey, (double)(long long)(x->v*10 + (x->v<0 ? -0.5 : 0.5))/10);
      }else{
        json_str(j, zKey, x->z);
      }
    }
    if( zArr ) json_arr_close(j);
    if( c->d->zArray && !bArrSeen ){
      json_arr_open(j, c->d->zArray);
      json_arr_close(j);
    }
    json_obj_close(j);
  }
  json_arr_close(j);
  json_int(j, "total", n);
  json_obj_close(j);
}

void view_api(struct req *r){
  struct actor a;
  struct view_ctx c;
  struct json_w j;
  const struct view_row **ap;
  i64 limit, offset;
  int n;
  if( api_paging_or_reply(r, 200, 1000, &limit, &offset) ) return;
  if( view_from_req(r, &a, true, &c) ) return;
  if( (ap = view_order(&c, req_param_trim(r, "sort"), &n))==0 ){
    api_error(r, 400, "bad_param", "排序列不存在", "sort");
    return;
  }
  api_begin(r, &j);
  view_json(&c, &j, ap, n, limit, offset);
}

/* ---- export ------------------------------------------------------------- */

/* What the export's rows need. */
struct view_x { struct view_ctx *c; const struct view_row **ap; int n; };

/* The export's rows (table_export's callback). */
static void view_x_rows(void *ctx, struct table_sink *s){
  const struct view_x *x = ctx;
  struct view_ctx *c = x->c;
  const char **az = arena_alloc(c->ar, sizeof(char *) * (size_t)(c->nCol+4));
  int i, k, m;
  for(i=0; i<x->n; i++){
    const struct view_row *p = x->ap[i];
    m = 0;
    if( c->d->zRank ) az[m++] = arena_printf(c->ar, "%d", p->rank);
    az[m++] = p->zOrg;
    if( c->d->zRowReg==0 ) az[m++] = view_kind_label(p->zKind);
    for(k=0; k<c->nCol; k++){
      if( !c->aCol[k].bHidden ) az[m++] = view_cell_text(c->ar, c, p, k);
    }
    table_sink_row(s, az);
  }
}

/* Export c's shown rows as eFormat into pOut. */
static int view_export(struct view_ctx *c, const struct view_row **ap, int n, int eFormat,
                       struct buf *pOut, struct buf *pErr){
  struct table_col *aCol = arena_alloc(c->ar, sizeof(*aCol) * (size_t)(c->nCol+4));
  struct table_def t;
  struct view_x x;
  char *zTmp = arena_printf(c->ar, "%s/tmp", app.zDataDir);
  int k, m = 0;
  memset(aCol, 0, sizeof(*aCol) * (size_t)(c->nCol+4));
  if( c->d->zRank ){ aCol[m].zHead = "排名"; aCol[m++].nWidth = 8; }
  aCol[m].zHead = view_row_label(c->d); aCol[m++].nWidth = 32;
  if( c->d->zRowReg==0 ){ aCol[m].zHead = "类别"; aCol[m++].nWidth = 10; }
  for(k=0; k<c->nCol; k++){
    if( c->aCol[k].bHidden ) continue;
    aCol[m].zHead = c->aCol[k].zLabel;
    aCol[m++].nWidth = c->aCol[k].eType==VIEW_LIST ? 60 : 16;
  }
  for(k=0; k<m; k++){
    aCol[k].zKey = aCol[k].zHead;
    aCol[k].eType = COL_TEXT;
  }
  t.zTitle = c->d->xExportTitle ? c->d->xExportTitle(c)
                                : arena_printf(c->ar, "%s（截至%s）", view_title(c), c->s.zAsOf);
  t.aCol = aCol;
  t.nCol = m;
  x.c = c;
  x.ap = ap;
  x.n = n;
  mkdir(zTmp, 0700);
  return table_export(&t, eFormat, zTmp, view_x_rows, &x, pOut, pErr);
}

void view_export_page(struct req *r){
  struct actor a;
  struct view_ctx c;
  struct buf err = BUF_INIT;
  const struct view_row **ap;
  const char *zFormat = req_param_trim(r, "format");
  bool bApi = str_starts(r->zPath, "/api/");
  int eFormat, n;
  if( zFormat==0 || str_eq(zFormat, "xlsx") ) eFormat = TABLE_XLSX;
  else if( str_eq(zFormat, "csv") ) eFormat = TABLE_CSV;
  else{
    if( bApi ) api_error(r, 400, "bad_param", "format 应为 xlsx 或 csv", "format");
    else html_error_page(r, 400, "格式应为 xlsx 或 csv");
    return;
  }
  if( view_from_req(r, &a, bApi, &c) ) return;
  if( (ap = view_order(&c, req_param_trim(r, "sort"), &n))==0 ){
    if( bApi ) api_error(r, 400, "bad_param", "排序列不存在", "sort");
    else html_error_page(r, 400, "排序列不存在");
    return;
  }
  if( view_export(&c, ap, n, eFormat, &r->out, &err) ){
    if( bApi ) api_error(r, 500, "export_failed", err.buf, 0);
    else html_error_page(r, 500, err.buf);
  }else{
    const char *zName = (c.d->mParam & VIEW_P_YEAR)
      ? arena_printf(r->arena, "%s-%d", c.d->zPath, c.s.year)
      : arena_printf(r->arena, "%s-%s", c.d->zPath, c.s.zAsOf);
    req_attachment(r, eFormat==TABLE_CSV ? "csv" : "xlsx", zName, view_title(&c));
  }
  buf_release(&err);
}

/* ---- the command -------------------------------------------------------- */

int view_cmd(const struct view_def *d, int argc, char **argv){
  int n = argc-1, year, iAsOf, rc = 0, nRow;
  char **av = argv+1;
  const char *zYear, *zAsOf, *zKind, *zFormat, *zOut, *zLimit, *zOffset, *zSort, *zField, *zMsg;
  const char *zKindOk;
  struct buf out = BUF_INIT, err = BUF_INIT, usage = BUF_INIT;
  struct arena *ar;
  struct actor a;
  struct view_ctx c;
  const struct view_row **ap;
  i64 limit = INT64_MAX/2, offset = 0;
  buf_appendf(&usage, "用法: fazhi %s%s [--as-of YYYY-MM-DD]%s\n"
                      "       [--format text|csv|xlsx|json] [--sort 列] [--limit N] [--offset N]"
                      " [-o FILE]\n%s"
                      "  --as-of 默认今天%s；默认输出%s到标准输出。\n",
              d->zCmd, (d->mParam & VIEW_P_YEAR) ? " --year 年度" : "",
              (d->mParam & VIEW_P_KIND) ? " [--kind school|kindergarten]" : "",
              d->zAbout ? d->zAbout : "", (d->mParam & VIEW_P_YEAR) ? "（不在该年度时为该年12月31日）" : "",
              d->bCsvDefault ? " CSV " : "文本");
  if( cli_flag(&n, av, "--help") ){ printf("%s", usage.buf); buf_release(&usage); return 0; }
  zYear = cli_option(&n, av, "--year");
  zAsOf = cli_option(&n, av, "--as-of");
  zKind = cli_option(&n, av, "--kind");
  zFormat = cli_option(&n, av, "--format");
  zSort = cli_option(&n, av, "--sort");
  zLimit = cli_option(&n, av, "--limit");
  zOffset = cli_option(&n, av, "--offset");
  zOut = cli_option(&n, av, "-o");
  if( cli_finish(n, av, 0, 0, usage.buf) ){ rc = 2; goto out; }
  if( (d->mParam & VIEW_P_YEAR) && zYear==0 ){
    fprintf(stderr, "fazhi: 请用 --year 指定年度\n");
    rc = cli_usage(usage.buf);
    goto out;
  }
  if( view_params(d, zYear, zAsOf, zKind, &year, &iAsOf, &zKindOk, &zField, &zMsg) ){
    fprintf(stderr, "fazhi: --%s：%s\n", str_eq(zField, "as_of") ? "as-of" : zField, zMsg);
    rc = 2;
    goto out;
  }
  if( (zLimit && str_to_i64(zLimit, 1, INT64_MAX/2, &limit))
   || (zOffset && str_to_i64(zOffset, 0, INT64_MAX/2, &offset)) ){
    fprintf(stderr, "fazhi: --limit 应为正整数，--offset 应为非负整数\n");
    rc = 2;
    goto out;
  }
  if( zFormat==0 ) zFormat = d->bCsvDefault ? "csv" : "text";
  if( !str_eq(zFormat, "text") && !str_eq(zFormat, "csv") && !str_eq(zFormat, "xlsx")
   && !str_eq(zFormat, "json") ){
    fprintf(stderr, "fazhi: --format 应为 text、csv、xlsx 或 json\n");
    rc = 2;
    goto out;
  }
  if( cli_open() ){ rc = 1; goto out; }
  ar = arena_new();
  actor_cli(&a);
  view_run(d, &c, ar, &a, year, iAsOf, zKindOk);
  if( (ap = view_order(&c, zSort, &nRow))==0 ){
    fprintf(stderr, "fazhi: --sort：没有这一列\n");
    rc = 2;
  }else{
    int i, k, nAll = nRow;
    const struct view_row **apAll = ap;
    /* paging applies to every format (the JSON's total counts every row) */
    if( offset>nRow ) offset = nRow;
    ap += offset;
    nRow -= (int)offset;
    if( limit<nRow ) nRow = (int)limit;
    if( str_eq(zFormat, "json") ){
      struct json_w j;
      json_init(&j, &out);
      view_json(&c, &j, apAll, nAll, limit, offset);
      buf_putc(&out, '\n');
    }else if( str_eq(zFormat, "text") ){
      if( d->xHeadText ) d->xHeadText(&c, &out);
      for(i=0; i<nRow; i++){
        const struct view_row *p = ap[i];
        if( d->zRowTag ) buf_appendf(&out, "%s\t", d->zRowTag);
        if( d->zRank ) buf_appendf(&out, "%d\t", p->rank);
        buf_puts(&out, p->zOrg);
        for(k=0; k<c.nCol; k++){
          if( !c.aCol[k].bHidden ) buf_appendf(&out, "\t%s", view_cell_text(ar, &c, p, k));
        }
        buf_putc(&out, '\n');
      }
    }else if( view_export(&c, ap, nRow, str_eq(zFormat, "csv") ? TABLE_CSV : TABLE_XLSX, &out,
                          &err) ){
      fprintf(stderr, "fazhi: %s\n", err.buf);
      rc = 1;
    }
    if( rc==0 ) rc = cli_write_file(zOut, &out);
  }
  arena_free(ar);
  db_close();
out:
  buf_release(&out);
  buf_release(&err);
  buf_release(&usage);
  return rc;
}

/* ---- one row by year, on a record's page ------------------------------- */

void view_key_years(struct req *r, const struct view_def *d, const struct actor *a, i64 key,
                    const int *aYear, int nYear, const char *zTitle){
  struct html_table t;
  int i, k, n = 0;
  for(i=0; i<nYear; i++){
    struct view_ctx c;
    const struct view_row *p;
    view_run_key(d, &c, r->arena, a, aYear[i], 0, key);
    if( c.nRow==0 || c.aRow[0].bHide ) continue;
    p = &c.aRow[0];
    if( n++==0 ){
      const char **azHead = arena_alloc(r->arena, sizeof(char *) * (size_t)(c.nCol+1));
      const char **azCls = arena_alloc(r->arena, sizeof(char *) * (size_t)(c.nCol+1));
      int m = 0;
      azHead[m] = "年度"; azCls[m++] = "nowrap";
      for(k=0; k<c.nCol; k++){
        if( c.aCol[k].bHidden ) continue;
        azHead[m] = c.aCol[k].zLabel;
        azCls[m++] = c.aCol[k].zClass;
      }
      H(r, "<h2>%h</h2>\n", zTitle);
      html_table_begin(&t, r, d->zClass, m, azHead, azCls);
    }
    html_table_row(&t);
    html_cell(&t, 0, "<a href='/%a?year=%d'>%d</a>", d->zPath, aYear[i], aYear[i]);
    for(k=0; k<c.nCol; k++){
      if( !c.aCol[k].bHidden ) html_cell(&t, 0, "%h", view_cell_text(r->arena, &c, p, k));
    }
  }
  if( n ) html_table_end(&t);
}
