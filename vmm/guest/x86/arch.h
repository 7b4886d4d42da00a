/* SPDX-License-Identifier: GPL-2.0 */
/* x86 guest primitives: port I/O and KVM_HC_MAP_GPA_RANGE. */
#ifndef GUEST_ARCH_H
#define GUEST_ARCH_H

#define KVM_HC_MAP_GPA_RANGE		12
#define MAP_GPA_4K			0
#define MAP_GPA_ENCRYPTED		(1 << 4)
#define MAP_GPA_DECRYPTED		0

#define SHARE_HYPERCALL			"KVM_HC_MAP_GPA_RANGE"

static int use_vmmcall;

static inline void port_write(uint16_t port, uint8_t val)
{
	asm volatile("outb %0, %1" : : "a"(val), "Nd"(port) : "memory");
}

static long hypercall(uint64_t nr, uint64_t a0, uint64_t a1, uint64_t a2)
{
	long ret;

	if (use_vmmcall)
		asm volatile("vmmcall" : "=a"(ret)
			     : "a"(nr), "b"(a0), "c"(a1), "d"(a2) : "memory");
	else
		asm volatile("vmcall" : "=a"(ret)
			     : "a"(nr), "b"(a0), "c"(a1), "d"(a2) : "memory");
	return ret;
}

/* The VMM passes 1 for vmmcall (AMD), 0 for vmcall (Intel). */
static int arch_init(uint64_t vmmcall)
{
	use_vmmcall = vmmcall;
	return 0;
}

static long share_page(uint64_t gpa)
{
	return hypercall(KVM_HC_MAP_GPA_RANGE, gpa, 1,
			 MAP_GPA_DECRYPTED | MAP_GPA_4K);
}

static long unshare_page(uint64_t gpa)
{
	return hypercall(KVM_HC_MAP_GPA_RANGE, gpa, 1,
			 MAP_GPA_ENCRYPTED | MAP_GPA_4K);
}

#endif
