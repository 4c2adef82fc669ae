/*
** ids.c -- identifier checks (standards.md 1.1-1.4 and 1.7).
*/
#include "../common.h"
#include "buf.h"
#include "date.h"
#include "ids.h"
#include "util.h"

/* The 31 symbols of GB 32100, valued 0..30 in this order. */
static const char zUsccSymbols[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";

/* Province codes of GB/T 2260 (first two digits of a region code). */
static const int aProvince[] = {
  11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43,
  44, 45, 46, 50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82,
};

/* 学校类别码 and their names (教育部《学校（机构）代码管理办法》). */
static const struct {
  const char *zCode;
  const char *zName;
} aSchoolCategory[] = {
  { "11", "幼儿园" },
  { "21", "小学" },
  { "22", "成人小学" },
  { "31", "普通初中" },
  { "32", "职业初中" },
  { "33", "成人初中" },
  { "34", "普通高中" },
  { "35", "成人高中" },
  { "36", "中等职业学校" },
  { "37", "工读学校" },
  { "41", "普通高等学校" },
  { "42", "成人高等学校" },
  { "51", "特殊教育学校" },
  { "91", "培养研究生的科研机构" },
  { "92", "民办的其他高等教育机构" },
  { "93", "中等职业培训机构" },
};

/* Append a formatted message to pErr unless it is NULL; returns -1. */
static int ids_error(struct buf *pErr, const char *zFmt, ...){
  va_list ap;
  if( pErr==0 ) return -1;
  va_start(ap, zFmt);
  buf_vappendf(pErr, zFmt, ap);
  va_end(ap);
  return -1;
}

/* Number of UTF-8 characters in z (bytes that do not continue one). */
static int ids_nchar(const char *z){
  int n = 0;
  for(; *z; z++) if( ((unsigned char)*z & 0xC0)!=0x80 ) n++;
  return n;
}

/* True when the ASCII character c is a decimal digit. */
static bool ids_digit(char c){
  return c>='0' && c<='9';
}

/* (base^e) mod m for small non-negative numbers. */
static int ids_powmod(int base, int e, int m){
  int r = 1 % m;
  while( e-- > 0 ) r = (r*base) % m;
  return r;
}

/* The published weights (GB 32100, GB 11714, GB 11643).  The checks use
** these tables; the unit test asserts they equal the weights computed
** from their definitions by the functions below (computing them on every
** check was the largest per-row cost of a bulk import). */
static const int aUsccW[17] = { 1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28 };
static const int aOrgW[8] = { 3, 7, 9, 10, 5, 8, 4, 2 };
static const int aIdW[17] = { 7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2 };

void ids_uscc_weights(int aW[17]){
  int i;
  for(i=1; i<=17; i++) aW[i-1] = ids_powmod(3, i-1, 31);
}

void ids_idcard_weights(int aW[17]){
  int i;
  for(i=1; i<=17; i++) aW[i-1] = ids_powmod(2, 18-i, 11);
}

void ids_orgcode_weights(int aW[8]){
  int i;
  for(i=1; i<=8; i++) aW[i-1] = ids_powmod(2, 9-i, 11);
}

/* True when the two digits at z form a known province code. */
static bool ids_province_ok(const char *z){
  int v;
  size_t i;
  if( !ids_digit(z[0]) || !ids_digit(z[1]) ) return false;
  v = (z[0]-'0')*10 + (z[1]-'0');
  for(i=0; i<COUNT(aProvince); i++) if( aProvince[i]==v ) return true;
  return false;
}

/* The first character position (1-based, counted in UTF-8 characters)
** of z whose byte fails xOk, or 0 when every byte passes.  *pc gets the
** byte (0 for a non-ASCII character). */
static int ids_first_bad(const char *z, bool (*xOk)(int, char), char *pc){
  int pos = 0;
  for(; *z; z++){
    unsigned char u = (unsigned char)*z;
    /* Identifiers are ASCII: the first non-ASCII byte is the bad one --
    ** a lead byte, or a stray continuation byte that ids_nchar() did not
    ** count (skipping those let misaligned bytes reach the checksum). */
    pos++;
    if( u>=0x80 || !xOk(pos, *z) ){
      *pc = u>=0x80 ? 0 : *z;
      return pos;
    }
  }
  return 0;
}

/* True when c is one of the 31 GB 32100 symbols, or stands at position
** 18, the check character, which the checksum step reports on (naming
** the character it should be). */
static bool ids_uscc_char(int pos, char c){
  return pos==18 || (c!=0 && strchr(zUsccSymbols, c)!=0);
}

int ids_check_uscc(const char *z, struct buf *pErr){
  int i, n, pos, sum, v;
  char c, cWant;

  if( z==0 || z[0]==0 ) return ids_error(pErr, "统一社会信用代码不能为空");
  n = ids_nchar(z);
  if( n!=18 ){
    return ids_error(pErr, "统一社会信用代码应为18位，输入的是%d位", n);
  }
  pos = ids_first_bad(z, ids_uscc_char, &c);
  if( pos ){
    if( c>='a' && c<='z' ){
      return ids_error(pErr, "统一社会信用代码第%d位“%c”应为大写字母", pos, c);
    }
    if( c=='I' || c=='O' || c=='Z' || c=='S' || c=='V' ){
      return ids_error(pErr, "统一社会信用代码第%d位不能是字母%c"
                       "（代码不使用I、O、Z、S、V）", pos, c);
    }
    return ids_error(pErr, "统一社会信用代码第%d位不是有效字符"
                     "（只能是数字和大写字母）", pos);
  }
  for(i=2; i<8; i++){
    if( !ids_digit(z[i]) ){
      return ids_error(pErr, "统一社会信用代码第3-8位（登记管理机关行政区划码）"
                       "应为数字，第%d位是“%c”", i+1, z[i]);
    }
  }
  if( !ids_digit(z[16]) && z[16]!='X' ){
    return ids_error(pErr, "统一社会信用代码第17位（组织机构代码校验码）"
                     "应为数字或X，输入的是“%c”", z[16]);
  }

  /* GB 11714 check of the 组织机构代码 in positions 9-17. */
  sum = 0;
  for(i=0; i<8; i++){
    char d = z[8+i];
    v = ids_digit(d) ? d-'0' : d-'A'+10;
    sum += v*aOrgW[i];
  }
  v = 11 - sum%11;
  cWant = v==10 ? 'X' : v==11 ? '0' : (char)('0'+v);
  if( z[16]!=cWant ){
    return ids_error(pErr, "统一社会信用代码第17位（组织机构代码校验码）应为%c",
                     cWant);
  }

  /* GB 32100 check at position 18. */
  sum = 0;
  for(i=0; i<17; i++){
    sum += (int)(strchr(zUsccSymbols, z[i]) - zUsccSymbols)*aUsccW[i];
  }
  v = 31 - sum%31;
  if( v==31 ) v = 0;
  cWant = zUsccSymbols[v];
  if( z[17]!=cWant ){
    return ids_error(pErr, "统一社会信用代码第18位校验码应为%c", cWant);
  }
  return 0;
}

/* True when c may stand at position pos of an 18-character ID number. */
static bool ids_idcard_char(int pos, char c){
  if( ids_digit(c) ) return true;
  return pos==18 && (c=='X' || c=='x');
}

int ids_check_idcard(const char *z, struct buf *pErr){
  static const char zCheck[] = "10X98765432";
  int i, n, pos, sum, y, m, d, day;
  char c, cWant, zBirth[11];

  if( z==0 || z[0]==0 ) return ids_error(pErr, "身份证号不能为空");
  n = ids_nchar(z);
  if( n!=18 ){
    return ids_error(pErr, "身份证号应为18位，输入的是%d位%s", n,
                     n==15 ? "（15位旧号码请换成18位新号码）" : "");
  }
  pos = ids_first_bad(z, ids_idcard_char, &c);
  if( pos ){
    if( pos==18 ) return ids_error(pErr, "身份证号第18位应为数字或X");
    return ids_error(pErr, "身份证号第%d位应为数字", pos);
  }
  if( !ids_province_ok(z) || memcmp(z+2, "0000", 4)==0 ){
    return ids_error(pErr, "身份证号前6位（地址码）%.6s不是有效的行政区划代码",
                     z);
  }
  y = (z[6]-'0')*1000 + (z[7]-'0')*100 + (z[8]-'0')*10 + (z[9]-'0');
  m = (z[10]-'0')*10 + (z[11]-'0');
  d = (z[12]-'0')*10 + (z[13]-'0');
  if( !date_valid(y, m, d) ){
    return ids_error(pErr, "身份证号第7-14位（出生日期）%.8s不是有效日期", z+6);
  }
  day = date_from_ymd(y, m, d);
  date_format(day, zBirth);
  if( y<1800 ){
    return ids_error(pErr, "身份证号中的出生日期%s早于1800年", zBirth);
  }
  if( day>date_today() ){
    return ids_error(pErr, "身份证号中的出生日期%s晚于今天", zBirth);
  }
  sum = 0;
  for(i=0; i<17; i++) sum += (z[i]-'0')*aIdW[i];
  cWant = zCheck[sum%11];
  c = z[17]=='x' ? 'X' : z[17];
  if( c!=cWant ){
    return ids_error(pErr, "身份证号第18位校验码应为%c", cWant);
  }
  return 0;
}

void ids_normalize_idcard(char *z){
  if( z && strlen(z)==18 && z[17]=='x' ) z[17] = 'X';
}

/* True when every byte of z is printable ASCII. */
static bool ids_ascii(const char *z){
  for(; *z; z++) if( (unsigned char)*z<0x20 || (unsigned char)*z>=0x7F ) return false;
  return true;
}

void ids_mask_idcard(const char *z, char out[19]){
  size_t n = z ? strlen(z) : 0;
  if( (n==15 || n==18) && ids_ascii(z) ){
    memcpy(out, z, 6);
    memset(out+6, '*', n-10);
    memcpy(out+n-4, z+n-4, 4);
    out[n] = 0;
  }else{
    memset(out, '*', 18);
    out[18] = 0;
  }
}

void ids_mask_phone(const char *z, char out[32]){
  size_t n = z ? strlen(z) : 0;
  if( n>=7 && n<=31 && ids_ascii(z) ){
    memcpy(out, z, 3);
    memset(out+3, '*', n-7);
    memcpy(out+n-4, z+n-4, 4);
    out[n] = 0;
  }else{
    memcpy(out, "****", 5);
  }
}

/* True when c is a decimal digit (for ids_first_bad). */
static bool ids_digit_at(int pos, char c){
  (void)pos;
  return ids_digit(c);
}

int ids_check_region(const char *z, struct buf *pErr){
  int n, pos;
  char c;
  if( z==0 || z[0]==0 ) return ids_error(pErr, "行政区划代码不能为空");
  n = ids_nchar(z);
  if( n!=6 ){
    return ids_error(pErr, "行政区划代码应为6位数字，输入的是%d位", n);
  }
  pos = ids_first_bad(z, ids_digit_at, &c);
  if( pos ) return ids_error(pErr, "行政区划代码第%d位应为数字", pos);
  if( strcmp(z, "000000")==0 ){
    return ids_error(pErr, "行政区划代码不能是000000");
  }
  if( !ids_province_ok(z) ){
    return ids_error(pErr, "行政区划代码前两位%.2s不是有效的省级代码", z);
  }
  return 0;
}

const char *ids_school_category_name(const char *zCode){
  size_t i;
  if( zCode==0 || !ids_digit(zCode[0]) || !ids_digit(zCode[1]) ) return 0;
  for(i=0; i<COUNT(aSchoolCategory); i++){
    if( memcmp(aSchoolCategory[i].zCode, zCode, 2)==0 ){
      return aSchoolCategory[i].zName;
    }
  }
  return 0;
}

int ids_check_school(const char *z, struct buf *pErr){
  int n, pos;
  char c;
  if( z==0 || z[0]==0 ) return ids_error(pErr, "学校标识码不能为空");
  n = ids_nchar(z);
  if( n!=10 ){
    return ids_error(pErr, "学校标识码应为10位数字，输入的是%d位", n);
  }
  pos = ids_first_bad(z, ids_digit_at, &c);
  if( pos ) return ids_error(pErr, "学校标识码第%d位应为数字", pos);
  if( ids_school_category_name(z)==0 ){
    return ids_error(pErr, "学校标识码前两位（学校类别码）%.2s不是教育部规定的类别"
                     "（如11幼儿园、21小学、31普通初中、34普通高中）", z);
  }
  if( !ids_province_ok(z+2) ){
    return ids_error(pErr, "学校标识码第3-4位（省份代码）%.2s不是有效的省级代码",
                     z+2);
  }
  return 0;
}

int ids_check_phone(const char *z, struct buf *pErr){
  const char *p = z;
  int n = 0;
  if( z==0 || z[0]==0 ) return ids_error(pErr, "电话号码不能为空");
  if( p[0]=='+' ) p++;
  for(; *p; p++){
    if( !ids_digit(*p) ) return ids_error(pErr, "电话号码只能有数字（可用空格或-分隔）");
    n++;
  }
  if( z[0]=='+' ){
    if( !str_starts(z, "+86") || n!=13 ){
      return ids_error(pErr, "电话号码带国家码时应为+86加11位手机号");
    }
    z += 3;
    n = 11;
  }
  if( z[0]=='1' && n!=11 ) return ids_error(pErr, "手机号码应为11位，输入的是%d位", n);
  if( z[0]!='1' && (n<7 || n>12) ){
    return ids_error(pErr, "固定电话应为7到12位（可带区号），输入的是%d位", n);
  }
  return 0;
}
