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
}
