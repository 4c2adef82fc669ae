/*
** zh.h -- the one Chinese order, on both databases.
**
** Chinese text is ordered by its GB18030 bytes (the GB2312 level-1 hanzi
** lie in pinyin order there, so 安乐乡 < 白沙镇, and 第一 < 第二 because
** 一 < 二 there; org.c writes numbers as six digits before they get here).
** Two ways to the same order:
**   zh_key()     a sort key made once when a row is written: plain ASCII
**                whose byte order is that order, stored in a KEYTEXT
**                column (SQLite: TEXT, BINARY; PostgreSQL: TEXT COLLATE
**                "C", see pg_schema_dup) and indexed, so a list ordered
**                by it compares bytes (memcmp) or walks the index;
**   zh_compare() the same order on two strings, for SQLite's "zh"
**                collation (ORDER BY a text column chosen at run time).
*/
#ifndef FAZHI_ZH_H
#define FAZHI_ZH_H

#include "../common.h"
#include "../base/buf.h"

/* Append the sort key of UTF-8 text z to b: the GB18030 bytes of z, each
** byte below 0x7C as itself (ASCII stays readable: digits, '/', ' '),
** each other byte as two characters ('|', '}' or '~', then '?'..'~'), so
** comparing two keys byte by byte orders the texts as zh_compare() does.
** key(a b) is key(a) followed by key(b) for any a, b that split z between
** characters: a parent's key stays a prefix of its children's.  A NUL
** byte never appears in a key (a code point outside GB18030's reach
** weighs 0xFF then its code point, its zero bytes written as 0x01). */
void zh_key(struct buf *b, const char *z);

/* The zh order of n1 bytes at p1 against n2 bytes at p2 (UTF-8): by
** GB18030 bytes, then by the UTF-8 bytes; <0, 0 or >0. */
int zh_compare(int n1, const void *p1, int n2, const void *p2);

#endif
