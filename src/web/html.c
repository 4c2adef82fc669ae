/*
** html.c -- page chrome.
*/
#include "../common.h"
#include "../base/buf.h"
#include "../base/fmt.h"
#include "html.h"
#include "req.h"

static const struct nav_item *aNavTable;
static const char *(*xUnit)(struct req *);
static char *(*xRoleNames)(struct arena *, unsigned);

void html_set_role_names(char *(*x)(struct arena *, unsigned)){
  xRoleNames = x;
}

void html_set_nav(const struct nav_item *aNav, const char *(*xUnitName)(struct req *)){
  aNavTable = aNav;
  xUnit = xUnitName;
}

/* The unit's name for the top bar and titles. */
static const char *unit_name(struct req *r){
  const char *z = xUnit ? xUnit(r) : 0;
  return z ? z : "教育局";
}

/* The document head shared by both page kinds. */
static void html_head(struct req *r, const char *zTitle){
  req_set_type(r, "text/html; charset=utf-8");
  H(r, "<!DOCTYPE html>\n<html lang='zh-CN'><head><meta charset='utf-8'>\n"
       "<meta name='viewport' content='width=device-width, initial-scale=1'>\n"
       "<title>%h - %h</title>\n"
       "<link rel='icon' href='data:,'>\n"
       "<link rel='stylesheet' href='/static/app.css'>\n"
       "<script src='/static/app.js' defer></script>\n"
       "</head>\n", zTitle, unit_name(r));
}

void html_begin(struct req *r, const char *zTitle, const char *zActive){
  html_begin_crumbs(r, zTitle, zActive, 0);
}

void html_begin_crumbs(struct req *r, const char *zTitle, const char *zActive,
                       const char *const *azCrumb){
  const struct nav_item *p;
  int i;
  const char *zGroup = 0;
  html_head(r, zTitle);
  H(r, "<body>\n<header class='top'>"
       "<button type='button' class='menu-btn' aria-controls='nav' aria-expanded='false'>菜单</button>"
       "<span class='unit'>%h</span><span class='product'>教育法治工作平台</span>",
    unit_name(r));
  if( r->pUser ){
    /* 个人中心: who is signed in, in which unit and role, and their own
    ** pages (details/summary: no script, keyboard reachable) */
    const char *zRoles = xRoleNames ? xRoleNames(r->arena, r->pUser->mRoles) : "";
    H(r, "<details class='me'><summary><span class='who'>%h</span>"
         "<span class='who-role'>%h</span></summary><div class='me-menu'>"
         "<div class='me-head'>%h<div class='sub'>%h · %h</div></div>"
         "<a href='/me'>个人中心</a><a href='/password'>修改密码</a>"
         "<a href='/totp'>动态口令</a><a href='/me#sessions'>登录会话</a></div></details>",
      r->pUser->zName, zRoles, r->pUser->zName, r->pUser->zOrgName, zRoles);
    H(r, "<form method='post' action='/logout' class='logout'>");
    html_csrf(r);
    H(r, "<button type='submit' class='link'>退出</button></form>");
  }
  H(r, "</header>\n<div class='frame'>\n<nav id='nav' class='nav'>\n");
  for(p=aNavTable; p && p->zLabel; p++){
    if( r->pUser==0 ) break;
    if( p->mRoles && (p->mRoles & r->pUser->mRoles)==0 ) continue;
    if( zGroup==0 || strcmp(zGroup, p->zGroup)!=0 ){
      if( zGroup ) H(r, "</ul>\n");
      zGroup = p->zGroup;
      H(r, "<div class='nav-group'>%h</div><ul>\n", zGroup);
    }
    H(r, "<li><a href='%a'%s>%h</a></li>\n", p->zUrl,
      zActive && strcmp(zActive, p->zUrl)==0 ? " class='active' aria-current='page'" : "",
      p->zLabel);
  }
  if( zGroup ) H(r, "</ul>\n");
  H(r, "</nav>\n<main class='content'>\n<div class='crumb'><a href='/'>首页</a>");
  for(i=0; azCrumb && azCrumb[i] && azCrumb[i+1]; i+=2){
    H(r, " › <a href='%a'>%h</a>", azCrumb[i+1], azCrumb[i]);
  }
  H(r, " › %h</div>\n<h1>%h</h1>\n", zTitle, zTitle);
}

void html_end(struct req *r){
  H(r, "</main>\n</div>\n</body></html>\n");
}

void html_begin_bare(struct req *r, const char *zTitle){
  html_head(r, zTitle);
  H(r, "<body class='bare'>\n<main class='bare-box'>\n"
       "<div class='brand'><div class='unit'>%h</div>"
       "<div class='product'>教育法治工作平台</div></div>\n"
       "<h1>%h</h1>\n", unit_name(r), zTitle);
}

void html_end_bare(struct req *r){
  H(r, "</main>\n</body></html>\n");
}

void html_raw(struct req *r, const char *zMarkup){
  buf_puts(&r->out, zMarkup);
}

void html_csrf(struct req *r){
  if( r->pUser && r->pUser->zCsrf ){
    H(r, "<input type='hidden' name='csrf' value='%a'>", r->pUser->zCsrf);
  }
}

void html_notice(struct req *r, const char *zKind, const char *zText){
  H(r, "<div class='notice %a' role='%s'>%h</div>\n", zKind,
    strcmp(zKind, "err")==0 ? "alert" : "status", zText);
}

void html_field_begin(struct req *r, const char *zId, const char *zLabel, bool bRequired,
                      const char *zErr){
  H(r, "<div class='field%s'><label for='f-%a'>%h%s</label>", zErr ? " has-err" : "",
    zId, zLabel, bRequired ? "<span class='req'>*</span>" : "");
}

void html_field_end(struct req *r, const char *zHint, const char *zErr){
  if( zHint ) H(r, "<div class='hint'>%h</div>", zHint);
  if( zErr ) H(r, "<div class='err'>%h</div>", zErr);
  H(r, "</div>\n");
}

void html_err_summary_begin(struct req *r, int nErr){
  H(r, "<div class='notice err' role='alert'><p>请改正以下%d处问题后再保存：</p><ul>", nErr);
}

void html_err_item(struct req *r, const char *zField, const char *zLabel, const char *zMsg){
  if( zField && zLabel ){
    H(r, "<li><a href='#f-%a'>%h</a>：%h</li>", zField, zLabel, zMsg);
  }else{
    H(r, "<li>%h</li>", zMsg);
  }
}

void html_err_summary_end(struct req *r){
  H(r, "</ul></div>\n");
}

void html_form_actions(struct req *r, const char *zSubmit, const char *zCancel){
  H(r, "<div class='actions'><button class='primary' type='submit'>%h</button>", zSubmit);
  if( zCancel ) H(r, "<a class='btn' href='%a'>取消</a>", zCancel);
  H(r, "</div>");
}

void html_input(struct req *r, const char *zName, const char *zLabel,
                const char *zType, const char *zValue, bool bRequired,
                const char *zHint, const char *zErr){
  html_field_begin(r, zName, zLabel, bRequired, zErr);
  H(r, "<input id='f-%a' name='%a' type='%a' value='%a'%s%s>", zName, zName, zType,
    zValue ? zValue : "", bRequired ? " required" : "",
    strcmp(zType, "password")==0 ? " autocomplete='off'" : "");
  html_field_end(r, zHint, zErr);
}

void html_error_page(struct req *r, int status, const char *zMsg){
  const char *zTitle = status==403 ? "无权访问" : status==404 ? "页面不存在" : "出错了";
  r->status = status;
  buf_reset(&r->out);
  r->nHeader = 0;
  if( r->pUser ){
    html_begin(r, zTitle, 0);
    html_notice(r, "err", zMsg);
    H(r, "<p><a href='/'>返回首页</a></p>\n");
    html_end(r);
  }else{
    html_begin_bare(r, zTitle);
    html_notice(r, "err", zMsg);
    H(r, "<p><a href='/login'>登录</a></p>\n");
    html_end_bare(r);
  }
}

void html_table_begin(struct html_table *t, struct req *r, const char *zExtra, int nCol,
                      const char *const *azHead, const char *const *azClass){
  int i;
  t->r = r;
  t->nCol = nCol;
  t->iCol = -1;
  t->azHead = azHead;
  t->azClass = azClass;
  H(r, "<table class='list%s%a'><thead><tr>", zExtra ? " " : "", zExtra ? zExtra : "");
  for(i=0; i<nCol; i++){
    const char *zC = azClass && azClass[i] ? azClass[i] : "";
    if( zC[0] ) H(r, "<th class='%a'>%h</th>", zC, azHead[i]);
    else H(r, "<th>%h</th>", azHead[i]);
  }
  H(r, "</tr></thead><tbody>\n");
}

void html_table_row(struct html_table *t){
  if( t->iCol>=0 ){
    while( t->iCol < t->nCol ) html_cell(t, 0, "");
    H(t->r, "</tr>\n");
  }
  H(t->r, "<tr>");
  t->iCol = 0;
}

void html_cell(struct html_table *t, const char *zClass, const char *zFmt, ...){
  va_list ap;
  int i = t->iCol;
  const char *zCol = "", *zLabel = "";
  if( i<0 ){ html_table_row(t); i = 0; }
  if( i < t->nCol ){
    zCol = t->azClass && t->azClass[i] ? t->azClass[i] : "";
    zLabel = t->azHead[i];
  }
  H(t->r, "<td");
  if( zCol[0] || (zClass && zClass[0]) ){
    H(t->r, " class='%a%s%a'", zCol, zCol[0] && zClass && zClass[0] ? " " : "",
      zClass ? zClass : "");
  }
  H(t->r, " data-label='%a'>", zLabel);
  va_start(ap, zFmt);
  buf_vappendf(&t->r->out, zFmt, ap);
  va_end(ap);
  H(t->r, "</td>");
  t->iCol = i + 1;
}

void html_table_end(struct html_table *t){
  if( t->iCol>=0 ){
    while( t->iCol < t->nCol ) html_cell(t, 0, "");
    H(t->r, "</tr>\n");
  }
  H(t->r, "</tbody></table>\n");
}
