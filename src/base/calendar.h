/*
** calendar.h -- the State Council working-day calendar (工作日).
**
** A working day is Monday to Friday unless the year's notice puts it off
** (放假), or any day the notice makes a working day (调休上班).  Each year
** is data: data/calendar/YYYY.tsv, compiled into the binary, one line
** per special date:
**
**   YYYY-MM-DD <TAB> off|work <TAB> reason
**
** plus "#" comment lines naming the notice and its source.  A year that
** is not loaded is never guessed: every question about a date in it is
** refused with an error message.
**
** A loaded calendar may be read by several threads at once; loading a
** year needs the caller to hold it exclusively.
**
** Errors: functions returning int give 0 on success and -1 on an
** expected failure, appending a Chinese message to *pErr (which may be
** NULL when the caller does not want it).
*/
#ifndef FAZHI_CALENDAR_H
#define FAZHI_CALENDAR_H

#include "../common.h"

struct buf;
struct calendar;

/* An empty calendar (no year loaded); release it with calendar_free(). */
struct calendar *calendar_new(void);
/* Free c and everything it holds. NULL is a no-op. */
void calendar_free(struct calendar *c);

/* Parse the n bytes of one year's TSV text into c.  Every line is
** checked (date real and in that year and not repeated, kind off or
** work, work only on a Saturday or Sunday, reason present); the error
** names the first bad line.  On success the year replaces whatever c
** held for it; on failure c is unchanged. */
int calendar_load_text(struct calendar *c, int year, const char *zText,
                       size_t n, struct buf *pErr);
/* Load every embedded data/calendar/YYYY.tsv.  Returns the number of
** years loaded.  Broken embedded data is a bug and fatal. */
int calendar_load_builtin(struct calendar *c);

/* True when year is loaded. */
bool calendar_has_year(const struct calendar *c, int year);
/* The first and last loaded year, or 0 when none is loaded. */
int calendar_first_year(const struct calendar *c);
int calendar_last_year(const struct calendar *c);

/* Set *pIs to whether day is a working day.  When pzReason is not NULL,
** set *pzReason to the notice's reason for a special date ("春节",
** "国庆节调休上班") or NULL for an ordinary one; the text lives as long
** as the year stays loaded.  Refuses a day whose year is not loaded. */
int calendar_is_workday(const struct calendar *c, int day, int *pIs,
                        const char **pzReason, struct buf *pErr);

/* Counting working days (limits, days left) is core/clock.h's, the one
** walker over this data. */

/* Append year's data as TSV (its comment lines, then one line per
** special date in date order) to pOut.  Returns -1 when year is not
** loaded. */
int calendar_year_text(const struct calendar *c, int year, struct buf *pOut);

#endif
