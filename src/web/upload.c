/*
** upload.c -- streamed uploads (upload.h): a multipart/form-data parser
** that takes the body in the pieces libmicrohttpd hands over.
**
** The body is read through a window holding the bytes not yet known to
** be data: a piece is appended, every complete thing in the window is
** taken (a delimiter "\r\n--boundary", a part's headers, data that cannot
** be the start of a delimiter) and the rest, at most a delimiter's length,
** waits for the next piece.  A file part's data goes to its temporary file
** and its SM3 as it comes; text parts are kept (at most UP_MAX_TEXT bytes
** in all).
*/
#include "../common.h"
#include <errno.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>
#include "../base/arena.h"
#include "../base/buf.h"
#include "../base/fmt.h"
#include "../base/log.h"
#include "../base/util.h"
#include "../crypto/sm3.h"
#include "req.h"
#include "upload.h"

#define UP_MAX_TEXT (64*1024)     /* bytes of all text parts together */
#define UP_MAX_HEAD (16*1024)     /* bytes of one part's headers */

enum { UP_PRE, UP_DELIM, UP_HEAD, UP_DATA, UP_DONE, UP_RAW };

struct upload_stream {
  struct req *r;
  const char *zTmpDir;
  int eState;                /* UP_* */
  char *zDelim;              /* "\r\n--" boundary (in the arena) */
  size_t nDelim;
  struct buf win;            /* bytes not yet taken */
  /* the part being read */
  const char *zName;         /* its field name */
  struct req_upload *pUp;    /* a file part, or NULL for text */
  int fd;                    /* the file part's temporary file, or -1 */
  struct sm3_ctx sm;
  bool bSm;                  /* sm is initialised */
  struct buf text;           /* a text part's value */
  size_t nText;              /* text bytes so far, all parts */
  /* the first problem */
  int status;                /* 0, 400, 413 or 503 */
  const char *zMsg;
};

/* Note the first problem; the rest of the body is dropped. */
static void up_fail(struct upload_stream *s, int status, const char *zMsg){
  if( s->status ) return;
  s->status = status;
  s->zMsg = zMsg;
  s->eState = UP_DONE;
}

/* Open the temporary file of a new file part (named: the store renames
** it; removed at the end when it is still there). */
static void up_file_open(struct upload_stream *s, const char *zName, const char *zFile,
                         const char *zType){
  struct req *r = s->r;
  char *zPath;
  if( r->nUpload>=REQ_MAX_UPLOADS ){
    up_fail(s, 400, "一次最多上传4个文件");
    return;
  }
  mkdir(s->zTmpDir, 0700);
  zPath = arena_printf(r->arena, "%s/up-XXXXXX", s->zTmpDir);
  s->fd = mkstemp(zPath);
  if( s->fd<0 ){
    log_warn("cannot make an upload file in %j: %j", s->zTmpDir, strerror(errno));
    up_fail(s, 503, "服务器暂时无法保存上传的文件，请稍后再试");
    return;
  }
  s->pUp = &r->aUpload[r->nUpload++];
  memset(s->pUp, 0, sizeof(*s->pUp));
  s->pUp->zField = zName;
  s->pUp->zFilename = zFile;
  s->pUp->zType = zType ? zType : "";
  s->pUp->zPath = zPath;
  if( s->bSm ){
    sm3_reset(&s->sm);
  }else{
    sm3_init(&s->sm);
    s->bSm = true;
  }
}

/* Take n bytes of the current part's data. */
static void up_emit(struct upload_stream *s, const char *p, size_t n){
  if( n==0 || s->status ) return;
  if( s->pUp==0 ){
    if( s->nText + n > UP_MAX_TEXT ){
      up_fail(s, 413, "表单内容过大");
      return;
    }
    s->nText += n;
    buf_append(&s->text, p, n);
    return;
  }
  if( s->pUp->nSize + (i64)n > s->r->nMaxFile ){
    up_fail(s, 413, s->r->zMaxFileMsg ? s->r->zMaxFileMsg : "上传的文件过大");
    return;
  }
  s->pUp->nSize += (i64)n;
  sm3_update(&s->sm, p, n);
  while( n ){
    ssize_t k = write(s->fd, p, n);
    if( k<0 && errno==EINTR ) continue;
    if( k<=0 ){
      log_warn("upload file write failed: %j", strerror(errno));
      up_fail(s, 503, "服务器暂时无法保存上传的文件，请稍后再试");
      return;
    }
    p += k;
    n -= (size_t)k;
  }
}

/* The current part is complete. */
static void up_part_end(struct upload_stream *s){
  struct req *r = s->r;
  if( s->pUp ){
    u8 h[SM3_LEN];
    sm3_final(&s->sm, h);
    hex_encode(h, SM3_LEN, s->pUp->zSm3);
    if( s->fd>=0 && close(s->fd) && !s->status ){
      up_fail(s, 503, "服务器暂时无法保存上传的文件，请稍后再试");
    }
    s->fd = -1;
    s->pUp = 0;
  }else if( s->zName ){
    char *zVal = arena_strndup(r->arena, s->text.len ? s->text.buf : "", s->text.len);
    if( !text_ok(zVal) || strlen(zVal)!=s->text.len ){
      up_fail(s, 400, arena_printf(r->arena, "字段 %s 不是有效的 UTF-8 文本", s->zName));
    }else if( r->nParam < REQ_MAX_PARAMS ){
      r->aParam[r->nParam].zName = s->zName;
      r->aParam[r->nParam].zValue = zVal;
      r->nParam++;
    }
  }
  s->zName = 0;
  buf_reset(&s->text);
}

/* A part's headers h[0..n) (without the blank line): start the part. */
static void up_part_begin(struct upload_stream *s, const char *h, size_t n){
  struct req *r = s->r;
  const char *end = h + n;
  char *zName = 0, *zFile = 0, *zType = 0;
  while( h<end ){
    const char *e = memmem(h, (size_t)(end - h), "\r\n", 2);
    size_t k = e ? (size_t)(e - h) : (size_t)(end - h);
    if( k>20 && strncasecmp(h, "Content-Disposition:", 20)==0 ){
      zName = disp_attr(r->arena, h+20, k-20, "name");
      zFile = disp_attr(r->arena, h+20, k-20, "filename");
    }else if( k>13 && strncasecmp(h, "Content-Type:", 13)==0 ){
      const char *v = h+13;
      while( *v==' ' ) v++;
      zType = arena_strndup(r->arena, v, k - (size_t)(v - h));
    }
    h += k + 2;
  }
  if( zName==0 ){
    up_fail(s, 400, "上传内容格式错误：某部分没有字段名");
    return;
  }
  s->zName = zName;
  if( zFile ) up_file_open(s, zName, zFile, zType);
}

/* Take whatever the window holds that can be taken. */
static void up_run(struct upload_stream *s){
  size_t at = 0;                 /* bytes of the window taken */
  for(;;){
    const char *p = s->win.buf + at;
    size_t n = s->win.len - at;
    const char *q;
    if( s->eState==UP_DONE ){
      at = s->win.len;
      break;
    }else if( s->eState==UP_RAW ){
      up_emit(s, p, n);
      at = s->win.len;
      break;
    }else if( s->eState==UP_PRE || s->eState==UP_DATA ){
      q = n>=s->nDelim ? memmem(p, n, s->zDelim, s->nDelim) : 0;
      if( q==0 ){
        size_t keep = s->nDelim - 1;
        if( n>keep ){
          if( s->eState==UP_DATA ) up_emit(s, p, n - keep);
          at += n - keep;
        }
        break;
      }
      if( s->eState==UP_DATA ){
        up_emit(s, p, (size_t)(q - p));
        up_part_end(s);
      }
      at += (size_t)(q - p) + s->nDelim;
      if( s->eState!=UP_DONE ) s->eState = UP_DELIM;
    }else if( s->eState==UP_DELIM ){
      if( n<2 ) break;
      if( p[0]=='-' && p[1]=='-' ){
        s->eState = UP_DONE;
      }else if( p[0]=='\r' && p[1]=='\n' ){
        s->eState = UP_HEAD;
        at += 2;
      }else{
        up_fail(s, 400, "上传内容格式错误：分隔符后缺少换行");
      }
    }else{                       /* UP_HEAD */
      q = memmem(p, n, "\r\n\r\n", 4);
      if( q==0 && n>=2 && p[0]=='\r' && p[1]=='\n' ) q = p - 2;   /* no headers */
      if( q==0 ){
        if( n>UP_MAX_HEAD ) up_fail(s, 400, "上传内容格式错误：部分头过长");
        else break;
        continue;
      }
      up_part_begin(s, p, q>p ? (size_t)(q - p) : 0);
      at += (size_t)(q - p) + 4;
      if( s->eState!=UP_DONE ) s->eState = UP_DATA;
    }
  }
  if( at ){
    memmove(s->win.buf, s->win.buf + at, s->win.len - at);
    s->win.len -= at;
  }
}

struct upload_stream *upload_stream_new(struct req *r, const char *zType, const char *zTmpDir){
  struct upload_stream *s = arena_alloc(r->arena, sizeof(*s));
  memset(s, 0, sizeof(*s));
  s->r = r;
  s->zTmpDir = arena_strdup(r->arena, zTmpDir);
  s->fd = -1;
  buf_init(&s->win);
  buf_init(&s->text);
  if( zType && str_starts(zType, "multipart/form-data") ){
    const char *zB = strstr(zType, "boundary=");
    size_t nB = 0;
    if( zB ){
      zB += 9;
      if( *zB=='"' ){
        const char *e = strchr(zB+1, '"');
        zB++;
        nB = e ? (size_t)(e - zB) : 0;
      }else{
        nB = strcspn(zB, "; ");
      }
    }
    if( nB<1 || nB>70 ){
      up_fail(s, 400, "上传内容缺少分隔符（boundary）");
      return s;
    }
    s->zDelim = arena_printf(r->arena, "\r\n--%.*s", (int)nB, zB);
    s->nDelim = strlen(s->zDelim);
    s->eState = UP_PRE;
    buf_append(&s->win, "\r\n", 2);    /* the first delimiter has no line before it */
  }else{
    const char *zName = req_param(r, "name");
    s->eState = UP_RAW;
    up_file_open(s, "file", zName ? zName : "", zType);
    s->zName = "file";
  }
  return s;
}

void upload_stream_feed(struct upload_stream *s, const char *p, size_t n){
  if( s->eState==UP_DONE ) return;
  buf_append(&s->win, p, n);
  up_run(s);
}

int upload_stream_finish(struct upload_stream *s, const char **pzMsg){
  if( s->eState==UP_RAW ){
    up_part_end(s);
    s->eState = UP_DONE;
  }else if( s->eState!=UP_DONE ){
    up_fail(s, 400, "上传内容不完整：缺少结束分隔符");
  }
  *pzMsg = s->zMsg;
  return s->status;
}

void upload_stream_free(struct upload_stream *s){
  int i;
  if( s==0 ) return;
  if( s->fd>=0 ) close(s->fd);
  s->fd = -1;
  if( s->bSm ) sm3_free(&s->sm);
  for(i=0; i<s->r->nUpload; i++) unlink(s->r->aUpload[i].zPath);
  buf_release(&s->win);
  buf_release(&s->text);
}
