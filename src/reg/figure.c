/*
** figure.c -- the registry of figures and alerts (see figure.h).
**
** The registry is a pointer to the wiring file's static tables, set once
** at start-up; reading it needs no lock.
*/
#include "../common.h"
#include <math.h>
#include "../base/arena.h"
#include "../base/date.h"
#include "../base/util.h"
#include "figure.h"

static const struct figure *const *aaFigTab;     /* NULL-terminated list of tables */
static const struct alert_def *const *aaAlertTab;
static const struct fig_pop *const *aaPopTab;

void figure_registry_set(const struct figure *const *aaFig, const struct alert_def *const *aaAlert){
  aaFigTab = aaFig;
  aaAlertTab = aaAlert;
}

void figure_pops_set(const struct fig_pop *const *aaPop){
  aaPopTab = aaPop;
}

const struct fig_pop *figure_pop_find(const char *zKey){
  int i;
  const struct fig_pop *p;
  if( zKey==0 ) return 0;
  for(i=0; aaPopTab && aaPopTab[i]; i++){
    for(p=aaPopTab[i]; p->zKey; p++){
      if( strcmp(p->zKey, zKey)==0 ) return p;
    }
  }
  return 0;
}

int figure_count(void){
  int n = 0, i;
  const struct figure *p;
  for(i=0; aaFigTab && aaFigTab[i]; i++){
    for(p=aaFigTab[i]; p->zKey; p++) n++;
  }
  return n;
}

const struct figure *figure_at(int k){
  int i;
  const struct figure *p;
  for(i=0; aaFigTab && aaFigTab[i]; i++){
    for(p=aaFigTab[i]; p->zKey; p++){
      if( k--==0 ) return p;
    }
  }
  return 0;
}

const struct figure *figure_find(const char *zKey){
  int i;
  const struct figure *p;
  if( zKey==0 ) return 0;
  for(i=0; aaFigTab && aaFigTab[i]; i++){
    for(p=aaFigTab[i]; p->zKey; p++){
      if( strcmp(p->zKey, zKey)==0 ) return p;
    }
  }
  return 0;
}

void fig_scope_init(struct fig_scope *s, struct arena *ar, int year, int iAsOf, const char *zLike){
  char z[11];
  memset(s, 0, sizeof(*s));
  s->year = year;
  s->iAsOf = iAsOf ? iAsOf : date_from_ymd(year, 12, 31);
  s->zAsOf = arena_strdup(ar, date_format(s->iAsOf, z));
  s->zYearStart = arena_printf(ar, "%04d-01-01", year);
  s->zLike = arena_strdup(ar, zLike);
  s->zSoon = arena_strdup(ar, date_format(s->iAsOf + FIG_SOON_DAYS, z));
}

void figure_eval(const struct figure *f, const struct fig_scope *s, struct arena *ar,
                 struct fig_result *res){
  memset(res, 0, sizeof(*res));
  if( f->pDecl ) fig_decl_eval(f->pDecl, s, ar, res);
  else if( f->xArg ) f->xArg(f, s, ar, res);
  else if( f->xEval ) f->xEval(s, ar, res);
  if( !res->bKnown ) fig_manual_apply(f->zKey, s, ar, res);   /* 人工填报 */
}

bool figure_get(const char *zKey, const struct fig_scope *s, struct arena *ar,
                struct fig_result *res){
  const struct figure *f = figure_find(zKey);
  memset(res, 0, sizeof(*res));
  if( f==0 ) return false;
  figure_eval(f, s, ar, res);
  return true;
}

int fig_find_org(const struct fig_result *res, i64 org){
  int i;
  for(i=0; res->aOrg && i<res->n; i++){
    if( res->aOrg[i]==org ) return i;
  }
  return -1;
}

int fig_find_missing_org(const struct fig_result *res, i64 org){
  int i;
  for(i=0; res->aMissOrg && i<res->nMiss; i++){
    if( res->aMissOrg[i]==org ) return i;
  }
  return -1;
}

void fig_add(struct fig_result *res, struct arena *ar, i64 id, const char *zLabel,
             const char *zDetail){
  if( res->n==res->nAlloc ){
    int nNew = res->nAlloc ? res->nAlloc*2 : 64;
    i64 *aId = arena_alloc(ar, sizeof(i64) * (size_t)nNew);
    const char **azL = arena_alloc(ar, sizeof(char *) * (size_t)nNew);
    const char **azD = arena_alloc(ar, sizeof(char *) * (size_t)nNew);
    if( res->n ){
      memcpy(aId, res->aId, sizeof(i64) * (size_t)res->n);
      memcpy(azL, res->azLabel, sizeof(char *) * (size_t)res->n);
      memcpy(azD, res->azDetail, sizeof(char *) * (size_t)res->n);
    }
    res->aId = aId;
    res->azLabel = azL;
    res->azDetail = azD;
    res->nAlloc = nNew;
  }
  res->aId[res->n] = id;
  res->azLabel[res->n] = arena_strdup(ar, zLabel ? zLabel : "");
  res->azDetail[res->n] = zDetail ? arena_strdup(ar, zDetail) : 0;
  res->n++;
}

char *figure_format(struct arena *ar, const struct figure *f, const struct fig_result *res){
  double v = res->v;
  bool bPct = f && f->zUnit && strcmp(f->zUnit, "%")==0;
  if( fabs(v - round(v))<1e-9 ) return arena_printf(ar, "%.0f%s", v, bPct ? "%" : "");
  return arena_printf(ar, "%.1f%s", v, bPct ? "%" : "");
}

/* Order of alert items: overdue first, then due soon, then the rest; by
** due day inside a level (no date last). */
static int alert_cmp(const void *pa, const void *pb){
  const struct alert_item *a = pa, *b = pb;
  if( a->eLevel!=b->eLevel ) return b->eLevel - a->eLevel;
  if( a->iDue!=b->iDue ){
    if( a->iDue==0 ) return 1;
    if( b->iDue==0 ) return -1;
    return a->iDue < b->iDue ? -1 : 1;
  }
  return strcmp(a->zText, b->zText);
}

void alerts_collect(const struct fig_scope *s, struct arena *ar, struct alert_list *pList){
  int i;
  const struct alert_def *p;
  memset(pList, 0, sizeof(*pList));
  for(i=0; aaAlertTab && aaAlertTab[i]; i++){
    for(p=aaAlertTab[i]; p->zKey; p++){
      int k = pList->n;
      p->xList(s, ar, pList);
      for(; k<pList->n; k++) pList->a[k].zKey = p->zKey;
    }
  }
  if( pList->n>1 ) qsort(pList->a, (size_t)pList->n, sizeof(pList->a[0]), alert_cmp);
}

void alert_add(struct alert_list *pList, struct arena *ar, int eLevel, int iDue,
               const char *zText, const char *zUrl){
  if( pList->n==pList->nAlloc ){
    int nNew = pList->nAlloc ? pList->nAlloc*2 : 16;
    struct alert_item *a = arena_alloc(ar, sizeof(*a) * (size_t)nNew);
    if( pList->n ) memcpy(a, pList->a, sizeof(*a) * (size_t)pList->n);
    pList->a = a;
    pList->nAlloc = nNew;
  }
  pList->a[pList->n].eLevel = eLevel;
  pList->a[pList->n].iDue = iDue;
  pList->a[pList->n].zText = arena_strdup(ar, zText);
  pList->a[pList->n].zUrl = arena_strdup(ar, zUrl ? zUrl : "");
  pList->a[pList->n].zKey = 0;
  pList->n++;
}
