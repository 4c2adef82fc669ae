/*
** t_calendar.c -- tests of the working-day calendar against the State
** Council tables and the deadline vectors of standards.md 3.2 and 3.3.
*/
#include "test.h"
#include "../../src/base/buf.h"
#include "../../src/base/calendar.h"
#include "../../src/core/clock.h"
#include "../../src/base/date.h"

/* Day number of an ISO date that must be valid. */
static int t_day(const char *z){
  int d = INT_MIN;
  if( date_parse(z, &d) ) test_fail(__FILE__, __LINE__, z);
  return d;
}

/* Working days in year y, or -1 when the calendar refuses a day. */
static int t_year_workdays(struct calendar *c, int y){
  int day, n = 0, bIs;
  int end = date_from_ymd(y, 12, 31);
  for(day=date_from_ymd(y, 1, 1); day<=end; day++){
    if( calendar_is_workday(c, day, &bIs, 0, 0) ) return -1;
    n += bIs;
  }
  return n;
}

/* The deadline n working days after zStart, as text ("" on refusal). */
static const char *t_due(struct calendar *c, const char *zStart, int n,
                         char out[11]){
  int due;
  out[0] = 0;
  if( clock_add_workdays(c, t_day(zStart), n, &due, 0, 0)==0 ){
    date_format(due, out);
  }
  return out;
}

/* Load text into year y; returns the load's code and leaves the message
** in *pErr. */
static int t_load(struct calendar *c, int y, const char *z, struct buf *pErr){
  buf_reset(pErr);
  return calendar_load_text(c, y, z, strlen(z), pErr);
}

void test_calendar(void){
  static const struct {
    const char *zStart; int n; const char *zDue;
  } aVec[] = {
    { "2025-09-26", 20, "2025-10-30" },
    { "2025-09-30",  5, "2025-10-14" },
    { "2025-01-24", 20, "2025-02-27" },
    { "2024-12-31", 20, "2025-02-05" },
    { "2024-09-27",  1, "2024-09-29" },
    { "2025-12-31",  1, "2026-01-04" },
    { "2026-02-13",  5, "2026-02-27" },
    { "2026-02-13", 20, "2026-03-19" },
    { "2026-04-30",  5, "2026-05-11" },
    { "2026-09-18", 10, "2026-10-09" },
  };
  struct calendar *c = calendar_new();
  struct buf err = BUF_INIT, ex = BUF_INIT, txt = BUF_INIT;
  const char *zReason = 0;
  char out[11];
  int bIs = -1, due = 0, n = 0;
  size_t i;

  CHECK_INT(calendar_first_year(c), 0);
  CHECK_INT(calendar_last_year(c), 0);
  CHECK(calendar_is_workday(c, t_day("2025-01-02"), &bIs, 0, &err)==-1);
  CHECK_STR(err.buf, "日历未载入2025年的节假日安排，无法计算");

  CHECK_INT(calendar_load_builtin(c), 3);
  CHECK_INT(calendar_first_year(c), 2024);
  CHECK_INT(calendar_last_year(c), 2026);
  CHECK(calendar_has_year(c, 2025));
  CHECK(!calendar_has_year(c, 2027));

  /* Working days per year (standards.md 3.2). */
  CHECK_INT(t_year_workdays(c, 2024), 251);
  CHECK_INT(t_year_workdays(c, 2025), 248);
  CHECK_INT(t_year_workdays(c, 2026), 248);

  /* Single days. */
  CHECK(calendar_is_workday(c, t_day("2024-09-29"), &bIs, &zReason, 0)==0);
  CHECK(bIs==1);
  CHECK_STR(zReason, "国庆节调休上班");
  CHECK(calendar_is_workday(c, t_day("2025-10-08"), &bIs, &zReason, 0)==0);
  CHECK(bIs==0);
  CHECK_STR(zReason, "国庆节、中秋节");
  CHECK(calendar_is_workday(c, t_day("2024-02-09"), &bIs, &zReason, 0)==0);
  CHECK(bIs==1 && zReason==0);          /* 除夕 2024 is not off */
  CHECK(calendar_is_workday(c, t_day("2026-03-07"), &bIs, &zReason, 0)==0);
  CHECK(bIs==0 && zReason==0);          /* an ordinary Saturday */
  buf_reset(&err);
  CHECK(calendar_is_workday(c, t_day("2027-01-04"), &bIs, 0, &err)==-1);
  CHECK_STR(err.buf, "日历未载入2027年的节假日安排，无法计算");

  /* Deadline vectors (standards.md 3.3). */
  for(i=0; i<COUNT(aVec); i++){
    CHECK_STR(t_due(c, aVec[i].zStart, aVec[i].n, out), aVec[i].zDue);
  }
  CHECK_STR(t_due(c, "2025-03-03", 0, out), "2025-03-03");

  /* Refusal past the last loaded year. */
  buf_reset(&err);
  due = 42;
  CHECK(clock_add_workdays(c, t_day("2026-12-30"), 20, &due, &ex, &err)==-1);
  CHECK(due==42);
  CHECK(strstr(err.buf, "未载入2027年")!=0);
  CHECK(ex.len==0);
  CHECK_STR(t_due(c, "2026-12-30", 1, out), "2026-12-31");
  CHECK_STR(t_due(c, "2026-12-31", 1, out), "");
  buf_reset(&err);
  CHECK(clock_add_workdays(c, t_day("2025-01-02"), -1, &due, 0, &err)==-1);
  CHECK(err.len>0);

  /* Explanation of a Sunday make-up day. */
  CHECK(clock_add_workdays(c, t_day("2024-09-27"), 1, &due, &ex, 0)==0);
  CHECK_STR(ex.buf, "2024-09-28 星期六 跳过（周六）\n"
                    "2024-09-29 星期日 调休上班，计第1个工作日\n");
  CHECK(strstr(ex.buf, "调休")!=0);
  buf_reset(&ex);
  CHECK(clock_add_workdays(c, t_day("2025-09-30"), 5, &due, &ex, 0)==0);
  CHECK(strstr(ex.buf, "2025-10-01 星期三 跳过（国庆节、中秋节）\n")!=0);
  CHECK(strstr(ex.buf, "2025-10-09 星期四 计第1个工作日\n")!=0);
  CHECK(strstr(ex.buf, "2025-10-11 星期六 调休上班，计第3个工作日\n")!=0);
  CHECK(strstr(ex.buf, "2025-10-14 星期二 计第5个工作日\n")!=0);

  /* Working days between two dates. */
  CHECK(clock_workdays_between(c, t_day("2025-09-26"), t_day("2025-10-30"),
                                  &n, 0)==0);
  CHECK_INT(n, 20);
  CHECK(clock_workdays_between(c, t_day("2025-10-30"), t_day("2025-09-26"),
                                  &n, 0)==0);
  CHECK_INT(n, -20);
  CHECK(clock_workdays_between(c, t_day("2025-10-30"), t_day("2025-10-30"),
                                  &n, 0)==0);
  CHECK_INT(n, 0);
  CHECK(clock_workdays_between(c, t_day("2024-01-01"), t_day("2024-12-31"),
                                  &n, 0)==0);
  CHECK_INT(n, 251);                     /* 2024-01-01 is off anyway */
  buf_reset(&err);
  CHECK(clock_workdays_between(c, t_day("2026-12-01"), t_day("2027-01-10"),
                                  &n, &err)==-1);
  CHECK(strstr(err.buf, "2027年")!=0);

  /* Bad lines are refused with the line number; the year is unchanged. */
  CHECK(t_load(c, 2026, "# x\n2025-10-01\toff\t国庆节\n", &err)==-1);
  CHECK_STR(err.buf, "2026年日历第2行：日期2025-10-01不属于2026年");
  CHECK(t_load(c, 2026, "2026-10-01\tholiday\t国庆节\n", &err)==-1);
  CHECK(strstr(err.buf, "第1行")!=0 && strstr(err.buf, "holiday")!=0);
  CHECK(t_load(c, 2026, "2026-02-30\toff\t春节\n", &err)==-1);
  CHECK(strstr(err.buf, "第1行")!=0 && strstr(err.buf, "2026-02-30")!=0);
  CHECK(t_load(c, 2026, "2026-1-01\toff\t元旦\n", &err)==-1);
  CHECK(strstr(err.buf, "第1行")!=0);
  CHECK(t_load(c, 2026, "2026-10-01\toff\t\n", &err)==-1);
  CHECK(strstr(err.buf, "缺少事由")!=0);
  CHECK(t_load(c, 2026, "2026-10-01 off 国庆节\n", &err)==-1);
  CHECK(strstr(err.buf, "制表符")!=0);
  CHECK(t_load(c, 2026, "2026-10-01\toff\t国庆节\n2026-10-01\toff\tx\n", &err)==-1);
  CHECK_STR(err.buf, "2026年日历第2行：日期2026-10-01与第1行重复");
  CHECK(t_load(c, 2026, "2026-10-08\twork\t国庆节调休上班\n", &err)==-1);
  CHECK(strstr(err.buf, "星期四")!=0);
  CHECK(t_load(c, 2026, "# only comments\n\n", &err)==-1);
  CHECK(calendar_load_text(c, 2026, 0, 0, 0)==-1);
  CHECK(calendar_load_text(c, 2026, "2026-10-01\toff\0\n", 16, 0)==-1);
  CHECK_INT(t_year_workdays(c, 2026), 248);

  /* A replacement load of a year (an administrator's correction). */
  CHECK(t_load(c, 2026, "# 更正\r\n2026-10-01\toff\t国庆节\r\n"
                        "2026-10-10\twork\t国庆节调休上班\r\n", &err)==0);
  CHECK_INT(calendar_last_year(c), 2026);
  CHECK(calendar_is_workday(c, t_day("2026-10-02"), &bIs, 0, 0)==0 && bIs==1);
  CHECK(calendar_is_workday(c, t_day("2026-10-10"), &bIs, 0, 0)==0 && bIs==1);
  CHECK(calendar_year_text(c, 2026, &txt)==0);
  CHECK_STR(txt.buf, "# 更正\n2026-10-01\toff\t国庆节\n"
                     "2026-10-10\twork\t国庆节调休上班\n");
  CHECK(calendar_year_text(c, 2027, &txt)==-1);

  /* A new year goes in order; 2027 makes the refused deadline computable. */
  CHECK(t_load(c, 2027, "\xEF\xBB\xBF" "2027-01-01\toff\t元旦", &err)==0);
  CHECK(t_load(c, 2023, "2023-01-02\toff\t元旦\n", &err)==0);
  CHECK_INT(calendar_first_year(c), 2023);
  CHECK_INT(calendar_last_year(c), 2027);
  CHECK_STR(t_due(c, "2026-12-31", 1, out), "2027-01-04");
  calendar_free(c);

  /* The builtin text round-trips through calendar_year_text. */
  c = calendar_new();
  calendar_load_builtin(c);
  for(n=2024; n<=2026; n++){
    struct calendar *c2 = calendar_new();
    buf_reset(&txt);
    CHECK(calendar_year_text(c, n, &txt)==0);
    CHECK(calendar_load_text(c2, n, txt.buf, txt.len, 0)==0);
    CHECK_INT(t_year_workdays(c2, n), n==2024 ? 251 : 248);
    CHECK(strstr(txt.buf, "https://www.gov.cn/")!=0);
    calendar_free(c2);
  }
  calendar_free(c);
  calendar_free(0);
  buf_release(&err);
  buf_release(&ex);
  buf_release(&txt);
}
