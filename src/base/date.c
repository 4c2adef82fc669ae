/*
** date.c -- day numbers, ISO dates and weekdays.
**
** The conversions are Howard Hinnant's days_from_civil/civil_from_days,
** which work in 400-year eras and need no tables.
*/
#include "../common.h"
#include "date.h"
#include "util.h"

bool date_is_leap(int y){
  return (y%4==0 && y%100!=0) || y%400==0;
}

int date_month_days(int y, int m){
  static const int aDays[12] = {31,28,31,30,31,30,31,31,30,31,30,31};
  if( m<1 || m>12 ) return 0;
  if( m==2 && date_is_leap(y) ) return 29;
  return aDays[m-1];
}

bool date_valid(int y, int m, int d){
  if( y<DATE_MIN_YEAR || y>DATE_MAX_YEAR ) return false;
  if( m<1 || m>12 ) return false;
  return d>=1 && d<=date_month_days(y, m);
}

int date_from_ymd(int y, int m, int d){
  int era, yoe, doy, doe;
  assert( date_valid(y, m, d) );
  y -= m<=2;
  era = (y>=0 ? y : y-399)/400;
  yoe = y - era*400;
  doy = (153*(m + (m>2 ? -3 : 9)) + 2)/5 + d - 1;
  doe = yoe*365 + yoe/4 - yoe/100 + doy;
  return era*146097 + doe - 719468;
}

void date_ymd(int day, int *pY, int *pM, int *pD){
  int z = day + 719468;
  int era = (z>=0 ? z : z-146096)/146097;
  int doe = z - era*146097;
  int yoe = (doe - doe/1460 + doe/36524 - doe/146096)/365;
  int y = yoe + era*400;
  int doy = doe - (365*yoe + yoe/4 - yoe/100);
  int mp = (5*doy + 2)/153;
  int d = doy - (153*mp + 2)/5 + 1;
  int m = mp<10 ? mp+3 : mp-9;
  if( m<=2 ) y++;
  if( pY ) *pY = y;
  if( pM ) *pM = m;
  if( pD ) *pD = d;
}

/* Value of n ASCII digits at z, or -1 if any is not a digit. */
static int date_digits(const char *z, int n){
  int i, v = 0;
  for(i=0; i<n; i++){
    if( z[i]<'0' || z[i]>'9' ) return -1;
    v = v*10 + (z[i]-'0');
  }
  return v;
}

int date_parse(const char *zIso, int *pDay){
  int y, m, d;
  if( zIso==0 || strlen(zIso)!=10 ) return -1;
  if( zIso[4]!='-' || zIso[7]!='-' ) return -1;
  y = date_digits(zIso, 4);
  m = date_digits(zIso+5, 2);
  d = date_digits(zIso+8, 2);
  if( y<0 || m<0 || d<0 || !date_valid(y, m, d) ) return -1;
  *pDay = date_from_ymd(y, m, d);
  return 0;
}

char *date_format(int day, char out[11]){
  int y, m, d;
  date_ymd(day, &y, &m, &d);
  if( y<0 ) y = 0;
  if( y>9999 ) y = 9999;
  snprintf(out, 11, "%04d-%02d-%02d", y, m, d);
  return out;
}

int date_weekday(int day){
  /* 1970-01-01 was a Thursday (3). */
  int w = (day + 3) % 7;
  return w<0 ? w+7 : w;
}

const char *date_weekday_name(int day){
  static const char *const az[7] = {
    "星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日"
  };
  return az[date_weekday(day)];
}

const char *date_weekday_short(int day){
  static const char *const az[7] = {
    "周一", "周二", "周三", "周四", "周五", "周六", "周日"
  };
  return az[date_weekday(day)];
}

int date_today(void){
  i64 t = time_now() + 8*3600;
  i64 d = t/86400;
  if( t%86400<0 ) d--;
  return (int)d;
}
