/*
** adviser.c -- 法律顾问: the declaration and the rules no declaration can
** hold.  Everything else (pages, API, command, workbooks, audit, scope,
** the phone number sealed and masked) comes from the kernel.
**
** States: active 在聘 -> dismissed 解聘 (step dismiss, asks the date and
** reason), active|expired -> active (step renew, asks the new end date).
** A contract past its end date becomes expired on its next write (derive).
*/
#include "../../common.h"
#include "../../base/date.h"
#include "../../base/util.h"
#include "../../core/files.h"
#include "../../core/app.h"
#include "adviser.h"
#include "review.h"

static const char *const azKind[] = { "person", "个人", "firm", "律师事务所", 0 };
static const char *const azStatus[] = {
  "active", "在聘", "expired", "期满", "dismissed", "解聘", 0
};
static const char *const azNameAlias[] = { "姓名", "名称", "律师姓名", "律所名称", 0 };
static const char *const azLicAlias[] = { "执业证号", "执业许可证号", "执业证书编号", 0 };
static const char *const azPhoneAlias[] = { "电话", "手机", "手机号", 0 };
static const char *const azPerson[] = { "person", 0 };

#define ADVISER_FIELDS(X) \
  X(A_ORG, .zKey = "org_id", .zLabel = "聘请单位", .eType = REG_REF, \
    .mFlags = RF_REQUIRED|RF_LIST|RF_FILTER, .zRef = "org", .zHelp = "聘请该法律顾问的单位", \
    .nWidth = 30) \
  X(A_NAME, .zKey = "name", .zLabel = "姓名或名称", .eType = REG_TEXT, \
    .mFlags = RF_REQUIRED|RF_LIST|RF_SEARCH|RF_TITLE, .nMax = 50, .zHelp = "律师姓名，或律师事务所全称", \
    .azAlias = azNameAlias, .nWidth = 20) \
  X(A_KIND, .zKey = "kind", .zLabel = "类别", .eType = REG_CHOICE, \
    .mFlags = RF_REQUIRED|RF_LIST|RF_FILTER, .azChoice = azKind, .nWidth = 10) \
  X(A_FIRM, .zKey = "firm", .zLabel = "所在律师事务所", .eType = REG_TEXT, \
    .mFlags = RF_LIST|RF_SEARCH, .nMax = 100, .zHelp = "类别为个人时填写", .nWidth = 30, \
    .zRequiredIf = "kind", .azRequiredIs = azPerson) \
  X(A_LIC, .zKey = "licence_no", .zLabel = "执业证号", .eType = REG_TEXT, \
    .mFlags = RF_UNIQUE|RF_LIST|RF_SEARCH|RF_CODE, .nMax = 30, .zHelp = "律师执业证号或律师事务所执业许可证号", \
    .azAlias = azLicAlias, .nWidth = 20) \
  X(A_PHONE, .zKey = "phone", .zLabel = "联系电话", .eType = REG_PHONE, \
    .mFlags = RF_PERSONAL|RF_SEARCH, .zHelp = "手机号或带区号的固定电话", .azAlias = azPhoneAlias, \
    .nWidth = 14) \
  X(A_START, .zKey = "contract_start", .zLabel = "合同起始日", .eType = REG_DATE, \
    .mFlags = RF_REQUIRED|RF_LIST, .nWidth = 12) \
  X(A_END, .zKey = "contract_end", .zLabel = "合同终止日", .eType = REG_DATE, \
    .mFlags = RF_REQUIRED|RF_LIST, .nWidth = 12, .zNotBefore = "contract_start") \
  X(A_FILED, .zKey = "filed_on", .zLabel = "司法局备案日期", .eType = REG_DATE, \
    .zHelp = "报司法局备案的日期", .nWidth = 12, .zNotBefore = "contract_start") \
  X(A_STATUS, .zKey = "status", .zLabel = "状态", .eType = REG_CHOICE, \
    .mFlags = RF_READONLY|RF_LIST|RF_FILTER, .azChoice = azStatus, .nWidth = 8) \
  X(A_DISMISSED, .zKey = "dismissed_on", .zLabel = "解聘日期", .eType = REG_DATE, \
    .mFlags = RF_READONLY|RF_REQUIRED, .nWidth = 12, .zNotBefore = "contract_start") \
  X(A_REASON, .zKey = "end_reason", .zLabel = "解聘原因", .eType = REG_TEXT, \
    .mFlags = RF_READONLY|RF_LONG, .nMax = 200, .nWidth = 30) \
  X(A_CONTRACT_FILE, .zKey = "contract_file", .zLabel = "合同文本", .eType = REG_FILE, \
    .mFlags = RF_READONLY|RF_NOIO, .zHelp = "签订的聘用合同：PDF、Word 或照片")

enum { ADVISER_FIELDS(REG_FIELD_ENUM) A_NFIELD };

static const struct reg_field aField[] = { ADVISER_FIELDS(REG_FIELD_INIT) };

/* The contract: a PDF, a Word file or a photo of it, at most 20 MB. */
static const struct reg_file_rule aAdviserFile[] = {
  { "contract_file", FILE_PDF|FILE_OFFICE|FILE_PHOTO, (i64)20*1024*1024, true },
  { 0, 0, 0, false }
};

/* Derived on every write: an active contract past its end is expired. */
static void adviser_derive(struct reg_ctx *c){
  char zToday[11];
  date_format(date_today(), zToday);
  if( str_eq(c->azNew[A_STATUS], "active") && c->azNew[A_END]
   && strcmp(c->azNew[A_END], zToday)<0 ){
    c->azNew[A_STATUS] = "expired";
  }
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
  { .zVerb = "dismiss", .zLabel = "解聘", .bAside = true, .azFrom = azFromActive, .zTo = "dismissed",
    .mRoles = ROLE_ADMIN|ROLE_LEGAL, .azAsk = azAskDismiss },
  { .zVerb = "renew", .zLabel = "续聘", .azFrom = azFromRenew, .zTo = "active",
    .mRoles = ROLE_ADMIN|ROLE_LEGAL|ROLE_SCHOOL, .azAsk = azAskRenew, .xRule = adviser_renew },
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
  .xDerive = adviser_derive,
  .xShowMore = review_show_adviser,
};
