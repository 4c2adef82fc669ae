/*
** public.c -- the public actor.  See public.h.
*/
#include "../common.h"
#include "../base/util.h"
#include "../areas/app.h"
#include "public.h"

void actor_public(struct actor *a){
  memset(a, 0, sizeof(*a));
  a->zUsername = ACTOR_PUBLIC_NAME;
  a->zOrgPath = "/-/";       /* a path no org has: the scope reaches nothing */
  a->mRoles = 0;
  a->zIp = "";
}

bool actor_is_public(const struct actor *a){
  return a && a->userId==0 && a->mRoles==0 && str_eq(a->zUsername, ACTOR_PUBLIC_NAME);
}
