/*
** web.c -- the JSON API every register gets from its declaration, and
** the request helpers the pages share (see reg.h for the URLs).
**
** Errors come from the rules as a struct reg_err; reg_api_error() is the
** one place that turns its kind into a status: 422 invalid, 404 not
** found (or out of scope), 409 conflict, 403 denied, 410 gone.  The body
** is the house's {"error":{code,message,field}} plus "errors": every
** problem with its field, so a client can show them all at once.
*/
#include "../common.h"
#include <jansson.h>
#include "../base/arena.h"
#include "../base/buf.h"
#include "../base/fmt.h"
#include "../base/json.h"
#include "../base/util.h"
#include "../store/db.h"
#include "../web/api.h"
#include "../web/req.h"
#include "../core/app.h"
#include "internal.h"
#include "regdoc.h"
#include "public.h"

const struct reg_def *reg_of_req(struct req *r){
  const char *z = r->zPath;
  const char *e;
  char zSeg[64];
  if( str_starts(z, "/api/v1/") ) z += strlen("/api/v1/");
  else if( *z=='/' ) z++;
  e = strchr(z, '/');
  if( e==0 ) e = z + strlen(z);
  if( (size_t)(e - z) >= sizeof(zSeg) ) return 0;
  memcpy(zSeg, z, (size_t)(e - z));
  zSeg[e - z] = 0;
  return reg_find(zSeg);
}

bool reg_may_write(const struct reg_def *d, const struct actor *a){
  return d->mWrite==0 || (d->mWrite & a->mRoles)!=0;
}

int reg_query_from_req(struct req *r, const struct reg_def *d, struct reg_query *pq,
                       const char **pzErr, const char **pzParam){
  const char *z;
  int i;
  reg_query_init(pq);
  reg_query_filters(pq, d, r->arena);
  pq->zSearch = req_param_trim(r, "q");
  if( (z = req_param_trim(r, "sort"))!=0 ){
    if( z[0]=='-' ){ pq->bDesc = true; z++; }
    pq->iSort = reg_field_index(d, z);
    if( pq->iSort<0 || (d->aField[pq->iSort].mFlags & RF_PERSONAL) ){
      *pzErr = "排序方式无效：只能按列表中可排序的列排序";
      *pzParam = "sort";
      return -1;
    }
  }
  z = req_param_trim(r, "voided");
  pq->bVoided = z && str_eq(z, "1");
  for(i=0; i<d->nField; i++){
    const struct reg_field *f = &d->aField[i];
    struct reg_err e;
    struct actor a;
    if( !(f->mFlags & RF_FILTER) || (z = req_param_trim(r, f->zKey))==0 ) continue;
    actor_from_req(&a, r);
    reg_err_init(&e, r->arena);
    if( reg_value(d, f, &a, z, r->arena, &pq->azFilter[i], &e) ){
      /* the field by its label: no key reaches the person (#22) */
      *pzErr = arena_printf(r->arena, "筛选条件“%s”无效：%s", f->zLabel, e.a[0].zMsg);
      *pzParam = f->zKey;
      return -1;
    }
  }
  return 0;
}

void reg_api_error(struct req *r, const struct reg_err *e){
  struct json_w j;
  int i;
  int eKind = e->eKind ? e->eKind : REG_EINVALID;
  const struct reg_def *d = reg_of_req(r);
  if( eKind==REG_ENOTFOUND && d && r->pUser ){
    struct actor a;
    actor_from_req(&a, r);
    reg_note_out_of_scope(d, &a, req_path_id(r, 0));
  }
  r->status = reg_err_status(eKind);
  buf_reset(&r->out);
  api_begin(r, &j);
  json_obj_open(&j, 0);
  json_obj_open(&j, "error");
  json_str(&j, "code", reg_err_code(eKind));
  json_str(&j, "message", e->n ? reg_err_text(e) : "请求无效");
  if( e->n && e->a[0].zField ) json_str(&j, "field", e->a[0].zField);
  json_obj_close(&j);
  json_arr_open(&j, "errors");
  for(i=0; i<e->n; i++){
    json_obj_open(&j, 0);
    if( e->a[i].zField ) json_str(&j, "field", e->a[i].zField);
    json_str(&j, "message", e->a[i].zMsg);
    json_obj_close(&j);
  }
  json_arr_close(&j);
  if( e->nMore ) json_int(&j, "more", e->nMore);   /* problems not listed */
  json_obj_close(&j);
}

void reg_list_api(struct req *r){
  const struct reg_def *d = reg_of_req(r);
  struct reg_query qy;
  struct actor a;
  struct stmt q;
  struct json_w j;
  const char *zErr = 0, *zParam = 0;
  i64 limit, offset;
  if( d==0 ){ api_error(r, 404, "not_found", "没有这个接口", 0); return; }
  if( reg_query_from_req(r, d, &qy, &zErr, &zParam) ){
    api_error(r, 400, "bad_param", zErr, zParam);
    return;
  }
  if( api_paging_or_reply(r, 200, 1000, &limit, &offset) ) return;
  qy.limit = limit;
  qy.offset = offset;
  actor_from_req(&a, r);
  api_begin(r, &j);
  json_obj_open(&j, 0);
  json_arr_open(&j, "items");
  reg_select(d, &a, &qy, &q);
  reg_list_begin(r->arena);
  while( db_step(&q)==DB_ROW ){
    struct reg_rec rec;
    reg_row(d, &q, r->arena, &rec);
    reg_rec_json(&j, d, &rec, &a, r->arena);
  }
  reg_list_end();
  db_finalize(&q);
  json_arr_close(&j);
  json_int(&j, "total", reg_count(d, &a, &qy));
  json_obj_close(&j);
}

/* Reply with record id as JSON (status as set). */
static void reg_reply_rec(struct req *r, const struct reg_def *d, i64 id){
  struct actor a;
  struct reg_rec rec;
  struct reg_err e;
  struct json_w j;
  actor_from_req(&a, r);
  reg_err_init(&e, r->arena);
  if( reg_get(d, &a, id, r->arena, &rec, &e) ){
    reg_api_error(r, &e);
    return;
  }
  api_begin(r, &j);
  reg_rec_json(&j, d, &rec, &a, r->arena);
}

void reg_get_api(struct req *r){
  const struct reg_def *d = reg_of_req(r);
  struct actor a;
  struct reg_err e;
  i64 id = req_path_id(r, 0);
  if( d==0 ){ api_error(r, 404, "not_found", "没有这个接口", 0); return; }
  actor_from_req(&a, r);
  reg_err_init(&e, r->arena);
  if( id==0 ){
    reg_err_add(&e, REG_ENOTFOUND, 0, "%s不存在或不在您的管理范围内", d->zTitle);
    reg_api_error(r, &e);
    return;
  }
  reg_reply_rec(r, d, id);
}

/* Read the fields of a JSON body into az/abSet (text, by field).  Only
** writable fields are allowed, plus those in azAlso (a step's asked
** fields, "reason").  Returns 0, or -1 after replying 400. */
int reg_body_fields(struct req *r, const struct reg_def *d, json_t *pBody,
                    const char *const *azAsk, const char **az, bool *abSet,
                    i64 *pVersion){
  const char *zKey;
  json_t *v;
  json_object_foreach(pBody, zKey, v){
    int i = reg_field_index(d, zKey);
    if( i<0 && pVersion && str_eq(zKey, "version") ){
      /* the version the client read the record at (reg_update_at) */
      if( !json_is_integer(v) || json_integer_value(v)<1 ){
        api_error(r, 400, "bad_field", "version 应为记录的版本号（正整数）", zKey);
        return -1;
      }
      *pVersion = (i64)json_integer_value(v);
      continue;
    }
    bool bOk = i>=0 && (azAsk ? false : !(d->aField[i].mFlags & RF_READONLY));
    int k;
    for(k=0; azAsk && azAsk[k]; k++) if( str_eq(azAsk[k], zKey) ) bOk = true;
    if( !bOk ){
      api_error(r, 400, "bad_field", arena_printf(r->arena, "未知字段 %s", zKey), zKey);
      return -1;
    }
    abSet[i] = true;
    if( json_is_null(v) ){
      az[i] = 0;
      continue;
    }
    {
      /* strict types, with the json.h getters' messages */
      const struct reg_field *f = &d->aField[i];
      struct buf err = BUF_INIT;
      int rc;
      if( f->eType==REG_INT || f->eType==REG_REF ){
        i64 n;
        rc = json_get_int(pBody, zKey, false, &n, &err);
        if( rc==0 ) az[i] = arena_printf(r->arena, "%lld", (long long)n);
      }else if( f->eType==REG_BOOL ){
        bool b;
        rc = json_get_bool(pBody, zKey, false, &b, &err);
        if( rc==0 ) az[i] = b ? "1" : "0";
      }else{
        rc = json_get_str(pBody, zKey, false, &az[i], &err);
      }
      if( rc<0 ){
        api_error(r, 400, "bad_field", err.buf, zKey);
        buf_release(&err);
        return -1;
      }
      buf_release(&err);
    }
  }
  return 0;
}

/* A create body must hold every required writable field: 400 naming the
** first one missing (-1 after replying). */
int reg_body_required(struct req *r, const struct reg_def *d, const bool *abSet){
  int i;
  for(i=0; i<d->nField; i++){
    const struct reg_field *f = &d->aField[i];
    if( (f->mFlags & RF_REQUIRED) && !(f->mFlags & RF_READONLY) && !abSet[i] ){
      api_error(r, 400, "bad_field", arena_printf(r->arena, "缺少必填字段 %s", f->zKey), f->zKey);
      return -1;
    }
  }
  return 0;
}

void reg_create_api(struct req *r){
  const struct reg_def *d = reg_of_req(r);
  const char **az = reg_values_alloc(r->arena, d);
  bool *abSet = reg_flags_alloc(r->arena, d);
  struct actor a;
  struct reg_err e;
  json_t *pBody;
  i64 id;
  if( d==0 ){ api_error(r, 404, "not_found", "没有这个接口", 0); return; }
  if( (pBody = api_body(r))==0 ) return;
  actor_from_req(&a, r);
  reg_err_init(&e, r->arena);
  if( reg_body_fields(r, d, pBody, 0, az, abSet, 0)==0 && reg_body_required(r, d, abSet)==0 ){
    if( reg_create(d, &a, az, &id, &e) ){
      reg_api_error(r, &e);
    }else{
      reg_reply_rec(r, d, id);
      if( r->status==200 ) r->status = 201;
    }
  }
  json_decref(pBody);
}

void reg_update_api(struct req *r){
  const struct reg_def *d = reg_of_req(r);
  const char **az = reg_values_alloc(r->arena, d);
  bool *abSet = reg_flags_alloc(r->arena, d);
  struct actor a;
  struct reg_err e;
  json_t *pBody;
  i64 id = req_path_id(r, 0), version = 0;
  if( d==0 ){ api_error(r, 404, "not_found", "没有这个接口", 0); return; }
  actor_from_req(&a, r);
  reg_err_init(&e, r->arena);
  if( id==0 ){
    reg_err_add(&e, REG_ENOTFOUND, 0, "%s不存在或不在您的管理范围内", d->zTitle);
    reg_api_error(r, &e);
    return;
  }
  if( (pBody = api_body(r))==0 ) return;
  if( reg_body_fields(r, d, pBody, 0, az, abSet, &version)==0 ){
    if( reg_update_at(d, &a, id, version, az, abSet, &e) ) reg_api_error(r, &e);
    else reg_reply_rec(r, d, id);
  }
  json_decref(pBody);
}

int reg_delete_reason(struct req *r, const char **pzReason, json_t **ppBody){
  *pzReason = req_param_trim(r, "reason");
  *ppBody = 0;
  if( r->nBody ){
    static const char *const azAllowed[] = { "reason", 0 };
    struct buf err = BUF_INIT;
    if( (*ppBody = api_body(r))==0 ) return -1;
    if( json_check_keys(*ppBody, azAllowed, &err)
     || json_get_str(*ppBody, "reason", false, pzReason, &err)<0 ){
      api_error(r, 400, "bad_field", err.buf, 0);
      buf_release(&err);
      json_decref(*ppBody);
      *ppBody = 0;
      return -1;
    }
    buf_release(&err);
  }
  return 0;
}

void reg_delete_api(struct req *r){
  const struct reg_def *d = reg_of_req(r);
  struct actor a;
  struct reg_err e;
  const char *zReason;
  json_t *pBody;
  i64 id = req_path_id(r, 0);
  if( d==0 ){ api_error(r, 404, "not_found", "没有这个接口", 0); return; }
  actor_from_req(&a, r);
  reg_err_init(&e, r->arena);
  if( reg_delete_reason(r, &zReason, &pBody) ) return;
  if( reg_delete(d, &a, id, zReason, &e) ) reg_api_error(r, &e);
  else if( d->eDelete==REG_DEL_VOID ) reg_reply_rec(r, d, id);
  else r->status = 204;
  if( pBody ) json_decref(pBody);
}

void reg_step_api(struct req *r){
  const struct reg_def *d = reg_of_req(r);
  const char **az = reg_values_alloc(r->arena, d);
  bool *abSet = reg_flags_alloc(r->arena, d);
  const struct reg_step *s;
  struct actor a;
  struct reg_err e;
  json_t *pBody = 0;
  i64 id = req_path_id(r, 0), version = 0;
  const char *zVerb = r->nPathArg>1 ? r->azPathArg[1] : 0;
  static const char *const azNone[] = { 0 };
  if( d==0 ){ api_error(r, 404, "not_found", "没有这个接口", 0); return; }
  actor_from_req(&a, r);
  reg_err_init(&e, r->arena);
  if( (s = reg_step_find(d, zVerb))==0 ){
    api_error(r, 404, "not_found", arena_printf(r->arena, "%s没有“%s”这一步", d->zTitle, zVerb),
              0);
    return;
  }
  if( r->nBody ){
    if( (pBody = api_body(r))==0 ) return;
    if( reg_body_fields(r, d, pBody, s->azAsk ? s->azAsk : azNone, az, abSet, &version) ){
      json_decref(pBody);
      return;
    }
  }
  if( reg_step_at(d, &a, id, version, zVerb, az, &e) ) reg_api_error(r, &e);
  else reg_reply_rec(r, d, id);
  if( pBody ) json_decref(pBody);
}

/* Append one route row. */
static void reg_route_add(struct reg_route *a, int *pn, const char *zMethod, char *zPath,
                          void (*x)(struct req *), unsigned mRoles, unsigned mFlags){
  a[*pn].zMethod = zMethod;
  a[*pn].zPath = zPath;
  a[*pn].xHandler = x;
  a[*pn].mRoles = mRoles;
  a[*pn].mFlags = mFlags;
  (*pn)++;
}

int reg_routes(const struct reg_def *d, struct reg_route *a){
  const char *s = d->zSeg;
  unsigned R = d->mRead, W = d->mWrite, S = d->mWrite;
  bool bAction = d->nStep>0 || d->eDelete!=REG_DEL_NONE;
  int i, n = 0;
  for(i=0; i<d->nStep; i++) S |= d->aStep[i].mRoles;
  if( d->mWrite==0 ) S = 0;
  reg_route_add(a, &n, "GET",  fmt_dup("/%s", s), reg_list_page, R, 0);
  reg_route_add(a, &n, "GET",  fmt_dup("/%s/new", s), reg_new_page, W, 0);
  reg_route_add(a, &n, "POST", fmt_dup("/%s/new", s), reg_new_page, W,
                reg_file_in_form(d) ? RR_STREAM : 0);
  reg_route_add(a, &n, "GET",  fmt_dup("/%s/export", s), reg_export_page, R, RR_LONG);
  reg_route_add(a, &n, "GET",  fmt_dup("/%s/import", s), reg_import_page, W, 0);
  reg_route_add(a, &n, "POST", fmt_dup("/%s/import", s), reg_import_page, W, RR_LONG|RR_UPLOAD);
  reg_route_add(a, &n, "GET",  fmt_dup("/%s/import/template", s), reg_template_page, R, 0);
  reg_route_add(a, &n, "GET",  fmt_dup("/%s/import/errors/:token", s), reg_import_errors_page,
                W, 0);
  reg_route_add(a, &n, "GET",  fmt_dup("/%s/:id", s), reg_show_page, R, 0);
  for(i=0; i<d->nChild; i++){
    const char *c = d->aChild[i].zSeg;
    reg_route_add(a, &n, "GET",  fmt_dup("/%s/:id/%s/new", s, c), reg_child_new_page, W, 0);
    reg_route_add(a, &n, "POST", fmt_dup("/%s/:id/%s/new", s, c), reg_child_new_page, W, 0);
    reg_route_add(a, &n, "GET",  fmt_dup("/%s/:id/%s/:cid/edit", s, c), reg_child_edit_page, W, 0);
    reg_route_add(a, &n, "POST", fmt_dup("/%s/:id/%s/:cid/edit", s, c), reg_child_edit_page, W, 0);
    reg_route_add(a, &n, "POST", fmt_dup("/%s/:id/%s/:cid/void", s, c), reg_child_void_page, W, 0);
    reg_route_add(a, &n, "GET",  fmt_dup("/api/v1/%s/:id/%s", s, c), reg_child_list_api, R, 0);
    reg_route_add(a, &n, "POST", fmt_dup("/api/v1/%s/:id/%s", s, c), reg_child_create_api, W, 0);
    reg_route_add(a, &n, "GET",  fmt_dup("/api/v1/%s/:id/%s/:cid", s, c), reg_child_get_api, R, 0);
    reg_route_add(a, &n, "PUT",  fmt_dup("/api/v1/%s/:id/%s/:cid", s, c), reg_child_update_api,
                  W, 0);
    reg_route_add(a, &n, "DELETE", fmt_dup("/api/v1/%s/:id/%s/:cid", s, c),
                  reg_child_delete_api, W, 0);
    if( n + 26 > REG_NROUTE ) fatal("reg: %s has too many children for REG_NROUTE", d->zName);
  }
  reg_route_add(a, &n, "GET",  fmt_dup("/%s/:id/edit", s), reg_edit_page, W, 0);
  reg_route_add(a, &n, "POST", fmt_dup("/%s/:id/edit", s), reg_edit_page, W,
                reg_file_in_form(d) ? RR_STREAM : 0);
  if( bAction ) reg_route_add(a, &n, "POST", fmt_dup("/%s/:id/:verb", s), reg_action_page, S, 0);
  reg_route_add(a, &n, "GET",  fmt_dup("/api/v1/%s", s), reg_list_api, R, RR_CACHE);
  reg_route_add(a, &n, "POST", fmt_dup("/api/v1/%s", s), reg_create_api, W, 0);
  reg_route_add(a, &n, "GET",  fmt_dup("/api/v1/%s/export", s), reg_export_page, R, RR_LONG);
  reg_route_add(a, &n, "POST", fmt_dup("/api/v1/%s/import", s), reg_import_api, W,
                RR_LONG|RR_UPLOAD);
  reg_route_add(a, &n, "GET",  fmt_dup("/api/v1/%s/import/template", s), reg_template_page, R, 0);
  reg_route_add(a, &n, "GET",  fmt_dup("/api/v1/%s/import/errors/:token", s),
                reg_import_errors_page, W, 0);
  if( d->nDeadline ){
    reg_route_add(a, &n, "GET", fmt_dup("/api/v1/%s/due", s), reg_due_api, R, 0);
  }
  reg_route_add(a, &n, "GET",  fmt_dup("/api/v1/%s/:id", s), reg_get_api, R, 0);
  reg_route_add(a, &n, "PUT",  fmt_dup("/api/v1/%s/:id", s), reg_update_api, W, 0);
  if( d->eDelete!=REG_DEL_NONE ){
    reg_route_add(a, &n, "DELETE", fmt_dup("/api/v1/%s/:id", s), reg_delete_api, W, 0);
  }
  if( d->nStep ){
    reg_route_add(a, &n, "POST", fmt_dup("/api/v1/%s/:id/:verb", s), reg_step_api, S, 0);
  }
  reg_public_routes(d, a, &n);
  reg_file_routes(d, a, &n);
  reg_doc_routes(d, a, &n);
  return n;
}
