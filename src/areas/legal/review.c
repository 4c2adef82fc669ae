/*
** review.c -- 合法性审核: submissions of contracts, 规范性文件 drafts,
** 重大行政决策 drafts and 重大执法决定 to the 法律顾问 or the 法规股, the
** declaration and the rules no declaration can hold.
**
** States: submitted 送审 -> reviewing 审核中 (take) -> passed 通过 (pass,
** opinion 合法 or 修改后合法) | returned 退回修改 (return) | rejected 不通过
** (reject, opinion 不合法); returned -> submitted (resubmit: the next
** round, a new due date); a contract passed -> signed 已签订 (sign: the
** gate wants the review passed).  The 规范性文件 and 重大行政决策 registers
** gate their own steps on a passed review of theirs (aNeedRec).
**
** The due date: a declared deadline on the clock (core/clock.h): the
** latest round's submission day plus the kind's working days (settings
** review.days.<kind>), on the calendar in force.
**
** The revision rounds are a child register (review_round_reg, "rounds"):
** each round's number, submission day, the version's name and its
** document (doc_file, an attachment of the round: the kernel's file routes
** for children, /reviews/:id/rounds/:cid/files/doc_file), the opinion text
** and the day it was returned.  Every upload stays in the file store with
** its own file_ref row (name, time, uploader), so every version of every
** round is kept.  A new review records round 1, an imported one too (in
** the import's transaction and audit batch, unless the workbook's rounds
** sheet gives its rounds); step return writes the opinion onto the latest
** round; step resubmit adds the next round (the review's own submitted_on
** stays the first submission).  The kernel gives the rounds' table, routes,
** files, command and sheet.
*/
#include "../../common.h"
#include "../../base/arena.h"
#include "../../base/buf.h"
#include "../../base/calendar.h"
#include "../../base/date.h"
#include "../../base/util.h"
#include "../../store/db.h"
#include "../../web/html.h"
#include "../../web/req.h"
#include "../../core/app.h"
#include "../../core/cal.h"
#include "../../core/clock.h"
#include "../../core/files.h"
#include "../../reg/view.h"
#include "review.h"

static const char *const azKind[] = {
  "contract", "合同", "normdoc", "规范性文件", "decision", "重大行政决策",
  "enforcement", "重大执法决定", 0
};
static const char *const azReviewer[] = { "adviser", "法律顾问", "office", "法规股", 0 };
static const char *const azOpinion[] = {
  "legal", "合法", "amend", "修改后合法", "illegal", "不合法", 0
};
static const char *const azStatus[] = {
  "submitted", "送审", "reviewing", "审核中", "passed", "通过", "returned", "退回修改",
  "rejected", "不通过", "signed", "已签订", 0
};
static const char *const azOffice[] = { "office", 0 };
static const char *const azIsAdviser[] = { "adviser", 0 };

#define REVIEW_FIELDS(X) \
  X(R_OFFICE, .zKey = "office_id", .zLabel = "送审股室", .eType = REG_REF, \
    .mFlags = RF_REQUIRED|RF_FILTER, .zRef = "org", .nWidth = 14, \
    .zRefKind = "kind", .azRefKind = azOffice, .zRefKindLabel = "股室") \
  X(R_TITLE, .zKey = "title", .zLabel = "送审事项", .eType = REG_TEXT, \
    .mFlags = RF_REQUIRED|RF_LIST|RF_SEARCH|RF_TITLE, .nMax = 100, .nWidth = 36, \
    .zHelp = "合同、文件或决策的名称") \
  X(R_KIND, .zKey = "kind", .zLabel = "类别", .eType = REG_CHOICE, \
    .mFlags = RF_REQUIRED|RF_LIST|RF_FILTER, .azChoice = azKind, .nWidth = 12) \
  X(R_DOC, .zKey = "doc_ref", .zLabel = "送审稿", .eType = REG_TEXT, .nMax = 200, \
    .mFlags = RF_SEARCH, .nWidth = 24, .zHelp = "送审稿的文号或名称") \
  X(R_REVIEWER, .zKey = "reviewer", .zLabel = "审核人", .eType = REG_CHOICE, \
    .mFlags = RF_REQUIRED|RF_FILTER, .azChoice = azReviewer, .nWidth = 10) \
  X(R_ADVISER, .zKey = "adviser_id", .zLabel = "法律顾问", .eType = REG_REF, \
    .mFlags = RF_LIST|RF_FILTER, .zRef = "adviser", .nWidth = 16, \
    .zRequiredIf = "reviewer", .azRequiredIs = azIsAdviser, .zHelp = "审核人为法律顾问时填写") \
  X(R_SUBMITTED, .zKey = "submitted_on", .zLabel = "送审日期", .eType = REG_DATE, \
    .mFlags = RF_REQUIRED, .nWidth = 12) \
  X(R_DUE, .zKey = "due_on", .zLabel = "审核期限", .eType = REG_DATE, \
    .mFlags = RF_READONLY|RF_LIST, .nWidth = 12, \
    .zHelp = "按类别的审核期限（工作日，系统设置）自送审次日起计算") \
  X(R_ROUND, .zKey = "rev_round", .zLabel = "送审轮次", .eType = REG_INT, \
    .mFlags = RF_READONLY, REG_RANGE(1, 99), .nWidth = 8) \
  X(R_OPINION, .zKey = "opinion", .zLabel = "审核结论", .eType = REG_CHOICE, \
    .mFlags = RF_READONLY|RF_LIST|RF_FILTER, .azChoice = azOpinion, .nWidth = 10) \
  X(R_TEXT, .zKey = "opinion_text", .zLabel = "审核意见", .eType = REG_TEXT, \
    .mFlags = RF_READONLY|RF_LONG|RF_SEARCH, .nMax = 2000, .nWidth = 40) \
  X(R_REVIEWED, .zKey = "reviewed_on", .zLabel = "审核完成日期", .eType = REG_DATE, \
    .mFlags = RF_READONLY, .nWidth = 12, .zNotBefore = "submitted_on") \
  X(R_SIGNED, .zKey = "signed_on", .zLabel = "合同签订日期", .eType = REG_DATE, \
    .mFlags = RF_READONLY, .nWidth = 12, .zNotBefore = "reviewed_on") \
  X(R_STATUS, .zKey = "status", .zLabel = "状态", .eType = REG_CHOICE, \
    .mFlags = RF_READONLY|RF_LIST|RF_FILTER, .azChoice = azStatus, .nWidth = 8)

enum { REVIEW_FIELDS(REG_FIELD_ENUM) R_NFIELD };

static const struct reg_field aField[] = { REVIEW_FIELDS(REG_FIELD_INIT) };

/* ---- the revision rounds (child) ---- */

#define ROUND_FIELDS(X) \
  X(V_OFFICE, .zKey = "office_id", .zLabel = "送审股室", .eType = REG_REF, \
    .mFlags = RF_READONLY|RF_NOIO, .zRef = "org", .nWidth = 14) \
  X(V_REVIEW, .zKey = "review_id", .zLabel = "合法性审核", .eType = REG_REF, \
    .mFlags = RF_READONLY|RF_REQUIRED, .zRef = "review", .nWidth = 16) \
  X(V_NO, .zKey = "round_no", .zLabel = "轮次", .eType = REG_INT, \
    .mFlags = RF_REQUIRED|RF_LIST, REG_RANGE(1, 99), .nWidth = 6) \
  X(V_SUBMITTED, .zKey = "submitted_on", .zLabel = "送审日期", .eType = REG_DATE, \
    .mFlags = RF_REQUIRED|RF_LIST, .nWidth = 12) \
  X(V_DOC, .zKey = "doc_ref", .zLabel = "送审稿", .eType = REG_TEXT, .nMax = 200, \
    .mFlags = RF_LIST, .nWidth = 24, .zHelp = "本轮送审稿的名称或文号") \
  X(V_DOC_FILE, .zKey = "doc_file", .zLabel = "送审稿（文件）", .eType = REG_FILE, \
    .mFlags = RF_READONLY|RF_NOIO, \
    .zHelp = "本轮送审稿（办公文档或 PDF）；每次上传的版本都保存在文件库中") \
  X(V_TEXT, .zKey = "opinion_text", .zLabel = "审核意见", .eType = REG_TEXT, \
    .mFlags = RF_LONG|RF_LIST, .nMax = 2000, .nWidth = 40) \
  X(V_RETURNED, .zKey = "returned_on", .zLabel = "退回日期", .eType = REG_DATE, \
    .mFlags = RF_LIST, .nWidth = 12, .zNotBefore = "submitted_on")

enum { ROUND_FIELDS(REG_FIELD_ENUM) V_NFIELD };

static const struct reg_field aRoundField[] = { ROUND_FIELDS(REG_FIELD_INIT) };

/* The round's document: an office document or a PDF, 20 MB. */
static const struct reg_file_rule aRoundFile[] = {
  { "doc_file", FILE_OFFICE|FILE_PDF, (i64)20*1024*1024, false },
  { 0, 0, 0, false }
};

const struct reg_def review_round_reg = {
  .zName = "review_round", .zTable = "review_round", .zSeg = 0, .zCmd = "review-round",
  .zTitle = "送审轮次", .zListTitle = "送审和修改轮次", .zNavGroup = "法制审核",
  .zOrgField = "office_id",
  .mRead = 0, .mWrite = ROLE_ADMIN|ROLE_LEGAL, .mFull = ROLE_ADMIN|ROLE_LEGAL,
  .aField = aRoundField, .nField = (int)COUNT(aRoundField),
  .eDelete = REG_DEL_VOID, .zOrder = "t.round_no, t.id",
  .zCounter = "轮",
  .zParentField = "review_id",
  .aFileRule = aRoundFile,
};

static const struct reg_child aReviewChild[] = {
  { &review_round_reg, "rounds" },
};

/* The latest round of review id (the highest number), or NULL. */
static const struct reg_rec *review_latest(i64 id, struct arena *ar){
  struct reg_rec *aRec = 0, *pBest = 0;
  int n = 0, i;
  i64 best = 0, v;
  if( id==0 ) return 0;
  reg_children(&review_reg, id, "rounds", ar, &aRec, &n);
  for(i=0; i<n; i++){
    if( aRec[i].az[V_NO] && str_to_i64(aRec[i].az[V_NO], 1, 99, &v)==0 && v>=best ){
      best = v;
      pBest = &aRec[i];
    }
  }
  return pBest;
}

int review_days(const char *zKind){
  if( str_eq(zKind, "contract") ) return (int)setting_int("review.days.contract", 7);
  if( str_eq(zKind, "normdoc") ) return (int)setting_int("review.days.normdoc", 10);
  if( str_eq(zKind, "decision") ) return (int)setting_int("review.days.decision", 10);
  return (int)setting_int("review.days.enforcement", 5);
}

/* The review's deadline, declared below: the kind's working days (the
** settings review.days.*) from the latest round's submission day (the
** review's own before its first round is written), on the clock.
** The kernel derives due_on on every write, lists what is due, explains it
** and recomputes it when the calendar changes. */
static int review_due(const struct calendar *cal, const struct reg_def *d, i64 id,
                      const char **az, struct arena *ar, int *pDue, struct buf *pEx,
                      struct buf *pErr){
  struct clock_spec s;
  int day;
  const struct reg_rec *pLast = review_latest(id, ar);
  const char *zFrom = pLast && pLast->az[V_SUBMITTED] ? pLast->az[V_SUBMITTED] : az[R_SUBMITTED];
  (void)d;
  if( zFrom==0 || date_parse(zFrom, &day) ){
    *pDue = 0;
    return 0;
  }
  memset(&s, 0, sizeof(s));
  s.start = day;
  s.n = review_days(az[R_KIND]);
  s.eUnit = CLOCK_WORKDAY;
  return clock_due(cal, &s, pDue, pEx, pErr);
}

/* Rules across fields: a review by an adviser names one, by the 法规股
** none; the kind is fixed once the review began (the gates of the other
** registers read it); a new submission is round 1 with its due date; the
** review is finished no earlier than its latest round came in. */
static int review_check(struct reg_ctx *c){
  if( str_eq(c->azNew[R_REVIEWER], "office") ) c->azNew[R_ADVISER] = 0;
  if( c->azOld && !str_eq(c->azOld[R_STATUS], "submitted")
   && !str_eq(c->azOld[R_KIND], c->azNew[R_KIND]) ){
    reg_err_add(c->pErr, REG_EINVALID, "kind", "审核开始后不能更改类别");
    return -1;
  }
  if( c->azOld==0 ) c->azNew[R_ROUND] = "1";
  if( c->azNew[R_REVIEWED] ){
    const struct reg_rec *pLast = review_latest(c->id, c->ar);
    const char *zFrom = pLast ? pLast->az[V_SUBMITTED] : 0;
    if( zFrom && strcmp(c->azNew[R_REVIEWED], zFrom)<0 ){
      reg_err_add(c->pErr, REG_EINVALID, "reviewed_on", "审核完成日期不能早于本轮送审日期 %s",
                  zFrom);
      return -1;
    }
  }
  return 0;
}

/* Record round 1 of the review c writes when it has no round yet: from
** its submission day and document (an import too: the kernel writes the
** round in the import's transaction, its entry in the import's batch). */
static int review_first_round(struct reg_ctx *c){
  const char *az[V_NFIELD] = {0};
  i64 cid;
  if( c->id==0 || review_latest(c->id, c->ar) ) return 0;
  az[V_NO] = "1";
  az[V_SUBMITTED] = c->azOld ? c->azOld[R_SUBMITTED] : c->azNew[R_SUBMITTED];
  az[V_DOC] = c->azOld ? c->azOld[R_DOC] : c->azNew[R_DOC];
  return reg_child_add(c, "rounds", az, &cid);
}

/* After a write: the review has its round 1. */
static int review_after(struct reg_ctx *c){
  return review_first_round(c);
}

/* Step pass: the opinion is 合法 or 修改后合法. */
static int review_pass(struct reg_ctx *c){
  if( !str_eq(c->azNew[R_OPINION], "legal") && !str_eq(c->azNew[R_OPINION], "amend") ){
    reg_err_add(c->pErr, REG_EINVALID, "opinion", "审核通过时，审核结论应为“合法”或“修改后合法”");
    return -1;
  }
  return 0;
}

/* Step reject: the opinion is 不合法. */
static int review_reject(struct reg_ctx *c){
  c->azNew[R_OPINION] = "illegal";
  return 0;
}

/* Step return: the draft goes back with the reviewer's opinion, written
** onto the latest round with the day it was returned; no conclusion yet. */
static int review_return(struct reg_ctx *c){
  const struct reg_rec *pLast;
  const char *az[V_NFIELD] = {0};
  bool abSet[V_NFIELD] = {0};
  c->azNew[R_OPINION] = 0;
  if( review_first_round(c) ) return -1;
  pLast = review_latest(c->id, c->ar);
  if( pLast==0 ) return 0;
  az[V_TEXT] = c->azNew[R_TEXT];
  az[V_RETURNED] = c->azNew[R_REVIEWED];
  abSet[V_TEXT] = abSet[V_RETURNED] = true;
  return reg_child_set(c, "rounds", pLast->id, az, abSet);
}

/* Step resubmit: the next round, due from the new submission day. */
static int review_resubmit(struct reg_ctx *c){
  const char *az[V_NFIELD] = {0};
  i64 n = 1, cid;
  if( c->azOld[R_ROUND] ) str_to_i64(c->azOld[R_ROUND], 1, 99, &n);
  if( n>=99 ){
    reg_err_add(c->pErr, REG_EINVALID, "rev_round", "送审轮次已达上限");
    return -1;
  }
  if( c->azNew[R_SUBMITTED] && c->azOld[R_REVIEWED]
   && strcmp(c->azNew[R_SUBMITTED], c->azOld[R_REVIEWED])<0 ){
    reg_err_add(c->pErr, REG_EINVALID, "submitted_on", "重新送审日期不得早于退回日期 %s",
                c->azOld[R_REVIEWED]);
    return -1;
  }
  if( review_first_round(c) ) return -1;
  c->azNew[R_ROUND] = arena_printf(c->ar, "%lld", (long long)(n+1));
  c->azNew[R_OPINION] = 0;
  c->azNew[R_TEXT] = 0;
  c->azNew[R_REVIEWED] = 0;
  /* the new round holds its day and version; the first submission stays */
  az[V_NO] = c->azNew[R_ROUND];
  az[V_SUBMITTED] = c->azNew[R_SUBMITTED] ? c->azNew[R_SUBMITTED] : c->azOld[R_SUBMITTED];
  az[V_DOC] = c->azNew[R_DOC];
  c->azNew[R_SUBMITTED] = c->azOld[R_SUBMITTED];
  return reg_child_add(c, "rounds", az, &cid);  /* the deadline follows the new round */
}

/* Step sign: only a contract is signed. */
static int review_sign(struct reg_ctx *c){
  if( !str_eq(c->azNew[R_KIND], "contract") ){
    reg_err_add(c->pErr, REG_EINVALID, "kind", "只有类别为“合同”的送审事项可以标记签订");
    return -1;
  }
  return 0;
}

static const char *const azFromSubmitted[] = { "submitted", 0 };
static const char *const azFromReviewing[] = { "reviewing", 0 };
static const char *const azFromReturned[] = { "returned", 0 };
static const char *const azFromSign[] = { "submitted", "reviewing", "returned", "passed", 0 };
static const char *const azAskPass[] = { "opinion", "opinion_text", "reviewed_on", 0 };
static const char *const azAskReturn[] = { "opinion_text", "reviewed_on", 0 };
static const char *const azAskResubmit[] = { "submitted_on", "doc_ref", 0 };
static const char *const azAskSign[] = { "signed_on", 0 };
static const char *const azNeedPass[] = { "opinion", "reviewed_on", 0 };
static const char *const azNeedReturn[] = { "opinion_text", "reviewed_on", 0 };
static const char *const azNeedSign[] = { "signed_on", 0 };
static const char *const azAfterPass[] = { "pass", 0 };

#define REVIEW_ROLES (ROLE_ADMIN|ROLE_LEGAL)

static const struct reg_step aStep[] = {
  { .zVerb = "take", .zLabel = "开始审核", .azFrom = azFromSubmitted, .zTo = "reviewing",
    .mRoles = REVIEW_ROLES },
  { .zVerb = "pass", .zLabel = "审核通过", .azFrom = azFromReviewing, .zTo = "passed",
    .mRoles = REVIEW_ROLES, .azAsk = azAskPass, .azNeed = azNeedPass, .xRule = review_pass },
  { .zVerb = "return", .zLabel = "退回修改", .azFrom = azFromReviewing, .zTo = "returned",
    .mRoles = REVIEW_ROLES, .azAsk = azAskReturn, .azNeed = azNeedReturn,
    .xRule = review_return },
  { .zVerb = "reject", .zLabel = "审核不通过", .azFrom = azFromReviewing, .zTo = "rejected",
    .mRoles = REVIEW_ROLES, .azAsk = azAskReturn, .azNeed = azNeedReturn,
    .xRule = review_reject },
  { .zVerb = "resubmit", .zLabel = "修改后重新送审", .azFrom = azFromReturned,
    .zTo = "submitted", .mRoles = REVIEW_ROLES, .azAsk = azAskResubmit,
    .xRule = review_resubmit },
  { .zVerb = "sign", .zLabel = "标记合同已签订", .azFrom = azFromSign, .zTo = "signed",
    .mRoles = REVIEW_ROLES, .azAsk = azAskSign, .azNeed = azNeedSign, .azAfter = azAfterPass,
    .xRule = review_sign },
};

static const char *const azReviewOpen[] = { "submitted", "reviewing", 0 };
static const struct reg_deadline aReviewDeadline[] = {
  { .zLabel = "审核期限", .zStartField = "submitted_on", .zDueField = "due_on",
    .eUnit = CLOCK_WORKDAY, .azOpen = azReviewOpen, .xCompute = review_due },
};

const struct reg_def review_reg = {
  .zName = "review", .zTable = "review", .zSeg = "reviews", .zCmd = "review",
  .zTitle = "合法性审核", .zListTitle = "合法性审核", .zNavGroup = "法制审核",
  .zOrgField = "office_id",
  .mRead = 0, .mWrite = REVIEW_ROLES, .mFull = REVIEW_ROLES,
  .aField = aField, .nField = (int)COUNT(aField),
  .zStateField = "status", .zInitial = "submitted",
  .aStep = aStep, .nStep = (int)COUNT(aStep),
  .eDelete = REG_DEL_VOID,
  .zOrder = "t.submitted_on DESC, t.id DESC",
  .xCheck = review_check, .xAfter = review_after,
  .zCounter = "件",
  .aDeadline = aReviewDeadline, .nDeadline = (int)COUNT(aReviewDeadline),
  .aChild = aReviewChild, .nChild = (int)COUNT(aReviewChild),
};

/* ---- the adviser's yearly evaluation: a view keyed by adviser ---- */

/* The reviews of each adviser in the year (by submission day, up to the
** as-of day), counted by the kernel from these declarations. */
#define EVAL_COUNT .eType = VIEW_NUM, .zClass = "num", .zCount = "review", \
  .zCountRef = "adviser_id", .zCountDate = "submitted_on"
static const struct view_col aEvalCol[] = {
  { .zKey = "reviews", .zLabel = "审核件数", EVAL_COUNT },
  { .zKey = "on_time", .zLabel = "按期完成", EVAL_COUNT,
    .zCountIf = "t.reviewed_on IS NOT NULL AND t.reviewed_on<=t.due_on" },
  { .zKey = "legal", .zLabel = "合法", EVAL_COUNT, .zCountIf = "t.opinion='legal'" },
  { .zKey = "amend", .zLabel = "修改后合法", EVAL_COUNT, .zCountIf = "t.opinion='amend'" },
  { .zKey = "illegal", .zLabel = "不合法", EVAL_COUNT, .zCountIf = "t.opinion='illegal'" },
  { .zKey = "open", .zLabel = "审核中", EVAL_COUNT, .zCountIf = "t.reviewed_on IS NULL" },
};

const struct view_def adviser_eval_view = {
  .zName = "adviser_eval", .zTitle = "法律顾问履职评价", .zPath = "adviser-evaluation",
  .zCmd = "adviser-eval",
  .zAbout = "  每名法律顾问该年度（送审日期在该年、截至数据截至日）审核的合法性审核件数、\n"
            "  按期完成件数、各审核结论的件数和审核中的件数。\n",
  .mParam = VIEW_P_YEAR, .zRowReg = "adviser", .zRowLabel = "法律顾问",
  .aCol = aEvalCol, .nCol = (int)COUNT(aEvalCol),
  .zCounter = "名", .zEmpty = "没有法律顾问",
};

int adviser_eval_cmd(int argc, char **argv){
  return view_cmd(&adviser_eval_view, argc, argv);
}

/* ---- the adviser's page ---- */

void review_show_adviser(struct req *r, const struct actor *a, const struct reg_rec *pRec){
  struct stmt q;
  struct html_table t;
  static const char *const azHead[] = { "送审事项", "类别", "送审日期", "审核期限",
                                        "审核完成", "结论", "状态" };
  int n = 0, aYear[200];
  /* the years the adviser reviewed in, newest first: the declared view's
  ** row of this adviser for each (as the page /adviser-evaluation, its
  ** JSON, export and `fazhi adviser-eval` count them) */
  db_prepare(&q,
    "SELECT DISTINCT CAST(substr(r.submitted_on,1,4) AS INTEGER) FROM review r"
    " WHERE r.adviser_id=?1 AND r.voided_at IS NULL ORDER BY 1 DESC");
  db_bind_int64(&q, 1, pRec->id);
  while( db_step(&q)==DB_ROW && n<(int)COUNT(aYear) ) aYear[n++] = (int)db_column_int64(&q, 0);
  db_finalize(&q);
  view_key_years(r, &adviser_eval_view, a, pRec->id, aYear, n, "年度履职评价");
  n = 0;
  db_prepare(&q,
    "SELECT r.id, r.title, r.kind, r.submitted_on, r.due_on, r.reviewed_on, r.opinion, r.status"
    " FROM review r"
    " WHERE r.adviser_id=?1"
    " AND r.voided_at IS NULL"
    " ORDER BY r.submitted_on DESC, r.id DESC");
  db_bind_int64(&q, 1, pRec->id);
  while( db_step(&q)==DB_ROW ){
    if( n++==0 ){
      H(r, "<h2>审核的事项</h2>\n");
      html_table_begin(&t, r, 0, 7, azHead, 0);
    }
    html_table_row(&t);
    html_cell(&t, 0, "<a href='/reviews/%lld'>%h</a>", (long long)db_column_int64(&q, 0),
              db_column_text(&q, 1));
    html_cell(&t, 0, "%h", reg_choice_label(&aField[R_KIND], db_column_text(&q, 2)));
    html_cell(&t, 0, "%h", db_column_text(&q, 3));
    html_cell(&t, 0, "%h", db_column_text(&q, 4) ? db_column_text(&q, 4) : "");
    html_cell(&t, 0, "%h", db_column_text(&q, 5) ? db_column_text(&q, 5) : "");
    html_cell(&t, 0, "%h", db_column_text(&q, 6)
              ? reg_choice_label(&aField[R_OPINION], db_column_text(&q, 6)) : "");
    html_cell(&t, 0, "%h", reg_choice_label(&aField[R_STATUS], db_column_text(&q, 7)));
  }
  db_finalize(&q);
  if( n ) html_table_end(&t);
  else H(r, "<p class='muted'>尚无由该法律顾问审核的事项。</p>\n");
}
