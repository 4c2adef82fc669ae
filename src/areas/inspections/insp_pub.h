/*
** insp_pub.h -- the inspection record's documents, ratings and publicity
** ("一公开"): insp_doc.c, insp_rate.c, insp_pub.c.  Declarations for the
** register kernel (reg/reg.h) and the hooks the record (insp_rec.c) calls.
*/
#ifndef FAZHI_INSP_PUB_H
#define FAZHI_INSP_PUB_H

#include "../../reg/reg.h"
#include "../../reg/figure.h"
#include "insp.h"

struct actor;
struct arena;
struct buf;
struct reg_docs;
struct reg_public;

/* 检查结果公示 (insp_pub.c): one row per inspection, pending from the
** inspection's day, published within 20 working days (a declared
** deadline), withdrawn and replaced by a correction. */
extern const struct reg_def insp_pub_reg;
/* 检查评价 (insp_rate.c): the inspected party's ratings, readable by the
** 法规股 and never by the inspectors. */
extern const struct reg_def insp_rating_reg;
/* The record's public pages: lookup by 检查编号 and 评价码, and the rating
** form (insp_rate.c); its documents (insp_doc.c). */
extern const struct reg_public insp_record_public;
extern const struct reg_docs insp_record_docs;
/* Figures and alerts of the publicity (insp_pub.c). */
extern const struct figure insp_pub_figures[];
extern const struct alert_def insp_pub_alerts[];

/* Hooks of the record's declaration: xDerive gives a new record its
** rating code; xAfter opens (or follows) the record's publicity row once
** the inspection's day is recorded.  0, or -1 with errors in c->pErr. */
void insp_rate_derive(struct reg_ctx *c);
int insp_pub_follow(struct reg_ctx *c);

/* The demo county's publications: "检查对象,公示日期" per line after a
** header, each pending result of that target published on that day.
** Returns 0, or -1 with the line and the problem in pErr. */
int insp_pub_demo(const struct actor *a, const char *zCsv, size_t n, struct buf *pErr);

/* The rights sentence of the wording file (for {{rights}}), in ar. */
const char *insp_doc_rights(struct arena *ar);

#endif
