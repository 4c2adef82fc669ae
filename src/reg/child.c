/*
** child.c -- child records: rows of one register that belong to one row
** of another (a permit's pauses and 补正 rounds; next a plan's drawn tasks,
** an inspection's checklist results).
**
** The parent declares its children (reg_def.aChild: the child's
** declaration and its URL segment); the child is a register of its own
** (its table, fields, checks, audit) with a REG_REF field naming the parent
** (reg_def.zParentField) and an org field the kernel copies from the
** parent, so the child is reachable exactly when its parent is.  It has no
** pages of its own; the kernel gives, under the parent:
**
**   page  a table of the children on the parent's record page, with
**         GET|POST /<seg>/:id/<child>/new, /<seg>/:id/<child>/:cid/edit
**         and POST /<seg>/:id/<child>/:cid/void (breadcrumb: the parent)
**   API   GET|POST /api/v1/<seg>/:id/<child>,
**         GET|PUT|DELETE /api/v1/<seg>/:id/<child>/:cid
**   CLI   fazhi <cmd> <child> list|add|set|void PARENT ...
**
** Every change is one transaction and one audit entry (the child's
** register and id, its values with the parent's id and title); after it
** the parent's xCheck (which may refuse: "at least two inspectors") and
** xDerive (due dates from the pauses) run with the children as they now
** are, and what the parent derives is stored in the same transaction.
** The parent's rules read the children with reg_children().
*/
#include "../common.h"
#include <jansson.h>
#include <pthread.h>
#include "../base/arena.h"
#include "../base/buf.h"
#include "../base/fmt.h"
#include "../base/json.h"
#include "../base/map.h"
#include "../base/util.h"
#include "../office/table.h"
#include "../office/xlsx_read.h"
#include "../store/db.h"
#include "../web/api.h"
#include "../web/html.h"
#include "../web/req.h"
#include "../core/app.h"
#include "../core/audit.h"
#include "../core/cli.h"
#include "internal.h"

const struct reg_child *reg_child_find(const struct reg_def *d, const char *zName){
  int i;
  for(i=0; d && zName && i<d->nChild; i++){
    if( str_eq(d->aChild[i].zSeg, zName) || str_eq(d->aChild[i].pDef->zName, zName) ){
      return &d->aChild[i];
    }
  }
  return 0;
}

const struct reg_def *reg_parent_of(const struct reg_def *d){
  const struct reg_def *const *pp;
  int i;
  if( d->zParentField==0 ) return 0;
  for(pp=reg_list(); *pp; pp++){
    for(i=0; i<(*pp)->nChild; i++) if( (*pp)->aChild[i].pDef==d ) return *pp;
  }
  return 0;
}

/* The index of child d's link field (a broken declaration is a bug). */
static int child_link(const struct reg_def *d){
  int i = reg_field_index(d, d->zParentField);
  if( i<0 ) fatal("reg: child register %s has no field %s", d->zName, d->zParentField);
  return i;
}

/* Prepare the rows of child cd whose link is parentId (voided too when
** bVoided), every column as reg_row reads them. */
static void child_select(const struct reg_def *cd, i64 parentId, bool bVoided, struct stmt *q){
  struct buf sql = BUF_INIT;
  int i;
  buf_appendf(&sql, "SELECT t.id, t.created_at, t.updated_at, %s",
              cd->eDelete==REG_DEL_VOID ? "t.void_reason" : "NULL");
  for(i=0; i<cd->nField; i++) buf_appendf(&sql, ", t.%s", cd->aField[i].zKey);
  buf_appendf(&sql, " FROM %s t WHERE t.%s=?1", cd->zTable, cd->zParentField);
  if( cd->eDelete==REG_DEL_VOID && !bVoided ) buf_puts(&sql, " AND t.voided_at IS NULL");
  buf_appendf(&sql, " ORDER BY %s", cd->zOrder ? cd->zOrder : "t.id");
  db_prepare_buf(q, &sql);
  db_bind_int64(q, 1, parentId);
  buf_release(&sql);
}

/* The rows of child cd of parentId into *paRec (in ar). */
static int child_rows(const struct reg_def *cd, i64 parentId, bool bVoided, struct arena *ar,
                      struct reg_rec **paRec){
  struct stmt q;
  struct reg_rec *a = 0;
  int n = 0, nAlloc = 0;
  child_select(cd, parentId, bVoided, &q);
  while( db_step(&q)==DB_ROW ){
    if( n==nAlloc ){
      struct reg_rec *aNew;
      nAlloc = nAlloc ? nAlloc*2 : 8;
      aNew = arena_alloc(ar, sizeof(*aNew) * (size_t)nAlloc);
      if( n ) memcpy(aNew, a, sizeof(*aNew) * (size_t)n);
      a = aNew;
    }
    reg_row(cd, &q, ar, &a[n++]);
  }
  db_finalize(&q);
  *paRec = a;
  return n;
}

int reg_children(const struct reg_def *d, i64 parentId, const char *zChild, struct arena *ar,
                 struct reg_rec **paRec, int *pn){
  const struct reg_child *ch = reg_child_find(d, zChild);
  if( ch==0 ) fatal("reg_children: %s has no child %s", d->zName, zChild ? zChild : "");
  *pn = child_rows(ch->pDef, parentId, false, ar, paRec);
  return *pn;
}

int reg_child_fill(const struct reg_def *d, const struct actor *a, const char **azIn,
                   const char **azNew, struct arena *ar, struct reg_err *e){
  const struct reg_def *pd = reg_parent_of(d);
  int iLink = child_link(d), iOrg = reg_field_index(d, d->zOrgField);
  int iPOrg;
  struct reg_rec rec;
  struct reg_err e2;
  i64 pid;
  if( pd==0 ) fatal("reg: child register %s has no parent", d->zName);
  iPOrg = reg_field_index(pd, pd->zOrgField);
  reg_err_init(&e2, ar);
  if( azIn[iLink]==0 || str_to_i64(azIn[iLink], 1, INT64_MAX, &pid)
   || reg_get(pd, a, pid, ar, &rec, &e2) ){
    reg_err_add(e, REG_ENOTFOUND, 0, "%s不存在或不在您的管理范围内", pd->zTitle);
    return -1;
  }
  if( rec.zVoidReason ){
    reg_err_add(e, REG_EGONE, 0, "该%s已作废，不能再增加%s", pd->zTitle, d->zTitle);
    return -1;
  }
  azNew[iLink] = arena_printf(ar, "%lld", (long long)pid);
  if( iOrg>=0 ) azNew[iOrg] = iPOrg>=0 ? rec.az[iPOrg] : azNew[iLink];
  return 0;
}

int reg_child_touch(const struct reg_def *d, const struct actor *a, const char **azNew,
                    struct arena *ar, struct reg_err *e){
  const struct reg_def *pd = reg_parent_of(d);
  const char **azP;
  struct reg_rec old;
  struct reg_ctx c;
  struct reg_err e2;
  i64 pid;
  int i;
  bool bChanged = false;
  if( pd==0 || azNew[child_link(d)]==0
   || str_to_i64(azNew[child_link(d)], 1, INT64_MAX, &pid) ) return 0;
  reg_err_init(&e2, ar);
  if( reg_get(pd, a, pid, ar, &old, &e2) ){
    reg_err_add(e, REG_ENOTFOUND, 0, "%s不存在或不在您的管理范围内", pd->zTitle);
    return -1;
  }
  azP = arena_alloc(ar, sizeof(char *) * (size_t)pd->nField);
  for(i=0; i<pd->nField; i++) azP[i] = old.az[i];
  memset(&c, 0, sizeof(c));
  c.d = pd; c.a = a; c.ar = ar; c.id = pid; c.azOld = old.az; c.azNew = azP;
  c.zVerb = "child"; c.pErr = e;
  if( pd->xCheck && (pd->xCheck(&c) || e->n) ) return -1;
  if( pd->xDerive ) pd->xDerive(&c);
  if( pd->nDeadline ) reg_deadline_derive(&c);
  for(i=0; i<pd->nField; i++) if( !str_eq(azP[i], old.az[i]) ) bChanged = true;
  if( bChanged && reg_store_row(pd, &pid, azP, ar, e) ) return -1;
  return 0;
}

void reg_child_follow(const struct reg_def *d, i64 id, const char **azNew){
  int i, iOrg = reg_field_index(d, d->zOrgField);
  if( iOrg<0 || azNew[iOrg]==0 ) return;
  for(i=0; i<d->nChild; i++){
    const struct reg_def *cd = d->aChild[i].pDef;
    struct buf sql = BUF_INIT;
    struct stmt q;
    if( reg_field_index(cd, cd->zOrgField)<0 ) continue;
    buf_appendf(&sql, "UPDATE %s SET %s=?1 WHERE %s=?2 AND %s!=?1", cd->zTable, cd->zOrgField,
                cd->zParentField, cd->zOrgField);
    db_prepare_buf(&q, &sql);
    db_bind_int64(&q, 1, atoll(azNew[iOrg]));
    db_bind_int64(&q, 2, id);
    db_step(&q);
    db_finalize(&q);
    buf_release(&sql);
  }
}

/* The import's audit batch while it writes (reg_child_batch), per thread. */
static _Thread_local struct audit_batch *pBatchT;

void reg_child_batch(struct audit_batch *ab){
  pBatchT = ab;
}

/* Write a child row inside the caller's transaction, no parent touch (the
** parent's own write derives next): id 0 inserts. */
static int child_write(struct reg_ctx *c, const struct reg_def *cd, i64 *pId,
                       const char **azIn, const bool *abSet){
  struct arena *ar = c->ar;
  const char **azNew = arena_alloc(ar, sizeof(char *) * (size_t)cd->nField);
  const char **azMix = arena_alloc(ar, sizeof(char *) * (size_t)cd->nField);
  const char **azOld = 0;
  struct reg_ctx cc;
  char zId[24];
  int i, iLink = child_link(cd), nErr = c->pErr->n;
  for(i=0; i<cd->nField; i++) azMix[i] = azIn[i];
  if( *pId ){
    struct reg_rec old;
    if( reg_get(cd, c->a, *pId, ar, &old, c->pErr) ) return -1;
    azOld = old.az;
    for(i=0; i<cd->nField; i++) if( !abSet[i] ) azMix[i] = old.az[i];
  }
  azMix[iLink] = arena_printf(ar, "%lld", (long long)c->id);
  reg_check_row(cd, c->a, azMix, azNew, ar, c->pErr);
  if( azOld ){
    int iState = reg_state_index(cd);
    if( iState>=0 ) azNew[iState] = azOld[iState];
  }
  for(i=0; i<cd->nField; i++){
    if( (cd->aField[i].mFlags & RF_READONLY) && i!=iLink ) azNew[i] = azMix[i];
  }
  azNew[iLink] = azMix[iLink];
  {
    int iOrg = reg_field_index(cd, cd->zOrgField), iPOrg = reg_field_index(c->d, c->d->zOrgField);
    if( iOrg>=0 && iPOrg>=0 ) azNew[iOrg] = c->azNew[iPOrg];
  }
  memset(&cc, 0, sizeof(cc));
  cc.d = cd; cc.a = c->a; cc.ar = ar; cc.id = *pId; cc.azOld = azOld; cc.azNew = azNew;
  cc.zVerb = *pId ? "update" : "create"; cc.pErr = c->pErr;
  if( cd->xCheck ) cd->xCheck(&cc);
  if( c->pErr->n>nErr ) return -1;
  if( cd->xDerive ) cd->xDerive(&cc);
  if( reg_store_row(cd, pId, azNew, ar, c->pErr) ) return -1;
  snprintf(zId, sizeof(zId), "%lld", (long long)*pId);
  if( pBatchT ){
    audit_batch_add(pBatchT, c->a, azOld ? "update" : "create", cd->zName, zId,
                    azOld ? reg_audit_text(ar, cd, *pId, azOld, 0) : 0,
                    reg_audit_text(ar, cd, *pId, azNew, 0));
  }else{
    audit_write(c->a, azOld ? "update" : "create", cd->zName, zId,
                azOld ? reg_audit_text(ar, cd, *pId, azOld, 0) : 0,
                reg_audit_text(ar, cd, *pId, azNew, 0));
  }
  return 0;
}

int reg_child_add(struct reg_ctx *c, const char *zChild, const char **azIn, i64 *pId){
  const struct reg_child *ch = reg_child_find(c->d, zChild);
  if( ch==0 ) fatal("reg_child_add: %s has no child %s", c->d->zName, zChild);
  *pId = 0;
  return child_write(c, ch->pDef, pId, azIn, 0);
}

int reg_child_set(struct reg_ctx *c, const char *zChild, i64 childId, const char **azIn,
                  const bool *abSet){
  const struct reg_child *ch = reg_child_find(c->d, zChild);
  if( ch==0 ) fatal("reg_child_set: %s has no child %s", c->d->zName, zChild);
  return child_write(c, ch->pDef, &childId, azIn, abSet);
}

/* ---- requests ---- */

/* The parent register, the child and the parent's id of a nested
** request (/<seg>/:id/<child>... or /api/v1/<seg>/:id/<child>...);
** NULL when the path names none. */
const struct reg_child *reg_child_of_req(struct req *r, const struct reg_def **ppD,
                                         i64 *pParent){
  const char *z = r->zPath;
  const char *e;
  char zSeg[64];
  int k;
  *ppD = reg_of_req(r);
  *pParent = req_path_id(r, 0);
  if( *ppD==0 ) return 0;
  if( str_starts(z, "/api/v1/") ) z += strlen("/api/v1/");
  else if( *z=='/' ) z++;
  for(k=0; k<2 && z; k++){                /* past <seg>/ and <id>/ */
    z = strchr(z, '/');
    if( z ) z++;
  }
  if( z==0 ) return 0;
  e = strchr(z, '/');
  if( e==0 ) e = z + strlen(z);
  if( (size_t)(e - z) >= sizeof(zSeg) ) return 0;
  memcpy(zSeg, z, (size_t)(e - z));
  zSeg[e - z] = 0;
  return reg_child_find(*ppD, zSeg);
}

const char *reg_rec_path(struct arena *ar, const struct reg_def *d, const struct reg_rec *pRec){
  const struct reg_def *pd = d->zParentField ? reg_parent_of(d) : 0;
  const struct reg_child *ch = pd ? reg_child_find(pd, d->zName) : 0;
  if( ch==0 ) return arena_printf(ar, "/%s/%lld", d->zSeg, (long long)pRec->id);
  return arena_printf(ar, "/%s/%s/%s/%lld", pd->zSeg, pRec->az[child_link(d)]
                      ? pRec->az[child_link(d)] : "0", ch->zSeg, (long long)pRec->id);
}

/* Read the parent pid within the actor's reach: 0, or -1 with not-found
** in e. */
static int child_parent(const struct reg_def *pd, const struct actor *a, i64 pid,
                        struct arena *ar, struct reg_rec *pRec, struct reg_err *e){
  if( pid==0 || reg_get(pd, a, pid, ar, pRec, e) ){
    if( e->n==0 ) reg_err_add(e, REG_ENOTFOUND, 0, "%s不存在或不在您的管理范围内", pd->zTitle);
    return -1;
  }
  return 0;
}

/* Read the child cid of parent pid (within the actor's reach and
** belonging to that parent): 0, or -1 with not-found in e. */
static int child_get(const struct reg_def *pd, const struct reg_child *ch, const struct actor *a,
                     i64 pid, i64 cid, struct arena *ar, struct reg_rec *pRec, struct reg_err *e){
  struct reg_rec prec;
  const struct reg_def *cd = ch->pDef;
  if( child_parent(pd, a, pid, ar, &prec, e) ) return -1;
  if( cid==0 || reg_get(cd, a, cid, ar, pRec, e)
   || !str_eq(pRec->az[child_link(cd)], arena_printf(ar, "%lld", (long long)pid)) ){
    if( e->n==0 ) reg_err_add(e, REG_ENOTFOUND, 0, "%s不存在或不在您的管理范围内", cd->zTitle);
    return -1;
  }
  return 0;
}

/* Create a child of pid from azIn: the link set from the URL. */
static int child_create(const struct reg_child *ch, const struct actor *a, i64 pid,
                        const char **azIn, struct arena *ar, i64 *pId, struct reg_err *e){
  const struct reg_def *cd = ch->pDef;
  const char **az = arena_alloc(ar, sizeof(char *) * (size_t)(cd->nField ? cd->nField : 1));
  int i;
  for(i=0; i<cd->nField; i++) az[i] = azIn[i];
  az[child_link(cd)] = arena_printf(ar, "%lld", (long long)pid);
  return reg_create(cd, a, az, pId, e);
}

/* What every nested request starts from: the parent register and id, the
** child, the actor, the errors, the child's value and flag arrays, the
** record read (the parent, or with bChild the child :cid) and the parent's
** page path. */
struct child_req {
  const struct reg_def *pd;
  const struct reg_child *ch;
  const struct reg_def *cd;
  i64 pid, cid;
  struct actor a;
  struct reg_err e;
  struct reg_rec rec;
  const char **az;
  bool *abSet;
  const char *zBack;
};

/* Open request r as x, reading the parent (bChild: the child :cid too).
** Returns 0, or -1 after answering 404 (API: JSON; page: an error page). */
static int child_req_open(struct req *r, struct child_req *x, bool bChild){
  bool bApi = str_starts(r->zPath, "/api/");
  memset(x, 0, sizeof(*x));
  x->ch = reg_child_of_req(r, &x->pd, &x->pid);
  if( x->ch==0 ){
    if( bApi ) api_error(r, 404, "not_found", "没有这个接口", 0);
    else html_error_page(r, 404, "页面不存在");
    return -1;
  }
  x->cd = x->ch->pDef;
  x->cid = bChild ? req_path_id(r, 1) : 0;
  x->az = reg_values_alloc(r->arena, x->cd);
  x->abSet = reg_flags_alloc(r->arena, x->cd);
  x->zBack = arena_printf(r->arena, "/%s/%lld", x->pd->zSeg, (long long)x->pid);
  actor_from_req(&x->a, r);
  reg_err_init(&x->e, r->arena);
  if( bChild ? child_get(x->pd, x->ch, &x->a, x->pid, x->cid, r->arena, &x->rec, &x->e)
             : child_parent(x->pd, &x->a, x->pid, r->arena, &x->rec, &x->e) ){
    if( bApi ){
      reg_api_error(r, &x->e);          /* audits a parent outside the scope */
    }else{
      if( !bChild ) reg_note_out_of_scope(x->pd, &x->a, x->pid);
      html_error_page(r, 404, reg_err_text(&x->e));
    }
    return -1;
  }
  return 0;
}

void reg_child_list_api(struct req *r){
  struct child_req x;
  struct reg_rec *aRec;
  struct json_w j;
  const char *zV = req_param_trim(r, "voided");
  int i, n;
  if( child_req_open(r, &x, false) ) return;
  n = child_rows(x.cd, x.pid, zV && str_eq(zV, "1"), r->arena, &aRec);
  api_begin(r, &j);
  json_obj_open(&j, 0);
  json_arr_open(&j, "items");
  for(i=0; i<n; i++) reg_rec_json(&j, x.cd, &aRec[i], &x.a, r->arena);
  json_arr_close(&j);
  json_int(&j, "total", n);
  json_obj_close(&j);
}

/* Reply with child cid as JSON. */
static void child_reply(struct req *r, const struct reg_def *cd, const struct actor *a, i64 cid){
  struct reg_rec rec;
  struct reg_err e;
  struct json_w j;
  reg_err_init(&e, r->arena);
  if( reg_get(cd, a, cid, r->arena, &rec, &e) ){
    reg_api_error(r, &e);
    return;
  }
  api_begin(r, &j);
  reg_rec_json(&j, cd, &rec, a, r->arena);
}

void reg_child_get_api(struct req *r){
  struct child_req x;
  struct json_w j;
  if( child_req_open(r, &x, true) ) return;
  api_begin(r, &j);
  reg_rec_json(&j, x.cd, &x.rec, &x.a, r->arena);
}

void reg_child_create_api(struct req *r){
  struct child_req x;
  json_t *pBody;
  i64 cid;
  if( child_req_open(r, &x, false) || (pBody = api_body(r))==0 ) return;
  if( reg_body_fields(r, x.cd, pBody, 0, x.az, x.abSet, 0)==0
   && reg_body_required(r, x.cd, x.abSet)==0 ){
    if( child_create(x.ch, &x.a, x.pid, x.az, r->arena, &cid, &x.e) ){
      reg_api_error(r, &x.e);
    }else{
      child_reply(r, x.cd, &x.a, cid);
      if( r->status==200 ) r->status = 201;
    }
  }
  json_decref(pBody);
}

void reg_child_update_api(struct req *r){
  struct child_req x;
  json_t *pBody;
  i64 version = 0;
  if( child_req_open(r, &x, true) || (pBody = api_body(r))==0 ) return;
  /* "version": the one the client read the row at (409 when it moved) */
  if( reg_body_fields(r, x.cd, pBody, 0, x.az, x.abSet, &version)==0 ){
    if( reg_update_at(x.cd, &x.a, x.cid, version, x.az, x.abSet, &x.e) ) reg_api_error(r, &x.e);
    else child_reply(r, x.cd, &x.a, x.cid);
  }
  json_decref(pBody);
}

void reg_child_delete_api(struct req *r){
  struct child_req x;
  const char *zReason;
  json_t *pBody = 0;
  if( child_req_open(r, &x, true) || reg_delete_reason(r, &zReason, &pBody) ) return;
  if( reg_delete(x.cd, &x.a, x.cid, zReason, &x.e) ) reg_api_error(r, &x.e);
  else if( x.cd->eDelete==REG_DEL_VOID ) child_reply(r, x.cd, &x.a, x.cid);
  else r->status = 204;
  if( pBody ) json_decref(pBody);
}

/* ---- pages ---- */

void reg_child_tables(struct req *r, const struct reg_def *d, const struct actor *a,
                      const struct reg_rec *pRec){
  int k, i;
  bool bWrite = reg_may_write(d, a) && pRec->zVoidReason==0;
  for(k=0; k<d->nChild; k++){
    const struct reg_child *ch = &d->aChild[k];
    const struct reg_def *cd = ch->pDef;
    struct reg_rec *aRec;
    int n = child_rows(cd, pRec->id, true, r->arena, &aRec), iLink = child_link(cd);
    int iOrg = reg_field_index(cd, cd->zOrgField);
    H(r, "<h2 id='c-%a'>%h</h2>\n", ch->zSeg, cd->zListTitle ? cd->zListTitle : cd->zTitle);
    if( bWrite ){
      H(r, "<p><a class='btn' href='/%t/%lld/%t/new'>新增%h</a></p>\n", d->zSeg,
        (long long)pRec->id, ch->zSeg, cd->zTitle);
    }
    if( n==0 ){
      H(r, "<div class='empty'>暂无%h</div>\n", cd->zTitle);
      continue;
    }
    H(r, "<table class='list child'><thead><tr>");
    for(i=0; i<cd->nField; i++){
      /* machinery (RF_TECH: a hash) stays on the child's own page */
      if( i==iLink || i==iOrg || (cd->aField[i].mFlags & RF_TECH) ) continue;
      H(r, "<th scope='col'>%h</th>", cd->aField[i].zLabel);
    }
    H(r, "<th scope='col'>操作</th></tr></thead><tbody>\n");
    for(i=0; i<n; i++){
      int f;
      H(r, "<tr%s>", aRec[i].zVoidReason ? " class='voided'" : "");
      for(f=0; f<cd->nField; f++){
        if( f==iLink || f==iOrg || (cd->aField[f].mFlags & RF_TECH) ) continue;
        if( cd->aField[f].eType==REG_FILE ){
          H(r, "<td>");
          reg_file_fact(r, cd, &aRec[i], f);
          H(r, "</td>");
          continue;
        }
        H(r, "<td>%h</td>", reg_display_page(r->arena, cd, f, a, aRec[i].az[f]));
      }
      H(r, "<td>");
      if( aRec[i].zVoidReason ){
        H(r, "<span class='tag'>已作废</span> %h", aRec[i].zVoidReason);
      }else if( bWrite ){
        H(r, "<a href='/%t/%lld/%t/%lld/edit'>编辑%s</a>", d->zSeg, (long long)pRec->id,
          ch->zSeg, (long long)aRec[i].id, reg_has_file(cd) ? "或上传文件" : "");
        if( cd->eDelete==REG_DEL_VOID ){
          H(r, " <form method='post' class='inline' action='/%t/%lld/%t/%lld/void'>", d->zSeg,
            (long long)pRec->id, ch->zSeg, (long long)aRec[i].id);
          html_csrf(r);
          H(r, "<input name='reason' placeholder='作废原因' aria-label='作废原因'>"
               "<button class='danger' type='submit'>作废</button></form>");
        }
      }
      H(r, "</td></tr>\n");
    }
    H(r, "</tbody></table>\n");
  }
}

/* The breadcrumb of a child form: the parent's list, the parent. */
static const char *const *child_crumb(struct req *r, const struct reg_def *pd, i64 pid){
  const char **az = arena_alloc(r->arena, sizeof(char *) * 5);
  char *zTitle = reg_ref_title(r->arena, pd->zName, pid);
  az[0] = pd->zListTitle ? pd->zListTitle : pd->zTitle;
  az[1] = arena_printf(r->arena, "/%s", pd->zSeg);
  az[2] = zTitle ? zTitle : pd->zTitle;
  az[3] = arena_printf(r->arena, "/%s/%lld", pd->zSeg, (long long)pid);
  az[4] = 0;
  return az;
}

void reg_child_new_page(struct req *r){
  struct child_req x;
  i64 cid;
  if( child_req_open(r, &x, false) ) return;
  if( strcmp(r->zMethod, "POST")==0 ){
    reg_form_values(r, x.cd, &x.a, x.az, x.abSet, true);
    if( child_create(x.ch, &x.a, x.pid, x.az, r->arena, &cid, &x.e)==0 ){
      req_redirect(r, arena_printf(r->arena, "%s?saved=1#c-%s", x.zBack, x.ch->zSeg));
      return;
    }
    r->status = reg_err_status(x.e.eKind)==409 ? 409 : 422;
  }
  html_begin_crumbs(r, arena_printf(r->arena, "新增%s", x.cd->zTitle), x.zBack,
                    child_crumb(r, x.pd, x.pid));
  reg_form(r, x.cd, &x.a, arena_printf(r->arena, "%s/%s/new", x.zBack, x.ch->zSeg), x.zBack,
           x.az, &x.e, true, 0);
  html_end(r);
}

void reg_child_edit_page(struct req *r){
  struct child_req x;
  int i;
  if( child_req_open(r, &x, true) ) return;
  if( strcmp(r->zMethod, "POST")==0 ){
    reg_form_values(r, x.cd, &x.a, x.az, x.abSet, false);
    if( reg_update(x.cd, &x.a, x.cid, x.az, x.abSet, &x.e)==0 ){
      req_redirect(r, arena_printf(r->arena, "%s?saved=1#c-%s", x.zBack, x.ch->zSeg));
      return;
    }
    r->status = reg_err_status(x.e.eKind);
    for(i=0; i<x.cd->nField; i++) if( x.abSet[i] ) x.rec.az[i] = x.az[i];
  }
  html_begin_crumbs(r, arena_printf(r->arena, "编辑%s", x.cd->zTitle), x.zBack,
                    child_crumb(r, x.pd, x.pid));
  reg_form(r, x.cd, &x.a, arena_printf(r->arena, "%s/%s/%lld/edit", x.zBack, x.ch->zSeg,
                                       (long long)x.cid), x.zBack, x.rec.az, &x.e, false,
           x.rec.version);
  reg_file_forms(r, x.cd, &x.a, &x.rec);
  html_end(r);
}

void reg_child_void_page(struct req *r){
  struct child_req x;
  if( child_req_open(r, &x, true) ) return;
  if( reg_delete(x.cd, &x.a, x.cid, req_param_trim(r, "reason"), &x.e) ){
    html_error_page(r, reg_err_status(x.e.eKind), reg_err_text(&x.e));
    return;
  }
  req_redirect(r, arena_printf(r->arena, "%s?saved=1#c-%s", x.zBack, x.ch->zSeg));
}

/* ---- command ---- */

/* The option name of field f (--pause-kind), in ar. */
static char *child_opt(struct arena *ar, const struct reg_field *f){
  char *z = arena_printf(ar, "--%s", f->zKey), *p;
  for(p=z+2; *p; p++) if( *p=='_' ) *p = '-';
  return z;
}

int reg_child_cmd(const struct reg_def *d, const struct reg_child *ch, int argc, char **argv){
  const struct reg_def *cd = ch->pDef;
  struct arena *ar = arena_new();
  struct buf use = BUF_INIT;
  const char **az;
  bool *abSet;
  const char *zSub = argc>1 ? argv[1] : 0;
  struct actor a;
  struct reg_err e;
  struct reg_rec prec;
  int n = argc-1, rc = 2, i, iLink = child_link(cd), iOrg = reg_field_index(cd, cd->zOrgField);
  bool bFile = reg_has_file(cd), bFileVerb;
  char **av = argv+1;
  i64 pid = 0, cid = 0;
  buf_appendf(&use, "用法: fazhi %s %s list PARENT\n      fazhi %s %s add PARENT", d->zCmd, ch->zSeg,
              d->zCmd, ch->zSeg);
  for(i=0; i<cd->nField; i++){
    const struct reg_field *f = &cd->aField[i];
    if( (f->mFlags & RF_READONLY) || i==iLink || i==iOrg ) continue;
    if( f->mFlags & RF_REQUIRED ) buf_appendf(&use, " %s 值", child_opt(ar, f));
    else buf_appendf(&use, " [%s 值]", child_opt(ar, f));
  }
  buf_appendf(&use, "\n      fazhi %s %s set PARENT ID [--字段 值 ...]\n"
                    "      fazhi %s %s void PARENT ID --reason 原因\n", d->zCmd, ch->zSeg,
              d->zCmd, ch->zSeg);
  if( bFile ){
    buf_appendf(&use, "      fazhi %s %s attach PARENT ID 附件字段 FILE\n"
                      "      fazhi %s %s download PARENT ID 附件字段 [-o FILE]\n"
                      "      fazhi %s %s files PARENT ID 附件字段\n", d->zCmd, ch->zSeg,
                d->zCmd, ch->zSeg, d->zCmd, ch->zSeg);
  }
  buf_appendf(&use, "PARENT 为%s的编号或%s；%s（%s）\n", d->zTitle,
              d->aField[reg_title_index(d)].zLabel, cd->zTitle, cd->zName);
  reg_err_init(&e, ar);
  az = reg_values_alloc(ar, cd);
  abSet = reg_flags_alloc(ar, cd);
  bFileVerb = bFile && (str_eq(zSub, "attach") || str_eq(zSub, "download")
                        || str_eq(zSub, "files"));
  if( zSub==0 || (!str_eq(zSub, "list") && !str_eq(zSub, "add") && !str_eq(zSub, "set")
                  && !str_eq(zSub, "void") && !bFileVerb) ){
    if( zSub && (str_eq(zSub, "help") || str_eq(zSub, "--help") || str_eq(zSub, "-h")) ){
      printf("%s", use.buf);
      rc = 0;
    }else{
      rc = cli_usage(use.buf);
    }
    goto out;
  }
  for(i=0; i<cd->nField && !bFileVerb; i++){
    const struct reg_field *f = &cd->aField[i];
    const char *z;
    if( (f->mFlags & RF_READONLY) || i==iLink || i==iOrg ) continue;
    if( (z = cli_option(&n, av, child_opt(ar, f)))!=0 ){
      az[i] = z;
      abSet[i] = true;
    }
  }
  {
    const char *zReason = str_eq(zSub, "void") ? cli_option(&n, av, "--reason") : 0;
    const char *zOut = str_eq(zSub, "download") ? cli_option(&n, av, "-o") : 0;
    int nArg = str_eq(zSub, "attach") ? 4 : bFileVerb ? 3
             : str_eq(zSub, "set") || str_eq(zSub, "void") ? 2 : 1;
    if( cli_finish(n, av, nArg, nArg, use.buf) ) goto out;
    if( cli_open() ){ rc = 1; goto out; }
    actor_cli(&a);
    pid = reg_ref_lookup(d->zName, &a, av[1]);
    if( pid==0 || reg_get(d, &a, pid, ar, &prec, &e) ){
      fprintf(stderr, "fazhi: %s“%s”不存在或不在您的管理范围内\n", d->zTitle, av[1]);
      rc = reg_err_exit(REG_ENOTFOUND);
      goto out;
    }
    if( nArg>=2 && str_to_i64(av[2], 1, INT64_MAX, &cid) ){
      fprintf(stderr, "fazhi: 编号应为正整数\n");
      goto out;
    }
    if( bFileVerb ){
      struct reg_rec rec;
      if( child_get(d, ch, &a, pid, cid, ar, &rec, &e) ) goto fail;
      rc = reg_file_cli(cd, &a, cid, pid, zSub, av[3], nArg==4 ? av[4] : zOut);
    }else if( str_eq(zSub, "list") ){
      struct reg_rec *aRec;
      int k, nRow = child_rows(cd, pid, true, ar, &aRec);
      for(k=0; k<nRow; k++){
        printf("%lld", (long long)aRec[k].id);
        for(i=0; i<cd->nField; i++){
          if( i==iLink || i==iOrg ) continue;
          printf("\t%s", reg_display(ar, cd, i, &a, aRec[k].az[i]));
        }
        printf("%s\n", aRec[k].zVoidReason ? "\t已作废" : "");
      }
      rc = 0;
    }else if( str_eq(zSub, "add") ){
      if( child_create(ch, &a, pid, az, ar, &cid, &e) ) goto fail;
      printf("%lld\n", (long long)cid);
      rc = 0;
    }else{
      struct reg_rec rec;
      if( child_get(d, ch, &a, pid, cid, ar, &rec, &e) ) goto fail;
      if( str_eq(zSub, "set") ? reg_update(cd, &a, cid, az, abSet, &e)
                              : reg_delete(cd, &a, cid, zReason, &e) ) goto fail;
      rc = 0;
    }
  }
  goto out;
fail:
  for(i=0; i<e.n; i++) fprintf(stderr, "fazhi: %s\n", e.a[i].zMsg);
  rc = reg_err_exit(e.eKind ? e.eKind : REG_EINVALID);
out:
  buf_release(&use);
  arena_free(ar);
  return rc;
}

/* ---- workbooks: a second sheet per child ---- */

/* The label of d's title field (the header naming the parent). */
static const char *d_title_label(const struct reg_def *d){
  return d->aField[reg_title_index(d)].zLabel;
}

/* The org (as text) of row id of d, in ar, or NULL. */
static const char *reg_child_parent_org(struct arena *ar, const struct reg_def *d, i64 id){
  struct buf sql = BUF_INIT;
  struct stmt q;
  const char *z = 0;
  buf_appendf(&sql, "SELECT %s FROM %s WHERE id=?1", d->zOrgField, d->zTable);
  db_prepare_buf(&q, &sql);
  db_bind_int64(&q, 1, id);
  if( db_step(&q)==DB_ROW ) z = arena_printf(ar, "%lld", (long long)db_column_int64(&q, 0));
  db_finalize(&q);
  buf_release(&sql);
  return z;
}

/* The sheet of child ch: the parent's title column, then the child's
** fields (bImport: without read-only ones), the link and org left out;
** *paiField: column -> field (-1 for the parent's column).  Heap memory
** kept for the life of the process (made once per child and kind). */
static const struct table_def *child_table(const struct reg_def *pd, const struct reg_child *ch,
                                           bool bImport, const int **paiField){
  /* each made once and never moved (the array holds pointers: a table a
  ** caller holds stays put when later ones are added) */
  static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
  struct kid_table { const struct reg_child *ch; bool bImport; struct table_def t; int *ai; };
  static struct kid_table **apK;
  static int nK;
  const struct reg_def *cd = ch->pDef;
  const struct table_def *t;
  const int *aiBase;
  struct kid_table *pK;
  int i, k, iLink = child_link(cd), iOrg = reg_field_index(cd, cd->zOrgField);
  pthread_mutex_lock(&mu);
  for(k=0; k<nK; k++){
    if( apK[k]->ch==ch && apK[k]->bImport==bImport ){
      *paiField = apK[k]->ai;
      pthread_mutex_unlock(&mu);
      return &apK[k]->t;
    }
  }
  t = reg_table(cd, bImport, &aiBase);
  pK = xcalloc(1, sizeof(*pK));
  pK->ch = ch;
  pK->bImport = bImport;
  {
    struct table_col *aCol = xcalloc((size_t)t->nCol + 1, sizeof(*aCol));
    int *ai = xcalloc((size_t)t->nCol + 1, sizeof(int)), n = 1;
    aCol[0].zHead = d_title_label(pd);
    aCol[0].zKey = "parent";
    aCol[0].eType = COL_TEXT;
    aCol[0].bRequired = bImport;
    aCol[0].nMaxChars = 100;
    aCol[0].nWidth = 18;
    ai[0] = -1;
    for(i=0; i<t->nCol; i++){
      if( aiBase[i]==iLink || aiBase[i]==iOrg ) continue;
      aCol[n] = t->aCol[i];
      ai[n++] = aiBase[i];
    }
    pK->t.zTitle = cd->zListTitle ? cd->zListTitle : cd->zTitle;
    pK->t.aCol = aCol;
    pK->t.nCol = n;
    pK->ai = ai;
  }
  apK = xrealloc(apK, sizeof(*apK) * (size_t)(nK+1));
  apK[nK++] = pK;
  *paiField = pK->ai;
  pthread_mutex_unlock(&mu);
  return &pK->t;
}

/* What a child sheet's rows need. */
struct child_export_ctx {
  const struct reg_def *pd;
  const struct reg_child *ch;
  const struct actor *a;
  const int *aiField;
  int nCol;
};

/* Stream the children of every parent the actor reaches. */
static void child_export_rows(void *pCtx, struct table_sink *s){
  struct child_export_ctx *x = pCtx;
  const struct reg_def *pd = x->pd, *cd = x->ch->pDef;
  struct reg_query qy;
  struct stmt q;
  struct arena *ar = arena_new();
  const char **az = arena_alloc(ar, sizeof(char *) * (size_t)(x->nCol ? x->nCol : 1));
  int iTitle = reg_title_index(pd), bStop = 0;
  reg_query_init(&qy);
  qy.limit = INT64_MAX/2;
  reg_select(pd, x->a, &qy, &q);
  while( !bStop && db_step(&q)==DB_ROW ){
    struct arena *row = arena_new();
    struct reg_rec prec, *aRec;
    int k, n, i;
    reg_row(pd, &q, row, &prec);
    n = child_rows(cd, prec.id, false, row, &aRec);
    for(k=0; k<n && !bStop; k++){
      for(i=0; i<x->nCol; i++){
        int iF = x->aiField[i];
        const char *z;
        if( iF<0 ){
          az[i] = prec.az[iTitle] ? prec.az[iTitle] : arena_printf(row, "%lld", (long long)prec.id);
          continue;
        }
        z = aRec[k].az[iF];
        az[i] = z && cd->aField[iF].eType!=REG_CHOICE ? reg_display(row, cd, iF, x->a, z) : z;
      }
      bStop = table_sink_row(s, az);
    }
    arena_free(row);
  }
  db_finalize(&q);
  arena_free(ar);
}

int reg_child_export(const struct reg_def *d, const struct actor *a, const struct table_def *t,
                     void (*xRows)(void *, struct table_sink *), void *ctx, const char *zTmp,
                     struct buf *pOut, struct buf *pErr){
  const struct table_def **apT = xcalloc((size_t)d->nChild, sizeof(*apT));
  void (**axRows)(void *, struct table_sink *) = xcalloc((size_t)d->nChild, sizeof(*axRows));
  void **aCtx = xcalloc((size_t)d->nChild, sizeof(*aCtx));
  struct child_export_ctx *aX = xcalloc((size_t)d->nChild, sizeof(*aX));
  int i, rc;
  for(i=0; i<d->nChild; i++){
    aX[i].pd = d;
    aX[i].ch = &d->aChild[i];
    aX[i].a = a;
    apT[i] = child_table(d, &d->aChild[i], false, &aX[i].aiField);
    aX[i].nCol = apT[i]->nCol;
    axRows[i] = child_export_rows;
    aCtx[i] = &aX[i];
  }
  rc = table_export_more(t, TABLE_XLSX, zTmp, xRows, ctx, d->nChild, apT,
                         (void (*const *)(void *, struct table_sink *))axRows, aCtx, pOut, pErr);
  free(apT);
  free(axRows);
  free(aCtx);
  free(aX);
  return rc;
}

/* The child rows of an import, checked, waiting for their parents. */
struct reg_kid_import {
  int n;
  struct kid_row {
    const struct reg_child *ch;
    const char **azNew;          /* the child's values */
    int iParentRow;              /* the parent's row in this file, or -1 */
    i64 parentId;                /* else the existing parent */
  } *a;
};

int reg_child_import_check(const struct reg_def *d, const struct actor *a, const void *p,
                           size_t n, struct arena *ar, struct map *pTitles,
                           const char ***aazParent, struct reg_kid_import **ppK,
                           struct buf *pErr){
  struct reg_kid_import *pK = arena_alloc(ar, sizeof(*pK));
  const char **azName;
  int nName, k, nBad = 0, nAlloc = 0;
  int iPOrg = reg_field_index(d, d->zOrgField);
  struct buf e0 = BUF_INIT;
  memset(pK, 0, sizeof(*pK));
  *ppK = pK;
  if( xlsx_sheet_names_mem(p, n, ar, &azName, &nName, &e0) ){
    buf_release(&e0);
    return 0;                    /* the first sheet's reader says what is wrong */
  }
  buf_release(&e0);
  for(k=0; k<d->nChild; k++){
    const struct reg_child *ch = &d->aChild[k];
    const struct reg_def *cd = ch->pDef;
    const int *aiField;
    const struct table_def *t = child_table(d, ch, true, &aiField);
    struct table_input *in = 0;
    int iSheet, i, iLink = child_link(cd), iOrg = reg_field_index(cd, cd->zOrgField);
    for(iSheet=1; iSheet<nName && !str_eq(azName[iSheet], t->zTitle); iSheet++){}
    if( iSheet>=nName ) continue;   /* no sheet of this child: nothing to add */
    if( table_read_sheet(t, p, n, iSheet, &in, pErr) ){
      buf_appendf(pErr, "（工作表“%s”）\n", t->zTitle);
      nBad++;
      continue;
    }
    for(i=0; i<in->nErr; i++){
      const struct table_err *pe = &in->aErr[i];
      buf_appendf(pErr, "工作表“%s”第%d行%s%s：%s\n", t->zTitle, pe->iRow,
                  pe->iCol>=0 ? " " : "", pe->iCol>=0 ? t->aCol[pe->iCol].zHead : "", pe->zMsg);
      nBad++;
    }
    for(i=0; in->nErr==0 && i<in->nRow; i++){
      const char **azIn = arena_alloc(ar, sizeof(char *) * (size_t)cd->nField);
      const char **azNew = arena_alloc(ar, sizeof(char *) * (size_t)cd->nField);
      const char *zParent = 0;
      struct reg_err e;
      struct reg_ctx c;
      struct kid_row *pR;
      int iCol, m;
      i64 v;
      for(iCol=0; iCol<t->nCol; iCol++){
        if( aiField[iCol]<0 ) zParent = in->aazVal[i][iCol];
        else azIn[aiField[iCol]] = in->aazVal[i][iCol];
      }
      if( nAlloc==pK->n ){
        struct kid_row *aNew;
        nAlloc = nAlloc ? nAlloc*2 : 16;
        aNew = arena_alloc(ar, sizeof(*aNew) * (size_t)nAlloc);
        if( pK->n ) memcpy(aNew, pK->a, sizeof(*aNew) * (size_t)pK->n);
        pK->a = aNew;
      }
      pR = &pK->a[pK->n];
      pR->ch = ch;
      pR->azNew = azNew;
      pR->iParentRow = -1;
      pR->parentId = 0;
      if( zParent && pTitles && map_get(pTitles, zParent, &v) ){
        pR->iParentRow = (int)v;
      }else if( zParent ){
        pR->parentId = reg_ref_lookup(d->zName, a, zParent);
      }
      if( pR->iParentRow<0 && pR->parentId==0 ){
        buf_appendf(pErr, "工作表“%s”第%d行：%s“%s”不在本文件中，也不存在或不在您的管理范围内\n",
                    t->zTitle, in->aiRow[i], t->aCol[0].zHead, zParent ? zParent : "");
        nBad++;
        continue;
      }
      reg_err_init(&e, ar);
      reg_check_row(cd, a, azIn, azNew, ar, &e);
      if( e.n==0 ){
        memset(&c, 0, sizeof(c));
        c.d = cd; c.a = a; c.ar = ar; c.azNew = azNew; c.zVerb = "import"; c.pErr = &e;
        if( cd->xCheck ) cd->xCheck(&c);
      }
      for(m=0; m<e.n; m++){
        buf_appendf(pErr, "工作表“%s”第%d行：%s\n", t->zTitle, in->aiRow[i], e.a[m].zMsg);
        nBad++;
      }
      if( pR->iParentRow>=0 ){
        if( iOrg>=0 && iPOrg>=0 ) azNew[iOrg] = aazParent[pR->iParentRow][iPOrg];
      }else{
        azNew[iLink] = arena_printf(ar, "%lld", (long long)pR->parentId);
        if( iOrg>=0 && iPOrg>=0 ){
          azNew[iOrg] = reg_child_parent_org(ar, d, pR->parentId);
        }
      }
      pK->n++;
    }
    table_input_free(in);
  }
  return nBad;
}

int reg_child_import_write(struct reg_kid_import *pK, const struct reg_def *d,
                           const struct actor *a, const i64 *aId, int iRow,
                           struct audit_batch *ab, struct arena *ar, struct buf *pErr){
  int i;
  for(i=0; pK && i<pK->n; i++){
    struct kid_row *pR = &pK->a[i];
    const struct reg_def *cd = pR->ch->pDef;
    struct reg_err e;
    char zId[24];
    i64 id = 0;
    if( pR->iParentRow!=iRow ) continue;
    reg_err_init(&e, ar);
    if( pR->iParentRow>=0 ){
      pR->azNew[child_link(cd)] = arena_printf(ar, "%lld", (long long)aId[pR->iParentRow]);
    }
    if( reg_store_row(cd, &id, pR->azNew, ar, &e) || reg_child_touch(cd, a, pR->azNew, ar, &e) ){
      buf_appendf(pErr, "%s：%s，未导入任何数据，请重试", cd->zTitle, reg_err_text(&e));
      return -1;
    }
    snprintf(zId, sizeof(zId), "%lld", (long long)id);
    audit_batch_add(ab, a, "import", cd->zName, zId, 0, reg_audit_text(ar, cd, id, pR->azNew, 0));
  }
  (void)d;
  return 0;
}
