/*
** auth.h -- signing in and out, sessions, the second factor.
**
** Sessions live in the database (any process can answer any request):
** a random 256-bit token in an HttpOnly SameSite=Strict cookie, stored
** only as its SM3.  Idle and absolute expiry come from the settings.
*/
#ifndef FAZHI_AUTH_H
#define FAZHI_AUTH_H

#include "../common.h"

struct req;

#define AUTH_COOKIE "fazhi_session"

/* Fill r->pUser from the session cookie (or bearer token), or leave it
** NULL when there is none, or it expired (the row is then deleted). */
void auth_load_session(struct req *r);
/* True when a session created at created and last seen at lastSeen is
** still alive at now (idle and absolute limits of the settings). */
bool auth_session_alive(i64 created, i64 lastSeen, i64 now);

void auth_login_page(struct req *r);
void auth_logout_page(struct req *r);
void auth_password_page(struct req *r);
void auth_totp_page(struct req *r);
void auth_login_api(struct req *r);
void auth_logout_api(struct req *r);
void auth_me_api(struct req *r);
void auth_password_api(struct req *r);
void auth_totp_api(struct req *r);
void auth_totp_confirm_api(struct req *r);

#endif
