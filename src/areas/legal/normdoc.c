/*
** normdoc.c -- 规范性文件: 统一登记、统一编号、统一公布.  A draft names its
** 合法性审核 (a review of kind 规范性文件); it is registered as issued
** only when that review has passed (the gate), and takes its number
** (梨教规〔2024〕1号, the declared numbering, in the year of publication)
** in the same transaction.  Later it is cleared (清理, the date and the
** conclusion; it stays in force) or repealed (废止, the date and reason).
**
** States: draft 起草 -> issued 已公布 (issue) -> issued (clear) |
** repealed 已废止 (repeal).
*/
#include "../../common.h"
#include "../../base/util.h"
#include "../../core/app.h"
#include "../../reg/public.h"
#include "review.h"

static const char *const azStatus[] = {
  "draft", "起草", "issued", "已公布", "repealed", "已废止", 0
};
static const char *const azOffice[] = { "office", 0 };
static const char *const azNormKind[] = { "normdoc", 0 };

#define NORMDOC_FIELDS(X) \
  X(N_OFFICE, .zKey = "office_id", .zLabel = "起草股室", .eType = REG_REF, \
    .mFlags = RF_REQUIRED|RF_LIST|RF_FILTER, .zRef = "org", .nWidth = 14, \
    .zRefKind = "kind", .azRefKind = azOffice, .zRefKindLabel = "股室") \
  X(N_TITLE, .zKey = "title", .zLabel = "文件名称", .eType = REG_TEXT, \
    .mFlags = RF_REQUIRED|RF_LIST|RF_SEARCH|RF_TITLE, .nMax = 100, .nWidth = 40) \
  X(N_REVIEW, .zKey = "review_id", .zLabel = "合法性审核", .eType = REG_REF, \
    .zRef = "review", .nWidth = 30, \
    .zRefKind = "kind", .azRefKind = azNormKind, .zRefKindLabel = "规范性文件的合法性审核", \
    .zHelp = "该文件送审的合法性审核记录；公布前须审核通过") \
  X(N_NO, .zKey = "doc_no", .zLabel = "文号", .eType = REG_TEXT, \
    .mFlags = RF_READONLY|RF_LIST|RF_SEARCH|RF_UNIQUE, .nMax = 40, .nWidth = 20) \
  X(N_PUBLISHED, .zKey = "published_on", .zLabel = "公布日期", .eType = REG_DATE, \
    .mFlags = RF_READONLY|RF_LIST, .nWidth = 12) \
  X(N_VALID, .zKey = "valid_until", .zLabel = "有效期至", .eType = REG_DATE, \
    .mFlags = RF_READONLY, .nWidth = 12, .zNotBefore = "published_on") \
  X(N_CLEARED, .zKey = "cleared_on", .zLabel = "清理日期", .eType = REG_DATE, \
    .mFlags = RF_READONLY, .nWidth = 12, .zNotBefore = "published_on") \
  X(N_CLEARNOTE, .zKey = "clear_note", .zLabel = "清理结论", .eType = REG_TEXT, \
    .mFlags = RF_READONLY|RF_LONG, .nMax = 500, .nWidth = 30) \
  X(N_REPEALED, .zKey = "repealed_on", .zLabel = "废止日期", .eType = REG_DATE, \
    .mFlags = RF_READONLY, .nWidth = 12, .zNotBefore = "published_on") \
  X(N_REASON, .zKey = "repeal_reason", .zLabel = "废止原因", .eType = REG_TEXT, \
    .mFlags = RF_READONLY|RF_LONG, .nMax = 500, .nWidth = 30) \
  X(N_STATUS, .zKey = "status", .zLabel = "状态", .eType = REG_CHOICE, \
    .mFlags = RF_READONLY|RF_LIST|RF_FILTER, .azChoice = azStatus, .nWidth = 8)

enum { NORMDOC_FIELDS(REG_FIELD_ENUM) N_NFIELD };

static const struct reg_field aField[] = { NORMDOC_FIELDS(REG_FIELD_INIT) };

static const char *const azFromDraft[] = { "draft", 0 };
static const char *const azFromIssued[] = { "issued", 0 };
static const char *const azAskIssue[] = { "published_on", "valid_until", 0 };
static const char *const azAskClear[] = { "cleared_on", "clear_note", 0 };
static const char *const azAskRepeal[] = { "repealed_on", "repeal_reason", 0 };
static const char *const azNeedIssue[] = { "published_on", 0 };
static const char *const azNeedClear[] = { "cleared_on", "clear_note", 0 };
static const char *const azNeedRepeal[] = { "repealed_on", 0 };
static const struct reg_need aNeedIssue[] = {
  { .zReg = "review", .zVia = "review_id", .zState = "passed",
    .zLabel = "通过的合法性审核" },
  { 0 }
};

#define NORMDOC_ROLES (ROLE_ADMIN|ROLE_LEGAL)

static const struct reg_step aStep[] = {
  { .zVerb = "issue", .zLabel = "登记公布", .azFrom = azFromDraft, .zTo = "issued",
    .mRoles = NORMDOC_ROLES, .azAsk = azAskIssue, .azNeed = azNeedIssue,
    .aNeedRec = aNeedIssue },
  { .zVerb = "clear", .zLabel = "清理", .azFrom = azFromIssued, .zTo = "issued",
    .mRoles = NORMDOC_ROLES, .azAsk = azAskClear, .azNeed = azNeedClear },
  { .zVerb = "repeal", .zLabel = "废止", .azFrom = azFromIssued, .zTo = "repealed",
    .mRoles = NORMDOC_ROLES, .azAsk = azAskRepeal, .azNeed = azNeedRepeal },
};

static const struct reg_number normdocNumber = {
  .zField = "doc_no", .zFormat = "梨教规〔%Y〕%N号", .zYearFrom = "published_on",
  .zOnVerb = "issue"
};

/* 统一公布: the issued documents, in force or repealed, with their number. */
static const struct reg_public_show aPubShow[] = {
  { .zKey = "doc_no", .zLabel = "文号", .zField = "doc_no" },
  { .zKey = "title", .zLabel = "文件名称", .zField = "title" },
  { .zKey = "published_on", .zLabel = "公布日期", .zField = "published_on" },
  { .zKey = "valid_until", .zLabel = "有效期至", .zField = "valid_until" },
  { .zKey = "status", .zLabel = "状态", .zField = "status" },
  { .zKey = "repealed_on", .zLabel = "废止日期", .zField = "repealed_on" },
};

static const struct reg_public_list normdocPubList = {
  .zTitle = "规范性文件统一公布",
  .zWhere = "t.status IN ('issued', 'repealed') AND t.doc_no IS NOT NULL",
  .zOrder = "t.published_on DESC",
  .aShow = aPubShow, .nShow = (int)COUNT(aPubShow),
  .zNote = "经合法性审核、统一登记、统一编号后公布的规范性文件。",
};

static const struct reg_public normdocPublic = {
  .zSeg = "normdocs", .zLimit = "normdoc_public", .nLimit = 60, .nWindow = 60,
  .pList = &normdocPubList,
};

const struct reg_def normdoc_reg = {
  .zName = "normdoc", .zTable = "normdoc", .zSeg = "normdocs", .zCmd = "normdoc",
  .zTitle = "规范性文件", .zNavGroup = "法制审核", .zOrgField = "office_id",
  .mRead = 0, .mWrite = NORMDOC_ROLES, .mFull = NORMDOC_ROLES,
  .aField = aField, .nField = (int)COUNT(aField),
  .zStateField = "status", .zInitial = "draft",
  .aStep = aStep, .nStep = (int)COUNT(aStep),
  .eDelete = REG_DEL_VOID,
  .zOrder = "t.published_on DESC, t.id DESC",
  .zCounter = "件", .pNumber = &normdocNumber,
  .pPublic = &normdocPublic,
};
