/*
** deadline.c -- deadlines a register declares (reg.h struct reg_deadline),
** counted on the one clock (core/clock.h).
**
** From the declaration alone the kernel derives each due day on every
** write (the start field, the limit in working days, days or months, the
** pauses from a child, the one extension), lists what is due within N
** working days and what is overdue (fazhi <cmd> due, GET /api/v1/<seg>/due),
** explains every due day (the record page, fazhi <cmd> explain ID), and
** recomputes the open rows of every register when the calendar changes
** (reg_deadline_recompute, the calendar's hook), one audit entry per row
** that changed with every due day that moved.
*/
#include "../common.h"
#include "../base/arena.h"
#include "../base/buf.h"
#include "../base/calendar.h"
#include "../base/date.h"
#include "../base/json.h"
#include "../base/map.h"
#include "../base/util.h"
#include "../core/clock.h"
#include "../store/db.h"
#include "../web/api.h"
#include "../web/html.h"
#include "../web/req.h"
#include "../core/app.h"
#include "../core/audit.h"
#include "../core/cli.h"
#include "internal.h"

/* A date field as a day number, or 0. */
static int dl_day(const char *z){
  int d = 0;
  if( z==0 || date_parse(z, &d) ) return 0;
  return d;
}

/* While a recompute runs on this thread: the parents that have rows of
** one child (loaded at its first question), freed when it ends. */
static _Thread_local struct {
  bool bOn;
  const struct reg_def *d;
  const char *zChild;
  struct arena *ar;
  struct map *pIds;              /* parent id (text) -> 1 */
} kids;

bool reg_deadline_may_have(const struct reg_def *d, const char *zChild, i64 id){
  char zId[24];
  i64 v;
  if( !kids.bOn ) return true;
  if( kids.d!=d || !str_eq(kids.zChild, zChild) ){
    const struct reg_child *ch = reg_child_find(d, zChild);
    struct buf sql = BUF_INIT;
    struct stmt q;
    if( ch==0 || ch->pDef->zParentField==0 ) return true;
    arena_free(kids.ar);
    kids.ar = arena_new();
    kids.pIds = map_new(kids.ar);
    kids.d = d;
    kids.zChild = zChild;
    buf_appendf(&sql, "SELECT DISTINCT %s FROM %s", ch->pDef->zParentField, ch->pDef->zTable);
    db_prepare_buf(&q, &sql);
    while( db_step(&q)==DB_ROW ){
      if( !db_column_is_null(&q, 0) ) map_set(kids.pIds, db_column_text(&q, 0), 1);
    }
    db_finalize(&q);
    buf_release(&sql);
  }
  snprintf(zId, sizeof(zId), "%lld", (long long)id);
  return map_get(kids.pIds, zId, &v);
}

/* True when the row's state lets deadline dl run. */
static bool dl_open(const struct reg_def *d, const struct reg_deadline *dl, const char **az){
  int i, iState = reg_state_index(d);
  if( dl->azOpen==0 || iState<0 ) return true;
  for(i=0; dl->azOpen[i]; i++) if( str_eq(dl->azOpen[i], az[iState]) ) return true;
  return false;
}

/* The field index of zKey in d (a broken declaration is a bug). */
static int dl_field(const struct reg_def *d, const char *zKey){
  int i = reg_field_index(d, zKey);
  if( i<0 ) fatal("reg: deadline of %s names no field %s", d->zName, zKey ? zKey : "(null)");
  return i;
}

int reg_deadline_compute(const struct calendar *cal, const struct reg_def *d,
                         const struct reg_deadline *dl, i64 id, const char **az,
                         struct arena *ar, int *pDue, struct buf *pEx, struct buf *pErr){
  struct clock_spec s;
  struct clock_pause *aP = 0;
  int start, rc, nProv = 0;
  *pDue = 0;
  if( dl->xCompute ) return dl->xCompute(cal, d, id, az, ar, pDue, pEx, pErr);
  start = dl_day(az[dl_field(d, dl->zStartField)]);
  if( !dl_open(d, dl, az) ){
    /* not running: the due day stays; asked to explain, show how it came */
    if( pEx && start && az[dl_field(d, dl->zDueField)] ){
      struct buf e2 = BUF_INIT;
      int due;
      struct reg_deadline one = *dl;
      one.azOpen = 0;
      reg_deadline_compute(cal, d, &one, id, az, ar, &due, pEx, &e2);
      buf_release(&e2);
    }
    return 1;
  }
  if( start==0 ) return 0;
  memset(&s, 0, sizeof(s));
  s.start = start;
  s.n = dl->nLimit;
  s.eUnit = dl->eUnit;
  s.pnProvYear = &nProv;         /* a year not loaded: weekends alone, 暂定 */
  if( dl->zExtField ){
    const char *z = az[dl_field(d, dl->zExtField)];
    s.nExt = z ? atoi(z) : 0;
  }
  if( dl->zPauseChild && id && reg_deadline_may_have(d, dl->zPauseChild, id) ){
    const struct reg_child *ch = reg_child_find(d, dl->zPauseChild);
    struct reg_rec *aRec;
    int i, n;
    if( ch==0 ) fatal("reg: deadline of %s names no child %s", d->zName, dl->zPauseChild);
    reg_children(d, id, dl->zPauseChild, ar, &aRec, &n);
    aP = arena_alloc(ar, sizeof(*aP) * (size_t)(n ? n : 1));
    for(i=0; i<n; i++){
      const struct reg_def *cd = ch->pDef;
      int iS = dl_field(cd, dl->zPauseStart), iE = dl_field(cd, dl->zPauseEnd);
      if( dl_day(aRec[i].az[iS])==0 ) continue;
      aP[s.nP].start = dl_day(aRec[i].az[iS]);
      aP[s.nP].end = dl_day(aRec[i].az[iE]);
      aP[s.nP].zKind = dl->zPauseKind
        ? reg_display(ar, cd, dl_field(cd, dl->zPauseKind), 0, aRec[i].az[dl_field(cd, dl->zPauseKind)])
        : cd->zTitle;
      s.nP++;
    }
    s.aP = aP;
  }
  if( pEx ){
    char z[11];
    buf_appendf(pEx, "【%s】自%s%s起（当日不计）%d%s", dl->zLabel,
                d->aField[dl_field(d, dl->zStartField)].zLabel, date_format(start, z), dl->nLimit,
                dl->eUnit==CLOCK_MONTH ? "个月" : dl->eUnit==CLOCK_DAY ? "日" : "个工作日");
    if( s.nExt ) buf_appendf(pEx, "，延期%d个工作日", s.nExt);
    buf_puts(pEx, "\n");
  }
  rc = clock_due(cal, &s, pDue, pEx, pErr);
  if( rc ) *pDue = 0;
  return rc;
}

/* Set field iDue of az from one computation (keep on 1). */
static void dl_set(struct arena *ar, const char **az, int iDue, int rc, int due){
  char z[11];
  if( rc==1 ) return;
  az[iDue] = rc==0 && due ? arena_strdup(ar, date_format(due, z)) : 0;
}

void reg_deadline_derive(struct reg_ctx *c){
  const struct calendar *cal;
  int i;
  if( c->d->nDeadline==0 ) return;
  cal = clock_calendar();
  for(i=0; i<c->d->nDeadline; i++){
    const struct reg_deadline *dl = &c->d->aDeadline[i];
    struct buf err = BUF_INIT;
    int due = 0;
    int rc = reg_deadline_compute(cal, c->d, dl, c->id, c->azNew, c->ar, &due, 0, &err);
    dl_set(c->ar, c->azNew, dl_field(c->d, dl->zDueField), rc, due);
    buf_release(&err);
  }
  clock_release(cal);
}

int reg_deadline_recompute(const struct actor *a, struct buf *pErr){
  const struct reg_def *const *pp;
  struct calendar *cal = clock_calendar_fresh();   /* inside the change: the new years */
  struct audit_batch batch;
  int nChanged = 0;
  (void)pErr;
  db_bulk(true);
  audit_batch_begin(&batch);
  kids.bOn = true;
  for(pp=reg_list(); *pp; pp++){
    const struct reg_def *d = *pp;
    struct reg_query qy;
    struct stmt q;
    struct arena *ar;
    i64 now = time_now();
    int nRow = 0, iOrg;
    char zOrgId[24] = "", *zOrgPath = 0;
    if( d->nDeadline==0 ) continue;
    iOrg = d->zOrgField && !str_eq(d->zOrgField, "id") ? reg_field_index(d, d->zOrgField) : -1;
    ar = arena_new();
    reg_query_init(&qy);
    qy.limit = INT64_MAX/2;
    qy.bById = true;               /* every row once; the list's order costs a sort */
    reg_select(d, a, &qy, &q);
    while( db_step(&q)==DB_ROW ){
      struct reg_rec rec;
      const char **azNew;
      struct buf sql = BUF_INIT, jb = BUF_INIT, ja = BUF_INIT;
      struct json_w j, j2;
      struct stmt u;
      bool bOpen = false, bChanged = false;
      char zId[24];
      int i, n = 1;
      if( ++nRow % 1024==0 ){         /* the rows live in a scratch arena */
        arena_free(ar);
        ar = arena_new();
      }
      reg_row(d, &q, ar, &rec);
      if( rec.zVoidReason ) continue;
      for(i=0; i<d->nDeadline; i++) if( dl_open(d, &d->aDeadline[i], rec.az) ) bOpen = true;
      if( !bOpen ) continue;
      azNew = arena_alloc(ar, sizeof(char *) * (size_t)d->nField);
      memcpy(azNew, rec.az, sizeof(char *) * (size_t)d->nField);
      for(i=0; i<d->nDeadline; i++){
        const struct reg_deadline *dl = &d->aDeadline[i];
        struct buf err = BUF_INIT;
        int due = 0, rc;
        if( !dl_open(d, dl, rec.az) ) continue;
        rc = reg_deadline_compute(cal, d, dl, rec.id, rec.az, ar, &due, 0, &err);
        dl_set(ar, azNew, dl_field(d, dl->zDueField), rc, due);
        buf_release(&err);
      }
      for(i=0; i<d->nField; i++) if( !str_eq(azNew[i], rec.az[i]) ) bChanged = true;
      if( !bChanged ) continue;
      /* one UPDATE of the due fields that moved, one entry with them all */
      buf_appendf(&sql, "UPDATE %s SET ", d->zTable);
      json_init(&j, &jb); json_obj_open(&j, 0);
      json_init(&j2, &ja); json_obj_open(&j2, 0);
      json_str(&j, d->aField[reg_title_index(d)].zKey, rec.az[reg_title_index(d)]);
      json_str(&j2, d->aField[reg_title_index(d)].zKey, rec.az[reg_title_index(d)]);
      for(i=0; i<d->nField; i++){
        if( str_eq(azNew[i], rec.az[i]) ) continue;
        buf_appendf(&sql, "%s=?%d, ", d->aField[i].zKey, n++);
        json_str(&j, d->aField[i].zKey, rec.az[i]);
        json_str(&j2, d->aField[i].zKey, azNew[i]);
      }
      json_obj_close(&j);
      json_obj_close(&j2);
      buf_appendf(&sql, "updated_at=?%d WHERE id=?%d", n, n+1);
      db_prepare_buf(&u, &sql);
      n = 1;
      for(i=0; i<d->nField; i++) if( !str_eq(azNew[i], rec.az[i]) ) db_bind_text(&u, n++, azNew[i]);
      db_bind_int64(&u, n, now);
      db_bind_int64(&u, n+1, rec.id);
      db_step(&u);
      db_finalize(&u);
      snprintf(zId, sizeof(zId), "%lld", (long long)rec.id);
      if( iOrg>=0 && rec.az[iOrg] ){
        /* the entry's subject is the row's org: looked up once per org,
        ** not once per row (reg_audit_subject's query) */
        if( !str_eq(rec.az[iOrg], zOrgId) ){
          i64 orgId = 0;
          snprintf(zOrgId, sizeof(zOrgId), "%s", rec.az[iOrg]);
          str_to_i64(zOrgId, 1, INT64_MAX, &orgId);
          free(zOrgPath);
          zOrgPath = 0;
          if( orgId ){
            char *z = db_text(ar, 0, "SELECT path FROM org WHERE id=?1", "i", orgId);
            zOrgPath = z ? xstrdup(z) : 0;
          }
        }
        batch.zSubject = zOrgPath;
      }
      audit_batch_add(&batch, a, "recompute", d->zName, zId, jb.buf, ja.buf);
      buf_release(&sql);
      buf_release(&jb);
      buf_release(&ja);
      nChanged++;
    }
    db_finalize(&q);
    arena_free(ar);
    free(zOrgPath);
  }
  audit_batch_end(&batch);
  db_bulk(false);
  calendar_free(cal);
  arena_free(kids.ar);
  memset(&kids, 0, sizeof(kids));
  return nChanged;
}

/* How row az stands on day asOf for deadline dl: 0 with the due day and
** the working days left (negative: overdue), -1 when it has none. */
static int dl_stand(const struct calendar *cal, const struct reg_def *d,
                    const struct reg_deadline *dl, const char **az, int asOf, int *pDue,
                    int *pLeft){
  int due = dl_day(az[dl_field(d, dl->zDueField)]);
  if( !dl_open(d, dl, az) || due==0 ) return -1;
  *pLeft = clock_workdays_left(cal, asOf, due);   /* 暂定 past a year not loaded */
  *pDue = due;
  return 0;
}

const char *reg_due_note(struct arena *ar, const struct calendar *cal, const struct reg_def *d,
                         int iField, const char *z, bool bLong){
  int i, y, due = dl_day(z);
  if( due==0 || cal==0 ) return 0;
  for(i=0; i<d->nDeadline; i++){
    if( !str_eq(d->aDeadline[i].zDueField, d->aField[iField].zKey) ) continue;
    if( (y = clock_provisional_year(cal, 0, due))==0 ) return 0;
    return bLong ? arena_printf(ar, "暂定：%d年节假日安排尚未载入，暂按周末计算；载入后自动重新计算", y)
                 : "暂定";
  }
  return 0;
}

int reg_due_provisional(const struct reg_def *d, int iField, const char *z){
  const struct calendar *cal;
  int i, r = -1, due = dl_day(z);
  for(i=0; i<d->nDeadline; i++){
    if( str_eq(d->aDeadline[i].zDueField, d->aField[iField].zKey) ) r = 0;
  }
  if( r<0 || due==0 ) return r;
  cal = clock_calendar();
  r = cal && clock_provisional_year(cal, 0, due)!=0;
  clock_release(cal);
  return r;
}

const char *reg_show_value(struct arena *ar, const struct reg_def *d, int iField,
                           const struct actor *a, const char *z){
  const char *zShow = reg_display_page(ar, d, iField, a, z), *zNote;
  const struct calendar *cal;
  if( d->nDeadline==0 || d->aField[iField].eType!=REG_DATE || z==0 ) return zShow;
  cal = clock_calendar();
  zNote = reg_due_note(ar, cal, d, iField, z, false);
  clock_release(cal);
  return zNote ? arena_printf(ar, "%s（%s）", zShow, zNote) : zShow;
}

/* "剩余N个工作日" or "已逾期N个工作日" for a stand, in ar. */
static const char *dl_left_text(struct arena *ar, int asOf, int due, int nLeft){
  if( asOf>due ) return arena_printf(ar, "已逾期%d个工作日", -nLeft);
  return arena_printf(ar, "剩余%d个工作日", nLeft);
}

void reg_deadline_show(struct req *r, const struct reg_def *d, const struct actor *a,
                       const struct reg_rec *pRec){
  const struct calendar *cal;
  int i, today = date_today();
  if( d->nDeadline==0 ) return;
  cal = clock_calendar();
  H(r, "<h2>期限</h2><dl class='facts deadlines'>");
  for(i=0; i<d->nDeadline; i++){
    const struct reg_deadline *dl = &d->aDeadline[i];
    struct buf ex = BUF_INIT, err = BUF_INIT;
    const char *zDue = pRec->az[dl_field(d, dl->zDueField)];
    const char *zLabel = reg_label_at(d, dl_field(d, dl->zDueField), pRec->az);  /* lead.c */
    int due = 0, nLeft = 0;
    const char *zNote;
    if( zLabel==0 ) continue;
    if( str_eq(zLabel, d->aField[dl_field(d, dl->zDueField)].zLabel) ) zLabel = dl->zLabel;
    zNote = reg_due_note(r->arena, cal, d, dl_field(d, dl->zDueField), zDue, true);
    H(r, "<dt>%h</dt><dd>%h", zLabel,
      zDue ? reg_display_page(r->arena, d, dl_field(d, dl->zDueField), a, zDue) : "—");
    if( zNote ) H(r, " <span class='tag soon provisional'>暂定</span><div class='hint'>%h</div>", zNote);
    if( !pRec->zVoidReason && !dl->bNoList && dl_stand(cal, d, dl, pRec->az, today, &due, &nLeft)==0 ){
      H(r, "（%h）", dl_left_text(r->arena, today, due, nLeft));
    }
    reg_deadline_compute(cal, d, dl, pRec->id, pRec->az, r->arena, &due, &ex, &err);
    if( ex.len || err.len ){
      H(r, "<details class='explain'><summary>计算过程</summary><pre class='explain'>%h%h</pre>"
           "</details>", ex.buf ? ex.buf : "", err.buf ? err.buf : "");
    }
    H(r, "</dd>");
    buf_release(&ex);
    buf_release(&err);
  }
  H(r, "</dl>\n");
  clock_release(cal);
}

/* One row due within nWithin working days of asOf (or overdue). */
struct dl_hit {
  i64 id;
  const char *zTitle, *zLabel, *zKey, *zState;
  int due, nLeft;
  bool bOverdue;                 /* the as-of day is past the due day */
  bool bProv;                    /* 暂定: counted past a year not loaded */
};

/* Call x for every open row of d the actor reaches that is due within
** nWithin working days of asOf or overdue. */
static int dl_scan(const struct reg_def *d, const struct actor *a, int asOf, i64 nWithin,
                   struct arena *ar, void (*x)(void *, const struct dl_hit *), void *pArg){
  const struct calendar *cal = clock_calendar();
  struct reg_query qy;
  struct stmt q;
  int n = 0, iState = reg_state_index(d);
  reg_query_init(&qy);
  qy.limit = INT64_MAX/2;
  reg_select(d, a, &qy, &q);
  while( db_step(&q)==DB_ROW ){
    struct reg_rec rec;
    int i;
    reg_row(d, &q, ar, &rec);
    if( rec.zVoidReason ) continue;
    for(i=0; i<d->nDeadline; i++){
      const struct reg_deadline *dl = &d->aDeadline[i];
      struct dl_hit h;
      if( dl->bNoList || dl_stand(cal, d, dl, rec.az, asOf, &h.due, &h.nLeft) ) continue;
      if( h.nLeft>nWithin ) continue;
      h.bOverdue = asOf>h.due;
      h.bProv = clock_provisional_year(cal, 0, h.due)!=0;
      h.id = rec.id;
      h.zTitle = rec.az[reg_title_index(d)];
      h.zLabel = dl->zLabel;
      h.zKey = dl->zDueField;
      h.zState = iState>=0 ? reg_display(ar, d, iState, a, rec.az[iState]) : 0;
      x(pArg, &h);
      n++;
    }
  }
  db_finalize(&q);
  clock_release(cal);
  return n;
}

/* Print one hit (fazhi <cmd> due). */
static void dl_print(void *pArg, const struct dl_hit *h){
  struct arena *ar = pArg;
  char z[11];
  printf("%s\t%s\t%s\t%s%s\t%s\n", h->zTitle ? h->zTitle : "", h->zLabel,
         h->zState ? h->zState : "", date_format(h->due, z), h->bProv ? "（暂定）" : "",
         h->bOverdue ? arena_printf(ar, "已逾期%d个工作日", -h->nLeft)
                     : arena_printf(ar, "剩余%d个工作日", h->nLeft));
}

/* Write one hit as JSON (GET /api/v1/<seg>/due). */
static void dl_json(void *pArg, const struct dl_hit *h){
  struct json_w *j = pArg;
  char z[11];
  json_obj_open(j, 0);
  json_int(j, "id", h->id);
  json_str(j, "title", h->zTitle);
  json_str(j, "deadline", h->zKey);
  json_str(j, "deadline_name", h->zLabel);
  json_str(j, "state_name", h->zState);
  json_str(j, "due", date_format(h->due, z));
  json_int(j, "days_left", h->nLeft);
  json_bool(j, "overdue", h->bOverdue);
  json_bool(j, "provisional", h->bProv);
  json_obj_close(j);
}

void reg_due_api(struct req *r){
  const struct reg_def *d = reg_of_req(r);
  const char *zWithin = req_param_trim(r, "within"), *zAsOf = req_param_trim(r, "as_of");
  struct actor a;
  struct json_w j;
  i64 nWithin = 3;
  int asOf = date_today(), n;
  if( d==0 || d->nDeadline==0 ){ api_error(r, 404, "not_found", "没有这个接口", 0); return; }
  if( zWithin && str_to_i64(zWithin, 0, 250, &nWithin) ){
    api_error(r, 400, "bad_param", "within 应为0到250的整数（工作日）", "within");
    return;
  }
  if( zAsOf && (asOf = dl_day(zAsOf))==0 ){
    api_error(r, 400, "bad_param", "as_of 应为 YYYY-MM-DD", "as_of");
    return;
  }
  actor_from_req(&a, r);
  api_begin(r, &j);
  json_obj_open(&j, 0);
  json_arr_open(&j, "items");
  n = dl_scan(d, &a, asOf, nWithin, r->arena, dl_json, &j);
  json_arr_close(&j);
  json_int(&j, "total", n);
  json_int(&j, "within", nWithin);
  json_obj_close(&j);
}

int reg_deadline_cmd(const struct reg_def *d, int argc, char **argv){
  struct arena *ar;
  struct actor a;
  int rc = 0;
  if( argc>0 && str_eq(argv[0], "due") ){
    const char *zWithin, *zAsOf;
    char zUse[256];
    i64 nWithin = 3;
    int n = argc, asOf;
    snprintf(zUse, sizeof(zUse), "用法: fazhi %s due [--within N] [--as-of YYYY-MM-DD]\n"
             "列出N个工作日内到期（默认3）和已逾期的记录。\n", d->zCmd);
    zWithin = cli_option(&n, argv, "--within");
    zAsOf = cli_option(&n, argv, "--as-of");
    if( zWithin && str_to_i64(zWithin, 0, 250, &nWithin) ){
      fprintf(stderr, "fazhi: --within 应为0到250的整数\n");
      return 2;
    }
    if( zAsOf && dl_day(zAsOf)==0 ){
      fprintf(stderr, "fazhi: --as-of 应为 YYYY-MM-DD\n");
      return 2;
    }
    if( cli_finish(n, argv, 0, 0, zUse) ) return 2;
    if( cli_open() ) return 1;
    asOf = zAsOf ? dl_day(zAsOf) : date_today();
    actor_cli(&a);
    ar = arena_new();
    if( dl_scan(d, &a, asOf, nWithin, ar, dl_print, ar)==0 ){
      printf("%lld个工作日内没有到期的%s，也没有逾期的\n", (long long)nWithin, d->zTitle);
    }
    arena_free(ar);
    return 0;
  }else{
    struct reg_rec rec;
    struct reg_err e;
    const struct calendar *cal;
    char zUse[256];
    i64 id;
    int i;
    snprintf(zUse, sizeof(zUse), "用法: fazhi %s explain ID\n逐日说明每个期限的计算。\n", d->zCmd);
    if( cli_finish(argc, argv, 1, 1, zUse) ) return 2;
    if( str_to_i64(argv[1], 1, INT64_MAX, &id) ){
      fprintf(stderr, "fazhi: 编号应为正整数\n");
      return 2;
    }
    if( cli_open() ) return 1;
    actor_cli(&a);
    ar = arena_new();
    reg_err_init(&e, ar);
    if( reg_get(d, &a, id, ar, &rec, &e) ){
      fprintf(stderr, "fazhi: %s\n", reg_err_text(&e));
      arena_free(ar);
      return reg_err_exit(e.eKind);
    }
    cal = clock_calendar();
    printf("%s\n", rec.az[reg_title_index(d)] ? rec.az[reg_title_index(d)] : "");
    for(i=0; i<d->nDeadline; i++){
      const struct reg_deadline *dl = &d->aDeadline[i];
      struct buf ex = BUF_INIT, err = BUF_INIT;
      const char *zDue = rec.az[dl_field(d, dl->zDueField)];
      int due;
      const char *zNote = reg_due_note(ar, cal, d, dl_field(d, dl->zDueField), zDue, true);
      printf("%s：%s%s%s%s\n", dl->zLabel, zDue ? zDue : "—", zNote ? "（" : "",
             zNote ? zNote : "", zNote ? "）" : "");
      reg_deadline_compute(cal, d, dl, rec.id, rec.az, ar, &due, &ex, &err);
      fputs(ex.buf ? ex.buf : "", stdout);
      if( err.len ) printf("%s\n", err.buf);
      buf_release(&ex);
      buf_release(&err);
    }
    clock_release(cal);
    arena_free(ar);
    return rc;
  }
}
