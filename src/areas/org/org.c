/*
** org.c -- organisations: the bureau, its 股室, schools, kindergartens and
** the other departments, as a register of the kernel (reg/reg.h) plus the
** rules that are the tree's own: the materialised path ('/1/5/12/':
** ancestors and self, so "this org and everything below it" is one
** indexed prefix match on both engines), moves under another parent
** (never into its own subtree), the parent of a new org, the one order
** every list, choice and document uses, and the 机构名录 as a document.
**
** The order (sort_path): each org's key is its parent's key followed by
** its own part -- the sort number an administrator set (else 999999),
** the kind's rank (教育局, 股室, 学校, 幼儿园, 其他部门, 其他单位), the
** 学段 (the 学校标识码's category: 11 幼儿园 21 小学 31 初中 34 高中 ...,
** 99 when there is none), then the name with every number (digits, or
** Chinese numerals after 第) written as six digits (第一 < 第二 < 第十 < 第十一),
** in the zh order (pinyin, src/store/zh.h).  A parent's key is a prefix
** of its children's, so the tree reads top-down.  sort_key is sort_path
** as zh_key() writes it, so lists order by bytes (and by an index).
*/
#include "../../common.h"
#include <unistd.h>
#include "../../base/arena.h"
#include "../../base/buf.h"
#include "../../base/fmt.h"
#include "../../base/date.h"
#include "../../base/util.h"
#include "../../office/doc.h"
#include "../../office/docx.h"
#include "../../office/pdf.h"
#include "../../reg/reg.h"
#include "../../store/db.h"
#include "../../store/zh.h"
#include "../../core/app.h"
#include "../../core/cli.h"
#include "../../core/audit.h"
#include "org.h"

static const char *const azKind[] = {
  "bureau", "教育局", "office", "股室", "school", "学校",
  "kindergarten", "幼儿园", "dept", "其他部门", "other", "其他单位", 0
};

const char *org_kind_name(const char *zKind){
  size_t i;
  for(i=0; azKind[i]; i+=2) if( str_eq(zKind, azKind[i]) ) return azKind[i+1];
  return zKind ? zKind : "";
}

char *org_search_like(struct arena *ar, const char *z){
  return z ? reg_like(ar, z) : 0;
}

/* ---- the order ------------------------------------------------------ */

/* The value of the Chinese numeral character at z (its UTF-8 bytes), or
** -1; *pn gets its length.  Units 十百千 give 10 100 1000. */
static int org_numeral(const char *z, int *pn){
  static const struct { const char *z; int v; } a[] = {
    { "零", 0 }, { "〇", 0 }, { "一", 1 }, { "二", 2 }, { "两", 2 }, { "三", 3 }, { "四", 4 },
    { "五", 5 }, { "六", 6 }, { "七", 7 }, { "八", 8 }, { "九", 9 }, { "十", 10 },
    { "百", 100 }, { "千", 1000 },
  };
  size_t i;
  for(i=0; i<COUNT(a); i++){
    size_t n = strlen(a[i].z);
    if( strncmp(z, a[i].z, n)==0 ){ *pn = (int)n; return a[i].v; }
  }
  return -1;
}

/* Append name z to b with every run of digits or Chinese numerals as six
** digits ("第十一" -> "第000011"; Chinese numerals only after 第, so
** place names such as 四棵树 keep their characters); '/' becomes a space. */
static void org_name_key(struct buf *b, const char *z){
  const char *zStart = z;
  while( *z ){
    int n, v = -1;
    /* Chinese numerals count only after 第 (第十一小学); in place names
    ** (四棵树乡, 十家堡镇) they are words and sort by their sound */
    bool bAfterDi = z-zStart>=3 && strncmp(z-3, "第", 3)==0;
    if( *z>='0' && *z<='9' ){
      long long x = 0;
      while( *z>='0' && *z<='9' ){ if( x<100000 ) x = x*10 + (*z - '0'); z++; }
      buf_appendf(b, "%06lld", x);
      continue;
    }
    if( bAfterDi && (v = org_numeral(z, &n))>=0 ){
      long long total = 0, digit = 0;
      while( (v = org_numeral(z, &n))>=0 ){
        if( v>=10 ){
          total += (digit ? digit : 1) * v;
          digit = 0;
        }else{
          digit = digit*10 + v;        /* 一二〇 reads as 120 */
        }
        z += n;
      }
      buf_appendf(b, "%06lld", total + digit);
      continue;
    }
    buf_putc(b, *z=='/' ? ' ' : *z);
    z++;
  }
}

/* The own part of an org's sort key, in ar. */
static char *org_sort_part(struct arena *ar, const char *zKind, const char *zSchool,
                           const char *zSortNo, const char *zName){
  struct buf b = BUF_INIT;
  char *z;
  int iKind = 0;
  i64 nSort = 999999;
  while( azKind[iKind] && !str_eq(azKind[iKind], zKind) ) iKind += 2;
  if( zSortNo ) str_to_i64(zSortNo, 0, 999999, &nSort);
  buf_appendf(&b, "%06lld%d", (long long)nSort, iKind/2);
  if( zSchool && strlen(zSchool)>=2 ) buf_append(&b, zSchool, 2);
  else buf_puts(&b, "99");
  org_name_key(&b, zName ? zName : "");
  buf_putc(&b, '/');
  z = arena_strdup(ar, b.buf);
  buf_release(&b);
  return z;
}

/* The sort key (zh.h) of sort path z, in ar. */
static char *org_sort_key(struct arena *ar, const char *z){
  struct buf b = BUF_INIT;
  char *zKey;
  zh_key(&b, z ? z : "");
  zKey = arena_strdup(ar, b.buf ? b.buf : "");
  buf_release(&b);
  return zKey;
}

/* Set path, sort_path and sort_key of org id from its parent's, and move
** its whole subtree along when they change (a key is the concatenation of
** its parts' keys, so the subtree's keys change the way its paths do). */
static void org_place(struct arena *ar, i64 id, i64 parentId, const char *zPart){
  char *zOldPath = db_text(ar, 0, "SELECT path FROM org WHERE id=?1", "i", id);
  char *zOldSort = db_text(ar, "", "SELECT sort_path FROM org WHERE id=?1", "i", id);
  char *zPPath = parentId ? db_text(ar, "/", "SELECT path FROM org WHERE id=?1", "i", parentId) : 0;
  char *zPSort = parentId ? db_text(ar, "", "SELECT sort_path FROM org WHERE id=?1", "i", parentId) : 0;
  char *zPath = arena_printf(ar, "%s%010lld/", zPPath ? zPPath : "/", (long long)id);
  char *zSort = arena_printf(ar, "%s%s", zPSort ? zPSort : "", zPart);
  char *zKey = org_sort_key(ar, zSort);
  if( zOldPath==0 || zOldPath[0]==0 ){
    db_exec("UPDATE org SET path=?1, sort_path=?2, sort_key=?3 WHERE id=?4", "ttti",
            zPath, zSort, zKey, id);
    return;
  }
  if( !str_eq(zOldPath, zPath) ){
    db_exec("UPDATE org SET path=?1 || substr(path, length(?2)+1) WHERE path LIKE ?3",
            "ttt", zPath, zOldPath, arena_printf(ar, "%s%%", zOldPath));
  }
  if( !str_eq(zOldSort, zSort) ){
    db_exec("UPDATE org SET sort_path=?1 || substr(sort_path, length(?2)+1),"
            " sort_key=?3 || substr(sort_key, length(?4)+1) WHERE path LIKE ?5",
            "ttttt", zSort, zOldSort, zKey, org_sort_key(ar, zOldSort),
            arena_printf(ar, "%s%%", zPath));
  }
}

void org_sort_rebuild(void){
  struct arena *ar;
  struct stmt q;
  if( db_exists("SELECT 1 FROM org WHERE sort_path=''", "") ){
    ar = arena_new();
    db_begin();
    db_prepare(&q, "SELECT id, parent_id, kind, school_code, sort_no, name FROM org ORDER BY path");
    while( db_step(&q)==DB_ROW ){
      i64 id = db_column_int64(&q, 0), parentId = db_column_int64(&q, 1);
      char *zPart = org_sort_part(ar, db_column_text(&q, 2), db_column_text(&q, 3),
                                  db_column_text(&q, 4), db_column_text(&q, 5));
      char *zP = parentId ? db_text(ar, "", "SELECT sort_path FROM org WHERE id=?1", "i", parentId) : 0;
      char *zSort = arena_printf(ar, "%s%s", zP ? zP : "", zPart);
      db_exec("UPDATE org SET sort_path=?1, sort_key=?2 WHERE id=?3", "tti",
              zSort, org_sort_key(ar, zSort), id);
    }
    db_finalize(&q);
    db_commit();
    arena_free(ar);
  }
  /* 0037: keys for the sort paths written before it */
  if( db_exists("SELECT 1 FROM org WHERE sort_key=''", "") ){
    ar = arena_new();
    db_begin();
    db_prepare(&q, "SELECT id, sort_path FROM org WHERE sort_key=''");
    while( db_step(&q)==DB_ROW ){
      db_exec("UPDATE org SET sort_key=?1 WHERE id=?2", "ti",
              org_sort_key(ar, db_column_text(&q, 1)), db_column_int64(&q, 0));
    }
    db_finalize(&q);
    db_commit();
    arena_free(ar);
  }
}

/* ---- the register ------------------------------------------------------ */

static const char *const azNameAlias[] = { "名称", "单位名称", "学校名称", 0 };
static const char *const azKindAlias[] = { "机构类别", "单位类别", 0 };
static const char *const azParentAlias[] = { "上级单位", "主管单位", "上级机构名称", 0 };

/* The school registry's fields (学段/类别, 公办/民办, 乡镇, 办学状态). */
static const char *const azStage[] = {
  "kindergarten", "幼儿园", "primary", "小学", "junior", "初中", "nine_year", "九年一贯制",
  "senior", "高中", "complete", "完全中学", "twelve", "十二年一贯制",
  "vocational", "职业学校", "special", "特殊教育", "other", "其他", 0
};
static const char *const azOwner[] = { "public", "公办", "private", "民办", 0 };
static const char *const azStatus[] = { "open", "办学中", "merged", "合并", "closed", "撤销", 0 };
static const char *const azStageAlias[] = { "学段", "类别（学段）", "办学类型", 0 };
static const char *const azOwnerAlias[] = { "公办/民办", "公办民办", 0 };
static const char *const azTownAlias[] = { "所在乡镇", "乡镇（街道）", 0 };
static const char *const azDupAlias[] = { "允许同名", 0 };

#define ORG_FIELDS(X) \
  X(O_PARENT, .zKey = "parent_id", .zLabel = "上级机构", .eType = REG_REF, .mFlags = RF_LIST, \
    .zRef = "org", .zHelp = "改为另一机构即把本机构连同下级一起移过去", .azAlias = azParentAlias, .nWidth = 34) \
  X(O_NAME, .zKey = "name", .zLabel = "机构名称", .eType = REG_TEXT, \
    .mFlags = RF_REQUIRED|RF_LIST|RF_SEARCH|RF_TITLE, .nMax = 100, .azAlias = azNameAlias, \
    .nWidth = 34) \
  X(O_KIND, .zKey = "kind", .zLabel = "类别", .eType = REG_CHOICE, \
    .mFlags = RF_REQUIRED|RF_LIST|RF_FILTER, .azChoice = azKind, .azAlias = azKindAlias, \
    .nWidth = 10) \
  X(O_CODE, .zKey = "code", .zLabel = "统一社会信用代码", .eType = REG_USCC, \
    .mFlags = RF_UNIQUE|RF_LIST|RF_SEARCH, .zHelp = "18位，填写后核对末位校验码", .nWidth = 22) \
  X(O_REGION, .zKey = "region", .zLabel = "区划代码", .eType = REG_REGION, \
    .zHelp = "6位，如梨树县 220322", .nWidth = 10) \
  X(O_SCHOOL, .zKey = "school_code", .zLabel = "学校标识码", .eType = REG_SCHOOL, \
    .mFlags = RF_UNIQUE|RF_LIST|RF_SEARCH, .zHelp = "10位，学校和幼儿园填写", .nWidth = 13) \
  X(O_SORT, .zKey = "sort_no", .zLabel = "排序号", .eType = REG_INT, \
    .zHelp = "同一上级下按它从小到大排在前面；不填则按类别、学段和名称排", .nWidth = 8) \
  X(O_FOUNDED, .zKey = "founded", .zLabel = "设立日期", .eType = REG_DATE, \
    .zHelp = "统计时从这一天起计入；不填则一直计入", .nWidth = 12) \
  X(O_CLOSED, .zKey = "closed", .zLabel = "撤销日期", .eType = REG_DATE, .zHelp = "撤销后从这一天起不再计入统计", \
    .nWidth = 12) \
  X(O_DEMO, .zKey = "demo", .zLabel = "示例数据", .eType = REG_BOOL, .mFlags = RF_LIST, \
    .zHelp = "安装时载入的演示县的机构", .nWidth = 8, \
    .zShowIf = "SELECT 1 FROM org WHERE demo=1") \
  X(O_STAGE, .zKey = "stage", .zLabel = "学段/类别", .eType = REG_CHOICE, .mFlags = RF_FILTER, \
    .azChoice = azStage, .zHelp = "学校和幼儿园填写；不填时按学校标识码前两位推定（11 幼儿园、21 小学、31 初中、34 高中）", \
    .azAlias = azStageAlias, .nWidth = 12) \
  X(O_OWNER, .zKey = "ownership", .zLabel = "办学性质", .eType = REG_CHOICE, .mFlags = RF_FILTER, \
    .azChoice = azOwner, .zHelp = "公办或民办（学校和幼儿园）", .azAlias = azOwnerAlias, .nWidth = 8) \
  X(O_TOWN, .zKey = "town", .zLabel = "乡镇", .eType = REG_TEXT, .mFlags = RF_SEARCH, .nMax = 20, \
    .zHelp = "学校所在乡镇；不填时按名称推定（如“小城子镇”）", .azAlias = azTownAlias, .nWidth = 12) \
  X(O_STATUS, .zKey = "status", .zLabel = "办学状态", .eType = REG_CHOICE, .mFlags = RF_FILTER, \
    .azChoice = azStatus, .zHelp = "合并、撤销时同时填写撤销日期（合并即并入之日）", .nWidth = 8) \
  X(O_MERGED, .zKey = "merged_into", .zLabel = "并入学校", .eType = REG_REF, .zRef = "org", \
    .zHelp = "办学状态为合并时，选择并入的学校", .nWidth = 30) \
  X(O_DUPOK, .zKey = "allow_duplicate_name", .zLabel = "允许重名", .eType = REG_BOOL, \
    .zHelp = "同一上级下已有同名机构而确属两个单位时勾选（记入审计）；否则同名的第二个机构不予添加", \
    .azAlias = azDupAlias, .nWidth = 8)

enum { ORG_FIELDS(REG_FIELD_ENUM) O_NFIELD };

static const struct reg_field aOrgField[] = { ORG_FIELDS(REG_FIELD_INIT) };

/* The school registry's fields: kinds that take them, the 学段 and 乡镇
** presumed when not given, the status agreeing with the 撤销日期 and, for
** a merge, the school merged into. */
static void org_school_check(struct reg_ctx *c){
  const char **az = c->azNew;
  bool bSchool = str_eq(az[O_KIND], "school") || str_eq(az[O_KIND], "kindergarten");
  i64 into = 0;
  if( !bSchool ){
    if( az[O_STAGE] ) reg_err_add(c->pErr, REG_EINVALID, "stage", "只有学校和幼儿园填写学段/类别");
    if( az[O_OWNER] ){
      reg_err_add(c->pErr, REG_EINVALID, "ownership", "只有学校和幼儿园填写办学性质");
    }
  }else{
    if( az[O_STAGE]==0 && az[O_SCHOOL] ){
      if( str_starts(az[O_SCHOOL], "11") ) az[O_STAGE] = "kindergarten";
      else if( str_starts(az[O_SCHOOL], "21") ) az[O_STAGE] = "primary";
      else if( str_starts(az[O_SCHOOL], "31") ) az[O_STAGE] = "junior";
      else if( str_starts(az[O_SCHOOL], "34") ) az[O_STAGE] = "senior";
    }
    if( az[O_STAGE]==0 && str_eq(az[O_KIND], "kindergarten") ) az[O_STAGE] = "kindergarten";
    if( str_eq(az[O_KIND], "kindergarten") && az[O_STAGE] && !str_eq(az[O_STAGE], "kindergarten") ){
      reg_err_add(c->pErr, REG_EINVALID, "stage", "幼儿园的学段/类别应为幼儿园");
    }else if( str_eq(az[O_KIND], "school") && str_eq(az[O_STAGE], "kindergarten") ){
      reg_err_add(c->pErr, REG_EINVALID, "stage",
                  "学校的学段/类别不能是幼儿园（幼儿园请选类别“幼儿园”）");
    }
    if( az[O_TOWN]==0 && az[O_NAME] ){
      /* the 乡/镇 the name carries after the 县 ("梨树县小城子镇中心小学") */
      const char *z = strstr(az[O_NAME], "县"), *e1, *e2, *e;
      z = z ? z+strlen("县") : az[O_NAME];
      e1 = strstr(z, "镇");
      e2 = strstr(z, "乡");
      e = e1 && (e2==0 || e1<e2) ? e1 : e2;
      if( e && e>z && (size_t)(e-z)<=5*3 ){
        az[O_TOWN] = arena_strndup(c->ar, z, (size_t)(e-z)+strlen("镇"));
      }
    }
  }
  if( az[O_STATUS]==0 ) az[O_STATUS] = az[O_CLOSED] ? "closed" : "open";
  if( str_eq(az[O_STATUS], "open") && az[O_CLOSED] ){
    reg_err_add(c->pErr, REG_EINVALID, "status", "已填撤销日期 %s，办学状态应为合并或撤销",
                az[O_CLOSED]);
  }else if( !str_eq(az[O_STATUS], "open") && az[O_CLOSED]==0 ){
    reg_err_add(c->pErr, REG_EINVALID, "closed", "办学状态为%s时请填写撤销日期（%s之日）",
                str_eq(az[O_STATUS], "merged") ? "合并" : "撤销",
                str_eq(az[O_STATUS], "merged") ? "并入" : "撤销");
  }
  if( str_eq(az[O_STATUS], "merged") ){
    if( az[O_MERGED]==0 ){
      reg_err_add(c->pErr, REG_EINVALID, "merged_into", "办学状态为合并时请选择并入的学校");
    }else if( str_to_i64(az[O_MERGED], 1, INT64_MAX, &into)
           || into==c->id
           || !db_exists("SELECT 1 FROM org WHERE id=?1 AND kind IN ('school','kindergarten')",
                         "i", into) ){
      reg_err_add(c->pErr, REG_EINVALID, "merged_into", "并入学校应为另一所学校或幼儿园");
    }
  }else if( az[O_MERGED] ){
    reg_err_add(c->pErr, REG_EINVALID, "merged_into", "只有办学状态为合并时才选择并入学校");
  }
}

/* The id of another org named zName under parent zParent (NULL: a root),
** other than id, or 0; its name goes to *pzName in ar. */
static i64 org_dup_find(struct arena *ar, i64 id, const char *zParent, const char *zName){
  struct stmt q;
  i64 other = 0, p = 0;
  if( zParent ) str_to_i64(zParent, 1, INT64_MAX, &p);
  (void)ar;
  if( p ){
    db_prepare(&q, "SELECT id FROM org WHERE name=?1 AND id<>?2 AND parent_id=?3"
                   " ORDER BY id LIMIT 1");
    db_bind_int64(&q, 3, p);
  }else{
    db_prepare(&q, "SELECT id FROM org WHERE name=?1 AND id<>?2 AND parent_id IS NULL"
                   " AND kind<>'dept' ORDER BY id LIMIT 1");
  }
  db_bind_text(&q, 1, zName);
  db_bind_int64(&q, 2, id);
  if( db_step(&q)==DB_ROW ) other = db_column_int64(&q, 0);
  db_finalize(&q);
  return other;
}

/* The refusal of a second org named like org other under the same parent. */
static void org_dup_err(struct reg_ctx *c, i64 other, const char *zWhere){
  reg_err_add(c->pErr, REG_ECONFLICT, "name",
              "%s已有同名机构“%s”（编号 %lld）；如确属两个不同的单位，请勾选“允许重名”"
              "（接口 \"allow_duplicate_name\": true，命令行 --allow-duplicate-name，"
              "导入表“允许重名”列填“是”）",
              zWhere, c->azNew[O_NAME], (long long)other);
}

/* Names stay unique under one parent: a new org, a rename or a move onto
** a name the parent already has is refused, unless 允许重名 is set. */
static void org_dup_check(struct reg_ctx *c){
  const char **az = c->azNew;
  i64 other;
  if( az[O_DUPOK]==0 ) az[O_DUPOK] = "0";    /* the column is NOT NULL */
  if( str_eq(az[O_DUPOK], "1") || az[O_NAME]==0 || reg_err_of(c->pErr, "name") ) return;
  if( c->azOld && str_eq(c->azOld[O_NAME], az[O_NAME])
   && str_eq(c->azOld[O_PARENT] ? c->azOld[O_PARENT] : "", az[O_PARENT] ? az[O_PARENT] : "") ){
    return;                              /* neither renamed nor moved */
  }
  if( az[O_PARENT]==0 && str_eq(az[O_KIND], "dept") ) return;
  other = org_dup_find(c->ar, c->id, az[O_PARENT], az[O_NAME]);
  if( other ) org_dup_err(c, other, az[O_PARENT] ? "同一上级机构下" : "最上级机构中");
}

/* Set by `fazhi org add --root` for the one create of that command: the
** new org is a root of its own (a city bureau above the county, say).
** Only the operator on the machine asks for it; forms, API and imports
** have no way to. */
static bool bCliRoot;

/* The parent of a new org (and a move): given and in scope (the kernel
** checks that), else the importer's unit; only the command line may add
** the root.  A move never goes into the org's own subtree. */
static int org_check(struct reg_ctx *c){
  const char **az = c->azNew;
  if( az[O_DEMO]==0 ) az[O_DEMO] = "0";     /* the column is NOT NULL */
  if( az[O_DUPOK]==0 ) az[O_DUPOK] = "0";
  org_school_check(c);
  if( c->azOld==0 && str_eq(az[O_KIND], "dept") ){
    /* a partner department (公安, 市场监管 ...) is a root of its own,
    ** outside every unit's subtree; only the top adds one (org_scope_top) */
    if( az[O_PARENT] ){
      reg_err_add(c->pErr, REG_EINVALID, "parent_id",
                  "其他部门（公安、市场监管等）是联合检查的合作单位，不属于本单位的下级机构，"
                  "请不要选择上级机构");
    }else if( !org_scope_top(c->a) ){
      reg_err_add(c->pErr, REG_EINVALID, "kind", "只有最上级单位的系统管理员可以添加合作部门");
    }
    return 0;
  }
  if( c->azOld && org_is_partner(c->id) && !org_scope_top(c->a) ){
    reg_err_add(c->pErr, REG_ENOTFOUND, 0, "机构不存在或不在您的管理范围内");
    return 0;
  }
  if( az[O_PARENT] ){
    i64 p = 0;
    str_to_i64(az[O_PARENT], 1, INT64_MAX, &p);
    if( p && org_is_partner(p) ){
      reg_err_add(c->pErr, REG_EINVALID, "parent_id", "上级机构不存在或不在您的管理范围内");
    }
  }
  if( az[O_PARENT]==0 && c->azOld==0 && bCliRoot && c->a->userId==0 ){
    org_dup_check(c);
    return 0;                            /* org add --root */
  }
  if( az[O_PARENT]==0 && c->azOld==0 ){
    /* no parent: under the actor's unit root (forms, API, imports) */
    i64 p = db_exists("SELECT 1 FROM org WHERE kind<>'dept'", "") ? org_scope_root(c->a) : 0;
    if( p ) az[O_PARENT] = arena_printf(c->ar, "%lld", (long long)p);
    if( az[O_PARENT]==0 && !reg_err_of(c->pErr, "parent_id")
     && (c->a->userId!=0 || db_exists("SELECT 1 FROM org", "")) ){
      reg_err_add(c->pErr, REG_EINVALID, "parent_id", "请选择上级机构");
    }
  }else if( c->azOld && az[O_PARENT]==0 && c->azOld[O_PARENT] ){
    reg_err_add(c->pErr, REG_EINVALID, "parent_id", "请选择上级机构");
  }else if( c->azOld && az[O_PARENT] && !str_eq(az[O_PARENT], c->azOld[O_PARENT]) ){
    i64 p = 0;
    str_to_i64(az[O_PARENT], 1, INT64_MAX, &p);
    if( db_exists("SELECT 1 FROM org c JOIN org m ON m.id=?2 WHERE c.id=?1"
                  " AND c.path LIKE m.path || '%'", "ii", p, c->id) ){
      reg_err_add(c->pErr, REG_EINVALID, "parent_id", "不能把机构移到它自己或它的下级机构之下");
    }
  }
  org_dup_check(c);
  return 0;
}

static int (*xOrgMerge)(i64 from, i64 into, struct buf *pNote);

void org_set_merge_hook(int (*xMerge)(i64 from, i64 into, struct buf *pNote)){
  xOrgMerge = xMerge;
}

/* A school just merged into another: every register's rows that name it
** follow (reg_move_refs walks the declarations), then the hook moves what
** no declaration holds (a checklist item's files), and the audit says
** what moved and what stayed. */
static int org_merge(struct reg_ctx *c){
  struct buf note = BUF_INIT, after = BUF_INIT, hook = BUF_INIT;
  char zId[24];
  i64 into = 0;
  int rc = 0;
  str_to_i64(c->azNew[O_MERGED], 1, INT64_MAX, &into);
  reg_move_refs("org", c->id, into, &note);
  if( xOrgMerge && xOrgMerge(c->id, into, &hook) ){
    reg_err_add(c->pErr, REG_ECONFLICT, "merged_into", "%s", hook.buf);
    rc = -1;
  }else{
    if( hook.len ){
      if( note.len ) buf_puts(&note, ",");
      buf_append(&note, hook.buf, hook.len);
    }
    /* the members are names (%j) and numbers the kernel and the hook wrote */
    buf_appendf(&after, "{\"merged_into\":%lld,\"on\":%j,\"moved\":{", (long long)into,
                c->azNew[O_CLOSED]);
    buf_append(&after, note.buf, note.len);
    buf_puts(&after, "}}");
    snprintf(zId, sizeof(zId), "%lld", (long long)c->id);
    audit_write(c->a, "merge", "org", zId, 0, after.buf);
  }
  buf_release(&note);
  buf_release(&hook);
  buf_release(&after);
  return rc;
}

/* After every write: the path and the order key, of the subtree too. */
static int org_after(struct reg_ctx *c){
  const char **az = c->azNew;
  i64 parentId = 0;
  if( str_eq(az[O_STATUS], "merged")
   && (c->azOld==0 || !str_eq(c->azOld[O_STATUS], "merged")
       || !str_eq(c->azOld[O_MERGED], az[O_MERGED])) ){
    if( org_merge(c) ) return -1;
  }
  if( str_eq(c->zVerb, "import") && !str_eq(az[O_DUPOK], "1") && az[O_NAME] ){
    /* two rows of one file with the same name under the same parent: the
    ** first is written already, in this transaction */
    i64 other = org_dup_find(c->ar, c->id, az[O_PARENT], az[O_NAME]);
    if( other ){
      org_dup_err(c, other, "导入文件中同一上级机构下");
      return -1;
    }
  }
  if( az[O_PARENT] ) str_to_i64(az[O_PARENT], 1, INT64_MAX, &parentId);
  org_place(c->ar, c->id, parentId,
            org_sort_part(c->ar, az[O_KIND], az[O_SCHOOL], az[O_SORT], az[O_NAME]));
  return 0;
}

/* A new org is most often a school. */
static void org_defaults(const struct actor *a, const char **az){
  (void)a;
  az[O_KIND] = "school";
  az[O_MERGED] = 0;            /* only a merge names the school merged into */
}

/* The 机构名录 of the actor's orgs as DOCX or PDF. */
static int org_document(const struct actor *a, const char *zFormat, struct buf *pOut,
                        struct buf *pErr);

/* The columns org_derive and the tree keep beside the fields. */
static const char *const azOrgColumn[] = { "path", "sort_path", "sort_key", 0 };

const struct reg_def org_reg = {
  .zName = "org", .zTable = "org", .zSeg = "orgs", .zCmd = "org",
  .zTitle = "机构", .zListTitle = "机构名录", .zNavGroup = "学校", .zOrgField = "id",
  .zScopeAlso = "s.kind='dept' AND s.parent_id IS NULL",   /* partners: everyone reads */
  .mRead = 0, .mWrite = ROLE_ADMIN, .mFull = ROLE_ALL,
  .aField = aOrgField, .nField = (int)COUNT(aOrgField),
  .eDelete = REG_DEL_NONE,
  .zOrder = "t.sort_key, t.path", .azColumn = azOrgColumn,
  .xCheck = org_check, .xAfter = org_after, .xDocument = org_document,
  .zCounter = "个", .xDefaults = org_defaults,
  .zUsageMore = "add 不给 --parent 时放在本单位（最上级机构）之下；--root 建立新的最上级机构（如市教育局）。\n"
                "其他部门（dept：公安、市场监管等）是联合检查的合作单位，各自是最上级，不给 --parent。\n"
                "同一上级下已有同名机构时 add 被拒绝，确属两个单位时加 --allow-duplicate-name（记入审计）。\n"
                "      fazhi org check-dups    列出同一上级下重名的机构（有未允许的重名时返回1）\n",
};

/* `fazhi org check-dups`: every name that two orgs under one parent
** share, with their ids; exit 1 when a pair was not recorded as a
** deliberate duplicate (允许重名 on every org after the first). */
static int org_check_dups(int argc, char **argv){
  struct stmt q;
  struct buf prev = BUF_INIT;
  int nGroup = 0, nBad = 0;
  bool bGroupBad = false;
  if( cli_finish(argc-3, argv+3, 0, 0,
                 "用法: fazhi org check-dups\n列出同一上级机构下重名的机构；有未允许的重名时返回1。\n") ){
    return 2;
  }
  if( cli_open() ) return 1;
  db_prepare(&q,
    "SELECT a.id, a.name, a.parent_id, p.name, a.allow_duplicate_name FROM org a"
    " LEFT JOIN org p ON p.id=a.parent_id"
    " WHERE EXISTS (SELECT 1 FROM org b WHERE b.name=a.name AND b.id<>a.id"
    "   AND (b.parent_id=a.parent_id OR (b.parent_id IS NULL AND a.parent_id IS NULL"
    "        AND a.kind<>'dept' AND b.kind<>'dept')))"
    " ORDER BY a.parent_id, a.name, a.id");
  while( db_step(&q)==DB_ROW ){
    const char *zName = db_column_text(&q, 1), *zParent = db_column_text(&q, 3);
    struct buf key = BUF_INIT;
    buf_appendf(&key, "%lld\x1f%s", (long long)db_column_int64(&q, 2), zName ? zName : "");
    if( prev.len==0 || !str_eq(prev.buf, key.buf) ){
      if( bGroupBad ) nBad++;
      nGroup++;
      bGroupBad = false;
      printf("%s“%s”：\n", zParent ? zParent : "（最上级）", zName ? zName : "");
      buf_reset(&prev);
      buf_puts(&prev, key.buf);
      printf("  编号 %lld\n", (long long)db_column_int64(&q, 0));
    }else{
      bool bOk = db_column_int64(&q, 4)==1;
      if( !bOk ) bGroupBad = true;
      printf("  编号 %lld%s\n", (long long)db_column_int64(&q, 0), bOk ? "（已允许重名）" : "");
    }
    buf_release(&key);
  }
  db_finalize(&q);
  if( bGroupBad ) nBad++;
  buf_release(&prev);
  if( nGroup==0 ) printf("没有重名的机构\n");
  else printf("共 %d 组重名，其中 %d 组未允许重名\n", nGroup, nBad);
  return nBad ? 1 : 0;
}

int org_cmd(int argc, char **argv){
  int i;
  if( argc>=3 && str_eq(argv[2], "check-dups") ) return org_check_dups(argc, argv);
  if( argc>=3 && (str_eq(argv[2], "add") || str_eq(argv[2], "set")) ){
    /* --allow-duplicate-name as a flag: the field's option with value 1 */
    for(i=3; i<argc; i++){
      if( str_eq(argv[i], "--allow-duplicate-name")
       && (i+1>=argc || (!str_eq(argv[i+1], "0") && !str_eq(argv[i+1], "1")
                         && !str_eq(argv[i+1], "是") && !str_eq(argv[i+1], "否"))) ){
        argv[i] = "--allow-duplicate-name=1";
      }
    }
  }
  if( argc>=3 && str_eq(argv[2], "add") ){
    bool bParent = false;
    for(i=3; i<argc; i++){
      if( str_eq(argv[i], "--parent") || str_eq(argv[i], "--parent-id")
       || str_starts(argv[i], "--parent=") || str_starts(argv[i], "--parent-id=") ){
        bParent = true;
      }
    }
    bCliRoot = cli_flag(&argc, argv, "--root");
    if( bCliRoot && bParent ){
      fprintf(stderr, "fazhi: --root 与 --parent 不能同时使用\n");
      return 2;
    }
  }
  return reg_cmd(argc, argv);
}

int org_create(const struct actor *a, const struct org_input *in, i64 *pId,
               struct buf *pErr, const char **pzField){
  struct arena *ar = arena_new();
  const char *az[COUNT(aOrgField)] = {0};
  struct reg_err e;
  int rc;
  reg_err_init(&e, ar);
  if( in->parentId ) az[O_PARENT] = arena_printf(ar, "%lld", (long long)in->parentId);
  az[O_NAME] = in->zName;
  az[O_KIND] = in->zKind;
  az[O_CODE] = in->zCode;
  az[O_REGION] = in->zRegion;
  az[O_SCHOOL] = in->zSchoolCode;
  rc = reg_create(&org_reg, a, az, pId, &e);
  if( rc ){
    buf_puts(pErr, reg_err_text(&e));
    *pzField = e.n && e.a[0].zField ? e.a[0].zField : 0;
    rc = e.eKind==REG_ECONFLICT ? -2 : -1;
  }
  arena_free(ar);
  return rc;
}

int org_update(const struct actor *a, i64 id, const struct org_input *in,
               struct buf *pErr, const char **pzField){
  struct arena *ar = arena_new();
  const char *az[COUNT(aOrgField)] = {0};
  bool abSet[COUNT(aOrgField)] = {0};
  struct reg_err e;
  int rc;
  reg_err_init(&e, ar);
  if( in->parentId ){
    az[O_PARENT] = arena_printf(ar, "%lld", (long long)in->parentId);
    abSet[O_PARENT] = true;
  }
  az[O_NAME] = in->zName;
  az[O_KIND] = in->zKind;
  az[O_CODE] = in->zCode;
  az[O_REGION] = in->zRegion;
  az[O_SCHOOL] = in->zSchoolCode;
  abSet[O_NAME] = abSet[O_KIND] = abSet[O_CODE] = abSet[O_REGION] = abSet[O_SCHOOL] = true;
  rc = reg_update(&org_reg, a, id, az, abSet, &e);
  if( rc ){
    buf_puts(pErr, reg_err_text(&e));
    *pzField = e.n && e.a[0].zField ? e.a[0].zField : 0;
    rc = e.eKind==REG_ECONFLICT ? -2 : -1;
  }
  arena_free(ar);
  return rc;
}

/* ---- the 机构名录 as an official document ------------------------------ */

/* Build the 机构名录 of the actor's orgs as an official document. */
static struct doc *org_directory_doc(const struct actor *a){
  static const char *const azHead[] = {
    "序号", "机构名称", "类别", "统一社会信用代码", "学校标识码", "上级机构"
  };
  static const int aWidth[] = { 3, 12, 4, 9, 6, 10 };
  struct doc *d = doc_new(true);
  struct arena *ar = arena_new();
  struct doc_table *t;
  struct reg_query qy;
  struct stmt q;
  char *zRoot = org_root_name(ar);
  i64 nOrg = 0, nSchool = 0, nKg = 0;
  int n = 0;
  char zN[16];
  doc_title(d, "机构名录");
  doc_props(d, "机构名录", zRoot ? zRoot : "教育局", time_now());
  reg_query_init(&qy);
  reg_select(&org_reg, a, &qy, &q);
  while( db_step(&q)==DB_ROW ){
    const char *zKind = db_column_text(&q, 4+O_KIND);
    nOrg++;
    if( str_eq(zKind, "school") ) nSchool++;
    if( str_eq(zKind, "kindergarten") ) nKg++;
  }
  db_finalize(&q);
  doc_para(d, arena_printf(ar, "截至%s，本名录共收录机构%lld个，其中学校%lld所、幼儿园%lld所。",
                           doc_date_cn(date_today(), (char[32]){0}), (long long)nOrg,
                           (long long)nSchool, (long long)nKg));
  t = doc_table(d, 6, azHead, aWidth);
  reg_select(&org_reg, a, &qy, &q);
  while( db_step(&q)==DB_ROW ){
    struct arena *row = arena_new();
    struct reg_rec rec;
    const char *az[6];
    reg_row(&org_reg, &q, row, &rec);
    snprintf(zN, sizeof(zN), "%d", ++n);
    az[0] = zN;
    az[1] = rec.az[O_NAME];
    az[2] = org_kind_name(rec.az[O_KIND]);
    az[3] = rec.az[O_CODE] ? rec.az[O_CODE] : "";
    az[4] = rec.az[O_SCHOOL] ? rec.az[O_SCHOOL] : "";
    az[5] = reg_display(row, &org_reg, O_PARENT, a, rec.az[O_PARENT]);
    doc_table_row(t, az);          /* the table copies the cells */
    arena_free(row);
  }
  db_finalize(&q);
  doc_sign(d, zRoot ? zRoot : "教育局", date_today());
  arena_free(ar);
  return d;
}

static int org_document(const struct actor *a, const char *zFormat, struct buf *pOut,
                        struct buf *pErr){
  struct doc *d = org_directory_doc(a);
  int rc = app_doc_bytes(d, str_eq(zFormat, "pdf"), pOut, pErr);
  doc_free(d);
  return rc;
}
