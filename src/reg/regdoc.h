/*
** regdoc.h -- the written documents of a register's record, by
** declaration: wording in a data file the bureau can override, filled from
** the record (and its children), written as DOCX or PDF in the official
** layout (office/doc.h), on the record page, the API and the command.
**
** A register declares its documents in a struct reg_docs handed to the
** kernel at start-up (reg_docs_set, in the wiring file), so the
** declaration of the register itself does not change.  The kernel gives:
**
**   page    GET /<seg>/:id/documents/:kind?format=docx|pdf
**   API     GET /api/v1/<seg>/:id/documents/:kind?format=docx|pdf
**   CLI     fazhi <cmd> document ID --kind K --format docx|pdf [-o FILE]
**   record  the 文书 list on the record page: a Word and a PDF link for
**           each document the record is ready for, the others named with
**           what they still need
**
** The wording file: one line per part, "kind<TAB>part<TAB>text", '#'
** starts a comment.  A file named zOverride in the data folder replaces
** every line of each kind it names.  Parts, in order of appearance:
**
**   title   the 标题
**   to      the 主送 (recipient) line, "：" appended when missing
**   para    a paragraph of the 正文
**   row     a row of a two-column table, "项目：内容" (the 笔录's header)
**   table   starts a table: its header cells joined by "|"
**   each    "child|cell|cell...": one row of the last table per row of
**           the record's child (its zSeg), each cell filled from the child
**   sign    the 落款 (issuer), instead of xIssuer's
**
** A kind may also wait on more than fields (xNotReady): a decision of the
** right kind, a due day that is final, not 暂定.
**
** Placeholders {{name}}: the area's xValue first; then the record's field
** of that key as its reader sees it (choices by label, references by
** title, dates in Chinese, personal fields masked per role); inside an
** "each" row, the child's fields.  An empty date becomes "    年  月  日"
** to fill by hand; an unknown name stays visible as {{name}}.
*/
#ifndef FAZHI_REGDOC_H
#define FAZHI_REGDOC_H

#include "reg.h"

struct arena;
struct buf;
struct req;
struct actor;

/* One kind of document. */
struct reg_doc_kind {
  const char *zKind;             /* URL and --kind: "notice" */
  const char *zName;             /* 检查通知书: buttons, file names, default title */
  const char *const *azNeed;     /* fields that must have a value first, NULL-terminated */
  const char *zNotYet;           /* why it cannot be written yet: "尚未通知检查对象" */
  const char *zDayField;         /* the REG_DATE field of its 成文日期 (NULL: today) */
};

struct reg_docs {
  const char *zReg;              /* the register's zName */
  const char *zData;             /* compiled-in wording: "data/insp/documents.tsv" */
  const char *zOverride;         /* the data folder's file replacing kinds */
  const struct reg_doc_kind *aKind;
  int nKind;
  /* The value of placeholder zName for pRec (NULL: not the area's). */
  const char *(*xValue)(struct arena *ar, const struct reg_rec *pRec, const char *zName);
  /* The 落款 (issuing authority) of pRec, or NULL for none. */
  const char *(*xIssuer)(struct arena *ar, const struct reg_rec *pRec);
  /* Optional, after the kind's azNeed: why document zKind cannot be
  ** written for pRec (NULL: it can); *pbHide set when the kind does not
  ** apply to the record at all (a 不予许可决定书 of a granted application),
  ** so the record page does not list it. */
  const char *(*xNotReady)(struct arena *ar, const struct reg_rec *pRec, const char *zKind,
                           bool *pbHide);
};

/* Install the NULL-terminated list of declarations (once, at start-up). */
void reg_docs_set(const struct reg_docs *const *ap);
/* The documents of d, or NULL. */
const struct reg_docs *reg_docs_of(const struct reg_def *d);

/* The wording lines of kind zKind ("part\ttext\n" each) into pOut: the
** data folder's override when it names the kind, else zData's.  Returns
** the number of lines. */
int reg_doc_wording(const struct reg_docs *ds, const char *zKind, struct buf *pOut);
/* zText with its placeholders filled for record pRec of d as actor a
** sees it (in ar); pKid/dKid: a child row and its declaration, or NULL. */
char *reg_doc_fill(struct arena *ar, const struct reg_def *d, const struct actor *a,
                   const struct reg_rec *pRec, const struct reg_def *dKid,
                   const struct reg_rec *pKid, const char *zText);
/* Document zKind of row id as DOCX or PDF (zFormat) into pOut: 0, or -1
** with the problem in e (unknown kind or format 422, the record out of
** reach 404, not ready yet 409). */
int reg_doc_write(const struct reg_def *d, const struct actor *a, i64 id, const char *zKind,
                  const char *zFormat, struct buf *pOut, struct reg_err *e);

/* The routes of d's documents (none without a declaration). */
void reg_doc_routes(const struct reg_def *d, struct reg_route *a, int *pn);
void reg_doc_page(struct req *r);
void reg_doc_api(struct req *r);
/* The record page's 文书 list. */
void reg_doc_links(struct req *r, const struct reg_def *d, const struct reg_rec *pRec);
/* fazhi <cmd> document ID --kind K --format F [-o FILE] (argv[0] is
** "document"); returns the exit status. */
int reg_doc_cmd(const struct reg_def *d, int argc, char **argv);

#endif
