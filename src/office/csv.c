/*
** csv.c -- CSV reader and writer.
*/
#include "../common.h"
#include "csv.h"
#include "sheet.h"
#include "../base/buf.h"
#include "../base/utf8.h"
#include "../base/util.h"
#include <iconv.h>

/* Convert n bytes of GB18030 at p to UTF-8 in heap memory the caller
** frees (*pnOut bytes plus a NUL).  Returns NULL, with the 1-based line of
** the first bad byte in *piLine, when p is not GB18030. */
static char *csv_from_gb18030(const char *p, size_t n, size_t *pnOut,
                              int *piLine){
  iconv_t cd = iconv_open("UTF-8", "GB18030");
  size_t nAlloc = n*2 + 16, nIn = n, nLeft;
  char *zOut, *pIn = (char*)p, *pOut;
  if( cd==(iconv_t)-1 ) fatal("iconv_open(UTF-8, GB18030): %s", strerror(errno));
  zOut = xmalloc(nAlloc);
  pOut = zOut;
  nLeft = nAlloc - 1;
  while( nIn>0 ){
    if( iconv(cd, &pIn, &nIn, &pOut, &nLeft)==(size_t)-1 ){
      if( errno==E2BIG ){
        size_t nUsed = (size_t)(pOut - zOut);
        nAlloc *= 2;
        zOut = xrealloc(zOut, nAlloc);
        pOut = zOut + nUsed;
        nLeft = nAlloc - 1 - nUsed;
        continue;
      }
      {
        const char *q;
        int line = 1;
        for(q=p; q<pIn; q++) if( *q=='\n' ) line++;
        *piLine = line;
      }
      free(zOut);
      iconv_close(cd);
      return 0;
    }
  }
  iconv_close(cd);
  *pOut = 0;
  *pnOut = (size_t)(pOut - zOut);
  return zOut;
}

/* Check field text z (n bytes, not empty) of record iRow against the
** limits and add it to the row.  Returns 0, or -1 with a message. */
static int csv_field(struct sheet_rowbuf *rb, int iRow, int iCol,
                     const char *z, size_t n, bool bOver, struct buf *pErr){
  char zCol[8];
  if( iCol>SHEET_MAX_COLS ){
    buf_appendf(pErr, "第%d行：列数过多，超过%d列", iRow, SHEET_MAX_COLS);
    return -1;
  }
  /* a byte is at most one character: count only long fields */
  if( bOver || (n>SHEET_MAX_CHARS && utf8_len_chars(z, n)>SHEET_MAX_CHARS) ){
    buf_appendf(pErr, "第%d行第%d列（%s%d）：文本过长，超过%d个字符", iRow, iCol,
                sheet_col_name(iCol, zCol), iRow, SHEET_MAX_CHARS);
    return -1;
  }
  sheet_rowbuf_add(rb, iRow, iCol, SHEET_STRING, z, n);
  return 0;
}

int csv_stream(const void *pIn, size_t nIn, const struct sheet_stream *s,
               struct buf *pErr){
  const char *z = pIn;
  char *zConv = 0;
  size_t n = nIn, i = 0;
  struct sheet_rowbuf rb;
  struct buf f;
  int iRow = 1, iCol = 1, rc = -1;

  sheet_rowbuf_init(&rb);
  buf_init_max(&f, 4*SHEET_MAX_CHARS + 16);
  if( n>CSV_MAX_BYTES ){
    buf_appendf(pErr, "文件过大：超过%u MB", CSV_MAX_BYTES/(1024*1024));
    goto done;
  }
  if( n>=2 && ((z[0]=='\xFF' && z[1]=='\xFE') || (z[0]=='\xFE' && z[1]=='\xFF')) ){
    buf_appendf(pErr, "不支持 UTF-16 编码的文件，请另存为“CSV UTF-8（逗号分隔）”"
                "后再上传");
    goto done;
  }
  if( n>=3 && memcmp(z, "\xEF\xBB\xBF", 3)==0 ){
    size_t bad;
    z += 3;
    n -= 3;
    bad = utf8_check(z, n);
    if( bad<n ){
      int line = 1;
      size_t k;
      for(k=0; k<bad; k++) if( z[k]=='\n' ) line++;
      buf_appendf(pErr, "第%d行：文件标明是 UTF-8 编码，但含有无效的字节", line);
      goto done;
    }
  }else if( !utf8_valid(z, n) ){
    int line = 0;
    size_t nConv = 0;
    zConv = csv_from_gb18030(z, n, &nConv, &line);
    if( zConv==0 ){
      buf_appendf(pErr, "第%d行：文件既不是 UTF-8 也不是 GB18030 编码，"
                  "请另存为“CSV UTF-8（逗号分隔）”后再上传", line);
      goto done;
    }
    z = zConv;
    n = nConv;
  }
  if( memchr(z, 0, n) ){
    int line = 1;
    const char *q, *zNul = memchr(z, 0, n);
    for(q=z; q<zNul; q++) if( *q=='\n' ) line++;
    buf_appendf(pErr, "第%d行：含有空字符（NUL），不是文本文件", line);
    goto done;
  }
  if( s->xName && s->xName(s->pCtx, "") ) goto done;

  while( i<n ){
    /* One field, starting at z[i]. */
    if( z[i]=='"' ){
      buf_reset(&f);
      i++;
      for(;;){
        const char *q;
        size_t k;
        if( i>=n ){
          buf_appendf(pErr, "第%d行：引号没有闭合", iRow);
          goto done;
        }
        q = memchr(z+i, '"', n-i);
        k = q ? (size_t)(q - (z+i)) : n-i;
        buf_append(&f, z+i, k);               /* capped; checked later */
        i += k;
        if( i>=n ) continue;
        i++;                                  /* the quote */
        if( i<n && z[i]=='"' ){
          buf_putc(&f, '"');
          i++;
          continue;
        }
        break;
      }
      if( i<n && z[i]!=',' && z[i]!='\r' && z[i]!='\n' ){
        size_t k = i;                         /* text after the quote */
        while( k<n && z[k]!=',' && z[k]!='\r' && z[k]!='\n' ) k++;
        buf_append(&f, z+i, k-i);
        i = k;
      }
      if( f.len || f.bOver ){
        if( csv_field(&rb, iRow, iCol, f.buf, f.len, f.bOver, pErr) ) goto done;
      }
    }else{
      /* Unquoted: the cell's text is the input itself. */
      size_t k = i;
      while( k<n && z[k]!=',' && z[k]!='\r' && z[k]!='\n' ) k++;
      if( k>i && csv_field(&rb, iRow, iCol, z+i, k-i, false, pErr) ) goto done;
      i = k;
    }
    if( i>=n ) break;
    if( z[i]==',' ){
      i++;
      iCol++;
      if( i>=n ){                             /* "a," at the very end */
        break;
      }
      continue;
    }
    /* A line break ends the record. */
    if( sheet_rowbuf_flush(&rb, s) ) goto done;
    if( z[i]=='\r' && i+1<n && z[i+1]=='\n' ) i++;
    i++;
    if( i<n ){
      if( iRow>=SHEET_MAX_ROWS ){
        buf_appendf(pErr, "文件过大：超过%d行", SHEET_MAX_ROWS);
        goto done;
      }
      iRow++;
      iCol = 1;
    }
  }
  if( sheet_rowbuf_flush(&rb, s) ) goto done;
  rc = 0;

done:
  free(zConv);
  buf_release(&f);
  sheet_rowbuf_release(&rb);
  return rc;
}

int csv_read(const void *pIn, size_t nIn, struct sheet **ppOut,
             struct buf *pErr){
  struct sheet *sh = sheet_new();
  struct sheet_stream s;
  *ppOut = 0;
  sheet_stream_into(sh, pErr, &s);
  if( csv_stream(pIn, nIn, &s, pErr) ){
    sheet_free(sh);
    return -1;
  }
  sheet_finish(sh);
  *ppOut = sh;
  return 0;
}

int csv_write_row(struct buf *b, const char *const *azField, int n){
  int i, rc = 0;
  for(i=0; i<n; i++){
    const char *z = azField[i] ? azField[i] : "";
    if( i>0 ) rc |= buf_putc(b, ',');
    if( z[strcspn(z, ",\"\r\n")]==0 ){
      rc |= buf_puts(b, z);
    }else{
      rc |= buf_putc(b, '"');
      while( *z ){
        size_t k = strcspn(z, "\"");
        rc |= buf_append(b, z, k);
        z += k;
        if( *z=='"' ){
          rc |= buf_append(b, "\"\"", 2);
          z++;
        }
      }
      rc |= buf_putc(b, '"');
    }
  }
  rc |= buf_append(b, "\r\n", 2);
  return rc ? -1 : 0;
}

int csv_bom(struct buf *b){
  return buf_append(b, "\xEF\xBB\xBF", 3);
}
