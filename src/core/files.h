/*
** files.h -- the file store: every attachment of every register (the
** checklist's evidence, a register's REG_FILE field, the report's approved
** DOCX/PDF), content-addressed by SM3.
**
** A file's bytes live once under <data>/files/<h0h1>/<h>, h the SM3 of the
** bytes in hex, written once and atomically (a temporary file renamed into
** place, mode 0600), however often they are uploaded.  The table `file`
** has one row per stored file (sm3, size, the type sniffed from the bytes,
** created_at); `file_ref` names who uses it (the entity -- a register's
** name, "evidence", "report" --, the record, the field and the name the
** file was uploaded as).  Nothing in fazhi deletes a stored file: a record
** that is frozen or approved keeps naming bytes that are still there, and
** `fazhi files verify` re-hashes the store and names every file that is
** damaged or missing.
**
** Uploads never pass through memory whole: the server streams a file part
** into <data>/tmp while hashing it (web/req.h struct req_upload) and the
** store takes the temporary file by renaming it (files_put_path).  A
** download re-hashes the file before it is sent (files_open).
*/
#ifndef FAZHI_FILES_H
#define FAZHI_FILES_H

#include "../common.h"

struct buf;

/* The kinds of file a field may take (struct reg_field.mFileKinds). */
enum {
  FILE_PHOTO  = 1<<0,    /* JPEG, PNG, WebP, HEIC */
  FILE_PDF    = 1<<1,    /* PDF */
  FILE_OFFICE = 1<<2,    /* DOCX, XLSX that open as such (libzip) */
  FILE_VIDEO  = 1<<3     /* MP4/MOV (ftyp), AVI */
};
#define FILE_ALL (FILE_PHOTO|FILE_PDF|FILE_OFFICE|FILE_VIDEO)

#define FILE_HEX (2*32+1)         /* an SM3 in hex with its NUL */
#define FILE_MAX_DEFAULT ((i64)20*1024*1024)  /* a field's cap when it declares none */

/* Where the store lives: <zDataDir>/files and <zDataDir>/tmp.  Called once
** at start-up (the string is kept). */
void files_set_dir(const char *zDataDir);
/* The data folder given to files_set_dir. */
const char *files_dir(void);

/* The kind (FILE_*) and the content type of the bytes of the file at
** zPath, judged from its first bytes (and, for a zip, from its entries:
** a DOCX has [Content_Types].xml and word/document.xml, an XLSX
** [Content_Types].xml and xl/workbook.xml).  Returns the kind, 0 when it
** is none of the kinds (an SVG, an HTML page, a plain zip ...); *pzType
** gets a static string. */
unsigned files_sniff(const char *zPath, const char **pzType);
/* The kinds of m for a message: "照片（JPG、PNG、WebP、HEIC）、PDF" (static). */
const char *files_kinds_text(unsigned m, char *z, size_t nZ);
/* The accept attribute of a file input for kinds m (static). */
const char *files_accept(unsigned m, char *z, size_t nZ);

/* The name to keep of a file uploaded as zName: its last path segment
** (either slash), at most 200 bytes of whole characters (in ar when cut),
** zDefault when there is none.  Shown and sent in Content-Disposition,
** never used as a path. */
struct arena;
const char *files_base_name(struct arena *ar, const char *zName, const char *zDefault);

/* The SM3 (hex) and size of the file at zPath, read in pieces.  Returns 0,
** or -1 when it cannot be read (errno set). */
int files_hash_path(const char *zPath, char zHex[FILE_HEX], i64 *pnSize);

/* Put the file zTmp (SM3 zHex, nSize bytes, already hashed by the caller
** while it was written) into the store: renamed into place, or removed
** when the store has those bytes already.  The `file` row is written when
** absent (inside the caller's transaction, when there is one).  zTmp must
** be on the data folder's file system (<data>/tmp).  Returns 0, or -1 with
** a Chinese message in pErr. */
int files_put_path(const char *zTmp, const char *zHex, i64 nSize, const char *zType,
                   struct buf *pErr);
/* Put the bytes p[0..n) (a generated document) into the store; zHex gets
** their SM3.  Returns as files_put_path. */
int files_put_mem(const void *p, size_t n, const char *zType, char zHex[FILE_HEX],
                  struct buf *pErr);
/* Copy the file zSrc (a command's argument) into a new temporary file in
** <data>/tmp, hashing it on the way, for files_put_path: *pzTmp (heap;
** the caller frees it, and removes the file when it is not put), zHex,
** *pnSize.  Returns 0, or -1 with a message. */
int files_spool(const char *zSrc, char **pzTmp, char zHex[FILE_HEX], i64 *pnSize,
                struct buf *pErr);
/* Name a use of stored file zHex: entity zEntity ("adviser", "evidence",
** "report"), record recId, field zField, uploaded as zName, by userId (0:
** the command line).  In the caller's transaction. */
void files_ref_add(const char *zHex, const char *zEntity, i64 recId, const char *zField,
                   const char *zName, i64 userId);

/* Remove the temporary files of uploads and puts (tmp/up-*, tmp/put-*)
** older than a day: left by a process that stopped mid-upload (younger
** ones may be another process's upload in progress).  Returns how many. */
int files_tmp_sweep(void);

/* The path of stored file zHex (heap; the caller frees: _dup). */
char *files_path_dup(const char *zHex);

/* Open stored file zHex for sending after re-hashing it.  Returns an open
** descriptor (the caller closes it) with *pnSize, -1 when it is missing or
** -2 when its bytes no longer hash to zHex (damaged or changed); then a
** Chinese message in pErr and a log line. */
int files_open(const char *zHex, i64 *pnSize, struct buf *pErr);
/* Read stored file zHex whole into pOut after checking its SM3 (for small
** generated documents only).  Returns as files_open (0 on success). */
int files_read(const char *zHex, struct buf *pOut, struct buf *pErr);

/* Answer request r with stored file zHex as a download: re-hashed first,
** then sent from the open file (never read whole), Content-Disposition
** attachment with the name zName (UTF-8 in filename*), the sniffed type
** from the `file` table (an unknown one as application/octet-stream).
** Returns 0, or as files_open (-1 missing, -2 damaged) with nothing in
** the reply and a message in pErr. */
struct req;
int files_reply(struct req *r, const char *zHex, const char *zName, struct buf *pErr);

/* fazhi files verify: re-hash every file the `file` table names (and
** every file under files/ the table does not), writing one line per
** damaged, missing or unknown file to pOut.  Returns the number of
** damaged or missing files; *pnChecked the files checked. */
int files_verify_all(struct buf *pOut, i64 *pnChecked);

/* Copy the store into <zDest>/files/<h0h1>/<sm3> (fazhi backup): every
** file the `file` table names that is not there yet, each copied through
** its SM3 (a damaged or missing source is named in pMsg and not copied).
** Files are never changed, so a folder that already holds a backup only
** gets the new ones.  Returns the number of files that could not be
** copied; *pnCopied those copied now. */
int files_backup(const char *zDest, struct buf *pMsg, i64 *pnCopied);

#endif
