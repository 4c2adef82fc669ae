/*
** permit_rate.c -- 好差评 of 行政许可 (GB/T 39734 一事一评): the applicant
** rates the service of one application, 非常满意 ... 非常不满意, on a public
** page with the application number and the check code printed on the
** 送达回证, no login, rate-limited like the lookup (the rating form of
** permit's public pages, served by the kernel as the public actor); a rating of 不满意 or
** worse opens a follow-up (整改) due in permit.followup_days working days
** (15 by default), closed by the 法规股 with its outcome.
**
** The ratings are a register of their own (permit_rating) that the case
** handlers (审批股, role approver) cannot read: they see the 满意率 only.
** The rater's address is kept neither in the row nor in the audit entry.
** Ratings are never typed in by staff: a create by anyone but the public
** page is refused, and a rating is never edited.
*/
#include "../../common.h"
#include <jansson.h>
#include "../../base/arena.h"
#include "../../base/buf.h"
#include "../../base/calendar.h"
#include "../../base/date.h"
#include "../../base/json.h"
#include "../../base/util.h"
#include "../../crypto/rand.h"
#include "../../store/db.h"
#include "../../web/api.h"
#include "../../web/html.h"
#include "../../web/req.h"
#include "../../core/app.h"
#include "../../core/cal.h"
#include "../../core/clock.h"
#include "permit.h"
#include "../../reg/public.h"

static const char *const azLevel[] = {
  "very_satisfied", "非常满意", "satisfied", "满意", "basic", "基本满意",
  "dissatisfied", "不满意", "very_dissatisfied", "非常不满意", 0
};
static const char *const azRState[] = {
  "none", "无需整改", "open", "整改中", "done", "已整改", 0
};

#define RATING_FIELDS(X) \
  X(R_ORG, .zKey = "org_id", .zLabel = "受理机关", .eType = REG_REF, \
    .mFlags = RF_REQUIRED|RF_FILTER, .zRef = "org", .nWidth = 20) \
  X(R_PERMIT, .zKey = "permit_id", .zLabel = "申请", .eType = REG_REF, \
    .mFlags = RF_REQUIRED|RF_LIST, .zRef = "permit", .nWidth = 16) \
  X(R_ITEM, .zKey = "item_id", .zLabel = "许可事项", .eType = REG_REF, \
    .mFlags = RF_REQUIRED|RF_LIST|RF_FILTER, .zRef = "permit_item", .nWidth = 30) \
  X(R_LEVEL, .zKey = "level", .zLabel = "评价", .eType = REG_CHOICE, \
    .mFlags = RF_REQUIRED|RF_LIST|RF_FILTER, .azChoice = azLevel, .nWidth = 10) \
  X(R_COMMENT, .zKey = "comment", .zLabel = "评价意见", .eType = REG_TEXT, \
    .mFlags = RF_LONG|RF_SEARCH, .nMax = 500, .nWidth = 30) \
  X(R_RATED, .zKey = "rated_on", .zLabel = "评价日期", .eType = REG_DATE, \
    .mFlags = RF_REQUIRED|RF_LIST|RF_TITLE, .nWidth = 12) \
  X(R_STATE, .zKey = "state", .zLabel = "整改状态", .eType = REG_CHOICE, \
    .mFlags = RF_READONLY|RF_LIST|RF_FILTER, .azChoice = azRState, .nWidth = 8) \
  X(R_DUE, .zKey = "due_on", .zLabel = "整改期限", .eType = REG_DATE, \
    .mFlags = RF_READONLY|RF_LIST, .zHelp = "不满意、非常不满意的评价自评价之日起的工作日数（设置 permit.followup_days）", \
    .nWidth = 12) \
  X(R_OUTCOME, .zKey = "outcome", .zLabel = "整改结果", .eType = REG_TEXT, \
    .mFlags = RF_READONLY|RF_REQUIRED|RF_LONG, .nMax = 1000, .zHelp = "核实情况、整改措施和回访结果", \
    .nWidth = 30) \
  X(R_DONE, .zKey = "done_on", .zLabel = "整改办结日期", .eType = REG_DATE, \
    .mFlags = RF_READONLY|RF_REQUIRED, .nWidth = 12)

enum { RATING_FIELDS(REG_FIELD_ENUM) R_NFIELD };

static const struct reg_field aRField[] = { RATING_FIELDS(REG_FIELD_INIT) };

/* True for the levels that open a follow-up. */
static bool rate_bad(const char *zLevel){
  return str_eq(zLevel, "dissatisfied") || str_eq(zLevel, "very_dissatisfied");
}

/* Ratings come from the public page only, once per application, and
** are never edited (the follow-up step changes only its own fields). */
static int rate_check(struct reg_ctx *c){
  if( c->azOld==0 && !actor_is_public(c->a) ){
    reg_err_add(c->pErr, REG_EDENIED, 0, "评价只能由申请人在评价页面提交，不能代为录入");
    return -1;
  }
  if( c->azOld && str_eq(c->zVerb, "update") ){
    reg_err_add(c->pErr, REG_EDENIED, 0, "评价不能修改");
    return -1;
  }
  if( c->azOld==0 && c->azNew[R_PERMIT]
   && db_exists("SELECT 1 FROM permit_rating WHERE permit_id=?1", "i",
                atoll(c->azNew[R_PERMIT])) ){
    reg_err_add(c->pErr, REG_ECONFLICT, "permit_id", "该申请已评价，每件申请只能评价一次（一事一评）");
    return -1;
  }
  return 0;
}

/* On create: 不满意 or worse opens the follow-up with its due date. */
static void rate_derive(struct reg_ctx *c){
  const struct calendar *cal;
  int d, due;
  if( c->azOld ) return;
  if( !rate_bad(c->azNew[R_LEVEL]) ){
    c->azNew[R_STATE] = "none";
    return;
  }
  c->azNew[R_STATE] = "open";
  if( c->azNew[R_RATED]==0 || date_parse(c->azNew[R_RATED], &d) ) return;
  cal = clock_calendar();
  /* past the last loaded year the due date stays empty (never a guess) */
  if( clock_add_workdays(cal, d, (int)setting_int("permit.followup_days", 15), &due, 0, 0)==0 ){
    char z[11];
    date_format(due, z);
    c->azNew[R_DUE] = arena_strdup(c->ar, z);
  }
  clock_release(cal);
}

/* Step resolve: not before the rating. */
static int rate_resolve(struct reg_ctx *c){
  if( c->azNew[R_DONE] && c->azOld[R_RATED] && strcmp(c->azNew[R_DONE], c->azOld[R_RATED])<0 ){
    reg_err_add(c->pErr, REG_EINVALID, "done_on", "整改办结日期不能早于评价日期 %s", c->azOld[R_RATED]);
    return -1;
  }
  return 0;
}

static const char *const azFromOpen[] = { "open", 0 };
static const char *const azAskResolve[] = { "outcome", "done_on", 0 };
static const struct reg_step aRStep[] = {
  { .zVerb = "resolve", .zLabel = "整改办结", .azFrom = azFromOpen, .zTo = "done",
    .mRoles = ROLE_ADMIN|ROLE_LEGAL, .azAsk = azAskResolve, .xRule = rate_resolve },
};

const struct reg_def permit_rating_reg = {
  .zName = "permit_rating", .zTable = "permit_rating", .zSeg = "permit-ratings",
  .zCmd = "permit-rating", .zTitle = "好差评", .zListTitle = "行政许可好差评",
  .zNavGroup = "行政许可", .zOrgField = "org_id",
  .mRead = ROLE_ADMIN|ROLE_LEADER|ROLE_LEGAL|ROLE_AUDITOR, .mWrite = ROLE_ADMIN|ROLE_LEGAL,
  .mFull = ROLE_ADMIN|ROLE_LEGAL,
  .aField = aRField, .nField = (int)COUNT(aRField),
  .zStateField = "state", .zInitial = "none",
  .aStep = aRStep, .nStep = (int)COUNT(aRStep),
  .eDelete = REG_DEL_NONE, .zOrder = "t.rated_on DESC, t.id DESC",
  .xCheck = rate_check, .xDerive = rate_derive, .zCounter = "条",
};

/* ---- the rating form of the public pages (reg/public.h) ---- */

/* A rating of the application found: its org, the application and its
** item, rated today; refused (409) until a decision was made. */
static int rate_fill(const struct reg_def *d, const struct reg_rec *pFound,
                     const char **azRating, struct arena *ar, struct reg_err *e){
  const char *zState = pFound->az[reg_field_index(d, "state")];
  char zDay[11];
  if( str_eq(zState, "received") || str_eq(zState, "correcting") || str_eq(zState, "accepted")
   || str_eq(zState, "paused") ){
    reg_err_add(e, REG_ECONFLICT, 0, "该申请尚未办结，作出决定后才能评价");
    return -1;
  }
  azRating[R_ORG] = pFound->az[reg_field_index(d, "org_id")];
  azRating[R_PERMIT] = arena_printf(ar, "%lld", (long long)pFound->id);
  azRating[R_ITEM] = pFound->az[reg_field_index(d, "item_id")];
  azRating[R_RATED] = arena_strdup(ar, date_format(date_today(), zDay));
  return 0;
}

const struct reg_public_rate permit_rate_public = {
  .zTitle = "行政许可服务评价",
  .zRating = "permit_rating",
  .zLevelField = "level",
  .zLevelPrompt = "请选择评价等级（非常满意、满意、基本满意、不满意、非常不满意）",
  .zCommentField = "comment", .zCommentLabel = "意见建议（选填）",
  .zNote = "申请编号和查询码见受理通知书和送达回证。每件申请评价一次；评价人信息严格保密，"
           "经办人员看不到评价人和评价内容的对应关系。",
  .zDone = "评价已提交，感谢您的评价！",
  .zDoneApi = "评价已提交，感谢您的评价",
  .xFill = rate_fill,
};
