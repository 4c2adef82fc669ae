/*
** db.c -- the engine-independent half of the database interface:
** the per-thread connection, one-liners, transactions, migrations.
*/
#include "../common.h"
#include "../base/arena.h"
#include "../base/buf.h"
#include "../base/embed.h"
#include "../base/util.h"
#include "db.h"

static _Thread_local struct db *pCur;   /* this thread's connection */

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
  pDrv = db_driver_for(zUrl);
  if( pDrv->xOpen(zUrl, &p, pErr) ) return -1;
  p->pDrv = pDrv;
  pCur = p;
  return 0;
}

void db_close(void){
  if( pCur==0 ) return;
  if( pCur->nStmt ) warn("closing the database with %d open statements", pCur->nStmt);
  pCur->pDrv->xClose(pCur);
  pCur = 0;
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
  q->pDb = p;
  q->zSql = zSql;
  q->pDrv = p->pDrv->xPrepare(p, zSql, &err);
  if( q->pDrv==0 ) fatal("SQL error: %s\n  in: %s", err.buf, zSql);
  p->nStmt++;
}

void db_bind_int64(struct stmt *q, int i, i64 v){
  q->pDb->pDrv->xBindInt64(q->pDrv, i, v);
}

void db_bind_text(struct stmt *q, int i, const char *z){
  /* a NULL text keeps its type: PostgreSQL must know what "?2 IS NULL" is */
  q->pDb->pDrv->xBindText(q->pDrv, i, z);
}

void db_bind_null(struct stmt *q, int i){
  q->pDb->pDrv->xBindNull(q->pDrv, i);
}

int db_step(struct stmt *q){
  struct buf err = BUF_INIT;
  int rc = q->pDb->pDrv->xStep(q->pDrv, &err);
  if( rc<0 ) fatal("SQL step failed: %s\n  in: %s", err.buf, q->zSql);
  buf_release(&err);
  return rc;
}

i64 db_column_int64(struct stmt *q, int i){
  return q->pDb->pDrv->xColumnInt64(q->pDrv, i);
}

const char *db_column_text(struct stmt *q, int i){
  return q->pDb->pDrv->xColumnText(q->pDrv, i);
}

bool db_column_is_null(struct stmt *q, int i){
  return q->pDb->pDrv->xColumnIsNull(q->pDrv, i);
}

char *db_column_dup(struct arena *a, struct stmt *q, int i){
  return arena_strdup(a, db_column_text(q, i));
}

void db_reset(struct stmt *q){
  q->pDb->pDrv->xReset(q->pDrv);
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

void db_exec_script(const char *zScript){
  struct db *p = db_need();
  struct buf err = BUF_INIT;
  if( p->pDrv->xExecScript(p, zScript, &err) ){
    fatal("SQL script failed: %s", err.buf);
  }
}

void db_begin_at(const char *zFile, int line){
  struct db *p = db_need();
  (void)zFile; (void)line;
  if( p->nTxn==0 ){
    struct buf err = BUF_INIT;
    if( p->pDrv->xExecScript(p, p->pDrv->xBeginSql(), &err) ){
      fatal("BEGIN failed at %s:%d: %s", zFile, line, err.buf);
    }
    p->bRollback = false;
  }
  p->nTxn++;
}

/* End one level; the outermost level commits or rolls back. */
static void db_end(bool bRollback){
  struct db *p = db_need();
  struct buf err = BUF_INIT;
  if( p->nTxn<=0 ) fatal("commit or rollback outside a transaction");
  if( bRollback ) p->bRollback = true;
  if( --p->nTxn > 0 ) return;
  if( p->pDrv->xExecScript(p, p->bRollback ? "ROLLBACK" : "COMMIT", &err) ){
    fatal("%s failed: %s", p->bRollback ? "ROLLBACK" : "COMMIT", err.buf);
  }
  p->bRollback = false;
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
    have = ver;
    nApplied++;
  }
  return nApplied;
}

int db_backup(const char *zPath, struct buf *pErr){
  struct db *p = db_need();
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

