/*
** t_xlsx.c -- tests of sheet.c and xlsx_read.c: workbooks made here with
** libxlsxwriter (shared strings and, in constant-memory mode, inline
** strings), the same re-saved by LibreOffice when it is installed,
** hand-made parts (rPh, 1904, no r attributes, namespaces, errors) and
** hostile files (not a zip, no workbook, cut XML, deep XML, entities, zip
** bombs), which must fail fast with a Chinese message.
*/
#include "test.h"
#include "../../src/base/arena.h"
#include "../../src/base/buf.h"
#include "../../src/office/sheet.h"
#include "../../src/office/table.h"
#include "../../src/office/xlsx_read.h"
#include <sys/stat.h>
#include <unistd.h>
#include <xlsxwriter.h>
#include <zlib.h>

/* Seconds on the monotonic clock. */
static double t_now(void){
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec/1e9;
}

/* The type of the cell at zRef, SHEET_EMPTY when empty. */
static int t_type(const struct sheet *sh, const char *zRef){
  int r, c;
  const struct sheet_cell *p;
  if( sheet_parse_ref(zRef, &r, &c) ) return -1;
  p = sheet_cell(sh, r, c);
  return p ? p->eType : SHEET_EMPTY;
}

/* The cell at zRef, or NULL. */
static const struct sheet_cell *t_cell(const struct sheet *sh, const char *zRef){
  int r, c;
  if( sheet_parse_ref(zRef, &r, &c) ) return 0;
  return sheet_cell(sh, r, c);
}

/* ---- a tiny zip writer, so tests can make any zip they need ---- */

struct tzip {
  struct buf out;      /* local headers and data */
  struct buf cdir;     /* central directory */
  int n;
};

static void t_le16(struct buf *b, unsigned v){
  buf_putc(b, (int)(v & 0xff));
  buf_putc(b, (int)((v>>8) & 0xff));
}

static void t_le32(struct buf *b, unsigned long v){
  t_le16(b, (unsigned)(v & 0xffff));
  t_le16(b, (unsigned)((v>>16) & 0xffff));
}

/* Add an entry holding the deflated form of nData bytes (aData, or zeros
** when aData is NULL), claiming nClaim as its unpacked size (nClaim 0:
** the true size). */
static void t_zip_add(struct tzip *z, const char *zName, const void *aData,
                      size_t nData, unsigned long nClaim){
  z_stream s;
  static unsigned char aZero[1<<20];
  unsigned char aOut[1<<16];
  unsigned long crc = crc32(0, 0, 0), nComp = 0;
  size_t nDone = 0, nName = strlen(zName), iHead = z->out.len;
  struct buf data = BUF_INIT;
  int rc;

  memset(&s, 0, sizeof(s));
  if( deflateInit2(&s, 1, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY)!=Z_OK ) abort();
  do{
    size_t nIn = nData - nDone;
    const unsigned char *pIn = aData ? (const unsigned char*)aData + nDone : aZero;
    if( !aData && nIn>sizeof(aZero) ) nIn = sizeof(aZero);
    if( aData && nIn>(1u<<20) ) nIn = 1u<<20;
    crc = crc32(crc, pIn, (uInt)nIn);
    s.next_in = (unsigned char*)pIn;
    s.avail_in = (uInt)nIn;
    nDone += nIn;
    do{
      s.next_out = aOut;
      s.avail_out = sizeof(aOut);
      rc = deflate(&s, nDone>=nData ? Z_FINISH : Z_NO_FLUSH);
      buf_append(&data, aOut, sizeof(aOut) - s.avail_out);
    }while( s.avail_out==0 );
  }while( nDone<nData );
  (void)rc;
  deflateEnd(&s);
  nComp = data.len;
  if( nClaim==0 ) nClaim = (unsigned long)nData;

  t_le32(&z->out, 0x04034b50);
  t_le16(&z->out, 20); t_le16(&z->out, 0x0800); t_le16(&z->out, 8);
  t_le16(&z->out, 0); t_le16(&z->out, 0x21);
  t_le32(&z->out, crc); t_le32(&z->out, nComp); t_le32(&z->out, nClaim);
  t_le16(&z->out, (unsigned)nName); t_le16(&z->out, 0);
  buf_append(&z->out, zName, nName);
  buf_append(&z->out, data.buf, data.len);

  t_le32(&z->cdir, 0x02014b50);
  t_le16(&z->cdir, 20); t_le16(&z->cdir, 20); t_le16(&z->cdir, 0x0800);
  t_le16(&z->cdir, 8); t_le16(&z->cdir, 0); t_le16(&z->cdir, 0x21);
  t_le32(&z->cdir, crc); t_le32(&z->cdir, nComp); t_le32(&z->cdir, nClaim);
  t_le16(&z->cdir, (unsigned)nName); t_le16(&z->cdir, 0); t_le16(&z->cdir, 0);
  t_le16(&z->cdir, 0); t_le16(&z->cdir, 0); t_le32(&z->cdir, 0);
  t_le32(&z->cdir, (unsigned long)iHead);
  buf_append(&z->cdir, zName, nName);
  z->n++;
  buf_release(&data);
}

/* Finish the zip into *pOut (which the caller releases). */
static void t_zip_end(struct tzip *z, struct buf *pOut){
  size_t iDir = z->out.len;
  buf_init(pOut);
  buf_append(pOut, z->out.buf, z->out.len);
  buf_append(pOut, z->cdir.buf, z->cdir.len);
  t_le32(pOut, 0x06054b50);
  t_le16(pOut, 0); t_le16(pOut, 0);
  t_le16(pOut, (unsigned)z->n); t_le16(pOut, (unsigned)z->n);
  t_le32(pOut, (unsigned long)z->cdir.len); t_le32(pOut, (unsigned long)iDir);
  t_le16(pOut, 0);
  buf_release(&z->out);
  buf_release(&z->cdir);
  z->n = 0;
}

/* Add a text part. */
static void t_zip_text(struct tzip *z, const char *zName, const char *zText){
  t_zip_add(z, zName, zText, strlen(zText), 0);
}

static const char zRootRels[] =
  "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
  "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
  "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"xl/workbook.xml\"/>"
  "</Relationships>";

static const char zWbRels[] =
  "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
  "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
  "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"/xl/worksheets/sheet1.xml\"/>"
  "<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings\" Target=\"sharedStrings.xml\"/>"
  "<Relationship Id=\"rId3\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" Target=\"./styles.xml\"/>"
  "</Relationships>";

static const char zWorkbook1904[] =
  "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
  "<x:workbook xmlns:x=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "
  "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">"
  "<x:workbookPr date1904=\"1\"/>"
  "<x:sheets><x:sheet name=\"名单\" sheetId=\"1\" r:id=\"rId1\"/></x:sheets></x:workbook>";

static const char zWorkbook[] =
  "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
  "<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "
  "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">"
  "<sheets><sheet name=\"Sheet1\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>";

static const char zStyles[] =
  "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
  "<styleSheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
  "<numFmts count=\"2\"><numFmt numFmtId=\"176\" formatCode=\"yyyy年m月d日\"/>"
  "<numFmt numFmtId=\"177\" formatCode=\"&quot;第&quot;0&quot;名&quot;\"/></numFmts>"
  "<cellStyleXfs count=\"1\"><xf numFmtId=\"14\"/></cellStyleXfs>"
  "<cellXfs count=\"5\"><xf numFmtId=\"0\"/><xf numFmtId=\"176\"/><xf numFmtId=\"177\"/>"
  "<xf numFmtId=\"31\"/><xf numFmtId=\"49\"/></cellXfs></styleSheet>";

static const char zSst[] =
  "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
  "<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" count=\"3\" uniqueCount=\"3\">"
  "<si><t>学校名称</t><rPh sb=\"0\" eb=\"2\"><t>がっこう</t></rPh><phoneticPr fontId=\"1\"/></si>"
  "<si><r><rPr><b/></rPr><t>法治</t></r><r><t xml:space=\"preserve\"> 教育</t></r>"
  "<rPh sb=\"0\" eb=\"1\"><t>ほうち</t></rPh></si>"
  "<si><t>第一行_x000D__x000A_第二行</t></si>"
  "</sst>";

/* Sheet XML with prefixes, rows and cells without r, gaps, errors. */
static const char zSheet1[] =
  "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
  "<x:worksheet xmlns:x=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
  "<x:sheetData>"
  "<x:row><x:c t=\"s\"><x:v>0</x:v></x:c><x:c t=\"s\"><x:v>1</x:v></x:c>"
  "<x:c t=\"s\"><x:v>2</x:v></x:c></x:row>"
  "<x:row r=\"3\"><x:c s=\"1\"><x:v>0</x:v></x:c><x:c s=\"3\"><x:v>45610</x:v></x:c>"
  "<x:c r=\"E3\" s=\"2\"><x:v>7</x:v></x:c><x:c t=\"e\"><x:v>#DIV/0!</x:v></x:c></x:row>"
  "<x:row><x:c><x:v>2.20322199001012E+17</x:v></x:c><x:c><x:v>1E+3</x:v></x:c>"
  "<x:c><x:v>220322199001011234</x:v></x:c><x:c s=\"4\"><x:v>12.5</x:v></x:c>"
  "<x:c t=\"inlineStr\"><x:is><x:t>内联</x:t></x:is></x:c>"
  "<x:c t=\"b\"><x:v>0</x:v></x:c><x:c t=\"str\"><x:f>A1</x:f><x:v>公式</x:v></x:c>"
  "<x:c s=\"1\"/><x:c t=\"d\"><x:v>2024-11-15T00:00:00</x:v></x:c>"
  "<x:c><x:v>-1.5E-3</x:v></x:c></x:row>"
  "<x:row r=\"9\"><x:c r=\"B9\"><x:v>3122001234</x:v></x:c></x:row>"
  "<x:row r=\"10\"/>"
  "</x:sheetData>"
  "<x:mergeCells count=\"1\"><x:mergeCell ref=\"A1:C1\"/></x:mergeCells>"
  "</x:worksheet>";

/* A workbook with the standard parts and this sheet XML (NULL: none). */
static void t_make_book(struct buf *pOut, const char *zSheet,
                        const char *zWb){
  struct tzip z = { BUF_INIT, BUF_INIT, 0 };
  t_zip_text(&z, "_rels/.rels", zRootRels);
  t_zip_text(&z, "xl/workbook.xml", zWb ? zWb : zWorkbook);
  t_zip_text(&z, "xl/_rels/workbook.xml.rels", zWbRels);
  t_zip_text(&z, "xl/styles.xml", zStyles);
  t_zip_text(&z, "xl/sharedStrings.xml", zSst);
  if( zSheet ) t_zip_text(&z, "xl/worksheets/sheet1.xml", zSheet);
  t_zip_end(&z, pOut);
}

/* Expect xlsx_read_mem() to fail on the n bytes at p with a message
** containing zWant.  (How fast it refuses is a benchmark's business, not a
** test's: the message shows which check refused it.) */
static void t_bad(const char *zWhat, const void *p, size_t n, const char *zWant){
  struct buf err = BUF_INIT;
  struct sheet *sh = (struct sheet*)1;
  int rc = xlsx_read_mem(p, n, 0, &sh, &err);
  CHECK(rc==-1);
  CHECK(sh==0);
  if( strstr(err.buf, zWant)==0 ){
    test_fail(__FILE__, __LINE__, zWhat);
    fprintf(stderr, "    message: %s\n    wanted:  %s\n", err.buf, zWant);
  }else{
    test_nPass++;
  }
  if( rc==0 ) sheet_free(sh);
  buf_release(&err);
}

/* With FAZHI_FUZZ_SEEDS=DIR set, save the n bytes at p as DIR/zName (how
** the committed seeds in tests/fuzz/corpus/xlsx/ were made). */
static void t_seed(const char *zName, const void *p, size_t n){
  const char *zDir = getenv("FAZHI_FUZZ_SEEDS");
  char zPath[512];
  FILE *f;
  if( zDir==0 ) return;
  snprintf(zPath, sizeof(zPath), "%s/%s", zDir, zName);
  f = fopen(zPath, "wb");
  if( f==0 ) return;
  fwrite(p, 1, n, f);
  fclose(f);
}

/* Save the file zPath as seed zName (see t_seed). */
static void t_seed_file(const char *zName, const char *zPath){
  struct buf b = BUF_INIT;
  char a[4096];
  size_t n;
  FILE *f = fopen(zPath, "rb");
  if( f==0 ) return;
  while( (n = fread(a, 1, sizeof(a), f))>0 ) buf_append(&b, a, n);
  fclose(f);
  t_seed(zName, b.buf, b.len);
  buf_release(&b);
}

/* The hand-made workbook: rPh, runs, escapes, 1904, prefixes, no r. */
static void t_handmade(void){
  struct buf book, err = BUF_INIT;
  struct sheet *sh = 0;
  const struct sheet_cell *c;

  t_make_book(&book, zSheet1, zWorkbook1904);
  t_seed("handmade.xlsx", book.buf, book.len);
  CHECK_INT(xlsx_read_mem(book.buf, book.len, 0, &sh, &err), 0);
  if( sh==0 ){
    fprintf(stderr, "    %s\n", err.buf);
    buf_release(&book);
    return;
  }
  CHECK_STR(sh->zName, "名单");
  CHECK_STR(test_cell_text(sh, "A1"), "学校名称");
  CHECK_STR(test_cell_text(sh, "B1"), "法治 教育");
  CHECK_STR(test_cell_text(sh, "C1"), "第一行\r\n第二行");
  CHECK_INT(t_type(sh, "A2"), SHEET_EMPTY);
  CHECK_STR(test_cell_text(sh, "A3"), "1904-01-01");       /* 1904 system, serial 0 */
  CHECK_INT(t_type(sh, "A3"), SHEET_DATE);
  CHECK_STR(test_cell_text(sh, "B3"), "2028-11-15");       /* 45610 in 1904 */
  CHECK_STR(test_cell_text(sh, "E3"), "7");                /* "第"0"名": a number */
  CHECK_INT(t_type(sh, "E3"), SHEET_NUMBER);
  CHECK_STR(test_cell_text(sh, "F3"), "#DIV/0!");
  CHECK_INT(t_type(sh, "F3"), SHEET_ERROR);
  c = t_cell(sh, "A4");
  CHECK(c && c->eType==SHEET_NUMBER && c->bPrecisionLost);
  CHECK_STR(c ? c->zNum : 0, "2.20322199001012E+17");
  CHECK_STR(c ? c->z : 0, "220322199001012000");
  c = t_cell(sh, "B4");
  CHECK(c && !c->bPrecisionLost);
  CHECK_STR(test_cell_text(sh, "B4"), "1000");
  c = t_cell(sh, "C4");
  CHECK(c && !c->bPrecisionLost);
  CHECK_STR(test_cell_text(sh, "C4"), "220322199001011234");
  CHECK_STR(test_cell_text(sh, "D4"), "12.5");             /* numFmt 49 is text: number */
  CHECK_STR(test_cell_text(sh, "E4"), "内联");
  CHECK_STR(test_cell_text(sh, "F4"), "FALSE");
  CHECK_INT(t_type(sh, "F4"), SHEET_BOOL);
  CHECK_STR(test_cell_text(sh, "G4"), "公式");
  CHECK_INT(t_type(sh, "H4"), SHEET_EMPTY);      /* styled but empty */
  CHECK_STR(test_cell_text(sh, "I4"), "2024-11-15");
  CHECK_INT(t_type(sh, "I4"), SHEET_DATE);
  CHECK_STR(test_cell_text(sh, "J4"), "-0.0015");
  CHECK_STR(test_cell_text(sh, "B9"), "3122001234");
  CHECK_INT(sh->nRowMax, 9);
  CHECK_INT(sh->nColMax, 10);
  CHECK_INT(sh->nRow, 4);
  CHECK_INT(sh->nMerge, 1);
  CHECK(sheet_merge_at(sh, 1, 3)!=0 && sheet_merge_at(sh, 1, 4)==0);
  sheet_free(sh);
  buf_release(&book);
  buf_release(&err);
}

/* What a streaming read delivered: rows, cells and merges in order. */
struct t_seen {
  int nName, nRow, nCell, nMerge, nStopAt;
  int aiRow[16];
  bool bOrder;                  /* cells sorted, merges after the rows */
  struct buf log;               /* "A1=text;" for every cell */
};

static int t_seen_name(void *pCtx, const char *zName){
  struct t_seen *t = pCtx;
  t->nName++;
  CHECK_STR(zName, "名单");
  return 0;
}

static int t_seen_row(void *pCtx, const struct sheet_row *r){
  struct t_seen *t = pCtx;
  int i;
  char zCol[8];
  if( t->nMerge ) t->bOrder = false;
  if( t->nRow<16 ) t->aiRow[t->nRow] = r->iRow;
  t->nRow++;
  for(i=0; i<r->nCell; i++){
    if( i>0 && r->aCell[i].iCol<=r->aCell[i-1].iCol ) t->bOrder = false;
    if( r->aCell[i].iRow!=r->iRow ) t->bOrder = false;
    buf_appendf(&t->log, "%s%d=%s;", sheet_col_name(r->aCell[i].iCol, zCol),
                r->iRow, r->aCell[i].z);
    t->nCell++;
  }
  return t->nStopAt && t->nRow==t->nStopAt ? -1 : 0;
}

static int t_seen_merge(void *pCtx, const struct sheet_merge *m){
  struct t_seen *t = pCtx;
  t->nMerge++;
  if( m->iRow1!=1 || m->iCol1!=1 || m->iRow2!=1 || m->iCol2!=3 ) t->bOrder = false;
  return 0;
}

/* The rows of the handmade book through xlsx_stream_mem and, from a
** file, xlsx_stream_file; a callback that says stop ends the read. */
static void t_stream(void){
  struct buf book, err = BUF_INIT;
  struct sheet_stream s;
  struct t_seen t;
  char zPath[256];
  FILE *f;

  t_make_book(&book, zSheet1, zWorkbook1904);
  memset(&t, 0, sizeof(t));
  t.bOrder = true;
  buf_init(&t.log);
  memset(&s, 0, sizeof(s));
  s.pCtx = &t;
  s.xName = t_seen_name;
  s.xRow = t_seen_row;
  s.xMerge = t_seen_merge;
  CHECK_INT(xlsx_stream_mem(book.buf, book.len, 0, &s, &err), 0);
  CHECK_INT(t.nName, 1);
  CHECK_INT(t.nRow, 4);
  CHECK_INT(t.aiRow[0], 1);
  CHECK_INT(t.aiRow[1], 3);
  CHECK_INT(t.aiRow[3], 9);
  CHECK_INT(t.nMerge, 1);
  CHECK(t.bOrder);
  CHECK(strstr(t.log.buf, "A1=学校名称;B1=法治 教育;")==t.log.buf);
  CHECK(strstr(t.log.buf, "E3=7;F3=#DIV/0!;A4=")!=0);
  CHECK(strstr(t.log.buf, "B9=3122001234;")!=0);

  /* The same from a file, read in place. */
  snprintf(zPath, sizeof(zPath), "%s/stream.xlsx", test_tmpdir());
  f = fopen(zPath, "wb");
  CHECK(f!=0);
  if( f ){
    struct t_seen t2;
    CHECK(fwrite(book.buf, 1, book.len, f)==book.len);
    fclose(f);
    memset(&t2, 0, sizeof(t2));
    t2.bOrder = true;
    buf_init(&t2.log);
    s.pCtx = &t2;
    CHECK_INT(xlsx_stream_file(zPath, 0, &s, &err), 0);
    CHECK_INT(t2.nRow, 4);
    CHECK_STR(t2.log.buf, t.log.buf);

    /* stop after the second row: -1 and no message of the reader's */
    buf_release(&t2.log);
    memset(&t2, 0, sizeof(t2));
    buf_init(&t2.log);
    t2.nStopAt = 2;
    buf_reset(&err);
    CHECK_INT(xlsx_stream_file(zPath, 0, &s, &err), -1);
    CHECK_INT(t2.nRow, 2);
    CHECK_INT(t2.nMerge, 0);
    CHECK_INT((int)err.len, 0);
    buf_release(&t2.log);
  }

  /* table_read streams, so a row that goes back is refused, not merged. */
  {
    static const struct table_col aCol[] = {
      { "名称", "name", COL_TEXT, true, 0, 0, 0, 0 },
    };
    static const struct table_def def = { 0, aCol, 1 };
    static const char zBack[] =
      "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
      "<sheetData>"
      "<row r=\"1\"><c t=\"inlineStr\"><is><t>名称</t></is></c></row>"
      "<row r=\"3\"><c t=\"inlineStr\"><is><t>甲</t></is></c></row>"
      "<row r=\"2\"><c t=\"inlineStr\"><is><t>乙</t></is></c></row>"
      "</sheetData></worksheet>";
    struct table_input *in = 0;
    struct buf b2;
    buf_reset(&err);
    t_make_book(&b2, zBack, 0);
    CHECK_INT(table_read(&def, b2.buf, b2.len, &in, &err), -1);
    CHECK(in==0);
    CHECK(strstr(err.buf, "第2行在文件中出现了两次或排在第3行之后")!=0);
    buf_release(&b2);
  }
  buf_release(&t.log);
  buf_release(&book);
  buf_release(&err);
}

/* Write the test workbook with libxlsxwriter to zPath. */
static int t_write_book(const char *zPath, bool bConstMem){
  lxw_workbook_options opt = { bConstMem, (char*)test_tmpdir(), 0 };
  lxw_workbook *wb = workbook_new_opt(zPath, &opt);
  lxw_worksheet *ws, *ws2;
  lxw_format *fDate, *fCn, *fTitle, *fBold;
  lxw_datetime dt = { 2024, 11, 15, 0, 0, 0.0 };
  lxw_rich_string_tuple r1, r2, *aRich[3];
  static const char *const azHead[] = {
    "学校名称", "学校标识码", "身份证号", "身份证号（数字）", "建校日期",
    "检查日期", "达标", "得分", "备注",
  };
  size_t i;
  if( wb==0 ) return -1;
  ws = workbook_add_worksheet(wb, "2024年学校统计");
  ws2 = workbook_add_worksheet(wb, "说明");
  fDate = workbook_add_format(wb);
  format_set_num_format(fDate, "yyyy-mm-dd");
  fCn = workbook_add_format(wb);
  format_set_num_format(fCn, "yyyy\"年\"m\"月\"d\"日\"");
  fTitle = workbook_add_format(wb);
  format_set_bold(fTitle);
  format_set_align(fTitle, LXW_ALIGN_CENTER);
  fBold = workbook_add_format(wb);
  format_set_bold(fBold);

  worksheet_merge_range(ws, 0, 0, 0, 8, "梨树县2024年学校统计表", fTitle);
  for(i=0; i<COUNT(azHead); i++){
    worksheet_write_string(ws, 1, (lxw_col_t)i, azHead[i], 0);
  }
  worksheet_write_string(ws, 2, 0, "第一中学 & <附属> \"一\"", 0);
  worksheet_write_number(ws, 2, 1, 3122001234.0, 0);
  worksheet_write_string(ws, 2, 2, "220322199001011234", 0);
  worksheet_write_number(ws, 2, 3, 220322199001011234.0, 0);
  worksheet_write_datetime(ws, 2, 4, &dt, fDate);
  worksheet_write_datetime(ws, 2, 5, &dt, fCn);
  worksheet_write_boolean(ws, 2, 6, 1, 0);
  worksheet_write_formula_num(ws, 2, 7, "=ROUND(95.456,1)", 0, 95.5);
  r1.format = fBold; r1.string = "法治";
  r2.format = 0; r2.string = "教育";
  aRich[0] = &r1; aRich[1] = &r2; aRich[2] = 0;
  worksheet_write_rich_string(ws, 2, 8, aRich, 0);
  /* row 4 (index 3) left empty */
  worksheet_write_string(ws, 4, 0, "第二中学", 0);
  worksheet_write_number(ws, 4, 3, -0.25, 0);
  worksheet_write_number(ws, 4, 5, 59, fDate);
  worksheet_write_number(ws, 5, 4, 60, fDate);
  worksheet_write_number(ws, 5, 5, 61, fDate);
  worksheet_write_boolean(ws, 5, 6, 0, 0);
  worksheet_write_formula_str(ws, 5, 7, "=A5", 0, "第二中学");
  worksheet_write_number(ws, 5, 8, 45611.5, fDate);
  worksheet_write_string(ws, 7, 0, "末行", 0);
  worksheet_write_string(ws2, 0, 0, "本表由测试生成", 0);
  return workbook_close(wb)==LXW_NO_ERROR ? 0 : -1;
}

/* Check the values of the test workbook as read back. */
static void t_check_book(const struct sheet *sh, const char *zWho){
  const struct sheet_cell *c;
  int nFail0 = test_nFail;
  CHECK_STR(sh->zName, "2024年学校统计");
  CHECK_STR(test_cell_text(sh, "A1"), "梨树县2024年学校统计表");
  CHECK_INT(sh->nMerge, 1);
  CHECK(sheet_merge_at(sh, 1, 9)!=0 && sheet_merge_at(sh, 2, 1)==0);
  CHECK_STR(test_cell_text(sh, "B2"), "学校标识码");
  CHECK_STR(test_cell_text(sh, "I2"), "备注");
  CHECK_STR(test_cell_text(sh, "A3"), "第一中学 & <附属> \"一\"");
  c = t_cell(sh, "B3");
  CHECK(c && c->eType==SHEET_NUMBER && !c->bPrecisionLost);
  CHECK_STR(test_cell_text(sh, "B3"), "3122001234");
  CHECK_STR(test_cell_text(sh, "C3"), "220322199001011234");
  CHECK_INT(t_type(sh, "C3"), SHEET_STRING);
  c = t_cell(sh, "D3");
  CHECK(c && c->eType==SHEET_NUMBER && c->bPrecisionLost);
  CHECK_STR(test_cell_text(sh, "E3"), "2024-11-15");
  CHECK_INT(t_type(sh, "E3"), SHEET_DATE);
  CHECK_STR(test_cell_text(sh, "F3"), "2024-11-15");
  CHECK_INT(t_type(sh, "F3"), SHEET_DATE);
  CHECK_STR(test_cell_text(sh, "G3"), "TRUE");
  CHECK_INT(t_type(sh, "G3"), SHEET_BOOL);
  CHECK_STR(test_cell_text(sh, "H3"), "95.5");
  CHECK_STR(test_cell_text(sh, "I3"), "法治教育");
  CHECK(sheet_row(sh, 4)==0);
  CHECK_STR(test_cell_text(sh, "A5"), "第二中学");
  CHECK_STR(test_cell_text(sh, "D5"), "-0.25");
  CHECK_STR(test_cell_text(sh, "F5"), "1900-02-28");
  CHECK_STR(test_cell_text(sh, "E6"), "1900-02-29");
  CHECK_STR(test_cell_text(sh, "F6"), "1900-03-01");
  CHECK_STR(test_cell_text(sh, "G6"), "FALSE");
  CHECK_STR(test_cell_text(sh, "H6"), "第二中学");
  CHECK_STR(test_cell_text(sh, "I6"), "2024-11-15 12:00:00");
  CHECK_STR(test_cell_text(sh, "A8"), "末行");
  CHECK_INT(sh->nRowMax, 8);
  CHECK_INT(sh->nColMax, 9);
  if( test_nFail!=nFail0 ) fprintf(stderr, "    (reading %s)\n", zWho);
}

/* Every cell of a and b the same (type and text)? Prints the first
** difference. */
static bool t_same(const struct sheet *a, const struct sheet *b){
  int i, j;
  if( a->nRow!=b->nRow ){
    fprintf(stderr, "    rows: %d vs %d\n", a->nRow, b->nRow);
    return false;
  }
  for(i=0; i<a->nRow; i++){
    const struct sheet_row *ra = &a->aRow[i], *rb = &b->aRow[i];
    if( ra->iRow!=rb->iRow || ra->nCell!=rb->nCell ){
      fprintf(stderr, "    row %d: %d cells vs row %d: %d cells\n", ra->iRow,
              ra->nCell, rb->iRow, rb->nCell);
      return false;
    }
    for(j=0; j<ra->nCell; j++){
      const struct sheet_cell *ca = &ra->aCell[j], *cb = &rb->aCell[j];
      /* Digits already lost are rounded differently by each writer. */
      bool bText = ca->bPrecisionLost ? false : strcmp(ca->z, cb->z)!=0;
      if( ca->iCol!=cb->iCol || ca->eType!=cb->eType || bText
       || ca->bPrecisionLost!=cb->bPrecisionLost ){
        fprintf(stderr, "    row %d col %d: [%d %s %d] vs col %d [%d %s %d]\n",
                ra->iRow, ca->iCol, ca->eType, ca->z, ca->bPrecisionLost,
                cb->iCol, cb->eType, cb->z, cb->bPrecisionLost);
        return false;
      }
    }
  }
  return true;
}

/* Written by libxlsxwriter (normal and constant memory), then re-saved
** by LibreOffice. */
static void t_written(void){
  char zPath[200], zCm[200], zDir[200], zLo[300], zCmd[2048];
  struct buf err = BUF_INIT;
  struct sheet *sh = 0, *shCm = 0, *shLo = 0, *sh2 = 0;
  struct arena *a = arena_new();
  const char **az = 0;
  int n = 0;

  snprintf(zPath, sizeof(zPath), "%s/book.xlsx", test_tmpdir());
  snprintf(zCm, sizeof(zCm), "%s/book-cm.xlsx", test_tmpdir());
  CHECK_INT(t_write_book(zPath, false), 0);
  CHECK_INT(t_write_book(zCm, true), 0);
  t_seed_file("xlsxwriter.xlsx", zPath);
  t_seed_file("xlsxwriter-cm.xlsx", zCm);

  CHECK_INT(xlsx_read_file(zPath, 0, &sh, &err), 0);
  if( sh ) t_check_book(sh, "libxlsxwriter");
  CHECK_INT(xlsx_read_file(zCm, 0, &shCm, &err), 0);
  if( shCm ) t_check_book(shCm, "libxlsxwriter constant_memory");
  if( sh && shCm ) CHECK(t_same(sh, shCm));
  CHECK_INT(xlsx_read_file(zPath, 1, &sh2, &err), 0);
  CHECK_STR(sh2 ? test_cell_text(sh2, "A1") : 0, "本表由测试生成");
  CHECK_STR(sh2 ? sh2->zName : 0, "说明");
  sheet_free(sh2);
  sh2 = 0;
  CHECK_INT(xlsx_read_file(zPath, 2, &sh2, &err), -1);
  CHECK(strstr(err.buf, "没有第3个工作表")!=0);
  buf_reset(&err);
  CHECK_INT(xlsx_sheet_names_file(zPath, a, &az, &n, &err), 0);
  CHECK_INT(n, 2);
  if( n==2 ){
    CHECK_STR(az[0], "2024年学校统计");
    CHECK_STR(az[1], "说明");
  }
  if( err.len ) fprintf(stderr, "    %s\n", err.buf);

  /* LibreOffice, with a private profile for this run. */
  if( system("command -v soffice >/dev/null 2>&1")!=0 ){
    printf("xlsx: soffice not installed; LibreOffice round trip skipped\n");
  }else{
    snprintf(zDir, sizeof(zDir), "%s/lo", test_tmpdir());
    mkdir(zDir, 0700);
    snprintf(zCmd, sizeof(zCmd),
             "cd '%s' && timeout 120 soffice --headless --norestore "
             "-env:UserInstallation=file://%s/profile --convert-to xlsx "
             "--outdir '%s' '%s' >/dev/null 2>&1",
             zDir, zDir, zDir, zPath);
    CHECK_INT(system(zCmd), 0);
    snprintf(zLo, sizeof(zLo), "%s/book.xlsx", zDir);
    CHECK_INT(xlsx_read_file(zLo, 0, &shLo, &err), 0);
    t_seed_file("libreoffice.xlsx", zLo);
    if( shLo ){
      t_check_book(shLo, "LibreOffice");
      if( sh ) CHECK(t_same(sh, shLo));
    }
    if( err.len ) fprintf(stderr, "    %s\n", err.buf);
  }
  sheet_free(sh);
  sheet_free(shCm);
  sheet_free(shLo);
  arena_free(a);
  buf_release(&err);
}

/* Hostile and broken files. */
static void t_hostile(void){
  struct buf book, deep = BUF_INIT;
  struct tzip z = { BUF_INIT, BUF_INIT, 0 };
  char zCut[sizeof(zSheet1)];
  int i;

  t_bad("not a zip", "hello, world", 12, "不是有效的 xlsx 文件");
  t_bad("empty", "", 0, "文件为空");
  t_bad("xls", "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1xxxxxxxx", 16, ".xls");

  t_zip_text(&z, "hello.txt", "hi");
  t_zip_end(&z, &book);
  t_bad("no workbook", book.buf, book.len, "缺少 xl/workbook.xml");
  /* The zip cut in half. */
  t_bad("cut zip", book.buf, book.len/2, "不是有效的 xlsx 文件");
  buf_release(&book);

  memcpy(zCut, zSheet1, sizeof(zSheet1));
  zCut[sizeof(zSheet1)/2] = 0;
  t_make_book(&book, zCut, 0);
  t_bad("cut XML", book.buf, book.len, "XML 格式错误");
  t_seed("cut-xml.xlsx", book.buf, book.len);
  buf_release(&book);

  t_make_book(&book, 0, 0);
  t_bad("no sheet part", book.buf, book.len, "缺少 xl/worksheets/sheet1.xml");
  buf_release(&book);

  buf_puts(&deep, "<worksheet><sheetData>");
  for(i=0; i<100; i++) buf_puts(&deep, "<a>");
  for(i=0; i<100; i++) buf_puts(&deep, "</a>");
  buf_puts(&deep, "</sheetData></worksheet>");
  t_make_book(&book, deep.buf, 0);
  t_bad("deep XML", book.buf, book.len, "嵌套超过64层");
  buf_release(&book);
  buf_release(&deep);

  t_make_book(&book,
    "<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\">"
    "<!ENTITY lol2 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">]>"
    "<worksheet><sheetData><row><c t=\"inlineStr\"><is><t>&lol2;</t></is></c>"
    "</row></sheetData></worksheet>", 0);
  t_bad("entities", book.buf, book.len, "DTD");
  t_seed("entities.xlsx", book.buf, book.len);
  buf_release(&book);

  t_make_book(&book,
    "<?xml version=\"1.0\"?><!DOCTYPE x SYSTEM \"file:///etc/passwd\">"
    "<worksheet><sheetData><row><c t=\"inlineStr\"><is><t>&xxe;</t></is></c>"
    "</row></sheetData></worksheet>", 0);
  t_bad("external", book.buf, book.len, "DTD");
  buf_release(&book);

  t_make_book(&book, "<worksheet><sheetData><row r=\"1048577\"><c><v>1</v></c>"
              "</row></sheetData></worksheet>", 0);
  t_bad("too many rows", book.buf, book.len, "工作表过大：超过1048576行");
  buf_release(&book);

  t_make_book(&book, "<worksheet><sheetData><row><c r=\"XFE1\"><v>1</v></c>"
              "</row></sheetData></worksheet>", 0);
  t_bad("too many columns", book.buf, book.len, "工作表过大：超过16384列");
  buf_release(&book);

  t_make_book(&book, "<worksheet><sheetData><row><c r=\"B3\" t=\"s\"><v>99</v>"
              "</c></row></sheetData></worksheet>", 0);
  t_bad("bad sst index", book.buf, book.len, "第3行第2列（B3）：共享字符串编号");
  buf_release(&book);

  t_make_book(&book, "<worksheet><sheetData><row><c r=\"C2\"><v>1,5</v>"
              "</c></row></sheetData></worksheet>", 0);
  t_bad("bad number", book.buf, book.len, "第2行第3列（C2）：数值");
  buf_release(&book);

  /* A zip bomb: 300 MiB of zeros as the sheet. */
  {
    double t0 = t_now();
    t_zip_text(&z, "_rels/.rels", zRootRels);
    t_zip_text(&z, "xl/workbook.xml", zWorkbook);
    t_zip_text(&z, "xl/_rels/workbook.xml.rels", zWbRels);
    t_zip_add(&z, "xl/worksheets/sheet1.xml", 0, 300u<<20, 0);
    t_zip_end(&z, &book);
    fprintf(stderr, "    (bomb: %zu bytes, built in %.2fs)\n", book.len,
            t_now()-t0);
    t_bad("bomb", book.buf, book.len,
          "文件疑似压缩炸弹：xl/worksheets/sheet1.xml 解压后过大");
    buf_release(&book);
  }
  /* The same that lies about its size in the headers (claims 1000). */
  t_zip_text(&z, "_rels/.rels", zRootRels);
  t_zip_text(&z, "xl/workbook.xml", zWorkbook);
  t_zip_text(&z, "xl/_rels/workbook.xml.rels", zWbRels);
  t_zip_add(&z, "xl/worksheets/sheet1.xml", 0, 20u<<20, 1000);
  t_zip_end(&z, &book);
  t_bad("lying bomb", book.buf, book.len, "xl/worksheets/sheet1.xml");
  buf_release(&book);
  /* 5 MiB of zeros: a ratio far past 100. */
  t_zip_text(&z, "_rels/.rels", zRootRels);
  t_zip_text(&z, "xl/workbook.xml", zWorkbook);
  t_zip_text(&z, "xl/_rels/workbook.xml.rels", zWbRels);
  t_zip_add(&z, "xl/sharedStrings.xml", 0, 5u<<20, 0);
  t_zip_end(&z, &book);
  t_bad("ratio", book.buf, book.len, "压缩比过高");
  buf_release(&book);
}

/* sheet.c on its own: column names, references, date serials. */
static void t_sheet(void){
  char z[24];
  int r = 0, c = 0;
  struct sheet *sh;
  CHECK_STR(sheet_col_name(1, z), "A");
  CHECK_STR(sheet_col_name(26, z), "Z");
  CHECK_STR(sheet_col_name(27, z), "AA");
  CHECK_STR(sheet_col_name(52, z), "AZ");
  CHECK_STR(sheet_col_name(703, z), "AAA");
  CHECK_STR(sheet_col_name(16384, z), "XFD");
  CHECK_STR(sheet_col_name(0, z), "?");
  CHECK_STR(sheet_col_name(16385, z), "?");
  CHECK(sheet_parse_ref("XFD1048576", &r, &c)==0 && r==1048576 && c==16384);
  CHECK(sheet_parse_ref("B3", &r, &c)==0 && r==3 && c==2);
  CHECK(sheet_parse_ref("XFE1", &r, &c)==-1);
  CHECK(sheet_parse_ref("A0", &r, &c)==-1);
  CHECK(sheet_parse_ref("A1048577", &r, &c)==-1);
  CHECK(sheet_parse_ref("a1", &r, &c)==-1);
  CHECK(sheet_parse_ref("A1x", &r, &c)==-1);
  CHECK(sheet_serial_to_iso(1, false, z)==0 && strcmp(z, "1900-01-01")==0);
  CHECK(sheet_serial_to_iso(59, false, z)==0 && strcmp(z, "1900-02-28")==0);
  CHECK(sheet_serial_to_iso(60, false, z)==0 && strcmp(z, "1900-02-29")==0);
  CHECK(sheet_serial_to_iso(61, false, z)==0 && strcmp(z, "1900-03-01")==0);
  CHECK(sheet_serial_to_iso(45611, false, z)==0 && strcmp(z, "2024-11-15")==0);
  CHECK(sheet_serial_to_iso(45611.75, false, z)==0
        && strcmp(z, "2024-11-15 18:00:00")==0);
  CHECK(sheet_serial_to_iso(0.5, false, z)==0 && strcmp(z, "12:00:00")==0);
  CHECK(sheet_serial_to_iso(0, true, z)==0 && strcmp(z, "1904-01-01")==0);
  CHECK(sheet_serial_to_iso(44149, true, z)==0 && strcmp(z, "2024-11-15")==0);
  CHECK(sheet_serial_to_iso(2958465, false, z)==0 && strcmp(z, "9999-12-31")==0);
  CHECK(sheet_serial_to_iso(2958466, false, z)==-1);
  CHECK(sheet_serial_to_iso(-1, false, z)==-1);
  CHECK(xlsx_format_is_date("yyyy\"年\"m\"月\"d\"日\""));
  CHECK(xlsx_format_is_date("yyyy年m月d日"));
  CHECK(xlsx_format_is_date("[$-804]yyyy-mm-dd;@"));
  CHECK(!xlsx_format_is_date("General"));
  CHECK(!xlsx_format_is_date("0.00_);[Red]\\(0.00\\)"));
  CHECK(!xlsx_format_is_date("\"第\"0\"名\""));
  CHECK(!xlsx_format_is_date("#,##0\\d"));

  /* Out-of-order and duplicate cells: sorted, the last one wins. */
  sh = sheet_new();
  sheet_add(sh, 5, 2, SHEET_STRING, "x", 1);
  sheet_add(sh, 1, 3, SHEET_STRING, "a", 1);
  sheet_add(sh, 5, 2, SHEET_STRING, "y", 1);
  sheet_add(sh, 1, 1, SHEET_STRING, "b", 1);
  sheet_finish(sh);
  CHECK_INT(sh->nRow, 2);
  CHECK_STR(test_cell_text(sh, "B5"), "y");
  CHECK_STR(test_cell_text(sh, "A1"), "b");
  CHECK_STR(test_cell_text(sh, "C1"), "a");
  CHECK(sheet_cell(sh, 2, 2)==0);
  sheet_free(sh);
}

void test_xlsx(void){
  t_sheet();
  t_handmade();
  t_stream();
  t_written();
  t_hostile();
}
