/*
** cache.h -- rendered responses kept in memory, per process.
**
** A GET whose route allows it is answered from the cache when the key
** (method, path, query, the user's scope and roles) was rendered at the
** same data generation.  The caller supplies the generation; fazhi uses
** the audit log's head, which every write moves in its own transaction,
** so the very next read after any write renders afresh (and another
** process's writes count too, since the head lives in the database).
*/
#ifndef FAZHI_CACHE_H
#define FAZHI_CACHE_H

#include "../common.h"

struct buf;

/* Look up zKey at generation zGen: on a hit append the body to pOut, set
** *pzType to the cached content type (static storage), and return true. */
bool cache_get(const char *zKey, const char *zGen, struct buf *pOut, const char **pzType);
/* Remember body p[0..n) of content type zType (a string literal) for zKey
** at generation zGen.  Bodies over 256 KiB are not kept. */
void cache_put(const char *zKey, const char *zGen, const char *zType, const char *p, size_t n);
/* Drop everything (tests). */
void cache_clear(void);

#endif
