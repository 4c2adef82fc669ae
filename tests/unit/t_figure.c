/*
** t_figure.c -- tests of reg/figure.c: the registry of figures and alerts
** (declaration order, lookup, evaluation with provenance, formatting,
** alerts most urgent first), with two small tables declared here.
*/
#include "test.h"
#include "../../src/base/arena.h"
#include "../../src/base/date.h"
#include "../../src/reg/figure.h"

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
  { "t.days", "百日数", "天", "年内到截至日期的整百日", "day", t_fig_days },
  { 0, 0, 0, 0, 0, 0 }
};
static const struct figure aT2[] = {
  { "t.rate", "比率", "%", "四分之三", "none", t_fig_rate },
  { 0, 0, 0, 0, 0, 0 }
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
