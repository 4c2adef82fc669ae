/*
** calendar.c -- working-day calendar: stored years, page, API, commands.
*/
#include "../common.h"
#include <jansson.h>
#include "../base/arena.h"
#include "../base/buf.h"
#include "../base/calendar.h"
#include "../base/date.h"
#include "../base/json.h"
#include "../base/util.h"
#include "../store/db.h"
#include "../web/api.h"
#include "../web/html.h"
#include "../web/req.h"
#include "app.h"
#include "audit.h"
#include "calendar.h"
#include "org.h"
#include "cli.h"

struct calendar *cal_current(void){
  struct calendar *c = calendar_new();
  struct stmt q;
  calendar_load_builtin(c);
  if( db_current()==0 ) return c;
  db_prepare(&q, "SELECT year, body FROM calendar_year ORDER BY year");
  while( db_step(&q)==DB_ROW ){
    struct buf err = BUF_INIT;
    const char *z = db_column_text(&q, 1);
    if( calendar_load_text(c, (int)db_column_int64(&q, 0), z, strlen(z), &err) ){
      warn("stored calendar year %lld is invalid: %s", (long long)db_column_int64(&q, 0), err.buf);
    }
    buf_release(&err);
  }
  db_finalize(&q);
  return c;
}

int cal_store_year(const struct actor *a, int year, const char *zText, const char *zSource,
                   struct buf *pErr){
  struct calendar *c;
  char zYear[16];
  struct buf before = BUF_INIT, after = BUF_INIT;
  int rc;
  if( !org_scope_top(a) ){
    buf_puts(pErr, "国务院节假日安排全国统一：只有最上级单位的系统管理员可以修改工作日历");
    return -2;
  }
  if( year<2000 || year>2100 ){
    buf_puts(pErr, "年份应在2000到2100之间");
    return -1;
  }
  c = cal_current();
  if( calendar_has_year(c, year) ) calendar_year_text(c, year, &before);
  rc = calendar_load_text(c, year, zText, strlen(zText), pErr);
  if( rc==0 ) calendar_year_text(c, year, &after);
  calendar_free(c);
  if( rc ) return -1;
  snprintf(zYear, sizeof(zYear), "%d", year);
  db_begin();
  db_exec("INSERT INTO calendar_year(year, body, source, updated_at) VALUES(?1, ?2, ?3, ?4)"
          " ON CONFLICT(year) DO UPDATE SET body=excluded.body, source=excluded.source,"
          "   updated_at=excluded.updated_at", "dtti", year, zText, zSource ? zSource : "",
          time_now());
  {
    struct buf jb = BUF_INIT, ja = BUF_INIT;
    struct json_w j;
    json_init(&j, &jb); json_obj_open(&j, 0); json_str(&j, "tsv", before.len ? before.buf : 0); json_obj_close(&j);
    json_init(&j, &ja); json_obj_open(&j, 0); json_str(&j, "tsv", after.buf); json_str(&j, "source", zSource); json_obj_close(&j);
    audit_write(a, before.len ? "update" : "create", "calendar", zYear, before.len ? jb.buf : 0, ja.buf);
    buf_release(&jb);
    buf_release(&ja);
  }
  db_commit();
  buf_release(&before);
  buf_release(&after);
  return 0;
}

/* Parse "YYYY-MM-DD" and "N" for add-days; -1 with message and field. */
static int parse_add(const char *zDate, const char *zN, int *pDay, int *pN,
                     struct buf *pErr, const char **pzField){
  i64 n;
  if( zDate==0 || date_parse(zDate, pDay) ){
    *pzField = "date";
    buf_puts(pErr, "日期格式应为 YYYY-MM-DD，且是真实存在的日期");
    return -1;
  }
  if( zN==0 || str_to_i64(zN, 0, 3650, &n) ){
    *pzField = "n";
    buf_puts(pErr, "工作日数应为0到3650的整数");
    return -1;
  }
  *pN = (int)n;
  return 0;
}

void cal_page(struct req *r){
  struct calendar *c = cal_current();
  const char *zDate = req_param_trim(r, "date");
  const char *zN = req_param_trim(r, "n");
  const char *zYear = req_param_trim(r, "year");
  struct buf err = BUF_INIT, explain = BUF_INIT, tsv = BUF_INIT;
  const char *zField = 0;
  int year = 0, y;
  i64 v;
  if( zYear && str_to_i64(zYear, 2000, 2100, &v)==0 ) year = (int)v;
  if( year==0 ) year = calendar_last_year(c);
  if( strcmp(r->zMethod, "POST")==0 ){
    struct actor a;
    const char *zBody = req_param(r, "body");
    actor_from_req(&a, r);
    int rc = cal_store_year(&a, year, zBody ? zBody : "", req_param_trim(r, "source"), &err);
    if( rc==0 ){
      calendar_free(c);
      req_redirect(r, arena_printf(r->arena, "/calendar?year=%d", year));
      buf_release(&err);
      return;
    }
    if( rc==-2 ){
      calendar_free(c);
      audit_write_now(&a, "denied", "calendar", zYear ? zYear : "", 0, "{\"reason\":\"scope\"}");
      html_error_page(r, 403, err.buf);
      buf_release(&err);
      return;
    }
    r->status = 422;
  }
  html_begin(r, "工作日历", "/calendar");
  H(r, "<p>法定期限按国务院节假日安排计算工作日（不含起算当日）。已载入：");
  for(y=calendar_first_year(c); y && y<=calendar_last_year(c); y++){
    if( calendar_has_year(c, y) ) H(r, "<a href='/calendar?year=%d'>%d年</a> ", y, y);
  }
  H(r, "</p>\n<h2>计算到期日</h2><form method='get' action='/calendar' class='toolbar'>");
  H(r, "<div class='field'><label for='f-date'>起算日期</label><input id='f-date' type='date' name='date' value='%a'></div>",
    zDate ? zDate : "");
  H(r, "<div class='field'><label for='f-n'>工作日数</label><input id='f-n' name='n' inputmode='numeric' value='%a'></div>",
    zN ? zN : "20");
  H(r, "<button class='btn' type='submit'>计算</button></form>\n");
  if( zDate ){
    int day, n, due;
    struct buf e2 = BUF_INIT;
    if( parse_add(zDate, zN, &day, &n, &e2, &zField)
     || calendar_add_workdays(c, day, n, &due, &explain, &e2) ){
      html_notice(r, "err", e2.buf);
    }else{
      char z[11];
      date_format(due, z);
      H(r, "<p>到期日：<b>%h（%h）</b></p><pre class='explain'>%h</pre>\n", z,
        date_weekday_name(due), explain.buf);
    }
    buf_release(&e2);
  }
  if( calendar_has_year(c, year) ) calendar_year_text(c, year, &tsv);
  H(r, "<h2>%d年节假日安排</h2>\n", year);
  if( r->pUser->mRoles & ROLE_ADMIN ){
    if( err.len ) html_notice(r, "err", err.buf);
    H(r, "<form method='post' action='/calendar?year=%d'>", year);
    html_csrf(r);
    H(r, "<div class='field'><label for='f-year'>年份</label><input id='f-year' name='year' value='%d' inputmode='numeric'></div>", year);
    H(r, "<div class='field'><label for='f-body'>每行：日期&lt;Tab&gt;off（放假）或 work（调休上班）&lt;Tab&gt;事由</label>"
         "<textarea id='f-body' name='body' rows='16'>%h</textarea></div>", tsv.buf);
    html_input(r, "source", "依据（通知名称、文号或网址）", "text", "", false, 0, 0);
    H(r, "<button class='primary' type='submit'>保存</button></form>\n"
         "<p class='hint'>新增下一年：把年份改为新年份，粘贴国务院办公厅通知的安排（每行一个日期）后保存。</p>");
  }else{
    H(r, "<pre class='explain'>%h</pre>\n", tsv.buf);
  }
  html_end(r);
  calendar_free(c);
  buf_release(&err);
  buf_release(&explain);
  buf_release(&tsv);
}

/* The year of the URL (:year), or 0. */
static int path_year(struct req *r){
  i64 v;
  if( r->nPathArg<1 || str_to_i64(r->azPathArg[0], 2000, 2100, &v) ) return 0;
  return (int)v;
}

void cal_year_api(struct req *r){
  struct calendar *c = cal_current();
  int year = path_year(r);
  struct buf tsv = BUF_INIT;
  struct json_w j;
  if( year==0 || !calendar_has_year(c, year) ){
    api_error(r, 404, "not_found", "日历中没有这一年", 0);
  }else{
    calendar_year_text(c, year, &tsv);
    api_begin(r, &j);
    json_obj_open(&j, 0);
    json_int(&j, "year", year);
    json_str(&j, "tsv", tsv.buf);
    json_obj_close(&j);
  }
  buf_release(&tsv);
  calendar_free(c);
}

void cal_put_year_api(struct req *r){
  struct actor a;
  struct buf err = BUF_INIT;
  const char *zTsv = 0, *zSource = 0;
  static const char *const azAllowed[] = { "tsv", "source", 0 };
  int year = path_year(r);
  int rc;
  const char *zField = 0;
  json_t *p;
  if( year==0 ){
    api_error(r, 400, "bad_param", "年份应为2000到2100之间的整数", "year");
    return;
  }
  if( (p = api_body(r))==0 ) return;
  actor_from_req(&a, r);
  if( json_check_keys(p, azAllowed, &err)<0
   || json_get_str(p, (zField = "tsv"), true, &zTsv, &err)<0
   || json_get_str(p, (zField = "source"), false, &zSource, &err)<0 ){
    if( str_starts(err.buf, "未知字段 ") ) zField = err.buf + strlen("未知字段 ");
    api_error(r, 400, "bad_field", err.buf, zField);
  }else if( (rc = cal_store_year(&a, year, zTsv, zSource, &err))==-2 ){
    char zYear[16];
    snprintf(zYear, sizeof(zYear), "%d", year);
    audit_write_now(&a, "denied", "calendar", zYear, 0, "{\"reason\":\"scope\"}");
    api_error(r, 403, "forbidden", err.buf, 0);
  }else if( rc ){
    api_error(r, 422, "invalid", err.buf, "tsv");
  }else{
    cal_year_api(r);
  }
  json_decref(p);
  buf_release(&err);
}

void cal_add_days_api(struct req *r){
  struct calendar *c = cal_current();
  struct buf err = BUF_INIT, explain = BUF_INIT;
  const char *zField = 0;
  int day, n, due;
  if( parse_add(req_param_trim(r, "date"), req_param_trim(r, "n"), &day, &n, &err, &zField) ){
    api_error(r, 400, "bad_param", err.buf, zField);
  }else if( calendar_add_workdays(c, day, n, &due, &explain, &err) ){
    api_error(r, 422, "out_of_calendar", err.buf, "n");
  }else{
    struct json_w j;
    char z[11];
    date_format(due, z);
    api_begin(r, &j);
    json_obj_open(&j, 0);
    json_str(&j, "start", req_param_trim(r, "date"));
    json_int(&j, "workdays", n);
    json_str(&j, "due", z);
    json_str(&j, "explain", explain.buf);
    json_obj_close(&j);
  }
  calendar_free(c);
  buf_release(&err);
  buf_release(&explain);
}

static const char zCalUsage[] =
  "用法: fazhi calendar show YEAR\n"
  "      fazhi calendar add-days DATE N [--explain]\n"
  "      fazhi calendar import FILE --year YEAR [--source 依据]\n"
  "add-days 打印 DATE 之后第 N 个工作日（不含起算当日）；--explain 逐日说明计或跳过的原因。\n"
  "超出已载入年份时拒绝计算。import 的文件每行：日期<Tab>off|work<Tab>事由。\n";

int cal_cmd(int argc, char **argv){
  struct buf err = BUF_INIT;
  struct calendar *c;
  int n = argc-2;
  char **av = argv+2;
  if( argc<3 ) return cli_usage(zCalUsage);
  if( str_eq(argv[2], "--help") ){ printf("%s", zCalUsage); return 0; }
  if( str_eq(argv[2], "show") ){
    i64 year;
    struct buf tsv = BUF_INIT;
    if( cli_finish(n, av, 1, 1, zCalUsage) ) return 2;
    if( str_to_i64(av[1], 2000, 2100, &year) ){
      fprintf(stderr, "fazhi: 年份应为2000到2100的整数\n");
      return 2;
    }
    if( cli_open() ) return 1;
    c = cal_current();
    if( !calendar_has_year(c, (int)year) ){
      fprintf(stderr, "fazhi: 日历未载入%lld年\n", (long long)year);
      calendar_free(c);
      return 1;
    }
    calendar_year_text(c, (int)year, &tsv);
    fputs(tsv.buf, stdout);
    buf_release(&tsv);
    calendar_free(c);
    return 0;
  }
  if( str_eq(argv[2], "add-days") ){
    bool bExplain = cli_flag(&n, av, "--explain");
    struct buf explain = BUF_INIT;
    const char *zField;
    int day, nDays, due;
    char z[11];
    if( cli_finish(n, av, 2, 2, zCalUsage) ) return 2;
    if( parse_add(av[1], av[2], &day, &nDays, &err, &zField) ){
      fprintf(stderr, "fazhi: %s\n", err.buf);
      return 2;
    }
    if( cli_open() ) return 1;
    c = cal_current();
    if( calendar_add_workdays(c, day, nDays, &due, bExplain ? &explain : 0, &err) ){
      fprintf(stderr, "fazhi: %s\n", err.buf);
      calendar_free(c);
      return 1;
    }
    if( bExplain ) fputs(explain.buf, stdout);
    printf("%s\n", date_format(due, z));
    buf_release(&explain);
    calendar_free(c);
    return 0;
  }
  if( str_eq(argv[2], "import") ){
    const char *zYear = cli_option(&n, av, "--year");
    const char *zSource = cli_option(&n, av, "--source");
    struct buf text = BUF_INIT;
    struct actor a;
    i64 year;
    FILE *f;
    char chunk[4096];
    size_t k;
    if( cli_finish(n, av, 1, 1, zCalUsage) ) return 2;
    if( zYear==0 || str_to_i64(zYear, 2000, 2100, &year) ){
      fprintf(stderr, "fazhi: calendar import 需要 --year YEAR\n");
      return 2;
    }
    f = fopen(av[1], "rb");
    if( f==0 ){
      fprintf(stderr, "fazhi: 无法打开 %s：%s\n", av[1], strerror(errno));
      return 1;
    }
    while( (k = fread(chunk, 1, sizeof(chunk), f))>0 && text.len < 1<<20 ) buf_append(&text, chunk, k);
    fclose(f);
    if( cli_open() ){ buf_release(&text); return 1; }
    actor_cli(&a);
    if( cal_store_year(&a, (int)year, text.buf, zSource ? zSource : av[1], &err) ){
      fprintf(stderr, "fazhi: %s\n", err.buf);
      buf_release(&text);
      return 1;
    }
    printf("已载入%lld年节假日安排\n", (long long)year);
    buf_release(&text);
    return 0;
  }
  fprintf(stderr, "fazhi: 未知的 calendar 子命令 %s\n", argv[2]);
  return cli_usage(zCalUsage);
}
