/*
** sm3.c -- SM3 (GB/T 32905-2016, the compression function unrolled) and
** HMAC-SM3, and hex helpers.
*/
#include "../common.h"
#include "sm3.h"
#include "../base/util.h"

#include <openssl/crypto.h>

#define SM3_BLOCK 64

static const u32 aIV[8] = {
  0x7380166fu, 0x4914b2b9u, 0x172442d7u, 0xda8a0600u,
  0xa96f30bcu, 0x163138aau, 0xe38dee4du, 0xb0fb0e4eu
};

#define ROL(x, n) (((x)<<((n)&31)) | ((x)>>((32-((n)&31))&31)))
#define P0(x) ((x) ^ ROL((x), 9) ^ ROL((x), 17))
#define P1(x) ((x) ^ ROL((x), 15) ^ ROL((x), 23))
#define FF0(x, y, z) ((x) ^ (y) ^ (z))
#define FF1(x, y, z) (((x) & (y)) | (((x) | (y)) & (z)))
#define GG0(x, y, z) ((x) ^ (y) ^ (z))
#define GG1(x, y, z) ((z) ^ ((x) & ((y) ^ (z))))

/* T_j rotated left by j (mod 32): the round constants as the rounds use them. */
static const u32 aK[64] = {
  0x79cc4519u, 0xf3988a32u, 0xe7311465u, 0xce6228cbu, 0x9cc45197u, 0x3988a32fu,
  0x7311465eu, 0xe6228cbcu, 0xcc451979u, 0x988a32f3u, 0x311465e7u, 0x6228cbceu,
  0xc451979cu, 0x88a32f39u, 0x11465e73u, 0x228cbce6u, 0x9d8a7a87u, 0x3b14f50fu,
  0x7629ea1eu, 0xec53d43cu, 0xd8a7a879u, 0xb14f50f3u, 0x629ea1e7u, 0xc53d43ceu,
  0x8a7a879du, 0x14f50f3bu, 0x29ea1e76u, 0x53d43cecu, 0xa7a879d8u, 0x4f50f3b1u,
  0x9ea1e762u, 0x3d43cec5u, 0x7a879d8au, 0xf50f3b14u, 0xea1e7629u, 0xd43cec53u,
  0xa879d8a7u, 0x50f3b14fu, 0xa1e7629eu, 0x43cec53du, 0x879d8a7au, 0x0f3b14f5u,
  0x1e7629eau, 0x3cec53d4u, 0x79d8a7a8u, 0xf3b14f50u, 0xe7629ea1u, 0xcec53d43u,
  0x9d8a7a87u, 0x3b14f50fu, 0x7629ea1eu, 0xec53d43cu, 0xd8a7a879u, 0xb14f50f3u,
  0x629ea1e7u, 0xc53d43ceu, 0x8a7a879du, 0x14f50f3bu, 0x29ea1e76u, 0x53d43cecu,
  0xa7a879d8u, 0x4f50f3b1u, 0x9ea1e762u, 0x3d43cec5u
};

/* One round j with the working variables named so that no copy is needed:
** the next round is called with them shifted (A..H -> D,A,B,C,H,E,F,G). */
#define RND(FF, GG, A, B, C, D, E, F, G, H, j) do{ \
    u32 a12 = ROL(A, 12); \
    u32 ss1 = ROL(a12 + E + aK[j], 7); \
    u32 ss2 = ss1 ^ a12; \
    u32 tt1 = FF(A, B, C) + D + ss2 + (W[j] ^ W[(j)+4]); \
    u32 tt2 = GG(E, F, G) + H + ss1 + W[j]; \
    B = ROL(B, 9); \
    D = tt1; \
    F = ROL(F, 19); \
    H = P0(tt2); \
  }while(0)
#define RND8(FF, GG, j) do{ \
    RND(FF, GG, a, b, c, d, e, f, g, h, (j)); \
    RND(FF, GG, d, a, b, c, h, e, f, g, (j)+1); \
    RND(FF, GG, c, d, a, b, g, h, e, f, (j)+2); \
    RND(FF, GG, b, c, d, a, f, g, h, e, (j)+3); \
    RND(FF, GG, a, b, c, d, e, f, g, h, (j)+4); \
    RND(FF, GG, d, a, b, c, h, e, f, g, (j)+5); \
    RND(FF, GG, c, d, a, b, g, h, e, f, (j)+6); \
    RND(FF, GG, b, c, d, a, f, g, h, e, (j)+7); \
  }while(0)

/* Compress nBlock 64-byte blocks of p into the chaining value v. */
static void sm3_blocks(u32 v[8], const u8 *p, size_t nBlock){
  u32 W[68];
  while( nBlock-- ){
    u32 a = v[0], b = v[1], c = v[2], d = v[3], e = v[4], f = v[5], g = v[6], h = v[7];
    int j;
    for(j=0; j<16; j++){
      W[j] = (u32)p[4*j]<<24 | (u32)p[4*j+1]<<16 | (u32)p[4*j+2]<<8 | (u32)p[4*j+3];
    }
    for(j=16; j<68; j++){
      u32 x = W[j-16] ^ W[j-9] ^ ROL(W[j-3], 15);
      W[j] = P1(x) ^ ROL(W[j-13], 7) ^ W[j-6];
    }
    RND8(FF0, GG0, 0);
    RND8(FF0, GG0, 8);
    RND8(FF1, GG1, 16);
    RND8(FF1, GG1, 24);
    RND8(FF1, GG1, 32);
    RND8(FF1, GG1, 40);
    RND8(FF1, GG1, 48);
    RND8(FF1, GG1, 56);
    v[0] ^= a; v[1] ^= b; v[2] ^= c; v[3] ^= d;
    v[4] ^= e; v[5] ^= f; v[6] ^= g; v[7] ^= h;
    p += SM3_BLOCK;
  }
}

void sm3_init(struct sm3_ctx *c){
  sm3_reset(c);
}

void sm3_update(struct sm3_ctx *c, const void *pIn, size_t n){
  const u8 *p = pIn;
  c->nByte += n;
  if( c->nBuf ){
    size_t k = SM3_BLOCK - c->nBuf;
    if( n<k ){
      memcpy(c->aBuf + c->nBuf, p, n);
      c->nBuf += (unsigned)n;
      return;
    }
    memcpy(c->aBuf + c->nBuf, p, k);
    sm3_blocks(c->aV, c->aBuf, 1);
    p += k;
    n -= k;
    c->nBuf = 0;
  }
  if( n>=SM3_BLOCK ){
    sm3_blocks(c->aV, p, n/SM3_BLOCK);
    p += n - n%SM3_BLOCK;
    n %= SM3_BLOCK;
  }
  if( n ){
    memcpy(c->aBuf, p, n);
    c->nBuf = (unsigned)n;
  }
}

void sm3_final(struct sm3_ctx *c, u8 out[SM3_LEN]){
  u64 nBit = c->nByte * 8;
  int i;
  c->aBuf[c->nBuf++] = 0x80;
  if( c->nBuf>SM3_BLOCK-8 ){
    memset(c->aBuf + c->nBuf, 0, SM3_BLOCK - c->nBuf);
    sm3_blocks(c->aV, c->aBuf, 1);
    c->nBuf = 0;
  }
  memset(c->aBuf + c->nBuf, 0, SM3_BLOCK - 8 - c->nBuf);
  for(i=0; i<8; i++) c->aBuf[SM3_BLOCK-1-i] = (u8)(nBit >> (8*i));
  sm3_blocks(c->aV, c->aBuf, 1);
  for(i=0; i<8; i++){
    out[4*i] = (u8)(c->aV[i]>>24);
    out[4*i+1] = (u8)(c->aV[i]>>16);
    out[4*i+2] = (u8)(c->aV[i]>>8);
    out[4*i+3] = (u8)c->aV[i];
  }
  sm3_reset(c);
}

void sm3_reset(struct sm3_ctx *c){
  memcpy(c->aV, aIV, sizeof(aIV));
  c->nByte = 0;
  c->nBuf = 0;
}

void sm3_free(struct sm3_ctx *c){
  OPENSSL_cleanse(c, sizeof(*c));
}

void sm3(const void *p, size_t n, u8 out[SM3_LEN]){
  struct sm3_ctx c;
  sm3_init(&c);
  sm3_update(&c, p, n);
  sm3_final(&c, out);
}

void hmac_sm3(const void *key, size_t nKey, const void *p, size_t n,
              u8 out[SM3_LEN]){
  /* RFC 2104 over SM3. */
  u8 aPad[SM3_BLOCK], aKey[SM3_BLOCK], aInner[SM3_LEN];
  struct sm3_ctx c;
  int i;
  memset(aKey, 0, sizeof(aKey));
  if( nKey>SM3_BLOCK ) sm3(key, nKey, aKey);
  else if( nKey ) memcpy(aKey, key, nKey);
  sm3_init(&c);
  for(i=0; i<SM3_BLOCK; i++) aPad[i] = aKey[i] ^ 0x36;
  sm3_update(&c, aPad, SM3_BLOCK);
  sm3_update(&c, p, n);
  sm3_final(&c, aInner);
  for(i=0; i<SM3_BLOCK; i++) aPad[i] = aKey[i] ^ 0x5c;
  sm3_update(&c, aPad, SM3_BLOCK);
  sm3_update(&c, aInner, SM3_LEN);
  sm3_final(&c, out);
  sm3_free(&c);
  OPENSSL_cleanse(aKey, sizeof(aKey));
  OPENSSL_cleanse(aPad, sizeof(aPad));
  OPENSSL_cleanse(aInner, sizeof(aInner));
}

void hex_encode(const u8 *p, size_t n, char *out){
  static const char hex[] = "0123456789abcdef";
  size_t i;
  for(i=0; i<n; i++){
    out[2*i] = hex[p[i]>>4];
    out[2*i+1] = hex[p[i]&15];
  }
  out[2*n] = 0;
}

/* The value of hex digit c, or -1. */
static int hex_digit(char c){
  if( c>='0' && c<='9' ) return c-'0';
  if( c>='a' && c<='f' ) return c-'a'+10;
  if( c>='A' && c<='F' ) return c-'A'+10;
  return -1;
}

int hex_decode(const char *z, u8 *out, size_t nOut){
  size_t n = strlen(z), i;
  if( n%2 || n/2>nOut || n/2>INT_MAX ) return -1;
  for(i=0; i<n; i+=2){
    int hi = hex_digit(z[i]), lo = hex_digit(z[i+1]);
    if( hi<0 || lo<0 ) return -1;
    out[i/2] = (u8)(hi<<4 | lo);
  }
  return (int)(n/2);
}
