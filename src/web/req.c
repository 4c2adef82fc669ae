/*
** req.c -- request parameters, cookies and reply building.
*/
#include "../common.h"
#include <strings.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <microhttpd.h>
#include "../base/arena.h"
#include "../base/buf.h"
#include "../base/fmt.h"
#include "../base/utf8.h"
#include "../base/util.h"
#include "req.h"
#include "upload.h"

const char *req_param(struct req *r, const char *zName){
  int i;
  for(i=r->nParam-1; i>=0; i--){
    if( strcmp(r->aParam[i].zName, zName)==0 ) return r->aParam[i].zValue;
  }
  return 0;
}

const char *req_param_trim(struct req *r, const char *zName){
  const char *z = req_param(r, zName);
  size_t n;
  if( z==0 ) return 0;
  while( *z==' ' || *z=='\t' || *z=='\r' || *z=='\n' ) z++;
  n = strlen(z);
  while( n>0 && (z[n-1]==' ' || z[n-1]=='\t' || z[n-1]=='\r' || z[n-1]=='\n') ) n--;
  if( n==0 ) return 0;
  return arena_strndup(r->arena, z, n);
}

i64 req_path_id(struct req *r, int i){
  i64 id;
  if( i>=r->nPathArg || str_to_i64(r->azPathArg[i], 1, INT64_MAX, &id) ) return 0;
  return id;
}

const char *req_header(struct req *r, const char *zName){
  if( r->conn==0 ) return 0;
  return MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, zName);
}

const char *req_cookie(struct req *r, const char *zName){
  if( r->conn==0 ) return 0;
  return MHD_lookup_connection_value(r->conn, MHD_COOKIE_KIND, zName);
}

/* Value of one hex digit, or -1. */
static int hexval(int c){
  if( c>='0' && c<='9' ) return c-'0';
  if( c>='a' && c<='f' ) return c-'a'+10;
  if( c>='A' && c<='F' ) return c-'A'+10;
  return -1;
}

/* Decode %XX and + in n bytes of p into the arena; *pnOut gets the
** decoded length (more than strlen() when it holds a %00). */
static char *url_decode(struct arena *a, const char *p, size_t n, size_t *pnOut){
  char *z = arena_alloc(a, n+1);
  size_t i, j = 0;
  for(i=0; i<n; i++){
    if( p[i]=='+' ) z[j++] = ' ';
    else if( p[i]=='%' && i+2<n+0 && hexval(p[i+1])>=0 && hexval(p[i+2])>=0 ){
      z[j++] = (char)(hexval(p[i+1])*16 + hexval(p[i+2]));
      i += 2;
    }else z[j++] = p[i];
  }
  z[j] = 0;
  *pnOut = j;
  return z;
}

/* True when the NUL-terminated z is valid UTF-8 with no control bytes
** other than tab, CR and LF (none at all when bLine: a query parameter,
** a path, a header). */
static bool text_check(const char *z, bool bLine){
  const unsigned char *p = (const unsigned char *)z;
  while( *p ){
    unsigned c = *p;
    int n;
    unsigned cp;
    if( c<0x80 ){
      if( c==0x7f || (c<0x20 && (bLine || (c!='\t' && c!='\r' && c!='\n'))) ) return false;
      p++;
      continue;
    }
    if( c>=0xc2 && c<=0xdf ){ n = 1; cp = c & 0x1f; }
    else if( c>=0xe0 && c<=0xef ){ n = 2; cp = c & 0x0f; }
    else if( c>=0xf0 && c<=0xf4 ){ n = 3; cp = c & 0x07; }
    else return false;
    p++;
    while( n-- ){
      if( (*p & 0xc0)!=0x80 ) return false;
      cp = (cp<<6) | (*p & 0x3f);
      p++;
    }
    if( cp>0x10ffff || (cp>=0xd800 && cp<=0xdfff) ) return false;
    if( (c==0xe0 && cp<0x800) || (c==0xf0 && cp<0x10000) ) return false;
  }
  return true;
}

/* Text of a form field: UTF-8, tab and newlines allowed (upload.h). */
bool text_ok(const char *z){
  return text_check(z, false);
}

/* The headers fazhi reads (auth.c, routes.c, org_io.c); checked whole.
** Cookies are not: the session cookie only reaches the database as its
** SM3 hash, and a stray cookie of another site on the same host must not
** lock its users out. */
static const char *const azUsedHeader[] = {
  "Content-Type", "Authorization", "X-CSRF-Token"
};

int req_check_input(struct req *r, struct buf *pErr, const char **pzField){
  int i;
  size_t k;
  *pzField = 0;
  if( !text_check(r->zPath, true) || strlen(r->zPath) > REQ_MAX_PATH ){
    buf_puts(pErr, "请求路径不是有效的文本或过长");
    return -1;
  }
  for(k=0; k<COUNT(azUsedHeader); k++){
    const char *z = req_header(r, azUsedHeader[k]);
    if( z && (!text_check(z, true) || strlen(z) > REQ_MAX_VALUE) ){
      *pzField = azUsedHeader[k];
      buf_appendf(pErr, "请求头 %s 不是有效的文本或过长", azUsedHeader[k]);
      return -1;
    }
  }
  if( r->bQueryNul ){
    buf_puts(pErr, "请求参数不能含 NUL 字符（%00）");
    return -1;
  }
  for(i=0; i<r->nParam; i++){
    const char *zName = r->aParam[i].zName, *zVal = r->aParam[i].zValue;
    if( !text_check(zName, true) || strlen(zName) > 64 ){
      buf_puts(pErr, "请求参数名不是有效的文本或过长");
      return -1;
    }
    *pzField = zName;
    if( !text_check(zVal, true) ){
      buf_appendf(pErr, "参数 %s 不是有效的 UTF-8 文本（不能含控制字符）", zName);
      return -1;
    }
    if( strcmp(zName, "q")==0 && utf8_len_chars(zVal, strlen(zVal)) > REQ_MAX_SEARCH ){
      buf_appendf(pErr, "搜索词不能超过%d个字", REQ_MAX_SEARCH);
      return -1;
    }
    if( strlen(zVal) > REQ_MAX_VALUE ){
      buf_appendf(pErr, "参数 %s 过长（最多%d字节）", zName, REQ_MAX_VALUE);
      return -1;
    }
  }
  *pzField = 0;
  return 0;
}

int req_parse_form(struct req *r, const char *z, size_t n){
  size_t i = 0;
  while( i<n ){
    size_t j = i, eq = (size_t)-1;
    while( j<n && z[j]!='&' ){
      if( z[j]=='=' && eq==(size_t)-1 ) eq = j;
      j++;
    }
    if( j>i && r->nParam<REQ_MAX_PARAMS ){
      size_t nName = eq==(size_t)-1 ? j-i : eq-i, nOut1, nOut2 = 0;
      struct req_param *p = &r->aParam[r->nParam];
      p->zName = url_decode(r->arena, z+i, nName, &nOut1);
      p->zValue = eq==(size_t)-1 ? "" : url_decode(r->arena, z+eq+1, j-eq-1, &nOut2);
      if( !text_ok(p->zName) || !text_ok(p->zValue) ) return -1;
      if( strlen(p->zName)!=nOut1 || strlen(p->zValue)!=nOut2 ) return -1;   /* a %00 */
      r->nParam++;
    }
    i = j+1;
  }
  return 0;
}

void req_add_header(struct req *r, const char *zName, const char *zValue){
  if( r->nHeader+2 > REQ_MAX_HEADERS ) fatal("too many reply headers");
  r->azHeader[r->nHeader++] = arena_strdup(r->arena, zName);
  r->azHeader[r->nHeader++] = arena_strdup(r->arena, zValue);
}

void req_set_type(struct req *r, const char *zType){
  r->zContentType = zType;
}

void H(struct req *r, const char *zFmt, ...){
  va_list ap;
  va_start(ap, zFmt);
  buf_vappendf(&r->out, zFmt, ap);
  va_end(ap);
}

void req_redirect(struct req *r, const char *zUrl){
  r->status = 303;
  req_add_header(r, "Location", zUrl);
}

void req_set_cookie(struct req *r, const char *zName, const char *zValue, int nMaxAge){
  char *z;
  if( nMaxAge<0 ){
    z = arena_printf(r->arena, "%s=%s; Path=/; HttpOnly; SameSite=Strict%s",
                     zName, zValue, r->bSecureCookie ? "; Secure" : "");
  }else{
    z = arena_printf(r->arena, "%s=%s; Path=/; Max-Age=%d; HttpOnly; SameSite=Strict%s",
                     zName, zValue, nMaxAge, r->bSecureCookie ? "; Secure" : "");
  }
  req_add_header(r, "Set-Cookie", z);
}

void req_attachment(struct req *r, const char *zExt, const char *zName, const char *zCnName){
  static const char *const azType[] = {
    "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf", "application/pdf",
    "csv", "text/csv; charset=utf-8",
  };
  size_t i;
  req_set_type(r, "application/octet-stream");
  for(i=0; i<COUNT(azType); i+=2){
    if( strcmp(zExt, azType[i])==0 ) req_set_type(r, azType[i+1]);
  }
  req_add_header(r, "Content-Disposition",
                 arena_printf(r->arena, "attachment; filename=\"%t.%t\"; filename*=UTF-8''%t.%t",
                              zName, zExt, zCnName, zExt));
}

bool req_is_write(const struct req *r){
  return strcmp(r->zMethod, "GET")!=0 && strcmp(r->zMethod, "HEAD")!=0;
}

/* Find needle (n bytes) in hay (nHay bytes); NULL when absent. */
static const char *mem_find(const char *hay, size_t nHay, const char *needle, size_t n){
  size_t i;
  if( n==0 || nHay<n ) return 0;
  for(i=0; i+n<=nHay; i++){
    if( hay[i]==needle[0] && memcmp(hay+i, needle, n)==0 ) return hay+i;
  }
  return 0;
}

/* The value of attribute zName="..." in a Content-Disposition header
** line p[0..n), copied into the arena; NULL when absent (upload.h). */
char *disp_attr(struct arena *a, const char *p, size_t n, const char *zName){
  size_t nName = strlen(zName);
  size_t i;
  for(i=0; i+nName+2<=n; i++){
    if( (i==0 || p[i-1]==' ' || p[i-1]==';') && memcmp(p+i, zName, nName)==0
     && p[i+nName]=='=' ){
      const char *v = p+i+nName+1;
      const char *e;
      size_t left = n - (size_t)(v - p);
      if( left && *v=='"' ){
        v++; left--;
        e = memchr(v, '"', left);
        if( e==0 ) return 0;
      }else{
        e = v;
        while( (size_t)(e - p) < n && *e!=';' && *e!=' ' ) e++;
      }
      return arena_strndup(a, v, (size_t)(e - v));
    }
  }
  return 0;
}

int req_parse_multipart(struct req *r, const char *zContentType, struct buf *pErr){
  const char *zB = strstr(zContentType, "boundary=");
  char *zDelim;
  size_t nDelim;
  const char *p = r->pBody, *end = r->pBody + r->nBody;
  if( zB==0 ){
    buf_puts(pErr, "上传内容缺少分隔符（boundary）");
    return -1;
  }
  zB += 9;
  if( *zB=='"' ){
    const char *e = strchr(zB+1, '"');
    if( e==0 ){ buf_puts(pErr, "上传内容的分隔符格式错误"); return -1; }
    zDelim = arena_printf(r->arena, "--%.*s", (int)(e - zB - 1), zB+1);
  }else{
    zDelim = arena_printf(r->arena, "--%.*s", (int)strcspn(zB, "; "), zB);
  }
  nDelim = strlen(zDelim);
  if( nDelim<3 || nDelim>72 ){
    buf_puts(pErr, "上传内容的分隔符长度不对");
    return -1;
  }
  p = mem_find(p, (size_t)(end - p), zDelim, nDelim);
  if( p==0 ){ buf_puts(pErr, "上传内容格式错误：找不到第一个分隔符"); return -1; }
  for(;;){
    const char *zHeadEnd, *zNext, *h;
    char *zName = 0, *zFile = 0, *zType = 0;
    p += nDelim;
    if( end - p >= 2 && p[0]=='-' && p[1]=='-' ) return 0;      /* closing delimiter */
    if( end - p < 2 || p[0]!='\r' || p[1]!='\n' ){
      buf_puts(pErr, "上传内容格式错误：分隔符后缺少换行");
      return -1;
    }
    p += 2;
    zHeadEnd = mem_find(p, (size_t)(end - p), "\r\n\r\n", 4);
    if( zHeadEnd==0 ){ buf_puts(pErr, "上传内容格式错误：部分头未结束"); return -1; }
    for(h=p; h<zHeadEnd; ){
      const char *e = mem_find(h, (size_t)(zHeadEnd - h), "\r\n", 2);
      size_t n = e ? (size_t)(e - h) : (size_t)(zHeadEnd - h);
      if( n>20 && strncasecmp(h, "Content-Disposition:", 20)==0 ){
        zName = disp_attr(r->arena, h+20, n-20, "name");
        zFile = disp_attr(r->arena, h+20, n-20, "filename");
      }else if( n>13 && strncasecmp(h, "Content-Type:", 13)==0 ){
        const char *v = h+13;
        while( *v==' ' ) v++;
        zType = arena_strndup(r->arena, v, n - (size_t)(v - h));
      }
      h += n + 2;
    }
    p = zHeadEnd + 4;
    {
      char *zSep = arena_printf(r->arena, "\r\n%s", zDelim);
      zNext = mem_find(p, (size_t)(end - p), zSep, nDelim+2);
    }
    if( zNext==0 ){ buf_puts(pErr, "上传内容不完整：缺少结束分隔符"); return -1; }
    if( zName==0 ){ buf_puts(pErr, "上传内容格式错误：某部分没有字段名"); return -1; }
    if( zFile ){
      if( r->nFile >= REQ_MAX_FILES ){ buf_puts(pErr, "一次最多上传4个文件"); return -1; }
      r->aFile[r->nFile].zField = zName;
      r->aFile[r->nFile].zFilename = zFile;
      r->aFile[r->nFile].zType = zType ? zType : "";
      r->aFile[r->nFile].pData = p;
      r->aFile[r->nFile].nData = (size_t)(zNext - p);
      r->nFile++;
    }else if( r->nParam < REQ_MAX_PARAMS ){
      char *zVal = arena_strndup(r->arena, p, (size_t)(zNext - p));
      if( !text_ok(zVal) || strlen(zVal)!=(size_t)(zNext - p) ){
        buf_appendf(pErr, "字段 %s 不是有效的 UTF-8 文本", zName);
        return -1;
      }
      r->aParam[r->nParam].zName = zName;
      r->aParam[r->nParam].zValue = zVal;
      r->nParam++;
    }
    p = zNext + 2;   /* at the delimiter */
  }
}

const struct req_file *req_file(struct req *r, const char *zField){
  int i;
  for(i=0; i<r->nFile; i++){
    if( strcmp(r->aFile[i].zField, zField)==0 ) return &r->aFile[i];
  }
  return 0;
}

struct req_upload *req_upload(struct req *r, const char *zField){
  int i;
  for(i=0; i<r->nUpload; i++){
    if( strcmp(r->aUpload[i].zField, zField)==0 ) return &r->aUpload[i];
  }
  return 0;
}
