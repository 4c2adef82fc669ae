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

/* The share of schools (zKind, or both when NULL) with a 法治副校长: the
** schools with one are the records. */
static void vp_rate_of(const struct fig_scope *s, struct arena *ar, struct fig_result *res,
                       const char *zKind){
  struct stmt q;
  int nAll = 0;
  db_prepare(&q, "SELECT o.id, o.name, CASE WHEN"
                 " EXISTS(SELECT 1 FROM vp_appoint a WHERE a.org_id=o.id AND a.voided_at IS NULL"
                 " AND a.term_start<=?2 AND a.term_end>=?2)"
                 " THEN 1 ELSE 0 END"
                 " FROM org o WHERE"
                 " o.path LIKE ?1 AND o.kind IN ('school','kindergarten')"
                 " AND (o.founded IS NULL OR o.founded<=?2) AND (o.closed IS NULL OR o.closed>?2)"
                 " AND (CAST(?3 AS TEXT) IS NULL OR o.kind=?3)"
                 " ORDER BY o.sort_path, o.id");
  db_bind_text(&q, 1, s->zLike);
  db_bind_text(&q, 2, s->zAsOf);
  if( zKind ) db_bind_text(&q, 3, zKind); else db_bind_null(&q, 3);
  while( db_step(&q)==DB_ROW ){
    nAll++;
    if( db_column_int64(&q, 2) ){
      fig_add(res, ar, db_column_int64(&q, 0), db_column_text(&q, 1), "已聘任法治副校长");
    }
  }
  db_finalize(&q);
  res->bKnown = nAll>0 && db_exists("SELECT 1 FROM vp_appoint WHERE voided_at IS NULL", "");
  res->v = nAll ? 100.0*res->n/nAll : 0;
}

/* vp.rate: 法治副校长配备率, 中小学 and 幼儿园 together. */
static void fig_vp_rate(const struct fig_scope *s, struct arena *ar, struct fig_result *res){
  vp_rate_of(s, ar, res, 0);
}

/* vp.rate_school: 中小学. */
static void fig_vp_rate_school(const struct fig_scope *s, struct arena *ar,
                               struct fig_result *res){
  vp_rate_of(s, ar, res, "school");
}

/* vp.rate_kindergarten: 幼儿园. */
static void fig_vp_rate_kg(const struct fig_scope *s, struct arena *ar, struct fig_result *res){
  vp_rate_of(s, ar, res, "kindergarten");
}

/* vp.count: the people serving in the scope on the day. */
static void fig_vp_count(const struct fig_scope *s, struct arena *ar, struct fig_result *res){
  struct stmt q;
  db_prepare(&q, "SELECT p.id, p.name, p.employer FROM vp_person p WHERE p.voided_at IS NULL"
                 " AND EXISTS(SELECT 1 FROM vp_appoint a JOIN org o ON o.id=a.org_id"
                 " WHERE a.person_id=p.id AND a.voided_at IS NULL AND a.term_start<=?2"
                 " AND a.term_end>=?2 AND"
                 " o.path LIKE ?1 AND o.kind IN ('school','kindergarten')"
                 " AND (o.founded IS NULL OR o.founded<=?2) AND (o.closed IS NULL OR o.closed>?2)"
                 ") ORDER BY p.name, p.id");
  db_bind_text(&q, 1, s->zLike);
  db_bind_text(&q, 2, s->zAsOf);
  while( db_step(&q)==DB_ROW ){
    fig_add(res, ar, db_column_int64(&q, 0), db_column_text(&q, 1), db_column_text(&q, 2));
  }
  db_finalize(&q);
  res->v = res->n;
  res->bKnown = res->n>0;
}

/* The share of schools with every item of azItem (at most 4) checked 达标 in the year
** on or before the day: the schools meeting them are the records. */
static void check_rate_of(const struct fig_scope *s, struct arena *ar, struct fig_result *res,
                          const char *const *azItem){
  struct stmt q;
  int nAll = 0, nItem = 0, i;
  while( azItem[nItem] && nItem<4 ) nItem++;
  db_prepare(&q, "SELECT o.id, o.name, (SELECT count(DISTINCT k.item) FROM check_item k"
                 " WHERE k.org_id=o.id AND k.year=?3 AND k.status='met' AND k.checked_on<=?2"
                 " AND k.item IN (?4, ?5, ?6, ?7)) FROM org o WHERE"
                 " o.path LIKE ?1 AND o.kind IN ('school','kindergarten')"
                 " AND (o.founded IS NULL OR o.founded<=?2) AND (o.closed IS NULL OR o.closed>?2)"
                 " ORDER BY o.sort_path, o.id");
  db_bind_text(&q, 1, s->zLike);
  db_bind_text(&q, 2, s->zAsOf);
  db_bind_int64(&q, 3, s->year);
  for(i=0; i<4; i++){
    if( i<nItem ) db_bind_text(&q, 4+i, azItem[i]); else db_bind_text(&q, 4+i, "");
  }
  while( db_step(&q)==DB_ROW ){
    nAll++;
    if( db_column_int64(&q, 2)==nItem ){
      fig_add(res, ar, db_column_int64(&q, 0), db_column_text(&q, 1), "达标");
    }
  }
  db_finalize(&q);
  res->bKnown = nAll>0 && db_exists("SELECT 1 FROM check_item WHERE year=?1", "d", s->year);
  res->v = nAll ? 100.0*res->n/nAll : 0;
}

static const char *const azSafety[] = { "guard", "closed", "alarm", "video", 0 };
static const char *const azTri[] = { "textbook", "teacher", "hours", 0 };
static const char *const azCulture[] = { "signage", "books", "cases", "courseware", 0 };
static const char *const azGuard[] = { "guard", 0 };
static const char *const azClosed[] = { "closed", 0 };
static const char *const azAlarm[] = { "alarm", 0 };
static const char *const azVideo[] = { "video", 0 };

/* safety.rate: all four campus-safety items 达标. */
static void fig_safety(const struct fig_scope *s, struct arena *ar, struct fig_result *res){
  check_rate_of(s, ar, res, azSafety);
}
/* safety.guard: 专职保安员. */
static void fig_guard(const struct fig_scope *s, struct arena *ar, struct fig_result *res){
  check_rate_of(s, ar, res, azGuard);
}
/* safety.closed: 封闭化管理. */
static void fig_closed(const struct fig_scope *s, struct arena *ar, struct fig_result *res){
  check_rate_of(s, ar, res, azClosed);
}
/* safety.alarm: 一键式紧急报警. */
static void fig_alarm(const struct fig_scope *s, struct arena *ar, struct fig_result *res){
  check_rate_of(s, ar, res, azAlarm);
}
/* safety.video: 视频监控. */
static void fig_video(const struct fig_scope *s, struct arena *ar, struct fig_result *res){
  check_rate_of(s, ar, res, azVideo);
}
/* lawclass.rate: 法治课 三落实 (教材、师资、课时). */
static void fig_tri(const struct fig_scope *s, struct arena *ar, struct fig_result *res){
  check_rate_of(s, ar, res, azTri);
}
/* culture.rate: 法治文化阵地 (标识、图书、案例台账、课件). */
static void fig_culture(const struct fig_scope *s, struct arena *ar, struct fig_result *res){
  check_rate_of(s, ar, res, azCulture);
}

/* Activities of kind zKind in the scope held from the year's start to the
** day (zSem: only that semester, or NULL): the activities are the records. */
static void activity_of(const struct fig_scope *s, struct arena *ar, struct fig_result *res,
                        const char *zKind, const char *zSem){
  struct stmt q;
  db_prepare(&q, "SELECT t.id, t.title, t.held_on, o.name FROM activity t JOIN org o"
                 " ON o.id=t.org_id WHERE o.path LIKE ?1 AND t.kind=?2 AND t.voided_at IS NULL"
                 " AND t.held_on>=?3 AND t.held_on<=?4"
                 " AND (CAST(?5 AS TEXT) IS NULL OR t.semester=?5)"
                 " ORDER BY t.held_on, t.id");
  db_bind_text(&q, 1, s->zLike);
  db_bind_text(&q, 2, zKind);
  db_bind_text(&q, 3, s->zYearStart);
  db_bind_text(&q, 4, s->zAsOf);
  if( zSem ) db_bind_text(&q, 5, zSem); else db_bind_null(&q, 5);
  while( db_step(&q)==DB_ROW ){
    fig_add(res, ar, db_column_int64(&q, 0), db_column_text(&q, 1),
            arena_printf(ar, "%s · %s", db_column_text(&q, 2), db_column_text(&q, 3)));
  }
  db_finalize(&q);
  res->v = res->n;
  res->bKnown = res->n>0;
}

/* study.sessions: 专题学习活动 of the year. */
static void fig_study(const struct fig_scope *s, struct arena *ar, struct fig_result *res){
  activity_of(s, ar, res, "topic_study", 0);
}
/* lecture.law: 学法专题讲座 of the year. */
static void fig_lecture(const struct fig_scope *s, struct arena *ar, struct fig_result *res){
  activity_of(s, ar, res, "law_lecture", 0);
}
/* lecture.cadre: 干部学法讲座 of the year. */
static void fig_cadre(const struct fig_scope *s, struct arena *ar, struct fig_result *res){
  activity_of(s, ar, res, "cadre_lecture", 0);
}
/* case.spring: 以案说法 in the year's spring semester. */
static void fig_case_spring(const struct fig_scope *s, struct arena *ar, struct fig_result *res){
  activity_of(s, ar, res, "case_talk", arena_printf(ar, "%d春", s->year));
}
/* case.autumn: 以案说法 in the year's autumn semester (to the year's end). */
static void fig_case_autumn(const struct fig_scope *s, struct arena *ar, struct fig_result *res){
  activity_of(s, ar, res, "case_talk", arena_printf(ar, "%d秋", s->year));
}

/* Schools and kindergartens open on the day of 学段 zStage (NULL: any) and
** 办学性质 zOwner (NULL: any), from the org register's fields. */
static void stage_of(const struct fig_scope *s, struct arena *ar, struct fig_result *res,
                     const char *zStage, const char *zOwner){
  struct stmt q;
  db_prepare(&q, "SELECT o.id, o.name, o.town FROM org o WHERE o.path LIKE ?1"
                 " AND o.kind IN ('school','kindergarten')"
                 " AND (o.founded IS NULL OR o.founded<=?2) AND (o.closed IS NULL OR o.closed>?2)"
                 " AND (CAST(?3 AS TEXT) IS NULL OR o.stage=?3)"
                 " AND (CAST(?4 AS TEXT) IS NULL OR o.ownership=?4)"
                 " ORDER BY o.sort_path, o.id");
  db_bind_text(&q, 1, s->zLike);
  db_bind_text(&q, 2, s->zAsOf);
  if( zStage ) db_bind_text(&q, 3, zStage); else db_bind_null(&q, 3);
  if( zOwner ) db_bind_text(&q, 4, zOwner); else db_bind_null(&q, 4);
  while( db_step(&q)==DB_ROW ){
    const char *zTown = db_column_text(&q, 2);
    fig_add(res, ar, db_column_int64(&q, 0), db_column_text(&q, 1), zTown ? zTown : 0);
  }
  db_finalize(&q);
  res->v = res->n;
  res->bKnown = res->n>0;
}

/* school.primary: 小学. */
static void fig_primary(const struct fig_scope *s, struct arena *ar, struct fig_result *res){
  stage_of(s, ar, res, "primary", 0);
}
/* school.junior: 初中. */
static void fig_junior(const struct fig_scope *s, struct arena *ar, struct fig_result *res){
  stage_of(s, ar, res, "junior", 0);
}
/* school.nine_year: 九年一贯制. */
static void fig_nine(const struct fig_scope *s, struct arena *ar, struct fig_result *res){
  stage_of(s, ar, res, "nine_year", 0);
}
/* school.senior: 高中. */
static void fig_senior(const struct fig_scope *s, struct arena *ar, struct fig_result *res){
  stage_of(s, ar, res, "senior", 0);
}
/* school.private: 民办学校和幼儿园. */
static void fig_private(const struct fig_scope *s, struct arena *ar, struct fig_result *res){
  stage_of(s, ar, res, 0, "private");
}

const struct figure school_figures[] = {
  { "school.primary", "小学数", "所",
    "机构名录中学段/类别为“小学”、截至数据截至日期已设立且未撤销的学校", "org", fig_primary },
  { "school.junior", "初中数", "所",
    "机构名录中学段/类别为“初中”、截至数据截至日期已设立且未撤销的学校", "org", fig_junior },
  { "school.nine_year", "九年一贯制学校数", "所",
    "机构名录中学段/类别为“九年一贯制”、截至数据截至日期已设立且未撤销的学校", "org", fig_nine },
  { "school.senior", "高中数", "所",
    "机构名录中学段/类别为“高中”、截至数据截至日期已设立且未撤销的学校", "org", fig_senior },
  { "school.private", "民办学校和幼儿园数", "所",
    "机构名录中办学性质为“民办”、截至数据截至日期已设立且未撤销的学校和幼儿园", "org", fig_private },
  { "vp.count", "法治副校长人数", "人",
    "截至数据截至日期在本范围内中小学、幼儿园聘期内的法治副校长人数（一人聘于两校计一人）",
    "vp_person", fig_vp_count },
  { "vp.rate", "法治副校长配备率", "%",
    "截至数据截至日期有聘期内法治副校长的中小学和幼儿园所数 ÷ 中小学和幼儿园所数",
    "org", fig_vp_rate },
  { "vp.rate_school", "中小学法治副校长配备率", "%",
    "截至数据截至日期有聘期内法治副校长的中小学所数 ÷ 中小学所数", "org", fig_vp_rate_school },
  { "vp.rate_kindergarten", "幼儿园法治副校长配备率", "%",
    "截至数据截至日期有聘期内法治副校长的幼儿园所数 ÷ 幼儿园所数", "org", fig_vp_rate_kg },
  { "safety.rate", "校园安全“三个100%”达标率", "%",
    "本年度专职保安员、封闭化管理、一键式紧急报警、视频监控四项均检查达标的学校所数 ÷ 学校所数",
    "org", fig_safety },
  { "safety.guard", "专职保安员配备达标率", "%",
    "本年度“专职保安员”检查达标的学校所数 ÷ 学校所数", "org", fig_guard },
  { "safety.closed", "封闭化管理达标率", "%",
    "本年度“封闭化管理”检查达标的学校所数 ÷ 学校所数", "org", fig_closed },
  { "safety.alarm", "一键式紧急报警达标率", "%",
    "本年度“一键式紧急报警”检查达标的学校所数 ÷ 学校所数", "org", fig_alarm },
  { "safety.video", "视频监控系统达标率", "%",
    "本年度“视频监控”检查达标的学校所数 ÷ 学校所数", "org", fig_video },
  { "lawclass.rate", "法治课“三落实”达标率", "%",
    "本年度教材、师资、课时三项均检查达标的学校所数 ÷ 学校所数", "org", fig_tri },
  { "culture.rate", "法治文化阵地达标率", "%",
    "本年度宣传标识、法律图书、法治案例台账、法治教育课件四项均检查达标的学校所数 ÷ 学校所数",
    "org", fig_culture },
  { "study.sessions", "专题学习活动次数", "次",
    "本年度 1 月 1 日至数据截至日期登记的“专题学习”活动次数", "activity", fig_study },
  { "lecture.law", "学法专题讲座次数", "次",
    "本年度 1 月 1 日至数据截至日期登记的“学法专题讲座”次数", "activity", fig_lecture },
  { "lecture.cadre", "干部学法讲座次数", "次",
    "本年度 1 月 1 日至数据截至日期登记的“干部学法讲座”次数", "activity", fig_cadre },
  { "case.spring", "春季学期以案说法次数", "次",
    "本年度春季学期（2—7 月）登记的“以案说法”活动次数", "activity", fig_case_spring },
  { "case.autumn", "秋季学期以案说法次数", "次",
    "本年度秋季学期（8 月起）至数据截至日期登记的“以案说法”活动次数", "activity",
    fig_case_autumn },
  { 0, 0, 0, 0, 0, 0 }
};

/* vp.missing: a school without a 法治副校长 on the day. */
static void alert_vp_missing(const struct fig_scope *s, struct arena *ar,
                             struct alert_list *pList){
  struct stmt q;
  db_prepare(&q, "SELECT o.id, o.name FROM org o WHERE"
                 " o.path LIKE ?1 AND o.kind IN ('school','kindergarten')"
                 " AND (o.founded IS NULL OR o.founded<=?2) AND (o.closed IS NULL OR o.closed>?2)"
                 " AND NOT"
                 " EXISTS(SELECT 1 FROM vp_appoint a WHERE a.org_id=o.id AND a.voided_at IS NULL"
                 " AND a.term_start<=?2 AND a.term_end>=?2)"
                 " ORDER BY o.sort_path, o.id");
  db_bind_text(&q, 1, s->zLike);
  db_bind_text(&q, 2, s->zAsOf);
  while( db_step(&q)==DB_ROW ){
    alert_add(pList, ar, ALERT_OVERDUE, 0,
              arena_printf(ar, "%s 未配备法治副校长", db_column_text(&q, 1)),
              arena_printf(ar, "/vp-appointments?org_id=%lld", (long long)db_column_int64(&q, 0)));
  }
  db_finalize(&q);
}

/* vp.ending: a term ending within 60 days that no later one follows. */
static void alert_vp_ending(const struct fig_scope *s, struct arena *ar,
                            struct alert_list *pList){
  struct stmt q;
  vp_ending(s->zLike, s->zAsOf, 60, &q);
  while( db_step(&q)==DB_ROW ){
    int day = 0;
    date_parse(db_column_text(&q, 3), &day);
    alert_add(pList, ar, ALERT_SOON, day,
              arena_printf(ar, "%s 法治副校长 %s 聘期 %s 届满，请续聘或另聘",
                           db_column_text(&q, 1), db_column_text(&q, 2), db_column_text(&q, 3)),
              arena_printf(ar, "/vp-appointments/%lld", (long long)db_column_int64(&q, 0)));
  }
  db_finalize(&q);
}

/* check.unmet: a checklist item found 未达标 this year and not since met. */
static void alert_check_unmet(const struct fig_scope *s, struct arena *ar,
                              struct alert_list *pList){
  struct stmt q;
  db_prepare(&q, "SELECT k.id, o.name, k.item, k.note FROM check_item k JOIN org o"
                 " ON o.id=k.org_id WHERE o.path LIKE ?1 AND k.year=?2 AND k.status='unmet'"
                 " ORDER BY o.sort_path, k.id");
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
  { 0, 0, 0 }
};
