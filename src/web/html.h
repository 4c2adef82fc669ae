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

/* Install the lookup of the Chinese names of role bits (for the top
** bar); called once at start-up. */
struct arena;
void html_set_role_names(char *(*xRoleNames)(struct arena *, unsigned));

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
/* The parts of one form field, shared by the register kernel's forms and
** the hand-written ones: <div class='field'> with the label (for='f-zId',
** required marked *), then the control the caller writes with id
** 'f-zId', then html_field_end() with the hint and the error in red under
** the control. */
void html_field_begin(struct req *r, const char *zId, const char *zLabel, bool bRequired,
                      const char *zErr);
void html_field_end(struct req *r, const char *zHint, const char *zErr);
/* The summary on top of a form with nErr problems ("请改正以下N处问题后再
** 保存："), then one html_err_item() per problem: its field's label and
** message linked to the field (#f-zField; zField NULL: the message
** alone), then html_err_summary_end(). */
void html_err_summary_begin(struct req *r, int nErr);
void html_err_item(struct req *r, const char *zField, const char *zLabel, const char *zMsg);
void html_err_summary_end(struct req *r);
/* The buttons under a form: the primary zSubmit (保存) and, set apart
** from it, 取消 going back to zCancel (NULL: no 取消). */
void html_form_actions(struct req *r, const char *zSubmit, const char *zCancel);
/* A labelled text input, with the error under it when zErr is set. */
void html_input(struct req *r, const char *zName, const char *zLabel,
                const char *zType, const char *zValue, bool bRequired,
                const char *zHint, const char *zErr);
/* A list table.  On a desktop it is a table; on a narrow
** screen app.css shows each row as a card of label–value pairs, reading
** each cell's label from the data-label attribute written here, so every
** list drawn through these helpers (and the register kernel's lists) gets
** the phone layout.  Column classes: "num" (right-aligned figures),
** "code" (identifiers that never wrap), "nowrap", "act" (row actions at
** the right, no label on a phone), "wide" (long text that may wrap).
** The struct lives on the caller's stack. */
struct html_table {
  struct req *r;
  int nCol;                      /* columns */
  int iCol;                      /* next cell of the open row, -1 before one */
  const char *const *azHead;     /* nCol labels ("" for none) */
  const char *const *azClass;    /* nCol classes or NULL */
};
/* Open <table class='list'> (zExtra: more classes or NULL) with its
** header row. */
void html_table_begin(struct html_table *t, struct req *r, const char *zExtra, int nCol,
                      const char *const *azHead, const char *const *azClass);
/* Start a row (closing the previous one). */
void html_table_row(struct html_table *t);
/* One cell of the open row: zFmt as for H() (%h for data), the column's
** class plus zClass (NULL for none), its label as data-label. */
void html_cell(struct html_table *t, const char *zClass, const char *zFmt, ...);
/* Close the last row and the table. */
void html_table_end(struct html_table *t);

/* An error page with status and message (stays inside the chrome when
** the user is signed in). */
void html_error_page(struct req *r, int status, const char *zMsg);

#endif
