/*
** main.c -- runs every unit test module; last line "N passed, N failed".
**
** Usage: unit-tests [MODULE...]   (no argument runs all)
*/
#include "test.h"
#include <unistd.h>
#include "../../src/routes.h"

int test_nPass, test_nFail;
const char *test_zName;

void test_fail(const char *zFile, int line, const char *zWhat){
  test_nFail++;
  fprintf(stderr, "FAIL %s: %s:%d: %s\n", test_zName, zFile, line, zWhat);
}

static char zTmp[64];

const char *test_tmpdir(void){
  if( zTmp[0]==0 ){
    snprintf(zTmp, sizeof(zTmp), "/tmp/fazhi-unit-XXXXXX");
    if( mkdtemp(zTmp)==0 ){
      perror("mkdtemp");
      exit(1);
    }
  }
  return zTmp;
}

static const struct {
  const char *zName;
  void (*xTest)(void);
} aTest[] = {
#define T(name) { #name, test_##name },
#include "list.h"
#undef T
};

int main(int argc, char **argv){
  size_t i;
  int nRun = 0;
  app_regs_init();     /* the registers, as every command has them */
  for(i=0; i<COUNT(aTest); i++){
    int j, bWant = argc<2;
    for(j=1; j<argc; j++) if( strcmp(argv[j], aTest[i].zName)==0 ) bWant = 1;
    if( !bWant ) continue;
    test_zName = aTest[i].zName;
    int nFail0 = test_nFail, nPass0 = test_nPass;
    aTest[i].xTest();
    fprintf(stderr, "%-12s %d passed, %d failed\n", aTest[i].zName,
            test_nPass-nPass0, test_nFail-nFail0);
    nRun++;
  }
  if( zTmp[0] ){
    char zCmd[128];
    snprintf(zCmd, sizeof(zCmd), "rm -rf '%s'", zTmp);
    if( system(zCmd)!=0 ) fprintf(stderr, "could not remove %s\n", zTmp);
  }
  printf("%d passed, %d failed\n", test_nPass, test_nFail);
  return (test_nFail || test_nPass==0 || nRun==0) ? 1 : 0;
}
