/*
** files.c -- the content-addressed file store (files.h): sniffing,
** putting, opening with a re-hash, verifying.
*/
#include "../common.h"
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zip.h>
#include "../base/arena.h"
#include "../base/buf.h"
#include "../base/fmt.h"
#include "../base/log.h"
#include "../base/util.h"
#include "../crypto/sm3.h"
#include "../store/db.h"
#include "../web/req.h"
#include "files.h"

static const char *zFilesData = ".";

void files_set_dir(const char *zDataDir){
  zFilesData = zDataDir;
}

const char *files_dir(void){
  return zFilesData;
}

char *files_path_dup(const char *zHex){
  return fmt_dup("%s/files/%.2s/%s", zFilesData, zHex, zHex);
}

/* True when z is an SM3 in lower-case hex. */
static bool files_is_hex(const char *z){
  int i;
  for(i=0; i<64; i++){
    if( !((z[i]>='0' && z[i]<='9') || (z[i]>='a' && z[i]<='f')) ) return false;
  }
  return z[64]==0;
}

/* ---- sniffing ---- */

/* The zip at zPath as an office document: the DOCX or XLSX type, or NULL
** when it does not open as one. */
static const char *files_sniff_zip(const char *zPath){
  int err = 0;
  const char *zType = 0;
  zip_t *z = zip_open(zPath, ZIP_RDONLY, &err);
  if( z==0 ) return 0;
  if( zip_name_locate(z, "[Content_Types].xml", 0)>=0 ){
    if( zip_name_locate(z, "word/document.xml", 0)>=0 ){
      zType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
    }else if( zip_name_locate(z, "xl/workbook.xml", 0)>=0 ){
      zType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    }
  }
  zip_discard(z);
  return zType;
}

unsigned files_sniff(const char *zPath, const char **pzType){
  unsigned char p[32];
  ssize_t n;
  int fd = open(zPath, O_RDONLY|O_CLOEXEC);
  *pzType = 0;
  if( fd<0 ) return 0;
  n = read(fd, p, sizeof(p));
  close(fd);
  if( n<4 ) return 0;
  if( memcmp(p, "\xff\xd8\xff", 3)==0 ){ *pzType = "image/jpeg"; return FILE_PHOTO; }
  if( n>=8 && memcmp(p, "\x89PNG\r\n\x1a\n", 8)==0 ){ *pzType = "image/png"; return FILE_PHOTO; }
  if( n>=12 && memcmp(p, "RIFF", 4)==0 && memcmp(p+8, "WEBP", 4)==0 ){
    *pzType = "image/webp";
    return FILE_PHOTO;
  }
  if( n>=12 && memcmp(p, "RIFF", 4)==0 && memcmp(p+8, "AVI ", 4)==0 ){
    *pzType = "video/x-msvideo";
    return FILE_VIDEO;
  }
  if( n>=12 && memcmp(p+4, "ftyp", 4)==0 ){
    static const char *const azHeic[] = { "heic", "heix", "hevc", "hevx", "heim", "heis",
                                          "mif1", "msf1" };
    size_t i;
    for(i=0; i<COUNT(azHeic); i++){
      if( memcmp(p+8, azHeic[i], 4)==0 ){ *pzType = "image/heic"; return FILE_PHOTO; }
    }
    *pzType = memcmp(p+8, "qt  ", 4)==0 ? "video/quicktime" : "video/mp4";
    return FILE_VIDEO;
  }
  if( n>=5 && memcmp(p, "%PDF-", 5)==0 ){ *pzType = "application/pdf"; return FILE_PDF; }
  if( memcmp(p, "PK\x03\x04", 4)==0 && (*pzType = files_sniff_zip(zPath))!=0 ){
    return FILE_OFFICE;
  }
  return 0;
}

const char *files_kinds_text(unsigned m, char *z, size_t nZ){
  struct buf b = BUF_INIT;
  if( m & FILE_PHOTO ) buf_puts(&b, "、照片（JPG、PNG、WebP、HEIC）");
  if( m & FILE_PDF ) buf_puts(&b, "、PDF");
  if( m & FILE_OFFICE ) buf_puts(&b, "、Word（.docx）或 Excel（.xlsx）");
  if( m & FILE_VIDEO ) buf_puts(&b, "、视频（MP4、MOV、AVI）");
  snprintf(z, nZ, "%s", b.len ? b.buf + strlen("、") : "");
  buf_release(&b);
  return z;
}

const char *files_accept(unsigned m, char *z, size_t nZ){
  struct buf b = BUF_INIT;
  if( m & FILE_PHOTO ) buf_puts(&b, ",image/jpeg,image/png,image/webp,image/heic,.heic");
  if( m & FILE_PDF ) buf_puts(&b, ",application/pdf,.pdf");
  if( m & FILE_OFFICE ) buf_puts(&b, ",.docx,.xlsx");
  if( m & FILE_VIDEO ) buf_puts(&b, ",video/mp4,video/quicktime,video/x-msvideo,.mp4,.mov,.avi");
  snprintf(z, nZ, "%s", b.len ? b.buf+1 : "");
  buf_release(&b);
  return z;
}

const char *files_base_name(struct arena *ar, const char *zName, const char *zDefault){
  const char *z = zName && zName[0] ? zName : zDefault;
  size_t n;
  if( strrchr(z, '/') ) z = strrchr(z, '/')+1;
  if( strrchr(z, '\\') ) z = strrchr(z, '\\')+1;
  if( z[0]==0 ) z = zDefault;
  n = strlen(z);
  if( n<=200 ) return z;
  n = 200;
  while( n>0 && (z[n] & 0xc0)==0x80 ) n--;        /* whole characters */
  return arena_strndup(ar, z, n);
}

/* ---- hashing and writing ---- */

/* Hash the rest of descriptor fd into zHex, counting *pnSize.  -1 on a
** read error. */
static int files_hash_fd(int fd, char zHex[FILE_HEX], i64 *pnSize){
  static _Thread_local char aChunk[65536];
  struct sm3_ctx c;
  u8 h[SM3_LEN];
  i64 n = 0;
  int rc = 0;
  sm3_init(&c);
  for(;;){
    ssize_t k = read(fd, aChunk, sizeof(aChunk));
    if( k<0 && errno==EINTR ) continue;
    if( k<0 ){ rc = -1; break; }
    if( k==0 ) break;
    sm3_update(&c, aChunk, (size_t)k);
    n += k;
  }
  sm3_final(&c, h);
  sm3_free(&c);
  hex_encode(h, SM3_LEN, zHex);
  if( pnSize ) *pnSize = n;
  return rc;
}

int files_hash_path(const char *zPath, char zHex[FILE_HEX], i64 *pnSize){
  int fd = open(zPath, O_RDONLY|O_CLOEXEC), rc;
  if( fd<0 ) return -1;
  rc = files_hash_fd(fd, zHex, pnSize);
  close(fd);
  return rc;
}

/* Make <data>/files/<h0h1>: 0, or -1 with a message. */
static int files_mkdirs(const char *zHex, struct buf *pErr){
  char *zDir = fmt_dup("%s/files", zFilesData);
  int rc = 0;
  if( mkdir(zDir, 0700) && errno!=EEXIST ) rc = -1;
  free(zDir);
  zDir = fmt_dup("%s/files/%.2s", zFilesData, zHex);
  if( rc==0 && mkdir(zDir, 0700) && errno!=EEXIST ) rc = -1;
  if( rc ) buf_appendf(pErr, "无法建立文件目录 %s：%s", zDir, strerror(errno));
  free(zDir);
  return rc;
}

/* fsync the folder holding zPath. */
static int files_sync_dir(const char *zPath){
  char *zDir = fmt_dup("%s", zPath), *zSlash = strrchr(zDir, '/');
  int fd, rc = 0;
  if( zSlash ) *zSlash = 0;
  fd = open(zDir, O_RDONLY|O_DIRECTORY|O_CLOEXEC);
  if( fd<0 || fsync(fd) ) rc = -1;
  if( fd>=0 ) close(fd);
  free(zDir);
  return rc;
}

/* Note the `file` row of zHex when absent. */
static void files_row(const char *zHex, i64 nSize, const char *zType){
  db_exec("INSERT INTO file(sm3, size, type, created_at) VALUES(?1, ?2, ?3, ?4)"
          " ON CONFLICT(sm3) DO NOTHING", "titi", zHex, nSize, zType ? zType : "",
          (i64)time_now());
}

int files_put_path(const char *zTmp, const char *zHex, i64 nSize, const char *zType,
                   struct buf *pErr){
  char *zPath;
  char zHave[FILE_HEX];
  i64 nHave = 0;
  int fd, rc = 0;
  if( !files_is_hex(zHex) ){
    buf_appendf(pErr, "文件的 SM3 不正确：%s", zHex);
    return -1;
  }
  if( files_mkdirs(zHex, pErr) ) return -1;
  zPath = files_path_dup(zHex);
  if( files_hash_path(zPath, zHave, &nHave)==0 && str_eq(zHave, zHex) ){
    unlink(zTmp);                  /* the same bytes are already there */
  }else{
    /* a damaged copy is replaced by the good bytes */
    fd = open(zTmp, O_RDONLY|O_CLOEXEC);
    if( fd<0 || fchmod(fd, 0600) || fsync(fd) ) rc = -1;
    if( fd>=0 ) close(fd);
    if( rc==0 && (rename(zTmp, zPath) || files_sync_dir(zPath)) ) rc = -1;
    if( rc ){
      buf_appendf(pErr, "无法保存文件：%s", strerror(errno));
      unlink(zTmp);
    }
  }
  free(zPath);
  if( rc==0 ) files_row(zHex, nSize, zType);
  return rc;
}

int files_put_mem(const void *p, size_t n, const char *zType, char zHex[FILE_HEX],
                  struct buf *pErr){
  char *zTmp = fmt_dup("%s/tmp/put-XXXXXX", zFilesData), *zDir;
  const char *q = p;
  size_t left = n;
  u8 h[SM3_LEN];
  int fd, rc = 0;
  sm3(p, n, h);
  hex_encode(h, SM3_LEN, zHex);
  zDir = fmt_dup("%s/tmp", zFilesData);
  mkdir(zDir, 0700);
  free(zDir);
  fd = mkstemp(zTmp);
  if( fd<0 ){
    buf_appendf(pErr, "无法建立临时文件：%s", strerror(errno));
    free(zTmp);
    return -1;
  }
  while( left ){
    ssize_t k = write(fd, q, left);
    if( k<0 && errno==EINTR ) continue;
    if( k<=0 ){ rc = -1; break; }
    q += k;
    left -= (size_t)k;
  }
  if( close(fd) ) rc = -1;
  if( rc ){
    buf_appendf(pErr, "无法写入临时文件：%s", strerror(errno));
    unlink(zTmp);
  }else{
    rc = files_put_path(zTmp, zHex, (i64)n, zType, pErr);
  }
  free(zTmp);
  return rc;
}

/* Copy the rest of descriptor in to out, hashing it into zHex and counting
** *pn (when not NULL): 0, or -1 on a read or write error. */
static int files_copy_fd(int in, int out, char zHex[FILE_HEX], i64 *pn){
  static _Thread_local char aChunk[65536];
  struct sm3_ctx c;
  u8 h[SM3_LEN];
  i64 n = 0;
  int rc = 0;
  sm3_init(&c);
  for(;;){
    ssize_t k = read(in, aChunk, sizeof(aChunk)), w = 0;
    if( k<0 && errno==EINTR ) continue;
    if( k<0 ){ rc = -1; break; }
    if( k==0 ) break;
    sm3_update(&c, aChunk, (size_t)k);
    n += k;
    while( w<k ){
      ssize_t m = write(out, aChunk + w, (size_t)(k - w));
      if( m<0 && errno==EINTR ) continue;
      if( m<=0 ){ rc = -1; break; }
      w += m;
    }
    if( rc ) break;
  }
  sm3_final(&c, h);
  sm3_free(&c);
  hex_encode(h, SM3_LEN, zHex);
  if( pn ) *pn = n;
  return rc;
}

int files_spool(const char *zSrc, char **pzTmp, char zHex[FILE_HEX], i64 *pnSize,
                struct buf *pErr){
  char *zTmp = fmt_dup("%s/tmp/put-XXXXXX", zFilesData), *zDir = fmt_dup("%s/tmp", zFilesData);
  i64 n = 0;
  int in, out, rc = 0;
  *pzTmp = 0;
  mkdir(zDir, 0700);
  free(zDir);
  if( (in = open(zSrc, O_RDONLY|O_CLOEXEC))<0 ){
    buf_appendf(pErr, "无法读取 %s：%s", zSrc, strerror(errno));
    free(zTmp);
    return -1;
  }
  if( (out = mkstemp(zTmp))<0 ){
    buf_appendf(pErr, "无法建立临时文件：%s", strerror(errno));
    close(in);
    free(zTmp);
    return -1;
  }
  rc = files_copy_fd(in, out, zHex, &n);
  close(in);
  if( close(out) ) rc = -1;
  if( rc ){
    buf_appendf(pErr, "无法复制 %s：%s", zSrc, strerror(errno));
    unlink(zTmp);
    free(zTmp);
    return -1;
  }
  *pzTmp = zTmp;
  *pnSize = n;
  return 0;
}

void files_ref_add(const char *zHex, const char *zEntity, i64 recId, const char *zField,
                   const char *zName, i64 userId){
  db_exec("INSERT INTO file_ref(sm3, entity, rec_id, field, name, created_at, created_by)"
          " VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7)", "ttittii", zHex, zEntity, recId, zField,
          zName, (i64)time_now(), userId);
}

int files_tmp_sweep(void){
  char *zDir = fmt_dup("%s/tmp", zFilesData);
  DIR *p = opendir(zDir);
  struct dirent *e;
  time_t tOld = time(0) - 24*3600;
  int n = 0;
  while( p && (e = readdir(p))!=0 ){
    struct stat st;
    char *zPath;
    if( !str_starts(e->d_name, "up-") && !str_starts(e->d_name, "put-") ) continue;
    zPath = fmt_dup("%s/%s", zDir, e->d_name);
    if( lstat(zPath, &st)==0 && S_ISREG(st.st_mode) && st.st_mtime<tOld && unlink(zPath)==0 ){
      n++;
    }
    free(zPath);
  }
  if( p ) closedir(p);
  free(zDir);
  return n;
}

/* ---- reading ---- */

int files_open(const char *zHex, i64 *pnSize, struct buf *pErr){
  char *zPath;
  char zHave[FILE_HEX];
  int fd;
  if( !files_is_hex(zHex) ){
    buf_appendf(pErr, "文件缺失（SM3 %s）", zHex);
    return -1;
  }
  zPath = files_path_dup(zHex);
  fd = open(zPath, O_RDONLY|O_CLOEXEC);
  free(zPath);
  if( fd<0 ){
    buf_appendf(pErr, "文件缺失（SM3 %s）", zHex);
    log_warn("file store: %j is missing", zHex);
    return -1;
  }
  if( files_hash_fd(fd, zHave, pnSize) || !str_eq(zHave, zHex)
   || lseek(fd, 0, SEEK_SET)!=0 ){
    buf_appendf(pErr, "文件校验失败：SM3 应为 %s，实为 %s，文件已被改动或损坏", zHex, zHave);
    log_warn("file store: %j is damaged (its bytes hash to %j)", zHex, zHave);
    close(fd);
    return -2;
  }
  return fd;
}

int files_read(const char *zHex, struct buf *pOut, struct buf *pErr){
  char chunk[65536];
  i64 n;
  int fd = files_open(zHex, &n, pErr);
  if( fd<0 ) return fd;
  for(;;){
    ssize_t k = read(fd, chunk, sizeof(chunk));
    if( k<0 && errno==EINTR ) continue;
    if( k<=0 ) break;
    buf_append(pOut, chunk, (size_t)k);
  }
  close(fd);
  return 0;
}

int files_verify_all(struct buf *pOut, i64 *pnChecked){
  struct stmt q, u;
  int nBad = 0;
  i64 nChecked = 0;
  db_prepare(&q, "SELECT sm3, size FROM file ORDER BY sm3");
  db_prepare(&u, "SELECT entity, rec_id, field, name FROM file_ref WHERE sm3=?1 ORDER BY id");
  while( db_step(&q)==DB_ROW ){
    const char *zHex = db_column_text(&q, 0);
    char *zPath = files_path_dup(zHex);
    char zHave[FILE_HEX];
    i64 nHave = 0;
    nChecked++;
    if( files_hash_path(zPath, zHave, &nHave) ){
      buf_appendf(pOut, "缺失\t%s", zHex);
      nBad++;
    }else if( !str_eq(zHave, zHex) ){
      buf_appendf(pOut, "损坏\t%s\t实为 %s，%lld 字节", zHex, zHave, (long long)nHave);
      nBad++;
    }else{
      free(zPath);
      continue;
    }
    free(zPath);
    db_bind_text(&u, 1, zHex);
    while( db_step(&u)==DB_ROW ){
      buf_appendf(&*pOut, "\t%s %lld %s “%s”", db_column_text(&u, 0),
                  (long long)db_column_int64(&u, 1), db_column_text(&u, 2),
                  db_column_text(&u, 3));
    }
    db_reset(&u);
    buf_putc(pOut, '\n');
  }
  db_finalize(&u);
  db_finalize(&q);
  if( pnChecked ) *pnChecked = nChecked;
  return nBad;
}

int files_reply(struct req *r, const char *zHex, const char *zName, struct buf *pErr){
  i64 n = 0;
  int fd = files_open(zHex, &n, pErr);
  const char *zType;
  if( fd<0 ) return fd;
  zType = db_text(r->arena, 0, "SELECT type FROM file WHERE sm3=?1", "t", zHex);
  if( zType==0 || zType[0]==0 ) zType = "application/octet-stream";
  r->bFdReply = true;
  r->fdReply = fd;
  r->nFdReply = n;
  req_set_type(r, zType);
  req_add_header(r, "Content-Disposition",
                 arena_printf(r->arena, "attachment; filename=\"file-%.8s\"; filename*=UTF-8''%t",
                              zHex, zName && zName[0] ? zName : zHex));
  return 0;
}

/* Copy stored file zHex to zTo (through a temporary file, hashed on the
** way): 0, or -1 with a line in pMsg. */
static int files_copy(const char *zHex, const char *zTo, struct buf *pMsg){
  char *zFrom = files_path_dup(zHex), *zTmp = fmt_dup("%s.tmp-XXXXXX", zTo);
  char zHave[FILE_HEX];
  int in = open(zFrom, O_RDONLY|O_CLOEXEC), out = -1, rc = 0;
  if( in<0 ){
    buf_appendf(pMsg, "缺失\t%s\n", zHex);
    free(zFrom);
    free(zTmp);
    return -1;
  }
  out = mkstemp(zTmp);
  if( out<0 ){
    buf_appendf(pMsg, "无法写入\t%s：%s\n", zTo, strerror(errno));
    close(in);
    free(zFrom);
    free(zTmp);
    return -1;
  }
  rc = files_copy_fd(in, out, zHave, 0);
  close(in);
  if( fsync(out) ) rc = -1;
  if( close(out) ) rc = -1;
  if( rc ){
    buf_appendf(pMsg, "无法写入\t%s：%s\n", zTo, strerror(errno));
  }else if( !str_eq(zHave, zHex) ){
    buf_appendf(pMsg, "损坏\t%s\t实为 %s，未备份\n", zHex, zHave);
    rc = -1;
  }else if( rename(zTmp, zTo) ){
    buf_appendf(pMsg, "无法写入\t%s：%s\n", zTo, strerror(errno));
    rc = -1;
  }
  if( rc ) unlink(zTmp);
  free(zFrom);
  free(zTmp);
  return rc;
}

int files_backup(const char *zDest, struct buf *pMsg, i64 *pnCopied){
  struct stmt q;
  int nBad = 0;
  i64 nCopied = 0;
  char *zDir = fmt_dup("%s/files", zDest);
  if( mkdir(zDir, 0700) && errno!=EEXIST ){
    buf_appendf(pMsg, "无法建立 %s：%s\n", zDir, strerror(errno));
    free(zDir);
    return 1;
  }
  free(zDir);
  db_prepare(&q, "SELECT sm3, size FROM file ORDER BY sm3");
  while( db_step(&q)==DB_ROW ){
    const char *zHex = db_column_text(&q, 0);
    char *zTo = fmt_dup("%s/files/%.2s/%s", zDest, zHex, zHex);
    struct stat st;
    if( stat(zTo, &st)==0 && (i64)st.st_size==db_column_int64(&q, 1) ){
      free(zTo);
      continue;                    /* there from an earlier backup */
    }
    zDir = fmt_dup("%s/files/%.2s", zDest, zHex);
    mkdir(zDir, 0700);
    free(zDir);
    if( files_copy(zHex, zTo, pMsg) ) nBad++;
    else nCopied++;
    free(zTo);
  }
  db_finalize(&q);
  if( pnCopied ) *pnCopied = nCopied;
  return nBad;
}
