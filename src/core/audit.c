/*
** audit.c -- the audit log's chain: append (one entry or a batch, inside
** the transaction of the change), the sealed head in meta, and the walk
** that verifies every link.  The head kept outside the database is
** audit_head.c's; the audit viewer (pages, API, `fazhi audit`) is
** desk/audit.c's.
*/
#include "../common.h"
#include <pthread.h>
#include "../base/arena.h"
#include "../base/buf.h"
#include "../base/util.h"
#include "../crypto/sm3.h"
#include "../store/db.h"
#include "app.h"
#include "audit.h"

static const char zGenesis[] =
  "0000000000000000000000000000000000000000000000000000000000000000";

/* Append the decimal digits of v.  (The verify loop runs this millions of
** times; the printf engine costs a quarter of the time there.) */
static void canon_int(struct buf *b, long long v){
  char z[24];
  int i = (int)sizeof(z);
  unsigned long long u = v<0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;
  do{ z[--i] = (char)('0' + u%10); u /= 10; }while( u );
  if( v<0 ) z[--i] = '-';
  buf_append(b, z+i, sizeof(z) - (size_t)i);
}

/* Append one length-prefixed field ("len:bytes;") to b. */
static void canon_field(struct buf *b, const char *z){
  size_t n = z ? strlen(z) : 0;
  canon_int(b, (long long)n);
  buf_putc(b, ':');
  if( n ) buf_append(b, z, n);
  buf_putc(b, ';');
}

/* Append the canonical text of an entry (what the hash covers):
** "id;at;user_id;" then length-prefixed username, "org_id;", then
** length-prefixed ip, action, entity, entity_id, before, after. */
static void canon_entry(struct buf *b, i64 id, i64 at, i64 userId, const char *zUser,
                        i64 orgId, const char *zIp, const char *zAction,
                        const char *zEntity, const char *zEntityId,
                        const char *zBefore, const char *zAfter){
  canon_int(b, id); buf_putc(b, ';');
  canon_int(b, at); buf_putc(b, ';');
  canon_int(b, userId); buf_putc(b, ';');
  canon_field(b, zUser);
  canon_int(b, orgId); buf_putc(b, ';');
  canon_field(b, zIp);
  canon_field(b, zAction);
  canon_field(b, zEntity);
  canon_field(b, zEntityId);
  canon_field(b, zBefore);
  canon_field(b, zAfter);
}

/* hash = hex(SM3(prev || canonical)) into zOut[65]. */
static void chain_hash(const char *zPrev, const struct buf *pCanon, struct sm3_ctx *c,
                       char zOut[65]){
  u8 h[32];
  sm3_update(c, zPrev, 64);
  sm3_update(c, pCanon->buf, pCanon->len);
  sm3_final(c, h);
  hex_encode(h, 32, zOut);
}

/* The seal of a head: hex(HMAC-SM3(audit key, "count:lastId:lastHash")). */
static void head_seal(i64 n, i64 lastId, const char *zLast, char zOut[65]){
  char z[128];
  u8 h[32];
  int len = snprintf(z, sizeof(z), "%lld:%lld:%s", (long long)n, (long long)lastId, zLast);
  hmac_sm3(app.keys.aAudit, sizeof(app.keys.aAudit), z, (size_t)len, h);
  hex_encode(h, 32, zOut);
}

void audit_batch_begin(struct audit_batch *b){
  struct stmt q;
  long long n = 0, lastId = 0;
  if( db_txn_depth()==0 ) fatal("audit entries written outside a transaction");
  memset(b, 0, sizeof(*b));
  memcpy(b->zPrev, zGenesis, 65);
  /* Lock the head row first: on PostgreSQL this serialises appends from
  ** every process (SQLite's BEGIN IMMEDIATE already holds the write lock). */
  db_exec("UPDATE meta SET v=v WHERE k='audit_head'", "");
  db_prepare(&q, "SELECT v FROM meta WHERE k='audit_head'");
  if( db_step(&q)==DB_ROW ){
    const char *z = db_column_text(&q, 0);
    if( sscanf(z, "%lld %lld %64s", &n, &lastId, b->zPrev)!=3 ) fatal("bad audit head: %s", z);
  }
  db_finalize(&q);
  b->n = n;
  b->lastId = lastId;
  b->now = time_now();
  sm3_init(&b->c);
  buf_init(&b->canon);
}

void audit_batch_add(struct audit_batch *b, const struct actor *a, const char *zAction,
                     const char *zEntity, const char *zEntityId, const char *zBefore,
                     const char *zAfter){
  audit_batch_add_at(b, b->now, a, zAction, zEntity, zEntityId, zBefore, zAfter);
}

static char *(*xSubject)(struct arena *, const char *, i64, const char *);

void audit_set_subject(char *(*x)(struct arena *ar, const char *zEntity, i64 id,
                                  const char *zBefore)){
  xSubject = x;
}

/* The path of the org an entry about zEntity zEntityId concerns (an org
** itself, a user's org; a register's row through the hook the wiring
** installed, reg_audit_subject), in ar; NULL when it concerns no org. */
static char *audit_subject_path(struct arena *ar, const char *zEntity,
                                const char *zEntityId, const char *zBefore){
  i64 id;
  if( zEntityId==0 || str_to_i64(zEntityId, 1, INT64_MAX, &id) ) return 0;
  if( str_eq(zEntity, "org") ){
    return db_text(ar, 0, "SELECT path FROM org WHERE id=?1", "i", id);
  }
  if( str_eq(zEntity, "user") ){
    return db_text(ar, 0, "SELECT o.path FROM users u JOIN org o ON o.id=u.org_id"
                          " WHERE u.id=?1", "i", id);
  }
  return xSubject ? xSubject(ar, zEntity, id, zBefore) : 0;
}

void audit_batch_add_at(struct audit_batch *b, i64 at, const struct actor *a,
                        const char *zAction, const char *zEntity, const char *zEntityId,
                        const char *zBefore, const char *zAfter){
  struct stmt q;
  struct arena *ar = 0;          /* only when the subject is looked up */
  char zHash[65], *zSubject;
  i64 id = b->lastId + 1;
  buf_reset(&b->canon);
  canon_entry(&b->canon, id, at, a->userId, a->zUsername, a->orgId, a->zIp, zAction,
              zEntity, zEntityId, zBefore, zAfter);
  chain_hash(b->zPrev, &b->canon, &b->c, zHash);
  if( b->zSubject ){
    zSubject = (char *)b->zSubject;
  }else{
    ar = arena_new();
    zSubject = audit_subject_path(ar, zEntity, zEntityId, zBefore);
  }
  b->zSubject = 0;
  db_prepare(&q,
    "INSERT INTO audit(id, at, user_id, username, org_id, ip, action, entity,"
    "                  entity_id, before, after, prev_hash, hash, actor_path,"
    "                  subject_path)"
    " VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)");
  db_bind_int64(&q, 1, id);
  db_bind_int64(&q, 2, at);
  if( a->userId ) db_bind_int64(&q, 3, a->userId); else db_bind_null(&q, 3);
  db_bind_text(&q, 4, a->zUsername ? a->zUsername : "");
  if( a->orgId ) db_bind_int64(&q, 5, a->orgId); else db_bind_null(&q, 5);
  db_bind_text(&q, 6, a->zIp ? a->zIp : "");
  db_bind_text(&q, 7, zAction);
  db_bind_text(&q, 8, zEntity ? zEntity : "");
  db_bind_text(&q, 9, zEntityId ? zEntityId : "");
  db_bind_text(&q, 10, zBefore);
  db_bind_text(&q, 11, zAfter);
  db_bind_text(&q, 12, b->zPrev);
  db_bind_text(&q, 13, zHash);
  db_bind_text(&q, 14, a->zOrgPath && a->zOrgPath[0]=='/' && a->zOrgPath[1]!='-'
                       ? a->zOrgPath : 0);
  db_bind_text(&q, 15, zSubject);
  if( db_step(&q)!=DB_DONE ) fatal("audit insert refused");
  db_finalize(&q);
  if( ar ) arena_free(ar);
  memcpy(b->zPrev, zHash, 65);
  b->lastId = id;
  b->n++;
}

void audit_batch_end(struct audit_batch *b){
  char zHead[160], zSeal[65];
  snprintf(zHead, sizeof(zHead), "%lld %lld %s", (long long)b->n, (long long)b->lastId, b->zPrev);
  head_seal(b->n, b->lastId, b->zPrev, zSeal);
  db_exec("INSERT INTO meta(k,v) VALUES('audit_head',?1)"
          " ON CONFLICT(k) DO UPDATE SET v=excluded.v", "t", zHead);
  db_exec("INSERT INTO meta(k,v) VALUES('audit_seal',?1)"
          " ON CONFLICT(k) DO UPDATE SET v=excluded.v", "t", zSeal);
  /* once the transaction commits, the head file in the key folder follows */
  audit_head_pending(b->n, b->lastId, b->zPrev);
  sm3_free(&b->c);
  buf_release(&b->canon);
}

void audit_write(const struct actor *a, const char *zAction, const char *zEntity,
                 const char *zEntityId, const char *zBefore, const char *zAfter){
  struct audit_batch b;
  audit_batch_begin(&b);
  audit_batch_add(&b, a, zAction, zEntity, zEntityId, zBefore, zAfter);
  audit_batch_end(&b);
}

void audit_write_now(const struct actor *a, const char *zAction, const char *zEntity,
                     const char *zEntityId, const char *zBefore, const char *zAfter){
  db_begin();
  audit_write(a, zAction, zEntity, zEntityId, zBefore, zAfter);
  db_commit();
}

/* One entry read for verification: its canonical text lives in a shared
** buffer at [off, off+len). */
struct verify_item {
  i64 id;
  i64 at;                   /* time stamp, for the newest entry's age */
  size_t off, len;
  bool bNoPrev, bNoHash;    /* the stored hashes were NULL */
  char zPrev[65];           /* stored prev_hash */
  char zHash[65];           /* stored hash */
  bool bOk;                 /* SM3(zPrev || text) equals zHash */
};

/* Hash items [iFrom, iTo) of a batch (one thread's share). */
struct verify_job {
  struct verify_item *a;
  const char *pText;
  int iFrom, iTo;
};

static void *verify_worker(void *pArg){
  struct verify_job *j = pArg;
  struct sm3_ctx c;
  int i;
  sm3_init(&c);
  for(i=j->iFrom; i<j->iTo; i++){
    struct verify_item *e = &j->a[i];
    u8 h[32];
    char zHex[65];
    if( e->bNoPrev || e->bNoHash ){ e->bOk = false; continue; }
    sm3_update(&c, e->zPrev, 64);
    sm3_update(&c, j->pText + e->off, e->len);
    sm3_final(&c, h);
    hex_encode(h, 32, zHex);
    e->bOk = strcmp(zHex, e->zHash)==0;
  }
  sm3_free(&c);
  return 0;
}

/* Copy a stored hash (64 hex digits) into z[65]; false when absent or the
** wrong length. */
static bool copy_hash(char z[65], const char *zIn){
  if( zIn==0 || strlen(zIn)!=64 ){ z[0] = 0; return false; }
  memcpy(z, zIn, 65);
  return true;
}

#define VERIFY_BATCH 4096

/* Mark the anchors at entry id with whether the chain has zHash there;
** *pk is the first anchor not yet passed (anchors are sorted by id). */
static void walk_anchor(struct audit_walk *w, int *pk, i64 id, const char *zHash){
  int k;
  while( *pk < w->nAnchor && w->aAnchor[*pk].id < id ) (*pk)++;
  for(k=*pk; k<w->nAnchor && w->aAnchor[k].id==id; k++){
    w->aAnchor[k].eSeen = strcmp(w->aAnchor[k].zHash, zHash)==0 ? 1 : -1;
  }
}

int audit_walk(struct audit_walk *w, struct buf *pMsg){
  struct stmt q;
  char zPrev[65], zSeal[65];
  struct buf text = BUF_INIT;
  struct verify_item *a = xmalloc(sizeof(*a) * VERIFY_BATCH);
  i64 n = 0, lastId = 0, lastAt = 0;
  int rc = 0, kAnchor = 0;
  bool bMore = true;
  struct arena *ar = arena_new();
  char *zHead, *zStoredSeal;
  memcpy(zPrev, zGenesis, 65);
  w->badId = 0;
  db_scan(true);
  db_prepare(&q,
    "SELECT id, at, user_id, username, org_id, ip, action, entity, entity_id,"
    "       before, after, prev_hash, hash"
    "  FROM audit"
    " ORDER BY id");
  /* Batches: read entries (this thread), hash them on two threads (each
  ** entry against its own stored prev hash, so the work splits), then
  ** check links and hashes in order, stopping at the first bad entry --
  ** the same verdict as walking the chain one entry at a time. */
  while( bMore && rc==0 ){
    struct verify_job job[2];
    pthread_t th;
    bool bThread = false;
    int nItem = 0, i;
    buf_reset(&text);
    while( nItem<VERIFY_BATCH ){
      struct verify_item *e;
      if( db_step(&q)!=DB_ROW ){ bMore = false; break; }
      e = &a[nItem++];
      e->id = db_column_int64(&q, 0);
      e->at = db_column_int64(&q, 1);
      e->bNoPrev = !copy_hash(e->zPrev, db_column_text(&q, 11));
      e->bNoHash = !copy_hash(e->zHash, db_column_text(&q, 12));
      e->off = text.len;
      canon_entry(&text, e->id, e->at, db_column_int64(&q, 2),
                  db_column_text(&q, 3), db_column_int64(&q, 4), db_column_text(&q, 5),
                  db_column_text(&q, 6), db_column_text(&q, 7), db_column_text(&q, 8),
                  db_column_text(&q, 9), db_column_text(&q, 10));
      e->len = text.len - e->off;
    }
    job[0].a = job[1].a = a;
    job[0].pText = job[1].pText = text.buf;
    job[0].iFrom = 0;
    job[0].iTo = job[1].iFrom = nItem > 256 ? nItem/2 : nItem;
    job[1].iTo = nItem;
    if( job[1].iFrom < job[1].iTo && pthread_create(&th, 0, verify_worker, &job[1])==0 ){
      bThread = true;
    }
    verify_worker(&job[0]);
    if( bThread ) pthread_join(th, 0);
    else verify_worker(&job[1]);
    for(i=0; i<nItem; i++){
      struct verify_item *e = &a[i];
      n++;
      if( e->id!=lastId+1 || e->bNoPrev || strcmp(e->zPrev, zPrev)!=0 ){
        w->badId = e->id;
        buf_appendf(pMsg, "第%lld条（id=%lld）与前一条接不上：之前的条目被删除、插入或调换了顺序",
                    (long long)n, (long long)e->id);
        rc = 1;
        break;
      }
      if( !e->bOk ){
        w->badId = e->id;
        buf_appendf(pMsg, "第%lld条（id=%lld）的内容被修改：哈希值不符", (long long)n,
                    (long long)e->id);
        rc = 1;
        break;
      }
      memcpy(zPrev, e->zHash, 65);
      lastId = e->id;
      lastAt = e->at;
      if( w->nAnchor ) walk_anchor(w, &kAnchor, e->id, e->zHash);
    }
  }
  db_finalize(&q);
  db_scan(false);
  buf_release(&text);
  free(a);
  if( rc==0 ){
    zHead = db_text(ar, 0, "SELECT v FROM meta WHERE k='audit_head'", "");
    zStoredSeal = db_text(ar, 0, "SELECT v FROM meta WHERE k='audit_seal'", "");
    if( n==0 && zStoredSeal==0 && (zHead==0 || strncmp(zHead, "0 0 ", 4)==0) ){
      /* an empty log: nothing appended, nothing sealed (whether that is
      ** believable is for the caller: the head file, the other tables) */
    }else{
      char zWant[160];
      snprintf(zWant, sizeof(zWant), "%lld %lld %s", (long long)n, (long long)lastId, zPrev);
      head_seal(n, lastId, zPrev, zSeal);
      if( zHead==0 || strcmp(zHead, zWant)!=0 || zStoredSeal==0
       || strcmp(zStoredSeal, zSeal)!=0 ){
        buf_appendf(pMsg, "日志末尾与封印不符：最新的条目被删除，或日志被不持有密钥者重写（现有%lld条）",
                    (long long)n);
        rc = 1;
      }
    }
  }
  arena_free(ar);
  w->n = n;
  w->lastId = lastId;
  w->lastAt = lastAt;
  memcpy(w->zLast, zPrev, 65);
  return rc;
}

