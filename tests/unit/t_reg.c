/*
** t_reg.c -- the register kernel: the one checker gives the same value or
** the same refusal whatever the source (form or --option text, a JSON
** string, a workbook cell), each type's normal form, and every
** register's statements prepare and run on this engine (SQLite, or
** PostgreSQL when FAZHI_TEST_PG_URL names a database).
*/
#include "test.h"
#include "../../src/base/arena.h"
#include "../../src/base/calendar.h"
#include "../../src/base/date.h"
#include "../../src/core/clock.h"
#include "../../src/base/buf.h"
#include "../../src/base/date.h"
#include "../../src/base/fmt.h"
#include "../../src/base/util.h"
#include "../../src/base/value.h"
#include "../../src/office/table.h"
#include "../../src/store/db.h"
#include "../../src/reg/reg.h"
#include "../../src/reg/internal.h"
#include "../../src/core/app.h"
#include "../../src/areas/org/org.h"
#include "../../src/routes.h"
#include "../../src/desk/report.h"
#include "../../src/desk/report_int.h"

/* One case: type, input, the normal form (NULL = refused). */
static const struct { int eType; const char *zIn; const char *zWant; } aCase[] = {
  { VAL_TEXT,   "  梨树县第一实验小学　", "梨树县第一实验小学" },
  { VAL_INT,    "０１２", "12" },
  { VAL_INT,    "12a", 0 },
  { VAL_DATE,   "2024年3月1日", "2024-03-01" },
  { VAL_DATE,   "２０２４/3/1", "2024-03-01" },
  { VAL_DATE,   "2024-02-30", 0 },
  { VAL_USCC,   "91350100m000100y43", "91350100M000100Y43" },
  { VAL_USCC,   "９１３５０１００Ｍ０００１００Ｙ４３", "91350100M000100Y43" },
  { VAL_USCC,   "91350100M000100Y4Z", 0 },
  { VAL_IDCARD, "11010519491231002x", "11010519491231002X" },
  { VAL_IDCARD, "110105194912310021", 0 },
  { VAL_REGION, "２２０３２２", "220322" },
  { VAL_REGION, "990322", 0 },
  { VAL_SCHOOL, "2122000001", "2122000001" },
  { VAL_SCHOOL, "9922000001", 0 },
  { VAL_PHONE,  "139 1234-5678", "13912345678" },
  { VAL_PHONE,  "０４３４－５２１２３４５", "04345212345" },
  { VAL_PHONE,  "1391234", 0 },
  { VAL_BOOL,   "是", "1" },
  { VAL_BOOL,   "no", "0" },
  { VAL_BOOL,   "也许", 0 },
};

/* The value a workbook cell z gets in a one-column CSV of type eType
** (NULL when the row was refused), in ar. */
static const char *cell_value(struct arena *ar, int eType, const char *z){
  struct table_col col;
  struct table_def d;
  struct table_input *in = 0;
  struct buf csv = BUF_INIT, err = BUF_INIT;
  const char *zOut = 0;
  memset(&col, 0, sizeof(col));
  col.zHead = "值";
  col.zKey = "v";
  col.eType = eType;
  d.zTitle = 0;
  d.aCol = &col;
  d.nCol = 1;
  buf_appendf(&csv, "值\r\n\"%s\"\r\n", z);
  if( table_read(&d, csv.buf, csv.len, &in, &err)==0 ){
    if( in->nErr==0 && in->nRow==1 && in->aazVal[0][0] ) zOut = arena_strdup(ar, in->aazVal[0][0]);
    table_input_free(in);
  }
  buf_release(&csv);
  buf_release(&err);
  return zOut;
}

/* Every source gives the same answer for every case. */
static void test_reg_checker(void){
  struct arena *ar = arena_new();
  size_t i;
  for(i=0; i<COUNT(aCase); i++){
    const char *zForm = 0, *zCell;
    struct buf err = BUF_INIT;
    int rc = value_check(aCase[i].eType, 0, aCase[i].zIn, ar, &zForm, &err);
    if( aCase[i].zWant ){
      CHECK_INT(rc, 0);
      CHECK_STR(zForm, aCase[i].zWant);
    }else{
      CHECK_INT(rc, -1);
      CHECK(err.len>0);                 /* a message a person can act on */
    }
    zCell = cell_value(ar, aCase[i].eType, aCase[i].zIn);
    if( aCase[i].zWant ) CHECK_STR(zCell, aCase[i].zWant);
    else CHECK(zCell==0);
    buf_release(&err);
  }
  arena_free(ar);
}

/* reg_value: choices by code or label, the same through the adviser's
** declaration; errors carry their field and kind. */
static void test_reg_values(void){
  const struct reg_def *d = reg_find("adviser");
  struct arena *ar = arena_new();
  struct reg_err e;
  struct actor a;
  const char *z;
  int iKind, iPhone, iLic;
  CHECK(d!=0);
  if( d==0 ){ arena_free(ar); return; }
  actor_cli(&a);
  iKind = reg_field_index(d, "kind");
  iPhone = reg_field_index(d, "phone");
  iLic = reg_field_index(d, "licence_no");
  reg_err_init(&e, ar);
  CHECK_INT(reg_value(d, &d->aField[iKind], &a, "律师事务所", ar, &z, &e), 0);
  CHECK_STR(z, "firm");
  CHECK_INT(reg_value(d, &d->aField[iKind], &a, " firm ", ar, &z, &e), 0);
  CHECK_STR(z, "firm");
  CHECK_INT(reg_value(d, &d->aField[iKind], &a, "公司", ar, &z, &e), -1);
  CHECK_INT(reg_value(d, &d->aField[iPhone], &a, "139-1234-5678", ar, &z, &e), 0);
  CHECK_STR(z, "13912345678");
  CHECK_INT(reg_value(d, &d->aField[iLic], &a, "ａｂ１２", ar, &z, &e), 0);
  CHECK_STR(z, "AB12");                /* a code in a text field: folded, upper-cased */
  CHECK_INT(e.n, 1);
  CHECK_STR(e.a[0].zField, "kind");
  CHECK_INT(e.eKind, REG_EINVALID);
  reg_err_add(&e, REG_ECONFLICT, "licence_no", "重复");
  CHECK_INT(e.eKind, REG_ECONFLICT);
  CHECK_INT(reg_err_status(REG_EINVALID), 422);
  CHECK_INT(reg_err_status(REG_ENOTFOUND), 404);
  CHECK_INT(reg_err_status(REG_ECONFLICT), 409);
  CHECK_INT(reg_err_status(REG_EDENIED), 403);
  CHECK_INT(reg_err_status(REG_EGONE), 410);
  CHECK_INT(reg_err_exit(REG_EINVALID), 1);
  CHECK_INT(reg_err_exit(REG_ENOTFOUND), 3);
  CHECK(reg_display(ar, d, iPhone, 0, "13912345678")!=0
        && strcmp(reg_display(ar, d, iPhone, 0, "13912345678"), "139****5678")==0);
  arena_free(ar);
}


/* ---- declarations that cannot lie ------------------------------------- */

static const char *const azTState[] = { "open", "开", "shut", "关", 0 };
static const char *const azTFrom[] = { "open", 0 };
static const char *const azTAsk[] = { "shut_on", 0 };
static const char *const azTBadAsk[] = { "shut_onn", 0 };
static const char *const azTBadFrom[] = { "opened", 0 };
static const char *const azTOdd[] = { "a", "甲", "b", 0 };
static const char *const azTDup[] = { "a", "甲", "a", "乙", 0 };
static const char *const azTNeedBad[] = { "nothing", 0 };
static const char *const azTAfterBad[] = { "approve", 0 };

#define TFIELDS(X) \
  X(TF_ORG, .zKey = "org_id", .zLabel = "单位", .eType = REG_REF, .zRef = "org") \
  X(TF_NAME, .zKey = "name", .zLabel = "名称", .eType = REG_TEXT, .mFlags = RF_TITLE) \
  X(TF_STATE, .zKey = "state", .zLabel = "状态", .eType = REG_CHOICE, .azChoice = azTState) \
  X(TF_START, .zKey = "start_on", .zLabel = "开始日", .eType = REG_DATE) \
  X(TF_SHUT, .zKey = "shut_on", .zLabel = "关闭日", .eType = REG_DATE, .zNotBefore = "start_on")
enum { TFIELDS(REG_FIELD_ENUM) TF_NFIELD };
static const struct reg_field aTField[] = { TFIELDS(REG_FIELD_INIT) };

/* A good little register (what each broken one below changes one thing of). */
static struct reg_def tdef(void){
  static const struct reg_step aStep[] = {
    { .zVerb = "shut", .zLabel = "关闭", .azFrom = azTFrom, .zTo = "shut", .azAsk = azTAsk },
  };
  struct reg_def d;
  memset(&d, 0, sizeof(d));
  d.zName = "tdef"; d.zTable = "tdef"; d.zSeg = "tdefs"; d.zCmd = "tdef"; d.zTitle = "测试";
  d.zOrgField = "org_id"; d.aField = aTField; d.nField = TF_NFIELD;
  d.zStateField = "state"; d.zInitial = "open"; d.aStep = aStep; d.nStep = 1;
  d.zOrder = "t.start_on DESC, t.id";
  return d;
}

/* The problems reg_check_defs finds in org + d (+ d2 when given), in b. */
static int tcheck(const struct reg_def *d, const struct reg_def *d2, struct buf *b){
  const struct reg_def *ap[4];
  ap[0] = reg_find("org"); ap[1] = d; ap[2] = d2; ap[3] = 0;
  buf_reset(b);
  return reg_check_defs(ap, b);
}

/* Every register of the house passes; each broken declaration is refused
** with a message naming the register and what is wrong -- never an index
** of -1. */
static void test_reg_defs(void){
  struct buf b = BUF_INIT;
  struct reg_def d, d2;
  struct reg_step st;
  struct reg_field aF[TF_NFIELD];
  struct reg_need aNeed[2];
  const struct reg_def *const *pp;
  int n = 0;
  for(pp=reg_list(); *pp; pp++) n++;
  CHECK(n>=12);
  CHECK_INT(reg_check_defs(reg_list(), &b), 0);
  if( b.len ) fprintf(stderr, "%s", b.buf);
  /* the report (desk/report_flow.c) is listed, with its blocks as its child,
  ** under segments of its own (its year pages keep /reports/...) */
  CHECK(reg_find("report")==&report_reg);
  CHECK(reg_find("report_block")==&report_block_reg);
  CHECK(reg_parent_of(&report_block_reg)==&report_reg);
  CHECK(str_eq(report_reg.zSeg, "report-versions") && str_eq(report_reg.zCmd, "report-version"));
  d = tdef();
  CHECK_INT(tcheck(&d, 0, &b), 0);
  if( b.len ) fprintf(stderr, "%s", b.buf);
  /* a misspelt field in a step's list */
  st = d.aStep[0]; st.azAsk = azTBadAsk; d.aStep = &st;
  CHECK(tcheck(&d, 0, &b)==1 && strstr(b.buf, "登记簿 tdef（测试） 步骤 shut")
        && strstr(b.buf, "“shut_onn”不存在"));
  /* a state that is not a code of the state field, both ways */
  st = tdef().aStep[0]; st.azFrom = azTBadFrom; st.zTo = "closed";
  CHECK(tcheck(&d, 0, &b)==2 && strstr(b.buf, "起始状态“opened”") && strstr(b.buf, "目标状态“closed”"));
  /* roles that do not exist */
  st = tdef().aStep[0]; st.mRoles = 1u<<20;
  CHECK(tcheck(&d, 0, &b)==1 && strstr(b.buf, "角色"));
  /* gates naming what is not there */
  st = tdef().aStep[0]; st.azNeed = azTNeedBad; st.azAfter = azTAfterBad;
  memset(aNeed, 0, sizeof(aNeed));
  aNeed[0].zReg = "nowhere"; aNeed[0].zVia = "org_id"; aNeed[0].zState = "ok";
  st.aNeedRec = aNeed;
  CHECK(tcheck(&d, 0, &b)==3 && strstr(b.buf, "“nothing”") && strstr(b.buf, "“approve”")
        && strstr(b.buf, "“nowhere”"));
  aNeed[0].zReg = "org";
  n = tcheck(&d, 0, &b);
  if( n!=3 ) fprintf(stderr, "%s", b.buf);
  CHECK(n==3 && strstr(b.buf, "登记簿 org 没有状态字段"));
  /* a reference to no register; choices not in pairs, a code twice; a
  ** rule naming no field; a hole in the array (no key) */
  d = tdef();
  memcpy(aF, aTField, sizeof(aF));
  d.aField = aF;
  aF[TF_ORG].zRef = "orgs";
  aF[TF_STATE].azChoice = azTOdd;
  CHECK(tcheck(&d, 0, &b)>=2 && strstr(b.buf, "字段 org_id：引用的登记簿“orgs”不存在")
        && strstr(b.buf, "字段 state：选项“b”没有名称"));
  memcpy(aF, aTField, sizeof(aF));
  aF[TF_STATE].azChoice = azTDup;
  aF[TF_SHUT].zNotBefore = "start";
  aF[TF_NAME].zKey = 0;
  CHECK(strstr(b.buf, "")!=0);
  tcheck(&d, 0, &b);
  CHECK(strstr(b.buf, "选项代码“a”重复")!=0);
  CHECK(strstr(b.buf, "字段 shut_on：“不早于”的字段“start”不存在")!=0);
  CHECK(strstr(b.buf, "第 2 个字段没有 zKey")!=0);
  CHECK(strstr(b.buf, "初始状态“open”")!=0);       /* no longer a code */
  /* state field and order naming no field */
  d = tdef();
  d.zStateField = "status"; d.zOrder = "t.begin_on";
  CHECK(tcheck(&d, 0, &b)==2 && strstr(b.buf, "zStateField：没有字段“status”")
        && strstr(b.buf, "排序（zOrder）：没有字段“begin_on”"));
  /* two registers sharing a table, a URL segment, a command word */
  d = tdef(); d2 = tdef();
  d2.zName = "tdef2"; d2.zSeg = "tdefs2"; d2.zCmd = "tdef2";
  CHECK(tcheck(&d, &d2, &b)==1 && strstr(b.buf, "登记簿 tdef2（测试） 表：表 tdef 已属于登记簿 tdef"));
  d2.zTable = "tdef2"; d2.zSeg = "tdefs";
  CHECK(tcheck(&d, &d2, &b)==1 && strstr(b.buf, "网址段：“tdefs”已被登记簿 tdef 使用"));
  d2.zSeg = "tdefs2"; d2.zCmd = "tdef";
  CHECK(tcheck(&d, &d2, &b)==1 && strstr(b.buf, "命令：“tdef”已被登记簿 tdef 使用"));
  /* numbering and uniqueness naming what is not there */
  {
    static const char *const azU[] = { "name", "nope", 0 };
    static const struct reg_unique aU[] = { { azU } };
    static const struct reg_number num = { .zField = "name", .zFormat = "第%Y号",
                                           .zOnVerb = "close" };
    d = tdef();
    d.aUnique = aU; d.nUnique = 1; d.pNumber = &num;
    CHECK(tcheck(&d, 0, &b)==3 && strstr(b.buf, "唯一性（aUnique）：没有字段“nope”")
          && strstr(b.buf, "%N") && strstr(b.buf, "没有步骤“close”"));
  }
  buf_release(&b);
}

/* Errors beyond the list are counted and said, not dropped. */
static void test_reg_err_more(void){
  struct arena *ar = arena_new();
  struct reg_err e;
  int i;
  reg_err_init(&e, ar);
  for(i=0; i<REG_MAX_ERRS+8; i++) reg_err_add(&e, REG_EINVALID, "x", "问题%d", i);
  CHECK_INT(e.n, REG_MAX_ERRS);
  CHECK_INT(e.nMore, 8);
  CHECK(strstr(reg_err_text(&e), "另有 8 个问题未列出")!=0);
  CHECK_INT(reg_err_status(REG_EGATE), 409);
  CHECK_STR(reg_err_code(REG_EGATE), "gate");
  CHECK_INT(reg_err_exit(REG_EGATE), reg_err_exit(REG_ECONFLICT));
  arena_free(ar);
}

/* Every register's statements prepare and run on this engine; a step
** from the wrong state is refused naming the state. */
static void test_reg_statements(void){
  struct buf err = BUF_INIT;
  struct arena *ar = arena_new();
  struct actor a;
  struct reg_err e;
  const struct reg_def *d = reg_find("adviser");
  const char **az = reg_values_alloc(ar, d);
  struct org_input o;
  const char *zField;
  i64 root, id;
  CHECK(test_db_fresh("reg.db")==0);
  db_migrate();
  memset(&app.keys, 5, sizeof(app.keys));
  app.keys.aMac[0] = 1;
  app.keys.aIdx[0] = 2;
  CHECK(reg_prepare_all() > 10);
  actor_cli(&a);
  memset(&o, 0, sizeof(o));
  o.zName = "梨树县教育局";
  o.zKind = "bureau";
  CHECK_INT(org_create(&a, &o, &root, &err, &zField), 0);
  reg_err_init(&e, ar);
  az[reg_field_index(d, "org_id")] = "梨树县教育局";
  az[reg_field_index(d, "name")] = "张律师";
  az[reg_field_index(d, "kind")] = "个人";
  az[reg_field_index(d, "firm")] = "某所";
  az[reg_field_index(d, "phone")] = "13912345678";
  az[reg_field_index(d, "contract_start")] = "2025-01-01";
  az[reg_field_index(d, "contract_end")] = "2099-12-31";
  CHECK_INT(reg_create(d, &a, az, &id, &e), 0);
  /* the audit entry finds the org its row concerns through the kernel
  ** (audit_set_subject(reg_audit_subject), wired by app_regs_init) */
  {
    char zId[24];
    snprintf(zId, sizeof(zId), "%lld", (long long)id);
    CHECK_STR(db_text(ar, "", "SELECT subject_path FROM audit WHERE entity='adviser'"
                              " AND entity_id=?1 AND action='create'", "t", zId),
              db_text(ar, "?", "SELECT path FROM org WHERE id=?1", "i", root));
  }
  /* the public actor: no user, no role, no scope -- it reaches no org and
  ** no row, where the command line reaches both */
  {
    struct actor p;
    struct reg_query qy;
    struct reg_rec rec;
    actor_public(&p, "192.0.2.7");
    CHECK(p.userId==0 && p.orgId==0 && p.mRoles==0);
    CHECK_STR(p.zIp, "192.0.2.7");
    CHECK(!db_exists("SELECT 1 FROM org WHERE path LIKE ?1", "t", org_scope_like(ar, &p)));
    CHECK(db_exists("SELECT 1 FROM org WHERE path LIKE ?1", "t", org_scope_like(ar, &a)));
    CHECK(!org_in_scope(&p, root) && org_in_scope(&a, root));
    CHECK(!org_scope_top(&p) && org_scope_top(&a));
    reg_query_init(&qy);
    CHECK(reg_count(d, &a, &qy)==1);
    CHECK(reg_count(d, &p, &qy)==0);
    reg_err_init(&e, ar);
    CHECK_INT(reg_get(d, &p, id, ar, &rec, &e), -1);
    CHECK_INT(e.eKind, REG_ENOTFOUND);
    actor_public(&p, 0);
    CHECK_STR(p.zIp, "");
    reg_err_init(&e, ar);
  }
  memset(az, 0, sizeof(char *) * (size_t)d->nField);
  az[reg_field_index(d, "dismissed_on")] = "2026-01-01";
  CHECK_INT(reg_step(d, &a, id, "dismiss", az, &e), 0);
  CHECK_INT(reg_step(d, &a, id, "dismiss", az, &e), -1);
  CHECK_INT(e.eKind, REG_ECONFLICT);
  CHECK(e.n==1 && strstr(e.a[0].zMsg, "解聘")!=0);
  CHECK_INT(db_open_statements(), 0);
  CHECK_INT(db_txn_depth(), 0);
  db_close();
  buf_release(&err);
  arena_free(ar);
}


/* Set the values azKV (key, value, ..., 0) of register d into a fresh row. */
static const char **trow(struct arena *ar, const struct reg_def *d, const char *const *azKV){
  const char **az = reg_values_alloc(ar, d);
  int i;
  for(i=0; azKV[i]; i+=2){
    int k = reg_field_index(d, azKV[i]);
    CHECK(k>=0);
    if( k>=0 ) az[k] = azKV[i+1];
  }
  return az;
}

/* The declared rules refuse alike whatever the register, naming the
** field; numbering goes on per year and never repeats; a gate lists each
** missing condition. */
static void test_reg_rules(void){
  struct buf err = BUF_INIT;
  struct arena *ar = arena_new();
  struct actor a;
  struct reg_err e;
  const struct reg_def *pAdv = reg_find("adviser"), *pTmpl = reg_find("check_tmpl");
  const struct reg_def *pVp = reg_find("vp_appoint"), *pPerson = reg_find("vp_person");
  struct org_input o;
  const char *zField;
  i64 root, school, id, person;
  CHECK(test_db_fresh("rules.db")==0);
  db_migrate();
  memset(&app.keys, 5, sizeof(app.keys));
  actor_cli(&a);
  memset(&o, 0, sizeof(o));
  o.zName = "梨树县教育局"; o.zKind = "bureau";
  CHECK_INT(org_create(&a, &o, &root, &err, &zField), 0);
  o.zName = "梨树县第一实验小学"; o.zKind = "school"; o.parentId = root;
  CHECK_INT(org_create(&a, &o, &school, &err, &zField), 0);
  {
    /* a date not before another; required when another field has a code */
    static const char *const az[] = { "org_id", "梨树县教育局", "name", "张律师", "kind", "个人",
      "contract_start", "2025-03-01", "contract_end", "2025-01-01", "filed_on", "2025-02-01", 0 };
    reg_err_init(&e, ar);
    CHECK_INT(reg_create(pAdv, &a, trow(ar, pAdv, az), &id, &e), -1);
    CHECK_STR(reg_err_of(&e, "contract_end"), "合同终止日不能早于合同起始日 2025-03-01");
    CHECK_STR(reg_err_of(&e, "filed_on"), "司法局备案日期不能早于合同起始日 2025-03-01");
    CHECK_STR(reg_err_of(&e, "firm"), "类别为“个人”时请填写所在律师事务所");
    CHECK_INT(e.eKind, REG_EINVALID);
  }
  {
    /* a range; uniqueness over two fields (409 naming them) */
    static const char *const azBad[] = { "org_id", "梨树县教育局", "year", "1999",
                                         "item", "guard", 0 };
    static const char *const azOk[] = { "org_id", "梨树县教育局", "year", "2025", "item", "guard", 0 };
    reg_err_init(&e, ar);
    CHECK_INT(reg_create(pTmpl, &a, trow(ar, pTmpl, azBad), &id, &e), -1);
    CHECK_STR(reg_err_of(&e, "year"), "年度应为 2000—2100 之间的整数");
    reg_err_init(&e, ar);
    CHECK_INT(reg_create(pTmpl, &a, trow(ar, pTmpl, azOk), &id, &e), 0);
    CHECK_INT(reg_create(pTmpl, &a, trow(ar, pTmpl, azOk), &id, &e), -1);
    CHECK_INT(e.eKind, REG_ECONFLICT);
    CHECK(reg_err_of(&e, "item")!=0 && strstr(reg_err_of(&e, "item"), "年度、检查项目都相同"));
  }
  {
    /* a reference of a kind: the bureau is not a school */
    static const char *const azP[] = { "org_id", "梨树县教育局", "name", "李警官",
      "employer_kind", "公安", "employer", "梨树县公安局", 0 };
    static const char *const azA[] = { "org_id", "梨树县教育局", "person_id", "李警官",
      "term_start", "2025-01-01", "term_end", "2025-12-31", 0 };
    static const char *const azS[] = { "org_id", "梨树县第一实验小学", "person_id", "李警官",
      "term_start", "2025-01-01", "term_end", "2025-12-31", 0 };
    reg_err_init(&e, ar);
    CHECK_INT(reg_create(pPerson, &a, trow(ar, pPerson, azP), &person, &e), 0);
    CHECK_INT(reg_create(pVp, &a, trow(ar, pVp, azA), &id, &e), -1);
    CHECK_STR(reg_err_of(&e, "org_id"), "学校应为中小学或幼儿园");
    reg_err_init(&e, ar);
    CHECK_INT(reg_create(pVp, &a, trow(ar, pVp, azS), &id, &e), 0);
  }
  {
    /* numbering: per year, from a date field or the current year */
    static const struct reg_number num = { .zField = "name", .zFormat = "梨教许〔%Y〕%N号",
                                           .zYearFrom = "start_on" };
    struct reg_def d = tdef();
    const char **az = reg_values_alloc(ar, &d);
    char zWant[64];
    int y, m, dd;
    d.pNumber = &num;
    reg_err_init(&e, ar);
    db_begin();
    az[TF_START] = "2024-05-01";
    CHECK_INT(reg_number_assign(&d, "create", az, ar, &e), 0);
    CHECK_STR(az[TF_NAME], "梨教许〔2024〕1号");
    CHECK_INT(reg_number_assign(&d, "create", az, ar, &e), 0);   /* numbered once */
    CHECK_STR(az[TF_NAME], "梨教许〔2024〕1号");
    az[TF_NAME] = 0;
    CHECK_INT(reg_number_assign(&d, "update", az, ar, &e), 0);   /* not on an edit */
    CHECK(az[TF_NAME]==0);
    CHECK_INT(reg_number_assign(&d, "import", az, ar, &e), 0);
    CHECK_STR(az[TF_NAME], "梨教许〔2024〕2号");
    az[TF_NAME] = 0; az[TF_START] = "2025-01-02";
    CHECK_INT(reg_number_assign(&d, "create", az, ar, &e), 0);
    CHECK_STR(az[TF_NAME], "梨教许〔2025〕1号");
    az[TF_NAME] = 0; az[TF_START] = 0;
    CHECK_INT(reg_number_assign(&d, "create", az, ar, &e), 0);
    date_ymd(date_today(), &y, &m, &dd);
    snprintf(zWant, sizeof(zWant), "梨教许〔%d〕%d号", y, y==2024 ? 3 : y==2025 ? 2 : 1);
    CHECK_STR(az[TF_NAME], zWant);
    db_commit();
    CHECK_INT(db_int(0, "SELECT last FROM reg_seq WHERE name='tdef.name' AND year=2024", ""), 2);
  }
  {
    /* a gate: each missing condition, the asked ones left to the form */
    static const char *const azNeed[] = { "start_on", "shut_on", 0 };
    static const char *const azAfter[] = { "shut", 0 };
    struct reg_def d = tdef();
    struct reg_step st = d.aStep[0];
    const char **az = reg_values_alloc(ar, &d);
    st.azNeed = azNeed; st.azAfter = azAfter;
    reg_err_init(&e, ar);
    CHECK_INT(reg_gate_check(&d, &a, &st, 1, az, true, ar, &e), 3);
    CHECK_INT(e.eKind, REG_EGATE);
    CHECK_STR(reg_err_of(&e, "start_on"), "关闭前须填写开始日");
    CHECK_STR(reg_err_of(&e, "shut_on"), "关闭前须填写关闭日");
    CHECK(strstr(reg_err_text(&e), "关闭前须先关闭")!=0);
    reg_err_init(&e, ar);
    az[TF_START] = "2025-01-01";
    CHECK_INT(reg_gate_check(&d, &a, &st, 1, az, false, ar, &e), 1);   /* shut_on: asked */
  }
  {
    /* a gate on a record of another register in a given state */
    static const char *const azAdv[] = { "org_id", "梨树县教育局", "name", "某律师事务所",
      "kind", "律师事务所", "contract_start", "2025-01-01", "contract_end", "2099-12-31", 0 };
    static const struct reg_field aF[] = {
      { .zKey = "org_id", .zLabel = "单位", .eType = REG_REF, .zRef = "org" },
      { .zKey = "adviser_id", .zLabel = "法律顾问", .eType = REG_REF, .zRef = "adviser" },
    };
    static const struct reg_need aNeed[] = {
      { .zReg = "adviser", .zVia = "adviser_id", .zState = "active" }, { 0 }
    };
    struct reg_def d = tdef();
    struct reg_step st = d.aStep[0];
    const char **az = reg_values_alloc(ar, &d), **azStep;
    i64 adv;
    d.aField = aF; d.nField = 2;
    st.aNeedRec = aNeed;
    reg_err_init(&e, ar);
    CHECK_INT(reg_create(pAdv, &a, trow(ar, pAdv, azAdv), &adv, &e), 0);
    az[1] = arena_printf(ar, "%lld", (long long)adv);
    CHECK_INT(reg_gate_check(&d, &a, &st, 1, az, true, ar, &e), 0);
    azStep = reg_values_alloc(ar, pAdv);
    azStep[reg_field_index(pAdv, "dismissed_on")] = "2025-06-01";
    CHECK_INT(reg_step(pAdv, &a, adv, "dismiss", azStep, &e), 0);
    CHECK_INT(reg_gate_check(&d, &a, &st, 1, az, true, ar, &e), 1);
    CHECK_STR(reg_err_of(&e, "adviser_id"), "关闭前须有状态为“在聘”的法律顾问");
  }
  CHECK_INT(db_open_statements(), 0);
  CHECK_INT(db_txn_depth(), 0);
  db_close();
  buf_release(&err);
  arena_free(ar);
}

/* Field zKey of d in az. */
#define F(d, zKey) (az[reg_field_index((d), (zKey))])

/* Child records (reg/child.c) on the permit's pauses: created under their
** parent with the parent's org, listed, voided; reachable only through a
** parent in scope; the parent's derive rule sees them (the statutory due
** date moves by the pause's working days and back when it is voided);
** every change one audit entry naming the parent. */
static void test_reg_children(void){
  struct buf err = BUF_INIT;
  struct arena *ar = arena_new();
  struct actor a, aSchool;
  struct reg_err e;
  const struct reg_def *pItem = reg_find("permit_item"), *pPermit = reg_find("permit");
  const struct reg_def *pPause = reg_find("permit_pause");
  const char *az[64] = {0};            /* more than any register's fields */
  struct reg_rec rec, *aRec;
  const char *zDue0;
  i64 root, school, item, pid, cid, cid2;
  int n;
  CHECK(pPause!=0 && pPause->zParentField!=0 && reg_parent_of(pPause)==pPermit);
  CHECK(reg_child_find(pPermit, "pauses")!=0 && reg_child_find(pPermit, "permit_pause")!=0);
  CHECK(test_county("reg_child.db", &a, &root, "梨树县第一实验小学", "school", &school)==0);
  aSchool = a;
  aSchool.orgId = school;
  aSchool.zOrgPath = db_text(ar, 0, "SELECT path FROM org WHERE id=?1", "i", school);
  reg_err_init(&e, ar);
  F(pItem, "org_id") = "梨树县教育局";
  F(pItem, "name") = "幼儿园设立审批";
  F(pItem, "basis") = "《幼儿园管理条例》第十一条";
  F(pItem, "limit_unit") = "wd";
  F(pItem, "statutory_limit") = "20";
  CHECK_INT(reg_create(pItem, &a, az, &item, &e), 0);
  memset(az, 0, sizeof(az));
  F(pPermit, "org_id") = "梨树县教育局";
  F(pPermit, "item_id") = "幼儿园设立审批";
  F(pPermit, "applicant_kind") = "org";
  F(pPermit, "applicant") = "某幼儿园";
  F(pPermit, "uscc") = "91350100M000100Y43";
  F(pPermit, "received_on") = "2025-03-03";
  CHECK_INT(reg_create(pPermit, &a, az, &pid, &e), 0);
  memset(az, 0, sizeof(az));
  F(pPermit, "accepted_on") = "2025-03-04";
  CHECK_INT(reg_step(pPermit, &a, pid, "accept", az, &e), 0);
  CHECK_INT(reg_get(pPermit, &a, pid, ar, &rec, &e), 0);
  zDue0 = rec.az[reg_field_index(pPermit, "legal_due")];
  CHECK_STR(zDue0, "2025-04-01");               /* 20 working days, 清明 after */

  /* a pause of 5 working days, added as a child: the parent's due moves */
  memset(az, 0, sizeof(az));
  F(pPause, "permit_id") = arena_printf(ar, "%lld", (long long)pid);
  F(pPause, "kind") = "expert";
  F(pPause, "start_on") = "2025-03-10";
  F(pPause, "end_on") = "2025-03-14";
  CHECK_INT(reg_create(pPause, &a, az, &cid, &e), 0);
  CHECK_INT(reg_get(pPermit, &a, pid, ar, &rec, &e), 0);
  CHECK_STR(rec.az[reg_field_index(pPermit, "legal_due")], "2025-04-09");  /* + 5, 清明 04-04 */
  CHECK_INT(reg_children(pPermit, pid, "pauses", ar, &aRec, &n), 1);
  CHECK_STR(aRec[0].az[reg_field_index(pPause, "kind")], "expert");
  CHECK_STR(aRec[0].az[reg_field_index(pPause, "org_id")],
            arena_printf(ar, "%lld", (long long)root));   /* the parent's org */
  /* a deadline declared plainly (no xCompute) over the same rows: 20
  ** working days from start_on with the pauses of the child, explained */
  {
    static const struct reg_deadline aDl[] = {
      { .zLabel = "测试期限", .zStartField = "start_on", .nLimit = 20, .eUnit = CLOCK_WORKDAY,
        .zDueField = "legal_due", .zPauseChild = "pauses", .zPauseStart = "start_on",
        .zPauseEnd = "end_on", .zPauseKind = "kind", .zExtField = "ext_days" },
    };
    struct reg_def dTest = *pPermit;
    struct calendar *cal = calendar_new();
    struct buf ex = BUF_INIT;
    int due = 0;
    char zDue[11];
    calendar_load_builtin(cal);
    dTest.aDeadline = aDl;
    dTest.nDeadline = 1;
    CHECK_INT(reg_deadline_compute(cal, &dTest, &aDl[0], pid, rec.az, ar, &due, &ex, &err), 0);
    CHECK_STR(date_format(due, zDue), "2025-04-09");
    CHECK(strstr(ex.buf, "2025-03-10 星期一 跳过（暂停计时：专家评审）")!=0);
    CHECK(strstr(ex.buf, "2025-04-04 星期五 跳过（清明节）")!=0);
    buf_release(&ex);
    calendar_free(cal);
  }
  /* the child's own check: an end before the start is refused, nothing written */
  F(pPause, "start_on") = "2025-03-20";
  F(pPause, "end_on") = "2025-03-19";
  reg_err_init(&e, ar);
  CHECK_INT(reg_create(pPause, &a, az, &cid2, &e), -1);
  CHECK(e.n==1 && str_eq(e.a[0].zField, "end_on"));
  CHECK_INT(reg_children(pPermit, pid, "pauses", ar, &aRec, &n), 1);

  /* scope through the parent: a school user reaches neither */
  reg_err_init(&e, ar);
  F(pPause, "start_on") = "2025-03-20";
  F(pPause, "end_on") = "2025-03-21";
  CHECK_INT(reg_create(pPause, &aSchool, az, &cid2, &e), -1);
  CHECK_INT(e.eKind, REG_ENOTFOUND);
  reg_err_init(&e, ar);
  CHECK_INT(reg_get(pPause, &aSchool, cid, ar, &rec, &e), -1);
  CHECK_INT(reg_delete(pPause, &aSchool, cid, "越权", &e), -1);
  CHECK_INT(reg_children(pPermit, pid, "pauses", ar, &aRec, &n), 1);

  /* void: the pause no longer counts */
  reg_err_init(&e, ar);
  CHECK_INT(reg_delete(pPause, &a, cid, "录入错误", &e), 0);
  CHECK_INT(reg_children(pPermit, pid, "pauses", ar, &aRec, &n), 0);
  CHECK_INT(reg_get(pPermit, &a, pid, ar, &rec, &e), 0);
  CHECK_STR(rec.az[reg_field_index(pPermit, "legal_due")], zDue0);
  /* one audit entry per change, naming the parent */
  CHECK_INT(db_i64(0, "SELECT count(*) FROM audit WHERE entity='permit_pause'", ""), 2);
  CHECK(db_i64(0, "SELECT count(*) FROM audit WHERE entity='permit_pause' AND action='create'"
                  " AND after LIKE ?1", "t", arena_printf(ar, "%%\"permit_id\":%lld%%",
                                                           (long long)pid))==1);
  CHECK_INT(db_open_statements(), 0);
  CHECK_INT(db_txn_depth(), 0);
  db_close();
  buf_release(&err);
  arena_free(ar);
}

void test_reg(void){
  app_regs_init();
  test_reg_checker();
  test_reg_values();
  test_reg_defs();
  test_reg_err_more();
  test_reg_statements();
  test_reg_rules();
  test_reg_children();
}
