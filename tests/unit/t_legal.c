/*
** t_legal.c -- the rules of 矛盾纠纷, 行政复议/诉讼 with the year
** confirmations and the 年度工作安排 (src/areas/legal/dispute.c,
** lawcase.c, task.c, legal_fig.c) on a scratch county: a confirmation
** refused when its count differs from the records (naming both), the
** lawcase figures unknown until confirmed and 0 when a zero is confirmed,
** a case written into a confirmed period making it stale, a case voided
** since undoing it (the count no longer holds), a confirmation
** up to a day covering only as-of days on or before it; disputes open,
** closed and settled by their own dates; tasks next year in their order,
** done and late as of a day.  SQLite, or PostgreSQL when
** FAZHI_TEST_PG_URL names a database.
*/
#include "test.h"
#include "../../src/base/arena.h"
#include "../../src/base/buf.h"
#include "../../src/base/date.h"
#include "../../src/base/util.h"
#include "../../src/store/db.h"
#include "../../src/reg/reg.h"
#include "../../src/reg/figure.h"
#include "../../src/core/app.h"
#include "../../src/areas/org/org.h"
#include "../../src/routes.h"

static void test_legal_rules(void){
  struct arena *ar = arena_new();
  struct actor a;
  struct reg_err e;
  struct fig_result res;
  const char *zMsg;
  i64 root, s1, off, c1, y1, d1, d2, t1, t2;
  char zRoot[24], zS1[24], zOff[24];
  CHECK(test_db_fresh("legal.db")==0);
  db_migrate();
  memset(&app.keys, 5, sizeof(app.keys));
  app.keys.aMac[0] = 1;
  app.keys.aIdx[0] = 2;
  actor_cli(&a);
  reg_err_init(&e, ar);
  root = test_org_add(&a, "梨树县教育局", "bureau", 0);
  s1 = test_org_add(&a, "一小", "school", root);
  off = test_org_add(&a, "法规股", "office", root);
  snprintf(zRoot, sizeof(zRoot), "%lld", (long long)root);
  snprintf(zS1, sizeof(zS1), "%lld", (long long)s1);
  snprintf(zOff, sizeof(zOff), "%lld", (long long)off);

  /* ---- 复议/诉讼: nothing confirmed is unknown, even a zero ---- */
  test_fig("lawcase.cases", 2023, "2023-12-31", ar, &res);
  CHECK(!res.bKnown);
  {
    const char *const az[] = { "org_id", zRoot, "year", "2023", "cases", "0", 0 };
    CHECK((y1 = test_reg_add("lawcase_year", &a, az, &e))>0);
  }
  test_fig("lawcase.cases", 2023, "2023-11-15", ar, &res);
  CHECK(res.bKnown);
  CHECK_INT((int)res.v, 0);
  test_fig("lawcase.litigation", 2023, "2023-12-31", ar, &res);
  CHECK(res.bKnown && res.v==0);
  /* a count that differs is refused naming both numbers */
  {
    const char *const az[] = { "org_id", zRoot, "kind", "litigation", "case_no", "（2023）吉0322行初1号",
      "applicant", "张某", "act", "不予许可决定", "received_on", "2023-05-10", 0 };
    CHECK((c1 = test_reg_add("lawcase", &a, az, &e))>0);
  }
  CHECK_STR(db_text(ar, 0, "SELECT status FROM lawcase_year WHERE id=?1", "i", y1), "stale");
  test_fig("lawcase.cases", 2023, "2023-12-31", ar, &res);
  CHECK(!res.bKnown);                    /* stale: nobody vouches for it now */
  {
    const char *const az[] = { "org_id", zRoot, "year", "2023", "cases", "0", 0 };
    CHECK(test_reg_add("lawcase_year", &a, az, &e)==0);
    zMsg = reg_err_of(&e, "cases");
    CHECK(zMsg && strstr(zMsg, "0 件") && strstr(zMsg, "1 件"));
    CHECK_INT(e.eKind, REG_ECONFLICT);
  }
  /* up to a day: covers as-of days on or before it */
  {
    const char *const az[] = { "org_id", zRoot, "year", "2023", "as_of", "2023-06-30",
                               "cases", "1", 0 };
    CHECK(test_reg_add("lawcase_year", &a, az, &e)>0);
    const char *const azBad[] = { "org_id", zRoot, "year", "2023", "as_of", "2022-06-30",
                                  "cases", "1", 0 };
    CHECK(test_reg_add("lawcase_year", &a, azBad, &e)==0 && reg_err_of(&e, "as_of"));
    const char *const azSchool[] = { "org_id", zS1, "year", "2023", "cases", "1", 0 };
    CHECK(test_reg_add("lawcase_year", &a, azSchool, &e)==0 && reg_err_of(&e, "org_id"));
  }
  test_fig("lawcase.litigation", 2023, "2023-06-30", ar, &res);
  CHECK(res.bKnown && res.v==1 && res.n==1 && res.aId[0]==c1);
  test_fig("lawcase.litigation", 2023, "2023-07-01", ar, &res);
  CHECK(!res.bKnown);
  /* a case of a later year leaves the confirmation alone */
  {
    const char *const az[] = { "org_id", zRoot, "kind", "reconsider", "case_no", "梨政复〔2024〕1号",
      "applicant", "李某", "act", "处理决定", "received_on", "2024-02-01", 0 };
    i64 c2;
    CHECK((c2 = test_reg_add("lawcase", &a, az, &e))>0);
    /* its answer due day, derived on the clock: 10 natural days fall on
    ** 2024-02-11 inside the 春节 holiday, moved to the next working day
    ** (the make-up Sunday 2024-02-18) */
    CHECK_STR(db_text(ar, 0, "SELECT answer_due FROM lawcase WHERE id=?1", "i", c2), "2024-02-18");
  }
  test_fig("lawcase.litigation", 2023, "2023-06-30", ar, &res);
  CHECK(res.bKnown && res.v==1);
  /* a case voided after the confirmation: its count no longer holds */
  reg_err_init(&e, ar);
  CHECK_INT(reg_delete(reg_find("lawcase"), &a, c1, "误登记", &e), 0);
  test_fig("lawcase.cases", 2023, "2023-06-30", ar, &res);
  CHECK(!res.bKnown);

  /* ---- disputes by their own dates ---- */
  {
    const char *const az1[] = { "org_id", zS1, "received_on", "2024-03-01", "source", "visit",
      "kind", "home_school", "title", "纠纷一", "party_a_role", "parent", "party_a_name", "王某",
      "party_b_role", "school", "risk", "low", 0 };
    const char *const az2[] = { "org_id", zS1, "received_on", "2024-05-01", "source", "phone",
      "kind", "teacher_student", "title", "纠纷二", "party_a_role", "parent",
      "party_b_role", "teacher", "risk", "high", 0 };
    const char *const azOff[] = { "org_id", zOff, "received_on", "2024-05-01", "source", "phone",
      "kind", "other", "title", "x", "party_a_role", "other", "party_b_role", "other",
      "risk", "low", 0 };
    CHECK((d1 = test_reg_add("dispute", &a, az1, &e))>0);
    CHECK((d2 = test_reg_add("dispute", &a, az2, &e))>0);
    CHECK(test_reg_add("dispute", &a, azOff, &e)==0 && reg_err_of(&e, "org_id"));   /* a school's */
    CHECK_STR(db_text(ar, 0, "SELECT dispute_no FROM dispute WHERE id=?1", "i", d2), "教调〔2024〕2号");
    CHECK(db_text(ar, 0, "SELECT party_a_name FROM dispute WHERE id=?1", "i", d1)
          && !str_eq(db_text(ar, 0, "SELECT party_a_name FROM dispute WHERE id=?1", "i", d1), "王某"));
    const char *const azClose[] = { "outcome", "settled", "closed_on", "2024-03-20", 0 };
    const char *const azEarly[] = { "outcome", "settled", "closed_on", "2024-02-20", 0 };
    CHECK(test_reg_step("dispute", &a, d1, "close", azEarly, &e)!=0 && reg_err_of(&e, "closed_on"));
    CHECK_INT(test_reg_step("dispute", &a, d1, "close", azClose, &e), 0);
    const char *const azMed[] = { "mediator", "周某", "mediation_on", "2024-05-02", 0 };
    CHECK_INT(test_reg_step("dispute", &a, d2, "mediate", azMed, &e), 0);
    const char *const azFail[] = { "outcome", "referred", "closed_on", "2024-05-01", 0 };
    CHECK(test_reg_step("dispute", &a, d2, "close", azFail, &e)!=0);      /* before mediation began */
  }
  test_fig("dispute.received", 2024, "2024-04-30", ar, &res);
  CHECK(res.bKnown && res.v==1);
  test_fig("dispute.open", 2024, "2024-03-10", ar, &res);
  CHECK(res.v==1 && res.aId[0]==d1);
  test_fig("dispute.open", 2024, "2024-12-31", ar, &res);
  CHECK(res.bKnown && res.v==1 && res.aId[0]==d2);
  test_fig("dispute.settled", 2024, "2024-12-31", ar, &res);
  CHECK(res.v==1 && res.aId[0]==d1);

  /* ---- tasks: next year's in their order; done and late ---- */
  {
    const char *const azA[] = { "year", "2025", "seq", "2", "title", "乙", "body", "乙的内容",
                                "office_id", zOff, "due_on", "2025-06-30", 0 };
    const char *const azB[] = { "year", "2025", "seq", "1", "title", "甲", "body", "甲的内容",
                                "office_id", zOff, "due_on", "2025-03-31", 0 };
    const char *const azSchool[] = { "year", "2025", "seq", "3", "title", "丙", "office_id", zS1,
                                     "due_on", "2025-03-31", 0 };
    CHECK((t1 = test_reg_add("task", &a, azA, &e))>0);
    CHECK((t2 = test_reg_add("task", &a, azB, &e))>0);
    CHECK(test_reg_add("task", &a, azSchool, &e)==0 && reg_err_of(&e, "office_id"));
  }
  test_fig("task.next", 2024, "2024-11-15", ar, &res);
  CHECK(res.bKnown && res.n==2);
  CHECK(res.n==2 && res.aId[0]==t2 && res.aId[1]==t1);
  CHECK(res.n==2 && str_eq(res.azLabel[0], "甲") && str_eq(res.azDetail[0], "甲的内容"));
  {
    const char *const azDone[] = { "done_on", "2025-03-15", 0 };
    CHECK_INT(test_reg_step("task", &a, t2, "finish", azDone, &e), 0);
    const char *const azDelay[] = { "due_on", "2025-06-01", "reason", "x", 0 };
    CHECK(test_reg_step("task", &a, t1, "delay", azDelay, &e)!=0 && reg_err_of(&e, "due_on"));
  }
  test_fig("task.done", 2025, "2025-07-01", ar, &res);
  CHECK(res.v==1 && res.aId[0]==t2);
  test_fig("task.late", 2025, "2025-07-01", ar, &res);
  CHECK(res.v==1 && res.aId[0]==t1);
  test_fig("task.late", 2025, "2025-06-30", ar, &res);
  CHECK(res.bKnown && res.v==0);

  CHECK_INT(db_open_statements(), 0);
  CHECK_INT(db_txn_depth(), 0);
  db_close();
  arena_free(ar);
}

void test_legal(void){
  app_regs_init();
  test_legal_rules();
}
