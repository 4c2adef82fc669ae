/*
** org_fig.c -- what the organisation tree declares for figures
** (reg/figure.h): the population every rate over the schools is a share
** of -- the schools and kindergartens open on the as-of day, by each org's
** own 设立日期 and 撤销日期 -- and the counts of schools and kindergartens
** over it.
*/
#include "../../common.h"
#include "../../base/arena.h"
#include "../../reg/figure.h"
#include "../../store/db.h"
#include "org.h"

const struct fig_pop org_pops[] = {
  { .zKey = "school_open", .zLabel = "截至数据截至日期已设立且未撤销的中小学和幼儿园",
    .zFrom = "org o",
    .zWhere = "o.kind IN ('school','kindergarten')"
              " AND (o.founded IS NULL OR o.founded<=?2) AND (o.closed IS NULL OR o.closed>?2)",
    .zId = "o.id", .zName = "o.name", .zOrg = "o.id", .zOrder = "o.sort_key, o.id" },
  { 0 }
};

/* A count of the open schools of one kind: its id, label and detail. */
#define ORG_OPEN_OF(zKind) { \
  .eKind = FIG_COUNT, .zPop = "school_open", .zFrom = "org o", \
  .zWhere = "o.kind='" zKind "' AND o.id IN ({pop})", \
  .zId = "o.id", .zName = "o.name", .zOrg = "o.id", .zOrder = "o.path", \
  .zDetail = "'学校标识码 ' || coalesce(o.school_code, '—') || ' · 设立日期 ' ||" \
             " coalesce(o.founded, '—')" }

static const struct fig_decl dSchools = ORG_OPEN_OF("school");
static const struct fig_decl dKgs = ORG_OPEN_OF("kindergarten");

const struct figure org_figures[] = {
  { "org.schools", "中小学数", "所",
    "机构名录中类别为“学校”的机构，设立日期不晚于数据截至日期且截至该日未撤销"
    "（设立日期为空的视为早已设立）", "org", .pDecl = &dSchools },
  { "org.kindergartens", "幼儿园数", "所",
    "机构名录中类别为“幼儿园”的机构，设立日期不晚于数据截至日期且截至该日未撤销"
    "（设立日期为空的视为早已设立）", "org", .pDecl = &dKgs },
  { 0 }
};
