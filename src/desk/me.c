/*
** me.c -- 个人中心: the signed-in person's profile, their second factor
** and the sessions signed in with their account, with 退出其他会话.
*/
#include "../common.h"
#include "../base/arena.h"
#include "../base/buf.h"
#include "../base/json.h"
#include "../base/util.h"
#include "../store/db.h"
#include "../web/api.h"
#include "../web/html.h"
#include "../web/req.h"
#include "../core/app.h"
#include "../core/audit.h"
#include "auth.h"
#include "me.h"

i64 me_logout_others(const struct actor *a, const char *zKeepHash){
  char zId[24], zAfter[64];
  i64 n;
  snprintf(zId, sizeof(zId), "%lld", (long long)a->userId);
  db_begin();
  n = db_i64(0, "SELECT count(*) FROM session WHERE user_id=?1 AND token_hash<>?2", "it",
             a->userId, zKeepHash ? zKeepHash : "");
  db_exec("DELETE FROM session WHERE user_id=?1 AND token_hash<>?2", "it",
          a->userId, zKeepHash ? zKeepHash : "");
  snprintf(zAfter, sizeof(zAfter), "{\"ended\":%lld}", (long long)n);
  audit_write(a, "logout_others", "session", zId, 0, zAfter);
  db_commit();
  return n;
}

/* Format an epoch as "2024-11-15 09:30" (Beijing time) into z. */
static void me_time(i64 t, char z[24]){
  time_t tt = (time_t)(t + 8*3600);
  struct tm tm;
  gmtime_r(&tt, &tm);
  strftime(z, 24, "%Y-%m-%d %H:%M", &tm);
}

/* The live sessions of user id, newest first; the caller steps and
** finalizes q.  Columns: token_hash created_at last_seen ip mfa_ok. */
static void me_sessions_query(struct stmt *q, i64 id){
  db_prepare(q,
    "SELECT token_hash, created_at, last_seen, ip, mfa_ok"
    "  FROM session"
    " WHERE user_id=?1"
    " ORDER BY last_seen DESC, created_at DESC");
  db_bind_int64(q, 1, id);
}

void me_page(struct req *r){
  static const char *const azHead[] = { "登录时间", "最近活动", "来源地址", "动态口令", "" };
  static const char *const azClass[] = { "nowrap", "nowrap", "nowrap", "nowrap", "act" };
  struct req_user *u = r->pUser;
  struct html_table t;
  struct stmt q;
  i64 now = time_now(), pwAt = 0, nDone;
  int nOther = 0, nRow = 0;
  bool bTotp = false;
  char z[24];
  const char *zDone = req_param_trim(r, "ended");
  db_prepare(&q, "SELECT totp_enabled, pw_changed_at FROM users WHERE id=?1");
  db_bind_int64(&q, 1, u->id);
  if( db_step(&q)==DB_ROW ){
    bTotp = db_column_int64(&q, 0)!=0;
    pwAt = db_column_int64(&q, 1);
  }
  db_finalize(&q);
  html_begin(r, "个人中心", 0);
  if( req_param(r, "saved") ) html_notice(r, "ok", "保存成功");
  if( zDone && str_to_i64(zDone, 0, INT64_MAX, &nDone)==0 ){
    H(r, "<div class='notice ok' role='status'>已退出其他 %lld 个会话</div>\n", (long long)nDone);
  }
  H(r, "<h2>个人信息</h2><dl class='facts'>"
       "<dt>姓名</dt><dd>%h</dd><dt>用户名</dt><dd>%h</dd>"
       "<dt>所属单位</dt><dd>%h</dd><dt>角色</dt><dd>%h</dd>",
    u->zName, u->zUsername, u->zOrgName, role_names(r->arena, u->mRoles));
  if( pwAt ){
    me_time(pwAt, z);
    H(r, "<dt>密码修改于</dt><dd>%h · <a href='/password'>修改密码</a></dd>", z);
  }else{
    H(r, "<dt>密码</dt><dd><a href='/password'>修改密码</a></dd>");
  }
  H(r, "<dt>动态口令</dt><dd>%s</dd></dl>\n",
    bTotp ? "<span class='tag green'>已绑定</span>"
          : "<span class='tag amber'>未绑定</span> · <a href='/totp'>绑定动态口令</a>");
  H(r, "<h2 id='sessions'>登录会话</h2>"
       "<p class='hint'>使用您的账号登录、尚未退出或过期的会话。发现不认识的会话时，请退出其他会话并修改密码。</p>\n");
  html_table_begin(&t, r, 0, 5, azHead, azClass);
  me_sessions_query(&q, u->id);
  while( db_step(&q)==DB_ROW ){
    bool bMe = str_eq(db_column_text(&q, 0), r->zSessionHash);
    if( !auth_session_alive(db_column_int64(&q, 1), db_column_int64(&q, 2), now) ) continue;
    html_table_row(&t);
    me_time(db_column_int64(&q, 1), z);
    html_cell(&t, 0, "%h", z);
    me_time(db_column_int64(&q, 2), z);
    html_cell(&t, 0, "%h", z);
    html_cell(&t, 0, "%h", db_column_text(&q, 3)[0] ? db_column_text(&q, 3) : "本机");
    html_cell(&t, 0, "%s", db_column_int64(&q, 4) ? "已验证" : "未验证");
    html_cell(&t, 0, "%s", bMe ? "<span class='tag green'>本会话</span>" : "");
    if( !bMe ) nOther++;
    nRow++;
  }
  db_finalize(&q);
  html_table_end(&t);
  if( nOther ){
    H(r, "<form method='post' action='/me/sessions/logout-others' data-confirm='退出您的其他 %d 个会话？'>",
      nOther);
    html_csrf(r);
    H(r, "<button class='danger' type='submit'>退出其他会话</button></form>\n");
  }else{
    H(r, "<p class='hint'>没有其他会话。</p>\n");
  }
  html_end(r);
}

void me_logout_others_page(struct req *r){
  struct actor a;
  i64 n;
  actor_from_req(&a, r);
  n = me_logout_others(&a, r->zSessionHash);
  req_redirect(r, arena_printf(r->arena, "/me?ended=%lld#sessions", (long long)n));
}

void me_sessions_api(struct req *r){
  struct json_w j;
  struct stmt q;
  i64 now = time_now(), n = 0;
  api_begin(r, &j);
  json_obj_open(&j, 0);
  json_arr_open(&j, "items");
  me_sessions_query(&q, r->pUser->id);
  while( db_step(&q)==DB_ROW ){
    if( !auth_session_alive(db_column_int64(&q, 1), db_column_int64(&q, 2), now) ) continue;
    json_obj_open(&j, 0);
    json_bool(&j, "current", str_eq(db_column_text(&q, 0), r->zSessionHash));
    json_int(&j, "created_at", db_column_int64(&q, 1));
    json_int(&j, "last_seen", db_column_int64(&q, 2));
    json_str(&j, "ip", db_column_text(&q, 3));
    json_bool(&j, "mfa_ok", db_column_int64(&q, 4)!=0);
    json_obj_close(&j);
    n++;
  }
  db_finalize(&q);
  json_arr_close(&j);
  json_int(&j, "total", n);
  json_obj_close(&j);
}

void me_logout_others_api(struct req *r){
  struct actor a;
  struct json_w j;
  i64 n;
  actor_from_req(&a, r);
  n = me_logout_others(&a, r->zSessionHash);
  api_begin(r, &j);
  json_obj_open(&j, 0);
  json_int(&j, "ended", n);
  json_obj_close(&j);
}
