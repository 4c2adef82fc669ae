/*
** dashboard.h -- the home page (the year's figures, charts, alerts) and
** the outlets of the figure registry: the figures API and command, and the
** list of the records behind a figure.
*/
#ifndef FAZHI_DASHBOARD_H
#define FAZHI_DASHBOARD_H

#include "../common.h"

struct req;

/* GET /: the home page of the user's role: what waits for the user, the
** role's headline figures against their targets, the rest of the alerts
** (?year= ?as_of= ?org=). */
void dashboard_page(struct req *r);
/* GET /figures?year=&as_of=&org=: every figure with a value, as cards. */
void figures_page(struct req *r);
/* GET/POST /home-figures?role=CODE: the administrator's choice of each
** role's headline figures and targets (table home_figure). */
void home_figures_page(struct req *r);
/* GET /figures/:key?year=&as_of=&org=: the records a figure counts. */
void figure_records_page(struct req *r);
/* GET /api/v1/figures?year=&as_of=&org=: every figure with its ids. */
void figures_api(struct req *r);
/* fazhi figures --year Y [--as-of D] [--org ORG] [--format json|csv]. */
int figures_cmd(int argc, char **argv);

#endif
