/*
** report_label.h -- what the report's page says of its states and steps:
** the state as a state (已送审·待审定), the button as an action (审定,
** 报送, 公开) and, after a step, what happened (已送审，待局领导审定).
** One table (report_label.c) the page reads, apart from the flow.
*/
#ifndef FAZHI_DESK_REPORT_LABEL_H
#define FAZHI_DESK_REPORT_LABEL_H

/* The button of step zAction (submit approve return sent published
** new-version); zAction itself when no step has that name. */
const char *report_action_label(const char *zAction);
/* The notice after step zAction succeeded (the page's ?ok=<action>):
** what happened and who acts next; 「保存成功」 for any other value. */
const char *report_done_notice(const char *zAction);

#endif
