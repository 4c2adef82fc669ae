/*
** routes.c -- every URL of fazhi and who may use it, in one table.
**
** Columns: method, path pattern (":x" matches one segment), handler,
** roles allowed (0 = any signed-in user), flags.  The dispatcher loads
** the session, then enforces sign-in, forced password change, forced
** second-factor enrolment, the role check and the CSRF token from the
** route's row before the handler runs; a denial is audited.  Requests
** signed in with a bearer token (API clients, never sent by a browser on
** its own) need no CSRF token.
*/
#include "common.h"
#include "base/arena.h"
#include "base/buf.h"
#include "base/fmt.h"
#include "base/log.h"
#include "base/utf8.h"
#include "base/util.h"
#include "store/db.h"
#include "web/api.h"
#include "web/cache.h"
#include "web/html.h"
#include "web/req.h"
#include "web/server.h"
#include "core/app.h"
#include "core/audit.h"
#include "core/idem.h"
#include "core/resume.h"
#include "desk/audit.h"
#include "desk/auth.h"
#include "desk/calendar.h"
#include "desk/dashboard.h"
#include "desk/demo.h"
#include "desk/me.h"
#include "desk/today.h"
#include "areas/org/org.h"
#include "desk/report.h"
#include "desk/user.h"
#include "areas/legal/adviser.h"
#include "areas/legal/dispute.h"
#include "areas/legal/lawcase.h"
#include "areas/legal/legal_fig.h"
#include "areas/legal/task.h"
#include "areas/legal/review.h"
#include "areas/schools/school.h"
#include "areas/schools/assess.h"
#include "areas/permits/permit.h"
#include "core/clock.h"
#include "areas/inspections/insp.h"
#include "areas/inspections/insp_pub.h"
#include "reg/reg.h"
#include "reg/view.h"
#include "reg/regdoc.h"
#include "core/files.h"
#include "routes.h"

enum {
  R_PUBLIC   = 1,    /* no sign-in needed */
  R_NOCSRF   = 2,    /* state-changing without a CSRF token (login) */
  R_PWCHANGE = 4,    /* allowed while the password must be changed */
  R_ENROLL   = 8,    /* allowed while an administrator must enrol TOTP */
  R_CACHE    = 16,   /* GET answered from the response cache (web/cache.h) */
  R_LONG     = 32,   /* long work: run on a long-work thread (web/req.h xLong):
                     ** documents, imports, exports */
  R_HASH     = 64,   /* long work that hashes a password (argon2id takes 0.1 s
                     ** and 64 MiB): its own share of the long-work threads,
                     ** so a login flood waits there and cannot stall the
                     ** imports and documents, nor they the logins */
  R_UPLOAD   = 128,  /* takes a workbook upload: a body up to 20 MiB, spooled
                     ** to a temporary file (every other route: 1 MiB) */
  R_STREAM   = 256   /* takes a file for the file store (core/files.h): the
                     ** body is streamed, its file parts written to disk as
                     ** they arrive (web/req.h bStream), capped per field
                     ** (app_admit asks the handler's module for the cap) */
};

#define MAX_BODY   (1024*1024)        /* bytes of a request body */
#define MAX_UPLOAD (20u*1024*1024)    /* bytes of an R_UPLOAD body */

#define A ROLE_ADMIN
#define AUD ROLE_AUDITOR

static void healthz(struct req *r);
static void static_file(struct req *r);
static void audit_verify_page(struct req *r);

/* The registers: each one line; its routes, navigation entry and
** command come from its declaration (reg/reg.h). */
static const struct reg_def *const aReg[] = {
  &org_reg,
  &adviser_reg,
  &vp_person_reg,
  &vp_appoint_reg,
  &activity_reg,
  &check_tmpl_reg,
  &check_item_reg,
  &assess_item_reg,
  &assess_score_reg,
  &permit_item_reg,
  &permit_reg,
  &permit_pause_reg,
  &permit_rating_reg,
  &dispute_reg,
  &dispute_step_reg,
  &lawcase_reg,
  &lawcase_year_reg,
  &task_reg,
  &review_reg,
  &review_round_reg,
  &normdoc_reg,
  &decision_reg,
  &insp_item_reg,
  &insp_target_reg,
  &insp_person_reg,
  &insp_conflict_reg,
  &insp_plan_reg,
  &insp_draw_reg,
  &insp_task_reg,
  &insp_record_reg,
  &insp_member_reg,
  &insp_result_reg,
  &insp_media_reg,
  &insp_pub_reg,
  &insp_rating_reg,
  &report_reg,
  &report_block_reg,
  0
};

/* The registers' documents by declaration (reg/regdoc.h). */
static const struct reg_docs *const apDocs[] = { &insp_record_docs, &permit_docs, 0 };

static const struct route aRoute[] = {
  /* method  path                              handler               roles flags */
  { "GET",  "/healthz",                        healthz,              0, R_PUBLIC },
  { "GET",  "/static/:name",                   static_file,          0, R_PUBLIC },
  { "GET",  "/login",                          auth_login_page,      0, R_PUBLIC },
  { "GET",  "/sw.js",                          today_sw,             0, R_PUBLIC },
  { "GET",  "/today",                          today_page,           ROLE_ADMIN|ROLE_LEGAL|ROLE_INSPECTOR, 0 },
  { "GET",  "/today/task",                     today_task_page,      ROLE_ADMIN|ROLE_LEGAL|ROLE_INSPECTOR, 0 },
  { "GET",  "/api/v1/today",                   today_api,            ROLE_ADMIN|ROLE_LEGAL|ROLE_INSPECTOR, 0 },
  { "GET",  "/permits/:id/explain",            permit_explain_page,  ROLE_ADMIN|ROLE_LEADER|ROLE_LEGAL|ROLE_APPROVER|ROLE_AUDITOR, 0 },
  { "GET",  "/api/v1/permits/:id/due",         permit_due_api,       ROLE_ADMIN|ROLE_LEADER|ROLE_LEGAL|ROLE_APPROVER|ROLE_AUDITOR, 0 },
  { "GET",  "/draws/:id/verify",               draw_verify_page,     0, 0 },
  { "GET",  "/api/v1/draws/:id/verify",        draw_verify_api,      0, 0 },
  { "POST", "/login",                          auth_login_page,      0, R_PUBLIC|R_NOCSRF|R_HASH },
  { "POST", "/logout",                         auth_logout_page,     0, R_PWCHANGE|R_ENROLL },
  { "GET",  "/password",                       auth_password_page,   0, R_PWCHANGE|R_ENROLL },
  { "POST", "/password",                       auth_password_page,   0, R_PWCHANGE|R_ENROLL|R_HASH },
  { "GET",  "/totp",                           auth_totp_page,       0, R_ENROLL },
  { "POST", "/totp",                           auth_totp_page,       0, R_ENROLL },
  { "GET",  "/",                               dashboard_page,       0, 0 },
  { "GET",  "/figures/manual",                 fig_manual_page,      ROLE_LEADER|ROLE_LEGAL, 0 },
  { "POST", "/figures/manual",                 fig_manual_page,      ROLE_LEGAL, R_STREAM },
  { "GET",  "/figures/:key",                   figure_records_page,  0, 0 },
  { "GET",  "/figures",                        figures_page,         0, 0 },
  { "GET",  "/check-year",                     check_year_page,      0, 0 },
  { "POST", "/check-year",                     check_year_page,      ROLE_ADMIN|ROLE_LEGAL|ROLE_SCHOOL, 0 },
  { "GET",  "/check-year/template",            check_year_template_page, ROLE_ADMIN|ROLE_LEGAL, 0 },
  { "POST", "/check-year/template",            check_year_template_page, ROLE_ADMIN|ROLE_LEGAL, 0 },
  { "GET",  "/home-figures",                   home_figures_page,    ROLE_ADMIN, 0 },
  { "POST", "/home-figures",                   home_figures_page,    ROLE_ADMIN, 0 },
  { "GET",  "/compliance",                     view_page,            0, 0 },
  { "GET",  "/assessment",                     view_page,            0, 0 },
  { "POST", "/check-items/:id/evidence",       evidence_upload_page, 0, R_STREAM },
  { "GET",  "/check-items/:id/evidence/:eid",  evidence_download_page, 0, 0 },
  { "GET",  "/assessment/export",              view_export_page,     0, R_LONG },
  { "GET",  "/compliance/export",              view_export_page,     0, R_LONG },
  { "GET",  "/adviser-evaluation",             view_page,            0, 0 },
  { "GET",  "/adviser-evaluation/export",      view_export_page,     0, R_LONG },
  { "GET",  "/reports",                        report_page,          ROLE_LEADER|ROLE_LEGAL, 0 },
  { "GET",  "/reports/:year/download",         report_download_page, ROLE_LEADER|ROLE_LEGAL, R_LONG },
  { "GET",  "/reports/:year/blocks/:seq",      report_block_page,    ROLE_LEGAL, 0 },
  { "POST", "/reports/:year/blocks/:seq",      report_block_page,    ROLE_LEGAL, 0 },
  { "POST", "/reports/:year/submit",           report_action_page,   ROLE_LEGAL, 0 },
  { "POST", "/reports/:year/reasons",          report_reason_page,   ROLE_LEGAL, R_LONG },
  { "POST", "/reports/:year/settings",         report_action_page,   ROLE_LEGAL, 0 },
  { "POST", "/reports/:year/new-version",      report_action_page,   ROLE_LEGAL, 0 },
  { "POST", "/reports/:year/approve",          report_action_page,   ROLE_LEADER, R_LONG },
  { "POST", "/reports/:year/return",           report_action_page,   ROLE_LEADER, 0 },
  { "POST", "/reports/:year/sent",             report_action_page,   ROLE_LEADER|ROLE_LEGAL, 0 },
  { "POST", "/reports/:year/published",        report_action_page,   ROLE_LEADER|ROLE_LEGAL, 0 },
  { "POST", "/reports/:year/head",             report_head_page,     ROLE_LEGAL, 0 },
  { "GET",  "/reports/:year/sheet",            report_sheet_page,    ROLE_LEADER|ROLE_LEGAL, R_LONG },
  { "GET",  "/public/reports",                 report_public_page,   0, R_PUBLIC },
  { "GET",  "/public/reports/:file",           report_public_pdf,    0, R_PUBLIC },
  { "GET",  "/me",                             me_page,              0, 0 },
  { "POST", "/me/sessions/logout-others",      me_logout_others_page,0, 0 },
  { "GET",  "/users",                          user_list_page,       A, 0 },
  { "GET",  "/users/new",                      user_new_page,        A, 0 },
  { "POST", "/users/new",                      user_new_page,        A, R_HASH },
  { "GET",  "/users/:id/edit",                 user_edit_page,       A, 0 },
  { "POST", "/users/:id/edit",                 user_edit_page,       A, 0 },
  { "POST", "/users/:id/:action",              user_action_page,     A, R_HASH },
  { "GET",  "/audit",                          audit_list_page,      AUD, 0 },
  { "GET",  "/audit/export",                   audit_export_page,    AUD, R_LONG },
  { "GET",  "/audit/verify",                   audit_verify_page,    AUD, 0 },
  { "GET",  "/demo",                           demo_page,            A, 0 },
  { "POST", "/demo",                           demo_page,            A, 0 },
  { "GET",  "/calendar",                       cal_page,             0, 0 },
  { "POST", "/calendar",                       cal_page,             A, 0 },

  { "POST", "/api/v1/login",                   auth_login_api,       0, R_PUBLIC|R_NOCSRF|R_HASH },
  { "POST", "/api/v1/logout",                  auth_logout_api,      0, R_PWCHANGE|R_ENROLL },
  { "GET",  "/api/v1/me",                      auth_me_api,          0, R_PWCHANGE|R_ENROLL },
  { "GET",  "/api/v1/me/sessions",             me_sessions_api,      0, 0 },
  { "POST", "/api/v1/me/sessions/logout-others", me_logout_others_api, 0, 0 },
  { "POST", "/api/v1/password",                auth_password_api,    0, R_PWCHANGE|R_ENROLL|R_HASH },
  { "GET",  "/api/v1/totp",                    auth_totp_api,        0, R_ENROLL },
  { "POST", "/api/v1/totp",                    auth_totp_confirm_api,0, R_ENROLL },
  { "GET",  "/api/v1/users",                   user_list_api,        A, 0 },
  { "POST", "/api/v1/users",                   user_create_api,      A, R_HASH },
  { "GET",  "/api/v1/users/:id",               user_get_api,         A, 0 },
  { "PUT",  "/api/v1/users/:id",               user_update_api,      A, 0 },
  { "POST", "/api/v1/users/:id/lock",          user_lock_api,        A, 0 },
  { "POST", "/api/v1/users/:id/unlock",        user_unlock_api,      A, 0 },
  { "POST", "/api/v1/users/:id/reset-password",user_reset_api,       A, R_HASH },
  { "GET",  "/api/v1/audit",                   audit_list_api,       AUD, 0 },
  { "GET",  "/api/v1/audit/verify",            audit_verify_api,     AUD, 0 },
  { "GET",  "/api/v1/figures",                 figures_api,          0, 0 },
  { "GET",  "/api/v1/figures/manual",          fig_manual_api,       ROLE_LEADER|ROLE_LEGAL, 0 },
  { "POST", "/api/v1/figures/manual",          fig_manual_api,       ROLE_LEGAL, R_STREAM },
  { "POST", "/api/v1/check-year/template",     check_year_template_api, ROLE_ADMIN|ROLE_LEGAL, 0 },
  { "GET",  "/api/v1/compliance",              view_api,             0, 0 },
  { "GET",  "/api/v1/assessment",              view_api,             0, 0 },
  { "GET",  "/api/v1/check-items/:id/evidence", evidence_list_api,   0, 0 },
  { "POST", "/api/v1/check-items/:id/evidence", evidence_upload_page, 0, R_STREAM },
  { "GET",  "/api/v1/check-items/:id/evidence/:eid", evidence_download_page, 0, 0 },
  { "GET",  "/api/v1/assessment/export",       view_export_page,     0, R_LONG },
  { "GET",  "/api/v1/compliance/export",       view_export_page,     0, R_LONG },
  { "GET",  "/api/v1/adviser-evaluation",      view_api,             0, 0 },
  { "GET",  "/api/v1/adviser-evaluation/export", view_export_page,   0, R_LONG },
  { "GET",  "/api/v1/reports/:year",           report_get_api,       ROLE_LEADER|ROLE_LEGAL, R_LONG },
  { "PUT",  "/api/v1/reports/:year/blocks/:seq", report_block_api,   ROLE_LEGAL, R_LONG },
  { "POST", "/api/v1/reports/:year/submit",    report_action_api,    ROLE_LEGAL, R_LONG },
  { "POST", "/api/v1/reports/:year/reasons",   report_reason_api,    ROLE_LEGAL, R_LONG },
  { "POST", "/api/v1/reports/:year/settings",  report_action_api,    ROLE_LEGAL, R_LONG },
  { "POST", "/api/v1/reports/:year/new-version", report_action_api,  ROLE_LEGAL, R_LONG },
  { "POST", "/api/v1/reports/:year/approve",   report_action_api,    ROLE_LEADER, R_LONG },
  { "POST", "/api/v1/reports/:year/return",    report_action_api,    ROLE_LEADER, R_LONG },
  { "POST", "/api/v1/reports/:year/sent",      report_action_api,    ROLE_LEADER|ROLE_LEGAL, R_LONG },
  { "POST", "/api/v1/reports/:year/published", report_action_api,    ROLE_LEADER|ROLE_LEGAL, R_LONG },
  { "POST", "/api/v1/reports/:year/head",      report_head_api,      ROLE_LEGAL, R_LONG },
  { "GET",  "/api/v1/reports/:year/sheet",     report_sheet_api,     ROLE_LEADER|ROLE_LEGAL, R_LONG },
  { "GET",  "/api/v1/calendar/add-days",       cal_add_days_api,     0, 0 },
  { "GET",  "/api/v1/calendar/:year",          cal_year_api,         0, R_CACHE },
  { "PUT",  "/api/v1/calendar/:year",          cal_put_year_api,     A, 0 },
  { "POST", "/api/v1/uploads",                 resume_create_api,    0, 0 },
  { "GET",  "/api/v1/uploads/:id",             resume_get_api,       0, 0 },
  { "PUT",  "/api/v1/uploads/:id",             resume_put_api,       0, R_UPLOAD },
  { 0, 0, 0, 0, 0 }
};

/* Every route: aRoute, then each register's rows (app_routes_init). */
const struct route *app_routes = aRoute;

void routes_print(bool bRaw){
  static const struct { unsigned bit; const char *zName; } aFlag[] = {
    { R_PUBLIC, "public" }, { R_NOCSRF, "nocsrf" }, { R_PWCHANGE, "pwchange" },
    { R_ENROLL, "enroll" }, { R_CACHE, "cache" }, { R_LONG, "long" },
  };
  const struct route *p;
  struct arena *ar = arena_new();
  if( !bRaw ) printf("方法\t路径\t角色\t标志\n");
  for(p=app_routes; p->zPath; p++){
    struct buf fl = BUF_INIT;
    unsigned mLeft = p->mFlags;
    size_t i;
    if( bRaw ){
      printf("%s\t%s\t%u\t%u\n", p->zMethod, p->zPath, p->mRoles, p->mFlags);
      continue;
    }
    for(i=0; i<COUNT(aFlag); i++){
      if( p->mFlags & aFlag[i].bit ){
        buf_appendf(&fl, "%s%s", fl.len ? "," : "", aFlag[i].zName);
        mLeft &= ~aFlag[i].bit;
      }
    }
    if( mLeft ) buf_appendf(&fl, "%s0x%x", fl.len ? "," : "", mLeft);
    printf("%s\t%s\t%s\t%s\n", p->zMethod, p->zPath,
           (p->mFlags & R_PUBLIC) ? "公开（无须登录）"
             : p->mRoles==0 ? "所有登录用户" : role_names(ar, p->mRoles),
           fl.len ? fl.buf : "-");
    buf_release(&fl);
  }
  arena_free(ar);
}

/* The left navigation by role in groups of the bureau's work; the registers' entries
** join their groups at start-up. */
static const struct nav_item aNav[] = {
  /* a person's own pages (个人中心, 修改密码, 动态口令) are in the top
  ** bar's menu; 系统管理 holds only what administrators and auditors use */
  { "首页",     "工作台",   "/",          0 },
  { "首页",     "工作日历", "/calendar",  0 },
  { "首页",     "今日任务", "/today",     ROLE_INSPECTOR },
  { "学校",     "达标情况", "/compliance", 0 },
  { "学校",     "年度考核", "/assessment", 0 },
  { "学校",     "本年度检查项目", "/check-year", ROLE_SCHOOL },
  { "年度报告", "法治政府建设报告", "/reports", ROLE_LEADER|ROLE_LEGAL },
  { "系统管理", "用户管理", "/users",     A },
  { "系统管理", "首页数据项", "/home-figures", A },
  { "系统管理", "审计日志", "/audit",     AUD },
  { 0, 0, 0, 0 }
};

/* Match zPath against zPattern; fills r's path arguments. */
static bool route_match(const char *zPattern, const char *zPath, struct req *r){
  const char *p = zPattern, *s = zPath;
  int n = 0;
  while( *p && *s ){
    if( *p==':' ){
      const char *e = strchr(s, '/');
      size_t len = e ? (size_t)(e - s) : strlen(s);
      if( len==0 || n>=4 ) return false;
      if( r ) r->azPathArg[n] = arena_strndup(r->arena, s, len);
      n++;
      s += len;
      while( *p && *p!='/' ) p++;
      continue;
    }
    if( *p!=*s ) return false;
    p++; s++;
  }
  if( *p || *s ) return false;
  if( r ) r->nPathArg = n;
  return true;
}

/* After every command's database open (and a migration's copy): what a
** migration left to derive -- the org tree's order keys, and report files
** kept as base64 before 0019 moved into the file store. */
static void app_after_open_all(void){
  org_sort_rebuild();
  report_files_to_store();
}

void app_regs_init(void){
  app_registry_init();
  org_set_merge_hook(school_merge);
  app_set_after_open(app_after_open_all);
  audit_set_subject(reg_audit_subject);
  reg_set_list(aReg);
  reg_docs_set(apDocs);
  reg_set_scope(org_scope_like);
  cal_set_hook(reg_deadline_recompute);
  clock_set_source(cal_current, app_gen);
}

/* The route table with every register's rows appended (once). */
static void app_routes_build(void){
  static struct route *aAll;
  const struct reg_def *const *pp;
  size_t nCore = 0, n, nReg = 0;
  if( aAll ) return;
  while( aRoute[nCore].zPath ) nCore++;
  for(pp=aReg; *pp; pp++) nReg++;
  aAll = xcalloc(nCore + nReg*REG_NROUTE + 1, sizeof(*aAll));
  memcpy(aAll, aRoute, nCore*sizeof(*aAll));
  n = nCore;
  for(pp=aReg; *pp; pp++){
    struct reg_route a[REG_NROUTE];
    int i, k;
    if( (*pp)->zSeg==0 ) continue;      /* references only, no pages yet */
    k = reg_routes(*pp, a);
    for(i=0; i<k; i++){
      aAll[n].zMethod = a[i].zMethod;
      aAll[n].zPath = a[i].zPath;
      aAll[n].xHandler = a[i].xHandler;
      aAll[n].mRoles = a[i].mRoles;
      aAll[n].mFlags = ((a[i].mFlags & RR_CACHE) ? R_CACHE : 0)
                     | ((a[i].mFlags & RR_LONG) ? R_LONG : 0)
                     | ((a[i].mFlags & RR_UPLOAD) ? R_UPLOAD : 0)
                     | ((a[i].mFlags & RR_PUBLIC) ? R_PUBLIC : 0)
                     | ((a[i].mFlags & RR_NOCSRF) ? R_NOCSRF : 0)
                     | ((a[i].mFlags & RR_STREAM) ? R_STREAM : 0);
      n++;
    }
  }
  app_routes = aAll;
}

/* The navigation with the registers' entries in their groups (once). */
static const struct nav_item *app_nav_build(void){
  static struct nav_item *aAll;
  const struct reg_def *const *pp;
  size_t nCore = 0, nReg = 0, n = 0, i;
  if( aAll ) return aAll;
  while( aNav[nCore].zLabel ) nCore++;
  for(pp=aReg; *pp; pp++) nReg++;
  aAll = xcalloc(nCore + nReg + 1, sizeof(*aAll));
  for(i=0; i<=nCore; i++){
    bool bEnd = i==nCore || (i>0 && !str_eq(aNav[i].zGroup, aNav[i-1].zGroup));
    if( bEnd && i>0 ){
      /* close the group of entry i-1: its registers, then any registers of
      ** groups the core has none of, before 系统管理 */
      for(pp=aReg; *pp; pp++){
        bool bKnown = false;
        size_t k;
        for(k=0; k<nCore; k++) if( str_eq(aNav[k].zGroup, (*pp)->zNavGroup) ) bKnown = true;
        if( (*pp)->zSeg==0 || (*pp)->zNavGroup==0 ) continue;
        if( str_eq((*pp)->zNavGroup, aNav[i-1].zGroup)
         || (!bKnown && i<nCore && str_eq(aNav[i].zGroup, "系统管理")) ){
          aAll[n].zGroup = (*pp)->zNavGroup;
          aAll[n].zLabel = (*pp)->zListTitle ? (*pp)->zListTitle : (*pp)->zTitle;
          aAll[n].zUrl = fmt_dup("/%s", (*pp)->zSeg);
          aAll[n].mRoles = (*pp)->mRead;
          n++;
        }
      }
    }
    if( i<nCore ) aAll[n++] = aNav[i];
  }
  return aAll;
}

const struct route *route_find(const char *zMethod, const char *zPath, bool *pOtherMethod){
  const struct route *p;
  *pOtherMethod = false;
  for(p=app_routes; p->zPath; p++){
    if( route_match(p->zPath, zPath, 0) ){
      if( strcmp(p->zMethod, zMethod)==0 || (strcmp(zMethod, "HEAD")==0 && strcmp(p->zMethod, "GET")==0) ){
        return p;
      }
      *pOtherMethod = true;
    }
  }
  return 0;
}

/* Refuse: 401/403 for the API, a page or redirect for people. */
static void refuse(struct req *r, int status, const char *zCode, const char *zMsg){
  bool bApi = str_starts(r->zPath, "/api/");
  if( bApi ) api_error(r, status, zCode, zMsg, 0);
  else if( status==401 ) req_redirect(r, "/login");
  else html_error_page(r, status, zMsg);
}

/* Audit a permission denial in its own transaction.  The path is cut to
** 200 characters on a character boundary (a byte cut could leave invalid
** UTF-8, which PostgreSQL refuses). */
static void audit_denied(struct req *r, const char *zWhy){
  struct actor a;
  char *zPath = arena_strdup(r->arena, r->zPath);
  struct buf b = BUF_INIT;
  actor_from_req(&a, r);
  utf8_truncate_chars(zPath, 200);
  buf_appendf(&b, "{\"method\":%j,\"path\":%j,\"reason\":%j}", r->zMethod, zPath, zWhy);
  audit_write_now(&a, "denied", "route", "", 0, b.buf);
  buf_release(&b);
}

/* Run a cacheable GET: answer from the cache when the data generation (the
** audit head, which every write moves) is unchanged, else render and keep
** a 200 reply.  The key holds the query and the user's scope and roles. */
static void cached_handler(struct req *r, const struct route *p){
  struct buf key = BUF_INIT;
  const char *zType = 0;
  const char *zGen = app_gen();
  int i;
  buf_appendf(&key, "%s %s|%s|%u|", r->zMethod, r->zPath, r->pUser->zOrgPath, r->pUser->mRoles);
  for(i=0; i<r->nParam; i++){
    buf_appendf(&key, "%t=%t&", r->aParam[i].zName, r->aParam[i].zValue);
  }
  if( zGen==0 || db_failed() ){
    p->xHandler(r);
  }else if( cache_get(key.buf, zGen, &r->out, &zType) ){
    req_set_type(r, zType);
  }else{
    p->xHandler(r);
    if( r->status==200 && r->zContentType && r->nHeader==0 && zGen && !db_failed()
     && str_starts(r->zContentType, "application/json") ){
      cache_put(key.buf, zGen, "application/json; charset=utf-8", r->out.buf, r->out.len);
    }
  }
  buf_release(&key);
}

/* The checks a route's row asks for that need only the headers: sign-in,
** forced password change, forced TOTP enrolment, the role.  Loads the
** session.  Returns 0, or -1 after replying (a role denial is audited). */
static int route_allow(struct req *r, const struct route *p){
  if( !(p->mFlags & R_PUBLIC) || strcmp(p->zPath, "/login")==0 ){
    auth_load_session(r);
  }
  if( p->mFlags & R_PUBLIC ) return 0;
  if( r->pUser==0 ){
    refuse(r, 401, "unauthenticated", "请先登录");
    return -1;
  }
  if( r->pUser->bMustChange && !(p->mFlags & R_PWCHANGE) ){
    if( str_starts(r->zPath, "/api/") ) api_error(r, 403, "must_change_password", "请先修改初始密码", 0);
    else req_redirect(r, "/password");
    return -1;
  }
  if( r->pUser->bNeedTotp && !(p->mFlags & R_ENROLL) ){
    if( str_starts(r->zPath, "/api/") ) api_error(r, 403, "must_enroll_totp", "系统管理员须先绑定动态口令", 0);
    else req_redirect(r, "/totp");
    return -1;
  }
  if( p->mRoles && (p->mRoles & r->pUser->mRoles)==0 ){
    audit_denied(r, "role");
    refuse(r, 403, "forbidden", "您的角色无权使用此功能");
    return -1;
  }
  return 0;
}

/* Answer a request whose database work failed (store/db.h "Errors"):
** throw away what the handler wrote, log one line, roll back and reopen
** (db_recover), then 503 with Retry-After when trying again later can
** succeed (busy, storage, connection) or 500 when it cannot. */
static void db_failure_reply(struct req *r){
  static const struct { int status; const char *zCode, *zMsg; } aFail[] = {
    { 500, "db_error", "数据库无法处理该请求，本次操作未保存" },
    { 503, "busy", "系统繁忙，请稍后重试（本次操作未保存）" },
    { 503, "storage", "服务器存储空间不足或读写出错，本次操作未保存，请稍后重试" },
    { 503, "db_unavailable", "暂时无法连接数据库，本次操作未保存，请稍后重试" },
    { 500, "db_error", "数据库无法处理该请求，本次操作未保存" },
  };
  int e = db_failed();
  if( e<0 || e>=(int)COUNT(aFail) ) e = 0;
  log_warn("%j %j -> %d %j: %j (from %j, user %j)", r->zMethod, r->zPath, aFail[e].status,
           aFail[e].zCode, db_failure_message(), r->zIp ? r->zIp : "",
           r->pUser ? r->pUser->zUsername : "-");
  db_recover();
  r->xLong = 0;          /* the dispatcher's part failed: no long work */
  r->nHeader = 0;
  r->pStatic = 0;
  if( str_starts(r->zPath, "/api/") ){
    api_error(r, aFail[e].status, aFail[e].zCode, aFail[e].zMsg, 0);
  }else{
    html_error_page(r, aFail[e].status, aFail[e].zMsg);
  }
  if( aFail[e].status==503 ) req_add_header(r, "Retry-After", "5");
  /* the error page may have failed too; a connection still down is tried
  ** again before the next request */
  if( db_failed() && db_failed()!=DB_FAIL_BROKEN ) db_recover();
}

/* The end of every request, in the dispatcher and after long work: the
** failure reply, one log line per refusal, the invariants. */
static void request_end(struct req *r, const char *zWhat){
  if( db_open_statements() ){
    fatal("%s %s %s left %d statements open", zWhat, r->zMethod, r->zPath, db_open_statements());
  }
  if( db_failed() ){
    db_failure_reply(r);
  }else if( r->status==403 || r->status>=500 ){
    /* one line per refusal or failure; data escaped by the log writer */
    log_warn("%j %j -> %d (from %j, user %j)", r->zMethod, r->zPath, r->status,
             r->zIp ? r->zIp : "", r->pUser ? r->pUser->zUsername : "-");
  }
  if( db_txn_depth() ) fatal("%s %s %s left a transaction open", zWhat, r->zMethod, r->zPath);
}

/* Refuse a request whose input is not clean text (req_check_input): 400
** naming the field, before anything reaches the database. */
static bool input_refused(struct req *r){
  struct buf err = BUF_INIT;
  const char *zField = 0;
  if( req_check_input(r, &err, &zField)==0 ) return false;
  if( str_starts(r->zPath, "/api/") ){
    api_error(r, 400, "bad_param", arena_strdup(r->arena, err.buf), zField);
  }else{
    html_error_page(r, 400, arena_strdup(r->arena, err.buf));
  }
  buf_release(&err);
  return true;
}

int app_admit(struct req *r){
  bool bOther;
  const char *zType;
  const struct route *p;
  int rc = 0;
  db_recover();              /* reopen a connection a restart closed */
  if( input_refused(r) ){
    request_end(r, "admit");
    return -1;
  }
  p = route_find(strcmp(r->zMethod, "HEAD")==0 ? "GET" : r->zMethod, r->zPath, &bOther);
  if( p==0 ){
    app_dispatch(r);             /* 404 or 405, which needs no body */
    return -1;
  }
  r->bUpload = (p->mFlags & R_UPLOAD)!=0;
  r->nMaxBody = r->bUpload ? MAX_UPLOAD : MAX_BODY;
  /* a form with file inputs streams only when it comes as multipart */
  zType = req_header(r, "Content-Type");
  r->bStream = (p->mFlags & R_STREAM)!=0
            && ((p->xHandler!=reg_new_page && p->xHandler!=reg_edit_page)
                || (zType && str_starts(zType, "multipart/form-data")));
  if( r->bStream ){
    /* the file's cap, and room for the form's text parts around it (the
    ** cap may set a larger body for a form with several files) */
    route_match(p->zPath, r->zPath, r);
    r->nMaxFile = FILE_MAX_DEFAULT;
    r->nMaxBody = 0;
    if( p->xHandler==evidence_upload_page ) evidence_cap(r);
    else reg_file_cap(r);
    if( r->nMaxBody==0 ) r->nMaxBody = (size_t)r->nMaxFile + 64*1024;
  }
  if( route_allow(r, p) ) rc = -1;
  if( db_failed() ) rc = -1;     /* request_end answers 503/500 */
  request_end(r, "admit");
  /* app_dispatch loads the session again once the body is in */
  r->pUser = 0;
  r->zSessionHash = 0;
  r->bBearer = false;
  return rc;
}

void app_dispatch(struct req *r){
  bool bOther;
  const struct route *p;
  const char *zType;
  if( strcmp(r->zMethod, "HEAD")==0 ) r->zMethod = "GET";
  db_recover();              /* reopen a connection a restart closed */
  if( input_refused(r) ) goto done;
  p = route_find(r->zMethod, r->zPath, &bOther);
  if( p==0 ){
    if( bOther ){
      refuse(r, 405, "method_not_allowed", "不支持该请求方法");
    }else if( str_starts(r->zPath, "/api/") ){
      api_error(r, 404, "not_found", "没有这个接口", 0);
    }else{
      auth_load_session(r);
      html_error_page(r, 404, "页面不存在");
    }
    goto done;
  }
  route_match(p->zPath, r->zPath, r);
  /* the data generation, once per request (static files need none) */
  app_gen_set(p->xHandler==static_file ? 0 : app_gen_read(r->arena));
  zType = req_header(r, "Content-Type");
  if( req_is_write(r) && zType && str_starts(zType, "application/x-www-form-urlencoded") ){
    if( req_parse_form(r, r->pBody, r->nBody) ){
      refuse(r, 400, "bad_form", "表单内容不是有效的 UTF-8 文本");
      goto done;
    }
  }else if( req_is_write(r) && zType && str_starts(zType, "multipart/form-data")
            && !r->bStream ){
    struct buf err = BUF_INIT;
    if( req_parse_multipart(r, zType, &err) ){
      refuse(r, 400, "bad_form", arena_strdup(r->arena, err.buf));
      buf_release(&err);
      goto done;
    }
    buf_release(&err);
  }
  if( route_allow(r, p) ) goto done;
  if( req_is_write(r) && !(p->mFlags & R_NOCSRF) && !(r->pUser && r->bBearer) ){
    const char *zTok = req_header(r, "X-CSRF-Token");
    if( zTok==0 ) zTok = req_param(r, "csrf");
    if( r->pUser==0 || zTok==0 || !str_eq(zTok, r->pUser->zCsrf) ){
      audit_denied(r, "csrf");
      refuse(r, 403, "csrf", "请求缺少有效的 CSRF 令牌，请刷新页面后重试");
      goto done;
    }
  }
  /* a write sent again with its Idempotency-Key gets the first reply */
  if( idem_claim(r, (p->mFlags & R_HASH)!=0) ) goto done;
  if( p->mFlags & (R_LONG|R_HASH) ){
    r->xLong = p->xHandler;      /* the server runs it off the epoll thread */
    r->eLong = (p->mFlags & R_HASH) ? REQ_LONG_AUTH : REQ_LONG_WORK;
  }else if( p->mFlags & R_CACHE ){
    cached_handler(r, p);
  }else{
    idem_arm(r);
    p->xHandler(r);
    idem_finish(r);
  }
done:
  app_gen_set(0);
  request_end(r, "request");
  if( r->idemId && r->status>=500 ) idem_release(r);
}

void app_run_long(struct req *r){
  db_recover();
  idem_arm(r);
  r->xLong(r);
  idem_finish(r);
  request_end(r, "long request");
  if( r->idemId && r->status>=500 ) idem_release(r);
}

static const char *unit_name(struct req *r){
  return org_root_name(r->arena);
}

/* The figure and alert tables the areas declare (reg/figure.h); each
** register adds its tables here. */
static const struct figure *const aaFigTab[] = { org_figures, school_figures, permit_figures,
                                                  legal_figures, legality_figures, insp_figures,
                                                  insp_pub_figures, 0 };
static const struct alert_def *const aaAlertTab[] = { report_alerts, school_alerts, permit_alerts,
                                                      legal_alerts, legality_alerts,
                                                      insp_pub_alerts, 0 };
/* The populations the rates are shares of (figure.h), declared once. */
static const struct fig_pop *const aaPopTab[] = { org_pops, 0 };
/* The declared read-only views (reg/view.h). */
static const struct view_def *const apViewTab[] = { &compliance_view, &assess_view,
                                                     &adviser_eval_view, 0 };

void app_registry_init(void){
  figure_registry_set(aaFigTab, aaAlertTab);
  figure_pops_set(aaPopTab);
  view_set_list(apViewTab, org_scope_like);
}

/* The record kinds the audit page knows: those kept beside their areas,
** then one per register, made from its declaration (once). */
static const struct audit_kind *const *app_audit_kinds(void){
  static const struct audit_kind *const apCore[] = {
    &user_audit_kind, &cal_audit_kind, &report_audit_kind, &report_block_audit_kind,
    &demo_audit_kind
  };
  static const struct audit_kind **apAll;
  const struct reg_def *const *pp;
  size_t n = 0, i;
  if( apAll ) return apAll;
  for(pp=aReg; *pp; pp++) n++;
  apAll = xcalloc(COUNT(apCore) + n + 1, sizeof(*apAll));
  for(i=0; i<COUNT(apCore); i++) apAll[i] = apCore[i];
  for(pp=aReg; *pp; pp++){
    /* a register whose entries a kind above already shows (the report's) */
    size_t k;
    for(k=0; k<COUNT(apCore) && !str_eq(apCore[k]->zEntity, (*pp)->zName); k++){}
    if( k==COUNT(apCore) ) apAll[i++] = reg_audit_kind(*pp);
  }
  return apAll;
}

void app_routes_init(void){
  app_regs_init();
  app_routes_build();
  html_set_nav(app_nav_build(), unit_name);
  html_set_role_names(role_names);
  audit_set_kinds(app_audit_kinds());
}

static void healthz(struct req *r){
  req_set_type(r, "application/json; charset=utf-8");
  H(r, "{\"status\":\"ok\",\"db\":%j,\"schema\":%d}", db_engine(), db_schema_version());
}

static void static_file(struct req *r){
  server_static(r, r->azPathArg[0]);
}

static void audit_verify_page(struct req *r){
  struct audit_report rep;
  int rc = audit_verify_full(0, true, &rep);
  html_begin(r, "校验审计日志链", "/audit");
  if( rc==AUDIT_INTACT ){
    html_notice(r, "ok", "审计日志链完好");
    H(r, "<p>共 %lld 条，逐条 SM3 链接、封印及密钥目录中的审计头均相符。</p>",
      (long long)rep.nEntries);
  }else if( rc==AUDIT_WARNING ){
    html_notice(r, "info", rep.msg.buf);
    H(r, "<p>共 %lld 条，逐条 SM3 链接与封印相符。</p>", (long long)rep.nEntries);
  }else{
    html_notice(r, "err", rep.msg.buf);
  }
  if( rep.note.len ) H(r, "<pre>%h</pre>", rep.note.buf);
  html_end(r);
  audit_report_free(&rep);
}
