/*
** docfile.c -- a document written as DOCX or PDF into memory (docfile.h).
*/
#include "../common.h"
#include <errno.h>
#include <sys/stat.h>
#include <unistd.h>
#include "../base/buf.h"
#include "../base/fmt.h"
#include "docfile.h"
#include "docx.h"
#include "pdf.h"

int doc_file_bytes(const struct doc *d, bool bPdf, const char *zTmpDir, struct buf *pOut,
                   struct buf *pErr){
  char *zTmp;
  int fd, rc = -1;
  mkdir(zTmpDir, 0700);
  zTmp = fmt_dup("%s/doc-XXXXXX", zTmpDir);
  fd = mkstemp(zTmp);
  if( fd<0 ){
    buf_appendf(pErr, "无法创建临时文件：%s", strerror(errno));
  }else{
    FILE *f;
    close(fd);
    rc = bPdf ? pdf_write(d, zTmp, pErr) : docx_write(d, zTmp, pErr);
    if( rc==0 && (f = fopen(zTmp, "rb"))!=0 ){
      char chunk[65536];
      size_t k;
      while( (k = fread(chunk, 1, sizeof(chunk), f))>0 ) buf_append(pOut, chunk, k);
      fclose(f);
    }else if( rc==0 ){
      buf_appendf(pErr, "无法读取生成的文件：%s", strerror(errno));
      rc = -1;
    }
    unlink(zTmp);
  }
  free(zTmp);
  return rc;
}
