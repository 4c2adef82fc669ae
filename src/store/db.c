/*
** db.c -- the engine-independent half of the database interface:
** the per-thread connection, one-liners, transactions, migrations, and the
** per-thread failed state of db.h ("Errors").
*/
#include "../common.h"
#include <pthread.h>
#include "../base/arena.h"
#include "../base/buf.h"
#include "../base/embed.h"
#include "../base/util.h"
#include "db.h"

static _Thread_local struct db *pCur;   /* this thread's connection */
static _Thread_local void (*xAfterCommit)(void);  /* see db_after_commit */
static _Thread_local void (*xCommitMark)(void *);  /* see db_commit_mark */
static _Thread_local void *pCommitMarkArg;
static _Thread_local char *zThreadUrl;  /* what db_open opened: to reopen it */
static _Thread_local int eFail;         /* DB_FAIL_* of this thread, 0 = none */
static _Thread_local char zFailMsg[400];/* the engine's message for it */
static bool bFailExit = true;           /* commands: a failure ends the process */
static _Thread_local double rRetryAt;   /* no reconnect before (monotonic s) */
static _Thread_local int nInjectAt;     /* db_inject_failure: calls left, 0 = off */
static _Thread_local int eInjectKind;

/* The driver for zUrl: postgresql:// URLs need pg.c, anything else is a
** SQLite file path. */
static const struct db_driver *db_driver_for(const char *zUrl){
  if( str_starts(zUrl, "postgresql://") || str_starts(zUrl, "postgres://") ){
    return &db_pg_driver;
  }
  return &db_sqlite_driver;
}

int db_open(const char *zUrl, struct buf *pErr){
  const struct db_driver *pDrv;
  struct db *p = 0;
  if( zThreadUrl!=zUrl ){
    free(zThreadUrl);
    zThreadUrl = xstrdup(zUrl);
  }
  pDrv = db_driver_for(zUrl);
  if( pDrv->xOpen(zUrl, &p, pErr) ) return -1;
  p->pDrv = pDrv;
  pCur = p;
  return 0;
}

/* Record this thread's first failure; in a command, report it and exit. */
static void db_mark(int eKind, const char *zMsg, const char *zSql){
  size_t n;
  if( eFail ) return;
  eFail = eKind==DB_FAIL_BUG ? DB_FAIL_ERROR : eKind;
  snprintf(zFailMsg, sizeof(zFailMsg), "%s", zMsg ? zMsg : "");
  n = strlen(zFailMsg);
  while( n>0 && (zFailMsg[n-1]=='\n' || zFailMsg[n-1]==' ') ) zFailMsg[--n] = 0;
  if( bFailExit ){
    static const char *const azWhat[] = {
      "", "数据库繁忙，请稍后重试", "数据库存储空间不足或读写出错，本次操作未保存",
      "无法连接数据库", "数据库拒绝执行该操作", ""
    };
    fprintf(stderr, "fazhi: %s：%s\n", azWhat[eFail], zFailMsg);
    if( zSql ) fprintf(stderr, "  in: %s\n", zSql);
    exit(1);
  }
}

/* Close p, live or a stand-in. */
static void db_close_conn(struct db *p){
  if( p->bDown ) free(p);
  else p->pDrv->xClose(p);
}

void db_open_thread(const char *zUrl){
  struct buf err = BUF_INIT;
  if( db_open(zUrl, &err) ){
    struct db *p = xcalloc(1, sizeof(*p));
    p->pDrv = db_driver_for(zUrl);
    p->bDown = true;
    pCur = p;
    warn("%s", err.buf);
    db_mark(DB_FAIL_BROKEN, err.buf, 0);
  }
  buf_release(&err);
}

void db_close(void){
  if( pCur==0 ) return;
  if( pCur->nStmt ) warn("closing the database with %d open statements", pCur->nStmt);
  db_close_conn(pCur);
  pCur = 0;
  eFail = 0;                   /* nothing left that could half-commit */
  zFailMsg[0] = 0;
}

int db_failed(void){
  return eFail;
}

const char *db_failure_message(void){
  return eFail ? zFailMsg : "";
}

void db_fail(int eKind, const char *zMsg){
  db_mark(eKind, zMsg, 0);
}

void db_inject_failure(int nCall, int eKind){
  nInjectAt = nCall;
  eInjectKind = eKind;
}

/* True when an injected failure is due at this call (tests only). */
static bool db_injected(void){
  if( nInjectAt<=0 || --nInjectAt>0 ) return false;
  db_mark(eInjectKind, "injected failure", 0);
  return true;
}

void db_set_fail_exit(bool bExit){
  bFailExit = bExit;
}

bool db_clear_failure(void){
  if( eFail==0 ) return true;
  if( eFail==DB_FAIL_BROKEN || (pCur && (pCur->nTxn || pCur->bDown)) ) return false;
  eFail = 0;
  zFailMsg[0] = 0;
  return true;
}

/* Run ROLLBACK and ignore what it says (the work has failed already). */
static void db_rollback_quietly(struct db *p){
  struct buf err = BUF_INIT;
  int eKind = 0;
  if( !p->bDown && eFail!=DB_FAIL_BROKEN ) p->pDrv->xExecScript(p, "ROLLBACK", &err, &eKind);
  buf_release(&err);
}

/* Monotonic seconds (not time_now(): tests pin that). */
static double db_clock(void){
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + ts.tv_nsec/1e9;
}

void db_recover(void){
  struct db *p = pCur;
  if( p==0 ) return;
  if( eFail==0 && !p->bDown && p->pDrv->xAlive(p) ) return;
  if( p->nTxn ){
    db_rollback_quietly(p);
    p->nTxn = 0;
    p->bRollback = false;
  }
  if( (eFail==DB_FAIL_BROKEN || p->bDown || !p->pDrv->xAlive(p)) && zThreadUrl ){
    struct db *pNew = 0;
    struct buf err = BUF_INIT;
    if( db_clock() < rRetryAt ){
      /* tried less than a second ago: fail fast, do not hammer the server */
      if( !eFail ) db_mark(DB_FAIL_BROKEN, "database unreachable (retrying)", 0);
      return;
    }
    if( p->pDrv->xOpen(zThreadUrl, &pNew, &err) ){
      eFail = 0;                 /* the new reason replaces the old */
      db_mark(DB_FAIL_BROKEN, err.buf, 0);
      rRetryAt = db_clock() + 1.0;
      buf_release(&err);
      return;
    }
    rRetryAt = 0;
    pNew->pDrv = p->pDrv;
    if( p->nStmt ) warn("reopening the database with %d open statements", p->nStmt);
    db_close_conn(p);
    pCur = pNew;
    buf_release(&err);
  }
  eFail = 0;
  zFailMsg[0] = 0;
}

struct db *db_current(void){
  return pCur;
}

struct db *db_use(struct db *p){
  struct db *pOld = pCur;
  pCur = p;
  return pOld;
}

const char *db_engine(void){
  return pCur ? pCur->pDrv->zName : "none";
}

void db_ids_taken(const char *zTable, i64 maxId){
  if( strcmp(db_engine(), "postgresql")!=0 ) return;
  /* an identity column's sequence does not move for explicit ids */
  db_exec("SELECT setval(pg_get_serial_sequence(?1, 'id'), ?2)", "ti", zTable,
          maxId<1 ? 1 : maxId);
}

/* The connection, or a fatal error when none is open. */
static struct db *db_need(void){
  if( pCur==0 ) fatal("no database connection on this thread");
  return pCur;
}

void db_prepare(struct stmt *q, const char *zSql){
  struct db *p = db_need();
  struct buf err = BUF_INIT;
  int eKind = DB_FAIL_ERROR;
  q->pDb = p;
  q->zSql = zSql;
  q->pDrv = 0;
  if( p->bDown ) db_mark(DB_FAIL_BROKEN, "no connection", 0);
  if( eFail ) return;                   /* inert: the thread has failed */
  q->pDrv = p->pDrv->xPrepare(p, zSql, &err, &eKind);
  if( q->pDrv==0 ){
    if( eKind==DB_FAIL_BUG ) fatal("SQL error: %s\n  in: %s", err.buf, zSql);
    db_mark(eKind, err.buf, zSql);
    buf_release(&err);
    return;
  }
  p->nStmt++;
}

/* Interned SQL texts of db_prepare_buf: the drivers' statement caches are
** keyed by the text's address, so each distinct text gets one copy that
** lives as long as the process.  The texts come from declarations (a
** finite set), never from a request. */
static struct db_sql { struct db_sql *pNext; u32 h; char *z; } *aSqlHash[256];
static pthread_mutex_t sqlMutex = PTHREAD_MUTEX_INITIALIZER;

/* The interned copy of z. */
static const char *db_intern(const char *z){
  u32 h = 2166136261u;
  const char *p;
  struct db_sql *e;
  for(p=z; *p; p++){ h ^= (unsigned char)*p; h *= 16777619u; }
  pthread_mutex_lock(&sqlMutex);
  for(e=aSqlHash[h & 255]; e; e=e->pNext){
    if( e->h==h && strcmp(e->z, z)==0 ) break;
  }
  if( e==0 ){
    e = xmalloc(sizeof(*e));
    e->h = h;
    e->z = xstrdup(z);
    e->pNext = aSqlHash[h & 255];
    aSqlHash[h & 255] = e;
  }
  pthread_mutex_unlock(&sqlMutex);
  return e->z;
}

void db_prepare_buf(struct stmt *q, const struct buf *pSql){
  db_prepare(q, db_intern(pSql->buf));
}

static _Thread_local int nBulk;   /* db_bulk nesting on this thread */

void db_bulk(bool bOn){
  if( strcmp(db_engine(), "sqlite")!=0 ) return;
  if( bOn ? nBulk++ > 0 : --nBulk > 0 ) return;
  if( nBulk<0 ) fatal("db_bulk: off without on");
  db_exec(bOn ? "PRAGMA cache_size=-65536" : "PRAGMA cache_size=-2000", "");
}

static _Thread_local int nScan;   /* db_scan nesting on this thread */

void db_scan(bool bOn){
  if( strcmp(db_engine(), "sqlite")!=0 ) return;
  if( bOn ? nScan++ > 0 : --nScan > 0 ) return;
  if( nScan<0 ) fatal("db_scan: off without on");
  db_exec(bOn ? "PRAGMA mmap_size=1073741824" : "PRAGMA mmap_size=0", "");
}

void db_bind_int64(struct stmt *q, int i, i64 v){
  if( q->pDrv ) q->pDb->pDrv->xBindInt64(q->pDrv, i, v);
}

void db_bind_text(struct stmt *q, int i, const char *z){
  /* a NULL text keeps its type: PostgreSQL must know what "?2 IS NULL" is */
  if( q->pDrv ) q->pDb->pDrv->xBindText(q->pDrv, i, z);
}

void db_bind_null(struct stmt *q, int i){
  if( q->pDrv ) q->pDb->pDrv->xBindNull(q->pDrv, i);
}

int db_step(struct stmt *q){
  struct buf err = BUF_INIT;
  int eKind = DB_FAIL_ERROR;
  int rc;
  if( q->pDrv==0 || eFail ) return DB_DONE;   /* no statement runs after a failure */
  if( db_injected() ) return DB_DONE;
  rc = q->pDb->pDrv->xStep(q->pDrv, &err, &eKind);
  if( rc<0 ){
    if( eKind==DB_FAIL_BUG ) fatal("SQL error: %s\n  in: %s", err.buf, q->zSql);
    db_mark(eKind, err.buf, q->zSql);
    rc = DB_DONE;
  }
  buf_release(&err);
  return rc;
}

i64 db_column_int64(struct stmt *q, int i){
  return q->pDrv ? q->pDb->pDrv->xColumnInt64(q->pDrv, i) : 0;
}

const char *db_column_text(struct stmt *q, int i){
  return q->pDrv ? q->pDb->pDrv->xColumnText(q->pDrv, i) : 0;
}

bool db_column_is_null(struct stmt *q, int i){
  return q->pDrv ? q->pDb->pDrv->xColumnIsNull(q->pDrv, i) : true;
}

char *db_column_dup(struct arena *a, struct stmt *q, int i){
  return arena_strdup(a, db_column_text(q, i));
}

void db_column_dups(struct arena *a, struct stmt *q, int iFirst, ...){
  va_list ap;
  const char **pz;
  va_start(ap, iFirst);
  while( (pz = va_arg(ap, const char **))!=0 ) *pz = db_column_dup(a, q, iFirst++);
  va_end(ap);
}

void db_column_int64s(struct stmt *q, int iFirst, ...){
  va_list ap;
  i64 *p;
  va_start(ap, iFirst);
  while( (p = va_arg(ap, i64 *))!=0 ) *p = db_column_int64(q, iFirst++);
  va_end(ap);
}

void db_reset(struct stmt *q){
  if( q->pDrv ) q->pDb->pDrv->xReset(q->pDrv);
}

void db_finalize(struct stmt *q){
  if( q->pDrv==0 ) return;
  q->pDb->pDrv->xFinalize(q->pDb, q->pDrv, q->zSql);
  q->pDrv = 0;
  q->pDb->nStmt--;
}

void db_bind_va(struct stmt *q, const char *zTypes, va_list ap){
  int i;
  for(i=0; zTypes && zTypes[i]; i++){
    switch( zTypes[i] ){
      case 'i': db_bind_int64(q, i+1, va_arg(ap, i64)); break;
      case 'd': db_bind_int64(q, i+1, va_arg(ap, int)); break;
      case 't': db_bind_text(q, i+1, va_arg(ap, const char *)); break;
      case 'n': db_bind_null(q, i+1); break;
      default: fatal("db: unknown bind type '%c' for %s", zTypes[i], q->zSql);
    }
  }
}

int db_exec(const char *zSql, const char *zTypes, ...){
  struct stmt q;
  va_list ap;
  int rc;
  db_prepare(&q, zSql);
  va_start(ap, zTypes);
  db_bind_va(&q, zTypes, ap);
  va_end(ap);
  while( (rc = db_step(&q))==DB_ROW ){}
  db_finalize(&q);
  return rc;
}

/* The first column of the first row as an integer, or dflt. */
static i64 db_i64_va(i64 dflt, const char *zSql, const char *zTypes, va_list ap){
  struct stmt q;
  i64 v = dflt;
  db_prepare(&q, zSql);
  db_bind_va(&q, zTypes, ap);
  if( db_step(&q)==DB_ROW && !db_column_is_null(&q, 0) ) v = db_column_int64(&q, 0);
  db_finalize(&q);
  return v;
}

i64 db_i64(i64 dflt, const char *zSql, const char *zTypes, ...){
  va_list ap;
  i64 v;
  va_start(ap, zTypes);
  v = db_i64_va(dflt, zSql, zTypes, ap);
  va_end(ap);
  return v;
}

int db_int(int dflt, const char *zSql, const char *zTypes, ...){
  va_list ap;
  i64 v;
  va_start(ap, zTypes);
  v = db_i64_va(dflt, zSql, zTypes, ap);
  va_end(ap);
  return (int)v;
}

char *db_text(struct arena *a, const char *dflt, const char *zSql,
              const char *zTypes, ...){
  struct stmt q;
  va_list ap;
  char *z = 0;
  db_prepare(&q, zSql);
  va_start(ap, zTypes);
  db_bind_va(&q, zTypes, ap);
  va_end(ap);
  if( db_step(&q)==DB_ROW && !db_column_is_null(&q, 0) ) z = db_column_dup(a, &q, 0);
  else z = arena_strdup(a, dflt);
  db_finalize(&q);
  return z;
}

bool db_exists(const char *zSql, const char *zTypes, ...){
  struct stmt q;
  va_list ap;
  bool b;
  db_prepare(&q, zSql);
  va_start(ap, zTypes);
  db_bind_va(&q, zTypes, ap);
  va_end(ap);
  b = db_step(&q)==DB_ROW;
  db_finalize(&q);
  return b;
}

/* Run a script on p unless the thread has failed; a failure marks it. */
static void db_script(struct db *p, const char *zScript){
  struct buf err = BUF_INIT;
  int eKind = DB_FAIL_ERROR;
  if( p->bDown ) db_mark(DB_FAIL_BROKEN, "no connection", 0);
  if( eFail || db_injected() ) return;
  if( p->pDrv->xExecScript(p, zScript, &err, &eKind) ){
    db_mark(eKind, err.buf, zScript);
  }
  buf_release(&err);
}

void db_exec_script(const char *zScript){
  db_script(db_need(), zScript);
}

void db_begin_at(const char *zFile, int line){
  struct db *p = db_need();
  (void)zFile; (void)line;
  if( p->nTxn==0 ){
    db_script(p, p->pDrv->xBeginSql());   /* SQLITE_BUSY here marks the failure */
    p->bRollback = false;
  }
  p->nTxn++;
}

/* End one level; the outermost level commits or rolls back.  A failed
** thread always rolls back, and so does a COMMIT the engine refuses. */
static void db_end(bool bRollback){
  struct db *p = db_need();
  if( p->nTxn<=0 ) fatal("commit or rollback outside a transaction");
  if( bRollback ) p->bRollback = true;
  if( --p->nTxn > 0 ) return;
  if( eFail ){
    db_rollback_quietly(p);
  }else{
    if( !p->bRollback && xCommitMark ){
      /* the mark's statements ride in the transaction they mark (nTxn is
      ** 0 here but BEGIN is still open: run them as one more level) */
      void (*x)(void *) = xCommitMark;
      xCommitMark = 0;
      p->nTxn++;
      x(pCommitMarkArg);
      p->nTxn--;
      if( eFail ){ db_rollback_quietly(p); goto ended; }
    }
    db_script(p, p->bRollback ? "ROLLBACK" : "COMMIT");
    if( eFail ) db_rollback_quietly(p);
  }
ended:
  bRollback = p->bRollback || eFail;     /* committed only when neither */
  p->bRollback = false;
  if( xAfterCommit ){
    void (*x)(void) = xAfterCommit;
    xAfterCommit = 0;
    if( !bRollback ) x();
  }
}

void db_append_for_update(struct buf *pSql, const char *zAlias){
  const char *z = db_need()->pDrv->xForUpdateSql();
  if( z ) buf_appendf(pSql, "%s%s", z, zAlias);
}

void db_lock_key(const char *zKey){
  struct db *p = db_need();
  const char *zSql = p->pDrv->xLockKeySql();
  u64 h = 14695981039346656037ull;       /* FNV-1a */
  struct stmt q;
  if( p->nTxn<=0 ) fatal("db_lock_key outside a transaction");
  if( zSql==0 ) return;
  for(; *zKey; zKey++) h = (h ^ (u8)*zKey) * 1099511628211ull;
  db_prepare(&q, zSql);
  db_bind_int64(&q, 1, (i64)(h>>1));
  while( db_step(&q)==DB_ROW ){}
  db_finalize(&q);
}

void db_after_commit(void (*x)(void)){
  if( db_need()->nTxn<=0 ) fatal("db_after_commit outside a transaction");
  xAfterCommit = x;
}

void db_commit_mark(void (*x)(void *), void *pArg){
  xCommitMark = x;
  pCommitMarkArg = pArg;
}

void db_commit(void){ db_end(false); }
void db_rollback(void){ db_end(true); }

int db_txn_depth(void){
  return pCur ? pCur->nTxn : 0;
}

int db_open_statements(void){
  return pCur ? pCur->nStmt : 0;
}

int db_schema_version(void){
  /* meta is the one table every version has; an empty database gets it */
  db_exec_script("CREATE TABLE IF NOT EXISTS meta(k TEXT PRIMARY KEY, v TEXT)");
  return db_int(0, "SELECT CAST(v AS INTEGER) FROM meta WHERE k='schema_version'", "");
}

int db_migrate(void){
  struct db *p = db_need();
  const struct embed_file *e;
  int nApplied = 0;
  int have;
  have = db_schema_version();
  if( p->pDrv->xPrelude()[0] ) db_exec_script(p->pDrv->xPrelude());
  if( eFail ) return -1;
  for(e=embed_table; e->zName; e++){
    const char *zBase;
    int ver;
    char *zSql;
    if( !str_starts(e->zName, "src/store/schema/") ) continue;
    zBase = e->zName + strlen("src/store/schema/");
    ver = atoi(zBase);
    if( ver<=have ) continue;
    zSql = p->pDrv->xSchemaDup((const char *)e->aData);
    db_begin();
    db_exec_script(zSql);
    db_exec("INSERT INTO meta(k,v) VALUES('schema_version',?1)"
            " ON CONFLICT(k) DO UPDATE SET v=excluded.v", "d", ver);
    db_commit();
    free(zSql);
    if( eFail ) return -1;
    have = ver;
    nApplied++;
  }
  return nApplied;
}

int db_backup(const char *zPath, struct buf *pErr){
  struct db *p = db_need();
  if( p->bDown ){ buf_puts(pErr, "无法连接数据库"); return -1; }
  return p->pDrv->xBackup(p, zPath, pErr);
}

char *db_replace_word_dup(const char *z, const char *zFrom, const char *zTo){
  struct buf b = BUF_INIT;
  size_t nFrom = strlen(zFrom);
  const char *p, *zStart = z;
  while( (p = strstr(z, zFrom))!=0 ){
    bool bWordStart = p==zStart || !(p[-1]=='_' || (p[-1]>='A' && p[-1]<='Z')
                                     || (p[-1]>='a' && p[-1]<='z'));
    bool bWordEnd = !(p[nFrom]=='_' || (p[nFrom]>='A' && p[nFrom]<='Z')
                      || (p[nFrom]>='a' && p[nFrom]<='z'));
    buf_append(&b, z, (size_t)(p - z));
    buf_puts(&b, bWordStart && bWordEnd ? zTo : zFrom);
    z = p + nFrom;
  }
  buf_puts(&b, z);
  return buf_detach(&b, 0);
}

