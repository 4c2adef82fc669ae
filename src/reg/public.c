/*
** public.c -- a register's pages without sign-in (lookup by number and
** check code, a rating form, a publication list and its feed), served
** from its declaration as the public actor.  See public.h.
**
** Every handler counts the request against the declaration's rate limit
** (kept in the database, so every process shares it) before it reads
** anything, and acts through a public actor on its own stack.
*/
#include "../common.h"
#include <jansson.h>
#include "../base/arena.h"
#include "../base/buf.h"
#include "../base/date.h"
#include "../base/fmt.h"
#include "../base/json.h"
#include "../base/util.h"
#include "../crypto/rand.h"
#include "../store/db.h"
#include "../web/api.h"
#include "../web/html.h"
#include "../web/req.h"
#include "../core/app.h"
#include "../core/ratelimit.h"
#include "../core/app.h"
#include "internal.h"
#include "public.h"

/* Rows of a publication list page (and the feed's default limit). */
#define PUB_PAGE_ROWS 50

/* The register whose public segment the request's path names, or NULL. */
static const struct reg_def *pub_of_req(struct req *r){
  const struct reg_def *const *p;
  const char *z = r->zPath;
  size_t n;
  if( str_starts(z, "/api/v1") ) z += strlen("/api/v1");
  if( !str_starts(z, "/public/") ) return 0;
  z += strlen("/public/");
  n = strcspn(z, "/");
  for(p=reg_list(); *p; p++){
    const struct reg_public *pp = (*p)->pPublic;
    if( pp && strlen(pp->zSeg)==n && strncmp(pp->zSeg, z, n)==0 ) return *p;
  }
  return 0;
}

/* Count one request of purpose zPurpose (the declaration's own when
** NULL); false when the address is over the limit. */
static bool pub_admit(struct req *r, const struct reg_public *pp, const char *zPurpose){
  return ratelimit_admit(zPurpose ? zPurpose : pp->zLimit, r->zIp,
                         pp->nLimit>0 ? pp->nLimit : 20, pp->nWindow>0 ? pp->nWindow : 60);
}

/* "一分钟" for a window of 60 seconds, else "N 秒", in ar. */
static const char *pub_wait(struct arena *ar, const struct reg_public *pp){
  int n = pp->nWindow>0 ? pp->nWindow : 60;
  return n==60 ? "一分钟" : arena_printf(ar, "%d 秒", n);
}

/* The Retry-After of a refusal. */
static void pub_retry_after(struct req *r, const struct reg_public *pp){
  req_add_header(r, "Retry-After",
                 arena_printf(r->arena, "%d", pp->nWindow>0 ? pp->nWindow : 60));
}

/* The value show s of record pRec as the public sees it (NULL: none). */
static const char *pub_value(struct arena *ar, const struct reg_def *d,
                             const struct reg_public_show *s, const struct reg_rec *pRec){
  struct actor a;
  int i;
  if( s->zField==0 ) return s->xValue ? s->xValue(ar, d, pRec) : 0;
  i = reg_field_index(d, s->zField);
  if( i<0 || pRec->az[i]==0 ) return 0;
  actor_public(&a, 0);                  /* no role: personal fields masked */
  return reg_display(ar, d, i, &a, pRec->az[i]);
}

/* The record whose number is zNo and whose check code is zCode (compared
** in constant time): 0 with *pRec, or -1 (an unknown number and a wrong
** code alike).  Voided records are not found. */
static int pub_find(const struct reg_def *d, struct arena *ar, const char *zNo,
                    const char *zCode, struct reg_rec *pRec){
  const struct reg_public *pp = d->pPublic;
  int iCode = reg_field_index(d, pp->zCodeField);
  struct buf sql = BUF_INIT;
  struct stmt q;
  int rc = -1;
  if( zNo==0 || zCode==0 || iCode<0 ) return -1;
  reg_columns(d, &sql);
  buf_appendf(&sql, " FROM %s t WHERE t.%s=?1", d->zTable, pp->zNumberField);
  if( d->eDelete==REG_DEL_VOID ) buf_puts(&sql, " AND t.voided_at IS NULL");
  db_prepare_buf(&q, &sql);
  db_bind_text(&q, 1, zNo);
  if( db_step(&q)==DB_ROW ){
    const char *zHave;
    size_t n = strlen(zCode), i, nHave;
    unsigned diff;
    reg_row(d, &q, ar, pRec);
    zHave = pRec->az[iCode];
    nHave = zHave ? strlen(zHave) : 0;
    diff = zHave==0 || nHave!=n;
    for(i=0; i<n && i<nHave; i++) diff |= (u8)zHave[i] ^ (u8)zCode[i];
    if( !diff ) rc = 0;
  }
  db_finalize(&q);
  buf_release(&sql);
  return rc;
}

/* The maxlength of field zKey of d (200 when undeclared). */
static int pub_max(const struct reg_def *d, const char *zKey){
  int i = reg_field_index(d, zKey);
  return i>=0 && d->aField[i].nMax ? d->aField[i].nMax : 200;
}

/* The label of field zKey of d. */
static const char *pub_label(const struct reg_def *d, const char *zKey){
  int i = reg_field_index(d, zKey);
  return i>=0 ? d->aField[i].zLabel : zKey;
}

/* ---- lookup ----------------------------------------------------------- */

/* The timeline of the record found (the declared events whose day is
** set, in day order, as a person writes a date) and the link to rate the
** service. */
static void pub_timeline(struct req *r, const struct reg_def *d, const struct reg_rec *pRec){
  const struct reg_public *pp = d->pPublic;
  int aOrder[64], n = 0, i, k;
  for(i=0; i<pp->nEvent && n<(int)COUNT(aOrder); i++){
    int f = reg_field_index(d, pp->aEvent[i].zField);
    if( f<0 || pRec->az[f]==0 ) continue;
    /* insertion by day, the declaration's order among equal days */
    for(k=n; k>0; k--){
      int g = reg_field_index(d, pp->aEvent[aOrder[k-1]].zField);
      if( strcmp(pRec->az[g], pRec->az[f])<=0 ) break;
      aOrder[k] = aOrder[k-1];
    }
    aOrder[k] = i;
    n++;
  }
  if( n ){
    H(r, "<h2>办理经过</h2><ol class=\"timeline\">");
    for(i=0; i<n; i++){
      const struct reg_public_event *ev = &pp->aEvent[aOrder[i]];
      int f = reg_field_index(d, ev->zField);
      H(r, "<li><span class=\"when\">%h</span> %h</li>",
        reg_display_page(r->arena, d, f, 0, pRec->az[f]), ev->zLabel);
    }
    H(r, "</ol>");
  }
  if( pp->pRate ){
    H(r, "<p><a class=\"btn primary\" href=\"/public/%t/rate?number=%t\">%h</a></p>",
      pp->zSeg, pRec->az[reg_field_index(d, pp->zNumberField)], pp->pRate->zTitle);
  }
}

/* GET and POST /public/<seg>. */
void reg_public_page(struct req *r){
  const struct reg_def *d = pub_of_req(r);
  const struct reg_public *pp;
  const char *zNo = req_param_trim(r, "number"), *zCode = req_param_trim(r, "code");
  bool bPost = strcmp(r->zMethod, "POST")==0;
  struct reg_rec rec;
  int rc = 1, i;
  if( d==0 ){ html_error_page(r, 404, "页面不存在"); return; }
  pp = d->pPublic;
  if( bPost ){
    if( !pub_admit(r, pp, 0) ){
      r->status = 429;
      pub_retry_after(r, pp);
      rc = 2;
    }else{
      rc = pub_find(d, r->arena, zNo, zCode, &rec);
      if( rc ) r->status = 404;
    }
  }
  html_begin_bare(r, pp->zTitle);
  if( rc==0 ){
    H(r, "<dl class=\"facts\">");
    for(i=0; i<pp->nShow; i++){
      const char *z = pub_value(r->arena, d, &pp->aShow[i], &rec);
      H(r, "<dt>%h</dt><dd>%h</dd>", pp->aShow[i].zLabel, z ? z : "—");
    }
    H(r, "</dl>");
    pub_timeline(r, d, &rec);
  }else if( rc==2 ){
    H(r, "<p class=\"err\">查询过于频繁，请%h后再试</p>", pub_wait(r->arena, pp));
  }else if( rc<0 ){
    H(r, "<p class=\"err\">%h</p>", pp->zNoMatch);
  }
  H(r, "<form method=\"post\" action=\"/public/%t\">"
       "<label>%h <input name=\"number\" required maxlength=\"%d\" value=\"%a\"></label>"
       "<label>%h <input name=\"code\" required maxlength=\"%d\" autocomplete=\"off\"></label>"
       "<button type=\"submit\">查询</button></form>", pp->zSeg,
    pub_label(d, pp->zNumberField), pub_max(d, pp->zNumberField), bPost && zNo ? zNo : "",
    pub_label(d, pp->zCodeField), pub_max(d, pp->zCodeField));
  if( pp->zHelp ) H(r, "<p>%h</p>", pp->zHelp);
  html_end_bare(r);
}

/* POST /api/v1/public/<seg> {number, code}. */
void reg_public_api(struct req *r){
  static const char *const azKey[] = { "number", "code", 0 };
  const struct reg_def *d = pub_of_req(r);
  const struct reg_public *pp;
  json_t *pBody;
  const char *zNo = 0, *zCode = 0;
  struct buf err = BUF_INIT;
  struct reg_rec rec;
  struct json_w j;
  int i;
  if( d==0 ){ api_error(r, 404, "not_found", "没有这个接口", 0); return; }
  pp = d->pPublic;
  if( !pub_admit(r, pp, 0) ){
    pub_retry_after(r, pp);
    api_error(r, 429, "rate_limited",
              arena_printf(r->arena, "查询过于频繁，请%s后再试", pub_wait(r->arena, pp)), 0);
    return;
  }
  pBody = api_body(r);
  if( pBody==0 ) return;
  if( json_check_keys(pBody, azKey, &err) || json_get_str(pBody, "number", true, &zNo, &err)<0
   || json_get_str(pBody, "code", true, &zCode, &err)<0 ){
    api_error(r, 400, "bad_request", err.buf, 0);
  }else if( pub_find(d, r->arena, zNo, zCode, &rec) ){
    api_error(r, 404, "not_found", pp->zNoMatch, 0);
  }else{
    api_begin(r, &j);
    json_obj_open(&j, 0);
    for(i=0; i<pp->nShow; i++){
      json_str(&j, pp->aShow[i].zKey, pub_value(r->arena, d, &pp->aShow[i], &rec));
    }
    json_obj_close(&j);
  }
  buf_release(&err);
  json_decref(pBody);
}

/* ---- rating ----------------------------------------------------------- */

/* What a rating attempt came to. */
enum { RATE_OK, RATE_NOMATCH, RATE_INVALID, RATE_LIMIT };

/* Rate the record zNo/zCode of d with zLevel and zComment as the public
** actor; e gets the problems.  Returns RATE_*. */
static int pub_rate_submit(struct req *r, const struct reg_def *d, const char *zNo,
                           const char *zCode, const char *zLevel, const char *zComment,
                           struct reg_err *e){
  const struct reg_public *pp = d->pPublic;
  const struct reg_public_rate *pr = pp->pRate;
  const struct reg_def *dR = reg_find(pr->zRating);
  const char **az;
  bool *abTrust;
  struct reg_rec rec;
  struct actor a;
  i64 rid;
  int i;
  if( !pub_admit(r, pp, 0) ) return RATE_LIMIT;
  if( zNo==0 ) reg_err_add(e, REG_EINVALID, "number", "请填写%s", pub_label(d, pp->zNumberField));
  if( zCode==0 ) reg_err_add(e, REG_EINVALID, "code", "请填写%s", pub_label(d, pp->zCodeField));
  if( zLevel==0 ) reg_err_add(e, REG_EINVALID, "level", "%s", pr->zLevelPrompt);
  if( e->n ) return RATE_INVALID;
  if( dR==0 ) fatal("public rating of %s: no register %s", d->zName, pr->zRating);
  if( pub_find(d, r->arena, zNo, zCode, &rec) ) return RATE_NOMATCH;
  az = arena_alloc(r->arena, sizeof(char *) * (size_t)dR->nField);
  abTrust = arena_alloc(r->arena, sizeof(bool) * (size_t)dR->nField);
  memset(az, 0, sizeof(char *) * (size_t)dR->nField);
  memset(abTrust, 0, sizeof(bool) * (size_t)dR->nField);
  if( pr->xFill(d, &rec, az, r->arena, e) ) return RATE_INVALID;
  /* the references are what the kernel read (the record found) */
  for(i=0; i<dR->nField; i++) abTrust[i] = dR->aField[i].eType==REG_REF && az[i]!=0;
  i = reg_field_index(dR, pr->zLevelField);
  if( i>=0 ) az[i] = zLevel;
  i = reg_field_index(dR, pr->zCommentField);
  if( i>=0 ) az[i] = zComment && zComment[0] ? zComment : 0;
  actor_public(&a, 0);
  return reg_create_trusted(dR, &a, az, abTrust, &rid, e) ? RATE_INVALID : RATE_OK;
}

/* The message under a field, when it has one. */
static void pub_err(struct req *r, const char *zErr){
  if( zErr ) H(r, "<div class='err'>%h</div>", zErr);
}

/* The rating form (values kept after an error, errors beside fields),
** with this browser's token in a cookie and a hidden field: a post from
** another site cannot read the cookie to send it back. */
static void pub_rate_form(struct req *r, const struct reg_def *d, const struct reg_err *e,
                          const char *zNo, const char *zLevel, const char *zComment){
  const struct reg_public *pp = d->pPublic;
  const struct reg_public_rate *pr = pp->pRate;
  const struct reg_def *dR = reg_find(pr->zRating);
  int iLevel = reg_field_index(dR, pr->zLevelField);
  const char *const *azLevel = iLevel>=0 ? dR->aField[iLevel].azChoice : 0;
  char zTok[65];
  int i;
  const char *zErr;
  const char *zHave = req_cookie(r, "fazhi_rate");
  if( zHave && strlen(zHave)==64 && strspn(zHave, "0123456789abcdef")==64 ){
    memcpy(zTok, zHave, 65);          /* the browser's token stays for its next try */
  }else{
    rand_token_hex(zTok);
  }
  req_set_cookie(r, "fazhi_rate", zTok, 3600);
  H(r, "<form method='post' action='/public/%t/rate' class='rate'>"
       "<input type='hidden' name='t' value='%a'>", pp->zSeg, zTok);
  zErr = e ? reg_err_of(e, "number") : 0;
  H(r, "<div class='field%s'><label for='f-no'>%h</label>"
       "<input id='f-no' name='number' required maxlength='%d' value='%a'>",
    zErr ? " has-err" : "", pub_label(d, pp->zNumberField), pub_max(d, pp->zNumberField),
    zNo ? zNo : "");
  pub_err(r, zErr);
  zErr = e ? reg_err_of(e, "code") : 0;
  H(r, "</div><div class='field%s'><label for='f-code'>%h</label>"
       "<input id='f-code' name='code' required maxlength='%d' autocomplete='off'>",
    zErr ? " has-err" : "", pub_label(d, pp->zCodeField), pub_max(d, pp->zCodeField));
  pub_err(r, zErr);
  zErr = e ? reg_err_of(e, "level") : 0;
  H(r, "</div><fieldset class='field%s'><legend>%h</legend>", zErr ? " has-err" : "",
    iLevel>=0 ? dR->aField[iLevel].zLabel : "评价");
  for(i=0; azLevel && azLevel[i]; i+=2){
    H(r, "<label><input type='radio' name='level' value='%a'%s> %h</label> ", azLevel[i],
      str_eq(zLevel, azLevel[i]) ? " checked" : "", azLevel[i+1]);
  }
  pub_err(r, zErr);
  H(r, "</fieldset>");
  if( pr->zCommentField ){
    zErr = e ? reg_err_of(e, "comment") : 0;
    H(r, "<div class='field%s'><label for='f-comment'>%h</label>"
         "<textarea id='f-comment' name='comment' maxlength='%d'>%h</textarea>",
      zErr ? " has-err" : "", pr->zCommentLabel, pub_max(dR, pr->zCommentField),
      zComment ? zComment : "");
    pub_err(r, zErr);
    H(r, "</div>");
  }
  H(r, "<button type='submit'>提交评价</button></form>");
  if( pr->zNote ) H(r, "<p>%h</p>", pr->zNote);
}

/* GET and POST /public/<seg>/rate. */
void reg_public_rate_page(struct req *r){
  const struct reg_def *d = pub_of_req(r);
  bool bPost = strcmp(r->zMethod, "POST")==0;
  const char *zNo = req_param_trim(r, "number"), *zCode = req_param_trim(r, "code");
  const char *zLevel = req_param_trim(r, "level"), *zComment = req_param_trim(r, "comment");
  const struct reg_public_rate *pr;
  struct reg_err e;
  int rc = -1;
  if( d==0 || d->pPublic->pRate==0 ){ html_error_page(r, 404, "页面不存在"); return; }
  pr = d->pPublic->pRate;
  reg_err_init(&e, r->arena);
  if( bPost ){
    const char *zTok = req_param(r, "t"), *zCookie = req_cookie(r, "fazhi_rate");
    if( zTok==0 || zCookie==0 || !str_eq(zTok, zCookie) ){
      /* the double-submitted token of this browser's form: no cross-site posts */
      r->status = 403;
      rc = -2;
    }else{
      rc = pub_rate_submit(r, d, zNo, zCode, zLevel, zComment, &e);
      r->status = rc==RATE_OK ? 200 : rc==RATE_NOMATCH ? 404 : rc==RATE_LIMIT ? 429
                : reg_err_status(e.eKind);
      if( rc==RATE_LIMIT ) pub_retry_after(r, d->pPublic);
    }
  }
  html_begin_bare(r, pr->zTitle);
  if( rc==RATE_OK ){
    H(r, "<p class='ok'>%h</p>", pr->zDone);
    html_end_bare(r);
    return;
  }
  if( rc==-2 ) H(r, "<p class='err'>页面已过期或不是从本站提交，请重新填写后提交</p>");
  if( rc==RATE_NOMATCH ) H(r, "<p class='err'>%h</p>", d->pPublic->zNoMatch);
  if( rc==RATE_LIMIT ){
    H(r, "<p class='err'>提交过于频繁，请%h后再试</p>", pub_wait(r->arena, d->pPublic));
  }
  if( rc==RATE_INVALID ) H(r, "<p class='err'>%h</p>", reg_err_text(&e));
  /* the number comes filled in from the lookup's link (?number=) */
  pub_rate_form(r, d, rc==RATE_INVALID ? &e : 0, zNo, zLevel, zComment);
  html_end_bare(r);
}

/* POST /api/v1/public/<seg>/rate {number, code, level, comment}. */
void reg_public_rate_api(struct req *r){
  static const char *const azKey[] = { "number", "code", "level", "comment", 0 };
  const struct reg_def *d = pub_of_req(r);
  json_t *pBody;
  const char *zNo = 0, *zCode = 0, *zLevel = 0, *zComment = 0;
  struct buf err = BUF_INIT;
  struct reg_err e;
  struct json_w j;
  int rc;
  if( d==0 || d->pPublic->pRate==0 ){ api_error(r, 404, "not_found", "没有这个接口", 0); return; }
  if( (pBody = api_body(r))==0 ) return;
  reg_err_init(&e, r->arena);
  if( json_check_keys(pBody, azKey, &err) || json_get_str(pBody, "number", false, &zNo, &err)<0
   || json_get_str(pBody, "code", false, &zCode, &err)<0
   || json_get_str(pBody, "level", false, &zLevel, &err)<0
   || json_get_str(pBody, "comment", false, &zComment, &err)<0 ){
    api_error(r, 400, "bad_request", err.buf, 0);
    buf_release(&err);
    json_decref(pBody);
    return;
  }
  rc = pub_rate_submit(r, d, zNo, zCode, zLevel, zComment, &e);
  if( rc==RATE_OK ){
    r->status = 201;
    api_begin(r, &j);
    json_obj_open(&j, 0);
    json_str(&j, "message", d->pPublic->pRate->zDoneApi);
    json_obj_close(&j);
  }else if( rc==RATE_LIMIT ){
    pub_retry_after(r, d->pPublic);
    api_error(r, 429, "rate_limited", arena_printf(r->arena, "提交过于频繁，请%s后再试",
                                                   pub_wait(r->arena, d->pPublic)), 0);
  }else if( rc==RATE_NOMATCH ){
    api_error(r, 404, "not_found", d->pPublic->zNoMatch, 0);
  }else{
    api_error(r, reg_err_status(e.eKind), reg_err_code(e.eKind), reg_err_text(&e),
              e.n ? e.a[0].zField : 0);
  }
  buf_release(&err);
  json_decref(pBody);
}

/* ---- publication list ------------------------------------------------- */

/* The published rows of d: a count (bCount) or the rows from offset. */
static void pub_list_prepare(const struct reg_def *d, struct stmt *q, bool bCount){
  const struct reg_public_list *pl = d->pPublic->pList;
  struct buf sql = BUF_INIT;
  if( bCount ) buf_puts(&sql, "SELECT count(*)");
  else reg_columns(d, &sql);
  buf_appendf(&sql, " FROM %s t WHERE (%s)", d->zTable, pl->zWhere);
  if( d->eDelete==REG_DEL_VOID ) buf_puts(&sql, " AND t.voided_at IS NULL");
  if( !bCount ){
    buf_appendf(&sql, " ORDER BY %s, t.id DESC LIMIT ?1 OFFSET ?2",
                pl->zOrder ? pl->zOrder : "t.id DESC");
  }
  db_prepare_buf(q, &sql);
  buf_release(&sql);
}

/* The number of published rows of d. */
static i64 pub_list_count(const struct reg_def *d){
  struct stmt q;
  i64 n = 0;
  pub_list_prepare(d, &q, true);
  if( db_step(&q)==DB_ROW ) n = db_column_int64(&q, 0);
  db_finalize(&q);
  return n;
}

/* The list's purpose in the rate limit (reading a list is counted apart
** from lookups, so browsing it never blocks a lookup). */
static const char *pub_list_purpose(struct arena *ar, const struct reg_public *pp){
  return arena_printf(ar, "%s:list", pp->zLimit);
}

/* GET /public/<seg>/list?page=N. */
void reg_public_list_page(struct req *r){
  const struct reg_def *d = pub_of_req(r);
  const struct reg_public_list *pl;
  struct stmt q;
  const char *z;
  i64 total, page = 1, nPage;
  int i;
  if( d==0 || d->pPublic->pList==0 ){ html_error_page(r, 404, "页面不存在"); return; }
  pl = d->pPublic->pList;
  if( !pub_admit(r, d->pPublic, pub_list_purpose(r->arena, d->pPublic)) ){
    r->status = 429;
    pub_retry_after(r, d->pPublic);
    html_begin_bare(r, pl->zTitle);
    H(r, "<p class=\"err\">访问过于频繁，请%h后再试</p>", pub_wait(r->arena, d->pPublic));
    html_end_bare(r);
    return;
  }
  if( (z = req_param_trim(r, "page"))!=0 && str_to_i64(z, 1, INT64_MAX/PUB_PAGE_ROWS, &page) ){
    html_error_page(r, 400, "页码应为正整数");
    return;
  }
  total = pub_list_count(d);
  nPage = total ? (total + PUB_PAGE_ROWS - 1)/PUB_PAGE_ROWS : 1;
  if( page>nPage ) page = nPage;
  html_begin_bare(r, pl->zTitle);
  if( total==0 ){
    H(r, "<p>暂无公开的记录。</p>");
  }else{
    H(r, "<table class=\"list\"><thead><tr>");
    for(i=0; i<pl->nShow; i++) H(r, "<th>%h</th>", pl->aShow[i].zLabel);
    H(r, "</tr></thead><tbody>");
    pub_list_prepare(d, &q, false);
    db_bind_int64(&q, 1, PUB_PAGE_ROWS);
    db_bind_int64(&q, 2, (page-1)*PUB_PAGE_ROWS);
    while( db_step(&q)==DB_ROW ){
      struct reg_rec rec;
      reg_row(d, &q, r->arena, &rec);
      H(r, "<tr>");
      for(i=0; i<pl->nShow; i++){
        const char *zV = pub_value(r->arena, d, &pl->aShow[i], &rec);
        H(r, "<td>%h</td>", zV ? zV : "—");
      }
      H(r, "</tr>");
    }
    db_finalize(&q);
    H(r, "</tbody></table>");
    H(r, "<p>共 %lld 条，第 %lld/%lld 页", (long long)total, (long long)page, (long long)nPage);
    if( page>1 ) H(r, " <a href=\"/public/%t/list?page=%lld\">上一页</a>", d->pPublic->zSeg,
                   (long long)(page-1));
    if( page<nPage ) H(r, " <a href=\"/public/%t/list?page=%lld\">下一页</a>", d->pPublic->zSeg,
                       (long long)(page+1));
    H(r, "</p>");
  }
  if( pl->zNote ) H(r, "<p>%h</p>", pl->zNote);
  html_end_bare(r);
}

/* GET /api/v1/public/<seg>/list?limit=&offset=: {"items","total"}. */
void reg_public_list_api(struct req *r){
  const struct reg_def *d = pub_of_req(r);
  const struct reg_public_list *pl;
  struct json_w j;
  struct stmt q;
  const char *z;
  i64 limit = PUB_PAGE_ROWS, offset = 0;
  int i;
  if( d==0 || d->pPublic->pList==0 ){ api_error(r, 404, "not_found", "没有这个接口", 0); return; }
  pl = d->pPublic->pList;
  if( !pub_admit(r, d->pPublic, pub_list_purpose(r->arena, d->pPublic)) ){
    pub_retry_after(r, d->pPublic);
    api_error(r, 429, "rate_limited", arena_printf(r->arena, "访问过于频繁，请%s后再试",
                                                   pub_wait(r->arena, d->pPublic)), 0);
    return;
  }
  if( (z = req_param(r, "limit"))!=0 && str_to_i64(z, 1, 100, &limit) ){
    api_error(r, 400, "bad_request", "limit 应为 1—100 之间的整数", "limit");
    return;
  }
  if( (z = req_param(r, "offset"))!=0 && str_to_i64(z, 0, INT64_MAX, &offset) ){
    api_error(r, 400, "bad_request", "offset 应为非负整数", "offset");
    return;
  }
  api_begin(r, &j);
  json_obj_open(&j, 0);
  json_arr_open(&j, "items");
  pub_list_prepare(d, &q, false);
  db_bind_int64(&q, 1, limit);
  db_bind_int64(&q, 2, offset);
  while( db_step(&q)==DB_ROW ){
    struct reg_rec rec;
    reg_row(d, &q, r->arena, &rec);
    json_obj_open(&j, 0);
    for(i=0; i<pl->nShow; i++){
      json_str(&j, pl->aShow[i].zKey, pub_value(r->arena, d, &pl->aShow[i], &rec));
    }
    json_obj_close(&j);
  }
  db_finalize(&q);
  json_arr_close(&j);
  json_int(&j, "total", pub_list_count(d));
  json_obj_close(&j);
}

/* ---- routes ----------------------------------------------------------- */

/* One route row. */
static void pub_route(struct reg_route *a, int *pn, const char *zMethod, char *zPath,
                      void (*x)(struct req *), unsigned mFlags){
  if( *pn>=REG_NROUTE ) fatal("reg: more than %d routes for one register", REG_NROUTE);
  a[*pn].zMethod = zMethod;
  a[*pn].zPath = zPath;
  a[*pn].xHandler = x;
  a[*pn].mRoles = 0;
  a[*pn].mFlags = RR_PUBLIC|mFlags;
  (*pn)++;
}

void reg_public_routes(const struct reg_def *d, struct reg_route *a, int *pn){
  const struct reg_public *pp = d->pPublic;
  const char *s;
  if( pp==0 ) return;
  s = pp->zSeg;
  /* the lookup only reads (its POST keeps the code out of the URL); the
  ** rating form checks its own double-submitted token.  A register that
  ** only publishes a list declares no number field: no lookup. */
  if( pp->zNumberField ){
    pub_route(a, pn, "GET",  fmt_dup("/public/%s", s), reg_public_page, 0);
    pub_route(a, pn, "POST", fmt_dup("/public/%s", s), reg_public_page, RR_NOCSRF);
    pub_route(a, pn, "POST", fmt_dup("/api/v1/public/%s", s), reg_public_api, RR_NOCSRF);
  }
  if( pp->zNumberField && pp->pRate ){
    pub_route(a, pn, "GET",  fmt_dup("/public/%s/rate", s), reg_public_rate_page, 0);
    pub_route(a, pn, "POST", fmt_dup("/public/%s/rate", s), reg_public_rate_page, RR_NOCSRF);
    pub_route(a, pn, "POST", fmt_dup("/api/v1/public/%s/rate", s), reg_public_rate_api,
              RR_NOCSRF);
  }
  if( pp->pList ){
    pub_route(a, pn, "GET", fmt_dup("/public/%s/list", s), reg_public_list_page, 0);
    pub_route(a, pn, "GET", fmt_dup("/api/v1/public/%s/list", s), reg_public_list_api, 0);
  }
}
