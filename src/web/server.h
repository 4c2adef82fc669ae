/*
** server.h -- the HTTP server (libmicrohttpd, internal epoll thread pool).
**
** The server parses requests into struct req, caps what it reads, and
** calls the application's dispatcher once per complete request.  It adds
** the security headers to every reply.  It knows nothing of areas, users
** or the database beyond calling xThreadInit once in each worker thread.
*/
#ifndef FAZHI_SERVER_H
#define FAZHI_SERVER_H

#include "../common.h"

struct req;

struct server_config {
  const char *zListen;        /* "127.0.0.1:8080" */
  unsigned nThreads;          /* epoll threads in the pool */
  size_t nMaxBody;            /* bytes; larger bodies get 413 */
  /* The cap for one request (uploads get more), or NULL for nMaxBody. */
  size_t (*xMaxBody)(const char *zMethod, const char *zPath);
  unsigned nPerIp;            /* connections per client address */
  unsigned nTimeout;          /* seconds of inactivity before closing */
  bool bSecureCookie;         /* behind TLS: cookies get Secure */
  void (*xDispatch)(struct req *);   /* the application */
  void (*xThreadInit)(void);  /* first request on a worker thread */
  void (*xRunLong)(struct req *);   /* runs r->xLong on a long-work thread */
  unsigned nLongThreads;      /* threads for long work (documents, imports) */
};

/* Start serving; returns 0, or -1 with a message on stderr.  The port
** actually bound is in *pPort (useful with port 0). */
int server_start(const struct server_config *pCfg, int *pPort);
/* Stop serving and wait for the threads. */
void server_stop(void);

/* Serve an embedded static file named "src/web/static/NAME", or 404. */
void server_static(struct req *r, const char *zName);

#endif
