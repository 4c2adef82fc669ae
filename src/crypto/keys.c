/*
** keys.c -- load and create the key file (format in keys.h).
*/
#include "../common.h"
#include "keys.h"
#include "rand.h"
#include "sm3.h"
#include "../base/buf.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <openssl/crypto.h>

/* Append a message to pErr unless it is NULL. */
static void keys_err(struct buf *pErr, const char *zFmt, ...){
  va_list ap;
  if( pErr==0 ) return;
  va_start(ap, zFmt);
  buf_vappendf(pErr, zFmt, ap);
  va_end(ap);
}

void keys_wipe(struct fz_keys *k){
  OPENSSL_cleanse(k, sizeof(*k));
}

/* The key in k called zName (length n), or NULL. */
static u8 *keys_slot(struct fz_keys *k, const char *zName, size_t n){
  if( n==3 && memcmp(zName, "enc", 3)==0 ) return k->aEnc;
  if( n==3 && memcmp(zName, "mac", 3)==0 ) return k->aMac;
  if( n==3 && memcmp(zName, "idx", 3)==0 ) return k->aIdx;
  if( n==5 && memcmp(zName, "audit", 5)==0 ) return k->aAudit;
  return 0;
}

int keys_load(const char *zPath, struct fz_keys *k, struct buf *pErr){
  char zText[4096];
  struct stat st;
  ssize_t nRead;
  size_t nText = 0;
  int fd, rc = -1, mSeen = 0, iLine = 0;
  char *z, *zEnd;
  keys_wipe(k);
  fd = open(zPath, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
  if( fd<0 ){
    keys_err(pErr, "无法打开密钥文件 %s：%s", zPath, strerror(errno));
    return -1;
  }
  if( fstat(fd, &st)!=0 || !S_ISREG(st.st_mode) ){
    keys_err(pErr, "密钥文件 %s 不是普通文件", zPath);
    goto done;
  }
  if( st.st_mode & 077 ){
    keys_err(pErr, "密钥文件 %s 的权限为 %04o，其他用户可访问；"
             "请执行 chmod 600 %s", zPath, (unsigned)(st.st_mode & 07777), zPath);
    goto done;
  }
  while( nText<sizeof(zText)-1 ){
    nRead = read(fd, zText+nText, sizeof(zText)-1-nText);
    if( nRead<0 && errno==EINTR ) continue;
    if( nRead<0 ){
      keys_err(pErr, "读取密钥文件 %s 失败：%s", zPath, strerror(errno));
      goto done;
    }
    if( nRead==0 ) break;
    nText += (size_t)nRead;
  }
  if( nText>=sizeof(zText)-1 ){
    keys_err(pErr, "密钥文件 %s 过大", zPath);
    goto done;
  }
  zText[nText] = 0;
  for(z=zText; *z; z=zEnd){
    char *zEq, *zVal;
    u8 *pSlot;
    size_t nLine;
    iLine++;
    zEnd = strchr(z, '\n');
    if( zEnd ) *zEnd++ = 0; else zEnd = z+strlen(z);
    nLine = strlen(z);
    while( nLine>0 && (z[nLine-1]=='\r' || z[nLine-1]==' ') ) z[--nLine] = 0;
    if( nLine==0 || z[0]=='#' ) continue;
    zEq = strchr(z, '=');
    pSlot = zEq ? keys_slot(k, z, (size_t)(zEq-z)) : 0;
    zVal = zEq ? zEq+1 : 0;
    if( pSlot==0 || strlen(zVal)!=2*KEY_LEN
     || hex_decode(zVal, pSlot, KEY_LEN)!=KEY_LEN ){
      keys_err(pErr, "密钥文件 %s 第%d行格式错误（应为 名称=64位十六进制）",
               zPath, iLine);
      goto done;
    }
    mSeen |= pSlot==k->aEnc ? 1 : pSlot==k->aMac ? 2 : pSlot==k->aIdx ? 4 : 8;
  }
  if( mSeen!=15 ){
    keys_err(pErr, "密钥文件 %s 缺少密钥（需要 enc、mac、idx、audit 四项）", zPath);
    goto done;
  }
  if( CRYPTO_memcmp(k->aEnc, k->aMac, KEY_LEN)==0
   || CRYPTO_memcmp(k->aEnc, k->aIdx, KEY_LEN)==0
   || CRYPTO_memcmp(k->aMac, k->aIdx, KEY_LEN)==0
   || CRYPTO_memcmp(k->aAudit, k->aEnc, KEY_LEN)==0
   || CRYPTO_memcmp(k->aAudit, k->aMac, KEY_LEN)==0
   || CRYPTO_memcmp(k->aAudit, k->aIdx, KEY_LEN)==0 ){
    keys_err(pErr, "密钥文件 %s 中有相同的密钥，各项密钥必须互不相同", zPath);
    goto done;
  }
  rc = 0;
done:
  OPENSSL_cleanse(zText, sizeof(zText));
  close(fd);
  if( rc ) keys_wipe(k);
  return rc;
}

int keys_create(const char *zPath, struct buf *pErr){
  static const char zHead[] =
    "# fazhi keys v1 -- mode 0600; back up apart from the database\n";
  struct fz_keys k;
  char zText[512];          /* fixed size: no key bytes left in freed heap */
  const char *azName[4] = {"enc", "mac", "idx", "audit"};
  u8 *apKey[4];
  size_t nText, nDone = 0;
  int fd, i, rc = -1;
  apKey[0] = k.aEnc; apKey[1] = k.aMac; apKey[2] = k.aIdx; apKey[3] = k.aAudit;
  fd = open(zPath, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
  if( fd<0 ){
    if( errno==EEXIST ) keys_err(pErr, "密钥文件 %s 已存在，不会覆盖", zPath);
    else keys_err(pErr, "无法创建密钥文件 %s：%s", zPath, strerror(errno));
    return -1;
  }
  rand_bytes(&k, sizeof(k));
  nText = sizeof(zHead)-1;
  memcpy(zText, zHead, nText);
  for(i=0; i<4; i++){
    size_t nName = strlen(azName[i]);
    memcpy(zText+nText, azName[i], nName);
    nText += nName;
    zText[nText++] = '=';
    hex_encode(apKey[i], KEY_LEN, zText+nText);
    nText += 2*KEY_LEN;
    zText[nText++] = '\n';
  }
  keys_wipe(&k);
  if( fchmod(fd, 0600)!=0 ) goto fail;
  while( nDone<nText ){
    ssize_t n = write(fd, zText+nDone, nText-nDone);
    if( n<0 && errno==EINTR ) continue;
    if( n<0 ) goto fail;
    nDone += (size_t)n;
  }
  if( fsync(fd)!=0 ) goto fail;
  rc = 0;
fail:
  if( rc ) keys_err(pErr, "写入密钥文件 %s 失败：%s", zPath, strerror(errno));
  OPENSSL_cleanse(zText, sizeof(zText));
  if( close(fd)!=0 && rc==0 ){
    keys_err(pErr, "写入密钥文件 %s 失败：%s", zPath, strerror(errno));
    rc = -1;
  }
  if( rc ) unlink(zPath);
  return rc;
}
