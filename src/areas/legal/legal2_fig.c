/*
** legal2_fig.c -- the figures of 合法性审核, 规范性文件 and 重大行政决策
** (reg/figure.h), all declared by kind: reviews completed in the year up
** to the as-of day (all, by kind, by outcome, by a 法律顾问, on time),
** 规范性文件 issued, cleared and repealed, the decisions made, the share
** of them that passed every statutory step, and the year's 决策事项目录.
**
** Every figure counts by the records' own dates (reviewed_on,
** published_on, cleared_on, repealed_on, decided_on); voided rows never
** count.  A zero is known once the register holds a record of that kind
** up to the day.  The alert: open reviews near or past their due date.
*/
#include "../../common.h"
#include "../../base/arena.h"
#include "../../base/calendar.h"
#include "../../base/date.h"
#include "../../store/db.h"
#include "../../core/app.h"
#include "../../core/cal.h"
#include "../../core/clock.h"
#include "../../reg/figure.h"
#include "review.h"

/* ---- 合法性审核 ---- */

#define RV_FROM "review r JOIN org o ON o.id=r.office_id"
#define RV_DETAIL "CASE r.kind WHEN 'contract' THEN '合同' WHEN 'normdoc' THEN '规范性文件'" \
  " WHEN 'decision' THEN '重大行政决策' ELSE '重大执法决定' END ||" \
  " ' · 送审 ' || r.submitted_on || ' · 期限 ' || coalesce(r.due_on, '—') ||" \
  " ' · 审核 ' || coalesce(r.reviewed_on, '—') || ' · ' ||" \
  " CASE r.opinion WHEN 'legal' THEN '合法' WHEN 'amend' THEN '修改后合法'" \
  " WHEN 'illegal' THEN '不合法' ELSE '退回修改' END"
#define RV_ANY "SELECT 1 FROM review r JOIN org o ON o.id=r.office_id" \
  " WHERE o.path LIKE ?1 AND r.voided_at IS NULL AND r.submitted_on<=?2"
/* A review concluded (合法, 修改后合法 or 不合法) in the year up to the day. */
#define RV_DONE "r.voided_at IS NULL AND r.opinion IS NOT NULL"

#define RV_DECL(eK, zFilter, zMatchIf) { \
  .eKind = eK, .zFrom = RV_FROM, .zDate = "r.reviewed_on", \
  .zWhere = RV_DONE " AND " zFilter, .zMatch = zMatchIf, \
  .zId = "r.id", .zName = "r.title", .zDetail = RV_DETAIL, .zOrg = "r.office_id", \
  .zDue = "r.reviewed_on", .zOrder = "r.reviewed_on, r.id", \
  .zKnown = eK==FIG_COUNT ? RV_ANY : 0 }

static const struct fig_decl dReviewed = RV_DECL(FIG_COUNT, "1=1", 0);
static const struct fig_decl dContract = RV_DECL(FIG_COUNT, "r.kind='contract'", 0);
static const struct fig_decl dNormKind = RV_DECL(FIG_COUNT, "r.kind='normdoc'", 0);
static const struct fig_decl dDecKind = RV_DECL(FIG_COUNT, "r.kind='decision'", 0);
static const struct fig_decl dEnfKind = RV_DECL(FIG_COUNT, "r.kind='enforcement'", 0);
static const struct fig_decl dLegal = RV_DECL(FIG_COUNT, "r.opinion='legal'", 0);
static const struct fig_decl dAmend = RV_DECL(FIG_COUNT, "r.opinion='amend'", 0);
static const struct fig_decl dIllegal = RV_DECL(FIG_COUNT, "r.opinion='illegal'", 0);
static const struct fig_decl dByAdviser = RV_DECL(FIG_COUNT, "r.reviewer='adviser'", 0);
/* The share of the concluded reviews finished by their due date. */
static const struct fig_decl dOntime = RV_DECL(FIG_RATE, "1=1",
  "r.due_on IS NOT NULL AND r.reviewed_on<=r.due_on");

/* ---- 规范性文件 ---- */

#define ND_FROM "normdoc n JOIN org o ON o.id=n.office_id"
#define ND_ANY "SELECT 1 FROM normdoc n JOIN org o ON o.id=n.office_id" \
  " WHERE o.path LIKE ?1 AND n.voided_at IS NULL"
#define ND_DECL(zD, zFilter) { \
  .eKind = FIG_COUNT, .zFrom = ND_FROM, .zDate = zD, \
  .zWhere = "n.voided_at IS NULL AND " zFilter, \
  .zId = "n.id", .zName = "n.title", \
  .zDetail = "coalesce(n.doc_no, '') || ' · 公布 ' || coalesce(n.published_on, '—')", \
  .zOrg = "n.office_id", .zDue = zD, .zOrder = zD ", n.id", .zKnown = ND_ANY }

static const struct fig_decl dIssued = ND_DECL("n.published_on", "n.doc_no IS NOT NULL");
static const struct fig_decl dCleared = ND_DECL("n.cleared_on", "1=1");
static const struct fig_decl dRepealed = ND_DECL("n.repealed_on", "1=1");

/* ---- 重大行政决策 ---- */

#define DC_FROM "decision d JOIN org o ON o.id=d.office_id"
#define DC_ANY "SELECT 1 FROM decision d JOIN org o ON o.id=d.office_id" \
  " WHERE o.path LIKE ?1 AND d.voided_at IS NULL AND d.year<=?4"
#define DC_DETAIL "'启动 ' || d.started_on || ' · 集体讨论 ' || coalesce(d.meeting_on, '—') ||" \
  " ' · 决定 ' || coalesce(d.decided_on, '—')"
/* Every statutory step on record by the day of the decision: the comment
** period closed with its response, the experts and the risk assessment
** heard, a review of the draft passed by then, the collective meeting. */
#define DC_ALL_STEPS "d.comment_end IS NOT NULL AND d.comment_end<=d.decided_on" \
  " AND d.comment_response IS NOT NULL" \
  " AND d.expert_on IS NOT NULL AND d.expert_on<=d.decided_on" \
  " AND d.risk_on IS NOT NULL AND d.risk_on<=d.decided_on" \
  " AND EXISTS(SELECT 1 FROM review v WHERE v.id=d.review_id AND v.voided_at IS NULL" \
  " AND v.kind='decision' AND v.status='passed' AND v.reviewed_on<=d.decided_on)" \
  " AND d.meeting_on IS NOT NULL AND d.meeting_on<=d.decided_on" \
  " AND d.attendees IS NOT NULL AND d.head_decision IS NOT NULL AND d.dissent IS NOT NULL"

static const struct fig_decl dDecided = {
  .eKind = FIG_COUNT, .zFrom = DC_FROM, .zDate = "d.decided_on",
  .zWhere = "d.voided_at IS NULL AND d.status='decided'",
  .zId = "d.id", .zName = "d.title", .zDetail = DC_DETAIL, .zOrg = "d.office_id",
  .zDue = "d.decided_on", .zOrder = "d.decided_on, d.id", .zKnown = DC_ANY };
static const struct fig_decl dCollective = {
  .eKind = FIG_COUNT, .zFrom = DC_FROM, .zDate = "d.decided_on",
  .zWhere = "d.voided_at IS NULL AND d.status='decided' AND d.meeting_on IS NOT NULL"
            " AND d.meeting_on<=d.decided_on",
  .zId = "d.id", .zName = "d.title", .zDetail = DC_DETAIL, .zOrg = "d.office_id",
  .zDue = "d.meeting_on", .zOrder = "d.decided_on, d.id", .zKnown = DC_ANY };
static const struct fig_decl dStepRate = {
  .eKind = FIG_RATE, .zFrom = DC_FROM, .zDate = "d.decided_on",
  .zWhere = "d.voided_at IS NULL AND d.status='decided'", .zMatch = DC_ALL_STEPS,
  .zId = "d.id", .zName = "d.title", .zDetail = DC_DETAIL, .zOrg = "d.office_id",
  .zDue = "d.decided_on", .zOrder = "d.decided_on, d.id",
  .zMet = "五项法定程序均已履行", .zMiss = "缺少法定程序" };
/* The year's 决策事项目录: the decisions listed for the year, started by
** the day, whatever their state. */
static const struct fig_decl dCatalog = {
  .eKind = FIG_COUNT, .zFrom = DC_FROM,
  .zWhere = "d.voided_at IS NULL AND d.year=?4 AND d.started_on<=?2",
  .zId = "d.id", .zName = "d.title", .zDetail = DC_DETAIL, .zOrg = "d.office_id",
  .zDue = "d.started_on", .zOrder = "d.started_on, d.id", .zKnown = DC_ANY };

#define RV_DEF(z) "本范围内股室送审、截至数据截至日期于当年审核完毕（结论为合法、修改后合法或不合法）的" z

const struct figure legality_figures[] = {
  { "legality.reviewed", "完成合法性审核件数", "件", RV_DEF("合法性审核"), "review",
    .pDecl = &dReviewed },
  { "legality.contracts", "合同合法性审核件数", "件", RV_DEF("合同审核"), "review",
    .pDecl = &dContract },
  { "legality.normdocs", "规范性文件合法性审核件数", "件", RV_DEF("规范性文件审核"), "review",
    .pDecl = &dNormKind },
  { "legality.decisions", "重大行政决策合法性审查件数", "件", RV_DEF("重大行政决策草案审查"),
    "review", .pDecl = &dDecKind },
  { "legality.enforcement", "重大执法决定法制审核件数", "件", RV_DEF("重大执法决定审核"),
    "review", .pDecl = &dEnfKind },
  { "legality.legal", "审核结论为合法的件数", "件", RV_DEF("审核中结论为“合法”的"), "review",
    .pDecl = &dLegal, .bDetail = true },
  { "legality.amend", "审核结论为修改后合法的件数", "件", RV_DEF("审核中结论为“修改后合法”的"),
    "review", .pDecl = &dAmend, .bDetail = true },
  { "legality.illegal", "审核结论为不合法的件数", "件", RV_DEF("审核中结论为“不合法”的"),
    "review", .pDecl = &dIllegal, .bDetail = true },
  { "legality.by_adviser", "法律顾问审核件数", "件", RV_DEF("审核中由法律顾问审核的"), "review",
    .pDecl = &dByAdviser },
  { "legality.ontime_rate", "合法性审核按期完成率", "%",
    "当年审核完毕的合法性审核中，在审核期限（按类别的工作日数自送审次日起算）内完成的比例",
    "review", .pDecl = &dOntime },
  { "normdoc.issued", "统一登记公布的规范性文件数", "件",
    "经合法性审核通过、统一编号并于当年截至数据截至日期公布的规范性文件", "normdoc",
    .pDecl = &dIssued },
  { "normdoc.cleared", "清理的规范性文件数", "件",
    "当年截至数据截至日期完成清理的规范性文件", "normdoc", .pDecl = &dCleared },
  { "normdoc.repealed", "废止的规范性文件数", "件",
    "当年截至数据截至日期废止的规范性文件", "normdoc", .pDecl = &dRepealed },
  { "decision.decided", "作出的重大行政决策数", "项",
    "当年截至数据截至日期作出决定的重大行政决策", "decision", .pDecl = &dDecided },
  { "decision.collective", "经集体讨论决定的重大行政决策数", "项",
    "当年截至数据截至日期作出、决定前经集体讨论的重大行政决策", "decision",
    .pDecl = &dCollective },
  { "decision.step_rate", "重大行政决策法定程序履行率", "%",
    "当年作出的重大行政决策中，决定前已履行公众参与、专家论证、风险评估、合法性审查、集体讨论决定"
    "五项法定程序的比例", "decision", .pDecl = &dStepRate },
  { "decision.catalog", "重大行政决策事项目录事项数", "项",
    "列入当年重大行政决策事项目录、截至数据截至日期已启动的决策事项", "decision",
    .pDecl = &dCatalog },
  { 0 }
};

/* ---- alerts ---- */

/* The reviews open on the as-of day (送审 or 审核中, submitted by then)
** past their due date, or due within permit.alert_days working days. */
static void review_due_alerts(const struct fig_scope *s, struct arena *ar,
                              struct alert_list *pList){
  const struct calendar *cal = clock_calendar();
  i64 nWithin = setting_int("permit.alert_days", 3);
  struct stmt q;
  db_prepare(&q,
    "SELECT r.id, r.title, r.due_on"
    " FROM review r JOIN org o ON o.id=r.office_id"
    " WHERE o.path LIKE ?1"
    "   AND r.voided_at IS NULL"
    "   AND r.status IN ('submitted','reviewing')"
    "   AND r.submitted_on<=?2"
    " ORDER BY r.due_on, r.id");
  db_bind_text(&q, 1, s->zLike);
  db_bind_text(&q, 2, s->zAsOf);
  while( db_step(&q)==DB_ROW ){
    const char *zDue = db_column_text(&q, 2);
    const char *zUrl = arena_printf(ar, "/reviews/%lld", (long long)db_column_int64(&q, 0));
    int due, nLeft;
    if( zDue==0 || date_parse(zDue, &due) ) continue;
    if( clock_workdays_between(cal, s->iAsOf, due, &nLeft, 0) ) continue;
    if( s->iAsOf>due ){
      alert_add(pList, ar, ALERT_OVERDUE, due,
                arena_printf(ar, "合法性审核“%s”已超过审核期限 %s", db_column_text(&q, 1), zDue),
                zUrl);
    }else if( nLeft<=nWithin ){
      alert_add(pList, ar, ALERT_SOON, due,
                arena_printf(ar, "合法性审核“%s”审核期限 %s，剩余%d个工作日",
                             db_column_text(&q, 1), zDue, nLeft), zUrl);
    }
  }
  db_finalize(&q);
  clock_release(cal);
}

const struct alert_def legality_alerts[] = {
  { "legality.due", "合法性审核临近期限和超期", review_due_alerts },
  { 0, 0, 0 }
};
