/*
** ids.h -- checks of the identifiers the bureau keeps.
**
**   统一社会信用代码  GB 32100-2015 (with the GB 11714 组织机构代码 inside)
**   公民身份号码      GB 11643-1999
**   行政区划代码      GB/T 2260 (shape only)
**   学校（机构）标识码 教育部 (format, category, province; no check digit)
**
** Each check returns 0 when z is valid and -1 otherwise, appending a
** Chinese message to *pErr (may be NULL) that names the step that failed,
** tried in this order: length, characters, structure, check character.
*/
#ifndef FAZHI_IDS_H
#define FAZHI_IDS_H

#include "../common.h"

struct buf;

/* Check a 统一社会信用代码: 18 characters from 0-9 and the upper-case
** letters without I O Z S V, positions 3-8 digits, the 组织机构代码 check
** at position 17 and the GB 32100 check at position 18. */
int ids_check_uscc(const char *z, struct buf *pErr);

/* Check an 18-character 公民身份号码: 17 digits and a check digit or X
** (lower-case x accepted), a plausible province in the address code, a
** real birth date from 1800 up to today (China time), the check digit. */
int ids_check_idcard(const char *z, struct buf *pErr);
/* Upper-case a final lower-case x of an 18-character number, in place. */
void ids_normalize_idcard(char *z);
/* Mask an ID number for display, 前6后4: "220322********1235".  Only a
** 15- or 18-character ASCII number keeps digits; anything else becomes
** 18 asterisks.  out receives at most 18 characters and a NUL. */
void ids_mask_idcard(const char *z, char out[19]);
/* Mask a phone number, keeping the first 3 and last 4 characters:
** "180****1999".  A number that is not 7 to 31 ASCII characters becomes
** "****". */
void ids_mask_phone(const char *z, char out[32]);

/* Check a telephone number (digits only, as value_check leaves it): a
** mobile number of 11 digits starting with 1 (optionally +86 before it)
** or a fixed line of 7 to 12 digits with its area code. */
int ids_check_phone(const char *z, struct buf *pErr);

/* Check a 6-digit 行政区划代码: digits, not 000000, a known province. */
int ids_check_region(const char *z, struct buf *pErr);

/* Check a 10-digit 学校标识码: digits, a known 学校类别码 in the first two
** and a known province code in the next two. */
int ids_check_school(const char *z, struct buf *pErr);
/* The category name ("幼儿园", "小学", ...) of a school code, or of its
** 2-digit category code alone; NULL when unknown. */
const char *ids_school_category_name(const char *zCode);

/* The weights the checks use, computed from their formulas (for tests):
** GB 32100 3^(i-1) mod 31, GB 11643 2^(18-i) mod 11 (i = 1..17), and
** GB 11714 2^(9-i) mod 11 (i = 1..8). */
void ids_uscc_weights(int aW[17]);
void ids_idcard_weights(int aW[17]);
void ids_orgcode_weights(int aW[8]);

#endif
