/*
** upload.h -- streamed uploads (req.bStream): the body is parsed as it
** arrives, a multipart body's file parts written to temporary files while
** they are hashed with SM3, so an upload of any size takes a few pages of
** memory.  Used by server.c; web/ internal.
*/
#ifndef FAZHI_UPLOAD_H
#define FAZHI_UPLOAD_H

#include "../common.h"

struct req;
struct arena;
struct upload_stream;

/* Start parsing r's body (its Content-Type zType decides: multipart/
** form-data with its boundary, or one raw file part named "file"),
** temporary files in zTmpDir.  Allocated in r's arena. */
struct upload_stream *upload_stream_new(struct req *r, const char *zType, const char *zTmpDir);
/* Take the next n bytes of the body.  Returns 0; a problem (malformed,
** too large, the disk) is kept and the rest of the body is read and
** dropped. */
void upload_stream_feed(struct upload_stream *s, const char *p, size_t n);
/* The body is complete: the last part is closed.  Returns 0 (r->aUpload
** and parameters set), or the HTTP status of the problem (400, 413, 503)
** with its Chinese message in *pzMsg. */
int upload_stream_finish(struct upload_stream *s, const char **pzMsg);
/* Close and remove whatever temporary files are still there; free s. */
void upload_stream_free(struct upload_stream *s);

/* From req.c: a form field's text is UTF-8 with tab and newlines only; the
** value of attribute zName="..." in a Content-Disposition line. */
bool text_ok(const char *z);
char *disp_attr(struct arena *a, const char *p, size_t n, const char *zName);

#endif
