/*
** insp.h -- "双随机、一公开": the 一单两库 (抽查事项清单 insp_item_reg,
** 检查对象名录库 insp_target_reg, 执法检查人员名录库 insp_person_reg), the
** 回避 register (insp_conflict_reg), the plans (insp_plan_reg) and the
** replayable draws (insp_draw_reg, draw.c).  Declarations for the register
** kernel (reg/reg.h) plus the rules no declaration can hold.
*/
#ifndef FAZHI_INSP_H
#define FAZHI_INSP_H

#include "../../reg/reg.h"
#include "../../reg/figure.h"


struct buf;
struct actor;
struct req;
struct arena;

extern const struct reg_def insp_item_reg;
extern const struct reg_def insp_target_reg;
extern const struct reg_def insp_person_reg;
extern const struct reg_def insp_conflict_reg;
extern const struct reg_def insp_plan_reg;
extern const struct reg_def insp_draw_reg;
/* The drawn tasks, a child of the draw (draw_reg.c). */
extern const struct reg_def insp_task_reg;
/* The inspection record of a drawn task and its children: the inspectors
** present, the result per checklist item, the recorder files and photos
** (insp_rec.c). */
extern const struct reg_def insp_record_reg;
extern const struct reg_def insp_member_reg;
extern const struct reg_def insp_result_reg;
extern const struct reg_def insp_media_reg;

/* The checklist of plan planId: the 检查内容 of its item split at 、 ；
** ; and line ends, each item trimmed (in ar).  Returns the count. */
int insp_checklist(i64 planId, struct arena *ar, const char ***pazItem);
/* The inspectors present on record recordId: one REG_EGATE error in e
** per inspector whose certificate is not valid on day zDay (expired
** before it, or revoked or suspended on or before it), and one when fewer
** than 2 are valid.  zDay NULL: every inspector counts.  Returns the
** number valid. */
int insp_members_gate(i64 recordId, const char *zDay, struct arena *ar, struct reg_err *e);
/* The figures (insp_fig.c). */
extern const struct figure insp_figures[];

/* The partner department named z (an org of kind dept at a root), its id,
** or 0. */
i64 insp_partner_id(const char *z);

/* The demo county's draws (plan title, day, seed per line after a
** header), each created in turn as `fazhi draw run` would.  Returns 0, or
** -1 with the line and the problem in pErr. */
int draw_demo_load(const struct actor *a, const char *zCsv, size_t n, struct buf *pErr);

/* The demo county's 2024 inspection records (data/demo/insp-records-2024.csv:
** task, operation, fields per line after a header), each line taken as a
** user would.  Returns 0, or -1 with the line and the problem in pErr. */
int insp_demo_records(const struct actor *a, const char *zCsv, size_t n, struct buf *pErr);

/* fazhi draw list|show|run|verify|lists ... */
int draw_cmd(int argc, char **argv);
/* Recompute draw id from its record and the registers as they stood: 0
** when it matches; 1 when it does not, with each differing list or the
** result named in pOut (one line each); -1 when the draw is unknown. */
int draw_verify(i64 id, struct buf *pOut);
/* GET /api/v1/draws/:id/verify and the record page's check. */
void draw_verify_api(struct req *r);
void draw_verify_page(struct req *r);

#endif
