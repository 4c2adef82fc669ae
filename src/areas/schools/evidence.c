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
#include <unistd.h>
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
#include "../../core/files.h"
#include "school.h"

#define EVIDENCE_MAX ((i64)2*1024*1024*1024)   /* bytes of one file (a recorder's video) */
#define EVIDENCE_KINDS FILE_ALL               /* photos, PDF, Word/Excel, video */

void evidence_cap(struct req *r){
  r->nMaxFile = EVIDENCE_MAX;
  r->zMaxFileMsg = "文件过大：每个证明材料不超过 2 GB";
}

int evidence_add(const struct actor *a, i64 itemId, const char *zName, const char *zTmp,
                 i64 n, const char *zHex, i64 *pId, struct reg_err *e){
  const struct reg_def *d = &check_item_reg;
  struct reg_rec rec;
  struct buf err = BUF_INIT, after = BUF_INIT;
  struct json_w j;
  const char *zType = 0, *zBase;
  char zId[24], zKinds[200];
  i64 orgId = 0;
  if( reg_get(d, a, itemId, e->ar, &rec, e) ) return -1;
  if( !(a->mRoles & d->mWrite) ){
    reg_err_add(e, REG_EDENIED, 0, "您的角色不能为检查项目上传证明材料");
    return -1;
  }
  zBase = files_base_name(e->ar, zName, "证明材料");
  if( zTmp==0 || n==0 ){
    reg_err_add(e, REG_EINVALID, "file", "请选择要上传的文件（文件为空）");
    return -1;
  }
  if( n>EVIDENCE_MAX ){
    reg_err_add(e, REG_EINVALID, "file", "文件过大：每个证明材料不超过 2 GB");
    return -1;
  }
  if( (files_sniff(zTmp, &zType) & EVIDENCE_KINDS)==0 ){
    reg_err_add(e, REG_EINVALID, "file", "只能上传%s文件",
                files_kinds_text(EVIDENCE_KINDS, zKinds, sizeof(zKinds)));
    return -1;
  }
  if( files_put_path(zTmp, zHex, n, zType, &err) ){
    reg_err_add(e, REG_EINVALID, "file", "%s", err.buf);
    buf_release(&err);
    return -1;
  }
  str_to_i64(rec.az[reg_field_index(d, "org_id")], 1, INT64_MAX, &orgId);
  db_begin();
  *pId = db_i64(0, "INSERT INTO evidence(item_id, org_id, sm3, name, mime, size, created_at,"
                   " created_by) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) RETURNING id", "iitttiii",
                 itemId, orgId, zHex, zBase, zType, n, (i64)time_now(), a->userId);
  files_ref_add(zHex, "check_item", itemId, "evidence", zBase, a->userId);
  json_init(&j, &after);
  json_obj_open(&j, 0);
  json_int(&j, "evidence_id", *pId);
  json_str(&j, "name", zBase);
  json_str(&j, "type", zType);
  json_int(&j, "size", n);
  json_str(&j, "sm3", zHex);
  json_obj_close(&j);
  snprintf(zId, sizeof(zId), "%lld", (long long)itemId);
  audit_write(a, "attach", d->zName, zId, 0, after.buf);
  db_commit();
  buf_release(&after);
  return 0;
}

/* Evidence evId of item itemId as the actor reaches it: 0 with its SM3
** and name (in ar), or -1 with REG_ENOTFOUND in e. */
static int evidence_find(const struct actor *a, i64 itemId, i64 evId, struct arena *ar,
                         const char **pzHex, const char **pzName, struct reg_err *e){
  struct reg_rec rec;
  struct stmt q;
  *pzHex = 0;
  if( reg_get(&check_item_reg, a, itemId, ar, &rec, e) ) return -1;
  db_prepare(&q, "SELECT sm3, name FROM evidence WHERE id=?1 AND item_id=?2");
  db_bind_int64(&q, 1, evId);
  db_bind_int64(&q, 2, itemId);
  if( db_step(&q)==DB_ROW ){
    *pzHex = db_column_dup(ar, &q, 0);
    *pzName = db_column_dup(ar, &q, 1);
  }
  db_finalize(&q);
  if( *pzHex==0 ){
    reg_err_add(e, REG_ENOTFOUND, 0, "证明材料不存在");
    return -1;
  }
  return 0;
}

/* A stored file found damaged or missing on download: audited on the item
** (its own transaction). */
static void evidence_note_damage(const struct actor *a, i64 itemId, const char *zHex, int rc){
  char zId[24], *zAfter = fmt_dup("{\"sm3\":%j}", zHex);
  snprintf(zId, sizeof(zId), "%lld", (long long)itemId);
  db_begin();
  audit_write(a, rc==-2 ? "file_damaged" : "file_missing", check_item_reg.zName, zId, 0, zAfter);
  db_commit();
  free(zAfter);
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
         " <span class='sub'>%lld KB</span>",
      (long long)pRec->id, (long long)db_column_int64(&q, 0), db_column_text(&q, 1),
      (long long)((db_column_int64(&q, 2)+1023)/1024));
    /* the hash is machinery: under 技术信息 */
    reg_tech_begin(r);
    H(r, "SM3 %h", db_column_text(&q, 3));
    reg_tech_end(r);
    H(r, "</li>");
  }
  db_finalize(&q);
  if( n ) H(r, "</ul>\n");
  else H(r, "<div class='empty'>暂无证明材料</div>\n");
  if( pRec->zVoidReason==0 && (a->mRoles & check_item_reg.mWrite) ){
    H(r, "<form method='post' action='/check-items/%lld/evidence' enctype='multipart/form-data'>",
      (long long)pRec->id);
    html_csrf(r);
    H(r, "<div class='field'><label for='f-file'>上传照片、视频或文件</label>"
         "<input id='f-file' type='file' name='file' required"
         " accept='image/*,video/*,application/pdf,.docx,.xlsx'>"
         "<div class='hint'>可直接拍照或录像；照片、执法记录仪视频（MP4、MOV、AVI）、PDF、Word、"
         "Excel，每个不超过 2 GB</div></div>"
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
  const struct req_upload *f = req_upload(r, "file");
  i64 itemId = req_path_id(r, 0), id;
  int rc;
  actor_from_req(&a, r);
  reg_err_init(&e, r->arena);
  rc = evidence_add(&a, itemId, f ? f->zFilename : 0, f ? f->zPath : 0, f ? f->nSize : 0,
                    f ? f->zSm3 : 0, &id, &e);
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
  struct buf err = BUF_INIT;
  const char *zName = 0, *zHex = 0;
  i64 itemId = req_path_id(r, 0), evId = req_path_id(r, 1);
  int rc;
  actor_from_req(&a, r);
  reg_err_init(&e, r->arena);
  if( evidence_find(&a, itemId, evId, r->arena, &zHex, &zName, &e) ){
    if( e.eKind==REG_ENOTFOUND ) reg_note_out_of_scope(&check_item_reg, &a, itemId);
    evidence_fail(r, &e);
    return;
  }
  if( (rc = files_reply(r, zHex, zName, &err))!=0 ){
    evidence_note_damage(&a, itemId, zHex, rc);
    reg_err_add(&e, REG_EGONE, 0, "证明材料%s", err.buf);
    evidence_fail(r, &e);
  }
  buf_release(&err);
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
    struct buf err = BUF_INIT;
    char *zTmp = 0, zHex[FILE_HEX];
    i64 id, nSize = 0;
    if( files_spool(av[3], &zTmp, zHex, &nSize, &err) ){
      fprintf(stderr, "fazhi: %s\n", err.buf);
      rc = 1;
    }else if( evidence_add(&a, itemId, av[3], zTmp, nSize, zHex, &id, &e) ){
      fprintf(stderr, "fazhi: %s\n", reg_err_text(&e));
      rc = reg_err_exit(e.eKind);
    }else{
      printf("%lld\n", (long long)id);
    }
    if( zTmp ) unlink(zTmp);       /* still there when it was not stored */
    free(zTmp);
    buf_release(&err);
  }else if( str_eq(zSub, "get") ){
    struct buf err = BUF_INIT;
    const char *zName, *zHex;
    i64 nSize;
    int fd = -1;
    if( evidence_find(&a, itemId, evId, ar, &zHex, &zName, &e) ){
      fprintf(stderr, "fazhi: %s\n", reg_err_text(&e));
      rc = reg_err_exit(e.eKind);
    }else if( (fd = files_open(zHex, &nSize, &err))<0 ){
      evidence_note_damage(&a, itemId, zHex, fd);
      fprintf(stderr, "fazhi: 证明材料%s\n", err.buf);
      rc = 1;
    }else{
      FILE *out = zOut ? fopen(zOut, "wb") : stdout;
      char chunk[65536];
      ssize_t k;
      if( out==0 ){
        fprintf(stderr, "fazhi: 无法写入 %s：%s\n", zOut, strerror(errno));
        rc = 1;
      }else{
        while( (k = read(fd, chunk, sizeof(chunk)))>0 ){
          if( fwrite(chunk, 1, (size_t)k, out)!=(size_t)k ){ rc = 1; break; }
        }
        if( k<0 ) rc = 1;
        if( (out!=stdout ? fclose(out) : fflush(out))!=0 ) rc = 1;
        if( rc ) fprintf(stderr, "fazhi: 无法写入 %s\n", zOut ? zOut : "标准输出");
      }
      close(fd);
    }
    buf_release(&err);
  }else{
    struct stmt q;
    int nOk = 0, nBad = 0;
    db_prepare(&q, "SELECT DISTINCT sm3 FROM evidence ORDER BY sm3");
    while( db_step(&q)==DB_ROW ){
      const char *zWant = db_column_text(&q, 0);
      char *zPath = files_path_dup(zWant), zHex[FILE_HEX];
      i64 nSize;
      if( files_hash_path(zPath, zHex, &nSize) ){
        printf("缺失\t%s\n", zWant);
        nBad++;
      }else if( !str_eq(zHex, zWant) ){
        printf("被改动\t%s\t实为 %s\n", zWant, zHex);
        nBad++;
      }else{
        nOk++;
      }
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
