/*
** deadline_alert.c -- a register's declared deadlines as dashboard alerts
** (reg/figure.h): what is due within N working days of the as-of day and
** what is overdue, over the rows of the alert's scope, from the
** declaration alone.  An area declares its alert with a one-line function
** calling reg_deadline_alerts() (the figure registry lists functions).
*/
#include "../common.h"
#include "../base/arena.h"
#include "../base/buf.h"
#include "../base/date.h"
#include "../base/util.h"
#include "../core/clock.h"
#include "../store/db.h"
#include "figure.h"
#include "internal.h"
#include "deadline_alert.h"

/* True when row az's state lets deadline dl run (every state when it
** declares none). */
static bool da_running(const struct reg_def *d, const struct reg_deadline *dl, const char **az){
  int i, iState = reg_state_index(d);
  if( dl->azOpen==0 || iState<0 ) return true;
  for(i=0; dl->azOpen[i]; i++) if( str_eq(dl->azOpen[i], az[iState]) ) return true;
  return false;
}

void reg_deadline_alerts(const struct reg_def *d, const struct fig_scope *s, struct arena *ar,
                         struct alert_list *pList, i64 nWithin){
  const struct calendar *cal;
  struct buf sql = BUF_INIT;
  struct stmt q;
  int iTitle = reg_title_index(d);
  if( d->nDeadline==0 || d->zOrgField==0 ) return;
  cal = clock_calendar();
  reg_columns(d, &sql);
  buf_appendf(&sql, " FROM %s t JOIN org o ON o.id=t.%s WHERE o.path LIKE ?1", d->zTable,
              d->zOrgField);
  if( d->eDelete==REG_DEL_VOID ) buf_puts(&sql, " AND t.voided_at IS NULL");
  buf_puts(&sql, " ORDER BY t.id");
  db_prepare_buf(&q, &sql);
  buf_release(&sql);
  db_bind_text(&q, 1, s->zLike);
  while( db_step(&q)==DB_ROW ){
    struct reg_rec rec;
    int i;
    reg_row(d, &q, ar, &rec);
    for(i=0; i<d->nDeadline; i++){
      const struct reg_deadline *dl = &d->aDeadline[i];
      const char *zDue = rec.az[reg_field_index(d, dl->zDueField)];
      const char *zTitle = rec.az[iTitle] ? rec.az[iTitle] : "";
      const char *zUrl = arena_printf(ar, "/%s/%lld", d->zSeg, (long long)rec.id);
      int due, nLeft;
      if( dl->bNoList || !da_running(d, dl, rec.az) ) continue;
      if( zDue==0 || date_parse(zDue, &due) || clock_workdays_between(cal, s->iAsOf, due, &nLeft, 0) ){
        continue;
      }
      if( s->iAsOf>due ){
        alert_add(pList, ar, ALERT_OVERDUE, due,
                  arena_printf(ar, "%s“%s”已超过%s %s，逾期%d个工作日", d->zTitle, zTitle,
                               dl->zLabel, zDue, -nLeft), zUrl);
      }else if( nLeft<=nWithin ){
        alert_add(pList, ar, ALERT_SOON, due,
                  arena_printf(ar, "%s“%s”%s %s，剩余%d个工作日", d->zTitle, zTitle, dl->zLabel,
                               zDue, nLeft), zUrl);
      }
    }
  }
  db_finalize(&q);
  clock_release(cal);
}
