// SPDX-License-Identifier: GPL-2.0
/* x86 payload: the GDT and identity-mapping page tables for long mode. */
#include <string.h>
#include "vmm.h"

#define PTE_P		(1ULL << 0)
#define PTE_RW		(1ULL << 1)
#define PTE_PS		(1ULL << 7)

const char arch_load_what[] = "page tables, GDT, stacks";

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

void arch_load(uint8_t *mem, struct layout *lay)
{
	put_gdt(mem);
	put_page_tables(mem);
	lay->cr3 = PML4_GPA;
	lay->gdt = GDT_GPA;
	lay->tables_gpa = PML4_GPA;
	lay->tables_end = PD_GPA + PAGE_SIZE;
}
