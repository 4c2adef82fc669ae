/*
** idem.c -- the Idempotency-Key of the JSON API.  See idem.h.
**
** The claim is one INSERT ... ON CONFLICT DO NOTHING RETURNING, outside
** any transaction: of two requests with one key exactly one gets the
** row, on both engines.  The other reads the row and answers from it.
*/
#include "../common.h"
#include "../base/buf.h"
#include "../base/util.h"
#include "../crypto/sm3.h"
#include "../store/db.h"
#include "../web/req.h"
#include "../web/api.h"
#include "idem.h"

/* Whether z is a usable key: 1..IDEM_KEY_MAX printable ASCII bytes. */
static bool idem_key_ok(const char *z){
  size_t n = 0;
  for(; z[n]; n++){
    if( (unsigned char)z[n]<0x21 || (unsigned char)z[n]>0x7e ) return false;
  }
  return n>0 && n<=IDEM_KEY_MAX;
}

/* The SM3 (hex) of what the request asks: method, path, every parameter
** (query and form), and the body -- or, for a streamed upload, each
** file's field, name and SM3. */
static void idem_hash(struct req *r, char zHex[SM3_LEN*2+1]){
  struct sm3_ctx c;
  u8 h[SM3_LEN];
  int i;
  sm3_init(&c);
  sm3_update(&c, r->zMethod, strlen(r->zMethod)+1);
  sm3_update(&c, r->zPath, strlen(r->zPath)+1);
  for(i=0; i<r->nParam; i++){
    sm3_update(&c, r->aParam[i].zName, strlen(r->aParam[i].zName)+1);
    sm3_update(&c, r->aParam[i].zValue, strlen(r->aParam[i].zValue)+1);
  }
  if( r->bStream ){
    for(i=0; i<r->nUpload; i++){
      const struct req_upload *u = &r->aUpload[i];
      sm3_update(&c, u->zField, strlen(u->zField)+1);
      sm3_update(&c, u->zFilename ? u->zFilename : "", strlen(u->zFilename ? u->zFilename : "")+1);
      sm3_update(&c, u->zSm3, strlen(u->zSm3)+1);
    }
  }else if( r->pBody && r->nBody ){
    sm3_update(&c, r->pBody, r->nBody);
  }
  sm3_final(&c, h);
  sm3_free(&c);
  hex_encode(h, SM3_LEN, zHex);
}

/* Claim (user, key) for this request: the new row's id, or 0 when another
** request holds it. */
static i64 idem_insert(struct req *r, const char *zKey, const char *zHash){
  struct stmt q;
  i64 id = 0;
  db_prepare(&q, "INSERT INTO idem_key(user_id, ikey, req_hash, created_at)"
                 " VALUES(?1, ?2, ?3, ?4)"
                 " ON CONFLICT(user_id, ikey) DO NOTHING RETURNING id");
  db_bind_int64(&q, 1, r->pUser->id);
  db_bind_text(&q, 2, zKey);
  db_bind_text(&q, 3, zHash);
  db_bind_int64(&q, 4, time_now());
  if( db_step(&q)==DB_ROW ) id = db_column_int64(&q, 0);
  while( db_step(&q)==DB_ROW ){}
  db_finalize(&q);
  return id;
}

/* Answer r from the row another request with the same key left.  Returns
** 1 when answered, 0 when the row is an abandoned claim now taken over by
** r (r->idemId set). */
static int idem_answer(struct req *r, const char *zKey, const char *zHash){
  struct stmt q;
  i64 id, tCreated;
  int status, bApplied, rc = 1;
  char *zStored, *zType, *zBody;
  db_prepare(&q, "SELECT id, req_hash, applied, status, ctype, body, created_at"
                 " FROM idem_key WHERE user_id=?1 AND ikey=?2");
  db_bind_int64(&q, 1, r->pUser->id);
  db_bind_text(&q, 2, zKey);
  if( db_step(&q)!=DB_ROW ){
    db_finalize(&q);
    /* kept past its day and pruned in between: the key is free again */
    api_error(r, 409, "idempotency_in_progress", "同一幂等键的请求正在处理，请稍后重试", "Idempotency-Key");
    req_add_header(r, "Retry-After", "2");
    return 1;
  }
  id = db_column_int64(&q, 0);
  zStored = db_column_dup(r->arena, &q, 1);
  bApplied = (int)db_column_int64(&q, 2);
  status = (int)db_column_int64(&q, 3);
  zType = db_column_dup(r->arena, &q, 4);
  zBody = db_column_dup(r->arena, &q, 5);
  tCreated = db_column_int64(&q, 6);
  while( db_step(&q)==DB_ROW ){}
  db_finalize(&q);
  if( !str_eq(zStored ? zStored : "", zHash) ){
    api_error(r, 422, "idempotency_key_reused",
              "该幂等键已用于另一内容不同的请求；每个操作须使用新的幂等键", "Idempotency-Key");
  }else if( status>0 && zBody ){
    r->status = status;
    req_set_type(r, zType ? zType : "application/json; charset=utf-8");
    buf_append(&r->out, zBody, strlen(zBody));
    req_add_header(r, "Idempotent-Replayed", "true");
  }else if( status>0 ){
    api_error(r, 409, "idempotency_reply_lost",
              "该操作已经执行，原回复含有口令，不能再次发送；请读取记录查看结果", "Idempotency-Key");
  }else if( time_now() - tCreated < IDEM_STALE_SEC ){
    /* running (its change may have landed, its reply not yet kept) */
    api_error(r, 409, "idempotency_in_progress", "同一幂等键的请求正在处理，请稍后重试", "Idempotency-Key");
    req_add_header(r, "Retry-After", "2");
  }else if( bApplied ){
    api_error(r, 409, "idempotency_reply_lost",
              "该操作已经执行，但原回复未能保存；请读取记录查看结果", "Idempotency-Key");
  }else if( db_i64(0, "UPDATE idem_key SET created_at=?1"
                      " WHERE id=?2 AND status=0 AND applied=0 AND created_at=?3 RETURNING id",
                   "iii", time_now(), id, tCreated)==id ){
    r->idemId = id;              /* the earlier claim left nothing: run again */
    rc = 0;
  }else{
    api_error(r, 409, "idempotency_in_progress", "同一幂等键的请求正在处理，请稍后重试", "Idempotency-Key");
    req_add_header(r, "Retry-After", "2");
  }
  return rc;
}

int idem_claim(struct req *r, bool bSecret){
  const char *zKey = req_header(r, "Idempotency-Key");
  char zHash[SM3_LEN*2+1];
  r->idemId = 0;
  r->bIdemSecret = bSecret;
  if( zKey==0 || !req_is_write(r) || r->pUser==0 || !str_starts(r->zPath, "/api/") ) return 0;
  if( !idem_key_ok(zKey) ){
    api_error(r, 400, "bad_idempotency_key",
              "请求头 Idempotency-Key 无效：须为1至128个可见 ASCII 字符", "Idempotency-Key");
    return 1;
  }
  idem_hash(r, zHash);
  db_exec("DELETE FROM idem_key WHERE created_at<?1", "i", time_now() - IDEM_KEEP_SEC);
  if( db_failed() ) return 1;            /* request_end answers 503 */
  r->idemId = idem_insert(r, zKey, zHash);
  if( db_failed() ) return 1;
  if( r->idemId ) return 0;
  return idem_answer(r, zKey, zHash);
}

/* db_commit_mark: the change of the claim's request lands with this. */
static void idem_mark(void *pArg){
  struct req *r = pArg;
  db_exec("UPDATE idem_key SET applied=1 WHERE id=?1", "i", r->idemId);
}

void idem_arm(struct req *r){
  if( r->idemId ) db_commit_mark(idem_mark, r);
}

void idem_finish(struct req *r){
  bool bBody;
  if( r->idemId==0 ) return;
  db_commit_mark(0, 0);
  if( db_failed() ) return;              /* idem_release after the reply */
  if( r->status>=500 ){
    db_exec("DELETE FROM idem_key WHERE id=?1 AND applied=0", "i", r->idemId);
    return;
  }
  bBody = !r->bIdemSecret && !r->pStatic && !r->bFdReply && r->zContentType
       && str_starts(r->zContentType, "application/json");
  db_exec("UPDATE idem_key SET status=?1, ctype=?2, body=?3 WHERE id=?4", "dtti",
          r->status, r->zContentType, bBody ? r->out.buf : 0, r->idemId);
}

void idem_release(struct req *r){
  if( r->idemId==0 ) return;
  db_recover();
  db_exec("DELETE FROM idem_key WHERE id=?1 AND applied=0", "i", r->idemId);
  if( db_failed() ) db_recover();        /* the claim goes stale instead */
  r->idemId = 0;
}
