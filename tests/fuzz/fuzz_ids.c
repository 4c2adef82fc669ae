/*
** fuzz_ids.c -- libFuzzer target: any bytes through the identifier checks
** (统一社会信用代码, 身份证号, 区划代码, 学校标识码), the date parser and a
** calendar year's text.  Accepted identifiers must re-check the same;
** a date that parses must format back to the same text; a calendar that
** loads must write back text that loads to the same working days.
*/
#include "../../src/common.h"
#include "../../src/base/buf.h"
#include "../../src/base/calendar.h"
#include "../../src/core/clock.h"
#include "../../src/base/date.h"
#include "../../src/base/ids.h"

int LLVMFuzzerTestOneInput(const uint8_t *aData, size_t n);

int LLVMFuzzerTestOneInput(const uint8_t *aData, size_t n){
  struct buf err = BUF_INIT, out = BUF_INIT;
  char z[64], zOut[16];
  size_t k = n < sizeof(z)-1 ? n : sizeof(z)-1;
  int day, due;
  struct calendar *c, *c2;
  memcpy(z, aData, k);
  z[k] = 0;
  if( ids_check_uscc(z, &err)==0 && ids_check_uscc(z, &err)!=0 ) abort();
  if( ids_check_idcard(z, &err)==0 ){
    char zMask[19];
    if( strlen(z)==18 ){
      ids_mask_idcard(z, zMask);
      if( strlen(zMask)!=18 ) abort();
    }
  }
  ids_check_region(z, &err);
  ids_check_school(z, &err);
  if( date_parse(z, &day)==0 ){
    date_format(day, zOut);
    if( strcmp(zOut, z)!=0 ) abort();
  }
  c = calendar_new();
  buf_reset(&err);
  if( calendar_load_text(c, 2026, (const char *)aData, n, &err)==0 ){
    c2 = calendar_new();
    calendar_year_text(c, 2026, &out);
    if( calendar_load_text(c2, 2026, out.buf, out.len, &err) ) abort();
    if( clock_add_workdays(c, date_from_ymd(2026, 1, 1), 30, &due, 0, &err)==0 ){
      int due2;
      if( clock_add_workdays(c2, date_from_ymd(2026, 1, 1), 30, &due2, 0, &err) ) abort();
      if( due!=due2 ) abort();
    }
    calendar_free(c2);
  }
  calendar_free(c);
  buf_release(&err);
  buf_release(&out);
  return 0;
}
