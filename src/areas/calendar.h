/*
** calendar.h -- the working-day calendar as the bureau uses it: the
** built-in State Council years plus the years an administrator entered
** or corrected (table calendar_year), pages, API and commands.
*/
#ifndef FAZHI_CAL_AREA_H
#define FAZHI_CAL_AREA_H

#include "../common.h"

struct actor;
struct buf;
struct calendar;
struct req;

/* The calendar in force: built-in years, then stored years replacing
** them.  The caller frees it with calendar_free(). */
struct calendar *cal_current(void);
/* Store (add or correct) one year from TSV text, audited.  Returns 0,
** -1 with a message naming the line, or -2 when the actor is not at the
** top of the tree (org_scope_top: the State Council calendar is the same
** for every unit, so only the top administrator changes it). */
int cal_store_year(const struct actor *a, int year, const char *zText, const char *zSource,
                   struct buf *pErr);

void cal_page(struct req *r);
void cal_year_api(struct req *r);
void cal_put_year_api(struct req *r);
void cal_add_days_api(struct req *r);
int cal_cmd(int argc, char **argv);

#endif
