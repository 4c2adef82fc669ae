/*
** assess.h -- 年度考核 of the schools: the items of a year (assess_item),
** the scores entered per school (assess_score), and the ranked table
** computed from them and the schools' registers (assess.c), a view.
*/
#ifndef FAZHI_ASSESS_H
#define FAZHI_ASSESS_H

#include "../../reg/reg.h"

extern const struct reg_def assess_item_reg;
extern const struct reg_def assess_score_reg;

/* One item of the year, a column of the table. */
struct assess_col {
  i64 id;
  const char *zName;
  int weight;                    /* 分值 */
  bool bPufa;                    /* a 普法 item */
  const char *zSource, *zSourceLabel;   /* manual, vp, safety, ... */
};
struct view_def;
/* The ranked table of a year, a declared view (reg/view.h): GET
** /assessment?year=&as_of=&kind=&sort=&page=, its export (/assessment/export
** and /api/v1/assessment/export ?format=xlsx|csv), GET /api/v1/assessment
** (limit, offset) and the command. */
extern const struct view_def assess_view;
/* fazhi assessment --year Y [--as-of D] [--kind K] [--format csv|xlsx|json|text] [-o FILE]. */
int assess_cmd(int argc, char **argv);

#endif
