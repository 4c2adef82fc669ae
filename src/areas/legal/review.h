/*
** review.h -- 合法性审核 (review.c), 规范性文件 (normdoc.c) and 重大行政决策
** (decision.c): declarations for the register kernel (reg/reg.h), their
** figures (legal2_fig.c).  The demo county's steps go through the kernel's
** reg_demo_steps (data/demo/legality-2024-steps.csv).
*/
#ifndef FAZHI_REVIEW_H
#define FAZHI_REVIEW_H

#include "../../reg/reg.h"
#include "../../reg/figure.h"

struct buf;

extern const struct reg_def review_reg;
extern const struct reg_def review_round_reg;   /* its revision rounds (child "rounds") */
extern const struct reg_def normdoc_reg;
extern const struct reg_def decision_reg;
extern const struct figure legality_figures[];
extern const struct alert_def legality_alerts[];

/* The working days a review of kind zKind (contract, normdoc, decision,
** enforcement) has: setting review.days.<kind>, else the default. */
int review_days(const char *zKind);

/* The adviser record page's extras: the adviser's reviews and, per year,
** the evaluation (reviews done, on time, by outcome). */
void review_show_adviser(struct req *r, const struct actor *a, const struct reg_rec *pRec);

/* The adviser's yearly evaluation, a view keyed by adviser (reg/view.h):
** /adviser-evaluation, its JSON and export, fazhi adviser-eval. */
struct view_def;
extern const struct view_def adviser_eval_view;
int adviser_eval_cmd(int argc, char **argv);

#endif
