/*
** fuzz_web.c -- libFuzzer target: any bytes as a form body and as a
** multipart body (the first byte picks the boundary's length).  Parsing
** must either succeed with parameters and files that lie inside the body,
** or fail with a message; never crash or read outside the body.
*/
#include "../../src/common.h"
#include "../../src/base/arena.h"
#include "../../src/base/buf.h"
#include "../../src/web/req.h"

int LLVMFuzzerTestOneInput(const uint8_t *aData, size_t n);

int LLVMFuzzerTestOneInput(const uint8_t *aData, size_t n){
  struct req r;
  struct buf err = BUF_INIT;
  char zType[128];
  char *pBody;
  int i, nB;
  memset(&r, 0, sizeof(r));
  r.arena = arena_new();
  /* an exact-size copy with no NUL after it, like an upload mapped from
  ** its file: any read past the end is caught */
  pBody = malloc(n ? n : 1);
  if( pBody==0 ) return 0;
  if( n ) memcpy(pBody, aData, n);
  r.pBody = pBody;
  r.nBody = n;
  if( req_parse_form(&r, r.pBody, r.nBody)==0 ){
    for(i=0; i<r.nParam; i++){
      if( r.aParam[i].zName==0 || r.aParam[i].zValue==0 ) abort();
    }
  }
  r.nParam = 0;
  nB = n ? 1 + aData[0] % 16 : 1;
  snprintf(zType, sizeof(zType), "multipart/form-data; boundary=%.*s", nB, "XyZ0123456789abcdef");
  if( req_parse_multipart(&r, zType, &err)==0 ){
    for(i=0; i<r.nFile; i++){
      const struct req_file *f = &r.aFile[i];
      if( f->pData < r.pBody || f->pData + f->nData > r.pBody + r.nBody ) abort();
    }
  }else if( err.len==0 ){
    abort();                       /* a failure always says why */
  }
  buf_release(&err);
  free(pBody);
  arena_free(r.arena);
  return 0;
}
