/*
** legal_fig.h -- the figures and alerts of the disputes, 复议/诉讼 cases
** and the 年度工作安排 (legal_fig.c), handed to the registry by routes.c.
*/
#ifndef FAZHI_LEGAL_FIG_H
#define FAZHI_LEGAL_FIG_H

#include "../../reg/figure.h"

extern const struct figure legal_figures[];
extern const struct alert_def legal_alerts[];

#endif
