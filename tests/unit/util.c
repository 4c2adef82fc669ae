/*
** util.c -- small helpers the unit-test modules share.
*/
#include "test.h"
#include "../../src/base/buf.h"
#include "../../src/base/fmt.h"
#include "../../src/office/sheet.h"
#include "../../src/store/db.h"

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
