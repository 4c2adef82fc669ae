/*
** server.c -- libmicrohttpd glue: request assembly, limits, headers.
*/
#include "../common.h"
#include <arpa/inet.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <microhttpd.h>
#include <pthread.h>
#include "../base/arena.h"
#include "../base/buf.h"
#include "../base/embed.h"
#include "../base/util.h"
#include "req.h"
#include "server.h"

static struct MHD_Daemon *pDaemon;
static struct server_config cfg;
static _Thread_local bool bThreadReady;

/* Security headers on every response (CSP allows no inline script). */
static const char *const azSecurity[] = {
  "Content-Security-Policy",
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'",
  "X-Frame-Options", "DENY",
  "X-Content-Type-Options", "nosniff",
  "Referrer-Policy", "same-origin",
  "Cache-Control", "no-store",
};

/* Per-connection request state between MHD calls. */
struct conn_state {
  struct req r;
  bool bSuspended;          /* handed to a long-work thread */
  struct conn_state *pNext; /* in the long-work queue */
};

/* The long-work queue and its threads. */
static pthread_mutex_t longMu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t longCv = PTHREAD_COND_INITIALIZER;
static struct conn_state *pLongHead, *pLongTail;
static bool bLongStop;
static pthread_t aLongThread[8];
static unsigned nLongThread;

/* A long-work thread: run queued requests, then resume their connection. */
static void *long_main(void *arg){
  (void)arg;
  if( cfg.xThreadInit ) cfg.xThreadInit();
  for(;;){
    struct conn_state *st;
    pthread_mutex_lock(&longMu);
    while( pLongHead==0 && !bLongStop ) pthread_cond_wait(&longCv, &longMu);
    if( pLongHead==0 ){ pthread_mutex_unlock(&longMu); break; }
    st = pLongHead;
    pLongHead = st->pNext;
    if( pLongHead==0 ) pLongTail = 0;
    pthread_mutex_unlock(&longMu);
    cfg.xRunLong(&st->r);
    st->r.xLong = 0;
    MHD_resume_connection(st->r.conn);
  }
  return 0;
}

/* Queue st for a long-work thread. */
static void long_push(struct conn_state *st){
  pthread_mutex_lock(&longMu);
  st->pNext = 0;
  if( pLongTail ) pLongTail->pNext = st; else pLongHead = st;
  pLongTail = st;
  pthread_cond_signal(&longCv);
  pthread_mutex_unlock(&longMu);
}

/* The peer address of the connection as text, in the arena. */
static const char *peer_ip(struct req *r){
  const union MHD_ConnectionInfo *ci =
      MHD_get_connection_info(r->conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
  char z[INET6_ADDRSTRLEN] = "";
  if( ci && ci->client_addr ){
    const struct sockaddr *sa = ci->client_addr;
    if( sa->sa_family==AF_INET ){
      inet_ntop(AF_INET, &((const struct sockaddr_in *)sa)->sin_addr, z, sizeof(z));
    }else if( sa->sa_family==AF_INET6 ){
      inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)sa)->sin6_addr, z, sizeof(z));
    }
  }
  return arena_strdup(r->arena, z);
}

/* Collect query-string arguments into r->aParam (a %00 inside one is
** noted for req_check_input: C strings would silently cut it there). */
static enum MHD_Result add_query(void *p, enum MHD_ValueKind kind,
                                 const char *zKey, size_t nKey,
                                 const char *zVal, size_t nVal){
  struct req *r = p;
  (void)kind;
  if( strlen(zKey)!=nKey || (zVal && strlen(zVal)!=nVal) ) r->bQueryNul = true;
  if( r->nParam < REQ_MAX_PARAMS ){
    r->aParam[r->nParam].zName = arena_strdup(r->arena, zKey);
    r->aParam[r->nParam].zValue = arena_strdup(r->arena, zVal ? zVal : "");
    r->nParam++;
  }
  return MHD_YES;
}

/* Queue r's reply on the connection. */
static enum MHD_Result send_reply(struct req *r){
  struct MHD_Response *resp;
  enum MHD_Result rc;
  size_t i;
  int k;
  if( r->pStatic ){
    resp = MHD_create_response_from_buffer(r->nStatic, (void *)r->pStatic,
                                           MHD_RESPMEM_PERSISTENT);
  }else{
    size_t n;
    char *z = buf_detach(&r->out, &n);
    resp = MHD_create_response_from_buffer(n, z, MHD_RESPMEM_MUST_FREE);
  }
  if( resp==0 ) fatal("MHD_create_response failed");
  for(i=0; i<COUNT(azSecurity); i+=2){
    if( r->pStatic && strcmp(azSecurity[i], "Cache-Control")==0 ) continue;
    MHD_add_response_header(resp, azSecurity[i], azSecurity[i+1]);
  }
  if( r->zContentType ) MHD_add_response_header(resp, "Content-Type", r->zContentType);
  for(k=0; k+1<r->nHeader; k+=2){
    MHD_add_response_header(resp, r->azHeader[k], r->azHeader[k+1]);
  }
  rc = MHD_queue_response(r->conn, (unsigned)r->status, resp);
  MHD_destroy_response(resp);
  return rc;
}

/* Reply with a short error for limits the server enforces itself. */
static void limit_reply(struct req *r, int status, const char *zCode, const char *zMsg){
  r->status = status;
  buf_reset(&r->out);
  if( str_starts(r->zPath, "/api/") ){
    r->zContentType = "application/json; charset=utf-8";
    buf_appendf(&r->out, "{\"error\":{\"code\":%j,\"message\":%j}}", zCode, zMsg);
  }else{
    r->zContentType = "text/plain; charset=utf-8";
    buf_appendf(&r->out, "%d %s\n", status, zMsg);
  }
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn,
    const char *zUrl, const char *zMethod, const char *zVersion,
    const char *zUpload, size_t *pnUpload, void **ppState){
  struct conn_state *st = *ppState;
  struct req *r;
  (void)cls; (void)zVersion;
  if( st==0 ){
    const char *zLen;
    st = xcalloc(1, sizeof(*st));
    r = &st->r;
    r->arena = arena_new();
    r->conn = conn;
    r->zMethod = arena_strdup(r->arena, zMethod);
    r->zPath = arena_strdup(r->arena, zUrl);
    r->status = 200;
    r->bSecureCookie = cfg.bSecureCookie;
    {
      size_t nMax = cfg.xMaxBody ? cfg.xMaxBody(zMethod, zUrl) : cfg.nMaxBody;
      buf_init_max(&r->body, nMax);
      buf_init(&r->out);
      zLen = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Content-Length");
      if( zLen && strtoull(zLen, 0, 10) > nMax ) r->bBodyTooBig = true;
    }
    *ppState = st;
    return MHD_YES;
  }
  r = &st->r;
  if( st->bSuspended ){
    /* back from a long-work thread: the reply is ready */
    st->bSuspended = false;
    return send_reply(r);
  }
  if( *pnUpload ){
    if( !r->bBodyTooBig && buf_append(&r->body, zUpload, *pnUpload) ){
      r->bBodyTooBig = true;
    }
    *pnUpload = 0;
    return MHD_YES;
  }
  if( !bThreadReady ){
    if( cfg.xThreadInit ) cfg.xThreadInit();
    bThreadReady = true;
  }
  r->zIp = peer_ip(r);
  MHD_get_connection_values_n(conn, MHD_GET_ARGUMENT_KIND, add_query, r);
  if( r->bBodyTooBig ){
    limit_reply(r, 413, "too_large", "请求内容过大");
  }else{
    cfg.xDispatch(r);
    if( r->xLong ){
      st->bSuspended = true;
      MHD_suspend_connection(conn);
      long_push(st);
      return MHD_YES;
    }
  }
  return send_reply(r);
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **ppState,
                         enum MHD_RequestTerminationCode toe){
  struct conn_state *st = *ppState;
  (void)cls; (void)conn; (void)toe;
  if( st==0 ) return;
  buf_release(&st->r.body);
  buf_release(&st->r.out);
  arena_free(st->r.arena);
  free(st);
  *ppState = 0;
}

int server_start(const struct server_config *pCfg, int *pPort){
  struct sockaddr_in sa;
  const char *zColon;
  char zHost[64];
  long port;
  const union MHD_DaemonInfo *di;
  cfg = *pCfg;
  zColon = strrchr(cfg.zListen, ':');
  if( zColon==0 || (size_t)(zColon - cfg.zListen) >= sizeof(zHost) ){
    warn("--listen wants ADDRESS:PORT, e.g. 127.0.0.1:8080 (got %s)", cfg.zListen);
    return -1;
  }
  memcpy(zHost, cfg.zListen, (size_t)(zColon - cfg.zListen));
  zHost[zColon - cfg.zListen] = 0;
  port = strtol(zColon+1, 0, 10);
  memset(&sa, 0, sizeof(sa));
  sa.sin_family = AF_INET;
  sa.sin_port = htons((uint16_t)port);
  if( port<0 || port>65535 || inet_pton(AF_INET, zHost, &sa.sin_addr)!=1 ){
    warn("bad listen address %s", cfg.zListen);
    return -1;
  }
  pDaemon = MHD_start_daemon(
      MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ERROR_LOG
      | MHD_ALLOW_SUSPEND_RESUME,
      (uint16_t)port, 0, 0, on_request, 0,
      MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa,
      MHD_OPTION_THREAD_POOL_SIZE, cfg.nThreads,
      MHD_OPTION_CONNECTION_LIMIT, 512u,
      MHD_OPTION_PER_IP_CONNECTION_LIMIT, cfg.nPerIp,
      MHD_OPTION_CONNECTION_TIMEOUT, cfg.nTimeout,
      MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)64*1024,
      MHD_OPTION_NOTIFY_COMPLETED, on_completed, (void *)0,
      MHD_OPTION_END);
  if( pDaemon==0 ){
    warn("cannot listen on %s", cfg.zListen);
    return -1;
  }
  nLongThread = cfg.nLongThreads ? cfg.nLongThreads : 2;
  if( nLongThread > COUNT(aLongThread) ) nLongThread = COUNT(aLongThread);
  for(unsigned i=0; i<nLongThread; i++){
    if( pthread_create(&aLongThread[i], 0, long_main, 0) ) fatal("cannot start a long-work thread");
  }
  di = MHD_get_daemon_info(pDaemon, MHD_DAEMON_INFO_BIND_PORT);
  if( pPort ) *pPort = di ? di->port : (int)port;
  return 0;
}

void server_stop(void){
  unsigned i;
  pthread_mutex_lock(&longMu);
  bLongStop = true;
  pthread_cond_broadcast(&longCv);
  pthread_mutex_unlock(&longMu);
  for(i=0; i<nLongThread; i++) pthread_join(aLongThread[i], 0);
  nLongThread = 0;
  if( pDaemon ) MHD_stop_daemon(pDaemon);
  pDaemon = 0;
}

void server_static(struct req *r, const char *zName){
  const struct embed_file *e;
  char *zPath;
  const char *zExt;
  if( strchr(zName, '/') || zName[0]=='.' ){
    r->status = 404;
    return;
  }
  zPath = arena_printf(r->arena, "src/web/static/%s", zName);
  e = embed_find(zPath);
  if( e==0 ){
    r->status = 404;
    req_set_type(r, "text/plain; charset=utf-8");
    H(r, "404 找不到文件\n");
    return;
  }
  zExt = strrchr(zName, '.');
  if( zExt && strcmp(zExt, ".css")==0 ) req_set_type(r, "text/css; charset=utf-8");
  else if( zExt && strcmp(zExt, ".js")==0 ) req_set_type(r, "text/javascript; charset=utf-8");
  else if( zExt && strcmp(zExt, ".svg")==0 ) req_set_type(r, "image/svg+xml");
  else if( zExt && strcmp(zExt, ".png")==0 ) req_set_type(r, "image/png");
  else req_set_type(r, "application/octet-stream");
  req_add_header(r, "Cache-Control", "public, max-age=3600");
  r->pStatic = e->aData;
  r->nStatic = (size_t)e->nData;
}
