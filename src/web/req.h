/*
** req.h -- one HTTP request and its reply, as handlers see them.
**
** web/ knows no business area: the server hands each complete request to
** the application's dispatcher (routes.c), which checks the session,
** permission and CSRF token from the route's row and calls the handler.
** Everything a request allocates comes from r->arena, dropped whole when
** the reply has been sent.
*/
#ifndef FAZHI_REQ_H
#define FAZHI_REQ_H

#include "../common.h"
#include "../base/buf.h"

struct arena;
struct MHD_Connection;

#define REQ_MAX_PARAMS 128
#define REQ_MAX_HEADERS 16
#define REQ_MAX_PATH 2000     /* bytes of a request path */
#define REQ_MAX_VALUE 2000    /* bytes of a query parameter or a used header */
#define REQ_MAX_SEARCH 100    /* characters of a search text (?q=) */

/* A name=value pair from the query string or a form body. */
struct req_param {
  const char *zName;
  const char *zValue;
};

/* A file from a multipart/form-data upload (bytes point into r->pBody). */
struct req_file {
  const char *zField;      /* form field name */
  const char *zFilename;   /* the name the browser sent (never used as a path) */
  const char *zType;       /* its Content-Type, or "" */
  const char *pData;       /* the bytes */
  size_t nData;
};
#define REQ_MAX_FILES 4

/* A file part of a streamed upload (req.bStream): written to a temporary
** file in the data folder's tmp as it arrived, hashed on the way.  The
** temporary file is removed when the request ends unless the handler has
** moved it (the file store renames it into place). */
struct req_upload {
  const char *zField;      /* form field name ("file" for a raw body) */
  const char *zFilename;   /* the name the client sent (never used as a path) */
  const char *zType;       /* its Content-Type, or "" */
  const char *zPath;       /* the temporary file */
  i64 nSize;               /* bytes */
  char zSm3[65];           /* SM3 of the bytes, hex */
};
#define REQ_MAX_UPLOADS 4

/* The two shares of the long-work threads (req.eLong): neither may take
** every thread, so a login flood cannot stall imports nor the reverse. */
enum { REQ_LONG_WORK, REQ_LONG_AUTH, REQ_LONG_N };

/* The signed-in user, filled by the dispatcher from the session. */
struct req_user {
  i64 id;                  /* users.id */
  const char *zUsername;
  const char *zName;       /* display name */
  i64 orgId;               /* the user's organisation */
  const char *zOrgName;
  const char *zOrgPath;    /* '/1/5/': the path of the user's unit (their scope) */
  unsigned mRoles;         /* ROLE_* bits */
  bool bMustChange;        /* initial or reset password not yet changed */
  bool bNeedTotp;          /* administrator without a second factor enrolled */
  const char *zCsrf;       /* the session's CSRF token */
};

struct req {
  struct arena *arena;     /* everything below that is not static */
  struct MHD_Connection *conn;
  const char *zMethod;     /* GET POST PUT PATCH DELETE */
  const char *zPath;       /* decoded path, no query */
  const char *zIp;         /* peer address as text */
  struct buf body;         /* a body kept in memory, as it arrives */
  const char *pBody;       /* the whole body: body.buf, or an upload's
                           ** temporary file mapped read-only */
  size_t nBody;
  size_t nMaxBody;         /* the cap on the body (set by xAdmit) */
  bool bUpload;            /* the body goes to a temporary file (0600 in
                           ** the data folder's tmp, removed at once, kept
                           ** open until the request ends) */
  struct req_param aParam[REQ_MAX_PARAMS];  /* query, then form fields */
  int nParam;
  bool bQueryNul;          /* a query parameter held a NUL (%00) */
  struct req_file aFile[REQ_MAX_FILES];  /* uploaded files */
  int nFile;
  const char *azPathArg[4];  /* ":id" segments matched by the route */
  int nPathArg;
  struct req_user *pUser;  /* NULL when not signed in */
  const char *zSessionHash;/* SM3 of the session token, when signed in */
  bool bSecureCookie;      /* add Secure to cookies (behind TLS) */
  bool bBearer;            /* signed in by an Authorization: Bearer token,
                           ** which no browser sends by itself: no CSRF */

  /* Long work (documents, imports): the dispatcher sets xLong instead of
  ** answering; the server then suspends the connection, runs xLong on a
  ** worker thread of its own and sends the reply when it is done, so the
  ** epoll thread the connection is pinned to keeps serving the others. */
  void (*xLong)(struct req *);
  int eLong;               /* REQ_LONG_*: whose share of the threads */

  /* the reply */
  int status;              /* HTTP status, 200 unless set */
  const char *zContentType;
  struct buf out;          /* the reply body */
  const char *azHeader[REQ_MAX_HEADERS];  /* name, value, name, value ... */
  int nHeader;
  const unsigned char *pStatic; /* a static body instead of out */
  size_t nStatic;

  /* Streamed uploads (set by xAdmit for an upload route of the file
  ** store): the body is never kept.  A multipart body's text parts become
  ** parameters and each file part goes to aUpload; any other body is one
  ** file part named "file" (its name from ?name=).  A file part past
  ** nMaxFile bytes is refused with 413 (at once when Content-Length
  ** shows it). */
  bool bStream;
  i64 nMaxFile;
  struct req_upload aUpload[REQ_MAX_UPLOADS];
  int nUpload;
  const char *zMaxFileMsg; /* the 413 message, or NULL for a generic one */
  /* A reply sent from an open file instead of out (a download of the file
  ** store): the server sends nFdReply bytes of fdReply and closes it. */
  bool bFdReply;
  int fdReply;
  i64 nFdReply;

  /* The Idempotency-Key this write claimed (core/idem.h): its idem_key
  ** row, 0 when none; bIdemSecret keeps only the reply's status. */
  i64 idemId;
  bool bIdemSecret;
};

/* A query or form parameter, or NULL.  The last one of that name wins
** over none; use req_param_at to walk repeated names. */
const char *req_param(struct req *r, const char *zName);
/* A parameter trimmed of spaces; "" and absent both give NULL. */
const char *req_param_trim(struct req *r, const char *zName);
/* Path argument i (":id") as a positive integer, or 0 when it is absent
** or not one. */
i64 req_path_id(struct req *r, int i);
/* A request header, or NULL. */
const char *req_header(struct req *r, const char *zName);
/* A cookie, or NULL. */
const char *req_cookie(struct req *r, const char *zName);
/* Check what the network sent before anything reaches the database: the
** path, every query parameter (names and values) and the headers fazhi
** reads must be valid UTF-8 without control characters and not too long
** (REQ_MAX_*); the search text ?q= at most REQ_MAX_SEARCH characters.
** Call it before the form body is parsed (req_parse_form checks that).
** Returns 0, or -1 with a Chinese message in pErr and the parameter or
** header concerned in *pzField (NULL for the path). */
int req_check_input(struct req *r, struct buf *pErr, const char **pzField);
/* Parse an application/x-www-form-urlencoded text into parameters.
** Returns -1 when it holds bytes that are not UTF-8 after decoding, a
** control character other than tab and newlines, or a NUL (%00). */
int req_parse_form(struct req *r, const char *z, size_t n);

/* Parse a multipart/form-data body (zContentType carries the boundary):
** text parts become parameters, file parts go to r->aFile.  Returns 0, or
** -1 with a Chinese message in pErr when the body is malformed. */
struct buf;
int req_parse_multipart(struct req *r, const char *zContentType, struct buf *pErr);
/* The streamed file part of form field zField, or NULL. */
struct req_upload *req_upload(struct req *r, const char *zField);
/* The uploaded file of form field zField, or NULL. */
const struct req_file *req_file(struct req *r, const char *zField);

/* Append a response header (copied into the arena). */
void req_add_header(struct req *r, const char *zName, const char *zValue);
/* Set the content type of the reply. */
void req_set_type(struct req *r, const char *zType);
/* Append formatted text (fmt.h verbs: %h %a %j %t) to the reply body. */
void H(struct req *r, const char *zFmt, ...);
/* Reply 303 See Other to zUrl (a path inside fazhi). */
void req_redirect(struct req *r, const char *zUrl);
/* Set a cookie; nMaxAge<0 makes a session cookie, 0 deletes it. */
void req_set_cookie(struct req *r, const char *zName, const char *zValue, int nMaxAge);
/* Make the reply a download: the content type for zExt (xlsx csv docx
** pdf), and a Content-Disposition naming the file zName.zExt (ASCII, for
** old clients) and zCnName.zExt (UTF-8, percent-encoded in filename*). */
void req_attachment(struct req *r, const char *zExt, const char *zName, const char *zCnName);
/* True for POST, PUT, PATCH and DELETE. */
bool req_is_write(const struct req *r);

#endif
