/*
** pw.c -- argon2id password hashes with a concurrency limit, and the
** password policy.
*/
#include "../common.h"
#include "pw.h"
#include "rand.h"
#include "../base/buf.h"
#include "../base/util.h"

#include <pthread.h>
#include <semaphore.h>
#include <sodium.h>

#define PW_OPS 3
#define PW_MEM (64u << 20)
#define PW_CONCURRENT 2

const struct pw_policy pw_policy_default = PW_POLICY_INIT;

static pthread_once_t pwOnce = PTHREAD_ONCE_INIT;
static sem_t pwSem;                          /* PW_CONCURRENT slots */
static pthread_mutex_t pwMutex = PTHREAD_MUTEX_INITIALIZER;
static u64 pwOps = PW_OPS;                   /* guarded by pwMutex */
static size_t pwMem = PW_MEM;
static char zDummy[PW_HASH_MAX];             /* hash at the cost below */
static u64 dummyOps;
static size_t dummyMem;

#ifdef FAZHI_TEST_HOOKS
/* Test builds only (the release build never reads it): with
** FAZHI_TEST_HASH_LOG=FILE every argon2id computation appends one line to
** FILE, "hash" or "verify", so a test counts the hashes a request costs
** instead of timing it (docs/STYLE.md §11). */
static void pw_count(const char *zWhat){
  const char *zPath = getenv("FAZHI_TEST_HASH_LOG");
  FILE *f;
  if( zPath==0 || (f = fopen(zPath, "a"))==0 ) return;
  fprintf(f, "%s\n", zWhat);
  fclose(f);
}
#else
#define pw_count(zWhat) ((void)0)
#endif

/* Initialise libsodium and the semaphore once. */
static void pw_setup(void){
  if( sodium_init()<0 ) fatal("libsodium failed to initialise");
  if( sem_init(&pwSem, 0, PW_CONCURRENT)!=0 ) fatal("sem_init failed");
}

/* Take one of the hashing slots, waiting if both are in use. */
static void pw_enter(void){
  pthread_once(&pwOnce, pw_setup);
  while( sem_wait(&pwSem)!=0 ){
    if( errno!=EINTR ) fatal("sem_wait failed");
  }
}

/* Give the slot back. */
static void pw_leave(void){
  sem_post(&pwSem);
}

/* Read the current cost. */
static void pw_cost(u64 *pOps, size_t *pMem){
  pthread_mutex_lock(&pwMutex);
  *pOps = pwOps;
  *pMem = pwMem;
  pthread_mutex_unlock(&pwMutex);
}

void pw_set_cost_for_tests(u64 nOps, size_t nMem){
  pthread_mutex_lock(&pwMutex);
  pwOps = nOps;
  pwMem = nMem;
  pthread_mutex_unlock(&pwMutex);
}

int pw_hash(const char *zPw, char out[PW_HASH_MAX]){
  u64 nOps;
  size_t nMem;
  int rc;
  pw_cost(&nOps, &nMem);
  pw_enter();
  rc = crypto_pwhash_str(out, zPw, strlen(zPw), nOps, nMem);
  pw_leave();
  pw_count("hash");
  return rc==0 ? 0 : -1;
}

bool pw_verify(const char *zHash, const char *zPw){
  int rc;
  if( zHash==0 || strnlen(zHash, PW_HASH_MAX)==PW_HASH_MAX ) return false;
  pw_enter();
  rc = crypto_pwhash_str_verify(zHash, zPw, strlen(zPw));
  pw_leave();
  pw_count("verify");
  return rc==0;
}

bool pw_verify_dummy(const char *zPw){
  char zHash[PW_HASH_MAX];
  u64 nOps;
  size_t nMem;
  pw_cost(&nOps, &nMem);
  pthread_mutex_lock(&pwMutex);
  if( zDummy[0]==0 || dummyOps!=nOps || dummyMem!=nMem ){
    char zPwRand[65];
    rand_token_hex(zPwRand);   /* a password nobody knows */
    pw_enter();
    if( crypto_pwhash_str(zDummy, zPwRand, 64, nOps, nMem)!=0 ){
      zDummy[0] = 0;
    }
    pw_leave();
    pw_count("hash");
    dummyOps = nOps;
    dummyMem = nMem;
  }
  memcpy(zHash, zDummy, sizeof(zHash));
  pthread_mutex_unlock(&pwMutex);
  if( zHash[0] ) (void)pw_verify(zHash, zPw);
  return false;
}

bool pw_needs_rehash(const char *zHash){
  u64 nOps;
  size_t nMem;
  if( zHash==0 || strnlen(zHash, PW_HASH_MAX)==PW_HASH_MAX ) return true;
  pthread_once(&pwOnce, pw_setup);
  pw_cost(&nOps, &nMem);
  return crypto_pwhash_str_needs_rehash(zHash, nOps, nMem)!=0;
}

/* Append a message to pErr, after a "；" when it is not the first. */
static void pw_err(struct buf *pErr, int *pnErr, const char *zFmt, ...){
  va_list ap;
  if( pErr ){
    if( (*pnErr)>0 ) buf_puts(pErr, "；");
    va_start(ap, zFmt);
    buf_vappendf(pErr, zFmt, ap);
    va_end(ap);
  }
  (*pnErr)++;
}

int pw_check_policy(const char *zPw, const char *zUser,
                    const struct pw_policy *p, struct buf *pErr){
  int nChar = 0, nErr = 0, nClass = 0, bUpper = 0, bLower = 0, bDigit = 0;
  int bOther = 0;
  const unsigned char *z;
  if( p==0 ) p = &pw_policy_default;
  if( zPw==0 ) zPw = "";
  for(z=(const unsigned char *)zPw; *z; z++){
    unsigned char c = *z;
    if( (c & 0xc0)!=0x80 ) nChar++;      /* count UTF-8 code points */
    if( c>='A' && c<='Z' ) bUpper = 1;
    else if( c>='a' && c<='z' ) bLower = 1;
    else if( c>='0' && c<='9' ) bDigit = 1;
    else bOther = 1;                      /* symbols, spaces, 汉字 */
  }
  nClass = bUpper + bLower + bDigit + bOther;
  if( nChar<p->nMin ) pw_err(pErr, &nErr, "密码至少%d位", p->nMin);
  if( p->nMax>0 && nChar>p->nMax ){
    pw_err(pErr, &nErr, "密码不能超过%d位", p->nMax);
  }
  if( nClass<p->nClass ){
    if( p->nClass>=4 ){
      pw_err(pErr, &nErr, "密码须同时包含大写字母、小写字母、数字和符号");
    }else{
      static const char *azNum[] = {"一", "一", "两", "三"};
      pw_err(pErr, &nErr, "密码须包含大写字母、小写字母、数字、符号中的至少%s类",
             azNum[p->nClass<0 ? 0 : p->nClass]);
    }
  }
  if( p->bNoUser && zUser && zUser[0] && strcasestr(zPw, zUser) ){
    pw_err(pErr, &nErr, "密码不能包含用户名");
  }
  return nErr ? -1 : 0;
}
