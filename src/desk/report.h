/*
** report.h -- the annual 法治政府建设 report: a per-unit, per-year document
** of text blocks with figure placeholders, rendered from the figure
** registry (reg/figure.h) as DOCX/PDF in the official layout, HTML and
** Markdown, and signed off 草稿 → 送审 → 审定 → 已报送 → 已公开; an
** approved version is frozen (text, figures, both files and their SM3).
*/
#ifndef FAZHI_REPORT_H
#define FAZHI_REPORT_H

#include "../common.h"
#include "../reg/figure.h"

struct actor;
struct arena;
struct buf;
struct req;

/* Output formats of report_render(). */
enum { RPT_DOCX = 1, RPT_PDF, RPT_HTML, RPT_MD };

/* The reporting unit for a: zOrg (an id or a name) when given, which must
** be in a's scope; else the topmost 教育局 in a's scope; else a's own org.
** Returns its id, or 0 with a message in pErr. */
i64 report_unit(const struct actor *a, const char *zOrg, struct buf *pErr);

/* Render the latest version of unit's report for year (or version when
** > 0; or the text a new draft would start from when none is stored) as
** eFmt into pOut.  zAsOf (ISO, may be NULL) overrides the draft's data
** date; a frozen version always renders as approved (its stored files for
** DOCX and PDF, read from the file store with their SM3 checked).
** The DOCX and PDF are the whole official document (版头 to 版记) without
** a 数据来源 table (that is the 数据底稿, report_sheet); bAppendix is kept
** for the callers and does nothing. Returns 0, -1 with a message,
** or -2 when a frozen version's stored file is missing or damaged. */
int report_render(i64 unitId, int year, int version, const char *zAsOf, int eFmt,
                  bool bAppendix, struct buf *pOut, struct buf *pErr);

/* The 数据底稿 of the version (as report_render chooses it) as eFmt: a
** frozen version's stored DOCX, PDF or HTML (its SM3 checked), else
** rendered from the records.  Returns as report_render. */
int report_sheet(i64 unitId, int year, int version, const char *zAsOf, int eFmt,
                 struct buf *pOut, struct buf *pErr);

/* The sign-off steps on the latest version of unit's report for year:
** "submit" (草稿 → 送审), "approve" (送审 → 审定; zArg the comment, the
** files and figures frozen), "return" (送审 → 草稿; zArg the reason,
** required), "sent" and "published" (zArg the date), "settings" (zArg
** 数据截至日期, zArg2 成文日期), "new-version" (a new draft from a frozen
** version).  Dates may be typed with full-width digits.  Audited in the
** change's transaction.  Returns 0, or -1 with every problem in e: each
** field asked for (comment date as_of doc_date) REG_EINVALID, a wrong
** state REG_ECONFLICT; -2 (REG_ENOTFOUND) when there is no such report. */
struct reg_err;
int report_action(const struct actor *a, i64 unitId, int year, const char *zAction,
                  const char *zArg, const char *zArg2, struct reg_err *e);
/* Change the 版头 and 版记 fields of the draft (report_doc.h: azNew[RH_N],
** NULL entries unchanged), creating the draft first when none is stored;
** audited.  Returns 0, or -1 with each problem in e (REG_EINVALID naming
** the field; REG_ECONFLICT when the latest version is not a draft). */
int report_set_head(const struct actor *a, i64 unitId, int year, const char *const *azNew,
                    struct reg_err *e);
void report_sheet_page(struct req *r);
void report_sheet_api(struct req *r);
void report_head_page(struct req *r);
void report_head_api(struct req *r);

/* Replace the text of block seq of the draft (creating the draft from its
** source text first when none is stored). Returns as report_action. */
int report_set_block(const struct actor *a, i64 unitId, int year, int seq,
                     const char *zBody, struct buf *pErr);

/* How the audit log shows report and paragraph entries (audit.h). */
struct audit_kind;
extern const struct audit_kind report_audit_kind;
extern const struct audit_kind report_block_audit_kind;

/* The report as a register (report_flow.c): its versions with their
** sign-off steps, and its blocks as their child. */
struct reg_def;
extern const struct reg_def report_reg;
extern const struct reg_def report_block_reg;

/* Alerts: the report deadlines (1 March 报送, 1 April 公开) and state. */
extern const struct alert_def report_alerts[];

void report_page(struct req *r);
void report_block_page(struct req *r);
void report_action_page(struct req *r);
void report_download_page(struct req *r);
void report_get_api(struct req *r);
void report_action_api(struct req *r);
void report_block_api(struct req *r);
void report_public_page(struct req *r);
/* POST /reports/:year/reasons and /api/v1/reports/:year/reasons: the
** 法规股's reason for a finding of the check (report_say.c). */
void report_reason_page(struct req *r);
void report_reason_api(struct req *r);
void report_public_pdf(struct req *r);
int report_cmd(int argc, char **argv);
/* Move the frozen DOCX/PDF that versions approved before the file store
** kept as base64 in the database into the store (core/files.h), each
** checked against its recorded SM3 (cli_open calls it; a few at a time). */
void report_files_to_store(void);

#endif
