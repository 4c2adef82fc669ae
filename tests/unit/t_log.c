/*
** t_log.c -- tests of log: line shape, escaping, levels.
*/
#include "test.h"
#include "../../src/base/buf.h"
#include "../../src/base/log.h"

/* log_format() with the arguments as a list. */
static void fmt_line(struct buf *b, int eLevel, i64 t, int ms, const char *zFmt, ...){
  va_list ap;
  va_start(ap, zFmt);
  log_format(b, eLevel, t, ms, zFmt, ap);
  va_end(ap);
}

void test_log(void){
  struct buf b = BUF_INIT;
  char *zBig;
  int eSaved;

  fmt_line(&b, LOG_INFO, 1714550400, 123, "用户 %j 登录，%d 次", "张三", 2);
  CHECK_STR(b.buf, "2024-05-01T08:00:00.123Z INFO 用户 \"张三\" 登录，2 次\n");
  buf_reset(&b);

  /* a newline in data cannot start a line of its own */
  fmt_line(&b, LOG_WARN, 0, 0, "login %s", "x\n1970-01-01T00:00:00.000Z ERROR forged\\");
  CHECK_STR(b.buf, "1970-01-01T00:00:00.000Z WARN login "
            "x\\x0a1970-01-01T00:00:00.000Z ERROR forged\\x5c\n");
  buf_reset(&b);
  fmt_line(&b, LOG_ERROR, 0, 7, "%s", "\r\x1b[31m\x7f\xC3\x28");
  CHECK_STR(b.buf, "1970-01-01T00:00:00.007Z ERROR \\x0d\\x1b[31m\\x7f\\xc3(\n");
  buf_reset(&b);

  zBig = malloc(LOG_MAX_MESSAGE + 10);
  memset(zBig, 'a', LOG_MAX_MESSAGE + 9);
  zBig[LOG_MAX_MESSAGE + 9] = 0;
  fmt_line(&b, LOG_DEBUG, 0, 0, "%s", zBig);
  CHECK_INT(b.len, 31 + LOG_MAX_MESSAGE + strlen("…") + 1);
  CHECK(strstr(b.buf, " DEBUG aaa")!=0);
  free(zBig);
  buf_release(&b);

  CHECK_INT(log_level_from_name("debug"), LOG_DEBUG);
  CHECK_INT(log_level_from_name("error"), LOG_ERROR);
  CHECK_INT(log_level_from_name("loud"), -1);
  CHECK_INT(log_level_from_name(0), -1);
  eSaved = log_level();
  log_set_level(LOG_ERROR);
  CHECK_INT(log_level(), LOG_ERROR);
  log_info("%s", "not shown at level error");
  log_set_level(eSaved);
}
