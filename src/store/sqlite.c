/*
** sqlite.c -- the SQLite driver: fazhi's embedded default.
**
** WAL journal, synchronous=FULL (an acknowledged write survives a power
** cut), foreign keys on, a busy timeout, and a small per-connection
** statement cache keyed by the SQL text's address (SQL is always a
** literal, so the address identifies it).  A one-row INSERT ... VALUES
** ... RETURNING id runs without its RETURNING clause and answers the
** rowid: SQLite implements RETURNING as a trigger, which gives every
** such insert a statement journal (a copy of each page it touches, on a
** temporary file once any statement of the transaction spilled): a
** 20,000-row import made 303,834 pwrite calls with it, 13,072 without,
** and took half the CPU.  Chinese names sort in pinyin order through the
** "zh" collation registered here (zh.h: GB18030 order, the GB2312
** level-1 hanzi arranged by pinyin); lists order by the sort keys
** zh_key() wrote with the row instead, in plain bytes.
*/
#include "../common.h"
#include <sys/stat.h>
#include <pthread.h>
#include <sqlite3.h>
#include "../base/buf.h"
#include "../base/fmt.h"
#include "../base/util.h"
#include "db.h"
#include "zh.h"

#define STMT_CACHE 48

/* A statement of this driver. */
struct sq_stmt {
  sqlite3_stmt *p;
  bool bRowid;                    /* an INSERT whose RETURNING id was cut off */
  int eRowid;                     /* 0 not stepped, 1 the rowid row given, 2 done */
  i64 rowid;                      /* the row it inserted */
  char zRowid[24];                /* ... as text, when asked so */
};

struct sqlite_db {
  struct db base;                 /* must be first */
  sqlite3 *h;                     /* the connection */
  struct {
    const char *zSql;             /* key: address of the literal */
    struct sq_stmt *p;            /* a reset statement ready for reuse */
  } aCache[STMT_CACHE];
  int nCache;
};

/* The "zh" collation: the one Chinese order of zh.h. */
static int sq_collate_zh(void *pArg, int n1, const void *p1, int n2, const void *p2){
  (void)pArg;
  return zh_compare(n1, p1, n2, p2);
}

#ifdef FAZHI_TEST_HOOKS
/* Test builds only (the release build never reads it): with
** FAZHI_SQL_TRACE=FILE every statement run is appended to FILE with its
** values bound, one per line ending in ";", so a benchmark can run the
** same SQL in the sqlite3 shell as its reference (bench/report). */
static pthread_mutex_t traceMu = PTHREAD_MUTEX_INITIALIZER;

/* The sqlite3_trace_v2 callback: write the expanded statement. */
static int sq_trace(unsigned eType, void *pArg, void *pStmt, void *pX){
  FILE *f = pArg;
  char *z;
  (void)pX;
  if( eType!=SQLITE_TRACE_STMT ) return 0;
  z = sqlite3_expanded_sql((sqlite3_stmt *)pStmt);
  if( z==0 ) return 0;
  pthread_mutex_lock(&traceMu);
  fprintf(f, "%s;\n", z);
  fflush(f);
  pthread_mutex_unlock(&traceMu);
  sqlite3_free(z);
  return 0;
}
#endif

static int sq_open(const char *zUrl, struct db **ppDb, struct buf *pErr){
  struct sqlite_db *d = xcalloc(1, sizeof(*d));
  const char *zPath = str_starts(zUrl, "sqlite:") ? zUrl+7 : zUrl;
  int rc = sqlite3_open_v2(zPath, &d->h,
               SQLITE_OPEN_READWRITE|SQLITE_OPEN_CREATE|SQLITE_OPEN_NOMUTEX, 0);
  if( rc!=SQLITE_OK ){
    buf_appendf(pErr, "无法打开数据库 %s：%s", zPath,
                d->h ? sqlite3_errmsg(d->h) : sqlite3_errstr(rc));
    sqlite3_close(d->h);
    free(d);
    return -1;
  }
  sqlite3_busy_timeout(d->h, 10000);
  sqlite3_extended_result_codes(d->h, 1);
  sqlite3_create_collation(d->h, "zh", SQLITE_UTF8, d, sq_collate_zh);
#ifdef FAZHI_TEST_HOOKS
  if( getenv("FAZHI_SQL_TRACE") ){
    FILE *f = fopen(getenv("FAZHI_SQL_TRACE"), "a");   /* kept for the process */
    if( f ) sqlite3_trace_v2(d->h, SQLITE_TRACE_STMT, sq_trace, f);
  }
#endif
  /* The query planner's stability guarantee: a statement is planned once,
  ** not again for the values bound to it.  Without it SQLite re-prepares a
  ** statement every time a value is bound to the pattern of a LIKE (the
  ** scope rule `path LIKE ?`), which on this build never changes the plan
  ** (LIKE is case-insensitive and org_path a BINARY index, so it scans
  ** either way): a fresh parse per scoped query. */
  sqlite3_db_config(d->h, SQLITE_DBCONFIG_ENABLE_QPSG, 1, (int *)0);
  {
    char *zMsg = 0;
    rc = sqlite3_exec(d->h,
      "PRAGMA journal_mode=WAL;"
      "PRAGMA synchronous=FULL;"
      "PRAGMA foreign_keys=ON;"
      "PRAGMA trusted_schema=OFF;", 0, 0, &zMsg);
    if( rc!=SQLITE_OK ){
      buf_appendf(pErr, "数据库 %s 无法使用：%s", zPath, zMsg ? zMsg : "");
      sqlite3_free(zMsg);
      sqlite3_close(d->h);
      free(d);
      return -1;
    }
  }
  *ppDb = &d->base;
  return 0;
}

static void sq_close(struct db *p){
  struct sqlite_db *d = (struct sqlite_db *)p;
  int i;
  for(i=0; i<d->nCache; i++){
    sqlite3_finalize(d->aCache[i].p->p);
    free(d->aCache[i].p);
  }
  sqlite3_close(d->h);
  free(d);
}

/* The DB_FAIL_* kind of a SQLite result code. */
static int sq_fail_kind(int rc){
  switch( rc & 0xff ){
    case SQLITE_BUSY: case SQLITE_LOCKED: case SQLITE_NOMEM: case SQLITE_INTERRUPT:
      return DB_FAIL_BUSY;
    case SQLITE_FULL: case SQLITE_IOERR: case SQLITE_CANTOPEN: case SQLITE_READONLY:
    case SQLITE_PROTOCOL: case SQLITE_NOLFS:
      return DB_FAIL_STORAGE;
    default:
      return DB_FAIL_ERROR;
  }
}

/* The length of zSql without a trailing " RETURNING id" when it is a
** one-row INSERT ... VALUES(...) RETURNING id (no SELECT, no ON CONFLICT:
** exactly one row or an error), else 0. */
static size_t sq_rowid_insert(const char *zSql){
  static const char zTail[] = ") RETURNING id";
  size_t n = strlen(zSql), nTail = sizeof(zTail)-1;
  if( !str_starts(zSql, "INSERT INTO ") || n<nTail || strcmp(zSql+n-nTail, zTail)!=0
   || strstr(zSql, " VALUES(")==0 || strstr(zSql, "SELECT")!=0
   || strstr(zSql, "ON CONFLICT")!=0 || strstr(zSql, "),(")!=0 || strstr(zSql, "), (")!=0 ){
    return 0;
  }
  return n - nTail + 1;
}

static void *sq_prepare(struct db *p, const char *zSql, struct buf *pErr, int *peFail){
  struct sqlite_db *d = (struct sqlite_db *)p;
  struct sq_stmt *s;
  sqlite3_stmt *h = 0;
  size_t nRowid;
  int i;
  for(i=0; i<d->nCache; i++){
    if( d->aCache[i].zSql==zSql ){
      s = d->aCache[i].p;
      d->aCache[i] = d->aCache[--d->nCache];
      return s;
    }
  }
  nRowid = sq_rowid_insert(zSql);
  i = sqlite3_prepare_v3(d->h, zSql, nRowid ? (int)nRowid : -1, SQLITE_PREPARE_PERSISTENT, &h, 0);
  if( i!=SQLITE_OK ){
    /* a syntax error or a missing table is a bug; a lock, a full disk or
    ** an I/O error while reading the schema is not */
    *peFail = i==SQLITE_ERROR ? DB_FAIL_BUG : sq_fail_kind(i);
    buf_puts(pErr, sqlite3_errmsg(d->h));
    return 0;
  }
  s = xcalloc(1, sizeof(*s));
  s->p = h;
  s->bRowid = nRowid!=0;
  return s;
}

static void sq_bind_int64(void *s, int i, i64 v){
  sqlite3_bind_int64(((struct sq_stmt *)s)->p, i, v);
}

static void sq_bind_text(void *s, int i, const char *z){
  sqlite3_stmt *h = ((struct sq_stmt *)s)->p;
  if( z==0 ) sqlite3_bind_null(h, i);
  else sqlite3_bind_text(h, i, z, -1, SQLITE_TRANSIENT);
}

static void sq_bind_null(void *s, int i){
  sqlite3_bind_null(((struct sq_stmt *)s)->p, i);
}

static int sq_step(void *pS, struct buf *pErr, int *peFail){
  struct sq_stmt *s = pS;
  int rc;
  if( s->bRowid && s->eRowid ){
    /* the insert ran: its one row was given, then done */
    s->eRowid = 2;
    return DB_DONE;
  }
  rc = sqlite3_step(s->p);
  if( rc==SQLITE_ROW ) return DB_ROW;
  if( rc==SQLITE_DONE ){
    if( !s->bRowid ) return DB_DONE;
    s->rowid = sqlite3_last_insert_rowid(sqlite3_db_handle(s->p));
    s->eRowid = 1;
    return DB_ROW;
  }
  if( (rc & 0xff)==SQLITE_CONSTRAINT ){
    sqlite3_reset(s->p);
    return DB_CONSTRAINT;
  }
  buf_puts(pErr, sqlite3_errmsg(sqlite3_db_handle(s->p)));
  *peFail = sq_fail_kind(rc);
  sqlite3_reset(s->p);
  return -1;
}

static i64 sq_column_int64(void *pS, int i){
  struct sq_stmt *s = pS;
  if( s->bRowid ) return s->eRowid==1 && i==0 ? s->rowid : 0;
  return sqlite3_column_int64(s->p, i);
}

static const char *sq_column_text(void *pS, int i){
  struct sq_stmt *s = pS;
  if( s->bRowid ){
    if( s->eRowid!=1 || i!=0 ) return 0;
    snprintf(s->zRowid, sizeof(s->zRowid), "%lld", (long long)s->rowid);
    return s->zRowid;
  }
  return (const char *)sqlite3_column_text(s->p, i);
}

static bool sq_column_is_null(void *pS, int i){
  struct sq_stmt *s = pS;
  if( s->bRowid ) return s->eRowid!=1 || i!=0;
  return sqlite3_column_type(s->p, i)==SQLITE_NULL;
}

static void sq_reset(void *pS){
  struct sq_stmt *s = pS;
  sqlite3_reset(s->p);
  sqlite3_clear_bindings(s->p);
  s->eRowid = 0;
}

static void sq_finalize(struct db *p, void *pS, const char *zSql){
  struct sqlite_db *d = (struct sqlite_db *)p;
  struct sq_stmt *s = pS;
  sq_reset(s);
  /* keep it for the next db_prepare of the same literal */
  if( d->nCache < STMT_CACHE ){
    d->aCache[d->nCache].zSql = zSql;
    d->aCache[d->nCache].p = s;
    d->nCache++;
  }else{
    sqlite3_finalize(s->p);
    free(s);
  }
}

static int sq_exec_script(struct db *p, const char *zSql, struct buf *pErr, int *peFail){
  struct sqlite_db *d = (struct sqlite_db *)p;
  char *zMsg = 0;
  int rc = sqlite3_exec(d->h, zSql, 0, 0, &zMsg);
  if( rc!=SQLITE_OK ){
    *peFail = sq_fail_kind(rc);
    buf_puts(pErr, zMsg ? zMsg : sqlite3_errmsg(d->h));
    sqlite3_free(zMsg);
    return -1;
  }
  return 0;
}

static const char *sq_begin_sql(void){
  return "BEGIN IMMEDIATE";
}

static char *sq_schema_dup(const char *zSql){
  return db_replace_word_dup(zSql, "ID_PK", "INTEGER PRIMARY KEY");
}

/* Online backup into a new file: written to zPath.tmp, synced by SQLite,
** then renamed, so a half-written backup never carries the final name. */
static int sq_backup(struct db *p, const char *zPath, struct buf *pErr){
  struct sqlite_db *d = (struct sqlite_db *)p;
  sqlite3 *pDest = 0;
  sqlite3_backup *b;
  char *zTmp = fmt_dup("%s.tmp", zPath);
  int rc;
  remove(zTmp);
  rc = sqlite3_open_v2(zTmp, &pDest, SQLITE_OPEN_READWRITE|SQLITE_OPEN_CREATE, 0);
  if( rc==SQLITE_OK ){
    b = sqlite3_backup_init(pDest, "main", d->h, "main");
    if( b ){
      do{
        rc = sqlite3_backup_step(b, 256);
        if( rc==SQLITE_BUSY || rc==SQLITE_LOCKED ) sqlite3_sleep(50);
      }while( rc==SQLITE_OK || rc==SQLITE_BUSY || rc==SQLITE_LOCKED );
      sqlite3_backup_finish(b);
    }
    rc = sqlite3_errcode(pDest);
  }
  if( rc==SQLITE_OK || rc==SQLITE_DONE ){
    rc = sqlite3_exec(pDest, "PRAGMA journal_mode=DELETE", 0, 0, 0);
  }
  if( rc!=SQLITE_OK ){
    buf_appendf(pErr, "备份失败：%s", pDest ? sqlite3_errmsg(pDest) : sqlite3_errstr(rc));
    sqlite3_close(pDest);
    remove(zTmp);
    free(zTmp);
    return -1;
  }
  sqlite3_close(pDest);
  if( rename(zTmp, zPath) ){
    buf_appendf(pErr, "备份失败：无法写入 %s：%s", zPath, strerror(errno));
    remove(zTmp);
    free(zTmp);
    return -1;
  }
  chmod(zPath, 0600);
  free(zTmp);
  return 0;
}

static const char *sq_prelude(void){
  return "";
}

/* A SQLite connection is a file handle: it does not drop. */
static bool sq_alive(struct db *p){
  (void)p;
  return true;
}

/* BEGIN IMMEDIATE takes the one write lock of the database: rows read
** in a write transaction cannot change under it, and nothing else need
** be locked. */
static const char *sq_for_update_sql(void){
  return 0;
}
static const char *sq_lock_key_sql(void){
  return 0;
}

const struct db_driver db_sqlite_driver = {
  "sqlite",
  sq_open, sq_close, sq_prepare,
  sq_bind_int64, sq_bind_text, sq_bind_null,
  sq_step, sq_column_int64, sq_column_text, sq_column_is_null,
  sq_reset, sq_finalize, sq_exec_script, sq_begin_sql, sq_schema_dup, sq_prelude,
  sq_backup, sq_alive, sq_for_update_sql, sq_lock_key_sql
};
