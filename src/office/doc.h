/*
** doc.h -- a document in the official layout (GB/T 9704-2012), built by
** callers (report, exports) and written by docx_write() and pdf_write().
**
** The model holds what the standard names: 标题, 主送机关, 正文 made of
** headings of the four levels (一、 （一） 1. （1）), paragraphs, tables,
** images and page breaks, 附件说明, 落款 (发文机关署名) and 成文日期, plus the
** document properties.  Text is UTF-8 as given; the writers escape it.
** All memory comes from the document's arena and goes with doc_free().
*/
#ifndef FAZHI_DOC_H
#define FAZHI_DOC_H

#include "../common.h"

struct arena;

/* Block kinds of the body. */
enum { DOC_HEADING = 1, DOC_PARA, DOC_TABLE, DOC_IMAGE, DOC_PAGEBREAK };

#define DOC_MAX_COLS 32

struct doc_table {
  int nCol;                 /* columns, 1..DOC_MAX_COLS */
  const char **azHead;      /* nCol header cells */
  int *aWidth;              /* nCol relative width hints (all > 0) */
  int nRow;                 /* body rows */
  int nAlloc;               /* rows allocated in aazRow */
  const char ***aazRow;     /* nRow rows of nCol cells each */
  struct arena *pArena;     /* the document's arena */
};

struct doc_image {
  const unsigned char *aPng;  /* PNG bytes */
  size_t nPng;
  double wMm, hMm;            /* printed size */
  const char *zAlt;           /* description, may be NULL */
};

struct doc_block {
  int eKind;                  /* DOC_* */
  int iLevel;                 /* DOC_HEADING: 1..4 */
  const char *zNum;           /* DOC_HEADING: "一、" etc., or "" */
  const char *zText;          /* DOC_HEADING, DOC_PARA */
  struct doc_table *pTable;   /* DOC_TABLE */
  struct doc_image *pImage;   /* DOC_IMAGE */
  struct doc_block *pNext;
};

struct doc {
  struct arena *pArena;
  const char *zTitle;         /* 标题, may be NULL */
  const char *zRecipient;     /* 主送机关 with its closing "：", or NULL */
  struct doc_block *pFirst, *pLast;
  bool bAutoNumber;           /* number headings (see doc_heading) */
  int aCount[4];              /* heading counters per level */
  int nAttach;                /* 附件 names */
  const char **azAttach;
  const char *zIssuer;        /* 发文机关署名, or NULL */
  int iDate;                  /* 成文日期 as a day number (date.h) */
  bool bDate;                 /* iDate is set */
  const char *zAppTitle;      /* 附件 after the 落款 (doc_appendix), or NULL */
  struct doc_block *pAppFirst, *pAppLast;  /* its blocks */
  /* 版头, 落款 variant, 附注 and 版记 (GB/T 9704 7.2, 7.3.5, 7.3.6, 7.4);
  ** all NULL / false by default: a document without them */
  const char *zMark;          /* 发文机关标志 ("梨树县教育局文件"), or NULL */
  const char *zDocNo;         /* 发文字号 ("梨教发〔2025〕3号"), or NULL */
  const char *zSigner;        /* 签发人 (a 上行文), or NULL */
  bool bSealed;               /* 落款 7.3.5.1 (sealed) rather than 7.3.5.2 */
  const char *zNote;          /* 附注 without its brackets, or NULL */
  const char *zCc;            /* 抄送机关 (after 抄送：), or NULL */
  const char *zPrinter;       /* 印发机关, or NULL (no 版记) */
  int iPrintDay;              /* 印发日期 (day number) */
  const char *zPropTitle;     /* document properties */
  const char *zPropAuthor;
  i64 tCreated;               /* epoch seconds, 0 for none */
};

/* A new empty document; free it with doc_free(). With bAutoNumber the
** headings are numbered by the model, otherwise their text is used as is
** (the caller wrote the numbers). */
struct doc *doc_new(bool bAutoNumber);
/* Free the document and everything in it. NULL is a no-op. */
void doc_free(struct doc *d);

/* Set the 标题 (also the default document title property); a "\n"
** in it breaks the line there.  A title without "\n" that is wider than
** a line is broken by doc_title_break() at DOC_TITLE_HALVES. */
void doc_title(struct doc *d, const char *zTitle);
/* A title line of 2号 (22 pt) characters in the 156 mm 版心: 20
** characters, in halves. */
#define DOC_TITLE_HALVES 40
/* zTitle broken into lines ("\n") of at most nMaxHalves halves of a
** character, only between words (a small dictionary of the words of
** report titles; the issuer before 关于 and any run of unknown text such
** as a name stay whole), as a 梯形 (each line no longer than the one
** above) with lines as even as the words allow, else the most even
** shape.  A title that fits one line, already holds "\n", or cannot be
** broken between words comes back unchanged.  The caller frees the
** result. */
char *doc_title_break(const char *zTitle, int nMaxHalves);
/* Set the 主送机关; a full-width colon is added when z lacks one. */
void doc_recipient(struct doc *d, const char *z);
/* Append a heading of level 1..4 (out of range is clamped). Numbered
** 一、 （一） 1. （1） when the document numbers headings; a level
** restarts the counters of the levels below it. */
void doc_heading(struct doc *d, int iLevel, const char *zText);
/* Append a body paragraph (first line indented two characters). */
void doc_para(struct doc *d, const char *zText);
/* Append a table of nCol columns (1..DOC_MAX_COLS, else clamped) with its
** header row; aWidth gives relative column widths or is NULL for equal
** ones. Rows are added with doc_table_row(). */
struct doc_table *doc_table(struct doc *d, int nCol, const char *const *azHead,
                            const int *aWidth);
/* Add a row of t->nCol cells (NULL cells are empty). */
void doc_table_row(struct doc_table *t, const char *const *azCell);
/* Append a PNG image printed wMm x hMm (the bytes are copied). */
void doc_image(struct doc *d, const void *aPng, size_t nPng, double wMm,
               double hMm, const char *zAlt);
/* Append a page break. */
void doc_pagebreak(struct doc *d);
/* Add an attachment name to the 附件说明 (numbered when more than one). */
void doc_attachment(struct doc *d, const char *zName);
/* Set the 落款: the issuing body and the 成文日期 (a day number). */
void doc_sign(struct doc *d, const char *zIssuer, int iDay);
/* The 版头 of a 上行文: the 发文机关标志 (red, centred, 35 mm below the top of
** the 版心), the 发文字号 (left, one character in) and 签发人 (right, one
** character in) on one line, the red separator 4 mm below them; each may
** be NULL or "" to leave it out. */
void doc_head(struct doc *d, const char *zMark, const char *zDocNo, const char *zSigner);
/* Choose the sealed 落款 (7.3.5.1: 成文日期 右空四字, 署名 centred above it,
** room for the seal) instead of the unsealed one (7.3.5.2). */
void doc_sealed(struct doc *d, bool bSealed);
/* The 附注 (7.3.6): one line below the 成文日期, two characters in, in
** brackets (「（联系人：张三，电话：0434-5223456）」); z without brackets. */
void doc_note(struct doc *d, const char *z);
/* The 版记 (7.4) at the foot of the last page: 抄送机关 (may be NULL or "")
** and 印发机关 with the 印发日期 (「2025年1月10日印发」), between rules. */
void doc_record(struct doc *d, const char *zCc, const char *zPrinter, int iDay);

/* Start the 附件 printed after the 落款: a new page with the label 附件
** flush left (黑体) and zTitle centred; every block appended after this
** call (headings, paragraphs, tables; no images) goes there. */
void doc_appendix(struct doc *d, const char *zTitle);
/* Set the document properties; NULL keeps the current value. */
void doc_props(struct doc *d, const char *zTitle, const char *zAuthor,
               i64 tCreated);

/* Write day as "2025年1月5日" (no leading zeros) into out; returns out. */
char *doc_date_cn(int iDay, char out[32]);
/* Width of z in characters of the body font: CJK and other wide
** characters count 1, ASCII and other narrow ones 1/2; returns halves. */
int doc_width_halves(const char *z);

/* Table layout shared by the writers.  Widths are in characters of the
** table text (四号); a cell is "whole" when it must not wrap: a code or
** number (ASCII without spaces, e.g. an 18-character 统一社会信用代码) or a
** short text of at most four characters (序号, 教育局, 幼儿园). */
#define DOC_CELL_PAD     0.7     /* cell padding, both sides, in characters */
#define DOC_PORTRAIT_W   31.5    /* 156 mm of 14 pt characters */
#define DOC_LANDSCAPE_W  45.5    /* 225 mm */
/* Width of z in characters of the table font, on the safe side: CJK 1,
** digits and lower-case 0.62, upper-case 0.8. */
double doc_text_chars(const char *z);
/* True when cell z must stay on one line. */
bool doc_cell_whole(const char *z);
/* Column widths of t (aW[t->nCol], characters, padding included) sized
** from the content: whole cells never wrap, other columns share what is
** left by how much text they hold.  *pbLandscape is set when the table
** needs the 225 mm width of a landscape page to keep its cells whole and
** its names readable; the widths then fill that width. */
void doc_table_widths(const struct doc_table *t, double *aW, bool *pbLandscape);
/* For a wrapping cell of nChars characters in a column of width w
** (characters, padding included): true when its last line would hold one
** lone character, so the writer narrows that cell by one character. */
bool doc_lone_last(const char *z, double w);
/* Whether block p (or, for p NULL, the title and 主送机关 at the start;
** for p == (void*)1 the 附件说明 and 落款 at the end) is set on a
** landscape page: a table that needs it, with the paragraphs before it
** when only paragraphs precede it, and the end of the document when
** nothing but the 落款 follows it. */
bool doc_block_landscape(const struct doc *d, const struct doc_block *p);
#define DOC_END_BLOCK ((const struct doc_block *)1)

/* The kind of the character at z (n bytes left; *pnLen set to its length
** in bytes): 0 a digit or Latin letter, 1 a Chinese character, -1 any
** other.  Between a 0 and a 1 the word processors (and pdf.c) put 1/5 em. */
int doc_script_at(const char *z, size_t n, size_t *pnLen);

/* Where the 落款 goes: sets the space between the right edge of the 版心
** and the end of the 署名 and of the date zDate, in halves of a character
** (4 = 右空二字).  Unsealed (7.3.5.2): 署名 右空二字, the date starting two
** characters right of the 署名's start.  Sealed (d->bSealed, 7.3.5.1): the
** date 右空四字 and the 署名 centred above it. */
void doc_sign_layout(const struct doc *d, const char *zDate,
                     int *pIssuerRight, int *pDateRight);

#endif
