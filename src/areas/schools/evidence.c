/*
** evidence.c -- the evidence files of a school's checklist item (a photo
** of the 视频监控 screen, the 保安员 roster as PDF, ...), stored content-
** addressed: the bytes go to <data>/files/<h0h1>/<h> where h is their SM3
** in hex, written atomically and once however often they are uploaded; the
** row (evidence) names the item, the file name as uploaded, the type, the
** size and the SM3.  A download reads the file and answers it only when
** its SM3 still matches the row's (otherwise 500 and a log line: the file
** was changed or damaged on the disk).  `fazhi evidence verify` checks
** every stored file.
**
** Scope and rights follow the item: whoever reads the item reads its files
** (404 outside the scope); whoever may change it (法规股, the school's
** 学校填报员) attaches files.  An attachment is audited as "attach" on the
** item, in the transaction that writes its row.
*/
#include "../../common.h"
#include <errno.h>
#include <strings.h>
#include <sys/stat.h>
#include "../../base/arena.h"
#include "../../base/buf.h"
#include "../../base/fmt.h"
#include "../../base/json.h"
#include "../../base/log.h"
#include "../../base/util.h"
#include "../../crypto/sm3.h"
#include "../../store/db.h"
#include "../../web/api.h"
#include "../../web/html.h"
#include "../../web/req.h"
#include "../../core/app.h"
#include "../../core/audit.h"
#include "../../core/cli.h"
#include "school.h"

#define EVIDENCE_MAX (20u*1024*1024)   /* bytes of one file (the upload limit) */

/* The accepted kinds: by the file's first bytes, then its name for the
** zip-based Office files. */
static const char *evidence_type(const char *p, size_t n, const char *zName){
  const char *zExt = zName ? strrchr(zName, '.') : 0;
  if( n>=3 && memcmp(p, "\xff\xd8\xff", 3)==0 ) return "image/jpeg";
  if( n>=8 && memcmp(p, "\x89PNG\r\n\x1a\n", 8)==0 ) return "image/png";
  if( n>=12 && memcmp(p, "RIFF", 4)==0 && memcmp(p+8, "WEBP", 4)==0 ) return "image/webp";
  if( n>=5 && memcmp(p, "%PDF-", 5)==0 ) return "application/pdf";
  if( n>=4 && memcmp(p, "PK\x03\x04", 4)==0 && zExt ){
    if( strcasecmp(zExt, ".docx")==0 ){
      return "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
    }
    if( strcasecmp(zExt, ".xlsx")==0 ){
      return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    }
  }
  return 0;
}

/* The path of the file with SM3 zHex (heap; the caller frees). */
static char *evidence_path(const char *zHex){
  return fmt_dup("%s/files/%.2s/%s", app.zDataDir, zHex, zHex);
}

/* Read the file at zPath whole into pOut; -1 when it cannot be read. */
static int evidence_read(const char *zPath, struct buf *pOut){
  FILE *f = fopen(zPath, "rb");
  char chunk[65536];
  size_t n;
  if( f==0 ) return -1;
  while( (n = fread(chunk, 1, sizeof(chunk), f))>0 ) buf_append(pOut, chunk, n);
  n = ferror(f) ? 1 : 0;
  fclose(f);
  return n ? -1 : 0;
}

/* The SM3 of p[0..n) as hex in out. */
static void evidence_hash(const void *p, size_t n, char out[2*SM3_LEN+1]){
  u8 h[SM3_LEN];
  sm3(p, n, h);
  hex_encode(h, SM3_LEN, out);
}

/* Store p[0..n) under its SM3 (once): 0, or -1 with a message. */
static int evidence_store(const char *p, size_t n, const char *zHex, struct buf *pErr){
  char *zDir = fmt_dup("%s/files", app.zDataDir), *zPath = evidence_path(zHex);
  struct buf have = BUF_INIT, data = BUF_INIT;
  char zHave[2*SM3_LEN+1];
  int rc = 0;
  mkdir(zDir, 0700);
  free(zDir);
  zDir = fmt_dup("%s/files/%.2s", app.zDataDir, zHex);
  if( mkdir(zDir, 0700) && errno!=EEXIST ){
    buf_appendf(pErr, "无法建立文件目录：%s", strerror(errno));
    rc = -1;
  }else if( evidence_read(zPath, &have)==0 && (evidence_hash(have.buf, have.len, zHave),
                                               str_eq(zHave, zHex)) ){
    rc = 0;                        /* the same bytes are already there */
  }else{
    data.buf = (char *)p;          /* read only by audit_write_file */
    data.len = n;
    rc = audit_write_file(zPath, &data, pErr);
  }
  buf_release(&have);
  free(zDir);
  free(zPath);
  return rc;
}

int evidence_add(const struct actor *a, i64 itemId, const char *zName, const void *pData,
                 size_t n, i64 *pId, struct reg_err *e){
  const struct reg_def *d = &check_item_reg;
  struct reg_rec rec;
  struct buf err = BUF_INIT, after = BUF_INIT;
  struct json_w j;
  const char *zType, *zBase;
  char zHex[2*SM3_LEN+1], zId[24];
  i64 orgId = 0;
  if( reg_get(d, a, itemId, e->ar, &rec, e) ) return -1;
  if( !(a->mRoles & d->mWrite) ){
    reg_err_add(e, REG_EDENIED, 0, "您的角色不能为检查项目上传证明材料");
    return -1;
  }
  zBase = zName && zName[0] ? zName : "证明材料";
  if( strrchr(zBase, '/') ) zBase = strrchr(zBase, '/')+1;
  if( strrchr(zBase, '\\') ) zBase = strrchr(zBase, '\\')+1;
  if( n==0 ){
    reg_err_add(e, REG_EINVALID, "file", "请选择要上传的文件（文件为空）");
    return -1;
  }
  if( n>EVIDENCE_MAX ){
    reg_err_add(e, REG_EINVALID, "file", "文件过大：每个文件不超过 20 MB");
    return -1;
  }
  if( (zType = evidence_type(pData, n, zBase))==0 ){
    reg_err_add(e, REG_EINVALID, "file",
                "只能上传照片（JPG、PNG、WebP）、PDF、Word（.docx）或 Excel（.xlsx）文件");
    return -1;
  }
  if( strlen(zBase)>200 ) zBase = arena_strndup(e->ar, zBase, 200);
  evidence_hash(pData, n, zHex);
  if( evidence_store(pData, n, zHex, &err) ){
    reg_err_add(e, REG_EINVALID, "file", "%s", err.buf);
    buf_release(&err);
    return -1;
  }
  str_to_i64(rec.az[reg_field_index(d, "org_id")], 1, INT64_MAX, &orgId);
  db_begin();
  *pId = db_i64(0, "INSERT INTO evidence(item_id, org_id, sm3, name, mime, size, created_at,"
                   " created_by) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) RETURNING id", "iitttiii",
                 itemId, orgId, zHex, zBase, zType, (i64)n, (i64)time_now(), a->userId);
  json_init(&j, &after);
  json_obj_open(&j, 0);
  json_int(&j, "evidence_id", *pId);
  json_str(&j, "name", zBase);
  json_str(&j, "type", zType);
  json_int(&j, "size", (i64)n);
  json_str(&j, "sm3", zHex);
  json_obj_close(&j);
  snprintf(zId, sizeof(zId), "%lld", (long long)itemId);
  audit_write(a, "attach", d->zName, zId, 0, after.buf);
  db_commit();
  buf_release(&after);
  return 0;
}

int evidence_get(const struct actor *a, i64 itemId, i64 evId, struct arena *ar,
                 struct buf *pOut, const char **pzName, const char **pzType, struct reg_err *e){
  struct reg_rec rec;
  struct stmt q;
  char *zPath, zHex[2*SM3_LEN+1];
  const char *zWant = 0;
  if( reg_get(&check_item_reg, a, itemId, ar, &rec, e) ) return -1;
  db_prepare(&q, "SELECT sm3, name, mime FROM evidence WHERE id=?1 AND item_id=?2");
  db_bind_int64(&q, 1, evId);
  db_bind_int64(&q, 2, itemId);
  if( db_step(&q)==DB_ROW ){
    zWant = db_column_dup(ar, &q, 0);
    *pzName = db_column_dup(ar, &q, 1);
    *pzType = db_column_dup(ar, &q, 2);
  }
  db_finalize(&q);
  if( zWant==0 ){
    reg_err_add(e, REG_ENOTFOUND, 0, "证明材料不存在");
    return -1;
  }
  zPath = evidence_path(zWant);
  if( evidence_read(zPath, pOut) ){
    free(zPath);
    reg_err_add(e, REG_EGONE, 0, "证明材料文件缺失（SM3 %s）", zWant);
    return -2;
  }
  free(zPath);
  evidence_hash(pOut->buf, pOut->len, zHex);
  if( !str_eq(zHex, zWant) ){
    buf_reset(pOut);
    reg_err_add(e, REG_EGONE, 0, "证明材料文件校验失败：SM3 应为 %s，实为 %s，文件已被改动或损坏",
                zWant, zHex);
    return -2;
  }
  return 0;
}

/* ---- pages and API ---- */

void evidence_section(struct req *r, const struct actor *a, const struct reg_rec *pRec){
  struct stmt q;
  int n = 0;
  H(r, "<h2>证明材料</h2>\n");
  db_prepare(&q, "SELECT id, name, size, sm3, created_at FROM evidence WHERE item_id=?1"
                 " ORDER BY id");
  db_bind_int64(&q, 1, pRec->id);
  while( db_step(&q)==DB_ROW ){
    if( n++==0 ) H(r, "<ul class='evidence'>");
    H(r, "<li><a href='/check-items/%lld/evidence/%lld'>%h</a>"
         " <span class='sub'>%lld KB · SM3 %h…</span></li>",
      (long long)pRec->id, (long long)db_column_int64(&q, 0), db_column_text(&q, 1),
      (long long)((db_column_int64(&q, 2)+1023)/1024),
      arena_strndup(r->arena, db_column_text(&q, 3), 16));
  }
  db_finalize(&q);
  if( n ) H(r, "</ul>\n");
  else H(r, "<div class='empty'>暂无证明材料</div>\n");
  if( pRec->zVoidReason==0 && (a->mRoles & check_item_reg.mWrite) ){
    H(r, "<form method='post' action='/check-items/%lld/evidence' enctype='multipart/form-data'>",
      (long long)pRec->id);
    html_csrf(r);
    H(r, "<div class='field'><label for='f-file'>上传照片或文件</label>"
         "<input id='f-file' type='file' name='file' required"
         " accept='image/*,application/pdf,.docx,.xlsx'>"
         "<div class='hint'>可直接拍照；JPG、PNG、PDF、Word、Excel，每个不超过 20 MB</div></div>"
         "<button class='primary' type='submit'>上传</button></form>\n");
  }
}

/* Reply to a failed evidence request (page or API). */
static void evidence_fail(struct req *r, const struct reg_err *e){
  int status = reg_err_status(e->eKind);
  const char *zMsg = e->n ? e->a[0].zMsg : "出错了";
  if( e->eKind==REG_EGONE ) status = 500;
  if( status>=500 ) log_warn("evidence %j: %j", r->zPath, zMsg);
  if( str_starts(r->zPath, "/api/") ){
    api_error(r, status, status>=500 ? "file_damaged" : reg_err_code(e->eKind), zMsg,
              e->n ? e->a[0].zField : 0);
  }else{
    html_error_page(r, status, zMsg);
  }
}

void evidence_upload_page(struct req *r){
  struct actor a;
  struct reg_err e;
  const struct req_file *f = req_file(r, "file");
  i64 itemId = req_path_id(r, 0), id;
  int rc;
  actor_from_req(&a, r);
  reg_err_init(&e, r->arena);
  if( str_starts(r->zPath, "/api/") && f==0 ){
    rc = evidence_add(&a, itemId, req_param_trim(r, "name"), r->pBody, r->nBody, &id, &e);
  }else{
    rc = evidence_add(&a, itemId, f ? f->zFilename : 0, f ? f->pData : "", f ? f->nData : 0,
                      &id, &e);
  }
  if( rc ){
    if( e.eKind==REG_ENOTFOUND ) reg_note_out_of_scope(&check_item_reg, &a, itemId);
    evidence_fail(r, &e);
    return;
  }
  if( str_starts(r->zPath, "/api/") ){
    struct json_w j;
    struct stmt q;
    r->status = 201;
    api_begin(r, &j);
    db_prepare(&q, "SELECT name, mime, size, sm3 FROM evidence WHERE id=?1");
    db_bind_int64(&q, 1, id);
    json_obj_open(&j, 0);
    json_int(&j, "id", id);
    json_int(&j, "item_id", itemId);
    if( db_step(&q)==DB_ROW ){
      json_str(&j, "name", db_column_text(&q, 0));
      json_str(&j, "type", db_column_text(&q, 1));
      json_int(&j, "size", db_column_int64(&q, 2));
      json_str(&j, "sm3", db_column_text(&q, 3));
    }
    db_finalize(&q);
    json_obj_close(&j);
  }else{
    req_redirect(r, arena_printf(r->arena, "/check-items/%lld?saved=1", (long long)itemId));
  }
}

void evidence_download_page(struct req *r){
  struct actor a;
  struct reg_err e;
  struct buf out = BUF_INIT;
  const char *zName = 0, *zType = 0;
  i64 itemId = req_path_id(r, 0), evId = req_path_id(r, 1);
  actor_from_req(&a, r);
  reg_err_init(&e, r->arena);
  if( evidence_get(&a, itemId, evId, r->arena, &out, &zName, &zType, &e) ){
    if( e.eKind==REG_ENOTFOUND ) reg_note_out_of_scope(&check_item_reg, &a, itemId);
    evidence_fail(r, &e);
    buf_release(&out);
    return;
  }
  buf_append(&r->out, out.buf, out.len);
  buf_release(&out);
  req_set_type(r, zType);
  req_add_header(r, "Content-Disposition",
                 arena_printf(r->arena,
                              "attachment; filename=\"evidence-%lld\"; filename*=UTF-8''%t",
                              (long long)evId, zName));
}

void evidence_list_api(struct req *r){
  struct actor a;
  struct reg_err e;
  struct reg_rec rec;
  struct json_w j;
  struct stmt q;
  i64 itemId = req_path_id(r, 0);
  int n = 0;
  actor_from_req(&a, r);
  reg_err_init(&e, r->arena);
  if( reg_get(&check_item_reg, &a, itemId, r->arena, &rec, &e) ){
    reg_note_out_of_scope(&check_item_reg, &a, itemId);
    evidence_fail(r, &e);
    return;
  }
  api_begin(r, &j);
  json_obj_open(&j, 0);
  json_arr_open(&j, "items");
  db_prepare(&q, "SELECT id, name, mime, size, sm3, created_at FROM evidence WHERE item_id=?1"
                 " ORDER BY id");
  db_bind_int64(&q, 1, itemId);
  while( db_step(&q)==DB_ROW ){
    json_obj_open(&j, 0);
    json_int(&j, "id", db_column_int64(&q, 0));
    json_str(&j, "name", db_column_text(&q, 1));
    json_str(&j, "type", db_column_text(&q, 2));
    json_int(&j, "size", db_column_int64(&q, 3));
    json_str(&j, "sm3", db_column_text(&q, 4));
    json_int(&j, "created_at", db_column_int64(&q, 5));
    json_obj_close(&j);
    n++;
  }
  db_finalize(&q);
  json_arr_close(&j);
  json_int(&j, "total", n);
  json_obj_close(&j);
}

/* ---- fazhi evidence ---- */

static const char zEvidenceUsage[] =
  "用法: fazhi evidence list 检查项目ID\n"
  "      fazhi evidence add 检查项目ID 文件\n"
  "      fazhi evidence get 检查项目ID 材料ID [-o 文件]\n"
  "      fazhi evidence verify\n"
  "  学校检查项目的证明材料：按 SM3 存放在数据目录 files/ 下；get 下载时核对 SM3，\n"
  "  verify 核对全部文件，有缺失或被改动的返回1。\n";

int evidence_cmd(int argc, char **argv){
  int n = argc-1, rc = 0;
  char **av = argv+1;
  const char *zOut, *zSub;
  struct arena *ar;
  struct actor a;
  struct reg_err e;
  i64 itemId = 0, evId = 0;
  if( cli_flag(&n, av, "--help") ){ printf("%s", zEvidenceUsage); return 0; }
  zOut = cli_option(&n, av, "-o");
  /* av[0] is the command word, av[1] the subcommand */
  if( n<2 ) return cli_usage(zEvidenceUsage);
  zSub = av[1];
  if( (str_eq(zSub, "list") && n!=3) || (str_eq(zSub, "add") && n!=4)
   || (str_eq(zSub, "get") && n!=4) || (str_eq(zSub, "verify") && n!=2)
   || !(str_eq(zSub, "list") || str_eq(zSub, "add") || str_eq(zSub, "get")
        || str_eq(zSub, "verify")) ){
    return cli_usage(zEvidenceUsage);
  }
  if( n>=3 && str_to_i64(av[2], 1, INT64_MAX, &itemId) ){
    fprintf(stderr, "fazhi: 检查项目ID应为正整数：%s\n", av[2]);
    return 2;
  }
  if( str_eq(zSub, "get") && str_to_i64(av[3], 1, INT64_MAX, &evId) ){
    fprintf(stderr, "fazhi: 材料ID应为正整数：%s\n", av[3]);
    return 2;
  }
  if( cli_open() ) return 1;
  ar = arena_new();
  actor_cli(&a);
  reg_err_init(&e, ar);
  if( str_eq(zSub, "list") ){
    struct reg_rec rec;
    struct stmt q;
    if( reg_get(&check_item_reg, &a, itemId, ar, &rec, &e) ){
      fprintf(stderr, "fazhi: %s\n", reg_err_text(&e));
      rc = reg_err_exit(e.eKind);
    }else{
      db_prepare(&q, "SELECT id, name, size, sm3 FROM evidence WHERE item_id=?1 ORDER BY id");
      db_bind_int64(&q, 1, itemId);
      while( db_step(&q)==DB_ROW ){
        printf("%lld\t%s\t%lld\t%s\n", (long long)db_column_int64(&q, 0), db_column_text(&q, 1),
               (long long)db_column_int64(&q, 2), db_column_text(&q, 3));
      }
      db_finalize(&q);
    }
  }else if( str_eq(zSub, "add") ){
    struct buf data = BUF_INIT;
    i64 id;
    if( cli_read_file(av[3], EVIDENCE_MAX+1, &data) ){
      rc = 1;
    }else if( evidence_add(&a, itemId, av[3], data.buf, data.len, &id, &e) ){
      fprintf(stderr, "fazhi: %s\n", reg_err_text(&e));
      rc = reg_err_exit(e.eKind);
    }else{
      printf("%lld\n", (long long)id);
    }
    buf_release(&data);
  }else if( str_eq(zSub, "get") ){
    struct buf out = BUF_INIT;
    const char *zName, *zType;
    int g = evidence_get(&a, itemId, evId, ar, &out, &zName, &zType, &e);
    if( g ){
      fprintf(stderr, "fazhi: %s\n", reg_err_text(&e));
      rc = g==-2 ? 1 : reg_err_exit(e.eKind);
    }else{
      rc = cli_write_file(zOut, &out);
    }
    buf_release(&out);
  }else{
    struct stmt q;
    int nOk = 0, nBad = 0;
    db_prepare(&q, "SELECT DISTINCT sm3 FROM evidence ORDER BY sm3");
    while( db_step(&q)==DB_ROW ){
      const char *zWant = db_column_text(&q, 0);
      char *zPath = evidence_path(zWant), zHex[2*SM3_LEN+1];
      struct buf data = BUF_INIT;
      if( evidence_read(zPath, &data) ){
        printf("缺失\t%s\n", zWant);
        nBad++;
      }else if( evidence_hash(data.buf, data.len, zHex), !str_eq(zHex, zWant) ){
        printf("被改动\t%s\t实为 %s\n", zWant, zHex);
        nBad++;
      }else{
        nOk++;
      }
      buf_release(&data);
      free(zPath);
    }
    db_finalize(&q);
    printf("证明材料文件 %d 个完好，%d 个缺失或被改动\n", nOk, nBad);
    rc = nBad ? 1 : 0;
  }
  arena_free(ar);
  db_close();
  return rc;
}
