/*
** t_files.c -- tests of core/files.c: the sniffer (each kind by its bytes,
** a zip that is no Office file refused although it starts with PK, SVG and
** HTML refused for a photo field) and the store (put once, 0600, open with
** a re-hash, damaged and missing files found by open and by verify, a
** damaged copy repaired by a put of the good bytes, backup).
*/
#include "test.h"
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zip.h>
#include "../../src/base/buf.h"
#include "../../src/base/fmt.h"
#include "../../src/base/util.h"
#include "../../src/core/files.h"
#include "../../src/crypto/sm3.h"
#include "../../src/store/db.h"
#include "../../src/base/arena.h"
#include "../../src/web/req.h"
#include "../../src/web/upload.h"

/* Write p[0..n) to <tmp>/zName; the path (heap). */
static char *t_file(const char *zName, const void *p, size_t n){
  char *zPath = fmt_dup("%s/%s", test_tmpdir(), zName);
  CHECK(test_write_file(zPath, p, n)==0);
  return zPath;
}

/* A zip at <tmp>/zName holding the entries azEntry (NULL-terminated). */
static char *t_zip(const char *zName, const char *const *azEntry){
  char *zPath = fmt_dup("%s/%s", test_tmpdir(), zName);
  int err = 0, i;
  zip_t *z;
  remove(zPath);
  z = zip_open(zPath, ZIP_CREATE|ZIP_TRUNCATE, &err);
  CHECK(z!=0);
  for(i=0; z && azEntry[i]; i++){
    static const char zBody[] = "<?xml version='1.0'?><x/>";
    zip_source_t *s = zip_source_buffer(z, zBody, sizeof(zBody)-1, 0);
    CHECK(zip_file_add(z, azEntry[i], s, ZIP_FL_OVERWRITE)>=0);
  }
  if( z ) CHECK(zip_close(z)==0);
  return zPath;
}

/* The kind files_sniff gives zPath (and frees zPath); its type in *pz. */
static unsigned t_sniff(char *zPath, const char **pz){
  unsigned m = files_sniff(zPath, pz);
  free(zPath);
  return m;
}

static void test_files_sniff(void){
  static const char *const azDocx[] = { "[Content_Types].xml", "word/document.xml", 0 };
  static const char *const azXlsx[] = { "[Content_Types].xml", "xl/workbook.xml", 0 };
  static const char *const azPlain[] = { "readme.txt", "word/document.xml", 0 };
  static const char *const azTypesOnly[] = { "[Content_Types].xml", "other.xml", 0 };
  const char *z;
  char a[200];
  CHECK_INT(t_sniff(t_file("a.jpg", "\xff\xd8\xff\xe0\0\x10JFIF\0", 11), &z), FILE_PHOTO);
  CHECK_STR(z, "image/jpeg");
  CHECK_INT(t_sniff(t_file("a.png", "\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16), &z), FILE_PHOTO);
  CHECK_STR(z, "image/png");
  CHECK_INT(t_sniff(t_file("a.webp", "RIFF\x24\0\0\0WEBPVP8 ", 16), &z), FILE_PHOTO);
  CHECK_STR(z, "image/webp");
  CHECK_INT(t_sniff(t_file("a.heic", "\0\0\0\x18" "ftypheic\0\0\0\0mif1heic", 24), &z), FILE_PHOTO);
  CHECK_STR(z, "image/heic");
  CHECK_INT(t_sniff(t_file("a.pdf", "%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", 15), &z), FILE_PDF);
  CHECK_STR(z, "application/pdf");
  CHECK_INT(t_sniff(t_file("a.mp4", "\0\0\0\x20" "ftypisom\0\0\x02\0isomiso2mp41", 28), &z),
            FILE_VIDEO);
  CHECK_STR(z, "video/mp4");
  CHECK_INT(t_sniff(t_file("a.mov", "\0\0\0\x14" "ftypqt  \0\0\x02\0qt  ", 20), &z), FILE_VIDEO);
  CHECK_STR(z, "video/quicktime");
  CHECK_INT(t_sniff(t_file("a.avi", "RIFF\x24\0\0\0" "AVI LIST", 16), &z), FILE_VIDEO);
  CHECK_STR(z, "video/x-msvideo");
  CHECK_INT(t_sniff(t_zip("a.docx", azDocx), &z), FILE_OFFICE);
  CHECK_STR(z, "application/vnd.openxmlformats-officedocument.wordprocessingml.document");
  CHECK_INT(t_sniff(t_zip("a.xlsx", azXlsx), &z), FILE_OFFICE);
  CHECK_STR(z, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  /* zips that are not Office files, though they start with PK */
  CHECK_INT(t_sniff(t_zip("plain.docx", azPlain), &z), 0);
  CHECK(z==0);
  CHECK_INT(t_sniff(t_zip("types.docx", azTypesOnly), &z), 0);
  CHECK_INT(t_sniff(t_file("fake.docx", "PK\x03\x04garbage that is no zip", 25), &z), 0);
  /* what a photo field must never take */
  CHECK_INT(t_sniff(t_file("a.svg", "<svg xmlns='http://www.w3.org/2000/svg'><script/></svg>", 55),
                    &z) & FILE_PHOTO, 0);
  CHECK_INT(t_sniff(t_file("a.html", "<!DOCTYPE html><html><script>x</script></html>", 47), &z), 0);
  CHECK_INT(t_sniff(t_file("svg.jpg", "<?xml version='1.0'?><svg/>", 27), &z), 0);
  CHECK_INT(t_sniff(t_file("a.pdf.jpg", "%PDF-1.4 x", 10), &z) & FILE_PHOTO, 0);
  CHECK_INT(t_sniff(t_file("short", "\xff\xd8", 2), &z), 0);
  CHECK_INT(t_sniff(fmt_dup("%s/absent", test_tmpdir()), &z), 0);
  /* the name kept: the last segment, whole characters, never empty */
  {
    struct arena *ar = arena_new();
    char zLong[400];
    const char *zb;
    int i;
    CHECK_STR(files_base_name(ar, "C:\\Users\\x\\合同.pdf", "附件"), "合同.pdf");
    CHECK_STR(files_base_name(ar, "../../etc/passwd", "附件"), "passwd");
    CHECK_STR(files_base_name(ar, "dir/", "附件"), "附件");
    CHECK_STR(files_base_name(ar, 0, "附件"), "附件");
    for(i=0; i<133; i++) memcpy(zLong + 3*i, "合", 3);
    zLong[399] = 0;
    zb = files_base_name(ar, zLong, "附件");
    CHECK_INT((int)strlen(zb), 198);               /* 66 characters, none cut */
    arena_free(ar);
  }
  /* the words and the accept attribute */
  CHECK_STR(files_kinds_text(FILE_PDF|FILE_VIDEO, a, sizeof(a)), "PDF、视频（MP4、MOV、AVI）");
  CHECK(strstr(files_accept(FILE_PHOTO, a, sizeof(a)), "image/jpeg")!=0);
  CHECK(strstr(files_accept(FILE_PHOTO, a, sizeof(a)), "svg")==0);
}

static void test_files_store(void){
  static const char zPhoto[] = "\xff\xd8\xff\xe0 a photo of the guard roster";
  char *zData = fmt_dup("%s/files-data", test_tmpdir());
  char zHex[FILE_HEX], zHex2[FILE_HEX], zWant[FILE_HEX], *zPath, *zTmp;
  u8 h[SM3_LEN];
  struct buf err = BUF_INIT, out = BUF_INIT;
  struct stat st;
  i64 n = 0, nChecked = 0;
  int fd;
  CHECK(test_db_fresh("files.db")==0);
  db_migrate();
  mkdir(zData, 0700);
  files_set_dir(zData);
  sm3(zPhoto, sizeof(zPhoto)-1, h);
  hex_encode(h, SM3_LEN, zWant);
  /* put: stored under its SM3, 0600, one `file` row, twice is once */
  CHECK(files_put_mem(zPhoto, sizeof(zPhoto)-1, "image/jpeg", zHex, &err)==0);
  CHECK_STR(zHex, zWant);
  zPath = files_path_dup(zHex);
  CHECK(stat(zPath, &st)==0);
  CHECK_INT(st.st_mode & 0777, 0600);
  CHECK_INT(st.st_size, (i64)sizeof(zPhoto)-1);
  CHECK(files_put_mem(zPhoto, sizeof(zPhoto)-1, "image/jpeg", zHex2, &err)==0);
  CHECK_STR(zHex2, zHex);
  CHECK_INT(db_i64(0, "SELECT count(*) FROM file", ""), 1);
  CHECK_INT(db_i64(0, "SELECT size FROM file WHERE sm3=?1", "t", zHex), (i64)sizeof(zPhoto)-1);
  files_ref_add(zHex, "adviser", 7, "contract_file", "合同.jpg", 0);
  /* a spooled copy hashes the same */
  CHECK(files_spool(zPath, &zTmp, zHex2, &n, &err)==0);
  CHECK_STR(zHex2, zHex);
  CHECK_INT(n, (i64)sizeof(zPhoto)-1);
  unlink(zTmp);
  free(zTmp);
  /* open re-hashes: intact, then changed on the disk, then missing */
  fd = files_open(zHex, &n, &err);
  CHECK(fd>=0);
  CHECK_INT(n, (i64)sizeof(zPhoto)-1);
  if( fd>=0 ) close(fd);
  CHECK_INT(files_verify_all(&out, &nChecked), 0);
  CHECK_INT(nChecked, 1);
  chmod(zPath, 0600);
  CHECK(test_write_file(zPath, "tampered", 8)==0);
  buf_reset(&err);
  CHECK_INT(files_open(zHex, &n, &err), -2);
  CHECK(strstr(err.buf, zHex)!=0);
  buf_reset(&out);
  CHECK_INT(files_verify_all(&out, &nChecked), 1);
  CHECK(strstr(out.buf, zHex)!=0 && strstr(out.buf, "损坏")!=0);
  CHECK(strstr(out.buf, "adviser 7 contract_file")!=0);
  /* a put of the good bytes repairs the damaged copy */
  CHECK(files_put_mem(zPhoto, sizeof(zPhoto)-1, "image/jpeg", zHex2, &err)==0);
  buf_reset(&out);
  CHECK_INT(files_verify_all(&out, &nChecked), 0);
  /* backup: the store copied beside the database, checked on the way */
  {
    char *zBack = fmt_dup("%s/files-backup", test_tmpdir()), *zCopy;
    i64 nCopied = 0;
    mkdir(zBack, 0700);
    buf_reset(&out);
    CHECK_INT(files_backup(zBack, &out, &nCopied), 0);
    CHECK_INT(nCopied, 1);
    zCopy = fmt_dup("%s/files/%.2s/%s", zBack, zHex, zHex);
    CHECK(files_hash_path(zCopy, zHex2, &n)==0);
    CHECK_STR(zHex2, zHex);
    CHECK_INT(files_backup(zBack, &out, &nCopied), 0);
    CHECK_INT(nCopied, 0);                       /* already there */
    free(zCopy);
    free(zBack);
  }
  /* the sweep removes day-old upload leftovers only */
  {
    char *zOld = fmt_dup("%s/tmp/up-old", zData), *zNew = fmt_dup("%s/tmp/up-new", zData);
    struct timespec ts[2];
    CHECK(test_write_file(zOld, "x", 1)==0);
    CHECK(test_write_file(zNew, "y", 1)==0);
    ts[0].tv_sec = ts[1].tv_sec = time(0) - 2*24*3600;
    ts[0].tv_nsec = ts[1].tv_nsec = 0;
    CHECK(utimensat(AT_FDCWD, zOld, ts, 0)==0);
    CHECK_INT(files_tmp_sweep(), 1);
    CHECK(access(zOld, F_OK)!=0 && access(zNew, F_OK)==0);
    unlink(zNew);
    free(zOld);
    free(zNew);
  }
  unlink(zPath);
  buf_reset(&err);
  CHECK_INT(files_open(zHex, &n, &err), -1);
  buf_reset(&out);
  CHECK_INT(files_verify_all(&out, &nChecked), 1);
  CHECK(strstr(out.buf, "缺失")!=0);
  CHECK_INT(files_open("../../etc/passwd", &n, &err), -1);   /* never a path */
  CHECK_INT(db_open_statements(), 0);
  db_close();
  free(zPath);
  free(zData);
  buf_release(&err);
  buf_release(&out);
}

/* Parse body[0..n) as a streamed upload fed in pieces of nPiece bytes
** (cap nMax) into *r; returns upload_stream_finish's status.  The caller
** frees r->arena after upload_stream_free(*ps). */
static int t_stream(struct req *r, struct upload_stream **ps, const char *zType,
                    const char *p, size_t n, size_t nPiece, i64 nMax){
  const char *zMsg = 0;
  size_t i;
  memset(r, 0, sizeof(*r));
  r->arena = arena_new();
  r->nMaxFile = nMax;
  *ps = upload_stream_new(r, zType, test_tmpdir());
  for(i=0; i<n; i+=nPiece) upload_stream_feed(*ps, p+i, n-i<nPiece ? n-i : nPiece);
  return upload_stream_finish(*ps, &zMsg);
}

static void test_files_stream(void){
  static const char zType[] = "multipart/form-data; boundary=XyZ";
  struct buf body = BUF_INIT, got = BUF_INIT;
  struct upload_stream *s;
  struct req r;
  static const size_t aPiece[] = { 1, 2, 3, 7, 64, 100000 };
  char zWant[FILE_HEX];
  u8 h[SM3_LEN];
  size_t k;
  int i;
  /* a file whose bytes look like the start of a delimiter, twice */
  struct buf file = BUF_INIT;
  buf_puts(&file, "\xff\xd8\xff\r\n--XyY-not-quite\r\n--X");
  for(i=0; i<3000; i++) buf_putc(&file, (char)(i*7));
  buf_puts(&file, "\r\n-");
  sm3(file.buf, file.len, h);
  hex_encode(h, SM3_LEN, zWant);
  buf_puts(&body, "preamble\r\n--XyZ\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n"
                  "tok123\r\n--XyZ\r\nContent-Disposition: form-data; name=\"photo\";"
                  " filename=\"东门.jpg\"\r\nContent-Type: image/jpeg\r\n\r\n");
  buf_append(&body, file.buf, file.len);
  buf_puts(&body, "\r\n--XyZ\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\n"
                  "东门摄像头\r\n--XyZ--\r\nepilogue");
  for(k=0; k<COUNT(aPiece); k++){
    CHECK_INT(t_stream(&r, &s, zType, body.buf, body.len, aPiece[k], 1<<20), 0);
    CHECK_INT(r.nUpload, 1);
    CHECK_STR(req_param(&r, "csrf"), "tok123");
    CHECK_STR(req_param(&r, "note"), "东门摄像头");
    if( r.nUpload==1 ){
      CHECK_STR(r.aUpload[0].zField, "photo");
      CHECK_STR(r.aUpload[0].zFilename, "东门.jpg");
      CHECK_STR(r.aUpload[0].zType, "image/jpeg");
      CHECK_INT(r.aUpload[0].nSize, (i64)file.len);
      CHECK_STR(r.aUpload[0].zSm3, zWant);
      buf_reset(&got);
      CHECK(test_read_file(r.aUpload[0].zPath, &got)==0);
      CHECK(got.len==file.len && memcmp(got.buf, file.buf, file.len)==0);
    }
    upload_stream_free(s);
    if( r.nUpload==1 ) CHECK(access(r.aUpload[0].zPath, F_OK)!=0);   /* removed */
    arena_free(r.arena);
  }
  /* one byte over the cap: 413; cut short: 400; no boundary: 400 */
  CHECK_INT(t_stream(&r, &s, zType, body.buf, body.len, 4096, (i64)file.len-1), 413);
  upload_stream_free(s);
  arena_free(r.arena);
  CHECK_INT(t_stream(&r, &s, zType, body.buf, body.len-20, 4096, 1<<20), 400);
  upload_stream_free(s);
  arena_free(r.arena);
  CHECK_INT(t_stream(&r, &s, "multipart/form-data", body.buf, body.len, 4096, 1<<20), 400);
  upload_stream_free(s);
  arena_free(r.arena);
  /* a body that is not multipart is one file part */
  CHECK_INT(t_stream(&r, &s, "image/jpeg", file.buf, file.len, 5, 1<<20), 0);
  CHECK_INT(r.nUpload, 1);
  if( r.nUpload==1 ){
    CHECK_STR(r.aUpload[0].zField, "file");
    CHECK_STR(r.aUpload[0].zSm3, zWant);
  }
  upload_stream_free(s);
  arena_free(r.arena);
  buf_release(&body);
  buf_release(&got);
  buf_release(&file);
}

void test_files(void){
  test_files_sniff();
  test_files_store();
  test_files_stream();
}
