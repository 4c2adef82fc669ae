/*
** good.c -- codecheck fixture: every call here is fine (not compiled).
** A call in a comment is not a call: H(r, "<td>%s</td>", zName);
*/
#include "../../../src/common.h"
#define LOG_TWICE(z) log_info("%s", z)      /* preprocessor lines are skipped */

/* Declarations and definitions are not calls. */
void H(struct req *r, const char *zFmt, ...);
char *fmt_dup(const char *zFmt, ...);
int db_exec(const char *zSql, ...);
void log_info(const char *zFmt, ...){ (void)zFmt; }

static void good(struct req *r, struct buf *b, struct arena *a, struct stmt *q,
                 const char *zName, int n, i64 id){
  const char *z = "db_exec(zSql)";          /* inside a string */
  char c = '(';
  H(r, "<td>%h</td><td>%d</td>", zName, n);
  H(r, "<a href='/org/%t' title='%a'>%h</a>", zName, zName, zName);
  H(r, "<td>%s</td>", "literal markup");
  H(r, "<td class='%s'>%h</td>",
    "odd",
    zName);
  H(r, "<p>100%% %h</p>", zName);
  H(r, "<td>%*d|%.*s</td>", 4, n, 3, "abc");
  html_printf(r, "<span>" "%h" "</span>", zName);
  buf_appendf(b, "%s/%s.db", zName, z);      /* general text: %s is fine */
  buf_appendf(b, "{\"name\":%j,\"n\":%d}", zName, n);
  buf_appendf(b, "<li>%h</li>", fmt_dup("%s-%d", zName, n));
  arena_printf(a, "%s第%d小学", zName, n);
  log_info("用户 %j 登录", zName);
  log_warn("%s: %d", "literal", (int)sizeof(c));
  log_error(u8"失败 %lld", (long long)id);
  req_printf(r, "%zu", sizeof(int));
  if( n ) log_debug("x");
  else log_debug("y %d", n);
  db_prepare(q,
    "SELECT id, name"
    "  FROM org"
    " WHERE id=?1", id);
  db_exec("DELETE FROM org WHERE id=?1", id);
  n = db_int(0, "SELECT count(*) FROM org WHERE name=?1", zName);
  z = db_text(a, "", "SELECT name FROM org WHERE id=?1", id);
  n = db_exists("SELECT 1 FROM org WHERE id=?1", id);
  id = db_i64(-1, "SELECT max(id) FROM org");
  (void)z;
}

/* return before a call is still a call */
static int good2(void){
  return db_exec("VACUUM");
}
