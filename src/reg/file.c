/*
** file.c -- attachments: a register's REG_FILE fields on the file store
** (core/files.h).
**
** A file field holds the SM3 of a stored file.  Its upload route takes
** the file streamed (web/req.h bStream, capped at the field's nFileMax as
** the bytes arrive), sniffs its type from the bytes against the field's
** kinds, puts it into the store and, in one transaction, sets the field,
** names the use in file_ref (with the name it was uploaded as) and writes
** one audit entry ("attach") naming the SM3.  The record page shows the
** file's name and size with a download link and offers an upload form
** (with the camera on a phone for photos and video); the JSON of a record
** carries "<key>_file": {name, size, type, sm3, url}.  A download is
** re-hashed before it is sent: a changed file is answered 500 file_damaged,
** logged and audited.  Scope and rights follow the record: whoever reads
** the record downloads its files (404 outside the scope), whoever may
** change it uploads them; a voided record takes none.
*/
#include "../common.h"
#include <time.h>
#include <unistd.h>
#include "../base/arena.h"
#include "../base/buf.h"
#include "../base/fmt.h"
#include "../base/json.h"
#include "../base/log.h"
#include "../base/util.h"
#include "../core/files.h"
#include "../core/resume.h"
#include "../store/db.h"
#include "../web/api.h"
#include "../web/html.h"
#include "../web/req.h"
#include "../core/app.h"
#include "../core/audit.h"
#include "internal.h"

/* What a file route names: the register whose field it is (a child's
** for /<seg>/:id/<child>/:cid/files/:field), the record, and for a child
** the parent's id (0 otherwise). */
struct file_tgt {
  const struct reg_def *d;
  i64 id;
  i64 parent;
};

/* The target of request r and its file field (NULL when the route names
** no file field of the register). */
static const struct reg_field *reg_file_field(struct req *r, struct file_tgt *t){
  const struct reg_def *pd;
  int i, iArg = 1;
  memset(t, 0, sizeof(*t));
  t->d = reg_of_req(r);
  t->id = req_path_id(r, 0);
  if( r->nPathArg>2 ){
    const struct reg_child *ch = reg_child_of_req(r, &pd, &t->parent);
    t->d = ch ? ch->pDef : 0;
    t->id = req_path_id(r, 1);
    iArg = 2;
  }
  i = t->d && r->nPathArg>iArg ? reg_field_index(t->d, r->azPathArg[iArg]) : -1;
  if( i<0 || t->d->aField[i].eType!=REG_FILE ) return 0;
  return &t->d->aField[i];
}

/* Read the record of t (a child: only under the parent the URL names). */
static int reg_file_rec(const struct file_tgt *t, const struct actor *a, struct arena *ar,
                        struct reg_rec *pRec, struct reg_err *e){
  if( reg_get(t->d, a, t->id, ar, pRec, e) ) return -1;
  if( t->d->zParentField ){
    const char *z = pRec->az[reg_field_index(t->d, t->d->zParentField)];
    i64 pid = 0;
    if( z==0 || str_to_i64(z, 1, INT64_MAX, &pid) || pid!=t->parent ){
      reg_err_add(e, REG_ENOTFOUND, 0, "%s不存在或不在您的管理范围内", t->d->zTitle);
      return -1;
    }
  }
  return 0;
}

/* Whether the register's own rules take a new file in field f of row
** pRec (zHex): its xCheck sees the change as the verb "attach" (a closed
** record refuses it as it refuses an edit); for a child row, the parent's
** xCheck sees it as a change of its children ("child").  0, or -1 with
** the refusal in e. */
static int reg_file_rules(const struct file_tgt *t, const struct actor *a,
                          const struct reg_field *f, const struct reg_rec *pRec,
                          const char *zHex, struct reg_err *e){
  const struct reg_def *d = t->d, *pd = t->parent ? reg_parent_of(d) : 0;
  struct reg_ctx c;
  struct reg_rec par;
  const char **az;
  int i;
  memset(&c, 0, sizeof(c));
  c.a = a; c.ar = e->ar; c.pErr = e;
  if( pd ){
    if( pd->xCheck==0 ) return 0;
    if( reg_get(pd, a, t->parent, e->ar, &par, e) ) return -1;
    c.d = pd; c.id = t->parent; c.azOld = par.az; c.zVerb = "child";
    az = arena_alloc(e->ar, sizeof(char *) * (size_t)pd->nField);
    for(i=0; i<pd->nField; i++) az[i] = par.az[i];
  }else{
    if( d->xCheck==0 ) return 0;
    c.d = d; c.id = pRec->id; c.azOld = pRec->az; c.zVerb = "attach";
    az = arena_alloc(e->ar, sizeof(char *) * (size_t)d->nField);
    for(i=0; i<d->nField; i++) az[i] = pRec->az[i];
    az[f - d->aField] = zHex;
  }
  c.azNew = az;
  return c.d->xCheck(&c) || e->n ? -1 : 0;
}

/* The declared rule of file field f, or NULL. */
static const struct reg_file_rule *reg_file_rule(const struct reg_def *d,
                                                 const struct reg_field *f){
  const struct reg_file_rule *p;
  for(p=d->aFileRule; p && p->zKey; p++) if( str_eq(p->zKey, f->zKey) ) return p;
  return 0;
}

/* The field's cap in bytes. */
i64 reg_file_max(const struct reg_def *d, const struct reg_field *f){
  const struct reg_file_rule *p = reg_file_rule(d, f);
  return p && p->nMax>0 ? p->nMax : FILE_MAX_DEFAULT;
}

/* The field's kinds. */
unsigned reg_file_kinds(const struct reg_def *d, const struct reg_field *f){
  const struct reg_file_rule *p = reg_file_rule(d, f);
  return p && p->mKinds ? p->mKinds : FILE_ALL;
}

/* A size for people: 812 KB, 3.4 MB, 1.2 GB. */
static const char *reg_file_size(struct arena *ar, i64 n){
  if( n<1024*1024 ) return arena_printf(ar, "%lld KB", (long long)((n+1023)/1024));
  if( n<(i64)1024*1024*1024 ) return arena_printf(ar, "%.1f MB", (double)n/(1024.0*1024));
  return arena_printf(ar, "%.1f GB", (double)n/(1024.0*1024*1024));
}

/* True when file field f is an input of the add/edit forms. */
static bool reg_file_form_field(const struct reg_def *d, const struct reg_field *f){
  const struct reg_file_rule *p = f->eType==REG_FILE ? reg_file_rule(d, f) : 0;
  return p && p->bForm;
}

bool reg_file_in_form(const struct reg_def *d){
  int i;
  for(i=0; i<d->nField; i++) if( reg_file_form_field(d, &d->aField[i]) ) return true;
  return false;
}

void reg_file_cap(struct req *r){
  struct file_tgt t;
  const struct reg_field *f = reg_file_field(r, &t);
  const struct reg_def *d = t.d;
  if( d && f==0 && r->nPathArg<=2 ){
    /* an add/edit form: each of its files up to the largest cap, the body
    ** up to all of them (each file's own cap is checked when it is taken) */
    i64 nMax = 0, nSum = 0;
    int i;
    for(i=0; i<d->nField; i++){
      if( !reg_file_form_field(d, &d->aField[i]) ) continue;
      nSum += reg_file_max(d, &d->aField[i]);
      if( reg_file_max(d, &d->aField[i])>nMax ) nMax = reg_file_max(d, &d->aField[i]);
    }
    if( nMax==0 ) return;
    r->nMaxFile = nMax;
    r->nMaxBody = (size_t)nSum + 256*1024;
    r->zMaxFileMsg = arena_printf(r->arena, "文件过大：每个文件不超过 %s",
                                  reg_file_size(r->arena, nMax));
    return;
  }
  if( f==0 ) return;
  r->nMaxFile = reg_file_max(d, f);
  r->zMaxFileMsg = arena_printf(r->arena, "文件过大：%s每个文件不超过 %s", f->zLabel,
                                reg_file_size(r->arena, r->nMaxFile));
}

/* The last name stored file zHex was uploaded as for field f of row id
** (in ar), with its size and type; NULL when none. */
static const char *reg_file_name(struct arena *ar, const struct reg_def *d, i64 id,
                                 const struct reg_field *f, const char *zHex, i64 *pnSize,
                                 const char **pzType){
  struct stmt q;
  const char *zName = 0;
  db_prepare(&q, "SELECT r.name, f.size, f.type FROM file_ref r JOIN file f ON f.sm3=r.sm3"
                 " WHERE r.entity=?1 AND r.rec_id=?2 AND r.field=?3 AND r.sm3=?4"
                 " ORDER BY r.id DESC LIMIT 1");
  db_bind_text(&q, 1, d->zName);
  db_bind_int64(&q, 2, id);
  db_bind_text(&q, 3, f->zKey);
  db_bind_text(&q, 4, zHex);
  if( db_step(&q)==DB_ROW ){
    zName = db_column_dup(ar, &q, 0);
    if( pnSize ) *pnSize = db_column_int64(&q, 1);
    if( pzType ) *pzType = db_column_dup(ar, &q, 2);
  }
  db_finalize(&q);
  return zName;
}

void reg_file_set(const struct reg_def *d, const struct actor *a, const struct reg_rec *pRec,
                  const struct reg_field *f, const char *zHex, const char *zName, i64 nSize,
                  const char *zType){
  struct buf sql = BUF_INIT, before = BUF_INIT, after = BUF_INIT;
  struct json_w j;
  struct stmt q;
  char zId[24];
  int iField = (int)(f - d->aField);
  snprintf(zId, sizeof(zId), "%lld", (long long)pRec->id);
  json_init(&j, &before);
  json_obj_open(&j, 0);
  if( pRec->az[iField] ) json_str(&j, f->zKey, pRec->az[iField]);
  else json_null_val(&j, f->zKey);
  json_obj_close(&j);
  json_init(&j, &after);
  json_obj_open(&j, 0);
  json_str(&j, f->zKey, zHex);
  json_str(&j, "name", zName);
  json_int(&j, "size", nSize);
  json_str(&j, "type", zType);
  json_obj_close(&j);
  buf_appendf(&sql, "UPDATE %s SET %s=?1, updated_at=?2 WHERE id=?3", d->zTable, f->zKey);
  db_begin();
  db_prepare_buf(&q, &sql);
  db_bind_text(&q, 1, zHex);
  db_bind_int64(&q, 2, time_now());
  db_bind_int64(&q, 3, pRec->id);
  db_step(&q);
  db_finalize(&q);
  files_ref_add(zHex, d->zName, pRec->id, f->zKey, zName, a->userId);
  audit_write(a, "attach", d->zName, zId, before.buf, after.buf);
  db_commit();
  buf_release(&sql);
  buf_release(&before);
  buf_release(&after);
}

/* Store the upload up as field f of row id: 0, or -1 with the problem in
** e (nothing changed). */
static int reg_file_put(const struct file_tgt *t, const struct actor *a,
                        const struct reg_field *f, const struct req_upload *up,
                        struct reg_err *e){
  const struct reg_def *d = t->d;
  struct reg_rec rec;
  struct buf err = BUF_INIT;
  const char *zType = 0, *zBase;
  char zKinds[200];
  unsigned mKind;
  if( reg_file_rec(t, a, e->ar, &rec, e) ) return -1;
  if( !reg_may_write(d, a) ){
    reg_err_add(e, REG_EDENIED, 0, "您的角色不能为%s上传%s", d->zTitle, f->zLabel);
    return -1;
  }
  if( rec.zVoidReason ){
    reg_err_add(e, REG_EGONE, 0, "该%s已作废，不能上传文件", d->zTitle);
    return -1;
  }
  if( up==0 || up->nSize==0 ){
    reg_err_add(e, REG_EINVALID, f->zKey, "请选择要上传的%s（文件为空）", f->zLabel);
    return -1;
  }
  if( reg_file_rules(t, a, f, &rec, up->zSm3, e) ) return -1;
  mKind = files_sniff(up->zPath, &zType);
  if( (mKind & reg_file_kinds(d, f))==0 ){
    reg_err_add(e, REG_EINVALID, f->zKey, "%s只能上传%s", f->zLabel,
                files_kinds_text(reg_file_kinds(d, f), zKinds, sizeof(zKinds)));
    return -1;
  }
  zBase = files_base_name(e->ar, up->zFilename, f->zLabel);
  if( files_put_path(up->zPath, up->zSm3, up->nSize, zType, &err) ){
    reg_err_add(e, REG_EINVALID, f->zKey, "%s", err.buf);
    buf_release(&err);
    return -1;
  }
  reg_file_set(d, a, &rec, f, up->zSm3, zBase, up->nSize, zType);
  return 0;
}

/* Reply to a failed file request, page or API. */
static void reg_file_fail(struct req *r, const struct reg_err *e, bool bDamaged){
  int status = bDamaged ? 500 : reg_err_status(e->eKind);
  const char *zMsg = e->n ? e->a[0].zMsg : "出错了";
  if( str_starts(r->zPath, "/api/") ){
    if( bDamaged ) api_error(r, 500, "file_damaged", zMsg, e->n ? e->a[0].zField : 0);
    else reg_api_error(r, e);
  }else{
    html_error_page(r, status, zMsg);
  }
}

void reg_file_upload_page(struct req *r){
  struct file_tgt t;
  const struct reg_field *f = reg_file_field(r, &t);
  struct actor a;
  struct reg_err e;
  struct req_upload *up;
  struct reg_rec rec;
  const char *zUpload = 0;
  actor_from_req(&a, r);
  reg_err_init(&e, r->arena);
  if( f==0 || t.id==0 ){
    reg_err_add(&e, REG_ENOTFOUND, 0, "没有这个附件");
    reg_file_fail(r, &e, false);
    return;
  }
  up = req_upload(r, f->zKey);
  if( up==0 ) up = req_upload(r, "file");
  if( (up==0 || up->nSize==0) && (zUpload = req_param(r, "upload"))!=0 ){
    /* the bytes came in pieces beforehand (core/resume.h) */
    struct buf err = BUF_INIT;
    up = arena_alloc(r->arena, sizeof(*up));
    if( resume_take(r, zUpload, up, &err) ){
      reg_err_add(&e, REG_EINVALID, f->zKey, "%s", err.buf);
      buf_release(&err);
      reg_file_fail(r, &e, false);
      return;
    }
  }
  if( reg_file_put(&t, &a, f, up, &e) ){
    if( e.eKind==REG_ENOTFOUND ) reg_note_out_of_scope(t.d, &a, t.id);
    reg_file_fail(r, &e, false);
    return;
  }
  if( zUpload ) resume_forget(zUpload);
  if( str_starts(r->zPath, "/api/") ){
    struct json_w j;
    r->status = 201;
    api_begin(r, &j);
    json_obj_open(&j, 0);
    json_int(&j, "id", t.id);
    json_str(&j, f->zKey, up->zSm3);
    if( reg_file_rec(&t, &a, r->arena, &rec, &e)==0 ){
      reg_file_json(&j, t.d, &rec, (int)(f - t.d->aField), r->arena);
    }
    json_obj_close(&j);
  }else if( t.parent ){
    const struct reg_def *pd = reg_parent_of(t.d);
    const struct reg_child *ch = reg_child_find(pd, t.d->zName);
    req_redirect(r, arena_printf(r->arena, "/%s/%lld?saved=1#c-%s", pd->zSeg,
                                 (long long)t.parent, ch->zSeg));
  }else{
    req_redirect(r, arena_printf(r->arena, "/%s/%lld?saved=1", t.d->zSeg, (long long)t.id));
  }
}

void reg_file_download_page(struct req *r){
  struct file_tgt t;
  const struct reg_field *f = reg_file_field(r, &t);
  const struct reg_def *d = t.d;
  struct actor a;
  struct reg_err e;
  struct reg_rec rec;
  struct buf err = BUF_INIT;
  const char *zHex, *zName;
  i64 id = t.id;
  int rc;
  actor_from_req(&a, r);
  reg_err_init(&e, r->arena);
  if( f==0 || id==0 ){
    reg_err_add(&e, REG_ENOTFOUND, 0, "没有这个附件");
    reg_file_fail(r, &e, false);
    return;
  }
  if( reg_file_rec(&t, &a, r->arena, &rec, &e) ){
    reg_note_out_of_scope(d, &a, id);
    reg_file_fail(r, &e, false);
    return;
  }
  zHex = rec.az[f - d->aField];
  if( zHex==0 ){
    reg_err_add(&e, REG_ENOTFOUND, f->zKey, "尚未上传%s", f->zLabel);
    reg_file_fail(r, &e, false);
    return;
  }
  zName = reg_file_name(r->arena, d, id, f, zHex, 0, 0);
  rc = files_reply(r, zHex, zName, &err);
  if( rc ){
    char zId[24];
    reg_err_add(&e, REG_EGONE, f->zKey, "%s：%s", f->zLabel, err.buf);
    snprintf(zId, sizeof(zId), "%lld", (long long)id);
    db_begin();
    audit_write(&a, rc==-2 ? "file_damaged" : "file_missing", d->zName, zId, 0,
                arena_printf(r->arena, "{%j:%j}", f->zKey, zHex));
    db_commit();
    reg_file_fail(r, &e, true);
  }
  buf_release(&err);
}

void reg_file_fact(struct req *r, const struct reg_def *d, const struct reg_rec *pRec,
                   int iField){
  const struct reg_field *f = &d->aField[iField];
  const char *zHex = pRec->az[iField], *zName;
  i64 n = 0;
  if( zHex==0 ){
    H(r, "<span class='sub'>未上传</span>");
    return;
  }
  zName = reg_file_name(r->arena, d, pRec->id, f, zHex, &n, 0);
  H(r, "<a href='%a/files/%t' download>%h</a> <span class='sub'>%h</span>",
    reg_rec_path(r->arena, d, pRec), f->zKey, zName ? zName : f->zLabel,
    reg_file_size(r->arena, n));
  /* the hash is machinery: folded (lead.c) */
  reg_tech_begin(r);
  H(r, "SM3 %h", zHex);
  reg_tech_end(r);
}

void reg_file_forms(struct req *r, const struct reg_def *d, const struct actor *a,
                    const struct reg_rec *pRec){
  int i;
  if( pRec->zVoidReason || !reg_may_write(d, a) ) return;
  for(i=0; i<d->nField; i++){
    const struct reg_field *f = &d->aField[i];
    char zAccept[300], zKinds[200];
    unsigned m = reg_file_kinds(d, f);
    if( f->eType!=REG_FILE ) continue;
    /* a file that does not apply in this state is not asked for (lead.c) */
    if( reg_label_at(d, i, pRec->az)==0 ) continue;
    H(r, "<h2>上传%h</h2>\n<form method='post' action='%a/files/%t'"
         " enctype='multipart/form-data'>", f->zLabel, reg_rec_path(r->arena, d, pRec), f->zKey);
    html_csrf(r);
    H(r, "<div class='field'><label for='f-%a'>%h</label>"
         "<input id='f-%a' type='file' name='%a' required accept='%a'%s>"
         "<div class='hint'>%h，每个不超过 %h%s</div></div>"
         "<button class='btn' type='submit'>上传</button></form>\n",
      f->zKey, f->zLabel, f->zKey, f->zKey, files_accept(m, zAccept, sizeof(zAccept)),
      (m & (FILE_PHOTO|FILE_VIDEO)) && !(m & (FILE_PDF|FILE_OFFICE))
        ? " capture='environment'" : "",
      files_kinds_text(m, zKinds, sizeof(zKinds)), reg_file_size(r->arena, reg_file_max(d, f)),
      pRec->az[i] ? "；上传新文件后原文件仍保留在文件库中" : "");
  }
}

void reg_file_control(struct req *r, const struct reg_def *d, const struct reg_field *f,
                      const char *zErr){
  char zAccept[300], zKinds[200];
  unsigned m = reg_file_kinds(d, f);
  if( !reg_file_form_field(d, f) ) return;
  html_field_begin(r, f->zKey, f->zLabel, false, zErr);
  H(r, "<input id='f-%a' type='file' name='%a' accept='%a'%s>", f->zKey, f->zKey,
    files_accept(m, zAccept, sizeof(zAccept)),
    (m & (FILE_PHOTO|FILE_VIDEO)) && !(m & (FILE_PDF|FILE_OFFICE)) ? " capture='environment'" : "");
  html_field_end(r, arena_printf(r->arena, "%s%s%s，不超过 %s；不选文件则不改", f->zHelp ? f->zHelp : "",
                                 f->zHelp ? "。" : "", files_kinds_text(m, zKinds, sizeof(zKinds)),
                                 reg_file_size(r->arena, reg_file_max(d, f))), zErr);
}

int reg_file_form_check(struct req *r, const struct reg_def *d, struct reg_err *e){
  int i, n0 = e->n;
  for(i=0; i<d->nField; i++){
    const struct reg_field *f = &d->aField[i];
    struct req_upload *up;
    const char *zType;
    char zKinds[200];
    if( !reg_file_form_field(d, f) || (up = req_upload(r, f->zKey))==0 || up->nSize==0 ) continue;
    if( up->nSize > reg_file_max(d, f) ){
      reg_err_add(e, REG_EINVALID, f->zKey, "文件过大：%s每个文件不超过 %s", f->zLabel,
                  reg_file_size(e->ar, reg_file_max(d, f)));
    }else if( (files_sniff(up->zPath, &zType) & reg_file_kinds(d, f))==0 ){
      reg_err_add(e, REG_EINVALID, f->zKey, "%s只能上传%s", f->zLabel,
                  files_kinds_text(reg_file_kinds(d, f), zKinds, sizeof(zKinds)));
    }
  }
  return e->n - n0;
}

int reg_file_form_take(struct req *r, const struct reg_def *d, const struct actor *a, i64 id,
                       struct reg_err *e){
  struct file_tgt t;
  int i;
  memset(&t, 0, sizeof(t));
  t.d = d;
  t.id = id;
  for(i=0; i<d->nField; i++){
    const struct reg_field *f = &d->aField[i];
    struct req_upload *up;
    if( !reg_file_form_field(d, f) || (up = req_upload(r, f->zKey))==0 || up->nSize==0 ) continue;
    if( reg_file_put(&t, a, f, up, e) ) return -1;
  }
  return 0;
}

void reg_file_json(struct json_w *j, const struct reg_def *d, const struct reg_rec *pRec,
                   int iField, struct arena *ar){
  const struct reg_field *f = &d->aField[iField];
  const char *zHex = pRec->az[iField], *zName, *zType = 0;
  char *zKey = arena_printf(ar, "%s_file", f->zKey);
  i64 n = 0;
  if( zHex==0 ){
    json_null_val(j, zKey);
    return;
  }
  zName = reg_file_name(ar, d, pRec->id, f, zHex, &n, &zType);
  json_obj_open(j, zKey);
  json_str(j, "name", zName ? zName : f->zLabel);
  json_int(j, "size", n);
  json_str(j, "type", zType ? zType : "");
  json_str(j, "sm3", zHex);
  json_str(j, "url", arena_printf(ar, "/api/v1%s/files/%s", reg_rec_path(ar, d, pRec), f->zKey));
  json_obj_close(j);
}

bool reg_has_file(const struct reg_def *d){
  int i;
  for(i=0; i<d->nField; i++) if( d->aField[i].eType==REG_FILE ) return true;
  return false;
}

/* The four file routes under zBase ("reviews/:id" or, for child cd of d,
** "reviews/:id/rounds/:cid"): rights are the parent's (R, W). */
static void reg_file_routes_at(const char *zBase, unsigned R, unsigned W, struct reg_route *a,
                               int *pn){
  a[*pn] = (struct reg_route){ "POST", fmt_dup("/%s/files/:field", zBase),
                               reg_file_upload_page, W, RR_STREAM };
  (*pn)++;
  a[*pn] = (struct reg_route){ "GET", fmt_dup("/%s/files/:field", zBase),
                               reg_file_download_page, R, 0 };
  (*pn)++;
  a[*pn] = (struct reg_route){ "POST", fmt_dup("/api/v1/%s/files/:field", zBase),
                               reg_file_upload_page, W, RR_STREAM };
  (*pn)++;
  a[*pn] = (struct reg_route){ "GET", fmt_dup("/api/v1/%s/files/:field", zBase),
                               reg_file_download_page, R, 0 };
  (*pn)++;
}

void reg_file_routes(const struct reg_def *d, struct reg_route *a, int *pn){
  char zBase[200];
  int k;
  if( reg_has_file(d) ){
    snprintf(zBase, sizeof(zBase), "%s/:id", d->zSeg);
    reg_file_routes_at(zBase, d->mRead, d->mWrite, a, pn);
  }
  for(k=0; k<d->nChild; k++){
    if( !reg_has_file(d->aChild[k].pDef) ) continue;
    snprintf(zBase, sizeof(zBase), "%s/:id/%s/:cid", d->zSeg, d->aChild[k].zSeg);
    reg_file_routes_at(zBase, d->mRead, d->aChild[k].pDef->mWrite, a, pn);
  }
}

/* ---- the command: attach, download, list the versions ---- */

int reg_file_cli(const struct reg_def *d, const struct actor *a, i64 id, i64 parent,
                 const char *zSub, const char *zField, const char *zPath){
  struct file_tgt t;
  struct reg_err e;
  struct reg_rec rec;
  struct arena *ar = arena_new();
  struct buf err = BUF_INIT;
  const struct reg_field *f;
  int i = reg_field_index(d, zField), rc = 0;
  memset(&t, 0, sizeof(t));
  t.d = d;
  t.id = id;
  t.parent = parent;
  reg_err_init(&e, ar);
  if( i<0 || d->aField[i].eType!=REG_FILE ){
    fprintf(stderr, "fazhi: %s没有附件字段“%s”\n", d->zTitle, zField ? zField : "");
    arena_free(ar);
    return 2;
  }
  f = &d->aField[i];
  if( str_eq(zSub, "attach") ){
    struct req_upload up;
    char *zTmp = 0;
    memset(&up, 0, sizeof(up));
    if( files_spool(zPath, &zTmp, up.zSm3, &up.nSize, &err) ){
      fprintf(stderr, "fazhi: %s\n", err.buf ? err.buf : "无法读取文件");
      rc = 1;
    }else{
      up.zField = f->zKey;
      up.zFilename = zPath;
      up.zType = "";
      up.zPath = zTmp;
      if( up.nSize > reg_file_max(d, f) ){
        reg_err_add(&e, REG_EINVALID, f->zKey, "文件过大：%s每个文件不超过 %s", f->zLabel,
                    reg_file_size(ar, reg_file_max(d, f)));
      }else if( reg_file_put(&t, a, f, &up, &e)==0 ){
        printf("%s\n", up.zSm3);
      }
      unlink(zTmp);                    /* gone already when it was put */
      free(zTmp);
    }
  }else if( reg_file_rec(&t, a, ar, &rec, &e)==0 && str_eq(zSub, "files") ){
    struct stmt q;
    db_prepare(&q, "SELECT r.created_at, r.name, f.size, r.sm3 FROM file_ref r"
                   " JOIN file f ON f.sm3=r.sm3"
                   " WHERE r.entity=?1 AND r.rec_id=?2 AND r.field=?3 ORDER BY r.id");
    db_bind_text(&q, 1, d->zName);
    db_bind_int64(&q, 2, id);
    db_bind_text(&q, 3, f->zKey);
    while( db_step(&q)==DB_ROW ){
      time_t tt = (time_t)db_column_int64(&q, 0);
      struct tm tm;
      char zWhen[32];
      const char *zHex = db_column_text(&q, 3);
      localtime_r(&tt, &tm);
      strftime(zWhen, sizeof(zWhen), "%Y-%m-%d %H:%M", &tm);
      printf("%s\t%s\t%lld\t%s%s\n", zWhen, db_column_text(&q, 1),
             (long long)db_column_int64(&q, 2), zHex, str_eq(zHex, rec.az[i]) ? "\t当前" : "");
    }
    db_finalize(&q);
  }else if( e.n==0 ){                  /* download */
    i64 n = 0;
    int fd;
    if( rec.az[i]==0 ){
      reg_err_add(&e, REG_ENOTFOUND, f->zKey, "尚未上传%s", f->zLabel);
    }else if( (fd = files_open(rec.az[i], &n, &err))<0 ){
      char zId[24];
      snprintf(zId, sizeof(zId), "%lld", (long long)id);
      db_begin();
      audit_write(a, fd==-2 ? "file_damaged" : "file_missing", d->zName, zId, 0,
                  arena_printf(ar, "{%j:%j}", f->zKey, rec.az[i]));
      db_commit();
      fprintf(stderr, "fazhi: %s：%s\n", f->zLabel, err.buf ? err.buf : "文件已损坏");
      rc = 1;
    }else{
      FILE *out = zPath ? fopen(zPath, "wb") : stdout;
      char aBuf[65536];
      ssize_t k;
      if( out==0 ){
        fprintf(stderr, "fazhi: 无法写入 %s\n", zPath);
        rc = 1;
      }else{
        while( (k = read(fd, aBuf, sizeof(aBuf)))>0 ){
          if( fwrite(aBuf, 1, (size_t)k, out)!=(size_t)k ){ rc = 1; break; }
        }
        if( k<0 ) rc = 1;
        if( out!=stdout && fclose(out) ) rc = 1;
        if( rc ) fprintf(stderr, "fazhi: 写出文件失败\n");
      }
      close(fd);
    }
  }
  if( e.n ){
    for(i=0; i<e.n; i++) fprintf(stderr, "fazhi: %s\n", e.a[i].zMsg);
    rc = reg_err_exit(e.eKind ? e.eKind : REG_EINVALID);
  }
  buf_release(&err);
  arena_free(ar);
  return rc;
}
