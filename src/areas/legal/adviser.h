/*
** adviser.h -- the 法律顾问 register: lawyers and law firms a unit
** retains, their contracts and 司法局 filing.  A declaration for the
** register kernel (reg/reg.h) plus its rules (adviser.c).
*/
#ifndef FAZHI_ADVISER_H
#define FAZHI_ADVISER_H

#include "../../reg/reg.h"

extern const struct reg_def adviser_reg;

#endif
