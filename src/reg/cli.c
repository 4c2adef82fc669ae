/*
** cli.c -- the command every register gets: fazhi <cmd> list | show ID |
** add --field V ... | set ID --field V ... | import FILE | export |
** template | void ID --reason R | delete ID | <step verb> ID ...
**
** Options are the fields' keys with - for _ (--licence-no); a reference
** takes an id or a name.  The operator on the machine acts with every
** role over the whole tree (actor_cli).  Errors print "fazhi: ..." per
** problem and exit with reg_err_exit() of their kind (bad usage: 2).
*/
#include "../common.h"
#include "../base/arena.h"
#include "../base/buf.h"
#include "../base/fmt.h"
#include "../base/json.h"
#include "../base/map.h"
#include "../base/util.h"
#include "../office/table.h"
#include "../store/db.h"
#include "../core/app.h"
#include "../core/cli.h"
#include "internal.h"
#include "regdoc.h"

/* The option name of field f (--licence-no), in ar. */
static char *reg_opt(struct arena *ar, const struct reg_field *f){
  char *z = arena_printf(ar, "--%s", f->zKey), *p;
  for(p=z+2; *p; p++) if( *p=='_' ) *p = '-';
  return z;
}

/* The usage text of d's command, generated from its declaration. */
static char *reg_usage(struct arena *ar, const struct reg_def *d){
  struct buf b = BUF_INIT;
  char *z;
  int i, k;
  buf_appendf(&b, "用法: fazhi %s list [--q 文字] [--limit N] [--offset N]", d->zCmd);
  for(i=0; i<d->nField; i++){
    if( d->aField[i].mFlags & RF_FILTER ) buf_appendf(&b, " [%s 值]", reg_opt(ar, &d->aField[i]));
  }
  buf_appendf(&b, "\n      fazhi %s show ID\n      fazhi %s add", d->zCmd, d->zCmd);
  for(i=0; i<d->nField; i++){
    const struct reg_field *f = &d->aField[i];
    if( f->mFlags & RF_READONLY ) continue;
    if( f->mFlags & RF_REQUIRED ) buf_appendf(&b, " %s 值", reg_opt(ar, f));
    else buf_appendf(&b, " [%s 值]", reg_opt(ar, f));
  }
  buf_appendf(&b, "\n      fazhi %s set ID [--字段 值 ...]\n", d->zCmd);
  for(i=0; i<d->nStep; i++){
    const struct reg_step *s = &d->aStep[i];
    buf_appendf(&b, "      fazhi %s %s ID", d->zCmd, s->zVerb);
    for(k=0; s->azAsk && s->azAsk[k]; k++){
      int iF = reg_field_index(d, s->azAsk[k]);
      if( iF>=0 ) buf_appendf(&b, " [%s 值]", reg_opt(ar, &d->aField[iF]));
    }
    buf_appendf(&b, "    %s\n", s->zLabel);
  }
  if( d->eDelete==REG_DEL_VOID ) buf_appendf(&b, "      fazhi %s void ID --reason 原因\n", d->zCmd);
  if( d->nDeadline ){
    buf_appendf(&b, "      fazhi %s due [--within N] [--as-of YYYY-MM-DD]    N个工作日内到期和已逾期的\n"
                    "      fazhi %s explain ID    期限的逐日计算\n", d->zCmd, d->zCmd);
  }
  for(i=0; i<d->nChild; i++){
    buf_appendf(&b, "      fazhi %s %s list|add|set|void PARENT ...    %s\n", d->zCmd,
                d->aChild[i].zSeg, d->aChild[i].pDef->zTitle);
  }
  if( d->eDelete==REG_DEL_DELETE ) buf_appendf(&b, "      fazhi %s delete ID\n", d->zCmd);
  if( reg_docs_of(d) ){
    buf_appendf(&b, "      fazhi %s document ID --kind 文书 [--format docx|pdf] [-o FILE]    出具文书\n",
                d->zCmd);
  }
  buf_appendf(&b, "      fazhi %s import FILE [--errors OUT]\n"
                  "      fazhi %s export --format xlsx|csv%s [-o FILE]\n"
                  "      fazhi %s template --format xlsx|csv [-o FILE]\n"
                  "%s（%s）的字段：\n", d->zCmd, d->zCmd, d->xDocument ? "|docx|pdf" : "",
              d->zCmd, d->zTitle, d->zName);
  for(i=0; i<d->nField; i++){
    const struct reg_field *f = &d->aField[i];
    buf_appendf(&b, "  %-18s %s%s", reg_opt(ar, f), f->zLabel,
                (f->mFlags & RF_REQUIRED) ? "（必填）" : "");
    if( f->eType==REG_CHOICE ){
      buf_puts(&b, "：");
      for(k=0; f->azChoice[k]; k+=2) buf_appendf(&b, "%s%s %s", k ? " | " : "", f->azChoice[k], f->azChoice[k+1]);
    }else if( f->eType==REG_REF ){
      buf_puts(&b, "：编号或名称");
    }else if( f->eType==REG_DATE ){
      buf_puts(&b, "：日期 2024-03-01");
    }
    if( f->mFlags & RF_READONLY ) buf_puts(&b, "（只读）");
    buf_puts(&b, "\n");
  }
  buf_puts(&b, "import 读 xlsx 或 CSV：先整表校验，全部无误才导入；有错误时一条也不写入，列出每处错误并把\n"
               "       原文件加“错误说明”列写到 OUT（默认 FILE.errors.xlsx 或 .csv），返回1。\n"
               "退出码：0 成功，1 内容无效或冲突，2 用法错误，3 记录不存在，4 无权，5 已作废。\n");
  if( d->zUsageMore ) buf_puts(&b, d->zUsageMore);
  z = arena_strdup(ar, b.buf);
  buf_release(&b);
  return z;
}

/* True when z ends with zSuffix. */
static bool str_ends(const char *z, const char *zSuffix){
  size_t n = strlen(z), k = strlen(zSuffix);
  return n>=k && strcmp(z+n-k, zSuffix)==0;
}

/* Print every problem of e; returns its exit status. */
static int reg_cli_fail(const struct reg_err *e){
  int i;
  for(i=0; i<e->n; i++) fprintf(stderr, "fazhi: %s\n", e->a[i].zMsg);
  if( e->nMore ) fprintf(stderr, "fazhi: 另有 %d 个问题未列出\n", e->nMore);
  if( e->n==0 ) fprintf(stderr, "fazhi: 操作失败\n");
  return reg_err_exit(e->eKind ? e->eKind : REG_EINVALID);
}

/* Take the field options of argv into az/abSet (only writable fields, or
** the keys of azOnly when given). */
static void reg_cli_fields(struct arena *ar, const struct reg_def *d, int *pn, char **av,
                           const char *const *azOnly, const char **az, bool *abSet){
  int i, k;
  for(i=0; i<d->nField; i++){
    const struct reg_field *f = &d->aField[i];
    bool bOk = !(f->mFlags & RF_READONLY);
    const char *z;
    if( azOnly ){
      bOk = false;
      for(k=0; azOnly[k]; k++) if( str_eq(azOnly[k], f->zKey) ) bOk = true;
    }
    if( !bOk ) continue;
    if( (z = cli_option(pn, av, reg_opt(ar, f)))!=0 ){
      az[i] = z;
      abSet[i] = true;
    }else if( f->eType==REG_REF && str_ends(f->zKey, "_id") ){
      /* a reference also answers to its name without _id: --parent, --org */
      char *zShort = reg_opt(ar, f);
      zShort[strlen(zShort)-3] = 0;
      if( (z = cli_option(pn, av, zShort))!=0 ){
        az[i] = z;
        abSet[i] = true;
      }
    }
  }
}

/* The id argument; -1 after printing why. */
static i64 reg_cli_id(const char *z){
  i64 id;
  if( z==0 || str_to_i64(z, 1, INT64_MAX, &id) ){
    fprintf(stderr, "fazhi: 编号应为正整数\n");
    return -1;
  }
  return id;
}

/* fazhi <cmd> list */
static int reg_cli_list(struct arena *ar, const struct reg_def *d, int n, char **av,
                        const char *zUsage){
  struct reg_query qy;
  struct actor a;
  struct stmt q;
  const char *zLimit, *zOffset;
  struct map *mDepth;
  int i, iSelf = -1, iTitle = reg_title_index(d);
  reg_query_init(&qy);
  reg_query_filters(&qy, d, ar);
  qy.zSearch = cli_option(&n, av, "--q");
  zLimit = cli_option(&n, av, "--limit");
  zOffset = cli_option(&n, av, "--offset");
  for(i=0; i<d->nField; i++){
    if( d->aField[i].mFlags & RF_FILTER ) qy.azFilter[i] = cli_option(&n, av, reg_opt(ar, &d->aField[i]));
  }
  if( cli_finish(n, av, 0, 0, zUsage) ) return 2;
  if( (zLimit && str_to_i64(zLimit, 1, INT64_MAX, &qy.limit))
   || (zOffset && str_to_i64(zOffset, 0, INT64_MAX, &qy.offset)) ){
    fprintf(stderr, "fazhi: --limit 和 --offset 应为非负整数\n");
    return 2;
  }
  if( cli_open() ) return 1;
  actor_cli(&a);
  for(i=0; i<d->nField; i++){
    struct reg_err e;
    reg_err_init(&e, ar);
    if( qy.azFilter[i] && reg_value(d, &d->aField[i], &a, qy.azFilter[i], ar, &qy.azFilter[i], &e) ){
      return reg_cli_fail(&e);
    }
  }
  /* the title first (indented two spaces a level in a tree: a register
  ** with a reference to itself, listed parents first), then the list
  ** fields */
  for(i=0; i<d->nField; i++){
    if( iSelf<0 && d->aField[i].eType==REG_REF && str_eq(d->aField[i].zRef, d->zName) ) iSelf = i;
  }
  mDepth = map_new(ar);
  reg_select(d, &a, &qy, &q);
  while( db_step(&q)==DB_ROW ){
    struct arena *row = arena_new();
    struct reg_rec rec;
    i64 depth = 0;
    char zKey[24];
    reg_row(d, &q, row, &rec);
    if( iSelf>=0 && rec.az[iSelf] && map_get(mDepth, rec.az[iSelf], &depth) ) depth++;
    snprintf(zKey, sizeof(zKey), "%lld", (long long)rec.id);
    if( iSelf>=0 ) map_set(mDepth, zKey, depth);
    printf("%lld\t%*s%s", (long long)rec.id, (int)(2*depth), "",
           reg_display(row, d, iTitle, &a, rec.az[iTitle]));
    for(i=0; i<d->nField; i++){
      if( i==iTitle || i==iSelf || !(d->aField[i].mFlags & RF_LIST) ) continue;
      printf("\t%s", reg_display(row, d, i, &a, rec.az[i]));
    }
    printf("%s\n", rec.zVoidReason ? "\t已作废" : "");
    arena_free(row);
  }
  db_finalize(&q);
  return 0;
}

/* fazhi <cmd> show ID */
static int reg_cli_show(struct arena *ar, const struct reg_def *d, int n, char **av,
                        const char *zUsage){
  struct actor a;
  struct reg_rec rec;
  struct reg_err e;
  i64 id;
  int i;
  if( cli_finish(n, av, 1, 1, zUsage) ) return 2;
  if( (id = reg_cli_id(av[1]))<0 ) return 2;
  if( cli_open() ) return 1;
  actor_cli(&a);
  reg_err_init(&e, ar);
  if( reg_get(d, &a, id, ar, &rec, &e) ) return reg_cli_fail(&e);
  printf("编号\t%lld\n", (long long)rec.id);
  for(i=0; i<d->nField; i++){
    printf("%s\t%s\n", d->aField[i].zLabel, reg_display(ar, d, i, &a, rec.az[i]));
  }
  if( rec.zVoidReason ) printf("作废原因\t%s\n", rec.zVoidReason);
  return 0;
}

/* fazhi <cmd> export|template */
static int reg_cli_out(const struct reg_def *d, int n, char **av, const char *zUsage,
                       bool bTemplate){
  const char *zFormat = cli_option(&n, av, "--format");
  const char *zOut = cli_option(&n, av, "-o");
  struct buf out = BUF_INIT, err = BUF_INIT;
  struct actor a;
  int rc, eFormat;
  bool bDoc;
  if( cli_finish(n, av, 0, 0, zUsage) ) return 2;
  bDoc = !bTemplate && d->xDocument && zFormat && (str_eq(zFormat, "docx") || str_eq(zFormat, "pdf"));
  if( zFormat==0 || !(str_eq(zFormat, "xlsx") || str_eq(zFormat, "csv") || bDoc) ){
    fprintf(stderr, "fazhi: --format 应为 %s\n",
            !bTemplate && d->xDocument ? "xlsx、csv、docx 或 pdf" : "xlsx 或 csv");
    return 2;
  }
  eFormat = str_eq(zFormat, "csv") ? TABLE_CSV : TABLE_XLSX;
  if( cli_open() ) return 1;
  actor_cli(&a);
  if( bDoc ) rc = d->xDocument(&a, zFormat, &out, &err);
  else if( bTemplate ) rc = reg_template(d, eFormat, &out, &err);
  else rc = reg_export(d, &a, eFormat, &out, &err);
  if( rc ){
    fprintf(stderr, "fazhi: %s\n", err.buf);
    buf_release(&out);
    buf_release(&err);
    return 1;
  }
  rc = cli_write_file(zOut, &out);
  buf_release(&out);
  buf_release(&err);
  return rc;
}

/* fazhi <cmd> import FILE [--errors OUT] */
static int reg_cli_import(const struct reg_def *d, int n, char **av, const char *zUsage){
  const char *zErrOut = cli_option(&n, av, "--errors");
  struct buf data = BUF_INIT, err = BUF_INIT, text = BUF_INIT, file = BUF_INIT;
  struct reg_import_result res;
  struct actor a;
  int rc;
  if( cli_finish(n, av, 1, 1, zUsage) ) return 2;
  if( cli_read_file(av[1], 256u*1024*1024, &data) ) return 1;
  if( cli_open() ){ buf_release(&data); return 1; }
  actor_cli(&a);
  rc = reg_import(d, &a, data.buf, data.len, &res, &err);
  if( rc==0 ){
    printf("已导入 %d %s%s\n", res.nCreated, d->zCounter ? d->zCounter : "条", d->zTitle);
  }else if( rc<0 ){
    fprintf(stderr, "fazhi: %s\n", err.buf);
  }else{
    bool bCsv = strstr(av[1], ".csv") || strstr(av[1], ".CSV");
    char *zPath = zErrOut ? xstrdup(zErrOut) : fmt_dup("%s.errors.%s", av[1], bCsv ? "csv" : "xlsx");
    reg_error_text(d, &res, &text);
    fputs(text.buf, stderr);
    if( reg_error_file(d, &res, data.buf, data.len, &file, &err)==0
     && cli_write_file(zPath, &file)==0 ){
      fprintf(stderr, "未导入任何数据。带“错误说明”列的文件：%s\n", zPath);
    }
    free(zPath);
  }
  reg_import_result_free(&res);
  buf_release(&data); buf_release(&err); buf_release(&text); buf_release(&file);
  return rc==0 ? 0 : 1;
}

int reg_cmd(int argc, char **argv){
  const struct reg_def *d = reg_find(argv[1]);
  struct arena *ar;
  const char *zUsage;
  const char **az;
  bool *abSet;
  struct actor a;
  struct reg_err e;
  int n = argc-2, rc = 2;
  char **av = argv+2;
  const char *zSub = argc>2 ? argv[2] : 0;
  if( d==0 ) fatal("reg_cmd: no register %s", argv[1]);
  if( zSub && reg_child_find(d, zSub) ) return reg_child_cmd(d, reg_child_find(d, zSub), n, av);
  if( zSub && str_eq(zSub, "document") && reg_docs_of(d) ) return reg_doc_cmd(d, n, av);
  if( zSub && d->nDeadline && (str_eq(zSub, "due") || str_eq(zSub, "explain")) ){
    return reg_deadline_cmd(d, n, av);
  }
  ar = arena_new();
  az = reg_values_alloc(ar, d);
  abSet = reg_flags_alloc(ar, d);
  zUsage = reg_usage(ar, d);
  reg_err_init(&e, ar);
  if( zSub==0 ){
    rc = cli_usage(zUsage);
  }else if( str_eq(zSub, "--help") || str_eq(zSub, "help") ){
    printf("%s", zUsage);
    rc = 0;
  }else if( str_eq(zSub, "list") ){
    rc = reg_cli_list(ar, d, n, av, zUsage);
  }else if( str_eq(zSub, "show") ){
    rc = reg_cli_show(ar, d, n, av, zUsage);
  }else if( str_eq(zSub, "export") || str_eq(zSub, "template") ){
    rc = reg_cli_out(d, n, av, zUsage, str_eq(zSub, "template"));
  }else if( str_eq(zSub, "import") ){
    rc = reg_cli_import(d, n, av, zUsage);
  }else if( str_eq(zSub, "add") ){
    i64 id;
    struct buf miss = BUF_INIT;
    int i;
    reg_cli_fields(ar, d, &n, av, 0, az, abSet);
    if( cli_finish(n, av, 0, 0, zUsage) ) goto out;
    for(i=0; i<d->nField; i++){
      const struct reg_field *f = &d->aField[i];
      if( (f->mFlags & RF_REQUIRED) && !(f->mFlags & RF_READONLY) && !abSet[i] ){
        buf_appendf(&miss, "%s%s", miss.len ? " 和 " : "", reg_opt(ar, f));
      }
    }
    if( miss.len ){
      fprintf(stderr, "fazhi: %s add 需要 %s\n", d->zCmd, miss.buf);
      buf_release(&miss);
      rc = cli_usage(zUsage);
      goto out;
    }
    if( cli_open() ){ rc = 1; goto out; }
    actor_cli(&a);
    if( reg_create(d, &a, az, &id, &e) ){ rc = reg_cli_fail(&e); goto out; }
    printf("%lld\n", (long long)id);
    rc = 0;
  }else if( str_eq(zSub, "set") ){
    i64 id;
    reg_cli_fields(ar, d, &n, av, 0, az, abSet);
    if( cli_finish(n, av, 1, 1, zUsage) ) goto out;
    if( (id = reg_cli_id(av[1]))<0 ) goto out;
    if( cli_open() ){ rc = 1; goto out; }
    actor_cli(&a);
    rc = reg_update(d, &a, id, az, abSet, &e) ? reg_cli_fail(&e) : 0;
  }else if( (str_eq(zSub, "void") && d->eDelete==REG_DEL_VOID)
         || (str_eq(zSub, "delete") && d->eDelete==REG_DEL_DELETE) ){
    const char *zReason = cli_option(&n, av, "--reason");
    i64 id;
    if( cli_finish(n, av, 1, 1, zUsage) ) goto out;
    if( (id = reg_cli_id(av[1]))<0 ) goto out;
    if( cli_open() ){ rc = 1; goto out; }
    actor_cli(&a);
    rc = reg_delete(d, &a, id, zReason, &e) ? reg_cli_fail(&e) : 0;
  }else if( reg_step_find(d, zSub) ){
    const struct reg_step *s = reg_step_find(d, zSub);
    static const char *const azNone[] = { 0 };
    i64 id;
    reg_cli_fields(ar, d, &n, av, s->azAsk ? s->azAsk : azNone, az, abSet);
    if( cli_finish(n, av, 1, 1, zUsage) ) goto out;
    if( (id = reg_cli_id(av[1]))<0 ) goto out;
    if( cli_open() ){ rc = 1; goto out; }
    actor_cli(&a);
    rc = reg_step(d, &a, id, zSub, az, &e) ? reg_cli_fail(&e) : 0;
  }else{
    fprintf(stderr, "fazhi: 未知的 %s 子命令 %s\n", d->zCmd, zSub);
    rc = cli_usage(zUsage);
  }
out:
  arena_free(ar);
  return rc;
}
