/*
** user.c -- accounts: rules, pages, API, commands.
*/
#include "../common.h"
#include <jansson.h>
#include "../base/arena.h"
#include "../base/buf.h"
#include "../base/fmt.h"
#include "../base/json.h"
#include "../base/util.h"
#include "../base/value.h"
#include "../crypto/pw.h"
#include "../crypto/rand.h"
#include "../store/db.h"
#include "../web/api.h"
#include "../web/html.h"
#include "../web/req.h"
#include "../core/app.h"
#include "../core/audit.h"
#include "../core/cli.h"
#include "../core/scope.h"
#include "user.h"
#include "../reg/reg.h"

void user_policy(struct pw_policy *p){
  struct pw_policy d = PW_POLICY_INIT;
  *p = d;
  p->nMin = (int)setting_int("password.min_length", 8);
  p->nClass = (int)setting_int("password.min_classes", 3);
}

/* True when z is a valid login name. */
static bool username_ok(const char *z){
  size_t n = z ? strlen(z) : 0;
  size_t i;
  if( n<2 || n>32 ) return false;
  for(i=0; i<n; i++){
    char c = z[i];
    if( !((c>='a' && c<='z') || (c>='0' && c<='9') || c=='_' || c=='.' || c=='-') ) return false;
  }
  return true;
}

/* Number of UTF-8 characters. */
static size_t nchars(const char *z){
  size_t n = 0;
  for(; *z; z++) if( ((unsigned char)*z & 0xc0)!=0x80 ) n++;
  return n;
}

/* The user row as JSON for the audit log (never the password hash). */
static char *user_json(struct arena *ar, i64 id){
  struct stmt q;
  struct buf b = BUF_INIT;
  struct json_w j;
  char *z = 0;
  db_prepare(&q,
    "SELECT u.id, u.username, u.display_name, u.org_id, u.disabled, u.must_change,"
    "       u.totp_enabled"
    "  FROM users u"
    " WHERE u.id=?1");
  db_bind_int64(&q, 1, id);
  if( db_step(&q)==DB_ROW ){
    struct stmt r;
    json_init(&j, &b);
    json_obj_open(&j, 0);
    json_int(&j, "id", db_column_int64(&q, 0));
    json_str(&j, "username", db_column_text(&q, 1));
    json_str(&j, "name", db_column_text(&q, 2));
    json_int(&j, "org_id", db_column_int64(&q, 3));
    json_bool(&j, "disabled", db_column_int64(&q, 4)!=0);
    json_bool(&j, "must_change", db_column_int64(&q, 5)!=0);
    json_bool(&j, "totp", db_column_int64(&q, 6)!=0);
    json_arr_open(&j, "roles");
    db_prepare(&r, "SELECT role FROM user_role WHERE user_id=?1 ORDER BY role");
    db_bind_int64(&r, 1, id);
    while( db_step(&r)==DB_ROW ) json_str(&j, 0, db_column_text(&r, 0));
    db_finalize(&r);
    json_arr_close(&j);
    json_obj_close(&j);
    z = arena_strdup(ar, b.buf);
  }
  db_finalize(&q);
  buf_release(&b);
  return z;
}

/* Replace the roles of user id with the bits of m. */
static void user_write_roles(i64 id, unsigned m){
  size_t i;
  db_exec("DELETE FROM user_role WHERE user_id=?1", "i", id);
  for(i=0; i<COUNT(app_roles); i++){
    if( m & app_roles[i].bit ){
      db_exec("INSERT INTO user_role(user_id, role) VALUES(?1, ?2)", "it", id, app_roles[i].zCode);
    }
  }
}

/* True when org id is a school or kindergarten, or a 股室 inside one (the
** unit of a 学校填报员). */
static bool user_org_is_school(i64 orgId){
  struct arena *ar = arena_new();
  char *zUnit = org_scope_path(ar, orgId);
  bool b = zUnit && db_exists("SELECT 1 FROM org WHERE path=?1"
                              " AND (kind='school' OR kind='kindergarten')", "t", zUnit);
  arena_free(ar);
  return b;
}

/* The input of a form, the API or the command as the rules check it: the
** login name folded (full-width letters and digits to ASCII) and
** lower-cased, the name trimmed.  In ar. */
static void user_normalise(struct arena *ar, const struct user_input *in, struct user_input *out){
  char *z;
  *out = *in;
  if( in->zUsername ){
    z = value_fold_dup(ar, in->zUsername, false);
    for(out->zUsername = z; *z; z++) if( *z>='A' && *z<='Z' ) *z = (char)(*z - 'A' + 'a');
  }
  if( in->zName ) out->zName = value_fold_dup(ar, in->zName, false);
}

/* Checks shared by create and update: every problem into e, each naming
** its field (name roles org_id).  Returns the number found. */
static int user_validate(const struct actor *a, const struct user_input *in, struct reg_err *e){
  int n0 = e->n;
  if( in->zName==0 || in->zName[0]==0 ){
    reg_err_add(e, REG_EINVALID, "name", "请填写姓名");
  }else if( nchars(in->zName)>50 ){
    reg_err_add(e, REG_EINVALID, "name", "姓名不能超过50个字");
  }
  if( in->orgId==0 ){
    reg_err_add(e, REG_EINVALID, "org_id", "请选择所属机构");
  }else if( !org_in_scope(a, in->orgId) ){
    reg_err_add(e, REG_EINVALID, "org_id", "所属机构不存在或不在您的管理范围内");
  }else if( (in->mRoles & ROLE_SCHOOL) && !user_org_is_school(in->orgId) ){
    reg_err_add(e, REG_EINVALID, "org_id",
                "学校填报员须属于学校或幼儿园：请选择其所在的学校或幼儿园");
  }
  if( in->mRoles==0 || (in->mRoles & ~ROLE_ALL) ){
    reg_err_add(e, REG_EINVALID, "roles", "请至少选择一个角色");
  }else if( (in->mRoles & ROLE_ADMIN) && !(a->mRoles & ROLE_ADMIN) ){
    reg_err_add(e, REG_EINVALID, "roles", "只有系统管理员可以授予系统管理员角色");
  }
  return e->n - n0;
}

int user_create(const struct actor *a, const struct user_input *pIn, i64 *pId,
                char *zGen, struct reg_err *e){
  struct pw_policy pol;
  struct user_input in0, *in = &in0;
  char zHash[PW_HASH_MAX], zId[24];
  const char *zPw;
  struct arena *ar = arena_new();
  struct stmt q;
  i64 id = 0, now = time_now();
  int rc;
  user_normalise(ar, pIn, in);
  zPw = in->zPassword;
  if( in->zUsername==0 || in->zUsername[0]==0 ){
    reg_err_add(e, REG_EINVALID, "username", "请填写用户名");
  }else if( !username_ok(in->zUsername) ){
    reg_err_add(e, REG_EINVALID, "username", "用户名应为2到32位的小写字母、数字或 _ . -");
  }
  user_validate(a, in, e);
  user_policy(&pol);
  if( zPw ){
    struct buf err = BUF_INIT;
    if( pw_check_policy(zPw, in->zUsername ? in->zUsername : "", &pol, &err) ){
      reg_err_add(e, REG_EINVALID, "password", "%s", err.buf);
    }
    buf_release(&err);
  }
  if( e->n ){
    arena_free(ar);
    return -1;
  }
  if( zPw==0 ){
    rand_password(zGen, 16);
    zPw = zGen;
  }
  if( pw_hash(zPw, zHash) ) db_fail(DB_FAIL_BUSY, "password hashing failed (memory)");
  db_begin();
  db_prepare(&q,
    "INSERT INTO users(org_id, username, display_name, pw_hash, must_change,"
    "                  pw_changed_at, created_at, updated_at)"
    " VALUES(?1, ?2, ?3, ?4, 1, ?5, ?5, ?5)"
    " RETURNING id");
  db_bind_int64(&q, 1, in->orgId);
  db_bind_text(&q, 2, in->zUsername);
  db_bind_text(&q, 3, in->zName);
  db_bind_text(&q, 4, zHash);
  db_bind_int64(&q, 5, now);
  rc = db_step(&q);
  if( rc==DB_ROW ) id = db_column_int64(&q, 0);
  while( rc==DB_ROW ) rc = db_step(&q);
  db_finalize(&q);
  if( rc==DB_CONSTRAINT ){
    db_rollback();
    reg_err_add(e, REG_ECONFLICT, "username", "用户名 %s 已被使用", in->zUsername);
    arena_free(ar);
    return -1;
  }
  user_write_roles(id, in->mRoles);
  snprintf(zId, sizeof(zId), "%lld", (long long)id);
  audit_write(a, "create", "user", zId, 0, user_json(ar, id));
  db_commit();
  arena_free(ar);
  *pId = id;
  return 0;
}

/* True when user id exists inside the actor's scope. */
static bool user_in_scope(const struct actor *a, i64 id){
  i64 org = db_i64(0, "SELECT org_id FROM users WHERE id=?1", "i", id);
  return org && org_in_scope(a, org);
}

/* For a handler given user id: true when it is in the actor's scope; when
** the user exists outside it, the attempt is audited as a denial.  The
** caller answers 404 on false. */
static bool user_check_scope(const struct actor *a, i64 id){
  if( id>0 && user_in_scope(a, id) ) return true;
  if( id>0 && db_exists("SELECT 1 FROM users WHERE id=?1", "i", id) ){
    org_deny_audit(a, "user", id);
  }
  return false;
}

int user_update(const struct actor *a, i64 id, const struct user_input *pIn,
                struct reg_err *e){
  struct arena *ar;
  struct user_input in0, *in = &in0;
  char *zBefore, zId[24];
  if( !user_in_scope(a, id) ){
    reg_err_add(e, REG_ENOTFOUND, 0, "用户不存在或不在您的管理范围内");
    return -1;
  }
  ar = arena_new();
  user_normalise(ar, pIn, in);
  user_validate(a, in, e);
  if( id==a->userId && (a->mRoles & ROLE_ADMIN) && !(in->mRoles & ROLE_ADMIN)
   && !reg_err_of(e, "roles") ){
    reg_err_add(e, REG_EINVALID, "roles", "不能取消自己的系统管理员角色");
  }
  if( e->n ){
    arena_free(ar);
    return -1;
  }
  db_begin();
  zBefore = user_json(ar, id);
  db_exec("UPDATE users SET display_name=?1, org_id=?2, updated_at=?3 WHERE id=?4",
          "tiii", in->zName, in->orgId, time_now(), id);
  user_write_roles(id, in->mRoles);
  snprintf(zId, sizeof(zId), "%lld", (long long)id);
  audit_write(a, "update", "user", zId, zBefore, user_json(ar, id));
  db_commit();
  arena_free(ar);
  return 0;
}

/* True (with a message) when zPw is the user's current password or one of
** the previous ones password.history covers (current included: the last
** 5 by default).  One argon2id verification per stored hash. */
static bool user_password_reused(i64 id, const char *zPw, struct buf *pErr){
  struct stmt q;
  struct arena *ar = arena_new();
  i64 nKeep = setting_int("password.history", 5);
  bool bHit = false;
  int i = 0;
  char *zCur = db_text(ar, 0, "SELECT pw_hash FROM users WHERE id=?1", "i", id);
  if( nKeep<=0 ){ arena_free(ar); return false; }
  if( zCur && pw_verify(zCur, zPw) ){
    buf_puts(pErr, "新密码不能与原密码相同");
    arena_free(ar);
    return true;
  }
  db_prepare(&q,
    "SELECT pw_hash"
    "  FROM pw_history"
    " WHERE user_id=?1"
    " ORDER BY id DESC");
  db_bind_int64(&q, 1, id);
  while( !bHit && ++i < nKeep && db_step(&q)==DB_ROW ){
    bHit = pw_verify(db_column_text(&q, 0), zPw);
  }
  db_finalize(&q);
  if( bHit ){
    buf_appendf(pErr, "新密码不能与最近%lld次用过的密码相同", (long long)nKeep);
  }
  arena_free(ar);
  return bHit;
}

int user_set_password(const struct actor *a, i64 id, const char *zPw, bool bReset,
                      char *zGen, struct buf *pErr){
  struct pw_policy pol;
  char zHash[PW_HASH_MAX], zId[24];
  struct arena *ar;
  char *zUser;
  if( bReset && !user_in_scope(a, id) ){
    buf_puts(pErr, "用户不存在或不在您的管理范围内");
    return -1;
  }
  ar = arena_new();
  zUser = db_text(ar, 0, "SELECT username FROM users WHERE id=?1", "i", id);
  if( zUser==0 ){
    buf_puts(pErr, "用户不存在");
    arena_free(ar);
    return -1;
  }
  user_policy(&pol);
  if( zPw==0 ){
    rand_password(zGen, 16);
    zPw = zGen;
  }
  if( pw_check_policy(zPw, zUser, &pol, pErr) ){
    arena_free(ar);
    return -1;
  }
  if( zPw!=zGen && user_password_reused(id, zPw, pErr) ){
    arena_free(ar);
    return -1;
  }
  if( pw_hash(zPw, zHash) ) db_fail(DB_FAIL_BUSY, "password hashing failed (memory)");
  db_begin();
  /* the password being replaced joins the history; the oldest beyond
  ** password.history are dropped */
  db_exec("INSERT INTO pw_history(user_id, pw_hash, changed_at)"
          " SELECT id, pw_hash, ?2 FROM users WHERE id=?1", "ii", id, time_now());
  db_exec("DELETE FROM pw_history"
          " WHERE user_id=?1"
          "   AND id < (SELECT min(id)"
          "               FROM (SELECT id FROM pw_history WHERE user_id=?1"
          "                      ORDER BY id DESC LIMIT ?2) t)", "ii",
          id, setting_int("password.history", 5));
  db_exec("UPDATE users SET pw_hash=?1, must_change=?2, pw_changed_at=?3, updated_at=?3,"
          "       failed_count=0, locked_until=0"
          " WHERE id=?4", "tdii", zHash, bReset ? 1 : 0, time_now(), id);
  if( bReset ) db_exec("DELETE FROM session WHERE user_id=?1", "i", id);
  snprintf(zId, sizeof(zId), "%lld", (long long)id);
  audit_write(a, bReset ? "password_reset" : "password", "user", zId, 0, 0);
  db_commit();
  arena_free(ar);
  return 0;
}

int user_set_disabled(const struct actor *a, i64 id, bool bDisabled, struct buf *pErr){
  char zId[24];
  struct arena *ar;
  char *zBefore;
  if( !user_in_scope(a, id) ){
    buf_puts(pErr, "用户不存在或不在您的管理范围内");
    return -1;
  }
  if( bDisabled && id==a->userId ){
    buf_puts(pErr, "不能停用自己的账号");
    return -1;
  }
  ar = arena_new();
  db_begin();
  zBefore = user_json(ar, id);
  if( bDisabled ){
    db_exec("UPDATE users SET disabled=1, updated_at=?1 WHERE id=?2", "ii", time_now(), id);
    db_exec("DELETE FROM session WHERE user_id=?1", "i", id);
  }else{
    db_exec("UPDATE users SET disabled=0, failed_count=0, locked_until=0, updated_at=?1"
            " WHERE id=?2", "ii", time_now(), id);
  }
  snprintf(zId, sizeof(zId), "%lld", (long long)id);
  audit_write(a, bDisabled ? "lock" : "unlock", "user", zId, zBefore, user_json(ar, id));
  db_commit();
  arena_free(ar);
  return 0;
}

i64 user_lookup(const char *zUsername){
  return db_i64(0, "SELECT id FROM users WHERE username=?1", "t", zUsername);
}

/* List query in scope: id username display_name org_name disabled
** must_change totp_enabled locked_until roles(comma) */
static void user_query(struct stmt *q, const char *zLike, const char *zSearch,
                       i64 limit, i64 offset){
  struct arena *ar = arena_new();
  db_prepare(q,
    "SELECT u.id, u.username, u.display_name, o.name, u.disabled, u.must_change,"
    "       u.totp_enabled, u.locked_until, u.org_id,"
    "       (SELECT group_concat(role, ',') FROM user_role r WHERE r.user_id=u.id)"
    "  FROM users u JOIN org o ON o.id=u.org_id"
    " WHERE o.path LIKE ?1"
    "   AND (?2 IS NULL OR u.username LIKE ?5 ESCAPE '\\' OR u.display_name LIKE ?5 ESCAPE '\\')"
    " ORDER BY o.sort_key, o.path, u.username"
    " LIMIT ?3 OFFSET ?4");
  db_bind_text(q, 1, zLike);
  db_bind_text(q, 2, zSearch);
  db_bind_int64(q, 3, limit);
  db_bind_int64(q, 4, offset);
  db_bind_text(q, 5, zSearch ? reg_like(ar, zSearch) : 0);
  arena_free(ar);
}

/* Users matching the same filters as user_query. */
static i64 user_count(const char *zLike, const char *zSearch){
  struct arena *ar = arena_new();
  i64 n = db_i64(0,
    "SELECT count(*)"
    "  FROM users u JOIN org o ON o.id=u.org_id"
    " WHERE o.path LIKE ?1"
    "   AND (?2 IS NULL OR u.username LIKE ?3 ESCAPE '\\' OR u.display_name LIKE ?3 ESCAPE '\\')",
    "ttt", zLike, zSearch, zSearch ? reg_like(ar, zSearch) : 0);
  arena_free(ar);
  return n;
}

/* Role bits from a comma list of codes (as stored). */
static unsigned roles_from_codes(const char *z){
  unsigned m = 0;
  struct buf err = BUF_INIT;
  role_parse_list(z, &m, &err);
  buf_release(&err);
  return m;
}


void user_list_page(struct req *r){
  struct actor a;
  struct stmt q;
  const char *zSearch = req_param_trim(r, "q");
  int nRow = 0;
  actor_from_req(&a, r);
  html_begin(r, "用户管理", "/users");
  if( req_param(r, "saved") ) html_notice(r, "ok", "保存成功");
  H(r, "<form method='get' class='toolbar'><div class='field'><label for='f-q'>用户名或姓名</label>"
       "<input id='f-q' name='q' value='%a'></div><button class='btn' type='submit'>筛选</button>"
       "<a class='btn primary' href='/users/new'>新增用户</a></form>\n", zSearch ? zSearch : "");
  H(r, "<table class='list'><thead><tr><th>用户名</th><th>姓名</th><th>所属机构</th><th>角色</th>"
       "<th>状态</th><th></th></tr></thead><tbody>\n");
  user_query(&q, org_scope_like(r->arena, &a), zSearch, 500, 0);
  while( db_step(&q)==DB_ROW ){
    int eState = db_column_int64(&q, 4) ? 1 : db_column_int64(&q, 7) > time_now() ? 2
               : db_column_int64(&q, 5) ? 3 : 0;
    H(r, "<tr><td>%h</td><td>%h</td><td>%h</td><td>%h</td><td>%s</td>"
         "<td><a href='/users/%lld/edit'>编辑</a></td></tr>\n",
      db_column_text(&q, 1), db_column_text(&q, 2), db_column_text(&q, 3),
      role_names(r->arena, roles_from_codes(db_column_text(&q, 9))),
      eState==1 ? "<span class='tag red'>已停用</span>"
      : eState==2 ? "<span class='tag amber'>已锁定</span>"
      : eState==3 ? "<span class='tag amber'>待改密码</span>"
      : "<span class='tag green'>正常</span>",
      (long long)db_column_int64(&q, 0));
    nRow++;
  }
  db_finalize(&q);
  H(r, "</tbody></table>\n");
  if( nRow==0 ) H(r, "<div class='empty'>暂无数据 · <a href='/users/new'>新增</a></div>\n");
  html_end(r);
}

/* The labels of the user form's fields, for the error summary. */
static const char *const azUserLabel[] = {
  "username", "用户名", "name", "姓名", "org_id", "所属机构", "roles", "角色",
  "password", "初始密码", 0
};

/* The user form: every problem of e in a summary on top and beside its
** field, the values of in kept. */
static void user_form(struct req *r, const char *zAction, const char *zCancel,
                      const struct user_input *in, bool bNew, const struct reg_err *e){
  struct actor a;
  size_t i;
  const char *zErr;
  actor_from_req(&a, r);
  app_err_summary(r, e, azUserLabel);
  H(r, "<form method='post' action='%a' novalidate>", zAction);
  html_csrf(r);
  if( bNew ){
    html_input(r, "username", "用户名", "text", in->zUsername, true,
               "2到32位小写字母、数字或 _ . -（大写字母自动转为小写）", reg_err_of(e, "username"));
  }
  html_input(r, "name", "姓名", "text", in->zName, true, 0, reg_err_of(e, "name"));
  zErr = reg_err_of(e, "org_id");
  html_field_begin(r, "org_id", "所属机构", true, zErr);
  H(r, "<select id='f-org_id' name='org_id'><option value=''>请选择</option>");
  reg_ref_options(r, "org", &a, in->orgId ? arena_printf(r->arena, "%lld", (long long)in->orgId) : 0);
  H(r, "</select>");
  html_field_end(r, 0, zErr);
  zErr = reg_err_of(e, "roles");
  H(r, "<fieldset class='field%s' id='f-roles'><legend>角色<span class='req'>*</span></legend>",
    zErr ? " has-err" : "");
  for(i=0; i<COUNT(app_roles); i++){
    H(r, "<label><input type='checkbox' name='role' value='%a'%s> %h</label> ",
      app_roles[i].zCode, (in->mRoles & app_roles[i].bit) ? " checked" : "", app_roles[i].zName);
  }
  if( zErr ) H(r, "<div class='err'>%h</div>", zErr);
  H(r, "</fieldset>\n");
  if( bNew ){
    html_input(r, "password", "初始密码", "password", "", false,
               "留空则自动生成一次性密码；用户首次登录须修改", reg_err_of(e, "password"));
  }
  html_form_actions(r, "保存", zCancel);
  H(r, "</form>\n");
}

/* Read a user_input from the form (roles from repeated "role" fields; an
** unknown role code is left out, so none at all is reported). */
static void user_input_from_form(struct req *r, struct user_input *in){
  int i;
  const char *z;
  memset(in, 0, sizeof(*in));
  in->zUsername = req_param_trim(r, "username");
  in->zName = req_param_trim(r, "name");
  in->zPassword = req_param(r, "password");
  if( in->zPassword && in->zPassword[0]==0 ) in->zPassword = 0;
  if( (z = req_param_trim(r, "org_id"))!=0 && str_to_i64(z, 1, INT64_MAX, &in->orgId) ){
    in->orgId = 0;
  }
  for(i=0; i<r->nParam; i++){
    if( strcmp(r->aParam[i].zName, "role")==0 ) in->mRoles |= role_parse(r->aParam[i].zValue);
  }
}

/* The breadcrumb of a page under 用户管理. */
static const char *const azUserCrumb[] = { "用户管理", "/users", 0 };

void user_new_page(struct req *r){
  struct user_input in;
  struct reg_err e;
  struct actor a;
  char zGen[32];
  actor_from_req(&a, r);
  reg_err_init(&e, r->arena);
  if( strcmp(r->zMethod, "POST")==0 ){
    i64 id;
    user_input_from_form(r, &in);
    if( user_create(&a, &in, &id, zGen, &e)==0 ){
      if( in.zPassword ){
        req_redirect(r, arena_printf(r->arena, "/users/%lld/edit?saved=1", (long long)id));
        return;
      }
      /* the one-time password is shown once, here, never in a URL */
      html_begin_crumbs(r, "新增用户", "/users", azUserCrumb);
      html_notice(r, "ok", "保存成功");
      H(r, "<p>一次性密码（只显示这一次，请当面或电话告知本人；首次登录须修改）：</p>"
           "<p><code class='otp'>%h</code></p>", zGen);
      H(r, "<p><a href='/users/%lld/edit'>查看该用户</a> · <a href='/users'>返回用户列表</a></p>",
        (long long)id);
      html_end(r);
      return;
    }
    r->status = reg_err_status(e.eKind);
  }else{
    memset(&in, 0, sizeof(in));
    in.orgId = a.orgId;
  }
  html_begin_crumbs(r, "新增用户", "/users", azUserCrumb);
  user_form(r, "/users/new", "/users", &in, true, &e);
  html_end(r);
}

void user_edit_page(struct req *r){
  struct user_input in;
  struct reg_err e;
  struct actor a;
  struct stmt q;
  i64 id = req_path_id(r, 0);
  bool bDisabled = false;
  char *zUser = 0;
  actor_from_req(&a, r);
  reg_err_init(&e, r->arena);
  if( !user_check_scope(&a, id) ){
    html_error_page(r, 404, "用户不存在或不在您的管理范围内");
    return;
  }
  if( strcmp(r->zMethod, "POST")==0 ){
    user_input_from_form(r, &in);
    if( user_update(&a, id, &in, &e)==0 ){
      req_redirect(r, arena_printf(r->arena, "/users/%lld/edit?saved=1", (long long)id));
      return;
    }
    r->status = reg_err_status(e.eKind);
  }else{
    memset(&in, 0, sizeof(in));
  }
  db_prepare(&q, "SELECT username, display_name, org_id, disabled,"
                 "       (SELECT group_concat(role, ',') FROM user_role WHERE user_id=users.id)"
                 "  FROM users WHERE id=?1");
  db_bind_int64(&q, 1, id);
  if( db_step(&q)==DB_ROW ){
    zUser = db_column_dup(r->arena, &q, 0);
    if( strcmp(r->zMethod, "POST")!=0 ){
      in.zName = db_column_dup(r->arena, &q, 1);
      in.orgId = db_column_int64(&q, 2);
      in.mRoles = roles_from_codes(db_column_text(&q, 4));
    }
    bDisabled = db_column_int64(&q, 3)!=0;
  }
  db_finalize(&q);
  html_begin_crumbs(r, "编辑用户", "/users", azUserCrumb);
  if( req_param(r, "saved") && e.n==0 ) html_notice(r, "ok", "保存成功");
  H(r, "<p>用户名：<b>%h</b></p>", zUser);
  user_form(r, arena_printf(r->arena, "/users/%lld/edit", (long long)id), "/users", &in, false, &e);
  H(r, "<h2>账号操作</h2><div class='toolbar'>");
  H(r, "<form method='post' action='/users/%lld/%s' data-confirm='确定%s用户 %a 吗？'>",
    (long long)id, bDisabled ? "unlock" : "lock", bDisabled ? "启用" : "停用", zUser);
  html_csrf(r);
  H(r, "<button class='%s' type='submit'>%s</button></form>",
    bDisabled ? "btn" : "danger", bDisabled ? "启用账号" : "停用账号");
  H(r, "<form method='post' action='/users/%lld/reset' data-confirm='确定重置用户 %a 的密码吗？'>",
    (long long)id, zUser);
  html_csrf(r);
  H(r, "<button class='danger' type='submit'>重置密码</button></form></div>\n");
  html_end(r);
}

/* POST /users/:id/lock|unlock|reset from the edit page. */
void user_action_page(struct req *r){
  struct actor a;
  struct buf err = BUF_INIT;
  i64 id = req_path_id(r, 0);
  const char *zVerb = r->nPathArg>1 ? r->azPathArg[1] : "";
  char zGen[32];
  int rc;
  actor_from_req(&a, r);
  if( !user_check_scope(&a, id)
   || !(str_eq(zVerb, "reset") || str_eq(zVerb, "lock") || str_eq(zVerb, "unlock")) ){
    html_error_page(r, 404, "用户或操作不存在");
    return;
  }
  if( strcmp(zVerb, "reset")==0 ){
    rc = user_set_password(&a, id, 0, true, zGen, &err);
  }else{
    rc = user_set_disabled(&a, id, strcmp(zVerb, "lock")==0, &err);
  }
  if( rc ){
    html_error_page(r, 422, err.buf);
  }else if( strcmp(zVerb, "reset")==0 ){
    html_begin_crumbs(r, "重置密码", "/users", azUserCrumb);
    html_notice(r, "ok", "密码已重置，该用户的登录已全部结束");
    H(r, "<p>新的一次性密码（只显示这一次）：</p><p><code class='otp'>%h</code></p>"
         "<p><a href='/users'>返回用户列表</a></p>", zGen);
    html_end(r);
  }else{
    req_redirect(r, arena_printf(r->arena, "/users/%lld/edit?saved=1", (long long)id));
  }
  buf_release(&err);
}

/* One user row of user_query as JSON. */
static void user_row_json(struct json_w *j, struct stmt *q){
  struct buf err = BUF_INIT;
  const char *zRoles = db_column_text(q, 9);
  json_obj_open(j, 0);
  json_int(j, "id", db_column_int64(q, 0));
  json_str(j, "username", db_column_text(q, 1));
  json_str(j, "name", db_column_text(q, 2));
  json_int(j, "org_id", db_column_int64(q, 8));
  json_str(j, "org_name", db_column_text(q, 3));
  json_bool(j, "disabled", db_column_int64(q, 4)!=0);
  json_bool(j, "must_change", db_column_int64(q, 5)!=0);
  json_bool(j, "totp", db_column_int64(q, 6)!=0);
  json_bool(j, "locked", db_column_int64(q, 7) > time_now());
  json_arr_open(j, "roles");
  while( zRoles && *zRoles ){
    size_t n = strcspn(zRoles, ",");
    json_strn(j, 0, zRoles, n);
    zRoles += n;
    if( *zRoles==',' ) zRoles++;
  }
  json_arr_close(j);
  json_obj_close(j);
  buf_release(&err);
}

void user_list_api(struct req *r){
  struct actor a;
  struct stmt q;
  struct json_w j;
  const char *zSearch = req_param_trim(r, "q");
  i64 limit = 200, offset = 0;
  char *zLike;
  if( api_paging_or_reply(r, 200, 1000, &limit, &offset) ) return;
  actor_from_req(&a, r);
  zLike = org_scope_like(r->arena, &a);
  api_begin(r, &j);
  json_obj_open(&j, 0);
  json_arr_open(&j, "items");
  user_query(&q, zLike, zSearch, limit, offset);
  while( db_step(&q)==DB_ROW ) user_row_json(&j, &q);
  db_finalize(&q);
  json_arr_close(&j);
  json_int(&j, "total", user_count(zLike, zSearch));
  json_obj_close(&j);
}

void user_get_api(struct req *r){
  struct actor a;
  struct stmt q;
  struct json_w j;
  i64 id = req_path_id(r, 0);
  actor_from_req(&a, r);
  if( !user_check_scope(&a, id) ){
    api_error(r, 404, "not_found", "用户不存在或不在您的管理范围内", 0);
    return;
  }
  db_prepare(&q,
    "SELECT u.id, u.username, u.display_name, o.name, u.disabled, u.must_change,"
    "       u.totp_enabled, u.locked_until, u.org_id,"
    "       (SELECT group_concat(role, ',') FROM user_role r WHERE r.user_id=u.id)"
    "  FROM users u JOIN org o ON o.id=u.org_id"
    " WHERE u.id=?1");
  db_bind_int64(&q, 1, id);
  api_begin(r, &j);
  if( db_step(&q)==DB_ROW ) user_row_json(&j, &q);
  db_finalize(&q);
}

/* Read a user_input from JSON; replies 400 and returns -1 on bad shape. */
static int user_input_from_json(struct req *r, json_t *p, struct user_input *in, bool bNew){
  static const char *const azNew[] = {
    "username", "name", "org_id", "roles", "password", 0
  };
  static const char *const azUpdate[] = { "name", "org_id", "roles", 0 };
  const char *const *azAllowed = bNew ? azNew : azUpdate;
  struct buf err = BUF_INIT;
  const char *zField = 0;
  json_t *pRoles;
  memset(in, 0, sizeof(*in));
  if( json_check_keys(p, azAllowed, &err)<0
   || json_get_str(p, (zField = "username"), false, &in->zUsername, &err)<0
   || json_get_str(p, (zField = "name"), false, &in->zName, &err)<0
   || json_get_int(p, (zField = "org_id"), false, &in->orgId, &err)<0
   || json_get_str(p, (zField = "password"), false, &in->zPassword, &err)<0 ){
    if( str_starts(err.buf, "未知字段 ") ) zField = err.buf + strlen("未知字段 ");
    api_error(r, 400, "bad_field", err.buf, zField);
    buf_release(&err);
    return -1;
  }
  /* a missing field or an empty role list is a problem of the content
  ** (422 with the others), a value of the wrong type one of the shape */
  pRoles = json_object_get(p, "roles");
  if( pRoles && !json_is_array(pRoles) ){
    api_error(r, 400, "bad_field", "字段 roles 必须是角色数组", "roles");
    return -1;
  }else if( pRoles ){
    size_t i;
    json_t *v;
    json_array_foreach(pRoles, i, v){
      unsigned bit = json_is_string(v) ? role_parse(json_string_value(v)) : 0;
      if( bit==0 ){
        api_error(r, 400, "bad_field", "roles 中有未知角色", "roles");
        return -1;
      }
      in->mRoles |= bit;
    }
  }
  return 0;
}

void user_create_api(struct req *r){
  struct actor a;
  struct user_input in;
  struct reg_err e;
  json_t *p = api_body(r);
  char zGen[32];
  i64 id;
  if( p==0 ) return;
  actor_from_req(&a, r);
  reg_err_init(&e, r->arena);
  if( user_input_from_json(r, p, &in, true)==0 ){
    if( user_create(&a, &in, &id, zGen, &e) ){
      reg_api_error(r, &e);
    }else{
      struct json_w j;
      r->status = 201;
      api_begin(r, &j);
      json_obj_open(&j, 0);
      json_int(&j, "id", id);
      json_str(&j, "username", db_text(r->arena, "", "SELECT username FROM users WHERE id=?1",
                                       "i", id));
      if( in.zPassword==0 ) json_str(&j, "one_time_password", zGen);
      json_bool(&j, "must_change", true);
      json_obj_close(&j);
    }
  }
  json_decref(p);
}

void user_update_api(struct req *r){
  struct actor a;
  struct user_input in;
  struct reg_err e;
  json_t *p;
  i64 id = req_path_id(r, 0);
  actor_from_req(&a, r);
  reg_err_init(&e, r->arena);
  if( !user_check_scope(&a, id) ){
    api_error(r, 404, "not_found", "用户不存在或不在您的管理范围内", 0);
    return;
  }
  if( (p = api_body(r))==0 ) return;
  if( user_input_from_json(r, p, &in, false)==0 ){
    if( user_update(&a, id, &in, &e) ) reg_api_error(r, &e);
    else user_get_api(r);
  }
  json_decref(p);
}

/* Shared body of lock/unlock. */
static void user_lock_common(struct req *r, bool bLock){
  struct actor a;
  struct buf err = BUF_INIT;
  i64 id = req_path_id(r, 0);
  actor_from_req(&a, r);
  if( !user_check_scope(&a, id) ){
    api_error(r, 404, "not_found", "用户不存在或不在您的管理范围内", 0);
  }else if( user_set_disabled(&a, id, bLock, &err) ){
    api_error(r, 422, "invalid", err.buf, 0);
  }else{
    user_get_api(r);
  }
  buf_release(&err);
}

void user_lock_api(struct req *r){ user_lock_common(r, true); }
void user_unlock_api(struct req *r){ user_lock_common(r, false); }

void user_reset_api(struct req *r){
  struct actor a;
  struct buf err = BUF_INIT;
  struct json_w j;
  i64 id = req_path_id(r, 0);
  char zGen[32];
  actor_from_req(&a, r);
  if( !user_check_scope(&a, id) ){
    api_error(r, 404, "not_found", "用户不存在或不在您的管理范围内", 0);
  }else if( user_set_password(&a, id, 0, true, zGen, &err) ){
    api_error(r, 422, "invalid", err.buf, 0);
  }else{
    api_begin(r, &j);
    json_obj_open(&j, 0);
    json_str(&j, "one_time_password", zGen);
    json_bool(&j, "must_change", true);
    json_obj_close(&j);
  }
  buf_release(&err);
}

static const char zUserUsage[] =
  "用法: fazhi user add --username NAME --name 姓名 --org ORG --roles ROLES [--password-stdin]\n"
  "      fazhi user passwd USERNAME [--password-stdin]   (重置密码；用户下次登录须修改)\n"
  "      fazhi user lock USERNAME | unlock USERNAME\n"
  "      fazhi user list\n"
  "ROLES: admin 系统管理员, leader 局领导, legal 法规股工作人员, approver 审批人员,\n"
  "       inspector 执法人员, school 学校填报员, auditor 审计员（逗号分隔）\n"
  "不带 --password-stdin 时生成一次性密码并打印。\n";

/* Read the password from standard input when asked. */
static int read_pw(bool bStdin, char **pz){
  *pz = 0;
  if( !bStdin ) return 0;
  *pz = cli_read_line_dup();
  if( *pz==0 || (*pz)[0]==0 ){
    fprintf(stderr, "fazhi: 标准输入中没有密码\n");
    free(*pz);
    return -1;
  }
  return 0;
}

int user_cmd(int argc, char **argv){
  struct actor a;
  struct buf err = BUF_INIT;
  int n = argc-2;
  char **av = argv+2;
  const char *zSub;
  if( argc<3 ) return cli_usage(zUserUsage);
  zSub = argv[2];
  if( str_eq(zSub, "--help") ){ printf("%s", zUserUsage); return 0; }
  actor_cli(&a);
  if( str_eq(zSub, "add") ){
    struct user_input in;
    const char *zOrg, *zRoles;
    struct reg_err e;
    struct arena *ar;
    bool bStdin;
    char *zPw, zGen[32];
    i64 id;
    memset(&in, 0, sizeof(in));
    in.zUsername = cli_option(&n, av, "--username");
    in.zName = cli_option(&n, av, "--name");
    zOrg = cli_option(&n, av, "--org");
    zRoles = cli_option(&n, av, "--roles");
    bStdin = cli_flag(&n, av, "--password-stdin");
    if( cli_finish(n, av, 0, 0, zUserUsage) ) return 2;
    if( !in.zUsername || !in.zName || !zOrg || !zRoles ){
      fprintf(stderr, "fazhi: user add 需要 --username --name --org --roles\n");
      return cli_usage(zUserUsage);
    }
    if( role_parse_list(zRoles, &in.mRoles, &err) ){
      fprintf(stderr, "fazhi: %s\n", err.buf);
      return 2;
    }
    if( read_pw(bStdin, &zPw) ) return 1;
    in.zPassword = zPw;
    if( cli_open() ){ free(zPw); return 1; }
    in.orgId = org_lookup(zOrg);
    if( in.orgId==0 ){
      fprintf(stderr, "fazhi: 找不到机构 %s\n", zOrg);
      free(zPw);
      return 1;
    }
    ar = arena_new();
    reg_err_init(&e, ar);
    if( user_create(&a, &in, &id, zGen, &e) ){
      fprintf(stderr, "fazhi: %s\n", reg_err_text(&e));
      free(zPw);
      arena_free(ar);
      return 1;
    }
    printf("已创建用户 %s（编号 %lld）\n",
           db_text(ar, "", "SELECT username FROM users WHERE id=?1", "i", id), (long long)id);
    arena_free(ar);
    if( zPw==0 ) printf("一次性密码：%s（首次登录须修改）\n", zGen);
    free(zPw);
    return 0;
  }
  if( str_eq(zSub, "passwd") || str_eq(zSub, "lock") || str_eq(zSub, "unlock") ){
    bool bStdin = str_eq(zSub, "passwd") && cli_flag(&n, av, "--password-stdin");
    char *zPw = 0, zGen[32];
    i64 id;
    int rc;
    if( cli_finish(n, av, 1, 1, zUserUsage) ) return 2;
    if( read_pw(bStdin, &zPw) ) return 1;
    if( cli_open() ){ free(zPw); return 1; }
    id = user_lookup(av[1]);
    if( id==0 ){
      fprintf(stderr, "fazhi: 找不到用户 %s\n", av[1]);
      free(zPw);
      return 1;
    }
    if( str_eq(zSub, "passwd") ) rc = user_set_password(&a, id, zPw, true, zGen, &err);
    else rc = user_set_disabled(&a, id, str_eq(zSub, "lock"), &err);
    if( rc ){
      fprintf(stderr, "fazhi: %s\n", err.buf);
      free(zPw);
      return 1;
    }
    if( str_eq(zSub, "passwd") ){
      if( zPw==0 ) printf("一次性密码：%s（下次登录须修改）\n", zGen);
      else printf("密码已重置，用户下次登录须修改\n");
    }else{
      printf("用户 %s 已%s\n", av[1], str_eq(zSub, "lock") ? "停用" : "启用");
    }
    free(zPw);
    return 0;
  }
  if( str_eq(zSub, "list") ){
    struct stmt q;
    struct arena *ar;
    if( cli_finish(n, av, 0, 0, zUserUsage) ) return 2;
    if( cli_open() ) return 1;
    ar = arena_new();
    user_query(&q, "/%", 0, INT64_MAX, 0);
    while( db_step(&q)==DB_ROW ){
      printf("%lld\t%s\t%s\t%s\t%s\t%s\n", (long long)db_column_int64(&q, 0),
             db_column_text(&q, 1), db_column_text(&q, 2), db_column_text(&q, 3),
             role_names(ar, roles_from_codes(db_column_text(&q, 9))),
             db_column_int64(&q, 4) ? "已停用" : (db_column_int64(&q, 7) > time_now() ? "已锁定" : "正常"));
    }
    db_finalize(&q);
    arena_free(ar);
    return 0;
  }
  fprintf(stderr, "fazhi: 未知的 user 子命令 %s\n", zSub);
  return cli_usage(zUserUsage);
}

/* The display name of user zId today, or NULL when there is none. */
static const char *user_audit_name(struct arena *ar, const char *zId){
  i64 id;
  if( str_to_i64(zId, 1, INT64_MAX, &id) ) return 0;
  return db_text(ar, 0, "SELECT display_name FROM users WHERE id=?1", "i", id);
}

/* How the audit log shows a user's entries (audit.h). */
static const struct audit_field aUserAuditField[] = {
  { "username", "用户名", AF_TEXT, 0 },
  { "name", "姓名", AF_TEXT, 0 },
  { "org_id", "所属机构", AF_ORG, 0 },
  { "roles", "角色", AF_ROLES, 0 },
  { "disabled", "已停用", AF_BOOL, 0 },
  { "must_change", "须修改密码", AF_BOOL, 0 },
  { "totp", "已绑定动态口令", AF_BOOL, 0 },
  { 0, 0, 0, 0 }
};
const struct audit_kind user_audit_kind = {
  "user", "用户", "/users/%s/edit", ROLE_ADMIN, user_audit_name, aUserAuditField
};
