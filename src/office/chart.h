/*
** chart.h -- bar, line and pie charts drawn once from one description to
** SVG text (web pages), PNG bytes (DOCX) or a cairo context (PDF).
**
** The layout is computed once in chart units (the size the caller asks
** for) and replayed through a small set of drawing operations, so the
** three outputs show the same chart.  Text is measured by a fixed rule
** (CJK 1 em, others 0.6 em) so SVG and cairo agree.
*/
#ifndef FAZHI_CHART_H
#define FAZHI_CHART_H

#include "../common.h"
#include <cairo.h>

struct buf;

enum { CHART_BAR = 1, CHART_LINE, CHART_PIE };

#define CHART_MAX_SERIES 8
#define CHART_MAX_CATS   64

struct chart_series {
  const char *zName;          /* legend text */
  const double *aValue;       /* one value per category */
};

struct chart {
  int eType;                  /* CHART_* */
  const char *zTitle;         /* may be NULL */
  int nCat;                   /* categories, 1..CHART_MAX_CATS */
  const char *const *azCat;   /* category labels */
  int nSeries;                /* 1..CHART_MAX_SERIES (a pie uses the first) */
  const struct chart_series *aSeries;
  bool bInteger;              /* values are counts: axis ticks at whole numbers */
};

/* Append an SVG document of w x h units (viewBox 0 0 w h, no scripts,
** every text escaped) to pOut. Returns 0, or -1 with a message in pErr
** when the description is unusable. */
int chart_svg(const struct chart *c, double w, double h, struct buf *pOut,
              struct buf *pErr);
/* Append PNG bytes of the chart, w x h units drawn at nScale pixels per
** unit (1..8), to pOut. Returns 0 or -1 with a message in pErr. */
int chart_png(const struct chart *c, double w, double h, int nScale,
              struct buf *pOut, struct buf *pErr);
/* Draw the chart into the rectangle x,y,w,h of cr (vector, for PDF).
** The state of cr is saved and restored. Returns 0 or -1 as chart_svg. */
int chart_cairo(const struct chart *c, cairo_t *cr, double x, double y,
                double w, double h, struct buf *pErr);

/* A "nice" tick step (1, 2 or 5 times a power of ten) that cuts the
** range into about nTicks steps. */
double chart_nice_step(double range, int nTicks);

#endif
