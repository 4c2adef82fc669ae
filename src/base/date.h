/*
** date.h -- calendar dates as day numbers (days since 1970-01-01).
**
** A date is an int: 0 is 1970-01-01, 1 is 1970-01-02, -1 is 1969-12-31.
** The proleptic Gregorian calendar is used throughout; dates are civil
** dates in China (UTC+8), never instants.  Years 1..9999 are supported.
*/
#ifndef FAZHI_DATE_H
#define FAZHI_DATE_H

#include "../common.h"

#define DATE_MIN_YEAR 1
#define DATE_MAX_YEAR 9999

/* True when y-m-d is a real calendar date within the supported years. */
bool date_valid(int y, int m, int d);
/* Days in month m (1..12) of year y. */
int date_month_days(int y, int m);
/* True when y is a leap year. */
bool date_is_leap(int y);

/* The day number of y-m-d, which must be a real date (date_valid). */
int date_from_ymd(int y, int m, int d);
/* Split a day number into year, month (1..12) and day (1..31).
** Any of the pointers may be NULL. */
void date_ymd(int day, int *pY, int *pM, int *pD);

/* Parse strict ISO "YYYY-MM-DD" (exactly ten characters, a real date).
** Returns 0 and sets *pDay, or -1 and leaves *pDay alone. */
int date_parse(const char *zIso, int *pDay);
/* Write day as "YYYY-MM-DD" and a NUL into out; returns out. */
char *date_format(int day, char out[11]);

/* Day of the week: 0 Monday, 1 Tuesday ... 5 Saturday, 6 Sunday. */
int date_weekday(int day);
/* Chinese name of day's weekday: "星期一" ... "星期日" (static text). */
const char *date_weekday_name(int day);
/* Short Chinese name of day's weekday: "周一" ... "周日" (static text). */
const char *date_weekday_short(int day);

/* Today's date in China (UTC+8), from time_now(). */
int date_today(void);

#endif
