/*
** gate.c -- a step's gate: what must be true before the step (struct
** reg_step's azNeed, azAfter, aNeedRec and xGate).
**
** reg_step() checks the gate inside the step's transaction on the record
** as the step would leave it (the asked fields applied); every missing
** condition is one REG_EGATE error in plain Chinese, so the API answers
** 409 with code "gate" and lists them in "errors", the CLI prints them
** and exits with the conflict status, and the record page shows them
** beside the step's disabled button (reg_gate_check with bAsked false:
** the fields the step's form asks for are not missing yet).
**
** "Earlier steps done" is read from the audit log: a step is done when
** the log holds an entry of that verb for this record (the kernel writes
** one in the transaction of every step, and the log is append-only).
*/
#include "../common.h"
#include "../base/arena.h"
#include "../base/buf.h"
#include "../base/util.h"
#include "../store/db.h"
#include "internal.h"

/* True when key z is one the step asks for. */
static bool gate_asks(const struct reg_step *s, const char *z){
  int i;
  for(i=0; s->azAsk && s->azAsk[i]; i++) if( str_eq(s->azAsk[i], z) ) return true;
  return false;
}

/* True when the audit log holds step zVerb for row id of d. */
static bool gate_done(const struct reg_def *d, i64 id, const char *zVerb){
  char zId[24];
  snprintf(zId, sizeof(zId), "%lld", (long long)id);
  return db_exists("SELECT 1 FROM audit WHERE entity=?1 AND entity_id=?2 AND action=?3",
                   "ttt", d->zName, zId, zVerb);
}

/* True when the condition p on another register holds for our row id
** with values az. */
static bool gate_record(const struct reg_def *d, const struct reg_need *p, i64 id,
                        const char **az){
  const struct reg_def *r = reg_find(p->zReg);
  struct buf sql = BUF_INIT;
  struct stmt q;
  i64 other = id;
  bool bOk;
  if( r==0 || r->zStateField==0 ) return false;
  if( p->zVia ){
    int i = reg_field_index(d, p->zVia);
    if( i<0 || az[i]==0 || str_to_i64(az[i], 1, INT64_MAX, &other) ) return false;
    buf_appendf(&sql, "SELECT 1 FROM %s WHERE id=?1 AND %s=?2", r->zTable, r->zStateField);
  }else{
    buf_appendf(&sql, "SELECT 1 FROM %s WHERE %s=?1 AND %s=?2", r->zTable, p->zBack,
                r->zStateField);
  }
  if( r->eDelete==REG_DEL_VOID ) buf_puts(&sql, " AND voided_at IS NULL");
  db_prepare_buf(&q, &sql);
  db_bind_int64(&q, 1, other);
  db_bind_text(&q, 2, p->zState);
  bOk = db_step(&q)==DB_ROW;
  db_finalize(&q);
  buf_release(&sql);
  return bOk;
}

int reg_gate_check(const struct reg_def *d, const struct actor *a, const struct reg_step *s,
                   i64 id, const char **az, bool bAsked, struct arena *ar, struct reg_err *e){
  int i, n0 = e->n + e->nMore;
  for(i=0; s->azNeed && s->azNeed[i]; i++){
    int k = reg_field_index(d, s->azNeed[i]);
    if( k<0 || az[k] || (!bAsked && gate_asks(s, s->azNeed[i])) ) continue;
    reg_err_add(e, REG_EGATE, d->aField[k].zKey, "%s前须填写%s", s->zLabel, d->aField[k].zLabel);
  }
  for(i=0; s->azAfter && s->azAfter[i]; i++){
    const struct reg_step *p = reg_step_find(d, s->azAfter[i]);
    if( id>0 && gate_done(d, id, s->azAfter[i]) ) continue;
    reg_err_add(e, REG_EGATE, 0, "%s前须先%s", s->zLabel, p ? p->zLabel : s->azAfter[i]);
  }
  for(i=0; s->aNeedRec && s->aNeedRec[i].zReg; i++){
    const struct reg_need *p = &s->aNeedRec[i];
    if( gate_record(d, p, id, az) ) continue;
    if( p->zLabel ){
      reg_err_add(e, REG_EGATE, p->zVia, "%s前须有%s", s->zLabel, p->zLabel);
    }else{
      const struct reg_def *r = reg_find(p->zReg);
      int iS = r ? reg_state_index(r) : -1;
      reg_err_add(e, REG_EGATE, p->zVia, "%s前须有状态为“%s”的%s", s->zLabel,
                  iS>=0 ? reg_choice_label(&r->aField[iS], p->zState) : p->zState,
                  r ? r->zTitle : p->zReg);
    }
  }
  if( s->xGate ){
    struct reg_ctx c;
    memset(&c, 0, sizeof(c));
    c.d = d; c.a = a; c.ar = ar; c.id = id; c.azOld = az; c.azNew = az;
    c.zVerb = s->zVerb; c.pErr = e;
    s->xGate(&c, e);
  }
  return e->n + e->nMore - n0;
}
