/*
** log.c -- leveled, escaped, one-write-per-line logging to stderr.
*/
#include "../common.h"
#include <pthread.h>
#include "buf.h"
#include "fmt.h"
#include "log.h"
#include "utf8.h"
#include "util.h"

static int log_eLevel = LOG_INFO;            /* current level */
static pthread_once_t log_once = PTHREAD_ONCE_INIT;
static const char *const log_azName[] = { "error", "warn", "info", "debug" };
static const char *const log_azTag[] = { "ERROR", "WARN", "INFO", "DEBUG" };

int log_level_from_name(const char *z){
  size_t i;
  for(i=0; z && i<COUNT(log_azName); i++){
    if( strcmp(z, log_azName[i])==0 ) return (int)i;
  }
  return -1;
}

/* Read FAZHI_LOG once (run through pthread_once). */
static void log_init_level(void){
  const char *z = getenv("FAZHI_LOG");
  int e = log_level_from_name(z);
  if( e>=0 ) __atomic_store_n(&log_eLevel, e, __ATOMIC_RELAXED);
}

int log_level(void){
  pthread_once(&log_once, log_init_level);
  return __atomic_load_n(&log_eLevel, __ATOMIC_RELAXED);
}

void log_set_level(int eLevel){
  pthread_once(&log_once, log_init_level);
  if( eLevel<LOG_ERROR || eLevel>LOG_DEBUG ) fatal("log: bad level %d", eLevel);
  __atomic_store_n(&log_eLevel, eLevel, __ATOMIC_RELAXED);
}

/* Append the n bytes of z to b with control characters, DEL, backslash
** and invalid UTF-8 written as \xNN. */
static void log_escape(struct buf *b, const char *z, size_t n){
  static const char hex[] = "0123456789abcdef";
  size_t i = 0;
  while( i<n ){
    unsigned char c = (unsigned char)z[i];
    size_t k = utf8_seq_len(z+i, n-i);
    if( k>1 || (k==1 && c>=0x20 && c!=0x7f && c!='\\') ){
      buf_append(b, z+i, k);
      i += k;
    }else{
      char e[4] = {'\\', 'x', hex[c>>4], hex[c&15]};
      buf_append(b, e, 4);
      i++;
    }
  }
}

void log_format(struct buf *b, int eLevel, i64 tSec, int nMilli,
                const char *zFmt, va_list ap){
  struct buf msg = BUF_INIT;
  struct tm tm;
  time_t t = (time_t)tSec;
  char zTime[40];
  size_t n;
  if( eLevel<LOG_ERROR || eLevel>LOG_DEBUG ) eLevel = LOG_ERROR;
  gmtime_r(&t, &tm);
  n = strftime(zTime, sizeof(zTime), "%Y-%m-%dT%H:%M:%S", &tm);
  buf_append(b, zTime, n);
  buf_appendf(b, ".%03dZ %s ", nMilli, log_azTag[eLevel]);
  fmt_vappend(&msg, zFmt, ap);
  n = msg.len;
  if( n>LOG_MAX_MESSAGE ){
    /* cut on a character boundary */
    n = LOG_MAX_MESSAGE;
    while( n>0 && ((unsigned char)msg.buf[n] & 0xC0)==0x80 ) n--;
  }
  log_escape(b, msg.buf, n);
  if( n<msg.len ) buf_puts(b, "…");
  buf_putc(b, '\n');
  buf_release(&msg);
}

/* Log at eLevel when the level lets it through. */
static void log_v(int eLevel, const char *zFmt, va_list ap){
  struct buf b = BUF_INIT;
  struct timespec ts;
  i64 tSec;
  int nMilli = 0;
  if( eLevel>log_level() ) return;
#ifdef FAZHI_TEST_HOOKS
  if( getenv("FAZHI_NOW") ){
    tSec = time_now();
  }else
#endif
  {
    clock_gettime(CLOCK_REALTIME, &ts);
    tSec = (i64)ts.tv_sec;
    nMilli = (int)(ts.tv_nsec / 1000000);
  }
  log_format(&b, eLevel, tSec, nMilli, zFmt, ap);
  fputs(b.buf, stderr);
  buf_release(&b);
}

void log_error(const char *zFmt, ...){
  va_list ap;
  va_start(ap, zFmt);
  log_v(LOG_ERROR, zFmt, ap);
  va_end(ap);
}

void log_warn(const char *zFmt, ...){
  va_list ap;
  va_start(ap, zFmt);
  log_v(LOG_WARN, zFmt, ap);
  va_end(ap);
}

void log_info(const char *zFmt, ...){
  va_list ap;
  va_start(ap, zFmt);
  log_v(LOG_INFO, zFmt, ap);
  va_end(ap);
}

void log_debug(const char *zFmt, ...){
  va_list ap;
  va_start(ap, zFmt);
  log_v(LOG_DEBUG, zFmt, ap);
  va_end(ap);
}
