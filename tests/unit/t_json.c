/*
** t_json.c -- tests of json: the streaming writer, the strict reader and
** the typed getters.
*/
#include "test.h"
#include <sys/wait.h>
#include <unistd.h>
#include "../../src/base/buf.h"
#include "../../src/base/json.h"
#include "../../src/base/util.h"

/* Parse z strictly; on failure leave the message in pErr (reset first). */
static json_t *parse(const char *z, struct buf *pErr){
  buf_reset(pErr);
  return json_parse_strict(z, strlen(z), pErr);
}

/* True when parsing z fails with a message containing zWant. */
static bool refused(const char *z, size_t n, const char *zWant){
  struct buf e = BUF_INIT;
  json_t *p = json_parse_strict(z, n, &e);
  bool bOk = p==0 && strstr(e.buf, zWant)!=0;
  if( !bOk ) fprintf(stderr, "    message: %s\n", e.buf);
  json_decref(p);
  buf_release(&e);
  return bOk;
}

/* n nested arrays: "[[...]]". Caller frees. */
static char *nested(int n){
  char *z = malloc((size_t)n*2 + 1);
  int i;
  for(i=0; i<n; i++){ z[i] = '['; z[n+i] = ']'; }
  z[2*n] = 0;
  return z;
}

/* True when xBug(j) dies through fatal() (exit status 1) in a child. */
static bool dies(void (*xBug)(struct json_w *)){
  int status = 0;
  pid_t pid;
  fflush(0);
  pid = fork();
  if( pid==0 ){
    struct buf b = BUF_INIT;
    struct json_w j;
    if( freopen("/dev/null", "w", stderr)==0 ) _exit(3);
    json_init(&j, &b);
    xBug(&j);
    _exit(0);
  }
  if( pid<0 || waitpid(pid, &status, 0)!=pid ) return false;
  return WIFEXITED(status) && WEXITSTATUS(status)==1;
}

/* Programming bugs the writer refuses. */
static void bug_key_in_array(struct json_w *j){ json_arr_open(j, 0); json_int(j, "k", 1); }
static void bug_no_key_in_object(struct json_w *j){ json_obj_open(j, 0); json_int(j, 0, 1); }
static void bug_key_at_top(struct json_w *j){ json_int(j, "k", 1); }
static void bug_mismatch(struct json_w *j){ json_obj_open(j, 0); json_arr_close(j); }
static void bug_close_top(struct json_w *j){ json_obj_close(j); }
static void bug_two_tops(struct json_w *j){ json_int(j, 0, 1); json_int(j, 0, 2); }
static void bug_unclosed(struct json_w *j){ json_arr_open(j, 0); json_finish(j); }
static void bug_too_deep(struct json_w *j){
  int i;
  for(i=0; i<=JSON_MAX_DEPTH; i++) json_arr_open(j, 0);
}
static void bug_none(struct json_w *j){ json_arr_open(j, 0); json_arr_close(j); json_finish(j); }

/* The writer. */
static void test_json_writer(void){
  struct buf b = BUF_INIT;
  struct json_w j;
  int i;

  json_init(&j, &b);
  json_obj_open(&j, 0);
  json_arr_open(&j, "items");
  for(i=1; i<=2; i++){
    json_obj_open(&j, 0);
    json_int(&j, "id", i);
    json_str(&j, "name", i==1 ? "梨树县第一中学" : 0);
    json_obj_close(&j);
  }
  json_arr_open(&j, 0);
  json_arr_close(&j);
  json_obj_open(&j, 0);
  json_obj_close(&j);
  json_bool(&j, 0, true);
  json_null_val(&j, 0);
  json_arr_close(&j);
  json_int(&j, "total", -9223372036854775807LL - 1);
  json_bool(&j, "ok", false);
  json_raw(&j, "raw", "[1,2]");
  json_obj_close(&j);
  json_finish(&j);
  CHECK_STR(b.buf, "{\"items\":[{\"id\":1,\"name\":\"梨树县第一中学\"},"
            "{\"id\":2,\"name\":null},[],{},true,null],"
            "\"total\":-9223372036854775808,\"ok\":false,\"raw\":[1,2]}");
  buf_reset(&b);

  /* escaping: quotes, backslash, control characters, </script>, & */
  json_init(&j, &b);
  json_arr_open(&j, 0);
  json_str(&j, 0, "引号\"\\\n\t\x01\x1f</script>&");
  json_strn(&j, 0, "a\0b", 3);
  json_strn(&j, 0, "bad\xC3\x28", 5);
  json_arr_close(&j);
  CHECK_STR(b.buf, "[\"引号\\\"\\\\\\n\\t\\u0001\\u001f\\u003c/script\\u003e\\u0026\","
            "\"a\\u0000b\",\"bad\xEF\xBF\xBD(\"]");
  buf_reset(&b);

  /* keys are escaped too */
  json_init(&j, &b);
  json_obj_open(&j, 0);
  json_str(&j, "k\"<", "v");
  json_obj_close(&j);
  CHECK_STR(b.buf, "{\"k\\\"\\u003c\":\"v\"}");
  buf_reset(&b);

  /* doubles: at most 15 significant digits */
  json_init(&j, &b);
  json_arr_open(&j, 0);
  json_double(&j, 0, 0.1);
  json_double(&j, 0, 16.47);
  json_double(&j, 0, 0.1 + 0.2);
  json_double(&j, 0, -2.5);
  json_double(&j, 0, 3.0);
  json_double(&j, 0, 1e21);
  json_double(&j, 0, 0.0/0.0);
  json_double(&j, 0, 1.0/0.0);
  json_arr_close(&j);
  CHECK_STR(b.buf, "[0.1,16.47,0.3,-2.5,3,1e+21,null,null]");
  buf_reset(&b);

  /* a top-level scalar */
  json_init(&j, &b);
  json_str(&j, 0, "x");
  json_finish(&j);
  CHECK_STR(b.buf, "\"x\"");
  buf_reset(&b);

  /* 64 levels are allowed */
  json_init(&j, &b);
  for(i=0; i<JSON_MAX_DEPTH; i++) json_arr_open(&j, 0);
  for(i=0; i<JSON_MAX_DEPTH; i++) json_arr_close(&j);
  json_finish(&j);
  CHECK_INT(b.len, 2*JSON_MAX_DEPTH);
  buf_reset(&b);

  CHECK(dies(bug_key_in_array));
  CHECK(dies(bug_no_key_in_object));
  CHECK(dies(bug_key_at_top));
  CHECK(dies(bug_mismatch));
  CHECK(dies(bug_close_top));
  CHECK(dies(bug_two_tops));
  CHECK(dies(bug_unclosed));
  CHECK(dies(bug_too_deep));
  CHECK(!dies(bug_none));

  /* the error body */
  json_error_body(&b, "invalid", "字段 name 必须是字符串", "name");
  CHECK_STR(b.buf, "{\"error\":{\"code\":\"invalid\","
            "\"message\":\"字段 name 必须是字符串\",\"field\":\"name\"}}");
  buf_reset(&b);
  json_error_body(&b, "not_found", "没有这个学校 <b>", 0);
  CHECK_STR(b.buf, "{\"error\":{\"code\":\"not_found\","
            "\"message\":\"没有这个学校 \\u003cb\\u003e\"}}");
  buf_release(&b);
}

/* The strict reader. */
static void test_json_reader(void){
  struct buf e = BUF_INIT;
  json_t *p;
  char *z;
  size_t n;

  p = parse("{\"学校\":\"城关镇第一小学\",\"n\":3}", &e);
  CHECK(p!=0);
  CHECK_STR(json_string_value(json_object_get(p, "学校")), "城关镇第一小学");
  json_decref(p);
  p = parse("[]", &e);
  CHECK(p!=0 && json_is_array(p));
  json_decref(p);

  CHECK(refused("{\"a\":\"\xC3\x28\"}", 9, "无效的UTF-8"));
  CHECK(refused("{\"a\":\"\xC3\x28\"}", 9, "第1行第7列（位置6）"));
  CHECK(refused("{\"a\":\"\xC0\xAF\"}", 9, "位置6"));
  CHECK(refused("[\"\xED\xA0\x80\"]", 6, "UTF-8"));
  CHECK(refused("[\"\xE5\xAD\"]", 5, "UTF-8"));
  CHECK(refused("{\"a\":1,\"a\":2}", 13, "对象中有重复的键"));
  CHECK(refused("{\"a\":1} x", 9, "JSON格式错误：第1行"));
  CHECK(refused("{\"a\":1} x", 9, "JSON值之后还有多余的内容"));
  CHECK(refused("[\"x\\u0000y\"]", 12, "\\u0000"));
  CHECK(refused("[\"\\ud800\"]", 10, "JSON格式错误"));
  CHECK(refused("[01]", 4, "JSON格式错误"));
  CHECK(refused("[9223372036854775808]", 21, "JSON格式错误"));
  CHECK(refused("[1,\n2,\n x]", 10, "第3行"));
  CHECK(refused("", 0, "JSON格式错误"));
  CHECK(refused("\"x\"", 3, "JSON格式错误"));     /* objects and arrays only */
  CHECK(refused("[\"a\0b\"]", 7, "JSON格式错误"));  /* raw NUL */

  /* the position: jansson stops after "tru", at the 8th character */
  p = parse("{\"a\":tru}", &e);
  CHECK(p==0);
  CHECK_STR(e.buf, "JSON格式错误：第1行第8列（位置7）：语法错误（检查引号、逗号、冒号和括号）");
  p = parse("{\"名称\":1,}", &e);
  CHECK(p==0);
  CHECK(str_starts(e.buf, "JSON格式错误：第1行第9列（位置12）："));
  p = json_parse_strict(0, 0, &e);
  CHECK(p==0);
  /* no English from the parser ever reaches a user */
  {
    static const char *const az[] = {
      "{\"a\":tru}", "{\"a\":1} x", "{\"a\":1,\"a\":2}", "[01]", "", "\"x\"",
      "[9223372036854775808]", "{\"a\"", "[\"x\\u0000y\"]", "{1:2}",
    };
    size_t i, k;
    for(i=0; i<COUNT(az); i++){
      bool bAscii = false;
      buf_reset(&e);
      p = json_parse_strict(az[i], strlen(az[i]), &e);
      CHECK(p==0);
      for(k=0; k+1<e.len; k++){
        if( e.buf[k]>='a' && e.buf[k]<='z' && e.buf[k+1]>='a' && e.buf[k+1]<='z' ) bAscii = true;
      }
      CHECK(!bAscii);
      if( bAscii ) fprintf(stderr, "english in: %s\n", e.buf);
    }
  }

  /* the position of invalid UTF-8 on line 2, column counted in characters */
  p = parse("{\"校\":\n \"\xFF\"}", &e);
  CHECK(p==0);
  CHECK_STR(e.buf, "JSON格式错误：第2行第3列（位置10）：无效的UTF-8字节 0xFF");

  /* nesting: 64 accepted, 65 refused before jansson sees it */
  z = nested(64);
  p = parse(z, &e);
  CHECK(p!=0);
  json_decref(p);
  free(z);
  z = nested(65);
  p = parse(z, &e);
  CHECK(p==0);
  CHECK_STR(e.buf, "JSON格式错误：第1行第65列（位置64）：嵌套超过64层");
  free(z);
  /* brackets inside strings do not count */
  p = parse("[\"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[\\\"[[\"]", &e);
  CHECK(p!=0);
  json_decref(p);

  /* size: 1 MiB accepted, 1 MiB + 1 refused */
  n = JSON_MAX_BODY;
  z = malloc(n + 2);
  memset(z, ' ', n + 1);
  z[0] = '['; z[n-1] = ']';
  z[n] = ' '; z[n+1] = 0;
  p = json_parse_strict(z, n, &e);
  CHECK(p!=0);
  json_decref(p);
  buf_reset(&e);
  p = json_parse_strict(z, n + 1, &e);
  CHECK(p==0);
  CHECK_STR(e.buf, "JSON请求体过大：1048577 字节，上限 1048576 字节");
  free(z);
  buf_release(&e);
}

/* The getters. */
static void test_json_getters(void){
  struct buf e = BUF_INIT;
  static const char *const azAllowed[] = { "name", "n", "ok", "none", 0 };
  static const char *const azFew[] = { "name", 0 };
  json_t *p;
  const char *z = "preset";
  i64 v = -1;
  bool b = false;

  p = parse("{\"name\":\"梨树县\",\"n\":42,\"ok\":true,\"none\":null}", &e);
  CHECK(p!=0);
  CHECK_INT(json_get_str(p, "name", true, &z, &e), 0);
  CHECK_STR(z, "梨树县");
  CHECK_INT(json_get_int(p, "n", true, &v, &e), 0);
  CHECK_INT(v, 42);
  CHECK_INT(json_get_bool(p, "ok", true, &b, &e), 0);
  CHECK(b);
  z = "default";
  CHECK_INT(json_get_str(p, "missing", false, &z, &e), 1);
  CHECK_STR(z, "default");
  CHECK_INT(json_get_str(p, "none", false, &z, &e), 1);
  CHECK_STR(e.buf, "");

  CHECK_INT(json_get_str(p, "n", true, &z, &e), -1);
  CHECK_STR(e.buf, "字段 n 必须是字符串");
  buf_reset(&e);
  CHECK_INT(json_get_int(p, "name", false, &v, &e), -1);
  CHECK_STR(e.buf, "字段 name 必须是整数");
  buf_reset(&e);
  CHECK_INT(json_get_bool(p, "n", false, &b, &e), -1);
  CHECK_STR(e.buf, "字段 n 必须是 true 或 false");
  buf_reset(&e);
  CHECK_INT(json_get_str(p, "missing", true, &z, &e), -1);
  CHECK_STR(e.buf, "缺少必填字段 missing");
  buf_reset(&e);
  CHECK_INT(json_get_int(p, "none", true, &v, &e), -1);
  CHECK_STR(e.buf, "缺少必填字段 none");
  buf_reset(&e);

  CHECK_INT(json_check_keys(p, azAllowed, &e), 0);
  CHECK_INT(json_check_keys(p, azFew, &e), -1);
  CHECK_STR(e.buf, "未知字段 n");
  json_decref(p);

  p = parse("{\"n\":1.5}", &e);
  CHECK_INT(json_get_int(p, "n", true, &v, &e), -1);
  CHECK_STR(e.buf, "字段 n 必须是整数");
  json_decref(p);
  p = parse("[1]", &e);
  CHECK_INT(json_get_str(p, "name", true, &z, &e), -1);
  CHECK_STR(e.buf, "请求体必须是JSON对象");
  buf_reset(&e);
  CHECK_INT(json_check_keys(p, azAllowed, &e), -1);
  json_decref(p);
  buf_release(&e);
}

void test_json(void){
  test_json_writer();
  test_json_reader();
  test_json_getters();
}
