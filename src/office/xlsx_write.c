/*
** xlsx_write.c -- libxlsxwriter into a temporary file, then into memory.
*/
#include "../common.h"
#include "xlsx_write.h"
#include "../base/buf.h"
#include "../base/util.h"
#include "../base/utf8.h"
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

/* The formats every workbook of ours shares. */
static void xlsx_write_formats(struct xlsx_write *w){
  lxw_format *f;
  f = w->pTitle = workbook_add_format(w->pWb);
  format_set_bold(f);
  format_set_font_size(f, 14);
  format_set_align(f, LXW_ALIGN_CENTER);
  format_set_align(f, LXW_ALIGN_VERTICAL_CENTER);

  f = w->pHead = workbook_add_format(w->pWb);
  format_set_bold(f);
  format_set_bg_color(f, 0xD9E1F2);
  format_set_border(f, LXW_BORDER_THIN);
  format_set_align(f, LXW_ALIGN_CENTER);
  format_set_align(f, LXW_ALIGN_VERTICAL_CENTER);
  format_set_text_wrap(f);
  format_set_num_format(f, "@");

  f = w->pCell = workbook_add_format(w->pWb);
  format_set_border(f, LXW_BORDER_THIN);
  format_set_num_format(f, "@");

  f = w->pBad = workbook_add_format(w->pWb);
  format_set_border(f, LXW_BORDER_THIN);
  format_set_bg_color(f, 0xFFC7CE);
  format_set_num_format(f, "@");

  f = w->pText = workbook_add_format(w->pWb);
  format_set_num_format(f, "@");

  f = w->pWrap = workbook_add_format(w->pWb);
  format_set_border(f, LXW_BORDER_THIN);
  format_set_text_wrap(f);
  format_set_align(f, LXW_ALIGN_VERTICAL_TOP);
  format_set_num_format(f, "@");
}

int xlsx_write_begin(struct xlsx_write *w, const char *zTmpDir,
                     struct buf *pErr){
  lxw_workbook_options opt;
  int fd;
  memset(w, 0, sizeof(*w));
  if( zTmpDir==0 || zTmpDir[0]==0 ){
    zTmpDir = getenv("TMPDIR");
    if( zTmpDir==0 || zTmpDir[0]==0 ) zTmpDir = "/tmp";
  }
  if( snprintf(w->zPath, sizeof(w->zPath), "%s/fazhi-xlsx-XXXXXX",
               zTmpDir)>=(int)sizeof(w->zPath) ){
    buf_puts(pErr, "临时目录的路径太长");
    w->zPath[0] = 0;
    return -1;
  }
  fd = mkstemp(w->zPath);
  if( fd<0 ){
    buf_appendf(pErr, "无法在临时目录%s中建立文件：%s", zTmpDir,
                strerror(errno));
    w->zPath[0] = 0;
    return -1;
  }
  close(fd);
  w->zTmpDir = xstrdup(zTmpDir);
  memset(&opt, 0, sizeof(opt));
  opt.constant_memory = LXW_TRUE;
  opt.tmpdir = w->zTmpDir;
  w->pWb = workbook_new_opt(w->zPath, &opt);
  if( w->pWb==0 ){
    buf_puts(pErr, "无法建立Excel工作簿");
    xlsx_write_abort(w);
    return -1;
  }
  xlsx_write_formats(w);
  return 0;
}

char *xlsx_sheet_name(const char *z, char out[128]){
  size_t n = 0, nChar = 0, i = 0, len = z ? strlen(z) : 0;
  while( i<len && z[i]=='\'' ) i++;
  while( i<len && nChar<XLSX_SHEET_NAME_MAX ){
    size_t k = utf8_seq_len(z+i, len-i);
    if( k==0 ){ i++; continue; }          /* invalid byte: dropped */
    if( k==1 && strchr("[]:*?/\\", z[i]) ){
      out[n++] = '_';
    }else if( k==1 && (unsigned char)z[i]<0x20 ){
      out[n++] = '_';
    }else{
      memcpy(out+n, z+i, k);
      n += k;
    }
    i += k;
    nChar++;
  }
  while( n>0 && out[n-1]=='\'' ) n--;
  if( n==0 ){
    memcpy(out, "Sheet", 6);
    return out;
  }
  out[n] = 0;
  return out;
}

lxw_worksheet *xlsx_write_sheet(struct xlsx_write *w, const char *zName,
                                struct buf *pErr){
  char zSafe[128];
  lxw_worksheet *ws;
  xlsx_sheet_name(zName, zSafe);
  ws = workbook_add_worksheet(w->pWb, zSafe);
  if( ws==0 ) buf_appendf(pErr, "无法添加工作表“%s”", zSafe);
  return ws;
}

int xlsx_write_text(lxw_worksheet *ws, int r, int c, const char *z,
                    lxw_format *f, struct buf *pErr){
  lxw_error rc;
  char *zCut = 0;
  if( r<0 || r>=LXW_ROW_MAX || c<0 || c>=LXW_COL_MAX ){
    buf_appendf(pErr, "超出Excel的行列上限（第%d行第%d列）", r+1, c+1);
    return -1;
  }
  if( z==0 || z[0]==0 ){
    rc = f ? worksheet_write_blank(ws, (lxw_row_t)r, (lxw_col_t)c, f)
           : LXW_NO_ERROR;
  }else{
    if( strlen(z)>32767 && utf8_len_chars(z, strlen(z))>32767 ){
      zCut = xstrdup(z);
      utf8_truncate_chars(zCut, 32767);
      z = zCut;
    }
    rc = worksheet_write_string(ws, (lxw_row_t)r, (lxw_col_t)c, z, f);
  }
  free(zCut);
  if( rc!=LXW_NO_ERROR ){
    buf_appendf(pErr, "写入第%d行第%d列失败：%s", r+1, c+1,
                lxw_strerror(rc));
    return -1;
  }
  return 0;
}

int xlsx_write_end(struct xlsx_write *w, struct buf *pOut, struct buf *pErr){
  lxw_error rc;
  int fd, ret = 0;
  rc = workbook_close(w->pWb);
  w->pWb = 0;
  if( rc!=LXW_NO_ERROR ){
    buf_appendf(pErr, "生成Excel文件失败：%s", lxw_strerror(rc));
    xlsx_write_abort(w);
    return -1;
  }
  fd = open(w->zPath, O_RDONLY | O_CLOEXEC);
  if( fd<0 ){
    buf_appendf(pErr, "无法读取生成的Excel文件：%s", strerror(errno));
    ret = -1;
  }else{
    char aBuf[65536];
    ssize_t k;
    while( (k = read(fd, aBuf, sizeof(aBuf)))!=0 ){
      if( k<0 ){
        if( errno==EINTR ) continue;
        buf_appendf(pErr, "读取生成的Excel文件失败：%s", strerror(errno));
        ret = -1;
        break;
      }
      if( buf_append(pOut, aBuf, (size_t)k) ){
        buf_puts(pErr, "生成的Excel文件太大");
        ret = -1;
        break;
      }
    }
    close(fd);
  }
  xlsx_write_abort(w);
  return ret;
}

void xlsx_write_abort(struct xlsx_write *w){
  if( w->pWb ){
    /* No way to free a workbook without writing it: write and remove. */
    workbook_close(w->pWb);
    w->pWb = 0;
  }
  if( w->zPath[0] ){
    unlink(w->zPath);
    w->zPath[0] = 0;
  }
  free(w->zTmpDir);
  w->zTmpDir = 0;
}
