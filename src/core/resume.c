/*
** resume.c -- uploads in pieces that resume.  See resume.h.
**
** A piece is written with pwrite at its offset and synced before the
** received count moves, inside a transaction that holds the upload's row
** (FOR UPDATE on PostgreSQL; the write lock on SQLite), so two pieces for
** one offset never both land.  The final hash runs after that transaction,
** so a large file never holds the database's write lock while it is read.
*/
#include "../common.h"
#include "../base/arena.h"
#include "../base/buf.h"
#include "../base/fmt.h"
#include "../base/json.h"
#include "../base/log.h"
#include "../base/util.h"
#include "../crypto/rand.h"
#include "../crypto/sm3.h"
#include "../store/db.h"
#include "../web/api.h"
#include "../web/req.h"
#include "files.h"
#include "resume.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

/* One upload's row. */
struct upload {
  i64 id;                  /* upload_session.id, 0 when not found */
  i64 userId;
  const char *zName;
  i64 nSize;
  const char *zSm3;        /* the declared SM3, or the file's once complete; NULL */
  i64 nReceived;
  bool bDone;
};

/* The part file of upload zId (heap). */
static char *resume_path_dup(const char *zId){
  return fmt_dup("%s/tmp/part-%s", files_dir(), zId);
}

/* True when z is an upload id: 32 lower-case hex digits. */
static bool resume_id_ok(const char *z){
  int i;
  for(i=0; i<32; i++){
    if( !((z[i]>='0' && z[i]<='9') || (z[i]>='a' && z[i]<='f')) ) return false;
  }
  return z[32]==0;
}

/* Read upload zId of user userId into *p (p->id 0 when there is none);
** bLock holds its row until the transaction ends. */
static void resume_load(struct arena *ar, const char *zId, i64 userId, bool bLock,
                        struct upload *p){
  struct buf sql = BUF_INIT;
  struct stmt q;
  memset(p, 0, sizeof(*p));
  if( !resume_id_ok(zId) ) return;
  buf_puts(&sql, "SELECT s.id, s.user_id, s.name, s.size, s.sm3, s.received, s.done"
                 " FROM upload_session s WHERE s.token=?1 AND s.user_id=?2");
  if( bLock ) db_append_for_update(&sql, "s");
  db_prepare_buf(&q, &sql);
  db_bind_text(&q, 1, zId);
  db_bind_int64(&q, 2, userId);
  if( db_step(&q)==DB_ROW ){
    p->id = db_column_int64(&q, 0);
    p->userId = db_column_int64(&q, 1);
    p->zName = db_column_dup(ar, &q, 2);
    p->nSize = db_column_int64(&q, 3);
    p->zSm3 = db_column_dup(ar, &q, 4);
    p->nReceived = db_column_int64(&q, 5);
    p->bDone = db_column_int64(&q, 6)!=0;
  }
  db_finalize(&q);
  buf_release(&sql);
}

/* Reply with upload zId's state. */
static void resume_reply(struct req *r, int status, const char *zId, const struct upload *p){
  struct json_w j;
  r->status = status;
  api_begin(r, &j);
  json_obj_open(&j, 0);
  json_str(&j, "id", zId);
  json_str(&j, "name", p->zName);
  json_int(&j, "size", p->nSize);
  json_int(&j, "received", p->nReceived);
  json_bool(&j, "complete", p->bDone);
  if( p->zSm3 ) json_str(&j, "sm3", p->zSm3);
  else json_null_val(&j, "sm3");
  json_int(&j, "piece_max", RESUME_PIECE_MAX);
  json_obj_close(&j);
}

/* Remove uploads untouched for RESUME_KEEP_SEC, and their bytes. */
static void resume_sweep(void){
  struct stmt q;
  i64 tOld = time_now() - RESUME_KEEP_SEC;
  db_prepare(&q, "SELECT token FROM upload_session WHERE updated_at<?1");
  db_bind_int64(&q, 1, tOld);
  while( db_step(&q)==DB_ROW ){
    const char *z = db_column_text(&q, 0);
    if( z && resume_id_ok(z) ){
      char *zPath = resume_path_dup(z);
      unlink(zPath);
      free(zPath);
    }
  }
  db_finalize(&q);
  db_exec("DELETE FROM upload_session WHERE updated_at<?1", "i", tOld);
}

void resume_create_api(struct req *r){
  static const char *const azKeys[] = { "name", "size", "sm3", 0 };
  struct buf err = BUF_INIT;
  json_t *pBody = api_body(r);
  const char *zName = 0, *zSm3 = 0, *zField = 0;
  i64 nSize = 0;
  u8 aRand[16];
  char zId[33];
  char *zPath = 0;
  struct upload u;
  int fd;
  if( pBody==0 ) return;
  if( json_check_keys(pBody, azKeys, &err)
   || json_get_str(pBody, "name", true, &zName, &err)<0
   || json_get_int(pBody, "size", true, &nSize, &err)<0
   || json_get_str(pBody, "sm3", false, &zSm3, &err)<0 ){
    api_error(r, 400, "bad_field", arena_strdup(r->arena, err.buf), 0);
    goto done;
  }
  if( zName[0]==0 || strlen(zName)>200 ){
    zField = "name";
    buf_puts(&err, "文件名须为1至200字节");
  }else if( nSize<=0 || nSize>RESUME_SIZE_MAX ){
    zField = "size";
    buf_appendf(&err, "文件大小须在1字节至%lld字节之间", (long long)RESUME_SIZE_MAX);
  }else if( zSm3 && (strlen(zSm3)!=64 || strspn(zSm3, "0123456789abcdef")!=64) ){
    zField = "sm3";
    buf_puts(&err, "sm3 须为64位小写十六进制");
  }
  if( zField ){
    api_error(r, 422, "invalid", arena_strdup(r->arena, err.buf), zField);
    goto done;
  }
  resume_sweep();
  if( db_i64(0, "SELECT count(*) FROM upload_session WHERE user_id=?1 AND done=0", "i",
             r->pUser->id)>=RESUME_OPEN_MAX ){
    api_error(r, 429, "too_many_uploads",
              arena_printf(r->arena, "未完成的分段上传已达%d个，请先完成或等待过期", RESUME_OPEN_MAX), 0);
    goto done;
  }
  rand_bytes(aRand, sizeof(aRand));
  hex_encode(aRand, sizeof(aRand), zId);
  {
    char *zDir = fmt_dup("%s/tmp", files_dir());
    if( mkdir(zDir, 0700) && errno!=EEXIST ) log_warn("upload %j: %j", zDir, strerror(errno));
    free(zDir);
  }
  zPath = resume_path_dup(zId);
  fd = open(zPath, O_WRONLY|O_CREAT|O_EXCL|O_CLOEXEC, 0600);
  if( fd<0 ){
    log_warn("upload %j: %j", zPath, strerror(errno));
    api_error(r, 503, "storage", "服务器存储空间不足或读写出错，请稍后重试", 0);
    req_add_header(r, "Retry-After", "5");
    goto done;
  }
  close(fd);
  db_exec("INSERT INTO upload_session(token, user_id, name, size, sm3, received, done,"
          " created_at, updated_at) VALUES(?1, ?2, ?3, ?4, ?5, 0, 0, ?6, ?6)", "tititi",
          zId, r->pUser->id, zName, nSize, zSm3, time_now());
  if( db_failed() ){
    unlink(zPath);
    goto done;
  }
  memset(&u, 0, sizeof(u));
  u.zName = arena_strdup(r->arena, zName);
  u.nSize = nSize;
  u.zSm3 = zSm3 ? arena_strdup(r->arena, zSm3) : 0;
  resume_reply(r, 201, arena_strdup(r->arena, zId), &u);
done:
  free(zPath);
  buf_release(&err);
  json_decref(pBody);
}

void resume_get_api(struct req *r){
  const char *zId = r->nPathArg>0 ? r->azPathArg[0] : "";
  struct upload u;
  resume_load(r->arena, zId, r->pUser->id, false, &u);
  if( u.id==0 ){
    api_error(r, 404, "not_found", "没有这个上传", 0);
    return;
  }
  resume_reply(r, 200, zId, &u);
}

/* Write p[0..n) at offset off of file zPath and sync it.  0 or -1. */
static int resume_write(const char *zPath, i64 off, const char *p, size_t n){
  int fd = open(zPath, O_WRONLY|O_CLOEXEC);
  size_t k = 0;
  int rc = 0;
  if( fd<0 ) return -1;
  while( k<n ){
    ssize_t w = pwrite(fd, p+k, n-k, (off_t)(off+(i64)k));
    if( w<0 && errno==EINTR ) continue;
    if( w<=0 ){ rc = -1; break; }
    k += (size_t)w;
  }
  if( rc==0 && fsync(fd) ) rc = -1;
  if( close(fd) ) rc = -1;
  return rc;
}

void resume_put_api(struct req *r){
  const char *zId = r->nPathArg>0 ? r->azPathArg[0] : "";
  const char *zOff = req_param(r, "offset");
  struct upload u;
  char *zPath = 0, *zEnd = 0;
  char zHex[FILE_HEX];
  i64 off, nGot = 0;
  if( zOff==0 || zOff[0]==0 || (off = strtoll(zOff, &zEnd, 10))<0 || *zEnd ){
    api_error(r, 400, "bad_param", "offset 须为不小于0的整数（本段在文件中的起始字节）", "offset");
    return;
  }
  if( (i64)r->nBody>RESUME_PIECE_MAX ){
    api_error(r, 413, "too_large", arena_printf(r->arena, "每段不超过%lld字节",
              (long long)RESUME_PIECE_MAX), 0);
    return;
  }
  db_begin();
  resume_load(r->arena, zId, r->pUser->id, true, &u);
  if( u.id==0 ){
    db_rollback();
    api_error(r, 404, "not_found", "没有这个上传", 0);
    return;
  }
  if( u.bDone ){
    db_rollback();
    api_error(r, 409, "complete", "该上传已经完成", 0);
    return;
  }
  if( off!=u.nReceived ){
    db_rollback();
    api_error(r, 409, "offset_mismatch",
              arena_printf(r->arena, "已收到%lld字节，请从第%lld字节续传", (long long)u.nReceived,
                           (long long)u.nReceived), "offset");
    return;
  }
  if( r->nBody==0 || off+(i64)r->nBody>u.nSize ){
    db_rollback();
    api_error(r, 422, "invalid", arena_printf(r->arena,
              "本段为空或超出文件大小（文件%lld字节，已收到%lld字节，本段%zu字节）",
              (long long)u.nSize, (long long)u.nReceived, r->nBody), "offset");
    return;
  }
  zPath = resume_path_dup(zId);
  if( resume_write(zPath, off, r->pBody, r->nBody) ){
    log_warn("upload %j: %j", zPath, strerror(errno));
    db_rollback();
    free(zPath);
    api_error(r, 503, "storage", "服务器存储空间不足或读写出错，本段未保存，请稍后重试", 0);
    req_add_header(r, "Retry-After", "5");
    return;
  }
  u.nReceived = off + (i64)r->nBody;
  db_exec("UPDATE upload_session SET received=?1, updated_at=?2 WHERE id=?3", "iii",
          u.nReceived, time_now(), u.id);
  db_commit();
  if( db_failed() ){ free(zPath); return; }
  if( u.nReceived==u.nSize ){
    /* the last byte: the whole file is checked, outside the transaction */
    if( files_hash_path(zPath, zHex, &nGot) || nGot!=u.nSize ){
      log_warn("upload %j: cannot hash (%j)", zPath, strerror(errno));
      zHex[0] = 0;
    }
    if( zHex[0]==0 || (u.zSm3 && !str_eq(u.zSm3, zHex)) ){
      db_exec("UPDATE upload_session SET received=0, updated_at=?1 WHERE id=?2", "ii",
              time_now(), u.id);
      if( truncate(zPath, 0) ) log_warn("upload %j: truncate: %j", zPath, strerror(errno));
      free(zPath);
      api_error(r, 422, "sm3_mismatch",
                "收到的文件与声明的 SM3 不一致（传输中损坏），已清空，请从头重新上传", "sm3");
      return;
    }
    db_exec("UPDATE upload_session SET done=1, sm3=?1, updated_at=?2 WHERE id=?3", "tii",
            zHex, time_now(), u.id);
    u.bDone = true;
    u.zSm3 = arena_strdup(r->arena, zHex);
  }
  free(zPath);
  resume_reply(r, 200, zId, &u);
}

int resume_take(struct req *r, const char *zId, struct req_upload *pUp, struct buf *pErr){
  struct upload u;
  char *zPath;
  resume_load(r->arena, zId, r->pUser ? r->pUser->id : 0, false, &u);
  if( u.id==0 ){
    buf_puts(pErr, "没有这个分段上传（upload）");
    return -1;
  }
  if( !u.bDone || u.zSm3==0 ){
    buf_appendf(pErr, "分段上传尚未完成（已收到%lld字节，共%lld字节）",
                (long long)u.nReceived, (long long)u.nSize);
    return -1;
  }
  memset(pUp, 0, sizeof(*pUp));
  zPath = resume_path_dup(zId);
  pUp->zPath = arena_strdup(r->arena, zPath);
  free(zPath);
  pUp->zField = "file";
  pUp->zFilename = u.zName;
  pUp->zType = "";
  pUp->nSize = u.nSize;
  snprintf(pUp->zSm3, sizeof(pUp->zSm3), "%s", u.zSm3);
  return 0;
}

void resume_forget(const char *zId){
  db_exec("DELETE FROM upload_session WHERE token=?1", "t", zId);
}
