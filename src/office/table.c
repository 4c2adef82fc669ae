/*
** table.c -- a register's columns, read from and written to workbooks.
**
** See table.h for what is accepted and produced.  The parts, top to
** bottom: folding text for comparison, finding the header, checking and
** normalising each cell, the error list, then the writers (export sink,
** error file, template) on top of xlsx_write.c and csv.c.
*/
#include "../common.h"
#include "table.h"
#include "csv.h"
#include "sheet.h"
#include "xlsx_read.h"
#include "xlsx_write.h"
#include "../base/arena.h"
#include "../base/buf.h"
#include "../base/date.h"
#include "../base/fmt.h"
#include "../base/ids.h"
#include "../base/utf8.h"
#include "../base/value.h"

_Static_assert((int)COL_BOOL==(int)VAL_BOOL && (int)COL_CHOICE==(int)VAL_CHOICE
               && (int)COL_PHONE==(int)VAL_PHONE,
               "table.h COL_* and value.h VAL_* differ");
#include "../base/util.h"

/* ---- folding ---------------------------------------------------------- */

/* The comparison key of a header, in the arena: folded, without blanks
** anywhere, ASCII lower-cased, without leading or trailing "*" and a
** trailing "(必填)". */
static char *table_head_key(struct arena *a, const char *z){
  static const char zReq[] = "(必填)";
  const size_t nReq = sizeof(zReq)-1;
  char *zOut;
  size_t i, n = 0, len;
  if( z==0 ) z = "";
  zOut = arena_alloc(a, strlen(z)+1);
  len = value_fold(z, zOut);
  for(i=0; i<len; i++){
    unsigned char c = (unsigned char)zOut[i];
    if( c==' ' || c=='\t' || c=='\n' || c=='\r' || c=='\v' || c=='\f' ) continue;
    zOut[n++] = (char)((c>='A' && c<='Z') ? c+32 : c);
  }
  zOut[n] = 0;
  while( *zOut=='*' ){
    zOut++;
    n--;
  }
  for(;;){
    if( n>0 && zOut[n-1]=='*' ){
      zOut[--n] = 0;
    }else if( n>=nReq && memcmp(zOut+n-nReq, zReq, nReq)==0 ){
      n -= nReq;
      zOut[n] = 0;
    }else{
      break;
    }
  }
  return zOut;
}

static bool table_needs_trim(const char *z, size_t n);

/* ---- errors ----------------------------------------------------------- */

/* Record an error with an already formatted reason (in the arena). */
static void table_err_add(struct table_input *in, int iRow, int iCol,
                          const char *zMsg){
  struct table_err *p;
  if( in->nErr>=in->nErrAlloc ){
    int nNew = in->nErrAlloc ? in->nErrAlloc*2 : 64;
    struct table_err *aNew = arena_alloc(in->pArena, sizeof(*aNew)*(size_t)nNew);
    if( in->nErr ) memcpy(aNew, in->aErr, sizeof(*aNew)*(size_t)in->nErr);
    in->aErr = aNew;
    in->nErrAlloc = nNew;
  }
  p = &in->aErr[in->nErr++];
  p->iRow = iRow;
  p->iCol = iCol;
  p->zMsg = zMsg;
}

void table_add_error(struct table_input *in, int iRow, int iCol,
                     const char *zFmt, ...){
  struct buf b = BUF_INIT;
  va_list ap;
  va_start(ap, zFmt);
  buf_vappendf(&b, zFmt, ap);
  va_end(ap);
  if( iCol<-1 || iCol>=in->nCol ) iCol = -1;
  table_err_add(in, iRow, iCol, arena_strdup(in->pArena, b.buf));
  buf_release(&b);
}

/* qsort_r order of error indices into the array ctx: by row, then
** column (whole row first), then the order found (stable). */
static int table_err_cmp(const void *a, const void *b, void *ctx){
  const struct table_err *aErr = ctx;
  int i = *(const int *)a, j = *(const int *)b;
  const struct table_err *p = &aErr[i], *q = &aErr[j];
  if( p->iRow!=q->iRow ) return p->iRow<q->iRow ? -1 : 1;
  if( p->iCol!=q->iCol ) return p->iCol<q->iCol ? -1 : 1;
  return i<j ? -1 : i>j;
}

/* The indices of in->aErr sorted by row and column, in heap memory the
** caller frees. */
static int *table_error_order(const struct table_input *in){
  int i, *ai = xmalloc(sizeof(int)*(size_t)(in->nErr ? in->nErr : 1));
  for(i=0; i<in->nErr; i++) ai[i] = i;
  qsort_r(ai, (size_t)in->nErr, sizeof(int), table_err_cmp, in->aErr);
  return ai;
}

/* Append the place of error e: "C列（统一社会信用代码）", "（上级机构）"
** when the column is not in the file, nothing for a whole-row error. */
static void table_err_place(const struct table_input *in,
                            const struct table_def *d,
                            const struct table_err *e, struct buf *b){
  char zCol[8];
  if( e->iCol<0 || e->iCol>=d->nCol ) return;
  if( in->aiFileCol[e->iCol]>0 ){
    buf_appendf(b, "%s列（%s）", sheet_col_name(in->aiFileCol[e->iCol], zCol),
                d->aCol[e->iCol].zHead);
  }else{
    buf_appendf(b, "（%s）", d->aCol[e->iCol].zHead);
  }
}

int table_error_text(const struct table_input *in, const struct table_def *d,
                     struct buf *b){
  return table_error_text_max(in, d, 0, b);
}

int table_error_text_max(const struct table_input *in, const struct table_def *d,
                         int nMax, struct buf *b){
  int i, nBadRow = 0, iLast = -1;
  int *ai = table_error_order(in);
  for(i=0; i<in->nErr; i++){
    const struct table_err *e = &in->aErr[ai[i]];
    if( e->iRow!=iLast ) nBadRow++;
    iLast = e->iRow;
    if( nMax>0 && i>=nMax ){
      if( i==nMax ) buf_appendf(b, "……以上是前%d处错误，其余的见带错误说明的文件。\n", nMax);
      continue;
    }
    buf_appendf(b, "第%d行", e->iRow);
    if( e->iCol>=0 ) buf_putc(b, ' ');
    table_err_place(in, d, e, b);
    buf_appendf(b, "：%s\n", e->zMsg);
  }
  free(ai);
  if( in->nErr ){
    buf_appendf(b, "共%d行数据，其中%d行有错误，共%d处；请改正后重新上传。\n",
                in->nRow, nBadRow, in->nErr);
  }else{
    buf_appendf(b, "共%d行数据，没有发现错误。\n", in->nRow);
  }
  return in->nErr;
}

/* ---- reading ---------------------------------------------------------- */

/* Check and normalise zVal as column type eType through value_check();
** on failure returns -1 and the reason in the arena a through *pzMsg,
** without the name of an identifier it starts with (the column header
** names it already). */
static int table_check_value(struct arena *a, struct arena *s, int eType,
                             const char *zVal, const char **pzOut, const char **pzMsg){
  static const char *const azName[] = {
    "统一社会信用代码", "公民身份号码", "身份证号", "行政区划代码", "学校标识码", "电话号码",
  };
  struct buf err = BUF_INIT;
  int rc = value_check(eType, 0, zVal, s, pzOut, &err);
  size_t i;
  if( rc ){
    const char *zMsg = err.buf;
    for(i=0; i<COUNT(azName); i++){
      if( str_starts(zMsg, azName[i]) && zMsg[strlen(azName[i])] ){
        zMsg += strlen(azName[i]);
        break;
      }
    }
    *pzMsg = arena_strdup(a, zMsg);
  }
  buf_release(&err);
  return rc;
}

/* The message for a choice value that matches nothing. */
static const char *table_choice_msg(struct arena *a, const struct table_col *c,
                                    const char *zVal){
  struct buf b = BUF_INIT;
  const char *z;
  int i;
  buf_appendf(&b, "“%s”不是可选的值，应为以下之一：", zVal);
  for(i=0; c->azChoice && c->azChoice[i] && c->azChoice[i+1]; i+=2){
    if( i ) buf_puts(&b, "、");
    buf_puts(&b, c->azChoice[i+1]);
  }
  z = arena_strdup(a, b.buf);
  buf_release(&b);
  return z;
}

/* The code of choice zVal (a code in any ASCII case, or a label, both
** compared after folding and trimming), or NULL. */
static const char *table_choice_code(struct arena *a, const struct table_col *c,
                                     const char *zVal){
  int i;
  const char *zKey;
  /* the common case, a value typed exactly as a code or label, needs no
  ** folding (folding every label for every row was a tenth of an import) */
  for(i=0; c->azChoice && c->azChoice[i] && c->azChoice[i+1]; i+=2){
    if( strcmp(zVal, c->azChoice[i])==0 || strcmp(zVal, c->azChoice[i+1])==0 ){
      return c->azChoice[i];
    }
  }
  zKey = table_head_key(a, zVal);
  for(i=0; c->azChoice && c->azChoice[i] && c->azChoice[i+1]; i+=2){
    if( strcmp(zKey, table_head_key(a, c->azChoice[i]))==0
     || strcmp(zKey, table_head_key(a, c->azChoice[i+1]))==0 ){
      return c->azChoice[i];
    }
  }
  return 0;
}

/* True when a CSV value starting with z needs the apostrophe guard: it
** starts with = + - @ tab or CR and is not a plain number. */
static bool table_csv_risky(const char *z){
  const char *p;
  if( z==0 || strchr("=+-@\t\r", z[0])==0 || z[0]==0 ) return false;
  if( z[0]=='+' || z[0]=='-' ){
    p = z+1;
    if( *p<'0' || *p>'9' ) return true;
    while( *p>='0' && *p<='9' ) p++;
    if( *p=='.' ){
      p++;
      if( *p<'0' || *p>'9' ) return true;
      while( *p>='0' && *p<='9' ) p++;
    }
    return *p!=0;
  }
  return true;
}

/* True when z (n bytes) starts or ends with a blank utf8_trim() drops. */
static bool table_needs_trim(const char *z, size_t n){
  unsigned char c;
  if( n==0 ) return false;
  if( utf8_blank_len(z, n) ) return true;
  c = (unsigned char)z[n-1];
  if( c==' ' || c=='\t' || c=='\n' || c=='\v' || c=='\f' || c=='\r' ) return true;
  return n>=3 && memcmp(z+n-3, "\xE3\x80\x80", 3)==0;
}

/* Check and normalise the cell c (NULL when empty) of declared column
** iCol in file row iRow: sets *pzOut to the value (in the scratch arena
** s, in c's text or in d; NULL when empty) or records an error (in
** in->pArena). */
static void table_read_cell(struct table_input *in, const struct table_def *d,
                            struct arena *s, int iRow, int iCol,
                            const struct sheet_cell *c, const char **pzOut){
  const struct table_col *col = &d->aCol[iCol];
  const char *zMsg = 0;
  const char *zVal;
  size_t nVal;
  *pzOut = 0;
  if( c && c->eType==SHEET_ERROR ){
    table_add_error(in, iRow, iCol, "单元格是错误值%s，请填写实际内容", c->z);
    return;
  }
  if( c && c->eType==SHEET_NUMBER && c->bPrecisionLost ){
    table_err_add(in, iRow, iCol,
                  "Excel 把它存成了数字并丢失了末几位，请把该列设为文本后重新填写");
    return;
  }
  zVal = 0;
  nVal = 0;
  if( c ){
    /* most cells need no trimming: use their text as it is */
    nVal = strlen(c->z);
    zVal = c->z;
    if( table_needs_trim(zVal, nVal) ){
      zVal = utf8_trim(arena_strndup(s, c->z, nVal));
      nVal = strlen(zVal);
    }
  }
  if( zVal && in->eFormat==TABLE_CSV && zVal[0]=='\''
   && table_csv_risky(zVal+1) ){
    zVal++;
    nVal--;
  }
  if( zVal==0 || zVal[0]==0 ){
    if( col->bRequired ) table_err_add(in, iRow, iCol, "必填");
    return;
  }
  switch( col->eType ){
    case COL_TEXT: {
      int nMax = col->nMaxChars>0 ? col->nMaxChars : TABLE_TEXT_MAX;
      /* a byte is at most one character: count only long values */
      int nHave = nVal>(size_t)nMax ? (int)utf8_len_chars(zVal, nVal) : 0;
      if( nHave>nMax ){
        table_add_error(in, iRow, iCol, "不能超过%d个字，现有%d个字", nMax, nHave);
        return;
      }
      break;
    }
    case COL_DATE:
      if( c->eType==SHEET_DATE ){
        char zIso[11];
        int day;
        if( nVal>=10 && (zVal[10]==0 || zVal[10]==' ') ){
          memcpy(zIso, zVal, 10);
          zIso[10] = 0;
          if( date_parse(zIso, &day)==0 ){
            zVal = arena_strdup(s, zIso);
            break;
          }
        }
      }
      if( c->eType==SHEET_NUMBER || c->eType==SHEET_DATE ){
        table_add_error(in, iRow, iCol,
                        "“%s”不是日期，应写成2024-03-01、2024/3/1或2024年3月1日", zVal);
        return;
      }
      /* a date typed as text */
      __attribute__((fallthrough));
    case COL_INT:
    case COL_USCC:
    case COL_IDCARD:
    case COL_REGION:
    case COL_SCHOOL:
    case COL_PHONE:
    case COL_BOOL:
      if( table_check_value(in->pArena, s, col->eType, zVal, &zVal, &zMsg) ){
        table_err_add(in, iRow, iCol, zMsg);
        return;
      }
      break;
    case COL_CHOICE: {
      const char *zCode = table_choice_code(s, col, zVal);
      if( zCode==0 ){
        table_err_add(in, iRow, iCol, table_choice_msg(in->pArena, col, zVal));
        return;
      }
      zVal = zCode;
      break;
    }
    default:
      fatal("table: column %s has unknown type %d", col->zKey, col->eType);
  }
  *pzOut = zVal;
}

/* Append the required headers as “名称”“类别” (all headers when none is
** required). */
static void table_list_required(const struct table_def *d, struct buf *b){
  int i, n = 0;
  for(i=0; i<d->nCol; i++){
    if( d->aCol[i].bRequired ){
      buf_appendf(b, "“%s”", d->aCol[i].zHead);
      n++;
    }
  }
  if( n==0 ){
    for(i=0; i<d->nCol; i++) buf_appendf(b, "“%s”", d->aCol[i].zHead);
  }
}

/* Match the cells of row r against the declared headers (aazKey[i]: the
** keys of column i's header and aliases, NULL-terminated; temporaries in
** the arena a).  Fills aiCol[i] with the file column or 0 and returns how
** many matched; *piDup gets a column matched twice (or -1) and *piDupCol
** the second file column. */
static int table_match_row(const struct table_def *d, struct arena *a,
                           const struct sheet_row *r, char ***aazKey,
                           int *aiCol, int *piDup, int *piDupCol){
  int i, j, n = 0;
  *piDup = -1;
  for(i=0; i<d->nCol; i++) aiCol[i] = 0;
  for(j=0; r && j<r->nCell; j++){
    const char *zKey = table_head_key(a, r->aCell[j].z);
    if( zKey[0]==0 ) continue;
    for(i=0; i<d->nCol; i++){
      int k;
      for(k=0; aazKey[i][k]; k++){
        if( strcmp(zKey, aazKey[i][k])==0 ) break;
      }
      if( aazKey[i][k]==0 ) continue;
      if( aiCol[i] ){
        if( *piDup<0 ){
          *piDup = i;
          *piDupCol = r->aCell[j].iCol;
        }
      }else{
        aiCol[i] = r->aCell[j].iCol;
        n++;
      }
      break;
    }
  }
  return n;
}

/* One table_read() in progress: the stream callbacks' context. */
struct table_rd {
  const struct table_def *d;
  struct table_input *in;
  struct buf *pErr;
  struct arena *pScratch;       /* per-row temporaries, renewed now and then */
  char ***aazKey;               /* [col] keys of its header and aliases */
  int nReq;                     /* required columns */
  int *aiCol;                   /* [col] file column, while matching */
  int nBest, iBest;             /* the best header candidate so far */
  int *aiBest;                  /* and its matches */
  bool bAnyRow;                 /* a row with cells was seen */
  int iLastRow;                 /* the last row seen */
  int nDecl;                    /* file columns 1..nDecl-1 in aiDecl */
  int *aiDecl;                  /* [file column] declared column or -1 */
  const struct sheet_cell **apCell;   /* [col] the row's cell or NULL */
  const char **azVal;           /* [col] the row's value or NULL */
};

/* The header is not among the first rows: say why in rd->pErr. */
static void table_no_header(struct table_rd *rd){
  const struct table_def *d = rd->d;
  struct buf *pErr = rd->pErr;
  int i;
  if( !rd->bAnyRow ){
    buf_puts(pErr, "文件是空的，没有任何内容");
    return;
  }
  if( rd->nBest>=2 || (rd->nBest>=1 && d->nCol==1) ){
    bool bFirst = true;
    buf_appendf(pErr, "第%d行的表头缺少必填列", rd->iBest);
    for(i=0; i<d->nCol; i++){
      if( d->aCol[i].bRequired && rd->aiBest[i]==0 ){
        buf_appendf(pErr, "%s“%s”", bFirst ? "" : "、", d->aCol[i].zHead);
        bFirst = false;
      }
    }
    buf_puts(pErr, "，请按模板补上这一列");
    return;
  }
  buf_appendf(pErr, "找不到表头：第1至%d行中没有包含", TABLE_HEADER_ROWS);
  table_list_required(d, pErr);
  buf_puts(pErr, "的行");
}

/* Try row r (among the first TABLE_HEADER_ROWS) as the header.  Returns
** 1 when it is the header (in->iHeaderRow and in->aiFileCol set), 0 when
** not, -1 with a message when it is but names a column twice. */
static int table_try_header(struct table_rd *rd, const struct sheet_row *r){
  const struct table_def *d = rd->d;
  struct table_input *in = rd->in;
  int i, iDup, iDupCol = 0, nReqHit = 0, nMax = 0;
  int n = table_match_row(d, rd->pScratch, r, rd->aazKey, rd->aiCol, &iDup,
                          &iDupCol);
  if( n==0 ) return 0;
  for(i=0; i<d->nCol; i++) if( d->aCol[i].bRequired && rd->aiCol[i] ) nReqHit++;
  if( nReqHit<rd->nReq ){
    if( n>rd->nBest ){
      rd->nBest = n;
      rd->iBest = r->iRow;
      memcpy(rd->aiBest, rd->aiCol, sizeof(int)*(size_t)d->nCol);
    }
    return 0;
  }
  if( iDup>=0 ){
    char z1[8], z2[8];
    buf_appendf(rd->pErr, "第%d行的表头中“%s”出现了两次（%s列和%s列），"
                "请删去一列", r->iRow, d->aCol[iDup].zHead,
                sheet_col_name(rd->aiCol[iDup], z1), sheet_col_name(iDupCol, z2));
    return -1;
  }
  in->iHeaderRow = r->iRow;
  memcpy(in->aiFileCol, rd->aiCol, sizeof(int)*(size_t)d->nCol);
  /* file column -> declared column */
  for(i=0; i<d->nCol; i++) if( in->aiFileCol[i]>nMax ) nMax = in->aiFileCol[i];
  rd->nDecl = nMax+1;
  rd->aiDecl = arena_alloc(in->pArena, sizeof(int)*(size_t)rd->nDecl);
  for(i=0; i<rd->nDecl; i++) rd->aiDecl[i] = -1;
  for(i=0; i<d->nCol; i++) if( in->aiFileCol[i] ) rd->aiDecl[in->aiFileCol[i]] = i;
  return 1;
}

/* Check and normalise data row r and keep its values: one allocation in
** in->pArena holding the column pointers and the strings. */
static void table_data_row(struct table_rd *rd, const struct sheet_row *r){
  const struct table_def *d = rd->d;
  struct table_input *in = rd->in;
  int i, j, k, nCol = d->nCol;
  size_t nByte;
  bool bAny = false;
  const char **az;
  char *zText;

  for(i=0; i<nCol; i++) rd->apCell[i] = 0;
  for(j=0; j<r->nCell; j++){
    int iFile = r->aCell[j].iCol;
    if( iFile>=rd->nDecl || rd->aiDecl[iFile]<0 ) continue;
    rd->apCell[rd->aiDecl[iFile]] = &r->aCell[j];
    if( !bAny && !utf8_is_blank(r->aCell[j].z) ) bAny = true;
  }
  if( !bAny ) return;
  nByte = sizeof(char *)*(size_t)(nCol ? nCol : 1);
  for(i=0; i<nCol; i++){
    table_read_cell(in, d, rd->pScratch, r->iRow, i, rd->apCell[i], &rd->azVal[i]);
    /* choice codes are d's own strings and need no copy */
    if( rd->azVal[i] && d->aCol[i].eType!=COL_CHOICE ){
      nByte += strlen(rd->azVal[i]) + 1;
    }
  }
  az = arena_alloc(in->pArena, nByte);
  zText = (char *)&az[nCol ? nCol : 1];
  for(i=0; i<nCol; i++){
    const char *z = rd->azVal[i];
    size_t n;
    if( z==0 || d->aCol[i].eType==COL_CHOICE ){
      az[i] = z;
      continue;
    }
    n = strlen(z) + 1;
    memcpy(zText, z, n);
    az[i] = zText;
    zText += n;
  }
  if( in->nRow==in->nRowAlloc ){
    in->nRowAlloc = in->nRowAlloc ? in->nRowAlloc*2 : 256;
    in->aiRow = xrealloc(in->aiRow, sizeof(int)*(size_t)in->nRowAlloc);
    in->aazVal = xrealloc(in->aazVal, sizeof(char **)*(size_t)in->nRowAlloc);
  }
  k = in->nRow++;
  in->aiRow[k] = r->iRow;
  in->aazVal[k] = az;
}

/* Stream callback: the sheet's name, for the error file. */
static int table_rd_name(void *pCtx, const char *zName){
  struct table_rd *rd = pCtx;
  rd->in->zSheet = arena_strdup(rd->in->pArena, zName);
  return 0;
}

/* Stream callback: one row of the upload.  Until the header is found the
** row is tried as the header; after it, it is a data row. */
static int table_rd_row(void *pCtx, const struct sheet_row *r){
  struct table_rd *rd = pCtx;
  struct table_input *in = rd->in;
  if( r->nCell==0 ) return 0;
  if( r->iRow<=rd->iLastRow ){
    buf_appendf(rd->pErr, "第%d行在文件中出现了两次或排在第%d行之后，"
                "请在 Excel 或 WPS 中打开并另存后再上传", r->iRow, rd->iLastRow);
    return -1;
  }
  rd->iLastRow = r->iRow;
  rd->bAnyRow = true;
  if( r->iRow>in->nRowMax ) in->nRowMax = r->iRow;
  if( r->aCell[r->nCell-1].iCol>in->nColMax ) in->nColMax = r->aCell[r->nCell-1].iCol;
  if( arena_used(rd->pScratch)>(256u<<10) ){
    arena_free(rd->pScratch);
    rd->pScratch = arena_new();
  }
  if( in->iHeaderRow==0 ){
    int rc;
    if( r->iRow>TABLE_HEADER_ROWS ){
      table_no_header(rd);
      return -1;
    }
    rc = table_try_header(rd, r);
    return rc<0 ? -1 : 0;
  }
  table_data_row(rd, r);
  return 0;
}

/* Stream callback: a merged range; the error file keeps the single-row
** merges of the title rows above the header. */
static int table_rd_merge(void *pCtx, const struct sheet_merge *m){
  struct table_rd *rd = pCtx;
  struct table_input *in = rd->in;
  if( m->iRow1!=m->iRow2 || m->iRow1>TABLE_HEADER_ROWS ) return 0;
  if( in->iHeaderRow>0 && m->iRow1>=in->iHeaderRow ) return 0;
  if( in->nMerge==in->nMergeAlloc ){
    int nNew = in->nMergeAlloc ? in->nMergeAlloc*2 : 8;
    struct sheet_merge *aNew = arena_alloc(in->pArena, sizeof(*aNew)*(size_t)nNew);
    if( in->nMerge ) memcpy(aNew, in->aMerge, sizeof(*aNew)*(size_t)in->nMerge);
    in->aMerge = aNew;
    in->nMergeAlloc = nNew;
  }
  in->aMerge[in->nMerge++] = *m;
  return 0;
}

/* The format of the n bytes at p: TABLE_XLSX or TABLE_CSV, or 0 with a
** message in *pErr when they are neither. */
static int table_format(const void *p, size_t n, struct buf *pErr){
  if( n>=4 && memcmp(p, "PK\x03\x04", 4)==0 ) return TABLE_XLSX;
  if( n>=8 && memcmp(p, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8)==0 ){
    buf_puts(pErr, "这是旧版Excel（.xls）文件，请在Excel或WPS中另存为"
             ".xlsx格式后再上传");
    return 0;
  }
  if( n==0 ){
    buf_puts(pErr, "文件是空的，没有任何内容");
    return 0;
  }
  if( memchr(p, 0, n) ){
    buf_puts(pErr, "不是Excel工作簿（.xlsx）或CSV文件，请用模板填写后上传");
    return 0;
  }
  return TABLE_CSV;
}

/* Stream sheet iSheet of the upload (p, n bytes, format eFormat) to s. */
static int table_stream(int eFormat, const void *p, size_t n, int iSheet,
                        const struct sheet_stream *s, struct buf *pErr){
  if( eFormat==TABLE_XLSX ) return xlsx_stream_mem(p, n, iSheet, s, pErr);
  return csv_stream(p, n, s, pErr);
}

int table_read(const struct table_def *d, const void *p, size_t n,
               struct table_input **ppIn, struct buf *pErr){
  return table_read_sheet(d, p, n, 0, ppIn, pErr);
}

int table_read_sheet(const struct table_def *d, const void *p, size_t n, int iSheet,
                     struct table_input **ppIn, struct buf *pErr){
  struct table_input *in;
  struct table_rd rd;
  struct sheet_stream s;
  struct arena *a;
  int eFormat, i, rc;
  size_t nCol = (size_t)(d->nCol ? d->nCol : 1);

  *ppIn = 0;
  eFormat = table_format(p, n, pErr);
  if( eFormat==0 ) return -1;

  a = arena_new();
  in = arena_alloc(a, sizeof(*in));
  in->pArena = a;
  in->eFormat = eFormat;
  in->nCol = d->nCol;
  in->nBytes = n;
  in->zSheet = "";
  in->aiFileCol = arena_alloc(a, sizeof(int)*nCol);

  memset(&rd, 0, sizeof(rd));
  rd.d = d;
  rd.in = in;
  rd.pErr = pErr;
  rd.pScratch = arena_new();
  rd.aazKey = arena_alloc(a, sizeof(char **)*nCol);
  rd.aiCol = arena_alloc(a, sizeof(int)*nCol);
  rd.aiBest = arena_alloc(a, sizeof(int)*nCol);
  rd.apCell = arena_alloc(a, sizeof(rd.apCell[0])*nCol);
  rd.azVal = arena_alloc(a, sizeof(rd.azVal[0])*nCol);
  for(i=0; i<d->nCol; i++){
    int k = 0, nAlias = 0;
    const struct table_col *c = &d->aCol[i];
    while( c->azAlias && c->azAlias[nAlias] ) nAlias++;
    rd.aazKey[i] = arena_alloc(a, sizeof(char *)*(size_t)(nAlias+2));
    rd.aazKey[i][k++] = table_head_key(a, c->zHead);
    for(nAlias=0; c->azAlias && c->azAlias[nAlias]; nAlias++){
      rd.aazKey[i][k++] = table_head_key(a, c->azAlias[nAlias]);
    }
    if( c->bRequired ) rd.nReq++;
  }

  memset(&s, 0, sizeof(s));
  s.pCtx = &rd;
  s.xName = table_rd_name;
  s.xRow = table_rd_row;
  s.xMerge = table_rd_merge;
  rc = table_stream(eFormat, p, n, iSheet, &s, pErr);
  if( rc==0 && in->iHeaderRow==0 ){
    table_no_header(&rd);
    rc = -1;
  }
  arena_free(rd.pScratch);
  if( rc ){
    table_input_free(in);
    return -1;
  }
  *ppIn = in;
  return 0;
}

void table_input_free(struct table_input *in){
  if( in==0 ) return;
  free(in->aiRow);
  free(in->aazVal);
  arena_free(in->pArena);
}

/* ---- writing ---------------------------------------------------------- */

/* The Excel width of column c: nWidth, or from its header (2 units per
** wide character, 1 per ASCII one, plus room), at least 10. */
static double table_width(const struct table_col *c){
  const unsigned char *p = (const unsigned char *)c->zHead;
  int w = 0;
  if( c->nWidth>0 ) return c->nWidth;
  for(; *p; p++){
    if( *p<0x80 ) w++;
    else if( (*p & 0xC0)==0xC0 ) w += 2;
  }
  w += 4;
  return w<10 ? 10 : w;
}

/* Append one CSV record of n values with the formula-injection guard of
** table.h applied.  Returns 0 or -1 as csv_write_row. */
static int table_csv_row(struct buf *b, const char *const *az, int n){
  const char **azOut = xmalloc(sizeof(char *)*(size_t)(n ? n : 1));
  char **azFree = xcalloc((size_t)(n ? n : 1), sizeof(char *));
  int i, rc;
  for(i=0; i<n; i++){
    azOut[i] = az[i];
    if( table_csv_risky(az[i]) ){
      azFree[i] = fmt_dup("'%s", az[i]);
      azOut[i] = azFree[i];
    }
  }
  rc = csv_write_row(b, azOut, n);
  for(i=0; i<n; i++) free(azFree[i]);
  free(azFree);
  free(azOut);
  return rc;
}

/* The label of choice code z in column c, or z itself when unknown. */
static const char *table_choice_label(const struct table_col *c,
                                      const char *z){
  int i;
  if( z==0 ) return 0;
  for(i=0; c->azChoice && c->azChoice[i] && c->azChoice[i+1]; i+=2){
    if( strcmp(z, c->azChoice[i])==0 ) return c->azChoice[i+1];
  }
  return z;
}

/* Set the widths of the declared columns (formatted as text) and write
** the title (merged, if any) and header rows from row 0; required headers
** get a "*" when bStar.  Returns the 0-based row after the header, or -1
** with a message in *pErr. */
static int table_xlsx_head(const struct table_def *d, struct xlsx_write *w,
                           lxw_worksheet *ws, bool bStar, struct buf *pErr){
  int i, r = 0;
  for(i=0; i<d->nCol; i++){
    worksheet_set_column(ws, (lxw_col_t)i, (lxw_col_t)i, table_width(&d->aCol[i]),
                         w->pText);
  }
  if( d->zTitle && d->zTitle[0] ){
    worksheet_set_row(ws, 0, 30, 0);
    if( d->nCol>1 ){
      if( worksheet_merge_range(ws, 0, 0, 0, (lxw_col_t)(d->nCol-1), d->zTitle,
                                w->pTitle)!=LXW_NO_ERROR ){
        buf_puts(pErr, "无法写入标题行");
        return -1;
      }
    }else if( xlsx_write_text(ws, 0, 0, d->zTitle, w->pTitle, pErr) ){
      return -1;
    }
    r = 1;
  }
  worksheet_set_row(ws, (lxw_row_t)r, 22, 0);
  for(i=0; i<d->nCol; i++){
    const struct table_col *c = &d->aCol[i];
    char *z = fmt_dup("%s%s", c->zHead, bStar && c->bRequired ? "*" : "");
    int rc = xlsx_write_text(ws, r, i, z, w->pHead, pErr);
    free(z);
    if( rc ) return -1;
  }
  worksheet_freeze_panes(ws, (lxw_row_t)(r+1), 0);
  return r+1;
}

struct table_sink {
  const struct table_def *d;
  int eFormat;
  struct buf *pCsv;            /* CSV: the output */
  struct xlsx_write *pW;       /* xlsx: the workbook */
  lxw_worksheet *ws;
  int iRow;                    /* xlsx: next 0-based row */
  bool bFailed;
  struct buf err;              /* why it failed */
};

int table_sink_row(struct table_sink *s, const char *const *azVal){
  const struct table_def *d = s->d;
  const char **az;
  int i;
  if( s->bFailed ) return -1;
  az = xmalloc(sizeof(char *)*(size_t)(d->nCol ? d->nCol : 1));
  for(i=0; i<d->nCol; i++){
    az[i] = azVal[i];
    if( d->aCol[i].eType==COL_CHOICE ) az[i] = table_choice_label(&d->aCol[i], az[i]);
  }
  if( s->eFormat==TABLE_CSV ){
    if( table_csv_row(s->pCsv, az, d->nCol) ){
      buf_puts(&s->err, "导出的文件太大");
      s->bFailed = true;
    }
  }else{
    if( s->iRow>=LXW_ROW_MAX ){
      buf_appendf(&s->err, "超过Excel工作表的行数上限%d行，请分批导出",
                  LXW_ROW_MAX);
      s->bFailed = true;
    }
    for(i=0; i<d->nCol && !s->bFailed; i++){
      if( xlsx_write_text(s->ws, s->iRow, i, az[i], s->pW->pCell, &s->err) ){
        s->bFailed = true;
      }
    }
    s->iRow++;
  }
  free(az);
  return s->bFailed ? -1 : 0;
}

/* The header texts of d (for CSV), in heap memory the caller frees; the
** strings themselves are d's or, with bStar, new (freed through
** table_heads_free). */
static const char **table_heads(const struct table_def *d, bool bStar){
  const char **az = xmalloc(sizeof(char *)*(size_t)(d->nCol ? d->nCol : 1));
  int i;
  for(i=0; i<d->nCol; i++){
    az[i] = bStar ? fmt_dup("%s%s", d->aCol[i].zHead,
                            d->aCol[i].bRequired ? "*" : "")
                  : d->aCol[i].zHead;
  }
  return az;
}

/* Free what table_heads(d, bStar) returned. */
static void table_heads_free(const struct table_def *d, const char **az,
                             bool bStar){
  int i;
  if( bStar ) for(i=0; i<d->nCol; i++) free((char *)az[i]);
  free(az);
}

int table_export(const struct table_def *d, int eFormat, const char *zTmpDir,
                 void (*xRows)(void *ctx, struct table_sink *s), void *ctx,
                 struct buf *pOut, struct buf *pErr){
  return table_export_more(d, eFormat, zTmpDir, xRows, ctx, 0, 0, 0, 0, pOut, pErr);
}

int table_export_more(const struct table_def *d, int eFormat, const char *zTmpDir,
                      void (*xRows)(void *ctx, struct table_sink *s), void *ctx,
                      int nMore, const struct table_def *const *apMore,
                      void (*const *axMore)(void *ctx, struct table_sink *s),
                      void *const *aCtxMore, struct buf *pOut, struct buf *pErr){
  struct table_sink s;
  struct xlsx_write w;
  int rc = -1, i;
  memset(&s, 0, sizeof(s));
  buf_init(&s.err);
  s.d = d;
  s.eFormat = eFormat;
  if( eFormat==TABLE_CSV ){
    const char **az = table_heads(d, false);
    s.pCsv = pOut;
    csv_bom(pOut);
    rc = table_csv_row(pOut, az, d->nCol);
    table_heads_free(d, az, false);
    if( rc ){
      buf_puts(pErr, "导出的文件太大");
      goto done;
    }
    xRows(ctx, &s);
    if( s.bFailed ){
      buf_puts(pErr, s.err.buf);
      rc = -1;
    }
    goto done;
  }
  if( eFormat!=TABLE_XLSX ) fatal("table_export: format %d", eFormat);
  if( xlsx_write_begin(&w, zTmpDir, pErr) ) goto done;
  s.pW = &w;
  s.ws = xlsx_write_sheet(&w, d->zTitle ? d->zTitle : "Sheet1", pErr);
  if( s.ws==0 || (s.iRow = table_xlsx_head(d, &w, s.ws, false, pErr))<0 ){
    xlsx_write_abort(&w);
    goto done;
  }
  xRows(ctx, &s);
  if( s.bFailed ){
    buf_puts(pErr, s.err.buf);
    xlsx_write_abort(&w);
    goto done;
  }
  for(i=0; i<nMore; i++){
    /* the further sheets (a register's children), each with its header */
    struct table_sink s2;
    memset(&s2, 0, sizeof(s2));
    buf_init(&s2.err);
    s2.d = apMore[i];
    s2.eFormat = eFormat;
    s2.pW = &w;
    s2.ws = xlsx_write_sheet(&w, apMore[i]->zTitle ? apMore[i]->zTitle : "Sheet", pErr);
    if( s2.ws==0 || (s2.iRow = table_xlsx_head(apMore[i], &w, s2.ws, false, pErr))<0 ){
      buf_release(&s2.err);
      xlsx_write_abort(&w);
      goto done;
    }
    axMore[i](aCtxMore[i], &s2);
    if( s2.bFailed ){
      buf_puts(pErr, s2.err.buf);
      buf_release(&s2.err);
      xlsx_write_abort(&w);
      goto done;
    }
    buf_release(&s2.err);
  }
  rc = xlsx_write_end(&w, pOut, pErr);
done:
  buf_release(&s.err);
  return rc;
}

/* One bad row of an error file: its row and its messages. */
struct table_row_msg {
  int iRow;
  char *zMsg;                   /* "；"-joined, heap */
};

/* The bad rows (those with errors, within 1..in->nRowMax) in row order,
** each with its messages joined by "；", in heap memory freed with
** table_row_msgs_free(); *pn gets how many. */
static struct table_row_msg *table_row_msgs(const struct table_def *d,
                                            const struct table_input *in,
                                            int *ai, int *pn){
  struct table_row_msg *a = xmalloc(sizeof(*a)*(size_t)(in->nErr ? in->nErr : 1));
  struct buf b = BUF_INIT;
  int i = 0, n = 0;
  while( i<in->nErr ){
    int iRow = in->aErr[ai[i]].iRow;
    buf_reset(&b);
    for(; i<in->nErr && in->aErr[ai[i]].iRow==iRow; i++){
      const struct table_err *e = &in->aErr[ai[i]];
      if( b.len ) buf_puts(&b, "；");
      table_err_place(in, d, e, &b);
      if( e->iCol>=0 ) buf_puts(&b, "：");
      buf_puts(&b, e->zMsg);
    }
    if( iRow>=1 && iRow<=in->nRowMax ){
      a[n].iRow = iRow;
      a[n].zMsg = xstrdup(b.buf);
      n++;
    }
  }
  buf_release(&b);
  *pn = n;
  return a;
}

/* Free what table_row_msgs() returned. */
static void table_row_msgs_free(struct table_row_msg *a, int n){
  int i;
  for(i=0; i<n; i++) free(a[i].zMsg);
  free(a);
}

/* One error file being written while the upload is read again. */
struct table_ef {
  const struct table_def *d;
  const struct table_input *in;
  int eFormat;                  /* of the error file */
  int nCol;                     /* columns of the upload */
  struct table_row_msg *aMsg;   /* bad rows, in order */
  int nMsg, iMsg;               /* iMsg: the next one not yet passed */
  int iNext;                    /* the next row to write */
  const char **az;              /* CSV: the record (nCol+1 fields) */
  struct buf *pOut;             /* CSV: the output */
  struct xlsx_write *pW;        /* xlsx: the workbook */
  lxw_worksheet *ws;
  struct buf *pErr;
};

/* The messages of bad row r, or NULL; rows are asked in order. */
static const char *table_ef_msg(struct table_ef *ef, int r){
  while( ef->iMsg<ef->nMsg && ef->aMsg[ef->iMsg].iRow<r ) ef->iMsg++;
  if( ef->iMsg<ef->nMsg && ef->aMsg[ef->iMsg].iRow==r ){
    return ef->aMsg[ef->iMsg].zMsg;
  }
  return 0;
}

/* The text of column c in row pRow (NULL when empty or no row). */
static const char *table_row_text(const struct sheet_row *pRow, int c){
  int lo = 0, hi;
  if( pRow==0 ) return 0;
  hi = pRow->nCell-1;
  while( lo<=hi ){
    int mid = lo + (hi-lo)/2;
    if( pRow->aCell[mid].iCol==c ) return pRow->aCell[mid].z;
    if( pRow->aCell[mid].iCol<c ) lo = mid+1; else hi = mid-1;
  }
  return 0;
}

/* The kept single-row merge covering (r, c), or NULL. */
static const struct sheet_merge *table_merge_at(const struct table_input *in,
                                                int r, int c){
  int i;
  for(i=0; i<in->nMerge; i++){
    const struct sheet_merge *m = &in->aMerge[i];
    if( m->iRow1==r && m->iRow2==r && c>=m->iCol1 && c<=m->iCol2 ) return m;
  }
  return 0;
}

/* Write file row r (pRow: its cells, NULL when it has none) to the error
** file.  Returns 0, or -1 with a message in ef->pErr. */
static int table_ef_write(struct table_ef *ef, int r,
                          const struct sheet_row *pRow){
  const struct table_input *in = ef->in;
  const char *zMsg = table_ef_msg(ef, r);
  int c, i, j = 0;
  if( ef->eFormat==TABLE_CSV ){
    for(c=1; c<=ef->nCol; c++){
      if( pRow && j<pRow->nCell && pRow->aCell[j].iCol==c ){
        ef->az[c-1] = pRow->aCell[j++].z;
      }else{
        ef->az[c-1] = 0;
      }
    }
    ef->az[ef->nCol] = r==in->iHeaderRow ? TABLE_ERR_HEAD : zMsg;
    if( table_csv_row(ef->pOut, ef->az, ef->nCol+1) ){
      buf_puts(ef->pErr, "错误文件太大");
      return -1;
    }
    return 0;
  }else{
    struct xlsx_write *w = ef->pW;
    lxw_format *f = 0;
    bool bHead = r==in->iHeaderRow, bBad = zMsg!=0;
    if( bHead ) f = w->pHead;
    else if( bBad ) f = w->pBad;
    else if( r>in->iHeaderRow ) f = w->pCell;
    if( r<in->iHeaderRow ){
      /* Title rows: keep their single-row merges. */
      for(i=0; i<in->nMerge; i++){
        const struct sheet_merge *m = &in->aMerge[i];
        const char *z;
        if( m->iRow1!=r || m->iRow2!=r ) continue;
        z = table_row_text(pRow, m->iCol1);
        worksheet_merge_range(ef->ws, (lxw_row_t)(r-1), (lxw_col_t)(m->iCol1-1),
                              (lxw_row_t)(r-1), (lxw_col_t)(m->iCol2-1),
                              z ? z : "", w->pTitle);
      }
    }
    for(c=1; c<=ef->nCol; c++){
      const char *z = 0;
      if( pRow && j<pRow->nCell && pRow->aCell[j].iCol==c ) z = pRow->aCell[j++].z;
      if( r<in->iHeaderRow && table_merge_at(in, r, c) ) continue;
      if( z==0 && f==0 ) continue;
      if( xlsx_write_text(ef->ws, r-1, c-1, z, f, ef->pErr) ) return -1;
    }
    if( bHead || bBad ){
      if( xlsx_write_text(ef->ws, r-1, ef->nCol, bHead ? TABLE_ERR_HEAD : zMsg,
                          bHead ? w->pHead : w->pWrap, ef->pErr) ){
        return -1;
      }
    }
    return 0;
  }
}

/* Stream callback of the second read: write the rows up to and with this
** one (rows without cells in between are written empty). */
static int table_ef_row(void *pCtx, const struct sheet_row *pRow){
  struct table_ef *ef = pCtx;
  if( pRow->iRow<ef->iNext || pRow->iRow>ef->in->nRowMax ) return 0;
  while( ef->iNext<pRow->iRow ){
    if( table_ef_write(ef, ef->iNext++, 0) ) return -1;
  }
  ef->iNext++;
  return table_ef_write(ef, pRow->iRow, pRow);
}

/* The 错误汇总 sheet of an xlsx error file: one line per error. */
static int table_error_summary(const struct table_def *d,
                               const struct table_input *in, int *ai,
                               struct xlsx_write *w, struct buf *pErr){
  static const char *const azHead[] = { "行号", "列", "列名", "错误说明" };
  lxw_worksheet *ws = xlsx_write_sheet(w, TABLE_ERR_SHEET, pErr);
  int c, i;
  if( ws==0 ) return -1;
  worksheet_set_column(ws, 0, 0, 8, 0);
  worksheet_set_column(ws, 1, 1, 6, 0);
  worksheet_set_column(ws, 2, 2, 20, 0);
  worksheet_set_column(ws, 3, 3, 70, 0);
  for(c=0; c<4; c++){
    if( xlsx_write_text(ws, 0, c, azHead[c], w->pHead, pErr) ) return -1;
  }
  worksheet_freeze_panes(ws, 1, 0);
  for(i=0; i<in->nErr; i++){
    const struct table_err *e = &in->aErr[ai[i]];
    char zRow[16], zCol[8] = "";
    const char *zHead = "";
    snprintf(zRow, sizeof(zRow), "%d", e->iRow);
    if( e->iCol>=0 && e->iCol<d->nCol ){
      zHead = d->aCol[e->iCol].zHead;
      if( in->aiFileCol[e->iCol]>0 ) sheet_col_name(in->aiFileCol[e->iCol], zCol);
    }
    if( xlsx_write_text(ws, i+1, 0, zRow, w->pCell, pErr)
     || xlsx_write_text(ws, i+1, 1, zCol, w->pCell, pErr)
     || xlsx_write_text(ws, i+1, 2, zHead, w->pCell, pErr)
     || xlsx_write_text(ws, i+1, 3, e->zMsg, w->pWrap, pErr) ){
      return -1;
    }
  }
  return 0;
}

int table_error_file(const struct table_def *d, const struct table_input *in,
                     const void *p, size_t n, int eFormat,
                     const char *zTmpDir, struct buf *pOut,
                     struct buf *pErr){
  int *ai = table_error_order(in);
  struct table_ef ef;
  struct sheet_stream s;
  struct xlsx_write w;
  int rc = -1, c, i;

  if( n!=in->nBytes ) fatal("table_error_file: not the bytes table_read read");
  memset(&ef, 0, sizeof(ef));
  ef.d = d;
  ef.in = in;
  ef.eFormat = eFormat;
  ef.nCol = in->nColMax;
  ef.aMsg = table_row_msgs(d, in, ai, &ef.nMsg);
  ef.iNext = 1;
  ef.pOut = pOut;
  ef.pErr = pErr;
  memset(&s, 0, sizeof(s));
  s.pCtx = &ef;
  s.xRow = table_ef_row;

  if( eFormat==TABLE_CSV ){
    ef.az = xmalloc(sizeof(char *)*(size_t)(ef.nCol+1));
    csv_bom(pOut);
  }else{
    if( xlsx_write_begin(&w, zTmpDir, pErr) ) goto done;
    ef.pW = &w;
    ef.ws = xlsx_write_sheet(&w, in->zSheet && in->zSheet[0] ? in->zSheet : "Sheet1",
                             pErr);
    if( ef.ws==0 ) goto fail;
    for(c=1; c<=ef.nCol; c++){
      double wd = 12;
      for(i=0; i<d->nCol; i++) if( in->aiFileCol[i]==c ) wd = table_width(&d->aCol[i]);
      worksheet_set_column(ef.ws, (lxw_col_t)(c-1), (lxw_col_t)(c-1), wd, w.pText);
    }
    worksheet_set_column(ef.ws, (lxw_col_t)ef.nCol, (lxw_col_t)ef.nCol, 60, w.pText);
    if( in->iHeaderRow>0 ) worksheet_freeze_panes(ef.ws, (lxw_row_t)in->iHeaderRow, 0);
  }

  /* The upload again, row by row, then any rows left (none with cells). */
  if( table_stream(in->eFormat, p, n, 0, &s, pErr) ) goto fail;
  while( ef.iNext<=in->nRowMax ){
    if( table_ef_write(&ef, ef.iNext++, 0) ) goto fail;
  }
  if( eFormat==TABLE_CSV ){
    rc = 0;
    goto done;
  }
  if( table_error_summary(d, in, ai, &w, pErr) ) goto fail;
  rc = xlsx_write_end(&w, pOut, pErr);
  goto done;

fail:
  if( eFormat!=TABLE_CSV ) xlsx_write_abort(&w);
done:
  table_row_msgs_free(ef.aMsg, ef.nMsg);
  free(ef.az);
  free(ai);
  return rc;
}

/* What a column holds, for 填写说明. */
static const char *table_type_text(const struct table_col *c, char *zBuf,
                                   size_t nBuf){
  switch( c->eType ){
    case COL_TEXT:
      snprintf(zBuf, nBuf, "文字，不超过%d个字",
               c->nMaxChars>0 ? c->nMaxChars : TABLE_TEXT_MAX);
      return zBuf;
    case COL_INT:    return "整数，只填数字";
    case COL_DATE:   return "日期，写成2024-03-01、2024/3/1或2024年3月1日";
    case COL_USCC:   return "18位统一社会信用代码（数字和大写字母）";
    case COL_IDCARD: return "18位公民身份号码，末位可以是X";
    case COL_REGION: return "6位行政区划代码";
    case COL_SCHOOL: return "10位学校标识码";
    case COL_CHOICE: return "从“可填的值”中选一项";
    case COL_PHONE:  return "电话号码：11位手机号或带区号的固定电话";
    case COL_BOOL:   return "填“是”或“否”";
  }
  return "";
}

/* An example value of a column, for 填写说明. */
static const char *table_type_example(const struct table_col *c){
  switch( c->eType ){
    case COL_TEXT:   return "";
    case COL_INT:    return "12";
    case COL_DATE:   return "2024-03-01";
    case COL_USCC:   return "91350100M000100Y43";
    case COL_IDCARD: return "11010519491231002X";
    case COL_REGION: return "220322";
    case COL_SCHOOL: return "2122030001";
    case COL_CHOICE: return c->azChoice && c->azChoice[0] && c->azChoice[1]
                            ? c->azChoice[1] : "";
    case COL_PHONE:  return "13912345678";
    case COL_BOOL:   return "是";
  }
  return "";
}

/* The labels of a choice column joined by "、" (heap, caller frees). */
static char *table_choice_labels(const struct table_col *c){
  struct buf b = BUF_INIT;
  int i;
  for(i=0; c->azChoice && c->azChoice[i] && c->azChoice[i+1]; i+=2){
    if( i ) buf_puts(&b, "、");
    buf_puts(&b, c->azChoice[i+1]);
  }
  return buf_detach(&b, 0);
}

/* A drop-down list of the labels on rows r0.. of choice column i, when
** they fit Excel's 255-character limit. */
static void table_xlsx_dropdown(lxw_worksheet *ws, const struct table_col *c,
                                int i, int r0){
  lxw_data_validation v;
  char *azList[64];
  size_t nLen = 0;
  int k, n = 0;
  for(k=0; c->azChoice && c->azChoice[k] && c->azChoice[k+1] && n<63; k+=2){
    azList[n++] = (char *)c->azChoice[k+1];
    nLen += strlen(c->azChoice[k+1]) + 1;
  }
  azList[n] = 0;
  if( n==0 || nLen>255 ) return;
  memset(&v, 0, sizeof(v));
  v.validate = LXW_VALIDATION_TYPE_LIST;
  v.value_list = azList;
  v.error_type = LXW_VALIDATION_ERROR_TYPE_STOP;
  worksheet_data_validation_range(ws, (lxw_row_t)r0, (lxw_col_t)i,
                                  LXW_ROW_MAX-1, (lxw_col_t)i, &v);
}

int table_template(const struct table_def *d, int eFormat,
                   const char *zTmpDir, struct buf *pOut, struct buf *pErr){
  struct xlsx_write w;
  lxw_worksheet *ws;
  int i, r;
  if( eFormat==TABLE_CSV ){
    const char **az = table_heads(d, true);
    int rc;
    csv_bom(pOut);
    rc = table_csv_row(pOut, az, d->nCol);
    table_heads_free(d, az, true);
    if( rc ) buf_puts(pErr, "模板太大");
    return rc;
  }
  if( xlsx_write_begin(&w, zTmpDir, pErr) ) return -1;
  ws = xlsx_write_sheet(&w, d->zTitle ? d->zTitle : "Sheet1", pErr);
  if( ws==0 || (r = table_xlsx_head(d, &w, ws, true, pErr))<0 ) goto fail;
  for(i=0; i<d->nCol; i++){
    if( d->aCol[i].eType==COL_CHOICE ) table_xlsx_dropdown(ws, &d->aCol[i], i, r);
  }

  ws = xlsx_write_sheet(&w, TABLE_HELP_SHEET, pErr);
  if( ws==0 ) goto fail;
  {
    static const char *const azHead[] = {
      "列名", "是否必填", "填写要求", "可填的值", "示例"
    };
    static const double aWidth[] = { 20, 10, 44, 40, 22 };
    for(i=0; i<5; i++){
      worksheet_set_column(ws, (lxw_col_t)i, (lxw_col_t)i, aWidth[i], 0);
      if( xlsx_write_text(ws, 0, i, azHead[i], w.pHead, pErr) ) goto fail;
    }
  }
  for(i=0; i<d->nCol; i++){
    const struct table_col *c = &d->aCol[i];
    char zType[64];
    char *zChoice = c->eType==COL_CHOICE ? table_choice_labels(c) : 0;
    int rc = xlsx_write_text(ws, i+1, 0, c->zHead, w.pCell, pErr)
          || xlsx_write_text(ws, i+1, 1, c->bRequired ? "必填" : "选填", w.pCell, pErr)
          || xlsx_write_text(ws, i+1, 2, table_type_text(c, zType, sizeof(zType)),
                             w.pWrap, pErr)
          || xlsx_write_text(ws, i+1, 3, zChoice ? zChoice : "", w.pWrap, pErr)
          || xlsx_write_text(ws, i+1, 4, table_type_example(c), w.pCell, pErr);
    free(zChoice);
    if( rc ) goto fail;
  }
  r = d->nCol + 2;
  if( xlsx_write_text(ws, r, 0, "说明：带*的列必须填写；代码类的列请保持文本格式，"
                      "不要改成数字，否则Excel会丢失末几位。第一个工作表的"
                      "标题行和表头行请勿删除。", 0, pErr) ){
    goto fail;
  }
  return xlsx_write_end(&w, pOut, pErr);
fail:
  xlsx_write_abort(&w);
  return -1;
}
