/*
** qr.c -- QR code to SVG.
*/
#include "../common.h"
#include "qr.h"
#include "../base/buf.h"
#include "../base/util.h"

#include <qrencode.h>

#define QR_QUIET 4

int qr_svg(const char *zText, struct buf *out){
  QRcode *pQr = QRcode_encodeString8bit(zText, 0, QR_ECLEVEL_M);
  size_t nStart = out->len;
  int w, x, y, nSide;
  if( pQr==0 ){
    if( errno==ENOMEM ) fatal("out of memory (QR code)");
    return -1;
  }
  w = pQr->width;
  nSide = w + 2*QR_QUIET;
  buf_appendf(out, "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\""
              " shape-rendering=\"crispEdges\">"
              "<path fill=\"#fff\" d=\"M0 0h%dv%dH0z\"/><path fill=\"#000\" d=\"",
              nSide, nSide, nSide, nSide);
  /* One sub-path per horizontal run of dark modules (bit 0 = dark). */
  for(y=0; y<w; y++){
    const unsigned char *pRow = pQr->data + (size_t)y*(size_t)w;
    for(x=0; x<w; ){
      int x0;
      if( !(pRow[x] & 1) ){ x++; continue; }
      x0 = x;
      while( x<w && (pRow[x] & 1) ) x++;
      buf_appendf(out, "M%d %dh%dv1h-%dz", x0+QR_QUIET, y+QR_QUIET, x-x0, x-x0);
    }
  }
  buf_puts(out, "\"/></svg>");
  QRcode_free(pQr);
  if( out->bOver ){
    buf_truncate(out, nStart);
    return -1;
  }
  return 0;
}
