/*
** report_say.c -- what the annual report says (report_int.h).
**
** Wording chosen by the figures.  A placeholder {{key|名称|条件:措辞|...|措辞}}
** says the first alternative whose condition holds, else the last one
** without a condition, else the value.  A condition is one or more
** comparisons joined by "&": "=100", ">=2", "<100", "!=0" compare the
** placeholder's figure; "permit.overdue=0" another figure; the right-hand
** side is a number or a figure key ("=decision.decided").  In the words:
**   #  [值]     the value as printed ("137", "99.3%")
**   [分子] [分母]  a rate's members matching and all members
**   [未达数]      a rate's members missing; [名单] their names (three at
**                most, then 等)
**   [上年]        last year's value on the same day; [较上年] "，较上年增加1所"
**                (提高/降低…个百分点 for a rate; "，与上年持平"), empty when
**                last year has no records; [较上年:key] for another figure
**   [key]         another figure's value (【待补充：名称】 without records)
** So the template says 均/全部/无 only when the figures are 100 % or 0 and
** otherwise counts and names the exceptions.  {{as_of_month}} (2024年11月)
** and {{as_of_period}} (11月中旬) name the data date as the seed does.
**
** No claim without its record.  The check (say_findings) lists, with the
** paragraph: every figure the text uses that has no records (a gap), and
** every sentence asserting what a rule of data/report/claims.tsv
** recognises ("干部学法讲座N次以上" needs lecture.cadre>=N) while the
** figures contradict it or have no records.  The 法规股 may record a reason
** per finding (report_reason, per unit and year); 送审 is refused while a
** finding has none (say_submit_gate).
*/
#include "../common.h"
#include <jansson.h>
#include <math.h>
#include "../base/arena.h"
#include "../base/buf.h"
#include "../base/date.h"
#include "../base/embed.h"
#include "../base/json.h"
#include "../base/util.h"
#include "../core/app.h"
#include "../core/audit.h"
#include "../core/cli.h"
#include "../reg/figure.h"
#include "../reg/reg.h"
#include "../store/db.h"
#include "../web/api.h"
#include "../web/html.h"
#include "../web/req.h"
#include "report.h"
#include "report_int.h"

/* ---- the data date in words ---- */

const char *say_date_word(struct rpt *p, const char *zName){
  static const char *const azXun[] = { "上旬", "中旬", "下旬" };
  int iDay = 0, y, m, d;
  bool bMonth = str_eq(zName, "as_of_month"), bPeriod = str_eq(zName, "as_of_period");
  if( !bMonth && !bPeriod ) return 0;
  date_parse(p->zAsOf, &iDay);
  date_ymd(iDay, &y, &m, &d);
  if( bMonth ) return arena_printf(p->ar, "%d年%d月", y, m);
  return arena_printf(p->ar, "%d月%s", m, azXun[d<=10 ? 0 : d<=20 ? 1 : 2]);
}

/* ---- the extra figures: rates, last year, 人工填报 ---- */

/* v as the report prints it with unit zUnit. */
static const char *say_num(struct arena *ar, double v, const char *zUnit){
  bool bPct = zUnit && str_eq(zUnit, "%");
  if( fabs(v - round(v))<1e-9 ) return arena_printf(ar, "%.0f%s", v, bPct ? "%" : "");
  return arena_printf(ar, "%.1f%s", v, bPct ? "%" : "");
}

void say_fig_extra(struct rpt *p, struct rfig *g, const struct fig_result *res){
  struct fig_scope s;
  struct fig_result r2;
  int y, m, d;
  date_ymd(p->s.iAsOf, &y, &m, &d);
  fig_scope_init(&s, p->ar, p->year-1, date_from_ymd(y-1, m, m==2 && d==29 ? 28 : d), p->zLike);
  if( res==0 ){
    /* no area declares the key: a value entered by hand, if any */
    memset(&r2, 0, sizeof(r2));
    if( !fig_manual_apply(g->zKey, &p->s, p->ar, &r2) ) return;
    res = arena_alloc(p->ar, sizeof(r2));
    memcpy((struct fig_result *)res, &r2, sizeof(r2));
    g->bKnown = true;
    g->v = res->v;
    g->n = res->n;
    g->aId = res->aId;
    g->azItem = res->azLabel;
    g->azItemDetail = res->azDetail;
    if( res->zManualLabel ) g->zLabel = res->zManualLabel;
    g->zUnit = res->zManualUnit;
    g->zValue = say_num(p->ar, g->v, g->zUnit);
  }
  g->nNum = res->nNum;
  g->nDen = res->nDen;
  g->nMiss = res->nMiss;
  g->azMiss = res->azMissLabel;
  g->bManual = res->bManual;
  g->zSource = res->zSource;
  memset(&r2, 0, sizeof(r2));
  if( g->f ) figure_eval(g->f, &s, p->ar, &r2);
  else fig_manual_apply(g->zKey, &s, p->ar, &r2);
  if( r2.bKnown && (r2.n>0 || r2.nMiss>0) ){
    g->bPrev = true;
    g->vPrev = r2.v;
    g->zPrev = say_num(p->ar, r2.v, g->zUnit);
  }
}

void say_fig_freeze(struct json_w *j, const struct rfig *g){
  int k;
  json_int(j, "numerator", g->nNum);
  json_int(j, "denominator", g->nDen);
  json_arr_open(j, "missing");
  for(k=0; g->azMiss && k<g->nMiss; k++) json_str(j, 0, g->azMiss[k]);
  json_arr_close(j);
  if( g->bPrev ){
    json_double(j, "last_year", g->vPrev);
    json_str(j, "last_year_text", g->zPrev);
  }
  json_bool(j, "manual", g->bManual);
  json_str(j, "source", g->zSource);
}

void say_fig_thaw(struct rpt *p, struct rfig *g, json_t *o){
  json_t *pA = json_object_get(o, "missing");
  const char *z;
  size_t k, n = json_array_size(pA);
  g->nNum = (int)json_integer_value(json_object_get(o, "numerator"));
  g->nDen = (int)json_integer_value(json_object_get(o, "denominator"));
  g->nMiss = (int)n;
  g->azMiss = arena_alloc(p->ar, sizeof(char *) * (n+1));
  for(k=0; k<n; k++){
    z = json_string_value(json_array_get(pA, k));
    g->azMiss[k] = arena_strdup(p->ar, z ? z : "");
  }
  if( json_is_number(json_object_get(o, "last_year")) ){
    g->bPrev = true;
    g->vPrev = json_number_value(json_object_get(o, "last_year"));
    z = json_string_value(json_object_get(o, "last_year_text"));
    g->zPrev = arena_strdup(p->ar, z ? z : "");
  }
  g->bManual = json_is_true(json_object_get(o, "manual"));
  if( (z = json_string_value(json_object_get(o, "source")))!=0 ) g->zSource = arena_strdup(p->ar, z);
}

/* ---- conditions ---- */

/* True when z looks like a figure key: lower-case letters, digits, '_'
** and at least one '.'. */
static bool say_is_key(const char *z, size_t n){
  size_t i;
  bool bDot = false;
  if( n==0 || !(z[0]>='a' && z[0]<='z') ) return false;
  for(i=0; i<n; i++){
    char c = z[i];
    if( c=='.' ) bDot = true;
    else if( !((c>='a' && c<='z') || (c>='0' && c<='9') || c=='_') ) return false;
  }
  return bDot;
}

/* The value of operand z[0..n): a number, or a figure's value (false when
** the figure has no records). */
static bool say_operand(struct rpt *p, const char *z, size_t n, double *pv){
  char *zC = arena_strndup(p->ar, z, n), *zEnd;
  if( say_is_key(zC, n) ){
    struct rfig *g = rpt_fig(p, zC, 0);
    *pv = g->v;
    return g->bKnown;
  }
  *pv = strtod(zC, &zEnd);
  return zEnd!=zC && *zEnd==0;
}

/* Evaluate condition z[0..n) ("=100", ">=2&case.autumn>0",
** "lecture.cadre>=N") for figure g (NULL: each comparison names its
** figure); N stands for vN.  *pbKnown (may be NULL) is set false when a
** figure it reads has no records (the condition is then false); *pzKey
** (may be NULL) gets the key of the last comparison's left-hand figure,
** the one that failed when the condition is false. */
static bool say_cond(struct rpt *p, struct rfig *g, const char *z, size_t n, double vN,
                     bool *pbKnown, const char **pzKey){
  const char *zEnd = z + n;
  while( z<zEnd ){
    const char *zAmp = memchr(z, '&', (size_t)(zEnd - z)), *zStop = zAmp ? zAmp : zEnd;
    const char *zOp = z;
    double a, b;
    int op = 0;
    bool bOk = true, bRes;
    while( zOp<zStop && !strchr("=<>!", *zOp) ) zOp++;
    if( zOp>=zStop ) return false;
    if( zOp==z ){
      if( g==0 ) return false;
      a = g->v;
      if( !g->bKnown ) bOk = false;
      if( pzKey ) *pzKey = g->zKey;
    }else{
      bOk = say_operand(p, z, (size_t)(zOp - z), &a);
      if( pzKey ) *pzKey = arena_strndup(p->ar, z, (size_t)(zOp - z));
    }
    if( zOp[0]=='>' && zOp[1]=='=' ){ op = 1; zOp += 2; }
    else if( zOp[0]=='<' && zOp[1]=='=' ){ op = 2; zOp += 2; }
    else if( zOp[0]=='!' && zOp[1]=='=' ){ op = 3; zOp += 2; }
    else if( zOp[0]=='=' ){ op = 4; zOp += 1; }
    else if( zOp[0]=='>' ){ op = 5; zOp += 1; }
    else if( zOp[0]=='<' ){ op = 6; zOp += 1; }
    else return false;
    if( zStop - zOp==1 && zOp[0]=='N' ) b = vN;
    else if( !say_operand(p, zOp, (size_t)(zStop - zOp), &b) ) bOk = false;
    if( !bOk ){
      if( pbKnown ) *pbKnown = false;
      return false;
    }
    switch( op ){
      case 1: bRes = a>=b-1e-9; break;
      case 2: bRes = a<=b+1e-9; break;
      case 3: bRes = fabs(a-b)>1e-9; break;
      case 4: bRes = fabs(a-b)<=1e-9; break;
      case 5: bRes = a>b+1e-9; break;
      default: bRes = a<b-1e-9; break;
    }
    if( !bRes ) return false;
    z = zStop + (zAmp ? 1 : 0);
  }
  return true;
}

/* ---- words ---- */

/* "，较上年增加1所" for g (its value against last year's), "" when last
** year has no records. */
static const char *say_vs_last(struct rpt *p, const struct rfig *g){
  double dv;
  bool bPct = g->zUnit && str_eq(g->zUnit, "%");
  const char *zUnit = g->zUnit && !bPct ? g->zUnit : "";
  if( !g->bKnown || !g->bPrev ) return "";
  dv = round(g->v * 10) / 10 - round(g->vPrev * 10) / 10;   /* as printed: one decimal */
  if( fabs(dv)<1e-9 ) return "，与上年持平";
  if( bPct ){
    return arena_printf(p->ar, "，较上年%s%s个百分点", dv>0 ? "提高" : "降低", say_num(p->ar, fabs(dv), 0));
  }
  return arena_printf(p->ar, "，较上年%s%s%s", dv>0 ? "增加" : "减少", say_num(p->ar, fabs(dv), 0), zUnit);
}

/* The names of g's missing members: three at most, then 等. */
static const char *say_missing(struct rpt *p, const struct rfig *g){
  struct buf b = BUF_INIT;
  const char *z;
  int k;
  for(k=0; g->azMiss && k<g->nMiss && k<3; k++){
    if( k ) buf_puts(&b, "、");
    buf_puts(&b, g->azMiss[k]);
  }
  if( g->nMiss>3 ) buf_puts(&b, "等");
  z = arena_strdup(p->ar, b.len ? b.buf : "");
  buf_release(&b);
  return z;
}

/* The words of token zTok (the text between [ and ]) for g, or NULL when
** it is no token. */
static const char *say_token(struct rpt *p, struct rfig *g, const char *zTok){
  if( str_eq(zTok, "值") ) return g->zValue ? g->zValue : "";
  if( str_eq(zTok, "分子") ) return arena_printf(p->ar, "%d", g->nNum);
  if( str_eq(zTok, "分母") ) return arena_printf(p->ar, "%d", g->nDen);
  if( str_eq(zTok, "未达数") ) return arena_printf(p->ar, "%d", g->nMiss);
  if( str_eq(zTok, "名单") ) return say_missing(p, g);
  if( str_eq(zTok, "上年") ) return g->zPrev ? g->zPrev : "";
  if( str_eq(zTok, "较上年") ) return say_vs_last(p, g);
  if( strncmp(zTok, "较上年:", 10)==0 && say_is_key(zTok+10, strlen(zTok+10)) ){
    return say_vs_last(p, rpt_fig(p, zTok+10, 0));
  }
  if( say_is_key(zTok, strlen(zTok)) ){
    struct rfig *h = rpt_fig(p, zTok, 0);
    return h->bKnown ? h->zValue : arena_printf(p->ar, "【待补充：%s】", h->zLabel);
  }
  return 0;
}

/* z with # and the [tokens] replaced for g, in p's arena. */
static const char *say_words(struct rpt *p, struct rfig *g, const char *z){
  struct buf b = BUF_INIT;
  const char *zOut;
  while( *z ){
    if( *z=='#' ){
      buf_puts(&b, g->zValue ? g->zValue : "");
      z++;
    }else if( *z=='[' && strchr(z, ']') ){
      const char *zClose = strchr(z, ']');
      const char *zW = say_token(p, g, arena_strndup(p->ar, z+1, (size_t)(zClose - z - 1)));
      if( zW ){
        buf_puts(&b, zW);
        z = zClose + 1;
      }else{
        buf_putc(&b, *z++);
      }
    }else{
      buf_putc(&b, *z++);
    }
  }
  zOut = arena_strdup(p->ar, b.len ? b.buf : "");
  buf_release(&b);
  return zOut;
}

/* The colon of alternative z when it is conditional ("cond:words", the
** condition starting with a comparison or a figure key), else NULL. */
static const char *say_alt_colon(const char *z){
  const char *zColon = strchr(z, ':');
  if( zColon==0 ) return 0;
  if( strchr("=<>!", z[0]) || (z[0]>='a' && z[0]<='z') ) return zColon;
  return 0;
}

const char *rpt_choose(struct rpt *p, struct rfig *g, const char *zAlt){
  char *z, *zNext;
  if( zAlt==0 || !g->bKnown ) return 0;
  for(z = arena_strdup(p->ar, zAlt); z; z = zNext){
    const char *zColon;
    zNext = strchr(z, '|');
    if( zNext ) *zNext++ = 0;
    zColon = say_alt_colon(z);
    if( zColon ){
      /* a condition with "N" (in a claim rule) never holds here */
      if( say_cond(p, g, z, (size_t)(zColon - z), NAN, 0, 0) ) return say_words(p, g, zColon+1);
    }else{
      return say_words(p, g, z);
    }
  }
  return 0;
}

/* ---- the check ---- */

/* A rule of data/report/claims.tsv: a phrase a sentence may assert (N
** standing for a number in it), the condition making it true, and a word
** the sentence must also hold (may be empty). */
struct say_rule {
  const char *zPhrase, *zCond, *zWith;
};

/* The rules, parsed once per call into ar; returns their number. */
static int say_rules(struct arena *ar, struct say_rule **paR){
  const struct embed_file *e = embed_find("data/report/claims.tsv");
  const char *z = e ? (const char *)e->aData : "";
  int n = 0, nAlloc = 64;
  struct say_rule *a = arena_alloc(ar, sizeof(*a) * (size_t)nAlloc);
  while( *z ){
    const char *zEnd = strchr(z, '\n');
    size_t nL = zEnd ? (size_t)(zEnd - z) : strlen(z);
    char *zL = arena_strndup(ar, z, nL), *zT1, *zT2;
    if( zL[0]!='#' && (zT1 = strchr(zL, '\t'))!=0 && n<nAlloc ){
      *zT1++ = 0;
      if( (zT2 = strchr(zT1, '\t'))!=0 ) *zT2++ = 0;
      a[n].zPhrase = zL;
      a[n].zCond = zT1;
      a[n].zWith = zT2 ? zT2 : "";
      n++;
    }
    z += nL + (zEnd ? 1 : 0);
  }
  *paR = a;
  return n;
}

/* Where phrase zPhrase (N: a run of digits) occurs in zS: true with the
** number in *pvN (NAN when the phrase has no N). */
static bool say_match(const char *zS, const char *zPhrase, struct arena *ar, double *pvN){
  const char *zN = strchr(zPhrase, 'N'), *zAt;
  char *zPre, *zPost;
  *pvN = NAN;
  if( zN==0 ) return strstr(zS, zPhrase)!=0;
  zPre = arena_strndup(ar, zPhrase, (size_t)(zN - zPhrase));
  zPost = arena_strdup(ar, zN+1);
  for(zAt = strstr(zS, zPre); zAt; zAt = strstr(zAt+1, zPre)){
    const char *zD = zAt + strlen(zPre), *zE = zD;
    while( *zE>='0' && *zE<='9' ) zE++;
    if( zE>zD && strncmp(zE, zPost, strlen(zPost))==0 ){
      *pvN = strtod(arena_strndup(ar, zD, (size_t)(zE - zD)), 0);
      return true;
    }
  }
  return false;
}

/* "第9段（1.规范行政审批工作……）" for block i. */
static const char *say_where(struct rpt *p, int i){
  const char *z = p->azText[i];
  int nChar = 0;
  const char *zE = z;
  while( *zE && nChar<14 ){
    zE++;
    while( (*zE & 0xC0)==0x80 ) zE++;
    nChar++;
  }
  return arena_printf(p->ar, "第%d段（%.*s%s）", i+1, (int)(zE - z), z, *zE ? "……" : "");
}

/* The sentence of text z around offset zAt: from after the previous
** 。；！？ or newline to the next one included; cut to about 60 characters. */
static const char *say_sentence(struct arena *ar, const char *z, const char *zAt){
  static const char *const azStop[] = { "。", "；", "！", "？", "\n", 0 };
  const char *zB = z, *zE = zAt + strlen(zAt);
  int k;
  for(k=0; azStop[k]; k++){
    const char *q;
    size_t n = strlen(azStop[k]);
    for(q = z; (q = strstr(q, azStop[k]))!=0 && q<zAt; q += n) if( q+n>zB ) zB = q+n;
    q = strstr(zAt, azStop[k]);
    if( q && q<zE ) zE = q;
  }
  if( zE - zB > 180 ) return arena_printf(ar, "……%.*s", (int)(zE - zAt > 150 ? 150 : zE - zAt), zAt);
  return arena_strndup(ar, zB, (size_t)(zE - zB));
}

/* Add a finding to the growing array. */
static void say_add(struct rpt *p, struct say_finding **pa, int *pn, int *pnAlloc, int eKind,
                    int iBlock, const char *zKey, const char *zText){
  int k;
  for(k=0; k<*pn; k++) if( str_eq((*pa)[k].zKey, zKey) ) return;
  if( *pn==*pnAlloc ){
    int nNew = *pnAlloc ? *pnAlloc*2 : 16;
    struct say_finding *a = arena_alloc(p->ar, sizeof(*a) * (size_t)nNew);
    if( *pn ) memcpy(a, *pa, sizeof(*a) * (size_t)*pn);
    *pa = a;
    *pnAlloc = nNew;
  }
  memset(&(*pa)[*pn], 0, sizeof(**pa));
  (*pa)[*pn].eKind = eKind;
  (*pa)[*pn].iBlock = iBlock;
  (*pa)[*pn].zKey = arena_strdup(p->ar, zKey);
  (*pa)[*pn].zWhere = iBlock>=0 ? say_where(p, iBlock) : "";
  (*pa)[*pn].zText = zText;
  (*pn)++;
}

/* The first block whose text source names key zKey; -1 for none. */
static int say_block_of(struct rpt *p, const char *zKey){
  int i;
  for(i=0; i<p->nBlock; i++) if( strstr(p->azBody[i], zKey) ) return i;
  return -1;
}

int say_findings(struct rpt *p, struct say_finding **paF){
  struct say_finding *a = 0;
  struct say_rule *aR;
  int n = 0, nAlloc = 0, i, k, nFig = p->nFig;
  int nRule;
  struct stmt q;
  *paF = 0;
  if( p->pFrozen ) return 0;        /* checked at 送审; the frozen text stays as approved */
  nRule = say_rules(p->ar, &aR);
  /* the figures the text uses without records */
  for(i=0; i<nFig; i++){
    struct rfig *g = &p->aFig[i];
    if( g->bKnown ) continue;
    say_add(p, &a, &n, &nAlloc, SAY_GAP, say_block_of(p, g->zKey),
            arena_printf(p->ar, "gap|%s", g->zKey),
            arena_printf(p->ar, "“%s”%s，报告中为【待补充】", g->zLabel,
                         g->f ? "本年度尚无记录" : "没有相应登记簿，也没有人工填报"));
  }
  /* the sentences the rules recognise */
  for(i=0; i<p->nBlock; i++){
    const char *zT = p->azText[i];
    if( str_eq(p->azKind[i], "title") || str_eq(p->azKind[i], "sign") ) continue;
    for(k=0; k<nRule; k++){
      double vN;
      const char *zAt, *zSent, *zKey = 0, *zPre;
      bool bKnown = true;
      size_t nPre;
      if( !say_match(zT, aR[k].zPhrase, p->ar, &vN) ) continue;
      nPre = strchr(aR[k].zPhrase, 'N') ? (size_t)(strchr(aR[k].zPhrase, 'N') - aR[k].zPhrase)
                                        : strlen(aR[k].zPhrase);
      zPre = arena_strndup(p->ar, aR[k].zPhrase, nPre);
      zAt = strstr(zT, zPre);
      zSent = say_sentence(p->ar, zT, zAt ? zAt : zT);
      if( aR[k].zWith[0] && strstr(zSent, aR[k].zWith)==0 ) continue;
      if( say_cond(p, 0, aR[k].zCond, strlen(aR[k].zCond), vN, &bKnown, &zKey) ) continue;
      {
        struct rfig *g = zKey && say_is_key(zKey, strlen(zKey)) ? rpt_fig(p, zKey, 0) : 0;
        const char *zFKey = arena_printf(p->ar, "claim|%d|%s", i+1, aR[k].zPhrase);
        if( !bKnown ){
          say_add(p, &a, &n, &nAlloc, SAY_GAP, i, zFKey,
                  arena_printf(p->ar, "“%s”没有记录支持：%s", zSent,
                               g ? arena_printf(p->ar, "“%s”尚无记录", g->zLabel) : "所依据的数据尚无记录"));
        }else{
          say_add(p, &a, &n, &nAlloc, SAY_CONTRA, i, zFKey,
                  arena_printf(p->ar, "“%s”与记录不符：%s", zSent,
                               g ? arena_printf(p->ar, "%s为%s", g->zLabel, g->zValue) : "数据不支持这一表述"));
        }
      }
    }
  }
  /* the reasons recorded */
  db_prepare(&q, "SELECT finding, reason FROM report_reason WHERE org_id=?1 AND year=?2");
  db_bind_int64(&q, 1, p->unitId);
  db_bind_int64(&q, 2, p->year);
  while( db_step(&q)==DB_ROW ){
    for(k=0; k<n; k++){
      if( str_eq(a[k].zKey, db_column_text(&q, 0)) ) a[k].zReason = db_column_dup(p->ar, &q, 1);
    }
  }
  db_finalize(&q);
  *paF = a;
  return n;
}

/* Number of findings without a reason. */
static int say_open(const struct say_finding *a, int n){
  int k, nOpen = 0;
  for(k=0; k<n; k++) if( a[k].zReason==0 ) nOpen++;
  return nOpen;
}

static const char *say_kind_name(int eKind){
  return eKind==SAY_CONTRA ? "与记录不符" : "待补充";
}

int say_submit_gate(i64 unitId, int year, struct reg_err *e){
  struct buf err = BUF_INIT;
  struct rpt *p = rpt_load(unitId, year, 0, 0, &err);
  struct say_finding *a;
  int n, k, nOpen = 0;
  buf_release(&err);
  if( p==0 ) return 0;              /* the step itself says what is wrong */
  rpt_prepare(p);
  n = say_findings(p, &a);
  for(k=0; k<n; k++){
    if( a[k].zReason ) continue;
    nOpen++;
    reg_err_add(e, REG_EGATE, 0, "送审前须处理%s：%s（改正后重新检查，或由法规股记录理由）",
                a[k].zWhere, a[k].zText);
  }
  rpt_free(p);
  return nOpen;
}

void say_findings_html(struct req *r, struct rpt *p, bool bEdit){
  struct say_finding *a;
  int n = say_findings(p, &a), k, nOpen = say_open(a, n), nManual = 0, i;
  for(i=0; i<p->nFig; i++) if( p->aFig[i].bManual ) nManual++;
  if( n==0 ){
    html_notice(r, "ok", "检查：报告中的数据均有记录，没有与记录不符的表述");
  }else{
    H(r, "<div class='notice warn' id='findings'><b>检查：%d 项问题，其中 %d 项尚未说明理由%s</b><ol>",
      n, nOpen, nOpen ? "（有未说明理由的问题时不能送审）" : "");
    for(k=0; k<n; k++){
      H(r, "<li><b>%h</b>（%h）：%h", a[k].zWhere, say_kind_name(a[k].eKind), a[k].zText);
      if( a[k].zReason ) H(r, "<br>法规股说明的理由：%h", a[k].zReason);
      if( bEdit ){
        H(r, "<form method='post' action='/reports/%d/reasons?org=%lld' class='inline'>", p->year,
          (long long)p->unitId);
        html_csrf(r);
        H(r, "<input type='hidden' name='finding' value='%a'>"
             "<label for='f-reason-%d'>理由</label><input id='f-reason-%d' name='reason' value='%a'>"
             "<button class='btn' type='submit'>%s</button></form>",
          a[k].zKey, k+1, k+1, a[k].zReason ? a[k].zReason : "",
          a[k].zReason ? "修改理由" : "记录理由");
      }
      H(r, "</li>");
    }
    H(r, "</ol></div>\n");
  }
  H(r, "<p><a href='/figures/manual?year=%d'>人工填报数据项</a>（本局没有在系统中登记的数据，附来源文件填报）</p>",
    p->year);
  if( nManual ){
    H(r, "<div class='notice'><b>人工填报的数据 %d 项</b><ul>", nManual);
    for(i=0; i<p->nFig; i++){
      if( p->aFig[i].bManual ) H(r, "<li>%h：%h（%h）</li>", p->aFig[i].zLabel, p->aFig[i].zValue,
                                 p->aFig[i].zSource);
    }
    H(r, "</ul></div>\n");
  }
}

void say_findings_json(struct json_w *j, struct rpt *p){
  struct say_finding *a;
  int n = say_findings(p, &a), k;
  json_arr_open(j, "findings");
  for(k=0; k<n; k++){
    json_obj_open(j, 0);
    json_int(j, "n", k+1);
    json_str(j, "kind", a[k].eKind==SAY_CONTRA ? "contradiction" : "gap");
    json_str(j, "kind_name", say_kind_name(a[k].eKind));
    json_int(j, "block", a[k].iBlock+1);    /* 0: none */
    json_str(j, "where", a[k].zWhere);
    json_str(j, "text", a[k].zText);
    json_str(j, "finding", a[k].zKey);
    json_str(j, "reason", a[k].zReason);
    json_obj_close(j);
  }
  json_arr_close(j);
  json_int(j, "findings_open", say_open(a, n));
}

int say_check_print(struct rpt *p){
  struct say_finding *a;
  int n, k, i, nOpen, nGap = 0, nManual = 0;
  n = say_findings(p, &a);
  nOpen = say_open(a, n);
  for(i=0; i<p->nFig; i++){
    struct rfig *g = &p->aFig[i];
    if( !g->bKnown ){
      nGap++;
      printf("待补充\t%s\t%s\n", g->zLabel, g->f ? "本年度尚无记录" : "没有相应登记簿，也没有人工填报");
    }else if( g->bManual ){
      nManual++;
      printf("人工填报\t%s\t%s\t%s\n", g->zLabel, g->zValue, g->zSource);
    }else{
      printf("有数据\t%s\t%s\t%d条记录\n", g->zLabel, g->zValue, g->n);
    }
  }
  for(k=0; k<n; k++){
    printf("问题%d\t%s\t%s\t%s", k+1, a[k].zWhere, say_kind_name(a[k].eKind), a[k].zText);
    if( a[k].zReason ) printf("\t已说明理由：%s", a[k].zReason);
    printf("\n");
  }
  printf("%s：%d项数据，%d项待补充，%d项人工填报；%d项问题，%d项未说明理由\n",
         rpt_title_text(p), p->nFig, nGap, nManual, n, nOpen);
  return nOpen ? 1 : 0;
}

/* ---- reasons ---- */

/* Record zReason for finding zFinding (its key, or its number as the
** check lists it) of unit's draft for year, audited.  0, or -1 with a
** message and *pStatus (404 no such finding, 409 not a draft, 422 no
** reason). */
static int say_reason_store(const struct actor *act, i64 unitId, int year, const char *zFinding,
                            const char *zReason, struct buf *pErr, int *pStatus){
  struct rpt *p = rpt_load(unitId, year, 0, 0, pErr);
  struct say_finding *a, *pF = 0;
  int n, k, rc = -1;
  i64 num, id;
  char zId[24];
  struct arena *ar;
  if( p==0 ){ *pStatus = 404; return -1; }
  ar = p->ar;
  if( zReason==0 || zReason[0]==0 ){
    buf_puts(pErr, "理由不能为空");
    *pStatus = 422;
    goto done;
  }
  if( strlen(zReason)>2000 ){
    buf_puts(pErr, "理由过长（最多约600字）");
    *pStatus = 422;
    goto done;
  }
  if( !str_eq(p->zState, "draft") ){
    buf_puts(pErr, "报告已送审或审定，只有草稿可以记录理由");
    *pStatus = 409;
    goto done;
  }
  rpt_prepare(p);
  n = say_findings(p, &a);
  for(k=0; zFinding && k<n; k++) if( str_eq(a[k].zKey, zFinding) ) pF = &a[k];
  if( pF==0 && zFinding && str_to_i64(zFinding, 1, n, &num)==0 ) pF = &a[num-1];
  if( pF==0 ){
    buf_appendf(pErr, "检查结果中没有第“%s”项问题（请先运行检查）", zFinding ? zFinding : "");
    *pStatus = 404;
    goto done;
  }
  db_begin();
  id = db_i64(0, "SELECT id FROM report_reason WHERE org_id=?1 AND year=?2 AND finding=?3", "idt",
              unitId, year, pF->zKey);
  if( id ){
    char *zBefore = db_text(ar, "", "SELECT reason FROM report_reason WHERE id=?1", "i", id);
    db_exec("UPDATE report_reason SET reason=?1, what=?2, created_by=?3, updated_at=?4,"
            " version=version+1 WHERE id=?5", "tttii", zReason,
            arena_printf(ar, "%s：%s", pF->zWhere, pF->zText), act->zUsername, time_now(), id);
    snprintf(zId, sizeof(zId), "%lld", (long long)id);
    audit_write(act, "update", "report_reason", zId, arena_printf(ar, "{\"reason\":%j}", zBefore),
                arena_printf(ar, "{\"finding\":%j,\"reason\":%j}", pF->zText, zReason));
  }else{
    struct stmt q;
    db_prepare(&q, "INSERT INTO report_reason(org_id, year, finding, what, reason, created_by,"
                   " created_at, updated_at) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7) RETURNING id");
    db_bind_int64(&q, 1, unitId);
    db_bind_int64(&q, 2, year);
    db_bind_text(&q, 3, pF->zKey);
    db_bind_text(&q, 4, arena_printf(ar, "%s：%s", pF->zWhere, pF->zText));
    db_bind_text(&q, 5, zReason);
    db_bind_text(&q, 6, act->zUsername);
    db_bind_int64(&q, 7, time_now());
    if( db_step(&q)==DB_ROW ) id = db_column_int64(&q, 0);
    db_finalize(&q);
    snprintf(zId, sizeof(zId), "%lld", (long long)id);
    audit_write(act, "create", "report_reason", zId, 0,
                arena_printf(ar, "{\"finding\":%j,\"reason\":%j}", pF->zText, zReason));
  }
  db_commit();
  rc = 0;
done:
  rpt_free(p);
  return rc;
}

/* POST /reports/:year/reasons (finding, reason): back to the report. */
void report_reason_page(struct req *r){
  struct actor act;
  struct buf err = BUF_INIT;
  int year = report_req_year(r, false), st = 0;
  i64 unitId;
  if( year==0 ) return;
  if( (unitId = report_req_unit(r, false, 0))==0 ) return;
  actor_from_req(&act, r);
  if( say_reason_store(&act, unitId, year, req_param_trim(r, "finding"),
                       req_param_trim(r, "reason"), &err, &st)==0 ){
    req_redirect(r, arena_printf(r->arena, "/reports?year=%d&org=%lld&ok=1#findings", year,
                                 (long long)unitId));
  }else{
    html_error_page(r, st, err.buf);
  }
  buf_release(&err);
}

/* POST /api/v1/reports/:year/reasons {finding, reason, org}: the report. */
void report_reason_api(struct req *r){
  static const char *const azAllowed[] = { "finding", "reason", "org", 0 };
  struct actor act;
  struct buf err = BUF_INIT;
  json_t *pBody;
  const char *zFinding = 0, *zReason = 0, *zOrg = 0;
  int year = report_req_year(r, true), st = 0;
  i64 unitId;
  if( year==0 ) return;
  if( (pBody = api_body(r))==0 ) return;
  if( json_check_keys(pBody, azAllowed, &err)<0
   || json_get_str(pBody, "finding", true, &zFinding, &err)<0
   || json_get_str(pBody, "reason", false, &zReason, &err)<0
   || json_get_str(pBody, "org", false, &zOrg, &err)<0 ){
    api_error(r, 400, "bad_field", err.buf, 0);
    goto done;
  }
  if( (unitId = report_req_unit(r, true, zOrg))==0 ) goto done;
  actor_from_req(&act, r);
  if( say_reason_store(&act, unitId, year, zFinding, zReason, &err, &st) ){
    api_error(r, st, st==404 ? "not_found" : st==409 ? "conflict" : "invalid", err.buf,
              st==422 ? "reason" : "finding");
  }else{
    report_json_reply(r, unitId, year);
  }
done:
  json_decref(pBody);
  buf_release(&err);
}

static const char zReasonUsage[] =
  "用法: fazhi report reason --year 年度 --finding 序号 --reason 理由 [--org 单位]\n"
  "为 fazhi report check 列出的第几项问题记录法规股的理由（草稿时）。\n";

int say_reason_cmd(int argc, char **argv){
  int n = argc;
  char **av = argv;
  const char *zYear = cli_option(&n, av, "--year"), *zFinding = cli_option(&n, av, "--finding");
  const char *zReason = cli_option(&n, av, "--reason"), *zOrg = cli_option(&n, av, "--org");
  struct actor act;
  struct buf err = BUF_INIT;
  i64 year, unitId;
  int st = 0, rc;
  if( cli_finish(n, av, 0, 0, zReasonUsage) ) return 2;
  if( zYear==0 || str_to_i64(zYear, 2000, 2100, &year) ){
    fprintf(stderr, "fazhi: --year 应为2000到2100之间的年度\n");
    return 2;
  }
  if( zFinding==0 ){ fprintf(stderr, "fazhi: --finding 不能为空（check 列出的问题序号）\n"); return 2; }
  if( cli_open() ) return 1;
  actor_cli(&act);
  if( (unitId = report_unit(&act, zOrg, &err))==0 ){
    fprintf(stderr, "fazhi: %s\n", err.buf);
    buf_release(&err);
    return 1;
  }
  rc = say_reason_store(&act, unitId, (int)year, zFinding, zReason, &err, &st);
  if( rc ) fprintf(stderr, "fazhi: %s\n", err.buf);
  else printf("已记录第%s项问题的理由\n", zFinding);
  buf_release(&err);
  return rc ? 1 : 0;
}
