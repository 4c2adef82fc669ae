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
/* 好差评 (permit_rate.c): one rating per application, follow-ups. */
extern const struct reg_def permit_rating_reg;
/* The 好差评 form of the public pages (reg/public.h), in permit_rate.c. */
struct reg_public_rate;
extern const struct reg_public_rate permit_rate_public;
/* The figures and alerts of 行政许可 (permit_fig.c, reg/figure.h). */
extern const struct figure permit_figures[];
extern const struct alert_def permit_alerts[];

/* A span of days that do not count (a 第四十五条 pause), both ends
** included; end 0 = still open. */
struct permit_pause { int start, end; const char *zKind; };

/* Set *pDue to the n-th working day after start (start excluded) that
** lies in no pause.  Appends a line per day walked to pExplain (when not
** NULL).  Refuses (-1, message in pErr) past the last loaded year or
** when a pause is still open. */
int permit_add_workdays(const struct calendar *c, int start, int n,
                        const struct permit_pause *aP, int nP, int *pDue,
                        struct buf *pExplain, struct buf *pErr);
/* Set *pDue to the end of a period of nMonth months from start (民法典
** 第二百零二条: the same day of the month, else the month's last day),
** moved on by the calendar days of the pauses and then to the next
** working day when it is not one.  Returns as permit_add_workdays. */
int permit_add_months(const struct calendar *c, int start, int nMonth,
                      const struct permit_pause *aP, int nP, int *pDue,
                      struct buf *pExplain, struct buf *pErr);

/* Recompute the due dates of every open application in the current
** transaction (after a calendar change), each change audited with its
** old and new values.  Returns the number changed, or -1. */
int permit_recompute_open(const struct actor *a, struct buf *pErr);

void permit_explain_page(struct req *r);
void permit_due_api(struct req *r);
/* The demo county's steps for its imported applications: CSV text with a
** header, then 申请人,补正告知日期,补正日期,受理日期,grant|deny,决定日期,
** 送达日期,办结日期 per line (plain cells, no quotes).  Returns 0, or -1
** with the line and the refusal in pErr. */
int permit_demo_steps(const struct actor *a, const char *zCsv, size_t n, struct buf *pErr);
/* Write document zKind (accept correction reject extend grant deny
** receipt) of application id, as the actor sees it, in zFormat (docx or
** pdf) to pOut.  Returns 0, or -1 with the error in e (not found outside
** the scope; conflict when the application has no such document yet). */
int permit_document(const struct actor *a, i64 id, const char *zKind, const char *zFormat,
                    struct buf *pOut, struct reg_err *e);
void permit_document_page(struct req *r);
void permit_document_api(struct req *r);
/* fazhi permit document ID --kind K --format docx|pdf [-o FILE] */
int permit_document_cmd(int argc, char **argv);
/* The application page's extras (reg_def.xShowMore): clock, explain link,
** documents; and the clock part alone (permit.c). */
void permit_show(struct req *r, const struct actor *a, const struct reg_rec *rec);
void permit_show_clock(struct req *r, const struct reg_rec *rec);
/* fazhi permit ...: the kernel's command plus `due` and `explain`. */
int permit_cmd(int argc, char **argv);

#endif
