/*
** cal.c -- the working-day calendar in force: the built-in State Council
** years, then the years an administrator stored (table calendar_year)
** replacing them.  The working-day arithmetic is base/calendar.c's; the
** calendar's pages and commands are desk/calendar.c's.
*/
#include "../common.h"
#include "../base/buf.h"
#include "../base/calendar.h"
#include "../base/util.h"
#include "../store/db.h"
#include "cal.h"

struct calendar *cal_current(void){
  struct calendar *c = calendar_new();
  struct stmt q;
  calendar_load_builtin(c);
  if( db_current()==0 ) return c;
  db_prepare(&q, "SELECT year, body FROM calendar_year ORDER BY year");
  while( db_step(&q)==DB_ROW ){
    struct buf err = BUF_INIT;
    const char *z = db_column_text(&q, 1);
    if( calendar_load_text(c, (int)db_column_int64(&q, 0), z, strlen(z), &err) ){
      warn("stored calendar year %lld is invalid: %s", (long long)db_column_int64(&q, 0), err.buf);
    }
    buf_release(&err);
  }
  db_finalize(&q);
  return c;
}
