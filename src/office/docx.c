/*
** docx.c -- the DOCX writer: nine fixed parts plus one word/media part per image,
** every XML part built with the XML writer and zipped with libzip.
*/
#include "../common.h"
#include "docx.h"
#include "doc.h"
#include "xml.h"
#include "../base/buf.h"
#include "../base/embed.h"
#include "../base/fmt.h"
#include "../base/util.h"
#include <sys/stat.h>
#include <unistd.h>
#include <zip.h>

/* Geometry in twips (1 mm = 56.69 twips). */
#define TW_PAGE_W     11906
#define TW_PAGE_H     16838
#define TW_TOP        2098     /* 37 mm */
#define TW_BOTTOM     1984     /* 35 mm */
#define TW_LEFT       1587     /* 28 mm */
#define TW_RIGHT      1474     /* 26 mm */
#define TW_TEXT_W     8845     /* 156 mm */
#define TW_PITCH      579      /* 12756 / 22 lines */
#define TW_CHAR       316      /* 8845 / 28 characters */
#define TW_TEXT_H     12756    /* 225 mm: the width of a landscape 版心 */
#define TW_TABLE_CHAR 280      /* one 四号 character of table text */
/* The 版记 table: the width of the 版心 less 300 twips (2.6 mm a side):
** LibreOffice 7.4 floats a table to its position (the foot of the 版心)
** only when it is clearly narrower than the text; with 200 or less it sets
** it inline after the 落款.  fazhi's own PDF draws the rules full width. */
#define TW_RECORD_W   (TW_TEXT_W - 300)
/* The footer's last line ends 24.8 mm above the paper's edge: the 一字线
** of a 14 pt line sits about 3.2 mm above its bottom, so it lands 28 mm
** above the edge, 7 mm below the 版心 (GB/T 9704 7.5). */
#define TW_FOOTER     1406
#define TW_HEADER     851

#define EMU_PER_MM    36000

#define NS_W   "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
#define NS_R   "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
#define NS_REL "http://schemas.openxmlformats.org/package/2006/relationships"
#define NS_CT  "http://schemas.openxmlformats.org/package/2006/content-types"
#define NS_WP  "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
#define NS_A   "http://schemas.openxmlformats.org/drawingml/2006/main"
#define NS_PIC "http://schemas.openxmlformats.org/drawingml/2006/picture"
#define RT_DOC "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
#define CT_WML "application/vnd.openxmlformats-officedocument.wordprocessingml."

/* Font names of the standard (the document names them; see docx.h). */
#define F_BODY   "仿宋_GB2312"
#define F_TITLE  "方正小标宋简体"
#define F_HEI    "黑体"
#define F_KAI    "楷体_GB2312"
#define F_SONG   "宋体"
#define F_LATIN  "Times New Roman"

/* One part of the package. */
struct part {
  const char *zName;
  struct buf b;
};

#define MAX_PARTS 16

/* The parts being built; each buffer lives until zip_close(). */
struct pkg {
  struct part aPart[MAX_PARTS];
  int nPart;
};

/* A new part named zName (a literal); returns its buffer. */
static struct buf *pkg_part(struct pkg *p, const char *zName){
  struct part *q;
  if( p->nPart>=MAX_PARTS ) fatal("docx: too many parts");
  q = &p->aPart[p->nPart++];
  q->zName = zName;
  buf_init(&q->b);
  return &q->b;
}

/* <w:NAME w:val="zVal"/> */
static void w_val(struct xml *x, const char *zName, const char *zVal){
  xml_open(x, zName);
  xml_attr(x, "w:val", zVal);
  xml_close(x);
}

/* <w:NAME w:val="v"/> with an integer value. */
static void w_val_int(struct xml *x, const char *zName, long long v){
  xml_open(x, zName);
  xml_attr_int(x, "w:val", v);
  xml_close(x);
}

/* Run fonts: the Latin face and the East Asian face (NULL: inherit). */
static void w_fonts(struct xml *x, const char *zLatin, const char *zEast){
  xml_open(x, "w:rFonts");
  if( zLatin ){
    xml_attr(x, "w:ascii", zLatin);
    xml_attr(x, "w:hAnsi", zLatin);
  }
  if( zEast ){
    xml_attr(x, "w:eastAsia", zEast);
    /* quotation marks and other shared characters in the East Asian face */
    xml_attr(x, "w:hint", "eastAsia");
  }
  xml_close(x);
}

/* word/fontTable.xml: each face with the GB2312 character set (86) and a
** common alternative name, so that a machine without the GB fonts (Word,
** WPS, LibreOffice) substitutes a Simplified Chinese face of the same
** kind, never a Japanese one. */
static void part_fonts(struct buf *b){
  static const struct { const char *zName, *zAlt, *zPanose, *zFamily, *zCharset; } a[] = {
    { F_BODY,  "仿宋",     "02010609030101010101", "modern", "86" },
    { F_TITLE, "宋体",     "02000000000000000000", "auto",   "86" },
    { F_HEI,   "SimHei",   "02010609060101010101", "modern", "86" },
    { F_KAI,   "楷体",     "02010609030101010101", "modern", "86" },
    { F_SONG,  "SimSun",   "02010600030101010101", "auto",   "86" },
    { F_LATIN, 0,          "02020603050405020304", "roman",  "00" },
  };
  struct xml x;
  size_t i;
  xml_init(&x, b);
  xml_decl(&x);
  xml_open(&x, "w:fonts");
  xml_attr(&x, "xmlns:w", NS_W);
  for(i=0; i<sizeof(a)/sizeof(a[0]); i++){
    xml_open(&x, "w:font");
    xml_attr(&x, "w:name", a[i].zName);
    if( a[i].zAlt ) w_val(&x, "w:altName", a[i].zAlt);
    w_val(&x, "w:panose1", a[i].zPanose);
    w_val(&x, "w:charset", a[i].zCharset);
    w_val(&x, "w:family", a[i].zFamily);
    w_val(&x, "w:pitch", a[i].zCharset[0]=='8' ? "fixed" : "variable");
    xml_close(&x);
  }
  xml_finish(&x);
}

/* Font size in half points, for both scripts. */
static void w_size(struct xml *x, int nHalfPt){
  w_val_int(x, "w:sz", nHalfPt);
  w_val_int(x, "w:szCs", nHalfPt);
}

/* Indentation in twips: left, right, first line (negative = hanging). */
static void w_ind(struct xml *x, int left, int right, int first){
  xml_open(x, "w:ind");
  if( left ) xml_attr_int(x, "w:left", left);
  if( right ) xml_attr_int(x, "w:right", right);
  if( first>=0 ){
    xml_attr(x, "w:firstLineChars", "0");
    xml_attr_int(x, "w:firstLine", first);
  }else{
    xml_attr(x, "w:hangingChars", "0");
    xml_attr_int(x, "w:hanging", -first);
  }
  xml_close(x);
}

/* Runs for z: text in <w:t>, each '\n' a line break. */
static void w_runs(struct xml *x, const char *z){
  while( z && *z ){
    const char *zEnd = strchr(z, '\n');
    size_t n = zEnd ? (size_t)(zEnd - z) : strlen(z);
    char *zPiece = xstrndup(z, n);
    xml_open(x, "w:r");
    if( n ){
      xml_open(x, "w:t");
      xml_attr(x, "xml:space", "preserve");
      xml_text(x, zPiece);
      xml_close(x);
    }
    if( zEnd ){
      xml_open(x, "w:br");
      xml_close(x);
    }
    xml_close(x);
    free(zPiece);
    z = zEnd ? zEnd+1 : 0;
  }
}

/* A paragraph of style zStyle holding z. */
static void w_para_style(struct xml *x, const char *zStyle, const char *z){
  xml_open(x, "w:p");
  xml_open(x, "w:pPr");
  w_val(x, "w:pStyle", zStyle);
  xml_close(x);
  w_runs(x, z);
  xml_close(x);
}

/* An empty paragraph: one blank line of the grid. */
static void w_blank(struct xml *x){
  xml_open(x, "w:p");
  xml_close(x);
}

/* A style element: type, id, display name, based on, and whether it is
** the default of its type. Leaves <w:style> open for pPr/rPr. */
static void w_style_open(struct xml *x, const char *zType, const char *zId,
                         const char *zName, const char *zBase, bool bDefault){
  xml_open(x, "w:style");
  xml_attr(x, "w:type", zType);
  if( bDefault ) xml_attr(x, "w:default", "1");
  xml_attr(x, "w:styleId", zId);
  w_val(x, "w:name", zName);
  if( zBase ) w_val(x, "w:basedOn", zBase);
  w_val(x, "w:qFormat", "1");
}

/* word/styles.xml. */
static void part_styles(struct buf *b){
  static const struct {
    const char *zId, *zName, *zFont;
    int iOutline;
  } aHead[] = {
    { "Heading1", "heading 1", F_HEI,  0 },
    { "Heading2", "heading 2", F_KAI,  1 },
    { "Heading3", "heading 3", F_BODY, 2 },
    { "Heading4", "heading 4", F_BODY, 3 },
  };
  struct xml x;
  size_t i;
  xml_init(&x, b);
  xml_decl(&x);
  xml_open(&x, "w:styles");
  xml_attr(&x, "xmlns:w", NS_W);

  xml_open(&x, "w:docDefaults");
  xml_open(&x, "w:rPrDefault");
  xml_open(&x, "w:rPr");
  /* digits and Latin letters in the body face too (GB/T 9704: every
  ** element 3号仿宋), as fazhi's PDF sets them, so that lines break alike */
  w_fonts(&x, F_BODY, F_BODY);
  /* 28 characters of 16 pt in the 156 mm line: the glyphs at 98 % of their
  ** width (LibreOffice: 313 twips, 15.65 pt; fazhi's PDF lays out at the
  ** same 313/320 of every advance, pdf.c ADVANCE).  Not a negative
  ** character spacing (w:spacing -5):
  ** LibreOffice then drops the punctuation mark that ends a line
  ** (「县委/县政府」 instead of 「县委、/县政府」); nor a character grid
  ** (w:docGrid linesAndChars), on which LibreOffice puts 14 to a line. */
  w_val_int(&x, "w:w", 98);
  w_val_int(&x, "w:kern", 0);
  w_size(&x, 32);
  xml_open(&x, "w:lang");
  xml_attr(&x, "w:val", "en-US");
  xml_attr(&x, "w:eastAsia", "zh-CN");
  xml_close(&x);
  xml_close(&x); xml_close(&x);
  xml_open(&x, "w:pPrDefault");
  xml_open(&x, "w:pPr");
  xml_open(&x, "w:spacing");
  xml_attr(&x, "w:before", "0");
  xml_attr(&x, "w:after", "0");
  xml_attr(&x, "w:line", "240");
  xml_attr(&x, "w:lineRule", "auto");
  xml_close(&x);
  xml_close(&x); xml_close(&x);
  xml_close(&x);                            /* docDefaults */

  /* Normal: 正文, justified, first line indented two characters. */
  w_style_open(&x, "paragraph", "Normal", "Normal", 0, true);
  xml_open(&x, "w:pPr");
  w_val(&x, "w:widowControl", "0");
  /* Chinese and digits or Latin letters keep the word processors' default
  ** space between them (no w:autoSpaceDE/DN): LibreOffice's DOCX import
  ** ignores those elements and always puts 1/5 em there, so fazhi's PDF
  ** sets the same space (pdf.c, AUTOSPACE) and the lines break alike */
  xml_open(&x, "w:ind");
  xml_attr(&x, "w:firstLineChars", "200");
  xml_attr_int(&x, "w:firstLine", 2*TW_CHAR);
  xml_close(&x);
  w_val(&x, "w:jc", "both");
  xml_close(&x);
  xml_close(&x);

  /* Title: 二号方正小标宋简体, centred. */
  w_style_open(&x, "paragraph", "Title", "Title", "Normal", false);
  xml_open(&x, "w:pPr");
  /* one grid line per title line (the grid would give a 22 pt line two) */
  w_val(&x, "w:snapToGrid", "0");
  xml_open(&x, "w:spacing");
  xml_attr_int(&x, "w:line", TW_PITCH);
  xml_attr(&x, "w:lineRule", "exact");
  xml_close(&x);
  w_ind(&x, 0, 0, 0);
  w_val(&x, "w:jc", "center");
  w_val_int(&x, "w:outlineLvl", 0);
  xml_close(&x);
  xml_open(&x, "w:rPr");
  w_fonts(&x, F_TITLE, F_TITLE);
  w_size(&x, 44);
  xml_close(&x);
  xml_close(&x);

  /* Headings: 一、黑体  （一）楷体  1. and （1）仿宋, all 三号, indented. */
  for(i=0; i<COUNT(aHead); i++){
    w_style_open(&x, "paragraph", aHead[i].zId, aHead[i].zName, "Normal", false);
    xml_open(&x, "w:pPr");
    w_val(&x, "w:keepNext", "1");
    w_val_int(&x, "w:outlineLvl", aHead[i].iOutline);
    xml_close(&x);
    xml_open(&x, "w:rPr");
    w_fonts(&x, aHead[i].zFont, aHead[i].zFont);
    xml_close(&x);
    xml_close(&x);
  }

  /* Table text: 四号, off the line grid, centred in the cell. */
  w_style_open(&x, "paragraph", "TableText", "Table Text", "Normal", false);
  xml_open(&x, "w:pPr");
  w_val(&x, "w:snapToGrid", "0");
  w_ind(&x, 0, 0, 0);
  w_val(&x, "w:jc", "center");
  xml_close(&x);
  xml_open(&x, "w:rPr");
  w_size(&x, 28);
  xml_close(&x);
  xml_close(&x);
  w_style_open(&x, "paragraph", "TableHead", "Table Head", "TableText", false);
  xml_open(&x, "w:rPr");
  w_fonts(&x, F_HEI, F_HEI);
  xml_close(&x);
  xml_close(&x);

  /* Footer: the page number, 四号宋体 (half-width digits too). */
  w_style_open(&x, "paragraph", "Footer", "footer", "Normal", false);
  xml_open(&x, "w:pPr");
  w_val(&x, "w:snapToGrid", "0");
  w_ind(&x, 0, 0, 0);
  xml_close(&x);
  xml_open(&x, "w:rPr");
  w_fonts(&x, F_SONG, F_SONG);
  w_size(&x, 28);
  xml_close(&x);
  xml_close(&x);

  /* The table style every table uses: single borders. */
  w_style_open(&x, "table", "TableGrid", "Table Grid", 0, false);
  xml_open(&x, "w:tblPr");
  xml_open(&x, "w:tblBorders");
  {
    static const char *const azSide[] = {
      "w:top", "w:left", "w:bottom", "w:right", "w:insideH", "w:insideV"
    };
    size_t k;
    for(k=0; k<COUNT(azSide); k++){
      xml_open(&x, azSide[k]);
      xml_attr(&x, "w:val", "single");
      xml_attr(&x, "w:sz", "4");
      xml_attr(&x, "w:space", "0");
      xml_attr(&x, "w:color", "000000");
      xml_close(&x);
    }
  }
  xml_close(&x);
  xml_open(&x, "w:tblCellMar");
  xml_open(&x, "w:left"); xml_attr(&x, "w:w", "85"); xml_attr(&x, "w:type", "dxa");
  xml_close(&x);
  xml_open(&x, "w:right"); xml_attr(&x, "w:w", "85"); xml_attr(&x, "w:type", "dxa");
  xml_close(&x);
  xml_close(&x);
  xml_close(&x);
  xml_close(&x);

  xml_finish(&x);
}

/* word/theme/theme1.xml: the theme's fonts name Simplified Chinese faces
** for the Han script (script "Hans": 宋体 for headings, 仿宋 for the body)
** and settings.xml says the East Asian theme language is zh-CN, so that an
** application falling back to theme fonts picks Chinese, never Japanese,
** faces.  The colour and format schemes are Office's defaults, the least
** a theme must hold. */
static void part_theme(struct buf *b){
  static const char zFmt[] =
    "<a:fmtScheme name=\"Office\"><a:fillStyleLst>"
    "<a:solidFill><a:schemeClr val=\"phClr\"/></a:solidFill>"
    "<a:solidFill><a:schemeClr val=\"phClr\"/></a:solidFill>"
    "<a:solidFill><a:schemeClr val=\"phClr\"/></a:solidFill></a:fillStyleLst>"
    "<a:lnStyleLst>"
    "<a:ln w=\"6350\"><a:solidFill><a:schemeClr val=\"phClr\"/></a:solidFill></a:ln>"
    "<a:ln w=\"12700\"><a:solidFill><a:schemeClr val=\"phClr\"/></a:solidFill></a:ln>"
    "<a:ln w=\"19050\"><a:solidFill><a:schemeClr val=\"phClr\"/></a:solidFill></a:ln>"
    "</a:lnStyleLst><a:effectStyleLst>"
    "<a:effectStyle><a:effectLst/></a:effectStyle><a:effectStyle><a:effectLst/></a:effectStyle>"
    "<a:effectStyle><a:effectLst/></a:effectStyle></a:effectStyleLst><a:bgFillStyleLst>"
    "<a:solidFill><a:schemeClr val=\"phClr\"/></a:solidFill>"
    "<a:solidFill><a:schemeClr val=\"phClr\"/></a:solidFill>"
    "<a:solidFill><a:schemeClr val=\"phClr\"/></a:solidFill></a:bgFillStyleLst></a:fmtScheme>";
  static const char *const azClr[][2] = {
    { "a:dk1", "000000" }, { "a:lt1", "FFFFFF" }, { "a:dk2", "44546A" }, { "a:lt2", "E7E6E6" },
    { "a:accent1", "4472C4" }, { "a:accent2", "ED7D31" }, { "a:accent3", "A5A5A5" },
    { "a:accent4", "FFC000" }, { "a:accent5", "5B9BD5" }, { "a:accent6", "70AD47" },
    { "a:hlink", "0563C1" }, { "a:folHlink", "954F72" },
  };
  static const char *const azFont[][3] = {
    { "a:majorFont", F_LATIN, F_SONG }, { "a:minorFont", F_LATIN, F_BODY },
  };
  struct xml x;
  size_t i;
  xml_init(&x, b);
  xml_decl(&x);
  xml_open(&x, "a:theme");
  xml_attr(&x, "xmlns:a", NS_A);
  xml_attr(&x, "name", "fazhi");
  xml_open(&x, "a:themeElements");
  xml_open(&x, "a:clrScheme");
  xml_attr(&x, "name", "Office");
  for(i=0; i<COUNT(azClr); i++){
    xml_open(&x, azClr[i][0]);
    xml_open(&x, "a:srgbClr");
    xml_attr(&x, "val", azClr[i][1]);
    xml_close(&x);
    xml_close(&x);
  }
  xml_close(&x);
  xml_open(&x, "a:fontScheme");
  xml_attr(&x, "name", "fazhi");
  for(i=0; i<COUNT(azFont); i++){
    xml_open(&x, azFont[i][0]);
    xml_open(&x, "a:latin"); xml_attr(&x, "typeface", azFont[i][1]); xml_close(&x);
    xml_open(&x, "a:ea"); xml_attr(&x, "typeface", azFont[i][2]); xml_close(&x);
    xml_open(&x, "a:cs"); xml_attr(&x, "typeface", ""); xml_close(&x);
    xml_open(&x, "a:font"); xml_attr(&x, "script", "Hans"); xml_attr(&x, "typeface", azFont[i][2]);
    xml_close(&x);
    xml_open(&x, "a:font"); xml_attr(&x, "script", "Hant"); xml_attr(&x, "typeface", azFont[i][2]);
    xml_close(&x);
    xml_close(&x);
  }
  xml_close(&x);
  xml_raw(&x, zFmt);
  xml_close(&x);
  xml_finish(&x);
}

/* word/settings.xml: odd and even footers differ. */
static void part_settings(struct buf *b){
  struct xml x;
  xml_init(&x, b);
  xml_decl(&x);
  xml_open(&x, "w:settings");
  xml_attr(&x, "xmlns:w", NS_W);
  xml_open(&x, "w:zoom");
  xml_attr(&x, "w:percent", "100");
  xml_close(&x);
  w_val_int(&x, "w:defaultTabStop", 420);
  xml_open(&x, "w:evenAndOddHeaders");
  xml_close(&x);
  w_val(&x, "w:characterSpacingControl", "doNotCompress");
  xml_open(&x, "w:compat");
  xml_open(&x, "w:compatSetting");
  xml_attr(&x, "w:name", "compatibilityMode");
  xml_attr(&x, "w:uri", "http://schemas.microsoft.com/office/word");
  xml_attr(&x, "w:val", "15");
  xml_close(&x);
  xml_close(&x);
  /* the theme's East Asian fonts are those of zh-CN (theme1.xml) */
  xml_open(&x, "w:themeFontLang");
  xml_attr(&x, "w:val", "en-US");
  xml_attr(&x, "w:eastAsia", "zh-CN");
  xml_close(&x);
  {
    static const char *const az[][2] = {
      { "w:bg1", "light1" }, { "w:t1", "dark1" }, { "w:bg2", "light2" }, { "w:t2", "dark2" },
      { "w:accent1", "accent1" }, { "w:accent2", "accent2" }, { "w:accent3", "accent3" },
      { "w:accent4", "accent4" }, { "w:accent5", "accent5" }, { "w:accent6", "accent6" },
      { "w:hyperlink", "hyperlink" }, { "w:followedHyperlink", "followedHyperlink" },
    };
    size_t i;
    xml_open(&x, "w:clrSchemeMapping");
    for(i=0; i<COUNT(az); i++) xml_attr(&x, az[i][0], az[i][1]);
    xml_close(&x);
  }
  xml_finish(&x);
}

/* A footer: "— PAGE —", right-aligned for odd pages, left for even,
** one character in from the edge of the 版心. */
static void part_footer(struct buf *b, bool bOdd){
  struct xml x;
  xml_init(&x, b);
  xml_decl(&x);
  xml_open(&x, "w:ftr");
  xml_attr(&x, "xmlns:w", NS_W);
  xml_open(&x, "w:p");
  xml_open(&x, "w:pPr");
  w_val(&x, "w:pStyle", "Footer");
  if( bOdd ) w_ind(&x, 0, TW_CHAR, 0);
  else w_ind(&x, TW_CHAR, 0, 0);
  w_val(&x, "w:jc", bOdd ? "right" : "left");
  xml_close(&x);
  w_runs(&x, "— ");
  xml_open(&x, "w:r");
  xml_open(&x, "w:fldChar"); xml_attr(&x, "w:fldCharType", "begin"); xml_close(&x);
  xml_close(&x);
  xml_open(&x, "w:r");
  xml_open(&x, "w:instrText");
  xml_attr(&x, "xml:space", "preserve");
  xml_text(&x, " PAGE ");
  xml_close(&x);
  xml_close(&x);
  xml_open(&x, "w:r");
  xml_open(&x, "w:fldChar"); xml_attr(&x, "w:fldCharType", "separate"); xml_close(&x);
  xml_close(&x);
  w_runs(&x, bOdd ? "1" : "2");
  xml_open(&x, "w:r");
  xml_open(&x, "w:fldChar"); xml_attr(&x, "w:fldCharType", "end"); xml_close(&x);
  xml_close(&x);
  w_runs(&x, " —");
  xml_finish(&x);
}

/* A table: fixed layout over the width of the 版心, borders from the
** TableGrid style, the header row repeated on every page. */
static void w_table(struct xml *x, const struct doc_table *t){
  int aTw[DOC_MAX_COLS], i, r, nUsed = 0, nText;
  double aW[DOC_MAX_COLS], nAvail;
  bool bWide;
  /* widths from the content (doc.c); landscape sections are 225 mm wide */
  doc_table_widths(t, aW, &bWide);
  nAvail = bWide ? DOC_LANDSCAPE_W : DOC_PORTRAIT_W;
  nText = bWide ? TW_TEXT_H : TW_TEXT_W;
  for(i=0; i<t->nCol; i++){
    aTw[i] = i==t->nCol-1 ? nText - nUsed : (int)(nText * aW[i] / nAvail);
    nUsed += aTw[i];
  }
  xml_open(x, "w:tbl");
  xml_open(x, "w:tblPr");
  w_val(x, "w:tblStyle", "TableGrid");
  xml_open(x, "w:tblW");
  xml_attr_int(x, "w:w", nText);
  xml_attr(x, "w:type", "dxa");
  xml_close(x);
  w_val(x, "w:jc", "center");
  xml_open(x, "w:tblLayout");
  xml_attr(x, "w:type", "fixed");
  xml_close(x);
  xml_close(x);
  xml_open(x, "w:tblGrid");
  for(i=0; i<t->nCol; i++){
    xml_open(x, "w:gridCol");
    xml_attr_int(x, "w:w", aTw[i]);
    xml_close(x);
  }
  xml_close(x);
  for(r=-1; r<t->nRow; r++){
    const char *const *az = r<0 ? t->azHead : t->aazRow[r];
    xml_open(x, "w:tr");
    xml_open(x, "w:trPr");
    xml_open(x, "w:cantSplit"); xml_close(x);
    if( r<0 ){ xml_open(x, "w:tblHeader"); xml_close(x); }
    xml_close(x);
    for(i=0; i<t->nCol; i++){
      xml_open(x, "w:tc");
      xml_open(x, "w:tcPr");
      xml_open(x, "w:tcW");
      xml_attr_int(x, "w:w", aTw[i]);
      xml_attr(x, "w:type", "dxa");
      xml_close(x);
      w_val(x, "w:vAlign", "center");
      if( r>=0 && doc_cell_whole(az[i]) ){ xml_open(x, "w:noWrap"); xml_close(x); }
      xml_close(x);
      if( r>=0 && doc_lone_last(az[i], aW[i]) ){
        /* a lone last character: the line one character shorter */
        xml_open(x, "w:p");
        xml_open(x, "w:pPr");
        w_val(x, "w:pStyle", "TableText");
        w_ind(x, 0, TW_TABLE_CHAR, 0);
        xml_close(x);
        w_runs(x, az[i]);
        xml_close(x);
      }else{
        w_para_style(x, r<0 ? "TableHead" : "TableText", az[i]);
      }
      xml_close(x);
    }
    xml_close(x);
  }
  xml_close(x);
}

/* An inline picture, centred on its own line, relation rIdImgN. */
static void w_image(struct xml *x, const struct doc_image *p, int iImg){
  char zRel[32], zName[32];
  double wMm = p->wMm, hMm = p->hMm;
  long long cx, cy;
  if( wMm>156.0 ){ hMm = hMm*156.0/wMm; wMm = 156.0; }
  if( hMm>225.0 ){ wMm = wMm*225.0/hMm; hMm = 225.0; }
  cx = (long long)(wMm*EMU_PER_MM);
  cy = (long long)(hMm*EMU_PER_MM);
  snprintf(zRel, sizeof(zRel), "rIdImg%d", iImg);
  snprintf(zName, sizeof(zName), "image%d.png", iImg);
  xml_open(x, "w:p");
  xml_open(x, "w:pPr");
  w_val(x, "w:snapToGrid", "0");
  w_ind(x, 0, 0, 0);
  w_val(x, "w:jc", "center");
  xml_close(x);
  xml_open(x, "w:r");
  xml_open(x, "w:drawing");
  xml_open(x, "wp:inline");
  xml_attr(x, "distT", "0"); xml_attr(x, "distB", "0");
  xml_attr(x, "distL", "0"); xml_attr(x, "distR", "0");
  xml_open(x, "wp:extent");
  xml_attr_int(x, "cx", cx); xml_attr_int(x, "cy", cy);
  xml_close(x);
  xml_open(x, "wp:docPr");
  xml_attr_int(x, "id", iImg);
  xml_attr(x, "name", zName);
  if( p->zAlt ) xml_attr(x, "descr", p->zAlt);
  xml_close(x);
  xml_open(x, "wp:cNvGraphicFramePr");
  xml_open(x, "a:graphicFrameLocks");
  xml_attr(x, "xmlns:a", NS_A);
  xml_attr(x, "noChangeAspect", "1");
  xml_close(x);
  xml_close(x);
  xml_open(x, "a:graphic");
  xml_attr(x, "xmlns:a", NS_A);
  xml_open(x, "a:graphicData");
  xml_attr(x, "uri", NS_PIC);
  xml_open(x, "pic:pic");
  xml_attr(x, "xmlns:pic", NS_PIC);
  xml_open(x, "pic:nvPicPr");
  xml_open(x, "pic:cNvPr");
  xml_attr_int(x, "id", iImg);
  xml_attr(x, "name", zName);
  xml_close(x);
  xml_open(x, "pic:cNvPicPr"); xml_close(x);
  xml_close(x);
  xml_open(x, "pic:blipFill");
  xml_open(x, "a:blip");
  xml_attr(x, "r:embed", zRel);
  xml_close(x);
  xml_open(x, "a:stretch");
  xml_open(x, "a:fillRect"); xml_close(x);
  xml_close(x);
  xml_close(x);
  xml_open(x, "pic:spPr");
  xml_open(x, "a:xfrm");
  xml_open(x, "a:off"); xml_attr(x, "x", "0"); xml_attr(x, "y", "0"); xml_close(x);
  xml_open(x, "a:ext");
  xml_attr_int(x, "cx", cx); xml_attr_int(x, "cy", cy);
  xml_close(x);
  xml_close(x);
  xml_open(x, "a:prstGeom");
  xml_attr(x, "prst", "rect");
  xml_open(x, "a:avLst"); xml_close(x);
  xml_close(x);
  xml_close(x);                             /* pic:spPr */
  xml_close(x);                             /* pic:pic */
  xml_close(x);                             /* a:graphicData */
  xml_close(x);                             /* a:graphic */
  xml_close(x);                             /* wp:inline */
  xml_close(x);                             /* w:drawing */
  xml_close(x);                             /* w:r */
  xml_close(x);                             /* w:p */
}

/* 附件说明: "附件：1.名称", later names aligned under the first one. */
static void w_attachments(struct xml *x, const struct doc *d){
  int i;
  for(i=0; i<d->nAttach; i++){
    char zNum[16];
    int numTw;
    struct buf b = BUF_INIT;
    if( d->nAttach>1 ) snprintf(zNum, sizeof(zNum), "%d.", i+1);
    else zNum[0] = 0;
    numTw = doc_width_halves(zNum) * TW_CHAR / 2;
    buf_puts(&b, i==0 ? "附件：" : "");
    buf_puts(&b, zNum);
    buf_puts(&b, d->azAttach[i]);
    xml_open(x, "w:p");
    xml_open(x, "w:pPr");
    /* names start 5 characters in: 2 of indent and 附件： */
    w_ind(x, 5*TW_CHAR + numTw, 0,
          i==0 ? -(3*TW_CHAR + numTw) : -numTw);
    xml_close(x);
    w_runs(x, b.buf);
    xml_close(x);
    buf_release(&b);
  }
}

/* One right-aligned line of the 落款, nHalves half-characters from the
** right edge of the 版心. */
static void w_sign_line(struct xml *x, const char *z, int nHalves){
  xml_open(x, "w:p");
  xml_open(x, "w:pPr");
  w_ind(x, 0, nHalves*TW_CHAR/2, 0);
  w_val(x, "w:jc", "right");
  xml_close(x);
  w_runs(x, z);
  xml_close(x);
}

/* Run properties of a run: font (NULL: inherit), size in half points (0:
** inherit), colour (NULL: inherit). Leaves nothing open. */
static void w_rpr(struct xml *x, const char *zFont, int nHalfPt, const char *zColor){
  xml_open(x, "w:rPr");
  if( zFont ) w_fonts(x, zFont, zFont);
  if( zColor ) w_val(x, "w:color", zColor);
  if( nHalfPt ) w_size(x, nHalfPt);
  xml_close(x);
}

/* One run of text z with the given properties (see w_rpr). */
static void w_run(struct xml *x, const char *zFont, int nHalfPt, const char *zColor,
                  const char *z){
  xml_open(x, "w:r");
  w_rpr(x, zFont, nHalfPt, zColor);
  xml_open(x, "w:t");
  xml_attr(x, "xml:space", "preserve");
  xml_text(x, z);
  xml_close(x);
  xml_close(x);
}

/* A tab run. */
static void w_tab_run(struct xml *x){
  xml_open(x, "w:r");
  xml_open(x, "w:tab");
  xml_close(x);
  xml_close(x);
}

/* A paragraph border side: <w:SIDE w:val="single" w:sz= w:space= w:color=/>. */
static void w_border(struct xml *x, const char *zSide, int nEighths, int nSpacePt,
                     const char *zColor){
  xml_open(x, zSide);
  xml_attr(x, "w:val", "single");
  xml_attr_int(x, "w:sz", nEighths);
  xml_attr_int(x, "w:space", nSpacePt);
  xml_attr(x, "w:color", zColor);
  xml_close(x);
}

/* The 版头 of a 上行文 (GB/T 9704 7.2): the 发文机关标志 in red 小标宋 with
** its top 35 mm below the 版心, two lines below it the 发文字号 (left, one
** character in) and the 签发人 (right, one character in: 签发人： in 仿宋,
** the name in 楷体), the red separator 4 mm below that line, then two
** blank lines before the title. */
static void w_head(struct xml *x, const struct doc *d){
  if( d->zMark ){
    xml_open(x, "w:p");
    xml_open(x, "w:pPr");
    w_val(x, "w:snapToGrid", "0");
    xml_open(x, "w:spacing");
    /* 35 mm down, less the leading above the glyphs of a 36 pt line */
    xml_attr_int(x, "w:before", 1984 - 100);
    xml_attr_int(x, "w:line", 880);
    xml_attr(x, "w:lineRule", "exact");
    xml_close(x);
    w_ind(x, 0, 0, 0);
    w_val(x, "w:jc", "center");
    xml_close(x);
    w_run(x, F_TITLE, 72, "FF0000", d->zMark);
    xml_close(x);
    /* the 发文字号 two lines below it (下空二行), as fazhi's PDF sets it */
    w_blank(x);
    w_blank(x);
  }
  if( d->zDocNo || d->zSigner ){
    xml_open(x, "w:p");
    xml_open(x, "w:pPr");
    xml_open(x, "w:pBdr");
    /* the red rule 4 mm (about 11 pt) below the line */
    w_border(x, "w:bottom", 8, 11, "FF0000");
    xml_close(x);
    xml_open(x, "w:tabs");
    xml_open(x, "w:tab");
    xml_attr(x, "w:val", "right");
    xml_attr_int(x, "w:pos", TW_TEXT_W - TW_CHAR);
    xml_close(x);
    xml_close(x);
    w_ind(x, TW_CHAR, 0, 0);
    w_val(x, "w:jc", "left");
    xml_close(x);
    if( d->zDocNo ) w_run(x, 0, 0, 0, d->zDocNo);
    if( d->zSigner ){
      w_tab_run(x);
      w_run(x, 0, 0, 0, "签发人：");
      w_run(x, F_KAI, 0, 0, d->zSigner);
    }
    xml_close(x);
    w_blank(x);
  }
  if( d->zMark || d->zDocNo || d->zSigner ) w_blank(x);
}

/* The 附注 below the 成文日期: two characters in, in brackets. */
static void w_note(struct xml *x, const struct doc *d){
  xml_open(x, "w:p");
  xml_open(x, "w:pPr");
  w_ind(x, 0, 0, 2*TW_CHAR);
  w_val(x, "w:jc", "left");
  xml_close(x);
  w_runs(x, "（");
  w_runs(x, d->zNote);
  w_runs(x, "）");
  xml_close(x);
}

/* One row of the 版记 table: zLeft (and zRight at a right tab), 4号, one
** character in from both sides; bHang: later lines under the first name
** (after 抄送：). */
static void w_record_row(struct xml *x, const char *zLeft, const char *zRight, bool bHang){
  xml_open(x, "w:tr");
  xml_open(x, "w:tc");
  xml_open(x, "w:tcPr");
  xml_open(x, "w:tcW");
  xml_attr_int(x, "w:w", TW_RECORD_W);
  xml_attr(x, "w:type", "dxa");
  xml_close(x);
  w_val(x, "w:vAlign", "center");
  xml_close(x);
  xml_open(x, "w:p");
  xml_open(x, "w:pPr");
  if( zRight ){
    xml_open(x, "w:tabs");
    xml_open(x, "w:tab");
    xml_attr(x, "w:val", "right");
    xml_attr_int(x, "w:pos", TW_RECORD_W - TW_TABLE_CHAR);
    xml_close(x);
    xml_close(x);
  }
  w_val(x, "w:snapToGrid", "0");
  xml_open(x, "w:spacing");
  xml_attr_int(x, "w:line", TW_PITCH);
  xml_attr(x, "w:lineRule", "exact");
  xml_close(x);
  xml_open(x, "w:ind");
  xml_attr_int(x, "w:left", bHang ? 4*TW_TABLE_CHAR : TW_TABLE_CHAR);
  xml_attr_int(x, "w:right", TW_TABLE_CHAR);
  xml_attr(x, bHang ? "w:hangingChars" : "w:firstLineChars", "0");
  xml_attr_int(x, bHang ? "w:hanging" : "w:firstLine", bHang ? 3*TW_TABLE_CHAR : 0);
  xml_close(x);
  w_val(x, "w:jc", "left");
  xml_close(x);
  w_run(x, 0, 28, 0, zLeft);
  if( zRight ){
    w_tab_run(x);
    w_run(x, 0, 28, 0, zRight);
  }
  xml_close(x);                             /* w:p */
  xml_close(x);                             /* w:tc */
  xml_close(x);                             /* w:tr */
}

/* The 版记 (7.4) at the foot of the last page: a table floating at the
** bottom of the 版心, its top and bottom rules heavier than the one
** between 抄送 (when given) and the 印发机关 with the 印发日期. */
static void w_record(struct xml *x, const struct doc *d){
  char zD[32], zDate[48];
  doc_date_cn(d->iPrintDay, zD);
  snprintf(zDate, sizeof(zDate), "%s印发", zD);
  xml_open(x, "w:tbl");
  xml_open(x, "w:tblPr");
  xml_open(x, "w:tblpPr");
  xml_attr(x, "w:leftFromText", "0");
  xml_attr(x, "w:rightFromText", "0");
  /* its last rule on the foot of the 版心: Word and WPS take the bottom
  ** alignment, LibreOffice the position from the top of the page */
  xml_attr(x, "w:vertAnchor", "page");
  xml_attr(x, "w:horzAnchor", "margin");
  xml_attr(x, "w:tblpXSpec", "center");
  xml_attr_int(x, "w:tblpY", TW_PAGE_H - TW_BOTTOM - (d->zCc ? 2 : 1)*TW_PITCH);
  xml_close(x);
  xml_open(x, "w:tblW");
  xml_attr_int(x, "w:w", TW_RECORD_W);
  xml_attr(x, "w:type", "dxa");
  xml_close(x);
  xml_open(x, "w:tblBorders");
  w_border(x, "w:top", 8, 0, "000000");
  w_border(x, "w:bottom", 8, 0, "000000");
  w_border(x, "w:insideH", 6, 0, "000000");
  xml_close(x);
  xml_open(x, "w:tblLayout");
  xml_attr(x, "w:type", "fixed");
  xml_close(x);
  xml_open(x, "w:tblCellMar");
  xml_open(x, "w:left"); xml_attr(x, "w:w", "0"); xml_attr(x, "w:type", "dxa"); xml_close(x);
  xml_open(x, "w:right"); xml_attr(x, "w:w", "0"); xml_attr(x, "w:type", "dxa"); xml_close(x);
  xml_close(x);
  xml_close(x);                             /* w:tblPr */
  xml_open(x, "w:tblGrid");
  xml_open(x, "w:gridCol");
  xml_attr_int(x, "w:w", TW_RECORD_W);
  xml_close(x);
  xml_close(x);
  if( d->zCc ){
    size_t n = strlen(d->zCc);
    char *z = fmt_dup("抄送：%s%s", d->zCc, n>=3 && strcmp(d->zCc+n-3, "。")==0 ? "" : "。");
    w_record_row(x, z, 0, true);
    free(z);
  }
  w_record_row(x, d->zPrinter, zDate, false);
  xml_close(x);                             /* w:tbl */
  /* a paragraph must close the body after a table */
  w_blank(x);
}

/* The section properties: page size, margins, footers; landscape turns
** the page and its 版心. */
static void w_sectpr(struct xml *x, bool bLandscape){
  xml_open(x, "w:sectPr");
  xml_open(x, "w:footerReference");
  xml_attr(x, "w:type", "even");
  xml_attr(x, "r:id", "rIdFtrEven");
  xml_close(x);
  xml_open(x, "w:footerReference");
  xml_attr(x, "w:type", "default");
  xml_attr(x, "r:id", "rIdFtrOdd");
  xml_close(x);
  xml_open(x, "w:pgSz");
  xml_attr_int(x, "w:w", bLandscape ? TW_PAGE_H : TW_PAGE_W);
  xml_attr_int(x, "w:h", bLandscape ? TW_PAGE_W : TW_PAGE_H);
  if( bLandscape ) xml_attr(x, "w:orient", "landscape");
  xml_close(x);
  xml_open(x, "w:pgMar");
  /* landscape: the 版心 turned, 225 x 156 mm */
  xml_attr_int(x, "w:top", bLandscape ? TW_LEFT : TW_TOP);
  xml_attr_int(x, "w:right", bLandscape ? TW_BOTTOM : TW_RIGHT);
  xml_attr_int(x, "w:bottom", bLandscape ? TW_RIGHT : TW_BOTTOM);
  xml_attr_int(x, "w:left", bLandscape ? TW_TOP : TW_LEFT);
  xml_attr_int(x, "w:header", TW_HEADER);
  xml_attr_int(x, "w:footer", TW_FOOTER);
  xml_attr(x, "w:gutter", "0");
  xml_close(x);
  xml_open(x, "w:cols");
  xml_attr(x, "w:space", "425");
  xml_close(x);
  xml_open(x, "w:docGrid");
  xml_attr(x, "w:type", "lines");
  xml_attr_int(x, "w:linePitch", TW_PITCH);
  xml_close(x);
  xml_close(x);
}

/* A section break: the paragraph that ends a section of the given
** orientation (the next one starts on a new page). */
static void w_section_break(struct xml *x, bool bLandscape){
  xml_open(x, "w:p");
  xml_open(x, "w:pPr");
  w_sectpr(x, bLandscape);
  xml_close(x);
  xml_close(x);
}

/* word/document.xml. */
/* The blocks from pFirst on: headings, paragraphs, tables, images,
** page breaks (*piImg counts the images for their relationship ids; *pbCur
** is the orientation of the open section, turned where a block needs it). */
static void w_blocks(struct xml *x, const struct doc *d, const struct doc_block *pFirst,
                     int *piImg, bool *pbCur){
  static const char *const azHeadStyle[] = {
    "Heading1", "Heading2", "Heading3", "Heading4"
  };
  const struct doc_block *p;
  for(p=pFirst; p; p=p->pNext){
    bool bL = doc_block_landscape(d, p);
    if( bL!=*pbCur ){ w_section_break(x, *pbCur); *pbCur = bL; }
    switch( p->eKind ){
      case DOC_HEADING: {
        struct buf t = BUF_INIT;
        buf_puts(&t, p->zNum);
        buf_puts(&t, p->zText);
        w_para_style(x, azHeadStyle[p->iLevel-1], t.buf);
        buf_release(&t);
        break;
      }
      case DOC_PARA:
        w_para_style(x, "Normal", p->zText);
        break;
      case DOC_TABLE:
        w_table(x, p->pTable);
        w_blank(x);
        break;
      case DOC_IMAGE:
        w_image(x, p->pImage, ++*piImg);
        break;
      case DOC_PAGEBREAK:
        xml_open(x, "w:p");
        xml_open(x, "w:r");
        xml_open(x, "w:br");
        xml_attr(x, "w:type", "page");
        xml_close(x);
        xml_close(x);
        xml_close(x);
        break;
    }
  }
}

/* The 附件 after the 落款: a page break, 附件 flush left in the level-1
** heading font, the title centred, then its blocks. */
static void w_appendix(struct xml *x, const struct doc *d, int *piImg, bool *pbCur){
  xml_open(x, "w:p");
  xml_open(x, "w:r");
  xml_open(x, "w:br");
  xml_attr(x, "w:type", "page");
  xml_close(x);
  xml_close(x);
  xml_close(x);
  xml_open(x, "w:p");
  xml_open(x, "w:pPr");
  w_val(x, "w:pStyle", "Heading1");
  w_ind(x, 0, 0, 0);
  xml_close(x);
  w_runs(x, "附件");
  xml_close(x);
  w_para_style(x, "Title", d->zAppTitle);
  w_blank(x);
  w_blocks(x, d, d->pAppFirst, piImg, pbCur);
}

static void part_document(struct buf *b, const struct doc *d){
  struct xml x;
  int iImg = 0;
  bool bCur = doc_block_landscape(d, 0);   /* orientation of the open section */
  xml_init(&x, b);
  xml_decl(&x);
  xml_open(&x, "w:document");
  xml_attr(&x, "xmlns:w", NS_W);
  xml_attr(&x, "xmlns:r", NS_R);
  xml_attr(&x, "xmlns:wp", NS_WP);
  xml_attr(&x, "xmlns:a", NS_A);
  xml_attr(&x, "xmlns:pic", NS_PIC);
  xml_open(&x, "w:body");

  w_head(&x, d);
  if( d->zTitle ){
    w_para_style(&x, "Title", d->zTitle);
    w_blank(&x);
  }
  if( d->zRecipient ){
    xml_open(&x, "w:p");
    xml_open(&x, "w:pPr");
    w_ind(&x, 0, 0, 0);
    xml_close(&x);
    w_runs(&x, d->zRecipient);
    xml_close(&x);
  }
  w_blocks(&x, d, d->pFirst, &iImg, &bCur);
  if( (d->nAttach || d->zIssuer || d->bDate) && doc_block_landscape(d, DOC_END_BLOCK)!=bCur ){
    w_section_break(&x, bCur);
    bCur = !bCur;
  }
  if( d->nAttach ){
    w_blank(&x);
    w_attachments(&x, d);
  }
  if( d->zIssuer || d->bDate ){
    char zDate[32];
    int nIssuer, nDate;
    doc_date_cn(d->iDate, zDate);
    doc_sign_layout(d, d->bDate ? zDate : "", &nIssuer, &nDate);
    w_blank(&x);
    if( d->bSealed ) w_blank(&x);       /* room for the seal */
    if( d->zIssuer ) w_sign_line(&x, d->zIssuer, nIssuer);
    if( d->bDate ) w_sign_line(&x, zDate, nDate);
  }
  if( d->zNote ) w_note(&x, d);
  if( d->zAppTitle ) w_appendix(&x, d, &iImg, &bCur);
  if( d->zPrinter ) w_record(&x, d);

  w_sectpr(&x, bCur);
  xml_finish(&x);
}

/* One <Relationship>. */
static void rel(struct xml *x, const char *zId, const char *zType,
                const char *zTarget){
  xml_open(x, "Relationship");
  xml_attr(x, "Id", zId);
  xml_attr(x, "Type", zType);
  xml_attr(x, "Target", zTarget);
  xml_close(x);
}

/* [Content_Types].xml. */
static void part_content_types(struct buf *b, bool bPng){
  static const struct { const char *zPart, *zType; } aOver[] = {
    { "/word/document.xml", CT_WML "document.main+xml" },
    { "/word/styles.xml",   CT_WML "styles+xml" },
    { "/word/settings.xml", CT_WML "settings+xml" },
    { "/word/fontTable.xml", CT_WML "fontTable+xml" },
    { "/word/theme/theme1.xml", "application/vnd.openxmlformats-officedocument.theme+xml" },
    { "/word/footer1.xml",  CT_WML "footer+xml" },
    { "/word/footer2.xml",  CT_WML "footer+xml" },
    { "/docProps/core.xml", "application/vnd.openxmlformats-package.core-properties+xml" },
    { "/docProps/app.xml",  "application/vnd.openxmlformats-officedocument.extended-properties+xml" },
  };
  struct xml x;
  size_t i;
  xml_init(&x, b);
  xml_decl(&x);
  xml_open(&x, "Types");
  xml_attr(&x, "xmlns", NS_CT);
  xml_open(&x, "Default");
  xml_attr(&x, "Extension", "rels");
  xml_attr(&x, "ContentType", "application/vnd.openxmlformats-package.relationships+xml");
  xml_close(&x);
  xml_open(&x, "Default");
  xml_attr(&x, "Extension", "xml");
  xml_attr(&x, "ContentType", "application/xml");
  xml_close(&x);
  if( bPng ){
    xml_open(&x, "Default");
    xml_attr(&x, "Extension", "png");
    xml_attr(&x, "ContentType", "image/png");
    xml_close(&x);
  }
  for(i=0; i<COUNT(aOver); i++){
    xml_open(&x, "Override");
    xml_attr(&x, "PartName", aOver[i].zPart);
    xml_attr(&x, "ContentType", aOver[i].zType);
    xml_close(&x);
  }
  xml_finish(&x);
}

/* _rels/.rels. */
static void part_rels(struct buf *b){
  struct xml x;
  xml_init(&x, b);
  xml_decl(&x);
  xml_open(&x, "Relationships");
  xml_attr(&x, "xmlns", NS_REL);
  rel(&x, "rId1", RT_DOC "officeDocument", "word/document.xml");
  rel(&x, "rId2",
      "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties",
      "docProps/core.xml");
  rel(&x, "rId3", RT_DOC "extended-properties", "docProps/app.xml");
  xml_finish(&x);
}

/* word/_rels/document.xml.rels: styles, settings, footers, images. */
static void part_doc_rels(struct buf *b, int nImg){
  struct xml x;
  int i;
  xml_init(&x, b);
  xml_decl(&x);
  xml_open(&x, "Relationships");
  xml_attr(&x, "xmlns", NS_REL);
  rel(&x, "rIdStyles", RT_DOC "styles", "styles.xml");
  rel(&x, "rIdSettings", RT_DOC "settings", "settings.xml");
  rel(&x, "rIdFonts", RT_DOC "fontTable", "fontTable.xml");
  rel(&x, "rIdTheme", RT_DOC "theme", "theme/theme1.xml");
  rel(&x, "rIdFtrOdd", RT_DOC "footer", "footer1.xml");
  rel(&x, "rIdFtrEven", RT_DOC "footer", "footer2.xml");
  for(i=1; i<=nImg; i++){
    char zId[32], zTarget[48];
    snprintf(zId, sizeof(zId), "rIdImg%d", i);
    snprintf(zTarget, sizeof(zTarget), "media/image%d.png", i);
    rel(&x, zId, RT_DOC "image", zTarget);
  }
  xml_finish(&x);
}

/* docProps/core.xml: title, creator, created (W3CDTF, UTC). */
static void part_core(struct buf *b, const struct doc *d){
  struct xml x;
  char zWhen[32];
  time_t t = (time_t)(d->tCreated ? d->tCreated : time_now());
  struct tm tm;
  gmtime_r(&t, &tm);
  strftime(zWhen, sizeof(zWhen), "%Y-%m-%dT%H:%M:%SZ", &tm);
  xml_init(&x, b);
  xml_decl(&x);
  xml_open(&x, "cp:coreProperties");
  xml_attr(&x, "xmlns:cp",
           "http://schemas.openxmlformats.org/package/2006/metadata/core-properties");
  xml_attr(&x, "xmlns:dc", "http://purl.org/dc/elements/1.1/");
  xml_attr(&x, "xmlns:dcterms", "http://purl.org/dc/terms/");
  xml_attr(&x, "xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance");
  if( d->zPropTitle ) xml_elem_text(&x, "dc:title", d->zPropTitle);
  if( d->zPropAuthor ){
    xml_elem_text(&x, "dc:creator", d->zPropAuthor);
    xml_elem_text(&x, "cp:lastModifiedBy", d->zPropAuthor);
  }
  xml_elem_text(&x, "dc:language", "zh-CN");
  xml_open(&x, "dcterms:created");
  xml_attr(&x, "xsi:type", "dcterms:W3CDTF");
  xml_text(&x, zWhen);
  xml_close(&x);
  xml_open(&x, "dcterms:modified");
  xml_attr(&x, "xsi:type", "dcterms:W3CDTF");
  xml_text(&x, zWhen);
  xml_close(&x);
  xml_finish(&x);
}

/* docProps/app.xml. */
static void part_app(struct buf *b, const struct doc *d){
  struct xml x;
  xml_init(&x, b);
  xml_decl(&x);
  xml_open(&x, "Properties");
  xml_attr(&x, "xmlns",
           "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties");
  xml_elem_text(&x, "Application", "fazhi");
  if( d->zPropAuthor ) xml_elem_text(&x, "Company", d->zPropAuthor);
  xml_finish(&x);
}

/* Add n bytes at p as zName; the bytes must live until zip_close(). */
static int pkg_zip_add(zip_t *z, const char *zName, const void *p, size_t n,
                   struct buf *pErr){
  zip_source_t *s = zip_source_buffer(z, p, n, 0);
  zip_int64_t i;
  if( s==0 || (i = zip_file_add(z, zName, s, ZIP_FL_ENC_UTF_8|ZIP_FL_OVERWRITE))<0 ){
    if( s ) zip_source_free(s);
    buf_appendf(pErr, "无法写入文档部件 %s：%s", zName, zip_strerror(z));
    return -1;
  }
  /* small parts are stored: a deflate stream costs about 256 KiB of zeroed
  ** memory to set up, more than the bytes it would save */
  if( n < 4096 ) zip_set_file_compression(z, (zip_uint64_t)i, ZIP_CM_STORE, 0);
  return 0;
}

int docx_write(const struct doc *d, const char *zPath, struct buf *pErr){
  struct pkg pk;
  const struct doc_block *p;
  char *zTmp = 0;
  char azMedia[64][32];
  zip_t *z = 0;
  int rc = -1, i, nImg = 0, err = 0;

  memset(&pk, 0, sizeof(pk));
  for(p=d->pFirst; p; p=p->pNext) if( p->eKind==DOC_IMAGE ) nImg++;
  if( nImg>(int)COUNT(azMedia) ){
    buf_appendf(pErr, "文档中的图片过多（%d 张，最多 %d 张）", nImg,
                (int)COUNT(azMedia));
    return -1;
  }
  part_content_types(pkg_part(&pk, "[Content_Types].xml"), nImg>0);
  part_rels(pkg_part(&pk, "_rels/.rels"));
  part_document(pkg_part(&pk, "word/document.xml"), d);
  part_doc_rels(pkg_part(&pk, "word/_rels/document.xml.rels"), nImg);
  part_styles(pkg_part(&pk, "word/styles.xml"));
  part_settings(pkg_part(&pk, "word/settings.xml"));
  part_fonts(pkg_part(&pk, "word/fontTable.xml"));
  part_theme(pkg_part(&pk, "word/theme/theme1.xml"));
  part_footer(pkg_part(&pk, "word/footer1.xml"), true);
  part_footer(pkg_part(&pk, "word/footer2.xml"), false);
  part_core(pkg_part(&pk, "docProps/core.xml"), d);
  part_app(pkg_part(&pk, "docProps/app.xml"), d);

  zTmp = fmt_dup("%s.tmp%ld", zPath, (long)getpid());
  z = zip_open(zTmp, ZIP_CREATE|ZIP_TRUNCATE, &err);
  if( z==0 ){
    zip_error_t ze;
    zip_error_init_with_code(&ze, err);
    buf_appendf(pErr, "无法创建文件 %s：%s", zPath, zip_error_strerror(&ze));
    zip_error_fini(&ze);
    goto done;
  }
  for(i=0; i<pk.nPart; i++){
    if( pkg_zip_add(z, pk.aPart[i].zName, pk.aPart[i].b.buf, pk.aPart[i].b.len,
                pErr) ) goto done;
  }
  i = 0;
  for(p=d->pFirst; p; p=p->pNext){
    if( p->eKind!=DOC_IMAGE ) continue;
    snprintf(azMedia[i], sizeof(azMedia[i]), "word/media/image%d.png", i+1);
    if( pkg_zip_add(z, azMedia[i], p->pImage->aPng, p->pImage->nPng, pErr) ){
      goto done;
    }
    i++;
  }
  if( zip_close(z)<0 ){
    buf_appendf(pErr, "无法写入文件 %s：%s", zPath, zip_strerror(z));
    goto done;
  }
  z = 0;
  if( rename(zTmp, zPath) ){
    buf_appendf(pErr, "无法保存文件 %s：%s", zPath, strerror(errno));
    goto done;
  }
  rc = 0;

done:
  if( z ) zip_discard(z);
  if( rc && zTmp ) unlink(zTmp);
  free(zTmp);
  for(i=0; i<pk.nPart; i++) buf_release(&pk.aPart[i].b);
  return rc;
}

/* mkdir that accepts an existing directory. */
static int mkdir_ok(const char *z){
  return (mkdir(z, 0700)==0 || errno==EEXIST) ? 0 : -1;
}

int office_font_env(const char *zDir, struct buf *pErr){
  const struct embed_file *e = embed_find("data/fonts/fonts.conf");
  char *zSub = 0, *zFile = 0;
  FILE *f = 0;
  int rc = -1;
  if( e==0 ){
    buf_appendf(pErr, "程序中缺少字体配置 data/fonts/fonts.conf");
    return -1;
  }
  zSub = fmt_dup("%s/fontconfig", zDir);
  zFile = fmt_dup("%s/fontconfig/fonts.conf", zDir);
  if( mkdir_ok(zDir) || mkdir_ok(zSub) ){
    buf_appendf(pErr, "无法创建目录 %s：%s", zSub, strerror(errno));
    goto done;
  }
  f = fopen(zFile, "wb");
  if( f==0 || fwrite(e->aData, 1, (size_t)e->nData, f)!=(size_t)e->nData ){
    buf_appendf(pErr, "无法写入字体配置 %s：%s", zFile, strerror(errno));
    goto done;
  }
  if( fclose(f) ){
    f = 0;
    buf_appendf(pErr, "无法写入字体配置 %s：%s", zFile, strerror(errno));
    goto done;
  }
  f = 0;
  rc = 0;
done:
  if( f ) fclose(f);
  free(zSub);
  free(zFile);
  return rc;
}
