/*
** deadline_alert.h -- a register's declared deadlines (reg.h struct
** reg_deadline) as dashboard alerts (figure.h), from the declaration.
*/
#ifndef FAZHI_DEADLINE_ALERT_H
#define FAZHI_DEADLINE_ALERT_H

#include "reg.h"

struct fig_scope;
struct alert_list;
struct arena;

/* Add to pList, for every live row of d in s's scope and every listed
** deadline running in its state: overdue on s's as-of day (ALERT_OVERDUE),
** or due within nWithin working days (ALERT_SOON); each item names the
** register, the record's title, the deadline and the due day, and links
** to the record. */
void reg_deadline_alerts(const struct reg_def *d, const struct fig_scope *s, struct arena *ar,
                         struct alert_list *pList, i64 nWithin);

#endif
