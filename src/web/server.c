/*
** server.c -- libmicrohttpd glue: request assembly, limits, headers.
**
** The limits are described in server.h.  Three pieces carry them:
** the connection table (every open connection, from MHD's accept policy
** and connection notifications: its peer, its state and since when), the
** watchdog thread that closes connections past their header or body
** time, and the long-work shares.
*/
#include "../common.h"
#include <arpa/inet.h>
#include <malloc.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <netinet/in.h>
#include <microhttpd.h>
#include <pthread.h>
#include <strings.h>
#include <unistd.h>
#include "../base/arena.h"
#include "../base/buf.h"
#include "../base/embed.h"
#include "../base/fmt.h"
#include "../base/log.h"
#include "../base/util.h"
#include "req.h"
#include "server.h"
#include "upload.h"

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

/* ---- the connection table ---- */

enum {
  CT_WAIT,     /* waiting for (the rest of) a request's headers */
  CT_BODY,     /* headers in, receiving the body */
  CT_WORK      /* request complete: being answered */
};

/* One open connection (MHD's socket context), from accept to close. */
struct conn_track {
  struct conn_track *pPrev, *pNext;
  int fd;                          /* its socket (MHD owns it) */
  char zPeer[INET6_ADDRSTRLEN];    /* the TCP peer */
  char zClient[INET6_ADDRSTRLEN];  /* the client of the request in
                                   ** progress (r->zIp), "" between */
  int eState;                      /* CT_* */
  double tSince;                   /* when eState began (monotonic s) */
  bool bEvicted;                   /* shut down by us, closing */
};

static pthread_mutex_t trackMu = PTHREAD_MUTEX_INITIALIZER;
static struct conn_track *pTrackHead;
static unsigned nUploads;          /* uploads receiving (guarded by trackMu) */

/* The watchdog thread. */
static pthread_mutex_t watchMu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t watchCv = PTHREAD_COND_INITIALIZER;
static bool bWatchStop;
static pthread_t watchThread;
static bool bWatchRunning;

/* Trusted proxies, each as inet_ntop writes it. */
static char aazProxy[16][INET6_ADDRSTRLEN];
static int nProxy;

/* Seconds on the monotonic clock. */
static double mono_now(void){
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Write the address of sa as text into z ("" when it is not IP). */
static void addr_text(const struct sockaddr *sa, char z[INET6_ADDRSTRLEN]){
  z[0] = 0;
  if( sa==0 ) return;
  if( sa->sa_family==AF_INET ){
    inet_ntop(AF_INET, &((const struct sockaddr_in *)sa)->sin_addr, z, INET6_ADDRSTRLEN);
  }else if( sa->sa_family==AF_INET6 ){
    inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)sa)->sin6_addr, z, INET6_ADDRSTRLEN);
  }
}

/* Normalise the address text z (n bytes, IPv4 or IPv6) into out, as
** inet_ntop writes it.  Returns 0, or -1 when it is not an address. */
static int addr_norm(const char *z, size_t n, char out[INET6_ADDRSTRLEN]){
  char zIn[INET6_ADDRSTRLEN];
  unsigned char a[16];
  if( n==0 || n>=sizeof(zIn) ) return -1;
  memcpy(zIn, z, n);
  zIn[n] = 0;
  if( inet_pton(AF_INET, zIn, a)==1 ){
    inet_ntop(AF_INET, a, out, INET6_ADDRSTRLEN);
    return 0;
  }
  if( inet_pton(AF_INET6, zIn, a)==1 ){
    inet_ntop(AF_INET6, a, out, INET6_ADDRSTRLEN);
    return 0;
  }
  return -1;
}

/* True when the address z (normalised) is a trusted proxy. */
static bool proxy_trusted(const char *z){
  int i;
  for(i=0; i<nProxy; i++){
    if( strcmp(aazProxy[i], z)==0 ) return true;
  }
  return false;
}

/* Parse cfg.zTrustedProxies; -1 with a message on a bad entry. */
static int proxy_parse(const char *zList){
  const char *p = zList;
  nProxy = 0;
  while( p && *p ){
    size_t n = strcspn(p, ", ");
    if( n ){
      if( nProxy>=(int)COUNT(aazProxy) ){
        warn("--trusted-proxy: at most %d addresses", (int)COUNT(aazProxy));
        return -1;
      }
      if( addr_norm(p, n, aazProxy[nProxy]) ){
        warn("--trusted-proxy: not an IP address: %.*s", (int)n, p);
        return -1;
      }
      nProxy++;
    }
    p += n;
    while( *p==',' || *p==' ' ) p++;
  }
  return 0;
}

/* Close connection p to make room or because its time is up: the socket
** is shut down and MHD, seeing it end, closes it.  trackMu is held, so p
** is still open (MHD tells on_connection before it closes the socket). */
static void track_evict(struct conn_track *p){
  p->bEvicted = true;
  shutdown(p->fd, SHUT_RDWR);
}

/* The connection of zPeer (any peer when NULL) that has waited longest
** for request headers, or NULL.  trackMu is held. */
static struct conn_track *track_oldest_wait(const char *zPeer){
  struct conn_track *p, *pBest = 0;
  for(p=pTrackHead; p; p=p->pNext){
    if( p->bEvicted || p->eState!=CT_WAIT ) continue;
    if( zPeer && strcmp(p->zPeer, zPeer)!=0 ) continue;
    if( pBest==0 || p->tSince < pBest->tSince ) pBest = p;
  }
  return pBest;
}

/* MHD's accept policy: room for a connection from sa?  When the address
** or the whole server is at its limit, the connection that has waited
** longest for its headers (a slow client, or an idle keep-alive) is
** closed instead of refusing the new one; with none waiting, refuse. */
static enum MHD_Result on_accept(void *cls, const struct sockaddr *sa, socklen_t nSa){
  char z[INET6_ADDRSTRLEN];
  struct conn_track *p;
  unsigned nAll = 0, nIp = 0;
  enum MHD_Result rc = MHD_YES;
  (void)cls; (void)nSa;
  addr_text(sa, z);
  pthread_mutex_lock(&trackMu);
  for(p=pTrackHead; p; p=p->pNext){
    if( p->bEvicted ) continue;
    nAll++;
    if( strcmp(p->zPeer, z)==0 ) nIp++;
  }
  if( nIp>=cfg.nPerIp && !proxy_trusted(z) ){
    if( (p = track_oldest_wait(z))!=0 ){
      track_evict(p);
      nAll--;
    }else{
      rc = MHD_NO;
    }
  }
  if( rc==MHD_YES && nAll>=cfg.nMaxConn ){
    if( (p = track_oldest_wait(0))!=0 ) track_evict(p);
    else rc = MHD_NO;
  }
  pthread_mutex_unlock(&trackMu);
  return rc;
}

/* MHD's connection notifications: enter a new connection in the table,
** take a closing one out. */
static void on_connection(void *cls, struct MHD_Connection *conn, void **ppSock,
                          enum MHD_ConnectionNotificationCode e){
  struct conn_track *p;
  (void)cls;
  if( e==MHD_CONNECTION_NOTIFY_STARTED ){
    const union MHD_ConnectionInfo *ci;
    p = xcalloc(1, sizeof(*p));
    ci = MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CONNECTION_FD);
    p->fd = ci ? ci->connect_fd : -1;
    ci = MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    addr_text(ci ? ci->client_addr : 0, p->zPeer);
    p->eState = CT_WAIT;
    p->tSince = mono_now();
    pthread_mutex_lock(&trackMu);
    p->pNext = pTrackHead;
    if( pTrackHead ) pTrackHead->pPrev = p;
    pTrackHead = p;
    pthread_mutex_unlock(&trackMu);
    *ppSock = p;
  }else if( e==MHD_CONNECTION_NOTIFY_CLOSED && (p = *ppSock)!=0 ){
    pthread_mutex_lock(&trackMu);
    if( p->pPrev ) p->pPrev->pNext = p->pNext; else pTrackHead = p->pNext;
    if( p->pNext ) p->pNext->pPrev = p->pPrev;
    pthread_mutex_unlock(&trackMu);
    free(p);
    *ppSock = 0;
  }
}

/* The table entry of conn, or NULL. */
static struct conn_track *track_of(struct MHD_Connection *conn){
  const union MHD_ConnectionInfo *ci =
      MHD_get_connection_info(conn, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
  return ci ? ci->socket_context : 0;
}

/* Move conn's entry to state eState, starting its clock. */
static void track_set(struct MHD_Connection *conn, int eState){
  struct conn_track *p = track_of(conn);
  if( p==0 ) return;
  pthread_mutex_lock(&trackMu);
  p->eState = eState;
  p->tSince = mono_now();
  if( eState==CT_WAIT ) p->zClient[0] = 0;
  pthread_mutex_unlock(&trackMu);
}

/* Claim a request in progress for client zIp on conn: -1 when that
** client already has cfg.nPerIp in progress (on any connection; behind a
** trusted proxy this is the per-address limit, as the proxy's connections
** all come from one peer). */
static int track_client(struct MHD_Connection *conn, const char *zIp){
  struct conn_track *p, *pMe = track_of(conn);
  unsigned n = 0;
  int rc = 0;
  if( pMe==0 ) return 0;
  pthread_mutex_lock(&trackMu);
  for(p=pTrackHead; p; p=p->pNext){
    if( p!=pMe && !p->bEvicted && strcmp(p->zClient, zIp)==0 ) n++;
  }
  if( n>=cfg.nPerIp ) rc = -1;
  else snprintf(pMe->zClient, sizeof(pMe->zClient), "%s", zIp);
  pthread_mutex_unlock(&trackMu);
  return rc;
}

/* The watchdog: four times a second, close connections that have taken
** longer than allowed for their headers or their body. */
static void *watch_main(void *arg){
  (void)arg;
  pthread_mutex_lock(&watchMu);
  while( !bWatchStop ){
    struct timespec ts;
    struct conn_track *p;
    double now = mono_now();
    pthread_mutex_lock(&trackMu);
    for(p=pTrackHead; p; p=p->pNext){
      if( p->bEvicted ) continue;
      if( (p->eState==CT_WAIT && now - p->tSince > cfg.nHeaderTimeout)
       || (p->eState==CT_BODY && now - p->tSince > cfg.nBodyTimeout) ){
        track_evict(p);
      }
    }
    pthread_mutex_unlock(&trackMu);
    clock_gettime(CLOCK_REALTIME, &ts);
    ts.tv_nsec += 250000000;
    if( ts.tv_nsec>=1000000000 ){ ts.tv_sec++; ts.tv_nsec -= 1000000000; }
    pthread_cond_timedwait(&watchCv, &watchMu, &ts);
  }
  pthread_mutex_unlock(&watchMu);
  return 0;
}

/* ---- requests ---- */

/* Per-request state between MHD calls. */
struct conn_state {
  struct req r;
  bool bSuspended;          /* handed to a long-work thread */
  bool bReplied;            /* a reply was queued before the body */
  bool bUploadSlot;         /* holds one of cfg.nMaxUploads */
  bool bBodyFailed;         /* writing the upload's file failed */
  int fdBody;               /* the upload's temporary file, or -1 */
  size_t nReceived;         /* body bytes so far */
  void *pMap;               /* the upload mapped, or NULL */
  size_t nMap;
  struct upload_stream *pStream;  /* a streamed upload's parser (r.bStream) */
  size_t nProgress;         /* bytes of a streamed upload since its clock
                            ** last restarted */
  u64 iSeq;                 /* order of arrival in the long-work queue */
  double tQueued;           /* when it was queued */
  struct conn_state *pNext; /* in the long-work queue */
};

/* One share of the long-work threads. */
struct lane {
  struct conn_state *pHead, *pTail;   /* waiting, oldest first */
  unsigned nWait;           /* requests in the queue */
  unsigned nRun;            /* requests running */
  const char *azRunIp[8];   /* client address of each running request */
  double rAvg;              /* average seconds a request takes there */
};

/* The long-work queue and its threads. */
static pthread_mutex_t longMu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t longCv = PTHREAD_COND_INITIALIZER;
static struct lane aLane[REQ_LONG_N];
static u64 nLongSeq;
static bool bLongStop;
static pthread_t aLongThread[8];
static unsigned nLongThread;

/* Threads one share may hold: all but one, so the other share always
** finds one. */
static unsigned lane_cap(void){
  return nLongThread>1 ? nLongThread-1 : 1;
}

/* Requests of client zIp running in L.  longMu is held. */
static unsigned lane_running(const struct lane *L, const char *zIp){
  unsigned i, n = 0;
  for(i=0; i<COUNT(L->azRunIp); i++){
    if( L->azRunIp[i] && str_eq(L->azRunIp[i], zIp) ) n++;
  }
  return n;
}

/* The next request a long-work thread may take, from a share below its
** cap: the one whose client address has the fewest requests running in
** its share, the oldest among those.  So a flood from one address is
** served one at a time beside everyone else, who never wait behind its
** queue.  NULL when none may go.  Takes it off its queue and counts it as
** running in *ppLane, at *piSlot.  longMu is held. */
static struct conn_state *long_next(struct lane **ppLane, unsigned *piSlot){
  struct conn_state *st = 0, *p, *pPrev, *pBestPrev = 0;
  unsigned nBest = 0, i;
  struct lane *L;
  for(i=0; i<REQ_LONG_N; i++){
    L = &aLane[i];
    if( L->nRun>=lane_cap() ) continue;
    for(pPrev=0, p=L->pHead; p; pPrev=p, p=p->pNext){
      unsigned n = lane_running(L, p->r.zIp);
      if( st==0 || n<nBest || (n==nBest && p->iSeq<st->iSeq) ){
        st = p;
        pBestPrev = pPrev;
        nBest = n;
        *ppLane = L;
      }
    }
  }
  if( st==0 ) return 0;
  L = *ppLane;
  if( pBestPrev ) pBestPrev->pNext = st->pNext; else L->pHead = st->pNext;
  if( L->pTail==st ) L->pTail = pBestPrev;
  L->nWait--;
  L->nRun++;
  for(i=0; i<COUNT(L->azRunIp) && L->azRunIp[i]; i++){}
  assert( i<COUNT(L->azRunIp) );
  L->azRunIp[i] = st->r.zIp;
  *piSlot = i;
  return st;
}

/* A long-work thread: run queued requests, then resume their connection. */
static void *long_main(void *arg){
  (void)arg;
  if( cfg.xThreadInit ) cfg.xThreadInit();
  for(;;){
    struct conn_state *st;
    struct lane *L = 0;
    unsigned iSlot = 0;
    double t0;
    pthread_mutex_lock(&longMu);
    while( (st = long_next(&L, &iSlot))==0 && !bLongStop ) pthread_cond_wait(&longCv, &longMu);
    pthread_mutex_unlock(&longMu);
    if( st==0 ) break;
    t0 = mono_now();
    cfg.xRunLong(&st->r);
    st->r.xLong = 0;
    malloc_trim(0);            /* an import's memory goes back to the system */
    pthread_mutex_lock(&longMu);
    L->nRun--;
    L->azRunIp[iSlot] = 0;
    L->rAvg = L->rAvg==0 ? mono_now() - t0 : 0.8*L->rAvg + 0.2*(mono_now() - t0);
    pthread_cond_broadcast(&longCv);      /* a share below its cap again */
    pthread_mutex_unlock(&longMu);
    MHD_resume_connection(st->r.conn);
  }
  return 0;
}

/* Queue st (already suspended) for a long-work thread.  Returns 0, or -1
** when its share's queue is full or its client address has LONG_PER_IP
** requests there; *pnRetry is then the seconds to suggest waiting. */
static int long_push(struct conn_state *st, unsigned *pnRetry){
  struct lane *L = &aLane[st->r.eLong];
  struct conn_state *p;
  unsigned nIp = 0;
  int rc = 0;
  pthread_mutex_lock(&longMu);
  for(p=L->pHead; p; p=p->pNext){
    if( str_eq(p->r.zIp, st->r.zIp) ) nIp++;
  }
  if( L->nWait>=cfg.nLongQueue || nIp>=LONG_PER_IP ){
    double rWait = (L->nWait + 1) * (L->rAvg>0 ? L->rAvg : 1.0) / lane_cap();
    *pnRetry = rWait<1 ? 1 : rWait>60 ? 60 : (unsigned)(rWait + 0.999);
    rc = -1;
  }else{
    st->pNext = 0;
    st->iSeq = ++nLongSeq;
    if( L->pTail ) L->pTail->pNext = st; else L->pHead = st;
    L->pTail = st;
    L->nWait++;
    pthread_cond_signal(&longCv);
  }
  pthread_mutex_unlock(&longMu);
  return rc;
}

/* Gather every X-Forwarded-For header, in order, joined by commas. */
static enum MHD_Result add_xff(void *p, enum MHD_ValueKind kind,
                               const char *zKey, const char *zVal){
  struct buf *b = p;
  (void)kind;
  if( zVal && strcasecmp(zKey, "X-Forwarded-For")==0 && b->len < 4096 ){
    if( b->len ) buf_putc(b, ',');
    buf_puts(b, zVal);
  }
  return MHD_YES;
}

/* The client address of r as text in the arena: the TCP peer zPeer, or,
** when the peer is a trusted proxy, the rightmost X-Forwarded-For entry
** that is not one (when every entry is trusted, the leftmost; an entry
** that is not an address ends the walk at the hop that passed it on). */
static const char *client_ip(struct req *r, const char *zPeer){
  struct buf xff = BUF_INIT;
  char zBest[INET6_ADDRSTRLEN], z[INET6_ADDRSTRLEN];
  size_t end;
  snprintf(zBest, sizeof(zBest), "%s", zPeer);
  if( nProxy==0 || !proxy_trusted(zPeer) ) return arena_strdup(r->arena, zPeer);
  MHD_get_connection_values(r->conn, MHD_HEADER_KIND, add_xff, &xff);
  end = xff.len;
  while( end>0 ){
    size_t beg = end, e = end;
    while( beg>0 && xff.buf[beg-1]!=',' ) beg--;
    end = beg ? beg-1 : 0;
    while( beg<e && (xff.buf[beg]==' ' || xff.buf[beg]=='\t') ) beg++;
    while( e>beg && (xff.buf[e-1]==' ' || xff.buf[e-1]=='\t') ) e--;
    if( addr_norm(xff.buf+beg, e-beg, z) ) break;
    memcpy(zBest, z, sizeof(z));
    if( !proxy_trusted(z) ) break;
  }
  buf_release(&xff);
  return arena_strdup(r->arena, zBest);
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
  }else if( r->bFdReply ){
    /* MHD closes the descriptor when it is done with the response */
    resp = MHD_create_response_from_fd64((uint64_t)r->nFdReply, r->fdReply);
    r->bFdReply = false;
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
  r->pStatic = 0;
  r->nHeader = 0;
  if( r->bFdReply ){
    close(r->fdReply);
    r->bFdReply = false;
  }
  buf_reset(&r->out);
  if( str_starts(r->zPath, "/api/") ){
    r->zContentType = "application/json; charset=utf-8";
    buf_appendf(&r->out, "{\"error\":{\"code\":%j,\"message\":%j}}", zCode, zMsg);
  }else{
    r->zContentType = "text/plain; charset=utf-8";
    buf_appendf(&r->out, "%d %s\n", status, zMsg);
  }
}

/* Busy: 503 with Retry-After nSec. */
static void busy_reply(struct req *r, unsigned nSec, const char *zMsg){
  char z[16];
  limit_reply(r, 503, "busy", zMsg);
  snprintf(z, sizeof(z), "%u", nSec);
  req_add_header(r, "Retry-After", z);
}

/* True when the request announces a body (Content-Length above 0, or a
** Transfer-Encoding). */
static bool has_body(struct MHD_Connection *conn){
  const char *z = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Content-Length");
  if( MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Transfer-Encoding") ) return true;
  return z && strtoull(z, 0, 10)>0;
}

/* Take an upload slot for r: -1 when cfg.nMaxUploads are receiving. */
static int upload_slot_take(void){
  int rc = -1;
  pthread_mutex_lock(&trackMu);
  if( nUploads<cfg.nMaxUploads ){
    nUploads++;
    rc = 0;
  }
  pthread_mutex_unlock(&trackMu);
  return rc;
}

/* Give an upload slot back. */
static void upload_slot_give(void){
  pthread_mutex_lock(&trackMu);
  nUploads--;
  pthread_mutex_unlock(&trackMu);
}

/* The first call for a request: headers only.  Sets up st, finds the
** client address and, for a request with a body, asks the application
** (xAdmit) before any of it is read.  Returns what on_request returns. */
static enum MHD_Result request_begin(struct conn_state *st, struct MHD_Connection *conn,
                                     const char *zUrl, const char *zMethod){
  struct req *r = &st->r;
  struct conn_track *t = track_of(conn);
  const char *zLen;
  r->arena = arena_new();
  r->conn = conn;
  r->zMethod = arena_strdup(r->arena, zMethod);
  r->zPath = arena_strdup(r->arena, zUrl);
  r->status = 200;
  r->bSecureCookie = cfg.bSecureCookie;
  r->nMaxBody = cfg.nMaxBody;
  st->fdBody = -1;
  buf_init(&r->out);
  buf_init(&r->body);
  r->zIp = client_ip(r, t ? t->zPeer : "");
  MHD_get_connection_values_n(conn, MHD_GET_ARGUMENT_KIND, add_query, r);
  track_set(conn, CT_WORK);
  if( track_client(conn, r->zIp) ){
    limit_reply(r, 429, "too_many", "来自同一地址的请求过多，请稍后再试");
    req_add_header(r, "Retry-After", "1");
    st->bReplied = true;
    return send_reply(r);
  }
  if( !has_body(conn) ){
    buf_init_max(&r->body, r->nMaxBody);
    return MHD_YES;
  }
  if( !bThreadReady ){
    if( cfg.xThreadInit ) cfg.xThreadInit();
    bThreadReady = true;
  }
  if( cfg.xAdmit && cfg.xAdmit(r) ){
    st->bReplied = true;
    return send_reply(r);
  }
  buf_init_max(&r->body, r->nMaxBody);
  zLen = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Content-Length");
  if( zLen && strtoull(zLen, 0, 10) > r->nMaxBody ){
    limit_reply(r, 413, "too_large",
                r->bStream && r->zMaxFileMsg ? r->zMaxFileMsg
                : r->bUpload || r->bStream ? "上传的文件过大（最大 20 MB）" : "请求内容过大");
    st->bReplied = true;
    return send_reply(r);
  }
  if( r->bUpload || r->bStream ){
    if( upload_slot_take() ){
      busy_reply(r, 10, "同时上传的文件过多，请稍后再试");
      st->bReplied = true;
      return send_reply(r);
    }
    st->bUploadSlot = true;
  }
  if( r->bStream ){
    st->pStream = upload_stream_new(r, req_header(r, "Content-Type"), cfg.zTmpDir);
  }
  track_set(conn, CT_BODY);
  return MHD_YES;
}

/* Open the upload's temporary file: 0600, removed from the folder at once
** (it lives while the descriptor is open).  -1 on failure. */
static int upload_open(void){
  char *zPath = fmt_dup("%s/upload-XXXXXX", cfg.zTmpDir);
  int fd;
  mkdir(cfg.zTmpDir, 0700);
  fd = mkstemp(zPath);
  if( fd>=0 ) unlink(zPath);
  else log_warn("cannot make an upload file in %j: %j", cfg.zTmpDir, strerror(errno));
  free(zPath);
  return fd;
}

/* Take n bytes of the body. -1 when it goes past the cap. */
static int body_take(struct conn_state *st, const char *p, size_t n){
  struct req *r = &st->r;
  if( st->nReceived + n > r->nMaxBody ) return -1;
  st->nReceived += n;
  if( st->pStream ){
    upload_stream_feed(st->pStream, p, n);
    /* a long upload keeps its connection while it moves: the body clock
    ** restarts after every MiB */
    st->nProgress += n;
    if( st->nProgress >= 1024*1024 ){
      st->nProgress = 0;
      track_set(r->conn, CT_BODY);
    }
    return 0;
  }
  if( !r->bUpload ){
    return buf_append(&r->body, p, n);
  }
  if( st->bBodyFailed ) return 0;
  if( st->fdBody<0 && (st->fdBody = upload_open())<0 ){
    st->bBodyFailed = true;
    return 0;
  }
  while( n ){
    ssize_t k = write(st->fdBody, p, n);
    if( k<0 && errno==EINTR ) continue;
    if( k<=0 ){
      log_warn("upload file write failed: %j", strerror(errno));
      st->bBodyFailed = true;
      return 0;
    }
    p += k;
    n -= (size_t)k;
  }
  return 0;
}

/* The body is complete: point r->pBody at it (mapping the upload's file).
** -1 when the upload could not be kept; 1 when a streamed upload was
** refused (the reply is in r). */
static int body_finish(struct conn_state *st){
  struct req *r = &st->r;
  if( st->bBodyFailed ) return -1;
  if( st->pStream ){
    const char *zMsg = 0;
    int status = upload_stream_finish(st->pStream, &zMsg);
    r->pBody = "";
    r->nBody = 0;
    if( status ){
      limit_reply(r, status, status==413 ? "too_large" : status==400 ? "bad_form" : "busy",
                  zMsg ? zMsg : "上传失败");
      return 1;
    }
    return 0;
  }
  if( st->fdBody>=0 && st->nReceived ){
    st->pMap = mmap(0, st->nReceived, PROT_READ, MAP_PRIVATE, st->fdBody, 0);
    if( st->pMap==MAP_FAILED ){
      st->pMap = 0;
      log_warn("cannot map an upload of %lld bytes: %j", (long long)st->nReceived,
               strerror(errno));
      return -1;
    }
    st->nMap = st->nReceived;
    r->pBody = st->pMap;
    r->nBody = st->nMap;
  }else{
    r->pBody = r->body.buf;
    r->nBody = r->body.len;
  }
  return 0;
}

/* MHD's access handler, called once with the headers, once per piece of
** the body, and once more when the body is complete (then the request is
** dispatched), and again after a long-work thread resumes it. */
static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn,
    const char *zUrl, const char *zMethod, const char *zVersion,
    const char *zUpload, size_t *pnUpload, void **ppState){
  struct conn_state *st = *ppState;
  struct req *r;
  (void)cls; (void)zVersion;
  if( st==0 ){
    st = xcalloc(1, sizeof(*st));
    *ppState = st;
    return request_begin(st, conn, zUrl, zMethod);
  }
  r = &st->r;
  if( st->bReplied ){
    *pnUpload = 0;
    return MHD_YES;
  }
  if( st->bSuspended ){
    /* back from a long-work thread: the reply is ready */
    st->bSuspended = false;
    return send_reply(r);
  }
  if( *pnUpload ){
    size_t n = *pnUpload;
    *pnUpload = 0;
    if( body_take(st, zUpload, n) ){
      /* only a body without Content-Length gets here (413 came early
      ** otherwise): close rather than read on */
      log_warn("%j %j: body over %lld bytes, connection closed (from %j)", r->zMethod,
               r->zPath, (long long)r->nMaxBody, r->zIp);
      return MHD_NO;
    }
    return MHD_YES;
  }
  track_set(conn, CT_WORK);
  if( !bThreadReady ){
    if( cfg.xThreadInit ) cfg.xThreadInit();
    bThreadReady = true;
  }
  switch( body_finish(st) ){
    case 0: break;
    case 1: return send_reply(r);       /* a streamed upload refused */
    default:
      busy_reply(r, 60, "服务器暂时无法保存上传的文件，请稍后再试");
      return send_reply(r);
  }
  cfg.xDispatch(r);
  if( r->xLong ){
    unsigned nRetry = 1;
    st->bSuspended = true;
    MHD_suspend_connection(conn);
    if( long_push(st, &nRetry) ){
      r->xLong = 0;
      busy_reply(r, nRetry, r->eLong==REQ_LONG_AUTH
                 ? "登录请求过多，请稍后再试" : "服务器正忙，请稍后再试");
      log_warn("%j %j -> 503 long-work queue full (from %j)", r->zMethod, r->zPath, r->zIp);
      MHD_resume_connection(conn);
    }
    return MHD_YES;
  }
  return send_reply(r);
}

/* A request is over (answered, or its connection gone): free its state,
** its upload and its slot, and start the header clock for the next one. */
static void on_completed(void *cls, struct MHD_Connection *conn, void **ppState,
                         enum MHD_RequestTerminationCode toe){
  struct conn_state *st = *ppState;
  (void)cls; (void)toe;
  if( st==0 ) return;
  track_set(conn, CT_WAIT);
  if( st->pMap ) munmap(st->pMap, st->nMap);
  if( st->fdBody>=0 ) close(st->fdBody);
  upload_stream_free(st->pStream);
  if( st->r.bFdReply ) close(st->r.fdReply);
  if( st->bUploadSlot ) upload_slot_give();
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
  if( cfg.nMaxConn==0 ) cfg.nMaxConn = 512;
  if( cfg.nPerIp==0 ) cfg.nPerIp = 64;
  if( cfg.nHeaderTimeout==0 ) cfg.nHeaderTimeout = 10;
  if( cfg.nBodyTimeout==0 ) cfg.nBodyTimeout = 300;
  if( cfg.nMaxUploads==0 ) cfg.nMaxUploads = 8;
  if( cfg.nLongQueue==0 ) cfg.nLongQueue = 16;
  if( cfg.zTmpDir==0 ) cfg.zTmpDir = "/tmp";
  if( proxy_parse(cfg.zTrustedProxies) ) return -1;
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
  /* MHD's own limits sit above ours (on_accept): MHD splits its
  ** connection limit over the pool's threads, and refuses where we would
  ** make room by closing a slow connection. */
  pDaemon = MHD_start_daemon(
      MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ERROR_LOG
      | MHD_ALLOW_SUSPEND_RESUME,
      (uint16_t)port, on_accept, 0, on_request, 0,
      MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa,
      MHD_OPTION_THREAD_POOL_SIZE, cfg.nThreads,
      MHD_OPTION_CONNECTION_LIMIT, (cfg.nMaxConn + 16) * cfg.nThreads,
      MHD_OPTION_CONNECTION_TIMEOUT, cfg.nTimeout,
      MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)64*1024,
      MHD_OPTION_NOTIFY_COMPLETED, on_completed, (void *)0,
      MHD_OPTION_NOTIFY_CONNECTION, on_connection, (void *)0,
      MHD_OPTION_END);
  if( pDaemon==0 ){
    warn("cannot listen on %s", cfg.zListen);
    return -1;
  }
  nLongThread = cfg.nLongThreads ? cfg.nLongThreads : 3;
  if( nLongThread > COUNT(aLongThread) ) nLongThread = COUNT(aLongThread);
  for(unsigned i=0; i<nLongThread; i++){
    if( pthread_create(&aLongThread[i], 0, long_main, 0) ) fatal("cannot start a long-work thread");
  }
  bWatchStop = false;
  if( pthread_create(&watchThread, 0, watch_main, 0) ) fatal("cannot start the watchdog thread");
  bWatchRunning = true;
  di = MHD_get_daemon_info(pDaemon, MHD_DAEMON_INFO_BIND_PORT);
  if( pPort ) *pPort = di ? di->port : (int)port;
  return 0;
}

void server_stop(void){
  unsigned i;
  if( bWatchRunning ){
    pthread_mutex_lock(&watchMu);
    bWatchStop = true;
    pthread_cond_signal(&watchCv);
    pthread_mutex_unlock(&watchMu);
    pthread_join(watchThread, 0);
    bWatchRunning = false;
  }
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
