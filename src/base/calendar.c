/*
** calendar.c -- the working-day calendar: loading the yearly notices and
** answering which days are working days (core/clock.c counts over them).
**
** Each loaded year keeps one byte per day of the year (ordinary, off,
** work) and the reason of each special date, so a question about a day
** is an array index.  Years are kept sorted; there are only a handful.
*/
#include "../common.h"
#include "buf.h"
#include "calendar.h"
#include "date.h"
#include "embed.h"
#include "util.h"

#define CAL_ORDINARY 0   /* Monday-Friday work, Saturday-Sunday rest */
#define CAL_OFF      1   /* 放假 */
#define CAL_WORK     2   /* 调休上班 */

#define CAL_DIR "data/calendar/"

struct calendar_year {
  int year;
  int day0;                   /* day number of January 1 */
  int nDay;                   /* 365 or 366 */
  unsigned char aKind[366];   /* CAL_ORDINARY, CAL_OFF or CAL_WORK */
  char *azReason[366];        /* reason of a special date, else NULL */
  char *zComment;             /* the "#" lines, each ending in \n */
};

struct calendar {
  struct calendar_year **apYear;   /* sorted by year */
  int nYear;
};

/* Append a formatted error message to pErr unless it is NULL. */
static void cal_error(struct buf *pErr, const char *zFmt, ...){
  va_list ap;
  if( pErr==0 ) return;
  va_start(ap, zFmt);
  buf_vappendf(pErr, zFmt, ap);
  va_end(ap);
}

/* Free one year and everything it holds. */
static void cal_year_free(struct calendar_year *p){
  int i;
  if( p==0 ) return;
  for(i=0; i<366; i++) free(p->azReason[i]);
  free(p->zComment);
  free(p);
}

struct calendar *calendar_new(void){
  return xcalloc(1, sizeof(struct calendar));
}

void calendar_free(struct calendar *c){
  int i;
  if( c==0 ) return;
  for(i=0; i<c->nYear; i++) cal_year_free(c->apYear[i]);
  free(c->apYear);
  free(c);
}

/* The loaded year holding day, or NULL.  *pYear is set to day's year. */
static const struct calendar_year *cal_year_of(const struct calendar *c,
                                               int day, int *pYear){
  int y, i;
  date_ymd(day, &y, 0, 0);
  *pYear = y;
  for(i=0; i<c->nYear; i++){
    if( c->apYear[i]->year==y ) return c->apYear[i];
  }
  return 0;
}

/* True when the trimmed field z[0..n) is empty or only spaces. */
static bool cal_blank(const char *z, size_t n){
  size_t i;
  for(i=0; i<n; i++) if( z[i]!=' ' ) return false;
  return true;
}

/* Parse one non-comment line z[0..n) of year p (line number iLine) into
** p; aLine records the line that set each day.  Returns 0 or -1 with a
** message in pErr. */
static int cal_parse_line(struct calendar_year *p, int *aLine, int iLine,
                          const char *z, size_t n, struct buf *pErr){
  const char *zTab1 = memchr(z, '\t', n);
  const char *zTab2 = zTab1 ? memchr(zTab1+1, '\t', n-(size_t)(zTab1+1-z)) : 0;
  char zDate[11];
  const char *zKind, *zReason;
  size_t nKind, nReason;
  int day, kind, y = p->year, idx;

  if( zTab2==0 || memchr(zTab2+1, '\t', n-(size_t)(zTab2+1-z))!=0 ){
    cal_error(pErr, "%d年日历第%d行：应为“日期<TAB>off或work<TAB>事由”三列，"
              "用制表符分隔", y, iLine);
    return -1;
  }
  if( zTab1-z!=10 ){
    cal_error(pErr, "%d年日历第%d行：日期“%.*s”应为YYYY-MM-DD格式", y, iLine,
              (int)(zTab1-z<40 ? zTab1-z : 40), z);
    return -1;
  }
  memcpy(zDate, z, 10);
  zDate[10] = 0;
  if( date_parse(zDate, &day) ){
    cal_error(pErr, "%d年日历第%d行：日期“%s”不是有效的日期（YYYY-MM-DD）",
              y, iLine, zDate);
    return -1;
  }
  if( day<p->day0 || day>=p->day0+p->nDay ){
    cal_error(pErr, "%d年日历第%d行：日期%s不属于%d年", y, iLine, zDate, y);
    return -1;
  }
  zKind = zTab1+1;
  nKind = (size_t)(zTab2-zKind);
  if( nKind==3 && memcmp(zKind, "off", 3)==0 ){
    kind = CAL_OFF;
  }else if( nKind==4 && memcmp(zKind, "work", 4)==0 ){
    kind = CAL_WORK;
  }else{
    cal_error(pErr, "%d年日历第%d行：类别“%.*s”应为off（放假）或work（调休上班）",
              y, iLine, (int)(nKind<40 ? nKind : 40), zKind);
    return -1;
  }
  zReason = zTab2+1;
  nReason = n-(size_t)(zReason-z);
  if( cal_blank(zReason, nReason) ){
    cal_error(pErr, "%d年日历第%d行：缺少事由（如“春节”“国庆节调休上班”）",
              y, iLine);
    return -1;
  }
  if( kind==CAL_WORK && date_weekday(day)<5 ){
    cal_error(pErr, "%d年日历第%d行：%s是%s，本来就是工作日，不能标为调休上班"
              "（work）", y, iLine, zDate, date_weekday_name(day));
    return -1;
  }
  idx = day - p->day0;
  if( aLine[idx] ){
    cal_error(pErr, "%d年日历第%d行：日期%s与第%d行重复", y, iLine, zDate,
              aLine[idx]);
    return -1;
  }
  aLine[idx] = iLine;
  p->aKind[idx] = (unsigned char)kind;
  p->azReason[idx] = xstrndup(zReason, nReason);
  return 0;
}

int calendar_load_text(struct calendar *c, int year, const char *zText,
                       size_t n, struct buf *pErr){
  struct calendar_year *p;
  struct buf comment = BUF_INIT;
  int aLine[366];
  int iLine = 0, nEntry = 0, i;
  size_t pos = 0;

  if( year<DATE_MIN_YEAR || year>DATE_MAX_YEAR ){
    cal_error(pErr, "年份%d无效", year);
    return -1;
  }
  if( zText==0 ) n = 0;
  if( n>0 && memchr(zText, 0, n) ){
    cal_error(pErr, "%d年日历不是文本文件（含有NUL字节）", year);
    return -1;
  }
  p = xcalloc(1, sizeof(*p));
  p->year = year;
  p->day0 = date_from_ymd(year, 1, 1);
  p->nDay = date_is_leap(year) ? 366 : 365;
  memset(aLine, 0, sizeof(aLine));
  if( n>=3 && memcmp(zText, "\xEF\xBB\xBF", 3)==0 ) pos = 3;  /* UTF-8 BOM */
  while( pos<n ){
    const char *z = zText + pos;
    const char *zEnd = memchr(z, '\n', n-pos);
    size_t len = zEnd ? (size_t)(zEnd-z) : n-pos;
    pos += len + (zEnd ? 1 : 0);
    iLine++;
    if( len>0 && z[len-1]=='\r' ) len--;
    if( cal_blank(z, len) ) continue;
    if( z[0]=='#' ){
      buf_append(&comment, z, len);
      buf_putc(&comment, '\n');
      continue;
    }
    if( cal_parse_line(p, aLine, iLine, z, len, pErr) ) goto fail;
    nEntry++;
  }
  if( nEntry==0 ){
    cal_error(pErr, "%d年日历没有任何放假或调休上班的日期，请检查文件", year);
    goto fail;
  }
  p->zComment = buf_detach(&comment, 0);

  /* Replace the year if present, else insert it in order. */
  for(i=0; i<c->nYear; i++){
    if( c->apYear[i]->year==year ){
      cal_year_free(c->apYear[i]);
      c->apYear[i] = p;
      return 0;
    }
    if( c->apYear[i]->year>year ) break;
  }
  c->apYear = xrealloc(c->apYear, sizeof(c->apYear[0])*(size_t)(c->nYear+1));
  memmove(&c->apYear[i+1], &c->apYear[i],
          sizeof(c->apYear[0])*(size_t)(c->nYear-i));
  c->apYear[i] = p;
  c->nYear++;
  return 0;

fail:
  buf_release(&comment);
  cal_year_free(p);
  return -1;
}

int calendar_load_builtin(struct calendar *c){
  const struct embed_file *e;
  int nLoaded = 0;
  for(e=embed_table; e->zName; e++){
    const char *zBase = e->zName + strlen(CAL_DIR);
    struct buf err = BUF_INIT;
    i64 year;
    char zYear[5];
    if( !str_starts(e->zName, CAL_DIR) ) continue;
    if( strlen(zBase)!=8 || strcmp(zBase+4, ".tsv")!=0 ){
      fatal("embedded calendar file %s is not named YYYY.tsv", e->zName);
    }
    memcpy(zYear, zBase, 4);
    zYear[4] = 0;
    if( str_to_i64(zYear, DATE_MIN_YEAR, DATE_MAX_YEAR, &year) ){
      fatal("embedded calendar file %s is not named YYYY.tsv", e->zName);
    }
    if( calendar_load_text(c, (int)year, (const char *)e->aData,
                           (size_t)e->nData, &err) ){
      fatal("embedded calendar %s: %s", e->zName, err.buf);
    }
    buf_release(&err);
    nLoaded++;
  }
  return nLoaded;
}

bool calendar_has_year(const struct calendar *c, int year){
  int i;
  for(i=0; i<c->nYear; i++) if( c->apYear[i]->year==year ) return true;
  return false;
}

int calendar_first_year(const struct calendar *c){
  return c->nYear ? c->apYear[0]->year : 0;
}

int calendar_last_year(const struct calendar *c){
  return c->nYear ? c->apYear[c->nYear-1]->year : 0;
}

/* Whether day is a working day, with its reason; -1 (and *pYear set to
** day's year) when that year is not loaded.  No message. */
static int cal_lookup(const struct calendar *c, int day, int *pIs,
                      const char **pzReason, int *pYear){
  const struct calendar_year *p = cal_year_of(c, day, pYear);
  int idx;
  if( p==0 ) return -1;
  idx = day - p->day0;
  switch( p->aKind[idx] ){
    case CAL_OFF:  *pIs = 0; break;
    case CAL_WORK: *pIs = 1; break;
    default:       *pIs = date_weekday(day)<5; break;
  }
  if( pzReason ) *pzReason = p->azReason[idx];
  return 0;
}

int calendar_is_workday(const struct calendar *c, int day, int *pIs,
                        const char **pzReason, struct buf *pErr){
  int year;
  if( cal_lookup(c, day, pIs, pzReason, &year) ){
    cal_error(pErr, "日历未载入%d年的节假日安排，无法计算", year);
    return -1;
  }
  return 0;
}

int calendar_year_text(const struct calendar *c, int year, struct buf *pOut){
  const struct calendar_year *p = 0;
  char zDate[11];
  int i;
  for(i=0; i<c->nYear; i++) if( c->apYear[i]->year==year ) p = c->apYear[i];
  if( p==0 ) return -1;
  buf_puts(pOut, p->zComment);
  for(i=0; i<p->nDay; i++){
    if( p->aKind[i]==CAL_ORDINARY ) continue;
    buf_appendf(pOut, "%s\t%s\t%s\n", date_format(p->day0+i, zDate),
                p->aKind[i]==CAL_OFF ? "off" : "work", p->azReason[i]);
  }
  return 0;
}
