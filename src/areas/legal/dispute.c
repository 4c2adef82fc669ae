/*
** dispute.c -- 矛盾纠纷: the declaration and the rules no declaration can
** hold.  Pages, API, command, workbooks, audit, scope (a school's users
** record and see only their school's: the school is the org field) and
** the parties' names sealed and masked come from the kernel.
**
** States: received 已受理 -> mediating 调解中 (step mediate, asks the
** mediator and the day mediation began) -> closed 已办结 (step close, asks
** the outcome, the closing day and the result); a dispute settled at once
** closes straight from received.
**
** The steps taken are a child register (dispute_step_reg, "steps": each
** 调解 session's date, mediator, what was done and its result): the kernel
** gives the table under the record page, /api/v1/disputes/:id/steps,
** fazhi dispute steps list|add|set|void ID, the second sheet and the
** audit.  Step mediate records the first session; the result text of
** close sums them up.
*/
#include "../../common.h"
#include "../../base/arena.h"
#include "../../base/buf.h"
#include "../../base/date.h"
#include "../../base/util.h"
#include "../../core/app.h"
#include "../../store/db.h"
#include "dispute.h"

static const char *const azSchoolKind[] = { "school", "kindergarten", 0 };
static const char *const azSource[] = {
  "visit", "来访", "phone", "来电", "letter", "来信", "hotline", "12345热线",
  "online", "网上信访", "school", "学校排查上报", "other", "其他", 0
};
static const char *const azKind[] = {
  "teacher_student", "师生之间", "student_student", "学生之间", "home_school", "家校之间",
  "staff", "教职工与学校", "other", "其他", 0
};
static const char *const azRole[] = {
  "teacher", "教师", "student", "学生", "parent", "家长", "school", "学校", "other", "其他", 0
};
static const char *const azRisk[] = { "low", "低", "medium", "中", "high", "高", 0 };
static const char *const azStatus[] = {
  "received", "已受理", "mediating", "调解中", "closed", "已办结", 0
};
static const char *const azOutcome[] = {
  "settled", "调解成功", "referred", "转入其他途径", "failed", "调解不成",
  "withdrawn", "当事人撤回", 0
};
static const char *const azSchoolAlias[] = { "学校", "所在学校", "学校名称", 0 };

#define DISPUTE_FIELDS(X) \
  X(D_ORG, .zKey = "org_id", .zLabel = "学校", .eType = REG_REF, \
    .mFlags = RF_REQUIRED|RF_LIST|RF_FILTER, .zRef = "org", .azAlias = azSchoolAlias, \
    .zHelp = "纠纷所在的中小学或幼儿园", .nWidth = 28, \
    .zRefKind = "kind", .azRefKind = azSchoolKind, .zRefKindLabel = "中小学或幼儿园") \
  X(D_NO, .zKey = "dispute_no", .zLabel = "编号", .eType = REG_TEXT, \
    .mFlags = RF_READONLY|RF_LIST|RF_SEARCH|RF_CODE|RF_NOIO, .nMax = 30, \
    .zHelp = "受理时按受理日期的年度自动编号", .nWidth = 16) \
  X(D_RECEIVED, .zKey = "received_on", .zLabel = "受理日期", .eType = REG_DATE, \
    .mFlags = RF_REQUIRED|RF_LIST, .nWidth = 12) \
  X(D_SOURCE, .zKey = "source", .zLabel = "来源", .eType = REG_CHOICE, \
    .mFlags = RF_REQUIRED|RF_FILTER, .azChoice = azSource, .nWidth = 12) \
  X(D_KIND, .zKey = "kind", .zLabel = "纠纷类别", .eType = REG_CHOICE, \
    .mFlags = RF_REQUIRED|RF_LIST|RF_FILTER, .azChoice = azKind, .nWidth = 12) \
  X(D_TITLE, .zKey = "title", .zLabel = "事由", .eType = REG_TEXT, \
    .mFlags = RF_REQUIRED|RF_LIST|RF_SEARCH|RF_TITLE, .nMax = 100, \
    .zHelp = "一句话概括，不写当事人姓名", .nWidth = 30) \
  X(D_DESC, .zKey = "description", .zLabel = "情况说明", .eType = REG_TEXT, \
    .mFlags = RF_LONG, .nMax = 2000, .nWidth = 40) \
  X(D_AROLE, .zKey = "party_a_role", .zLabel = "一方当事人身份", .eType = REG_CHOICE, \
    .mFlags = RF_REQUIRED|RF_FILTER, .azChoice = azRole, .nWidth = 10) \
  X(D_ANAME, .zKey = "party_a_name", .zLabel = "一方当事人姓名", .eType = REG_TEXT, \
    .mFlags = RF_PERSONAL, .nMax = 50, .zHelp = "加密保存，按角色打码", .nWidth = 12) \
  X(D_BROLE, .zKey = "party_b_role", .zLabel = "另一方当事人身份", .eType = REG_CHOICE, \
    .mFlags = RF_REQUIRED|RF_FILTER, .azChoice = azRole, .nWidth = 10) \
  X(D_BNAME, .zKey = "party_b_name", .zLabel = "另一方当事人姓名", .eType = REG_TEXT, \
    .mFlags = RF_PERSONAL, .nMax = 50, .zHelp = "加密保存，按角色打码", .nWidth = 12) \
  X(D_RISK, .zKey = "risk", .zLabel = "风险等级", .eType = REG_CHOICE, \
    .mFlags = RF_REQUIRED|RF_FILTER, .azChoice = azRisk, .nWidth = 8) \
  X(D_STATUS, .zKey = "status", .zLabel = "状态", .eType = REG_CHOICE, \
    .mFlags = RF_READONLY|RF_LIST|RF_FILTER, .azChoice = azStatus, .nWidth = 8) \
  X(D_MEDIATOR, .zKey = "mediator", .zLabel = "调解人", .eType = REG_TEXT, \
    .mFlags = RF_READONLY|RF_REQUIRED|RF_SEARCH, .nMax = 50, \
    .zHelp = "主持调解的人员及其单位", .nWidth = 16) \
  X(D_MEDIATED, .zKey = "mediation_on", .zLabel = "开始调解日期", .eType = REG_DATE, \
    .mFlags = RF_READONLY|RF_REQUIRED, .nWidth = 12, .zNotBefore = "received_on") \
  X(D_OUTCOME, .zKey = "outcome", .zLabel = "结果", .eType = REG_CHOICE, \
    .mFlags = RF_READONLY|RF_REQUIRED|RF_FILTER, .azChoice = azOutcome, .nWidth = 12) \
  X(D_CLOSED, .zKey = "closed_on", .zLabel = "办结日期", .eType = REG_DATE, \
    .mFlags = RF_READONLY|RF_REQUIRED, .nWidth = 12, .zNotBefore = "received_on") \
  X(D_RESULT, .zKey = "result", .zLabel = "处理情况", .eType = REG_TEXT, \
    .mFlags = RF_READONLY|RF_LONG, .nMax = 2000, \
    .zHelp = "调解经过、达成的协议或转入的途径", .nWidth = 40)

enum { DISPUTE_FIELDS(REG_FIELD_ENUM) D_NFIELD };

static const struct reg_field aField[] = { DISPUTE_FIELDS(REG_FIELD_INIT) };

/* ---- the steps taken (child) ---- */

#define STEP_FIELDS(X) \
  X(S_ORG, .zKey = "org_id", .zLabel = "学校", .eType = REG_REF, \
    .mFlags = RF_READONLY|RF_NOIO, .zRef = "org", .nWidth = 20) \
  X(S_DISPUTE, .zKey = "dispute_id", .zLabel = "矛盾纠纷", .eType = REG_REF, \
    .mFlags = RF_READONLY|RF_REQUIRED, .zRef = "dispute", .nWidth = 16) \
  X(S_ON, .zKey = "step_on", .zLabel = "日期", .eType = REG_DATE, \
    .mFlags = RF_REQUIRED|RF_LIST, .nWidth = 12) \
  X(S_MEDIATOR, .zKey = "mediator", .zLabel = "调解人", .eType = REG_TEXT, \
    .mFlags = RF_REQUIRED|RF_LIST, .nMax = 50, .zHelp = "主持本次调解的人员及其单位", \
    .nWidth = 16) \
  X(S_ACTION, .zKey = "action", .zLabel = "所做工作", .eType = REG_TEXT, \
    .mFlags = RF_REQUIRED|RF_LONG|RF_LIST, .nMax = 1000, \
    .zHelp = "约谈、调解、走访、答复等，不写当事人姓名", .nWidth = 30) \
  X(S_RESULT, .zKey = "result", .zLabel = "结果", .eType = REG_TEXT, \
    .mFlags = RF_LONG|RF_LIST, .nMax = 1000, .zHelp = "本次达成的意见或下一步安排", \
    .nWidth = 30)

enum { STEP_FIELDS(REG_FIELD_ENUM) S_NFIELD };

static const struct reg_field aStepField[] = { STEP_FIELDS(REG_FIELD_INIT) };

const struct reg_def dispute_step_reg = {
  .zName = "dispute_step", .zTable = "dispute_step", .zSeg = 0, .zCmd = "dispute-step",
  .zTitle = "调解记录", .zListTitle = "调解工作记录", .zNavGroup = "法制审核",
  .zOrgField = "org_id",
  .mRead = ROLE_ADMIN|ROLE_LEADER|ROLE_LEGAL|ROLE_SCHOOL|ROLE_AUDITOR,
  .mWrite = ROLE_ADMIN|ROLE_LEGAL|ROLE_SCHOOL, .mFull = ROLE_ADMIN|ROLE_LEGAL|ROLE_SCHOOL,
  .aField = aStepField, .nField = (int)COUNT(aStepField),
  .eDelete = REG_DEL_VOID, .zOrder = "t.step_on, t.id",
  .zCounter = "次",
  .zParentField = "dispute_id",
};

static const struct reg_child aDisputeChild[] = {
  { &dispute_step_reg, "steps" },
};

/* Step mediate: the first session is recorded as a step taken. */
static int dispute_mediate(struct reg_ctx *c){
  const char *az[S_NFIELD] = {0};
  i64 cid;
  az[S_ON] = c->azNew[D_MEDIATED];
  az[S_MEDIATOR] = c->azNew[D_MEDIATOR];
  az[S_ACTION] = "开始调解";
  return reg_child_add(c, "steps", az, &cid);
}

/* Step close: not before mediation began (when it did). */
static int dispute_close(struct reg_ctx *c){
  const char *zMed = c->azNew[D_MEDIATED];
  if( zMed && c->azNew[D_CLOSED] && strcmp(c->azNew[D_CLOSED], zMed)<0 ){
    reg_err_add(c->pErr, REG_EINVALID, "closed_on", "办结日期不能早于开始调解日期 %s", zMed);
    return -1;
  }
  return 0;
}

/* Rules across fields: a dispute is not received in the future. */
static int dispute_check(struct reg_ctx *c){
  char zToday[11];
  date_format(date_today(), zToday);
  if( c->azNew[D_RECEIVED] && strcmp(c->azNew[D_RECEIVED], zToday)>0 ){
    reg_err_add(c->pErr, REG_EINVALID, "received_on", "受理日期不能晚于今天");
    return -1;
  }
  return 0;
}

static const char *const azFromReceived[] = { "received", 0 };
static const char *const azFromOpen[] = { "received", "mediating", 0 };
static const char *const azAskMediate[] = { "mediator", "mediation_on", 0 };
static const char *const azAskClose[] = { "outcome", "closed_on", "result", 0 };

#define W (ROLE_ADMIN|ROLE_LEGAL|ROLE_SCHOOL)

static const struct reg_step aStep[] = {
  { .zVerb = "mediate", .zLabel = "开始调解", .azFrom = azFromReceived, .zTo = "mediating",
    .mRoles = W, .azAsk = azAskMediate, .xRule = dispute_mediate },
  { .zVerb = "close", .zLabel = "办结", .azFrom = azFromOpen, .zTo = "closed",
    .mRoles = W, .azAsk = azAskClose, .xRule = dispute_close },
};

/* 梨教调〔2024〕3号: by the year received. */
static const struct reg_number disputeNumber = {
  .zField = "dispute_no", .zFormat = "教调〔%Y〕%N号", .zYearFrom = "received_on",
};

const struct reg_def dispute_reg = {
  .zName = "dispute", .zTable = "dispute", .zSeg = "disputes", .zCmd = "dispute",
  .zTitle = "矛盾纠纷", .zListTitle = "矛盾纠纷台账", .zNavGroup = "法制审核",
  .zOrgField = "org_id",
  .mRead = ROLE_ADMIN|ROLE_LEADER|ROLE_LEGAL|ROLE_SCHOOL|ROLE_AUDITOR, .mWrite = W,
  .mFull = ROLE_ADMIN|ROLE_LEGAL|ROLE_SCHOOL,
  .aField = aField, .nField = (int)COUNT(aField),
  .zStateField = "status", .zInitial = "received",
  .aStep = aStep, .nStep = (int)COUNT(aStep),
  .eDelete = REG_DEL_VOID,
  .zOrder = "t.received_on DESC, t.id DESC",
  .xCheck = dispute_check, .zCounter = "件", .pNumber = &disputeNumber,
  .aChild = aDisputeChild, .nChild = (int)COUNT(aDisputeChild),
};
