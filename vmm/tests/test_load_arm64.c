// SPDX-License-Identifier: GPL-2.0
/* Unit tests of arm64 payload loading and placement (no KVM needed). */
#include <stdlib.h>
#include <string.h>
#include "tap.h"
#include "vmm.h"

#define MEM (64ULL << 20)

/* 1 if mem[from, to) still holds the fill byte. */
static int untouched(const uint8_t *mem, uint64_t from, uint64_t to)
{
	uint64_t i;

	for (i = from; i < to; i++)
		if (mem[i] != 0xaa)
			return 0;
	return 1;
}

int main(void)
{
	static const uint8_t code[6000] = { 0x09, 0x40, 0x00, 0x10 };
	uint8_t *mem = malloc(MEM), secret[SECRET_LEN];
	struct layout lay;
	struct range r[3];
	int i;

	for (i = 0; i < SECRET_LEN; i++)
		secret[i] = (uint8_t)(i * 37 + 11);
	memset(mem, 0xaa, MEM);
	CHECK(load_payload(mem, MEM, code, sizeof(code), secret, 2, &lay) == 0,
	      "load 2 vCPUs into 64 MiB");
	CHECK(lay.entry == CODE_GPA && lay.code_end == CODE_GPA + sizeof(code),
	      "entry at CODE_GPA, code_end after the code");
	CHECK(memcmp(mem + CODE_GPA, code, sizeof(code)) == 0 &&
	      memcmp(mem + SECRET_GPA, secret, SECRET_LEN) == 0 &&
	      lay.secret_hash == fnv1a(secret, SECRET_LEN),
	      "code, secret and its hash as on x86");
	CHECK(lay.tables_gpa == 0 && lay.tables_end == 0 && lay.cr3 == 0 &&
	      lay.gdt == 0, "no page tables or GDT: the MMU is off");
	CHECK(untouched(mem, 0, SECRET_GPA), "nothing written below the secret");
	CHECK(lay.stack_top[1] == STACK_GPA + 2 * STACK_SIZE &&
	      lay.stack_top[1] % 16 == 0 && lay.msg_gpa[1] == MSG_GPA + PAGE_SIZE,
	      "stacks 16-byte aligned (SP_EL1), message pages per vCPU");

	CHECK(launch_private_ranges(&lay, MEM, 0, r) == 1 && r[0].gpa == 0 &&
	      r[0].size == MEM, "launch: all of RAM private in one range");
	CHECK(launch_private_ranges(&lay, MEM, 1, r) == 2 &&
	      r[0].gpa == 0 && r[0].size == CODE_GPA &&
	      r[1].gpa == CODE_GPA + 2 * PAGE_SIZE &&
	      r[1].gpa + r[1].size == MEM,
	      "--share-code: private around the two code pages only");

	CHECK(MMIO_GPA >= MAX_MEM && MMIO_PORT(MMIO_PORTS) < 1ULL << 40,
	      "MMIO ports above the largest RAM, within a 40-bit IPA space");
	CHECK(MMIO_PORT(PORT_FAULT) % 8 == 0 && MMIO_PORT(PORT_DONE) % 8 == 0 &&
	      MMIO_PORT(PORT_CONSOLE) % 8 == 0, "every port is an aligned slot");

	free(mem);
	return test_done("test_load_arm64");
}
