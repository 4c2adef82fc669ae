/*
** page.c -- the pages every register gets from its declaration: the list
** (search, filters, sortable headers, paging with the total, export and
** import buttons), the record (facts, allowed steps as buttons with their
** forms, void/delete), and the new/edit form (label above the field,
** required marked *, hint under it, every error beside its field and a
** summary on top, values kept; 保存成功 shown after the redirect).
**
** Query parameters of the list: q (search), one per RF_FILTER field by
** its key, sort=<key> or -<key>, voided=1, page=N (50 rows a page).
*/
#include "../common.h"
#include "../base/arena.h"
#include "../base/buf.h"
#include "../base/date.h"
#include "../base/util.h"
#include "../store/db.h"
#include "../web/html.h"
#include "../web/req.h"
#include "../core/app.h"
#include "internal.h"
#include "regdoc.h"

#define REG_PAGE_ROWS 50

/* The breadcrumb above a page of d: 首页 › <title>. */
static const char *const *reg_crumb(struct req *r, const struct reg_def *d){
  const char **az = arena_alloc(r->arena, sizeof(char *) * 3);
  az[0] = d->zListTitle ? d->zListTitle : d->zTitle;
  az[1] = arena_printf(r->arena, "/%s", d->zSeg);
  az[2] = 0;
  return az;
}

void reg_ref_options(struct req *r, const char *zRef, const struct actor *a,
                            const char *zSel){
  const struct reg_def *d = reg_find(zRef);
  struct reg_query qy;
  struct stmt q;
  int iTitle;
  if( d==0 ) return;
  int iExp;
  char zToday[11];
  iTitle = reg_title_index(d);
  iExp = d->zExpireField ? reg_field_index(d, d->zExpireField) : -1;
  date_format(date_today(), zToday);
  reg_query_init(&qy);
  qy.limit = 5000;
  reg_select(d, a, &qy, &q);
  while( db_step(&q)==DB_ROW ){
    i64 id = db_column_int64(&q, 0);
    char zId[24];
    snprintf(zId, sizeof(zId), "%lld", (long long)id);
    if( iExp>=0 && !str_eq(zSel, zId) ){
      /* an expired row (an appointment past its term) is no longer a choice */
      const char *zEnd = db_column_text(&q, 4+iExp);
      if( zEnd && zEnd[0] && strcmp(zEnd, zToday)<0 ) continue;
    }
    H(r, "<option value='%lld'%s>%h</option>", (long long)id,
      str_eq(zSel, zId) ? " selected" : "",
      reg_display(r->arena, d, iTitle, a, db_column_text(&q, 4+iTitle)));
  }
  db_finalize(&q);
}

/* Whether the form offers code zCode of choice field f, the form's values
** az (NULL: none yet): f->zChoiceSql with the value of f->zChoiceBy, else
** the current year. */
static bool reg_choice_offered(struct req *r, const struct reg_def *d, const struct reg_field *f,
                               const char **az, const char *zCode){
  int k, y = 0, m = 0, dd = 0;
  const char *zBy = 0;
  if( f->zChoiceSql==0 ) return true;
  if( az && f->zChoiceBy && (k = reg_field_index(d, f->zChoiceBy))>=0 ) zBy = az[k];
  if( zBy==0 || zBy[0]==0 ){
    date_ymd(date_today(), &y, &m, &dd);
    zBy = arena_printf(r->arena, "%d", y);
  }
  {
    struct buf sql = BUF_INIT;
    struct stmt q;
    bool b;
    buf_puts(&sql, f->zChoiceSql);      /* a declaration's SQL, no request text */
    db_prepare_buf(&q, &sql);
    db_bind_text(&q, 1, zBy);
    db_bind_text(&q, 2, zCode);
    b = db_step(&q)==DB_ROW;
    db_finalize(&q);
    buf_release(&sql);
    return b;
  }
}

/* One form control for field f named zName, value zVal, error zErr; az
** the form's values (NULL: none), for a choice offered by another field. */
static void reg_control(struct req *r, const struct reg_def *d, const struct reg_field *f,
                        const struct actor *a, const char *zVal, const char *zErr,
                        const char *zHint, const char **az){
  int i;
  /* a required choice with one possible value starts at it (lead.c) */
  if( zVal==0 && (f->mFlags & RF_REQUIRED) ){
    if( f->eType==REG_REF ) zVal = reg_ref_only(r->arena, f->zRef, a);
    else if( f->eType==REG_CHOICE && f->azChoice && f->azChoice[0] && f->azChoice[2]==0 ){
      zVal = f->azChoice[0];
    }
  }
  html_field_begin(r, f->zKey, f->zLabel, (f->mFlags & RF_REQUIRED)!=0, zErr);
  switch( f->eType ){
    case REG_CHOICE:
    case REG_BOOL:
    case REG_REF:
      H(r, "<select id='f-%a' name='%a'><option value=''>%s</option>", f->zKey, f->zKey,
        (f->mFlags & RF_REQUIRED) ? "请选择" : "（不填）");
      if( f->eType==REG_BOOL ){
        H(r, "<option value='1'%s>是</option><option value='0'%s>否</option>",
          str_eq(zVal, "1") ? " selected" : "", str_eq(zVal, "0") ? " selected" : "");
      }else if( f->eType==REG_CHOICE ){
        for(i=0; f->azChoice && f->azChoice[i]; i+=2){
          if( !str_eq(zVal, f->azChoice[i]) && !reg_choice_offered(r, d, f, az, f->azChoice[i]) ){
            continue;
          }
          H(r, "<option value='%a'%s>%h</option>", f->azChoice[i],
            str_eq(zVal, f->azChoice[i]) ? " selected" : "", f->azChoice[i+1]);
        }
      }else{
        reg_ref_options(r, f->zRef, a, zVal);
      }
      H(r, "</select>");
      break;
    default:
      if( f->mFlags & RF_LONG ){
        H(r, "<textarea id='f-%a' name='%a' rows='4'>%h</textarea>", f->zKey, f->zKey,
          zVal ? zVal : "");
      }else{
        H(r, "<input id='f-%a' name='%a' type='%s' value='%a'%s%s>", f->zKey, f->zKey,
          f->eType==REG_DATE ? "date" : f->eType==REG_PHONE ? "tel" : "text",
          zVal ? zVal : "",
          f->eType==REG_INT ? " inputmode='numeric'" : "",
          (f->mFlags & RF_PERSONAL) ? " autocomplete='off'" : "");
      }
  }
  html_field_end(r, zHint, zErr);
}

/* The summary of e on top of a form: every problem, linked to its field. */
static void reg_err_summary(struct req *r, const struct reg_def *d, const struct reg_err *e){
  int i;
  if( e->n==0 ) return;
  html_err_summary_begin(r, e->n);
  for(i=0; i<e->n; i++){
    int k = reg_field_index(d, e->a[i].zField);
    html_err_item(r, e->a[i].zField, k>=0 ? d->aField[k].zLabel : 0, e->a[i].zMsg);
  }
  html_err_summary_end(r);
}

/* True when actor a sees field i of d in full. */
static bool reg_sees(const struct reg_def *d, int i, const struct actor *a){
  return !(d->aField[i].mFlags & RF_PERSONAL) || (a->mRoles & d->mFull)!=0;
}

/* The add/edit form of d (az: the values shown). */
void reg_form(struct req *r, const struct reg_def *d, const struct actor *a,
              const char *zAction, const char *zCancel, const char **az,
              const struct reg_err *e, bool bNew, i64 version){
  int i;
  reg_err_summary(r, d, e);
  H(r, "<form method='post' action='%a' novalidate%s>", zAction,
    reg_file_in_form(d) ? " enctype='multipart/form-data'" : "");
  html_csrf(r);
  /* the version the form was read at: a save after someone else's is refused */
  if( version ) H(r, "<input type='hidden' name='version' value='%lld'>", (long long)version);
  for(i=0; i<d->nField; i++){
    const struct reg_field *f = &d->aField[i];
    const char *zHint = f->zHelp;
    const char *zVal = az[i];
    if( f->eType==REG_FILE ){
      reg_file_control(r, d, f, reg_err_of(e, f->zKey));
      continue;
    }
    if( f->mFlags & RF_READONLY ) continue;
    if( !bNew && !reg_sees(d, i, a) ){
      zVal = 0;
      zHint = zHint ? arena_printf(r->arena, "%s（已填写的不显示，留空则不修改）", zHint)
                    : "已填写的不显示，留空则不修改";
    }
    reg_control(r, d, f, a, zVal, reg_err_of(e, f->zKey), zHint, az);
  }
  html_form_actions(r, "保存", zCancel);
  H(r, "</form>\n");
}

/* The form fields of r into az/abSet (a personal field left empty by an
** actor who cannot see it keeps its value). */
void reg_form_values(struct req *r, const struct reg_def *d, const struct actor *a,
                     const char **az, bool *abSet, bool bNew){
  int i;
  for(i=0; i<d->nField; i++){
    if( d->aField[i].mFlags & RF_READONLY ) continue;
    az[i] = req_param_trim(r, d->aField[i].zKey);
    abSet[i] = bNew || az[i] || reg_sees(d, i, a);
  }
}

void reg_list_page(struct req *r){
  const struct reg_def *d = reg_of_req(r);
  struct reg_query qy;
  struct actor a;
  struct stmt q;
  struct buf qs = BUF_INIT;           /* the filters as a query string */
  const char *zErr = 0, *zParam = 0, *z;
  i64 total, page = 1, nPage;
  int i, nRow = 0, iTitle = reg_title_index(d);
  bool bWrite, *abList;
  actor_from_req(&a, r);
  bWrite = reg_may_write(d, &a);
  if( reg_query_from_req(r, d, &qy, &zErr, &zParam) ){
    html_error_page(r, 400, zErr);
    return;
  }
  if( (z = req_param_trim(r, "page"))!=0 && str_to_i64(z, 1, INT64_MAX/REG_PAGE_ROWS, &page) ){
    html_error_page(r, 400, "页码应为正整数");
    return;
  }
  total = reg_count(d, &a, &qy);
  nPage = total ? (total + REG_PAGE_ROWS - 1)/REG_PAGE_ROWS : 1;
  if( page>nPage ) page = nPage;
  qy.limit = REG_PAGE_ROWS;
  qy.offset = (page-1)*REG_PAGE_ROWS;
  if( qy.zSearch ) buf_appendf(&qs, "&q=%t", qy.zSearch);
  for(i=0; i<d->nField; i++){
    if( qy.azFilter[i] ) buf_appendf(&qs, "&%t=%t", d->aField[i].zKey, qy.azFilter[i]);
  }
  if( qy.bVoided ) buf_puts(&qs, "&voided=1");
  html_begin(r, d->zListTitle ? d->zListTitle : d->zTitle, arena_printf(r->arena, "/%s", d->zSeg));
  if( (z = req_param(r, "saved"))!=0 ) html_notice(r, "ok", "保存成功");
  H(r, "<form method='get' class='toolbar'>");
  for(i=0; i<d->nField; i++) if( d->aField[i].mFlags & RF_SEARCH ) break;
  if( i<d->nField ){
    struct buf lab = BUF_INIT;
    int k;
    for(k=0; k<d->nField; k++){
      if( !(d->aField[k].mFlags & RF_SEARCH) ) continue;
      buf_appendf(&lab, "%s%s", lab.len ? "或" : "", d->aField[k].zLabel);
    }
    H(r, "<div class='field'><label for='f-q'>%h</label><input id='f-q' name='q' value='%a'></div>",
      lab.buf, qy.zSearch ? qy.zSearch : "");
    buf_release(&lab);
  }
  for(i=0; i<d->nField; i++){
    const struct reg_field *f = &d->aField[i];
    int k;
    if( !(f->mFlags & RF_FILTER) ) continue;
    H(r, "<div class='field'><label for='f-%a'>%h</label><select id='f-%a' name='%a'>"
         "<option value=''>全部</option>", f->zKey, f->zLabel, f->zKey, f->zKey);
    if( f->eType==REG_CHOICE ){
      for(k=0; f->azChoice && f->azChoice[k]; k+=2){
        H(r, "<option value='%a'%s>%h</option>", f->azChoice[k],
          str_eq(qy.azFilter[i], f->azChoice[k]) ? " selected" : "", f->azChoice[k+1]);
      }
    }else if( f->eType==REG_BOOL ){
      H(r, "<option value='1'%s>是</option><option value='0'%s>否</option>",
        str_eq(qy.azFilter[i], "1") ? " selected" : "", str_eq(qy.azFilter[i], "0") ? " selected" : "");
    }else if( f->eType==REG_REF ){
      reg_ref_options(r, f->zRef, &a, qy.azFilter[i]);
    }
    H(r, "</select></div>");
  }
  if( d->eDelete==REG_DEL_VOID ){
    H(r, "<div class='field'><label><input type='checkbox' name='voided' value='1'%s> 含已作废</label></div>",
      qy.bVoided ? " checked" : "");
  }
  H(r, "<button class='btn' type='submit'>筛选</button>");
  if( bWrite ){
    H(r, " <a class='btn primary' href='/%t/new'>新增%h</a> <a class='btn' href='/%t/import'>导入</a>",
      d->zSeg, d->zTitle, d->zSeg);
  }
  H(r, " <a class='btn' href='/%t/export?format=xlsx'>导出 Excel</a>"
       " <a class='btn' href='/%t/export?format=csv'>导出 CSV</a></form>\n", d->zSeg, d->zSeg);
  H(r, "<p class='total'>共 %lld 条</p>\n<table class='list'><thead><tr>", (long long)total);
  abList = reg_flags_alloc(r->arena, d);
  for(i=0; i<d->nField; i++){
    /* a column shown only while its condition holds (示例数据) */
    abList[i] = (d->aField[i].mFlags & RF_LIST) && reg_field_shown(&d->aField[i]);
  }
  for(i=0; i<d->nField; i++){
    const struct reg_field *f = &d->aField[i];
    bool bOn = qy.iSort==i;
    if( !abList[i] ) continue;
    if( f->mFlags & RF_PERSONAL ){
      H(r, "<th scope='col'>%h</th>", f->zLabel);
    }else{
      const char *zArrow = !bOn ? "" : qy.bDesc ? " ↓" : " ↑";
      H(r, "<th scope='col'><a href='?sort=%s%t%a'>%h%h</a></th>",
        bOn && !qy.bDesc ? "-" : "", f->zKey, qs.buf, f->zLabel, zArrow);
    }
  }
  H(r, "<th scope='col'>操作</th></tr></thead><tbody>\n");
  reg_select(d, &a, &qy, &q);
  while( db_step(&q)==DB_ROW ){
    struct arena *row = arena_new();
    struct reg_rec rec;
    reg_row(d, &q, row, &rec);
    H(r, "<tr>");
    for(i=0; i<d->nField; i++){
      const char *zShow;
      if( !abList[i] ) continue;
      zShow = reg_show_value(row, d, i, &a, rec.az[i]);
      if( i==iTitle ){
        H(r, "<td><a href='/%t/%lld'>%h</a>%s</td>", d->zSeg, (long long)rec.id, zShow,
          rec.zVoidReason ? " <span class='tag'>已作废</span>"
          : reg_expired(d, rec.az) ? " <span class='tag amber'>已期满</span>" : "");
      }else if( d->aField[i].eType==REG_INT ){
        H(r, "<td class='num'>%h</td>", zShow);
      }else{
        H(r, "<td>%h</td>", zShow);
      }
    }
    H(r, "<td class='act'><a href='/%t/%lld'>查看</a>", d->zSeg, (long long)rec.id);
    if( bWrite && !rec.zVoidReason ){
      H(r, " <a href='/%t/%lld/edit'>编辑</a>", d->zSeg, (long long)rec.id);
    }
    H(r, "</td></tr>\n");
    arena_free(row);
    nRow++;
  }
  db_finalize(&q);
  H(r, "</tbody></table>\n");
  if( nRow==0 ){
    H(r, "<div class='empty'>暂无数据");
    if( bWrite ) H(r, " · <a href='/%t/import'>导入</a> · <a href='/%t/new'>新增</a>", d->zSeg, d->zSeg);
    H(r, "</div>\n");
  }
  if( nPage>1 ){
    const char *zSort = qy.iSort>=0
      ? arena_printf(r->arena, "&sort=%s%s", qy.bDesc ? "-" : "", d->aField[qy.iSort].zKey) : "";
    H(r, "<nav class='pager'>");
    if( page>1 ) H(r, "<a href='?page=%lld%a%a'>上一页</a> ", (long long)page-1, qs.buf, zSort);
    H(r, "第 %lld / %lld 页", (long long)page, (long long)nPage);
    if( page<nPage ) H(r, " <a href='?page=%lld%a%a'>下一页</a>", (long long)page+1, qs.buf, zSort);
    H(r, "</nav>\n");
  }
  html_end(r);
  buf_release(&qs);
}

/* The form of step s on record id (its asked fields). */
static void reg_step_form(struct req *r, const struct reg_def *d, const struct actor *a,
                          i64 id, const struct reg_step *s, const char **az,
                          const struct reg_err *e, i64 version, bool bPrimary){
  struct reg_err gate;
  int i;
  char zToday[11];
  const char *zBtn = bPrimary ? "primary" : "btn";
  date_format(date_today(), zToday);
  /* the gate's missing conditions (those the form itself asks for aside),
  ** beside the disabled button */
  reg_err_init(&gate, r->arena);
  if( az ) reg_gate_check(d, a, s, id, az, false, r->arena, &gate);
  H(r, "<form method='post' action='/%t/%lld/%t' class='step'>", d->zSeg, (long long)id, s->zVerb);
  html_csrf(r);
  H(r, "<input type='hidden' name='version' value='%lld'>", (long long)version);
  for(i=0; s->azAsk && s->azAsk[i]; i++){
    int k = reg_field_index(d, s->azAsk[i]);
    if( k<0 ) continue;
    {
      /* a date the step asks for starts at today (the day it is done); an
      ** end day (not before another) does not */
      const char *zVal = az ? az[k] : 0;
      if( zVal==0 && d->aField[k].eType==REG_DATE && d->aField[k].zNotBefore==0 ) zVal = zToday;
      reg_control(r, d, &d->aField[k], a, zVal, e ? reg_err_of(e, s->azAsk[i]) : 0,
                  d->aField[k].zHelp, az);
    }
  }
  if( gate.n ){
    H(r, "<div class='gate notice err'><p>尚不能%h：</p><ul>", s->zLabel);
    for(i=0; i<gate.n; i++) H(r, "<li>%h</li>", gate.a[i].zMsg);
    if( gate.nMore ) H(r, "<li>另有 %d 项未列出</li>", gate.nMore);
    H(r, "</ul></div><button class='%a' type='submit' disabled>%h</button></form>\n",
      zBtn, s->zLabel);
    return;
  }
  H(r, "<button class='%a' type='submit' data-confirm='%a'>%h</button></form>\n", zBtn,
    arena_printf(r->arena, "确定对“%s”%s吗？",
                 az ? reg_display(r->arena, d, reg_title_index(d), a, az[reg_title_index(d)]) : "",
                 s->zLabel),
    s->zLabel);
}

/* The record page of id; zNotice/e: what the last action said.  The page
** leads (lead.c): the state, the facts that apply in it (empty ones
** hidden, labels as the state names them), the usual next step as the one
** primary action, and every other action behind 「其他操作」, the
** destructive ones last and apart. */
static void reg_show(struct req *r, const struct reg_def *d, i64 id, const struct reg_err *e,
                     const char *zVerbErr){
  struct actor a;
  struct reg_rec rec;
  struct reg_err eGet;
  int i, iState = reg_state_index(d);
  const char *zTitle, *zDone;
  const struct reg_step *pUsual = 0;
  bool bWrite, bTech = false;
  actor_from_req(&a, r);
  reg_err_init(&eGet, r->arena);
  if( reg_get(d, &a, id, r->arena, &rec, &eGet) ){
    reg_note_out_of_scope(d, &a, id);
    html_error_page(r, 404, eGet.a[0].zMsg);
    return;
  }
  /* the title as a person reads it (a choice by its name, never its code) */
  zTitle = rec.az[reg_title_index(d)]
         ? reg_display(r->arena, d, reg_title_index(d), &a, rec.az[reg_title_index(d)]) : 0;
  html_begin_crumbs(r, zTitle ? zTitle : d->zTitle, arena_printf(r->arena, "/%s", d->zSeg),
                    reg_crumb(r, d));
  if( (zDone = req_param(r, "done"))!=0 && reg_step_find(d, zDone) ){
    html_notice(r, "ok", reg_step_done(r->arena, d, reg_step_find(d, zDone),
                                       iState>=0 ? rec.az[iState] : 0));
  }else if( zDone && str_eq(zDone, "void") ){
    html_notice(r, "ok", arena_printf(r->arena, "已作废%s", d->zTitle));
  }else if( req_param(r, "saved") ){
    html_notice(r, "ok", "保存成功");
  }
  if( e && e->n ) html_notice(r, "err", reg_err_text(e));
  if( iState>=0 || rec.zVoidReason ){
    H(r, "<p>状态：<span class='tag'>%h</span></p>\n",
      rec.zVoidReason ? "已作废" : reg_display(r->arena, d, iState, &a, rec.az[iState]));
  }else if( reg_expired(d, rec.az) ){
    H(r, "<p>状态：<span class='tag amber'>已期满</span></p>\n");
  }
  H(r, "<dl class='facts'>");
  for(i=0; i<d->nField; i++){
    const char *zLabel = reg_label_at(d, i, rec.az);
    if( zLabel==0 ) continue;
    if( d->aField[i].eType==REG_FILE ){
      H(r, "<dt>%h</dt><dd>", zLabel);
      reg_file_fact(r, d, &rec, i);
      H(r, "</dd>");
      continue;
    }
    /* an empty fact says nothing: a step not yet taken, a field that does
    ** not apply (the edit form still offers every field) */
    if( rec.az[i]==0 || rec.az[i][0]==0 || (d->aField[i].mFlags & RF_TECH)
     || !reg_field_shown(&d->aField[i]) ) continue;
    if( i==iState ) continue;         /* the state is the tag above */
    H(r, "<dt>%h</dt><dd>%h</dd>", zLabel, reg_show_value(r->arena, d, i, &a, rec.az[i]));
  }
  if( rec.zVoidReason ) H(r, "<dt>作废原因</dt><dd>%h</dd>", rec.zVoidReason);
  H(r, "</dl>\n");
  for(i=0; i<d->nField; i++){
    /* the machinery, folded (RF_TECH) */
    if( !(d->aField[i].mFlags & RF_TECH) || rec.az[i]==0 || rec.az[i][0]==0 ) continue;
    if( !bTech ){
      reg_tech_begin(r);
      H(r, "<dl class='facts'>");
      bTech = true;
    }
    H(r, "<dt>%h</dt><dd class='mono'>%h</dd>", d->aField[i].zLabel,
      reg_display(r->arena, d, i, &a, rec.az[i]));
  }
  if( bTech ){
    H(r, "</dl>");
    reg_tech_end(r);
  }
  if( d->xShowMore ) d->xShowMore(r, &a, &rec);
  if( d->nDeadline ) reg_deadline_show(r, d, &a, &rec);
  if( d->nChild ) reg_child_tables(r, d, &a, &rec);
  reg_file_forms(r, d, &a, &rec);
  reg_doc_links(r, d, &rec);
  bWrite = !rec.zVoidReason && reg_may_write(d, &a);
  if( !rec.zVoidReason ) pUsual = reg_step_usual(d, &a, rec.az);
  if( pUsual && bWrite ){
    H(r, "<section class='next'><h2>下一步：%h</h2>\n", pUsual->zLabel);
    reg_step_form(r, d, &a, id, pUsual, rec.az, str_eq(zVerbErr, pUsual->zVerb) ? e : 0,
                  rec.version, true);
    H(r, "</section>\n");
  }
  if( bWrite ){
    bool bOpen = false;
    int nOther = 0;
    /* the fold opens by itself when its step was the one refused */
    for(i=0; i<d->nStep; i++){
      const struct reg_step *s = &d->aStep[i];
      int k;
      if( s==pUsual || (s->mRoles && !(s->mRoles & a.mRoles)) ) continue;
      for(k=0; iState>=0 && s->azFrom[k]; k++){
        if( str_eq(s->azFrom[k], rec.az[iState]) ){
          nOther++;
          if( str_eq(zVerbErr, s->zVerb) ) bOpen = true;
        }
      }
    }
    if( e && reg_err_of(e, "reason") ) bOpen = true;
    if( pUsual==0 && nOther==0 ){
      H(r, "<p class='actions'><a class='btn primary' href='/%t/%lld/edit'>编辑</a></p>\n", d->zSeg,
        (long long)id);
      if( d->eDelete==REG_DEL_NONE ){
        html_end(r);
        return;
      }
    }
    H(r, "<details class='more'%s><summary>其他操作</summary>\n", bOpen ? " open" : "");
    if( pUsual || nOther ){
      H(r, "<p class='actions'><a class='btn' href='/%t/%lld/edit'>编辑</a></p>\n", d->zSeg,
        (long long)id);
    }
    for(i=0; i<d->nStep; i++){
      const struct reg_step *s = &d->aStep[i];
      int k;
      bool bFrom = false;
      if( s==pUsual || (s->mRoles && !(s->mRoles & a.mRoles)) ) continue;
      for(k=0; iState>=0 && s->azFrom[k]; k++) if( str_eq(s->azFrom[k], rec.az[iState]) ) bFrom = true;
      if( !bFrom ) continue;
      H(r, "<h3>%h</h3>\n", s->zLabel);
      reg_step_form(r, d, &a, id, s, rec.az, str_eq(zVerbErr, s->zVerb) ? e : 0, rec.version,
                    false);
    }
    if( d->eDelete==REG_DEL_VOID ){
      H(r, "<div class='danger-zone'><h3>作废</h3><form method='post' action='/%t/%lld/void'>",
        d->zSeg, (long long)id);
      html_csrf(r);
      H(r, "<div class='field%s'><label for='f-reason'>作废原因<span class='req'>*</span></label>"
           "<input id='f-reason' name='reason'>%s</div>"
           "<button class='danger' type='submit' data-confirm='%a'>作废</button></form></div>\n",
        e && reg_err_of(e, "reason") ? " has-err" : "", "",
        arena_printf(r->arena, "确定作废“%s”吗？", zTitle ? zTitle : ""));
    }else if( d->eDelete==REG_DEL_DELETE ){
      H(r, "<div class='danger-zone'><form method='post' action='/%t/%lld/delete'>", d->zSeg,
        (long long)id);
      html_csrf(r);
      H(r, "<button class='danger' type='submit' data-confirm='%a'>删除</button></form></div>\n",
        arena_printf(r->arena, "确定删除“%s”吗？", zTitle ? zTitle : ""));
    }
    H(r, "</details>\n");
  }
  html_end(r);
}

void reg_show_page(struct req *r){
  const struct reg_def *d = reg_of_req(r);
  i64 id = req_path_id(r, 0);
  if( id==0 ){
    html_error_page(r, 404, arena_printf(r->arena, "%s不存在或不在您的管理范围内", d->zTitle));
    return;
  }
  reg_show(r, d, id, 0, 0);
}

void reg_new_page(struct req *r){
  const struct reg_def *d = reg_of_req(r);
  const char **az = reg_values_alloc(r->arena, d);
  bool *abSet = reg_flags_alloc(r->arena, d);
  struct actor a;
  struct reg_err e;
  const char *zTitle = arena_printf(r->arena, "新增%s", d->zTitle);
  i64 id;
  actor_from_req(&a, r);
  reg_err_init(&e, r->arena);
  if( strcmp(r->zMethod, "POST")==0 ){
    reg_form_values(r, d, &a, az, abSet, true);
    if( reg_file_form_check(r, d, &e)==0 && reg_create(d, &a, az, &id, &e)==0
     && reg_file_form_take(r, d, &a, id, &e)==0 ){
      req_redirect(r, arena_printf(r->arena, "/%s/%lld?saved=1", d->zSeg, (long long)id));
      return;
    }
    r->status = reg_err_status(e.eKind)==409 ? 409 : 422;
  }else{
    /* references to orgs start at the user's own unit, required dates at
    ** today (lead.c: choices start at the likely value) */
    int i;
    char zToday[11];
    date_format(date_today(), zToday);
    for(i=0; i<d->nField; i++){
      const struct reg_field *f = &d->aField[i];
      if( f->eType==REG_REF && str_eq(f->zRef, "org") && a.orgId ){
        az[i] = arena_printf(r->arena, "%lld", (long long)a.orgId);
      }else if( d->nStep && f->eType==REG_DATE && (f->mFlags & RF_REQUIRED)
             && !(f->mFlags & RF_READONLY) && f->zNotBefore==0 ){
        /* a case's day of receipt, say; an end day (not before another) is not today */
        az[i] = arena_strdup(r->arena, zToday);
      }
    }
    if( d->xDefaults ) d->xDefaults(&a, az);
  }
  html_begin_crumbs(r, zTitle, arena_printf(r->arena, "/%s", d->zSeg), reg_crumb(r, d));
  reg_form(r, d, &a, arena_printf(r->arena, "/%s/new", d->zSeg),
           arena_printf(r->arena, "/%s", d->zSeg), az, &e, true, 0);
  html_end(r);
}

void reg_edit_page(struct req *r){
  const struct reg_def *d = reg_of_req(r);
  const char **az = reg_values_alloc(r->arena, d);
  bool *abSet = reg_flags_alloc(r->arena, d);
  struct actor a;
  struct reg_err e;
  struct reg_rec rec;
  const char **azShow;
  const char *zTitle;
  i64 id = req_path_id(r, 0), version;
  const char **azCrumb;
  actor_from_req(&a, r);
  reg_err_init(&e, r->arena);
  if( id==0 || reg_get(d, &a, id, r->arena, &rec, &e) ){
    reg_note_out_of_scope(d, &a, id);
    html_error_page(r, 404, arena_printf(r->arena, "%s不存在或不在您的管理范围内", d->zTitle));
    return;
  }
  azShow = rec.az;
  version = rec.version;
  if( strcmp(r->zMethod, "POST")==0 ){
    int i;
    const char *zVer = req_param_trim(r, "version");
    /* the version the form was read at (kept as it was when refused, so
    ** the same stale form never saves over the newer record) */
    if( zVer && str_to_i64(zVer, 1, INT64_MAX, &version) ) version = rec.version;
    reg_form_values(r, d, &a, az, abSet, false);
    if( reg_file_form_check(r, d, &e)==0 && reg_update_at(d, &a, id, version, az, abSet, &e)==0
     && reg_file_form_take(r, d, &a, id, &e)==0 ){
      req_redirect(r, arena_printf(r->arena, "/%s/%lld?saved=1", d->zSeg, (long long)id));
      return;
    }
    r->status = reg_err_status(e.eKind);
    if( r->status==410 || r->status==404 ){
      html_error_page(r, r->status, reg_err_text(&e));
      return;
    }
    for(i=0; i<d->nField; i++) if( abSet[i] ) azShow[i] = az[i];
  }
  zTitle = rec.az[reg_title_index(d)]
         ? reg_display(r->arena, d, reg_title_index(d), &a, rec.az[reg_title_index(d)]) : 0;
  azCrumb = arena_alloc(r->arena, sizeof(char *) * 5);
  azCrumb[0] = d->zListTitle ? d->zListTitle : d->zTitle;
  azCrumb[1] = arena_printf(r->arena, "/%s", d->zSeg);
  azCrumb[2] = zTitle ? zTitle : "记录";
  azCrumb[3] = arena_printf(r->arena, "/%s/%lld", d->zSeg, (long long)id);
  azCrumb[4] = 0;
  html_begin_crumbs(r, arena_printf(r->arena, "编辑%s", d->zTitle),
                    arena_printf(r->arena, "/%s", d->zSeg), azCrumb);
  reg_form(r, d, &a, arena_printf(r->arena, "/%s/%lld/edit", d->zSeg, (long long)id),
           azCrumb[3], azShow, &e, false, version);
  html_end(r);
}

/* POST /<seg>/:id/<verb>: a step, void (reason) or delete. */
void reg_action_page(struct req *r){
  const struct reg_def *d = reg_of_req(r);
  const char **az = reg_values_alloc(r->arena, d);
  struct actor a;
  struct reg_err e;
  i64 id = req_path_id(r, 0);
  const char *zVerb = r->nPathArg>1 ? r->azPathArg[1] : "";
  int rc, i;
  actor_from_req(&a, r);
  reg_err_init(&e, r->arena);
  if( str_eq(zVerb, "void") || str_eq(zVerb, "delete") ){
    rc = reg_delete(d, &a, id, req_param_trim(r, "reason"), &e);
    if( rc==0 && d->eDelete==REG_DEL_DELETE ){
      req_redirect(r, arena_printf(r->arena, "/%s?saved=1", d->zSeg));
      return;
    }
  }else{
    const struct reg_step *s = reg_step_find(d, zVerb);
    if( s==0 ){
      html_error_page(r, 404, "页面不存在");
      return;
    }
    for(i=0; s->azAsk && s->azAsk[i]; i++){
      int k = reg_field_index(d, s->azAsk[i]);
      if( k>=0 ) az[k] = req_param_trim(r, s->azAsk[i]);
    }
    {
      /* the version the record page showed (0 = not given: any) */
      const char *zVer = req_param_trim(r, "version");
      i64 version = 0;
      if( zVer && str_to_i64(zVer, 1, INT64_MAX, &version) ) version = 0;
      rc = reg_step_at(d, &a, id, version, zVerb, az, &e);
    }
  }
  if( rc==0 ){
    /* the record page says what the action did (lead.c) */
    req_redirect(r, arena_printf(r->arena, "/%s/%lld?done=%s", d->zSeg, (long long)id,
                                 str_eq(zVerb, "void") ? "void" : zVerb));
    return;
  }
  if( e.eKind==REG_ENOTFOUND ){
    reg_note_out_of_scope(d, &a, id);
    html_error_page(r, 404, reg_err_text(&e));
    return;
  }
  reg_show(r, d, id, &e, zVerb);
  r->status = reg_err_status(e.eKind);
}
