/*
** sheet.c -- the in-memory worksheet both readers produce.
*/
#include "../common.h"
#include "sheet.h"
#include "../base/arena.h"
#include "../base/date.h"
#include "../base/util.h"
#include <math.h>

struct sheet *sheet_new(void){
  struct sheet *p = xcalloc(1, sizeof(*p));
  p->pArena = arena_new();
  p->zName = "";
  return p;
}

void sheet_free(struct sheet *p){
  if( p==0 ) return;
  free(p->aPend);
  if( p->nMergeAlloc ) free(p->aMerge);
  arena_free(p->pArena);
  free(p);
}

struct sheet_cell *sheet_add(struct sheet *p, int iRow, int iCol, int eType,
                             const char *z, size_t n){
  struct sheet_cell *c;
  assert( iRow>=1 && iRow<=SHEET_MAX_ROWS && iCol>=1 && iCol<=SHEET_MAX_COLS );
  if( p->nPend>=SHEET_MAX_CELLS ) return 0;
  if( p->nPend==p->nPendAlloc ){
    p->nPendAlloc = p->nPendAlloc ? p->nPendAlloc*2 : 256;
    p->aPend = xrealloc(p->aPend, p->nPendAlloc*sizeof(p->aPend[0]));
  }
  c = &p->aPend[p->nPend++];
  memset(c, 0, sizeof(*c));
  c->z = arena_strndup(p->pArena, z, n);
  c->eType = eType;
  c->iRow = iRow;
  c->iCol = iCol;
  return c;
}

int sheet_add_merge(struct sheet *p, int iRow1, int iCol1, int iRow2,
                    int iCol2){
  struct sheet_merge *m;
  if( p->nMerge>=SHEET_MAX_MERGES ) return -1;
  if( (size_t)p->nMerge==p->nMergeAlloc ){
    p->nMergeAlloc = p->nMergeAlloc ? p->nMergeAlloc*2 : 16;
    p->aMerge = xrealloc(p->aMerge, p->nMergeAlloc*sizeof(p->aMerge[0]));
  }
  m = &p->aMerge[p->nMerge++];
  m->iRow1 = iRow1 < iRow2 ? iRow1 : iRow2;
  m->iRow2 = iRow1 < iRow2 ? iRow2 : iRow1;
  m->iCol1 = iCol1 < iCol2 ? iCol1 : iCol2;
  m->iCol2 = iCol1 < iCol2 ? iCol2 : iCol1;
  return 0;
}

/* qsort_r order of indices into the pending cells: row, column, then the
** order the cells were added (so the last of duplicates stays last). */
static int sheet_cmp(const void *a, const void *b, void *pCtx){
  const struct sheet_cell *aPend = pCtx;
  size_t i = *(const size_t*)a, j = *(const size_t*)b;
  const struct sheet_cell *x = &aPend[i], *y = &aPend[j];
  if( x->iRow!=y->iRow ) return x->iRow < y->iRow ? -1 : 1;
  if( x->iCol!=y->iCol ) return x->iCol < y->iCol ? -1 : 1;
  return i < j ? -1 : (i > j);
}

void sheet_finish(struct sheet *p){
  size_t i, j, nOut = 0, nRow = 0;
  struct sheet_cell *aCell;
  bool bSorted = true;

  for(i=1; i<p->nPend && bSorted; i++){
    const struct sheet_cell *x = &p->aPend[i-1], *y = &p->aPend[i];
    if( x->iRow>y->iRow || (x->iRow==y->iRow && x->iCol>=y->iCol) ){
      bSorted = false;
    }
  }
  if( !bSorted ){
    size_t *aIdx = xmalloc(p->nPend*sizeof(size_t));
    struct sheet_cell *aTmp = xmalloc(p->nPend*sizeof(aTmp[0]));
    for(i=0; i<p->nPend; i++) aIdx[i] = i;
    qsort_r(aIdx, p->nPend, sizeof(size_t), sheet_cmp, p->aPend);
    for(i=0; i<p->nPend; i++) aTmp[i] = p->aPend[aIdx[i]];
    free(p->aPend);
    p->aPend = aTmp;
    free(aIdx);
  }

  /* Drop all but the last cell at each position; count rows. */
  for(i=0; i<p->nPend; i++){
    if( i+1<p->nPend && p->aPend[i+1].iRow==p->aPend[i].iRow
     && p->aPend[i+1].iCol==p->aPend[i].iCol ){
      continue;
    }
    if( nOut==0 || p->aPend[nOut-1].iRow!=p->aPend[i].iRow ) nRow++;
    p->aPend[nOut++] = p->aPend[i];
  }

  aCell = arena_alloc(p->pArena, (nOut ? nOut : 1)*sizeof(aCell[0]));
  if( nOut ) memcpy(aCell, p->aPend, nOut*sizeof(aCell[0]));
  p->aRow = arena_alloc(p->pArena, (nRow ? nRow : 1)*sizeof(p->aRow[0]));
  p->nRow = 0;
  p->nRowMax = p->nColMax = 0;
  for(i=0; i<nOut; i=j){
    struct sheet_row *r = &p->aRow[p->nRow++];
    for(j=i; j<nOut && aCell[j].iRow==aCell[i].iRow; j++){
      if( aCell[j].iCol>p->nColMax ) p->nColMax = aCell[j].iCol;
    }
    r->iRow = aCell[i].iRow;
    r->nCell = (int)(j-i);
    r->aCell = &aCell[i];
    p->nRowMax = r->iRow;
  }
  if( p->nMerge ){
    struct sheet_merge *aM = arena_alloc(p->pArena,
                                         p->nMerge*sizeof(aM[0]));
    memcpy(aM, p->aMerge, p->nMerge*sizeof(aM[0]));
    free(p->aMerge);
    /* From here on the arena owns the merges: sheet_free() frees aMerge
    ** only while it is heap memory (nMergeAlloc>0). */
    p->aMerge = aM;
    p->nMergeAlloc = 0;
  }
  free(p->aPend);
  p->aPend = 0;
  p->nPend = p->nPendAlloc = 0;
}

const struct sheet_row *sheet_row(const struct sheet *p, int iRow){
  int lo = 0, hi = p->nRow-1;
  while( lo<=hi ){
    int mid = lo + (hi-lo)/2;
    if( p->aRow[mid].iRow==iRow ) return &p->aRow[mid];
    if( p->aRow[mid].iRow<iRow ) lo = mid+1; else hi = mid-1;
  }
  return 0;
}

const struct sheet_cell *sheet_cell(const struct sheet *p, int iRow, int iCol){
  const struct sheet_row *r = sheet_row(p, iRow);
  int lo, hi;
  if( r==0 ) return 0;
  lo = 0;
  hi = r->nCell-1;
  while( lo<=hi ){
    int mid = lo + (hi-lo)/2;
    if( r->aCell[mid].iCol==iCol ) return &r->aCell[mid];
    if( r->aCell[mid].iCol<iCol ) lo = mid+1; else hi = mid-1;
  }
  return 0;
}

const struct sheet_merge *sheet_merge_at(const struct sheet *p, int iRow,
                                         int iCol){
  int i;
  for(i=0; i<p->nMerge; i++){
    const struct sheet_merge *m = &p->aMerge[i];
    if( iRow>=m->iRow1 && iRow<=m->iRow2 && iCol>=m->iCol1 && iCol<=m->iCol2 ){
      return m;
    }
  }
  return 0;
}

char *sheet_col_name(int col, char out[8]){
  char tmp[8];
  int n = 0, i;
  if( col<1 || col>SHEET_MAX_COLS ){
    out[0] = '?';
    out[1] = 0;
    return out;
  }
  while( col>0 ){
    col--;
    tmp[n++] = (char)('A' + col%26);
    col /= 26;
  }
  for(i=0; i<n; i++) out[i] = tmp[n-1-i];
  out[n] = 0;
  return out;
}

int sheet_parse_ref(const char *z, int *piRow, int *piCol){
  int col = 0, row = 0, nL = 0, nD = 0;
  while( *z>='A' && *z<='Z' ){
    if( ++nL>3 ) return -1;
    col = col*26 + (*z - 'A' + 1);
    z++;
  }
  if( nL==0 || col>SHEET_MAX_COLS || *z<'1' || *z>'9' ) return -1;
  while( *z>='0' && *z<='9' ){
    if( ++nD>7 ) return -1;
    row = row*10 + (*z - '0');
    z++;
  }
  if( *z || row<1 || row>SHEET_MAX_ROWS ) return -1;
  *piRow = row;
  *piCol = col;
  return 0;
}

/* Copy z into out, cut to 23 bytes and a NUL. */
static void sheet_copy24(char out[24], const char *z){
  size_t n = strlen(z);
  if( n>23 ) n = 23;
  memcpy(out, z, n);
  out[n] = 0;
}

int sheet_serial_to_iso(double serial, bool b1904, char out[24]){
  double whole;
  i64 secs;
  int day, y, m, d;
  char zTmp[96];
  if( !(serial>=0.0) || serial>2958465.99999 ) return -1;
  whole = floor(serial);
  secs = (i64)llround((serial - whole)*86400.0);
  if( secs>=86400 ){
    whole += 1.0;
    secs -= 86400;
  }
  if( whole>2958465.0 ) return -1;
  if( whole<1.0 && secs>0 ){
    snprintf(zTmp, sizeof(zTmp), "%02d:%02d:%02d", (int)(secs/3600),
             (int)(secs/60%60), (int)(secs%60));
    sheet_copy24(out, zTmp);
    return 0;
  }
  if( !b1904 && whole==60.0 ){
    y = 1900; m = 2; d = 29;     /* Lotus 1-2-3's day that never was */
  }else{
    if( b1904 ){
      day = date_from_ymd(1904, 1, 1) + (int)whole;
    }else if( whole<60.0 ){
      day = date_from_ymd(1899, 12, 31) + (int)whole;
    }else{
      day = date_from_ymd(1899, 12, 30) + (int)whole;
    }
    date_ymd(day, &y, &m, &d);
    if( y>DATE_MAX_YEAR ) return -1;
  }
  if( secs==0 ){
    snprintf(zTmp, sizeof(zTmp), "%04d-%02d-%02d", y, m, d);
  }else{
    snprintf(zTmp, sizeof(zTmp), "%04d-%02d-%02d %02d:%02d:%02d", y, m, d,
             (int)(secs/3600), (int)(secs/60%60), (int)(secs%60));
  }
  sheet_copy24(out, zTmp);
  return 0;
}
