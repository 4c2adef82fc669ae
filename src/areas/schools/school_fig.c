/*
** school_fig.c -- the figures and alerts the schools' 法治 registers
** answer (reg/figure.h): 法治副校长 count and 配备率 (all, by kind), each
** campus-safety item's 达标率 and the "三个100%" rate, 三落实 and 法治文化
** 阵地 rates, 专题学习, 学法专题讲座 and 以案说法 counts; alerts for a school
** without a 法治副校长, a term ending within 60 days, a checklist item not
** met.  Schools are the orgs of kind school or kindergarten that exist on
** the as-of day; an appointment counts when its term covers that day; a
** checklist item counts when checked 达标 in the year on or before it.
*/
#include "../../common.h"
#include "../../base/arena.h"
#include "../../base/date.h"
#include "../../reg/figure.h"
#include "../../store/db.h"
#include "school.h"

/* An appointment a in force on the as-of day. */
#define VP_IN_FORCE(a) a ".voided_at IS NULL AND " a ".term_start<=?2 AND " a ".term_end>=?2"

/* The share of open schools (of one kind, or both) with a 法治副校长 in
** force: the schools with one are the records, those without are missing
** (未配备). */
#define VP_RATE(zFilter) { \
  .eKind = FIG_RATE, .zPop = "school_open", .zWhere = zFilter, \
  .zMatch = "EXISTS(SELECT 1 FROM vp_appoint a WHERE a.org_id=o.id AND " VP_IN_FORCE("a") ")", \
  .zKnown = "SELECT 1 FROM vp_appoint WHERE voided_at IS NULL", \
  .zMet = "已聘任法治副校长", .zMiss = "未配备法治副校长" }

static const struct fig_decl dVpRate = VP_RATE(0);
static const struct fig_decl dVpRateSchool = VP_RATE("o.kind='school'");
static const struct fig_decl dVpRateKg = VP_RATE("o.kind='kindergarten'");

/* vp.count: the people serving at an open school in the scope on the day. */
static const struct fig_decl dVpCount = {
  .eKind = FIG_COUNT, .zPop = "school_open", .zFrom = "vp_person p", .zScope = "",
  .zWhere = "p.voided_at IS NULL AND EXISTS(SELECT 1 FROM vp_appoint a WHERE a.person_id=p.id"
            " AND " VP_IN_FORCE("a") " AND a.org_id IN ({pop}))",
  .zId = "p.id", .zName = "p.name", .zDetail = "p.employer", .zOrder = "p.name, p.id" };

/* vp.ending (聘期将满): an appointment in force at an open school whose
** term ends within FIG_SOON_DAYS, when no appointment at that school runs
** beyond that horizon (a renewal, overlapping or later, clears it).  The
** record's label is the school, its detail the person, its date the end. */
static const struct fig_decl dVpEnding = {
  .eKind = FIG_COUNT, .zPop = "school_open",
  .zFrom = "vp_appoint a JOIN org o ON o.id=a.org_id",
  .zWhere = VP_IN_FORCE("a") " AND a.term_end<=?5 AND a.org_id IN ({pop})"
            " AND NOT EXISTS(SELECT 1 FROM vp_appoint b WHERE b.org_id=a.org_id"
            " AND b.voided_at IS NULL AND b.term_end>?5)",
  .zId = "a.id", .zName = "o.name", .zDetail = "a.vp_name", .zOrg = "a.org_id",
  .zDue = "a.term_end", .zOrder = "a.term_end, o.sort_key, a.id" };

/* The share of open schools with every item of a list checked 达标 in the
** year on or before the day (items as SQL literals, n of them). */
#define CHECK_RATE(zItems, nN) { \
  .eKind = FIG_RATE, .zPop = "school_open", \
  .zMatch = "(SELECT count(DISTINCT k.item) FROM check_item k WHERE k.org_id=o.id" \
            " AND k.year=?4 AND k.status='met' AND k.checked_on<=?2" \
            " AND k.item IN (" zItems "))=" #nN, \
  .zKnown = "SELECT 1 FROM check_item WHERE year=?4", .zMet = "达标", .zMiss = "未达标或未检查", \
  .zRecorded = "SELECT count(DISTINCT k.item) FROM check_item k WHERE k.year=?4" \
               " AND k.checked_on<=?2 AND k.item IN (" zItems ")" \
               " AND k.org_id IN ({pop})", .nItems = nN }

static const struct fig_decl dSafety = CHECK_RATE("'guard','closed','alarm','video'", 4);
static const struct fig_decl dGuard = CHECK_RATE("'guard'", 1);
static const struct fig_decl dClosed = CHECK_RATE("'closed'", 1);
static const struct fig_decl dAlarm = CHECK_RATE("'alarm'", 1);
static const struct fig_decl dVideo = CHECK_RATE("'video'", 1);
static const struct fig_decl dTri = CHECK_RATE("'textbook','teacher','hours'", 3);
static const struct fig_decl dCulture = CHECK_RATE("'signage','books','cases','courseware'", 4);
static const struct fig_decl dTextbook = CHECK_RATE("'textbook'", 1);
static const struct fig_decl dTeacher = CHECK_RATE("'teacher'", 1);
static const struct fig_decl dHours = CHECK_RATE("'hours'", 1);
static const struct fig_decl dSignage = CHECK_RATE("'signage'", 1);
static const struct fig_decl dBooks = CHECK_RATE("'books'", 1);
static const struct fig_decl dCases = CHECK_RATE("'cases'", 1);
static const struct fig_decl dCourseware = CHECK_RATE("'courseware'", 1);

/* Activities of a kind (and semester) held from the year's start to the
** day: the activities are the records. */
#define ACTIVITY_OF(zFilter) { \
  .eKind = FIG_COUNT, .zFrom = "activity t JOIN org o ON o.id=t.org_id", .zDate = "t.held_on", \
  .zWhere = "t.voided_at IS NULL AND " zFilter, .zId = "t.id", .zName = "t.title", \
  .zDetail = "t.held_on || ' · ' || o.name", .zOrg = "t.org_id", .zDue = "t.held_on", \
  .zOrder = "t.held_on, t.id" }

static const struct fig_decl dStudy = ACTIVITY_OF("t.kind='topic_study'");
static const struct fig_decl dLecture = ACTIVITY_OF("t.kind='law_lecture'");
static const struct fig_decl dCadre = ACTIVITY_OF("t.kind='cadre_lecture'");
static const struct fig_decl dCaseSpring =
  ACTIVITY_OF("t.kind='case_talk' AND t.semester=CAST(?4 AS TEXT) || '春'");
static const struct fig_decl dCaseAutumn =
  ACTIVITY_OF("t.kind='case_talk' AND t.semester=CAST(?4 AS TEXT) || '秋'");

/* Open schools of a 学段 or 办学性质 (the org register's fields). */
#define STAGE_OF(zFilter) { \
  .eKind = FIG_COUNT, .zPop = "school_open", .zFrom = "org o", \
  .zWhere = zFilter " AND o.id IN ({pop})", .zId = "o.id", .zName = "o.name", \
  .zDetail = "o.town", .zOrg = "o.id", .zOrder = "o.sort_key, o.id" }

static const struct fig_decl dPrimary = STAGE_OF("o.stage='primary'");
static const struct fig_decl dJunior = STAGE_OF("o.stage='junior'");
static const struct fig_decl dNine = STAGE_OF("o.stage='nine_year'");
static const struct fig_decl dSenior = STAGE_OF("o.stage='senior'");
static const struct fig_decl dPrivate = STAGE_OF("o.ownership='private'");

const struct figure school_figures[] = {
  { "school.primary", "小学数", "所",
    "机构名录中学段/类别为“小学”、截至数据截至日期已设立且未撤销的学校", "org", .pDecl = &dPrimary },
  { "school.junior", "初中数", "所",
    "机构名录中学段/类别为“初中”、截至数据截至日期已设立且未撤销的学校", "org", .pDecl = &dJunior },
  { "school.nine_year", "九年一贯制学校数", "所",
    "机构名录中学段/类别为“九年一贯制”、截至数据截至日期已设立且未撤销的学校", "org",
    .pDecl = &dNine },
  { "school.senior", "高中数", "所",
    "机构名录中学段/类别为“高中”、截至数据截至日期已设立且未撤销的学校", "org", .pDecl = &dSenior },
  { "school.private", "民办学校和幼儿园数", "所",
    "机构名录中办学性质为“民办”、截至数据截至日期已设立且未撤销的学校和幼儿园", "org",
    .pDecl = &dPrivate },
  { "vp.count", "法治副校长人数", "人",
    "截至数据截至日期在本范围内中小学、幼儿园聘期内的法治副校长人数（一人聘于两校计一人）",
    "vp_person", .pDecl = &dVpCount },
  { "vp.rate", "法治副校长配备率", "%",
    "截至数据截至日期有聘期内法治副校长的中小学和幼儿园所数 ÷ 中小学和幼儿园所数", "org", .pDecl = &dVpRate },
  { "vp.rate_school", "中小学法治副校长配备率", "%",
    "截至数据截至日期有聘期内法治副校长的中小学所数 ÷ 中小学所数", "org",
    .pDecl = &dVpRateSchool },
  { "vp.rate_kindergarten", "幼儿园法治副校长配备率", "%",
    "截至数据截至日期有聘期内法治副校长的幼儿园所数 ÷ 幼儿园所数", "org", .pDecl = &dVpRateKg },
  { "vp.ending", "法治副校长聘期将满", "人次",
    "截至数据截至日期聘期内、60 天内届满且该校没有聘期超过这 60 天的其他聘任的法治副校长聘任",
    "vp_appoint", .pDecl = &dVpEnding },
  { "safety.rate", "校园安全“三个100%”达标率", "%",
    "本年度专职保安员、封闭化管理、一键式紧急报警、视频监控四项均检查达标的学校所数 ÷ 学校所数",
    "org", .pDecl = &dSafety },
  { "safety.guard", "专职保安员配备达标率", "%",
    "本年度“专职保安员”检查达标的学校所数 ÷ 学校所数", "org", .pDecl = &dGuard },
  { "safety.closed", "封闭化管理达标率", "%",
    "本年度“封闭化管理”检查达标的学校所数 ÷ 学校所数", "org", .pDecl = &dClosed },
  { "safety.alarm", "一键式紧急报警达标率", "%",
    "本年度“一键式紧急报警”检查达标的学校所数 ÷ 学校所数", "org", .pDecl = &dAlarm },
  { "safety.video", "视频监控系统达标率", "%",
    "本年度“视频监控”检查达标的学校所数 ÷ 学校所数", "org", .pDecl = &dVideo },
  { "lawclass.rate", "法治课“三落实”达标率", "%",
    "本年度教材、师资、课时三项均检查达标的学校所数 ÷ 学校所数", "org", .pDecl = &dTri },
  { "culture.rate", "法治文化阵地达标率", "%",
    "本年度宣传标识、法律图书、法治案例台账、法治教育课件四项均检查达标的学校所数 ÷ 学校所数",
    "org", .pDecl = &dCulture },
#define CHECK_FIG(zItem, zName, pD) { "check." zItem, zName "达标率", "%", \
    "本年度“" zName "”检查达标的学校所数 ÷ 学校所数", "org", .pDecl = pD, .bDetail = true }
  CHECK_FIG("textbook", "法治课教材落实", &dTextbook),
  CHECK_FIG("teacher", "法治课师资落实", &dTeacher),
  CHECK_FIG("hours", "法治课课时落实", &dHours),
  CHECK_FIG("signage", "法治宣传标识", &dSignage),
  CHECK_FIG("books", "法律图书", &dBooks),
  CHECK_FIG("cases", "法治案例台账", &dCases),
  CHECK_FIG("courseware", "法治教育课件", &dCourseware),
  { "study.sessions", "专题学习活动次数", "次",
    "本年度 1 月 1 日至数据截至日期登记的“专题学习”活动次数", "activity", .pDecl = &dStudy },
  { "lecture.law", "学法专题讲座次数", "次",
    "本年度 1 月 1 日至数据截至日期登记的“学法专题讲座”次数", "activity", .pDecl = &dLecture },
  { "lecture.cadre", "干部学法讲座次数", "次",
    "本年度 1 月 1 日至数据截至日期登记的“干部学法讲座”次数", "activity", .pDecl = &dCadre },
  { "case.spring", "春季学期以案说法次数", "次",
    "本年度春季学期（2—7 月）登记的“以案说法”活动次数", "activity", .pDecl = &dCaseSpring },
  { "case.autumn", "秋季学期以案说法次数", "次",
    "本年度秋季学期（8 月起）至数据截至日期登记的“以案说法”活动次数", "activity",
    .pDecl = &dCaseAutumn },
  { 0 }
};

const char *school_item_figure(const char *zItem){
  static const char *const az[] = {
    "guard", "safety.guard", "closed", "safety.closed", "alarm", "safety.alarm",
    "video", "safety.video", "textbook", "check.textbook", "teacher", "check.teacher",
    "hours", "check.hours", "signage", "check.signage", "books", "check.books",
    "cases", "check.cases", "courseware", "check.courseware", 0
  };
  int i;
  for(i=0; az[i]; i+=2) if( strcmp(az[i], zItem)==0 ) return az[i+1];
  return 0;
}

/* vp.missing: a school without a 法治副校长 on the day (the members the
** figure vp.rate misses). */
static void alert_vp_missing(const struct fig_scope *s, struct arena *ar,
                             struct alert_list *pList){
  struct fig_result res;
  int i;
  figure_get("vp.rate", s, ar, &res);
  for(i=0; i<res.nMiss; i++){
    alert_add(pList, ar, ALERT_OVERDUE, 0, arena_printf(ar, "%s 未配备法治副校长", res.azMissLabel[i]),
              arena_printf(ar, "/vp-appointments?org_id=%lld", (long long)res.aMissId[i]));
  }
}

/* vp.ending: the records of the figure vp.ending (聘期将满). */
static void alert_vp_ending(const struct fig_scope *s, struct arena *ar,
                            struct alert_list *pList){
  struct fig_result res;
  int i;
  figure_get("vp.ending", s, ar, &res);
  for(i=0; i<res.n; i++){
    int day = 0;
    date_parse(res.azDue[i], &day);
    alert_add(pList, ar, ALERT_SOON, day,
              arena_printf(ar, "%s 法治副校长 %s 聘期 %s 届满，请续聘或另聘", res.azLabel[i],
                           res.azDetail[i] ? res.azDetail[i] : "", res.azDue[i]),
              arena_printf(ar, "/vp-appointments/%lld", (long long)res.aId[i]));
  }
}

/* check.unmet: a checklist item found 未达标 this year and not since met. */
static void alert_check_unmet(const struct fig_scope *s, struct arena *ar,
                              struct alert_list *pList){
  struct stmt q;
  db_prepare(&q, "SELECT k.id, o.name, k.item, k.note FROM check_item k JOIN org o"
                 " ON o.id=k.org_id WHERE o.path LIKE ?1 AND k.year=?2 AND k.status='unmet'"
                 " ORDER BY o.sort_key, k.id");
  db_bind_text(&q, 1, s->zLike);
  db_bind_int64(&q, 2, s->year);
  while( db_step(&q)==DB_ROW ){
    const char *zNote = db_column_text(&q, 3);
    alert_add(pList, ar, ALERT_OVERDUE, 0,
              arena_printf(ar, "%s “%s”未达标%s%s", db_column_text(&q, 1),
                           school_item_label(db_column_text(&q, 2)), zNote ? "：" : "",
                           zNote ? zNote : ""),
              arena_printf(ar, "/check-items/%lld", (long long)db_column_int64(&q, 0)));
  }
  db_finalize(&q);
}

const struct alert_def school_alerts[] = {
  { "vp.missing", "未配备法治副校长的学校", alert_vp_missing },
  { "vp.ending", "法治副校长聘期将满", alert_vp_ending },
  { "check.unmet", "学校检查项目未达标", alert_check_unmet },
  { "check.template", "下一年度检查项目模板", check_template_alert },
  { "check.todo", "本年度检查项目未填写", check_todo_alert },
  { 0, 0, 0 }
};
