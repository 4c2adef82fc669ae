/*
** org.c -- organisations: rules, pages, API, commands.
**
** The tree is kept with a materialised path ('/1/5/12/': ancestors and
** self), so "this org and everything below it" is one indexed prefix
** match on both database engines.
*/
#include "../common.h"
#include <jansson.h>
#include <unistd.h>
#include "../base/arena.h"
#include "../base/buf.h"
#include "../base/fmt.h"
#include "../base/ids.h"
#include "../base/json.h"
#include "../base/date.h"
#include "../base/util.h"
#include "../office/doc.h"
#include "../office/docx.h"
#include "../office/pdf.h"
#include "../office/table.h"
#include "../store/db.h"
#include "../web/api.h"
#include "../web/html.h"
#include "../web/req.h"
#include "app.h"
#include "audit.h"
#include "cli.h"
#include "org.h"

static const char *const azKind[] = {
  "bureau", "教育局", "office", "股室", "school", "学校",
  "kindergarten", "幼儿园", "dept", "其他部门", "other", "其他单位",
};

const char *org_kind_name(const char *zKind){
  size_t i;
  for(i=0; i<COUNT(azKind); i+=2) if( str_eq(zKind, azKind[i]) ) return azKind[i+1];
  return zKind ? zKind : "";
}

/* The kind code for a code or Chinese name, or NULL. */
static const char *kind_code(const char *z){
  size_t i;
  for(i=0; i<COUNT(azKind); i+=2){
    if( str_eq(z, azKind[i]) || str_eq(z, azKind[i+1]) ) return azKind[i];
  }
  return 0;
}

/* Number of UTF-8 characters in z. */
static size_t nchars(const char *z){
  size_t n = 0;
  for(; *z; z++) if( ((unsigned char)*z & 0xc0)!=0x80 ) n++;
  return n;
}

char *org_scope_path(struct arena *ar, i64 orgId){
  return db_text(ar, 0,
    "SELECT u.path FROM org o JOIN org u ON o.path LIKE u.path || '%'"
    " WHERE o.id=?1"
    "   AND u.kind<>'office'"
    " ORDER BY length(u.path) DESC"
    " LIMIT 1", "i", orgId);
}

i64 org_scope_root(const struct actor *a){
  const char *z = a->zOrgPath;
  char zId[12];
  size_t n;
  i64 id;
  if( z==0 || strcmp(z, "/")==0 ){
    /* the command line: the first root that is not a partner */
    return db_i64(0, "SELECT id FROM org WHERE parent_id IS NULL AND kind<>'dept'"
                     " ORDER BY id LIMIT 1", "");
  }
  n = strlen(z);
  if( n<12 ) return 0;
  memcpy(zId, z + n - 11, 10);
  zId[10] = 0;
  if( str_to_i64(zId, 1, INT64_MAX, &id) ) return 0;
  return id;
}

bool org_scope_top(const struct actor *a){
  const char *z = a->zOrgPath;
  int nSlash = 0;
  if( z==0 ) return false;
  if( strcmp(z, "/")==0 ) return true;
  for(; *z; z++) if( *z=='/' ) nSlash++;
  return nSlash==2;
}

char *org_scope_like(struct arena *ar, const struct actor *a){
  if( a->zOrgPath==0 ) return arena_strdup(ar, "/-/");
  if( strcmp(a->zOrgPath, "/")==0 ) return arena_strdup(ar, "/%");
  return arena_printf(ar, "%s%%", a->zOrgPath);
}

bool org_in_scope(const struct actor *a, i64 id){
  struct arena *ar = arena_new();
  bool b = db_exists("SELECT 1 FROM org WHERE id=?1 AND path LIKE ?2", "it",
                     id, org_scope_like(ar, a));
  arena_free(ar);
  return b;
}

bool org_is_partner(i64 id){
  return db_exists("SELECT 1 FROM org WHERE id=?1 AND kind='dept' AND parent_id IS NULL",
                   "i", id);
}

bool org_visible(const struct actor *a, i64 id){
  return org_in_scope(a, id) || org_is_partner(id);
}

bool org_writable(const struct actor *a, i64 id){
  if( org_is_partner(id) ) return org_scope_top(a);
  return org_in_scope(a, id);
}

/* True when the actor may read (bWrite: change) org id; when the org
** exists outside that reach, the attempt is audited as a denial.  The
** caller answers 404 on false. */
static bool org_check_visible(const struct actor *a, i64 id, bool bWrite){
  if( id>0 && (bWrite ? org_writable(a, id) : org_visible(a, id)) ) return true;
  if( id>0 && db_exists("SELECT 1 FROM org WHERE id=?1", "i", id) ){
    org_deny_audit(a, "org", id);
  }
  return false;
}

void org_deny_audit(const struct actor *a, const char *zEntity, i64 id){
  char zId[24];
  snprintf(zId, sizeof(zId), "%lld", (long long)id);
  audit_write_now(a, "denied", zEntity, zId, 0, "{\"reason\":\"scope\"}");
}

char *org_search_like(struct arena *ar, const char *z){
  struct buf b = BUF_INIT;
  char *zOut;
  if( z==0 ) return 0;
  buf_putc(&b, '%');
  for(; *z; z++){
    if( *z=='%' || *z=='_' || *z=='\\' ) buf_putc(&b, '\\');
    buf_putc(&b, *z);
  }
  buf_putc(&b, '%');
  zOut = arena_strdup(ar, b.buf);
  buf_release(&b);
  return zOut;
}

/* Validate in; on success *pzKind is the kind code. */
static int org_validate(const struct org_input *in, const char **pzKind,
                        struct buf *pErr, const char **pzField){
  if( in->zName==0 || in->zName[0]==0 ){
    *pzField = "name"; buf_puts(pErr, "请填写机构名称"); return -1;
  }
  if( nchars(in->zName) > 100 ){
    *pzField = "name"; buf_puts(pErr, "机构名称不能超过100个字"); return -1;
  }
  *pzKind = kind_code(in->zKind);
  if( *pzKind==0 ){
    *pzField = "kind";
    buf_puts(pErr, "机构类别应为：教育局、股室、学校、幼儿园、其他部门、其他单位之一");
    return -1;
  }
  if( in->zCode && ids_check_uscc(in->zCode, pErr) ){ *pzField = "code"; return -1; }
  if( in->zRegion && ids_check_region(in->zRegion, pErr) ){ *pzField = "region"; return -1; }
  if( in->zSchoolCode && ids_check_school(in->zSchoolCode, pErr) ){
    *pzField = "school_code"; return -1;
  }
  return 0;
}

/* The org row as JSON (for the audit log), in the arena. */
static char *org_json(struct arena *ar, i64 id){
  struct stmt q;
  struct buf b = BUF_INIT;
  struct json_w j;
  char *z = 0;
  db_prepare(&q,
    "SELECT id, parent_id, name, kind, code, region, school_code"
    "  FROM org"
    " WHERE id=?1");
  db_bind_int64(&q, 1, id);
  if( db_step(&q)==DB_ROW ){
    json_init(&j, &b);
    json_obj_open(&j, 0);
    json_int(&j, "id", db_column_int64(&q, 0));
    if( db_column_is_null(&q, 1) ) json_null_val(&j, "parent_id");
    else json_int(&j, "parent_id", db_column_int64(&q, 1));
    json_str(&j, "name", db_column_text(&q, 2));
    json_str(&j, "kind", db_column_text(&q, 3));
    json_str(&j, "code", db_column_text(&q, 4));
    json_str(&j, "region", db_column_text(&q, 5));
    json_str(&j, "school_code", db_column_text(&q, 6));
    json_obj_close(&j);
    z = arena_strdup(ar, b.buf);
  }
  db_finalize(&q);
  buf_release(&b);
  return z;
}

/* After a unique constraint refused in (for org selfId, 0 when new): name
** the code another org holds -- the 统一社会信用代码 or the 学校标识码 --
** with its owner, in pErr and *pzField. */
static void org_conflict(const struct org_input *in, i64 selfId, struct buf *pErr,
                         const char **pzField){
  struct arena *ar = arena_new();
  char *zOwner = in->zSchoolCode
    ? db_text(ar, 0, "SELECT name FROM org WHERE school_code=?1 AND id<>?2", "ti",
              in->zSchoolCode, selfId) : 0;
  if( zOwner ){
    *pzField = "school_code";
    buf_appendf(pErr, "学校标识码 %s 已被机构“%s”使用", in->zSchoolCode, zOwner);
  }else{
    zOwner = in->zCode
      ? db_text(ar, 0, "SELECT name FROM org WHERE code=?1 AND id<>?2", "ti", in->zCode, selfId)
      : 0;
    *pzField = "code";
    buf_appendf(pErr, "统一社会信用代码 %s 已被%s%s%s使用", in->zCode ? in->zCode : "",
                zOwner ? "机构“" : "其他机构", zOwner ? zOwner : "", zOwner ? "”" : "");
  }
  arena_free(ar);
}

/* Where a new org of kind zKind goes (one rule for the form, the API, the
** command line and, through org_import_parent(), imports):
**   - a partner department (kind dept) is a root of its own, outside every
**     unit's subtree; only an administrator at the top adds one, and it
**     takes no parent;
**   - a given parent must be inside the actor's scope and not a partner;
**   - no parent: a new root when asked for (in->bRoot, the command line's
**     --root) or when the tree is empty, else under the actor's unit root.
** Sets *pParent (0 for a root); -1 with a message and field. */
static int org_parent_rule(const struct actor *a, const struct org_input *in,
                           const char *zKind, i64 *pParent, struct buf *pErr,
                           const char **pzField){
  *pParent = 0;
  if( str_eq(zKind, "dept") ){
    if( in->parentId ){
      *pzField = "parent_id";
      buf_puts(pErr, "其他部门（公安、市场监管等）是联合检查的合作单位，不属于本单位的下级机构，"
                     "请不要选择上级机构");
      return -1;
    }
    if( !org_scope_top(a) ){
      *pzField = "kind";
      buf_puts(pErr, "只有最上级单位的系统管理员可以添加合作部门");
      return -1;
    }
    return 0;
  }
  if( in->parentId ){
    if( !org_in_scope(a, in->parentId) || org_is_partner(in->parentId) ){
      *pzField = "parent_id";
      buf_puts(pErr, "上级机构不存在或不在您的管理范围内");
      return -1;
    }
    *pParent = in->parentId;
    return 0;
  }
  if( in->bRoot ){
    if( a->userId!=0 ){
      *pzField = "parent_id";
      buf_puts(pErr, "只能在服务器上用 fazhi org add --root 建立新的最上级机构");
      return -1;
    }
    return 0;
  }
  if( !db_exists("SELECT 1 FROM org WHERE kind<>'dept'", "") ) return 0;
  *pParent = org_scope_root(a);
  if( *pParent==0 ){
    *pzField = "parent_id";
    buf_puts(pErr, "请选择上级机构");
    return -1;
  }
  return 0;
}

int org_create(const struct actor *a, const struct org_input *in, i64 *pId,
               struct buf *pErr, const char **pzField){
  const char *zKind;
  struct arena *ar;
  char *zParentPath = 0, *zPath, zId[24];
  struct stmt q;
  i64 id = 0, parentId = 0, now = time_now();
  int rc;
  *pzField = 0;
  if( org_validate(in, &zKind, pErr, pzField) ) return -1;
  ar = arena_new();
  db_begin();
  if( org_parent_rule(a, in, zKind, &parentId, pErr, pzField) ) goto fail;
  if( parentId ){
    zParentPath = db_text(ar, 0, "SELECT path FROM org WHERE id=?1", "i", parentId);
  }
  db_prepare(&q,
    "INSERT INTO org(parent_id, name, kind, code, region, school_code, created_at, updated_at)"
    " VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7)"
    " RETURNING id");
  if( parentId ) db_bind_int64(&q, 1, parentId); else db_bind_null(&q, 1);
  db_bind_text(&q, 2, in->zName);
  db_bind_text(&q, 3, zKind);
  db_bind_text(&q, 4, in->zCode);
  db_bind_text(&q, 5, in->zRegion);
  db_bind_text(&q, 6, in->zSchoolCode);
  db_bind_int64(&q, 7, now);
  rc = db_step(&q);
  if( rc==DB_ROW ) id = db_column_int64(&q, 0);
  while( rc==DB_ROW ) rc = db_step(&q);
  db_finalize(&q);
  if( rc==DB_CONSTRAINT ){
    db_rollback();
    org_conflict(in, 0, pErr, pzField);
    arena_free(ar);
    return -2;
  }
  zPath = arena_printf(ar, "%s%010lld/", zParentPath ? zParentPath : "/", (long long)id);
  db_exec("UPDATE org SET path=?1 WHERE id=?2", "ti", zPath, id);
  snprintf(zId, sizeof(zId), "%lld", (long long)id);
  audit_write(a, "create", "org", zId, 0, org_json(ar, id));
  db_commit();
  arena_free(ar);
  *pId = id;
  return 0;
fail:
  db_rollback();
  arena_free(ar);
  return -1;
}

int org_update(const struct actor *a, i64 id, const struct org_input *in,
               struct buf *pErr, const char **pzField){
  const char *zKind;
  struct arena *ar;
  char *zBefore, zId[24];
  int rc;
  *pzField = 0;
  if( org_validate(in, &zKind, pErr, pzField) ) return -1;
  ar = arena_new();
  db_begin();
  if( !org_writable(a, id) ){
    buf_puts(pErr, "机构不存在或不在您的管理范围内");
    *pzField = "id";
    goto fail;
  }
  if( str_eq(zKind, "dept")!=org_is_partner(id) ){
    *pzField = "kind";
    buf_puts(pErr, str_eq(zKind, "dept")
      ? "本单位的下级机构不能改为其他部门；合作部门请另行添加"
      : "合作部门不能改为本单位的下级机构");
    goto fail;
  }
  if( in->parentId
   && in->parentId!=db_i64(0, "SELECT parent_id FROM org WHERE id=?1", "i", id) ){
    *pzField = "parent_id";
    buf_puts(pErr, "暂不支持调整上级机构");
    goto fail;
  }
  zBefore = org_json(ar, id);
  rc = db_exec("UPDATE org SET name=?1, kind=?2, code=?3, region=?4, school_code=?5,"
               "       updated_at=?6"
               " WHERE id=?7", "tttttii", in->zName, zKind, in->zCode, in->zRegion,
               in->zSchoolCode, time_now(), id);
  if( rc==DB_CONSTRAINT ){
    db_rollback();
    org_conflict(in, id, pErr, pzField);
    arena_free(ar);
    return -2;
  }
  snprintf(zId, sizeof(zId), "%lld", (long long)id);
  audit_write(a, "update", "org", zId, zBefore, org_json(ar, id));
  db_commit();
  arena_free(ar);
  return 0;
fail:
  db_rollback();
  arena_free(ar);
  return -1;
}

i64 org_lookup(const char *zRef){
  i64 id;
  if( zRef==0 ) return 0;
  if( str_to_i64(zRef, 1, INT64_MAX, &id)==0 ){
    return db_i64(0, "SELECT id FROM org WHERE id=?1", "i", id);
  }
  return db_i64(0, "SELECT id FROM org WHERE name=?1 ORDER BY id LIMIT 1", "t", zRef);
}

char *org_root_name(struct arena *ar){
  return db_text(ar, 0, "SELECT name FROM org WHERE parent_id IS NULL ORDER BY id LIMIT 1", "");
}

/* The list query in the actor's scope: q gets id parent_id name kind code
** region school_code depth parent_name demo; the caller steps and finalizes.
** Tree order with siblings in pinyin order: each org's key is the names
** from the root down joined by '/', compared with the zh collation ('/'
** sorts before any name character, so a parent comes before its
** children, and children before a sibling whose name merely starts with
** the parent's). */
static void org_query(struct stmt *q, const char *zLike, const char *zSearch,
                      const char *zKind, i64 limit, i64 offset){
  struct arena *ar = arena_new();
  db_prepare(q,
    "WITH RECURSIVE tree(id, k) AS ("
    "  SELECT id, name FROM org WHERE parent_id IS NULL"
    "  UNION ALL"
    "  SELECT c.id, tree.k || '/' || c.name FROM org c JOIN tree ON c.parent_id=tree.id"
    ")"
    "SELECT o.id, o.parent_id, o.name, o.kind, o.code, o.region, o.school_code,"
    "       length(o.path) - length(replace(o.path, '/', '')) - 2, p.name, o.demo"
    "  FROM org o JOIN tree ON tree.id=o.id LEFT JOIN org p ON p.id=o.parent_id"
    " WHERE (o.path LIKE ?1 OR (?3='dept' AND o.parent_id IS NULL))"
    "   AND (?2 IS NULL OR o.name LIKE ?6 ESCAPE '\\' OR o.code=?2)"
    "   AND (?3 IS NULL OR o.kind=?3)"
    " ORDER BY tree.k COLLATE zh, o.id"
    " LIMIT ?4 OFFSET ?5");
  db_bind_text(q, 1, zLike);
  db_bind_text(q, 2, zSearch);
  db_bind_text(q, 3, zKind);
  db_bind_int64(q, 4, limit);
  db_bind_int64(q, 5, offset);
  db_bind_text(q, 6, org_search_like(ar, zSearch));
  arena_free(ar);
}

static i64 org_count(const char *zLike, const char *zSearch, const char *zKind){
  struct arena *ar = arena_new();
  i64 n = db_i64(0,
    "SELECT count(*) FROM org o"
    " WHERE (o.path LIKE ?1 OR (?3='dept' AND o.parent_id IS NULL))"
    "   AND (?2 IS NULL OR o.name LIKE ?4 ESCAPE '\\' OR o.code=?2)"
    "   AND (?3 IS NULL OR o.kind=?3)", "tttt", zLike, zSearch, zKind,
    org_search_like(ar, zSearch));
  arena_free(ar);
  return n;
}

/* The partner departments (not part of the unit, not counted in its
** directory), as a table of their own below the directory. */
static void org_partner_table(struct req *r, const struct actor *a){
  struct stmt q;
  bool bAny = false;
  bool bEdit = (a->mRoles & ROLE_ADMIN) && org_scope_top(a);
  org_query(&q, "/-/", 0, "dept", 1000, 0);
  while( db_step(&q)==DB_ROW ){
    if( !bAny ){
      H(r, "<h2>合作部门</h2><p class='hint'>联合检查的合作单位，不属于本单位，不计入机构名录。</p>"
           "<table class='list'><thead><tr><th>名称</th><th>统一社会信用代码</th><th></th></tr>"
           "</thead><tbody>\n");
      bAny = true;
    }
    H(r, "<tr><td>%h</td><td>%h</td>", db_column_text(&q, 2), db_column_text(&q, 4));
    if( bEdit ){
      H(r, "<td><a href='/orgs/%lld/edit'>编辑</a></td></tr>\n", (long long)db_column_int64(&q, 0));
    }else{
      H(r, "<td></td></tr>\n");
    }
  }
  db_finalize(&q);
  if( bAny ) H(r, "</tbody></table>\n");
}

void org_list_page(struct req *r){
  struct actor a;
  struct stmt q;
  const char *zSearch = req_param_trim(r, "q");
  const char *zKindIn = req_param_trim(r, "kind");
  const char *zKind = zKindIn ? kind_code(zKindIn) : 0;
  char *zLike;
  i64 total;
  int nRow = 0;
  size_t i;
  actor_from_req(&a, r);
  zLike = org_scope_like(r->arena, &a);
  total = org_count(zLike, zSearch, zKind);
  html_begin(r, "机构名录", "/orgs");
  H(r, "<form method='get' class='toolbar'>"
       "<div class='field'><label for='f-q'>名称或代码</label><input id='f-q' name='q' value='%a'></div>"
       "<div class='field'><label for='f-kind'>类别</label><select id='f-kind' name='kind'><option value=''>全部</option>",
    zSearch ? zSearch : "");
  for(i=0; i<COUNT(azKind); i+=2){
    H(r, "<option value='%a'%s>%h</option>", azKind[i],
      str_eq(zKind, azKind[i]) ? " selected" : "", azKind[i+1]);
  }
  H(r, "</select></div><button class='btn' type='submit'>筛选</button>");
  if( a.mRoles & ROLE_ADMIN ){
    H(r, "<a class='btn primary' href='/orgs/new'>新增机构</a>"
         "<a class='btn' href='/orgs/import'>导入</a>");
  }
  H(r, "<a class='btn' href='/orgs/export?format=xlsx'>导出 Excel</a>"
       "<a class='btn' href='/orgs/export?format=docx'>导出 Word</a>"
       "<a class='btn' href='/orgs/export?format=pdf'>导出 PDF</a>");
  H(r, "</form>\n<div class='total'>共 %lld 条</div>\n", (long long)total);
  H(r, "<table class='list'><thead><tr><th>名称</th><th>类别</th><th>统一社会信用代码</th>"
       "<th>区划代码</th><th>学校标识码</th><th>上级机构</th><th></th></tr></thead><tbody>\n");
  org_query(&q, zLike, zSearch, zKind, 500, 0);
  while( db_step(&q)==DB_ROW ){
    int depth = (int)db_column_int64(&q, 7);
    H(r, "<tr><td class='depth%d'>%h%s</td><td>%h</td><td>%h</td><td>%h</td><td>%h</td><td>%h</td>",
      depth<0 ? 0 : depth>5 ? 5 : depth, db_column_text(&q, 2),
      db_column_int64(&q, 9) ? " <span class='tag demo'>示例数据</span>" : "",
      org_kind_name(db_column_text(&q, 3)),
      db_column_text(&q, 4), db_column_text(&q, 5), db_column_text(&q, 6), db_column_text(&q, 8));
    if( a.mRoles & ROLE_ADMIN ){
      H(r, "<td><a href='/orgs/%lld/edit'>编辑</a></td></tr>\n", (long long)db_column_int64(&q, 0));
    }else{
      H(r, "<td></td></tr>\n");
    }
    nRow++;
  }
  db_finalize(&q);
  H(r, "</tbody></table>\n");
  if( nRow==0 ) H(r, "<div class='empty'>暂无数据 · <a href='/orgs/import'>导入</a> · <a href='/orgs/new'>新增</a></div>\n");
  org_partner_table(r, &a);
  html_end(r);
}

/* The add/edit form; zErr and zField mark the field in error. */
static void org_form(struct req *r, const char *zAction, const struct org_input *in,
                     const char *zErr, const char *zField, bool bNew){
  struct actor a;
  struct stmt q;
  size_t i;
  actor_from_req(&a, r);
  if( zErr ) html_notice(r, "err", zErr);
  H(r, "<form method='post' action='%a'>", zAction);
  html_csrf(r);
  html_input(r, "name", "机构名称", "text", in->zName, true, 0,
             str_eq(zField, "name") ? zErr : 0);
  H(r, "<div class='field%s'><label for='f-kind'>类别<span class='req'>*</span></label>"
       "<select id='f-kind' name='kind'>", str_eq(zField, "kind") ? " has-err" : "");
  for(i=0; i<COUNT(azKind); i+=2){
    H(r, "<option value='%a'%s>%h</option>", azKind[i],
      str_eq(kind_code(in->zKind), azKind[i]) ? " selected" : "", azKind[i+1]);
  }
  H(r, "</select></div>\n");
  if( bNew ){
    H(r, "<div class='field%s'><label for='f-parent'>上级机构<span class='req'>*</span></label>"
         "<select id='f-parent' name='parent_id'>", str_eq(zField, "parent_id") ? " has-err" : "");
    H(r, "<option value=''%s>（无：其他部门为合作单位，不选上级）</option>",
      in->parentId==0 ? " selected" : "");
    org_query(&q, org_scope_like(r->arena, &a), 0, 0, 1000, 0);
    while( db_step(&q)==DB_ROW ){
      i64 id = db_column_int64(&q, 0);
      H(r, "<option value='%lld'%s>%h</option>", (long long)id,
        id==in->parentId ? " selected" : "", db_column_text(&q, 2));
    }
    db_finalize(&q);
    H(r, "</select>%s</div>\n", "");
    if( str_eq(zField, "parent_id") && zErr ) H(r, "<div class='err'>%h</div>", zErr);
  }
  html_input(r, "code", "统一社会信用代码", "text", in->zCode, false,
             "18位，填写后校验校验码", str_eq(zField, "code") ? zErr : 0);
  html_input(r, "region", "区划代码", "text", in->zRegion, false,
             "6位，如梨树县 220322", str_eq(zField, "region") ? zErr : 0);
  html_input(r, "school_code", "学校标识码", "text", in->zSchoolCode, false,
             "10位，学校和幼儿园填写", str_eq(zField, "school_code") ? zErr : 0);
  H(r, "<button class='primary' type='submit'>保存</button> <a href='/orgs'>取消</a></form>\n");
}

/* Fill in from the form fields of r. */
static int org_input_from_form(struct req *r, struct org_input *in, const char **pzBad){
  const char *z;
  memset(in, 0, sizeof(*in));
  in->zName = req_param_trim(r, "name");
  in->zKind = req_param_trim(r, "kind");
  in->zCode = req_param_trim(r, "code");
  in->zRegion = req_param_trim(r, "region");
  in->zSchoolCode = req_param_trim(r, "school_code");
  z = req_param_trim(r, "parent_id");
  if( z && str_to_i64(z, 1, INT64_MAX, &in->parentId) ){
    *pzBad = "parent_id";
    return -1;
  }
  return 0;
}

void org_new_page(struct req *r){
  struct org_input in;
  struct buf err = BUF_INIT;
  const char *zField = 0;
  struct actor a;
  actor_from_req(&a, r);
  if( strcmp(r->zMethod, "POST")==0 ){
    i64 id;
    if( org_input_from_form(r, &in, &zField) ){
      buf_puts(&err, "上级机构无效");
    }else if( org_create(&a, &in, &id, &err, &zField)==0 ){
      req_redirect(r, "/orgs");
      return;
    }
    r->status = 422;
  }else{
    memset(&in, 0, sizeof(in));
    in.zKind = "school";
    in.parentId = org_scope_root(&a);
  }
  html_begin(r, "新增机构", "/orgs");
  org_form(r, "/orgs/new", &in, err.len ? err.buf : 0, zField, true);
  html_end(r);
  buf_release(&err);
}

void org_edit_page(struct req *r){
  struct org_input in;
  struct buf err = BUF_INIT;
  const char *zField = 0;
  struct actor a;
  struct stmt q;
  i64 id = req_path_id(r, 0);
  char *zAction;
  actor_from_req(&a, r);
  if( !org_check_visible(&a, id, true) ){
    html_error_page(r, 404, "机构不存在或不在您的管理范围内");
    return;
  }
  if( strcmp(r->zMethod, "POST")==0 ){
    if( org_input_from_form(r, &in, &zField)==0
     && org_update(&a, id, &in, &err, &zField)==0 ){
      req_redirect(r, "/orgs");
      return;
    }
    r->status = 422;
  }else{
    memset(&in, 0, sizeof(in));
    db_prepare(&q, "SELECT name, kind, code, region, school_code FROM org WHERE id=?1");
    db_bind_int64(&q, 1, id);
    if( db_step(&q)==DB_ROW ){
      in.zName = db_column_dup(r->arena, &q, 0);
      in.zKind = db_column_dup(r->arena, &q, 1);
      in.zCode = db_column_dup(r->arena, &q, 2);
      in.zRegion = db_column_dup(r->arena, &q, 3);
      in.zSchoolCode = db_column_dup(r->arena, &q, 4);
    }
    db_finalize(&q);
  }
  html_begin(r, "编辑机构", "/orgs");
  zAction = arena_printf(r->arena, "/orgs/%lld/edit", (long long)id);
  org_form(r, zAction, &in, err.len ? err.buf : 0, zField, false);
  html_end(r);
  buf_release(&err);
}

/* Write one org row of q (org_query columns) as a JSON object. */
static void org_row_json(struct json_w *j, struct stmt *q){
  json_obj_open(j, 0);
  json_int(j, "id", db_column_int64(q, 0));
  if( db_column_is_null(q, 1) ) json_null_val(j, "parent_id");
  else json_int(j, "parent_id", db_column_int64(q, 1));
  json_str(j, "name", db_column_text(q, 2));
  json_str(j, "kind", db_column_text(q, 3));
  json_str(j, "kind_name", org_kind_name(db_column_text(q, 3)));
  json_str(j, "code", db_column_text(q, 4));
  json_str(j, "region", db_column_text(q, 5));
  json_str(j, "school_code", db_column_text(q, 6));
  json_obj_close(j);
}

void org_list_api(struct req *r){
  struct actor a;
  struct stmt q;
  struct json_w j;
  const char *zSearch = req_param_trim(r, "q");
  const char *zKindIn = req_param_trim(r, "kind");
  const char *zKind = 0;
  i64 limit = 200, offset = 0;
  char *zLike;
  if( zKindIn && (zKind = kind_code(zKindIn))==0 ){
    api_error(r, 400, "bad_param", "kind 取值无效", "kind");
    return;
  }
  if( api_paging_or_reply(r, 200, 1000, &limit, &offset) ) return;
  actor_from_req(&a, r);
  zLike = org_scope_like(r->arena, &a);
  api_begin(r, &j);
  json_obj_open(&j, 0);
  json_arr_open(&j, "items");
  org_query(&q, zLike, zSearch, zKind, limit, offset);
  while( db_step(&q)==DB_ROW ) org_row_json(&j, &q);
  db_finalize(&q);
  json_arr_close(&j);
  json_int(&j, "total", org_count(zLike, zSearch, zKind));
  json_obj_close(&j);
}

void org_get_api(struct req *r){
  struct actor a;
  struct stmt q;
  struct json_w j;
  i64 id = req_path_id(r, 0);
  actor_from_req(&a, r);
  if( !org_check_visible(&a, id, false) ){
    api_error(r, 404, "not_found", "机构不存在或不在您的管理范围内", 0);
    return;
  }
  db_prepare(&q,
    "SELECT o.id, o.parent_id, o.name, o.kind, o.code, o.region, o.school_code, 0, p.name"
    "  FROM org o LEFT JOIN org p ON p.id=o.parent_id"
    " WHERE o.id=?1");
  db_bind_int64(&q, 1, id);
  api_begin(r, &j);
  if( db_step(&q)==DB_ROW ) org_row_json(&j, &q);
  db_finalize(&q);
}

/* Read an org_input from a JSON body; replies 400/422 and returns -1. */
static int org_input_from_json(struct req *r, json_t *pBody, struct org_input *in){
  static const char *const azAllowed[] = {
    "name", "kind", "code", "region", "school_code", "parent_id", 0
  };
  struct buf err = BUF_INIT;
  const char *zField = 0;
  i64 parent = 0;
  memset(in, 0, sizeof(*in));
  if( json_check_keys(pBody, azAllowed, &err)<0
   || json_get_str(pBody, (zField = "name"), true, &in->zName, &err)<0
   || json_get_str(pBody, (zField = "kind"), true, &in->zKind, &err)<0
   || json_get_str(pBody, (zField = "code"), false, &in->zCode, &err)<0
   || json_get_str(pBody, (zField = "region"), false, &in->zRegion, &err)<0
   || json_get_str(pBody, (zField = "school_code"), false, &in->zSchoolCode, &err)<0
   || json_get_int(pBody, (zField = "parent_id"), false, &parent, &err)<0 ){
    if( str_starts(err.buf, "未知字段 ") ) zField = err.buf + strlen("未知字段 ");
    api_error(r, 400, "bad_field", err.buf, zField);
    buf_release(&err);
    return -1;
  }
  if( in->zCode && in->zCode[0]==0 ) in->zCode = 0;
  if( in->zRegion && in->zRegion[0]==0 ) in->zRegion = 0;
  if( in->zSchoolCode && in->zSchoolCode[0]==0 ) in->zSchoolCode = 0;
  in->parentId = (i64)parent;
  return 0;
}

void org_create_api(struct req *r){
  struct actor a;
  struct org_input in;
  struct buf err = BUF_INIT;
  const char *zField = 0;
  json_t *pBody = api_body(r);
  i64 id;
  if( pBody==0 ) return;
  actor_from_req(&a, r);
  if( org_input_from_json(r, pBody, &in)==0 ){
    int rc = org_create(&a, &in, &id, &err, &zField);
    if( rc ){
      api_error(r, rc==-2 ? 409 : 422, rc==-2 ? "conflict" : "invalid", err.buf, zField);
    }else{
      r->nParam = 0;
      r->azPathArg[0] = arena_printf(r->arena, "%lld", (long long)id);
      r->nPathArg = 1;
      org_get_api(r);
      if( r->status==200 ) r->status = 201;
    }
  }
  json_decref(pBody);
  buf_release(&err);
}

void org_update_api(struct req *r){
  struct actor a;
  struct org_input in;
  struct buf err = BUF_INIT;
  const char *zField = 0;
  json_t *pBody;
  i64 id = req_path_id(r, 0);
  actor_from_req(&a, r);
  if( !org_check_visible(&a, id, true) ){
    api_error(r, 404, "not_found", "机构不存在或不在您的管理范围内", 0);
    return;
  }
  pBody = api_body(r);
  if( pBody==0 ) return;
  if( org_input_from_json(r, pBody, &in)==0 ){
    int rc = org_update(&a, id, &in, &err, &zField);
    if( rc ){
      api_error(r, rc==-2 ? 409 : 422, rc==-2 ? "conflict" : "invalid", err.buf, zField);
    }else{
      org_get_api(r);
    }
  }
  json_decref(pBody);
  buf_release(&err);
}

/* Build the 机构名录 of the orgs under zLike as an official document. */
static struct doc *org_directory_doc(const char *zLike){
  static const char *const azHead[] = {
    "序号", "机构名称", "类别", "统一社会信用代码", "学校标识码", "上级机构"
  };
  static const int aWidth[] = { 3, 12, 4, 9, 6, 10 };
  struct doc *d = doc_new(true);
  struct arena *ar = arena_new();
  struct doc_table *t;
  struct stmt q;
  char *zRoot = org_root_name(ar);
  i64 nOrg = 0, nSchool = 0, nKg = 0;
  int n = 0;
  char zN[16];
  doc_title(d, "机构名录");
  doc_props(d, "机构名录", zRoot ? zRoot : "教育局", time_now());
  org_query(&q, zLike, 0, 0, INT64_MAX, 0);
  while( db_step(&q)==DB_ROW ){
    const char *zKind = db_column_text(&q, 3);
    if( str_eq(zKind, "dept") && db_column_is_null(&q, 1) ) continue;   /* a partner */
    nOrg++;
    if( str_eq(zKind, "school") ) nSchool++;
    if( str_eq(zKind, "kindergarten") ) nKg++;
  }
  db_finalize(&q);
  doc_para(d, arena_printf(ar, "截至%s，本名录共收录机构%lld个，其中学校%lld所、幼儿园%lld所。",
                           doc_date_cn(date_today(), (char[32]){0}), (long long)nOrg,
                           (long long)nSchool, (long long)nKg));
  t = doc_table(d, 6, azHead, aWidth);
  org_query(&q, zLike, 0, 0, INT64_MAX, 0);
  while( db_step(&q)==DB_ROW ){
    const char *az[6];
    if( str_eq(db_column_text(&q, 3), "dept") && db_column_is_null(&q, 1) ) continue;
    snprintf(zN, sizeof(zN), "%d", ++n);
    az[0] = zN;
    az[1] = db_column_text(&q, 2);
    az[2] = org_kind_name(db_column_text(&q, 3));
    az[3] = db_column_text(&q, 4) ? db_column_text(&q, 4) : "";
    az[4] = db_column_text(&q, 6) ? db_column_text(&q, 6) : "";
    az[5] = db_column_text(&q, 8) ? db_column_text(&q, 8) : "";
    doc_table_row(t, az);          /* the table copies the cells */
  }
  db_finalize(&q);
  doc_sign(d, zRoot ? zRoot : "教育局", date_today());
  arena_free(ar);
  return d;
}

/* Write the directory of zLike as DOCX or PDF into pOut.  Returns 0 or -1
** with a message. */
static int org_directory_bytes(const char *zLike, bool bPdf, struct buf *pOut, struct buf *pErr){
  struct doc *d = org_directory_doc(zLike);
  char *zTmp = fmt_dup("%s/export-XXXXXX", app.zDataDir);
  int fd = mkstemp(zTmp), rc = -1;
  if( fd<0 ){
    buf_appendf(pErr, "无法创建临时文件：%s", strerror(errno));
  }else{
    FILE *f;
    close(fd);
    rc = bPdf ? pdf_write(d, zTmp, pErr) : docx_write(d, zTmp, pErr);
    if( rc==0 && (f = fopen(zTmp, "rb"))!=0 ){
      char chunk[65536];
      size_t k;
      while( (k = fread(chunk, 1, sizeof(chunk), f))>0 ) buf_append(pOut, chunk, k);
      fclose(f);
    }
    unlink(zTmp);
  }
  free(zTmp);
  doc_free(d);
  return rc;
}

/* GET /orgs/export and /api/v1/orgs/export?format=docx|pdf: a download of
** the directory in the user's scope.  Runs on a long-work thread. */
void org_export_page(struct req *r){
  struct actor a;
  struct buf err = BUF_INIT;
  const char *zFormat = req_param_trim(r, "format");
  bool bPdf;
  bool bApi = str_starts(r->zPath, "/api/");
  if( zFormat==0 ) zFormat = "docx";
  if( !str_eq(zFormat, "docx") && !str_eq(zFormat, "pdf") && !str_eq(zFormat, "xlsx")
   && !str_eq(zFormat, "csv") ){
    if( bApi ) api_error(r, 400, "bad_param", "format 应为 xlsx、csv、docx 或 pdf", "format");
    else html_error_page(r, 400, "导出格式应为 xlsx、csv、docx 或 pdf");
    return;
  }
  bPdf = str_eq(zFormat, "pdf");
  actor_from_req(&a, r);
  if( str_eq(zFormat, "xlsx") || str_eq(zFormat, "csv") ){
    bool bCsv = str_eq(zFormat, "csv");
    if( org_export_table(org_scope_like(r->arena, &a), bCsv ? TABLE_CSV : TABLE_XLSX,
                         &r->out, &err) ){
      if( bApi ) api_error(r, 500, "export_failed", err.buf, 0);
      else html_error_page(r, 500, err.buf);
    }else{
      req_attachment(r, zFormat, "org-directory", "机构名录");
    }
    buf_release(&err);
    return;
  }
  if( org_directory_bytes(org_scope_like(r->arena, &a), bPdf, &r->out, &err) ){
    if( bApi ) api_error(r, 500, "export_failed", err.buf, 0);
    else html_error_page(r, 500, err.buf);
  }else{
    req_attachment(r, zFormat, "org-directory", "机构名录");
  }
  buf_release(&err);
}

static const char zOrgUsage[] =
  "用法: fazhi org add --name NAME --kind KIND [--code 统一社会信用代码] [--region 区划代码]\n"
  "                    [--school-code 学校标识码] [--parent ORG | --root]\n"
  "      fazhi org list\n"
  "      fazhi org import FILE [--errors OUT]\n"
  "      fazhi org export --format xlsx|csv|docx|pdf [-o FILE]\n"
  "      fazhi org template --format xlsx|csv [-o FILE]\n"
  "import 读 xlsx 或 CSV（UTF-8 或 GB18030，按内容识别），列：名称、类别、统一社会信用代码、\n"
  "       区划代码、学校标识码、上级机构（留空时挂在最上级单位下），可选 设立日期、撤销日期\n"
  "       （数据项按机构自身的日期计入）、示例数据（是/否）。先整表校验，全部无误才导入；\n"
  "       有错误时一条也不写入，列出每处错误并把原文件加“错误说明”列写到 OUT\n"
  "       （默认 FILE.errors.xlsx 或 .csv），返回1。\n"
  "export 导出机构名录：xlsx/csv 为数据表，docx/pdf 为公文格式；不给 -o 时写到标准输出。\n"
  "add    不给 --parent 时挂在最上级单位（教育局）下，与导入时上级机构留空的行相同；\n"
  "       --root 建立新的最上级机构（如市教育局）；其他部门（dept：公安、市场监管等）是联合检查的\n"
  "       合作单位，不属于教育局，总是单独成为一个根，不给 --parent。\n"
  "KIND: bureau 教育局 | office 股室 | school 学校 | kindergarten 幼儿园 | dept 其他部门 | other 其他单位\n"
  "ORG:  上级机构的编号或名称\n";

int org_cmd(int argc, char **argv){
  if( argc<3 ) return cli_usage(zOrgUsage);
  if( str_eq(argv[2], "--help") ){ printf("%s", zOrgUsage); return 0; }
  if( str_eq(argv[2], "add") ){
    struct org_input in;
    struct actor a;
    struct buf err = BUF_INIT;
    const char *zField, *zParent;
    int n = argc-2;
    char **av = argv+2;
    i64 id;
    memset(&in, 0, sizeof(in));
    in.zName = cli_option(&n, av, "--name");
    in.zKind = cli_option(&n, av, "--kind");
    in.zCode = cli_option(&n, av, "--code");
    in.zRegion = cli_option(&n, av, "--region");
    in.zSchoolCode = cli_option(&n, av, "--school-code");
    zParent = cli_option(&n, av, "--parent");
    in.bRoot = cli_flag(&n, av, "--root");
    if( cli_finish(n, av, 0, 0, zOrgUsage) ) return 2;
    if( in.bRoot && zParent ){
      fprintf(stderr, "fazhi: --root 与 --parent 不能同时使用\n");
      return 2;
    }
    if( in.zName==0 || in.zKind==0 ){
      fprintf(stderr, "fazhi: org add 需要 --name 和 --kind\n");
      return cli_usage(zOrgUsage);
    }
    if( cli_open() ) return 1;
    if( zParent && (in.parentId = org_lookup(zParent))==0 ){
      fprintf(stderr, "fazhi: 找不到上级机构 %s\n", zParent);
      return 1;
    }
    actor_cli(&a);
    if( org_create(&a, &in, &id, &err, &zField) ){
      fprintf(stderr, "fazhi: %s\n", err.buf);
      buf_release(&err);
      return 1;
    }
    printf("%lld\n", (long long)id);
    return 0;
  }
  if( str_eq(argv[2], "list") ){
    struct stmt q;
    if( cli_finish(argc-2, argv+2, 0, 0, zOrgUsage) ) return 2;
    if( cli_open() ) return 1;
    org_query(&q, "/%", 0, 0, INT64_MAX, 0);
    while( db_step(&q)==DB_ROW ){
      int depth = (int)db_column_int64(&q, 7);
      printf("%lld\t%*s%s\t%s\t%s\n", (long long)db_column_int64(&q, 0), 2*(depth<0?0:depth), "",
             db_column_text(&q, 2), org_kind_name(db_column_text(&q, 3)),
             db_column_is_null(&q, 4) ? "" : db_column_text(&q, 4));
    }
    db_finalize(&q);
    return 0;
  }
  if( str_eq(argv[2], "export") || str_eq(argv[2], "template") ){
    bool bTemplate = str_eq(argv[2], "template");
    int n = argc-2;
    char **av = argv+2;
    const char *zFormat = cli_option(&n, av, "--format");
    const char *zOut = cli_option(&n, av, "-o");
    struct buf out = BUF_INIT, err = BUF_INIT;
    int rc;
    if( cli_finish(n, av, 0, 0, zOrgUsage) ) return 2;
    if( zFormat==0 || !(str_eq(zFormat, "xlsx") || str_eq(zFormat, "csv")
                        || (!bTemplate && (str_eq(zFormat, "docx") || str_eq(zFormat, "pdf")))) ){
      fprintf(stderr, "fazhi: --format 应为 %s\n", bTemplate ? "xlsx 或 csv" : "xlsx、csv、docx 或 pdf");
      return 2;
    }
    if( cli_open() ) return 1;
    if( bTemplate ){
      rc = org_template(str_eq(zFormat, "csv") ? TABLE_CSV : TABLE_XLSX, &out, &err);
    }else if( str_eq(zFormat, "xlsx") || str_eq(zFormat, "csv") ){
      rc = org_export_table("/%", str_eq(zFormat, "csv") ? TABLE_CSV : TABLE_XLSX, &out, &err);
    }else{
      rc = org_directory_bytes("/%", str_eq(zFormat, "pdf"), &out, &err);
    }
    if( rc ){
      fprintf(stderr, "fazhi: %s\n", err.buf);
      return 1;
    }
    rc = cli_write_file(zOut, &out);
    buf_release(&out);
    return rc;
  }
  if( str_eq(argv[2], "import") ){
    int n = argc-2;
    char **av = argv+2;
    const char *zErrOut = cli_option(&n, av, "--errors");
    struct buf data = BUF_INIT, err = BUF_INIT, text = BUF_INIT, file = BUF_INIT;
    struct org_import_result res;
    struct actor a;
    i64 root;
    int rc;
    if( cli_finish(n, av, 1, 1, zOrgUsage) ) return 2;
    if( cli_read_file(av[1], 256u*1024*1024, &data) ) return 1;   /* uploads: 20 MiB */
    if( cli_open() ){ buf_release(&data); return 1; }
    actor_cli(&a);
    root = org_scope_root(&a);
    rc = org_import(&a, data.buf, data.len, root, &res, &err);
    if( rc==0 ){
      printf("已导入 %d 个机构\n", res.nCreated);
    }else if( rc<0 ){
      fprintf(stderr, "fazhi: %s\n", err.buf);
    }else{
      char *zPath = zErrOut ? xstrdup(zErrOut)
        : fmt_dup("%s.errors.%s", av[1], strstr(av[1], ".csv") || strstr(av[1], ".CSV") ? "csv" : "xlsx");
      org_error_text(&res, &text);
      fputs(text.buf, stderr);
      if( org_error_file(&res, data.buf, data.len, &file, &err)==0 && cli_write_file(zPath, &file)==0 ){
        fprintf(stderr, "未导入任何数据。带“错误说明”列的文件：%s\n", zPath);
      }
      free(zPath);
    }
    org_import_result_free(&res);
    buf_release(&data); buf_release(&err); buf_release(&text); buf_release(&file);
    return rc==0 ? 0 : 1;
  }
  fprintf(stderr, "fazhi: 未知的 org 子命令 %s\n", argv[2]);
  return cli_usage(zOrgUsage);
}

/* The name of org zId today, or NULL when it is gone. */
static const char *org_audit_name(struct arena *ar, const char *zId){
  i64 id;
  if( str_to_i64(zId, 1, INT64_MAX, &id) ) return 0;
  return db_text(ar, 0, "SELECT name FROM org WHERE id=?1", "i", id);
}

/* How the audit log shows an org's entries (audit.h). */
static const struct audit_field aOrgAuditField[] = {
  { "name", "机构名称", AF_TEXT, 0 },
  { "kind", "类别", AF_CHOICE, azKind },
  { "parent_id", "上级机构", AF_ORG, 0 },
  { "code", "统一社会信用代码", AF_TEXT, 0 },
  { "region", "区划代码", AF_TEXT, 0 },
  { "school_code", "学校标识码", AF_TEXT, 0 },
  { "address", "地址", AF_TEXT, 0 },
  { "phone", "电话", AF_TEXT, 0 },
  { "active", "在用", AF_BOOL, 0 },
  { 0, 0, 0, 0 }
};
const struct audit_kind org_audit_kind = {
  "org", "机构", "/orgs/%s/edit", ROLE_ADMIN, org_audit_name, aOrgAuditField
};
