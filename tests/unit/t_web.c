/*
** t_web.c -- request parsing without a server: form and multipart bodies.
*/
#include "test.h"
#include "../../src/base/arena.h"
#include "../../src/base/buf.h"
#include "../../src/web/req.h"

/* A request holding body p[0..n). */
static void req_setup(struct req *r, const char *p, size_t n){
  memset(r, 0, sizeof(*r));
  r->arena = arena_new();
  buf_init(&r->body);
  buf_append(&r->body, p, n);
  r->pBody = r->body.buf;
  r->nBody = r->body.len;
}

static void req_teardown(struct req *r){
  buf_release(&r->body);
  arena_free(r->arena);
}

void test_web(void){
  struct req r;
  struct buf err = BUF_INIT;
  const struct req_file *f;
  static const char zForm[] = "name=%E6%A2%A8%E6%A0%91+%E5%8E%BF&code=&x=1%26y";
  static const char zBody[] =
    "--XyZ\r\n"
    "Content-Disposition: form-data; name=\"csrf\"\r\n\r\n"
    "tok123\r\n"
    "--XyZ\r\n"
    "Content-Disposition: form-data; name=\"file\"; filename=\"../../机构.csv\"\r\n"
    "Content-Type: text/csv\r\n\r\n"
    "名称,类别\r\n--X not a delimiter\r\n"
    "\r\n--XyZ--\r\n";
  static const char zBad[] =
    "--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nno end";

  req_setup(&r, zForm, strlen(zForm));
  CHECK(req_parse_form(&r, r.body.buf, r.body.len)==0);
  CHECK_STR(req_param(&r, "name"), "梨树 县");
  CHECK_STR(req_param(&r, "code"), "");
  CHECK(req_param_trim(&r, "code")==0);
  CHECK_STR(req_param(&r, "x"), "1&y");
  req_teardown(&r);

  req_setup(&r, "a=%C3%28", 8);                    /* invalid UTF-8 */
  CHECK(req_parse_form(&r, r.body.buf, r.body.len)==-1);
  req_teardown(&r);

  req_setup(&r, zBody, sizeof(zBody)-1);
  CHECK(req_parse_multipart(&r, "multipart/form-data; boundary=XyZ", &err)==0);
  CHECK_STR(req_param(&r, "csrf"), "tok123");
  f = req_file(&r, "file");
  CHECK(f!=0);
  if( f ){
    CHECK_STR(f->zFilename, "../../机构.csv");        /* kept as text, never a path */
    CHECK_STR(f->zType, "text/csv");
    CHECK_INT(f->nData, strlen("名称,类别\r\n--X not a delimiter\r\n"));
    CHECK(memcmp(f->pData, "名称,类别", strlen("名称,类别"))==0);
  }
  req_teardown(&r);

  req_setup(&r, zBad, sizeof(zBad)-1);
  buf_reset(&err);
  CHECK(req_parse_multipart(&r, "multipart/form-data; boundary=XyZ", &err)==-1);
  CHECK(strstr(err.buf, "结束分隔符")!=0);
  req_teardown(&r);

  req_setup(&r, zBody, sizeof(zBody)-1);
  buf_reset(&err);
  CHECK(req_parse_multipart(&r, "multipart/form-data", &err)==-1);   /* no boundary */
  req_teardown(&r);
  buf_release(&err);
}

/* A request for zPath with the query parameters azKV (name, value, ...). */
static void req_query(struct req *r, const char *zPath, const char *const *azKV, int n){
  int i;
  req_setup(r, "", 0);
  r->zPath = zPath;
  for(i=0; i+1<n; i+=2){
    r->aParam[r->nParam].zName = azKV[i];
    r->aParam[r->nParam].zValue = azKV[i+1];
    r->nParam++;
  }
}

/* req_check_input: what reaches the database is clean text. */
void test_web_input(void){
  struct req r;
  struct buf err = BUF_INIT;
  const char *zField = "x";
  char zLong[2100];
  static const char *const azOk[] = { "q", "梨树", "kind", "school", "limit", "20" };
  static const char *const azFF[] = { "kind", "school", "q", "\xff" };
  static const char *const azCtl[] = { "kind", "a\tb" };
  static const char *const azName[] = { "k\x01", "v" };
  static const char *const azQ100[] = { "q",
    "一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十"
    "一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十"
    "一二三四五六七八九十一二三四五六七八九十" };
  static const char *const azQ101[] = { "q",
    "一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十"
    "一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十"
    "一二三四五六七八九十一二三四五六七八九十一" };
  const char *azLong[2];

  req_query(&r, "/api/v1/orgs", azOk, 6);
  CHECK_INT(req_check_input(&r, &err, &zField), 0);
  CHECK(zField==0);
  req_teardown(&r);

  req_query(&r, "/api/v1/orgs", azFF, 4);
  CHECK_INT(req_check_input(&r, &err, &zField), -1);
  CHECK_STR(zField, "q");
  CHECK(strstr(err.buf, "UTF-8")!=0);
  req_teardown(&r);

  buf_reset(&err);
  req_query(&r, "/api/v1/orgs", azCtl, 2);       /* no controls at all in a query */
  CHECK_INT(req_check_input(&r, &err, &zField), -1);
  CHECK_STR(zField, "kind");
  req_teardown(&r);

  req_query(&r, "/api/v1/orgs", azName, 2);
  CHECK_INT(req_check_input(&r, &err, &zField), -1);
  req_teardown(&r);

  req_query(&r, "/api/v1/orgs", azQ100, 2);
  CHECK_INT(req_check_input(&r, &err, &zField), 0);
  req_teardown(&r);
  buf_reset(&err);
  req_query(&r, "/api/v1/orgs", azQ101, 2);
  CHECK_INT(req_check_input(&r, &err, &zField), -1);
  CHECK_STR(zField, "q");
  CHECK(strstr(err.buf, "100")!=0);
  req_teardown(&r);

  memset(zLong, 'a', sizeof(zLong)-1);
  zLong[sizeof(zLong)-1] = 0;
  azLong[0] = "name"; azLong[1] = zLong;
  req_query(&r, "/api/v1/orgs", azLong, 2);
  CHECK_INT(req_check_input(&r, &err, &zField), -1);
  CHECK_STR(zField, "name");
  req_teardown(&r);

  req_query(&r, "/api/v1/orgs/\xff", azOk, 0);
  CHECK_INT(req_check_input(&r, &err, &zField), -1);
  CHECK(zField==0);
  req_teardown(&r);
  req_query(&r, "/orgs/a\x1b", azOk, 0);
  CHECK_INT(req_check_input(&r, &err, &zField), -1);
  req_teardown(&r);

  req_query(&r, "/api/v1/orgs", azOk, 2);
  r.bQueryNul = true;                             /* ?q=a%00b */
  CHECK_INT(req_check_input(&r, &err, &zField), -1);
  req_teardown(&r);

  /* form fields: tab and newlines are fine, NUL and other controls are not */
  req_setup(&r, "", 0);
  CHECK_INT(req_parse_form(&r, "a=x%09y%0Az", 11), 0);
  CHECK_INT(req_parse_form(&r, "a=x%00y", 7), -1);
  CHECK_INT(req_parse_form(&r, "a=x%01y", 7), -1);
  CHECK_INT(req_parse_form(&r, "a=%FF", 5), -1);
  req_teardown(&r);
  buf_release(&err);
}
