/*
** arena.h -- a bump allocator that lives as long as one request or command.
**
** Everything allocated from an arena is freed at once by arena_free().
** Allocation never fails (out of memory is fatal).
*/
#ifndef FAZHI_ARENA_H
#define FAZHI_ARENA_H

#include "../common.h"

struct arena;

/* A new, empty arena; release it with arena_free(). */
struct arena *arena_new(void);
/* Free the arena and everything allocated from it. NULL is a no-op. */
void arena_free(struct arena *a);
/* n bytes aligned for any type, zeroed. */
void *arena_alloc(struct arena *a, size_t n);
/* A copy of z (NULL gives NULL). */
char *arena_strdup(struct arena *a, const char *z);
/* A NUL-terminated copy of the first n bytes of p. */
char *arena_strndup(struct arena *a, const char *p, size_t n);
/* Formatted text (fmt.h conversions) in the arena. */
char *arena_printf(struct arena *a, const char *zFmt, ...);
/* Bytes handed out so far (for tests and limits). */
size_t arena_used(const struct arena *a);

#endif
