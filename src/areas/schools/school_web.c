/*
** school_web.c -- the schools' compliance as of a date: rates by kind and
** the schools behind with what each lacks, computed from the registers'
** records (school.c) for the page GET /compliance (a phone shows the
** tables as cards), GET /api/v1/compliance and `fazhi compliance`.
**
** A school (an org of kind school or kindergarten open on the day, in the
** actor's scope) lacks:
**   - a 法治副校长 when no appointment's term covers the day; a term that
**     ends within 60 days with no later appointment is listed too;
**   - each item of its year's checklist template not checked 达标 on or
**     before the day (未达标 with the note, or 未检查);
**   - 以案说法 when none is recorded in the day's semester up to the day
**     (the seed: 1–2 times a semester).
*/
#include "../../common.h"
#include "../../base/arena.h"
#include "../../base/buf.h"
#include "../../base/date.h"
#include "../../base/json.h"
#include "../../base/util.h"
#include "../../store/db.h"
#include "../../web/api.h"
#include "../../web/html.h"
#include "../../web/req.h"
#include "../../core/app.h"
#include "../../core/scope.h"
#include "school.h"

#define COMP_ENDING_DAYS 60

/* The index of school id in p (p->aById: id and index pairs by id), or -1. */
static int comp_find(const struct school_comp *p, i64 id){
  int lo = 0, hi = p->nSchool-1;
  while( lo<=hi ){
    int mid = (lo+hi)/2;
    i64 v = p->aById[mid].id;
    if( v==id ) return p->aById[mid].i;
    if( v<id ) lo = mid+1; else hi = mid-1;
  }
  return -1;
}

/* Add a lack (code, text) to school i. */
static void comp_lack(struct school_comp *p, struct arena *ar, int i, const char *zCode,
                      const char *zText){
  struct school_row *s = &p->aSchool[i];
  if( s->nLack==SCHOOL_MAX_LACK ) return;
  s->azLackCode[s->nLack] = arena_strdup(ar, zCode);
  s->azLack[s->nLack] = zText;
  s->nLack++;
}

/* Orders id and index pairs by id (qsort). */
static int comp_by_id(const void *a, const void *b){
  i64 x = ((const struct school_idx *)a)->id, y = ((const struct school_idx *)b)->id;
  return x<y ? -1 : x>y;
}

int school_compliance(struct arena *ar, const char *zLike, const char *zAsOf, const char *zKind,
                      struct school_comp *p){
  struct stmt q;
  int day, y, m, d, i, k, nAlloc = 64;
  char zTo[11];
  memset(p, 0, sizeof(*p));
  if( date_parse(zAsOf, &day) ) return -1;
  date_ymd(day, &y, &m, &d);
  p->zAsOf = arena_strdup(ar, zAsOf);
  p->year = y;
  school_semester(zAsOf, p->zSemester);
  /* the year's template items, in the checklist's order */
  for(i=0; school_item_codes()[i]; i+=2){
    const char *zItem = school_item_codes()[i];
    if( db_exists("SELECT 1 FROM check_tmpl WHERE year=?1 AND item=?2", "it", (i64)y, zItem)
     && p->nItem<SCHOOL_MAX_ITEM ){
      p->azItem[p->nItem++] = zItem;
    }
  }
  /* the schools open on the day */
  p->aSchool = arena_alloc(ar, sizeof(*p->aSchool)*(size_t)nAlloc);
  db_prepare(&q, "SELECT o.id, o.name, o.kind FROM org o"
                 " WHERE o.kind IN ('school','kindergarten') AND o.path LIKE ?1"
                 " AND (CAST(?3 AS TEXT) IS NULL OR o.kind=?3)"
                 " AND (o.founded IS NULL OR o.founded<=?2) AND (o.closed IS NULL OR o.closed>?2)"
                 " ORDER BY o.sort_path, o.id");
  db_bind_text(&q, 1, zLike);
  db_bind_text(&q, 2, zAsOf);
  if( zKind ) db_bind_text(&q, 3, zKind); else db_bind_null(&q, 3);
  while( db_step(&q)==DB_ROW ){
    struct school_row *s;
    if( p->nSchool==nAlloc ){
      void *pNew = arena_alloc(ar, sizeof(*p->aSchool)*(size_t)nAlloc*2);
      memcpy(pNew, p->aSchool, sizeof(*p->aSchool)*(size_t)nAlloc);
      p->aSchool = pNew;
      nAlloc *= 2;
    }
    s = &p->aSchool[p->nSchool++];
    memset(s, 0, sizeof(*s));
    s->id = db_column_int64(&q, 0);
    s->zName = db_column_dup(ar, &q, 1);
    s->bKg = str_eq(db_column_text(&q, 2), "kindergarten");
  }
  db_finalize(&q);
  p->aById = arena_alloc(ar, sizeof(*p->aById)*(size_t)(p->nSchool+1));
  for(i=0; i<p->nSchool; i++){
    p->aById[i].id = p->aSchool[i].id;
    p->aById[i].i = i;
  }
  qsort(p->aById, (size_t)p->nSchool, sizeof(*p->aById), comp_by_id);

  /* 法治副校长 in force, and terms ending soon with no successor */
  db_prepare(&q, "SELECT DISTINCT a.org_id FROM vp_appoint a JOIN org o ON o.id=a.org_id"
                 " WHERE o.path LIKE ?1 AND a.voided_at IS NULL"
                 " AND a.term_start<=?2 AND a.term_end>=?2");
  db_bind_text(&q, 1, zLike);
  db_bind_text(&q, 2, zAsOf);
  while( db_step(&q)==DB_ROW ){
    if( (i = comp_find(p, db_column_int64(&q, 0)))>=0 ) p->aSchool[i].bVp = true;
  }
  db_finalize(&q);
  date_format(day+COMP_ENDING_DAYS, zTo);
  db_prepare(&q, "SELECT a.org_id, a.vp_name, max(a.term_end) FROM vp_appoint a"
                 " JOIN org o ON o.id=a.org_id WHERE o.path LIKE ?1 AND a.voided_at IS NULL"
                 " AND a.term_start<=?2 AND a.term_end>=?2 AND a.term_end<=?3"
                 " AND NOT EXISTS(SELECT 1 FROM vp_appoint b WHERE b.org_id=a.org_id"
                 " AND b.voided_at IS NULL AND b.term_end>?3)"
                 " GROUP BY a.org_id, a.vp_name ORDER BY a.org_id");
  db_bind_text(&q, 1, zLike);
  db_bind_text(&q, 2, zAsOf);
  db_bind_text(&q, 3, zTo);
  while( db_step(&q)==DB_ROW ){
    if( (i = comp_find(p, db_column_int64(&q, 0)))>=0 ){
      comp_lack(p, ar, i, "vp_ending",
                arena_printf(ar, "法治副校长%s聘期 %s 届满，尚未续聘或另聘",
                             db_column_text(&q, 1), db_column_text(&q, 2)));
    }
  }
  db_finalize(&q);

  /* the checklist items checked on or before the day */
  db_prepare(&q, "SELECT k.org_id, k.item, k.status, k.note FROM check_item k"
                 " JOIN org o ON o.id=k.org_id WHERE o.path LIKE ?1 AND k.year=?2"
                 " AND k.checked_on<=?3");
  db_bind_text(&q, 1, zLike);
  db_bind_int64(&q, 2, y);
  db_bind_text(&q, 3, zAsOf);
  while( db_step(&q)==DB_ROW ){
    const char *zItem = db_column_text(&q, 1), *zNote = db_column_text(&q, 3);
    if( (i = comp_find(p, db_column_int64(&q, 0)))<0 ) continue;
    for(k=0; k<p->nItem; k++){
      if( !str_eq(p->azItem[k], zItem) ) continue;
      if( str_eq(db_column_text(&q, 2), "met") ){
        p->aSchool[i].mMet |= 1u<<k;
      }else{
        p->aSchool[i].mUnmet |= 1u<<k;
        p->aSchool[i].azNote[k] = zNote ? db_column_dup(ar, &q, 3) : 0;
      }
    }
  }
  db_finalize(&q);

  /* 以案说法 in the semester up to the day */
  db_prepare(&q, "SELECT t.org_id, count(*) FROM activity t JOIN org o ON o.id=t.org_id"
                 " WHERE o.path LIKE ?1 AND t.kind='case_talk' AND t.voided_at IS NULL"
                 " AND t.semester=?2 AND t.held_on<=?3 GROUP BY t.org_id");
  db_bind_text(&q, 1, zLike);
  db_bind_text(&q, 2, p->zSemester);
  db_bind_text(&q, 3, zAsOf);
  while( db_step(&q)==DB_ROW ){
    if( (i = comp_find(p, db_column_int64(&q, 0)))>=0 ){
      p->aSchool[i].nCase = (int)db_column_int64(&q, 1);
    }
  }
  db_finalize(&q);

  /* what each lacks, and the rates by kind */
  for(i=0; i<p->nSchool; i++){
    struct school_row *s = &p->aSchool[i];
    struct school_rate *pr = &p->aKind[s->bKg ? 1 : 0];
    bool bSafe = true;
    pr->nSchool++;
    if( s->bVp ) pr->nVp++;
    else comp_lack(p, ar, i, "vp", "未配备法治副校长");
    for(k=0; k<p->nItem; k++){
      const char *zLabel = school_item_label(p->azItem[k]);
      if( s->mMet & (1u<<k) ){
        pr->anMet[k]++;
        continue;
      }
      if( school_item_is_safety(p->azItem[k]) ) bSafe = false;
      if( s->mUnmet & (1u<<k) ){
        comp_lack(p, ar, i, p->azItem[k],
                  s->azNote[k] ? arena_printf(ar, "%s：未达标（%s）", zLabel, s->azNote[k])
                               : arena_printf(ar, "%s：未达标", zLabel));
      }else{
        comp_lack(p, ar, i, p->azItem[k], arena_printf(ar, "%s：未检查", zLabel));
      }
    }
    if( bSafe ) pr->nSafe++;
    if( s->nCase>0 ) pr->nCase++;
    else comp_lack(p, ar, i, "case_talk",
                   arena_printf(ar, "本学期（%s）尚未开展以案说法", p->zSemester));
    if( s->nLack>0 ) p->nBehind++;
  }
  return 0;
}

/* ---- shared by the page, the API and the command ---- */

/* Percentage text of n of d ("100%", "97.8%", "—" when d is 0), in ar. */
static char *comp_pct(struct arena *ar, int n, int d){
  if( d==0 ) return "—";
  if( n==d ) return "100%";
  return arena_printf(ar, "%.1f%%", 100.0*n/d);
}

/* The rate rows: key, label, and met counts per kind (aMet[2]). */
struct comp_line { const char *zKey, *zLabel; int an[2]; };

/* Fill a (room for SCHOOL_MAX_ITEM+3) with p's rate rows; returns how many. */
static int comp_lines(const struct school_comp *p, struct arena *ar, struct comp_line *a){
  int n = 0, k, j;
  a[n].zKey = "vp"; a[n].zLabel = "法治副校长配备率";
  for(j=0; j<2; j++) a[n].an[j] = p->aKind[j].nVp;
  n++;
  a[n].zKey = "safety"; a[n].zLabel = "校园安全四项均达标";
  for(j=0; j<2; j++) a[n].an[j] = p->aKind[j].nSafe;
  n++;
  for(k=0; k<p->nItem; k++){
    a[n].zKey = p->azItem[k];
    a[n].zLabel = arena_printf(ar, "%s达标率", school_item_label(p->azItem[k]));
    for(j=0; j<2; j++) a[n].an[j] = p->aKind[j].anMet[k];
    n++;
  }
  a[n].zKey = "case_talk";
  a[n].zLabel = arena_printf(ar, "本学期（%s）已开展以案说法", p->zSemester);
  for(j=0; j<2; j++) a[n].an[j] = p->aKind[j].nCase;
  n++;
  return n;
}

/* The kind filter of a request: NULL (all), school, kindergarten; -1 when bad. */
static int comp_kind(const char *z, const char **pzKind){
  *pzKind = 0;
  if( z==0 || z[0]==0 ) return 0;
  if( str_eq(z, "school") || str_eq(z, "中小学") ){ *pzKind = "school"; return 0; }
  if( str_eq(z, "kindergarten") || str_eq(z, "幼儿园") ){ *pzKind = "kindergarten"; return 0; }
  return -1;
}

/* The as-of day of a request (today when absent), ISO in out; -1 when bad. */
static int comp_as_of(const char *z, char out[11]){
  int day = date_today();
  if( z && z[0] && date_parse(z, &day) ) return -1;
  date_format(day, out);
  return 0;
}

/* ---- GET /compliance ---- */

void compliance_page(struct req *r){
  static const char *const azHead[] = { "项目", "中小学", "幼儿园", "合计" };
  static const char *const azCls[] = { "wide", "num", "num", "num" };
  static const char *const azGapHead[] = { "学校", "类别", "缺少" };
  static const char *const azGapCls[] = { "nowrap", "nowrap", "wide" };
  struct actor a;
  struct school_comp c;
  struct html_table t;
  struct comp_line aLine[SCHOOL_MAX_ITEM+3];
  const char *zKind;
  char zAsOf[11];
  int i, j, n;
  actor_from_req(&a, r);
  if( comp_as_of(req_param_trim(r, "as_of"), zAsOf) ){
    html_error_page(r, 400, "数据截至日期无效，应为 YYYY-MM-DD");
    return;
  }
  if( comp_kind(req_param_trim(r, "kind"), &zKind) ){
    html_error_page(r, 400, "类别应为中小学或幼儿园");
    return;
  }
  school_compliance(r->arena, org_scope_like(r->arena, &a), zAsOf, zKind, &c);
  html_begin(r, "学校法治工作达标情况", "/compliance");
  H(r, "<form method='get' class='toolbar'><div class='field'><label for='f-asof'>数据截至</label>"
       "<input id='f-asof' type='date' name='as_of' value='%a'></div>"
       "<div class='field'><label for='f-kind'>类别</label><select id='f-kind' name='kind'>"
       "<option value=''>全部</option><option value='school'%s>中小学</option>"
       "<option value='kindergarten'%s>幼儿园</option></select></div>"
       "<button class='btn' type='submit'>查看</button></form>\n", zAsOf,
    str_eq(zKind, "school") ? " selected" : "", str_eq(zKind, "kindergarten") ? " selected" : "");
  H(r, "<p class='total'>截至 %h：中小学 %d 所、幼儿园 %d 所；%d 年度检查项目 %d 项；"
       "%d 所学校有缺项。</p>\n", c.zAsOf, c.aKind[0].nSchool, c.aKind[1].nSchool, c.year,
    c.nItem, c.nBehind);
  n = comp_lines(&c, r->arena, aLine);
  html_table_begin(&t, r, "rates", 4, azHead, azCls);
  for(i=0; i<n; i++){
    int nAll = 0, nMet = 0;
    html_table_row(&t);
    html_cell(&t, 0, "%h", aLine[i].zLabel);
    for(j=0; j<2; j++){
      int nS = c.aKind[j].nSchool;
      html_cell(&t, nS && aLine[i].an[j]<nS ? "bad" : 0, "%h <span class='sub'>%d/%d</span>",
                comp_pct(r->arena, aLine[i].an[j], nS), aLine[i].an[j], nS);
      nAll += nS;
      nMet += aLine[i].an[j];
    }
    html_cell(&t, nAll && nMet<nAll ? "bad" : 0, "%h <span class='sub'>%d/%d</span>",
              comp_pct(r->arena, nMet, nAll), nMet, nAll);
  }
  html_table_end(&t);
  H(r, "<h2>有缺项的学校（%d 所）</h2>\n", c.nBehind);
  if( c.nBehind==0 ){
    H(r, "<div class='empty'>截至该日各学校均无缺项</div>\n");
  }else{
    html_table_begin(&t, r, "gaps", 3, azGapHead, azGapCls);
    for(i=0; i<c.nSchool; i++){
      const struct school_row *s = &c.aSchool[i];
      if( s->nLack==0 ) continue;
      html_table_row(&t);
      html_cell(&t, 0, "<a href='/orgs/%lld'>%h</a>", (long long)s->id, s->zName);
      html_cell(&t, 0, "%h", s->bKg ? "幼儿园" : "中小学");
      /* the last cell holds the lacks as a list (html_cell's shape) */
      H(r, "<td class='wide' data-label='%a'><ul class='lacks'>", azGapHead[2]);
      for(j=0; j<s->nLack; j++) H(r, "<li>%h</li>", s->azLack[j]);
      H(r, "</ul></td>");
      t.iCol = 3;
    }
    html_table_end(&t);
  }
  html_end(r);
}

/* ---- GET /api/v1/compliance ---- */

void compliance_api(struct req *r){
  struct actor a;
  struct school_comp c;
  struct json_w j;
  struct comp_line aLine[SCHOOL_MAX_ITEM+3];
  const char *zKind;
  char zAsOf[11];
  int i, k, n;
  actor_from_req(&a, r);
  if( comp_as_of(req_param_trim(r, "as_of"), zAsOf) ){
    api_error(r, 400, "bad_param", "数据截至日期无效，应为 YYYY-MM-DD", "as_of");
    return;
  }
  if( comp_kind(req_param_trim(r, "kind"), &zKind) ){
    api_error(r, 400, "bad_param", "类别应为 school（中小学）或 kindergarten（幼儿园）", "kind");
    return;
  }
  school_compliance(r->arena, org_scope_like(r->arena, &a), zAsOf, zKind, &c);
  n = comp_lines(&c, r->arena, aLine);
  api_begin(r, &j);
  json_obj_open(&j, 0);
  json_str(&j, "as_of", c.zAsOf);
  json_int(&j, "year", c.year);
  json_str(&j, "semester", c.zSemester);
  json_arr_open(&j, "kinds");
  for(k=0; k<2; k++){
    json_obj_open(&j, 0);
    json_str(&j, "kind", k ? "kindergarten" : "school");
    json_str(&j, "label", k ? "幼儿园" : "中小学");
    json_int(&j, "schools", c.aKind[k].nSchool);
    json_arr_open(&j, "rates");
    for(i=0; i<n; i++){
      json_obj_open(&j, 0);
      json_str(&j, "key", aLine[i].zKey);
      json_str(&j, "label", aLine[i].zLabel);
      json_int(&j, "met", aLine[i].an[k]);
      json_int(&j, "total", c.aKind[k].nSchool);
      json_str(&j, "rate", comp_pct(r->arena, aLine[i].an[k], c.aKind[k].nSchool));
      json_obj_close(&j);
    }
    json_arr_close(&j);
    json_obj_close(&j);
  }
  json_arr_close(&j);
  json_arr_open(&j, "items");
  for(i=0; i<c.nSchool; i++){
    const struct school_row *s = &c.aSchool[i];
    if( s->nLack==0 ) continue;
    json_obj_open(&j, 0);
    json_int(&j, "org_id", s->id);
    json_str(&j, "org", s->zName);
    json_str(&j, "kind", s->bKg ? "kindergarten" : "school");
    json_arr_open(&j, "lacks");
    for(k=0; k<s->nLack; k++){
      json_obj_open(&j, 0);
      json_str(&j, "code", s->azLackCode[k]);
      json_str(&j, "text", s->azLack[k]);
      json_obj_close(&j);
    }
    json_arr_close(&j);
    json_obj_close(&j);
  }
  json_arr_close(&j);
  json_int(&j, "total", c.nBehind);
  json_obj_close(&j);
}
