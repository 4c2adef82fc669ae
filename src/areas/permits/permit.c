/*
** permit.c -- 行政许可: the 事项清单 and the applications, declared on the
** register kernel, with the rules of 行政许可法 no declaration can hold.
**
** An application moves: received 已收件 -> notify 补正告知 (within 5
** working days of receipt, else it counts as accepted on the day it was
** received) -> correcting 待补正 -> correct 补正 (back to received; the
** clock restarts) -> accept 受理 | reject 不予受理 -> accepted 审查中,
** with pause 暂停计时 / resume 恢复计时 for 听证 检验 检测 鉴定 专家评审
** (those days do not count) and extend 延期 once -> grant 准予许可 |
** deny 不予许可 -> deliver 送达 (within 10 working days) -> close 办结;
** withdraw 撤回 before a decision.  The kernel refuses every other
** transition, naming the state.
**
** Due dates are derived on every write (permit_derive) from the item's
** limits and the working-day calendar, and recomputed for every open
** application when the calendar changes (permit_recompute_open, called
** by the calendar area inside its transaction).
*/
#include "../../common.h"
#include <pthread.h>
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
#include "../../core/audit.h"
#include "../../core/cal.h"
#include "../../core/cli.h"
#include "../../core/clock.h"
#include "../../core/files.h"
#include "permit.h"
#include "../../reg/public.h"

/* ---- 事项清单 ---- */

static const char *const azUnit[] = { "wd", "工作日", "month", "个月", 0 };

#define PERMIT_ITEM_FIELDS(X) \
  X(I_ORG, .zKey = "org_id", .zLabel = "实施机关", .eType = REG_REF, \
    .mFlags = RF_REQUIRED|RF_LIST|RF_FILTER, .zRef = "org", .nWidth = 20) \
  X(I_NAME, .zKey = "name", .zLabel = "事项名称", .eType = REG_TEXT, \
    .mFlags = RF_REQUIRED|RF_UNIQUE|RF_LIST|RF_SEARCH|RF_TITLE, .nMax = 80, .nWidth = 30) \
  X(I_BASIS, .zKey = "basis", .zLabel = "设定依据", .eType = REG_TEXT, \
    .mFlags = RF_REQUIRED|RF_LONG|RF_SEARCH, .nMax = 500, .zHelp = "法律法规名称及条款", .nWidth = 40) \
  X(I_UNIT, .zKey = "limit_unit", .zLabel = "时限单位", .eType = REG_CHOICE, \
    .mFlags = RF_REQUIRED|RF_LIST, .azChoice = azUnit, .zHelp = "法律规定以月计的（如民办学校正式设立3个月）选“个月”", \
    .nWidth = 8) \
  X(I_LIMIT, .zKey = "statutory_limit", .zLabel = "法定办结时限", .eType = REG_INT, \
    .mFlags = RF_REQUIRED|RF_LIST, .zHelp = "自受理之日起，不含受理当日", .nWidth = 10) \
  X(I_PROMISED, .zKey = "promised_limit", .zLabel = "承诺办结时限（工作日）", .eType = REG_INT, \
    .mFlags = RF_LIST, .zHelp = "不长于法定时限", .nWidth = 10) \
  X(I_MATERIALS, .zKey = "materials", .zLabel = "申请材料", .eType = REG_TEXT, .mFlags = RF_LONG, \
    .nMax = 2000, .zHelp = "一项一行", .nWidth = 40) \
  X(I_EXTENDABLE, .zKey = "extendable", .zLabel = "可否延期", .eType = REG_BOOL, .mFlags = RF_LIST, \
    .nWidth = 8) \
  X(I_EXTDAYS, .zKey = "extend_days", .zLabel = "可延长工作日数", .eType = REG_INT, \
    .zHelp = "经负责人批准可延长的工作日数", .nWidth = 10) \
  X(I_PUBLICITY, .zKey = "publicity_days", .zLabel = "办结后公示时限（工作日）", .eType = REG_INT, \
    .nWidth = 10)

enum { PERMIT_ITEM_FIELDS(REG_FIELD_ENUM) I_NFIELD };

static const struct reg_field aItemField[] = { PERMIT_ITEM_FIELDS(REG_FIELD_INIT) };

/* Limits are positive; the promise is shorter than the law. */
static int item_check(struct reg_ctx *c){
  const char **az = c->azNew;
  i64 n = az[I_LIMIT] ? atoll(az[I_LIMIT]) : 0;
  if( az[I_LIMIT] && (n<1 || n>(str_eq(az[I_UNIT], "month") ? 24 : 365)) ){
    reg_err_add(c->pErr, REG_EINVALID, "statutory_limit", "法定办结时限应为1到%d之间的整数",
                str_eq(az[I_UNIT], "month") ? 24 : 365);
  }
  if( az[I_PROMISED] ){
    i64 p = atoll(az[I_PROMISED]);
    if( p<1 ){
      reg_err_add(c->pErr, REG_EINVALID, "promised_limit", "承诺办结时限应为正整数");
    }else if( str_eq(az[I_UNIT], "wd") && az[I_LIMIT] && p>n ){
      reg_err_add(c->pErr, REG_EINVALID, "promised_limit",
                  "承诺办结时限（%lld个工作日）不能长于法定时限（%lld个工作日）",
                  (long long)p, (long long)n);
    }
  }
  if( str_eq(az[I_EXTENDABLE], "1") && (az[I_EXTDAYS]==0 || atoll(az[I_EXTDAYS])<1) ){
    reg_err_add(c->pErr, REG_EINVALID, "extend_days", "可延期的事项请填写可延长的工作日数");
  }
  if( az[I_EXTDAYS] && (atoll(az[I_EXTDAYS])<0 || atoll(az[I_EXTDAYS])>60) ){
    reg_err_add(c->pErr, REG_EINVALID, "extend_days", "可延长工作日数应为0到60之间的整数");
  }
  if( az[I_PUBLICITY] && (atoll(az[I_PUBLICITY])<0 || atoll(az[I_PUBLICITY])>60) ){
    reg_err_add(c->pErr, REG_EINVALID, "publicity_days", "公示时限应为0到60之间的整数");
  }
  return 0;
}

const struct reg_def permit_item_reg = {
  .zName = "permit_item", .zTable = "permit_item", .zSeg = "permit-items",
  .zCmd = "permit-item", .zTitle = "许可事项", .zListTitle = "行政许可事项清单",
  .zNavGroup = "行政许可", .zOrgField = "org_id",
  .mRead = 0, .mWrite = ROLE_ADMIN|ROLE_LEGAL, .mFull = ROLE_ALL,
  .aField = aItemField, .nField = (int)COUNT(aItemField),
  .eDelete = REG_DEL_VOID, .zOrder = "t.id",
  .xCheck = item_check, .zCounter = "项",
};

/* ---- applications ---- */

static const char *const azKind[] = { "org", "单位", "person", "个人", 0 };
static const char *const azKindOrg[] = { "org", 0 };
static const char *const azKindPerson[] = { "person", 0 };
static const char *const azState[] = {
  "received", "已收件", "correcting", "待补正", "accepted", "审查中", "paused", "暂停计时",
  "rejected", "不予受理", "granted", "准予许可", "denied", "不予许可",
  "delivered", "已送达", "closed", "已办结", "withdrawn", "已撤回", 0
};
static const char *const azPause[] = {
  "hearing", "听证", "inspection", "检验", "testing", "检测", "appraisal", "鉴定",
  "expert", "专家评审", 0
};

#define PERMIT_FIELDS(X) \
  X(P_ORG, .zKey = "org_id", .zLabel = "受理机关", .eType = REG_REF, \
    .mFlags = RF_REQUIRED|RF_FILTER, .zRef = "org", .nWidth = 20) \
  X(P_NO, .zKey = "number", .zLabel = "申请编号", .eType = REG_TEXT, \
    .mFlags = RF_READONLY|RF_UNIQUE|RF_LIST|RF_SEARCH|RF_TITLE|RF_CODE, .nMax = 30, \
    .nWidth = 16) \
  X(P_CODE, .zKey = "check_code", .zLabel = "查询码", .eType = REG_TEXT, \
    .mFlags = RF_READONLY|RF_NOIO, .nMax = 12, .zHelp = "印在受理凭证上，申请人凭编号和查询码查询办理进度", \
    .nWidth = 10) \
  X(P_ITEM, .zKey = "item_id", .zLabel = "许可事项", .eType = REG_REF, \
    .mFlags = RF_REQUIRED|RF_LIST|RF_FILTER, .zRef = "permit_item", .nWidth = 30) \
  X(P_AKIND, .zKey = "applicant_kind", .zLabel = "申请人类别", .eType = REG_CHOICE, \
    .mFlags = RF_REQUIRED|RF_FILTER, .azChoice = azKind, .nWidth = 8) \
  X(P_APPLICANT, .zKey = "applicant", .zLabel = "申请人", .eType = REG_TEXT, \
    .mFlags = RF_REQUIRED|RF_LIST|RF_SEARCH, .nMax = 100, .zHelp = "单位全称或个人姓名", .nWidth = 24) \
  X(P_USCC, .zKey = "uscc", .zLabel = "统一社会信用代码", .eType = REG_USCC, .mFlags = RF_SEARCH, \
    .zHelp = "申请人为单位时填写", .nWidth = 20, .zRequiredIf = "applicant_kind", \
    .azRequiredIs = azKindOrg) \
  X(P_IDNO, .zKey = "id_no", .zLabel = "身份证号", .eType = REG_IDCARD, .mFlags = RF_PERSONAL, \
    .zHelp = "申请人为个人时填写", .nWidth = 20, .zRequiredIf = "applicant_kind", \
    .azRequiredIs = azKindPerson) \
  X(P_PHONE, .zKey = "phone", .zLabel = "联系电话", .eType = REG_PHONE, .mFlags = RF_PERSONAL, \
    .nWidth = 14) \
  X(P_RECV, .zKey = "received_on", .zLabel = "收件日期", .eType = REG_DATE, \
    .mFlags = RF_REQUIRED|RF_LIST, .nWidth = 12) \
  X(P_MATERIALS, .zKey = "materials", .zLabel = "申请材料", .eType = REG_TEXT, .mFlags = RF_LONG, \
    .nMax = 2000, .zHelp = "收到的材料，一项一行", .nWidth = 30) \
  X(P_STATE, .zKey = "state", .zLabel = "状态", .eType = REG_CHOICE, \
    .mFlags = RF_READONLY|RF_LIST|RF_FILTER, .azChoice = azState, .nWidth = 8) \
  X(P_NOTICE, .zKey = "notice_on", .zLabel = "补正告知日期", .eType = REG_DATE, \
    .mFlags = RF_READONLY|RF_REQUIRED, .nWidth = 12) \
  X(P_CORRECTION, .zKey = "correction", .zLabel = "需补正的全部内容", .eType = REG_TEXT, \
    .mFlags = RF_READONLY|RF_REQUIRED|RF_LONG, .nMax = 1000, .zHelp = "一次性告知全部补正内容", \
    .nWidth = 30) \
  X(P_CORRECTED, .zKey = "corrected_on", .zLabel = "补正日期", .eType = REG_DATE, \
    .mFlags = RF_READONLY|RF_REQUIRED, .zHelp = "申请人补齐材料之日，受理审查期限自此重新计算", .nWidth = 12) \
  X(P_ACCEPTED, .zKey = "accepted_on", .zLabel = "受理日期", .eType = REG_DATE, \
    .mFlags = RF_READONLY|RF_REQUIRED, .nWidth = 12) \
  X(P_START, .zKey = "start_on", .zLabel = "计时起算日", .eType = REG_DATE, .mFlags = RF_READONLY, \
    .nWidth = 12) \
  X(P_DEEMED, .zKey = "deemed", .zLabel = "逾期未告知补正视为受理", .eType = REG_BOOL, \
    .mFlags = RF_READONLY, .nWidth = 8) \
  X(P_PKIND, .zKey = "pause_kind", .zLabel = "暂停事由", .eType = REG_CHOICE, \
    .mFlags = RF_READONLY|RF_REQUIRED, .azChoice = azPause, .zHelp = "依行政许可法第四十五条不计入期限的程序", \
    .nWidth = 10) \
  X(P_PSTART, .zKey = "pause_start", .zLabel = "暂停起始日", .eType = REG_DATE, \
    .mFlags = RF_READONLY|RF_REQUIRED, .zHelp = "已书面告知申请人所需时间", .nWidth = 12) \
  X(P_PEND, .zKey = "pause_end", .zLabel = "暂停结束日", .eType = REG_DATE, \
    .mFlags = RF_READONLY|RF_REQUIRED, .nWidth = 12) \
  X(P_EXTDAYS, .zKey = "ext_days", .zLabel = "延长工作日数", .eType = REG_INT, .mFlags = RF_READONLY, \
    .nWidth = 8) \
  X(P_EXTON, .zKey = "ext_on", .zLabel = "延期决定日期", .eType = REG_DATE, \
    .mFlags = RF_READONLY|RF_REQUIRED, .zHelp = "负责人批准延期之日，应在原期限届满前", .nWidth = 12) \
  X(P_EXTREASON, .zKey = "ext_reason", .zLabel = "延期理由", .eType = REG_TEXT, \
    .mFlags = RF_READONLY|RF_REQUIRED|RF_LONG, .nMax = 500, .zHelp = "经本机关负责人批准，并将理由告知申请人", \
    .nWidth = 30) \
  X(P_DECIDED, .zKey = "decided_on", .zLabel = "决定日期", .eType = REG_DATE, \
    .mFlags = RF_READONLY|RF_REQUIRED, .nWidth = 12) \
  X(P_REASON, .zKey = "reason", .zLabel = "理由", .eType = REG_TEXT, \
    .mFlags = RF_READONLY|RF_LONG, .nMax = 1000, .zHelp = "不予受理、不予许可须书面说明理由；撤回可注明原因", \
    .nWidth = 30) \
  X(P_DELIVERED, .zKey = "delivered_on", .zLabel = "送达日期", .eType = REG_DATE, \
    .mFlags = RF_READONLY|RF_REQUIRED, .nWidth = 12) \
  X(P_CLOSED, .zKey = "closed_on", .zLabel = "办结日期", .eType = REG_DATE, \
    .mFlags = RF_READONLY|RF_REQUIRED, .nWidth = 12) \
  X(P_LEGALDUE, .zKey = "legal_due", .zLabel = "法定期限", .eType = REG_DATE, \
    .mFlags = RF_READONLY|RF_LIST, .nWidth = 12) \
  X(P_PROMDUE, .zKey = "promised_due", .zLabel = "承诺期限", .eType = REG_DATE, \
    .mFlags = RF_READONLY|RF_LIST, .nWidth = 12) \
  X(P_DELDUE, .zKey = "deliver_due", .zLabel = "送达期限", .eType = REG_DATE, \
    .mFlags = RF_READONLY, .nWidth = 12) \
  X(P_DECISION_NO, .zKey = "decision_no", .zLabel = "许可决定文号", .eType = REG_TEXT, \
    .mFlags = RF_READONLY|RF_SEARCH|RF_CODE, .nMax = 40, \
    .zHelp = "准予许可时按决定日期的年度顺序编号，作废后也不重用", .nWidth = 18) \
  X(P_DECISION_FILE, .zKey = "decision_file", .zLabel = "决定书（盖章件）", .eType = REG_FILE, \
    .mFlags = RF_READONLY|RF_NOIO, .zHelp = "加盖印章的决定书扫描件或照片（PDF 或照片）") \
  X(P_RECEIPT_FILE, .zKey = "receipt_file", .zLabel = "送达回证（签收件）", .eType = REG_FILE, \
    .mFlags = RF_READONLY|RF_NOIO, .zHelp = "申请人签收的送达回证扫描件或照片（PDF 或照片）")

enum { PERMIT_FIELDS(REG_FIELD_ENUM) P_NFIELD };

static const struct reg_field aField[] = { PERMIT_FIELDS(REG_FIELD_INIT) };

/* The signed and sealed documents: scans or photos, at most 20 MB each. */
static const struct reg_file_rule aPermitFile[] = {
  { "decision_file", FILE_PDF|FILE_PHOTO, (i64)20*1024*1024, false },
  { "receipt_file", FILE_PDF|FILE_PHOTO, (i64)20*1024*1024, false },
  { 0, 0, 0, false }
};

/* ---- the pauses and 补正 rounds: a child of the application ---- */

static const char *const azPauseKind[] = {
  "hearing", "听证", "inspection", "检验", "testing", "检测", "appraisal", "鉴定",
  "expert", "专家评审", "correction", "补正", 0
};

#define PAUSE_FIELDS(X) \
  X(C_ORG, .zKey = "org_id", .zLabel = "受理机关", .eType = REG_REF, \
    .mFlags = RF_READONLY|RF_NOIO, .zRef = "org", .nWidth = 20) \
  X(C_PERMIT, .zKey = "permit_id", .zLabel = "申请", .eType = REG_REF, \
    .mFlags = RF_READONLY|RF_REQUIRED, .zRef = "permit", .nWidth = 16) \
  X(C_KIND, .zKey = "kind", .zLabel = "事由", .eType = REG_CHOICE, \
    .mFlags = RF_REQUIRED|RF_LIST, .azChoice = azPauseKind, \
    .zHelp = "依行政许可法第四十五条不计入期限的程序；补正：一次性告知补正到申请人补齐材料", \
    .nWidth = 10) \
  X(C_START, .zKey = "start_on", .zLabel = "起始日", .eType = REG_DATE, \
    .mFlags = RF_REQUIRED|RF_LIST, .zHelp = "暂停起始日；补正为告知补正之日", .nWidth = 12) \
  X(C_END, .zKey = "end_on", .zLabel = "结束日", .eType = REG_DATE, .mFlags = RF_LIST, \
    .zHelp = "暂停结束日（未结束的不填）；补正为补齐材料之日", .nWidth = 12, \
    .zNotBefore = "start_on") \
  X(C_NOTE, .zKey = "note", .zLabel = "说明", .eType = REG_TEXT, .mFlags = RF_LONG|RF_LIST, \
    .nMax = 1000, .zHelp = "如需补正的全部内容", .nWidth = 30)

enum { PAUSE_FIELDS(REG_FIELD_ENUM) C_NFIELD };

static const struct reg_field aPauseField[] = { PAUSE_FIELDS(REG_FIELD_INIT) };

const struct reg_def permit_pause_reg = {
  .zName = "permit_pause", .zTable = "permit_pause", .zSeg = 0, .zCmd = "permit-pause",
  .zTitle = "暂停计时和补正", .zListTitle = "暂停计时和补正记录", .zNavGroup = "行政许可",
  .zOrgField = "org_id",
  .mRead = ROLE_ADMIN|ROLE_LEADER|ROLE_LEGAL|ROLE_APPROVER|ROLE_AUDITOR,
  .mWrite = ROLE_ADMIN|ROLE_APPROVER|ROLE_LEGAL, .mFull = ROLE_ALL,
  .aField = aPauseField, .nField = (int)COUNT(aPauseField),
  .eDelete = REG_DEL_VOID, .zOrder = "t.start_on, t.id",
  .zCounter = "次",
  .zParentField = "permit_id",
};

static const struct reg_child aPermitChild[] = {
  { &permit_pause_reg, "pauses" },
};

/* The rights told with every refusal (行政复议法, 行政诉讼法). */
static const char zRights[] =
  "申请人如对本决定不服，可以自收到本决定之日起60日内依法申请行政复议，"
  "或者自收到本决定之日起6个月内依法提起行政诉讼。";

/* A date field as a day number, or 0. */
static int day_of(const char *z){
  int d = 0;
  if( z==0 || date_parse(z, &d) ) return 0;
  return d;
}

/* A day number as ISO text in ar. */
static const char *iso(struct arena *ar, int d){
  char z[11];
  date_format(d, z);
  return arena_strdup(ar, z);
}

/* An item's limits. */
struct plimit { bool bMonth; int n, nPromised, nExt; bool bExt; const char *zName; };


/* Read the limits of item id (any scope: the item list is public within
** the bureau).  Returns -1 when there is no such item. */
static int item_limits(struct arena *ar, i64 id, struct plimit *L){
  struct stmt q;
  int rc = -1;
  memset(L, 0, sizeof(*L));
  db_prepare(&q, "SELECT limit_unit, statutory_limit, promised_limit, extendable, extend_days,"
                 " name FROM permit_item WHERE id=?1");
  db_bind_int64(&q, 1, id);
  if( db_step(&q)==DB_ROW ){
    L->bMonth = str_eq(db_column_text(&q, 0), "month");
    L->n = (int)db_column_int64(&q, 1);
    L->nPromised = (int)db_column_int64(&q, 2);
    L->bExt = db_column_int64(&q, 3)!=0;
    L->nExt = (int)db_column_int64(&q, 4);
    L->zName = db_column_dup(ar, &q, 5);
    rc = 0;
  }
  db_finalize(&q);
  return rc;
}

/* The pauses of application id (its children, 补正 rounds left out: they
** restart the clock instead), the open one with end 0; *paP in ar.
** Returns how many. */
static int pauses_of(i64 id, struct clock_pause **paP, struct arena *ar){
  struct reg_rec *aRec;
  struct clock_pause *aP;
  int n = 0, i, nRec;
  *paP = 0;
  if( id==0 || !reg_deadline_may_have(&permit_reg, "pauses", id) ) return 0;
  reg_children(&permit_reg, id, "pauses", ar, &aRec, &nRec);
  aP = arena_alloc(ar, sizeof(*aP) * (size_t)(nRec ? nRec : 1));
  for(i=0; i<nRec; i++){
    const char **az = aRec[i].az;
    if( str_eq(az[C_KIND], "correction") || day_of(az[C_START])==0 ) continue;
    aP[n].zKind = reg_choice_label(&aPauseField[C_KIND], az[C_KIND]);
    aP[n].start = day_of(az[C_START]);
    aP[n].end = day_of(az[C_END]);
    n++;
  }
  *paP = aP;
  return n;
}

/* The last day the materials came in: the latest 补正, else 收件. */
static int receipt_day(const char **az){
  int d = day_of(az[P_CORRECTED]);
  return d ? d : day_of(az[P_RECV]);
}

/* The due dates of an application. */
struct pdues { int accept, legal, promised, deliver; };

/* Compute the 受理, statutory and promised due dates of az into *o (0
** where none applies), with the explanation in pEx (may be NULL); the
** delivery limit is a plain declared deadline.  Returns -1 with a message when the
** calendar cannot answer; the dates it could compute are set. */
static int permit_compute(const struct calendar *cal, struct arena *ar, i64 id, const char **az,
                          struct pdues *o, struct buf *pEx, struct buf *pErr){
  struct clock_pause *aP;
  struct plimit L;
  int nP, start = day_of(az[P_START]), rc = 0, nProv = 0;
  char z[11];
  memset(o, 0, sizeof(*o));
  if( str_eq(az[P_STATE], "received") ){
    date_format(receipt_day(az), z);
    if( pEx ) buf_appendf(pEx, "【受理审查期限】自%s%s起5个工作日内受理或一次性告知补正；"
                          "逾期未告知的，自%s起视为受理\n", az[P_CORRECTED] ? "补正" : "收件", z, z);
    rc |= clock_add_workdays_prov(cal, receipt_day(az), 5, &nProv, &o->accept, pEx, pErr);
  }else if( str_eq(az[P_STATE], "correcting") ){
    if( pEx ) buf_appendf(pEx, "【待补正】已于%s告知补正，申请人补正前不计算期限\n",
                          az[P_NOTICE] ? az[P_NOTICE] : "");
  }
  if( start && item_limits(ar, az[P_ITEM] ? atoll(az[P_ITEM]) : 0, &L)==0 ){
    int nExt = az[P_EXTDAYS] ? atoi(az[P_EXTDAYS]) : 0;
    nP = pauses_of(id, &aP, ar);
    date_format(start, z);
    if( pEx ){
      buf_appendf(pEx, "【法定期限】自%s%s起（当日不计）%d%s", z,
                  str_eq(az[P_DEEMED], "1") ? "（逾期未告知补正，视为收件之日受理）" : "",
                  L.n, L.bMonth ? "个月" : "个工作日");
      if( nExt ) buf_appendf(pEx, "，延期%d个工作日", nExt);
      buf_puts(pEx, "\n");
    }
    if( str_eq(az[P_STATE], "paused") ){
      if( pEx ) buf_appendf(pEx, "暂停计时中（%s，自%s起），恢复计时后重新计算期限\n",
                            reg_choice_label(&aField[P_PKIND], az[P_PKIND]), az[P_PSTART]);
    }else{
      struct clock_spec sp;
      memset(&sp, 0, sizeof(sp));
      sp.start = start;
      sp.n = L.n;
      sp.eUnit = L.bMonth ? CLOCK_MONTH : CLOCK_WORKDAY;
      sp.aP = aP;
      sp.nP = nP;
      sp.nExt = nExt;
      sp.pnProvYear = &nProv;    /* a year not loaded: weekends alone, 暂定 */
      rc |= clock_due(cal, &sp, &o->legal, pEx, pErr);
      if( L.nPromised ){
        if( pEx ) buf_appendf(pEx, "【承诺期限】自%s起%d个工作日%s\n", z, L.nPromised,
                              nExt ? "（含延期）" : "");
        sp.n = L.nPromised;
        sp.eUnit = CLOCK_WORKDAY;
        rc |= clock_due(cal, &sp, &o->promised, pEx, pErr);
      }
    }
  }
  return rc ? -1 : 0;
}

/* The due date an open application is judged by now, or 0: the 受理
** deadline while received, the statutory one while in review, the
** delivery one after a decision.  Paused and correcting cases have none. */
static int due_now(const char **az){
  if( str_eq(az[P_STATE], "received") ) return day_of(az[P_LEGALDUE]);
  if( str_eq(az[P_STATE], "accepted") ) return day_of(az[P_LEGALDUE]);
  if( str_eq(az[P_STATE], "granted") || str_eq(az[P_STATE], "denied") ){
    return day_of(az[P_DELDUE]);
  }
  return 0;
}

/* The declared deadlines' own computation (reg_deadline.xCompute): the
** 受理 limit while received, the statutory one (limits from the item,
** months or working days, the pauses, the extension) once accepted, none
** while correcting or paused; decided cases keep theirs.  bLegal picks
** legal_due, else promised_due (which explains nothing of its own: the
** legal one explains both). */
/* The dates the statutory call (bLegal) computed, for the promised call
** that follows it on the same row (the kernel asks for each declared
** deadline in turn): valid only for that very next call, same row array,
** same calendar. */
static _Thread_local struct {
  bool bSet;
  i64 id;
  const char **az;
  const struct calendar *cal;
  const char *zStart, *zState, *zItem, *zExt;
  struct pdues o;
  int rc;
  char zErr[512];
} memo;

static int permit_dl(const struct calendar *cal, i64 id, const char **az, struct arena *ar,
                     int *pDue, struct buf *pEx, struct buf *pErr, bool bLegal){
  struct pdues o;
  int rc;
  const char *zS = az[P_STATE];
  if( bLegal ) memo.bSet = false;
  if( !str_eq(zS, "received") && !str_eq(zS, "correcting") && !str_eq(zS, "accepted")
   && !str_eq(zS, "paused") ){
    /* decided: the due dates stay as they were; explain how they came */
    if( bLegal && pEx && day_of(az[P_START]) ){
      struct buf e2 = BUF_INIT;
      permit_compute(cal, ar, id, az, &o, pEx, &e2);
      buf_release(&e2);
    }
    return 1;
  }
  if( !bLegal && memo.bSet && memo.id==id && memo.az==az && memo.cal==cal
   && memo.zStart==az[P_START] && memo.zState==zS && memo.zItem==az[P_ITEM]
   && memo.zExt==az[P_EXTDAYS] ){
    /* the statutory call just computed this row's dates: one item
    ** lookup, one read of the pauses and one walk for both limits */
    o = memo.o;
    rc = memo.rc;
    if( rc && pErr ) buf_puts(pErr, memo.zErr);
  }else{
    rc = permit_compute(cal, ar, id, az, &o, bLegal ? pEx : 0, pErr);
  }
  memo.bSet = false;
  if( bLegal ){
    memo.bSet = true;
    memo.id = id; memo.az = az; memo.cal = cal;
    memo.zStart = az[P_START]; memo.zState = zS; memo.zItem = az[P_ITEM];
    memo.zExt = az[P_EXTDAYS];
    memo.o = o; memo.rc = rc;
    snprintf(memo.zErr, sizeof(memo.zErr), "%s", rc && pErr && pErr->buf ? pErr->buf : "");
  }
  if( str_eq(zS, "received") ) *pDue = o.accept;
  else if( str_eq(zS, "accepted") ) *pDue = bLegal ? o.legal : o.promised;
  else *pDue = 0;
  return rc && *pDue==0 ? -1 : 0;
}
static int permit_dl_legal(const struct calendar *cal, const struct reg_def *d, i64 id,
                           const char **az, struct arena *ar, int *pDue, struct buf *pEx,
                           struct buf *pErr){
  (void)d;
  return permit_dl(cal, id, az, ar, pDue, pEx, pErr, true);
}
static int permit_dl_promised(const struct calendar *cal, const struct reg_def *d, i64 id,
                              const char **az, struct arena *ar, int *pDue, struct buf *pEx,
                              struct buf *pErr){
  (void)d;
  return permit_dl(cal, id, az, ar, pDue, pEx, pErr, false);
}

/* Cross-field rules: the applicant is identified by the right code. */
static int permit_check(struct reg_ctx *c){
  const char **az = c->azNew;
  /* declared: 统一社会信用代码 for an org, 身份证号 for a person */
  if( c->azOld && !str_eq(c->azOld[P_RECV], az[P_RECV]) && !str_eq(az[P_STATE], "received") ){
    reg_err_add(c->pErr, REG_ECONFLICT, "received_on", "已受理或已告知补正的申请不能修改收件日期");
  }
  return 0;
}

/* After a create: the number (year of receipt and the row's id, so unique
** however many are written at once, as by an import) and the random
** check code printed on the 受理凭证. */
static int permit_after(struct reg_ctx *c){
  const char **az = c->azNew;
  int y = 0, m, d;
  if( c->azOld || az[P_NO] ) return 0;
  date_ymd(day_of(az[P_RECV]) ? day_of(az[P_RECV]) : date_today(), &y, &m, &d);
  az[P_NO] = arena_printf(c->ar, "XK%04d-%06lld", y, (long long)c->id);
  az[P_CODE] = arena_printf(c->ar, "%08u", (unsigned)rand_below(100000000));
  db_exec("UPDATE permit SET number=?1, check_code=?2 WHERE id=?3", "tti", az[P_NO], az[P_CODE],
          c->id);
  return 0;
}

/* The deadline to notify or accept (5 working days after receipt). */
static int accept_limit(const char **az, struct buf *pErr){
  const struct calendar *cal = clock_calendar();
  int d = 0;
  clock_add_workdays(cal, receipt_day(az), 5, &d, 0, pErr);
  clock_release(cal);
  return d;
}

/* A date a step asks for must not precede zAfter's date. */
static int not_before(struct reg_ctx *c, int iField, const char *zAfter, const char *zWhat){
  if( c->azNew[iField] && zAfter && strcmp(c->azNew[iField], zAfter)<0 ){
    reg_err_add(c->pErr, REG_EINVALID, aField[iField].zKey, "%s不能早于%s %s",
                aField[iField].zLabel, zWhat, zAfter);
    return -1;
  }
  return 0;
}

/* What steps notify and accept share: the day in field iField must not
** precede the receipt (or the last 补正), and the last day of the 5
** working days a 补正告知 may take (0 after an error on field iField).
** *pzBase gets the receipt (or 补正) day. */
static int accept_window(struct reg_ctx *c, int iField, const char **pzBase){
  struct buf err = BUF_INIT;
  int lim;
  *pzBase = c->azOld[P_CORRECTED] ? c->azOld[P_CORRECTED] : c->azOld[P_RECV];
  if( not_before(c, iField, *pzBase, "收件（补正）日期") ) return 0;
  lim = accept_limit(c->azOld, &err);
  if( lim==0 ) reg_err_add(c->pErr, REG_EINVALID, aField[iField].zKey, "%s", err.buf);
  buf_release(&err);
  return lim;
}

/* Step notify: within 5 working days of receipt, else it is too late. */
static int permit_notify(struct reg_ctx *c){
  const char *zBase;
  int lim = accept_window(c, P_NOTICE, &zBase);
  if( lim && day_of(c->azNew[P_NOTICE])>lim ){
    reg_err_add(c->pErr, REG_ECONFLICT, "notice_on",
                "补正告知须在收件后5个工作日内（%s前）作出；逾期未告知的，依法自收件之日%s起"
                "视为受理，请办理受理", iso(c->ar, lim), zBase);
  }
  return c->pErr->n ? -1 : 0;
}

/* Record a child row of "pauses" (a pause or a 补正 round) from a step. */
static int permit_round(struct reg_ctx *c, const char *zKind, const char *zStart,
                        const char *zEnd, const char *zNote){
  const char *az[C_NFIELD] = {0};
  i64 cid;
  az[C_KIND] = zKind;
  az[C_START] = zStart;
  az[C_END] = zEnd;
  az[C_NOTE] = zNote;
  return reg_child_add(c, "pauses", az, &cid);
}

/* Step correct: the materials came in; the round is recorded. */
static int permit_correct(struct reg_ctx *c){
  if( not_before(c, P_CORRECTED, c->azOld[P_NOTICE], "补正告知日期") ) return -1;
  return permit_round(c, "correction", c->azOld[P_NOTICE], c->azNew[P_CORRECTED],
                      c->azOld[P_CORRECTION]);
}

/* Step accept: the clock starts on the acceptance day, or on the day of
** receipt when the 5 working days passed without a 补正告知 (第三十二条). */
static int permit_accept(struct reg_ctx *c){
  const char *zBase;
  int lim = accept_window(c, P_ACCEPTED, &zBase);
  if( lim && day_of(c->azNew[P_ACCEPTED])>lim ){
    c->azNew[P_START] = zBase;
    c->azNew[P_DEEMED] = "1";
  }else if( lim ){
    c->azNew[P_START] = c->azNew[P_ACCEPTED];
    c->azNew[P_DEEMED] = "0";
  }
  return c->pErr->n ? -1 : 0;
}

/* Steps reject and deny: a written reason, and the rights to appeal. */
static int permit_refuse(struct reg_ctx *c){
  const char *zAfter = c->azOld[P_START] ? c->azOld[P_START]
                     : c->azOld[P_CORRECTED] ? c->azOld[P_CORRECTED] : c->azOld[P_RECV];
  if( not_before(c, P_DECIDED, zAfter, "受理（收件）日期") ) return -1;
  if( c->azNew[P_REASON]==0 ){
    reg_err_add(c->pErr, REG_EINVALID, "reason", "请填写理由（须书面说明）");
    return -1;
  }
  if( strstr(c->azNew[P_REASON], "行政复议")==0 ){
    c->azNew[P_REASON] = arena_printf(c->ar, "%s\n%s", c->azNew[P_REASON], zRights);
  }
  return 0;
}

/* Step grant: not before the clock started. */
static int permit_grant(struct reg_ctx *c){
  return not_before(c, P_DECIDED, c->azOld[P_START], "计时起算日");
}

/* Step pause: after the clock started. */
static int permit_pause(struct reg_ctx *c){
  c->azNew[P_PEND] = 0;
  if( day_of(c->azNew[P_PSTART]) && day_of(c->azNew[P_PSTART])<=day_of(c->azOld[P_START]) ){
    reg_err_add(c->pErr, REG_EINVALID, "pause_start", "暂停起始日应晚于计时起算日 %s",
                c->azOld[P_START]);
    return -1;
  }
  if( c->azNew[P_PKIND]==0 || c->azNew[P_PSTART]==0 ) return 0;   /* the kernel says which */
  return permit_round(c, c->azNew[P_PKIND], c->azNew[P_PSTART], 0, 0);
}

/* Step resume: the pause is closed and kept in the record. */
static int permit_resume(struct reg_ctx *c){
  if( not_before(c, P_PEND, c->azOld[P_PSTART], "暂停起始日") ) return -1;
  {
    /* the open pause (the one the step pause recorded) is closed */
    struct reg_rec *aRec;
    int i, n;
    i64 cid = 0;
    reg_children(&permit_reg, c->id, "pauses", c->ar, &aRec, &n);
    for(i=0; i<n; i++){
      if( !str_eq(aRec[i].az[C_KIND], "correction") && aRec[i].az[C_END]==0 ) cid = aRec[i].id;
    }
    if( cid ){
      const char *az[C_NFIELD] = {0};
      bool abSet[C_NFIELD] = {0};
      az[C_END] = c->azNew[P_PEND];
      abSet[C_END] = true;
      if( reg_child_set(c, "pauses", cid, az, abSet) ) return -1;
    }else if( permit_round(c, c->azOld[P_PKIND], c->azOld[P_PSTART], c->azNew[P_PEND], 0) ){
      return -1;
    }
  }
  c->azNew[P_PKIND] = 0;
  c->azNew[P_PSTART] = 0;
  c->azNew[P_PEND] = 0;
  return 0;
}

/* Step extend: once, when the item allows it, by the item's days. */
static int permit_extend(struct reg_ctx *c){
  struct plimit L;
  if( c->azOld[P_EXTDAYS] && atoi(c->azOld[P_EXTDAYS])>0 ){
    reg_err_add(c->pErr, REG_ECONFLICT, "ext_reason", "该申请已延期一次，不能再次延期");
    return -1;
  }
  if( item_limits(c->ar, atoll(c->azOld[P_ITEM]), &L) || !L.bExt || L.nExt<1 ){
    reg_err_add(c->pErr, REG_ECONFLICT, "ext_reason", "该许可事项依法不可延期");
    return -1;
  }
  if( not_before(c, P_EXTON, c->azOld[P_START], "计时起算日") ) return -1;
  if( c->azOld[P_LEGALDUE] && strcmp(c->azNew[P_EXTON], c->azOld[P_LEGALDUE])>0 ){
    reg_err_add(c->pErr, REG_EINVALID, "ext_on", "延期须在法定期限（%s）届满前决定",
                c->azOld[P_LEGALDUE]);
    return -1;
  }
  c->azNew[P_EXTDAYS] = arena_printf(c->ar, "%d", L.nExt);
  return 0;
}

/* Step deliver: after the decision. */
static int permit_deliver(struct reg_ctx *c){
  return not_before(c, P_DELIVERED, c->azOld[P_DECIDED], "决定日期");
}

/* Step close: after delivery. */
static int permit_close(struct reg_ctx *c){
  return not_before(c, P_CLOSED, c->azOld[P_DELIVERED], "送达日期");
}

/* Step withdraw: not before receipt. */
static int permit_withdraw(struct reg_ctx *c){
  return not_before(c, P_CLOSED, c->azOld[P_RECV], "收件日期");
}

#define W (ROLE_ADMIN|ROLE_APPROVER|ROLE_LEGAL)
static const char *const azFromRecv[] = { "received", 0 };
static const char *const azFromCorr[] = { "correcting", 0 };
static const char *const azFromRecvCorr[] = { "received", "correcting", 0 };
static const char *const azFromAcc[] = { "accepted", 0 };
static const char *const azFromPaused[] = { "paused", 0 };
static const char *const azFromDecided[] = { "granted", "denied", 0 };
static const char *const azFromDelivered[] = { "delivered", 0 };
static const char *const azFromOpen[] = { "received", "correcting", "accepted", "paused", 0 };
static const char *const azAskNotify[] = { "notice_on", "correction", 0 };
static const char *const azAskCorrect[] = { "corrected_on", 0 };
static const char *const azAskAccept[] = { "accepted_on", 0 };
static const char *const azAskRefuse[] = { "decided_on", "reason", 0 };
static const char *const azAskGrant[] = { "decided_on", 0 };
static const char *const azAskPause[] = { "pause_kind", "pause_start", 0 };
static const char *const azAskResume[] = { "pause_end", 0 };
static const char *const azAskExtend[] = { "ext_on", "ext_reason", 0 };
static const char *const azAskDeliver[] = { "delivered_on", 0 };
static const char *const azAskClose[] = { "closed_on", 0 };
static const char *const azAskWithdraw[] = { "closed_on", "reason", 0 };
/* The gate of a decision: what was applied for is on record. */
static const char *const azNeedDecide[] = { "materials", 0 };

static const struct reg_step aStep[] = {
  { .zVerb = "notify", .bAside = true, .zLabel = "补正告知", .azFrom = azFromRecv, .zTo = "correcting",
    .mRoles = W, .azAsk = azAskNotify, .xRule = permit_notify },
  { .zVerb = "correct", .zLabel = "补正", .azFrom = azFromCorr, .zTo = "received", .mRoles = W,
    .azAsk = azAskCorrect, .xRule = permit_correct },
  { .zVerb = "accept", .zLabel = "受理", .azFrom = azFromRecv, .zTo = "accepted", .mRoles = W,
    .azAsk = azAskAccept, .xRule = permit_accept },
  { .zVerb = "reject", .bAside = true, .zLabel = "不予受理", .azFrom = azFromRecvCorr, .zTo = "rejected",
    .mRoles = W, .azAsk = azAskRefuse, .xRule = permit_refuse },
  { .zVerb = "pause", .bAside = true, .zLabel = "暂停计时", .azFrom = azFromAcc, .zTo = "paused", .mRoles = W,
    .azAsk = azAskPause, .xRule = permit_pause },
  { .zVerb = "resume", .zLabel = "恢复计时", .azFrom = azFromPaused, .zTo = "accepted",
    .mRoles = W, .azAsk = azAskResume, .xRule = permit_resume },
  { .zVerb = "extend", .bAside = true, .zLabel = "延期", .azFrom = azFromAcc, .zTo = "accepted",
    .mRoles = ROLE_ADMIN|ROLE_LEADER|ROLE_APPROVER, .azAsk = azAskExtend,
    .xRule = permit_extend },
  { .zVerb = "grant", .zLabel = "准予许可", .azFrom = azFromAcc, .zTo = "granted", .mRoles = W,
    .azAsk = azAskGrant, .xRule = permit_grant, .azNeed = azNeedDecide },
  { .zVerb = "deny", .bAside = true, .zLabel = "不予许可", .azFrom = azFromAcc, .zTo = "denied", .mRoles = W,
    .azAsk = azAskRefuse, .xRule = permit_refuse },
  { .zVerb = "deliver", .zLabel = "送达", .azFrom = azFromDecided, .zTo = "delivered",
    .mRoles = W, .azAsk = azAskDeliver, .xRule = permit_deliver },
  { .zVerb = "close", .zLabel = "办结", .azFrom = azFromDelivered, .zTo = "closed", .mRoles = W,
    .azAsk = azAskClose, .xRule = permit_close },
  { .zVerb = "withdraw", .bAside = true, .zLabel = "撤回", .azFrom = azFromOpen, .zTo = "withdrawn", .mRoles = W,
    .azAsk = azAskWithdraw, .xRule = permit_withdraw },
};

/* 准予许可 numbers its decision: 教许〔2024〕7号, by the year decided. */
static const struct reg_number permitNumber = {
  .zField = "decision_no", .zFormat = "教许〔%Y〕%N号", .zYearFrom = "decided_on",
  .zOnVerb = "grant",
};

/* ---- public pages (reg/public.h) ---- */

static bool state_open(const char *z);

/* 办理期限 on the lookup: the statutory due date while it still runs. */
static const char *pub_due(struct arena *ar, const struct reg_def *d, const struct reg_rec *p){
  (void)ar; (void)d;
  return state_open(p->az[P_STATE]) ? p->az[P_LEGALDUE] : 0;
}

/* 被许可人 on the publication list: an organisation by name; a person's
** name is personal and not published. */
static const char *pub_holder(struct arena *ar, const struct reg_def *d, const struct reg_rec *p){
  (void)ar; (void)d;
  return str_eq(p->az[P_AKIND], "org") ? p->az[P_APPLICANT] : "个人（不公开）";
}

/* The decision of a published (granted) application. */
static const char *pub_granted(struct arena *ar, const struct reg_def *d, const struct reg_rec *p){
  (void)ar; (void)d; (void)p;
  return "准予许可";
}

static const struct reg_public_show aPubShow[] = {
  { .zKey = "number", .zLabel = "申请编号", .zField = "number" },
  { .zKey = "item", .zLabel = "许可事项", .zField = "item_id" },
  { .zKey = "state", .zLabel = "办理状态", .zField = "state" },
  { .zKey = "due", .zLabel = "办理期限", .xValue = pub_due },
};

static const struct reg_public_show aPubListShow[] = {
  { .zKey = "number", .zLabel = "申请编号", .zField = "number" },
  { .zKey = "item", .zLabel = "许可事项", .zField = "item_id" },
  { .zKey = "holder", .zLabel = "被许可人", .xValue = pub_holder },
  { .zKey = "decision", .zLabel = "许可决定", .xValue = pub_granted },
  { .zKey = "decided_on", .zLabel = "决定日期", .zField = "decided_on" },
};

/* 行政许可法第四十条: a decision granting a permit is made public. */
static const struct reg_public_list permitPubList = {
  .zTitle = "行政许可决定公开",
  .zWhere = "t.state IN ('granted', 'delivered', 'closed') AND t.decided_on IS NOT NULL"
            " AND t.reason IS NULL",
  .zOrder = "t.decided_on DESC",
  .aShow = aPubListShow, .nShow = (int)COUNT(aPubListShow),
  .zNote = "依据《中华人民共和国行政许可法》第四十条公开准予行政许可的决定；个人申请人的姓名不公开。",
};

/* The lookup's timeline: each day the case moved. */
static const struct reg_public_event aPubEvent[] = {
  { "received_on", "收到申请" },
  { "notice_on", "告知补正" },
  { "corrected_on", "补齐材料" },
  { "accepted_on", "受理" },
  { "ext_on", "延长办理期限" },
  { "decided_on", "作出决定" },
  { "delivered_on", "送达决定" },
  { "closed_on", "办结" },
};

static const struct reg_public permitPublic = {
  .zSeg = "permits",
  .zLimit = "permit_public", .nLimit = 20, .nWindow = 60,   /* lookups and ratings share it */
  .zTitle = "行政许可办理进度查询",
  .zNumberField = "number", .zCodeField = "check_code",
  .zHelp = "申请编号和查询码见受理凭证。",
  .zNoMatch = "未找到与该申请编号和查询码相符的申请，请核对后再试",
  .aShow = aPubShow, .nShow = (int)COUNT(aPubShow),
  .pRate = &permit_rate_public,
  .pList = &permitPubList,
  .aEvent = aPubEvent, .nEvent = (int)COUNT(aPubEvent),
};

/* The deadlines (reg.h struct reg_deadline): 法定 and 承诺 limits computed
** from the item (permit_dl), the 送达 limit declared plainly: 10 working
** days from the decision (第四十四条). */
static const char *const azOpenReview[] = { "received", "accepted", "paused", 0 };
static const char *const azOpenDecided[] = { "granted", "denied", 0 };
static const struct reg_deadline aPermitDeadline[] = {
  { .zLabel = "法定期限", .zDueField = "legal_due", .azOpen = azOpenReview,
    .xCompute = permit_dl_legal },
  { .zLabel = "承诺期限", .zDueField = "promised_due", .azOpen = azOpenReview, .bNoList = true,
    .xCompute = permit_dl_promised },
  { .zLabel = "送达期限", .zStartField = "decided_on", .nLimit = 10, .eUnit = CLOCK_WORKDAY,
    .zDueField = "deliver_due", .azOpen = azOpenDecided },
};

/* Before 受理 the due day is the 5 working days to decide whether to
** accept (第三十二条): it is not yet the 法定 or 承诺 limit. */
static const char *const azBeforeAccept[] = { "received", "correcting", 0 };
/* The sealed decision and the signed receipt exist only once decided. */
static const char *const azUndecided[] = { "received", "correcting", "accepted", "paused",
                                           "rejected", "withdrawn", 0 };
static const struct reg_state_label aPermitLabel[] = {
  { "legal_due", azBeforeAccept, "受理审查期限" },
  { "promised_due", azBeforeAccept, 0 },
  { "deliver_due", azUndecided, 0 },
  { "decision_file", azUndecided, 0 },
  { "receipt_file", azUndecided, 0 },
};

const struct reg_def permit_reg = {
  .zName = "permit", .zTable = "permit", .zSeg = "permits", .zCmd = "permit",
  .zTitle = "行政许可申请", .zListTitle = "行政许可办件", .zNavGroup = "行政许可",
  .zOrgField = "org_id",
  .mRead = ROLE_ADMIN|ROLE_LEADER|ROLE_LEGAL|ROLE_APPROVER|ROLE_AUDITOR, .mWrite = W,
  .mFull = ROLE_ADMIN|ROLE_APPROVER,
  .aField = aField, .nField = (int)COUNT(aField),
  .zStateField = "state", .zInitial = "received",
  .aStep = aStep, .nStep = (int)COUNT(aStep),
  .eDelete = REG_DEL_VOID,
  .zOrder = "t.received_on DESC, t.id DESC",
  .xCheck = permit_check, .xAfter = permit_after,
  .zCounter = "件", .xShowMore = permit_show, .pNumber = &permitNumber,
  .aFileRule = aPermitFile,
  .aChild = aPermitChild, .nChild = (int)COUNT(aPermitChild),
  .aDeadline = aPermitDeadline, .nDeadline = (int)COUNT(aPermitDeadline),
  .pPublic = &permitPublic,
  .aStateLabel = aPermitLabel, .nStateLabel = (int)COUNT(aPermitLabel),
};
#undef W

/* ---- recompute after a calendar change ---- */

static const char *const azOpen[] = { "received", "accepted", "paused", "granted", "denied", 0 };

/* True when state z is one whose due dates still matter. */
static bool state_open(const char *z){
  int i;
  for(i=0; azOpen[i]; i++) if( str_eq(azOpen[i], z) ) return true;
  return false;
}

/* ---- explain, due, days left ---- */

/* How an application stands on day asOf: its due date now (0 = none),
** working days left (negative: overdue), the explanation lines. */
struct pstand { int due; int nLeft; bool bOverdue, bPaused, bKnown; };

static void permit_stand(const struct calendar *cal, const char **az, int asOf,
                         struct pstand *s){
  memset(s, 0, sizeof(*s));
  s->bPaused = str_eq(az[P_STATE], "paused");
  s->due = due_now(az);
  if( s->due ){                  /* 暂定 past a year not loaded */
    s->nLeft = clock_workdays_left(cal, asOf, s->due);
    s->bKnown = true;
    s->bOverdue = asOf>s->due;
  }
}

/* The explanation of every declared deadline of rec, as the kernel gives
** it (reg_deadline_compute), into pEx; problems to pErr. */
static void permit_explain(const struct calendar *cal, struct arena *ar,
                           const struct reg_rec *rec, struct buf *pEx, struct buf *pErr){
  int i, due;
  for(i=0; i<permit_reg.nDeadline; i++){
    reg_deadline_compute(cal, &permit_reg, &permit_reg.aDeadline[i], rec->id, rec->az, ar, &due,
                         pEx, pErr);
  }
}

void permit_show_clock(struct req *r, const struct reg_rec *rec){
  const struct calendar *cal = clock_calendar();
  struct pstand s;
  permit_stand(cal, rec->az, date_today(), &s);
  if( s.bPaused ){
    H(r, "<p class='clock'>暂停计时中（%h，自%h起），暂停期间不计入期限，不计逾期</p>\n",
      reg_choice_label(&aField[P_PKIND], rec->az[P_PKIND]),
      reg_display_page(r->arena, &permit_reg, P_PSTART, 0, rec->az[P_PSTART]));
  }else if( s.bKnown && s.bOverdue ){
    H(r, "<p class='clock err'>已超过期限 %h，逾期%d个工作日</p>\n",
      reg_display_page(r->arena, &permit_reg, P_LEGALDUE, 0, iso(r->arena, s.due)), -s.nLeft);
  }else if( s.bKnown ){
    H(r, "<p class='clock'>当前期限 %h，剩余%d个工作日</p>\n",
      reg_display_page(r->arena, &permit_reg, P_LEGALDUE, 0, iso(r->arena, s.due)), s.nLeft);
  }
  if( s.due && clock_provisional_year(cal, 0, s.due) ){
    int y = clock_provisional_year(cal, 0, s.due);
    H(r, "<p class='clock warn'><span class='tag soon'>暂定</span> %d年节假日安排尚未载入，期限暂按周末计算，"
         "不能印在正式文书上；系统管理员载入后自动重新计算。</p>\n", y);
  }
  clock_release(cal);
}

/* The ?as_of= / --as-of day, or today. */
static int as_of(const char *z){
  int d = day_of(z);
  return d ? d : date_today();
}

/* What the explain page and its API show of the application the path
** names: the record, how it stands on ?as_of= (or today), the explanation
** of every deadline by lines (azLine, nLine), a problem computing one. */
struct pclock {
  struct reg_rec rec;
  struct pstand s;
  const char **azLine;
  int nLine;
  const char *zErr;              /* NULL when none */
};

/* Read request r's application into p (memory from r->arena): 0, or -1
** when it is absent or outside the actor's scope. */
static int permit_clock_of_req(struct req *r, struct pclock *p){
  struct actor a;
  struct reg_err e;
  const struct calendar *cal;
  struct buf ex = BUF_INIT, err = BUF_INIT;
  const char *z;
  i64 id;
  int nAlloc = 16;
  memset(p, 0, sizeof(*p));
  actor_from_req(&a, r);
  reg_err_init(&e, r->arena);
  if( str_to_i64(r->azPathArg[0], 1, INT64_MAX, &id)
   || reg_get(&permit_reg, &a, id, r->arena, &p->rec, &e) ) return -1;
  cal = clock_calendar();
  permit_explain(cal, r->arena, &p->rec, &ex, &err);
  permit_stand(cal, p->rec.az, as_of(req_param_trim(r, "as_of")), &p->s);
  clock_release(cal);
  p->azLine = arena_alloc(r->arena, sizeof(char *) * (size_t)nAlloc);
  for(z=ex.buf ? ex.buf : ""; *z; ){
    size_t n = strcspn(z, "\n");
    if( p->nLine==nAlloc ){
      const char **aNew = arena_alloc(r->arena, sizeof(char *) * (size_t)nAlloc*2);
      memcpy(aNew, p->azLine, sizeof(char *) * (size_t)nAlloc);
      p->azLine = aNew;
      nAlloc *= 2;
    }
    p->azLine[p->nLine++] = arena_strndup(r->arena, z, n);
    z += n;
    if( *z ) z++;
  }
  if( err.len ) p->zErr = arena_strdup(r->arena, err.buf);
  buf_release(&ex);
  buf_release(&err);
  return 0;
}

void permit_explain_page(struct req *r){
  struct pclock c;
  struct actor a;
  const char **az;
  int i;
  actor_from_req(&a, r);
  if( permit_clock_of_req(r, &c) ){
    r->status = 404;
    html_begin(r, "未找到", "/permits");
    H(r, "<p>没有这件申请，或不在您的数据范围内。</p>");
    html_end(r);
    return;
  }
  az = c.rec.az;
  html_begin(r, arena_printf(r->arena, "期限计算 %s", az[P_NO]), "/permits");
  H(r, "<p><a href=\"/permits/%lld\">返回申请 %h</a></p>", (long long)c.rec.id, az[P_NO]);
  H(r, "<dl class=\"facts\"><dt>状态</dt><dd>%h</dd>",
    reg_choice_label(&aField[P_STATE], az[P_STATE]));
  H(r, "<dt>法定期限</dt><dd>%h</dd><dt>承诺期限</dt><dd>%h</dd><dt>送达期限</dt><dd>%h</dd>",
    az[P_LEGALDUE] ? reg_show_value(r->arena, &permit_reg, P_LEGALDUE, &a, az[P_LEGALDUE]) : "—",
    az[P_PROMDUE] ? reg_show_value(r->arena, &permit_reg, P_PROMDUE, &a, az[P_PROMDUE]) : "—",
    az[P_DELDUE] ? reg_show_value(r->arena, &permit_reg, P_DELDUE, &a, az[P_DELDUE]) : "—");
  if( c.s.bPaused ){
    H(r, "<dt>剩余工作日</dt><dd>暂停计时中，不计逾期</dd>");
  }else if( c.s.bKnown ){
    if( c.s.bOverdue ) H(r, "<dt>剩余工作日</dt><dd class=\"err\">已逾期%d个工作日</dd>", -c.s.nLeft);
    else H(r, "<dt>剩余工作日</dt><dd>%d</dd>", c.s.nLeft);
  }
  H(r, "</dl>");
  if( c.zErr ) H(r, "<p class=\"err\">%h</p>", c.zErr);
  H(r, "<h2>逐日计算</h2><ol class=\"explain\">");
  for(i=0; i<c.nLine; i++) H(r, "<li>%h</li>", c.azLine[i]);
  H(r, "</ol>");
  html_end(r);
}

void permit_due_api(struct req *r){
  struct pclock c;
  struct json_w j;
  const char **az;
  int i;
  if( permit_clock_of_req(r, &c) ){
    api_error(r, 404, "not_found", "没有这件申请，或不在您的数据范围内", 0);
    return;
  }
  az = c.rec.az;
  api_begin(r, &j);
  json_obj_open(&j, 0);
  json_int(&j, "id", c.rec.id);
  json_str(&j, "number", az[P_NO]);
  json_str(&j, "state", az[P_STATE]);
  json_str(&j, "legal_due", az[P_LEGALDUE]);
  json_str(&j, "promised_due", az[P_PROMDUE]);
  json_str(&j, "deliver_due", az[P_DELDUE]);
  if( c.s.due ) json_str(&j, "due", iso(r->arena, c.s.due)); else json_null_val(&j, "due");
  if( c.s.bKnown ) json_int(&j, "days_left", c.s.nLeft); else json_null_val(&j, "days_left");
  json_bool(&j, "overdue", c.s.bOverdue);
  json_bool(&j, "paused", c.s.bPaused);
  if( c.zErr ) json_str(&j, "error", c.zErr);
  json_arr_open(&j, "explain");
  for(i=0; i<c.nLine; i++) json_str(&j, 0, c.azLine[i]);
  json_arr_close(&j);
  json_obj_close(&j);
}
