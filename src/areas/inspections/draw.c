/*
** draw.c -- the draw algorithm "fazhi-draw-1" (the full description is in
** draw.h): a random stream from SM3 in counter mode keyed by the seed and
** the lists' hashes, a partial Fisher-Yates over the targets, and the
** inspectors of each target chosen from load groups honouring 回避.  No
** database, no allocation the caller sees beyond struct draw_out.
*/
#include "../../common.h"
#include "../../base/buf.h"
#include "../../base/util.h"
#include "../../crypto/sm3.h"
#include "draw.h"

/* The random stream: SM3(K || counter) blocks, consumed byte by byte. */
struct stream {
  struct sm3_ctx c;
  u8 aKey[SM3_LEN];
  u8 aBlock[SM3_LEN];
  u32 iCounter;
  int iUsed;                 /* bytes of aBlock used */
};

/* Start the stream for input p. */
static void stream_init(struct stream *s, const struct draw_in *p){
  struct buf b = BUF_INIT;
  buf_appendf(&b, "%s\n%s\n%s\n%s\n%s\n%s\n%d\n%d\n%d\n%d\n", DRAW_ALGO, p->zSeed,
              p->azHash[0], p->azHash[1], p->azHash[2], p->azHash[3], p->nDraw, p->nPer,
              p->bJoint ? 1 : 0, p->bAvoidRepeat ? 1 : 0);
  sm3_init(&s->c);
  sm3_update(&s->c, b.buf, b.len);
  sm3_final(&s->c, s->aKey);
  buf_release(&b);
  s->iCounter = 0;
  s->iUsed = SM3_LEN;
}

/* The next 8 bytes of the stream, big-endian. */
static u64 stream_next(struct stream *s){
  u64 x = 0;
  int i;
  for(i=0; i<8; i++){
    if( s->iUsed==SM3_LEN ){
      u8 aCtr[4];
      aCtr[0] = (u8)(s->iCounter>>24);
      aCtr[1] = (u8)(s->iCounter>>16);
      aCtr[2] = (u8)(s->iCounter>>8);
      aCtr[3] = (u8)s->iCounter;
      sm3_update(&s->c, s->aKey, SM3_LEN);
      sm3_update(&s->c, aCtr, 4);
      sm3_final(&s->c, s->aBlock);
      s->iCounter++;
      s->iUsed = 0;
    }
    x = (x<<8) | s->aBlock[s->iUsed++];
  }
  return x;
}

/* A uniform integer in [0, n), n > 0, without modulo bias. */
static u64 stream_uniform(struct stream *s, u64 n){
  u64 lo = (0 - n) % n;      /* 2^64 mod n */
  for(;;){
    u64 x = stream_next(s);
    if( x>=lo ) return x % n;
  }
}

/* A pool of people grouped by load (see draw.h step 5). */
struct pool {
  int n;
  int *aOrder;               /* person indexes, grouped by load */
  int *aPos;                 /* [nPerson]: position in aOrder, or -1 */
  int *aLoad;                /* [nPerson] */
  int *aStart;               /* aStart[L]: first position of load L; [nLevel] = n */
  int nLevel, nAlloc;        /* loads 0..nLevel-1 exist as groups */
  int minL;
};

/* Pool of the people i with abPartner[i]==bPartner. */
static void pool_init(struct pool *pl, const struct draw_in *p, bool bPartner, int *aLoad){
  int i;
  memset(pl, 0, sizeof(*pl));
  pl->aOrder = xmalloc(sizeof(int) * (size_t)(p->nPerson + 1));
  pl->aPos = xmalloc(sizeof(int) * (size_t)(p->nPerson + 1));
  pl->aLoad = aLoad;
  for(i=0; i<p->nPerson; i++){
    pl->aPos[i] = -1;
    if( p->abPartner[i]==bPartner ){
      pl->aPos[i] = pl->n;
      pl->aOrder[pl->n++] = i;
    }
  }
  pl->nAlloc = 16;
  pl->aStart = xmalloc(sizeof(int) * (size_t)pl->nAlloc);
  pl->aStart[0] = 0;
  pl->aStart[1] = pl->n;
  pl->nLevel = 1;
  pl->minL = 0;
}

static void pool_free(struct pool *pl){
  free(pl->aOrder);
  free(pl->aPos);
  free(pl->aStart);
}

/* Person i (in the pool, load L) takes one more task. */
static void pool_bump(struct pool *pl, int i){
  int L = pl->aLoad[i], pos = pl->aPos[i], last, j;
  if( L+1>=pl->nLevel ){
    if( pl->nLevel+2>pl->nAlloc ){
      pl->nAlloc *= 2;
      pl->aStart = xrealloc(pl->aStart, sizeof(int) * (size_t)pl->nAlloc);
    }
    pl->aStart[pl->nLevel+1] = pl->n;
    pl->nLevel++;
  }
  last = pl->aStart[L+1] - 1;
  j = pl->aOrder[last];
  pl->aOrder[last] = i;
  pl->aOrder[pos] = j;
  pl->aPos[j] = pos;
  pl->aPos[i] = last;
  pl->aStart[L+1]--;
  pl->aLoad[i]++;
  while( pl->minL<pl->nLevel-1 && pl->aStart[pl->minL]==pl->aStart[pl->minL+1] ) pl->minL++;
}

/* True when the sorted pair list a (n pairs) holds (x, y). */
static bool pair_has(const i64 *a, int n, i64 x, i64 y){
  int lo = 0, hi = n;
  while( lo<hi ){
    int m = lo + (hi-lo)/2;
    if( a[2*m]<x || (a[2*m]==x && a[2*m+1]<y) ) lo = m+1; else hi = m;
  }
  return lo<n && a[2*lo]==x && a[2*lo+1]==y;
}

/* May person i inspect target t, with aTeam[0..nTeam) already chosen? */
static bool eligible(const struct draw_in *p, int i, int t, const int *aTeam, int nTeam){
  int k;
  if( p->aTargetOrg[t] && p->aPersonOrg[i]==p->aTargetOrg[t] ) return false;
  for(k=0; k<nTeam; k++) if( aTeam[k]==i ) return false;
  if( pair_has(p->aConflict, p->nConflict, p->aPersonId[i], p->aTargetId[t]) ) return false;
  if( p->bAvoidRepeat
   && pair_has(p->aHistory, p->nHistory, p->aPersonId[i], p->aTargetId[t]) ) return false;
  return true;
}

/* Choose one person from pl for target t (step 4); -1 when none. */
static int pool_pick(struct pool *pl, struct stream *s, const struct draw_in *p, int t,
                     const int *aTeam, int nTeam){
  int L, k;
  for(L=pl->minL; L<pl->nLevel; L++){
    int a = pl->aStart[L], n = pl->aStart[L+1] - a, off;
    if( n<=0 ) continue;
    for(k=0; k<8; k++){
      int i = pl->aOrder[a + (int)stream_uniform(s, (u64)n)];
      if( eligible(p, i, t, aTeam, nTeam) ) return i;
    }
    off = (int)stream_uniform(s, (u64)n);
    for(k=0; k<n; k++){
      int i = pl->aOrder[a + (off+k) % n];
      if( eligible(p, i, t, aTeam, nTeam) ) return i;
    }
  }
  return -1;
}

void draw_hash(const void *p, size_t n, char zOut[65]){
  u8 a[SM3_LEN];
  sm3(p, n, a);
  hex_encode(a, SM3_LEN, zOut);
}

int draw_compute(const struct draw_in *p, struct draw_out *pOut, struct buf *pErr){
  struct stream s;
  struct pool aPool[2];
  int *aIdx = 0, *aLoad = 0, i, k, rc = 0;
  memset(pOut, 0, sizeof(*pOut));
  if( p->nDraw<1 || p->nDraw>p->nTarget ){
    buf_appendf(pErr, "应抽取%d个对象，候选对象只有%d个", p->nDraw, p->nTarget);
    return -1;
  }
  if( p->nPer<2 ){
    buf_appendf(pErr, "每个对象至少应有2名检查人员");
    return -1;
  }
  stream_init(&s, p);
  aIdx = xmalloc(sizeof(int) * (size_t)p->nTarget);
  for(i=0; i<p->nTarget; i++) aIdx[i] = i;
  for(i=0; i<p->nDraw; i++){
    int j = i + (int)stream_uniform(&s, (u64)(p->nTarget - i)), x = aIdx[i];
    aIdx[i] = aIdx[j];
    aIdx[j] = x;
  }
  aLoad = xmalloc(sizeof(int) * (size_t)(p->nPerson + 1));
  memset(aLoad, 0, sizeof(int) * (size_t)(p->nPerson + 1));
  pool_init(&aPool[0], p, false, aLoad);
  pool_init(&aPool[1], p, true, aLoad);
  pOut->aiTarget = xmalloc(sizeof(int) * (size_t)p->nDraw);
  pOut->aiPerson = xmalloc(sizeof(int) * (size_t)p->nDraw * (size_t)p->nPer);
  for(i=0; i<p->nDraw && rc==0; i++){
    int t = aIdx[i], *aTeam = &pOut->aiPerson[i*p->nPer];
    pOut->aiTarget[i] = t;
    for(k=0; k<p->nPer; k++){
      struct pool *pl = &aPool[p->bJoint && (k & 1) ? 1 : 0];
      int who = pool_pick(pl, &s, p, t, aTeam, k);
      if( who<0 ){
        buf_appendf(pErr, "抽中的第%d个对象（编号%lld）找不到第%d名可以参加检查的%s人员"
                    "（回避、执法证或人数不足）", i+1, (long long)p->aTargetId[t], k+1,
                    p->bJoint && (k & 1) ? "合作部门" : "本单位");
        rc = -1;
        break;
      }
      aTeam[k] = who;
      pool_bump(pl, who);
    }
  }
  pOut->nDrawn = rc ? 0 : p->nDraw;
  pool_free(&aPool[0]);
  pool_free(&aPool[1]);
  free(aLoad);
  free(aIdx);
  sm3_free(&s.c);
  if( rc ) draw_out_free(pOut);
  return rc;
}

void draw_out_free(struct draw_out *pOut){
  free(pOut->aiTarget);
  free(pOut->aiPerson);
  memset(pOut, 0, sizeof(*pOut));
}

void draw_result_text(const struct draw_in *p, const struct draw_out *o, struct buf *pOut){
  int i, k;
  for(i=0; i<o->nDrawn; i++){
    buf_appendf(pOut, "%s%lld:", i ? ";" : "", (long long)p->aTargetId[o->aiTarget[i]]);
    for(k=0; k<p->nPer; k++){
      buf_appendf(pOut, "%s%lld", k ? "," : "", (long long)p->aPersonId[o->aiPerson[i*p->nPer+k]]);
    }
  }
}
