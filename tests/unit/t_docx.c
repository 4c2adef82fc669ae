/*
** t_docx.c -- tests of xml.c, doc.c and docx.c: the XML writer, the
** document model, and a short official report written as DOCX, checked
** part by part with xmllint and, when soffice is installed, converted to
** PDF and measured (A4, pages, 28 characters a line, page numbers).
*/
#include "test.h"
#include "../../src/base/buf.h"
#include "../../src/office/pdf.h"
#include "../../src/base/date.h"
#include "../../src/office/chart.h"
#include "../../src/office/doc.h"
#include "../../src/office/docx.h"
#include "../../src/office/xml.h"

struct doc *t_sample_doc(void);
int t_run(const char *zCmd, struct buf *pOut);
int t_cjk_count(const char *z, size_t n);

/* Run zCmd with sh; its stdout is appended to pOut (if not NULL).
** Returns the exit status, or -1 when it could not run. */
int t_run(const char *zCmd, struct buf *pOut){
  FILE *f = popen(zCmd, "r");
  char a[4096];
  size_t n;
  int rc;
  if( f==0 ) return -1;
  while( (n = fread(a, 1, sizeof(a), f))>0 ){
    if( pOut ) buf_append(pOut, a, n);
  }
  rc = pclose(f);
  return rc==-1 ? -1 : (WIFEXITED(rc) ? WEXITSTATUS(rc) : -1);
}

/* CJK ideographs and full-width punctuation in the n bytes of z. */
int t_cjk_count(const char *z, size_t n){
  size_t i;
  int c = 0;
  for(i=0; i<n; i++){
    unsigned char b = (unsigned char)z[i];
    if( b==0xe3 || (b>=0xe4 && b<=0xe9) || b==0xef ) c++;
  }
  return c;
}

/* The report used by the DOCX and PDF tests: 2-3 pages. */
struct doc *t_sample_doc(void){
  static const char *const azHead[] = { "序号", "学校", "学生数", "法治副校长" };
  static const int aW[] = { 1, 4, 2, 2 };
  static const char *const aazRow[][4] = {
    { "1", "梨树县第一中学", "2,356", "已聘任" },
    { "2", "梨树县第二实验小学", "1,874", "已聘任" },
    { "3", "梨树县郭家店镇中心小学", "642", "已聘任" },
    { "4", "梨树县喇嘛甸镇中学 & 附属幼儿园 <分部>", "418", "已聘任" },
    { "5", "梨树县榆树台镇第一中心小学校", "533", "已聘任" },
  };
  static const char *const azCat[] = { "一月", "二月", "三月", "四月", "五月", "六月" };
  static const double aV[] = { 12, 18, 9, 22, 15, 27 };
  struct chart_series ser = { "检查次数", aV };
  struct chart c = { CHART_BAR, "2024年上半年行政检查次数", 6, azCat, 1, &ser, true };
  struct buf png = BUF_INIT, err = BUF_INIT;
  struct doc *d = doc_new(true);
  struct doc_table *t;
  size_t i;
  int day;

  doc_title(d, "梨树县教育局关于2024年度\n法治政府建设情况的报告");
  doc_recipient(d, "县委全面依法治县委员会办公室");
  doc_para(d, "2024年，我局深入贯彻习近平总书记重要讲话重要指示精神、党的二十大精神，深入贯彻习近平法治思想，紧紧围绕县委、县政府中心工作，坚持依法决策、推进依法行政，以法治思维不断促进全局各项工作高质量发展。现将有关情况报告如下：");
  doc_heading(d, 1, "2024年法治政府建设的基本情况");
  doc_heading(d, 2, "强化法治意识，切实落实责任");
  doc_para(d, "成立了由局主要领导为组长，分管领导为副组长，局相关科室负责人为成员的法治建设工作领导小组，党组书记、局长对法治建设重要工作亲自部署、重大问题亲自过问、重点环节亲自协调、重点任务亲自督办，定期召开领导班子会议听取法治建设工作汇报，教育系统法治建设工作基础不断夯实。");
  doc_para(d, "持续完善行政执法各项制度，根据有关法律法规规章的规定，结合我局实际，推进决策科学化、民主化、规范化。坚持重大决策集体讨论决定，切实提升行政管理水平，增强依法行政效能，推进法治决策、文明执法、公正司法、全民守法，扎实开展法治政府建设。");
  doc_heading(d, 2, "规范行政执法，提升执法水平");
  doc_para(d, "严格按照《行政许可法》的有关规定和相关文件精神，做到依法依规行政，落实限时办结制，做到不超时、不应付、不推诿，完善行政许可运行机制。所受理行政许可办件已全部办结，办结率100%，无一件行政复议、行政诉讼案件。");
  doc_para(d, "加强“双随机、一公开”监督检查，认真落实行政执法责任制，我局全面采用“我要执法”APP和执法记录仪开展行政检查工作。通过移动执法系统，执法人员实现了执法监督检查处理过程，都在系统全过程记录。");
  doc_heading(d, 3, "法治副校长配备情况");
  doc_para(d, "我局一直高度重视学校法治副校长的聘任工作，在县委政法委、公安局、检察院、法院等相关部门的协助下，目前全县89所中小学、48所幼儿园均聘任了专业人员担任法治副校长，法治副校长配备率达100%。部分学校情况见下表。");
  t = doc_table(d, 4, azHead, aW);
  for(i=0; i<COUNT(aazRow); i++) doc_table_row(t, aazRow[i]);
  if( chart_png(&c, 480, 270, 2, &png, &err)==0 ){
    doc_image(d, png.buf, png.len, 140, 78.75, "2024年上半年行政检查次数");
  }
  doc_heading(d, 1, "存在的问题和不足");
  doc_para(d, "2024年，县教育局在法治政府建设工作虽然取得一定成绩，但也存在薄弱环节。一是法治思想有待加强，部分工作人员对全面推进法治政府建设工作的重要性认识不足，运用法治思维和法治方式解决问题的能力还有待提高；二是行政执法业务水平需提高，缺少法律专业人才，专业化的法治队伍偏弱。");
  doc_heading(d, 1, "2025年度主要工作安排");
  doc_para(d, "充分认识新时代加强法治建设的重要性，持续深入学习习近平总书记全面依法治国新理念新思想新战略和相关会议精神，坚决贯彻党中央、省、市、县各级党委和政府的决策部署，罗列清单，明确责任，切实履行好法治政府建设工作职责，以“关键少数”带动“绝大多数”，推动法治政府建设各项任务落地。");
  doc_attachment(d, "2024年度法治副校长聘任名单");
  doc_attachment(d, "2024年度行政检查情况统计表");
  date_parse("2025-01-05", &day);
  doc_sign(d, "梨树县教育局", day);
  doc_props(d, 0, 0, 1736035200);         /* 2025-01-05 00:00 UTC */
  buf_release(&png);
  buf_release(&err);
  return d;
}

/* The XML writer: escaping, illegal characters, empty elements, limits. */
static void t_xml(void){
  struct buf b = BUF_INIT;
  struct xml x;
  int i, rc = 0;

  xml_init(&x, &b);
  xml_open(&x, "w:p");
  xml_attr(&x, "a", "x\"<&>'\n");
  xml_open(&x, "w:t");
  xml_text(&x, "A&B <c> \x01\x1f" "中\xff文\t'\"");
  xml_close(&x);
  xml_open(&x, "w:br");
  xml_close(&x);
  CHECK_INT(xml_finish(&x), 0);
  CHECK_STR(b.buf, "<w:p a=\"x&quot;&lt;&amp;&gt;&apos;&#10;\"><w:t>A&amp;B "
                   "&lt;c&gt; 中文\t&apos;&quot;</w:t><w:br/></w:p>");

  buf_reset(&b);
  xml_init(&x, &b);
  for(i=0; i<XML_MAX_DEPTH; i++) rc |= xml_open(&x, "e");
  CHECK_INT(rc, 0);
  CHECK_INT(xml_open(&x, "e"), -1);
  CHECK_INT(xml_finish(&x), -1);

  buf_reset(&b);
  xml_init(&x, &b);
  xml_open(&x, "a");
  xml_text(&x, "t");
  xml_attr(&x, "late", "v");              /* after content: a misuse */
  CHECK(xml_close(&x)==0 && xml_close(&x)==-1);
  CHECK_INT(xml_finish(&x), -1);
  buf_release(&b);
}

/* The model: numbering, dates, the 落款 arithmetic. */
static void t_model(void){
  struct doc *d = doc_new(true);
  const struct doc_block *p;
  char z[32];
  int iIssuer, iDate, n = 0;
  const char *azWant[] = { "一、", "（一）", "1.", "（1）", "2.", "（二）", "1.",
                           "二、", "（一）" };
  doc_heading(d, 1, "a");
  doc_heading(d, 2, "b");
  doc_heading(d, 3, "c");
  doc_heading(d, 4, "d");
  doc_heading(d, 3, "e");
  doc_heading(d, 2, "f");
  doc_heading(d, 3, "g");
  doc_heading(d, 1, "h");
  doc_heading(d, 2, "i");
  for(p=d->pFirst; p; p=p->pNext, n++) CHECK_STR(p->zNum, azWant[n]);
  CHECK_INT(n, 9);
  for(n=0; n<9; n++) doc_heading(d, 1, "x");
  CHECK_STR(d->pLast->zNum, "十一、");
  CHECK_STR(doc_date_cn(date_from_ymd(2025, 1, 5), z), "2025年1月5日");
  CHECK_STR(doc_date_cn(date_from_ymd(2024, 12, 31), z), "2024年12月31日");
  doc_recipient(d, "各乡镇中心校");
  CHECK_STR(d->zRecipient, "各乡镇中心校：");
  doc_recipient(d, "各学校：");
  CHECK_STR(d->zRecipient, "各学校：");
  CHECK_INT(doc_width_halves("2025年1月5日"), 12);
  /* the layout counts the 1/5 em between Chinese and each digit run too:
  ** five of them in 「2025年1月5日」, 2 halves: 14 halves in all */
  /* a long 署名: 右空二字, the date two characters right of its start */
  doc_sign(d, "梨树县教育局法治建设工作领导小组", date_from_ymd(2025, 1, 5));
  doc_sign_layout(d, "2025年1月5日", &iIssuer, &iDate);
  CHECK_INT(iIssuer, 4);
  CHECK_INT(iDate, 4 + 32 - 4 - 14);
  /* a date as long as the 署名: the date 右空二字, the 署名 moves left */
  doc_sign(d, "梨树县教育局", date_from_ymd(2025, 1, 5));
  doc_sign_layout(d, "2025年1月5日", &iIssuer, &iDate);
  CHECK_INT(iDate, 4);
  CHECK_INT(iIssuer, 4 + 14 + 4 - 12);
  /* sealed (7.3.5.1): the date 右空四字, the 署名 centred above it */
  doc_sealed(d, true);
  doc_sign_layout(d, "2025年1月5日", &iIssuer, &iDate);
  CHECK_INT(iDate, 8);
  CHECK_INT(iIssuer, 9);                   /* 12 halves over 14: one half in */
  doc_sign(d, "梨树县教育局法治建设工作领导小组", date_from_ymd(2025, 1, 5));
  doc_sign_layout(d, "2025年1月5日", &iIssuer, &iDate);
  CHECK_INT(iIssuer, 0);                   /* 32 halves over 12: as far right as it goes */
  CHECK_INT(iDate, 9);                     /* the date centred under it */
  doc_sign(d, "教育局", date_from_ymd(2025, 1, 5));
  doc_sign_layout(d, "2025年1月5日", &iIssuer, &iDate);
  CHECK_INT(iDate, 8);
  CHECK_INT(iIssuer, 8 + 4);               /* (14 - 6) / 2 halves further in */
  doc_free(d);
}

/* The title breaks only between words, as a 梯形 or balanced shape. */
static void t_title(void){
  static const struct { const char *zIn, *zWant; } a[] = {
    { "梨树县教育局关于2024年度法治政府建设情况的报告",
      "梨树县教育局关于2024年度\n法治政府建设情况的报告" },
    { "梨树县第三实验小学关于2024年度法治政府建设情况的报告",
      "梨树县第三实验小学关于2024年度\n法治政府建设情况的报告" },
    { "四平市梨树县教育局关于2024年度法治政府建设情况的报告",
      "四平市梨树县教育局关于2024年度\n法治政府建设情况的报告" },
    { "伊通满族自治县教育局关于2024年度法治政府建设情况的报告",
      "伊通满族自治县教育局关于2024年度\n法治政府建设情况的报告" },
    { "梨树县教育局关于报告", "梨树县教育局关于报告" },
    { "机构名录", "机构名录" },
  };
  static const char *const azWord[] = { "法治政府建设", "情况", "报告", "年度" };
  size_t i, k;
  for(i=0; i<sizeof(a)/sizeof(a[0]); i++){
    char *z = doc_title_break(a[i].zIn, DOC_TITLE_HALVES);
    char *zLine, *zSave = 0;
    CHECK_STR(z, a[i].zWant);
    /* every line fits, and no word of the dictionary is cut */
    for(zLine=strtok_r(z, "\n", &zSave); zLine; zLine=strtok_r(0, "\n", &zSave)){
      CHECK(doc_width_halves(zLine)<=DOC_TITLE_HALVES);
    }
    free(z);
    z = doc_title_break(a[i].zIn, DOC_TITLE_HALVES);
    for(k=0; k<sizeof(azWord)/sizeof(azWord[0]); k++){
      const char *zw = azWord[k];
      size_t m = strlen(zw), j;
      for(j=3; j<m; j+=3){         /* a break inside the word */
        char zCut[64];
        snprintf(zCut, sizeof(zCut), "%.*s\n%s", (int)j, zw, zw+j);
        CHECK(strstr(z, zCut)==0);
      }
    }
    free(z);
  }
  /* a long unit name: more lines, never a line longer than the one above */
  {
    char *z = doc_title_break("梨树县教育局法治建设工作领导小组办公室关于2024年度"
                              "全面推进依法治校工作情况的报告", DOC_TITLE_HALVES);
    char *zSave = 0, *zLine;
    int prev = 1<<30, nLine = 0;
    for(zLine=strtok_r(z, "\n", &zSave); zLine; zLine=strtok_r(0, "\n", &zSave), nLine++){
      int w = doc_width_halves(zLine);
      CHECK(w<=DOC_TITLE_HALVES);
      CHECK(w<=prev);
      prev = w;
    }
    CHECK(nLine>=2);
    free(z);
  }
}

/* The LibreOffice half: convert zDocx to PDF and measure it. */
static void t_soffice(const char *zDir, const char *zDocx){
  struct buf cmd = BUF_INIT, out = BUF_INIT, err = BUF_INIT;
  const char *z, *zPage2;
  int nPages = 0, nFull = 0, nOver = 0, lead1 = -1, lead2 = -1;

  if( t_run("command -v soffice >/dev/null 2>&1", 0)!=0 ){
    fprintf(stderr, "note: soffice not installed; LibreOffice checks skipped\n");
    return;
  }
  CHECK_INT(office_font_env(zDir, &err), 0);
  buf_appendf(&cmd, "cd '%s' && XDG_CONFIG_HOME='%s' soffice --headless --norestore "
              "-env:UserInstallation=file://%s/lo --convert-to pdf --outdir '%s' "
              "'%s' >/dev/null 2>&1", zDir, zDir, zDir, zDir, zDocx);
  CHECK_INT(t_run(cmd.buf, 0), 0);

  buf_reset(&cmd);
  buf_appendf(&cmd, "pdfinfo '%s/report.pdf'", zDir);
  CHECK_INT(t_run(cmd.buf, &out), 0);
  CHECK(strstr(out.buf, "595.") && strstr(out.buf, " x 841."));
  z = strstr(out.buf, "Pages:");
  if( z ) nPages = atoi(z+6);
  CHECK(nPages>=2 && nPages<=4);

  /* the body in serif, not a fallback sans */
  buf_reset(&cmd); buf_reset(&out);
  buf_appendf(&cmd, "pdffonts '%s/report.pdf'", zDir);
  CHECK_INT(t_run(cmd.buf, &out), 0);
  CHECK(strstr(out.buf, "NotoSerifCJK")!=0);
  CHECK(strstr(out.buf, "NotoSansCJK")!=0);          /* 黑体 headings */

  buf_reset(&cmd); buf_reset(&out);
  buf_appendf(&cmd, "pdftotext -layout '%s/report.pdf' -", zDir);
  CHECK_INT(t_run(cmd.buf, &out), 0);
  zPage2 = strchr(out.buf, '\f');
  CHECK(zPage2!=0);
  /* lines of pure CJK text: the longest hold 28 characters (+-1) */
  for(z=out.buf; *z; ){
    const char *zEnd = strchr(z, '\n');
    size_t n = zEnd ? (size_t)(zEnd - z) : strlen(z);
    int c = t_cjk_count(z, n);
    if( c>=27 && c<=29 ) nFull++;
    if( c>29 ) nOver++;
    if( zPage2 && z<zPage2 && memmem(z, n, "—1—", strlen("—1—")) ){
      lead1 = (int)strspn(z, " ");
    }
    if( zPage2 && z>zPage2 && memmem(z, n, "—2—", strlen("—2—")) ){
      lead2 = (int)strspn(z, " \f");
    }
    z += n + (zEnd ? 1 : 0);
  }
  CHECK(nFull>=5);
  CHECK_INT(nOver, 0);
  /* page 1's number on the right, page 2's on the left */
  CHECK(lead1>=20);
  CHECK(lead2>=0 && lead2<=8);
  if( lead1<20 || lead2<0 || lead2>8 ){
    fprintf(stderr, "    page number lead: page 1 %d, page 2 %d\n", lead1, lead2);
  }
  CHECK(strstr(out.buf, "梨树县教育局关于")!=0);
  CHECK(strstr(out.buf, "法治政府建设情况的报告")!=0);
  CHECK(strstr(out.buf, "梨树县教育局\n")!=0);
  buf_release(&cmd);
  buf_release(&out);
  buf_release(&err);
}

void test_docx(void){
  struct buf cmd = BUF_INIT, out = BUF_INIT, err = BUF_INIT;
  struct doc *d;
  char zDir[256], zDocx[300];
  const char *z;
  int nOk = 0;

  t_xml();
  t_model();
  t_title();

  snprintf(zDir, sizeof(zDir), "%s/docx", test_tmpdir());
  snprintf(zDocx, sizeof(zDocx), "%s/report.docx", zDir);
  buf_appendf(&cmd, "mkdir -p '%s/x'", zDir);
  CHECK_INT(t_run(cmd.buf, 0), 0);

  d = t_sample_doc();
  CHECK_INT(docx_write(d, zDocx, &err), 0);
  if( err.len ) fprintf(stderr, "    %s\n", err.buf);
  buf_reset(&err);
  CHECK_INT(docx_write(d, "/nonexistent-dir/x.docx", &err), -1);
  CHECK(strstr(err.buf, "无法")!=0);
  doc_free(d);

  /* every part well-formed */
  buf_reset(&cmd);
  buf_appendf(&cmd, "cd '%s/x' && unzip -q -o ../report.docx && "
              "for f in $(find . -name '*.xml' -o -name '*.rels'); do "
              "if xmllint --noout \"$f\" 2>/dev/null; then echo OK; "
              "else echo BAD \"$f\"; fi; done", zDir);
  CHECK_INT(t_run(cmd.buf, &out), 0);
  for(z=out.buf; (z = strstr(z, "OK"))!=0; z += 2) nOk++;
  CHECK_INT(nOk, 12);                      /* 12 XML parts (fontTable and theme too) */
  CHECK(strstr(out.buf, "BAD")==0);
  if( strstr(out.buf, "BAD") ) fprintf(stderr, "%s", out.buf);
  buf_reset(&cmd);
  buf_appendf(&cmd, "test -s '%s/x/word/media/image1.png' && "
              "grep -c 'w:evenAndOddHeaders' '%s/x/word/settings.xml' && "
              "grep -c 'w:type=\"lines\" w:linePitch=\"579\"' '%s/x/word/document.xml' && "
              "grep -c '&amp; 附属幼儿园 &lt;分部&gt;' '%s/x/word/document.xml'",
              zDir, zDir, zDir, zDir);
  CHECK_INT(t_run(cmd.buf, 0), 0);

  t_soffice(zDir, zDocx);
  if( getenv("FAZHI_KEEP_PDF") ){
    buf_reset(&cmd);
    buf_appendf(&cmd, "cp '%s/report.pdf' /tmp/fazhi-docx.pdf", zDir);
    if( t_run(cmd.buf, 0) ) fprintf(stderr, "could not keep the PDF\n");
  }
  buf_release(&cmd);
  buf_release(&out);
  buf_release(&err);
  office_release_fonts();
}
