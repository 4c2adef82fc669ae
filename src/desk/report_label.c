/*
** report_label.c -- the report's step labels (report_label.h): the button
** of each step and the notice once it is done, in one table.
*/
#include "../common.h"
#include "../base/util.h"
#include "report_label.h"

/* Step, its button, and what the page says once it is done. */
static const struct rpt_label {
  const char *zAction, *zButton, *zDone;
} aLabel[] = {
  { "submit", "送审", "已送审，待局领导审定" },
  { "approve", "审定", "已审定，可以报送" },
  { "return", "退回", "已退回，待法规股修改后重新送审" },
  { "sent", "报送", "已报送，待向社会公开" },
  { "published", "公开", "已向社会公开" },
  { "new-version", "新建版本", "已新建草稿版本，可以修改" },
  { 0, 0, 0 }
};

/* The row of step zAction, NULL when none. */
static const struct rpt_label *label_find(const char *zAction){
  int i;
  for(i=0; zAction && aLabel[i].zAction; i++){
    if( str_eq(aLabel[i].zAction, zAction) ) return &aLabel[i];
  }
  return 0;
}

const char *report_action_label(const char *zAction){
  const struct rpt_label *p = label_find(zAction);
  return p ? p->zButton : zAction;
}

const char *report_done_notice(const char *zAction){
  const struct rpt_label *p = label_find(zAction);
  return p ? p->zDone : "保存成功";
}
