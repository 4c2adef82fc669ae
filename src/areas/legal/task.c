/*
** task.c -- 年度工作安排 (罗列清单，明确责任): the tasks a year's work is
** planned as, in their order, each with its text, responsible 股室 and
** person, due date, status and progress, and the report section it came
** from.  The annual report's part 四 for year Y is written from the tasks
** of year Y+1 (figure task.next, a `list` block of the template); the
** report of Y+1 states how many were done and how many are late.
**
** States: planned 计划 -> doing 进行中 (start) -> done 完成 (finish, asks
** the day); planned|doing -> delayed 延期 (delay, asks the new due date
** and the reason), delayed -> doing; any open one -> cancelled 取消.
*/
#include "../../common.h"
#include "../../base/date.h"
#include "../../base/util.h"
#include "../../core/app.h"
#include "task.h"

static const char *const azStatus[] = {
  "planned", "计划", "doing", "进行中", "done", "完成", "delayed", "延期", "cancelled", "取消", 0
};
static const char *const azOffice[] = { "office", "bureau", 0 };
static const char *const azOfficeAlias[] = { "责任股室", "责任科室", "牵头股室", 0 };

#define TASK_FIELDS(X) \
  X(K_YEAR, .zKey = "year", .zLabel = "年度", .eType = REG_INT, \
    .mFlags = RF_REQUIRED|RF_FILTER, .nWidth = 8, REG_RANGE(2000, 2100)) \
  X(K_SEQ, .zKey = "seq", .zLabel = "序号", .eType = REG_INT, \
    .mFlags = RF_REQUIRED|RF_LIST, .zHelp = "在年度工作安排中的顺序，报告按此编号", .nWidth = 6, \
    REG_RANGE(1, 999)) \
  X(K_TITLE, .zKey = "title", .zLabel = "任务", .eType = REG_TEXT, \
    .mFlags = RF_REQUIRED|RF_LIST|RF_SEARCH|RF_TITLE, .nMax = 100, \
    .zHelp = "一句话的任务名称，如“不断提高政治站位”", .nWidth = 30) \
  X(K_BODY, .zKey = "body", .zLabel = "内容", .eType = REG_TEXT, .mFlags = RF_LONG|RF_SEARCH, \
    .nMax = 2000, .zHelp = "报告“主要工作安排”中该条的正文", .nWidth = 60) \
  X(K_OFFICE, .zKey = "office_id", .zLabel = "责任股室", .eType = REG_REF, \
    .mFlags = RF_REQUIRED|RF_LIST|RF_FILTER, .zRef = "org", .azAlias = azOfficeAlias, \
    .nWidth = 14, .zRefKind = "kind", .azRefKind = azOffice, .zRefKindLabel = "股室或教育局") \
  X(K_OWNER, .zKey = "owner", .zLabel = "责任人", .eType = REG_TEXT, \
    .mFlags = RF_SEARCH, .nMax = 50, .nWidth = 10) \
  X(K_DUE, .zKey = "due_on", .zLabel = "完成时限", .eType = REG_DATE, \
    .mFlags = RF_REQUIRED|RF_LIST, .nWidth = 12) \
  X(K_STATUS, .zKey = "status", .zLabel = "状态", .eType = REG_CHOICE, \
    .mFlags = RF_READONLY|RF_LIST|RF_FILTER, .azChoice = azStatus, .nWidth = 8) \
  X(K_DONE, .zKey = "done_on", .zLabel = "完成日期", .eType = REG_DATE, \
    .mFlags = RF_READONLY|RF_REQUIRED, .nWidth = 12) \
  X(K_PROGRESS, .zKey = "progress", .zLabel = "进展情况", .eType = REG_TEXT, \
    .mFlags = RF_LONG, .nMax = 2000, .nWidth = 40) \
  X(K_REASON, .zKey = "reason", .zLabel = "延期或取消原因", .eType = REG_TEXT, \
    .mFlags = RF_READONLY|RF_REQUIRED|RF_LONG, .nMax = 500, .nWidth = 30) \
  X(K_SOURCE, .zKey = "source", .zLabel = "来源", .eType = REG_TEXT, \
    .nMax = 100, .zHelp = "任务出自的报告章节，如“2024年度报告 四、2025年度主要工作安排”", \
    .nWidth = 30)

enum { TASK_FIELDS(REG_FIELD_ENUM) K_NFIELD };

static const struct reg_field aField[] = { TASK_FIELDS(REG_FIELD_INIT) };

/* Rules across fields: a task of a year is due by the year's end at the
** latest after a delay (a first plan inside its year). */
static int task_check(struct reg_ctx *c){
  i64 year;
  int day, y, m, d;
  if( c->azNew[K_DUE] && str_to_i64(c->azNew[K_YEAR], 2000, 2100, &year)==0
   && date_parse(c->azNew[K_DUE], &day)==0 ){
    date_ymd(day, &y, &m, &d);
    if( y<year ){
      reg_err_add(c->pErr, REG_EINVALID, "due_on", "完成时限不能早于任务年度 %lld 年", (long long)year);
      return -1;
    }
  }
  return 0;
}

/* Step delay: the new due date lies after the old one. */
static int task_delay(struct reg_ctx *c){
  if( c->azNew[K_DUE]==0 || (c->azOld[K_DUE] && strcmp(c->azNew[K_DUE], c->azOld[K_DUE])<=0) ){
    reg_err_add(c->pErr, REG_EINVALID, "due_on", "延期后的完成时限应晚于原时限 %s",
                c->azOld[K_DUE] ? c->azOld[K_DUE] : "");
    return -1;
  }
  return 0;
}

static const char *const azFromPlanned[] = { "planned", "delayed", 0 };
static const char *const azFromOpen[] = { "planned", "doing", "delayed", 0 };
static const char *const azFromDelay[] = { "planned", "doing", 0 };
static const char *const azAskDone[] = { "done_on", "progress", 0 };
static const char *const azAskDelay[] = { "due_on", "reason", 0 };
static const char *const azAskCancel[] = { "reason", 0 };

#define W (ROLE_ADMIN|ROLE_LEGAL)

static const struct reg_step aStep[] = {
  { .zVerb = "start", .zLabel = "开始实施", .azFrom = azFromPlanned, .zTo = "doing", .mRoles = W },
  { .zVerb = "finish", .zLabel = "完成", .azFrom = azFromOpen, .zTo = "done", .mRoles = W,
    .azAsk = azAskDone },
  { .zVerb = "delay", .zLabel = "延期", .azFrom = azFromDelay, .zTo = "delayed", .mRoles = W,
    .azAsk = azAskDelay, .xRule = task_delay },
  { .zVerb = "cancel", .zLabel = "取消", .azFrom = azFromOpen, .zTo = "cancelled", .mRoles = W,
    .azAsk = azAskCancel },
};

const struct reg_def task_reg = {
  .zName = "task", .zTable = "task", .zSeg = "tasks", .zCmd = "task",
  .zTitle = "工作任务", .zListTitle = "年度工作安排", .zNavGroup = "法制审核",
  .zOrgField = "office_id",
  .mRead = ROLE_ADMIN|ROLE_LEADER|ROLE_LEGAL|ROLE_AUDITOR, .mWrite = W, .mFull = ROLE_ALL,
  .aField = aField, .nField = (int)COUNT(aField),
  .zStateField = "status", .zInitial = "planned",
  .aStep = aStep, .nStep = (int)COUNT(aStep),
  .eDelete = REG_DEL_VOID,
  .zOrder = "t.year DESC, t.seq, t.id",
  .xCheck = task_check, .zCounter = "项",
};
