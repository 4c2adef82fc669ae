/*
** permit.h -- 行政许可: the 事项清单 (permit_item) and the applications
** (permit) on the register kernel, their statutory and promised due dates
** on the working-day calendar, the explain view, `fazhi permit due`, the
** public lookup by number and check code.
*/
#ifndef FAZHI_PERMIT_H
#define FAZHI_PERMIT_H

#include "../../common.h"
#include "../../reg/figure.h"
#include "../../reg/reg.h"

struct actor;
struct arena;
struct buf;
struct calendar;
struct req;

extern const struct reg_def permit_item_reg;
extern const struct reg_def permit_reg;
/* Its pauses and 补正 rounds (a child: /permits/:id/pauses). */
extern const struct reg_def permit_pause_reg;
/* 好差评 (permit_rate.c): one rating per application, follow-ups. */
extern const struct reg_def permit_rating_reg;
/* The 好差评 form of the public pages (reg/public.h), in permit_rate.c. */
struct reg_public_rate;
extern const struct reg_public_rate permit_rate_public;
/* The figures and alerts of 行政许可 (permit_fig.c, reg/figure.h). */
extern const struct figure permit_figures[];
extern const struct alert_def permit_alerts[];

void permit_explain_page(struct req *r);
void permit_due_api(struct req *r);
/* Its documents (permit_doc.c, reg/regdoc.h): 受理通知书 … 送达回证 at
** /permits/:id/documents/:kind and `fazhi permit document`. */
struct reg_docs;
extern const struct reg_docs permit_docs;
/* The application page's extras (reg_def.xShowMore): clock and explain
** link; and the clock part alone (permit.c). */
void permit_show(struct req *r, const struct actor *a, const struct reg_rec *rec);
void permit_show_clock(struct req *r, const struct reg_rec *rec);

#endif
