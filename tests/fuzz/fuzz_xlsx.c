/*
** fuzz_xlsx.c -- libFuzzer target: any bytes through the xlsx reader.
**
** Reads the first two sheets and the sheet names; every cell found must
** be where it says and NUL-terminated.  A crash, a sanitizer report or a
** leak is a failure; -1 with a message is the expected answer to junk.
*/
#include "../../src/common.h"
#include "../../src/base/arena.h"
#include "../../src/base/buf.h"
#include "../../src/office/sheet.h"
#include "../../src/office/xlsx_read.h"

int LLVMFuzzerTestOneInput(const uint8_t *aData, size_t n);

int LLVMFuzzerTestOneInput(const uint8_t *aData, size_t n){
  struct buf err = BUF_INIT;
  struct arena *a = arena_new();
  const char **az = 0;
  int i, j, k, nName = 0;
  for(k=0; k<2; k++){
    struct sheet *sh = 0;
    if( xlsx_read_mem(aData, n, k, &sh, &err)==0 ){
      for(i=0; i<sh->nRow; i++){
        for(j=0; j<sh->aRow[i].nCell; j++){
          const struct sheet_cell *c = &sh->aRow[i].aCell[j];
          if( sheet_cell(sh, c->iRow, c->iCol)!=c ) abort();
          if( strlen(c->z)>4*SHEET_MAX_CHARS ) abort();
        }
      }
      sheet_free(sh);
    }else if( err.len==0 || sh ){
      abort();                        /* a failure must say why */
    }
    buf_reset(&err);
  }
  if( xlsx_sheet_names_mem(aData, n, a, &az, &nName, &err)==0 ){
    for(i=0; i<nName; i++) if( az[i]==0 ) abort();
  }
  arena_free(a);
  buf_release(&err);
  return 0;
}
