/*
** t_crypto.c -- tests of src/crypto: SM3, HMAC-SM3, SM4 sealing, the key
** file, random values, passwords, TOTP, base32 and QR codes.
*/
#include "test.h"
#include "../../src/base/buf.h"
#include "../../src/base/util.h"
#include "../../src/crypto/keys.h"
#include "../../src/crypto/pw.h"
#include "../../src/crypto/qr.h"
#include "../../src/crypto/rand.h"
#include "../../src/crypto/sm3.h"
#include "../../src/crypto/sm4.h"
#include "../../src/crypto/totp.h"

#include <sys/stat.h>
#include <unistd.h>
#include <openssl/evp.h>

/* The hex of SM3(z). */
static void sm3_hex(const char *z, char out[65]){
  u8 a[SM3_LEN];
  sm3(z, strlen(z), a);
  hex_encode(a, SM3_LEN, out);
}

void test_sm3(void){
  char zHex[65], z64[65];
  u8 a[SM3_LEN], b[SM3_LEN], aBin[40];
  struct sm3_ctx c;
  int i;
  sm3_hex("abc", zHex);
  CHECK_STR(zHex, "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0");
  for(i=0; i<16; i++) memcpy(z64+4*i, "abcd", 4);
  z64[64] = 0;
  sm3_hex(z64, zHex);
  CHECK_STR(zHex, "debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732");

  /* Incremental, and the context reused after final. */
  sm3_init(&c);
  for(i=0; i<16; i++) sm3_update(&c, "abcd", 4);
  sm3_final(&c, a);
  hex_encode(a, SM3_LEN, zHex);
  CHECK_STR(zHex, "debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732");
  sm3_update(&c, "ab", 2);
  sm3_update(&c, "c", 1);
  sm3_final(&c, a);
  hex_encode(a, SM3_LEN, zHex);
  CHECK_STR(zHex, "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0");
  sm3_update(&c, "junk", 4);
  sm3_reset(&c);
  sm3_update(&c, "abc", 3);
  sm3_final(&c, b);
  CHECK(memcmp(a, b, SM3_LEN)==0);

  /* The same digests as OpenSSL's SM3 for every length 0..600 (each
  ** padding case: the length field in the last block or in one more), fed
  ** whole and in pieces of 1, 7 and 63 bytes. */
  {
    u8 aMsg[600], aRef[SM3_LEN];
    unsigned nRef;
    int n, nBad = 0, k;
    static const int aStep[] = {1, 7, 63};
    for(i=0; i<(int)sizeof(aMsg); i++) aMsg[i] = (u8)(i*131 + 17);
    for(n=0; n<=(int)sizeof(aMsg); n++){
      EVP_Digest(aMsg, (size_t)n, aRef, &nRef, EVP_sm3(), 0);
      sm3(aMsg, (size_t)n, a);
      if( memcmp(a, aRef, SM3_LEN) ) nBad++;
      for(k=0; k<3; k++){
        int off;
        for(off=0; off<n; off+=aStep[k]){
          sm3_update(&c, aMsg+off, (size_t)(n-off < aStep[k] ? n-off : aStep[k]));
        }
        sm3_final(&c, a);
        if( memcmp(a, aRef, SM3_LEN) ) nBad++;
      }
    }
    CHECK_INT(nBad, 0);
  }

  /* An audit chain h_i = SM3(h_{i-1} || record_i) two ways. */
  memset(a, 0, SM3_LEN);
  memset(b, 0, SM3_LEN);
  for(i=0; i<100; i++){
    char zRec[64];
    u8 aBuf[SM3_LEN+64];
    int n = snprintf(zRec, sizeof(zRec), "{\"id\":%d,\"who\":\"法规股\"}", i);
    sm3_update(&c, a, SM3_LEN);
    sm3_update(&c, zRec, (size_t)n);
    sm3_final(&c, a);
    memcpy(aBuf, b, SM3_LEN);
    memcpy(aBuf+SM3_LEN, zRec, (size_t)n);
    sm3(aBuf, SM3_LEN+(size_t)n, b);
  }
  CHECK(memcmp(a, b, SM3_LEN)==0);
  sm3_free(&c);
  sm3_free(&c);

  /* HMAC-SM3, checked against `openssl dgst -sm3 -hmac`. */
  hmac_sm3("Jefe", 4, "what do ya want for nothing?", 28, a);
  hex_encode(a, SM3_LEN, zHex);
  CHECK_STR(zHex, "2e87f1d16862e6d964b50a5200bf2b10b764faa9680a296a2405f24bec39f882");
  memset(aBin, 0xaa, 32);
  hmac_sm3(aBin, 32, "fazhi", 5, a);
  hex_encode(a, SM3_LEN, zHex);
  CHECK_STR(zHex, "3d0335f13579e617c2937f7f27093b77b8d41cd97b233ed237516df7b6d67dc6");
  {
    u8 aLong[100];                    /* longer than a block: hashed first */
    memset(aLong, 0xab, sizeof(aLong));
    hmac_sm3(aLong, sizeof(aLong), "fazhi", 5, a);
    hex_encode(a, SM3_LEN, zHex);
    CHECK_STR(zHex, "fd0cfeb4245cb60dcf89bce12fd3086eac7c8502d8784e2f14f239a15b320bfc");
  }
  hmac_sm3("", 0, "abc", 3, a);       /* empty key = one zero byte */
  hex_encode(a, SM3_LEN, zHex);
  CHECK_STR(zHex, "36525058ca466791502435c910517f1a7e86613d5f35ac1f18a94def0eaac81f");

  /* Hex helpers. */
  CHECK_INT(hex_decode("00fFa5", aBin, sizeof(aBin)), 3);
  CHECK(aBin[0]==0 && aBin[1]==0xff && aBin[2]==0xa5);
  CHECK_INT(hex_decode("", aBin, sizeof(aBin)), 0);
  CHECK_INT(hex_decode("abc", aBin, sizeof(aBin)), -1);
  CHECK_INT(hex_decode("zz", aBin, sizeof(aBin)), -1);
  CHECK_INT(hex_decode("0011", aBin, 1), -1);
  hex_encode(aBin, 0, zHex);
  CHECK_STR(zHex, "");
}

/* Write zText to zPath with the given mode. */
static void write_file(const char *zPath, const char *zText, mode_t mode){
  FILE *f = fopen(zPath, "w");
  if( f==0 ){ perror(zPath); exit(1); }
  fputs(zText, f);
  fclose(f);
  chmod(zPath, mode);
}

void test_sm4(void){
  static const char zId[] = "22032219800101123X";
  u8 key[16], block[16], out[16];
  char zHex[65], zIdx1[65], zIdx2[65], zIdx3[65], zPath[256], zBad[256];
  struct fz_keys k, k2;
  struct buf err = BUF_INIT, sealed = BUF_INIT, plain = BUF_INIT;
  struct buf sealed2 = BUF_INIT, capped;
  struct stat st;

  /* GB/T 32907 SM4 test vector. */
  CHECK_INT(hex_decode("0123456789abcdeffedcba9876543210", key, 16), 16);
  memcpy(block, key, 16);
  sm4_block_encrypt(key, block, out);
  hex_encode(out, 16, zHex);
  CHECK_STR(zHex, "681edf34d206965e86b3e94f536e4246");

  /* Key file: created 0600, loaded, refused when readable by others. */
  snprintf(zPath, sizeof(zPath), "%s/keys", test_tmpdir());
  CHECK(keys_create(zPath, &err)==0);
  CHECK_STR(err.buf, "");
  CHECK(stat(zPath, &st)==0 && (st.st_mode & 0777)==0600);
  CHECK(keys_create(zPath, &err)==-1);          /* never overwrites */
  CHECK(strstr(err.buf, "已存在")!=0);
  buf_reset(&err);
  CHECK(keys_load(zPath, &k, &err)==0);
  CHECK_STR(err.buf, "");
  CHECK(memcmp(k.aEnc, k.aMac, KEY_LEN)!=0);
  chmod(zPath, 0644);
  CHECK(keys_load(zPath, &k2, &err)==-1);
  CHECK(strstr(err.buf, "chmod 600")!=0);
  buf_reset(&err);
  chmod(zPath, 0600);
  CHECK(keys_load(zPath, &k2, &err)==0);
  CHECK(memcmp(&k, &k2, sizeof(k))==0);
  snprintf(zBad, sizeof(zBad), "%s/keys-bad", test_tmpdir());
  write_file(zBad, "enc=00\n", 0600);
  CHECK(keys_load(zBad, &k2, &err)==-1);
  CHECK(strstr(err.buf, "第1行")!=0);
  buf_reset(&err);
  write_file(zBad, "# only one\nenc=" "0000000000000000000000000000000000000000000000000000000000000000\n",
             0600);
  CHECK(keys_load(zBad, &k2, &err)==-1);
  CHECK(strstr(err.buf, "缺少")!=0);
  buf_reset(&err);
  snprintf(zBad, sizeof(zBad), "%s/no-such-file", test_tmpdir());
  CHECK(keys_load(zBad, &k2, &err)==-1);
  CHECK(err.len>0);
  buf_reset(&err);

  /* Seal and open an ID number; a fresh IV each time. */
  CHECK(sm4_seal(&k, zId, strlen(zId), &sealed)==0);
  CHECK_INT(sealed.len, strlen(zId)+SM4_OVERHEAD);
  CHECK(memmem(sealed.buf, sealed.len, "19800101", 8)==0);
  CHECK(sm4_seal(&k, zId, strlen(zId), &sealed2)==0);
  CHECK(memcmp(sealed.buf, sealed2.buf, sealed.len)!=0);
  CHECK(sm4_open(&k, sealed.buf, sealed.len, &plain)==0);
  CHECK_STR(plain.buf, zId);
  buf_reset(&plain);
  CHECK(sm4_open(&k, sealed2.buf, sealed2.len, &plain)==0);
  CHECK_STR(plain.buf, zId);

  /* Any changed byte -- IV, ciphertext or tag -- and open fails. */
  buf_reset(&plain);
  sealed.buf[20] ^= 1;
  CHECK(sm4_open(&k, sealed.buf, sealed.len, &plain)==-1);
  sealed.buf[20] ^= 1;
  sealed.buf[0] ^= 0x80;
  CHECK(sm4_open(&k, sealed.buf, sealed.len, &plain)==-1);
  sealed.buf[0] ^= 0x80;
  sealed.buf[sealed.len-1] ^= 1;
  CHECK(sm4_open(&k, sealed.buf, sealed.len, &plain)==-1);
  sealed.buf[sealed.len-1] ^= 1;
  CHECK(sm4_open(&k, sealed.buf, sealed.len-1, &plain)==-1);
  CHECK(sm4_open(&k, sealed.buf, 10, &plain)==-1);
  CHECK_INT(plain.len, 0);
  k2 = k;
  k2.aMac[0] ^= 1;
  CHECK(sm4_open(&k2, sealed.buf, sealed.len, &plain)==-1);
  CHECK(sm4_open(&k, sealed.buf, sealed.len, &plain)==0);
  CHECK_STR(plain.buf, zId);

  /* Chinese text, and the empty value. */
  buf_reset(&sealed); buf_reset(&plain);
  CHECK(sm4_seal(&k, "梨树县第一中学 张三", strlen("梨树县第一中学 张三"), &sealed)==0);
  CHECK(sm4_open(&k, sealed.buf, sealed.len, &plain)==0);
  CHECK_STR(plain.buf, "梨树县第一中学 张三");
  buf_reset(&sealed); buf_reset(&plain);
  CHECK(sm4_seal(&k, "", 0, &sealed)==0);
  CHECK_INT(sealed.len, SM4_OVERHEAD);
  CHECK(sm4_open(&k, sealed.buf, sealed.len, &plain)==0);
  CHECK_INT(plain.len, 0);

  /* A capped buffer refuses and stays as it was. */
  buf_init_max(&capped, 20);
  CHECK(sm4_seal(&k, zId, strlen(zId), &capped)==-1);
  CHECK_INT(capped.len, 0);
  buf_release(&capped);

  /* Blind index: stable, differs by value and by key. */
  blind_index(&k, zId, zIdx1);
  blind_index(&k, zId, zIdx2);
  CHECK_STR(zIdx1, zIdx2);
  CHECK_INT(strlen(zIdx1), 64);
  k2 = k;
  k2.aIdx[31] ^= 1;
  blind_index(&k2, zId, zIdx3);
  CHECK(strcmp(zIdx1, zIdx3)!=0);
  blind_index(&k, "220322198001011234", zIdx3);
  CHECK(strcmp(zIdx1, zIdx3)!=0);

  keys_wipe(&k);
  keys_wipe(&k2);
  CHECK(k.aEnc[0]==0 && k.aAudit[31]==0);
  buf_release(&err);
  buf_release(&sealed);
  buf_release(&sealed2);
  buf_release(&plain);
}

/* True when every character of z is allowed in a generated password. */
static int pw_chars_ok(const char *z){
  for(; *z; z++) if( strchr("0O1lI\"' \\|`", *z) ) return 0;
  return 1;
}

void test_rand(void){
  char zTok[65], zTok2[65], zPw[129];
  u8 a[64];
  int i, bOk = 1, aSeen[10] = {0};
  rand_token_hex(zTok);
  rand_token_hex(zTok2);
  CHECK_INT(strlen(zTok), 64);
  CHECK(strcmp(zTok, zTok2)!=0);
  memset(a, 0, sizeof(a));
  rand_bytes(a, sizeof(a));
  for(i=0; i<64 && a[i]==0; i++){}
  CHECK(i<64);
  for(i=0; i<200; i++){
    rand_password(zPw, 8);
    if( strlen(zPw)!=8 || !pw_chars_ok(zPw)
     || pw_check_policy(zPw, "admin", 0, 0)!=0 ){
      bOk = 0;
    }
  }
  CHECK(bOk);
  rand_password(zPw, 128);
  CHECK_INT(strlen(zPw), 128);
  CHECK(pw_check_policy(zPw, 0, 0, 0)==0);
  for(i=0; i<1000; i++) aSeen[rand_below(10)]++;
  for(i=0; i<10; i++) CHECK(aSeen[i]>40);
}

void test_pw(void){
  struct buf err = BUF_INIT;
  struct pw_policy p = PW_POLICY_INIT;
  char zHash[PW_HASH_MAX], zHash2[PW_HASH_MAX];

  /* Policy. */
  CHECK(pw_check_policy("Abcdef1!", "zhangsan", 0, &err)==0);
  CHECK(pw_check_policy("abcdef12", "zhangsan", 0, &err)==-1);  /* 2 classes */
  CHECK(strstr(err.buf, "密码须包含大写字母、小写字母、数字、符号中的至少三类")!=0);
  buf_reset(&err);
  CHECK(pw_check_policy("abcdef1!", "zhangsan", 0, &err)==0);   /* 3 classes */
  CHECK(pw_check_policy("Ab1!", 0, 0, &err)==-1);
  CHECK_STR(err.buf, "密码至少8位");
  buf_reset(&err);
  CHECK(pw_check_policy("x1ZhangSan!", "zhangsan", 0, &err)==-1);
  CHECK_STR(err.buf, "密码不能包含用户名");
  buf_reset(&err);
  CHECK(pw_check_policy("abc", "zhangsan", 0, &err)==-1);       /* both */
  CHECK_STR(err.buf, "密码至少8位；密码须包含大写字母、小写字母、数字、符号中的至少三类");
  buf_reset(&err);
  CHECK(pw_check_policy("", 0, 0, &err)==-1);
  buf_reset(&err);
  CHECK(pw_check_policy("法治教育工作1a", 0, 0, 0)==0);      /* 汉字 count as other */
  CHECK(pw_check_policy("法治1a", 0, 0, &err)==-1);         /* 4 characters */
  CHECK_STR(err.buf, "密码至少8位");
  buf_reset(&err);
  {
    char zLong[140];
    memset(zLong, 'a', 129);
    memcpy(zLong, "A1!", 3);
    zLong[129] = 0;
    CHECK(pw_check_policy(zLong, 0, 0, &err)==-1);
    CHECK_STR(err.buf, "密码不能超过128位");
    buf_reset(&err);
    zLong[128] = 0;
    CHECK(pw_check_policy(zLong, 0, 0, 0)==0);
  }
  p.nMin = 12;
  p.nClass = 4;
  CHECK(pw_check_policy("Abcdef1!", 0, &p, &err)==-1);
  CHECK(strstr(err.buf, "密码至少12位")!=0);
  buf_reset(&err);
  CHECK(pw_check_policy("Abcdefghij12", 0, &p, &err)==-1);
  CHECK_STR(err.buf, "密码须同时包含大写字母、小写字母、数字和符号");
  buf_reset(&err);
  p.bNoUser = false;
  CHECK(pw_check_policy("admin-Abcdef1!", "admin", &p, 0)==0);

  /* Hash and verify at a low cost. */
  pw_set_cost_for_tests(1, 64*1024);
  CHECK(pw_hash("Correct horse 1", zHash)==0);
  CHECK(str_starts(zHash, "$argon2id$v=19$m=64,t=1,p=1$"));
  CHECK(pw_verify(zHash, "Correct horse 1"));
  CHECK(!pw_verify(zHash, "Correct horse 2"));
  CHECK(!pw_verify(zHash, ""));
  CHECK(!pw_verify("$argon2id$garbage", "Correct horse 1"));
  CHECK(pw_hash("Correct horse 1", zHash2)==0);
  CHECK(strcmp(zHash, zHash2)!=0);                        /* fresh salt */
  CHECK(!pw_needs_rehash(zHash));
  CHECK(!pw_verify_dummy("Correct horse 1"));
  CHECK(!pw_verify_dummy("anything"));
  pw_set_cost_for_tests(2, 64*1024);
  CHECK(pw_needs_rehash(zHash));
  CHECK(pw_needs_rehash("not a hash"));
  CHECK(pw_verify(zHash, "Correct horse 1"));     /* old cost still verifies */
  CHECK(!pw_verify_dummy("Correct horse 1"));

  buf_release(&err);
}

void test_totp(void){
  static const char zSecret[] = "12345678901234567890";
  static const char *azHotp[] = {
    "755224", "287082", "359152", "969429", "338314",
    "254676", "287922", "162583", "399871", "520489",
  };
  static const struct { i64 t; const char *zCode; } aTotp[] = {
    {59, "94287082"}, {1111111109, "07081804"}, {1111111111, "14050471"},
    {1234567890, "89005924"}, {2000000000, "69279037"},
    {20000000000LL, "65353130"},
  };
  const u8 *pKey = (const u8 *)zSecret;
  size_t nKey = strlen(zSecret);
  char zCode[9];
  struct buf b = BUF_INIT;
  u8 a[64];
  size_t i;
  i64 last = -1;
  time_t now = 1700000000;

  /* RFC 4226 appendix D. */
  for(i=0; i<COUNT(azHotp); i++){
    hotp_code(pKey, nKey, i, 6, zCode);
    CHECK_STR(zCode, azHotp[i]);
  }
  /* RFC 6238 appendix B (SHA1), 8 digits and truncated to 6. */
  for(i=0; i<COUNT(aTotp); i++){
    totp_code_digits(pKey, nKey, (time_t)aTotp[i].t, 8, zCode);
    CHECK_STR(zCode, aTotp[i].zCode);
    totp_code(pKey, nKey, (time_t)aTotp[i].t, zCode);
    CHECK_STR(zCode, aTotp[i].zCode+2);
  }
  CHECK_INT(totp_step(59), 1);
  CHECK_INT(totp_step(60), 2);
  CHECK_INT(totp_step(-1), -1);

  /* Verify: window, replay, earlier steps, junk. */
  totp_code(pKey, nKey, now, zCode);
  CHECK(totp_verify(pKey, nKey, zCode, now, 1, &last)==0);
  CHECK_INT(last, totp_step(now));
  CHECK(totp_verify(pKey, nKey, zCode, now, 1, &last)==-1);      /* replay */
  CHECK(totp_verify(pKey, nKey, zCode, now+10, 1, &last)==-1);   /* same step */
  CHECK_INT(last, totp_step(now));
  totp_code(pKey, nKey, now-30, zCode);                          /* earlier */
  CHECK(totp_verify(pKey, nKey, zCode, now, 1, &last)==-1);
  totp_code(pKey, nKey, now+30, zCode);                          /* drift +1 */
  CHECK(totp_verify(pKey, nKey, zCode, now, 1, &last)==0);
  CHECK_INT(last, totp_step(now)+1);
  last = -1;
  totp_code(pKey, nKey, now-30, zCode);
  CHECK(totp_verify(pKey, nKey, zCode, now, 1, &last)==0);       /* drift -1 */
  last = -1;
  totp_code(pKey, nKey, now-60, zCode);
  CHECK(totp_verify(pKey, nKey, zCode, now, 1, &last)==-1);      /* too old */
  CHECK(totp_verify(pKey, nKey, zCode, now, 2, &last)==0);
  last = -1;
  totp_code(pKey, nKey, now+30, zCode);
  CHECK(totp_verify(pKey, nKey, zCode, now, 0, &last)==-1);
  CHECK(totp_verify(pKey, nKey, "12345", now, 1, &last)==-1);
  CHECK(totp_verify(pKey, nKey, "12345a", now, 1, &last)==-1);
  CHECK(totp_verify(pKey, nKey, "1234567", now, 1, &last)==-1);
  CHECK(totp_verify(pKey, nKey, "", now, 1, &last)==-1);
  CHECK_INT(last, -1);

  /* Base32, RFC 4648 section 10 (we write no padding). */
  {
    static const char *az[][2] = {
      {"", ""}, {"f", "MY"}, {"fo", "MZXQ"}, {"foo", "MZXW6"},
      {"foob", "MZXW6YQ"}, {"fooba", "MZXW6YTB"}, {"foobar", "MZXW6YTBOI"},
    };
    for(i=0; i<COUNT(az); i++){
      int n;
      buf_reset(&b);
      base32_encode((const u8 *)az[i][0], strlen(az[i][0]), &b);
      CHECK_STR(b.buf, az[i][1]);
      n = base32_decode(az[i][1], a, sizeof(a));
      CHECK_INT(n, strlen(az[i][0]));
      CHECK(n>=0 && memcmp(a, az[i][0], (size_t)n)==0);
    }
  }
  CHECK_INT(base32_decode("MZXW6YTBOI======", a, sizeof(a)), 6);
  CHECK_INT(base32_decode("mzxw 6ytb oi", a, sizeof(a)), 6);
  CHECK(memcmp(a, "foobar", 6)==0);
  CHECK_INT(base32_decode("MZXW6YTBO1", a, sizeof(a)), -1);
  CHECK_INT(base32_decode("MY", a, 0), -1);
  CHECK_INT(base32_decode("MY", a, 1), 1);
  CHECK_INT(base32_decode("M", a, sizeof(a)), -1);          /* 5 stray bits */
  CHECK_INT(base32_decode("MZ", a, sizeof(a)), -1);         /* nonzero tail */
  buf_reset(&b);
  base32_encode(pKey, nKey, &b);
  CHECK_STR(b.buf, "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");

  /* The enrolment URI. */
  buf_reset(&b);
  totp_uri(&b, TOTP_ISSUER, "张三@lishu", pKey, nKey);
  CHECK_STR(b.buf, "otpauth://totp/fazhi%20%E6%95%99%E8%82%B2%E6%B3%95%E6%B2%BB"
            "%E5%B7%A5%E4%BD%9C%E5%B9%B3%E5%8F%B0:%E5%BC%A0%E4%B8%89%40lishu"
            "?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
            "&issuer=fazhi%20%E6%95%99%E8%82%B2%E6%B3%95%E6%B2%BB"
            "%E5%B7%A5%E4%BD%9C%E5%B9%B3%E5%8F%B0"
            "&algorithm=SHA1&digits=6&period=30");
  buf_release(&b);
}

void test_qr(void){
  struct buf b = BUF_INIT, capped;
  char *zBig;
  CHECK(qr_svg("otpauth://totp/fazhi:a?secret=GEZDGNBV", &b)==0);
  CHECK(str_starts(b.buf, "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 "));
  CHECK(strstr(b.buf, "<path fill=\"#000\" d=\"M")!=0);
  CHECK(strstr(b.buf, "</svg>")!=0 && b.buf[b.len-1]=='>');
  CHECK(strstr(b.buf, "script")==0 && strstr(b.buf, "style")==0);
  /* Version 1..3 for this length: 21..29 modules + 8 of quiet zone. */
  CHECK(strstr(b.buf, "viewBox=\"0 0 29 29\"") || strstr(b.buf, "viewBox=\"0 0 33 33\"")
        || strstr(b.buf, "viewBox=\"0 0 37 37\""));
  buf_reset(&b);
  CHECK(qr_svg("梨树县教育局", &b)==0);
  buf_reset(&b);
  zBig = calloc(1, 4000);
  memset(zBig, 'x', 3999);
  CHECK(qr_svg(zBig, &b)==-1);                    /* too long for a QR code */
  CHECK_INT(b.len, 0);
  free(zBig);
  buf_init_max(&capped, 100);
  CHECK(qr_svg("hello", &capped)==-1);
  CHECK_INT(capped.len, 0);
  buf_release(&capped);
  buf_release(&b);
}
