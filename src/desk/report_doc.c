/*
** report_doc.c -- the annual report's 版头 and 版记 (report_doc.h): the
** fields of each version, their defaults (the previous version's or year's,
** else data/report/head.tsv), their checks, the 发文字号 from the kernel's
** numbering at 审定, and how they go on the document.
*/
#include "../common.h"
#include "../base/arena.h"
#include "../base/buf.h"
#include "../base/date.h"
#include "../base/embed.h"
#include "../base/fmt.h"
#include "../base/json.h"
#include "../base/util.h"
#include "../base/value.h"
#include "../core/app.h"
#include "../core/audit.h"
#include "../office/doc.h"
#include "../reg/reg.h"
#include "../store/db.h"
#include "report_doc.h"

const struct rpt_head_field rpt_head_fields[RH_N] = {
  { "mark", "发文机关标志", "版头红色大字，如“梨树县教育局文件”；留空则不印版头标志" },
  { "doc_no_fmt", "发文字号格式", "%Y 为成文日期的年份，%N 为审定时取得的顺序号，如 梨教发〔%Y〕%N号" },
  { "signer", "签发人", "上行文须标注签发人；留空则审定时填审定人" },
  { "recipient", "主送机关", "如“梨树县人民政府”，印于标题下一行" },
  { "cc", "抄送机关", "多个机关用顿号隔开；留空则版记不印抄送" },
  { "printer", "印发机关", "如“梨树县教育局办公室”；留空则不印版记" },
  { "print_date", "印发日期", "YYYY-MM-DD；留空则同成文日期" },
  { "contact", "联系人和电话", "印于成文日期下一行的附注，如“联系人：张三，电话：0434-5223456”" },
  { "attach", "附件", "随文报送的附件名称，每行一个；有附件时正文后印附件说明" },
  { "sealed", "落款", "1 加盖印章（成文日期右空四字，署名居中其上）；0 不加盖印章（署名右空二字）" },
};

/* The county's name in a unit's name: 「梨树县教育局」 → 「梨树县」; the
** whole name when it has no such suffix. */
static char *unit_county(struct arena *ar, const char *zUnit){
  static const char *const azSuffix[] = { "教育局", "教育和体育局", "教育体育局", "教体局" };
  size_t n = strlen(zUnit), i;
  for(i=0; i<COUNT(azSuffix); i++){
    size_t k = strlen(azSuffix[i]);
    if( n>k && strcmp(zUnit+n-k, azSuffix[i])==0 ) return arena_strndup(ar, zUnit, n-k);
  }
  return arena_strdup(ar, zUnit);
}

/* z with {unit}, {county} and {short} (the unit's first character)
** replaced, in ar. */
static char *head_subst(struct arena *ar, const char *z, const char *zUnit){
  struct buf b = BUF_INIT;
  char *zOut;
  while( *z ){
    if( strncmp(z, "{unit}", 6)==0 ){ buf_puts(&b, zUnit); z += 6; }
    else if( strncmp(z, "{county}", 8)==0 ){ buf_puts(&b, unit_county(ar, zUnit)); z += 8; }
    else if( strncmp(z, "{short}", 7)==0 ){
      size_t k = zUnit[0] ? (((unsigned char)zUnit[0]>=0xf0) ? 4 : ((unsigned char)zUnit[0]>=0xe0)
                             ? 3 : ((unsigned char)zUnit[0]>=0xc0) ? 2 : 1) : 0;
      buf_append(&b, zUnit, k<=strlen(zUnit) ? k : 0);
      z += 7;
    }else buf_putc(&b, *z++);
  }
  zOut = arena_strdup(ar, b.len ? b.buf : "");
  buf_release(&b);
  return zOut;
}

/* The defaults of data/report/head.tsv ("key<TAB>value" rows). */
static void head_defaults(struct arena *ar, const char *zUnit, struct rpt_head *h){
  const struct embed_file *e = embed_find("data/report/head.tsv");
  const char *z = e ? (const char *)e->aData : "";
  int i;
  for(i=0; i<RH_N; i++) h->az[i] = "";
  h->az[RH_SEALED] = "1";
  while( *z ){
    const char *zEnd = strchr(z, '\n');
    size_t n = zEnd ? (size_t)(zEnd - z) : strlen(z);
    const char *zTab = memchr(z, '\t', n);
    if( z[0]!='#' && zTab ){
      for(i=0; i<RH_N; i++){
        if( strlen(rpt_head_fields[i].zKey)==(size_t)(zTab - z)
         && strncmp(z, rpt_head_fields[i].zKey, (size_t)(zTab - z))==0 ){
          h->az[i] = head_subst(ar, arena_strndup(ar, zTab+1, n - (size_t)(zTab - z) - 1), zUnit);
        }
      }
    }
    z += n + (zEnd ? 1 : 0);
  }
}

/* Read the head row of report id into h; false when it has none. */
static bool head_read(struct arena *ar, i64 id, struct rpt_head *h, bool bOwn){
  struct stmt q;
  bool bFound = false;
  int i;
  db_prepare(&q, "SELECT mark, doc_no_fmt, signer, recipient, cc, printer, print_date, contact,"
                 "       attach, sealed, doc_no, sheet_docx_sm3, sheet_pdf_sm3, sheet_html_sm3"
                 "  FROM report_head WHERE report_id=?1");
  db_bind_int64(&q, 1, id);
  if( db_step(&q)==DB_ROW ){
    bFound = true;
    for(i=0; i<RH_N; i++){
      const char *z = db_column_text(&q, i);
      h->az[i] = arena_strdup(ar, z ? z : "");
    }
    if( bOwn ){
      h->zDocNo = db_column_dup(ar, &q, RH_N);
      h->zSheetDocx = db_column_dup(ar, &q, RH_N+1);
      h->zSheetPdf = db_column_dup(ar, &q, RH_N+2);
      h->zSheetHtml = db_column_dup(ar, &q, RH_N+3);
    }else{
      h->az[RH_PRINT_DATE] = "";      /* a new document is printed on its own day */
    }
  }
  db_finalize(&q);
  return bFound;
}

void rpt_head_load(struct arena *ar, i64 reportId, i64 unitId, int year, const char *zUnit,
                   struct rpt_head *h){
  i64 src;
  memset(h, 0, sizeof(*h));
  if( reportId && head_read(ar, reportId, h, true) ){
    h->bStored = true;
    return;
  }
  /* the latest earlier version of the unit that has a head */
  src = db_i64(0, "SELECT r.id FROM report r JOIN report_head h ON h.report_id=r.id"
                  " WHERE r.org_id=?1 AND r.id<>?3 AND (r.year<?2 OR (r.year=?2 AND ?3=0)"
                  "   OR (r.year=?2 AND r.rev<(SELECT rev FROM report WHERE id=?3)))"
                  " ORDER BY r.year DESC, r.rev DESC LIMIT 1", "idi", unitId, year, reportId);
  if( src && head_read(ar, src, h, false) ) return;
  head_defaults(ar, zUnit, h);
}

void rpt_head_store(i64 reportId, const struct rpt_head *h){
  if( !db_exists("SELECT 1 FROM report_head WHERE report_id=?1", "i", reportId) ){
    db_exec("INSERT INTO report_head(report_id) VALUES(?1)", "i", reportId);
  }
  db_exec("UPDATE report_head SET mark=?1, doc_no_fmt=?2, signer=?3, recipient=?4, cc=?5,"
          "  printer=?6, print_date=?7, contact=?8, attach=?9, sealed=?10, version=version+1"
          " WHERE report_id=?11", "tttttttttdi",
          h->az[RH_MARK], h->az[RH_DOCNO_FMT], h->az[RH_SIGNER], h->az[RH_RECIPIENT],
          h->az[RH_CC], h->az[RH_PRINTER], h->az[RH_PRINT_DATE][0] ? h->az[RH_PRINT_DATE] : 0,
          h->az[RH_CONTACT], h->az[RH_ATTACH], str_eq(h->az[RH_SEALED], "0") ? 0 : 1,
          reportId);
}

char *rpt_head_json(struct arena *ar, const struct rpt_head *h){
  struct buf b = BUF_INIT;
  struct json_w j;
  char *z;
  int i;
  json_init(&j, &b);
  json_obj_open(&j, 0);
  for(i=0; i<RH_N; i++){
    if( i==RH_SEALED ) json_bool(&j, "sealed", !str_eq(h->az[i], "0"));
    else json_str(&j, rpt_head_fields[i].zKey, h->az[i]);
  }
  json_str(&j, "doc_no", h->zDocNo);
  json_obj_close(&j);
  z = arena_strdup(ar, b.buf);
  buf_release(&b);
  return z;
}

int rpt_head_apply(struct arena *ar, struct rpt_head *h, const char *const *azNew,
                   struct reg_err *e){
  int i, n0 = e->n;
  for(i=0; i<RH_N; i++){
    const char *z = azNew[i];
    if( z==0 ) continue;
    /* dates and the choice typed with full-width digits are folded; the
    ** text fields keep their full-width punctuation */
    if( i==RH_PRINT_DATE || i==RH_SEALED ) z = value_fold_dup(ar, z, false);
    else z = arena_strdup(ar, z);
    {
      /* surrounding blanks go */
      char *zT = (char *)z;
      size_t m;
      while( *zT==' ' || *zT=='\t' ) zT++;
      m = strlen(zT);
      while( m>0 && (zT[m-1]==' ' || zT[m-1]=='\t' || zT[m-1]=='\r' || zT[m-1]=='\n') ) zT[--m] = 0;
      z = zT;
    }
    if( i==RH_PRINT_DATE && z[0] ){
      int iDay;
      char zD[11];
      if( date_parse(z, &iDay) ){
        reg_err_add(e, REG_EINVALID, rpt_head_fields[i].zKey, "印发日期“%s”无效，应为 YYYY-MM-DD", z);
        continue;
      }
      z = arena_strdup(ar, date_format(iDay, zD));
    }else if( i==RH_SEALED ){
      if( str_eq(z, "1") || str_eq(z, "true") || str_eq(z, "加盖印章") || str_eq(z, "是") ) z = "1";
      else if( str_eq(z, "0") || str_eq(z, "false") || str_eq(z, "不加盖印章") || str_eq(z, "否") ) z = "0";
      else{
        reg_err_add(e, REG_EINVALID, "sealed", "落款应为 1（加盖印章）或 0（不加盖印章）");
        continue;
      }
    }else if( i==RH_DOCNO_FMT && z[0] && strstr(z, "%N")==0 ){
      reg_err_add(e, REG_EINVALID, "doc_no_fmt", "发文字号格式须含 %%N（顺序号），如 梨教发〔%%Y〕%%N号");
      continue;
    }
    if( strlen(z) > (i==RH_ATTACH || i==RH_CC ? 2000u : 300u) ){
      reg_err_add(e, REG_EINVALID, rpt_head_fields[i].zKey, "%s过长", rpt_head_fields[i].zLabel);
      continue;
    }
    if( i!=RH_ATTACH && strchr(z, '\n') ){
      reg_err_add(e, REG_EINVALID, rpt_head_fields[i].zKey, "%s不能换行", rpt_head_fields[i].zLabel);
      continue;
    }
    h->az[i] = z;
  }
  return e->n - n0;
}

const char *rpt_head_docno(struct arena *ar, const struct rpt_head *h, int iDocDate){
  int y, m, d;
  if( h->zDocNo && h->zDocNo[0] ) return h->zDocNo;
  if( h->az[RH_DOCNO_FMT]==0 || h->az[RH_DOCNO_FMT][0]==0 ) return 0;
  date_ymd(iDocDate, &y, &m, &d);
  return reg_seq_format(ar, h->az[RH_DOCNO_FMT], y, "　");
}

int rpt_head_number(const struct actor *a, i64 reportId, int iDocDate, const char *zSigner,
                    struct buf *pErr){
  struct arena *ar = arena_new();
  struct rpt_head h;
  char *zBefore, zId[24];
  int y, m, d;
  i64 unitId;
  memset(&h, 0, sizeof(h));
  db_begin();
  unitId = db_i64(0, "SELECT org_id FROM report WHERE id=?1", "i", reportId);
  if( !head_read(ar, reportId, &h, true) ){
    /* a version stored before its head: it takes the defaults now */
    char *zUnit = db_text(ar, "", "SELECT name FROM org WHERE id=?1", "i", unitId);
    int year = db_int(0, "SELECT year FROM report WHERE id=?1", "i", reportId);
    rpt_head_load(ar, 0, unitId, year, zUnit, &h);
    h.zDocNo = 0;
    rpt_head_store(reportId, &h);
  }
  zBefore = rpt_head_json(ar, &h);
  if( (h.zDocNo && h.zDocNo[0]) || h.az[RH_DOCNO_FMT][0]==0 ){
    if( h.az[RH_SIGNER][0] || zSigner==0 || zSigner[0]==0 ){
      db_commit();
      arena_free(ar);
      return 0;
    }
  }else{
    i64 n;
    date_ymd(iDocDate, &y, &m, &d);
    /* one sequence per unit: 发文字号 are the unit's own */
    n = reg_seq_next(arena_printf(ar, "report.doc_no.%lld", (long long)unitId), y);
    if( n<=0 ){
      db_rollback();
      buf_puts(pErr, "未能取得发文字号，请重试");
      arena_free(ar);
      return -1;
    }
    h.zDocNo = reg_seq_format(ar, h.az[RH_DOCNO_FMT], y, arena_printf(ar, "%lld", (long long)n));
    db_exec("UPDATE report_head SET doc_no=?1, version=version+1 WHERE report_id=?2", "ti",
            h.zDocNo, reportId);
  }
  if( h.az[RH_SIGNER][0]==0 && zSigner && zSigner[0] ){
    h.az[RH_SIGNER] = zSigner;
    db_exec("UPDATE report_head SET signer=?1, version=version+1 WHERE report_id=?2", "ti",
            zSigner, reportId);
  }
  snprintf(zId, sizeof(zId), "%lld", (long long)reportId);
  audit_write(a, "update", "report", zId, zBefore, rpt_head_json(ar, &h));
  db_commit();
  arena_free(ar);
  return 0;
}

int rpt_head_attachments(struct arena *ar, const struct rpt_head *h, const char ***pazName){
  const char *z = h->az[RH_ATTACH] ? h->az[RH_ATTACH] : "";
  int n = 0, nAlloc = 1;
  const char *p;
  const char **az;
  for(p=z; *p; p++) if( *p=='\n' ) nAlloc++;
  az = arena_alloc(ar, sizeof(char *) * (size_t)(nAlloc+1));
  while( *z ){
    const char *zEnd = strchr(z, '\n');
    size_t k = zEnd ? (size_t)(zEnd - z) : strlen(z);
    char *zLine = arena_strndup(ar, z, k);
    char *zT = zLine;
    size_t m;
    while( *zT==' ' || *zT=='\t' || *zT=='\r' ) zT++;
    m = strlen(zT);
    while( m>0 && (zT[m-1]==' ' || zT[m-1]=='\t' || zT[m-1]=='\r') ) zT[--m] = 0;
    if( zT[0] ) az[n++] = zT;
    z += k + (zEnd ? 1 : 0);
  }
  *pazName = az;
  return n;
}

void rpt_head_doc(struct arena *ar, struct doc *d, const struct rpt_head *h, int iDocDate,
                  const char *const *azMore, int nMore){
  const char **azName;
  int i, n = rpt_head_attachments(ar, h, &azName), iPrint = iDocDate;
  doc_head(d, h->az[RH_MARK], rpt_head_docno(ar, h, iDocDate), h->az[RH_SIGNER]);
  if( h->az[RH_RECIPIENT][0] ) doc_recipient(d, h->az[RH_RECIPIENT]);
  for(i=0; i<n; i++) doc_attachment(d, azName[i]);
  for(i=0; i<nMore; i++) doc_attachment(d, azMore[i]);
  doc_sealed(d, !str_eq(h->az[RH_SEALED], "0"));
  doc_note(d, h->az[RH_CONTACT]);
  if( h->az[RH_PRINT_DATE][0] ) date_parse(h->az[RH_PRINT_DATE], &iPrint);
  doc_record(d, h->az[RH_CC], h->az[RH_PRINTER], iPrint);
}

const char *rpt_public_url(struct arena *ar){
  const char *zSet = setting_text(ar, "public.address");
  char *z = arena_strdup(ar, zSet && zSet[0] ? zSet : "http://127.0.0.1:8080");
  size_t n = strlen(z);
  while( n>0 && z[n-1]=='/' ) z[--n] = 0;
  return z;
}
