/*
** user.h -- people who sign in: accounts, roles, passwords, second factor.
*/
#ifndef FAZHI_USER_H
#define FAZHI_USER_H

#include "../common.h"

struct actor;
struct arena;
struct buf;
struct req;

struct user_input {
  const char *zUsername;    /* 2-32 of a-z 0-9 _ . - */
  const char *zName;        /* 姓名, 1-50 characters */
  i64 orgId;                /* the user's organisation, in the actor's scope */
  unsigned mRoles;          /* ROLE_* bits, at least one */
  const char *zPassword;    /* NULL: generate a one-time password */
};

/* Create a user who must change the password at first login.  When
** in->zPassword is NULL a password is generated into zGen (at least 17
** bytes).  The login name is folded and lower-cased, the name trimmed,
** before the checks.  Returns 0 with *pId, or -1 with every problem in e,
** each naming its field (username name org_id roles password); a login
** name already taken is REG_ECONFLICT.  Nothing is written on -1. */
struct reg_err;
int user_create(const struct actor *a, const struct user_input *in, i64 *pId,
                char *zGen, struct reg_err *e);
/* Change name, org and roles of a user in the actor's scope: 0, or -1
** with every problem in e (REG_ENOTFOUND outside the scope). */
int user_update(const struct actor *a, i64 id, const struct user_input *in,
                struct reg_err *e);
/* Set a new password.  By an administrator (bReset): the user must change
** it at next login and their sessions end.  zPw NULL generates one into
** zGen.  Checks the policy. */
int user_set_password(const struct actor *a, i64 id, const char *zPw, bool bReset,
                      char *zGen, struct buf *pErr);
/* Lock (disable) or unlock a user; locking ends their sessions, unlocking
** also clears a failed-login lockout. */
int user_set_disabled(const struct actor *a, i64 id, bool bDisabled, struct buf *pErr);
/* The id of the user named zUsername, or 0. */
i64 user_lookup(const char *zUsername);
/* The password policy from the settings. */
struct pw_policy;
void user_policy(struct pw_policy *p);

void user_list_page(struct req *r);
void user_new_page(struct req *r);
void user_edit_page(struct req *r);
void user_action_page(struct req *r);
void user_list_api(struct req *r);
void user_get_api(struct req *r);
void user_create_api(struct req *r);
void user_update_api(struct req *r);
void user_lock_api(struct req *r);
void user_unlock_api(struct req *r);
void user_reset_api(struct req *r);
int user_cmd(int argc, char **argv);

/* How the audit log shows a user's entries (audit.h). */
extern const struct audit_kind user_audit_kind;

#endif
