/*
** dashboard.c -- the home page per role (what waits for the user, the
** role's headline figures against their targets, the other alerts naming
** who acts; the administrator's choice of figures, /home-figures), and
** the figure registry's outlets: GET /api/v1/figures, `fazhi figures`,
** every figure (/figures) and the records behind each (/figures/:key),
** which every card and every number of the HTML report links to.
**
** Everything here reads the registry (reg/figure.h); no other area's
** header is included.  The scope is the signed-in user's (a school user
** sees their school), or a unit in it named by ?org=.
*/
#include "../common.h"
#include "../base/arena.h"
#include "../base/buf.h"
#include "../base/date.h"
#include "../base/fmt.h"
#include "../base/json.h"
#include "../base/util.h"
#include "../reg/figure.h"
#include "../store/db.h"
#include "../web/api.h"
#include "../web/cache.h"
#include "../web/html.h"
#include "../web/req.h"
#include "../base/calendar.h"
#include "../core/app.h"
#include "../core/audit.h"
#include "../core/clock.h"
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

/* ---- the home page: one per role ---- */

/* A headline figure of a role's home, with its target: cmp '>=' (at least
** target is 达标, at least warn 接近) or '<=' (at most). */
struct home_fig {
  const struct figure *f;
  bool bAtMost;
  double target, warn;
};
#define HOME_MAX 8

/* The built-in choice per role ("key>=target/warn;..."), used while the
** administrator has chosen none for it (table home_figure, /home-figures). */
static const struct { unsigned bit; const char *zSpec; } aHomeDefault[] = {
  { ROLE_LEADER, "permit.ontime_rate>=100/95;vp.rate>=100/95;safety.rate>=100/95;"
                 "legality.ontime_rate>=100/90;inspect.draws_joint>=3/2;dispute.open<=0/2" },
  { ROLE_LEGAL, "vp.rate>=100/95;safety.rate>=100/95;lawclass.rate>=100/95;"
                "legality.ontime_rate>=100/90;lecture.law>=2/1;dispute.open<=0/2" },
  { ROLE_APPROVER, "permit.ontime_rate>=100/95;permit.done_rate>=100/95;permit.overdue<=0/1;"
                   "permit.satisfaction>=95/90" },
  { ROLE_INSPECTOR, "inspect.draws_joint>=3/2;inspect.draws_internal>=1/1;inspect.drawn_targets>=1/1" },
  { ROLE_SCHOOL, "vp.rate>=100/100;safety.rate>=100/75;lawclass.rate>=100/66;culture.rate>=100/66;"
                 "case.spring>=1/1;case.autumn>=1/1" },
  { ROLE_ADMIN, "vp.rate>=100/95;safety.rate>=100/95;permit.ontime_rate>=100/95;"
                "legality.ontime_rate>=100/90" },
  { ROLE_AUDITOR, "permit.ontime_rate>=100/95;vp.rate>=100/95;safety.rate>=100/95;"
                  "legality.ontime_rate>=100/90" },
};

/* The role whose home a user with roles m sees: the one with the most to
** act on first (局领导, 法规股, 审批, 执法, 学校, 管理员, 审计). */
static unsigned home_role(unsigned m){
  size_t i;
  for(i=0; i<COUNT(aHomeDefault); i++) if( m & aHomeDefault[i].bit ) return aHomeDefault[i].bit;
  return ROLE_LEADER;
}

/* The code of role bit ("leader"), or "". */
static const char *home_role_code(unsigned bit){
  int i;
  for(i=0; i<7; i++) if( app_roles[i].bit==bit ) return app_roles[i].zCode;
  return "";
}

/* Parse one "key>=target/warn" item into *h; false when malformed or the
** key names no figure. */
static bool home_parse(const char *z, size_t n, struct home_fig *h){
  char zKey[64];
  const char *p = z, *e = z + n;
  size_t k;
  while( p<e && *p!='>' && *p!='<' ) p++;
  k = (size_t)(p - z);
  if( p+2>e || p[1]!='=' || k==0 || k>=sizeof(zKey) ) return false;
  memcpy(zKey, z, k);
  zKey[k] = 0;
  h->bAtMost = *p=='<';
  h->target = atof(p+2);
  while( p<e && *p!='/' ) p++;
  h->warn = p<e ? atof(p+1) : h->target;
  return (h->f = figure_find(zKey))!=0;
}

/* The headline figures of role bit into a[HOME_MAX]: the administrator's
** choice, else the built-in one.  Returns how many. */
static int home_figs(unsigned bit, struct home_fig *a){
  struct stmt q;
  size_t i;
  int n = 0;
  db_prepare(&q, "SELECT fig, cmp, target, warn FROM home_figure WHERE role=?1 ORDER BY ord");
  db_bind_text(&q, 1, home_role_code(bit));
  while( db_step(&q)==DB_ROW && n<HOME_MAX ){
    a[n].f = figure_find(db_column_text(&q, 0));
    a[n].bAtMost = str_eq(db_column_text(&q, 1), "<=");
    a[n].target = atof(db_column_text(&q, 2));
    a[n].warn = atof(db_column_text(&q, 3));
    if( a[n].f ) n++;
  }
  db_finalize(&q);
  if( n ) return n;
  for(i=0; i<COUNT(aHomeDefault); i++){
    const char *z = aHomeDefault[i].zSpec;
    if( aHomeDefault[i].bit!=bit ) continue;
    while( *z && n<HOME_MAX ){
      size_t k = strcspn(z, ";");
      if( home_parse(z, k, &a[n]) ) n++;
      z += k + (z[k]==';');
    }
  }
  return n;
}

/* 2 达标, 1 接近目标, 0 未达标 for value v against h. */
static int home_status(const struct home_fig *h, double v){
  if( h->bAtMost ) return v<=h->target+1e-9 ? 2 : v<=h->warn+1e-9 ? 1 : 0;
  return v>=h->target-1e-9 ? 2 : v>=h->warn-1e-9 ? 1 : 0;
}

/* A value of figure f as it is printed, in ar. */
static char *home_num(struct arena *ar, const struct figure *f, double v){
  struct fig_result x;
  memset(&x, 0, sizeof(x));
  x.v = v;
  return figure_format(ar, f, &x);
}

/* "目标 ≥100%" for h, in ar. */
static char *home_target(struct arena *ar, const struct home_fig *h){
  const char *zU = str_eq(h->f->zUnit, "%") ? "" : h->f->zUnit;
  return arena_printf(ar, "目标%s%s%s", h->bAtMost ? "≤" : "≥", home_num(ar, h->f, h->target), zU);
}

/* Who must act on, and who may see, the items of each alert; how many of
** one kind make one grouped line, and its wording and list. */
struct home_alert {
  const char *zKey;
  unsigned mActor;           /* who must act */
  unsigned mSee;             /* who sees it at all */
  const char *zGroup;        /* the grouped line after the count; NULL: never grouped */
  const char *zGroupUrl;     /* the list behind it ("/figures/..." gets year, as-of, org) */
};
#define HA_ALL ROLE_ALL
#define HA_BUREAU (ROLE_ALL & ~ROLE_SCHOOL)
#define HA_SCHOOLS (ROLE_LEADER|ROLE_LEGAL|ROLE_ADMIN|ROLE_AUDITOR|ROLE_SCHOOL)
#define HA_OFFICE (ROLE_LEADER|ROLE_LEGAL|ROLE_ADMIN|ROLE_AUDITOR)
static const struct home_alert aHomeAlert[] = {
  { "calendar.next", ROLE_ADMIN, HA_BUREAU, 0, 0 },
  { "vp.missing", ROLE_LEGAL, HA_SCHOOLS, "所学校未配备法治副校长", "/figures/vp.rate" },
  { "vp.ending", ROLE_LEGAL|ROLE_SCHOOL, HA_SCHOOLS, "名法治副校长聘期将满，请续聘或另聘",
    "/figures/vp.ending" },
  { "check.unmet", ROLE_SCHOOL|ROLE_LEGAL, HA_SCHOOLS, "项学校检查项目未达标",
    "/check-items?status=unmet" },
  { "check.template", ROLE_LEGAL|ROLE_ADMIN, ROLE_ADMIN|ROLE_LEGAL|ROLE_LEADER, 0, 0 },
  { "check.todo", ROLE_SCHOOL, ROLE_SCHOOL|ROLE_LEGAL|ROLE_LEADER, "所学校本年度检查项目尚未填完",
    "/check-items/year" },
  { "report.deadline", ROLE_LEGAL, ROLE_LEADER|ROLE_LEGAL|ROLE_ADMIN, 0, 0 },
  { "report.state", ROLE_LEGAL, ROLE_LEADER|ROLE_LEGAL|ROLE_ADMIN, 0, 0 },
  { "permit.due", ROLE_APPROVER, HA_BUREAU, "件行政许可临近期限或逾期", "/permits" },
  { "permit.followup", ROLE_APPROVER, HA_BUREAU, "件好差评差评待整改", "/permits" },
  { "dispute.open", ROLE_LEGAL, HA_ALL, "件矛盾纠纷未办结", "/disputes" },
  { "task.overdue", ROLE_LEGAL, HA_OFFICE, "项工作任务逾期", "/tasks" },
  { "lawcase.unconfirmed", ROLE_LEGAL, HA_OFFICE, 0, 0 },
  { "legality.due", ROLE_LEGAL, HA_BUREAU, "件合法性审核临近期限或超期", "/reviews" },
};

/* The routing of alert item p (a declared alert not in the table: the
** 法规股 acts, everyone in scope sees it; inspections: the 执法人员). */
static struct home_alert home_alert_of(const struct alert_item *p){
  struct home_alert h = { p->zKey, ROLE_LEGAL|ROLE_ADMIN, HA_ALL, 0, 0 };
  size_t i;
  if( p->zKey && str_starts(p->zKey, "insp") ) h.mActor = ROLE_INSPECTOR|ROLE_LEGAL;
  for(i=0; i<COUNT(aHomeAlert); i++){
    if( str_eq(aHomeAlert[i].zKey, p->zKey) ){ h = aHomeAlert[i]; break; }
  }
  /* the report waiting for the leader's 审定 is the leader's */
  if( str_eq(p->zKey, "report.state") && strstr(p->zText, "待局领导") ) h.mActor = ROLE_LEADER;
  return h;
}

/* One line of the home's lists: an item or a group of items. */
struct home_line {
  int eLevel, iDue, n;
  const char *zText, *zUrl;
  unsigned mActor;
};

/* The name of the first role in m (the one who acts), in ar. */
static const char *home_actor_name(unsigned m){
  int i;
  if( m & ROLE_LEGAL ) return "法规股";
  for(i=0; i<7; i++) if( m & app_roles[i].bit ) return app_roles[i].zName;
  return "";
}

/* Order of lines: the most urgent first, then by due day (none last). */
static int home_line_cmp(const void *pa, const void *pb){
  const struct home_line *a = pa, *b = pb;
  if( a->eLevel!=b->eLevel ) return b->eLevel - a->eLevel;
  if( a->iDue!=b->iDue ){
    if( a->iDue==0 ) return 1;
    if( b->iDue==0 ) return -1;
    return a->iDue < b->iDue ? -1 : 1;
  }
  return 0;
}

/* Write one list of lines (bMine: what waits for this user; otherwise
** each names who acts). */
static void home_lines(struct req *r, struct home_line *a, int n, bool bMine){
  int i;
  if( n>1 ) qsort(a, (size_t)n, sizeof(a[0]), home_line_cmp);
  H(r, "<ul class='alerts'>");
  for(i=0; i<n; i++){
    H(r, "<li class='%s'><a href='%a'>%h</a>",
      a[i].eLevel==ALERT_OVERDUE ? "overdue" : a[i].eLevel==ALERT_SOON ? "soon" : "info",
      a[i].zUrl, a[i].zText);
    if( !bMine ) H(r, " <span class='tag who'>%h处理</span>", home_actor_name(a[i].mActor));
    H(r, "</li>");
  }
  H(r, "</ul>\n");
}

/* The lines of the home's two lists. */
struct home_lists {
  struct home_line *aMine, *aOther;
  int nMine, nOther;
};

/* Route the alerts of al for a user with roles m into *pL, grouped (more
** than 3 of one kind with a grouped wording make one line linking to the
** list): the user's own ("待我处理") and the rest, each naming who acts. */
static void home_route(struct req *r, const struct alert_list *al, unsigned m, int year,
                       const char *zAsOf, const char *zOrg, struct home_lists *pL){
  bool *aDone = arena_alloc(r->arena, (size_t)(al->n+1));
  int i, k;
  pL->aMine = arena_alloc(r->arena, sizeof(struct home_line) * (size_t)(al->n+1));
  pL->aOther = arena_alloc(r->arena, sizeof(struct home_line) * (size_t)(al->n+1));
  pL->nMine = pL->nOther = 0;
  memset(aDone, 0, (size_t)(al->n+1));
  for(i=0; i<al->n; i++){
    const struct alert_item *p = &al->a[i];
    struct home_alert h = home_alert_of(p);
    struct home_line L;
    int nSame = 0;
    if( aDone[i] || !(h.mSee & m) ) continue;
    L.eLevel = p->eLevel;
    L.iDue = p->iDue;
    L.n = 1;
    L.zText = p->zText;
    L.zUrl = p->zUrl;
    L.mActor = h.mActor;
    if( h.zGroup ){
      for(k=i; k<al->n; k++) if( str_eq(al->a[k].zKey, p->zKey) ) nSame++;
    }
    if( nSame>3 ){
      for(k=i; k<al->n; k++){
        const struct alert_item *q = &al->a[k];
        if( !str_eq(q->zKey, p->zKey) ) continue;
        aDone[k] = true;
        if( q->eLevel>L.eLevel ) L.eLevel = q->eLevel;
        if( q->iDue && (L.iDue==0 || q->iDue<L.iDue) ) L.iDue = q->iDue;
      }
      L.n = nSame;
      L.zText = arena_printf(r->arena, "%d%s", nSame, h.zGroup);
      L.zUrl = str_starts(h.zGroupUrl, "/figures/")
        ? arena_printf(r->arena, "%s?year=%d&as_of=%t%s%t", h.zGroupUrl, year, zAsOf,
                       zOrg ? "&org=" : "", zOrg ? zOrg : "")
        : h.zGroupUrl;
    }
    if( h.mActor & m ) pL->aMine[pL->nMine++] = L;
    else pL->aOther[pL->nOther++] = L;
  }
}

/* The chart of the headline figures: a row each, last year's bar over
** this year's, each row on its own scale (a rate beside a count), the
** labels as text of a fixed size so they read on a phone and a desktop
** (13 units: the 360-unit box is drawn at about 0.9 of its size on a
** 390 px phone, and a label must stay at 11 px or more). */
static void home_chart(struct req *r, const struct home_fig *a, const double *aNow,
                       const bool *aKnownNow, const double *aLast, const bool *aKnownLast,
                       int n, int year){
  const double W = 360, rowH = 58, left = 8, barMax = 250;
  int i;
  if( n==0 ) return;
  H(r, "<figure class='chart home-chart'><figcaption>主要数据：%d年与%d年（上年）</figcaption>"
       "<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 %d %d' role='img'"
       " aria-label='主要数据与上年比较' font-family='\"PingFang SC\",\"Microsoft YaHei\","
       "\"Noto Sans CJK SC\",sans-serif'>",
    year, year-1, (int)W, (int)(rowH*n + 8));
  for(i=0; i<n; i++){
    const struct figure *f = a[i].f;
    double y = 8 + rowH*i, max = a[i].target;
    double vNow = aKnownNow[i] ? aNow[i] : 0, vLast = aKnownLast[i] ? aLast[i] : 0;
    double wNow, wLast;
    if( vNow>max ) max = vNow;
    if( vLast>max ) max = vLast;
    if( max<=0 ) max = 1;
    wNow = barMax * vNow / max;
    wLast = barMax * vLast / max;
    H(r, "<text x='%d' y='%d' font-size='13' fill='#222'>%h</text>", (int)left, (int)(y+13),
      f->zLabel);
    H(r, "<rect x='%d' y='%d' width='%.1f' height='12' fill='#b8c4d6'/>", (int)left, (int)(y+19),
      wLast);
    H(r, "<text x='%.1f' y='%d' font-size='13' fill='#555'>上年 %h</text>", left + wLast + 4,
      (int)(y+29), aKnownLast[i] ? home_num(r->arena, f, vLast) : "无记录");
    H(r, "<rect x='%d' y='%d' width='%.1f' height='12' fill='#1f4e8c'/>", (int)left, (int)(y+35),
      wNow);
    H(r, "<text x='%.1f' y='%d' font-size='13' fill='#222'>本年 %h</text>", left + wNow + 4,
      (int)(y+45), aKnownNow[i] ? home_num(r->arena, f, vNow) : "无记录");
  }
  H(r, "</svg></figure>\n");
}

/* The turn of the year: from 1 November (and whenever this year is
** missing), the calendar of the coming year not loaded is an item for the
** administrator; due days past it are 暂定 meanwhile. */
static void home_calendar_alert(struct arena *ar, struct alert_list *pAl){
  const struct calendar *cal = clock_calendar();
  int y, m, d, yMiss = 0;
  date_ymd(date_today(), &y, &m, &d);
  if( !calendar_has_year(cal, y) ) yMiss = y;
  else if( m>=11 && !calendar_has_year(cal, y+1) ) yMiss = y+1;
  clock_release(cal);
  if( yMiss==0 ) return;
  alert_add(pAl, ar, yMiss==y ? ALERT_OVERDUE : ALERT_SOON, date_from_ymd(yMiss, 1, 1),
            arena_printf(ar, "%d年节假日安排尚未载入：跨入%d年的期限暂按周末计算（暂定），"
                         "不能印在正式文书上。请载入%d年日历", yMiss, yMiss, yMiss),
            arena_printf(ar, "/calendar?year=%d", yMiss));
  pAl->a[pAl->n-1].zKey = "calendar.next";
}

void dashboard_page(struct req *r){
  struct req_user *u = r->pUser;
  struct actor a;
  struct fig_scope s, sLast;
  struct alert_list al;
  struct home_lists L;
  struct home_fig aFig[HOME_MAX];
  double aNow[HOME_MAX], aLast[HOME_MAX];
  bool aKnownNow[HOME_MAX], aKnownLast[HOME_MAX];
  const char *zOrgName;
  char *zLike;
  int year, iAsOf, i, nFig;
  const char *zOrg = req_param_trim(r, "org"), *zType;
  unsigned role = home_role(u->mRoles);
  char *zKey;
  size_t nStart;
  actor_from_req(&a, r);
  if( (zLike = figure_req_scope(r, &a, false, &year, &iAsOf, &zOrgName))==0 ) return;
  fig_scope_init(&s, r->arena, year, iAsOf, zLike);
  fig_scope_init(&sLast, r->arena, year-1, 0, zLike);
  html_begin(r, "工作台", "/");
  H(r, "<p>%h，您好。您的角色：%h。%s%h</p>\n", u->zName, role_names(r->arena, u->mRoles),
    zOrgName ? "当前查看：" : "", zOrgName ? zOrgName : "");
  /* the lists, figures and chart depend on the scope, the roles, the year,
  ** the day and the data only: kept per data generation (web/cache.h) */
  zKey = arena_printf(r->arena, "home|%s|%s|%d|%s|%u|%d", a.zOrgPath ? a.zOrgPath : "", zLike,
                      year, s.zAsOf, u->mRoles, date_today());
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
  alerts_collect(&s, r->arena, &al);
  home_calendar_alert(r->arena, &al);
  home_route(r, &al, u->mRoles, year, s.zAsOf, zOrg, &L);
  /* 1. what waits for this user */
  H(r, "<section class='home-act'><h2>待我处理</h2>\n");
  if( L.nMine==0 ) H(r, "<div class='empty'>目前没有等您处理的事项</div>\n");
  else home_lines(r, L.aMine, L.nMine, true);
  H(r, "</section>\n");
  /* 2. the role's headline figures against their targets */
  nFig = home_figs(role, aFig);
  H(r, "<section class='home-figs'><h2>主要数据 <small>%d年，截至%h%s%h</small></h2>"
       "<div class='cards'>", year, s.zAsOf, zOrgName || (a.mRoles & ROLE_SCHOOL) ? "，" : "",
    zOrgName ? zOrgName : (a.mRoles & ROLE_SCHOOL) ? "本校" : "");
  for(i=0; i<nFig; i++){
    const struct figure *f = aFig[i].f;
    struct fig_result now, last;
    int st;
    static const char *const azSt[] = { "未达标", "接近目标", "达标" };
    static const char *const azCls[] = { "red", "amber", "green" };
    figure_eval(f, &s, r->arena, &now);
    figure_eval(f, &sLast, r->arena, &last);
    aNow[i] = now.v; aKnownNow[i] = now.bKnown;
    aLast[i] = last.v; aKnownLast[i] = last.bKnown;
    st = now.bKnown ? home_status(&aFig[i], now.v) : -1;
    H(r, "<a class='card fig %a' href='%a' data-fig='%a'><div class='k'>%h</div>"
         "<div class='v'>%h</div><div class='t'>",
      st<0 ? "none" : azCls[st], fig_link(r->arena, f, year, s.zAsOf, zOrg), f->zKey, f->zLabel,
      now.bKnown ? figure_format(r->arena, f, &now) : now.zPartial ? now.zPartial : "尚无记录");
    if( st>=0 ) H(r, "<span class='tag %a'>%h</span> ", azCls[st], azSt[st]);
    H(r, "%h</div><div class='prev'>上年（%d年）：%h</div>", home_target(r->arena, &aFig[i]),
      year-1, last.bKnown ? figure_format(r->arena, f, &last) : "无记录");
    if( now.bManual ) H(r, "<div class='prev' title='%a'>人工填报</div>", now.zSource);
    H(r, "</a>");
  }
  H(r, "</div>");
  if( u->mRoles & ROLE_ADMIN ){
    H(r, "<p class='hint'><a href='/home-figures'>调整各角色首页显示的数据项和目标</a></p>");
  }
  H(r, "</section>\n");
  home_chart(r, aFig, aNow, aKnownNow, aLast, aKnownLast, nFig, year);
  /* 3. what others must act on */
  if( L.nOther ){
    H(r, "<section class='home-other'><h2>其他提醒</h2>\n");
    home_lines(r, L.aOther, L.nOther, false);
    H(r, "</section>\n");
  }
  if( db_exists("SELECT 1 FROM org WHERE demo=1 AND path LIKE ?1", "t", zLike) ){
    H(r, "<div class='notice warn'><span class='tag demo'>示例数据</span> "
         "范围内含演示县的示例数据，数据项按这些记录计算。</div>\n");
  }
  H(r, "<p class='home-more'><a href='/figures?year=%d&as_of=%a%s%a'>全部数据项</a>", year,
    s.zAsOf, zOrg ? "&org=" : "", zOrg ? zOrg : "");
  if( u->mRoles & (ROLE_LEADER|ROLE_LEGAL) ) H(r, " · <a href='/reports'>年度法治政府建设报告</a>");
  H(r, "</p>\n");
  H(r, "<form method='get' class='toolbar'><div class='field'><label for='f-year'>年度</label>"
       "<input id='f-year' name='year' value='%d' size='6' inputmode='numeric'></div>"
       "<div class='field'><label for='f-asof'>数据截至</label>"
       "<input id='f-asof' type='date' name='as_of' value='%a'></div>"
       "<button class='btn' type='submit'>查看</button></form>\n", year, s.zAsOf);
  if( app_gen() ){
    cache_put(zKey, app_gen(), "text/html; charset=utf-8", r->out.buf + nStart, r->out.len - nStart);
  }
  html_end(r);
}

/* GET /figures: every figure (not the details) for the scope, as cards
** with last year's value labelled, each linking to its records. */
void figures_page(struct req *r){
  struct actor a;
  struct fig_scope s, sLast;
  const char *zOrgName, *zOrg = req_param_trim(r, "org");
  char *zLike;
  int year, iAsOf, i;
  actor_from_req(&a, r);
  if( (zLike = figure_req_scope(r, &a, false, &year, &iAsOf, &zOrgName))==0 ) return;
  fig_scope_init(&s, r->arena, year, iAsOf, zLike);
  fig_scope_init(&sLast, r->arena, year-1, 0, zLike);
  html_begin(r, "全部数据项", "/");
  H(r, "<p>%d年，截至%h%s%h。点击数据项查看计入的记录；比率同时列出未计入的。</p>\n", year, s.zAsOf,
    zOrgName ? "，" : "", zOrgName ? zOrgName : "");
  H(r, "<div class='cards'>");
  H(r, "<a class='card' href='/orgs'><div class='v'>%lld</div><div class='k'>机构</div></a>",
    (long long)db_i64(0, "SELECT count(*) FROM org WHERE path LIKE ?1", "t",
                      org_scope_like(r->arena, &a)));
  for(i=0; i<figure_count(); i++){
    const struct figure *f = figure_at(i);
    struct fig_result now, last;
    if( f->bDetail ) continue;
    figure_eval(f, &s, r->arena, &now);
    figure_eval(f, &sLast, r->arena, &last);
    H(r, "<a class='card' href='%a' data-fig='%a'><div class='v'>%h</div><div class='k'>%h</div>"
         "<div class='prev'>上年（%d年）：%h</div>", fig_link(r->arena, f, year, s.zAsOf, zOrg),
      f->zKey, now.bKnown ? figure_format(r->arena, f, &now) : now.zPartial ? now.zPartial : "尚无记录",
      f->zLabel, year-1,
      last.bKnown ? figure_format(r->arena, f, &last) : "无记录");
    if( now.bManual ) H(r, "<div class='prev' title='%a'>人工填报</div>", now.zSource);
    H(r, "</a>");
  }
  H(r, "</div>\n");
  html_end(r);
}

/* ---- the administrator's choice of headline figures ---- */

/* Store the headline figures of role zRole from the form's rows fig1..8,
** cmp1..8, target1..8, warn1..8 in one transaction with one audit entry.
** Returns 0, or -1 with the first problem in pErr (naming the row). */
static int home_figs_save(struct req *r, const struct actor *a, const char *zRole,
                          struct buf *pErr){
  struct buf before = BUF_INIT, after = BUF_INIT;
  struct stmt q;
  struct home_fig aNew[HOME_MAX];
  char *jb, *ja;
  int i, n = 0;
  i64 now = time_now();
  for(i=1; i<=HOME_MAX; i++){
    const char *zFig = req_param_trim(r, arena_printf(r->arena, "fig%d", i));
    const char *zCmp = req_param_trim(r, arena_printf(r->arena, "cmp%d", i));
    const char *zT = req_param_trim(r, arena_printf(r->arena, "target%d", i));
    const char *zW = req_param_trim(r, arena_printf(r->arena, "warn%d", i));
    char *zEnd;
    if( zFig==0 || *zFig==0 ) continue;
    if( (aNew[n].f = figure_find(zFig))==0 ){
      buf_appendf(pErr, "第%d行：没有这个数据项", i);
      return -1;
    }
    aNew[n].bAtMost = str_eq(zCmp, "<=");
    if( zT==0 || (aNew[n].target = strtod(zT, &zEnd), *zEnd) ){
      buf_appendf(pErr, "第%d行（%s）：目标应为数字", i, aNew[n].f->zLabel);
      return -1;
    }
    aNew[n].warn = aNew[n].target;
    if( zW && *zW && (aNew[n].warn = strtod(zW, &zEnd), *zEnd) ){
      buf_appendf(pErr, "第%d行（%s）：接近目标的界限应为数字", i, aNew[n].f->zLabel);
      return -1;
    }
    if( aNew[n].bAtMost ? aNew[n].warn<aNew[n].target : aNew[n].warn>aNew[n].target ){
      buf_appendf(pErr, "第%d行（%s）：接近目标的界限应在目标%s", i, aNew[n].f->zLabel,
                  aNew[n].bAtMost ? "之上（不高于时）" : "之下（不低于时）");
      return -1;
    }
    n++;
  }
  db_begin();
  db_prepare(&q, "SELECT fig, cmp, target, warn FROM home_figure WHERE role=?1 ORDER BY ord");
  db_bind_text(&q, 1, zRole);

  while( db_step(&q)==DB_ROW ){
    const struct figure *f = figure_find(db_column_text(&q, 0));
    buf_appendf(&before, "%s%s%g（接近%g）；", f ? f->zLabel : "（已取消的数据项）",
                str_eq(db_column_text(&q, 1), "<=") ? "≤" : "≥",
                atof(db_column_text(&q, 2)), atof(db_column_text(&q, 3)));
  }
  db_finalize(&q);

  db_exec("DELETE FROM home_figure WHERE role=?1", "t", zRole);

  for(i=0; i<n; i++){
    db_prepare(&q, "INSERT INTO home_figure(role, ord, fig, cmp, target, warn, created_at, updated_at)"
                   " VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7)");
    db_bind_text(&q, 1, zRole);
    db_bind_int64(&q, 2, i+1);
    db_bind_text(&q, 3, aNew[i].f->zKey);
    db_bind_text(&q, 4, aNew[i].bAtMost ? "<=" : ">=");
    db_bind_text(&q, 5, arena_printf(r->arena, "%g", aNew[i].target));
    db_bind_text(&q, 6, arena_printf(r->arena, "%g", aNew[i].warn));
    db_bind_int64(&q, 7, now);
    db_step(&q);
    db_finalize(&q);
    buf_appendf(&after, "%s%s%g（接近%g）；", aNew[i].f->zLabel, aNew[i].bAtMost ? "≤" : "≥",
                aNew[i].target, aNew[i].warn);
  }
  jb = fmt_dup("{\"figures\":%j}", before.buf ? before.buf : "");
  ja = fmt_dup("{\"figures\":%j}", after.buf ? after.buf : "");
  audit_write(a, "update", "home_figure", zRole, jb, ja);
  free(jb);
  free(ja);
  db_commit();
  buf_release(&before);
  buf_release(&after);
  return 0;
}

/* GET/POST /home-figures?role=CODE: the administrator chooses, per role,
** the headline figures of the home page and their targets (an empty
** choice restores the built-in one). */
void home_figures_page(struct req *r){
  struct actor a;
  struct buf err = BUF_INIT;
  struct home_fig aFig[HOME_MAX];
  const char *zRole = req_param_trim(r, "role");
  unsigned bit = zRole ? role_parse(zRole) : ROLE_LEADER;
  int i, k, n;
  actor_from_req(&a, r);
  if( bit==0 || (bit & (bit-1)) ){
    html_error_page(r, 404, "没有这个角色");
    return;
  }
  zRole = home_role_code(bit);
  if( str_eq(r->zMethod, "POST") ){
    if( home_figs_save(r, &a, zRole, &err)==0 ){
      req_redirect(r, arena_printf(r->arena, "/home-figures?role=%t&saved=1", zRole));
      buf_release(&err);
      return;
    }
    r->status = 422;
  }
  html_begin(r, "首页数据项", "/home-figures");
  if( err.len ) html_notice(r, "err", err.buf);
  else if( req_param_trim(r, "saved") ) html_notice(r, "ok", "已保存：该角色的首页按新的数据项和目标显示");
  H(r, "<p>每个角色的首页先列出待处理的事项，再显示这里选定的几项主要数据，"
       "每项按目标标为达标（绿）、接近目标（黄）或未达标（红）。不选任何数据项即恢复默认。</p>\n");
  H(r, "<nav class='years' aria-label='角色'>");
  for(i=0; i<7; i++){
    H(r, "<a class='btn%s' href='/home-figures?role=%t'>%h</a>",
      app_roles[i].bit==bit ? " primary" : "", app_roles[i].zCode, app_roles[i].zName);
  }
  H(r, "</nav>\n");
  n = home_figs(bit, aFig);
  H(r, "<form method='post' class='home-figs-form'>");
  html_csrf(r);
  H(r, "<input type='hidden' name='role' value='%a'>", zRole);
  H(r, "<table class='list'><thead><tr><th>顺序</th><th>数据项</th><th>比较</th><th>目标</th>"
       "<th>接近目标的界限</th></tr></thead><tbody>");
  for(i=0; i<HOME_MAX; i++){
    const struct home_fig *h = i<n ? &aFig[i] : 0;
    H(r, "<tr><td>%d</td><td><select name='fig%d' aria-label='第%d项数据项'><option value=''>（不显示）</option>",
      i+1, i+1, i+1);
    for(k=0; k<figure_count(); k++){
      const struct figure *f = figure_at(k);
      if( f->bDetail ) continue;
      H(r, "<option value='%a'%s>%h</option>", f->zKey, h && h->f==f ? " selected" : "", f->zLabel);
    }
    H(r, "</select></td><td><select name='cmp%d' aria-label='第%d项比较'>"
         "<option value='>='%s>不低于</option><option value='<='%s>不高于</option></select></td>",
      i+1, i+1, h && !h->bAtMost ? " selected" : "", h && h->bAtMost ? " selected" : "");
    H(r, "<td><input name='target%d' inputmode='decimal' size='6' aria-label='第%d项目标' value='%a'></td>"
         "<td><input name='warn%d' inputmode='decimal' size='6' aria-label='第%d项接近目标的界限' value='%a'></td></tr>",
      i+1, i+1, h ? arena_printf(r->arena, "%g", h->target) : "",
      i+1, i+1, h ? arena_printf(r->arena, "%g", h->warn) : "");
  }
  H(r, "</tbody></table>");
  H(r, "<div class='actions'><button class='btn primary' type='submit'>保存</button></div></form>\n");
  html_end(r);
  buf_release(&err);
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
  H(r, "<dl class='facts'><dt>数据项</dt><dd>%h</dd><dt>数值</dt><dd>%h</dd>"
       "<dt>年度</dt><dd>%d</dd><dt>数据截至</dt><dd>%h</dd><dt>范围</dt><dd>%h</dd>"
       "<dt>口径</dt><dd>%h</dd></dl>\n",
    f->zLabel, res.bKnown ? figure_format(r->arena, f, &res)
               : res.zPartial ? arena_printf(r->arena, "待补充（%s）", res.zPartial) : "待补充（尚无记录）",
    year, s.zAsOf, zOrgName ? zOrgName : "本人管理范围", f->zDef);
  if( res.bManual ) html_notice(r, "warn", res.zSource);      /* 人工填报 and its source */
  if( f->pDecl && f->pDecl->eKind==FIG_RATE ){
    /* a rate: what is missing first (what someone must act on), then
    ** what counts */
    H(r, "<h2>未计入的（%d / %d）</h2>\n", res.nMiss, res.nDen);
    if( res.nMiss==0 ){
      H(r, "<div class='empty'>无：全部计入</div>\n");
    }else{
      H(r, "<table class='list missing'><thead><tr><th>序号</th><th>名称</th><th>说明</th></tr>"
           "</thead><tbody>\n");
      for(i=0; i<res.nMiss; i++){
        H(r, "<tr><td>%d</td><td>%h</td><td>%h</td></tr>\n", i+1, res.azMissLabel[i],
          res.azMissDetail[i] ? res.azMissDetail[i] : "");
      }
      H(r, "</tbody></table>\n");
    }
    H(r, "<h2>计入的（%d / %d）</h2>\n", res.nNum, res.nDen);
  }else{
    H(r, "<div class='total'>共 %d 条</div>\n", res.n);
  }
  if( res.n==0 ){
    H(r, "<div class='empty'>%s</div>\n", f->pDecl && f->pDecl->eKind==FIG_RATE ? "无" : "暂无记录");
  }else{
    H(r, "<table class='list'><thead><tr><th>序号</th><th>名称</th><th>说明</th></tr></thead><tbody>\n");
    for(i=0; i<res.n; i++){
      H(r, "<tr><td>%d</td><td>%h</td><td>%h</td></tr>\n", i+1, res.azLabel[i],
        res.azDetail[i] ? res.azDetail[i] : "");
    }
    H(r, "</tbody></table>\n");
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
  "--as-of 默认该年12月31日（当年为今天）；--org 单位编号或名称，默认全部；--format 默认 csv。\n"
  "      fazhi figures manual set|list|void ...\n"
  "人工填报数据项（附来源文件和确认人），同 fazhi manual-figure。\n";

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
  if( argc>2 && str_eq(argv[2], "manual") ) return fig_manual_cmd(argc-1, argv+1);
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
