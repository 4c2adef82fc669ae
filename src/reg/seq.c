/*
** seq.c -- numbering: the next number of a named sequence for a year
** (table reg_seq), and a number written out by a format such as
** 「梨教许〔%Y〕%N号」.  The registers' declared numbering (rule.c) and the
** annual report's 发文字号 both take their numbers here.
*/
#include "../common.h"
#include "../base/arena.h"
#include "../base/buf.h"
#include "../store/db.h"
#include "reg.h"

i64 reg_seq_next(const char *zName, int year){
  struct stmt q;
  i64 n = 0;
  int rc;
  /* one row per sequence and year, bumped in the caller's transaction:
  ** the row lock (PostgreSQL) or the write lock (SQLite) orders two
  ** writers, and a rolled-back write gives its number back only with its
  ** row */
  db_prepare(&q, "INSERT INTO reg_seq(name, year, last) VALUES(?1, ?2, 1)"
                 " ON CONFLICT(name, year) DO UPDATE SET last=reg_seq.last+1"
                 " RETURNING last");
  db_bind_text(&q, 1, zName);
  db_bind_int64(&q, 2, year);
  rc = db_step(&q);
  if( rc==DB_ROW ) n = db_column_int64(&q, 0);
  while( rc==DB_ROW ) rc = db_step(&q);
  db_finalize(&q);
  return n>0 ? n : 0;
}

char *reg_seq_format(struct arena *ar, const char *zFormat, int year, const char *zNum){
  struct buf b = BUF_INIT;
  const char *z;
  char *zOut;
  for(z=zFormat; *z; z++){
    if( z[0]=='%' && z[1]=='Y' ){ buf_appendf(&b, "%d", year); z++; }
    else if( z[0]=='%' && z[1]=='N' ){ buf_puts(&b, zNum); z++; }
    else buf_putc(&b, *z);
  }
  zOut = arena_strdup(ar, b.len ? b.buf : "");
  buf_release(&b);
  return zOut;
}
