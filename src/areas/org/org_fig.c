/*
** org_fig.c -- the figures the organisation tree answers: schools and
** kindergartens in a scope as of a day, counted by each org's own 设立日期
** and 撤销日期 (figure.h).
*/
#include "../../common.h"
#include "../../base/arena.h"
#include "../../reg/figure.h"
#include "../../store/db.h"
#include "org.h"

/* The orgs of kind zKind in s's scope that exist on s's as-of day. */
static void org_fig_kind(const struct fig_scope *s, struct arena *ar, struct fig_result *res,
                         const char *zKind){
  struct stmt q;
  db_prepare(&q,
    "SELECT id, name, school_code, founded FROM org"
    " WHERE path LIKE ?1 AND kind=?2"
    "   AND (founded IS NULL OR founded<=?3)"
    "   AND (closed IS NULL OR closed>?3)"
    " ORDER BY path");
  db_bind_text(&q, 1, s->zLike);
  db_bind_text(&q, 2, zKind);
  db_bind_text(&q, 3, s->zAsOf);
  while( db_step(&q)==DB_ROW ){
    const char *zCode = db_column_text(&q, 2), *zFounded = db_column_text(&q, 3);
    fig_add(res, ar, db_column_int64(&q, 0), db_column_text(&q, 1),
            arena_printf(ar, "学校标识码 %s · 设立日期 %s", zCode ? zCode : "—",
                         zFounded ? zFounded : "—"));
  }
  db_finalize(&q);
  res->v = res->n;
  res->bKnown = res->n>0;
}

/* org.schools: 中小学 as of the day. */
static void org_fig_schools(const struct fig_scope *s, struct arena *ar, struct fig_result *res){
  org_fig_kind(s, ar, res, "school");
}

/* org.kindergartens: 幼儿园 as of the day. */
static void org_fig_kgs(const struct fig_scope *s, struct arena *ar, struct fig_result *res){
  org_fig_kind(s, ar, res, "kindergarten");
}

const struct figure org_figures[] = {
  { "org.schools", "中小学数", "所",
    "机构名录中类别为“学校”的机构，设立日期不晚于数据截至日期且截至该日未撤销"
    "（设立日期为空的视为早已设立）", "org", org_fig_schools },
  { "org.kindergartens", "幼儿园数", "所",
    "机构名录中类别为“幼儿园”的机构，设立日期不晚于数据截至日期且截至该日未撤销"
    "（设立日期为空的视为早已设立）", "org", org_fig_kgs },
  { 0, 0, 0, 0, 0, 0 }
};
