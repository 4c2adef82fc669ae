/*
** plan.c -- 抽查计划: a plan per item and year: a ratio (>= 5 % of the
** targets in scope by default) or a count, the scope filters (kind, town,
** risk level), 部门内 or 跨部门联合 with the partner departments, the
** number of inspectors per target (>= 2) and the time window.  The draw
** (draw_reg.c) reads the plan.
*/
#include "../../common.h"
#include "../../base/arena.h"
#include "../../base/buf.h"
#include "../../base/util.h"
#include "../../core/app.h"
#include "insp.h"

static const char *const azMode[] = { "ratio", "按比例", "count", "按数量", 0 };
static const char *const azType[] = { "internal", "部门内", "joint", "跨部门联合", 0 };
static const char *const azKindF[] = {
  "school", "中小学", "kindergarten", "幼儿园", "private", "民办学校", "training", "校外培训机构", 0
};
static const char *const azRiskF[] = { "low", "低", "mid", "中", "high", "高", 0 };
static const char *const azRatio[] = { "ratio", 0 };
static const char *const azCount[] = { "count", 0 };
static const char *const azJoint[] = { "joint", 0 };
static const char *const azItemAlias[] = { "抽查事项", "事项", 0 };

#define PLAN_FIELDS(X) \
  X(PL_ORG, .zKey = "org_id", .zLabel = "制定单位", .eType = REG_REF, \
    .mFlags = RF_REQUIRED|RF_LIST|RF_FILTER, .zRef = "org", .nWidth = 20) \
  X(PL_ITEM, .zKey = "item_id", .zLabel = "抽查事项", .eType = REG_REF, \
    .mFlags = RF_REQUIRED|RF_LIST|RF_FILTER, .zRef = "insp_item", .azAlias = azItemAlias, \
    .nWidth = 30) \
  X(PL_YEAR, .zKey = "year", .zLabel = "年度", .eType = REG_INT, \
    .mFlags = RF_REQUIRED|RF_FILTER, REG_RANGE(2000, 2100), .nWidth = 6) \
  X(PL_TITLE, .zKey = "title", .zLabel = "计划名称", .eType = REG_TEXT, \
    .mFlags = RF_REQUIRED|RF_UNIQUE|RF_LIST|RF_SEARCH|RF_TITLE, .nMax = 100, .nWidth = 36) \
  X(PL_TYPE, .zKey = "type", .zLabel = "检查类型", .eType = REG_CHOICE, \
    .mFlags = RF_REQUIRED|RF_LIST|RF_FILTER, .azChoice = azType, .nWidth = 10) \
  X(PL_PARTNERS, .zKey = "partners", .zLabel = "联合部门", .eType = REG_TEXT, \
    .nMax = 300, .zRequiredIf = "type", .azRequiredIs = azJoint, \
    .zHelp = "跨部门联合检查的合作部门，按机构名录中的名称填写，多个用顿号分隔", .nWidth = 30) \
  X(PL_MODE, .zKey = "mode", .zLabel = "抽取方式", .eType = REG_CHOICE, \
    .mFlags = RF_REQUIRED|RF_LIST, .azChoice = azMode, .nWidth = 8) \
  X(PL_RATIO, .zKey = "ratio_pct", .zLabel = "抽取比例（%）", .eType = REG_INT, \
    REG_RANGE(5, 100), .zRequiredIf = "mode", .azRequiredIs = azRatio, \
    .zHelp = "不低于范围内检查对象的5%", .nWidth = 8) \
  X(PL_COUNT, .zKey = "target_count", .zLabel = "抽取数量", .eType = REG_INT, \
    REG_RANGE(1, 10000000), .zRequiredIf = "mode", .azRequiredIs = azCount, \
    .nWidth = 8) \
  X(PL_PER, .zKey = "per_target", .zLabel = "每个对象检查人员数", .eType = REG_INT, \
    .mFlags = RF_REQUIRED, REG_RANGE(2, 10), .zHelp = "至少2名", .nWidth = 8) \
  X(PL_FKIND, .zKey = "f_kind", .zLabel = "范围：对象类别", .eType = REG_CHOICE, \
    .azChoice = azKindF, .zHelp = "不选为全部类别", .nWidth = 12) \
  X(PL_FTOWN, .zKey = "f_town", .zLabel = "范围：乡镇", .eType = REG_TEXT, .nMax = 30, \
    .zHelp = "不填为全县", .nWidth = 12) \
  X(PL_FRISK, .zKey = "f_risk", .zLabel = "范围：风险等级", .eType = REG_CHOICE, \
    .azChoice = azRiskF, .zHelp = "不选为全部等级", .nWidth = 8) \
  X(PL_AVOID, .zKey = "avoid_repeat", .zLabel = "不派上次检查过该对象的人员", .eType = REG_BOOL, \
    .nWidth = 8) \
  X(PL_START, .zKey = "window_start", .zLabel = "检查开始日期", .eType = REG_DATE, \
    .mFlags = RF_REQUIRED, .nWidth = 12) \
  X(PL_END, .zKey = "window_end", .zLabel = "检查结束日期", .eType = REG_DATE, \
    .mFlags = RF_REQUIRED|RF_LIST, .zNotBefore = "window_start", .nWidth = 12)

enum { PLAN_FIELDS(REG_FIELD_ENUM) PL_NFIELD };
static const struct reg_field aPlanField[] = { PLAN_FIELDS(REG_FIELD_INIT) };

/* Partners: each a partner department, written back by name joined by
** 、; none for an internal plan; the window inside the plan's year. */
static int plan_check(struct reg_ctx *c){
  const char **az = c->azNew;
  if( str_eq(az[PL_TYPE], "internal") ){
    az[PL_PARTNERS] = 0;
  }else if( az[PL_PARTNERS] ){
    char *z = arena_strdup(c->ar, az[PL_PARTNERS]), *p = z;
    struct buf b = BUF_INIT;
    while( p && *p ){
      char *zNext = strstr(p, "、"), *zComma;
      size_t skip = 3;
      zComma = strpbrk(p, ",;，");
      if( zComma && (zNext==0 || zComma<zNext) ){
        zNext = zComma;
        skip = (unsigned char)*zComma<0x80 ? 1 : 3;
      }
      if( zNext ){ *zNext = 0; zNext += skip; }
      while( *p==' ' ) p++;
      if( *p ){
        if( insp_partner_id(p)==0 ){
          reg_err_add(c->pErr, REG_EINVALID, "partners",
                      "联合部门“%s”不是机构名录中的其他部门（公安、市场监管等）", p);
        }else{
          buf_appendf(&b, "%s%s", b.len ? "、" : "", p);
        }
      }
      p = zNext;
    }
    az[PL_PARTNERS] = b.len ? arena_strdup(c->ar, b.buf) : 0;
    buf_release(&b);
    if( az[PL_PARTNERS]==0 && c->pErr->n==0 ){
      reg_err_add(c->pErr, REG_EINVALID, "partners", "跨部门联合检查应填写联合部门");
    }
  }
  if( az[PL_YEAR] && az[PL_START] && strncmp(az[PL_START], az[PL_YEAR], 4)!=0 ){
    reg_err_add(c->pErr, REG_EINVALID, "window_start", "检查开始日期应在计划年度 %s 年内",
                az[PL_YEAR]);
  }
  if( str_eq(az[PL_MODE], "ratio") ) az[PL_COUNT] = 0; else az[PL_RATIO] = 0;
  return 0;
}

static void plan_defaults(const struct actor *a, const char **az){
  (void)a;
  az[PL_MODE] = "ratio";
  az[PL_RATIO] = "5";
  az[PL_PER] = "2";
  az[PL_TYPE] = "internal";
  az[PL_AVOID] = "1";
}

const struct reg_def insp_plan_reg = {
  .zName = "insp_plan", .zTable = "insp_plan", .zSeg = "insp-plans", .zCmd = "insp-plan",
  .zTitle = "抽查计划", .zNavGroup = "双随机检查", .zOrgField = "org_id",
  .mRead = 0, .mWrite = ROLE_ADMIN|ROLE_LEGAL|ROLE_INSPECTOR,
  .mFull = ROLE_ADMIN|ROLE_LEGAL|ROLE_INSPECTOR,
  .aField = aPlanField, .nField = (int)COUNT(aPlanField),
  .eDelete = REG_DEL_VOID, .zOrder = "t.year DESC, t.id", .zCounter = "个",
  .xCheck = plan_check, .xDefaults = plan_defaults,
};
