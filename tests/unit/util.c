/*
** util.c -- small helpers the unit-test modules share.
*/
#include "test.h"
#include "../../src/base/buf.h"
#include "../../src/base/fmt.h"
#include "../../src/office/sheet.h"
#include "../../src/store/db.h"
#include "../../src/core/app.h"
#include "../../src/areas/org/org.h"

int test_read_file(const char *zPath, struct buf *b){
  FILE *f = fopen(zPath, "rb");
  char a[8192];
  size_t n;
  if( f==0 ) return -1;
  while( (n = fread(a, 1, sizeof(a), f))>0 ) buf_append(b, a, n);
  fclose(f);
  return 0;
}

int test_write_file(const char *zPath, const void *p, size_t n){
  FILE *f = fopen(zPath, "wb");
  if( f==0 ) return -1;
  if( fwrite(p, 1, n, f)!=n ){ fclose(f); return -1; }
  return fclose(f);
}

const char *test_cell_text(const struct sheet *sh, const char *zRef){
  int r, c;
  const struct sheet_cell *p;
  if( sheet_parse_ref(zRef, &r, &c) ) return "(bad ref)";
  p = sheet_cell(sh, r, c);
  return p ? p->z : "";
}

int test_db_fresh(const char *zName){
  struct buf err = BUF_INIT;
  const char *zPg = getenv("FAZHI_TEST_PG_URL");
  int rc;
  if( zPg && zPg[0] ){
    rc = db_open(zPg, &err);
    if( rc==0 ) db_exec_script("DROP SCHEMA public CASCADE; CREATE SCHEMA public");
  }else{
    char *zPath = fmt_dup("%s/%s", test_tmpdir(), zName);
    remove(zPath);
    rc = db_open(zPath, &err);
    free(zPath);
  }
  if( rc ) fprintf(stderr, "test_db_fresh: %s\n", err.buf ? err.buf : "");
  buf_release(&err);
  return rc;
}

int test_county(const char *zDb, struct actor *a, i64 *pRoot, const char *zName,
                const char *zKind, i64 *pOrg){
  struct buf err = BUF_INIT;
  struct org_input o;
  const char *zField = 0;
  int rc;
  if( test_db_fresh(zDb) ) return -1;
  db_migrate();
  memset(&app.keys, 5, sizeof(app.keys));
  app.keys.aMac[0] = 1;
  app.keys.aIdx[0] = 2;
  actor_cli(a);
  memset(&o, 0, sizeof(o));
  o.zName = "梨树县教育局";
  o.zKind = "bureau";
  rc = org_create(a, &o, pRoot, &err, &zField);
  o.zName = zName;
  o.zKind = zKind;
  o.parentId = *pRoot;
  if( rc==0 ) rc = org_create(a, &o, pOrg, &err, &zField);
  if( rc ) fprintf(stderr, "test_county: %s\n", err.buf ? err.buf : "");
  buf_release(&err);
  return rc ? -1 : 0;
}
