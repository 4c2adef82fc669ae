/*
** insp_rate.c -- 检查评价: the inspected party rates an inspection through
** the code printed on the 现场检查笔录 (检查编号 and 评价码), on a public page
** without signing in (the record's declared public pages, reg/public.h:
** /public/inspections and /public/inspections/rate, rate-limited per
** address).
**
** The ratings are a register of their own (insp_rating) that the
** inspectors (执法人员) cannot read at all; the 法规股 reads them, and the
** poor ones (不满意, 非常不满意) are marked 差评 and listed apart
** (/insp-ratings?poor=1, `fazhi insp-rating list --poor 1`).  Nothing of
** the rater is kept: no account, no address, in neither the row nor the
** audit entry.  A rating comes only from the public page, once per
** inspection, and is never changed.
*/
#include "../../common.h"
#include "../../base/arena.h"
#include "../../base/date.h"
#include "../../base/util.h"
#include "../../crypto/rand.h"
#include "../../core/app.h"
#include "../../store/db.h"
#include "../../reg/public.h"
#include "insp_pub.h"

static const char *const azLevel[] = {
  "very_satisfied", "非常满意", "satisfied", "满意", "basic", "基本满意",
  "dissatisfied", "不满意", "very_dissatisfied", "非常不满意", 0
};

#define IRATE_FIELDS(X) \
  X(V_ORG, .zKey = "org_id", .zLabel = "检查单位", .eType = REG_REF, \
    .mFlags = RF_REQUIRED|RF_FILTER|RF_NOIO, .zRef = "org", .nWidth = 20) \
  X(V_RECORD, .zKey = "record_id", .zLabel = "检查记录", .eType = REG_REF, \
    .mFlags = RF_REQUIRED|RF_LIST|RF_NOIO, .zRef = "insp_record", .nWidth = 24) \
  X(V_LEVEL, .zKey = "level", .zLabel = "评价", .eType = REG_CHOICE, \
    .mFlags = RF_REQUIRED|RF_LIST|RF_FILTER, .azChoice = azLevel, .nWidth = 10) \
  X(V_POOR, .zKey = "poor", .zLabel = "差评", .eType = REG_BOOL, \
    .mFlags = RF_READONLY|RF_LIST|RF_FILTER, .zHelp = "评价为不满意或非常不满意", .nWidth = 6) \
  X(V_COMMENT, .zKey = "comment", .zLabel = "评价意见", .eType = REG_TEXT, \
    .mFlags = RF_LONG|RF_SEARCH, .nMax = 500, .nWidth = 30) \
  X(V_RATED, .zKey = "rated_on", .zLabel = "评价日期", .eType = REG_DATE, \
    .mFlags = RF_REQUIRED|RF_LIST|RF_TITLE, .nWidth = 12)

enum { IRATE_FIELDS(REG_FIELD_ENUM) V_NFIELD };
static const struct reg_field aVField[] = { IRATE_FIELDS(REG_FIELD_INIT) };

/* A rating is made by the public page once per inspection and stays as
** given. */
static int irate_check(struct reg_ctx *c){
  const char *zWhy = 0;
  int eKind = REG_EDENIED;
  if( c->azOld ){
    zWhy = "检查评价不能修改";
  }else if( !actor_is_public(c->a) ){
    zWhy = "检查评价只能由被检查对象在评价页面提交，不能代为录入";
  }else if( db_exists("SELECT 1 FROM insp_rating WHERE record_id=?1", "i",
                      c->azNew[V_RECORD] ? atoll(c->azNew[V_RECORD]) : 0) ){
    zWhy = "该次检查已评价，每次检查只能评价一次";
    eKind = REG_ECONFLICT;
  }
  if( zWhy ) reg_err_add(c->pErr, eKind, "record_id", "%s", zWhy);
  return zWhy ? -1 : 0;
}

/* 差评: 不满意 or 非常不满意. */
static void irate_derive(struct reg_ctx *c){
  const char *z = c->azNew[V_LEVEL];
  c->azNew[V_POOR] = str_eq(z, "dissatisfied") || str_eq(z, "very_dissatisfied") ? "1" : "0";
}

const struct reg_def insp_rating_reg = {
  .zName = "insp_rating", .zTable = "insp_rating", .zSeg = "insp-ratings",
  .zCmd = "insp-rating", .zTitle = "检查评价", .zListTitle = "行政检查评价",
  .zNavGroup = "双随机检查", .zOrgField = "org_id",
  .mRead = ROLE_ADMIN|ROLE_LEADER|ROLE_LEGAL|ROLE_AUDITOR, .mWrite = ROLE_ADMIN|ROLE_LEGAL,
  .mFull = ROLE_ADMIN|ROLE_LEGAL,
  .aField = aVField, .nField = (int)COUNT(aVField),
  .eDelete = REG_DEL_NONE, .zOrder = "t.rated_on DESC, t.id DESC",
  .xCheck = irate_check, .xDerive = irate_derive, .zCounter = "条",
};

/* ---- the record's public pages (reg/public.h) ---- */

/* A field of the record found (NULL when empty). */
static const char *irate_f(const struct reg_def *d, const struct reg_rec *p, const char *zKey){
  int i = reg_field_index(d, zKey);
  return i<0 ? 0 : p->az[i];
}

/* A rating of the inspection found, rated today; refused (409) until the
** inspection was carried out. */
static int irate_fill(const struct reg_def *d, const struct reg_rec *pFound,
                      const char **azRating, struct arena *ar, struct reg_err *e){
  char zDay[11];
  if( irate_f(d, pFound, "inspect_on")==0 ){
    reg_err_add(e, REG_ECONFLICT, 0, "该次检查尚未实施，现场检查后才能评价");
    return -1;
  }
  azRating[V_ORG] = irate_f(d, pFound, "org_id");
  azRating[V_RECORD] = arena_printf(ar, "%lld", (long long)pFound->id);
  azRating[V_RATED] = arena_strdup(ar, date_format(date_today(), zDay));
  return 0;
}

static const struct reg_public_rate inspRate = {
  .zTitle = "行政检查评价",
  .zRating = "insp_rating",
  .zLevelField = "level",
  .zLevelPrompt = "请选择评价等级（非常满意、满意、基本满意、不满意、非常不满意）",
  .zCommentField = "comment", .zCommentLabel = "意见建议（选填）",
  .zNote = "检查编号和评价码见现场检查笔录。每次检查评价一次，无需登录；评价人信息严格保密，"
           "检查人员看不到评价人和评价内容。",
  .zDone = "评价已提交，感谢您对行政检查工作的监督！",
  .zDoneApi = "评价已提交，感谢您的评价",
  .xFill = irate_fill,
};

/* 整改情况 of a record, for the public. */
static const char *irate_rectify(struct arena *ar, const struct reg_def *d, const struct reg_rec *p){
  const char *zState = irate_f(d, p, "status");
  (void)ar;
  if( irate_f(d, p, "inspect_on")==0 ) return "尚未检查";
  if( str_eq(zState, "rectifying") ) return "整改中";
  if( irate_f(d, p, "rectify_on") ){
    return str_eq(irate_f(d, p, "recheck_result"), "done") ? "已整改" : "整改中";
  }
  return "无需整改";
}

static const struct reg_public_show aLookupShow[] = {
  { .zKey = "number", .zLabel = "检查编号", .zField = "number" },
  { .zKey = "target", .zLabel = "检查对象", .zField = "target_id" },
  { .zKey = "type", .zLabel = "检查类型", .zField = "insp_type" },
  { .zKey = "date", .zLabel = "检查日期", .zField = "inspect_on" },
  { .zKey = "state", .zLabel = "办理状态", .zField = "status" },
  { .zKey = "rectification", .zLabel = "整改情况", .xValue = irate_rectify },
};

const struct reg_public insp_record_public = {
  .zSeg = "inspections",
  .zLimit = "insp_public", .nLimit = 20, .nWindow = 60,   /* lookups and ratings share it */
  .zTitle = "行政检查查询",
  .zNumberField = "number", .zCodeField = "rate_code",
  .zHelp = "检查编号和评价码见现场检查笔录。",
  .zNoMatch = "未找到与该检查编号和评价码相符的检查，请核对后再试",
  .aShow = aLookupShow, .nShow = (int)COUNT(aLookupShow),
  .pRate = &inspRate,
};

/* The rating code: 8 characters no one misreads (no 0/O, 1/I/L). */
void insp_rate_derive(struct reg_ctx *c){
  static const char zAlpha[] = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
  int i = reg_field_index(c->d, "rate_code"), k;
  char zCode[9];
  if( i<0 || c->azNew[i] ) return;
  for(k=0; k<8; k++) zCode[k] = zAlpha[rand_below(sizeof(zAlpha) - 1)];
  zCode[8] = 0;
  c->azNew[i] = arena_strdup(c->ar, zCode);
}
