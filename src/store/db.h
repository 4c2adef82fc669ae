/*
** db.h -- fazhi's one database interface (Fossil's db.c shape).
**
** Each thread has one current connection (db_open() sets it); the calls
** take no handle.  SQL is written once in the portable subset that SQLite
** 3.40 and PostgreSQL 15 both run, with numbered ?N parameters, and every
** value is bound -- tools/codecheck rejects SQL that is not a literal.
** What differs between the engines lives in the driver files (sqlite.c;
** pg.c later) behind struct db_driver, and nowhere else.
**
** Errors: a statement that fails to prepare, or a step that fails for any
** reason but a constraint, is a bug or a broken database and is fatal.
** A constraint violation (UNIQUE, FOREIGN KEY, CHECK, NOT NULL) comes back
** from db_step() as DB_CONSTRAINT for the caller to turn into a message.
** Inside a transaction the caller must then roll back: PostgreSQL has
** already aborted the transaction and refuses any further statement.
*/
#ifndef FAZHI_DB_H
#define FAZHI_DB_H

#include "../common.h"

struct arena;
struct buf;
struct db;

enum {
  DB_ROW = 100,          /* db_step: a row is ready */
  DB_DONE = 101,         /* db_step: the statement has finished */
  DB_CONSTRAINT = 19     /* db_step: a constraint refused the change */
};

/* A prepared statement.  Lives on the caller's stack between
** db_prepare() and db_finalize(). */
struct stmt {
  struct db *pDb;        /* connection it belongs to */
  void *pDrv;            /* the driver's statement */
  const char *zSql;      /* the SQL, for error messages */
};

/* Open the database named by zUrl -- a file path for SQLite, or a
** postgresql:// URL -- and make it this thread's current connection.
** Returns 0, or -1 with a message in pErr. */
int db_open(const char *zUrl, struct buf *pErr);
/* Close this thread's connection (finalizing cached statements). */
void db_close(void);
/* This thread's connection, or NULL. */
struct db *db_current(void);
/* Make p this thread's connection (a command that works on two databases
** opens both and switches); returns the one it replaces. */
struct db *db_use(struct db *p);
/* "sqlite" or "postgresql". */
const char *db_engine(void);
/* After rows were inserted into zTable with explicit ids up to maxId: make
** the ids the database generates next larger (PostgreSQL's identity
** sequence does not move by itself; SQLite needs nothing). */
void db_ids_taken(const char *zTable, i64 maxId);

/* Prepare zSql (a literal with ?1, ?2 ... parameters).  Fatal on error. */
void db_prepare(struct stmt *q, const char *zSql);
/* Bind parameter i (1-based). Text is copied; NULL text binds NULL. */
void db_bind_int64(struct stmt *q, int i, i64 v);
void db_bind_text(struct stmt *q, int i, const char *z);
void db_bind_null(struct stmt *q, int i);
/* DB_ROW, DB_DONE or DB_CONSTRAINT; anything else is fatal. */
int db_step(struct stmt *q);
/* Columns of the current row (0-based).  Text stays valid until the next
** step, reset or finalize; NULL comes back as NULL from db_column_text
** and 0 from db_column_int64. */
i64 db_column_int64(struct stmt *q, int i);
const char *db_column_text(struct stmt *q, int i);
bool db_column_is_null(struct stmt *q, int i);
/* A copy of a text column in the arena (NULL stays NULL). */
char *db_column_dup(struct arena *a, struct stmt *q, int i);
/* Make the statement ready to run again with new bindings. */
void db_reset(struct stmt *q);
/* Done with the statement. */
void db_finalize(struct stmt *q);

/*
** One-liners.  zTypes names the bound values that follow, one letter each:
**   i  an i64         t  a const char * (NULL binds NULL)
**   d  an int         n  NULL (no argument)
** db_exec runs the statement to completion and returns DB_DONE or
** DB_CONSTRAINT.  db_int/db_i64 return the first column of the first row
** or dflt; db_text returns it copied into the arena or dflt.
*/
int db_exec(const char *zSql, const char *zTypes, ...);
i64 db_i64(i64 dflt, const char *zSql, const char *zTypes, ...);
int db_int(int dflt, const char *zSql, const char *zTypes, ...);
char *db_text(struct arena *a, const char *dflt, const char *zSql,
              const char *zTypes, ...);
bool db_exists(const char *zSql, const char *zTypes, ...);
/* Bind zTypes/ap to q starting at parameter 1. */
void db_bind_va(struct stmt *q, const char *zTypes, va_list ap);

/* Run a script of ;-separated statements with no parameters (schema). */
void db_exec_script(const char *zScript);

/* Transactions nest: only the outermost begin/commit reach the database.
** A rollback at any depth makes the whole transaction roll back. The
** outermost begin takes the write lock at once (BEGIN IMMEDIATE on
** SQLite), so a transaction never fails half-way on a lock upgrade. */
#define db_begin() db_begin_at(__FILE__, __LINE__)
void db_begin_at(const char *zFile, int line);
void db_commit(void);
void db_rollback(void);
/* Current nesting depth (0 outside a transaction). */
int db_txn_depth(void);

/* Apply every embedded migration newer than the database, each in its own
** transaction.  Returns the number applied; fatal when a migration fails. */
int db_migrate(void);
/* The schema version recorded in the database (0 for an empty one). */
int db_schema_version(void);
/* Statements prepared and not yet finalized on this connection (a request
** must leave none behind). */
int db_open_statements(void);

/* Copy the whole database, while it is in use, into the new file zPath.
** Returns 0, or -1 with a message (PostgreSQL: use pg_dump). */
int db_backup(const char *zPath, struct buf *pErr);

/* For drivers rewriting the schema dialect: z with every whole-word zFrom
** (not inside a longer identifier) replaced by zTo, in heap memory the
** caller frees. */
char *db_replace_word_dup(const char *z, const char *zFrom, const char *zTo);

/* The driver interface: one per engine. */
struct db_driver {
  const char *zName;
  int (*xOpen)(const char *zUrl, struct db **ppDb, struct buf *pErr);
  void (*xClose)(struct db *);
  void *(*xPrepare)(struct db *, const char *zSql, struct buf *pErr);
  void (*xBindInt64)(void *, int, i64);
  void (*xBindText)(void *, int, const char *);   /* NULL: a NULL of type text */
  void (*xBindNull)(void *, int);
  int (*xStep)(void *, struct buf *pErr);  /* DB_ROW/DONE/CONSTRAINT or -1 */
  i64 (*xColumnInt64)(void *, int);
  const char *(*xColumnText)(void *, int);
  bool (*xColumnIsNull)(void *, int);
  void (*xReset)(void *);
  void (*xFinalize)(struct db *, void *, const char *zSql);
  int (*xExecScript)(struct db *, const char *, struct buf *pErr);
  const char *(*xBeginSql)(void);   /* how the outermost BEGIN is spelled */
  /* Rewrite the portable schema dialect (ID_PK, ...) for this engine;
  ** the result is heap memory the caller frees. */
  char *(*xSchemaDup)(const char *zSql);
  /* Script run before the migrations (what the engine lacks), or "". */
  const char *(*xPrelude)(void);
  /* Copy the live database to the file zPath (online backup). */
  int (*xBackup)(struct db *, const char *zPath, struct buf *pErr);
};

/* Every connection starts with this header; drivers extend it. */
struct db {
  const struct db_driver *pDrv;
  int nTxn;              /* transaction depth */
  bool bRollback;        /* an inner rollback doomed the transaction */
  int nStmt;             /* statements prepared and not finalized */
};

extern const struct db_driver db_sqlite_driver;
extern const struct db_driver db_pg_driver;

#endif
