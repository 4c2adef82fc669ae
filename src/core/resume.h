/*
** resume.h -- uploads in pieces that resume after a dropped connection
** (a photo or a recorder's video sent from a phone on a weak signal).
**
** A client opens an upload with the file's name, size and (optionally)
** SM3, sends the bytes in pieces at the offset the server has received,
** asks how much arrived after a drop, and goes on from there:
**
**   POST /api/v1/uploads          {"name","size","sm3"}  → 201 {"id", "received": 0, ...}
**   PUT  /api/v1/uploads/:id?offset=N   the bytes [N, N+len) → 200 {"received", "complete", ...}
**   GET  /api/v1/uploads/:id      → {"received", "complete", ...}
**
** A piece at any offset other than what was received is 409 naming the
** received count (the client resumes from there); a piece past the size
** is 422.  When the last byte arrives the whole file is hashed: a
** declared SM3 that differs is 422 and the upload starts again from 0;
** otherwise the upload is complete and its SM3 is the file's.  A complete
** upload is then attached where a file would be uploaded -- a register's
** file route takes `?upload=<id>` instead of a body (reg/file.c) -- which
** moves the bytes into the file store; one upload attaches once.
**
** The bytes wait in <data>/tmp/part-<id>; rows of table upload_session
** (migration 0034) say whose they are and how much arrived.  An upload
** belongs to the user who opened it (404 to anyone else).  A user has at
** most RESUME_OPEN_MAX unfinished uploads; uploads untouched for
** RESUME_KEEP_SEC are removed with their bytes.
*/
#ifndef FAZHI_RESUME_H
#define FAZHI_RESUME_H

#include "../common.h"

struct req;
struct req_upload;
struct buf;

#define RESUME_SIZE_MAX ((i64)2*1024*1024*1024)  /* the largest file (an 执法记录仪 video) */
#define RESUME_PIECE_MAX ((i64)16*1024*1024)     /* the largest piece (under the body cap) */
#define RESUME_OPEN_MAX 32                       /* unfinished uploads per user */
#define RESUME_KEEP_SEC (7*24*3600)              /* an untouched upload is removed after */

/* POST /api/v1/uploads, GET and PUT /api/v1/uploads/:id. */
void resume_create_api(struct req *r);
void resume_get_api(struct req *r);
void resume_put_api(struct req *r);

/* For a file route given `?upload=zId`: fill *pUp (in r's arena) with
** the complete upload zId of r's user, as a streamed upload of field
** "file" would be.  Returns 0, or -1 with a Chinese message in pErr (no
** such upload of this user, or not complete yet). */
int resume_take(struct req *r, const char *zId, struct req_upload *pUp, struct buf *pErr);

/* The upload zId was attached (its bytes moved into the store): forget it.
** In the caller's transaction. */
void resume_forget(const char *zId);

#endif
