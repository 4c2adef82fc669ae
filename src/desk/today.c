/*
** today.c -- 今日任务: the inspections assigned to the signed-in inspector
** for a day (or a range of days), which the phone keeps for work without a
** network (#21).
**
** The pages are shells: /static/offline.js draws them from what the phone
** keeps in IndexedDB (the task list from GET /api/v1/today, each record,
** its checklist results and inspectors from the register's own API), and
** the service worker /sw.js (scope /today) keeps the pages and assets in
** Cache Storage so they open without a network.  Changes made on site
** wait on the phone and are sent, in order, each with its Idempotency-Key
** (core/idem.h); photos go through the resumable uploads (core/resume.h).
**
** Assigned: a record not yet closed whose inspectors present (insp_member)
** include the 执法检查人员名录库 entry linked to the user's account
** (insp_person.user_id, set by an administrator in the person's form), in
** the user's scope, whose day (the inspection day, else the notice day, else the
** approval day) falls in the range.  Only these are offered for keeping;
** what the phone keeps expires after the setting offline.keep_hours.
** While no entry is linked to the user, an entry that is linked to no
** account and bears the user's name still counts (lists imported before
** accounts were linked keep working); once linked, only the link counts,
** so a namesake never receives another inspector's tasks.
** Personal fields of the target (法定代表人, 联系人及电话) are kept masked.
*/
#include "../common.h"
#include "../base/arena.h"
#include "../base/buf.h"
#include "../base/date.h"
#include "../base/embed.h"
#include "../base/json.h"
#include "../base/utf8.h"
#include "../base/util.h"
#include "../store/db.h"
#include "../web/api.h"
#include "../web/html.h"
#include "../web/req.h"
#include "../core/app.h"
#include "../core/scope.h"
#include "today.h"

static const char *const azStatusLabel[] = {
  "new", "待审批", "approved", "已审批", "notified", "已通知", "inspected", "已检查",
  "rectifying", "整改中", "rechecked", "已复查", 0
};

/* The Chinese label of a record state. */
static const char *status_label(const char *z){
  int i;
  for(i=0; azStatusLabel[i]; i+=2) if( str_eq(z, azStatusLabel[i]) ) return azStatusLabel[i+1];
  return "";
}

/* A name masked to its first character (张** ), in ar. */
static char *mask_name(struct arena *ar, const char *z){
  struct buf b = BUF_INIT;
  char *zOut;
  int n, i;
  if( z==0 || z[0]==0 ) return 0;
  n = (int)utf8_len_chars(z, strlen(z));
  buf_appendf(&b, "%.*s", (int)utf8_seq_len(z, strlen(z)), z);
  for(i=1; i<n; i++) buf_puts(&b, "*");
  zOut = arena_strdup(ar, b.buf);
  buf_release(&b);
  return zOut;
}

/* Contact text with each run of 7 or more digits masked but its first 3
** and last 4 (138****1234), in ar. */
static char *mask_digits(struct arena *ar, const char *z){
  char *zOut;
  size_t i = 0, n;
  if( z==0 || z[0]==0 ) return 0;
  zOut = arena_strdup(ar, z);
  n = strlen(zOut);
  while( i<n ){
    size_t k = i;
    while( k<n && zOut[k]>='0' && zOut[k]<='9' ) k++;
    if( k-i>=7 ){
      size_t j;
      for(j=i+3; j<k-4; j++) zOut[j] = '*';
    }
    i = k>i ? k : i+1;
  }
  return zOut;
}

/* The range asked for (from, to; both default to today).  Returns 0, or
** -1 with the field at fault in *pzField. */
static int today_range(struct req *r, char zFrom[11], char zTo[11], const char **pzField){
  const char *zF = req_param_trim(r, "from"), *zT = req_param_trim(r, "to");
  int dFrom = date_today(), dTo, day;
  if( zF && zF[0] ){
    if( date_parse(zF, &day) ){ *pzField = "from"; return -1; }
    dFrom = day;
  }
  dTo = dFrom;
  if( zT && zT[0] ){
    if( date_parse(zT, &day) ){ *pzField = "to"; return -1; }
    dTo = day;
  }
  if( dTo<dFrom || dTo-dFrom>31 ){ *pzField = "to"; return -1; }
  date_format(dFrom, zFrom);
  date_format(dTo, zTo);
  return 0;
}

void today_page(struct req *r){
  char zFrom[11], zTo[11];
  const char *zField = 0;
  if( today_range(r, zFrom, zTo, &zField) ){
    date_format(date_today(), zFrom);
    memcpy(zTo, zFrom, 11);
  }
  html_begin(r, "今日任务", "/today");
  H(r, "<div id='offline' class='offline' data-page='list' data-from='%a' data-to='%a'>"
       "<noscript><div class='notice err'>离线保存任务需要浏览器启用脚本。</div></noscript>"
       "<p class='hint'>正在读取手机上保存的任务……</p></div>\n"
       "<script src='/static/offline.js' defer></script>\n", zFrom, zTo);
  html_end(r);
}

void today_task_page(struct req *r){
  static const char *const azCrumb[] = { "今日任务", "/today", 0 };
  html_begin_crumbs(r, "现场检查", "/today", azCrumb);
  H(r, "<div id='offline' class='offline' data-page='task'>"
       "<noscript><div class='notice err'>离线记录检查需要浏览器启用脚本。</div></noscript>"
       "<p class='hint'>正在读取手机上保存的任务……</p></div>\n"
       "<script src='/static/offline.js' defer></script>\n");
  html_end(r);
}

void today_api(struct req *r){
  char zFrom[11], zTo[11];
  const char *zField = 0;
  struct json_w j;
  struct stmt q;
  struct actor a;
  i64 nKeep = setting_int("offline.keep_hours", 24), nTotal = 0;
  if( today_range(r, zFrom, zTo, &zField) ){
    api_error(r, 422, "invalid", str_eq(zField, "from")
              ? "开始日期应为“年-月-日”" : "结束日期应为“年-月-日”，不早于开始日期且相隔不超过31天",
              zField);
    return;
  }
  actor_from_req(&a, r);
  api_begin(r, &j);
  json_obj_open(&j, 0);
  json_str(&j, "from", zFrom);
  json_str(&j, "to", zTo);
  json_int(&j, "keep_hours", nKeep);
  json_int(&j, "kept_until", time_now() + nKeep*3600);
  json_int(&j, "user_id", r->pUser->id);
  json_str(&j, "user_name", r->pUser->zName);
  json_arr_open(&j, "items");
  db_prepare(&q,
    "SELECT r.id, r.org_id, r.title, r.number, r.status, r.insp_type,"
    " coalesce(r.inspect_on, r.notice_on, r.approved_on), i.name, g.kind, g.address, g.town,"
    " g.legal_rep, g.contact, r.version"
    " FROM insp_record r JOIN insp_target g ON g.id=r.target_id"
    " JOIN insp_plan p ON p.id=r.plan_id JOIN insp_item i ON i.id=p.item_id"
    " WHERE r.void_reason IS NULL AND r.status<>'closed'"
    " AND coalesce(r.inspect_on, r.notice_on, r.approved_on) BETWEEN ?1 AND ?2"
    " AND EXISTS (SELECT 1 FROM insp_member m JOIN insp_person s ON s.id=m.person_id"
    "  WHERE m.record_id=r.id AND m.void_reason IS NULL AND s.void_reason IS NULL"
    "  AND (s.user_id=?4 OR (s.user_id IS NULL AND s.name=?3 AND NOT EXISTS"
    "   (SELECT 1 FROM insp_person x WHERE x.user_id=?4 AND x.void_reason IS NULL))))"
    " ORDER BY 7, r.id");
  db_bind_text(&q, 1, zFrom);
  db_bind_text(&q, 2, zTo);
  db_bind_text(&q, 3, r->pUser->zName);
  db_bind_int64(&q, 4, r->pUser->id);
  while( db_step(&q)==DB_ROW ){
    const char *zSt = db_column_text(&q, 4);
    if( !org_visible(&a, db_column_int64(&q, 1)) ) continue;
    json_obj_open(&j, 0);
    json_int(&j, "id", db_column_int64(&q, 0));
    json_str(&j, "title", db_column_text(&q, 2));
    json_str(&j, "number", db_column_text(&q, 3));
    json_str(&j, "status", zSt);
    json_str(&j, "status_label", status_label(zSt));
    json_str(&j, "insp_type", str_eq(db_column_text(&q, 5), "joint") ? "跨部门联合" : "部门内");
    json_str(&j, "day", db_column_text(&q, 6));
    json_str(&j, "item", db_column_text(&q, 7));
    json_obj_open(&j, "target");
    json_str(&j, "kind", db_column_text(&q, 8));
    json_str(&j, "address", db_column_text(&q, 9));
    json_str(&j, "town", db_column_text(&q, 10));
    json_str(&j, "legal_rep", mask_name(r->arena, db_column_text(&q, 11)));
    json_str(&j, "contact", mask_digits(r->arena, db_column_text(&q, 12)));
    json_obj_close(&j);
    json_int(&j, "version", db_column_int64(&q, 13));
    json_obj_close(&j);
    nTotal++;
  }
  db_finalize(&q);
  json_arr_close(&j);
  json_int(&j, "total", nTotal);
  json_obj_close(&j);
}

void today_sw(struct req *r){
  const struct embed_file *e = embed_find("src/web/static/sw.js");
  if( e==0 ){
    r->status = 404;
    return;
  }
  req_set_type(r, "text/javascript; charset=utf-8");
  req_add_header(r, "Service-Worker-Allowed", "/today");
  r->pStatic = e->aData;
  r->nStatic = (size_t)e->nData;
}
