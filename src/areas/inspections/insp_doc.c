/*
** insp_doc.c -- the written documents of an inspection record (检查记录,
** insp_rec.c), declared for the kernel's documents (reg/regdoc.h): 行政检查
** 审批表, 检查通知书, 现场检查笔录 (with the rating code), 责令整改通知书 and
** 整改复查意见书, as DOCX or PDF in the official layout, on the record page
** (/inspections/:id/documents/:kind), the API and `fazhi inspect document`.
**
** The wording is data: data/insp/documents.tsv (compiled in); a file
** insp-documents.tsv in the data folder replaces the lines of each kind it
** names, so the 法规股 can change the fixed legal wording without a new
** build.  This file gives the values no field of the record holds: the
** issuing bureau, the target, item, plan and draw, the inspectors present
** with their certificates, dates and times in Chinese.
*/
#include "../../common.h"
#include "../../base/arena.h"
#include "../../base/buf.h"
#include "../../base/date.h"
#include "../../base/util.h"
#include "../../office/doc.h"
#include "../../store/db.h"
#include "../../reg/regdoc.h"
#include "insp.h"
#include "insp_pub.h"

/* Field zKey of the record (NULL when empty or undeclared). */
static const char *id_f(const struct reg_rec *pRec, const char *zKey){
  int i = reg_field_index(&insp_record_reg, zKey);
  return i<0 ? 0 : pRec->az[i];
}

/* Field zKey of the record as an id (0 when empty). */
static i64 id_ref(const struct reg_rec *pRec, const char *zKey){
  const char *z = id_f(pRec, zKey);
  return z ? atoll(z) : 0;
}

/* A date field in Chinese, blanks to fill by hand when empty. */
static const char *id_date(struct arena *ar, const char *z){
  char zCn[32];
  int day;
  if( z==0 || date_parse(z, &day) ) return "    年  月  日";
  return arena_strdup(ar, doc_date_cn(day, zCn));
}

/* The bureau the record's org belongs to (the 落款). */
static const char *id_issuer(struct arena *ar, const struct reg_rec *pRec){
  i64 org = id_ref(pRec, "org_id");
  const char *z = db_text(ar, 0,
    "SELECT b.name FROM org o JOIN org b ON b.kind='bureau' AND o.path LIKE b.path || '%'"
    " WHERE o.id=?1 ORDER BY length(b.path) DESC LIMIT 1", "i", org);
  return z ? z : db_text(ar, "", "SELECT name FROM org WHERE id=?1", "i", org);
}

/* The inspectors present: 姓名（执法证号…）, joined by 、. */
static const char *id_inspectors(struct arena *ar, const struct reg_rec *pRec){
  struct buf b = BUF_INIT;
  struct stmt q;
  const char *zOut;
  db_prepare(&q, "SELECT p.name, coalesce(m.cert_no, p.cert_no), coalesce(p.dept, '')"
                 " FROM insp_member m JOIN insp_person p ON p.id=m.person_id"
                 " WHERE m.record_id=?1 AND m.void_reason IS NULL ORDER BY m.id");
  db_bind_int64(&q, 1, pRec->id);
  while( db_step(&q)==DB_ROW ){
    const char *zDept = db_column_text(&q, 2);
    buf_appendf(&b, "%s%s%s%s（执法证号%s）", b.len ? "、" : "", zDept && zDept[0] ? zDept : "",
                zDept && zDept[0] ? " " : "", db_column_text(&q, 0), db_column_text(&q, 1));
  }
  db_finalize(&q);
  zOut = arena_strdup(ar, b.buf ? b.buf : "");
  buf_release(&b);
  return zOut;
}

/* Column iCol (0 name, 1 code, 2 basis, 3 content, 4 method) of the item
** of plan planId, or "". */
static const char *id_item(struct arena *ar, i64 planId, int iCol){
  struct stmt q;
  const char *z = "";
  db_prepare(&q, "SELECT i.name, i.code, i.basis, i.content, i.method"
                 " FROM insp_plan p JOIN insp_item i ON i.id=p.item_id WHERE p.id=?1");
  db_bind_int64(&q, 1, planId);
  if( db_step(&q)==DB_ROW && db_column_text(&q, iCol) ) z = db_column_dup(ar, &q, iCol);
  db_finalize(&q);
  return z;
}

/* The value of placeholder zName (NULL: a field of the record). */
static const char *id_value(struct arena *ar, const struct reg_rec *pRec, const char *zName){
  static const char *const azItemCol[] = { "item", "item_code", "basis", "content", "method", 0 };
  i64 target = id_ref(pRec, "target_id"), plan = id_ref(pRec, "plan_id");
  const char *z;
  int i;
  for(i=0; azItemCol[i]; i++) if( str_eq(zName, azItemCol[i]) ) return id_item(ar, plan, i);
  if( str_eq(zName, "unit") ) return id_issuer(ar, pRec);
  if( str_eq(zName, "target") ){
    return db_text(ar, "", "SELECT name FROM insp_target WHERE id=?1", "i", target);
  }
  if( str_eq(zName, "target_rep") ){
    return db_text(ar, "", "SELECT coalesce(legal_rep, '') FROM insp_target WHERE id=?1", "i", target);
  }
  if( str_eq(zName, "target_address") ){
    return db_text(ar, "", "SELECT coalesce(address, '') FROM insp_target WHERE id=?1", "i", target);
  }
  if( str_eq(zName, "plan") ){
    return db_text(ar, "", "SELECT title FROM insp_plan WHERE id=?1", "i", plan);
  }
  if( str_eq(zName, "draw") ){
    return db_text(ar, "", "SELECT coalesce(number, '') FROM insp_draw WHERE id=?1", "i",
                   id_ref(pRec, "draw_id"));
  }
  if( str_eq(zName, "type") ) return str_eq(id_f(pRec, "insp_type"), "joint") ? "跨部门联合" : "部门内";
  if( str_eq(zName, "partners") ){
    if( !str_eq(id_f(pRec, "insp_type"), "joint") ) return "";
    return arena_printf(ar, "（联合部门：%s）",
                        db_text(ar, "", "SELECT coalesce(partners, '') FROM insp_plan"
                                        " WHERE id=?1", "i", plan));
  }
  if( str_eq(zName, "inspectors") ) return id_inspectors(ar, pRec);
  if( str_eq(zName, "start") || str_eq(zName, "end") ){
    z = id_f(pRec, str_eq(zName, "start") ? "time_from" : "time_to");
    return arena_printf(ar, "%s%s", id_date(ar, id_f(pRec, "inspect_on")), z ? z : "  时  分");
  }
  if( str_eq(zName, "findings") ){
    z = id_f(pRec, "findings");
    return z ? z : "未发现问题。";
  }
  if( str_eq(zName, "conclusion") ){
    z = id_f(pRec, "conclusion");
    return str_eq(z, "problem") ? "发现问题，责令整改。" : str_eq(z, "ok") ? "未发现问题。" : "";
  }
  if( str_eq(zName, "rect_order_on") ) return id_date(ar, id_f(pRec, "rectify_on"));
  if( str_eq(zName, "rect_due") ) return id_date(ar, id_f(pRec, "rectify_due"));
  if( str_eq(zName, "rect_content") ) return (z = id_f(pRec, "rectify_req"))!=0 ? z : "";
  if( str_eq(zName, "rect_days") ) return (z = id_f(pRec, "rectify_days"))!=0 ? z : "  ";
  if( str_eq(zName, "recheck_result") ){
    const char *zNote = id_f(pRec, "recheck_note");
    z = str_eq(id_f(pRec, "recheck_result"), "done") ? "经复查，已整改到位。"
      : str_eq(id_f(pRec, "recheck_result"), "not") ? "经复查，未整改到位。" : "";
    return arena_printf(ar, "%s%s", z, zNote ? zNote : "");
  }
  if( str_eq(zName, "rate_code") ) return (z = id_f(pRec, "rate_code"))!=0 ? z : "（未生成）";
  if( str_eq(zName, "rate_url") ) return "/public/inspections/rate";
  if( str_eq(zName, "publicity_url") ) return "/public/inspection-results/list";
  if( str_eq(zName, "rights") ) return insp_doc_rights(ar);
  return 0;
}

static const char *const azNeedApproval[] = { "approved_on", 0 };
static const char *const azNeedRecord[] = { "inspect_on", 0 };
static const char *const azNeedRectify[] = { "rectify_on", 0 };
static const char *const azNeedRecheck[] = { "recheck_on", 0 };

static const struct reg_doc_kind aInspDoc[] = {
  { "approval", "行政检查审批表", azNeedApproval, "检查尚未审批", "approved_on" },
  { "notice", "检查通知书", azNeedApproval, "检查尚未审批（检查必审批、必通知）", "notice_on" },
  { "record", "现场检查笔录", azNeedRecord, "尚未记录现场检查", "inspect_on" },
  { "rectify", "责令整改通知书", azNeedRectify, "没有责令整改", "rectify_on" },
  { "recheck", "整改复查意见书", azNeedRecheck, "尚未复查整改情况", "recheck_on" },
};

const struct reg_docs insp_record_docs = {
  .zReg = "insp_record", .zData = "data/insp/documents.tsv", .zOverride = "insp-documents.tsv",
  .aKind = aInspDoc, .nKind = (int)COUNT(aInspDoc),
  .xValue = id_value, .xIssuer = id_issuer,
};

const char *insp_doc_rights(struct arena *ar){
  struct buf b = BUF_INIT;
  const char *z = "", *p;
  reg_doc_wording(&insp_record_docs, "rights", &b);
  p = b.buf ? strchr(b.buf, '\t') : 0;
  if( p ) z = arena_strndup(ar, p + 1, strcspn(p + 1, "\n"));
  buf_release(&b);
  return z;
}
