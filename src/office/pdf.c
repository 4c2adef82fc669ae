/*
** pdf.c -- the PDF writer: the document model laid out on a line grid
** with pango and drawn with cairo.
*/
#include "../common.h"
#include "pdf.h"
#include "doc.h"
#include "../base/buf.h"
#include "../base/fmt.h"
#include "../base/utf8.h"
#include "../base/util.h"
#include <ctype.h>
#include <malloc.h>
#include <math.h>
#include <pthread.h>
#include <unistd.h>
#include <cairo-pdf.h>
#include <fontconfig/fontconfig.h>
#include <hb.h>
#include <hb-ot.h>
#include <hb-subset.h>
#include <pango/pangocairo.h>
#include <pango/pangofc-fontmap.h>

#define MM          (72.0/25.4)
/* Portrait: A4, 版心 156 x 225 mm at 28 mm left, 37 mm top.  Landscape
** pages (a table that needs them) turn the 版心 to 225 x 156 mm. */
#define PAGE_W      (210.0*MM)
#define PAGE_H      (297.0*MM)
#define PITCH       (225.0*MM/22.0)       /* 22 lines */
#define CHAR_W      (156.0*MM/28.0)       /* 28 characters */
#define BODY_PT     16.0
#define TITLE_PT    22.0
#define SMALL_PT    14.0
/* Every advance at 313/320 of the font's: 28 characters of 16 pt in the
** 156 mm line, the glyphs themselves at full size.  The DOCX asks for 98 %
** (w:w); LibreOffice sets a 16 pt character 313 twips wide, so digits,
** quotes and Chinese narrow alike and a line holds what it holds there
** (a constant -0.25 pt per character made digits too narrow and Chinese
** too wide: 「…（2021-2025）》等纳入理论学」 did not fit). */
#define ADVANCE     (313.0/320.0)
/* The space between a Chinese character and a digit or Latin letter, in
** em: LibreOffice always puts 1/5 em there (its DOCX import ignores
** w:autoSpaceDE/DN), Word and WPS by default; without it the lines of a
** paragraph with figures break differently from the DOCX. */
#define AUTOSPACE   0.2
/* The mark pdf_autospace() puts where that space goes: U+2005 (a space,
** so a line may break after it and a line-final one takes no width);
** pdf_layout() gives each one the width of the space and no glyph. */
#define AUTOSPACE_MARK "\xe2\x80\x85"
#define CELL_PAD    4.0

/* The closest faces Debian packages for each role (scripts/install-deps.sh):
** 仿宋 body -> LXGW WenKai (fonts-lxgw-wenkai: no Simplified 仿宋 is
** packaged -- Debian's only 仿宋, fonts-cwtex-fs (cwTeX 仿宋體), covers
** Traditional characters: 188 of the 542 distinct Chinese characters of
** the demo report (县 国 学 报 业 为 …; 235 of 680 with its 数据底稿) are
** missing; its thin even strokes come nearest), 楷体 -> AR PL UKai CN (fonts-arphic-ukai),
** 黑体 -> Noto Sans CJK SC, the 小标宋 title -> Noto Serif CJK SC at its
** heaviest installed weight; Noto Serif CJK SC when one is missing. */
#define F_BODY   "LXGW WenKai,AR PL UKai CN,Noto Serif CJK SC"
#define F_SERIF  "Noto Serif CJK SC"
#define F_SANS   "Noto Sans CJK SC"
#define F_KAI    "AR PL UKai CN,AR PL KaitiM GB,Noto Serif CJK SC"
/* The page number "— N —" is half-width digits and two dashes: a Latin
** serif face (the DOCX sets Times New Roman for them), not a whole CJK
** face loaded and subset for three glyphs (Noto Serif CJK Regular alone
** kept 24 MB of the font file resident while the PDF was finished). */
#define F_FOLIO  "DejaVu Serif,Noto Serif CJK SC"

/* A face cut down to the characters of one document, written next to
** the PDF under a family name of its own. */
struct pdf_cut {
  const char *zFamily;    /* the families the styles name (F_SERIF, ...) */
  char zAlias[48];        /* the cut face's family, "" when not cut */
  char *zPath;            /* its file, removed when the PDF is written */
};

/* The writer's state. */
struct pdfw {
  cairo_surface_t *s;
  cairo_t *cr;
  PangoFontMap *pFonts;   /* this document's faces, released at the end */
  struct pdf_cut aCut[4]; /* 小标宋 title, 黑体, 仿宋 body and 楷体 faces */
  double y;           /* next free position below the top of the 版心 */
  int nPage;          /* the page being drawn, from 1 */
  bool bLandscape;    /* the page being drawn is landscape */
  double left, top;   /* the 版心 on this page */
  double textW, textH;
};

/* Set the geometry of the page about to be drawn. */
static void pdf_orient(struct pdfw *w, bool bLandscape){
  w->bLandscape = bLandscape;
  if( bLandscape ){
    cairo_pdf_surface_set_size(w->s, PAGE_H, PAGE_W);
    w->left = 37.0*MM; w->top = 28.0*MM; w->textW = 225.0*MM; w->textH = 156.0*MM;
  }else{
    cairo_pdf_surface_set_size(w->s, PAGE_W, PAGE_H);
    w->left = 28.0*MM; w->top = 37.0*MM; w->textW = 156.0*MM; w->textH = 225.0*MM;
  }
}

/* How one text block is set. */
struct pstyle {
  const char *zFont;
  double pt;
  bool bBold;
  double xOff;        /* from the left edge of the 版心 */
  double width;       /* line width */
  double indent;      /* first line (negative: hanging) */
  PangoAlignment eAlign;
  bool bJustify;
};

/* A copy of z (the caller frees it) with AUTOSPACE_MARK between every
** Chinese character and a digit or Latin letter next to it, as a word
** processor spaces them (「2024年」 is set 「2024 年」, 「（2021」 and
** 「100%达标」 are not). */
static char *pdf_autospace(const char *z){
  struct buf b = BUF_INIT;
  size_t n = strlen(z), i = 0, k;
  int prev = -1;
  while( i<n ){
    int cur = doc_script_at(z+i, n-i, &k);
    if( prev>=0 && cur>=0 && prev!=cur ) buf_puts(&b, AUTOSPACE_MARK);
    buf_append(&b, z+i, k);
    prev = cur;
    i += k;
  }
  return buf_detach(&b, 0);
}

/* A layout of z in style st (the caller unrefs it). */
static PangoLayout *pdf_layout(struct pdfw *w, const struct pstyle *st,
                               const char *z){
  PangoContext *ctx = pango_font_map_create_context(w->pFonts);
  PangoLayout *l;
  PangoFontDescription *fd;
  PangoAttrList *al = pango_attr_list_new();
  cairo_font_options_t *fo = cairo_font_options_create();
  char zFont[160];
  size_t i;
  /* a face cut for this document first, the whole face behind it */
  snprintf(zFont, sizeof(zFont), "%s", st->zFont);
  for(i=0; i<COUNT(w->aCut); i++){
    if( w->aCut[i].zAlias[0] && strcmp(st->zFont, w->aCut[i].zFamily)==0 ){
      snprintf(zFont, sizeof(zFont), "%s,%s", w->aCut[i].zAlias, st->zFont);
    }
  }
  fd = pango_font_description_from_string(zFont);
  pango_cairo_update_context(w->cr, ctx);
  l = pango_layout_new(ctx);
  g_object_unref(ctx);
  cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
  pango_cairo_context_set_font_options(ctx, fo);
  cairo_font_options_destroy(fo);
  /* advances as the font gives them, not rounded to whole points (a
  ** digit of 霞鹜文楷 is 9.6 pt, rounded 10: a line with eight digits
  ** would lose 3 pt against the DOCX) */
  pango_context_set_round_glyph_positions(ctx, FALSE);
  {
    /* pango lays out in the context's device space: a device wider by
    ** 1/ADVANCE gives advances of ADVANCE in the page's points, while
    ** cairo draws the glyphs at their size */
    PangoMatrix m = PANGO_MATRIX_INIT;
    m.xx = 1.0/ADVANCE;
    pango_context_set_matrix(ctx, &m);
  }
  pango_layout_context_changed(l);
  pango_font_description_set_absolute_size(fd, st->pt*PANGO_SCALE);
  /* the title (小标宋) takes the heaviest weight installed, others bold */
  if( st->bBold ) pango_font_description_set_weight(fd, st->pt>=TITLE_PT ? PANGO_WEIGHT_HEAVY
                                                                        : PANGO_WEIGHT_BOLD);
  pango_layout_set_font_description(l, fd);
  pango_font_description_free(fd);
  pango_attr_list_insert(al, pango_attr_language_new(
                               pango_language_from_string("zh-cn")));
  {
    /* each AUTOSPACE_MARK: AUTOSPACE em wide, nothing drawn */
    PangoRectangle r = { 0, 0, (int)(AUTOSPACE*st->pt*PANGO_SCALE), 0 };
    const char *zM = z;
    while( (zM = strstr(zM, AUTOSPACE_MARK))!=0 ){
      PangoAttribute *a = pango_attr_shape_new(&r, &r);
      a->start_index = (guint)(zM - z);
      a->end_index = a->start_index + 3;
      pango_attr_list_insert(al, a);
      zM += 3;
    }
  }
  pango_layout_set_attributes(l, al);
  pango_attr_list_unref(al);
  pango_layout_set_width(l, (int)(st->width*PANGO_SCALE));
  pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_indent(l, (int)(st->indent*PANGO_SCALE));
  pango_layout_set_alignment(l, st->eAlign);
  pango_layout_set_justify(l, st->bJustify);
  pango_layout_set_text(l, z, -1);
  return l;
}

/* The page number of the current page: "— N —", 14 pt, its 一字线 7 mm
** below the 版心; odd pages right, even pages left, one character in. */
static void pdf_footer(struct pdfw *w){
  struct pstyle st = { F_FOLIO, SMALL_PT, false, CHAR_W, w->textW - 2*CHAR_W,
                       0, PANGO_ALIGN_LEFT, false };
  char z[32];
  PangoLayout *l;
  double base;
  snprintf(z, sizeof(z), "— %d —", w->nPage);
  st.eAlign = (w->nPage % 2) ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT;
  l = pdf_layout(w, &st, z);
  /* the dash sits about 0.38 em above the baseline */
  base = w->top + w->textH + 7.0*MM + 0.38*SMALL_PT;
  cairo_set_source_rgb(w->cr, 0, 0, 0);
  cairo_move_to(w->cr, w->left + st.xOff,
                base - pango_layout_get_baseline(l)/(double)PANGO_SCALE);
  pango_cairo_show_layout(w->cr, l);
  g_object_unref(l);
}

/* Finish the page and start the next. */
static void pdf_new_page(struct pdfw *w){
  pdf_footer(w);
  cairo_show_page(w->cr);
  w->nPage++;
  w->y = 0;
}

/* Turn to landscape or portrait: a new page unless the current one is
** still empty. */
static void pdf_turn(struct pdfw *w, bool bLandscape){
  if( bLandscape==w->bLandscape ) return;
  if( w->y > 0 ) pdf_new_page(w);
  pdf_orient(w, bLandscape);
}

/* Move y down to the next grid line (no move when on one). */
static void pdf_snap(struct pdfw *w){
  double k = ceil(w->y/PITCH - 1e-6);
  w->y = k*PITCH;
  if( w->y >= w->textH - 1e-6 && w->y > 0 ) pdf_new_page(w);
}

/* True when z starts with a mark that may hang past the end of a line
** (。，、；：？！ and the closing brackets and quotes). */
static bool pdf_hangable(const char *z){
  static const char *const az[] = {
    "。", "，", "、", "；", "：", "？", "！", "）", "》", "”", "’", "」", "』", "】"
  };
  size_t i;
  for(i=0; i<sizeof(az)/sizeof(az[0]); i++){
    if( strncmp(z, az[i], strlen(az[i]))==0 ) return true;
  }
  return false;
}

/* Draw line (of a layout set in style st) at the current y, moving y
** down by its pitch and breaking the page before it when it is full. */
static void pdf_line(struct pdfw *w, const struct pstyle *st, PangoLayoutIter *it){
  PangoLayoutLine *line = pango_layout_iter_get_line_readonly(it);
  PangoRectangle rIter, rLine;
  double asc, h, n, x;
  pango_layout_iter_get_line_extents(it, 0, &rIter);
  pango_layout_line_get_extents(line, 0, &rLine);
  asc = -rLine.y/(double)PANGO_SCALE;
  h = rLine.height/(double)PANGO_SCALE;
  n = ceil(h/PITCH - 0.15);
  if( n<1 ) n = 1;
  if( w->y + n*PITCH > w->textH + 1e-6 && w->y > 0 ) pdf_new_page(w);
  x = w->left + st->xOff + (rIter.x - rLine.x)/(double)PANGO_SCALE;
  cairo_move_to(w->cr, x, w->top + w->y + (n*PITCH - h)/2 + asc);
  pango_cairo_show_layout_line(w->cr, line);
  w->y += n*PITCH;
}

/* Set a justified paragraph line by line as Word, WPS and LibreOffice do:
** a punctuation mark that would otherwise push the last character of a
** line down to the next one hangs past the end of the line instead
** (「紧紧围绕县委、」 on one line, not 「县/委、」). */
static void pdf_text_hang(struct pdfw *w, const struct pstyle *st, const char *z){
  size_t off = 0, n = strlen(z);
  struct pstyle st1 = *st, st2 = *st;
  st2.width = st->width + CHAR_W;
  cairo_set_source_rgb(w->cr, 0, 0, 0);
  do{
    PangoLayout *l1 = pdf_layout(w, &st1, z+off);
    PangoLayout *l2 = pdf_layout(w, &st2, z+off);
    PangoLayoutLine *p1 = pango_layout_get_line_readonly(l1, 0);
    PangoLayoutLine *p2 = pango_layout_get_line_readonly(l2, 0);
    PangoLayout *l = l1;
    PangoLayoutIter *it;
    int len = p1->length;
    if( p2->length>p1->length && p2->length>=3 && off+(size_t)p2->length<=n ){
      /* the wider line ends in a mark, and without it fits the width */
      const char *zEnd = z + off + p2->length, *zMark = zEnd - 3;
      if( pdf_hangable(zMark) && zMark>z+off ){
        int nMark = 0;
        pango_layout_line_index_to_x(p2, (int)(zMark - (z+off)), 0, &nMark);
        if( nMark/(double)PANGO_SCALE <= st->width - st1.indent + 0.5 ){
          l = l2;
          len = p2->length;
        }
      }
    }
    it = pango_layout_get_iter(l);
    pdf_line(w, l==l1 ? &st1 : &st2, it);
    pango_layout_iter_free(it);
    g_object_unref(l1);
    g_object_unref(l2);
    off += (size_t)len;
    st1.indent = st2.indent = 0;
    if( len<=0 ) break;
  }while( off<n );
  if( w->y >= w->textH - 1e-6 ) pdf_new_page(w);
}

/* Set z line by line on the grid, breaking pages between lines. Each
** line takes one line pitch (more when its text is taller). */
static void pdf_text(struct pdfw *w, const struct pstyle *st, const char *z){
  PangoLayout *l;
  PangoLayoutIter *it;
  char *zA = pdf_autospace(z);
  if( st->bJustify && st->indent>=0 ){
    pdf_text_hang(w, st, zA);
    free(zA);
    return;
  }
  l = pdf_layout(w, st, zA);
  it = pango_layout_get_iter(l);
  cairo_set_source_rgb(w->cr, 0, 0, 0);
  do{
    pdf_line(w, st, it);
  }while( pango_layout_iter_next_line(it) );
  pango_layout_iter_free(it);
  g_object_unref(l);
  free(zA);
  if( w->y >= w->textH - 1e-6 ) pdf_new_page(w);
}

/* A body-width style for font zFont. */
static struct pstyle pdf_body(const struct pdfw *w, const char *zFont, double indent){
  struct pstyle st = { zFont, BODY_PT, false, 0, w->textW, indent,
                       PANGO_ALIGN_LEFT, true };
  return st;
}

/* Draw one table row at the current y; heights measured first. */
static double pdf_row_height(struct pdfw *w, const struct doc_table *t,
                             const char *const *az, const double *aW,
                             bool bHead, PangoLayout **apL){
  double h = 0;
  int i;
  for(i=0; i<t->nCol; i++){
    struct pstyle st = { bHead ? F_SANS : F_BODY, SMALL_PT, false, 0,
                         aW[i] - 2*CELL_PAD, 0, PANGO_ALIGN_CENTER, false };
    PangoRectangle ink, log;
    /* (no 1/5 em here: the columns are sized from the characters alone,
    ** and 「12次」 must not wrap in its cell) */
    apL[i] = pdf_layout(w, &st, az[i]);
    if( !bHead && pango_layout_get_line_count(apL[i])>1 ){
      /* a lone last character (…实验小/学): narrow the cell's text by one
      ** character so two go down together (pdf_row_draw re-centres it) */
      PangoLayoutLine *pl = pango_layout_get_line_readonly(apL[i],
                              pango_layout_get_line_count(apL[i])-1);
      const char *zLast = pango_layout_get_text(apL[i]) + pl->start_index;
      int k = 0, nWord = 0;
      /* count the characters of the last line, punctuation aside ("部>") */
      while( k<pl->length ){
        size_t n = utf8_seq_len(zLast+k, (size_t)(pl->length-k));
        if( n==0 ) n = 1;
        if( n>1 || isalnum((unsigned char)zLast[k]) ) nWord++;
        k += (int)n;
      }
      if( nWord==1 ){
        pango_layout_set_width(apL[i], (int)((aW[i] - 2*CELL_PAD - SMALL_PT)*PANGO_SCALE));
      }
    }
    pango_layout_get_extents(apL[i], &ink, &log);
    if( log.height/(double)PANGO_SCALE > h ) h = log.height/(double)PANGO_SCALE;
  }
  h += 2*CELL_PAD;
  if( h < PITCH*0.9 ) h = PITCH*0.9;
  return h;
}

/* Draw the measured row (layouts apL, freed here) of height h at y. */
static void pdf_row_draw(struct pdfw *w, const struct doc_table *t,
                         const double *aW, PangoLayout **apL, double h){
  double x = w->left;
  int i;
  cairo_set_line_width(w->cr, 0.6);
  for(i=0; i<t->nCol; i++){
    PangoRectangle ink, log;
    pango_layout_get_extents(apL[i], &ink, &log);
    cairo_set_source_rgb(w->cr, 0, 0, 0);
    cairo_rectangle(w->cr, x, w->top + w->y, aW[i], h);
    cairo_stroke(w->cr);
    cairo_move_to(w->cr, x + CELL_PAD + (aW[i] - 2*CELL_PAD
                    - pango_layout_get_width(apL[i])/(double)PANGO_SCALE)/2,
                  w->top + w->y + (h - log.height/(double)PANGO_SCALE)/2);
    pango_cairo_show_layout(w->cr, apL[i]);
    g_object_unref(apL[i]);
    x += aW[i];
  }
  w->y += h;
}

/* A table over the width of the 版心; rows never split, the header row
** repeats at the top of each page. */
static void pdf_table(struct pdfw *w, const struct doc_table *t){
  PangoLayout *apL[DOC_MAX_COLS];
  double aW[DOC_MAX_COLS], hHead, nAvail;
  bool bWide;
  int i, r;
  /* widths from the content (doc.c), in characters of the table font */
  doc_table_widths(t, aW, &bWide);
  nAvail = bWide ? DOC_LANDSCAPE_W : DOC_PORTRAIT_W;
  for(i=0; i<t->nCol; i++) aW[i] = aW[i]*w->textW/nAvail;
  for(r=-1; r<t->nRow; r++){
    bool bHead = r<0;
    double h = pdf_row_height(w, t, bHead ? t->azHead : t->aazRow[r], aW,
                              bHead, apL);
    hHead = 0;
    if( bHead ){
      /* the header and the first row go together */
      PangoLayout *apT[DOC_MAX_COLS];
      hHead = h;
      if( t->nRow ){
        double h1 = pdf_row_height(w, t, t->aazRow[0], aW, false, apT);
        for(i=0; i<t->nCol; i++) g_object_unref(apT[i]);
        hHead += h1;
      }
      if( w->y + hHead > w->textH && w->y > 0 ) pdf_new_page(w);
    }else if( w->y + h > w->textH ){
      PangoLayout *apH[DOC_MAX_COLS];
      double hh;
      pdf_new_page(w);
      hh = pdf_row_height(w, t, t->azHead, aW, true, apH);
      pdf_row_draw(w, t, aW, apH, hh);
    }
    pdf_row_draw(w, t, aW, apL, h);
  }
  pdf_snap(w);
  w->y += PITCH;                      /* a blank line after the table */
  if( w->y >= w->textH - 1e-6 ) pdf_new_page(w);
}

/* Reader over PNG bytes for cairo. */
struct png_src {
  const unsigned char *a;
  size_t n, i;
};

/* cairo read callback. */
static cairo_status_t png_read(void *p, unsigned char *a, unsigned n){
  struct png_src *s = p;
  if( s->n - s->i < n ) return CAIRO_STATUS_READ_ERROR;
  memcpy(a, s->a + s->i, n);
  s->i += n;
  return CAIRO_STATUS_SUCCESS;
}

/* An image, centred, scaled to its size in mm (at most the 版心). */
static int pdf_image(struct pdfw *w, const struct doc_image *p,
                     struct buf *pErr){
  struct png_src src = { p->aPng, p->nPng, 0 };
  cairo_surface_t *img = cairo_image_surface_create_from_png_stream(png_read, &src);
  double wPt = p->wMm*MM, hPt = p->hMm*MM, pw, ph;
  if( cairo_surface_status(img)!=CAIRO_STATUS_SUCCESS ){
    cairo_surface_destroy(img);
    buf_appendf(pErr, "图片“%s”不是有效的 PNG 文件", p->zAlt ? p->zAlt : "");
    return -1;
  }
  if( wPt>w->textW ){ hPt = hPt*w->textW/wPt; wPt = w->textW; }
  if( hPt>w->textH ){ wPt = wPt*w->textH/hPt; hPt = w->textH; }
  if( w->y + hPt > w->textH + 1e-6 && w->y > 0 ) pdf_new_page(w);
  pw = cairo_image_surface_get_width(img);
  ph = cairo_image_surface_get_height(img);
  cairo_save(w->cr);
  cairo_translate(w->cr, w->left + (w->textW - wPt)/2, w->top + w->y);
  cairo_scale(w->cr, wPt/pw, hPt/ph);
  cairo_set_source_surface(w->cr, img, 0, 0);
  cairo_paint(w->cr);
  cairo_restore(w->cr);
  cairo_surface_destroy(img);
  w->y += hPt;
  pdf_snap(w);
  return 0;
}

/* The whole document. Returns 0 or -1 with a message in pErr. */
/* The blocks from pFirst on, each page turned to the orientation its
** block needs. Returns 0, or -1 with a message in pErr. */
static int pdf_blocks(struct pdfw *w, const struct doc *d, const struct doc_block *pFirst,
                      struct buf *pErr){
  static const char *const azHeadFont[] = { F_SANS, F_KAI, F_BODY, F_BODY };
  const struct doc_block *p;
  for(p=pFirst; p; p=p->pNext){
    pdf_turn(w, doc_block_landscape(d, p));
    switch( p->eKind ){
      case DOC_HEADING: {
        struct pstyle st = pdf_body(w, azHeadFont[p->iLevel-1], 2*CHAR_W);
        struct buf t = BUF_INIT;
        if( w->y + 2*PITCH > w->textH + 1e-6 ) pdf_new_page(w);
        buf_puts(&t, p->zNum);
        buf_puts(&t, p->zText);
        pdf_text(w, &st, t.buf);
        buf_release(&t);
        break;
      }
      case DOC_PARA: {
        struct pstyle st = pdf_body(w, F_BODY, 2*CHAR_W);
        pdf_text(w, &st, p->zText);
        break;
      }
      case DOC_TABLE:
        pdf_table(w, p->pTable);
        break;
      case DOC_IMAGE:
        if( pdf_image(w, p->pImage, pErr) ) return -1;
        break;
      case DOC_PAGEBREAK:
        if( w->y > 0 ) pdf_new_page(w);
        break;
    }
  }
  return 0;
}

/* Show layout l at x (left edge of its logical box) with its ink top at
** yInk (page coordinates), in red when bRed. */
static void pdf_show_at(struct pdfw *w, PangoLayout *l, double x, double yInk, bool bRed){
  PangoRectangle ink, log;
  pango_layout_get_extents(l, &ink, &log);
  if( bRed ) cairo_set_source_rgb(w->cr, 1, 0, 0);
  else cairo_set_source_rgb(w->cr, 0, 0, 0);
  cairo_move_to(w->cr, x, yInk - ink.y/(double)PANGO_SCALE);
  pango_cairo_show_layout(w->cr, l);
  cairo_set_source_rgb(w->cr, 0, 0, 0);
}

/* A horizontal rule across the 版心 at y (page coordinates). */
static void pdf_rule(struct pdfw *w, double y, double width, bool bRed){
  cairo_save(w->cr);
  if( bRed ) cairo_set_source_rgb(w->cr, 1, 0, 0);
  else cairo_set_source_rgb(w->cr, 0, 0, 0);
  cairo_set_line_width(w->cr, width);
  cairo_move_to(w->cr, w->left, y);
  cairo_line_to(w->cr, w->left + w->textW, y);
  cairo_stroke(w->cr);
  cairo_restore(w->cr);
}

/* The 版头 of a 上行文 (GB/T 9704 7.2): the red 发文机关标志 with its top
** 35 mm below the 版心, two lines below it the 发文字号 (one character in
** from the left) and the 签发人 (one character in from the right), the
** red rule 4 mm below them, two blank lines before the title. */
static void pdf_head(struct pdfw *w, const struct doc *d){
  double yBase;
  if( d->zMark ){
    struct pstyle st = { F_SERIF, 36.0, true, 0, w->textW, 0, PANGO_ALIGN_CENTER, false };
    PangoLayout *l = pdf_layout(w, &st, d->zMark);
    PangoRectangle ink, log;
    pango_layout_get_extents(l, &ink, &log);
    pdf_show_at(w, l, w->left, w->top + 35.0*MM, true);
    w->y = 35.0*MM + ink.height/(double)PANGO_SCALE;
    g_object_unref(l);
    pdf_snap(w);
    w->y += 2*PITCH;
  }
  if( d->zDocNo || d->zSigner ){
    struct pstyle st = pdf_body(w, F_BODY, 0);
    PangoLayout *l;
    st.bJustify = false;
    yBase = w->top + w->y + 0.78*PITCH;       /* the baseline of the grid line */
    cairo_set_source_rgb(w->cr, 0, 0, 0);
    if( d->zDocNo ){
      l = pdf_layout(w, &st, d->zDocNo);
      cairo_move_to(w->cr, w->left + CHAR_W, yBase - pango_layout_get_baseline(l)/(double)PANGO_SCALE);
      pango_cairo_show_layout(w->cr, l);
      g_object_unref(l);
    }
    if( d->zSigner ){
      struct pstyle kai = pdf_body(w, F_KAI, 0);
      PangoLayout *lName;
      PangoRectangle rL, rN;
      kai.bJustify = false;
      l = pdf_layout(w, &st, "签发人：");
      lName = pdf_layout(w, &kai, d->zSigner);
      pango_layout_set_width(l, -1);
      pango_layout_set_width(lName, -1);
      pango_layout_get_extents(l, 0, &rL);
      pango_layout_get_extents(lName, 0, &rN);
      {
        double xEnd = w->left + w->textW - CHAR_W;
        double xName = xEnd - rN.width/(double)PANGO_SCALE;
        double xLab = xName - rL.width/(double)PANGO_SCALE;
        cairo_move_to(w->cr, xLab, yBase - pango_layout_get_baseline(l)/(double)PANGO_SCALE);
        pango_cairo_show_layout(w->cr, l);
        cairo_move_to(w->cr, xName, yBase - pango_layout_get_baseline(lName)/(double)PANGO_SCALE);
        pango_cairo_show_layout(w->cr, lName);
      }
      g_object_unref(l);
      g_object_unref(lName);
    }
    /* the red rule 4 mm below the line's characters */
    pdf_rule(w, yBase + 0.12*BODY_PT + 4.0*MM, 1.0, true);
    w->y = yBase + 0.12*BODY_PT + 4.0*MM - w->top;
    pdf_snap(w);
    w->y += 2*PITCH;
  }else if( d->zMark ){
    w->y += PITCH;
  }
}

/* The 版记 (GB/T 9704 7.4) at the foot of the page: a rule, 抄送 (4号,
** one character in, later lines under the first name), a thinner rule,
** the 印发机关 (left) and 印发日期 (right), a rule at the foot. */
static void pdf_record(struct pdfw *w, const struct doc *d){
  struct pstyle cc = { F_BODY, SMALL_PT, false, SMALL_PT, w->textW - 2*SMALL_PT,
                       -3*SMALL_PT, PANGO_ALIGN_LEFT, false };
  struct pstyle pr = cc;
  PangoLayout *lCc = 0, *lP, *lD;
  char zD[32], zDate[48];
  int nCc = 0, i;
  double y0, yLine;
  doc_date_cn(d->iPrintDay, zD);
  snprintf(zDate, sizeof(zDate), "%s印发", zD);
  if( d->zCc ){
    size_t n = strlen(d->zCc);
    char *z = fmt_dup("抄送：%s%s", d->zCc, n>=3 && strcmp(d->zCc+n-3, "。")==0 ? "" : "。");
    cc.xOff = 4*SMALL_PT;
    cc.width = w->textW - 5*SMALL_PT;
    lCc = pdf_layout(w, &cc, z);
    free(z);
    nCc = pango_layout_get_line_count(lCc);
  }
  pr.indent = 0;
  lP = pdf_layout(w, &pr, d->zPrinter);
  pr.eAlign = PANGO_ALIGN_RIGHT;
  lD = pdf_layout(w, &pr, zDate);
  if( w->y + (nCc + 1)*PITCH > w->textH + 1e-6 && w->y > 0 ){
    pdf_new_page(w);
  }
  y0 = w->textH - (nCc + 1)*PITCH;
  pdf_rule(w, w->top + y0, 1.0, false);
  cairo_set_source_rgb(w->cr, 0, 0, 0);
  if( lCc ){
    PangoLayoutIter *it = pango_layout_get_iter(lCc);
    i = 0;
    do{
      PangoLayoutLine *line = pango_layout_iter_get_line_readonly(it);
      PangoRectangle rIter, rLine;
      pango_layout_iter_get_line_extents(it, 0, &rIter);
      pango_layout_line_get_extents(line, 0, &rLine);
      yLine = w->top + y0 + i*PITCH + PITCH/2 + SMALL_PT*0.35;
      cairo_move_to(w->cr, w->left + cc.xOff + (rIter.x - rLine.x)/(double)PANGO_SCALE, yLine);
      pango_cairo_show_layout_line(w->cr, line);
      i++;
    }while( pango_layout_iter_next_line(it) );
    pango_layout_iter_free(it);
    g_object_unref(lCc);
    pdf_rule(w, w->top + y0 + nCc*PITCH, 0.7, false);
  }
  yLine = w->top + y0 + nCc*PITCH + PITCH/2 + SMALL_PT*0.35;
  cairo_move_to(w->cr, w->left + SMALL_PT, yLine - pango_layout_get_baseline(lP)/(double)PANGO_SCALE);
  pango_cairo_show_layout(w->cr, lP);
  cairo_move_to(w->cr, w->left + SMALL_PT, yLine - pango_layout_get_baseline(lD)/(double)PANGO_SCALE);
  pango_cairo_show_layout(w->cr, lD);
  g_object_unref(lP);
  g_object_unref(lD);
  pdf_rule(w, w->top + w->textH, 1.0, false);
  w->y = w->textH;
}

static int pdf_body_all(struct pdfw *w, const struct doc *d, struct buf *pErr){
  int i;
  pdf_head(w, d);
  if( d->zTitle ){
    struct pstyle st = { F_SERIF, TITLE_PT, true, 0, w->textW, 0,
                         PANGO_ALIGN_CENTER, false };
    pdf_text(w, &st, d->zTitle);
    w->y += PITCH;
  }
  if( d->zRecipient ){
    struct pstyle st = pdf_body(w, F_BODY, 0);
    pdf_text(w, &st, d->zRecipient);
  }
  if( pdf_blocks(w, d, d->pFirst, pErr) ) return -1;
  if( d->nAttach || d->zIssuer || d->bDate ) pdf_turn(w, doc_block_landscape(d, DOC_END_BLOCK));
  for(i=0; i<d->nAttach; i++){
    char zNum[16];
    struct buf t = BUF_INIT;
    double numW;
    struct pstyle st;
    if( d->nAttach>1 ) snprintf(zNum, sizeof(zNum), "%d.", i+1);
    else zNum[0] = 0;
    numW = doc_width_halves(zNum)*CHAR_W/2;
    if( i==0 ) w->y += PITCH;
    buf_puts(&t, i==0 ? "附件：" : "");
    buf_puts(&t, zNum);
    buf_puts(&t, d->azAttach[i]);
    st = pdf_body(w, F_BODY, 0);
    st.bJustify = false;
    st.xOff = i==0 ? 2*CHAR_W : 5*CHAR_W;
    st.width = w->textW - st.xOff;
    st.indent = i==0 ? -(3*CHAR_W + numW) : -numW;
    if( w->y >= w->textH - 1e-6 ) pdf_new_page(w);
    pdf_text(w, &st, t.buf);
    buf_release(&t);
  }
  if( d->zIssuer || d->bDate ){
    char zDate[32];
    int nIssuer, nDate;
    struct pstyle st = pdf_body(w, F_BODY, 0);
    st.bJustify = false;
    st.eAlign = PANGO_ALIGN_RIGHT;
    doc_date_cn(d->iDate, zDate);
    doc_sign_layout(d, d->bDate ? zDate : "", &nIssuer, &nDate);
    w->y += PITCH;
    if( d->bSealed ) w->y += PITCH;          /* room for the seal */
    /* keep the 署名 and the date on one page */
    if( w->y + 2*PITCH > w->textH + 1e-6 ) pdf_new_page(w);
    if( d->zIssuer ){
      st.width = w->textW - nIssuer*CHAR_W/2;
      pdf_text(w, &st, d->zIssuer);
    }
    if( d->bDate ){
      st.width = w->textW - nDate*CHAR_W/2;
      pdf_text(w, &st, zDate);
    }
  }
  if( d->zNote ){
    struct pstyle st = pdf_body(w, F_BODY, 2*CHAR_W);
    char *z = fmt_dup("（%s）", d->zNote);
    st.bJustify = false;
    pdf_text(w, &st, z);
    free(z);
  }
  if( d->zAppTitle ){
    /* the 附件 after the 落款: a new page, 附件 flush left, the title */
    struct pstyle lab = pdf_body(w, F_SANS, 0);
    struct pstyle ttl = { F_SERIF, TITLE_PT, true, 0, w->textW, 0, PANGO_ALIGN_CENTER, false };
    if( w->y > 0 ) pdf_new_page(w);
    pdf_text(w, &lab, "附件");
    pdf_text(w, &ttl, d->zAppTitle);
    w->y += PITCH;
    if( pdf_blocks(w, d, d->pAppFirst, pErr) ) return -1;
  }
  if( d->zPrinter ) pdf_record(w, d);
  return 0;
}

/* Add the characters of z to the set. */
static void pdf_chars(hb_set_t *p, const char *z){
  while( z && *z ){
    hb_set_add(p, g_utf8_get_char_validated(z, -1));
    z = g_utf8_next_char(z);
  }
}

/* Every character of the blocks from p on into pSet. */
static void pdf_chars_blocks(hb_set_t *pSet, const struct doc_block *p){
  int i, r;
  for(; p; p=p->pNext){
    pdf_chars(pSet, p->zNum);
    pdf_chars(pSet, p->zText);
    if( p->eKind==DOC_TABLE ){
      for(i=0; i<p->pTable->nCol; i++) pdf_chars(pSet, p->pTable->azHead[i]);
      for(r=0; r<p->pTable->nRow; r++){
        for(i=0; i<p->pTable->nCol; i++) pdf_chars(pSet, p->pTable->aazRow[r][i]);
      }
    }
  }
}

/* Every character the document may set, in any face: its text, the
** words the writer adds (签发人：, 抄送：, 印发, 附件：, dates) and ASCII. */
static void pdf_chars_doc(hb_set_t *pSet, const struct doc *d){
  const char *az[] = { d->zTitle, d->zRecipient, d->zIssuer, d->zAppTitle, d->zMark,
                       d->zDocNo, d->zSigner, d->zNote, d->zCc, d->zPrinter,
                       "签发人：抄送：。印发附件：年月日（）—" };
  unsigned c;
  size_t i;
  int k;
  for(c=0x20; c<0x7f; c++) hb_set_add(pSet, c);
  for(i=0; i<COUNT(az); i++) pdf_chars(pSet, az[i]);
  for(k=0; k<d->nAttach; k++) pdf_chars(pSet, d->azAttach[k]);
  pdf_chars_blocks(pSet, d->pFirst);
  pdf_chars_blocks(pSet, d->pAppFirst);
}

/* Append a name table record's string as UTF-16BE. */
static void pdf_name_str(struct buf *pStr, const char *z){
  while( *z ){
    gunichar c = g_utf8_get_char(z);
    unsigned char a[2] = { (unsigned char)(c>>8), (unsigned char)c };
    buf_append(pStr, a, 2);
    z = g_utf8_next_char(z);
  }
}

/* A 'name' table (format 0, Windows Unicode, en-US) naming the family
** zFamily, style zStyle, the PostScript name zPs (kept from the face, so
** the PDF names the face it came from). */
static hb_blob_t *pdf_name_table(const char *zFamily, const char *zStyle, const char *zPs){
  const char *az[4];
  static const int aId[4] = { 1, 2, 4, 6 };
  char zFull[128];
  struct buf t = BUF_INIT, str = BUF_INIT;
  size_t n;
  int i;
  char *z;
  snprintf(zFull, sizeof(zFull), "%s %s", zFamily, zStyle);
  az[0] = zFamily; az[1] = zStyle; az[2] = zFull; az[3] = zPs;
  {
    unsigned char h[6] = { 0, 0, 0, 4, 0, 6 + 4*12 };
    buf_append(&t, h, 6);
  }
  for(i=0; i<4; i++){
    size_t off = str.len, len;
    unsigned char r[12];
    pdf_name_str(&str, az[i]);
    len = str.len - off;
    r[0] = 0; r[1] = 3; r[2] = 0; r[3] = 1; r[4] = 0x04; r[5] = 0x09;
    r[6] = 0; r[7] = (unsigned char)aId[i];
    r[8] = (unsigned char)(len>>8); r[9] = (unsigned char)len;
    r[10] = (unsigned char)(off>>8); r[11] = (unsigned char)off;
    buf_append(&t, r, 12);
  }
  buf_append(&t, str.buf, str.len);
  buf_release(&str);
  z = buf_detach(&t, &n);
  return hb_blob_create(z, (unsigned)n, HB_MEMORY_MODE_WRITABLE, z, free);
}

/* Cut the face fontconfig gives for the first of c->zFamily at weight
** (FC_WEIGHT_*) down to the characters in pSet, as c->zAlias in a file
** beside zPdf, added to cfg; on any failure c->zAlias stays "" and the
** whole face is used.
**
** Why: cairo subsets a CFF face by copying its whole CFF table, and every
** face's file stays mapped, the pages pango and cairo touched resident,
** while the PDF is written -- for the Noto CJK collections 25 MB (Serif
** Bold) and 17 MB (Sans) mapped plus the copy, LXGW WenKai 8.5 MB, most of
** a county report's 112 MB peak. harfbuzz reads only the glyphs it keeps;
** a cut face is a few hundred KiB. */
static void pdf_cut_face(struct pdf_cut *c, FcConfig *cfg, int weight,
                         hb_set_t *pSet, const char *zPdf, int iCut){
  FcPattern *pat = FcNameParse((const FcChar8*)c->zFamily), *m = 0;
  FcResult res;
  FcChar8 *zFile = 0, *zFam = 0;
  int idx = 0;
  hb_blob_t *blob = 0, *out = 0;
  hb_face_t *face = 0, *sub = 0, *bld = 0;
  hb_subset_input_t *in = 0;
  char zPs[128], zStyle[32];
  unsigned nPs = sizeof(zPs), nTag, k;
  FILE *f = 0;
  static const hb_tag_t aDrop[] = {
    HB_TAG('G','S','U','B'), HB_TAG('G','P','O','S'), HB_TAG('G','D','E','F'),
    HB_TAG('B','A','S','E'), HB_TAG('V','O','R','G'), HB_TAG('v','h','e','a'),
    HB_TAG('v','m','t','x'), HB_TAG('D','S','I','G'),
  };
  FcPatternAddInteger(pat, FC_WEIGHT, weight);
  FcPatternAddString(pat, FC_LANG, (const FcChar8*)"zh-cn");
  FcConfigSubstitute(cfg, pat, FcMatchPattern);
  FcDefaultSubstitute(pat);
  m = FcFontMatch(cfg, pat, &res);
  if( m==0 || FcPatternGetString(m, FC_FILE, 0, &zFile)!=FcResultMatch
   || FcPatternGetString(m, FC_FAMILY, 0, &zFam)!=FcResultMatch
   || strncmp((const char*)zFam, c->zFamily, strcspn(c->zFamily, ","))!=0
   || zFam[strcspn(c->zFamily, ",")]!=0 ) goto done;
  FcPatternGetInteger(m, FC_INDEX, 0, &idx);
  blob = hb_blob_create_from_file_or_fail((const char*)zFile);
  if( blob==0 ) goto done;
  face = hb_face_create(blob, (unsigned)idx & 0xffff);
  if( hb_ot_name_get_utf8(face, HB_OT_NAME_ID_POSTSCRIPT_NAME, hb_language_from_string("en", -1),
                          &nPs, zPs)==0 ) goto done;
  in = hb_subset_input_create_or_fail();
  if( in==0 ) goto done;
  hb_set_union(hb_subset_input_unicode_set(in), pSet);
  for(k=0; k<COUNT(aDrop); k++){
    hb_set_add(hb_subset_input_set(in, HB_SUBSET_SETS_DROP_TABLE_TAG), aDrop[k]);
  }
  sub = hb_subset_or_fail(face, in);
  if( sub==0 ) goto done;
  /* the same tables under a name of its own (the tags from the subset's
  ** table directory: harfbuzz 6 lists none for a face it built) */
  bld = hb_face_builder_create();
  {
    hb_blob_t *all = hb_face_reference_blob(sub);
    unsigned n;
    const unsigned char *a = (const unsigned char*)hb_blob_get_data(all, &n);
    nTag = n>=12 ? ((unsigned)a[4]<<8 | a[5]) : 0;
    for(k=0; k<nTag && 12 + 16*k + 16 <= n; k++){
      const unsigned char *r = a + 12 + 16*k;
      hb_tag_t tag = HB_TAG(r[0], r[1], r[2], r[3]);
      if( tag!=HB_TAG('n','a','m','e') ){
        hb_blob_t *t = hb_face_reference_table(sub, tag);
        hb_face_builder_add_table(bld, tag, t);
        hb_blob_destroy(t);
      }
    }
    hb_blob_destroy(all);
  }
  snprintf(c->zAlias, sizeof(c->zAlias), "fazhi-cut-%ld-%d", (long)getpid(), iCut);
  snprintf(zStyle, sizeof(zStyle), "%s", weight>=FC_WEIGHT_BOLD ? "Bold" : "Regular");
  {
    hb_blob_t *name = pdf_name_table(c->zAlias, zStyle, zPs);
    hb_face_builder_add_table(bld, HB_TAG('n','a','m','e'), name);
    hb_blob_destroy(name);
  }
  out = hb_face_reference_blob(bld);
  c->zPath = fmt_dup("%s.font%d.tmp%ld", zPdf, iCut, (long)getpid());
  f = fopen(c->zPath, "wb");
  if( f==0 || hb_blob_get_length(out)==0 ) goto fail;
  {
    unsigned n;
    const char *a = hb_blob_get_data(out, &n);
    if( fwrite(a, 1, n, f)!=n ) goto fail;
  }
  if( fclose(f) ){ f = 0; goto fail; }
  f = 0;
  if( !FcConfigAppFontAddFile(cfg, (const FcChar8*)c->zPath) ) goto fail;
  goto done;
fail:
  c->zAlias[0] = 0;
  if( f ) fclose(f);
  if( c->zPath ){ unlink(c->zPath); free(c->zPath); c->zPath = 0; }
done:
  if( out ) hb_blob_destroy(out);
  if( bld ) hb_face_destroy(bld);
  if( sub ) hb_face_destroy(sub);
  if( in ) hb_subset_input_destroy(in);
  if( face ) hb_face_destroy(face);
  if( blob ) hb_blob_destroy(blob);
  if( m ) FcPatternDestroy(m);
  FcPatternDestroy(pat);
}

/* One PDF is written at a time (pdf_write): its cut faces are the
** application fonts of pdf_cfg, a fontconfig configuration of the system's
** faces loaded once (a configuration loaded per PDF was never freed by
** pango and cairo: 240 KiB a PDF), cleared when the PDF is written.  The
** lock also keeps two PDFs' font memory from adding up in the server. */
static pthread_mutex_t pdf_mutex = PTHREAD_MUTEX_INITIALIZER;
static FcConfig *pdf_cfg;

/* This document's font map: the system's faces, plus its 小标宋, 黑体, 仿宋
** and 楷体 faces cut to the document's characters (pdf_cut_face). */
static void pdf_fonts_open(struct pdfw *w, const struct doc *d, const char *zPdf){
  static const struct { const char *zFamily; int weight; } a[] = {
    { F_SERIF, FC_WEIGHT_HEAVY }, { F_SANS, FC_WEIGHT_REGULAR },
    { F_BODY, FC_WEIGHT_REGULAR }, { F_KAI, FC_WEIGHT_REGULAR },
  };
  FcConfig *cfg;
  hb_set_t *pSet = hb_set_create();
  int i;
  if( pdf_cfg==0 ) pdf_cfg = FcInitLoadConfigAndFonts();
  cfg = pdf_cfg;
  pdf_chars_doc(pSet, d);
  w->pFonts = pango_cairo_font_map_new_for_font_type(CAIRO_FONT_TYPE_FT);
  for(i=0; i<(int)COUNT(a); i++){
    w->aCut[i].zFamily = a[i].zFamily;
    if( cfg ) pdf_cut_face(&w->aCut[i], cfg, a[i].weight, pSet, zPdf, i);
  }
  if( cfg && w->pFonts && PANGO_IS_FC_FONT_MAP(w->pFonts) ){
    pango_fc_font_map_set_config(PANGO_FC_FONT_MAP(w->pFonts), cfg);
  }
  hb_set_destroy(pSet);
  if( w->pFonts==0 ) w->pFonts = pango_cairo_font_map_new();
}

/* Release the document's faces (their files unmapped) and cut files. */
static void pdf_fonts_close(struct pdfw *w){
  size_t i;
  if( w->pFonts ) g_object_unref(w->pFonts);
  w->pFonts = 0;
  if( pdf_cfg ) FcConfigAppFontClear(pdf_cfg);
  for(i=0; i<COUNT(w->aCut); i++){
    if( w->aCut[i].zPath ){
      unlink(w->aCut[i].zPath);
      free(w->aCut[i].zPath);
      w->aCut[i].zPath = 0;
    }
  }
}

int pdf_write(const struct doc *d, const char *zPath, struct buf *pErr){
  struct pdfw w;
  char *zTmp = fmt_dup("%s.tmp%ld", zPath, (long)getpid());
  char zWhen[32];
  time_t t = (time_t)(d->tCreated ? d->tCreated : time_now());
  struct tm tm;
  int rc = -1;
  cairo_status_t st;

  memset(&w, 0, sizeof(w));
  w.nPage = 1;
  pthread_mutex_lock(&pdf_mutex);
  w.s = cairo_pdf_surface_create(zTmp, PAGE_W, PAGE_H);
  if( cairo_surface_status(w.s)!=CAIRO_STATUS_SUCCESS ){
    buf_appendf(pErr, "无法创建文件 %s：%s", zPath,
                cairo_status_to_string(cairo_surface_status(w.s)));
    cairo_surface_destroy(w.s);
    goto done;
  }
  gmtime_r(&t, &tm);
  strftime(zWhen, sizeof(zWhen), "%Y-%m-%dT%H:%M:%SZ", &tm);
  if( d->zPropTitle ){
    cairo_pdf_surface_set_metadata(w.s, CAIRO_PDF_METADATA_TITLE, d->zPropTitle);
  }
  if( d->zPropAuthor ){
    cairo_pdf_surface_set_metadata(w.s, CAIRO_PDF_METADATA_AUTHOR, d->zPropAuthor);
  }
  cairo_pdf_surface_set_metadata(w.s, CAIRO_PDF_METADATA_CREATOR, "fazhi");
  cairo_pdf_surface_set_metadata(w.s, CAIRO_PDF_METADATA_CREATE_DATE, zWhen);
  w.cr = cairo_create(w.s);
  pdf_fonts_open(&w, d, zPath);
  pdf_orient(&w, doc_block_landscape(d, 0));
  rc = pdf_body_all(&w, d, pErr);
  if( rc==0 ){
    if( w.y > 0 || w.nPage==1 ){
      pdf_footer(&w);
      cairo_show_page(w.cr);
    }
  }
  cairo_destroy(w.cr);
  cairo_surface_finish(w.s);
  st = cairo_surface_status(w.s);
  cairo_surface_destroy(w.s);
  pdf_fonts_close(&w);
  if( rc==0 && st!=CAIRO_STATUS_SUCCESS ){
    buf_appendf(pErr, "无法写入文件 %s：%s", zPath, cairo_status_to_string(st));
    rc = -1;
  }
  if( rc==0 && rename(zTmp, zPath) ){
    buf_appendf(pErr, "无法保存文件 %s：%s", zPath, strerror(errno));
    rc = -1;
  }
done:
  /* the faces' and cairo's memory (some 25 MB) back to the system: a
  ** server's pages stay resident otherwise (63 MB after 50 PDFs) */
  malloc_trim(0);
  pthread_mutex_unlock(&pdf_mutex);
  if( rc ) unlink(zTmp);
  free(zTmp);
  return rc;
}

void office_release_fonts(void){
  pthread_mutex_lock(&pdf_mutex);
  if( pdf_cfg ) FcConfigDestroy(pdf_cfg);
  pdf_cfg = 0;
  pthread_mutex_unlock(&pdf_mutex);
  pango_cairo_font_map_set_default(0);
  /* (neither cairo_debug_reset_static_data() nor FcFini(): a PDF's font
  ** map is finished by pango's fontconfig thread, which may still hold
  ** its faces here, and both assert on them; what stays is reachable from
  ** their statics, not a leak) */
}
