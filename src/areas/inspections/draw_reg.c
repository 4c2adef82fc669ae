/*
** draw_reg.c -- 抽签记录: the draw of a plan, replayable by anyone.
**
** A draw is created (fazhi draw run, POST /api/v1/draws, the form) with
** its plan, the day whose lists it takes and, optionally, a seed supplied
** from outside (a lottery number published later); without one the seed
** comes from the CSPRNG.  Inside the create's transaction the rule builds
** the four candidate lists as they stand (the rows up to the highest ids
** now, recorded as the cut; the inspectors' certificates as of the day),
** hashes each with SM3, runs
** "fazhi-draw-1" (draw.h) and stores the algorithm, the seed, the hashes,
** each excluded inspector with the reason and the result; the drawn tasks
** go to insp_task.  A draw is never changed: a re-draw is a new record
** naming the one it replaces and why, and the old one is kept, marked
** superseded.  draw_verify() rebuilds the lists from the record's plan,
** day and cut, compares each hash (naming the list that differs) and
** recomputes the result.
*/
#include "../../common.h"
#include <time.h>
#include "../../base/arena.h"
#include "../../base/buf.h"
#include "../../base/date.h"
#include "../../base/json.h"
#include "../../base/util.h"
#include "../../crypto/rand.h"
#include "../../crypto/sm3.h"
#include "../../core/app.h"
#include "../../core/cli.h"
#include "../../store/db.h"
#include "../../web/api.h"
#include "../../web/html.h"
#include "../../web/req.h"
#include "../../reg/public.h"
#include "draw.h"
#include "insp.h"

static const char *const azSource[] = { "csprng", "系统随机生成", "supplied", "外部提供", 0 };
static const char *const azStatus[] = { "valid", "有效", "superseded", "已被重新抽签替代", 0 };
static const char *const azPlanAlias[] = { "计划名称", "计划", 0 };

#define DRAW_FIELDS(X) \
  X(D_ORG, .zKey = "org_id", .zLabel = "单位", .eType = REG_REF, \
    .mFlags = RF_READONLY|RF_LIST|RF_FILTER|RF_NOIO, .zRef = "org", .nWidth = 20) \
  X(D_NO, .zKey = "number", .zLabel = "抽签编号", .eType = REG_TEXT, \
    .mFlags = RF_READONLY|RF_LIST|RF_SEARCH|RF_NOIO|RF_TITLE, .nMax = 40, .nWidth = 18) \
  X(D_PLAN, .zKey = "plan_id", .zLabel = "抽查计划", .eType = REG_REF, \
    .mFlags = RF_REQUIRED|RF_LIST|RF_FILTER, .zRef = "insp_plan", .azAlias = azPlanAlias, \
    .nWidth = 36) \
  X(D_ON, .zKey = "drawn_on", .zLabel = "抽签日期", .eType = REG_DATE, \
    .mFlags = RF_LIST, .zHelp = "按该日的名录和执法证状态抽取；不填为今天", .nWidth = 12) \
  X(D_SEED, .zKey = "seed", .zLabel = "随机种子", .eType = REG_TEXT, \
    .mFlags = RF_SEARCH, .nMax = 128, \
    .zHelp = "可填公开的外部数字（如彩票开奖号码）；不填由系统随机生成", .nWidth = 24) \
  X(D_SOURCE, .zKey = "seed_source", .zLabel = "种子来源", .eType = REG_CHOICE, \
    .mFlags = RF_READONLY|RF_NOIO, .azChoice = azSource, .nWidth = 10) \
  X(D_ALGO, .zKey = "algo", .zLabel = "算法版本", .eType = REG_TEXT, \
    .mFlags = RF_TECH|RF_READONLY|RF_NOIO, .nMax = 30, .nWidth = 12) \
  X(D_REPLACES, .zKey = "replaces", .zLabel = "替代的抽签记录", .eType = REG_REF, \
    .zRef = "insp_draw", .zHelp = "重新抽签时选择被替代的记录，原记录保留", .nWidth = 10) \
  X(D_REASON, .zKey = "reason", .zLabel = "重新抽签理由", .eType = REG_TEXT, \
    .mFlags = RF_LONG, .nMax = 500, .zRequiredIf = "replaces", .nWidth = 30) \
  X(D_STATUS, .zKey = "status", .zLabel = "状态", .eType = REG_CHOICE, \
    .mFlags = RF_READONLY|RF_LIST|RF_FILTER|RF_NOIO, .azChoice = azStatus, .nWidth = 10) \
  X(D_NT, .zKey = "n_targets", .zLabel = "候选对象数", .eType = REG_INT, \
    .mFlags = RF_READONLY|RF_NOIO, .nWidth = 8) \
  X(D_NP, .zKey = "n_people", .zLabel = "候选人员数", .eType = REG_INT, \
    .mFlags = RF_READONLY|RF_NOIO, .nWidth = 8) \
  X(D_ND, .zKey = "n_drawn", .zLabel = "抽中对象数", .eType = REG_INT, \
    .mFlags = RF_READONLY|RF_NOIO, .nWidth = 8) \
  X(D_PER, .zKey = "per_target", .zLabel = "每个对象检查人员数", .eType = REG_INT, \
    .mFlags = RF_READONLY|RF_NOIO, .nWidth = 8) \
  X(D_AVOID, .zKey = "avoid_repeat", .zLabel = "不派上次检查过该对象的人员", .eType = REG_BOOL, \
    .mFlags = RF_READONLY|RF_NOIO, .nWidth = 8) \
  X(D_CUT, .zKey = "cut_at", .zLabel = "名录截取位置", .eType = REG_TEXT, \
    .mFlags = RF_TECH|RF_READONLY|RF_NOIO, .nMax = 100, \
    .zHelp = "名录取编号不超过这些值的记录：检查对象,检查人员,回避登记", .nWidth = 20) \
  X(D_HT, .zKey = "h_targets", .zLabel = "检查对象名录SM3", .eType = REG_TEXT, \
    .mFlags = RF_TECH|RF_READONLY|RF_NOIO, .nMax = 64, .nWidth = 66) \
  X(D_HP, .zKey = "h_people", .zLabel = "检查人员名录SM3", .eType = REG_TEXT, \
    .mFlags = RF_TECH|RF_READONLY|RF_NOIO, .nMax = 64, .nWidth = 66) \
  X(D_HC, .zKey = "h_conflicts", .zLabel = "回避登记SM3", .eType = REG_TEXT, \
    .mFlags = RF_TECH|RF_READONLY|RF_NOIO, .nMax = 64, .nWidth = 66) \
  X(D_HH, .zKey = "h_history", .zLabel = "上次检查记录SM3", .eType = REG_TEXT, \
    .mFlags = RF_TECH|RF_READONLY|RF_NOIO, .nMax = 64, .nWidth = 66) \
  X(D_EXCL, .zKey = "excluded", .zLabel = "排除的人员及原因", .eType = REG_TEXT, \
    .mFlags = RF_READONLY|RF_LONG|RF_NOIO, .nMax = 8000000, .nWidth = 40) \
  X(D_RESULT, .zKey = "result", .zLabel = "抽签结果", .eType = REG_TEXT, \
    .mFlags = RF_READONLY|RF_LONG|RF_NOIO, .nMax = 80000000, \
    .zHelp = "对象编号:检查人员编号,检查人员编号;…", .nWidth = 40)

enum { DRAW_FIELDS(REG_FIELD_ENUM) D_NFIELD };
static const struct reg_field aField[] = { DRAW_FIELDS(REG_FIELD_INIT) };

/* ---- the lists as they stood ---- */

/* What a draw reads: the plan and the four lists. */
struct lists {
  struct draw_in in;
  struct buf aList[4];       /* the canonical texts */
  struct buf excl;           /* excluded people, one per line */
  i64 *aTId, *aTOrg, *aPId, *aPOrg, *aConf, *aHist;
  bool *abPartner;
  int nTAlloc, nPAlloc, nCAlloc, nHAlloc;
  i64 planOrg;
  char *zPath;               /* the plan org's path LIKE pattern */
  int eMode, pct, count;     /* 0 ratio, 1 count */
  char *zSeedOwn;
};

static const char *const azListName[] = {
  "检查对象名录", "执法检查人员名录", "回避登记", "上次检查记录"
};

static void lists_free(struct lists *L){
  int i;
  for(i=0; i<4; i++) buf_release(&L->aList[i]);
  buf_release(&L->excl);
  free(L->aTId); free(L->aTOrg); free(L->aPId); free(L->aPOrg);
  free(L->aConf); free(L->aHist); free(L->abPartner);
  memset(L, 0, sizeof(*L));
}

/* Grow a[] (n used, *pnAlloc slots of nPer i64) to hold one more. */
static i64 *grow(i64 *a, int n, int *pnAlloc, int nPer){
  if( n<*pnAlloc ) return a;
  *pnAlloc = *pnAlloc ? *pnAlloc*2 : 1024;
  return xrealloc(a, sizeof(i64) * (size_t)nPer * (size_t)*pnAlloc);
}

/* Append v in decimal and the character c to b (the lists' hot loop). */
static void line_int(struct buf *b, i64 v, char c){
  char z[24];
  int i = (int)sizeof(z);
  u64 u = v<0 ? (u64)(-(v+1)) + 1 : (u64)v;
  z[--i] = c;
  do{ z[--i] = (char)('0' + u%10); u /= 10; }while( u );
  if( v<0 ) z[--i] = '-';
  buf_append(b, z+i, sizeof(z) - (size_t)i);
}

/* Sort pairs (person, target) ascending. */
static int pair_cmp(const void *x, const void *y){
  const i64 *a = x, *b = y;
  if( a[0]!=b[0] ) return a[0]<b[0] ? -1 : 1;
  if( a[1]!=b[1] ) return a[1]<b[1] ? -1 : 1;
  return 0;
}

/* Is partner id among the plan's partner names (、-joined)? */
static bool partner_in(struct arena *ar, const char *zPartners, i64 id){
  char *z, *p;
  if( zPartners==0 ) return false;
  z = arena_strdup(ar, zPartners);
  for(p=z; p; ){
    char *zNext = strstr(p, "、");
    if( zNext ){ *zNext = 0; zNext += 3; }
    if( insp_partner_id(p)==id ) return true;
    p = zNext;
  }
  return false;
}

/* The history list of L (plan planId, draw self): the team of the latest
** earlier draw of another plan per target, sorted, into L->aHist and
** L->aList[3]. */
static void lists_history(struct lists *L, i64 planId, i64 self){
  struct stmt q;
  i64 lastT = -1, lastD = -1;
  int i;
  db_prepare(&q, "SELECT k.target_id, d.id, k.team FROM insp_task k"
                 " JOIN insp_draw d ON d.id=k.draw_id JOIN org o ON o.id=d.org_id"
                 " WHERE o.path LIKE ?1 AND d.plan_id<>?2 AND d.id<?3 AND d.void_reason IS NULL"
                 " AND NOT EXISTS (SELECT 1 FROM insp_draw r WHERE r.replaces=d.id AND r.id<?3)"
                 " ORDER BY k.target_id, d.id DESC");
  db_bind_text(&q, 1, L->zPath);
  db_bind_int64(&q, 2, planId);
  db_bind_int64(&q, 3, self);
  while( db_step(&q)==DB_ROW ){
    i64 t = db_column_int64(&q, 0), d = db_column_int64(&q, 1);
    const char *zTeam = db_column_text(&q, 2);
    if( t==lastT && d!=lastD ) continue;
    lastT = t;
    lastD = d;
    while( zTeam && *zTeam ){
      char *zEnd;
      long long who = strtoll(zTeam, &zEnd, 10);
      int n = L->in.nHistory;
      if( zEnd==zTeam ) break;
      L->aHist = grow(L->aHist, n, &L->nHAlloc, 2);
      L->aHist[2*n] = who;
      L->aHist[2*n+1] = t;
      L->in.nHistory++;
      zTeam = *zEnd==',' ? zEnd+1 : zEnd;
    }
  }
  db_finalize(&q);
  if( L->in.nHistory ) qsort(L->aHist, (size_t)L->in.nHistory, 2*sizeof(i64), pair_cmp);
  for(i=0; i<L->in.nHistory; i++){
    buf_appendf(&L->aList[3], "%lld\t%lld\n", (long long)L->aHist[2*i], (long long)L->aHist[2*i+1]);
  }

}

/* Build the lists of plan planId as of day zOn, with the rows of the
** three registers up to the ids aCut[0..2] (targets, people, conflicts), for draw
** self (INT64_MAX for a new one).  Returns 0, or -1 with a message. */
static int lists_build(struct lists *L, struct arena *ar, i64 planId, const char *zOn,
                       const i64 *aCut,
                       i64 self, struct buf *pErr){
  struct stmt q;
  const char *zKind = 0, *zTown = 0, *zRisk = 0, *zType = 0, *zPartners = 0;
  i64 per = 2, avoid = 0;
  int i;
  bool bFound = false;
  memset(L, 0, sizeof(*L));
  for(i=0; i<4; i++) buf_init(&L->aList[i]);
  buf_init(&L->excl);
  db_prepare(&q, "SELECT p.org_id, o.path, p.mode, coalesce(p.ratio_pct, 0),"
                 " coalesce(p.target_count, 0), p.per_target, p.f_kind, p.f_town, p.f_risk,"
                 " p.type, p.partners, coalesce(p.avoid_repeat, 0)"
                 " FROM insp_plan p JOIN org o ON o.id=p.org_id"
                 " WHERE p.id=?1 AND p.void_reason IS NULL");
  db_bind_int64(&q, 1, planId);
  if( db_step(&q)==DB_ROW ){
    bFound = true;
    L->planOrg = db_column_int64(&q, 0);
    L->zPath = arena_printf(ar, "%s%%", db_column_text(&q, 1));
    L->eMode = str_eq(db_column_text(&q, 2), "count");
    L->pct = (int)db_column_int64(&q, 3);
    L->count = (int)db_column_int64(&q, 4);
    per = db_column_int64(&q, 5);
    db_column_dups(ar, &q, 6, &zKind, &zTown, &zRisk, &zType, &zPartners, (const char **)0);
    avoid = db_column_int64(&q, 11);
  }
  db_finalize(&q);
  if( !bFound ){
    buf_appendf(pErr, "抽查计划不存在或已作废");
    return -1;
  }
  L->in.nPer = (int)per;
  L->in.bJoint = str_eq(zType, "joint");
  L->in.bAvoidRepeat = avoid!=0;

  /* targets in scope, by the plan's filters */
  db_prepare(&q, "SELECT t.id, CASE WHEN t.kind IN ('school','kindergarten') THEN t.org_id"
                 " ELSE 0 END, t.name"
                 " FROM insp_target t JOIN org o ON o.id=t.org_id"
                 " WHERE o.path LIKE ?1 AND t.void_reason IS NULL AND t.id<=?2"
                 " AND (t.kind=?3 OR ?3='') AND (t.town=?4 OR ?4='') AND (t.risk=?5 OR ?5='')"
                 " ORDER BY t.id");
  db_bind_text(&q, 1, L->zPath);
  db_bind_int64(&q, 2, aCut[0]);
  db_bind_text(&q, 3, zKind ? zKind : "");
  db_bind_text(&q, 4, zTown ? zTown : "");
  db_bind_text(&q, 5, zRisk ? zRisk : "");
  while( db_step(&q)==DB_ROW ){
    int n = L->in.nTarget, nA = L->nTAlloc;
    L->aTId = grow(L->aTId, n, &nA, 1);
    nA = L->nTAlloc;
    L->aTOrg = grow(L->aTOrg, n, &nA, 1);
    L->nTAlloc = nA;
    L->aTId[n] = db_column_int64(&q, 0);
    L->aTOrg[n] = db_column_int64(&q, 1);
    line_int(&L->aList[0], L->aTId[n], '\t');
    line_int(&L->aList[0], L->aTOrg[n], '\t');
    buf_puts(&L->aList[0], db_column_text(&q, 2));
    buf_append(&L->aList[0], "\n", 1);
    L->in.nTarget++;
  }
  db_finalize(&q);

  /* inspectors: the plan org's own and, for a joint plan, the partners' */
  db_prepare(&q, "SELECT t.id, t.org_id, t.dept, t.cert_no, t.name, t.valid_until, t.status,"
                 " t.lapsed_on"
                 " FROM insp_person t JOIN org o ON o.id=t.org_id"
                 " WHERE o.path LIKE ?1 AND t.void_reason IS NULL AND t.id<=?2"
                 " ORDER BY t.id");
  db_bind_text(&q, 1, L->zPath);
  db_bind_int64(&q, 2, aCut[1]);
  while( db_step(&q)==DB_ROW ){
    const char *zDept = db_column_text(&q, 2);
    const char *zUntil = db_column_text(&q, 5), *zStatus = db_column_text(&q, 6);
    const char *zLapsed = db_column_text(&q, 7);
    i64 org = db_column_int64(&q, 1);
    bool bPartner = zDept!=0 && zDept[0];
    int n = L->in.nPerson, nA;
    if( bPartner ){
      org = insp_partner_id(zDept);
      if( !L->in.bJoint || org==0 || !partner_in(ar, zPartners, org) ) continue;
    }
    if( zUntil && strcmp(zUntil, zOn)<0 ){
      buf_appendf(&L->excl, "%lld\t%s\t%s\t执法证已于%s到期\n", (long long)db_column_int64(&q, 0),
                  db_column_text(&q, 4), db_column_text(&q, 3), zUntil);
      continue;
    }
    if( !str_eq(zStatus, "valid") && (zLapsed==0 || strcmp(zLapsed, zOn)<=0) ){
      buf_appendf(&L->excl, "%lld\t%s\t%s\t执法证%s%s%s\n", (long long)db_column_int64(&q, 0),
                  db_column_text(&q, 4), db_column_text(&q, 3), zLapsed ? "已于" : "",
                  zLapsed ? zLapsed : "", str_eq(zStatus, "revoked") ? "注销" : "暂扣");
      continue;
    }
    nA = L->nPAlloc; L->aPId = grow(L->aPId, n, &nA, 1);
    nA = L->nPAlloc; L->aPOrg = grow(L->aPOrg, n, &nA, 1);
    if( n>=L->nPAlloc ){
      L->abPartner = xrealloc(L->abPartner, sizeof(bool) * (size_t)nA);
    }
    L->nPAlloc = nA;
    L->aPId[n] = db_column_int64(&q, 0);
    L->aPOrg[n] = org;
    L->abPartner[n] = bPartner;
    buf_appendf(&L->aList[1], "%lld\t%lld\t%d\t%s\n", (long long)L->aPId[n], (long long)org,
                bPartner ? 1 : 0, db_column_text(&q, 3));
    L->in.nPerson++;
  }
  db_finalize(&q);

  /* declared conflicts */
  db_prepare(&q, "SELECT t.person_id, t.target_id FROM insp_conflict t JOIN org o ON o.id=t.org_id"
                 " WHERE o.path LIKE ?1 AND t.void_reason IS NULL AND t.id<=?2"
                 " ORDER BY t.person_id, t.target_id");
  db_bind_text(&q, 1, L->zPath);
  db_bind_int64(&q, 2, aCut[2]);
  while( db_step(&q)==DB_ROW ){
    int n = L->in.nConflict;
    L->aConf = grow(L->aConf, n, &L->nCAlloc, 2);
    L->aConf[2*n] = db_column_int64(&q, 0);
    L->aConf[2*n+1] = db_column_int64(&q, 1);
    if( n==0 || pair_cmp(&L->aConf[2*n-2], &L->aConf[2*n])!=0 ) L->in.nConflict++;
  }
  db_finalize(&q);
  for(i=0; i<L->in.nConflict; i++){
    buf_appendf(&L->aList[2], "%lld\t%lld\n", (long long)L->aConf[2*i], (long long)L->aConf[2*i+1]);
  }

  lists_history(L, planId, self);
  for(i=0; i<4; i++) draw_hash(L->aList[i].buf, L->aList[i].len, L->in.azHash[i]);
  L->in.aTargetId = L->aTId;
  L->in.aTargetOrg = L->aTOrg;
  L->in.aPersonId = L->aPId;
  L->in.aPersonOrg = L->aPOrg;
  L->in.abPartner = L->abPartner;
  L->in.aConflict = L->aConf;
  L->in.aHistory = L->aHist;
  return 0;
}

/* ---- the register ---- */

/* A new draw: the lists, the seed, the algorithm, the result.  A draw is
** never changed afterwards. */
static int draw_check(struct reg_ctx *c){
  const char **az = c->azNew;
  struct lists L;
  struct draw_out o;
  struct buf err = BUF_INIT, res = BUF_INIT;
  i64 planId = 0, aCut[3];
  char zToday[11];
  int rc = 0;
  if( c->azOld ){
    reg_err_add(c->pErr, REG_ECONFLICT, 0,
                "抽签记录不可修改；如需重新抽签，请新建抽签记录，选择被替代的记录并说明理由");
    return -1;
  }
  if( az[D_PLAN]==0 ) return 0;
  str_to_i64(az[D_PLAN], 1, INT64_MAX, &planId);
  if( az[D_REPLACES] ){
    i64 old = 0;
    str_to_i64(az[D_REPLACES], 1, INT64_MAX, &old);
    if( !db_exists("SELECT 1 FROM insp_draw WHERE id=?1 AND plan_id=?2 AND status='valid'"
                   " AND void_reason IS NULL", "ii", old, planId) ){
      reg_err_add(c->pErr, REG_EINVALID, "replaces", "被替代的抽签记录应是本计划现行有效的抽签记录");
      return -1;
    }
  }else{
    i64 cur = db_i64(0, "SELECT id FROM insp_draw WHERE plan_id=?1 AND status='valid'"
                        " AND void_reason IS NULL ORDER BY id LIMIT 1", "i", planId);
    if( cur ){
      reg_err_add(c->pErr, REG_ECONFLICT, "replaces",
                  "该计划已有抽签记录（编号 %lld），不能悄悄重抽；重新抽签请选择被替代的记录并说明理由",
                  (long long)cur);
      return -1;
    }
  }
  if( az[D_ON]==0 ){
    date_format(date_today(), zToday);
    az[D_ON] = arena_strdup(c->ar, zToday);
  }
  if( az[D_SEED] ){
    az[D_SOURCE] = "supplied";
  }else{
    u8 a[16];
    char zHex[33];
    rand_bytes(a, sizeof(a));
    hex_encode(a, sizeof(a), zHex);
    az[D_SEED] = arena_strdup(c->ar, zHex);
    az[D_SOURCE] = "csprng";
  }
  aCut[0] = db_i64(0, "SELECT coalesce(max(id), 0) FROM insp_target", "");
  aCut[1] = db_i64(0, "SELECT coalesce(max(id), 0) FROM insp_person", "");
  aCut[2] = db_i64(0, "SELECT coalesce(max(id), 0) FROM insp_conflict", "");
  if( lists_build(&L, c->ar, planId, az[D_ON], aCut, INT64_MAX, &err) ){
    reg_err_add(c->pErr, REG_EINVALID, "plan_id", "%s", err.buf);
    rc = -1;
    goto done;
  }
  L.in.zSeed = az[D_SEED];
  L.in.nDraw = L.eMode ? L.count
                       : (int)(((i64)L.in.nTarget * L.pct + 99) / 100);
  if( L.in.nTarget==0 ){
    reg_err_add(c->pErr, REG_EINVALID, "plan_id", "该计划范围内没有检查对象");
    rc = -1;
    goto done;
  }
  if( draw_compute(&L.in, &o, &err) ){
    reg_err_add(c->pErr, REG_EINVALID, "plan_id", "%s", err.buf);
    rc = -1;
    goto done;
  }
  draw_result_text(&L.in, &o, &res);
  draw_out_free(&o);
  az[D_ORG] = arena_printf(c->ar, "%lld", (long long)L.planOrg);
  az[D_ALGO] = DRAW_ALGO;
  az[D_STATUS] = "valid";
  az[D_NT] = arena_printf(c->ar, "%d", L.in.nTarget);
  az[D_NP] = arena_printf(c->ar, "%d", L.in.nPerson);
  az[D_ND] = arena_printf(c->ar, "%d", L.in.nDraw);
  az[D_PER] = arena_printf(c->ar, "%d", L.in.nPer);
  az[D_AVOID] = L.in.bAvoidRepeat ? "1" : "0";
  az[D_CUT] = arena_printf(c->ar, "%lld,%lld,%lld", (long long)aCut[0], (long long)aCut[1],
                           (long long)aCut[2]);
  az[D_HT] = arena_strdup(c->ar, L.in.azHash[0]);
  az[D_HP] = arena_strdup(c->ar, L.in.azHash[1]);
  az[D_HC] = arena_strdup(c->ar, L.in.azHash[2]);
  az[D_HH] = arena_strdup(c->ar, L.in.azHash[3]);
  az[D_EXCL] = L.excl.len ? arena_strdup(c->ar, L.excl.buf) : 0;
  az[D_RESULT] = arena_strdup(c->ar, res.buf);
done:
  lists_free(&L);
  buf_release(&err);
  buf_release(&res);
  return rc;
}

/* After the insert: the drawn tasks, and the replaced draw superseded.
** The tasks are the draw's declared child (insp_task_reg, "tasks"): the
** kernel lists them under the draw, in its API, command and sheet.  They
** are written here as plain rows in the draw's transaction, not one by
** one through reg_child_add: a draw of a large plan holds tens of
** thousands, and the draw's own audit entry carries them all (result). */
static int draw_after(struct reg_ctx *c){
  const char *p = c->azNew[D_RESULT];
  struct stmt q;
  i64 now = (i64)time(0);
  int seq = 0;
  if( c->azOld || p==0 ) return 0;
  db_prepare(&q, "INSERT INTO insp_task(draw_id, seq, target_id, team, org_id, created_at,"
                 " updated_at, label) VALUES(?1,?2,?3,?4,?5,?6,?6,"
                 " ?7 || ' · ' || (SELECT name FROM insp_target WHERE id=?3))");
  while( *p ){
    char *zEnd;
    long long t = strtoll(p, &zEnd, 10);
    size_t n = strcspn(zEnd, ";");
    char zTeam[256];
    seq++;
    if( *zEnd==':' && n>1 && n<sizeof(zTeam) ){
      memcpy(zTeam, zEnd+1, n-1);
      zTeam[n-1] = 0;
      db_bind_int64(&q, 1, c->id);
      db_bind_int64(&q, 2, seq);
      db_bind_int64(&q, 3, t);
      db_bind_text(&q, 4, zTeam);
      db_bind_int64(&q, 5, (i64)strtoll(c->azNew[D_ORG] ? c->azNew[D_ORG] : "0", 0, 10));
      db_bind_int64(&q, 6, now);
      db_bind_text(&q, 7, c->azNew[D_NO] ? c->azNew[D_NO] : "");
      db_step(&q);
      db_reset(&q);
    }
    p = zEnd + n;
    if( *p==';' ) p++;
  }
  db_finalize(&q);
  /* rows of one imported file are all checked before any is written: each
  ** draw must see the ones before it, so a file that holds several draws
  ** of the same plan or whose earlier rows change a later row's history
  ** is refused (draw them one at a time) */
  {
    struct lists H;
    i64 planId = 0;
    str_to_i64(c->azNew[D_PLAN], 1, INT64_MAX, &planId);
    memset(&H, 0, sizeof(H));
    buf_init(&H.aList[3]);
    H.zPath = arena_printf(c->ar, "%s%%", db_text(c->ar, "", "SELECT o.path FROM insp_plan p"
                                                 " JOIN org o ON o.id=p.org_id WHERE p.id=?1",
                                                 "i", planId));
    lists_history(&H, planId, c->id);
    draw_hash(H.aList[3].buf, H.aList[3].len, H.in.azHash[3]);
    if( !str_eq(H.in.azHash[3], c->azNew[D_HH])
     || db_int(0, "SELECT count(*) FROM insp_draw WHERE plan_id=?1 AND status='valid'"
                  " AND void_reason IS NULL AND id<>?2 AND id<>?3", "iii", planId, c->id,
               c->azNew[D_REPLACES] ? (i64)strtoll(c->azNew[D_REPLACES], 0, 10) : (i64)0)>0 ){
      reg_err_add(c->pErr, REG_ECONFLICT, "plan_id",
                  "同一计划不能同时有两次有效抽签，前后相关的抽签也须逐次进行，请逐条抽签");
      lists_free(&H);
      return -1;
    }
    lists_free(&H);
  }
  if( c->azNew[D_REPLACES] ){
    i64 old = 0;
    str_to_i64(c->azNew[D_REPLACES], 1, INT64_MAX, &old);
    db_exec("UPDATE insp_draw SET status='superseded', version=version+1, updated_at=?2"
            " WHERE id=?1", "ii", old, (i64)time(0));
  }
  return db_failed() ? -1 : 0;
}

/* The record page: the check against the registers, and the tasks. */
static void draw_show_more(struct req *r, const struct actor *a, const struct reg_rec *pRec){
  (void)a;
  H(r, "<p><a class=\"button\" href=\"/draws/%lld/verify\">复核抽签结果</a>"
       " 按记录中的种子、日期和名录重新计算，核对是否一致。</p>", (long long)pRec->id);
  reg_tech_begin(r);   /* the algorithm's name is machinery (#22) */
  H(r, "算法 %h，说明见命令 fazhi draw help", DRAW_ALGO);
  reg_tech_end(r);
}

/* Numbered in the year of its day: 双随机〔2024〕1号. */
static const struct reg_number drawNumber = {
  .zField = "number", .zFormat = "双随机〔%Y〕%N号", .zYearFrom = "drawn_on",
};

/* The public check: recomputed from the record alone, as 一致 or what differs. */
static const char *pub_verify(struct arena *ar, const struct reg_def *d, const struct reg_rec *p){
  struct buf out = BUF_INIT;
  const char *z;
  int rc;
  (void)d;
  rc = draw_verify(p->id, &out);
  if( rc==0 ) z = "一致：四份名录的SM3和抽签结果均与记录相符";
  else z = arena_printf(ar, "不一致：%s", out.buf);
  buf_release(&out);
  return z;
}

static const struct reg_public_show aPubShow[] = {
  { .zKey = "number", .zLabel = "抽签编号", .zField = "number" },
  { .zKey = "plan", .zLabel = "抽查计划", .zField = "plan_id" },
  { .zKey = "drawn_on", .zLabel = "抽签日期", .zField = "drawn_on" },
  { .zKey = "algo", .zLabel = "算法版本", .zField = "algo" },
  { .zKey = "status", .zLabel = "状态", .zField = "status" },
  { .zKey = "h_targets", .zLabel = "检查对象名录SM3", .zField = "h_targets" },
  { .zKey = "h_people", .zLabel = "检查人员名录SM3", .zField = "h_people" },
  { .zKey = "h_conflicts", .zLabel = "回避登记SM3", .zField = "h_conflicts" },
  { .zKey = "h_history", .zLabel = "上次检查记录SM3", .zField = "h_history" },
  { .zKey = "result", .zLabel = "抽签结果", .zField = "result" },
  { .zKey = "verify", .zLabel = "复核结果", .xValue = pub_verify },
};

static const struct reg_public_show aPubListShow[] = {
  { .zKey = "number", .zLabel = "抽签编号", .zField = "number" },
  { .zKey = "plan", .zLabel = "抽查计划", .zField = "plan_id" },
  { .zKey = "drawn_on", .zLabel = "抽签日期", .zField = "drawn_on" },
  { .zKey = "seed", .zLabel = "随机种子", .zField = "seed" },
  { .zKey = "status", .zLabel = "状态", .zField = "status" },
  { .zKey = "n_drawn", .zLabel = "抽中对象数", .zField = "n_drawn" },
};

static const struct reg_public_list drawPubList = {
  .zTitle = "双随机抽签公开",
  .zWhere = "t.void_reason IS NULL",
  .zOrder = "t.drawn_on DESC, t.id DESC",
  .aShow = aPubListShow, .nShow = (int)COUNT(aPubListShow),
  .zNote = "每次抽签公开其编号、随机种子和抽签日期；凭编号和种子可查看各名录的SM3并由系统按记录重新计算复核。"
           "重新抽签另立记录，原记录保留。算法说明见 fazhi draw help。",
};

static const struct reg_public drawPublic = {
  .zSeg = "draws",
  .zLimit = "draw_public", .nLimit = 20, .nWindow = 60,
  .zTitle = "双随机抽签复核",
  .zNumberField = "number", .zCodeField = "seed",
  .zHelp = "抽签编号和随机种子见抽签公开列表。",
  .zNoMatch = "未找到与该抽签编号和随机种子相符的抽签记录，请核对后再试",
  .aShow = aPubShow, .nShow = (int)COUNT(aPubShow),
  .pList = &drawPubList,
};

/* ---- the drawn tasks (child) ---- */

#define TASK_FIELDS(X) \
  X(K_ORG, .zKey = "org_id", .zLabel = "单位", .eType = REG_REF, \
    .mFlags = RF_READONLY|RF_NOIO, .zRef = "org", .nWidth = 20) \
  X(K_DRAW, .zKey = "draw_id", .zLabel = "抽签记录", .eType = REG_REF, \
    .mFlags = RF_READONLY|RF_REQUIRED, .zRef = "insp_draw", .nWidth = 18) \
  X(K_SEQ, .zKey = "seq", .zLabel = "抽中顺序", .eType = REG_INT, \
    .mFlags = RF_READONLY|RF_REQUIRED|RF_LIST, REG_RANGE(1, 100000000), .nWidth = 8) \
  X(K_TARGET, .zKey = "target_id", .zLabel = "检查对象", .eType = REG_REF, \
    .mFlags = RF_READONLY|RF_REQUIRED|RF_LIST, .zRef = "insp_target", .nWidth = 30) \
  X(K_LABEL, .zKey = "label", .zLabel = "任务", .eType = REG_TEXT, \
    .mFlags = RF_READONLY|RF_SEARCH|RF_NOIO|RF_TITLE, .nMax = 300, .nWidth = 40) \
  X(K_TEAM, .zKey = "team", .zLabel = "派出的检查人员（编号）", .eType = REG_TEXT, \
    .mFlags = RF_READONLY|RF_REQUIRED|RF_LIST, .nMax = 2000, .nWidth = 20)

enum { TASK_FIELDS(REG_FIELD_ENUM) K_NFIELD };
static const struct reg_field aTaskField[] = { TASK_FIELDS(REG_FIELD_INIT) };

/* Nobody writes a task: the draw's rule does, and a draw is never changed
** (every field read-only, nothing to add, no delete). */
static int task_check(struct reg_ctx *c){
  reg_err_add(c->pErr, REG_ECONFLICT, 0, "抽签任务由抽签生成，不能新增或修改；需要时重新抽签");
  return -1;
}

const struct reg_def insp_task_reg = {
  .zName = "insp_task", .zTable = "insp_task", .zSeg = 0, .zCmd = "insp-task",
  .zTitle = "抽签任务", .zListTitle = "抽中的检查对象", .zNavGroup = "双随机检查",
  .zOrgField = "org_id",
  .mRead = 0, .mWrite = ROLE_ADMIN, .mFull = ROLE_ADMIN|ROLE_LEGAL|ROLE_INSPECTOR,
  .aField = aTaskField, .nField = (int)COUNT(aTaskField),
  .eDelete = REG_DEL_NONE, .zOrder = "t.seq, t.id", .zCounter = "个",
  .xCheck = task_check,
  .zParentField = "draw_id",
};

static const struct reg_child aDrawChild[] = {
  { &insp_task_reg, "tasks" },
};

const struct reg_def insp_draw_reg = {
  .zName = "insp_draw", .zTable = "insp_draw", .zSeg = "draws", .zCmd = "draw",
  .zTitle = "抽签记录", .zNavGroup = "双随机检查", .zOrgField = "org_id",
  .mRead = 0, .mWrite = ROLE_ADMIN|ROLE_LEGAL|ROLE_INSPECTOR,
  .mFull = ROLE_ADMIN|ROLE_LEGAL|ROLE_INSPECTOR,
  .aField = aField, .nField = (int)COUNT(aField),
  .zStateField = "status", .zInitial = "valid",
  .eDelete = REG_DEL_NONE, .zOrder = "t.id DESC", .zCounter = "次",
  .xCheck = draw_check, .xAfter = draw_after, .xShowMore = draw_show_more,
  .pNumber = &drawNumber, .pPublic = &drawPublic,
  .aChild = aDrawChild, .nChild = (int)COUNT(aDrawChild),
};

/* ---- verify ---- */

/* The cut "T,P,C" into a[0..2] (missing parts 0). */
static void cut_parse(const char *z, i64 *a){
  int i;
  for(i=0; i<3; i++){
    char *zEnd;
    a[i] = z && *z ? strtoll(z, &zEnd, 10) : 0;
    if( z && *z ) z = *zEnd==',' ? zEnd+1 : zEnd;
  }
}

int draw_verify(i64 id, struct buf *pOut){
  struct arena *ar = arena_new();
  struct lists L;
  struct draw_out o;
  struct buf err = BUF_INIT, res = BUF_INIT;
  struct stmt q;
  char *azRec[12] = {0};
  i64 planId = 0, nDrawn = 0, per = 0, avoid = 0, aCut[3] = {0, 0, 0};
  int i, rc = 0;
  bool bFound = false;
  db_prepare(&q, "SELECT plan_id, n_drawn, per_target, coalesce(avoid_repeat, 0),"
                 " drawn_on, seed, algo, h_targets, h_people, h_conflicts, h_history,"
                 " coalesce(excluded, ''), result, coalesce(cut_at, '')"
                 " FROM insp_draw WHERE id=?1");
  db_bind_int64(&q, 1, id);
  if( db_step(&q)==DB_ROW ){
    bFound = true;
    db_column_int64s(&q, 0, &planId, &nDrawn, &per, &avoid, (i64 *)0);
    for(i=0; i<10; i++) azRec[i] = db_column_dup(ar, &q, 4+i);
  }
  db_finalize(&q);
  if( !bFound ){
    arena_free(ar);
    return -1;
  }
  if( !str_eq(azRec[2], DRAW_ALGO) ){
    buf_appendf(pOut, "算法版本 %s 不是本程序的 %s\n", azRec[2] ? azRec[2] : "", DRAW_ALGO);
    arena_free(ar);
    return 1;
  }
  cut_parse(azRec[9], aCut);
  if( lists_build(&L, ar, planId, azRec[0], aCut, id, &err) ){
    buf_appendf(pOut, "%s\n", err.buf);
    rc = 1;
    goto done;
  }
  for(i=0; i<4; i++){
    if( !str_eq(L.in.azHash[i], azRec[3+i]) ){
      buf_appendf(pOut, "%s不一致：记录的SM3为 %s，现在为 %s\n", azListName[i],
                  azRec[3+i] ? azRec[3+i] : "", L.in.azHash[i]);
      rc = 1;
    }
  }
  if( !str_eq(L.excl.buf, azRec[7] ? azRec[7] : "") ){
    buf_appendf(pOut, "排除的人员及原因不一致\n");
    rc = 1;
  }
  L.in.zSeed = azRec[1] ? azRec[1] : "";
  L.in.nDraw = (int)nDrawn;
  if( L.in.nPer!=per || L.in.bAvoidRepeat!=(avoid!=0) ){
    buf_appendf(pOut, "抽查计划的人员数或回避设置已改变\n");
    L.in.nPer = (int)per;
    L.in.bAvoidRepeat = avoid!=0;
    rc = 1;
  }
  if( draw_compute(&L.in, &o, &err) ){
    buf_appendf(pOut, "抽签结果无法重算：%s\n", err.buf);
    rc = 1;
  }else{
    draw_result_text(&L.in, &o, &res);
    draw_out_free(&o);
    if( !str_eq(res.buf, azRec[8] ? azRec[8] : "") ){
      buf_appendf(pOut, "抽签结果不一致\n");
      rc = 1;
    }
  }
done:
  lists_free(&L);
  buf_release(&err);
  buf_release(&res);
  arena_free(ar);
  return rc;
}

/* Print list k ("targets" ...) of draw id as rebuilt now. */
static int draw_lists(i64 id, const char *zWhich){
  struct arena *ar = arena_new();
  struct lists L;
  struct buf err = BUF_INIT;
  static const char *const azKey[] = { "targets", "people", "conflicts", "history", "excluded" };
  char *zOn = db_text(ar, 0, "SELECT drawn_on FROM insp_draw WHERE id=?1", "i", id);
  i64 planId = db_i64(0, "SELECT plan_id FROM insp_draw WHERE id=?1", "i", id);
  i64 aCut[3];
  int i, rc = 2;
  if( zOn==0 ){
    fprintf(stderr, "fazhi: 没有编号为 %lld 的抽签记录\n", (long long)id);
    arena_free(ar);
    return 3;
  }
  cut_parse(db_text(ar, "", "SELECT cut_at FROM insp_draw WHERE id=?1", "i", id), aCut);
  if( lists_build(&L, ar, planId, zOn, aCut, id, &err) ){
    fprintf(stderr, "fazhi: %s\n", err.buf);
    arena_free(ar);
    buf_release(&err);
    return 1;
  }
  for(i=0; i<5; i++){
    if( str_eq(zWhich, azKey[i]) ){
      const struct buf *b = i<4 ? &L.aList[i] : &L.excl;
      fwrite(b->buf, 1, b->len, stdout);
      rc = 0;
    }
  }
  if( rc ) fprintf(stderr, "fazhi: 名录应为 targets、people、conflicts、history 或 excluded\n");
  lists_free(&L);
  buf_release(&err);
  arena_free(ar);
  return rc;
}

static const char zDrawUsage[] =
  "用法：fazhi draw list|show ID|run --plan-id 计划 [--drawn-on 日期] [--seed 种子]\n"
  "                 [--replaces ID --reason 理由]|verify ID|lists ID targets|people|conflicts|history|excluded\n"
  "抽签算法 " DRAW_ALGO "：种子与四份排序名录的SM3派生SM3计数器模式随机流，\n"
  "部分Fisher-Yates抽取对象，按负载最少优先并遵守回避抽取检查人员（详见 docs/inspections.md）。\n";

int draw_cmd(int argc, char **argv){
  if( argc>2 && str_eq(argv[2], "run") ){
    argv[2] = "add";
    return reg_cmd(argc, argv);
  }
  if( argc>2 && (str_eq(argv[2], "verify") || str_eq(argv[2], "lists")) ){
    i64 id;
    bool bVerify = str_eq(argv[2], "verify");
    if( argc!=(bVerify ? 4 : 5) || str_to_i64(argv[3], 1, INT64_MAX, &id) ){
      return cli_usage(zDrawUsage);
    }
    if( cli_open() ) return 1;
    if( bVerify ){
      struct buf out = BUF_INIT;
      int rc = draw_verify(id, &out);
      if( rc<0 ){
        fprintf(stderr, "fazhi: 没有编号为 %lld 的抽签记录\n", (long long)id);
        return 3;
      }
      if( rc==0 ) printf("抽签记录 %lld 复核一致：名录SM3与抽签结果均与记录相符\n", (long long)id);
      else printf("抽签记录 %lld 复核不一致：\n%s", (long long)id, out.buf);
      buf_release(&out);
      return rc ? 1 : 0;
    }
    return draw_lists(id, argv[4]);
  }
  if( argc>2 && str_eq(argv[2], "help") ){
    fputs(zDrawUsage, stdout);
    return 0;
  }
  return reg_cmd(argc, argv);
}

/* GET /api/v1/draws/:id/verify */
void draw_verify_api(struct req *r){
  struct actor a;
  struct reg_err e;
  struct reg_rec rec;
  struct buf out = BUF_INIT;
  struct json_w j;
  const char *p;
  i64 id;
  int rc;
  actor_from_req(&a, r);
  reg_err_init(&e, r->arena);
  if( str_to_i64(r->azPathArg[0], 1, INT64_MAX, &id)
   || reg_get(&insp_draw_reg, &a, id, r->arena, &rec, &e) ){
    api_error(r, 404, "not_found", "没有这条抽签记录，或不在您的数据范围内", 0);
    return;
  }
  rc = draw_verify(id, &out);
  api_begin(r, &j);
  json_obj_open(&j, 0);
  json_int(&j, "id", id);
  json_str(&j, "algo", rec.az[D_ALGO]);
  json_bool(&j, "match", rc==0);
  json_arr_open(&j, "differences");
  for(p=out.buf; *p; ){
    size_t n = strcspn(p, "\n");
    json_str(&j, 0, arena_strndup(r->arena, p, n));
    p += n;
    if( *p ) p++;
  }
  json_arr_close(&j);
  json_obj_close(&j);
  buf_release(&out);
}

/* GET /draws/:id/verify */
void draw_verify_page(struct req *r){
  struct actor a;
  struct reg_err e;
  struct reg_rec rec;
  struct buf out = BUF_INIT;
  i64 id;
  int rc;
  actor_from_req(&a, r);
  reg_err_init(&e, r->arena);
  if( str_to_i64(r->azPathArg[0], 1, INT64_MAX, &id)
   || reg_get(&insp_draw_reg, &a, id, r->arena, &rec, &e) ){
    r->status = 404;
    html_begin(r, "未找到", "/draws");
    H(r, "<p>没有这条抽签记录，或不在您的数据范围内。</p>");
    html_end(r);
    return;
  }
  rc = draw_verify(id, &out);
  html_begin(r, arena_printf(r->arena, "复核抽签记录 %lld", (long long)id), "/draws");
  H(r, "<p><a href=\"/draws/%lld\">返回抽签记录</a></p>", (long long)id);
  if( rc==0 ){
    H(r, "<p class=\"ok\">复核一致：按记录中的种子 %h、日期 %h 和名录重新计算，"
         "四份名录的SM3与抽签结果均与记录相符。</p>", rec.az[D_SEED], rec.az[D_ON]);
  }else{
    H(r, "<p class=\"error\">复核不一致：</p><pre>%h</pre>", out.buf);
  }
  html_end(r);
  buf_release(&out);
}

/* ---- demo ---- */

int draw_demo_load(const struct actor *a, const char *zCsv, size_t n, struct buf *pErr){
  const char *p = zCsv, *pEnd = zCsv + n;
  struct arena *ar = arena_new();
  int nLine = 0, rc = 0;
  while( p<pEnd && rc==0 ){
    size_t len = strcspn(p, "\n");
    char *zLine = arena_strndup(ar, p, len), *az3[3] = {0}, *q = zLine;
    const char **az;
    struct reg_err e;
    i64 id;
    int k;
    p += len + (p[len]=='\n');
    if( nLine++==0 || zLine[0]==0 ) continue;
    for(k=0; k<3 && q; k++){
      az3[k] = q;
      q = strchr(q, ',');
      if( q ) *q++ = 0;
    }
    az = reg_values_alloc(ar, &insp_draw_reg);
    az[D_PLAN] = az3[0];
    az[D_ON] = az3[1];
    az[D_SEED] = az3[2];
    reg_err_init(&e, ar);
    if( reg_value(&insp_draw_reg, &aField[D_PLAN], a, az3[0], ar, &az[D_PLAN], &e)
     || reg_create(&insp_draw_reg, a, az, &id, &e) ){
      buf_appendf(pErr, "第%d行：%s", nLine, reg_err_text(&e));
      rc = -1;
    }
  }
  arena_free(ar);
  return rc;
}
