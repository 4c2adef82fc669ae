/*
** demo.c -- removing the demo county (see demo.h).
**
** The records go register by register in the order the declarations
** give: a register whose fields point at another's rows empties first
** (a child before its parent, a draw's tasks before the draw), so no
** reference is left dangling; the tables no declaration holds (tasks,
** reports, attachments' references, users) are named here.  A reference
** from a real record to a demo one refuses the whole removal: nothing is
** removed and the reason names the register.
*/
#include "../common.h"
#include "../base/arena.h"
#include "../base/buf.h"
#include "../base/util.h"
#include "../store/db.h"
#include "../web/html.h"
#include "../web/req.h"
#include "../core/app.h"
#include "../core/audit.h"
#include "../core/cli.h"
#include "../reg/reg.h"
#include "demo.h"

/* The demo orgs, in SQL: (SELECT id FROM org WHERE demo=1), written out in
** each statement (a statement is one literal). */

static const struct audit_field aDemoField[] = {
  { "orgs", "机构数", AF_TEXT, 0 },
  { "users", "用户数", AF_TEXT, 0 },
  { "records", "记录数", AF_TEXT, 0 },
  { 0, 0, 0, 0 }
};
const struct audit_kind demo_audit_kind = {
  "demo", "示例数据", 0, 0, 0, aDemoField };

/* True when register d's rows are kept by an org (every register but the
** org register itself). */
static bool demo_has_org(const struct reg_def *d){
  return d->zOrgField && !str_eq(d->zOrgField, "id");
}

/* The registers in the order they empty: one that points at another's
** rows before that one.  a gets them (room for every register). */
static int demo_order(const struct reg_def **a){
  const struct reg_def *const *ap = reg_list();
  int n = 0, nAll = 0, i, k, f;
  bool *abDone;
  for(i=0; ap[i]; i++) nAll++;
  abDone = calloc((size_t)nAll + 1, sizeof(bool));
  while( n<nAll ){
    int nBefore = n;
    for(i=0; ap[i]; i++){
      bool bWait = false;
      if( abDone[i] ) continue;
      /* wait while a register not yet emptied points at this one */
      for(k=0; ap[k] && !bWait; k++){
        if( k==i || abDone[k] ) continue;
        for(f=0; f<ap[k]->nField; f++){
          const struct reg_field *p = &ap[k]->aField[f];
          if( p->eType==REG_REF && str_eq(p->zRef, ap[i]->zName) ){ bWait = true; break; }
        }
      }
      if( !bWait ){ abDone[i] = true; a[n++] = ap[i]; }
    }
    if( n==nBefore ){
      /* a cycle: the rest in list order (the database refuses what dangles) */
      for(i=0; ap[i]; i++) if( !abDone[i] ){ abDone[i] = true; a[n++] = ap[i]; }
    }
  }
  free(abDone);
  return n;
}

/* Run the SQL built in pSql (from declarations only; zBind: one text
** bound as ?1, or NULL): DB_DONE, DB_CONSTRAINT, or DB_ROW with *pn the
** first column of its first row.  Built SQL goes through db_prepare_buf
** (statement caches key the literal text). */
static int demo_run(const struct buf *pSql, const char *zBind, i64 *pn){
  struct stmt q;
  int rc;
  db_prepare_buf(&q, pSql);
  if( zBind ) db_bind_text(&q, 1, zBind);
  rc = db_step(&q);
  if( rc==DB_ROW && pn ) *pn = db_column_int64(&q, 0);
  db_finalize(&q);
  return rc;
}

void demo_count(struct demo_tally *t, struct buf *pDetail){
  const struct reg_def *const *ap = reg_list();
  int i;
  memset(t, 0, sizeof(*t));
  t->nOrg = db_i64(0, "SELECT count(*) FROM org WHERE demo=1", "");
  t->nUser = db_i64(0, "SELECT count(*) FROM users"
                       " WHERE org_id IN (SELECT id FROM org WHERE demo=1)", "");
  for(i=0; ap[i]; i++){
    struct buf sql = BUF_INIT;
    i64 n;
    if( !demo_has_org(ap[i]) ) continue;
    buf_appendf(&sql, "SELECT count(*) FROM %s WHERE %s IN (SELECT id FROM org WHERE demo=1)",
                ap[i]->zTable,
                ap[i]->zOrgField);
    n = 0;
    demo_run(&sql, 0, &n);
    buf_release(&sql);
    t->nRecord += n;
    if( n && pDetail ){
      buf_appendf(pDetail, "%s\t%lld\n", ap[i]->zListTitle ? ap[i]->zListTitle : ap[i]->zTitle,
                  (long long)n);
    }
  }
}

/* True when the statement just run (its db_exec status rc) went through;
** false when a reference refused it (the caller then rolls back). */
static bool demo_ok(int rc){
  return rc!=DB_CONSTRAINT && !db_failed();
}

int demo_remove(const struct actor *a, struct demo_tally *t, struct buf *pErr){
  const struct reg_def **ap;
  struct buf sql = BUF_INIT;
  struct arena *ar = arena_new();
  const char *zPath = 0, *zFail = 0;
  char zBefore[160];
  int n, i;
  db_begin();
  demo_count(t, 0);
  if( t->nOrg==0 ){
    db_rollback();
    arena_free(ar);
    buf_appendf(pErr, "没有示例数据");
    return -1;
  }
  ap = arena_alloc(ar, sizeof(*ap) * 512);
  n = demo_order(ap);
  /* what no declaration holds, first: the draws' tasks, the reports, the
  ** attachments' references, the users of the orgs that go */
  if( !demo_ok(db_exec("DELETE FROM evidence"
                       " WHERE org_id IN (SELECT id FROM org WHERE demo=1)", ""))
   || !demo_ok(db_exec("DELETE FROM report_block WHERE report_id IN (SELECT id FROM report"
                 " WHERE org_id IN (SELECT id FROM org WHERE demo=1))", ""))
   || !demo_ok(db_exec("DELETE FROM report_head WHERE report_id IN (SELECT id FROM report"
                 " WHERE org_id IN (SELECT id FROM org WHERE demo=1))", ""))
   || !demo_ok(db_exec("DELETE FROM report_reason"
                       " WHERE org_id IN (SELECT id FROM org WHERE demo=1)", ""))
   || !demo_ok(db_exec("DELETE FROM fig_manual"
                       " WHERE org_id IN (SELECT id FROM org WHERE demo=1)", ""))
   || !demo_ok(db_exec("DELETE FROM report"
                       " WHERE org_id IN (SELECT id FROM org WHERE demo=1)", "")) ){
    zFail = "年度报告、人工填报数据或检查依据";
  }
  for(i=0; zFail==0 && i<n; i++){
    const struct reg_def *d = ap[i];
    int f;
    if( !demo_has_org(d) ) continue;
    buf_reset(&sql);
    buf_appendf(&sql, "DELETE FROM file_ref WHERE entity=?1 AND rec_id IN (SELECT id FROM %s"
                      " WHERE %s IN (SELECT id FROM org WHERE demo=1))", d->zTable, d->zOrgField);
    if( demo_run(&sql, d->zName, 0)==DB_CONSTRAINT || db_failed() ){ zFail = d->zTitle; break; }
    for(f=0; f<d->nField; f++){
      /* a row pointing at a row of its own register (a re-draw) lets go first */
      const struct reg_field *p = &d->aField[f];
      if( p->eType!=REG_REF || !str_eq(p->zRef, d->zName) || (p->mFlags & RF_REQUIRED) ) continue;
      buf_reset(&sql);
      buf_appendf(&sql, "UPDATE %s SET %s=NULL WHERE %s IN (SELECT id FROM org WHERE demo=1)",
                  d->zTable, p->zKey,
                  d->zOrgField);
      if( demo_run(&sql, 0, 0)==DB_CONSTRAINT || db_failed() ){ zFail = d->zTitle; break; }
    }
    buf_reset(&sql);
    buf_appendf(&sql, "DELETE FROM %s WHERE %s IN (SELECT id FROM org WHERE demo=1)", d->zTable,
                d->zOrgField);
    if( zFail==0 && (demo_run(&sql, 0, 0)==DB_CONSTRAINT || db_failed()) ) zFail = d->zTitle;
  }
  if( zFail==0 ){
    /* the person removing keeps their unit and the units above it, now real */
    if( a->orgId ){
      zPath = db_text(ar, 0, "SELECT path FROM org WHERE id=?1", "i", a->orgId);
    }
    db_exec("UPDATE org SET demo=0 WHERE demo=1 AND (parent_id IS NULL OR ?1 LIKE path || '%')",
            "t", zPath ? zPath : "");
    t->nOrg = db_i64(0, "SELECT count(*) FROM org WHERE demo=1", "");
    t->nUser = db_i64(0, "SELECT count(*) FROM users"
                         " WHERE org_id IN (SELECT id FROM org WHERE demo=1)", "");
    /* the users of the orgs that go (the kept units' users stay signed in) */
    if( !demo_ok(db_exec("DELETE FROM user_role WHERE user_id IN (SELECT id FROM users"
                   " WHERE org_id IN (SELECT id FROM org WHERE demo=1))", ""))
     || !demo_ok(db_exec("DELETE FROM session WHERE user_id IN (SELECT id FROM users"
                   " WHERE org_id IN (SELECT id FROM org WHERE demo=1))", ""))
     || !demo_ok(db_exec("DELETE FROM pw_history WHERE user_id IN (SELECT id FROM users"
                   " WHERE org_id IN (SELECT id FROM org WHERE demo=1))", ""))
     || !demo_ok(db_exec("DELETE FROM users"
                         " WHERE org_id IN (SELECT id FROM org WHERE demo=1)", "")) ){
      zFail = "用户";
    }else if( !demo_ok(db_exec("DELETE FROM org WHERE demo=1", "")) ){
      zFail = "机构";
    }
  }
  if( zFail ){
    db_rollback();
    buf_appendf(pErr, "仍有其他记录引用示例数据（%s），未移除任何数据", zFail);
    buf_release(&sql);
    arena_free(ar);
    return -1;
  }
  snprintf(zBefore, sizeof(zBefore), "{\"orgs\":%lld,\"users\":%lld,\"records\":%lld}",
           (long long)t->nOrg, (long long)t->nUser, (long long)t->nRecord);
  audit_write(a, "delete", "demo", "county", zBefore, 0);
  db_commit();
  buf_release(&sql);
  arena_free(ar);
  return db_failed() ? -1 : 0;
}

void demo_page(struct req *r){
  struct actor a;
  struct demo_tally t;
  struct buf detail = BUF_INIT, err = BUF_INIT;
  const char *z;
  actor_from_req(&a, r);
  if( strcmp(r->zMethod, "POST")==0 ){
    if( !str_eq(req_param(r, "confirm"), "1") ){
      buf_appendf(&err, "请先勾选确认，再移除示例数据");
      r->status = 422;
    }else if( demo_remove(&a, &t, &err)==0 ){
      req_redirect(r, arena_printf(r->arena, "/demo?done=%lld,%lld,%lld", (long long)t.nOrg,
                                   (long long)t.nUser, (long long)t.nRecord));
      buf_release(&err);
      return;
    }else{
      r->status = 409;
    }
  }
  html_begin(r, "示例数据", 0);
  if( (z = req_param(r, "done"))!=0 ){
    long long o = 0, u = 0, n = 0;
    if( sscanf(z, "%lld,%lld,%lld", &o, &u, &n)==3 ){
      html_notice(r, "ok", arena_printf(r->arena, "已移除示例数据：机构%lld个、用户%lld个、记录%lld条。"
                                        "本单位及上级单位保留为正式机构。", o, u, n));
    }
  }
  if( err.len ) html_notice(r, "err", err.buf);
  demo_count(&t, &detail);
  if( t.nOrg==0 ){
    H(r, "<p>没有示例数据。</p>\n");
  }else{
    char *zLine, *zNext;
    H(r, "<p>安装时载入的演示县共有机构 %lld 个、用户 %lld 个、记录 %lld 条。"
         "正式使用前请移除；本单位及上级单位会保留，改为正式机构。移除后不能恢复（审计日志保留这次操作）。</p>\n",
      (long long)t.nOrg, (long long)t.nUser, (long long)t.nRecord);
    H(r, "<table class='list'><thead><tr><th>登记簿</th><th class='num'>记录数</th></tr></thead><tbody>");
    for(zLine=detail.buf; zLine && *zLine; zLine=zNext){
      char *zTab = strchr(zLine, '\t');
      zNext = strchr(zLine, '\n');
      if( zNext ) *zNext++ = 0;
      if( zTab==0 ) continue;
      *zTab++ = 0;
      H(r, "<tr><td>%h</td><td class='num'>%h</td></tr>", zLine, zTab);
    }
    H(r, "</tbody></table>\n<div class='danger-zone'><form method='post' action='/demo'"
         " data-confirm='%a'>", "确定移除全部示例数据吗？移除后不能恢复。");
    html_csrf(r);
    H(r, "<div class='field'><label><input type='checkbox' name='confirm' value='1'> "
         "我已确认移除以上示例数据</label></div>"
         "<button class='danger' type='submit'>移除示例数据</button></form></div>\n");
  }
  html_end(r);
  buf_release(&detail);
  buf_release(&err);
}

static const char zDemoUsage[] =
  "用法: fazhi demo status | remove --yes\n"
  "演示县的示例数据：status 列出机构、用户和各登记簿的记录数；remove --yes 一次全部移除\n"
  "（一个事务、一条审计记录；最上级机构保留为正式机构）。\n";

int demo_cmd(int argc, char **argv){
  bool bYes = cli_flag(&argc, argv, "--yes");
  struct demo_tally t;
  struct buf out = BUF_INIT;
  struct actor a;
  if( argc>=3 && str_eq(argv[2], "--help") ){ printf("%s", zDemoUsage); return 0; }
  if( cli_finish(argc-1, argv+1, 1, 1, zDemoUsage) ) return 2;
  if( !str_eq(argv[2], "status") && !str_eq(argv[2], "remove") ) return cli_usage(zDemoUsage);
  if( cli_open() ) return 1;
  if( str_eq(argv[2], "status") ){
    demo_count(&t, &out);
    printf("机构\t%lld\n用户\t%lld\n记录\t%lld\n%s", (long long)t.nOrg, (long long)t.nUser,
           (long long)t.nRecord, out.buf ? out.buf : "");
    buf_release(&out);
    return 0;
  }
  if( !bYes ){
    fprintf(stderr, "fazhi: 移除示例数据不能恢复，确认请加 --yes\n");
    return 2;
  }
  actor_cli(&a);
  if( demo_remove(&a, &t, &out) ){
    fprintf(stderr, "fazhi: %s\n", out.buf ? out.buf : "移除失败");
    buf_release(&out);
    return 1;
  }
  printf("已移除示例数据：机构%lld个、用户%lld个、记录%lld条\n", (long long)t.nOrg,
         (long long)t.nUser, (long long)t.nRecord);
  return 0;
}
