/*
** lawcase.h -- 行政复议 and 行政诉讼 where the bureau is the respondent or
** defendant, and the 法规股's year confirmations that make a zero a fact
** (lawcase.c).
*/
#ifndef FAZHI_LAWCASE_H
#define FAZHI_LAWCASE_H

#include "../../reg/reg.h"

extern const struct reg_def lawcase_reg;
extern const struct reg_def lawcase_year_reg;

/* fazhi lawcase ...: `confirm --year Y --count N [--as-of D]` records a
** confirmation (lawcase_year add); the rest is the kernel's command. */
int lawcase_cmd(int argc, char **argv);

#endif
