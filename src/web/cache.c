/*
** cache.c -- a small fixed-size response cache shared by the server's
** threads (one mutex; entries are replaced round-robin).
*/
#include "../common.h"
#include <pthread.h>
#include "../base/buf.h"
#include "../base/util.h"
#include "cache.h"

#define CACHE_SLOTS 256
#define CACHE_MAX_BODY (256*1024)

struct slot {
  char *zKey;            /* NULL for an empty slot */
  char *zGen;
  const char *zType;
  char *pBody;
  size_t nBody;
};

static struct slot aSlot[CACHE_SLOTS];
static unsigned iNext;                    /* next slot to replace */
static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;

/* FNV-1a of z, for the first probe. */
static unsigned key_hash(const char *z){
  unsigned h = 2166136261u;
  for(; *z; z++){ h ^= (unsigned char)*z; h *= 16777619u; }
  return h;
}

/* The slot holding zKey, or NULL.  Caller holds mu. */
static struct slot *find(const char *zKey){
  unsigned h = key_hash(zKey) % CACHE_SLOTS;
  unsigned i;
  for(i=0; i<8; i++){
    struct slot *p = &aSlot[(h+i) % CACHE_SLOTS];
    if( p->zKey && strcmp(p->zKey, zKey)==0 ) return p;
  }
  return 0;
}

bool cache_get(const char *zKey, const char *zGen, struct buf *pOut, const char **pzType){
  struct slot *p;
  bool bHit = false;
  pthread_mutex_lock(&mu);
  p = find(zKey);
  if( p && strcmp(p->zGen, zGen)==0 ){
    buf_append(pOut, p->pBody, p->nBody);
    *pzType = p->zType;
    bHit = true;
  }
  pthread_mutex_unlock(&mu);
  return bHit;
}

/* Free the contents of a slot.  Caller holds mu. */
static void slot_clear(struct slot *p){
  free(p->zKey);
  free(p->zGen);
  free(p->pBody);
  memset(p, 0, sizeof(*p));
}

void cache_put(const char *zKey, const char *zGen, const char *zType, const char *p, size_t n){
  struct slot *s;
  unsigned h, i;
  if( n > CACHE_MAX_BODY ) return;
  pthread_mutex_lock(&mu);
  s = find(zKey);
  if( s==0 ){
    h = key_hash(zKey) % CACHE_SLOTS;
    for(i=0; i<8 && s==0; i++){
      if( aSlot[(h+i) % CACHE_SLOTS].zKey==0 ) s = &aSlot[(h+i) % CACHE_SLOTS];
    }
    if( s==0 ) s = &aSlot[(h + (iNext++ % 8)) % CACHE_SLOTS];
  }
  slot_clear(s);
  s->zKey = xstrdup(zKey);
  s->zGen = xstrdup(zGen);
  s->zType = zType;
  s->pBody = xstrndup(p, n);
  s->nBody = n;
  pthread_mutex_unlock(&mu);
}

void cache_clear(void){
  unsigned i;
  pthread_mutex_lock(&mu);
  for(i=0; i<CACHE_SLOTS; i++) slot_clear(&aSlot[i]);
  pthread_mutex_unlock(&mu);
}
