/*
** t_store.c -- the database interface over a real SQLite file, and the
** audit chain written and verified through it.
*/
#include "test.h"
#include <iconv.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include "../../src/base/arena.h"
#include "../../src/base/buf.h"
#include "../../src/base/fmt.h"
#include "../../src/store/db.h"
#include "../../src/store/zh.h"
#include "../../src/core/app.h"
#include "../../src/core/audit.h"
#include "../../src/areas/org/org.h"
#include "../../src/desk/user.h"
#include "../../src/reg/reg.h"
#include "../../src/crypto/pw.h"

/* Open a fresh database for a module (test_db_fresh). */
static void open_fresh(const char *zName){
  CHECK(test_db_fresh(zName)==0);
}

/* The reference "zh" order: both strings converted whole to GB18030 by
** iconv (bytes iconv refuses kept as they are), compared bytewise, then by
** their UTF-8 bytes. */
static int t_zh_ref(iconv_t cd, const char *a, const char *b){
  char ga[1024], gb[1024];
  const char *az[2] = { a, b };
  char *aOut[2] = { ga, gb };
  size_t an[2];
  int k, c;
  for(k=0; k<2; k++){
    char *in = (char *)az[k], *o = aOut[k];
    size_t nIn = strlen(az[k]), left = sizeof(ga);
    iconv(cd, 0, 0, 0, 0);
    while( nIn>0 ){
      if( iconv(cd, &in, &nIn, &o, &left)==(size_t)-1 ){
        if( left==0 ) break;
        *o++ = *in++; nIn--; left--;
      }
    }
    an[k] = sizeof(ga) - left;
  }
  c = memcmp(ga, gb, an[0]<an[1] ? an[0] : an[1]);
  if( c ) return c;
  if( an[0]!=an[1] ) return an[0]<an[1] ? -1 : 1;
  return strcmp(a, b);
}

/* A random string of up to 8 characters: ASCII, common hanzi, other BMP
** characters, a character beyond the BMP.  (No stray bytes: text reaches
** the database only as valid UTF-8, and a stray byte in 0x81-0xFE is a
** GB18030 lead byte to a whole-string comparison, not to a per-character
** one; either order is consistent.) */
static void t_zh_random(unsigned *pSeed, char *z){
  int n = 1 + (int)(rand_r(pSeed) % 8), i, o = 0;
  for(i=0; i<n; i++){
    unsigned r = (unsigned)rand_r(pSeed) % 100, cp;
    if( r<25 ) cp = 0x20 + (unsigned)rand_r(pSeed) % 0x5F;
    else if( r<80 ) cp = 0x4E00 + (unsigned)rand_r(pSeed) % 0x51A6;
    else if( r<93 ) cp = 0xA0 + (unsigned)rand_r(pSeed) % (0xD7FF - 0xA0);
    else cp = 0x10000 + (unsigned)rand_r(pSeed) % 0x20000;
    if( cp<0x80 ) z[o++] = (char)cp;
    else if( cp<0x800 ){ z[o++] = (char)(0xC0|(cp>>6)); z[o++] = (char)(0x80|(cp&0x3F)); }
    else if( cp<0x10000 ){
      z[o++] = (char)(0xE0|(cp>>12)); z[o++] = (char)(0x80|((cp>>6)&0x3F));
      z[o++] = (char)(0x80|(cp&0x3F));
    }else{
      z[o++] = (char)(0xF0|(cp>>18)); z[o++] = (char)(0x80|((cp>>12)&0x3F));
      z[o++] = (char)(0x80|((cp>>6)&0x3F)); z[o++] = (char)(0x80|(cp&0x3F));
    }
  }
  z[o] = 0;
}

/* SQLite's "zh" collation (a table of weights made once) orders 3,002
** random strings exactly as converting each whole string with iconv
** does; PostgreSQL's is ICU's and is checked by the names above only. */
void test_store_zh(void){
  struct stmt q;
  iconv_t cd;
  unsigned seed = 20241115;
  char zPrev[64], z[64];
  struct buf err = BUF_INIT;
  int i, nBad = 0, nRow = 0;
  cd = iconv_open("GB18030", "UTF-8");
  CHECK(cd!=(iconv_t)-1);
  CHECK(db_open(":memory:", &err)==0);
  buf_release(&err);
  db_exec_script("CREATE TABLE t(name TEXT)");
  db_begin();
  for(i=0; i<3000; i++){
    t_zh_random(&seed, z);
    db_exec("INSERT INTO t VALUES(?1)", "t", z);
  }
  db_exec("INSERT INTO t VALUES(?1)", "t", "梨树县第一中学");
  db_exec("INSERT INTO t VALUES(?1)", "t", "梨树县第一中学附属小学");
  db_commit();
  db_prepare(&q, "SELECT name FROM t ORDER BY name COLLATE zh");
  zPrev[0] = 0;
  while( db_step(&q)==DB_ROW ){
    const char *zName = db_column_text(&q, 0);
    if( nRow>0 && t_zh_ref(cd, zPrev, zName)>0 ){
      if( nBad++<3 ){
        fprintf(stderr, "    zh order:");
        for(const char *c=zPrev; *c; c++) fprintf(stderr, " %02x", (u8)*c);
        fprintf(stderr, " before");
        for(const char *c=zName; *c; c++) fprintf(stderr, " %02x", (u8)*c);
        fprintf(stderr, "\n");
      }
    }
    snprintf(zPrev, sizeof(zPrev), "%s", zName);
    nRow++;
  }
  db_finalize(&q);
  CHECK_INT(nRow, 3002);
  CHECK_INT(nBad, 0);
  CHECK(db_i64(0, "SELECT '安乐乡' < '白沙镇' COLLATE zh", "")==1);
  db_close();
  iconv_close(cd);
}

/* zh_key(): the keys of 3,000 random strings, compared byte by byte,
** order them as converting each whole string with iconv does (ties only
** where the GB18030 bytes are equal); a key is plain ASCII without NUL,
** and the key of a text is the keys of its parts one after the other. */
void test_store_zhkey(void){
  iconv_t cd = iconv_open("GB18030", "UTF-8");
  unsigned seed = 20261208;
  static char az[3000][64];
  static char *azKey[3000];
  int i, nBad = 0, nAscii = 0, nJoin = 0;
  CHECK(cd!=(iconv_t)-1);
  for(i=0; i<3000; i++){
    struct buf b = BUF_INIT;
    t_zh_random(&seed, az[i]);
    zh_key(&b, az[i]);
    azKey[i] = buf_detach(&b, 0);
    for(const char *c=azKey[i]; *c; c++) if( (u8)*c>=0x80 || *c==0 ) nAscii++;
  }
  for(i=0; i+1<3000; i++){
    int cRef = t_zh_ref(cd, az[i], az[i+1]);
    int cKey = strcmp(azKey[i], azKey[i+1]);
    struct buf bJoin = BUF_INIT, bWhole = BUF_INIT, bBoth = BUF_INIT;
    /* equal keys only where the reference falls back on the UTF-8 bytes */
    if( cKey!=0 && (cKey<0)!=(cRef<0) ){
      if( nBad++<3 ) fprintf(stderr, "    zh_key order differs: %s / %s\n", az[i], az[i+1]);
    }
    buf_puts(&bBoth, az[i]);
    buf_puts(&bBoth, az[i+1]);
    zh_key(&bJoin, az[i]);
    zh_key(&bJoin, az[i+1]);
    zh_key(&bWhole, bBoth.buf);
    if( strcmp(bJoin.buf, bWhole.buf)!=0 ) nJoin++;
    buf_release(&bJoin);
    buf_release(&bWhole);
    buf_release(&bBoth);
  }
  CHECK_INT(nBad, 0);
  CHECK_INT(nAscii, 0);
  CHECK_INT(nJoin, 0);
  {
    /* the names the org order depends on, and 第一 before 第二 */
    static const char *const azName[] = { "安乐乡", "白沙镇", "城关镇", "第000001小学", "第000002小学",
                                            "河口乡", "梨树县", "梨树县第一中学" };
    for(i=0; i+1<(int)COUNT(azName); i++){
      struct buf a = BUF_INIT, b = BUF_INIT;
      zh_key(&a, azName[i]);
      zh_key(&b, azName[i+1]);
      CHECK(strcmp(a.buf, b.buf)<0);
      buf_release(&a);
      buf_release(&b);
    }
  }
  for(i=0; i<3000; i++) free(azKey[i]);
  iconv_close(cd);
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

  /* a one-row INSERT ... RETURNING id (SQLite runs it without the clause
  ** and answers the rowid): one row with the new id, as int and text,
  ** then done; again from the statement cache; a refused insert gives
  ** the constraint and no row */
  {
    i64 id1 = 0, id2 = 0;
    static const char zIns[] = "INSERT INTO org(name, kind, code, created_at, updated_at)"
                               " VALUES(?1, 'bureau', ?2, 1, 1) RETURNING id";
    db_begin();
    for(n=0; n<2; n++){
      db_prepare(&q, zIns);
      db_bind_text(&q, 1, n ? "r2" : "r1");
      db_bind_text(&q, 2, n ? "R2" : "R1");
      CHECK(db_step(&q)==DB_ROW);
      if( n==0 ) id1 = db_column_int64(&q, 0); else id2 = db_column_int64(&q, 0);
      CHECK(!db_column_is_null(&q, 0));
      CHECK_STR(db_column_text(&q, 0), arena_printf(a, "%lld", (long long)(n ? id2 : id1)));
      CHECK(db_step(&q)==DB_DONE);
      db_finalize(&q);
    }
    CHECK(id1>0 && id2>id1);
    CHECK(db_i64(0, "SELECT id FROM org WHERE code='R2'", "")==id2);
    db_prepare(&q, zIns);
    db_bind_text(&q, 1, "r3");
    db_bind_text(&q, 2, "R1");                       /* the code is taken */
    CHECK(db_step(&q)==DB_CONSTRAINT);
    db_finalize(&q);
    db_rollback();
    CHECK(!db_exists("SELECT 1 FROM org WHERE code IN ('R1', 'R2')", ""));
  }

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

/* Run xBody in a child process; its exit status (-1 when it did not exit). */
static int child_status(void (*xBody)(void)){
  int st = 0;
  pid_t pid;
  fflush(stdout); fflush(stderr);
  pid = fork();
  if( pid==0 ){
    xBody();
    _exit(0);
  }
  if( pid<0 || waitpid(pid, &st, 0)!=pid || !WIFEXITED(st) ) return -1;
  return WEXITSTATUS(st);
}

/* The URL this run's database came from (a file of the scratch folder, or
** FAZHI_TEST_PG_URL). */
static char *fail_url_dup(void){
  const char *zPg = getenv("FAZHI_TEST_PG_URL");
  if( zPg && zPg[0] ) return fmt_dup("%s", zPg);
  return fmt_dup("%s/fail.db", test_tmpdir());
}

/* A statement in the code that cannot be prepared is a bug: fatal. */
static void child_prepare_typo(void){
  struct stmt q;
  char *zUrl = fail_url_dup();
  struct buf err = BUF_INIT;
  if( db_open(zUrl, &err) ) _exit(3);
  db_set_fail_exit(false);
  db_prepare(&q, "SELEC 1");
  db_step(&q);                 /* PostgreSQL prepares on the first step */
  _exit(0);
}

/* A command (the default) reports a runtime failure and exits 1. */
static void child_command_failure(void){
  char *zUrl = fail_url_dup();
  struct buf err = BUF_INIT;
  if( db_open(zUrl, &err) ) _exit(3);
  db_set_fail_exit(true);
  db_i64(0, "SELECT abs(?1)", "i", INT64_MIN);
  _exit(0);
}

/* The failed state of db.h: a runtime failure fails the work of the
** thread, not the process; nothing half-done commits; db_recover()
** carries on; a broken connection is reopened. */
void test_store_fail(void){
  struct arena *a = arena_new();
  struct db *pA, *pB;
  struct buf err = BUF_INIT;
  char *zUrl;
  bool bPg;
  int i;

  open_fresh("fail.db");
  db_migrate();
  zUrl = fail_url_dup();
  bPg = strcmp(db_engine(), "postgresql")==0;
  db_set_fail_exit(false);
  CHECK_INT(db_failed(), 0);

  /* a statement the engine refuses for its data (integer overflow on both
  ** engines) fails this thread: DB_DONE, the kind, the engine's message */
  CHECK_INT(db_i64(-7, "SELECT abs(?1)", "i", INT64_MIN), -7);
  CHECK_INT(db_failed(), DB_FAIL_ERROR);
  CHECK(db_failure_message()[0]!=0);
  /* from then on no statement runs: lookups find nothing, statements are
  ** inert and not counted */
  CHECK(!db_exists("SELECT 1", ""));
  CHECK_STR(db_text(a, "dflt", "SELECT 'x'", ""), "dflt");
  CHECK_INT(db_open_statements(), 0);
  db_recover();
  CHECK_INT(db_failed(), 0);
  CHECK(db_exists("SELECT 1", ""));

  /* engine-specific refusals the issue found */
  if( bPg ){
    db_i64(0, "SELECT count(*) FROM org WHERE ?1 LIKE name", "t", "\xff");
    CHECK_INT(db_failed(), DB_FAIL_ERROR);          /* invalid byte sequence */
  }else{
    char *zLong = arena_alloc(a, 50011);
    memset(zLong, 'a', 50010);
    zLong[50010] = 0;
    db_i64(0, "SELECT 'x' LIKE ?1", "t", zLong);
    CHECK_INT(db_failed(), DB_FAIL_ERROR);          /* pattern too complex */
  }
  db_recover();

  /* a failure inside a transaction: later statements do not run and the
  ** commit rolls back, so half a change never lands */
  db_begin();
  db_exec("INSERT INTO setting(k, v) VALUES('f1', '1')", "");
  db_i64(0, "SELECT abs(?1)", "i", INT64_MIN);
  CHECK_INT(db_exec("INSERT INTO setting(k, v) VALUES('f2', '2')", ""), DB_DONE);
  db_begin();                                       /* nesting still counts */
  db_commit();
  CHECK_INT(db_txn_depth(), 1);
  db_commit();
  CHECK_INT(db_txn_depth(), 0);
  CHECK_INT(db_failed(), DB_FAIL_ERROR);
  CHECK(!db_clear_failure() || true);
  db_recover();
  CHECK_INT(db_i64(-1, "SELECT count(*) FROM setting WHERE k IN ('f1','f2')", ""), 0);

  /* db_recover() ends a transaction the failed work left open */
  db_begin();
  db_exec("INSERT INTO setting(k, v) VALUES('f3', '3')", "");
  db_fail(DB_FAIL_BUSY, "password hashing failed (memory)");
  CHECK_INT(db_failed(), DB_FAIL_BUSY);
  CHECK(!db_clear_failure());                       /* not inside a transaction */
  db_recover();
  CHECK_INT(db_txn_depth(), 0);
  CHECK_INT(db_i64(-1, "SELECT count(*) FROM setting WHERE k='f3'", ""), 0);
  /* an optional write outside a transaction may be forgiven */
  db_fail(DB_FAIL_STORAGE, "test");
  CHECK(db_clear_failure());
  CHECK_INT(db_failed(), 0);

  /* a lock held by another connection longer than the wait: busy */
  pA = db_current();
  CHECK(db_open(zUrl, &err)==0);
  pB = db_current();
  if( bPg ){
    db_use(pA);
    db_exec_script("SET lock_timeout = 200");
    db_exec("INSERT INTO setting(k, v) VALUES('lock', '0')", "");
    db_use(pB);
    db_begin();
    db_exec("UPDATE setting SET v='b' WHERE k='lock'", "");
    db_use(pA);
    db_begin();
    db_exec("UPDATE setting SET v='a' WHERE k='lock'", "");
    CHECK_INT(db_failed(), DB_FAIL_BUSY);
    db_commit();
  }else{
    db_use(pA);
    db_exec_script("PRAGMA busy_timeout=200");
    db_use(pB);
    db_begin();                                     /* BEGIN IMMEDIATE: the write lock */
    db_exec("INSERT INTO setting(k, v) VALUES('lock', 'b')", "");
    db_use(pA);
    db_begin();                                     /* waits 0.2 s, then SQLITE_BUSY */
    CHECK_INT(db_failed(), DB_FAIL_BUSY);
    db_exec("INSERT INTO setting(k, v) VALUES('lock2', 'a')", "");
    db_commit();
  }
  CHECK_INT(db_txn_depth(), 0);
  db_recover();
  db_use(pB);
  db_commit();
  db_close();
  db_use(pA);
  CHECK_INT(db_failed(), 0);
  CHECK(!db_exists("SELECT 1 FROM setting WHERE k='lock2'", ""));
  CHECK(db_exists("SELECT 1 FROM setting WHERE k='lock'", ""));

  /* a full database (SQLite: the page limit stands in for a full disk):
  ** storage, the transaction rolls back, the file stays sound */
  if( !bPg ){
    i64 nPage = db_i64(0, "PRAGMA page_count", "");
    char *zBig = arena_alloc(a, 8001);
    memset(zBig, 'x', 8000);
    zBig[8000] = 0;
    db_exec_script("PRAGMA max_page_count=1");      /* clamps to the current size */
    CHECK(db_i64(0, "PRAGMA max_page_count", "") >= nPage);
    db_begin();
    for(i=0; i<50 && !db_failed(); i++){
      char zK[16];
      snprintf(zK, sizeof(zK), "big%d", i);
      db_exec("INSERT INTO setting(k, v) VALUES(?1, ?2)", "tt", zK, zBig);
    }
    db_commit();
    CHECK_INT(db_failed(), DB_FAIL_STORAGE);
    db_recover();
    CHECK_INT(db_i64(-1, "SELECT count(*) FROM setting WHERE k LIKE 'big%'", ""), 0);
    CHECK_STR(db_text(a, "", "PRAGMA integrity_check", ""), "ok");
    db_exec_script("PRAGMA max_page_count=1000000");
    CHECK_INT(db_exec("INSERT INTO setting(k, v) VALUES('big', ?1)", "t", zBig), DB_DONE);
    CHECK_INT(db_failed(), 0);
    CHECK(db_exists("SELECT 1 FROM setting WHERE k='big'", ""));
  }

  /* a PostgreSQL connection the server ended: broken, then reopened */
  if( bPg ){
    i64 pid = db_i64(0, "SELECT pg_backend_pid()", "");
    CHECK(db_open(zUrl, &err)==0);
    pB = db_current();
    db_i64(0, "SELECT pg_terminate_backend(CAST(?1 AS INTEGER))", "i", pid);
    db_use(pA);
    CHECK_INT(db_i64(-1, "SELECT 1", ""), -1);
    CHECK_INT(db_failed(), DB_FAIL_BROKEN);
    db_recover();
    CHECK_INT(db_failed(), 0);
    pA = db_current();
    CHECK_INT(db_i64(-1, "SELECT 1", ""), 1);
    pid = db_i64(0, "SELECT pg_backend_pid()", "");
    /* ended while idle: db_recover() before the next request notices */
    db_use(pB);
    db_i64(0, "SELECT pg_terminate_backend(CAST(?1 AS INTEGER))", "i", pid);
    db_use(pA);
    usleep(200*1000);
    db_recover();
    pA = db_current();
    CHECK_INT(db_failed(), 0);
    if( db_failed() ) fprintf(stderr, "    %s\n", db_failure_message());
    CHECK(db_i64(0, "SELECT pg_backend_pid()", "")!=pid);
    CHECK_INT(db_failed(), 0);
    db_use(pB);
    db_close();
    db_use(pA);
  }
  db_close();

  /* a server thread whose database cannot be reached: every statement
  ** fails as broken, nothing is fatal, db_recover() tries again */
  db_open_thread(bPg ? "postgresql:///nodb?host=/nonexistent&connect_timeout=1"
                     : "/nonexistent-dir/x/fazhi.db");
  CHECK_INT(db_failed(), DB_FAIL_BROKEN);
  CHECK_INT(db_i64(-1, "SELECT 1", ""), -1);
  db_begin();
  db_commit();
  db_recover();
  CHECK_INT(db_failed(), DB_FAIL_BROKEN);
  db_close();
  db_recover();                                     /* no connection: nothing to do */

  /* bugs stay fatal; a command reports a runtime failure and exits 1 */
  CHECK_INT(child_status(child_prepare_typo), 1);
  CHECK_INT(child_status(child_command_failure), 1);
  db_set_fail_exit(true);
  free(zUrl);
  buf_release(&err);
  arena_free(a);
}

/* What a change could have touched: counts and names of every table a
** rule function writes, and the audit head, as one text. */
static char *inject_snapshot(struct arena *a){
  return db_text(a, "",
    "SELECT (SELECT count(*) FROM org) || '|' || (SELECT group_concat(name, ',') FROM org)"
    " || '|' || (SELECT count(*) FROM users) || '|' || (SELECT count(*) FROM user_role)"
    " || '|' || (SELECT count(*) FROM audit) || '|' || (SELECT count(*) FROM setting)"
    " || '|' || (SELECT group_concat(k || '=' || v, ',') FROM setting)"
    " || '|' || (SELECT v FROM meta WHERE k='audit_head')", "");
}

/* One rule function of each area under test, by number; 0 = done. */
static int inject_op(int iOp, const struct actor *act, i64 root, struct buf *pErr){
  const char *zField = 0;
  i64 id = 0;
  char zGen[32];
  switch( iOp ){
    case 0: {
      struct org_input o = { "注入测试学校", "school", 0, 0, 0, root };
      return org_create(act, &o, &id, pErr, &zField);
    }
    case 1: {
      struct org_input o = { "注入测试教育局", "bureau", 0, 0, 0, 0 };
      return org_update(act, root, &o, pErr, &zField);
    }
    case 2: {
      struct user_input u = { "inject_user", "注入测试", root, ROLE_LEGAL, "Passw0rd!x-inject" };
      struct arena *ar = arena_new();
      struct reg_err e;
      int rc;
      reg_err_init(&e, ar);
      rc = user_create(act, &u, &id, zGen, &e);
      if( rc ) buf_puts(pErr, reg_err_text(&e));
      arena_free(ar);
      return rc;
    }
    default:
      return setting_set(act, "login.max_failures", "7", pErr);
  }
}

/* Loop-based fault injection (SQLite's I/O-error loops): each rule
** function is run with its N-th statement or COMMIT failing, N = 1, 2 ...
** until it completes.  Every time the function must come back (no exit),
** leave no transaction or statement open, and change nothing at all; the
** audit chain verifies after each. */
void test_store_inject(void){
  struct arena *a = arena_new();
  struct actor act;
  struct buf err = BUF_INIT, msg = BUF_INIT;
  i64 root = 0, n = 0, bad = 0;
  const char *zField = 0;
  struct org_input o = { "注入测试县教育局", "bureau", 0, 0, 0, 0 };
  int iOp;
  memset(&app.keys, 7, sizeof(app.keys));
  pw_set_cost_for_tests(1, 8192);
  open_fresh("inject.db");
  db_migrate();
  actor_cli(&act);
  db_set_fail_exit(false);
  CHECK_INT(org_create(&act, &o, &root, &err, &zField), 0);
  for(iOp=0; iOp<4; iOp++){
    int nCall, nFired = 0;
    for(nCall=1; nCall<200; nCall++){
      char *zBefore = inject_snapshot(a);
      int rc;
      buf_reset(&err);
      db_inject_failure(nCall, nCall%2 ? DB_FAIL_STORAGE : DB_FAIL_BUSY);
      rc = inject_op(iOp, &act, root, &err);
      db_inject_failure(0, 0);
      if( !db_failed() ){
        CHECK_INT(rc, 0);                 /* ran to the end: the real change */
        if( rc ) fprintf(stderr, "    op %d: %s\n", iOp, err.buf);
        break;
      }
      nFired++;
      CHECK_INT(db_txn_depth(), 0);
      CHECK_INT(db_open_statements(), 0);
      db_recover();
      CHECK_STR(inject_snapshot(a), zBefore);
      buf_reset(&msg);
      CHECK_INT(audit_verify(&n, &bad, &msg), 0);
    }
    CHECK(nFired >= 3);                   /* begin, statements, commit */
    CHECK(nCall < 200);
  }
  CHECK(db_exists("SELECT 1 FROM org WHERE name='注入测试学校'", ""));
  CHECK(db_exists("SELECT 1 FROM users WHERE username='inject_user'", ""));
  buf_reset(&msg);
  CHECK_INT(audit_verify(&n, &bad, &msg), 0);
  db_set_fail_exit(true);
  db_close();
  buf_release(&err);
  buf_release(&msg);
  arena_free(a);
}
