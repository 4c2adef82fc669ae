/*
** t_draw.c -- the draw algorithm "fazhi-draw-1" (src/areas/inspections/
** draw.c): the same seed and lists give the same result, a changed seed
** or list hash another; over thousands of generated plans 回避 is never
** violated (own org, declared conflicts, last time's team), every drawn
** target gets its inspectors (>= 2, distinct, a joint plan's alternating
** bureau/partner), the drawn targets are distinct, and the load is spread
** evenly (max - min <= 1 when nothing is excluded); a plan that cannot be
** staffed is refused, naming the target.
*/
#include "test.h"
#include "../../src/base/buf.h"
#include "../../src/areas/inspections/draw.h"

/* A small deterministic generator for the test data (not the draw's). */
static u64 g_state;
static int gen(int n){
  g_state = g_state*6364136223846793005ULL + 1442695040888963407ULL;
  return (int)((g_state>>33) % (u64)n);
}

static int pair_cmp(const void *x, const void *y){
  const i64 *a = x, *b = y;
  if( a[0]!=b[0] ) return a[0]<b[0] ? -1 : 1;
  if( a[1]!=b[1] ) return a[1]<b[1] ? -1 : 1;
  return 0;
}

static bool has_pair(const i64 *a, int n, i64 x, i64 y){
  int i;
  for(i=0; i<n; i++) if( a[2*i]==x && a[2*i+1]==y ) return true;
  return false;
}

/* Check one result against every rule; returns the number of violations. */
static int check_result(const struct draw_in *p, const struct draw_out *o){
  int i, k, m, nBad = 0;
  if( o->nDrawn!=p->nDraw ) nBad++;
  for(i=0; i<o->nDrawn; i++){
    int t = o->aiTarget[i];
    for(m=0; m<i; m++) if( o->aiTarget[m]==t ) nBad++;
    for(k=0; k<p->nPer; k++){
      int who = o->aiPerson[i*p->nPer+k];
      if( who<0 || who>=p->nPerson ){ nBad++; continue; }
      if( p->aTargetOrg[t] && p->aPersonOrg[who]==p->aTargetOrg[t] ) nBad++;
      if( has_pair(p->aConflict, p->nConflict, p->aPersonId[who], p->aTargetId[t]) ) nBad++;
      if( p->bAvoidRepeat && has_pair(p->aHistory, p->nHistory, p->aPersonId[who], p->aTargetId[t]) ) nBad++;
      if( p->bJoint && p->abPartner[who]!=((k & 1)!=0) ) nBad++;
      if( !p->bJoint && p->abPartner[who] ) nBad++;
      for(m=0; m<k; m++) if( o->aiPerson[i*p->nPer+m]==who ) nBad++;
    }
  }
  return nBad;
}

void test_draw(void){
  enum { MAXT = 80, MAXP = 40, MAXC = 60 };
  i64 aTId[MAXT], aTOrg[MAXT], aPId[MAXP], aPOrg[MAXP], aConf[2*MAXC], aHist[2*MAXC];
  bool abPartner[MAXP];
  struct draw_in in;
  struct draw_out o, o2;
  struct buf a = BUF_INIT, b = BUF_INIT, err = BUF_INIT;
  int iRun, nOk = 0, nBad = 0, nSpreadBad = 0, i;

  /* fixed lists: determinism and sensitivity to the seed and the hashes */
  memset(&in, 0, sizeof(in));
  for(i=0; i<50; i++){ aTId[i] = 100+i; aTOrg[i] = i%10 ? 1000+i : 0; }
  for(i=0; i<12; i++){ aPId[i] = 10+i; aPOrg[i] = i<8 ? 1000+i : 9000+(i%2); abPartner[i] = i>=8; }
  in.zSeed = "福彩3D 2024065期 371";
  in.nTarget = 50; in.aTargetId = aTId; in.aTargetOrg = aTOrg;
  in.nPerson = 12; in.aPersonId = aPId; in.aPersonOrg = aPOrg; in.abPartner = abPartner;
  in.nDraw = 5; in.nPer = 2; in.bJoint = true;
  for(i=0; i<4; i++) draw_hash("xxxx", (size_t)i, in.azHash[i]);
  CHECK(draw_compute(&in, &o, &err)==0);
  CHECK(draw_compute(&in, &o2, &err)==0);
  draw_result_text(&in, &o, &a);
  draw_result_text(&in, &o2, &b);
  CHECK(a.len>0);
  CHECK_STR(a.buf, b.buf);
  CHECK_INT(check_result(&in, &o), 0);
  draw_out_free(&o2);
  /* any change of a list's hash or of the seed gives another stream */
  for(i=0; i<5; i++){
    struct draw_in in2 = in;
    buf_reset(&b);
    if( i<4 ) draw_hash("changed", 7, in2.azHash[i]); else in2.zSeed = "福彩3D 2024065期 372";
    CHECK(draw_compute(&in2, &o2, &err)==0);
    draw_result_text(&in2, &o2, &b);
    CHECK(strcmp(a.buf, b.buf)!=0);
    draw_out_free(&o2);
  }
  draw_out_free(&o);
  /* the SM3 of a list is the standard's (GB/T 32905 example "abc") */
  {
    char z[65];
    draw_hash("abc", 3, z);
    CHECK_STR(z, "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0");
  }

  /* thousands of generated plans */
  g_state = 20241115;
  for(iRun=0; iRun<3000; iRun++){
    int nT = 2 + gen(MAXT-2), nP = 4 + gen(MAXP-4), nOrg = 1 + gen(12), nC, nH;
    bool bPlain = gen(4)==0;       /* nothing excluded: the spread must be even */
    memset(&in, 0, sizeof(in));
    for(i=0; i<nT; i++){
      aTId[i] = 1 + i*3;
      aTOrg[i] = bPlain || gen(3)==0 ? 0 : 500 + gen(nOrg);
    }
    for(i=0; i<nP; i++){
      aPId[i] = 7 + i*2;
      abPartner[i] = gen(3)==0;
      aPOrg[i] = abPartner[i] ? 900 + gen(2) : 500 + gen(nOrg);
    }
    nC = bPlain ? 0 : gen(MAXC);
    for(i=0; i<nC; i++){ aConf[2*i] = aPId[gen(nP)]; aConf[2*i+1] = aTId[gen(nT)]; }
    nH = bPlain ? 0 : gen(MAXC);
    for(i=0; i<nH; i++){ aHist[2*i] = aPId[gen(nP)]; aHist[2*i+1] = aTId[gen(nT)]; }
    qsort(aConf, (size_t)nC, 2*sizeof(i64), pair_cmp);
    qsort(aHist, (size_t)nH, 2*sizeof(i64), pair_cmp);
    in.zSeed = iRun%2 ? "12345" : "彩票 2024";
    in.nTarget = nT; in.aTargetId = aTId; in.aTargetOrg = aTOrg;
    in.nPerson = nP; in.aPersonId = aPId; in.aPersonOrg = aPOrg; in.abPartner = abPartner;
    /* duplicates are harmless for the test's own search; the draw wants
    ** them unique, as the lists are built */
    {
      int w = 0, r;
      for(r=0; r<nC; r++) if( w==0 || pair_cmp(&aConf[2*(w-1)], &aConf[2*r]) ){ aConf[2*w] = aConf[2*r]; aConf[2*w+1] = aConf[2*r+1]; w++; }
      nC = w; w = 0;
      for(r=0; r<nH; r++) if( w==0 || pair_cmp(&aHist[2*(w-1)], &aHist[2*r]) ){ aHist[2*w] = aHist[2*r]; aHist[2*w+1] = aHist[2*r+1]; w++; }
      nH = w;
    }
    in.nConflict = nC; in.aConflict = aConf;
    in.nHistory = nH; in.aHistory = aHist;
    in.nDraw = 1 + gen(nT);
    in.nPer = 2 + gen(2);
    in.bJoint = gen(2)==0;
    in.bAvoidRepeat = gen(2)==0;
    for(i=0; i<4; i++) draw_hash(&iRun, sizeof(iRun) - (size_t)i, in.azHash[i]);
    buf_reset(&err);
    if( draw_compute(&in, &o, &err)==0 ){
      nOk++;
      nBad += check_result(&in, &o);
      if( bPlain ){
        int lo[2] = { 1<<30, 1<<30 }, hi[2] = { -1, -1 }, aLoad[MAXP] = {0}, k;
        for(k=0; k<o.nDrawn*in.nPer; k++) aLoad[o.aiPerson[k]]++;
        for(k=0; k<nP; k++){
          int g = in.bJoint && abPartner[k] ? 1 : 0;
          if( !in.bJoint && abPartner[k] ) continue;
          if( aLoad[k]<lo[g] ) lo[g] = aLoad[k];
          if( aLoad[k]>hi[g] ) hi[g] = aLoad[k];
        }
        for(k=0; k<2; k++) if( hi[k]>=0 && hi[k]-lo[k]>1 ) nSpreadBad++;
      }
      draw_out_free(&o);
    }else{
      /* refused: some target lacks eligible people in a pool; the
      ** message names the target */
      int t, k, bShort = 0;
      CHECK(strstr(err.buf, "找不到")!=0);
      for(t=0; t<nT && !bShort; t++){
        int nE[2] = {0, 0};
        for(k=0; k<nP; k++){
          if( aTOrg[t] && aPOrg[k]==aTOrg[t] ) continue;
          if( has_pair(aConf, nC, aPId[k], aTId[t]) ) continue;
          if( in.bAvoidRepeat && has_pair(aHist, nH, aPId[k], aTId[t]) ) continue;
          nE[abPartner[k] ? 1 : 0]++;
        }
        if( in.bJoint ){
          if( nE[0]<(in.nPer+1)/2 || nE[1]<in.nPer/2 ) bShort = 1;
        }else if( nE[0]<in.nPer ){
          bShort = 1;
        }
      }
      CHECK(bShort);
    }
  }
  CHECK(nOk>1500);
  CHECK_INT(nBad, 0);
  CHECK_INT(nSpreadBad, 0);
  /* fewer than 2 per target, or more targets than listed: refused */
  memset(&in, 0, sizeof(in));
  in.zSeed = "1"; in.nTarget = 3; in.aTargetId = aTId; in.aTargetOrg = aTOrg;
  in.nPerson = 4; in.aPersonId = aPId; in.aPersonOrg = aPOrg; in.abPartner = abPartner;
  in.nDraw = 4; in.nPer = 2;
  CHECK(draw_compute(&in, &o, &err)<0);
  in.nDraw = 1; in.nPer = 1;
  CHECK(draw_compute(&in, &o, &err)<0);
  buf_release(&a);
  buf_release(&b);
  buf_release(&err);
}
