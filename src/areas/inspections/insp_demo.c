/*
** insp_demo.c -- the demo county's 2024 inspections: each line of
** data/demo/insp-records-2024.csv names a drawn task (抽签编号#抽中顺序),
** an operation and its fields, taken in file order the way a user takes
** them: add (the record of the task), a step of the record (reg_step:
** its rules, gates, numbering and audit entry), results (the result of
** each checklist item: "序号=ok|fail:说明|na"), media (a recorder entry,
** the child's fields) and photo (the demo photo attached to a file
** field of the record, named as given: reg_file_attach).
*/
#include "../../common.h"
#include "../../base/arena.h"
#include "../../base/buf.h"
#include "../../base/embed.h"
#include "../../base/util.h"
#include "../../office/csv.h"
#include "../../office/sheet.h"
#include "../../store/db.h"
#include "insp.h"

/* Set the checklist results "seq=ok;seq=fail:note" of record id. */
static int demo_results(const struct actor *a, struct arena *ar, i64 id, char *zKv,
                        struct reg_err *e){
  int iSeq = reg_field_index(&insp_result_reg, "seq");
  int iRes = reg_field_index(&insp_result_reg, "result");
  int iNote = reg_field_index(&insp_result_reg, "note");
  struct reg_rec *aRec = 0;
  int n = 0, k;
  reg_children(&insp_record_reg, id, "results", ar, &aRec, &n);
  while( zKv && *zKv ){
    char *zEnd = strchr(zKv, ';'), *zEq, *zNote;
    if( zEnd ) *zEnd = 0;
    zEq = strchr(zKv, '=');
    if( zEq ){
      const char **az = reg_values_alloc(ar, &insp_result_reg);
      bool *ab = reg_flags_alloc(ar, &insp_result_reg);
      *zEq++ = 0;
      zNote = strchr(zEq, ':');
      if( zNote ) *zNote++ = 0;
      az[iRes] = zEq;
      az[iNote] = zNote;
      ab[iRes] = ab[iNote] = true;
      for(k=0; k<n && !str_eq(aRec[k].az[iSeq], zKv); k++){}
      if( k==n ){
        reg_err_add(e, REG_EINVALID, "seq", "没有序号为%s的检查项目", zKv);
        return -1;
      }
      if( reg_update(&insp_result_reg, a, aRec[k].id, az, ab, e) ) return -1;
    }
    zKv = zEnd ? zEnd+1 : 0;
  }
  return 0;
}

/* One line: task, operation, fields (az3, in ar, changed in place).
** 0, or -1 with the problem. */
static int demo_line(const struct actor *a, struct arena *ar, char **az3, int nLine,
                     struct buf *pErr){
  char *zSeq = az3[0] ? strchr(az3[0], '#') : 0;
  const char **azIn;
  struct reg_err e;
  i64 task, id, cid;
  int rc = 0;
  if( zSeq==0 || az3[1]==0 ){
    buf_appendf(pErr, "第%d行：应为“抽签编号#抽中顺序,操作,字段”", nLine);
    return -1;
  }
  *zSeq++ = 0;
  task = db_i64(0, "SELECT k.id FROM insp_task k JOIN insp_draw d ON d.id=k.draw_id"
                   " WHERE d.number=?1 AND k.seq=?2", "ti", az3[0], (i64)atoll(zSeq));
  id = db_i64(0, "SELECT id FROM insp_record WHERE task_id=?1", "i", task);
  reg_err_init(&e, ar);
  if( task==0 || (id==0 && !str_eq(az3[1], "add")) ){
    buf_appendf(pErr, "第%d行：没有抽签任务%s#%s或其检查记录", nLine, az3[0], zSeq);
    return -1;
  }
  if( str_eq(az3[1], "add") ){
    azIn = reg_values_alloc(ar, &insp_record_reg);
    azIn[reg_field_index(&insp_record_reg, "task_id")] = arena_printf(ar, "%lld", (long long)task);
    if( reg_demo_fields(&insp_record_reg, az3[2], azIn, nLine, pErr) ) return -1;
    rc = reg_create(&insp_record_reg, a, azIn, &id, &e);
  }else if( str_eq(az3[1], "results") ){
    rc = demo_results(a, ar, id, az3[2], &e);
  }else if( str_eq(az3[1], "media") ){
    azIn = reg_values_alloc(ar, &insp_media_reg);
    azIn[reg_field_index(&insp_media_reg, "record_id")] = arena_printf(ar, "%lld", (long long)id);
    if( reg_demo_fields(&insp_media_reg, az3[2], azIn, nLine, pErr) ) return -1;
    rc = reg_create(&insp_media_reg, a, azIn, &cid, &e);
  }else if( str_eq(az3[1], "photo") ){
    const struct embed_file *pPng = embed_find("data/demo/insp-photo.png");
    char *zEq = az3[2] ? strchr(az3[2], '=') : 0;
    if( pPng==0 || zEq==0 ){
      buf_appendf(pErr, "第%d行：照片应为“字段=文件名”（演示照片缺失？）", nLine);
      return -1;
    }
    *zEq++ = 0;
    rc = reg_file_attach(&insp_record_reg, a, id, az3[2], pPng->aData, (size_t)pPng->nData,
                         zEq, &e);
  }else{
    azIn = reg_values_alloc(ar, &insp_record_reg);
    if( reg_demo_fields(&insp_record_reg, az3[2], azIn, nLine, pErr) ) return -1;
    rc = reg_step(&insp_record_reg, a, id, az3[1], azIn, &e);
  }
  if( rc ){
    buf_appendf(pErr, "第%d行（%s#%s %s）：%s", nLine, az3[0], zSeq, az3[1], reg_err_text(&e));
    return -1;
  }
  return 0;
}

/* What the CSV reader hands each row to. */
struct demo_ctx {
  const struct actor *a;
  struct arena *ar;
  struct buf *pErr;
};

/* A row of the file: the header skipped, the others taken in turn. */
static int demo_row(void *pCtx, const struct sheet_row *pRow){
  struct demo_ctx *p = pCtx;
  char *az3[3] = {0};
  int i;
  if( pRow->iRow==1 ) return 0;
  for(i=0; i<pRow->nCell; i++){
    const struct sheet_cell *c = &pRow->aCell[i];
    if( c->iCol>=1 && c->iCol<=3 ) az3[c->iCol-1] = arena_strdup(p->ar, c->z);
  }
  return demo_line(p->a, p->ar, az3, pRow->iRow, p->pErr);
}

int insp_demo_records(const struct actor *a, const char *zCsv, size_t n, struct buf *pErr){
  struct demo_ctx ctx;
  struct sheet_stream s;
  size_t n0 = pErr->len;
  int rc;
  memset(&s, 0, sizeof(s));
  ctx.a = a;
  ctx.ar = arena_new();
  ctx.pErr = pErr;
  s.pCtx = &ctx;
  s.xRow = demo_row;
  rc = csv_stream(zCsv, n, &s, pErr);
  arena_free(ctx.ar);
  return rc || pErr->len>n0 ? -1 : 0;
}
