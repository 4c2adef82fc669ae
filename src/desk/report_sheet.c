/*
** report_sheet.c -- the 数据底稿 of the annual report (report_doc.h): the
** working paper that goes with the sign-off, not with the report.  Per
** figure the report uses: its value, numerator and denominator for a rate,
** last year's value, the responsible 股室 (data/report/owners.tsv), its
** definition, and each record counted and, for a rate, each member
** missing -- linked in HTML by absolute addresses (setting
** public.address, so the file works away from the server), numbered in
** DOCX, PDF and Markdown.
*/
#include "../common.h"
#include <jansson.h>
#include "../base/arena.h"
#include "../base/buf.h"
#include "../base/date.h"
#include "../base/embed.h"
#include "../base/fmt.h"
#include "../base/util.h"
#include "../core/app.h"
#include "../office/doc.h"
#include "../reg/figure.h"
#include "../reg/reg.h"
#include "../store/db.h"
#include "report.h"
#include "report_doc.h"

/* One figure of the sheet, evaluated. */
struct sfig {
  const struct rpt_sheet_fig *in;
  const struct figure *f;
  struct fig_result res;
  bool bEval;                 /* res holds the live evaluation */
  const char *zLast;          /* last year's value, or "—" */
  const char *zOwner;         /* 责任股室 */
};

/* The 股室 responsible for figure zKey (the longest prefix in
** data/report/owners.tsv; 法规股 when none matches), in ar. */
static const char *sheet_owner(struct arena *ar, const char *zKey){
  const struct embed_file *e = embed_find("data/report/owners.tsv");
  const char *z = e ? (const char *)e->aData : "";
  const char *zBest = "法规股";
  size_t nBest = 0;
  while( *z ){
    const char *zEnd = strchr(z, '\n');
    size_t n = zEnd ? (size_t)(zEnd - z) : strlen(z);
    const char *zTab = memchr(z, '\t', n);
    if( z[0]!='#' && zTab ){
      size_t k = (size_t)(zTab - z);
      if( k>nBest && strncmp(zKey, z, k)==0 ){
        nBest = k;
        zBest = arena_strndup(ar, zTab+1, n - k - 1);
      }
    }
    z += n + (zEnd ? 1 : 0);
  }
  return zBest;
}

/* Last year's value of figure zKey for the sheet: the text frozen in the
** previous year's approved report of the unit, else the figure evaluated
** over the whole previous year; "—" when unknown. */
static const char *sheet_last(struct arena *ar, const struct rpt_sheet *sh, const struct sfig *g){
  char *zFig = db_text(ar, 0, "SELECT figures FROM report WHERE org_id=?1 AND year=?2"
                              " AND state IN ('approved','sent','published')"
                              " ORDER BY rev DESC LIMIT 1", "id", sh->unitId, sh->year-1);
  if( zFig ){
    json_t *p = json_loads(zFig, 0, 0);
    json_t *o = p ? json_object_get(p, g->in->zKey) : 0;
    const char *zOut = 0;
    if( o && json_is_true(json_object_get(o, "known")) ){
      const char *z = json_string_value(json_object_get(o, "text"));
      if( z ) zOut = arena_strdup(ar, z);
    }
    if( p ) json_decref(p);
    if( zOut ) return zOut;
  }
  if( g->f ){
    struct fig_scope s;
    struct fig_result res;
    memset(&res, 0, sizeof(res));
    fig_scope_init(&s, ar, sh->year-1, date_from_ymd(sh->year-1, 12, 31), sh->zLike);
    figure_eval(g->f, &s, ar, &res);
    if( res.bKnown ) return figure_format(ar, g->f, &res);
  }
  return "—";
}

/* Evaluate the sheet's figures. */
static struct sfig *sheet_eval(struct arena *ar, const struct rpt_sheet *sh){
  struct sfig *a = arena_alloc(ar, sizeof(*a) * (size_t)(sh->nFig+1));
  struct fig_scope s;
  int i;
  fig_scope_init(&s, ar, sh->year, sh->iAsOf, sh->zLike);
  for(i=0; i<sh->nFig; i++){
    struct sfig *g = &a[i];
    memset(g, 0, sizeof(*g));
    g->in = &sh->aFig[i];
    g->f = figure_find(g->in->zKey);
    if( g->f ){
      figure_eval(g->f, &s, ar, &g->res);
      g->bEval = true;
    }
    g->zLast = sheet_last(ar, sh, g);
    g->zOwner = sheet_owner(ar, g->in->zKey);
  }
  return a;
}

/* The value as the report states it (the report's own text when given). */
static const char *sheet_value(const struct sfig *g){
  if( !g->in->bKnown ) return "待补充";
  return g->in->zValue ? g->in->zValue : "";
}

/* "分子 137 / 分母 138" for a rate, or NULL. */
static const char *sheet_ratio(struct arena *ar, const struct sfig *g){
  if( !g->bEval || !g->res.bKnown || g->res.nDen<=0 ) return 0;
  return arena_printf(ar, "%d / %d", g->res.nNum, g->res.nDen);
}

/* The address of record id of figure g (absolute, under zBase), or NULL
** when the kernel knows no page for it. */
static const char *sheet_rec_url(struct arena *ar, const char *zBase, const struct sfig *g, i64 id){
  const struct reg_def *d;
  if( g->f==0 || g->f->zEntity==0 || id<=0 ) return 0;
  d = reg_find(g->f->zEntity);
  if( d==0 || d->zSeg==0 ) return 0;
  return arena_printf(ar, "%s/%s/%lld", zBase, d->zSeg, (long long)id);
}

/* Title of the sheet. */
static const char *sheet_title(struct arena *ar, const struct rpt_sheet *sh){
  return arena_printf(ar, "%s%d年度法治政府建设情况报告数据底稿", sh->zUnit, sh->year);
}

/* The sheet as a stand-alone HTML file. */
static void sheet_html(struct arena *ar, const struct rpt_sheet *sh, struct sfig *a, struct buf *pOut){
  const char *zBase = rpt_public_url(ar);
  char zD[32];
  int i, k;
  buf_appendf(pOut, "<!DOCTYPE html>\n<html lang='zh-CN'><head><meta charset='utf-8'>"
                    "<title>%h</title><style>"
                    "body{font-family:'Noto Sans CJK SC','Microsoft YaHei',sans-serif;max-width:1100px;"
                    "margin:2em auto;padding:0 1em;line-height:1.6}"
                    "table{border-collapse:collapse;width:100%%;margin:.5em 0}"
                    "th,td{border:1px solid #999;padding:.25em .5em;text-align:left;vertical-align:top}"
                    "th{background:#f2f2f2;white-space:nowrap}.miss{color:#b00}.gap{color:#b00}"
                    "ol{margin:.2em 0 .8em 1.5em;padding:0}h2{font-size:1.1em;margin-top:1.5em}"
                    "</style></head><body>\n", sheet_title(ar, sh));
  buf_appendf(pOut, "<h1>%h</h1>\n", sheet_title(ar, sh));
  buf_appendf(pOut, "<p>报告：<a href='%a/reports?year=%d&amp;org=%lld'>%h</a>（%h）。"
                    "数据截至%h；本底稿随审签使用，不随报告报送。</p>\n",
              zBase, sh->year, (long long)sh->unitId, sh->zTitle, sh->zVersion,
              doc_date_cn(sh->iAsOf, zD));
  buf_appendf(pOut, "<table><thead><tr><th>序号</th><th>数据项</th><th>数值</th><th>分子/分母</th>"
                    "<th>上年</th><th>责任股室</th></tr></thead><tbody>\n");
  for(i=0; i<sh->nFig; i++){
    struct sfig *g = &a[i];
    const char *zR = sheet_ratio(ar, g);
    buf_appendf(pOut, "<tr><td>%d</td><td><a href='#f%d'>%h</a></td><td%s>%h</td><td>%h</td>"
                      "<td>%h</td><td>%h</td></tr>\n", i+1, i+1, g->in->zLabel,
                g->in->bKnown ? "" : " class='gap'", sheet_value(g), zR ? zR : "—", g->zLast,
                g->zOwner);
  }
  buf_appendf(pOut, "</tbody></table>\n");
  for(i=0; i<sh->nFig; i++){
    struct sfig *g = &a[i];
    const char *zR = sheet_ratio(ar, g);
    buf_appendf(pOut, "<h2 id='f%d'>%d. %h</h2>\n<table>", i+1, i+1, g->in->zLabel);
    buf_appendf(pOut, "<tr><th>数值</th><td>%h</td></tr>", sheet_value(g));
    if( zR ) buf_appendf(pOut, "<tr><th>分子/分母</th><td>%h</td></tr>", zR);
    buf_appendf(pOut, "<tr><th>上年</th><td>%h</td></tr><tr><th>责任股室</th><td>%h</td></tr>",
                g->zLast, g->zOwner);
    if( g->f && g->f->zDef ) buf_appendf(pOut, "<tr><th>口径</th><td>%h</td></tr>", g->f->zDef);
    if( g->in->zNote && g->in->zNote[0] ) buf_appendf(pOut, "<tr><th>说明</th><td>%h</td></tr>", g->in->zNote);
    if( g->f ){
      buf_appendf(pOut, "<tr><th>记录</th><td><a href='%a/figures/%t?year=%d&amp;as_of=%t&amp;org=%lld'>"
                        "在系统中查看</a></td></tr>", zBase, g->in->zKey, sh->year, sh->zAsOf,
                  (long long)sh->unitId);
    }else{
      buf_appendf(pOut, "<tr><th>记录</th><td class='gap'>本系统尚无此项数据的记录</td></tr>");
    }
    buf_appendf(pOut, "</table>\n");
    if( g->bEval && g->res.n ){
      buf_appendf(pOut, "<p>计入的记录（%d条）：</p><ol>", g->res.n);
      for(k=0; k<g->res.n; k++){
        const char *zU = g->res.aId ? sheet_rec_url(ar, zBase, g, g->res.aId[k]) : 0;
        const char *zL = g->res.azLabel && g->res.azLabel[k] ? g->res.azLabel[k] : "";
        const char *zDt = g->res.azDetail && g->res.azDetail[k] ? g->res.azDetail[k] : 0;
        if( zU ) buf_appendf(pOut, "<li><a href='%a'>%h</a>", zU, zL[0] ? zL : "记录");
        else buf_appendf(pOut, "<li>%h", zL);
        if( zDt && zDt[0] ) buf_appendf(pOut, "（%h）", zDt);
        buf_appendf(pOut, "</li>");
      }
      buf_appendf(pOut, "</ol>\n");
    }
    if( g->bEval && g->res.nMiss ){
      buf_appendf(pOut, "<p class='miss'>未计入的对象（%d个）：</p><ol class='miss'>", g->res.nMiss);
      for(k=0; k<g->res.nMiss; k++){
        const char *zU = g->res.aMissId ? sheet_rec_url(ar, zBase, g, g->res.aMissId[k]) : 0;
        const char *zL = g->res.azMissLabel && g->res.azMissLabel[k] ? g->res.azMissLabel[k] : "";
        const char *zDt = g->res.azMissDetail && g->res.azMissDetail[k] ? g->res.azMissDetail[k] : 0;
        if( zU ) buf_appendf(pOut, "<li><a href='%a'>%h</a>", zU, zL[0] ? zL : "记录");
        else buf_appendf(pOut, "<li>%h", zL);
        if( zDt && zDt[0] ) buf_appendf(pOut, "（%h）", zDt);
        buf_appendf(pOut, "</li>");
      }
      buf_appendf(pOut, "</ol>\n");
    }
  }
  buf_appendf(pOut, "</body></html>\n");
}

/* The records of g (bMiss: the members missing) as one numbered run of
** text, "1.名称（编号12）；2.…", in ar; "" for none. */
static const char *sheet_rec_text(struct arena *ar, const struct sfig *g, bool bMiss){
  struct buf b = BUF_INIT;
  int n = bMiss ? g->res.nMiss : g->res.n, k;
  const char *z;
  for(k=0; k<n; k++){
    const i64 *aId = bMiss ? g->res.aMissId : g->res.aId;
    const char **azL = bMiss ? g->res.azMissLabel : g->res.azLabel;
    const char **azD = bMiss ? g->res.azMissDetail : g->res.azDetail;
    const char *zL = azL && azL[k] ? azL[k] : "";
    const char *zDt = azD && azD[k] ? azD[k] : "";
    buf_appendf(&b, "%s%d.%s", k ? "；" : "", k+1, zL);
    if( zDt[0] || (aId && aId[k]) ){
      buf_puts(&b, "（");
      if( zDt[0] ) buf_puts(&b, zDt);
      if( aId && aId[k] ) buf_appendf(&b, "%s编号%lld", zDt[0] ? "，" : "", (long long)aId[k]);
      buf_puts(&b, "）");
    }
  }
  if( n ) buf_puts(&b, "。");
  z = arena_strdup(ar, b.len ? b.buf : "");
  buf_release(&b);
  return z;
}

/* The sheet as a document (DOCX, PDF). */
static struct doc *sheet_doc(struct arena *ar, const struct rpt_sheet *sh, struct sfig *a){
  static const char *const azH[] = { "序号", "数据项", "数值", "分子/分母", "上年", "责任股室" };
  struct doc *d = doc_new(false);
  struct doc_table *t;
  char zD[32];
  int i;
  doc_title(d, sheet_title(ar, sh));
  doc_para(d, arena_printf(ar, "报告：%s（%s）。数据截至%s。本底稿随审签使用，不随报告报送；"
                               "记录后括号中的编号是其在本系统中的编号。", sh->zTitle, sh->zVersion,
                           doc_date_cn(sh->iAsOf, zD)));
  t = doc_table(d, 6, azH, 0);
  for(i=0; i<sh->nFig; i++){
    struct sfig *g = &a[i];
    const char *zR = sheet_ratio(ar, g);
    const char *az[6];
    az[0] = arena_printf(ar, "%d", i+1);
    az[1] = g->in->zLabel;
    az[2] = sheet_value(g);
    az[3] = zR ? zR : "—";
    az[4] = g->zLast;
    az[5] = g->zOwner;
    doc_table_row(t, az);
  }
  for(i=0; i<sh->nFig; i++){
    struct sfig *g = &a[i];
    const char *zR = sheet_ratio(ar, g);
    doc_heading(d, 2, arena_printf(ar, "（%d）%s", i+1, g->in->zLabel));
    doc_para(d, arena_printf(ar, "数值：%s%s%s；上年：%s；责任股室：%s。", sheet_value(g),
                             zR ? "，分子/分母 " : "", zR ? zR : "", g->zLast, g->zOwner));
    if( g->f && g->f->zDef ) doc_para(d, arena_printf(ar, "口径：%s", g->f->zDef));
    else if( !g->f ) doc_para(d, "本系统尚无此项数据的记录。");
    if( g->in->zNote && g->in->zNote[0] ) doc_para(d, arena_printf(ar, "说明：%s", g->in->zNote));
    if( g->bEval && g->res.n ){
      doc_para(d, arena_printf(ar, "计入的记录（%d条）：%s", g->res.n, sheet_rec_text(ar, g, false)));
    }
    if( g->bEval && g->res.nMiss ){
      doc_para(d, arena_printf(ar, "未计入的对象（%d个）：%s", g->res.nMiss, sheet_rec_text(ar, g, true)));
    }
  }
  doc_props(d, sheet_title(ar, sh), sh->zUnit, 0);
  return d;
}

/* The sheet as Markdown. */
static void sheet_md(struct arena *ar, const struct rpt_sheet *sh, struct sfig *a, struct buf *pOut){
  char zD[32];
  int i;
  buf_appendf(pOut, "# %s\n\n报告：%s（%s）。数据截至%s。\n\n| 序号 | 数据项 | 数值 | 分子/分母 | 上年 | 责任股室 |\n"
                    "|---|---|---|---|---|---|\n", sheet_title(ar, sh), sh->zTitle, sh->zVersion,
              doc_date_cn(sh->iAsOf, zD));
  for(i=0; i<sh->nFig; i++){
    struct sfig *g = &a[i];
    const char *zR = sheet_ratio(ar, g);
    buf_appendf(pOut, "| %d | %s | %s | %s | %s | %s |\n", i+1, g->in->zLabel, sheet_value(g),
                zR ? zR : "—", g->zLast, g->zOwner);
  }
  for(i=0; i<sh->nFig; i++){
    struct sfig *g = &a[i];
    buf_appendf(pOut, "\n## %d. %s\n\n", i+1, g->in->zLabel);
    if( g->f && g->f->zDef ) buf_appendf(pOut, "口径：%s\n\n", g->f->zDef);
    if( g->in->zNote && g->in->zNote[0] ) buf_appendf(pOut, "说明：%s\n\n", g->in->zNote);
    if( g->bEval && g->res.n ) buf_appendf(pOut, "计入的记录（%d条）：%s\n\n", g->res.n, sheet_rec_text(ar, g, false));
    if( g->bEval && g->res.nMiss ) buf_appendf(pOut, "未计入的对象（%d个）：%s\n\n", g->res.nMiss,
                                              sheet_rec_text(ar, g, true));
  }
}

int rpt_sheet_render(struct arena *ar, const struct rpt_sheet *sh, int eFmt, struct buf *pOut,
                     struct buf *pErr){
  struct sfig *a = sheet_eval(ar, sh);
  int rc = 0;
  if( eFmt==RPT_DOCX || eFmt==RPT_PDF ){
    struct doc *d = sheet_doc(ar, sh, a);
    rc = app_doc_bytes(d, eFmt==RPT_PDF, pOut, pErr);
    doc_free(d);
  }else if( eFmt==RPT_MD ){
    sheet_md(ar, sh, a, pOut);
  }else{
    sheet_html(ar, sh, a, pOut);
  }
  return rc;
}
