/*
** pg.c -- the PostgreSQL driver (libpq), for a city or province running
** several fazhi processes over one database.
**
** The portable SQL of the areas reaches PostgreSQL rewritten here only:
** ?N parameters become $N (outside string literals), each statement is
** prepared on the server once per connection and per parameter-type
** signature (the types come from the db_bind_* calls: int8 or text), and
** boolean results read as 1/0.  The schema dialect (ID_PK, INTEGER,
** KEYTEXT) is rewritten by pg_schema_dup, and pg_prelude gives PostgreSQL what SQLite
** has built in or registers in code: group_concat() and the "zh"
** collation (ICU, pinyin order).
**
** After DB_CONSTRAINT inside a transaction PostgreSQL has aborted the
** transaction: the caller's only move is db_rollback(), which is what
** every area does (see db.h).
*/
#include "../common.h"
#include <poll.h>
#include <libpq-fe.h>
#include "../base/buf.h"
#include "../base/util.h"
#include "db.h"

#define PG_MAX_PARAM 64
#define PG_PREPARED 512

struct pg_db {
  struct db base;                 /* must be first */
  PGconn *h;
  struct {
    const char *zSql;             /* key: the literal's address */
    char zSig[PG_MAX_PARAM+1];    /* key: parameter types, 'i' or 't' */
    char zName[16];               /* server-side statement name */
  } aPrep[PG_PREPARED];
  int nPrep;
};

struct pg_stmt {
  struct pg_db *d;
  const char *zSql;               /* original SQL (cache key) */
  char *zPg;                      /* with $N parameters */
  int nParam;                     /* highest ?N seen */
  char *azVal[PG_MAX_PARAM];      /* bound text values (NULL = SQL NULL) */
  char aType[PG_MAX_PARAM];       /* 'i' int8, 't' text, 'n' null, 0 unbound */
  PGresult *res;                  /* result of the execution, or NULL */
  int iRow, nRow;                 /* cursor over res */
};

/* Rewrite ?N to $N outside '...' and "..." ; heap result; *pnParam gets the
** highest N. */
static char *pg_rewrite_dup(const char *z, int *pnParam){
  struct buf b = BUF_INIT;
  int nMax = 0;
  while( *z ){
    if( *z=='\'' || *z=='"' ){
      char q = *z;
      buf_putc(&b, *z++);
      while( *z ){
        if( *z==q ){
          buf_putc(&b, *z++);
          if( *z==q ){ buf_putc(&b, *z++); continue; }
          break;
        }
        buf_putc(&b, *z++);
      }
      continue;
    }
    if( *z=='?' && z[1]>='1' && z[1]<='9' ){
      int n = 0;
      z++;
      buf_putc(&b, '$');
      while( *z>='0' && *z<='9' ){ n = n*10 + (*z - '0'); buf_putc(&b, *z++); }
      if( n>nMax ) nMax = n;
      continue;
    }
    buf_putc(&b, *z++);
  }
  *pnParam = nMax;
  return buf_detach(&b, 0);
}

/* Server notices ("relation already exists, skipping") are not errors. */
static void pg_notice(void *arg, const char *zMsg){
  (void)arg; (void)zMsg;
}

static int pg_open(const char *zUrl, struct db **ppDb, struct buf *pErr){
  struct pg_db *d = xcalloc(1, sizeof(*d));
  PGresult *res;
  /* a server that does not answer must not hold a request for the
  ** operating system's TCP timeout: 5 s unless the URL says otherwise
  ** (its own connect_timeout, expanded later, wins) */
  static const char *const azKey[] = { "connect_timeout", "dbname", 0 };
  const char *azVal[] = { "5", zUrl, 0 };
  d->h = PQconnectdbParams(azKey, azVal, 1);
  if( PQstatus(d->h)!=CONNECTION_OK ){
    buf_appendf(pErr, "无法连接 PostgreSQL：%s", PQerrorMessage(d->h));
    PQfinish(d->h);
    free(d);
    return -1;
  }
  PQsetNoticeProcessor(d->h, pg_notice, 0);
  res = PQexec(d->h, "SET client_encoding TO 'UTF8'; SET TIME ZONE 'UTC'");
  PQclear(res);
  *ppDb = &d->base;
  return 0;
}

static void pg_close(struct db *p){
  struct pg_db *d = (struct pg_db *)p;
  PQfinish(d->h);
  free(d);
}

/* The DB_FAIL_* kind of a failed result res (NULL when libpq got none);
** bPrepare: the statement was being prepared, where an SQL error (class
** 42, 0A) means the code is wrong. */
static int pg_fail_kind(PGconn *h, const PGresult *res, bool bPrepare){
  const char *z = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : 0;
  if( PQstatus(h)!=CONNECTION_OK || z==0 ) return DB_FAIL_BROKEN;
  if( strncmp(z, "08", 2)==0 || strcmp(z, "57P01")==0 || strcmp(z, "57P02")==0
   || strcmp(z, "57P03")==0 ) return DB_FAIL_BROKEN;
  if( strncmp(z, "53", 2)==0 || strncmp(z, "58", 2)==0 ) return DB_FAIL_STORAGE;
  if( strncmp(z, "40", 2)==0 || strcmp(z, "55P03")==0 || strcmp(z, "57014")==0 ){
    return DB_FAIL_BUSY;
  }
  if( bPrepare && (strncmp(z, "42", 2)==0 || strncmp(z, "0A", 2)==0) ) return DB_FAIL_BUG;
  return DB_FAIL_ERROR;
}

static void *pg_prepare(struct db *p, const char *zSql, struct buf *pErr, int *peFail){
  struct pg_stmt *s = xcalloc(1, sizeof(*s));
  (void)pErr; (void)peFail;
  s->d = (struct pg_db *)p;
  s->zSql = zSql;
  s->zPg = pg_rewrite_dup(zSql, &s->nParam);
  if( s->nParam > PG_MAX_PARAM ) fatal("too many parameters in %s", zSql);
  return s;
}

/* Forget the previous execution's result. */
static void pg_clear_result(struct pg_stmt *s){
  if( s->res ) PQclear(s->res);
  s->res = 0;
  s->iRow = s->nRow = 0;
}

static void pg_set(struct pg_stmt *s, int i, char *zVal, char cType){
  if( i<1 || i>s->nParam ) fatal("bind index %d out of range for %s", i, s->zSql);
  pg_clear_result(s);
  free(s->azVal[i-1]);
  s->azVal[i-1] = zVal;
  s->aType[i-1] = cType;
}

static void pg_bind_int64(void *p, int i, i64 v){
  char z[24];
  snprintf(z, sizeof(z), "%lld", (long long)v);
  pg_set(p, i, xstrdup(z), 'i');
}

static void pg_bind_text(void *p, int i, const char *z){
  pg_set(p, i, xstrdup(z), 't');
}

static void pg_bind_null(void *p, int i){
  pg_set(p, i, 0, 'n');
}

/* The name of the server-side statement for s with its current types,
** preparing it when new.  Returns NULL with pErr set on failure. */
static const char *pg_prepared_name(struct pg_stmt *s, struct buf *pErr, int *peFail){
  struct pg_db *d = s->d;
  char zSig[PG_MAX_PARAM+1];
  Oid aOid[PG_MAX_PARAM];
  int i;
  PGresult *res;
  for(i=0; i<s->nParam; i++){
    /* a NULL takes the type of text; comparisons with ints then need a
    ** cast, so NULLs bound to int columns use 'i' via the caller's type */
    zSig[i] = s->aType[i]=='i' ? 'i' : 't';
    aOid[i] = s->aType[i]=='i' ? 20 /* int8 */ : (s->aType[i]=='n' ? 0 : 25 /* text */);
  }
  zSig[s->nParam] = 0;
  for(i=0; i<d->nPrep; i++){
    if( d->aPrep[i].zSql==s->zSql && strcmp(d->aPrep[i].zSig, zSig)==0 ){
      return d->aPrep[i].zName;
    }
  }
  if( d->nPrep >= PG_PREPARED ) return "";   /* unnamed: prepared each time */
  snprintf(d->aPrep[d->nPrep].zName, sizeof(d->aPrep[0].zName), "fz%d", d->nPrep);
  res = PQprepare(d->h, d->aPrep[d->nPrep].zName, s->zPg, s->nParam, aOid);
  if( PQresultStatus(res)!=PGRES_COMMAND_OK ){
    *peFail = pg_fail_kind(d->h, res, true);
    buf_puts(pErr, res ? PQresultErrorMessage(res) : PQerrorMessage(d->h));
    PQclear(res);
    return 0;
  }
  PQclear(res);
  d->aPrep[d->nPrep].zSql = s->zSql;
  memcpy(d->aPrep[d->nPrep].zSig, zSig, sizeof(zSig));
  return d->aPrep[d->nPrep++].zName;
}

static int pg_step(void *p, struct buf *pErr, int *peFail){
  struct pg_stmt *s = p;
  if( s->res==0 ){
    const char *zName;
    ExecStatusType st;
    int i;
    for(i=0; i<s->nParam; i++){
      if( s->aType[i]==0 ) s->aType[i] = 'n';
    }
    zName = pg_prepared_name(s, pErr, peFail);
    if( zName==0 ) return -1;
    if( zName[0]==0 ){
      Oid aOid[PG_MAX_PARAM];
      for(i=0; i<s->nParam; i++) aOid[i] = s->aType[i]=='i' ? 20 : (s->aType[i]=='n' ? 0 : 25);
      s->res = PQexecParams(s->d->h, s->zPg, s->nParam, aOid,
                            (const char *const *)s->azVal, 0, 0, 0);
    }else{
      s->res = PQexecPrepared(s->d->h, zName, s->nParam,
                              (const char *const *)s->azVal, 0, 0, 0);
    }
    st = PQresultStatus(s->res);
    if( st==PGRES_COMMAND_OK ){
      s->nRow = 0;
      s->iRow = 0;
      return DB_DONE;
    }
    if( st!=PGRES_TUPLES_OK ){
      const char *zState = PQresultErrorField(s->res, PG_DIAG_SQLSTATE);
      if( zState && strncmp(zState, "23", 2)==0 ){
        return DB_CONSTRAINT;
      }
      *peFail = pg_fail_kind(s->d->h, s->res, zName[0]==0);
      buf_puts(pErr, s->res ? PQresultErrorMessage(s->res) : PQerrorMessage(s->d->h));
      return -1;
    }
    s->nRow = PQntuples(s->res);
    s->iRow = 0;
  }else{
    if( PQresultStatus(s->res)!=PGRES_TUPLES_OK ) return DB_DONE;
    s->iRow++;
  }
  return s->iRow < s->nRow ? DB_ROW : DB_DONE;
}

static const char *pg_column_text(void *p, int i){
  struct pg_stmt *s = p;
  if( s->res==0 || s->iRow>=s->nRow || i>=PQnfields(s->res) ) return 0;
  if( PQgetisnull(s->res, s->iRow, i) ) return 0;
  return PQgetvalue(s->res, s->iRow, i);
}

static i64 pg_column_int64(void *p, int i){
  const char *z = pg_column_text(p, i);
  if( z==0 ) return 0;
  if( z[0]=='t' && z[1]==0 ) return 1;
  if( z[0]=='f' && z[1]==0 ) return 0;
  return strtoll(z, 0, 10);
}

static bool pg_column_is_null(void *p, int i){
  struct pg_stmt *s = p;
  if( s->res==0 || s->iRow>=s->nRow ) return true;
  return PQgetisnull(s->res, s->iRow, i)!=0;
}

static void pg_reset(void *p){
  struct pg_stmt *s = p;
  int i;
  pg_clear_result(s);
  for(i=0; i<s->nParam; i++){
    free(s->azVal[i]);
    s->azVal[i] = 0;
    s->aType[i] = 0;
  }
}

static void pg_finalize(struct db *p, void *ps, const char *zSql){
  struct pg_stmt *s = ps;
  (void)p; (void)zSql;
  pg_reset(s);
  free(s->zPg);
  free(s);
}

static int pg_exec_script(struct db *p, const char *zSql, struct buf *pErr, int *peFail){
  struct pg_db *d = (struct pg_db *)p;
  PGresult *res = PQexec(d->h, zSql);
  ExecStatusType st = PQresultStatus(res);
  if( st!=PGRES_COMMAND_OK && st!=PGRES_TUPLES_OK && st!=PGRES_EMPTY_QUERY ){
    *peFail = pg_fail_kind(d->h, res, false);
    buf_puts(pErr, res ? PQresultErrorMessage(res) : PQerrorMessage(d->h));
    PQclear(res);
    return -1;
  }
  PQclear(res);
  return 0;
}

static const char *pg_begin_sql(void){
  return "BEGIN";
}

static char *pg_schema_dup(const char *zSql){
  char *z1 = db_replace_word_dup(zSql, "ID_PK", "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY");
  char *z2 = db_replace_word_dup(z1, "INTEGER", "BIGINT");
  /* a sort key (zh.h) compares byte by byte whatever the database's
  ** locale; SQLite reads KEYTEXT as TEXT with its BINARY collation */
  char *z3 = db_replace_word_dup(z2, "KEYTEXT", "TEXT COLLATE \"C\"");
  free(z1);
  free(z2);
  return z3;
}

/* What PostgreSQL needs before the portable migrations run. */
static const char *pg_prelude(void){
  return
    "CREATE OR REPLACE FUNCTION fz_concat(acc text, val text, sep text) RETURNS text"
    "  LANGUAGE sql IMMUTABLE AS"
    "  $$ SELECT CASE WHEN val IS NULL THEN acc WHEN acc IS NULL THEN val"
    "            ELSE acc || sep || val END $$;"
    "CREATE OR REPLACE AGGREGATE group_concat(text, text) (SFUNC = fz_concat, STYPE = text);"
    "CREATE OR REPLACE FUNCTION instr(s text, t text) RETURNS integer"
    "  LANGUAGE sql IMMUTABLE AS $$ SELECT strpos(s, t) $$;"
    "DO $$ BEGIN"
    "  IF NOT EXISTS (SELECT 1 FROM pg_collation WHERE collname = 'zh') THEN"
    "    CREATE COLLATION zh (provider = icu, locale = 'zh-Hans-CN');"
    "  END IF;"
    "END $$;";
}

static int pg_backup(struct db *p, const char *zPath, struct buf *pErr){
  (void)p; (void)zPath;
  buf_puts(pErr, "PostgreSQL 数据库请用 pg_dump 备份（见 docs/deploy/city.md）");
  return -1;
}

/* False when the server has closed the connection (a restart, an
** administrator's pg_terminate_backend).  An idle connection has nothing
** to read; when something is waiting (the server's farewell, then the
** end of the stream) libpq reads it without blocking and marks the
** connection bad. */
static bool pg_alive(struct db *p){
  struct pg_db *d = (struct pg_db *)p;
  int i;
  for(i=0; i<4 && PQstatus(d->h)==CONNECTION_OK; i++){
    struct pollfd pfd;
    pfd.fd = PQsocket(d->h);
    pfd.events = POLLIN;
    pfd.revents = 0;
    if( pfd.fd<0 || poll(&pfd, 1, 0)<=0 ) break;
    if( PQconsumeInput(d->h)==0 ) return false;
  }
  return PQstatus(d->h)==CONNECTION_OK;
}

/* READ COMMITTED lets two transactions read the same row: a
** read-modify-write locks what it reads, and a rule counting rows across
** records takes an advisory lock first (each statement after it sees
** what the lock's previous holder committed). */
static const char *pg_for_update_sql(void){
  /* NO KEY: a foreign key check of another row pointing here (FOR KEY
  ** SHARE) does not wait for it, so a change to a parent and one to its
  ** child cannot deadlock */
  return " FOR NO KEY UPDATE OF ";
}
static const char *pg_lock_key_sql(void){
  return "SELECT pg_advisory_xact_lock(?1)";
}

const struct db_driver db_pg_driver = {
  "postgresql",
  pg_open, pg_close, pg_prepare,
  pg_bind_int64, pg_bind_text, pg_bind_null,
  pg_step, pg_column_int64, pg_column_text, pg_column_is_null,
  pg_reset, pg_finalize, pg_exec_script, pg_begin_sql, pg_schema_dup, pg_prelude,
  pg_backup, pg_alive, pg_for_update_sql, pg_lock_key_sql
};
