/*
** chart.c -- chart layout and its two back ends (SVG through the XML
** writer, cairo with pango text).
*/
#include "../common.h"
#include "chart.h"
#include "xml.h"
#include "../base/buf.h"
#include "../base/utf8.h"
#include <math.h>
#include <pango/pangocairo.h>

/* Series colours, readable in print and for common colour blindness. */
static const u32 aColor[CHART_MAX_SERIES] = {
  0x2f6fb0, 0xd9822b, 0x3a9a5b, 0xc0392b, 0x7d5ba6, 0x8c6d3f, 0xd35fb7, 0x5f6b73
};
#define C_TEXT 0x222222
#define C_AXIS 0x555555
#define C_GRID 0xdddddd

enum { A_START, A_MIDDLE, A_END };

/* The drawing operations a back end provides. */
struct canvas {
  void (*xRect)(struct canvas*, double x, double y, double w, double h, u32 rgb);
  void (*xLine)(struct canvas*, double x1, double y1, double x2, double y2,
                u32 rgb, double width);
  void (*xCircle)(struct canvas*, double cx, double cy, double r, u32 rgb);
  void (*xSlice)(struct canvas*, double cx, double cy, double r, double a0,
                 double a1, u32 rgb);
  /* text with its baseline at y, anchored at x */
  void (*xText)(struct canvas*, double x, double y, const char *z,
                double size, int eAnchor, u32 rgb, bool bBold);
};

/* Estimated width of z at font size: CJK 1 em, others 0.6 em. */
static double text_width(const char *z, double size){
  size_t n = strlen(z), i = 0;
  double w = 0;
  while( i<n ){
    size_t k = utf8_seq_len(z+i, n-i);
    if( k==0 ) k = 1;
    w += k>=3 ? 1.0 : 0.6;
    i += k;
  }
  return w*size;
}

double chart_nice_step(double range, int nTicks){
  double raw, mag, f;
  if( !(range>0) || nTicks<1 ) return 1;
  raw = range / nTicks;
  mag = pow(10, floor(log10(raw)));
  f = raw / mag;
  if( f<=1 ) f = 1;
  else if( f<=2 ) f = 2;
  else if( f<=5 ) f = 5;
  else f = 10;
  return f*mag;
}

/* Format v briefly: integers without decimals, else one or two. */
static void num_format(double v, char *z, size_t n){
  if( fabs(v - round(v))<1e-9 ) snprintf(z, n, "%.0f", v);
  else if( fabs(v*10 - round(v*10))<1e-9 ) snprintf(z, n, "%.1f", v);
  else snprintf(z, n, "%.2f", v);
}

/* Check the description. Returns 0 or -1 with a message in pErr. */
static int chart_check(const struct chart *c, struct buf *pErr){
  int i, j;
  if( c->eType<CHART_BAR || c->eType>CHART_PIE ){
    buf_appendf(pErr, "图表类型无效：%d", c->eType);
    return -1;
  }
  if( c->nCat<1 || c->nCat>CHART_MAX_CATS || c->azCat==0 ){
    buf_appendf(pErr, "图表分类数应为 1 到 %d 个", CHART_MAX_CATS);
    return -1;
  }
  if( c->nSeries<1 || c->nSeries>CHART_MAX_SERIES || c->aSeries==0 ){
    buf_appendf(pErr, "图表数据系列应为 1 到 %d 个", CHART_MAX_SERIES);
    return -1;
  }
  for(i=0; i<c->nSeries; i++){
    if( c->aSeries[i].aValue==0 ){
      buf_appendf(pErr, "图表第 %d 个数据系列没有数值", i+1);
      return -1;
    }
    for(j=0; j<c->nCat; j++){
      double v = c->aSeries[i].aValue[j];
      if( !isfinite(v) || (c->eType==CHART_PIE && i==0 && v<0) ){
        buf_appendf(pErr, "图表第 %d 个数据系列第 %d 个数值无效", i+1, j+1);
        return -1;
      }
    }
  }
  return 0;
}

/* The legend: one swatch and name per entry, centred on one row at y. */
static void draw_legend(struct canvas *cv, int n, const char *const *az,
                        double w, double y, double fs){
  double total = 0, x;
  int i;
  for(i=0; i<n; i++) total += fs*1.4 + text_width(az[i], fs) + fs;
  x = (w - total)/2;
  if( x<4 ) x = 4;
  for(i=0; i<n; i++){
    cv->xRect(cv, x, y - fs*0.8, fs*0.9, fs*0.9, aColor[i % CHART_MAX_SERIES]);
    cv->xText(cv, x + fs*1.3, y, az[i], fs, A_START, C_TEXT, false);
    x += fs*1.4 + text_width(az[i], fs) + fs;
  }
}

/* Bars or lines over value axis with nice ticks. */
static void draw_axes_chart(struct canvas *cv, const struct chart *c,
                            double w, double h, double top){
  double fs = h/26 < 11 ? 11 : h/26;
  double lo = 0, hi = 0, step, yMin, yMax, left, right, bottom, plotH, plotW;
  double band, v;
  const char *azName[CHART_MAX_SERIES];
  char z[48];
  int i, j;
  for(i=0; i<c->nSeries; i++){
    for(j=0; j<c->nCat; j++){
      v = c->aSeries[i].aValue[j];
      if( v<lo ) lo = v;
      if( v>hi ) hi = v;
    }
  }
  if( hi==lo ) hi = lo + 1;
  step = chart_nice_step(hi - lo, 5);
  if( c->bInteger && step<1 ) step = 1;          /* counts: no 0.2 ticks */
  yMin = floor(lo/step)*step;
  yMax = ceil(hi/step)*step;
  if( yMax - hi < step*0.15 ) yMax += step;      /* room for value labels */
  num_format(yMax, z, sizeof(z));
  left = text_width(z, fs) + fs*1.2;
  {
    num_format(yMin, z, sizeof(z));
    double l2 = text_width(z, fs) + fs*1.2;
    if( l2>left ) left = l2;
  }
  right = w - fs;
  bottom = h - fs*2.2 - (c->nSeries>1 ? fs*1.8 : 0);
  top += fs;
  plotH = bottom - top;
  plotW = right - left;
  if( plotH<10 || plotW<10 ) return;

  /* grid and tick labels */
  for(v=yMin; v<=yMax + step*1e-6; v+=step){
    double y = bottom - (v - yMin)/(yMax - yMin)*plotH;
    cv->xLine(cv, left, y, right, y, fabs(v)<step*1e-6 ? C_AXIS : C_GRID, 0.8);
    num_format(v, z, sizeof(z));
    cv->xText(cv, left - fs*0.4, y + fs*0.35, z, fs, A_END, C_TEXT, false);
  }
  cv->xLine(cv, left, top, left, bottom, C_AXIS, 1);

  band = plotW / c->nCat;
  for(j=0; j<c->nCat; j++){
    double fsCat = fs;
    double tw = text_width(c->azCat[j], fs);
    if( tw > band*0.95 ) fsCat = fs * band*0.95 / tw;
    cv->xText(cv, left + band*(j+0.5), bottom + fs*1.3, c->azCat[j], fsCat,
              A_MIDDLE, C_TEXT, false);
  }
  {
    double y0 = bottom - (0 - yMin)/(yMax - yMin)*plotH;
    double barW = band*0.7 / c->nSeries;
    for(i=0; i<c->nSeries; i++){
      double xPrev = 0, yPrev = 0;
      for(j=0; j<c->nCat; j++){
        double vv = c->aSeries[i].aValue[j];
        double y = bottom - (vv - yMin)/(yMax - yMin)*plotH;
        double fsVal = fs*0.85;
        num_format(vv, z, sizeof(z));
        if( c->eType==CHART_BAR ){
          double x = left + band*j + band*0.15 + barW*i;
          cv->xRect(cv, x, y<y0 ? y : y0, barW*0.92, fabs(y0 - y),
                    aColor[i]);
          if( text_width(z, fsVal) > barW ) fsVal = fsVal*barW/text_width(z, fsVal);
          cv->xText(cv, x + barW*0.46, vv>=0 ? y - fs*0.3 : y + fsVal,
                    z, fsVal, A_MIDDLE, C_TEXT, false);
        }else{
          double x = left + band*(j+0.5);
          if( j>0 ) cv->xLine(cv, xPrev, yPrev, x, y, aColor[i], 2);
          xPrev = x; yPrev = y;
        }
      }
      if( c->eType==CHART_LINE ){
        for(j=0; j<c->nCat; j++){
          double vv = c->aSeries[i].aValue[j];
          double x = left + band*(j+0.5);
          double y = bottom - (vv - yMin)/(yMax - yMin)*plotH;
          cv->xCircle(cv, x, y, fs*0.25, aColor[i]);
          num_format(vv, z, sizeof(z));
          cv->xText(cv, x, y - fs*0.5, z, fs*0.85, A_MIDDLE, C_TEXT, false);
        }
      }
    }
  }
  if( c->nSeries>1 ){
    for(i=0; i<c->nSeries; i++) azName[i] = c->aSeries[i].zName ? c->aSeries[i].zName : "";
    draw_legend(cv, c->nSeries, azName, w, h - fs*0.6, fs);
  }
}

/* A pie of the first series, labels with percentages in the legend. */
static void draw_pie(struct canvas *cv, const struct chart *c, double w,
                     double h, double top){
  double fs = h/26 < 11 ? 11 : h/26;
  double total = 0, a = -M_PI/2, r, cx, cy, legendX, y;
  int j;
  for(j=0; j<c->nCat; j++) total += c->aSeries[0].aValue[j];
  r = (h - top - fs*2) / 2;
  if( r > w*0.3 ) r = w*0.3;
  cx = fs + r + w*0.05;
  cy = top + fs + r;
  legendX = cx + r + fs*2;
  y = cy - (c->nCat*fs*1.5)/2 + fs;
  for(j=0; j<c->nCat; j++){
    double v = c->aSeries[0].aValue[j];
    double da = total>0 ? v/total*2*M_PI : 0;
    char z[64], zNum[32];
    if( da>0 ) cv->xSlice(cv, cx, cy, r, a, a + da, aColor[j % CHART_MAX_SERIES]);
    a += da;
    cv->xRect(cv, legendX, y - fs*0.8, fs*0.9, fs*0.9, aColor[j % CHART_MAX_SERIES]);
    num_format(v, zNum, sizeof(zNum));
    snprintf(z, sizeof(z), "%s（%.1f%%）", zNum, total>0 ? v/total*100 : 0.0);
    cv->xText(cv, legendX + fs*1.3, y, c->azCat[j], fs, A_START, C_TEXT, false);
    cv->xText(cv, legendX + fs*1.3 + text_width(c->azCat[j], fs) + fs*0.5, y,
              z, fs, A_START, C_TEXT, false);
    y += fs*1.5;
  }
}

/* Lay the chart out and draw it on cv. */
static void chart_draw(struct canvas *cv, const struct chart *c, double w,
                       double h){
  double fsTitle = h/18 < 13 ? 13 : h/18, top = 0;
  cv->xRect(cv, 0, 0, w, h, 0xffffff);
  if( c->zTitle && c->zTitle[0] ){
    cv->xText(cv, w/2, fsTitle*1.3, c->zTitle, fsTitle, A_MIDDLE, C_TEXT, true);
    top = fsTitle*1.7;
  }
  if( c->eType==CHART_PIE ) draw_pie(cv, c, w, h, top);
  else draw_axes_chart(cv, c, w, h, top);
}

/* ---- SVG back end ---- */

struct svg_canvas {
  struct canvas base;
  struct xml x;
};

/* "#rrggbb" into z. */
static void svg_color(u32 rgb, char z[8]){
  snprintf(z, 8, "#%06x", (unsigned)(rgb & 0xffffff));
}

/* A number attribute with two decimals. */
static void svg_num(struct xml *x, const char *zName, double v){
  char z[32];
  snprintf(z, sizeof(z), "%.2f", v);
  xml_attr(x, zName, z);
}

static void svg_rect(struct canvas *cv, double x, double y, double w, double h,
                     u32 rgb){
  struct xml *px = &((struct svg_canvas*)cv)->x;
  char zC[8];
  svg_color(rgb, zC);
  xml_open(px, "rect");
  svg_num(px, "x", x); svg_num(px, "y", y);
  svg_num(px, "width", w); svg_num(px, "height", h);
  xml_attr(px, "fill", zC);
  xml_close(px);
}

static void svg_line(struct canvas *cv, double x1, double y1, double x2,
                     double y2, u32 rgb, double width){
  struct xml *px = &((struct svg_canvas*)cv)->x;
  char zC[8];
  svg_color(rgb, zC);
  xml_open(px, "line");
  svg_num(px, "x1", x1); svg_num(px, "y1", y1);
  svg_num(px, "x2", x2); svg_num(px, "y2", y2);
  xml_attr(px, "stroke", zC);
  svg_num(px, "stroke-width", width);
  xml_close(px);
}

static void svg_circle(struct canvas *cv, double cx, double cy, double r,
                       u32 rgb){
  struct xml *px = &((struct svg_canvas*)cv)->x;
  char zC[8];
  svg_color(rgb, zC);
  xml_open(px, "circle");
  svg_num(px, "cx", cx); svg_num(px, "cy", cy); svg_num(px, "r", r);
  xml_attr(px, "fill", zC);
  xml_close(px);
}

static void svg_slice(struct canvas *cv, double cx, double cy, double r,
                      double a0, double a1, u32 rgb){
  struct xml *px = &((struct svg_canvas*)cv)->x;
  char zC[8], zD[256];
  svg_color(rgb, zC);
  if( a1 - a0 >= 2*M_PI - 1e-9 ){
    svg_circle(cv, cx, cy, r, rgb);
    return;
  }
  snprintf(zD, sizeof(zD), "M%.2f %.2fL%.2f %.2fA%.2f %.2f 0 %d 1 %.2f %.2fZ",
           cx, cy, cx + r*cos(a0), cy + r*sin(a0), r, r,
           (a1 - a0) > M_PI ? 1 : 0, cx + r*cos(a1), cy + r*sin(a1));
  xml_open(px, "path");
  xml_attr(px, "d", zD);
  xml_attr(px, "fill", zC);
  xml_attr(px, "stroke", "#ffffff");
  xml_attr(px, "stroke-width", "1");
  xml_close(px);
}

static void svg_text(struct canvas *cv, double x, double y, const char *z,
                     double size, int eAnchor, u32 rgb, bool bBold){
  static const char *const azAnchor[] = { "start", "middle", "end" };
  struct xml *px = &((struct svg_canvas*)cv)->x;
  char zC[8];
  svg_color(rgb, zC);
  xml_open(px, "text");
  svg_num(px, "x", x); svg_num(px, "y", y);
  svg_num(px, "font-size", size);
  xml_attr(px, "text-anchor", azAnchor[eAnchor]);
  xml_attr(px, "fill", zC);
  if( bBold ) xml_attr(px, "font-weight", "bold");
  xml_text(px, z);
  xml_close(px);
}

int chart_svg(const struct chart *c, double w, double h, struct buf *pOut,
              struct buf *pErr){
  struct svg_canvas s;
  char zBox[64];
  if( chart_check(c, pErr) ) return -1;
  s.base.xRect = svg_rect;
  s.base.xLine = svg_line;
  s.base.xCircle = svg_circle;
  s.base.xSlice = svg_slice;
  s.base.xText = svg_text;
  xml_init(&s.x, pOut);
  xml_open(&s.x, "svg");
  xml_attr(&s.x, "xmlns", "http://www.w3.org/2000/svg");
  snprintf(zBox, sizeof(zBox), "0 0 %.0f %.0f", w, h);
  xml_attr(&s.x, "viewBox", zBox);
  xml_attr(&s.x, "role", "img");
  xml_attr(&s.x, "font-family",
           "'Noto Sans CJK SC','Microsoft YaHei','PingFang SC',sans-serif");
  if( c->zTitle ) xml_elem_text(&s.x, "title", c->zTitle);
  chart_draw(&s.base, c, w, h);
  if( xml_finish(&s.x) ){
    buf_appendf(pErr, "图表 SVG 生成失败");
    return -1;
  }
  return 0;
}

/* ---- cairo back end ---- */

struct cairo_canvas {
  struct canvas base;
  cairo_t *cr;
};

/* Set the source colour. */
static void cr_color(cairo_t *cr, u32 rgb){
  cairo_set_source_rgb(cr, ((rgb>>16)&0xff)/255.0, ((rgb>>8)&0xff)/255.0,
                       (rgb&0xff)/255.0);
}

static void cr_rect(struct canvas *cv, double x, double y, double w, double h,
                    u32 rgb){
  cairo_t *cr = ((struct cairo_canvas*)cv)->cr;
  cr_color(cr, rgb);
  cairo_rectangle(cr, x, y, w, h);
  cairo_fill(cr);
}

static void cr_line(struct canvas *cv, double x1, double y1, double x2,
                    double y2, u32 rgb, double width){
  cairo_t *cr = ((struct cairo_canvas*)cv)->cr;
  cr_color(cr, rgb);
  cairo_set_line_width(cr, width);
  cairo_move_to(cr, x1, y1);
  cairo_line_to(cr, x2, y2);
  cairo_stroke(cr);
}

static void cr_circle(struct canvas *cv, double cx, double cy, double r,
                      u32 rgb){
  cairo_t *cr = ((struct cairo_canvas*)cv)->cr;
  cr_color(cr, rgb);
  cairo_new_sub_path(cr);
  cairo_arc(cr, cx, cy, r, 0, 2*M_PI);
  cairo_fill(cr);
}

static void cr_slice(struct canvas *cv, double cx, double cy, double r,
                     double a0, double a1, u32 rgb){
  cairo_t *cr = ((struct cairo_canvas*)cv)->cr;
  cr_color(cr, rgb);
  cairo_move_to(cr, cx, cy);
  cairo_arc(cr, cx, cy, r, a0, a1);
  cairo_close_path(cr);
  cairo_fill_preserve(cr);
  cairo_set_source_rgb(cr, 1, 1, 1);
  cairo_set_line_width(cr, 1);
  cairo_stroke(cr);
}

static void cr_text(struct canvas *cv, double x, double y, const char *z,
                    double size, int eAnchor, u32 rgb, bool bBold){
  cairo_t *cr = ((struct cairo_canvas*)cv)->cr;
  PangoLayout *l = pango_cairo_create_layout(cr);
  PangoFontDescription *fd = pango_font_description_from_string("Noto Sans CJK SC");
  int base;
  PangoRectangle ink, logical;
  pango_font_description_set_absolute_size(fd, size*PANGO_SCALE);
  if( bBold ) pango_font_description_set_weight(fd, PANGO_WEIGHT_BOLD);
  pango_layout_set_font_description(l, fd);
  pango_layout_set_text(l, z, -1);
  pango_layout_get_extents(l, &ink, &logical);
  base = pango_layout_get_baseline(l);
  x -= eAnchor==A_MIDDLE ? logical.width/(2.0*PANGO_SCALE)
     : eAnchor==A_END ? logical.width/(double)PANGO_SCALE : 0;
  cr_color(cr, rgb);
  cairo_move_to(cr, x, y - base/(double)PANGO_SCALE);
  pango_cairo_show_layout(cr, l);
  pango_font_description_free(fd);
  g_object_unref(l);
}

int chart_cairo(const struct chart *c, cairo_t *cr, double x, double y,
                double w, double h, struct buf *pErr){
  struct cairo_canvas s;
  if( chart_check(c, pErr) ) return -1;
  s.base.xRect = cr_rect;
  s.base.xLine = cr_line;
  s.base.xCircle = cr_circle;
  s.base.xSlice = cr_slice;
  s.base.xText = cr_text;
  s.cr = cr;
  cairo_save(cr);
  cairo_translate(cr, x, y);
  cairo_rectangle(cr, 0, 0, w, h);
  cairo_clip(cr);
  chart_draw(&s.base, c, w, h);
  cairo_restore(cr);
  return 0;
}

/* cairo PNG writer callback: append to the buffer. */
static cairo_status_t png_sink(void *p, const unsigned char *a, unsigned n){
  buf_append((struct buf*)p, a, n);
  return CAIRO_STATUS_SUCCESS;
}

int chart_png(const struct chart *c, double w, double h, int nScale,
              struct buf *pOut, struct buf *pErr){
  cairo_surface_t *s;
  cairo_t *cr;
  int rc = 0;
  if( nScale<1 ) nScale = 1;
  if( nScale>8 ) nScale = 8;
  if( w<16 || h<16 || w*nScale>8000 || h*nScale>8000 ){
    buf_appendf(pErr, "图表尺寸无效：%.0f×%.0f", w, h);
    return -1;
  }
  if( chart_check(c, pErr) ) return -1;
  s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, (int)(w*nScale),
                                 (int)(h*nScale));
  cr = cairo_create(s);
  cairo_scale(cr, nScale, nScale);
  rc = chart_cairo(c, cr, 0, 0, w, h, pErr);
  cairo_destroy(cr);
  cairo_surface_flush(s);
  if( rc==0 && cairo_surface_write_to_png_stream(s, png_sink, pOut)
               !=CAIRO_STATUS_SUCCESS ){
    buf_appendf(pErr, "图表 PNG 生成失败");
    rc = -1;
  }
  cairo_surface_destroy(s);
  return rc;
}
