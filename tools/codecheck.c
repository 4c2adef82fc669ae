/*
** codecheck -- fail the build on data written through %s and on SQL that
** is not a literal (after Fossil's tools/codecheck1.c).
**
** Usage: codecheck FILE...
**
** Prints "file:line: message" for each violation, then the last line
** "N passed, N failed" (passed = checked call sites with no violation,
** failed = violations), and exits 1 when anything failed.
**
** Rules, for calls found by name in the token stream (comments, string and
** character literals are skipped properly; calls may span lines and nest):
**
**  1. Format writers -- H, html_printf, req_printf, log_error, log_warn,
**     log_info, log_debug, buf_appendf, arena_printf, fmt_dup. The format
**     argument must be a string literal (adjacent literals concatenate).
**     Its conversions are counted the way src/base/fmt.c reads them (%%
**     takes nothing, a * width or precision takes an argument, the
**     length modifiers are l, ll and z) and must match the arguments.
**     Each %s must take an argument that is itself a string literal;
**     anything else is "data through %s; use %h (HTML), %j (JSON) or %t
**     (URL)". buf_appendf, arena_printf and fmt_dup build text of every
**     kind (SQL fragments, file names, messages), so for them %s is only
**     checked when the format literal looks like HTML (contains '<') or
**     JSON (contains {" or ":).
**
**  2. SQL -- db_prepare, db_exec, db_int, db_i64, db_text, db_exists. The
**     SQL argument (position per aCall[] below) must be a string literal:
**     "SQL must be a literal with bound ?N parameters". Dynamic SQL goes
**     through db_prepare_buf(), which is not checked here.
**
**  3. Layers -- every #include "..." of a file under src/ must point
**     down the layers or into the file's own folder (a file in a folder
**     the table does not know fails too):
**
**         top-level src/ files (main.c ...)         (the wiring: anything)
**         areas/<family>/  desk/                    (4)
**         reg/                                      (3)
**         core/                                     (2)
**         web/  office/  store/  crypto/            (1)
**         base/, src/common.h, src/banned.h         (0)
**
**     A file may include its own folder and any lower layer; folders of
**     one layer never include each other (web/ not store/, one family of
**     areas/ not another, desk/ not areas/): "layer violation: ...".  The
**     path is read from the last "src/" in the file's name, so a copy of
**     the tree elsewhere is checked the same way.
**
** Not calls: a name preceded by another identifier (a type such as void,
** int, char or a struct tag) or by '*' is a declaration or definition and
** is skipped, except after return/else/do/case. Preprocessor lines are
** skipped whole. Files that define the checked functions are skipped by
** rules 1 and 2: src/base/fmt.c and every file under src/store/.
*/
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* What to check in a call. */
enum { CK_FORMAT, CK_FORMAT_GENERAL, CK_SQL };

/* The checked functions: name, kind, 1-based position of the format or
** SQL argument. */
static const struct call {
  const char *zName;
  int eKind;
  int iArg;
} aCall[] = {
  { "H",            CK_FORMAT,         2 },
  { "html_printf",  CK_FORMAT,         2 },
  { "html_cell",    CK_FORMAT,         3 },
  { "req_printf",   CK_FORMAT,         2 },
  { "log_error",    CK_FORMAT,         1 },
  { "log_warn",     CK_FORMAT,         1 },
  { "log_info",     CK_FORMAT,         1 },
  { "log_debug",    CK_FORMAT,         1 },
  { "buf_appendf",  CK_FORMAT_GENERAL, 2 },
  { "arena_printf", CK_FORMAT_GENERAL, 2 },
  { "fmt_dup",      CK_FORMAT_GENERAL, 1 },
  { "db_prepare",   CK_SQL,            2 },
  { "db_exec",      CK_SQL,            1 },
  { "db_int",       CK_SQL,            2 },
  { "db_i64",       CK_SQL,            2 },
  { "db_text",      CK_SQL,            3 },
  { "db_exists",    CK_SQL,            1 },
};

/* Token kinds. */
enum { TK_IDENT, TK_STRING, TK_CHAR, TK_NUMBER, TK_PUNCT };

struct token {
  int eType;          /* TK_* */
  const char *z;      /* first byte in the file text */
  int n;              /* length in bytes */
  int line;           /* 1-based line of the first byte */
};

static int nPass, nFail;          /* totals over all files */

/* Report one violation. */
static void report(const char *zFile, int line, const char *zCall,
                   const char *zMsg){
  printf("%s:%d: %s: %s\n", zFile, line, zCall, zMsg);
  nFail++;
}

/* True when the token is exactly the identifier or punctuator z. */
static bool tok_is(const struct token *t, const char *z){
  return (int)strlen(z)==t->n && memcmp(t->z, z, (size_t)t->n)==0;
}

/* Split the n bytes of z into tokens. Comments and preprocessor lines
** give no tokens. Returns a malloc'd array and sets *pnTok. */
static struct token *tokenize(const char *z, int n, int *pnTok){
  struct token *a = 0;
  int nTok = 0, nAlloc = 0, i = 0, line = 1;
  bool bLineStart = true;          /* only blanks since the last newline */
  while( i<n ){
    char c = z[i];
    struct token t;
    if( c=='\n' ){ line++; i++; bLineStart = true; continue; }
    if( c==' ' || c=='\t' || c=='\r' || c=='\f' || c=='\v' ){ i++; continue; }
    if( c=='/' && i+1<n && z[i+1]=='/' ){
      while( i<n && z[i]!='\n' ) i++;
      continue;
    }
    if( c=='/' && i+1<n && z[i+1]=='*' ){
      i += 2;
      while( i<n && !(z[i]=='*' && i+1<n && z[i+1]=='/') ){
        if( z[i]=='\n' ) line++;
        i++;
      }
      i += 2;
      continue;
    }
    if( c=='#' && bLineStart ){
      /* a directive: to the end of the line, with \-newline continuations
      ** and comments that may span lines */
      while( i<n && z[i]!='\n' ){
        if( z[i]=='\\' && i+1<n && z[i+1]=='\n' ){ i += 2; line++; continue; }
        if( z[i]=='/' && i+1<n && z[i+1]=='*' ){
          i += 2;
          while( i<n && !(z[i]=='*' && i+1<n && z[i+1]=='/') ){
            if( z[i]=='\n' ) line++;
            i++;
          }
          i += 2;
          continue;
        }
        i++;
      }
      continue;
    }
    bLineStart = false;
    t.z = z+i;
    t.line = line;
    if( c=='"' || c=='\'' ){
      int j = i+1;
      while( j<n && z[j]!=c && z[j]!='\n' ){
        if( z[j]=='\\' && j+1<n ){
          if( z[j+1]=='\n' ) line++;
          j++;
        }
        j++;
      }
      if( j<n && z[j]==c ) j++;
      t.eType = c=='"' ? TK_STRING : TK_CHAR;
      /* an encoding prefix (u8"", L"") is part of the literal */
      if( nTok>0 && a[nTok-1].eType==TK_IDENT && a[nTok-1].z+a[nTok-1].n==z+i
       && (tok_is(&a[nTok-1], "u8") || tok_is(&a[nTok-1], "u")
        || tok_is(&a[nTok-1], "U") || tok_is(&a[nTok-1], "L")) ){
        nTok--;
        t.z = a[nTok].z;
        t.line = a[nTok].line;
      }
      t.n = (int)(z+j - t.z);
      i = j;
    }else if( c=='_' || (c>='a' && c<='z') || (c>='A' && c<='Z') ){
      int j = i+1;
      while( j<n && (z[j]=='_' || (z[j]>='a' && z[j]<='z')
                     || (z[j]>='A' && z[j]<='Z') || (z[j]>='0' && z[j]<='9')) ) j++;
      t.eType = TK_IDENT;
      t.n = j-i;
      i = j;
    }else if( (c>='0' && c<='9') || (c=='.' && i+1<n && z[i+1]>='0' && z[i+1]<='9') ){
      int j = i+1;
      while( j<n ){
        char d = z[j];
        if( (d=='+' || d=='-') && strchr("eEpP", z[j-1]) ){ j++; continue; }
        if( d=='.' || d=='_' || (d>='a' && d<='z') || (d>='A' && d<='Z')
         || (d>='0' && d<='9') ){ j++; continue; }
        break;
      }
      t.eType = TK_NUMBER;
      t.n = j-i;
      i = j;
    }else{
      t.eType = TK_PUNCT;
      t.n = (c=='-' && i+1<n && z[i+1]=='>') ? 2 : 1;
      i += t.n;
    }
    if( nTok>=nAlloc ){
      nAlloc = nAlloc ? nAlloc*2 : 1024;
      a = realloc(a, sizeof(a[0])*(size_t)nAlloc);
      if( a==0 ){ fprintf(stderr, "codecheck: out of memory\n"); exit(2); }
    }
    a[nTok++] = t;
  }
  *pnTok = nTok;
  return a;
}

/* One argument of a call: tokens [iFirst, iEnd). */
struct arg {
  int iFirst, iEnd;
};

/* True when the argument is one or more string literals and nothing else. */
static bool arg_is_literal(const struct token *a, const struct arg *p){
  int i;
  if( p->iFirst>=p->iEnd ) return false;
  for(i=p->iFirst; i<p->iEnd; i++){
    if( a[i].eType!=TK_STRING ) return false;
  }
  return true;
}

/* True when the argument is a choice between literals, "c ? "a" : "b"",
** possibly nested in the else branch: the markup is still the program's
** own text, only picked by a condition. */
static bool arg_is_literal_choice(const struct token *a, const struct arg *p){
  int i, iQ = -1, iC = -1, depth = 0;
  struct arg then, rest;
  for(i=p->iFirst; i<p->iEnd; i++){
    if( a[i].eType!=TK_PUNCT ) continue;
    if( tok_is(&a[i], "(") || tok_is(&a[i], "[") ) depth++;
    else if( tok_is(&a[i], ")") || tok_is(&a[i], "]") ) depth--;
    else if( depth==0 && iQ<0 && tok_is(&a[i], "?") ) iQ = i;
    else if( depth==0 && iQ>=0 && iC<0 && tok_is(&a[i], ":") ) iC = i;
  }
  if( iQ<0 || iC<0 ) return false;
  then.iFirst = iQ+1; then.iEnd = iC;
  rest.iFirst = iC+1; rest.iEnd = p->iEnd;
  return arg_is_literal(a, &then)
      && (arg_is_literal(a, &rest) || arg_is_literal_choice(a, &rest));
}

/* The text of the string literals of argument p, concatenated without
** their quotes or prefixes (escapes left as written). malloc'd. */
static char *arg_literal_text(const struct token *a, const struct arg *p){
  size_t nAll = 1, k = 0;
  char *z;
  int i;
  for(i=p->iFirst; i<p->iEnd; i++) nAll += (size_t)a[i].n;
  z = malloc(nAll);
  if( z==0 ){ fprintf(stderr, "codecheck: out of memory\n"); exit(2); }
  for(i=p->iFirst; i<p->iEnd; i++){
    const char *zq = memchr(a[i].z, '"', (size_t)a[i].n);
    int n = a[i].n - (int)(zq - a[i].z) - 2;
    if( n>0 ){ memcpy(z+k, zq+1, (size_t)n); k += (size_t)n; }
  }
  z[k] = 0;
  return z;
}

/* Check a format call: zFmt is the format text, aArg[iFmt+1..nArg) the
** values. Returns the number of violations reported. */
static int check_format(const char *zFile, const char *zCall, bool bGeneral,
                        const char *zFmt, const struct token *a,
                        const struct arg *aArg, int iFmt, int nArg){
  int iNext = iFmt+1, nErr = 0;
  bool bCheckS = !bGeneral || strchr(zFmt, '<') || strstr(zFmt, "{\\\"")
                 || strstr(zFmt, "\\\":");
  const char *p = zFmt;
  int line = a[aArg[iFmt].iFirst].line;
  char zMsg[200];
  while( (p = strchr(p, '%'))!=0 ){
    p++;
    if( *p=='%' ){ p++; continue; }
    while( *p && strchr("-+ #0", *p) ) p++;
    if( *p=='*' ){ iNext++; p++; }
    else while( *p>='0' && *p<='9' ) p++;
    if( *p=='.' ){
      p++;
      if( *p=='*' ){ iNext++; p++; }
      else while( *p>='0' && *p<='9' ) p++;
    }
    if( *p=='l' ){ p++; if( *p=='l' ) p++; }
    else if( *p=='z' ) p++;
    if( *p==0 || strchr("scdiuxXfgeophajt", *p)==0 ){
      snprintf(zMsg, sizeof(zMsg), "unknown conversion '%%%c' in the format",
               *p ? *p : '?');
      report(zFile, line, zCall, zMsg);
      return nErr+1;
    }
    if( *p=='s' && bCheckS && iNext<nArg && !arg_is_literal(a, &aArg[iNext])
     && !arg_is_literal_choice(a, &aArg[iNext]) ){
      report(zFile, a[aArg[iNext].iFirst].line, zCall,
             "data through %s; use %h (HTML), %j (JSON) or %t (URL)");
      nErr++;
    }
    iNext++;
    p++;
  }
  if( iNext!=nArg ){
    snprintf(zMsg, sizeof(zMsg), "the format takes %d argument(s), the call "
             "passes %d", iNext-iFmt-1, nArg-iFmt-1);
    report(zFile, line, zCall, zMsg);
    nErr++;
  }
  return nErr;
}

/* Check every call in the tokens a[0..nTok) of zFile. */
static void check_tokens(const char *zFile, const struct token *a, int nTok){
  int i;
  for(i=0; i+1<nTok; i++){
    const struct call *pCall = 0;
    struct arg aArg[64];
    int nArg = 0, depth = 0, j, iStart, nErr = 0;
    size_t k;
    if( a[i].eType!=TK_IDENT || !tok_is(&a[i+1], "(") ) continue;
    for(k=0; k<sizeof(aCall)/sizeof(aCall[0]); k++){
      if( tok_is(&a[i], aCall[k].zName) ){ pCall = &aCall[k]; break; }
    }
    if( pCall==0 ) continue;
    if( i>0 ){
      const struct token *pPrev = &a[i-1];
      if( tok_is(pPrev, "*") ) continue;
      if( pPrev->eType==TK_IDENT && !tok_is(pPrev, "return")
       && !tok_is(pPrev, "else") && !tok_is(pPrev, "do")
       && !tok_is(pPrev, "case") ) continue;
    }
    /* split the arguments at top-level commas */
    iStart = i+2;
    for(j=i+1; j<nTok; j++){
      const struct token *t = &a[j];
      if( t->eType!=TK_PUNCT ) continue;
      if( tok_is(t, "(") || tok_is(t, "[") || tok_is(t, "{") ){
        depth++;
      }else if( tok_is(t, ")") || tok_is(t, "]") || tok_is(t, "}") ){
        if( --depth==0 ) break;
      }else if( depth==1 && tok_is(t, ",") ){
        if( nArg<(int)(sizeof(aArg)/sizeof(aArg[0])) ){
          aArg[nArg].iFirst = iStart;
          aArg[nArg].iEnd = j;
          nArg++;
        }
        iStart = j+1;
      }
    }
    if( j>=nTok ){
      report(zFile, a[i].line, pCall->zName, "call is not closed");
      continue;
    }
    if( j>iStart && nArg<(int)(sizeof(aArg)/sizeof(aArg[0])) ){
      aArg[nArg].iFirst = iStart;
      aArg[nArg].iEnd = j;
      nArg++;
    }
    if( nArg<pCall->iArg ){
      report(zFile, a[i].line, pCall->zName, "too few arguments");
      continue;
    }
    {
      const struct arg *pArg = &aArg[pCall->iArg-1];
      int line = pArg->iFirst<pArg->iEnd ? a[pArg->iFirst].line : a[i].line;
      if( !arg_is_literal(a, pArg) ){
        report(zFile, line, pCall->zName, pCall->eKind==CK_SQL
               ? "SQL must be a literal with bound ?N parameters"
               : "the format must be a string literal");
        nErr++;
      }else if( pCall->eKind!=CK_SQL ){
        char *zFmt = arg_literal_text(a, pArg);
        nErr += check_format(zFile, pCall->zName,
                             pCall->eKind==CK_FORMAT_GENERAL, zFmt, a, aArg,
                             pCall->iArg-1, nArg);
        free(zFmt);
      }
    }
    if( nErr==0 ) nPass++;
  }
}

/* True for files that define the checked functions. */
static bool skip_file(const char *zFile){
  size_t n = strlen(zFile);
  if( n>=14 && strcmp(zFile+n-14, "src/base/fmt.c")==0 ) return true;
  return strncmp(zFile, "src/store/", 10)==0 || strstr(zFile, "/src/store/")!=0;
}

/* ---- rule 3: layers ------------------------------------------------- */

/* The layers of src/: a folder (or a top-level file) and its level.  A
** file may include its own folder and anything of a lower level. */
static const struct layer {
  const char *zPrefix;      /* path under src/: "core/", or a file "common.h" */
  int iLevel;
} aLayer[] = {
  { "base/",    0 },
  { "common.h", 0 },
  { "banned.h", 0 },
  { "crypto/",  1 },        /* SM3, SM4, random: below web (uploads are hashed as they stream) */
  { "store/",   2 },
  { "office/",  2 },
  { "web/",     2 },
  { "core/",    3 },
  { "reg/",     4 },
  { "areas/",   5 },        /* each family (areas/<family>/) a folder of its own */
  { "desk/",    5 },
};
#define LAYER_TOP 6         /* src/main.c, src/routes.c, src/routes.h */

/* The part of zPath after its last "src/" (at the start or after a '/'),
** or NULL when it is not under a src/ folder. */
static const char *src_rel(const char *zPath){
  const char *zRel = 0, *p = zPath;
  while( (p = strstr(p, "src/"))!=0 ){
    if( p==zPath || p[-1]=='/' ) zRel = p+4;
    p += 4;
  }
  return zRel;
}

/* The layer of zRel (a path under src/): its level, and in zFolder (nFolder
** bytes) the folder that is its own ("core/", "areas/org/", "" for the top).
** -1 when the table does not know its folder. */
static int layer_of(const char *zRel, char *zFolder, size_t nFolder){
  size_t k;
  if( strchr(zRel, '/')==0 ){
    for(k=0; k<sizeof(aLayer)/sizeof(aLayer[0]); k++){
      if( strcmp(zRel, aLayer[k].zPrefix)==0 ){
        /* common.h and banned.h are the base layer's, at the top for brevity */
        snprintf(zFolder, nFolder, "%s", aLayer[k].iLevel==0 ? "base/" : zRel);
        return aLayer[k].iLevel;
      }
    }
    snprintf(zFolder, nFolder, "%s", "");
    return LAYER_TOP;
  }
  for(k=0; k<sizeof(aLayer)/sizeof(aLayer[0]); k++){
    size_t n = strlen(aLayer[k].zPrefix);
    if( aLayer[k].zPrefix[n-1]!='/' || strncmp(zRel, aLayer[k].zPrefix, n)!=0 ) continue;
    if( strcmp(aLayer[k].zPrefix, "areas/")==0 ){
      const char *zSlash = strchr(zRel+n, '/');
      if( zSlash==0 ) return -1;          /* areas/x.c: areas are families now */
      n = (size_t)(zSlash+1 - zRel);
    }
    snprintf(zFolder, nFolder, "%.*s", (int)n, zRel);
    return aLayer[k].iLevel;
  }
  return -1;
}

/* Resolve zInc (as written in an #include) against the folder of zRel,
** both under src/, into zOut; false when it climbs out of src/. */
static bool include_resolve(const char *zRel, const char *zInc, char *zOut, size_t nOut){
  char z[1024];
  char *aPart[64];
  int nPart = 0, i;
  size_t k = 0;
  const char *zSlash = strrchr(zRel, '/');
  char *p, *zNext;
  snprintf(z, sizeof(z), "%.*s%s", zSlash ? (int)(zSlash+1 - zRel) : 0, zRel, zInc);
  for(p=z; p; p=zNext){
    zNext = strchr(p, '/');
    if( zNext ) *zNext++ = 0;
    if( p[0]==0 || strcmp(p, ".")==0 ) continue;
    if( strcmp(p, "..")==0 ){
      if( nPart==0 ) return false;
      nPart--;
      continue;
    }
    if( nPart<64 ) aPart[nPart++] = p;
  }
  zOut[0] = 0;
  for(i=0; i<nPart; i++){
    int m = snprintf(zOut+k, nOut-k, "%s%s", i ? "/" : "", aPart[i]);
    if( m<0 || (size_t)m>=nOut-k ) return false;
    k += (size_t)m;
  }
  return true;
}

/* Check the #include "..." lines of zFile (text z) against the layers. */
static void check_layers(const char *zFile, const char *z){
  const char *zRel = src_rel(zFile);
  char zFolder[256];
  int iLevel, line = 1;
  const char *p = z;
  if( zRel==0 ) return;
  iLevel = layer_of(zRel, zFolder, sizeof(zFolder));
  if( iLevel<0 ){
    report(zFile, 1, "layer", "the file is in a folder the layer table of "
           "tools/codecheck.c does not know (add it there and to docs/ARCHITECTURE.md)");
    return;
  }
  while( *p ){
    const char *e = strchr(p, '\n');
    const char *q = p;
    size_t nLine = e ? (size_t)(e-p) : strlen(p);
    while( *q==' ' || *q=='\t' ) q++;
    if( *q=='#' ){
      q++;
      while( *q==' ' || *q=='\t' ) q++;
      if( strncmp(q, "include", 7)==0 ){
        const char *zQ;
        q += 7;
        while( *q==' ' || *q=='\t' ) q++;
        if( *q=='"' && (zQ = memchr(q+1, '"', nLine - (size_t)(q+1-p)))!=0 ){
          char zInc[512], zTo[1024], zToFolder[256], zCall[600], zMsg[1200];
          int iTo;
          snprintf(zInc, sizeof(zInc), "%.*s", (int)(zQ-(q+1)), q+1);
          snprintf(zCall, sizeof(zCall), "#include \"%s\"", zInc);
          if( !include_resolve(zRel, zInc, zTo, sizeof(zTo)) ){
            report(zFile, line, zCall, "layer violation: the path leaves src/");
          }else if( (iTo = layer_of(zTo, zToFolder, sizeof(zToFolder)))<0 ){
            report(zFile, line, zCall, "layer violation: src/ has no such layer folder");
          }else if( strcmp(zToFolder, zFolder)==0 || iTo<iLevel ){
            nPass++;
          }else{
            snprintf(zMsg, sizeof(zMsg), "layer violation: src/%s (layer %d) may not "
                     "include src/%s (layer %d%s)", zFolder[0] ? zFolder : "*", iLevel,
                     zToFolder[0] ? zToFolder : "*", iTo,
                     iTo==iLevel ? ", a folder of the same layer" : ", above it");
            report(zFile, line, zCall, zMsg);
          }
        }
      }
    }
    if( e==0 ) break;
    p = e+1;
    line++;
  }
}

/* Read and check one file. Returns -1 when it cannot be read. */
static int check_file(const char *zFile){
  FILE *f;
  char *z;
  long n;
  int nTok;
  struct token *a;
  f = fopen(zFile, "rb");
  if( f==0 ){ perror(zFile); return -1; }
  if( fseek(f, 0, SEEK_END)!=0 || (n = ftell(f))<0 || fseek(f, 0, SEEK_SET)!=0 ){
    perror(zFile);
    fclose(f);
    return -1;
  }
  z = malloc((size_t)n+1);
  if( z==0 || fread(z, 1, (size_t)n, f)!=(size_t)n ){
    perror(zFile);
    free(z);
    fclose(f);
    return -1;
  }
  fclose(f);
  z[n] = 0;
  check_layers(zFile, z);
  if( !skip_file(zFile) ){
    a = tokenize(z, (int)n, &nTok);
    check_tokens(zFile, a, nTok);
    free(a);
  }
  free(z);
  return 0;
}

int main(int argc, char **argv){
  int i;
  if( argc<2 ){
    fprintf(stderr, "usage: %s FILE...\n", argv[0]);
    return 2;
  }
  for(i=1; i<argc; i++){
    if( check_file(argv[i]) ){
      printf("%s:0: cannot read the file\n", argv[i]);
      nFail++;
    }
  }
  printf("%d passed, %d failed\n", nPass, nFail);
  return nFail ? 1 : 0;
}
