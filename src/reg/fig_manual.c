/*
** fig_manual.c -- figures entered by hand (人工填报, figure.h).
**
** Where a bureau keeps no register in fazhi for something its report
** states, the 法规股 enters the figure's value for a year and a unit, with
** the document it comes from (a file put into the store, named by its
** SM3) and the person who confirmed it.  figure_eval() uses the entry only
** while the register's own figure has no records: the moment a register
** holds them, its figure replaces the entry.  An entry is never changed:
** a new value voids the old one (with the reason) in the same transaction;
** each change is one audit entry.  Table fig_manual (migration 0030).
*/
#include "../common.h"
#include <math.h>
#include <unistd.h>
#include "../base/arena.h"
#include "../base/buf.h"
#include "../base/date.h"
#include "../base/json.h"
#include "../base/util.h"
#include "../base/value.h"
#include "../core/app.h"
#include "../core/audit.h"
#include "../core/cli.h"
#include "../core/files.h"
#include "../core/scope.h"
#include "../store/db.h"
#include "figure.h"
#include "reg.h"
#include "../web/api.h"
#include "../web/html.h"
#include "../web/req.h"

bool fig_manual_apply(const char *zKey, const struct fig_scope *s, struct arena *ar,
                      struct fig_result *res){
  struct stmt q;
  bool bFound = false;
  if( zKey==0 || s->zLike==0 || db_current()==0 ) return false;
  db_prepare(&q,
    "SELECT m.id, m.value, m.label, m.unit, m.source_name, m.confirmed_by, m.created_at"
    "  FROM fig_manual m JOIN org o ON o.id=m.org_id"
    " WHERE m.fig_key=?1 AND m.year=?2 AND m.voided_at IS NULL AND o.path || '%' = ?3"
    " ORDER BY m.id DESC LIMIT 1");
  db_bind_text(&q, 1, zKey);
  db_bind_int64(&q, 2, s->year);
  db_bind_text(&q, 3, s->zLike);
  if( db_step(&q)==DB_ROW ){
    const char *zVal = db_column_text(&q, 1);
    const char *zSrc = db_column_text(&q, 4), *zWho = db_column_text(&q, 5);
    i64 id = db_column_int64(&q, 0);
    bFound = true;
    memset(res, 0, sizeof(*res));
    res->bKnown = true;
    res->bManual = true;
    res->v = zVal ? strtod(zVal, 0) : 0;
    res->zManualLabel = db_column_dup(ar, &q, 2);
    res->zManualUnit = db_column_dup(ar, &q, 3);
    res->zSource = arena_printf(ar, "人工填报，依据《%s》，%s确认", zSrc ? zSrc : "", zWho ? zWho : "");
    fig_add(res, ar, id, arena_printf(ar, "人工填报：%s", zSrc ? zSrc : ""), res->zSource);
  }
  db_finalize(&q);
  return bFound;
}

/* ---- the command ---- */

static const char zManualUsage[] =
  "用法: fazhi manual-figure set --key 数据项 --year 年度 --value 数值 --source 文件\n"
  "                            --confirmed-by 确认人 [--org 单位] [--label 名称] [--unit 单位]\n"
  "                            [--note 说明]\n"
  "      fazhi manual-figure list [--year 年度] [--all]\n"
  "      fazhi manual-figure void --id 编号 --reason 理由\n"
  "人工填报数据项：本局未在系统中建立登记簿的数据，由法规股按年度填报数值，附来源文件（存入文件库）\n"
  "并写明确认人；报告、首页和数据底稿标注“人工填报”。该数据项的登记簿有记录时，以登记簿为准。\n"
  "同一单位、年度、数据项再次填报时，原填报作废并记录理由。--org 默认最上级的教育局。\n"
  "未被任何模块声明的数据项须给出 --label（名称）。\n";

/* The unit zOrg (an id or a name), or the topmost 教育局; 0 with a
** message. */
static i64 fm_unit(const char *zOrg){
  i64 id = 0, n;
  if( zOrg && str_to_i64(zOrg, 1, INT64_MAX, &n)==0 ){
    id = db_i64(0, "SELECT id FROM org WHERE id=?1", "i", n);
  }else if( zOrg ){
    id = db_i64(0, "SELECT id FROM org WHERE name=?1 ORDER BY id LIMIT 1", "t", zOrg);
  }else{
    id = db_i64(0, "SELECT id FROM org WHERE kind='bureau' ORDER BY length(path), id LIMIT 1", "");
    if( id==0 ) id = db_i64(0, "SELECT id FROM org WHERE parent_id IS NULL ORDER BY id LIMIT 1", "");
  }
  if( id==0 ) fprintf(stderr, "fazhi: 单位“%s”不存在\n", zOrg ? zOrg : "（默认）");
  return id;
}

/* The fields of entry id into the open object of j: as the audit log
** keeps them, or (bApi) for GET/POST /api/v1/figures/manual (the value a
** number, who entered it, voided a flag).  False when there is no such
** entry. */
static bool fm_row_put(struct json_w *j, i64 id, bool bApi){
  struct stmt q;
  bool bFound = false;
  db_prepare(&q, "SELECT fig_key, year, org_id, value, label, unit, source_name, source_sm3,"
                 "       confirmed_by, note, voided_at, void_reason, created_by"
                 "  FROM fig_manual WHERE id=?1");
  db_bind_int64(&q, 1, id);
  if( db_step(&q)==DB_ROW ){
    const char *zVal = db_column_text(&q, 3);
    bFound = true;
    json_int(j, "id", id);
    json_str(j, "key", db_column_text(&q, 0));
    json_int(j, "year", db_column_int64(&q, 1));
    json_int(j, "org_id", db_column_int64(&q, 2));
    if( bApi ) json_double(j, "value", zVal ? strtod(zVal, 0) : 0);
    else json_str(j, "value", zVal);
    json_str(j, "label", db_column_text(&q, 4));
    json_str(j, "unit", db_column_text(&q, 5));
    json_str(j, "source_name", db_column_text(&q, 6));
    json_str(j, "source_sm3", db_column_text(&q, 7));
    json_str(j, "confirmed_by", db_column_text(&q, 8));
    json_str(j, "note", db_column_text(&q, 9));
    if( bApi ){
      json_str(j, "created_by", db_column_text(&q, 12));
      json_bool(j, "voided", !db_column_is_null(&q, 10));
    }else if( !db_column_is_null(&q, 10) ){
      json_int(j, "voided_at", db_column_int64(&q, 10));
    }
    json_str(j, "void_reason", db_column_text(&q, 11));
  }
  db_finalize(&q);
  return bFound;
}

/* The entry id as JSON for the audit log, in ar. */
static char *fm_row_json(struct arena *ar, i64 id){
  struct buf b = BUF_INIT;
  struct json_w j;
  char *z = 0;
  json_init(&j, &b);
  json_obj_open(&j, 0);
  if( fm_row_put(&j, id, false) ){
    json_obj_close(&j);
    z = arena_strdup(ar, b.buf);
  }
  buf_release(&b);
  return z;
}

/* Void entry id with zReason (inside the caller's transaction), audited. */
static void fm_void(const struct actor *a, struct arena *ar, i64 id, const char *zReason){
  char *zBefore = fm_row_json(ar, id);
  char zId[24];
  db_exec("UPDATE fig_manual SET voided_at=?1, void_reason=?2, updated_at=?1, version=version+1"
          " WHERE id=?3 AND voided_at IS NULL", "iti", time_now(), zReason, id);
  snprintf(zId, sizeof(zId), "%lld", (long long)id);
  audit_write(a, "void", "fig_manual", zId, zBefore, fm_row_json(ar, id));
}

/* Check and store a hand-entered value (inside its own transaction,
** audited): figure zKey (declared, else with zLabel), year zYear, value
** zValue for unit unitId, the source file zTmp (in <data>/tmp, SM3 zHex,
** nSize bytes, uploaded as zName) and who confirmed it.  An entry of the
** same key, year and unit is voided.  Returns the new id, or 0 with every
** problem in e (REG_EINVALID naming the field: key year value label
** source confirmed_by). */
static i64 fm_store(const struct actor *a, struct arena *ar, const char *zKey, const char *zYear,
                    const char *zValue, const char *zLabel, const char *zUnit, i64 unitId,
                    const char *zTmp, const char *zHex, i64 nSize, const char *zName,
                    const char *zWho, const char *zNote, struct reg_err *e, bool *pbOld){
  const struct figure *f = zKey ? figure_find(zKey) : 0;
  struct buf err = BUF_INIT;
  const char *zType = 0;
  char *zEnd, zId[24];
  i64 year = 0, id = 0, old;
  double v = 0;
  struct stmt q;
  if( zKey==0 || zKey[0]==0 ) reg_err_add(e, REG_EINVALID, "key", "数据项不能为空");
  if( zYear==0 || str_to_i64(zYear, 2000, 2100, &year) ){
    reg_err_add(e, REG_EINVALID, "year", "年度应为2000到2100之间的整数");
  }
  if( zValue==0 || (v = strtod(zValue, &zEnd), zEnd==zValue || *zEnd) || !isfinite(v) || v<0 ){
    reg_err_add(e, REG_EINVALID, "value", "数值应为不小于0的数");
  }
  if( f ){ zLabel = f->zLabel; zUnit = f->zUnit; }
  else if( zKey && zKey[0] && (zLabel==0 || zLabel[0]==0) ){
    reg_err_add(e, REG_EINVALID, "label", "数据项“%s”没有模块声明，须填写名称", zKey);
  }
  if( zUnit && strcmp(zUnit, "%")==0 && v>100 ){
    reg_err_add(e, REG_EINVALID, "value", "数值是百分比，不能大于100");
  }
  if( zTmp==0 || zHex==0 ) reg_err_add(e, REG_EINVALID, "source", "须附来源文件");
  if( zWho==0 || zWho[0]==0 ) reg_err_add(e, REG_EINVALID, "confirmed_by", "确认人不能为空");
  if( e->n ) return 0;
  files_sniff(zTmp, &zType);
  db_begin();
  if( files_put_path(zTmp, zHex, nSize, zType ? zType : "application/octet-stream", &err) ){
    db_rollback();
    reg_err_add(e, REG_EINVALID, "source", "来源文件：%s", err.buf);
    buf_release(&err);
    return 0;
  }
  old = db_i64(0, "SELECT id FROM fig_manual WHERE fig_key=?1 AND year=?2 AND org_id=?3"
                  " AND voided_at IS NULL", "tii", zKey, year, unitId);
  if( old ) fm_void(a, ar, old, "由新的填报替换");
  if( pbOld ) *pbOld = old!=0;
  db_prepare(&q,
    "INSERT INTO fig_manual(fig_key, year, org_id, value, label, unit, source_name, source_sm3,"
    "  confirmed_by, note, created_by, created_at, updated_at)"
    " VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?12) RETURNING id");
  db_bind_text(&q, 1, zKey);
  db_bind_int64(&q, 2, year);
  db_bind_int64(&q, 3, unitId);
  db_bind_text(&q, 4, arena_printf(ar, "%g", v));
  db_bind_text(&q, 5, zLabel);
  db_bind_text(&q, 6, zUnit);
  db_bind_text(&q, 7, zName);
  db_bind_text(&q, 8, zHex);
  db_bind_text(&q, 9, zWho);
  db_bind_text(&q, 10, zNote && zNote[0] ? zNote : 0);
  db_bind_text(&q, 11, a->zUsername);
  db_bind_int64(&q, 12, time_now());
  if( db_step(&q)==DB_ROW ) id = db_column_int64(&q, 0);
  db_finalize(&q);
  files_ref_add(zHex, "fig_manual", id, "source", zName, a->userId);
  snprintf(zId, sizeof(zId), "%lld", (long long)id);
  audit_write(a, "create", "fig_manual", zId, 0, fm_row_json(ar, id));
  db_commit();
  buf_release(&err);
  return id;
}

/* manual-figure set. */
static int fm_set(int n, char **av){
  const char *zKey = cli_option(&n, av, "--key"), *zYear = cli_option(&n, av, "--year");
  const char *zValue = cli_option(&n, av, "--value"), *zSrc = cli_option(&n, av, "--source");
  const char *zWho = cli_option(&n, av, "--confirmed-by"), *zOrg = cli_option(&n, av, "--org");
  const char *zLabel = cli_option(&n, av, "--label"), *zUnit = cli_option(&n, av, "--unit");
  const char *zNote = cli_option(&n, av, "--note");
  static const char *const azOpt[] = {
    "key", "--key", "year", "--year", "value", "--value", "label", "--label",
    "source", "--source", "confirmed_by", "--confirmed-by", 0
  };
  struct arena *ar;
  struct buf err = BUF_INIT;
  struct actor a;
  struct reg_err e;
  char zHex[FILE_HEX], *zTmp = 0;
  i64 unitId, nSize = 0, id;
  bool bOld = false;
  int rc = 1, i, k;
  if( cli_finish(n, av, 0, 0, zManualUsage) ) return 2;
  if( cli_open() ) return 1;
  if( (unitId = fm_unit(zOrg))==0 ) return 1;
  ar = arena_new();
  actor_cli(&a);
  reg_err_init(&e, ar);
  if( zSrc && files_spool(zSrc, &zTmp, zHex, &nSize, &err) ){
    fprintf(stderr, "fazhi: 来源文件（--source）：%s\n", err.buf);
    goto done;
  }
  id = fm_store(&a, ar, zKey, zYear, zValue, zLabel, zUnit, unitId, zTmp, zTmp ? zHex : 0, nSize,
                zSrc ? files_base_name(ar, zSrc, "来源文件") : 0, zWho, zNote, &e, &bOld);
  if( id==0 ){
    if( zTmp ) unlink(zTmp);
    for(i=0; i<e.n; i++){
      const char *zOpt = "";
      for(k=0; azOpt[k]; k+=2) if( e.a[i].zField && str_eq(e.a[i].zField, azOpt[k]) ) zOpt = azOpt[k+1];
      fprintf(stderr, "fazhi: %s%s%s%s\n", e.a[i].zMsg, zOpt[0] ? "（" : "", zOpt, zOpt[0] ? "）" : "");
    }
    rc = e.eKind==REG_EINVALID ? 2 : 1;
    goto done;
  }
  printf("已填报 %s %s年度：%s，来源《%s》，%s确认（编号 %lld）%s\n", zKey, zYear, zValue,
         files_base_name(ar, zSrc, "来源文件"), zWho, (long long)id, bOld ? "；原填报已作废" : "");
  rc = 0;
done:
  free(zTmp);
  buf_release(&err);
  arena_free(ar);
  return rc;
}

/* manual-figure list. */
static int fm_list(int n, char **av){
  const char *zYear = cli_option(&n, av, "--year");
  bool bAll = cli_flag(&n, av, "--all");
  i64 year = 0;
  struct stmt q;
  if( cli_finish(n, av, 0, 0, zManualUsage) ) return 2;
  if( zYear && str_to_i64(zYear, 2000, 2100, &year) ){
    fprintf(stderr, "fazhi: 年度（--year）应为2000到2100之间的整数\n");
    return 2;
  }
  if( cli_open() ) return 1;
  printf("编号\t数据项\t名称\t年度\t单位\t数值\t来源文件\tSM3\t确认人\t状态\n");
  db_prepare(&q,
    "SELECT m.id, m.fig_key, m.label, m.year, o.name, m.value, m.unit, m.source_name,"
    "       m.source_sm3, m.confirmed_by, m.voided_at, m.void_reason"
    "  FROM fig_manual m JOIN org o ON o.id=m.org_id"
    " WHERE (?1=0 OR m.year=?1) AND (?2=1 OR m.voided_at IS NULL)"
    " ORDER BY m.year, m.fig_key, m.id");
  db_bind_int64(&q, 1, year);
  db_bind_int64(&q, 2, bAll ? 1 : 0);
  while( db_step(&q)==DB_ROW ){
    const char *zUnit = db_column_text(&q, 6);
    printf("%lld\t%s\t%s\t%lld\t%s\t%s%s\t%s\t%s\t%s\t%s%s\n", (long long)db_column_int64(&q, 0),
           db_column_text(&q, 1), db_column_text(&q, 2) ? db_column_text(&q, 2) : "",
           (long long)db_column_int64(&q, 3), db_column_text(&q, 4), db_column_text(&q, 5),
           zUnit && strcmp(zUnit, "%")==0 ? "%" : "", db_column_text(&q, 7),
           db_column_text(&q, 8), db_column_text(&q, 9),
           db_column_is_null(&q, 10) ? "有效" : "已作废：",
           db_column_is_null(&q, 10) ? "" : db_column_text(&q, 11));
  }
  db_finalize(&q);
  return 0;
}

/* manual-figure void. */
static int fm_void_cmd(int n, char **av){
  const char *zId = cli_option(&n, av, "--id"), *zReason = cli_option(&n, av, "--reason");
  struct arena *ar;
  struct actor a;
  i64 id;
  if( cli_finish(n, av, 0, 0, zManualUsage) ) return 2;
  if( zId==0 || str_to_i64(zId, 1, INT64_MAX, &id) ){
    fprintf(stderr, "fazhi: 编号（--id）应为正整数\n");
    return 2;
  }
  if( zReason==0 || zReason[0]==0 ){ fprintf(stderr, "fazhi: 作废理由（--reason）不能为空\n"); return 2; }
  if( cli_open() ) return 1;
  if( !db_exists("SELECT 1 FROM fig_manual WHERE id=?1 AND voided_at IS NULL", "i", id) ){
    fprintf(stderr, "fazhi: 没有编号为%lld的有效填报\n", (long long)id);
    return 1;
  }
  ar = arena_new();
  actor_cli(&a);
  db_begin();
  fm_void(&a, ar, id, zReason);
  db_commit();
  arena_free(ar);
  printf("已作废填报 %lld\n", (long long)id);
  return 0;
}

int fig_manual_cmd(int argc, char **argv){
  int n = argc - 2;
  char **av = argv + 2;
  if( argc<3 || str_eq(argv[2], "--help") || str_eq(argv[2], "help") ){
    printf("%s", zManualUsage);
    return argc<3 ? 2 : 0;
  }
  if( str_eq(argv[2], "set") ) return fm_set(n, av);
  if( str_eq(argv[2], "list") ) return fm_list(n, av);
  if( str_eq(argv[2], "void") ) return fm_void_cmd(n, av);
  fprintf(stderr, "fazhi: 未知的子命令“%s”\n%s", argv[2], zManualUsage);
  return 2;
}

/* ---- the page: GET|POST /figures/manual ---- */

static const char *const azManualLabel[] = {
  "key", "数据项", "year", "年度", "value", "数值", "label", "名称", "source", "来源文件",
  "confirmed_by", "确认人", 0
};

/* The page: the entries of the year in the user's unit and, for the
** 法规股, the form (e: the problems of the entry last tried, NULL none). */
static void fm_show(struct req *r, i64 unitId, int year, const struct reg_err *e){
  struct stmt q;
  int i, n = 0;
  bool bLegal = (r->pUser->mRoles & ROLE_LEGAL)!=0;
  const char *zKey = e ? req_param_trim(r, "key") : 0;
  html_begin(r, "人工填报数据项", "/reports");
  if( e ) app_err_summary(r, e, azManualLabel);
  else if( req_param(r, "ok") ) html_notice(r, "ok", "已填报；报告、首页和数据底稿标注“人工填报”");
  H(r, "<p>本局没有在系统中登记的数据，由法规股按年度填报数值，附来源文件并写明确认人。报告、首页和"
       "数据底稿标注“人工填报”；该数据项的登记簿有记录后，以登记簿为准。</p>");
  H(r, "<form method='get' class='toolbar'><label for='f-y'>年度</label>"
       "<input id='f-y' name='year' value='%d' size='6' inputmode='numeric'>"
       "<button class='btn' type='submit'>切换</button></form>", year);
  H(r, "<table class='list'><thead><tr><th>数据项</th><th>数值</th><th>来源文件</th><th>确认人</th>"
       "<th>填报人</th><th>状态</th></tr></thead><tbody>");
  db_prepare(&q, "SELECT fig_key, label, value, unit, source_name, confirmed_by, created_by,"
                 "       voided_at, void_reason FROM fig_manual WHERE org_id=?1 AND year=?2"
                 " ORDER BY voided_at IS NOT NULL, id DESC");
  db_bind_int64(&q, 1, unitId);
  db_bind_int64(&q, 2, year);
  while( db_step(&q)==DB_ROW ){
    const char *zUnit = db_column_text(&q, 3);
    const struct figure *f = figure_find(db_column_text(&q, 0));
    H(r, "<tr><td>%h</td><td>%h%h</td><td>%h</td><td>%h</td><td>%h</td><td>%h%h</td></tr>",
      f ? f->zLabel : db_column_text(&q, 1), db_column_text(&q, 2),
      zUnit && strcmp(zUnit, "%")==0 ? "%" : zUnit ? zUnit : "", db_column_text(&q, 4),
      db_column_text(&q, 5), db_column_text(&q, 6),
      db_column_is_null(&q, 7) ? "有效" : "已作废：", db_column_is_null(&q, 7) ? "" : db_column_text(&q, 8));
    n++;
  }
  db_finalize(&q);
  H(r, "</tbody></table>");
  if( n==0 ) H(r, "<div class='empty'>%d年度没有人工填报的数据</div>", year);
  if( bLegal ){
    H(r, "<h2>填报</h2><form method='post' action='/figures/manual' enctype='multipart/form-data' novalidate>");
    html_csrf(r);
    html_field_begin(r, "key", "数据项", true, e ? reg_err_of(e, "key") : 0);
    H(r, "<select id='f-key' name='key'>");
    for(i=0; i<figure_count(); i++){
      const struct figure *f = figure_at(i);
      if( f->bDetail ) continue;
      H(r, "<option value='%a'%s>%h</option>", f->zKey, zKey && str_eq(zKey, f->zKey) ? " selected" : "",
        f->zLabel);
    }
    H(r, "</select>");
    html_field_end(r, "登记簿有记录时以登记簿为准", e ? reg_err_of(e, "key") : 0);
    html_field_begin(r, "year", "年度", true, e ? reg_err_of(e, "year") : 0);
    H(r, "<input id='f-year' name='year' inputmode='numeric' value='%a'>",
      e && req_param(r, "year") ? req_param(r, "year") : arena_printf(r->arena, "%d", year));
    html_field_end(r, 0, e ? reg_err_of(e, "year") : 0);
    html_field_begin(r, "value", "数值", true, e ? reg_err_of(e, "value") : 0);
    H(r, "<input id='f-value' name='value' inputmode='decimal' value='%a'>",
      e && req_param(r, "value") ? req_param(r, "value") : "");
    html_field_end(r, "比率填百分数，如 98.5", e ? reg_err_of(e, "value") : 0);
    html_field_begin(r, "source", "来源文件", true, e ? reg_err_of(e, "source") : 0);
    H(r, "<input id='f-source' type='file' name='source'>");
    html_field_end(r, "数值所依据的文件（统计表、报告等），存入文件库", e ? reg_err_of(e, "source") : 0);
    html_field_begin(r, "confirmed_by", "确认人", true, e ? reg_err_of(e, "confirmed_by") : 0);
    H(r, "<input id='f-confirmed_by' name='confirmed_by' value='%a'>",
      e && req_param(r, "confirmed_by") ? req_param(r, "confirmed_by") : "");
    html_field_end(r, 0, e ? reg_err_of(e, "confirmed_by") : 0);
    html_field_begin(r, "note", "说明", false, 0);
    H(r, "<input id='f-note' name='note' value='%a'>", e && req_param(r, "note") ? req_param(r, "note") : "");
    html_field_end(r, 0, 0);
    html_form_actions(r, "填报", arena_printf(r->arena, "/reports?year=%d", year));
    H(r, "</form>");
  }
  html_end(r);
}

/* The unit whose entries a's requests read and write (the topmost 教育局
** in a's scope, else a's own unit), and the year by default (the report's:
** last year until April, this year after). */
static i64 fm_req_unit(struct req *r, const struct actor *a, i64 *pYear){
  i64 unitId;
  int y, m, d;
  unitId = db_i64(0, "SELECT id FROM org WHERE path LIKE ?1 AND kind='bureau'"
                     " ORDER BY length(path), id LIMIT 1", "t", org_scope_like(r->arena, a));
  date_ymd(date_today(), &y, &m, &d);
  *pYear = y - (m<=4 ? 1 : 0);
  return unitId ? unitId : a->orgId;
}

/* Check and store the entry a request posts (fields key year value
** confirmed_by note, with label and unit from the API for a key no area
** declares; the file part "source") for unitId; the new id, or 0 with
** every problem in e. */
static i64 fm_store_req(struct req *r, const struct actor *a, i64 unitId, bool bApi,
                        struct reg_err *e, bool *pbOld){
  const struct req_upload *f = req_upload(r, "source");
  bool bFile = f && f->nSize>0;
  return fm_store(a, r->arena, req_param_trim(r, "key"), req_param_trim(r, "year"),
                  req_param_trim(r, "value"), bApi ? req_param_trim(r, "label") : 0,
                  bApi ? req_param_trim(r, "unit") : 0, unitId,
                  bFile ? f->zPath : 0, bFile ? f->zSm3 : 0, bFile ? f->nSize : 0,
                  bFile ? files_base_name(r->arena, f->zFilename, "来源文件") : 0,
                  req_param_trim(r, "confirmed_by"), req_param_trim(r, "note"), e, pbOld);
}

void fig_manual_page(struct req *r){
  struct actor a;
  const char *zYear = req_param_trim(r, "year");
  i64 unitId, year, y;
  actor_from_req(&a, r);
  unitId = fm_req_unit(r, &a, &year);
  if( zYear && str_to_i64(zYear, 2000, 2100, &y)==0 ) year = y;
  if( str_eq(r->zMethod, "POST") ){
    struct reg_err e;
    reg_err_init(&e, r->arena);
    if( fm_store_req(r, &a, unitId, false, &e, 0) ){
      req_redirect(r, arena_printf(r->arena, "/figures/manual?year=%lld&ok=1", (long long)year));
      return;
    }
    r->status = 422;
    fm_show(r, unitId, (int)year, &e);
    return;
  }
  fm_show(r, unitId, (int)year, 0);
}

/* GET /api/v1/figures/manual: the entries of a year (?year=, default as
** the page; ?all=1 with the voided ones) in the caller's unit.  POST: one
** entry, as the page's form (multipart/form-data, the file part "source";
** another body is 400 bad_form), 201 with the entry and whether it
** replaced one; 422 naming each field otherwise, nothing stored. */
void fig_manual_api(struct req *r){
  struct actor a;
  struct json_w j;
  const char *zYear = req_param_trim(r, "year"), *zAll = req_param_trim(r, "all");
  i64 unitId, year, id;
  bool bOld = false;
  actor_from_req(&a, r);
  unitId = fm_req_unit(r, &a, &year);
  if( str_eq(r->zMethod, "POST") ){
    const char *zType = req_header(r, "Content-Type");
    struct reg_err e;
    if( zType==0 || !str_starts(zType, "multipart/form-data") ){
      api_error(r, 400, "bad_form", "请以 multipart/form-data 提交：各字段和来源文件（source）", 0);
      return;
    }
    reg_err_init(&e, r->arena);
    if( (id = fm_store_req(r, &a, unitId, true, &e, &bOld))==0 ){
      reg_api_error(r, &e);
      return;
    }
    r->status = 201;
    api_begin(r, &j);
    json_obj_open(&j, 0);
    fm_row_put(&j, id, true);
    json_bool(&j, "replaced", bOld);
    json_obj_close(&j);
    return;
  }
  if( zYear && str_to_i64(zYear, 2000, 2100, &year) ){
    api_error(r, 400, "bad_param", "年度应为2000到2100之间的整数", "year");
    return;
  }
  if( zAll && !str_eq(zAll, "0") && !str_eq(zAll, "1") ){
    api_error(r, 400, "bad_param", "是否含已作废（all）应为0或1", "all");
    return;
  }
  api_begin(r, &j);
  json_obj_open(&j, 0);
  json_int(&j, "year", year);
  json_int(&j, "org_id", unitId);
  json_str(&j, "org", db_text(r->arena, 0, "SELECT name FROM org WHERE id=?1", "i", unitId));
  json_arr_open(&j, "items");
  {
    struct stmt q;
    db_prepare(&q, "SELECT id FROM fig_manual WHERE org_id=?1 AND year=?2"
                   " AND (?3=1 OR voided_at IS NULL) ORDER BY voided_at IS NOT NULL, id DESC");
    db_bind_int64(&q, 1, unitId);
    db_bind_int64(&q, 2, year);
    db_bind_int64(&q, 3, str_eq(zAll, "1") ? 1 : 0);
    while( db_step(&q)==DB_ROW ){
      json_obj_open(&j, 0);
      fm_row_put(&j, db_column_int64(&q, 0), true);
      json_obj_close(&j);
    }
    db_finalize(&q);
  }
  json_arr_close(&j);
  json_obj_close(&j);
}
