/*
** map.c -- open-addressing string map (FNV-1a, linear probing, grows at
** half full).
*/
#include "../common.h"
#include "arena.h"
#include "map.h"

struct map_slot {
  const char *zKey;   /* NULL for an empty slot */
  u32 h;
  i64 v;
};

struct map {
  struct arena *a;
  struct map_slot *aSlot;
  size_t nSlot;       /* a power of two */
  size_t nUsed;
};

/* FNV-1a of z. */
static u32 map_hash(const char *z){
  u32 h = 2166136261u;
  for(; *z; z++){ h ^= (unsigned char)*z; h *= 16777619u; }
  return h;
}

struct map *map_new(struct arena *a){
  struct map *m = arena_alloc(a, sizeof(*m));
  m->a = a;
  m->nSlot = 64;
  m->aSlot = arena_alloc(a, m->nSlot * sizeof(struct map_slot));
  return m;
}

/* The slot holding zKey, or the empty slot where it would go. */
static struct map_slot *map_find(const struct map *m, const char *zKey, u32 h){
  size_t i = h & (m->nSlot - 1);
  for(;;){
    struct map_slot *s = &m->aSlot[i];
    if( s->zKey==0 || (s->h==h && strcmp(s->zKey, zKey)==0) ) return s;
    i = (i + 1) & (m->nSlot - 1);
  }
}

/* Double the table (old slots stay in the arena until it is freed). */
static void map_grow(struct map *m){
  struct map_slot *aOld = m->aSlot;
  size_t nOld = m->nSlot, i;
  m->nSlot *= 2;
  m->aSlot = arena_alloc(m->a, m->nSlot * sizeof(struct map_slot));
  for(i=0; i<nOld; i++){
    if( aOld[i].zKey ) *map_find(m, aOld[i].zKey, aOld[i].h) = aOld[i];
  }
}

void map_set(struct map *m, const char *zKey, i64 v){
  u32 h = map_hash(zKey);
  struct map_slot *s = map_find(m, zKey, h);
  if( s->zKey==0 ){
    if( (m->nUsed + 1) * 2 > m->nSlot ){
      map_grow(m);
      s = map_find(m, zKey, h);
    }
    s->zKey = arena_strdup(m->a, zKey);
    s->h = h;
    m->nUsed++;
  }
  s->v = v;
}

bool map_get(const struct map *m, const char *zKey, i64 *pv){
  const struct map_slot *s = map_find(m, zKey, map_hash(zKey));
  if( s->zKey==0 ) return false;
  if( pv ) *pv = s->v;
  return true;
}

size_t map_count(const struct map *m){
  return m->nUsed;
}
