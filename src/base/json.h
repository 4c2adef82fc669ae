/*
** json.h -- JSON out through a streaming writer, JSON in through a strict
** reader over jansson.
**
** Writing (kcgi's kjson shape): a struct json_w appends to a struct buf
** and keeps a stack of open scopes, so it writes the commas itself and
** knows whether a key is due. Every value function takes zKey: the key
** inside an object, NULL inside an array or for the one top-level value.
** A key where none belongs, a missing key, a close that does not match
** the open scope, nesting past JSON_MAX_DEPTH or a second top-level value
** are programming bugs and fatal(). Strings and keys are escaped by
** fmt_json (which also escapes < > & so the output is safe inside HTML);
** bytes that are not valid UTF-8 are written as U+FFFD.
**
**   struct json_w j;
**   json_init(&j, &r->out);
**   json_obj_open(&j, 0);
**   json_arr_open(&j, "items");
**   ... json_obj_open(&j, 0); json_str(&j, "name", zName); json_obj_close(&j);
**   json_arr_close(&j);
**   json_int(&j, "total", n);
**   json_obj_close(&j);
**
** Reading: json_parse_strict() turns a request body into a jansson tree,
** refusing anything non-strict (invalid UTF-8, duplicate keys, deep nesting,
** huge bodies); the json_get_* helpers read
** one field with an error message that names it.
*/
#ifndef FAZHI_JSON_H
#define FAZHI_JSON_H

#include "../common.h"
#include <jansson.h>

struct buf;

/* Deepest nesting the writer produces and the reader accepts. */
#define JSON_MAX_DEPTH 64
/* Largest body json_parse_strict() reads, in bytes (1 MiB). */
#define JSON_MAX_BODY (1024*1024)

struct json_w {
  struct buf *b;                    /* output */
  int depth;                        /* open scopes; 0 at the top level */
  char aScope[JSON_MAX_DEPTH+1];    /* '{' or '[' for scopes 1..depth */
  bool abFirst[JSON_MAX_DEPTH+1];   /* nothing written yet in scope i */
};

/* Start writing one JSON value at the end of b. Allocates nothing. */
void json_init(struct json_w *j, struct buf *b);
/* fatal() unless every scope is closed and the top-level value written. */
void json_finish(struct json_w *j);

/* Open an object / array as a value (zKey as for every value below). */
void json_obj_open(struct json_w *j, const char *zKey);
void json_arr_open(struct json_w *j, const char *zKey);
/* Close the innermost scope, which must be an object / an array. */
void json_obj_close(struct json_w *j);
void json_arr_close(struct json_w *j);

/* A string; NULL writes null. */
void json_str(struct json_w *j, const char *zKey, const char *zVal);
/* A string of n bytes at p (may contain NUL, written as \u0000); p NULL
** writes null. */
void json_strn(struct json_w *j, const char *zKey, const char *p, size_t n);
void json_int(struct json_w *j, const char *zKey, i64 v);
void json_bool(struct json_w *j, const char *zKey, bool b);
/* null. (Not json_null(): jansson owns that name.) */
void json_null_val(struct json_w *j, const char *zKey);
/* A number with at most 15 significant digits, so 0.1 prints as 0.1 and
** 16.47 as 16.47; NaN and infinities (not JSON) write null. */
void json_double(struct json_w *j, const char *zKey, double v);
/* An already-encoded JSON value, appended as it is. TRUSTED INPUT ONLY:
** text the program built itself with this writer or fmt's %j; never
** anything read from a request, a file or the database. */
void json_raw(struct json_w *j, const char *zKey, const char *zJson);

/* Append the API's error body {"error":{"code":..,"message":..,"field":..}}
** to b; "field" is left out when zField is NULL. */
void json_error_body(struct buf *b, const char *zCode, const char *zMessage,
                     const char *zField);

/* Parse the n bytes at p as one JSON object or array, strictly: refused
** are bodies over JSON_MAX_BODY, invalid UTF-8, \u0000, duplicate keys,
** nesting deeper than JSON_MAX_DEPTH, trailing text, and whatever jansson
** refuses (bad numbers, raw control characters, lone surrogates...).
** Returns a new reference the caller drops with json_decref(), or NULL
** with a Chinese message in pErr (appended) that names the place:
** "JSON格式错误：第1行第7列（位置6）：…" (line and column in characters
** from 1, position as a byte offset from 0, of the byte where the problem
** was seen; jansson's own English text follows). p may be NULL when n is 0. */
json_t *json_parse_strict(const char *p, size_t n, struct buf *pErr);

/* Typed getters for one field zKey of obj. Each returns 0 and sets the
** output when the field is there with the right type; 1 when it is absent
** (or null) and not required, output untouched (preset the default);
** -1 with a message naming the field appended to pErr otherwise:
** "缺少必填字段 name", "字段 name 必须是字符串", "请求体必须是JSON对象".
** *pz points into obj and lives as long as obj. */
int json_get_str(json_t *obj, const char *zKey, bool bRequired,
                 const char **pz, struct buf *pErr);
int json_get_int(json_t *obj, const char *zKey, bool bRequired, i64 *pi,
                 struct buf *pErr);
int json_get_bool(json_t *obj, const char *zKey, bool bRequired, bool *pb,
                  struct buf *pErr);

/* 0 when every key of obj is in the NULL-terminated azAllowed; otherwise
** -1 and "未知字段 xyz" (the first unknown key) appended to pErr. */
int json_check_keys(json_t *obj, const char *const azAllowed[],
                    struct buf *pErr);

#endif
