/*
** public.h -- a register's pages without sign-in, by declaration.
**
** A register may declare (reg_def.pPublic) what the public may do with its
** records, and the kernel serves it as the public actor (core/public.h: no
** user, no role, a scope that reaches nothing), with every personal field
** masked, the forms that write protected by a token of the browser's own
** (double-submitted cookie), and every request counted against a rate
** limit kept in the database (core/ratelimit.h) per client address:
**
**   lookup  GET|POST /public/<seg>, POST /api/v1/public/<seg> {number,
**           code}: the record whose number field is the number and whose
**           check-code field is the code (compared in constant time; an
**           unknown number and a wrong code answer alike), shown as the
**           declared aShow (JSON keys and labels)
**   rating  GET|POST /public/<seg>/rate, POST /api/v1/public/<seg>/rate
**           {number, code, level, comment}: a row of another register
**           (pRate->zRating) made from the record found (xFill) and the
**           level and comment given, written as the public actor
**   list    GET /public/<seg>/list and its JSON feed GET
**           /api/v1/public/<seg>/list: the rows the declaration publishes
**           (a condition over the table), newest first, shown as aShow
**
** Nothing else is reachable: the public actor's scope matches no org, so
** only the reads written here (by number and code, the published rows)
** find anything, and a rating's references are the kernel's own reads.
*/
#ifndef FAZHI_REG_PUBLIC_H
#define FAZHI_REG_PUBLIC_H

#include "reg.h"

struct arena;

/* One value a public page shows of a record. */
struct reg_public_show {
  const char *zKey;              /* JSON key: "state" */
  const char *zLabel;            /* the page's label: 办理状态 */
  const char *zField;            /* the field, as the public sees it (choices by
                                 ** label, references by title, personal fields
                                 ** masked), or NULL for xValue */
  /* A value a rule derives from the record (NULL: none, shown "—"). */
  const char *(*xValue)(struct arena *ar, const struct reg_def *d, const struct reg_rec *pRec);
};

/* A rating form: one row of register zRating per rating. */
struct reg_public_rate {
  const char *zTitle;            /* 行政许可服务评价 */
  const char *zRating;           /* the register the ratings go to */
  const char *zLevelField;       /* its REG_CHOICE of levels */
  const char *zLevelPrompt;      /* the message when no level is chosen */
  const char *zCommentField;     /* its free text (optional in the form), or NULL */
  const char *zCommentLabel;     /* the form's label of it */
  const char *zNote;             /* text under the form */
  const char *zDone;             /* the page after a rating */
  const char *zDoneApi;          /* the API's message after a rating */
  /* Fill the rating's other fields (azRating, by zRating's fields) from the
  ** record found; references filled here are trusted (the kernel read the
  ** record).  Returns 0, or -1 with an error in e (REG_ECONFLICT: 409,
  ** e.g. a record that cannot be rated yet). */
  int (*xFill)(const struct reg_def *d, const struct reg_rec *pFound, const char **azRating,
               struct arena *ar, struct reg_err *e);
};

/* A publication list. */
struct reg_public_list {
  const char *zTitle;            /* 行政许可决定公开 */
  const char *zWhere;            /* SQL over t: the rows published (a literal) */
  const char *zOrder;            /* SQL over t: their order, newest first */
  const struct reg_public_show *aShow;
  int nShow;
  const char *zNote;             /* text under the list, or NULL */
};

/* A step of a case as its timeline on the lookup page shows it: the day
** in date field zField, said as zLabel (收件, 受理, 作出决定). */
struct reg_public_event {
  const char *zField;
  const char *zLabel;
};

struct reg_public {
  const char *zSeg;              /* /public/<seg> and /api/v1/public/<seg> */
  const char *zLimit;            /* the rate limit's purpose, shared by the pages */
  int nLimit, nWindow;           /* requests per address in each window of seconds */
  const char *zTitle;            /* the lookup page: 行政许可办理进度查询 */
  const char *zNumberField;      /* the field looked up: "number"; NULL: no lookup
                                 ** (and no rating), only the publication list */
  const char *zCodeField;        /* the check code beside it: "check_code" */
  const char *zHelp;             /* under the form: where the number and code are */
  const char *zNoMatch;          /* an unknown number or a wrong code */
  const struct reg_public_show *aShow;
  int nShow;
  const struct reg_public_rate *pRate;  /* or NULL */
  const struct reg_public_list *pList;  /* or NULL */
  /* The lookup's timeline (办理经过): the events whose day is set, in day
  ** order, then a link to the rating form (pRate); NULL: no timeline. */
  const struct reg_public_event *aEvent;
  int nEvent;
};

/* Append the public routes of d (none without pPublic) to a[*pn]. */
void reg_public_routes(const struct reg_def *d, struct reg_route *a, int *pn);

/* The handlers (the register is the one whose pPublic->zSeg the path names). */
void reg_public_page(struct req *r);
void reg_public_api(struct req *r);
void reg_public_rate_page(struct req *r);
void reg_public_rate_api(struct req *r);
void reg_public_list_page(struct req *r);
void reg_public_list_api(struct req *r);

#endif
