/*
** dashboard.h -- the home page (the year's figures, charts, alerts) and
** the outlets of the figure registry: the figures API and command, and the
** list of the records behind a figure.
*/
#ifndef FAZHI_DASHBOARD_H
#define FAZHI_DASHBOARD_H

#include "../common.h"

struct req;

/* GET /: the year at a glance for the user's scope (?year= ?as_of= ?org=). */
void dashboard_page(struct req *r);
/* GET /figures/:key?year=&as_of=&org=: the records a figure counts. */
void figure_records_page(struct req *r);
/* GET /api/v1/figures?year=&as_of=&org=: every figure with its ids. */
void figures_api(struct req *r);
/* fazhi figures --year Y [--as-of D] [--org ORG] [--format json|csv]. */
int figures_cmd(int argc, char **argv);

#endif
