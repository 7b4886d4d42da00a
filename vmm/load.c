// SPDX-License-Identifier: GPL-2.0
/* Payload loading: code, stacks, message pages and the secret. */
#include <string.h>
#include "vmm.h"

/* The guest checks the secret against this hash (same code in guest.c). */
uint64_t fnv1a(const uint8_t *p, size_t len)
{
	uint64_t h = 0xcbf29ce484222325ULL;
	size_t i;

	for (i = 0; i < len; i++) {
		h ^= p[i];
		h *= 0x100000001b3ULL;
	}
	return h;
}

int load_payload(uint8_t *mem, uint64_t mem_size, const void *code,
		 size_t code_len, const uint8_t *secret, int nr_vcpus,
		 struct layout *lay)
{
	int i;

	if (!mem || !code || !secret || !lay || code_len == 0)
		return -1;
	if (nr_vcpus < 1 || nr_vcpus > MAX_VCPUS)
		return -1;
	if (mem_size < MIN_MEM || code_len > CODE_MAX)
		return -1;

	memset(lay, 0, sizeof(*lay));
	arch_load(mem, lay);
	memcpy(mem + SECRET_GPA, secret, SECRET_LEN);
	memcpy(mem + CODE_GPA, code, code_len);

	lay->entry = CODE_GPA;
	lay->code_end = CODE_GPA + code_len;
	lay->secret_hash = fnv1a(secret, SECRET_LEN);
	for (i = 0; i < nr_vcpus; i++) {
		memset(mem + MSG_GPA + i * PAGE_SIZE, 0, PAGE_SIZE);
		memset(mem + STACK_GPA + i * STACK_SIZE, 0, STACK_SIZE);
		lay->stack_top[i] = STACK_GPA + (i + 1) * STACK_SIZE;
		lay->msg_gpa[i] = MSG_GPA + i * PAGE_SIZE;
	}
	return 0;
}

/*
 * The ranges to make private before the guest runs, into r[]: all of RAM,
 * or with share_code all but the code pages and the page tables (x86's,
 * below the code; arm64 has none). Empty ranges are left out; returns the
 * number of ranges.
 */
int launch_private_ranges(const struct layout *lay, uint64_t mem_size,
			  int share_code, struct range r[3])
{
	uint64_t code_end = (lay->code_end + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1);
	const uint64_t bounds[3][2] = {
		{ 0, lay->tables_gpa },
		{ lay->tables_end, lay->entry },
		{ code_end, mem_size },
	};
	int i, n = 0;

	if (!share_code) {
		r[0] = (struct range) { 0, mem_size };
		return 1;
	}
	for (i = 0; i < 3; i++) {
		if (bounds[i][1] <= bounds[i][0])
			continue;
		r[n].gpa = bounds[i][0];
		r[n].size = bounds[i][1] - bounds[i][0];
		n++;
	}
	return n;
}
