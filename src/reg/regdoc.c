/*
** regdoc.c -- a register's written documents by declaration (regdoc.h):
** the wording from a data file the bureau can override, filled from the
** record and its children, written in the official layout.
*/
#include "../common.h"
#include "../base/arena.h"
#include "../base/buf.h"
#include "../base/date.h"
#include "../base/embed.h"
#include "../base/fmt.h"
#include "../base/util.h"
#include "../office/doc.h"
#include "../web/api.h"
#include "../web/html.h"
#include "../web/req.h"
#include "../core/app.h"
#include "../core/cli.h"
#include "internal.h"
#include "regdoc.h"

/* The declarations, installed once at start-up. */
static const struct reg_docs *const *apDocs;

void reg_docs_set(const struct reg_docs *const *ap){
  apDocs = ap;
}

const struct reg_docs *reg_docs_of(const struct reg_def *d){
  const struct reg_docs *const *p;
  for(p=apDocs; d && p && *p; p++) if( str_eq((*p)->zReg, d->zName) ) return *p;
  return 0;
}

/* The kind zKind of ds, or NULL. */
static const struct reg_doc_kind *rd_kind(const struct reg_docs *ds, const char *zKind){
  int i;
  for(i=0; zKind && i<ds->nKind; i++) if( str_eq(ds->aKind[i].zKind, zKind) ) return &ds->aKind[i];
  return 0;
}

/* Copy the lines of kind zKind out of the wording text z (n bytes) into
** pOut without the kind column; returns how many. */
static int rd_pick(const char *z, size_t n, const char *zKind, struct buf *pOut){
  size_t nKind = strlen(zKind), at = 0;
  int nLine = 0;
  while( at<n ){
    const char *zLine = z + at;
    const char *zNl = memchr(zLine, '\n', n - at);
    size_t len = zNl ? (size_t)(zNl - zLine) : n - at;
    at += len + 1;
    if( len && zLine[len-1]=='\r' ) len--;
    if( len<=nKind || zLine[nKind]!='\t' || strncmp(zLine, zKind, nKind)!=0 ) continue;
    buf_append(pOut, zLine + nKind + 1, len - nKind - 1);
    buf_putc(pOut, '\n');
    nLine++;
  }
  return nLine;
}

/* The bureau's own wording file zPath into pOut (at most 1 MB): 0, or -1
** when there is none. */
static int rd_own_file(const char *zPath, struct buf *pOut){
  FILE *f = fopen(zPath, "rb");
  char aChunk[4096];
  size_t k;
  if( f==0 ) return -1;
  while( pOut->len<(1u<<20) && (k = fread(aChunk, 1, sizeof(aChunk), f))>0 ) buf_append(pOut, aChunk, k);
  fclose(f);
  return 0;
}

int reg_doc_wording(const struct reg_docs *ds, const char *zKind, struct buf *pOut){
  const struct embed_file *pEmb = embed_find(ds->zData);
  struct buf file = BUF_INIT;
  int n = 0;
  if( ds->zOverride ){
    char *zPath = fmt_dup("%s/%s", app.zDataDir, ds->zOverride);
    if( rd_own_file(zPath, &file)==0 ) n = rd_pick(file.buf ? file.buf : "", file.len, zKind, pOut);
    free(zPath);
    buf_release(&file);
  }
  if( n==0 && pEmb ) n = rd_pick((const char *)pEmb->aData, (size_t)pEmb->nData, zKind, pOut);
  return n;
}

/* Field zName of pRec (register d) as actor a reads it, dates in
** Chinese; *pbKnown false when d has no such field. */
static const char *rd_field(struct arena *ar, const struct reg_def *d, const struct actor *a,
                            const struct reg_rec *pRec, const char *zName, bool *pbKnown){
  int i = reg_field_index(d, zName), day;
  char zCn[32];
  const char *z;
  *pbKnown = i>=0;
  if( i<0 ) return 0;
  z = pRec->az[i];
  if( d->aField[i].eType==REG_DATE ){
    if( z==0 || date_parse(z, &day) ) return "    年  月  日";
    return arena_strdup(ar, doc_date_cn(day, zCn));
  }
  if( z==0 ) return "";
  if( d->aField[i].eType==REG_BOOL ) return str_eq(z, "1") ? "是" : "否";
  return reg_display(ar, d, i, a, z);
}

char *reg_doc_fill(struct arena *ar, const struct reg_def *d, const struct actor *a,
                   const struct reg_rec *pRec, const struct reg_def *dKid,
                   const struct reg_rec *pKid, const char *zText){
  const struct reg_docs *ds = reg_docs_of(d);
  struct buf b = BUF_INIT;
  const char *z = zText;
  char *zOut;
  for(;;){
    const char *zA = strstr(z, "{{"), *zB = zA ? strstr(zA + 2, "}}") : 0;
    const char *zVal = 0;
    char *zName;
    bool bKnown = false;
    if( zB==0 ){
      buf_puts(&b, z);
      break;
    }
    buf_append(&b, z, (size_t)(zA - z));
    zName = arena_strndup(ar, zA + 2, (size_t)(zB - zA - 2));
    if( pKid ) zVal = rd_field(ar, dKid, a, pKid, zName, &bKnown);
    if( !bKnown && ds && ds->xValue ){
      zVal = ds->xValue(ar, pRec, zName);
      bKnown = zVal!=0;
    }
    if( !bKnown ) zVal = rd_field(ar, d, a, pRec, zName, &bKnown);
    if( bKnown ) buf_puts(&b, zVal ? zVal : "");
    else buf_appendf(&b, "{{%s}}", zName);       /* a name nobody knows stays visible */
    z = zB + 2;
  }
  zOut = arena_strdup(ar, b.buf ? b.buf : "");
  buf_release(&b);
  return zOut;
}

/* Split z at each "|" into at most nMax cells (in ar); returns the count. */
static int rd_cells(struct arena *ar, const char *z, const char **az, int nMax){
  int n = 0;
  while( n<nMax ){
    const char *e = strchr(z, '|');
    az[n++] = arena_strndup(ar, z, e ? (size_t)(e - z) : strlen(z));
    if( e==0 ) break;
    z = e + 1;
  }
  return n;
}

/* Why document k cannot be written for pRec yet (NULL: it can); *pbHide
** set when the kind does not apply to the record at all. */
static const char *rd_not_ready(struct arena *ar, const struct reg_def *d,
                                const struct reg_docs *ds, const struct reg_doc_kind *k,
                                const struct reg_rec *pRec, bool *pbHide){
  int i;
  *pbHide = false;
  if( pRec->zVoidReason ) return "该记录已作废";
  for(i=0; k->azNeed && k->azNeed[i]; i++){
    int f = reg_field_index(d, k->azNeed[i]);
    if( f>=0 && pRec->az[f]==0 ) return k->zNotYet ? k->zNotYet : d->aField[f].zLabel;
  }
  return ds->xNotReady ? ds->xNotReady(ar, pRec, k->zKind, pbHide) : 0;
}

/* One line of the wording ("part\ttext") into the document: pTab is the
** table "row" and "each" lines go to (made on first use for "row"). */
static void rd_line(struct doc *doc, const struct reg_def *d, const struct actor *a,
                    const struct reg_rec *pRec, struct arena *ar, char *zLine,
                    struct doc_table **ppTab, const char **pzIssuer){
  char *zText = strchr(zLine, '\t');
  const char *az[DOC_MAX_COLS];
  int n;
  if( zText==0 ) return;
  *zText++ = 0;
  if( str_eq(zLine, "title") ){
    doc_title(doc, reg_doc_fill(ar, d, a, pRec, 0, 0, zText));
  }else if( str_eq(zLine, "to") ){
    doc_recipient(doc, reg_doc_fill(ar, d, a, pRec, 0, 0, zText));
  }else if( str_eq(zLine, "sign") ){
    *pzIssuer = reg_doc_fill(ar, d, a, pRec, 0, 0, zText);
  }else if( str_eq(zLine, "table") ){
    n = rd_cells(ar, reg_doc_fill(ar, d, a, pRec, 0, 0, zText), az, DOC_MAX_COLS);
    *ppTab = doc_table(doc, n, az, 0);
  }else if( str_eq(zLine, "row") ){
    char *zFill = reg_doc_fill(ar, d, a, pRec, 0, 0, zText), *zColon = strstr(zFill, "：");
    if( *ppTab==0 || (*ppTab)->nCol!=2 ){
      static const char *const azHead[] = { "项目", "内容" };
      static const int aW[] = { 3, 9 };
      *ppTab = doc_table(doc, 2, azHead, aW);
    }
    az[0] = zFill;
    az[1] = "";
    if( zColon ){
      *zColon = 0;
      az[1] = zColon + strlen("：");
    }
    doc_table_row(*ppTab, az);
  }else if( str_eq(zLine, "each") && *ppTab ){
    /* "child|cell|cell": a row per child row */
    const struct reg_child *ch;
    struct reg_rec *aKid;
    int i, j, nKid = 0;
    n = rd_cells(ar, zText, az, DOC_MAX_COLS);
    ch = n>1 ? reg_child_find(d, az[0]) : 0;
    if( ch==0 ) return;
    reg_children(d, pRec->id, az[0], ar, &aKid, &nKid);
    for(i=0; i<nKid; i++){
      const char *azRow[DOC_MAX_COLS];
      for(j=0; j<(*ppTab)->nCol; j++){
        azRow[j] = j+1<n ? reg_doc_fill(ar, d, a, pRec, ch->pDef, &aKid[i], az[j+1]) : "";
      }
      doc_table_row(*ppTab, azRow);
    }
  }else{
    doc_para(doc, reg_doc_fill(ar, d, a, pRec, 0, 0, zText));
  }
}

int reg_doc_write(const struct reg_def *d, const struct actor *a, i64 id, const char *zKind,
                  const char *zFormat, struct buf *pOut, struct reg_err *e){
  const struct reg_docs *ds = reg_docs_of(d);
  const struct reg_doc_kind *k = ds ? rd_kind(ds, zKind) : 0;
  struct arena *ar = e->ar;
  struct doc_table *pTab = 0;
  struct buf words = BUF_INIT, err = BUF_INIT;
  const char *zWhy, *zIssuer;
  struct reg_rec rec;
  struct doc *doc;
  char *p;
  bool bHide;
  int rc, day = 0;
  if( k==0 ){
    struct buf all = BUF_INIT;
    int i;
    for(i=0; ds && i<ds->nKind; i++) buf_appendf(&all, "%s%s %s", i ? "，" : "", ds->aKind[i].zKind,
                                                  ds->aKind[i].zName);
    reg_err_add(e, REG_EINVALID, "kind", "文书种类应为：%s", all.buf ? all.buf : "（无）");
    buf_release(&all);
    return -1;
  }
  if( !str_eq(zFormat, "docx") && !str_eq(zFormat, "pdf") ){
    reg_err_add(e, REG_EINVALID, "format", "格式应为 docx 或 pdf");
    return -1;
  }
  if( reg_get(d, a, id, ar, &rec, e) ) return -1;
  if( (zWhy = rd_not_ready(ar, d, ds, k, &rec, &bHide))!=0 ){
    reg_err_add(e, REG_ECONFLICT, "kind", "还不能出具%s：%s", k->zName, zWhy);
    return -1;
  }
  zIssuer = ds->xIssuer ? ds->xIssuer(ar, &rec) : 0;
  doc = doc_new(false);
  if( reg_doc_wording(ds, k->zKind, &words)==0 ) doc_title(doc, k->zName);
  for(p=words.buf; p && *p; ){
    char *zNl = strchr(p, '\n');
    if( zNl ) *zNl = 0;
    rd_line(doc, d, a, &rec, ar, p, &pTab, &zIssuer);
    p = zNl ? zNl + 1 : p + strlen(p);
  }
  buf_release(&words);
  if( k->zDayField ){
    int f = reg_field_index(d, k->zDayField);
    if( f>=0 && rec.az[f] ) date_parse(rec.az[f], &day);
  }
  if( zIssuer ) doc_sign(doc, zIssuer, day ? day : date_today());
  doc_props(doc, k->zName, zIssuer, time_now());
  rc = app_doc_bytes(doc, str_eq(zFormat, "pdf"), pOut, &err);
  doc_free(doc);
  if( rc ) reg_err_add(e, REG_EINVALID, "format", "%s", err.buf ? err.buf : "生成文书失败");
  buf_release(&err);
  return rc;
}

/* ---- web, API, command ---- */

/* GET [/api/v1]/<seg>/:id/documents/:kind?format=docx|pdf. */
static void rd_send(struct req *r, bool bApi){
  const struct reg_def *d = reg_of_req(r);
  const struct reg_docs *ds = reg_docs_of(d);
  const char *zKind = r->azPathArg[1], *zFormat = req_param_trim(r, "format");
  const struct reg_doc_kind *k = ds ? rd_kind(ds, zKind) : 0;
  struct actor a;
  struct reg_err e;
  struct reg_rec rec;
  i64 id = 0;
  actor_from_req(&a, r);
  reg_err_init(&e, r->arena);
  if( zFormat==0 ) zFormat = "docx";
  if( d==0 || ds==0 || str_to_i64(r->azPathArg[0], 1, INT64_MAX, &id) ){
    reg_err_add(&e, REG_ENOTFOUND, "id", "记录不存在或不在您的管理范围内");
  }else if( reg_doc_write(d, &a, id, zKind, zFormat, &r->out, &e)==0 ){
    const char *zNo = "";
    if( reg_get(d, &a, id, r->arena, &rec, &e)==0 && rec.az[reg_title_index(d)] ){
      zNo = rec.az[reg_title_index(d)];
    }
    req_attachment(r, zFormat, arena_printf(r->arena, "%s-%lld-%s", d->zName, (long long)id, zKind),
                   arena_printf(r->arena, "%s%s", zNo, k->zName));
    return;
  }
  buf_reset(&r->out);
  if( bApi ) reg_api_error(r, &e);
  else html_error_page(r, reg_err_status(e.eKind), reg_err_text(&e));
}

void reg_doc_page(struct req *r){
  rd_send(r, false);
}

void reg_doc_api(struct req *r){
  rd_send(r, true);
}

void reg_doc_routes(const struct reg_def *d, struct reg_route *a, int *pn){
  static const char *const azMethod[] = { "GET", "GET" };
  int i;
  if( reg_docs_of(d)==0 ) return;
  for(i=0; i<2; i++){
    if( *pn>=REG_NROUTE ) fatal("reg: more than %d routes for %s", REG_NROUTE, d->zName);
    a[*pn].zMethod = azMethod[i];
    a[*pn].zPath = i==0 ? fmt_dup("/%s/:id/documents/:kind", d->zSeg)
                        : fmt_dup("/api/v1/%s/:id/documents/:kind", d->zSeg);
    a[*pn].xHandler = i==0 ? reg_doc_page : reg_doc_api;
    a[*pn].mRoles = d->mRead;
    a[*pn].mFlags = RR_LONG;
    (*pn)++;
  }
}

void reg_doc_links(struct req *r, const struct reg_def *d, const struct reg_rec *pRec){
  const struct reg_docs *ds = reg_docs_of(d);
  int i;
  if( ds==0 || pRec->zVoidReason ) return;
  H(r, "<h2>文书</h2>\n<ul class='docs'>");
  for(i=0; i<ds->nKind; i++){
    const struct reg_doc_kind *k = &ds->aKind[i];
    bool bHide;
    const char *zWhy = rd_not_ready(r->arena, d, ds, k, pRec, &bHide);
    if( bHide ) continue;
    if( zWhy ){
      H(r, "<li>%h <span class='muted'>（%h）</span></li>", k->zName, zWhy);
      continue;
    }
    H(r, "<li>%h <a class='btn' href='/%t/%lld/documents/%t?format=docx'>Word</a> "
         "<a class='btn' href='/%t/%lld/documents/%t?format=pdf'>PDF</a></li>", k->zName,
      d->zSeg, (long long)pRec->id, k->zKind, d->zSeg, (long long)pRec->id, k->zKind);
  }
  H(r, "</ul>\n");
}

int reg_doc_cmd(const struct reg_def *d, int argc, char **argv){
  const struct reg_docs *ds = reg_docs_of(d);
  const char *zKind = cli_option(&argc, argv, "--kind");
  const char *zFormat = cli_option(&argc, argv, "--format");
  const char *zOut = cli_option(&argc, argv, "-o");
  struct buf use = BUF_INIT, out = BUF_INIT;
  struct arena *ar;
  struct reg_err e;
  struct actor a;
  i64 id;
  int i, rc;
  buf_appendf(&use, "用法: fazhi %s document ID --kind 文书 [--format docx|pdf] [-o FILE]\n"
              "出具%s的文书（公文格式）：", d->zCmd, d->zTitle);
  for(i=0; ds && i<ds->nKind; i++) buf_appendf(&use, "%s%s %s", i ? "，" : "", ds->aKind[i].zKind,
                                                ds->aKind[i].zName);
  buf_appendf(&use, "。\n措辞取自 %s；数据目录中的 %s 可按文书替换。\n", ds ? ds->zData : "",
              ds && ds->zOverride ? ds->zOverride : "");
  for(i=1; i<argc; i++){
    if( str_eq(argv[i], "--help") || str_eq(argv[i], "-h") ){
      printf("%s", use.buf);
      buf_release(&use);
      return 0;
    }
  }
  rc = cli_finish(argc, argv, 1, 1, use.buf);
  if( rc==0 && str_to_i64(argv[1], 1, INT64_MAX, &id) ){
    fprintf(stderr, "fazhi: 编号应为正整数\n");
    rc = 2;
  }else if( rc==0 && zKind==0 ){
    rc = cli_usage(use.buf);
  }
  buf_release(&use);
  if( rc ) return 2;
  if( cli_open() ) return 1;
  actor_cli(&a);
  ar = arena_new();
  reg_err_init(&e, ar);
  if( reg_doc_write(d, &a, id, zKind, zFormat ? zFormat : "docx", &out, &e) ){
    fprintf(stderr, "fazhi: %s\n", reg_err_text(&e));
    rc = reg_err_exit(e.eKind);
  }else{
    rc = cli_write_file(zOut, &out);
  }
  buf_release(&out);
  arena_free(ar);
  return rc;
}
