/*
** qr.h -- QR codes as SVG (libqrencode), e.g. for enrolling a TOTP app.
*/
#ifndef FAZHI_QR_H
#define FAZHI_QR_H

#include "../common.h"

struct buf;

/* Append an SVG image of the QR code of zText (byte mode, error correction
** level M, quiet zone of 4 modules) to out: a viewBox in modules, a white
** background and one <path> of the dark modules, no script and no style,
** so it is safe inline under a strict CSP.  Size it with CSS.  Returns 0,
** or -1 when zText is too long for a QR code (out unchanged). */
int qr_svg(const char *zText, struct buf *out);

#endif
