/*
** permit_doc.c -- the written documents of a 行政许可 application: 受理
** 通知书, 补正告知书, 不予受理决定书, 延期通知书, 准予/不予行政许可决定书 and
** 送达回证, as DOCX or PDF in the official layout (office/doc.h), filled
** from the application; and the extras of the application's page (days
** left, the explain link, the document buttons).
**
** The wording is data: data/permit/documents.tsv (compiled in), one line
** per part, "kind<TAB>part<TAB>text" with {{placeholders}}; a file
** permit-documents.tsv in the data folder replaces the lines of each kind
** it names, so the 法规股 can change the fixed legal wording (the rights
** to 复议 within 60 days and 诉讼 within 6 months) without a new build.
*/
#include "../../common.h"
#include "../../base/arena.h"
#include "../../base/buf.h"
#include "../../base/calendar.h"
#include "../../base/date.h"
#include "../../base/embed.h"
#include "../../base/fmt.h"
#include "../../base/util.h"
#include "../../office/doc.h"
#include "../../store/db.h"
#include "../../web/api.h"
#include "../../web/html.h"
#include "../../web/req.h"
#include "../../core/app.h"
#include "../../core/cal.h"
#include "../../core/clock.h"
#include "../../core/cli.h"
#include "permit.h"

/* The documents: code, title for buttons and file names. */
static const char *const azDoc[] = {
  "accept", "受理通知书", "correction", "补正告知书", "reject", "不予受理决定书",
  "extend", "延期通知书", "grant", "准予行政许可决定书", "deny", "不予行政许可决定书",
  "receipt", "送达回证", 0
};

/* The name of document kind z, or NULL when there is no such kind. */
static const char *pd_name(const char *z){
  int i;
  for(i=0; azDoc[i]; i+=2) if( str_eq(azDoc[i], z) ) return azDoc[i+1];
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

/* Whether document zKind can be written for rec now; 0, or -1 with the
** reason in *pzWhy. */
static int pd_ready(const struct reg_rec *rec, const char *zKind, const char **pzWhy){
  const char *zDec = pd_decision(rec);
  *pzWhy = 0;
  if( rec->zVoidReason ){
    *pzWhy = "该申请已作废";
  }else if( str_eq(zKind, "accept") ){
    if( pd_f(rec, "accepted_on")==0 ) *pzWhy = "该申请尚未受理";
  }else if( str_eq(zKind, "correction") ){
    if( pd_f(rec, "notice_on")==0 ) *pzWhy = "该申请没有补正告知";
  }else if( str_eq(zKind, "extend") ){
    if( pd_f(rec, "ext_on")==0 ) *pzWhy = "该申请没有延期";
  }else if( str_eq(zKind, "receipt") ){
    if( zDec==0 ) *pzWhy = "该申请尚未作出决定，没有可送达的决定书";
  }else if( !str_eq(zDec, zKind) ){
    *pzWhy = str_eq(zKind, "reject") ? "该申请没有不予受理决定"
           : str_eq(zKind, "grant") ? "该申请没有准予许可决定" : "该申请没有不予许可决定";
  }
  return *pzWhy ? -1 : 0;
}

static void pd_template(const char *zKind, struct buf *pOut);

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
  pd_template(zKind, &t);
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

/* Append to pOut the template lines of kind zKind in the TSV text z (n
** bytes): "part\ttext\n" each.  Returns how many. */
static int pd_lines_of(const char *z, size_t n, const char *zKind, struct buf *pOut){
  const char *p = z, *pEnd = z + n;
  size_t nKind = strlen(zKind);
  int k = 0;
  while( p<pEnd ){
    const char *e = memchr(p, '\n', (size_t)(pEnd - p));
    size_t len = e ? (size_t)(e - p) : (size_t)(pEnd - p);
    if( len>nKind && p[0]!='#' && memcmp(p, zKind, nKind)==0 && p[nKind]=='\t' ){
      buf_append(pOut, p + nKind + 1, len - nKind - 1);
      buf_puts(pOut, "\n");
      k++;
    }
    p += len + (e!=0);
  }
  return k;
}

/* The template of kind zKind: the data folder's permit-documents.tsv
** when it names the kind, else the compiled-in default.  pOut gets
** "part\ttext\n" lines. */
static void pd_template(const char *zKind, struct buf *pOut){
  const struct embed_file *e = embed_find("data/permit/documents.tsv");
  char *zPath = fmt_dup("%s/permit-documents.tsv", app.zDataDir);
  FILE *f = fopen(zPath, "rb");
  free(zPath);
  if( f ){
    struct buf file = BUF_INIT;
    char chunk[8192];
    size_t k;
    while( (k = fread(chunk, 1, sizeof(chunk), f))>0 && file.len<1000000 ) buf_append(&file, chunk, k);
    fclose(f);
    k = (size_t)pd_lines_of(file.buf ? file.buf : "", file.len, zKind, pOut);
    buf_release(&file);
    if( k>0 ) return;
  }
  if( e ) pd_lines_of((const char *)e->aData, (size_t)e->nData, zKind, pOut);
}

/* The values the placeholders take for one application. */
struct pdvals {
  const struct reg_rec *rec;
  struct arena *ar;
  const char *zUnit, *zItem, *zBasis, *zLimit, *zPromised, *zDocument, *zRights;
};

/* A date field in Chinese ("2024年1月16日"), or blanks to fill by hand. */
static const char *pd_date(struct arena *ar, const char *z){
  int d;
  char zD[32];
  if( z==0 || date_parse(z, &d) ) return "    年  月  日";
  return arena_strdup(ar, doc_date_cn(d, zD));
}

/* The reason as written by the case handler, without the rights sentence
** the step appended (the documents state the rights from the template). */
static const char *pd_reason(struct arena *ar, const char *z){
  const char *p;
  if( z==0 ) return "";
  p = strstr(z, "\n申请人如对本决定不服");
  return p ? arena_strndup(ar, z, (size_t)(p - z)) : z;
}

/* The value of placeholder zName, or NULL when unknown. */
static const char *pd_value(const struct pdvals *v, const char *zName){
  const struct reg_rec *rec = v->rec;
  static const char *const azDate[] = {
    "received_on", "accepted_on", "notice_on", "decided_on", "delivered_on", "legal_due",
    "promised_due", "deliver_due", "ext_on", 0
  };
  static const char *const azText[] = {
    "applicant", "number", "check_code", "correction", "ext_days", "ext_reason", 0
  };
  int i;
  for(i=0; azDate[i]; i++) if( str_eq(zName, azDate[i]) ) return pd_date(v->ar, pd_f(rec, zName));
  for(i=0; azText[i]; i++){
    if( str_eq(zName, azText[i]) ) return pd_f(rec, zName) ? pd_f(rec, zName) : "";
  }
  if( str_eq(zName, "unit") ) return v->zUnit;
  if( str_eq(zName, "item") ) return v->zItem;
  if( str_eq(zName, "basis") ) return v->zBasis;
  if( str_eq(zName, "limit") ) return v->zLimit;
  if( str_eq(zName, "promised") ) return v->zPromised;
  if( str_eq(zName, "reason") ) return pd_reason(v->ar, pd_f(rec, "reason"));
  if( str_eq(zName, "document") ) return v->zDocument;
  if( str_eq(zName, "rights") ) return v->zRights;
  /* the full address (setting public.address), never a bare path */
  if( str_eq(zName, "lookup") || str_eq(zName, "rate") ){
    const char *zUrl = setting_public_url(v->ar, str_eq(zName, "lookup") ? "/public/permits"
                                                                        : "/public/permits/rate");
    return zUrl ? zUrl : "网址请向本机关咨询";
  }
  return 0;
}

/* zText with its placeholders filled, in v's arena. */
static char *pd_fill(const struct pdvals *v, const char *zText){
  struct buf b = BUF_INIT;
  const char *z = zText;
  char *zOut;
  while( *z ){
    const char *zOpen = strstr(z, "{{"), *zClose;
    const char *zVal;
    char *zName;
    if( zOpen==0 || (zClose = strstr(zOpen+2, "}}"))==0 ){
      buf_puts(&b, z);
      break;
    }
    buf_append(&b, z, (size_t)(zOpen - z));
    zName = arena_strndup(v->ar, zOpen+2, (size_t)(zClose - zOpen - 2));
    zVal = pd_value(v, zName);
    if( zVal ) buf_puts(&b, zVal);
    else buf_appendf(&b, "{{%s}}", zName);     /* an unknown name stays visible */
    z = zClose + 2;
  }
  zOut = arena_strdup(v->ar, b.buf ? b.buf : "");
  buf_release(&b);
  return zOut;
}

/* The first paragraph of kind zKind's template, filled (for {{rights}}). */
static const char *pd_first_para(const struct pdvals *v, const char *zKind){
  struct buf t = BUF_INIT;
  const char *zOut = "";
  const char *p;
  pd_template(zKind, &t);
  for(p=t.buf ? t.buf : ""; *p; ){
    size_t len = strcspn(p, "\n");
    if( len>5 && memcmp(p, "para\t", 5)==0 ){
      zOut = pd_fill(v, arena_strndup(v->ar, p+5, len-5));
      break;
    }
    p += len + (p[len]=='\n');
  }
  buf_release(&t);
  return zOut;
}

/* Fill v for rec: the issuing authority (the bureau above the receiving
** unit), the item's name, basis and limits. */
static void pd_vals(struct pdvals *v, struct arena *ar, const struct reg_rec *rec){
  struct stmt q;
  const char *zOrg = pd_f(rec, "org_id"), *zItem = pd_f(rec, "item_id");
  const char *zDec = pd_decision(rec);
  memset(v, 0, sizeof(*v));
  v->rec = rec;
  v->ar = ar;
  v->zUnit = db_text(ar, 0,
    "SELECT b.name FROM org o JOIN org b ON b.kind='bureau' AND o.path LIKE b.path || '%'"
    " WHERE o.id=?1 ORDER BY length(b.path) DESC LIMIT 1", "i", zOrg ? atoll(zOrg) : 0);
  if( v->zUnit==0 ){
    v->zUnit = db_text(ar, "", "SELECT name FROM org WHERE id=?1", "i", zOrg ? atoll(zOrg) : 0);
  }
  db_prepare(&q, "SELECT name, basis, limit_unit, statutory_limit, promised_limit"
                 " FROM permit_item WHERE id=?1");
  db_bind_int64(&q, 1, zItem ? atoll(zItem) : 0);
  if( db_step(&q)==DB_ROW ){
    v->zItem = db_column_dup(ar, &q, 0);
    v->zBasis = db_column_dup(ar, &q, 1);
    v->zLimit = arena_printf(ar, "%lld%s", (long long)db_column_int64(&q, 3),
                             str_eq(db_column_text(&q, 2), "month") ? "个月" : "个工作日");
    v->zPromised = db_column_int64(&q, 4)>0
                 ? arena_printf(ar, "%lld个工作日", (long long)db_column_int64(&q, 4)) : v->zLimit;
  }
  db_finalize(&q);
  if( v->zItem==0 ) v->zItem = v->zBasis = v->zLimit = v->zPromised = "";
  v->zDocument = zDec ? pd_name(zDec) : "";
  v->zRights = "";
  v->zRights = pd_first_para(v, "rights");
}

/* Build document zKind of rec (free with doc_free). */
static struct doc *pd_build(struct arena *ar, const struct reg_rec *rec, const char *zKind){
  struct pdvals v;
  struct buf t = BUF_INIT;
  struct doc *d = doc_new(false);
  struct doc_table *tab = 0;
  const char *p, *zTitle = pd_name(zKind);
  const char *zDay = str_eq(zKind, "accept") ? "accepted_on"
                   : str_eq(zKind, "correction") ? "notice_on"
                   : str_eq(zKind, "extend") ? "ext_on"
                   : str_eq(zKind, "receipt") ? 0 : "decided_on";
  int iDay = 0;
  pd_vals(&v, ar, rec);
  pd_template(zKind, &t);
  for(p=t.buf ? t.buf : ""; *p; ){
    size_t len = strcspn(p, "\n");
    char *zLine = arena_strndup(ar, p, len), *zTab = strchr(zLine, '\t');
    p += len + (p[len]=='\n');
    if( zTab==0 ) continue;
    *zTab++ = 0;
    if( str_eq(zLine, "title") ){
      zTitle = pd_fill(&v, zTab);
      doc_title(d, zTitle);
      if( !str_eq(zKind, "receipt") ) doc_recipient(d, pd_f(rec, "applicant"));
    }else if( str_eq(zLine, "row") ){
      /* a row of the 送达回证's table: "label：value" */
      char *zFill = pd_fill(&v, zTab), *zColon = strstr(zFill, "：");
      const char *az[2];
      if( tab==0 ){
        static const char *const azHead[] = { "项目", "内容" };
        static const int aW[] = { 3, 9 };
        tab = doc_table(d, 2, azHead, aW);
      }
      if( zColon ){
        *zColon = 0;
        az[0] = zFill;
        az[1] = zColon + strlen("：");
      }else{
        az[0] = zFill;
        az[1] = "";
      }
      doc_table_row(tab, az);
    }else{
      doc_para(d, pd_fill(&v, zTab));
    }
  }
  buf_release(&t);
  if( zDay && pd_f(rec, zDay) ) date_parse(pd_f(rec, zDay), &iDay);
  if( str_eq(zKind, "receipt") ){
    doc_sign(d, v.zUnit, pd_f(rec, "delivered_on") && date_parse(pd_f(rec, "delivered_on"), &iDay)==0
                         ? iDay : date_today());
  }else{
    doc_sign(d, v.zUnit, iDay ? iDay : date_today());
  }
  doc_props(d, zTitle, v.zUnit, time_now());
  return d;
}

int permit_document(const struct actor *a, i64 id, const char *zKind, const char *zFormat,
                    struct buf *pOut, struct reg_err *e){
  struct arena *ar = e->ar;
  struct reg_rec rec;
  struct doc *d;
  struct buf err = BUF_INIT;
  const char *zWhy;
  int rc;
  if( pd_name(zKind)==0 ){
    reg_err_add(e, REG_EINVALID, "kind",
                "文书种类应为 accept、correction、reject、extend、grant、deny 或 receipt");
    return -1;
  }
  if( !str_eq(zFormat, "docx") && !str_eq(zFormat, "pdf") ){
    reg_err_add(e, REG_EINVALID, "format", "格式应为 docx 或 pdf");
    return -1;
  }
  if( reg_get(&permit_reg, a, id, ar, &rec, e) ) return -1;
  if( pd_ready(&rec, zKind, &zWhy) || pd_provisional(ar, &rec, zKind, &zWhy) ){
    reg_err_add(e, REG_ECONFLICT, "kind", "不能出具%s：%s", pd_name(zKind), zWhy);
    return -1;
  }
  d = pd_build(ar, &rec, zKind);
  rc = app_doc_bytes(d, str_eq(zFormat, "pdf"), pOut, &err);
  doc_free(d);
  if( rc ) reg_err_add(e, REG_EINVALID, "format", "%s", err.buf ? err.buf : "生成文书失败");
  buf_release(&err);
  return rc;
}

/* The file name of document zKind of application zNo, without extension. */
static const char *pd_file(struct arena *ar, const char *zNo, const char *zKind){
  return arena_printf(ar, "%s-%s", zNo ? zNo : "permit", zKind);
}

/* GET /permits/:id/documents/:kind?format=docx|pdf and the API twin. */
static void pd_send(struct req *r, bool bApi){
  struct actor a;
  struct reg_err e;
  struct reg_rec rec;
  const char *zKind = r->azPathArg[1], *zFormat = req_param_trim(r, "format");
  i64 id;
  actor_from_req(&a, r);
  reg_err_init(&e, r->arena);
  if( zFormat==0 ) zFormat = "docx";
  if( str_to_i64(r->azPathArg[0], 1, INT64_MAX, &id) ){
    reg_err_add(&e, REG_ENOTFOUND, "id", "行政许可申请不存在或不在您的管理范围内");
  }else if( permit_document(&a, id, zKind, zFormat, &r->out, &e)==0 ){
    reg_get(&permit_reg, &a, id, r->arena, &rec, &e);
    req_attachment(r, zFormat, pd_file(r->arena, pd_f(&rec, "number"), zKind),
                   arena_printf(r->arena, "%s%s", pd_f(&rec, "number"), pd_name(zKind)));
    return;
  }
  buf_reset(&r->out);
  if( bApi ){
    api_error(r, reg_err_status(e.eKind), reg_err_code(e.eKind), reg_err_text(&e),
              e.n ? e.a[0].zField : 0);
  }else{
    html_error_page(r, reg_err_status(e.eKind), reg_err_text(&e));
  }
}

void permit_document_page(struct req *r){
  pd_send(r, false);
}

void permit_document_api(struct req *r){
  pd_send(r, true);
}

/* The application page's extras: where its clock stands, the day-by-day
** explanation, the documents it has. */
void permit_show(struct req *r, const struct actor *a, const struct reg_rec *rec){
  const char *zWhy;
  int i, n = 0;
  (void)a;
  if( rec->zVoidReason ) return;
  permit_show_clock(r, rec);
  H(r, "<p><a href='/permits/%lld/explain'>期限计算说明（逐日）</a></p>\n", (long long)rec->id);
  for(i=0; azDoc[i]; i+=2){
    if( pd_ready(rec, azDoc[i], &zWhy) ) continue;
    if( n++==0 ) H(r, "<h2>文书</h2>\n<ul class='docs'>");
    H(r, "<li>%h <a class='btn' href='/permits/%lld/documents/%t?format=docx'>Word</a> "
         "<a class='btn' href='/permits/%lld/documents/%t?format=pdf'>PDF</a></li>",
      azDoc[i+1], (long long)rec->id, azDoc[i], (long long)rec->id, azDoc[i]);
  }
  if( n ) H(r, "</ul>\n");
}

/* ---- command ---- */

static const char zDocUsage[] =
  "用法: fazhi permit document ID --kind 文书 --format docx|pdf [-o FILE]\n"
  "出具行政许可文书（公文格式）：accept 受理通知书，correction 补正告知书，reject 不予受理决定书，\n"
  "extend 延期通知书，grant 准予行政许可决定书，deny 不予行政许可决定书，receipt 送达回证。\n"
  "措辞取自模板 data/permit/documents.tsv；数据目录中的 permit-documents.tsv 可按文书替换。\n";

int permit_document_cmd(int n, char **av){
  const char *zKind = cli_option(&n, av, "--kind");
  const char *zFormat = cli_option(&n, av, "--format");
  const char *zOut = cli_option(&n, av, "-o");
  struct buf out = BUF_INIT;
  struct arena *ar;
  struct reg_err e;
  struct actor a;
  i64 id;
  int rc;
  if( cli_finish(n, av, 1, 1, zDocUsage) ) return 2;
  if( str_to_i64(av[1], 1, INT64_MAX, &id) ){
    fprintf(stderr, "fazhi: 编号应为正整数\n");
    return 2;
  }
  if( zKind==0 || zFormat==0 ) return cli_usage(zDocUsage);
  if( cli_open() ) return 1;
  actor_cli(&a);
  ar = arena_new();
  reg_err_init(&e, ar);
  if( permit_document(&a, id, zKind, zFormat, &out, &e) ){
    fprintf(stderr, "fazhi: %s\n", reg_err_text(&e));
    rc = reg_err_exit(e.eKind);
  }else{
    rc = cli_write_file(zOut, &out);
  }
  buf_release(&out);
  arena_free(ar);
  return rc;
}
