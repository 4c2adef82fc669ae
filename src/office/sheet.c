/*
** sheet.c -- the in-memory worksheet both readers produce.
*/
#include "../common.h"
#include "sheet.h"
#include "../base/arena.h"
#include "../base/buf.h"
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

void sheet_rowbuf_init(struct sheet_rowbuf *rb){
  memset(rb, 0, sizeof(*rb));
  buf_init(&rb->text);
}

void sheet_rowbuf_release(struct sheet_rowbuf *rb){
  free(rb->aCell);
  free(rb->aiZ);
  free(rb->aiNum);
  buf_release(&rb->text);
  memset(rb, 0, sizeof(*rb));
}

struct sheet_cell *sheet_rowbuf_add(struct sheet_rowbuf *rb, int iRow,
                                    int iCol, int eType, const char *z,
                                    size_t n){
  struct sheet_cell *c;
  assert( rb->nCell==0 || rb->iRow==iRow );
  if( rb->nCell==rb->nAlloc ){
    rb->nAlloc = rb->nAlloc ? rb->nAlloc*2 : 16;
    rb->aCell = xrealloc(rb->aCell, (size_t)rb->nAlloc*sizeof(rb->aCell[0]));
    rb->aiZ = xrealloc(rb->aiZ, (size_t)rb->nAlloc*sizeof(size_t));
    rb->aiNum = xrealloc(rb->aiNum, (size_t)rb->nAlloc*sizeof(size_t));
  }
  rb->iRow = iRow;
  rb->aiZ[rb->nCell] = rb->text.len;
  rb->aiNum[rb->nCell] = (size_t)-1;
  buf_append(&rb->text, z, n);
  buf_append(&rb->text, "", 1);          /* the NUL, kept in the bytes */
  c = &rb->aCell[rb->nCell++];
  memset(c, 0, sizeof(*c));
  c->eType = eType;
  c->iRow = iRow;
  c->iCol = iCol;
  return c;
}

void sheet_rowbuf_num(struct sheet_rowbuf *rb, const char *z, size_t n){
  assert( rb->nCell>0 );
  rb->aiNum[rb->nCell-1] = rb->text.len;
  buf_append(&rb->text, z, n);
  buf_append(&rb->text, "", 1);
}

int sheet_rowbuf_flush(struct sheet_rowbuf *rb, const struct sheet_stream *s){
  struct sheet_row row;
  int i, j, nOut = 0, rc = 0;
  if( rb->nCell==0 ) return 0;
  /* Sort by column, keeping the order added among equals (insertion
  ** sort: the cells of a row almost always come sorted already). */
  for(i=1; i<rb->nCell; i++){
    if( rb->aCell[i].iCol>=rb->aCell[i-1].iCol ) continue;
    {
      struct sheet_cell c = rb->aCell[i];
      size_t iZ = rb->aiZ[i], iNum = rb->aiNum[i];
      for(j=i; j>0 && rb->aCell[j-1].iCol>c.iCol; j--){
        rb->aCell[j] = rb->aCell[j-1];
        rb->aiZ[j] = rb->aiZ[j-1];
        rb->aiNum[j] = rb->aiNum[j-1];
      }
      rb->aCell[j] = c;
      rb->aiZ[j] = iZ;
      rb->aiNum[j] = iNum;
    }
  }
  /* The last of each column stays; the text is stable now. */
  for(i=0; i<rb->nCell; i++){
    struct sheet_cell *c;
    if( i+1<rb->nCell && rb->aCell[i+1].iCol==rb->aCell[i].iCol ) continue;
    c = &rb->aCell[nOut];
    *c = rb->aCell[i];
    c->z = rb->text.buf + rb->aiZ[i];
    c->zNum = rb->aiNum[i]==(size_t)-1 ? 0 : rb->text.buf + rb->aiNum[i];
    nOut++;
  }
  row.iRow = rb->iRow;
  row.nCell = nOut;
  row.aCell = rb->aCell;
  rb->nCellTotal += (u64)nOut;
  if( s->xRow(s->pCtx, &row) ) rc = -1;
  rb->nCell = 0;
  rb->iRow = 0;
  buf_reset(&rb->text);
  return rc;
}

/* sheet_stream_into()'s callbacks: the sheet is the context. */
static int sheet_into_name(void *pCtx, const char *zName){
  struct sheet *p = pCtx;
  p->zName = arena_strdup(p->pArena, zName);
  return 0;
}

static int sheet_into_row(void *pCtx, const struct sheet_row *pRow){
  struct sheet *p = pCtx;
  int i;
  for(i=0; i<pRow->nCell; i++){
    const struct sheet_cell *c = &pRow->aCell[i];
    struct sheet_cell *d = sheet_add(p, c->iRow, c->iCol, c->eType, c->z,
                                     strlen(c->z));
    if( d==0 ){
      buf_appendf(p->pErr, "文件过大：超过%d个非空单元格", SHEET_MAX_CELLS);
      return -1;
    }
    d->bPrecisionLost = c->bPrecisionLost;
    if( c->zNum ) d->zNum = arena_strdup(p->pArena, c->zNum);
  }
  return 0;
}

static int sheet_into_merge(void *pCtx, const struct sheet_merge *m){
  struct sheet *p = pCtx;
  if( sheet_add_merge(p, m->iRow1, m->iCol1, m->iRow2, m->iCol2) ){
    buf_appendf(p->pErr, "合并单元格过多：超过%d处", SHEET_MAX_MERGES);
    return -1;
  }
  return 0;
}

void sheet_stream_into(struct sheet *p, struct buf *pErr,
                       struct sheet_stream *pOut){
  p->pErr = pErr;
  pOut->pCtx = p;
  pOut->xName = sheet_into_name;
  pOut->xRow = sheet_into_row;
  pOut->xMerge = sheet_into_merge;
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
