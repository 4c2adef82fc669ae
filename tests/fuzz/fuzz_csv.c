/*
** fuzz_csv.c -- libFuzzer target: any bytes through the CSV reader, and
** every sheet it returns written back with csv_write_row() and read again
** to the same cells.
*/
#include "../../src/common.h"
#include "../../src/base/buf.h"
#include "../../src/office/csv.h"
#include "../../src/office/sheet.h"

int LLVMFuzzerTestOneInput(const uint8_t *aData, size_t n);

int LLVMFuzzerTestOneInput(const uint8_t *aData, size_t n){
  struct buf err = BUF_INIT, out = BUF_INIT;
  struct sheet *sh = 0, *sh2 = 0;
  int i, j, r, c;
  if( csv_read(aData, n, &sh, &err) ){
    if( err.len==0 || sh ) abort();
    buf_release(&err);
    return 0;
  }
  /* Write it back (rows 1..nRowMax, dense) and read it again; the BOM
  ** keeps a U+FEFF at the start of the first cell from being taken as
  ** one. */
  csv_bom(&out);
  for(r=1; r<=sh->nRowMax; r++){
    const char *az[64];
    const struct sheet_row *pRow = sheet_row(sh, r);
    int nCol = pRow ? pRow->aCell[pRow->nCell-1].iCol : 1;
    if( nCol>64 || sh->nColMax>64 ) goto done;   /* keep it small */
    for(c=1; c<=nCol; c++){
      const struct sheet_cell *p = sheet_cell(sh, r, c);
      az[c-1] = p ? p->z : "";
    }
    csv_write_row(&out, az, nCol);
  }
  if( csv_read(out.buf, out.len, &sh2, &err) ) abort();
  for(i=0; i<sh->nRow; i++){
    for(j=0; j<sh->aRow[i].nCell; j++){
      const struct sheet_cell *p = &sh->aRow[i].aCell[j];
      const struct sheet_cell *q = sheet_cell(sh2, p->iRow, p->iCol);
      if( q==0 || strcmp(p->z, q->z)!=0 ) abort();
    }
  }
done:
  sheet_free(sh);
  sheet_free(sh2);
  buf_release(&out);
  buf_release(&err);
  return 0;
}
