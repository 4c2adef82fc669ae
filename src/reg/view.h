/*
** view.h -- declared read-only views: grouped and ranked rows over the
** registers as of a date, drawn by the kernel as a page, JSON, xlsx/CSV
** and a command.
**
** A view's rows are the members of a population (figure.h: "the schools
** and kindergartens open on the as-of day" in the actor's scope), one row
** per org -- or, for a view keyed by something other than an org
** (zRowReg: a person, say), the live rows of a register in the actor's
** scope (the register's own scope rule), one row per record, named by its
** title and linked to its page.  A column may count, per row, the rows of
** another register that name it (zCount: the reviews an adviser did in
** the year up to the as-of day, with a declared filter).  Its columns are declared: a column naming a figure gets, for
** each row, the number of that figure's records of the row's org (for a
** rate: 1 when the org is counted, 0 when it is missing), so a view never
** redefines what a figure counts; other columns are filled by the view's
** xFill from the registers' fields.  A view may rank its rows on a column
** (descending, equal values share a rank: 1, 1, 3) and hide rows (the
** compliance view lists only the schools lacking something).
**
** From one declaration the kernel gives, for a view whose zPath is "x":
**   GET /x              the page: the toolbar (数据截至, 年度, 类别), the
**                       summary the view writes (xHeadHtml), the table with
**                       sortable headers, 50 rows a page, export buttons
**   GET /x/export       ?format=xlsx|csv, every row (also /api/v1/x/export)
**   GET /api/v1/x       {...summary (xHeadJson), "items":[...], "total":N}
**                       with ?limit= (default 200, at most 1000) &offset=
**   fazhi <zCmd>        --as-of, --year, --kind, --format text|csv|xlsx|json,
**                       --limit/--offset, -o FILE
** with the scope and the paging of a register.  A view of zRowReg rows has
** no 类别 column and names its rows "id" and "name" in JSON.  Parameters: as_of (a date,
** default today), year (VIEW_P_YEAR: 2000-2100; the as-of day then
** defaults to today within the year, else its last day), kind (VIEW_P_KIND:
** school or kindergarten, also 中小学/幼儿园).  Bad input answers 400
** naming the parameter (page, API) or exit status 2 (command).
*/
#ifndef FAZHI_VIEW_H
#define FAZHI_VIEW_H

#include "../common.h"
#include "figure.h"

struct arena;
struct buf;
struct json_w;
struct req;
struct actor;

/* Cell types. */
enum { VIEW_TEXT = 0, VIEW_NUM = 1, VIEW_LIST = 2 };

/* Parameters a view takes (mParam). */
#define VIEW_P_YEAR 1u           /* ?year= (the as-of day follows it) */
#define VIEW_P_KIND 2u           /* ?kind=school|kindergarten */

#define VIEW_PAGE_ROWS 50

/* One declared column. */
struct view_col {
  const char *zKey;              /* JSON member and sort key: "total" */
  const char *zLabel;            /* header: 总分 */
  int eType;                     /* VIEW_TEXT, VIEW_NUM, VIEW_LIST */
  const char *zClass;            /* the cell's class: num, nowrap, wide */
  const char *zFigure;           /* a figure's key: the cell counts its records of the row's
                                 ** org (see above); NULL: filled by xFill */
  const char *zArray;            /* JSON: columns with the same zArray, in order, form one
                                 ** array member of that name instead of their own members */
  bool bHidden;                  /* computed for xFill only: not drawn, not in JSON or export */
  /* ---- a count by the row (views with zRowReg): the live rows of register
  ** zCount whose REG_REF field zCountRef names the row, whose date field
  ** zCountDate falls in the view's year up to the as-of day (NULL: any
  ** day) and that match zCountIf (SQL over t., from the declaration;
  ** NULL: all) ---- */
  const char *zCount;
  const char *zCountRef;
  const char *zCountDate;
  const char *zCountIf;
};

/* One cell. */
struct view_cell {
  bool bSet;                     /* false: empty ("" / null) */
  double v;                      /* VIEW_NUM */
  const char *z;                 /* VIEW_TEXT */
  int n, nAlloc;                 /* VIEW_LIST: codes and texts */
  const char **azCode, **azText;
};

/* One row: an org (or a record of zRowReg) and its cells. */
struct view_row {
  i64 org;                       /* the org's id, or the record's (zRowReg) */
  const char *zOrg;              /* its name (the record's title) */
  const char *zKind;             /* org.kind (NULL for a record) */
  int rank;                      /* when the view ranks, from 1 */
  bool bHide;                    /* left out of every output (and the total) */
  struct view_cell *aCell;       /* [column] */
  void *pData;                   /* the view's own per-row data */
};

/* A view being computed (on the request's or the command's arena). */
struct view_ctx {
  const struct view_def *d;
  struct arena *ar;
  const struct actor *a;
  struct fig_scope s;            /* year, as-of day, scope */
  const char *zKind;             /* NULL, "school" or "kindergarten" */
  int nCol, nColAlloc;
  struct view_col *aCol;         /* the declared columns, then those xCols added */
  int nRow;
  struct view_row *aRow;         /* in the population's order, then ranked */
  int nShown;                    /* rows not hidden */
  void *pData;                   /* the view's own data */
  struct view_idx { i64 org; int i; } *aIdx;  /* rows by org (view_row_find), during xFill */
  i64 onlyKey;                   /* view_run_key: only this row (0: all) */
};

/* A declared view. */
struct view_def {
  const char *zName;             /* "compliance" */
  const char *zTitle;            /* the page title: 学校法治工作达标情况 (VIEW_P_YEAR: after
                                 ** "2024年度") */
  const char *zPath;             /* URL segment: "compliance" */
  const char *zCmd;              /* the command: "compliance" */
  const char *zAbout;            /* the command's description (usage text) */
  unsigned mParam;               /* VIEW_P_* */
  const char *zPop;              /* the rows: this population's members */
  const struct view_col *aCol;
  int nCol;
  const char *zRank;             /* rank on this column (descending), or NULL */
  const char *zClass;            /* the table's extra class ("gaps", "assess") */
  const char *zCaption;          /* a heading over the table, with the total, or NULL */
  const char *zCounter;          /* the unit of the total: 所 */
  const char *zEmpty;            /* the text when no row is shown */
  const char *zRowTag;           /* command, text format: the first field of a row line */
  bool bCsvDefault;              /* the command's default format is CSV, not text */
  const char *zArray;            /* JSON: an array member every item has, empty when no
                                 ** column (zArray of view_col) fills it, or NULL */
  const char *zRowReg;           /* rows: this register's records (keyed by their id),
                                 ** not zPop's orgs; NULL: zPop */
  const char *zRowLabel;         /* the rows' header (法律顾问); NULL: 学校 */
  /* Add run-time columns (view_col_add); may be NULL. */
  void (*xCols)(struct view_ctx *c);
  /* Fill the cells the figures do not, hide rows; may be NULL. */
  void (*xFill)(struct view_ctx *c);
  /* The summary above the table; returns false to draw no table. */
  bool (*xHeadHtml)(struct view_ctx *c, struct req *r);
  /* The summary members of the JSON object, before "items". */
  void (*xHeadJson)(struct view_ctx *c, struct json_w *j);
  /* The summary lines of the command's text format. */
  void (*xHeadText)(struct view_ctx *c, struct buf *p);
  /* The export's title (xlsx title row), in c->ar; may be NULL. */
  const char *(*xExportTitle)(struct view_ctx *c);
};

/* Install the NULL-terminated list of views and the scope hook (the LIKE
** pattern of org paths an actor reaches).  Called once at start-up. */
void view_set_list(const struct view_def *const *apView,
                   char *(*xScopeLike)(struct arena *, const struct actor *));
/* The view whose zPath or zCmd is zName, or NULL. */
const struct view_def *view_find(const char *zName);

/* Compute view d for actor a, year (0: from the day), as-of day iAsOf (0:
** the default) and kind (NULL: all) into c, memory from ar. */
void view_run(const struct view_def *d, struct view_ctx *c, struct arena *ar,
              const struct actor *a, int year, int iAsOf, const char *zKind);

/* view_run for the one row whose key (org or record id) is key: c->nRow
** is 1 when the actor reaches it, else 0. */
void view_run_key(const struct view_def *d, struct view_ctx *c, struct arena *ar,
                  const struct actor *a, int year, int iAsOf, i64 key);
/* On a record's page: the row of key for each year of aYear (nYear of
** them), a table of 年度 and the view's columns (nothing when no year has
** the row); zTitle heads it. */
void view_key_years(struct req *r, const struct view_def *d, const struct actor *a, i64 key,
                    const int *aYear, int nYear, const char *zTitle);

/* For xCols: add a column (copied). Returns its index. */
int view_col_add(struct view_ctx *c, const struct view_col *pCol);
/* The index of column zKey, or -1. */
int view_col_index(const struct view_ctx *c, const char *zKey);
/* The row of org, or -1 (in xCols and xFill: the rows are ranked after). */
int view_row_find(const struct view_ctx *c, i64 org);
/* Set a cell. */
void view_set_num(struct view_ctx *c, int iRow, int iCol, double v);
void view_set_text(struct view_ctx *c, int iRow, int iCol, const char *z);
/* Add an entry to a VIEW_LIST cell (strings copied). */
void view_list_add(struct view_ctx *c, int iRow, int iCol, const char *zCode, const char *zText);
/* A number as the views print it: "8", "7.5" (one decimal). */
const char *view_num_text(struct arena *ar, double v);
/* n of d as a percentage: "100%", "97.8%", "0.0%"; "—" when d is 0. */
const char *view_pct(struct arena *ar, int n, int d);

/* The routes' handlers: the page, the export (page and API), the JSON;
** the view is found from the request's path. */
void view_page(struct req *r);
void view_export_page(struct req *r);
void view_api(struct req *r);
/* The command of view d (argv[0] is the command's name). */
int view_cmd(const struct view_def *d, int argc, char **argv);

#endif
