/*
** t_chart.c -- tests of chart.c: nice steps, SVG (well-formed, escaped
** Chinese labels, viewBox, no script), PNG bytes, bad descriptions.
*/
#include "test.h"
#include "../../src/base/buf.h"
#include "../../src/office/pdf.h"
#include "../../src/office/chart.h"

int t_run(const char *zCmd, struct buf *pOut);

void test_chart(void){
  static const char *const azCat[] = { "第一中学", "实验小学", "郭家店<镇>&校", "幼儿园" };
  static const double a1[] = { 12, 18.5, 9, 22 }, a2[] = { 3, 7, 0, 11 };
  static const double aBad[] = { 1, -2, 3, 4 };
  struct chart_series aSer[2] = { { "检查次数", a1 }, { "发现问题", a2 } };
  struct chart c = { CHART_BAR, "各校检查情况", 4, azCat, 2, aSer, false };
  struct buf svg = BUF_INIT, png = BUF_INIT, err = BUF_INIT, cmd = BUF_INIT;
  int e;
  char zPath[256];
  FILE *f;

  CHECK(chart_nice_step(100, 5)==20);
  CHECK(chart_nice_step(27, 5)==10);
  CHECK(chart_nice_step(0.7, 5)==0.2);
  CHECK(chart_nice_step(3, 5)==1);

  /* counts: a small range keeps whole-number ticks (not 0, 0.2 ... 1.2) */
  {
    static const double aCnt[] = { 0, 1, 1 };
    struct chart_series sc = { "学校数", aCnt };
    struct chart ci = { CHART_BAR, "计数", 3, azCat, 1, &sc, true };
    CHECK_INT(chart_svg(&ci, 600, 360, &svg, &err), 0);
    CHECK(strstr(svg.buf, ">0.2<")==0 && strstr(svg.buf, ">0.4<")==0);
    CHECK(strstr(svg.buf, ">1<")!=0);
    ci.bInteger = false;
    buf_reset(&svg);
    CHECK_INT(chart_svg(&ci, 600, 360, &svg, &err), 0);
    CHECK(strstr(svg.buf, ">0.2<")!=0);            /* the same data without the flag */
    buf_reset(&svg);
  }

  for(e=CHART_BAR; e<=CHART_PIE; e++){
    c.eType = e;
    buf_reset(&svg);
    CHECK_INT(chart_svg(&c, 600, 360, &svg, &err), 0);
    CHECK(strncmp(svg.buf, "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 600 360\"", 61)==0);
    CHECK(strstr(svg.buf, "郭家店&lt;镇&gt;&amp;校")!=0);
    CHECK(strstr(svg.buf, "各校检查情况")!=0);
    CHECK(strstr(svg.buf, "<script")==0);
    snprintf(zPath, sizeof(zPath), "%s/chart%d.svg", test_tmpdir(), e);
    f = fopen(zPath, "wb");
    CHECK(f && fwrite(svg.buf, 1, svg.len, f)==svg.len);
    if( f ) fclose(f);
    buf_reset(&cmd);
    buf_appendf(&cmd, "xmllint --noout '%s'", zPath);
    CHECK_INT(t_run(cmd.buf, 0), 0);

    buf_reset(&png);
    CHECK_INT(chart_png(&c, 480, 270, 2, &png, &err), 0);
    CHECK(png.len>1000 && memcmp(png.buf, "\x89PNG\r\n\x1a\n", 8)==0);
    if( getenv("FAZHI_KEEP_PDF") ){
      snprintf(zPath, sizeof(zPath), "/tmp/fazhi-chart%d.png", e);
      f = fopen(zPath, "wb");
      if( f ){ fwrite(png.buf, 1, png.len, f); fclose(f); }
    }
  }
  CHECK(strstr(svg.buf, "幼儿园")!=0 && strstr(svg.buf, "%）")!=0);  /* pie legend */

  /* bad descriptions are refused with a message */
  c.nCat = 0;
  buf_reset(&err);
  CHECK_INT(chart_svg(&c, 600, 360, &svg, &err), -1);
  CHECK(strstr(err.buf, "分类")!=0);
  c.nCat = 4;
  c.eType = CHART_PIE;
  aSer[0].aValue = aBad;
  buf_reset(&err);
  CHECK_INT(chart_png(&c, 480, 270, 2, &png, &err), -1);
  CHECK(strstr(err.buf, "无效")!=0);
  buf_release(&svg);
  buf_release(&png);
  buf_release(&err);
  buf_release(&cmd);
  office_release_fonts();
}
