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
#include "../../src/base/arena.h"
#include "../../src/base/date.h"
#include "../../src/reg/reg.h"
#include "../../src/reg/figure.h"

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

i64 test_reg_add(const char *zName, const struct actor *a, const char *const *azKV,
                 struct reg_err *e){
  const struct reg_def *d = reg_find(zName);
  const char **az;
  i64 id = 0;
  int i;
  CHECK(d!=0);
  if( d==0 ) return 0;
  az = reg_values_alloc(e->ar, d);
  for(i=0; azKV[i]; i+=2){
    int k = reg_field_index(d, azKV[i]);
    CHECK(k>=0);
    if( k>=0 ) az[k] = azKV[i+1];
  }
  reg_err_init(e, e->ar);
  if( reg_create(d, a, az, &id, e) ) return 0;
  return id;
}

int test_reg_step(const char *zName, const struct actor *a, i64 id, const char *zVerb,
                  const char *const *azKV, struct reg_err *e){
  const struct reg_def *d = reg_find(zName);
  const char **az;
  int i;
  CHECK(d!=0);
  if( d==0 ) return -1;
  az = reg_values_alloc(e->ar, d);
  for(i=0; azKV[i]; i+=2){
    int k = reg_field_index(d, azKV[i]);
    CHECK(k>=0);
    if( k>=0 ) az[k] = azKV[i+1];
  }
  reg_err_init(e, e->ar);
  return reg_step(d, a, id, zVerb, az, e);
}

i64 test_org_add(const struct actor *a, const char *zName, const char *zKind, i64 parent){
  struct org_input o;
  struct buf err = BUF_INIT;
  const char *zField;
  i64 id = 0;
  memset(&o, 0, sizeof(o));
  o.zName = zName;
  o.zKind = zKind;
  o.parentId = parent;
  CHECK_INT(org_create(a, &o, &id, &err, &zField), 0);
  buf_release(&err);
  return id;
}

void test_fig(const char *zKey, int year, const char *zAsOf, struct arena *ar,
              struct fig_result *res){
  struct fig_scope s;
  int day = 0, y, m, d;
  date_parse(zAsOf, &day);
  date_ymd(day, &y, &m, &d);
  fig_scope_init(&s, ar, year ? year : y, day, "%");
  memset(res, 0, sizeof(*res));
  CHECK(figure_get(zKey, &s, ar, res));
}
