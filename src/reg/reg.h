/*
** reg.h -- the register kernel: a register is a static declaration, and
** everything a register needs comes from that declaration alone.
**
** A register (法律顾问, 机构, ...) is a struct reg_def: its names, its
** fields (struct reg_field: type, label, flags, limits, choices, the
** register a reference points at, help text, import aliases), the field
** holding the org that scopes each row, the roles that read and write,
** the steps of its state machine and a few hooks for the rules no
** declaration can hold.  From it the kernel gives (reg.c, page.c, api.c,
** cli.c, io.c, openapi.c):
**
**   pages   GET /<seg> list (search, filters, sorting, paging, export),
**           GET /<seg>/:id record, GET|POST /<seg>/new and /<seg>/:id/edit
**           (every error at once, each beside its field, a summary on
**           top, 保存成功 after the redirect), POST /<seg>/:id/<verb> for
**           steps and delete/void, the import page, template and export
**   API     GET /api/v1/<seg> {"items","total"} with limit/offset/q/
**           filters/sort, GET|PUT|DELETE /api/v1/<seg>/:id, POST
**           /api/v1/<seg>, POST /api/v1/<seg>/:id/<verb>, import, export,
**           template, error files
**   CLI     fazhi <cmd> list|show|add|set|import|export|template|<verb>
**   public  when declared (pPublic, public.h): a lookup by number and check
**           code, a rating form, a publication list and its feed, served
**           without sign-in as the public actor
**   always  one transaction and one audit entry per change (before/after
**           from the declaration), data scope on every read and write
**           (404 outside it), personal fields sealed with SM4 and masked
**           per role, OpenAPI paths and schemas (fazhi openapi); no lost
**           updates: the row read locked, stored only at the version read,
**           the register's cross-row rules under its lock
**
** Values travel as text: a record is an array of C strings, one per
** field in declaration order (NULL = empty).  Integers and references are
** decimal text, booleans "1"/"0", dates ISO, choices their code.  Every
** value from any source goes through reg_value() (value_check() for the
** scalar types), so the form, the JSON body, the --option and the
** workbook cell accept and refuse the same things.
**
** reg/ knows no particular register: the list of registers is handed
** down at start-up (reg_set_list), as the navigation is to html.c, and
** the org tree is reached only through its declaration (a REG_REF field
** names the register it points at) and the core's scope rule
** (org_scope_like, core/scope.h; reg_set_scope may replace it).  It
** includes core/ and below, never areas/ or desk/.
*/
#ifndef FAZHI_REG_H
#define FAZHI_REG_H

#include "../common.h"
#include "../base/value.h"

struct actor;
struct arena;
struct buf;
struct req;
struct reg_rec;
struct json_w;
struct stmt;
struct calendar;

/* Field types: the scalar ones are value.h's VAL_*, then the kernel's. */
enum {
  REG_TEXT = VAL_TEXT, REG_INT = VAL_INT, REG_DATE = VAL_DATE,
  REG_USCC = VAL_USCC, REG_IDCARD = VAL_IDCARD, REG_REGION = VAL_REGION,
  REG_SCHOOL = VAL_SCHOOL, REG_CHOICE = VAL_CHOICE, REG_PHONE = VAL_PHONE,
  REG_BOOL = VAL_BOOL,
  REG_REF = 20,          /* the id of a row of another register (zRef) */
  REG_FILE = 21          /* an attachment: the stored file's name */
};

/* Field flags. */
enum {
  RF_REQUIRED = 1<<0,    /* must be given */
  RF_UNIQUE   = 1<<1,    /* no two rows share a value (personal: by blind index) */
  RF_LIST     = 1<<2,    /* a column of the list page */
  RF_SEARCH   = 1<<3,    /* matched by the search box (text: anywhere; codes: whole) */
  RF_FILTER   = 1<<4,    /* a filter of the list (choices, refs, bools) */
  RF_READONLY = 1<<5,    /* not in add/edit forms and bodies: set by steps or hooks */
  RF_PERSONAL = 1<<6,    /* personal data: sealed at rest, masked per role */
  RF_NOIO     = 1<<7,    /* not a workbook column */
  RF_LONG     = 1<<8,    /* a multi-line text box */
  RF_TITLE    = 1<<9,    /* the record's name (breadcrumbs, choice lists, audit) */
  RF_CODE     = 1<<10,   /* REG_TEXT holding a code: full-width folded, upper-cased */
  RF_TECH     = 1<<11    /* machinery (a hash, an algorithm's name): the record page keeps
                         ** it under a closed 技术信息 fold (lead.c) */
};

/* What DELETE does. */
enum { REG_DEL_NONE, REG_DEL_DELETE, REG_DEL_VOID };

/* The kinds of error a rule returns; reg_err_status() and reg_err_exit()
** map them to the HTTP status and the command's exit status, nowhere
** else. */
enum { REG_OK, REG_EINVALID, REG_ENOTFOUND, REG_ECONFLICT, REG_EDENIED, REG_EGONE,
       REG_EGATE         /* a step's gate is not met: 409 "gate", the conflict exit */
};

/* A struct reg_err lists at most this many problems and counts the rest
** (nMore); nothing else in the kernel has a fixed limit. */
#define REG_MAX_ERRS   32

/* A register's fields are declared once, by name, as an X-macro list:
**
**   #define ADVISER_FIELDS(X) \
**     X(A_ORG, .zKey = "org_id", .zLabel = "聘请单位", .eType = REG_REF, ...) \
**     X(A_NAME, .zKey = "name", ...)
**   enum { ADVISER_FIELDS(REG_FIELD_ENUM) A_NFIELD };
**   static const struct reg_field aField[] = { ADVISER_FIELDS(REG_FIELD_INIT) };
**
** so the index constants (A_ORG ...) and the array come from the same
** list and cannot drift; the members are designated, never positional. */
#define REG_FIELD_ENUM(id, ...) id,
#define REG_FIELD_INIT(id, ...) [id] = { __VA_ARGS__ },
/* A declared range of a REG_INT field: .bRange, .nLo, .nHi. */
#define REG_RANGE(lo, hi) .bRange = true, .nLo = (lo), .nHi = (hi)

struct reg_field {
  const char *zKey;              /* column, JSON key, form name, --option
                                 ** (with - for _), template header source */
  const char *zLabel;            /* Chinese label and workbook header */
  int eType;                     /* REG_* */
  unsigned mFlags;               /* RF_* */
  int nMax;                      /* REG_TEXT: most characters (0 = 200) */
  const char *const *azChoice;   /* REG_CHOICE: code, label, ..., NULL */
  const char *zRef;              /* REG_REF: the register's zName ("org") */
  const char *zHelp;             /* hint under the form field, or NULL */
  const char *const *azAlias;    /* other workbook headers, or NULL */
  int nWidth;                    /* export column width (0 = from label) */
  /* ---- declared rules (reg/rule.c), checked on every write from every
  ** source (form, JSON, --option, workbook); each optional ---- */
  bool bRange;                   /* REG_INT: the value lies in nLo..nHi */
  i64 nLo, nHi;                  /*   (REG_RANGE(2000, 2100)) */
  const char *zNotBefore;        /* REG_DATE: not before the date of this field */
  const char *zRequiredIf;       /* required when this field has a value ... */
  const char *const *azRequiredIs;  /* ... (NULL) or one of these codes */
  const char *zRefKind;          /* REG_REF: the field of the referenced register
                                 ** whose value must be one of azRefKind ... */
  const char *const *azRefKind;  /*   codes, NULL-terminated */
  const char *zRefKindLabel;     /*   what they are, for the message ("中小学或幼儿园") */
  /* SQL (a literal, no parameters) that must find a row for the field to be
  ** shown on the list and the record page (示例数据: only while demo rows
  ** exist), or NULL: always (lead.c). */
  const char *zShowIf;
  /* REG_CHOICE: SQL finding a row for each code the forms offer (?1 the
  ** form's value of field zChoiceBy, else the current year; ?2 the code),
  ** or NULL: every code.  Only what the forms offer: the rules still check
  ** the value (the checklist item: its year's template). */
  const char *zChoiceSql;
  const char *zChoiceBy;
};

/* What a REG_FILE field takes (reg/file.c), named in reg_def.aFileRule:
** the kinds of file (core/files.h FILE_PHOTO|FILE_PDF|FILE_OFFICE|
** FILE_VIDEO, 0 = all) and the most bytes of one (0 = FILE_MAX_DEFAULT,
** 20 MiB).  A file field is declared RF_READONLY|RF_NOIO: its value (the
** SM3 of the stored file) is set only through its upload route, POST
** /<seg>/:id/files/<key> (and /api/v1/...), in one transaction with one
** audit entry naming the SM3.  (Kept beside the fields, not in struct
** reg_field, while the fields are positional initialisers.) */
struct reg_file_rule {
  const char *zKey;              /* the REG_FILE field */
  unsigned mKinds;
  i64 nMax;
  bool bForm;                    /* also a file input of the add/edit forms (which
                                 ** then post multipart, streamed) */
};

struct reg_def;
struct reg_public;

/* What a hook or a step rule sees: the change being made, inside its
** transaction.  azOld is NULL for a create; azNew is what will be
** stored (a hook may change it); errors go to pErr. */
struct reg_ctx {
  const struct reg_def *d;
  const struct actor *a;
  struct arena *ar;              /* lives as long as the change */
  i64 id;                        /* 0 before a create's insert */
  const char **azOld;            /* [nField] before, or NULL */
  const char **azNew;            /* [nField] after */
  const char *zVerb;             /* "create" "update" or the step's verb */
  struct reg_err *pErr;
};

/* A step of the state machine: from one of azFrom to zTo. */
struct reg_step {
  const char *zVerb;             /* URL and command word: "dismiss" */
  const char *zLabel;            /* button: 解聘 */
  const char *const *azFrom;     /* states it leaves from (codes), NULL-terminated */
  const char *zTo;               /* the state it goes to */
  unsigned mRoles;               /* who may take it */
  const char *const *azAsk;      /* field keys the step asks for, NULL-terminated */
  int (*xRule)(struct reg_ctx *c);  /* may refuse: reg_err_add, return -1 */
  /* ---- the gate (reg/gate.c): what must be true before the step, checked
  ** inside its transaction after the asked fields are applied; each
  ** missing condition is a REG_EGATE error (409 "gate") in plain Chinese,
  ** and the record page shows them beside the disabled button ---- */
  const char *const *azNeed;     /* fields that must have a value, NULL-terminated */
  const char *const *azAfter;    /* earlier steps (verbs) the record must have taken
                                 ** (found in the audit log of this record) */
  const struct reg_need *aNeedRec;  /* records in other registers, {0}-terminated */
  /* Conditions no declaration can state (children present and complete,
  ** say, until children are declared): add REG_EGATE errors to e and
  ** return -1.  c->azNew is the record as it would be after the step. */
  int (*xGate)(struct reg_ctx *c, struct reg_err *e);
  /* ---- how the record page leads (reg/lead.c) ---- */
  bool bAside;                   /* not the usual next step: behind 「其他操作」 (the first
                                 ** step allowed that is not aside is the one primary
                                 ** action of the record page) */
  const char *zDone;             /* what the notice says after it (「已受理，办理期限开始
                                 **计算」), NULL = 「已<zLabel>」 and the new state */
};

/* A field's label in some states (reg/lead.c): the record page and its
** deadlines say zLabel while the state is one of azState, or hide the
** field then when zLabel is NULL (受理审查期限 before 受理, for a due day
** that is 法定期限 after it). */
struct reg_state_label {
  const char *zField;            /* the field's key */
  const char *const *azState;    /* state codes, NULL-terminated */
  const char *zLabel;            /* the label then, or NULL: not shown then */
};

/* A gate's condition on another register: a row of zReg in state zState
** that points at this record (its field zBack holds our id) or that this
** record points at (our field zVia holds its id). */
struct reg_need {
  const char *zReg;              /* the register's zName */
  const char *zBack;             /* its REG_REF field naming us, or NULL */
  const char *zVia;              /* our REG_REF field naming it, or NULL */
  const char *zState;            /* the code its state field must have */
  const char *zLabel;            /* the condition in words: 通过的合法性审核 */
};

/* Multi-field uniqueness: no two live rows share the values of azField
** (backed by a unique index of the schema; checked before the write so
** the user gets 409 naming the fields). */
struct reg_unique {
  const char *const *azField;    /* field keys, NULL-terminated */
};

/* Numbering: field zField gets zFormat with %Y the year (of date field
** zYearFrom, else the current year) and %N the next number of that year's
** sequence (table reg_seq, never reused, even after a void), assigned in
** the transaction of a create (zOnVerb NULL) or of step zOnVerb. */
struct reg_number {
  const char *zField;
  const char *zFormat;           /* "梨教许〔%Y〕%N号" */
  const char *zYearFrom;         /* a REG_DATE field, or NULL */
  const char *zOnVerb;           /* a step's verb, or NULL = on create */
};

struct reg_def {
  const char *zName;             /* identifier, audit entity, registry key: "adviser" */
  const char *zTable;            /* SQL table: "adviser" */
  const char *zSeg;              /* URL segment: "advisers" */
  const char *zCmd;              /* command word: "adviser" */
  const char *zTitle;            /* 法律顾问: one record (新增法律顾问) */
  const char *zListTitle;        /* the list page and menu (机构名录), NULL = zTitle */
  const char *zNavGroup;         /* 法制审核 (left navigation group); NULL: not in the navigation */
  const char *zOrgField;         /* the REG_REF field of the row's org ("org_id"), or
                                 ** "id" when the row is an org itself */
  const char *zScopeAlso;        /* SQL on the row's org s that reading one record
                                 ** also allows outside the scope, or NULL */
  unsigned mRead, mWrite;        /* roles (0 = every signed-in user may read) */
  unsigned mFull;                /* roles that see personal fields in full */
  const struct reg_field *aField;
  int nField;
  const char *zStateField;       /* the REG_CHOICE field steps move, or NULL */
  const char *zInitial;          /* its value on create */
  const struct reg_step *aStep;
  int nStep;
  int eDelete;                   /* REG_DEL_* */
  const char *zOrder;            /* default list order (SQL over t.), or NULL = t.id */
  /* Rules across fields, run inside the transaction before every write;
  ** add errors and return -1 to refuse. */
  int (*xCheck)(struct reg_ctx *c);
  /* Derived values, run on every write after xCheck (may set azNew). */
  void (*xDerive)(struct reg_ctx *c);
  /* After the row is written (c->id set), inside the transaction. */
  int (*xAfter)(struct reg_ctx *c);
  /* Documents besides xlsx/csv (?format=docx|pdf, --format docx|pdf) of
  ** the actor's rows: 0, or -1 with a message; NULL = none. */
  int (*xDocument)(const struct actor *a, const char *zFormat, struct buf *pOut,
                   struct buf *pErr);
  const char *zCounter;          /* measure word in messages (个, 名), NULL = 条 */
  /* Values a new form starts with (after references to orgs were set to
  ** the user's unit), or NULL. */
  void (*xDefaults)(const struct actor *a, const char **az);
  /* More lines for the command's usage (options a wrapper command takes
  ** before reg_cmd), or NULL. */
  const char *zUsageMore;
  /* More of the record page, after its facts and before its actions
  ** (attachments, say), or NULL. */
  void (*xShowMore)(struct req *r, const struct actor *a, const struct reg_rec *pRec);
  /* When the rows naming one record of another register move to another
  ** (reg_move_refs: a school merged into another), the columns that with
  ** the reference make a row unique in the table ("year,item"): a row the
  ** record moved to already has its like of stays where it was.  NULL: the
  ** table has no such key.  (layers) */
  const char *zMoveKey;
  /* ---- declared rules over several fields (reg/rule.c) ---- */
  const struct reg_unique *aUnique;  /* multi-field uniqueness, nUnique of them */
  int nUnique;
  const struct reg_number *pNumber;  /* numbering, or NULL */
  /* Columns of the table that are not fields (kept by hooks) and that
  ** zOrder may name, NULL-terminated, or NULL (besides id, created_at,
  ** updated_at, voided_at, which every table has). */
  const char *const *azColumn;
  /* Pages without sign-in (a lookup by number and check code, a rating
  ** form, a publication list and its feed), served as the public actor
  ** (reg/public.h), or NULL. */
  const struct reg_public *pPublic;
  /* Child records (child.c): the registers whose rows belong to one row
  ** of this one (a permit's pauses), or NULL. */
  const struct reg_child *aChild;
  int nChild;
  /* When this register is a child: its REG_REF field naming the parent
  ** row (read-only, set by the kernel from the parent's URL).  Its org
  ** field is copied from the parent, so its scope is the parent's; it
  ** has no pages of its own (zSeg NULL): it lives under the parent's. */
  const char *zParentField;
  /* Deadlines on the clock (deadline.c), or NULL. */
  const struct reg_deadline *aDeadline;
  int nDeadline;
  /* The REG_FILE fields' kinds and caps, ending with a zKey NULL row, or
  ** NULL (every kind, 20 MiB). */
  const struct reg_file_rule *aFileRule;
  /* A REG_DATE field past which a row has expired (an appointment's
  ** last day), or NULL: an expired row is marked 已期满 on its list and
  ** page and left out of the choices of references to it (lead.c). */
  const char *zExpireField;
  /* Labels by state (reg/lead.c), or NULL. */
  const struct reg_state_label *aStateLabel;
  int nStateLabel;
};

/* A child register of a parent. */
struct reg_child {
  const struct reg_def *pDef;    /* the child's declaration (its zParentField links here) */
  const char *zSeg;              /* URL segment and command word under the parent: "pauses" */
};

/* A deadline a register declares: the kernel derives field zDueField on
** every write from the start field, the limit, the pauses (rows of the
** child zPauseChild: their fields zPauseStart..zPauseEnd, kind zPauseKind)
** and the extension (working days in zExtField), lists what is due and
** overdue (fazhi <cmd> due, GET /api/v1/<seg>/due), explains it
** (fazhi <cmd> explain ID, the record page), and recomputes the open rows
** when the calendar changes. */
struct reg_deadline {
  const char *zLabel;            /* 答复期限 */
  const char *zStartField;       /* the REG_DATE field the limit runs from */
  int nLimit;                    /* the limit ... */
  int eUnit;                     /* ... in CLOCK_WORKDAY, CLOCK_DAY or CLOCK_MONTH (core/clock.h) */
  const char *zDueField;         /* the REG_DATE field the due day is derived into */
  const char *zPauseChild;       /* the child (its zSeg) holding pauses, or NULL */
  const char *zPauseStart, *zPauseEnd, *zPauseKind;  /* its fields */
  const char *zExtField;         /* REG_INT field: extension in working days, or NULL */
  const char *const *azOpen;     /* states in which it runs: derived, listed, recomputed
                                 ** (NULL: every state); in the others the due day
                                 ** stays as it was */
  bool bNoList;                  /* derived and explained, not listed by due */
  /* Or the register computes it itself (permit: limits from its item):
  ** return 0 with *pDue (0: none, the field is emptied), 1 to keep the
  ** field as it is, or -1 with a message in pErr (the field is emptied);
  ** append the explanation to pEx (may be NULL). */
  int (*xCompute)(const struct calendar *cal, const struct reg_def *d, i64 id,
                  const char **az, struct arena *ar, int *pDue, struct buf *pEx,
                  struct buf *pErr);
};

/* Errors: every problem found, each with its field, and one kind. */
struct reg_err {
  int eKind;                     /* the first non-invalid kind, else REG_EINVALID */
  int n;
  struct { const char *zField; const char *zMsg; } a[REG_MAX_ERRS];
  struct arena *ar;              /* the messages */
  int nMore;                     /* problems beyond REG_MAX_ERRS, counted, not kept */
};

/* ---- the registry (wired at start-up) ---- */

/* Install the NULL-terminated list of registers and the scope hook: the
** LIKE pattern of org paths an actor may reach (org_scope_like). */
void reg_set_list(const struct reg_def *const *apDef);
void reg_set_scope(char *(*xScopeLike)(struct arena *, const struct actor *));
/* The register named zName (zName or zCmd or zSeg), or NULL. */
const struct reg_def *reg_find(const char *zName);
/* Numbering (seq.c): the next number (1, 2, ...) of sequence zName for
** year, taken in the caller's transaction and never given again (0 when
** the database refused); and zFormat written out with %Y the year and %N
** zNum (「梨教发〔%Y〕%N号」), in ar. */
i64 reg_seq_next(const char *zName, int year);
char *reg_seq_format(struct arena *ar, const char *zFormat, int year, const char *zNum);
/* The NULL-terminated list. */
const struct reg_def *const *reg_list(void);
/* Check every declaration of the NULL-terminated list apDef (each against
** the whole list: references, tables, URL segments and command words);
** each problem is one line naming the register and the field, appended to
** pOut.  Returns the number of problems.  reg_set_list() runs it and
** stops start-up on any problem. */
int reg_check_defs(const struct reg_def *const *apDef, struct buf *pOut);
/* The index of field zKey, or -1. */
int reg_field_index(const struct reg_def *d, const char *zKey);
/* The state field's index, or -1. */
int reg_state_index(const struct reg_def *d);
/* The title field's index (RF_TITLE, else the first text field). */
int reg_title_index(const struct reg_def *d);
/* The step named zVerb, or NULL. */
const struct reg_step *reg_step_find(const struct reg_def *d, const char *zVerb);
/* Zeroed arrays with one slot per field of d (values NULL, flags false),
** in ar: what a form, a body or the options of a command fill. */
const char **reg_values_alloc(struct arena *ar, const struct reg_def *d);
bool *reg_flags_alloc(struct arena *ar, const struct reg_def *d);
/* The label of choice code z of field f (z itself when unknown). */
const char *reg_choice_label(const struct reg_field *f, const char *z);

/* ---- errors ---- */

void reg_err_init(struct reg_err *e, struct arena *ar);
/* Record a problem of kind eKind about field zField (NULL: the record). */
void reg_err_add(struct reg_err *e, int eKind, const char *zField, const char *zFmt, ...);
/* The message of field zField, or NULL. */
const char *reg_err_of(const struct reg_err *e, const char *zField);
/* All messages joined by "；" (in e->ar). */
const char *reg_err_text(const struct reg_err *e);
/* HTTP status, API error code and exit status of a kind. */
int reg_err_status(int eKind);
const char *reg_err_code(int eKind);
int reg_err_exit(int eKind);
/* Reply to an API request with every problem of e: the status of its kind
** (422 invalid, 404, 409, 403, 410), DESIGN's {"error":{code,message,
** field}} naming the first and "errors": [{field, message}] with all of
** them.  A row of the request's register that exists outside the user's
** scope is audited (reg_note_out_of_scope).  Hand-written endpoints that
** collect their problems in a struct reg_err answer through it too. */
void reg_api_error(struct req *r, const struct reg_err *e);

/* ---- values ---- */

/* Check and normalise zIn for field f (value_check, then the choice's
** code, a reference's existence in the actor's scope).  Returns 0 with
** *pzOut (NULL when empty) or -1 with an error on f in e. */
int reg_value(const struct reg_def *d, const struct reg_field *f, const struct actor *a,
              const char *zIn, struct arena *ar, const char **pzOut, struct reg_err *e);
/* A reference by id or by title ("梨树县第一实验小学") to a row of register
** zRef the actor reaches; 0 when none. */
i64 reg_ref_lookup(const char *zRef, const struct actor *a, const char *zIn);
/* A LIKE pattern matching z anywhere as plain text (% _ \ escaped; use
** with ESCAPE '\'), in ar. */
char *reg_like(struct arena *ar, const char *z);
/* The title of row id of register zRef (in ar), or NULL. */
char *reg_ref_title(struct arena *ar, const char *zRef, i64 id);
/* Between these two calls, on this thread, reg_ref_title() with arena ar
** looks each (register, id) up once and gives the same title again: for
** writing one list, whose rows name the same few records. */
void reg_list_begin(struct arena *ar);
void reg_list_end(void);
/* The value as shown to the actor: choices as labels, refs as titles,
** personal fields masked unless the actor's roles see them in full. */
const char *reg_display(struct arena *ar, const struct reg_def *d, int iField,
                        const struct actor *a, const char *z);

/* ---- records ---- */

/* A row as read: id, values, state; voided rows carry their reason. */
struct reg_rec {
  i64 id;
  const char **az;               /* [nField], plain text (personal opened) */
  i64 createdAt, updatedAt;
  const char *zVoidReason;       /* non-NULL when voided */
  i64 version;                   /* 1 when created, one more on every write: a
                                 ** change names the version it was read at */
};

/* Read row id when the actor's scope reaches it.  Returns 0, or -1 with
** REG_ENOTFOUND in e (outside the scope looks the same as absent). */
int reg_get(const struct reg_def *d, const struct actor *a, i64 id, struct arena *ar,
            struct reg_rec *pRec, struct reg_err *e);
/* Create a row from azIn (by field, NULL = not given), checking every
** field and the hooks; one transaction and one audit entry.  Returns 0
** with *pId, or -1 with every problem in e. */
int reg_create(const struct reg_def *d, const struct actor *a, const char **azIn,
               i64 *pId, struct reg_err *e);
/* Change row id: fields with abSet[i] take azIn[i], the others keep
** theirs.  Returns as reg_create. */
int reg_update(const struct reg_def *d, const struct actor *a, i64 id,
               const char **azIn, const bool *abSet, struct reg_err *e);
/* reg_update and reg_step that refuse, with REG_ECONFLICT (409) naming
** what they found, when the row is no longer at version (the one the form
** or the client read; 0 = whatever it is now).  Every write reads the row
** it changes under a lock and stores it only at the version
** it read, so of two concurrent changes to one row the second never
** overwrites the first unseen (see reg_get_locked and reg_lock_rules in
** internal.h). */
int reg_update_at(const struct reg_def *d, const struct actor *a, i64 id, i64 version,
                  const char **azIn, const bool *abSet, struct reg_err *e);
int reg_step_at(const struct reg_def *d, const struct actor *a, i64 id, i64 version,
                const char *zVerb, const char **azIn, struct reg_err *e);
/* Delete (REG_DEL_DELETE) or void with a reason (REG_DEL_VOID). */
int reg_delete(const struct reg_def *d, const struct actor *a, i64 id,
               const char *zReason, struct reg_err *e);
/* The missing conditions of step s's gate on record pRec (REG_EGATE errors
** in e, fields the step asks for left out when bAsked is false: the form
** supplies them).  Returns their number.  reg_step() runs it with the
** record as the step would leave it, inside its transaction. */
int reg_gate_check(const struct reg_def *d, const struct actor *a, const struct reg_step *s,
                   i64 id, const char **az, bool bAsked, struct arena *ar, struct reg_err *e);
/* Take step zVerb on row id with the asked fields in azIn (by field). */
int reg_step(const struct reg_def *d, const struct actor *a, i64 id, const char *zVerb,
             const char **azIn, struct reg_err *e);

/* A list query. */
struct reg_query {
  const char *zSearch;           /* q: search text or NULL */
  const char **azFilter;         /* NULL (no filter), or [nField] by field:
                                 ** code/id/"1"/"0" or NULL (reg_query_filters) */
  int iSort;                     /* field index to sort by, -1 = the register's order */
  bool bDesc;
  bool bVoided;                  /* also voided rows */
  bool bById;                    /* in id order, not the list's (bulk work: no sort) */
  i64 limit, offset;
};
void reg_query_init(struct reg_query *pq);
/* Give pq an empty filter per field of d (in ar) and return it. */
const char **reg_query_filters(struct reg_query *pq, const struct reg_def *d, struct arena *ar);
/* Prepare the list query: columns id, created_at, updated_at,
** void_reason, then every field in order.  Step with db_step; read
** rows with reg_row(); finalize. */
void reg_select(const struct reg_def *d, const struct actor *a, const struct reg_query *pq,
                struct stmt *q);
/* Rows matching pq (ignoring limit/offset). */
i64 reg_count(const struct reg_def *d, const struct actor *a, const struct reg_query *pq);
/* The current row of a reg_select statement (values in ar, opened). */
void reg_row(const struct reg_def *d, struct stmt *q, struct arena *ar, struct reg_rec *pRec);
/* After a request for row id of d answered "not found": when the row
** exists (outside the actor's scope) the attempt is audited as denied
** (its own transaction; nothing when called inside one). */
void reg_note_out_of_scope(const struct reg_def *d, const struct actor *a, i64 id);
/* A record as JSON (for the API and the audit): id, every field (masked
** per a when a is given; the audit gets plain values of all but personal
** fields, which it records as "已加密"), labels of choices as <key>_name,
** titles of refs as <key>_name. */
void reg_rec_json(struct json_w *j, const struct reg_def *d, const struct reg_rec *pRec,
                  const struct actor *a, struct arena *ar);

/* How the audit page shows the register's entries (core/audit.h), made
** from the declaration once and kept: the title, a link to the record,
** every field's label, choices by name, orgs by name. */
struct audit_kind;
const struct audit_kind *reg_audit_kind(const struct reg_def *d);

/* Every statement of every register, prepared once and finalized (a
** test: the SQL the kernel writes runs on this engine).  Returns the
** number prepared. */
int reg_prepare_all(void);

/* ---- workbooks (io.c) ---- */

struct table_input;
struct table_def;
/* What an import did. */
struct reg_import_result {
  int nRow;                      /* data rows in the file */
  int nCreated;                  /* rows written (all, or none) */
  struct table_input *pIn;       /* when rows had errors: the rows and errors */
};
/* Import an xlsx or CSV file (p, n bytes) as new rows, all or nothing:
** every row is checked as a form would be (plus duplicates inside the
** file); one transaction, one audit entry per row.  Returns 0
** (res->nCreated), 1 when rows have errors (res->pIn; nothing written),
** -1 when the file itself is unusable, or -2 when a concurrent writer
** took a unique value between the checks and the writes (message in pErr;
** nothing written).  Release
** with reg_import_result_free(). */
int reg_import(const struct reg_def *d, const struct actor *a, const void *p, size_t n,
               struct reg_import_result *res, struct buf *pErr);
void reg_import_result_free(struct reg_import_result *res);
/* The errors as text (one per line, then a summary); the upload back with
** a 错误说明 column (p, n: the bytes given to reg_import). */
int reg_error_text(const struct reg_def *d, const struct reg_import_result *res,
                   struct buf *pOut);
int reg_error_file(const struct reg_def *d, const struct reg_import_result *res,
                   const void *p, size_t n, struct buf *pOut, struct buf *pErr);
/* Export the actor's rows (TABLE_XLSX or TABLE_CSV), masked per role. */
int reg_export(const struct reg_def *d, const struct actor *a, int eFormat, struct buf *pOut,
               struct buf *pErr);
/* The empty template of the import. */
int reg_template(const struct reg_def *d, int eFormat, struct buf *pOut, struct buf *pErr);
/* Keep an error file for a user's download: the token (in ar) or NULL;
** read it back (-1 when absent or expired; *pbCsv set). */
char *reg_keep_error_file(struct arena *ar, i64 userId, int eFormat, const struct buf *pFile);
int reg_load_error_file(struct arena *ar, i64 userId, const char *zTok, struct buf *pOut,
                        bool *pbCsv);
/* The upload of an import request (multipart field "file", or the raw
** body of an API call); -1 when there is none. */
int reg_upload_bytes(struct req *r, const char **pp, size_t *pn);
/* Reply to an API import: 200 {"created"}, 400 bad_file, or 422 with
** every error and the error file's URL.  t is the declaration read. */
void reg_import_reply(struct req *r, const struct reg_def *d, const struct table_def *t,
                      int rc, struct reg_import_result *res, const void *p, size_t n,
                      struct buf *pErr);

/* ---- web, API, CLI, workbooks, OpenAPI (page.c api.c cli.c io.c openapi.c) ---- */

/* A route row of a register (the wiring copies it into its table). */
struct reg_route {
  const char *zMethod;
  const char *zPath;
  void (*xHandler)(struct req *);
  unsigned mRoles;               /* 0 = any signed-in user */
  unsigned mFlags;               /* RR_* */
};
enum { RR_CACHE = 1, RR_LONG = 2, RR_UPLOAD = 4,
       RR_PUBLIC = 8,              /* no sign-in (the public pages) */
       RR_NOCSRF = 16,             /* a public POST checked by its own token, or a read */
       RR_STREAM = 32 };           /* an upload streamed to a file (reg/file.c) */
#define REG_NROUTE 96       /* enough for the rows, the children's, deadlines', files', documents' */
/* Write register d's rows into a[] (at most REG_NROUTE; paths in heap
** memory kept for the life of the process); returns how many. */
int reg_routes(const struct reg_def *d, struct reg_route *a);

/* The <option>s of the rows of register zRef the actor reaches, in that
** register's order (for orgs: the one org order), zSel (an id) selected. */
void reg_ref_options(struct req *r, const char *zRef, const struct actor *a, const char *zSel);

void reg_list_page(struct req *r);
void reg_show_page(struct req *r);
void reg_new_page(struct req *r);
void reg_edit_page(struct req *r);
void reg_action_page(struct req *r);
void reg_export_page(struct req *r);
void reg_import_page(struct req *r);
void reg_template_page(struct req *r);
void reg_import_errors_page(struct req *r);
void reg_list_api(struct req *r);
void reg_get_api(struct req *r);
void reg_create_api(struct req *r);
void reg_update_api(struct req *r);
void reg_delete_api(struct req *r);
void reg_step_api(struct req *r);
void reg_import_api(struct req *r);

/* Attachments (file.c): a register's REG_FILE fields. */
/* Append the file routes of d (upload and download, page and API) to a
** at *pn. */
void reg_file_routes(const struct reg_def *d, struct reg_route *a, int *pn);
/* The routes' handlers and the upload cap (routes.h xUploadCap). */
void reg_file_upload_page(struct req *r);
void reg_file_download_page(struct req *r);
void reg_file_cap(struct req *r);
/* The record page's fact for file field iField (its name, size and a
** download link) and the upload forms of every file field. */
void reg_file_fact(struct req *r, const struct reg_def *d, const struct reg_rec *pRec,
                   int iField);
void reg_file_forms(struct req *r, const struct reg_def *d, const struct actor *a,
                    const struct reg_rec *pRec);
/* "<key>_file": {name, size, type, sm3, url} of file field iField (JSON). */
void reg_file_json(struct json_w *j, const struct reg_def *d, const struct reg_rec *pRec,
                   int iField, struct arena *ar);
/* The add/edit forms: true when d has a file field with bForm; the file
** input of field f; before the change, every form file checked (kind,
** size) into e (returns the number of problems); after it, each one
** stored on row id (0, or -1 with the problem in e). */
bool reg_file_in_form(const struct reg_def *d);
void reg_file_control(struct req *r, const struct reg_def *d, const struct reg_field *f,
                      const char *zErr);
int reg_file_form_check(struct req *r, const struct reg_def *d, struct reg_err *e);
int reg_file_form_take(struct req *r, const struct reg_def *d, const struct actor *a, i64 id,
                       struct reg_err *e);

/* Attach the bytes p[0..n) to REG_FILE field zField of row id of d (a
** child row too) from code -- a demo loader, a document kept on its
** record -- as the upload route does: kinds and cap checked from the
** bytes, the store, file_ref (named zName), one audit entry "attach", in
** one transaction (the caller's when it holds one).  0, or -1 with the
** problem in e.  (attach.c) */
int reg_file_attach(const struct reg_def *d, const struct actor *a, i64 id, const char *zField,
                    const void *p, size_t n, const char *zName, struct reg_err *e);

/* fazhi <register> ...: the command of every register. */
int reg_cmd(int argc, char **argv);
/* fazhi openapi: print the OpenAPI document (the hand-written base with
** every register's paths and schemas merged in). */
void reg_openapi(struct buf *pOut, const char *zBase);

/* The summary on top of a hand-written form (web/html.h's, as the
** register kernel draws it): every problem of e, linked to its field,
** with the field's label from azLabel (key, label pairs, NULL-terminated).
** Nothing when e holds none.  (form.c; was core's app.c) */
void app_err_summary(struct req *r, const struct reg_err *e, const char *const *azLabel);
/* The path of the org that the row id of register zEntity concerns (its
** org field; for a row already deleted, the org field in zBefore, the
** record as it was), in ar; NULL when zEntity is no register with an org
** field.  Installed for the audit log with audit_set_subject. (subject.c) */
char *reg_audit_subject(struct arena *ar, const char *zEntity, i64 id, const char *zBefore);
/* Inside the caller's transaction, make every row of every register (but
** zTarget's own) whose REG_REF field to zTarget names record from name
** record into instead -- except a row whose like (by the register's
** zMoveKey) into already has, which stays.  Appends to pNote, for every
** such register, the JSON members "<name>":<moved>, and "<name>_kept":<kept>
** when it declares zMoveKey (comma-separated, no braces).  A register added
** later follows by its declaration alone.  (refs.c) */
void reg_move_refs(const char *zTarget, i64 from, i64 into, struct buf *pNote);
/* Take the steps of a demo steps file (CSV: 登记簿,名称,步骤,字段 with the
** fields as key=value;key=value) through reg_step in file order, the record
** found by its register's title, or by the field a name "key=value" gives
** (the first live row that has it).
** Returns 0, or -1 at the first failure with the line and the problem in
** pErr.  (demo.c) */
int reg_demo_steps(const struct actor *a, const char *zCsv, size_t n, struct buf *pErr);
/* The fields "key=value;key=value" of a demo file's line nLine into az (by
** field of d; zKv is cut in place): 0, or -1 naming an unknown field in
** pErr.  (demo.c) */
int reg_demo_fields(const struct reg_def *d, char *zKv, const char **az, int nLine,
                    struct buf *pErr);
/* ---- deadlines (deadline.c) ---- */

/* Compute deadline dl of row id (values az) on calendar cal: as xCompute
** returns (0 with *pDue, 1 keep, -1 error), the explanation to pEx. */
int reg_deadline_compute(const struct calendar *cal, const struct reg_def *d,
                         const struct reg_deadline *dl, i64 id, const char **az,
                         struct arena *ar, int *pDue, struct buf *pEx, struct buf *pErr);
/* Derive every declared due day of c->azNew (reg.c, on every write). */
void reg_deadline_derive(struct reg_ctx *c);
/* Recompute the due days of the open rows of every register with a
** declared deadline on the calendar as it now is, inside the caller's
** transaction (a calendar change); one audit entry "recompute" per changed
** row, carrying every due day that moved.  Returns the number of rows. */
int reg_deadline_recompute(const struct actor *a, struct buf *pErr);
/* Whether row id of d may have rows of its child zChild: during a
** recompute from one read of the child table's parent column (no query
** per row for the many rows without pauses), else always true. */
bool reg_deadline_may_have(const struct reg_def *d, const char *zChild, i64 id);
/* The deadlines on a record page: due day, working days left or overdue,
** the explanation day by day. */
void reg_deadline_show(struct req *r, const struct reg_def *d, const struct actor *a,
                       const struct reg_rec *pRec);
/* The mark of a due day counted past a year the calendar does not hold
** (暂定), for field iField of d holding z: NULL when z is no declared due
** day or is final; "暂定", or with bLong the reason, in ar. */
const char *reg_due_note(struct arena *ar, const struct calendar *cal, const struct reg_def *d,
                         int iField, const char *z, bool bLong);
/* Whether field iField of d holding z is a declared due day counted past a
** year the calendar does not hold (暂定): 1 yes, 0 no (or no value), -1
** when the field is no declared due day (the record JSON's <key>_provisional). */
int reg_due_provisional(const struct reg_def *d, int iField, const char *z);
/* reg_display_page for a person's page or list (dates as 2024年11月15日):
** a 暂定 due day marked so. */
const char *reg_show_value(struct arena *ar, const struct reg_def *d, int iField,
                           const struct actor *a, const char *z);
/* GET /api/v1/<seg>/due?within=N&as_of=D: what is due within N working
** days, and what is overdue. */
void reg_due_api(struct req *r);
/* fazhi <cmd> due [--within N] [--as-of D] | explain ID. */
int reg_deadline_cmd(const struct reg_def *d, int argc, char **argv);

/* ---- how a record page leads (lead.c) ---- */

/* The label of field iField of d for a record with values az (the state
** decides, by the declared aStateLabel), or NULL when the field is not
** shown in that state. */
const char *reg_label_at(const struct reg_def *d, int iField, const char **az);
/* The usual next step of a record with values az for actor a: the first
** step the actor may take from the record's state that is not bAside;
** NULL when there is none. */
const struct reg_step *reg_step_usual(const struct reg_def *d, const struct actor *a,
                                      const char **az);
/* What the notice says after step s left the record in state zState (in
** ar): s->zDone, else 「已<label>，当前状态：<state>」. */
const char *reg_step_done(struct arena *ar, const struct reg_def *d, const struct reg_step *s,
                          const char *zState);
/* The field's value as a person reads it on a page: a date as
** 2024年11月15日, the rest as reg_display() gives it (in ar). */
const char *reg_display_page(struct arena *ar, const struct reg_def *d, int iField,
                             const struct actor *a, const char *z);
/* True when field f is shown on pages now (its zShowIf finds a row). */
bool reg_field_shown(const struct reg_field *f);
/* True when the row with values az of d has expired (zExpireField
** before today). */
bool reg_expired(const struct reg_def *d, const char **az);
/* The id (in ar) of the one row of register zRef the actor reaches, or
** NULL when there are none or several: a required choice starts there
** (学校: the only school). */
const char *reg_ref_only(struct arena *ar, const char *zRef, const struct actor *a);
/* Open and close the 技术信息 fold of a page (hashes, algorithms and other
** machinery a person need not read: a closed <details>). */
void reg_tech_begin(struct req *r);
void reg_tech_end(struct req *r);
/* Every declared state label of d checked (the field and states exist);
** problems as lines on pOut, their number returned (check.c). */
int reg_check_lead(const struct reg_def *d, struct buf *pOut);

/* ---- child records (child.c) ---- */

/* The child of d named zName (its zSeg or its register's zName), or NULL. */
const struct reg_child *reg_child_find(const struct reg_def *d, const char *zName);
/* The parent register of child register d, or NULL. */
const struct reg_def *reg_parent_of(const struct reg_def *d);
/* The rows of child zChild of row parentId of d (not voided, in the
** child's order), read inside the caller's transaction with no scope
** check: for the parent's rules (xCheck, xDerive, steps), which see the
** children as they are being changed.  *paRec in ar; returns the count. */
int reg_children(const struct reg_def *d, i64 parentId, const char *zChild, struct arena *ar,
                 struct reg_rec **paRec, int *pn);
/* Add, change or void a child row of parentId from a parent's rule
** (inside its transaction, as c->a): checked as a form would be, audited
** as its own change naming the parent.  0, or -1 with the problems in
** c->pErr. */
int reg_child_add(struct reg_ctx *c, const char *zChild, const char **azIn, i64 *pId);
int reg_child_set(struct reg_ctx *c, const char *zChild, i64 childId, const char **azIn,
                  const bool *abSet);
/* The kernel's own calls (reg.c): fill the parent link and the org of a
** new child row (-1 with the problem in e when the parent is out of
** reach or voided); after any write of a child row, re-run the parent's
** xCheck and xDerive with the children as they now are and store what
** changed (-1 when the parent's rule refuses); after a parent's write,
** move its children to its org. */
int reg_child_fill(const struct reg_def *d, const struct actor *a, const char **azIn,
                   const char **azNew, struct arena *ar, struct reg_err *e);
int reg_child_touch(const struct reg_def *d, const struct actor *a, const char **azNew,
                    struct arena *ar, struct reg_err *e);
void reg_child_follow(const struct reg_def *d, i64 id, const char **azNew);
/* The table of every child of the record on its page (add, edit, void). */
void reg_child_tables(struct req *r, const struct reg_def *d, const struct actor *a,
                      const struct reg_rec *pRec);
void reg_child_list_api(struct req *r);
void reg_child_create_api(struct req *r);
void reg_child_get_api(struct req *r);
void reg_child_update_api(struct req *r);
void reg_child_delete_api(struct req *r);
void reg_child_new_page(struct req *r);
void reg_child_edit_page(struct req *r);
void reg_child_void_page(struct req *r);
/* fazhi <cmd> <child> list|add|set|void PARENT ...; returns the exit status. */
int reg_child_cmd(const struct reg_def *d, const struct reg_child *ch, int argc, char **argv);

#endif
