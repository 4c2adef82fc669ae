/*
** t_figure.c -- tests of reg/figure.c: the registry of figures and alerts
** (declaration order, lookup, evaluation with provenance, formatting,
** alerts most urgent first), with two small tables declared here.
*/
#include "test.h"
#include "../../src/base/arena.h"
#include "../../src/base/date.h"
#include "../../src/reg/figure.h"
#include "../../src/store/db.h"

/* Counts the days of the year up to the as-of day that are multiples of 100
** (day numbers): a figure whose records are days, to check as-of. */
static void t_fig_days(const struct fig_scope *s, struct arena *ar, struct fig_result *res){
  int d, start = date_from_ymd(s->year, 1, 1);
  char z[11];
  for(d=start; d<=s->iAsOf; d++){
    if( d % 100==0 ) fig_add(res, ar, d, date_format(d, z), 0);
  }
  res->v = res->n;
  res->bKnown = res->n>0;
}

/* A rate: 3 of 4, as a percentage. */
static void t_fig_rate(const struct fig_scope *s, struct arena *ar, struct fig_result *res){
  (void)s; (void)ar;
  res->v = 75;
  res->bKnown = true;
}

static const struct figure aT1[] = {
  { "t.days", "百日数", "天", "年内到截至日期的整百日", "day", .xEval = t_fig_days },
  { 0 }
};
static const struct figure aT2[] = {
  { "t.rate", "比率", "%", "四分之三", "none", .xEval = t_fig_rate },
  { 0 }
};

/* Three items of different urgency and dates. */
static void t_alerts(const struct fig_scope *s, struct arena *ar, struct alert_list *p){
  alert_add(p, ar, ALERT_INFO, 0, "提示", "/a");
  alert_add(p, ar, ALERT_SOON, s->iAsOf + 3, "三天后到期", "/b");
  alert_add(p, ar, ALERT_OVERDUE, s->iAsOf - 1, "已逾期", "/c");
  alert_add(p, ar, ALERT_SOON, s->iAsOf + 1, "明天到期", "/d");
}
static const struct alert_def aA[] = {
  { "t.alerts", "测试提醒", t_alerts },
  { 0, 0, 0 }
};

/* Multiples of 100 among the day numbers lo..hi. */
static int t_hundreds(int lo, int hi){
  int n = 0, d;
  for(d=lo; d<=hi; d++) if( d % 100==0 ) n++;
  return n;
}

void test_figure(void){
  static const struct figure *const aaFig[] = { aT1, aT2, 0 };
  static const struct alert_def *const aaAlert[] = { aA, 0 };
  struct arena *ar = arena_new();
  struct fig_scope s;
  struct fig_result res, res2;
  struct alert_list al;
  int i;

  figure_registry_set(aaFig, aaAlert);
  CHECK_INT(figure_count(), 2);
  CHECK_STR(figure_at(0)->zKey, "t.days");
  CHECK_STR(figure_at(1)->zKey, "t.rate");
  CHECK(figure_at(2)==0);
  CHECK(figure_find("t.rate")==&aT2[0]);
  CHECK(figure_find("no.such")==0);
  CHECK(figure_find(0)==0);

  /* as of a day: only the records up to it; the end of the year by default */
  fig_scope_init(&s, ar, 2024, date_from_ymd(2024, 3, 1), "/%");
  CHECK_STR(s.zAsOf, "2024-03-01");
  CHECK_STR(s.zYearStart, "2024-01-01");
  figure_eval(&aT1[0], &s, ar, &res);
  CHECK(res.bKnown==(res.n>0));
  CHECK_INT(res.n, (int)res.v);
  CHECK_INT(res.n, t_hundreds(date_from_ymd(2024, 1, 1), s.iAsOf));
  for(i=0; i<res.n; i++) CHECK(res.aId[i] % 100==0 && res.aId[i]<=s.iAsOf);
  figure_eval(&aT1[0], &s, ar, &res2);
  CHECK_INT(res2.n, res.n);                 /* the same question, the same answer */
  fig_scope_init(&s, ar, 2024, 0, "/%");
  CHECK_STR(s.zAsOf, "2024-12-31");
  figure_eval(&aT1[0], &s, ar, &res2);
  CHECK_INT(res2.n, t_hundreds(date_from_ymd(2024, 1, 1), date_from_ymd(2024, 12, 31)));
  CHECK(res2.n==3 || res2.n==4);
  CHECK_STR(figure_format(ar, &aT1[0], &res2), res2.n==3 ? "3" : "4");
  CHECK_STR(res2.azLabel[res2.n-1], date_format((int)res2.aId[res2.n-1], (char[11]){0}));

  figure_eval(&aT2[0], &s, ar, &res);
  CHECK_STR(figure_format(ar, &aT2[0], &res), "75%");
  res.v = 97.5;
  CHECK_STR(figure_format(ar, &aT2[0], &res), "97.5%");

  /* alerts: overdue, then due soon by date, then the rest */
  fig_scope_init(&s, ar, 2025, date_from_ymd(2025, 2, 26), "/%");
  alerts_collect(&s, ar, &al);
  CHECK_INT(al.n, 4);
  if( al.n==4 ){
    CHECK_STR(al.a[0].zText, "已逾期");
    CHECK_STR(al.a[1].zText, "明天到期");
    CHECK_STR(al.a[2].zText, "三天后到期");
    CHECK_STR(al.a[3].zUrl, "/a");
  }
  figure_registry_set(0, 0);
  CHECK_INT(figure_count(), 0);
  alerts_collect(&s, ar, &al);
  CHECK_INT(al.n, 0);
  arena_free(ar);
}

/* ---- figures declared by kind (fig_kind.c) over two small tables ---- */

/* The units open on the day (a population). */
static const struct fig_pop aTPop[] = {
  { .zKey = "t_open", .zLabel = "开办中的单位", .zFrom = "tf_unit o",
    .zWhere = "o.opened<=?2 AND (o.closed IS NULL OR o.closed>?2)",
    .zId = "o.id", .zName = "o.name", .zOrg = "o.id", .zOrder = "o.id" },
  { 0 }
};
/* The records of the year to the day, of kind 'a'. */
static const struct fig_decl dTCount = {
  .eKind = FIG_COUNT, .zFrom = "tf_rec t JOIN tf_unit o ON o.id=t.unit_id", .zDate = "t.on_day",
  .zWhere = "t.kind='a'", .zId = "t.id", .zName = "t.name", .zOrg = "t.unit_id",
  .zDue = "t.on_day", .zOrder = "t.id" };
/* The share of open units with a record of kind 'a' on or before the day. */
static const struct fig_decl dTRate = {
  .eKind = FIG_RATE, .zPop = "t_open",
  .zMatch = "EXISTS(SELECT 1 FROM tf_rec t WHERE t.unit_id=o.id AND t.kind='a' AND t.on_day<=?2)",
  .zMet = "有", .zMiss = "无" };
/* The points of the year's records. */
static const struct fig_decl dTSum = {
  .eKind = FIG_SUM, .zFrom = "tf_rec t JOIN tf_unit o ON o.id=t.unit_id", .zDate = "t.on_day",
  .zValue = "t.points", .zId = "t.id", .zName = "t.name", .zOrder = "t.id" };
/* Records of the open units ({pop}), any kind. */
static const struct fig_decl dTPop = {
  .eKind = FIG_COUNT, .zPop = "t_open", .zFrom = "tf_rec t", .zScope = "",
  .zWhere = "t.unit_id IN ({pop})", .zId = "t.id", .zName = "t.name", .zOrder = "t.id" };

/* A hand-written figure with an argument: the number it points to. */
static void t_fig_arg(const struct figure *f, const struct fig_scope *s, struct arena *ar,
                      struct fig_result *res){
  (void)s; (void)ar;
  res->v = *(const int *)f->pArg;
  res->bKnown = true;
}
static const int nSeven = 7;

void test_figure_kind(void){
  static const struct fig_pop *const aaPop[] = { aTPop, 0 };
  static const struct figure aK[] = {
    { "t.count", "计数", "条", "", "tf_rec", .pDecl = &dTCount },
    { "t.rate", "比率", "%", "", "tf_unit", .pDecl = &dTRate },
    { "t.sum", "合计", "分", "", "tf_rec", .pDecl = &dTSum },
    { "t.pop", "开办单位的记录", "条", "", "tf_rec", .pDecl = &dTPop },
    { "t.arg", "参数", "个", "", "none", .pArg = &nSeven, .xArg = t_fig_arg },
    { 0 }
  };
  static const struct figure *const aaFig[] = { aK, 0 };
  struct arena *ar = arena_new();
  struct fig_scope s;
  struct fig_result res;
  CHECK(test_db_fresh("figure.db")==0);
  db_exec_script(
    "CREATE TABLE tf_unit(id INTEGER PRIMARY KEY, path TEXT, name TEXT, opened TEXT, closed TEXT);"
    "CREATE TABLE tf_rec(id INTEGER PRIMARY KEY, unit_id INTEGER, kind TEXT, name TEXT,"
    " on_day TEXT, points INTEGER);"
    "INSERT INTO tf_unit VALUES(1, '/1/', '一', '2020-01-01', NULL);"
    "INSERT INTO tf_unit VALUES(2, '/1/2/', '二', '2020-01-01', NULL);"
    "INSERT INTO tf_unit VALUES(3, '/1/3/', '三', '2020-01-01', '2024-06-01');"
    "INSERT INTO tf_unit VALUES(4, '/9/', '外', '2020-01-01', NULL);"
    "INSERT INTO tf_rec VALUES(1, 1, 'a', '甲', '2024-02-01', 5);"
    "INSERT INTO tf_rec VALUES(2, 2, 'b', '乙', '2024-03-01', 3);"
    "INSERT INTO tf_rec VALUES(3, 3, 'a', '丙', '2024-04-01', 2);"
    "INSERT INTO tf_rec VALUES(4, 1, 'a', '丁', '2024-09-01', 1);"
    "INSERT INTO tf_rec VALUES(5, 4, 'a', '外', '2024-02-01', 9);"
    "INSERT INTO tf_rec VALUES(6, 1, 'a', '旧', '2023-05-01', 4);");
  figure_registry_set(aaFig, 0);
  figure_pops_set(aaPop);
  CHECK(figure_pop_find("t_open")==&aTPop[0]);
  CHECK(figure_pop_find("none")==0);
  fig_scope_init(&s, ar, 2024, date_from_ymd(2024, 7, 1), "/1/%");
  CHECK_STR(s.zSoon, "2024-08-30");
  /* count: the year to the day, the filter, the scope (not unit 4, not 2023) */
  CHECK(figure_get("t.count", &s, ar, &res));
  CHECK_INT(res.n, 2);
  CHECK_INT((int)res.v, 2);
  CHECK(res.bKnown);
  if( res.n==2 ){
    CHECK_INT((int)res.aId[0], 1);
    CHECK_INT((int)res.aId[1], 3);
    CHECK_INT((int)res.aOrg[1], 3);
    CHECK_STR(res.azDue[0], "2024-02-01");
  }
  /* rate: units 1 and 2 open on the day (3 closed), 1 has a record */
  CHECK(figure_get("t.rate", &s, ar, &res));
  CHECK_INT(res.nNum, 1);
  CHECK_INT(res.nDen, 2);
  CHECK_INT((int)res.v, 50);
  CHECK_INT(res.nMiss, 1);
  if( res.nMiss==1 ){
    CHECK_INT((int)res.aMissId[0], 2);
    CHECK_STR(res.azMissLabel[0], "二");
    CHECK_STR(res.azMissDetail[0], "无");
    CHECK_INT(fig_find_missing_org(&res, 2), 0);
  }
  CHECK_INT(fig_find_org(&res, 1), 0);
  CHECK_INT(fig_find_org(&res, 2), -1);
  /* sum of the points, the year to the day */
  CHECK(figure_get("t.sum", &s, ar, &res));
  CHECK_INT((int)res.v, 10);
  CHECK_INT(res.n, 3);
  /* {pop}: records of the open units in scope */
  CHECK(figure_get("t.pop", &s, ar, &res));
  CHECK_INT(res.n, 4);
  /* an argument instead of a wrapper */
  CHECK(figure_get("t.arg", &s, ar, &res));
  CHECK_INT((int)res.v, 7);
  CHECK(!figure_get("no.such", &s, ar, &res));
  CHECK(!res.bKnown);
  /* the end of the year: record 4 counts too */
  fig_scope_init(&s, ar, 2024, 0, "/1/%");
  CHECK(figure_get("t.count", &s, ar, &res));
  CHECK_INT(res.n, 3);
  figure_registry_set(0, 0);
  figure_pops_set(0);
  db_close();
  arena_free(ar);
}
