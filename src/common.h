/*
** common.h -- the first include of every fazhi source file.
**
** System headers every module uses, a few short integer names, and
** banned.h, which turns unsafe libc calls into compile errors.
*/
#ifndef FAZHI_COMMON_H
#define FAZHI_COMMON_H

#define _GNU_SOURCE 1

#include <assert.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef int64_t i64;
typedef uint64_t u64;
typedef uint32_t u32;
typedef uint8_t u8;

#define NORETURN __attribute__((noreturn))
#define UNUSED __attribute__((unused))
#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

#include "banned.h"

#endif
