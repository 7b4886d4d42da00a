// SPDX-License-Identifier: GPL-2.0
/*
 * arm64 payload: nothing beyond the shared parts. The guest runs at EL1
 * with its MMU off, so there are no page tables to place, and its
 * exception vectors are part of the code.
 */
#include "vmm.h"

const char arch_load_what[] = "stacks";

void arch_load(uint8_t *mem, struct layout *lay)
{
	(void)mem;
	(void)lay;
}
