/*
** demo.c -- the demo county's records move through their steps the way a
** user moves them: each line of a steps file (data/demo/…-steps.csv) names
** a register, a record by its title, a step and the fields the step asks
** for, and is taken through reg_step (its rules, gates, numbering, children
** and audit entry) in file order.  One loader for every register: the
** permits', the disputes' and the legal registers' steps files share it.
**
**   登记簿,名称,步骤,字段
**   review,梨树县教育局2024年校车服务采购合同,take,
**   permit,applicant=梨树县小太阳幼儿园,notify,notice_on=2024-03-06;correction=补齐…
**
** The name is the record's title, or key=value naming it by another field;
** the first live row that has it takes the step.
*/
#include "../common.h"
#include "../base/arena.h"
#include "../base/buf.h"
#include "../base/util.h"
#include "../store/db.h"
#include "internal.h"

int reg_demo_fields(const struct reg_def *d, char *zKv, const char **az, int nLine,
                    struct buf *pErr){
  while( zKv && *zKv ){
    char *zEnd = strchr(zKv, ';'), *zEq;
    if( zEnd ) *zEnd = 0;
    zEq = strchr(zKv, '=');
    if( zEq ){
      int i;
      *zEq = 0;
      if( (i = reg_field_index(d, zKv))<0 ){
        buf_appendf(pErr, "第%d行：%s没有字段%s", nLine, d->zTitle, zKv);
        return -1;
      }
      az[i] = zEq+1;
    }
    zKv = zEnd ? zEnd+1 : 0;
  }
  return 0;
}

/* One line: register, title, verb, "key=value;key=value".  Returns 0 or
** -1 with the problem in pErr (line nLine). */
static int demo_line(const struct actor *a, struct arena *ar, char *zLine, int nLine,
                     struct buf *pErr){
  char *az[4] = {0}, *q = zLine, *zKv;
  const struct reg_def *d;
  const char **azIn;
  struct reg_err e;
  struct buf sql = BUF_INIT;
  struct stmt st;
  int k, iTitle;
  i64 id;
  for(k=0; k<4 && q; k++){
    az[k] = q;
    q = k<3 ? strchr(q, ',') : 0;
    if( q ) *q++ = 0;
  }
  d = az[0] ? reg_find(az[0]) : 0;
  if( d==0 || az[2]==0 ){
    buf_appendf(pErr, "第%d行：登记簿或步骤缺失", nLine);
    return -1;
  }
  iTitle = reg_title_index(d);
  if( (zKv = strchr(az[1], '='))!=0 ){     /* "applicant=梨树县童心幼儿园": by that field */
    *zKv = 0;
    if( (iTitle = reg_field_index(d, az[1]))<0 ){
      buf_appendf(pErr, "第%d行：%s没有字段%s", nLine, d->zTitle, az[1]);
      return -1;
    }
    az[1] = zKv+1;
  }
  /* table and column from the declaration, the title bound; the first
  ** live row of that title */
  buf_appendf(&sql, "SELECT id FROM %s WHERE %s=?1%s ORDER BY id LIMIT 1", d->zTable,
              d->aField[iTitle].zKey, d->eDelete==REG_DEL_VOID ? " AND voided_at IS NULL" : "");
  db_prepare_buf(&st, &sql);
  db_bind_text(&st, 1, az[1]);
  id = db_step(&st)==DB_ROW ? db_column_int64(&st, 0) : 0;
  db_finalize(&st);
  buf_release(&sql);
  if( id==0 ){
    buf_appendf(pErr, "第%d行：%s中没有“%s”", nLine, d->zTitle, az[1]);
    return -1;
  }
  azIn = reg_values_alloc(ar, d);
  if( reg_demo_fields(d, az[3], azIn, nLine, pErr) ) return -1;
  reg_err_init(&e, ar);
  if( reg_step(d, a, id, az[2], azIn, &e) ){
    buf_appendf(pErr, "第%d行（%s %s）：%s", nLine, az[1], az[2], reg_err_text(&e));
    return -1;
  }
  return 0;
}

int reg_demo_steps(const struct actor *a, const char *zCsv, size_t n, struct buf *pErr){
  const char *p = zCsv, *pEnd = zCsv + n;
  struct arena *ar = arena_new();
  int nLine = 0, rc = 0;
  while( p<pEnd && rc==0 ){
    size_t len = strcspn(p, "\n");
    char *zLine = arena_strndup(ar, p, len);
    p += len + (p[len]=='\n');
    if( len && zLine[len-1]=='\r' ) zLine[len-1] = 0;
    if( nLine++==0 || zLine[0]==0 ) continue;
    rc = demo_line(a, ar, zLine, nLine, pErr);
  }
  arena_free(ar);
  return rc;
}
