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
#include "../../src/base/fmt.h"
#include "../../src/base/util.h"
#include "../../src/base/value.h"
#include "../../src/office/table.h"
#include "../../src/store/db.h"
#include "../../src/reg/reg.h"
#include "../../src/areas/app.h"
#include "../../src/areas/org.h"
#include "../../src/routes.h"

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

/* Every register's statements prepare and run on this engine; a step
** from the wrong state is refused naming the state. */
static void test_reg_statements(void){
  struct buf err = BUF_INIT;
  struct arena *ar = arena_new();
  struct actor a;
  struct reg_err e;
  const struct reg_def *d = reg_find("adviser");
  const char *az[REG_MAX_FIELDS] = {0};
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
  memset(az, 0, sizeof(az));
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
  const char *az[REG_MAX_FIELDS] = {0};
  struct org_input o;
  struct reg_rec rec, *aRec;
  const char *zField, *zDue0;
  i64 root, school, item, pid, cid, cid2;
  int n;
  CHECK(pPause!=0 && pPause->zParentField!=0 && reg_parent_of(pPause)==pPermit);
  CHECK(reg_child_find(pPermit, "pauses")!=0 && reg_child_find(pPermit, "permit_pause")!=0);
  CHECK(test_db_fresh("reg_child.db")==0);
  db_migrate();
  memset(&app.keys, 5, sizeof(app.keys));
  app.keys.aMac[0] = 1;
  app.keys.aIdx[0] = 2;
  actor_cli(&a);
  memset(&o, 0, sizeof(o));
  o.zName = "梨树县教育局";
  o.zKind = "bureau";
  CHECK_INT(org_create(&a, &o, &root, &err, &zField), 0);
  o.zName = "梨树县第一实验小学";
  o.zKind = "school";
  o.parentId = root;
  CHECK_INT(org_create(&a, &o, &school, &err, &zField), 0);
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
  test_reg_statements();
  test_reg_children();
}
