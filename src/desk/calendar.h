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

/* The calendar in force (cal_current) is core/cal.h's. */
#include "../core/cal.h"
/* Store (add or correct) one year from TSV text, audited.  Returns 0,
** -1 with a message naming the line, or -2 when the actor is not at the
** top of the tree (org_scope_top: the State Council calendar is the same
** for every unit, so only the top administrator changes it). */
int cal_store_year(const struct actor *a, int year, const char *zText, const char *zSource,
                   struct buf *pErr);

/* Correct one day of a loaded year: zDay (YYYY-MM-DD, full-width digits
** folded), zKind "off" (放假) or "work" (调休上班) with its reason, or
** "none" (back to an ordinary day); zNote (why, the notice) is required
** and goes into the audit entry.  Returns 0, or -1 with every problem in e
** naming its field (day kind reason note), or -2 (REG_EDENIED) when the
** actor is not at the top of the tree (as cal_store_year). */
struct reg_err;
int cal_set_day(const struct actor *a, const char *zDay, const char *zKind,
                const char *zReason, const char *zNote, struct reg_err *e);

/* Install the function run inside the transaction of every calendar
** change (after the new year is stored), e.g. recomputing due dates:
** it returns -1 with a message to refuse the change. */
void cal_set_hook(int (*xChanged)(const struct actor *, struct buf *));

void cal_page(struct req *r);
void cal_year_api(struct req *r);
void cal_put_year_api(struct req *r);
void cal_add_days_api(struct req *r);
int cal_cmd(int argc, char **argv);

/* How the audit log shows a calendar year's entries (audit.h). */
extern const struct audit_kind cal_audit_kind;

#endif
