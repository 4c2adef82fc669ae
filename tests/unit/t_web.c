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
