/*
** map.h -- a string-to-integer hash map in an arena (open addressing).
**
** For lookups that one command or request builds and drops: names seen
** earlier in an import, codes already used.  Keys are copied into the
** arena; the map grows as needed and is freed with its arena.
*/
#ifndef FAZHI_MAP_H
#define FAZHI_MAP_H

#include "../common.h"

struct arena;
struct map;

/* A new empty map whose memory comes from a. */
struct map *map_new(struct arena *a);
/* Set zKey to v (replacing an earlier value). */
void map_set(struct map *m, const char *zKey, i64 v);
/* True and *pv set when zKey is present. */
bool map_get(const struct map *m, const char *zKey, i64 *pv);
/* Number of keys. */
size_t map_count(const struct map *m);

#endif
