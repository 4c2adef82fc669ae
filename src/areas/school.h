/*
** school.h -- the schools' 法治 registers (法治副校长 people and
** appointments, 学法/普法 activities, checklist templates and items) and
** the figures computed from them as of a date.  Declarations for the
** register kernel (reg/reg.h) plus their rules (school.c).
*/
#ifndef FAZHI_SCHOOL_H
#define FAZHI_SCHOOL_H

#include "../reg/figure.h"
#include "../reg/reg.h"

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
/* Orgs of kind zKind (school, kindergarten) under zLike, and how many of
** them have an appointment in force on zAsOf. */
void vp_coverage(const char *zLike, const char *zKind, const char *zAsOf, int *pnSchool,
                 int *pnCovered);
/* Prepare q: schools and kindergartens under zLike without an appointment
** in force on zAsOf (id, name, kind), in the org order. */
void vp_missing(const char *zLike, const char *zAsOf, struct stmt *q);
/* Prepare q: appointments in force on zAsOf whose term ends within nDays
** and that no later appointment at the school follows (id, school, name,
** term_end), soonest first. */
void vp_ending(const char *zLike, const char *zAsOf, int nDays, struct stmt *q);
/* Schools and kindergartens under zLike, and how many have item zItem
** checked 达标 in zAsOf's year on or before zAsOf. */
void check_rate(const char *zLike, const char *zItem, const char *zAsOf, int *pnSchool,
                int *pnMet);
/* Activities of kind zKind under zLike held in [zFrom, zTo], not voided. */
int activity_count(const char *zLike, const char *zKind, const char *zFrom, const char *zTo);
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
/* A school merged into another (org_set_merge_hook): its 法治副校长
** appointments, activities, checklist items (those the other has not for
** the same year), their evidence and its 考核 scores (likewise) move to
** into; what moved is written to pNote as JSON members.  Returns 0. */
int school_merge(i64 from, i64 into, struct buf *pNote);
/* True for the four campus-safety items (guard closed alarm video). */
bool school_item_is_safety(const char *zItem);
/* fazhi compliance [--as-of D]: the figures above and each
** school's gaps for the actor's scope. */
int compliance_cmd(int argc, char **argv);

/* ---- compliance as of a day (school_web.c) ---- */

#define SCHOOL_MAX_ITEM 16
#define SCHOOL_MAX_LACK 20

/* One school open on the day and what it lacks. */
struct school_row {
  i64 id;
  const char *zName;
  bool bKg;                      /* a kindergarten (else 中小学) */
  bool bVp;                      /* a 法治副校长 in force */
  unsigned mMet, mUnmet;         /* template items (bit k: azItem[k]) 达标 / 未达标 */
  const char *azNote[SCHOOL_MAX_ITEM];  /* the 未达标 notes */
  int nCase;                     /* 以案说法 in the semester to the day */
  int nLack;
  const char *azLackCode[SCHOOL_MAX_LACK];  /* vp, vp_ending, an item code, case_talk */
  const char *azLack[SCHOOL_MAX_LACK];      /* what it lacks, in Chinese */
};
/* Counts of one kind (中小学, 幼儿园). */
struct school_rate {
  int nSchool, nVp, nSafe, nCase;
  int anMet[SCHOOL_MAX_ITEM];
};
struct school_comp {
  const char *zAsOf;
  int year;
  char zSemester[16];            /* "2024秋" */
  int nItem;                     /* the year's template items */
  const char *azItem[SCHOOL_MAX_ITEM];
  struct school_rate aKind[2];   /* [0] 中小学, [1] 幼儿园 */
  int nSchool, nBehind;          /* schools, and those with a lack */
  struct school_row *aSchool;    /* in the org order */
  struct school_idx { i64 id; int i; } *aById;  /* ids and their index in aSchool, by id */
};
/* Compute the compliance of the schools under zLike (of kind zKind, or
** both when NULL) as of zAsOf into p (memory from ar).  -1 on a bad date. */
int school_compliance(struct arena *ar, const char *zLike, const char *zAsOf, const char *zKind,
                      struct school_comp *p);
/* GET /compliance?as_of=&kind=: the page; GET /api/v1/compliance: JSON. */
struct req;
void compliance_page(struct req *r);
void compliance_api(struct req *r);

/* The figures and alerts the registers answer (school_fig.c), for the
** wiring. */
extern const struct figure school_figures[];
extern const struct alert_def school_alerts[];

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
