/*
** app.h -- what every register and page shares (the core layer): who is
** acting, roles, settings, the data folder and its keys.
*/
#ifndef FAZHI_APP_H
#define FAZHI_APP_H

#include "../common.h"
#include "../crypto/keys.h"

struct req;
struct buf;
struct arena;

/* Roles (a user may hold several). */
enum {
  ROLE_ADMIN     = 1u<<0,   /* 系统管理员 */
  ROLE_LEADER    = 1u<<1,   /* 局领导 */
  ROLE_LEGAL     = 1u<<2,   /* 法规股工作人员 */
  ROLE_APPROVER  = 1u<<3,   /* 审批人员 */
  ROLE_INSPECTOR = 1u<<4,   /* 执法人员 */
  ROLE_SCHOOL    = 1u<<5,   /* 学校填报员 */
  ROLE_AUDITOR   = 1u<<6    /* 审计员 */
};
#define ROLE_ALL 0x7fu

struct role_info {
  unsigned bit;
  const char *zCode;        /* admin leader legal ... (API and CLI) */
  const char *zName;        /* 系统管理员 ... */
};
extern const struct role_info app_roles[7];
/* The bit for a role code or Chinese name, or 0. */
unsigned role_parse(const char *z);
/* Comma-separated codes, e.g. "admin,legal" -> bits; -1 on an unknown
** code (named in pErr). */
int role_parse_list(const char *z, unsigned *pm, struct buf *pErr);
/* Chinese names of the bits, joined with 、, in the arena. */
char *role_names(struct arena *a, unsigned m);

/* Who is acting, for scope checks and the audit log. */
struct actor {
  i64 userId;               /* 0 for the command line */
  const char *zUsername;    /* "cli:<login>" for the command line */
  i64 orgId;                /* 0 for the command line */
  const char *zOrgPath;     /* scope: '/1/' sees everything under org 1; "/" all */
  unsigned mRoles;
  const char *zIp;          /* "" for the command line */
};

/* The actor for a web request (r->pUser must be set). */
void actor_from_req(struct actor *a, struct req *r);
/* The actor for a command run by an operator on the machine. */
void actor_cli(struct actor *a);
/* The actor for a page without sign-in (a public lookup, a rating form):
** no user, no role, no scope -- its scope pattern (org_scope_like)
** matches no org, so it reads and writes only what a public page hands
** it explicitly.  zIp (may be NULL) is the client's address for the audit. */
void actor_public(struct actor *a, const char *zIp);
/* The name public writes are audited under. */
#define ACTOR_PUBLIC_NAME "public"
/* True when a is the public actor. */
bool actor_is_public(const struct actor *a);

/* The running application's data folder and keys. */
struct app_state {
  const char *zDataDir;     /* ./fazhi-data */
  const char *zDbUrl;       /* file path or postgresql:// URL */
  struct fz_keys keys;      /* from fazhi.key in the data folder */
  bool bKeys;               /* keys loaded */
};
extern struct app_state app;

/* The data generation: the audit log's head, which every write moves in
** its own transaction (so any change, by any process, gives a new one).
** The dispatcher reads it once per request (app_gen_read) and per-process
** caches of settings, sessions and rendered lists are valid only at the
** generation they were filled at.  Outside a request app_gen() is NULL
** and nothing is cached. */
const char *app_gen_read(struct arena *a);
void app_gen_set(const char *zGen);
const char *app_gen(void);

/* Settings with their defaults (table setting). */
i64 setting_int(const char *zKey, i64 dflt);
/* Set a known setting; -1 with a message for an unknown key or value. */
int setting_set(const struct actor *a, const char *zKey, const char *zValue, struct buf *pErr);

/* What runs after cli_open() opened and migrated the database (and after
** `fazhi migrate` copied one): the repair of derived data a migration or a
** bulk copy leaves empty, e.g. the org tree's order keys.  The wiring
** installs it at start-up (the core knows no area); NULL runs nothing. */
void app_set_after_open(void (*xAfterOpen)(void));
void app_after_open(void);

/* Lay out document d as PDF (bPdf) or DOCX and append the file's bytes to
** pOut, through a temporary file in <data>/tmp (the writers write files).
** Returns 0, or -1 with a message in pErr.  d stays the caller's. */
struct doc;
int app_doc_bytes(const struct doc *d, bool bPdf, struct buf *pOut, struct buf *pErr);

/* The known settings and their defaults. */
struct setting_info {
  const char *zKey;
  i64 dflt, lo, hi;
  const char *zDesc;
};
extern const struct setting_info app_settings[];

/* Settings whose value is text (setting_text.c): the known keys with
** their descriptions; the value (in ar) or NULL when unset; change one
** (checked, audited; -1 with a message); whether zKey is one of them. */
struct setting_text_info {
  const char *zKey;
  const char *zDesc;
};
extern const struct setting_text_info app_text_settings[];
char *setting_text(struct arena *ar, const char *zKey);
int setting_set_text(const struct actor *a, const char *zKey, const char *zValue,
                     struct buf *pErr);
bool setting_is_text(const char *zKey);
/* The public address (setting public.address) with zPath after it, in ar,
** or NULL when the address is not set: what notices print for the
** public pages (https://fazhi.lishu.gov.cn/public/permits). */
char *setting_public_url(struct arena *ar, const char *zPath);

#endif
