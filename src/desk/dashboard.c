/*
** dashboard.c -- the year at a glance (the home page), and the figure
** registry's outlets: GET /api/v1/figures, `fazhi figures`, and the list
** of the records behind each figure (/figures/:key), which every card and
** every number of the HTML report links to.
**
** Everything here reads the registry (reg/figure.h); no other area's
** header is included.  The scope is the signed-in user's (a school user
** sees their school), or a unit in it named by ?org=.
*/
#include "../common.h"
#include "../base/arena.h"
#include "../base/buf.h"
#include "../base/date.h"
#include "../base/json.h"
#include "../base/util.h"
#include "../office/chart.h"
#include "../reg/figure.h"
#include "../store/db.h"
#include "../web/api.h"
#include "../web/cache.h"
#include "../web/html.h"
#include "../web/req.h"
#include "../core/app.h"
#include "../core/cli.h"
#include "../core/scope.h"
#include "dashboard.h"

/* The scope for figures: the org zOrg (id or name) inside a's scope, or
** a's whole scope when zOrg is NULL.  NULL (message in pErr) when zOrg is
** not in scope. *pName gets the org's name (or NULL). */
static char *figure_scope(struct arena *ar, const struct actor *a, const char *zOrg,
                          const char **pName, struct buf *pErr){
  char *zLike = org_scope_like(ar, a);
  struct stmt q;
  char *zPath = 0;
  i64 id;
  *pName = 0;
  if( zOrg==0 ) return zLike;
  db_prepare(&q, "SELECT path, name FROM org"
                 " WHERE (id=?1 OR (?1=0 AND name=?2)) AND path LIKE ?3 ORDER BY id LIMIT 1");
  if( str_to_i64(zOrg, 1, INT64_MAX, &id) ) id = 0;
  db_bind_int64(&q, 1, id);
  db_bind_text(&q, 2, zOrg);
  db_bind_text(&q, 3, zLike);
  if( db_step(&q)==DB_ROW ){
    zPath = arena_printf(ar, "%s%%", db_column_text(&q, 0));
    *pName = db_column_dup(ar, &q, 1);
  }
  db_finalize(&q);
  if( zPath==0 ) buf_appendf(pErr, "单位“%s”不存在或不在您的管理范围内", zOrg);
  return zPath;
}

/* Parse year and as-of from text (either may be NULL): the year defaults
** to the as-of day's, else this year; the as-of day to today within the
** year, else the year's last day.  -1 with a message on bad input. */
static int year_as_of(const char *zYear, const char *zAsOf, int *pYear, int *pAsOf,
                      struct buf *pErr){
  i64 y = 0;
  int iY, m, d, today = date_today();
  *pAsOf = 0;
  if( zYear && str_to_i64(zYear, 2000, 2100, &y) ){
    buf_puts(pErr, "年度应为2000到2100之间的整数");
    return -1;
  }
  if( zAsOf && date_parse(zAsOf, pAsOf) ){
    buf_appendf(pErr, "数据截至日期“%s”无效，应为 YYYY-MM-DD", zAsOf);
    return -1;
  }
  if( y==0 ){
    date_ymd(*pAsOf ? *pAsOf : today, &iY, &m, &d);
    y = iY;
  }
  if( *pAsOf==0 ){
    date_ymd(today, &iY, &m, &d);
    *pAsOf = iY==y ? today : date_from_ymd((int)y, 12, 31);
  }
  *pYear = (int)y;
  return 0;
}

/* The year, as-of day and scope of a request for figures (?year= ?as_of=
** ?org=, as year_as_of and figure_scope read them) into *pYear, *pAsOf,
** *pzOrgName; the LIKE pattern of the scope, or NULL with the reply sent:
** 400 for a bad year or day, 404 for an org out of scope, as an error page
** or (bApi) the API's error shape. */
static char *figure_req_scope(struct req *r, const struct actor *a, bool bApi, int *pYear,
                              int *pAsOf, const char **pzOrgName){
  struct buf err = BUF_INIT;
  char *zLike = 0;
  if( year_as_of(req_param_trim(r, "year"), req_param_trim(r, "as_of"), pYear, pAsOf, &err) ){
    if( bApi ) api_error(r, 400, "bad_param", err.buf, strstr(err.buf, "年度") ? "year" : "as_of");
    else html_error_page(r, 400, err.buf);
  }else if( (zLike = figure_scope(r->arena, a, req_param_trim(r, "org"), pzOrgName, &err))==0 ){
    if( bApi ) api_error(r, 404, "not_found", err.buf, "org");
    else html_error_page(r, 404, err.buf);
  }
  buf_release(&err);
  return zLike;
}

/* The link to the records of figure f for the scope. */
static char *fig_link(struct arena *ar, const struct figure *f, int year, const char *zAsOf,
                      const char *zOrg){
  return arena_printf(ar, "/figures/%t?year=%d&as_of=%t%s%t", f->zKey, year, zAsOf,
                      zOrg ? "&org=" : "", zOrg ? zOrg : "");
}

/* ---- the home page ---- */

/* The chart of the count figures, this year against last (SVG by the
** server). */
static void dash_chart(struct req *r, int n, const struct figure **apFig, const double *aNow,
                       const double *aLast, int year){
  const char *azCat[CHART_MAX_CATS];
  struct chart_series aSer[2];
  struct chart c;
  struct buf svg = BUF_INIT, err = BUF_INIT;
  int i;
  if( n==0 ) return;
  for(i=0; i<n && i<CHART_MAX_CATS; i++) azCat[i] = apFig[i]->zLabel;
  aSer[0].zName = arena_printf(r->arena, "%d年", year-1);
  aSer[0].aValue = aLast;
  aSer[1].zName = arena_printf(r->arena, "%d年", year);
  aSer[1].aValue = aNow;
  memset(&c, 0, sizeof(c));
  c.eType = CHART_BAR;
  c.zTitle = "主要数据（数量）";
  c.nCat = n;
  c.azCat = azCat;
  c.nSeries = 2;
  c.aSeries = aSer;
  c.bInteger = true;
  if( chart_svg(&c, 640, 280, &svg, &err)==0 ){
    H(r, "<div class='chart'>");
    html_raw(r, svg.buf);          /* drawn by chart_svg, every label escaped there */
    H(r, "</div>\n");
  }
  buf_release(&svg);
  buf_release(&err);
}

void dashboard_page(struct req *r){
  struct req_user *u = r->pUser;
  struct actor a;
  struct fig_scope s, sLast;
  struct alert_list al;
  const char *zOrgName;
  char *zLike;
  int year, iAsOf, i, nFig = figure_count(), nCount = 0;
  const struct figure **apCount = arena_alloc(r->arena, sizeof(void *) * (size_t)(nFig+1));
  double *aNow = arena_alloc(r->arena, sizeof(double) * (size_t)(nFig+1));
  double *aLast = arena_alloc(r->arena, sizeof(double) * (size_t)(nFig+1));
  const char *zOrg = req_param_trim(r, "org"), *zType;
  char *zKey;
  size_t nStart;
  i64 nOrg;
  actor_from_req(&a, r);
  if( (zLike = figure_req_scope(r, &a, false, &year, &iAsOf, &zOrgName))==0 ) return;
  fig_scope_init(&s, r->arena, year, iAsOf, zLike);
  fig_scope_init(&sLast, r->arena, year-1, 0, zLike);
  html_begin(r, "工作台", "/");
  H(r, "<p>%h，您好。您的角色：%h。</p>\n", u->zName, role_names(r->arena, u->mRoles));
  H(r, "<form method='get' class='toolbar'><div class='field'><label for='f-year'>年度</label>"
       "<input id='f-year' name='year' value='%d' size='6'></div>"
       "<div class='field'><label for='f-asof'>数据截至</label>"
       "<input id='f-asof' type='date' name='as_of' value='%a'></div>"
       "<button class='btn' type='submit'>查看</button></form>\n", year, s.zAsOf);
  /* the figures, chart and alerts depend on the scope, the year, the day
  ** and the data only: kept per data generation (web/cache.h) */
  zKey = arena_printf(r->arena, "dashboard|%s|%s|%d|%s|%d", a.zOrgPath ? a.zOrgPath : "", zLike,
                      year, s.zAsOf, (u->mRoles & (ROLE_LEADER|ROLE_LEGAL)) ? 1 : 0);
  if( (u->mRoles & ROLE_ADMIN) && db_exists("SELECT 1 FROM org WHERE demo=1", "") ){
    /* the administrator removes the demo county (desk/demo.c); outside the cache */
    H(r, "<p class='demo-admin'><span class='tag demo'>示例数据</span> "
         "<a href='/demo'>查看或移除示例数据</a></p>\n");
  }
  if( app_gen() && cache_get(zKey, app_gen(), &r->out, &zType) ){
    html_end(r);
    return;
  }
  nStart = r->out.len;
  if( db_exists("SELECT 1 FROM org WHERE demo=1 AND path LIKE ?1", "t", zLike) ){
    H(r, "<div class='notice warn'><span class='tag demo'>示例数据</span> "
         "范围内含演示县的示例数据，数据项按这些记录计算。</div>\n");
  }
  H(r, "<div class='cards'>");
  nOrg = db_i64(0, "SELECT count(*) FROM org WHERE path LIKE ?1", "t", org_scope_like(r->arena, &a));
  H(r, "<a class='card' href='/orgs'><div class='v'>%lld</div><div class='k'>机构</div></a>",
    (long long)nOrg);
  for(i=0; i<nFig; i++){
    const struct figure *f = figure_at(i);
    struct fig_result now, last;
    if( f->bDetail ) continue;
    figure_eval(f, &s, r->arena, &now);
    figure_eval(f, &sLast, r->arena, &last);
    H(r, "<a class='card' href='%a' data-fig='%a'><div class='v'>%h</div><div class='k'>%h</div>",
      fig_link(r->arena, f, year, s.zAsOf, zOrg), f->zKey,
      now.bKnown ? figure_format(r->arena, f, &now) : "—", f->zLabel);
    if( last.bKnown ){
      H(r, "<div class='prev'>%d年 %h</div>", year-1, figure_format(r->arena, f, &last));
    }
    if( now.bManual ) H(r, "<div class='prev' title='%a'>人工填报</div>", now.zSource);
    H(r, "</a>");
    if( !str_eq(f->zUnit, "%") ){
      apCount[nCount] = f;
      aNow[nCount] = now.bKnown ? now.v : 0;
      aLast[nCount] = last.bKnown ? last.v : 0;
      nCount++;
    }
  }
  H(r, "</div>\n");
  dash_chart(r, nCount, apCount, aNow, aLast, year);
  alerts_collect(&s, r->arena, &al);
  H(r, "<h2>需要处理</h2>\n");
  if( al.n==0 ){
    H(r, "<div class='empty'>暂无需要处理的事项</div>\n");
  }else{
    H(r, "<ul class='alerts'>");
    for(i=0; i<al.n; i++){
      const struct alert_item *p = &al.a[i];
      H(r, "<li class='%s'><a href='%a'>%h</a></li>",
        p->eLevel==ALERT_OVERDUE ? "overdue" : p->eLevel==ALERT_SOON ? "soon" : "info",
        p->zUrl, p->zText);
    }
    H(r, "</ul>\n");
  }
  if( u->mRoles & (ROLE_LEADER|ROLE_LEGAL) ){
    H(r, "<p><a href='/reports'>年度法治政府建设报告</a></p>\n");
  }
  if( app_gen() ){
    cache_put(zKey, app_gen(), "text/html; charset=utf-8", r->out.buf + nStart, r->out.len - nStart);
  }
  html_end(r);
}

/* ---- the records behind a figure ---- */

void figure_records_page(struct req *r){
  struct actor a;
  const struct figure *f = figure_find(r->azPathArg[0]);
  struct fig_scope s;
  struct fig_result res;
  const char *zOrgName;
  char *zLike;
  int year, iAsOf, i;
  if( f==0 ){
    html_error_page(r, 404, "没有这个数据项");
    return;
  }
  actor_from_req(&a, r);
  if( (zLike = figure_req_scope(r, &a, false, &year, &iAsOf, &zOrgName))==0 ) return;
  fig_scope_init(&s, r->arena, year, iAsOf, zLike);
  figure_eval(f, &s, r->arena, &res);
  html_begin(r, arena_printf(r->arena, "%s：计入的记录", f->zLabel), "/");
  H(r, "<dl class='facts'><dt>数据项</dt><dd>%h（%h）</dd><dt>数值</dt><dd>%h</dd>"
       "<dt>年度</dt><dd>%d</dd><dt>数据截至</dt><dd>%h</dd><dt>范围</dt><dd>%h</dd>"
       "<dt>口径</dt><dd>%h</dd></dl>\n",
    f->zLabel, f->zKey, res.bKnown ? figure_format(r->arena, f, &res) : "待补充（尚无记录）",
    year, s.zAsOf, zOrgName ? zOrgName : "本人管理范围", f->zDef);
  if( res.bManual ) html_notice(r, "warn", res.zSource);      /* 人工填报 and its source */
  if( f->pDecl && f->pDecl->eKind==FIG_RATE ){
    H(r, "<div class='total'>计入 %d 条，共 %d 条</div>\n", res.nNum, res.nDen);
  }else{
    H(r, "<div class='total'>共 %d 条</div>\n", res.n);
  }
  H(r, "<table class='list'><thead><tr><th>序号</th><th>名称</th><th>说明</th></tr></thead><tbody>\n");
  for(i=0; i<res.n; i++){
    H(r, "<tr><td>%d</td><td>%h</td><td>%h</td></tr>\n", i+1, res.azLabel[i],
      res.azDetail[i] ? res.azDetail[i] : "");
  }
  H(r, "</tbody></table>\n");
  if( res.n==0 ) H(r, "<div class='empty'>暂无记录</div>\n");
  if( f->pDecl && f->pDecl->eKind==FIG_RATE ){
    H(r, "<h2>未计入的（%d / %d）</h2>\n", res.nMiss, res.nDen);
    if( res.nMiss==0 ){
      H(r, "<div class='empty'>无</div>\n");
    }else{
      H(r, "<table class='list missing'><thead><tr><th>序号</th><th>名称</th><th>说明</th></tr>"
           "</thead><tbody>\n");
      for(i=0; i<res.nMiss; i++){
        H(r, "<tr><td>%d</td><td>%h</td><td>%h</td></tr>\n", i+1, res.azMissLabel[i],
          res.azMissDetail[i] ? res.azMissDetail[i] : "");
      }
      H(r, "</tbody></table>\n");
    }
  }
  html_end(r);
}

/* ---- API and command ---- */

/* Write every figure for s as JSON items (with ids when bIds). */
static void figures_json(struct json_w *j, const struct fig_scope *s, struct arena *ar, bool bIds){
  int i, k, n = figure_count();
  json_arr_open(j, "items");
  for(i=0; i<n; i++){
    const struct figure *f = figure_at(i);
    struct fig_result res;
    figure_eval(f, s, ar, &res);
    json_obj_open(j, 0);
    json_str(j, "key", f->zKey);
    json_str(j, "label", f->zLabel);
    json_str(j, "unit", f->zUnit);
    json_str(j, "definition", f->zDef);
    json_bool(j, "detail", f->bDetail);
    json_bool(j, "known", res.bKnown);
    json_double(j, "value", res.v);
    json_str(j, "text", res.bKnown ? figure_format(ar, f, &res) : 0);
    json_int(j, "records", res.n);
    json_bool(j, "manual", res.bManual);          /* 人工填报 (reg/fig_manual.c) */
    json_str(j, "source", res.zSource);
    if( f->pDecl && f->pDecl->eKind==FIG_RATE ){
      json_int(j, "numerator", res.nNum);
      json_int(j, "denominator", res.nDen);
    }
    if( bIds ){
      json_arr_open(j, "ids");
      for(k=0; k<res.n; k++) json_int(j, 0, res.aId[k]);
      json_arr_close(j);
      if( f->pDecl && f->pDecl->eKind==FIG_RATE ){
        json_arr_open(j, "missing");
        for(k=0; k<res.nMiss; k++) json_int(j, 0, res.aMissId[k]);
        json_arr_close(j);
      }
    }
    json_obj_close(j);
  }
  json_arr_close(j);
}

void figures_api(struct req *r){
  struct actor a;
  struct json_w j;
  struct fig_scope s;
  const char *zOrgName;
  char *zLike;
  int year, iAsOf;
  actor_from_req(&a, r);
  if( (zLike = figure_req_scope(r, &a, true, &year, &iAsOf, &zOrgName))==0 ) return;
  fig_scope_init(&s, r->arena, year, iAsOf, zLike);
  api_begin(r, &j);
  json_obj_open(&j, 0);
  json_int(&j, "year", year);
  json_str(&j, "as_of", s.zAsOf);
  json_str(&j, "org", zOrgName);
  figures_json(&j, &s, r->arena, true);
  json_obj_close(&j);
}

static const char zFiguresUsage[] =
  "用法: fazhi figures --year 年度 [--as-of YYYY-MM-DD] [--org 单位] [--format json|csv]\n"
  "列出各业务模块声明的数据项在该年度、截至该日期、该单位范围内的数值和计入的记录数。\n"
  "--as-of 默认该年12月31日（当年为今天）；--org 单位编号或名称，默认全部；--format 默认 csv。\n";

int figures_cmd(int argc, char **argv){
  int n = argc-1;
  char **av = argv+1;
  const char *zYear, *zAsOf, *zOrg, *zFormat, *zOrgName;
  struct buf err = BUF_INIT, out = BUF_INIT;
  struct arena *ar;
  struct actor a;
  struct fig_scope s;
  char *zLike;
  int year, iAsOf, i, rc = 0;
  if( cli_flag(&n, av, "--help") ){ printf("%s", zFiguresUsage); return 0; }
  zYear = cli_option(&n, av, "--year");
  zAsOf = cli_option(&n, av, "--as-of");
  zOrg = cli_option(&n, av, "--org");
  zFormat = cli_option(&n, av, "--format");
  if( cli_finish(n, av, 0, 0, zFiguresUsage) ) return 2;
  if( zYear==0 ){
    fprintf(stderr, "fazhi: 请用 --year 指定年度\n");
    return cli_usage(zFiguresUsage);
  }
  if( zFormat && !str_eq(zFormat, "json") && !str_eq(zFormat, "csv") ){
    fprintf(stderr, "fazhi: --format 应为 json 或 csv\n");
    return 2;
  }
  if( year_as_of(zYear, zAsOf, &year, &iAsOf, &err) ){
    fprintf(stderr, "fazhi: %s\n", err.buf);
    buf_release(&err);
    return 2;
  }
  if( cli_open() ) return 1;
  ar = arena_new();
  actor_cli(&a);
  if( (zLike = figure_scope(ar, &a, zOrg, &zOrgName, &err))==0 ){
    fprintf(stderr, "fazhi: %s\n", err.buf);
    rc = 1;
    goto done;
  }
  fig_scope_init(&s, ar, year, iAsOf, zLike);
  if( str_eq(zFormat, "json") ){
    struct json_w j;
    json_init(&j, &out);
    json_obj_open(&j, 0);
    json_int(&j, "year", year);
    json_str(&j, "as_of", s.zAsOf);
    json_str(&j, "org", zOrgName);
    figures_json(&j, &s, ar, true);
    json_obj_close(&j);
    buf_putc(&out, '\n');
  }else{
    buf_puts(&out, "key,label,unit,year,as_of,value,records\n");
    for(i=0; i<figure_count(); i++){
      const struct figure *f = figure_at(i);
      struct fig_result res;
      figure_eval(f, &s, ar, &res);
      buf_appendf(&out, "%s,%s,%s,%d,%s,%s,%d\n", f->zKey, f->zLabel, f->zUnit, year, s.zAsOf,
                  res.bKnown ? figure_format(ar, f, &res) : "", res.n);
    }
  }
  rc = cli_write_file(0, &out);
done:
  arena_free(ar);
  buf_release(&out);
  buf_release(&err);
  return rc;
}
