/*
** me.h -- 个人中心: the signed-in person's own profile and sessions.
*/
#ifndef FAZHI_ME_H
#define FAZHI_ME_H

#include "../common.h"

struct actor;
struct req;

/* End every other session of the actor's user (not zKeepHash, the SM3 of
** the current session's token), audited as logout_others with the count.
** Returns the number of sessions ended. */
i64 me_logout_others(const struct actor *a, const char *zKeepHash);

/* GET /me: profile, second factor, signed-in sessions. */
void me_page(struct req *r);
/* POST /me/sessions/logout-others (form, CSRF). */
void me_logout_others_page(struct req *r);
/* GET /api/v1/me/sessions: {"items":[...],"total":N}. */
void me_sessions_api(struct req *r);
/* POST /api/v1/me/sessions/logout-others: {"ended":N}. */
void me_logout_others_api(struct req *r);

#endif
