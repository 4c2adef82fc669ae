/*
** today.h -- 今日任务: an inspector's assigned inspections, kept on the
** phone for work without a network (#21).
*/
#ifndef FAZHI_TODAY_H
#define FAZHI_TODAY_H

struct req;

/* GET /today: the task list (drawn by /static/offline.js from what the
** phone keeps), ?from=&to= a range of days (default today). */
void today_page(struct req *r);
/* GET /today/task: one kept task (its record id in the fragment, #123). */
void today_task_page(struct req *r);
/* GET /api/v1/today?from=&to=: {"from","to","keep_hours","kept_until",
** "user_id","user_name","items":[{id,title,number,status,...,target}],
** "total"}: the records assigned to the user (personal fields masked);
** 422 naming from/to for a bad range (at most 31 days). */
void today_api(struct req *r);
/* GET /sw.js: the service worker (src/web/static/sw.js), scope /today. */
void today_sw(struct req *r);

#endif
