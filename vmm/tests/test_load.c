// SPDX-License-Identifier: GPL-2.0
/* Unit tests of x86 payload loading and placement (no KVM needed). */
#include <stdlib.h>
#include <string.h>
#include "tap.h"
#include "vmm.h"

#define MEM (64ULL << 20)

int main(void)
{
	static const uint8_t code[] = { 0xe8, 0x01, 0x02, 0x03, 0xf4 };
	uint8_t *mem = malloc(MEM), secret[SECRET_LEN];
	struct layout lay;
	struct range r[3];
	uint64_t *pml4, *pdpt, *pd, *gdt;
	int i, ok;

	for (i = 0; i < SECRET_LEN; i++)
		secret[i] = (uint8_t)(i * 37 + 11);
	memset(mem, 0xaa, MEM);
	CHECK(load_payload(mem, MEM, code, sizeof(code), secret, 4, &lay) == 0,
	      "load 4 vCPUs into 64 MiB");
	CHECK(lay.entry == CODE_GPA, "entry at CODE_GPA");
	CHECK(lay.code_end == CODE_GPA + sizeof(code), "code_end after code");
	CHECK(memcmp(mem + CODE_GPA, code, sizeof(code)) == 0,
	      "code copied at CODE_GPA");
	CHECK(lay.cr3 == PML4_GPA && lay.gdt == GDT_GPA, "cr3 and gdt");
	CHECK(lay.tables_gpa == PML4_GPA && lay.tables_end == PD_GPA + PAGE_SIZE,
	      "the page tables are PML4 to PD");

	pml4 = (uint64_t *)(mem + PML4_GPA);
	pdpt = (uint64_t *)(mem + PDPT_GPA);
	pd = (uint64_t *)(mem + PD_GPA);
	CHECK(pml4[0] == (PDPT_GPA | 3) && pml4[1] == 0, "PML4 -> PDPT");
	CHECK(pdpt[0] == (PD_GPA | 3) && pdpt[1] == 0, "PDPT -> PD");
	ok = 1;
	for (i = 0; i < 512; i++)
		if (pd[i] != (((uint64_t)i << 21) | 0x83))
			ok = 0;
	CHECK(ok, "PD identity maps 1 GiB with 2 MiB pages");

	gdt = (uint64_t *)(mem + GDT_GPA);
	CHECK(gdt[0] == 0 && (gdt[1] >> 53 & 1) && (gdt[1] >> 47 & 1),
	      "GDT: null, then present long-mode code");

	CHECK(memcmp(mem + SECRET_GPA, secret, SECRET_LEN) == 0,
	      "secret written at SECRET_GPA");
	CHECK(lay.secret_hash == fnv1a(secret, SECRET_LEN),
	      "layout carries the FNV-1a hash of the secret");
	secret[5] ^= 1;
	CHECK(fnv1a(secret, SECRET_LEN) != lay.secret_hash,
	      "one flipped bit changes the hash");
	secret[5] ^= 1;
	CHECK(fnv1a((const uint8_t *)"a", 1) == 0xaf63dc4c8601ec8cULL,
	      "FNV-1a known answer");
	CHECK(load_payload(mem, MEM, code, sizeof(code), NULL, 1, &lay) < 0,
	      "missing secret is refused");
	CHECK(load_payload(mem, MEM, code, sizeof(code), secret, 4, &lay) == 0,
	      "reload");

	ok = 1;
	for (i = 0; i < 4; i++) {
		if (lay.stack_top[i] != STACK_GPA + (i + 1) * STACK_SIZE ||
		    lay.stack_top[i] % 16)
			ok = 0;
		if (lay.msg_gpa[i] != MSG_GPA + i * PAGE_SIZE ||
		    lay.msg_gpa[i] % PAGE_SIZE || mem[lay.msg_gpa[i]])
			ok = 0;
	}
	CHECK(ok, "per-vCPU stacks and message pages are distinct, aligned, clear");
	CHECK(lay.stack_top[4] == 0, "no stack for a vCPU that does not exist");
	CHECK(CODE_GPA + CODE_MAX <= MSG_GPA && SECRET_GPA + SECRET_LEN <= CODE_GPA &&
	      PD_GPA + PAGE_SIZE <= SECRET_GPA, "regions do not overlap");

	CHECK(launch_private_ranges(&lay, MEM, 0, r) == 1 && r[0].gpa == 0 &&
	      r[0].size == MEM, "launch: all of RAM private in one range");
	CHECK(launch_private_ranges(&lay, MEM, 1, r) == 3 &&
	      r[0].gpa == 0 && r[0].size == PML4_GPA &&
	      r[1].gpa == PD_GPA + PAGE_SIZE &&
	      r[1].gpa + r[1].size == CODE_GPA &&
	      r[2].gpa == CODE_GPA + PAGE_SIZE && r[2].gpa + r[2].size == MEM,
	      "--share-code: private around the page tables and the code page");

	CHECK(load_payload(mem, MIN_MEM - 1, code, sizeof(code), secret, 1, &lay) < 0,
	      "too little memory is refused");
	CHECK(load_payload(mem, MEM, code, 0, secret, 1, &lay) < 0,
	      "empty payload is refused");
	CHECK(load_payload(mem, MEM, code, CODE_MAX + 1, secret, 1, &lay) < 0,
	      "oversized payload is refused");
	CHECK(load_payload(mem, MEM, code, sizeof(code), secret, 0, &lay) < 0 &&
	      load_payload(mem, MEM, code, sizeof(code), secret, MAX_VCPUS + 1, &lay) < 0,
	      "vCPU count out of range is refused");
	CHECK(load_payload(mem, MEM, code, sizeof(code), secret, MAX_VCPUS, &lay) == 0 &&
	      lay.stack_top[MAX_VCPUS - 1] <= MIN_MEM,
	      "MAX_VCPUS stacks fit in MIN_MEM");

	free(mem);
	return test_done("test_load");
}
