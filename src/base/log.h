/*
** log.h -- one line per event on stderr, with a level and a UTC time.
**
**   2024-05-01T08:00:00.123Z INFO 用户 "张三" 登录
**
** The message is formatted with the fmt.h engine (so %j quotes a value),
** then every control character, backslash and byte that is not valid
** UTF-8 is written as \xNN: data holding a newline cannot start a forged
** line. Messages are cut at LOG_MAX_MESSAGE bytes. Each line goes out
** with a single fputs(), so lines from different threads never mix.
**
** The level comes from FAZHI_LOG (error, warn, info or debug; default
** info), read at the first call; log_set_level() overrides it.
*/
#ifndef FAZHI_LOG_H
#define FAZHI_LOG_H

#include "../common.h"

struct buf;

enum { LOG_ERROR, LOG_WARN, LOG_INFO, LOG_DEBUG };

/* Longest message kept, in bytes, before escaping. */
#define LOG_MAX_MESSAGE 4096

/* Log one line at the level in the name when the current level lets it
** through (error always, debug only at level debug). Never fails. */
void log_error(const char *zFmt, ...);
void log_warn(const char *zFmt, ...);
void log_info(const char *zFmt, ...);
void log_debug(const char *zFmt, ...);

/* The current level (LOG_ERROR..LOG_DEBUG). */
int log_level(void);
/* Set the level, overriding FAZHI_LOG. */
void log_set_level(int eLevel);
/* The level named z ("error", "warn", "info", "debug"), or -1. */
int log_level_from_name(const char *z);

/* Append to b the line (newline included) that eLevel and the message
** would log at time tSec + nMilli/1000; what log_* write, for tests. */
void log_format(struct buf *b, int eLevel, i64 tSec, int nMilli,
                const char *zFmt, va_list ap);

#endif
