/*
** school_year.c -- the checklist's turn of the year.
**
**   - the 法规股 starts a year's checklist template from the latest year
**     that has one, in one action (GET/POST /check-year/template?year=Y:
**     one transaction, one audit entry; each item is edited after as any
**     template row);
**   - a school sees 「本年度检查项目」 (GET/POST /check-year?year=&org_id=):
**     every item of the year's template listed with its result, each
**     filled in on the spot (a row of the check_item register, through the
**     kernel, so its rules and audit apply);
**   - the home page's items for both (alerts check.template, check.todo).
*/
#include "../../common.h"
#include "../../base/arena.h"
#include "../../base/buf.h"
#include "../../base/date.h"
#include "../../base/fmt.h"
#include "../../base/json.h"
#include "../../base/util.h"
#include "../../store/db.h"
#include "../../web/api.h"
#include "../../web/html.h"
#include "../../web/req.h"
#include "../../core/app.h"
#include "../../core/audit.h"
#include "../../core/cli.h"
#include "../../core/scope.h"
#include "school.h"

/* The year whose template the bureau should be preparing on day: the
** next one from 1 November, else this one. */
static int cy_target_year(int day){
  int y, m, d;
  date_ymd(day, &y, &m, &d);
  return m>=11 ? y+1 : y;
}

/* The latest year before y with a template, or 0. */
static int cy_source_year(int y){
  return db_int(0, "SELECT max(year) FROM check_tmpl WHERE year<?1", "i", (i64)y);
}

/* check.template: the coming year has no checklist template yet. */
void check_template_alert(const struct fig_scope *s, struct arena *ar, struct alert_list *pList){
  int y = cy_target_year(date_today()), yFrom;
  (void)s;
  if( db_exists("SELECT 1 FROM check_tmpl WHERE year=?1", "i", (i64)y) ) return;
  if( (yFrom = cy_source_year(y))==0 ) return;
  alert_add(pList, ar, ALERT_SOON, date_from_ymd(y, 1, 1),
            arena_printf(ar, "%d年度学校检查项目模板尚未制定：可按%d年度模板一键生成", y, yFrom),
            arena_printf(ar, "/check-year/template?year=%d", y));
}

/* check.todo: a school in scope with items of this year's template not
** filled in yet. */
void check_todo_alert(const struct fig_scope *s, struct arena *ar, struct alert_list *pList){
  struct stmt q;
  int y, m, d, nTmpl;
  date_ymd(date_today(), &y, &m, &d);
  if( s->year!=y ) return;
  nTmpl = db_int(0, "SELECT count(*) FROM check_tmpl WHERE year=?1", "i", (i64)y);
  if( nTmpl==0 ) return;
  db_prepare(&q, "SELECT o.id, o.name, (SELECT count(*) FROM check_item k JOIN check_tmpl t"
                 " ON t.year=k.year AND t.item=k.item WHERE k.org_id=o.id AND k.year=?2)"
                 " FROM org o WHERE o.path LIKE ?1 AND o.kind IN ('school','kindergarten')"
                 " AND (o.closed IS NULL OR o.closed>?3) ORDER BY o.sort_key, o.id");
  db_bind_text(&q, 1, s->zLike);
  db_bind_int64(&q, 2, y);
  db_bind_text(&q, 3, s->zAsOf);
  while( db_step(&q)==DB_ROW ){
    int nDone = (int)db_column_int64(&q, 2);
    if( nDone>=nTmpl ) continue;
    alert_add(pList, ar, ALERT_INFO, 0,
              arena_printf(ar, "%s 本年度检查项目还有%d项未填写（共%d项）", db_column_text(&q, 1),
                           nTmpl - nDone, nTmpl),
              arena_printf(ar, "/check-year?org_id=%lld", (long long)db_column_int64(&q, 0)));
  }
  db_finalize(&q);
}

/* Copy the template of year yFrom into year y (none there yet) in one
** transaction with one audit entry.  Returns the items copied, or -1 with
** a message in pErr. */
static int cy_copy(const struct actor *a, int yFrom, int y, struct buf *pErr){
  struct buf after = BUF_INIT;
  int n;
  i64 now = time_now();
  db_begin();
  if( db_exists("SELECT 1 FROM check_tmpl WHERE year=?1", "i", (i64)y) ){
    db_rollback();
    buf_appendf(pErr, "%d年度的检查项目模板已经有了，请在“检查项目模板”中逐项修改", y);
    return -1;
  }
  n = db_int(0, "SELECT count(*) FROM check_tmpl WHERE year=?1", "i", (i64)yFrom);
  if( n==0 ){
    db_rollback();
    buf_appendf(pErr, "%d年度没有检查项目模板可以沿用", yFrom);
    return -1;
  }
  db_exec("INSERT INTO check_tmpl(org_id, year, item, requirement, created_at, updated_at)"
          " SELECT org_id, ?1, item, requirement, ?2, ?2 FROM check_tmpl WHERE year=?3 ORDER BY id",
          "iii", (i64)y, now, (i64)yFrom);
  {
    /* one entry: the year, the items (by name) and where they came from,
    ** on the first new row */
    struct buf items = BUF_INIT;
    struct stmt q;
    char zId[24], *zJ, zNote[64];
    db_prepare(&q, "SELECT item FROM check_tmpl WHERE year=?1 ORDER BY id");
    db_bind_int64(&q, 1, y);
    while( db_step(&q)==DB_ROW ){
      buf_appendf(&items, "%s%s", items.len ? "、" : "", school_item_label(db_column_text(&q, 0)));
    }
    db_finalize(&q);
    snprintf(zId, sizeof(zId), "%lld",
             (long long)db_i64(0, "SELECT min(id) FROM check_tmpl WHERE year=?1", "i", (i64)y));
    snprintf(zNote, sizeof(zNote), "按%d年度模板生成，共%d项", yFrom, n);
    zJ = fmt_dup("{\"year\":%d,\"item\":%j,\"requirement\":%j}", y, items.buf ? items.buf : "",
                 zNote);
    buf_puts(&after, zJ);
    free(zJ);
    buf_release(&items);
    audit_write(a, "create", "check_tmpl", zId, 0, after.buf);
  }
  db_commit();
  buf_release(&after);
  return n;
}

/* The ?year= of r, or dflt; 0 when malformed. */
static int cy_year(struct req *r, int dflt){
  const char *z = req_param_trim(r, "year");
  i64 y;
  if( z==0 ) return dflt;
  if( str_to_i64(z, 2000, 2100, &y) ) return 0;
  return (int)y;
}

void check_year_template_page(struct req *r){
  struct actor a;
  struct buf err = BUF_INIT;
  int y = cy_year(r, cy_target_year(date_today())), yFrom;
  actor_from_req(&a, r);
  if( y==0 ){
    html_error_page(r, 400, "年度应为2000到2100之间的整数");
    return;
  }
  yFrom = cy_source_year(y);
  if( str_eq(r->zMethod, "POST") ){
    int n = cy_copy(&a, yFrom, y, &err);
    if( n>=0 ){
      req_redirect(r, arena_printf(r->arena, "/check-templates?year=%d&saved=1", y));
      buf_release(&err);
      return;
    }
    r->status = 409;
  }
  html_begin(r, arena_printf(r->arena, "生成%d年度检查项目模板", y), "/check-templates");
  if( err.len ) html_notice(r, "err", err.buf);
  if( db_exists("SELECT 1 FROM check_tmpl WHERE year=?1", "i", (i64)y) ){
    H(r, "<p>%d年度的检查项目模板已经制定。<a href='/check-templates?year=%d'>查看和修改</a></p>\n", y, y);
  }else if( yFrom==0 ){
    H(r, "<p>还没有任何年度的检查项目模板，请在<a href='/check-templates/new'>检查项目模板</a>中逐项新增。</p>\n");
  }else{
    struct stmt q;
    H(r, "<p>按%d年度的模板生成%d年度的检查项目模板，共%d项；生成后可逐项修改达标要求或删除。"
         "各学校随即在“本年度检查项目”中看到全部项目。</p>\n", yFrom, y,
      db_int(0, "SELECT count(*) FROM check_tmpl WHERE year=?1", "i", (i64)yFrom));
    H(r, "<ul>");
    db_prepare(&q, "SELECT item, requirement FROM check_tmpl WHERE year=?1 ORDER BY id");
    db_bind_int64(&q, 1, yFrom);
    while( db_step(&q)==DB_ROW ){
      const char *zLabel = school_item_label(db_column_text(&q, 0));
      H(r, "<li>%h%s%h</li>", zLabel, db_column_text(&q, 1) ? "：" : "",
        db_column_text(&q, 1) ? db_column_text(&q, 1) : "");
    }
    db_finalize(&q);
    H(r, "</ul><form method='post'>");
    html_csrf(r);
    H(r, "<input type='hidden' name='year' value='%d'>"
         "<button class='btn primary' type='submit'>按%d年度模板生成%d年度模板</button></form>\n",
      y, yFrom, y);
  }
  html_end(r);
  buf_release(&err);
}

/* The school whose checklist the page shows: ?org_id= in the actor's
** scope, else the actor's own unit when it is a school; 0 when none. */
static i64 cy_school(struct req *r, const struct actor *a, const char **pzName){
  const char *z = req_param_trim(r, "org_id");
  i64 id = 0;
  struct stmt q;
  *pzName = 0;
  if( z==0 || str_to_i64(z, 1, INT64_MAX, &id) ) id = a->orgId;
  db_prepare(&q, "SELECT id, name FROM org WHERE id=?1 AND path LIKE ?2"
                 " AND kind IN ('school','kindergarten')");
  db_bind_int64(&q, 1, id);
  db_bind_text(&q, 2, org_scope_like(r->arena, a));
  id = 0;
  if( db_step(&q)==DB_ROW ){
    id = db_column_int64(&q, 0);
    *pzName = db_column_dup(r->arena, &q, 1);
  }
  db_finalize(&q);
  return id;
}

/* Save one item of the year's checklist from the form (a new row, or the
** school's row of that item changed).  0, or -1 with the errors in e. */
static int cy_save(struct req *r, const struct actor *a, i64 org, int y, struct reg_err *e){
  const struct reg_def *d = &check_item_reg;
  const char **az = reg_values_alloc(r->arena, d);
  bool *abSet = arena_alloc(r->arena, sizeof(bool) * (size_t)d->nField);
  const char *zItem = req_param_trim(r, "item");
  static const char *const azKey[] = { "status", "checked_on", "checker", "note", 0 };
  i64 id, idNew;
  int i;
  memset(abSet, 0, sizeof(bool) * (size_t)d->nField);
  az[reg_field_index(d, "org_id")] = arena_printf(r->arena, "%lld", (long long)org);
  az[reg_field_index(d, "year")] = arena_printf(r->arena, "%d", y);
  az[reg_field_index(d, "item")] = zItem;
  for(i=0; azKey[i]; i++){
    int k = reg_field_index(d, azKey[i]);
    az[k] = req_param_trim(r, azKey[i]);
    abSet[k] = true;
  }
  id = db_i64(0, "SELECT id FROM check_item WHERE org_id=?1 AND year=?2 AND item=?3", "iit",
              org, (i64)y, zItem ? zItem : "");
  if( id ) return reg_update(d, a, id, az, abSet, e);
  return reg_create(d, a, az, &idNew, e);
}

void check_year_page(struct req *r){
  struct actor a;
  struct reg_err e;
  const char *zSchool, *zSaved = req_param_trim(r, "saved");
  char zToday[11];
  struct stmt q;
  int y = cy_year(r, 0), yy, mm, dd, nTmpl = 0, nDone = 0;
  i64 org;
  actor_from_req(&a, r);
  reg_err_init(&e, r->arena);
  date_ymd(date_today(), &yy, &mm, &dd);
  date_format(date_today(), zToday);
  if( y==0 ) y = yy;
  if( (org = cy_school(r, &a, &zSchool))==0 ){
    html_begin(r, "本年度检查项目", "/check-year");
    H(r, "<p>请从<a href='/compliance'>达标情况</a>中选择一所学校，查看它的本年度检查项目。</p>\n");
    html_end(r);
    return;
  }
  if( str_eq(r->zMethod, "POST") ){
    if( cy_save(r, &a, org, y, &e)==0 ){
      req_redirect(r, arena_printf(r->arena, "/check-year?org_id=%lld&year=%d&saved=%t#i-%t",
                                   (long long)org, y, req_param_trim(r, "item"),
                                   req_param_trim(r, "item")));
      return;
    }
    r->status = reg_err_status(e.eKind)==409 ? 409 : 422;
  }
  html_begin(r, arena_printf(r->arena, "%d年度检查项目", y), "/check-year");
  H(r, "<p>%h · %d年度（本年度检查项目）。逐项填写检查结果，每项单独保存。</p>\n", zSchool, y);
  if( zSaved && !str_eq(school_item_label(zSaved), zSaved) ){
    html_notice(r, "ok", arena_printf(r->arena, "已保存“%s”的检查结果", school_item_label(zSaved)));
  }
  if( e.n ) html_notice(r, "err", reg_err_text(&e));
  nTmpl = db_int(0, "SELECT count(*) FROM check_tmpl WHERE year=?1", "i", (i64)y);
  if( nTmpl==0 ){
    H(r, "<div class='empty'>%d年度的检查项目模板还没有制定，暂时无法填写。"
         "请联系法规股在“检查项目模板”中制定（可按上年模板一键生成）。</div>\n", y);
    html_end(r);
    return;
  }
  db_prepare(&q, "SELECT t.item, t.requirement, k.status, k.checked_on, k.checker, k.note"
                 " FROM check_tmpl t LEFT JOIN check_item k ON k.year=t.year AND k.item=t.item"
                 " AND k.org_id=?2 WHERE t.year=?1 ORDER BY t.id");
  db_bind_int64(&q, 1, y);
  db_bind_int64(&q, 2, org);
  H(r, "<div class='check-year'>");
  while( db_step(&q)==DB_ROW ){
    const char *zItem = db_column_text(&q, 0), *zLabel = school_item_label(zItem);
    const char *zStatus = db_column_text(&q, 2);
    const char *zPost = req_param_trim(r, "item");
    bool bMine = e.n && str_eq(zPost, zItem);   /* the item the refused form was for */
    const char *zDate = bMine ? req_param_trim(r, "checked_on") : db_column_text(&q, 3);
    const char *zChecker = bMine ? req_param_trim(r, "checker") : db_column_text(&q, 4);
    const char *zNote = bMine ? req_param_trim(r, "note") : db_column_text(&q, 5);
    if( bMine ) zStatus = req_param_trim(r, "status");
    if( db_column_text(&q, 2) ) nDone++;
    H(r, "<form method='post' class='check-row' id='i-%a'>", zItem);
    html_csrf(r);
    H(r, "<input type='hidden' name='item' value='%a'><input type='hidden' name='year' value='%d'>"
         "<input type='hidden' name='org_id' value='%lld'>", zItem, y, (long long)org);
    if( db_column_text(&q, 2)==0 ) H(r, "<h3>%h <span class='tag amber'>未填写</span></h3>", zLabel);
    else if( str_eq(db_column_text(&q, 2), "met") ) H(r, "<h3>%h <span class='tag green'>达标</span></h3>", zLabel);
    else H(r, "<h3>%h <span class='tag red'>未达标</span></h3>", zLabel);
    if( db_column_text(&q, 1) ) H(r, "<p class='hint'>达标要求：%h</p>", db_column_text(&q, 1));
    H(r, "<fieldset class='field'><legend>结果</legend>"
         "<label><input type='radio' name='status' value='met'%s> 达标</label> "
         "<label><input type='radio' name='status' value='unmet'%s> 未达标</label></fieldset>",
      str_eq(zStatus, "met") ? " checked" : "", str_eq(zStatus, "unmet") ? " checked" : "");
    H(r, "<div class='field'><label for='d-%a'>检查日期</label><input id='d-%a' type='date'"
         " name='checked_on' value='%a'></div>", zItem, zItem, zDate ? zDate : zToday);
    H(r, "<div class='field'><label for='c-%a'>检查人</label><input id='c-%a' name='checker'"
         " value='%a' maxlength='30'></div>", zItem, zItem, zChecker ? zChecker : "");
    H(r, "<div class='field'><label for='n-%a'>说明</label><input id='n-%a' name='note' value='%a'"
         " maxlength='300'><div class='hint'>未达标时写明缺什么</div></div>", zItem, zItem,
      zNote ? zNote : "");
    H(r, "<button class='btn primary' type='submit'>保存“%h”</button></form>\n", zLabel);
  }
  db_finalize(&q);
  H(r, "</div><p class='total'>共%d项，已填写%d项</p>\n", nTmpl, nDone);
  html_end(r);
}

static const char zNextYearUsage[] =
  "用法: fazhi check-template next-year [--year 年度]\n"
  "按最近一个已有模板的年度生成该年度（默认：11月起为下一年，否则为本年）的检查项目模板，"
  "一次完成，记一条审计；生成后可逐项修改。\n";

int check_template_cmd(int argc, char **argv){
  struct actor a;
  struct buf err = BUF_INIT;
  const char *zYear;
  char **av = argv+2;             /* av[0] the subcommand, as cli_finish reads it */
  int n = argc-2, y, yFrom, k;
  i64 v;
  if( argc<3 || !str_eq(argv[2], "next-year") ) return reg_cmd(argc, argv);
  if( cli_flag(&n, av, "--help") ){ printf("%s", zNextYearUsage); return 0; }
  zYear = cli_option(&n, av, "--year");
  if( cli_finish(n, av, 0, 0, zNextYearUsage) ) return 2;
  if( zYear && str_to_i64(zYear, 2000, 2100, &v) ){
    fprintf(stderr, "fazhi: --year 应为2000到2100之间的整数\n");
    return 2;
  }
  if( cli_open() ) return 1;
  actor_cli(&a);
  y = zYear ? (int)v : cy_target_year(date_today());
  yFrom = cy_source_year(y);
  if( (k = cy_copy(&a, yFrom, y, &err))<0 ){
    fprintf(stderr, "fazhi: %s\n", err.buf);
    buf_release(&err);
    return 1;
  }
  printf("已按%d年度模板生成%d年度检查项目模板，共%d项\n", yFrom, y, k);
  return 0;
}

void check_year_template_api(struct req *r){
  struct actor a;
  struct buf err = BUF_INIT;
  struct json_w j;
  int y = cy_year(r, cy_target_year(date_today())), yFrom, n;
  actor_from_req(&a, r);
  if( y==0 ){
    api_error(r, 400, "bad_param", "年度应为2000到2100之间的整数", "year");
    return;
  }
  yFrom = cy_source_year(y);
  if( (n = cy_copy(&a, yFrom, y, &err))<0 ){
    api_error(r, yFrom ? 409 : 422, yFrom ? "conflict" : "invalid", err.buf, "year");
    buf_release(&err);
    return;
  }
  r->status = 201;
  api_begin(r, &j);
  json_obj_open(&j, 0);
  json_int(&j, "year", y);
  json_int(&j, "from", yFrom);
  json_int(&j, "items", n);
  json_obj_close(&j);
}
