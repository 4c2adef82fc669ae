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
** Errors.  A constraint violation (UNIQUE, FOREIGN KEY, CHECK, NOT NULL)
** comes back from db_step() as DB_CONSTRAINT for the caller to turn into a
** message; inside a transaction the caller must then roll back (PostgreSQL
** has already aborted the transaction and refuses any further statement).
**
** Every other failure the engine can report at run time -- SQLITE_BUSY
** after the busy timeout, a full disk or an I/O error, a PostgreSQL
** connection that dropped, a statement the engine refuses for its data
** (a LIKE pattern too long, an invalid byte sequence) -- fails the work
** of this thread, not the process: the first one is recorded in a
** per-thread failed state (db_failed(), kind DB_FAIL_*), and from then on
**   - db_step() returns DB_DONE (so every loop ends, every lookup finds
**     nothing) and no further statement reaches the engine,
**   - db_commit() rolls back instead, so a half-done change never lands,
** until db_recover() clears the state.  Callers stay as they are; the
** web dispatcher (routes.c) checks db_failed() after the handler, throws
** the half-rendered reply away, answers 503 or 500, logs one line and
** calls db_recover(), which rolls back, reopens a broken connection and
** clears the state.  In a command (the default, db_set_fail_exit(true))
** the first failure prints its message and exits 1 instead.
**
** fatal() is kept for broken invariants: a statement in the code that
** the engine cannot prepare (a typo, a missing table), commit without
** begin.  A PostgreSQL prepare that fails because the connection dropped
** is a runtime failure, not a bug.
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

/* Kinds of runtime failure (db_failed()). */
enum {
  DB_FAIL_BUSY = 1,      /* lock wait timed out, out of memory: try again */
  DB_FAIL_STORAGE = 2,   /* disk full or an I/O error: nothing was written */
  DB_FAIL_BROKEN = 3,    /* the connection is gone: db_recover() reopens it */
  DB_FAIL_ERROR = 4,     /* the engine refused the statement for its data */
  DB_FAIL_BUG = 5        /* drivers only: the SQL itself is wrong (fatal) */
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
/* For a server thread: open like db_open(), but when the database cannot
** be reached log it and carry on with a connection that is down (every
** statement fails as DB_FAIL_BROKEN) until db_recover() reopens it. */
void db_open_thread(const char *zUrl);
/* Close this thread's connection (finalizing cached statements) and
** forget its failure. */
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

/* The kind of this thread's failure (DB_FAIL_*), or 0 when none. */
int db_failed(void);
/* The engine's message for it ("" when none), for the log. */
const char *db_failure_message(void);
/* Mark this thread's work failed for a reason outside the engine (a
** password hash that could not get its memory); same effects as a
** failed statement. */
void db_fail(int eKind, const char *zMsg);
/* After a failure: roll back what is open, reopen the connection when it
** is broken (or found dead: a PostgreSQL restart closes it), clear the
** state.  Cheap when nothing failed; the dispatcher calls it before every
** request.  When the database still cannot be reached the state stays
** DB_FAIL_BROKEN. */
void db_recover(void);
/* Forget a failure of an optional write made outside a transaction (a
** session's last-seen time): returns true when cleared; keeps it (false)
** inside a transaction or when the connection is broken. */
bool db_clear_failure(void);
/* For tests (no switch outside a test program reaches it): the nCall-th
** db_step() or script (BEGIN, COMMIT ...) from now on this thread fails
** with eKind before it reaches the engine, as SQLite's I/O-error loops do.
** 0 turns it off. */
void db_inject_failure(int nCall, int eKind);
/* true (the default, for commands): the first failure prints its message
** and exits 1.  The server sets false: failures return (see above). */
void db_set_fail_exit(bool bExit);

/* Prepare zSql (a literal with ?1, ?2 ... parameters).  A statement that
** cannot be prepared is fatal (a bug); when this thread has failed the
** statement is inert: steps give DB_DONE, binds and columns do nothing. */
void db_prepare(struct stmt *q, const char *zSql);
/* Prepare SQL built at run time in a buf -- only from declarations (the
** register kernel's table and column names), never from request text;
** values are still bound.  The text is interned, so statement caches keep
** one statement per distinct text. */
void db_prepare_buf(struct stmt *q, const struct buf *pSql);
/* Bind parameter i (1-based). Text is copied; NULL text binds NULL. */
void db_bind_int64(struct stmt *q, int i, i64 v);
void db_bind_text(struct stmt *q, int i, const char *z);
void db_bind_null(struct stmt *q, int i);
/* DB_ROW, DB_DONE or DB_CONSTRAINT.  A runtime failure marks the thread
** failed (see above) and gives DB_DONE. */
int db_step(struct stmt *q);
/* Columns of the current row (0-based).  Text stays valid until the next
** step, reset or finalize; NULL comes back as NULL from db_column_text
** and 0 from db_column_int64. */
i64 db_column_int64(struct stmt *q, int i);
const char *db_column_text(struct stmt *q, int i);
bool db_column_is_null(struct stmt *q, int i);
/* A copy of a text column in the arena (NULL stays NULL). */
char *db_column_dup(struct arena *a, struct stmt *q, int i);
/* A row read into a struct: copies in the arena of the text columns
** iFirst, iFirst+1, ... into the const char * each argument points at,
** until a NULL argument (db_column_dups(ar, &q, 2, &p->zName, &p->zKind,
** (const char **)0)); likewise the integer columns into i64s. */
void db_column_dups(struct arena *a, struct stmt *q, int iFirst, ...);
void db_column_int64s(struct stmt *q, int iFirst, ...);
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

/* Run a script of ;-separated statements with no parameters (schema);
** a failure marks the thread failed. */
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
/* Row locks for a read-modify-write: append to pSql (a SELECT inside a
** transaction) the clause that keeps the rows of table alias zAlias it
** reads locked until the transaction ends -- " FOR NO KEY UPDATE OF t" on
** PostgreSQL, nothing on SQLite (BEGIN IMMEDIATE already holds the
** database's one write lock, so no other writer runs in between). */
void db_append_for_update(struct buf *pSql, const char *zAlias);
/* Inside a transaction: wait for, then hold until the transaction ends,
** the lock named zKey (a rule that counts rows across records takes the
** lock of what it counts before it reads).  PostgreSQL: a
** transaction-scoped advisory lock on a 64-bit hash of zKey; SQLite:
** nothing (the transaction holds the write lock).  Fatal outside a
** transaction. */
void db_lock_key(const char *zKey);
/* Call x() once, on this thread, right after the outermost transaction
** now open commits (not when it rolls back).  One hook per transaction;
** the audit log uses it to copy the head it moved outside the database.
** Fatal outside a transaction. */
void db_after_commit(void (*x)(void));
/* Arm x(pArg) to run, on this thread, inside the next outermost
** transaction that is about to commit, just before its COMMIT, so that
** what x writes lands with that transaction's changes or not at all (the
** idempotency keys, core/idem.c, mark a request's change as applied).
** Runs once, then disarms; db_commit_mark(0, 0) disarms without running.
** A failure in x rolls the transaction back. */
void db_commit_mark(void (*x)(void *), void *pArg);

/* Bulk work on this connection (a recompute of every open record, an
** import of many rows): on SQLite, a page cache of 64 MiB while bOn, so
** that one large transaction does not spill its dirty pages to the WAL
** and read them back; the default again when off.  Nothing on PostgreSQL
** (the server owns its buffers).  Nests: on/off pairs may be inside one
** another. */
void db_bulk(bool bOn);
/* A long read of one table from end to end (the audit walk): on SQLite
** the database file is memory-mapped while bOn, so its pages are read
** without a system call and a copy each; nothing on PostgreSQL.  Nests
** like db_bulk. */
void db_scan(bool bOn);

/* Apply every embedded migration newer than the database, each in its own
** transaction.  Returns the number applied, or -1 when one failed (the
** thread is then failed, see above). */
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
  /* Failing calls put a message in pErr and a DB_FAIL_* kind in *peFail. */
  void *(*xPrepare)(struct db *, const char *zSql, struct buf *pErr, int *peFail);
  void (*xBindInt64)(void *, int, i64);
  void (*xBindText)(void *, int, const char *);   /* NULL: a NULL of type text */
  void (*xBindNull)(void *, int);
  int (*xStep)(void *, struct buf *pErr, int *peFail);  /* DB_ROW/DONE/CONSTRAINT or -1 */
  i64 (*xColumnInt64)(void *, int);
  const char *(*xColumnText)(void *, int);
  bool (*xColumnIsNull)(void *, int);
  void (*xReset)(void *);
  void (*xFinalize)(struct db *, void *, const char *zSql);
  int (*xExecScript)(struct db *, const char *, struct buf *pErr, int *peFail);
  const char *(*xBeginSql)(void);   /* how the outermost BEGIN is spelled */
  /* Rewrite the portable schema dialect (ID_PK, ...) for this engine;
  ** the result is heap memory the caller frees. */
  char *(*xSchemaDup)(const char *zSql);
  /* Script run before the migrations (what the engine lacks), or "". */
  const char *(*xPrelude)(void);
  /* Copy the live database to the file zPath (online backup). */
  int (*xBackup)(struct db *, const char *zPath, struct buf *pErr);
  /* False when the connection is known to be gone (checked without
  ** blocking before each request). */
  bool (*xAlive)(struct db *);
  /* The row-lock clause before a table alias (" FOR UPDATE OF "), or NULL
  ** when the engine's transaction already excludes other writers. */
  const char *(*xForUpdateSql)(void);
  /* A statement taking a transaction-scoped lock on the i64 ?1, or NULL. */
  const char *(*xLockKeySql)(void);
};

/* Every connection starts with this header; drivers extend it. */
struct db {
  const struct db_driver *pDrv;
  int nTxn;              /* transaction depth */
  bool bRollback;        /* an inner rollback doomed the transaction */
  int nStmt;             /* statements prepared and not finalized */
  bool bDown;            /* no live connection (db_open_thread): a stand-in */
};

extern const struct db_driver db_sqlite_driver;
extern const struct db_driver db_pg_driver;

#endif
