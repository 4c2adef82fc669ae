/*
** draw.h -- the draw algorithm "fazhi-draw-1" with no database: from a
** seed and the four sorted candidate lists, which targets are drawn and
** which inspectors go to each (draw.c).  The database side (the lists as
** they stood, the record) is in draw_reg.c.
**
** The algorithm, in full, so that anyone can replay a draw:
**
**  1. The lists, each sorted and written one line per row, fields by TAB,
**     lines ended by LF, UTF-8:
**       targets    id, self-org (the org id the target is; 0 outside the
**                  tree), name                         -- sorted by id
**       people     id, org (the partner department's org id for partner
**                  inspectors), partner (1/0), 执法证号  -- sorted by id
**       conflicts  person id, target id                -- sorted by both
**       history    person id, target id: the team of the latest earlier
**                  draw of another plan that drew the target -- by both
**     Each list's hash is SM3 over its bytes (64 lowercase hex digits).
**  2. The key K = SM3 of the text
**       "fazhi-draw-1\n" seed "\n" hTargets "\n" hPeople "\n"
**       hConflicts "\n" hHistory "\n" nDraw "\n" nPer "\n" joint "\n"
**       avoidRepeat "\n"            (numbers in decimal, flags 1/0)
**     The stream is SM3(K || c) for c = 0, 1, 2 ... as 4-byte big-endian,
**     each block's 32 bytes used in order; a number is the next 8 bytes
**     big-endian.  uniform(n) takes numbers until one is >= (2^64 mod n)
**     and returns it mod n (no bias).
**  3. Targets: a partial Fisher-Yates over the target list: for i in
**     0..nDraw-1, j = i + uniform(N-i), swap(i, j); the first nDraw in
**     that order are drawn, in that order.
**  4. Inspectors, for each drawn target in order, nPer of them; slot s of
**     a joint plan takes from the bureau's people when s is even and from
**     the partners' when odd, an internal plan always from the bureau's.
**     A person is eligible for the target unless: their org is the
**     target's self-org, a conflict pairs them, (avoidRepeat) history
**     pairs them, or they are already on its team.  Among the pool's
**     people with the lowest load (tasks so far) first, then the next
**     load, and so on: up to 8 tries of a uniform position in that load's
**     group, else the first eligible scanning the group cyclically from a
**     uniform position.  The group of a load keeps its members in the
**     order the swaps of step 5 leave them.
**  5. Load: each pool is one array, grouped by load in increasing order;
**     a chosen person moves from load L to L+1 by swapping with the last
**     member of group L and moving the boundary of group L+1 down by one.
**     Initially the array is the pool's people in list order.
*/
#ifndef FAZHI_DRAW_H
#define FAZHI_DRAW_H

#include "../../common.h"

#define DRAW_ALGO "fazhi-draw-1"

struct buf;

/* One draw's input: the lists as arrays (in list order) and the hashes. */
struct draw_in {
  const char *zSeed;
  int nTarget;
  const i64 *aTargetId, *aTargetOrg;     /* [nTarget] */
  int nPerson;
  const i64 *aPersonId, *aPersonOrg;     /* [nPerson] */
  const bool *abPartner;                 /* [nPerson] */
  int nConflict;                         /* pairs, sorted by person then target */
  const i64 *aConflict;                  /* [2*nConflict]: person, target */
  int nHistory;
  const i64 *aHistory;                   /* [2*nHistory] */
  int nDraw, nPer;
  bool bJoint, bAvoidRepeat;
  char azHash[4][65];                    /* targets people conflicts history */
};

/* The result: nDraw target indexes, and nPer person indexes for each. */
struct draw_out {
  int nDrawn;
  int *aiTarget;                         /* [nDrawn] (malloc'd) */
  int *aiPerson;                         /* [nDrawn*nPer] (malloc'd) */
};

/* Run the algorithm.  Returns 0, or -1 with a Chinese message in pErr
** (no eligible inspector for a target; more targets asked than listed).
** Release with draw_out_free(). */
int draw_compute(const struct draw_in *p, struct draw_out *pOut, struct buf *pErr);
void draw_out_free(struct draw_out *pOut);

/* The hash of a list's bytes as 64 hex digits plus NUL. */
void draw_hash(const void *p, size_t n, char zOut[65]);

/* The result as text "target:person,person;..." by ids, appended to pOut. */
void draw_result_text(const struct draw_in *p, const struct draw_out *o, struct buf *pOut);

#endif
