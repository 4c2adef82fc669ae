/*
** t_table.c -- tests of table.c and xlsx_write.c: an organisation register
** and a people register read from workbooks made here with libxlsxwriter
** (title rows, shuffled and decorated headers, numbers that lost digits,
** 10,000 rows with one bad code) and from CSV (UTF-8 with BOM, GB18030);
** the error file (read back, and through LibreOffice when installed),
** exports (xlsx and CSV, formula injection) and the template.
*/
#include "test.h"
#include "../../src/base/arena.h"
#include "../../src/base/buf.h"
#include "../../src/base/ids.h"
#include "../../src/office/csv.h"
#include "../../src/office/sheet.h"
#include "../../src/office/table.h"
#include "../../src/office/xlsx_read.h"
#include "../../src/office/xlsx_write.h"
#include <iconv.h>
#include <unistd.h>
#include <xlsxwriter.h>

static const char *const azOrgKind[] = {
  "bureau", "教育局", "office", "股室", "school", "学校",
  "kindergarten", "幼儿园", "dept", "其他部门", "other", "其他单位", 0
};
static const char *const azUsccAlias[] = { "社会信用代码", "信用代码", 0 };

/* The organisation register. */
static const struct table_col aOrgCol[] = {
  { "名称", "name", COL_TEXT, true, 0, 30, 0, 0 },
  { "类别", "kind", COL_CHOICE, true, azOrgKind, 12, 0, 0 },
  { "统一社会信用代码", "code", COL_USCC, false, 0, 22, azUsccAlias, 0 },
  { "区划代码", "region", COL_REGION, false, 0, 10, 0, 0 },
  { "学校标识码", "school", COL_SCHOOL, false, 0, 12, 0, 0 },
  { "上级机构", "parent", COL_TEXT, false, 0, 30, 0, 0 },
};
static const struct table_def orgDef = { "机构名录", aOrgCol, 6 };

/* A people register, for ID numbers, dates and integers. */
static const struct table_col aPersonCol[] = {
  { "姓名", "name", COL_TEXT, true, 0, 0, 0, 20 },
  { "身份证号", "idcard", COL_IDCARD, true, 0, 0, 0, 0 },
  { "出生日期", "birth", COL_DATE, false, 0, 0, 0, 0 },
  { "人数", "count", COL_INT, false, 0, 0, 0, 0 },
  { "学校标识码", "school", COL_SCHOOL, false, 0, 0, 0, 0 },
};
static const struct table_def personDef = { 0, aPersonCol, 5 };

/* A valid 统一社会信用代码 for number i: "91220322" + an 8-digit
** organisation number + both check characters. */
static void t_uscc(int i, char out[19]){
  static const char zSym[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";
  int aW[17], aOrgW[8], k, sum = 0, v;
  snprintf(out, 19, "91220322%08d", i % 100000000);
  ids_orgcode_weights(aOrgW);
  for(k=0; k<8; k++) sum += (out[8+k]-'0')*aOrgW[k];
  v = 11 - sum%11;
  out[16] = v==10 ? 'X' : v==11 ? '0' : (char)('0'+v);
  ids_uscc_weights(aW);
  sum = 0;
  for(k=0; k<17; k++) sum += (int)(strchr(zSym, out[k]) - zSym)*aW[k];
  v = 31 - sum%31;
  out[17] = zSym[v==31 ? 0 : v];
  out[18] = 0;
}

/* The value of column iCol in data row k, "" for NULL. */
static const char *t_val(const struct table_input *in, int k, int iCol){
  if( k<0 || k>=in->nRow ) return "(no row)";
  return in->aazVal[k][iCol] ? in->aazVal[k][iCol] : "";
}

/* A new workbook zPath (normal mode, so cells may come in any order). */
static lxw_workbook *t_book(const char *zPath){
  lxw_workbook_options opt = { 0, (char *)test_tmpdir(), 0 };
  return workbook_new_opt(zPath, &opt);
}

/* The good organisation workbook: merged title, shuffled headers with
** decoration, an unknown column, a blank row, full-width and lower-case
** codes. */
static void t_good_xlsx(void){
  char zPath[256], zU1[19], zU2[19], zFw[64];
  struct buf file = BUF_INIT, err = BUF_INIT;
  struct table_input *in = 0;
  lxw_workbook *wb;
  lxw_worksheet *ws;
  lxw_format *fBold;
  int i, k;

  snprintf(zPath, sizeof(zPath), "%s/org-good.xlsx", test_tmpdir());
  t_uscc(1001, zU1);
  t_uscc(1002, zU2);
  /* zU2 in full-width digits and letters, lower-cased */
  zFw[0] = 0;
  {
    struct buf b = BUF_INIT;
    for(i=0; zU2[i]; i++){
      unsigned c = (unsigned char)zU2[i];
      if( c>='A' && c<='Z' ) c += 32;
      c += 0xFEE0;
      buf_putc(&b, (int)(0xE0 | (c>>12)));
      buf_putc(&b, (int)(0x80 | ((c>>6)&0x3f)));
      buf_putc(&b, (int)(0x80 | (c&0x3f)));
    }
    snprintf(zFw, sizeof(zFw), "%s", b.buf);
    buf_release(&b);
  }
  wb = t_book(zPath);
  ws = workbook_add_worksheet(wb, "机构");
  fBold = workbook_add_format(wb);
  format_set_bold(fBold);
  worksheet_merge_range(ws, 0, 0, 0, 6, "梨树县教育系统机构名录（2024年）", fBold);
  worksheet_write_string(ws, 1, 0, "类　别", 0);          /* full-width space */
  worksheet_write_string(ws, 1, 1, "名称*", 0);
  worksheet_write_string(ws, 1, 2, "备注", 0);            /* unknown: ignored */
  worksheet_write_string(ws, 1, 3, " 信用代码（必填）", 0);/* alias + decoration */
  worksheet_write_string(ws, 1, 4, "上级机构", 0);
  worksheet_write_string(ws, 1, 5, "区划代码", 0);
  worksheet_write_string(ws, 1, 6, "学校标识码", 0);
  worksheet_write_string(ws, 2, 0, "教育局", 0);
  worksheet_write_string(ws, 2, 1, " 梨树县教育局 ", 0);
  worksheet_write_string(ws, 2, 2, "随便写点什么", 0);
  worksheet_write_string(ws, 2, 3, zU1, 0);
  worksheet_write_string(ws, 2, 5, "220322", 0);
  /* row 4 blank, skipped */
  worksheet_write_string(ws, 4, 0, "School", 0);           /* code, any case */
  worksheet_write_string(ws, 4, 1, "梨树县第一中学", 0);
  worksheet_write_string(ws, 4, 3, zFw, 0);
  worksheet_write_string(ws, 4, 4, "梨树县教育局", 0);
  worksheet_write_number(ws, 4, 6, 3122030001.0, 0);       /* number, exact */
  worksheet_write_string(ws, 5, 0, "幼儿园", 0);
  worksheet_write_string(ws, 5, 1, "梨树县实验幼儿园", 0);
  worksheet_write_string(ws, 5, 2, "只有备注的行不算空行", 0);
  worksheet_write_string(ws, 6, 2, "只在未知列有内容：跳过", 0);
  CHECK(workbook_close(wb)==LXW_NO_ERROR);
  CHECK(test_read_file(zPath, &file)==0);

  CHECK(table_read(&orgDef, file.buf, file.len, &in, &err)==0);
  if( in==0 ){
    fprintf(stderr, "    %s\n", err.buf);
    goto done;
  }
  CHECK_INT(in->iHeaderRow, 2);
  CHECK_INT(in->eFormat, TABLE_XLSX);
  CHECK_INT(in->nErr, 0);
  CHECK_INT(in->nRow, 3);
  CHECK_INT(in->aiFileCol[0], 2);
  CHECK_INT(in->aiFileCol[2], 4);
  k = 0;
  CHECK_INT(in->aiRow[k], 3);
  CHECK_STR(t_val(in, k, 0), "梨树县教育局");
  CHECK_STR(t_val(in, k, 1), "bureau");
  CHECK_STR(t_val(in, k, 2), zU1);
  CHECK_STR(t_val(in, k, 3), "220322");
  CHECK(in->aazVal[k][4]==0);
  k = 1;
  CHECK_INT(in->aiRow[k], 5);
  CHECK_STR(t_val(in, k, 1), "school");
  CHECK_STR(t_val(in, k, 2), zU2);             /* folded and upper-cased */
  CHECK_STR(t_val(in, k, 4), "3122030001");
  CHECK_STR(t_val(in, k, 5), "梨树县教育局");
  k = 2;
  CHECK_INT(in->aiRow[k], 6);
  CHECK_STR(t_val(in, k, 1), "kindergarten");
  buf_reset(&err);
  CHECK(table_error_text(in, &orgDef, &err)==0);
  CHECK(strstr(err.buf, "共3行数据")!=0);

  /* The error file keeps the title row (merged) and the row numbers. */
  table_add_error(in, 5, 5, "上级机构“%s”不存在", "梨树县教育局");
  {
    struct buf out = BUF_INIT;
    struct sheet *sh = 0;
    CHECK(table_error_file(&orgDef, in, file.buf, file.len, TABLE_XLSX,
                           test_tmpdir(), &out, &err)==0);
    CHECK(xlsx_read_mem(out.buf, out.len, 0, &sh, &err)==0);
    if( sh ){
      CHECK_STR(test_cell_text(sh, "A1"), "梨树县教育系统机构名录（2024年）");
      CHECK(sheet_merge_at(sh, 1, 7)!=0);
      CHECK_STR(test_cell_text(sh, "B2"), "名称*");
      CHECK_STR(test_cell_text(sh, "H2"), "错误说明");
      CHECK_STR(test_cell_text(sh, "H3"), "");
      CHECK_STR(test_cell_text(sh, "H5"), "E列（上级机构）：上级机构“梨树县教育局”不存在");
      CHECK_STR(test_cell_text(sh, "B3"), " 梨树县教育局 ");        /* as typed */
      CHECK_STR(test_cell_text(sh, "C7"), "只在未知列有内容：跳过");
      CHECK_STR(test_cell_text(sh, "G5"), "3122030001");
    }
    sheet_free(sh);
    buf_release(&out);
  }
done:
  table_input_free(in);
  buf_release(&file);
  buf_release(&err);
}

/* 10,000 rows, one bad code: exactly one error, then the error file. */
static void t_many_rows(void){
  char zPath[256], zU[19], zBadRow[128];
  struct buf file = BUF_INIT, err = BUF_INIT, out = BUF_INIT;
  struct table_input *in = 0;
  struct sheet *sh = 0, *sh2 = 0;
  struct arena *a = arena_new();
  const char **azName = 0;
  int nName = 0, r, iBad = 4321, nFilled = 0;
  lxw_workbook_options opt = { 1, (char *)test_tmpdir(), 0 };
  lxw_workbook *wb;
  lxw_worksheet *ws;

  snprintf(zPath, sizeof(zPath), "%s/org-10k.xlsx", test_tmpdir());
  wb = workbook_new_opt(zPath, &opt);
  ws = workbook_add_worksheet(wb, 0);
  worksheet_write_string(ws, 0, 0, "名称", 0);
  worksheet_write_string(ws, 0, 1, "类别", 0);
  worksheet_write_string(ws, 0, 2, "统一社会信用代码", 0);
  for(r=1; r<=10000; r++){
    char zName[32];
    snprintf(zName, sizeof(zName), "单位%d", r);
    t_uscc(r, zU);
    if( r+1==iBad ) zU[17] = zU[17]=='3' ? '4' : '3';
    worksheet_write_string(ws, (lxw_row_t)r, 0, zName, 0);
    worksheet_write_string(ws, (lxw_row_t)r, 1, r%2 ? "学校" : "other", 0);
    worksheet_write_string(ws, (lxw_row_t)r, 2, zU, 0);
  }
  CHECK(workbook_close(wb)==LXW_NO_ERROR);
  CHECK(test_read_file(zPath, &file)==0);

  CHECK(table_read(&orgDef, file.buf, file.len, &in, &err)==0);
  if( in==0 ) goto done;
  CHECK_INT(in->nRow, 10000);
  CHECK_INT(in->nErr, 1);
  if( in->nErr==1 ){
    CHECK_INT(in->aErr[0].iRow, iBad);
    CHECK_INT(in->aErr[0].iCol, 2);
    CHECK(strstr(in->aErr[0].zMsg, "第18位校验码应为")!=0);
  }
  table_error_text(in, &orgDef, &err);
  snprintf(zBadRow, sizeof(zBadRow), "第%d行 C列（统一社会信用代码）：第18位", iBad);
  CHECK(strstr(err.buf, zBadRow)!=0);
  CHECK(strstr(err.buf, "其中1行有错误，共1处")!=0);

  /* The error file: 错误说明 after the last column, on the bad row only. */
  CHECK(table_error_file(&orgDef, in, file.buf, file.len, TABLE_XLSX, test_tmpdir(),
                         &out, &err)==0);
  CHECK(xlsx_read_mem(out.buf, out.len, 0, &sh, &err)==0);
  CHECK(xlsx_sheet_names_mem(out.buf, out.len, a, &azName, &nName, &err)==0);
  CHECK_INT(nName, 2);
  if( nName==2 ) CHECK_STR(azName[1], "错误汇总");
  if( sh ){
    CHECK_STR(test_cell_text(sh, "D1"), "错误说明");
    CHECK_STR(test_cell_text(sh, "A2"), "单位1");
    for(r=2; r<=10001; r++){
      const struct sheet_cell *p = sheet_cell(sh, r, 4);
      if( p ){
        nFilled++;
        CHECK_INT(r, iBad);
        CHECK(strstr(p->z, "C列（统一社会信用代码）：第18位校验码应为")!=0);
      }
    }
    CHECK_INT(nFilled, 1);
    CHECK_INT(sh->nRowMax, 10001);
  }
  CHECK(xlsx_read_mem(out.buf, out.len, 1, &sh2, &err)==0);
  if( sh2 ){
    char zRow[16];
    snprintf(zRow, sizeof(zRow), "%d", iBad);
    CHECK_INT(sh2->nRowMax, 1 + in->nErr);
    CHECK_STR(test_cell_text(sh2, "A1"), "行号");
    CHECK_STR(test_cell_text(sh2, "A2"), zRow);
    CHECK_STR(test_cell_text(sh2, "B2"), "C");
    CHECK_STR(test_cell_text(sh2, "C2"), "统一社会信用代码");
  }
done:
  sheet_free(sh);
  sheet_free(sh2);
  arena_free(a);
  table_input_free(in);
  buf_release(&file);
  buf_release(&err);
  buf_release(&out);
}

/* Numbers: an exact school code is accepted, an ID number that lost its
** last digits is refused with the advice; dates and integers. */
static void t_numbers(void){
  char zPath[256];
  struct buf file = BUF_INIT, err = BUF_INIT;
  struct table_input *in = 0;
  lxw_workbook *wb;
  lxw_worksheet *ws;
  lxw_format *fDate;
  lxw_datetime dt = { 1956, 9, 1, 0, 0, 0 };
  int i;

  CHECK(ids_check_idcard("11010519491231002X", 0)==0);
  snprintf(zPath, sizeof(zPath), "%s/person.xlsx", test_tmpdir());
  wb = t_book(zPath);
  ws = workbook_add_worksheet(wb, "人员");
  fDate = workbook_add_format(wb);
  format_set_num_format(fDate, "yyyy\"年\"m\"月\"d\"日\"");
  worksheet_write_string(ws, 0, 0, "姓名", 0);
  worksheet_write_string(ws, 0, 1, "身份证号", 0);
  worksheet_write_string(ws, 0, 2, "出生日期", 0);
  worksheet_write_string(ws, 0, 3, "人数", 0);
  worksheet_write_string(ws, 0, 4, "学校标识码", 0);
  /* row 2: all good, ID as text with a lower-case x, date cell */
  worksheet_write_string(ws, 1, 0, "张三", 0);
  worksheet_write_string(ws, 1, 1, "11010519491231002x", 0);
  worksheet_write_datetime(ws, 1, 2, &dt, fDate);
  worksheet_write_number(ws, 1, 3, 12, 0);
  worksheet_write_number(ws, 1, 4, 2122030001.0, 0);
  /* row 3: the ID as a number (Excel keeps 15 digits) */
  worksheet_write_string(ws, 2, 0, "李四", 0);
  worksheet_write_number(ws, 2, 1, 110105194912310021.0, 0);
  worksheet_write_string(ws, 2, 2, "2024/3/1", 0);
  worksheet_write_string(ws, 2, 3, "０７", 0);
  /* row 4: text dates and bad values */
  worksheet_write_string(ws, 3, 0, "王五", 0);
  worksheet_write_string(ws, 3, 1, "110105194912310022", 0);
  worksheet_write_string(ws, 3, 2, "2024年2月30日", 0);
  worksheet_write_string(ws, 3, 3, "12.5", 0);
  worksheet_write_string(ws, 3, 4, "99220300", 0);
  /* row 5: a name past 20 characters, Chinese date */
  worksheet_write_string(ws, 4, 0, "一二三四五六七八九十一二三四五六七八九十一", 0);
  worksheet_write_string(ws, 4, 1, "11010519491231002X", 0);
  worksheet_write_string(ws, 4, 2, "2024年3月1日", 0);
  CHECK(workbook_close(wb)==LXW_NO_ERROR);
  CHECK(test_read_file(zPath, &file)==0);

  CHECK(table_read(&personDef, file.buf, file.len, &in, &err)==0);
  if( in==0 ){
    fprintf(stderr, "    %s\n", err.buf);
    goto done;
  }
  CHECK_INT(in->nRow, 4);
  CHECK_STR(t_val(in, 0, 1), "11010519491231002X");
  CHECK_STR(t_val(in, 0, 2), "1956-09-01");
  CHECK_STR(t_val(in, 0, 3), "12");
  CHECK_STR(t_val(in, 0, 4), "2122030001");
  CHECK_STR(t_val(in, 1, 2), "2024-03-01");
  CHECK_STR(t_val(in, 1, 3), "7");
  CHECK_STR(t_val(in, 3, 2), "2024-03-01");
  buf_reset(&err);
  table_error_text(in, &personDef, &err);
  CHECK(strstr(err.buf, "第3行 B列（身份证号）：Excel 把它存成了数字并丢失了末几位，"
               "请把该列设为文本后重新填写")!=0);
  CHECK(strstr(err.buf, "第4行 B列（身份证号）：第18位校验码应为")!=0);
  CHECK(strstr(err.buf, "第4行 C列（出生日期）：“2024年2月30日”不是日期")!=0);
  CHECK(strstr(err.buf, "第4行 D列（人数）：应为整数")!=0);
  CHECK(strstr(err.buf, "第4行 E列（学校标识码）：应为10位数字")!=0);
  CHECK(strstr(err.buf, "第5行 A列（姓名）：不能超过20个字，现有21个字")!=0);
  CHECK_INT(in->nErr, 6);
  for(i=0; i<in->nErr; i++) CHECK(in->aErr[i].iRow!=2);
  if( test_nFail ) fprintf(stderr, "%s", err.buf);
done:
  table_input_free(in);
  buf_release(&file);
  buf_release(&err);
}

/* Files that cannot be used at all. */
static void t_file_errors(void){
  char zPath[256];
  struct buf file = BUF_INIT, err = BUF_INIT;
  struct table_input *in = (struct table_input *)1;
  lxw_workbook *wb;
  lxw_worksheet *ws;
  static const char zCsv[] = "名称,统一社会信用代码\r\n梨树县教育局,\r\n";
  static const char zCsv2[] = "标题\r\n甲,乙\r\n";
  static const char zDup[] = "名称,类别,名称\r\n";

  /* the required 类别 is missing */
  snprintf(zPath, sizeof(zPath), "%s/org-missing.xlsx", test_tmpdir());
  wb = t_book(zPath);
  ws = workbook_add_worksheet(wb, 0);
  worksheet_write_string(ws, 0, 0, "名称", 0);
  worksheet_write_string(ws, 0, 1, "统一社会信用代码", 0);
  worksheet_write_string(ws, 1, 0, "梨树县教育局", 0);
  CHECK(workbook_close(wb)==LXW_NO_ERROR);
  CHECK(test_read_file(zPath, &file)==0);
  CHECK(table_read(&orgDef, file.buf, file.len, &in, &err)==-1);
  CHECK(in==0);
  CHECK(strstr(err.buf, "缺少必填列“类别”")!=0);

  buf_reset(&err);
  CHECK(table_read(&orgDef, zCsv, strlen(zCsv), &in, &err)==-1);
  CHECK(strstr(err.buf, "第1行的表头缺少必填列“类别”")!=0);

  buf_reset(&err);
  CHECK(table_read(&orgDef, zCsv2, strlen(zCsv2), &in, &err)==-1);
  CHECK_STR(err.buf, "找不到表头：第1至10行中没有包含“名称”“类别”的行");

  buf_reset(&err);
  CHECK(table_read(&orgDef, zDup, strlen(zDup), &in, &err)==-1);
  CHECK(strstr(err.buf, "“名称”出现了两次（A列和C列）")!=0);

  buf_reset(&err);
  CHECK(table_read(&orgDef, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1xxxx", 12, &in,
                   &err)==-1);
  CHECK(strstr(err.buf, ".xls")!=0);
  buf_reset(&err);
  CHECK(table_read(&orgDef, "\x01\x00\x02", 3, &in, &err)==-1);
  CHECK(err.len>0);
  buf_reset(&err);
  CHECK(table_read(&orgDef, "PK\x03\x04garbage", 11, &in, &err)==-1);
  CHECK(err.len>0);
  buf_reset(&err);
  CHECK(table_read(&orgDef, "", 0, &in, &err)==-1);
  CHECK(err.len>0);
  buf_release(&file);
  buf_release(&err);
}

/* z (UTF-8) converted to GB18030 into b. */
static void t_gb18030(const char *z, struct buf *b){
  iconv_t cd = iconv_open("GB18030", "UTF-8");
  char *pIn = (char *)z, aOut[4096], *pOut = aOut;
  size_t nIn = strlen(z), nOut = sizeof(aOut);
  if( cd==(iconv_t)-1 ) return;
  if( iconv(cd, &pIn, &nIn, &pOut, &nOut)!=(size_t)-1 ){
    buf_append(b, aOut, sizeof(aOut)-nOut);
  }
  iconv_close(cd);
}

/* CSV in UTF-8 with a BOM and in GB18030 give the same rows; many kinds
** of errors in one upload; the CSV error file; the area's own errors. */
static void t_csv(void){
  char zU[19];
  struct buf csv = BUF_INIT, gb = BUF_INIT, err = BUF_INIT, out = BUF_INIT;
  struct table_input *in = 0, *in2 = 0;
  struct sheet *sh = 0;
  int k;

  t_uscc(77, zU);
  buf_puts(&csv, "\xEF\xBB\xBF");
  buf_puts(&csv, "机构名录\r\n");                       /* a title row */
  buf_puts(&csv, "名称（必填）,类别＊,统一社会信用代码,区划代码\r\n");
  buf_appendf(&csv, "梨树县教育局,教育局,%s,220322\r\n", zU);
  buf_puts(&csv, ",学校,,220322\r\n");                   /* 名称 empty */
  buf_puts(&csv, "梨树县某中学,中学,,000000\r\n");        /* bad choice, region */
  buf_puts(&csv, ",,,\r\n");                             /* blank: skipped */
  buf_puts(&csv, "'=HYPERLINK(\"x\"),股室,,\r\n");        /* guarded formula */
  t_gb18030(csv.buf+3, &gb);
  CHECK(gb.len>0);

  CHECK(table_read(&orgDef, csv.buf, csv.len, &in, &err)==0);
  CHECK(table_read(&orgDef, gb.buf, gb.len, &in2, &err)==0);
  if( in==0 || in2==0 ) goto done;
  CHECK_INT(in->eFormat, TABLE_CSV);
  CHECK_INT(in->iHeaderRow, 2);
  CHECK_INT(in->nRow, 4);
  CHECK_INT(in2->nRow, 4);
  for(k=0; k<in->nRow && k<in2->nRow; k++){
    int j;
    CHECK_INT(in->aiRow[k], in2->aiRow[k]);
    for(j=0; j<6; j++) CHECK_STR(t_val(in, k, j), t_val(in2, k, j));
  }
  CHECK_STR(t_val(in, 0, 2), zU);
  CHECK_STR(t_val(in, 3, 0), "=HYPERLINK(\"x\")");
  CHECK_STR(t_val(in, 3, 1), "office");
  CHECK_INT(in->nErr, 3);
  CHECK_INT(in2->nErr, 3);
  table_add_error(in, 3, 0, "与第%d行重复", 7);
  table_add_error(in, 7, -1, "上级机构不存在");
  table_error_text(in, &orgDef, &err);
  CHECK(strstr(err.buf, "第3行 A列（名称）：与第7行重复\n")!=0);
  CHECK(strstr(err.buf, "第4行 A列（名称）：必填\n")!=0);
  CHECK(strstr(err.buf, "第5行 B列（类别）：“中学”不是可选的值，应为以下之一："
               "教育局、股室、学校、幼儿园、其他部门、其他单位\n")!=0);
  CHECK(strstr(err.buf, "第5行 D列（区划代码）：不能是000000\n")!=0);
  CHECK(strstr(err.buf, "第7行：上级机构不存在\n")!=0);
  CHECK(strstr(err.buf, "共4行数据，其中4行有错误，共5处")!=0);
  /* sorted by row: row 3 comes before row 4 */
  CHECK(strstr(err.buf, "第3行")<strstr(err.buf, "第4行"));

  /* The CSV error file: same rows, 错误说明 last. */
  CHECK(table_error_file(&orgDef, in, csv.buf, csv.len, TABLE_CSV, test_tmpdir(),
                         &out, &err)==0);
  CHECK(out.len>3 && memcmp(out.buf, "\xEF\xBB\xBF", 3)==0);
  CHECK(strstr(out.buf, "\r\n")!=0);
  {
    struct buf e2 = BUF_INIT;
    CHECK(csv_read(out.buf, out.len, &sh, &e2)==0);
    buf_release(&e2);
  }
  if( sh ){
    CHECK_STR(test_cell_text(sh, "E2"), "错误说明");
    CHECK_STR(test_cell_text(sh, "E3"), "A列（名称）：与第7行重复");
    CHECK_STR(test_cell_text(sh, "E6"), "");
    CHECK_STR(test_cell_text(sh, "E4"), "A列（名称）：必填");
    CHECK(strstr(test_cell_text(sh, "E5"), "B列（类别）：“中学”不是可选的值")!=0);
    CHECK(strstr(test_cell_text(sh, "E5"), "；D列（区划代码）：不能是000000")!=0);
    CHECK_STR(test_cell_text(sh, "E7"), "上级机构不存在");
    CHECK_STR(test_cell_text(sh, "A7"), "'=HYPERLINK(\"x\")");   /* as typed */
    CHECK_STR(test_cell_text(sh, "A1"), "机构名录");
  }
done:
  sheet_free(sh);
  table_input_free(in);
  table_input_free(in2);
  buf_release(&csv);
  buf_release(&gb);
  buf_release(&err);
  buf_release(&out);
}

/* The error workbook of a small upload, opened by LibreOffice (when
** installed) and converted to CSV: the 错误说明 header is there. */
static void t_error_file_lo(void){
  char zDir[256], zXlsx[300], zCmd[2000], zCsv[300];
  struct buf csv = BUF_INIT, err = BUF_INIT, out = BUF_INIT, conv = BUF_INIT;
  struct table_input *in = 0;
  struct sheet *sh = 0;
  if( system("command -v soffice >/dev/null 2>&1")!=0 ){
    fprintf(stderr, "    (soffice not installed: LibreOffice check skipped)\n");
    return;
  }
  buf_puts(&csv, "名称,类别\r\n梨树县教育局,教育局\r\n,学校\r\n");
  CHECK(table_read(&orgDef, csv.buf, csv.len, &in, &err)==0);
  if( in==0 ) goto done;
  CHECK_INT(in->nErr, 1);
  CHECK(table_error_file(&orgDef, in, csv.buf, csv.len, TABLE_XLSX, test_tmpdir(),
                         &out, &err)==0);
  snprintf(zDir, sizeof(zDir), "%s/lo-err", test_tmpdir());
  snprintf(zXlsx, sizeof(zXlsx), "%s/errors.xlsx", zDir);
  snprintf(zCsv, sizeof(zCsv), "%s/errors.csv", zDir);
  snprintf(zCmd, sizeof(zCmd), "mkdir -p '%s'", zDir);
  CHECK(system(zCmd)==0);
  CHECK(test_write_file(zXlsx, out.buf, out.len)==0);
  snprintf(zCmd, sizeof(zCmd),
           "cd '%s' && timeout 120 soffice --headless --norestore "
           "-env:UserInstallation=file://%s/profile "
           "--convert-to 'csv:Text - txt - csv (StarCalc):44,34,76' "
           "--outdir '%s' '%s' >/dev/null 2>&1", zDir, zDir, zDir, zXlsx);
  CHECK(system(zCmd)==0);
  CHECK(test_read_file(zCsv, &conv)==0);
  CHECK(strstr(conv.buf, "错误说明")!=0);
  CHECK(strstr(conv.buf, "A列（名称）：必填")!=0);
  CHECK(strstr(conv.buf, "梨树县教育局")!=0);
  (void)sh;
done:
  table_input_free(in);
  buf_release(&csv);
  buf_release(&err);
  buf_release(&out);
  buf_release(&conv);
}

/* Rows for the export tests. */
static void t_rows(void *ctx, struct table_sink *s){
  const char *const (*aaz)[6] = ctx;
  int i;
  for(i=0; aaz[i][0]; i++) CHECK(table_sink_row(s, aaz[i])==0);
}

/* Export to xlsx and CSV, read back. */
static void t_export(void){
  char zU1[19], zU2[19], zPath[256], zCmd[400];
  struct buf out = BUF_INIT, err = BUF_INIT, xml = BUF_INIT;
  struct sheet *sh = 0;
  struct table_input *in = 0;
  FILE *p;
  int k;
  t_uscc(11, zU1);
  t_uscc(999999, zU2);
  {
    const char *aaz[][6] = {
      { "梨树县教育局", "bureau", zU1, "220322", 0, 0 },
      { "梨树县第一中学", "school", zU2, "220322", "3122030001", "梨树县教育局" },
      { "=1+2", "other", 0, 0, 0, "-5" },
      { 0 },
    };
    CHECK(table_export(&orgDef, TABLE_XLSX, test_tmpdir(), t_rows, aaz, &out,
                       &err)==0);
    CHECK(xlsx_read_mem(out.buf, out.len, 0, &sh, &err)==0);
    if( sh ){
      CHECK_STR(test_cell_text(sh, "A1"), "机构名录");
      CHECK_STR(test_cell_text(sh, "A2"), "名称");
      CHECK_STR(test_cell_text(sh, "C2"), "统一社会信用代码");
      CHECK_STR(test_cell_text(sh, "A3"), "梨树县教育局");
      CHECK_STR(test_cell_text(sh, "B3"), "教育局");
      CHECK_STR(test_cell_text(sh, "C3"), zU1);
      CHECK_STR(test_cell_text(sh, "C4"), zU2);
      CHECK_STR(test_cell_text(sh, "E4"), "3122030001");
      CHECK_STR(test_cell_text(sh, "A5"), "=1+2");          /* a string, not a formula */
      CHECK_STR(test_cell_text(sh, "B5"), "其他单位");
      CHECK_INT(sh->nRowMax, 5);
      CHECK(sheet_merge_at(sh, 1, 6)!=0);
    }
    /* header frozen */
    snprintf(zPath, sizeof(zPath), "%s/export.xlsx", test_tmpdir());
    CHECK(test_write_file(zPath, out.buf, out.len)==0);
    snprintf(zCmd, sizeof(zCmd), "unzip -p '%s' xl/worksheets/sheet1.xml", zPath);
    p = popen(zCmd, "r");
    if( p ){
      char a[4096];
      size_t n;
      while( (n = fread(a, 1, sizeof(a), p))>0 ) buf_append(&xml, a, n);
      CHECK(pclose(p)==0);
    }
    CHECK(strstr(xml.buf, "<pane ")!=0);
    CHECK(strstr(xml.buf, "state=\"frozen\"")!=0);
    CHECK(strstr(xml.buf, "ySplit=\"2\"")!=0);
    CHECK(strstr(xml.buf, "<f>")==0);
    /* and it imports again */
    CHECK(table_read(&orgDef, out.buf, out.len, &in, &err)==0);
    if( in ){
      CHECK_INT(in->nRow, 3);
      CHECK_INT(in->nErr, 0);
      CHECK_STR(t_val(in, 1, 1), "school");
      CHECK_STR(t_val(in, 1, 2), zU2);
    }
    table_input_free(in);
    in = 0;

    /* CSV: BOM, CRLF, labels, formula guard, read back unchanged */
    buf_reset(&out);
    CHECK(table_export(&orgDef, TABLE_CSV, test_tmpdir(), t_rows, aaz, &out,
                       &err)==0);
    CHECK(out.len>3 && memcmp(out.buf, "\xEF\xBB\xBF", 3)==0);
    CHECK(strncmp(out.buf+3, "名称,类别,统一社会信用代码,区划代码,学校标识码,"
                  "上级机构\r\n", strlen("名称,类别,统一社会信用代码,区划代码,"
                  "学校标识码,上级机构\r\n"))==0);
    CHECK(strstr(out.buf, "'=1+2,其他单位,,,,-5\r\n")!=0);
    for(k=0; k<(int)out.len; k++){
      if( out.buf[k]=='\n' ) CHECK(k>0 && out.buf[k-1]=='\r');
    }
    CHECK(table_read(&orgDef, out.buf, out.len, &in, &err)==0);
    if( in ){
      CHECK_INT(in->nRow, 3);
      CHECK_STR(t_val(in, 2, 0), "=1+2");
      CHECK_STR(t_val(in, 2, 5), "-5");
      CHECK_STR(t_val(in, 0, 1), "bureau");
    }
  }
  /* other risky starts */
  {
    const char *aaz[][6] = {
      { "+SUM(A1)", "other", 0, 0, 0, "@cmd" },
      { "-x", "other", 0, 0, 0, "+3.5" },
      { "\tx", "other", 0, 0, 0, "a=b" },
      { 0 },
    };
    buf_reset(&out);
    CHECK(table_export(&orgDef, TABLE_CSV, 0, t_rows, aaz, &out, &err)==0);
    CHECK(strstr(out.buf, "\r\n'+SUM(A1),其他单位,,,,'@cmd\r\n")!=0);
    CHECK(strstr(out.buf, "\r\n'-x,其他单位,,,,+3.5\r\n")!=0);
    CHECK(strstr(out.buf, "\r\n'\tx,其他单位,,,,a=b\r\n")!=0);
  }
  if( err.len ) fprintf(stderr, "    %s\n", err.buf);
  table_input_free(in);
  sheet_free(sh);
  buf_release(&out);
  buf_release(&err);
  buf_release(&xml);
}

/* The template: title, starred headers, 填写说明, and it imports empty. */
static void t_template(void){
  struct buf out = BUF_INIT, err = BUF_INIT;
  struct sheet *sh = 0, *sh2 = 0;
  struct arena *a = arena_new();
  struct table_input *in = 0;
  const char **azName = 0;
  int nName = 0;
  CHECK(table_template(&orgDef, TABLE_XLSX, test_tmpdir(), &out, &err)==0);
  CHECK(xlsx_read_mem(out.buf, out.len, 0, &sh, &err)==0);
  CHECK(xlsx_sheet_names_mem(out.buf, out.len, a, &azName, &nName, &err)==0);
  CHECK_INT(nName, 2);
  if( nName==2 ){
    CHECK_STR(azName[0], "机构名录");
    CHECK_STR(azName[1], "填写说明");
  }
  if( sh ){
    CHECK_STR(test_cell_text(sh, "A1"), "机构名录");
    CHECK_STR(test_cell_text(sh, "A2"), "名称*");
    CHECK_STR(test_cell_text(sh, "B2"), "类别*");
    CHECK_STR(test_cell_text(sh, "C2"), "统一社会信用代码");
    CHECK_STR(test_cell_text(sh, "F2"), "上级机构");
  }
  CHECK(xlsx_read_mem(out.buf, out.len, 1, &sh2, &err)==0);
  if( sh2 ){
    CHECK_STR(test_cell_text(sh2, "A1"), "列名");
    CHECK_STR(test_cell_text(sh2, "A3"), "类别");
    CHECK_STR(test_cell_text(sh2, "B3"), "必填");
    CHECK_STR(test_cell_text(sh2, "D3"), "教育局、股室、学校、幼儿园、其他部门、其他单位");
    CHECK_STR(test_cell_text(sh2, "B4"), "选填");
    CHECK_STR(test_cell_text(sh2, "E4"), "91350100M000100Y43");
    CHECK(ids_check_uscc(test_cell_text(sh2, "E4"), 0)==0);
    CHECK(ids_check_school(test_cell_text(sh2, "E6"), 0)==0);
    CHECK(ids_check_region(test_cell_text(sh2, "E5"), 0)==0);
  }
  CHECK(table_read(&orgDef, out.buf, out.len, &in, &err)==0);
  if( in ){
    CHECK_INT(in->iHeaderRow, 2);
    CHECK_INT(in->nRow, 0);
    CHECK_INT(in->nErr, 0);
  }
  table_input_free(in);
  in = 0;
  buf_reset(&out);
  CHECK(table_template(&orgDef, TABLE_CSV, 0, &out, &err)==0);
  CHECK(strcmp(out.buf, "\xEF\xBB\xBF名称*,类别*,统一社会信用代码,区划代码,"
               "学校标识码,上级机构\r\n")==0);
  CHECK(table_read(&orgDef, out.buf, out.len, &in, &err)==0);
  table_input_free(in);
  if( err.len ) fprintf(stderr, "    %s\n", err.buf);
  sheet_free(sh);
  sheet_free(sh2);
  arena_free(a);
  buf_release(&out);
  buf_release(&err);
}

/* The person example ID of the template checks out too. */
static void t_sheet_names(void){
  char z[128];
  CHECK_STR(xlsx_sheet_name("a[b]:c*d?e/f\\g", z), "a_b__c_d_e_f_g");
  CHECK_STR(xlsx_sheet_name("''", z), "Sheet");
  CHECK_STR(xlsx_sheet_name("一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二", z),
            "一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一");
}

void test_table(void){
  t_good_xlsx();
  t_many_rows();
  t_numbers();
  t_file_errors();
  t_csv();
  t_export();
  t_template();
  t_sheet_names();
  t_error_file_lo();
}
