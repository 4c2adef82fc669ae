/*
** doc.c -- the document model shared by the DOCX and PDF writers.
*/
#include "../common.h"
#include "doc.h"
#include "../base/arena.h"
#include "../base/buf.h"
#include "../base/fmt.h"
#include "../base/date.h"
#include "../base/utf8.h"
#include "../base/util.h"
#include <ctype.h>

struct doc *doc_new(bool bAutoNumber){
  struct arena *a = arena_new();
  struct doc *d = arena_alloc(a, sizeof(*d));
  d->pArena = a;
  d->bAutoNumber = bAutoNumber;
  return d;
}

void doc_free(struct doc *d){
  if( d ) arena_free(d->pArena);
}

/* A copy of z in the arena; NULL becomes "". */
static const char *doc_str(struct doc *d, const char *z){
  return arena_strdup(d->pArena, z ? z : "");
}

/* Append a new block of kind eKind and return it. */
static struct doc_block *doc_block_add(struct doc *d, int eKind){
  struct doc_block *b = arena_alloc(d->pArena, sizeof(*b));
  b->eKind = eKind;
  if( d->zAppTitle ){
    if( d->pAppLast ) d->pAppLast->pNext = b;
    else d->pAppFirst = b;
    d->pAppLast = b;
    return b;
  }
  if( d->pLast ) d->pLast->pNext = b;
  else d->pFirst = b;
  d->pLast = b;
  return b;
}

void doc_appendix(struct doc *d, const char *zTitle){
  d->zAppTitle = doc_str(d, zTitle);
}

/* Words that occur in the titles of reports and notices.  The title is
** broken only between them (see doc_title_break). */
static const char *const azTitleWord[] = {
  "法治政府建设", "依法治校", "法治建设", "法治宣传教育", "普法", "工作",
  "情况", "报告", "关于", "年度", "上半年", "下半年", "的", "和", "及",
  "实施方案", "实施意见", "意见", "通知", "通报", "总结", "计划", "方案",
  "要点", "请示", "批复", "函", "决定", "开展", "推进", "落实", "加强",
  "进一步", "全面", "规范性文件", "行政许可", "行政执法", "责任制",
  "第一季度", "第二季度", "第三季度", "第四季度", "专项", "检查",
  "自查", "整改", "述职", "年"
};

/* Width of bytes z[0..n) in halves of a character. */
static int doc_halves_n(const char *z, size_t n){
  int w = 0;
  size_t i = 0;
  while( i<n ){
    size_t k = utf8_seq_len(z+i, n-i);
    if( k==0 ) k = 1;
    w += (k==1) ? 1 : 2;
    i += k;
  }
  return w;
}

/* Split z into tokens at word boundaries: the issuer's name before the
** first 关于 is one token; a number with the 年/年度 after it is one; a
** dictionary word is one; a run of characters no word matches (a name)
** stays together.  Stores the byte offset where each token starts in
** aStart (up to nMax) and returns the count. */
static int doc_title_tokens(const char *z, int *aStart, int nMax){
  size_t n = strlen(z), i = 0, k;
  const char *zAbout = strstr(z, "关于");
  int nTok = 0;
  bool bRun = false;                  /* inside a run of unmatched text */
  if( zAbout && zAbout>z && doc_halves_n(z, (size_t)(zAbout-z))<=40 ){
    aStart[nTok++] = 0;
    i = (size_t)(zAbout - z);
  }
  while( i<n && nTok<nMax ){
    size_t nWord = 0;
    if( z[i]>='0' && z[i]<='9' ){
      for(k=i; k<n && z[k]>='0' && z[k]<='9'; k++){}
      if( strncmp(z+k, "年度", 6)==0 ) k += 6;
      else if( strncmp(z+k, "年", 3)==0 ) k += 3;
      nWord = k - i;
    }else{
      for(k=0; k<sizeof(azTitleWord)/sizeof(azTitleWord[0]); k++){
        size_t m = strlen(azTitleWord[k]);
        if( m>nWord && strncmp(z+i, azTitleWord[k], m)==0 ) nWord = m;
      }
    }
    if( nWord ){
      aStart[nTok++] = (int)i;
      i += nWord;
      bRun = false;
    }else{
      if( !bRun ) aStart[nTok++] = (int)i;
      bRun = true;
      k = utf8_seq_len(z+i, n-i);
      i += k ? k : 1;
    }
  }
  return nTok;
}

char *doc_title_break(const char *zTitle, int nMaxHalves){
  /* Choose the number of lines first (the fewest the words allow), then
  ** among the ways to cut the tokens into that many lines, each no wider
  ** than nMaxHalves, the one that is a 梯形 (no line longer than the one
  ** above it) with the smallest spread of lengths; with none such, the
  ** one with the smallest spread (菱形 or balanced). */
  enum { NTOK = 64, NLINE = 4 };
  int aStart[NTOK+1], nTok, nLine, best[NLINE], cut[NLINE];
  int bestScore = -1, i;
  size_t n = strlen(zTitle);
  struct buf out = BUF_INIT;
  if( strchr(zTitle, '\n') || doc_halves_n(zTitle, n)<=nMaxHalves ){
    return fmt_dup("%s", zTitle);
  }
  nTok = doc_title_tokens(zTitle, aStart, NTOK);
  aStart[nTok] = (int)n;
  for(nLine=2; nLine<=NLINE && bestScore<0; nLine++){
    /* enumerate the cuts: cut[j] is the token starting line j+1 */
    int j;
    if( nLine-1>nTok-1 ) break;
    for(j=0; j<nLine-1; j++) cut[j] = j+1;
    for(;;){
      int aLen[NLINE], lo = 1<<30, hi = 0, score;
      bool bFit = true, bTrapez = true;
      for(j=0; j<nLine; j++){
        int a = j ? cut[j-1] : 0, b = j<nLine-1 ? cut[j] : nTok;
        aLen[j] = doc_halves_n(zTitle+aStart[a], (size_t)(aStart[b]-aStart[a]));
        if( aLen[j]>nMaxHalves ) bFit = false;
        if( j && aLen[j]>aLen[j-1] ) bTrapez = false;
        if( aLen[j]<lo ) lo = aLen[j];
        if( aLen[j]>hi ) hi = aLen[j];
      }
      score = (hi - lo) + (bTrapez ? 0 : 1000);
      if( bFit && (bestScore<0 || score<bestScore) ){
        bestScore = score;
        memcpy(best, cut, sizeof(cut));
      }
      /* next combination of nLine-1 cut points in 1..nTok-1 */
      for(j=nLine-2; j>=0 && cut[j]==nTok-1-(nLine-2-j); j--){}
      if( j<0 ) break;
      cut[j]++;
      for(j=j+1; j<nLine-1; j++) cut[j] = cut[j-1]+1;
    }
    if( bestScore>=0 ){
      for(i=0; i<nLine; i++){
        int a = i ? best[i-1] : 0, b = i<nLine-1 ? best[i] : nTok;
        if( i ) buf_puts(&out, "\n");
        buf_append(&out, zTitle+aStart[a], (size_t)(aStart[b]-aStart[a]));
      }
      return buf_detach(&out, 0);
    }
  }
  /* the words do not fit any way: leave the breaking to the writer */
  return fmt_dup("%s", zTitle);
}

void doc_title(struct doc *d, const char *zTitle){
  char *z;
  char *zBroken = doc_title_break(zTitle ? zTitle : "", DOC_TITLE_HALVES);
  d->zTitle = doc_str(d, zBroken);
  free(zBroken);
  if( d->zPropTitle==0 ){
    /* the property is one line: the title's line breaks are dropped */
    char *zOut = z = arena_strdup(d->pArena, d->zTitle);
    const char *zIn;
    for(zIn=d->zTitle; *zIn; zIn++) if( *zIn!='\n' ) *zOut++ = *zIn;
    *zOut = 0;
    d->zPropTitle = z;
  }
}

void doc_recipient(struct doc *d, const char *z){
  size_t n;
  z = z ? z : "";
  n = strlen(z);
  if( n>=3 && memcmp(z+n-3, "：", 3)==0 ){
    d->zRecipient = doc_str(d, z);
  }else{
    d->zRecipient = arena_printf(d->pArena, "%s：", z);
  }
}

/* Chinese numeral for n in 1..99 ("一" .. "九十九") into out. */
static void doc_cn_number(int n, char *out, size_t nOut){
  static const char *const az[] = {
    "〇", "一", "二", "三", "四", "五", "六", "七", "八", "九"
  };
  if( n<1 || n>99 ){
    snprintf(out, nOut, "%d", n);
  }else if( n<10 ){
    snprintf(out, nOut, "%s", az[n]);
  }else{
    snprintf(out, nOut, "%s十%s", n>=20 ? az[n/10] : "", n%10 ? az[n%10] : "");
  }
}

void doc_heading(struct doc *d, int iLevel, const char *zText){
  struct doc_block *b;
  char zN[32];
  int i;
  if( iLevel<1 ) iLevel = 1;
  if( iLevel>4 ) iLevel = 4;
  b = doc_block_add(d, DOC_HEADING);
  b->iLevel = iLevel;
  b->zText = doc_str(d, zText);
  b->zNum = "";
  if( !d->bAutoNumber ) return;
  d->aCount[iLevel-1]++;
  for(i=iLevel; i<4; i++) d->aCount[i] = 0;
  doc_cn_number(d->aCount[iLevel-1], zN, sizeof(zN));
  switch( iLevel ){
    case 1: b->zNum = arena_printf(d->pArena, "%s、", zN); break;
    case 2: b->zNum = arena_printf(d->pArena, "（%s）", zN); break;
    case 3: b->zNum = arena_printf(d->pArena, "%d.", d->aCount[2]); break;
    default: b->zNum = arena_printf(d->pArena, "（%d）", d->aCount[3]); break;
  }
}

void doc_para(struct doc *d, const char *zText){
  struct doc_block *b = doc_block_add(d, DOC_PARA);
  b->zText = doc_str(d, zText);
}

struct doc_table *doc_table(struct doc *d, int nCol, const char *const *azHead,
                            const int *aWidth){
  struct doc_block *b = doc_block_add(d, DOC_TABLE);
  struct doc_table *t = arena_alloc(d->pArena, sizeof(*t));
  int i;
  if( nCol<1 ) nCol = 1;
  if( nCol>DOC_MAX_COLS ) nCol = DOC_MAX_COLS;
  t->nCol = nCol;
  t->pArena = d->pArena;
  t->azHead = arena_alloc(d->pArena, sizeof(char*)*(size_t)nCol);
  t->aWidth = arena_alloc(d->pArena, sizeof(int)*(size_t)nCol);
  for(i=0; i<nCol; i++){
    t->azHead[i] = doc_str(d, azHead ? azHead[i] : 0);
    t->aWidth[i] = (aWidth && aWidth[i]>0) ? aWidth[i] : 1;
  }
  b->pTable = t;
  return t;
}

void doc_table_row(struct doc_table *t, const char *const *azCell){
  const char **az;
  int i;
  if( t->nRow>=t->nAlloc ){
    int nNew = t->nAlloc ? t->nAlloc*2 : 16;
    const char ***aNew = arena_alloc(t->pArena, sizeof(char**)*(size_t)nNew);
    if( t->nRow ) memcpy(aNew, t->aazRow, sizeof(char**)*(size_t)t->nRow);
    t->aazRow = aNew;
    t->nAlloc = nNew;
  }
  az = arena_alloc(t->pArena, sizeof(char*)*(size_t)t->nCol);
  for(i=0; i<t->nCol; i++){
    az[i] = arena_strdup(t->pArena, (azCell && azCell[i]) ? azCell[i] : "");
  }
  t->aazRow[t->nRow++] = az;
}

void doc_image(struct doc *d, const void *aPng, size_t nPng, double wMm,
               double hMm, const char *zAlt){
  struct doc_block *b = doc_block_add(d, DOC_IMAGE);
  struct doc_image *p = arena_alloc(d->pArena, sizeof(*p));
  unsigned char *a = arena_alloc(d->pArena, nPng ? nPng : 1);
  if( nPng ) memcpy(a, aPng, nPng);
  p->aPng = a;
  p->nPng = nPng;
  p->wMm = wMm>0 ? wMm : 100;
  p->hMm = hMm>0 ? hMm : 60;
  p->zAlt = zAlt ? doc_str(d, zAlt) : 0;
  b->pImage = p;
}

void doc_pagebreak(struct doc *d){
  doc_block_add(d, DOC_PAGEBREAK);
}

void doc_attachment(struct doc *d, const char *zName){
  const char **az = arena_alloc(d->pArena, sizeof(char*)*(size_t)(d->nAttach+1));
  if( d->nAttach ) memcpy(az, d->azAttach, sizeof(char*)*(size_t)d->nAttach);
  az[d->nAttach++] = doc_str(d, zName);
  d->azAttach = az;
}

void doc_sign(struct doc *d, const char *zIssuer, int iDay){
  d->zIssuer = zIssuer ? doc_str(d, zIssuer) : 0;
  d->iDate = iDay;
  d->bDate = true;
  if( d->zPropAuthor==0 && d->zIssuer ) d->zPropAuthor = d->zIssuer;
}

void doc_head(struct doc *d, const char *zMark, const char *zDocNo, const char *zSigner){
  d->zMark = zMark && zMark[0] ? doc_str(d, zMark) : 0;
  d->zDocNo = zDocNo && zDocNo[0] ? doc_str(d, zDocNo) : 0;
  d->zSigner = zSigner && zSigner[0] ? doc_str(d, zSigner) : 0;
}

void doc_sealed(struct doc *d, bool bSealed){
  d->bSealed = bSealed;
}

void doc_note(struct doc *d, const char *z){
  d->zNote = z && z[0] ? doc_str(d, z) : 0;
}

void doc_record(struct doc *d, const char *zCc, const char *zPrinter, int iDay){
  d->zCc = zCc && zCc[0] ? doc_str(d, zCc) : 0;
  d->zPrinter = zPrinter && zPrinter[0] ? doc_str(d, zPrinter) : 0;
  d->iPrintDay = iDay;
}

void doc_props(struct doc *d, const char *zTitle, const char *zAuthor,
               i64 tCreated){
  if( zTitle ) d->zPropTitle = doc_str(d, zTitle);
  if( zAuthor ) d->zPropAuthor = doc_str(d, zAuthor);
  if( tCreated ) d->tCreated = tCreated;
}

char *doc_date_cn(int iDay, char out[32]){
  int y, m, dd;
  date_ymd(iDay, &y, &m, &dd);
  snprintf(out, 32, "%d年%d月%d日", y, m, dd);
  return out;
}

int doc_width_halves(const char *z){
  size_t n = z ? strlen(z) : 0, i = 0;
  int w = 0;
  while( i<n ){
    size_t k = utf8_seq_len(z+i, n-i);
    if( k==0 ) k = 1;
    w += (k==1) ? 1 : 2;
    i += k;
  }
  return w;
}

int doc_script_at(const char *z, size_t n, size_t *pnLen){
  const unsigned char *u = (const unsigned char*)z;
  size_t k = utf8_seq_len(z, n);
  unsigned c;
  *pnLen = k ? k : 1;
  if( k==1 ) return isalnum(u[0]) ? 0 : -1;
  if( k!=3 ) return -1;
  c = ((u[0]&0x0fu)<<12) | ((u[1]&0x3fu)<<6) | (u[2]&0x3fu);
  return (c>=0x4e00 && c<=0x9fff) || (c>=0x3400 && c<=0x4dbf) ? 1 : -1;
}

/* The width the word processors' space between Chinese and digits (1/5
** em each, pdf.c AUTOSPACE) adds to z, in halves of a character. */
static int doc_autospace_halves(const char *z){
  size_t n = z ? strlen(z) : 0, i = 0, k;
  int prev = -1, nGap = 0;
  while( i<n ){
    int cur = doc_script_at(z+i, n-i, &k);
    if( prev>=0 && cur>=0 && prev!=cur ) nGap++;
    prev = cur;
    i += k;
  }
  return (2*nGap + 2)/5;
}

void doc_sign_layout(const struct doc *d, const char *zDate,
                     int *pIssuerRight, int *pDateRight){
  /* Work in halves of a character from the right edge. The 署名 is
  ** 右空二字; the date starts two characters right of the 署名's first
  ** character; if that would leave the date less than 右空二字, the date
  ** is 右空二字 and the 署名 moves left to keep the two-character shift. */
  int s = doc_width_halves(d->zIssuer) + doc_autospace_halves(d->zIssuer);
  int t = doc_width_halves(zDate) + doc_autospace_halves(zDate);
  int issuerRight = 4, dateRight = issuerRight + s - 4 - t;
  if( d->bSealed ){
    /* 右空四字, the 署名 centred over the date (or the date under it) */
    dateRight = 8;
    issuerRight = dateRight + (t - s)/2;
    if( issuerRight<0 ){
      issuerRight = 0;
      dateRight = (s - t)/2;
    }
    *pIssuerRight = issuerRight;
    *pDateRight = dateRight;
    return;
  }
  if( dateRight<4 ){
    dateRight = 4;
    issuerRight = dateRight + t + 4 - s;
  }
  *pIssuerRight = issuerRight;
  *pDateRight = dateRight;
}

double doc_text_chars(const char *z){
  size_t n = z ? strlen(z) : 0, i = 0;
  double w = 0;
  while( i<n ){
    size_t k = utf8_seq_len(z+i, n-i);
    if( k==0 ) k = 1;
    if( k>1 ) w += 1.0;
    else if( z[i]>='A' && z[i]<='Z' ) w += 0.8;
    else if( z[i]==' ' ) w += 0.3;
    else w += 0.62;
    i += k;
  }
  return w;
}

/* Characters (not bytes) in z. */
static int doc_nchars(const char *z){
  int n = 0;
  for(; z && *z; z++) if( ((unsigned char)*z & 0xc0)!=0x80 ) n++;
  return n;
}

bool doc_cell_whole(const char *z){
  const char *p;
  bool bAscii = true;
  if( z==0 || z[0]==0 ) return true;
  for(p=z; *p; p++){
    if( (unsigned char)*p>=0x80 || *p==' ' ){ bAscii = false; break; }
  }
  return bAscii || doc_nchars(z)<=4;
}

/* Widths of t's columns filling nAvail characters: every column its
** minimum, the rest shared by the text each could still use.  Returns
** the narrowest share a wrapping column got relative to what it wants
** (1 = everything fits). */
static double doc_fill(const struct doc_table *t, const double *aMin, const double *aMax,
                       double nAvail, double *aW){
  double sMin = 0, sMax = 0, worst = 1;
  int i;
  for(i=0; i<t->nCol; i++){ sMin += aMin[i]; sMax += aMax[i]; }
  for(i=0; i<t->nCol; i++){
    if( sMax<=nAvail ){
      aW[i] = aMax[i] + (nAvail - sMax)*aMax[i]/sMax;
    }else if( sMin<nAvail ){
      aW[i] = aMin[i] + (nAvail - sMin)*(aMax[i] - aMin[i])/(sMax - sMin);
    }else{
      aW[i] = aMin[i]*nAvail/sMin;
    }
  }
  for(i=0; i<t->nCol; i++){
    /* a column of long text should get at least 8 characters a line */
    double want = 8 + DOC_CELL_PAD;
    if( aMax[i] >= want && aW[i] < want && aW[i]/want < worst ) worst = aW[i]/want;
    if( aW[i] < aMin[i] - 1e-9 && aW[i]/aMin[i] < worst ) worst = aW[i]/aMin[i];
  }
  return worst;
}

void doc_table_widths(const struct doc_table *t, double *aW, bool *pbLandscape){
  double aMin[DOC_MAX_COLS], aMax[DOC_MAX_COLS];
  int i, r;
  for(i=0; i<t->nCol; i++){
    double w = doc_text_chars(t->azHead[i]);
    aMax[i] = w;
    aMin[i] = w<4 ? w : 4;             /* a header may wrap after four characters */
    for(r=0; r<t->nRow; r++){
      const char *z = t->aazRow[r][i];
      w = doc_text_chars(z);
      if( w>aMax[i] ) aMax[i] = w;
      if( doc_cell_whole(z) ){
        if( w + 0.6>aMin[i] ) aMin[i] = w + 0.6;      /* never wraps: room to spare */
      }else if( aMin[i]<(w<6 ? w : 6) ){
        aMin[i] = w<6 ? w : 6;        /* a name of six characters stays on one line */
      }
    }
    aMin[i] += DOC_CELL_PAD + 0.2;     /* a little room against rounding */
    aMax[i] += DOC_CELL_PAD + 0.2;
    if( aMin[i] < 2 + DOC_CELL_PAD ) aMin[i] = 2 + DOC_CELL_PAD;
    if( aMax[i] < aMin[i] ) aMax[i] = aMin[i];
  }
  *pbLandscape = doc_fill(t, aMin, aMax, DOC_PORTRAIT_W, aW) < 0.99;
  if( *pbLandscape ) doc_fill(t, aMin, aMax, DOC_LANDSCAPE_W, aW);
}

bool doc_lone_last(const char *z, double w){
  double avail = w - DOC_CELL_PAD, full;
  int perLine, n;
  if( z==0 || doc_cell_whole(z) ) return false;
  full = doc_text_chars(z);
  perLine = (int)(avail + 1e-6);
  n = doc_nchars(z);
  if( perLine<2 || full<=avail || n!=(int)(full + 0.5) ) return false;   /* CJK text only */
  return n % perLine == 1;
}

/* True when table block p needs a landscape page. */
static bool doc_table_wide(const struct doc_block *p){
  double aW[DOC_MAX_COLS];
  bool b = false;
  if( p->eKind!=DOC_TABLE ) return false;
  doc_table_widths(p->pTable, aW, &b);
  return b;
}

bool doc_block_landscape(const struct doc *d, const struct doc_block *p){
  const struct doc_block *q;
  if( p==0 || p==DOC_END_BLOCK ){
    /* the start: landscape when the first wide table has only paragraphs
    ** before it; the end: when the last block is a wide table */
    if( p==0 ){
      for(q=d->pFirst; q; q=q->pNext){
        if( doc_table_wide(q) ) return true;
        if( q->eKind!=DOC_PARA ) return false;
      }
      return false;
    }
    return d->pLast && doc_table_wide(d->pLast);
  }
  if( doc_table_wide(p) ) return true;
  if( p->eKind!=DOC_PARA ) return false;
  /* a paragraph in the run of paragraphs that opens the document, before a
  ** wide table */
  for(q=d->pFirst; q && q!=p; q=q->pNext) if( q->eKind!=DOC_PARA ) return false;
  return doc_block_landscape(d, 0);
}
