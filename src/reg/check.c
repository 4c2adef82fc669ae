/*
** check.c -- declarations that cannot lie: reg_check_defs() reads every
** register's declaration against itself and against the whole list, and
** names each problem (register, field or step, what is wrong) so that a
** misspelt key stops start-up with a message instead of becoming index
** -1 somewhere later.  reg_set_list() runs it; tests/unit/t_reg.c runs it
** over every register and over deliberately broken declarations.
**
** What it checks: names, table, URL segment and command word given and
** not shared with another register; every field has a key (a hole in a
** designated-initialiser array has none) and a label, keys are unique,
** types are known; choices come in code/label pairs with no code twice;
** a reference names a register; the declared rules name fields of the
** right type; zOrgField, zStateField (a choice) and its zInitial, the
** fields zOrder names; every step's verb, states (codes of the state
** field), roles, asked and needed fields, earlier steps and records of
** other registers; multi-field uniqueness and numbering.
*/
#include "../common.h"
#include <ctype.h>
#include "../base/buf.h"
#include "../base/util.h"
#include "../core/app.h"
#include "internal.h"

/* One problem: "登记簿 <name>（<title>）<where>：<what>". */
static void chk_add(struct buf *p, int *pn, const struct reg_def *d, const char *zWhere,
                    const char *zFmt, ...) __attribute__((format(printf, 5, 6)));
static void chk_add(struct buf *p, int *pn, const struct reg_def *d, const char *zWhere,
                    const char *zFmt, ...){
  va_list ap;
  buf_appendf(p, "登记簿 %s%s%s%s %s：", d->zName ? d->zName : "(无名)",
              d->zTitle ? "（" : "", d->zTitle ? d->zTitle : "", d->zTitle ? "）" : "",
              zWhere);
  va_start(ap, zFmt);
  buf_vappendf(p, zFmt, ap);
  va_end(ap);
  buf_putc(p, '\n');
  (*pn)++;
}

/* The register named exactly zName in apDef, or NULL. */
static const struct reg_def *chk_find(const struct reg_def *const *apDef, const char *zName){
  int i;
  for(i=0; zName && apDef[i]; i++) if( str_eq(apDef[i]->zName, zName) ) return apDef[i];
  return 0;
}

/* The field zKey of d, or NULL (never an index that could be -1). */
static const struct reg_field *chk_field(const struct reg_def *d, const char *zKey){
  int i;
  for(i=0; zKey && i<d->nField; i++) if( str_eq(d->aField[i].zKey, zKey) ) return &d->aField[i];
  return 0;
}

/* True when z is a code of field f's choices. */
static bool chk_code(const struct reg_field *f, const char *z){
  int i;
  for(i=0; f && f->azChoice && f->azChoice[i] && f->azChoice[i+1]; i+=2){
    if( str_eq(f->azChoice[i], z) ) return true;
  }
  return false;
}

/* The choices of f: pairs, codes given once. */
static void chk_choices(struct buf *p, int *pn, const struct reg_def *d,
                        const struct reg_field *f, const char *zWhere){
  int i, k;
  if( f->azChoice==0 || f->azChoice[0]==0 ){
    chk_add(p, pn, d, zWhere, "选项字段没有选项（azChoice）");
    return;
  }
  for(i=0; f->azChoice[i]; i+=2){
    if( f->azChoice[i+1]==0 ){
      chk_add(p, pn, d, zWhere, "选项“%s”没有名称（选项应为 代码, 名称 成对，以 0 结尾）",
              f->azChoice[i]);
      return;
    }
    if( f->azChoice[i][0]==0 || f->azChoice[i+1][0]==0 ){
      chk_add(p, pn, d, zWhere, "第 %d 个选项的代码或名称为空", i/2+1);
    }
    for(k=0; k<i; k+=2){
      if( str_eq(f->azChoice[k], f->azChoice[i]) ){
        chk_add(p, pn, d, zWhere, "选项代码“%s”重复", f->azChoice[i]);
      }
    }
  }
}

/* The fields zOrder names ("t.<key>"). */
static void chk_order(struct buf *p, int *pn, const struct reg_def *d){
  const char *z = d->zOrder;
  while( z && (z = strstr(z, "t."))!=0 ){
    char zKey[64];
    size_t n = 0;
    if( z>d->zOrder && (isalnum((unsigned char)z[-1]) || z[-1]=='_') ){ z += 2; continue; }
    z += 2;
    while( (isalnum((unsigned char)z[n]) || z[n]=='_') && n+1<sizeof(zKey) ){ zKey[n] = z[n]; n++; }
    zKey[n] = 0;
    bool bCol = false;
    int i;
    for(i=0; d->azColumn && d->azColumn[i]; i++) if( str_eq(d->azColumn[i], zKey) ) bCol = true;
    if( !bCol && !chk_field(d, zKey) && !str_eq(zKey, "id") && !str_eq(zKey, "created_at")
     && !str_eq(zKey, "updated_at") && !str_eq(zKey, "voided_at") ){
      chk_add(p, pn, d, "排序（zOrder）", "没有字段“%s”", zKey);
    }
    z += n;
  }
}

/* Every field of d. */
static void chk_fields(struct buf *p, int *pn, const struct reg_def *const *apDef,
                       const struct reg_def *d){
  int i, k;
  for(i=0; i<d->nField; i++){
    const struct reg_field *f = &d->aField[i];
    char zWhere[160];
    if( f->zKey==0 || f->zKey[0]==0 ){
      chk_add(p, pn, d, "字段", "第 %d 个字段没有 zKey（声明中缺了这一项？）", i+1);
      continue;
    }
    snprintf(zWhere, sizeof(zWhere), "字段 %s", f->zKey);
    if( f->zLabel==0 || f->zLabel[0]==0 ) chk_add(p, pn, d, zWhere, "没有标签（zLabel）");
    for(k=0; k<i; k++){
      if( str_eq(d->aField[k].zKey, f->zKey) ) chk_add(p, pn, d, zWhere, "字段名重复");
    }
    if( !(f->eType>=REG_TEXT && f->eType<=REG_BOOL) && f->eType!=REG_REF
     && f->eType!=REG_FILE ){
      chk_add(p, pn, d, zWhere, "未知的类型 %d", f->eType);
    }
    if( f->eType==REG_CHOICE ) chk_choices(p, pn, d, f, zWhere);
    else if( f->azChoice ) chk_add(p, pn, d, zWhere, "只有选项字段才能有选项");
    if( f->eType==REG_REF && !chk_find(apDef, f->zRef) ){
      chk_add(p, pn, d, zWhere, "引用的登记簿“%s”不存在", f->zRef ? f->zRef : "");
    }
    if( f->bRange && (f->eType!=REG_INT || f->nLo>f->nHi) ){
      chk_add(p, pn, d, zWhere, "取值范围只用于整数字段，且下限不大于上限");
    }
    if( f->zNotBefore ){
      const struct reg_field *g = chk_field(d, f->zNotBefore);
      if( g==0 ) chk_add(p, pn, d, zWhere, "“不早于”的字段“%s”不存在", f->zNotBefore);
      else if( f->eType!=REG_DATE || g->eType!=REG_DATE ){
        chk_add(p, pn, d, zWhere, "“不早于”只用于两个日期字段");
      }
    }
    if( f->zRequiredIf ){
      const struct reg_field *g = chk_field(d, f->zRequiredIf);
      if( g==0 ) chk_add(p, pn, d, zWhere, "“必填条件”的字段“%s”不存在", f->zRequiredIf);
      for(k=0; g && f->azRequiredIs && f->azRequiredIs[k]; k++){
        if( g->eType==REG_CHOICE && !chk_code(g, f->azRequiredIs[k]) ){
          chk_add(p, pn, d, zWhere, "“必填条件”的“%s”不是字段 %s 的选项代码",
                  f->azRequiredIs[k], g->zKey);
        }
      }
    }else if( f->azRequiredIs ){
      chk_add(p, pn, d, zWhere, "azRequiredIs 需要 zRequiredIf");
    }
    if( f->zRefKind || f->azRefKind ){
      const struct reg_def *r = f->eType==REG_REF ? chk_find(apDef, f->zRef) : 0;
      const struct reg_field *g = r ? chk_field(r, f->zRefKind) : 0;
      if( f->eType!=REG_REF || f->azRefKind==0 || f->azRefKind[0]==0 ){
        chk_add(p, pn, d, zWhere, "“引用的类别”只用于引用字段，且要列出允许的代码");
      }else if( r && g==0 ){
        chk_add(p, pn, d, zWhere, "登记簿 %s 没有字段“%s”", r->zName,
                f->zRefKind ? f->zRefKind : "");
      }
      for(k=0; g && f->azRefKind && f->azRefKind[k]; k++){
        if( g->eType==REG_CHOICE && !chk_code(g, f->azRefKind[k]) ){
          chk_add(p, pn, d, zWhere, "“%s”不是登记簿 %s 字段 %s 的选项代码", f->azRefKind[k],
                  r->zName, g->zKey);
        }
      }
    }
  }
}

/* The register-level declarations of d. */
static void chk_register(struct buf *p, int *pn, const struct reg_def *d){
  const struct reg_field *fState = 0, *fOrg;
  int i;
  if( d->zOrgField==0 ){
    chk_add(p, pn, d, "zOrgField", "没有给出机构字段");
  }else if( !str_eq(d->zOrgField, "id") ){
    fOrg = chk_field(d, d->zOrgField);
    if( fOrg==0 ) chk_add(p, pn, d, "zOrgField", "没有字段“%s”", d->zOrgField);
    else if( fOrg->eType!=REG_REF ) chk_add(p, pn, d, "zOrgField", "字段 %s 不是引用", d->zOrgField);
  }
  if( d->zStateField ){
    fState = chk_field(d, d->zStateField);
    if( fState==0 ) chk_add(p, pn, d, "zStateField", "没有字段“%s”", d->zStateField);
    else if( fState->eType!=REG_CHOICE ){
      chk_add(p, pn, d, "zStateField", "状态字段 %s 不是选项字段", d->zStateField);
      fState = 0;
    }
    if( fState && !chk_code(fState, d->zInitial) ){
      chk_add(p, pn, d, "zInitial", "初始状态“%s”不是字段 %s 的选项代码",
              d->zInitial ? d->zInitial : "", d->zStateField);
    }
  }else if( d->nStep ){
    chk_add(p, pn, d, "zStateField", "有步骤却没有状态字段");
  }
  chk_order(p, pn, d);
  if( (d->mRead|d->mWrite|d->mFull) & ~ROLE_ALL ) chk_add(p, pn, d, "角色", "有未知的角色位");
  for(i=0; i<d->nUnique; i++){
    int k;
    const struct reg_unique *u = &d->aUnique[i];
    if( u->azField==0 || u->azField[0]==0 ){
      chk_add(p, pn, d, "唯一性（aUnique）", "第 %d 条没有字段", i+1);
      continue;
    }
    for(k=0; u->azField[k]; k++){
      const struct reg_field *f = chk_field(d, u->azField[k]);
      if( f==0 ) chk_add(p, pn, d, "唯一性（aUnique）", "没有字段“%s”", u->azField[k]);
      else if( f->mFlags & RF_PERSONAL ){
        chk_add(p, pn, d, "唯一性（aUnique）", "个人信息字段 %s 不能用于多字段唯一", f->zKey);
      }
    }
  }
  if( d->pNumber ){
    const struct reg_number *q = d->pNumber;
    const struct reg_field *f = chk_field(d, q->zField);
    if( f==0 || f->eType!=REG_TEXT ){
      chk_add(p, pn, d, "编号（pNumber）", "字段“%s”不存在或不是文字字段", q->zField ? q->zField : "");
    }
    if( q->zFormat==0 || strstr(q->zFormat, "%N")==0 ){
      chk_add(p, pn, d, "编号（pNumber）", "格式应含 %%N（序号）");
    }
    if( q->zYearFrom && (chk_field(d, q->zYearFrom)==0
                         || chk_field(d, q->zYearFrom)->eType!=REG_DATE) ){
      chk_add(p, pn, d, "编号（pNumber）", "年份字段“%s”不存在或不是日期", q->zYearFrom);
    }
    if( q->zOnVerb && !reg_step_find(d, q->zOnVerb) ){
      chk_add(p, pn, d, "编号（pNumber）", "没有步骤“%s”", q->zOnVerb);
    }
  }
}

/* Every step of d. */
static void chk_steps(struct buf *p, int *pn, const struct reg_def *const *apDef,
                      const struct reg_def *d){
  const struct reg_field *fState = d->zStateField ? chk_field(d, d->zStateField) : 0;
  int i, k;
  for(i=0; i<d->nStep; i++){
    const struct reg_step *s = &d->aStep[i];
    char zWhere[160];
    if( s->zVerb==0 || s->zVerb[0]==0 ){
      chk_add(p, pn, d, "步骤", "第 %d 个步骤没有 zVerb", i+1);
      continue;
    }
    snprintf(zWhere, sizeof(zWhere), "步骤 %s", s->zVerb);
    if( s->zLabel==0 ) chk_add(p, pn, d, zWhere, "没有按钮名称（zLabel）");
    if( str_eq(s->zVerb, "edit") || str_eq(s->zVerb, "void") || str_eq(s->zVerb, "delete")
     || str_eq(s->zVerb, "new") ){
      chk_add(p, pn, d, zWhere, "动词与内核的地址冲突");
    }
    for(k=0; k<i; k++) if( str_eq(d->aStep[k].zVerb, s->zVerb) ) chk_add(p, pn, d, zWhere, "重复");
    if( s->azFrom==0 || s->azFrom[0]==0 ) chk_add(p, pn, d, zWhere, "没有起始状态（azFrom）");
    for(k=0; fState && s->azFrom && s->azFrom[k]; k++){
      if( !chk_code(fState, s->azFrom[k]) ){
        chk_add(p, pn, d, zWhere, "起始状态“%s”不是字段 %s 的选项代码", s->azFrom[k], fState->zKey);
      }
    }
    if( fState && !chk_code(fState, s->zTo) ){
      chk_add(p, pn, d, zWhere, "目标状态“%s”不是字段 %s 的选项代码", s->zTo ? s->zTo : "",
              fState->zKey);
    }
    if( s->mRoles & ~ROLE_ALL ) chk_add(p, pn, d, zWhere, "有未知的角色位");
    for(k=0; s->azAsk && s->azAsk[k]; k++){
      if( !chk_field(d, s->azAsk[k]) ) chk_add(p, pn, d, zWhere, "要填的字段“%s”不存在", s->azAsk[k]);
    }
    for(k=0; s->azNeed && s->azNeed[k]; k++){
      if( !chk_field(d, s->azNeed[k]) ){
        chk_add(p, pn, d, zWhere, "门槛要求的字段“%s”不存在", s->azNeed[k]);
      }
    }
    for(k=0; s->azAfter && s->azAfter[k]; k++){
      if( !reg_step_find(d, s->azAfter[k]) ){
        chk_add(p, pn, d, zWhere, "门槛要求的前一步骤“%s”不存在", s->azAfter[k]);
      }
    }
    for(k=0; s->aNeedRec && s->aNeedRec[k].zReg; k++){
      const struct reg_need *q = &s->aNeedRec[k];
      const struct reg_def *r = chk_find(apDef, q->zReg);
      const struct reg_field *fS = r && r->zStateField ? chk_field(r, r->zStateField) : 0;
      if( r==0 ){
        chk_add(p, pn, d, zWhere, "门槛要求的登记簿“%s”不存在", q->zReg);
        continue;
      }
      if( fS==0 ) chk_add(p, pn, d, zWhere, "登记簿 %s 没有状态字段", r->zName);
      else if( !chk_code(fS, q->zState) ){
        chk_add(p, pn, d, zWhere, "“%s”不是登记簿 %s 的状态代码", q->zState ? q->zState : "",
                r->zName);
      }
      if( (q->zBack==0)==(q->zVia==0) ){
        chk_add(p, pn, d, zWhere, "登记簿 %s 的条件应给出 zBack 或 zVia 之一", r->zName);
      }else if( q->zBack ){
        const struct reg_field *f = chk_field(r, q->zBack);
        if( f==0 || f->eType!=REG_REF || !str_eq(f->zRef, d->zName) ){
          chk_add(p, pn, d, zWhere, "登记簿 %s 没有引用本登记簿的字段“%s”", r->zName, q->zBack);
        }
      }else{
        const struct reg_field *f = chk_field(d, q->zVia);
        if( f==0 || f->eType!=REG_REF || !str_eq(f->zRef, r->zName) ){
          chk_add(p, pn, d, zWhere, "没有引用登记簿 %s 的字段“%s”", r->zName, q->zVia);
        }
      }
    }
  }
}

int reg_check_defs(const struct reg_def *const *apDef, struct buf *pOut){
  static const struct reg_def *const apNone[] = { 0 };
  int i, k, n = 0;
  if( apDef==0 ) apDef = apNone;
  for(i=0; apDef[i]; i++){
    const struct reg_def *d = apDef[i];
    /* a child (zParentField) has no pages of its own: no URL segment */
    if( d->zName==0 || d->zTable==0 || (d->zSeg==0 && d->zParentField==0) || d->zCmd==0
     || d->zTitle==0 ){
      chk_add(pOut, &n, d, "名称", "zName、zTable、zSeg（子登记簿除外）、zCmd、zTitle 都要给出");
      continue;
    }
    if( d->zParentField && reg_field_index(d, d->zParentField)<0 ){
      chk_add(pOut, &n, d, "上级字段", "zParentField “%s”不是它的字段", d->zParentField);
    }
    if( d->aField==0 || d->nField<=0 ){
      chk_add(pOut, &n, d, "字段", "没有字段");
      continue;
    }
    if( d->nStep>0 && d->aStep==0 ) chk_add(pOut, &n, d, "步骤", "nStep 为 %d 而 aStep 为空", d->nStep);
    for(k=0; k<i; k++){
      const struct reg_def *o = apDef[k];
      const char *az[3], *azO[3];
      int x, y;
      if( o->zName==0 || o->zTable==0 || o->zCmd==0 ) continue;
      if( o==d ){
        chk_add(pOut, &n, d, "名称", "在登记簿列表中出现了两次");
        continue;
      }
      if( str_eq(o->zTable, d->zTable) ){
        chk_add(pOut, &n, d, "表", "表 %s 已属于登记簿 %s", d->zTable, o->zName);
      }
      /* reg_find() looks a register up by any of its three names */
      az[0] = d->zName; az[1] = d->zSeg; az[2] = d->zCmd;
      azO[0] = o->zName; azO[1] = o->zSeg; azO[2] = o->zCmd;
      for(x=0; x<3; x++) for(y=0; y<3; y++){
        if( az[x] && azO[y] && str_eq(az[x], azO[y]) ){
          chk_add(pOut, &n, d, x==1 ? "网址段" : x==2 ? "命令" : "名称",
                  "“%s”已被登记簿 %s 使用", az[x], o->zName);
          x = y = 3;
        }
      }
    }
    chk_fields(pOut, &n, apDef, d);
    chk_register(pOut, &n, d);
    n += reg_check_lead(d, pOut);
    if( d->nStep>0 && d->aStep ) chk_steps(pOut, &n, apDef, d);
  }
  return n;
}
