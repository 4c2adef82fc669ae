/*
** adviser.c -- 法律顾问: the declaration and the rules no declaration can
** hold.  Everything else (pages, API, command, workbooks, audit, scope,
** the phone number sealed and masked) comes from the kernel.
**
** States: active 在聘 -> dismissed 解聘 (step dismiss, asks the date and
** reason), active|expired -> active (step renew, asks the new end date).
** A contract past its end date becomes expired on its next write (derive).
*/
#include "../common.h"
#include "../base/date.h"
#include "../base/util.h"
#include "../core/files.h"
#include "app.h"
#include "adviser.h"

static const char *const azKind[] = { "person", "个人", "firm", "律师事务所", 0 };
static const char *const azStatus[] = {
  "active", "在聘", "expired", "期满", "dismissed", "解聘", 0
};
static const char *const azNameAlias[] = { "姓名", "名称", "律师姓名", "律所名称", 0 };
static const char *const azLicAlias[] = { "执业证号", "执业许可证号", "执业证书编号", 0 };
static const char *const azPhoneAlias[] = { "电话", "手机", "手机号", 0 };

enum { A_ORG, A_NAME, A_KIND, A_FIRM, A_LIC, A_PHONE, A_START, A_END, A_FILED, A_STATUS,
       A_DISMISSED, A_REASON };

static const struct reg_field aField[] = {
  { "org_id", "聘请单位", REG_REF, RF_REQUIRED|RF_LIST|RF_FILTER, 0, 0, "org",
    "聘请该法律顾问的单位", 0, 30 },
  { "name", "姓名或名称", REG_TEXT, RF_REQUIRED|RF_LIST|RF_SEARCH|RF_TITLE, 50, 0, 0,
    "律师姓名，或律师事务所全称", azNameAlias, 20 },
  { "kind", "类别", REG_CHOICE, RF_REQUIRED|RF_LIST|RF_FILTER, 0, azKind, 0, 0, 0, 10 },
  { "firm", "所在律师事务所", REG_TEXT, RF_LIST|RF_SEARCH, 100, 0, 0,
    "类别为个人时填写", 0, 30 },
  { "licence_no", "执业证号", REG_TEXT, RF_UNIQUE|RF_LIST|RF_SEARCH|RF_CODE, 30, 0, 0,
    "律师执业证号或律师事务所执业许可证号", azLicAlias, 20 },
  { "phone", "联系电话", REG_PHONE, RF_PERSONAL|RF_SEARCH, 0, 0, 0,
    "手机号或带区号的固定电话", azPhoneAlias, 14 },
  { "contract_start", "合同起始日", REG_DATE, RF_REQUIRED|RF_LIST, 0, 0, 0, 0, 0, 12 },
  { "contract_end", "合同终止日", REG_DATE, RF_REQUIRED|RF_LIST, 0, 0, 0, 0, 0, 12 },
  { "filed_on", "司法局备案日期", REG_DATE, 0, 0, 0, 0, "报司法局备案的日期", 0, 12 },
  { "status", "状态", REG_CHOICE, RF_READONLY|RF_LIST|RF_FILTER, 0, azStatus, 0, 0, 0, 8 },
  { "dismissed_on", "解聘日期", REG_DATE, RF_READONLY|RF_REQUIRED, 0, 0, 0, 0, 0, 12 },
  { "end_reason", "解聘原因", REG_TEXT, RF_READONLY|RF_LONG, 200, 0, 0, 0, 0, 30 },
  { "contract_file", "合同文本", REG_FILE, RF_READONLY|RF_NOIO, 0, 0, 0,
    "签订的聘用合同：PDF、Word 或照片", 0, 0 },
};

/* The contract: a PDF, a Word file or a photo of it, at most 20 MB. */
static const struct reg_file_rule aAdviserFile[] = {
  { "contract_file", FILE_PDF|FILE_OFFICE|FILE_PHOTO, (i64)20*1024*1024, true },
  { 0, 0, 0, false }
};

/* Rules across fields: the contract runs forwards; a person names a firm. */
static int adviser_check(struct reg_ctx *c){
  const char **az = c->azNew;
  if( az[A_START] && az[A_END] && strcmp(az[A_END], az[A_START])<0 ){
    reg_err_add(c->pErr, REG_EINVALID, "contract_end", "合同终止日不能早于起始日 %s",
                az[A_START]);
  }
  if( str_eq(az[A_KIND], "person") && az[A_FIRM]==0 ){
    reg_err_add(c->pErr, REG_EINVALID, "firm", "类别为个人时请填写所在律师事务所");
  }
  if( az[A_FILED] && az[A_START] && strcmp(az[A_FILED], az[A_START])<0 ){
    reg_err_add(c->pErr, REG_EINVALID, "filed_on", "备案日期不能早于合同起始日 %s",
                az[A_START]);
  }
  return 0;
}

/* Derived on every write: an active contract past its end is expired. */
static void adviser_derive(struct reg_ctx *c){
  char zToday[11];
  date_format(date_today(), zToday);
  if( str_eq(c->azNew[A_STATUS], "active") && c->azNew[A_END]
   && strcmp(c->azNew[A_END], zToday)<0 ){
    c->azNew[A_STATUS] = "expired";
  }
}

/* Step dismiss: not before the contract began. */
static int adviser_dismiss(struct reg_ctx *c){
  if( c->azNew[A_DISMISSED] && strcmp(c->azNew[A_DISMISSED], c->azNew[A_START])<0 ){
    reg_err_add(c->pErr, REG_EINVALID, "dismissed_on", "解聘日期不能早于合同起始日 %s",
                c->azNew[A_START]);
    return -1;
  }
  return 0;
}

/* Step renew: the new end date lies after the old one. */
static int adviser_renew(struct reg_ctx *c){
  if( c->azNew[A_END]==0 || strcmp(c->azNew[A_END], c->azOld[A_END])<=0 ){
    reg_err_add(c->pErr, REG_EINVALID, "contract_end", "续聘后的合同终止日应晚于原终止日 %s",
                c->azOld[A_END]);
    return -1;
  }
  return 0;
}

static const char *const azFromActive[] = { "active", 0 };
static const char *const azFromRenew[] = { "active", "expired", 0 };
static const char *const azAskDismiss[] = { "dismissed_on", "end_reason", 0 };
static const char *const azAskRenew[] = { "contract_end", 0 };

static const struct reg_step aStep[] = {
  { "dismiss", "解聘", azFromActive, "dismissed", ROLE_ADMIN|ROLE_LEGAL, azAskDismiss,
    adviser_dismiss },
  { "renew", "续聘", azFromRenew, "active", ROLE_ADMIN|ROLE_LEGAL|ROLE_SCHOOL, azAskRenew,
    adviser_renew },
};

const struct reg_def adviser_reg = {
  .zName = "adviser", .zTable = "adviser", .zSeg = "advisers", .zCmd = "adviser",
  .zTitle = "法律顾问", .zNavGroup = "法制审核", .zOrgField = "org_id",
  .mRead = 0, .mWrite = ROLE_ADMIN|ROLE_LEGAL|ROLE_SCHOOL,
  .mFull = ROLE_ADMIN|ROLE_LEGAL|ROLE_SCHOOL,
  .aField = aField, .nField = (int)COUNT(aField),
  .zStateField = "status", .zInitial = "active",
  .aStep = aStep, .nStep = (int)COUNT(aStep),
  .eDelete = REG_DEL_VOID,
  .zOrder = "t.contract_end DESC, t.id",
  .aFileRule = aAdviserFile,
  .xCheck = adviser_check, .xDerive = adviser_derive,
};
