/*
** t_pdf.c -- tests of pdf.c: the sample report written straight to PDF,
** checked with pdfinfo (A4, pages), pdffonts (embedded subset CJK fonts)
** and pdftotext (title, page numbers).
*/
#include "test.h"
#include "../../src/base/buf.h"
#include "../../src/office/doc.h"
#include "../../src/office/pdf.h"

struct doc *t_sample_doc(void);
int t_run(const char *zCmd, struct buf *pOut);

void test_pdf(void){
  struct buf cmd = BUF_INIT, out = BUF_INIT, err = BUF_INIT;
  struct doc *d = t_sample_doc();
  char zPdf[256];
  const char *z, *zPage2;
  int nPages = 0, lead1 = -1, lead2 = -1;

  snprintf(zPdf, sizeof(zPdf), "%s/direct.pdf", test_tmpdir());
  CHECK_INT(pdf_write(d, zPdf, &err), 0);
  if( err.len ) fprintf(stderr, "    %s\n", err.buf);
  buf_reset(&err);
  CHECK_INT(pdf_write(d, "/nonexistent-dir/x.pdf", &err), -1);
  CHECK(strstr(err.buf, "无法")!=0);
  doc_free(d);

  buf_appendf(&cmd, "pdfinfo '%s'", zPdf);
  CHECK_INT(t_run(cmd.buf, &out), 0);
  CHECK(strstr(out.buf, "595.") && strstr(out.buf, " x 841."));
  CHECK(strstr(out.buf, "梨树县教育局关于2024年度法治政府建设情况的报告")!=0);
  CHECK(strstr(out.buf, "Author:          梨树县教育局")!=0);
  z = strstr(out.buf, "Pages:");
  if( z ) nPages = atoi(z+6);
  CHECK(nPages>=2 && nPages<=4);

  /* every font embedded and subset, and CJK */
  buf_reset(&cmd); buf_reset(&out);
  buf_appendf(&cmd, "pdffonts '%s' | tail -n +3 | awk '{print $1, $(NF-4), $(NF-3)}'",
              zPdf);
  CHECK_INT(t_run(cmd.buf, &out), 0);
  CHECK(strstr(out.buf, "CJK")!=0);
  CHECK(strstr(out.buf, " no")==0);
  CHECK(strstr(out.buf, "+NotoSerifCJK")!=0);
  CHECK(strstr(out.buf, "+NotoSansCJK")!=0);
  if( strstr(out.buf, " no") ) fprintf(stderr, "%s", out.buf);

  buf_reset(&cmd); buf_reset(&out);
  buf_appendf(&cmd, "pdftotext -layout '%s' -", zPdf);
  CHECK_INT(t_run(cmd.buf, &out), 0);
  /* the 1/5 em between Chinese and digits (as LibreOffice sets the DOCX)
  ** comes out of pdftotext as a space */
  CHECK(strstr(out.buf, "梨树县教育局关于 2024 年度")!=0);
  CHECK(strstr(out.buf, "法治政府建设情况的报告")!=0);
  /* pdftotext drops the spaces of "— 1 —" */
  CHECK(strstr(out.buf, "—1—")!=0);
  CHECK(strstr(out.buf, "—2—")!=0);
  /* the cell may wrap before "分部>" (columns are sized from the content) */
  CHECK(strstr(out.buf, "喇嘛甸镇中学 &")!=0 && strstr(out.buf, "分部>")!=0
        && strstr(out.buf, "幼儿园 <")!=0);
  zPage2 = strchr(out.buf, '\f');
  for(z=out.buf; *z; ){
    const char *zEnd = strchr(z, '\n');
    size_t n = zEnd ? (size_t)(zEnd - z) : strlen(z);
    if( zPage2 && z<zPage2 && memmem(z, n, "—1—", strlen("—1—")) ){
      lead1 = (int)strspn(z, " ");
    }
    if( zPage2 && z>zPage2 && memmem(z, n, "—2—", strlen("—2—")) ){
      lead2 = (int)strspn(z, " \f");
    }
    z += n + (zEnd ? 1 : 0);
  }
  CHECK(lead1>=20);
  CHECK(lead2>=0 && lead2<=8);
  if( getenv("FAZHI_KEEP_PDF") ){
    buf_reset(&cmd);
    buf_appendf(&cmd, "cp '%s' /tmp/fazhi-direct.pdf", zPdf);
    if( t_run(cmd.buf, 0) ) fprintf(stderr, "could not keep the PDF\n");
  }
  buf_release(&cmd);
  buf_release(&out);
  buf_release(&err);
  office_release_fonts();
}

/* LeakSanitizer: cairo 1.16 keeps 768 bytes per embedded font face after
** cairo_surface_finish() (3 allocations inside libcairo, no fazhi frame,
** still there after office_release_fonts()); and fontconfig keeps its
** default configuration for the process (about 1.7 KB, allocated once:
** office_release_fonts() no longer calls FcFini(), which asserted on
** objects pango's fontconfig thread still held).  Neither is a leak of ours
** nor grows per document. */
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void){
  return "leak:libcairo.so.2\nleak:libfontconfig.so.1\n";
}
