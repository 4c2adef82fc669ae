/*
** audit.h -- the audit viewer (desk/audit.c): the log's pages, API and
** `fazhi audit`.  The chain and struct audit_kind are core/audit.h's.
*/
#ifndef FAZHI_DESK_AUDIT_H
#define FAZHI_DESK_AUDIT_H

#include "../common.h"
#include "../core/audit.h"

struct req;

/* Install the record kinds (a NULL-terminated list); once at start-up. */
void audit_set_kinds(const struct audit_kind *const *apKind);

/* Pages, API and commands. */
void audit_list_page(struct req *r);
void audit_list_api(struct req *r);
/* GET /audit/export: the filtered list as an Excel workbook. */
void audit_export_page(struct req *r);
void audit_verify_api(struct req *r);
int audit_cmd(int argc, char **argv);

#endif
