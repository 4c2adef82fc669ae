/*
** school.c -- the schools' 法治 registers on the kernel: 法治副校长 people
** (vp_person) and appointments (vp_appoint), 学法/普法 activities
** (activity), the per-school checklist's yearly templates (check_tmpl)
** and items (check_item).  Their figures are declared in school_fig.c,
** the compliance view (and `fazhi compliance`) in school_web.c.
**
** Schools are orgs of kind school (中小学) or kindergarten (幼儿园).
** Rules no declaration can hold:
**   - an appointment is at a school or kindergarten, its term runs
**     forwards, and one person serves at most 2 schools at once
**     (教育部令第52号);
**   - an activity's semester follows its date (2-7 春, 8-12 秋, 1 the
**     previous autumn);
**   - a checklist item is one of its year's template, once per school and
**     year, checked within that year.
*/
#include "../../common.h"
#include "../../base/arena.h"
#include "../../base/buf.h"
#include "../../base/date.h"
#include "../../base/embed.h"
#include "../../base/util.h"
#include "../../store/db.h"
#include "../../core/app.h"
#include "../../core/cli.h"
#include "../../core/scope.h"
#include "school.h"

/* ---- 法治副校长: people -------------------------------------------------- */

static const char *const azEmployer[] = {
  "police", "公安", "procuratorate", "检察院", "court", "法院", "justice", "司法局",
  "lawfirm", "律师事务所", "other", "其他", 0
};
static const char *const azIdAlias[] = { "身份证", "公民身份号码", "身份证号码", 0 };
static const char *const azPhoneAlias[] = { "电话", "手机", "手机号", 0 };

#define VP_PERSON_FIELDS(X) \
  X(E_ORG, .zKey = "org_id", .zLabel = "登记单位", .eType = REG_REF, \
    .mFlags = RF_REQUIRED|RF_LIST|RF_FILTER, .zRef = "org", .zHelp = "建立法治副校长人员库的单位", \
    .nWidth = 24) \
  X(E_NAME, .zKey = "name", .zLabel = "姓名", .eType = REG_TEXT, \
    .mFlags = RF_REQUIRED|RF_LIST|RF_SEARCH|RF_TITLE, .nMax = 30, .nWidth = 12) \
  X(E_EMPLOYER_KIND, .zKey = "employer_kind", .zLabel = "派出机关类别", .eType = REG_CHOICE, \
    .mFlags = RF_REQUIRED|RF_LIST|RF_FILTER, .azChoice = azEmployer, .nWidth = 12) \
  X(E_EMPLOYER, .zKey = "employer", .zLabel = "派出单位", .eType = REG_TEXT, \
    .mFlags = RF_REQUIRED|RF_LIST|RF_SEARCH, .nMax = 100, .zHelp = "如 梨树县公安局某某派出所", \
    .nWidth = 28) \
  X(E_POST, .zKey = "post", .zLabel = "职务", .eType = REG_TEXT, .mFlags = RF_LIST, .nMax = 50, \
    .nWidth = 16) \
  X(E_PHONE, .zKey = "phone", .zLabel = "联系电话", .eType = REG_PHONE, \
    .mFlags = RF_PERSONAL|RF_SEARCH, .zHelp = "手机号或带区号的固定电话", .azAlias = azPhoneAlias, \
    .nWidth = 14) \
  X(E_IDNO, .zKey = "id_no", .zLabel = "身份证号", .eType = REG_IDCARD, \
    .mFlags = RF_PERSONAL|RF_UNIQUE|RF_SEARCH, .zHelp = "18位，核对末位校验码", .azAlias = azIdAlias, \
    .nWidth = 20)

enum { VP_PERSON_FIELDS(REG_FIELD_ENUM) E_NFIELD };

static const struct reg_field aPersonField[] = { VP_PERSON_FIELDS(REG_FIELD_INIT) };

const struct reg_def vp_person_reg = {
  .zName = "vp_person", .zTable = "vp_person", .zSeg = "vp-people", .zCmd = "vp-person",
  .zTitle = "法治副校长", .zListTitle = "法治副校长人员库", .zNavGroup = "学校",
  .zOrgField = "org_id",
  .mRead = 0, .mWrite = ROLE_ADMIN|ROLE_LEGAL, .mFull = ROLE_ADMIN|ROLE_LEGAL,
  .aField = aPersonField, .nField = (int)COUNT(aPersonField),
  .eDelete = REG_DEL_VOID, .zOrder = "t.name, t.id", .zCounter = "名",
};

/* ---- 法治副校长: appointments -------------------------------------------- */

static const char *const azSchoolAlias[] = { "学校名称", "学校", "聘任学校", 0 };
static const char *const azPersonAlias[] = { "法治副校长姓名", "姓名", "法治副校长", 0 };
/* The kinds of org a school's record may name (org's kind codes). */
static const char *const azSchoolKind[] = { "school", "kindergarten", 0 };

#define VP_APPOINT_FIELDS(X) \
  X(V_ORG, .zKey = "org_id", .zLabel = "学校", .eType = REG_REF, \
    .mFlags = RF_REQUIRED|RF_LIST|RF_FILTER, .zRef = "org", .zHelp = "聘任的中小学或幼儿园", \
    .azAlias = azSchoolAlias, .nWidth = 30, \
    .zRefKind = "kind", .azRefKind = azSchoolKind, .zRefKindLabel = "中小学或幼儿园") \
  X(V_PERSON, .zKey = "person_id", .zLabel = "法治副校长", .eType = REG_REF, \
    .mFlags = RF_REQUIRED|RF_FILTER, .zRef = "vp_person", .zHelp = "人员库中的人员（姓名或编号）", \
    .azAlias = azPersonAlias, .nWidth = 12) \
  X(V_NAME, .zKey = "vp_name", .zLabel = "姓名", .eType = REG_TEXT, \
    .mFlags = RF_READONLY|RF_LIST|RF_SEARCH|RF_TITLE|RF_NOIO, .nMax = 30, .nWidth = 12) \
  X(V_START, .zKey = "term_start", .zLabel = "聘期起始日", .eType = REG_DATE, \
    .mFlags = RF_REQUIRED|RF_LIST, .nWidth = 12) \
  X(V_END, .zKey = "term_end", .zLabel = "聘期终止日", .eType = REG_DATE, \
    .mFlags = RF_REQUIRED|RF_LIST, .nWidth = 12, .zNotBefore = "term_start") \
  X(V_CERT, .zKey = "cert_no", .zLabel = "聘书编号", .eType = REG_TEXT, \
    .mFlags = RF_UNIQUE|RF_LIST|RF_SEARCH|RF_CODE, .nMax = 40, .nWidth = 18)

enum { VP_APPOINT_FIELDS(REG_FIELD_ENUM) V_NFIELD };

static const struct reg_field aAppointField[] = { VP_APPOINT_FIELDS(REG_FIELD_INIT) };

int vp_concurrent_check(i64 personId, i64 selfId, i64 orgId, const char *zStart,
                        const char *zEnd, struct arena *ar, const char **pzMsg){
  struct stmt q;
  int n = 0, nAlloc = 16, i, j;
  struct { char *zS, *zE, *zOrg; i64 org; } *a;
  a = arena_alloc(ar, sizeof(*a)*nAlloc);
  *pzMsg = 0;
  db_prepare(&q, "SELECT a.term_start, a.term_end, a.org_id, o.name FROM vp_appoint a"
                 " JOIN org o ON o.id=a.org_id"
                 " WHERE a.person_id=?1 AND a.id<>?2 AND a.voided_at IS NULL"
                 " AND a.term_start<=?4 AND a.term_end>=?3 ORDER BY a.term_start, a.id");
  db_bind_int64(&q, 1, personId);
  db_bind_int64(&q, 2, selfId);
  db_bind_text(&q, 3, zStart);
  db_bind_text(&q, 4, zEnd);
  while( db_step(&q)==DB_ROW ){
    if( n==nAlloc ){
      void *p = arena_alloc(ar, sizeof(*a)*nAlloc*2);
      memcpy(p, a, sizeof(*a)*nAlloc);
      a = p;
      nAlloc *= 2;
    }
    a[n].zS = db_column_dup(ar, &q, 0);
    a[n].zE = db_column_dup(ar, &q, 1);
    a[n].org = db_column_int64(&q, 2);
    a[n].zOrg = db_column_dup(ar, &q, 3);
    n++;
  }
  db_finalize(&q);
  for(i=0; i<n; i++){
    if( a[i].org==orgId ){
      *pzMsg = arena_printf(ar, "该法治副校长在“%s”已有聘期重叠的聘任（%s 至 %s）",
                            a[i].zOrg, a[i].zS, a[i].zE);
      return -1;
    }
  }
  /* the most overlapping terms meet at one of their starts (or ours) */
  for(i=-1; i<n; i++){
    const char *zAt = i<0 ? zStart : a[i].zS;
    int nAt = 0, k1 = -1, k2 = -1;
    if( strcmp(zAt, zStart)<0 ) continue;
    for(j=0; j<n; j++){
      if( strcmp(a[j].zS, zAt)<=0 && strcmp(a[j].zE, zAt)>=0 ){
        if( k1<0 ) k1 = j; else if( k2<0 ) k2 = j;
        nAt++;
      }
    }
    if( nAt>=2 ){
      *pzMsg = arena_printf(ar, "该法治副校长在 %s 已在“%s”和“%s”两所学校任职，"
                            "同一人同时最多在 2 所学校任职", zAt, a[k1].zOrg, a[k2].zOrg);
      return -1;
    }
  }
  return 0;
}

/* Rules across fields: a school, a forward term, the 2-school limit. */
static int vp_appoint_check(struct reg_ctx *c){
  const char **az = c->azNew;
  i64 personId = 0, orgId = 0;
  const char *zMsg;
  if( reg_err_of(c->pErr, "term_end") ) return 0;   /* declared: not before the start */
  if( az[V_PERSON] && az[V_ORG] && az[V_START] && az[V_END]
   && str_to_i64(az[V_PERSON], 1, INT64_MAX, &personId)==0
   && str_to_i64(az[V_ORG], 1, INT64_MAX, &orgId)==0
   && vp_concurrent_check(personId, c->id, orgId, az[V_START], az[V_END], c->ar, &zMsg) ){
    reg_err_add(c->pErr, REG_ECONFLICT, "person_id", "法治副校长：%s", zMsg);
  }
  return 0;
}

/* Derived: the person's name is the appointment's title. */
static void vp_appoint_derive(struct reg_ctx *c){
  i64 id = 0;
  if( c->azNew[V_PERSON] && str_to_i64(c->azNew[V_PERSON], 1, INT64_MAX, &id)==0 ){
    c->azNew[V_NAME] = db_text(c->ar, 0, "SELECT name FROM vp_person WHERE id=?1", "i", id);
  }
}

const struct reg_def vp_appoint_reg = {
  .zName = "vp_appoint", .zTable = "vp_appoint", .zSeg = "vp-appointments",
  .zCmd = "vp", .zTitle = "法治副校长聘任", .zListTitle = "法治副校长聘任",
  .zNavGroup = "学校", .zOrgField = "org_id",
  .mRead = 0, .mWrite = ROLE_ADMIN|ROLE_LEGAL, .mFull = ROLE_ALL,
  .aField = aAppointField, .nField = (int)COUNT(aAppointField),
  .eDelete = REG_DEL_VOID, .zOrder = "t.term_end, t.id",
  .xCheck = vp_appoint_check, .xDerive = vp_appoint_derive, .zCounter = "条",
  .zExpireField = "term_end",   /* past its term: 已期满, no longer offered as a speaker */
};

/* ---- 学法/普法 activities ------------------------------------------------ */

static const char *const azActKind[] = {
  "center_study", "理论学习中心组学法", "topic_study", "专题学习",
  "law_lecture", "学法专题讲座", "cadre_lecture", "干部学法讲座",
  "case_talk", "以案说法", "warning", "警示教育", "constitution", "宪法宣传",
  "law_to_school", "送法进校园", "vp_lesson", "法治副校长授课", "other", "其他", 0
};
static const char *const azVpLesson[] = { "vp_lesson", 0 };
static const char *const azSpeakerAlias[] = { "主讲法治副校长", "授课法治副校长", 0 };

#define ACTIVITY_FIELDS(X) \
  X(T_ORG, .zKey = "org_id", .zLabel = "组织单位", .eType = REG_REF, \
    .mFlags = RF_REQUIRED|RF_LIST|RF_FILTER, .zRef = "org", .nWidth = 28) \
  X(T_KIND, .zKey = "kind", .zLabel = "活动类别", .eType = REG_CHOICE, \
    .mFlags = RF_REQUIRED|RF_LIST|RF_FILTER, .azChoice = azActKind, .nWidth = 16) \
  X(T_DATE, .zKey = "held_on", .zLabel = "活动日期", .eType = REG_DATE, \
    .mFlags = RF_REQUIRED|RF_LIST, .nWidth = 12) \
  X(T_TITLE, .zKey = "title", .zLabel = "主题", .eType = REG_TEXT, \
    .mFlags = RF_REQUIRED|RF_LIST|RF_SEARCH|RF_TITLE, .nMax = 100, .nWidth = 30) \
  X(T_VP, .zKey = "speaker_id", .zLabel = "主讲法治副校长", .eType = REG_REF, .mFlags = RF_FILTER, \
    .zRef = "vp_appoint", .zHelp = "主讲人是本单位的法治副校长时选择", .azAlias = azSpeakerAlias, \
    .nWidth = 12, .zRequiredIf = "kind", .azRequiredIs = azVpLesson) \
  X(T_SPEAKER, .zKey = "speaker", .zLabel = "主讲人", .eType = REG_TEXT, \
    .mFlags = RF_LIST|RF_SEARCH, .nMax = 50, .zHelp = "其他主讲人的姓名和单位", .nWidth = 16) \
  X(T_PEOPLE, .zKey = "participants", .zLabel = "参加人数", .eType = REG_INT, .mFlags = RF_LIST, \
    .nWidth = 8) \
  X(T_SEM, .zKey = "semester", .zLabel = "学期", .eType = REG_TEXT, \
    .mFlags = RF_READONLY|RF_LIST|RF_NOIO, .nMax = 10, .zHelp = "按活动日期：2—7月为春季学期，8月至次年1月为秋季学期", \
    .nWidth = 8)

enum { ACTIVITY_FIELDS(REG_FIELD_ENUM) T_NFIELD };

static const struct reg_field aActField[] = { ACTIVITY_FIELDS(REG_FIELD_INIT) };

void school_semester(const char *zDate, char out[16]){
  int day, y, m, d;
  out[0] = 0;
  if( zDate==0 || date_parse(zDate, &day) ) return;
  date_ymd(day, &y, &m, &d);
  if( m==1 ) snprintf(out, 16, "%d秋", y-1);
  else if( m<=7 ) snprintf(out, 16, "%d春", y);
  else snprintf(out, 16, "%d秋", y);
}

/* Rules across fields: a 法治副校长授课 names the 法治副校长, who is
** appointed at the activity's org. */
static int activity_check(struct reg_ctx *c){
  const char **az = c->azNew;
  i64 vp = 0, org = 0;
  if( az[T_VP] && az[T_ORG] && str_to_i64(az[T_VP], 1, INT64_MAX, &vp)==0
   && str_to_i64(az[T_ORG], 1, INT64_MAX, &org)==0
   && !db_exists("SELECT 1 FROM vp_appoint WHERE id=?1 AND org_id=?2", "ii", vp, org) ){
    reg_err_add(c->pErr, REG_EINVALID, "speaker_id", "主讲法治副校长不是组织单位聘任的法治副校长");
  }
  if( az[T_PEOPLE] && az[T_PEOPLE][0]=='-' ){
    reg_err_add(c->pErr, REG_EINVALID, "participants", "参加人数不能为负数");
  }
  return 0;
}

/* Derived: the semester from the date. */
static void activity_derive(struct reg_ctx *c){
  char z[16];
  school_semester(c->azNew[T_DATE], z);
  if( z[0] ) c->azNew[T_SEM] = arena_strdup(c->ar, z);
}

const struct reg_def activity_reg = {
  .zName = "activity", .zTable = "activity", .zSeg = "activities", .zCmd = "activity",
  .zTitle = "学法普法活动", .zNavGroup = "学校", .zOrgField = "org_id",
  .mRead = 0, .mWrite = ROLE_ADMIN|ROLE_LEGAL|ROLE_SCHOOL, .mFull = ROLE_ALL,
  .aField = aActField, .nField = (int)COUNT(aActField),
  .eDelete = REG_DEL_VOID, .zOrder = "t.held_on DESC, t.id",
  .xCheck = activity_check, .xDerive = activity_derive, .zCounter = "次",
};

/* ---- the checklist: templates per year, items per school ------------------ */

static const char *const azItem[] = {
  "guard", "专职保安员", "closed", "封闭化管理", "alarm", "一键式紧急报警",
  "video", "视频监控",
  "textbook", "法治课教材落实", "teacher", "法治课师资落实", "hours", "法治课课时落实",
  "signage", "法治宣传标识", "books", "法律图书", "cases", "法治案例台账",
  "courseware", "法治教育课件", 0
};
static const char *const azCheckStatus[] = { "met", "达标", "unmet", "未达标", 0 };
static const char *const azUnmet[] = { "unmet", 0 };

#define CHECK_TMPL_FIELDS(X) \
  X(P_ORG, .zKey = "org_id", .zLabel = "制定单位", .eType = REG_REF, \
    .mFlags = RF_REQUIRED|RF_LIST|RF_FILTER, .zRef = "org", .nWidth = 24) \
  X(P_YEAR, .zKey = "year", .zLabel = "年度", .eType = REG_INT, \
    .mFlags = RF_REQUIRED|RF_LIST|RF_FILTER, .nWidth = 8, REG_RANGE(2000, 2100)) \
  X(P_ITEM, .zKey = "item", .zLabel = "检查项目", .eType = REG_CHOICE, \
    .mFlags = RF_REQUIRED|RF_LIST|RF_FILTER|RF_TITLE, .azChoice = azItem, .nWidth = 16) \
  X(P_REQ, .zKey = "requirement", .zLabel = "达标要求", .eType = REG_TEXT, .mFlags = RF_LONG, \
    .nMax = 300, .nWidth = 40)

enum { CHECK_TMPL_FIELDS(REG_FIELD_ENUM) P_NFIELD };

static const struct reg_field aTmplField[] = { CHECK_TMPL_FIELDS(REG_FIELD_INIT) };

/* A template names each item once a year (declared, with the unique index
** of 0014); years are plausible (declared). */
static const char *const azTmplUnique[] = { "year", "item", 0 };
static const struct reg_unique aTmplUnique[] = { { azTmplUnique } };

const struct reg_def check_tmpl_reg = {
  .zName = "check_tmpl", .zTable = "check_tmpl", .zSeg = "check-templates",
  .zCmd = "check-template", .zTitle = "检查项目模板", .zNavGroup = "学校",
  .zOrgField = "org_id",
  .mRead = ROLE_ADMIN|ROLE_LEGAL|ROLE_LEADER|ROLE_AUDITOR, .mWrite = ROLE_ADMIN|ROLE_LEGAL,
  .mFull = ROLE_ALL,
  .aField = aTmplField, .nField = (int)COUNT(aTmplField),
  .eDelete = REG_DEL_DELETE, .zOrder = "t.year DESC, t.id",
  .aUnique = aTmplUnique, .nUnique = 1, .zCounter = "项",
};

#define CHECK_ITEM_FIELDS(X) \
  X(K_ORG, .zKey = "org_id", .zLabel = "学校", .eType = REG_REF, \
    .mFlags = RF_REQUIRED|RF_LIST|RF_FILTER, .zRef = "org", .azAlias = azSchoolAlias, \
    .nWidth = 28, \
    .zRefKind = "kind", .azRefKind = azSchoolKind, .zRefKindLabel = "中小学或幼儿园") \
  X(K_YEAR, .zKey = "year", .zLabel = "年度", .eType = REG_INT, \
    .mFlags = RF_REQUIRED|RF_LIST|RF_FILTER, .nWidth = 8, REG_RANGE(2000, 2100)) \
  X(K_ITEM, .zKey = "item", .zLabel = "检查项目", .eType = REG_CHOICE, \
    .mFlags = RF_REQUIRED|RF_LIST|RF_FILTER|RF_TITLE, .azChoice = azItem, .nWidth = 16, \
    .zChoiceSql = "SELECT 1 FROM check_tmpl WHERE year=CAST(?1 AS INTEGER) AND item=?2", \
    .zChoiceBy = "year") \
  X(K_STATUS, .zKey = "status", .zLabel = "结果", .eType = REG_CHOICE, \
    .mFlags = RF_REQUIRED|RF_LIST|RF_FILTER, .azChoice = azCheckStatus, .nWidth = 8) \
  X(K_DATE, .zKey = "checked_on", .zLabel = "检查日期", .eType = REG_DATE, \
    .mFlags = RF_REQUIRED|RF_LIST, .nWidth = 12) \
  X(K_CHECKER, .zKey = "checker", .zLabel = "检查人", .eType = REG_TEXT, \
    .mFlags = RF_REQUIRED|RF_LIST|RF_SEARCH, .nMax = 30, .nWidth = 12) \
  X(K_NOTE, .zKey = "note", .zLabel = "说明", .eType = REG_TEXT, .mFlags = RF_LONG|RF_LIST, \
    .nMax = 300, .zHelp = "未达标时写明缺什么", .nWidth = 30, .zRequiredIf = "status", \
    .azRequiredIs = azUnmet)

enum { CHECK_ITEM_FIELDS(REG_FIELD_ENUM) K_NFIELD };

static const struct reg_field aItemField[] = { CHECK_ITEM_FIELDS(REG_FIELD_INIT) };

/* An item of its year's template, at a school, once a year, checked in
** that year; 未达标 says what is lacking. */
static int check_item_check(struct reg_ctx *c){
  const char **az = c->azNew;
  i64 y = 0;
  /* declared: the year's range, a school, the note when 未达标, once a year */
  if( az[K_YEAR]==0 || str_to_i64(az[K_YEAR], 2000, 2100, &y) ) return 0;
  if( az[K_YEAR] && az[K_ITEM]
   && !db_exists("SELECT 1 FROM check_tmpl WHERE year=?1 AND item=?2", "it", y, az[K_ITEM]) ){
    reg_err_add(c->pErr, REG_EINVALID, "item",
                "%lld年度的检查项目模板中没有“%s”：请法规股在“检查项目模板”中添加该项目"
                "（或按上年模板一键生成%lld年度模板）后再填写",
                (long long)y, reg_choice_label(&aItemField[K_ITEM], az[K_ITEM]), (long long)y);
  }
  if( az[K_YEAR] && az[K_DATE] && strncmp(az[K_DATE], az[K_YEAR], 4)!=0 ){
    reg_err_add(c->pErr, REG_EINVALID, "checked_on", "检查日期应在 %lld 年内", (long long)y);
  }
  return 0;
}

/* A school has one record of an item a year (the unique index of 0014). */
static const char *const azItemUnique[] = { "org_id", "year", "item", 0 };
static const struct reg_unique aItemUnique[] = { { azItemUnique } };

const struct reg_def check_item_reg = {
  .zName = "check_item", .zTable = "check_item", .zSeg = "check-items",
  .zCmd = "check", .zTitle = "学校检查项目", .zNavGroup = "学校", .zOrgField = "org_id",
  .mRead = 0, .mWrite = ROLE_ADMIN|ROLE_LEGAL|ROLE_SCHOOL, .mFull = ROLE_ALL,
  .aField = aItemField, .nField = (int)COUNT(aItemField),
  .eDelete = REG_DEL_DELETE, .zOrder = "t.year DESC, t.org_id, t.id",
  .xCheck = check_item_check, .zCounter = "项", .xShowMore = evidence_section,
  .zMoveKey = "year,item",        /* one item per school and year */
  .aUnique = aItemUnique, .nUnique = 1,
};

/* ---- the checklist items ---------------------------------------------------- */

const char *school_item_label(const char *zItem){
  return reg_choice_label(&aItemField[K_ITEM], zItem);
}

bool school_item_is_safety(const char *zItem){
  return str_eq(zItem, "guard") || str_eq(zItem, "closed") || str_eq(zItem, "alarm")
      || str_eq(zItem, "video");
}

const char *const *school_item_codes(void){
  return azItem;
}

/* ---- a merge: the records follow ---------------------------------------- */

int school_merge(i64 from, i64 into, struct buf *pNote){
  /* every register's rows (vp_appoint, activity, check_item, assess_score
  ** ...) moved already (reg_move_refs); a checklist item's files follow
  ** their item wherever it is now */
  int nEv = db_int(0, "SELECT count(*) FROM evidence WHERE org_id=?1", "i", from);
  (void)into;
  db_exec("UPDATE evidence SET org_id=(SELECT k.org_id FROM check_item k"
          " WHERE k.id=evidence.item_id) WHERE org_id=?1", "i", from);
  buf_appendf(pNote, "\"evidence\":%d", nEv);
  return 0;
}

/* ---- the demo county's records ------------------------------------------- */

int school_demo_load(const struct actor *a, struct buf *pErr){
  static const struct { const char *zFile, *zReg; } aFile[] = {
    { "data/demo/vp_people.csv", "vp_person" },
    { "data/demo/vp_appointments.csv", "vp_appoint" },
    { "data/demo/check_templates.csv", "check_tmpl" },
    { "data/demo/check_items.csv", "check_item" },
    { "data/demo/activities.csv", "activity" },
    { "data/demo/assess_items.csv", "assess_item" },
    { "data/demo/assess_scores.csv", "assess_score" },
  };
  size_t i;
  for(i=0; i<COUNT(aFile); i++){
    const struct embed_file *e = embed_find(aFile[i].zFile);
    struct reg_import_result res;
    int rc;
    if( e==0 ){
      buf_appendf(pErr, "缺少演示数据 %s", aFile[i].zFile);
      return -1;
    }
    memset(&res, 0, sizeof(res));
    rc = reg_import(reg_find(aFile[i].zReg), a, e->aData, (size_t)e->nData, &res, pErr);
    if( rc==1 && res.pIn ){
      buf_appendf(pErr, "%s：", aFile[i].zFile);
      reg_error_text(reg_find(aFile[i].zReg), &res, pErr);
    }else if( rc ){
      buf_appendf(pErr, "（%s）", aFile[i].zFile);
    }
    reg_import_result_free(&res);
    if( rc ) return -1;
  }
  return 0;
}
