/*
** ratelimit.c -- request limits per purpose and client, kept in the
** database.  See ratelimit.h.
**
** One upsert counts the request and reads the count back, atomically on
** both engines (INSERT ... ON CONFLICT DO UPDATE ... RETURNING, SQLite
** 3.35+ and PostgreSQL 9.5+): a row whose window has ended starts again
** at 1.  When a client's window starts, the rows of this purpose whose
** windows ended are deleted, so the table holds about one row per client
** active in the last window.
*/
#include "../common.h"
#include "../base/util.h"
#include "../store/db.h"
#include "ratelimit.h"

bool ratelimit_admit(const char *zPurpose, const char *zClient, int nMax, int nWindow){
  i64 now = time_now();
  i64 w0 = nWindow>0 ? now - now % nWindow : now;
  struct stmt q;
  i64 n = 0;
  db_prepare(&q, "INSERT INTO rate_limit(purpose, client, window_start, n)"
                 " VALUES(?1, ?2, ?3, 1)"
                 " ON CONFLICT(purpose, client) DO UPDATE"
                 " SET n = CASE WHEN rate_limit.window_start=?3 THEN rate_limit.n+1 ELSE 1 END,"
                 " window_start = ?3"
                 " RETURNING n");
  db_bind_text(&q, 1, zPurpose);
  db_bind_text(&q, 2, zClient ? zClient : "");
  db_bind_int64(&q, 3, w0);
  if( db_step(&q)==DB_ROW ) n = db_column_int64(&q, 0);
  while( db_step(&q)==DB_ROW ){}
  db_finalize(&q);
  if( n==1 ){
    db_exec("DELETE FROM rate_limit"
            " WHERE purpose=?1"
            " AND window_start<?2", "ti", zPurpose, w0);
  }
  return n>=1 && n<=nMax;
}
