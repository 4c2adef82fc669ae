/*
** embed.c -- look up files compiled into the binary.
*/
#include "../common.h"
#include "embed.h"

const struct embed_file *embed_find(const char *zName){
  const struct embed_file *p;
  for(p=embed_table; p->zName; p++){
    if( strcmp(p->zName, zName)==0 ) return p;
  }
  return 0;
}
