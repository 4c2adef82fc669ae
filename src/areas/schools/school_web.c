/*
** school_web.c -- the schools' compliance as of a date, a declared view
** (reg/view.h): the page GET /compliance (a phone shows the tables as
** cards), GET /api/v1/compliance, the export and `fazhi compliance` all
** read this one declaration; the rates by kind above the list and the
** schools behind with what each lacks.  Shared with the ranked assessment
** (assess.c): each checklist item's figure as a column, and the 未达标
** notes (school_item_cols, school_checks).
**
** The rows are the population school_open (figure.h: schools and
** kindergartens open on the day, in the actor's scope).  A school lacks:
**   - a 法治副校长: the figure vp.rate does not count it (未配备); a term
**     the figure vp.ending lists (聘期将满) is listed too;
**   - each item of its year's checklist template not checked 达标 on or
**     before the day (未达标 with the note, or 未检查);
**   - 以案说法 when none is recorded in the day's semester up to the day
**     (the seed: 1–2 times a semester).
** 校园安全四项均达标 is the figure safety.rate, per school; an item is met
** when its figure (school_item_figure) counts the school.
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
#include "../../reg/view.h"
#include "school.h"

int school_item_cols(struct view_ctx *c){
  const char *const *az = school_item_codes();
  int k, iFirst = c->nCol;
  for(k=0; az[2*k]; k++){
    struct view_col col;
    memset(&col, 0, sizeof(col));
    col.zKey = arena_printf(c->ar, "item_%s", az[2*k]);
    col.zLabel = az[2*k+1];
    col.eType = VIEW_NUM;
    col.zFigure = school_item_figure(az[2*k]);
    col.bHidden = true;
    view_col_add(c, &col);
  }
  return iFirst;
}

bool school_item_met(const struct view_ctx *c, const struct school_checks *p, int i, int k){
  return c->aRow[i].aCell[p->iFirstCol + k].v>0;
}

void school_checks(struct view_ctx *c, int iFirstCol, struct school_checks *p){
  const char *const *az = school_item_codes();
  struct stmt q;
  int i, k;
  memset(p, 0, sizeof(*p));
  p->iFirstCol = iFirstCol;
  for(k=0; az[2*k]; k++){
    p->nCode = k+1;
    if( db_exists("SELECT 1 FROM check_tmpl WHERE year=?1 AND item=?2", "it", (i64)c->s.year,
                  az[2*k]) ){
      p->aiTmpl[p->nTmpl++] = k;
    }
  }
  p->aRow = arena_alloc(c->ar, sizeof(*p->aRow) * (size_t)(c->nRow+1));
  memset(p->aRow, 0, sizeof(*p->aRow) * (size_t)(c->nRow+1));
  /* the notes of the items found 未达标 (met is the item's figure) */
  db_prepare(&q, "SELECT k.org_id, k.item, k.note FROM check_item k"
                 " JOIN org o ON o.id=k.org_id WHERE o.path LIKE ?1 AND k.year=?2"
                 " AND k.checked_on<=?3 AND k.status='unmet'");
  db_bind_text(&q, 1, c->s.zLike);
  db_bind_int64(&q, 2, c->s.year);
  db_bind_text(&q, 3, c->s.zAsOf);
  while( db_step(&q)==DB_ROW ){
    const char *zItem = db_column_text(&q, 1);
    if( (i = view_row_find(c, db_column_int64(&q, 0)))<0 ) continue;
    for(k=0; k<p->nCode && !str_eq(az[2*k], zItem); k++){}
    if( k==p->nCode ) continue;
    p->aRow[i].mUnmet |= 1u<<k;
    p->aRow[i].azNote[k] = db_column_dup(c->ar, &q, 2);
  }
  db_finalize(&q);
}

/* ---- the compliance view ------------------------------------------------ */

/* Counts of one kind (中小学, 幼儿园). */
struct comp_kind {
  int nSchool, nVp, nSafe, nCase;
  int anMet[32];                 /* by item code index */
};

/* What the view keeps beside its rows. */
struct comp_data {
  int iItemCol;                  /* the first checklist item's figure column */
  struct school_checks ck;
  char zSemester[16];            /* "2024秋" */
  int *anCase;                   /* [row] 以案说法 in the semester to the day */
  struct comp_kind aKind[2];     /* [0] 中小学, [1] 幼儿园 */
  struct fig_result ending;      /* vp.ending */
  bool *abEndIn;                 /* [record] its school is a row */
  struct fig_result study, spring, autumn;
};

/* The columns: two figures per school (not drawn), and what it lacks. */
enum { C_VP, C_SAFE, C_LACK };
static const struct view_col aCompCol[] = {
  { .zKey = "vp", .zLabel = "法治副校长", .eType = VIEW_NUM, .zFigure = "vp.rate",
    .bHidden = true },
  { .zKey = "safety", .zLabel = "校园安全四项均达标", .eType = VIEW_NUM,
    .zFigure = "safety.rate", .bHidden = true },
  { .zKey = "lacks", .zLabel = "缺少", .eType = VIEW_LIST, .zClass = "wide" },
};

/* The checklist items' figures, a hidden column each. */
static void comp_cols(struct view_ctx *c){
  struct comp_data *p = arena_alloc(c->ar, sizeof(*p));
  memset(p, 0, sizeof(*p));
  c->pData = p;
  p->iItemCol = school_item_cols(c);
}

/* What each school lacks, and the counts by kind. */
static void comp_fill(struct view_ctx *c){
  struct comp_data *p = c->pData;
  const char *const *az = school_item_codes();
  struct stmt q;
  int i, k, j;
  school_checks(c, p->iItemCol, &p->ck);
  school_semester(c->s.zAsOf, p->zSemester);
  p->anCase = arena_alloc(c->ar, sizeof(int) * (size_t)(c->nRow+1));
  memset(p->anCase, 0, sizeof(int) * (size_t)(c->nRow+1));
  db_prepare(&q, "SELECT t.org_id, count(*) FROM activity t JOIN org o ON o.id=t.org_id"
                 " WHERE o.path LIKE ?1 AND t.kind='case_talk' AND t.voided_at IS NULL"
                 " AND t.semester=?2 AND t.held_on<=?3 GROUP BY t.org_id");
  db_bind_text(&q, 1, c->s.zLike);
  db_bind_text(&q, 2, p->zSemester);
  db_bind_text(&q, 3, c->s.zAsOf);
  while( db_step(&q)==DB_ROW ){
    if( (i = view_row_find(c, db_column_int64(&q, 0)))>=0 ){
      p->anCase[i] = (int)db_column_int64(&q, 1);
    }
  }
  db_finalize(&q);
  figure_get("vp.ending", &c->s, c->ar, &p->ending);
  figure_get("study.sessions", &c->s, c->ar, &p->study);
  figure_get("case.spring", &c->s, c->ar, &p->spring);
  figure_get("case.autumn", &c->s, c->ar, &p->autumn);
  p->abEndIn = arena_alloc(c->ar, sizeof(bool) * (size_t)(p->ending.n+1));
  for(j=0; j<p->ending.n; j++){
    p->abEndIn[j] = (i = view_row_find(c, p->ending.aOrg[j]))>=0;
    if( i<0 ) continue;
    view_list_add(c, i, C_LACK, "vp_ending",
                  arena_printf(c->ar, "法治副校长%s聘期 %s 届满，尚未续聘或另聘",
                               p->ending.azDetail[j], p->ending.azDue[j]));
  }
  for(i=0; i<c->nRow; i++){
    struct view_row *r = &c->aRow[i];
    const struct school_check_row *ck = &p->ck.aRow[i];
    struct comp_kind *pk = &p->aKind[str_eq(r->zKind, "kindergarten") ? 1 : 0];
    pk->nSchool++;
    if( r->aCell[C_VP].v>0 ) pk->nVp++;
    else view_list_add(c, i, C_LACK, "vp", "未配备法治副校长");
    if( r->aCell[C_SAFE].v>0 ) pk->nSafe++;
    for(k=0; k<p->ck.nCode; k++) if( school_item_met(c, &p->ck, i, k) ) pk->anMet[k]++;
    for(j=0; j<p->ck.nTmpl; j++){
      const char *zLabel = az[2*p->ck.aiTmpl[j]+1];
      k = p->ck.aiTmpl[j];
      if( school_item_met(c, &p->ck, i, k) ) continue;
      if( ck->mUnmet & (1u<<k) ){
        view_list_add(c, i, C_LACK, az[2*k], ck->azNote[k]
                      ? arena_printf(c->ar, "%s：未达标（%s）", zLabel, ck->azNote[k])
                      : arena_printf(c->ar, "%s：未达标", zLabel));
      }else{
        view_list_add(c, i, C_LACK, az[2*k], arena_printf(c->ar, "%s：未检查", zLabel));
      }
    }
    if( p->anCase[i]>0 ) pk->nCase++;
    else view_list_add(c, i, C_LACK, "case_talk",
                       arena_printf(c->ar, "本学期（%s）尚未开展以案说法", p->zSemester));
    r->bHide = r->aCell[C_LACK].n==0;
  }
}

/* The rate lines: key, label, met counts per kind. */
struct comp_line { const char *zKey, *zLabel; int an[2]; };

/* Fill a (room for 32+3) with the rate lines of c; returns how many. */
static int comp_lines(const struct view_ctx *c, struct comp_line *a){
  const struct comp_data *p = c->pData;
  const char *const *az = school_item_codes();
  int n = 0, j, m;
  a[n].zKey = "vp"; a[n].zLabel = "法治副校长配备率";
  for(j=0; j<2; j++) a[n].an[j] = p->aKind[j].nVp;
  n++;
  a[n].zKey = "safety"; a[n].zLabel = "校园安全四项均达标";
  for(j=0; j<2; j++) a[n].an[j] = p->aKind[j].nSafe;
  n++;
  for(m=0; m<p->ck.nTmpl; m++){
    int k = p->ck.aiTmpl[m];
    a[n].zKey = az[2*k];
    a[n].zLabel = arena_printf(c->ar, "%s达标率", az[2*k+1]);
    for(j=0; j<2; j++) a[n].an[j] = p->aKind[j].anMet[k];
    n++;
  }
  a[n].zKey = "case_talk";
  a[n].zLabel = arena_printf(c->ar, "本学期（%s）已开展以案说法", p->zSemester);
  for(j=0; j<2; j++) a[n].an[j] = p->aKind[j].nCase;
  n++;
  return n;
}

/* The page's summary: the rates by kind. */
static bool comp_head_html(struct view_ctx *c, struct req *r){
  static const char *const azHead[] = { "项目", "中小学", "幼儿园", "合计" };
  static const char *const azCls[] = { "wide", "num", "num", "num" };
  const struct comp_data *p = c->pData;
  struct comp_line aLine[32+3];
  struct html_table t;
  int i, j, n = comp_lines(c, aLine);
  H(r, "<p class='total'>截至 %h：中小学 %d 所、幼儿园 %d 所；%d 年度检查项目 %d 项；"
       "%d 所学校有缺项。</p>\n", c->s.zAsOf, p->aKind[0].nSchool, p->aKind[1].nSchool,
    c->s.year, p->ck.nTmpl, c->nShown);
  html_table_begin(&t, r, "rates", 4, azHead, azCls);
  for(i=0; i<n; i++){
    int nAll = 0, nMet = 0;
    html_table_row(&t);
    html_cell(&t, 0, "%h", aLine[i].zLabel);
    for(j=0; j<2; j++){
      int nS = p->aKind[j].nSchool;
      html_cell(&t, nS && aLine[i].an[j]<nS ? "bad" : 0, "%h <span class='sub'>%d/%d</span>",
                view_pct(c->ar, aLine[i].an[j], nS), aLine[i].an[j], nS);
      nAll += nS;
      nMet += aLine[i].an[j];
    }
    html_cell(&t, nAll && nMet<nAll ? "bad" : 0, "%h <span class='sub'>%d/%d</span>",
              view_pct(c->ar, nMet, nAll), nMet, nAll);
  }
  html_table_end(&t);
  return true;
}

/* The API's summary: as_of, year, semester, the rates by kind. */
static void comp_head_json(struct view_ctx *c, struct json_w *j){
  const struct comp_data *p = c->pData;
  struct comp_line aLine[32+3];
  int i, k, n = comp_lines(c, aLine);
  json_str(j, "as_of", c->s.zAsOf);
  json_int(j, "year", c->s.year);
  json_str(j, "semester", p->zSemester);
  json_arr_open(j, "kinds");
  for(k=0; k<2; k++){
    json_obj_open(j, 0);
    json_str(j, "kind", k ? "kindergarten" : "school");
    json_str(j, "label", k ? "幼儿园" : "中小学");
    json_int(j, "schools", p->aKind[k].nSchool);
    json_arr_open(j, "rates");
    for(i=0; i<n; i++){
      json_obj_open(j, 0);
      json_str(j, "key", aLine[i].zKey);
      json_str(j, "label", aLine[i].zLabel);
      json_int(j, "met", aLine[i].an[k]);
      json_int(j, "total", p->aKind[k].nSchool);
      json_str(j, "rate", view_pct(c->ar, aLine[i].an[k], p->aKind[k].nSchool));
      json_obj_close(j);
    }
    json_arr_close(j);
    json_obj_close(j);
  }
  json_arr_close(j);
}

/* The command's summary lines: coverage by kind, the schools without a
** 法治副校长, the terms ending, every item's rate, the year's activities. */
static void comp_head_text(struct view_ctx *c, struct buf *pOut){
  const struct comp_data *p = c->pData;
  const char *const *az = school_item_codes();
  int i, j, k;
  buf_appendf(pOut, "截至 %s\n", c->s.zAsOf);
  for(k=0; k<2; k++){
    buf_appendf(pOut, "法治副校长配备率（%s）\t%s\t%d/%d\n", k ? "幼儿园" : "中小学",
                view_pct(c->ar, p->aKind[k].nVp, p->aKind[k].nSchool), p->aKind[k].nVp,
                p->aKind[k].nSchool);
  }
  for(i=0; i<c->nRow; i++){
    if( c->aRow[i].aCell[C_VP].v==0 ) buf_appendf(pOut, "未配备法治副校长\t%s\n", c->aRow[i].zOrg);
  }
  for(j=0; j<p->ending.n; j++){
    if( !p->abEndIn[j] ) continue;
    buf_appendf(pOut, "聘期将满\t%s\t%s\t%s\n", p->ending.azLabel[j], p->ending.azDetail[j],
                p->ending.azDue[j]);
  }
  for(k=0; k<p->ck.nCode; k++){
    int nS = p->aKind[0].nSchool + p->aKind[1].nSchool;
    int nMet = p->aKind[0].anMet[k] + p->aKind[1].anMet[k];
    buf_appendf(pOut, "%s达标率\t%s\t%d/%d\n", az[2*k+1], view_pct(c->ar, nMet, nS), nMet, nS);
  }
  buf_appendf(pOut, "专题学习活动（%d年）\t%d 次\n", c->s.year, p->study.n);
  buf_appendf(pOut, "以案说法（%d年）\t%d 次\n", c->s.year, p->spring.n + p->autumn.n);
  buf_appendf(pOut, "有缺项的学校\t%d 所\n", c->nShown);
}

const struct view_def compliance_view = {
  .zName = "compliance", .zTitle = "学校法治工作达标情况", .zPath = "compliance",
  .zCmd = "compliance",
  .zAbout = "  学校法治工作情况：法治副校长配备率（中小学、幼儿园）、未配备的学校、\n"
            "  60 天内聘期届满的聘任、各检查项目达标率、专题学习和以案说法次数，\n"
            "  以及有缺项的学校各缺什么（未配备或将满聘期、检查项目未达标或未检查、本学期未开展以案说法）。\n",
  .mParam = VIEW_P_KIND, .zPop = "school_open",
  .aCol = aCompCol, .nCol = (int)COUNT(aCompCol),
  .zClass = "gaps", .zCaption = "有缺项的学校", .zCounter = "所",
  .zEmpty = "截至该日各学校均无缺项", .zRowTag = "缺项",
  .xCols = comp_cols, .xFill = comp_fill, .xHeadHtml = comp_head_html, .xHeadJson = comp_head_json,
  .xHeadText = comp_head_text,
};

int compliance_cmd(int argc, char **argv){
  return view_cmd(&compliance_view, argc, argv);
}
