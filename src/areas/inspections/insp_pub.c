/*
** insp_pub.c -- 检查结果公示 ("一公开"): the result of every inspection is
** published within 20 working days of the inspection's day (a declared
** deadline on the clock, warned on the dashboard), on a public page and a
** JSON feed (/public/inspection-results/list, /api/v1/public/inspection-
** results/list): the item, the target, the day, the conclusion and the
** rectification as it stands, personal data masked.
**
** A row is opened (待公示) in the record's own transaction as soon as the
** inspection's day is recorded (insp_pub_follow, the record's xAfter), so
** its due day runs from then; `publish` states the conclusion as published
** and the day.  A published result is never edited: `correct` withdraws it
** with its reason (已撤回, kept) and, in the same transaction, publishes the
** corrected one (a new row naming the one it replaces, the reason shown
** with it).  Figures: results published, and published on time.
*/
#include "../../common.h"
#include "../../base/arena.h"
#include "../../base/buf.h"
#include "../../base/date.h"
#include "../../base/util.h"
#include "../../core/app.h"
#include "../../core/clock.h"
#include "../../store/db.h"
#include "../../reg/deadline_alert.h"
#include "../../reg/public.h"
#include "insp_pub.h"

#define PUB_ROLES (ROLE_ADMIN|ROLE_LEGAL|ROLE_INSPECTOR)

static const char *const azPState[] = {
  "pending", "待公示", "published", "已公示", "withdrawn", "已撤回", 0
};

#define PUB_FIELDS(X) \
  X(U_ORG, .zKey = "org_id", .zLabel = "检查单位", .eType = REG_REF, \
    .mFlags = RF_READONLY|RF_FILTER|RF_NOIO, .zRef = "org", .nWidth = 20) \
  X(U_RECORD, .zKey = "record_id", .zLabel = "检查记录", .eType = REG_REF, \
    .mFlags = RF_REQUIRED, .zRef = "insp_record", .zHelp = "已实施现场检查的检查记录", \
    .nWidth = 24) \
  X(U_TARGET, .zKey = "target", .zLabel = "检查对象", .eType = REG_TEXT, \
    .mFlags = RF_READONLY|RF_LIST|RF_SEARCH|RF_TITLE|RF_NOIO, .nMax = 200, .nWidth = 30) \
  X(U_ITEM, .zKey = "item", .zLabel = "抽查事项", .eType = REG_TEXT, \
    .mFlags = RF_READONLY|RF_LIST|RF_NOIO, .nMax = 200, .nWidth = 24) \
  X(U_ENDED, .zKey = "ended_on", .zLabel = "检查日期", .eType = REG_DATE, \
    .mFlags = RF_READONLY|RF_LIST|RF_NOIO, .nWidth = 12) \
  X(U_DUE, .zKey = "publish_due", .zLabel = "公示期限", .eType = REG_DATE, \
    .mFlags = RF_READONLY|RF_LIST|RF_NOIO, .zHelp = "自检查之日起20个工作日内公示", .nWidth = 12) \
  X(U_CONCL, .zKey = "conclusion", .zLabel = "公示的检查结论", .eType = REG_TEXT, \
    .mFlags = RF_LONG, .nMax = 2000, \
    .zHelp = "向社会公开的结论；不得写入个人信息（手机号、身份证号等公开时一律遮盖）", .nWidth = 40) \
  X(U_PUBON, .zKey = "published_on", .zLabel = "公示日期", .eType = REG_DATE, \
    .mFlags = RF_LIST, .zNotBefore = "ended_on", .nWidth = 12) \
  X(U_STATE, .zKey = "state", .zLabel = "状态", .eType = REG_CHOICE, \
    .mFlags = RF_READONLY|RF_LIST|RF_FILTER, .azChoice = azPState, .nWidth = 8) \
  X(U_REPLACES, .zKey = "replaces", .zLabel = "更正的原公示", .eType = REG_REF, \
    .mFlags = RF_READONLY|RF_NOIO, .zRef = "insp_pub", .nWidth = 10) \
  X(U_REASON, .zKey = "reason", .zLabel = "更正（撤回）理由", .eType = REG_TEXT, \
    .mFlags = RF_READONLY|RF_LONG, .nMax = 1000, .nWidth = 30) \
  X(U_CORRECTED, .zKey = "corrected", .zLabel = "更正后的检查结论", .eType = REG_TEXT, \
    .mFlags = RF_READONLY|RF_LONG|RF_NOIO, .nMax = 2000, .nWidth = 40)

enum { PUB_FIELDS(REG_FIELD_ENUM) U_NFIELD };
static const struct reg_field aUField[] = { PUB_FIELDS(REG_FIELD_INIT) };

/* Field zKey of the inspection record row id, in ar (NULL when empty). */
static const char *ipub_rec(struct arena *ar, i64 id, const char *zCol){
  struct stmt q;
  const char *z = 0;
  db_prepare(&q, "SELECT target_id, plan_id, inspect_on, conclusion, findings, org_id"
                 " FROM insp_record WHERE id=?1 AND void_reason IS NULL");
  db_bind_int64(&q, 1, id);
  if( db_step(&q)==DB_ROW ){
    int i = str_eq(zCol, "target_id") ? 0 : str_eq(zCol, "plan_id") ? 1
          : str_eq(zCol, "inspect_on") ? 2 : str_eq(zCol, "conclusion") ? 3
          : str_eq(zCol, "findings") ? 4 : 5;
    z = db_column_text(&q, i) ? db_column_dup(ar, &q, i) : 0;
  }
  db_finalize(&q);
  return z;
}

/* The conclusion a result states by default: from the record's. */
static const char *ipub_default_conclusion(struct arena *ar, i64 rec){
  const char *zFind = ipub_rec(ar, rec, "findings");
  if( str_eq(ipub_rec(ar, rec, "conclusion"), "problem") ){
    return arena_printf(ar, "发现问题，已责令整改。%s", zFind ? zFind : "");
  }
  return "未发现问题。";
}

/* The facts copied from the record: org, target, item, the day. */
static void ipub_derive(struct reg_ctx *c){
  i64 rec = c->azNew[U_RECORD] ? atoll(c->azNew[U_RECORD]) : 0;
  const char *z;
  if( rec==0 || ipub_rec(c->ar, rec, "org_id")==0 ) return;
  c->azNew[U_ORG] = ipub_rec(c->ar, rec, "org_id");
  c->azNew[U_ENDED] = ipub_rec(c->ar, rec, "inspect_on");
  c->azNew[U_TARGET] = db_text(c->ar, 0, "SELECT name FROM insp_target WHERE id=?1", "i",
                               (z = ipub_rec(c->ar, rec, "target_id"))!=0 ? atoll(z) : 0);
  c->azNew[U_ITEM] = db_text(c->ar, 0, "SELECT i.name FROM insp_plan p JOIN insp_item i"
                                       " ON i.id=p.item_id WHERE p.id=?1", "i",
                             (z = ipub_rec(c->ar, rec, "plan_id"))!=0 ? atoll(z) : 0);
  if( c->azOld==0 && c->azNew[U_CONCL]==0 ) c->azNew[U_CONCL] = ipub_default_conclusion(c->ar, rec);
}

/* One live (待公示 or 已公示) result per inspection, of an inspection
** carried out; a published result is changed only by a correction. */
static int ipub_check(struct reg_ctx *c){
  i64 rec = c->azNew[U_RECORD] ? atoll(c->azNew[U_RECORD]) : 0;
  if( c->azOld && !str_eq(c->azOld[U_STATE], "pending") && str_eq(c->zVerb, "update") ){
    reg_err_add(c->pErr, REG_ECONFLICT, "conclusion",
                "已公示的结果不能修改，请用“更正”撤回原公示并公示更正后的结果");
    return -1;
  }
  if( c->azOld && !str_eq(c->azOld[U_RECORD], c->azNew[U_RECORD]) ){
    reg_err_add(c->pErr, REG_EINVALID, "record_id", "公示的检查记录不能更换");
    return -1;
  }
  if( ipub_rec(c->ar, rec, "inspect_on")==0 ){
    reg_err_add(c->pErr, REG_EINVALID, "record_id", "该检查记录尚未实施现场检查，没有可公示的结果");
    return -1;
  }
  if( c->azOld==0 && db_exists("SELECT 1 FROM insp_pub WHERE record_id=?1 AND voided_at IS NULL"
                               " AND state IN ('pending','published')", "i", rec) ){
    reg_err_add(c->pErr, REG_ECONFLICT, "record_id", "该次检查已有待公示或已公示的结果");
    return -1;
  }
  return 0;
}

/* After a correction: the corrected result, published today in the same
** transaction, naming the one it replaces and the reason. */
static int ipub_after(struct reg_ctx *c){
  const char **az;
  struct reg_err *e = c->pErr;
  char zDay[11];
  i64 id;
  if( !str_eq(c->zVerb, "correct") ) return 0;
  az = reg_values_alloc(c->ar, &insp_pub_reg);
  az[U_RECORD] = c->azNew[U_RECORD];
  az[U_CONCL] = c->azNew[U_CORRECTED];
  if( reg_create(&insp_pub_reg, c->a, az, &id, e) ) return -1;
  db_exec("UPDATE insp_pub SET replaces=?1, reason=?2 WHERE id=?3", "iti", c->id,
          c->azNew[U_REASON], id);
  az = reg_values_alloc(c->ar, &insp_pub_reg);
  az[U_PUBON] = arena_strdup(c->ar, date_format(date_today(), zDay));
  return reg_step(&insp_pub_reg, c->a, id, "publish", az, e);
}

static const char *const azFromPending[] = { "pending", 0 };
static const char *const azFromPublished[] = { "published", 0 };
static const char *const azAskPublish[] = { "published_on", 0 };
static const char *const azNeedPublish[] = { "published_on", "conclusion", 0 };
static const char *const azAskCorrect[] = { "reason", "corrected", 0 };
static const struct reg_step aUStep[] = {
  { .zVerb = "publish", .zLabel = "公示", .azFrom = azFromPending, .zTo = "published",
    .mRoles = PUB_ROLES, .azAsk = azAskPublish, .azNeed = azNeedPublish },
  { .zVerb = "correct", .zLabel = "更正（撤回原公示）", .azFrom = azFromPublished,
    .zTo = "withdrawn", .mRoles = ROLE_ADMIN|ROLE_LEGAL, .azAsk = azAskCorrect,
    .azNeed = azAskCorrect },
};

static const char *const azPubOpen[] = { "pending", 0 };
static const struct reg_deadline aUDeadline[] = {
  { .zLabel = "公示期限", .zStartField = "ended_on", .nLimit = 20, .eUnit = CLOCK_WORKDAY,
    .zDueField = "publish_due", .azOpen = azPubOpen },
};

/* ---- the public list (reg/public.h) ---- */

/* z with every run of 11 or more digits (a phone, an ID number) masked
** but its first 3 and last 4 (ID numbers: first 6), in ar. */
static const char *ipub_mask(struct arena *ar, const char *z){
  struct buf b = BUF_INIT;
  const char *zOut;
  while( z && *z ){
    size_t n = strspn(z, "0123456789"), k;
    if( n==0 ){
      buf_putc(&b, *z++);
      continue;
    }
    if( z[n]=='X' || z[n]=='x' ) n++;      /* an ID number's check character */
    if( n<11 ){
      buf_append(&b, z, n);
    }else{
      size_t nKeep = n>=15 ? 6 : 3;
      buf_append(&b, z, nKeep);
      for(k=nKeep; k<n-4; k++) buf_putc(&b, '*');
      buf_append(&b, z + n - 4, 4);
    }
    z += n;
  }
  zOut = arena_strdup(ar, b.buf ? b.buf : "");
  buf_release(&b);
  return zOut;
}

static const char *ipub_concl(struct arena *ar, const struct reg_def *d, const struct reg_rec *p){
  (void)d;
  return ipub_mask(ar, p->az[U_CONCL]);
}

/* 整改情况 as it stands now on the record. */
static const char *ipub_rectify(struct arena *ar, const struct reg_def *d, const struct reg_rec *p){
  struct stmt q;
  const char *z = "无需整改";
  (void)d; (void)ar;
  db_prepare(&q, "SELECT status, rectify_on, recheck_result FROM insp_record WHERE id=?1");
  db_bind_int64(&q, 1, p->az[U_RECORD] ? atoll(p->az[U_RECORD]) : 0);
  if( db_step(&q)==DB_ROW && db_column_text(&q, 1) ){
    z = str_eq(db_column_text(&q, 0), "rectifying") ? "整改中"
      : str_eq(db_column_text(&q, 2), "done") ? "已整改" : "整改中";
  }
  db_finalize(&q);
  return z;
}

static const char *ipub_correction(struct arena *ar, const struct reg_def *d,
                                   const struct reg_rec *p){
  (void)d;
  if( p->az[U_REPLACES]==0 ) return 0;
  return arena_printf(ar, "更正：原公示已撤回，理由：%s", ipub_mask(ar, p->az[U_REASON]));
}

static const struct reg_public_show aPubShow[] = {
  { .zKey = "item", .zLabel = "抽查事项", .zField = "item" },
  { .zKey = "target", .zLabel = "检查对象", .zField = "target" },
  { .zKey = "date", .zLabel = "检查日期", .zField = "ended_on" },
  { .zKey = "conclusion", .zLabel = "检查结论", .xValue = ipub_concl },
  { .zKey = "rectification", .zLabel = "整改情况", .xValue = ipub_rectify },
  { .zKey = "published_on", .zLabel = "公示日期", .zField = "published_on" },
  { .zKey = "correction", .zLabel = "更正说明", .xValue = ipub_correction },
};

static const struct reg_public_list ipubList = {
  .zTitle = "“双随机、一公开”抽查检查结果公示",
  .zWhere = "t.state='published'",
  .zOrder = "t.published_on DESC",
  .aShow = aPubShow, .nShow = (int)COUNT(aPubShow),
  .zNote = "依据“双随机、一公开”的要求，抽查检查结果自检查之日起20个工作日内公示；"
           "结果更正的，原公示撤回并说明理由。个人信息不予公开。",
};

static const struct reg_public ipubPublic = {
  .zSeg = "inspection-results",
  .zLimit = "insp_results", .nLimit = 60, .nWindow = 60,
  .pList = &ipubList,
};

const struct reg_def insp_pub_reg = {
  .zName = "insp_pub", .zTable = "insp_pub", .zSeg = "inspection-results",
  .zCmd = "insp-pub", .zTitle = "检查结果公示", .zListTitle = "检查结果公示",
  .zNavGroup = "双随机检查", .zOrgField = "org_id",
  .mRead = 0, .mWrite = PUB_ROLES, .mFull = PUB_ROLES,
  .aField = aUField, .nField = (int)COUNT(aUField),
  .zStateField = "state", .zInitial = "pending",
  .aStep = aUStep, .nStep = (int)COUNT(aUStep),
  .eDelete = REG_DEL_VOID, .zOrder = "t.ended_on DESC, t.id DESC", .zCounter = "条",
  .xCheck = ipub_check, .xDerive = ipub_derive, .xAfter = ipub_after,
  .aDeadline = aUDeadline, .nDeadline = (int)COUNT(aUDeadline),
  .pPublic = &ipubPublic,
};

/* ---- the record's hook ---- */

int insp_pub_follow(struct reg_ctx *c){
  int iOn = reg_field_index(c->d, "inspect_on");
  const char **az;
  struct stmt q;
  i64 id = 0, pubId;
  const char *zEnded = 0;
  if( iOn<0 || c->azNew[iOn]==0 || c->id==0 ) return 0;
  db_prepare(&q, "SELECT id, ended_on, state FROM insp_pub WHERE record_id=?1"
                 " AND voided_at IS NULL ORDER BY id DESC");
  db_bind_int64(&q, 1, c->id);
  if( db_step(&q)==DB_ROW ){
    id = db_column_int64(&q, 0);
    zEnded = str_eq(db_column_text(&q, 2), "pending") ? db_column_dup(c->ar, &q, 1) : c->azNew[iOn];
  }
  db_finalize(&q);
  az = reg_values_alloc(c->ar, &insp_pub_reg);
  if( id==0 ){                             /* the result to publish, its clock running */
    az[U_RECORD] = arena_printf(c->ar, "%lld", (long long)c->id);
    return reg_create(&insp_pub_reg, c->a, az, &pubId, c->pErr);
  }
  if( !str_eq(zEnded, c->azNew[iOn]) ){    /* the day moved: the due day follows */
    bool *abSet = reg_flags_alloc(c->ar, &insp_pub_reg);
    return reg_update(&insp_pub_reg, c->a, id, az, abSet, c->pErr);
  }
  return 0;
}

/* ---- figures and alerts ---- */

#define PUB_FROM "insp_pub t JOIN org o ON o.id=t.org_id"
#define PUB_DETAIL "coalesce(t.item, '') || ' · 检查日期 ' || coalesce(t.ended_on, '') ||" \
  " ' · 公示期限 ' || coalesce(t.publish_due, '—') || ' · 公示日期 ' || coalesce(t.published_on, '未公示')"
#define PUB_KNOWN "SELECT 1 FROM insp_pub t JOIN org o ON o.id=t.org_id" \
  " WHERE o.path LIKE ?1 AND t.voided_at IS NULL AND t.ended_on<=?2"

static const struct fig_decl dPublished = {
  .eKind = FIG_COUNT, .zFrom = PUB_FROM, .zDate = "t.published_on",
  .zWhere = "t.voided_at IS NULL AND t.replaces IS NULL", .zId = "t.id", .zName = "t.target",
  .zDetail = PUB_DETAIL, .zOrg = "t.org_id", .zDue = "t.publish_due",
  .zOrder = "t.published_on, t.id", .zKnown = PUB_KNOWN,
};
static const struct fig_decl dOnTime = {
  .eKind = FIG_RATE, .zFrom = PUB_FROM, .zDate = "t.ended_on",
  .zWhere = "t.voided_at IS NULL AND t.replaces IS NULL",
  .zMatch = "t.published_on IS NOT NULL AND t.published_on<=?2 AND t.published_on<=t.publish_due",
  .zId = "t.id", .zName = "t.target", .zDetail = PUB_DETAIL, .zOrg = "t.org_id",
  .zDue = "t.publish_due", .zOrder = "t.ended_on, t.id", .zKnown = PUB_KNOWN,
};

const struct figure insp_pub_figures[] = {
  { "inspect.published", "检查结果公示数", "次",
    "公示日期在本年度内、不晚于数据截至日期的检查结果公示（更正后重新公示的不重复计算）", "insp_pub",
    .pDecl = &dPublished, .bDetail = true },
  { "inspect.published_ontime", "检查结果按期公示率", "%",
    "检查日期在本年度内、不晚于数据截至日期的检查中，自检查之日起20个工作日内（截至数据截至日期）"
    "公示结果的比例", "insp_pub", .pDecl = &dOnTime },
  { 0 }
};

/* The results due within permit.alert_days working days, or overdue. */
static void ipub_alerts(const struct fig_scope *s, struct arena *ar, struct alert_list *pList){
  reg_deadline_alerts(&insp_pub_reg, s, ar, pList, setting_int("permit.alert_days", 3));
}

const struct alert_def insp_pub_alerts[] = {
  { "inspect.publicity", "检查结果公示期限", ipub_alerts },
  { 0, 0, 0 }
};

/* ---- the demo county ---- */

int insp_pub_demo(const struct actor *a, const char *zCsv, size_t n, struct buf *pErr){
  struct arena *ar = arena_new();
  char *zAll = arena_strndup(ar, zCsv, n), *zLine, *zNext;
  int nLine = 0, rc = 0;
  for(zLine=zAll; rc==0 && zLine && *zLine; zLine=zNext){
    char *zComma;
    const char **az;
    struct reg_err e;
    i64 id;
    zNext = strchr(zLine, '\n');
    if( zNext ) *zNext++ = 0;
    if( ++nLine==1 || (zComma = strchr(zLine, ','))==0 ) continue;
    *zComma = 0;
    id = (i64)db_int(0, "SELECT id FROM insp_pub WHERE target=?1 AND state='pending'"
                   " AND voided_at IS NULL ORDER BY id", "t", zLine);
    reg_err_init(&e, ar);
    az = reg_values_alloc(ar, &insp_pub_reg);
    zComma[1 + strcspn(zComma + 1, "\r ")] = 0;
    az[U_PUBON] = zComma + 1;
    if( id==0 ){
      buf_appendf(pErr, "第%d行：%s没有待公示的检查结果", nLine, zLine);
      rc = -1;
    }else if( reg_step(&insp_pub_reg, a, id, "publish", az, &e) ){
      buf_appendf(pErr, "第%d行：%s", nLine, reg_err_text(&e));
      rc = -1;
    }
  }
  arena_free(ar);
  return rc;
}
