/*
** report_int.h -- the annual report's internals shared by the files of
** the report (report.c: loading, rendering, the sign-off; report_say.c:
** what the text says -- wording chosen by the figures, the findings of the
** check, the reasons the 法规股 records for them).  Not for other modules:
** they use report.h.
*/
#ifndef FAZHI_REPORT_INT_H
#define FAZHI_REPORT_INT_H

#include "../common.h"
#include <jansson.h>
#include "../reg/figure.h"

struct actor;
struct arena;
struct buf;
struct json_w;
struct reg_err;
struct req;

/* One figure a report uses. */
struct rfig {
  const char *zKey;
  const char *zLabel;
  const char *zUnit;
  const char *zDef;
  const struct figure *f;     /* NULL: no area declares it */
  bool bKnown;                /* has records: zValue is the value */
  const char *zValue;         /* "89", "100%" */
  double v;
  int n;                      /* records counted */
  const i64 *aId;             /* their ids (n of them; NULL when frozen without) */
  const char **azItem;        /* their labels and details (a `list` block's */
  const char **azItemDetail;  /*   paragraphs), NULL when frozen without */
  bool bList;                 /* used by a `list` block: its items are frozen too */
  /* added for the wording (report_say.c) and the data sheet */
  int nNum, nDen;             /* a rate: members matching, all members */
  int nMiss;                  /* a rate: members missing, their labels: */
  const char **azMiss;        /*   (NULL when none) */
  bool bPrev;                 /* last year's records exist (same day of the year) */
  double vPrev;               /* last year's value then */
  const char *zPrev;          /* ... as printed ("88", "99.3%") */
  bool bManual;               /* the value was entered by hand (人工填报) */
  const char *zSource;        /* its source document and who confirmed it */
};

/* A report version loaded (or its would-be source text) and rendered. */
struct rpt {
  struct arena *ar;
  i64 id;                     /* 0: not stored yet (a would-be draft) */
  i64 unitId;
  int year, version;
  const char *zState;         /* draft ... published */
  const char *zAsOf, *zDocDate, *zComment, *zSentOn, *zPubOn, *zApprovedBy;
  const char *zDocxSm3, *zPdfSm3;
  const char *zUnit, *zUnitPath, *zLike;
  int nBlock;
  const char **azKind, **azBody;
  const char **azText;        /* each block expanded as plain text */
  json_t *pFrozen;            /* figures of a frozen version, or NULL */
  struct fig_scope s;
  int nFig, nFigAlloc;
  struct rfig *aFig;
};

/* report.c */
/* Load unit's report for year (version, or the latest; a would-be draft
** when none is stored); NULL with a message in pErr. */
struct rpt *rpt_load(i64 unitId, int year, int version, const char *zAsOf, struct buf *pErr);
/* Free p and everything it holds. */
void rpt_free(struct rpt *p);
/* The figure zKey used by p, evaluated once (or read from the frozen
** figures); zLabel from the placeholder, may be NULL. */
struct rfig *rpt_fig(struct rpt *p, const char *zKey, const char *zLabel);
/* Expand every block as plain text into p->azText. */
void rpt_prepare(struct rpt *p);
/* The year (?year= or the path's :year) and the unit (zOrg, else ?org=)
** of a request; 0 with the error reply sent. */
int report_req_year(struct req *r, bool bApi);
/* Reply with the report's JSON (the latest version); the title text. */
void report_json_reply(struct req *r, i64 unitId, int year);
const char *rpt_title_text(struct rpt *p);
i64 report_req_unit(struct req *r, bool bApi, const char *zOrg);

/* What 审定 freezes, rendered before its step: the SM3s (hex) of the DOCX,
** the PDF and the 数据底稿's DOCX, PDF and HTML, all in the file store,
** and the figures as JSON. */
struct rpt_frozen {
  bool bReady;
  int year;
  char zDocx[65], zPdf[65], zSheetDocx[65], zSheetPdf[65], zSheetHtml[65];
  const char *zFigs;
};
/* Render version id for 审定 (outside a transaction: it takes seconds):
** the 发文字号 and 签发人 given (their own transaction: a number is never
** given twice), the DOCX, the PDF and the 数据底稿 put in the file store,
** the figures; f (strings in ar).  0, or -1 with the problem in e. */
int rpt_render_frozen(const struct actor *a, i64 id, struct arena *ar, struct rpt_frozen *f,
                      struct reg_err *e);
/* Inside 审定's step: record f on version id (approved_at, the figures,
** the file refs, the 数据底稿's SM3s). */
void rpt_freeze_store(const struct actor *a, i64 id, const struct rpt_frozen *f,
                      struct arena *ar);

/* report_flow.c */
/* The report version as the register kernel sees it: its fields, states
** and steps (submit approve return sent published) with their gates and
** rules.  Not in the list of registers: the report keeps its own pages. */
struct reg_def;
extern const struct reg_def report_reg;
/* Take step zVerb on version id through the kernel (reg_step_at), zArg the
** value of the field the step asks for (审定意见, 退回理由, 报送日期,
** 公开日期), or NULL.  Returns as reg_step. */
int report_step(const struct actor *a, i64 id, const char *zVerb, const char *zArg,
                struct reg_err *e);
/* Step 审定 on version id at the row's version (0: as it is), the
** comment zComment, what was rendered for it f (NULL: rendered inside the
** step, holding the write lock meanwhile).  Returns as reg_step. */
int report_step_frozen(const struct actor *a, i64 id, i64 version, const char *zComment,
                       const struct rpt_frozen *f, struct reg_err *e);
/* Change a draft's 数据截至日期 and 成文日期 (reg_update_at). */
int report_settings(const struct actor *a, i64 id, const char *zAsOf, const char *zDocDate,
                    struct reg_err *e);
/* The missing conditions of step zVerb's gate on version id (each one a
** REG_EGATE problem in e, the messages in ar); their number, 0 when none
** or when there is no such step or version. */
int report_gate(const struct actor *a, i64 id, const char *zVerb, struct arena *ar,
                struct reg_err *e);

/* report_say.c */
/* The text a placeholder's alternatives choose for figure g (zAlt: what
** follows the label, may be NULL), or NULL for its value; in p's arena. */
const char *rpt_choose(struct rpt *p, struct rfig *g, const char *zAlt);
/* The special placeholders about the data date: "as_of_month" (2024年11月)
** and "as_of_period" (11月中旬); NULL for any other name. */
const char *say_date_word(struct rpt *p, const char *zName);
/* Fill g's added fields from res (rates, missing members, manual) and
** evaluate last year's value. */
void say_fig_extra(struct rpt *p, struct rfig *g, const struct fig_result *res);
/* Read g's added fields from the frozen figure o; write them to j. */
void say_fig_thaw(struct rpt *p, struct rfig *g, json_t *o);
void say_fig_freeze(struct json_w *j, const struct rfig *g);

/* One finding of the check: a figure without records (a gap) or a
** sentence the records contradict, with its paragraph. */
enum { SAY_GAP = 1, SAY_CONTRA = 2 };
struct say_finding {
  int eKind;                  /* SAY_GAP, SAY_CONTRA */
  int iBlock;                 /* the paragraph (0-based), -1: none */
  const char *zKey;           /* stable key, for the recorded reason */
  const char *zWhere;         /* 第9段（“1.规范行政审批工作……”） */
  const char *zText;          /* what is wrong, in Chinese */
  const char *zReason;        /* the 法规股's recorded reason, or NULL */
};
/* Every finding of p (prepared), reasons read; returns the count, the
** array in p's arena. */
int say_findings(struct rpt *p, struct say_finding **paF);
/* Add to e one REG_EGATE per finding of unit's draft without a reason
** (送审's gate: refused while any remain). Returns their number. */
int say_submit_gate(i64 unitId, int year, struct reg_err *e);
/* The findings as a section of the report page (HTML; with reason forms
** when bEdit), and as the "findings" array of the JSON. */
void say_findings_html(struct req *r, struct rpt *p, bool bEdit);
void say_findings_json(struct json_w *j, struct rpt *p);
/* `fazhi report check`: print the findings; returns the exit status. */
int say_check_print(struct rpt *p);
/* `fazhi report reason`: record the reason for finding number zNum (as
** `report check` lists them). */
int say_reason_cmd(int argc, char **argv);

#endif
