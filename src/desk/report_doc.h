/*
** report_doc.h -- the annual report as a whole official document (inside
** the report module; report.c and report_doc.c): the 版头 and 版记 fields
** of each version (table report_head), their defaults, the 发文字号 given
** at 审定, and the 数据底稿 (the data sheet for the sign-off).
*/
#ifndef FAZHI_REPORT_DOC_H
#define FAZHI_REPORT_DOC_H

#include "../common.h"

struct arena;
struct actor;
struct buf;
struct doc;
struct reg_err;

/* The head and foot fields, by index into rpt_head.az and the table. */
enum {
  RH_MARK, RH_DOCNO_FMT, RH_SIGNER, RH_RECIPIENT, RH_CC, RH_PRINTER,
  RH_PRINT_DATE, RH_CONTACT, RH_ATTACH, RH_SEALED, RH_N
};

/* One field: its column and API key, its label, a hint for the form. */
struct rpt_head_field {
  const char *zKey;
  const char *zLabel;
  const char *zHint;
};
extern const struct rpt_head_field rpt_head_fields[RH_N];

/* A version's head and foot. */
struct rpt_head {
  const char *az[RH_N];       /* the fields as text ("" when empty; sealed "1"/"0") */
  const char *zDocNo;         /* the 发文字号 given at 审定, or NULL */
  const char *zSheetDocx;     /* the frozen 数据底稿's SM3s, or NULL */
  const char *zSheetPdf;
  const char *zSheetHtml;
  bool bStored;               /* read from the version's row (else defaults) */
};

/* The head of report version reportId (0: a draft not stored yet) of
** unit zUnit: its row, else the latest earlier version's of the unit (the
** previous year's; the number and the frozen sheet not carried over), else
** the defaults (data/report/head.tsv with the unit's names). */
void rpt_head_load(struct arena *ar, i64 reportId, i64 unitId, int year, const char *zUnit,
                   struct rpt_head *h);
/* Store h as the head of version reportId (inside the caller's
** transaction), the number and frozen sheet left as they are. */
void rpt_head_store(i64 reportId, const struct rpt_head *h);
/* h as JSON (for the audit log and the API), in ar. */
char *rpt_head_json(struct arena *ar, const struct rpt_head *h);
/* Check and apply the changed fields azNew (NULL entries: unchanged) to
** h; every problem goes into e (REG_EINVALID naming the field). */
int rpt_head_apply(struct arena *ar, struct rpt_head *h, const char *const *azNew,
                   struct reg_err *e);
/* The 发文字号 as printed: the number given, else the format with the
** year of iDocDate and the number left blank; NULL without a format. */
const char *rpt_head_docno(struct arena *ar, const struct rpt_head *h, int iDocDate);
/* Give version reportId its 发文字号 (when it has a format and no number
** yet, year of iDocDate) and, when no 签发人 is set, name zSigner; in its
** own transaction, audited by a.  Returns 0 or -1 with a message. */
int rpt_head_number(const struct actor *a, i64 reportId, int iDocDate, const char *zSigner,
                    struct buf *pErr);
/* Put the head and foot on d: 版头, 主送机关, 附件说明 (the names of h, then
** azMore[0..nMore)), 落款 variant, 附注, 版记; iDocDate the 成文日期. */
void rpt_head_doc(struct arena *ar, struct doc *d, const struct rpt_head *h, int iDocDate,
                  const char *const *azMore, int nMore);
/* The names of the 附件 of h (one a line in the field), in ar; returns the
** count. */
int rpt_head_attachments(struct arena *ar, const struct rpt_head *h, const char ***pazName);

/* The 数据底稿 (report_sheet.c): the figures a version uses, as the
** report states them, over the version's unit, year and data date. */
struct rpt_sheet_fig {
  const char *zKey, *zLabel;
  bool bKnown;
  const char *zValue;         /* the text the report states */
  const char *zNote;          /* a remark (人工填报 and its source ...), or NULL */
};
struct rpt_sheet {
  i64 unitId;
  const char *zUnit, *zLike;  /* the unit and its org.path LIKE pattern */
  int year, iAsOf;
  const char *zAsOf;          /* ISO */
  const char *zTitle;         /* the report's title */
  const char *zVersion;       /* 「第1版 审定」 */
  int nFig;
  const struct rpt_sheet_fig *aFig;
};
/* Write the sheet as eFmt (RPT_DOCX, RPT_PDF, RPT_HTML a stand-alone file
** with absolute links, RPT_MD) into pOut.  Returns 0 or -1 with a message. */
int rpt_sheet_render(struct arena *ar, const struct rpt_sheet *sh, int eFmt, struct buf *pOut,
                     struct buf *pErr);

/* The public address of the site for links that must work outside the
** server (setting public.address; default http://127.0.0.1:8080), without
** a trailing slash, in ar. */
const char *rpt_public_url(struct arena *ar);

#endif
