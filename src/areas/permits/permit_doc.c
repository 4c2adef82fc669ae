/*
** permit_doc.c -- the written documents of a 行政许可 application, declared
** for the kernel's documents (reg/regdoc.h): 受理通知书, 补正告知书, 不予受理
** 决定书, 延期通知书, 准予/不予行政许可决定书 and 送达回证, as DOCX or PDF in
** the official layout; and the extras of the application's page (days left,
** the explain link).
**
** The wording is data: data/permit/documents.tsv (compiled in), one line
** per part, "kind<TAB>part<TAB>text" with {{placeholders}}; a file
** permit-documents.tsv in the data folder replaces the lines of each kind
** it names, so the 法规股 can change the fixed legal wording (the rights
** to 复议 within 60 days and 诉讼 within 6 months) without a new build.
** What this file adds to the kernel: which decision a document needs, the
** refusal of a 暂定 due day, and the placeholders drawn from the item.
*/
#include "../../common.h"
#include "../../base/arena.h"
#include "../../base/buf.h"
#include "../../base/calendar.h"
#include "../../base/date.h"
#include "../../base/util.h"
#include "../../office/doc.h"
#include "../../store/db.h"
#include "../../web/html.h"
#include "../../web/req.h"
#include "../../core/app.h"
#include "../../core/clock.h"
#include "../../reg/regdoc.h"
#include "permit.h"

/* The documents: kind, name, the field whose day is the 成文日期. */
static const struct reg_doc_kind aPermitDoc[] = {
  { "accept", "受理通知书", 0, 0, "accepted_on" },
  { "correction", "补正告知书", 0, 0, "notice_on" },
  { "reject", "不予受理决定书", 0, 0, "decided_on" },
  { "extend", "延期通知书", 0, 0, "ext_on" },
  { "grant", "准予行政许可决定书", 0, 0, "decided_on" },
  { "deny", "不予行政许可决定书", 0, 0, "decided_on" },
  { "receipt", "送达回证", 0, 0, "delivered_on" },
};

/* The name of document zKind, or NULL when there is no such kind. */
static const char *pd_name(const char *z){
  size_t i;
  for(i=0; i<COUNT(aPermitDoc); i++) if( str_eq(aPermitDoc[i].zKind, z) ) return aPermitDoc[i].zName;
  return 0;
}

/* Field zKey of rec (NULL when empty). */
static const char *pd_f(const struct reg_rec *rec, const char *zKey){
  int i = reg_field_index(&permit_reg, zKey);
  return i<0 ? 0 : rec->az[i];
}

/* The decision an application carries: "grant", "deny", "reject" or
** NULL (none yet).  不予受理 has no acceptance; 不予许可 states a reason,
** 准予许可 does not. */
static const char *pd_decision(const struct reg_rec *rec){
  if( pd_f(rec, "decided_on")==0 ) return 0;
  if( pd_f(rec, "accepted_on")==0 ) return "reject";
  return pd_f(rec, "reason") ? "deny" : "grant";
}

/* Whether document zKind would print a due day of rec that is only 暂定
** (counted past a year the calendar does not hold): never printed as
** final on an official notice.  0, or -1 with the reason (naming who can
** mend it) in *pzWhy. */
static int pd_provisional(struct arena *ar, const struct reg_rec *rec, const char *zKind,
                          const char **pzWhy){
  static const char *const azDue[] = { "legal_due", "法定期限", "promised_due", "承诺期限",
                                       "deliver_due", "送达期限", 0 };
  const struct calendar *cal = clock_calendar();
  struct buf t = BUF_INIT;
  int i, y, due;
  *pzWhy = 0;
  reg_doc_wording(&permit_docs, zKind, &t);
  for(i=0; azDue[i] && *pzWhy==0; i+=2){
    const char *z = pd_f(rec, azDue[i]);
    if( z==0 || t.buf==0 || strstr(t.buf, arena_printf(ar, "{{%s}}", azDue[i]))==0 ) continue;
    if( date_parse(z, &due) || (y = clock_provisional_year(cal, 0, due))==0 ) continue;
    *pzWhy = arena_printf(ar, "%s届满日%s是暂定日期（%d年节假日安排尚未载入，暂按周末计算），"
                          "不能印在正式文书上；请系统管理员在“工作日历”中导入%d年节假日安排，"
                          "期限将自动重新计算，然后再出具", azDue[i+1], z, y, y);
  }
  buf_release(&t);
  clock_release(cal);
  return *pzWhy ? -1 : 0;
}

/* The reason as written by the case handler, without the rights sentence
** the step appended (the documents state the rights from the wording). */
static const char *pd_reason(struct arena *ar, const char *z){
  const char *p;
  if( z==0 ) return "";
  p = strstr(z, "\n申请人如对本决定不服");
  return p ? arena_strndup(ar, z, (size_t)(p - z)) : z;
}

/* The rights sentence: the first line of the wording's kind "rights". */
static const char *pd_rights(struct arena *ar){
  struct buf b = BUF_INIT;
  const char *z = "", *p;
  reg_doc_wording(&permit_docs, "rights", &b);
  p = b.buf ? strchr(b.buf, '\t') : 0;
  if( p ) z = arena_strndup(ar, p + 1, strcspn(p + 1, "\n"));
  buf_release(&b);
  return z;
}

/* Why document zKind cannot be written for rec now (NULL: it can); *pbHide
** when it does not apply (a decision the application does not carry). */
static const char *pd_not_ready(struct arena *ar, const struct reg_rec *rec, const char *zKind,
                                bool *pbHide){
  const char *zDec = pd_decision(rec), *zWhy = 0;
  *pbHide = false;
  if( str_eq(zKind, "accept") ){
    if( pd_f(rec, "accepted_on")==0 ) zWhy = "该申请尚未受理";
  }else if( str_eq(zKind, "correction") ){
    if( pd_f(rec, "notice_on")==0 ) zWhy = "该申请没有补正告知";
    *pbHide = zWhy!=0;
  }else if( str_eq(zKind, "extend") ){
    if( pd_f(rec, "ext_on")==0 ) zWhy = "该申请没有延期";
    *pbHide = zWhy!=0;
  }else if( str_eq(zKind, "receipt") ){
    if( zDec==0 ) zWhy = "该申请尚未作出决定，没有可送达的决定书";
  }else if( !str_eq(zDec, zKind) ){
    zWhy = str_eq(zKind, "reject") ? "该申请没有不予受理决定"
         : str_eq(zKind, "grant") ? "该申请没有准予许可决定" : "该申请没有不予许可决定";
    *pbHide = true;
  }
  if( zWhy==0 && pd_provisional(ar, rec, zKind, &zWhy) ) return zWhy;
  return zWhy;
}

/* The bureau above the receiving unit (the 落款), else the unit itself. */
static const char *pd_issuer(struct arena *ar, const struct reg_rec *rec){
  const char *zOrg = pd_f(rec, "org_id");
  i64 org = zOrg ? atoll(zOrg) : 0;
  const char *z = db_text(ar, 0,
    "SELECT b.name FROM org o JOIN org b ON b.kind='bureau' AND o.path LIKE b.path || '%'"
    " WHERE o.id=?1 ORDER BY length(b.path) DESC LIMIT 1", "i", org);
  return z ? z : db_text(ar, "", "SELECT name FROM org WHERE id=?1", "i", org);
}

/* Column iCol (0 name, 1 basis, 2 limit unit, 3 statutory limit, 4
** promised limit) of rec's item, or NULL. */
static const char *pd_item(struct arena *ar, const struct reg_rec *rec, int iCol){
  const char *zItem = pd_f(rec, "item_id");
  const char *z = 0;
  struct stmt q;
  db_prepare(&q, "SELECT name, basis, limit_unit, statutory_limit, promised_limit"
                 " FROM permit_item WHERE id=?1");
  db_bind_int64(&q, 1, zItem ? atoll(zItem) : 0);
  if( db_step(&q)==DB_ROW ) z = db_column_dup(ar, &q, iCol);
  db_finalize(&q);
  return z;
}

/* The statutory limit as written: "20个工作日" or "3个月". */
static const char *pd_limit(struct arena *ar, const struct reg_rec *rec){
  const char *zN = pd_item(ar, rec, 3);
  if( zN==0 ) return "";
  return arena_printf(ar, "%s%s", zN, str_eq(pd_item(ar, rec, 2), "month") ? "个月" : "个工作日");
}

/* The value of placeholder zName for rec (NULL: a field of the record). */
static const char *pd_value(struct arena *ar, const struct reg_rec *rec, const char *zName){
  static const char *const azText[] = {
    "applicant", "number", "check_code", "correction", "ext_days", "ext_reason", 0
  };
  const char *z;
  int i;
  for(i=0; azText[i]; i++) if( str_eq(zName, azText[i]) ) return (z = pd_f(rec, zName))!=0 ? z : "";
  if( str_eq(zName, "unit") ) return pd_issuer(ar, rec);
  if( str_eq(zName, "item") ) return (z = pd_item(ar, rec, 0))!=0 ? z : "";
  if( str_eq(zName, "basis") ) return (z = pd_item(ar, rec, 1))!=0 ? z : "";
  if( str_eq(zName, "limit") ) return pd_limit(ar, rec);
  if( str_eq(zName, "promised") ){
    z = pd_item(ar, rec, 4);
    return z && atoll(z)>0 ? arena_printf(ar, "%s个工作日", z) : pd_limit(ar, rec);
  }
  if( str_eq(zName, "reason") ) return pd_reason(ar, pd_f(rec, "reason"));
  if( str_eq(zName, "document") ){
    z = pd_decision(rec);
    return z ? pd_name(z) : "";
  }
  if( str_eq(zName, "rights") ) return pd_rights(ar);
  /* the full address (setting public.address), never a bare path */
  if( str_eq(zName, "lookup") || str_eq(zName, "rate") ){
    z = setting_public_url(ar, str_eq(zName, "lookup") ? "/public/permits" : "/public/permits/rate");
    return z ? z : "网址请向本机关咨询";
  }
  return 0;
}

const struct reg_docs permit_docs = {
  .zReg = "permit", .zData = "data/permit/documents.tsv", .zOverride = "permit-documents.tsv",
  .aKind = aPermitDoc, .nKind = (int)COUNT(aPermitDoc),
  .xValue = pd_value, .xIssuer = pd_issuer, .xNotReady = pd_not_ready,
};

/* The application page's extras: where its clock stands and the
** day-by-day explanation (the documents are the kernel's list). */
void permit_show(struct req *r, const struct actor *a, const struct reg_rec *rec){
  (void)a;
  if( rec->zVoidReason ) return;
  permit_show_clock(r, rec);
  H(r, "<p><a href='/permits/%lld/explain'>期限计算说明（逐日）</a></p>\n", (long long)rec->id);
}
