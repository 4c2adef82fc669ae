/*
** cli.c -- command-line option helpers.
*/
#include "../common.h"
#include "../base/buf.h"
#include "../base/util.h"
#include "app.h"
#include "cli.h"

/* Remove argv[i] .. argv[i+n-1]. */
static void cli_remove(int *pArgc, char **argv, int i, int n){
  int j;
  for(j=i; j+n <= *pArgc; j++) argv[j] = argv[j+n];
  *pArgc -= n;
}

const char *cli_option(int *pArgc, char **argv, const char *zName){
  int i;
  size_t n = strlen(zName);
  for(i=1; i<*pArgc; i++){
    const char *z = argv[i];
    if( strcmp(z, "--")==0 ) break;
    if( strncmp(z, zName, n)==0 && z[n]=='=' ){
      cli_remove(pArgc, argv, i, 1);
      return z+n+1;
    }
    if( strcmp(z, zName)==0 ){
      const char *zVal;
      if( i+1 >= *pArgc ){
        fprintf(stderr, "fazhi: 选项 %s 需要一个值\n", zName);
        exit(2);
      }
      zVal = argv[i+1];
      cli_remove(pArgc, argv, i, 2);
      return zVal;
    }
  }
  return 0;
}

bool cli_flag(int *pArgc, char **argv, const char *zName){
  int i;
  for(i=1; i<*pArgc; i++){
    if( strcmp(argv[i], "--")==0 ) break;
    if( strcmp(argv[i], zName)==0 ){
      cli_remove(pArgc, argv, i, 1);
      return true;
    }
  }
  return false;
}

int cli_usage(const char *zUsage){
  fprintf(stderr, "%s", zUsage);
  return 2;
}

int cli_finish(int argc, char **argv, int nMin, int nMax, const char *zUsage){
  int i, nPos = 0;
  for(i=1; i<argc; i++){
    if( argv[i][0]=='-' && argv[i][1] ){
      fprintf(stderr, "fazhi: 未知选项 %s\n", argv[i]);
      return cli_usage(zUsage);
    }
    nPos++;
  }
  if( nPos<nMin || nPos>nMax ){
    fprintf(stderr, "fazhi: 参数个数不对\n");
    return cli_usage(zUsage);
  }
  return 0;
}

char *cli_read_line_dup(void){
  struct buf b = BUF_INIT;
  int c;
  while( (c = getchar())!=EOF && c!='\n' ){
    if( b.len > 4096 ) break;
    buf_putc(&b, c);
  }
  if( c==EOF && b.len==0 ){
    buf_release(&b);
    return 0;
  }
  if( b.len && b.buf[b.len-1]=='\r' ) buf_truncate(&b, b.len-1);
  return buf_detach(&b, 0);
}

int cli_read_file(const char *zPath, size_t nMax, struct buf *pOut){
  FILE *f = fopen(zPath, "rb");
  char chunk[65536];
  size_t n;
  if( f==0 ){
    fprintf(stderr, "fazhi: 无法打开 %s：%s\n", zPath, strerror(errno));
    return 1;
  }
  while( (n = fread(chunk, 1, sizeof(chunk), f))>0 ){
    if( pOut->len + n > nMax ){
      fprintf(stderr, "fazhi: %s 超过 %zu MB\n", zPath, nMax>>20);
      fclose(f);
      return 1;
    }
    buf_append(pOut, chunk, n);
  }
  fclose(f);
  return 0;
}

int cli_write_file(const char *zPath, const struct buf *p){
  FILE *f = zPath ? fopen(zPath, "wb") : stdout;
  bool bOk = f!=0 && fwrite(p->buf, 1, p->len, f)==p->len;
  if( f && zPath ){
    if( fclose(f)!=0 ) bOk = false;
  }else if( f ){
    if( fflush(f)!=0 ) bOk = false;
  }
  if( !bOk ){
    fprintf(stderr, "fazhi: 无法写入 %s\n", zPath ? zPath : "标准输出");
    return 1;
  }
  return 0;
}
