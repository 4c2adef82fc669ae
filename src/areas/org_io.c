/*
** org_io.c -- the organisation register in and out of workbooks:
** import (xlsx or CSV, all or nothing, every bad row reported and sent
** back in an error file), export (xlsx, CSV), and the template to fill.
** The column declaration is org_table; office/table.c does the reading,
** checking and writing, this file the register's own rules (parents,
** duplicate codes) and the one transaction that stores the rows.
*/
#include "../common.h"
#include <dirent.h>
#include <jansson.h>
#include <sys/stat.h>
#include <unistd.h>
#include "../base/arena.h"
#include "../base/buf.h"
#include "../base/fmt.h"
#include "../base/json.h"
#include "../base/map.h"
#include "../base/util.h"
#include "../crypto/rand.h"
#include "../crypto/sm3.h"
#include "../office/sheet.h"
#include "../office/table.h"
#include "../store/db.h"
#include "../web/api.h"
#include "../web/html.h"
#include "../web/req.h"
#include "app.h"
#include "audit.h"
#include "cli.h"
#include "org.h"

static const char *const azKindChoice[] = {
  "bureau", "教育局", "office", "股室", "school", "学校",
  "kindergarten", "幼儿园", "dept", "其他部门", "other", "其他单位", 0
};
static const char *const azNameAlias[] = { "机构名称", "单位名称", "学校名称", 0 };
static const char *const azKindAlias[] = { "机构类别", "单位类别", 0 };
static const char *const azParentAlias[] = { "上级单位", "主管单位", "上级机构名称", 0 };
static const char *const azDemoChoice[] = { "1", "是", "0", "否", 0 };

/* Column indexes of aOrgCol. */
enum { OC_NAME, OC_KIND, OC_CODE, OC_REGION, OC_SCHOOL, OC_PARENT, OC_FOUNDED, OC_CLOSED,
       OC_DEMO, OC_N };

static const struct table_col aOrgCol[OC_N] = {
  { "名称", "name", COL_TEXT, true, 0, 34, azNameAlias, 100 },
  { "类别", "kind", COL_CHOICE, true, azKindChoice, 10, azKindAlias, 0 },
  { "统一社会信用代码", "code", COL_USCC, false, 0, 22, 0, 0 },
  { "区划代码", "region", COL_REGION, false, 0, 10, 0, 0 },
  { "学校标识码", "school_code", COL_SCHOOL, false, 0, 13, 0, 0 },
  { "上级机构", "parent", COL_TEXT, false, 0, 34, azParentAlias, 100 },
  { "设立日期", "founded", COL_DATE, false, 0, 12, 0, 0 },
  { "撤销日期", "closed", COL_DATE, false, 0, 12, 0, 0 },
  { "示例数据", "demo", COL_CHOICE, false, azDemoChoice, 8, 0, 0 },
};

const struct table_def org_table = { "机构名录", aOrgCol, OC_N };

/* An org that rows of the file may name as their parent. */
struct parent_ref {
  i64 id;
  const char *zPath;
};

/* Parents already looked up in the database during one import (most
** rows name the same few parents; each lookup is a LIKE query). */
struct parent_cache {
  struct map *m;              /* name or id -> index into a, or -1 */
  struct parent_ref *a;
  i64 n, nAlloc;
};

/* The data rows of an import by the value of one column, for lookups by
** value: an open-addressing table of row indexes sized once for all the
** rows.  The values stay where table_read put them (a hash map of copied
** keys took several times the memory, which counts with 100,000 rows). */
struct row_index {
  const char ***aazVal;       /* the import's values */
  int iCol;                   /* the column */
  u32 mask;                   /* slots - 1 (a power of two minus one) */
  int *aSlot;                 /* row index + 1, 0 = empty */
};

/* FNV-1a of z. */
static u32 row_index_hash(const char *z){
  u32 h = 2166136261u;
  for(; *z; z++){ h ^= (unsigned char)*z; h *= 16777619u; }
  return h;
}

/* The slot of value z in x: the one holding it, or the empty one where it
** would go. */
static int *row_index_slot(const struct row_index *x, const char *z){
  u32 i = row_index_hash(z) & x->mask;
  for(;;){
    int k = x->aSlot[i];
    if( k==0 || strcmp(x->aazVal[k-1][x->iCol], z)==0 ) return &x->aSlot[i];
    i = (i + 1) & x->mask;
  }
}

/* Index the rows of in by their value in column iCol (memory from ar).
** With aiPrev, each row's aiPrev[i] is set to the file row of the
** previous row with the same value (0: none) and the index keeps the
** latest row of each value; without, it keeps the first. */
static void row_index_build(struct row_index *x, struct arena *ar,
                            const struct table_input *in, int iCol, int *aiPrev){
  u32 nSlot = 16;
  int i;
  while( nSlot < 2u*(u32)in->nRow ) nSlot *= 2;
  x->aazVal = in->aazVal;
  x->iCol = iCol;
  x->mask = nSlot - 1;
  x->aSlot = arena_alloc(ar, sizeof(int) * nSlot);
  for(i=0; i<in->nRow; i++){
    const char *z = in->aazVal[i][iCol];
    int *pSlot;
    if( z==0 ) continue;
    pSlot = row_index_slot(x, z);
    if( *pSlot==0 ){
      *pSlot = i+1;
    }else if( aiPrev ){
      aiPrev[i] = in->aiRow[*pSlot-1];
      *pSlot = i+1;
    }
  }
}

/* The row index kept for value z, or -1. */
static int row_index_find(const struct row_index *x, const char *z){
  return *row_index_slot(x, z) - 1;
}

/* Resolve zParent (a name or an id) to an org in the actor's scope:
** first the rows before row iBefore in the file (pNames: the rows by
** name; aNew: their refs), then the database (through pc).  Returns
** false when there is none. */
static bool find_parent(const struct actor *a, struct arena *ar,
                        const struct row_index *pNames, int iBefore,
                        const struct parent_ref *aNew, struct parent_cache *pc,
                        const char *zParent, struct parent_ref *pOut){
  struct stmt q;
  i64 v;
  bool bFound = false;
  int k = row_index_find(pNames, zParent);
  if( k>=0 && k<iBefore && !str_eq(pNames->aazVal[k][OC_KIND], "dept") ){
    *pOut = aNew[k];
    return true;
  }
  if( map_get(pc->m, zParent, &v) ){
    if( v<0 ) return false;
    *pOut = pc->a[v];
    return true;
  }
  db_prepare(&q,
    "SELECT id, path FROM org"
    " WHERE (name=?1 OR CAST(id AS TEXT)=?1) AND path LIKE ?2 AND kind<>'dept'"
    " ORDER BY id LIMIT 1");
  db_bind_text(&q, 1, zParent);
  db_bind_text(&q, 2, org_scope_like(ar, a));
  if( db_step(&q)==DB_ROW ){
    pOut->id = db_column_int64(&q, 0);
    pOut->zPath = db_column_dup(ar, &q, 1);
    bFound = true;
  }
  db_finalize(&q);
  if( bFound ){
    if( pc->n==pc->nAlloc ){
      struct parent_ref *aNewA;
      pc->nAlloc = pc->nAlloc ? pc->nAlloc*2 : 16;
      aNewA = arena_alloc(ar, sizeof(*aNewA) * (size_t)pc->nAlloc);
      if( pc->n ) memcpy(aNewA, pc->a, sizeof(*aNewA) * (size_t)pc->n);
      pc->a = aNewA;
    }
    pc->a[pc->n] = *pOut;
    map_set(pc->m, zParent, pc->n++);
  }else{
    map_set(pc->m, zParent, -1);
  }
  return bFound;
}

int org_import(const struct actor *a, const void *p, size_t n, i64 defaultParent,
               struct org_import_result *res, struct buf *pErr){
  struct table_input *in = 0;
  struct arena *ar;
  struct row_index names, codes;
  struct parent_ref *aNew, dflt;
  i64 *aParent;
  int *aiDupOf, *aiSchoolDupOf;
  struct row_index schools;
  struct parent_cache pc;
  struct audit_batch ab;
  struct buf js = BUF_INIT;
  i64 nextId, now = time_now();
  int i;
  memset(res, 0, sizeof(*res));
  if( table_read(&org_table, p, n, &in, pErr) ) return -1;
  ar = arena_new();
  memset(&pc, 0, sizeof(pc));
  pc.m = map_new(ar);
  aNew = arena_alloc(ar, sizeof(*aNew) * (size_t)(in->nRow ? in->nRow : 1));
  aParent = arena_alloc(ar, sizeof(*aParent) * (size_t)(in->nRow ? in->nRow : 1));
  /* names for parents named by earlier rows; for each code, the file row
  ** of the previous row with the same code (0: none) */
  aiDupOf = arena_alloc(ar, sizeof(int) * (size_t)(in->nRow ? in->nRow : 1));
  row_index_build(&names, ar, in, OC_NAME, 0);
  row_index_build(&codes, ar, in, OC_CODE, aiDupOf);
  aiSchoolDupOf = arena_alloc(ar, sizeof(int) * (size_t)(in->nRow ? in->nRow : 1));
  row_index_build(&schools, ar, in, OC_SCHOOL, aiSchoolDupOf);
  memset(&dflt, 0, sizeof(dflt));
  db_begin();          /* checks and writes under one write lock */
  if( defaultParent ){
    dflt.id = defaultParent;
    dflt.zPath = db_text(ar, 0, "SELECT path FROM org WHERE id=?1", "i", defaultParent);
  }
  nextId = db_i64(0, "SELECT max(id) FROM org", "") + 1;
  for(i=0; i<in->nRow; i++){
    const char **az = in->aazVal[i];
    int iRow = in->aiRow[i];
    struct parent_ref par;
    memset(&par, 0, sizeof(par));
    if( str_eq(az[OC_KIND], "dept") ){
      /* a partner department: a root of its own (org_parent_rule) */
      if( az[OC_PARENT] ){
        table_add_error(in, iRow, OC_PARENT,
          "其他部门是联合检查的合作单位，不属于本单位的下级机构，上级机构应留空");
      }else if( !org_scope_top(a) ){
        table_add_error(in, iRow, OC_KIND, "只有最上级单位的系统管理员可以添加合作部门");
      }
    }else if( az[OC_PARENT]==0 ){
      if( dflt.id==0 && i==0 && a->userId==0 && nextId==1 ){
        par.zPath = "/";          /* the root: first row, empty database, command line */
      }else if( dflt.id==0 ){
        table_add_error(in, iRow, OC_PARENT, "请填写上级机构");
      }else{
        par = dflt;
      }
    }else if( !find_parent(a, ar, &names, i, aNew, &pc, az[OC_PARENT], &par) ){
      table_add_error(in, iRow, OC_PARENT,
        "找不到上级机构“%s”：应为已有机构（在您的管理范围内）或本文件前面各行中的机构", az[OC_PARENT]);
    }
    if( az[OC_CODE] ){
      char *zOwner;
      if( aiDupOf[i] ){
        table_add_error(in, iRow, OC_CODE, "与第%lld行的统一社会信用代码重复",
                        (long long)aiDupOf[i]);
      }else if( (zOwner = db_text(ar, 0, "SELECT name FROM org WHERE code=?1", "t", az[OC_CODE]))!=0 ){
        table_add_error(in, iRow, OC_CODE, "已被机构“%s”使用", zOwner);
      }
    }
    if( az[OC_SCHOOL] ){
      char *zOwner;
      if( aiSchoolDupOf[i] ){
        table_add_error(in, iRow, OC_SCHOOL, "与第%lld行的学校标识码重复",
                        (long long)aiSchoolDupOf[i]);
      }else if( (zOwner = db_text(ar, 0, "SELECT name FROM org WHERE school_code=?1", "t",
                                  az[OC_SCHOOL]))!=0 ){
        table_add_error(in, iRow, OC_SCHOOL, "已被机构“%s”使用", zOwner);
      }
    }
    if( az[OC_FOUNDED] && az[OC_CLOSED] && strcmp(az[OC_CLOSED], az[OC_FOUNDED])<0 ){
      table_add_error(in, iRow, OC_CLOSED, "撤销日期%s早于设立日期%s", az[OC_CLOSED], az[OC_FOUNDED]);
    }
    aNew[i].id = nextId + i;
    aNew[i].zPath = arena_printf(ar, "%s%010lld/", par.zPath ? par.zPath : "/",
                                 (long long)aNew[i].id);
    aParent[i] = par.id;          /* for the insert below */
  }
  res->nRow = in->nRow;
  if( in->nErr ){
    db_rollback();
    res->pIn = in;
    arena_free(ar);
    return 1;
  }
  audit_batch_begin(&ab);
  for(i=0; i<in->nRow; i++){
    const char **az = in->aazVal[i];
    struct stmt q;
    char zId[24];
    i64 parent = aParent[i];
    db_prepare(&q,
      "INSERT INTO org(id, parent_id, name, kind, code, region, school_code, path,"
      "                created_at, updated_at, founded, closed, demo)"
      " VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9, ?10, ?11, ?12)");
    db_bind_int64(&q, 1, aNew[i].id);
    if( parent ) db_bind_int64(&q, 2, parent); else db_bind_null(&q, 2);
    db_bind_text(&q, 3, az[OC_NAME]);
    db_bind_text(&q, 4, az[OC_KIND]);
    db_bind_text(&q, 5, az[OC_CODE]);
    db_bind_text(&q, 6, az[OC_REGION]);
    db_bind_text(&q, 7, az[OC_SCHOOL]);
    db_bind_text(&q, 8, aNew[i].zPath);
    db_bind_int64(&q, 9, now);
    db_bind_text(&q, 10, az[OC_FOUNDED]);
    db_bind_text(&q, 11, az[OC_CLOSED]);
    db_bind_int64(&q, 12, str_eq(az[OC_DEMO], "1"));
    if( db_step(&q)!=DB_DONE ){
      /* another writer took a code between our check and now */
      db_finalize(&q);
      audit_batch_end(&ab);
      db_rollback();
      buf_appendf(pErr, "第%d行：与并发写入的数据冲突，未导入任何数据，请重试", in->aiRow[i]);
      table_input_free(in);
      arena_free(ar);
      buf_release(&js);
      return -1;
    }
    db_finalize(&q);
    buf_reset(&js);
    buf_appendf(&js, "{\"id\":%lld,\"parent_id\":%lld,\"name\":%j,\"kind\":%j,\"code\":%j,"
                     "\"region\":%j,\"school_code\":%j,\"founded\":%j,\"closed\":%j,"
                     "\"demo\":%s}",
                (long long)aNew[i].id, (long long)parent, az[OC_NAME], az[OC_KIND],
                az[OC_CODE], az[OC_REGION], az[OC_SCHOOL], az[OC_FOUNDED], az[OC_CLOSED],
                str_eq(az[OC_DEMO], "1") ? "true" : "false");
    snprintf(zId, sizeof(zId), "%lld", (long long)aNew[i].id);
    audit_batch_add(&ab, a, "import", "org", zId, 0, js.buf);
  }
  db_ids_taken("org", nextId + in->nRow - 1);
  audit_batch_end(&ab);
  db_commit();
  res->nCreated = in->nRow;
  table_input_free(in);
  arena_free(ar);
  buf_release(&js);
  return 0;
}

void org_import_result_free(struct org_import_result *res){
  table_input_free(res->pIn);
  res->pIn = 0;
}

/* Stream the orgs under the LIKE pattern ctx into an export. */
static void org_rows(void *ctx, struct table_sink *s){
  const char *zLike = ctx;
  struct stmt q;
  db_prepare(&q,
    "SELECT o.name, o.kind, o.code, o.region, o.school_code, p.name, o.founded, o.closed,"
    "       CASE WHEN o.demo=1 THEN '1' ELSE NULL END"
    "  FROM org o LEFT JOIN org p ON p.id=o.parent_id"
    " WHERE o.path LIKE ?1"
    "   AND NOT (o.kind='dept' AND o.parent_id IS NULL)"
    " ORDER BY o.path");
  db_bind_text(&q, 1, zLike);
  while( db_step(&q)==DB_ROW ){
    const char *az[OC_N];
    int i;
    for(i=0; i<OC_N; i++) az[i] = db_column_text(&q, i);
    if( table_sink_row(s, az) ) break;
  }
  db_finalize(&q);
}

/* The folder for temporary files of exports (inside the data folder). */
static char *tmp_dir(struct arena *ar){
  char *z = arena_printf(ar, "%s/tmp", app.zDataDir);
  mkdir(z, 0700);
  return z;
}

int org_export_table(const char *zLike, int eFormat, struct buf *pOut, struct buf *pErr){
  struct arena *ar = arena_new();
  int rc = table_export(&org_table, eFormat, tmp_dir(ar), org_rows, (void *)zLike, pOut, pErr);
  arena_free(ar);
  return rc;
}

int org_template(int eFormat, struct buf *pOut, struct buf *pErr){
  struct arena *ar = arena_new();
  int rc = table_template(&org_table, eFormat, tmp_dir(ar), pOut, pErr);
  arena_free(ar);
  return rc;
}

int org_error_file(const struct org_import_result *res, const void *p, size_t n,
                   struct buf *pOut, struct buf *pErr){
  struct arena *ar = arena_new();
  int rc = table_error_file(&org_table, res->pIn, p, n, res->pIn->eFormat, tmp_dir(ar),
                            pOut, pErr);
  arena_free(ar);
  return rc;
}

int org_error_text(const struct org_import_result *res, struct buf *pOut){
  return table_error_text(res->pIn, &org_table, pOut);
}

/* Errors listed in a reply (page or JSON): the error file holds them all,
** and a reply listing 360,000 of them ran to 150 MB. */
#define IMPORT_MAX_LISTED 1000
/* Error files kept per user: the newest IMPORT_KEEP_FILES, and older ones
** only while the user's files stay within IMPORT_KEEP_BYTES (the newest
** is always kept). */
#define IMPORT_KEEP_FILES 10
#define IMPORT_KEEP_BYTES (100*1024*1024)

/* ---- error files kept for download (web and API) ----
** <data>/imports/<user id>-<64 hex>.<xlsx|csv>, owner-only, removed after
** a day.  The name is made here; a download checks the token's shape and
** the user, so no name from outside ever reaches the file system. */

/* One of a user's error files, for keep_error_file's pruning. */
struct kept_file {
  char *zPath;
  struct timespec mtime;
  off_t size;
};

/* Newest first. */
static int kept_file_cmp(const void *a, const void *b){
  const struct kept_file *x = a, *y = b;
  if( x->mtime.tv_sec!=y->mtime.tv_sec ) return x->mtime.tv_sec > y->mtime.tv_sec ? -1 : 1;
  if( x->mtime.tv_nsec!=y->mtime.tv_nsec ) return x->mtime.tv_nsec > y->mtime.tv_nsec ? -1 : 1;
  return 0;
}

/* Drop the error files in zDir older than a day, and those of user
** beyond the newest IMPORT_KEEP_FILES or past IMPORT_KEEP_BYTES. */
static void prune_error_files(struct arena *ar, const char *zDir, i64 userId){
  char *zPrefix = arena_printf(ar, "%lld-", (long long)userId);
  size_t nPrefix = strlen(zPrefix);
  struct kept_file *a = 0;
  size_t n = 0, nAlloc = 0, i;
  i64 nBytes = 0;
  DIR *d = opendir(zDir);
  struct dirent *e;
  if( d==0 ) return;
  while( (e = readdir(d))!=0 ){
    struct stat st;
    char *zPath;
    if( e->d_name[0]=='.' ) continue;
    zPath = arena_printf(ar, "%s/%s", zDir, e->d_name);
    if( stat(zPath, &st) ) continue;
    if( st.st_mtime < time(0) - 86400 ){
      unlink(zPath);
      continue;
    }
    if( strncmp(e->d_name, zPrefix, nPrefix)!=0 ) continue;
    if( n==nAlloc ){
      nAlloc = nAlloc ? nAlloc*2 : 16;
      a = xrealloc(a, nAlloc * sizeof(*a));
    }
    a[n].zPath = zPath;
    a[n].mtime = st.st_mtim;
    a[n].size = st.st_size;
    n++;
  }
  closedir(d);
  if( n ) qsort(a, n, sizeof(*a), kept_file_cmp);
  for(i=0; i<n; i++){
    nBytes += a[i].size;
    if( i>0 && (i>=IMPORT_KEEP_FILES || nBytes>IMPORT_KEEP_BYTES) ) unlink(a[i].zPath);
  }
  free(a);
}

/* Keep an error file for user; returns the token (in ar) or NULL.  The
** user's older error files are pruned (prune_error_files). */
static char *keep_error_file(struct arena *ar, i64 userId, int eFormat, const struct buf *pFile){
  char zTok[65];
  char *zDir = arena_printf(ar, "%s/imports", app.zDataDir);
  char *zPath;
  FILE *f;
  mkdir(zDir, 0700);
  rand_token_hex(zTok);
  zPath = arena_printf(ar, "%s/%lld-%s.%s", zDir, (long long)userId, zTok,
                       eFormat==TABLE_CSV ? "csv" : "xlsx");
  f = fopen(zPath, "wb");
  if( f==0 ) return 0;
  if( fwrite(pFile->buf, 1, pFile->len, f)!=pFile->len ){
    fclose(f);
    unlink(zPath);
    return 0;
  }
  if( fclose(f) ){
    unlink(zPath);
    return 0;
  }
  prune_error_files(ar, zDir, userId);
  return arena_strdup(ar, zTok);
}

/* Read back user's error file zTok into pOut; sets *pbCsv.  -1 if none. */
static int load_error_file(struct arena *ar, i64 userId, const char *zTok, struct buf *pOut,
                           bool *pbCsv){
  size_t i;
  int k;
  if( zTok==0 || strlen(zTok)!=64 ) return -1;
  for(i=0; i<64; i++){
    if( !((zTok[i]>='0' && zTok[i]<='9') || (zTok[i]>='a' && zTok[i]<='f')) ) return -1;
  }
  for(k=0; k<2; k++){
    char *zPath = arena_printf(ar, "%s/imports/%lld-%s.%s", app.zDataDir, (long long)userId,
                               zTok, k ? "csv" : "xlsx");
    FILE *f = fopen(zPath, "rb");
    char chunk[65536];
    size_t n;
    if( f==0 ) continue;
    while( (n = fread(chunk, 1, sizeof(chunk), f))>0 ) buf_append(pOut, chunk, n);
    fclose(f);
    *pbCsv = k==1;
    return 0;
  }
  return -1;
}


/* The upload of an import request: the multipart field "file", or the raw
** body of an API call.  Sets *pp, *pn; -1 when there is none. */
static int upload_bytes(struct req *r, const char **pp, size_t *pn){
  const struct req_file *f = req_file(r, "file");
  if( f ){
    *pp = f->pData;
    *pn = f->nData;
    return f->nData ? 0 : -1;
  }
  if( str_starts(r->zPath, "/api/") && r->nFile==0 && r->nBody ){
    const char *zType = req_header(r, "Content-Type");
    if( zType && str_starts(zType, "multipart/") ) return -1;
    *pp = r->pBody;
    *pn = r->nBody;
    return 0;
  }
  return -1;
}

/* GET|POST /orgs/import */
void org_import_page(struct req *r){
  struct actor a;
  struct org_import_result res;
  struct buf err = BUF_INIT, text = BUF_INIT, file = BUF_INIT;
  const char *p;
  size_t n;
  int rc;
  actor_from_req(&a, r);
  if( strcmp(r->zMethod, "POST")!=0 ){
    html_begin(r, "导入机构", "/orgs");
    H(r, "<p>上传 Excel（.xlsx）或 CSV 文件，每行一个机构。先整表校验：全部无误才导入；"
         "有错误时一条也不导入，并把您的文件连同“错误说明”列退回。</p>\n"
         "<p>模板：<a href='/orgs/import/template?format=xlsx'>下载 Excel 模板</a> · "
         "<a href='/orgs/import/template?format=csv'>下载 CSV 模板</a></p>\n"
         "<form method='post' action='/orgs/import' enctype='multipart/form-data'>");
    html_csrf(r);
    H(r, "<div class='field'><label for='f-file'>文件<span class='req'>*</span></label>"
         "<input id='f-file' type='file' name='file' accept='.xlsx,.csv' required>"
         "<div class='hint'>“上级机构”留空时挂在%h下；最大 20 MB</div></div>"
         "<button class='primary' type='submit'>上传并校验</button></form>\n",
      r->pUser->zOrgName);
    html_end(r);
    return;
  }
  if( upload_bytes(r, &p, &n) ){
    html_error_page(r, 400, "请选择要上传的文件");
    return;
  }
  rc = org_import(&a, p, n, org_scope_root(&a), &res, &err);
  if( rc==0 ){
    html_begin(r, "导入机构", "/orgs");
    H(r, "<div class='notice ok' role='status'>已导入 %d 个机构。</div>"
         "<p><a href='/orgs'>查看机构名录</a></p>\n", res.nCreated);
    html_end(r);
  }else if( rc<0 ){
    r->status = 422;
    html_begin(r, "导入机构", "/orgs");
    html_notice(r, "err", err.buf);
    H(r, "<p><a href='/orgs/import'>重新上传</a></p>\n");
    html_end(r);
  }else{
    char *zTok = 0;
    table_error_text_max(res.pIn, &org_table, IMPORT_MAX_LISTED, &text);
    if( org_error_file(&res, p, n, &file, &err)==0 ){
      zTok = keep_error_file(r->arena, a.userId, res.pIn->eFormat, &file);
    }
    r->status = 422;
    html_begin(r, "导入机构", "/orgs");
    html_notice(r, "err", "文件中有错误，没有导入任何数据。请按下列说明改正后重新上传。");
    if( zTok ){
      H(r, "<p><a class='btn primary' href='/orgs/import/errors/%t'>下载带错误说明的文件</a></p>", zTok);
    }
    H(r, "<pre class='explain'>%h</pre>\n<p><a href='/orgs/import'>重新上传</a></p>\n", text.buf);
    html_end(r);
  }
  org_import_result_free(&res);
  buf_release(&err);
  buf_release(&text);
  buf_release(&file);
}

/* GET /orgs/import/errors/:token and the API twin. */
void org_import_errors_page(struct req *r){
  struct buf out = BUF_INIT;
  bool bCsv = false;
  if( load_error_file(r->arena, r->pUser->id, r->nPathArg ? r->azPathArg[0] : 0, &out, &bCsv) ){
    if( str_starts(r->zPath, "/api/") ) api_error(r, 404, "not_found", "错误文件不存在或已过期（保留一天）", 0);
    else html_error_page(r, 404, "错误文件不存在或已过期（保留一天）");
    buf_release(&out);
    return;
  }
  buf_append(&r->out, out.buf, out.len);
  req_attachment(r, bCsv ? "csv" : "xlsx", "org-import-errors", "机构导入错误说明");
  buf_release(&out);
}

/* ?format=xlsx|csv (default xlsx); -1 after replying 400. */
static int table_format_or_reply(struct req *r, int *peFormat){
  const char *z = req_param_trim(r, "format");
  if( z==0 || str_eq(z, "xlsx") ){ *peFormat = TABLE_XLSX; return 0; }
  if( str_eq(z, "csv") ){ *peFormat = TABLE_CSV; return 0; }
  if( str_starts(r->zPath, "/api/") ) api_error(r, 400, "bad_param", "format 应为 xlsx 或 csv", "format");
  else html_error_page(r, 400, "格式应为 xlsx 或 csv");
  return -1;
}

/* GET /orgs/import/template?format= and the API twin. */
void org_template_page(struct req *r){
  struct buf err = BUF_INIT;
  int eFormat;
  if( table_format_or_reply(r, &eFormat) ) return;
  if( org_template(eFormat, &r->out, &err) ){
    if( str_starts(r->zPath, "/api/") ) api_error(r, 500, "export_failed", err.buf, 0);
    else html_error_page(r, 500, err.buf);
  }else{
    req_attachment(r, eFormat==TABLE_CSV ? "csv" : "xlsx", "org-template", "机构导入模板");
  }
  buf_release(&err);
}

/* POST /api/v1/orgs/import: the file as the raw body or a multipart field
** "file".  200 {"created":N}; 422 with every error and a link to the error
** file; 400 when the file itself cannot be read. */
void org_import_api(struct req *r){
  struct actor a;
  struct org_import_result res;
  struct buf err = BUF_INIT, file = BUF_INIT;
  const char *p;
  size_t n;
  int rc, i;
  actor_from_req(&a, r);
  if( upload_bytes(r, &p, &n) ){
    api_error(r, 400, "no_file", "请求中没有文件：请把 xlsx 或 CSV 作为请求体，或放在表单字段 file 中", "file");
    return;
  }
  rc = org_import(&a, p, n, org_scope_root(&a), &res, &err);
  if( rc<0 ){
    api_error(r, strstr(err.buf, "冲突") ? 409 : 400, "bad_file", err.buf, "file");
  }else if( rc==0 ){
    struct json_w j;
    api_begin(r, &j);
    json_obj_open(&j, 0);
    json_int(&j, "created", res.nCreated);
    json_obj_close(&j);
  }else{
    struct json_w j;
    char *zTok = 0;
    char zCol[8];
    if( org_error_file(&res, p, n, &file, &err)==0 ){
      zTok = keep_error_file(r->arena, a.userId, res.pIn->eFormat, &file);
    }
    r->status = 422;
    api_begin(r, &j);
    json_obj_open(&j, 0);
    json_obj_open(&j, "error");
    json_str(&j, "code", "invalid_rows");
    json_str(&j, "message", arena_printf(r->arena, "%d行数据中有%d处错误，没有导入任何数据%s",
                                          res.nRow, res.pIn->nErr,
                                          res.pIn->nErr>IMPORT_MAX_LISTED
                                          ? "；errors 列出前1000处，全部错误见 error_file" : ""));
    json_obj_close(&j);
    json_int(&j, "error_count", res.pIn->nErr);
    json_bool(&j, "errors_truncated", res.pIn->nErr>IMPORT_MAX_LISTED);
    json_arr_open(&j, "errors");
    for(i=0; i<res.pIn->nErr && i<IMPORT_MAX_LISTED; i++){
      const struct table_err *e = &res.pIn->aErr[i];
      json_obj_open(&j, 0);
      json_int(&j, "row", e->iRow);
      if( e->iCol>=0 ){
        int iFile = res.pIn->aiFileCol[e->iCol];
        json_str(&j, "field", aOrgCol[e->iCol].zKey);
        json_str(&j, "header", aOrgCol[e->iCol].zHead);
        if( iFile>0 ) json_str(&j, "column", sheet_col_name(iFile, zCol));
      }
      json_str(&j, "message", e->zMsg);
      json_obj_close(&j);
    }
    json_arr_close(&j);
    if( zTok ) json_str(&j, "error_file", arena_printf(r->arena, "/api/v1/orgs/import/errors/%s", zTok));
    json_obj_close(&j);
  }
  org_import_result_free(&res);
  buf_release(&err);
  buf_release(&file);
}
