/*
** insp_rec.c -- 检查记录 (执法全过程记录): the inspection of one drawn task,
** from the 检查审批 to its closing, filled on a phone.  The declaration and
** the rules no declaration can hold; pages, API, command (fazhi inspect),
** workbooks, audit, scope, attachments, gates and the deadline come from
** the kernel.
**
** A record is created for a drawn task (insp_task, a child of the draw);
** its draw, plan, target and type (部门内 / 跨部门联合) are derived from it,
** and the create writes its children: the drawn inspectors as the
** inspectors present (members) and one result row per item of the plan's
** checklist (the 检查内容 of the plan's item, split at 、；; and lines).
**
** States: new 待审批 -> approved 已审批 (approve: approver and day; the
** record is numbered) -> notified 已通知 (notify) -> inspected 已检查
** (inspect: day, time, place, findings, conclusion; gate: at least 2
** inspectors present, each with a certificate valid on the day) ->
** rectifying 整改中 (order: requirement, day, working days; the due day is
** a declared deadline on the clock) -> rechecked 已复查 (recheck) ->
** closed 已办结 (close; gate: every checklist item has a result, the
** 我要执法 filing number, 2 valid inspectors, and a re-check that found the
** problem rectified where rectification was ordered).  A re-check that
** finds it not rectified may order again.
**
** Children: members (检查人员), results (检查结果), media (音像记录: a
** recorder file or photo in the file store, or the SM3 of a video kept on
** the recorder itself, with device, officer, start, end and retention).
** Photos taken on site are the record's own attachments photo_file ..
** photo3_file (the camera on a phone).
*/
#include "../../common.h"
#include "../../base/arena.h"
#include "../../base/buf.h"
#include "../../base/calendar.h"
#include "../../base/date.h"
#include "../../base/util.h"
#include "../../core/app.h"
#include "../../core/clock.h"
#include "../../core/files.h"
#include "../../store/db.h"
#include "insp.h"
#include "insp_pub.h"

#define INSP_ROLES (ROLE_ADMIN|ROLE_LEGAL|ROLE_INSPECTOR)

static const char *const azType[] = { "internal", "部门内", "joint", "跨部门联合", 0 };
static const char *const azConclusion[] = { "ok", "未发现问题", "problem", "发现问题", 0 };
static const char *const azRecheck[] = { "done", "已整改到位", "not", "未整改到位", 0 };
static const char *const azStatus[] = {
  "new", "待审批", "approved", "已审批", "notified", "已通知", "inspected", "已检查",
  "rectifying", "整改中", "rechecked", "已复查", "closed", "已办结", 0
};
static const char *const azTaskAlias[] = { "抽签任务", "任务", 0 };

#define RECORD_FIELDS(X) \
  X(I_ORG, .zKey = "org_id", .zLabel = "单位", .eType = REG_REF, \
    .mFlags = RF_READONLY|RF_FILTER|RF_NOIO, .zRef = "org", .nWidth = 20) \
  X(I_NO, .zKey = "number", .zLabel = "检查编号", .eType = REG_TEXT, \
    .mFlags = RF_READONLY|RF_SEARCH|RF_NOIO, .nMax = 40, .nWidth = 18) \
  X(I_TITLE, .zKey = "title", .zLabel = "检查对象名称", .eType = REG_TEXT, \
    .mFlags = RF_READONLY|RF_SEARCH|RF_TITLE|RF_NOIO, .nMax = 200, .nWidth = 30) \
  X(I_TASK, .zKey = "task_id", .zLabel = "抽签任务", .eType = REG_REF, \
    .mFlags = RF_REQUIRED|RF_UNIQUE, .zRef = "insp_task", .azAlias = azTaskAlias, \
    .zHelp = "抽签抽中的检查对象（抽签编号 · 对象名称）", .nWidth = 40) \
  X(I_DRAW, .zKey = "draw_id", .zLabel = "抽签记录", .eType = REG_REF, \
    .mFlags = RF_READONLY|RF_NOIO, .zRef = "insp_draw", .nWidth = 18) \
  X(I_PLAN, .zKey = "plan_id", .zLabel = "抽查计划", .eType = REG_REF, \
    .mFlags = RF_READONLY|RF_FILTER|RF_NOIO, .zRef = "insp_plan", .nWidth = 30) \
  X(I_TARGET, .zKey = "target_id", .zLabel = "检查对象", .eType = REG_REF, \
    .mFlags = RF_READONLY|RF_FILTER|RF_NOIO, .zRef = "insp_target", \
    .nWidth = 30) \
  X(I_TYPE, .zKey = "insp_type", .zLabel = "检查类型", .eType = REG_CHOICE, \
    .mFlags = RF_READONLY|RF_LIST|RF_FILTER|RF_NOIO, .azChoice = azType, .nWidth = 10) \
  X(I_APPROVER, .zKey = "approver", .zLabel = "检查审批人", .eType = REG_TEXT, \
    .mFlags = RF_READONLY, \
    .nMax = 50, .zHelp = "批准本次检查的负责人", .nWidth = 10) \
  X(I_APPROVED, .zKey = "approved_on", .zLabel = "审批日期", .eType = REG_DATE, \
    .mFlags = RF_READONLY, .nWidth = 12) \
  X(I_NOTICE_ON, .zKey = "notice_on", .zLabel = "通知日期", .eType = REG_DATE, \
    .mFlags = RF_READONLY, \
    .zNotBefore = "approved_on", .nWidth = 12) \
  X(I_NOTICE_WAY, .zKey = "notice_way", .zLabel = "通知方式", .eType = REG_TEXT, \
    .mFlags = RF_READONLY, \
    .nMax = 100, .zHelp = "如：送达检查通知书、电话通知并现场出示", .nWidth = 16) \
  X(I_FILING, .zKey = "filing_no", .zLabel = "我要执法备案号", .eType = REG_TEXT, \
    .mFlags = RF_SEARCH|RF_CODE, .nMax = 60, .zHelp = "在“我要执法”APP中登记后取得的编号", \
    .nWidth = 20) \
  X(I_ON, .zKey = "inspect_on", .zLabel = "检查日期", .eType = REG_DATE, \
    .mFlags = RF_READONLY|RF_LIST, .zNotBefore = "notice_on", .nWidth = 12) \
  X(I_FROM, .zKey = "time_from", .zLabel = "开始时间", .eType = REG_TEXT, \
    .mFlags = RF_READONLY, .nMax = 5, \
    .zHelp = "如 09:30", .nWidth = 8) \
  X(I_TO, .zKey = "time_to", .zLabel = "结束时间", .eType = REG_TEXT, \
    .mFlags = RF_READONLY, .nMax = 5, \
    .zHelp = "如 11:00", .nWidth = 8) \
  X(I_PLACE, .zKey = "place", .zLabel = "检查地点", .eType = REG_TEXT, \
    .mFlags = RF_READONLY, .nMax = 200, \
    .nWidth = 30) \
  X(I_FINDINGS, .zKey = "findings", .zLabel = "检查情况", .eType = REG_TEXT, \
    .mFlags = RF_LONG|RF_SEARCH, .nMax = 4000, .nWidth = 40) \
  X(I_CONCLUSION, .zKey = "conclusion", .zLabel = "检查结论", .eType = REG_CHOICE, \
    .mFlags = RF_READONLY|RF_FILTER, .azChoice = azConclusion, .nWidth = 10) \
  X(I_PHOTO, .zKey = "photo_file", .zLabel = "现场照片", .eType = REG_FILE, \
    .mFlags = RF_READONLY|RF_NOIO, .zHelp = "用手机现场拍摄") \
  X(I_PHOTO2, .zKey = "photo2_file", .zLabel = "现场照片（二）", .eType = REG_FILE, \
    .mFlags = RF_READONLY|RF_NOIO) \
  X(I_PHOTO3, .zKey = "photo3_file", .zLabel = "现场照片（三）", .eType = REG_FILE, \
    .mFlags = RF_READONLY|RF_NOIO) \
  X(I_RECT_REQ, .zKey = "rectify_req", .zLabel = "整改要求", .eType = REG_TEXT, \
    .mFlags = RF_READONLY|RF_LONG, .nMax = 2000, .nWidth = 40) \
  X(I_RECT_ON, .zKey = "rectify_on", .zLabel = "责令整改日期", .eType = REG_DATE, \
    .mFlags = RF_READONLY, \
    .zNotBefore = "inspect_on", .nWidth = 12) \
  X(I_RECT_DAYS, .zKey = "rectify_days", .zLabel = "整改期限（工作日）", .eType = REG_INT, \
    .mFlags = RF_READONLY, \
    REG_RANGE(1, 120), .nWidth = 8) \
  X(I_RECT_DUE, .zKey = "rectify_due", .zLabel = "整改截止日期", .eType = REG_DATE, \
    .mFlags = RF_READONLY|RF_LIST, .zHelp = "自责令整改次日起按工作日计算", .nWidth = 12) \
  X(I_RECTIFIED, .zKey = "rectified_on", .zLabel = "整改完成日期", .eType = REG_DATE, \
    .mFlags = RF_READONLY, \
    .zNotBefore = "rectify_on", .nWidth = 12) \
  X(I_RECHECK_ON, .zKey = "recheck_on", .zLabel = "复查日期", .eType = REG_DATE, \
    .mFlags = RF_READONLY, \
    .zNotBefore = "rectify_on", .nWidth = 12) \
  X(I_RECHECK_BY, .zKey = "recheck_by", .zLabel = "复查人员", .eType = REG_TEXT, \
    .mFlags = RF_READONLY, \
    .nMax = 100, .nWidth = 16) \
  X(I_RECHECK, .zKey = "recheck_result", .zLabel = "复查结论", .eType = REG_CHOICE, \
    .mFlags = RF_READONLY, \
    .azChoice = azRecheck, .nWidth = 10) \
  X(I_RECHECK_NOTE, .zKey = "recheck_note", .zLabel = "复查意见", .eType = REG_TEXT, \
    .mFlags = RF_READONLY|RF_LONG, .nMax = 2000, .nWidth = 40) \
  X(I_CLOSED, .zKey = "closed_on", .zLabel = "办结日期", .eType = REG_DATE, \
    .mFlags = RF_READONLY, \
    .zNotBefore = "inspect_on", .nWidth = 12) \
  X(I_STATUS, .zKey = "status", .zLabel = "状态", .eType = REG_CHOICE, \
    .mFlags = RF_READONLY|RF_LIST|RF_FILTER, .azChoice = azStatus, .nWidth = 8) \
  X(I_RATE_CODE, .zKey = "rate_code", .zLabel = "评价码", .eType = REG_TEXT, \
    .mFlags = RF_READONLY|RF_NOIO, .nMax = 8, .zHelp = "印在现场检查笔录上，供被检查对象评价", .nWidth = 10)

enum { RECORD_FIELDS(REG_FIELD_ENUM) I_NFIELD };
static const struct reg_field aField[] = { RECORD_FIELDS(REG_FIELD_INIT) };

/* Photos: taken on a phone, 20 MB each. */
static const struct reg_file_rule aRecordFile[] = {
  { "photo_file", FILE_PHOTO, (i64)20*1024*1024, false },
  { "photo2_file", FILE_PHOTO, (i64)20*1024*1024, false },
  { "photo3_file", FILE_PHOTO, (i64)20*1024*1024, false },
  { 0, 0, 0, false }
};

/* ---- 检查人员 (child) ---- */

static const char *const azRole[] = { "lead", "主办", "assist", "协办", 0 };

#define MEMBER_FIELDS(X) \
  X(M_ORG, .zKey = "org_id", .zLabel = "单位", .eType = REG_REF, \
    .mFlags = RF_READONLY|RF_NOIO, .zRef = "org", .nWidth = 20) \
  X(M_RECORD, .zKey = "record_id", .zLabel = "检查记录", .eType = REG_REF, \
    .mFlags = RF_READONLY|RF_REQUIRED, .zRef = "insp_record", .nWidth = 18) \
  X(M_PERSON, .zKey = "person_id", .zLabel = "检查人员", .eType = REG_REF, \
    .mFlags = RF_REQUIRED|RF_LIST, .zRef = "insp_person", .nWidth = 12) \
  X(M_ROLE, .zKey = "role", .zLabel = "分工", .eType = REG_CHOICE, \
    .mFlags = RF_LIST, .azChoice = azRole, .nWidth = 8) \
  X(M_CERT, .zKey = "cert_no", .zLabel = "执法证号", .eType = REG_TEXT, \
    .mFlags = RF_READONLY|RF_LIST, .nMax = 30, .nWidth = 16) \
  X(M_DRAWN, .zKey = "drawn", .zLabel = "抽签派出", .eType = REG_BOOL, \
    .mFlags = RF_READONLY|RF_LIST, .nWidth = 8)

enum { MEMBER_FIELDS(REG_FIELD_ENUM) M_NFIELD };
static const struct reg_field aMemberField[] = { MEMBER_FIELDS(REG_FIELD_INIT) };

/* An inspector once per record; the certificate number copied from the
** 执法检查人员名录库 when the row is written. */
static int member_check(struct reg_ctx *c){
  i64 person = 0, rec = 0;
  str_to_i64(c->azNew[M_PERSON], 1, INT64_MAX, &person);
  str_to_i64(c->azNew[M_RECORD], 1, INT64_MAX, &rec);
  if( db_exists("SELECT 1 FROM insp_member WHERE record_id=?1 AND person_id=?2"
                " AND void_reason IS NULL AND id<>?3", "iii", rec, person, c->id) ){
    reg_err_add(c->pErr, REG_ECONFLICT, "person_id", "该检查人员已在本次检查的人员中");
    return -1;
  }
  c->azNew[M_CERT] = db_text(c->ar, 0, "SELECT cert_no FROM insp_person WHERE id=?1", "i",
                             person);
  if( c->azOld==0 && c->azNew[M_DRAWN]==0 ) c->azNew[M_DRAWN] = "0";
  return 0;
}

const struct reg_def insp_member_reg = {
  .zName = "insp_member", .zTable = "insp_member", .zSeg = 0, .zCmd = "insp-member",
  .zTitle = "检查人员", .zListTitle = "现场检查人员", .zNavGroup = "双随机检查",
  .zOrgField = "org_id",
  .mRead = 0, .mWrite = INSP_ROLES, .mFull = INSP_ROLES,
  .aField = aMemberField, .nField = (int)COUNT(aMemberField),
  .eDelete = REG_DEL_VOID, .zOrder = "t.id", .zCounter = "名",
  .xCheck = member_check,
  .zParentField = "record_id",
};

/* ---- 检查结果 (child) ---- */

static const char *const azResult[] = { "ok", "符合", "fail", "不符合", "na", "不适用", 0 };

#define RESULT_FIELDS(X) \
  X(S_ORG, .zKey = "org_id", .zLabel = "单位", .eType = REG_REF, \
    .mFlags = RF_READONLY|RF_NOIO, .zRef = "org", .nWidth = 20) \
  X(S_RECORD, .zKey = "record_id", .zLabel = "检查记录", .eType = REG_REF, \
    .mFlags = RF_READONLY|RF_REQUIRED, .zRef = "insp_record", .nWidth = 18) \
  X(S_SEQ, .zKey = "seq", .zLabel = "序号", .eType = REG_INT, \
    .mFlags = RF_REQUIRED|RF_LIST, REG_RANGE(1, 999), .nWidth = 6) \
  X(S_ITEM, .zKey = "item", .zLabel = "检查项目", .eType = REG_TEXT, \
    .mFlags = RF_REQUIRED|RF_LIST|RF_TITLE, .nMax = 200, .nWidth = 30) \
  X(S_RESULT, .zKey = "result", .zLabel = "检查结果", .eType = REG_CHOICE, \
    .mFlags = RF_LIST, .azChoice = azResult, .nWidth = 8) \
  X(S_NOTE, .zKey = "note", .zLabel = "情况说明", .eType = REG_TEXT, \
    .mFlags = RF_LONG|RF_LIST, .nMax = 2000, .nWidth = 30)

enum { RESULT_FIELDS(REG_FIELD_ENUM) S_NFIELD };
static const struct reg_field aResultField[] = { RESULT_FIELDS(REG_FIELD_INIT) };

/* 不符合 says what was found. */
static int result_check(struct reg_ctx *c){
  if( str_eq(c->azNew[S_RESULT], "fail") && c->azNew[S_NOTE]==0 ){
    reg_err_add(c->pErr, REG_EINVALID, "note", "检查结果为“不符合”时应填写情况说明");
    return -1;
  }
  return 0;
}

const struct reg_def insp_result_reg = {
  .zName = "insp_result", .zTable = "insp_result", .zSeg = 0, .zCmd = "insp-result",
  .zTitle = "检查结果", .zListTitle = "逐项检查结果", .zNavGroup = "双随机检查",
  .zOrgField = "org_id",
  .mRead = 0, .mWrite = INSP_ROLES, .mFull = INSP_ROLES,
  .aField = aResultField, .nField = (int)COUNT(aResultField),
  .eDelete = REG_DEL_VOID, .zOrder = "t.seq, t.id", .zCounter = "项",
  .xCheck = result_check,
  .zParentField = "record_id",
};

/* ---- 音像记录 (child) ---- */

static const char *const azMediaKind[] = { "video", "视频", "audio", "录音", "photo", "照片", 0 };
static const char *const azRetention[] = {
  "permanent", "永久", "y30", "30年", "y10", "10年", "y5", "5年", 0
};
static const char *const azStorage[] = { "store", "已上传", "device", "存于记录仪", 0 };
static const char *const azOnDevice[] = { "device", 0 };

#define MEDIA_FIELDS(X) \
  X(V_ORG, .zKey = "org_id", .zLabel = "单位", .eType = REG_REF, \
    .mFlags = RF_READONLY|RF_NOIO, .zRef = "org", .nWidth = 20) \
  X(V_RECORD, .zKey = "record_id", .zLabel = "检查记录", .eType = REG_REF, \
    .mFlags = RF_READONLY|RF_REQUIRED, .zRef = "insp_record", .nWidth = 18) \
  X(V_KIND, .zKey = "kind", .zLabel = "类别", .eType = REG_CHOICE, \
    .mFlags = RF_REQUIRED|RF_LIST, .azChoice = azMediaKind, .nWidth = 6) \
  X(V_DEVICE, .zKey = "device_no", .zLabel = "记录仪编号", .eType = REG_TEXT, \
    .mFlags = RF_LIST|RF_CODE, .nMax = 40, .nWidth = 12) \
  X(V_OFFICER, .zKey = "officer", .zLabel = "记录人", .eType = REG_TEXT, \
    .mFlags = RF_REQUIRED|RF_LIST|RF_TITLE, .nMax = 50, .nWidth = 8) \
  X(V_START, .zKey = "started_at", .zLabel = "开始时间", .eType = REG_TEXT, \
    .mFlags = RF_REQUIRED|RF_LIST, .nMax = 16, .zHelp = "如 2024-05-10 09:30", .nWidth = 16) \
  X(V_END, .zKey = "ended_at", .zLabel = "结束时间", .eType = REG_TEXT, \
    .mFlags = RF_REQUIRED, .nMax = 16, .zHelp = "如 2024-05-10 11:00", .nWidth = 16) \
  X(V_RETENTION, .zKey = "retention", .zLabel = "保存期限", .eType = REG_CHOICE, \
    .mFlags = RF_REQUIRED|RF_LIST, .azChoice = azRetention, .nWidth = 6) \
  X(V_STORAGE, .zKey = "storage", .zLabel = "存储方式", .eType = REG_CHOICE, \
    .mFlags = RF_REQUIRED, .azChoice = azStorage, .nWidth = 10) \
  X(V_FILE, .zKey = "file", .zLabel = "文件", .eType = REG_FILE, \
    .mFlags = RF_READONLY|RF_NOIO) \
  X(V_SM3, .zKey = "sm3", .zLabel = "记录仪内视频的SM3", .eType = REG_TEXT, \
    .mFlags = RF_CODE|RF_TECH, .nMax = 64, .zRequiredIf = "storage", .azRequiredIs = azOnDevice, \
    .zHelp = "视频保存在记录仪自身存储中时，填写导出时计算的SM3（64位十六进制）", .nWidth = 20) \
  X(V_NOTE, .zKey = "note", .zLabel = "说明", .eType = REG_TEXT, .nMax = 500, .nWidth = 20)

enum { MEDIA_FIELDS(REG_FIELD_ENUM) V_NFIELD };
static const struct reg_field aMediaField[] = { MEDIA_FIELDS(REG_FIELD_INIT) };

/* A recorder video or a photo, up to 2 GB. */
static const struct reg_file_rule aMediaFile[] = {
  { "file", FILE_VIDEO|FILE_PHOTO, (i64)2*1024*1024*1024, false },
  { 0, 0, 0, false }
};

/* "YYYY-MM-DD HH:MM" (or "HH:MM" when bTimeOnly). */
static bool time_ok(const char *z, bool bTimeOnly){
  int day, h, m;
  char zDate[11];
  if( z==0 ) return true;
  if( !bTimeOnly ){
    if( strlen(z)!=16 || z[10]!=' ' ) return false;
    memcpy(zDate, z, 10);
    zDate[10] = 0;
    if( date_parse(zDate, &day) ) return false;
    z += 11;
  }
  if( strlen(z)!=5 || z[2]!=':' ) return false;
  if( z[0]<'0' || z[0]>'2' || z[1]<'0' || z[1]>'9' || z[3]<'0' || z[3]>'5' || z[4]<'0'
   || z[4]>'9' ) return false;
  h = (z[0]-'0')*10 + z[1]-'0';
  m = (z[3]-'0')*10 + z[4]-'0';
  return h<24 && m<60;
}

/* Times well formed and in order; a video on the recorder names its SM3
** (64 hex digits, kept lower-case) and the recorder. */
static int media_check(struct reg_ctx *c){
  const char **az = c->azNew;
  if( !time_ok(az[V_START], false) ){
    reg_err_add(c->pErr, REG_EINVALID, "started_at", "开始时间应为“年-月-日 时:分”，如 2024-05-10 09:30");
  }
  if( !time_ok(az[V_END], false) ){
    reg_err_add(c->pErr, REG_EINVALID, "ended_at", "结束时间应为“年-月-日 时:分”，如 2024-05-10 11:00");
  }else if( az[V_START] && time_ok(az[V_START], false) && strcmp(az[V_END], az[V_START])<0 ){
    reg_err_add(c->pErr, REG_EINVALID, "ended_at", "结束时间不能早于开始时间");
  }
  if( az[V_SM3] ){
    size_t i, n = strlen(az[V_SM3]);
    char *z = arena_strdup(c->ar, az[V_SM3]);
    bool bOk = n==64;
    for(i=0; i<n; i++){
      if( z[i]>='A' && z[i]<='F' ) z[i] = (char)(z[i] - 'A' + 'a');
      if( !((z[i]>='0' && z[i]<='9') || (z[i]>='a' && z[i]<='f')) ) bOk = false;
    }
    if( !bOk ) reg_err_add(c->pErr, REG_EINVALID, "sm3", "SM3应为64位十六进制数字");
    az[V_SM3] = z;
  }
  if( str_eq(az[V_STORAGE], "device") && az[V_DEVICE]==0 ){
    reg_err_add(c->pErr, REG_EINVALID, "device_no", "视频保存在记录仪中时应填写记录仪编号");
  }
  return c->pErr->n ? -1 : 0;
}

const struct reg_def insp_media_reg = {
  .zName = "insp_media", .zTable = "insp_media", .zSeg = 0, .zCmd = "insp-media",
  .zTitle = "音像记录", .zListTitle = "执法记录仪和照片", .zNavGroup = "双随机检查",
  .zOrgField = "org_id",
  .mRead = 0, .mWrite = INSP_ROLES, .mFull = INSP_ROLES,
  .aField = aMediaField, .nField = (int)COUNT(aMediaField),
  .eDelete = REG_DEL_VOID, .zOrder = "t.started_at, t.id", .zCounter = "条",
  .xCheck = media_check,
  .zParentField = "record_id",
  .aFileRule = aMediaFile,
};

static const struct reg_child aRecordChild[] = {
  { &insp_member_reg, "members" },
  { &insp_result_reg, "results" },
  { &insp_media_reg, "media" },
};

/* ---- the checklist ---- */

int insp_checklist(i64 planId, struct arena *ar, const char ***pazItem){
  char *z = db_text(ar, 0, "SELECT i.content FROM insp_plan p JOIN insp_item i ON i.id=p.item_id"
                           " WHERE p.id=?1", "i", planId);
  const char **az = 0;
  int n = 0, nAlloc = 0;
  char *p = z;
  *pazItem = 0;
  while( p && *p ){
    size_t k = 0, skip = 0;
    char *zItem;
    /* the next separator: 、 ； ; or a line end */
    while( p[k] ){
      if( strncmp(p+k, "、", 3)==0 || strncmp(p+k, "；", 3)==0 ){ skip = 3; break; }
      if( p[k]==';' || p[k]=='\n' || p[k]=='\r' ){ skip = 1; break; }
      k++;
    }
    zItem = arena_strndup(ar, p, k);
    while( *zItem==' ' ) zItem++;
    if( *zItem ){
      if( n>=nAlloc ){
        const char **azNew;
        nAlloc = nAlloc ? nAlloc*2 : 16;
        azNew = arena_alloc(ar, sizeof(char*) * (size_t)nAlloc);
        if( n ) memcpy(azNew, az, sizeof(char*) * (size_t)n);
        az = azNew;
      }
      az[n++] = zItem;
    }
    p += k + skip;
  }
  *pazItem = az;
  return n;
}

/* ---- the record's rules ---- */

/* The task is fixed once given; a new record takes its draw, plan, target
** and type from it (a task of a superseded or voided draw is refused);
** times are HH:MM.  A closed record is kept as it was closed: neither it
** nor its children change (a step another part declares may still move
** it, e.g. publication). */
static int record_check(struct reg_ctx *c){
  const char **az = c->azNew;
  i64 task = 0;
  if( c->azOld && str_eq(c->azOld[I_STATUS], "closed")
   && (str_eq(c->zVerb, "update") || str_eq(c->zVerb, "child") || str_eq(c->zVerb, "attach")) ){
    reg_err_add(c->pErr, REG_ECONFLICT, 0, "检查记录已办结，不能再修改记录或其检查人员、检查结果、照片和音像记录");
    return -1;
  }
  if( c->azOld && !str_eq(c->azOld[I_TASK], az[I_TASK]) ){
    reg_err_add(c->pErr, REG_EINVALID, "task_id", "检查记录建立后不能更换抽签任务");
    return -1;
  }
  if( c->azOld==0 ){
    struct stmt q;
    bool bFound = false;
    str_to_i64(az[I_TASK], 1, INT64_MAX, &task);
    db_prepare(&q, "SELECT d.org_id, d.id, d.plan_id, k.target_id, p.type, d.status,"
                   " d.void_reason, g.name FROM insp_task k JOIN insp_draw d ON d.id=k.draw_id"
                   " JOIN insp_plan p ON p.id=d.plan_id JOIN insp_target g ON g.id=k.target_id"
                   " WHERE k.id=?1");
    db_bind_int64(&q, 1, task);
    if( db_step(&q)==DB_ROW ){
      bFound = true;
      if( !str_eq(db_column_text(&q, 5), "valid") || db_column_text(&q, 6) ){
        reg_err_add(c->pErr, REG_ECONFLICT, "task_id",
                    "该抽签记录已被重新抽签替代或已作废，应按现行抽签结果检查");
      }
      az[I_ORG] = db_column_dup(c->ar, &q, 0);
      az[I_DRAW] = db_column_dup(c->ar, &q, 1);
      az[I_PLAN] = db_column_dup(c->ar, &q, 2);
      az[I_TARGET] = db_column_dup(c->ar, &q, 3);
      az[I_TYPE] = db_column_dup(c->ar, &q, 4);
      az[I_TITLE] = db_column_dup(c->ar, &q, 7);
    }
    db_finalize(&q);
    if( !bFound ) reg_err_add(c->pErr, REG_EINVALID, "task_id", "没有这个抽签任务");
  }
  if( !time_ok(az[I_FROM], true) ){
    reg_err_add(c->pErr, REG_EINVALID, "time_from", "开始时间应为“时:分”，如 09:30");
  }
  if( !time_ok(az[I_TO], true) ){
    reg_err_add(c->pErr, REG_EINVALID, "time_to", "结束时间应为“时:分”，如 11:00");
  }else if( az[I_FROM] && az[I_TO] && time_ok(az[I_FROM], true) && strcmp(az[I_TO], az[I_FROM])<0 ){
    reg_err_add(c->pErr, REG_EINVALID, "time_to", "结束时间不能早于开始时间");
  }
  return c->pErr->n ? -1 : 0;
}

/* A new record: the drawn inspectors are the ones present until changed
** (the first 主办), and the plan's checklist one result row per item.  Not
** on an import, whose audit entries are one batch a child's own entry
** cannot join: an imported record gets them at its next change or step
** (a record that never had a member or a result row). */
static int record_after(struct reg_ctx *c){
  const char *zTeam;
  const char **azItem;
  i64 planId = 0, cid;
  int n, i, k = 0;
  if( insp_pub_follow(c) ) return -1;       /* the result to publish (insp_pub.c) */
  if( c->id==0 || str_eq(c->zVerb, "import") || str_eq(c->zVerb, "child") ) return 0;
  if( c->azOld && (db_exists("SELECT 1 FROM insp_member WHERE record_id=?1", "i", c->id)
                   || db_exists("SELECT 1 FROM insp_result WHERE record_id=?1", "i", c->id)) ){
    return 0;
  }
  zTeam = db_text(c->ar, "", "SELECT team FROM insp_task WHERE id=?1", "i",
                  (i64)strtoll(c->azNew[I_TASK], 0, 10));
  while( zTeam && *zTeam ){
    const char *az[M_NFIELD] = {0};
    size_t len = strcspn(zTeam, ",");
    az[M_PERSON] = arena_strndup(c->ar, zTeam, len);
    az[M_ROLE] = k++==0 ? "lead" : "assist";
    az[M_DRAWN] = "1";
    if( reg_child_add(c, "members", az, &cid) ) return -1;
    zTeam += len;
    if( *zTeam==',' ) zTeam++;
  }
  str_to_i64(c->azNew[I_PLAN], 1, INT64_MAX, &planId);
  n = insp_checklist(planId, c->ar, &azItem);
  for(i=0; i<n; i++){
    const char *az[S_NFIELD] = {0};
    az[S_SEQ] = arena_printf(c->ar, "%d", i+1);
    az[S_ITEM] = azItem[i];
    if( reg_child_add(c, "results", az, &cid) ) return -1;
  }
  return 0;
}

int insp_members_gate(i64 recordId, const char *zDay, struct arena *ar, struct reg_err *e){
  struct stmt q;
  int nValid = 0, nAll = 0;
  db_prepare(&q, "SELECT p.name, p.cert_no, p.valid_until, p.status, p.lapsed_on"
                 " FROM insp_member m JOIN insp_person p ON p.id=m.person_id"
                 " WHERE m.record_id=?1 AND m.void_reason IS NULL ORDER BY m.id");
  db_bind_int64(&q, 1, recordId);
  while( db_step(&q)==DB_ROW ){
    const char *zName = db_column_text(&q, 0), *zCert = db_column_text(&q, 1);
    const char *zUntil = db_column_text(&q, 2), *zSt = db_column_text(&q, 3);
    const char *zLapsed = db_column_text(&q, 4);
    nAll++;
    if( zDay==0 ){
      nValid++;
    }else if( zUntil && strcmp(zUntil, zDay)<0 ){
      reg_err_add(e, REG_EGATE, "members", "检查人员%s的执法证（%s）已于%s到期，检查当日无效",
                  zName, zCert, zUntil);
    }else if( !str_eq(zSt, "valid") && (zLapsed==0 || strcmp(zLapsed, zDay)<=0) ){
      reg_err_add(e, REG_EGATE, "members", "检查人员%s的执法证（%s）%s%s%s，检查当日无效",
                  zName, zCert, zLapsed ? "已于" : "", zLapsed ? zLapsed : "",
                  str_eq(zSt, "revoked") ? "注销" : "暂扣");
    }else{
      nValid++;
    }
  }
  db_finalize(&q);
  (void)ar;
  if( nValid<2 ){
    reg_err_add(e, REG_EGATE, "members", "现场检查人员应至少2名且执法证在检查当日有效，现有%d名有效（共%d名）",
                nValid, nAll);
  }
  return nValid;
}

/* Gate of inspect: 2 inspectors present, valid on the day. */
static int gate_inspect(struct reg_ctx *c, struct reg_err *e){
  int n0 = e->n;
  insp_members_gate(c->id, c->azNew[I_ON], c->ar, e);
  return e->n>n0 ? -1 : 0;
}

/* Gate of close: every checklist item has a result, 2 valid inspectors on
** the day, a re-check that found it rectified where rectification was
** ordered (the filing number is in azNeed). */
static int gate_close(struct reg_ctx *c, struct reg_err *e){
  int n0 = e->n;
  i64 nOpen = db_i64(0, "SELECT count(*) FROM insp_result WHERE record_id=?1 AND result IS NULL"
                        " AND void_reason IS NULL", "i", c->id);
  i64 nAll = db_i64(0, "SELECT count(*) FROM insp_result WHERE record_id=?1"
                       " AND void_reason IS NULL", "i", c->id);
  if( nAll==0 ){
    reg_err_add(e, REG_EGATE, "results", "没有逐项检查结果");
  }else if( nOpen>0 ){
    reg_err_add(e, REG_EGATE, "results", "还有%lld个检查项目未填写检查结果", (long long)nOpen);
  }
  insp_members_gate(c->id, c->azNew[I_ON], c->ar, e);
  if( c->azNew[I_RECT_ON] && !str_eq(c->azNew[I_RECHECK], "done") ){
    reg_err_add(e, REG_EGATE, "recheck_result", "已责令整改，应经复查确认整改到位后办结");
  }
  return e->n>n0 ? -1 : 0;
}

/* Step inspect: a problem found or not. */
static int record_inspect(struct reg_ctx *c){
  (void)c;
  return 0;
}

/* Step order: only when a problem was found; a new order starts over. */
static int record_order(struct reg_ctx *c){
  if( !str_eq(c->azNew[I_CONCLUSION], "problem") ){
    reg_err_add(c->pErr, REG_EINVALID, "conclusion", "检查结论为“发现问题”时才能责令整改");
    return -1;
  }
  c->azNew[I_RECHECK_ON] = 0;
  c->azNew[I_RECHECK] = 0;
  c->azNew[I_RECHECK_NOTE] = 0;
  c->azNew[I_RECTIFIED] = 0;
  return 0;
}

/* The rectification's due day: rectify_days working days from rectify_on. */
static int record_due(const struct calendar *cal, const struct reg_def *d, i64 id,
                      const char **az, struct arena *ar, int *pDue, struct buf *pEx,
                      struct buf *pErr){
  struct clock_spec s;
  int day;
  i64 n = 0;
  (void)d; (void)id; (void)ar;
  if( az[I_RECT_ON]==0 || date_parse(az[I_RECT_ON], &day)
   || az[I_RECT_DAYS]==0 || str_to_i64(az[I_RECT_DAYS], 1, 120, &n) ){
    *pDue = 0;
    return 0;
  }
  memset(&s, 0, sizeof(s));
  s.start = day;
  s.n = (int)n;
  s.eUnit = CLOCK_WORKDAY;
  return clock_due(cal, &s, pDue, pEx, pErr);
}

static const char *const azFromNew[] = { "new", 0 };
static const char *const azFromApproved[] = { "approved", 0 };
static const char *const azFromNotified[] = { "notified", 0 };
static const char *const azFromInspected[] = { "inspected", "rechecked", 0 };
static const char *const azFromRectifying[] = { "rectifying", 0 };
static const char *const azFromClose[] = { "inspected", "rechecked", 0 };
static const char *const azAskApprove[] = { "approver", "approved_on", 0 };
static const char *const azAskNotify[] = { "notice_on", "notice_way", 0 };
static const char *const azAskInspect[] = {
  "inspect_on", "time_from", "time_to", "place", "findings", "conclusion", "filing_no", 0
};
static const char *const azAskOrder[] = { "rectify_req", "rectify_on", "rectify_days", 0 };
static const char *const azAskRecheck[] = {
  "rectified_on", "recheck_on", "recheck_by", "recheck_result", "recheck_note", 0
};
static const char *const azAskClose[] = { "closed_on", 0 };
static const char *const azNeedApprove[] = { "approver", "approved_on", 0 };
static const char *const azNeedNotify[] = { "notice_on", 0 };
static const char *const azNeedInspect[] = { "inspect_on", "place", "conclusion", 0 };
static const char *const azNeedOrder[] = { "rectify_req", "rectify_on", "rectify_days", 0 };
static const char *const azNeedRecheck[] = { "recheck_on", "recheck_result", 0 };
static const char *const azNeedClose[] = { "closed_on", "filing_no", "inspect_on", 0 };

static const struct reg_step aStep[] = {
  { .zVerb = "approve", .zLabel = "检查审批", .azFrom = azFromNew, .zTo = "approved",
    .mRoles = INSP_ROLES|ROLE_LEADER, .azAsk = azAskApprove, .azNeed = azNeedApprove },
  { .zVerb = "notify", .zLabel = "通知被检查对象", .azFrom = azFromApproved, .zTo = "notified",
    .mRoles = INSP_ROLES, .azAsk = azAskNotify, .azNeed = azNeedNotify },
  { .zVerb = "inspect", .zLabel = "记录现场检查", .azFrom = azFromNotified, .zTo = "inspected",
    .mRoles = INSP_ROLES, .azAsk = azAskInspect, .azNeed = azNeedInspect,
    .xRule = record_inspect, .xGate = gate_inspect },
  { .zVerb = "order", .zLabel = "责令整改", .azFrom = azFromInspected, .zTo = "rectifying",
    .mRoles = INSP_ROLES, .azAsk = azAskOrder, .azNeed = azNeedOrder, .xRule = record_order },
  { .zVerb = "recheck", .zLabel = "整改复查", .azFrom = azFromRectifying, .zTo = "rechecked",
    .mRoles = INSP_ROLES, .azAsk = azAskRecheck, .azNeed = azNeedRecheck },
  { .zVerb = "close", .zLabel = "办结", .azFrom = azFromClose, .zTo = "closed",
    .mRoles = INSP_ROLES, .azAsk = azAskClose, .azNeed = azNeedClose, .xGate = gate_close },
};

static const char *const azRectOpen[] = { "rectifying", 0 };
static const struct reg_deadline aRecordDeadline[] = {
  { .zLabel = "整改期限", .zStartField = "rectify_on", .zDueField = "rectify_due",
    .eUnit = CLOCK_WORKDAY, .azOpen = azRectOpen, .xCompute = record_due },
};

/* Numbered when approved, in the year of the approval. */
static const struct reg_number recordNumber = {
  .zField = "number", .zFormat = "行政检查〔%Y〕%N号", .zYearFrom = "approved_on",
  .zOnVerb = "approve",
};

const struct reg_def insp_record_reg = {
  .zName = "insp_record", .zTable = "insp_record", .zSeg = "inspections", .zCmd = "inspect",
  .zTitle = "检查记录", .zListTitle = "检查记录", .zNavGroup = "双随机检查",
  .zOrgField = "org_id",
  .mRead = 0, .mWrite = INSP_ROLES, .mFull = INSP_ROLES,
  .aField = aField, .nField = (int)COUNT(aField),
  .zStateField = "status", .zInitial = "new",
  .aStep = aStep, .nStep = (int)COUNT(aStep),
  .eDelete = REG_DEL_VOID, .zOrder = "t.id DESC", .zCounter = "次",
  .xCheck = record_check, .xAfter = record_after,
  .xDerive = insp_rate_derive, .pPublic = &insp_record_public,   /* insp_rate.c */
  .pNumber = &recordNumber,
  .aDeadline = aRecordDeadline, .nDeadline = (int)COUNT(aRecordDeadline),
  .aChild = aRecordChild, .nChild = (int)COUNT(aRecordChild),
  .aFileRule = aRecordFile,
};
