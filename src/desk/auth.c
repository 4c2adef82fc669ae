/*
** auth.c -- login, lockout, sessions, password change, TOTP enrolment.
*/
#include "../common.h"
#include <jansson.h>
#include <pthread.h>
#include "../base/arena.h"
#include "../base/buf.h"
#include "../base/fmt.h"
#include "../base/json.h"
#include "../base/log.h"
#include "../base/util.h"
#include "../crypto/pw.h"
#include "../crypto/qr.h"
#include "../crypto/rand.h"
#include "../crypto/sm3.h"
#include "../crypto/sm4.h"
#include "../crypto/totp.h"
#include "../store/db.h"
#include "../web/api.h"
#include "../web/html.h"
#include "../web/req.h"
#include "../core/app.h"
#include "../reg/reg.h"
#include "../core/audit.h"
#include "auth.h"
#include "../core/scope.h"
#include "user.h"

/* hex(SM3(token)) into zOut[65]. */
static void token_hash(const char *zToken, char zOut[65]){
  u8 h[32];
  sm3(zToken, strlen(zToken), h);
  hex_encode(h, 32, zOut);
}

/* Seconds of idle time allowed. */
static i64 idle_seconds(void){
  i64 t = setting_int("session.idle_seconds_test", 0);
  return t>0 ? t : 60*setting_int("session.idle_minutes", 30);
}

/* The session token of the request: cookie, or "Authorization: Bearer". */
static const char *request_token(struct req *r){
  const char *z = req_cookie(r, AUTH_COOKIE);
  if( z==0 ){
    const char *zAuth = req_header(r, "Authorization");
    if( zAuth && strncmp(zAuth, "Bearer ", 7)==0 ){
      z = zAuth+7;
      r->bBearer = true;
    }
  }
  if( z && strlen(z)!=64 ) z = 0;
  return z;
}

/* Signed-in sessions cached per process for one data generation: a hit
** needs no query.  Every change to a session or its user (login, logout,
** lock, password, roles) is an audited write, which moves the generation;
** only last_seen is written without one, and the cache keeps its own copy
** of it, refreshed whenever this process writes it. */
#define SESSION_SLOTS 512
struct session_slot {
  char zHash[65];          /* SM3 of the token; "" for a free slot */
  char zGen[160];          /* generation the entry was read at */
  i64 created, lastSeen;
  struct req_user u;       /* strings below are malloc'd */
};
static struct session_slot aSess[SESSION_SLOTS];
static pthread_mutex_t sessMu = PTHREAD_MUTEX_INITIALIZER;

/* The slot for zHash (by the hash's first bytes). */
static struct session_slot *sess_slot(const char *zHash){
  unsigned h = 0;
  int i;
  for(i=0; i<8; i++) h = h*16 + (unsigned)(zHash[i]<='9' ? zHash[i]-'0' : zHash[i]-'a'+10);
  return &aSess[h % SESSION_SLOTS];
}

/* Free the strings of a slot and empty it.  Caller holds sessMu. */
static void sess_clear(struct session_slot *p){
  free((char *)p->u.zUsername); free((char *)p->u.zName); free((char *)p->u.zOrgName);
  free((char *)p->u.zOrgPath); free((char *)p->u.zCsrf);
  memset(p, 0, sizeof(*p));
}

/* Copy a cached user into the arena. */
static struct req_user *user_copy(struct arena *a, const struct req_user *src){
  struct req_user *u = arena_alloc(a, sizeof(*u));
  *u = *src;
  u->zUsername = arena_strdup(a, src->zUsername);
  u->zName = arena_strdup(a, src->zName);
  u->zOrgName = arena_strdup(a, src->zOrgName);
  u->zOrgPath = arena_strdup(a, src->zOrgPath);
  u->zCsrf = arena_strdup(a, src->zCsrf);
  return u;
}

/* True when a session created at created, last seen at last, is still
** alive at now. */
static bool session_alive(i64 created, i64 last, i64 now){
  return last + idle_seconds() >= now
      && created + 3600*setting_int("session.absolute_hours", 12) >= now;
}

void auth_load_session(struct req *r){
  struct stmt q;
  char *zScope;
  const char *zToken = request_token(r);
  const char *zGen = app_gen();
  char zHash[65];
  i64 now = time_now();
  if( zToken==0 ) return;
  token_hash(zToken, zHash);

  if( zGen && strlen(zGen) < sizeof(aSess[0].zGen) ){
    struct session_slot *p = sess_slot(zHash);
    pthread_mutex_lock(&sessMu);
    if( strcmp(p->zHash, zHash)==0 && strcmp(p->zGen, zGen)==0
     && now - p->lastSeen < 30 && session_alive(p->created, p->lastSeen, now) ){
      r->pUser = user_copy(r->arena, &p->u);
      r->zSessionHash = arena_strdup(r->arena, zHash);
    }
    pthread_mutex_unlock(&sessMu);
    if( r->pUser ) return;
  }

  db_prepare(&q,
    "SELECT s.user_id, s.csrf, s.created_at, s.last_seen, s.mfa_ok,"
    "       u.username, u.display_name, u.org_id, u.must_change, u.totp_enabled,"
    "       u.disabled, o.name, o.path,"
    "       (SELECT group_concat(role, ',') FROM user_role r WHERE r.user_id=u.id)"
    "  FROM session s JOIN users u ON u.id=s.user_id JOIN org o ON o.id=u.org_id"
    " WHERE s.token_hash=?1");
  db_bind_text(&q, 1, zHash);
  if( db_step(&q)==DB_ROW ){
    i64 created = db_column_int64(&q, 2), last = db_column_int64(&q, 3);
    /* a user with a second factor enrolled must have passed it in this
    ** very session: one opened before the enrolment (by another session
    ** or process) ends here */
    bool bMfaMissing = db_column_int64(&q, 9)!=0 && db_column_int64(&q, 4)==0;
    if( session_alive(created, last, now) && db_column_int64(&q, 10)==0 && !bMfaMissing ){
      struct req_user *u = arena_alloc(r->arena, sizeof(*u));
      struct buf err = BUF_INIT;
      u->id = db_column_int64(&q, 0);
      u->zCsrf = db_column_dup(r->arena, &q, 1);
      u->zUsername = db_column_dup(r->arena, &q, 5);
      u->zName = db_column_dup(r->arena, &q, 6);
      u->orgId = db_column_int64(&q, 7);
      u->bMustChange = db_column_int64(&q, 8)!=0;
      u->zOrgName = db_column_dup(r->arena, &q, 11);
      u->zOrgPath = db_column_dup(r->arena, &q, 12);
      role_parse_list(db_column_text(&q, 13), &u->mRoles, &err);
      buf_release(&err);
      u->bNeedTotp = (u->mRoles & ROLE_ADMIN) && db_column_int64(&q, 9)==0;
      r->pUser = u;
      r->zSessionHash = arena_strdup(r->arena, zHash);
      db_finalize(&q);
      /* the scope is the user's unit, not their 股室 */
      if( (zScope = org_scope_path(r->arena, u->orgId))!=0 ) u->zOrgPath = zScope;
      if( now - last >= 30 ){
        db_exec("UPDATE session SET last_seen=?1 WHERE token_hash=?2", "it", now, zHash);
        /* an optional write: a full disk or a held lock must not fail a read */
        if( db_failed() && db_clear_failure() ) log_warn("session last-seen not saved");
        last = now;
      }
      if( zGen && strlen(zGen) < sizeof(aSess[0].zGen) && now - last < 30 ){
        struct session_slot *p = sess_slot(zHash);
        pthread_mutex_lock(&sessMu);
        sess_clear(p);
        memcpy(p->zHash, zHash, 65);
        snprintf(p->zGen, sizeof(p->zGen), "%s", zGen);
        p->created = created;
        p->lastSeen = last;
        p->u = *u;
        p->u.zUsername = xstrdup(u->zUsername);
        p->u.zName = xstrdup(u->zName);
        p->u.zOrgName = xstrdup(u->zOrgName);
        p->u.zOrgPath = xstrdup(u->zOrgPath);
        p->u.zCsrf = xstrdup(u->zCsrf);
        pthread_mutex_unlock(&sessMu);
      }
      return;
    }
    db_finalize(&q);
    db_exec("DELETE FROM session WHERE token_hash=?1", "t", zHash);
    return;
  }
  db_finalize(&q);
}

/* Outcome of a login attempt. */
struct login_result {
  int status;               /* 200, 401, 429 (address paused), 400 */
  const char *zCode;        /* ok bad_credentials totp_required totp_invalid too_many_attempts */
  char zToken[65];          /* the new session token when ok */
  char zCsrf[65];
  i64 userId;
  i64 retryAfter;           /* 429: seconds until the address may try again */
  bool bMustChange, bNeedTotp;
};

/*
** Who may lock whom out.  Five failures lock an account for
** login.lock_minutes wherever they come from (guessing one password from
** many places stays bounded).  Failures are also counted per client
** address, in the database so every process agrees: from the second
** failure an address waits 2, 4 ... seconds before its next attempt is
** even looked at, and at login.ip_max_failures (4, below the account's 5)
** it is paused for login.lock_minutes.  So one address cannot lock an
** account by itself: the address stops first.  An attempt counts against
** its address from the moment it starts (a burst of parallel attempts
** cannot slip past the count) and is given back when it succeeds.
** A stranger with several addresses can still lock an account; for a
** user with TOTP (every administrator) a correct password and a correct
** code from an address with no failures in the window signs in even
** while the account is locked, so nobody outside can lock the county's
** administrator out.  (Without a second factor that bypass would give
** every fresh address one more password guess, so those accounts wait.)
** Every failure -- unknown user, wrong password, locked, disabled --
** answers the same 401 and message after the same argon2id work (a
** dummy hash for an unknown user); what it says about tries left is the
** address's count, which is the same whichever account was named.
*/

/* Window in seconds over which an address's failures count. */
static i64 addr_window(void){
  return 60*setting_int("login.lock_minutes", 15);
}

/* Seconds an address with f failures, the last at last, must still wait
** at now; 0 when it may try. */
static i64 addr_wait(i64 f, i64 last, i64 now){
  i64 nMax = setting_int("login.ip_max_failures", 4);
  i64 nSlow = nMax/2 > 1 ? nMax/2 : 1;      /* the slowdown starts half way */
  i64 until = 0;
  if( f >= nMax ) until = last + addr_window();
  else if( f >= nSlow ) until = last + ((i64)1 << (f-nSlow+1 > 20 ? 20 : f-nSlow+1));
  return until > now ? until - now : 0;
}

/* Start an attempt from zIp: in one transaction (the row locked), refuse
** when the address must wait (returns the seconds), else count the attempt
** and return 0, with the failures before it in *pnBefore. */
static i64 addr_begin(const char *zIp, i64 now, i64 *pnBefore){
  struct stmt q;
  i64 f = 0, last = 0, wait;
  db_begin();
  /* lock the address's row first (PostgreSQL; SQLite holds the write lock) */
  db_exec("INSERT INTO login_addr(ip, failures, last_failure) VALUES(?1, 0, 0)"
          " ON CONFLICT(ip) DO UPDATE SET ip=excluded.ip", "t", zIp);
  db_prepare(&q, "SELECT failures, last_failure FROM login_addr WHERE ip=?1");
  db_bind_text(&q, 1, zIp);
  if( db_step(&q)==DB_ROW ){
    f = db_column_int64(&q, 0);
    last = db_column_int64(&q, 1);
  }
  db_finalize(&q);
  if( last < now - addr_window() ) f = 0;       /* old failures have lapsed */
  wait = addr_wait(f, last, now);
  if( wait==0 ){
    db_exec("UPDATE login_addr SET failures=?1, last_failure=?2 WHERE ip=?3", "iit",
            f+1, now, zIp);
    db_exec("DELETE FROM login_addr WHERE last_failure<?1", "i", now - addr_window());
  }
  db_commit();
  *pnBefore = f;
  return wait;
}

/* Give back the attempt addr_begin counted (it succeeded, or only asked
** for the second factor). */
static void addr_release(const char *zIp){
  db_exec("UPDATE login_addr SET failures=failures-1 WHERE ip=?1 AND failures>0", "t", zIp);
}

/* Tries the address has left after nFailures, as the end of a message. */
static void addr_tries_left(struct buf *pMsg, i64 nFailures){
  i64 nMax = setting_int("login.ip_max_failures", 4);
  if( nFailures >= nMax ){
    buf_appendf(pMsg, "。本地址登录失败次数过多，已暂停登录%lld分钟",
                (long long)setting_int("login.lock_minutes", 15));
  }else{
    i64 wait = addr_wait(nFailures, 0, 0);
    buf_appendf(pMsg, "。本地址还可尝试%lld次", (long long)(nMax - nFailures));
    if( wait>0 ) buf_appendf(pMsg, "，下次请%lld秒后再试", (long long)wait);
  }
}

/* "30秒" / "15分钟" for a wait. */
static void wait_text(struct buf *pMsg, i64 s){
  if( s < 120 ) buf_appendf(pMsg, "%lld秒", (long long)s);
  else buf_appendf(pMsg, "%lld分钟", (long long)((s + 59)/60));
}

/* Count one failed login of user id inside the caller's transaction; at
** the limit, lock the account and reset the count.  The increment happens
** in the database, so failures counted by several processes add up.
** Returns true when this failure locked the account. */
static bool count_failure(i64 id, i64 now){
  i64 n;
  db_exec("UPDATE users SET failed_count=failed_count+1 WHERE id=?1", "i", id);
  n = db_i64(0, "SELECT failed_count FROM users WHERE id=?1", "i", id);
  if( n < setting_int("login.max_failures", 5) ) return false;
  db_exec("UPDATE users SET failed_count=0, locked_until=?1 WHERE id=?2", "ii",
          now + 60*setting_int("login.lock_minutes", 15), id);
  return true;
}

/* The message every credential failure shares. */
static const char zBadCredentials[] = "用户名或密码错误，或账号已锁定、已停用";

/* Check credentials and open a session.  Every outcome but an address's
** pause is audited; see the comment above addr_window for the rules. */
static void auth_login(const char *zIp, const char *zUser, const char *zPw,
                       const char *zTotp, struct login_result *res, struct buf *pMsg){
  struct stmt q;
  struct actor a;
  i64 id = 0, lockedUntil = 0, lastStep = 0, orgId = 0, nBefore = 0, wait;
  bool bDisabled = false, bTotp = false, bAdmin = false, bPwOk = false, bLocked;
  const char *zReason = 0;
  char *zHash = 0, *zSecret = 0;
  i64 now = time_now();
  struct arena *ar = arena_new();
  memset(res, 0, sizeof(*res));
  memset(&a, 0, sizeof(a));
  if( zIp==0 ) zIp = "";
  a.zIp = zIp;
  a.zUsername = zUser ? zUser : "";
  a.zOrgPath = "/-/";

  /* the address first: a paused address is answered without a look at
  ** the account (the same for every username) */
  wait = addr_begin(zIp, now, &nBefore);
  if( wait>0 ){
    res->status = 429; res->zCode = "too_many_attempts"; res->retryAfter = wait;
    buf_puts(pMsg, "本地址登录失败次数过多，请");
    wait_text(pMsg, wait);
    buf_puts(pMsg, "后再试");
    goto done;
  }

  db_prepare(&q,
    "SELECT id, pw_hash, 0, locked_until, disabled, totp_enabled, totp_secret,"
    "       totp_last_step, org_id,"
    "       EXISTS(SELECT 1 FROM user_role r WHERE r.user_id=users.id AND r.role='admin')"
    "  FROM users WHERE username=?1");
  db_bind_text(&q, 1, zUser ? zUser : "");
  if( db_step(&q)==DB_ROW ){
    id = db_column_int64(&q, 0);
    zHash = db_column_dup(ar, &q, 1);
    lockedUntil = db_column_int64(&q, 3);
    bDisabled = db_column_int64(&q, 4)!=0;
    bTotp = db_column_int64(&q, 5)!=0;
    zSecret = db_column_dup(ar, &q, 6);
    lastStep = db_column_int64(&q, 7);
    orgId = db_column_int64(&q, 8);
    bAdmin = db_column_int64(&q, 9)!=0;
  }
  db_finalize(&q);
  a.userId = id;
  a.orgId = orgId;
  bLocked = lockedUntil > now;

  /* the same argon2id work on every path */
  if( id ) bPwOk = pw_verify(zHash, zPw ? zPw : "");
  else pw_verify_dummy(zPw ? zPw : "");

  if( id==0 ) zReason = "unknown_user";
  else if( !bPwOk ) zReason = "password";
  else if( bDisabled ) zReason = "disabled";
  else if( bLocked && !(bTotp && nBefore==0) ) zReason = "locked";
  else if( bTotp && (zTotp==0 || zTotp[0]==0) ){
    if( bLocked ){
      zReason = "locked";              /* while locked, only password + code at once */
    }else{
      addr_release(zIp);
      res->status = 401; res->zCode = "totp_required";
      buf_puts(pMsg, "请输入动态口令");
      goto done;
    }
  }else if( bTotp ){
    struct buf plain = BUF_INIT;
    u8 aSealed[256];
    int nSealed = zSecret ? hex_decode(zSecret, aSealed, sizeof(aSealed)) : -1;
    if( nSealed<0 || sm4_open(&app.keys, aSealed, (size_t)nSealed, &plain)
     || totp_verify((const u8 *)plain.buf, plain.len, zTotp, (time_t)now, 1, &lastStep) ){
      zReason = bLocked ? "locked" : "totp";   /* locked: say nothing more */
    }
    buf_release(&plain);
  }

  if( zReason==0 ){
    char zTokHash[65], zId[24];
    rand_token_hex(res->zToken);
    rand_token_hex(res->zCsrf);
    token_hash(res->zToken, zTokHash);
    db_begin();
    /* the code's time step is used once: of two logins with the same code
    ** only one moves totp_last_step, the other finds nothing to update */
    if( bTotp && !db_exists("UPDATE users SET totp_last_step=?1"
                            " WHERE id=?2 AND totp_last_step<?1 RETURNING id", "ii",
                            lastStep, id) ){
      db_rollback();
      zReason = bLocked ? "locked" : "totp_replay";
    }else{
      db_exec("UPDATE users SET failed_count=0, locked_until=0 WHERE id=?1", "i", id);
      db_exec("INSERT INTO session(token_hash, user_id, csrf, created_at, last_seen, ip, mfa_ok)"
              " VALUES(?1, ?2, ?3, ?4, ?4, ?5, ?6)", "tititd", zTokHash, id, res->zCsrf,
              now, zIp, bTotp ? 1 : 0);
      addr_release(zIp);
      snprintf(zId, sizeof(zId), "%lld", (long long)id);
      audit_write(&a, "login", "session", zId, 0,
                  bLocked ? "{\"while_locked\":true,\"second_factor\":true}" : 0);
      db_commit();
      res->status = 200; res->zCode = "ok"; res->userId = id;
      res->bMustChange = db_int(0, "SELECT must_change FROM users WHERE id=?1", "i", id)!=0;
      res->bNeedTotp = bAdmin && !bTotp;
      goto done;
    }
  }

  /* a failure: counted against the address (already) and the account
  ** (wrong password or code, unless it is locked already), audited, and
  ** answered alike */
  {
    char zAfter[96];
    bool bLockedNow = false;
    db_begin();
    if( id && !bLocked && (str_eq(zReason, "password") || str_eq(zReason, "totp")
                           || str_eq(zReason, "totp_replay")) ){
      bLockedNow = count_failure(id, now);
    }
    snprintf(zAfter, sizeof(zAfter), "{\"reason\":\"%s\"%s}", zReason,
             bLockedNow ? ",\"locked\":true" : "");
    audit_write(&a, "login_failed", "session", "", 0, zAfter);
    db_commit();
  }
  res->status = 401;
  if( str_eq(zReason, "totp") || str_eq(zReason, "totp_replay") ){
    res->zCode = "totp_invalid";
    buf_puts(pMsg, "动态口令错误或已使用过");
  }else{
    res->zCode = "bad_credentials";
    buf_puts(pMsg, zBadCredentials);
  }
  addr_tries_left(pMsg, nBefore + 1);
done:
  arena_free(ar);
}

/* Set the session cookie of a successful login. */
static void set_session_cookie(struct req *r, const char *zToken){
  req_set_cookie(r, AUTH_COOKIE, zToken, -1);
}

/* End the request's session (logout). */
static void end_session(struct req *r){
  struct actor a;
  char zId[24];
  if( r->zSessionHash==0 ) return;
  actor_from_req(&a, r);
  snprintf(zId, sizeof(zId), "%lld", (long long)a.userId);
  db_begin();
  db_exec("DELETE FROM session WHERE token_hash=?1", "t", r->zSessionHash);
  audit_write(&a, "logout", "session", zId, 0, 0);
  db_commit();
  req_set_cookie(r, AUTH_COOKIE, "", 0);
}

/* The login form. */
static void login_form(struct req *r, const char *zUser, const char *zErr, bool bTotp){
  html_begin_bare(r, "登录");
  if( zErr ) html_notice(r, "err", zErr);
  H(r, "<form method='post' action='/login'>");
  html_input(r, "username", "用户名", "text", zUser, true, 0, 0);
  html_input(r, "password", "密码", "password", "", true, 0, 0);
  html_input(r, "totp", "动态口令", "text", "", false,
             bTotp ? "请输入身份验证器中的6位数字" : "已绑定动态口令的账号填写", 0);
  H(r, "<button class='primary' type='submit'>登录</button></form>\n");
  html_end_bare(r);
}

void auth_login_page(struct req *r){
  struct login_result res;
  struct buf msg = BUF_INIT;
  const char *zUser = req_param_trim(r, "username");
  if( strcmp(r->zMethod, "POST")!=0 ){
    if( r->pUser ){ req_redirect(r, "/"); return; }
    login_form(r, 0, 0, false);
    return;
  }
  auth_login(r->zIp, zUser, req_param(r, "password"), req_param_trim(r, "totp"), &res, &msg);
  if( res.status!=200 ){
    r->status = res.status==429 ? 429 : 401;
    if( res.retryAfter ){
      req_add_header(r, "Retry-After", arena_printf(r->arena, "%lld", (long long)res.retryAfter));
    }
    login_form(r, zUser, msg.buf, str_eq(res.zCode, "totp_required"));
  }else{
    set_session_cookie(r, res.zToken);
    req_redirect(r, res.bMustChange ? "/password" : res.bNeedTotp ? "/totp" : "/");
  }
  buf_release(&msg);
}

void auth_logout_page(struct req *r){
  end_session(r);
  req_redirect(r, "/login");
}

/* Change the signed-in user's own password: 0, or -1 with every problem
** in e (old_password new_password new_password2; zNew2 NULL: not asked).
** A wrong old password is a failed login (whoever holds the session is
** guessing the password): it counts against the client address and the
** account, is audited, and locking the account ends its sessions; an empty
** one is only a missing field.  A paused address gets -1 without a look at
** the password and the wait in *pRetry (answer 429). */
static int change_own_password(struct req *r, const char *zOld, const char *zNew,
                               const char *zNew2, struct reg_err *e, i64 *pRetry){
  struct actor a;
  struct pw_policy pol;
  struct buf msg = BUF_INIT;
  char *zHash;
  char zGen[32];
  i64 now = time_now(), nBefore = 0, wait;
  const char *zIp = r->zIp ? r->zIp : "";
  actor_from_req(&a, r);
  *pRetry = 0;
  if( zOld && zOld[0]==0 ) zOld = 0;
  if( zNew && zNew[0]==0 ) zNew = 0;
  if( zOld==0 ){
    reg_err_add(e, REG_EINVALID, "old_password", "请填写原密码");
  }else{
    wait = addr_begin(zIp, now, &nBefore);
    if( wait>0 ){
      *pRetry = wait;
      buf_puts(&msg, "本地址登录失败次数过多，请");
      wait_text(&msg, wait);
      buf_puts(&msg, "后再试");
      reg_err_add(e, REG_EINVALID, "old_password", "%s", msg.buf);
      buf_release(&msg);
      return -1;
    }
    zHash = db_text(r->arena, 0, "SELECT pw_hash FROM users WHERE id=?1", "i", a.userId);
    if( zHash==0 || !pw_verify(zHash, zOld) ){
      char zId[24];
      bool bLockedNow = false;
      snprintf(zId, sizeof(zId), "%lld", (long long)a.userId);
      db_begin();
      if( db_i64(0, "SELECT locked_until FROM users WHERE id=?1", "i", a.userId) <= now ){
        bLockedNow = count_failure(a.userId, now);
      }
      audit_write(&a, "login_failed", "session", zId, 0,
                  bLockedNow ? "{\"reason\":\"old_password\",\"locked\":true}"
                             : "{\"reason\":\"old_password\"}");
      if( bLockedNow ) db_exec("DELETE FROM session WHERE user_id=?1", "i", a.userId);
      db_commit();
      if( bLockedNow ){
        reg_err_add(e, REG_EINVALID, "old_password", "原密码连续输错，账号已锁定，请稍后重新登录");
        return -1;
      }
      buf_puts(&msg, "原密码不正确");
      addr_tries_left(&msg, nBefore + 1);
      reg_err_add(e, REG_EINVALID, "old_password", "%s", msg.buf);
      buf_reset(&msg);
    }else{
      addr_release(zIp);
    }
  }
  user_policy(&pol);
  if( zNew==0 ){
    reg_err_add(e, REG_EINVALID, "new_password", "请填写新密码");
  }else if( pw_check_policy(zNew, r->pUser->zUsername, &pol, &msg) ){
    reg_err_add(e, REG_EINVALID, "new_password", "%s", msg.buf);
  }
  buf_release(&msg);
  if( zNew2 && !str_eq(zNew, zNew2) ){
    reg_err_add(e, REG_EINVALID, "new_password2",
                zNew2[0] ? "两次输入的新密码不一致" : "请再次输入新密码");
  }
  if( e->n ) return -1;
  if( user_set_password(&a, a.userId, zNew, false, zGen, &msg) ){
    reg_err_add(e, REG_EINVALID, "new_password", "%s", msg.buf);
    buf_release(&msg);
    return -1;
  }
  buf_release(&msg);
  /* other sessions of this user end; this one goes on */
  db_exec("DELETE FROM session WHERE user_id=?1 AND token_hash<>?2", "it",
          a.userId, r->zSessionHash);
  return 0;
}

/* The labels of the password form's fields, for the error summary. */
static const char *const azPwLabel[] = {
  "old_password", "原密码", "new_password", "新密码", "new_password2", "再次输入新密码", 0
};

void auth_password_page(struct req *r){
  struct reg_err e;
  reg_err_init(&e, r->arena);
  if( strcmp(r->zMethod, "POST")==0 ){
    i64 retry;
    const char *zNew2 = req_param(r, "new_password2");
    if( change_own_password(r, req_param(r, "old_password"), req_param(r, "new_password"),
                            zNew2 ? zNew2 : "", &e, &retry)==0 ){
      /* a first or reset password leads on to the work; a change by
      ** choice back to 个人中心, which says 保存成功 */
      req_redirect(r, r->pUser->bNeedTotp ? "/totp" : r->pUser->bMustChange ? "/" : "/me?saved=1");
      return;
    }
    r->status = retry ? 429 : 422;
    if( retry ) req_add_header(r, "Retry-After", arena_printf(r->arena, "%lld", (long long)retry));
  }
  {
    static const char *const azCrumb[] = { "个人中心", "/me", 0 };
    html_begin_crumbs(r, "修改密码", "/password", azCrumb);
  }
  if( r->pUser->bMustChange && e.n==0 ){
    html_notice(r, "info", "这是初始或重置后的密码，请先修改密码再继续使用。");
  }
  app_err_summary(r, &e, azPwLabel);
  H(r, "<form method='post' action='/password' novalidate>");
  html_csrf(r);
  html_input(r, "old_password", "原密码", "password", "", true, 0, reg_err_of(&e, "old_password"));
  html_input(r, "new_password", "新密码", "password", "", true,
             "至少8位，包含大写字母、小写字母、数字、符号中的至少三类，不能包含用户名",
             reg_err_of(&e, "new_password"));
  html_input(r, "new_password2", "再次输入新密码", "password", "", true, 0,
             reg_err_of(&e, "new_password2"));
  html_form_actions(r, "保存", r->pUser->bMustChange ? 0 : "/me");
  H(r, "</form>\n");
  html_end(r);
}

/* The pending TOTP secret of the user (stored sealed, not yet enabled);
** created when absent.  Writes the raw secret into aSecret[20]. */
static void pending_secret(i64 userId, u8 aSecret[TOTP_SECRET_LEN], bool bNew){
  struct arena *ar = arena_new();
  char *zHex = db_text(ar, 0, "SELECT totp_secret FROM users WHERE id=?1 AND totp_enabled=0",
                       "i", userId);
  struct buf plain = BUF_INIT;
  u8 aSealed[256];
  int n = zHex ? hex_decode(zHex, aSealed, sizeof(aSealed)) : -1;
  if( !bNew && n>0 && sm4_open(&app.keys, aSealed, (size_t)n, &plain)==0
   && plain.len==TOTP_SECRET_LEN ){
    memcpy(aSecret, plain.buf, TOTP_SECRET_LEN);
  }else{
    struct buf sealed = BUF_INIT;
    char *zOut;
    rand_bytes(aSecret, TOTP_SECRET_LEN);
    sm4_seal(&app.keys, aSecret, TOTP_SECRET_LEN, &sealed);
    zOut = arena_alloc(ar, sealed.len*2+1);
    hex_encode((const u8 *)sealed.buf, sealed.len, zOut);
    db_exec("UPDATE users SET totp_secret=?1 WHERE id=?2 AND totp_enabled=0", "ti", zOut, userId);
    buf_release(&sealed);
  }
  buf_release(&plain);
  arena_free(ar);
}

/* Confirm enrolment with a code; -1 for a wrong code, -2 when already
** enrolled, with a message. */
static int totp_confirm(struct req *r, const char *zCode, struct buf *pErr){
  struct actor a;
  u8 aSecret[TOTP_SECRET_LEN];
  i64 lastStep = 0;
  char zId[24];
  actor_from_req(&a, r);
  if( db_int(0, "SELECT totp_enabled FROM users WHERE id=?1", "i", a.userId) ){
    buf_puts(pErr, "已绑定动态口令");
    return -2;
  }
  pending_secret(a.userId, aSecret, false);
  if( zCode==0 || totp_verify(aSecret, TOTP_SECRET_LEN, zCode, (time_t)time_now(), 1, &lastStep) ){
    buf_puts(pErr, "动态口令不正确，请核对手机时间后重试");
    return -1;
  }
  snprintf(zId, sizeof(zId), "%lld", (long long)a.userId);
  db_begin();
  /* enabled once: of two confirmations at the same moment one wins */
  if( !db_exists("UPDATE users SET totp_enabled=1, totp_last_step=?1"
                 " WHERE id=?2 AND totp_enabled=0 RETURNING id", "ii", lastStep, a.userId) ){
    db_rollback();
    buf_puts(pErr, "已绑定动态口令");
    return -2;
  }
  db_exec("UPDATE session SET mfa_ok=1 WHERE token_hash=?1", "t", r->zSessionHash);
  /* every other session of the user has not passed the second factor */
  db_exec("DELETE FROM session WHERE user_id=?1 AND token_hash<>?2", "it",
          a.userId, r->zSessionHash);
  audit_write(&a, "totp_enroll", "user", zId, 0, 0);
  db_commit();
  return 0;
}

void auth_totp_page(struct req *r){
  struct buf err = BUF_INIT, uri = BUF_INIT, svg = BUF_INIT, b32 = BUF_INIT;
  u8 aSecret[TOTP_SECRET_LEN];
  bool bEnabled = db_int(0, "SELECT totp_enabled FROM users WHERE id=?1", "i", r->pUser->id)!=0;
  if( strcmp(r->zMethod, "POST")==0 && !bEnabled ){
    if( totp_confirm(r, req_param_trim(r, "code"), &err)==0 ){
      req_redirect(r, "/");
      return;
    }
    r->status = 422;
  }
  {
    static const char *const azCrumb[] = { "个人中心", "/me", 0 };
    html_begin_crumbs(r, "动态口令", "/totp", azCrumb);
  }
  if( bEnabled ){
    html_notice(r, "ok", "您的账号已绑定动态口令，登录时需要输入身份验证器中的6位数字。");
    html_end(r);
    return;
  }
  if( r->pUser->bNeedTotp ) html_notice(r, "info", "系统管理员必须绑定动态口令（第二种身份鉴别方式）后才能继续使用。");
  pending_secret(r->pUser->id, aSecret, false);
  totp_uri(&uri, TOTP_ISSUER, r->pUser->zUsername, aSecret, TOTP_SECRET_LEN);
  base32_encode(aSecret, TOTP_SECRET_LEN, &b32);
  qr_svg(uri.buf, &svg);
  H(r, "<p>用手机上的身份验证器（如 FreeOTP、Google Authenticator、微信小程序“腾讯身份验证器”）扫描二维码：</p>");
  H(r, "<div class='qr'>");
  html_raw(r, svg.buf);        /* markup qr_svg built from the QR modules */
  H(r, "</div>");
  {
    /* the secret in groups of four, as people copy it by hand */
    struct buf g = BUF_INIT;
    size_t i;
    for(i=0; i<b32.len; i++){
      if( i && i%4==0 ) buf_putc(&g, ' ');
      buf_putc(&g, b32.buf[i]);
    }
    H(r, "<p>无法扫码时手动输入密钥（空格不必输入）：<code class='secret'>%h</code></p>", g.buf);
    buf_release(&g);
  }
  if( err.len ){
    html_err_summary_begin(r, 1);
    html_err_item(r, "code", "验证器显示的6位数字", err.buf);
    html_err_summary_end(r);
  }
  H(r, "<form method='post' action='/totp' novalidate>");
  html_csrf(r);
  html_input(r, "code", "验证器显示的6位数字", "text", "", true, 0, err.len ? err.buf : 0);
  html_form_actions(r, "绑定", r->pUser->bNeedTotp ? 0 : "/me");
  H(r, "</form>\n");
  html_end(r);
  buf_release(&err); buf_release(&uri); buf_release(&svg); buf_release(&b32);
}

void auth_login_api(struct req *r){
  static const char *const azAllowed[] = { "username", "password", "totp", 0 };
  struct login_result res;
  struct buf msg = BUF_INIT;
  const char *zUser = 0, *zPw = 0, *zTotp = 0, *zField = 0;
  json_t *p = api_body(r);
  if( p==0 ) return;
  if( json_check_keys(p, azAllowed, &msg)<0
   || json_get_str(p, (zField = "username"), true, &zUser, &msg)<0
   || json_get_str(p, (zField = "password"), true, &zPw, &msg)<0
   || json_get_str(p, (zField = "totp"), false, &zTotp, &msg)<0 ){
    if( str_starts(msg.buf, "未知字段 ") ) zField = msg.buf + strlen("未知字段 ");
    api_error(r, 400, "bad_field", msg.buf, zField);
  }else{
    auth_login(r->zIp, zUser, zPw, zTotp, &res, &msg);
    if( res.status!=200 ){
      if( res.retryAfter ){
        req_add_header(r, "Retry-After", arena_printf(r->arena, "%lld", (long long)res.retryAfter));
      }
      api_error(r, res.status, res.zCode, msg.buf, 0);
    }else{
      struct json_w j;
      set_session_cookie(r, res.zToken);
      api_begin(r, &j);
      json_obj_open(&j, 0);
      json_str(&j, "csrf_token", res.zCsrf);
      json_str(&j, "token", res.zToken);
      json_bool(&j, "must_change_password", res.bMustChange);
      json_bool(&j, "must_enroll_totp", res.bNeedTotp);
      json_obj_close(&j);
    }
  }
  json_decref(p);
  buf_release(&msg);
}

void auth_logout_api(struct req *r){
  end_session(r);
  api_ok(r);
}

void auth_me_api(struct req *r){
  struct json_w j;
  size_t i;
  struct req_user *u = r->pUser;
  api_begin(r, &j);
  json_obj_open(&j, 0);
  json_int(&j, "id", u->id);
  json_str(&j, "username", u->zUsername);
  json_str(&j, "name", u->zName);
  json_int(&j, "org_id", u->orgId);
  json_str(&j, "org_name", u->zOrgName);
  json_arr_open(&j, "roles");
  for(i=0; i<COUNT(app_roles); i++){
    if( u->mRoles & app_roles[i].bit ) json_str(&j, 0, app_roles[i].zCode);
  }
  json_arr_close(&j);
  json_bool(&j, "must_change_password", u->bMustChange);
  json_bool(&j, "must_enroll_totp", u->bNeedTotp);
  json_str(&j, "csrf_token", u->zCsrf);
  json_obj_close(&j);
}

void auth_password_api(struct req *r){
  static const char *const azAllowed[] = { "old_password", "new_password", 0 };
  struct buf err = BUF_INIT;
  struct reg_err e;
  const char *zOld = 0, *zNew = 0, *zField = 0;
  i64 retry = 0;
  json_t *p = api_body(r);
  if( p==0 ) return;
  reg_err_init(&e, r->arena);
  if( json_check_keys(p, azAllowed, &err)<0
   || json_get_str(p, (zField = "old_password"), false, &zOld, &err)<0
   || json_get_str(p, (zField = "new_password"), false, &zNew, &err)<0 ){
    if( str_starts(err.buf, "未知字段 ") ) zField = err.buf + strlen("未知字段 ");
    api_error(r, 400, "bad_field", err.buf, zField);
  }else if( change_own_password(r, zOld, zNew, 0, &e, &retry) ){
    if( retry ){
      req_add_header(r, "Retry-After", arena_printf(r->arena, "%lld", (long long)retry));
      api_error(r, 429, "too_many_attempts", e.a[0].zMsg, "old_password");
    }else{
      reg_api_error(r, &e);
    }
  }else{
    api_ok(r);
  }
  json_decref(p);
  buf_release(&err);
}

void auth_totp_api(struct req *r){
  struct json_w j;
  struct buf uri = BUF_INIT, b32 = BUF_INIT;
  u8 aSecret[TOTP_SECRET_LEN];
  if( db_int(0, "SELECT totp_enabled FROM users WHERE id=?1", "i", r->pUser->id) ){
    api_error(r, 409, "already_enrolled", "已绑定动态口令", 0);
    return;
  }
  pending_secret(r->pUser->id, aSecret, false);
  totp_uri(&uri, TOTP_ISSUER, r->pUser->zUsername, aSecret, TOTP_SECRET_LEN);
  base32_encode(aSecret, TOTP_SECRET_LEN, &b32);
  api_begin(r, &j);
  json_obj_open(&j, 0);
  json_str(&j, "otpauth_uri", uri.buf);
  json_str(&j, "secret", b32.buf);
  json_obj_close(&j);
  buf_release(&uri);
  buf_release(&b32);
}

void auth_totp_confirm_api(struct req *r){
  static const char *const azAllowed[] = { "code", 0 };
  struct buf err = BUF_INIT;
  const char *zCode = 0;
  json_t *p = api_body(r);
  int rc;
  if( p==0 ) return;
  if( json_check_keys(p, azAllowed, &err)<0 ){
    api_error(r, 400, "bad_field", err.buf,
              str_starts(err.buf, "未知字段 ") ? err.buf + strlen("未知字段 ") : 0);
  }else if( json_get_str(p, "code", true, &zCode, &err)<0 ){
    api_error(r, 400, "bad_field", err.buf, "code");
  }else if( (rc = totp_confirm(r, zCode, &err))!=0 ){
    if( rc==-2 ) api_error(r, 409, "already_enrolled", err.buf, 0);
    else api_error(r, 422, "invalid", err.buf, "code");
  }else{
    api_ok(r);
  }
  json_decref(p);
  buf_release(&err);
}

bool auth_session_alive(i64 created, i64 lastSeen, i64 now){
  return session_alive(created, lastSeen, now);
}
