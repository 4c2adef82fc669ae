/*
** dispute.h -- the 矛盾纠纷 register: disputes between teachers, pupils,
** parents and schools taken in and mediated (枫桥经验).  A declaration
** for the register kernel (reg/reg.h) plus its rules (dispute.c).
*/
#ifndef FAZHI_DISPUTE_H
#define FAZHI_DISPUTE_H

#include "../../reg/reg.h"

extern const struct reg_def dispute_reg;
extern const struct reg_def dispute_step_reg;    /* its steps taken (child "steps") */

struct actor;
struct buf;
/* The demo county's dispute steps (data/demo/dispute-2024-steps.csv: 事由,
** 步骤, then the fields the step asks), each taken through reg_step on
** the dispute of that 事由.  Returns 0, or -1 with the line in pErr. */
int dispute_demo_steps(const struct actor *a, const char *zCsv, size_t n, struct buf *pErr);

#endif
