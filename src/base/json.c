/*
** json.c -- the streaming JSON writer and the strict reader.
*/
#include "../common.h"
#include <math.h>
#include "buf.h"
#include "fmt.h"
#include "json.h"
#include "utf8.h"
#include "util.h"

void json_init(struct json_w *j, struct buf *b){
  memset(j, 0, sizeof(*j));
  j->b = b;
  j->abFirst[0] = true;
}

void json_finish(struct json_w *j){
  if( j->depth!=0 ) fatal("json: %d scope(s) left open", j->depth);
  if( j->abFirst[0] ) fatal("json: no value written");
}

/* 1 for the ASCII bytes a JSON string takes as they are (fmt_json
** escapes the others: controls, " \ and < > & for HTML). */
static const u8 aJsonPlain[128] = {
  ['\x20'] = 1, 1, 0, 1, 1, 1, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1,   /* " and & */
  ['0'] = 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 0, 1,       /* < and > */
  ['@'] = 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
  ['P'] = 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 1, 1,       /* \ */
  ['`'] = 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
  ['p'] = 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
};

/* Append z (n bytes) as a JSON string; invalid UTF-8 bytes become U+FFFD
** so the output is always valid JSON.  Most strings (keys, names, dates)
** need no escape: one pass finds that, and they are copied whole. */
static void json_put_string(struct buf *b, const char *z, size_t n){
  size_t i = 0, iBad;
  struct buf t = BUF_INIT;
  while( i<n ){
    u8 c = (u8)z[i];
    size_t k;
    if( c<0x80 ){
      if( !aJsonPlain[c] ) break;
      i++;
      continue;
    }
    if( (k = utf8_seq_len(z+i, n-i))==0 ) break;
    i += k;
  }
  if( i==n ){
    buf_putc(b, '"');
    buf_append(b, z, n);
    buf_putc(b, '"');
    return;
  }
  iBad = utf8_check(z, n);
  if( iBad==n ){
    fmt_json(b, z, n);
    return;
  }
  /* rare: rebuild with replacement characters, then escape */
  buf_append(&t, z, iBad);
  for(i=iBad; i<n; ){
    size_t k = utf8_seq_len(z+i, n-i);
    if( k==0 ){
      buf_puts(&t, "\xEF\xBF\xBD");
      i++;
    }else{
      buf_append(&t, z+i, k);
      i += k;
    }
  }
  fmt_json(b, t.buf, t.len);
  buf_release(&t);
}

/* Write the comma and key due before the next value in the current scope;
** fatal() when zKey does not fit the scope. */
static void json_prefix(struct json_w *j, const char *zKey){
  int d = j->depth;
  bool bObj = d>0 && j->aScope[d]=='{';
  if( d==0 && !j->abFirst[0] ) fatal("json: second top-level value");
  if( bObj && zKey==0 ) fatal("json: value without a key inside an object");
  if( !bObj && zKey!=0 ) fatal("json: key \"%s\" outside an object", zKey);
  if( zKey ){
    /* the common key (plain ASCII, short) goes out in one append */
    char zOut[72];
    size_t n = 0, i;
    if( !j->abFirst[d] ) zOut[n++] = ',';
    zOut[n++] = '"';
    for(i=0; zKey[i] && n<sizeof(zOut)-2; i++){
      u8 c = (u8)zKey[i];
      if( c>=0x80 || !aJsonPlain[c] ) break;
      zOut[n++] = (char)c;
    }
    if( zKey[i]==0 ){
      zOut[n++] = '"';
      zOut[n++] = ':';
      buf_append(j->b, zOut, n);
      j->abFirst[d] = false;
      return;
    }
  }
  if( !j->abFirst[d] ) buf_putc(j->b, ',');
  j->abFirst[d] = false;
  if( zKey ){
    json_put_string(j->b, zKey, strlen(zKey));
    buf_putc(j->b, ':');
  }
}

/* Open a scope of kind c ('{' or '[') as the value for zKey. */
static void json_open(struct json_w *j, const char *zKey, char c){
  json_prefix(j, zKey);
  if( j->depth>=JSON_MAX_DEPTH ) fatal("json: nesting deeper than %d", JSON_MAX_DEPTH);
  j->depth++;
  j->aScope[j->depth] = c;
  j->abFirst[j->depth] = true;
  buf_putc(j->b, c);
}

/* Close the innermost scope, which must be of kind c. */
static void json_close(struct json_w *j, char c){
  if( j->depth==0 ) fatal("json: close with no open scope");
  if( j->aScope[j->depth]!=c ) fatal("json: close of '%c' does not match", c);
  j->depth--;
  buf_putc(j->b, c=='{' ? '}' : ']');
}

void json_obj_open(struct json_w *j, const char *zKey){ json_open(j, zKey, '{'); }
void json_arr_open(struct json_w *j, const char *zKey){ json_open(j, zKey, '['); }
void json_obj_close(struct json_w *j){ json_close(j, '{'); }
void json_arr_close(struct json_w *j){ json_close(j, '['); }

void json_str(struct json_w *j, const char *zKey, const char *zVal){
  json_strn(j, zKey, zVal, zVal ? strlen(zVal) : 0);
}

void json_strn(struct json_w *j, const char *zKey, const char *p, size_t n){
  json_prefix(j, zKey);
  if( p==0 ) buf_puts(j->b, "null");
  else json_put_string(j->b, p, n);
}

void json_int(struct json_w *j, const char *zKey, i64 v){
  char z[24];
  int i = (int)sizeof(z);
  u64 u = v<0 ? (u64)0 - (u64)v : (u64)v;   /* INT64_MIN too */
  do{ z[--i] = (char)('0' + u%10); u /= 10; }while( u );
  if( v<0 ) z[--i] = '-';
  json_prefix(j, zKey);
  buf_append(j->b, z+i, sizeof(z)-(size_t)i);
}

void json_bool(struct json_w *j, const char *zKey, bool b){
  json_prefix(j, zKey);
  buf_puts(j->b, b ? "true" : "false");
}

void json_null_val(struct json_w *j, const char *zKey){
  json_prefix(j, zKey);
  buf_puts(j->b, "null");
}

void json_double(struct json_w *j, const char *zKey, double v){
  char z[40];
  int n;
  json_prefix(j, zKey);
  if( isnan(v) || isinf(v) ){
    buf_puts(j->b, "null");
    return;
  }
  /* %.15g never prints inf/nan here and its output is valid JSON */
  n = snprintf(z, sizeof(z), "%.15g", v);
  buf_append(j->b, z, (size_t)n);
}

void json_raw(struct json_w *j, const char *zKey, const char *zJson){
  json_prefix(j, zKey);
  buf_puts(j->b, zJson);
}

void json_error_body(struct buf *b, const char *zCode, const char *zMessage,
                     const char *zField){
  struct json_w j;
  json_init(&j, b);
  json_obj_open(&j, 0);
  json_obj_open(&j, "error");
  json_str(&j, "code", zCode);
  json_str(&j, "message", zMessage);
  if( zField ) json_str(&j, "field", zField);
  json_obj_close(&j);
  json_obj_close(&j);
  json_finish(&j);
}

/* Append "JSON格式错误：第L行第C列（位置P）：" for byte offset iPos of p,
** counting the line from 1 and the column in characters from 1, as
** jansson does. */
static void json_err_at(struct buf *pErr, const char *p, size_t iPos){
  size_t i, iLine = 1, iCol = 0;
  for(i=0; i<=iPos; i++){
    unsigned char c = (unsigned char)p[i];
    if( c=='\n' ){ iLine++; iCol = 0; }
    else if( (c & 0xC0)!=0x80 ) iCol++;
  }
  buf_appendf(pErr, "JSON格式错误：第%zu行第%zu列（位置%zu）：", iLine, iCol, iPos);
}

/* What went wrong in Chinese for a jansson error code (its own text is
** English and never reaches a user). */
static const char *json_error_cn(enum json_error_code e){
  switch( e ){
    case json_error_premature_end_of_input: return "内容不完整，在此处意外结束";
    case json_error_end_of_input_expected:  return "JSON值之后还有多余的内容";
    case json_error_invalid_syntax:         return "语法错误（检查引号、逗号、冒号和括号）";
    case json_error_invalid_utf8:           return "无效的UTF-8字节";
    case json_error_null_character:
    case json_error_null_byte_in_key:       return "含有空字符（\\u0000）";
    case json_error_duplicate_key:          return "对象中有重复的键";
    case json_error_numeric_overflow:       return "数字超出范围";
    case json_error_stack_overflow:         return "嵌套层数过多";
    case json_error_invalid_format:
    case json_error_wrong_type:             return "顶层必须是对象或数组";
    default:                                return "无法解析";
  }
}

/* Offset of the bracket that opens level JSON_MAX_DEPTH+1 outside string
** literals, or n when the nesting stays within the limit. The text is not
** otherwise checked (jansson does that). */
static size_t json_depth_scan(const char *p, size_t n){
  size_t i;
  int depth = 0;
  bool bStr = false;
  for(i=0; i<n; i++){
    char c = p[i];
    if( bStr ){
      if( c=='\\' ) i++;
      else if( c=='"' ) bStr = false;
    }else if( c=='"' ){
      bStr = true;
    }else if( c=='{' || c=='[' ){
      if( ++depth>JSON_MAX_DEPTH ) return i;
    }else if( c=='}' || c==']' ){
      depth--;
    }
  }
  return n;
}

json_t *json_parse_strict(const char *p, size_t n, struct buf *pErr){
  json_error_t err;
  json_t *pRoot;
  size_t i;
  if( p==0 ) p = "";
  if( n>JSON_MAX_BODY ){
    buf_appendf(pErr, "JSON请求体过大：%zu 字节，上限 %d 字节", n, JSON_MAX_BODY);
    return 0;
  }
  i = utf8_check(p, n);
  if( i<n ){
    json_err_at(pErr, p, i);
    buf_appendf(pErr, "无效的UTF-8字节 0x%02X", (unsigned)(unsigned char)p[i]);
    return 0;
  }
  i = json_depth_scan(p, n);
  if( i<n ){
    json_err_at(pErr, p, i);
    buf_appendf(pErr, "嵌套超过%d层", JSON_MAX_DEPTH);
    return 0;
  }
  pRoot = json_loadb(p, n, JSON_REJECT_DUPLICATES, &err);
  if( pRoot==0 ){
    /* jansson counts the bytes read, so the offending byte is one back */
    buf_appendf(pErr, "JSON格式错误：第%d行第%d列（位置%d）：%s",
                err.line, err.column, err.position>0 ? err.position-1 : 0,
                json_error_cn(json_error_code(&err)));
    return 0;
  }
  return pRoot;
}

/* The value of zKey in obj for a getter: 1 with *ppVal NULL when absent or
** null (an error when bRequired), 0 with *ppVal set, -1 on error. */
static int json_get_field(json_t *obj, const char *zKey, bool bRequired,
                          json_t **ppVal, struct buf *pErr){
  json_t *pVal;
  *ppVal = 0;
  if( !json_is_object(obj) ){
    buf_puts(pErr, "请求体必须是JSON对象");
    return -1;
  }
  pVal = json_object_get(obj, zKey);
  if( pVal==0 || json_is_null(pVal) ){
    if( !bRequired ) return 1;
    buf_appendf(pErr, "缺少必填字段 %s", zKey);
    return -1;
  }
  *ppVal = pVal;
  return 0;
}

int json_get_str(json_t *obj, const char *zKey, bool bRequired,
                 const char **pz, struct buf *pErr){
  json_t *pVal;
  int rc = json_get_field(obj, zKey, bRequired, &pVal, pErr);
  if( rc ) return rc;
  if( !json_is_string(pVal) ){
    buf_appendf(pErr, "字段 %s 必须是字符串", zKey);
    return -1;
  }
  *pz = json_string_value(pVal);
  return 0;
}

int json_get_int(json_t *obj, const char *zKey, bool bRequired, i64 *pi,
                 struct buf *pErr){
  json_t *pVal;
  int rc = json_get_field(obj, zKey, bRequired, &pVal, pErr);
  if( rc ) return rc;
  if( !json_is_integer(pVal) ){
    buf_appendf(pErr, "字段 %s 必须是整数", zKey);
    return -1;
  }
  *pi = (i64)json_integer_value(pVal);
  return 0;
}

int json_get_bool(json_t *obj, const char *zKey, bool bRequired, bool *pb,
                  struct buf *pErr){
  json_t *pVal;
  int rc = json_get_field(obj, zKey, bRequired, &pVal, pErr);
  if( rc ) return rc;
  if( !json_is_boolean(pVal) ){
    buf_appendf(pErr, "字段 %s 必须是 true 或 false", zKey);
    return -1;
  }
  *pb = json_is_true(pVal);
  return 0;
}

int json_check_keys(json_t *obj, const char *const azAllowed[],
                    struct buf *pErr){
  const char *zKey;
  json_t *pVal;
  if( !json_is_object(obj) ){
    buf_puts(pErr, "请求体必须是JSON对象");
    return -1;
  }
  json_object_foreach(obj, zKey, pVal){
    int i;
    (void)pVal;
    for(i=0; azAllowed[i]; i++){
      if( strcmp(azAllowed[i], zKey)==0 ) break;
    }
    if( azAllowed[i]==0 ){
      buf_appendf(pErr, "未知字段 %s", zKey);
      return -1;
    }
  }
  return 0;
}
