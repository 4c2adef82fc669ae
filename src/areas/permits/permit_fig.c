/*
** permit_fig.c -- the figures and alerts of 行政许可 (reg/figure.h): how
** many applications were received, accepted, refused and decided in the
** year up to the as-of day, the 办结率, how many were decided within the
** statutory and the promised limit (按时办结率), the average working days
** to a decision, the cases past a limit; and, for the dashboard, the open
** cases due within the configured number of working days.
**
** Every figure counts by the records' own dates (received_on,
** accepted_on, decided_on, closed_on) and the due dates derived from the
** working-day calendar, never by when a row was typed in.  Voided rows
** never count.  Each record carries its item, so the records page of a
** figure reads by item.
*/
#include "../../common.h"
#include "../../base/arena.h"
#include "../../base/calendar.h"
#include "../../base/date.h"
#include "../../base/util.h"
#include "../../reg/figure.h"
#include "../../store/db.h"
#include "../../core/app.h"
#include "../../core/cal.h"
#include "../../core/clock.h"
#include "../../base/buf.h"
#include "permit.h"

/* The applications in scope that are not voided, with their item: the
** rows every permit figure counts. */
#define PF_FROM "permit p JOIN permit_item i ON i.id=p.item_id JOIN org o ON o.id=p.org_id"
/* The detail shown for one counted application: item and dates. */
#define PF_DETAIL "i.name || ' · 收件 ' || p.received_on || ' · 受理 ' ||" \
  " coalesce(p.accepted_on, '—') || ' · 决定 ' || coalesce(p.decided_on, '—') ||" \
  " ' · 法定期限 ' || coalesce(p.legal_due, '—') || ' · 承诺期限 ' || coalesce(p.promised_due, '—')"
/* The register holds an application received up to the day: a zero is a
** known zero, not a gap. */
#define PF_ANY "SELECT 1 FROM permit p JOIN org o ON o.id=p.org_id" \
  " WHERE o.path LIKE ?1 AND p.void_reason IS NULL AND p.received_on<=?2"
/* Decided within both limits. */
#define PF_ONTIME "p.legal_due IS NOT NULL AND p.decided_on<=p.legal_due" \
  " AND (p.promised_due IS NULL OR p.decided_on<=p.promised_due)"

/* The applications whose date field zDate falls in the year up to the
** day, passing zFilter, as a declaration of kind eKind. */
#define PF_DECL(eK, zD, zFilter, zMatchIf) { \
  .eKind = eK, .zFrom = PF_FROM, .zDate = zD, \
  .zWhere = "p.void_reason IS NULL AND " zFilter, .zMatch = zMatchIf, \
  .zId = "p.id", .zName = "p.number", .zDetail = PF_DETAIL, .zOrg = "p.org_id", \
  .zDue = zD, .zOrder = zD ", p.id", .zKnown = eK==FIG_COUNT ? PF_ANY : 0 }

static const struct fig_decl dReceived = PF_DECL(FIG_COUNT, "p.received_on", "1=1", 0);
static const struct fig_decl dAccepted = PF_DECL(FIG_COUNT, "p.accepted_on", "1=1", 0);
static const struct fig_decl dRejected = PF_DECL(FIG_COUNT, "p.decided_on",
  "p.state='rejected' AND p.accepted_on IS NULL", 0);
static const struct fig_decl dDecided = PF_DECL(FIG_COUNT, "p.decided_on",
  "p.accepted_on IS NOT NULL", 0);
static const struct fig_decl dLegal = PF_DECL(FIG_COUNT, "p.decided_on",
  "p.accepted_on IS NOT NULL AND p.legal_due IS NOT NULL AND p.decided_on<=p.legal_due", 0);
static const struct fig_decl dPromised = PF_DECL(FIG_COUNT, "p.decided_on",
  "p.accepted_on IS NOT NULL AND p.promised_due IS NOT NULL AND p.decided_on<=p.promised_due", 0);
/* permit.done_rate: of the applications accepted in the year up to the
** day, the share closed (办结 or withdrawn) by the day. */
static const struct fig_decl dDoneRate = PF_DECL(FIG_RATE, "p.accepted_on", "1=1",
  "p.closed_on IS NOT NULL AND p.closed_on<=?2");
/* permit.ontime_rate: of the decisions in the year up to the day, the
** share made within both the statutory and the promised limit. */
static const struct fig_decl dOntimeRate = PF_DECL(FIG_RATE, "p.decided_on",
  "p.accepted_on IS NOT NULL", PF_ONTIME);

/* permit.overdue: the applications that, as of the day, went past a
** limit: decided after the statutory or promised due date, or still
** undecided with the statutory due date behind the day, or past the
** delivery limit.  Paused cases have no due date while paused, so they
** never count. */
static const struct fig_decl dOverdue = {
  .eKind = FIG_COUNT, .zFrom = PF_FROM,
  .zWhere = "p.void_reason IS NULL"
    " AND p.accepted_on IS NOT NULL AND p.accepted_on<=?2"
    " AND (p.accepted_on>=?3 OR p.decided_on IS NULL OR p.decided_on>=?3)"
    " AND ((p.decided_on IS NOT NULL AND p.decided_on<=?2"
    "       AND (p.decided_on>p.legal_due OR p.decided_on>p.promised_due))"
    "   OR ((p.decided_on IS NULL OR p.decided_on>?2) AND p.legal_due<?2)"
    "   OR (p.deliver_due<?2 AND (p.delivered_on IS NULL OR p.delivered_on>p.deliver_due)))",
  .zId = "p.id", .zName = "p.number", .zDetail = PF_DETAIL, .zOrg = "p.org_id",
  .zOrder = "p.accepted_on, p.id", .zKnown = PF_ANY };

/* permit.satisfaction: of the ratings given in the year up to the day,
** the share 非常满意, 满意 or 基本满意.  The records (which every signed-in
** user of the scope may open) show the level only: not the application,
** the item or the day, so a case handler cannot tell who rated what. */
static const struct fig_decl dSatisfaction = {
  .eKind = FIG_RATE, .zFrom = "permit_rating r JOIN org o ON o.id=r.org_id",
  .zDate = "r.rated_on", .zWhere = "r.void_reason IS NULL",
  .zMatch = "r.level IN ('very_satisfied','satisfied','basic')",
  .zId = "r.id", .zName = "'评价'",
  .zDetail = "CASE r.level WHEN 'very_satisfied' THEN '非常满意' WHEN 'satisfied' THEN '满意'"
             " WHEN 'basic' THEN '基本满意' WHEN 'dissatisfied' THEN '不满意'"
             " ELSE '非常不满意' END",
  .zOrder = "r.rated_on, r.id" };

/* Working days from zStart (not counted) to zEnd, the closed pauses in
** zPauses ("kind,YYYY-MM-DD,YYYY-MM-DD;...") not counted; -1 when a date
** is missing or the calendar does not hold the span.  The counting is the
** clock's (clock_workdays_used); this only reads the pauses. */
static int pf_days_used(const struct calendar *cal, const char *zStart, const char *zEnd,
                        const char *zPauses, struct arena *ar){
  int a, b, n = 0, nP = 0, nMax = 0;
  const char *p;
  struct clock_pause *aP;
  if( date_parse(zStart, &a) || date_parse(zEnd, &b) ) return -1;
  for(p=zPauses; p && *p; p++) if( *p==';' ) nMax++;
  aP = arena_alloc(ar, sizeof(*aP) * (size_t)(nMax + 1));
  for(p=zPauses; p && *p; ){
    size_t len = strcspn(p, ";");
    const char *c1 = memchr(p, ',', len), *c2 = c1 ? memchr(c1+1, ',', len - (size_t)(c1+1-p)) : 0;
    char zS[11] = "", zE[11] = "";
    if( c1 && c2 && c2-c1-1==10 && p+len-c2-1==10 && nP<=nMax ){
      memcpy(zS, c1+1, 10);
      memcpy(zE, c2+1, 10);
      if( date_parse(zS, &aP[nP].start)==0 && date_parse(zE, &aP[nP].end)==0 ){
        aP[nP].zKind = 0;
        nP++;
      }
    }
    p += len;
    if( *p ) p++;
  }
  if( clock_workdays_used(cal, a, b, aP, nP, &n, 0) ) return -1;
  return n;
}

/* permit.avg_days: the average working days from the start of the clock
** to the decision (pauses not counted), over the decisions in the year up
** to the day. */
static void pf_avg_days(const struct fig_scope *s, struct arena *ar, struct fig_result *res){
  const struct calendar *cal = clock_calendar();
  struct stmt q;
  long nSum = 0;
  int nUsed = 0;
  struct buf sql = BUF_INIT;
  /* the decisions of permit.decided, with the shared detail (declared text only) */
  buf_puts(&sql, "SELECT p.id, p.number, " PF_DETAIL ", p.start_on, p.decided_on,"
                 " (SELECT group_concat(x.kind || ',' || x.start_on || ',' || x.end_on, ';')"
                 "   FROM permit_pause x WHERE x.permit_id=p.id AND x.kind<>'correction'"
                 "     AND x.end_on IS NOT NULL AND x.void_reason IS NULL)"
                 " FROM " PF_FROM " WHERE o.path LIKE ?1 AND p.void_reason IS NULL"
                 " AND p.accepted_on IS NOT NULL AND p.decided_on>=?2 AND p.decided_on<=?3"
                 " ORDER BY p.decided_on, p.id");
  db_prepare_buf(&q, &sql);
  db_bind_text(&q, 1, s->zLike);
  db_bind_text(&q, 2, s->zYearStart);
  db_bind_text(&q, 3, s->zAsOf);
  while( db_step(&q)==DB_ROW ){
    int n = pf_days_used(cal, db_column_text(&q, 3), db_column_text(&q, 4), db_column_text(&q, 5),
                         ar);
    if( n<0 ) continue;
    nSum += n;
    nUsed++;
    fig_add(res, ar, db_column_int64(&q, 0), db_column_text(&q, 1),
            arena_printf(ar, "用时%d个工作日 · %s", n, db_column_text(&q, 2)));
  }
  db_finalize(&q);
  buf_release(&sql);
  clock_release(cal);
  res->bKnown = nUsed>0;
  res->v = nUsed ? (double)nSum / nUsed : 0;
}

const struct figure permit_figures[] = {
  { "permit.received", "收到行政许可申请数", "件",
    "收件日期在本年度内且不晚于数据截至日期的行政许可申请（作废的不计）", "permit", .pDecl = &dReceived },
  { "permit.accepted", "受理行政许可办件数", "件",
    "受理日期在本年度内且不晚于数据截至日期的行政许可申请", "permit", .pDecl = &dAccepted },
  { "permit.rejected", "不予受理件数", "件",
    "本年度内至数据截至日期作出不予受理决定的申请", "permit", .pDecl = &dRejected },
  { "permit.decided", "作出许可决定件数", "件",
    "已受理、决定日期（准予或不予许可）在本年度内且不晚于数据截至日期的申请", "permit", .pDecl = &dDecided },
  { "permit.done_rate", "行政许可办结率", "%",
    "本年度受理的申请中，截至数据截至日期已办结（送达后办结或申请人撤回）的比例", "permit",
    .pDecl = &dDoneRate },
  { "permit.within_legal", "法定期限内作出决定件数", "件",
    "作出许可决定的申请中，决定日期不晚于法定期限（按工作日历计算，暂停和延期已计入）的", "permit",
    .pDecl = &dLegal },
  { "permit.within_promised", "承诺期限内作出决定件数", "件",
    "作出许可决定的申请中，决定日期不晚于承诺期限的", "permit", .pDecl = &dPromised },
  { "permit.ontime_rate", "行政许可按时办结率", "%",
    "作出许可决定的申请中，在法定期限和承诺期限内作出决定的比例", "permit", .pDecl = &dOntimeRate },
  { "permit.avg_days", "平均办理工作日", "个工作日",
    "作出许可决定的申请自计时起算日至决定日期的工作日数（不含暂停计时的日子）的平均值", "permit",
    .xEval = pf_avg_days },
  { "permit.overdue", "超期办件数", "件",
    "截至数据截至日期：决定晚于法定或承诺期限、法定期限已过仍未决定、或超过送达期限的申请"
    "（暂停计时中的不计）", "permit", .pDecl = &dOverdue },
  { "permit.satisfaction", "行政许可好差评满意率", "%",
    "本年度至数据截至日期收到的好差评中，评价为非常满意、满意或基本满意的比例（一事一评）",
    "permit_rating", .pDecl = &dSatisfaction },
  { 0 }
};

/* ---- alerts ---- */

/* The open applications due within permit.alert_days working days of the
** as-of day, or past due: the 受理 limit while received, the statutory
** limit in review, the delivery limit after a decision.  Paused and
** correcting cases have no running limit. */
static void permit_due_alerts(const struct fig_scope *s, struct arena *ar, struct alert_list *pList){
  const struct calendar *cal = clock_calendar();
  i64 nWithin = setting_int("permit.alert_days", 3);
  struct stmt q;
  db_prepare(&q,
    "SELECT p.id, p.number, i.name, p.state, p.legal_due, p.deliver_due"
    " FROM permit p JOIN permit_item i ON i.id=p.item_id JOIN org o ON o.id=p.org_id"
    " WHERE o.path LIKE ?1 AND p.void_reason IS NULL"
    "   AND p.state IN ('received','accepted','granted','denied')"
    " ORDER BY p.id");
  db_bind_text(&q, 1, s->zLike);
  while( db_step(&q)==DB_ROW ){
    const char *zState = db_column_text(&q, 3);
    bool bDecided = str_eq(zState, "granted") || str_eq(zState, "denied");
    const char *zDue = db_column_text(&q, bDecided ? 5 : 4);
    const char *zWhat = bDecided ? "送达期限" : str_eq(zState, "received") ? "受理（补正告知）期限"
                                                                           : "法定办结期限";
    int due, nLeft;
    if( zDue==0 || date_parse(zDue, &due) ) continue;
    if( clock_workdays_between(cal, s->iAsOf, due, &nLeft, 0) ) continue;
    if( s->iAsOf>due ){
      alert_add(pList, ar, ALERT_OVERDUE, due,
                arena_printf(ar, "行政许可 %s（%s）已超过%s %s", db_column_text(&q, 1),
                             db_column_text(&q, 2), zWhat, zDue),
                arena_printf(ar, "/permits/%lld", (long long)db_column_int64(&q, 0)));
    }else if( nLeft<=nWithin ){
      alert_add(pList, ar, ALERT_SOON, due,
                arena_printf(ar, "行政许可 %s（%s）%s %s，剩余%d个工作日", db_column_text(&q, 1),
                             db_column_text(&q, 2), zWhat, zDue, nLeft),
                arena_printf(ar, "/permits/%lld", (long long)db_column_int64(&q, 0)));
    }
  }
  db_finalize(&q);
  clock_release(cal);
}

/* The open follow-ups of 差评: due within permit.alert_days working days,
** or past due.  The text names neither the application nor the level. */
static void permit_followup_alerts(const struct fig_scope *s, struct arena *ar,
                                   struct alert_list *pList){
  const struct calendar *cal = clock_calendar();
  i64 nWithin = setting_int("permit.alert_days", 3);
  struct stmt q;
  db_prepare(&q,
    "SELECT r.id, r.due_on FROM permit_rating r JOIN org o ON o.id=r.org_id"
    " WHERE o.path LIKE ?1 AND r.void_reason IS NULL AND r.state='open' ORDER BY r.id");
  db_bind_text(&q, 1, s->zLike);
  while( db_step(&q)==DB_ROW ){
    const char *zDue = db_column_text(&q, 1);
    const char *zUrl = arena_printf(ar, "/permit-ratings/%lld", (long long)db_column_int64(&q, 0));
    int due, nLeft;
    if( zDue==0 || date_parse(zDue, &due) || clock_workdays_between(cal, s->iAsOf, due, &nLeft, 0) ){
      alert_add(pList, ar, ALERT_INFO, 0, "好差评差评待整改（整改期限未定）", zUrl);
    }else if( s->iAsOf>due ){
      alert_add(pList, ar, ALERT_OVERDUE, due,
                arena_printf(ar, "好差评差评整改已超过期限 %s", zDue), zUrl);
    }else if( nLeft<=nWithin ){
      alert_add(pList, ar, ALERT_SOON, due,
                arena_printf(ar, "好差评差评整改期限 %s，剩余%d个工作日", zDue, nLeft), zUrl);
    }else{
      alert_add(pList, ar, ALERT_INFO, due, arena_printf(ar, "好差评差评整改中，期限 %s", zDue), zUrl);
    }
  }
  db_finalize(&q);
  clock_release(cal);
}

const struct alert_def permit_alerts[] = {
  { "permit.due", "行政许可临近期限和逾期办件", permit_due_alerts },
  { "permit.followup", "好差评差评整改", permit_followup_alerts },
  { 0, 0, 0 }
};
