/*
** legal_fig.c -- figures and alerts of 矛盾纠纷, 行政复议/行政诉讼 and
** the 年度工作安排 (reg/figure.h).
**
** Disputes count by their own dates: received (received_on in the year
** to the as-of day), closed and settled (closed_on), open (received by
** the day and not closed by it, whatever the year).
**
** 复议/诉讼 figures are known only where the 法规股 has confirmed the
** year (lawcase.c): a valid confirmation by a unit of the scope for the
** year, of the whole year or up to a day on or after the as-of day.  Then
** a zero is a fact ("无"); otherwise the figure is 【待补充】 even when
** cases are recorded, because nobody has vouched that they are all.
**
** Tasks: task.next lists the tasks of the following year in their order
** (the report's part 四, a `list` block); task.planned/done/late are the
** year's own tasks as of the day.
*/
#include "../../common.h"
#include "../../base/arena.h"
#include "../../base/date.h"
#include "../../base/util.h"
#include "../../reg/figure.h"
#include "../../store/db.h"
#include "legal_fig.h"

/* ---- disputes ---- */

#define DISPUTE_OF(zDateCol, zFilter) { \
  .eKind = FIG_COUNT, .zFrom = "dispute t JOIN org o ON o.id=t.org_id", .zDate = zDateCol, \
  .zWhere = "t.voided_at IS NULL" zFilter, .zId = "t.id", .zName = "t.title", \
  .zDetail = "t.received_on || ' · ' || o.name", .zOrg = "t.org_id", .zDue = zDateCol, \
  .zOrder = zDateCol ", t.id" }

static const struct fig_decl dDispRecv = DISPUTE_OF("t.received_on", "");
static const struct fig_decl dDispClosed = DISPUTE_OF("t.closed_on", "");
static const struct fig_decl dDispSettled = DISPUTE_OF("t.closed_on", " AND t.outcome='settled'");
static const struct fig_decl dDispOpen = {
  .eKind = FIG_COUNT, .zFrom = "dispute t JOIN org o ON o.id=t.org_id",
  .zWhere = "t.voided_at IS NULL AND t.received_on<=?2 AND (t.closed_on IS NULL OR t.closed_on>?2)",
  .zId = "t.id", .zName = "t.title", .zDetail = "o.name", .zOrg = "t.org_id",
  .zDue = "t.received_on", .zOrder = "t.received_on, t.id",
  .zKnown = "SELECT 1 FROM dispute t JOIN org o ON o.id=t.org_id"
            " WHERE t.voided_at IS NULL AND t.received_on<=?2 AND o.path LIKE ?1" };

/* ---- 复议/诉讼 ---- */

/* A valid confirmation covering the year to the as-of day in the scope,
** whose count is still the count recorded (a case voided since, which
** the case's hooks do not see, also undoes it). */
#define LAWCASE_CONFIRMED \
  "EXISTS(SELECT 1 FROM lawcase_year y JOIN org yo ON yo.id=y.org_id" \
  " WHERE y.voided_at IS NULL AND y.status='valid' AND y.year=?4" \
  " AND (y.as_of IS NULL OR y.as_of>=?2) AND yo.path LIKE ?1" \
  " AND y.cases=(SELECT count(*) FROM lawcase c JOIN org co ON co.id=c.org_id" \
  "  WHERE c.voided_at IS NULL AND c.received_on>=?3" \
  "  AND c.received_on<=COALESCE(y.as_of, CAST(?4 AS TEXT) || '-12-31')" \
  "  AND co.path LIKE yo.path || '%'))"

#define LAWCASE_OF(zFilter) { \
  .eKind = FIG_COUNT, .zFrom = "lawcase t JOIN org o ON o.id=t.org_id", .zDate = "t.received_on", \
  .zWhere = "t.voided_at IS NULL AND " LAWCASE_CONFIRMED zFilter, .zId = "t.id", \
  .zName = "t.case_no", .zDetail = "t.act", .zOrg = "t.org_id", .zDue = "t.received_on", \
  .zOrder = "t.received_on, t.id", \
  .zKnown = "SELECT 1 WHERE " LAWCASE_CONFIRMED }

static const struct fig_decl dCases = LAWCASE_OF("");
static const struct fig_decl dReconsider = LAWCASE_OF(" AND t.kind='reconsider'");
static const struct fig_decl dLitigation = LAWCASE_OF(" AND t.kind='litigation'");
static const struct fig_decl dCorrected =
  LAWCASE_OF(" AND t.outcome IN ('revoked','unlawful','changed','ordered') AND t.decided_on<=?2");
static const struct fig_decl dHead =
  LAWCASE_OF(" AND t.kind='litigation' AND t.head_appeared=1");

/* The confirmations covering the year to the day (0: not confirmed). */
static const struct fig_decl dConfirmed = {
  .eKind = FIG_COUNT, .zFrom = "lawcase_year y JOIN org o ON o.id=y.org_id",
  .zWhere = "y.voided_at IS NULL AND y.status='valid' AND y.year=?4 AND (y.as_of IS NULL OR y.as_of>=?2)",
  .zId = "y.id", .zName = "o.name", .zDetail = "COALESCE(y.as_of, '全年')",
  .zOrg = "y.org_id", .zDue = "y.confirmed_on", .zOrder = "y.id",
  .zKnown = "SELECT 1" };

/* ---- tasks ---- */

static const struct fig_decl dTaskNext = {
  .eKind = FIG_COUNT, .zFrom = "task t JOIN org o ON o.id=t.office_id",
  .zWhere = "t.voided_at IS NULL AND t.status<>'cancelled' AND t.year=?4+1",
  .zId = "t.id", .zName = "t.title", .zDetail = "t.body", .zOrg = "t.office_id",
  .zDue = "t.due_on", .zOrder = "t.seq, t.id" };

#define TASK_OF(zFilter) { \
  .eKind = FIG_COUNT, .zFrom = "task t JOIN org o ON o.id=t.office_id", \
  .zWhere = "t.voided_at IS NULL AND t.status<>'cancelled' AND t.year=?4" zFilter, \
  .zId = "t.id", .zName = "t.title", .zDetail = "o.name", .zOrg = "t.office_id", \
  .zDue = "t.due_on", .zOrder = "t.seq, t.id", \
  .zKnown = "SELECT 1 FROM task t JOIN org o ON o.id=t.office_id" \
            " WHERE t.voided_at IS NULL AND t.year=?4 AND o.path LIKE ?1" }

static const struct fig_decl dTaskPlanned = TASK_OF("");
static const struct fig_decl dTaskDone = TASK_OF(" AND t.done_on IS NOT NULL AND t.done_on<=?2");
static const struct fig_decl dTaskLate =
  TASK_OF(" AND t.due_on<?2 AND (t.done_on IS NULL OR t.done_on>t.due_on)");

const struct figure legal_figures[] = {
  { "dispute.received", "受理矛盾纠纷件数", "件",
    "本年度1月1日至数据截至日期受理的矛盾纠纷件数", "dispute", .pDecl = &dDispRecv },
  { "dispute.closed", "办结矛盾纠纷件数", "件",
    "本年度1月1日至数据截至日期办结的矛盾纠纷件数（含调解成功、转入其他途径等）", "dispute",
    .pDecl = &dDispClosed },
  { "dispute.settled", "调解成功件数", "件",
    "本年度1月1日至数据截至日期办结且结果为“调解成功”的矛盾纠纷件数", "dispute",
    .pDecl = &dDispSettled },
  { "dispute.open", "未办结矛盾纠纷件数", "件",
    "数据截至日期已受理、尚未办结的矛盾纠纷件数（不限年度）", "dispute", .pDecl = &dDispOpen },
  { "lawcase.cases", "行政复议、行政诉讼案件数", "件",
    "本年度至数据截至日期收到的以本局为被申请人或被告的行政复议、行政诉讼案件数；"
    "仅在法规股确认了该年度（或截至不早于数据截至日期之日）的案件数后计数", "lawcase",
    .pDecl = &dCases },
  { "lawcase.reconsider", "行政复议案件数", "件",
    "本年度至数据截至日期收到的以本局为被申请人的行政复议案件数（年度案件数经法规股确认）",
    "lawcase", .pDecl = &dReconsider },
  { "lawcase.litigation", "行政诉讼案件数", "件",
    "本年度至数据截至日期收到的以本局为被告的行政诉讼案件数（年度案件数经法规股确认）",
    "lawcase", .pDecl = &dLitigation },
  { "lawcase.corrected", "被撤销、变更或确认违法的案件数", "件",
    "本年度收到、至数据截至日期结果为撤销、确认违法、变更或责令履行的复议诉讼案件数（年度案件数经法规股确认）",
    "lawcase", .pDecl = &dCorrected },
  { "lawcase.head_appeared", "负责人出庭应诉件数", "件",
    "本年度收到的行政诉讼案件中本局负责人出庭应诉的件数（年度案件数经法规股确认）", "lawcase",
    .pDecl = &dHead },
  { "lawcase.confirmed", "复议诉讼案件数确认", "次",
    "法规股对本年度（全年，或截至不早于数据截至日期之日）行政复议、行政诉讼案件数的有效确认；0 为尚未确认",
    "lawcase_year", .pDecl = &dConfirmed, .bDetail = true },
  { "task.next", "下一年度工作安排", "项",
    "下一年度年度工作安排中未取消的任务，按序号排列", "task", .pDecl = &dTaskNext, .bDetail = true },
  { "task.planned", "本年度工作任务数", "项",
    "本年度年度工作安排中未取消的任务数", "task", .pDecl = &dTaskPlanned },
  { "task.done", "本年度已完成工作任务数", "项",
    "本年度年度工作安排中至数据截至日期已完成的任务数", "task", .pDecl = &dTaskDone },
  { "task.late", "本年度逾期工作任务数", "项",
    "本年度年度工作安排中完成时限早于数据截至日期而届时未完成、或完成晚于时限的任务数", "task",
    .pDecl = &dTaskLate },
  { 0 }
};

/* dispute.open: every open dispute with its age in days; high risk or
** more than 30 days open is urgent. */
static void alert_dispute_open(const struct fig_scope *s, struct arena *ar,
                               struct alert_list *pList){
  struct stmt q;
  db_prepare(&q, "SELECT t.id, o.name, t.title, t.received_on, t.risk FROM dispute t"
                 " JOIN org o ON o.id=t.org_id"
                 " WHERE o.path LIKE ?1 AND t.voided_at IS NULL AND t.received_on<=?2"
                 "   AND (t.closed_on IS NULL OR t.closed_on>?2)"
                 " ORDER BY t.received_on, t.id");
  db_bind_text(&q, 1, s->zLike);
  db_bind_text(&q, 2, s->zAsOf);
  while( db_step(&q)==DB_ROW ){
    int day = 0, nAge;
    bool bHigh = str_eq(db_column_text(&q, 4), "high");
    date_parse(db_column_text(&q, 3), &day);
    nAge = s->iAsOf - day;
    alert_add(pList, ar, (bHigh || nAge>30) ? ALERT_OVERDUE : ALERT_SOON, day,
              arena_printf(ar, "%s 矛盾纠纷“%s”已受理%d天未办结%s", db_column_text(&q, 1),
                           db_column_text(&q, 2), nAge, bHigh ? "（高风险）" : ""),
              arena_printf(ar, "/disputes/%lld", (long long)db_column_int64(&q, 0)));
  }
  db_finalize(&q);
}

/* task.overdue: a task past its due date on the day and not done. */
static void alert_task_overdue(const struct fig_scope *s, struct arena *ar,
                               struct alert_list *pList){
  struct stmt q;
  db_prepare(&q, "SELECT t.id, o.name, t.title, t.due_on FROM task t"
                 " JOIN org o ON o.id=t.office_id"
                 " WHERE o.path LIKE ?1 AND t.voided_at IS NULL AND t.due_on<?2"
                 "   AND t.status IN ('planned','doing','delayed')"
                 " ORDER BY t.due_on, t.id");
  db_bind_text(&q, 1, s->zLike);
  db_bind_text(&q, 2, s->zAsOf);
  while( db_step(&q)==DB_ROW ){
    int day = 0;
    date_parse(db_column_text(&q, 3), &day);
    alert_add(pList, ar, ALERT_OVERDUE, day,
              arena_printf(ar, "%s 工作任务“%s”已过完成时限 %s", db_column_text(&q, 1),
                           db_column_text(&q, 2), db_column_text(&q, 3)),
              arena_printf(ar, "/tasks/%lld", (long long)db_column_int64(&q, 0)));
  }
  db_finalize(&q);
}

/* lawcase.unconfirmed: last year's count of cases not yet confirmed (from
** 1 January, the report of last year needs it). */
static void alert_lawcase_unconfirmed(const struct fig_scope *s, struct arena *ar,
                                      struct alert_list *pList){
  int y, m, d;
  date_ymd(s->iAsOf, &y, &m, &d);
  if( db_exists("SELECT 1 FROM org WHERE path LIKE ?1 AND kind='bureau'", "t", s->zLike)
   && !db_exists("SELECT 1 FROM lawcase_year t JOIN org o ON o.id=t.org_id"
                 " WHERE t.voided_at IS NULL AND t.status='valid' AND t.year=?1"
                 "   AND t.as_of IS NULL AND o.path LIKE ?2", "it", (i64)(y-1), s->zLike) ){
    alert_add(pList, ar, ALERT_SOON, 0,
              arena_printf(ar, "%d年度行政复议、行政诉讼案件数尚未确认（年度报告需要）", y-1),
              "/lawcase-years/new");
  }
}

const struct alert_def legal_alerts[] = {
  { "dispute.open", "未办结的矛盾纠纷", alert_dispute_open },
  { "task.overdue", "逾期的工作任务", alert_task_overdue },
  { "lawcase.unconfirmed", "复议诉讼案件数待确认", alert_lawcase_unconfirmed },
  { 0, 0, 0 }
};
