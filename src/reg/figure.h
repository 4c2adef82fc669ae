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
};

/* Urgency of an alert item. */
enum { ALERT_INFO = 0, ALERT_SOON = 1, ALERT_OVERDUE = 2 };

/* One thing that needs action. */
struct alert_item {
  int eLevel;                 /* ALERT_* */
  int iDue;                   /* due day (day number), 0 for none */
  const char *zText;          /* what it is, in Chinese */
  const char *zUrl;           /* where to act */
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

/* Collect the items of every declared alert for s, most urgent first
** (overdue, then due soon by date, then the rest). */
void alerts_collect(const struct fig_scope *s, struct arena *ar, struct alert_list *pList);
/* For alert functions: add one item (text and url copied into ar). */
void alert_add(struct alert_list *pList, struct arena *ar, int eLevel, int iDue,
               const char *zText, const char *zUrl);

#endif
