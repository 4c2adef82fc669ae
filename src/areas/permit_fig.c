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
#include "../common.h"
#include "../base/arena.h"
#include "../base/calendar.h"
#include "../core/clock.h"
#include "../base/date.h"
#include "../base/util.h"
#include "../reg/figure.h"
#include "../store/db.h"
#include "app.h"
#include "calendar.h"
#include "permit.h"

/* Which applications a counting figure takes. */
enum {
  PF_RECEIVED,    /* received in the year up to the day */
  PF_ACCEPTED,    /* accepted in the year up to the day */
  PF_REJECTED,    /* 不予受理 in the year up to the day */
  PF_DECIDED,     /* accepted, and decided in the year up to the day */
  PF_ONTIME,      /* decided (as PF_DECIDED) within both limits */
  PF_LEGAL,       /* decided within the statutory limit */
  PF_PROMISED     /* decided within the promised limit */
};

/* Prepare q for counting figure e and bind ?1 scope, ?2 year start,
** ?3 as-of day.  Every query selects the same columns: id, number, item,
** received_on, accepted_on, decided_on, closed_on, legal_due,
** promised_due, state, start_on, pauses. */
static void pf_prepare(struct stmt *q, int e, const struct fig_scope *s){
  switch( e ){
    case PF_RECEIVED:
      db_prepare(q, "SELECT p.id, p.number, i.name, p.received_on, p.accepted_on, p.decided_on,"
        " p.closed_on, p.legal_due, p.promised_due, p.state, p.start_on,"
        " (SELECT group_concat(x.kind || ',' || x.start_on || ',' || x.end_on, ';') FROM permit_pause x"
        "   WHERE x.permit_id=p.id AND x.kind<>'correction' AND x.end_on IS NOT NULL"
        "     AND x.void_reason IS NULL)"
        " FROM permit p JOIN permit_item i ON i.id=p.item_id JOIN org o ON o.id=p.org_id"
        " WHERE o.path LIKE ?1 AND p.void_reason IS NULL"
        " AND p.received_on>=?2 AND p.received_on<=?3 ORDER BY p.received_on, p.id");
      break;
    case PF_ACCEPTED:
      db_prepare(q, "SELECT p.id, p.number, i.name, p.received_on, p.accepted_on, p.decided_on,"
        " p.closed_on, p.legal_due, p.promised_due, p.state, p.start_on,"
        " (SELECT group_concat(x.kind || ',' || x.start_on || ',' || x.end_on, ';') FROM permit_pause x"
        "   WHERE x.permit_id=p.id AND x.kind<>'correction' AND x.end_on IS NOT NULL"
        "     AND x.void_reason IS NULL)"
        " FROM permit p JOIN permit_item i ON i.id=p.item_id JOIN org o ON o.id=p.org_id"
        " WHERE o.path LIKE ?1 AND p.void_reason IS NULL"
        " AND p.accepted_on>=?2 AND p.accepted_on<=?3 ORDER BY p.accepted_on, p.id");
      break;
    case PF_REJECTED:
      db_prepare(q, "SELECT p.id, p.number, i.name, p.received_on, p.accepted_on, p.decided_on,"
        " p.closed_on, p.legal_due, p.promised_due, p.state, p.start_on,"
        " (SELECT group_concat(x.kind || ',' || x.start_on || ',' || x.end_on, ';') FROM permit_pause x"
        "   WHERE x.permit_id=p.id AND x.kind<>'correction' AND x.end_on IS NOT NULL"
        "     AND x.void_reason IS NULL)"
        " FROM permit p JOIN permit_item i ON i.id=p.item_id JOIN org o ON o.id=p.org_id"
        " WHERE o.path LIKE ?1 AND p.void_reason IS NULL"
        " AND p.state='rejected' AND p.accepted_on IS NULL"
        " AND p.decided_on>=?2 AND p.decided_on<=?3 ORDER BY p.decided_on, p.id");
      break;
    case PF_DECIDED:
      db_prepare(q, "SELECT p.id, p.number, i.name, p.received_on, p.accepted_on, p.decided_on,"
        " p.closed_on, p.legal_due, p.promised_due, p.state, p.start_on,"
        " (SELECT group_concat(x.kind || ',' || x.start_on || ',' || x.end_on, ';') FROM permit_pause x"
        "   WHERE x.permit_id=p.id AND x.kind<>'correction' AND x.end_on IS NOT NULL"
        "     AND x.void_reason IS NULL)"
        " FROM permit p JOIN permit_item i ON i.id=p.item_id JOIN org o ON o.id=p.org_id"
        " WHERE o.path LIKE ?1 AND p.void_reason IS NULL"
        " AND p.accepted_on IS NOT NULL"
        " AND p.decided_on>=?2 AND p.decided_on<=?3 ORDER BY p.decided_on, p.id");
      break;
    case PF_ONTIME:
      db_prepare(q, "SELECT p.id, p.number, i.name, p.received_on, p.accepted_on, p.decided_on,"
        " p.closed_on, p.legal_due, p.promised_due, p.state, p.start_on,"
        " (SELECT group_concat(x.kind || ',' || x.start_on || ',' || x.end_on, ';') FROM permit_pause x"
        "   WHERE x.permit_id=p.id AND x.kind<>'correction' AND x.end_on IS NOT NULL"
        "     AND x.void_reason IS NULL)"
        " FROM permit p JOIN permit_item i ON i.id=p.item_id JOIN org o ON o.id=p.org_id"
        " WHERE o.path LIKE ?1 AND p.void_reason IS NULL"
        " AND p.accepted_on IS NOT NULL"
        " AND p.decided_on>=?2 AND p.decided_on<=?3"
        " AND p.legal_due IS NOT NULL AND p.decided_on<=p.legal_due"
                     " AND (p.promised_due IS NULL OR p.decided_on<=p.promised_due)"
        " ORDER BY p.decided_on, p.id");
      break;
    case PF_LEGAL:
      db_prepare(q, "SELECT p.id, p.number, i.name, p.received_on, p.accepted_on, p.decided_on,"
        " p.closed_on, p.legal_due, p.promised_due, p.state, p.start_on,"
        " (SELECT group_concat(x.kind || ',' || x.start_on || ',' || x.end_on, ';') FROM permit_pause x"
        "   WHERE x.permit_id=p.id AND x.kind<>'correction' AND x.end_on IS NOT NULL"
        "     AND x.void_reason IS NULL)"
        " FROM permit p JOIN permit_item i ON i.id=p.item_id JOIN org o ON o.id=p.org_id"
        " WHERE o.path LIKE ?1 AND p.void_reason IS NULL"
        " AND p.accepted_on IS NOT NULL"
        " AND p.decided_on>=?2 AND p.decided_on<=?3"
        " AND p.legal_due IS NOT NULL AND p.decided_on<=p.legal_due"
        " ORDER BY p.decided_on, p.id");
      break;
    default:
      db_prepare(q, "SELECT p.id, p.number, i.name, p.received_on, p.accepted_on, p.decided_on,"
        " p.closed_on, p.legal_due, p.promised_due, p.state, p.start_on,"
        " (SELECT group_concat(x.kind || ',' || x.start_on || ',' || x.end_on, ';') FROM permit_pause x"
        "   WHERE x.permit_id=p.id AND x.kind<>'correction' AND x.end_on IS NOT NULL"
        "     AND x.void_reason IS NULL)"
        " FROM permit p JOIN permit_item i ON i.id=p.item_id JOIN org o ON o.id=p.org_id"
        " WHERE o.path LIKE ?1 AND p.void_reason IS NULL"
        " AND p.accepted_on IS NOT NULL"
        " AND p.decided_on>=?2 AND p.decided_on<=?3"
        " AND p.promised_due IS NOT NULL AND p.decided_on<=p.promised_due"
        " ORDER BY p.decided_on, p.id");
      break;
  }
  db_bind_text(q, 1, s->zLike);
  db_bind_text(q, 2, s->zYearStart);
  db_bind_text(q, 3, s->zAsOf);
}

/* The detail shown for one counted application: item and dates. */
static const char *pf_detail(struct arena *ar, struct stmt *q){
  const char *zAcc = db_column_text(q, 4), *zDec = db_column_text(q, 5);
  const char *zLegal = db_column_text(q, 7), *zProm = db_column_text(q, 8);
  return arena_printf(ar, "%s · 收件 %s · 受理 %s · 决定 %s · 法定期限 %s · 承诺期限 %s",
                      db_column_text(q, 2), db_column_text(q, 3), zAcc ? zAcc : "—",
                      zDec ? zDec : "—", zLegal ? zLegal : "—", zProm ? zProm : "—");
}

/* Run counting figure e for s into res; returns the count. */
static int pf_count(int e, const struct fig_scope *s, struct arena *ar, struct fig_result *res){
  struct stmt q;
  pf_prepare(&q, e, s);
  while( db_step(&q)==DB_ROW ){
    fig_add(res, ar, db_column_int64(&q, 0), db_column_text(&q, 1), pf_detail(ar, &q));
  }
  db_finalize(&q);
  return res->n;
}

/* True when the register holds any application in s's scope received up
** to the as-of day (so a zero is a known zero, not a gap). */
static bool pf_any(const struct fig_scope *s){
  return db_exists("SELECT 1 FROM permit p JOIN org o ON o.id=p.org_id"
                   " WHERE o.path LIKE ?1 AND p.void_reason IS NULL AND p.received_on<=?2",
                   "tt", s->zLike, s->zAsOf);
}

/* A plain count. */
static void pf_plain(int e, const struct fig_scope *s, struct arena *ar, struct fig_result *res){
  res->v = pf_count(e, s, ar, res);
  res->bKnown = res->n>0 || pf_any(s);
}

/* permit.received */
static void pf_received(const struct fig_scope *s, struct arena *ar, struct fig_result *res){
  pf_plain(PF_RECEIVED, s, ar, res);
}

/* permit.accepted */
static void pf_accepted(const struct fig_scope *s, struct arena *ar, struct fig_result *res){
  pf_plain(PF_ACCEPTED, s, ar, res);
}

/* permit.rejected */
static void pf_rejected(const struct fig_scope *s, struct arena *ar, struct fig_result *res){
  pf_plain(PF_REJECTED, s, ar, res);
}

/* permit.decided */
static void pf_decided(const struct fig_scope *s, struct arena *ar, struct fig_result *res){
  pf_plain(PF_DECIDED, s, ar, res);
}

/* permit.within_legal */
static void pf_legal(const struct fig_scope *s, struct arena *ar, struct fig_result *res){
  pf_plain(PF_LEGAL, s, ar, res);
}

/* permit.within_promised */
static void pf_promised(const struct fig_scope *s, struct arena *ar, struct fig_result *res){
  pf_plain(PF_PROMISED, s, ar, res);
}

/* permit.done_rate: of the applications accepted in the year up to the
** day, the share closed (办结 or withdrawn) by the day; the records are
** the accepted ones, each marked. */
static void pf_done_rate(const struct fig_scope *s, struct arena *ar, struct fig_result *res){
  struct stmt q;
  int nDone = 0;
  pf_prepare(&q, PF_ACCEPTED, s);
  while( db_step(&q)==DB_ROW ){
    const char *zClosed = db_column_text(&q, 6);
    bool bDone = zClosed && strcmp(zClosed, s->zAsOf)<=0;
    nDone += bDone;
    fig_add(res, ar, db_column_int64(&q, 0), db_column_text(&q, 1),
            arena_printf(ar, "%s · %s", bDone ? arena_printf(ar, "已办结（%s）", zClosed) : "未办结",
                         pf_detail(ar, &q)));
  }
  db_finalize(&q);
  res->bKnown = res->n>0;
  res->v = res->n ? 100.0 * nDone / res->n : 0;
}

/* permit.ontime_rate: of the decisions in the year up to the day, the
** share made within both the statutory and the promised limit. */
static void pf_ontime_rate(const struct fig_scope *s, struct arena *ar, struct fig_result *res){
  struct fig_result dec;
  int nOn;
  memset(&dec, 0, sizeof(dec));
  nOn = pf_count(PF_ONTIME, s, ar, res);
  pf_count(PF_DECIDED, s, ar, &dec);
  res->bKnown = dec.n>0;
  res->v = dec.n ? 100.0 * nOn / dec.n : 0;
}

/* The working days from the day after zStart up to zEnd that lie in no
** closed pause of zPauses ("kind,start,end;..."); -1 when the calendar
** cannot say. */
static int pf_days_used(const struct calendar *cal, const char *zStart, const char *zEnd,
                        const char *zPauses){
  int a, b, d, n = 0;
  if( date_parse(zStart, &a) || date_parse(zEnd, &b) ) return -1;
  for(d=a+1; d<=b; d++){
    int is = 0;
    const char *p;
    bool bPaused = false;
    if( calendar_is_workday(cal, d, &is, 0, 0) ) return -1;
    if( !is ) continue;
    for(p=zPauses; p && *p && !bPaused; ){
      size_t len = strcspn(p, ";");
      const char *c1 = memchr(p, ',', len), *c2 = c1 ? memchr(c1+1, ',', len - (size_t)(c1+1-p)) : 0;
      char zS[11] = "", zE[11] = "";
      int ps, pe;
      if( c1 && c2 && c2-c1-1==10 && p+len-c2-1==10 ){
        memcpy(zS, c1+1, 10);
        memcpy(zE, c2+1, 10);
        if( date_parse(zS, &ps)==0 && date_parse(zE, &pe)==0 && d>=ps && d<=pe ) bPaused = true;
      }
      p += len;
      if( *p ) p++;
    }
    if( !bPaused ) n++;
  }
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
  pf_prepare(&q, PF_DECIDED, s);
  while( db_step(&q)==DB_ROW ){
    int n = pf_days_used(cal, db_column_text(&q, 10), db_column_text(&q, 5), db_column_text(&q, 11));
    if( n<0 ) continue;
    nSum += n;
    nUsed++;
    fig_add(res, ar, db_column_int64(&q, 0), db_column_text(&q, 1),
            arena_printf(ar, "用时%d个工作日 · %s", n, pf_detail(ar, &q)));
  }
  db_finalize(&q);
  clock_release(cal);
  res->bKnown = nUsed>0;
  res->v = nUsed ? (double)nSum / nUsed : 0;
}

/* permit.overdue: the applications that, as of the day, went past a
** limit: decided after the statutory or promised due date, or still
** undecided with the statutory due date behind the day, or past the
** delivery limit.  Paused cases have no due date while paused, so they
** never count. */
static void pf_overdue(const struct fig_scope *s, struct arena *ar, struct fig_result *res){
  struct stmt q;
  db_prepare(&q, "SELECT p.id, p.number, i.name, p.received_on, p.accepted_on, p.decided_on,"
    " p.closed_on, p.legal_due, p.promised_due, p.state, p.start_on,"
        " (SELECT group_concat(x.kind || ',' || x.start_on || ',' || x.end_on, ';') FROM permit_pause x"
        "   WHERE x.permit_id=p.id AND x.kind<>'correction' AND x.end_on IS NOT NULL"
        "     AND x.void_reason IS NULL)"
    " FROM permit p JOIN permit_item i ON i.id=p.item_id JOIN org o ON o.id=p.org_id"
    " WHERE o.path LIKE ?1 AND p.void_reason IS NULL"
    " AND p.accepted_on IS NOT NULL AND p.accepted_on<=?3"
    " AND (p.accepted_on>=?2 OR p.decided_on IS NULL OR p.decided_on>=?2)"
    " AND ((p.decided_on IS NOT NULL AND p.decided_on<=?3"
    "       AND (p.decided_on>p.legal_due OR p.decided_on>p.promised_due))"
    "   OR ((p.decided_on IS NULL OR p.decided_on>?3) AND p.legal_due<?3)"
    "   OR (p.deliver_due<?3 AND (p.delivered_on IS NULL OR p.delivered_on>p.deliver_due)))"
    " ORDER BY p.accepted_on, p.id");
  db_bind_text(&q, 1, s->zLike);
  db_bind_text(&q, 2, s->zYearStart);
  db_bind_text(&q, 3, s->zAsOf);
  while( db_step(&q)==DB_ROW ){
    fig_add(res, ar, db_column_int64(&q, 0), db_column_text(&q, 1), pf_detail(ar, &q));
  }
  db_finalize(&q);
  res->v = res->n;
  res->bKnown = res->n>0 || pf_any(s);
}

/* permit.satisfaction: of the ratings given in the year up to the day,
** the share 非常满意, 满意 or 基本满意.  The records (which every signed-in
** user of the scope may open) show the level only: not the application,
** the item or the day, so a case handler cannot tell who rated what. */
static void pf_satisfaction(const struct fig_scope *s, struct arena *ar, struct fig_result *res){
  struct stmt q;
  int nGood = 0, iLevel = reg_field_index(&permit_rating_reg, "level");
  db_prepare(&q,
    "SELECT r.id, r.level FROM permit_rating r JOIN org o ON o.id=r.org_id"
    " WHERE o.path LIKE ?1 AND r.void_reason IS NULL AND r.rated_on>=?2 AND r.rated_on<=?3"
    " ORDER BY r.rated_on, r.id");
  db_bind_text(&q, 1, s->zLike);
  db_bind_text(&q, 2, s->zYearStart);
  db_bind_text(&q, 3, s->zAsOf);
  while( db_step(&q)==DB_ROW ){
    const char *zLevel = db_column_text(&q, 1);
    const char *zName = reg_choice_label(&permit_rating_reg.aField[iLevel], zLevel);
    nGood += str_eq(zLevel, "very_satisfied") || str_eq(zLevel, "satisfied") || str_eq(zLevel, "basic");
    fig_add(res, ar, db_column_int64(&q, 0), "评价", zName);
  }
  db_finalize(&q);
  res->bKnown = res->n>0;
  res->v = res->n ? 100.0 * nGood / res->n : 0;
}

const struct figure permit_figures[] = {
  { "permit.received", "收到行政许可申请数", "件",
    "收件日期在本年度内且不晚于数据截至日期的行政许可申请（作废的不计）", "permit", pf_received },
  { "permit.accepted", "受理行政许可办件数", "件",
    "受理日期在本年度内且不晚于数据截至日期的行政许可申请", "permit", pf_accepted },
  { "permit.rejected", "不予受理件数", "件",
    "本年度内至数据截至日期作出不予受理决定的申请", "permit", pf_rejected },
  { "permit.decided", "作出许可决定件数", "件",
    "已受理、决定日期（准予或不予许可）在本年度内且不晚于数据截至日期的申请", "permit", pf_decided },
  { "permit.done_rate", "行政许可办结率", "%",
    "本年度受理的申请中，截至数据截至日期已办结（送达后办结或申请人撤回）的比例", "permit",
    pf_done_rate },
  { "permit.within_legal", "法定期限内作出决定件数", "件",
    "作出许可决定的申请中，决定日期不晚于法定期限（按工作日历计算，暂停和延期已计入）的", "permit",
    pf_legal },
  { "permit.within_promised", "承诺期限内作出决定件数", "件",
    "作出许可决定的申请中，决定日期不晚于承诺期限的", "permit", pf_promised },
  { "permit.ontime_rate", "行政许可按时办结率", "%",
    "作出许可决定的申请中，在法定期限和承诺期限内作出决定的比例", "permit", pf_ontime_rate },
  { "permit.avg_days", "平均办理工作日", "个工作日",
    "作出许可决定的申请自计时起算日至决定日期的工作日数（不含暂停计时的日子）的平均值", "permit",
    pf_avg_days },
  { "permit.overdue", "超期办件数", "件",
    "截至数据截至日期：决定晚于法定或承诺期限、法定期限已过仍未决定、或超过送达期限的申请"
    "（暂停计时中的不计）", "permit", pf_overdue },
  { "permit.satisfaction", "行政许可好差评满意率", "%",
    "本年度至数据截至日期收到的好差评中，评价为非常满意、满意或基本满意的比例（一事一评）",
    "permit_rating", pf_satisfaction },
  { 0, 0, 0, 0, 0, 0 }
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
