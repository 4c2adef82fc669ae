/*
** clock.c -- the one working-day walker (see clock.h) and the calendar of
** the current data generation.
*/
#include "../common.h"
#include <pthread.h>
#include "../base/buf.h"
#include "../base/calendar.h"
#include "../base/date.h"
#include "../base/util.h"
#include "clock.h"

/* Append a message to pErr unless it is NULL. */
static void clock_error(struct buf *pErr, const char *zFmt, ...){
  va_list ap;
  if( pErr==0 ) return;
  va_start(ap, zFmt);
  buf_vappendf(pErr, zFmt, ap);
  va_end(ap);
}

/* The refusal for a day whose year the calendar does not hold. */
static void clock_no_year(struct buf *pErr, int day, int start){
  int y, m, d;
  char z[11];
  date_ymd(day, &y, &m, &d);
  clock_error(pErr, "日历未载入%d年的节假日安排，无法计算自%s起的期限；"
              "请系统管理员在“工作日历”中导入%d年的节假日安排", y, date_format(start, z), y);
}

/* The pause holding day d, or NULL. */
static const struct clock_pause *clock_in_pause(const struct clock_pause *aP, int nP, int d){
  int i;
  for(i=0; i<nP; i++){
    if( d>=aP[i].start && (aP[i].end==0 || d<=aP[i].end) ) return &aP[i];
  }
  return 0;
}

/* Whether day is a working day on c into *pbWork (its reason, when asked,
** into *pzReason).  A day of a year c does not hold is refused (-1),
** unless pnProv is not NULL: then Monday to Friday count, *pnProv gets
** the year, and *pzReason says the day is 暂定. */
static int clock_is_workday(const struct calendar *c, int day, int *pbWork,
                            const char **pzReason, int *pnProv){
  int y, m, d;
  if( calendar_is_workday(c, day, pbWork, pzReason, 0)==0 ) return 0;
  if( pnProv==0 ) return -1;
  date_ymd(day, &y, &m, &d);
  *pnProv = y;
  *pbWork = date_weekday(day)<5;
  if( pzReason ) *pzReason = 0;
  return 0;
}

/* The note on an explanation line for a day counted on weekends alone
** (its year not loaded, provisional mode), or "". */
static const char *clock_day_provisional(const struct calendar *c, int day, const int *pnProv){
  int y, m, d;
  if( pnProv==0 ) return "";
  date_ymd(day, &y, &m, &d);
  return calendar_has_year(c, y) ? "" : "（暂定：未载入该年节假日安排，仅按周末计）";
}

/* Walk n working days after start outside the pauses into *pDue, a line
** per day to pEx.  Returns 0 or -1 (message in pErr). */
static int clock_walk(const struct calendar *c, int start, int n, const struct clock_pause *aP,
                      int nP, int *pnProv, int *pDue, struct buf *pEx, struct buf *pErr){
  int day = start, k = 0;
  char z[11];
  while( k<n ){
    const struct clock_pause *p;
    const char *zReason = 0;
    int bWork;
    day++;
    if( clock_is_workday(c, day, &bWork, pEx ? &zReason : 0, pnProv) ){
      clock_no_year(pErr, day, start);
      return -1;
    }
    p = nP ? clock_in_pause(aP, nP, day) : 0;
    if( pEx==0 ){
      if( bWork && p==0 ) k++;
      continue;
    }
    buf_appendf(pEx, "%s %s ", date_format(day, z), date_weekday_name(day));
    if( p ){
      buf_appendf(pEx, "跳过（暂停计时：%s）\n", p->zKind ? p->zKind : "暂停");
    }else if( bWork ){
      k++;
      buf_appendf(pEx, "%s计第%d个工作日%s\n", zReason ? "调休上班，" : "", k,
                  clock_day_provisional(c, day, pnProv));
    }else{
      buf_appendf(pEx, "跳过（%s）%s\n", zReason ? zReason : date_weekday_short(day),
                  clock_day_provisional(c, day, pnProv));
    }
  }
  *pDue = day;
  return 0;
}

/* Move day *pDay on to the first working day from it (第二百零三条),
** explaining each day skipped.  Returns 0 or -1. */
static int clock_next_workday(const struct calendar *c, int start, int *pDay, int *pnProv,
                              struct buf *pEx, struct buf *pErr){
  char z[11];
  for(;;){
    const char *zReason = 0;
    int bWork;
    if( clock_is_workday(c, *pDay, &bWork, &zReason, pnProv) ){
      clock_no_year(pErr, *pDay, start);
      return -1;
    }
    if( bWork ) return 0;
    if( pEx ){
      buf_appendf(pEx, "%s %s 是休息日（%s），期限顺延至下一个工作日\n", date_format(*pDay, z),
                  date_weekday_name(*pDay), zReason ? zReason : date_weekday_short(*pDay));
    }
    (*pDay)++;
  }
}

/* The calendar days of the pauses after start. */
static int clock_pause_days(int start, const struct clock_pause *aP, int nP){
  int i, n = 0;
  for(i=0; i<nP; i++){
    if( aP[i].end>start ){
      int s = aP[i].start>start ? aP[i].start : start+1;
      n += aP[i].end - s + 1;
    }
  }
  return n;
}

int clock_due(const struct calendar *c, const struct clock_spec *s, int *pDue,
              struct buf *pExplain, struct buf *pErr){
  struct buf ex = BUF_INIT;
  struct buf *pEx = pExplain ? &ex : 0;
  char z[11], zS[11];
  int due = s->start, i, rc = -1;
  if( s->n<0 || s->nExt<0 ){
    clock_error(pErr, "期限天数不能为负数（%d）", s->n<0 ? s->n : s->nExt);
    return -1;
  }
  for(i=0; i<s->nP; i++){
    if( s->aP[i].end==0 ){
      clock_error(pErr, "暂停计时中，恢复计时后才能计算期限");
      return -1;
    }
  }
  date_format(s->start, zS);
  if( s->eUnit==CLOCK_WORKDAY ){
    if( clock_walk(c, s->start, s->n, s->aP, s->nP, s->pnProvYear, &due, pEx, pErr) ) goto done;
  }else{
    int nPause;
    if( s->eUnit==CLOCK_MONTH ){
      int y, m, d;
      date_ymd(s->start, &y, &m, &d);
      m += s->n;
      y += (m-1)/12;
      m = (m-1)%12 + 1;
      if( d>date_month_days(y, m) ) d = date_month_days(y, m);
      due = date_from_ymd(y, m, d);
      if( pEx ) buf_appendf(pEx, "自%s起%d个月，期间届满日为%s（到期月的对应日，无对应日为月末日）\n",
                            zS, s->n, date_format(due, z));
    }else{
      due = s->start + s->n;
      if( pEx ) buf_appendf(pEx, "自%s起%d日（当日不计），期间届满日为%s\n", zS, s->n,
                            date_format(due, z));
    }
    nPause = clock_pause_days(s->start, s->aP, s->nP);
    if( nPause ){
      due += nPause;
      if( pEx ) buf_appendf(pEx, "暂停计时共%d日不计入，顺延至%s\n", nPause, date_format(due, z));
    }
    if( clock_next_workday(c, s->start, &due, s->pnProvYear, pEx, pErr) ) goto done;
  }
  if( s->pnProvYear && *s->pnProvYear && pEx ){
    buf_appendf(pEx, "暂定：%d年的节假日安排尚未载入，该年只按周六、周日计休息日；"
                "载入后自动重新计算\n", *s->pnProvYear);
  }
  if( s->nExt ){
    if( pEx ) buf_appendf(pEx, "延期%d个工作日：\n", s->nExt);
    if( clock_walk(c, due, s->nExt, s->aP, s->nP, s->pnProvYear, &due, pEx, pErr) ) goto done;
  }
  if( pExplain ) buf_append(pExplain, ex.buf ? ex.buf : "", ex.len);
  *pDue = due;
  rc = 0;
done:
  buf_release(&ex);
  return rc;
}

int clock_add_workdays(const struct calendar *c, int start, int n, int *pDue,
                       struct buf *pExplain, struct buf *pErr){
  return clock_add_workdays_prov(c, start, n, 0, pDue, pExplain, pErr);
}

int clock_workdays_between(const struct calendar *c, int fromDay, int toDay, int *pN,
                           struct buf *pErr){
  int lo = fromDay<toDay ? fromDay : toDay;
  int hi = fromDay<toDay ? toDay : fromDay;
  int day, nWork = 0;
  char zLo[11], zHi[11];
  for(day=lo+1; day<=hi; day++){
    int bWork;
    if( calendar_is_workday(c, day, &bWork, 0, 0) ){
      int y, m, d;
      date_ymd(day, &y, &m, &d);
      clock_error(pErr, "日历未载入%d年的节假日安排，无法计算%s至%s之间的工作日", y,
                  date_format(lo, zLo), date_format(hi, zHi));
      return -1;
    }
    nWork += bWork;
  }
  *pN = fromDay<=toDay ? nWork : -nWork;
  return 0;
}

int clock_workdays_used(const struct calendar *c, int fromDay, int toDay,
                        const struct clock_pause *aP, int nP, int *pN, struct buf *pErr){
  int day, nWork = 0, i;
  char zLo[11], zHi[11];
  for(day=fromDay+1; day<=toDay; day++){
    int bWork;
    bool bPaused = false;
    if( calendar_is_workday(c, day, &bWork, 0, 0) ){
      int y, m, d;
      date_ymd(day, &y, &m, &d);
      clock_error(pErr, "日历未载入%d年的节假日安排，无法计算%s至%s之间的工作日", y,
                  date_format(fromDay, zLo), date_format(toDay, zHi));
      return -1;
    }
    if( !bWork ) continue;
    for(i=0; i<nP && !bPaused; i++){
      if( day>=aP[i].start && aP[i].end && day<=aP[i].end ) bPaused = true;
    }
    if( !bPaused ) nWork++;
  }
  *pN = nWork;
  return 0;
}

int clock_add_workdays_prov(const struct calendar *c, int start, int n, int *pnProv, int *pDue,
                            struct buf *pExplain, struct buf *pErr){
  struct clock_spec s;
  memset(&s, 0, sizeof(s));
  s.start = start;
  s.n = n;
  s.eUnit = CLOCK_WORKDAY;
  s.pnProvYear = pnProv;
  return clock_due(c, &s, pDue, pExplain, pErr);
}

int clock_workdays_left(const struct calendar *c, int fromDay, int toDay){
  int lo = fromDay<toDay ? fromDay : toDay;
  int hi = fromDay<toDay ? toDay : fromDay;
  int day, nWork = 0, nProv = 0;
  for(day=lo+1; day<=hi; day++){
    int bWork = 0;
    clock_is_workday(c, day, &bWork, 0, &nProv);
    nWork += bWork;
  }
  return fromDay<=toDay ? nWork : -nWork;
}

int clock_provisional_year(const struct calendar *c, int start, int due){
  int y0, y1, y, m, d;
  if( due==0 ) return 0;
  date_ymd(start ? start : due, &y0, &m, &d);
  date_ymd(due, &y1, &m, &d);
  for(y=y0; y<=y1; y++) if( !calendar_has_year(c, y) ) return y;
  return 0;
}

/* ---- the calendar of the current data generation ---- */

/* One loaded calendar and the threads holding it. */
struct clock_held {
  struct calendar *c;
  char *zGen;                    /* the generation it was read at */
  int nRef;                      /* holders, plus one while it is the current one */
  struct clock_held *pNext;      /* every calendar still held */
};

static struct calendar *(*xClockLoad)(void);
static const char *(*xClockGen)(void);
static struct clock_held *pClockCur;      /* the newest generation's */
static struct clock_held *pClockAll;      /* every one still held */
static pthread_mutex_t clockMu = PTHREAD_MUTEX_INITIALIZER;

void clock_set_source(struct calendar *(*xLoad)(void), const char *(*xGen)(void)){
  xClockLoad = xLoad;
  xClockGen = xGen;
}

struct calendar *clock_calendar_fresh(void){
  struct calendar *c;
  if( xClockLoad ) return xClockLoad();
  c = calendar_new();
  calendar_load_builtin(c);
  return c;
}

/* Drop one reference of h (under clockMu); free it at zero. */
static void clock_unref(struct clock_held *h){
  struct clock_held **pp;
  if( --h->nRef>0 ) return;
  for(pp=&pClockAll; *pp; pp=&(*pp)->pNext){
    if( *pp==h ){
      *pp = h->pNext;
      break;
    }
  }
  calendar_free(h->c);
  free(h->zGen);
  free(h);
}

const struct calendar *clock_calendar(void){
  const char *zGen = xClockGen ? xClockGen() : 0;
  struct clock_held *h;
  if( zGen==0 ) return clock_calendar_fresh();   /* released by clock_release */
  pthread_mutex_lock(&clockMu);
  if( pClockCur && strcmp(pClockCur->zGen, zGen)==0 ){
    h = pClockCur;
    h->nRef++;
    pthread_mutex_unlock(&clockMu);
    return h->c;
  }
  pthread_mutex_unlock(&clockMu);
  /* load outside the lock (it reads the database) */
  h = xcalloc(1, sizeof(*h));
  h->c = clock_calendar_fresh();
  h->zGen = xstrdup(zGen);
  h->nRef = 2;                   /* the caller and the cache */
  pthread_mutex_lock(&clockMu);
  h->pNext = pClockAll;
  pClockAll = h;
  if( pClockCur ) clock_unref(pClockCur);   /* the cache's reference */
  pClockCur = h;
  pthread_mutex_unlock(&clockMu);
  return h->c;
}

void clock_release(const struct calendar *c){
  struct clock_held *h;
  if( c==0 ) return;
  pthread_mutex_lock(&clockMu);
  for(h=pClockAll; h; h=h->pNext){
    if( h->c==c ){
      clock_unref(h);
      pthread_mutex_unlock(&clockMu);
      return;
    }
  }
  pthread_mutex_unlock(&clockMu);
  calendar_free((struct calendar *)c);   /* a fresh one (no generation) */
}
