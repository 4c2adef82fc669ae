/*
** cal.h -- the working-day calendar in force (cal.c), for every register
** that counts working days.
*/
#ifndef FAZHI_CORE_CAL_H
#define FAZHI_CORE_CAL_H

#include "../common.h"

struct calendar;

/* The calendar in force: built-in years, then stored years replacing
** them.  The caller frees it with calendar_free(). */
struct calendar *cal_current(void);

#endif
