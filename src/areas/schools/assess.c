/*
** assess.c -- 年度考核 of the schools: the items of a year with their
** points (assess_item; a year's items add up to at most 100, and those
** marked 普法 make the 普法 share the seed asks to increase), the scores
** the bureau enters or imports per school for the manual items
** (assess_score), and the ranked table of a year (page, JSON, xlsx/CSV,
** `fazhi assessment`).
**
** An item's score comes from its source:
**   manual     the score entered for the school (none: 0, shown 未评分)
**   vp         the full points when a 法治副校长 is in force on the day
**   safety     points × the four campus-safety items 达标 / 4
**   lawclass   points × 三落实 items (教材、师资、课时) 达标 / 3
**   culture    points × 法治文化阵地 items 达标 / 4
**   case_talk  points × semesters of the year with a 以案说法 / 2
**   pufa_act   points × min(1, the year's 普法 activities / 4) (宪法宣传,
**              送法进校园, 以案说法, 法治副校长授课, 警示教育)
** "The day" is the as-of date: the year's last day, or today within it.
** Checklist items count when checked 达标 in the year on or before it.
*/
#include <sys/stat.h>
#include "../../common.h"
#include "../../base/arena.h"
#include "../../base/buf.h"
#include "../../base/date.h"
#include "../../base/json.h"
#include "../../base/util.h"
#include "../../office/table.h"
#include "../../store/db.h"
#include "../../web/api.h"
#include "../../web/html.h"
#include "../../web/req.h"
#include "../../core/app.h"
#include "assess.h"
#include "../../core/cli.h"
#include "../../core/scope.h"
#include "school.h"

/* ---- the items of a year ------------------------------------------------ */

static const char *const azSource[] = {
  "manual", "手工评分", "vp", "法治副校长配备", "safety", "校园安全四项",
  "lawclass", "法治课三落实", "culture", "法治文化阵地", "case_talk", "每学期以案说法",
  "pufa_act", "普法活动次数", 0
};

#define ASSESS_ITEM_FIELDS(X) \
  X(I_ORG, .zKey = "org_id", .zLabel = "制定单位", .eType = REG_REF, \
    .mFlags = RF_REQUIRED|RF_LIST|RF_FILTER, .zRef = "org", .nWidth = 24) \
  X(I_YEAR, .zKey = "year", .zLabel = "年度", .eType = REG_INT, \
    .mFlags = RF_REQUIRED|RF_LIST|RF_FILTER, .nWidth = 8, REG_RANGE(2000, 2100)) \
  X(I_NAME, .zKey = "name", .zLabel = "考核项目", .eType = REG_TEXT, \
    .mFlags = RF_REQUIRED|RF_LIST|RF_SEARCH, .nMax = 40, .nWidth = 24) \
  X(I_WEIGHT, .zKey = "weight", .zLabel = "分值", .eType = REG_INT, \
    .mFlags = RF_REQUIRED|RF_LIST, .zHelp = "1—100 分；同一年度各项目分值合计不超过 100", \
    .nWidth = 8, REG_RANGE(1, 100)) \
  X(I_PUFA, .zKey = "pufa", .zLabel = "普法项目", .eType = REG_BOOL, .mFlags = RF_LIST|RF_FILTER, \
    .zHelp = "计入普法在年度考核中的占分比重", .nWidth = 8) \
  X(I_SOURCE, .zKey = "source", .zLabel = "得分来源", .eType = REG_CHOICE, \
    .mFlags = RF_REQUIRED|RF_LIST|RF_FILTER, .azChoice = azSource, \
    .zHelp = "手工评分的项目逐校录入得分；其余按登记簿的记录自动计算", .nWidth = 16) \
  X(I_TITLE, .zKey = "title", .zLabel = "名称", .eType = REG_TEXT, \
    .mFlags = RF_READONLY|RF_TITLE|RF_NOIO, .nMax = 60, .nWidth = 24) \
  X(I_NOTE, .zKey = "note", .zLabel = "评分标准", .eType = REG_TEXT, .mFlags = RF_LONG, \
    .nMax = 300, .nWidth = 40)

enum { ASSESS_ITEM_FIELDS(REG_FIELD_ENUM) I_NFIELD };

static const struct reg_field aItemField[] = { ASSESS_ITEM_FIELDS(REG_FIELD_INIT) };

/* A plausible year, 1-100 points, at most 100 a year, a name once a year. */
static int assess_item_check(struct reg_ctx *c){
  const char **az = c->azNew;
  i64 y = 0, w = 0, nOther;
  /* the year's and the points' ranges are declared */
  if( az[I_YEAR] && str_to_i64(az[I_YEAR], 2000, 2100, &y) ) return 0;
  if( az[I_WEIGHT] && str_to_i64(az[I_WEIGHT], 1, 100, &w) ) return 0;
  if( y==0 ) return 0;
  if( az[I_NAME]
   && db_exists("SELECT 1 FROM assess_item WHERE year=?1 AND name=?2 AND id<>?3"
                " AND voided_at IS NULL", "iti", y, az[I_NAME], c->id) ){
    reg_err_add(c->pErr, REG_ECONFLICT, "name", "%lld 年度已有考核项目“%s”", (long long)y,
                az[I_NAME]);
  }
  nOther = db_i64(0, "SELECT coalesce(sum(weight),0) FROM assess_item WHERE year=?1"
                     " AND id<>?2 AND voided_at IS NULL", "ii", y, c->id);
  if( w && nOther+w>100 ){
    reg_err_add(c->pErr, REG_ECONFLICT, "weight",
                "%lld 年度其他项目已有 %lld 分，本项最多 %lld 分（合计不超过 100 分）",
                (long long)y, (long long)nOther, (long long)(100-nOther));
  }
  return 0;
}

/* Derived: the title names the year. */
static void assess_item_derive(struct reg_ctx *c){
  if( c->azNew[I_YEAR] && c->azNew[I_NAME] ){
    c->azNew[I_TITLE] = arena_printf(c->ar, "%s年 %s", c->azNew[I_YEAR], c->azNew[I_NAME]);
  }
  if( c->azNew[I_PUFA]==0 ) c->azNew[I_PUFA] = "0";
}

const struct reg_def assess_item_reg = {
  .zName = "assess_item", .zTable = "assess_item", .zSeg = "assessment-items",
  .zCmd = "assess-item", .zTitle = "年度考核项目", .zNavGroup = "学校",
  .zOrgField = "org_id",
  .mRead = 0, .mWrite = ROLE_ADMIN|ROLE_LEGAL, .mFull = ROLE_ALL,
  .aField = aItemField, .nField = (int)COUNT(aItemField),
  .eDelete = REG_DEL_VOID, .zOrder = "t.year DESC, t.id",
  .xCheck = assess_item_check, .xDerive = assess_item_derive, .zCounter = "项",
};

/* ---- the scores of the manual items ------------------------------------- */

static const char *const azSchoolAlias[] = { "学校名称", "单位", 0 };
static const char *const azItemAlias[] = { "项目", "考核项目名称", 0 };
static const char *const azSchoolKind[] = { "school", "kindergarten", 0 };

#define ASSESS_SCORE_FIELDS(X) \
  X(S_ORG, .zKey = "org_id", .zLabel = "学校", .eType = REG_REF, \
    .mFlags = RF_REQUIRED|RF_LIST|RF_FILTER, .zRef = "org", .azAlias = azSchoolAlias, \
    .nWidth = 28, .zRefKind = "kind", .azRefKind = azSchoolKind, \
    .zRefKindLabel = "中小学或幼儿园") \
  X(S_ITEM, .zKey = "item_id", .zLabel = "考核项目", .eType = REG_REF, \
    .mFlags = RF_REQUIRED|RF_LIST|RF_FILTER|RF_TITLE, .zRef = "assess_item", \
    .zHelp = "手工评分的考核项目（如“2024年 依法治校”）", .azAlias = azItemAlias, .nWidth = 24) \
  X(S_YEAR, .zKey = "year", .zLabel = "年度", .eType = REG_INT, \
    .mFlags = RF_READONLY|RF_LIST|RF_FILTER|RF_NOIO, .nWidth = 8) \
  X(S_SCORE, .zKey = "score", .zLabel = "得分", .eType = REG_INT, .mFlags = RF_REQUIRED|RF_LIST, \
    .zHelp = "0 到该项目的分值", .nWidth = 8) \
  X(S_NOTE, .zKey = "note", .zLabel = "扣分说明", .eType = REG_TEXT, .mFlags = RF_LIST|RF_LONG, \
    .nMax = 300, .nWidth = 30)

enum { ASSESS_SCORE_FIELDS(REG_FIELD_ENUM) S_NFIELD };

static const struct reg_field aScoreField[] = { ASSESS_SCORE_FIELDS(REG_FIELD_INIT) };

/* A school, a manual item in force, a score within its points, once. */
static int assess_score_check(struct reg_ctx *c){
  const char **az = c->azNew;
  struct stmt q;
  i64 item = 0, s = 0;
  /* declared: a school or kindergarten; one score per school and item */
  if( az[S_ITEM]==0 || str_to_i64(az[S_ITEM], 1, INT64_MAX, &item) ) return 0;
  db_prepare(&q, "SELECT source, weight, voided_at FROM assess_item WHERE id=?1");
  db_bind_int64(&q, 1, item);
  if( db_step(&q)==DB_ROW ){
    const char *zSrc = db_column_text(&q, 0);
    i64 w = db_column_int64(&q, 1);
    if( !db_column_is_null(&q, 2) ){
      reg_err_add(c->pErr, REG_EGONE, "item_id", "该考核项目已作废");
    }else if( !str_eq(zSrc, "manual") ){
      reg_err_add(c->pErr, REG_EINVALID, "item_id", "该项目的得分按“%s”自动计算，无须录入",
                  reg_choice_label(&aItemField[I_SOURCE], zSrc));
    }else if( az[S_SCORE] && str_to_i64(az[S_SCORE], 0, w, &s) ){
      reg_err_add(c->pErr, REG_EINVALID, "score", "得分应为 0—%lld 之间的整数（该项目分值 %lld 分）",
                  (long long)w, (long long)w);
    }
  }
  db_finalize(&q);
  return 0;
}

/* Derived: the year is the item's. */
static void assess_score_derive(struct reg_ctx *c){
  i64 item = 0;
  if( c->azNew[S_ITEM] && str_to_i64(c->azNew[S_ITEM], 1, INT64_MAX, &item)==0 ){
    c->azNew[S_YEAR] = db_text(c->ar, 0, "SELECT CAST(year AS TEXT) FROM assess_item WHERE id=?1",
                               "i", item);
  }
}

/* One score per school and item (the unique index of 0014). */
static const char *const azScoreUnique[] = { "org_id", "item_id", 0 };
static const struct reg_unique aScoreUnique[] = { { azScoreUnique } };

const struct reg_def assess_score_reg = {
  .zName = "assess_score", .zTable = "assess_score", .zSeg = "assessment-scores",
  .zCmd = "assess-score", .zTitle = "年度考核得分", .zNavGroup = "学校",
  .zOrgField = "org_id",
  .mRead = 0, .mWrite = ROLE_ADMIN|ROLE_LEGAL, .mFull = ROLE_ALL,
  .aField = aScoreField, .nField = (int)COUNT(aScoreField),
  .eDelete = REG_DEL_DELETE, .zOrder = "t.year DESC, t.item_id, t.org_id, t.id",
  .xCheck = assess_score_check, .xDerive = assess_score_derive, .zCounter = "条",
  .zMoveKey = "item_id",          /* one score per school and item */
  .aUnique = aScoreUnique, .nUnique = 1,
};

/* ---- the ranked table --------------------------------------------------- */

/* The scores of the year (memory from ar). */
int assess_table(struct arena *ar, const char *zLike, int year, const char *zAsOf,
                 const char *zKind, struct assess_tab *p){
  struct school_comp c;
  struct stmt q;
  int i, k, nAlloc = 8;
  memset(p, 0, sizeof(*p));
  p->year = year;
  if( school_compliance(ar, zLike, zAsOf, zKind, &c) ) return -1;
  p->zAsOf = c.zAsOf;
  /* the items */
  p->aItem = arena_alloc(ar, sizeof(*p->aItem)*(size_t)nAlloc);
  db_prepare(&q, "SELECT id, name, weight, pufa, source FROM assess_item"
                 " WHERE year=?1 AND voided_at IS NULL ORDER BY id");
  db_bind_int64(&q, 1, year);
  while( db_step(&q)==DB_ROW ){
    struct assess_col *pc;
    if( p->nItem==nAlloc ){
      void *pNew = arena_alloc(ar, sizeof(*p->aItem)*(size_t)nAlloc*2);
      memcpy(pNew, p->aItem, sizeof(*p->aItem)*(size_t)nAlloc);
      p->aItem = pNew;
      nAlloc *= 2;
    }
    pc = &p->aItem[p->nItem++];
    pc->id = db_column_int64(&q, 0);
    pc->zName = db_column_dup(ar, &q, 1);
    pc->weight = (int)db_column_int64(&q, 2);
    pc->bPufa = db_column_int64(&q, 3)!=0;
    pc->zSource = db_column_dup(ar, &q, 4);
    pc->zSourceLabel = reg_choice_label(&aItemField[I_SOURCE], pc->zSource);
    p->nWeight += pc->weight;
    if( pc->bPufa ) p->nPufaWeight += pc->weight;
  }
  db_finalize(&q);
  /* the schools */
  p->nRow = c.nSchool;
  p->aRow = arena_alloc(ar, sizeof(*p->aRow)*(size_t)(c.nSchool+1));
  for(i=0; i<c.nSchool; i++){
    struct assess_row *pr = &p->aRow[i];
    const struct school_row *s = &c.aSchool[i];
    int nSafe = 0, nTri = 0, nCul = 0;
    memset(pr, 0, sizeof(*pr));
    pr->id = s->id;
    pr->zName = s->zName;
    pr->bKg = s->bKg;
    pr->aScore = arena_alloc(ar, sizeof(double)*(size_t)(p->nItem+1));
    pr->abSet = arena_alloc(ar, sizeof(bool)*(size_t)(p->nItem+1));
    for(k=0; k<c.nItem; k++){
      const char *z = c.azItem[k];
      if( !(s->mMet & (1u<<k)) ) continue;
      if( school_item_is_safety(z) ) nSafe++;
      else if( str_eq(z, "textbook") || str_eq(z, "teacher") || str_eq(z, "hours") ) nTri++;
      else nCul++;
    }
    for(k=0; k<p->nItem; k++){
      const struct assess_col *pc = &p->aItem[k];
      double f = -1;
      if( str_eq(pc->zSource, "vp") ) f = s->bVp ? 1 : 0;
      else if( str_eq(pc->zSource, "safety") ) f = nSafe/4.0;
      else if( str_eq(pc->zSource, "lawclass") ) f = nTri/3.0;
      else if( str_eq(pc->zSource, "culture") ) f = nCul/4.0;
      else if( str_eq(pc->zSource, "case_talk") ){
        f = db_int(0, "SELECT count(DISTINCT semester) FROM activity WHERE org_id=?1"
                      " AND kind='case_talk' AND voided_at IS NULL AND semester IN (?2, ?3)"
                      " AND held_on<=?4", "ittt", s->id,
                   arena_printf(ar, "%d春", year), arena_printf(ar, "%d秋", year), c.zAsOf)/2.0;
      }else if( str_eq(pc->zSource, "pufa_act") ){
        int n = db_int(0, "SELECT count(*) FROM activity WHERE org_id=?1 AND voided_at IS NULL"
                          " AND kind IN ('constitution','law_to_school','case_talk','vp_lesson',"
                          "'warning') AND held_on>=?2 AND held_on<=?3", "itt", s->id,
                       arena_printf(ar, "%d-01-01", year), c.zAsOf);
        f = n>=4 ? 1 : n/4.0;
      }
      if( f>=0 ){
        pr->aScore[k] = pc->weight*f;
        pr->abSet[k] = true;
      }
    }
  }
  /* the manual scores */
  db_prepare(&q, "SELECT s.org_id, s.item_id, s.score FROM assess_score s"
                 " JOIN org o ON o.id=s.org_id WHERE o.path LIKE ?1 AND s.year=?2");
  db_bind_text(&q, 1, zLike);
  db_bind_int64(&q, 2, year);
  while( db_step(&q)==DB_ROW ){
    i64 org = db_column_int64(&q, 0), item = db_column_int64(&q, 1);
    for(i=0; i<p->nRow && p->aRow[i].id!=org; i++){}
    if( i==p->nRow ) continue;
    for(k=0; k<p->nItem; k++){
      if( p->aItem[k].id==item && str_eq(p->aItem[k].zSource, "manual") ){
        p->aRow[i].aScore[k] = (double)db_column_int64(&q, 2);
        p->aRow[i].abSet[k] = true;
      }
    }
  }
  db_finalize(&q);
  /* totals and ranks (equal totals share a rank: 1, 1, 3) */
  for(i=0; i<p->nRow; i++){
    struct assess_row *pr = &p->aRow[i];
    for(k=0; k<p->nItem; k++){
      pr->total += pr->aScore[k];
      if( p->aItem[k].bPufa ) pr->pufa += pr->aScore[k];
    }
    pr->total = (double)(long long)(pr->total*10+0.5)/10;
    pr->pufa = (double)(long long)(pr->pufa*10+0.5)/10;
  }
  for(i=1; i<p->nRow; i++){          /* stable insertion sort by total, descending */
    struct assess_row t = p->aRow[i];
    int j = i-1;
    while( j>=0 && p->aRow[j].total<t.total ){ p->aRow[j+1] = p->aRow[j]; j--; }
    p->aRow[j+1] = t;
  }
  for(i=0; i<p->nRow; i++){
    p->aRow[i].rank = i>0 && p->aRow[i].total==p->aRow[i-1].total ? p->aRow[i-1].rank : i+1;
  }
  return 0;
}

/* A score as text: "8", "7.5"; "" when not scored. */
static const char *assess_num(struct arena *ar, double v, bool bSet){
  if( !bSet ) return "";
  v = (double)(long long)(v*10+0.5)/10;
  if( v==(double)(long long)v ) return arena_printf(ar, "%lld", (long long)v);
  return arena_printf(ar, "%.1f", v);
}

/* The 普法 share of the year's points, as text ("30%"). */
static const char *assess_share(struct arena *ar, const struct assess_tab *p){
  if( p->nWeight==0 ) return "—";
  return arena_printf(ar, "%.0f%%", 100.0*p->nPufaWeight/p->nWeight);
}

/* The year and as-of day of a request or command: year defaults to the
** as-of day's, as-of to today within the year, else its last day. */
static int assess_when(const char *zYear, const char *zAsOf, int *pYear, char out[11],
                       const char **pzField){
  i64 y = 0;
  int day = 0, today = date_today(), iY, m, d;
  if( zYear && zYear[0] && str_to_i64(zYear, 2000, 2100, &y) ){ *pzField = "year"; return -1; }
  if( zAsOf && zAsOf[0] && date_parse(zAsOf, &day) ){ *pzField = "as_of"; return -1; }
  if( y==0 ){
    date_ymd(day ? day : today, &iY, &m, &d);
    y = iY;
  }
  if( day==0 ){
    date_ymd(today, &iY, &m, &d);
    day = iY==y ? today : date_from_ymd((int)y, 12, 31);
  }
  *pYear = (int)y;
  date_format(day, out);
  return 0;
}

/* The export's rows. */
struct assess_x { const struct assess_tab *p; struct arena *ar; };
static void assess_rows(void *ctx, struct table_sink *s){
  const struct assess_x *x = ctx;
  const char **az = arena_alloc(x->ar, sizeof(char *)*(size_t)(x->p->nItem+6));
  int i, k;
  for(i=0; i<x->p->nRow; i++){
    const struct assess_row *r = &x->p->aRow[i];
    az[0] = arena_printf(x->ar, "%d", r->rank);
    az[1] = r->zName;
    az[2] = r->bKg ? "幼儿园" : "中小学";
    az[3] = assess_num(x->ar, r->total, true);
    az[4] = assess_num(x->ar, r->pufa, true);
    for(k=0; k<x->p->nItem; k++) az[5+k] = assess_num(x->ar, r->aScore[k], r->abSet[k]);
    table_sink_row(s, az);
  }
}

int assess_export(struct arena *ar, const struct assess_tab *p, int eFormat, struct buf *pOut,
                  struct buf *pErr){
  struct table_col *aCol = arena_alloc(ar, sizeof(*aCol)*(size_t)(p->nItem+6));
  struct table_def t;
  struct assess_x x;
  char *zTmp = arena_printf(ar, "%s/tmp", app.zDataDir);
  int k;
  static const char *const azHead[] = { "排名", "学校", "类别", "总分", "普法得分" };
  memset(aCol, 0, sizeof(*aCol)*(size_t)(p->nItem+6));
  for(k=0; k<5; k++){
    aCol[k].zHead = azHead[k];
    aCol[k].zKey = azHead[k];
    aCol[k].eType = COL_TEXT;
    aCol[k].nWidth = k==1 ? 32 : 10;
  }
  for(k=0; k<p->nItem; k++){
    aCol[5+k].zHead = arena_printf(ar, "%s（%d分%s）", p->aItem[k].zName, p->aItem[k].weight,
                                   p->aItem[k].bPufa ? "，普法" : "");
    aCol[5+k].zKey = aCol[5+k].zHead;
    aCol[5+k].eType = COL_TEXT;
    aCol[5+k].nWidth = 16;
  }
  t.zTitle = arena_printf(ar, "%d年度学校考核排名（截至%s，普法占%s）", p->year, p->zAsOf,
                          assess_share(ar, p));
  t.aCol = aCol;
  t.nCol = p->nItem+5;
  x.p = p;
  x.ar = ar;
  mkdir(zTmp, 0700);
  return table_export(&t, eFormat, zTmp, assess_rows, &x, pOut, pErr);
}

/* ---- GET /assessment ---------------------------------------------------- */

/* Read year, as_of and kind of a request into the out-parameters; on bad
** input answer (page or API) and return -1. */
static int assess_req(struct req *r, bool bApi, int *pYear, char zAsOf[11], const char **pzKind){
  const char *zField = 0, *zKind = req_param_trim(r, "kind");
  *pzKind = 0;
  if( assess_when(req_param_trim(r, "year"), req_param_trim(r, "as_of"), pYear, zAsOf,
                  &zField) ){
    const char *zMsg = str_eq(zField, "year") ? "年度应为 2000—2100 之间的年份"
                                             : "数据截至日期无效，应为 YYYY-MM-DD";
    if( bApi ) api_error(r, 400, "bad_param", zMsg, zField);
    else html_error_page(r, 400, zMsg);
    return -1;
  }
  if( zKind && zKind[0] ){
    if( str_eq(zKind, "school") || str_eq(zKind, "kindergarten") ){
      *pzKind = zKind;
    }else{
      if( bApi ) api_error(r, 400, "bad_param", "类别应为 school（中小学）或 kindergarten（幼儿园）",
                           "kind");
      else html_error_page(r, 400, "类别应为中小学或幼儿园");
      return -1;
    }
  }
  return 0;
}

void assess_page(struct req *r){
  struct actor a;
  struct assess_tab p;
  struct html_table t;
  const char **azHead, **azCls, *zKind;
  char zAsOf[11];
  int year, i, k, nCol;
  actor_from_req(&a, r);
  if( assess_req(r, false, &year, zAsOf, &zKind) ) return;
  assess_table(r->arena, org_scope_like(r->arena, &a), year, zAsOf, zKind, &p);
  html_begin(r, arena_printf(r->arena, "%d年度学校考核", year), "/assessment");
  H(r, "<form method='get' class='toolbar'><div class='field'><label for='f-year'>年度</label>"
       "<input id='f-year' name='year' value='%d' size='6'></div>"
       "<div class='field'><label for='f-asof'>数据截至</label>"
       "<input id='f-asof' type='date' name='as_of' value='%a'></div>"
       "<div class='field'><label for='f-kind'>类别</label><select id='f-kind' name='kind'>"
       "<option value=''>全部</option><option value='school'%s>中小学</option>"
       "<option value='kindergarten'%s>幼儿园</option></select></div>"
       "<button class='btn' type='submit'>查看</button>"
       " <a class='btn' href='/assessment/export?year=%d&amp;as_of=%t&amp;kind=%t&amp;format=xlsx'>"
       "导出 Excel</a>"
       " <a class='btn' href='/assessment/export?year=%d&amp;as_of=%t&amp;kind=%t&amp;format=csv'>"
       "导出 CSV</a></form>\n",
    year, zAsOf, str_eq(zKind, "school") ? " selected" : "",
    str_eq(zKind, "kindergarten") ? " selected" : "",
    year, zAsOf, zKind ? zKind : "", year, zAsOf, zKind ? zKind : "");
  if( p.nItem==0 ){
    H(r, "<div class='empty'>%d 年度尚未设置考核项目 · "
         "<a href='/assessment-items/new'>新增考核项目</a></div>\n", year);
    html_end(r);
    return;
  }
  H(r, "<p class='total'>%d 年度考核项目 %d 项，合计 %d 分，其中普法 %d 分（占 %h）；"
       "共 %d 所学校，数据截至 %h。手工评分项目未录入得分的记为 0 分（空白）。"
       " <a href='/assessment-items?year=%d'>考核项目</a> ·"
       " <a href='/assessment-scores'>得分录入</a></p>\n",
    year, p.nItem, p.nWeight, p.nPufaWeight, assess_share(r->arena, &p), p.nRow, p.zAsOf, year);
  nCol = p.nItem+5;
  azHead = arena_alloc(r->arena, sizeof(char *)*(size_t)nCol);
  azCls = arena_alloc(r->arena, sizeof(char *)*(size_t)nCol);
  azHead[0] = "排名"; azHead[1] = "学校"; azHead[2] = "类别"; azHead[3] = "总分";
  azHead[4] = "普法得分";
  azCls[0] = "num"; azCls[1] = "nowrap"; azCls[2] = "nowrap"; azCls[3] = "num"; azCls[4] = "num";
  for(k=0; k<p.nItem; k++){
    azHead[5+k] = arena_printf(r->arena, "%s（%d分%s）", p.aItem[k].zName, p.aItem[k].weight,
                               p.aItem[k].bPufa ? "，普法" : "");
    azCls[5+k] = "num";
  }
  html_table_begin(&t, r, "assess", nCol, azHead, azCls);
  for(i=0; i<p.nRow; i++){
    const struct assess_row *pr = &p.aRow[i];
    html_table_row(&t);
    html_cell(&t, 0, "%d", pr->rank);
    html_cell(&t, 0, "<a href='/orgs/%lld'>%h</a>", (long long)pr->id, pr->zName);
    html_cell(&t, 0, "%h", pr->bKg ? "幼儿园" : "中小学");
    html_cell(&t, 0, "%h", assess_num(r->arena, pr->total, true));
    html_cell(&t, 0, "%h", assess_num(r->arena, pr->pufa, true));
    for(k=0; k<p.nItem; k++){
      html_cell(&t, 0, "%h", assess_num(r->arena, pr->aScore[k], pr->abSet[k]));
    }
  }
  html_table_end(&t);
  if( p.nRow==0 ) H(r, "<div class='empty'>范围内没有学校</div>\n");
  html_end(r);
}

void assess_export_page(struct req *r){
  struct actor a;
  struct assess_tab p;
  struct buf err = BUF_INIT;
  const char *zKind, *zFormat = req_param_trim(r, "format");
  char zAsOf[11];
  int year, eFormat;
  actor_from_req(&a, r);
  if( assess_req(r, str_starts(r->zPath, "/api/"), &year, zAsOf, &zKind) ) return;
  if( zFormat==0 || str_eq(zFormat, "xlsx") ) eFormat = TABLE_XLSX;
  else if( str_eq(zFormat, "csv") ) eFormat = TABLE_CSV;
  else{
    if( str_starts(r->zPath, "/api/") ){
      api_error(r, 400, "bad_param", "format 应为 xlsx 或 csv", "format");
    }
    else html_error_page(r, 400, "格式应为 xlsx 或 csv");
    return;
  }
  assess_table(r->arena, org_scope_like(r->arena, &a), year, zAsOf, zKind, &p);
  if( assess_export(r->arena, &p, eFormat, &r->out, &err) ){
    if( str_starts(r->zPath, "/api/") ) api_error(r, 500, "export_failed", err.buf, 0);
    else html_error_page(r, 500, err.buf);
  }else{
    req_attachment(r, eFormat==TABLE_CSV ? "csv" : "xlsx",
                   arena_printf(r->arena, "assessment-%d", year),
                   arena_printf(r->arena, "%d年度学校考核排名", year));
  }
  buf_release(&err);
}

/* ---- GET /api/v1/assessment --------------------------------------------- */

void assess_api(struct req *r){
  struct actor a;
  struct assess_tab p;
  struct json_w j;
  const char *zKind;
  char zAsOf[11];
  int year, i, k;
  actor_from_req(&a, r);
  if( assess_req(r, true, &year, zAsOf, &zKind) ) return;
  assess_table(r->arena, org_scope_like(r->arena, &a), year, zAsOf, zKind, &p);
  api_begin(r, &j);
  json_obj_open(&j, 0);
  json_int(&j, "year", year);
  json_str(&j, "as_of", p.zAsOf);
  json_int(&j, "weight", p.nWeight);
  json_int(&j, "pufa_weight", p.nPufaWeight);
  json_str(&j, "pufa_share", assess_share(r->arena, &p));
  json_arr_open(&j, "columns");
  for(k=0; k<p.nItem; k++){
    json_obj_open(&j, 0);
    json_int(&j, "id", p.aItem[k].id);
    json_str(&j, "name", p.aItem[k].zName);
    json_int(&j, "weight", p.aItem[k].weight);
    json_bool(&j, "pufa", p.aItem[k].bPufa);
    json_str(&j, "source", p.aItem[k].zSource);
    json_str(&j, "source_name", p.aItem[k].zSourceLabel);
    json_obj_close(&j);
  }
  json_arr_close(&j);
  json_arr_open(&j, "items");
  for(i=0; i<p.nRow; i++){
    const struct assess_row *pr = &p.aRow[i];
    json_obj_open(&j, 0);
    json_int(&j, "rank", pr->rank);
    json_int(&j, "org_id", pr->id);
    json_str(&j, "org", pr->zName);
    json_str(&j, "kind", pr->bKg ? "kindergarten" : "school");
    json_double(&j, "total", pr->total);
    json_double(&j, "pufa", pr->pufa);
    json_arr_open(&j, "scores");
    for(k=0; k<p.nItem; k++){
      if( pr->abSet[k] ) json_double(&j, 0, (double)(long long)(pr->aScore[k]*10+0.5)/10);
      else json_null_val(&j, 0);
    }
    json_arr_close(&j);
    json_obj_close(&j);
  }
  json_arr_close(&j);
  json_int(&j, "total", p.nRow);
  json_obj_close(&j);
}

/* ---- fazhi assessment --------------------------------------------------- */

static const char zAssessUsage[] =
  "用法: fazhi assessment --year 年度 [--as-of YYYY-MM-DD] [--kind school|kindergarten]\n"
  "                       [--format csv|xlsx] [-o FILE]\n"
  "  年度学校考核排名：各考核项目得分（手工评分项目取录入的得分，其余按登记簿的记录计算）、\n"
  "  总分、普法得分和排名。--as-of 默认该年12月31日（当年为今天）；默认输出 CSV 到标准输出。\n";

int assess_cmd(int argc, char **argv){
  int n = argc-1, year, eFormat = TABLE_CSV, rc;
  char **av = argv+1;
  const char *zYear, *zAsOfIn, *zKind, *zFormat, *zOut, *zField = 0;
  char zAsOf[11];
  struct arena *ar;
  struct actor a;
  struct assess_tab p;
  struct buf out = BUF_INIT, err = BUF_INIT;
  if( cli_flag(&n, av, "--help") ){ printf("%s", zAssessUsage); return 0; }
  zYear = cli_option(&n, av, "--year");
  zAsOfIn = cli_option(&n, av, "--as-of");
  zKind = cli_option(&n, av, "--kind");
  zFormat = cli_option(&n, av, "--format");
  zOut = cli_option(&n, av, "-o");
  if( cli_finish(n, av, 0, 0, zAssessUsage) ) return 2;
  if( zYear==0 ){
    fprintf(stderr, "fazhi: 请用 --year 指定年度\n");
    return cli_usage(zAssessUsage);
  }
  if( assess_when(zYear, zAsOfIn, &year, zAsOf, &zField) ){
    fprintf(stderr, "fazhi: %s\n", str_eq(zField, "year") ? "--year 应为 2000—2100 之间的年份"
                                                         : "--as-of 应为日期 YYYY-MM-DD");
    return 2;
  }
  if( zKind && !str_eq(zKind, "school") && !str_eq(zKind, "kindergarten") ){
    fprintf(stderr, "fazhi: --kind 应为 school 或 kindergarten\n");
    return 2;
  }
  if( zFormat && str_eq(zFormat, "xlsx") ) eFormat = TABLE_XLSX;
  else if( zFormat && !str_eq(zFormat, "csv") ){
    fprintf(stderr, "fazhi: --format 应为 csv 或 xlsx\n");
    return 2;
  }
  if( cli_open() ) return 1;
  ar = arena_new();
  actor_cli(&a);
  assess_table(ar, org_scope_like(ar, &a), year, zAsOf, zKind, &p);
  if( assess_export(ar, &p, eFormat, &out, &err) ){
    fprintf(stderr, "fazhi: %s\n", err.buf);
    rc = 1;
  }else{
    rc = cli_write_file(zOut, &out);
  }
  arena_free(ar);
  buf_release(&out);
  buf_release(&err);
  db_close();
  return rc;
}
