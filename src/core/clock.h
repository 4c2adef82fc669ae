/*
** clock.h -- the one working-day clock: every statutory limit of every
** register is counted here (行政许可's 受理、办结、送达 limits, 好差评
** follow-ups, the calendar page's calculator, and each register that
** declares a deadline, reg.h's struct reg_deadline).
**
** A limit runs from a start day, which is never counted (民法典 第二百零
** 一条), for n units of one of three kinds:
**
**   CLOCK_WORKDAY  working days on the State Council calendar (weekends
**                  and holidays off, 调休上班 days on): the n-th working
**                  day after the start that lies in no pause;
**   CLOCK_DAY      natural days: the n-th day after the start, moved on
**                  by the days of the pauses, and when that day is not a
**                  working day, to the next one (第二百零三条);
**   CLOCK_MONTH    months: the corresponding day of the n-th month after
**                  the start, the month's last day when it has none
**                  (第二百零二条: 1-31 + 1 month = 2-28/29), moved on by
**                  the days of the pauses, then to the next working day.
**
** Pauses (听证 检验 鉴定 专家评审 补正 ...: days that do not count, both
** ends included) and one extension (working days added after the base
** limit) complete it.  Every function can explain itself: one line per day
** counted or skipped and why ("2024-09-29 星期日 调休上班，计第1个工作日",
** "2024-10-01 星期二 跳过（国庆节）", "跳过（暂停计时：专家评审）").
** A day in a year the calendar does not hold is refused, never guessed,
** unless the caller asks for a provisional count (clock_spec.pnProvYear:
** weekends alone, marked 暂定 until the year is loaded; the deadlines
** registers declare are counted so, and recomputed when it arrives).
**
** Which days are working days is base/calendar.h's data; this file is the
** only walker over it.  The calendar a request uses is loaded once per
** data generation and shared (clock_calendar / clock_release).
*/
#ifndef FAZHI_CLOCK_H
#define FAZHI_CLOCK_H

#include "../common.h"

struct buf;
struct calendar;

/* Units of a limit. */
enum { CLOCK_WORKDAY = 0, CLOCK_DAY = 1, CLOCK_MONTH = 2 };

/* A span of days that do not count, both ends included; end 0 = still
** open (a limit cannot be computed while a pause is open). */
struct clock_pause {
  int start, end;                /* day numbers (date.h) */
  const char *zKind;             /* named in the explanation: 专家评审 */
};

/* One limit to compute. */
struct clock_spec {
  int start;                     /* the start day (not counted) */
  int n;                         /* the limit, >= 0 */
  int eUnit;                     /* CLOCK_* */
  const struct clock_pause *aP;  /* the pauses, or NULL */
  int nP;
  int nExt;                      /* working days of the one extension, 0 = none */
  int *pnProvYear;               /* added: NULL refuses a year the calendar does not
                                 ** hold; otherwise such a year counts Monday to Friday
                                 ** (weekends alone) and its number is set here: the
                                 ** due day is 暂定 until the year's calendar arrives */
};

/* Set *pDue to the due day of limit s on calendar c.  When pExplain is
** not NULL, append the explanation (a line per day walked, a line per
** rule applied).  Returns 0, or -1 with a Chinese message in pErr (may be
** NULL) when a pause is still open, n is negative, or the count reaches a
** year the calendar does not hold; *pDue is then left alone. */
int clock_due(const struct calendar *c, const struct clock_spec *s, int *pDue,
              struct buf *pExplain, struct buf *pErr);

/* Shorthand: n working days after start with no pause and no extension
** (the start excluded; n==0 gives the start itself). */
int clock_add_workdays(const struct calendar *c, int start, int n, int *pDue,
                       struct buf *pExplain, struct buf *pErr);

/* Set *pN to the number of working days after fromDay up to and
** including toDay: the days left until a due date (from = today, to =
** due), or the days overdue (from = due, to = today).  When toDay is
** before fromDay the result is minus the count from toDay to fromDay;
** equal days give 0.  Refuses when the span touches a year not loaded. */
int clock_workdays_between(const struct calendar *c, int fromDay, int toDay, int *pN,
                           struct buf *pErr);

/* Set *pN to the working days used from fromDay (not counted) up to and
** including toDay, the days of the closed pauses aP (nP of them) not
** counted: how long a case took (行政许可's 平均用时).  0 when toDay is not
** after fromDay.  Refuses when the span touches a year not loaded. */
int clock_workdays_used(const struct calendar *c, int fromDay, int toDay,
                        const struct clock_pause *aP, int nP, int *pN, struct buf *pErr);

/* clock_add_workdays counting a year not loaded on weekends alone (its
** number into *pnProv, as clock_spec.pnProvYear). */
int clock_add_workdays_prov(const struct calendar *c, int start, int n, int *pnProv, int *pDue,
                            struct buf *pExplain, struct buf *pErr);
/* clock_workdays_between that never refuses: a year not loaded counts
** Monday to Friday (a provisional count, for the days left to a 暂定 due
** day). */
int clock_workdays_left(const struct calendar *c, int fromDay, int toDay);

/* The first year from start's (or due's, start 0) to due's that calendar
** c does not hold, or 0: a due day computed there (clock_spec.pnProvYear)
** is 暂定 and must be marked so wherever it is shown. */
int clock_provisional_year(const struct calendar *c, int start, int due);

/* Where the calendar comes from: xLoad builds a fresh one (the built-in
** years and the stored ones), xGen names the current data generation
** (NULL outside a request: nothing is cached then).  Set once at start-up. */
void clock_set_source(struct calendar *(*xLoad)(void), const char *(*xGen)(void));
/* The calendar of the current data generation, loaded at most once per
** generation and shared between threads; give it back with
** clock_release().  Without a source: the built-in years. */
const struct calendar *clock_calendar(void);
void clock_release(const struct calendar *c);
/* A calendar read now, not the cached one (inside the transaction that
** changes the calendar); free it with calendar_free(). */
struct calendar *clock_calendar_fresh(void);

#endif
