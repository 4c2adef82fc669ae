/*
** api.h -- JSON replies in the house's one shape.
**
** Success bodies are written by the handler through the JSON writer;
** errors are {"error":{"code":"...","message":"...","field":"..."}}.
*/
#ifndef FAZHI_API_H
#define FAZHI_API_H

#include "../common.h"

struct req;
struct json_w;

/* Reply with an error: status, a stable code, a Chinese message, and the
** field it is about (or NULL).  Discards anything already written. */
void api_error(struct req *r, int status, const char *zCode,
               const char *zMessage, const char *zField);
/* Start a JSON reply: sets the content type and points j at the body. */
void api_begin(struct req *r, struct json_w *j);
/* Parse the request body as a JSON object, strictly (json.h).  On failure
** replies 400 naming the position and returns NULL.  The caller
** json_decref()s the result. */
struct json_t *api_body(struct req *r);

/* Reply {"ok":true}. */
void api_ok(struct req *r);
/* Read ?limit= (1..nMax, default nDflt) and ?offset= (>= 0, default 0).
** On a bad value replies 400 naming the parameter and returns -1. */
int api_paging_or_reply(struct req *r, i64 nDflt, i64 nMax, i64 *pLimit, i64 *pOffset);

#endif
