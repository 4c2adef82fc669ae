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
#include "../common.h"
#include <pthread.h>
#include "../base/arena.h"
#include "../base/buf.h"
#include "../base/calendar.h"
#include "../base/date.h"
#include "../base/json.h"
#include "../base/util.h"
#include "../core/files.h"
#include "../crypto/rand.h"
#include "../store/db.h"
#include "../web/api.h"
#include "../web/html.h"
#include "../web/req.h"
#include "app.h"
#include "audit.h"
#include "calendar.h"
#include "cli.h"
#include "permit.h"

/* ---- 事项清单 ---- */

static const char *const azUnit[] = { "wd", "工作日", "month", "个月", 0 };

enum { I_ORG, I_NAME, I_BASIS, I_UNIT, I_LIMIT, I_PROMISED, I_MATERIALS, I_EXTENDABLE,
       I_EXTDAYS, I_PUBLICITY };

static const struct reg_field aItemField[] = {
  { "org_id", "实施机关", REG_REF, RF_REQUIRED|RF_LIST|RF_FILTER, 0, 0, "org", 0, 0, 20 },
  { "name", "事项名称", REG_TEXT, RF_REQUIRED|RF_UNIQUE|RF_LIST|RF_SEARCH|RF_TITLE, 80, 0, 0,
    0, 0, 30 },
  { "basis", "设定依据", REG_TEXT, RF_REQUIRED|RF_LONG|RF_SEARCH, 500, 0, 0,
    "法律法规名称及条款", 0, 40 },
  { "limit_unit", "时限单位", REG_CHOICE, RF_REQUIRED|RF_LIST, 0, azUnit, 0,
    "法律规定以月计的（如民办学校正式设立3个月）选“个月”", 0, 8 },
  { "statutory_limit", "法定办结时限", REG_INT, RF_REQUIRED|RF_LIST, 0, 0, 0,
    "自受理之日起，不含受理当日", 0, 10 },
  { "promised_limit", "承诺办结时限（工作日）", REG_INT, RF_LIST, 0, 0, 0,
    "不长于法定时限", 0, 10 },
  { "materials", "申请材料", REG_TEXT, RF_LONG, 2000, 0, 0, "一项一行", 0, 40 },
  { "extendable", "可否延期", REG_BOOL, RF_LIST, 0, 0, 0, 0, 0, 8 },
  { "extend_days", "可延长工作日数", REG_INT, 0, 0, 0, 0, "经负责人批准可延长的工作日数", 0, 10 },
  { "publicity_days", "办结后公示时限（工作日）", REG_INT, 0, 0, 0, 0, 0, 0, 10 },
};

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
static const char *const azState[] = {
  "received", "已收件", "correcting", "待补正", "accepted", "审查中", "paused", "暂停计时",
  "rejected", "不予受理", "granted", "准予许可", "denied", "不予许可",
  "delivered", "已送达", "closed", "已办结", "withdrawn", "已撤回", 0
};
static const char *const azPause[] = {
  "hearing", "听证", "inspection", "检验", "testing", "检测", "appraisal", "鉴定",
  "expert", "专家评审", 0
};

enum { P_ORG, P_NO, P_CODE, P_ITEM, P_AKIND, P_APPLICANT, P_USCC, P_IDNO, P_PHONE, P_RECV,
       P_MATERIALS, P_STATE, P_NOTICE, P_CORRECTION, P_CORRECTED, P_ROUNDS, P_ACCEPTED,
       P_START, P_DEEMED, P_PKIND, P_PSTART, P_PEND, P_PAUSES, P_EXTDAYS, P_EXTON, P_EXTREASON,
       P_DECIDED, P_REASON, P_DELIVERED, P_CLOSED, P_LEGALDUE, P_PROMDUE, P_DELDUE };

static const struct reg_field aField[] = {
  { "org_id", "受理机关", REG_REF, RF_REQUIRED|RF_FILTER, 0, 0, "org", 0, 0, 20 },
  { "number", "申请编号", REG_TEXT, RF_READONLY|RF_UNIQUE|RF_LIST|RF_SEARCH|RF_TITLE|RF_CODE,
    30, 0, 0, 0, 0, 16 },
  { "check_code", "查询码", REG_TEXT, RF_READONLY|RF_NOIO, 12, 0, 0,
    "印在受理凭证上，申请人凭编号和查询码查询办理进度", 0, 10 },
  { "item_id", "许可事项", REG_REF, RF_REQUIRED|RF_LIST|RF_FILTER, 0, 0, "permit_item", 0, 0, 30 },
  { "applicant_kind", "申请人类别", REG_CHOICE, RF_REQUIRED|RF_FILTER, 0, azKind, 0, 0, 0, 8 },
  { "applicant", "申请人", REG_TEXT, RF_REQUIRED|RF_LIST|RF_SEARCH, 100, 0, 0,
    "单位全称或个人姓名", 0, 24 },
  { "uscc", "统一社会信用代码", REG_USCC, RF_SEARCH, 0, 0, 0, "申请人为单位时填写", 0, 20 },
  { "id_no", "身份证号", REG_IDCARD, RF_PERSONAL, 0, 0, 0, "申请人为个人时填写", 0, 20 },
  { "phone", "联系电话", REG_PHONE, RF_PERSONAL, 0, 0, 0, 0, 0, 14 },
  { "received_on", "收件日期", REG_DATE, RF_REQUIRED|RF_LIST, 0, 0, 0, 0, 0, 12 },
  { "materials", "申请材料", REG_TEXT, RF_LONG, 2000, 0, 0, "收到的材料，一项一行", 0, 30 },
  { "state", "状态", REG_CHOICE, RF_READONLY|RF_LIST|RF_FILTER, 0, azState, 0, 0, 0, 8 },
  { "notice_on", "补正告知日期", REG_DATE, RF_READONLY|RF_REQUIRED, 0, 0, 0, 0, 0, 12 },
  { "correction", "需补正的全部内容", REG_TEXT, RF_READONLY|RF_REQUIRED|RF_LONG, 1000, 0, 0,
    "一次性告知全部补正内容", 0, 30 },
  { "corrected_on", "补正日期", REG_DATE, RF_READONLY|RF_REQUIRED, 0, 0, 0,
    "申请人补齐材料之日，受理审查期限自此重新计算", 0, 12 },
  { "rounds", "补正记录", REG_TEXT, RF_READONLY|RF_NOIO, 2000, 0, 0, 0, 0, 30 },
  { "accepted_on", "受理日期", REG_DATE, RF_READONLY|RF_REQUIRED, 0, 0, 0, 0, 0, 12 },
  { "start_on", "计时起算日", REG_DATE, RF_READONLY, 0, 0, 0, 0, 0, 12 },
  { "deemed", "逾期未告知补正视为受理", REG_BOOL, RF_READONLY, 0, 0, 0, 0, 0, 8 },
  { "pause_kind", "暂停事由", REG_CHOICE, RF_READONLY|RF_REQUIRED, 0, azPause, 0,
    "依行政许可法第四十五条不计入期限的程序", 0, 10 },
  { "pause_start", "暂停起始日", REG_DATE, RF_READONLY|RF_REQUIRED, 0, 0, 0,
    "已书面告知申请人所需时间", 0, 12 },
  { "pause_end", "暂停结束日", REG_DATE, RF_READONLY|RF_REQUIRED, 0, 0, 0, 0, 0, 12 },
  { "pauses", "暂停记录", REG_TEXT, RF_READONLY|RF_NOIO, 2000, 0, 0, 0, 0, 30 },
  { "ext_days", "延长工作日数", REG_INT, RF_READONLY, 0, 0, 0, 0, 0, 8 },
  { "ext_on", "延期决定日期", REG_DATE, RF_READONLY|RF_REQUIRED, 0, 0, 0,
    "负责人批准延期之日，应在原期限届满前", 0, 12 },
  { "ext_reason", "延期理由", REG_TEXT, RF_READONLY|RF_REQUIRED|RF_LONG, 500, 0, 0,
    "经本机关负责人批准，并将理由告知申请人", 0, 30 },
  { "decided_on", "决定日期", REG_DATE, RF_READONLY|RF_REQUIRED, 0, 0, 0, 0, 0, 12 },
  { "reason", "理由", REG_TEXT, RF_READONLY|RF_LONG, 1000, 0, 0,
    "不予受理、不予许可须书面说明理由；撤回可注明原因", 0, 30 },
  { "delivered_on", "送达日期", REG_DATE, RF_READONLY|RF_REQUIRED, 0, 0, 0, 0, 0, 12 },
  { "closed_on", "办结日期", REG_DATE, RF_READONLY|RF_REQUIRED, 0, 0, 0, 0, 0, 12 },
  { "legal_due", "法定期限", REG_DATE, RF_READONLY|RF_LIST, 0, 0, 0, 0, 0, 12 },
  { "promised_due", "承诺期限", REG_DATE, RF_READONLY|RF_LIST, 0, 0, 0, 0, 0, 12 },
  { "deliver_due", "送达期限", REG_DATE, RF_READONLY, 0, 0, 0, 0, 0, 12 },
  { "decision_file", "决定书（盖章件）", REG_FILE, RF_READONLY|RF_NOIO, 0, 0, 0,
    "加盖印章的决定书扫描件或照片（PDF 或照片）", 0, 0 },
  { "receipt_file", "送达回证（签收件）", REG_FILE, RF_READONLY|RF_NOIO, 0, 0, 0,
    "申请人签收的送达回证扫描件或照片（PDF 或照片）", 0, 0 },
};

/* The signed and sealed documents: scans or photos, at most 20 MB each. */
static const struct reg_file_rule aPermitFile[] = {
  { "decision_file", FILE_PDF|FILE_PHOTO, (i64)20*1024*1024, false },
  { "receipt_file", FILE_PDF|FILE_PHOTO, (i64)20*1024*1024, false },
  { 0, 0, 0, false }
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

/* The name of a day's kind for the explain view: NULL for a working day. */
static const char *skip_why(const struct calendar *c, int d, const char **pzReason){
  int is = 0;
  const char *zR = 0;
  calendar_is_workday(c, d, &is, &zR, 0);
  *pzReason = zR;
  return is ? 0 : (zR ? zR : (date_weekday(d)==5 ? "周六" : "周日"));
}

/* The pause containing day d, or NULL. */
static const struct permit_pause *in_pause(const struct permit_pause *aP, int nP, int d){
  int i;
  for(i=0; i<nP; i++){
    if( d>=aP[i].start && (aP[i].end==0 || d<=aP[i].end) ) return &aP[i];
  }
  return 0;
}

int permit_add_workdays(const struct calendar *c, int start, int n,
                        const struct permit_pause *aP, int nP, int *pDue,
                        struct buf *pExplain, struct buf *pErr){
  int d = start, k = 0, i;
  char z[11];
  for(i=0; i<nP; i++){
    if( aP[i].end==0 ){
      buf_puts(pErr, "暂停计时中，恢复计时后才能计算期限");
      return -1;
    }
  }
  if( pExplain==0 ){
    /* the quick walk (recompute, derive): one calendar lookup a day */
    while( k<n ){
      int is;
      d++;
      if( calendar_is_workday(c, d, &is, 0, 0) ){
        int y, m, dd;
        date_ymd(d, &y, &m, &dd);
        buf_appendf(pErr, "日历中没有%d年的节假日安排，无法计算期限；请先导入%d年的日历", y, y);
        return -1;
      }
      if( is && (nP==0 || in_pause(aP, nP, d)==0) ) k++;
    }
    *pDue = d;
    return 0;
  }
  while( k<n ){
    const struct permit_pause *p;
    const char *zWhy, *zReason;
    int y, m, dd;
    d++;
    date_ymd(d, &y, &m, &dd);
    if( !calendar_has_year(c, y) ){
      buf_appendf(pErr, "日历中没有%d年的节假日安排，无法计算期限；请先导入%d年的日历", y, y);
      return -1;
    }
    date_format(d, z);
    p = in_pause(aP, nP, d);
    zWhy = skip_why(c, d, &zReason);
    if( p ){
      if( pExplain ) buf_appendf(pExplain, "%s %s 跳过（暂停计时：%s）\n", z,
                                 date_weekday_name(d), p->zKind);
    }else if( zWhy ){
      if( pExplain ) buf_appendf(pExplain, "%s %s 跳过（%s）\n", z, date_weekday_name(d), zWhy);
    }else{
      k++;
      if( pExplain ){
        buf_appendf(pExplain, "%s %s %s计第%d个工作日\n", z, date_weekday_name(d),
                    zReason ? zReason : "", k);
      }
    }
  }
  *pDue = d;
  return 0;
}

int permit_add_months(const struct calendar *c, int start, int nMonth,
                      const struct permit_pause *aP, int nP, int *pDue,
                      struct buf *pExplain, struct buf *pErr){
  int y, m, d, due, i, nPause = 0;
  char z[11], zS[11];
  date_ymd(start, &y, &m, &d);
  m += nMonth;
  y += (m-1)/12;
  m = (m-1)%12 + 1;
  if( d>date_month_days(y, m) ) d = date_month_days(y, m);
  due = date_from_ymd(y, m, d);
  date_format(start, zS);
  date_format(due, z);
  if( pExplain ) buf_appendf(pExplain, "自%s起%d个月，期间届满日为%s（到期月的对应日，无对应日为月末日）\n",
                             zS, nMonth, z);
  for(i=0; i<nP; i++){
    if( aP[i].end==0 ){
      buf_puts(pErr, "暂停计时中，恢复计时后才能计算期限");
      return -1;
    }
    if( aP[i].end>start ){
      int s = aP[i].start>start ? aP[i].start : start+1;
      nPause += aP[i].end - s + 1;
    }
  }
  if( nPause ){
    due += nPause;
    date_format(due, z);
    if( pExplain ) buf_appendf(pExplain, "暂停计时共%d日不计入，顺延至%s\n", nPause, z);
  }
  for(;;){
    const char *zWhy, *zReason;
    int is;
    date_ymd(due, &y, &m, &d);
    if( !calendar_has_year(c, y) ){
      buf_appendf(pErr, "日历中没有%d年的节假日安排，无法计算期限；请先导入%d年的日历", y, y);
      return -1;
    }
    if( calendar_is_workday(c, due, &is, &zReason, pErr) ) return -1;
    if( is ) break;
    zWhy = skip_why(c, due, &zReason);
    date_format(due, z);
    if( pExplain ) buf_appendf(pExplain, "%s %s 是休息日（%s），期限顺延至下一个工作日\n", z,
                               date_weekday_name(due), zWhy);
    due++;
  }
  *pDue = due;
  return 0;
}

/* An item's limits. */
struct plimit { bool bMonth; int n, nPromised, nExt; bool bExt; const char *zName; };

/* The items' limits read once for a recompute of many applications (this
** thread's; NULL outside a recompute). */
struct plimit_cache { int n; i64 aId[64]; struct plimit aL[64]; struct arena *ar; };
static _Thread_local struct plimit_cache *pItemCache;

/* Read the limits of item id (any scope: the item list is public within
** the bureau).  Returns -1 when there is no such item. */
static int item_limits(struct arena *ar, i64 id, struct plimit *L){
  struct stmt q;
  int rc = -1, i;
  struct plimit_cache *pc = pItemCache;
  for(i=0; pc && i<pc->n; i++){
    if( pc->aId[i]==id ){
      *L = pc->aL[i];
      return 0;
    }
  }
  if( pc ) ar = pc->ar;           /* the cached name outlives the row */
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
  if( rc==0 && pc && pc->n<(int)COUNT(pc->aId) ){
    pc->aId[pc->n] = id;
    pc->aL[pc->n++] = *L;
  }
  return rc;
}

/* The closed pauses of "kind,start,end;..." plus the open one; returns
** how many (at most nMax). */
static int pauses_of(const char **az, struct permit_pause *aP, int nMax, struct arena *ar){
  const char *p = az[P_PAUSES];
  int n = 0;
  while( p && *p && n<nMax ){
    size_t len = strcspn(p, ";");
    char *zOne = arena_strndup(ar, p, len);
    char *a = strchr(zOne, ','), *b = a ? strchr(a+1, ',') : 0;
    if( a && b ){
      *a = 0; *b = 0;
      aP[n].zKind = reg_choice_label(&aField[P_PKIND], zOne);
      aP[n].start = day_of(a+1);
      aP[n].end = day_of(b+1);
      if( aP[n].start && aP[n].end ) n++;
    }
    p += len;
    if( *p ) p++;
  }
  if( az[P_PSTART] && str_eq(az[P_STATE], "paused") && n<nMax ){
    aP[n].zKind = reg_choice_label(&aField[P_PKIND], az[P_PKIND]);
    aP[n].start = day_of(az[P_PSTART]);
    aP[n].end = 0;
    n++;
  }
  return n;
}

/* The last day the materials came in: the latest 补正, else 收件. */
static int receipt_day(const char **az){
  int d = day_of(az[P_CORRECTED]);
  return d ? d : day_of(az[P_RECV]);
}

/* The due dates of an application. */
struct pdues { int accept, legal, promised, deliver; };

/* The days nA and nB working days after start (start excluded) outside
** the pauses, in one walk of the calendar (no explanation). */
static int add_workdays_two(const struct calendar *c, int start, int nA, int nB,
                            const struct permit_pause *aP, int nP, int *pA, int *pB,
                            struct buf *pErr){
  int d = start, k = 0, nMax = nA>nB ? nA : nB;
  if( nA==0 ) *pA = start;
  if( nB==0 ) *pB = start;
  while( k<nMax ){
    int is;
    d++;
    if( calendar_is_workday(c, d, &is, 0, 0) ){
      int y, m, dd;
      date_ymd(d, &y, &m, &dd);
      buf_appendf(pErr, "日历中没有%d年的节假日安排，无法计算期限；请先导入%d年的日历", y, y);
      return -1;
    }
    if( is && (nP==0 || in_pause(aP, nP, d)==0) ){
      k++;
      if( k==nA ) *pA = d;
      if( k==nB ) *pB = d;
    }
  }
  return 0;
}

/* The delivery limit of a decided application into o (10 working days
** from the decision, 第四十四条).  Returns 0 or -1. */
static int permit_deliver_due(const struct calendar *cal, const char **az, struct pdues *o,
                              struct buf *pEx, struct buf *pErr){
  int decided = day_of(az[P_DECIDED]);
  char z[11];
  if( decided && (str_eq(az[P_STATE], "granted") || str_eq(az[P_STATE], "denied")
                  || str_eq(az[P_STATE], "delivered") || str_eq(az[P_STATE], "closed")) ){
    date_format(decided, z);
    if( pEx ) buf_appendf(pEx, "【送达期限】自决定之日%s起10个工作日内送达\n", z);
    return permit_add_workdays(cal, decided, 10, 0, 0, &o->deliver, pEx, pErr);
  }
  return 0;
}

/* Compute the due dates of az into *o (0 where none applies), with the
** explanation in pEx (may be NULL).  Returns -1 with a message when the
** calendar cannot answer; the dates it could compute are set. */
static int permit_compute(const struct calendar *cal, struct arena *ar, const char **az,
                          struct pdues *o, struct buf *pEx, struct buf *pErr){
  struct permit_pause aP[32];
  struct plimit L;
  int nP, start = day_of(az[P_START]), rc = 0;
  char z[11];
  memset(o, 0, sizeof(*o));
  if( str_eq(az[P_STATE], "received") ){
    date_format(receipt_day(az), z);
    if( pEx ) buf_appendf(pEx, "【受理审查期限】自%s%s起5个工作日内受理或一次性告知补正；"
                          "逾期未告知的，自%s起视为受理\n", az[P_CORRECTED] ? "补正" : "收件", z, z);
    rc |= permit_add_workdays(cal, receipt_day(az), 5, 0, 0, &o->accept, pEx, pErr);
  }else if( str_eq(az[P_STATE], "correcting") ){
    if( pEx ) buf_appendf(pEx, "【待补正】已于%s告知补正，申请人补正前不计算期限\n",
                          az[P_NOTICE] ? az[P_NOTICE] : "");
  }
  if( start && item_limits(ar, az[P_ITEM] ? atoll(az[P_ITEM]) : 0, &L)==0 ){
    int nExt = az[P_EXTDAYS] ? atoi(az[P_EXTDAYS]) : 0;
    nP = pauses_of(az, aP, (int)COUNT(aP), ar);
    date_format(start, z);
    if( pEx ){
      buf_appendf(pEx, "【法定期限】自%s%s起（当日不计）%d%s", z,
                  str_eq(az[P_DEEMED], "1") ? "（逾期未告知补正，视为收件之日受理）" : "",
                  L.n, L.bMonth ? "个月" : "个工作日");
      if( nExt ) buf_appendf(pEx, "，延期%d个工作日", nExt);
      buf_puts(pEx, "\n");
    }
    if( in_pause(aP, nP, date_today()) && str_eq(az[P_STATE], "paused") ){
      if( pEx ) buf_appendf(pEx, "暂停计时中（%s，自%s起），恢复计时后重新计算期限\n",
                            aP[nP-1].zKind, az[P_PSTART]);
    }else if( str_eq(az[P_STATE], "paused") ){
      if( pEx ) buf_appendf(pEx, "暂停计时中（%s，自%s起），恢复计时后重新计算期限\n",
                            aP[nP-1].zKind, az[P_PSTART]);
    }else if( L.bMonth ){
      rc |= permit_add_months(cal, start, L.n, aP, nP, &o->legal, pEx, pErr);
      if( rc==0 && nExt ){
        int s = o->legal;
        if( pEx ) buf_appendf(pEx, "延期%d个工作日：\n", nExt);
        rc |= permit_add_workdays(cal, s, nExt, aP, nP, &o->legal, pEx, pErr);
      }
    }else if( pEx==0 && L.nPromised ){
      /* no explanation wanted: one walk gives both working-day limits */
      rc |= add_workdays_two(cal, start, L.n + nExt, L.nPromised + nExt, aP, nP, &o->legal,
                             &o->promised, pErr);
      return rc ? -1 : permit_deliver_due(cal, az, o, pEx, pErr);
    }else{
      rc |= permit_add_workdays(cal, start, L.n + nExt, aP, nP, &o->legal, pEx, pErr);
    }
    if( L.nPromised && !str_eq(az[P_STATE], "paused") ){
      if( pEx ) buf_appendf(pEx, "【承诺期限】自%s起%d个工作日%s\n", z, L.nPromised,
                            nExt ? "（含延期）" : "");
      rc |= permit_add_workdays(cal, start, L.nPromised + nExt, aP, nP, &o->promised,
                                pEx, pErr);
    }
  }
  if( rc ) return -1;
  return permit_deliver_due(cal, az, o, pEx, pErr);
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

/* Set the derived due fields of az from calendar cal. */
static void permit_set_dues(const struct calendar *cal, struct arena *ar, const char **az){
  struct pdues o;
  struct buf err = BUF_INIT;
  permit_compute(cal, ar, az, &o, 0, &err);
  if( str_eq(az[P_STATE], "received") ){
    az[P_LEGALDUE] = o.accept ? iso(ar, o.accept) : 0;
    az[P_PROMDUE] = az[P_LEGALDUE];
  }else if( !str_eq(az[P_STATE], "correcting") ){
    az[P_LEGALDUE] = o.legal ? iso(ar, o.legal) : 0;
    az[P_PROMDUE] = o.promised ? iso(ar, o.promised) : 0;
  }else{
    az[P_LEGALDUE] = az[P_PROMDUE] = 0;
  }
  az[P_DELDUE] = o.deliver ? iso(ar, o.deliver) : 0;
  buf_release(&err);
}

/* Cross-field rules: the applicant is identified by the right code. */
static int permit_check(struct reg_ctx *c){
  const char **az = c->azNew;
  if( str_eq(az[P_AKIND], "org") && az[P_USCC]==0 ){
    reg_err_add(c->pErr, REG_EINVALID, "uscc", "申请人为单位时请填写统一社会信用代码");
  }
  if( str_eq(az[P_AKIND], "person") && az[P_IDNO]==0 ){
    reg_err_add(c->pErr, REG_EINVALID, "id_no", "申请人为个人时请填写身份证号");
  }
  if( c->azOld && !str_eq(c->azOld[P_RECV], az[P_RECV]) && !str_eq(az[P_STATE], "received") ){
    reg_err_add(c->pErr, REG_ECONFLICT, "received_on", "已受理或已告知补正的申请不能修改收件日期");
  }
  return 0;
}

/* Derived on every write: the due dates. */
static void permit_derive(struct reg_ctx *c){
  struct calendar *cal = cal_current();
  permit_set_dues(cal, c->ar, c->azNew);
  calendar_free(cal);
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
  struct calendar *cal = cal_current();
  int d = 0;
  permit_add_workdays(cal, receipt_day(az), 5, 0, 0, &d, 0, pErr);
  calendar_free(cal);
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

/* Step correct: the materials came in; the round is recorded. */
static int permit_correct(struct reg_ctx *c){
  if( not_before(c, P_CORRECTED, c->azOld[P_NOTICE], "补正告知日期") ) return -1;
  c->azNew[P_ROUNDS] = arena_printf(c->ar, "%s%s%s,%s", c->azOld[P_ROUNDS] ? c->azOld[P_ROUNDS] : "",
                                    c->azOld[P_ROUNDS] ? ";" : "", c->azOld[P_NOTICE],
                                    c->azNew[P_CORRECTED]);
  return 0;
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
  return 0;
}

/* Step resume: the pause is closed and kept in the record. */
static int permit_resume(struct reg_ctx *c){
  if( not_before(c, P_PEND, c->azOld[P_PSTART], "暂停起始日") ) return -1;
  c->azNew[P_PAUSES] = arena_printf(c->ar, "%s%s%s,%s,%s",
                                    c->azOld[P_PAUSES] ? c->azOld[P_PAUSES] : "",
                                    c->azOld[P_PAUSES] ? ";" : "", c->azOld[P_PKIND],
                                    c->azOld[P_PSTART], c->azNew[P_PEND]);
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

static const struct reg_step aStep[] = {
  { "notify", "补正告知", azFromRecv, "correcting", W, azAskNotify, permit_notify },
  { "correct", "补正", azFromCorr, "received", W, azAskCorrect, permit_correct },
  { "accept", "受理", azFromRecv, "accepted", W, azAskAccept, permit_accept },
  { "reject", "不予受理", azFromRecvCorr, "rejected", W, azAskRefuse, permit_refuse },
  { "pause", "暂停计时", azFromAcc, "paused", W, azAskPause, permit_pause },
  { "resume", "恢复计时", azFromPaused, "accepted", W, azAskResume, permit_resume },
  { "extend", "延期", azFromAcc, "accepted", ROLE_ADMIN|ROLE_LEADER|ROLE_APPROVER,
    azAskExtend, permit_extend },
  { "grant", "准予许可", azFromAcc, "granted", W, azAskGrant, permit_grant },
  { "deny", "不予许可", azFromAcc, "denied", W, azAskRefuse, permit_refuse },
  { "deliver", "送达", azFromDecided, "delivered", W, azAskDeliver, permit_deliver },
  { "close", "办结", azFromDelivered, "closed", W, azAskClose, permit_close },
  { "withdraw", "撤回", azFromOpen, "withdrawn", W, azAskWithdraw, permit_withdraw },
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
  .xCheck = permit_check, .xDerive = permit_derive, .xAfter = permit_after,
  .zCounter = "件", .xShowMore = permit_show,
  .aFileRule = aPermitFile,
  .zUsageMore =
    "      fazhi permit due [--within N] [--as-of YYYY-MM-DD]    临近期限和逾期的办件\n"
    "      fazhi permit explain ID    期限的逐日计算\n"
    "      fazhi permit document ID --kind 文书 --format docx|pdf [-o FILE]    行政许可文书\n",
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

int permit_recompute_open(const struct actor *a, struct buf *pErr){
  static const int aiCol[] = { P_NO, P_STATE, P_CORRECTED, P_RECV, P_NOTICE, P_START, P_DECIDED,
                               P_ITEM, P_EXTDAYS, P_DEEMED, P_PAUSES, P_PSTART, P_PKIND,
                               P_LEGALDUE, P_PROMDUE, P_DELDUE };
  struct plimit_cache cache;
  struct audit_batch batch;
  struct stmt q;
  struct arena *ar = arena_new();
  struct calendar *cal = cal_current();   /* inside the change: the new year */
  struct buf jb = BUF_INIT, ja = BUF_INIT;
  int n = 0, nRow = 0;
  i64 now = time_now();
  (void)pErr;
  memset(&cache, 0, sizeof(cache));
  cache.ar = arena_new();
  pItemCache = &cache;
  audit_batch_begin(&batch);
  /* only the columns the due dates depend on, every open application in
  ** every unit (the calendar is the whole county's) */
  db_prepare(&q,
    "SELECT p.id, p.number, p.state, p.corrected_on, p.received_on, p.notice_on, p.start_on,"
    "       p.decided_on, p.item_id, p.ext_days, p.deemed, p.pauses, p.pause_start,"
    "       p.pause_kind, p.legal_due, p.promised_due, p.deliver_due, o.path"
    " FROM permit p JOIN org o ON o.id=p.org_id WHERE p.void_reason IS NULL"
    "   AND p.state IN ('received','accepted','paused','granted','denied') ORDER BY p.id");
  while( db_step(&q)==DB_ROW ){
    const char *az[REG_MAX_FIELDS] = {0};
    const char *azWas[3];
    struct json_w j, j2;
    char zId[24];
    i64 id = db_column_int64(&q, 0);
    size_t k;
    if( ++nRow % 1024==0 ){         /* the row strings live in a scratch arena */
      arena_free(ar);
      ar = arena_new();
    }
    for(k=0; k<COUNT(aiCol); k++) az[aiCol[k]] = db_column_dup(ar, &q, (int)k+1);
    azWas[0] = az[P_LEGALDUE];
    azWas[1] = az[P_PROMDUE];
    azWas[2] = az[P_DELDUE];
    permit_set_dues(cal, ar, az);
    if( str_eq(azWas[0], az[P_LEGALDUE]) && str_eq(azWas[1], az[P_PROMDUE])
     && str_eq(azWas[2], az[P_DELDUE]) ) continue;
    db_exec("UPDATE permit SET legal_due=?1, promised_due=?2, deliver_due=?3, updated_at=?4"
            " WHERE id=?5", "tttid", az[P_LEGALDUE], az[P_PROMDUE], az[P_DELDUE], now, id);
    /* the entry holds the number and the due dates that changed, old and
    ** new (the action says why: 工作日历变更) */
    buf_reset(&jb);
    buf_reset(&ja);
    json_init(&j, &jb); json_obj_open(&j, 0);
    json_init(&j2, &ja); json_obj_open(&j2, 0);
    json_str(&j, "number", az[P_NO]);
    json_str(&j2, "number", az[P_NO]);
    for(k=0; k<3; k++){
      static const char *const azKey[] = { "legal_due", "promised_due", "deliver_due" };
      static const int aiNew[] = { P_LEGALDUE, P_PROMDUE, P_DELDUE };
      if( str_eq(azWas[k], az[aiNew[k]]) ) continue;
      json_str(&j, azKey[k], azWas[k]);
      json_str(&j2, azKey[k], az[aiNew[k]]);
    }
    json_obj_close(&j);
    json_obj_close(&j2);
    snprintf(zId, sizeof(zId), "%lld", (long long)id);
    batch.zSubject = db_column_text(&q, 17);   /* the row's org path, known here */
    audit_batch_add(&batch, a, "recompute", "permit", zId, jb.buf, ja.buf);
    n++;
  }
  db_finalize(&q);
  audit_batch_end(&batch);
  pItemCache = 0;
  buf_release(&jb);
  buf_release(&ja);
  calendar_free(cal);
  arena_free(cache.ar);
  arena_free(ar);
  return n;
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
  if( s->due && calendar_workdays_between(cal, asOf, s->due, &s->nLeft, 0)==0 ){
    s->bKnown = true;
    s->bOverdue = asOf>s->due;
  }
}

void permit_show_clock(struct req *r, const struct reg_rec *rec){
  struct calendar *cal = cal_current();
  struct pstand s;
  permit_stand(cal, rec->az, date_today(), &s);
  if( s.bPaused ){
    H(r, "<p class='clock'>暂停计时中（%h，自%h起），暂停期间不计入期限，不计逾期</p>\n",
      reg_choice_label(&aField[P_PKIND], rec->az[P_PKIND]), rec->az[P_PSTART]);
  }else if( s.bKnown && s.bOverdue ){
    H(r, "<p class='clock err'>已超过期限 %h，逾期%d个工作日</p>\n", iso(r->arena, s.due), -s.nLeft);
  }else if( s.bKnown ){
    H(r, "<p class='clock'>当前期限 %h，剩余%d个工作日</p>\n", iso(r->arena, s.due), s.nLeft);
  }
  calendar_free(cal);
}

/* The ?as_of= / --as-of day, or today. */
static int as_of(const char *z){
  int d = day_of(z);
  return d ? d : date_today();
}

void permit_explain_page(struct req *r){
  struct actor a;
  struct reg_err e;
  struct reg_rec rec;
  struct calendar *cal;
  struct buf ex = BUF_INIT, err = BUF_INIT;
  struct pdues o;
  struct pstand s;
  i64 id;
  const char *p;
  actor_from_req(&a, r);
  reg_err_init(&e, r->arena);
  if( str_to_i64(r->azPathArg[0], 1, INT64_MAX, &id) || reg_get(&permit_reg, &a, id, r->arena, &rec, &e) ){
    r->status = 404;
    html_begin(r, "未找到", "/permits");
    H(r, "<p>没有这件申请，或不在您的数据范围内。</p>");
    html_end(r);
    return;
  }
  cal = cal_current();
  permit_compute(cal, r->arena, rec.az, &o, &ex, &err);
  permit_stand(cal, rec.az, as_of(req_param_trim(r, "as_of")), &s);
  html_begin(r, arena_printf(r->arena, "期限计算 %s", rec.az[P_NO]), "/permits");
  H(r, "<p><a href=\"/permits/%lld\">返回申请 %h</a></p>", (long long)id, rec.az[P_NO]);
  H(r, "<dl class=\"facts\"><dt>状态</dt><dd>%h</dd>",
    reg_choice_label(&aField[P_STATE], rec.az[P_STATE]));
  H(r, "<dt>法定期限</dt><dd>%h</dd><dt>承诺期限</dt><dd>%h</dd><dt>送达期限</dt><dd>%h</dd>",
    rec.az[P_LEGALDUE] ? rec.az[P_LEGALDUE] : "—", rec.az[P_PROMDUE] ? rec.az[P_PROMDUE] : "—",
    rec.az[P_DELDUE] ? rec.az[P_DELDUE] : "—");
  if( s.bPaused ){
    H(r, "<dt>剩余工作日</dt><dd>暂停计时中，不计逾期</dd>");
  }else if( s.bKnown ){
    if( s.bOverdue ) H(r, "<dt>剩余工作日</dt><dd class=\"err\">已逾期%d个工作日</dd>", -s.nLeft);
    else H(r, "<dt>剩余工作日</dt><dd>%d</dd>", s.nLeft);
  }
  H(r, "</dl>");
  if( err.len ) H(r, "<p class=\"err\">%h</p>", err.buf);
  H(r, "<h2>逐日计算</h2><ol class=\"explain\">");
  for(p=ex.buf ? ex.buf : ""; *p; ){
    size_t n = strcspn(p, "\n");
    H(r, "<li>%h</li>", arena_strndup(r->arena, p, n));
    p += n;
    if( *p ) p++;
  }
  H(r, "</ol>");
  html_end(r);
  buf_release(&ex);
  buf_release(&err);
  calendar_free(cal);
}

void permit_due_api(struct req *r){
  struct actor a;
  struct reg_err e;
  struct reg_rec rec;
  struct calendar *cal;
  struct buf ex = BUF_INIT, err = BUF_INIT;
  struct pdues o;
  struct pstand s;
  struct json_w j;
  i64 id;
  const char *p;
  actor_from_req(&a, r);
  reg_err_init(&e, r->arena);
  if( str_to_i64(r->azPathArg[0], 1, INT64_MAX, &id) || reg_get(&permit_reg, &a, id, r->arena, &rec, &e) ){
    api_error(r, 404, "not_found", "没有这件申请，或不在您的数据范围内", 0);
    return;
  }
  cal = cal_current();
  permit_compute(cal, r->arena, rec.az, &o, &ex, &err);
  permit_stand(cal, rec.az, as_of(req_param_trim(r, "as_of")), &s);
  api_begin(r, &j);
  json_obj_open(&j, 0);
  json_int(&j, "id", id);
  json_str(&j, "number", rec.az[P_NO]);
  json_str(&j, "state", rec.az[P_STATE]);
  json_str(&j, "legal_due", rec.az[P_LEGALDUE]);
  json_str(&j, "promised_due", rec.az[P_PROMDUE]);
  json_str(&j, "deliver_due", rec.az[P_DELDUE]);
  if( s.due ) json_str(&j, "due", iso(r->arena, s.due)); else json_null_val(&j, "due");
  if( s.bKnown ) json_int(&j, "days_left", s.nLeft); else json_null_val(&j, "days_left");
  json_bool(&j, "overdue", s.bOverdue);
  json_bool(&j, "paused", s.bPaused);
  if( err.len ) json_str(&j, "error", err.buf);
  json_arr_open(&j, "explain");
  for(p=ex.buf ? ex.buf : ""; *p; ){
    size_t n = strcspn(p, "\n");
    json_str(&j, 0, arena_strndup(r->arena, p, n));
    p += n;
    if( *p ) p++;
  }
  json_arr_close(&j);
  json_obj_close(&j);
  buf_release(&ex);
  buf_release(&err);
  calendar_free(cal);
}

/* ---- public lookup ---- */

/* Lookups per address: at most PUB_MAX in each PUB_WINDOW seconds. */
#define PUB_MAX 20
#define PUB_WINDOW 60
static struct { char zIp[48]; i64 t0; int n; } aPub[256];
static pthread_mutex_t pubMu = PTHREAD_MUTEX_INITIALIZER;

/* Count one lookup from zIp; false when over the limit (the lookup and
** the rating page share the count). */
static bool pub_admit(const char *zIp){
  u32 h = 2166136261u;
  const char *p;
  i64 now = time_now();
  bool bOk;
  int i;
  for(p=zIp ? zIp : ""; *p; p++) h = (h ^ (u8)*p) * 16777619u;
  i = (int)(h % COUNT(aPub));
  pthread_mutex_lock(&pubMu);
  if( strcmp(aPub[i].zIp, zIp ? zIp : "")!=0 || now - aPub[i].t0 >= PUB_WINDOW ){
    snprintf(aPub[i].zIp, sizeof(aPub[i].zIp), "%s", zIp ? zIp : "");
    aPub[i].t0 = now;
    aPub[i].n = 0;
  }
  bOk = ++aPub[i].n <= PUB_MAX;
  pthread_mutex_unlock(&pubMu);
  return bOk;
}

/* What the public may see of one application. */
struct ppub { i64 id; const char *zNo, *zState, *zStateCode, *zDue, *zItem; };

/* Look up number + code: 0 with *p, or -1 (unknown number and wrong code
** alike). */
static int pub_lookup(struct arena *ar, const char *zNo, const char *zCode, struct ppub *p){
  struct stmt q;
  int rc = -1;
  if( zNo==0 || zCode==0 ) return -1;
  db_prepare(&q, "SELECT p.number, p.check_code, p.state, p.legal_due, i.name, p.id"
                 " FROM permit p JOIN permit_item i ON i.id=p.item_id"
                 " WHERE p.number=?1 AND p.void_reason IS NULL");
  db_bind_text(&q, 1, zNo);
  if( db_step(&q)==DB_ROW ){
    const char *zHave = db_column_text(&q, 1);
    size_t n = strlen(zCode), i;
    unsigned diff = zHave==0 || strlen(zHave)!=n;
    for(i=0; zHave && i<n && i<strlen(zHave); i++) diff |= (u8)zHave[i] ^ (u8)zCode[i];
    if( !diff ){
      p->zNo = db_column_dup(ar, &q, 0);
      p->zState = reg_choice_label(&aField[P_STATE], db_column_text(&q, 2));
      p->zState = arena_strdup(ar, p->zState);
      p->zDue = state_open(db_column_text(&q, 2)) ? db_column_dup(ar, &q, 3) : 0;
      p->zItem = db_column_dup(ar, &q, 4);
      p->id = db_column_int64(&q, 5);
      p->zStateCode = db_column_dup(ar, &q, 2);
      rc = 0;
    }
  }
  db_finalize(&q);
  return rc;
}

bool permit_pub_admit(const char *zIp){
  return pub_admit(zIp);
}

i64 permit_pub_find(struct arena *ar, const char *zNo, const char *zCode, const char **pzState){
  struct ppub p;
  if( pub_lookup(ar, zNo, zCode, &p) ) return 0;
  *pzState = p.zStateCode;
  return p.id;
}

static const char zNoMatch[] = "未找到与该申请编号和查询码相符的申请，请核对后再试";

void permit_public_page(struct req *r){
  const char *zNo = req_param_trim(r, "number"), *zCode = req_param_trim(r, "code");
  bool bPost = strcmp(r->zMethod, "POST")==0;
  struct ppub p;
  int rc = 1;
  if( bPost ){
    if( !pub_admit(r->zIp) ){
      r->status = 429;
      req_add_header(r, "Retry-After", "60");
      rc = 2;
    }else{
      rc = pub_lookup(r->arena, zNo, zCode, &p);
      if( rc ) r->status = 404;
    }
  }
  html_begin_bare(r, "行政许可办理进度查询");
  H(r, "<h1>行政许可办理进度查询</h1>");
  if( rc==0 ){
    H(r, "<dl class=\"facts\"><dt>申请编号</dt><dd>%h</dd><dt>许可事项</dt><dd>%h</dd>"
         "<dt>办理状态</dt><dd>%h</dd><dt>办理期限</dt><dd>%h</dd></dl>",
      p.zNo, p.zItem, p.zState, p.zDue ? p.zDue : "—");
  }else if( rc==2 ){
    H(r, "<p class=\"err\">查询过于频繁，请一分钟后再试</p>");
  }else if( rc<0 ){
    H(r, "<p class=\"err\">%h</p>", zNoMatch);
  }
  H(r, "<form method=\"post\" action=\"/public/permits\">"
       "<label>申请编号 <input name=\"number\" required maxlength=\"30\" value=\"%a\"></label>"
       "<label>查询码 <input name=\"code\" required maxlength=\"12\" autocomplete=\"off\"></label>"
       "<button type=\"submit\">查询</button></form>", bPost && zNo ? zNo : "");
  H(r, "<p>申请编号和查询码见受理凭证。</p>");
  html_end_bare(r);
}

void permit_public_api(struct req *r){
  static const char *const azKey[] = { "number", "code", 0 };
  json_t *pBody;
  const char *zNo = 0, *zCode = 0;
  struct buf err = BUF_INIT;
  struct ppub p;
  struct json_w j;
  if( !pub_admit(r->zIp) ){
    req_add_header(r, "Retry-After", "60");
    api_error(r, 429, "rate_limited", "查询过于频繁，请一分钟后再试", 0);
    return;
  }
  pBody = api_body(r);
  if( pBody==0 ) return;
  if( json_check_keys(pBody, azKey, &err) || json_get_str(pBody, "number", true, &zNo, &err)<0
   || json_get_str(pBody, "code", true, &zCode, &err)<0 ){
    api_error(r, 400, "bad_request", err.buf, 0);
  }else if( pub_lookup(r->arena, zNo, zCode, &p) ){
    api_error(r, 404, "not_found", zNoMatch, 0);
  }else{
    api_begin(r, &j);
    json_obj_open(&j, 0);
    json_str(&j, "number", p.zNo);
    json_str(&j, "item", p.zItem);
    json_str(&j, "state", p.zState);
    json_str(&j, "due", p.zDue);
    json_obj_close(&j);
  }
  buf_release(&err);
  json_decref(pBody);
}

/* ---- command ---- */

static const char zDueUsage[] =
  "用法: fazhi permit due [--within N] [--as-of YYYY-MM-DD]\n"
  "      fazhi permit explain ID\n"
  "列出N个工作日内到期（默认3）和已逾期的办件；暂停计时和待补正的办件不计逾期。\n";

/* fazhi permit due: open applications due within N working days. */
static int permit_due_cmd(int n, char **av){
  const char *zWithin = cli_option(&n, av, "--within");
  const char *zAsOf = cli_option(&n, av, "--as-of");
  struct actor a;
  struct reg_query qy;
  struct stmt q;
  struct arena *ar;
  struct calendar *cal;
  i64 nWithin = 3;
  int asOf, nShown = 0;
  if( zWithin && str_to_i64(zWithin, 0, 250, &nWithin) ){
    fprintf(stderr, "fazhi: --within 应为0到250的整数\n");
    return 2;
  }
  if( zAsOf && day_of(zAsOf)==0 ){
    fprintf(stderr, "fazhi: --as-of 应为 YYYY-MM-DD\n");
    return 2;
  }
  if( cli_finish(n, av, 0, 0, zDueUsage) ) return 2;
  if( cli_open() ) return 1;
  asOf = as_of(zAsOf);
  actor_cli(&a);
  ar = arena_new();
  cal = cal_current();
  reg_query_init(&qy);
  reg_select(&permit_reg, &a, &qy, &q);
  while( db_step(&q)==DB_ROW ){
    struct reg_rec rec;
    struct pstand s;
    reg_row(&permit_reg, &q, ar, &rec);
    if( rec.zVoidReason || !state_open(rec.az[P_STATE]) ) continue;
    permit_stand(cal, rec.az, asOf, &s);
    if( s.bPaused || !s.bKnown || s.nLeft>nWithin ) continue;
    printf("%s\t%s\t%s\t%s\t%s\n", rec.az[P_NO],
           reg_display(ar, &permit_reg, P_ITEM, &a, rec.az[P_ITEM]),
           reg_choice_label(&aField[P_STATE], rec.az[P_STATE]), iso(ar, s.due),
           s.bOverdue ? arena_printf(ar, "已逾期%d个工作日", -s.nLeft)
                      : arena_printf(ar, "剩余%d个工作日", s.nLeft));
    nShown++;
  }
  db_finalize(&q);
  if( nShown==0 ) printf("%lld个工作日内没有到期的办件\n", (long long)nWithin);
  calendar_free(cal);
  arena_free(ar);
  return 0;
}

/* fazhi permit explain ID: the day-by-day computation. */
static int permit_explain_cmd(int n, char **av){
  struct actor a;
  struct reg_err e;
  struct reg_rec rec;
  struct arena *ar;
  struct calendar *cal;
  struct buf ex = BUF_INIT, err = BUF_INIT;
  struct pdues o;
  i64 id;
  if( cli_finish(n, av, 1, 1, zDueUsage) ) return 2;
  if( str_to_i64(av[1], 1, INT64_MAX, &id) ){
    fprintf(stderr, "fazhi: 编号应为正整数\n");
    return 2;
  }
  if( cli_open() ) return 1;
  actor_cli(&a);
  ar = arena_new();
  reg_err_init(&e, ar);
  if( reg_get(&permit_reg, &a, id, ar, &rec, &e) ){
    fprintf(stderr, "fazhi: %s\n", reg_err_text(&e));
    arena_free(ar);
    return reg_err_exit(e.eKind);
  }
  cal = cal_current();
  permit_compute(cal, ar, rec.az, &o, &ex, &err);
  printf("%s\n%s", rec.az[P_NO], ex.buf ? ex.buf : "");
  if( err.len ) printf("%s\n", err.buf);
  calendar_free(cal);
  buf_release(&ex);
  buf_release(&err);
  arena_free(ar);
  return 0;
}

int permit_cmd(int argc, char **argv){
  if( argc>2 && str_eq(argv[2], "due") ) return permit_due_cmd(argc-2, argv+2);
  if( argc>2 && str_eq(argv[2], "explain") ) return permit_explain_cmd(argc-2, argv+2);
  if( argc>2 && str_eq(argv[2], "document") ) return permit_document_cmd(argc-2, argv+2);
  return reg_cmd(argc, argv);
}

/* ---- demo ---- */

/* Take step zVerb on application id with field iA = zA (and iB = zB). */
static int demo_step(const struct actor *a, i64 id, const char *zVerb, int iA, const char *zA,
                     int iB, const char *zB, struct buf *pErr){
  const char *az[REG_MAX_FIELDS] = {0};
  struct arena *ar = arena_new();
  struct reg_err e;
  int rc;
  reg_err_init(&e, ar);
  az[iA] = zA;
  if( iB>=0 ) az[iB] = zB;
  rc = reg_step(&permit_reg, a, id, zVerb, az, &e);
  if( rc ) buf_appendf(pErr, "%s: %s", zVerb, reg_err_text(&e));
  arena_free(ar);
  return rc;
}

int permit_demo_steps(const struct actor *a, const char *zCsv, size_t n, struct buf *pErr){
  const char *p = zCsv, *pEnd = zCsv + n;
  struct arena *ar = arena_new();
  int nLine = 0, rc = 0;
  while( p<pEnd && rc==0 ){
    size_t len = strcspn(p, "\n");
    char *zLine = arena_strndup(ar, p, len), *az[8] = {0}, *q = zLine;
    int k;
    i64 id;
    p += len + (p[len]=='\n');
    if( nLine++==0 || zLine[0]==0 ) continue;
    for(k=0; k<8 && q; k++){
      az[k] = q;
      q = strchr(q, ',');
      if( q ) *q++ = 0;
    }
    id = db_i64(0, "SELECT id FROM permit WHERE applicant=?1", "t", az[0]);
    if( id==0 ){
      buf_appendf(pErr, "第%d行：没有申请人为%s的申请", nLine, az[0]);
      rc = -1;
      break;
    }
    if( az[1] && az[1][0] ){
      rc |= demo_step(a, id, "notify", P_NOTICE, az[1], P_CORRECTION, "补齐全部申请材料", pErr);
      rc |= demo_step(a, id, "correct", P_CORRECTED, az[2], -1, 0, pErr);
    }
    rc |= demo_step(a, id, "accept", P_ACCEPTED, az[3], -1, 0, pErr);
    if( str_eq(az[4], "deny") ){
      rc |= demo_step(a, id, "deny", P_DECIDED, az[5], P_REASON, "申请材料经审查不符合设立条件", pErr);
    }else{
      rc |= demo_step(a, id, "grant", P_DECIDED, az[5], -1, 0, pErr);
    }
    rc |= demo_step(a, id, "deliver", P_DELIVERED, az[6], -1, 0, pErr);
    rc |= demo_step(a, id, "close", P_CLOSED, az[7], -1, 0, pErr);
  }
  arena_free(ar);
  return rc ? -1 : 0;
}
