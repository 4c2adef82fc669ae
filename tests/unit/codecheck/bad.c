/*
** bad.c -- codecheck fixture: each line marked with the BAD comment must be reported,
** and nothing else (not compiled).
*/
#include "../../../src/common.h"

static void bad(struct req *r, struct buf *b, struct arena *a, struct stmt *q,
                const char *zName, const char *zSql, const char *zFmt, int n){
  H(r, "<td>%s</td>", zName);                                  /* BAD */
  H(r, "<td>%d</td><td>%s</td>", n,
    zName);                                                    /* BAD */
  H(r, zFmt, zName);                                           /* BAD */
  H(r, "<td>%*s</td>", 4, zName);                              /* BAD */
  H(r, "<p>100%% %s</p>", zName);                              /* BAD */
  html_printf(r, "<b>" "%s" "</b>", zName ? zName : "");       /* BAD */
  req_printf(r, "%s", zName);                                  /* BAD */
  log_info("login %s", zName);                                 /* BAD */
  log_error(zFmt);                                             /* BAD */
  buf_appendf(b, "<li>%s</li>", zName);                        /* BAD */
  buf_appendf(b, "{\"name\":\"%s\"}", zName);                  /* BAD */
  arena_printf(a, "<i>%s</i>", zName);                         /* BAD */
  fmt_dup("\"k\":%s", zName);                                  /* BAD */
  buf_appendf(b, "%d %d", n);                                  /* BAD */
  buf_appendf(b, "%q", zName);                                 /* BAD */
  db_prepare(q, zSql);                                         /* BAD */
  db_exec(zSql, n);                                            /* BAD */
  n = db_int(0, fmt_dup("SELECT %d", n));                      /* BAD */
  n = db_i64(0, zSql);                                         /* BAD */
  zName = db_text(a, "", zSql, n);                             /* BAD */
  n = db_exists(zSql);                                         /* BAD */
  db_prepare(q,
    "SELECT * FROM org WHERE name='"                           /* BAD */
    + n);
}
