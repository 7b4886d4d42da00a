/* SPDX-License-Identifier: GPL-2.0 */
/*
 * arm64 guest primitives: the MMIO ports and the pKVM guest's share and
 * unshare hypercalls. The MMU is off, so every data access is to Device
 * memory: the guest is built with -mstrict-align.
 */
#ifndef GUEST_ARCH_H
#define GUEST_ARCH_H

#define SHARE_HYPERCALL			"MEM_SHARE"

/*
 * A single store without writeback: KVM gets a valid instruction syndrome
 * and can report the access as KVM_EXIT_MMIO.
 */
static inline void port_write(uint16_t port, uint8_t val)
{
	asm volatile("strb %w0, [%1]"
		     : : "r"(val), "r"(MMIO_PORT(port)) : "memory");
}

/* SMCCC 1.1 call through hvc: x0 = function id, x1 = the argument. */
static inline long hvc(uint32_t fn, uint64_t arg)
{
	register uint64_t x0 asm("x0") = fn;
	register uint64_t x1 asm("x1") = arg;
	register uint64_t x2 asm("x2") = 0;
	register uint64_t x3 asm("x3") = 0;

	asm volatile("hvc #0"
		     : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3) : : "memory");
	return x0;
}

/*
 * KVM offers MEM_SHARE and MEM_UNSHARE only to a VM whose VMM enabled
 * KVM_CAP_ARM_MEM_SHARE_EXIT; both work in granules of HYP_MEMINFO bytes,
 * which must be this guest's page size. x1 is 0 and unused.
 */
static int arch_init(uint64_t unused)
{
	uint64_t want = SMCCC_KVM_FEAT_HYP_MEMINFO | SMCCC_KVM_FEAT_MEM_SHARE |
			SMCCC_KVM_FEAT_MEM_UNSHARE;
	long feat = hvc(SMCCC_KVM_FEATURES, 0);

	(void)unused;
	if (feat < 0 || (feat & want) != want)
		return -1;
	return hvc(SMCCC_KVM_HYP_MEMINFO, 0) == (long)PAGE_SIZE ? 0 : -1;
}

static long share_page(uint64_t gpa)
{
	return hvc(SMCCC_KVM_MEM_SHARE, gpa);
}

static long unshare_page(uint64_t gpa)
{
	return hvc(SMCCC_KVM_MEM_UNSHARE, gpa);
}

/*
 * The exception vectors in start.S call this: nothing is expected to
 * trap, so report where it happened on PORT_FAULT and stop.
 */
void guest_exception(uint64_t esr, uint64_t elr)
{
	uint64_t val = elr << 32 | (uint32_t)esr;

	asm volatile("str %0, [%1]"
		     : : "r"(val), "r"(MMIO_PORT(PORT_FAULT)) : "memory");
	for (;;)
		asm volatile("wfi");
}

#endif
