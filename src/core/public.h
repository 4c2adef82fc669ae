/*
** public.h -- the public actor: who a page without sign-in acts as.
**
** The public actor has no user, no role and a scope pattern that matches
** no org, so the kernel's scoped reads reach nothing through it; a public
** page reads only what its declaration (reg/public.h) reads explicitly,
** and shows personal fields masked (no role sees them in full).  Unlike
** the command line's actor it is built on the caller's stack and shares
** no memory between threads.
*/
#ifndef FAZHI_CORE_PUBLIC_H
#define FAZHI_CORE_PUBLIC_H

#include "../common.h"

struct actor;

/* The name public writes are audited under. */
#define ACTOR_PUBLIC_NAME "public"

/* Make *a the public actor (no client address: a rating's rater is not
** recorded). */
void actor_public(struct actor *a);
/* True when a is the public actor. */
bool actor_is_public(const struct actor *a);

#endif
