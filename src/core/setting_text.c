/*
** setting_text.c -- settings whose value is text (table setting, beside
** the integer ones of app.c): the public address the bureau's pages are
** reached at from outside, printed on notices before the public pages'
** paths so that a reader can type it (https://fazhi.lishu.gov.cn/public/
** permits), not a bare path.
*/
#include "../common.h"
#include "../base/arena.h"
#include "../base/buf.h"
#include "../base/util.h"
#include "../store/db.h"
#include "app.h"
#include "audit.h"

const struct setting_text_info app_text_settings[] = {
  { "public.address", "对外公开网址（以 http:// 或 https:// 开头，如 https://fazhi.lishu.gov.cn），"
                      "文书上印的查询、评价地址由它开头" },
  { 0, 0 }
};

/* The known text setting zKey, or NULL. */
static const struct setting_text_info *text_info(const char *zKey){
  const struct setting_text_info *p;
  for(p=app_text_settings; p->zKey; p++) if( str_eq(p->zKey, zKey) ) return p;
  return 0;
}

bool setting_is_text(const char *zKey){
  return text_info(zKey)!=0;
}

char *setting_text(struct arena *ar, const char *zKey){
  return db_text(ar, 0, "SELECT v FROM setting WHERE k=?1", "t", zKey);
}

char *setting_public_url(struct arena *ar, const char *zPath){
  char *z = setting_text(ar, "public.address");
  if( z==0 || z[0]==0 ) return 0;
  return arena_printf(ar, "%s%s", z, zPath ? zPath : "");
}

/* Check a public address: http(s)://host[:port][/path], printable ASCII,
** no spaces, quotes or angle brackets; the trailing slashes go. */
static int text_check_address(char *z, struct buf *pErr){
  size_t n = strlen(z), i;
  const char *zHost;
  while( n>0 && z[n-1]=='/' ) z[--n] = 0;
  zHost = str_starts(z, "https://") ? z+8 : str_starts(z, "http://") ? z+7 : 0;
  for(i=0; i<n; i++){
    unsigned char c = (unsigned char)z[i];
    if( c<=' ' || c>=0x7f || c=='"' || c=='\'' || c=='<' || c=='>' || c=='\\' ) zHost = 0;
  }
  if( zHost==0 || zHost[0]==0 || zHost[0]=='/' ){
    buf_appendf(pErr, "对外公开网址应以 http:// 或 https:// 开头，后接域名或地址，不含空格和引号");
    return -1;
  }
  return 0;
}

int setting_set_text(const struct actor *a, const char *zKey, const char *zValue,
                     struct buf *pErr){
  struct arena *ar;
  char *zNew, *zOld;
  struct buf before = BUF_INIT, after = BUF_INIT;
  if( text_info(zKey)==0 ){
    buf_appendf(pErr, "未知设置项：%s", zKey);
    return -1;
  }
  ar = arena_new();
  zNew = arena_strdup(ar, zValue ? zValue : "");
  if( zNew[0] && text_check_address(zNew, pErr) ){
    arena_free(ar);
    return -1;
  }
  db_begin();
  zOld = setting_text(ar, zKey);
  buf_appendf(&before, "{\"value\":%j}", zOld ? zOld : "");
  buf_appendf(&after, "{\"value\":%j}", zNew);
  db_exec("INSERT INTO setting(k,v) VALUES(?1,?2)"
          " ON CONFLICT(k) DO UPDATE SET v=excluded.v", "tt", zKey, zNew);
  audit_write(a, "update", "setting", zKey, before.buf, after.buf);
  db_commit();
  buf_release(&before);
  buf_release(&after);
  arena_free(ar);
  return 0;
}
