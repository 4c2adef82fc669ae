/*
** xlsx_read.c -- read one worksheet of an .xlsx workbook (libzip + expat).
**
** The order of work: open the zip (limits on file size and entries),
** find the workbook through _rels/.rels, read workbook.xml (sheet names,
** rel ids, date1904) and its rels (sheet, sharedStrings and styles
** targets), then styles.xml (which cell styles are dates), then
** sharedStrings.xml, then the sheet.  Each part goes through xr_parse(),
** which checks the part's size and compression ratio, feeds expat 64 KiB
** at a time, counts what it really unpacks, limits nesting, and refuses
** DTD entity declarations.  Handlers report a failure with xr_fail(),
** which stops the parser; the first message wins.
*/
#include "../common.h"
#include "xlsx_read.h"
#include "sheet.h"
#include "../base/arena.h"
#include "../base/buf.h"
#include "../base/date.h"
#include "../base/utf8.h"
#include "../base/util.h"
#include <expat.h>
#include <math.h>
#include <sys/stat.h>
#include <zip.h>

#define XR_CHUNK   65536
#define XR_MAX_TEXT (4*SHEET_MAX_CHARS + 16)   /* bytes of text gathered */

/* Cell types from the t attribute. */
enum { XT_N, XT_S, XT_STR, XT_INLINE, XT_B, XT_E, XT_D, XT_BAD };

/* Which part is being parsed: selects the handlers' behaviour. */
enum { XP_ROOTRELS, XP_WORKBOOK, XP_RELS, XP_STYLES, XP_SST, XP_SHEET };

struct xr_rel {
  const char *zId, *zTarget, *zType;
};

struct xr_sheetref {
  const char *zName, *zRid;
};

/* One read of one workbook. */
struct xr {
  zip_t *pZip;
  struct buf *pErr;
  struct arena *pTmp;        /* names, rels, shared strings; freed at end */
  int rc;                    /* -1 once something failed */
  const char *zPart;         /* the part being parsed, for messages */
  XML_Parser pParser;        /* the parser of that part */
  int eKind;                 /* XP_* */
  int depth;                 /* element nesting */

  /* Text gathering: on while inside an element whose text counts. */
  bool bText;
  struct buf text;

  /* _rels/.rels, workbook.xml and its rels */
  const char *zWorkbook;     /* part name of the workbook */
  bool b1904;
  bool bInSheets;
  int nSheet, nSheetAlloc;
  struct xr_sheetref *aSheet;
  int nRel, nRelAlloc;
  struct xr_rel *aRel;

  /* styles.xml */
  int eStyleSect;            /* 0 elsewhere, 1 numFmts, 2 cellXfs */
  int nFmt, nFmtAlloc;
  struct xr_fmt { int id; bool bDate; } *aFmt;   /* custom numFmts */
  int nXf, nXfAlloc;
  int *aXfFmt;               /* numFmtId of each cellXfs entry */
  bool *aXfDate;             /* resolved after the part: date or not */

  /* sharedStrings.xml: every string NUL-terminated in one buffer */
  bool bInSi;
  int nRph;                  /* depth inside <rPh> (phonetic runs) */
  size_t nSst, nSstAlloc;
  u32 *aiSst;                /* [i] offset of string i in sst; [nSst] the
                             ** end, so string i has aiSst[i+1]-aiSst[i]-1
                             ** bytes */
  struct buf sst;

  /* the sheet: each row goes to pStream as soon as it is complete */
  const struct sheet_stream *pStream;
  struct sheet_rowbuf rb;
  bool bInData;              /* inside <sheetData> */
  bool bInCell, bHaveV, bInIs;
  int iRow, iCol;            /* current row; last column used in it */
  int eCellType, iStyle;
  int nMerge;                /* merged ranges seen */
};

/* Record the first failure: the message (a literal with the usual
** conversions) goes to pErr and the parser, if any, stops. */
__attribute__((format(printf, 2, 3)))
static void xr_fail(struct xr *x, const char *zFmt, ...){
  va_list ap;
  if( x->rc ) return;
  x->rc = -1;
  va_start(ap, zFmt);
  buf_vappendf(x->pErr, zFmt, ap);
  va_end(ap);
  if( x->pParser ) XML_StopParser(x->pParser, XML_FALSE);
}

/* The local part of an XML name ("x:c" -> "c"). */
static const char *xr_local(const char *zName){
  const char *z = strrchr(zName, ':');
  return z ? z+1 : zName;
}

/* The value of attribute zName (local name) in expat's list, or NULL. */
static const char *xr_attr(const char **azAttr, const char *zName){
  int i;
  for(i=0; azAttr[i]; i+=2){
    if( strcmp(xr_local(azAttr[i]), zName)==0 ) return azAttr[i+1];
  }
  return 0;
}

/* Stop the read because a stream callback said so (it gave the reason). */
static void xr_stop(struct xr *x){
  if( x->rc ) return;
  x->rc = -1;
  if( x->pParser ) XML_StopParser(x->pParser, XML_FALSE);
}

/* Grow a heap array *pa of n used elements of size sz to hold one more. */
static void xr_grow(void *pa, int n, int *pnAlloc, size_t sz){
  void **ppa = pa;
  if( n<*pnAlloc ) return;
  *pnAlloc = *pnAlloc ? *pnAlloc*2 : 16;
  *ppa = xrealloc(*ppa, (size_t)*pnAlloc*sz);
}

/* Write "第3行第2列（B3）：" for (iRow, iCol) into out. */
static const char *xr_where(int iRow, int iCol, char out[80]){
  char zCol[8];
  snprintf(out, 80, "第%d行第%d列（%s%d）：", iRow, iCol,
           sheet_col_name(iCol, zCol), iRow);
  return out;
}

/* Parse a cell reference leniently into row and column numbers (either
** may be far past the limits).  Returns 0, or -1 when z is not letters
** followed by digits. */
static int xr_ref(const char *z, i64 *piRow, i64 *piCol){
  i64 r = 0, c = 0;
  int nL = 0, nD = 0;
  if( *z=='$' ) z++;
  while( (*z>='A' && *z<='Z') || (*z>='a' && *z<='z') ){
    if( c<1000000000 ) c = c*26 + ((*z|0x20) - 'a' + 1);
    z++;
    nL++;
  }
  if( *z=='$' ) z++;
  while( *z>='0' && *z<='9' ){
    if( r<1000000000 ) r = r*10 + (*z - '0');
    z++;
    nD++;
  }
  if( *z || nL==0 || nD==0 || r<1 ) return -1;
  *piRow = r;
  *piCol = c;
  return 0;
}

/* Join a target to the folder zDir ("xl/", or "" for the root) unless it
** is absolute ("/xl/..."), resolving "." and ".." segments.  Returns the
** part name in x->pTmp, or NULL when it climbs above the root. */
static const char *xr_path(struct xr *x, const char *zDir, const char *zTarget){
  struct buf all = BUF_INIT, out = BUF_INIT;
  const char *z, *zRet = 0;
  size_t aMark[256];
  int nMark = 0;
  if( zTarget[0]=='/' ){
    buf_puts(&all, zTarget+1);
  }else{
    buf_puts(&all, zDir);
    buf_puts(&all, zTarget);
  }
  z = all.buf;
  while( *z ){
    const char *e = strchr(z, '/');
    size_t n = e ? (size_t)(e-z) : strlen(z);
    if( n==0 || (n==1 && z[0]=='.') ){
      /* skip */
    }else if( n==2 && z[0]=='.' && z[1]=='.' ){
      if( nMark==0 ) goto done;
      buf_truncate(&out, aMark[--nMark]);
    }else{
      if( nMark>=(int)COUNT(aMark) ) goto done;
      aMark[nMark++] = out.len;
      if( out.len ) buf_putc(&out, '/');
      buf_append(&out, z, n);
    }
    z += n;
    if( *z=='/' ) z++;
  }
  zRet = arena_strdup(x->pTmp, out.buf);
done:
  buf_release(&all);
  buf_release(&out);
  return zRet;
}

/* The folder part of a part name, with its slash ("xl/workbook.xml" ->
** "xl/"), in x->pTmp. */
static const char *xr_dir(struct xr *x, const char *zPart){
  const char *z = strrchr(zPart, '/');
  return z ? arena_strndup(x->pTmp, zPart, (size_t)(z-zPart+1)) : "";
}

/* True when the relationship type URI ends with "/zKind". */
static bool xr_type_is(const char *zType, const char *zKind){
  size_t n = strlen(zType), k = strlen(zKind);
  return n>k && zType[n-k-1]=='/' && strcmp(zType+n-k, zKind)==0;
}

bool xlsx_format_is_date(const char *zCode){
  const unsigned char *z = (const unsigned char*)zCode;
  while( *z ){
    int c = *z;
    if( c=='"' ){
      z++;
      while( *z && *z!='"' ) z++;
      if( *z ) z++;
      continue;
    }
    if( c=='[' ){
      while( *z && *z!=']' ) z++;
      if( *z ) z++;
      continue;
    }
    if( c=='\\' || c=='_' || c=='*' ){
      z++;                                /* the escape and what it escapes */
      if( *z ) z++;
      while( (*z & 0xC0)==0x80 ) z++;
      continue;
    }
    if( strchr("yYmMdDhHsS", c) && c ) return true;
    if( strncmp((const char*)z, "年", 3)==0 || strncmp((const char*)z, "月", 3)==0
     || strncmp((const char*)z, "日", 3)==0 ){
      return true;
    }
    z++;
  }
  return false;
}

/* True when the built-in number format id shows a date or time: the
** international ones (14-22, 45-47) and the ones Chinese Excel and WPS
** use without writing them out (27-36, 50-58). */
static bool xr_builtin_date(int id){
  return (id>=14 && id<=22) || (id>=45 && id<=47) || (id>=27 && id<=36)
      || (id>=50 && id<=58);
}

/* Decode OOXML's _xHHHH_ escapes (Excel writes control characters so) in
** b, in place. */
static void xr_unescape(struct buf *b){
  size_t i, j = 0;
  char *z = b->buf;
  if( strstr(z, "_x")==0 ) return;
  for(i=0; i<b->len; ){
    unsigned v = 0;
    int k;
    if( z[i]=='_' && i+6<b->len && z[i+1]=='x' && z[i+6]=='_' ){
      for(k=2; k<6; k++){
        int c = z[i+k];
        if( c>='0' && c<='9' ) v = v*16 + (unsigned)(c-'0');
        else if( (c|0x20)>='a' && (c|0x20)<='f' ) v = v*16 + (unsigned)((c|0x20)-'a'+10);
        else break;
      }
      if( k==6 && v!=0 && (v<0xD800 || v>0xDFFF) ){
        if( v<0x80 ){
          z[j++] = (char)v;
        }else if( v<0x800 ){
          z[j++] = (char)(0xC0 | (v>>6));
          z[j++] = (char)(0x80 | (v&0x3F));
        }else{
          z[j++] = (char)(0xE0 | (v>>12));
          z[j++] = (char)(0x80 | ((v>>6)&0x3F));
          z[j++] = (char)(0x80 | (v&0x3F));
        }
        i += 7;
        continue;
      }
    }
    z[j++] = z[i++];
  }
  b->len = j;
  z[j] = 0;
}

/* Check the gathered text against the cell limit; zWhat names where. */
static int xr_text_ok(struct xr *x, const char *zWhat){
  /* a byte is at most one character: count only long text */
  if( x->text.bOver || (x->text.len>SHEET_MAX_CHARS
                        && utf8_len_chars(x->text.buf, x->text.len)>SHEET_MAX_CHARS) ){
    xr_fail(x, "%s文本过长：超过%d个字符", zWhat, SHEET_MAX_CHARS);
    return -1;
  }
  return 0;
}

/* Turn the number text z into plain decimal (no exponent) in pOut and
** say whether a whole number of more than 15 digits lost its last digits
** (fewer significant digits written than it has).  Returns -1 when z is
** not a number. */
static int xr_number(const char *z, struct buf *pOut, bool *pbLost){
  const char *zInt, *zFrac = "";
  size_t nInt = 0, nFrac = 0, nSig, i;
  long exp = 0;
  bool bNeg = false, bExp = false;
  struct buf dig = BUF_INIT;
  long nPoint;                  /* digits before the decimal point */
  size_t iFirst;

  *pbLost = false;
  if( *z=='-' || *z=='+' ) bNeg = *z++=='-';
  zInt = z;
  while( *z>='0' && *z<='9' ){ z++; nInt++; }
  if( *z=='.' ){
    zFrac = ++z;
    while( *z>='0' && *z<='9' ){ z++; nFrac++; }
  }
  if( nInt+nFrac==0 ) return -1;
  if( *z=='e' || *z=='E' ){
    bool bNegE = false;
    int nE = 0;
    z++;
    if( *z=='-' || *z=='+' ) bNegE = *z++=='-';
    while( *z>='0' && *z<='9' ){
      if( ++nE>4 ) return -1;
      exp = exp*10 + (*z++ - '0');
    }
    if( nE==0 ) return -1;
    if( bNegE ) exp = -exp;
    bExp = true;
  }
  if( *z ) return -1;

  /* All digits, without leading zeros; nPoint counts those before '.'. */
  buf_append(&dig, zInt, nInt);
  buf_append(&dig, zFrac, nFrac);
  nPoint = (long)nInt + exp;
  for(iFirst=0; iFirst<dig.len && dig.buf[iFirst]=='0'; iFirst++) nPoint--;
  nSig = dig.len - iFirst;
  while( nSig>0 && dig.buf[iFirst+nSig-1]=='0' ) nSig--;
  if( nSig==0 ){
    buf_puts(pOut, "0");
    buf_release(&dig);
    return 0;
  }
  if( nPoint>15 && (long)nSig<nPoint ) *pbLost = true;
  if( !bExp || nPoint>40 || nPoint<-40 ){
    /* Plain already, or too far out to spell: keep the file's text. */
    if( bNeg ) buf_putc(pOut, '-');
    buf_append(pOut, zInt, (size_t)(z - zInt));
    buf_release(&dig);
    return 0;
  }
  if( bNeg ) buf_putc(pOut, '-');
  if( nPoint<=0 ){
    buf_puts(pOut, "0.");
    for(i=0; i<(size_t)-nPoint; i++) buf_putc(pOut, '0');
    buf_append(pOut, dig.buf+iFirst, nSig);
  }else{
    for(i=0; i<(size_t)nPoint; i++){
      buf_putc(pOut, i<nSig ? dig.buf[iFirst+i] : '0');
    }
    if( (size_t)nPoint<nSig ){
      buf_putc(pOut, '.');
      buf_append(pOut, dig.buf+iFirst+nPoint, nSig-(size_t)nPoint);
    }
  }
  buf_release(&dig);
  return 0;
}

/* ---- element handlers, one pair per part kind ---- */

/* _rels/.rels and the workbook's rels: collect Relationship elements. */
static void xr_rels_start(struct xr *x, const char *zName, const char **azAttr){
  const char *zId, *zTarget, *zType, *zMode;
  if( strcmp(zName, "Relationship")!=0 ) return;
  zId = xr_attr(azAttr, "Id");
  zTarget = xr_attr(azAttr, "Target");
  zType = xr_attr(azAttr, "Type");
  zMode = xr_attr(azAttr, "TargetMode");
  if( zId==0 || zTarget==0 || zType==0 ) return;
  if( zMode && strcmp(zMode, "External")==0 ) return;
  if( x->nRel>=XLSX_MAX_ENTRIES ){
    xr_fail(x, "不是有效的 xlsx 文件：%s 中的关系过多", x->zPart);
    return;
  }
  xr_grow(&x->aRel, x->nRel, &x->nRelAlloc, sizeof(x->aRel[0]));
  x->aRel[x->nRel].zId = arena_strdup(x->pTmp, zId);
  x->aRel[x->nRel].zTarget = arena_strdup(x->pTmp, zTarget);
  x->aRel[x->nRel].zType = arena_strdup(x->pTmp, zType);
  x->nRel++;
}

/* workbook.xml: sheets and the date system. */
static void xr_wb_start(struct xr *x, const char *zName, const char **azAttr){
  if( strcmp(zName, "workbookPr")==0 ){
    const char *z = xr_attr(azAttr, "date1904");
    x->b1904 = z && (strcmp(z, "1")==0 || strcmp(z, "true")==0);
  }else if( strcmp(zName, "sheets")==0 ){
    x->bInSheets = true;
  }else if( strcmp(zName, "sheet")==0 && x->bInSheets ){
    const char *zSName = xr_attr(azAttr, "name");
    const char *zRid = xr_attr(azAttr, "id");
    if( x->nSheet>=XLSX_MAX_SHEETS ){
      xr_fail(x, "工作簿中的工作表过多：超过%d个", XLSX_MAX_SHEETS);
      return;
    }
    xr_grow(&x->aSheet, x->nSheet, &x->nSheetAlloc, sizeof(x->aSheet[0]));
    x->aSheet[x->nSheet].zName = arena_strdup(x->pTmp, zSName ? zSName : "");
    x->aSheet[x->nSheet].zRid = arena_strdup(x->pTmp, zRid ? zRid : "");
    x->nSheet++;
  }
}

static void xr_wb_end(struct xr *x, const char *zName){
  if( strcmp(zName, "sheets")==0 ) x->bInSheets = false;
}

/* styles.xml: custom number formats and the cellXfs list. */
static void xr_styles_start(struct xr *x, const char *zName, const char **azAttr){
  if( strcmp(zName, "numFmts")==0 ){
    x->eStyleSect = 1;
  }else if( strcmp(zName, "cellXfs")==0 ){
    x->eStyleSect = 2;
  }else if( strcmp(zName, "numFmt")==0 && x->eStyleSect==1 ){
    const char *zId = xr_attr(azAttr, "numFmtId");
    const char *zCode = xr_attr(azAttr, "formatCode");
    i64 id;
    if( zId==0 || zCode==0 || str_to_i64(zId, 0, INT_MAX, &id) ) return;
    if( x->nFmt>=XLSX_MAX_STYLES ){
      xr_fail(x, "不是有效的 xlsx 文件：数字格式过多（超过%d个）", XLSX_MAX_STYLES);
      return;
    }
    xr_grow(&x->aFmt, x->nFmt, &x->nFmtAlloc, sizeof(x->aFmt[0]));
    x->aFmt[x->nFmt].id = (int)id;
    x->aFmt[x->nFmt].bDate = xlsx_format_is_date(zCode);
    x->nFmt++;
  }else if( strcmp(zName, "xf")==0 && x->eStyleSect==2 ){
    const char *zId = xr_attr(azAttr, "numFmtId");
    i64 id = 0;
    if( zId && str_to_i64(zId, 0, INT_MAX, &id) ) id = 0;
    if( x->nXf>=XLSX_MAX_STYLES ){
      xr_fail(x, "不是有效的 xlsx 文件：单元格样式过多（超过%d个）", XLSX_MAX_STYLES);
      return;
    }
    xr_grow(&x->aXfFmt, x->nXf, &x->nXfAlloc, sizeof(int));
    x->aXfFmt[x->nXf++] = (int)id;
  }
}

static void xr_styles_end(struct xr *x, const char *zName){
  if( strcmp(zName, "numFmts")==0 || strcmp(zName, "cellXfs")==0 ){
    x->eStyleSect = 0;
  }
}

/* sharedStrings.xml: <si> holds <t> or rich runs <r><t>; skip <rPh>. */
static void xr_sst_start(struct xr *x, const char *zName, const char **azAttr){
  (void)azAttr;
  if( strcmp(zName, "si")==0 ){
    x->bInSi = true;
    x->nRph = 0;
    buf_reset(&x->text);
  }else if( strcmp(zName, "rPh")==0 ){
    x->nRph++;
  }else if( strcmp(zName, "t")==0 && x->bInSi && x->nRph==0 ){
    x->bText = true;
  }
}

static void xr_sst_end(struct xr *x, const char *zName){
  if( strcmp(zName, "t")==0 ){
    x->bText = false;
  }else if( strcmp(zName, "rPh")==0 ){
    if( x->nRph>0 ) x->nRph--;
  }else if( strcmp(zName, "si")==0 && x->bInSi ){
    char zWhat[64];
    x->bInSi = false;
    if( x->text.bOver || x->text.len>SHEET_MAX_CHARS ){
      snprintf(zWhat, sizeof(zWhat), "第%zu个共享字符串", x->nSst+1);
      if( xr_text_ok(x, zWhat) ) return;
    }
    if( x->nSst>=XLSX_MAX_SST ){
      xr_fail(x, "共享字符串过多：超过%d个", XLSX_MAX_SST);
      return;
    }
    xr_unescape(&x->text);
    if( (u64)x->sst.len + x->text.len + 1 > UINT32_MAX ){
      xr_fail(x, "共享字符串过多：超过%u MB", (unsigned)(UINT32_MAX>>20));
      return;
    }
    if( x->nSst+1>=x->nSstAlloc ){
      x->nSstAlloc = x->nSstAlloc ? x->nSstAlloc*2 : 256;
      x->aiSst = xrealloc(x->aiSst, x->nSstAlloc*sizeof(x->aiSst[0]));
    }
    x->aiSst[x->nSst] = (u32)x->sst.len;
    buf_append(&x->sst, x->text.buf, x->text.len);
    buf_append(&x->sst, "", 1);
    x->aiSst[++x->nSst] = (u32)x->sst.len;
  }
}

/* The sheet: rows, cells, values, merges. */
static void xr_sheet_start(struct xr *x, const char *zName, const char **azAttr){
  if( strcmp(zName, "sheetData")==0 ){
    x->bInData = true;
  }else if( !x->bInData ){
    if( strcmp(zName, "mergeCell")==0 ){
      const char *zRef = xr_attr(azAttr, "ref"), *zColon;
      char zA[32];
      i64 r1, c1, r2, c2;
      size_t n;
      if( zRef==0 || (zColon = strchr(zRef, ':'))==0 ) return;
      n = (size_t)(zColon - zRef);
      if( n>=sizeof(zA) ) return;
      memcpy(zA, zRef, n);
      zA[n] = 0;
      if( xr_ref(zA, &r1, &c1) || xr_ref(zColon+1, &r2, &c2) ) return;
      if( r1>SHEET_MAX_ROWS || r2>SHEET_MAX_ROWS || c1>SHEET_MAX_COLS
       || c2>SHEET_MAX_COLS ){
        return;
      }
      if( x->nMerge>=SHEET_MAX_MERGES ){
        xr_fail(x, "合并单元格过多：超过%d处", SHEET_MAX_MERGES);
        return;
      }
      x->nMerge++;
      if( x->pStream->xMerge ){
        struct sheet_merge m;
        m.iRow1 = r1 < r2 ? (int)r1 : (int)r2;
        m.iRow2 = r1 < r2 ? (int)r2 : (int)r1;
        m.iCol1 = c1 < c2 ? (int)c1 : (int)c2;
        m.iCol2 = c1 < c2 ? (int)c2 : (int)c1;
        if( x->pStream->xMerge(x->pStream->pCtx, &m) ) xr_stop(x);
      }
    }
  }else if( strcmp(zName, "row")==0 ){
    const char *zR = xr_attr(azAttr, "r");
    i64 r = x->iRow + 1;
    if( zR ){
      if( str_to_i64(zR, 1, INT_MAX, &r) ){
        xr_fail(x, "不是有效的 xlsx 文件：行号“%s”无效", zR);
        return;
      }
    }
    if( r>SHEET_MAX_ROWS ){
      xr_fail(x, "工作表过大：超过%d行", SHEET_MAX_ROWS);
      return;
    }
    x->iRow = (int)r;
    x->iCol = 0;
  }else if( strcmp(zName, "c")==0 ){
    const char *zR = xr_attr(azAttr, "r");
    const char *zT = xr_attr(azAttr, "t");
    const char *zS = xr_attr(azAttr, "s");
    i64 r = x->iRow ? x->iRow : 1, c = (i64)x->iCol + 1, s = 0;
    if( zR && xr_ref(zR, &r, &c) ){
      xr_fail(x, "不是有效的 xlsx 文件：第%d行的单元格位置“%s”无效",
              x->iRow, zR);
      return;
    }
    if( r>SHEET_MAX_ROWS ){
      xr_fail(x, "工作表过大：超过%d行", SHEET_MAX_ROWS);
      return;
    }
    if( c>SHEET_MAX_COLS ){
      xr_fail(x, "工作表过大：超过%d列", SHEET_MAX_COLS);
      return;
    }
    x->iRow = (int)r;
    x->iCol = (int)c;
    if( zS==0 || str_to_i64(zS, 0, INT_MAX, &s) ) s = 0;
    x->iStyle = (int)s;
    if( zT==0 || strcmp(zT, "n")==0 ) x->eCellType = XT_N;
    else if( strcmp(zT, "s")==0 ) x->eCellType = XT_S;
    else if( strcmp(zT, "str")==0 ) x->eCellType = XT_STR;
    else if( strcmp(zT, "inlineStr")==0 ) x->eCellType = XT_INLINE;
    else if( strcmp(zT, "b")==0 ) x->eCellType = XT_B;
    else if( strcmp(zT, "e")==0 ) x->eCellType = XT_E;
    else if( strcmp(zT, "d")==0 ) x->eCellType = XT_D;
    else x->eCellType = XT_BAD;
    x->bInCell = true;
    x->bHaveV = x->bInIs = false;
    x->nRph = 0;
    buf_reset(&x->text);
  }else if( !x->bInCell ){
    return;
  }else if( strcmp(zName, "v")==0 ){
    if( x->eCellType!=XT_INLINE ){
      buf_reset(&x->text);
      x->bText = true;
      x->bHaveV = true;
    }
  }else if( strcmp(zName, "is")==0 ){
    x->bInIs = true;
    buf_reset(&x->text);
  }else if( strcmp(zName, "rPh")==0 ){
    x->nRph++;
  }else if( strcmp(zName, "t")==0 && x->bInIs && x->nRph==0 ){
    x->bText = true;
  }
}

/* Add a cell of type eType with text z (n bytes) at the current position
** to the row being gathered, handing the row before to the stream when
** this cell is in another one.  Returns the cell, or NULL when the stream
** stopped the read. */
static struct sheet_cell *xr_add(struct xr *x, int eType, const char *z,
                                 size_t n){
  if( x->rb.nCell && x->rb.iRow!=x->iRow
   && sheet_rowbuf_flush(&x->rb, x->pStream) ){
    xr_stop(x);
    return 0;
  }
  return sheet_rowbuf_add(&x->rb, x->iRow, x->iCol, eType, z, n);
}

/* Finish the cell the sheet parser just closed: type it and add it. */
static void xr_cell_done(struct xr *x){
  struct sheet_cell *c = 0;
  char zWhere[80], zIso[24];
  const char *z;

  /* the place is written out only for a message */
  if( (x->text.bOver || x->text.len>SHEET_MAX_CHARS)
   && xr_text_ok(x, xr_where(x->iRow, x->iCol, zWhere)) ){
    return;
  }
  z = x->text.buf;
  switch( x->eCellType ){
    case XT_S: {
      i64 i;
      if( !x->bHaveV || x->text.len==0 ) return;
      if( str_to_i64(z, 0, (i64)x->nSst-1, &i) ){
        xr_fail(x, "%s共享字符串编号“%s”无效", xr_where(x->iRow, x->iCol, zWhere), z);
        return;
      }
      if( x->aiSst[i+1]-x->aiSst[i]<=1 ) return;
      c = xr_add(x, SHEET_STRING, x->sst.buf + x->aiSst[i],
                 x->aiSst[i+1]-x->aiSst[i]-1);
      break;
    }
    case XT_INLINE:
    case XT_STR:
      xr_unescape(&x->text);
      if( x->text.len==0 ) return;
      c = xr_add(x, SHEET_STRING, z, x->text.len);
      break;
    case XT_B:
      if( !x->bHaveV || x->text.len==0 ) return;
      if( strcmp(z, "1")!=0 && strcmp(z, "0")!=0
       && strcmp(z, "true")!=0 && strcmp(z, "false")!=0 ){
        xr_fail(x, "%s布尔值“%s”无效", xr_where(x->iRow, x->iCol, zWhere), z);
        return;
      }
      z = (z[0]=='1' || z[0]=='t') ? "TRUE" : "FALSE";
      c = xr_add(x, SHEET_BOOL, z, strlen(z));
      break;
    case XT_E:
      if( x->text.len==0 ) return;
      c = xr_add(x, SHEET_ERROR, z, x->text.len);
      break;
    case XT_D: {
      int day;
      char zDay[11];
      if( x->text.len==0 ) return;
      if( x->text.len<10 ) goto bad_date;
      memcpy(zDay, z, 10);
      zDay[10] = 0;
      if( date_parse(zDay, &day) ) goto bad_date;
      if( x->text.len>=19 && z[10]=='T' && strncmp(z+10, "T00:00:00", 9)!=0 ){
        snprintf(zIso, sizeof(zIso), "%s %.8s", zDay, z+11);
      }else{
        snprintf(zIso, sizeof(zIso), "%s", zDay);
      }
      c = xr_add(x, SHEET_DATE, zIso, strlen(zIso));
      if( c ) sheet_rowbuf_num(&x->rb, z, x->text.len);
      break;
    bad_date:
      xr_fail(x, "%s日期“%s”无效", xr_where(x->iRow, x->iCol, zWhere), z);
      return;
    }
    case XT_N: {
      struct buf num = BUF_INIT;
      bool bLost;
      if( !x->bHaveV || x->text.len==0 ) return;
      if( xr_number(z, &num, &bLost) ){
        buf_release(&num);
        xr_fail(x, "%s数值“%s”无效", xr_where(x->iRow, x->iCol, zWhere), z);
        return;
      }
      if( x->iStyle>=0 && x->iStyle<x->nXf && x->aXfDate[x->iStyle]
       && sheet_serial_to_iso(strtod(z, 0), x->b1904, zIso)==0 ){
        c = xr_add(x, SHEET_DATE, zIso, strlen(zIso));
      }else{
        c = xr_add(x, SHEET_NUMBER, num.buf, num.len);
        if( c ) c->bPrecisionLost = bLost;
      }
      buf_release(&num);
      if( c ) sheet_rowbuf_num(&x->rb, z, x->text.len);
      break;
    }
    default:
      xr_fail(x, "%s单元格类型无效", xr_where(x->iRow, x->iCol, zWhere));
      return;
  }
  (void)c;                   /* NULL: the stream stopped the read */
}

static void xr_sheet_end(struct xr *x, const char *zName){
  if( strcmp(zName, "sheetData")==0 ){
    x->bInData = false;
    if( sheet_rowbuf_flush(&x->rb, x->pStream) ) xr_stop(x);
  }else if( !x->bInData ){
    return;
  }else if( strcmp(zName, "row")==0 ){
    if( sheet_rowbuf_flush(&x->rb, x->pStream) ) xr_stop(x);
  }else if( strcmp(zName, "c")==0 ){
    x->bText = false;
    if( x->bInCell ) xr_cell_done(x);
    x->bInCell = false;
  }else if( strcmp(zName, "v")==0 || strcmp(zName, "t")==0 ){
    x->bText = false;
  }else if( strcmp(zName, "is")==0 ){
    x->bInIs = false;
  }else if( strcmp(zName, "rPh")==0 ){
    if( x->nRph>0 ) x->nRph--;
  }
}

/* ---- expat callbacks ---- */

static void XMLCALL xr_start(void *pCtx, const XML_Char *zName,
                             const XML_Char **azAttr){
  struct xr *x = pCtx;
  const char *zLocal = xr_local(zName);
  if( x->rc ) return;
  if( ++x->depth>XLSX_MAX_DEPTH ){
    xr_fail(x, "不是有效的 xlsx 文件：%s 的 XML 嵌套超过%d层", x->zPart,
            XLSX_MAX_DEPTH);
    return;
  }
  switch( x->eKind ){
    case XP_ROOTRELS:
    case XP_RELS:     xr_rels_start(x, zLocal, azAttr); break;
    case XP_WORKBOOK: xr_wb_start(x, zLocal, azAttr); break;
    case XP_STYLES:   xr_styles_start(x, zLocal, azAttr); break;
    case XP_SST:      xr_sst_start(x, zLocal, azAttr); break;
    case XP_SHEET:    xr_sheet_start(x, zLocal, azAttr); break;
  }
}

static void XMLCALL xr_end(void *pCtx, const XML_Char *zName){
  struct xr *x = pCtx;
  const char *zLocal = xr_local(zName);
  if( x->rc ) return;
  x->depth--;
  switch( x->eKind ){
    case XP_WORKBOOK: xr_wb_end(x, zLocal); break;
    case XP_STYLES:   xr_styles_end(x, zLocal); break;
    case XP_SST:      xr_sst_end(x, zLocal); break;
    case XP_SHEET:    xr_sheet_end(x, zLocal); break;
    default: break;
  }
}

static void XMLCALL xr_chars(void *pCtx, const XML_Char *z, int n){
  struct xr *x = pCtx;
  if( x->rc || !x->bText || n<=0 ) return;
  buf_append(&x->text, z, (size_t)n);   /* x->text is capped; checked later */
}

static void XMLCALL xr_entity(void *pCtx, const XML_Char *zName, int bParam,
                              const XML_Char *zValue, int nValue,
                              const XML_Char *zBase, const XML_Char *zSystemId,
                              const XML_Char *zPublicId,
                              const XML_Char *zNotation){
  struct xr *x = pCtx;
  (void)zName; (void)bParam; (void)zValue; (void)nValue; (void)zBase;
  (void)zSystemId; (void)zPublicId; (void)zNotation;
  xr_fail(x, "不是有效的 xlsx 文件：%s 含有 DTD 实体声明，已拒绝", x->zPart);
}

static void XMLCALL xr_doctype(void *pCtx, const XML_Char *zName,
                               const XML_Char *zSysId, const XML_Char *zPubId,
                               int bInternal){
  struct xr *x = pCtx;
  (void)zName; (void)zSysId; (void)zPubId; (void)bInternal;
  xr_fail(x, "不是有效的 xlsx 文件：%s 含有 DTD 声明，已拒绝", x->zPart);
}

/* Stream part zPart through expat with the handlers of eKind.  Returns 0,
** 1 when the part does not exist (no message), or -1 with a message. */
static int xr_parse(struct xr *x, const char *zPart, int eKind){
  zip_int64_t idx;
  zip_stat_t st;
  zip_file_t *pFile = 0;
  XML_Parser p = 0;
  char *aChunk = 0;
  u64 nTotal = 0;
  bool bDone = false;

  if( x->rc ) return -1;
  idx = zip_name_locate(x->pZip, zPart, 0);
  if( idx<0 ) return 1;
  x->zPart = zPart;
  zip_stat_init(&st);
  if( zip_stat_index(x->pZip, (zip_uint64_t)idx, 0, &st) ){
    xr_fail(x, "不是有效的 xlsx 文件：无法读取 %s", zPart);
    return -1;
  }
  if( (st.valid & ZIP_STAT_SIZE) && st.size>XLSX_MAX_PART ){
    xr_fail(x, "文件疑似压缩炸弹：%s 解压后过大", zPart);
    return -1;
  }
  if( (st.valid & ZIP_STAT_SIZE) && (st.valid & ZIP_STAT_COMP_SIZE)
   && st.size>XLSX_RATIO_FLOOR
   && st.size/(st.comp_size ? st.comp_size : 1)>XLSX_MAX_RATIO ){
    xr_fail(x, "文件疑似压缩炸弹：%s 压缩比过高", zPart);
    return -1;
  }
  pFile = zip_fopen_index(x->pZip, (zip_uint64_t)idx, 0);
  if( pFile==0 ){
    xr_fail(x, "不是有效的 xlsx 文件：无法读取 %s（%s）", zPart,
            zip_strerror(x->pZip));
    return -1;
  }
  p = XML_ParserCreate(NULL);
  if( p==0 ) fatal("out of memory");
  XML_SetUserData(p, x);
  XML_SetElementHandler(p, xr_start, xr_end);
  XML_SetCharacterDataHandler(p, xr_chars);
  XML_SetStartDoctypeDeclHandler(p, xr_doctype);   /* xlsx has no DTD */
  XML_SetEntityDeclHandler(p, xr_entity);           /* and never entities */
  XML_SetParamEntityParsing(p, XML_PARAM_ENTITY_PARSING_NEVER);
  x->pParser = p;
  x->eKind = eKind;
  x->depth = 0;
  x->bText = false;
  buf_reset(&x->text);
  aChunk = xmalloc(XR_CHUNK);

  while( !bDone && x->rc==0 ){
    zip_int64_t n = zip_fread(pFile, aChunk, XR_CHUNK);
    if( n<0 ){
      xr_fail(x, "不是有效的 xlsx 文件：%s 已损坏（%s）", zPart,
              zip_file_strerror(pFile));
      break;
    }
    nTotal += (u64)n;
    if( nTotal>XLSX_MAX_PART
     || ((st.valid & ZIP_STAT_SIZE) && nTotal>st.size) ){
      xr_fail(x, "文件疑似压缩炸弹：%s 解压后过大", zPart);
      break;
    }
    bDone = n==0;
    if( XML_Parse(p, aChunk, (int)n, bDone)==XML_STATUS_ERROR ){
      if( x->rc==0 ){
        xr_fail(x, "不是有效的 xlsx 文件：%s 第%lu行 XML 格式错误（%s）", zPart,
                (unsigned long)XML_GetCurrentLineNumber(p),
                XML_ErrorString(XML_GetErrorCode(p)));
      }
      break;
    }
  }
  free(aChunk);
  x->pParser = 0;
  XML_ParserFree(p);
  zip_fclose(pFile);
  return x->rc ? -1 : 0;
}

/* The relationship with id zId, or NULL. */
static const struct xr_rel *xr_rel_by_id(struct xr *x, const char *zId){
  int i;
  for(i=0; i<x->nRel; i++){
    if( strcmp(x->aRel[i].zId, zId)==0 ) return &x->aRel[i];
  }
  return 0;
}

/* The first relationship of type kind, or NULL. */
static const struct xr_rel *xr_rel_by_type(struct xr *x, const char *zKind){
  int i;
  for(i=0; i<x->nRel; i++){
    if( xr_type_is(x->aRel[i].zType, zKind) ) return &x->aRel[i];
  }
  return 0;
}

/* With x->pZip open: check the entries and read the package rels,
** workbook.xml and the workbook's rels.  Returns 0 or -1 with a message. */
static int xr_open_parts(struct xr *x){
  zip_int64_t nEntry;
  const struct xr_rel *pRel;
  char *zRels;
  int rc;

  nEntry = zip_get_num_entries(x->pZip, 0);
  if( nEntry>XLSX_MAX_ENTRIES ){
    xr_fail(x, "不是有效的 xlsx 文件：压缩包内文件过多（超过%d个）",
            XLSX_MAX_ENTRIES);
    return -1;
  }

  /* The package rels name the workbook; fall back to the usual place. */
  x->zWorkbook = "xl/workbook.xml";
  rc = xr_parse(x, "_rels/.rels", XP_ROOTRELS);
  if( rc<0 ) return -1;
  pRel = xr_rel_by_type(x, "officeDocument");
  if( pRel ){
    const char *z = xr_path(x, "", pRel->zTarget);
    if( z && zip_name_locate(x->pZip, z, 0)>=0 ) x->zWorkbook = z;
  }
  x->nRel = 0;
  rc = xr_parse(x, x->zWorkbook, XP_WORKBOOK);
  if( rc<0 ) return -1;
  if( rc>0 ){
    xr_fail(x, "不是有效的 xlsx 文件：缺少 %s", x->zWorkbook);
    return -1;
  }
  if( x->nSheet==0 ){
    xr_fail(x, "工作簿中没有工作表");
    return -1;
  }
  zRels = arena_printf(x->pTmp, "%s_rels/%s.rels", xr_dir(x, x->zWorkbook),
                       x->zWorkbook + strlen(xr_dir(x, x->zWorkbook)));
  rc = xr_parse(x, zRels, XP_RELS);
  if( rc<0 ) return -1;
  if( rc>0 ){
    xr_fail(x, "不是有效的 xlsx 文件：缺少 %s", zRels);
    return -1;
  }
  return 0;
}

/* Check the size and the first bytes (p, at least 8 of them when n>=8)
** of a workbook of n bytes.  Returns 0 or -1 with a message. */
static int xr_check_head(struct xr *x, const void *p, u64 n){
  if( n==0 ){
    xr_fail(x, "不是有效的 xlsx 文件：文件为空");
    return -1;
  }
  if( n>XLSX_MAX_FILE ){
    xr_fail(x, "文件过大：超过%u MB", XLSX_MAX_FILE/(1024*1024));
    return -1;
  }
  if( n>=8 && memcmp(p, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8)==0 ){
    xr_fail(x, "这是旧版 Excel（.xls）或加密的文件，请在 Excel 或 WPS 中另存为"
            " .xlsx 后再上传");
    return -1;
  }
  return 0;
}

/* Open the zip in memory (p, n bytes, used in place) and read the package
** rels, workbook.xml and the workbook's rels.  Returns 0 or -1 with a
** message. */
static int xr_open(struct xr *x, const void *p, size_t n){
  zip_error_t ze;
  zip_source_t *pSrc;

  if( xr_check_head(x, p, n) ) return -1;
  zip_error_init(&ze);
  pSrc = zip_source_buffer_create(p, n, 0, &ze);
  if( pSrc==0 ) fatal("zip_source_buffer_create: %s", zip_error_strerror(&ze));
  x->pZip = zip_open_from_source(pSrc, ZIP_RDONLY, &ze);
  if( x->pZip==0 ){
    zip_source_free(pSrc);
    xr_fail(x, "不是有效的 xlsx 文件：不是 zip 压缩包或已损坏");
    zip_error_fini(&ze);
    return -1;
  }
  zip_error_fini(&ze);
  return xr_open_parts(x);
}

/* As xr_open(), for the workbook in the file zPath, which libzip reads in
** place as the parts are streamed (nothing is read whole). */
static int xr_open_file(struct xr *x, const char *zPath){
  struct stat st;
  char aHead[8];
  size_t nHead;
  int ze = 0;
  FILE *f = fopen(zPath, "rb");
  if( f==0 ){
    xr_fail(x, "无法打开文件“%s”：%s", zPath, strerror(errno));
    return -1;
  }
  if( fstat(fileno(f), &st) || !S_ISREG(st.st_mode) ){
    fclose(f);
    xr_fail(x, "无法读取文件“%s”", zPath);
    return -1;
  }
  nHead = fread(aHead, 1, sizeof(aHead), f);
  fclose(f);
  if( nHead<sizeof(aHead) && (u64)st.st_size>=sizeof(aHead) ){
    xr_fail(x, "无法读取文件“%s”", zPath);
    return -1;
  }
  if( xr_check_head(x, aHead, (u64)st.st_size) ) return -1;
  x->pZip = zip_open(zPath, ZIP_RDONLY, &ze);
  if( x->pZip==0 ){
    xr_fail(x, "不是有效的 xlsx 文件：不是 zip 压缩包或已损坏");
    return -1;
  }
  return xr_open_parts(x);
}

/* Free what a read holds. */
static void xr_close(struct xr *x){
  if( x->pZip ) zip_discard(x->pZip);
  free(x->aSheet);
  free(x->aRel);
  free(x->aFmt);
  free(x->aXfFmt);
  free(x->aXfDate);
  free(x->aiSst);
  buf_release(&x->sst);
  buf_release(&x->text);
  sheet_rowbuf_release(&x->rb);
  arena_free(x->pTmp);
}

/* Start a read that reports to pErr and streams to s. */
static void xr_init(struct xr *x, const struct sheet_stream *s,
                    struct buf *pErr){
  memset(x, 0, sizeof(*x));
  x->pErr = pErr;
  x->pStream = s;
  x->pTmp = arena_new();
  buf_init_max(&x->text, XR_MAX_TEXT);
  buf_init(&x->sst);
  sheet_rowbuf_init(&x->rb);
}

/* Resolve each cellXfs entry's number format to date or not. */
static void xr_styles_resolve(struct xr *x){
  int i, j;
  x->aXfDate = xcalloc((size_t)x->nXf + 1, sizeof(bool));
  for(i=0; i<x->nXf; i++){
    int id = x->aXfFmt[i];
    bool bDate = xr_builtin_date(id), bFound = false;
    for(j=x->nFmt-1; j>=0 && !bFound; j--){
      if( x->aFmt[j].id==id ){
        bDate = x->aFmt[j].bDate;
        bFound = true;
      }
    }
    x->aXfDate[i] = bDate;
  }
}

/* With the workbook open: read styles, shared strings, then stream sheet
** iSheet.  Returns 0 or -1 (with a message unless a callback stopped). */
static int xr_stream_sheet(struct xr *x, int iSheet){
  const struct xr_rel *pRel;
  const char *zDir, *zPart;
  int rc;

  if( iSheet<0 || iSheet>=x->nSheet ){
    xr_fail(x, "工作簿中没有第%d个工作表（共%d个）", iSheet+1, x->nSheet);
    return -1;
  }
  zDir = xr_dir(x, x->zWorkbook);

  /* Styles: which cell styles show dates. */
  pRel = xr_rel_by_type(x, "styles");
  zPart = pRel ? xr_path(x, zDir, pRel->zTarget)
               : arena_printf(x->pTmp, "%sstyles.xml", zDir);
  if( zPart && xr_parse(x, zPart, XP_STYLES)<0 ) return -1;
  xr_styles_resolve(x);

  /* Shared strings. */
  pRel = xr_rel_by_type(x, "sharedStrings");
  zPart = pRel ? xr_path(x, zDir, pRel->zTarget)
               : arena_printf(x->pTmp, "%ssharedStrings.xml", zDir);
  if( zPart && xr_parse(x, zPart, XP_SST)<0 ) return -1;

  /* The sheet itself. */
  pRel = xr_rel_by_id(x, x->aSheet[iSheet].zRid);
  if( pRel==0 ){
    xr_fail(x, "不是有效的 xlsx 文件：找不到工作表“%s”的数据",
            x->aSheet[iSheet].zName);
    return -1;
  }
  if( !xr_type_is(pRel->zType, "worksheet") ){
    xr_fail(x, "工作表“%s”不是数据表（可能是图表）", x->aSheet[iSheet].zName);
    return -1;
  }
  zPart = xr_path(x, zDir, pRel->zTarget);
  if( zPart==0 ){
    xr_fail(x, "不是有效的 xlsx 文件：工作表路径“%s”无效", pRel->zTarget);
    return -1;
  }
  if( zip_name_locate(x->pZip, zPart, 0)<0 ){
    xr_fail(x, "不是有效的 xlsx 文件：缺少 %s", zPart);
    return -1;
  }
  if( x->pStream->xName
   && x->pStream->xName(x->pStream->pCtx, x->aSheet[iSheet].zName) ){
    x->rc = -1;
    return -1;
  }
  rc = xr_parse(x, zPart, XP_SHEET);
  if( rc==0 && sheet_rowbuf_flush(&x->rb, x->pStream) ) x->rc = -1;
  return x->rc;
}

int xlsx_stream_mem(const void *p, size_t n, int iSheet,
                    const struct sheet_stream *s, struct buf *pErr){
  struct xr x;
  int rc;
  xr_init(&x, s, pErr);
  if( xr_open(&x, p, n)==0 ) xr_stream_sheet(&x, iSheet);
  rc = x.rc;
  xr_close(&x);
  return rc;
}

int xlsx_stream_file(const char *zPath, int iSheet,
                     const struct sheet_stream *s, struct buf *pErr){
  struct xr x;
  int rc;
  xr_init(&x, s, pErr);
  if( xr_open_file(&x, zPath)==0 ) xr_stream_sheet(&x, iSheet);
  rc = x.rc;
  xr_close(&x);
  return rc;
}

int xlsx_read_mem(const void *p, size_t n, int iSheet, struct sheet **ppOut,
                  struct buf *pErr){
  struct sheet *sh = sheet_new();
  struct sheet_stream s;
  *ppOut = 0;
  sheet_stream_into(sh, pErr, &s);
  if( xlsx_stream_mem(p, n, iSheet, &s, pErr) ){
    sheet_free(sh);
    return -1;
  }
  sheet_finish(sh);
  *ppOut = sh;
  return 0;
}

int xlsx_read_file(const char *zPath, int iSheet, struct sheet **ppOut,
                   struct buf *pErr){
  struct sheet *sh = sheet_new();
  struct sheet_stream s;
  *ppOut = 0;
  sheet_stream_into(sh, pErr, &s);
  if( xlsx_stream_file(zPath, iSheet, &s, pErr) ){
    sheet_free(sh);
    return -1;
  }
  sheet_finish(sh);
  *ppOut = sh;
  return 0;
}

/* The sheet names of the open workbook x into pArena. */
static void xr_names(struct xr *x, struct arena *pArena,
                     const char ***pazName, int *pnName){
  const char **az = arena_alloc(pArena, (size_t)x->nSheet*sizeof(az[0]));
  int i;
  for(i=0; i<x->nSheet; i++) az[i] = arena_strdup(pArena, x->aSheet[i].zName);
  *pazName = az;
  *pnName = x->nSheet;
}

/* Stream callbacks for reads that only open the workbook. */
static const struct sheet_stream xr_no_stream;

int xlsx_sheet_names_mem(const void *p, size_t n, struct arena *pArena,
                         const char ***pazName, int *pnName,
                         struct buf *pErr){
  struct xr x;
  int rc;
  *pazName = 0;
  *pnName = 0;
  xr_init(&x, &xr_no_stream, pErr);
  if( xr_open(&x, p, n)==0 ) xr_names(&x, pArena, pazName, pnName);
  rc = x.rc;
  xr_close(&x);
  return rc;
}

int xlsx_sheet_names_file(const char *zPath, struct arena *pArena,
                          const char ***pazName, int *pnName,
                          struct buf *pErr){
  struct xr x;
  int rc;
  *pazName = 0;
  *pnName = 0;
  xr_init(&x, &xr_no_stream, pErr);
  if( xr_open_file(&x, zPath)==0 ) xr_names(&x, pArena, pazName, pnName);
  rc = x.rc;
  xr_close(&x);
  return rc;
}
