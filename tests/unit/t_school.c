/*
** t_school.c -- the schools' 法治 registers' rules (src/areas/schools/school.c):
** one person at most 2 schools at once (overlaps counted day by day, the
** same school twice refused), coverage by kind as of a date, terms ending
** within 60 days, a checklist item's rate as of a date, the semester of a
** date, activities counted in a period.  SQLite, or PostgreSQL when
** FAZHI_TEST_PG_URL names a database.
*/
#include "test.h"
#include "../../src/base/arena.h"
#include "../../src/base/buf.h"
#include "../../src/base/fmt.h"
#include "../../src/base/util.h"
#include "../../src/base/date.h"
#include "../../src/store/db.h"
#include "../../src/reg/reg.h"
#include "../../src/core/app.h"
#include "../../src/areas/org/org.h"
#include "../../src/areas/schools/school.h"
#include "../../src/reg/view.h"
#include "../../src/routes.h"

/* The semester of a date. */
static void test_school_semester(void){
  char z[16];
  school_semester("2024-03-01", z);
  CHECK_STR(z, "2024春");
  school_semester("2024-07-31", z);
  CHECK_STR(z, "2024春");
  school_semester("2024-08-01", z);
  CHECK_STR(z, "2024秋");
  school_semester("2025-01-15", z);
  CHECK_STR(z, "2024秋");
  school_semester("bad", z);
  CHECK_STR(z, "");
}

/* The rules over a scratch county of 3 schools and 1 kindergarten. */
static void test_school_rules(void){
  struct buf err = BUF_INIT;
  struct arena *ar = arena_new();
  struct actor a;
  struct reg_err e;
  struct fig_result res;
  const char *zMsg;
  i64 root, s1, s2, s3, k1, p1, ap;
  int nC;
  char z1[24], z2[24], z3[24], zk[24], zp[24];
  CHECK(test_db_fresh("school.db")==0);
  db_migrate();
  memset(&app.keys, 5, sizeof(app.keys));
  app.keys.aMac[0] = 1;
  app.keys.aIdx[0] = 2;
  actor_cli(&a);
  reg_err_init(&e, ar);
  root = test_org_add(&a, "梨树县教育局", "bureau", 0);
  s1 = test_org_add(&a, "一小", "school", root);
  s2 = test_org_add(&a, "二小", "school", root);
  s3 = test_org_add(&a, "三小", "school", root);
  k1 = test_org_add(&a, "一幼", "kindergarten", root);
  snprintf(z1, sizeof(z1), "%lld", (long long)s1);
  snprintf(z2, sizeof(z2), "%lld", (long long)s2);
  snprintf(z3, sizeof(z3), "%lld", (long long)s3);
  snprintf(zk, sizeof(zk), "%lld", (long long)k1);
  {
    const char *const az[] = { "org_id", "梨树县教育局", "name", "王警官",
      "employer_kind", "公安", "employer", "梨树县公安局", "id_no", "11010519491231002X", 0 };
    p1 = test_reg_add("vp_person", &a, az, &e);
    CHECK(p1>0);
  }
  snprintf(zp, sizeof(zp), "%lld", (long long)p1);
  {
    const char *const az1[] = { "org_id", z1, "person_id", zp, "term_start", "2024-09-01",
                                "term_end", "2025-08-31", 0 };
    const char *const az2[] = { "org_id", z2, "person_id", zp, "term_start", "2025-03-01",
                                "term_end", "2026-02-28", 0 };
    const char *const az3[] = { "org_id", z3, "person_id", zp, "term_start", "2025-06-01",
                                "term_end", "2025-12-31", 0 };
    const char *const az3b[] = { "org_id", z3, "person_id", zp, "term_start", "2025-09-01",
                                 "term_end", "2026-08-31", 0 };
    const char *const azk[] = { "org_id", zk, "person_id", zp, "term_start", "2026-03-01",
                                "term_end", "2027-02-28", 0 };
    CHECK((ap = test_reg_add("vp_appoint", &a, az1, &e))>0);
    CHECK(test_reg_add("vp_appoint", &a, az2, &e)>0);
    /* 2025-06-01: 一小 and 二小 in force: a third is refused on person_id */
    CHECK(test_reg_add("vp_appoint", &a, az3, &e)==0);
    CHECK_INT(e.eKind, REG_ECONFLICT);
    CHECK(e.n==1 && str_eq(e.a[0].zField, "person_id") && strstr(e.a[0].zMsg, "2 所学校"));
    /* after 一小's term ends, 二小 + 三小 is two */
    CHECK(test_reg_add("vp_appoint", &a, az3b, &e)>0);
    /* 2026-03-01: 二小 has ended, 三小 runs: the kindergarten is the second */
    CHECK(test_reg_add("vp_appoint", &a, azk, &e)>0);
    /* the same school twice at once */
    CHECK_INT(vp_concurrent_check(p1, 0, s1, "2025-01-01", "2025-02-01", ar, &zMsg), -1);
    CHECK(strstr(zMsg, "一小")!=0);
    /* its own row does not count against an update */
    CHECK_INT(vp_concurrent_check(p1, ap, s1, "2024-09-01", "2025-08-31", ar, &zMsg), 0);
  }
  /* coverage by kind as of a date (the figures vp.rate_*) */
  test_fig("vp.rate_school", 0, "2024-08-31", ar, &res);
  CHECK_INT(res.nDen, 3);
  CHECK_INT(res.nNum, 0);
  test_fig("vp.rate_school", 0, "2025-06-01", ar, &res);
  CHECK_INT(res.nNum, 2);
  test_fig("vp.rate_school", 0, "2025-10-01", ar, &res);
  CHECK_INT(res.nNum, 2);
  test_fig("vp.rate_kindergarten", 0, "2025-10-01", ar, &res);
  CHECK_INT(res.nDen, 1);
  CHECK_INT(res.nNum, 0);
  test_fig("vp.rate_kindergarten", 0, "2026-03-01", ar, &res);
  CHECK_INT(res.nNum, 1);
  /* 未配备: the members vp.rate misses */
  test_fig("vp.rate", 0, "2025-10-01", ar, &res);
  CHECK_INT(res.nMiss, 2);
  for(nC=0; nC<res.nMiss; nC++){
    CHECK(str_eq(res.azMissLabel[nC], "一小") || str_eq(res.azMissLabel[nC], "一幼"));
  }
  /* 聘期将满 within 60 days of 2025-07-15: 一小 (2025-08-31) */
  test_fig("vp.ending", 0, "2025-07-15", ar, &res);
  CHECK_INT(res.n, 1);
  if( res.n==1 ){
    CHECK_STR(res.azLabel[0], "一小");
    CHECK_STR(res.azDue[0], "2025-08-31");
    CHECK(res.aOrg[0]==s1);
  }
  /* 三小's term ends 2025-12-31 but a renewal from 2025-09-01 runs to
  ** 2026-08-31: not ending (the overlapping renewal counts) */
  test_fig("vp.ending", 0, "2025-11-15", ar, &res);
  CHECK_INT(res.n, 0);
  /* the checklist: a year's template, the rate as of a date */
  {
    const char *const azT[] = { "org_id", "梨树县教育局", "year", "2025", "item", "guard", 0 };
    const char *const azI1[] = { "org_id", z1, "year", "2025", "item", "guard", "status", "met",
                                 "checked_on", "2025-04-01", "checker", "李", 0 };
    const char *const azI2[] = { "org_id", z2, "year", "2025", "item", "guard", "status", "met",
                                 "checked_on", "2025-09-01", "checker", "李", 0 };
    const char *const azI3[] = { "org_id", z3, "year", "2025", "item", "guard", "status", "unmet",
                                 "checked_on", "2025-04-01", "checker", "李",
                                 "note", "只有兼职保安", 0 };
    const char *const azBad[] = { "org_id", z3, "year", "2025", "item", "video", "status", "met",
                                  "checked_on", "2024-04-01", "checker", "李", 0 };
    CHECK(test_reg_add("check_item", &a, azI1, &e)==0);
    CHECK(str_eq(reg_err_of(&e, "item") ? "y" : "n", "y"));
    CHECK(test_reg_add("check_tmpl", &a, azT, &e)>0);
    CHECK(test_reg_add("check_item", &a, azI1, &e)>0);
    CHECK(test_reg_add("check_item", &a, azI2, &e)>0);
    CHECK(test_reg_add("check_item", &a, azI3, &e)>0);
    CHECK(test_reg_add("check_item", &a, azBad, &e)==0);
    CHECK(reg_err_of(&e, "item")!=0 && reg_err_of(&e, "checked_on")!=0);
    test_fig("safety.guard", 0, "2025-06-30", ar, &res);
    CHECK_INT(res.nDen, 4);
    CHECK_INT(res.nNum, 1);
    test_fig("safety.guard", 0, "2025-12-31", ar, &res);
    CHECK_INT(res.nNum, 2);
    test_fig("safety.guard", 0, "2026-12-31", ar, &res);
    CHECK_INT(res.nNum, 0);
  }
  /* activities in a period */
  {
    const char *const az1[] = { "org_id", "梨树县教育局", "kind", "专题学习", "held_on", "2024-03-05",
                                "title", "宪法", 0 };
    const char *const az2[] = { "org_id", "梨树县教育局", "kind", "专题学习", "held_on", "2025-03-05",
                                "title", "民法典", 0 };
    CHECK(test_reg_add("activity", &a, az1, &e)>0);
    CHECK(test_reg_add("activity", &a, az2, &e)>0);
    test_fig("study.sessions", 0, "2024-12-31", ar, &res);
    CHECK_INT(res.n, 1);
    test_fig("case.autumn", 0, "2024-12-31", ar, &res);
    CHECK_INT(res.n, 0);
  }
  /* compliance as of 2025-10-01: 二小 and 三小 have a 法治副校长; 2025's
  ** template is 专职保安员, met at 一小 and 二小, 未达标 at 三小 */
  {
    struct view_ctx c;
    int i, k, iLack, nSeen = 0;
    view_run(&compliance_view, &c, ar, &a, 0, date_from_ymd(2025, 10, 1), 0);
    iLack = view_col_index(&c, "lacks");
    CHECK_INT(c.nRow, 4);
    CHECK_INT(c.s.year, 2025);
    CHECK_INT(c.nShown, 4);                /* nobody held 以案说法 this semester */
    for(i=0, k=0; i<c.nRow; i++) k += c.aRow[i].aCell[view_col_index(&c, "vp")].v>0;
    CHECK_INT(k, 2);                       /* 二小 and 三小 have a 法治副校长 */
    for(i=0; i<c.nRow && iLack>=0; i++){
      const struct view_cell *x = &c.aRow[i].aCell[iLack];
      if( str_eq(c.aRow[i].zOrg, "一小") ){
        nSeen++;
        CHECK(x->n==2 && str_eq(x->azCode[0], "vp") && str_eq(x->azCode[1], "case_talk"));
      }
      if( str_eq(c.aRow[i].zOrg, "三小") ){
        nSeen++;
        CHECK(x->n==2 && str_eq(x->azText[0], "专职保安员：未达标（只有兼职保安）"));
      }
    }
    CHECK_INT(nSeen, 2);
    view_run(&compliance_view, &c, ar, &a, 0, date_from_ymd(2025, 10, 1), "kindergarten");
    CHECK_INT(c.nRow, 1);
  }
  /* 三小 merges into 二小: its appointment follows, its 2025 专职保安员
  ** stays (二小 has its own), the audit says so */
  {
    const struct reg_def *pOrg = reg_find("org");
    const char **az = reg_values_alloc(ar, pOrg);
    bool *abSet = reg_flags_alloc(ar, pOrg);
    int iSt = reg_field_index(pOrg, "status"), iCl = reg_field_index(pOrg, "closed");
    int iInto = reg_field_index(pOrg, "merged_into");
    /* a person 三小 registered: no area's merge code names vp_person, the
    ** kernel's walk over the declared references moves it all the same */
    const char *const azP3[] = { "org_id", z3, "name", "李法官", "employer_kind", "法院",
      "employer", "梨树县人民法院", "id_no", "220322199001011235", 0 };
    i64 p3 = test_reg_add("vp_person", &a, azP3, &e);
    CHECK(p3>0);
    az[iSt] = "merged"; abSet[iSt] = true;
    az[iInto] = z2; abSet[iInto] = true;
    reg_err_init(&e, ar);
    CHECK(reg_update(pOrg, &a, s3, az, abSet, &e)!=0);       /* no date */
    CHECK(reg_err_of(&e, "closed")!=0);
    CHECK_INT(db_int(0, "SELECT count(*) FROM vp_appoint WHERE org_id=?1", "i", s3), 1);
    az[iCl] = "2025-12-01"; abSet[iCl] = true;
    reg_err_init(&e, ar);
    CHECK_INT(reg_update(pOrg, &a, s3, az, abSet, &e), 0);
    CHECK_INT(db_int(0, "SELECT count(*) FROM vp_appoint WHERE org_id=?1", "i", s3), 0);
    CHECK_INT(db_int(0, "SELECT count(*) FROM vp_appoint WHERE org_id=?1", "i", s2), 2);
    CHECK_INT(db_int(0, "SELECT count(*) FROM check_item WHERE org_id=?1", "i", s3), 1);
    CHECK(db_exists("SELECT 1 FROM audit WHERE action='merge' AND entity='org' AND entity_id=?1"
                    " AND after LIKE '%\"vp_appoint\":1%'", "t", z3));
    CHECK_INT(db_int(0, "SELECT org_id FROM vp_person WHERE id=?1", "i", p3), (int)s2);
    /* the note names every register that refers to orgs, moved or kept */
    {
      char *zAfter = db_text(ar, 0, "SELECT after FROM audit WHERE action='merge' AND entity='org'"
                                    " AND entity_id=?1", "t", z3);
      CHECK(zAfter && strstr(zAfter, "\"vp_person\":1"));
      CHECK(zAfter && strstr(zAfter, "\"check_item\":0,\"check_item_kept\":1"));
      CHECK(zAfter && strstr(zAfter, "\"adviser\":0"));
      CHECK(zAfter && strstr(zAfter, "\"permit\":0"));
      CHECK(zAfter && strstr(zAfter, "\"evidence\":0"));
    }
    test_fig("vp.rate_school", 0, "2025-12-15", ar, &res);
    CHECK_INT(res.nDen, 2);                /* 三小 closed on 2025-12-01 */
  }
  CHECK_INT(db_open_statements(), 0);
  CHECK_INT(db_txn_depth(), 0);
  db_close();
  buf_release(&err);
  arena_free(ar);
}

void test_school(void){
  app_regs_init();
  test_school_semester();
  test_school_rules();
}
