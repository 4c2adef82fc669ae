/*
** t_legality.c -- the declarations of 合法性审核, 规范性文件 and 重大行政决策
** (src/areas/legal/review.c, normdoc.c, decision.c) as the kernel reads
** them: registered and consistent, the gates declared on the steps the
** issue names, and a register publishing only a list (reg/public.c)
** gets the list's two routes and no lookup by number.
*/
#include "test.h"
#include "../../src/base/util.h"
#include "../../src/reg/public.h"
#include "../../src/areas/legal/review.h"
#include "../../src/areas/legal/dispute.h"
#include "../../src/areas/legal/lawcase.h"
#include "../../src/core/clock.h"
#include "../../src/base/arena.h"
#include "../../src/base/buf.h"
#include "../../src/base/date.h"
#include "../../src/store/db.h"
#include "../../src/core/app.h"
#include "../../src/reg/view.h"

/* The public routes of d whose path contains zPart (all of them in
** *pnAll). */
static int n_routes(const struct reg_def *d, const char *zPart, int *pnAll){
  struct reg_route a[REG_NROUTE];
  int i, n = 0, nAll = 0;
  reg_public_routes(d, a, &nAll);
  for(i=0; i<nAll; i++){
    if( strstr(a[i].zPath, zPart) ) n++;
    free((char *)a[i].zPath);       /* the wiring keeps them; a test does not */
  }
  *pnAll = nAll;
  return n;
}

/* Add a review of adviser (0: the 法规股) with its days and opinion. */
static void eval_review(i64 office, i64 adviser, const char *zSub, const char *zDue,
                        const char *zDone, const char *zOpinion, bool bVoid){
  db_exec("INSERT INTO review(office_id, title, kind, reviewer, adviser_id, submitted_on,"
          " due_on, reviewed_on, opinion, status, created_at, updated_at)"
          " VALUES(?1, 'x', 'contract', 'adviser', ?2, ?3, ?4, ?5, ?6, 'passed', 1, 1)",
          "iitttt", office, adviser, zSub, zDue, zDone, zOpinion);
  if( bVoid ) db_exec("UPDATE review SET voided_at=1 WHERE id=(SELECT max(id) FROM review)", "");
}

/* The adviser's yearly evaluation: a view keyed by adviser, not by org. */
static void test_adviser_eval(void){
  struct arena *ar = arena_new();
  struct actor a;
  struct view_ctx c;
  i64 root = 0, office = 0, a1, a2;
  int i, k;
  static const char *const azKey[] = { "reviews", "on_time", "legal", "amend", "illegal", "open" };
  CHECK(test_county("legality.db", &a, &root, "法规股", "office", &office)==0);
  db_exec("INSERT INTO adviser(org_id, name, kind, status, contract_start, contract_end,"
          " created_at, updated_at)"
          " VALUES(?1, '甲律师', 'person', 'active', '2024-01-01',"
          " '2026-12-31', 1, 1)", "i", root);
  a1 = db_i64(0, "SELECT max(id) FROM adviser", "");
  db_exec("INSERT INTO adviser(org_id, name, kind, status, contract_start, contract_end,"
          " created_at, updated_at)"
          " VALUES(?1, '乙律师', 'person', 'active', '2024-01-01',"
          " '2026-12-31', 1, 1)", "i", root);
  a2 = db_i64(0, "SELECT max(id) FROM adviser", "");
  db_exec("INSERT INTO adviser(org_id, name, kind, status, contract_start, contract_end,"
          " voided_at, created_at, updated_at)"
          " VALUES(?1, '丙律师', 'person', 'active', '2024-01-01',"
          " '2026-12-31', 1, 1, 1)", "i", root);
  eval_review(office, a1, "2024-03-01", "2024-03-10", "2024-03-08", "legal", false);
  eval_review(office, a1, "2024-05-01", "2024-05-10", "2024-05-12", "amend", false);  /* late */
  eval_review(office, a1, "2024-11-20", "2024-12-02", 0, 0, false);                    /* open */
  eval_review(office, a1, "2024-04-01", "2024-04-10", "2024-04-02", "legal", true);    /* void */
  eval_review(office, a1, "2023-06-01", "2023-06-10", "2023-06-02", "legal", false);
  eval_review(office, a2, "2024-02-02", "2024-02-10", "2024-02-05", "illegal", false);
  view_run(&adviser_eval_view, &c, ar, &a, 2024, date_from_ymd(2024, 12, 31), 0);
  CHECK_INT(c.nRow, 2);                    /* the voided adviser is no row */
  for(i=0; i<c.nRow; i++){
    static const double aWant[2][6] = { { 3, 1, 1, 1, 0, 1 }, { 1, 1, 0, 0, 1, 0 } };
    int w = c.aRow[i].org==a1 ? 0 : 1;
    CHECK(c.aRow[i].org==a1 || c.aRow[i].org==a2);
    CHECK(c.aRow[i].zKind==0);
    CHECK(str_eq(c.aRow[i].zOrg, w==0 ? "甲律师" : "乙律师"));
    for(k=0; k<6; k++){
      int iCol = view_col_index(&c, azKey[k]);
      CHECK(iCol>=0 && c.aRow[i].aCell[iCol].v==aWant[w][k]);
    }
  }
  /* up to the as-of day: the open review of November is not yet there */
  view_run_key(&adviser_eval_view, &c, ar, &a, 2024, date_from_ymd(2024, 6, 30), a1);
  CHECK_INT(c.nRow, 1);
  CHECK(c.nRow==1 && c.aRow[0].org==a1
        && c.aRow[0].aCell[view_col_index(&c, "reviews")].v==2
        && c.aRow[0].aCell[view_col_index(&c, "open")].v==0);
  view_run_key(&adviser_eval_view, &c, ar, &a, 2023, 0, a1);
  CHECK(c.nRow==1 && c.aRow[0].aCell[view_col_index(&c, "reviews")].v==1);
  view_run_key(&adviser_eval_view, &c, ar, &a, 2024, 0, a1 + a2 + 100);
  CHECK_INT(c.nRow, 0);
  CHECK_INT(db_open_statements(), 0);
  db_close();
  arena_free(ar);
}

void test_legality(void){
  const struct reg_step *s;
  int nAll = 0;
  CHECK(reg_find("review")==&review_reg);
  CHECK(reg_find("normdocs")==&normdoc_reg);
  CHECK(reg_find("decision")==&decision_reg);
  /* the gates: issue needs a passed review, decide needs it and every step */
  s = reg_step_find(&normdoc_reg, "issue");
  CHECK(s && s->aNeedRec && str_eq(s->aNeedRec[0].zReg, "review")
        && str_eq(s->aNeedRec[0].zState, "passed"));
  s = reg_step_find(&decision_reg, "decide");
  CHECK(s && s->aNeedRec && str_eq(s->aNeedRec[0].zVia, "review_id"));
  CHECK(s && s->azNeed && s->azNeed[0] && str_eq(s->azNeed[0], "comment_start"));
  s = reg_step_find(&review_reg, "sign");
  CHECK(s && s->azAfter && str_eq(s->azAfter[0], "pass"));
  /* list-only publication: two routes, both the list */
  CHECK_INT(n_routes(&normdoc_reg, "/list", &nAll), 2);
  CHECK_INT(nAll, 2);
  CHECK_INT(n_routes(&decision_reg, "/public/decisions", &nAll), 2);
  CHECK_INT(nAll, 2);
  CHECK_INT(n_routes(&review_reg, "/public/", &nAll), 0);
  CHECK_INT(nAll, 0);
  /* on the kernel: the rounds and the steps taken are children, the
  ** documents attachments, the answer due day a declared deadline */
  CHECK(reg_child_find(&review_reg, "rounds")
        && reg_child_find(&review_reg, "rounds")->pDef==&review_round_reg);
  CHECK(reg_parent_of(&review_round_reg)==&review_reg);
  CHECK(reg_child_find(&dispute_reg, "steps")
        && reg_child_find(&dispute_reg, "steps")->pDef==&dispute_step_reg);
  CHECK(reg_parent_of(&dispute_step_reg)==&dispute_reg);
  /* the document versions are the rounds' attachments, not the review's */
  CHECK(review_round_reg.aFileRule && str_eq(review_round_reg.aFileRule[0].zKey, "doc_file"));
  CHECK(reg_field_index(&review_round_reg, "doc_file")>=0
        && review_round_reg.aField[reg_field_index(&review_round_reg, "doc_file")].eType==REG_FILE);
  CHECK_INT(reg_field_index(&review_reg, "doc_file"), -1);
  {
    struct reg_route a[REG_NROUTE];
    int i, n = reg_routes(&review_reg, a), nChild = 0, nOwn = 0;
    for(i=0; i<n; i++){
      if( strstr(a[i].zPath, "reviews/:id/rounds/:cid/files/:field") ) nChild++;
      if( strstr(a[i].zPath, "reviews/:id/files/") ) nOwn++;
      free((char *)a[i].zPath);
    }
    CHECK_INT(nChild, 4);            /* upload and download, page and API */
    CHECK_INT(nOwn, 0);
  }
  CHECK(decision_reg.aFileRule && str_eq(decision_reg.aFileRule[0].zKey, "minutes_file"));
  CHECK(lawcase_reg.aFileRule && str_eq(lawcase_reg.aFileRule[0].zKey, "answer_file"));
  CHECK_INT(lawcase_reg.nDeadline, 1);
  CHECK(str_eq(lawcase_reg.aDeadline[0].zDueField, "answer_due")
        && lawcase_reg.aDeadline[0].eUnit==CLOCK_DAY && lawcase_reg.aDeadline[0].xCompute);
  test_adviser_eval();
}
