/*
** audit_head.c -- the audit head kept outside the database: the head file
** in the key folder, the backups it may be restored from, checkpoints an
** administrator exports, and the verdict of `fazhi audit verify`.
**
** Someone who can write the database but not the key folder can empty the
** log or cut its newest entries and write back an older head and seal
** copied earlier: the database alone cannot tell.  So every commit that
** moves the head also copies it (count, last id, last hash, time) into
** fazhi.audit-head beside fazhi.key, sealed with HMAC-SM3 under the audit
** key, and verify compares.  The file only moves forward: writers of
** several threads or processes (PostgreSQL deployments) take an flock on
** fazhi.audit-head.lock, re-read it, and write only a head that extends
** the one recorded (its entry at the recorded id has the recorded hash).
** It is written atomically: temp file, fsync, rename, fsync of the folder.
**
** A restored backup is also an older head.  `fazhi backup` records the
** head of each copy it makes (fazhi.audit-backups, one sealed line each);
** a database whose chain runs through a recorded backup head but not
** through the file's head, and whose entries after the backup head were
** all written after the file's head (so after the restore), is a
** restore: verify passes with a warning
** (exit 3) saying how far back it is, until the administrator accepts it
** (`fazhi audit accept-restore`, itself audited).  Any other older head
** is a cut log and fails.
*/
#include "../common.h"
#include <fcntl.h>
#include <pthread.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>
#include "../base/arena.h"
#include "../base/buf.h"
#include "../base/fmt.h"
#include "../base/log.h"
#include "../base/util.h"
#include "../crypto/sm3.h"
#include "../store/db.h"
#include "app.h"
#include "audit.h"
#include "cli.h"

#define HEAD_FILE    "fazhi.audit-head"
#define HEAD_LOCK    "fazhi.audit-head.lock"
#define BACKUP_FILE  "fazhi.audit-backups"
#define HEAD_HEADER  "# fazhi audit head v1 -- kept by fazhi after every audited commit; do not edit\n"
#define CKPT_HEADER  "# fazhi audit checkpoint v1\n"
#define BACKUP_TAG   "fazhi audit backup v1"
#define SEALED_MAX   65536
#define BACKUPS_MAX  4096      /* backups remembered (a restore can go back to) */

/* A head as the files hold it. */
struct head {
  i64 n, id;                /* entry count, last id */
  char zHash[65];           /* last hash */
  i64 at;                   /* when it was written (or the backup made) */
};

/* The head file's contents. */
struct head_file {
  struct head h;            /* the newest head committed */
  struct head v;            /* the last verified head (n==0 when never) */
  i64 restoredAt;           /* when a restore was last accepted, or 0 */
  i64 restoredLost;         /* entries that restore gave up */
};

/* The head the last audit batch of this thread wrote, until commit. */
static _Thread_local struct head pending;
static _Thread_local bool bPending;

/* The highest count this process knows the file holds (skip the lock
** when a commit is already covered). */
static pthread_mutex_t knownMu = PTHREAD_MUTEX_INITIALIZER;
static i64 nKnown;

/* A path in the data folder, in heap memory the caller frees. */
static char *data_path_dup(const char *zName){
  return fmt_dup("%s/%s", app.zDataDir, zName);
}

/* Whether the key folder is there to keep the head in. */
static bool head_enabled(void){
  return app.zDataDir!=0 && app.bKeys;
}

/* hex(HMAC-SM3(audit key, p[0..n))) into zOut[65]. */
static void seal_hex(const void *p, size_t n, char zOut[65]){
  u8 h[32];
  hmac_sm3(app.keys.aAudit, sizeof(app.keys.aAudit), p, n, h);
  hex_encode(h, 32, zOut);
}

/* Format an epoch as Beijing time "2026-12-02 14:05:09" into z[24]. */
static void bj_time(i64 t, char z[24]){
  time_t tt = (time_t)(t + 8*3600);
  struct tm tm;
  if( t<=0 ){ snprintf(z, 24, "-"); return; }
  gmtime_r(&tt, &tm);
  strftime(z, 24, "%Y-%m-%d %H:%M:%S", &tm);
}

/* "3天2小时" style age of a span of seconds, into z[48]. */
static void age_text(i64 s, char z[48]){
  if( s<0 ) s = 0;
  if( s>=86400 ) snprintf(z, 48, "%lld天%lld小时", (long long)(s/86400), (long long)(s%86400/3600));
  else if( s>=3600 ) snprintf(z, 48, "%lld小时%lld分钟", (long long)(s/3600), (long long)(s%3600/60));
  else if( s>=60 ) snprintf(z, 48, "%lld分钟", (long long)(s/60));
  else snprintf(z, 48, "%lld秒", (long long)s);
}

/* Read a whole small file into pOut.  0, 1 when absent, -1 on another
** error or when it is larger than nMax. */
static int file_read(const char *zPath, size_t nMax, struct buf *pOut){
  char chunk[4096];
  ssize_t n;
  int fd = open(zPath, O_RDONLY | O_CLOEXEC);
  if( fd<0 ) return errno==ENOENT ? 1 : -1;
  while( (n = read(fd, chunk, sizeof(chunk)))!=0 ){
    if( n<0 && errno==EINTR ) continue;
    if( n<0 || pOut->len + (size_t)n > nMax ){ close(fd); return -1; }
    buf_append(pOut, chunk, (size_t)n);
  }
  close(fd);
  return 0;
}

/* Write all of p[0..n) to fd; -1 on failure. */
static int write_all(int fd, const char *p, size_t n){
  while( n>0 ){
    ssize_t k = write(fd, p, n);
    if( k<0 && errno==EINTR ) continue;
    if( k<=0 ) return -1;
    p += k;
    n -= (size_t)k;
  }
  return 0;
}

/* fsync the folder that holds zPath (so a rename survives a crash). */
static int fsync_dir_of(const char *zPath){
  char *zDir = xstrdup(zPath);
  char *zSlash = strrchr(zDir, '/');
  int fd, rc = 0;
  if( zSlash==0 ){ free(zDir); zDir = xstrdup("."); }
  else if( zSlash==zDir ) zSlash[1] = 0;
  else *zSlash = 0;
  fd = open(zDir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if( fd<0 || fsync(fd)!=0 ) rc = -1;
  if( fd>=0 ) close(fd);
  free(zDir);
  return rc;
}

/* Replace zPath with p[0..n) atomically: a temp file beside it, fsync,
** rename, fsync of the folder.  Mode 0600.  -1 with a message. */
static int file_write_atomic(const char *zPath, const char *p, size_t n, struct buf *pErr){
  char *zTmp = fmt_dup("%s.tmp-XXXXXX", zPath);
  int fd = mkstemp(zTmp);
  if( fd<0 ){
    buf_appendf(pErr, "无法写入 %s：%s", zPath, strerror(errno));
    free(zTmp);
    return -1;
  }
  if( fchmod(fd, 0600)!=0 || write_all(fd, p, n)!=0 || fsync(fd)!=0 ){
    buf_appendf(pErr, "无法写入 %s：%s", zPath, strerror(errno));
    close(fd);
    unlink(zTmp);
    free(zTmp);
    return -1;
  }
  if( close(fd)!=0 || rename(zTmp, zPath)!=0 || fsync_dir_of(zPath)!=0 ){
    buf_appendf(pErr, "无法写入 %s：%s", zPath, strerror(errno));
    unlink(zTmp);
    free(zTmp);
    return -1;
  }
  free(zTmp);
  return 0;
}

/* The value of "zKey=" on a line of zBody into z[nZ] ("" when absent). */
static const char *kv_get(const char *zBody, const char *zKey, char *z, size_t nZ){
  size_t nKey = strlen(zKey);
  const char *p = zBody;
  z[0] = 0;
  while( p && *p ){
    const char *zEol = strchr(p, '\n');
    size_t nLine = zEol ? (size_t)(zEol - p) : strlen(p);
    if( nLine>nKey && strncmp(p, zKey, nKey)==0 && p[nKey]=='=' ){
      size_t nVal = nLine - nKey - 1;
      if( nVal>=nZ ) nVal = nZ-1;
      memcpy(z, p+nKey+1, nVal);
      z[nVal] = 0;
      return z;
    }
    p = zEol ? zEol+1 : 0;
  }
  return z;
}

/* "zKey=" as a non-negative integer, 0 when absent or bad. */
static i64 kv_int(const char *zBody, const char *zKey){
  char z[32];
  i64 v = 0;
  if( str_to_i64(kv_get(zBody, zKey, z, sizeof(z)), 0, INT64_MAX, &v) ) v = 0;
  return v;
}

/* Read a head under prefix zPre ("" or "verified_") from zBody; false
** when its hash is not 64 hex digits. */
static bool head_get(const char *zBody, const char *zPre, struct head *h){
  char zKey[40];
  memset(h, 0, sizeof(*h));
  snprintf(zKey, sizeof(zKey), "%scount", zPre); h->n = kv_int(zBody, zKey);
  snprintf(zKey, sizeof(zKey), "%sid", zPre);    h->id = kv_int(zBody, zKey);
  snprintf(zKey, sizeof(zKey), "%sat", zPre);    h->at = kv_int(zBody, zKey);
  snprintf(zKey, sizeof(zKey), "%shash", zPre);
  kv_get(zBody, zKey, h->zHash, sizeof(h->zHash));
  return strlen(h->zHash)==64;
}

/* Append a head under prefix zPre to b. */
static void head_put(struct buf *b, const char *zPre, const struct head *h){
  buf_appendf(b, "%scount=%lld\n%sid=%lld\n%shash=%s\n%sat=%lld\n", zPre, (long long)h->n,
              zPre, (long long)h->id, zPre, h->zHash, zPre, (long long)h->at);
}

/* Read a sealed text file that starts with zHeader into pBody (the text
** before the closing "seal=" line, which the seal covers).  0 ok, 1
** absent, 2 not such a file or the seal does not match. */
static int sealed_read(const char *zPath, const char *zHeader, struct buf *pBody){
  struct buf text = BUF_INIT;
  char zWant[65];
  const char *zSeal;
  int rc = file_read(zPath, SEALED_MAX, &text);
  if( rc==1 ){ buf_release(&text); return 1; }
  if( rc<0 || text.len==0 || strncmp(text.buf, zHeader, strlen(zHeader))!=0 ){
    buf_release(&text);
    return 2;
  }
  zSeal = strstr(text.buf, "\nseal=");
  if( zSeal==0 || strlen(zSeal+6)<64 || (zSeal[70]!=0 && zSeal[70]!='\n') ){
    buf_release(&text);
    return 2;
  }
  seal_hex(text.buf, (size_t)(zSeal+1 - text.buf), zWant);
  if( strncmp(zSeal+6, zWant, 64)!=0 ){
    buf_release(&text);
    return 2;
  }
  buf_append(pBody, text.buf, (size_t)(zSeal+1 - text.buf));
  buf_release(&text);
  return 0;
}

/* Close body with its seal line. */
static void sealed_close(struct buf *pBody){
  char zSeal[65];
  seal_hex(pBody->buf, pBody->len, zSeal);
  buf_appendf(pBody, "seal=%s\n", zSeal);
}

/* Read the head file.  0 ok, 1 absent, 2 broken (seal or format). */
static int head_file_read(struct head_file *f){
  char *zPath = data_path_dup(HEAD_FILE);
  struct buf body = BUF_INIT;
  int rc = sealed_read(zPath, HEAD_HEADER, &body);
  memset(f, 0, sizeof(*f));
  if( rc==0 ){
    if( !head_get(body.buf, "", &f->h) ) rc = 2;
    if( !head_get(body.buf, "verified_", &f->v) ) memset(&f->v, 0, sizeof(f->v));
    f->restoredAt = kv_int(body.buf, "restored_at");
    f->restoredLost = kv_int(body.buf, "restored_lost");
  }
  buf_release(&body);
  free(zPath);
  return rc;
}

/* Write the head file (the caller holds the lock).  -1 with a message. */
static int head_file_write(const struct head_file *f, struct buf *pErr){
  struct buf b = BUF_INIT;
  char *zPath = data_path_dup(HEAD_FILE);
  int rc;
  buf_puts(&b, HEAD_HEADER);
  head_put(&b, "", &f->h);
  if( f->v.n>0 ) head_put(&b, "verified_", &f->v);
  if( f->restoredAt ){
    buf_appendf(&b, "restored_at=%lld\nrestored_lost=%lld\n", (long long)f->restoredAt,
                (long long)f->restoredLost);
  }
  sealed_close(&b);
  rc = file_write_atomic(zPath, b.buf, b.len, pErr);
  buf_release(&b);
  free(zPath);
  if( rc==0 ){
    pthread_mutex_lock(&knownMu);
    if( f->h.n > nKnown ) nKnown = f->h.n;
    pthread_mutex_unlock(&knownMu);
  }
  return rc;
}

/* Take the head file's lock (flock on its own file, so every thread and
** process that writes the head file queues here).  Returns the fd to
** pass to head_unlock, or -1. */
static int head_lock(void){
  char *zPath = data_path_dup(HEAD_LOCK);
  int fd = open(zPath, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  free(zPath);
  if( fd<0 ) return -1;
  while( flock(fd, LOCK_EX)!=0 ){
    if( errno!=EINTR ){ close(fd); return -1; }
  }
  return fd;
}

/* Release the lock head_lock took (fd<0: nothing to release). */
static void head_unlock(int fd){
  if( fd>=0 ){ flock(fd, LOCK_UN); close(fd); }
}

/* True when the database's chain has entry id with hash zHash. */
static bool chain_has(i64 id, const char *zHash){
  return db_exists("SELECT 1 FROM audit WHERE id=?1 AND hash=?2", "it", id, zHash);
}

/* After commit: copy the pending head into the head file when it is newer
** than the file's and extends it. */
static void head_after_commit(void){
  struct head_file f;
  struct buf err = BUF_INIT;
  int fd, rc;
  bool bSkip;
  if( !bPending ) return;
  bPending = false;
  if( !head_enabled() ) return;
  pthread_mutex_lock(&knownMu);
  bSkip = pending.n <= nKnown;
  pthread_mutex_unlock(&knownMu);
  if( bSkip ) return;
  fd = head_lock();
  if( fd<0 ){
    log_error("audit head file: cannot lock %j: %j", app.zDataDir, strerror(errno));
    return;
  }
  rc = head_file_read(&f);
  if( rc==2 ){
    log_error("audit head file in %j is damaged or sealed with another key: not advanced"
              " (run fazhi audit verify)", app.zDataDir);
  }else if( rc==0 && pending.n <= f.h.n ){
    pthread_mutex_lock(&knownMu);
    if( f.h.n > nKnown ) nKnown = f.h.n;
    pthread_mutex_unlock(&knownMu);
  }else if( rc==0 && f.h.n>0 && !chain_has(f.h.id, f.h.zHash) ){
    static bool bSaid;      /* once per process: every commit would say it */
    if( !bSaid ) log_error("audit head file not advanced: the database's chain does not run through"
              " the recorded head %lld (a restore or a cut log; run fazhi audit verify)",
              (long long)f.h.n);
    bSaid = true;
  }else{
    if( rc==1 ) memset(&f, 0, sizeof(f));
    f.h = pending;
    if( head_file_write(&f, &err) ) log_error("audit head file: %j", err.buf);
  }
  head_unlock(fd);
  buf_release(&err);
}

void audit_head_pending(i64 n, i64 lastId, const char *zHash){
  pending.n = n;
  pending.id = lastId;
  snprintf(pending.zHash, sizeof(pending.zHash), "%s", zHash);
  pending.at = time_now();
  bPending = true;
  db_after_commit(head_after_commit);
}

/* The backups recorded in the key folder, oldest first, into *paB (heap,
** the caller frees); lines whose seal does not match are counted in
** *pnBad and skipped. */
static int backups_read(struct head **paB, int *pnBad){
  char *zPath = data_path_dup(BACKUP_FILE);
  struct buf text = BUF_INIT;
  struct head *a = 0;
  int n = 0;
  char *z, *zEol;
  *pnBad = 0;
  if( file_read(zPath, (size_t)BACKUPS_MAX*300, &text)==0 && text.len ){
    a = xmalloc(sizeof(*a) * (size_t)BACKUPS_MAX);
    for(z=text.buf; z && *z && n<BACKUPS_MAX; z=zEol){
      long long nn, id, at;
      char zHash[65], zSeal[65], zLine[256], zWant[65];
      int len;
      zEol = strchr(z, '\n');
      if( zEol ) *zEol++ = 0;
      if( sscanf(z, "backup %lld %lld %64s %lld %64s", &nn, &id, zHash, &at, zSeal)!=5 ){
        if( z[0] && z[0]!='#' ) (*pnBad)++;
        continue;
      }
      len = snprintf(zLine, sizeof(zLine), "%s %lld %lld %s %lld", BACKUP_TAG, nn, id, zHash, at);
      seal_hex(zLine, (size_t)len, zWant);
      if( strcmp(zWant, zSeal)!=0 || strlen(zHash)!=64 ){ (*pnBad)++; continue; }
      a[n].n = nn; a[n].id = id; a[n].at = at;
      memcpy(a[n].zHash, zHash, 65);
      n++;
    }
  }
  buf_release(&text);
  free(zPath);
  *paB = a;
  return n;
}

int audit_note_backup(const char *zBackup, struct buf *pErr){
  struct db *pMain = db_current();
  struct arena *ar = arena_new();
  char *zHead = 0, *zPath, zLine[256], zSeal[65];
  long long n = 0, id = 0;
  char zHash[65] = {0};
  int fd, len, rc = -1;
  if( !head_enabled() ){ arena_free(ar); return 0; }
  /* the copy's own head: what a restore of it will show */
  if( db_open(zBackup, pErr)==0 ){
    zHead = db_text(ar, 0, "SELECT v FROM meta WHERE k='audit_head'", "");
    db_close();
  }
  db_use(pMain);
  if( zHead==0 || sscanf(zHead, "%lld %lld %64s", &n, &id, zHash)!=3 ){
    if( pErr->len==0 ) buf_appendf(pErr, "无法读取备份 %s 中的审计头", zBackup);
    arena_free(ar);
    return -1;
  }
  len = snprintf(zLine, sizeof(zLine), "%s %lld %lld %s %lld", BACKUP_TAG, n, id, zHash,
                 (long long)time_now());
  seal_hex(zLine, (size_t)len, zSeal);
  len = snprintf(zLine, sizeof(zLine), "backup %lld %lld %s %lld %s\n", n, id, zHash,
                 (long long)time_now(), zSeal);
  zPath = data_path_dup(BACKUP_FILE);
  fd = open(zPath, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
  if( fd>=0 && write_all(fd, zLine, (size_t)len)==0 && fsync(fd)==0 ) rc = 0;
  if( rc ) buf_appendf(pErr, "无法写入 %s：%s", zPath, strerror(errno));
  if( fd>=0 ) close(fd);
  if( rc==0 ) fsync_dir_of(zPath);
  free(zPath);
  arena_free(ar);
  return rc;
}

/* Order anchors by id. */
static int anchor_cmp(const void *pA, const void *pB){
  const struct audit_anchor *a = pA, *b = pB;
  return a->id < b->id ? -1 : a->id > b->id;
}

/* Whether the database holds records (so an empty log cannot be right). */
static bool has_records(void){
  return db_exists("SELECT 1 FROM org", "") || db_exists("SELECT 1 FROM users", "");
}

int audit_verify(i64 *pnEntries, i64 *pBadId, struct buf *pMsg){
  struct audit_walk w;
  int rc;
  memset(&w, 0, sizeof(w));
  rc = audit_walk(&w, pMsg);
  if( rc==0 && w.n==0 && has_records() ){
    buf_puts(pMsg, "审计日志为空，但数据库中已有机构或用户的记录：日志被清空了");
    rc = 1;
  }
  *pnEntries = w.n;
  *pBadId = w.badId;
  return rc;
}

/* Read and check a checkpoint file into *h.  0 ok, -1 with a message. */
static int checkpoint_read(const char *zPath, struct head *h, struct buf *pMsg){
  struct buf body = BUF_INIT;
  int rc = sealed_read(zPath, CKPT_HEADER, &body);
  if( rc==1 ){
    buf_appendf(pMsg, "检查点文件 %s 不存在", zPath);
  }else if( rc==2 || !head_get(body.buf, "", h) || h->n<=0 || h->id<=0 ){
    buf_appendf(pMsg, "检查点文件 %s 不是本系统签发的检查点，或已被改动（封印不符）", zPath);
    rc = 2;
  }
  buf_release(&body);
  return rc ? -1 : 0;
}

void audit_report_free(struct audit_report *r){
  buf_release(&r->msg);
  buf_release(&r->note);
}

int audit_verify_full(const char *zCheckpoint, bool bRecord, struct audit_report *r){
  struct head_file f;
  struct head ck, *aB = 0;
  struct audit_anchor *aA;
  struct audit_walk w;
  int nB = 0, nBad = 0, rcFile = 1, i, nA = 0, iFile = -1, iCk = -1;
  char zT[24], zT2[24], zAge[48];
  i64 now = time_now();
  memset(&f, 0, sizeof(f));
  memset(&ck, 0, sizeof(ck));
  memset(r, 0, sizeof(*r));
  buf_init(&r->msg);
  buf_init(&r->note);
  r->rc = AUDIT_INTACT;
  if( zCheckpoint && checkpoint_read(zCheckpoint, &ck, &r->msg) ){
    r->rc = AUDIT_DAMAGED;
    return r->rc;
  }
  if( head_enabled() ){
    rcFile = head_file_read(&f);
    nB = backups_read(&aB, &nBad);
  }
  /* the anchors the walk looks for: the file's head, the backups, the
  ** checkpoint */
  aA = xmalloc(sizeof(*aA) * (size_t)(nB + 2));
  for(i=0; i<nB; i++){
    aA[nA].id = aB[i].id; memcpy(aA[nA].zHash, aB[i].zHash, 65); aA[nA].eSeen = 0;
    aA[nA].iTag = i; nA++;
  }
  if( rcFile==0 && f.h.n>0 ){
    aA[nA].id = f.h.id; memcpy(aA[nA].zHash, f.h.zHash, 65); aA[nA].eSeen = 0;
    aA[nA].iTag = -1; nA++;
  }
  if( zCheckpoint ){
    aA[nA].id = ck.id; memcpy(aA[nA].zHash, ck.zHash, 65); aA[nA].eSeen = 0;
    aA[nA].iTag = -2; nA++;
  }
  qsort(aA, (size_t)nA, sizeof(*aA), anchor_cmp);
  for(i=0; i<nA; i++){
    if( aA[i].iTag==-1 ) iFile = i;
    if( aA[i].iTag==-2 ) iCk = i;
  }
  memset(&w, 0, sizeof(w));
  w.aAnchor = aA;
  w.nAnchor = nA;
  if( audit_walk(&w, &r->msg) ){
    r->rc = AUDIT_DAMAGED;
    goto done;
  }
  r->nEntries = w.n;
  if( w.n==0 && has_records() ){
    buf_puts(&r->msg, "审计日志为空，但数据库中已有机构或用户的记录：日志被清空了");
    if( rcFile==0 && f.h.n>0 ){
      bj_time(f.h.at, zT);
      buf_appendf(&r->msg, "（密钥目录中的审计头记录有%lld条，写于%s）", (long long)f.h.n, zT);
    }
    r->badId = 1;
    r->rc = AUDIT_DAMAGED;
    goto done;
  }

  /* the head file in the key folder */
  if( rcFile==2 ){
    buf_appendf(&r->msg, "密钥目录中的审计头文件 %s/%s 已被改动或不是用本密钥封印的",
                app.zDataDir, HEAD_FILE);
    r->rc = AUDIT_DAMAGED;
    goto done;
  }
  if( rcFile==1 && head_enabled() && w.n>0 ){
    buf_appendf(&r->msg, "密钥目录中还没有审计头文件（升级前建立的数据目录，或换了机器）："
                "无法确认最新的条目没有被截去；已按本次校验的结果（%lld条）建立", (long long)w.n);
    r->rc = AUDIT_WARNING;
  }
  if( rcFile==0 && f.h.n>0 && aA[iFile].eSeen!=1 ){
    /* the chain does not run through the recorded head: a restore from a
    ** recorded backup, or a cut or rewritten log */
    int iBest = -1;
    for(i=0; i<nA; i++){
      if( aA[i].iTag>=0 && aA[i].eSeen==1
       && (iBest<0 || aB[aA[i].iTag].n > aB[aA[iBest].iTag].n) ){
        iBest = i;
      }
    }
    bj_time(f.h.at, zT);
    if( iBest>=0
     && db_i64(f.h.at, "SELECT min(at) FROM audit WHERE id>?1", "i", aB[aA[iBest].iTag].id)
        < f.h.at ){
      /* entries after the backup head that are older than the recorded
      ** head were not written after a restore: they are what is left of
      ** the original log, cut short */
      iBest = -1;
    }
    if( iBest>=0 ){
      const struct head *b = &aB[aA[iBest].iTag];
      bj_time(b->at, zT2);
      age_text(f.h.at - b->at, zAge);
      buf_appendf(&r->msg, "数据库是从备份恢复的：备份于%s，当时%lld条；密钥目录记录的最新头为%lld条"
                  "（写于%s），比备份新%s，本库缺少其后的%lld条", zT2, (long long)b->n,
                  (long long)f.h.n, zT, zAge, (long long)(f.h.n - b->n));
      if( w.n > b->n ){
        buf_appendf(&r->msg, "；恢复后又追加了%lld条", (long long)(w.n - b->n));
      }
      buf_puts(&r->msg, "。核实无误后请执行 fazhi audit accept-restore 确认这次恢复");
      r->bRestored = true;
      r->restoreN = b->n;
      r->lostN = f.h.n - b->n;
      r->fileN = f.h.n;
      r->fileAt = f.h.at;
      r->rc = AUDIT_WARNING;
    }else if( w.n < f.h.n ){
      buf_appendf(&r->msg, "审计日志被截短：密钥目录中的审计头记录有%lld条（最后一条 id=%lld，写于%s），"
                  "数据库中只有%lld条；最新的条目被删除，并写回了较早的头和封印",
                  (long long)f.h.n, (long long)f.h.id, zT, (long long)w.n);
      r->badId = w.lastId + 1;
      r->rc = AUDIT_DAMAGED;
      goto done;
    }else{
      buf_appendf(&r->msg, "第%lld条（id=%lld）与密钥目录中的审计头（写于%s）不符：日志被改写",
                  (long long)f.h.n, (long long)f.h.id, zT);
      r->badId = f.h.id;
      r->rc = AUDIT_DAMAGED;
      goto done;
    }
  }
  if( rcFile==0 && f.h.n>0 && aA[iFile].eSeen==1 ){
    bj_time(f.h.at, zT);
    buf_appendf(&r->note, "与密钥目录中的审计头一致（%lld条，写于%s）\n", (long long)f.h.n, zT);
  }
  if( nBad ){
    buf_appendf(&r->note, "注意：备份记录 %s 中有%d行封印不符，已忽略\n", BACKUP_FILE, nBad);
  }
  if( rcFile==0 && f.v.n>0 ){
    bj_time(f.v.at, zT);
    buf_appendf(&r->note, "上次校验：%s（%lld条）\n", zT, (long long)f.v.n);
  }

  /* the checkpoint */
  if( zCheckpoint ){
    bj_time(ck.at, zT);
    if( aA[iCk].eSeen==1 ){
      buf_appendf(&r->note, "检查点（%s，%lld条）之前的条目未被改动，此后又追加了%lld条\n", zT,
                  (long long)ck.n, (long long)(w.n - ck.n));
    }else if( aA[iCk].eSeen==0 ){
      buf_truncate(&r->msg, 0);
      buf_appendf(&r->msg, "日志比检查点短：检查点（%s）记录有%lld条，数据库中只有%lld条",
                  zT, (long long)ck.n, (long long)w.n);
      r->badId = w.lastId + 1;
      r->rc = AUDIT_DAMAGED;
      goto done;
    }else{
      buf_truncate(&r->msg, 0);
      buf_appendf(&r->msg, "检查点（%s）之前的条目被改动：第%lld条的哈希与检查点不符", zT,
                  (long long)ck.id);
      r->badId = ck.id;
      r->rc = AUDIT_DAMAGED;
      goto done;
    }
  }

  /* record the verified head (and create the file when there was none) */
  if( bRecord && head_enabled() && !r->bRestored ){
    int fd = head_lock();
    struct head_file g;
    struct buf err = BUF_INIT;
    if( fd>=0 ){
      int rc2 = head_file_read(&g);
      if( rc2==1 ){
        memset(&g, 0, sizeof(g));
        g.h.n = w.n; g.h.id = w.lastId; memcpy(g.h.zHash, w.zLast, 65); g.h.at = now;
      }
      if( rc2!=2 ){
        g.v.n = w.n; g.v.id = w.lastId; memcpy(g.v.zHash, w.zLast, 65); g.v.at = now;
        if( w.n>0 || rc2==0 ) (void)head_file_write(&g, &err);
      }
      head_unlock(fd);
    }
    if( err.len ) buf_appendf(&r->note, "注意：%s\n", err.buf);
    buf_release(&err);
  }
done:
  r->nEntries = w.n;
  if( r->badId==0 ) r->badId = w.badId;
  free(aA);
  free(aB);
  return r->rc;
}

int audit_accept_restore(const struct actor *a, struct buf *pMsg){
  struct audit_report r;
  struct head_file f;
  struct buf err = BUF_INIT;
  char zBefore[256], zAfter[256];
  int fd, rc = -1;
  if( audit_verify_full(0, false, &r)!=AUDIT_WARNING || !r.bRestored ){
    if( r.rc==AUDIT_DAMAGED ) buf_appendf(pMsg, "审计日志被改动，不能确认恢复：%s", r.msg.buf);
    else buf_puts(pMsg, "数据库不是从备份恢复的，没有需要确认的恢复");
    audit_report_free(&r);
    return -1;
  }
  snprintf(zBefore, sizeof(zBefore), "{\"head_count\":%lld,\"head_at\":%lld}",
           (long long)r.fileN, (long long)r.fileAt);
  snprintf(zAfter, sizeof(zAfter), "{\"backup_count\":%lld,\"lost\":%lld,\"count\":%lld}",
           (long long)r.restoreN, (long long)r.lostN, (long long)r.nEntries);
  db_begin();
  audit_write(a, "restore", "audit", "", zBefore, zAfter);
  bPending = false;          /* moved below, backwards, on purpose */
  db_commit();
  /* the head file moves back to the restored chain (the commit above
  ** could not move it: its head does not extend the recorded one) */
  fd = head_lock();
  if( fd<0 ){
    buf_appendf(pMsg, "无法锁定 %s/%s：%s", app.zDataDir, HEAD_LOCK, strerror(errno));
  }else{
    struct arena *ar = arena_new();
    char *zHead = db_text(ar, "", "SELECT v FROM meta WHERE k='audit_head'", "");
    long long n = 0, id = 0;
    memset(&f, 0, sizeof(f));
    if( sscanf(zHead, "%lld %lld %64s", &n, &id, f.h.zHash)==3 ){
      f.h.n = n; f.h.id = id; f.h.at = time_now();
      f.v = f.h;
      f.restoredAt = f.h.at;
      f.restoredLost = r.lostN;
      rc = head_file_write(&f, &err);
      if( rc ) buf_puts(pMsg, err.buf);
      else buf_appendf(pMsg, "已确认从备份恢复：放弃了%lld条，审计头改为%lld条",
                       (long long)r.lostN, n);
    }
    arena_free(ar);
    head_unlock(fd);
  }
  buf_release(&err);
  audit_report_free(&r);
  return rc;
}

int audit_checkpoint(struct buf *pOut, struct buf *pMsg){
  struct audit_report r;
  struct arena *ar;
  char *zHead;
  long long n = 0, id = 0;
  char zHash[65] = {0};
  i64 headAt;
  if( audit_verify_full(0, false, &r)==AUDIT_DAMAGED ){
    buf_appendf(pMsg, "审计日志被改动，不能签发检查点：%s", r.msg.buf);
    audit_report_free(&r);
    return -1;
  }
  audit_report_free(&r);
  ar = arena_new();
  zHead = db_text(ar, "", "SELECT v FROM meta WHERE k='audit_head'", "");
  if( sscanf(zHead, "%lld %lld %64s", &n, &id, zHash)!=3 || n<=0 ){
    buf_puts(pMsg, "审计日志为空，没有可签发的检查点");
    arena_free(ar);
    return -1;
  }
  headAt = db_i64(0, "SELECT at FROM audit WHERE id=?1", "i", (i64)id);
  buf_puts(pOut, CKPT_HEADER);
  buf_appendf(pOut, "count=%lld\nid=%lld\nhash=%s\nat=%lld\nentry_at=%lld\n", n, id, zHash,
              (long long)time_now(), (long long)headAt);
  sealed_close(pOut);
  arena_free(ar);
  return 0;
}

int audit_write_file(const char *zPath, const struct buf *p, struct buf *pErr){
  return file_write_atomic(zPath, p->buf, p->len, pErr);
}
