/*
** insp_fig.c -- the figures of "双随机、一公开" (reg/figure.h), declared by
** kind: the plans of the year (by type: 跨部门联合 / 部门内), the draws in
** force (a superseded draw does not count; its re-draw does), the targets
** they drew, and the re-draws.  Plans count by their window's first day,
** draws by their own 抽签日期, from the year's first day to the as-of day.
**
** The report's sentence 「共完成跨部门联合检查N次，部门内检查M次」 counts
** inspections done (inspect.joint / inspect.internal); a draw is not an
** inspection, so these figures do not fill it.  TODO(kernel): the
** inspection records (the second half of issue 17) declare those two.
*/
#include "../../common.h"
#include "../../reg/figure.h"
#include "insp.h"

#define PLAN_FROM "insp_plan t JOIN org o ON o.id=t.org_id JOIN insp_item i ON i.id=t.item_id"
#define PLAN_DETAIL "i.name || ' · ' || CASE t.type WHEN 'joint' THEN '跨部门联合（' ||" \
  " coalesce(t.partners, '') || '）' ELSE '部门内' END || ' · ' || t.window_start || ' 至 ' ||" \
  " t.window_end"
#define PLAN_KNOWN "SELECT 1 FROM insp_plan t JOIN org o ON o.id=t.org_id" \
  " WHERE o.path LIKE ?1 AND t.void_reason IS NULL AND t.window_start<=?2"
#define PLAN_DECL(zFilter) { \
  .eKind = FIG_COUNT, .zFrom = PLAN_FROM, .zDate = "t.window_start", \
  .zWhere = "t.void_reason IS NULL AND " zFilter, .zId = "t.id", .zName = "t.title", \
  .zDetail = PLAN_DETAIL, .zOrg = "t.org_id", .zDue = "t.window_end", \
  .zOrder = "t.window_start, t.id", .zKnown = PLAN_KNOWN }

#define DRAW_FROM "insp_draw t JOIN org o ON o.id=t.org_id JOIN insp_plan p ON p.id=t.plan_id"
#define DRAW_DETAIL "'抽签日期 ' || t.drawn_on || ' · 候选对象 ' || t.n_targets ||" \
  " ' · 抽中 ' || t.n_drawn || ' · 种子 ' || coalesce(t.seed, '')"
#define DRAW_KNOWN "SELECT 1 FROM insp_plan t JOIN org o ON o.id=t.org_id" \
  " WHERE o.path LIKE ?1 AND t.void_reason IS NULL AND t.window_start<=?2"
#define DRAW_DECL(eK, zFilter, zVal) { \
  .eKind = eK, .zFrom = DRAW_FROM, .zDate = "t.drawn_on", \
  .zWhere = "t.void_reason IS NULL AND " zFilter, .zId = "t.id", .zName = "p.title", \
  .zDetail = DRAW_DETAIL, .zOrg = "t.org_id", .zDue = "t.drawn_on", .zValue = zVal, \
  .zOrder = "t.drawn_on, t.id", .zKnown = DRAW_KNOWN }

static const struct fig_decl dPlans = PLAN_DECL("1=1");
static const struct fig_decl dPlansJoint = PLAN_DECL("t.type='joint'");
static const struct fig_decl dPlansInternal = PLAN_DECL("t.type='internal'");
static const struct fig_decl dDraws = DRAW_DECL(FIG_COUNT, "t.status='valid'", 0);
static const struct fig_decl dDrawsJoint = DRAW_DECL(FIG_COUNT,
  "t.status='valid' AND p.type='joint'", 0);
static const struct fig_decl dDrawsInternal = DRAW_DECL(FIG_COUNT,
  "t.status='valid' AND p.type='internal'", 0);
static const struct fig_decl dDrawn = DRAW_DECL(FIG_SUM, "t.status='valid'", "t.n_drawn");
static const struct fig_decl dRedraws = DRAW_DECL(FIG_COUNT, "t.replaces IS NOT NULL", 0);

const struct figure insp_figures[] = {
  { "inspect.plans", "双随机抽查计划数", "个",
    "抽查计划中检查开始日期在本年度内、不晚于数据截至日期、未作废的计划", "insp_plan",
    .pDecl = &dPlans },
  { "inspect.plans_joint", "跨部门联合抽查计划数", "个",
    "其中检查类型为跨部门联合的计划", "insp_plan", .pDecl = &dPlansJoint, .bDetail = true },
  { "inspect.plans_internal", "部门内抽查计划数", "个",
    "其中检查类型为部门内的计划", "insp_plan", .pDecl = &dPlansInternal, .bDetail = true },
  { "inspect.draws", "双随机抽签次数", "次",
    "抽签日期在本年度内、不晚于数据截至日期的现行抽签记录（已被重新抽签替代的不计，其重新抽签计入）",
    "insp_draw", .pDecl = &dDraws },
  { "inspect.draws_joint", "跨部门联合抽签次数", "次",
    "其中所属计划为跨部门联合的抽签", "insp_draw", .pDecl = &dDrawsJoint, .bDetail = true },
  { "inspect.draws_internal", "部门内抽签次数", "次",
    "其中所属计划为部门内的抽签", "insp_draw", .pDecl = &dDrawsInternal, .bDetail = true },
  { "inspect.drawn_targets", "抽中检查对象数", "个",
    "现行抽签记录抽中的检查对象数之和", "insp_draw", .pDecl = &dDrawn },
  { "inspect.redraws", "重新抽签次数", "次",
    "替代了原抽签记录的重新抽签（原记录保留可查）", "insp_draw", .pDecl = &dRedraws, .bDetail = true },
  { 0 }
};
