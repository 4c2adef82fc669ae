/*
** t_ratelimit.c -- limits kept in the database (core/ratelimit.c) and
** the locks of store/db.h a read-modify-write takes.
*/
#include "test.h"
#include <stdlib.h>
#include "../../src/base/buf.h"
#include "../../src/store/db.h"
#include "../../src/core/ratelimit.h"

/* Pin the clock of the test build at t. */
static void at(long long t){
  char z[32];
  snprintf(z, sizeof(z), "%lld", t);
  setenv("FAZHI_NOW", z, 1);
}

void test_ratelimit(void){
  struct buf sql = BUF_INIT;
  int i, nA = 0, nB = 0;
  CHECK(test_db_fresh("ratelimit.db")==0);
  CHECK(db_migrate() >= 1);
  at(1800000000);                            /* a multiple of 60: a window's start */
  /* two addresses taking turns are each counted on their own (no slot
  ** they could share and reset) */
  for(i=0; i<5; i++){
    nA += ratelimit_admit("t", "198.51.100.1", 3, 60);
    nB += ratelimit_admit("t", "198.51.100.2", 3, 60);
  }
  CHECK_INT(nA, 3);
  CHECK_INT(nB, 3);
  CHECK(ratelimit_admit("other", "198.51.100.1", 3, 60));   /* per purpose */
  at(1800000059);
  CHECK(!ratelimit_admit("t", "198.51.100.1", 3, 60));      /* same window */
  at(1800000060);                            /* the next window starts again */
  CHECK(ratelimit_admit("t", "198.51.100.1", 3, 60));
  /* the first request of a new window pruned the ended ones of its purpose */
  CHECK_INT(db_int(-1, "SELECT count(*) FROM rate_limit WHERE purpose='t'", ""), 1);
  CHECK_INT(db_int(-1, "SELECT count(*) FROM rate_limit WHERE purpose='other'", ""), 1);
  CHECK_INT(db_int(-1, "SELECT n FROM rate_limit WHERE client='198.51.100.1' AND purpose='t'",
                   ""), 1);
  unsetenv("FAZHI_NOW");

  /* the row lock clause: what each engine needs, and a SELECT that runs */
  buf_puts(&sql, "SELECT t.id FROM org t WHERE t.id=?1");
  db_append_for_update(&sql, "t");
  if( strcmp(db_engine(), "postgresql")==0 ){
    CHECK(strstr(sql.buf, "FOR NO KEY UPDATE OF t")!=0);
  }else{
    CHECK(strstr(sql.buf, "FOR")==0);        /* BEGIN IMMEDIATE holds the lock */
  }
  db_begin();
  {
    struct stmt q;
    db_prepare_buf(&q, &sql);
    db_bind_int64(&q, 1, 1);
    while( db_step(&q)==DB_ROW ){}
    db_finalize(&q);
  }
  db_lock_key("reg:adviser");               /* an advisory lock, held to the end */
  db_lock_key("reg:adviser");               /* taken again by its holder: no wait */
  CHECK(db_failed()==0);
  db_commit();
  buf_release(&sql);
  db_close();
}
