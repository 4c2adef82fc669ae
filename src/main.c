/*
** main.c -- fazhi's command table.  Each command's usage text lives
** beside it; `fazhi help` lists them, `fazhi CMD --help` shows one.
** Bad arguments print the usage and exit 2.
*/
#include "common.h"
#include <malloc.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>
#include "base/arena.h"
#include "base/buf.h"
#include "base/embed.h"
#include "base/fmt.h"
#include "base/log.h"
#include "base/util.h"
#include "crypto/keys.h"
#include "crypto/pw.h"
#include "store/db.h"
#include "web/server.h"
#include "core/app.h"
#include "core/audit.h"
#include "desk/audit.h"
#include "desk/calendar.h"
#include "desk/demo.h"
#include "core/cli.h"
#include "desk/dashboard.h"
#include "desk/migrate.h"
#include "areas/org/org.h"
#include "areas/schools/school.h"
#include "areas/schools/assess.h"
#include "areas/permits/permit.h"
#include "areas/legal/dispute.h"
#include "areas/legal/lawcase.h"
#include "areas/legal/review.h"
#include "areas/inspections/insp.h"
#include "areas/inspections/insp_pub.h"
#include "desk/report.h"
#include "desk/user.h"
#include "core/files.h"
#include "reg/figure.h"
#include "reg/reg.h"
#include "routes.h"

#define FAZHI_VERSION "0.1.0"

static const char zInitUsage[] =
  "用法: fazhi init [--demo]\n"
  "在数据目录中创建数据库和密钥文件（权限0600）并建好表结构。\n"
  "--demo 同时建立演示县（data/demo/：梨树县教育局、股室、89所中小学和48所幼儿园，\n"
  "       均标为示例数据；各校的法治副校长、检查项目和学法普法活动，许可事项清单和\n"
  "       2024年的行政许可办件）和管理员 admin，\n"
  "       打印管理员的一次性密码（首次登录须修改）。已初始化时什么也不改。\n";

/* Load the embedded demo file zFile into register zReg through the
** kernel's import (the same checks as an upload); fatal on any error. */
static void init_demo_import(const char *zReg, const char *zFile){
  const struct embed_file *e = embed_find(zFile);
  const struct reg_def *d = reg_find(zReg);
  struct reg_import_result res;
  struct buf err = BUF_INIT;
  struct actor a;
  int rc;
  if( e==0 || d==0 ) fatal("demo: %s or %s missing", zFile, zReg);
  actor_cli(&a);
  memset(&res, 0, sizeof(res));
  rc = reg_import(d, &a, e->aData, (size_t)e->nData, &res, &err);
  if( rc==1 ) reg_error_text(d, &res, &err);
  if( rc ) fatal("demo %s: %s", zFile, err.buf);
  reg_import_result_free(&res);
  buf_release(&err);
}

/* The demo county: 梨树县教育局 for 2024 -- its 股室, 89 中小学 and 48
** 幼儿园, their 法治副校长, checklist and activities -- from the files in
** data/demo/ (compiled in), loaded through the same import as `fazhi org
** import` and the schools' registers; then the administrator. */
static void init_demo(void){
  const struct embed_file *e = embed_find("data/demo/orgs.csv");
  struct reg_import_result res;
  struct actor a;
  struct user_input in;
  struct buf err = BUF_INIT;
  struct reg_err ue;
  struct arena *ar = arena_new();
  char zGen[32];
  i64 id;
  actor_cli(&a);
  if( e==0 ) fatal("demo data missing: data/demo/orgs.csv");
  if( reg_import(&org_reg, &a, e->aData, (size_t)e->nData, &res, &err) ){
    struct buf text = BUF_INIT;
    if( res.pIn ) reg_error_text(&org_reg, &res, &text);
    fatal("demo orgs: %s%s", err.buf, text.buf);
  }
  reg_import_result_free(&res);
  if( school_demo_load(&a, &err) ) fatal("demo schools: %s", err.buf);
  memset(&in, 0, sizeof(in));
  in.zUsername = "admin";
  in.zName = "系统管理员";
  in.orgId = db_i64(0, "SELECT id FROM org WHERE parent_id IS NULL ORDER BY id LIMIT 1", "");
  in.mRoles = ROLE_ADMIN;
  reg_err_init(&ue, ar);
  if( user_create(&a, &in, &id, zGen, &ue) ) fatal("demo admin: %s", reg_err_text(&ue));
  arena_free(ar);
  init_demo_import("permit_item", "data/demo/permit-items.csv");
  init_demo_import("permit", "data/demo/permit-2024.csv");
  e = embed_find("data/demo/permit-2024-steps.csv");
  if( e==0 || reg_demo_steps(&a, (const char *)e->aData, (size_t)e->nData, &err) ){
    fatal("demo permit steps: %s", err.buf ? err.buf : "missing");
  }
  init_demo_import("dispute", "data/demo/disputes-2024.csv");
  e = embed_find("data/demo/dispute-2024-steps.csv");
  if( e==0 || reg_demo_steps(&a, (const char *)e->aData, (size_t)e->nData, &err) ){
    fatal("demo dispute steps: %s", err.buf ? err.buf : "missing");
  }
  init_demo_import("lawcase_year", "data/demo/lawcase-years.csv");
  init_demo_import("task", "data/demo/tasks-2025.csv");
  init_demo_import("adviser", "data/demo/advisers.csv");
  init_demo_import("review", "data/demo/reviews-2024.csv");
  init_demo_import("normdoc", "data/demo/normdocs-2024.csv");
  init_demo_import("decision", "data/demo/decisions-2024.csv");
  e = embed_find("data/demo/legality-2024-steps.csv");
  if( e==0 || reg_demo_steps(&a, (const char *)e->aData, (size_t)e->nData, &err) ){
    fatal("demo legality steps: %s", err.buf ? err.buf : "missing");
  }
  init_demo_import("insp_item", "data/demo/insp-items.csv");
  init_demo_import("insp_target", "data/demo/insp-targets.csv");
  init_demo_import("insp_person", "data/demo/insp-people.csv");
  init_demo_import("insp_conflict", "data/demo/insp-conflicts.csv");
  init_demo_import("insp_plan", "data/demo/insp-plans-2024.csv");
  e = embed_find("data/demo/insp-draws-2024.csv");
  if( e==0 || draw_demo_load(&a, (const char *)e->aData, (size_t)e->nData, &err) ){
    fatal("demo draws: %s", err.buf ? err.buf : "missing");
  }
  e = embed_find("data/demo/insp-records-2024.csv");
  if( e==0 || insp_demo_records(&a, (const char *)e->aData, (size_t)e->nData, &err) ){
    fatal("demo inspections: %s", err.buf ? err.buf : "missing");
  }
  e = embed_find("data/demo/insp-results-2024.csv");
  if( e==0 || insp_pub_demo(&a, (const char *)e->aData, (size_t)e->nData, &err) ){
    fatal("demo publicity: %s", err.buf ? err.buf : "missing");
  }
  printf("管理员账号：admin\n一次性密码：%s\n（首次登录须修改密码并绑定动态口令）\n", zGen);
  buf_release(&err);
}

/* Create the data folder, key file and schema.  Returns 0 or 1. */
static int init_data(bool bDemo, bool bQuiet){
  struct buf err = BUF_INIT;
  char *zKey = fmt_dup("%s/fazhi.key", app.zDataDir);
  bool bNew;
  if( mkdir(app.zDataDir, 0700) && errno!=EEXIST ){
    fprintf(stderr, "fazhi: 无法创建数据目录 %s：%s\n", app.zDataDir, strerror(errno));
    free(zKey);
    return 1;
  }
  if( access(zKey, F_OK)!=0 && keys_create(zKey, &err) ){
    fprintf(stderr, "fazhi: %s\n", err.buf);
    free(zKey);
    return 1;
  }
  free(zKey);
  if( cli_open() ) return 1;
  if( str_starts(app.zDbUrl, "/") || !strstr(app.zDbUrl, "://") ) chmod(app.zDbUrl, 0600);
  bNew = !db_exists("SELECT 1 FROM org", "");
  if( bDemo && bNew ) init_demo();
  if( !bQuiet ) printf("数据目录：%s（表结构版本 %d）\n", app.zDataDir, db_schema_version());
  buf_release(&err);
  return 0;
}

static int init_cmd(int argc, char **argv){
  bool bDemo = cli_flag(&argc, argv, "--demo");
  if( cli_flag(&argc, argv, "--help") ){ printf("%s", zInitUsage); return 0; }
  if( cli_finish(argc-1, argv+1, 0, 0, zInitUsage) ) return 2;
  return init_data(bDemo, false);
}

static const char zServeUsage[] =
  "用法: fazhi serve [--listen 127.0.0.1:8080] [--threads N] [--timeout 秒] [--per-ip N]\n"
  "                  [--max-connections N] [--header-timeout 秒] [--body-timeout 秒]\n"
  "                  [--trusted-proxy 地址,地址] [--secure-cookie]\n"
  "提供网页和 JSON 接口。--threads 服务线程数（默认4）；--timeout 连接空闲超时（默认30秒）；\n"
  "--per-ip 每个客户端地址最多同时连接数（默认64）；--max-connections 全部连接数上限（默认512）；\n"
  "--header-timeout 收完请求头的时限（默认10秒）；--body-timeout 收完请求体的时限（默认300秒）；\n"
  "--trusted-proxy 可信反向代理的地址（如 127.0.0.1,::1），只采信它们转来的 X-Forwarded-For，\n"
  "用于审计日志里的地址和按地址的各项限制；--secure-cookie 用于 nginx 等 TLS 反向代理之后。\n"
  "启动时应用尚未执行的数据库迁移。\n";

/* "postgresql" or "sqlite" for a database URL (for the log; no password). */
static const char *db_engine_of(const char *zUrl){
  return str_starts(zUrl, "postgres") ? "postgresql" : "sqlite";
}

static volatile sig_atomic_t bStop;
static void on_signal(int sig){ (void)sig; bStop = 1; }

/* Each server thread gets its own database connection; one that cannot
** connect now (PostgreSQL restarting) answers 503 until it can (db.h). */
static void serve_thread_init(void){
  db_open_thread(app.zDbUrl);
}

/* A whole-number option in lo..hi into *pv (unchanged when absent);
** -1 after a message naming zOpt. */
static int serve_num(const char *z, const char *zOpt, i64 lo, i64 hi, i64 *pv){
  if( z && str_to_i64(z, lo, hi, pv) ){
    fprintf(stderr, "fazhi: %s 应为%lld到%lld\n", zOpt, (long long)lo, (long long)hi);
    return -1;
  }
  return 0;
}

static int serve_cmd(int argc, char **argv){
  struct server_config cfg;
  const char *zListen = cli_option(&argc, argv, "--listen");
  const char *zThreads = cli_option(&argc, argv, "--threads");
  const char *zTimeout = cli_option(&argc, argv, "--timeout");
  const char *zPerIp = cli_option(&argc, argv, "--per-ip");
  const char *zMaxConn = cli_option(&argc, argv, "--max-connections");
  const char *zHeadTime = cli_option(&argc, argv, "--header-timeout");
  const char *zBodyTime = cli_option(&argc, argv, "--body-timeout");
  const char *zProxy = cli_option(&argc, argv, "--trusted-proxy");
  i64 nTimeout = 30, nPerIp = 64, nMaxConn = 512, nHeadTime = 10, nBodyTime = 300;
  bool bSecure = cli_flag(&argc, argv, "--secure-cookie");
  i64 nThreads = 4;
  int port = 0;
  if( cli_flag(&argc, argv, "--help") ){ printf("%s", zServeUsage); return 0; }
  if( cli_finish(argc-1, argv+1, 0, 0, zServeUsage) ) return 2;
  if( serve_num(zThreads, "--threads", 1, 64, &nThreads)
   || serve_num(zTimeout, "--timeout", 1, 3600, &nTimeout)
   || serve_num(zPerIp, "--per-ip", 1, 10000, &nPerIp)
   || serve_num(zMaxConn, "--max-connections", 16, 10000, &nMaxConn)
   || serve_num(zHeadTime, "--header-timeout", 1, 600, &nHeadTime)
   || serve_num(zBodyTime, "--body-timeout", 1, 3600, &nBodyTime) ){
    return 2;
  }
  if( init_data(false, true) ) return 1;
  db_close();
  db_set_fail_exit(false);     /* from here a database failure fails one request */
  memset(&cfg, 0, sizeof(cfg));
  cfg.zListen = zListen ? zListen : "127.0.0.1:8080";
  cfg.nThreads = (unsigned)nThreads;
  cfg.nMaxBody = 1024*1024;
  cfg.nMaxConn = (unsigned)nMaxConn;
  cfg.nPerIp = (unsigned)nPerIp;
  cfg.nTimeout = (unsigned)nTimeout;
  cfg.nHeaderTimeout = (unsigned)nHeadTime;
  cfg.nBodyTimeout = (unsigned)nBodyTime;
  cfg.nMaxUploads = 8;
  cfg.zTmpDir = fmt_dup("%s/tmp", app.zDataDir);
  cfg.zTrustedProxies = zProxy;
  cfg.bSecureCookie = bSecure;
  cfg.xDispatch = app_dispatch;
  cfg.xAdmit = app_admit;
  cfg.xThreadInit = serve_thread_init;
  cfg.xRunLong = app_run_long;
  cfg.nLongThreads = 3;
  cfg.nLongQueue = 16;
  app_routes_init();
  signal(SIGPIPE, SIG_IGN);
  signal(SIGINT, on_signal);
  signal(SIGTERM, on_signal);
  files_tmp_sweep();           /* uploads a stopped server left half-received */
  if( server_start(&cfg, &port) ) return 1;
  printf("fazhi 正在 http://%s 提供服务（端口 %d）\n", cfg.zListen, port);
  fflush(stdout);
  log_info("serving fazhi %j on %j (%u threads, db %j)", FAZHI_VERSION, cfg.zListen, cfg.nThreads,
           db_engine_of(app.zDbUrl));
  while( !bStop ) pause();
  server_stop();
  log_info("stopped");
  return 0;
}

static const char zConfigUsage[] =
  "用法: fazhi config list | get KEY | set KEY VALUE\n"
  "安全设置（空闲超时、锁定次数与时长、密码策略）和对外公开网址（public.address），修改写入审计日志。\n";

static int config_cmd(int argc, char **argv){
  const struct setting_info *p;
  if( argc<3 ) return cli_usage(zConfigUsage);
  if( str_eq(argv[2], "--help") ){ printf("%s", zConfigUsage); return 0; }
  if( str_eq(argv[2], "list") || str_eq(argv[2], "get") ){
    if( cli_finish(argc-2, argv+2, str_eq(argv[2], "get") ? 1 : 0, str_eq(argv[2], "get") ? 1 : 0, zConfigUsage) ) return 2;
    if( cli_open() ) return 1;
    for(p=app_settings; p->zKey; p++){
      if( argc==4 && !str_eq(argv[3], p->zKey) ) continue;
      printf("%s\t%lld\t%s\n", p->zKey, (long long)setting_int(p->zKey, p->dflt), p->zDesc);
    }
    {
      /* the text settings (core/setting_text.c) */
      const struct setting_text_info *t;
      struct arena *ar = arena_new();
      for(t=app_text_settings; t->zKey; t++){
        const char *zV;
        if( argc==4 && !str_eq(argv[3], t->zKey) ) continue;
        zV = setting_text(ar, t->zKey);
        printf("%s\t%s\t%s\n", t->zKey, zV ? zV : "", t->zDesc);
      }
      arena_free(ar);
    }
    return 0;
  }
  if( str_eq(argv[2], "set") ){
    struct actor a;
    struct buf err = BUF_INIT;
    if( cli_finish(argc-2, argv+2, 2, 2, zConfigUsage) ) return 2;
    if( cli_open() ) return 1;
    actor_cli(&a);
    if( setting_is_text(argv[3]) ? setting_set_text(&a, argv[3], argv[4], &err)
                                 : setting_set(&a, argv[3], argv[4], &err) ){
      fprintf(stderr, "fazhi: %s\n", err.buf);
      return 1;
    }
    return 0;
  }
  return cli_usage(zConfigUsage);
}

static const char zBackupUsage[] =
  "用法: fazhi backup FILE\n"
  "在服务运行时把 SQLite 数据库完整复制到 FILE（在线备份，先写临时文件再改名）。\n"
  "文件库（附件、证明材料、报告文件）随数据库复制到 FILE 所在目录的 files/ 下：按 SM3 存放，\n"
  "复制时逐个核对 SM3；同一目录再次备份只复制新增的文件。\n"
  "密钥文件 fazhi.key 不在数据库里，请另行妥善保存；没有它无法解密个人信息、无法校验审计封印。\n"
  "备份时的审计头记入数据目录的 fazhi.audit-backups：恢复这个备份后 fazhi audit verify 仍能通过，\n"
  "并警告（退出码3）它比记录的最新头旧多少，直到 fazhi audit accept-restore 确认。\n"
  "PostgreSQL 部署请用 pg_dump。\n";

static int backup_cmd(int argc, char **argv){
  struct buf err = BUF_INIT;
  if( argc>=3 && str_eq(argv[2], "--help") ){ printf("%s", zBackupUsage); return 0; }
  if( cli_finish(argc-1, argv+1, 1, 1, zBackupUsage) ) return 2;
  if( cli_open() ) return 1;
  if( db_backup(argv[2], &err) ){
    fprintf(stderr, "fazhi: %s\n", err.buf);
    buf_release(&err);
    return 1;
  }
  /* the copy's audit head goes into the key folder: restoring it later
  ** verifies (with a warning saying how old it is) instead of looking
  ** like a cut log */
  if( audit_note_backup(argv[2], &err) ){
    fprintf(stderr, "fazhi: 备份已写好，但未能在密钥目录中记下它的审计头：%s\n", err.buf);
    buf_release(&err);
    return 1;
  }
  {
    /* the file store beside the copy: files/ in the same folder */
    char *zDir = fmt_dup("%s", argv[2]), *zSlash = strrchr(zDir, '/');
    i64 nCopied = 0;
    int nBad;
    if( zSlash ) *zSlash = 0;
    nBad = files_backup(zSlash ? (zDir[0] ? zDir : "/") : ".", &err, &nCopied);
    if( nBad ){
      fprintf(stderr, "fazhi: 数据库已备份，但有 %d 个文件未能备份：\n%s", nBad, err.buf);
      buf_release(&err);
      free(zDir);
      return 1;
    }
    printf("已备份到 %s（文件库新复制 %lld 个文件到 %s/files）\n", argv[2], (long long)nCopied,
           zSlash ? (zDir[0] ? zDir : "") : ".");
    free(zDir);
  }
  return 0;
}

static const char zFilesUsage[] =
  "用法: fazhi files verify\n"
  "  文件库（数据目录 files/ 下按 SM3 存放的附件、证明材料、报告文件）：verify 逐个重新计算 SM3，\n"
  "  列出每个损坏或缺失的文件及引用它的记录，有则返回1。\n";

/* fazhi files verify. */
static int files_cmd(int argc, char **argv){
  struct buf out = BUF_INIT;
  i64 nChecked = 0;
  int nBad;
  if( argc>=3 && str_eq(argv[2], "--help") ){ printf("%s", zFilesUsage); return 0; }
  if( cli_finish(argc-1, argv+1, 1, 1, zFilesUsage) ) return 2;
  if( !str_eq(argv[2], "verify") ) return cli_usage(zFilesUsage);
  if( cli_open() ) return 1;
  nBad = files_verify_all(&out, &nChecked);
  fputs(out.len ? out.buf : "", stdout);
  if( nBad ) printf("文件库有 %d 个文件损坏或缺失（共 %lld 个）\n", nBad, (long long)nChecked);
  else printf("文件库完好：%lld 个文件逐个核对 SM3 相符\n", (long long)nChecked);
  buf_release(&out);
  return nBad ? 1 : 0;
}

/* fazhi version: the version line. */
static int version_cmd(int argc, char **argv){
  if( cli_flag(&argc, argv, "--help") ){ printf("用法: fazhi version\n打印版本。\n"); return 0; }
  if( cli_finish(argc-1, argv+1, 0, 0, "用法: fazhi version\n") ) return 2;
  printf("fazhi %s\n", FAZHI_VERSION);
  return 0;
}

static int help_cmd(int argc, char **argv);

static const char zRoutesUsage[] =
  "用法: fazhi routes [--raw]\n"
  "列出全部网址：方法、路径、可用角色、标志（public 无须登录，nocsrf 写操作不需 CSRF 令牌，\n"
  "pwchange 须改密码时也可用，enroll 须绑定动态口令时也可用，cache 响应缓存，long 长任务线程）。\n"
  "--raw 不打表头，角色和标志以位值给出（供脚本比对 docs/api/openapi.yaml）。\n";

/* fazhi routes: print the route table (method, path, roles, flags); the
** OpenAPI check in the tests compares `routes --raw` with
** docs/api/openapi.yaml. */
static int routes_cmd(int argc, char **argv){
  bool bRaw = cli_flag(&argc, argv, "--raw");
  if( cli_flag(&argc, argv, "--help") ){ printf("%s", zRoutesUsage); return 0; }
  if( cli_finish(argc-1, argv+1, 0, 0, zRoutesUsage) ) return 2;
  app_routes_init();
  routes_print(bRaw);
  return 0;
}

static const char zOpenapiUsage[] =
  "用法: fazhi openapi\n"
  "打印 OpenAPI 文档：docs/api/openapi.yaml 的手写部分，加上由各登记簿的声明生成的路径和结构\n"
  "（两行 BEGIN/END registers 标记之间）。改了声明后运行\n"
  "  fazhi openapi > docs/api/openapi.yaml\n"
  "更新文件；tests/cli/t0004-openapi.sh 检查文件与输出一致。\n";

/* fazhi openapi: the OpenAPI document with the registers' parts fresh. */
static int openapi_cmd(int argc, char **argv){
  const struct embed_file *e = embed_find("docs/api/openapi.yaml");
  struct buf out = BUF_INIT;
  if( argc>=3 && str_eq(argv[2], "--help") ){ printf("%s", zOpenapiUsage); return 0; }
  if( cli_finish(argc-1, argv+1, 0, 0, zOpenapiUsage) ) return 2;
  if( e==0 ) fatal("docs/api/openapi.yaml is not embedded");
  reg_openapi(&out, (const char *)e->aData);
  fwrite(out.buf, 1, out.len, stdout);
  buf_release(&out);
  return 0;
}

static const struct command {
  const char *zName;
  int (*xCmd)(int, char **);
  const char *zSummary;
} aCmd[] = {
  { "activity", reg_cmd,     "学法普法活动：list show add set void import export template" },
  { "adviser",  reg_cmd,     "法律顾问：list show add set dismiss renew void import export template" },
  { "adviser-eval", adviser_eval_cmd, "法律顾问年度履职评价：审核件数、按期完成、各审核结论" },
  { "assess-item", reg_cmd,  "年度考核项目（分值、普法项目、得分来源）：list show add set void import export template" },
  { "assess-score", reg_cmd, "年度考核得分（手工评分项目逐校录入）：list show add set delete import export template" },
  { "assessment", assess_cmd, "年度学校考核排名：各项得分、总分、普法得分（CSV 或 xlsx）" },
  { "audit",    audit_cmd,   "审计日志：verify 校验链，checkpoint 导出检查点，accept-restore 接受恢复，list 查询" },
  { "backup",   backup_cmd,  "在线备份 SQLite 数据库到文件" },
  { "calendar", cal_cmd,     "工作日历：show 年度安排，add-days 计算到期日，import 载入年度" },
  { "check",    reg_cmd,     "学校检查项目（校园安全、三落实、法治文化阵地）：list show add set delete import export template" },
  { "check-template", check_template_cmd, "检查项目年度模板：list show add set delete next-year import export template" },
  { "compliance", compliance_cmd, "学校法治工作情况：法治副校长配备率、将满聘期、各项达标率" },
  { "config",   config_cmd,  "安全设置：list get set" },
  { "demo",     demo_cmd,    "演示县的示例数据：status 列出，remove --yes 一次全部移除（审计）" },
  { "decision", reg_cmd,     "重大行政决策（公众参与、专家论证、风险评估、合法性审查、集体讨论决定）：list show add set decide drop void import export template" },
  { "draw",     draw_cmd,    "双随机抽签：list show run（即 add）verify lists tasks import export template help；set 一律拒绝（抽签记录不可修改，重新抽签用 run --replaces --reason）" },
  { "evidence", evidence_cmd, "检查项目的证明材料：list add get verify（按 SM3 存放，下载时核对）" },
  { "files",    files_cmd,   "文件库：verify 逐个核对 SM3，列出损坏或缺失的文件" },
  { "figures",  figures_cmd, "数据项：各模块声明的统计数据（年度、截至日期、单位范围）；manual 人工填报" },
  { "manual-figure", fig_manual_cmd, "人工填报数据项（附来源文件和确认人）：set list void" },
  { "help",     help_cmd,    "列出命令" },
  { "init",     init_cmd,    "创建数据目录、密钥和数据库（--demo 建演示县）" },
  { "migrate-db", migrate_cmd, "把县数据目录迁入当前（市级）数据库：机构、用户、日历、审计日志" },
  { "normdoc",  reg_cmd,     "规范性文件（统一登记、编号、公布，清理、废止）：list show add set issue clear repeal void import export template" },
  { "openapi",  openapi_cmd, "打印 OpenAPI 接口文档（含各登记簿生成的部分）" },
  { "inspect",  reg_cmd,     "检查记录（执法全过程记录）：list show add set approve notify inspect order recheck close void due explain members results media files document import export template" },
  { "insp-conflict", reg_cmd, "回避登记（检查人员与检查对象）：list show add set void import export template" },
  { "insp-item", reg_cmd,    "随机抽查事项清单：list show add set void import export template" },
  { "insp-person", reg_cmd,  "执法检查人员名录库：list show add set void import export template" },
  { "insp-plan", reg_cmd,    "抽查计划：list show add set void import export template" },
  { "insp-pub", reg_cmd,     "检查结果公示（20个工作日内公示，更正撤回原公示）：list show add set publish correct void due explain import export template" },
  { "insp-rating", reg_cmd,  "检查评价（被检查对象凭评价码评价；差评 --poor 1）：list show export template；add set import 一律拒绝（评价只能由被检查对象提交）" },
  { "insp-target", reg_cmd,  "检查对象名录库：list show add set void import export template" },
  { "org",      org_cmd,     "机构：list show add set import export template check-dups" },
  { "permit-item", reg_cmd,  "许可事项清单：list show add set void import export template" },
  { "permit",   reg_cmd,     "行政许可办件：list show add set notify correct accept reject pause resume extend grant deny deliver close withdraw void due explain pauses document import export template" },
  { "dispute",  reg_cmd,     "矛盾纠纷：list show add set mediate close void steps import export template" },
  { "lawcase",  lawcase_cmd, "行政复议和行政诉讼案件：list show add set close void confirm due explain import export template" },
  { "lawcase-year", reg_cmd, "复议诉讼案件数年度确认：list show add set void import export template" },
  { "task",     reg_cmd,     "年度工作安排：list show add set start finish delay cancel void import export template" },
  { "permit-rating", reg_cmd, "行政许可好差评：list show add set resolve import export template（评价只能由申请人在评价页面提交）" },
  { "report",   report_cmd,  "年度法治政府建设报告：按记录生成 docx/pdf/html/md，check 按段列出待补充和与记录不符的表述，reason 记录理由，head 版头版记，sheet 数据底稿" },
  { "report-version", reg_cmd, "年度报告各版本（审定流程和正文段落）：list show add set submit approve return sent published blocks import export template（新版本只由 report 命令或报告页面生成，add 和 import 不新建）" },
  { "review",   reg_cmd,     "合法性审核（合同、规范性文件、重大行政决策、重大执法决定）：list show add set take pass return reject resubmit sign void due explain rounds import export template" },
  { "routes",   routes_cmd,  "列出全部网址及其权限（方法、路径、角色、标志）" },
  { "serve",    serve_cmd,   "提供网页和 JSON 接口" },
  { "user",     user_cmd,    "用户：add passwd lock unlock list" },
  { "version",  version_cmd, "打印版本" },
  { "vp",       reg_cmd,     "法治副校长聘任：list show add set void import export template" },
  { "vp-person", reg_cmd,    "法治副校长人员库：list show add set void import export template" },
};

static const char zMainUsage[] =
  "用法: fazhi [--data DIR] [--db URL] <命令> [选项]\n"
  "数据目录：--data DIR，否则 $FAZHI_DATA，否则 ./fazhi-data（密钥文件 fazhi.key 在这里）\n"
  "数据库：--db postgresql://…，否则 $FAZHI_DB，否则数据目录中的 fazhi.db（SQLite）\n";

/* Run command zCmd as `fazhi zCmd --help`; -1 when there is no such command. */
static int cmd_help(char *zArgv0, const char *zCmd){
  size_t i;
  for(i=0; i<COUNT(aCmd); i++){
    if( strcmp(zCmd, aCmd[i].zName)==0 && aCmd[i].xCmd!=help_cmd ){
      char *az[4];
      az[0] = zArgv0;
      az[1] = (char *)aCmd[i].zName;
      az[2] = (char *)"--help";
      az[3] = 0;
      return aCmd[i].xCmd(3, az);
    }
  }
  return -1;
}

/* fazhi help [COMMAND]: every command with a line on what it does (the
** subcommands in brackets), or one command's usage. */
static int help_cmd(int argc, char **argv){
  size_t i;
  if( argc>=3 && !str_eq(argv[2], "--help") && !str_eq(argv[2], "-h")
   && !str_eq(argv[2], "help") ){
    int rc = cmd_help(argv[0], argv[2]);
    if( rc>=0 ) return rc;
    fprintf(stderr, "fazhi: 未知命令 %s\n", argv[2]);
    return 2;
  }
  printf("%s\n命令：\n", zMainUsage);
  for(i=0; i<COUNT(aCmd); i++) printf("  %-10s %s\n", aCmd[i].zName, aCmd[i].zSummary);
  printf("\n每个命令的详细用法：fazhi <命令> --help 或 fazhi help <命令>\n");
  return 0;
}

int main(int argc, char **argv){
  const char *zData;
  size_t i;
  setvbuf(stdout, 0, _IOLBF, 0);
  umask(077);          /* the database, its WAL and the key file: owner only */
  zData = cli_option(&argc, argv, "--data");
  app.zDbUrl = cli_option(&argc, argv, "--db");
  if( zData==0 ) zData = getenv("FAZHI_DATA");
  if( zData==0 || zData[0]==0 ) zData = "./fazhi-data";
  app.zDataDir = zData;
  files_set_dir(zData);
  if( app.zDbUrl==0 ) app.zDbUrl = getenv("FAZHI_DB");
  if( app.zDbUrl==0 || app.zDbUrl[0]==0 ) app.zDbUrl = fmt_dup("%s/fazhi.db", zData);
#ifdef FAZHI_TEST_HOOKS
  /* test builds only: cheap argon2id (the release build never reads it) */
  if( getenv("FAZHI_TEST_FAST_HASH") ) pw_set_cost_for_tests(1, 8192);
#endif
  app_regs_init();
  if( argc>=2 && !str_eq(argv[1], "serve") ){
    /* a command is one batch: keep freed memory instead of handing it
    ** back after every statement (SQLite frees a 64 KiB buffer after each
    ** write, and trimming the heap each time made a 100,000-row import
    ** spend most of its time in brk) */
    mallopt(M_TRIM_THRESHOLD, 64*1024*1024);
  }
  if( argc<2 ){
    help_cmd(argc, argv);
    return 2;
  }
  for(i=0; i<COUNT(aCmd); i++){
    if( strcmp(argv[1], aCmd[i].zName)==0 ){
      int j;
      /* --help or -h anywhere (fazhi org add --help): the command's usage,
      ** exit 0, whatever else is on the line */
      for(j=2; j<argc; j++){
        if( str_eq(argv[j], "--") ) break;
        if( str_eq(argv[j], "--help") || str_eq(argv[j], "-h") ){
          return aCmd[i].xCmd==help_cmd ? help_cmd(2, argv) : cmd_help(argv[0], argv[1]);
        }
      }
      return aCmd[i].xCmd(argc, argv);
    }
  }
  if( str_eq(argv[1], "--help") || str_eq(argv[1], "-h") ) return help_cmd(argc, argv);
  if( str_eq(argv[1], "--version") ) return version_cmd(argc, argv);
  fprintf(stderr, "fazhi: 未知命令 %s\n\n", argv[1]);
  help_cmd(argc, argv);
  return 2;
}
