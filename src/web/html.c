/*
** html.c -- page chrome.
*/
#include "../common.h"
#include "../base/buf.h"
#include "html.h"
#include "req.h"

static const struct nav_item *aNavTable;
static const char *(*xUnit)(struct req *);

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
    H(r, "<span class='who'>%h（%h）</span>"
         "<form method='post' action='/logout' class='logout'>",
      r->pUser->zName, r->pUser->zOrgName);
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

void html_input(struct req *r, const char *zName, const char *zLabel,
                const char *zType, const char *zValue, bool bRequired,
                const char *zHint, const char *zErr){
  H(r, "<div class='field%s'><label for='f-%a'>%h%s</label>",
    zErr ? " has-err" : "", zName, zLabel, bRequired ? "<span class='req'>*</span>" : "");
  H(r, "<input id='f-%a' name='%a' type='%a' value='%a'%s%s>", zName, zName, zType,
    zValue ? zValue : "", bRequired ? " required" : "",
    strcmp(zType, "password")==0 ? " autocomplete='off'" : "");
  if( zHint ) H(r, "<div class='hint'>%h</div>", zHint);
  if( zErr ) H(r, "<div class='err'>%h</div>", zErr);
  H(r, "</div>\n");
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
