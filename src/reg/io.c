/*
** io.c -- every register in and out of workbooks: the column declaration
** for office/table.c is made from the register's fields (label as
** header, aliases, type, required, choices), then import (all or
** nothing: every row checked by the same checker as a form, every
** problem reported with row and column, an error workbook kept for
** download), export (xlsx, CSV, in scope, masked per role) and the
** empty template.  Pages and API handlers for them are here too.
*/
#include "../common.h"
#include <dirent.h>
#include <pthread.h>
#include <sys/stat.h>
#include <unistd.h>
#include "../base/arena.h"
#include "../base/buf.h"
#include "../base/json.h"
#include "../base/map.h"
#include "../base/util.h"
#include "../crypto/rand.h"
#include "../office/sheet.h"
#include "../office/table.h"
#include "../store/db.h"
#include "../web/api.h"
#include "../web/html.h"
#include "../web/req.h"
#include "../core/app.h"
#include "../core/audit.h"
#include "internal.h"

/* The workbook declarations of one register (made once, kept). */
struct reg_tables {
  const struct reg_def *d;
  struct table_def aDef[2];      /* [0] export, [1] import */
  int *aaiField[2];              /* table column -> field index */
};
static struct reg_tables **apTables;   /* grown as registers ask (no cap) */
static int nTables, nTablesAlloc;
static pthread_mutex_t tablesMutex = PTHREAD_MUTEX_INITIALIZER;

/* Build the workbook declaration of d (bImport: without read-only). */
static void reg_table_build(const struct reg_def *d, bool bImport, struct table_def *t,
                            int **paiField){
  struct table_col *aCol = xcalloc((size_t)d->nField, sizeof(*aCol));
  int *ai = xcalloc((size_t)d->nField, sizeof(int));
  int i, n = 0;
  for(i=0; i<d->nField; i++){
    const struct reg_field *f = &d->aField[i];
    if( (f->mFlags & RF_NOIO) || f->eType==REG_FILE ) continue;
    if( bImport && (f->mFlags & RF_READONLY) ) continue;
    aCol[n].zHead = f->zLabel;
    aCol[n].zKey = f->zKey;
    aCol[n].eType = f->eType==REG_REF ? COL_TEXT : f->eType;
    aCol[n].bRequired = bImport && (f->mFlags & RF_REQUIRED)!=0;
    aCol[n].azChoice = f->azChoice;
    aCol[n].nWidth = f->nWidth;
    aCol[n].azAlias = f->azAlias;
    aCol[n].nMaxChars = f->eType==REG_REF ? 100 : f->nMax;
    ai[n++] = i;
  }
  t->zTitle = d->zTitle;
  t->aCol = aCol;
  t->nCol = n;
  *paiField = ai;
}

const struct table_def *reg_table(const struct reg_def *d, bool bImport, const int **paiField){
  int i, k = bImport ? 1 : 0;
  struct reg_tables *p = 0;
  pthread_mutex_lock(&tablesMutex);
  for(i=0; i<nTables; i++) if( apTables[i]->d==d ) p = apTables[i];
  if( p==0 ){
    if( nTables==nTablesAlloc ){
      nTablesAlloc = nTablesAlloc ? nTablesAlloc*2 : 16;
      apTables = xrealloc(apTables, sizeof(*apTables) * (size_t)nTablesAlloc);
    }
    p = apTables[nTables++] = xcalloc(1, sizeof(*p));
    p->d = d;
    reg_table_build(d, false, &p->aDef[0], &p->aaiField[0]);
    reg_table_build(d, true, &p->aDef[1], &p->aaiField[1]);
  }
  pthread_mutex_unlock(&tablesMutex);
  if( paiField ) *paiField = p->aaiField[k];
  return &p->aDef[k];
}

char *reg_tmp_dir(struct arena *ar){
  char *z = arena_printf(ar, "%s/tmp", app.zDataDir);
  mkdir(z, 0700);
  return z;
}

/* ---- import ------------------------------------------------------------ */

int reg_import(const struct reg_def *d, const struct actor *a, const void *p, size_t n,
               struct reg_import_result *res, struct buf *pErr){
  const int *aiField;
  const struct table_def *t = reg_table(d, true, &aiField);
  struct table_input *in = 0;
  struct arena *ar;
  struct map **aSeen;            /* [nField] values of unique fields seen so far */
  struct map **aSeenMulti;       /* [nUnique] joined values of multi-field uniques */
  const char ***aazNew;
  struct audit_batch ab;
  struct map *pTitles;           /* title -> row index, for references to earlier rows */
  int *aiSelf;                   /* [row] row index its self-reference names, or -1 */
  i64 *aId;                      /* [row] id once written */
  int iTitle = reg_title_index(d), iSelf = -1;
  int i, k;
  const char **azIn;             /* one row as read, field by field */
  struct arena *pScratch = 0;    /* a row's memory once the file has errors */
  struct reg_kid_import *pKids = 0;   /* the rows of the children's sheets */
  memset(res, 0, sizeof(*res));
  if( table_read(t, p, n, &in, pErr) ) return -1;
  ar = arena_new();
  aazNew = arena_alloc(ar, sizeof(char **) * (size_t)(in->nRow ? in->nRow : 1));
  aiSelf = arena_alloc(ar, sizeof(int) * (size_t)(in->nRow ? in->nRow : 1));
  aId = arena_alloc(ar, sizeof(i64) * (size_t)(in->nRow ? in->nRow : 1));
  pTitles = map_new(ar);
  for(k=0; k<d->nField; k++){     /* the first self-reference (org: the parent) */
    if( iSelf<0 && d->aField[k].eType==REG_REF && str_eq(d->aField[k].zRef, d->zName) ) iSelf = k;
  }
  aSeen = arena_alloc(ar, sizeof(*aSeen) * (size_t)d->nField);
  aSeenMulti = arena_alloc(ar, sizeof(*aSeenMulti) * (size_t)(d->nUnique ? d->nUnique : 1));
  for(k=0; k<d->nField; k++) aSeen[k] = (d->aField[k].mFlags & RF_UNIQUE) ? map_new(ar) : 0;
  for(k=0; k<d->nUnique; k++) aSeenMulti[k] = map_new(ar);
  azIn = arena_alloc(ar, sizeof(char *) * (size_t)d->nField);
  db_begin();          /* checks and writes under one write lock */
  reg_lock_rules(d);
  for(i=0; i<in->nRow; i++){
    struct reg_ctx c;
    struct reg_err e;
    struct arena *arRow = ar;
    int iRow = in->aiRow[i], iCol;
    if( in->nErr ){
      /* nothing will be written: this row's values and messages live only
      ** while it is checked (the maps and the error list copy what they
      ** keep), so a large bad file costs its errors, not its rows twice */
      if( pScratch ) arena_free(pScratch);
      arRow = pScratch = arena_new();
    }
    memset(azIn, 0, sizeof(char *) * (size_t)d->nField);
    for(iCol=0; iCol<t->nCol; iCol++) azIn[aiField[iCol]] = in->aazVal[i][iCol];
    aazNew[i] = arena_alloc(arRow, sizeof(char *) * (size_t)d->nField);
    reg_err_init(&e, arRow);
    aiSelf[i] = -1;
    if( iSelf>=0 && azIn[iSelf] ){
      /* a row may name a row above it in the same file (a parent) */
      i64 v;
      if( map_get(pTitles, azIn[iSelf], &v) ){
        aiSelf[i] = (int)v;
        azIn[iSelf] = 0;
      }
    }
    reg_check_row(d, a, azIn, aazNew[i], arRow, &e);
    if( aiSelf[i]>=0 ) aazNew[i][iSelf] = "0";     /* given at the write below */
    reg_rules_check(d, 0, aazNew[i], arRow, &e);
    for(k=0; k<d->nUnique; k++){
      /* the same values twice in the file (the table has neither yet) */
      const char *const *azU = d->aUnique[k].azField;
      struct buf key = BUF_INIT;
      i64 v;
      int u, iLast = -1;
      for(u=0; azU[u]; u++){
        int iF = reg_field_index(d, azU[u]);
        if( iF<0 || aazNew[i][iF]==0 || reg_err_of(&e, azU[u]) ){ iLast = -1; break; }
        buf_appendf(&key, "%s\x1f", aazNew[i][iF]);
        iLast = iF;
      }
      if( iLast>=0 ){
        if( map_get(aSeenMulti[k], key.buf, &v) ){
          struct buf lab = BUF_INIT;
          for(u=0; azU[u]; u++){
            buf_appendf(&lab, "%s%s", u ? "、" : "", d->aField[reg_field_index(d, azU[u])].zLabel);
          }
          reg_err_add(&e, REG_ECONFLICT, d->aField[iLast].zKey, "%s与第%lld行都相同", lab.buf,
                      (long long)v);
          buf_release(&lab);
        }else{
          map_set(aSeenMulti[k], key.buf, iRow);
        }
      }
      buf_release(&key);
    }
    if( aazNew[i][iTitle] ) map_set(pTitles, aazNew[i][iTitle], i);
    for(k=0; k<d->nField; k++){
      i64 v;
      const char *z = aazNew[i][k];
      if( aSeen[k]==0 || z==0 || reg_err_of(&e, d->aField[k].zKey) ) continue;
      if( map_get(aSeen[k], z, &v) ){
        reg_err_add(&e, REG_ECONFLICT, d->aField[k].zKey, "与第%lld行的%s重复", (long long)v,
                    d->aField[k].zLabel);
      }else{
        map_set(aSeen[k], z, iRow);
      }
    }
    if( e.n==0 ){
      memset(&c, 0, sizeof(c));
      c.d = d; c.a = a; c.ar = arRow; c.azNew = aazNew[i]; c.zVerb = "import"; c.pErr = &e;
      if( d->xCheck ) d->xCheck(&c);
      if( e.n==0 && d->xDerive ) d->xDerive(&c);
      if( e.n==0 && d->nDeadline ) reg_deadline_derive(&c);
    }
    for(k=0; k<e.n; k++){
      int iF = reg_field_index(d, e.a[k].zField), iC = -1;
      for(iCol=0; iF>=0 && iCol<t->nCol; iCol++) if( aiField[iCol]==iF ) iC = iCol;
      table_add_error(in, iRow, iC, "%s", e.a[k].zMsg);
    }
  }
  if( pScratch ) arena_free(pScratch);
  res->nRow = in->nRow;
  if( in->nErr ){
    db_rollback();
    res->pIn = in;
    arena_free(ar);
    return 1;
  }
  if( d->nChild && in->eFormat==TABLE_XLSX
   && reg_child_import_check(d, a, p, n, ar, pTitles, aazNew, &pKids, pErr) ){
    /* a child sheet's problems: nothing of either sheet is written */
    db_rollback();
    table_input_free(in);
    arena_free(ar);
    return -1;
  }
  db_bulk(true);                 /* one large transaction: no spilled pages */
  audit_batch_begin(&ab);
  for(i=0; i<in->nRow; i++){
    struct reg_err e;
    struct reg_ctx c;
    i64 id = 0;
    char zId[24];
    reg_err_init(&e, ar);
    if( aiSelf[i]>=0 ) aazNew[i][iSelf] = arena_printf(ar, "%lld", (long long)aId[aiSelf[i]]);
    memset(&c, 0, sizeof(c));
    c.d = d; c.a = a; c.ar = ar; c.azNew = aazNew[i]; c.zVerb = "import"; c.pErr = &e;
    /* the row, then its children of the file, then its after-hook, which
    ** sees them (a review imported without rounds gets its round 1); the
    ** children a hook writes join the import's audit batch */
    if( reg_number_assign(d, "import", aazNew[i], ar, &e)
     || reg_store_row(d, &id, aazNew[i], ar, &e)
     || (aId[i] = id, pKids && reg_child_import_write(pKids, d, a, aId, i, &ab, ar, pErr))
     || (c.id = id, d->xAfter && (reg_child_batch(&ab), d->xAfter(&c))) ){
      reg_child_batch(0);
      audit_batch_end(&ab);
      db_rollback();
      db_bulk(false);
      if( e.n ){
        buf_appendf(pErr, "第%d行：%s，未导入任何数据，请重试", in->aiRow[i], reg_err_text(&e));
      }
      table_input_free(in);
      arena_free(ar);
      return -2;
    }
    reg_child_batch(0);
    snprintf(zId, sizeof(zId), "%lld", (long long)id);
    audit_batch_add(&ab, a, "import", d->zName, zId, 0,
                    reg_audit_text(ar, d, id, aazNew[i], 0));
  }
  if( pKids && reg_child_import_write(pKids, d, a, aId, -1, &ab, ar, pErr) ){
    audit_batch_end(&ab);
    db_rollback();
    db_bulk(false);
    table_input_free(in);
    arena_free(ar);
    return -2;
  }
  audit_batch_end(&ab);
  db_commit();
  db_bulk(false);
  res->nCreated = in->nRow;
  table_input_free(in);
  arena_free(ar);
  return 0;
}

void reg_import_result_free(struct reg_import_result *res){
  table_input_free(res->pIn);
  res->pIn = 0;
}

/* ---- export ------------------------------------------------------------ */

/* What the export rows need. */
struct reg_export_ctx {
  const struct reg_def *d;
  const struct actor *a;
  const int *aiField;
  int nCol;
};

/* Stream the rows of the actor's scope into an export. */
static void reg_export_rows(void *pCtx, struct table_sink *s){
  struct reg_export_ctx *x = pCtx;
  const struct reg_def *d = x->d;
  struct reg_query qy;
  struct stmt q;
  struct arena *ar = arena_new();
  const char **az = arena_alloc(ar, sizeof(char *) * (size_t)(x->nCol ? x->nCol : 1));
  reg_query_init(&qy);
  reg_select(d, x->a, &qy, &q);
  while( db_step(&q)==DB_ROW ){
    struct arena *row = arena_new();
    struct reg_rec rec;
    int i;
    reg_row(d, &q, row, &rec);
    for(i=0; i<x->nCol; i++){
      int iF = x->aiField[i];
      const struct reg_field *f = &d->aField[iF];
      const char *z = rec.az[iF];
      /* choices stay codes (the sink writes labels); the rest as shown */
      az[i] = z && f->eType!=REG_CHOICE ? reg_display(row, d, iF, x->a, z) : z;
    }
    i = table_sink_row(s, az);
    arena_free(row);
    if( i ) break;
  }
  db_finalize(&q);
  arena_free(ar);
}

int reg_export(const struct reg_def *d, const struct actor *a, int eFormat, struct buf *pOut,
               struct buf *pErr){
  struct arena *ar = arena_new();
  struct reg_export_ctx x;
  const struct table_def *t = reg_table(d, false, &x.aiField);
  int rc;
  x.d = d;
  x.a = a;
  x.nCol = t->nCol;
  if( d->nChild && eFormat==TABLE_XLSX ){    /* one more sheet per child */
    rc = reg_child_export(d, a, t, reg_export_rows, &x, reg_tmp_dir(ar), pOut, pErr);
  }else{
    rc = table_export(t, eFormat, reg_tmp_dir(ar), reg_export_rows, &x, pOut, pErr);
  }
  arena_free(ar);
  return rc;
}

int reg_template(const struct reg_def *d, int eFormat, struct buf *pOut, struct buf *pErr){
  struct arena *ar = arena_new();
  int rc = table_template(reg_table(d, true, 0), eFormat, reg_tmp_dir(ar), pOut, pErr);
  arena_free(ar);
  return rc;
}

int reg_error_file(const struct reg_def *d, const struct reg_import_result *res,
                   const void *p, size_t n, struct buf *pOut, struct buf *pErr){
  struct arena *ar = arena_new();
  int rc = table_error_file(reg_table(d, true, 0), res->pIn, p, n, res->pIn->eFormat,
                            reg_tmp_dir(ar), pOut, pErr);
  arena_free(ar);
  return rc;
}

int reg_error_text(const struct reg_def *d, const struct reg_import_result *res,
                   struct buf *pOut){
  return table_error_text(res->pIn, reg_table(d, true, 0), pOut);
}

/* ---- error files kept for download (web and API) ----
** <data>/imports/<user id>-<64 hex>.<xlsx|csv>, owner-only, removed after
** a day.  The name is made here; a download checks the token's shape and
** the user, so no name from outside ever reaches the file system. */

/* Errors listed in a reply (page or JSON): the error file holds them all,
** and a reply listing 360,000 of them ran to 150 MB. */
#define IMPORT_MAX_LISTED 1000
/* Error files kept per user: the newest IMPORT_KEEP_FILES, and older ones
** only while the user's files stay within IMPORT_KEEP_BYTES (the newest
** is always kept). */
#define IMPORT_KEEP_FILES 10
#define IMPORT_KEEP_BYTES (100*1024*1024)

/* One of a user's error files, for pruning. */
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
  DIR *dir = opendir(zDir);
  struct dirent *ent;
  if( dir==0 ) return;
  while( (ent = readdir(dir))!=0 ){
    struct stat st;
    char *zPath;
    if( ent->d_name[0]=='.' ) continue;
    zPath = arena_printf(ar, "%s/%s", zDir, ent->d_name);
    if( stat(zPath, &st) ) continue;
    if( st.st_mtime < time(0) - 86400 ){
      unlink(zPath);
      continue;
    }
    if( strncmp(ent->d_name, zPrefix, nPrefix)!=0 ) continue;
    if( n==nAlloc ){
      nAlloc = nAlloc ? nAlloc*2 : 16;
      a = xrealloc(a, nAlloc * sizeof(*a));
    }
    a[n].zPath = zPath;
    a[n].mtime = st.st_mtim;
    a[n].size = st.st_size;
    n++;
  }
  closedir(dir);
  if( n ) qsort(a, n, sizeof(*a), kept_file_cmp);
  for(i=0; i<n; i++){
    nBytes += a[i].size;
    if( i>0 && (i>=IMPORT_KEEP_FILES || nBytes>IMPORT_KEEP_BYTES) ) unlink(a[i].zPath);
  }
  free(a);
}

char *reg_keep_error_file(struct arena *ar, i64 userId, int eFormat, const struct buf *pFile){
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

int reg_load_error_file(struct arena *ar, i64 userId, const char *zTok, struct buf *pOut,
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

int reg_upload_bytes(struct req *r, const char **pp, size_t *pn){
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

/* ---- pages and API ----------------------------------------------------- */

/* Reply 400 for API or page. */
static void reg_io_fail(struct req *r, int status, const char *zCode, const char *zMsg){
  if( str_starts(r->zPath, "/api/") ) api_error(r, status, zCode, zMsg, 0);
  else html_error_page(r, status, zMsg);
}

/* ?format=xlsx|csv (default xlsx); -1 after replying 400. */
static int reg_format_or_reply(struct req *r, int *peFormat){
  const char *z = req_param_trim(r, "format");
  if( z==0 || str_eq(z, "xlsx") ){ *peFormat = TABLE_XLSX; return 0; }
  if( str_eq(z, "csv") ){ *peFormat = TABLE_CSV; return 0; }
  if( str_starts(r->zPath, "/api/") ) api_error(r, 400, "bad_param", "format 应为 xlsx 或 csv", "format");
  else html_error_page(r, 400, "格式应为 xlsx 或 csv");
  return -1;
}

void reg_template_page(struct req *r){
  const struct reg_def *d = reg_of_req(r);
  struct buf err = BUF_INIT;
  int eFormat;
  if( reg_format_or_reply(r, &eFormat) ) return;
  if( reg_template(d, eFormat, &r->out, &err) ){
    reg_io_fail(r, 500, "export_failed", err.buf);
  }else{
    req_attachment(r, eFormat==TABLE_CSV ? "csv" : "xlsx",
                   arena_printf(r->arena, "%s-template", d->zName),
                   arena_printf(r->arena, "%s导入模板", d->zTitle));
  }
  buf_release(&err);
}

void reg_export_page(struct req *r){
  const struct reg_def *d = reg_of_req(r);
  struct buf err = BUF_INIT;
  struct actor a;
  int eFormat;
  const char *zFormat = req_param_trim(r, "format");
  actor_from_req(&a, r);
  if( d->xDocument && zFormat && (str_eq(zFormat, "docx") || str_eq(zFormat, "pdf")) ){
    /* the register's own documents */
    if( d->xDocument(&a, zFormat, &r->out, &err) ) reg_io_fail(r, 500, "export_failed", err.buf);
    else req_attachment(r, zFormat, d->zName, d->zTitle);
    buf_release(&err);
    return;
  }
  if( zFormat && d->xDocument && !str_eq(zFormat, "xlsx") && !str_eq(zFormat, "csv") ){
    reg_io_fail(r, 400, "bad_param", "format 应为 xlsx、csv、docx 或 pdf");
    return;
  }
  if( reg_format_or_reply(r, &eFormat) ) return;
  if( reg_export(d, &a, eFormat, &r->out, &err) ){
    reg_io_fail(r, 500, "export_failed", err.buf);
  }else{
    req_attachment(r, eFormat==TABLE_CSV ? "csv" : "xlsx", d->zName, d->zTitle);
  }
  buf_release(&err);
}

void reg_import_errors_page(struct req *r){
  const struct reg_def *d = reg_of_req(r);
  struct buf out = BUF_INIT;
  bool bCsv = false;
  if( reg_load_error_file(r->arena, r->pUser->id, r->nPathArg ? r->azPathArg[0] : 0, &out,
                          &bCsv) ){
    reg_io_fail(r, 404, "not_found", "错误文件不存在或已过期（保留一天）");
    buf_release(&out);
    return;
  }
  buf_append(&r->out, out.buf, out.len);
  req_attachment(r, bCsv ? "csv" : "xlsx", arena_printf(r->arena, "%s-import-errors", d->zName),
                 arena_printf(r->arena, "%s导入错误说明", d->zTitle));
  buf_release(&out);
}

void reg_import_page(struct req *r){
  const struct reg_def *d = reg_of_req(r);
  struct reg_import_result res;
  struct buf err = BUF_INIT, text = BUF_INIT, file = BUF_INIT;
  struct actor a;
  const char *p;
  const char *zTitle = arena_printf(r->arena, "导入%s", d->zTitle);
  char *zList = arena_printf(r->arena, "/%s", d->zSeg);
  size_t n;
  int rc;
  actor_from_req(&a, r);
  if( strcmp(r->zMethod, "POST")!=0 ){
    html_begin(r, zTitle, zList);
    H(r, "<p>上传 Excel（.xlsx）或 CSV 文件，每行一条%h。先整表校验：全部无误才导入；"
         "有错误时一条也不导入，并把您的文件连同“错误说明”列退回。</p>\n"
         "<p>模板：<a href='/%t/import/template?format=xlsx'>下载 Excel 模板</a> · "
         "<a href='/%t/import/template?format=csv'>下载 CSV 模板</a></p>\n"
         "<form method='post' action='/%t/import' enctype='multipart/form-data'>",
      d->zTitle, d->zSeg, d->zSeg, d->zSeg);
    html_csrf(r);
    H(r, "<div class='field'><label for='f-file'>文件<span class='req'>*</span></label>"
         "<input id='f-file' type='file' name='file' accept='.xlsx,.csv' required>"
         "<div class='hint'>最大 20 MB</div></div>"
         "<button class='primary' type='submit'>上传并校验</button></form>\n");
    html_end(r);
    return;
  }
  if( reg_upload_bytes(r, &p, &n) ){
    html_error_page(r, 400, "请选择要上传的文件");
    return;
  }
  rc = reg_import(d, &a, p, n, &res, &err);
  if( rc==0 ){
    html_begin(r, zTitle, zList);
    H(r, "<div class='notice ok' role='status'>已导入 %d %h%h。</div>"
         "<p><a href='/%t'>查看%h</a></p>\n", res.nCreated, d->zCounter ? d->zCounter : "条",
      d->zTitle, d->zSeg, d->zTitle);
    html_end(r);
  }else if( rc<0 ){
    r->status = 422;
    html_begin(r, zTitle, zList);
    html_notice(r, "err", err.buf);
    H(r, "<p><a href='/%t/import'>重新上传</a></p>\n", d->zSeg);
    html_end(r);
  }else{
    char *zTok = 0;
    table_error_text_max(res.pIn, reg_table(d, true, 0), IMPORT_MAX_LISTED, &text);
    if( reg_error_file(d, &res, p, n, &file, &err)==0 ){
      zTok = reg_keep_error_file(r->arena, a.userId, res.pIn->eFormat, &file);
    }
    r->status = 422;
    html_begin(r, zTitle, zList);
    html_notice(r, "err", "文件中有错误，没有导入任何数据。请按下列说明改正后重新上传。");
    if( zTok ){
      H(r, "<p><a class='btn primary' href='/%t/import/errors/%t'>下载带错误说明的文件</a></p>",
        d->zSeg, zTok);
    }
    H(r, "<pre class='explain'>%h</pre>\n<p><a href='/%t/import'>重新上传</a></p>\n", text.buf,
      d->zSeg);
    html_end(r);
  }
  reg_import_result_free(&res);
  buf_release(&err);
  buf_release(&text);
  buf_release(&file);
}

void reg_import_reply(struct req *r, const struct reg_def *d, const struct table_def *t,
                      int rc, struct reg_import_result *res, const void *p, size_t n,
                      struct buf *pErr){
  struct json_w j;
  struct actor a;
  struct buf file = BUF_INIT;
  actor_from_req(&a, r);
  if( rc==-2 ){
    api_error(r, 409, "conflict", pErr->buf, "file");
  }else if( rc<0 ){
    api_error(r, 400, "bad_file", pErr->buf, "file");
  }else if( rc==0 ){
    api_begin(r, &j);
    json_obj_open(&j, 0);
    json_int(&j, "created", res->nCreated);
    json_obj_close(&j);
  }else{
    char *zTok = 0;
    char zCol[8];
    int i;
    if( reg_error_file(d, res, p, n, &file, pErr)==0 ){
      zTok = reg_keep_error_file(r->arena, a.userId, res->pIn->eFormat, &file);
    }
    r->status = 422;
    api_begin(r, &j);
    json_obj_open(&j, 0);
    json_obj_open(&j, "error");
    json_str(&j, "code", "invalid_rows");
    json_str(&j, "message", arena_printf(r->arena, "%d行数据中有%d处错误，没有导入任何数据%s",
                                          res->nRow, res->pIn->nErr,
                                          res->pIn->nErr>IMPORT_MAX_LISTED
                                          ? "；errors 列出前1000处，全部错误见 error_file" : ""));
    json_obj_close(&j);
    json_int(&j, "error_count", res->pIn->nErr);
    json_bool(&j, "errors_truncated", res->pIn->nErr>IMPORT_MAX_LISTED);
    json_arr_open(&j, "errors");
    for(i=0; i<res->pIn->nErr && i<IMPORT_MAX_LISTED; i++){
      const struct table_err *e = &res->pIn->aErr[i];
      json_obj_open(&j, 0);
      json_int(&j, "row", e->iRow);
      if( e->iCol>=0 ){
        int iFile = res->pIn->aiFileCol[e->iCol];
        json_str(&j, "field", t->aCol[e->iCol].zKey);
        json_str(&j, "header", t->aCol[e->iCol].zHead);
        if( iFile>0 ) json_str(&j, "column", sheet_col_name(iFile, zCol));
      }
      json_str(&j, "message", e->zMsg);
      json_obj_close(&j);
    }
    json_arr_close(&j);
    if( zTok ){
      json_str(&j, "error_file", arena_printf(r->arena, "/api/v1/%s/import/errors/%s",
                                               d->zSeg, zTok));
    }
    json_obj_close(&j);
  }
  buf_release(&file);
}

void reg_import_api(struct req *r){
  const struct reg_def *d = reg_of_req(r);
  struct reg_import_result res;
  struct buf err = BUF_INIT;
  struct actor a;
  const char *p;
  size_t n;
  int rc;
  actor_from_req(&a, r);
  if( reg_upload_bytes(r, &p, &n) ){
    api_error(r, 400, "no_file",
              "请求中没有文件：请把 xlsx 或 CSV 作为请求体，或放在表单字段 file 中", "file");
    return;
  }
  rc = reg_import(d, &a, p, n, &res, &err);
  reg_import_reply(r, d, reg_table(d, true, 0), rc, &res, p, n, &err);
  reg_import_result_free(&res);
  buf_release(&err);
}
