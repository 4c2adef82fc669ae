/*
** app.c -- roles, actors, settings, the data folder and its keys.
*/
#include "../common.h"
#include <pthread.h>
#include <sys/stat.h>
#include <unistd.h>
#include "../base/arena.h"
#include "../base/buf.h"
#include "../base/fmt.h"
#include "../base/util.h"
#include "../crypto/keys.h"
#include "../office/docx.h"
#include "../office/pdf.h"
#include "../store/db.h"
#include "../web/req.h"
#include "app.h"
#include "audit.h"
#include "cli.h"

struct app_state app;

const struct role_info app_roles[7] = {
  { ROLE_ADMIN,     "admin",     "系统管理员" },
  { ROLE_LEADER,    "leader",    "局领导" },
  { ROLE_LEGAL,     "legal",     "法规股工作人员" },
  { ROLE_APPROVER,  "approver",  "审批人员" },
  { ROLE_INSPECTOR, "inspector", "执法人员" },
  { ROLE_SCHOOL,    "school",    "学校填报员" },
  { ROLE_AUDITOR,   "auditor",   "审计员" },
};

unsigned role_parse(const char *z){
  size_t i;
  for(i=0; i<COUNT(app_roles); i++){
    if( str_eq(z, app_roles[i].zCode) || str_eq(z, app_roles[i].zName) ) return app_roles[i].bit;
  }
  /* the role's name before it said 工作人员 (it read like the 股室) */
  if( str_eq(z, "法规股") ) return ROLE_LEGAL;
  return 0;
}

int role_parse_list(const char *z, unsigned *pm, struct buf *pErr){
  char one[64];
  *pm = 0;
  while( z && *z ){
    size_t n = strcspn(z, ",，、 ");
    if( n>0 ){
      unsigned bit;
      if( n >= sizeof(one) ) n = sizeof(one)-1;
      memcpy(one, z, n);
      one[n] = 0;
      bit = role_parse(one);
      if( bit==0 ){
        buf_appendf(pErr, "未知角色：%s（可选 admin leader legal approver inspector school auditor）", one);
        return -1;
      }
      *pm |= bit;
    }
    z += n;
    while( *z==',' || *z==' ' ) z++;
    if( strncmp(z, "，", 3)==0 || strncmp(z, "、", 3)==0 ) z += 3;
  }
  return 0;
}

char *role_names(struct arena *a, unsigned m){
  struct buf b = BUF_INIT;
  size_t i;
  char *z;
  for(i=0; i<COUNT(app_roles); i++){
    if( m & app_roles[i].bit ){
      if( b.len ) buf_puts(&b, "、");
      buf_puts(&b, app_roles[i].zName);
    }
  }
  z = arena_strdup(a, b.buf);
  buf_release(&b);
  return z;
}

void actor_from_req(struct actor *a, struct req *r){
  memset(a, 0, sizeof(*a));
  a->zIp = r->zIp ? r->zIp : "";
  if( r->pUser ){
    a->userId = r->pUser->id;
    a->zUsername = r->pUser->zUsername;
    a->orgId = r->pUser->orgId;
    a->zOrgPath = r->pUser->zOrgPath;
    a->mRoles = r->pUser->mRoles;
  }else{
    a->zUsername = "";
    a->zOrgPath = "/-/";       /* sees nothing */
  }
}

void actor_public(struct actor *a, const char *zIp){
  memset(a, 0, sizeof(*a));
  a->zUsername = ACTOR_PUBLIC_NAME;
  a->zOrgPath = "/-/";         /* sees nothing (org_scope_like) */
  a->mRoles = 0;
  a->zIp = zIp ? zIp : "";
}

bool actor_is_public(const struct actor *a){
  return a && a->userId==0 && a->mRoles==0 && str_eq(a->zUsername, ACTOR_PUBLIC_NAME);
}

void actor_cli(struct actor *a){
  static char zName[80];
  const char *zUser = getenv("SUDO_USER");
  if( zUser==0 ) zUser = getenv("USER");
  if( zUser==0 ) zUser = "operator";
  snprintf(zName, sizeof(zName), "cli:%s", zUser);
  memset(a, 0, sizeof(*a));
  a->zUsername = zName;
  a->zOrgPath = "/";
  a->mRoles = ROLE_ALL;
  a->zIp = "";
}

const struct setting_info app_settings[] = {
  { "session.idle_minutes",     30, 1, 1440, "空闲超时（分钟）" },
  { "session.absolute_hours",   12, 1, 72,   "会话最长时间（小时）" },
  { "login.max_failures",        5, 3, 20,   "连续登录失败锁定次数" },
  { "login.lock_minutes",       15, 1, 1440, "锁定时长（分钟）" },
  { "login.ip_max_failures",     4, 2, 100,  "同一地址连续登录失败暂停次数（应小于账号锁定次数）" },
  { "password.history",          5, 0, 24,   "新密码不得与最近几次的密码相同" },
  { "password.min_length",       8, 8, 64,   "密码最短长度" },
  { "password.min_classes",      3, 1, 4,    "密码至少包含的字符类别数" },
  { "permit.alert_days",         3, 0, 30,   "行政许可办件提前提醒的工作日数（工作台）" },
  { "permit.followup_days",     15, 1, 60,   "好差评差评整改期限（工作日）" },
  { "review.days.contract",      7, 5, 15,   "合同合法性审核期限（工作日）" },
  { "review.days.normdoc",      10, 5, 15,   "规范性文件合法性审核期限（工作日）" },
  { "review.days.decision",     10, 7, 15,   "重大行政决策合法性审查期限（工作日）" },
  { "review.days.enforcement",   5, 5, 15,   "重大执法决定法制审核期限（工作日）" },
  { "inspect.cap_per_year",      1, 1, 12,   "同一检查对象每年检查次数上限（超过的列入统计）" },
  { "offline.keep_hours",       24, 1, 168,  "手机离线保存的检查任务有效时长（小时）" },
  { "session.idle_seconds_test", 0, 0, 86400, "测试用：以秒计的空闲超时（0 为不用）" },
  { 0, 0, 0, 0, 0 }
};

static _Thread_local const char *zThreadGen;   /* this request's generation */

const char *app_gen_read(struct arena *a){
  return db_text(a, "0", "SELECT v FROM meta WHERE k='audit_head'", "");
}

void app_gen_set(const char *zGen){
  zThreadGen = zGen;
}

const char *app_gen(void){
  return zThreadGen;
}

/* Settings as stored, cached per process for one generation. */
#define SETTING_MAX 32
static struct {
  char zGen[160];                 /* generation the values belong to */
  int n;
  char azKey[SETTING_MAX][48];
  i64 aVal[SETTING_MAX];
} settingCache;
static pthread_mutex_t settingMu = PTHREAD_MUTEX_INITIALIZER;

i64 setting_int(const char *zKey, i64 dflt){
  const char *zGen = app_gen();
  struct stmt q;
  i64 v = dflt;
  int i;
  bool bFound = false;
  if( zGen==0 || strlen(zGen) >= sizeof(settingCache.zGen) ){
    return db_i64(dflt, "SELECT CAST(v AS INTEGER) FROM setting WHERE k=?1", "t", zKey);
  }
  pthread_mutex_lock(&settingMu);
  if( strcmp(settingCache.zGen, zGen)!=0 ){
    settingCache.n = 0;
    /* the values as text, parsed here: a text setting (setting_text.c,
    ** the public address) is no integer, and PostgreSQL refuses to cast it */
    db_prepare(&q, "SELECT k, v FROM setting ORDER BY k");
    while( db_step(&q)==DB_ROW && settingCache.n < SETTING_MAX ){
      i64 x;
      if( str_to_i64(db_column_text(&q, 1), INT64_MIN+1, INT64_MAX, &x) ) continue;
      snprintf(settingCache.azKey[settingCache.n], sizeof(settingCache.azKey[0]), "%s",
               db_column_text(&q, 0));
      settingCache.aVal[settingCache.n++] = x;
    }
    db_finalize(&q);
    snprintf(settingCache.zGen, sizeof(settingCache.zGen), "%s", zGen);
  }
  for(i=0; i<settingCache.n; i++){
    if( strcmp(settingCache.azKey[i], zKey)==0 ){ v = settingCache.aVal[i]; bFound = true; break; }
  }
  pthread_mutex_unlock(&settingMu);
  (void)bFound;
  return v;
}

int setting_set(const struct actor *a, const char *zKey, const char *zValue, struct buf *pErr){
  const struct setting_info *p;
  i64 v;
  char zOld[32], zNew[64], zBefore[128], zAfter[128];
  if( setting_is_text(zKey) ) return setting_set_text(a, zKey, zValue, pErr);
  for(p=app_settings; p->zKey; p++) if( strcmp(p->zKey, zKey)==0 ) break;
  if( p->zKey==0 ){
    buf_appendf(pErr, "未知设置项：%s", zKey);
    return -1;
  }
  if( str_to_i64(zValue, p->lo, p->hi, &v) ){
    buf_appendf(pErr, "设置项 %s（%s）的值应为 %lld 到 %lld 之间的整数", zKey, p->zDesc,
                (long long)p->lo, (long long)p->hi);
    return -1;
  }
  snprintf(zOld, sizeof(zOld), "%lld", (long long)setting_int(zKey, p->dflt));
  snprintf(zNew, sizeof(zNew), "%lld", (long long)v);
  snprintf(zBefore, sizeof(zBefore), "{\"value\":%s}", zOld);
  snprintf(zAfter, sizeof(zAfter), "{\"value\":%s}", zNew);
  db_begin();
  db_exec("INSERT INTO setting(k,v) VALUES(?1,?2)"
          " ON CONFLICT(k) DO UPDATE SET v=excluded.v", "tt", zKey, zNew);
  audit_write(a, "update", "setting", zKey, zBefore, zAfter);
  db_commit();
  return 0;
}

static void (*xAfterOpen)(void);

void app_set_after_open(void (*x)(void)){
  xAfterOpen = x;
}

void app_after_open(void){
  if( xAfterOpen ) xAfterOpen();
}

int cli_open(void){
  struct buf err = BUF_INIT;
  char *zKey;
  if( db_open(app.zDbUrl, &err) ){
    fprintf(stderr, "fazhi: %s\n", err.buf);
    buf_release(&err);
    return 1;
  }
  db_migrate();
  app_after_open();            /* what a migration left to derive (org order keys, report
                               ** files kept as base64 before 0019) */
  zKey = fmt_dup("%s/fazhi.key", app.zDataDir);
  if( keys_load(zKey, &app.keys, &err)==0 ){
    app.bKeys = true;
  }else{
    fprintf(stderr, "fazhi: %s\n", err.buf);
    free(zKey);
    buf_release(&err);
    return 1;
  }
  free(zKey);
  buf_release(&err);
  return 0;
}

int app_doc_bytes(const struct doc *d, bool bPdf, struct buf *pOut, struct buf *pErr){
  char *zDir = fmt_dup("%s/tmp", app.zDataDir);
  char *zTmp;
  int fd, rc = -1;
  mkdir(zDir, 0700);
  zTmp = fmt_dup("%s/doc-XXXXXX", zDir);
  fd = mkstemp(zTmp);
  if( fd<0 ){
    buf_appendf(pErr, "无法创建临时文件：%s", strerror(errno));
  }else{
    FILE *f;
    close(fd);
    rc = bPdf ? pdf_write(d, zTmp, pErr) : docx_write(d, zTmp, pErr);
    if( rc==0 && (f = fopen(zTmp, "rb"))!=0 ){
      char chunk[65536];
      size_t k;
      while( (k = fread(chunk, 1, sizeof(chunk), f))>0 ) buf_append(pOut, chunk, k);
      fclose(f);
    }
    unlink(zTmp);
  }
  free(zTmp);
  free(zDir);
  return rc;
}
