/*
** ratelimit.h -- limits on how often one client may do one thing, kept in
** the database (table rate_limit, migration 0017), so every process on
** one database counts together and no client can reset another's count.
**
** A limit is a purpose ("permit_public": the public permit lookup and its
** rating form), a number of requests and a window in seconds.  Windows
** are fixed (they start at multiples of the window's length); each
** client's row holds the current window and its count, and rows of
** windows that ended are pruned when a new window starts.  Any public
** page can use it: call ratelimit_admit() before doing the work, and
** answer 429 with Retry-After when it says no.
*/
#ifndef FAZHI_RATELIMIT_H
#define FAZHI_RATELIMIT_H

#include "../common.h"

/* Count one request of zPurpose from zClient (an address; NULL = "") and
** return true while that client has made at most nMax of them in the
** current window of nWindow seconds, false past it.  Runs outside any
** transaction of the caller's (a refusal still counts).  On a database
** failure the thread is failed (the request answers 503) and it returns
** false. */
bool ratelimit_admit(const char *zPurpose, const char *zClient, int nMax, int nWindow);

#endif
