/*
** audit.c -- the audit viewer: the log's list page, its export, the API and
** `fazhi audit` (the chain itself is core/audit.c's).
*/
#include "../common.h"
#include <jansson.h>
#include <pthread.h>
#include "../base/arena.h"
#include "../base/buf.h"
#include "../base/json.h"
#include "../base/util.h"
#include "../base/date.h"
#include "../crypto/sm3.h"
#include "../office/xlsx_write.h"
#include "../store/db.h"
#include "../web/api.h"
#include "../web/html.h"
#include "../web/req.h"
#include "../core/app.h"
#include "../core/audit.h"
#include "audit.h"
#include "../reg/reg.h"
#include "../core/cli.h"
#include "../core/scope.h"

/* Filters shared by the audit list page, API and command. */
struct audit_filter {
  const char *zUser;        /* username, exact */
  const char *zAction;      /* action, exact */
  const char *zEntity;      /* entity, exact */
  i64 from, to;             /* epoch range, 0 for open */
  i64 limit, offset;
  const char *zScope;       /* LIKE pattern of the reader's unit; NULL: all */
};

/* Set f->zScope for the reader a: NULL (everything) for the top of the
** tree, else the entries whose actor or subject is inside their unit. */
static void audit_filter_scope(struct audit_filter *f, struct arena *ar,
                               const struct actor *a){
  f->zScope = org_scope_top(a) ? 0 : org_scope_like(ar, a);
}

/* Run the audit list query for f; the caller steps and finalizes q.
** Columns: id at username ip action entity entity_id before after user_id. */
static void audit_query(struct stmt *q, const struct audit_filter *f){
  db_prepare(q,
    "SELECT id, at, username, ip, action, entity, entity_id, before, after, user_id"
    "  FROM audit"
    " WHERE (?1 IS NULL OR username=?1)"
    "   AND (?2 IS NULL OR action=?2)"
    "   AND (?3 IS NULL OR entity=?3)"
    "   AND (?4=0 OR at>=?4)"
    "   AND (?5=0 OR at<?5)"
    "   AND (?8 IS NULL OR actor_path LIKE ?8 OR subject_path LIKE ?8)"
    " ORDER BY id DESC"
    " LIMIT ?6 OFFSET ?7");
  db_bind_text(q, 1, f->zUser);
  db_bind_text(q, 2, f->zAction);
  db_bind_text(q, 3, f->zEntity);
  db_bind_int64(q, 4, f->from);
  db_bind_int64(q, 5, f->to);
  db_bind_int64(q, 6, f->limit);
  db_bind_int64(q, 7, f->offset);
  db_bind_text(q, 8, f->zScope);
}

/* Total rows for f. */
static i64 audit_count(const struct audit_filter *f){
  struct stmt q;
  i64 n = 0;
  db_prepare(&q,
    "SELECT count(*)"
    "  FROM audit"
    " WHERE (?1 IS NULL OR username=?1)"
    "   AND (?2 IS NULL OR action=?2)"
    "   AND (?3 IS NULL OR entity=?3)"
    "   AND (?4=0 OR at>=?4)"
    "   AND (?5=0 OR at<?5)"
    "   AND (?6 IS NULL OR actor_path LIKE ?6 OR subject_path LIKE ?6)");
  db_bind_text(&q, 1, f->zUser);
  db_bind_text(&q, 2, f->zAction);
  db_bind_text(&q, 3, f->zEntity);
  db_bind_int64(&q, 4, f->from);
  db_bind_int64(&q, 5, f->to);
  db_bind_text(&q, 6, f->zScope);
  if( db_step(&q)==DB_ROW ) n = db_column_int64(&q, 0);
  db_finalize(&q);
  return n;
}

/* The actions: code and Chinese name, in the order of the filter list. */
static const char *const azAction[] = {
  "create", "新增", "update", "修改", "delete", "删除", "import", "导入",
  "login", "登录", "logout", "退出登录", "login_failed", "登录失败",
  "session_expired", "会话过期", "logout_others", "退出其他会话",
  "password", "修改密码", "password_reset", "重置密码",
  "totp_enroll", "绑定动态口令", "lock", "停用账号", "unlock", "启用账号",
  "denied", "越权访问被拒", "migrate", "迁移数据库", "restore", "确认从备份恢复",
  "bench", "基准测试条目", "void", "作废", "attach", "上传证明材料", "merge", "合并学校",
  "submit", "送审", "approve", "审定", "return", "退回", "sent", "报送", "published", "公开",
};

/* Chinese name of an action code (the code itself when unknown). */
static const char *action_name(const char *z){
  const struct reg_def *const *pp;
  size_t i;
  int k;
  for(i=0; i+1<COUNT(azAction); i+=2) if( str_eq(z, azAction[i]) ) return azAction[i+1];
  /* a register's step: its button label (解聘, 受理 ...) */
  for(pp=reg_list(); *pp; pp++){
    for(k=0; k<(*pp)->nStep; k++) if( str_eq(z, (*pp)->aStep[k].zVerb) ) return (*pp)->aStep[k].zLabel;
  }
  return z;
}

/* The kinds of the house itself; the areas' kinds come through
** audit_set_kinds(). */
static const char *const azDeniedReason[] = {
  "role", "角色无此权限", "csrf", "缺少有效的 CSRF 令牌", "scope", "不在管理范围内", 0
};
static const char *const azLoginReason[] = {
  "unknown_user", "用户名不存在", "locked", "账号已锁定", "password", "密码错误",
  "disabled", "账号已停用", "totp", "动态口令错误", 0
};
static const struct audit_field aRouteField[] = {
  { "path", "访问地址", AF_TEXT, 0 },
  { "method", "请求方法", AF_TEXT, 0 },
  { "reason", "原因", AF_CHOICE, azDeniedReason },
  { 0, 0, 0, 0 }
};
static const struct audit_field aSessionField[] = {
  { "reason", "原因", AF_CHOICE, azLoginReason },
  { "locked", "因此锁定账号", AF_BOOL, 0 },
  { "ended", "结束的会话数", AF_TEXT, 0 },
  { 0, 0, 0, 0 }
};
static const struct audit_field aSettingField[] = {
  { "value", "值", AF_TEXT, 0 },
  { 0, 0, 0, 0 }
};
static const struct audit_field aNoField[] = { { 0, 0, 0, 0 } };

/* The name of a user id (for sessions: whose session). */
static const char *session_user_name(struct arena *ar, const char *zId){
  return db_text(ar, 0, "SELECT display_name FROM users WHERE CAST(id AS TEXT)=?1", "t", zId);
}

/* The Chinese description of a setting key. */
static const char *setting_name(struct arena *ar, const char *zKey){
  const struct setting_info *p;
  const struct setting_text_info *t;
  for(p=app_settings; p->zKey; p++) if( str_eq(p->zKey, zKey) ) return arena_strdup(ar, p->zDesc);
  for(t=app_text_settings; t->zKey; t++) if( str_eq(t->zKey, zKey) ) return "对外公开网址";
  return 0;
}

static const struct audit_kind kindSession = {
  "session", "登录会话", 0, 0, session_user_name, aSessionField };
static const struct audit_kind kindRoute = {
  "route", "页面或接口", 0, 0, 0, aRouteField };
static const struct audit_kind kindSetting = {
  "setting", "系统设置", 0, 0, setting_name, aSettingField };
static const struct audit_kind kindDatabase = {
  "database", "数据库", 0, 0, 0, aNoField };
/* The Chinese name of a role code (the home page's figures are per role). */
static const char *role_name_of(struct arena *ar, const char *zCode){
  unsigned m = role_parse(zCode);
  return m ? role_names(ar, m) : 0;
}
static const struct audit_field aHomeField[] = {
  { "figures", "首页数据项及目标", AF_TEXT, 0 },
  { 0, 0, 0, 0 }
};
static const struct audit_kind kindHomeFigure = {
  "home_figure", "首页数据项", "/home-figures?role=%s", ROLE_ADMIN, role_name_of, aHomeField };
static const struct audit_kind *const apHouseKind[] = {
  &kindSession, &kindRoute, &kindSetting, &kindDatabase, &kindHomeFigure, 0
};
static const struct audit_kind *const *apAreaKind;

void audit_set_kinds(const struct audit_kind *const *apKind){
  apAreaKind = apKind;
}

/* The kind of entity z, or NULL. */
static const struct audit_kind *audit_kind_find(const char *z){
  int i;
  for(i=0; apAreaKind && apAreaKind[i]; i++) if( str_eq(apAreaKind[i]->zEntity, z) ) return apAreaKind[i];
  for(i=0; apHouseKind[i]; i++) if( str_eq(apHouseKind[i]->zEntity, z) ) return apHouseKind[i];
  return 0;
}

/* Read the filters common to the page and the API from the query:
** user, action, entity, from and to (YYYY-MM-DD, Beijing days, both
** included), limit, offset.  -1 with *pBad: 1 limit, 2 offset, 3 from,
** 4 to. */
static int audit_filter_from_req(struct req *r, struct audit_filter *f, int *pBad){
  const char *z;
  i64 v;
  struct actor a;
  int day;
  memset(f, 0, sizeof(*f));
  actor_from_req(&a, r);
  audit_filter_scope(f, r->arena, &a);
  f->zUser = req_param_trim(r, "user");
  f->zAction = req_param_trim(r, "action");
  f->zEntity = req_param_trim(r, "entity");
  f->limit = 50;
  *pBad = 0;
  if( (z = req_param_trim(r, "limit"))!=0 ){
    if( str_to_i64(z, 1, 500, &v) ){ *pBad = 1; return -1; }
    f->limit = v;
  }
  if( (z = req_param_trim(r, "offset"))!=0 ){
    if( str_to_i64(z, 0, INT64_MAX, &v) ){ *pBad = 2; return -1; }
    f->offset = v;
  }
  if( (z = req_param_trim(r, "from"))!=0 ){
    if( date_parse(z, &day) ){ *pBad = 3; return -1; }
    f->from = (i64)day*86400 - 8*3600;
  }
  if( (z = req_param_trim(r, "to"))!=0 ){
    if( date_parse(z, &day) ){ *pBad = 4; return -1; }
    f->to = (i64)(day+1)*86400 - 8*3600;
  }
  return 0;
}

/* The message for a bad filter (audit_filter_from_req's *pBad). */
static const char *filter_error(int bad){
  switch( bad ){
    case 1: return "每页条数应为1到500";
    case 2: return "起始位置应为非负整数";
    case 3: return "起始日期应为 YYYY-MM-DD 格式的真实日期";
    default: return "截止日期应为 YYYY-MM-DD 格式的真实日期";
  }
}

/* Format an epoch as "2024-11-15 09:30:00" (Beijing time) into z[20]. */
static void fmt_time(i64 t, char z[24]){
  time_t tt = (time_t)(t + 8*3600);
  struct tm tm;
  gmtime_r(&tt, &tm);
  strftime(z, 24, "%Y-%m-%d %H:%M:%S", &tm);
}

/* Who did it, for a person: name, unit and role (or what the command
** line and unknown users are). */
struct audit_who {
  const char *zName;      /* 张三, 命令行操作, 未登录用户 */
  const char *zDetail;    /* 梨树县教育局 · 系统管理员, or the login tried */
};

/* Fill w for an entry's user id and username. */
static void audit_who(struct arena *ar, i64 userId, const char *zUser, struct audit_who *w){
  struct stmt q;
  w->zName = 0;
  w->zDetail = "";
  if( userId ){
    db_prepare(&q,
      "SELECT u.display_name, o.name,"
      "       (SELECT group_concat(role, ',') FROM user_role r WHERE r.user_id=u.id)"
      "  FROM users u LEFT JOIN org o ON o.id=u.org_id"
      " WHERE u.id=?1");
    db_bind_int64(&q, 1, userId);
    if( db_step(&q)==DB_ROW ){
      struct buf err = BUF_INIT;
      unsigned m = 0;
      role_parse_list(db_column_text(&q, 2), &m, &err);
      buf_release(&err);
      w->zName = db_column_dup(ar, &q, 0);
      w->zDetail = arena_printf(ar, "%s · %s", db_column_text(&q, 1) ? db_column_text(&q, 1) : "",
                                role_names(ar, m));
    }
    db_finalize(&q);
    if( w->zName ) return;
  }
  if( zUser && strncmp(zUser, "cli:", 4)==0 ){
    w->zName = "服务器命令行";
    w->zDetail = arena_printf(ar, "操作系统账户 %s", zUser+4);
  }else if( zUser && zUser[0] ){
    w->zName = "未登录";
    w->zDetail = arena_printf(ar, "尝试的用户名 %s", zUser);
  }else{
    w->zName = "系统";
  }
}

/* The text of JSON value v for field f, in the arena ("（空）" for none). */
static const char *field_value(struct arena *ar, const struct audit_field *f, json_t *v){
  if( v==0 || json_is_null(v) ) return "（空）";
  switch( f ? f->eType : AF_TEXT ){
    case AF_BOOL:
      return json_is_true(v) ? "是" : "否";
    case AF_ORG: {
      char *z = json_is_integer(v)
        ? db_text(ar, 0, "SELECT name FROM org WHERE id=?1", "i", (i64)json_integer_value(v)) : 0;
      if( z ) return z;
      break;
    }
    case AF_CHOICE:
      if( json_is_string(v) ){
        int i;
        for(i=0; f->azChoice[i] && f->azChoice[i+1]; i+=2){
          if( str_eq(f->azChoice[i], json_string_value(v)) ) return f->azChoice[i+1];
        }
      }
      break;
    case AF_ROLES:
      if( json_is_array(v) ){
        unsigned m = 0;
        size_t i;
        for(i=0; i<json_array_size(v); i++){
          json_t *e = json_array_get(v, i);
          if( json_is_string(e) ) m |= role_parse(json_string_value(e));
        }
        return m ? role_names(ar, m) : "（无）";
      }
      break;
  }
  if( json_is_string(v) ) return json_string_value(v)[0] ? arena_strdup(ar, json_string_value(v)) : "（空）";
  if( json_is_integer(v) ) return arena_printf(ar, "%lld", (long long)json_integer_value(v));
  if( json_is_true(v) ) return "是";
  if( json_is_false(v) ) return "否";
  {
    char *z = json_dumps(v, JSON_COMPACT);
    char *zOut = arena_strdup(ar, z ? z : "");
    free(z);
    return zOut;
  }
}

/* One change line: label, old value (NULL for none), new value (NULL for
** none). */
struct audit_change {
  const char *zLabel, *zOld, *zNew;
};

/* Append the changes of a calendar year's TSV (before -> after) as one
** line per day added, changed or removed. */
static void days_diff(struct arena *ar, const char *zOld, const char *zNew,
                      struct audit_change *a, int *pn, int nMax){
  /* each side: lines "YYYY-MM-DD\tkind\treason" (comments skipped) */
  const char *azSide[2] = { zOld ? zOld : "", zNew ? zNew : "" };
  char *aaLine[2][400];
  int an[2] = {0, 0}, k, i, j;
  for(k=0; k<2; k++){
    const char *p = azSide[k];
    while( *p && an[k]<400 ){
      size_t n = strcspn(p, "\n");
      if( n>=10 && p[0]!='#' ) aaLine[k][an[k]++] = arena_strndup(ar, p, n);
      p += n;
      if( *p ) p++;
    }
  }
  /* both sides are in date order */
  i = j = 0;
  while( (i<an[0] || j<an[1]) && *pn<nMax ){
    int c = i>=an[0] ? 1 : j>=an[1] ? -1 : strncmp(aaLine[0][i], aaLine[1][j], 10);
    const char *zO = c<=0 ? aaLine[0][i] : 0, *zN = c>=0 ? aaLine[1][j] : 0;
    if( c==0 && str_eq(zO, zN) ){ i++; j++; continue; }
    {
      struct audit_change *e = &a[(*pn)++];
      const char *zLine = zO ? zO : zN;
      e->zLabel = arena_strndup(ar, zLine, 10);
      e->zOld = 0;
      e->zNew = 0;
      for(k=0; k<2; k++){
        const char *z = k==0 ? zO : zN;
        const char *t1, *t2;
        if( z==0 ) continue;
        t1 = strchr(z, '\t');
        t2 = t1 ? strchr(t1+1, '\t') : 0;
        if( t1 && t2 ){
          const char *zKind = strncmp(t1+1, "work", 4)==0 ? "调休上班" : "放假";
          const char *zR = arena_strdup(ar, t2+1);
          if( k==0 ) e->zOld = arena_printf(ar, "%s（%s）", zKind, zR);
          else e->zNew = arena_printf(ar, "%s（%s）", zKind, zR);
        }
      }
    }
    {
      /* a day only one side has was an ordinary day on the other */
      struct audit_change *e = &a[*pn - 1];
      if( zOld && e->zOld==0 ) e->zOld = "平常日";
      if( zNew && e->zNew==0 ) e->zNew = "平常日";
    }
    if( c<=0 ) i++;
    if( c>=0 ) j++;
  }
}

/* The changes an entry records, field by field with Chinese labels:
** a create or import lists the new values, an update the fields that
** changed, a delete the old ones.  Returns the number of lines in a[]. */
static int audit_changes(struct arena *ar, const struct audit_kind *k, const char *zBefore,
                         const char *zAfter, struct audit_change *a, int nMax){
  json_t *pB = 0, *pA = 0;
  json_error_t e;
  int n = 0, i;
  const struct audit_field *f;
  const char *zKey;
  json_t *v;
  if( zBefore && zBefore[0] ) pB = json_loads(zBefore, 0, &e);
  if( zAfter && zAfter[0] ) pA = json_loads(zAfter, 0, &e);
  if( (pB && !json_is_object(pB)) || (pA && !json_is_object(pA)) ) goto done;
  for(i=0; k && k->aField[i].zKey && n<nMax; i++){
    json_t *vB, *vA;
    f = &k->aField[i];
    if( f->eType==AF_HIDE ) continue;
    vB = pB ? json_object_get(pB, f->zKey) : 0;
    vA = pA ? json_object_get(pA, f->zKey) : 0;
    if( vB==0 && vA==0 ) continue;
    if( f->eType==AF_DAYS ){
      days_diff(ar, vB && json_is_string(vB) ? json_string_value(vB) : 0,
                vA && json_is_string(vA) ? json_string_value(vA) : 0, a, &n, nMax);
      continue;
    }
    if( pB && pA && vB && vA && json_equal(vB, vA) ) continue;
    if( pB && pA && vB==0 && json_is_null(vA) ) continue;
    /* a new or removed record: its empty fields say nothing */
    if( !(pB && pA) && (json_is_null(vA ? vA : vB)
     || (json_is_string(vA ? vA : vB) && json_string_value(vA ? vA : vB)[0]==0)) ) continue;
    a[n].zLabel = f->zLabel;
    a[n].zOld = pB && vB ? field_value(ar, f, vB) : 0;   /* absent: not recorded then */
    a[n].zNew = pA ? field_value(ar, f, vA) : 0;
    n++;
  }
  /* keys no label knows: shown under a neutral label, never dropped */
  if( (pA || pB) && n<nMax ){
    json_t *pSide = pA ? pA : pB;
    json_object_foreach(pSide, zKey, v){
      bool bKnown = str_eq(zKey, "id");
      for(i=0; !bKnown && k && k->aField[i].zKey; i++) bKnown = str_eq(k->aField[i].zKey, zKey);
      if( bKnown || n>=nMax ) continue;
      if( pB && pA && json_object_get(pB, zKey) && json_equal(json_object_get(pB, zKey), v) ) continue;
      a[n].zLabel = "其他内容";
      a[n].zOld = pB && pA ? field_value(ar, 0, json_object_get(pB, zKey)) : 0;
      a[n].zNew = field_value(ar, 0, v);
      if( !pA ){ a[n].zOld = a[n].zNew; a[n].zNew = 0; }
      n++;
    }
  }
done:
  if( pB ) json_decref(pB);
  if( pA ) json_decref(pA);
  return n;
}

/* One entry made readable for the page and the export. */
struct audit_view {
  i64 id;
  char zTime[24];
  struct audit_who who;
  const char *zIp;            /* "" for the command line */
  const char *zAction;        /* Chinese */
  const char *zKind;          /* Chinese name of the record kind */
  const char *zRecord;        /* the record's own name, or "" */
  const char *zLink;          /* link to it, or NULL */
  struct audit_change aChange[40];
  int nChange;
};

/* Read the current row of an audit_query() statement into v. */
static void audit_view_read(struct arena *ar, struct stmt *q, const struct actor *pViewer,
                            struct audit_view *v){
  const char *zEntity = db_column_text(q, 5);
  const char *zId = db_column_text(q, 6);
  const char *zBefore = db_column_text(q, 7), *zAfter = db_column_text(q, 8);
  const struct audit_kind *k = audit_kind_find(zEntity);
  const char *zName = 0;
  v->id = db_column_int64(q, 0);
  fmt_time(db_column_int64(q, 1), v->zTime);
  v->zTime[16] = 0;                                  /* to the minute */
  audit_who(ar, db_column_int64(q, 9), db_column_text(q, 2), &v->who);
  v->zIp = db_column_text(q, 3)[0] ? db_column_dup(ar, q, 3) : "本机";
  v->zAction = action_name(db_column_text(q, 4));
  v->zKind = k ? k->zName : zEntity[0] ? "其他记录" : "";
  v->zLink = 0;
  if( k && k->xName && zId[0] ){
    zName = k->xName(ar, zId);
  }else if( k && zId[0] && reg_find(zEntity) ){
    i64 idRec;
    /* a register: its record's title (reg/reg.h) */
    if( str_to_i64(zId, 1, INT64_MAX, &idRec)==0 ) zName = reg_ref_title(ar, zEntity, idRec);
  }
  if( zName && k->zLink && zId[0] && (k->mLinkRoles==0 || (pViewer->mRoles & k->mLinkRoles)) ){
    /* the kind's pattern with the id (URL-encoded) in place of its "%s" */
    const char *zAt = strstr(k->zLink, "%s");
    if( zAt ){
      v->zLink = arena_printf(ar, "%.*s%t%s", (int)(zAt - k->zLink), k->zLink, zId, zAt+2);
    }
  }
  if( zName==0 ){
    /* gone, or a kind without names: the name the entry itself recorded */
    json_error_t e;
    json_t *p = json_loads(zAfter && zAfter[0] ? zAfter : zBefore && zBefore[0] ? zBefore : "{}", 0, &e);
    json_t *n = p && json_is_object(p) ? json_object_get(p, "name") : 0;
    if( n && json_is_string(n) ) zName = arena_strdup(ar, json_string_value(n));
    if( p ) json_decref(p);
  }
  if( zName==0 && str_eq(zEntity, "calendar") ) zName = arena_printf(ar, "%s年", zId);
  if( zName==0 && k && k->xName==0 && zId[0] ) zName = arena_strdup(ar, zId);
  v->zRecord = zName ? zName : "";
  v->nChange = audit_changes(ar, k, zBefore, zAfter, v->aChange, (int)COUNT(v->aChange));
}

/* The audit list statement with the user id added as column 9. */
static void audit_query_view(struct stmt *q, const struct audit_filter *f){
  audit_query(q, f);
}

/* The filter bar's query string (for paging and the export link). */
static char *filter_query(struct arena *ar, struct req *r){
  static const char *const azKey[] = { "user", "action", "entity", "from", "to" };
  struct buf b = BUF_INIT;
  char *z;
  size_t i;
  for(i=0; i<COUNT(azKey); i++){
    const char *zV = req_param_trim(r, azKey[i]);
    if( zV ) buf_appendf(&b, "%s%s=%t", b.len ? "&" : "", azKey[i], zV);
  }
  z = arena_strdup(ar, b.buf);
  buf_release(&b);
  return z;
}

/* A <select> of code/name pairs with zSel chosen. */
static void select_pairs(struct req *r, const char *zName, const char *zLabel,
                         const char *const *az, size_t n, const char *zSel){
  size_t i;
  H(r, "<div class='field'><label for='f-%a'>%h</label><select id='f-%a' name='%a'>"
       "<option value=''>全部</option>", zName, zLabel, zName, zName);
  for(i=0; i+1<n; i+=2){
    H(r, "<option value='%a'%s>%h</option>", az[i], str_eq(az[i], zSel) ? " selected" : "", az[i+1]);
  }
  H(r, "</select></div>");
}

void audit_list_page(struct req *r){
  static const char *const azHead[] = { "时间", "操作人", "来源地址", "操作", "对象", "变更内容" };
  static const char *const azClass[] = { "nowrap", 0, "nowrap", "nowrap", 0, "wide" };
  struct audit_filter f;
  struct html_table t;
  struct actor a;
  struct stmt q;
  int bad, nRow = 0, i;
  i64 total;
  const char **azKind;           /* code, name pairs of every kind (no cap) */
  size_t nKind = 0, nAll = 0;
  char *zQuery;
  if( audit_filter_from_req(r, &f, &bad) ){
    html_error_page(r, 400, filter_error(bad));
    return;
  }
  actor_from_req(&a, r);
  total = audit_count(&f);
  zQuery = filter_query(r->arena, r);
  for(i=0; apAreaKind && apAreaKind[i]; i++) nAll++;
  for(i=0; apHouseKind[i]; i++) nAll++;
  azKind = arena_alloc(r->arena, sizeof(char *) * (2*nAll + 1));
  for(i=0; apAreaKind && apAreaKind[i]; i++){
    azKind[nKind++] = apAreaKind[i]->zEntity;
    azKind[nKind++] = apAreaKind[i]->zName;
  }
  for(i=0; apHouseKind[i]; i++){
    azKind[nKind++] = apHouseKind[i]->zEntity;
    azKind[nKind++] = apHouseKind[i]->zName;
  }
  html_begin(r, "审计日志", "/audit");
  H(r, "<form method='get' class='toolbar'>");
  H(r, "<div class='field'><label for='f-user'>操作人</label><select id='f-user' name='user'>"
       "<option value=''>全部</option>");
  db_prepare(&q,
    "SELECT u.username, u.display_name"
    "  FROM users u JOIN org o ON o.id=u.org_id"
    " WHERE o.path LIKE ?1"
    " ORDER BY u.display_name, u.username");
  db_bind_text(&q, 1, org_scope_like(r->arena, &a));
  while( db_step(&q)==DB_ROW ){
    H(r, "<option value='%a'%s>%h（%h）</option>", db_column_text(&q, 0),
      str_eq(f.zUser, db_column_text(&q, 0)) ? " selected" : "", db_column_text(&q, 1),
      db_column_text(&q, 0));
  }
  db_finalize(&q);
  H(r, "</select></div>");
  select_pairs(r, "action", "操作", azAction, COUNT(azAction), f.zAction);
  select_pairs(r, "entity", "对象", azKind, nKind, f.zEntity);
  H(r, "<div class='field'><label for='f-from'>起始日期</label>"
       "<input id='f-from' name='from' type='date' value='%a'></div>"
       "<div class='field'><label for='f-to'>截止日期</label>"
       "<input id='f-to' name='to' type='date' value='%a'></div>",
    req_param_trim(r, "from") ? req_param_trim(r, "from") : "",
    req_param_trim(r, "to") ? req_param_trim(r, "to") : "");
  H(r, "<button class='btn' type='submit'>筛选</button>"
       "<a class='btn' href='/audit/export?%a'>导出 Excel</a>"
       "<a class='btn' href='/audit/verify'>校验日志链</a></form>\n", zQuery);
  H(r, "<div class='total'>共 %lld 条</div>\n", (long long)total);
  html_table_begin(&t, r, "audit", 6, azHead, azClass);
  audit_query_view(&q, &f);
  while( db_step(&q)==DB_ROW ){
    struct audit_view v;
    int k;
    audit_view_read(r->arena, &q, &a, &v);
    html_table_row(&t);
    html_cell(&t, 0, "%h", v.zTime);
    html_cell(&t, 0, "<b>%h</b><div class='sub'>%h</div>", v.who.zName, v.who.zDetail);
    html_cell(&t, 0, "%h", v.zIp);
    html_cell(&t, 0, "%h", v.zAction);
    if( v.zLink ){
      html_cell(&t, 0, "%h<div><a href='%a'>%h</a></div>", v.zKind, v.zLink, v.zRecord);
    }else{
      html_cell(&t, 0, "%h<div>%h</div>", v.zKind, v.zRecord);
    }
    if( v.nChange==0 ){
      html_cell(&t, 0, "");
      continue;
    }
    H(r, "<td class='wide' data-label='变更内容'><ul class='changes'>");
    for(k=0; k<v.nChange; k++){
      const struct audit_change *c = &v.aChange[k];
      if( c->zOld && c->zNew ){
        H(r, "<li><span class='k'>%h：</span><del>%h</del> → <ins>%h</ins></li>", c->zLabel,
          c->zOld, c->zNew);
      }else{
        H(r, "<li><span class='k'>%h：</span>%s%h</li>", c->zLabel, c->zOld ? "<del>" : "",
          c->zOld ? c->zOld : c->zNew);
      }
    }
    H(r, "</ul></td>");
    t.iCol = 6;
    nRow++;
  }
  db_finalize(&q);
  html_table_end(&t);
  if( nRow==0 && total==0 ) H(r, "<div class='empty'>没有符合条件的记录</div>\n");
  if( f.offset>0 || f.offset + f.limit < total ){
    H(r, "<p class='pager'>");
    if( f.offset>0 ){
      H(r, "<a href='/audit?%a%soffset=%lld'>上一页</a> ", zQuery, zQuery[0] ? "&amp;" : "",
        (long long)(f.offset > f.limit ? f.offset - f.limit : 0));
    }
    H(r, "第 %lld–%lld 条", (long long)f.offset + 1,
      (long long)(f.offset + f.limit < total ? f.offset + f.limit : total));
    if( f.offset + f.limit < total ){
      H(r, " <a href='/audit?%a%soffset=%lld'>下一页</a>", zQuery, zQuery[0] ? "&amp;" : "",
        (long long)(f.offset + f.limit));
    }
    H(r, "</p>\n");
  }
  html_end(r);
}

/* GET /audit/export: the filtered entries (newest first, at most 100,000)
** as a workbook with the same columns as the page, the change one line
** per field. */
void audit_export_page(struct req *r){
  static const char *const azHead[] = {
    "序号", "时间", "操作人", "单位与角色", "来源地址", "操作", "对象", "记录", "变更内容"
  };
  static const int aWidth[] = { 8, 18, 12, 30, 16, 12, 10, 24, 60 };
  struct audit_filter f;
  struct xlsx_write w;
  struct buf err = BUF_INIT, cell = BUF_INIT;
  struct actor a;
  struct stmt q;
  lxw_worksheet *ws;
  int bad, row = 0;
  size_t i;
  if( audit_filter_from_req(r, &f, &bad) ){
    html_error_page(r, 400, filter_error(bad));
    return;
  }
  actor_from_req(&a, r);
  f.offset = 0;
  f.limit = 100000;
  if( xlsx_write_begin(&w, app.zDataDir, &err) ) goto fail;
  ws = xlsx_write_sheet(&w, "审计日志", &err);
  if( ws==0 ) goto fail;
  for(i=0; i<COUNT(azHead); i++){
    worksheet_set_column(ws, (lxw_col_t)i, (lxw_col_t)i, aWidth[i], i==8 ? w.pWrap : w.pText);
    if( xlsx_write_text(ws, 0, (int)i, azHead[i], w.pHead, &err) ) goto fail;
  }
  worksheet_freeze_panes(ws, 1, 0);
  audit_query_view(&q, &f);
  while( db_step(&q)==DB_ROW ){
    struct arena *ar = arena_new();
    struct audit_view v;
    const char *az[9];
    char zN[24];
    int k;
    audit_view_read(ar, &q, &a, &v);
    buf_reset(&cell);
    for(k=0; k<v.nChange; k++){
      const struct audit_change *c = &v.aChange[k];
      if( k ) buf_putc(&cell, '\n');
      if( c->zOld && c->zNew ) buf_appendf(&cell, "%s：%s → %s", c->zLabel, c->zOld, c->zNew);
      else buf_appendf(&cell, "%s：%s", c->zLabel, c->zOld ? c->zOld : c->zNew);
    }
    snprintf(zN, sizeof(zN), "%lld", (long long)v.id);
    az[0] = zN; az[1] = v.zTime; az[2] = v.who.zName; az[3] = v.who.zDetail; az[4] = v.zIp;
    az[5] = v.zAction; az[6] = v.zKind; az[7] = v.zRecord; az[8] = cell.len ? cell.buf : "";
    row++;
    for(k=0; k<9; k++){
      if( xlsx_write_text(ws, row, k, az[k], k==8 ? w.pWrap : w.pCell, &err) ){
        arena_free(ar);
        db_finalize(&q);
        goto fail;
      }
    }
    arena_free(ar);
  }
  db_finalize(&q);
  if( xlsx_write_end(&w, &r->out, &err) ) goto fail;
  req_attachment(r, "xlsx", "audit-log", "审计日志");
  buf_release(&err);
  buf_release(&cell);
  return;
fail:
  xlsx_write_abort(&w);
  buf_reset(&r->out);
  html_error_page(r, 500, arena_strdup(r->arena, err.buf));
  buf_release(&err);
  buf_release(&cell);
}

void audit_list_api(struct req *r){
  struct audit_filter f;
  struct stmt q;
  struct json_w j;
  int bad;
  if( audit_filter_from_req(r, &f, &bad) ){
    static const char *const azField[] = { "", "limit", "offset", "from", "to" };
    api_error(r, 400, "bad_param", bad==1 ? "limit 应为1到500" : bad==2 ? "offset 应为非负整数"
              : filter_error(bad), azField[bad]);
    return;
  }
  api_begin(r, &j);
  json_obj_open(&j, 0);
  json_arr_open(&j, "items");
  audit_query(&q, &f);
  while( db_step(&q)==DB_ROW ){
    json_obj_open(&j, 0);
    json_int(&j, "id", db_column_int64(&q, 0));
    json_int(&j, "at", db_column_int64(&q, 1));
    json_str(&j, "username", db_column_text(&q, 2));
    json_str(&j, "ip", db_column_text(&q, 3));
    json_str(&j, "action", db_column_text(&q, 4));
    json_str(&j, "entity", db_column_text(&q, 5));
    json_str(&j, "entity_id", db_column_text(&q, 6));
    json_str(&j, "before", db_column_text(&q, 7));
    json_str(&j, "after", db_column_text(&q, 8));
    json_obj_close(&j);
  }
  db_finalize(&q);
  json_arr_close(&j);
  json_int(&j, "total", audit_count(&f));
  json_obj_close(&j);
}

void audit_verify_api(struct req *r){
  struct json_w j;
  struct audit_report rep;
  int rc = audit_verify_full(0, true, &rep);
  api_begin(r, &j);
  json_obj_open(&j, 0);
  json_bool(&j, "intact", rc!=AUDIT_DAMAGED);
  json_int(&j, "entries", rep.nEntries);
  if( rc==AUDIT_DAMAGED ){
    json_int(&j, "first_bad_id", rep.badId);
    json_str(&j, "message", rep.msg.buf);
  }else if( rc==AUDIT_WARNING ){
    json_str(&j, "warning", rep.msg.buf);
  }
  if( rep.note.len ) json_str(&j, "note", rep.note.buf);
  json_obj_close(&j);
  audit_report_free(&rep);
}

/* fazhi audit test-fill N (tests and bench/audit only): append n synthetic
** "bench" entries through audit_write(), 10,000 per transaction, with
** before/after JSON of about 150 bytes shaped like a real org update. */
static void audit_test_fill(i64 n){
  static const char *const azKind[] = { "school", "kindergarten", "office", "dept" };
  struct actor a;
  char zId[24], zBefore[256], zAfter[256];
  i64 i;
  actor_cli(&a);
  for(i=0; i<n; i++){
    i64 org = i % 150 + 1;
    const char *zKind = azKind[i % COUNT(azKind)];
    if( i % 10000==0 ){
      if( i ) db_commit();
      db_begin();
    }
    snprintf(zId, sizeof(zId), "%lld", (long long)org);
    snprintf(zBefore, sizeof(zBefore),
             "{\"name\":\"梨树县第%lld实验小学\",\"kind\":\"%s\",\"code\":\"21220%05lld\","
             "\"parent_id\":1,\"region\":\"220322\",\"address\":\"梨树镇\",\"phone\":\"0434-52%05lld\",\"active\":true}",
             (long long)org, zKind, (long long)org, (long long)(i % 100000));
    snprintf(zAfter, sizeof(zAfter),
             "{\"name\":\"梨树县第%lld实验学校\",\"kind\":\"%s\",\"code\":\"21220%05lld\","
             "\"parent_id\":1,\"region\":\"220322\",\"address\":\"梨树镇\",\"phone\":\"0434-52%05lld\",\"active\":%s}",
             (long long)org, zKind, (long long)org, (long long)((i + 1) % 100000),
             i % 7 ? "true" : "false");
    audit_write(&a, "bench", "org", zId, zBefore, zAfter);
  }
  if( n>0 ) db_commit();
}

static const char zAuditUsage[] =
  "用法: fazhi audit verify [--since-checkpoint FILE]\n"
  "      fazhi audit checkpoint [-o FILE]\n"
  "      fazhi audit accept-restore\n"
  "      fazhi audit list [--user NAME] [--action ACTION] [--entity ENTITY] [--limit N]\n"
  "      fazhi audit test-fill N\n"
  "verify 校验整条审计日志链，并与密钥目录（数据目录）中封印的审计头 fazhi.audit-head 比对：\n"
  "       日志被清空、最新的条目被截去后写回旧的头和封印，都会被发现。\n"
  "       --since-checkpoint FILE 另外证明检查点之前的条目未被改动、日志由此接续。\n"
  "       退出码：0 完好；1 被改动（指出第一条有问题的条目或缺失的部分）；2 用法错误；\n"
  "       3 链完好但有警告：数据库是从 fazhi backup 做的备份恢复的（说明比记录的头旧多少），\n"
  "       或密钥目录中还没有审计头文件。每次校验通过都记下校验的时间和条数。\n"
  "checkpoint 签发当前审计头的检查点（条数、id、哈希、时间，用审计密钥 HMAC-SM3 签名），\n"
  "       写到 FILE（-o）或标准输出；请离线保存，日后用 verify --since-checkpoint 核对。\n"
  "accept-restore 从备份恢复后，核实无误时确认这次恢复：写一条审计记录（放弃了多少条），\n"
  "       密钥目录中的审计头随之改为恢复后的日志。\n"
  "list   按条件列出审计日志（最新的在前）。\n"
  "test-fill 仅供测试和基准（bench/audit）：经正常的追加流程写入N条合成条目\n"
  "       （操作 bench），每1万条一个事务，只打印写入的条数。勿用于正式数据目录。\n"
  "审计日志只能追加；没有任何命令删除180天内的条目。\n";

int audit_cmd(int argc, char **argv){
  if( argc<3 || str_eq(argv[2], "--help") ) return argc<3 ? cli_usage(zAuditUsage) : (printf("%s", zAuditUsage), 0);
  if( str_eq(argv[2], "verify") ){
    struct audit_report rep;
    int n = argc - 2;
    char **av = argv + 2;
    const char *zCk = cli_option(&n, av, "--since-checkpoint");
    int rc;
    if( cli_finish(n, av, 0, 0, zAuditUsage) ) return 2;
    if( cli_open() ) return 1;
    rc = audit_verify_full(zCk, true, &rep);
    if( rc==AUDIT_INTACT ){
      printf("审计日志完好：%lld 条\n", (long long)rep.nEntries);
    }else if( rc==AUDIT_WARNING ){
      printf("审计日志链完好：%lld 条\n警告：%s\n", (long long)rep.nEntries, rep.msg.buf);
    }else{
      printf("审计日志被改动：%s\n", rep.msg.buf);
      if( rep.badId ) printf("first bad entry: %lld\n", (long long)rep.badId);
    }
    if( rep.note.len ) printf("%s", rep.note.buf);
    audit_report_free(&rep);
    return rc;
  }
  if( str_eq(argv[2], "checkpoint") ){
    struct buf out = BUF_INIT, msg = BUF_INIT;
    int n = argc - 2, rc = 0;
    char **av = argv + 2;
    const char *zOut = cli_option(&n, av, "-o");
    if( cli_finish(n, av, 0, 0, zAuditUsage) ) return 2;
    if( cli_open() ) return 1;
    if( audit_checkpoint(&out, &msg) ){
      fprintf(stderr, "fazhi: %s\n", msg.buf);
      rc = 1;
    }else if( zOut ){
      if( audit_write_file(zOut, &out, &msg) ){
        fprintf(stderr, "fazhi: %s\n", msg.buf);
        rc = 1;
      }else{
        fprintf(stderr, "已签发检查点：%s\n", zOut);
      }
    }else{
      rc = cli_write_file(0, &out);
    }
    buf_release(&out);
    buf_release(&msg);
    return rc;
  }
  if( str_eq(argv[2], "accept-restore") ){
    struct buf msg = BUF_INIT;
    struct actor a;
    int rc;
    if( cli_finish(argc-2, argv+2, 0, 0, zAuditUsage) ) return 2;
    if( cli_open() ) return 1;
    actor_cli(&a);
    rc = audit_accept_restore(&a, &msg);
    if( rc ) fprintf(stderr, "fazhi: %s\n", msg.buf);
    else printf("%s\n", msg.buf);
    buf_release(&msg);
    return rc ? 1 : 0;
  }
  if( str_eq(argv[2], "list") ){
    struct audit_filter f;
    struct stmt q;
    const char *zLimit;
    int n = argc - 2;
    char **av = argv + 2;
    memset(&f, 0, sizeof(f));
    f.zUser = cli_option(&n, av, "--user");
    f.zAction = cli_option(&n, av, "--action");
    f.zEntity = cli_option(&n, av, "--entity");
    zLimit = cli_option(&n, av, "--limit");
    f.limit = 100;
    if( zLimit && str_to_i64(zLimit, 1, 1000000, &f.limit) ){
      fprintf(stderr, "fazhi: --limit 应为正整数\n");
      return 2;
    }
    if( cli_finish(n, av, 0, 0, zAuditUsage) ) return 2;
    if( cli_open() ) return 1;
    audit_query(&q, &f);
    while( db_step(&q)==DB_ROW ){
      char zT[24];
      fmt_time(db_column_int64(&q, 1), zT);
      printf("%lld\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", (long long)db_column_int64(&q, 0), zT,
             db_column_text(&q, 2), db_column_text(&q, 3), db_column_text(&q, 4),
             db_column_text(&q, 5), db_column_text(&q, 6),
             db_column_is_null(&q, 7) ? "-" : db_column_text(&q, 7),
             db_column_is_null(&q, 8) ? "-" : db_column_text(&q, 8));
    }
    db_finalize(&q);
    return 0;
  }
  if( str_eq(argv[2], "test-fill") ){
    i64 n;
    if( cli_finish(argc-2, argv+2, 1, 1, zAuditUsage) ) return 2;
    if( str_to_i64(argv[3], 1, 100000000, &n) ){
      fprintf(stderr, "fazhi: N 应为1到100000000\n");
      return 2;
    }
    if( cli_open() ) return 1;
    audit_test_fill(n);
    printf("%lld\n", (long long)n);
    return 0;
  }
  fprintf(stderr, "fazhi: 未知的 audit 子命令 %s\n", argv[2]);
  return cli_usage(zAuditUsage);
}
