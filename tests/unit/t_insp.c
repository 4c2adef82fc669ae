/*
** t_insp.c -- the inspection record's rules (src/areas/inspections/
** insp_rec.c, insp_fig.c) on a scratch county: a drawn task's record gets
** the drawn inspectors and one result row per item of the plan's
** checklist (split at 、 ； ; and line ends); the gate of 记录现场检查
** counts a certificate valid through its last day and not the day after,
** naming the inspector and the 2-inspector rule; the closing gate names
** the items without a result; the figures count a record by its 检查日期
** and its plan's type.  SQLite, or PostgreSQL when FAZHI_TEST_PG_URL
** names a database.
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
#include "../../src/areas/inspections/insp.h"
#include "../../src/routes.h"

/* Figure zKey for 2024 as of zAsOf: its value (-1 when unknown). */
static int fig(const char *zKey, const char *zAsOf, struct arena *ar){
  struct fig_result res;
  test_fig(zKey, 2024, zAsOf, ar, &res);
  return res.bKnown ? (int)res.v : -1;
}

/* The messages of e joined. */
static const char *msgs(const struct reg_err *e){
  return e->n ? reg_err_text(e) : "";
}

static void test_insp_record(void){
  struct arena *ar = arena_new();
  struct actor a;
  struct reg_err e;
  const char **azItem;
  i64 root, s1, item, plan, draw, task, rec;
  char zRoot[24], zS1[24], zItem[24], zPlan[24], zTask[24];
  int n;
  CHECK(test_db_fresh("insp.db")==0);
  db_migrate();
  memset(&app.keys, 5, sizeof(app.keys));
  app.keys.aMac[0] = 1;
  app.keys.aIdx[0] = 2;
  actor_cli(&a);
  reg_err_init(&e, ar);
  root = test_org_add(&a, "梨树县教育局", "bureau", 0);
  s1 = test_org_add(&a, "一小", "school", root);
  snprintf(zRoot, sizeof(zRoot), "%lld", (long long)root);
  snprintf(zS1, sizeof(zS1), "%lld", (long long)s1);
  {
    const char *const az[] = { "org_id", zRoot, "code", "X0001", "name", "校园安全检查",
      "basis", "某法第一条", "body", "教育局", "content", "甲、 乙；丙;丁\n戊、", "method", "现场检查", 0 };
    CHECK((item = test_reg_add("insp_item", &a, az, &e))>0);
    snprintf(zItem, sizeof(zItem), "%lld", (long long)item);
    const char *const azT[] = { "org_id", zS1, "name", "一小", "kind", "school", "risk", "low", 0 };
    CHECK(test_reg_add("insp_target", &a, azT, &e)>0);
    const char *const azP1[] = { "org_id", zRoot, "name", "张一", "cert_no", "C1",
                                 "valid_until", "2030-12-31", "status", "valid", 0 };
    const char *const azP2[] = { "org_id", zRoot, "name", "李二", "cert_no", "C2",
                                 "valid_until", "2024-05-31", "status", "valid", 0 };
    CHECK(test_reg_add("insp_person", &a, azP1, &e)>0);
    CHECK(test_reg_add("insp_person", &a, azP2, &e)>0);
    const char *const azPl[] = { "org_id", zRoot, "item_id", zItem, "year", "2024",
      "title", "2024年抽查", "type", "internal", "mode", "count", "target_count", "1",
      "per_target", "2", "window_start", "2024-03-01", "window_end", "2024-11-30", 0 };
    CHECK((plan = test_reg_add("insp_plan", &a, azPl, &e))>0);
    snprintf(zPlan, sizeof(zPlan), "%lld", (long long)plan);
    const char *const azD[] = { "plan_id", zPlan, "drawn_on", "2024-03-05", "seed", "42", 0 };
    CHECK((draw = test_reg_add("insp_draw", &a, azD, &e))>0);
  }
  CHECK_STR(msgs(&e), "");

  /* the checklist of the plan: its item's 检查内容 split and trimmed */
  n = insp_checklist(plan, ar, &azItem);
  CHECK_INT(n, 5);
  if( n==5 ){
    CHECK_STR(azItem[0], "甲");
    CHECK_STR(azItem[1], "乙");
    CHECK_STR(azItem[2], "丙");
    CHECK_STR(azItem[3], "丁");
    CHECK_STR(azItem[4], "戊");
  }

  /* the record of the drawn task */
  task = db_i64(0, "SELECT id FROM insp_task WHERE draw_id=?1", "i", draw);
  CHECK(task>0);
  snprintf(zTask, sizeof(zTask), "%lld", (long long)task);
  {
    const char *const az[] = { "task_id", zTask, 0 };
    CHECK((rec = test_reg_add("insp_record", &a, az, &e))>0);
    CHECK(test_reg_add("insp_record", &a, az, &e)==0 && reg_err_of(&e, "task_id"));
  }
  CHECK_INT(db_int(0, "SELECT count(*) FROM insp_member WHERE record_id=?1", "i", rec), 2);
  CHECK_INT(db_int(0, "SELECT count(*) FROM insp_result WHERE record_id=?1", "i", rec), 5);
  CHECK_STR(db_text(ar, 0, "SELECT item FROM insp_result WHERE record_id=?1 AND seq=5", "i", rec),
            "戊");
  CHECK_STR(db_text(ar, 0, "SELECT insp_type FROM insp_record WHERE id=?1", "i", rec), "internal");

  /* the gate: valid through the certificate's last day, not the day after */
  reg_err_init(&e, ar);
  CHECK_INT(insp_members_gate(rec, "2024-05-31", ar, &e), 2);
  CHECK_INT(e.n, 0);
  reg_err_init(&e, ar);
  CHECK_INT(insp_members_gate(rec, "2024-06-01", ar, &e), 1);
  CHECK_INT(e.n, 2);
  CHECK(strstr(msgs(&e), "李二") && strstr(msgs(&e), "2024-05-31") && strstr(msgs(&e), "至少2名"));
  CHECK_INT(e.eKind, REG_EGATE);
  {
    const char *const azA[] = { "approver", "王五", "approved_on", "2024-05-27", 0 };
    const char *const azN[] = { "notice_on", "2024-05-28", 0 };
    const char *const azLate[] = { "inspect_on", "2024-06-01", "place", "一小",
                                   "conclusion", "ok", 0 };
    const char *const azOn[] = { "inspect_on", "2024-05-31", "place", "一小", "conclusion", "ok", 0 };
    const char *const azC[] = { "closed_on", "2024-06-03", "filing_no", "F1", 0 };
    CHECK_INT(test_reg_step("insp_record", &a, rec, "approve", azA, &e), 0);
    CHECK_INT(test_reg_step("insp_record", &a, rec, "notify", azN, &e), 0);
    CHECK(test_reg_step("insp_record", &a, rec, "inspect", azLate, &e)!=0 && e.eKind==REG_EGATE);
    CHECK_STR(db_text(ar, 0, "SELECT status FROM insp_record WHERE id=?1", "i", rec), "notified");
    CHECK_INT(test_reg_step("insp_record", &a, rec, "inspect", azOn, &e), 0);
    /* closing: every checklist item needs its result */
    CHECK(test_reg_step("insp_record", &a, rec, "close", azC, &e)!=0 && strstr(msgs(&e), "5个检查项目未填写"));
  }
  CHECK_STR(db_text(ar, 0, "SELECT number FROM insp_record WHERE id=?1", "i", rec),
            "行政检查〔2024〕1号");

  /* the figures: by 检查日期 and the plan's type */
  CHECK_INT(fig("inspect.internal", "2024-05-30", ar), 0);
  CHECK_INT(fig("inspect.internal", "2024-05-31", ar), 1);
  CHECK_INT(fig("inspect.joint", "2024-12-31", ar), 0);
  CHECK_INT(fig("inspect.done", "2024-12-31", ar), 1);
  CHECK_INT(fig("inspect.filing_rate", "2024-12-31", ar), 0);
  CHECK_INT(fig("inspect.over_cap", "2024-12-31", ar), 0);

  CHECK_INT(db_open_statements(), 0);
  CHECK_INT(db_txn_depth(), 0);
  db_close();
  arena_free(ar);
}

void test_insp(void){
  app_regs_init();
  test_insp_record();
}
