/*
** assess.c -- 年度考核 of the schools: the items of a year with their
** points (assess_item; a year's items add up to at most 100, and those
** marked 普法 make the 普法 share the seed asks to increase), the scores
** the bureau enters or imports per school for the manual items
** (assess_score), and the ranked table of a year, a declared view
** (reg/view.h: page, JSON, xlsx/CSV, `fazhi assessment`, with paging).
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
** 法治副校长 is the figure vp.rate per school; the checklist items are
** school_checks' (school_web.c).
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
#include "../../reg/view.h"
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

/* ---- the ranked table, a declared view (reg/view.h) ---------------------- */

/* The year's items, the columns of the view. */
struct assess_data {
  int iCheckCol;                 /* the first checklist item's figure column */
  int nItem, nWeight, nPufaWeight;
  struct assess_col *aItem;
  int iFirst;                    /* the view column of the first item */
};

enum { A_TOTAL, A_PUFA, A_VP };
static const struct view_col aAssessCol[] = {
  { .zKey = "total", .zLabel = "总分", .eType = VIEW_NUM, .zClass = "num" },
  { .zKey = "pufa", .zLabel = "普法得分", .eType = VIEW_NUM, .zClass = "num" },
  { .zKey = "vp", .zLabel = "法治副校长", .eType = VIEW_NUM, .zFigure = "vp.rate",
    .bHidden = true },
};

/* The items of the view's year: one column each (the JSON's "scores"). */
static void assess_cols(struct view_ctx *c){
  struct assess_data *p = arena_alloc(c->ar, sizeof(*p));
  struct stmt q;
  int nAlloc = 8;
  memset(p, 0, sizeof(*p));
  c->pData = p;
  p->iCheckCol = school_item_cols(c);
  p->iFirst = c->nCol;
  p->aItem = arena_alloc(c->ar, sizeof(*p->aItem)*(size_t)nAlloc);
  db_prepare(&q, "SELECT id, name, weight, pufa, source FROM assess_item"
                 " WHERE year=?1 AND voided_at IS NULL ORDER BY id");
  db_bind_int64(&q, 1, c->s.year);
  while( db_step(&q)==DB_ROW ){
    struct assess_col *pc;
    struct view_col col;
    if( p->nItem==nAlloc ){
      void *pNew = arena_alloc(c->ar, sizeof(*p->aItem)*(size_t)nAlloc*2);
      memcpy(pNew, p->aItem, sizeof(*p->aItem)*(size_t)nAlloc);
      p->aItem = pNew;
      nAlloc *= 2;
    }
    pc = &p->aItem[p->nItem++];
    pc->id = db_column_int64(&q, 0);
    pc->zName = db_column_dup(c->ar, &q, 1);
    pc->weight = (int)db_column_int64(&q, 2);
    pc->bPufa = db_column_int64(&q, 3)!=0;
    pc->zSource = db_column_dup(c->ar, &q, 4);
    pc->zSourceLabel = reg_choice_label(&aItemField[I_SOURCE], pc->zSource);
    p->nWeight += pc->weight;
    if( pc->bPufa ) p->nPufaWeight += pc->weight;
    memset(&col, 0, sizeof(col));
    col.zKey = arena_printf(c->ar, "item%lld", (long long)pc->id);
    col.zLabel = arena_printf(c->ar, "%s（%d分%s）", pc->zName, pc->weight,
                              pc->bPufa ? "，普法" : "");
    col.eType = VIEW_NUM;
    col.zClass = "num";
    col.zArray = "scores";
    view_col_add(c, &col);
  }
  db_finalize(&q);
}

/* Count per row into an (zero-filled, [nRow]) from q's (org_id, n) rows. */
static int *assess_per_row(struct view_ctx *c, struct stmt *q){
  int *an = arena_alloc(c->ar, sizeof(int)*(size_t)(c->nRow+1)), i;
  memset(an, 0, sizeof(int)*(size_t)(c->nRow+1));
  while( db_step(q)==DB_ROW ){
    if( (i = view_row_find(c, db_column_int64(q, 0)))>=0 ) an[i] = (int)db_column_int64(q, 1);
  }
  db_finalize(q);
  return an;
}

/* Each school's scores: computed items from the registers, manual items
** from assess_score; the total and the 普法 share. */
static void assess_fill(struct view_ctx *c){
  struct assess_data *p = c->pData;
  const char *const *az = school_item_codes();
  struct school_checks ck;
  struct stmt q;
  int *anCaseSem, *anPufa, i, k;
  school_checks(c, p->iCheckCol, &ck);
  db_prepare(&q, "SELECT t.org_id, count(DISTINCT t.semester) FROM activity t"
                 " JOIN org o ON o.id=t.org_id WHERE o.path LIKE ?1 AND t.kind='case_talk'"
                 " AND t.voided_at IS NULL AND t.semester IN (?2, ?3) AND t.held_on<=?4"
                 " GROUP BY t.org_id");
  db_bind_text(&q, 1, c->s.zLike);
  db_bind_text(&q, 2, arena_printf(c->ar, "%d春", c->s.year));
  db_bind_text(&q, 3, arena_printf(c->ar, "%d秋", c->s.year));
  db_bind_text(&q, 4, c->s.zAsOf);
  anCaseSem = assess_per_row(c, &q);
  db_prepare(&q, "SELECT t.org_id, count(*) FROM activity t JOIN org o ON o.id=t.org_id"
                 " WHERE o.path LIKE ?1 AND t.voided_at IS NULL"
                 " AND t.kind IN ('constitution','law_to_school','case_talk','vp_lesson','warning')"
                 " AND t.held_on>=?2 AND t.held_on<=?3 GROUP BY t.org_id");
  db_bind_text(&q, 1, c->s.zLike);
  db_bind_text(&q, 2, c->s.zYearStart);
  db_bind_text(&q, 3, c->s.zAsOf);
  anPufa = assess_per_row(c, &q);
  for(i=0; i<c->nRow; i++){
    int nSafe = 0, nTri = 0, nCul = 0, m;
    for(m=0; m<ck.nTmpl; m++){
      const char *z = az[2*ck.aiTmpl[m]];
      if( !school_item_met(c, &ck, i, ck.aiTmpl[m]) ) continue;
      if( school_item_is_safety(z) ) nSafe++;
      else if( str_eq(z, "textbook") || str_eq(z, "teacher") || str_eq(z, "hours") ) nTri++;
      else nCul++;
    }
    for(k=0; k<p->nItem; k++){
      const struct assess_col *pc = &p->aItem[k];
      double f = -1;
      if( str_eq(pc->zSource, "vp") ) f = c->aRow[i].aCell[A_VP].v>0 ? 1 : 0;
      else if( str_eq(pc->zSource, "safety") ) f = nSafe/4.0;
      else if( str_eq(pc->zSource, "lawclass") ) f = nTri/3.0;
      else if( str_eq(pc->zSource, "culture") ) f = nCul/4.0;
      else if( str_eq(pc->zSource, "case_talk") ) f = anCaseSem[i]/2.0;
      else if( str_eq(pc->zSource, "pufa_act") ) f = anPufa[i]>=4 ? 1 : anPufa[i]/4.0;
      if( f>=0 ) view_set_num(c, i, p->iFirst+k, pc->weight*f);
    }
  }
  /* the manual scores */
  db_prepare(&q, "SELECT s.org_id, s.item_id, s.score FROM assess_score s"
                 " JOIN org o ON o.id=s.org_id WHERE o.path LIKE ?1 AND s.year=?2");
  db_bind_text(&q, 1, c->s.zLike);
  db_bind_int64(&q, 2, c->s.year);
  while( db_step(&q)==DB_ROW ){
    i64 item = db_column_int64(&q, 1);
    if( (i = view_row_find(c, db_column_int64(&q, 0)))<0 ) continue;
    for(k=0; k<p->nItem; k++){
      if( p->aItem[k].id==item && str_eq(p->aItem[k].zSource, "manual") ){
        view_set_num(c, i, p->iFirst+k, (double)db_column_int64(&q, 2));
      }
    }
  }
  db_finalize(&q);
  /* totals to one decimal; the view ranks on them */
  for(i=0; i<c->nRow; i++){
    double total = 0, pufa = 0;
    for(k=0; k<p->nItem; k++){
      total += c->aRow[i].aCell[p->iFirst+k].v;
      if( p->aItem[k].bPufa ) pufa += c->aRow[i].aCell[p->iFirst+k].v;
    }
    view_set_num(c, i, A_TOTAL, (double)(long long)(total*10+0.5)/10);
    view_set_num(c, i, A_PUFA, (double)(long long)(pufa*10+0.5)/10);
  }
}

/* The 普法 share of the year's points, as text ("30%"). */
static const char *assess_share(struct arena *ar, const struct assess_data *p){
  if( p->nWeight==0 ) return "—";
  return arena_printf(ar, "%.0f%%", 100.0*p->nPufaWeight/p->nWeight);
}

/* The page's summary; no table when the year has no items. */
static bool assess_head_html(struct view_ctx *c, struct req *r){
  const struct assess_data *p = c->pData;
  if( p->nItem==0 ){
    H(r, "<div class='empty'>%d 年度尚未设置考核项目 · "
         "<a href='/assessment-items/new'>新增考核项目</a></div>\n", c->s.year);
    return false;
  }
  H(r, "<p class='total'>%d 年度考核项目 %d 项，合计 %d 分，其中普法 %d 分（占 %h）；"
       "共 %d 所学校，数据截至 %h。手工评分项目未录入得分的记为 0 分（空白）。"
       " <a href='/assessment-items?year=%d'>考核项目</a> ·"
       " <a href='/assessment-scores'>得分录入</a></p>\n",
    c->s.year, p->nItem, p->nWeight, p->nPufaWeight, assess_share(c->ar, p), c->nShown,
    c->s.zAsOf, c->s.year);
  return true;
}

/* The API's summary: the year, the points, the items. */
static void assess_head_json(struct view_ctx *c, struct json_w *j){
  const struct assess_data *p = c->pData;
  int k;
  json_int(j, "year", c->s.year);
  json_str(j, "as_of", c->s.zAsOf);
  json_int(j, "weight", p->nWeight);
  json_int(j, "pufa_weight", p->nPufaWeight);
  json_str(j, "pufa_share", assess_share(c->ar, p));
  json_arr_open(j, "columns");
  for(k=0; k<p->nItem; k++){
    json_obj_open(j, 0);
    json_int(j, "id", p->aItem[k].id);
    json_str(j, "name", p->aItem[k].zName);
    json_int(j, "weight", p->aItem[k].weight);
    json_bool(j, "pufa", p->aItem[k].bPufa);
    json_str(j, "source", p->aItem[k].zSource);
    json_str(j, "source_name", p->aItem[k].zSourceLabel);
    json_obj_close(j);
  }
  json_arr_close(j);
}

/* The workbook's title row. */
static const char *assess_title(struct view_ctx *c){
  return arena_printf(c->ar, "%d年度学校考核排名（截至%s，普法占%s）", c->s.year, c->s.zAsOf,
                      assess_share(c->ar, c->pData));
}

const struct view_def assess_view = {
  .zName = "assessment", .zTitle = "学校考核", .zPath = "assessment",
  .zCmd = "assessment",
  .zAbout = "  年度学校考核排名：各考核项目得分（手工评分项目取录入的得分，其余按登记簿的记录计算）、\n"
            "  总分、普法得分和排名。\n",
  .mParam = VIEW_P_YEAR|VIEW_P_KIND, .zPop = "school_open",
  .aCol = aAssessCol, .nCol = (int)COUNT(aAssessCol), .zRank = "total",
  .zClass = "assess", .zEmpty = "范围内没有学校", .bCsvDefault = true, .zArray = "scores",
  .xCols = assess_cols, .xFill = assess_fill, .xHeadHtml = assess_head_html,
  .xHeadJson = assess_head_json, .xExportTitle = assess_title,
};

int assess_cmd(int argc, char **argv){
  return view_cmd(&assess_view, argc, argv);
}
