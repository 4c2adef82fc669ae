/*
** audit.c -- the audit log: append, verify, list.
*/
#include "../common.h"
#include <pthread.h>
#include "../base/arena.h"
#include "../base/buf.h"
#include "../base/json.h"
#include "../base/util.h"
#include "../crypto/sm3.h"
#include "../store/db.h"
#include "../web/api.h"
#include "../web/html.h"
#include "../web/req.h"
#include "app.h"
#include "audit.h"
#include "cli.h"
#include "org.h"

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

/* The path of the org an entry about zEntity zEntityId concerns (an org
** itself, a user's org), in ar; NULL when it concerns no org. */
static char *audit_subject_path(struct arena *ar, const char *zEntity,
                                const char *zEntityId){
  i64 id;
  if( zEntityId==0 || str_to_i64(zEntityId, 1, INT64_MAX, &id) ) return 0;
  if( str_eq(zEntity, "org") ){
    return db_text(ar, 0, "SELECT path FROM org WHERE id=?1", "i", id);
  }
  if( str_eq(zEntity, "user") ){
    return db_text(ar, 0, "SELECT o.path FROM users u JOIN org o ON o.id=u.org_id"
                          " WHERE u.id=?1", "i", id);
  }
  return 0;
}

void audit_batch_add_at(struct audit_batch *b, i64 at, const struct actor *a,
                        const char *zAction, const char *zEntity, const char *zEntityId,
                        const char *zBefore, const char *zAfter){
  struct stmt q;
  struct arena *ar = arena_new();
  char zHash[65], *zSubject;
  i64 id = b->lastId + 1;
  buf_reset(&b->canon);
  canon_entry(&b->canon, id, at, a->userId, a->zUsername, a->orgId, a->zIp, zAction,
              zEntity, zEntityId, zBefore, zAfter);
  chain_hash(b->zPrev, &b->canon, &b->c, zHash);
  zSubject = audit_subject_path(ar, zEntity, zEntityId);
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
  arena_free(ar);
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

int audit_verify(i64 *pnEntries, i64 *pBadId, struct buf *pMsg){
  struct stmt q;
  char zPrev[65], zSeal[65];
  struct buf text = BUF_INIT;
  struct verify_item *a = xmalloc(sizeof(*a) * VERIFY_BATCH);
  i64 n = 0, lastId = 0;
  int rc = 0;
  bool bMore = true;
  struct arena *ar = arena_new();
  char *zHead, *zStoredSeal;
  memcpy(zPrev, zGenesis, 65);
  *pBadId = 0;
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
      e->bNoPrev = !copy_hash(e->zPrev, db_column_text(&q, 11));
      e->bNoHash = !copy_hash(e->zHash, db_column_text(&q, 12));
      e->off = text.len;
      canon_entry(&text, e->id, db_column_int64(&q, 1), db_column_int64(&q, 2),
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
        *pBadId = e->id;
        buf_appendf(pMsg, "第%lld条（id=%lld）与前一条接不上：之前的条目被删除、插入或调换了顺序",
                    (long long)n, (long long)e->id);
        rc = 1;
        break;
      }
      if( !e->bOk ){
        *pBadId = e->id;
        buf_appendf(pMsg, "第%lld条（id=%lld）的内容被修改：哈希值不符", (long long)n,
                    (long long)e->id);
        rc = 1;
        break;
      }
      memcpy(zPrev, e->zHash, 65);
      lastId = e->id;
    }
  }
  db_finalize(&q);
  buf_release(&text);
  free(a);
  if( rc==0 ){
    zHead = db_text(ar, 0, "SELECT v FROM meta WHERE k='audit_head'", "");
    zStoredSeal = db_text(ar, 0, "SELECT v FROM meta WHERE k='audit_seal'", "");
    if( n==0 && zStoredSeal==0 && (zHead==0 || strncmp(zHead, "0 0 ", 4)==0) ){
      /* an empty log: nothing appended, nothing sealed */
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
  *pnEntries = n;
  return rc;
}

/* Filters shared by the audit list page, API and command. */
struct audit_filter {
  const char *zUser;        /* username, exact */
  const char *zAction;      /* action, exact */
  const char *zEntity;      /* entity, exact */
  i64 from, to;             /* epoch range, 0 for open */
  i64 limit, offset;
  const char *zScope;       /* LIKE pattern of the reader's unit; NULL: all */
};

/* Set f->zScope for the reader a: NULL (everything) for the top of the
** tree, else the entries whose actor or subject is inside their unit. */
static void audit_filter_scope(struct audit_filter *f, struct arena *ar,
                               const struct actor *a){
  f->zScope = org_scope_top(a) ? 0 : org_scope_like(ar, a);
}

/* Run the audit list query for f; the caller steps and finalizes q.
** Columns: id at username ip action entity entity_id before after. */
static void audit_query(struct stmt *q, const struct audit_filter *f){
  db_prepare(q,
    "SELECT id, at, username, ip, action, entity, entity_id, before, after"
    "  FROM audit"
    " WHERE (?1 IS NULL OR username=?1)"
    "   AND (?2 IS NULL OR action=?2)"
    "   AND (?3 IS NULL OR entity=?3)"
    "   AND (?4=0 OR at>=?4)"
    "   AND (?5=0 OR at<?5)"
    "   AND (?8 IS NULL OR actor_path LIKE ?8 OR subject_path LIKE ?8)"
    " ORDER BY id DESC"
    " LIMIT ?6 OFFSET ?7");
  db_bind_text(q, 1, f->zUser);
  db_bind_text(q, 2, f->zAction);
  db_bind_text(q, 3, f->zEntity);
  db_bind_int64(q, 4, f->from);
  db_bind_int64(q, 5, f->to);
  db_bind_int64(q, 6, f->limit);
  db_bind_int64(q, 7, f->offset);
  db_bind_text(q, 8, f->zScope);
}

/* Total rows for f. */
static i64 audit_count(const struct audit_filter *f){
  struct stmt q;
  i64 n = 0;
  db_prepare(&q,
    "SELECT count(*)"
    "  FROM audit"
    " WHERE (?1 IS NULL OR username=?1)"
    "   AND (?2 IS NULL OR action=?2)"
    "   AND (?3 IS NULL OR entity=?3)"
    "   AND (?4=0 OR at>=?4)"
    "   AND (?5=0 OR at<?5)"
    "   AND (?6 IS NULL OR actor_path LIKE ?6 OR subject_path LIKE ?6)");
  db_bind_text(&q, 1, f->zUser);
  db_bind_text(&q, 2, f->zAction);
  db_bind_text(&q, 3, f->zEntity);
  db_bind_int64(&q, 4, f->from);
  db_bind_int64(&q, 5, f->to);
  db_bind_text(&q, 6, f->zScope);
  if( db_step(&q)==DB_ROW ) n = db_column_int64(&q, 0);
  db_finalize(&q);
  return n;
}

/* Chinese name of an action code. */
static const char *action_name(const char *z){
  static const char *const az[] = {
    "create", "新增", "update", "修改", "delete", "删除", "login", "登录",
    "logout", "退出", "login_failed", "登录失败", "denied", "越权访问被拒",
    "lock", "停用", "unlock", "启用", "password", "修改密码",
    "password_reset", "重置密码", "totp_enroll", "绑定动态口令", "import", "导入",
    "session_expired", "会话过期",
  };
  size_t i;
  for(i=0; i+1<COUNT(az); i+=2) if( str_eq(z, az[i]) ) return az[i+1];
  return z;
}

/* Read the filters common to the page and the API from the query. */
static int audit_filter_from_req(struct req *r, struct audit_filter *f, int *pBad){
  const char *z;
  i64 v;
  struct actor a;
  memset(f, 0, sizeof(*f));
  actor_from_req(&a, r);
  audit_filter_scope(f, r->arena, &a);
  f->zUser = req_param_trim(r, "user");
  f->zAction = req_param_trim(r, "action");
  f->zEntity = req_param_trim(r, "entity");
  f->limit = 50;
  *pBad = 0;
  if( (z = req_param_trim(r, "limit"))!=0 ){
    if( str_to_i64(z, 1, 500, &v) ){ *pBad = 1; return -1; }
    f->limit = v;
  }
  if( (z = req_param_trim(r, "offset"))!=0 ){
    if( str_to_i64(z, 0, INT64_MAX, &v) ){ *pBad = 2; return -1; }
    f->offset = v;
  }
  return 0;
}

/* Format an epoch as "2024-11-15 09:30:00" (Beijing time) into z[20]. */
static void fmt_time(i64 t, char z[24]){
  time_t tt = (time_t)(t + 8*3600);
  struct tm tm;
  gmtime_r(&tt, &tm);
  strftime(z, 24, "%Y-%m-%d %H:%M:%S", &tm);
}

void audit_list_page(struct req *r){
  struct audit_filter f;
  struct stmt q;
  int bad, nRow = 0;
  i64 total;
  if( audit_filter_from_req(r, &f, &bad) ){
    html_error_page(r, 400, bad==1 ? "每页条数应为1到500" : "起始位置应为非负整数");
    return;
  }
  total = audit_count(&f);
  html_begin(r, "审计日志", "/audit");
  H(r, "<form method='get' class='toolbar'>"
       "<div class='field'><label for='f-user'>用户</label><input id='f-user' name='user' value='%a'></div>"
       "<div class='field'><label for='f-action'>操作</label><input id='f-action' name='action' value='%a'></div>"
       "<div class='field'><label for='f-entity'>对象</label><input id='f-entity' name='entity' value='%a'></div>"
       "<button class='btn' type='submit'>筛选</button>"
       "<a class='btn' href='/audit/verify'>校验日志链</a></form>\n",
    f.zUser ? f.zUser : "", f.zAction ? f.zAction : "", f.zEntity ? f.zEntity : "");
  H(r, "<div class='total'>共 %lld 条</div>\n", (long long)total);
  H(r, "<table class='list'><thead><tr><th class='num'>序号</th><th>时间</th><th>用户</th>"
       "<th>地址</th><th>操作</th><th>对象</th><th>变更前</th><th>变更后</th></tr></thead><tbody>\n");
  audit_query(&q, &f);
  while( db_step(&q)==DB_ROW ){
    char zT[24];
    fmt_time(db_column_int64(&q, 1), zT);
    H(r, "<tr><td class='num'>%lld</td><td>%h</td><td>%h</td><td>%h</td><td>%h</td>"
         "<td>%h %h</td><td><code>%h</code></td><td><code>%h</code></td></tr>\n",
      (long long)db_column_int64(&q, 0), zT, db_column_text(&q, 2), db_column_text(&q, 3),
      action_name(db_column_text(&q, 4)), db_column_text(&q, 5), db_column_text(&q, 6),
      db_column_text(&q, 7), db_column_text(&q, 8));
    nRow++;
  }
  db_finalize(&q);
  H(r, "</tbody></table>\n");
  if( nRow==0 ) H(r, "<div class='empty'>暂无数据</div>\n");
  if( f.offset + f.limit < total ){
    H(r, "<p><a href='/audit?user=%t&amp;action=%t&amp;entity=%t&amp;offset=%lld'>下一页</a></p>\n",
      f.zUser ? f.zUser : "", f.zAction ? f.zAction : "", f.zEntity ? f.zEntity : "",
      (long long)(f.offset + f.limit));
  }
  html_end(r);
}

void audit_list_api(struct req *r){
  struct audit_filter f;
  struct stmt q;
  struct json_w j;
  int bad;
  if( audit_filter_from_req(r, &f, &bad) ){
    api_error(r, 400, "bad_param", bad==1 ? "limit 应为1到500" : "offset 应为非负整数",
              bad==1 ? "limit" : "offset");
    return;
  }
  api_begin(r, &j);
  json_obj_open(&j, 0);
  json_arr_open(&j, "items");
  audit_query(&q, &f);
  while( db_step(&q)==DB_ROW ){
    json_obj_open(&j, 0);
    json_int(&j, "id", db_column_int64(&q, 0));
    json_int(&j, "at", db_column_int64(&q, 1));
    json_str(&j, "username", db_column_text(&q, 2));
    json_str(&j, "ip", db_column_text(&q, 3));
    json_str(&j, "action", db_column_text(&q, 4));
    json_str(&j, "entity", db_column_text(&q, 5));
    json_str(&j, "entity_id", db_column_text(&q, 6));
    json_str(&j, "before", db_column_text(&q, 7));
    json_str(&j, "after", db_column_text(&q, 8));
    json_obj_close(&j);
  }
  db_finalize(&q);
  json_arr_close(&j);
  json_int(&j, "total", audit_count(&f));
  json_obj_close(&j);
}

void audit_verify_api(struct req *r){
  struct json_w j;
  struct buf msg = BUF_INIT;
  i64 n, bad;
  int rc = audit_verify(&n, &bad, &msg);
  api_begin(r, &j);
  json_obj_open(&j, 0);
  json_bool(&j, "intact", rc==0);
  json_int(&j, "entries", n);
  if( rc ){
    json_int(&j, "first_bad_id", bad);
    json_str(&j, "message", msg.buf);
  }
  json_obj_close(&j);
  buf_release(&msg);
}

/* fazhi audit test-fill N (tests and bench/audit only): append n synthetic
** "bench" entries through audit_write(), 10,000 per transaction, with
** before/after JSON of about 150 bytes shaped like a real org update. */
static void audit_test_fill(i64 n){
  static const char *const azKind[] = { "school", "kindergarten", "office", "dept" };
  struct actor a;
  char zId[24], zBefore[256], zAfter[256];
  i64 i;
  actor_cli(&a);
  for(i=0; i<n; i++){
    i64 org = i % 150 + 1;
    const char *zKind = azKind[i % COUNT(azKind)];
    if( i % 10000==0 ){
      if( i ) db_commit();
      db_begin();
    }
    snprintf(zId, sizeof(zId), "%lld", (long long)org);
    snprintf(zBefore, sizeof(zBefore),
             "{\"name\":\"梨树县第%lld实验小学\",\"kind\":\"%s\",\"code\":\"21220%05lld\","
             "\"parent_id\":1,\"region\":\"220322\",\"address\":\"梨树镇\",\"phone\":\"0434-52%05lld\",\"active\":true}",
             (long long)org, zKind, (long long)org, (long long)(i % 100000));
    snprintf(zAfter, sizeof(zAfter),
             "{\"name\":\"梨树县第%lld实验学校\",\"kind\":\"%s\",\"code\":\"21220%05lld\","
             "\"parent_id\":1,\"region\":\"220322\",\"address\":\"梨树镇\",\"phone\":\"0434-52%05lld\",\"active\":%s}",
             (long long)org, zKind, (long long)org, (long long)((i + 1) % 100000),
             i % 7 ? "true" : "false");
    audit_write(&a, "bench", "org", zId, zBefore, zAfter);
  }
  if( n>0 ) db_commit();
}

static const char zAuditUsage[] =
  "用法: fazhi audit verify\n"
  "      fazhi audit list [--user NAME] [--action ACTION] [--entity ENTITY] [--limit N]\n"
  "      fazhi audit test-fill N\n"
  "verify 校验整条审计日志链：完好时打印条目数并返回0；被改动时指出第一条有问题的条目并返回1。\n"
  "list   按条件列出审计日志（最新的在前）。\n"
  "test-fill 仅供测试和基准（bench/audit）：经正常的追加流程写入N条合成条目\n"
  "       （操作 bench），每1万条一个事务，只打印写入的条数。勿用于正式数据目录。\n"
  "审计日志只能追加；没有任何命令删除180天内的条目。\n";

int audit_cmd(int argc, char **argv){
  if( argc<3 || str_eq(argv[2], "--help") ) return argc<3 ? cli_usage(zAuditUsage) : (printf("%s", zAuditUsage), 0);
  if( str_eq(argv[2], "verify") ){
    struct buf msg = BUF_INIT;
    i64 n, bad;
    int rc;
    if( cli_finish(argc-2, argv+2, 0, 0, zAuditUsage) ) return 2;
    if( cli_open() ) return 1;
    rc = audit_verify(&n, &bad, &msg);
    if( rc==0 ){
      printf("审计日志完好：%lld 条\n", (long long)n);
    }else{
      printf("审计日志被改动：%s\n", msg.buf);
      if( bad ) printf("first bad entry: %lld\n", (long long)bad);
    }
    buf_release(&msg);
    return rc ? 1 : 0;
  }
  if( str_eq(argv[2], "list") ){
    struct audit_filter f;
    struct stmt q;
    const char *zLimit;
    int n = argc - 2;
    char **av = argv + 2;
    memset(&f, 0, sizeof(f));
    f.zUser = cli_option(&n, av, "--user");
    f.zAction = cli_option(&n, av, "--action");
    f.zEntity = cli_option(&n, av, "--entity");
    zLimit = cli_option(&n, av, "--limit");
    f.limit = 100;
    if( zLimit && str_to_i64(zLimit, 1, 1000000, &f.limit) ){
      fprintf(stderr, "fazhi: --limit 应为正整数\n");
      return 2;
    }
    if( cli_finish(n, av, 0, 0, zAuditUsage) ) return 2;
    if( cli_open() ) return 1;
    audit_query(&q, &f);
    while( db_step(&q)==DB_ROW ){
      char zT[24];
      fmt_time(db_column_int64(&q, 1), zT);
      printf("%lld\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", (long long)db_column_int64(&q, 0), zT,
             db_column_text(&q, 2), db_column_text(&q, 3), db_column_text(&q, 4),
             db_column_text(&q, 5), db_column_text(&q, 6),
             db_column_is_null(&q, 7) ? "-" : db_column_text(&q, 7),
             db_column_is_null(&q, 8) ? "-" : db_column_text(&q, 8));
    }
    db_finalize(&q);
    return 0;
  }
  if( str_eq(argv[2], "test-fill") ){
    i64 n;
    if( cli_finish(argc-2, argv+2, 1, 1, zAuditUsage) ) return 2;
    if( str_to_i64(argv[3], 1, 100000000, &n) ){
      fprintf(stderr, "fazhi: N 应为1到100000000\n");
      return 2;
    }
    if( cli_open() ) return 1;
    audit_test_fill(n);
    printf("%lld\n", (long long)n);
    return 0;
  }
  fprintf(stderr, "fazhi: 未知的 audit 子命令 %s\n", argv[2]);
  return cli_usage(zAuditUsage);
}
