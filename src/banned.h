/*
** banned.h -- libc calls fazhi never uses (after git's banned.h).
**
** Each is an overflow or a thread-safety trap; the replacement is named.
** Included last from common.h so system headers are not affected.
*/
#ifndef FAZHI_BANNED_H
#define FAZHI_BANNED_H

#define BANNED(func) sorry_##func##_is_banned_in_fazhi

#undef strcpy
#define strcpy(x, y) BANNED(strcpy)       /* use buf or memcpy with a length */
#undef strcat
#define strcat(x, y) BANNED(strcat)       /* use buf_append */
#undef strncpy
#define strncpy(x, y, n) BANNED(strncpy)  /* use memcpy with a length */
#undef sprintf
#define sprintf(...) BANNED(sprintf)      /* use snprintf or buf_appendf */
#undef vsprintf
#define vsprintf(...) BANNED(vsprintf)
#undef strtok
#define strtok(x, y) BANNED(strtok)       /* not thread safe */
#undef gmtime
#define gmtime(t) BANNED(gmtime)          /* use gmtime_r */
#undef localtime
#define localtime(t) BANNED(localtime)    /* use localtime_r */
#undef asctime
#define asctime(t) BANNED(asctime)
#undef ctime
#define ctime(t) BANNED(ctime)

#endif
