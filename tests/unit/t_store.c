/*
** t_store.c -- the database interface over a real SQLite file, and the
** audit chain written and verified through it.
*/
#include "test.h"
#include <sys/stat.h>
#include "../../src/base/arena.h"
#include "../../src/base/buf.h"
#include "../../src/base/fmt.h"
#include "../../src/store/db.h"
#include "../../src/areas/app.h"
#include "../../src/areas/audit.h"

/* Open a fresh database: a file in the scratch folder, or, when
** FAZHI_TEST_PG_URL names an empty PostgreSQL database, that (the tables
** of an earlier run are dropped first). */
static void open_fresh(const char *zName){
  struct buf err = BUF_INIT;
  const char *zPg = getenv("FAZHI_TEST_PG_URL");
  if( zPg && zPg[0] ){
    CHECK(db_open(zPg, &err)==0);
    db_exec_script("DROP TABLE IF EXISTS audit, session, login_addr, pw_history, user_role, users, org, setting,"
                   " calendar_year, meta, t CASCADE");
  }else{
    char *zPath = fmt_dup("%s/%s", test_tmpdir(), zName);
    remove(zPath);
    CHECK(db_open(zPath, &err)==0);
    free(zPath);
  }
  buf_release(&err);
}

void test_store(void){
  struct stmt q;
  struct arena *a = arena_new();
  const char *azName[] = { "河口乡", "城关镇", "白沙镇", "安乐乡" };
  const char *azWant[] = { "安乐乡", "白沙镇", "城关镇", "河口乡" };
  size_t i;
  int n;
  struct buf err = BUF_INIT;

  bool bPg;
  CHECK(db_open("/nonexistent-dir/x/fazhi.db", &err)==-1);
  CHECK(strstr(err.buf, "无法打开数据库")!=0);
  buf_reset(&err);
  CHECK(db_open("postgresql:///nodb?host=/nonexistent&connect_timeout=1", &err)==-1);
  CHECK(strstr(err.buf, "PostgreSQL")!=0);
  buf_release(&err);

  open_fresh("store.db");
  bPg = strcmp(db_engine(), "postgresql")==0;
  CHECK_INT(db_schema_version(), 0);
  CHECK(db_migrate() >= 1);
  CHECK(db_schema_version() >= 1);
  CHECK_INT(db_migrate(), 0);                 /* nothing new the second time */
  if( !bPg ){
    CHECK_STR(db_text(a, "", "PRAGMA journal_mode", ""), "wal");
    CHECK_INT(db_int(0, "PRAGMA synchronous", ""), 2);   /* FULL */
    CHECK_INT(db_int(0, "PRAGMA foreign_keys", ""), 1);
  }

  /* bound values, RETURNING, constraint */
  db_exec("INSERT INTO org(name, kind, code, created_at, updated_at)"
          " VALUES(?1, 'bureau', ?2, 1, 1)", "tt", "梨树县教育局'; DROP TABLE org; --", "X1");
  CHECK_STR(db_text(a, 0, "SELECT name FROM org WHERE code=?1", "t", "X1"),
            "梨树县教育局'; DROP TABLE org; --");
  CHECK_INT(db_exec("INSERT INTO org(name, kind, code, created_at, updated_at)"
                    " VALUES('b', 'bureau', ?1, 1, 1)", "t", "X1"), DB_CONSTRAINT);
  CHECK_INT(db_exec("INSERT INTO org(name, kind, created_at, updated_at)"
                    " VALUES('c', 'nonsense', 1, 1)", ""), DB_CONSTRAINT);
  CHECK_INT(db_exec("INSERT INTO org(name, kind, parent_id, created_at, updated_at)"
                    " VALUES('d', 'school', 999, 1, 1)", ""), DB_CONSTRAINT);  /* foreign key */
  CHECK(db_exists("SELECT 1 FROM org WHERE code=?1", "t", "X1"));
  CHECK(!db_exists("SELECT 1 FROM org WHERE code=?1", "t", "nope"));
  CHECK_INT(db_i64(-1, "SELECT count(*) FROM org WHERE code IS NULL", ""), 0);

  /* nested transactions: an inner rollback dooms the outer one */
  db_begin();
  db_exec("INSERT INTO setting(k, v) VALUES('a', '1')", "");
  db_begin();
  db_exec("INSERT INTO setting(k, v) VALUES('b', '2')", "");
  db_rollback();
  CHECK_INT(db_txn_depth(), 1);
  db_commit();
  CHECK_INT(db_txn_depth(), 0);
  CHECK_INT(db_i64(-1, "SELECT count(*) FROM setting", ""), 0);
  db_begin();
  db_begin();
  db_exec("INSERT INTO setting(k, v) VALUES('c', '3')", "");
  db_commit();
  db_commit();
  CHECK_INT(db_i64(-1, "SELECT count(*) FROM setting", ""), 1);

  /* the statement cache gives back a clean statement for the same literal */
  for(n=0; n<3; n++){
    db_prepare(&q, "SELECT ?1 || 'x'");
    if( n==0 ) db_bind_text(&q, 1, "a");
    CHECK(db_step(&q)==DB_ROW);
    if( n==0 ) CHECK_STR(db_column_text(&q, 0), "ax");
    else CHECK(db_column_text(&q, 0)==0);     /* bindings were cleared */
    db_finalize(&q);
  }
  CHECK_INT(db_open_statements(), 0);

  /* pinyin order through the zh collation */
  db_exec_script("CREATE TEMP TABLE t(name TEXT)");
  /* a NULL text parameter keeps its type (PostgreSQL must infer ?1) */
  CHECK_INT(db_i64(-1, "SELECT count(*) FROM t WHERE (?1 IS NULL OR name=?1)", "t", (char *)0), 0);
  for(i=0; i<COUNT(azName); i++) db_exec("INSERT INTO t VALUES(?1)", "t", azName[i]);
  db_prepare(&q, "SELECT name FROM t ORDER BY name COLLATE zh");
  for(i=0; db_step(&q)==DB_ROW && i<COUNT(azWant); i++){
    CHECK_STR(db_column_text(&q, 0), azWant[i]);
  }
  db_finalize(&q);
  CHECK_INT(i, 4);
  db_close();
  arena_free(a);
}

void test_audit(void){
  struct actor act;
  struct buf msg = BUF_INIT;
  i64 n = 0, bad = 0;
  int i;
  memset(&app.keys, 7, sizeof(app.keys));
  open_fresh("audit.db");
  db_migrate();
  actor_cli(&act);
  CHECK_INT(audit_verify(&n, &bad, &msg), 0);      /* empty log */
  CHECK_INT(n, 0);
  for(i=0; i<5; i++){
    char zId[16];
    snprintf(zId, sizeof(zId), "%d", i);
    db_begin();
    audit_write(&act, "create", "org", zId, 0, "{\"name\":\"学校\"}");
    db_commit();
  }
  db_begin();
  audit_write(&act, "create", "org", "rolled-back", 0, 0);
  db_rollback();
  CHECK_INT(audit_verify(&n, &bad, &msg), 0);
  CHECK_INT(n, 5);

  /* a changed field names its entry */
  db_exec("UPDATE audit SET after='{\"name\":\"改\"}' WHERE id=3", "");
  buf_reset(&msg);
  CHECK_INT(audit_verify(&n, &bad, &msg), 1);
  CHECK_INT(bad, 3);
  CHECK(strstr(msg.buf, "id=3")!=0);
  db_exec("UPDATE audit SET after='{\"name\":\"学校\"}' WHERE id=3", "");
  buf_reset(&msg);
  CHECK_INT(audit_verify(&n, &bad, &msg), 0);

  /* removing the newest entry breaks the seal */
  db_exec("DELETE FROM audit WHERE id=5", "");
  buf_reset(&msg);
  CHECK_INT(audit_verify(&n, &bad, &msg), 1);
  CHECK(strstr(msg.buf, "封印")!=0);

  /* a batch big enough to be hashed on two threads: the first bad entry
  ** is named wherever it falls */
  db_exec("DELETE FROM audit", "");
  db_exec("UPDATE meta SET v='0 0 0000000000000000000000000000000000000000000000000000000000000000'"
          " WHERE k='audit_head'", "");
  db_exec("DELETE FROM meta WHERE k='audit_seal'", "");
  db_begin();
  {
    struct audit_batch b;
    audit_batch_begin(&b);
    for(i=0; i<1000; i++) audit_batch_add(&b, &act, "create", "org", "x", 0, "{\"n\":1}");
    audit_batch_end(&b);
  }
  db_commit();
  buf_reset(&msg);
  CHECK_INT(audit_verify(&n, &bad, &msg), 0);
  CHECK_INT(n, 1000);
  db_exec("UPDATE audit SET after='{\"n\":2}' WHERE id=700", "");
  buf_reset(&msg);
  CHECK_INT(audit_verify(&n, &bad, &msg), 1);
  CHECK_INT(bad, 700);                    /* in the second thread's half */
  db_exec("UPDATE audit SET after='{\"n\":2}' WHERE id=100", "");
  buf_reset(&msg);
  CHECK_INT(audit_verify(&n, &bad, &msg), 1);
  CHECK_INT(bad, 100);                    /* the first one wins */
  db_exec("UPDATE audit SET after='{\"n\":1}' WHERE id IN (100, 700)", "");
  db_exec("DELETE FROM audit WHERE id=600", "");
  buf_reset(&msg);
  CHECK_INT(audit_verify(&n, &bad, &msg), 1);
  CHECK_INT(bad, 601);                    /* the gap shows at the next entry */

  /* a different key cannot vouch for the log */
  memset(&app.keys, 9, sizeof(app.keys));
  db_exec("DELETE FROM audit", "");
  db_exec("DELETE FROM meta WHERE k LIKE 'audit_%'", "");
  db_begin();
  audit_write(&act, "create", "org", "1", 0, 0);
  db_commit();
  memset(&app.keys, 7, sizeof(app.keys));
  buf_reset(&msg);
  CHECK_INT(audit_verify(&n, &bad, &msg), 1);

  /* the head in the key folder: written after each commit (not after a
  ** rollback), and an older head in the database fails the full verify */
  {
    char *zDir = fmt_dup("%s/keyfolder", test_tmpdir());
    char *zHead = fmt_dup("%s/fazhi.audit-head", zDir);
    struct audit_report rep;
    FILE *f;
    char zLine[256];
    i64 nFile = -1;
    struct arena *ar = arena_new();
    char *zOldHead = 0, *zOldSeal = 0;
    mkdir(zDir, 0700);
    remove(zHead);
    db_exec("DELETE FROM audit", "");
    db_exec("DELETE FROM meta WHERE k LIKE 'audit_%'", "");
    app.zDataDir = zDir;
    app.bKeys = true;
    for(i=0; i<3; i++){
      db_begin();
      audit_write(&act, "create", "org", "h", 0, 0);
      db_commit();
      if( i==1 ){                                /* the head at 2 entries */
        zOldHead = db_text(ar, "", "SELECT v FROM meta WHERE k='audit_head'", "");
        zOldSeal = db_text(ar, "", "SELECT v FROM meta WHERE k='audit_seal'", "");
      }
    }
    db_begin();
    audit_write(&act, "create", "org", "rolled-back", 0, 0);
    db_rollback();
    f = fopen(zHead, "r");
    CHECK(f!=0);
    while( f && fgets(zLine, sizeof(zLine), f) ){
      if( strncmp(zLine, "count=", 6)==0 ) nFile = atoll(zLine+6);
    }
    if( f ) fclose(f);
    CHECK_INT(nFile, 3);                         /* the rollback left it */
    CHECK_INT(audit_verify_full(0, true, &rep), AUDIT_INTACT);
    CHECK_INT(rep.nEntries, 3);
    audit_report_free(&rep);
    /* cut the newest and write back the older head and seal: the database
    ** alone looks whole, the key folder does not agree */
    db_exec("DELETE FROM audit WHERE id=3", "");
    db_exec("UPDATE meta SET v=?1 WHERE k='audit_head'", "t", zOldHead);
    db_exec("UPDATE meta SET v=?1 WHERE k='audit_seal'", "t", zOldSeal);
    buf_reset(&msg);
    CHECK_INT(audit_verify(&n, &bad, &msg), 0);
    CHECK_INT(audit_verify_full(0, false, &rep), AUDIT_DAMAGED);
    CHECK(strstr(rep.msg.buf, "密钥目录")!=0);
    audit_report_free(&rep);
    app.zDataDir = 0;
    app.bKeys = false;
    remove(zHead);
    free(zHead);
    free(zDir);
    arena_free(ar);
  }
  db_close();
  buf_release(&msg);
}
