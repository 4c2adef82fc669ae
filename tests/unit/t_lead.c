/*
** t_lead.c -- how a record page leads (src/reg/lead.c): the usual next
** step is the first one the actor may take that is not aside, labels
** follow the state (or hide the field), the notice after a step says what
** it did, an expired row is known by its declared last day, and a
** declaration naming what is not there is refused.
*/
#include "test.h"
#include "../../src/base/arena.h"
#include "../../src/base/buf.h"
#include "../../src/base/date.h"
#include "../../src/reg/reg.h"
#include "../../src/core/app.h"

static const char *const azLState[] = { "open", "已收件", "accepted", "审查中", "done", "已办结", 0 };
static const char *const azLFromOpen[] = { "open", 0 };
static const char *const azLFromAcc[] = { "accepted", 0 };
static const char *const azLBefore[] = { "open", 0 };
static const char *const azLBadState[] = { "opened", 0 };

#define LFIELDS(X) \
  X(LF_NAME, .zKey = "name", .zLabel = "名称", .eType = REG_TEXT, .mFlags = RF_TITLE) \
  X(LF_STATE, .zKey = "state", .zLabel = "状态", .eType = REG_CHOICE, .azChoice = azLState) \
  X(LF_DUE, .zKey = "due_on", .zLabel = "法定期限", .eType = REG_DATE) \
  X(LF_PROM, .zKey = "promised_on", .zLabel = "承诺期限", .eType = REG_DATE) \
  X(LF_END, .zKey = "end_on", .zLabel = "终止日", .eType = REG_DATE)
enum { LFIELDS(REG_FIELD_ENUM) LF_NFIELD };
static const struct reg_field aLField[] = { LFIELDS(REG_FIELD_INIT) };

static const struct reg_step aLStep[] = {
  { .zVerb = "notify", .zLabel = "补正告知", .bAside = true, .azFrom = azLFromOpen, .zTo = "open" },
  { .zVerb = "accept", .zLabel = "受理", .azFrom = azLFromOpen, .zTo = "accepted",
    .mRoles = ROLE_APPROVER },
  { .zVerb = "withdraw", .zLabel = "撤回", .bAside = true, .azFrom = azLFromOpen, .zTo = "done" },
  { .zVerb = "close", .zLabel = "办结", .azFrom = azLFromAcc, .zTo = "done",
    .zDone = "已办结，结果已告知申请人" },
};

static const struct reg_state_label aLLabel[] = {
  { "due_on", azLBefore, "受理审查期限" },
  { "promised_on", azLBefore, 0 },
};

static struct reg_def ldef(void){
  struct reg_def d;
  memset(&d, 0, sizeof(d));
  d.zName = "ldef"; d.zTable = "ldef"; d.zSeg = "ldefs"; d.zCmd = "ldef"; d.zTitle = "测试";
  d.aField = aLField; d.nField = LF_NFIELD;
  d.zStateField = "state"; d.zInitial = "open";
  d.aStep = aLStep; d.nStep = (int)COUNT(aLStep);
  d.aStateLabel = aLLabel; d.nStateLabel = (int)COUNT(aLLabel);
  d.zExpireField = "end_on";
  return d;
}

void test_lead(void){
  struct reg_def d = ldef();
  struct arena *ar = arena_new();
  struct actor a;
  struct buf b = BUF_INIT;
  const char *az[LF_NFIELD] = { "甲", "open", "2026-12-15", "2026-12-15", 0 };
  char zDay[11];
  static const struct reg_state_label aBad[] = {
    { "due_onn", azLBefore, "受理审查期限" },
    { "due_on", azLBadState, "受理审查期限" },
  };

  /* labels by state: renamed, hidden, or the field's own */
  CHECK_STR(reg_label_at(&d, LF_DUE, az), "受理审查期限");
  CHECK(reg_label_at(&d, LF_PROM, az)==0);
  CHECK_STR(reg_label_at(&d, LF_NAME, az), "名称");
  az[LF_STATE] = "accepted";
  CHECK_STR(reg_label_at(&d, LF_DUE, az), "法定期限");
  CHECK_STR(reg_label_at(&d, LF_PROM, az), "承诺期限");

  /* the usual next step: the first the actor may take that is not aside */
  memset(&a, 0, sizeof(a));
  a.mRoles = ROLE_APPROVER;
  az[LF_STATE] = "open";
  CHECK(reg_step_usual(&d, &a, az)==&aLStep[1]);
  a.mRoles = ROLE_LEGAL;            /* may not 受理: only aside steps are left */
  CHECK(reg_step_usual(&d, &a, az)==0);
  az[LF_STATE] = "accepted";
  CHECK(reg_step_usual(&d, &a, az)==&aLStep[3]);
  az[LF_STATE] = "done";
  CHECK(reg_step_usual(&d, &a, az)==0);

  /* what the notice says after a step */
  CHECK_STR(reg_step_done(ar, &d, &aLStep[1], "accepted"), "已受理，当前状态：审查中");
  CHECK_STR(reg_step_done(ar, &d, &aLStep[3], "done"), "已办结，结果已告知申请人");

  /* expired: the last day before today */
  az[LF_END] = 0;
  CHECK(!reg_expired(&d, az));
  az[LF_END] = date_format(date_today()-1, zDay);
  CHECK(reg_expired(&d, az));
  az[LF_END] = date_format(date_today(), zDay);
  CHECK(!reg_expired(&d, az));

  /* dates as a person writes them on a page */
  CHECK_STR(reg_display_page(ar, &d, LF_DUE, 0, "2024-11-05"), "2024年11月5日");
  CHECK_STR(reg_display_page(ar, &d, LF_NAME, 0, "甲"), "甲");

  /* a declaration naming what is not there */
  CHECK_INT(reg_check_lead(&d, &b), 0);
  d.aStateLabel = aBad; d.nStateLabel = 2;
  d.zExpireField = "name";
  CHECK_INT(reg_check_lead(&d, &b), 3);
  CHECK(strstr(b.buf, "due_onn") && strstr(b.buf, "opened") && strstr(b.buf, "不是日期字段"));
  buf_release(&b);
  arena_free(ar);
}
