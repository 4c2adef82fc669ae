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
#include "../common.h"
#include "../base/arena.h"
#include "../base/buf.h"
#include "../base/date.h"
#include "../base/embed.h"
#include "../base/util.h"
#include "../store/db.h"
#include "app.h"
#include "cli.h"
#include "org.h"
#include "school.h"

/* ---- 法治副校长: people -------------------------------------------------- */

static const char *const azEmployer[] = {
  "police", "公安", "procuratorate", "检察院", "court", "法院", "justice", "司法局",
  "lawfirm", "律师事务所", "other", "其他", 0
};
static const char *const azIdAlias[] = { "身份证", "公民身份号码", "身份证号码", 0 };
static const char *const azPhoneAlias[] = { "电话", "手机", "手机号", 0 };

static const struct reg_field aPersonField[] = {
  { "org_id", "登记单位", REG_REF, RF_REQUIRED|RF_LIST|RF_FILTER, 0, 0, "org",
    "建立法治副校长人员库的单位", 0, 24 },
  { "name", "姓名", REG_TEXT, RF_REQUIRED|RF_LIST|RF_SEARCH|RF_TITLE, 30, 0, 0, 0, 0, 12 },
  { "employer_kind", "派出机关类别", REG_CHOICE, RF_REQUIRED|RF_LIST|RF_FILTER, 0, azEmployer,
    0, 0, 0, 12 },
  { "employer", "派出单位", REG_TEXT, RF_REQUIRED|RF_LIST|RF_SEARCH, 100, 0, 0,
    "如 梨树县公安局某某派出所", 0, 28 },
  { "post", "职务", REG_TEXT, RF_LIST, 50, 0, 0, 0, 0, 16 },
  { "phone", "联系电话", REG_PHONE, RF_PERSONAL|RF_SEARCH, 0, 0, 0,
    "手机号或带区号的固定电话", azPhoneAlias, 14 },
  { "id_no", "身份证号", REG_IDCARD, RF_PERSONAL|RF_UNIQUE|RF_SEARCH, 0, 0, 0,
    "18位，核对末位校验码", azIdAlias, 20 },
};

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

enum { V_ORG, V_PERSON, V_NAME, V_START, V_END, V_CERT };

static const struct reg_field aAppointField[] = {
  { "org_id", "学校", REG_REF, RF_REQUIRED|RF_LIST|RF_FILTER, 0, 0, "org",
    "聘任的中小学或幼儿园", azSchoolAlias, 30 },
  { "person_id", "法治副校长", REG_REF, RF_REQUIRED|RF_FILTER, 0, 0, "vp_person",
    "人员库中的人员（姓名或编号）", azPersonAlias, 12 },
  { "vp_name", "姓名", REG_TEXT, RF_READONLY|RF_LIST|RF_SEARCH|RF_TITLE|RF_NOIO, 30, 0, 0,
    0, 0, 12 },
  { "term_start", "聘期起始日", REG_DATE, RF_REQUIRED|RF_LIST, 0, 0, 0, 0, 0, 12 },
  { "term_end", "聘期终止日", REG_DATE, RF_REQUIRED|RF_LIST, 0, 0, 0, 0, 0, 12 },
  { "cert_no", "聘书编号", REG_TEXT, RF_UNIQUE|RF_LIST|RF_SEARCH|RF_CODE, 40, 0, 0, 0, 0, 18 },
};

/* True when org zId is a school or a kindergarten. */
static bool school_is_school(const char *zId){
  i64 id = 0;
  if( zId==0 || str_to_i64(zId, 1, INT64_MAX, &id) ) return false;
  return db_exists("SELECT 1 FROM org WHERE id=?1 AND kind IN ('school','kindergarten')",
                   "i", id);
}

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
  if( az[V_ORG] && !school_is_school(az[V_ORG]) ){
    reg_err_add(c->pErr, REG_EINVALID, "org_id", "学校应为中小学或幼儿园");
  }
  if( az[V_START] && az[V_END] && strcmp(az[V_END], az[V_START])<0 ){
    reg_err_add(c->pErr, REG_EINVALID, "term_end", "聘期终止日不能早于起始日 %s", az[V_START]);
    return 0;
  }
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
};

/* ---- 学法/普法 activities ------------------------------------------------ */

static const char *const azActKind[] = {
  "center_study", "理论学习中心组学法", "topic_study", "专题学习",
  "law_lecture", "学法专题讲座", "cadre_lecture", "干部学法讲座",
  "case_talk", "以案说法", "warning", "警示教育", "constitution", "宪法宣传",
  "law_to_school", "送法进校园", "vp_lesson", "法治副校长授课", "other", "其他", 0
};
static const char *const azSpeakerAlias[] = { "主讲法治副校长", "授课法治副校长", 0 };

enum { T_ORG, T_KIND, T_DATE, T_TITLE, T_VP, T_SPEAKER, T_PEOPLE, T_SEM };

static const struct reg_field aActField[] = {
  { "org_id", "组织单位", REG_REF, RF_REQUIRED|RF_LIST|RF_FILTER, 0, 0, "org", 0, 0, 28 },
  { "kind", "活动类别", REG_CHOICE, RF_REQUIRED|RF_LIST|RF_FILTER, 0, azActKind, 0, 0, 0, 16 },
  { "held_on", "活动日期", REG_DATE, RF_REQUIRED|RF_LIST, 0, 0, 0, 0, 0, 12 },
  { "title", "主题", REG_TEXT, RF_REQUIRED|RF_LIST|RF_SEARCH|RF_TITLE, 100, 0, 0, 0, 0, 30 },
  { "speaker_id", "主讲法治副校长", REG_REF, RF_FILTER, 0, 0, "vp_appoint",
    "主讲人是本单位的法治副校长时选择", azSpeakerAlias, 12 },
  { "speaker", "主讲人", REG_TEXT, RF_LIST|RF_SEARCH, 50, 0, 0, "其他主讲人的姓名和单位", 0, 16 },
  { "participants", "参加人数", REG_INT, RF_LIST, 0, 0, 0, 0, 0, 8 },
  { "semester", "学期", REG_TEXT, RF_READONLY|RF_LIST|RF_NOIO, 10, 0, 0,
    "按活动日期：2—7月为春季学期，8月至次年1月为秋季学期", 0, 8 },
};

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
  if( str_eq(az[T_KIND], "vp_lesson") && az[T_VP]==0 && !reg_err_of(c->pErr, "speaker_id") ){
    reg_err_add(c->pErr, REG_EINVALID, "speaker_id", "法治副校长授课请选择主讲法治副校长");
  }
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

static const struct reg_field aTmplField[] = {
  { "org_id", "制定单位", REG_REF, RF_REQUIRED|RF_LIST|RF_FILTER, 0, 0, "org", 0, 0, 24 },
  { "year", "年度", REG_INT, RF_REQUIRED|RF_LIST|RF_FILTER, 0, 0, 0, 0, 0, 8 },
  { "item", "检查项目", REG_CHOICE, RF_REQUIRED|RF_LIST|RF_FILTER|RF_TITLE, 0, azItem,
    0, 0, 0, 16 },
  { "requirement", "达标要求", REG_TEXT, RF_LONG, 300, 0, 0, 0, 0, 40 },
};

enum { P_ORG, P_YEAR, P_ITEM, P_REQ };

/* A template names each item once a year; years are plausible. */
static int check_tmpl_check(struct reg_ctx *c){
  const char **az = c->azNew;
  i64 y = 0;
  if( az[P_YEAR] && (str_to_i64(az[P_YEAR], 2000, 2100, &y)) ){
    reg_err_add(c->pErr, REG_EINVALID, "year", "年度应为 2000—2100 之间的年份");
    return 0;
  }
  if( az[P_YEAR] && az[P_ITEM]
   && db_exists("SELECT 1 FROM check_tmpl WHERE year=?1 AND item=?2 AND id<>?3",
                "iti", y, az[P_ITEM], c->id) ){
    reg_err_add(c->pErr, REG_ECONFLICT, "item", "%lld 年度的检查模板已有此项目",
                (long long)y);
  }
  return 0;
}

const struct reg_def check_tmpl_reg = {
  .zName = "check_tmpl", .zTable = "check_tmpl", .zSeg = "check-templates",
  .zCmd = "check-template", .zTitle = "检查项目模板", .zNavGroup = "学校",
  .zOrgField = "org_id",
  .mRead = ROLE_ADMIN|ROLE_LEGAL|ROLE_LEADER|ROLE_AUDITOR, .mWrite = ROLE_ADMIN|ROLE_LEGAL,
  .mFull = ROLE_ALL,
  .aField = aTmplField, .nField = (int)COUNT(aTmplField),
  .eDelete = REG_DEL_DELETE, .zOrder = "t.year DESC, t.id",
  .xCheck = check_tmpl_check, .zCounter = "项",
};

enum { K_ORG, K_YEAR, K_ITEM, K_STATUS, K_DATE, K_CHECKER, K_NOTE };

static const struct reg_field aItemField[] = {
  { "org_id", "学校", REG_REF, RF_REQUIRED|RF_LIST|RF_FILTER, 0, 0, "org", 0,
    azSchoolAlias, 28 },
  { "year", "年度", REG_INT, RF_REQUIRED|RF_LIST|RF_FILTER, 0, 0, 0, 0, 0, 8 },
  { "item", "检查项目", REG_CHOICE, RF_REQUIRED|RF_LIST|RF_FILTER|RF_TITLE, 0, azItem,
    0, 0, 0, 16 },
  { "status", "结果", REG_CHOICE, RF_REQUIRED|RF_LIST|RF_FILTER, 0, azCheckStatus,
    0, 0, 0, 8 },
  { "checked_on", "检查日期", REG_DATE, RF_REQUIRED|RF_LIST, 0, 0, 0, 0, 0, 12 },
  { "checker", "检查人", REG_TEXT, RF_REQUIRED|RF_LIST|RF_SEARCH, 30, 0, 0, 0, 0, 12 },
  { "note", "说明", REG_TEXT, RF_LONG|RF_LIST, 300, 0, 0, "未达标时写明缺什么", 0, 30 },
};

/* An item of its year's template, at a school, once a year, checked in
** that year; 未达标 says what is lacking. */
static int check_item_check(struct reg_ctx *c){
  const char **az = c->azNew;
  i64 y = 0, org = 0;
  if( az[K_YEAR] && str_to_i64(az[K_YEAR], 2000, 2100, &y) ){
    reg_err_add(c->pErr, REG_EINVALID, "year", "年度应为 2000—2100 之间的年份");
    return 0;
  }
  if( az[K_ORG] && !school_is_school(az[K_ORG]) ){
    reg_err_add(c->pErr, REG_EINVALID, "org_id", "学校应为中小学或幼儿园");
  }
  if( az[K_YEAR] && az[K_ITEM]
   && !db_exists("SELECT 1 FROM check_tmpl WHERE year=?1 AND item=?2", "it", y, az[K_ITEM]) ){
    reg_err_add(c->pErr, REG_EINVALID, "item", "%lld 年度的检查模板中没有“%s”",
                (long long)y, reg_choice_label(&aItemField[K_ITEM], az[K_ITEM]));
  }
  if( az[K_YEAR] && az[K_DATE] && strncmp(az[K_DATE], az[K_YEAR], 4)!=0 ){
    reg_err_add(c->pErr, REG_EINVALID, "checked_on", "检查日期应在 %lld 年内", (long long)y);
  }
  if( str_eq(az[K_STATUS], "unmet") && az[K_NOTE]==0 ){
    reg_err_add(c->pErr, REG_EINVALID, "note", "未达标时请在说明中写明缺什么");
  }
  if( az[K_ORG] && az[K_YEAR] && az[K_ITEM]
   && str_to_i64(az[K_ORG], 1, INT64_MAX, &org)==0
   && db_exists("SELECT 1 FROM check_item WHERE year=?1 AND org_id=?2 AND item=?3"
                " AND id<>?4", "iiti", y, org, az[K_ITEM], c->id) ){
    reg_err_add(c->pErr, REG_ECONFLICT, "item", "该学校 %lld 年度已有此检查项目的记录，请修改原记录",
                (long long)y);
  }
  return 0;
}

const struct reg_def check_item_reg = {
  .zName = "check_item", .zTable = "check_item", .zSeg = "check-items",
  .zCmd = "check", .zTitle = "学校检查项目", .zNavGroup = "学校", .zOrgField = "org_id",
  .mRead = 0, .mWrite = ROLE_ADMIN|ROLE_LEGAL|ROLE_SCHOOL, .mFull = ROLE_ALL,
  .aField = aItemField, .nField = (int)COUNT(aItemField),
  .eDelete = REG_DEL_DELETE, .zOrder = "t.year DESC, t.org_id, t.id",
  .xCheck = check_item_check, .zCounter = "项", .xShowMore = evidence_section,
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
  int nVp, nAct, nItem, nKept, nScore, nScoreKept;
  nVp = db_int(0, "SELECT count(*) FROM vp_appoint WHERE org_id=?1", "i", from);
  nAct = db_int(0, "SELECT count(*) FROM activity WHERE org_id=?1", "i", from);
  /* an item the school merged into has for the same year stays where it was */
  nKept = db_int(0, "SELECT count(*) FROM check_item k WHERE k.org_id=?1 AND EXISTS(SELECT 1"
                    " FROM check_item m WHERE m.org_id=?2 AND m.year=k.year AND m.item=k.item)",
                 "ii", from, into);
  nItem = db_int(0, "SELECT count(*) FROM check_item WHERE org_id=?1", "i", from) - nKept;
  nScoreKept = db_int(0, "SELECT count(*) FROM assess_score s WHERE s.org_id=?1 AND EXISTS("
                         "SELECT 1 FROM assess_score m WHERE m.org_id=?2 AND m.item_id=s.item_id)",
                      "ii", from, into);
  nScore = db_int(0, "SELECT count(*) FROM assess_score WHERE org_id=?1", "i", from) - nScoreKept;
  db_exec("UPDATE vp_appoint SET org_id=?2 WHERE org_id=?1", "ii", from, into);
  db_exec("UPDATE activity SET org_id=?2 WHERE org_id=?1", "ii", from, into);
  db_exec("UPDATE check_item SET org_id=?2 WHERE org_id=?1 AND NOT EXISTS(SELECT 1"
          " FROM check_item m WHERE m.org_id=?2 AND m.year=check_item.year"
          " AND m.item=check_item.item)", "ii", from, into);
  db_exec("UPDATE evidence SET org_id=(SELECT k.org_id FROM check_item k"
          " WHERE k.id=evidence.item_id) WHERE org_id=?1", "i", from);
  db_exec("UPDATE assess_score SET org_id=?2 WHERE org_id=?1 AND NOT EXISTS(SELECT 1"
          " FROM assess_score m WHERE m.org_id=?2 AND m.item_id=assess_score.item_id)",
          "ii", from, into);
  buf_appendf(pNote, "\"vp_appoint\":%d,\"activity\":%d,\"check_item\":%d,"
              "\"check_item_kept\":%d,\"assess_score\":%d,\"assess_score_kept\":%d",
              nVp, nAct, nItem, nKept, nScore, nScoreKept);
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
