/*
** figure.h -- the registry of figures and alerts the areas declare.
**
** A figure is a number the annual report, the dashboard, the figures API
** and `fazhi figures` state: a key ("org.schools"), a Chinese label, a
** unit, a definition, and a function of (year, as-of date, scope) that
** returns the value and the records it counts (their ids and labels: the
** provenance).  A record's own dates decide whether it counts as of a day,
** never the time it was typed in, so the same year, date and data always
** give the same value.
**
** A figure is declared by kind (struct fig_decl): a count of a
** register's rows whose date falls in the year up to the as-of day, with a
** declared filter; a rate, the share of a population (struct fig_pop: "the
** schools and kindergartens open on the day", declared once by key and
** reused by every rate over it) whose members have a matching record; a
** sum of a field over rows chosen as for a count.  The kernel runs the
** declaration (fig_kind.c) and returns the value, the ids of the records
** counted and, for a rate, the numerator, the denominator and the members
** missing.  A hand-written function (xEval, or xArg with an argument) is
** kept only where no kind fits.
**
** An alert is something that needs action (a deadline, a missing item):
** a key, a label and a function of (as-of date, scope) that lists items
** with a link.
**
** The areas declare NULL-terminated tables of both; the wiring file at the
** top (src/routes.c) hands the list of tables to figure_registry_set() at
** start-up, so nothing that reads figures includes another area's header.
*/
#ifndef FAZHI_FIGURE_H
#define FAZHI_FIGURE_H

#include "../common.h"

struct arena;

/* What a figure or alert is asked about. */
struct fig_scope {
  int year;                   /* the year reported on */
  int iAsOf;                  /* the as-of day (base/date.h day number) */
  const char *zAsOf;          /* the same as ISO text, "2024-11-15" */
  const char *zYearStart;     /* "2024-01-01" */
  const char *zLike;          /* org.path LIKE pattern of the scope: "/0000000001/%" */
  const char *zSoon;          /* added: the day FIG_SOON_DAYS after the as-of day */
};

/* A figure's answer. */
struct fig_result {
  bool bKnown;                /* records exist; false renders 【待补充】 */
  double v;                   /* the value (percentages as 0..100) */
  int n;                      /* records counted */
  int nAlloc;
  i64 *aId;                   /* their ids, in the arena */
  const char **azLabel;       /* a label per record (name), in the arena */
  const char **azDetail;      /* a detail per record (kind, dates), may be NULL entries */
  /* added for declared kinds (fig_kind.c); hand-written figures may leave them zero */
  i64 *aOrg;                  /* the org of each record (0: unknown) */
  const char **azDue;         /* a date per record (a term's end ...), may be NULL entries */
  int nNum, nDen;             /* a rate: the members matching, and all members */
  int nMiss, nMissAlloc;      /* a rate: the members without a matching record */
  i64 *aMissId, *aMissOrg;
  const char **azMissLabel, **azMissDetail;
  /* added: a value entered by hand (人工填报, fig_manual.c), used only while
  ** the register's own figure has no records */
  bool bManual;
  const char *zSource;        /* 《source document》，confirmed by ... */
  const char *zManualLabel;   /* the label and unit given with the value */
  const char *zManualUnit;    /*   (for a key no area declares) */
  const char *zPartial;       /* added: not known because only some of its items are
                              ** recorded: 「已记录1项（共4项）」, in the arena */
};

/* The SQL of a declaration: every fragment may use ?1 the scope's org.path
** LIKE pattern, ?2 the as-of day, ?3 the year's first day, ?4 the year (an
** integer) and ?5 the day FIG_SOON_DAYS after the as-of day (the horizon
** of 将满).  Rows are joined to their org as alias o: the kernel adds
** "o.path LIKE ?1" unless zScope says otherwise.  "{pop}" in zWhere or
** zMatch is replaced by the population's ids (SELECT o.id FROM ... WHERE
** ...), so a condition over the population is never written twice. */
#define FIG_SOON_DAYS 60

/* A population: the set a rate is a share of (rows of zFrom in scope
** passing zWhere on the as-of day), declared once, found by key. */
struct fig_pop {
  const char *zKey;           /* "school_open" */
  const char *zLabel;         /* 开办中的中小学和幼儿园 */
  const char *zFrom;          /* "org o" */
  const char *zWhere;         /* "o.kind IN (...) AND (o.founded IS NULL OR o.founded<=?2) ..." */
  const char *zId, *zName;    /* id and label expressions: "o.id", "o.name" */
  const char *zOrg;           /* the member's org id: "o.id" */
  const char *zOrder;         /* "o.sort_path, o.id" */
};

/* Kinds of declared figure. */
enum { FIG_COUNT = 1, FIG_RATE = 2, FIG_SUM = 3 };

/* A figure declared by kind.  Count and sum: the rows of zFrom in scope
** (zScope: the org path column, NULL for "o.path", "" for none), with
** zDate (when set) from the year's first day to the as-of day, passing
** zWhere.  Rate: the members of population zPop passing zWhere (or, with
** no zPop, the rows chosen as for a count), the numerator those for which
** zMatch holds. */
struct fig_decl {
  int eKind;                  /* FIG_COUNT, FIG_RATE, FIG_SUM */
  const char *zPop;           /* rate: the population's key; or NULL */
  const char *zFrom;          /* "activity t JOIN org o ON o.id=t.org_id" */
  const char *zScope;         /* NULL: "o.path"; "": scoped inside zWhere ({pop}) */
  const char *zDate;          /* the date field counted in the year to the as-of day */
  const char *zWhere;         /* the declared filter */
  const char *zMatch;         /* rate: a member has the matching record */
  const char *zId, *zName;    /* the record's id and label */
  const char *zDetail;        /* the record's detail (an SQL text expression), or NULL */
  const char *zOrg;           /* the record's org id, or NULL */
  const char *zDue;           /* a date of the record (ISO text), or NULL */
  const char *zValue;         /* sum: the summed expression */
  const char *zOrder;         /* the records' order */
  const char *zKnown;         /* a query: a row means the register holds data, so
                              ** a count of 0 is known (count), a rate is known
                              ** only then (rate); NULL: count known when n>0 */
  const char *zMet, *zMiss;   /* rate: the detail of a member matching / missing */
  const char *zRecorded;      /* a rate over several items (均达标): a query counting the
                              ** items recorded in the scope; while fewer than nItems
                              ** the rate is not known and says 已记录N项 (zPartial) */
  int nItems;
};

/* One declared figure. */
struct figure {
  const char *zKey;           /* "org.schools" */
  const char *zLabel;         /* 中小学数 */
  const char *zUnit;          /* 所, 次, % */
  const char *zDef;           /* the definition printed in 数据来源 */
  const char *zEntity;        /* what the ids are: "org" */
  /* Fill res (zeroed by the caller) for s; memory from ar. */
  void (*xEval)(const struct fig_scope *s, struct arena *ar, struct fig_result *res);
  /* added: a figure declared by kind (xEval NULL), or a hand-written
  ** function taking an argument, so one function serves many figures */
  const struct fig_decl *pDecl;
  const void *pArg;
  void (*xArg)(const struct figure *f, const struct fig_scope *s, struct arena *ar,
               struct fig_result *res);
  bool bDetail;               /* added: a detail (one checklist item's rate) the views and
                              ** the API read, not a card on the dashboard */
};

/* Urgency of an alert item. */
enum { ALERT_INFO = 0, ALERT_SOON = 1, ALERT_OVERDUE = 2 };

/* One thing that needs action. */
struct alert_item {
  int eLevel;                 /* ALERT_* */
  int iDue;                   /* due day (day number), 0 for none */
  const char *zText;          /* what it is, in Chinese */
  const char *zUrl;           /* where to act */
  const char *zKey;           /* added: the declaring alert's key (alerts_collect sets it):
                              ** the home page groups and routes items by it */
};

/* The items collected from every alert. */
struct alert_list {
  struct alert_item *a;
  int n, nAlloc;
};

/* One declared alert. */
struct alert_def {
  const char *zKey;           /* "report.deadline" */
  const char *zLabel;         /* 年度报告报送期限 */
  /* Add the items for s (as-of day and scope) to pList with alert_add(). */
  void (*xList)(const struct fig_scope *s, struct arena *ar, struct alert_list *pList);
};

/* Install the figure tables and alert tables (each a NULL-terminated list
** of tables ending with an entry whose zKey is NULL). Called once at
** start-up, before any thread reads the registry. */
void figure_registry_set(const struct figure *const *aaFig, const struct alert_def *const *aaAlert);

/* Install the populations (a NULL-terminated list of tables, each ending
** with an entry whose zKey is NULL).  Called once at start-up. */
void figure_pops_set(const struct fig_pop *const *aaPop);
/* The population with key zKey, or NULL. */
const struct fig_pop *figure_pop_find(const char *zKey);
/* Evaluate declaration d for s into res (fig_kind.c); figure_eval calls it
** for a figure with pDecl.  A bad declaration (unknown population, SQL the
** database rejects) fails the statement: res stays unknown. */
void fig_decl_eval(const struct fig_decl *d, const struct fig_scope *s, struct arena *ar,
                   struct fig_result *res);
/* For kernel code building SQL from declarations (views): append z to
** pSql with "{pop}" replaced by pPop's ids; bind ?1..?5 of q (the highest
** zSql uses) for s as described above. */
struct buf;
struct stmt;
void fig_sql_expand(struct buf *pSql, const char *z, const struct fig_pop *pPop);
void fig_sql_bind(struct stmt *q, const char *zSql, const struct fig_scope *s);
/* The value of figure zKey for s into res; false (res unknown) when no
** area declares it.  How views, alerts and commands read a figure. */
bool figure_get(const char *zKey, const struct fig_scope *s, struct arena *ar,
                struct fig_result *res);
/* The position of org id in res's records (aOrg), or -1; and likewise in
** its missing members. */
int fig_find_org(const struct fig_result *res, i64 org);
int fig_find_missing_org(const struct fig_result *res, i64 org);

/* Number of declared figures, and figure i in declaration order. */
int figure_count(void);
const struct figure *figure_at(int i);
/* The figure with key zKey, or NULL when no area declares it. */
const struct figure *figure_find(const char *zKey);

/* Fill s for year and as-of day iAsOf (0: the end of the year) over the
** scope zLike; strings in ar. */
void fig_scope_init(struct fig_scope *s, struct arena *ar, int year, int iAsOf, const char *zLike);
/* Evaluate f for s into res (memory from ar). */
void figure_eval(const struct figure *f, const struct fig_scope *s, struct arena *ar,
                 struct fig_result *res);
/* For figure functions: count one record (id, label, detail may be NULL). */
void fig_add(struct fig_result *res, struct arena *ar, i64 id, const char *zLabel,
             const char *zDetail);
/* The value as the report prints it ("89", "100%", "97.5%"), in ar. */
char *figure_format(struct arena *ar, const struct figure *f, const struct fig_result *res);

/* A figure entered by hand (fig_manual.c): where a bureau keeps no
** register in fazhi, the 法规股 enters a figure's value for a year and a
** unit with the document it comes from (a file in the store) and who
** confirmed it.  figure_eval uses it when the register's own figure has
** no records (bKnown false), marked bManual with its source.  Fill res
** from the entry for zKey, s's year and the unit whose path s's scope is;
** false (res untouched) when there is none. */
bool fig_manual_apply(const char *zKey, const struct fig_scope *s, struct arena *ar,
                      struct fig_result *res);
/* `fazhi manual-figure set|list|void`. */
int fig_manual_cmd(int argc, char **argv);
/* GET|POST /figures/manual: the year's entries of the user's unit and,
** for the 法规股, the form (a file part "source"). */
struct req;
void fig_manual_page(struct req *r);
/* GET|POST /api/v1/figures/manual: the same as JSON (GET: ?year= ?all=;
** POST: multipart/form-data as the form, 201 or 422 naming each field). */
void fig_manual_api(struct req *r);

/* Collect the items of every declared alert for s, most urgent first
** (overdue, then due soon by date, then the rest). */
void alerts_collect(const struct fig_scope *s, struct arena *ar, struct alert_list *pList);
/* For alert functions: add one item (text and url copied into ar). */
void alert_add(struct alert_list *pList, struct arena *ar, int eLevel, int iDue,
               const char *zText, const char *zUrl);

#endif
