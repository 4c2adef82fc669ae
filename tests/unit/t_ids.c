/*
** t_ids.c -- tests of the identifier checks with the vectors of
** standards.md 1.6.
*/
#include "test.h"
#include "../../src/base/buf.h"
#include "../../src/base/ids.h"

/* Run xCheck on z; return its code and leave the message in *pErr. */
static int t_run(int (*xCheck)(const char *, struct buf *), const char *z,
                 struct buf *pErr){
  buf_reset(pErr);
  return xCheck(z, pErr);
}

void test_ids(void){
  static const int aUsccW[17] = {
    1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28
  };
  static const int aIdW[17] = {
    7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2
  };
  static const int aOrgW[8] = { 3, 7, 9, 10, 5, 8, 4, 2 };
  static const char *const azUsccOk[] = {
    "91350100M000100Y43", "91310115591693856A", "91310110666007217T",
    "12100000400000624D", "1210000042500615X0", "12440300455752807L",
  };
  static const char *const azIdOk[] = {
    "11010519491231002X", "440524188001010014", "370101190102039973",
    "220322199001011235", "220322201009010026", "220322201506300016",
    "11010519491231002x",
  };
  struct buf err = BUF_INIT;
  int aW[17];
  char zMask[32], zId[19];
  size_t i;

  /* Weights computed from the formulas equal the published lists. */
  ids_uscc_weights(aW);
  CHECK(memcmp(aW, aUsccW, sizeof(aUsccW))==0);
  ids_idcard_weights(aW);
  CHECK(memcmp(aW, aIdW, sizeof(aIdW))==0);
  ids_orgcode_weights(aW);
  CHECK(memcmp(aW, aOrgW, sizeof(aOrgW))==0);

  /* 统一社会信用代码 */
  for(i=0; i<COUNT(azUsccOk); i++){
    CHECK(t_run(ids_check_uscc, azUsccOk[i], &err)==0);
    CHECK_STR(err.buf, "");
  }
  CHECK(t_run(ids_check_uscc, "91350100M000100Y4Z", &err)==-1);
  CHECK_STR(err.buf, "统一社会信用代码第18位校验码应为3");
  CHECK(t_run(ids_check_uscc, "91350203M0001QAY9B", &err)==-1);
  CHECK_STR(err.buf, "统一社会信用代码第18位校验码应为9");
  CHECK(t_run(ids_check_uscc, "91350100M000100Y53", &err)==-1);
  CHECK_STR(err.buf, "统一社会信用代码第17位（组织机构代码校验码）应为4");
  CHECK(t_run(ids_check_uscc, "9135010M000100Y43", &err)==-1);
  CHECK_STR(err.buf, "统一社会信用代码应为18位，输入的是17位");
  CHECK(t_run(ids_check_uscc, "", &err)==-1);
  CHECK(err.len>0);
  CHECK(t_run(ids_check_uscc, 0, &err)==-1);
  CHECK(t_run(ids_check_uscc, "91350100m000100Y43", &err)==-1);
  CHECK_STR(err.buf, "统一社会信用代码第9位“m”应为大写字母");
  CHECK(t_run(ids_check_uscc, "91350100O000100Y43", &err)==-1);
  CHECK(strstr(err.buf, "第9位不能是字母O")!=0);
  CHECK(t_run(ids_check_uscc, "9135010０M000100Y43", &err)==-1);
  CHECK_STR(err.buf, "统一社会信用代码第8位不是有效字符（只能是数字和大写字母）");
  CHECK(t_run(ids_check_uscc, "913501A0M000100Y43", &err)==-1);
  CHECK(strstr(err.buf, "第3-8位")!=0 && strstr(err.buf, "第7位")!=0);
  CHECK(t_run(ids_check_uscc, "91350100M000100Y4a", &err)==-1);
  CHECK_STR(err.buf, "统一社会信用代码第18位校验码应为3");
  CHECK(ids_check_uscc("91350100M000100Y43", 0)==0);
  CHECK(ids_check_uscc("91350100M000100Y4Z", 0)==-1);

  /* 身份证号 */
  setenv("FAZHI_NOW", "1795000000", 1);            /* 2026-11-18 */
  for(i=0; i<COUNT(azIdOk); i++){
    CHECK(t_run(ids_check_idcard, azIdOk[i], &err)==0);
    CHECK_STR(err.buf, "");
  }
  CHECK(t_run(ids_check_idcard, "220322199001011234", &err)==-1);
  CHECK_STR(err.buf, "身份证号第18位校验码应为5");
  CHECK(t_run(ids_check_idcard, "11010519491231002Y", &err)==-1);
  CHECK_STR(err.buf, "身份证号第18位应为数字或X");
  CHECK(t_run(ids_check_idcard, "1101051949123100X2", &err)==-1);
  CHECK_STR(err.buf, "身份证号第17位应为数字");
  CHECK(t_run(ids_check_idcard, "220322900101123", &err)==-1);
  CHECK(strstr(err.buf, "15位")!=0);
  CHECK(t_run(ids_check_idcard, "220322199002301235", &err)==-1);
  CHECK_STR(err.buf, "身份证号第7-14位（出生日期）19900230不是有效日期");
  CHECK(t_run(ids_check_idcard, "990322199001011235", &err)==-1);
  CHECK(strstr(err.buf, "地址码")!=0);
  CHECK(t_run(ids_check_idcard, "220322203001011235", &err)==-1);
  CHECK_STR(err.buf, "身份证号中的出生日期2030-01-01晚于今天");
  unsetenv("FAZHI_NOW");
  memcpy(zId, "11010519491231002x", 19);
  ids_normalize_idcard(zId);
  CHECK_STR(zId, "11010519491231002X");
  ids_mask_idcard("220322199001011235", zMask);
  CHECK_STR(zMask, "220322********1235");
  ids_mask_idcard("22032219900101123", zMask);
  CHECK_STR(zMask, "******************");
  ids_mask_idcard(0, zMask);
  CHECK_STR(zMask, "******************");
  ids_mask_phone("18012341999", zMask);
  CHECK_STR(zMask, "180****1999");
  ids_mask_phone("123", zMask);
  CHECK_STR(zMask, "****");

  /* 行政区划代码 */
  CHECK(t_run(ids_check_region, "220322", &err)==0);
  CHECK(t_run(ids_check_region, "220000", &err)==0);
  CHECK(t_run(ids_check_region, "22032", &err)==-1);
  CHECK_STR(err.buf, "行政区划代码应为6位数字，输入的是5位");
  CHECK(t_run(ids_check_region, "22032a", &err)==-1);
  CHECK_STR(err.buf, "行政区划代码第6位应为数字");
  CHECK(t_run(ids_check_region, "000000", &err)==-1);
  CHECK(t_run(ids_check_region, "990322", &err)==-1);
  CHECK(strstr(err.buf, "99")!=0);

  /* 学校标识码 */
  CHECK(t_run(ids_check_school, "4111010001", &err)==0);
  CHECK(t_run(ids_check_school, "2122001234", &err)==0);
  CHECK(t_run(ids_check_school, "1522001234", &err)==-1);
  CHECK(strstr(err.buf, "学校类别码")!=0);
  CHECK(t_run(ids_check_school, "2199001234", &err)==-1);
  CHECK(strstr(err.buf, "省份代码")!=0);
  CHECK(t_run(ids_check_school, "212200123", &err)==-1);
  CHECK(t_run(ids_check_school, "21220012X4", &err)==-1);
  CHECK_STR(err.buf, "学校标识码第9位应为数字");
  CHECK_STR(ids_school_category_name("11"), "幼儿园");
  CHECK_STR(ids_school_category_name("2122001234"), "小学");
  CHECK_STR(ids_school_category_name("34"), "普通高中");
  CHECK(ids_school_category_name("99")==0);
  CHECK(ids_school_category_name("")==0);
  buf_release(&err);
}

/* Found by fuzz_ids: stray UTF-8 continuation bytes are not characters to
** skip; an identifier holding one is refused, never checksummed. */
void test_ids_bytes(void){
  struct buf err = BUF_INIT;
  CHECK(ids_check_uscc("24220100210000\x85\xb0" "2010XXXX", &err)==-1);
  buf_reset(&err);
  CHECK(ids_check_uscc("9135010\x80" "0M000100Y43", &err)==-1);
  CHECK(strstr(err.buf, "不是有效字符")!=0);
  buf_reset(&err);
  CHECK(ids_check_idcard("2203221990010\x80" "11235", &err)==-1);
  buf_release(&err);
}
