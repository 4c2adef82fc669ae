/*
** idem.h -- the Idempotency-Key of the JSON API: a write sent twice is
** applied once, and the second send gets the first reply.
**
** A client that cannot tell whether a write reached the server (a phone
** whose reply was lost on the way back, a queue replayed after the
** network returns) sends the header `Idempotency-Key: <its own key>` on
** any POST, PUT, PATCH or DELETE under /api/ by a signed-in user.  The
** dispatcher (routes.c) calls idem_claim() before the handler and
** idem_finish() after it:
**
**   - the first request with a key claims a row of idem_key (migration
**     0034) for the user and the key, with the SM3 of the request (method,
**     path, parameters, body or the SM3 of each uploaded file);
**   - the handler's change marks that row applied in the change's own
**     transaction (db_commit_mark), so the row tells exactly whether the
**     change landed, whatever happens to the process afterwards;
**   - the reply is then kept with the row (JSON bodies; a reply that
**     carries a secret -- a route that hashes a password -- keeps only
**     its status);
**   - a second request with the same key and the same content gets the
**     kept reply with `Idempotent-Replayed: true` and changes nothing; with
**     other content, 422 idempotency_key_reused; while the first is still
**     running (a claim younger than IDEM_STALE_SEC with no reply yet), 409
**     idempotency_in_progress with Retry-After; when the change landed
**     but its reply was never kept (the process stopped in between, or
**     the reply held a secret), 409 idempotency_reply_lost, which tells
**     the client the change is there to be read.
**
** A claim whose request left no change and no reply (the process stopped
** before its transaction committed) is taken over after IDEM_STALE_SEC.
** A request that failed on the database (503/500) frees its claim, so
** the retry runs.  Rows are kept for IDEM_KEEP_SEC.
*/
#ifndef FAZHI_IDEM_H
#define FAZHI_IDEM_H

#include "../common.h"

struct req;

#define IDEM_KEY_MAX   128          /* bytes of a key: printable ASCII */
#define IDEM_KEEP_SEC  (24*3600)    /* how long a key and its reply are kept */
#define IDEM_STALE_SEC 300          /* a claim with no change after this is abandoned */

/* Before the handler of a write: when r carries an Idempotency-Key (and a
** signed-in user), claim it (r->idemId).  Returns 0 to run the handler,
** or 1 when r has been answered already -- the kept reply replayed, or an
** error (400 for a malformed key, 409, 422).  bSecret: the route's reply
** may hold a secret, keep only its status. */
int idem_claim(struct req *r, bool bSecret);

/* On the thread about to run the handler, right before it: the first
** transaction the handler commits marks the claim applied. */
void idem_arm(struct req *r);

/* After the handler, before the request's end: keep its reply with the
** claim (or free the claim when it answered 5xx having changed nothing).
** Nothing when the request failed on the database (idem_release then) or
** claimed no key. */
void idem_finish(struct req *r);

/* After the request's end, when it failed on the database: free the claim
** unless the change landed, so that a retry runs. */
void idem_release(struct req *r);

#endif
