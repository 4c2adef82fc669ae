/*
** demo.h -- the demo county (fazhi init --demo) removed in one confirmed,
** audited action, from the page /demo (administrators) or `fazhi demo
** remove --yes`: every record of every register kept by a demo org, the
** inspection tasks, reports, attachments' references and users of those
** orgs, then the orgs themselves -- except the org of the person removing
** and the orgs above it, which stay as real units (no longer marked).
*/
#ifndef FAZHI_DEMO_H
#define FAZHI_DEMO_H

#include "../common.h"

struct actor;
struct buf;
struct req;
struct audit_kind;

/* What the demo county holds now. */
struct demo_tally {
  i64 nOrg;                      /* demo orgs (those kept included) */
  i64 nUser;                     /* users of the orgs that go */
  i64 nRecord;                   /* register records kept by demo orgs */
};
/* Count it (pDetail, when given, gets one line per register: 名称 N条). */
void demo_count(struct demo_tally *t, struct buf *pDetail);
/* Remove it as actor a, in one transaction with one audit entry.  0 with
** what went in *t, or -1 with the reason in pErr (nothing removed). */
int demo_remove(const struct actor *a, struct demo_tally *t, struct buf *pErr);

/* GET /demo and POST /demo (confirm=1). */
void demo_page(struct req *r);
/* fazhi demo status | remove --yes */
int demo_cmd(int argc, char **argv);
/* How the audit page shows the removal. */
extern const struct audit_kind demo_audit_kind;

#endif
