/*
** t_say.c -- tests of desk/report_say.c: the words a placeholder chooses
** by the figures (conditions on its own and other figures, [分子] [名单]
** [较上年] [key] tokens), on a report whose figures are set by hand (no
** database is read: rpt_fig returns the figures already held).
*/
#include "test.h"
#include "../../src/base/arena.h"
#include "../../src/desk/report_int.h"

/* Hold figure zKey with value v (text zValue) in p. */
static struct rfig *say_put(struct rpt *p, const char *zKey, const char *zUnit, double v,
                            const char *zValue){
  struct rfig *g = &p->aFig[p->nFig++];
  memset(g, 0, sizeof(*g));
  g->zKey = zKey;
  g->zLabel = zKey;
  g->zUnit = zUnit;
  g->bKnown = true;
  g->v = v;
  g->zValue = zValue;
  return g;
}

void test_say(void){
  static const char *azMiss[] = { "甲小学", "乙小学", "丙小学", "丁小学" };
  struct rpt r, *p = &r;
  struct rfig *g, *h;
  const char *zRule = "=100:均聘任，配备率达100%|=0:尚未聘任|中，[分子]所已聘任，配备率#[较上年]，[名单]尚未聘任";
  memset(p, 0, sizeof(*p));
  p->ar = arena_new();
  p->nFigAlloc = 8;
  p->aFig = arena_alloc(p->ar, sizeof(struct rfig) * 8);
  g = say_put(p, "vp.rate", "%", 100, "100%");
  CHECK_STR(rpt_choose(p, g, zRule), "均聘任，配备率达100%");
  g->v = 99.27; g->zValue = "99.3%"; g->nNum = 136; g->nDen = 137; g->nMiss = 1; g->azMiss = azMiss;
  g->bPrev = true; g->vPrev = 100;
  CHECK_STR(rpt_choose(p, g, zRule), "中，136所已聘任，配备率99.3%，较上年降低0.7个百分点，甲小学尚未聘任");
  g->nMiss = 4; g->bPrev = false;
  CHECK_STR(rpt_choose(p, g, zRule), "中，136所已聘任，配备率99.3%，甲小学、乙小学、丙小学等尚未聘任");
  g->v = 0; g->zValue = "0%";
  CHECK_STR(rpt_choose(p, g, zRule), "尚未聘任");
  /* another figure in the condition and in the words; a figure on the right */
  h = say_put(p, "permit.overdue", "件", 1, "1");
  say_put(p, "permit.decided", "件", 9, "9");
  g = say_put(p, "permit.done_rate", "%", 90, "90%");
  CHECK_STR(rpt_choose(p, g, "permit.overdue=0&=100:已全部办结|办结[permit.decided]件，办结率#"),
            "办结9件，办结率90%");
  h->v = 0; g->v = 100;
  CHECK_STR(rpt_choose(p, g, "permit.overdue=0&=100:已全部办结|办结[permit.decided]件，办结率#"),
            "已全部办结");
  CHECK_STR(rpt_choose(p, g, "=permit.decided:相等|>=permit.decided:不少于"), "不少于");
  /* counts against last year; nothing said when last year has no records */
  g = say_put(p, "org.schools", "所", 89, "89");
  g->bPrev = true; g->vPrev = 88;
  CHECK_STR(rpt_choose(p, g, "全县#所中小学[较上年]"), "全县89所中小学，较上年增加1所");
  g->vPrev = 89;
  CHECK_STR(rpt_choose(p, g, "全县#所[较上年]"), "全县89所，与上年持平");
  g->bPrev = false;
  CHECK_STR(rpt_choose(p, g, "全县#所[较上年]"), "全县89所");
  /* >=, a value between, no alternative holding: the value */
  g = say_put(p, "lecture.cadre", "次", 1, "1");
  CHECK_STR(rpt_choose(p, g, ">=2:干部学法讲座2次以上|已开展干部学法讲座#次"), "已开展干部学法讲座1次");
  CHECK(rpt_choose(p, g, ">=2:两次以上") == 0);
  /* an unknown figure says nothing chosen (the caller prints 【待补充】) */
  g->bKnown = false;
  CHECK(rpt_choose(p, g, ">=2:x|y") == 0);
  arena_free(p->ar);
}
