/*
** t_date.c -- tests of date.c: day numbers, strict parsing, weekdays.
*/
#include "test.h"
#include "../../src/base/date.h"

/* Parse z, which must be valid, and return its day number. */
static int t_day(const char *z){
  int d = INT_MIN;
  if( date_parse(z, &d) ) test_fail(__FILE__, __LINE__, z);
  return d;
}

void test_date(void){
  static const char *const azBad[] = {
    "", "2024-1-01", "2024-01-1", "2024/01/01", "20240101", "2024-02-30",
    "2023-02-29", "1900-02-29", "2024-13-01", "2024-00-10", "2024-04-31",
    "2024-01-00", " 2024-01-01", "2024-01-01 ", "2024-01-01x", "0000-01-01",
    "２０２４-01-01", "+024-01-01", "2024-0a-01",
  };
  char out[11];
  int y, m, d, day = 0;
  size_t i;

  CHECK_INT(t_day("1970-01-01"), 0);
  CHECK_INT(t_day("1970-01-02"), 1);
  CHECK_INT(t_day("1969-12-31"), -1);
  CHECK_INT(t_day("2000-03-01"), 11017);
  CHECK_INT(t_day("2024-02-29"), 19782);
  CHECK_INT(t_day("2000-02-29"), 11016);
  CHECK_STR(date_format(t_day("2024-12-31"), out), "2024-12-31");
  CHECK_STR(date_format(t_day("1880-01-01"), out), "1880-01-01");
  CHECK_STR(date_format(t_day("0001-01-01"), out), "0001-01-01");
  CHECK_STR(date_format(t_day("9999-12-31"), out), "9999-12-31");
  for(i=0; i<COUNT(azBad); i++){
    day = 12345;
    CHECK(date_parse(azBad[i], &day)==-1 && day==12345);
  }
  CHECK(date_parse(0, &day)==-1);

  /* Round trip over 1900..2100, and consecutive day numbers. */
  {
    int nBad = 0, prev = date_from_ymd(1899, 12, 31);
    for(y=1900; y<=2100; y++){
      for(m=1; m<=12; m++){
        for(d=1; d<=date_month_days(y, m); d++){
          int yy, mm, dd, n = date_from_ymd(y, m, d);
          date_ymd(n, &yy, &mm, &dd);
          if( n!=prev+1 || yy!=y || mm!=m || dd!=d ) nBad++;
          prev = n;
        }
      }
    }
    CHECK_INT(nBad, 0);
  }
  CHECK(date_valid(2024, 2, 29));
  CHECK(!date_valid(2025, 2, 29));
  CHECK(!date_valid(2025, 0, 1));
  CHECK_INT(date_month_days(2100, 2), 28);

  /* Weekdays: 0 Monday .. 6 Sunday. */
  CHECK_INT(date_weekday(0), 3);                      /* 1970-01-01 Thu */
  CHECK_INT(date_weekday(-1), 2);                     /* 1969-12-31 Wed */
  CHECK_INT(date_weekday(t_day("2024-09-29")), 6);    /* Sunday */
  CHECK_INT(date_weekday(t_day("2025-09-26")), 4);    /* Friday */
  CHECK_INT(date_weekday(t_day("2026-01-05")), 0);    /* Monday */
  CHECK_STR(date_weekday_name(t_day("2024-09-29")), "星期日");
  CHECK_STR(date_weekday_name(t_day("2024-09-28")), "星期六");
  CHECK_STR(date_weekday_short(t_day("2026-01-05")), "周一");

  /* Today in China: UTC 2024-12-31 16:00 is 2025-01-01 00:00 in Beijing. */
  setenv("FAZHI_NOW", "1735660800", 1);
  CHECK_STR(date_format(date_today(), out), "2025-01-01");
  setenv("FAZHI_NOW", "1735660799", 1);
  CHECK_STR(date_format(date_today(), out), "2024-12-31");
  unsetenv("FAZHI_NOW");
  CHECK(date_today() > t_day("2024-01-01"));
}
