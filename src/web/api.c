/*
** api.c -- JSON error replies and body parsing for the API.
*/
#include "../common.h"
#include <jansson.h>
#include "../base/buf.h"
#include "../base/json.h"
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
  json_t *p = json_parse_strict(r->body.buf, r->body.len, &err);
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
