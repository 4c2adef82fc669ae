/*
** attach.c -- attach bytes to a record's REG_FILE field from code (a demo
** loader, a generated document kept on its record), the same change the
** upload route makes (file.c): the bytes sniffed against the field's
** kinds and cap, put into the store, the field set, the use named in
** file_ref and one audit entry "attach" naming the SM3, in one
** transaction (the caller's when it holds one).
*/
#include "../common.h"
#include <stdio.h>
#include <unistd.h>
#include <sys/stat.h>
#include "../base/arena.h"
#include "../base/buf.h"
#include "../base/json.h"
#include "../base/util.h"
#include "../core/app.h"
#include "../core/audit.h"
#include "../core/files.h"
#include "../store/db.h"
#include "internal.h"

int reg_file_attach(const struct reg_def *d, const struct actor *a, i64 id, const char *zField,
                    const void *p, size_t n, const char *zName, struct reg_err *e){
  int iField = reg_field_index(d, zField);
  const struct reg_field *f = iField>=0 ? &d->aField[iField] : 0;
  struct reg_rec rec;
  struct buf err = BUF_INIT;
  char zHex[FILE_HEX], *zTmp;
  const char *zType = 0;
  unsigned mKind;
  i64 nMax;
  FILE *pF;
  if( f==0 || f->eType!=REG_FILE ){
    reg_err_add(e, REG_EINVALID, zField, "%s没有文件字段“%s”", d->zTitle, zField ? zField : "");
    return -1;
  }
  if( reg_get(d, a, id, e->ar, &rec, e) ) return -1;
  if( rec.zVoidReason ){
    reg_err_add(e, REG_EGONE, 0, "该%s已作废，不能上传文件", d->zTitle);
    return -1;
  }
  mKind = reg_file_kinds(d, f);
  nMax = reg_file_max(d, f);
  if( n==0 || (i64)n>nMax ){
    reg_err_add(e, REG_EINVALID, f->zKey, "%s为空或过大", f->zLabel);
    return -1;
  }
  /* sniffed from the bytes as an upload is: through a temporary file */
  zTmp = arena_printf(e->ar, "%s/tmp/put-attach-%ld-%lld", files_dir(), (long)getpid(),
                      (long long)id);
  mkdir(arena_printf(e->ar, "%s/tmp", files_dir()), 0700);  /* as the store makes it */
  pF = fopen(zTmp, "wb");
  if( pF==0 || fwrite(p, 1, n, pF)!=n ){
    if( pF ) fclose(pF);
    unlink(zTmp);
    reg_err_add(e, REG_EINVALID, f->zKey, "无法写入临时文件");
    return -1;
  }
  fclose(pF);
  mKind &= files_sniff(zTmp, &zType);
  unlink(zTmp);
  if( mKind==0 ){
    char zKinds[200];
    reg_err_add(e, REG_EINVALID, f->zKey, "%s只能上传%s", f->zLabel,
                files_kinds_text(reg_file_kinds(d, f), zKinds, sizeof(zKinds)));
    return -1;
  }
  db_begin();
  if( files_put_mem(p, n, zType, zHex, &err) ){
    db_rollback();
    reg_err_add(e, REG_EINVALID, f->zKey, "%s", err.buf);
    buf_release(&err);
    return -1;
  }
  reg_file_set(d, a, &rec, f, zHex, zName, (i64)n, zType);
  db_commit();
  return db_failed() ? -1 : 0;
}
