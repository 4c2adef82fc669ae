/*
** t_clock.c -- the one working-day clock (src/core/clock.c): working days
** across the 2024 Spring Festival and National Day with their 调休 days,
** natural days and months per 民法典 (1-31 + 1 month, a due day on a
** holiday moved to the next working day), pauses, the one extension, the
** explanation lines, refusals (open pause, negative, year not loaded),
** days between, and the calendar cached per data generation.
*/
#include "test.h"
#include "../../src/base/buf.h"
#include "../../src/base/calendar.h"
#include "../../src/base/date.h"
#include "../../src/core/clock.h"
#include "../../src/routes.h"

/* Day number of an ISO date. */
static int c_day(const char *z){
  int d = 0;
  if( date_parse(z, &d) ) test_fail(__FILE__, __LINE__, z);
  return d;
}

/* The due date of a limit as text ("" on refusal). */
static const char *c_due(const struct calendar *c, const char *zStart, int n, int eUnit,
                         const struct clock_pause *aP, int nP, int nExt, char out[11]){
  struct clock_spec s = { c_day(zStart), n, eUnit, aP, nP, nExt, 0 };
  int due;
  out[0] = 0;
  if( clock_due(c, &s, &due, 0, 0)==0 ) date_format(due, out);
  return out;
}

/* The loader and generation the cache test installs. */
static int nLoads;
static const char *zTestGen;
static struct calendar *c_load(void){
  struct calendar *c = calendar_new();
  nLoads++;
  calendar_load_builtin(c);
  return c;
}
static const char *c_gen(void){
  return zTestGen;
}

void test_clock(void){
  struct calendar *c = calendar_new();
  struct clock_pause aP[2];
  struct clock_spec s;
  struct buf ex = BUF_INIT, err = BUF_INIT;
  const struct calendar *k1, *k2, *k3;
  char z[11];
  int due, n;
  calendar_load_builtin(c);

  /* working days: Spring Festival 2024 (02-10..17 off, Sun 02-04 and 02-18 on) */
  CHECK_STR(c_due(c, "2024-02-08", 5, CLOCK_WORKDAY, 0, 0, 0, z), "2024-02-21");
  CHECK_STR(c_due(c, "2024-02-02", 1, CLOCK_WORKDAY, 0, 0, 0, z), "2024-02-04");
  /* National Day 2024 (10-01..07 off, Sun 09-29 and Sat 10-12 on) */
  CHECK_STR(c_due(c, "2024-09-27", 3, CLOCK_WORKDAY, 0, 0, 0, z), "2024-10-08");
  CHECK_STR(c_due(c, "2024-09-27", 10, CLOCK_WORKDAY, 0, 0, 0, z), "2024-10-16");
  CHECK_STR(c_due(c, "2024-09-27", 0, CLOCK_WORKDAY, 0, 0, 0, z), "2024-09-27");
  memset(&s, 0, sizeof(s));
  s.start = c_day("2024-09-27");
  s.n = 10;
  CHECK(clock_due(c, &s, &due, &ex, &err)==0);
  CHECK(strstr(ex.buf, "2024-09-28 星期六 跳过（周六）\n")!=0);
  CHECK(strstr(ex.buf, "2024-09-29 星期日 调休上班，计第1个工作日\n")!=0);
  CHECK(strstr(ex.buf, "2024-10-01 星期二 跳过（国庆节）\n")!=0);
  CHECK(strstr(ex.buf, "2024-10-08 星期二 计第3个工作日\n")!=0);
  CHECK(strstr(ex.buf, "2024-10-12 星期六 调休上班，计第7个工作日\n")!=0);
  CHECK(strstr(ex.buf, "2024-10-16 星期三 计第10个工作日\n")!=0);

  /* months (第二百零二条): the corresponding day, else the month's last */
  CHECK_STR(c_due(c, "2024-01-31", 1, CLOCK_MONTH, 0, 0, 0, z), "2024-02-29");
  CHECK_STR(c_due(c, "2025-01-31", 1, CLOCK_MONTH, 0, 0, 0, z), "2025-02-28");
  CHECK_STR(c_due(c, "2024-11-15", 3, CLOCK_MONTH, 0, 0, 0, z), "2025-02-17");  /* Sat */
  CHECK_STR(c_due(c, "2024-06-14", 1, CLOCK_MONTH, 0, 0, 0, z), "2024-07-15");  /* Sun */
  /* ... and a due day on a holiday moves to the next working day (第二百零三条) */
  buf_reset(&ex);
  s.start = c_day("2024-09-01");
  s.n = 1;
  s.eUnit = CLOCK_MONTH;
  CHECK(clock_due(c, &s, &due, &ex, 0)==0);
  CHECK_STR(date_format(due, z), "2024-10-08");
  CHECK(strstr(ex.buf, "期间届满日为2024-10-01")!=0);
  CHECK(strstr(ex.buf, "2024-10-01 星期二 是休息日（国庆节），期限顺延至下一个工作日\n")!=0);
  /* natural days: 10 days from 09-21 end on 10-01, a holiday */
  CHECK_STR(c_due(c, "2024-09-21", 10, CLOCK_DAY, 0, 0, 0, z), "2024-10-08");
  CHECK_STR(c_due(c, "2024-09-02", 10, CLOCK_DAY, 0, 0, 0, z), "2024-09-12");

  /* pauses: the days do not count, and are named */
  aP[0].start = c_day("2024-09-29"); aP[0].end = c_day("2024-09-30"); aP[0].zKind = "听证";
  CHECK_STR(c_due(c, "2024-09-27", 3, CLOCK_WORKDAY, aP, 1, 0, z), "2024-10-10");
  buf_reset(&ex);
  s.start = c_day("2024-09-27");
  s.n = 3;
  s.eUnit = CLOCK_WORKDAY;
  s.aP = aP;
  s.nP = 1;
  CHECK(clock_due(c, &s, &due, &ex, 0)==0);
  CHECK(strstr(ex.buf, "2024-09-29 星期日 跳过（暂停计时：听证）\n")!=0);
  /* a pause in a month limit moves it on by its days */
  CHECK_STR(c_due(c, "2024-08-15", 1, CLOCK_MONTH, aP, 1, 0, z), "2024-09-18");
  /* the one extension: working days after the base limit */
  CHECK_STR(c_due(c, "2024-09-27", 3, CLOCK_WORKDAY, 0, 0, 2, z), "2024-10-10");
  CHECK_STR(c_due(c, "2024-09-01", 1, CLOCK_MONTH, 0, 0, 1, z), "2024-10-09");
  buf_reset(&ex);
  s.nP = 0;
  s.nExt = 2;
  CHECK(clock_due(c, &s, &due, &ex, 0)==0);
  CHECK(strstr(ex.buf, "延期2个工作日：\n")!=0);

  /* refusals: an open pause, a negative limit, a year not loaded */
  aP[1].start = c_day("2024-10-09"); aP[1].end = 0; aP[1].zKind = "鉴定";
  buf_reset(&err);
  s.aP = aP;
  s.nP = 2;
  s.nExt = 0;
  due = 42;
  CHECK(clock_due(c, &s, &due, 0, &err)==-1 && due==42);
  CHECK(strstr(err.buf, "暂停计时中")!=0);
  buf_reset(&err);
  CHECK(clock_add_workdays(c, c_day("2025-01-02"), -1, &due, 0, &err)==-1 && err.len>0);
  buf_reset(&err);
  buf_reset(&ex);
  CHECK(clock_add_workdays(c, c_day("2026-12-30"), 20, &due, &ex, &err)==-1);
  CHECK(strstr(err.buf, "未载入2027年")!=0 && ex.len==0);
  CHECK_STR(c_due(c, "2026-12-01", 2, CLOCK_MONTH, 0, 0, 0, z), "");

  /* days between */
  CHECK(clock_workdays_between(c, c_day("2024-09-27"), c_day("2024-10-08"), &n, 0)==0);
  CHECK_INT(n, 3);
  CHECK(clock_workdays_between(c, c_day("2024-10-08"), c_day("2024-09-27"), &n, 0)==0);
  CHECK_INT(n, -3);

  /* days used, closed pauses not counted: 2024-09-27 .. 10-08 holds three
  ** working days (09-29 调休, 09-30, 10-08); a pause over 09-30 leaves two,
  ** an open pause (end 0) takes nothing away */
  {
    struct clock_pause aU[2];
    aU[0].start = c_day("2024-09-30"); aU[0].end = c_day("2024-09-30"); aU[0].zKind = 0;
    aU[1].start = c_day("2024-10-08"); aU[1].end = 0; aU[1].zKind = 0;
    CHECK(clock_workdays_used(c, c_day("2024-09-27"), c_day("2024-10-08"), 0, 0, &n, 0)==0);
    CHECK_INT(n, 3);
    CHECK(clock_workdays_used(c, c_day("2024-09-27"), c_day("2024-10-08"), aU, 2, &n, 0)==0);
    CHECK_INT(n, 2);
    CHECK(clock_workdays_used(c, c_day("2024-10-08"), c_day("2024-09-27"), aU, 2, &n, 0)==0);
    CHECK_INT(n, 0);
    CHECK(clock_workdays_used(c, c_day("2026-12-30"), c_day("2027-01-05"), 0, 0, &n, 0)==-1);
  }

  /* a year not loaded, counted provisionally: weekends alone, the year
  ** named, 暂定 until it arrives; then the count changes */
  {
    struct calendar *c2 = calendar_new();
    struct clock_spec sp;
    struct buf ex2 = BUF_INIT;
    int dueP = 0, nProv = 0, y = 0;
    char zY[64];
    calendar_load_builtin(c2);
    y = calendar_last_year(c2) + 1;      /* the first year not built in */
    memset(&sp, 0, sizeof(sp));
    sp.start = date_from_ymd(y-1, 12, 31) - 1;
    sp.n = 5;
    sp.eUnit = CLOCK_WORKDAY;
    CHECK(clock_due(c2, &sp, &dueP, 0, 0)==-1);          /* refused without the flag */
    sp.pnProvYear = &nProv;
    CHECK(clock_due(c2, &sp, &dueP, &ex2, 0)==0);
    CHECK_INT(nProv, y);
    CHECK_INT(clock_provisional_year(c2, sp.start, dueP), y);
    CHECK_INT(clock_provisional_year(c2, 0, sp.start), 0);
    CHECK(strstr(ex2.buf, "暂定")!=0);
    CHECK_INT(clock_workdays_left(c2, sp.start, dueP), 5);
    {
      int dWeek = dueP, k = 0, d;
      /* weekends alone: the 5th Monday-to-Friday day after the start (the
      ** start's year's last day counted as the built-in calendar says) */
      for(d=sp.start+1; k<5; d++){
        int bWork = 0;
        if( calendar_is_workday(c2, d, &bWork, 0, 0) ) bWork = date_weekday(d)<5;
        if( bWork ) k++;
        dWeek = d;
      }
      CHECK_INT(dueP, dWeek);
    }
    /* the year arrives with its first day off: one day later, final */
    snprintf(zY, sizeof(zY), "%d-01-01\toff\t元旦\n", y);
    CHECK(calendar_load_text(c2, y, zY, strlen(zY), 0)==0);
    nProv = 0;
    {
      int due2 = 0;
      CHECK(clock_due(c2, &sp, &due2, 0, 0)==0);
      CHECK(due2 >= dueP);
      CHECK_INT(clock_provisional_year(c2, 0, due2), 0);
    }
    buf_release(&ex2);
    calendar_free(c2);
  }

  /* the calendar is loaded once per data generation */
  clock_set_source(c_load, c_gen);
  nLoads = 0;
  zTestGen = 0;
  k1 = clock_calendar();                  /* no generation: fresh each time */
  clock_release(k1);
  CHECK_INT(nLoads, 1);
  zTestGen = "g1";
  k1 = clock_calendar();
  k2 = clock_calendar();
  CHECK(k1==k2);
  CHECK_INT(nLoads, 2);
  zTestGen = "g2";
  k3 = clock_calendar();                  /* a write moved the generation */
  CHECK(k3!=k1);
  CHECK_INT(nLoads, 3);
  CHECK_STR(c_due(k1, "2024-09-27", 3, CLOCK_WORKDAY, 0, 0, 0, z), "2024-10-08");  /* still held */
  clock_release(k1);
  clock_release(k2);
  clock_release(k3);
  app_regs_init();                        /* the house's source back */

  buf_release(&ex);
  buf_release(&err);
  calendar_free(c);
}
