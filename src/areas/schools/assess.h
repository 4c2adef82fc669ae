/*
** assess.h -- 年度考核 of the schools: the items of a year (assess_item),
** the scores entered per school (assess_score), and the ranked table
** computed from them and the schools' registers (assess.c).
*/
#ifndef FAZHI_ASSESS_H
#define FAZHI_ASSESS_H

#include "../../reg/reg.h"

struct arena;
struct buf;
struct req;

extern const struct reg_def assess_item_reg;
extern const struct reg_def assess_score_reg;

/* One item of the year, a column of the table. */
struct assess_col {
  i64 id;
  const char *zName;
  int weight;                    /* 分值 */
  bool bPufa;                    /* a 普法 item */
  const char *zSource, *zSourceLabel;   /* manual, vp, safety, ... */
};
/* One school's line. */
struct assess_row {
  i64 id;
  const char *zName;
  bool bKg;
  double *aScore;                /* [nItem] */
  bool *abSet;                   /* [nItem] false: a manual item not scored */
  double total, pufa;            /* to one decimal */
  int rank;                      /* equal totals share a rank */
};
struct assess_tab {
  int year;
  const char *zAsOf;
  int nItem, nWeight, nPufaWeight;
  struct assess_col *aItem;
  int nRow;
  struct assess_row *aRow;       /* best first */
};

/* The year's table for the schools under zLike (of kind zKind, or both)
** as of zAsOf (memory from ar).  -1 on a bad date. */
int assess_table(struct arena *ar, const char *zLike, int year, const char *zAsOf,
                 const char *zKind, struct assess_tab *p);
/* The table as a workbook or CSV (TABLE_XLSX, TABLE_CSV) appended to pOut. */
int assess_export(struct arena *ar, const struct assess_tab *p, int eFormat, struct buf *pOut,
                  struct buf *pErr);
/* GET /assessment?year=&as_of=&kind=, its export (/assessment/export and
** /api/v1/assessment/export ?format=xlsx|csv) and GET /api/v1/assessment. */
void assess_page(struct req *r);
void assess_export_page(struct req *r);
void assess_api(struct req *r);
/* fazhi assessment --year Y [--as-of D] [--kind K] [--format csv|xlsx] [-o FILE]. */
int assess_cmd(int argc, char **argv);

#endif
