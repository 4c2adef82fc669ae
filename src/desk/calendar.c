/*
** calendar.c -- working-day calendar: stored years, page, API, commands.
*/
#include "../common.h"
#include <jansson.h>
#include "../base/arena.h"
#include "../base/buf.h"
#include "../base/calendar.h"
#include "../core/clock.h"
#include "../base/date.h"
#include "../base/json.h"
#include "../base/util.h"
#include "../base/value.h"
#include "../store/db.h"
#include "../web/api.h"
#include "../web/html.h"
#include "../web/req.h"
#include "../core/app.h"
#include "../core/audit.h"
#include "calendar.h"
#include "../core/scope.h"
#include "../core/cli.h"
#include "../reg/reg.h"

static int (*xCalChanged)(const struct actor *, struct buf *);

void cal_set_hook(int (*xChanged)(const struct actor *, struct buf *)){
  xCalChanged = xChanged;
}

/* Why an administrator below the top may not change the calendar. */
static const char zCalTopOnly[] =
  "国务院节假日安排全国统一：只有最上级单位的系统管理员可以修改工作日历";

/* Store one year (cal_store_year) with a note on why it changed, kept in
** the audit entry. */
static int cal_store_year_note(const struct actor *a, int year, const char *zText,
                               const char *zSource, const char *zNote, struct buf *pErr);

int cal_store_year(const struct actor *a, int year, const char *zText, const char *zSource,
                   struct buf *pErr){
  return cal_store_year_note(a, year, zText, zSource, 0, pErr);
}

static int cal_store_year_note(const struct actor *a, int year, const char *zText,
                               const char *zSource, const char *zNote, struct buf *pErr){
  struct calendar *c;
  char zYear[16];
  struct buf before = BUF_INIT, after = BUF_INIT;
  int rc;
  if( !org_scope_top(a) ){
    buf_puts(pErr, zCalTopOnly);
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
  if( xCalChanged && xCalChanged(a, pErr)<0 ){
    db_rollback();
    buf_release(&before);
    buf_release(&after);
    return -1;
  }
  {
    struct buf jb = BUF_INIT, ja = BUF_INIT;
    struct json_w j;
    json_init(&j, &jb); json_obj_open(&j, 0); json_str(&j, "tsv", before.len ? before.buf : 0); json_obj_close(&j);
    json_init(&j, &ja); json_obj_open(&j, 0); json_str(&j, "tsv", after.buf); json_str(&j, "source", zSource);
    if( zNote ) json_str(&j, "reason", zNote);
    json_obj_close(&j);
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

/* The source notice of a year: the "# 依据：" comment of its text
** (without the label), else the source stored on import, or NULL. */
static const char *cal_notice(struct arena *ar, int year, const char *zText){
  const char *z = zText ? strstr(zText, "# 依据：") : 0;
  if( z ){
    size_t n;
    z += strlen("# 依据：");
    n = strcspn(z, "\n");
    return arena_strndup(ar, z, n);
  }
  /* the source given on import, unless it is only a file name or address */
  z = db_text(ar, 0, "SELECT source FROM calendar_year WHERE year=?1", "d", year);
  if( z && z[0] && !strchr(z, '/') && !strstr(z, ".tsv") ) return z;
  return 0;
}

int cal_set_day(const struct actor *a, const char *zDay, const char *zKind,
                const char *zReason, const char *zNote, struct reg_err *e){
  struct calendar *c;
  struct buf text = BUF_INIT, out = BUF_INIT, err = BUF_INIT;
  struct arena *ar;
  int y = 0, m, d, day = 0, rc = -1;
  char zDate[11];
  const char *p, *zSource;
  bool bOff = str_eq(zKind, "off"), bWork = str_eq(zKind, "work"), bNone = str_eq(zKind, "none");
  if( !org_scope_top(a) ){
    reg_err_add(e, REG_EDENIED, 0, "%s", zCalTopOnly);
    return -2;
  }
  c = cal_current();
  ar = arena_new();
  /* a date typed with full-width digits is the same date */
  if( zDay ) zDay = value_fold_dup(ar, zDay, false);
  if( zDay==0 || zDay[0]==0 ){
    reg_err_add(e, REG_EINVALID, "day", "请填写日期");
  }else if( date_parse(zDay, &day) ){
    reg_err_add(e, REG_EINVALID, "day", "日期应为真实存在的日期（YYYY-MM-DD）");
  }else{
    date_ymd(day, &y, &m, &d);
    if( !calendar_has_year(c, y) ){
      reg_err_add(e, REG_EINVALID, "day", "日历中没有%d年，请先导入这一年的整年安排", y);
    }
  }
  if( !bOff && !bWork && !bNone ){
    reg_err_add(e, REG_EINVALID, "kind", "请选择这一天的安排：放假、调休上班或恢复为平常日");
  }else if( bWork && day && date_weekday(day)<5 ){
    date_format(day, zDate);
    reg_err_add(e, REG_EINVALID, "kind", "%s是%s，本来就是工作日；调休上班只能是周六或周日",
                zDate, date_weekday_name(day));
  }
  if( !bNone && (zReason==0 || zReason[0]==0) ){
    reg_err_add(e, REG_EINVALID, "reason", "请填写事由（如：国庆节、春节调休上班）");
  }else if( zReason && (strchr(zReason, '\t') || strchr(zReason, '\n')) ){
    reg_err_add(e, REG_EINVALID, "reason", "事由不能含制表符或换行");
  }
  if( zNote==0 || zNote[0]==0 ){
    reg_err_add(e, REG_EINVALID, "note", "请填写修改说明（依据的通知或更正的原因），它会记入审计日志");
  }
  if( e->n ) goto done;
  date_format(day, zDate);
  calendar_year_text(c, y, &text);
  /* the year's lines with this date's line replaced, added or dropped */
  p = text.buf;
  {
    bool bDone = false;
    while( *p ){
      size_t n = strcspn(p, "\n");
      bool bLine = n>=10 && p[0]!='#';
      int cmp = bLine ? strncmp(p, zDate, 10) : -1;
      if( !bDone && bLine && cmp>=0 ){
        if( !bNone ) buf_appendf(&out, "%s\t%s\t%s\n", zDate, bOff ? "off" : "work", zReason);
        bDone = true;
      }
      if( !(bLine && cmp==0) ){
        buf_append(&out, p, n);
        buf_putc(&out, '\n');
      }
      p += n;
      if( *p ) p++;
    }
    if( !bDone && !bNone ) buf_appendf(&out, "%s\t%s\t%s\n", zDate, bOff ? "off" : "work", zReason);
  }
  zSource = cal_notice(ar, y, text.buf);
  rc = cal_store_year_note(a, y, out.buf, zSource, zNote, &err);
  if( rc==-2 ) reg_err_add(e, REG_EDENIED, 0, "%s", err.buf);
  else if( rc ) reg_err_add(e, REG_EINVALID, bWork ? "kind" : "day", "%s", err.buf);
done:
  calendar_free(c);
  buf_release(&err);
  buf_release(&text);
  buf_release(&out);
  arena_free(ar);
  return rc;
}

/* The year as twelve month grids: rest days, holidays with their names,
** 调休 make-up workdays; each month lists its special days under it (a
** phone has no hover). */
static void cal_months(struct req *r, const struct calendar *c, int year){
  static const char *const azWeek[] = { "一", "二", "三", "四", "五", "六", "日" };
  int m;
  H(r, "<div class='months'>\n");
  for(m=1; m<=12; m++){
    int nDays = date_month_days(year, m), d, lead, i;
    int day1 = date_from_ymd(year, m, 1);
    struct buf notes = BUF_INIT;
    const char *zRun = 0;        /* reason of the run of special days open */
    int dRun = 0, dLast = 0;     /* its first and last day */
    bool bRunWork = false;
    H(r, "<section class='month' id='m%d'><h3>%d月</h3><table class='month'><thead><tr>", m, m);
    for(i=0; i<7; i++) H(r, "<th%s>%h</th>", i>=5 ? " class='we'" : "", azWeek[i]);
    H(r, "</tr></thead><tbody><tr>");
    lead = date_weekday(day1);
    for(i=0; i<lead; i++) H(r, "<td></td>");
    for(d=1; d<=nDays+1; d++){
      int day = day1 + d - 1, is = 1;
      const char *zReason = 0;
      const char *zClass, *zMark = "";
      if( d<=nDays ) calendar_is_workday(c, day, &is, &zReason, 0);
      /* close the run of special days when this day does not continue it */
      if( zRun && (zReason==0 || !str_eq(zReason, zRun) || (is!=0)!=bRunWork) ){
        buf_appendf(&notes, "<li><span class='mark %s'>%s</span> ", bRunWork ? "work" : "off",
                    bRunWork ? "班" : "休");
        if( dRun==dLast ) buf_appendf(&notes, "%d日", dRun);
        else buf_appendf(&notes, "%d日–%d日", dRun, dLast);
        buf_appendf(&notes, " %h</li>", zRun);
        zRun = 0;
      }
      if( d>nDays ) break;
      if( zReason && !is ){ zClass = "off"; zMark = "休"; }
      else if( zReason && is ){ zClass = "work"; zMark = "班"; }
      else if( !is ){ zClass = "rest"; }
      else{ zClass = ""; }
      if( date_weekday(day)==0 && d>1 ) H(r, "</tr><tr>");
      if( zReason ){
        H(r, "<td class='%a' title='%a'><span class='d'>%d</span><span class='mark'>%h</span></td>",
          zClass, zReason, d, zMark);
        if( zRun==0 ){ zRun = zReason; dRun = d; bRunWork = is!=0; }
        dLast = d;
      }else{
        H(r, "<td class='%a'><span class='d'>%d</span></td>", zClass, d);
      }
    }
    for(i=(lead + nDays)%7; i && i<7; i++) H(r, "<td></td>");
    H(r, "</tr></tbody></table>");
    if( notes.len ){
      H(r, "<ul class='days'>");
      html_raw(r, notes.buf);      /* built above; the reasons went through %h */
      H(r, "</ul>");
    }
    H(r, "</section>\n");
    buf_release(&notes);
  }
  H(r, "</div>\n");
}

void cal_page(struct req *r){
  struct calendar *c = cal_current();
  const char *zDate = req_param_trim(r, "date");
  const char *zN = req_param_trim(r, "n");
  const char *zYear = req_param_trim(r, "year");
  const char *zForm = req_param_trim(r, "form");
  struct buf err = BUF_INIT, explain = BUF_INIT, tsv = BUF_INIT;
  const char *zNotice;
  struct reg_err eDay;             /* the problems of the day form */
  int year = 0, y;
  i64 v;
  reg_err_init(&eDay, r->arena);
  if( zYear && str_to_i64(zYear, 2000, 2100, &v)==0 ) year = (int)v;
  if( year==0 ){
    int yToday, mm, dd;
    date_ymd(date_today(), &yToday, &mm, &dd);
    year = calendar_has_year(c, yToday) ? yToday : calendar_last_year(c);
  }
  if( strcmp(r->zMethod, "POST")==0 ){
    struct actor a;
    int rc, day = 0;
    actor_from_req(&a, r);
    if( str_eq(zForm, "day") ){
      rc = cal_set_day(&a, req_param_trim(r, "day"), req_param_trim(r, "kind"),
                       req_param_trim(r, "reason"), req_param_trim(r, "note"), &eDay);
      if( rc==-2 ) buf_puts(&err, eDay.a[0].zMsg);
      if( rc==0 ){
        int yy, mm, dd;
        date_parse(value_fold_dup(r->arena, req_param_trim(r, "day"), false), &day);
        date_ymd(day, &yy, &mm, &dd);
        calendar_free(c);
        buf_release(&err);
        req_redirect(r, arena_printf(r->arena, "/calendar?year=%d&saved=1#m%d", yy, mm));
        return;
      }
    }else{
      const char *zBody = req_param(r, "body");
      zForm = "year";
      rc = cal_store_year(&a, year, zBody ? zBody : "", req_param_trim(r, "source"), &err);
      if( rc==0 ){
        calendar_free(c);
        buf_release(&err);
        req_redirect(r, arena_printf(r->arena, "/calendar?year=%d&saved=1", year));
        return;
      }
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
  if( req_param_trim(r, "saved") && err.len==0 && eDay.n==0 ) html_notice(r, "ok", "保存成功");
  H(r, "<p>法定期限按国务院办公厅公布的节假日安排计算工作日（不含起算当日）：周六、周日和法定节假日不计，调休上班的周末计入。</p>\n");
  H(r, "<nav class='years' aria-label='年份'>");
  for(y=calendar_first_year(c); y && y<=calendar_last_year(c); y++){
    if( !calendar_has_year(c, y) ) continue;
    if( y==year ) H(r, "<a class='btn primary' aria-current='page' href='/calendar?year=%d'>%d年</a>", y, y);
    else H(r, "<a class='btn' href='/calendar?year=%d'>%d年</a>", y, y);
  }
  H(r, "</nav>\n");
  if( calendar_has_year(c, year) ) calendar_year_text(c, year, &tsv);
  H(r, "<h2>%d年节假日安排</h2>\n", year);
  if( !calendar_has_year(c, year) ){
    html_notice(r, "info", "日历中还没有这一年。系统管理员可在下方导入整年安排。");
  }else{
    zNotice = cal_notice(r->arena, year, tsv.buf);
    if( zNotice ) H(r, "<p class='source'>依据：%h</p>\n", zNotice);
    H(r, "<p class='legend'><span class='mark off'>休</span> 法定节假日放假 "
         "<span class='mark work'>班</span> 调休上班 <span class='swatch rest'></span> 周末休息</p>\n");
    cal_months(r, c, year);
  }

  H(r, "<h2>计算到期日</h2><form method='get' action='/calendar' class='toolbar'>");
  H(r, "<input type='hidden' name='year' value='%d'>", year);
  H(r, "<div class='field'><label for='f-date'>起算日期</label><input id='f-date' type='date' name='date' value='%a'></div>",
    zDate ? zDate : "");
  H(r, "<div class='field'><label for='f-n'>工作日数</label><input id='f-n' name='n' inputmode='numeric' value='%a'></div>",
    zN ? zN : "20");
  H(r, "<button class='btn' type='submit'>计算</button></form>\n");
  if( zDate ){
    int day, n, due;
    struct buf e2 = BUF_INIT;
    const char *zF2 = 0;
    if( parse_add(zDate, zN, &day, &n, &e2, &zF2)
     || clock_add_workdays(c, day, n, &due, &explain, &e2) ){
      html_notice(r, "err", e2.buf);
    }else{
      char z[11];
      date_format(due, z);
      H(r, "<p>到期日：<b>%h（%h）</b></p><details class='explain'><summary>逐日说明</summary>"
           "<pre class='explain'>%h</pre></details>\n", z, date_weekday_name(due), explain.buf);
    }
    buf_release(&e2);
  }

  if( r->pUser->mRoles & ROLE_ADMIN ){
    static const char *const azDayLabel[] = {
      "day", "日期", "kind", "安排", "reason", "事由", "note", "修改说明", 0
    };
    bool bDayErr = eDay.n>0;
    bool bYearErr = err.len && !str_eq(zForm, "day");
    const char *zKind = req_param_trim(r, "kind");
    const char *zErr;
    static const char *const azKindOpt[] = {
      "off", "放假", "work", "调休上班", "none", "恢复为平常日（删除这一天的安排）"
    };
    size_t i;
    H(r, "<h2 id='correct'>更正某一天</h2>\n");
    app_err_summary(r, &eDay, azDayLabel);
    H(r, "<form method='post' action='/calendar?year=%d#correct' class='dayform' novalidate>", year);
    html_csrf(r);
    H(r, "<input type='hidden' name='form' value='day'>");
    html_input(r, "day", "日期", "date", bDayErr ? req_param_trim(r, "day") : 0, true, 0,
               reg_err_of(&eDay, "day"));
    zErr = reg_err_of(&eDay, "kind");
    html_field_begin(r, "kind", "安排", true, zErr);
    H(r, "<select id='f-kind' name='kind'>");
    for(i=0; i<COUNT(azKindOpt); i+=2){
      H(r, "<option value='%a'%s>%h</option>", azKindOpt[i],
        bDayErr && str_eq(zKind, azKindOpt[i]) ? " selected" : "", azKindOpt[i+1]);
    }
    H(r, "</select>");
    html_field_end(r, "调休上班只能是周六或周日", zErr);
    html_input(r, "reason", "事由", "text", bDayErr ? req_param_trim(r, "reason") : 0, false,
               "如：国庆节、春节调休上班；恢复为平常日时不填", reg_err_of(&eDay, "reason"));
    html_input(r, "note", "修改说明", "text", bDayErr ? req_param_trim(r, "note") : 0, true,
               "依据的通知或更正的原因，记入审计日志", reg_err_of(&eDay, "note"));
    html_form_actions(r, "保存", arena_printf(r->arena, "/calendar?year=%d", year));
    H(r, "</form>\n");

    H(r, "<details class='import'%s><summary>导入整年安排</summary>\n", bYearErr ? " open" : "");
    if( bYearErr ) html_notice(r, "err", err.buf);
    H(r, "<form method='post' action='/calendar?year=%d'>", year);
    html_csrf(r);
    H(r, "<input type='hidden' name='form' value='year'>");
    H(r, "<div class='field'><label for='f-year'>年份</label><input id='f-year' name='year' value='%d' inputmode='numeric'></div>", year);
    H(r, "<div class='field'><label for='f-body'>每行：日期&lt;Tab&gt;off（放假）或 work（调休上班）&lt;Tab&gt;事由</label>"
         "<textarea id='f-body' name='body' rows='12'>%h</textarea></div>", tsv.buf);
    html_input(r, "source", "依据（通知名称和文号）", "text", 0, false, 0, 0);
    H(r, "<button class='primary' type='submit'>导入</button></form>\n"
         "<p class='hint'>新增下一年：把年份改为新年份，粘贴国务院办公厅通知的安排（每行一个日期）后导入。</p></details>\n");
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
  }else if( clock_add_workdays(c, day, n, &due, &explain, &err) ){
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
    if( clock_add_workdays(c, day, nDays, &due, bExplain ? &explain : 0, &err) ){
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

/* How the audit log shows a calendar year's entries (audit.h): the days
** added, changed or removed. */
static const struct audit_field aCalAuditField[] = {
  { "tsv", "", AF_DAYS, 0 },
  { "source", "依据", AF_TEXT, 0 },
  { "reason", "修改说明", AF_TEXT, 0 },
  { 0, 0, 0, 0 }
};
const struct audit_kind cal_audit_kind = {
  "calendar", "工作日历", "/calendar?year=%s", 0, 0, aCalAuditField
};
