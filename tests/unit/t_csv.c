/*
** t_csv.c -- tests of csv.c: encodings (UTF-8, BOM, GB18030 made with
** iconv here), RFC 4180 quoting, line ends, errors naming the line, and
** the writer.
*/
#include "test.h"
#include "../../src/base/buf.h"
#include "../../src/office/csv.h"
#include "../../src/office/sheet.h"
#include <iconv.h>

/* The text at 1-based (r, c) or "" when empty. */
static const char *t_txt(const struct sheet *sh, int r, int c){
  const struct sheet_cell *p = sheet_cell(sh, r, c);
  return p ? p->z : "";
}

/* Read z (n bytes) as CSV; NULL (with the message in pErr) on failure. */
static struct sheet *t_read(const char *z, size_t n, struct buf *pErr){
  struct sheet *sh = 0;
  buf_reset(pErr);
  if( csv_read(z, n, &sh, pErr) ) return 0;
  return sh;
}

/* z converted from UTF-8 to GB18030 into b. */
static void t_gb(const char *z, struct buf *b){
  iconv_t cd = iconv_open("GB18030", "UTF-8");
  char aOut[4096], *pIn = (char*)z, *pOut = aOut;
  size_t nIn = strlen(z), nOut = sizeof(aOut);
  if( cd==(iconv_t)-1 || iconv(cd, &pIn, &nIn, &pOut, &nOut)==(size_t)-1 ){
    abort();
  }
  iconv_close(cd);
  buf_reset(b);
  buf_append(b, aOut, sizeof(aOut)-nOut);
}

/* The expected cells of the sample, whatever its encoding. */
static void t_sample(const struct sheet *sh){
  CHECK_STR(t_txt(sh, 1, 1), "学校名称");
  CHECK_STR(t_txt(sh, 1, 2), "身份证号");
  CHECK_STR(t_txt(sh, 2, 1), "梨树县第一中学");
  CHECK_STR(t_txt(sh, 2, 2), "220322199001011234");
  CHECK_STR(t_txt(sh, 2, 3), "备注，含逗号");
  CHECK_STR(t_txt(sh, 3, 1), "“法治”教育");
  CHECK_INT(sh->nRowMax, 3);
}

static const char zSample[] =
  "学校名称,身份证号,备注\r\n"
  "梨树县第一中学,220322199001011234,\"备注，含逗号\"\r\n"
  "“法治”教育,,\r\n";

/* csv_stream's callback: count the rows, check each, stop at row 3. */
static int t_csv_row(void *pCtx, const struct sheet_row *r){
  int *pn = pCtx;
  (*pn)++;
  CHECK(r->nCell>0);
  if( r->iRow==1 ){
    CHECK_INT(r->nCell, 3);
    CHECK_STR(r->aCell[0].z, "学校名称");
    CHECK_STR(r->aCell[2].z, "备注");
  }else if( r->iRow==2 ){
    CHECK_INT(r->nCell, 3);
    CHECK_STR(r->aCell[2].z, "备注，含逗号");
  }else{
    CHECK_INT(r->iRow, 3);
    CHECK_INT(r->nCell, 1);
    CHECK_INT(r->aCell[0].iCol, 1);
    return -1;
  }
  return 0;
}

void test_csv(void){
  struct buf err = BUF_INIT, b = BUF_INIT;
  struct sheet *sh;
  const struct sheet_cell *c;

  /* Streaming: every record with a field, as it is read; stop on -1. */
  {
    struct sheet_stream s;
    int n = 0;
    memset(&s, 0, sizeof(s));
    s.pCtx = &n;
    s.xRow = t_csv_row;
    buf_reset(&err);
    CHECK_INT(csv_stream(zSample, strlen(zSample), &s, &err), -1);
    CHECK_INT(n, 3);
    CHECK_INT((int)err.len, 0);
  }

  /* UTF-8, UTF-8 with BOM, GB18030. */
  sh = t_read(zSample, strlen(zSample), &err);
  CHECK(sh!=0);
  if( sh ) t_sample(sh);
  if( sh ){
    c = sheet_cell(sh, 2, 2);
    CHECK(c && c->eType==SHEET_STRING && c->iRow==2 && c->iCol==2);
    CHECK(sheet_cell(sh, 3, 2)==0);
  }
  sheet_free(sh);
  buf_reset(&b);
  csv_bom(&b);
  buf_puts(&b, zSample);
  sh = t_read(b.buf, b.len, &err);
  CHECK(sh!=0);
  if( sh ){
    t_sample(sh);
    CHECK_STR(t_txt(sh, 1, 1), "学校名称");       /* no BOM in the text */
  }
  sheet_free(sh);
  t_gb(zSample, &b);
  CHECK(memcmp(b.buf, "\xd1\xa7", 2)==0);         /* 学 in GB18030 */
  sh = t_read(b.buf, b.len, &err);
  CHECK(sh!=0);
  if( sh ) t_sample(sh);
  sheet_free(sh);
  /* GB18030 four-byte sequence (U+20BB7 𠮷) and the euro sign. */
  t_gb("𠮷,€\n", &b);
  sh = t_read(b.buf, b.len, &err);
  CHECK(sh && strcmp(t_txt(sh, 1, 1), "𠮷")==0 && strcmp(t_txt(sh, 1, 2), "€")==0);
  sheet_free(sh);

  /* Quoting: commas, doubled quotes, CR/LF inside quotes, LF and CR ends,
  ** no final line break, empty fields and blank lines keep numbering. */
  {
    static const char z[] =
      "a,\"b,c\",\"say \"\"hi\"\"\"\n"
      "\"line1\r\nline2\",\"x\ny\",\n"
      "\n"
      "\"\",,last\r"
      "\"ab\"c,d\"e,\"\"";
    sh = t_read(z, sizeof(z)-1, &err);
    CHECK(sh!=0);
    if( sh ){
      CHECK_STR(t_txt(sh, 1, 1), "a");
      CHECK_STR(t_txt(sh, 1, 2), "b,c");
      CHECK_STR(t_txt(sh, 1, 3), "say \"hi\"");
      CHECK_STR(t_txt(sh, 2, 1), "line1\r\nline2");
      CHECK_STR(t_txt(sh, 2, 2), "x\ny");
      CHECK(sheet_row(sh, 3)==0);
      CHECK(sheet_cell(sh, 4, 1)==0);
      CHECK_STR(t_txt(sh, 4, 3), "last");
      CHECK_STR(t_txt(sh, 5, 1), "abc");
      CHECK_STR(t_txt(sh, 5, 2), "d\"e");
      CHECK(sheet_cell(sh, 5, 3)==0);
      CHECK_INT(sh->nRowMax, 5);
      CHECK_INT(sh->nColMax, 3);
    }
    sheet_free(sh);
  }
  sh = t_read("", 0, &err);
  CHECK(sh && sh->nRow==0);
  sheet_free(sh);
  sh = t_read("x", 1, &err);
  CHECK(sh && strcmp(t_txt(sh, 1, 1), "x")==0);
  sheet_free(sh);

  /* Errors name the line. */
  {
    static const char z[] = "a,b\r\nc,d\r\ne,\"never closed\r\nmore\r\n";
    sh = t_read(z, sizeof(z)-1, &err);
    CHECK(sh==0);
    CHECK_STR(err.buf, "第3行：引号没有闭合");
  }
  sh = t_read("a\nb\n\"", 5, &err);
  CHECK(sh==0);
  CHECK_STR(err.buf, "第3行：引号没有闭合");
  sh = t_read("a\n\xEF\xBB\xBF", 5, &err);     /* a BOM not at the start is text */
  CHECK(sh!=0);
  sheet_free(sh);
  sh = t_read("\xEF\xBB\xBF" "a\nb\xff\n", 8, &err);
  CHECK(sh==0);
  CHECK(strstr(err.buf, "第2行")!=0);
  sh = t_read("a\nb\x81\n", 5, &err);            /* cut GB18030 */
  CHECK(sh==0);
  CHECK(strstr(err.buf, "第2行")!=0 && strstr(err.buf, "GB18030")!=0);
  sh = t_read("a\nb\0c\n", 6, &err);
  CHECK(sh==0);
  CHECK(strstr(err.buf, "第2行")!=0);
  sh = t_read("\xFF\xFE" "a\0", 4, &err);
  CHECK(sh==0);
  CHECK(strstr(err.buf, "UTF-16")!=0);
  {
    struct buf big = BUF_INIT;
    int i;
    for(i=0; i<SHEET_MAX_CHARS+1; i++) buf_putc(&big, 'x');
    sh = t_read(big.buf, big.len, &err);
    CHECK(sh==0);
    CHECK(strstr(err.buf, "第1行第1列（A1）：文本过长")!=0);
    buf_reset(&big);
    for(i=0; i<SHEET_MAX_COLS+1; i++) buf_puts(&big, "1,");
    sh = t_read(big.buf, big.len, &err);
    CHECK(sh==0);
    CHECK(strstr(err.buf, "列数过多")!=0);
    buf_release(&big);
  }

  /* Writer: quotes only where needed, CRLF, and it reads back. */
  {
    const char *az[] = { "plain", "a,b", "say \"hi\"", "two\nlines", 0, "学校" };
    buf_reset(&b);
    csv_bom(&b);
    CHECK_INT(csv_write_row(&b, az, 6), 0);
    CHECK_STR(b.buf, "\xEF\xBB\xBFplain,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",,学校\r\n");
    sh = t_read(b.buf, b.len, &err);
    CHECK(sh!=0);
    if( sh ){
      CHECK_STR(t_txt(sh, 1, 2), "a,b");
      CHECK_STR(t_txt(sh, 1, 3), "say \"hi\"");
      CHECK_STR(t_txt(sh, 1, 4), "two\nlines");
      CHECK_STR(t_txt(sh, 1, 6), "学校");
      CHECK_INT(sh->nRowMax, 1);
    }
    sheet_free(sh);
    buf_release(&b);
    buf_init_max(&b, 4);
    CHECK_INT(csv_write_row(&b, az, 2), -1);
  }
  buf_release(&b);
  buf_release(&err);
}
