/*
** t_permit.c -- the due-date rules of 行政许可 as the clock counts them
** (src/core/clock.c, which permit.c uses): the
** standards.md §3.3 vectors in working days, pause days not
** counted (and named in the explanation), an open pause refused, a
** month-based limit across month ends (民法典 第二百零二、二百零三条),
** a year not loaded refused rather than guessed.
*/
#include "test.h"
#include "../../src/base/buf.h"
#include "../../src/base/calendar.h"
#include "../../src/base/date.h"
#include "../../src/areas/permits/permit.h"
#include "../../src/core/clock.h"

/* Day number of an ISO date. */
static int p_day(const char *z){
  int d = 0;
  if( date_parse(z, &d) ) test_fail(__FILE__, __LINE__, z);
  return d;
}

/* The due date as text ("" on refusal), n working days after zStart. */
static const char *p_wd(struct calendar *c, const char *zStart, int n,
                        const struct clock_pause *aP, int nP, char out[11]){
  struct clock_spec s = { p_day(zStart), n, CLOCK_WORKDAY, aP, nP, 0, 0 };
  int due;
  out[0] = 0;
  if( clock_due(c, &s, &due, 0, 0)==0 ) date_format(due, out);
  return out;
}

/* clock_due in working days with the pauses, explained into pEx. */
static int permit_add_workdays(struct calendar *c, int start, int n,
                               const struct clock_pause *aP, int nP, int *pDue,
                               struct buf *pEx, struct buf *pErr){
  struct clock_spec s = { start, n, CLOCK_WORKDAY, aP, nP, 0, 0 };
  return clock_due(c, &s, pDue, pEx, pErr);
}

/* The due date as text ("" on refusal), nMonth months after zStart. */
static const char *p_mo(struct calendar *c, const char *zStart, int nMonth,
                        const struct clock_pause *aP, int nP, char out[11]){
  struct clock_spec s = { p_day(zStart), nMonth, CLOCK_MONTH, aP, nP, 0, 0 };
  int due;
  out[0] = 0;
  if( clock_due(c, &s, &due, 0, 0)==0 ) date_format(due, out);
  return out;
}

void test_permit(void){
  static const struct { const char *zStart; int n; const char *zDue; } aVec[] = {
    { "2025-09-26", 20, "2025-10-30" }, { "2025-09-30",  5, "2025-10-14" },
    { "2025-01-24", 20, "2025-02-27" }, { "2024-12-31", 20, "2025-02-05" },
    { "2024-09-27",  1, "2024-09-29" }, { "2025-12-31",  1, "2026-01-04" },
    { "2026-02-13",  5, "2026-02-27" }, { "2026-02-13", 20, "2026-03-19" },
    { "2026-04-30",  5, "2026-05-11" }, { "2026-09-18", 10, "2026-10-09" },
  };
  struct calendar *c = calendar_new();
  struct clock_pause aP[2];
  struct buf ex = BUF_INIT, err = BUF_INIT;
  char z[11];
  size_t i;
  int due;
  calendar_load_builtin(c);
  for(i=0; i<COUNT(aVec); i++){
    CHECK_STR(p_wd(c, aVec[i].zStart, aVec[i].n, 0, 0, z), aVec[i].zDue);
  }
  /* a pause 2025-10-13 .. 2025-10-17 (5 working days) moves 2025-10-30 by 5 */
  aP[0].start = p_day("2025-10-13"); aP[0].end = p_day("2025-10-17"); aP[0].zKind = "专家评审";
  CHECK_STR(p_wd(c, "2025-09-26", 20, aP, 1, z), "2025-11-06");
  /* a pause over holidays only changes nothing */
  aP[1].start = p_day("2025-10-01"); aP[1].end = p_day("2025-10-08"); aP[1].zKind = "检测";
  CHECK_STR(p_wd(c, "2025-09-26", 20, aP+1, 1, z), "2025-10-30");
  CHECK(permit_add_workdays(c, p_day("2025-09-26"), 20, aP, 1, &due, &ex, &err)==0);
  CHECK(strstr(ex.buf, "2025-10-13 星期一 跳过（暂停计时：专家评审）")!=0);
  CHECK(strstr(ex.buf, "2025-09-28 星期日 ")!=0 && strstr(ex.buf, "计第1个工作日")!=0);
  CHECK(strstr(ex.buf, "跳过（国庆节")!=0);
  /* an open pause cannot be computed */
  aP[0].end = 0;
  CHECK(permit_add_workdays(c, p_day("2025-09-26"), 20, aP, 1, &due, 0, &err)<0);
  /* months: the same day, else the month's end; then the next working day */
  CHECK_STR(p_mo(c, "2025-10-31", 3, 0, 0, z), "2026-02-02");   /* 01-31 Sat */
  CHECK_STR(p_mo(c, "2025-11-28", 3, 0, 0, z), "2026-02-28");   /* Sat, 调休上班 */
  CHECK_STR(p_mo(c, "2025-11-30", 3, 0, 0, z), "2026-02-28");   /* no 30th: the month end */
  CHECK_STR(p_mo(c, "2025-07-15", 3, 0, 0, z), "2025-10-15");
  CHECK_STR(p_mo(c, "2025-07-01", 3, 0, 0, z), "2025-10-09");   /* 国庆+中秋 */
  aP[0].start = p_day("2025-07-10"); aP[0].end = p_day("2025-07-19"); aP[0].zKind = "鉴定";
  CHECK_STR(p_mo(c, "2025-07-01", 3, aP, 1, z), "2025-10-11");  /* +10 days: Sat 调休上班 */
  /* a year not loaded is refused, not guessed */
  buf_reset(&err);
  CHECK(permit_add_workdays(c, p_day("2026-12-20"), 20, 0, 0, &due, 0, &err)<0);
  CHECK(strstr(err.buf ? err.buf : "", "2027")!=0);
  buf_release(&ex);
  buf_release(&err);
  calendar_free(c);
}
