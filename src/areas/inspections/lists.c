/*
** lists.c -- the 一单两库 of "双随机、一公开": the 随机抽查事项清单
** (insp_item), the 检查对象名录库 (insp_target), the 执法检查人员名录库
** (insp_person) and the 回避 register (insp_conflict).  Declarations plus
** the rules no declaration can hold; pages, API, commands, workbooks,
** audit and scope come from the kernel.
*/
#include "../../common.h"
#include "../../base/arena.h"
#include "../../base/date.h"
#include "../../base/util.h"
#include "../../core/app.h"
#include "../../core/scope.h"
#include "../../store/db.h"
#include "insp.h"

/* ---- 随机抽查事项清单 ---- */

static const char *const azItemCode[] = { "事项编码", "编号", 0 };
static const char *const azItemBasis[] = { "依据", "法律依据", "设定依据", 0 };

#define ITEM_FIELDS(X) \
  X(IT_ORG, .zKey = "org_id", .zLabel = "实施单位", .eType = REG_REF, \
    .mFlags = RF_REQUIRED|RF_LIST|RF_FILTER, .zRef = "org", .nWidth = 20) \
  X(IT_CODE, .zKey = "code", .zLabel = "事项编号", .eType = REG_TEXT, \
    .mFlags = RF_REQUIRED|RF_UNIQUE|RF_LIST|RF_SEARCH|RF_CODE, .nMax = 30, \
    .azAlias = azItemCode, .zHelp = "如 22032252602001", .nWidth = 18) \
  X(IT_NAME, .zKey = "name", .zLabel = "事项名称", .eType = REG_TEXT, \
    .mFlags = RF_REQUIRED|RF_LIST|RF_SEARCH|RF_TITLE, .nMax = 100, .nWidth = 30) \
  X(IT_BASIS, .zKey = "basis", .zLabel = "抽查依据", .eType = REG_TEXT, \
    .mFlags = RF_REQUIRED|RF_LONG, .nMax = 500, .azAlias = azItemBasis, \
    .zHelp = "法律、法规、规章的名称和条款（清单之外无检查）", .nWidth = 40) \
  X(IT_BODY, .zKey = "body", .zLabel = "检查主体", .eType = REG_TEXT, \
    .mFlags = RF_REQUIRED|RF_LIST, .nMax = 100, .nWidth = 20) \
  X(IT_CONTENT, .zKey = "content", .zLabel = "检查内容", .eType = REG_TEXT, \
    .mFlags = RF_REQUIRED|RF_LONG, .nMax = 500, .nWidth = 40) \
  X(IT_METHOD, .zKey = "method", .zLabel = "检查方式", .eType = REG_TEXT, \
    .mFlags = RF_REQUIRED|RF_LIST, .nMax = 100, .zHelp = "现场检查、书面检查、网络监测等", \
    .nWidth = 16) \
  X(IT_PUBLISHED, .zKey = "published", .zLabel = "已公开", .eType = REG_BOOL, \
    .mFlags = RF_LIST|RF_FILTER, .zHelp = "事项清单已向社会公开", .nWidth = 8)

enum { ITEM_FIELDS(REG_FIELD_ENUM) IT_NFIELD };
static const struct reg_field aItemField[] = { ITEM_FIELDS(REG_FIELD_INIT) };

const struct reg_def insp_item_reg = {
  .zName = "insp_item", .zTable = "insp_item", .zSeg = "insp-items", .zCmd = "insp-item",
  .zTitle = "抽查事项", .zListTitle = "随机抽查事项清单", .zNavGroup = "双随机检查",
  .zOrgField = "org_id",
  .mRead = 0, .mWrite = ROLE_ADMIN|ROLE_LEGAL|ROLE_INSPECTOR, .mFull = ROLE_ADMIN|ROLE_LEGAL,
  .aField = aItemField, .nField = (int)COUNT(aItemField),
  .eDelete = REG_DEL_VOID, .zOrder = "t.code, t.id", .zCounter = "项",
};

/* ---- 检查对象名录库 ---- */

static const char *const azTargetKind[] = {
  "school", "中小学", "kindergarten", "幼儿园", "private", "民办学校", "training", "校外培训机构", 0
};
static const char *const azRisk[] = { "low", "低", "mid", "中", "high", "高", 0 };
static const char *const azOutside[] = { "private", "training", 0 };
static const char *const azTargetOrgAlias[] = { "机构", "学校", "主管单位", 0 };
static const char *const azRepAlias[] = { "法人", "法定代表人（负责人）", 0 };

#define TARGET_FIELDS(X) \
  X(TG_ORG, .zKey = "org_id", .zLabel = "机构或主管单位", .eType = REG_REF, \
    .mFlags = RF_REQUIRED|RF_LIST|RF_FILTER, .zRef = "org", .azAlias = azTargetOrgAlias, \
    .zHelp = "中小学、幼儿园选机构本身；民办学校、校外培训机构选主管的教育局", .nWidth = 26) \
  X(TG_NAME, .zKey = "name", .zLabel = "对象名称", .eType = REG_TEXT, \
    .mFlags = RF_REQUIRED|RF_LIST|RF_SEARCH|RF_TITLE, .nMax = 100, .nWidth = 30) \
  X(TG_KIND, .zKey = "kind", .zLabel = "对象类别", .eType = REG_CHOICE, \
    .mFlags = RF_REQUIRED|RF_LIST|RF_FILTER, .azChoice = azTargetKind, .nWidth = 12) \
  X(TG_USCC, .zKey = "uscc", .zLabel = "统一社会信用代码", .eType = REG_USCC, \
    .mFlags = RF_UNIQUE|RF_SEARCH, .zRequiredIf = "kind", .azRequiredIs = azOutside, .nWidth = 20) \
  X(TG_REP, .zKey = "legal_rep", .zLabel = "法定代表人", .eType = REG_TEXT, .nMax = 50, \
    .zRequiredIf = "kind", .azRequiredIs = azOutside, .azAlias = azRepAlias, .nWidth = 12) \
  X(TG_ADDR, .zKey = "address", .zLabel = "地址", .eType = REG_TEXT, .nMax = 200, .nWidth = 30) \
  X(TG_CONTACT, .zKey = "contact", .zLabel = "联系人及电话", .eType = REG_TEXT, .nMax = 100, \
    .nWidth = 20) \
  X(TG_TOWN, .zKey = "town", .zLabel = "所在乡镇", .eType = REG_TEXT, \
    .mFlags = RF_LIST|RF_SEARCH, .nMax = 30, .nWidth = 12) \
  X(TG_RISK, .zKey = "risk", .zLabel = "风险等级", .eType = REG_CHOICE, \
    .mFlags = RF_REQUIRED|RF_LIST|RF_FILTER, .azChoice = azRisk, .nWidth = 8) \
  X(TG_LAST, .zKey = "last_inspected", .zLabel = "上次检查日期", .eType = REG_DATE, \
    .mFlags = RF_LIST, .nWidth = 12)

enum { TARGET_FIELDS(REG_FIELD_ENUM) TG_NFIELD };
static const struct reg_field aTargetField[] = { TARGET_FIELDS(REG_FIELD_INIT) };

/* A school or kindergarten of the tree is the org it names; a 民办学校 or
** 校外培训机构 is described by its own code and 法定代表人. */
static int target_check(struct reg_ctx *c){
  const char **az = c->azNew;
  if( az[TG_ORG] && (str_eq(az[TG_KIND], "school") || str_eq(az[TG_KIND], "kindergarten")) ){
    i64 org = 0;
    str_to_i64(az[TG_ORG], 1, INT64_MAX, &org);
    if( !db_exists("SELECT 1 FROM org WHERE id=?1 AND kind IN ('school','kindergarten')",
                   "i", org) ){
      reg_err_add(c->pErr, REG_EINVALID, "org_id", "类别为中小学或幼儿园时，机构应选学校或幼儿园本身");
    }
  }
  return 0;
}

const struct reg_def insp_target_reg = {
  .zName = "insp_target", .zTable = "insp_target", .zSeg = "insp-targets", .zCmd = "insp-target",
  .zTitle = "检查对象", .zListTitle = "检查对象名录库", .zNavGroup = "双随机检查",
  .zOrgField = "org_id",
  .mRead = 0, .mWrite = ROLE_ADMIN|ROLE_LEGAL|ROLE_INSPECTOR, .mFull = ROLE_ADMIN|ROLE_LEGAL,
  .aField = aTargetField, .nField = (int)COUNT(aTargetField),
  .eDelete = REG_DEL_VOID, .zOrder = "t.kind, t.id", .zCounter = "个",
  .xCheck = target_check,
};

/* ---- 执法检查人员名录库 ---- */

static const char *const azPersonStatus[] = {
  "valid", "有效", "revoked", "注销", "suspended", "暂扣", 0
};
static const char *const azLapsed[] = { "revoked", "suspended", 0 };
static const char *const azCertAlias[] = { "执法证编号", "证件编号", "执法证件号", 0 };
static const char *const azDeptAlias[] = { "所在部门", "部门", 0 };

#define PERSON_FIELDS(X) \
  X(PS_ORG, .zKey = "org_id", .zLabel = "登记单位", .eType = REG_REF, \
    .mFlags = RF_REQUIRED|RF_LIST|RF_FILTER, .zRef = "org", \
    .zHelp = "本单位人员填所在单位；合作部门人员填登记的教育局", .nWidth = 20) \
  X(PS_NAME, .zKey = "name", .zLabel = "姓名", .eType = REG_TEXT, \
    .mFlags = RF_REQUIRED|RF_LIST|RF_SEARCH|RF_TITLE, .nMax = 50, .nWidth = 10) \
  X(PS_DEPT, .zKey = "dept", .zLabel = "合作部门", .eType = REG_TEXT, \
    .mFlags = RF_LIST|RF_SEARCH, .nMax = 100, .azAlias = azDeptAlias, \
    .zHelp = "公安、市场监管等合作部门的人员填写该部门在机构名录中的名称；本单位人员不填", \
    .nWidth = 24) \
  X(PS_CERT, .zKey = "cert_no", .zLabel = "执法证号", .eType = REG_TEXT, \
    .mFlags = RF_REQUIRED|RF_UNIQUE|RF_LIST|RF_SEARCH|RF_CODE, .nMax = 30, \
    .azAlias = azCertAlias, .nWidth = 16) \
  X(PS_CATEGORY, .zKey = "category", .zLabel = "执法类别", .eType = REG_TEXT, \
    .mFlags = RF_LIST, .nMax = 50, .nWidth = 12) \
  X(PS_AREA, .zKey = "area", .zLabel = "执法区域", .eType = REG_TEXT, .nMax = 50, .nWidth = 12) \
  X(PS_VALID, .zKey = "valid_until", .zLabel = "有效期至", .eType = REG_DATE, \
    .mFlags = RF_REQUIRED|RF_LIST, .nWidth = 12) \
  X(PS_STATUS, .zKey = "status", .zLabel = "证件状态", .eType = REG_CHOICE, \
    .mFlags = RF_REQUIRED|RF_LIST|RF_FILTER, .azChoice = azPersonStatus, .nWidth = 8) \
  X(PS_LAPSED, .zKey = "lapsed_on", .zLabel = "注销或暂扣日期", .eType = REG_DATE, \
    .zRequiredIf = "status", .azRequiredIs = azLapsed, \
    .zHelp = "自该日起不再参加抽签", .nWidth = 12) \
  X(PS_ACCOUNT, .zKey = "account", .zLabel = "登录账号", .eType = REG_TEXT, \
    .mFlags = RF_NOIO, .nMax = 50, \
    .zHelp = "本人在本系统的登录名，由系统管理员填写；填写后“今日任务”按账号找到本人的检查任务", \
    .nWidth = 12) \
  X(PS_USER, .zKey = "user_id", .zLabel = "关联账号编号", .eType = REG_INT, \
    .mFlags = RF_READONLY|RF_NOIO|RF_TECH, .nWidth = 8)

enum { PERSON_FIELDS(REG_FIELD_ENUM) PS_NFIELD };
static const struct reg_field aPersonField[] = { PERSON_FIELDS(REG_FIELD_INIT) };

i64 insp_partner_id(const char *z){
  i64 id;
  if( z==0 || z[0]==0 ) return 0;
  id = org_lookup(z);
  return id && org_is_partner(id) ? id : 0;
}

/* The 登录账号 of a person: only an administrator (or the operator's
** command line) links or unlinks it; it must name an account in use that
** no other person in the list has; user_id follows it.  Returns 0, or -1
** with the error in c->pErr. */
static int person_account(struct reg_ctx *c){
  const char **az = c->azNew;
  const char *zOld = c->azOld ? c->azOld[PS_ACCOUNT] : 0;
  i64 uid, other;
  if( az[PS_ACCOUNT] && az[PS_ACCOUNT][0]==0 ) az[PS_ACCOUNT] = 0;
  if( !str_eq(zOld ? zOld : "", az[PS_ACCOUNT] ? az[PS_ACCOUNT] : "")
   && c->a->userId!=0 && (c->a->mRoles & ROLE_ADMIN)==0 ){
    reg_err_add(c->pErr, REG_EDENIED, "account", "登录账号只能由系统管理员设置");
    return -1;
  }
  if( az[PS_ACCOUNT]==0 ){
    az[PS_USER] = 0;
    return 0;
  }
  uid = db_i64(0, "SELECT id FROM users WHERE username=?1 AND disabled=0", "t", az[PS_ACCOUNT]);
  if( uid==0 ){
    reg_err_add(c->pErr, REG_EINVALID, "account",
                "登录账号“%s”不存在或已停用", az[PS_ACCOUNT]);
    return -1;
  }
  other = db_i64(0, "SELECT id FROM insp_person WHERE user_id=?1 AND id<>?2"
                 " AND void_reason IS NULL", "ii", uid, c->id);
  if( other ){
    reg_err_add(c->pErr, REG_ECONFLICT, "account",
                "登录账号“%s”已关联执法检查人员%s", az[PS_ACCOUNT],
                db_text(c->ar, "", "SELECT name FROM insp_person WHERE id=?1", "i", other));
    return -1;
  }
  az[PS_USER] = arena_printf(c->ar, "%lld", (long long)uid);
  return 0;
}

/* A partner inspector's 合作部门 is a partner department of the tree. */
static int person_check(struct reg_ctx *c){
  const char **az = c->azNew;
  if( az[PS_DEPT] && insp_partner_id(az[PS_DEPT])==0 ){
    reg_err_add(c->pErr, REG_EINVALID, "dept",
                "合作部门“%s”不是机构名录中的其他部门（公安、市场监管等）", az[PS_DEPT]);
  }
  if( str_eq(az[PS_STATUS], "valid") ) az[PS_LAPSED] = 0;
  return person_account(c);
}

static void person_defaults(const struct actor *a, const char **az){
  (void)a;
  az[PS_STATUS] = "valid";
}

const struct reg_def insp_person_reg = {
  .zName = "insp_person", .zTable = "insp_person", .zSeg = "insp-people", .zCmd = "insp-person",
  .zTitle = "执法检查人员", .zListTitle = "执法检查人员名录库", .zNavGroup = "双随机检查",
  .zOrgField = "org_id",
  .mRead = 0, .mWrite = ROLE_ADMIN|ROLE_LEGAL|ROLE_INSPECTOR, .mFull = ROLE_ADMIN|ROLE_LEGAL,
  .aField = aPersonField, .nField = (int)COUNT(aPersonField),
  .eDelete = REG_DEL_VOID, .zOrder = "t.id", .zCounter = "名",
  .xCheck = person_check, .xDefaults = person_defaults,
};

/* ---- 回避登记 ---- */

#define CONFLICT_FIELDS(X) \
  X(CF_ORG, .zKey = "org_id", .zLabel = "登记单位", .eType = REG_REF, \
    .mFlags = RF_REQUIRED|RF_LIST|RF_FILTER, .zRef = "org", .nWidth = 20) \
  X(CF_PERSON, .zKey = "person_id", .zLabel = "检查人员", .eType = REG_REF, \
    .mFlags = RF_REQUIRED|RF_LIST|RF_FILTER, .zRef = "insp_person", .nWidth = 10) \
  X(CF_TARGET, .zKey = "target_id", .zLabel = "检查对象", .eType = REG_REF, \
    .mFlags = RF_REQUIRED|RF_LIST|RF_FILTER, .zRef = "insp_target", .nWidth = 30) \
  X(CF_REASON, .zKey = "reason", .zLabel = "回避事由", .eType = REG_TEXT, \
    .mFlags = RF_REQUIRED|RF_LIST|RF_TITLE, .nMax = 200, \
    .zHelp = "如：配偶在该校任教、曾在该机构任职", .nWidth = 30)

enum { CONFLICT_FIELDS(REG_FIELD_ENUM) CF_NFIELD };
static const struct reg_field aConflictField[] = { CONFLICT_FIELDS(REG_FIELD_INIT) };

const struct reg_def insp_conflict_reg = {
  .zName = "insp_conflict", .zTable = "insp_conflict", .zSeg = "insp-conflicts",
  .zCmd = "insp-conflict",
  .zTitle = "回避登记", .zNavGroup = "双随机检查", .zOrgField = "org_id",
  .mRead = 0, .mWrite = ROLE_ADMIN|ROLE_LEGAL|ROLE_INSPECTOR, .mFull = ROLE_ADMIN|ROLE_LEGAL,
  .aField = aConflictField, .nField = (int)COUNT(aConflictField),
  .eDelete = REG_DEL_VOID, .zOrder = "t.person_id, t.target_id", .zCounter = "条",
};
