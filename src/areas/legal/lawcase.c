/*
** lawcase.c -- 行政复议 and 行政诉讼 cases where the bureau is the
** respondent or defendant, and the year confirmations (案件数确认) of the
** 法规股: the declarations and the rules no declaration can hold.
**
** Zero must be a fact, not an absence of data.  The figures of these
** cases (legal_fig.c) are known only for a year the 法规股 has confirmed
** -- the whole year, or the period up to an as-of day -- by recording the
** count of cases it vouches for.  A confirmation whose count differs from
** the records is refused, naming both numbers.  A case written later into
** a confirmed period (recorded, or its date or unit changed) does not get
** refused -- the case happened and must be recorded -- but makes every
** confirmation covering it stale (失效): the figures turn 【待补充】 again
** until the 法规股 confirms anew.  A case voided afterwards (which no
** hook of this register sees) undoes a confirmation too: the figures
** count a confirmation only while its count is still the count recorded.
**
** Case states: open 办理中 -> closed 已结案 (step close, asks the day of
** the decision or judgment and the outcome).
**
** The answer due day (answer_due) is a declared deadline on the clock:
** 复议 10 days from receiving the copy of the application (行政复议法),
** 诉讼 15 days from receiving the complaint (行政诉讼法 第六十七条),
** natural days (CLOCK_DAY, the last day moved off a rest day).  The
** kernel derives it on every write, lists it (fazhi lawcase due), explains
** it and recomputes it when the calendar changes.  The 答复书/答辩状 and
** the 决定书/判决书 are attachments (answer_file, decision_file); doc_ref
** keeps their document numbers.
*/
#include "../../common.h"
#include "../../base/arena.h"
#include "../../base/date.h"
#include "../../base/util.h"
#include "../../core/app.h"
#include "../../core/cli.h"
#include "../../core/clock.h"
#include "../../core/files.h"
#include "../../store/db.h"
#include "lawcase.h"

/* ---- the cases ---- */

static const char *const azCaseKind[] = {
  "reconsider", "行政复议", "litigation", "行政诉讼", 0
};
static const char *const azCaseStatus[] = { "open", "办理中", "closed", "已结案", 0 };
static const char *const azOutcome[] = {
  "upheld", "维持", "revoked", "撤销", "unlawful", "确认违法", "changed", "变更",
  "ordered", "责令履行", "rejected", "驳回", "mediated", "调解", "withdrawn", "撤回",
  "terminated", "终止", "other", "其他", 0
};
static const char *const azBureau[] = { "bureau", 0 };
static const char *const azLitigation[] = { "litigation", 0 };

#define LAWCASE_FIELDS(X) \
  X(L_ORG, .zKey = "org_id", .zLabel = "被申请人/被告", .eType = REG_REF, \
    .mFlags = RF_REQUIRED|RF_LIST|RF_FILTER, .zRef = "org", .nWidth = 20, \
    .zRefKind = "kind", .azRefKind = azBureau, .zRefKindLabel = "教育局") \
  X(L_KIND, .zKey = "kind", .zLabel = "案件类别", .eType = REG_CHOICE, \
    .mFlags = RF_REQUIRED|RF_LIST|RF_FILTER, .azChoice = azCaseKind, .nWidth = 10) \
  X(L_NO, .zKey = "case_no", .zLabel = "案号", .eType = REG_TEXT, \
    .mFlags = RF_REQUIRED|RF_UNIQUE|RF_LIST|RF_SEARCH|RF_CODE, .nMax = 50, \
    .zHelp = "复议机关或人民法院的案号，如（2024）吉0322行初5号", .nWidth = 24) \
  X(L_PARTY, .zKey = "applicant", .zLabel = "申请人/原告", .eType = REG_TEXT, \
    .mFlags = RF_REQUIRED|RF_PERSONAL, .nMax = 100, .zHelp = "加密保存，按角色打码", \
    .nWidth = 16) \
  X(L_ACT, .zKey = "act", .zLabel = "被复议/被诉行政行为", .eType = REG_TEXT, \
    .mFlags = RF_REQUIRED|RF_LIST|RF_SEARCH|RF_TITLE, .nMax = 200, .nWidth = 36) \
  X(L_ORGAN, .zKey = "organ", .zLabel = "复议机关/受理法院", .eType = REG_TEXT, \
    .nMax = 100, .nWidth = 20) \
  X(L_RECEIVED, .zKey = "received_on", .zLabel = "收到通知日期", .eType = REG_DATE, \
    .mFlags = RF_REQUIRED|RF_LIST, .zHelp = "收到复议答复通知书或应诉通知书的日期", .nWidth = 12) \
  X(L_DUE, .zKey = "answer_due", .zLabel = "答复/答辩期限", .eType = REG_DATE, \
    .mFlags = RF_READONLY|RF_LIST, .nWidth = 12, \
    .zHelp = "自动计算：行政复议自收到申请书副本之日起10日，行政诉讼自收到起诉状副本之日起15日") \
  X(L_HEARING, .zKey = "hearing_on", .zLabel = "开庭/听证日期", .eType = REG_DATE, \
    .nWidth = 12, .zNotBefore = "received_on") \
  X(L_HEAD, .zKey = "head_appeared", .zLabel = "负责人出庭应诉", .eType = REG_BOOL, \
    .mFlags = RF_FILTER, .zHelp = "行政诉讼开庭时行政机关负责人是否出庭应诉", \
    .nWidth = 8, .zRequiredIf = "hearing_on") \
  X(L_STATUS, .zKey = "status", .zLabel = "状态", .eType = REG_CHOICE, \
    .mFlags = RF_READONLY|RF_LIST|RF_FILTER, .azChoice = azCaseStatus, .nWidth = 8) \
  X(L_DECIDED, .zKey = "decided_on", .zLabel = "决定/裁判日期", .eType = REG_DATE, \
    .mFlags = RF_READONLY|RF_REQUIRED, .nWidth = 12, .zNotBefore = "received_on") \
  X(L_OUTCOME, .zKey = "outcome", .zLabel = "结果", .eType = REG_CHOICE, \
    .mFlags = RF_READONLY|RF_REQUIRED|RF_LIST|RF_FILTER, .azChoice = azOutcome, .nWidth = 10) \
  X(L_DOC, .zKey = "doc_ref", .zLabel = "文书文号", .eType = REG_TEXT, \
    .nMax = 200, .zHelp = "答复书、答辩状、决定书或判决书的文号", .nWidth = 24) \
  X(L_ANSWER_FILE, .zKey = "answer_file", .zLabel = "答复书/答辩状", .eType = REG_FILE, \
    .mFlags = RF_READONLY|RF_NOIO, .zHelp = "提交的行政复议答复书或行政诉讼答辩状（PDF、办公文档或照片）") \
  X(L_DECISION_FILE, .zKey = "decision_file", .zLabel = "决定书/判决书", .eType = REG_FILE, \
    .mFlags = RF_READONLY|RF_NOIO, .zHelp = "行政复议决定书或裁判文书（PDF、办公文档或照片）") \
  X(L_NOTE, .zKey = "note", .zLabel = "备注", .eType = REG_TEXT, .mFlags = RF_LONG, \
    .nMax = 1000, .nWidth = 30)

enum { LAWCASE_FIELDS(REG_FIELD_ENUM) L_NFIELD };

static const struct reg_field aCaseField[] = { LAWCASE_FIELDS(REG_FIELD_INIT) };

/* The documents: at most 20 MB each. */
static const struct reg_file_rule aCaseFile[] = {
  { "answer_file", FILE_PDF|FILE_OFFICE|FILE_PHOTO, (i64)20*1024*1024, false },
  { "decision_file", FILE_PDF|FILE_OFFICE|FILE_PHOTO, (i64)20*1024*1024, false },
  { 0, 0, 0, false }
};

/* The answer limit of a kind: 复议 10 days, 诉讼 15 days (natural days). */
static int lawcase_answer_days(const char *zKind){
  return str_eq(zKind, "litigation") ? 15 : 10;
}

/* The answer deadline, declared below: the kind's limit in natural days
** from the day the copy was received (the first day not counted, the last
** moved off a rest day, on the clock). */
static int lawcase_due(const struct calendar *cal, const struct reg_def *d, i64 id,
                       const char **az, struct arena *ar, int *pDue, struct buf *pEx,
                       struct buf *pErr){
  struct clock_spec s;
  int day;
  (void)d; (void)id; (void)ar;
  if( az[L_RECEIVED]==0 || az[L_KIND]==0 || date_parse(az[L_RECEIVED], &day) ){
    *pDue = 0;
    return 0;
  }
  memset(&s, 0, sizeof(s));
  s.start = day;
  s.n = lawcase_answer_days(az[L_KIND]);
  s.eUnit = CLOCK_DAY;
  return clock_due(cal, &s, pDue, pEx, pErr);
}

static const char *const azCaseOpen[] = { "open", 0 };
static const struct reg_deadline aCaseDeadline[] = {
  { .zLabel = "答复/答辩期限", .zStartField = "received_on", .zDueField = "answer_due",
    .eUnit = CLOCK_DAY, .azOpen = azCaseOpen, .xCompute = lawcase_due },
};

/* Rules across fields: 负责人出庭应诉 is a question of 行政诉讼 only. */
static int lawcase_check(struct reg_ctx *c){
  if( c->azNew[L_HEAD] && str_eq(c->azNew[L_HEAD], "1")
   && !str_eq(c->azNew[L_KIND], "litigation") ){
    reg_err_add(c->pErr, REG_EINVALID, "head_appeared", "负责人出庭应诉只适用于行政诉讼案件");
    return -1;
  }
  (void)azLitigation;
  return 0;
}

/* Make stale every valid confirmation covering a case of org zOrg
** received on zDate: of that year, whole or up to a day on or after it,
** by the case's unit or one above it. */
static void lawcase_stale(const char *zOrg, const char *zDate){
  int day, y, m, d;
  i64 org;
  if( zOrg==0 || zDate==0 || date_parse(zDate, &day) || str_to_i64(zOrg, 1, INT64_MAX, &org) ){
    return;
  }
  date_ymd(day, &y, &m, &d);
  db_exec("UPDATE lawcase_year SET status='stale', version=version+1"
          " WHERE voided_at IS NULL"
          "   AND status='valid'"
          "   AND year=?1"
          "   AND (as_of IS NULL OR as_of>=?2)"
          "   AND org_id IN (SELECT u.id FROM org u, org c"
          "                   WHERE c.id=?3 AND c.path LIKE u.path || '%')",
          "itd", (i64)y, zDate, (int)org);
}

/* After a write: a case entering (or leaving) a confirmed period makes
** its confirmations stale. */
static int lawcase_after(struct reg_ctx *c){
  const char **o = c->azOld, **n = c->azNew;
  if( o==0 || !str_eq(o[L_RECEIVED], n[L_RECEIVED]) || !str_eq(o[L_ORG], n[L_ORG]) ){
    lawcase_stale(n[L_ORG], n[L_RECEIVED]);
    if( o ) lawcase_stale(o[L_ORG], o[L_RECEIVED]);
  }
  return 0;
}

static const char *const azFromOpen[] = { "open", 0 };
static const char *const azAskClose[] = { "decided_on", "outcome", 0 };

#define W (ROLE_ADMIN|ROLE_LEGAL)

static const struct reg_step aCaseStep[] = {
  { .zVerb = "close", .zLabel = "结案", .azFrom = azFromOpen, .zTo = "closed",
    .mRoles = W, .azAsk = azAskClose },
};

const struct reg_def lawcase_reg = {
  .zName = "lawcase", .zTable = "lawcase", .zSeg = "lawcases", .zCmd = "lawcase",
  .zTitle = "行政复议/诉讼案件", .zListTitle = "行政复议和行政诉讼", .zNavGroup = "法制审核",
  .zOrgField = "org_id",
  .mRead = ROLE_ADMIN|ROLE_LEADER|ROLE_LEGAL|ROLE_AUDITOR, .mWrite = W,
  .mFull = ROLE_ADMIN|ROLE_LEGAL,
  .aField = aCaseField, .nField = (int)COUNT(aCaseField),
  .zStateField = "status", .zInitial = "open",
  .aStep = aCaseStep, .nStep = (int)COUNT(aCaseStep),
  .eDelete = REG_DEL_VOID,
  .zOrder = "t.received_on DESC, t.id DESC",
  .xCheck = lawcase_check, .xAfter = lawcase_after, .zCounter = "件",
  .aDeadline = aCaseDeadline, .nDeadline = (int)COUNT(aCaseDeadline),
  .aFileRule = aCaseFile,
  .zUsageMore = "  fazhi lawcase confirm --year 2024 --count 0 [--as-of 2024-11-15] [--org 单位] [--note 说明]\n"
                "      法规股确认该年度（或截至某日）的行政复议、行政诉讼案件数（与记录不符时拒绝）\n",
};

/* ---- the year confirmations ---- */

static const char *const azYearStatus[] = { "valid", "有效", "stale", "已失效", 0 };

#define LAWCASE_YEAR_FIELDS(X) \
  X(Y_ORG, .zKey = "org_id", .zLabel = "确认单位", .eType = REG_REF, \
    .mFlags = RF_REQUIRED|RF_LIST|RF_FILTER, .zRef = "org", .nWidth = 20, \
    .zRefKind = "kind", .azRefKind = azBureau, .zRefKindLabel = "教育局") \
  X(Y_YEAR, .zKey = "year", .zLabel = "年度", .eType = REG_INT, \
    .mFlags = RF_REQUIRED|RF_LIST|RF_FILTER|RF_TITLE, .nWidth = 8, REG_RANGE(2000, 2100)) \
  X(Y_ASOF, .zKey = "as_of", .zLabel = "截至日期", .eType = REG_DATE, .mFlags = RF_LIST, \
    .zHelp = "只确认到该日为止的案件时填写；不填为全年", .nWidth = 12) \
  X(Y_COUNT, .zKey = "cases", .zLabel = "确认案件数", .eType = REG_INT, \
    .mFlags = RF_REQUIRED|RF_LIST, .zHelp = "行政复议和行政诉讼案件合计，没有案件填 0", \
    .nWidth = 10, REG_RANGE(0, 100000)) \
  X(Y_ON, .zKey = "confirmed_on", .zLabel = "确认日期", .eType = REG_DATE, \
    .mFlags = RF_READONLY|RF_LIST|RF_NOIO, .nWidth = 12) \
  X(Y_STATUS, .zKey = "status", .zLabel = "状态", .eType = REG_CHOICE, \
    .mFlags = RF_READONLY|RF_LIST|RF_FILTER, .azChoice = azYearStatus, .nWidth = 8) \
  X(Y_NOTE, .zKey = "note", .zLabel = "说明", .eType = REG_TEXT, .mFlags = RF_LONG, \
    .nMax = 500, .nWidth = 30)

enum { LAWCASE_YEAR_FIELDS(REG_FIELD_ENUM) Y_NFIELD };

static const struct reg_field aYearField[] = { LAWCASE_YEAR_FIELDS(REG_FIELD_INIT) };

/* The count confirmed must be the count recorded: the cases (not voided)
** of the unit and below received in the year, up to the as-of day when
** one is given; a whole year is confirmed only once it is over. */
static int lawcase_year_check(struct reg_ctx *c){
  const char **az = c->azNew;
  char zToday[11], zFrom[11], zTo[11];
  i64 year = 0, org = 0, nGiven = -1;
  int n;
  if( str_to_i64(az[Y_YEAR], 2000, 2100, &year) || str_to_i64(az[Y_ORG], 1, INT64_MAX, &org)
   || str_to_i64(az[Y_COUNT], 0, 100000, &nGiven) ){
    return 0;                            /* the field rules already said so */
  }
  date_format(date_today(), zToday);
  date_format(date_from_ymd((int)year, 1, 1), zFrom);
  date_format(date_from_ymd((int)year, 12, 31), zTo);
  if( az[Y_ASOF] ){
    if( strcmp(az[Y_ASOF], zFrom)<0 || strcmp(az[Y_ASOF], zTo)>0 ){
      reg_err_add(c->pErr, REG_EINVALID, "as_of", "截至日期应在 %lld 年内", (long long)year);
      return -1;
    }
    if( strcmp(az[Y_ASOF], zToday)>0 ){
      reg_err_add(c->pErr, REG_EINVALID, "as_of", "截至日期不能晚于今天");
      return -1;
    }
    memcpy(zTo, az[Y_ASOF], 11);
  }else if( strcmp(zTo, zToday)>=0 ){
    reg_err_add(c->pErr, REG_EINVALID, "as_of", "%lld 年度尚未结束，只能确认截至今天或更早某日的案件数，请填写截至日期",
                (long long)year);
    return -1;
  }
  n = db_int(0, "SELECT count(*) FROM lawcase t JOIN org o ON o.id=t.org_id"
                " WHERE t.voided_at IS NULL"
                "   AND t.received_on>=?1 AND t.received_on<=?2"
                "   AND o.path LIKE (SELECT path FROM org WHERE id=?3) || '%'",
             "tti", zFrom, zTo, org);
  if( n!=nGiven ){
    reg_err_add(c->pErr, REG_ECONFLICT, "cases",
                "确认的案件数 %lld 件与登记的案件数 %d 件不符（%s 至 %s 收到的行政复议、行政诉讼案件），"
                "请先补录或核对案件", (long long)nGiven, n, zFrom, zTo);
    return -1;
  }
  return 0;
}

/* Derived: a confirmation that passed its check is valid, dated today. */
static void lawcase_year_derive(struct reg_ctx *c){
  char zToday[11];
  c->azNew[Y_STATUS] = "valid";
  if( c->azOld==0 || c->azNew[Y_ON]==0 ){
    c->azNew[Y_ON] = arena_strdup(c->ar, date_format(date_today(), zToday));
  }
}

const struct reg_def lawcase_year_reg = {
  .zName = "lawcase_year", .zTable = "lawcase_year", .zSeg = "lawcase-years",
  .zCmd = "lawcase-year",
  .zTitle = "复议诉讼案件数确认", .zListTitle = "复议诉讼年度确认", .zNavGroup = "法制审核",
  .zOrgField = "org_id",
  .mRead = ROLE_ADMIN|ROLE_LEADER|ROLE_LEGAL|ROLE_AUDITOR, .mWrite = ROLE_LEGAL,
  .mFull = ROLE_ALL,
  .aField = aYearField, .nField = (int)COUNT(aYearField),
  .eDelete = REG_DEL_VOID,
  .zOrder = "t.year DESC, t.as_of DESC, t.id DESC",
  .xCheck = lawcase_year_check, .xDerive = lawcase_year_derive, .zCounter = "次",
};

/* fazhi lawcase confirm ...: the kernel's `lawcase-year add` under the
** word the 法规股 uses (--count for --cases; the unit, when --org-id is
** not given, the top 教育局 of the data); every other verb is the case
** register's. */
int lawcase_cmd(int argc, char **argv){
  if( argc>2 && str_eq(argv[2], "confirm") ){
    char **azArg = xmalloc(sizeof(char *) * (size_t)(argc + 3));
    char zOrg[24];
    int i, n = 0, rc;
    bool bOrg = false;
    azArg[n++] = argv[0];
    azArg[n++] = "lawcase-year";
    azArg[n++] = "add";
    for(i=3; i<argc; i++){
      if( str_eq(argv[i], "--count") ) azArg[n++] = "--cases";
      else if( strncmp(argv[i], "--count=", 8)==0 ){
        azArg[n++] = "--cases";
        azArg[n++] = argv[i]+8;
      }else{
        if( strncmp(argv[i], "--org-id", 8)==0 || strncmp(argv[i], "--org_id", 8)==0 ) bOrg = true;
        azArg[n++] = argv[i];
      }
    }
    if( !bOrg ){
      i64 org;
      if( cli_open() ){ free(azArg); return 1; }
      org = db_i64(0, "SELECT id FROM org WHERE kind='bureau'"
                          " ORDER BY length(path), id LIMIT 1", "");
      db_close();
      snprintf(zOrg, sizeof(zOrg), "%lld", (long long)org);
      azArg[n++] = "--org-id";
      azArg[n++] = zOrg;
    }
    azArg[n] = 0;
    rc = reg_cmd(n, azArg);
    free(azArg);
    return rc;
  }
  return reg_cmd(argc, argv);
}
