/*
** html.h -- page chrome and small HTML helpers (Fossil's style.c role).
**
** Every page is html_begin() ... html_end(): top bar (unit, product,
** user, 退出), left navigation showing only what the user's roles may
** use, breadcrumb, then the content.  Text goes out only through H() with
** %h / %a; the helpers here escape what they are given.
*/
#ifndef FAZHI_HTML_H
#define FAZHI_HTML_H

#include "../common.h"

struct req;

/* One entry of the left navigation. */
struct nav_item {
  const char *zGroup;      /* 首页 学校 行政许可 ... 系统管理 */
  const char *zLabel;      /* shown text */
  const char *zUrl;        /* link */
  unsigned mRoles;         /* roles that see it; 0 = every signed-in user */
};

/* Install the navigation (a static table ending with zLabel NULL) and the
** product's unit name lookup; called once at start-up. */
void html_set_nav(const struct nav_item *aNav, const char *(*xUnitName)(struct req *));

/* Open a page titled zTitle (the <title> also names the unit).  zCrumb is
** the breadcrumb's middle part or NULL; zActive is the URL of the
** navigation entry to highlight. */
void html_begin(struct req *r, const char *zTitle, const char *zActive);
/* The same with a breadcrumb through the pages above this one: azCrumb
** holds label, URL pairs after 首页, NULL-terminated (首页 › 机构名录 ›
** 新增机构), or is NULL. */
void html_begin_crumbs(struct req *r, const char *zTitle, const char *zActive,
                       const char *const *azCrumb);
/* Close the page. */
void html_end(struct req *r);
/* A bare page with no navigation (login, errors). */
void html_begin_bare(struct req *r, const char *zTitle);
void html_end_bare(struct req *r);

/* Append markup the program itself built (an SVG drawn by the server);
** never data from a person or a file -- that goes through %h. */
void html_raw(struct req *r, const char *zMarkup);

/* The hidden CSRF input for a POST form. */
void html_csrf(struct req *r);
/* A message box: zKind is "ok", "err" or "info". */
void html_notice(struct req *r, const char *zKind, const char *zText);
/* A labelled text input, with the error under it when zErr is set. */
void html_input(struct req *r, const char *zName, const char *zLabel,
                const char *zType, const char *zValue, bool bRequired,
                const char *zHint, const char *zErr);
/* An error page with status and message (stays inside the chrome when
** the user is signed in). */
void html_error_page(struct req *r, int status, const char *zMsg);

#endif
