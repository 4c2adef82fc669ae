/*
** school.h -- the schools' 法治 registers (法治副校长 people and
** appointments, 学法/普法 activities, checklist templates and items) and
** the figures computed from them as of a date.  Declarations for the
** register kernel (reg/reg.h) plus their rules (school.c).
*/
#ifndef FAZHI_SCHOOL_H
#define FAZHI_SCHOOL_H

#include "../../reg/figure.h"
#include "../../reg/reg.h"

struct stmt;

extern const struct reg_def vp_person_reg;
extern const struct reg_def vp_appoint_reg;
extern const struct reg_def activity_reg;
extern const struct reg_def check_tmpl_reg;
extern const struct reg_def check_item_reg;

/* The 2-school rule: person personId, appointed at org orgId for
** [zStart, zEnd], beside its other appointments in force (not selfId).
** Returns 0, or -1 with *pzMsg (in ar) when it would serve the same school
** twice at once or more than 2 schools on some day. */
int vp_concurrent_check(i64 personId, i64 selfId, i64 orgId, const char *zStart,
                        const char *zEnd, struct arena *ar, const char **pzMsg);
/* The semester of a date: "2024春" (Feb-Jul), "2024秋" (Aug-Jan). */
void school_semester(const char *zDate, char out[16]);
/* The checklist items' codes and labels (code, label, ..., NULL). */
const char *const *school_item_codes(void);
const char *school_item_label(const char *zItem);
/* Load the demo county's 法治副校长, checklist, activities and 年度考核 (data/demo/,
** compiled in) through the registers' import, all or nothing per file;
** needs the demo orgs.  Returns 0, or -1 with the problems in pErr. */
struct actor;
struct buf;
int school_demo_load(const struct actor *a, struct buf *pErr);
/* A school merged into another (org_set_merge_hook), after the kernel
** moved every register's rows that name it (reg_move_refs: 法治副校长
** appointments, activities, checklist items and 考核 scores but those the
** other has for the same year and item): the evidence files follow their
** checklist items; what moved is written to pNote as JSON members.
** Returns 0. */
int school_merge(i64 from, i64 into, struct buf *pNote);
/* True for the four campus-safety items (guard closed alarm video). */
bool school_item_is_safety(const char *zItem);
/* ---- compliance as of a day, a declared view (school_web.c) ---- */

/* The figure of checklist item zItem's 达标率 ("safety.guard",
** "check.textbook" ...; school_fig.c), or NULL.  A school has met an item
** when that figure counts it: the views read it, never a query of their own. */
const char *school_item_figure(const char *zItem);
/* The 未达标 notes of one school: bit k is school_item_codes()'s k-th code
** found 未达标 in the year on or before the day. */
struct school_check_row {
  unsigned mUnmet;
  const char *azNote[32];        /* the 未达标 notes */
};
/* The checklist of a view's rows: the year's template, each item's
** figure column (per row: 1 when met) and the rows' 未达标 notes. */
struct school_checks {
  int nCode;                     /* the item codes (school_item_codes) */
  int iFirstCol;                 /* the view column of code 0's figure; code k at +k */
  int nTmpl, aiTmpl[32];         /* the codes in the year's template, in the checklist's order */
  struct school_check_row *aRow; /* [row] */
};
struct view_ctx;
struct view_def;
/* Add the hidden figure columns of every checklist item to view c (from
** its xCols); returns the first one's index (code k at +k). */
int school_item_cols(struct view_ctx *c);
/* Fill p for the rows of view c (from its xFill; iFirstCol as
** school_item_cols returned).  Memory from c->ar. */
void school_checks(struct view_ctx *c, int iFirstCol, struct school_checks *p);
/* True when row i of c has met item code k (its figure counts the school). */
bool school_item_met(const struct view_ctx *c, const struct school_checks *p, int i, int k);
/* The compliance view (GET /compliance, /api/v1/compliance, the export,
** `fazhi compliance`). */
extern const struct view_def compliance_view;
/* fazhi compliance: the view's command. */
int compliance_cmd(int argc, char **argv);

/* The figures and alerts the registers answer (school_fig.c), for the
** wiring. */
extern const struct figure school_figures[];
extern const struct alert_def school_alerts[];

/* ---- the checklist's turn of the year (school_year.c) ---- */

/* The home page's items: the coming year's template not yet made
** (check.template, from 1 November), a school's items of this year not
** yet filled in (check.todo). */
void check_template_alert(const struct fig_scope *s, struct arena *ar, struct alert_list *pList);
void check_todo_alert(const struct fig_scope *s, struct arena *ar, struct alert_list *pList);
/* GET/POST /check-year/template?year=Y: a year's template started from
** the latest year's in one action. */
void check_year_template_page(struct req *r);
/* GET/POST /check-year?year=&org_id=: 本年度检查项目, every item of the
** year's template at one school, each filled in on the spot. */
void check_year_page(struct req *r);
/* POST /api/v1/check-year/template?year=Y: the same, 201 {year, from,
** items}; 409 when the year has a template, 422 when none can be copied. */
void check_year_template_api(struct req *r);
/* fazhi check-template next-year [--year Y], the rest as the kernel's. */
int check_template_cmd(int argc, char **argv);

/* ---- evidence files of checklist items (evidence.c) ---- */

struct reg_rec;
/* Attach the file zTmp (n bytes, SM3 zHex: a streamed upload's temporary
** file in <data>/tmp) named zName to checklist item itemId: its type
** sniffed (photo, PDF, Word/Excel, video), put into the file store
** (core/files.h), a row, its file_ref and an audit entry in one
** transaction.  Returns 0 with *pId, or -1 with the error in e (kinds as
** the kernel's; zTmp is then left to the caller). */
int evidence_add(const struct actor *a, i64 itemId, const char *zName, const char *zTmp,
                 i64 n, const char *zHex, i64 *pId, struct reg_err *e);
/* The upload cap of the evidence routes (2 GB: a recorder's video). */
void evidence_cap(struct req *r);
/* The record page's 证明材料 section (check_item_reg.xShowMore). */
void evidence_section(struct req *r, const struct actor *a, const struct reg_rec *pRec);
/* POST /check-items/:id/evidence and /api/v1/...: upload (multipart field
** "file", or the API's raw body with ?name=); GET .../evidence/:eid:
** download; GET /api/v1/check-items/:id/evidence: the list. */
void evidence_upload_page(struct req *r);
void evidence_download_page(struct req *r);
void evidence_list_api(struct req *r);
/* fazhi evidence list|add|get|verify. */
int evidence_cmd(int argc, char **argv);

#endif
