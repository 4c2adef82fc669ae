/*
** insp_fig.c -- the figures of "双随机、一公开" (reg/figure.h), declared by
** kind: the plans of the year (by type: 跨部门联合 / 部门内), the draws in
** force (a superseded draw does not count; its re-draw does), the targets
** they drew, and the re-draws.  Plans count by their window's first day,
** draws by their own 抽签日期, from the year's first day to the as-of day.
**
** The report's sentence 「共完成跨部门联合检查N次，部门内检查M次」 counts
** inspections done: inspection records (insp_rec.c) whose on-site
** inspection is recorded (state 已检查 or later, not voided), by their
** 检查日期 and their plan's type (inspect.joint / inspect.internal); a draw
** is not an inspection.  Of those: the share with a 我要执法 filing number,
** the share with a recorder entry (a file in the store or the SM3 of a
** video kept on the recorder), the problems found, the rectifications
** done on time (re-checked as rectified, rectified no later than the due
** day), and the targets inspected more often in the year than the setting
** inspect.cap_per_year allows.
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

#define REC_FROM "insp_record t JOIN org o ON o.id=t.org_id JOIN insp_target g ON g.id=t.target_id"
#define REC_DONE "t.void_reason IS NULL AND t.status IN ('inspected','rectifying','rechecked','closed')"
#define REC_DETAIL "coalesce(t.number, '') || ' · ' || CASE t.insp_type WHEN 'joint' THEN" \
  " '跨部门联合' ELSE '部门内' END || ' · 检查日期 ' || t.inspect_on"
#define REC_KNOWN "SELECT 1 FROM insp_plan t JOIN org o ON o.id=t.org_id" \
  " WHERE o.path LIKE ?1 AND t.void_reason IS NULL AND t.window_start<=?2"
#define REC_DECL(eK, zFilter, zM) { \
  .eKind = eK, .zFrom = REC_FROM, .zDate = "t.inspect_on", \
  .zWhere = REC_DONE " AND " zFilter, .zMatch = zM, .zId = "t.id", .zName = "g.name", \
  .zDetail = REC_DETAIL, .zOrg = "t.org_id", .zDue = "t.inspect_on", \
  .zOrder = "t.inspect_on, t.id", .zKnown = REC_KNOWN }
/* a recorder entry: a file in the store, or the SM3 of a video kept on the recorder */
#define REC_MEDIA "EXISTS (SELECT 1 FROM insp_media m WHERE m.record_id=t.id" \
  " AND m.void_reason IS NULL AND m.kind IN ('video','audio')" \
  " AND (m.file IS NOT NULL OR m.sm3 IS NOT NULL))"
/* rectified on time: re-checked as rectified by the as-of day, no later than due */
#define REC_ONTIME "t.recheck_result='done' AND t.rectified_on IS NOT NULL" \
  " AND t.rectified_on<=?2 AND t.rectified_on<=t.rectify_due"

static const struct fig_decl dDone = REC_DECL(FIG_COUNT, "1=1", 0);
static const struct fig_decl dJoint = REC_DECL(FIG_COUNT, "t.insp_type='joint'", 0);
static const struct fig_decl dInternal = REC_DECL(FIG_COUNT, "t.insp_type='internal'", 0);
static const struct fig_decl dFiling = REC_DECL(FIG_RATE, "1=1", "t.filing_no IS NOT NULL");
static const struct fig_decl dRecorder = REC_DECL(FIG_RATE, "1=1", REC_MEDIA);
static const struct fig_decl dProblems = REC_DECL(FIG_COUNT, "t.conclusion='problem'", 0);
static const struct fig_decl dOnTime = REC_DECL(FIG_RATE, "t.rectify_on IS NOT NULL", REC_ONTIME);
static const struct fig_decl dOverCap = {
  .eKind = FIG_COUNT, .zFrom = "insp_target g JOIN org o ON o.id=g.org_id",
  .zWhere = "g.void_reason IS NULL AND (SELECT count(*) FROM insp_record t WHERE t.target_id=g.id"
            " AND " REC_DONE " AND t.inspect_on>=?3 AND t.inspect_on<=?2)"
            " > coalesce((SELECT CAST(v AS INTEGER) FROM setting WHERE k='inspect.cap_per_year'), 1)",
  .zId = "g.id", .zName = "g.name", .zOrg = "g.org_id", .zOrder = "g.id",
  .zKnown = REC_KNOWN,
};

const struct figure insp_figures[] = {
  { "inspect.done", "完成检查次数", "次",
    "检查日期在本年度内、不晚于数据截至日期、已记录现场检查（已检查、整改中、已复查或已办结）且未作废的检查记录",
    "insp_record", .pDecl = &dDone },
  { "inspect.joint", "跨部门联合检查次数", "次",
    "其中所属抽查计划为跨部门联合的检查记录", "insp_record", .pDecl = &dJoint },
  { "inspect.internal", "部门内检查次数", "次",
    "其中所属抽查计划为部门内的检查记录", "insp_record", .pDecl = &dInternal },
  { "inspect.filing_rate", "我要执法备案率", "%",
    "完成的检查中填写了“我要执法”备案号的比例", "insp_record", .pDecl = &dFiling,
    .bDetail = true },
  { "inspect.recorder_rate", "执法记录仪记录率", "%",
    "完成的检查中有执法记录仪视频或录音（已上传，或登记了记录仪内视频的SM3）的比例",
    "insp_record", .pDecl = &dRecorder, .bDetail = true },
  { "inspect.problems", "发现问题的检查次数", "次",
    "完成的检查中检查结论为发现问题的", "insp_record", .pDecl = &dProblems, .bDetail = true },
  { "inspect.rectified_ontime", "按期整改率", "%",
    "责令整改的检查中，不晚于整改截止日期完成整改并经复查确认整改到位的比例",
    "insp_record", .pDecl = &dOnTime, .bDetail = true },
  { "inspect.over_cap", "超过年度检查次数上限的对象数", "个",
    "本年度完成检查次数超过系统设置“同一检查对象每年检查次数上限”的检查对象", "insp_target",
    .pDecl = &dOverCap, .bDetail = true },
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
