/*
** report_flow.c -- the annual report's sign-off as the register kernel's
** steps (report_int.h: report_reg, report_step).
**
** A report version is a row of table report; its states are the kernel's
** state field and its sign-off the kernel's steps, declared here:
**
**   submit     草稿 → 已送审·待审定   法规股; gate: no finding of the check
**                                    without a reason (say_submit_gate)
**   approve    送审 → 已审定·待报送   局领导; asks 审定意见; its rule gives
**                                    the 发文字号 (the unit's sequence of the
**                                    成文日期's year) and 签发人, renders and
**                                    freezes the DOCX, the PDF, the 数据底稿
**                                    and the figures (rpt_freeze)
**   return     送审 → 草稿           局领导; asks the reason (required)
**   sent       审定 → 已报送·待公开   asks 报送日期
**   published  报送 → 已公开         asks 公开日期
**
** So reg_step_at gives what every register's steps have: the row read
** under a lock and stored only at the version read (of two concurrent
** steps one wins, the other gets 409 with the state it found), the roles,
** the from-state check, the gate checked inside the step's transaction
** (409 "gate" listing each missing condition; the report page shows them
** beside the disabled button, reg_gate_check), the asked fields checked as
** everywhere, and one audit entry (action = the verb, entity "report")
** with the row before and after.
**
** The report is listed among the registers (routes.c) under a segment and
** command of its own (/report-versions, fazhi report-version): the year
** pages (/reports/:year/..., by year and unit) and fazhi report stay.  Its
** blocks are its declared child (report_block_reg, "blocks"): the kernel
** gives their table on the record page, their forms, nested API routes and
** command; a block changes only in a draft (flow_check on the "child"
** verb).  No version is created through the kernel (flow_check refuses):
** a version's blocks start from the previous one or the template
** (report.c rpt_create).
*/
#include "../common.h"
#include "../base/arena.h"
#include "../base/util.h"
#include "../core/app.h"
#include "../reg/reg.h"
#include "../store/db.h"
#include "report.h"
#include "report_int.h"

static const char *const azState[] = {
  "draft", "草稿", "submitted", "已送审·待审定", "approved", "已审定·待报送",
  "sent", "已报送·待公开", "published", "已公开", 0
};

#define REPORT_FIELDS(X) \
  X(P_ORG, .zKey = "org_id", .zLabel = "单位", .eType = REG_REF, \
    .mFlags = RF_READONLY|RF_REQUIRED|RF_LIST, .zRef = "org", .nWidth = 20) \
  X(P_YEAR, .zKey = "year", .zLabel = "年度", .eType = REG_INT, \
    .mFlags = RF_READONLY|RF_REQUIRED|RF_LIST|RF_TITLE, REG_RANGE(2000, 2100), .nWidth = 8) \
  X(P_REV, .zKey = "rev", .zLabel = "版本", .eType = REG_INT, \
    .mFlags = RF_READONLY|RF_REQUIRED|RF_LIST, REG_RANGE(1, 9999), .nWidth = 6) \
  X(P_STATE, .zKey = "state", .zLabel = "状态", .eType = REG_CHOICE, \
    .mFlags = RF_READONLY|RF_LIST|RF_FILTER, .azChoice = azState, .nWidth = 14) \
  X(P_AS_OF, .zKey = "as_of", .zLabel = "数据截至日期", .eType = REG_DATE, \
    .mFlags = RF_REQUIRED, .nWidth = 12) \
  X(P_DOC_DATE, .zKey = "doc_date", .zLabel = "成文日期", .eType = REG_DATE, \
    .mFlags = RF_REQUIRED, .nWidth = 12) \
  X(P_COMMENT, .zKey = "comment", .zLabel = "审定意见或退回理由", .eType = REG_TEXT, \
    .mFlags = RF_LONG, .nMax = 2000, .nWidth = 30) \
  X(P_SENT, .zKey = "sent_on", .zLabel = "报送日期", .eType = REG_DATE, \
    .mFlags = RF_READONLY, .nWidth = 12) \
  X(P_PUB, .zKey = "published_on", .zLabel = "公开日期", .eType = REG_DATE, \
    .mFlags = RF_READONLY, .nWidth = 12) \
  X(P_APPROVER, .zKey = "approved_by", .zLabel = "审定人", .eType = REG_TEXT, \
    .mFlags = RF_READONLY, .nMax = 100, .nWidth = 12) \
  X(P_DOCX, .zKey = "docx_sm3", .zLabel = "Word 文件 SM3", .eType = REG_TEXT, \
    .mFlags = RF_READONLY|RF_NOIO|RF_TECH, .nMax = 64) \
  X(P_PDF, .zKey = "pdf_sm3", .zLabel = "PDF 文件 SM3", .eType = REG_TEXT, \
    .mFlags = RF_READONLY|RF_NOIO|RF_TECH, .nMax = 64)

enum { REPORT_FIELDS(REG_FIELD_ENUM) P_NFIELD };

static const struct reg_field aField[] = { REPORT_FIELDS(REG_FIELD_INIT) };

/* The unit and year of the row c changes. */
static void flow_unit_year(const struct reg_ctx *c, i64 *pUnit, int *pYear){
  i64 v = 0;
  *pUnit = 0;
  *pYear = 0;
  if( c->azNew[P_ORG] ) str_to_i64(c->azNew[P_ORG], 1, INT64_MAX, pUnit);
  if( c->azNew[P_YEAR] && str_to_i64(c->azNew[P_YEAR], 2000, 2100, &v)==0 ) *pYear = (int)v;
}

/* 送审's gate: every finding of the check has been corrected or has a
** reason recorded by the 法规股; each one left is a missing condition. */
static int flow_gate_submit(struct reg_ctx *c, struct reg_err *e){
  i64 unitId;
  int year;
  flow_unit_year(c, &unitId, &year);
  return say_submit_gate(unitId, year, e) ? -1 : 0;
}

/* What report_step_frozen rendered for the 审定 this thread is taking, or
** NULL. */
static _Thread_local const struct rpt_frozen *pFrozen;

/* 审定: the document and its 数据底稿 rendered and frozen in the file store
** (before the step, report_step_frozen; else here), the figures frozen
** (rpt_freeze_store); the approver and the files' SM3 recorded on the row. */
static int flow_rule_approve(struct reg_ctx *c){
  struct rpt_frozen *f = arena_alloc(c->ar, sizeof(*f));
  if( pFrozen ) *f = *pFrozen;
  else if( rpt_render_frozen(c->a, c->id, c->ar, f, c->pErr) ) return -1;
  rpt_freeze_store(c->a, c->id, f, c->ar);
  c->azNew[P_COMMENT] = c->azNew[P_COMMENT] ? c->azNew[P_COMMENT] : "";
  c->azNew[P_APPROVER] = c->a->zUsername;
  c->azNew[P_DOCX] = arena_strdup(c->ar, f->zDocx);
  c->azNew[P_PDF] = arena_strdup(c->ar, f->zPdf);
  return 0;
}

/* 退回 needs its reason. */
static int flow_rule_return(struct reg_ctx *c){
  if( c->azNew[P_COMMENT]==0 || c->azNew[P_COMMENT][0]==0 ){
    reg_err_add(c->pErr, REG_EINVALID, "comment", "退回须填写理由");
    return -1;
  }
  return 0;
}

/* A draft's data date and 成文日期 change (settings, reg_update_at); a
** version past the draft keeps them. */
static int flow_check(struct reg_ctx *c){
  if( c->azOld==0 ){
    /* a version is started by the report itself: its blocks come from the
    ** previous version or the template (report.c rpt_create) */
    reg_err_add(c->pErr, REG_ECONFLICT, 0,
                "年度报告的新版本请在“年度报告”页面或用 fazhi report 命令生成");
    return -1;
  }
  if( (str_eq(c->zVerb, "update") || str_eq(c->zVerb, "child"))
   && !str_eq(c->azOld[P_STATE], "draft") ){
    reg_err_add(c->pErr, REG_ECONFLICT, 0, "报告当前为“%s”，只有草稿可以修改",
                reg_choice_label(&aField[P_STATE], c->azOld[P_STATE]));
    return -1;
  }
  return 0;
}

static const char *const azFromDraft[] = { "draft", 0 };
static const char *const azFromSubmitted[] = { "submitted", 0 };
static const char *const azFromApproved[] = { "approved", 0 };
static const char *const azFromSent[] = { "sent", 0 };
static const char *const azAskComment[] = { "comment", 0 };
static const char *const azAskSent[] = { "sent_on", 0 };
static const char *const azAskPub[] = { "published_on", 0 };

static const struct reg_step aStep[] = {
  { .zVerb = "submit", .zLabel = "送审", .azFrom = azFromDraft, .zTo = "submitted",
    .mRoles = ROLE_LEGAL, .xGate = flow_gate_submit, .zDone = "已送审，待局领导审定" },
  { .zVerb = "approve", .zLabel = "审定", .azFrom = azFromSubmitted, .zTo = "approved",
    .mRoles = ROLE_LEADER, .azAsk = azAskComment, .xRule = flow_rule_approve,
    .zDone = "已审定，可以报送" },
  { .zVerb = "return", .zLabel = "退回", .azFrom = azFromSubmitted, .zTo = "draft",
    .mRoles = ROLE_LEADER, .azAsk = azAskComment, .xRule = flow_rule_return, .bAside = true,
    .zDone = "已退回，待法规股修改后重新送审" },
  { .zVerb = "sent", .zLabel = "报送", .azFrom = azFromApproved, .zTo = "sent",
    .mRoles = ROLE_LEADER|ROLE_LEGAL, .azAsk = azAskSent, .zDone = "已报送，待向社会公开" },
  { .zVerb = "published", .zLabel = "公开", .azFrom = azFromSent, .zTo = "published",
    .mRoles = ROLE_LEADER|ROLE_LEGAL, .azAsk = azAskPub, .zDone = "已向社会公开" },
};

static const char *const azColumn[] = { "approved_at", "figures", "docx", "pdf", 0 };

/* ---- the blocks (child): the text of a version, block by block ---- */

static const char *const azBlockKind[] = {
  "title", "标题", "h1", "一级标题", "h2", "二级标题", "h3", "三级标题",
  "para", "段落", "list", "逐条列出", "sign", "落款", 0
};

#define BLOCK_FIELDS(X) \
  X(B_ORG, .zKey = "org_id", .zLabel = "单位", .eType = REG_REF, \
    .mFlags = RF_READONLY|RF_NOIO, .zRef = "org", .nWidth = 20) \
  X(B_REPORT, .zKey = "report_id", .zLabel = "年度报告", .eType = REG_REF, \
    .mFlags = RF_READONLY|RF_REQUIRED, .zRef = "report", .nWidth = 16) \
  X(B_SEQ, .zKey = "seq", .zLabel = "序号", .eType = REG_INT, \
    .mFlags = RF_REQUIRED|RF_LIST, REG_RANGE(1, 9999), .nWidth = 6) \
  X(B_KIND, .zKey = "kind", .zLabel = "类型", .eType = REG_CHOICE, \
    .mFlags = RF_REQUIRED|RF_LIST, .azChoice = azBlockKind, .nWidth = 10) \
  X(B_BODY, .zKey = "body", .zLabel = "内容", .eType = REG_TEXT, \
    .mFlags = RF_REQUIRED|RF_LONG|RF_LIST, .nMax = 20000, .nWidth = 60, \
    .zHelp = "数字写作 {{指标}}，生成报告时按记录填入")

enum { BLOCK_FIELDS(REG_FIELD_ENUM) B_NFIELD };

static const struct reg_field aBlockField[] = { BLOCK_FIELDS(REG_FIELD_INIT) };

static const char *const azBlockPlace[] = { "report_id", "seq", 0 };
static const struct reg_unique aBlockUnique[] = { { azBlockPlace } };

const struct reg_def report_block_reg = {
  .zName = "report_block", .zTable = "report_block", .zSeg = 0, .zCmd = "report-block",
  .zTitle = "报告段落", .zListTitle = "报告正文段落", .zNavGroup = "年度报告",
  .zOrgField = "org_id",
  .mRead = ROLE_LEADER|ROLE_LEGAL, .mWrite = ROLE_LEGAL, .mFull = ROLE_LEADER|ROLE_LEGAL,
  .aField = aBlockField, .nField = (int)COUNT(aBlockField),
  .eDelete = REG_DEL_VOID, .zOrder = "t.seq, t.id",
  .zCounter = "段",
  .aUnique = aBlockUnique, .nUnique = (int)COUNT(aBlockUnique),
  .zParentField = "report_id",
};

static const struct reg_child aReportChild[] = {
  { &report_block_reg, "blocks" },
};

const struct reg_def report_reg = {
  .zName = "report", .zTable = "report", .zSeg = "report-versions", .zCmd = "report-version",
  .zTitle = "年度报告", .zListTitle = "法治政府建设报告",
  /* no navigation entry: people work on the year's report page (/reports),
  ** which takes the steps with the files rendered outside the write lock;
  ** the versions' own pages and API are for systems and the record trail */
  .zNavGroup = 0,
  .zOrgField = "org_id",
  .mRead = ROLE_LEADER|ROLE_LEGAL, .mWrite = ROLE_LEGAL, .mFull = ROLE_LEADER|ROLE_LEGAL,
  .aField = aField, .nField = (int)COUNT(aField),
  .zStateField = "state", .zInitial = "draft",
  .aStep = aStep, .nStep = (int)COUNT(aStep),
  .eDelete = REG_DEL_NONE, .zOrder = "t.year DESC, t.rev DESC",
  .xCheck = flow_check,
  .zCounter = "版",
  .azColumn = azColumn,
  .aChild = aReportChild, .nChild = (int)COUNT(aReportChild),
};

int report_step(const struct actor *a, i64 id, const char *zVerb, const char *zArg,
                struct reg_err *e){
  const struct reg_step *s = reg_step_find(&report_reg, zVerb);
  struct arena *ar = arena_new();
  const char **az = reg_values_alloc(ar, &report_reg);
  int rc;
  if( s && s->azAsk ){
    int k = reg_field_index(&report_reg, s->azAsk[0]);
    if( k>=0 ) az[k] = zArg;
  }
  rc = reg_step_at(&report_reg, a, id, 0, zVerb, az, e);
  arena_free(ar);
  return rc;
}

int report_step_frozen(const struct actor *a, i64 id, i64 version, const char *zComment,
                       const struct rpt_frozen *f, struct reg_err *e){
  struct arena *ar = arena_new();
  const char **az = reg_values_alloc(ar, &report_reg);
  int rc;
  az[P_COMMENT] = zComment;
  pFrozen = f;
  rc = reg_step_at(&report_reg, a, id, version, "approve", az, e);
  pFrozen = 0;
  arena_free(ar);
  return rc;
}

int report_settings(const struct actor *a, i64 id, const char *zAsOf, const char *zDocDate,
                    struct reg_err *e){
  struct arena *ar = arena_new();
  const char **az = reg_values_alloc(ar, &report_reg);
  bool *abSet = reg_flags_alloc(ar, &report_reg);
  int rc;
  az[P_AS_OF] = zAsOf;
  az[P_DOC_DATE] = zDocDate;
  abSet[P_AS_OF] = abSet[P_DOC_DATE] = true;
  rc = reg_update_at(&report_reg, a, id, 0, az, abSet, e);
  arena_free(ar);
  return rc;
}

int report_gate(const struct actor *a, i64 id, const char *zVerb, struct arena *ar,
                struct reg_err *e){
  const struct reg_step *s = reg_step_find(&report_reg, zVerb);
  struct reg_rec rec;
  struct reg_err eGet;
  reg_err_init(&eGet, ar);
  if( s==0 || id==0 || reg_get(&report_reg, a, id, ar, &rec, &eGet) ) return 0;
  return reg_gate_check(&report_reg, a, s, id, rec.az, false, ar, e);
}
