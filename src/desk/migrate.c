/*
** migrate.c -- moving a county's database into a shared one.
**
** `fazhi migrate-db --from COUNTY_DATA_DIR --parent ORG` copies a county's
** SQLite database (read with the county's own key file) into the
** database of the current data folder (--data / --db, typically the
** city's PostgreSQL) under the org ORG: every organisation, user (with
** password hash and roles; the TOTP secret re-sealed under the target's
** keys), calendar year and audit entry.
**
** The audit log: the county's chain is verified first and the move is
** refused when it is broken.  Its entries are then appended to the
** target's chain in their order, keeping their time, user, address,
** action and the fields before and after, so the target chain verifies
** as one; a closing entry "migrate" records the county chain's head
** (count and last hash) and how ids were renumbered, so the county's own
** chain can still be checked against it.
**
** All or nothing: conflicts (a username or 统一社会信用代码 already in the
** target) are all listed and nothing is written.
*/
#include "../common.h"
#include "../base/arena.h"
#include "../base/buf.h"
#include "../base/fmt.h"
#include "../base/map.h"
#include "../base/util.h"
#include "../crypto/keys.h"
#include "../crypto/sm3.h"
#include "../crypto/sm4.h"
#include "../store/db.h"
#include "../core/app.h"
#include "../core/audit.h"
#include "../core/cli.h"
#include "migrate.h"
#include "../core/scope.h"

/* One org or user as read from the county. */
struct mig_org {
  i64 id, parent;
  const char *zName, *zKind, *zCode, *zRegion, *zSchool;
  i64 created, updated;
  i64 newId;
  const char *zNewPath;
};

struct mig_user {
  i64 id, org;
  const char *zUser, *zName, *zHash, *zTotp, *zRoles;
  i64 mustChange, pwChanged, totpOn, totpStep, disabled, created, updated;
};

struct mig_audit {
  i64 at, user, org;
  const char *zUser, *zIp, *zAction, *zEntity, *zEntityId, *zBefore, *zAfter;
};

struct mig_cal {
  i64 year, updated;
  const char *zBody, *zSource;
};

static const char zMigrateUsage[] =
  "用法: fazhi [--data DIR] [--db URL] migrate-db --from COUNTY_DATA_DIR --parent ORG\n"
  "把一个县的数据目录（fazhi.db 与 fazhi.key）整体迁入当前数据库（通常是市级 PostgreSQL），\n"
  "挂在机构 ORG（编号或名称）之下：机构、用户（含密码与角色）、工作日历、审计日志。\n"
  "先校验县里的审计日志链；用户名或统一社会信用代码与目标库冲突时全部列出，不写入任何数据。\n"
  "完成后打印迁移报告；目标库的审计日志链继续完整可校验。\n";

/* Read everything from the county database (the current connection). */
static void read_county(struct arena *ar, struct mig_org **paOrg, int *pnOrg,
                        struct mig_user **paUser, int *pnUser, struct mig_audit **paAud,
                        int *pnAud, struct mig_cal **paCal, int *pnCal){
  struct stmt q;
  int n, i;
  n = db_int(0, "SELECT count(*) FROM org", "");
  *paOrg = arena_alloc(ar, sizeof(struct mig_org) * (size_t)(n+1));
  db_prepare(&q, "SELECT id, parent_id, name, kind, code, region, school_code, created_at,"
                 "       updated_at FROM org ORDER BY path");
  for(i=0; i<n && db_step(&q)==DB_ROW; i++){
    struct mig_org *o = &(*paOrg)[i];
    db_column_int64s(&q, 0, &o->id, &o->parent, (i64 *)0);
    db_column_dups(ar, &q, 2, &o->zName, &o->zKind, &o->zCode, &o->zRegion, &o->zSchool,
                   (const char **)0);
    db_column_int64s(&q, 7, &o->created, &o->updated, (i64 *)0);
  }
  db_finalize(&q);
  *pnOrg = i;
  n = db_int(0, "SELECT count(*) FROM users", "");
  *paUser = arena_alloc(ar, sizeof(struct mig_user) * (size_t)(n+1));
  db_prepare(&q, "SELECT id, org_id, username, display_name, pw_hash, totp_secret, must_change,"
                 "       pw_changed_at, totp_enabled, totp_last_step, disabled, created_at,"
                 "       updated_at,"
                 "       (SELECT group_concat(role, ',') FROM user_role r WHERE r.user_id=users.id)"
                 "  FROM users ORDER BY id");
  for(i=0; i<n && db_step(&q)==DB_ROW; i++){
    struct mig_user *u = &(*paUser)[i];
    db_column_int64s(&q, 0, &u->id, &u->org, (i64 *)0);
    db_column_dups(ar, &q, 2, &u->zUser, &u->zName, &u->zHash, &u->zTotp, (const char **)0);
    db_column_int64s(&q, 6, &u->mustChange, &u->pwChanged, &u->totpOn, &u->totpStep,
                     &u->disabled, &u->created, &u->updated, (i64 *)0);
    u->zRoles = db_column_dup(ar, &q, 13);
  }
  db_finalize(&q);
  *pnUser = i;
  n = db_int(0, "SELECT count(*) FROM audit", "");
  *paAud = arena_alloc(ar, sizeof(struct mig_audit) * (size_t)(n+1));
  db_prepare(&q, "SELECT at, user_id, org_id, username, ip, action, entity, entity_id, before,"
                 "       after FROM audit ORDER BY id");
  for(i=0; i<n && db_step(&q)==DB_ROW; i++){
    struct mig_audit *e = &(*paAud)[i];
    db_column_int64s(&q, 0, &e->at, &e->user, &e->org, (i64 *)0);
    db_column_dups(ar, &q, 3, &e->zUser, &e->zIp, &e->zAction, &e->zEntity, &e->zEntityId,
                   &e->zBefore, &e->zAfter, (const char **)0);
  }
  db_finalize(&q);
  *pnAud = i;
  n = db_int(0, "SELECT count(*) FROM calendar_year", "");
  *paCal = arena_alloc(ar, sizeof(struct mig_cal) * (size_t)(n+1));
  db_prepare(&q, "SELECT year, body, source, updated_at FROM calendar_year ORDER BY year");
  for(i=0; i<n && db_step(&q)==DB_ROW; i++){
    (*paCal)[i].year = db_column_int64(&q, 0);
    (*paCal)[i].zBody = db_column_dup(ar, &q, 1);
    (*paCal)[i].zSource = db_column_dup(ar, &q, 2);
    (*paCal)[i].updated = db_column_int64(&q, 3);
  }
  db_finalize(&q);
  *pnCal = i;
}

/* Re-seal a TOTP secret from the county's keys to the target's; NULL
** stays NULL.  Result in the arena, or NULL when it cannot be opened. */
static char *reseal(struct arena *ar, const struct fz_keys *pFrom, const char *zHex, bool *pbBad){
  u8 aSealed[256];
  struct buf plain = BUF_INIT, sealed = BUF_INIT;
  int n;
  char *zOut = 0;
  if( zHex==0 ) return 0;
  n = hex_decode(zHex, aSealed, sizeof(aSealed));
  if( n<0 || sm4_open(pFrom, aSealed, (size_t)n, &plain) ){
    *pbBad = true;
    return 0;
  }
  sm4_seal(&app.keys, plain.buf, plain.len, &sealed);
  zOut = arena_alloc(ar, sealed.len*2 + 1);
  hex_encode((const u8 *)sealed.buf, sealed.len, zOut);
  buf_release(&plain);
  buf_release(&sealed);
  return zOut;
}

int migrate_cmd(int argc, char **argv){
  const char *zFrom, *zParent;
  struct buf err = BUF_INIT, msg = BUF_INIT;
  struct arena *ar = arena_new();
  struct fz_keys fromKeys, toKeys;
  struct db *pSrc, *pDst;
  struct mig_org *aOrg; struct mig_user *aUser; struct mig_audit *aAud; struct mig_cal *aCal;
  int nOrg, nUser, nAud, nCal, i, nConflict = 0, nCalMoved = 0;
  i64 nSrcAudit = 0, bad = 0, parentId, nextOrg, nextUser;
  char *zParentPath, *zSrcHead;
  struct map *mOrg, *mUser;
  struct actor me;
  struct audit_batch ab;
  bool bBadTotp = false;
  int n = argc-1;
  char **av = argv+1;
  int rc = 1;

  if( cli_flag(&n, av, "--help") ){ printf("%s", zMigrateUsage); return 0; }
  zFrom = cli_option(&n, av, "--from");
  zParent = cli_option(&n, av, "--parent");
  if( cli_finish(n, av, 0, 0, zMigrateUsage) ) return 2;
  if( zFrom==0 || zParent==0 ){
    fprintf(stderr, "fazhi: migrate-db 需要 --from 和 --parent\n");
    return cli_usage(zMigrateUsage);
  }

  /* the county: its own key file and database; its chain must verify */
  if( keys_load(arena_printf(ar, "%s/fazhi.key", zFrom), &fromKeys, &err)
   || db_open(arena_printf(ar, "%s/fazhi.db", zFrom), &err) ){
    fprintf(stderr, "fazhi: 无法读取县数据目录 %s：%s\n", zFrom, err.buf);
    goto out;
  }
  pSrc = db_current();
  if( db_schema_version()<1 ){
    fprintf(stderr, "fazhi: %s 不是 fazhi 数据库\n", zFrom);
    goto out;
  }
  toKeys = app.keys;               /* (not loaded yet; cli_open below) */
  app.keys = fromKeys;
  if( audit_verify(&nSrcAudit, &bad, &msg) ){
    fprintf(stderr, "fazhi: 县的审计日志链校验失败，拒绝迁移：%s\n", msg.buf);
    goto out;
  }
  zSrcHead = db_text(ar, "", "SELECT v FROM meta WHERE k='audit_head'", "");
  read_county(ar, &aOrg, &nOrg, &aUser, &nUser, &aAud, &nAud, &aCal, &nCal);
  db_use(0);

  /* the target: the current data folder's database and keys */
  if( cli_open() ){ db_use(pSrc); db_close(); goto out; }
  pDst = db_current();
  (void)toKeys;
  actor_cli(&me);
  parentId = org_lookup(zParent);
  if( parentId==0 ){
    fprintf(stderr, "fazhi: 目标库中找不到上级机构 %s\n", zParent);
    goto close;
  }
  zParentPath = db_text(ar, 0, "SELECT path FROM org WHERE id=?1", "i", parentId);

  db_begin();
  /* conflicts first, all of them */
  for(i=0; i<nOrg; i++){
    char *zOwner;
    if( aOrg[i].zCode
     && (zOwner = db_text(ar, 0, "SELECT name FROM org WHERE code=?1", "t", aOrg[i].zCode))!=0 ){
      fprintf(stderr, "冲突：机构“%s”的统一社会信用代码 %s 已被目标库的“%s”使用\n",
              aOrg[i].zName, aOrg[i].zCode, zOwner);
      nConflict++;
    }
  }
  for(i=0; i<nUser; i++){
    if( db_exists("SELECT 1 FROM users WHERE username=?1", "t", aUser[i].zUser) ){
      fprintf(stderr, "冲突：用户名 %s 在目标库中已存在\n", aUser[i].zUser);
      nConflict++;
    }
  }
  if( nConflict ){
    db_rollback();
    fprintf(stderr, "fazhi: 有 %d 处冲突，未迁移任何数据\n", nConflict);
    goto close;
  }

  /* organisations, parents before children (read in path order) */
  mOrg = map_new(ar);
  nextOrg = db_i64(0, "SELECT max(id) FROM org", "") + 1;
  for(i=0; i<nOrg; i++){
    struct mig_org *o = &aOrg[i];
    char zKey[24];
    i64 k, newParent = parentId;
    const char *zPP = zParentPath;
    if( o->parent ){
      snprintf(zKey, sizeof(zKey), "%lld", (long long)o->parent);
      if( !map_get(mOrg, zKey, &k) ) fatal("county org %lld read before its parent", (long long)o->id);
      newParent = aOrg[k].newId;
      zPP = aOrg[k].zNewPath;
    }
    o->newId = nextOrg++;
    o->zNewPath = arena_printf(ar, "%s%010lld/", zPP, (long long)o->newId);
    snprintf(zKey, sizeof(zKey), "%lld", (long long)o->id);
    map_set(mOrg, zKey, i);
    db_exec("INSERT INTO org(id, parent_id, name, kind, code, region, school_code, path,"
            "                created_at, updated_at)"
            " VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)", "iittttttii",
            o->newId, newParent, o->zName, o->zKind, o->zCode, o->zRegion, o->zSchool,
            o->zNewPath, o->created, o->updated);
  }

  db_ids_taken("org", nextOrg - 1);

  /* users, their roles, their TOTP secret under the target's keys */
  nextUser = db_i64(0, "SELECT max(id) FROM users", "") + 1;
  mUser = map_new(ar);
  for(i=0; i<nUser; i++){
    struct mig_user *u = &aUser[i];
    char zKey[24];
    i64 k;
    i64 newId = nextUser + i;
    char *zTotp = reseal(ar, &fromKeys, u->zTotp, &bBadTotp);
    const char *zR = u->zRoles;
    snprintf(zKey, sizeof(zKey), "%lld", (long long)u->org);
    if( !map_get(mOrg, zKey, &k) ) fatal("county user %s has no org", u->zUser);
    db_exec("INSERT INTO users(id, org_id, username, display_name, pw_hash, must_change,"
            "                  pw_changed_at, totp_secret, totp_enabled, totp_last_step,"
            "                  disabled, created_at, updated_at)"
            " VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
            "iitttiitiiiii", newId, aOrg[k].newId, u->zUser, u->zName, u->zHash,
            u->mustChange, u->pwChanged, zTotp, zTotp ? u->totpOn : (i64)0, u->totpStep,
            u->disabled, u->created, u->updated);
    while( zR && *zR ){
      size_t nR = strcspn(zR, ",");
      db_exec("INSERT INTO user_role(user_id, role) VALUES(?1, ?2)", "it",
              newId, arena_strndup(ar, zR, nR));
      zR += nR;
      if( *zR==',' ) zR++;
    }
    u->id = newId;     /* from here on the new id */
    map_set(mUser, u->zUser, newId);
  }
  db_ids_taken("users", nextUser + nUser - 1);

  /* calendar years the target does not have yet */
  for(i=0; i<nCal; i++){
    if( db_exists("SELECT 1 FROM calendar_year WHERE year=?1", "i", aCal[i].year) ) continue;
    db_exec("INSERT INTO calendar_year(year, body, source, updated_at) VALUES(?1, ?2, ?3, ?4)",
            "itti", aCal[i].year, aCal[i].zBody, aCal[i].zSource, aCal[i].updated);
    nCalMoved++;
  }

  /* the county's audit entries, in order, onto the target's chain */
  audit_batch_begin(&ab);
  for(i=0; i<nAud; i++){
    struct mig_audit *e = &aAud[i];
    struct actor who;
    char zKey[24];
    i64 k;
    memset(&who, 0, sizeof(who));
    who.zUsername = e->zUser;
    who.zIp = e->zIp;
    if( e->org ){
      snprintf(zKey, sizeof(zKey), "%lld", (long long)e->org);
      if( map_get(mOrg, zKey, &k) ) who.orgId = aOrg[k].newId;
    }
    if( e->user && map_get(mUser, e->zUser, &k) ) who.userId = k;
    audit_batch_add_at(&ab, e->at, &who, e->zAction, e->zEntity, e->zEntityId, e->zBefore, e->zAfter);
  }
  {
    struct buf js = BUF_INIT;
    buf_appendf(&js, "{\"from\":%j,\"from_audit_head\":%j,\"orgs\":%d,\"users\":%d,"
                     "\"audit_entries\":%d,\"calendar_years\":%d,\"parent_id\":%lld,"
                     "\"org_ids\":\"county ids renumbered from %lld in path order\"}",
                zFrom, zSrcHead, nOrg, nUser, nAud, nCalMoved, (long long)parentId,
                (long long)(nextOrg - nOrg));
    audit_batch_add(&ab, &me, "migrate", "database", zFrom, 0, js.buf);
    buf_release(&js);
  }
  audit_batch_end(&ab);
  app_after_open();            /* the copied orgs' order keys (org_sort_rebuild) */
  db_commit();

  printf("迁移完成：%s → %s（挂在“%s”之下）\n", zFrom, db_engine(), zParent);
  printf("  机构     %d\n  用户     %d（密码不变%s）\n  工作日历 %d 年\n  审计日志 %d 条（县里链头：%s）\n",
         nOrg, nUser, bBadTotp ? "；有动态口令无法用县密钥解开，已要求重新绑定" : "，动态口令已按目标密钥重新加密",
         nCalMoved, nAud, zSrcHead);
  if( audit_verify(&nSrcAudit, &bad, &msg) ){
    printf("  警告：目标库审计日志链校验失败：%s\n", msg.buf);
  }else{
    printf("  目标库审计日志链完好：%lld 条\n", (long long)nSrcAudit);
    rc = 0;
  }
close:
  db_close();
  db_use(pSrc);
  db_close();
  (void)pDst;
out:
  keys_wipe(&fromKeys);
  arena_free(ar);
  buf_release(&err);
  buf_release(&msg);
  return rc;
}
