/*
** permit_rate.c -- 好差评 of 行政许可 (GB/T 39734 一事一评): the applicant
** rates the service of one application, 非常满意 ... 非常不满意, on a public
** page with the application number and the check code printed on the
** 送达回证, no login, rate-limited like the lookup; a rating of 不满意 or
** worse opens a follow-up (整改) due in permit.followup_days working days
** (15 by default), closed by the 法规股 with its outcome.
**
** The ratings are a register of their own (permit_rating) that the case
** handlers (审批股, role approver) cannot read: they see the 满意率 only.
** The rater's address is kept neither in the row nor in the audit entry.
** Ratings are never typed in by staff: a create by anyone but the public
** page is refused, and a rating is never edited.
*/
#include "../common.h"
#include <jansson.h>
#include "../base/arena.h"
#include "../base/buf.h"
#include "../base/calendar.h"
#include "../core/clock.h"
#include "../base/date.h"
#include "../base/json.h"
#include "../base/util.h"
#include "../crypto/rand.h"
#include "../store/db.h"
#include "../web/api.h"
#include "../web/html.h"
#include "../web/req.h"
#include "app.h"
#include "calendar.h"
#include "permit.h"

/* The name the public page writes as (audit entries show it). */
static const char zPublic[] = "public:好差评";

static const char *const azLevel[] = {
  "very_satisfied", "非常满意", "satisfied", "满意", "basic", "基本满意",
  "dissatisfied", "不满意", "very_dissatisfied", "非常不满意", 0
};
static const char *const azRState[] = {
  "none", "无需整改", "open", "整改中", "done", "已整改", 0
};

enum { R_ORG, R_PERMIT, R_ITEM, R_LEVEL, R_COMMENT, R_RATED, R_STATE, R_DUE, R_OUTCOME,
       R_DONE };

static const struct reg_field aRField[] = {
  { "org_id", "受理机关", REG_REF, RF_REQUIRED|RF_FILTER, 0, 0, "org", 0, 0, 20 },
  { "permit_id", "申请", REG_REF, RF_REQUIRED|RF_LIST, 0, 0, "permit", 0, 0, 16 },
  { "item_id", "许可事项", REG_REF, RF_REQUIRED|RF_LIST|RF_FILTER, 0, 0, "permit_item", 0, 0, 30 },
  { "level", "评价", REG_CHOICE, RF_REQUIRED|RF_LIST|RF_FILTER, 0, azLevel, 0, 0, 0, 10 },
  { "comment", "评价意见", REG_TEXT, RF_LONG|RF_SEARCH, 500, 0, 0, 0, 0, 30 },
  { "rated_on", "评价日期", REG_DATE, RF_REQUIRED|RF_LIST|RF_TITLE, 0, 0, 0, 0, 0, 12 },
  { "state", "整改状态", REG_CHOICE, RF_READONLY|RF_LIST|RF_FILTER, 0, azRState, 0, 0, 0, 8 },
  { "due_on", "整改期限", REG_DATE, RF_READONLY|RF_LIST, 0, 0, 0,
    "不满意、非常不满意的评价自评价之日起的工作日数（设置 permit.followup_days）", 0, 12 },
  { "outcome", "整改结果", REG_TEXT, RF_READONLY|RF_REQUIRED|RF_LONG, 1000, 0, 0,
    "核实情况、整改措施和回访结果", 0, 30 },
  { "done_on", "整改办结日期", REG_DATE, RF_READONLY|RF_REQUIRED, 0, 0, 0, 0, 0, 12 },
};

/* True for the levels that open a follow-up. */
static bool rate_bad(const char *zLevel){
  return str_eq(zLevel, "dissatisfied") || str_eq(zLevel, "very_dissatisfied");
}

/* Ratings come from the public page only, once per application, and
** are never edited (the follow-up step changes only its own fields). */
static int rate_check(struct reg_ctx *c){
  if( c->azOld==0 && !str_eq(c->a->zUsername, zPublic) ){
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
  { "resolve", "整改办结", azFromOpen, "done", ROLE_ADMIN|ROLE_LEGAL, azAskResolve, rate_resolve },
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

/* ---- the public page and API ---- */

/* The actor the public page writes as: no user, no address. */
static void rate_actor(struct actor *a){
  actor_cli(a);
  a->zUsername = zPublic;
  a->zIp = "";
}

/* What a rating attempt came to. */
enum { RATE_OK, RATE_NOMATCH, RATE_NOTYET, RATE_INVALID, RATE_LIMIT };

/* Rate the application zNo/zCode with level and comment; e gets the
** field errors.  Returns RATE_*. */
static int rate_submit(struct req *r, const char *zNo, const char *zCode, const char *zLevel,
                       const char *zComment, struct reg_err *e){
  const char *az[REG_MAX_FIELDS] = {0};
  const char *zState = 0;
  struct actor a;
  char zDay[11];
  i64 pid, rid;
  if( !permit_pub_admit(r->zIp) ) return RATE_LIMIT;
  if( zNo==0 ) reg_err_add(e, REG_EINVALID, "number", "请填写申请编号");
  if( zCode==0 ) reg_err_add(e, REG_EINVALID, "code", "请填写查询码");
  if( zLevel==0 ) reg_err_add(e, REG_EINVALID, "level", "请选择评价等级（非常满意、满意、基本满意、不满意、非常不满意）");
  if( e->n ) return RATE_INVALID;
  pid = permit_pub_find(r->arena, zNo, zCode, &zState);
  if( pid==0 ) return RATE_NOMATCH;
  if( str_eq(zState, "received") || str_eq(zState, "correcting") || str_eq(zState, "accepted")
   || str_eq(zState, "paused") ){
    return RATE_NOTYET;
  }
  az[R_ORG] = db_text(r->arena, 0, "SELECT CAST(org_id AS TEXT) FROM permit WHERE id=?1", "i", pid);
  az[R_PERMIT] = arena_printf(r->arena, "%lld", (long long)pid);
  az[R_ITEM] = db_text(r->arena, 0, "SELECT CAST(item_id AS TEXT) FROM permit WHERE id=?1", "i", pid);
  az[R_LEVEL] = zLevel;
  az[R_COMMENT] = zComment && zComment[0] ? zComment : 0;
  az[R_RATED] = date_format(date_today(), zDay);
  rate_actor(&a);
  return reg_create(&permit_rating_reg, &a, az, &rid, e) ? RATE_INVALID : RATE_OK;
}

static const char zNoMatch[] = "未找到与该申请编号和查询码相符的申请，请核对后再试";
static const char zNotYet[] = "该申请尚未办结，作出决定后才能评价";
static const char zLimit[] = "提交过于频繁，请一分钟后再试";

/* The message under a field, when it has one. */
static void rate_err(struct req *r, const char *zErr){
  if( zErr ) H(r, "<div class='err'>%h</div>", zErr);
}

/* The rating form (values kept after an error, errors beside fields). */
static void rate_form(struct req *r, const struct reg_err *e, const char *zNo,
                      const char *zLevel, const char *zComment){
  char zTok[65];
  int i;
  const char *zErr;
  const char *zHave = req_cookie(r, "fazhi_rate");
  if( zHave && strlen(zHave)==64 && strspn(zHave, "0123456789abcdef")==64 ){
    memcpy(zTok, zHave, 65);          /* the browser's token stays for its next try */
  }else{
    rand_token_hex(zTok);
  }
  req_set_cookie(r, "fazhi_rate", zTok, 3600);
  H(r, "<form method='post' action='/public/permits/rate' class='rate'>"
       "<input type='hidden' name='t' value='%a'>", zTok);
  zErr = e ? reg_err_of(e, "number") : 0;
  H(r, "<div class='field%s'><label for='f-no'>申请编号</label>"
       "<input id='f-no' name='number' required maxlength='30' value='%a'>",
    zErr ? " has-err" : "", zNo ? zNo : "");
  rate_err(r, zErr);
  zErr = e ? reg_err_of(e, "code") : 0;
  H(r, "</div><div class='field%s'><label for='f-code'>查询码</label>"
       "<input id='f-code' name='code' required maxlength='12' autocomplete='off'>",
    zErr ? " has-err" : "");
  rate_err(r, zErr);
  zErr = e ? reg_err_of(e, "level") : 0;
  H(r, "</div><fieldset class='field%s'><legend>评价</legend>", zErr ? " has-err" : "");
  for(i=0; azLevel[i]; i+=2){
    H(r, "<label><input type='radio' name='level' value='%a'%s> %h</label> ", azLevel[i],
      str_eq(zLevel, azLevel[i]) ? " checked" : "", azLevel[i+1]);
  }
  rate_err(r, zErr);
  zErr = e ? reg_err_of(e, "comment") : 0;
  H(r, "</fieldset><div class='field%s'><label for='f-comment'>意见建议（选填）</label>"
       "<textarea id='f-comment' name='comment' maxlength='500'>%h</textarea>",
    zErr ? " has-err" : "", zComment ? zComment : "");
  rate_err(r, zErr);
  H(r, "</div><button type='submit'>提交评价</button></form>"
       "<p>申请编号和查询码见受理通知书和送达回证。每件申请评价一次；评价人信息严格保密，"
       "经办人员看不到评价人和评价内容的对应关系。</p>");
}

/* GET and POST /public/permits/rate. */
void permit_rate_page(struct req *r){
  bool bPost = strcmp(r->zMethod, "POST")==0;
  const char *zNo = req_param_trim(r, "number"), *zCode = req_param_trim(r, "code");
  const char *zLevel = req_param_trim(r, "level"), *zComment = req_param_trim(r, "comment");
  struct reg_err e;
  int rc = -1;
  reg_err_init(&e, r->arena);
  if( bPost ){
    const char *zTok = req_param(r, "t"), *zCookie = req_cookie(r, "fazhi_rate");
    if( zTok==0 || zCookie==0 || !str_eq(zTok, zCookie) ){
      /* the double-submitted token of this browser's form: no cross-site posts */
      r->status = 403;
      rc = -2;
    }else{
      rc = rate_submit(r, zNo, zCode, zLevel, zComment, &e);
      r->status = rc==RATE_OK ? 200 : rc==RATE_NOMATCH ? 404 : rc==RATE_NOTYET ? 409
                : rc==RATE_LIMIT ? 429 : reg_err_status(e.eKind);
      if( rc==RATE_LIMIT ) req_add_header(r, "Retry-After", "60");
    }
  }
  html_begin_bare(r, "行政许可服务评价");
  H(r, "<h1>行政许可服务评价</h1>");
  if( rc==RATE_OK ){
    H(r, "<p class='ok'>评价已提交，感谢您的评价！</p>");
    html_end_bare(r);
    return;
  }
  if( rc==-2 ) H(r, "<p class='err'>页面已过期或不是从本站提交，请重新填写后提交</p>");
  if( rc==RATE_NOMATCH ) H(r, "<p class='err'>%h</p>", zNoMatch);
  if( rc==RATE_NOTYET ) H(r, "<p class='err'>%h</p>", zNotYet);
  if( rc==RATE_LIMIT ) H(r, "<p class='err'>%h</p>", zLimit);
  if( rc==RATE_INVALID ) H(r, "<p class='err'>%h</p>", reg_err_text(&e));
  rate_form(r, rc==RATE_INVALID ? &e : 0, bPost ? zNo : 0, zLevel, zComment);
  html_end_bare(r);
}

/* POST /api/v1/public/permits/rate {number, code, level, comment}. */
void permit_rate_api(struct req *r){
  static const char *const azKey[] = { "number", "code", "level", "comment", 0 };
  json_t *pBody = api_body(r);
  const char *zNo = 0, *zCode = 0, *zLevel = 0, *zComment = 0;
  struct buf err = BUF_INIT;
  struct reg_err e;
  struct json_w j;
  int rc;
  if( pBody==0 ) return;
  reg_err_init(&e, r->arena);
  if( json_check_keys(pBody, azKey, &err) || json_get_str(pBody, "number", false, &zNo, &err)<0
   || json_get_str(pBody, "code", false, &zCode, &err)<0
   || json_get_str(pBody, "level", false, &zLevel, &err)<0
   || json_get_str(pBody, "comment", false, &zComment, &err)<0 ){
    api_error(r, 400, "bad_request", err.buf, 0);
    buf_release(&err);
    json_decref(pBody);
    return;
  }
  rc = rate_submit(r, zNo, zCode, zLevel, zComment, &e);
  if( rc==RATE_OK ){
    r->status = 201;
    api_begin(r, &j);
    json_obj_open(&j, 0);
    json_str(&j, "message", "评价已提交，感谢您的评价");
    json_obj_close(&j);
  }else if( rc==RATE_LIMIT ){
    req_add_header(r, "Retry-After", "60");
    api_error(r, 429, "rate_limited", zLimit, 0);
  }else if( rc==RATE_NOMATCH ){
    api_error(r, 404, "not_found", zNoMatch, 0);
  }else if( rc==RATE_NOTYET ){
    api_error(r, 409, "conflict", zNotYet, 0);
  }else{
    api_error(r, reg_err_status(e.eKind), reg_err_code(e.eKind), reg_err_text(&e),
              e.n ? e.a[0].zField : 0);
  }
  buf_release(&err);
  json_decref(pBody);
}
