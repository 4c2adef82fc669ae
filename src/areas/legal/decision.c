/*
** decision.c -- 重大行政决策 (国务院令第713号): each decision passes 公众
** 参与 (the comment period, the number of comments, the response), 专家
** 论证, 风险评估, 合法性审查 (a passed review of kind 重大行政决策) and
** 集体讨论决定 (meeting date, attendees, minutes, dissent, the 主要负责人's
** decision).  Marking it decided (decide) is refused while any of them is
** missing, and the gate names each missing step: every field it needs is
** labelled with its step (“作出决定前须填写专家论证日期”), the review
** condition reads “作出决定前须有通过的合法性审查”.  The decisions of a
** year are its 决策事项目录 (the list filtered by 目录年度).
**
** States: draft 拟订中 -> decided 已决定 (decide) | dropped 终止 (drop).
** The minutes of the 集体讨论 are an attachment (minutes_file: PDF,
** office document or photo, declared in aDecisionFile); minutes_ref keeps
** the minutes' number.
*/
#include "../../common.h"
#include "../../base/util.h"
#include "../../core/app.h"
#include "../../core/files.h"
#include "../../reg/public.h"
#include "review.h"

static const char *const azCategory[] = {
  "policy", "重大公共政策", "plan", "重要规划", "resource", "重大资源配置",
  "project", "重大公共建设项目", "other", "其他重大事项", 0
};
static const char *const azRisk[] = { "low", "低", "medium", "中", "high", "高", 0 };
static const char *const azStatus[] = {
  "draft", "拟订中", "decided", "已决定", "dropped", "终止", 0
};
static const char *const azOffice[] = { "office", 0 };
static const char *const azDecKind[] = { "decision", 0 };

#define DECISION_FIELDS(X) \
  X(D_OFFICE, .zKey = "office_id", .zLabel = "承办股室", .eType = REG_REF, \
    .mFlags = RF_REQUIRED|RF_FILTER, .zRef = "org", .nWidth = 14, \
    .zRefKind = "kind", .azRefKind = azOffice, .zRefKindLabel = "股室") \
  X(D_TITLE, .zKey = "title", .zLabel = "决策事项", .eType = REG_TEXT, \
    .mFlags = RF_REQUIRED|RF_LIST|RF_SEARCH|RF_TITLE, .nMax = 100, .nWidth = 40) \
  X(D_YEAR, .zKey = "year", .zLabel = "目录年度", .eType = REG_INT, \
    .mFlags = RF_REQUIRED|RF_LIST|RF_FILTER, REG_RANGE(2000, 2100), .nWidth = 8, \
    .zHelp = "列入哪一年度的重大行政决策事项目录") \
  X(D_CATEGORY, .zKey = "category", .zLabel = "决策类别", .eType = REG_CHOICE, \
    .mFlags = RF_REQUIRED|RF_LIST|RF_FILTER, .azChoice = azCategory, .nWidth = 14) \
  X(D_STARTED, .zKey = "started_on", .zLabel = "决策启动日期", .eType = REG_DATE, \
    .mFlags = RF_REQUIRED, .nWidth = 12) \
  X(D_CSTART, .zKey = "comment_start", .zLabel = "公众参与起始日", .eType = REG_DATE, \
    .nWidth = 12, .zNotBefore = "started_on") \
  X(D_CEND, .zKey = "comment_end", .zLabel = "公众参与截止日", .eType = REG_DATE, \
    .nWidth = 12, .zNotBefore = "comment_start") \
  X(D_CCOUNT, .zKey = "comment_count", .zLabel = "公众参与收到意见数", .eType = REG_INT, \
    REG_RANGE(0, 1000000), .nWidth = 8, .zRequiredIf = "comment_end") \
  X(D_CRESP, .zKey = "comment_response", .zLabel = "公众参与意见采纳情况", .eType = REG_TEXT, \
    .mFlags = RF_LONG, .nMax = 2000, .nWidth = 30) \
  X(D_EXPERT, .zKey = "expert_on", .zLabel = "专家论证日期", .eType = REG_DATE, \
    .nWidth = 12, .zNotBefore = "started_on") \
  X(D_EXPOP, .zKey = "expert_opinion", .zLabel = "专家论证意见", .eType = REG_TEXT, \
    .mFlags = RF_LONG, .nMax = 2000, .nWidth = 30, .zRequiredIf = "expert_on") \
  X(D_RISK, .zKey = "risk_on", .zLabel = "风险评估日期", .eType = REG_DATE, \
    .nWidth = 12, .zNotBefore = "started_on") \
  X(D_RLEVEL, .zKey = "risk_level", .zLabel = "风险评估等级", .eType = REG_CHOICE, \
    .azChoice = azRisk, .nWidth = 8, .zRequiredIf = "risk_on") \
  X(D_RNOTE, .zKey = "risk_note", .zLabel = "风险评估结论", .eType = REG_TEXT, \
    .mFlags = RF_LONG, .nMax = 2000, .nWidth = 30) \
  X(D_REVIEW, .zKey = "review_id", .zLabel = "合法性审查", .eType = REG_REF, \
    .zRef = "review", .nWidth = 30, \
    .zRefKind = "kind", .azRefKind = azDecKind, .zRefKindLabel = "重大行政决策的合法性审核", \
    .zHelp = "该决策草案的合法性审核记录；作出决定前须审核通过") \
  X(D_MEETING, .zKey = "meeting_on", .zLabel = "集体讨论会议日期", .eType = REG_DATE, \
    .mFlags = RF_READONLY, .nWidth = 12, .zNotBefore = "started_on") \
  X(D_ATTEND, .zKey = "attendees", .zLabel = "集体讨论出席人员", .eType = REG_TEXT, \
    .mFlags = RF_READONLY|RF_LONG, .nMax = 500, .nWidth = 30) \
  X(D_MINUTES, .zKey = "minutes_ref", .zLabel = "集体讨论会议纪要", .eType = REG_TEXT, \
    .mFlags = RF_READONLY, .nMax = 200, .nWidth = 24, .zHelp = "纪要的文号") \
  X(D_MINUTES_FILE, .zKey = "minutes_file", .zLabel = "会议纪要（文件）", .eType = REG_FILE, \
    .mFlags = RF_READONLY|RF_NOIO, .zHelp = "集体讨论会议纪要（PDF、办公文档或照片）") \
  X(D_DISSENT, .zKey = "dissent", .zLabel = "集体讨论不同意见", .eType = REG_TEXT, \
    .mFlags = RF_READONLY|RF_LONG, .nMax = 2000, .nWidth = 30, \
    .zHelp = "如实记录不同意见；没有时填“无”") \
  X(D_HEAD, .zKey = "head_decision", .zLabel = "主要负责人的决定", .eType = REG_TEXT, \
    .mFlags = RF_READONLY|RF_LONG, .nMax = 2000, .nWidth = 30) \
  X(D_DECIDED, .zKey = "decided_on", .zLabel = "决定日期", .eType = REG_DATE, \
    .mFlags = RF_READONLY|RF_LIST, .nWidth = 12, .zNotBefore = "meeting_on") \
  X(D_STATUS, .zKey = "status", .zLabel = "状态", .eType = REG_CHOICE, \
    .mFlags = RF_READONLY|RF_LIST|RF_FILTER, .azChoice = azStatus, .nWidth = 8)

enum { DECISION_FIELDS(REG_FIELD_ENUM) D_NFIELD };

static const struct reg_field aField[] = { DECISION_FIELDS(REG_FIELD_INIT) };

/* The minutes of the collective discussion: at most 20 MB. */
static const struct reg_file_rule aDecisionFile[] = {
  { "minutes_file", FILE_PDF|FILE_OFFICE|FILE_PHOTO, (i64)20*1024*1024, false },
  { 0, 0, 0, false }
};

/* Rules across fields: a decision made or dropped is not edited; the
** collective meeting comes after the comment period, the expert and risk
** steps (the order of 713号). */
static int decision_check(struct reg_ctx *c){
  static const int aBefore[] = { D_CEND, D_EXPERT, D_RISK };
  int i, rc = 0;
  /* the record of a decision made is what the decision rested on */
  if( c->azOld && str_eq(c->zVerb, "update") && !str_eq(c->azOld[D_STATUS], "draft") ){
    reg_err_add(c->pErr, REG_ECONFLICT, 0, "该决策已%s，不能再修改",
                reg_choice_label(&aField[D_STATUS], c->azOld[D_STATUS]));
    return -1;
  }
  if( c->azNew[D_MEETING]==0 ) return 0;
  for(i=0; i<(int)COUNT(aBefore); i++){
    const char *z = c->azNew[aBefore[i]];
    if( z && strcmp(c->azNew[D_MEETING], z)<0 ){
      reg_err_add(c->pErr, REG_EINVALID, "meeting_on", "集体讨论会议日期不得早于%s %s",
                  aField[aBefore[i]].zLabel, z);
      rc = -1;
    }
  }
  return rc;
}

static const char *const azFromDraft[] = { "draft", 0 };
static const char *const azAskDecide[] = {
  "meeting_on", "attendees", "minutes_ref", "dissent", "head_decision", "decided_on", 0
};
static const char *const azNeedDecide[] = {
  "comment_start", "comment_end", "comment_count", "comment_response",
  "expert_on", "expert_opinion", "risk_on", "risk_level",
  "meeting_on", "attendees", "dissent", "head_decision", "decided_on", 0
};
static const char *const azAskDrop[] = { "head_decision", 0 };
static const struct reg_need aNeedDecide[] = {
  { .zReg = "review", .zVia = "review_id", .zState = "passed",
    .zLabel = "通过的合法性审查" },
  { 0 }
};

#define DECISION_ROLES (ROLE_ADMIN|ROLE_LEGAL)

static const struct reg_step aStep[] = {
  { .zVerb = "decide", .zLabel = "作出决定", .azFrom = azFromDraft, .zTo = "decided",
    .mRoles = DECISION_ROLES, .azAsk = azAskDecide, .azNeed = azNeedDecide,
    .aNeedRec = aNeedDecide },
  { .zVerb = "drop", .zLabel = "终止决策", .azFrom = azFromDraft, .zTo = "dropped",
    .mRoles = DECISION_ROLES, .azAsk = azAskDrop },
};

/* The 决策事项目录, published: every item listed for a year, its state. */
static const struct reg_public_show aPubShow[] = {
  { .zKey = "year", .zLabel = "目录年度", .zField = "year" },
  { .zKey = "title", .zLabel = "决策事项", .zField = "title" },
  { .zKey = "category", .zLabel = "决策类别", .zField = "category" },
  { .zKey = "office", .zLabel = "承办股室", .zField = "office_id" },
  { .zKey = "status", .zLabel = "状态", .zField = "status" },
  { .zKey = "decided_on", .zLabel = "决定日期", .zField = "decided_on" },
};

static const struct reg_public_list decisionPubList = {
  .zTitle = "重大行政决策事项目录",
  .zWhere = "t.year IS NOT NULL",
  .zOrder = "t.year DESC, t.started_on",
  .aShow = aPubShow, .nShow = (int)COUNT(aPubShow),
  .zNote = "按年度公布的重大行政决策事项目录及各事项的办理状态。",
};

static const struct reg_public decisionPublic = {
  .zSeg = "decisions", .zLimit = "decision_public", .nLimit = 60, .nWindow = 60,
  .pList = &decisionPubList,
};

const struct reg_def decision_reg = {
  .zName = "decision", .zTable = "decision", .zSeg = "decisions", .zCmd = "decision",
  .zTitle = "重大行政决策", .zNavGroup = "法制审核", .zOrgField = "office_id",
  .mRead = 0, .mWrite = DECISION_ROLES, .mFull = DECISION_ROLES,
  .aField = aField, .nField = (int)COUNT(aField),
  .zStateField = "status", .zInitial = "draft",
  .aStep = aStep, .nStep = (int)COUNT(aStep),
  .eDelete = REG_DEL_VOID,
  .zOrder = "t.year DESC, t.started_on, t.id",
  .xCheck = decision_check,
  .zCounter = "项",
  .pPublic = &decisionPublic,
  .aFileRule = aDecisionFile,
};
