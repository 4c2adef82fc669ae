/*
** test.h -- fazhi's unit-test harness (Redis testhelp.h in spirit).
**
** Each tests/unit/t_MODULE.c defines test functions and lists them in
** tests/unit/main.c.  CHECK() records one assertion; a failing one prints
** file, line and the expression and the run goes on.  main() prints
** "N passed, N failed" last and exits non-zero on any failure or when
** nothing ran.
*/
#ifndef FAZHI_TEST_H
#define FAZHI_TEST_H

#include "../../src/common.h"

extern int test_nPass, test_nFail;
extern const char *test_zName;

void test_fail(const char *zFile, int line, const char *zWhat);

#define CHECK(cond) do{ \
    if( cond ) test_nPass++; \
    else test_fail(__FILE__, __LINE__, #cond); \
  }while(0)

#define CHECK_STR(a, b) do{ \
    const char *zA_ = (a), *zB_ = (b); \
    if( zA_ && zB_ && strcmp(zA_, zB_)==0 ) test_nPass++; \
    else { \
      test_fail(__FILE__, __LINE__, #a " == " #b); \
      fprintf(stderr, "    got:      %s\n    expected: %s\n", \
              zA_ ? zA_ : "(null)", zB_ ? zB_ : "(null)"); \
    } \
  }while(0)

#define CHECK_INT(a, b) do{ \
    long long vA_ = (long long)(a), vB_ = (long long)(b); \
    if( vA_==vB_ ) test_nPass++; \
    else { \
      test_fail(__FILE__, __LINE__, #a " == " #b); \
      fprintf(stderr, "    got: %lld expected: %lld\n", vA_, vB_); \
    } \
  }while(0)

/* Every test function, declared from the list. */
#define T(name) void test_##name(void);
#include "list.h"
#undef T

/* Helpers shared by the modules (tests/unit/util.c). */
struct buf;
struct sheet;
/* Append the whole file zPath to b; 0 or -1. */
int test_read_file(const char *zPath, struct buf *b);
/* Write the n bytes at p to zPath; 0 or -1. */
int test_write_file(const char *zPath, const void *p, size_t n);
/* The text of the cell at zRef ("B3") of sh, "" when empty. */
const char *test_cell_text(const struct sheet *sh, const char *zRef);

/* A scratch directory for this run (created once, removed at exit). */
const char *test_tmpdir(void);

/* Open a fresh, empty database for a module: a new file zName in the
** scratch folder, or, when FAZHI_TEST_PG_URL names a PostgreSQL
** database, that database with every table of an earlier module dropped
** (the whole schema, so a new register's tables need no list here).
** Returns 0, or -1 when it cannot be opened. */
int test_db_fresh(const char *zName);
/* A fresh database (test_db_fresh(zDb)) migrated, with test keys, the
** command-line actor in *a, the bureau 梨树县教育局 (*pRoot) and under it
** one org zName of kind zKind (*pOrg).  Returns 0, or -1. */
struct actor;
int test_county(const char *zDb, struct actor *a, i64 *pRoot, const char *zName,
                const char *zKind, i64 *pOrg);

/* Create a row of register zName from key, value pairs (a 0-terminated
** list; a key the register lacks is a failed check): the id, or 0 with e
** filled (e->ar must be set). */
struct reg_err;
i64 test_reg_add(const char *zName, const struct actor *a, const char *const *azKV,
                 struct reg_err *e);
/* Take step zVerb of register zName on id with key, value pairs: 0, or -1
** with e filled. */
int test_reg_step(const char *zName, const struct actor *a, i64 id, const char *zVerb,
                  const char *const *azKV, struct reg_err *e);
/* An org zName of kind zKind under parent (0: a root), created through
** org_create (a failed check when refused): its id. */
i64 test_org_add(const struct actor *a, const char *zName, const char *zKind, i64 parent);
/* Figure zKey over the whole tree for year (0: zAsOf's year) as of zAsOf
** into res; a failed check when the figure is unknown. */
struct arena;
struct fig_result;
void test_fig(const char *zKey, int year, const char *zAsOf, struct arena *ar,
              struct fig_result *res);

#endif
