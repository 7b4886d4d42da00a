// SPDX-License-Identifier: GPL-2.0
/* Payload loading: code, page tables, GDT, stacks and the secret. */
#include <string.h>
#include "vmm.h"

#define PTE_P		(1ULL << 0)
#define PTE_RW		(1ULL << 1)
#define PTE_PS		(1ULL << 7)

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

static void put_gdt(uint8_t *mem)
{
	uint64_t *gdt = (uint64_t *)(mem + GDT_GPA);

	gdt[0] = 0;
	gdt[1] = 0x00af9b000000ffffULL;	/* 0x08: 64-bit code, DPL 0 */
	gdt[2] = 0x00cf93000000ffffULL;	/* 0x10: data, DPL 0 */
	gdt[3] = 0;
}

/* Identity map the first 1 GiB with 2 MiB pages. */
static void put_page_tables(uint8_t *mem)
{
	uint64_t *pml4 = (uint64_t *)(mem + PML4_GPA);
	uint64_t *pdpt = (uint64_t *)(mem + PDPT_GPA);
	uint64_t *pd = (uint64_t *)(mem + PD_GPA);
	int i;

	memset(pml4, 0, PAGE_SIZE);
	memset(pdpt, 0, PAGE_SIZE);
	pml4[0] = PDPT_GPA | PTE_P | PTE_RW;
	pdpt[0] = PD_GPA | PTE_P | PTE_RW;
	for (i = 0; i < 512; i++)
		pd[i] = ((uint64_t)i << 21) | PTE_P | PTE_RW | PTE_PS;
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
	put_gdt(mem);
	put_page_tables(mem);
	memcpy(mem + SECRET_GPA, secret, SECRET_LEN);
	memcpy(mem + CODE_GPA, code, code_len);

	lay->entry = CODE_GPA;
	lay->code_end = CODE_GPA + code_len;
	lay->secret_hash = fnv1a(secret, SECRET_LEN);
	lay->cr3 = PML4_GPA;
	lay->gdt = GDT_GPA;
	for (i = 0; i < nr_vcpus; i++) {
		memset(mem + MSG_GPA + i * PAGE_SIZE, 0, PAGE_SIZE);
		memset(mem + STACK_GPA + i * STACK_SIZE, 0, STACK_SIZE);
		lay->stack_top[i] = STACK_GPA + (i + 1) * STACK_SIZE;
		lay->msg_gpa[i] = MSG_GPA + i * PAGE_SIZE;
	}
	return 0;
}
