/*
** value.h -- the one checker of a typed value, whatever it came from.
**
** A form field, a JSON string, a --option and a workbook cell all reach
** value_check() as text, and all leave it in the same normal form or with
** the same message, so a value is accepted everywhere or nowhere:
**
**   every type   full-width forms U+FF01..U+FF5E folded to ASCII (the
**                ideographic space to a space), leading and trailing
**                blanks trimmed; "" is empty (*pzOut NULL, not an error)
**   VAL_TEXT     at most nMax characters (0 = VALUE_TEXT_MAX); the text
**                itself is kept as typed (only trimmed; full-width letters
**                in a name stay)
**   VAL_INT      decimal digits, an optional leading "-", no leading zeros
**                kept, at most 18 digits
**   VAL_DATE     ISO "YYYY-MM-DD" from YYYY-M-D, YYYY/M/D, YYYY.M.D or
**                YYYY年M月D日
**   VAL_USCC VAL_IDCARD VAL_REGION VAL_SCHOOL
**                upper-cased, checked by ids.h
**   VAL_PHONE    spaces and hyphens dropped, checked by ids_check_phone
**   VAL_BOOL     "1" or "0" from 1/0, true/false, yes/no, 是/否, 有/无
** Choices and references are not scalar: the register kernel matches them
** against its own lists after this trim and fold (VAL_CHOICE only trims).
*/
#ifndef FAZHI_VALUE_H
#define FAZHI_VALUE_H

#include "../common.h"

struct arena;
struct buf;

/* The types; office/table.h's COL_* have the same numbers. */
enum { VAL_TEXT, VAL_INT, VAL_DATE, VAL_USCC, VAL_IDCARD, VAL_REGION,
       VAL_SCHOOL, VAL_CHOICE, VAL_PHONE, VAL_BOOL };

#define VALUE_TEXT_MAX 200

/* Check and normalise zIn (NULL = empty) as type eType.  Returns 0 with
** *pzOut the normal form (in ar, or zIn itself when nothing changed;
** NULL when empty), or -1 with a Chinese message appended to pErr that a
** person can act on ("应为整数（只填数字），填的是“x”",
** "统一社会信用代码第18位校验码应为3").  Allocates from ar only. */
int value_check(int eType, int nMax, const char *zIn, struct arena *ar,
                const char **pzOut, struct buf *pErr);

/* Write z with full-width forms folded (see above) and a NUL into out,
** which has room for strlen(z)+1 bytes.  Returns the length written. */
size_t value_fold(const char *z, char *out);
/* A folded, trimmed copy of z in ar; with bUpper ASCII letters upper-cased. */
char *value_fold_dup(struct arena *ar, const char *z, bool bUpper);
/* Parse a folded, trimmed date (the forms above) into ISO; 0 or -1. */
int value_parse_date(const char *z, char out[11]);

#endif
