/*
** server.h -- the HTTP server (libmicrohttpd, internal epoll thread pool).
**
** The server parses requests into struct req, caps what it reads, and
** calls the application's dispatcher once per complete request.  It adds
** the security headers to every reply.  It knows nothing of areas, users
** or the database beyond calling xThreadInit once in each worker thread.
**
** What it bounds, so that nobody outside can exhaust it:
**   - connections: nMaxConn at once, nPerIp from one address (a trusted
**     proxy is not counted per address); when either is full, the
**     connection that has waited longest for its request headers is
**     closed to make room, and only when none is waiting is the new one
**     refused;
**   - requests in progress: nPerIp per client address (r->zIp, so behind
**     a trusted proxy per real client), else 429 with Retry-After;
**   - time: nHeaderTimeout seconds for a whole header block (counted from
**     the connection, or from the end of the previous reply), nBodyTimeout
**     for a whole body, whatever the pace of the bytes; nTimeout of
**     inactivity as before;
**   - bodies: xAdmit decides from the headers alone, before a byte of the
**     body is read, whether a request may send one and how large; uploads
**     go to a temporary file, never to memory, nMaxUploads at a time;
**   - long work (xLong): two shares, each with at most nLongThreads-1 of
**     the threads (so one is always left for the other share), at most
**     nLongQueue waiting per share and LONG_PER_IP per client address;
**     beyond that the reply is 503 with Retry-After.  A free thread takes
**     the request whose client has the fewest running, so one client's
**     flood never stands in front of everyone else.
** The client address of a request (r->zIp) is the TCP peer, or, when the
** peer is one of zTrustedProxies, the rightmost address of
** X-Forwarded-For that is not a trusted proxy.
*/
#ifndef FAZHI_SERVER_H
#define FAZHI_SERVER_H

#include "../common.h"

struct req;

#define LONG_PER_IP 4         /* long requests per share and client address */

struct server_config {
  const char *zListen;        /* "127.0.0.1:8080" */
  unsigned nThreads;          /* epoll threads in the pool */
  size_t nMaxBody;            /* bytes; a body xAdmit gives no cap gets this */
  unsigned nMaxConn;          /* connections at once, all addresses */
  unsigned nPerIp;            /* connections per peer address, and requests
                              ** in progress per client address */
  unsigned nTimeout;          /* seconds of inactivity before closing */
  unsigned nHeaderTimeout;    /* seconds for a whole header block */
  unsigned nBodyTimeout;      /* seconds for a whole request body */
  unsigned nMaxUploads;       /* uploads (r->bUpload) receiving at once */
  const char *zTmpDir;        /* where uploads are spooled (made 0700) */
  const char *zTrustedProxies;/* "127.0.0.1,::1": proxies whose
                              ** X-Forwarded-For is believed; NULL none */
  bool bSecureCookie;         /* behind TLS: cookies get Secure */
  void (*xDispatch)(struct req *);   /* the application */
  /* For a request that comes with a body, called once its headers are in
  ** and before any byte of the body is read: returns 0 to receive the
  ** body, up to r->nMaxBody bytes (to a temporary file when it sets
  ** r->bUpload), or -1 after putting a reply in r (a refusal), which is
  ** sent at once; the body is then never read.  NULL admits every body
  ** up to nMaxBody. */
  int (*xAdmit)(struct req *);
  void (*xThreadInit)(void);  /* first request on a worker thread */
  void (*xRunLong)(struct req *);   /* runs r->xLong on a long-work thread */
  unsigned nLongThreads;      /* threads for long work (documents, imports,
                              ** password hashing) */
  unsigned nLongQueue;        /* long requests waiting per share */
};

/* Start serving; returns 0, or -1 with a message on stderr.  The port
** actually bound is in *pPort (useful with port 0). */
int server_start(const struct server_config *pCfg, int *pPort);
/* Stop serving and wait for the threads. */
void server_stop(void);

/* Serve an embedded static file named "src/web/static/NAME", or 404. */
void server_static(struct req *r, const char *zName);

#endif
