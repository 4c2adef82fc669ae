/*
** fuzz_json.c -- libFuzzer target: any bytes through the strict JSON
** reader.  Accepted input must be valid UTF-8 at most 64 deep with no
** duplicate keys, and re-encode (json_dumps) to something it accepts
** again; refused input must come with a message naming the position.
*/
#include "../../src/common.h"
#include <jansson.h>
#include "../../src/base/buf.h"
#include "../../src/base/json.h"
#include "../../src/base/utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *aData, size_t n);

int LLVMFuzzerTestOneInput(const uint8_t *aData, size_t n){
  struct buf err = BUF_INIT;
  json_t *p = json_parse_strict((const char *)aData, n, &err);
  if( p==0 ){
    if( err.len==0 ) abort();
  }else{
    char *z;
    json_t *p2;
    if( !utf8_valid((const char *)aData, n) ) abort();
    z = json_dumps(p, JSON_COMPACT);
    if( z==0 ) abort();
    buf_reset(&err);
    p2 = json_parse_strict(z, strlen(z), &err);
    if( p2==0 || !json_equal(p, p2) ) abort();
    json_decref(p2);
    free(z);
    json_decref(p);
  }
  buf_release(&err);
  return 0;
}
