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

#endif
