/*
** api.c -- JSON error replies and body parsing for the API.
*/
#include "../common.h"
#include <jansson.h>
#include "../base/buf.h"
#include "../base/arena.h"
#include "../base/json.h"
#include "../base/util.h"
#include "api.h"
#include "req.h"

void api_error(struct req *r, int status, const char *zCode,
               const char *zMessage, const char *zField){
  r->status = status;
  r->pStatic = 0;
  buf_reset(&r->out);
  req_set_type(r, "application/json; charset=utf-8");
  json_error_body(&r->out, zCode, zMessage, zField);
}

void api_begin(struct req *r, struct json_w *j){
  req_set_type(r, "application/json; charset=utf-8");
  json_init(j, &r->out);
}

struct json_t *api_body(struct req *r){
  struct buf err = BUF_INIT;
  json_t *p = json_parse_strict(r->pBody ? r->pBody : "", r->nBody, &err);
  if( p==0 ){
    api_error(r, 400, "bad_json", err.buf, 0);
    buf_release(&err);
    return 0;
  }
  if( !json_is_object(p) ){
    json_decref(p);
    api_error(r, 400, "bad_json", "请求体必须是 JSON 对象", 0);
    return 0;
  }
  return p;
}

int api_paging_or_reply(struct req *r, i64 nDflt, i64 nMax, i64 *pLimit, i64 *pOffset){
  const char *z;
  *pLimit = nDflt;
  *pOffset = 0;
  if( (z = req_param_trim(r, "limit"))!=0 && str_to_i64(z, 1, nMax, pLimit) ){
    char *zMsg = arena_printf(r->arena, "limit 应为1到%lld的整数", (long long)nMax);
    api_error(r, 400, "bad_param", zMsg, "limit");
    return -1;
  }
  if( (z = req_param_trim(r, "offset"))!=0 && str_to_i64(z, 0, INT64_MAX, pOffset) ){
    api_error(r, 400, "bad_param", "offset 应为非负整数", "offset");
    return -1;
  }
  return 0;
}

void api_ok(struct req *r){
  struct json_w j;
  api_begin(r, &j);
  json_obj_open(&j, 0);
  json_bool(&j, "ok", true);
  json_obj_close(&j);
}
