/*
** lead.c -- how a record page leads its reader (#22): the usual next step
** as the one primary action, labels that say what a field is in the
** record's state (受理审查期限 before 受理), the notice that says what an
** action did (「已受理，当前状态：已受理」), dates as a person writes them
** (2024年11月15日) and the 技术信息 fold that keeps hashes and algorithms
** out of the way.  Everything here reads the declaration alone.
*/
#include "../common.h"
#include "../base/arena.h"
#include "../base/buf.h"
#include "../base/date.h"
#include "../base/util.h"
#include "../store/db.h"
#include "../web/html.h"
#include "../web/req.h"
#include "../core/app.h"
#include "internal.h"

/* True when code z is in the NULL-terminated list az. */
static bool lead_in(const char *const *az, const char *z){
  int i;
  for(i=0; az && az[i]; i++) if( str_eq(az[i], z) ) return true;
  return false;
}

const char *reg_label_at(const struct reg_def *d, int iField, const char **az){
  const struct reg_field *f = &d->aField[iField];
  int i, iState = reg_state_index(d);
  const char *zState = iState>=0 && az ? az[iState] : 0;
  for(i=0; zState && i<d->nStateLabel; i++){
    const struct reg_state_label *p = &d->aStateLabel[i];
    if( str_eq(p->zField, f->zKey) && lead_in(p->azState, zState) ) return p->zLabel;
  }
  return f->zLabel;
}

/* True when actor a may take step s from the state of az. */
static bool lead_may(const struct reg_def *d, const struct actor *a, const struct reg_step *s,
                     const char **az){
  int iState = reg_state_index(d);
  if( s->mRoles && !(s->mRoles & a->mRoles) ) return false;
  return iState>=0 && lead_in(s->azFrom, az[iState]);
}

const struct reg_step *reg_step_usual(const struct reg_def *d, const struct actor *a,
                                      const char **az){
  int i;
  for(i=0; i<d->nStep; i++){
    const struct reg_step *s = &d->aStep[i];
    if( !s->bAside && lead_may(d, a, s, az) ) return s;
  }
  return 0;
}

const char *reg_step_done(struct arena *ar, const struct reg_def *d, const struct reg_step *s,
                          const char *zState){
  int iState = reg_state_index(d);
  const char *zShown;
  if( s->zDone ) return s->zDone;
  zShown = iState>=0 && zState ? reg_choice_label(&d->aField[iState], zState) : 0;
  if( zShown ) return arena_printf(ar, "已%s，当前状态：%s", s->zLabel, zShown);
  return arena_printf(ar, "已%s", s->zLabel);
}

const char *reg_display_page(struct arena *ar, const struct reg_def *d, int iField,
                             const struct actor *a, const char *z){
  int y, m, dd;
  if( d->aField[iField].eType==REG_DATE && z && strlen(z)==10 && z[4]=='-' && z[7]=='-' ){
    y = atoi(z); m = atoi(z+5); dd = atoi(z+8);
    if( y>0 && m>0 && dd>0 ) return arena_printf(ar, "%d年%d月%d日", y, m, dd);
  }
  return reg_display(ar, d, iField, a, z);
}

void reg_tech_begin(struct req *r){
  H(r, "<details class='tech'><summary>技术信息</summary><div class='tech-body'>");
}

void reg_tech_end(struct req *r){
  H(r, "</div></details>\n");
}

int reg_check_lead(const struct reg_def *d, struct buf *pOut){
  int i, k, n = 0, iState = reg_state_index(d);
  if( d->zExpireField && (reg_field_index(d, d->zExpireField)<0
      || d->aField[reg_field_index(d, d->zExpireField)].eType!=REG_DATE) ){
    buf_appendf(pOut, "登记簿 %s 期满字段：“%s”不是日期字段\n", d->zName, d->zExpireField);
    n++;
  }
  for(i=0; i<d->nStateLabel; i++){
    const struct reg_state_label *p = &d->aStateLabel[i];
    if( reg_field_index(d, p->zField)<0 ){
      buf_appendf(pOut, "登记簿 %s 按状态的标签：没有字段“%s”\n", d->zName,
                  p->zField ? p->zField : "");
      n++;
    }
    for(k=0; iState>=0 && p->azState && p->azState[k]; k++){
      if( !lead_in(d->aField[iState].azChoice, p->azState[k]) ){
        buf_appendf(pOut, "登记簿 %s 按状态的标签：“%s”不是状态\n", d->zName, p->azState[k]);
        n++;
      }
    }
    if( iState<0 || p->azState==0 ){
      buf_appendf(pOut, "登记簿 %s 按状态的标签：没有状态字段或状态\n", d->zName);
      n++;
    }
  }
  return n;
}

bool reg_field_shown(const struct reg_field *f){
  struct buf sql = BUF_INIT;
  struct stmt q;
  bool b;
  if( f->zShowIf==0 ) return true;
  buf_puts(&sql, f->zShowIf);      /* a declaration's SQL, no request text */
  db_prepare_buf(&q, &sql);
  b = db_step(&q)==DB_ROW;
  db_finalize(&q);
  buf_release(&sql);
  return b;
}

bool reg_expired(const struct reg_def *d, const char **az){
  int i = d->zExpireField ? reg_field_index(d, d->zExpireField) : -1;
  char zToday[11];
  if( i<0 || az[i]==0 || az[i][0]==0 ) return false;
  date_format(date_today(), zToday);
  return strcmp(az[i], zToday)<0;
}

const char *reg_ref_only(struct arena *ar, const char *zRef, const struct actor *a){
  const struct reg_def *d = reg_find(zRef);
  struct reg_query qy;
  struct stmt q;
  const char *zId = 0;
  int n = 0, iExp;
  if( d==0 ) return 0;
  iExp = d->zExpireField ? reg_field_index(d, d->zExpireField) : -1;
  reg_query_init(&qy);
  qy.limit = iExp>=0 ? 5000 : 2;
  reg_select(d, a, &qy, &q);
  while( db_step(&q)==DB_ROW && n<2 ){
    if( iExp>=0 ){
      /* an expired row is no choice */
      const char *z = db_column_text(&q, 4+iExp);
      char zToday[11];
      date_format(date_today(), zToday);
      if( z && z[0] && strcmp(z, zToday)<0 ) continue;
    }
    if( n++==0 ) zId = arena_printf(ar, "%lld", (long long)db_column_int64(&q, 0));
  }
  db_finalize(&q);
  return n==1 ? zId : 0;
}
