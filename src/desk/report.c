/*
** report.c -- the annual 法治政府建设 report (report.h).
**
** A version's text is a list of blocks (title, paragraphs, headings of
** three levels, the 落款) stored in report_block.  A new version starts
** from the previous version of the year, else the previous year's text,
** else the default template (data/report/template.tsv, compiled in).
** Placeholders {{key|label}} render the registry's figure for the unit,
** year and data date, or 【待补充：label】 when no area declares the key or
** its register holds no records; the check lists every such gap.
*/
#include "../common.h"
#include <jansson.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>
#include "../base/arena.h"
#include "../base/buf.h"
#include "../base/date.h"
#include "../base/embed.h"
#include "../base/fmt.h"
#include "../base/json.h"
#include "../base/log.h"
#include "../base/util.h"
#include "../base/value.h"
#include "../core/files.h"
#include "../crypto/sm3.h"
#include "../office/doc.h"
#include "../office/docx.h"
#include "../office/pdf.h"
#include "../reg/figure.h"
#include "../reg/reg.h"
#include "../store/db.h"
#include "../web/api.h"
#include "../web/html.h"
#include "../web/req.h"
#include "../core/app.h"
#include "../core/audit.h"
#include "../core/cli.h"
#include "../core/scope.h"
#include "report.h"
#include "report_doc.h"
#include "report_int.h"
#include "report_label.h"

/* States and their Chinese names. */
static const char *const azState[] = {
  "draft", "草稿", "submitted", "已送审·待审定", "approved", "已审定·待报送",
  "sent", "已报送·待公开", "published", "已公开", 0
};

/* Chinese name of a state code. */
static const char *state_name(const char *z){
  int i;
  for(i=0; azState[i]; i+=2) if( str_eq(z, azState[i]) ) return azState[i+1];
  return z ? z : "";
}

/* True for the states whose text and figures are frozen. */
static bool state_frozen(const char *z){
  return str_eq(z, "approved") || str_eq(z, "sent") || str_eq(z, "published");
}

/* ---- the unit ---- */

i64 report_unit(const struct actor *a, const char *zOrg, struct buf *pErr){
  struct arena *ar = arena_new();
  char *zLike = org_scope_like(ar, a);
  i64 id = 0;
  if( zOrg ){
    i64 n;
    if( str_to_i64(zOrg, 1, INT64_MAX, &n)==0 ){
      id = db_i64(0, "SELECT id FROM org WHERE id=?1 AND path LIKE ?2", "it", n, zLike);
    }else{
      id = db_i64(0, "SELECT id FROM org WHERE name=?1 AND path LIKE ?2 ORDER BY id LIMIT 1",
                  "tt", zOrg, zLike);
    }
    if( id==0 ) buf_appendf(pErr, "单位“%s”不存在或不在您的管理范围内", zOrg);
  }else{
    id = db_i64(0, "SELECT id FROM org WHERE path LIKE ?1 AND kind='bureau'"
                   " ORDER BY length(path), id LIMIT 1", "t", zLike);
    if( id==0 ) id = a->orgId;
    if( id==0 ) id = db_i64(0, "SELECT id FROM org WHERE parent_id IS NULL ORDER BY id LIMIT 1", "");
    if( id==0 ) buf_puts(pErr, "还没有任何机构，请先建立机构名录");
  }
  arena_free(ar);
  return id;
}

/* ---- loading ---- */

/* Read the default template into p's blocks. */
static void rpt_default_blocks(struct rpt *p){
  const struct embed_file *e = embed_find("data/report/template.tsv");
  const char *z = e ? (const char *)e->aData : "";
  int nAlloc = 64;
  p->azKind = arena_alloc(p->ar, sizeof(char *) * (size_t)nAlloc);
  p->azBody = arena_alloc(p->ar, sizeof(char *) * (size_t)nAlloc);
  p->nBlock = 0;
  while( *z ){
    const char *zEnd = strchr(z, '\n');
    size_t n = zEnd ? (size_t)(zEnd - z) : strlen(z);
    const char *zTab = memchr(z, '\t', n);
    if( z[0]!='#' && zTab && p->nBlock<nAlloc ){
      p->azKind[p->nBlock] = arena_strndup(p->ar, z, (size_t)(zTab - z));
      p->azBody[p->nBlock] = arena_strndup(p->ar, zTab+1, n - (size_t)(zTab - z) - 1);
      p->nBlock++;
    }
    z += n + (zEnd ? 1 : 0);
  }
}

/* Read the blocks of stored version id into p. */
static void rpt_stored_blocks(struct rpt *p, i64 id){
  struct stmt q;
  int n = db_int(0, "SELECT count(*) FROM report_block WHERE report_id=?1 AND voided_at IS NULL",
                 "i", id);
  p->azKind = arena_alloc(p->ar, sizeof(char *) * (size_t)(n+1));
  p->azBody = arena_alloc(p->ar, sizeof(char *) * (size_t)(n+1));
  p->nBlock = 0;
  db_prepare(&q, "SELECT kind, body FROM report_block WHERE report_id=?1 AND voided_at IS NULL"
                 " ORDER BY seq");
  db_bind_int64(&q, 1, id);
  while( db_step(&q)==DB_ROW && p->nBlock<n ){
    p->azKind[p->nBlock] = db_column_dup(p->ar, &q, 0);
    p->azBody[p->nBlock] = db_column_dup(p->ar, &q, 1);
    p->nBlock++;
  }
  db_finalize(&q);
}

/* The version to start a new draft of unit's year from: the latest of
** the year, else the latest of an earlier year; 0 for none. */
static i64 rpt_source_id(i64 unitId, int year){
  i64 id = db_i64(0, "SELECT id FROM report WHERE org_id=?1 AND year=?2"
                     " ORDER BY rev DESC LIMIT 1", "id", unitId, year);
  if( id ) return id;
  return db_i64(0, "SELECT id FROM report WHERE org_id=?1 AND year<?2"
                   " ORDER BY year DESC, rev DESC LIMIT 1", "id", unitId, year);
}

/* The default data date of a year's draft: today within the year, else
** the year's last day. */
static int rpt_default_as_of(int year){
  int today = date_today(), end = date_from_ymd(year, 12, 31);
  int y, m, d;
  date_ymd(today, &y, &m, &d);
  return y==year ? today : end;
}

/* Load unit's report for year into a new rpt (free with rpt_free): the
** given version, or the latest; when none is stored, the text a draft
** would start from (id 0). zAsOf overrides a draft's data date. Returns
** NULL with a message when the version does not exist or zAsOf is bad. */
struct rpt *rpt_load(i64 unitId, int year, int version, const char *zAsOf,
                            struct buf *pErr){
  struct rpt *p;
  struct arena *ar = arena_new();
  struct stmt q;
  int iAsOf = 0;
  bool bFound = false;
  if( zAsOf && date_parse(zAsOf, &iAsOf) ){
    buf_appendf(pErr, "数据截至日期“%s”无效，应为 YYYY-MM-DD", zAsOf);
    arena_free(ar);
    return 0;
  }
  p = arena_alloc(ar, sizeof(*p));
  p->ar = ar;
  p->unitId = unitId;
  p->year = year;
  db_prepare(&q,
    "SELECT o.name, o.path FROM org o WHERE o.id=?1");
  db_bind_int64(&q, 1, unitId);
  if( db_step(&q)==DB_ROW ){
    p->zUnit = db_column_dup(ar, &q, 0);
    p->zUnitPath = db_column_dup(ar, &q, 1);
  }
  db_finalize(&q);
  if( p->zUnit==0 ){
    buf_puts(pErr, "单位不存在");
    arena_free(ar);
    return 0;
  }
  p->zLike = arena_printf(ar, "%s%%", p->zUnitPath);
  db_prepare(&q,
    "SELECT id, rev, state, as_of, doc_date, comment, sent_on, published_on,"
    "       approved_by, figures, docx_sm3, pdf_sm3"
    "  FROM report"
    " WHERE org_id=?1 AND year=?2 AND (?3=0 OR rev=?3)"
    " ORDER BY rev DESC LIMIT 1");
  db_bind_int64(&q, 1, unitId);
  db_bind_int64(&q, 2, year);
  db_bind_int64(&q, 3, version);
  if( db_step(&q)==DB_ROW ){
    bFound = true;
    p->id = db_column_int64(&q, 0);
    p->version = (int)db_column_int64(&q, 1);
    db_column_dups(ar, &q, 2, &p->zState, &p->zAsOf, &p->zDocDate, &p->zComment, &p->zSentOn,
                   &p->zPubOn, &p->zApprovedBy, (const char **)0);
    if( !db_column_is_null(&q, 9) ){
      const char *z = db_column_text(&q, 9);
      p->pFrozen = json_loads(z, 0, 0);
    }
    p->zDocxSm3 = db_column_dup(ar, &q, 10);
    p->zPdfSm3 = db_column_dup(ar, &q, 11);
  }
  db_finalize(&q);
  if( !bFound && version>0 ){
    buf_appendf(pErr, "%d年度报告没有第%d版", year, version);
    arena_free(ar);
    return 0;
  }
  if( bFound ){
    rpt_stored_blocks(p, p->id);
  }else{
    i64 src = rpt_source_id(unitId, year);
    p->version = 0;
    p->zState = "draft";
    if( src ) rpt_stored_blocks(p, src); else rpt_default_blocks(p);
  }
  if( !state_frozen(p->zState) ){
    char z[11];
    if( p->pFrozen ){ json_decref(p->pFrozen); p->pFrozen = 0; }
    if( iAsOf ) p->zAsOf = arena_strdup(ar, date_format(iAsOf, z));
    if( p->zAsOf==0 ) p->zAsOf = arena_strdup(ar, date_format(rpt_default_as_of(year), z));
    if( p->zDocDate==0 ){
      /* the 成文日期 is the day the document is written, not the data
      ** cut-off: today, and never before the cut-off */
      int iDoc = date_today();
      date_parse(p->zAsOf, &iAsOf);
      if( iDoc<iAsOf ) iDoc = iAsOf;
      p->zDocDate = arena_strdup(ar, date_format(iDoc, z));
    }
  }
  date_parse(p->zAsOf, &iAsOf);
  fig_scope_init(&p->s, ar, year, iAsOf, p->zLike);
  return p;
}

/* Free p and everything it holds. */
void rpt_free(struct rpt *p){
  if( p==0 ) return;
  if( p->pFrozen ) json_decref(p->pFrozen);
  arena_free(p->ar);
}

/* ---- figures and expansion ---- */

/* The figure zKey used by p (zLabel from the placeholder, may be NULL):
** evaluated once, or read from the frozen figures of an approved version. */
struct rfig *rpt_fig(struct rpt *p, const char *zKey, const char *zLabel){
  struct rfig *g;
  int i;
  for(i=0; i<p->nFig; i++) if( str_eq(p->aFig[i].zKey, zKey) ) return &p->aFig[i];
  if( p->nFig==p->nFigAlloc ){
    int nNew = p->nFigAlloc ? p->nFigAlloc*2 : 16;
    struct rfig *a = arena_alloc(p->ar, sizeof(*a) * (size_t)nNew);
    if( p->nFig ) memcpy(a, p->aFig, sizeof(*a) * (size_t)p->nFig);
    p->aFig = a;
    p->nFigAlloc = nNew;
  }
  g = &p->aFig[p->nFig++];
  memset(g, 0, sizeof(*g));
  g->zKey = arena_strdup(p->ar, zKey);
  g->zLabel = arena_strdup(p->ar, zLabel && zLabel[0] ? zLabel : zKey);
  g->f = figure_find(zKey);
  if( g->f ){
    g->zLabel = g->f->zLabel;
    g->zUnit = g->f->zUnit;
    g->zDef = g->f->zDef;
  }
  if( p->pFrozen ){
    json_t *o = json_object_get(p->pFrozen, zKey);
    if( o ){
      const char *z;
      if( (z = json_string_value(json_object_get(o, "label")))!=0 ) g->zLabel = arena_strdup(p->ar, z);
      if( (z = json_string_value(json_object_get(o, "unit")))!=0 ) g->zUnit = arena_strdup(p->ar, z);
      if( (z = json_string_value(json_object_get(o, "definition")))!=0 ) g->zDef = arena_strdup(p->ar, z);
      g->bKnown = json_is_true(json_object_get(o, "known"));
      if( (z = json_string_value(json_object_get(o, "text")))!=0 ) g->zValue = arena_strdup(p->ar, z);
      g->v = json_number_value(json_object_get(o, "value"));
      g->n = (int)json_integer_value(json_object_get(o, "records"));
      if( json_is_array(json_object_get(o, "items")) ){
        json_t *pA = json_object_get(o, "items");
        size_t k, nI = json_array_size(pA);
        g->azItem = arena_alloc(p->ar, sizeof(char *) * (nI+1));
        g->azItemDetail = arena_alloc(p->ar, sizeof(char *) * (nI+1));
        for(k=0; k<nI && (int)k<g->n; k++){
          json_t *pI = json_array_get(pA, k);
          const char *zL = json_string_value(json_array_get(pI, 0));
          const char *zD = json_string_value(json_array_get(pI, 1));
          g->azItem[k] = zL ? arena_strdup(p->ar, zL) : "";
          g->azItemDetail[k] = zD ? arena_strdup(p->ar, zD) : 0;
        }
      }
      say_fig_thaw(p, g, o);
    }
    return g;
  }
  if( g->f ){
    struct fig_result res;
    figure_eval(g->f, &p->s, p->ar, &res);
    g->bKnown = res.bKnown;
    g->v = res.v;
    g->n = res.n;
    g->aId = res.aId;
    g->azItem = res.azLabel;
    g->azItemDetail = res.azDetail;
    g->zValue = figure_format(p->ar, g->f, &res);
    say_fig_extra(p, g, &res);
  }else{
    say_fig_extra(p, g, 0);       /* a value entered by hand for a key no area declares */
  }
  return g;
}

/* The link to the records behind figure zKey for p. */
static char *rpt_fig_url(struct rpt *p, const char *zKey){
  return arena_printf(p->ar, "/figures/%t?year=%d&as_of=%t&org=%lld", zKey, p->year, p->zAsOf,
                      (long long)p->unitId);
}

/* Expand the placeholders of zBody into pOut: as plain text, or (bHtml)
** as escaped HTML with each figure linking to its records. */
static void rpt_expand(struct rpt *p, const char *zBody, bool bHtml, struct buf *pOut){
  const char *z = zBody;
  while( *z ){
    const char *zOpen = strstr(z, "{{"), *zClose;
    char *zIn, *zBar, *zAlt = 0;
    char zD[32];
    int iDay;
    if( zOpen==0 || (zClose = strstr(zOpen+2, "}}"))==0 ){
      if( bHtml ) buf_appendf(pOut, "%h", z); else buf_puts(pOut, z);
      break;
    }
    if( zOpen>z ){
      char *zText = arena_strndup(p->ar, z, (size_t)(zOpen - z));
      if( bHtml ) buf_appendf(pOut, "%h", zText); else buf_puts(pOut, zText);
    }
    zIn = arena_strndup(p->ar, zOpen+2, (size_t)(zClose - zOpen - 2));
    zBar = strchr(zIn, '|');
    if( zBar ){
      *zBar++ = 0;
      zAlt = strchr(zBar, '|');
      if( zAlt ) *zAlt++ = 0;
    }
    if( str_eq(zIn, "unit") ){
      if( bHtml ) buf_appendf(pOut, "%h", p->zUnit); else buf_puts(pOut, p->zUnit);
    }else if( str_eq(zIn, "year") ){
      buf_appendf(pOut, "%d", p->year);
    }else if( str_eq(zIn, "next_year") ){
      buf_appendf(pOut, "%d", p->year+1);
    }else if( str_eq(zIn, "as_of") ){
      date_parse(p->zAsOf, &iDay);
      buf_puts(pOut, doc_date_cn(iDay, zD));
    }else if( say_date_word(p, zIn) ){
      buf_puts(pOut, say_date_word(p, zIn));
    }else{
      struct rfig *g = rpt_fig(p, zIn, zBar);
      const char *zSaid = rpt_choose(p, g, zAlt);
      if( zSaid==0 ) zSaid = g->zValue;
      if( g->bKnown && bHtml ){
        buf_appendf(pOut, "<a class='fig' href='%a' title='%a：%a条记录'>%h</a>",
                    rpt_fig_url(p, g->zKey), g->zLabel, arena_printf(p->ar, "%d", g->n),
                    zSaid);
        if( g->bManual ) buf_appendf(pOut, "<span class='manual' title='%a'>（人工填报）</span>", g->zSource);
      }else if( g->bKnown ){
        buf_puts(pOut, zSaid);
      }else if( bHtml ){
        buf_appendf(pOut, "<span class='gap'>【待补充：%h】</span>", g->zLabel);
      }else{
        buf_appendf(pOut, "【待补充：%s】", g->zLabel);
      }
    }
    z = zClose + 2;
  }
}

/* The paragraphs of a `list` block: its body names one figure
** ({{task.next|下一年度工作安排}}), and each record the figure counts is a
** numbered paragraph, "1." then its label, then its detail -- part 四 is
** the tasks of the following year in their order, with their text.  A
** figure without records is one gap paragraph.  Plain text: paragraphs
** separated by newlines; HTML: one <p> each. */
static void rpt_list(struct rpt *p, const char *zBody, bool bHtml, int iBlock, struct buf *pOut){
  const char *zOpen = strstr(zBody, "{{"), *zClose = zOpen ? strstr(zOpen, "}}") : 0;
  char *zIn, *zBar;
  struct rfig *g;
  int k;
  if( zOpen==0 || zClose==0 ){
    if( bHtml ) buf_appendf(pOut, "<p class='blk para' id='b%d'>%h</p>", iBlock+1, zBody);
    else buf_puts(pOut, zBody);
    return;
  }
  zIn = arena_strndup(p->ar, zOpen+2, (size_t)(zClose - zOpen - 2));
  zBar = strchr(zIn, '|');
  if( zBar ) *zBar++ = 0;
  g = rpt_fig(p, zIn, zBar);
  g->bList = true;
  if( !g->bKnown || g->azItem==0 || g->n==0 ){
    if( bHtml ){
      buf_appendf(pOut, "<p class='blk para' id='b%d'><span class='gap'>【待补充：%h】</span></p>",
                  iBlock+1, g->zLabel);
    }else{
      buf_appendf(pOut, "【待补充：%s】", g->zLabel);
    }
    return;
  }
  for(k=0; k<g->n; k++){
    const char *zL = g->azItem[k] ? g->azItem[k] : "";
    const char *zD = g->azItemDetail && g->azItemDetail[k] ? g->azItemDetail[k] : "";
    size_t n = strlen(zL);
    bool bStop = n>=3 && (strcmp(zL+n-3, "。")==0 || strcmp(zL+n-3, "；")==0
                          || strcmp(zL+n-3, "！")==0 || strcmp(zL+n-3, "：")==0);
    const char *zPara = arena_printf(p->ar, "%d.%s%s%s", k+1, zL, (bStop || zD[0]==0) ? "" : "。", zD);
    if( bHtml ){
      if( k==0 ) buf_appendf(pOut, "<p class='blk para' id='b%d'>%h</p>", iBlock+1, zPara);
      else buf_appendf(pOut, "<p class='blk para'>%h</p>", zPara);
    }else{
      if( k ) buf_puts(pOut, "\n");
      buf_puts(pOut, zPara);
    }
  }
}

/* Expand every block as plain text (p->azText) and so evaluate every
** figure the text uses. */
void rpt_prepare(struct rpt *p){
  struct buf b = BUF_INIT;
  int i;
  p->azText = arena_alloc(p->ar, sizeof(char *) * (size_t)(p->nBlock+1));
  for(i=0; i<p->nBlock; i++){
    buf_reset(&b);
    if( str_eq(p->azKind[i], "list") ) rpt_list(p, p->azBody[i], false, i, &b);
    else rpt_expand(p, p->azBody[i], false, &b);
    p->azText[i] = arena_strdup(p->ar, b.len ? b.buf : "");
  }
  buf_release(&b);
}

/* The title text (the first title block), or a default. */
static const char *rpt_title(struct rpt *p){
  int i;
  for(i=0; i<p->nBlock; i++) if( str_eq(p->azKind[i], "title") ) return p->azText[i];
  return arena_printf(p->ar, "%s关于%d年度法治政府建设情况的报告", p->zUnit, p->year);
}

/* Number of gaps (figures without a value). */
static int rpt_gaps(struct rpt *p){
  int i, n = 0;
  for(i=0; i<p->nFig; i++) if( !p->aFig[i].bKnown ) n++;
  return n;
}

/* The frozen figures of p as JSON (for the report row), in p's arena. */
static char *rpt_figures_json(struct rpt *p){
  struct buf b = BUF_INIT;
  struct json_w j;
  char *z;
  int i, k;
  json_init(&j, &b);
  json_obj_open(&j, 0);
  for(i=0; i<p->nFig; i++){
    struct rfig *g = &p->aFig[i];
    json_obj_open(&j, g->zKey);
    json_str(&j, "label", g->zLabel);
    json_str(&j, "unit", g->zUnit);
    json_str(&j, "definition", g->zDef);
    json_bool(&j, "known", g->bKnown);
    json_str(&j, "text", g->zValue);
    json_double(&j, "value", g->v);
    json_int(&j, "records", g->n);
    json_arr_open(&j, "ids");
    for(k=0; g->aId && k<g->n; k++) json_int(&j, 0, g->aId[k]);
    json_arr_close(&j);
    if( g->bList && g->azItem ){
      json_arr_open(&j, "items");
      for(k=0; k<g->n; k++){
        json_arr_open(&j, 0);
        json_str(&j, 0, g->azItem[k]);
        json_str(&j, 0, g->azItemDetail ? g->azItemDetail[k] : 0);
        json_arr_close(&j);
      }
      json_arr_close(&j);
    }
    say_fig_freeze(&j, g);
    json_obj_close(&j);
  }
  json_obj_close(&j);
  z = arena_strdup(p->ar, b.buf);
  buf_release(&b);
  return z;
}

/* The child units (教育局 directly below p's unit) for the roll-up. */
static int rpt_children(struct rpt *p, i64 **paId, const char ***pazName, const char ***pazLike){
  struct stmt q;
  int n = db_int(0, "SELECT count(*) FROM org WHERE parent_id=?1 AND kind='bureau'", "i", p->unitId);
  int k = 0;
  *paId = arena_alloc(p->ar, sizeof(i64) * (size_t)(n+1));
  *pazName = arena_alloc(p->ar, sizeof(char *) * (size_t)(n+1));
  *pazLike = arena_alloc(p->ar, sizeof(char *) * (size_t)(n+1));
  db_prepare(&q, "SELECT id, name, path FROM org WHERE parent_id=?1 AND kind='bureau' ORDER BY path");
  db_bind_int64(&q, 1, p->unitId);
  while( db_step(&q)==DB_ROW && k<n ){
    (*paId)[k] = db_column_int64(&q, 0);
    (*pazName)[k] = db_column_dup(p->ar, &q, 1);
    (*pazLike)[k] = arena_printf(p->ar, "%s%%", db_column_text(&q, 2));
    k++;
  }
  db_finalize(&q);
  return k;
}

/* The roll-up table for a city or province: one row per child unit, a
** column per declared figure the report uses, and the total.  Cells are
** filled into *paazRow (nRow+1 rows of nCol cells; the last is the total);
** returns the number of child units (0: no table). */
static int rpt_rollup(struct rpt *p, int *pnCol, const char ***pazHead, const char ****paazRow){
  i64 *aId;
  const char **azName, **azLike;
  int nChild = rpt_children(p, &aId, &azName, &azLike);
  int aiFig[16], nFig = 0, i, k;
  const char **azHead, ***aazRow;
  if( nChild==0 ) return 0;
  for(i=0; i<p->nFig && nFig<(int)COUNT(aiFig); i++) if( p->aFig[i].f ) aiFig[nFig++] = i;
  *pnCol = nFig + 1;
  azHead = arena_alloc(p->ar, sizeof(char *) * (size_t)(nFig+1));
  azHead[0] = "单位";
  for(k=0; k<nFig; k++){
    struct rfig *g = &p->aFig[aiFig[k]];
    azHead[k+1] = g->zUnit && g->zUnit[0] && !str_eq(g->zUnit, "%")
      ? arena_printf(p->ar, "%s（%s）", g->zLabel, g->zUnit) : g->zLabel;
  }
  aazRow = arena_alloc(p->ar, sizeof(char **) * (size_t)(nChild+1));
  for(i=0; i<=nChild; i++){
    aazRow[i] = arena_alloc(p->ar, sizeof(char *) * (size_t)(nFig+1));
    aazRow[i][0] = i<nChild ? azName[i] : "合计";
    for(k=0; k<nFig; k++){
      struct rfig *g = &p->aFig[aiFig[k]];
      if( i==nChild ){
        aazRow[i][k+1] = g->bKnown ? g->zValue : "—";
      }else{
        struct fig_scope s;
        struct fig_result res;
        fig_scope_init(&s, p->ar, p->year, p->s.iAsOf, azLike[i]);
        figure_eval(g->f, &s, p->ar, &res);
        aazRow[i][k+1] = res.bKnown ? figure_format(p->ar, g->f, &res) : "—";
      }
    }
  }
  *pazHead = azHead;
  *paazRow = aazRow;
  return nChild;
}

/* ---- documents ---- */

/* The report as an official document (free with doc_free): 版头, title,
** 主送机关, the text, 附件说明, 落款, 附注, the county table of a city or
** province as its 附件, and the 版记 (report_doc.c).  The outgoing
** document carries no 数据来源: that is the 数据底稿 (report_sheet.c). */
static struct doc *rpt_doc(struct rpt *p, bool bAppendix){
  struct doc *d = doc_new(false);
  const char *zTitle = rpt_title(p);
  const char *zIssuer = p->zUnit;
  const char **azHead, ***aazRow;
  const char *zTable = "各县（市、区）主要数据";
  struct rpt_head h;
  int i, iDay = 0, nCol, nChild;
  (void)bAppendix;
  date_parse(p->zDocDate ? p->zDocDate : p->zAsOf, &iDay);
  rpt_head_load(p->ar, p->id, p->unitId, p->year, p->zUnit, &h);
  doc_title(d, zTitle);
  for(i=0; i<p->nBlock; i++){
    const char *zK = p->azKind[i], *z = p->azText[i];
    if( str_eq(zK, "title") ) continue;
    if( str_eq(zK, "h1") ) doc_heading(d, 1, z);
    else if( str_eq(zK, "h2") ) doc_heading(d, 2, z);
    else if( str_eq(zK, "h3") ) doc_heading(d, 3, z);
    else if( str_eq(zK, "sign") ) zIssuer = z;
    else if( str_eq(zK, "list") ){
      char *zAll = arena_strdup(p->ar, z), *zLine, *zNl;
      for(zLine = zAll; zLine; zLine = zNl){
        if( (zNl = strchr(zLine, '\n'))!=0 ) *zNl++ = 0;
        doc_para(d, zLine);
      }
    }
    else doc_para(d, z);
  }
  nChild = rpt_rollup(p, &nCol, &azHead, &aazRow);
  rpt_head_doc(p->ar, d, &h, iDay, &zTable, nChild ? 1 : 0);
  doc_sign(d, zIssuer, iDay);
  doc_props(d, zTitle, p->zUnit, (i64)(iDay - date_from_ymd(1970, 1, 1)) * 86400);
  if( nChild ){
    struct doc_table *t;
    doc_appendix(d, zTable);
    doc_para(d, arena_printf(p->ar, "数据截至%s。", doc_date_cn(p->s.iAsOf, (char[32]){0})));
    t = doc_table(d, nCol, azHead, 0);
    for(i=0; i<=nChild; i++) doc_table_row(t, aazRow[i]);
  }
  return d;
}

/* Write p as DOCX or PDF into pOut. Returns 0 or -1 with a message. */
static int rpt_file(struct rpt *p, bool bPdf, bool bAppendix, struct buf *pOut, struct buf *pErr){
  struct doc *d = rpt_doc(p, bAppendix);
  int rc = app_doc_bytes(d, bPdf, pOut, pErr);
  doc_free(d);
  return rc;
}

/* The 数据底稿 input of p (prepared): the figures as the report states
** them. */
static void rpt_sheet_of(struct rpt *p, struct rpt_sheet *sh){
  struct rpt_sheet_fig *a = arena_alloc(p->ar, sizeof(*a) * (size_t)(p->nFig+1));
  int i;
  memset(sh, 0, sizeof(*sh));
  for(i=0; i<p->nFig; i++){
    a[i].zKey = p->aFig[i].zKey;
    a[i].zLabel = p->aFig[i].zLabel;
    a[i].bKnown = p->aFig[i].bKnown;
    a[i].zValue = p->aFig[i].zValue;
    a[i].zNote = p->aFig[i].bManual
               ? arena_printf(p->ar, "人工填报（%s）", p->aFig[i].zSource ? p->aFig[i].zSource : "")
               : 0;
  }
  sh->unitId = p->unitId;
  sh->zUnit = p->zUnit;
  sh->zLike = p->zLike;
  sh->year = p->year;
  sh->iAsOf = p->s.iAsOf;
  sh->zAsOf = p->zAsOf;
  sh->zTitle = rpt_title(p);
  sh->zVersion = p->id ? arena_printf(p->ar, "第%d版 %s", p->version, state_name(p->zState))
                       : "尚未保存的草稿";
  sh->nFig = p->nFig;
  sh->aFig = a;
}

/* The frozen sheet of version id in format eFmt from the file store: 0,
** -1 missing, -2 damaged; 1 when the version has none (approved before
** the sheet was kept). */
static int rpt_stored_sheet(struct rpt *p, int eFmt, struct buf *pOut){
  struct rpt_head h;
  const char *zHex;
  struct buf err = BUF_INIT;
  int rc;
  rpt_head_load(p->ar, p->id, p->unitId, p->year, p->zUnit, &h);
  zHex = eFmt==RPT_DOCX ? h.zSheetDocx : eFmt==RPT_PDF ? h.zSheetPdf : h.zSheetHtml;
  if( zHex==0 || zHex[0]==0 ) return 1;
  rc = files_read(zHex, pOut, &err);
  buf_release(&err);
  return rc;
}

int report_sheet(i64 unitId, int year, int version, const char *zAsOf, int eFmt,
                 struct buf *pOut, struct buf *pErr){
  struct rpt *p = rpt_load(unitId, year, version, zAsOf, pErr);
  struct rpt_sheet sh;
  int rc = 0;
  if( p==0 ) return -1;
  if( state_frozen(p->zState) && eFmt!=RPT_MD ){
    rc = rpt_stored_sheet(p, eFmt, pOut);
    if( rc<=0 ){
      if( rc==-2 ) buf_puts(pErr, "已审定版本的数据底稿已被改动或损坏（SM3 不符，见 fazhi files verify）");
      else if( rc ) buf_puts(pErr, "已审定版本的数据底稿文件缺失（见 fazhi files verify）");
      if( rc ) rc = -2;
      rpt_free(p);
      return rc;
    }
    rc = 0;               /* approved before the sheet was kept: rendered now */
  }
  rpt_prepare(p);
  rpt_sheet_of(p, &sh);
  rc = rpt_sheet_render(p->ar, &sh, eFmt, pOut, pErr);
  rpt_free(p);
  return rc;
}

/* The 附件说明 of p as plain lines ("附件：1.名称"), in p's arena; "" when
** there is no attachment. */
static const char *rpt_attach_text(struct rpt *p, const struct rpt_head *h){
  const char **az;
  int n = rpt_head_attachments(p->ar, h, &az), i, nAll;
  const char **azHead, ***aazRow;
  int nCol, nChild = rpt_rollup(p, &nCol, &azHead, &aazRow);
  struct buf b = BUF_INIT;
  const char *z;
  nAll = n + (nChild ? 1 : 0);
  for(i=0; i<nAll; i++){
    const char *zName = i<n ? az[i] : "各县（市、区）主要数据";
    if( nAll>1 ) buf_appendf(&b, "%s%d.%s\n", i ? "　　　" : "附件：", i+1, zName);
    else buf_appendf(&b, "附件：%s\n", zName);
  }
  z = arena_strdup(p->ar, b.len ? b.buf : "");
  buf_release(&b);
  return z;
}

/* The report as Markdown: the 版头 as plain lines, the text, the 附件说明,
** the 落款, the 附注 and the 版记. */
static void rpt_md(struct rpt *p, bool bAppendix, struct buf *pOut){
  int i;
  char zD[32];
  int iDay = 0, iPrint;
  struct rpt_head h;
  const char *zNo;
  bool bSigned = false;
  (void)bAppendix;
  date_parse(p->zDocDate ? p->zDocDate : p->zAsOf, &iDay);
  rpt_head_load(p->ar, p->id, p->unitId, p->year, p->zUnit, &h);
  zNo = rpt_head_docno(p->ar, &h, iDay);
  buf_appendf(pOut, "# %s\n\n", rpt_title(p));
  if( zNo || h.az[RH_SIGNER][0] ){
    buf_appendf(pOut, "%s%s%s%s\n\n", zNo ? zNo : "", zNo && h.az[RH_SIGNER][0] ? "　　" : "",
                h.az[RH_SIGNER][0] ? "签发人：" : "", h.az[RH_SIGNER]);
  }
  if( h.az[RH_RECIPIENT][0] ) buf_appendf(pOut, "%s：\n\n", h.az[RH_RECIPIENT]);
  for(i=0; i<p->nBlock; i++){
    const char *zK = p->azKind[i];
    if( str_eq(zK, "title") ) continue;
    if( str_eq(zK, "h1") ) buf_appendf(pOut, "## %s\n\n", p->azText[i]);
    else if( str_eq(zK, "h2") ) buf_appendf(pOut, "### %s\n\n", p->azText[i]);
    else if( str_eq(zK, "h3") ) buf_appendf(pOut, "#### %s\n\n", p->azText[i]);
    else if( str_eq(zK, "sign") ){
      const char *zA = bSigned ? "" : rpt_attach_text(p, &h);
      if( zA[0] ) buf_appendf(pOut, "%s\n", zA);
      bSigned = true;
      buf_appendf(pOut, "%s\n\n", p->azText[i]);
    }
    else if( str_eq(zK, "list") ){
      const char *z = p->azText[i], *zNl;
      for(; z; z = zNl ? zNl+1 : 0){
        zNl = strchr(z, '\n');
        buf_appendf(pOut, "%.*s\n\n", zNl ? (int)(zNl - z) : (int)strlen(z), z);
      }
    }
    else buf_appendf(pOut, "%s\n\n", p->azText[i]);
  }
  buf_appendf(pOut, "%s\n", doc_date_cn(iDay, zD));
  if( h.az[RH_CONTACT][0] ) buf_appendf(pOut, "\n（%s）\n", h.az[RH_CONTACT]);
  if( h.az[RH_PRINTER][0] ){
    iPrint = iDay;
    if( h.az[RH_PRINT_DATE][0] ) date_parse(h.az[RH_PRINT_DATE], &iPrint);
    buf_puts(pOut, "\n---\n\n");
    if( h.az[RH_CC][0] ) buf_appendf(pOut, "抄送：%s。\n\n", h.az[RH_CC]);
    buf_appendf(pOut, "%s　　%s印发\n", h.az[RH_PRINTER], doc_date_cn(iPrint, zD));
  }
}

/* The report as an HTML fragment (the document part of the page). */
static void rpt_html(struct rpt *p, struct buf *pOut, bool bEdit){
  int i, iDay = 0, nCol, nChild;
  const char **azHead, ***aazRow;
  char zD[32];
  struct rpt_head h;
  const char *zNo, *zA;
  bool bAttached = false;
  date_parse(p->zDocDate ? p->zDocDate : p->zAsOf, &iDay);
  rpt_head_load(p->ar, p->id, p->unitId, p->year, p->zUnit, &h);
  zNo = rpt_head_docno(p->ar, &h, iDay);
  buf_appendf(pOut, "<article class='report'>");
  if( h.az[RH_MARK][0] ) buf_appendf(pOut, "<p class='doc-mark'>%h</p>", h.az[RH_MARK]);
  if( zNo || h.az[RH_SIGNER][0] ){
    buf_appendf(pOut, "<p class='doc-no'><span>%h</span><span>%s%h</span></p>", zNo ? zNo : "",
                h.az[RH_SIGNER][0] ? "签发人：" : "", h.az[RH_SIGNER]);
  }
  buf_appendf(pOut, "<h1 class='doc-title'>%h</h1>\n", rpt_title(p));
  if( h.az[RH_RECIPIENT][0] ) buf_appendf(pOut, "<p class='doc-to'>%h：</p>\n", h.az[RH_RECIPIENT]);
  for(i=0; i<p->nBlock; i++){
    const char *zK = p->azKind[i];
    const char *zTag = str_eq(zK, "h1") ? "h2" : str_eq(zK, "h2") ? "h3" : str_eq(zK, "h3") ? "h4" : "p";
    if( str_eq(zK, "title") ) continue;
    if( str_eq(zK, "sign") && !bAttached ){
      /* the 附件说明 comes before the 落款 */
      zA = rpt_attach_text(p, &h);
      if( zA[0] ) buf_appendf(pOut, "<p class='doc-attach'>%h</p>\n", zA);
      bAttached = true;
    }
    if( str_eq(zK, "list") ){
      rpt_list(p, p->azBody[i], true, i, pOut);
      if( bEdit ){
        buf_appendf(pOut, "<p class='blk'><a class='edit' href='/reports/%d/blocks/%d?org=%lld'>编辑</a></p>",
                    p->year, i+1, (long long)p->unitId);
      }
      buf_puts(pOut, "\n");
      continue;
    }
    buf_appendf(pOut, "<%h class='blk %a' id='b%d'>", zTag, zK, i+1);
    rpt_expand(p, p->azBody[i], true, pOut);
    if( bEdit ){
      buf_appendf(pOut, " <a class='edit' href='/reports/%d/blocks/%d?org=%lld'>编辑</a>",
                  p->year, i+1, (long long)p->unitId);
    }
    buf_appendf(pOut, "</%h>\n", zTag);
  }
  nChild = rpt_rollup(p, &nCol, &azHead, &aazRow);
  if( nChild ){
    int k;
    buf_appendf(pOut, "<p>附表：各县（市、区）主要数据</p><table class='list'><thead><tr>");
    for(k=0; k<nCol; k++) buf_appendf(pOut, "<th>%h</th>", azHead[k]);
    buf_appendf(pOut, "</tr></thead><tbody>");
    for(i=0; i<=nChild; i++){
      buf_appendf(pOut, "<tr>");
      for(k=0; k<nCol; k++) buf_appendf(pOut, "<td>%h</td>", aazRow[i][k]);
      buf_appendf(pOut, "</tr>");
    }
    buf_appendf(pOut, "</tbody></table>\n");
  }
  zA = bAttached ? "" : rpt_attach_text(p, &h);
  if( zA[0] ) buf_appendf(pOut, "<p class='doc-attach'>%h</p>\n", zA);
  buf_appendf(pOut, "<p class='sign'>%h</p>\n", doc_date_cn(iDay, zD));
  if( h.az[RH_CONTACT][0] ) buf_appendf(pOut, "<p class='doc-note'>（%h）</p>\n", h.az[RH_CONTACT]);
  if( h.az[RH_PRINTER][0] ){
    int iPrint = iDay;
    if( h.az[RH_PRINT_DATE][0] ) date_parse(h.az[RH_PRINT_DATE], &iPrint);
    buf_appendf(pOut, "<div class='doc-record'>");
    if( h.az[RH_CC][0] ) buf_appendf(pOut, "<p>抄送：%h。</p>", h.az[RH_CC]);
    buf_appendf(pOut, "<p><span>%h</span><span>%h印发</span></p></div>\n", h.az[RH_PRINTER],
                doc_date_cn(iPrint, zD));
  }
  buf_appendf(pOut, "</article>\n");
}

/* The report as an exported HTML file: the fragment of the page with
** every link made absolute (setting public.address), so that the file
** still leads to the records once it has left the server. */
static void rpt_html_export(struct rpt *p, struct buf *pOut){
  struct buf b = BUF_INIT;
  const char *zBase = rpt_public_url(p->ar), *z, *zHit;
  rpt_html(p, &b, false);
  for(z = b.len ? b.buf : ""; (zHit = strstr(z, "href='/"))!=0; z = zHit + 6){
    buf_append(pOut, z, (size_t)(zHit - z) + 6);
    buf_puts(pOut, zBase);
  }
  buf_puts(pOut, z);
  buf_release(&b);
}

/* Append the bytes of base64 text z to pOut; -1 when it is not base64. */
static int b64_decode(const char *z, struct buf *pOut){
  size_t n = strlen(z), nBin = 0;
  unsigned char *a = xmalloc(n + 1);
  int rc = sodium_base642bin(a, n + 1, z, n, 0, &nBin, 0, sodium_base64_VARIANT_ORIGINAL);
  if( rc==0 ) buf_append(pOut, a, nBin);
  free(a);
  return rc==0 ? 0 : -1;
}

/* The frozen DOCX and PDF of an approved version live in the file store
** (core/files.h), named by docx_sm3/pdf_sm3.  Versions approved before the
** store kept them as base64 in the columns docx/pdf: the first read of
** such a version (and every command's start, report_files_to_store) puts
** the bytes into the store, checked against the recorded SM3, and clears
** the column. */
static void rpt_file_upgrade(i64 id, bool bPdf){
  struct arena *ar = arena_new();
  struct buf bin = BUF_INIT, err = BUF_INIT;
  char zHex[FILE_HEX];
  const char *zCol = bPdf ? "pdf" : "docx";
  char *z = bPdf ? db_text(ar, 0, "SELECT pdf FROM report WHERE id=?1", "i", id)
                 : db_text(ar, 0, "SELECT docx FROM report WHERE id=?1", "i", id);
  char *zWant = bPdf ? db_text(ar, "", "SELECT pdf_sm3 FROM report WHERE id=?1", "i", id)
                     : db_text(ar, "", "SELECT docx_sm3 FROM report WHERE id=?1", "i", id);
  if( z && b64_decode(z, &bin)==0
   && files_put_mem(bin.buf, bin.len, bPdf ? "application/pdf"
                    : "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                    zHex, &err)==0
   && str_eq(zHex, zWant) ){
    int year = db_int(0, "SELECT year FROM report WHERE id=?1", "i", id);
    db_begin();
    if( bPdf ) db_exec("UPDATE report SET pdf=NULL WHERE id=?1", "i", id);
    else db_exec("UPDATE report SET docx=NULL WHERE id=?1", "i", id);
    files_ref_add(zHex, "report", id, zCol, arena_printf(ar, "report-%d.%s", year, zCol), 0);
    db_commit();
  }
  buf_release(&bin);
  buf_release(&err);
  arena_free(ar);
}

void report_files_to_store(void){
  struct stmt q;
  i64 aId[64];
  int n = 0, i;
  bool abPdf[64];
  db_prepare(&q, "SELECT id, pdf IS NOT NULL FROM report"
                 " WHERE docx IS NOT NULL OR pdf IS NOT NULL ORDER BY id LIMIT 64");
  while( db_step(&q)==DB_ROW ){
    aId[n] = db_column_int64(&q, 0);
    abPdf[n++] = db_column_int64(&q, 1)!=0;
  }
  db_finalize(&q);
  for(i=0; i<n; i++){
    if( db_exists("SELECT 1 FROM report WHERE id=?1 AND docx IS NOT NULL", "i", aId[i]) ){
      rpt_file_upgrade(aId[i], false);
    }
    if( abPdf[i] ) rpt_file_upgrade(aId[i], true);
  }
}

/* The stored file (DOCX or PDF) of frozen version id, its SM3 checked:
** 0, -1 when missing, -2 when damaged (logged). */
static int rpt_stored_file(i64 id, bool bPdf, struct buf *pOut){
  struct arena *ar = arena_new();
  struct buf err = BUF_INIT;
  char *zHex;
  int rc;
  if( bPdf ? db_exists("SELECT 1 FROM report WHERE id=?1 AND pdf IS NOT NULL", "i", id)
           : db_exists("SELECT 1 FROM report WHERE id=?1 AND docx IS NOT NULL", "i", id) ){
    rpt_file_upgrade(id, bPdf);
  }
  zHex = bPdf ? db_text(ar, 0, "SELECT pdf_sm3 FROM report WHERE id=?1", "i", id)
              : db_text(ar, 0, "SELECT docx_sm3 FROM report WHERE id=?1", "i", id);
  rc = zHex ? files_read(zHex, pOut, &err) : -1;
  buf_release(&err);
  arena_free(ar);
  return rc;
}

int report_render(i64 unitId, int year, int version, const char *zAsOf, int eFmt,
                  bool bAppendix, struct buf *pOut, struct buf *pErr){
  struct rpt *p = rpt_load(unitId, year, version, zAsOf, pErr);
  int rc = 0;
  if( p==0 ) return -1;
  if( (eFmt==RPT_DOCX || eFmt==RPT_PDF) && state_frozen(p->zState) ){
    rc = rpt_stored_file(p->id, eFmt==RPT_PDF, pOut);
    if( rc==-2 ) buf_puts(pErr, "已审定版本的文件已被改动或损坏（SM3 不符，见 fazhi files verify）");
    else if( rc ) buf_puts(pErr, "已审定版本的文件缺失（见 fazhi files verify）");
    if( rc ) rc = -2;
    rpt_free(p);
    return rc;
  }
  rpt_prepare(p);
  switch( eFmt ){
    case RPT_DOCX: rc = rpt_file(p, false, bAppendix, pOut, pErr); break;
    case RPT_PDF:  rc = rpt_file(p, true, bAppendix, pOut, pErr); break;
    case RPT_MD:   rpt_md(p, bAppendix, pOut); break;
    default:       rpt_html_export(p, pOut); break;
  }
  rpt_free(p);
  return rc;
}

/* ---- changes ---- */

/* The report row of a version as JSON for the audit log, in ar. */
static char *rpt_row_json(struct arena *ar, i64 id){
  struct stmt q;
  struct buf b = BUF_INIT;
  struct json_w j;
  char *z = 0;
  db_prepare(&q,
    "SELECT org_id, year, rev, state, as_of, doc_date, comment, sent_on, published_on,"
    "       docx_sm3, pdf_sm3"
    "  FROM report WHERE id=?1");
  db_bind_int64(&q, 1, id);
  if( db_step(&q)==DB_ROW ){
    json_init(&j, &b);
    json_obj_open(&j, 0);
    json_int(&j, "id", id);
    json_int(&j, "org_id", db_column_int64(&q, 0));
    json_int(&j, "year", db_column_int64(&q, 1));
    json_int(&j, "version", db_column_int64(&q, 2));
    json_str(&j, "state", db_column_text(&q, 3));
    json_str(&j, "as_of", db_column_text(&q, 4));
    json_str(&j, "doc_date", db_column_text(&q, 5));
    json_str(&j, "comment", db_column_text(&q, 6));
    json_str(&j, "sent_on", db_column_text(&q, 7));
    json_str(&j, "published_on", db_column_text(&q, 8));
    json_str(&j, "docx_sm3", db_column_text(&q, 9));
    json_str(&j, "pdf_sm3", db_column_text(&q, 10));
    json_obj_close(&j);
    z = arena_strdup(ar, b.buf);
  }
  db_finalize(&q);
  buf_release(&b);
  return z;
}

/* Store a new draft version of unit's year (inside the caller's
** transaction), its blocks copied from the source text; returns its id. */
static i64 rpt_create(const struct actor *a, i64 unitId, int year, struct arena *ar){
  struct buf err = BUF_INIT;
  struct rpt *p = rpt_load(unitId, year, 0, 0, &err);
  int version = db_int(0, "SELECT max(rev) FROM report WHERE org_id=?1 AND year=?2", "id",
                       unitId, year) + 1;
  i64 id = 0, now = time_now();
  int i;
  char zId[24];
  struct stmt q;
  db_prepare(&q,
    "INSERT INTO report(org_id, year, rev, state, as_of, doc_date, created_at, updated_at)"
    " VALUES(?1, ?2, ?3, 'draft', ?4, ?5, ?6, ?6) RETURNING id");
  db_bind_int64(&q, 1, unitId);
  db_bind_int64(&q, 2, year);
  db_bind_int64(&q, 3, version);
  db_bind_text(&q, 4, p->zAsOf);
  db_bind_text(&q, 5, p->zDocDate ? p->zDocDate : p->zAsOf);
  db_bind_int64(&q, 6, now);
  if( db_step(&q)==DB_ROW ) id = db_column_int64(&q, 0);
  db_finalize(&q);
  for(i=0; i<p->nBlock; i++){
    db_exec("INSERT INTO report_block(org_id, report_id, seq, kind, body, created_at, updated_at)"
            " VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?6)",
            "iidtti", unitId, id, i+1, p->azKind[i], p->azBody[i], now);
  }
  {
    /* the head and foot: the previous version's or year's, else defaults */
    struct rpt_head h;
    rpt_head_load(ar, 0, unitId, year, p->zUnit, &h);
    rpt_head_store(id, &h);
  }
  snprintf(zId, sizeof(zId), "%lld", (long long)id);
  audit_write(a, "create", "report", zId, 0, rpt_row_json(ar, id));
  rpt_free(p);
  buf_release(&err);
  return id;
}

int report_set_block(const struct actor *a, i64 unitId, int year, int seq,
                     const char *zBody, struct buf *pErr){
  struct arena *ar = arena_new();
  struct reg_err e;
  const char **az = reg_values_alloc(ar, &report_block_reg);
  bool *abSet = reg_flags_alloc(ar, &report_block_reg);
  i64 id, blockId = 0;
  char *zState;
  int i, k = reg_field_index(&report_block_reg, "body");
  if( zBody==0 || zBody[0]==0 ){
    buf_puts(pErr, "段落内容不能为空");
    arena_free(ar);
    return -1;
  }
  if( strlen(zBody) > 20000 ){
    buf_puts(pErr, "段落内容过长（最多约6000字）");
    arena_free(ar);
    return -1;
  }
  /* the year's latest version, a draft made first when there is none */
  db_begin();
  id = db_i64(0, "SELECT id FROM report WHERE org_id=?1 AND year=?2 ORDER BY rev DESC LIMIT 1",
              "id", unitId, year);
  if( id==0 ) id = rpt_create(a, unitId, year, ar);
  zState = db_text(ar, "", "SELECT state FROM report WHERE id=?1", "i", id);
  if( str_eq(zState, "draft") ){
    blockId = db_i64(0, "SELECT id FROM report_block WHERE report_id=?1 AND seq=?2"
                        " AND voided_at IS NULL", "id", id, seq);
  }
  db_commit();
  if( !str_eq(zState, "draft") ){
    buf_appendf(pErr, "报告当前为“%s”，只有草稿可以修改；请先退回或新建版本", state_name(zState));
    arena_free(ar);
    return -1;
  }
  if( blockId==0 ){
    buf_appendf(pErr, "报告没有第%d段", seq);
    arena_free(ar);
    return -1;
  }
  /* the block as the report's child: checked, stored at its version and
  ** audited by the kernel; the report's rule refuses it past the draft */
  az[k] = zBody;
  abSet[k] = true;
  reg_err_init(&e, ar);
  if( reg_update_at(&report_block_reg, a, blockId, 0, az, abSet, &e) ){
    for(i=0; i<e.n; i++) buf_appendf(pErr, "%s%s", i ? "；" : "", e.a[i].zMsg);
    arena_free(ar);
    return -1;
  }
  arena_free(ar);
  return 0;
}

int report_set_head(const struct actor *a, i64 unitId, int year, const char *const *azNew,
                    struct reg_err *e){
  struct arena *ar = arena_new();
  struct rpt_head h;
  char *zState, *zBefore, *zUnit, zId[24];
  i64 id;
  int nYear;
  db_begin();
  id = db_i64(0, "SELECT id FROM report WHERE org_id=?1 AND year=?2 ORDER BY rev DESC LIMIT 1",
              "id", unitId, year);
  if( id==0 ) id = rpt_create(a, unitId, year, ar);
  zState = db_text(ar, "", "SELECT state FROM report WHERE id=?1", "i", id);
  if( !str_eq(zState, "draft") ){
    reg_err_add(e, REG_ECONFLICT, 0, "报告当前为“%s”，只有草稿可以修改版头版记；请先退回或新建版本",
                state_name(zState));
    goto fail;
  }
  zUnit = db_text(ar, "", "SELECT name FROM org WHERE id=?1", "i", unitId);
  nYear = db_int(0, "SELECT year FROM report WHERE id=?1", "i", id);
  rpt_head_load(ar, id, unitId, nYear, zUnit, &h);
  zBefore = rpt_head_json(ar, &h);
  if( rpt_head_apply(ar, &h, azNew, e) ) goto fail;
  rpt_head_store(id, &h);
  db_exec("UPDATE report SET updated_at=?1, version=version+1 WHERE id=?2", "ii", time_now(), id);
  snprintf(zId, sizeof(zId), "%lld", (long long)id);
  audit_write(a, "update", "report", zId, zBefore, rpt_head_json(ar, &h));
  db_commit();
  arena_free(ar);
  return 0;
fail:
  db_rollback();
  arena_free(ar);
  return -1;
}

/* Check an ISO date argument; returns it normalised in ar, or NULL. */
static char *iso_arg(struct arena *ar, const char *z){
  int iDay;
  char zD[11];
  if( z==0 || date_parse(z, &iDay) ) return 0;
  return arena_strdup(ar, date_format(iDay, zD));
}

int rpt_render_frozen(const struct actor *a, i64 id, struct arena *ar, struct rpt_frozen *f,
                      struct reg_err *e){
  struct buf docx = BUF_INIT, pdf = BUF_INIT, err = BUF_INIT;
  struct buf sDocx = BUF_INIT, sPdf = BUF_INIT, sHtml = BUF_INIT;
  i64 unitId = db_i64(0, "SELECT org_id FROM report WHERE id=?1", "i", id);
  int year = db_int(0, "SELECT year FROM report WHERE id=?1", "i", id), rc = -1;
  struct rpt *p = rpt_load(unitId, year, 0, 0, &err);
  memset(f, 0, sizeof(*f));
  if( p==0 ){
    reg_err_add(e, REG_ENOTFOUND, 0, "%s", err.buf);
    goto done;
  }
  if( p->id!=id ){
    reg_err_add(e, REG_ECONFLICT, 0, "该报告已有更新的版本，只能审定最新版本");
    goto done;
  }
  {
    /* the 发文字号 and, when none is named, the approver as 签发人 */
    int iDoc = 0;
    char *zName = db_text(ar, 0, "SELECT display_name FROM users WHERE id=?1", "i", a->userId);
    date_parse(p->zDocDate ? p->zDocDate : p->zAsOf, &iDoc);
    if( rpt_head_number(a, p->id, iDoc, zName, &err) ){
      reg_err_add(e, REG_ECONFLICT, 0, "%s", err.buf);
      goto done;
    }
  }
  rpt_prepare(p);
  if( rpt_file(p, false, true, &docx, &err) || rpt_file(p, true, true, &pdf, &err) ){
    reg_err_add(e, REG_EINVALID, 0, "%s", err.buf);
    goto done;
  }
  {
    /* the 数据底稿 frozen with it */
    struct rpt_sheet sh;
    rpt_sheet_of(p, &sh);
    if( rpt_sheet_render(p->ar, &sh, RPT_DOCX, &sDocx, &err)
     || rpt_sheet_render(p->ar, &sh, RPT_PDF, &sPdf, &err)
     || rpt_sheet_render(p->ar, &sh, RPT_HTML, &sHtml, &err) ){
      reg_err_add(e, REG_EINVALID, 0, "%s", err.buf);
      goto done;
    }
  }
  f->zFigs = arena_strdup(ar, rpt_figures_json(p));
  f->year = year;
  /* the files go into the file store (once, by their SM3); what refers to
  ** them is written by the step (rpt_freeze_store) */
  if( files_put_mem(docx.buf, docx.len,
                    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                    f->zDocx, &err)
   || files_put_mem(pdf.buf, pdf.len, "application/pdf", f->zPdf, &err)
   || files_put_mem(sDocx.buf, sDocx.len,
                    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                    f->zSheetDocx, &err)
   || files_put_mem(sPdf.buf, sPdf.len, "application/pdf", f->zSheetPdf, &err)
   || files_put_mem(sHtml.buf, sHtml.len, "text/html", f->zSheetHtml, &err) ){
    reg_err_add(e, REG_EINVALID, 0, "无法保存审定的报告文件：%s", err.buf);
    goto done;
  }
  f->bReady = true;
  rc = 0;
done:
  if( p ) rpt_free(p);
  buf_release(&docx);
  buf_release(&pdf);
  buf_release(&sDocx);
  buf_release(&sPdf);
  buf_release(&sHtml);
  buf_release(&err);
  return rc;
}

void rpt_freeze_store(const struct actor *a, i64 id, const struct rpt_frozen *f,
                      struct arena *ar){
  int year = f->year;
  /* the columns that are no fields of the declaration; the kernel stores
  ** the fields (and counts the row's version) after the step's rule */
  db_exec("UPDATE report SET approved_at=?1, figures=?2, docx=NULL, pdf=NULL WHERE id=?3",
          "iti", time_now(), f->zFigs, id);
  files_ref_add(f->zDocx, "report", id, "docx", arena_printf(ar, "report-%d.docx", year),
                a->userId);
  files_ref_add(f->zPdf, "report", id, "pdf", arena_printf(ar, "report-%d.pdf", year),
                a->userId);
  db_exec("UPDATE report_head SET sheet_docx_sm3=?1, sheet_pdf_sm3=?2, sheet_html_sm3=?3,"
          "       version=version+1 WHERE report_id=?4", "ttti", f->zSheetDocx, f->zSheetPdf,
          f->zSheetHtml, id);
  files_ref_add(f->zSheetDocx, "report", id, "sheet_docx",
                arena_printf(ar, "sheet-%d.docx", year), a->userId);
  files_ref_add(f->zSheetPdf, "report", id, "sheet_pdf",
                arena_printf(ar, "sheet-%d.pdf", year), a->userId);
  files_ref_add(f->zSheetHtml, "report", id, "sheet_html",
                arena_printf(ar, "sheet-%d.html", year), a->userId);
}

/* 审定 of version id: the document rendered and put in the file store
** first, outside any transaction (rendering takes seconds and SQLite has
** one writer), then the kernel's step at the row's version read before
** the rendering -- so a text, head or state changed meanwhile answers 409
** and what was rendered is what is approved. */
static int report_approve(const struct actor *a, i64 id, const char *zComment,
                          struct reg_err *e){
  struct arena *ar = arena_new();
  struct rpt_frozen f;
  i64 version = db_i64(0, "SELECT version FROM report WHERE id=?1", "i", id);
  char *zState = db_text(ar, "", "SELECT state FROM report WHERE id=?1", "i", id);
  int rc;
  memset(&f, 0, sizeof(f));
  if( str_eq(zState, "submitted") && (a->mRoles & ROLE_LEADER)
   && rpt_render_frozen(a, id, ar, &f, e) ){
    arena_free(ar);
    return -1;
  }
  /* the step's rule takes f (the kernel checks the state and roles itself
  ** when they do not allow it: nothing was rendered then) */
  rc = report_step_frozen(a, id, version, zComment, f.bReady ? &f : 0, e);
  arena_free(ar);
  return rc;
}

int report_action(const struct actor *a, i64 unitId, int year, const char *zAction,
                  const char *zArg, const char *zArg2, struct reg_err *e){
  struct arena *ar = arena_new();
  char *zState, *zDate = 0, *zAsOf = 0, *zDocDate = 0;
  i64 id;
  int rc = -1;
  bool bDated = str_eq(zAction, "sent") || str_eq(zAction, "published");
  bool bStep = reg_step_find(&report_reg, zAction)!=0;
  if( !(bStep || str_eq(zAction, "new-version") || str_eq(zAction, "settings")) ){
    reg_err_add(e, REG_ENOTFOUND, 0, "未知的操作“%s”", zAction);
    arena_free(ar);
    return -1;
  }
  /* the dates are checked as before the kernel's step, under the form's
  ** and the body's names (date, as_of, doc_date), full-width digits folded */
  if( bDated && (zDate = iso_arg(ar, zArg ? value_fold_dup(ar, zArg, false) : 0))==0 ){
    reg_err_add(e, REG_EINVALID, "date", "%s日期%s", str_eq(zAction, "sent") ? "报送" : "公开",
                zArg && zArg[0] ? "无效，应为 YYYY-MM-DD" : "不能为空");
  }
  if( str_eq(zAction, "settings") ){
    if( (zAsOf = iso_arg(ar, zArg ? value_fold_dup(ar, zArg, false) : 0))==0 ){
      reg_err_add(e, REG_EINVALID, "as_of", "数据截至日期%s",
                  zArg && zArg[0] ? "无效，应为 YYYY-MM-DD" : "不能为空");
    }
    if( (zDocDate = iso_arg(ar, zArg2 ? value_fold_dup(ar, zArg2, false) : 0))==0 ){
      reg_err_add(e, REG_EINVALID, "doc_date", "成文日期%s",
                  zArg2 && zArg2[0] ? "无效，应为 YYYY-MM-DD" : "不能为空");
    }
  }
  if( e->n ){
    arena_free(ar);
    return -1;
  }
  if( str_eq(zAction, "approve") ){
    id = db_i64(0, "SELECT id FROM report WHERE org_id=?1 AND year=?2 ORDER BY rev DESC LIMIT 1",
                "id", unitId, year);
    arena_free(ar);
    if( id==0 ){
      reg_err_add(e, REG_ENOTFOUND, 0, "%d年度报告尚未建立", year);
      return -2;
    }
    return report_approve(a, id, zArg, e);
  }
  /* the latest version, stored first when 送审 or the settings find none;
  ** the step reads it again under its lock */
  db_begin();
  id = db_i64(0, "SELECT id FROM report WHERE org_id=?1 AND year=?2 ORDER BY rev DESC LIMIT 1",
              "id", unitId, year);
  if( id==0 && (str_eq(zAction, "submit") || str_eq(zAction, "settings")) ){
    id = rpt_create(a, unitId, year, ar);
  }
  if( id==0 ){
    db_rollback();
    reg_err_add(e, REG_ENOTFOUND, 0, "%d年度报告尚未建立", year);
    arena_free(ar);
    return -2;
  }
  if( str_eq(zAction, "new-version") ){
    db_lock_key("report.new-version");
    zState = db_text(ar, "", "SELECT state FROM report WHERE id=?1", "i", id);
    if( !state_frozen(zState) ){
      reg_err_add(e, REG_ECONFLICT, "state", "报告当前为“%s”，不能新建版本", state_name(zState));
      db_rollback();
      arena_free(ar);
      return -1;
    }
    rpt_create(a, unitId, year, ar);
    db_commit();
    arena_free(ar);
    return 0;
  }
  /* the step runs inside this transaction: a draft stored for a step
  ** that is refused is not kept */
  rc = str_eq(zAction, "settings") ? report_settings(a, id, zAsOf, zDocDate, e)
     : report_step(a, id, zAction, bDated ? zDate : zArg, e);
  if( rc ) db_rollback();
  else db_commit();
  arena_free(ar);
  return rc;
}

/* ---- alerts ---- */

/* The report deadlines of the year before s's year: 报送 by 1 March,
** 公开 by 1 April, with the state of the latest version; each until it is
** done (due soon within 14 days, overdue after the day). */
static void report_deadline_alerts(const struct fig_scope *s, struct arena *ar,
                                   struct alert_list *pList){
  int year = s->year - 1;
  int dSend = date_from_ymd(s->year, 3, 1), dPub = date_from_ymd(s->year, 4, 1);
  i64 unitId = db_i64(0, "SELECT id FROM org WHERE path LIKE ?1 AND kind='bureau'"
                         " ORDER BY length(path), id LIMIT 1", "t", s->zLike);
  struct stmt q;
  char *zState = 0;
  int version = 0;
  if( unitId==0 ) return;
  db_prepare(&q, "SELECT state, rev FROM report WHERE org_id=?1 AND year=?2"
                 " ORDER BY rev DESC LIMIT 1");
  db_bind_int64(&q, 1, unitId);
  db_bind_int64(&q, 2, year);
  if( db_step(&q)==DB_ROW ){
    zState = db_column_dup(ar, &q, 0);
    version = (int)db_column_int64(&q, 1);
  }
  db_finalize(&q);
  {
    const char *zNow = zState ? arena_printf(ar, "第%d版 %s", version, state_name(zState)) : "尚未起草";
    /* a version sent or published meets the deadline, even when a newer
    ** draft follows it */
    bool bSent = db_exists("SELECT 1 FROM report WHERE org_id=?1 AND year=?2"
                           " AND (state='sent' OR state='published')", "id", unitId, year);
    bool bPub = db_exists("SELECT 1 FROM report WHERE org_id=?1 AND year=?2 AND state='published'",
                          "id", unitId, year);
    char *zUrl = arena_printf(ar, "/reports?year=%d", year);
    if( !bSent ){
      alert_add(pList, ar, s->iAsOf > dSend ? ALERT_OVERDUE : dSend - s->iAsOf <= 14 ? ALERT_SOON : ALERT_INFO,
                dSend, arena_printf(ar, "%d年度法治政府建设报告应于%d年3月1日前报送（当前：%s）",
                                    year, s->year, zNow), zUrl);
    }
    if( !bPub ){
      alert_add(pList, ar, s->iAsOf > dPub ? ALERT_OVERDUE : dPub - s->iAsOf <= 14 ? ALERT_SOON : ALERT_INFO,
                dPub, arena_printf(ar, "%d年度法治政府建设报告应于%d年4月1日前向社会公开（当前：%s）",
                                   year, s->year, zNow), zUrl);
    }
  }
}

/* Reports waiting for someone (any year, the latest version of each):
** 送审 waits for the leader; a returned draft for 法规股. */
static void report_state_alerts(const struct fig_scope *s, struct arena *ar,
                                struct alert_list *pList){
  i64 unitId = db_i64(0, "SELECT id FROM org WHERE path LIKE ?1 AND kind='bureau'"
                         " ORDER BY length(path), id LIMIT 1", "t", s->zLike);
  struct stmt q;
  if( unitId==0 ) return;
  db_prepare(&q,
    "SELECT r.year, r.rev, r.state, r.comment FROM report r"
    " WHERE r.org_id=?1"
    "   AND r.rev=(SELECT max(rev) FROM report x WHERE x.org_id=r.org_id AND x.year=r.year)"
    "   AND (r.state='submitted' OR (r.state='draft' AND r.comment<>''))"
    " ORDER BY r.year");
  db_bind_int64(&q, 1, unitId);
  while( db_step(&q)==DB_ROW ){
    int y = (int)db_column_int64(&q, 0);
    char *zUrl = arena_printf(ar, "/reports?year=%d", y);
    if( str_eq(db_column_text(&q, 2), "submitted") ){
      alert_add(pList, ar, ALERT_SOON, 0, arena_printf(ar, "%d年度报告第%lld版已送审，待局领导审定", y,
                (long long)db_column_int64(&q, 1)), zUrl);
    }else{
      alert_add(pList, ar, ALERT_SOON, 0, arena_printf(ar, "%d年度报告被退回：%s", y,
                db_column_text(&q, 3)), zUrl);
    }
  }
  db_finalize(&q);
}

const struct alert_def report_alerts[] = {
  { "report.deadline", "年度报告报送和公开期限", report_deadline_alerts },
  { "report.state", "年度报告审签状态", report_state_alerts },
  { 0, 0, 0 }
};

/* ---- pages ---- */

/* The year of the request (?year= or path :year); 0 with a reply sent
** when it is bad. */
static int req_year(struct req *r, bool bApi){
  const char *z = r->nPathArg>0 ? r->azPathArg[0] : req_param_trim(r, "year");
  i64 y;
  int iY, m, d;
  if( z==0 ){
    date_ymd(date_today(), &iY, &m, &d);
    return iY - (m<=4 ? 1 : 0);
  }
  if( str_to_i64(z, 2000, 2100, &y) ){
    if( bApi ) api_error(r, 400, "bad_param", "年度应为2000到2100之间的整数", "year");
    else html_error_page(r, 400, "年度应为2000到2100之间的整数");
    return 0;
  }
  return (int)y;
}

/* The unit of the request (zOrg from a JSON body, else ?org=) in the
** user's scope; 0 with a 404 reply sent when out of scope. */
static i64 req_unit(struct req *r, bool bApi, const char *zOrg){
  struct actor a;
  struct buf err = BUF_INIT;
  i64 id;
  actor_from_req(&a, r);
  id = report_unit(&a, zOrg ? zOrg : req_param_trim(r, "org"), &err);
  if( id==0 ){
    if( bApi ) api_error(r, 404, "not_found", err.buf, "org");
    else html_error_page(r, 404, err.buf);
  }
  buf_release(&err);
  return id;
}

/* For report_say.c (report_int.h). */
static void report_json(struct req *r, i64 unitId, int year, int version, const char *zAsOf);
void report_json_reply(struct req *r, i64 unitId, int year){ report_json(r, unitId, year, 0, 0); }
const char *rpt_title_text(struct rpt *p){ return rpt_title(p); }
int report_req_year(struct req *r, bool bApi){ return req_year(r, bApi); }
i64 report_req_unit(struct req *r, bool bApi, const char *zOrg){ return req_unit(r, bApi, zOrg); }

/* The sign-off forms the state allows, for the roles of the user; e and
** zAction: the problems of the step last tried (its fields show them and
** keep what was typed). */
static void report_actions_html(struct req *r, struct rpt *p, const struct reg_err *e,
                                const char *zAction){
  unsigned m = r->pUser->mRoles;
  const char *zOrg = arena_printf(r->arena, "%lld", (long long)p->unitId);
  const char *zS = p->zState;
  const char *zToday = date_format(date_today(), (char[11]){0});
  const char *zErr;
  H(r, "<div class='actions'>");
  if( str_eq(zS, "draft") && (m & ROLE_LEGAL) ){
    /* the kernel's gate of 送审: each missing condition beside the
    ** disabled button (a draft not yet stored: the same gate's rule) */
    struct actor a;
    struct reg_err gate;
    int i;
    actor_from_req(&a, r);
    reg_err_init(&gate, r->arena);
    if( p->id ) report_gate(&a, p->id, "submit", r->arena, &gate);
    else say_submit_gate(p->unitId, p->year, &gate);
    H(r, "<form method='post' action='/reports/%d/submit?org=%t' class='inline'>", p->year, zOrg);
    html_csrf(r);
    if( gate.n ){
      H(r, "<div class='gate notice err'><p>尚不能送审：</p><ul>");
      for(i=0; i<gate.n; i++) H(r, "<li>%h</li>", gate.a[i].zMsg);
      if( gate.nMore ) H(r, "<li>另有 %d 项未列出</li>", gate.nMore);
      H(r, "</ul></div><button class='btn primary' type='submit' disabled>送审</button></form>");
    }else{
      H(r, "<button class='btn primary' type='submit'%s>送审</button></form>",
        rpt_gaps(p) ? " data-confirm='报告仍有待补充的数据项，确定送审？'" : "");
    }
  }
  if( str_eq(zS, "submitted") && (m & ROLE_LEADER) ){
    const char *zKept = req_param_trim(r, "comment");
    H(r, "<form method='post' action='/reports/%d/approve?org=%t' class='inline'>", p->year, zOrg);
    html_csrf(r);
    H(r, "<label for='f-comment'>审定意见</label><input id='f-comment' name='comment' value='%a'>"
         "<button class='btn primary' type='submit'>审定</button></form>",
      str_eq(zAction, "approve") && zKept ? zKept : "同意");
    zErr = str_eq(zAction, "return") ? reg_err_of(e, "comment") : 0;
    H(r, "<form method='post' action='/reports/%d/return?org=%t' class='inline%s' novalidate>",
      p->year, zOrg, zErr ? " has-err" : "");
    html_csrf(r);
    H(r, "<label for='f-reason'>退回理由<span class='req'>*</span></label>"
         "<input id='f-reason' name='comment' value='%a'>"
         "<button class='btn' type='submit'>退回</button>",
      str_eq(zAction, "return") && zKept ? zKept : "");
    if( zErr ) H(r, "<div class='err'>%h</div>", zErr);
    H(r, "</form>");
  }
  if( (str_eq(zS, "approved") || str_eq(zS, "sent")) && (m & (ROLE_LEGAL|ROLE_LEADER)) ){
    bool bSent = str_eq(zS, "approved");
    const char *zVerb = bSent ? "sent" : "published";
    const char *zId = bSent ? "f-sent" : "f-pub";
    const char *zKept = str_eq(zAction, zVerb) ? req_param_trim(r, "date") : 0;
    zErr = str_eq(zAction, zVerb) ? reg_err_of(e, "date") : 0;
    H(r, "<form method='post' action='/reports/%d/%t?org=%t' class='inline%s' novalidate>",
      p->year, zVerb, zOrg, zErr ? " has-err" : "");
    html_csrf(r);
    H(r, "<label for='%a'>%h</label><input id='%a' type='date' name='date' value='%a'>"
         "<button class='btn primary' type='submit'>%h</button>",
      zId, bSent ? "报送日期" : "公开日期", zId, zKept ? zKept : zToday,
      report_action_label(zVerb));
    if( zErr ) H(r, "<div class='err'>%h</div>", zErr);
    H(r, "</form>");
  }
  if( state_frozen(zS) && p->id && (m & ROLE_LEGAL) ){
    H(r, "<form method='post' action='/reports/%d/new-version?org=%t' class='inline'>", p->year, zOrg);
    html_csrf(r);
    H(r, "<button class='btn' type='submit' data-confirm='以本版为底稿新建一个草稿版本？'>新建版本</button></form>");
  }
  H(r, "</div>\n");
}

/* The 版头和版记 of the report: a form for 法规股 on a draft (the values
** typed kept and each problem beside its field after a failed save),
** else the values as a list. */
static void report_head_form(struct req *r, struct rpt *p, const struct reg_err *e,
                             const char *zAction){
  struct rpt_head h;
  bool bEdit = str_eq(p->zState, "draft") && (r->pUser->mRoles & ROLE_LEGAL);
  bool bTried = str_eq(zAction, "head");
  int i, iDoc = 0;
  const char *zNo;
  rpt_head_load(p->ar, p->id, p->unitId, p->year, p->zUnit, &h);
  date_parse(p->zDocDate ? p->zDocDate : p->zAsOf, &iDoc);
  zNo = rpt_head_docno(p->ar, &h, iDoc);
  H(r, "<details class='doc-head'%s><summary>版头和版记（发文字号%h，签发人%h，主送%h）</summary>\n",
    bTried ? " open" : "", zNo ? zNo : "无", h.az[RH_SIGNER][0] ? h.az[RH_SIGNER] : "未填",
    h.az[RH_RECIPIENT][0] ? h.az[RH_RECIPIENT] : "未填");
  if( !bEdit ){
    H(r, "<dl class='facts'>");
    for(i=0; i<RH_N; i++){
      const char *z = h.az[i];
      if( i==RH_SEALED ) z = str_eq(z, "0") ? "不加盖印章" : "加盖印章";
      H(r, "<dt>%h</dt><dd>%h</dd>", rpt_head_fields[i].zLabel, z);
    }
    H(r, "<dt>发文字号</dt><dd>%h</dd></dl></details>\n", zNo ? zNo : "");
    return;
  }
  H(r, "<form method='post' action='/reports/%d/head?org=%lld' novalidate>", p->year,
    (long long)p->unitId);
  html_csrf(r);
  for(i=0; i<RH_N; i++){
    const char *zKey = rpt_head_fields[i].zKey;
    const char *zId = arena_printf(r->arena, "h-%s", zKey);
    const char *zErr = bTried ? reg_err_of(e, zKey) : 0;
    const char *zVal = bTried && req_param(r, zKey) ? req_param(r, zKey) : h.az[i];
    html_field_begin(r, zId, rpt_head_fields[i].zLabel, false, zErr);
    if( i==RH_SEALED ){
      H(r, "<select id='f-%a' name='sealed'><option value='1'%s>加盖印章</option>"
           "<option value='0'%s>不加盖印章</option></select>", zId,
        str_eq(zVal, "0") ? "" : " selected", str_eq(zVal, "0") ? " selected" : "");
    }else if( i==RH_ATTACH ){
      H(r, "<textarea id='f-%a' name='%a' rows='2' cols='60'>%h</textarea>", zId, zKey, zVal);
    }else{
      H(r, "<input id='f-%a' name='%a' value='%a'%s size='40'>", zId, zKey, zVal,
        i==RH_PRINT_DATE ? " type='date'" : "");
    }
    html_field_end(r, rpt_head_fields[i].zHint, zErr);
  }
  H(r, "<button class='btn' type='submit'>保存版头和版记</button></form></details>\n");
}

/* The labels of the report page's fields, for the error summary (the
** ids are those of the controls: f-reason for the return's comment). */
static const char *const azReportLabel[] = {
  "reason", "退回理由", "sent", "报送日期", "pub", "公开日期", "asof", "数据截至日期",
  "docdate", "成文日期", "h-mark", "发文机关标志", "h-doc_no_fmt", "发文字号格式",
  "h-signer", "签发人", "h-recipient", "主送机关", "h-cc", "抄送机关", "h-printer", "印发机关",
  "h-print_date", "印发日期", "h-contact", "联系人和电话", "h-attach", "附件", "h-sealed", "落款", 0
};
static void report_show(struct req *r, const struct reg_err *e, const char *zAction);

/* GET /reports?year=&org=: the year's report with its state, gaps,
** downloads and the sign-off actions. */
void report_page(struct req *r){
  report_show(r, 0, 0);
}

/* The report page; e and zAction: the problems of the step last tried,
** in a summary on top and beside their fields (NULL: none). */
static void report_show(struct req *r, const struct reg_err *e, const char *zAction){
  struct buf err = BUF_INIT, doc = BUF_INIT;
  struct rpt *p;
  int year = req_year(r, false), i;
  i64 unitId;
  const char *zOrg;
  struct stmt q;
  if( year==0 ) return;
  if( (unitId = req_unit(r, false, 0))==0 ) return;
  p = rpt_load(unitId, year, 0, 0, &err);
  if( p==0 ){
    html_error_page(r, 404, err.buf);
    buf_release(&err);
    return;
  }
  rpt_prepare(p);
  zOrg = arena_printf(r->arena, "%lld", (long long)unitId);
  {
    static const char *const azCrumb[] = { "法治政府建设报告", "/reports", 0 };
    html_begin_crumbs(r, arena_printf(r->arena, "%d年度法治政府建设报告", year), "/reports",
                      azCrumb);
  }
  if( e ){
    /* the return's comment is the field f-reason */
    struct reg_err e2 = *e;
    for(i=0; i<e2.n; i++){
      if( str_eq(zAction, "return") && str_eq(e2.a[i].zField, "comment") ) e2.a[i].zField = "reason";
      if( str_eq(e2.a[i].zField, "date") ) e2.a[i].zField = str_eq(zAction, "sent") ? "sent" : "pub";
      if( str_eq(e2.a[i].zField, "as_of") ) e2.a[i].zField = "asof";
      if( str_eq(e2.a[i].zField, "doc_date") ) e2.a[i].zField = "docdate";
      if( str_eq(zAction, "head") && e2.a[i].zField ){
        e2.a[i].zField = arena_printf(r->arena, "h-%s", e2.a[i].zField);
      }
    }
    app_err_summary(r, &e2, azReportLabel);
  }else if( req_param(r, "ok") ){
    html_notice(r, "ok", report_done_notice(req_param(r, "ok")));
  }
  H(r, "<div class='toolbar'><form method='get' class='inline'><input type='hidden' name='org' value='%a'>"
       "<label for='f-year'>年度</label><input id='f-year' name='year' value='%d' size='6'>"
       "<button class='btn' type='submit'>切换</button></form>", zOrg, year);
  H(r, "<a class='btn' href='/reports/%d/download?format=docx&org=%t'>下载 Word</a>"
       "<a class='btn' href='/reports/%d/download?format=pdf&org=%t'>下载 PDF</a>"
       "<a class='btn' href='/reports/%d/download?format=md&org=%t'>Markdown</a>"
       "<a class='btn' href='/reports/%d/sheet?org=%t'>数据底稿</a>"
       "<a class='btn' href='/reports/%d/sheet?format=docx&org=%t'>数据底稿 Word</a>"
       "<a class='btn' href='/reports/%d/sheet?format=pdf&org=%t'>数据底稿 PDF</a></div>\n",
    year, zOrg, year, zOrg, year, zOrg, year, zOrg, year, zOrg, year, zOrg);
  H(r, "<dl class='facts'><dt>单位</dt><dd>%h</dd><dt>版本</dt><dd>%h</dd>"
       "<dt>状态</dt><dd><span class='status st-%a'>%h</span></dd>"
       "<dt>数据截至</dt><dd>%h</dd><dt>成文日期</dt><dd>%h</dd>",
    p->zUnit, p->id ? arena_printf(r->arena, "第%d版", p->version) : "尚未保存（默认底稿）",
    p->zState, state_name(p->zState), p->zAsOf, p->zDocDate ? p->zDocDate : p->zAsOf);
  if( p->zComment && p->zComment[0] ){
    H(r, "<dt>%s</dt><dd>%h</dd>", str_eq(p->zState, "draft") ? "退回理由" : "审定意见", p->zComment);
  }
  if( p->zSentOn ) H(r, "<dt>报送日期</dt><dd>%h</dd>", p->zSentOn);
  if( p->zPubOn ) H(r, "<dt>公开日期</dt><dd>%h</dd>", p->zPubOn);
  if( p->zDocxSm3 ) H(r, "<dt>Word 文件 SM3</dt><dd class='mono'>%h</dd>", p->zDocxSm3);
  if( p->zPdfSm3 ) H(r, "<dt>PDF 文件 SM3</dt><dd class='mono'>%h</dd>", p->zPdfSm3);
  H(r, "</dl>\n");
  report_actions_html(r, p, e, zAction);
  if( str_eq(p->zState, "draft") && (r->pUser->mRoles & ROLE_LEGAL) ){
    bool bTried = str_eq(zAction, "settings");
    const char *zAsOf = bTried ? req_param_trim(r, "as_of") : p->zAsOf;
    const char *zDoc = bTried ? req_param_trim(r, "doc_date") : p->zDocDate ? p->zDocDate : p->zAsOf;
    const char *zE1 = bTried ? reg_err_of(e, "as_of") : 0, *zE2 = bTried ? reg_err_of(e, "doc_date") : 0;
    H(r, "<form method='post' action='/reports/%d/settings?org=%t' class='toolbar' novalidate>",
      year, zOrg);
    html_csrf(r);
    html_field_begin(r, "asof", "数据截至日期", true, zE1);
    H(r, "<input id='f-asof' type='date' name='as_of' value='%a'>", zAsOf ? zAsOf : "");
    html_field_end(r, 0, zE1);
    html_field_begin(r, "docdate", "成文日期", true, zE2);
    H(r, "<input id='f-docdate' type='date' name='doc_date' value='%a'>", zDoc ? zDoc : "");
    html_field_end(r, 0, zE2);
    H(r, "<button class='btn' type='submit'>保存日期</button></form>\n");
  }
  say_findings_html(r, p, str_eq(p->zState, "draft") && (r->pUser->mRoles & ROLE_LEGAL));
  rpt_html(p, &doc, str_eq(p->zState, "draft") && (r->pUser->mRoles & ROLE_LEGAL));
  html_raw(r, doc.buf);           /* built by rpt_html: every text through %h */
  report_head_form(r, p, e, zAction);
  H(r, "<h2>版本</h2><table class='list'><thead><tr><th>版本</th><th>状态</th><th>数据截至</th>"
       "<th>报送</th><th>公开</th><th></th></tr></thead><tbody>");
  db_prepare(&q, "SELECT rev, state, as_of, sent_on, published_on FROM report"
                 " WHERE org_id=?1 AND year=?2 ORDER BY rev DESC");
  db_bind_int64(&q, 1, unitId);
  db_bind_int64(&q, 2, year);
  while( db_step(&q)==DB_ROW ){
    int v = (int)db_column_int64(&q, 0);
    H(r, "<tr><td>第%d版</td><td>%h</td><td>%h</td><td>%h</td><td>%h</td>"
         "<td><a href='/reports/%d/download?format=pdf&version=%d&org=%t'>PDF</a></td></tr>",
      v, state_name(db_column_text(&q, 1)), db_column_text(&q, 2), db_column_text(&q, 3),
      db_column_text(&q, 4), year, v, zOrg);
  }
  db_finalize(&q);
  H(r, "</tbody></table>\n");
  html_end(r);
  rpt_free(p);
  buf_release(&doc);
  buf_release(&err);
}

/* GET/POST /reports/:year/blocks/:seq: edit one paragraph of the draft. */
void report_block_page(struct req *r){
  struct actor a;
  struct buf err = BUF_INIT;
  struct rpt *p;
  int year = req_year(r, false);
  i64 unitId, seq;
  const char *zBody = 0;
  if( year==0 ) return;
  if( (unitId = req_unit(r, false, 0))==0 ) return;
  if( str_to_i64(r->azPathArg[1], 1, 1000, &seq) ){
    html_error_page(r, 404, "没有这一段");
    return;
  }
  actor_from_req(&a, r);
  if( str_eq(r->zMethod, "POST") ){
    zBody = req_param_trim(r, "body");
    if( report_set_block(&a, unitId, year, (int)seq, zBody, &err)==0 ){
      req_redirect(r, arena_printf(r->arena, "/reports?year=%d&org=%lld&ok=1#b%lld", year,
                                   (long long)unitId, (long long)seq));
      buf_release(&err);
      return;
    }
    r->status = 422;
  }
  p = rpt_load(unitId, year, 0, 0, &err);
  if( p==0 || seq>p->nBlock ){
    html_error_page(r, 404, "没有这一段");
    rpt_free(p);
    buf_release(&err);
    return;
  }
  if( zBody==0 ) zBody = p->azBody[seq-1];
  {
    const char *azCrumb[] = {
      "法治政府建设报告", "/reports",
      arena_printf(r->arena, "%d年度", year),
      arena_printf(r->arena, "/reports?year=%d&org=%lld", year, (long long)unitId), 0
    };
    html_begin_crumbs(r, arena_printf(r->arena, "编辑%d年度报告第%lld段", year, (long long)seq),
                      "/reports", azCrumb);
  }
  if( err.len ){
    html_err_summary_begin(r, 1);
    html_err_item(r, "body", "段落内容", err.buf);
    html_err_summary_end(r);
  }
  H(r, "<form method='post' action='/reports/%d/blocks/%lld?org=%lld' novalidate>", year,
    (long long)seq, (long long)unitId);
  html_csrf(r);
  html_field_begin(r, "body", "段落内容", true, err.len ? err.buf : 0);
  H(r, "<textarea id='f-body' name='body' rows='12' cols='80'"
       " data-chips='year=%d&amp;org=%lld&amp;as_of=%a'>%h</textarea>",
    year, (long long)unitId, p->zAsOf, zBody);
  html_field_end(r, "数据项写作 {{键|名称}}，如 {{org.schools|中小学数}}；"
                    "{{year}} 年度，{{next_year}} 下一年度，{{unit}} 单位，{{as_of}} 数据截至日期，"
                    "{{as_of_month}} 截至月份，{{as_of_period}} 截至旬；"
                    "按数值选择措辞：{{键|名称|=100:为100时的话|>=2:不少于2时的话|其他时的话}}，"
                    "话中 # 为数值，[分子] [分母] 为比率的分子分母，[名单] 为未达标的单位，"
                    "[较上年] 为与上年同期的比较，[其他数据项的键] 为其数值。",
                 err.len ? err.buf : 0);
  html_form_actions(r, "保存", arena_printf(r->arena, "/reports?year=%d&org=%lld", year,
                                            (long long)unitId));
  H(r, "</form>\n");
  html_end(r);
  rpt_free(p);
  buf_release(&err);
}

/* POST /reports/:year/:action (submit approve return sent published
** new-version settings): 保存成功 after the redirect; a problem with what
** was typed shows the report page again with every problem on top and
** beside its field, the values kept (422); a wrong state says so (409). */
void report_action_page(struct req *r){
  struct actor a;
  struct reg_err e;
  int year = req_year(r, false);
  i64 unitId;
  const char *zAction = strrchr(r->zPath, '/') + 1, *zArg = 0, *zArg2 = 0;
  if( year==0 ) return;
  if( (unitId = req_unit(r, false, 0))==0 ) return;
  actor_from_req(&a, r);
  reg_err_init(&e, r->arena);
  if( str_eq(zAction, "sent") || str_eq(zAction, "published") ) zArg = req_param_trim(r, "date");
  else if( str_eq(zAction, "settings") ){
    zArg = req_param_trim(r, "as_of");
    zArg2 = req_param_trim(r, "doc_date");
  }else zArg = req_param_trim(r, "comment");
  if( report_action(&a, unitId, year, zAction, zArg, zArg2, &e)==0 ){
    req_redirect(r, arena_printf(r->arena, "/reports?year=%d&org=%lld&ok=%t", year, (long long)unitId,
                                 zAction));
  }else if( e.eKind==REG_EINVALID && e.a[0].zField ){
    r->status = 422;
    report_show(r, &e, zAction);
  }else{
    html_error_page(r, reg_err_status(e.eKind), reg_err_text(&e));
  }
}

/* The format of ?format= (html when absent); 0 when unknown. */
static int rpt_format(const char *z){
  if( z==0 || str_eq(z, "html") ) return RPT_HTML;
  if( str_eq(z, "docx") ) return RPT_DOCX;
  if( str_eq(z, "pdf") ) return RPT_PDF;
  if( str_eq(z, "md") ) return RPT_MD;
  return 0;
}

/* Reply with the report of unit and year as JSON: the state, the blocks,
** the figures used, the county table of a city and the gaps. */
static void report_json(struct req *r, i64 unitId, int year, int version, const char *zAsOf){
  struct buf err = BUF_INIT;
  struct rpt *p = rpt_load(unitId, year, version, zAsOf, &err);
  struct json_w j;
  int i;
  if( p==0 ){
    api_error(r, 404, "not_found", err.buf, 0);
    buf_release(&err);
    return;
  }
  rpt_prepare(p);
  api_begin(r, &j);
  json_obj_open(&j, 0);
  json_int(&j, "org_id", unitId);
  json_str(&j, "unit", p->zUnit);
  json_int(&j, "year", year);
  json_int(&j, "version", p->version);
  json_str(&j, "state", p->zState);
  json_str(&j, "state_name", state_name(p->zState));
  json_str(&j, "as_of", p->zAsOf);
  json_str(&j, "doc_date", p->zDocDate);
  json_str(&j, "comment", p->zComment);
  json_str(&j, "sent_on", p->zSentOn);
  json_str(&j, "published_on", p->zPubOn);
  json_str(&j, "docx_sm3", p->zDocxSm3);
  json_str(&j, "pdf_sm3", p->zPdfSm3);
  json_str(&j, "title", rpt_title(p));
  {
    struct rpt_head h;
    int iDoc = 0, k;
    date_parse(p->zDocDate ? p->zDocDate : p->zAsOf, &iDoc);
    rpt_head_load(p->ar, p->id, p->unitId, p->year, p->zUnit, &h);
    json_obj_open(&j, "head");
    for(k=0; k<RH_N; k++){
      if( k==RH_SEALED ) json_bool(&j, "sealed", !str_eq(h.az[k], "0"));
      else json_str(&j, rpt_head_fields[k].zKey, h.az[k]);
    }
    json_str(&j, "doc_no", h.zDocNo);
    json_str(&j, "doc_no_text", rpt_head_docno(p->ar, &h, iDoc));
    json_str(&j, "sheet_docx_sm3", h.zSheetDocx);
    json_str(&j, "sheet_pdf_sm3", h.zSheetPdf);
    json_str(&j, "sheet_html_sm3", h.zSheetHtml);
    json_obj_close(&j);
  }
  json_arr_open(&j, "blocks");
  for(i=0; i<p->nBlock; i++){
    json_obj_open(&j, 0);
    json_int(&j, "seq", i+1);
    json_str(&j, "kind", p->azKind[i]);
    json_str(&j, "body", p->azBody[i]);
    json_str(&j, "text", p->azText[i]);
    json_obj_close(&j);
  }
  json_arr_close(&j);
  json_arr_open(&j, "figures");
  for(i=0; i<p->nFig; i++){
    struct rfig *g = &p->aFig[i];
    json_obj_open(&j, 0);
    json_str(&j, "key", g->zKey);
    json_str(&j, "label", g->zLabel);
    json_bool(&j, "declared", g->f!=0);
    json_bool(&j, "known", g->bKnown);
    json_str(&j, "text", g->zValue);
    json_int(&j, "records", g->n);
    json_bool(&j, "manual", g->bManual);
    json_str(&j, "source", g->zSource);
    json_obj_close(&j);
  }
  json_arr_close(&j);
  {
    /* a city or province: the figures per county, the last row the total */
    const char **azHead, ***aazRow;
    int nCol, k, nChild = rpt_rollup(p, &nCol, &azHead, &aazRow);
    json_arr_open(&j, "counties");
    for(i=0; i<=nChild && nChild; i++){
      json_obj_open(&j, 0);
      json_str(&j, "name", aazRow[i][0]);
      json_bool(&j, "total", i==nChild);
      json_arr_open(&j, "values");
      for(k=1; k<nCol; k++) json_str(&j, 0, aazRow[i][k]);
      json_arr_close(&j);
      json_obj_close(&j);
    }
    json_arr_close(&j);
    json_arr_open(&j, "county_columns");
    for(k=1; k<nCol && nChild; k++) json_str(&j, 0, azHead[k]);
    json_arr_close(&j);
  }
  json_arr_open(&j, "gaps");
  for(i=0; i<p->nFig; i++){
    if( p->aFig[i].bKnown ) continue;
    json_obj_open(&j, 0);
    json_str(&j, "key", p->aFig[i].zKey);
    json_str(&j, "label", p->aFig[i].zLabel);
    json_str(&j, "reason", p->aFig[i].f ? "no_records" : "undeclared");
    json_obj_close(&j);
  }
  json_arr_close(&j);
  say_findings_json(&j, p);
  json_obj_close(&j);
  rpt_free(p);
  buf_release(&err);
}

/* Send the report of the request as a download or JSON (long work). */
static void report_send(struct req *r, bool bApi){
  struct buf err = BUF_INIT;
  const char *zFormat = req_param_trim(r, "format");
  const char *zVersion = req_param_trim(r, "version");
  int year = req_year(r, bApi), eFmt, rc;
  i64 unitId, version = 0;
  bool bAppendix = !str_eq(req_param_trim(r, "appendix"), "0");
  if( year==0 ) return;
  if( bApi && str_eq(zFormat, "json") ) zFormat = 0;
  eFmt = rpt_format(zFormat);
  if( eFmt==0 || (zVersion && str_to_i64(zVersion, 1, 10000, &version)) ){
    if( bApi ) api_error(r, 400, "bad_param", "format 应为 json、html、md、docx 或 pdf", "format");
    else html_error_page(r, 400, "格式应为 html、md、docx 或 pdf");
    return;
  }
  if( (unitId = req_unit(r, bApi, 0))==0 ) return;
  if( bApi && zFormat==0 ){
    report_json(r, unitId, year, (int)version, req_param_trim(r, "as_of"));
    return;
  }
  if( eFmt==RPT_HTML && !bApi ){
    req_redirect(r, arena_printf(r->arena, "/reports?year=%d&org=%lld", year, (long long)unitId));
    return;
  }
  if( (rc = report_render(unitId, year, (int)version, req_param_trim(r, "as_of"), eFmt,
                          bAppendix, &r->out, &err))!=0 ){
    buf_reset(&r->out);
    if( rc==-2 ) log_warn("report %d: %j", year, err.buf);
    if( bApi ) api_error(r, rc==-2 ? 500 : 422, rc==-2 ? "file_damaged" : "invalid", err.buf, 0);
    else html_error_page(r, rc==-2 ? 500 : 422, err.buf);
  }else if( eFmt==RPT_HTML ){
    req_set_type(r, "text/html; charset=utf-8");
  }else if( eFmt==RPT_MD ){
    req_set_type(r, "text/markdown; charset=utf-8");
  }else{
    req_attachment(r, eFmt==RPT_PDF ? "pdf" : "docx", arena_printf(r->arena, "report-%d", year),
                   arena_printf(r->arena, "%d年度法治政府建设情况的报告", year));
  }
  buf_release(&err);
}

/* GET /reports/:year/download?format=docx|pdf|md&version=&org=. */
void report_download_page(struct req *r){
  report_send(r, false);
}

/* GET /api/v1/reports/:year?format=json|html|md|docx|pdf&org=&as_of=&version=. */
void report_get_api(struct req *r){
  report_send(r, true);
}

/* POST /api/v1/reports/:year/:action {comment, date, org}. */
void report_action_api(struct req *r){
  static const char *const azAllowed[] = { "comment", "date", "org", "as_of", "doc_date", 0 };
  struct actor a;
  struct buf err = BUF_INIT;
  json_t *pBody;
  struct reg_err e;
  const char *zComment = 0, *zDate = 0, *zOrg = 0, *zAsOf = 0, *zDocDate = 0, *zArg, *zAction;
  int year = req_year(r, true);
  i64 unitId;
  if( year==0 ) return;
  if( (pBody = api_body(r))==0 ) return;
  if( json_check_keys(pBody, azAllowed, &err)<0
   || json_get_str(pBody, "comment", false, &zComment, &err)<0
   || json_get_str(pBody, "date", false, &zDate, &err)<0
   || json_get_str(pBody, "org", false, &zOrg, &err)<0
   || json_get_str(pBody, "as_of", false, &zAsOf, &err)<0
   || json_get_str(pBody, "doc_date", false, &zDocDate, &err)<0 ){
    api_error(r, 400, "bad_field", err.buf, 0);
    goto done;
  }
  if( (unitId = req_unit(r, true, zOrg))==0 ) goto done;
  actor_from_req(&a, r);
  zAction = strrchr(r->zPath, '/') + 1;      /* the route's last segment */
  zArg = str_eq(zAction, "sent") || str_eq(zAction, "published") ? zDate
       : str_eq(zAction, "settings") ? zAsOf : zComment;
  reg_err_init(&e, r->arena);
  if( report_action(&a, unitId, year, zAction, zArg, zDocDate, &e) ) reg_api_error(r, &e);
  else report_json(r, unitId, year, 0, 0);
done:
  json_decref(pBody);
  buf_release(&err);
}

/* PUT /api/v1/reports/:year/blocks/:seq {body, org}. */
void report_block_api(struct req *r){
  static const char *const azAllowed[] = { "body", "org", 0 };
  struct actor a;
  struct buf err = BUF_INIT;
  json_t *pBody;
  const char *zText = 0, *zOrg = 0;
  int year = req_year(r, true);
  i64 unitId, seq;
  if( year==0 ) return;
  if( str_to_i64(r->azPathArg[1], 1, 1000, &seq) ){
    api_error(r, 404, "not_found", "没有这一段", 0);
    return;
  }
  if( (pBody = api_body(r))==0 ) return;
  if( json_check_keys(pBody, azAllowed, &err)<0
   || json_get_str(pBody, "body", true, &zText, &err)<0
   || json_get_str(pBody, "org", false, &zOrg, &err)<0 ){
    api_error(r, 400, "bad_field", err.buf, "body");
    goto done;
  }
  if( (unitId = req_unit(r, true, zOrg))==0 ) goto done;
  actor_from_req(&a, r);
  if( report_set_block(&a, unitId, year, (int)seq, zText, &err) ){
    int st = strstr(err.buf, "当前为") ? 409 : strstr(err.buf, "没有第") ? 404 : 422;
    api_error(r, st, st==409 ? "conflict" : st==404 ? "not_found" : "invalid", err.buf, "body");
  }else{
    report_json(r, unitId, year, 0, 0);
  }
done:
  json_decref(pBody);
  buf_release(&err);
}

/* POST /reports/:year/head: save the 版头和版记 of the draft; the page again
** with every problem beside its field (422), or 409 for a wrong state. */
void report_head_page(struct req *r){
  struct actor a;
  struct reg_err e;
  const char *az[RH_N];
  int year = req_year(r, false), i;
  i64 unitId;
  if( year==0 ) return;
  if( (unitId = req_unit(r, false, 0))==0 ) return;
  for(i=0; i<RH_N; i++) az[i] = req_param(r, rpt_head_fields[i].zKey);
  actor_from_req(&a, r);
  reg_err_init(&e, r->arena);
  if( report_set_head(&a, unitId, year, az, &e)==0 ){
    req_redirect(r, arena_printf(r->arena, "/reports?year=%d&org=%lld&ok=1", year, (long long)unitId));
  }else if( e.eKind==REG_EINVALID ){
    r->status = 422;
    report_show(r, &e, "head");
  }else{
    html_error_page(r, reg_err_status(e.eKind), reg_err_text(&e));
  }
}

/* POST /api/v1/reports/:year/head {org, mark, doc_no_fmt, signer, recipient,
** cc, printer, print_date, contact, attach, sealed}: the keys given change. */
void report_head_api(struct req *r){
  static const char *const azAllowed[] = {
    "org", "mark", "doc_no_fmt", "signer", "recipient", "cc", "printer", "print_date",
    "contact", "attach", "sealed", 0
  };
  struct actor a;
  struct buf err = BUF_INIT;
  struct reg_err e;
  json_t *pBody;
  const char *az[RH_N], *zOrg = 0;
  int year = req_year(r, true), i;
  i64 unitId;
  if( year==0 ) return;
  if( (pBody = api_body(r))==0 ) return;
  memset(az, 0, sizeof(az));
  if( json_check_keys(pBody, azAllowed, &err)<0
   || json_get_str(pBody, "org", false, &zOrg, &err)<0 ){
    api_error(r, 400, "bad_field", err.buf, 0);
    goto done;
  }
  for(i=0; i<RH_N; i++){
    json_t *v = json_object_get(pBody, rpt_head_fields[i].zKey);
    if( v==0 || json_is_null(v) ) continue;
    if( i==RH_SEALED && json_is_boolean(v) ) az[i] = json_is_true(v) ? "1" : "0";
    else if( i==RH_SEALED && json_is_integer(v) ) az[i] = json_integer_value(v) ? "1" : "0";
    else if( json_is_string(v) ) az[i] = json_string_value(v);
    else{
      api_error(r, 400, "bad_field", arena_printf(r->arena, "%s应为文本", rpt_head_fields[i].zLabel),
                rpt_head_fields[i].zKey);
      goto done;
    }
  }
  if( (unitId = req_unit(r, true, zOrg))==0 ) goto done;
  actor_from_req(&a, r);
  reg_err_init(&e, r->arena);
  if( report_set_head(&a, unitId, year, az, &e) ) reg_api_error(r, &e);
  else report_json(r, unitId, year, 0, 0);
done:
  json_decref(pBody);
  buf_release(&err);
}

/* Send the 数据底稿 of the request (?format=html|md|docx|pdf). */
static void report_sheet_send(struct req *r, bool bApi){
  struct buf err = BUF_INIT;
  const char *zFormat = req_param_trim(r, "format");
  const char *zVersion = req_param_trim(r, "version");
  int year = req_year(r, bApi), eFmt, rc;
  i64 unitId, version = 0;
  if( year==0 ) return;
  eFmt = rpt_format(zFormat);
  if( eFmt==0 || (zVersion && str_to_i64(zVersion, 1, 10000, &version)) ){
    if( bApi ) api_error(r, 400, "bad_param", "format 应为 html、md、docx 或 pdf", "format");
    else html_error_page(r, 400, "格式应为 html、md、docx 或 pdf");
    return;
  }
  if( (unitId = req_unit(r, bApi, 0))==0 ) return;
  if( (rc = report_sheet(unitId, year, (int)version, req_param_trim(r, "as_of"), eFmt, &r->out,
                         &err))!=0 ){
    buf_reset(&r->out);
    if( rc==-2 ) log_warn("report sheet %d: %j", year, err.buf);
    if( bApi ) api_error(r, rc==-2 ? 500 : 422, rc==-2 ? "file_damaged" : "invalid", err.buf, 0);
    else html_error_page(r, rc==-2 ? 500 : 422, err.buf);
  }else if( eFmt==RPT_HTML ){
    req_set_type(r, "text/html; charset=utf-8");
  }else if( eFmt==RPT_MD ){
    req_set_type(r, "text/markdown; charset=utf-8");
  }else{
    req_attachment(r, eFmt==RPT_PDF ? "pdf" : "docx", arena_printf(r->arena, "sheet-%d", year),
                   arena_printf(r->arena, "%d年度法治政府建设情况报告数据底稿", year));
  }
  buf_release(&err);
}

/* GET /reports/:year/sheet?format=html|md|docx|pdf&version=&org=. */
void report_sheet_page(struct req *r){
  report_sheet_send(r, false);
}

/* GET /api/v1/reports/:year/sheet?format=html|md|docx|pdf&version=&org=&as_of=. */
void report_sheet_api(struct req *r){
  report_sheet_send(r, true);
}

/* GET /public/reports: published reports, no sign-in. */
void report_public_page(struct req *r){
  struct stmt q;
  int n = 0;
  html_begin_bare(r, "法治政府建设年度报告公开");
  H(r, "<h1>法治政府建设年度报告</h1><table class='list'><thead><tr><th>单位</th><th>年度</th>"
       "<th>公开日期</th><th>下载</th></tr></thead><tbody>\n");
  db_prepare(&q,
    "SELECT r.id, o.name, r.year, r.published_on FROM report r JOIN org o ON o.id=r.org_id"
    " WHERE r.state='published'"
    " ORDER BY r.year DESC, o.path, r.rev DESC");
  while( db_step(&q)==DB_ROW ){
    H(r, "<tr><td>%h</td><td>%lld年度</td><td>%h</td>"
         "<td><a href='/public/reports/%lld.pdf'>%h关于%lld年度法治政府建设情况的报告（PDF）</a></td></tr>\n",
      db_column_text(&q, 1), (long long)db_column_int64(&q, 2), db_column_text(&q, 3),
      (long long)db_column_int64(&q, 0), db_column_text(&q, 1), (long long)db_column_int64(&q, 2));
    n++;
  }
  db_finalize(&q);
  H(r, "</tbody></table>\n");
  if( n==0 ) H(r, "<div class='empty'>暂无已公开的报告</div>\n");
  html_end_bare(r);
}

/* GET /public/reports/:id.pdf: the stored PDF of a published version. */
void report_public_pdf(struct req *r){
  const char *z = r->azPathArg[0];
  size_t n = strlen(z);
  i64 id = 0;
  if( n<5 || !str_eq(z+n-4, ".pdf")
   || str_to_i64(arena_strndup(r->arena, z, n-4), 1, INT64_MAX, &id)
   || !db_exists("SELECT 1 FROM report WHERE id=?1 AND state='published'", "i", id)
   || rpt_stored_file(id, true, &r->out) ){
    buf_reset(&r->out);
    html_error_page(r, 404, "没有这份已公开的报告");
    return;
  }
  req_attachment(r, "pdf", arena_printf(r->arena, "report-%lld", (long long)id), "法治政府建设情况的报告");
}

/* ---- command ---- */

static const char zReportUsage[] =
  "用法: fazhi report --year 年度 [--as-of YYYY-MM-DD] [--org 单位] [--version N]\n"
  "                   --format docx|pdf|html|md [-o FILE] [--no-appendix]\n"
  "      fazhi report check --year 年度 [--as-of 日期] [--org 单位]\n"
  "按模板和各登记簿的记录生成年度法治政府建设情况报告（默认最新版本；尚无版本时用上一年度或默认底稿）。\n"
  "--as-of 草稿的数据截至日期（已审定的版本按审定时冻结的数据输出）；--org 单位编号或名称，\n"
  "默认最上级的教育局；docx/pdf 为公文格式（版头、主送机关、落款、版记），不附数据来源：\n"
  "数据来源见 sheet（数据底稿）；--no-appendix 仍可接受，已无作用。\n"
  "      fazhi report sheet --year 年度 [--as-of 日期] [--org 单位] [--version N]\n"
  "                   --format html|md|docx|pdf [-o FILE]\n"
  "sheet 输出数据底稿（每项数据的数值、分子分母、上年值、责任股室和计入、未计入的记录），随审签使用，\n"
  "不随报告报送；已审定的版本输出审定时保存的底稿。html 中的链接为完整网址（设置 public.address）。\n"
  "      fazhi report head --year 年度 [--org 单位] [--mark 文字] [--doc-no-format 格式] [--signer 姓名]\n"
  "                   [--recipient 机关] [--cc 机关] [--printer 机关] [--print-date 日期]\n"
  "                   [--contact 文字] [--attach 名称] [--sealed 1|0] [--as-of 日期] [--doc-date 日期]\n"
  "head 查看或修改草稿的版头和版记（发文字号格式中 %Y 为年份、%N 为审定时取得的顺序号）、\n"
  "数据截至日期和成文日期；不带修改项时列出当前设置。\n"
  "      fazhi report reason --year 年度 --finding 序号 --reason 理由 [--org 单位]\n"
  "check 按段列出报告中待补充的数据和与记录不符的表述，有未说明理由的问题时返回1；\n"
  "reason 由法规股为 check 列出的第几项问题记录理由（有问题且未说明理由时不能送审）。\n";

/* fazhi report head: show or change the draft's head and foot and dates. */
static int report_head_cmd(int argc, char **argv){
  static const char *const azOpt[RH_N] = {
    "--mark", "--doc-no-format", "--signer", "--recipient", "--cc", "--printer",
    "--print-date", "--contact", "--attach", "--sealed"
  };
  int n = argc-2, i, rc = 0;
  char **av = argv+2;
  const char *az[RH_N], *zYear, *zOrg, *zAsOf, *zDocDate;
  struct actor a;
  struct buf err = BUF_INIT;
  struct reg_err e;
  struct arena *ar;
  i64 year, unitId;
  bool bChange = false;
  zYear = cli_option(&n, av, "--year");
  zOrg = cli_option(&n, av, "--org");
  zAsOf = cli_option(&n, av, "--as-of");
  zDocDate = cli_option(&n, av, "--doc-date");
  for(i=0; i<RH_N; i++){
    az[i] = cli_option(&n, av, azOpt[i]);
    if( az[i] ) bChange = true;
  }
  if( cli_finish(n, av, 0, 0, zReportUsage) ) return 2;
  if( zYear==0 || str_to_i64(zYear, 2000, 2100, &year) ){
    fprintf(stderr, "fazhi: --year 应为2000到2100之间的年度\n");
    return 2;
  }
  if( cli_open() ) return 1;
  actor_cli(&a);
  if( (unitId = report_unit(&a, zOrg, &err))==0 ){
    fprintf(stderr, "fazhi: %s\n", err.buf);
    buf_release(&err);
    return 1;
  }
  ar = arena_new();
  reg_err_init(&e, ar);
  if( bChange && report_set_head(&a, unitId, (int)year, az, &e) ) rc = 1;
  if( rc==0 && (zAsOf || zDocDate) ){
    struct rpt *p = rpt_load(unitId, (int)year, 0, 0, &err);
    const char *zA = zAsOf ? zAsOf : p ? p->zAsOf : 0;
    const char *zD = zDocDate ? zDocDate : p ? p->zDocDate : 0;
    if( p && report_action(&a, unitId, (int)year, "settings", zA, zD, &e) ) rc = 1;
    rpt_free(p);
  }
  if( rc ){
    for(i=0; i<e.n; i++) fprintf(stderr, "fazhi: %s\n", e.a[i].zMsg);
  }else{
    struct rpt *p = rpt_load(unitId, (int)year, 0, 0, &err);
    if( p ){
      struct rpt_head h;
      int iDoc = 0;
      date_parse(p->zDocDate, &iDoc);
      rpt_head_load(p->ar, p->id, p->unitId, p->year, p->zUnit, &h);
      printf("数据截至\t%s\n成文日期\t%s\n", p->zAsOf, p->zDocDate);
      for(i=0; i<RH_N; i++) printf("%s\t%s\n", rpt_head_fields[i].zLabel, h.az[i]);
      printf("发文字号\t%s\n", rpt_head_docno(p->ar, &h, iDoc) ? rpt_head_docno(p->ar, &h, iDoc) : "");
      rpt_free(p);
    }
  }
  arena_free(ar);
  buf_release(&err);
  return rc;
}

int report_cmd(int argc, char **argv){
  int n = argc-1;
  char **av = argv+1;
  const char *zYear, *zAsOf, *zOrg, *zFormat, *zOut, *zVersion;
  bool bNoApp, bCheck = argc>2 && str_eq(argv[2], "check");
  struct actor a;
  struct buf out = BUF_INIT, err = BUF_INIT;
  i64 year, unitId, version = 0;
  int eFmt = RPT_HTML, rc;
  bool bSheet = argc>2 && str_eq(argv[2], "sheet");
  if( cli_flag(&n, av, "--help") ){ printf("%s", zReportUsage); return 0; }
  if( argc>2 && str_eq(argv[2], "head") ) return report_head_cmd(argc, argv);
  if( argc>2 && str_eq(argv[2], "reason") ) return say_reason_cmd(argc-2, argv+2);
  if( bCheck || bSheet ){ n--; av++; }
  zYear = cli_option(&n, av, "--year");
  zAsOf = cli_option(&n, av, "--as-of");
  zOrg = cli_option(&n, av, "--org");
  zFormat = bCheck ? 0 : cli_option(&n, av, "--format");
  zOut = bCheck ? 0 : cli_option(&n, av, "-o");
  zVersion = bCheck ? 0 : cli_option(&n, av, "--version");
  bNoApp = bCheck ? false : cli_flag(&n, av, "--no-appendix");
  if( cli_finish(n, av, 0, 0, zReportUsage) ) return 2;
  if( zYear==0 || str_to_i64(zYear, 2000, 2100, &year) ){
    fprintf(stderr, "fazhi: --year 应为2000到2100之间的年度\n");
    return 2;
  }
  if( !bCheck && (zFormat==0 || (eFmt = rpt_format(zFormat))==0) ){
    fprintf(stderr, "fazhi: --format 应为 docx、pdf、html 或 md\n");
    return 2;
  }
  if( zVersion && str_to_i64(zVersion, 1, 10000, &version) ){
    fprintf(stderr, "fazhi: --version 应为正整数\n");
    return 2;
  }
  if( cli_open() ) return 1;
  actor_cli(&a);
  if( (unitId = report_unit(&a, zOrg, &err))==0 ){
    fprintf(stderr, "fazhi: %s\n", err.buf);
    buf_release(&err);
    return 1;
  }
  if( bCheck ){
    struct rpt *p = rpt_load(unitId, (int)year, 0, zAsOf, &err);
    if( p==0 ){
      fprintf(stderr, "fazhi: %s\n", err.buf);
      buf_release(&err);
      return 1;
    }
    rpt_prepare(p);
    rc = say_check_print(p);
    rpt_free(p);
    return rc;
  }
  if( bSheet ) rc = report_sheet(unitId, (int)year, (int)version, zAsOf, eFmt, &out, &err);
  else rc = report_render(unitId, (int)year, (int)version, zAsOf, eFmt, !bNoApp, &out, &err);
  if( eFmt==RPT_PDF ) office_release_fonts();    /* nothing draws any more */
  if( rc ){
    fprintf(stderr, "fazhi: %s\n", err.buf);
    buf_release(&err);
    buf_release(&out);
    return 1;
  }
  rc = cli_write_file(zOut, &out);
  buf_release(&out);
  buf_release(&err);
  return rc;
}

/* ---- the audit log's view of report entries (audit.h) ---- */

/* "2024年度报告第1版" for report id zId (or "…第1版第5段" for a block
** "id#seq"), or NULL when it is gone. */
static const char *report_audit_name(struct arena *ar, const char *zId){
  const char *zHash = strchr(zId, '#');
  char *zNum = zHash ? arena_strndup(ar, zId, (size_t)(zHash - zId)) : arena_strdup(ar, zId);
  struct stmt q;
  const char *z = 0;
  i64 id;
  if( str_to_i64(zNum, 1, INT64_MAX, &id) ) return 0;
  db_prepare(&q, "SELECT o.name, r.year, r.rev FROM report r JOIN org o ON o.id=r.org_id"
                 " WHERE r.id=?1");
  db_bind_int64(&q, 1, id);
  if( db_step(&q)==DB_ROW ){
    z = arena_printf(ar, "%s %lld年度报告第%lld版%s%s%s", db_column_text(&q, 0),
                     (long long)db_column_int64(&q, 1), (long long)db_column_int64(&q, 2),
                     zHash ? "第" : "", zHash ? zHash+1 : "", zHash ? "段" : "");
  }
  db_finalize(&q);
  return z;
}

static const struct audit_field aReportAuditField[] = {
  { "org_id", "单位", AF_ORG, 0 },
  { "year", "年度", AF_TEXT, 0 },
  { "version", "版本", AF_TEXT, 0 },
  { "rev", "版本", AF_TEXT, 0 },
  { "state", "状态", AF_CHOICE, azState },
  { "as_of", "数据截至", AF_TEXT, 0 },
  { "doc_date", "成文日期", AF_TEXT, 0 },
  { "comment", "审定意见或退回理由", AF_TEXT, 0 },
  { "sent_on", "报送日期", AF_TEXT, 0 },
  { "published_on", "公开日期", AF_TEXT, 0 },
  { "docx_sm3", "Word 文件 SM3", AF_TEXT, 0 },
  { "pdf_sm3", "PDF 文件 SM3", AF_TEXT, 0 },
  { "approved_by", "审定人", AF_TEXT, 0 },
  { "mark", "发文机关标志", AF_TEXT, 0 },
  { "doc_no_fmt", "发文字号格式", AF_TEXT, 0 },
  { "doc_no", "发文字号", AF_TEXT, 0 },
  { "signer", "签发人", AF_TEXT, 0 },
  { "recipient", "主送机关", AF_TEXT, 0 },
  { "cc", "抄送机关", AF_TEXT, 0 },
  { "printer", "印发机关", AF_TEXT, 0 },
  { "print_date", "印发日期", AF_TEXT, 0 },
  { "contact", "联系人和电话", AF_TEXT, 0 },
  { "attach", "附件", AF_TEXT, 0 },
  { "sealed", "落款加盖印章", AF_BOOL, 0 },
  { "id", "", AF_HIDE, 0 },
  { 0, 0, 0, 0 }
};
const struct audit_kind report_audit_kind = {
  "report", "年度报告", 0, 0, report_audit_name, aReportAuditField
};

/* A block's name: its entries carry the block's row id (the kernel's
** child, report_flow.c), those written before migration 0039 "REPORT#SEQ". */
static const char *report_block_audit_name(struct arena *ar, const char *zId){
  i64 id;
  if( strchr(zId, '#')==0 ){
    if( str_to_i64(zId, 1, INT64_MAX, &id) ) return 0;
    zId = db_text(ar, 0, "SELECT report_id || '#' || seq FROM report_block WHERE id=?1", "i", id);
    if( zId==0 ) return 0;
  }
  return report_audit_name(ar, zId);
}

static const struct audit_field aBlockAuditField[] = {
  { "body", "段落内容", AF_TEXT, 0 },
  { "seq", "序号", AF_TEXT, 0 },
  { "kind", "类型", AF_TEXT, 0 },
  { 0, 0, 0, 0 }
};
const struct audit_kind report_block_audit_kind = {
  "report_block", "年度报告段落", 0, 0, report_block_audit_name, aBlockAuditField
};
