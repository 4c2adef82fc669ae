/*
** site.c -- settings whose value is text (app.h): the site's public
** address, which documents and files that leave the server (the report's
** 数据底稿, printed notices) put in front of their links.
*/
#include "../common.h"
#include "../base/arena.h"
#include "../base/buf.h"
#include "../base/fmt.h"
#include "../base/util.h"
#include "../store/db.h"
#include "app.h"
#include "audit.h"

const struct setting_text_info app_text_settings[] = {
  { "site.public_url", "http://127.0.0.1:8080",
    "本系统对外的网址（http:// 或 https:// 开头），用于离开服务器后仍能打开的链接" },
  { 0, 0, 0 }
};

/* The declaration of text setting zKey, or NULL. */
static const struct setting_text_info *text_info(const char *zKey){
  const struct setting_text_info *p;
  for(p=app_text_settings; p->zKey; p++) if( str_eq(p->zKey, zKey) ) return p;
  return 0;
}

bool setting_is_text(const char *zKey){
  return text_info(zKey)!=0;
}

const char *setting_text(struct arena *ar, const char *zKey){
  const struct setting_text_info *p = text_info(zKey);
  char *z = db_text(ar, 0, "SELECT v FROM setting WHERE k=?1", "t", zKey);
  if( z==0 || z[0]==0 ) return p ? arena_strdup(ar, p->zDflt) : "";
  return z;
}

int setting_text_set(const struct actor *a, const char *zKey, const char *zValue,
                     struct buf *pErr){
  const struct setting_text_info *p = text_info(zKey);
  struct arena *ar;
  char *zBefore, *zAfter;
  size_t n;
  if( p==0 ){
    buf_appendf(pErr, "未知设置项：%s", zKey);
    return -1;
  }
  n = zValue ? strlen(zValue) : 0;
  if( str_eq(zKey, "site.public_url") ){
    const char *z;
    bool bOk = n>8 && n<200 && (strncmp(zValue, "http://", 7)==0 || strncmp(zValue, "https://", 8)==0);
    for(z=zValue; bOk && *z; z++) if( (unsigned char)*z<=' ' || *z=='\'' || *z=='"' || *z=='<' ) bOk = false;
    if( !bOk ){
      buf_appendf(pErr, "设置项 %s（%s）应为 http:// 或 https:// 开头、不含空格和引号的网址", zKey, p->zDesc);
      return -1;
    }
  }
  ar = arena_new();
  zBefore = fmt_dup("{\"value\":%j}", setting_text(ar, zKey));
  zAfter = fmt_dup("{\"value\":%j}", zValue);
  db_begin();
  db_exec("INSERT INTO setting(k,v) VALUES(?1,?2)"
          " ON CONFLICT(k) DO UPDATE SET v=excluded.v", "tt", zKey, zValue);
  audit_write(a, "update", "setting", zKey, zBefore, zAfter);
  db_commit();
  free(zBefore);
  free(zAfter);
  arena_free(ar);
  return 0;
}
