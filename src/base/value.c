/*
** value.c -- the one checker of typed values (see value.h).
*/
#include "../common.h"
#include "arena.h"
#include "buf.h"
#include "date.h"
#include "ids.h"
#include "utf8.h"
#include "util.h"
#include "value.h"

size_t value_fold(const char *z, char *out){
  const unsigned char *p = (const unsigned char *)z;
  size_t n = 0;
  while( *p ){
    if( p[0]<0x80 ){
      out[n++] = (char)*p++;
      continue;
    }
    if( p[0]==0xEF && (p[1]==0xBC || p[1]==0xBD) && p[2]>=0x80 && p[2]<=0xBF ){
      u32 c = ((u32)(p[0]&0x0f)<<12) | ((u32)(p[1]&0x3f)<<6) | (p[2]&0x3f);
      if( c>=0xFF01 && c<=0xFF5E ){
        out[n++] = (char)(c - 0xFEE0);
        p += 3;
        continue;
      }
    }
    if( p[0]==0xE3 && p[1]==0x80 && p[2]==0x80 ){
      out[n++] = ' ';
      p += 3;
      continue;
    }
    out[n++] = (char)*p++;
  }
  out[n] = 0;
  return n;
}

char *value_fold_dup(struct arena *ar, const char *z, bool bUpper){
  char *zOut = arena_alloc(ar, strlen(z)+1), *p;
  value_fold(z, zOut);
  zOut = utf8_trim(zOut);
  if( bUpper ) for(p=zOut; *p; p++) if( *p>='a' && *p<='z' ) *p = (char)(*p - 32);
  return zOut;
}

/* Read 1..nMax digits at *pz into *pv; advance.  Returns 0 or -1. */
static int value_num(const char **pz, int nMax, int *pv){
  int n = 0, v = 0;
  const char *z = *pz;
  while( *z>='0' && *z<='9' && n<nMax ){
    v = v*10 + (*z - '0');
    z++;
    n++;
  }
  if( n==0 || (*z>='0' && *z<='9') ) return -1;
  *pz = z;
  *pv = v;
  return 0;
}

int value_parse_date(const char *z, char out[11]){
  int y, m, d;
  bool bCjk;
  char sep = 0;
  if( value_num(&z, 4, &y) || y<1000 ) return -1;
  if( str_starts(z, "年") ){
    bCjk = true;
    z += strlen("年");
  }else if( *z=='-' || *z=='/' || *z=='.' ){
    bCjk = false;
    sep = *z++;
  }else{
    return -1;
  }
  if( value_num(&z, 2, &m) ) return -1;
  if( bCjk ){
    if( !str_starts(z, "月") ) return -1;
    z += strlen("月");
  }else{
    if( *z!=sep ) return -1;
    z++;
  }
  if( value_num(&z, 2, &d) ) return -1;
  if( bCjk && str_starts(z, "日") ) z += strlen("日");
  if( *z ) return -1;
  if( !date_valid(y, m, d) ) return -1;
  date_format(date_from_ymd(y, m, d), out);
  return 0;
}

/* True when z is one or more ASCII digits. */
static bool value_digits(const char *z){
  if( *z==0 ) return false;
  for(; *z; z++) if( *z<'0' || *z>'9' ) return false;
  return true;
}

int value_check(int eType, int nMax, const char *zIn, struct arena *ar,
                const char **pzOut, struct buf *pErr){
  char *z;
  *pzOut = 0;
  if( zIn==0 ) return 0;
  if( eType==VAL_TEXT || eType==VAL_CHOICE ){
    size_t n;
    int nHave;
    if( nMax<=0 ) nMax = VALUE_TEXT_MAX;
    z = utf8_trim(arena_strdup(ar, zIn));
    if( z[0]==0 ) return 0;
    n = strlen(z);
    nHave = n>(size_t)nMax ? (int)utf8_len_chars(z, n) : 0;
    if( nHave>nMax ){
      buf_appendf(pErr, "不能超过%d个字，现有%d个字", nMax, nHave);
      return -1;
    }
    *pzOut = z;
    return 0;
  }
  z = value_fold_dup(ar, zIn, eType!=VAL_DATE);
  if( z[0]==0 ) return 0;
  switch( eType ){
    case VAL_INT: {
      bool bNeg = z[0]=='-';
      char *p = z + bNeg;
      if( !value_digits(p) ){
        buf_appendf(pErr, "应为整数（只填数字），填的是“%s”", zIn);
        return -1;
      }
      while( p[0]=='0' && p[1] ) p++;
      if( strlen(p)>18 ){
        buf_puts(pErr, "数字太大");
        return -1;
      }
      if( bNeg && strcmp(p, "0")!=0 ) *--p = '-';
      *pzOut = p;
      return 0;
    }
    case VAL_DATE: {
      char zIso[11];
      if( value_parse_date(z, zIso) ){
        buf_appendf(pErr, "“%s”不是日期，应写成2024-03-01、2024/3/1或2024年3月1日", zIn);
        return -1;
      }
      *pzOut = arena_strdup(ar, zIso);
      return 0;
    }
    case VAL_USCC:   if( ids_check_uscc(z, pErr) ) return -1; break;
    case VAL_IDCARD: if( ids_check_idcard(z, pErr) ) return -1; break;
    case VAL_REGION: if( ids_check_region(z, pErr) ) return -1; break;
    case VAL_SCHOOL: if( ids_check_school(z, pErr) ) return -1; break;
    case VAL_PHONE: {
      char *p = z, *q = z;
      for(; *p; p++) if( *p!=' ' && *p!='-' ) *q++ = *p;
      *q = 0;
      if( ids_check_phone(z, pErr) ) return -1;
      break;
    }
    case VAL_BOOL: {
      static const char *const azYes[] = { "1", "TRUE", "YES", "Y", "是", "有", 0 };
      static const char *const azNo[] = { "0", "FALSE", "NO", "N", "否", "无", 0 };
      int i;
      for(i=0; azYes[i]; i++) if( str_eq(z, azYes[i]) ){ *pzOut = "1"; return 0; }
      for(i=0; azNo[i]; i++) if( str_eq(z, azNo[i]) ){ *pzOut = "0"; return 0; }
      buf_appendf(pErr, "应为“是”或“否”，填的是“%s”", zIn);
      return -1;
    }
    default:
      fatal("value_check: unknown type %d", eType);
  }
  *pzOut = z;
  return 0;
}
