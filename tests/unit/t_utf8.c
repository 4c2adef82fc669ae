/*
** t_utf8.c -- tests of utf8: validation, counting, cutting, trimming.
*/
#include "test.h"
#include "../../src/base/utf8.h"

/* utf8_valid on a NUL-terminated literal. */
static bool valid(const char *z){ return utf8_valid(z, strlen(z)); }

void test_utf8(void){
  char z[64];
  char *zT;

  CHECK(valid(""));
  CHECK(valid("梨树县教育局 abc"));
  CHECK(valid("\x7f"));
  CHECK(valid("\xC2\x80"));                     /* U+0080 */
  CHECK(valid("\xDF\xBF"));                     /* U+07FF */
  CHECK(valid("\xE0\xA0\x80"));                 /* U+0800 */
  CHECK(valid("\xED\x9F\xBF"));                 /* U+D7FF */
  CHECK(valid("\xEE\x80\x80"));                 /* U+E000 */
  CHECK(valid("\xEF\xBF\xBF"));                 /* U+FFFF */
  CHECK(valid("\xF0\x90\x80\x80"));             /* U+10000 */
  CHECK(valid("\xF4\x8F\xBF\xBF"));             /* U+10FFFF */
  CHECK(utf8_valid("a\0b", 3));

  CHECK(!valid("\xC3\x28"));                    /* bad continuation */
  CHECK(!valid("\xC0\xAF"));                    /* overlong '/' */
  CHECK(!valid("\xC1\xBF"));                    /* overlong */
  CHECK(!valid("\xE0\x80\xAF"));                /* overlong, 3 bytes */
  CHECK(!valid("\xF0\x80\x80\xAF"));            /* overlong, 4 bytes */
  CHECK(!valid("\xED\xA0\x80"));                /* surrogate U+D800 */
  CHECK(!valid("\xED\xBF\xBF"));                /* surrogate U+DFFF */
  CHECK(!valid("\xF4\x90\x80\x80"));            /* U+110000 */
  CHECK(!valid("\xF5\x80\x80\x80"));
  CHECK(!valid("\xFF"));
  CHECK(!valid("\x80"));                        /* lone continuation */
  CHECK(!valid("\xE5\xAD"));                    /* truncated 字 */
  CHECK(!utf8_valid("\xE5\xAD\x97", 2));        /* cut by the length */
  CHECK(utf8_valid("\xE5\xAD\x97", 3));
  CHECK_INT(utf8_check("ab\xC3\x28", 4), 2);
  CHECK_INT(utf8_check("字\xF0\x9F", 5), 3);

  CHECK_INT(utf8_len_chars("", 0), 0);
  CHECK_INT(utf8_len_chars("a梨树县", strlen("a梨树县")), 4);
  CHECK_INT(utf8_len_chars("\xF0\x9F\x98\x80x", 5), 2);
  CHECK_INT(utf8_len_chars("\xFF\xFE", 2), 2);

  snprintf(z, sizeof(z), "%s", "梨树县教育局");
  CHECK_INT(utf8_truncate_chars(z, 3), 9);
  CHECK_STR(z, "梨树县");
  CHECK_INT(utf8_truncate_chars(z, 10), 9);
  CHECK_STR(z, "梨树县");
  CHECK_INT(utf8_truncate_chars(z, 0), 0);
  CHECK_STR(z, "");
  snprintf(z, sizeof(z), "%s", "ab😀c");
  utf8_truncate_chars(z, 3);
  CHECK_STR(z, "ab😀");

  CHECK(utf8_is_blank(0));
  CHECK(utf8_is_blank(""));
  CHECK(utf8_is_blank(" \t\r\n\xE3\x80\x80 "));
  CHECK(!utf8_is_blank(" 。"));
  CHECK(!utf8_is_blank("\xE3\x80"));            /* half a U+3000 */

  snprintf(z, sizeof(z), "%s", "\xE3\x80\x80 城关镇第一小学\t\xE3\x80\x80\n");
  zT = utf8_trim(z);
  CHECK_STR(zT, "城关镇第一小学");
  snprintf(z, sizeof(z), "%s", "  a \xE3\x80\x80 b  ");
  CHECK_STR(utf8_trim(z), "a \xE3\x80\x80 b");
  snprintf(z, sizeof(z), "%s", " \xE3\x80\x80 ");
  CHECK_STR(utf8_trim(z), "");
  snprintf(z, sizeof(z), "%s", "x");
  CHECK_STR(utf8_trim(z), "x");
  CHECK(utf8_trim(0)==0);
  CHECK_INT(utf8_blank_len("\xE3\x80\x80", 2), 0);
}
