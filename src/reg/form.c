/*
** form.c -- the error summary of a hand-written form, drawn as the
** register kernel draws its own (web/html.h's summary, each problem linked
** to its field).  Kept in the kernel because it reads struct reg_err.
*/
#include "../common.h"
#include "../base/util.h"
#include "../web/html.h"
#include "../web/req.h"
#include "reg.h"

void app_err_summary(struct req *r, const struct reg_err *e, const char *const *azLabel){
  int i, k;
  if( e->n==0 ) return;
  html_err_summary_begin(r, e->n);
  for(i=0; i<e->n; i++){
    const char *zLabel = 0;
    for(k=0; e->a[i].zField && azLabel[k]; k+=2){
      if( str_eq(azLabel[k], e->a[i].zField) ){ zLabel = azLabel[k+1]; break; }
    }
    html_err_item(r, e->a[i].zField, zLabel, e->a[i].zMsg);
  }
  html_err_summary_end(r);
}
