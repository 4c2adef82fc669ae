/*
** task.h -- the 年度工作安排 register: next year's tasks, each with its
** responsible 股室 and person, due date and status (task.c).
*/
#ifndef FAZHI_TASK_H
#define FAZHI_TASK_H

#include "../../reg/reg.h"

extern const struct reg_def task_reg;

#endif
