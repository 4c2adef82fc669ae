/*
** routes.h -- the route table and the dispatcher (see routes.c).
*/
#ifndef FAZHI_ROUTES_H
#define FAZHI_ROUTES_H

#include "common.h"

struct req;

struct route {
  const char *zMethod;
  const char *zPath;              /* "/api/v1/orgs/:id" */
  void (*xHandler)(struct req *);
  unsigned mRoles;                /* ROLE_* allowed; 0 = any signed-in user */
  unsigned mFlags;                /* R_* */
};

/* Every route, ending with a row whose zPath is NULL: the core table
** until app_routes_init() appends the registers' rows. */
extern const struct route *app_routes;

/* The route for method and path, or NULL (*pOtherMethod tells whether the
** path exists with another method). */
const struct route *route_find(const char *zMethod, const char *zPath, bool *pOtherMethod);
/* Handle one request (the server's xDispatch). */
void app_dispatch(struct req *r);
/* Admit a request that comes with a body, from its headers alone (the
** server's xAdmit): the route, the session and the role are checked
** before a byte of the body is read, and r->nMaxBody set (20 MiB and
** r->bUpload for R_UPLOAD routes, 1 MiB for every other).  Returns 0, or
** -1 after replying 401/403/404/405 (the body is then never read). */
int app_admit(struct req *r);
/* Run a request's long work (the server's xRunLong). */
void app_run_long(struct req *r);
/* Install the register list and the scope hook (reg/reg.h); every
** command calls it first. */
void app_regs_init(void);
/* Hand the areas' figure and alert tables to the registry (reg/figure.h);
** every command and the server call it once at start-up. */
void app_registry_init(void);
/* Print the route table on stdout: a header line, then one line per route
** with method, path, the roles' Chinese names and the flags by name; with
** bRaw no header and the role and flag bits as numbers (for scripts:
** tests/cli/t0004-openapi.sh). */
void routes_print(bool bRaw);
/* Install the registers, their routes and navigation, and chrome hooks. */
void app_routes_init(void);

#endif
