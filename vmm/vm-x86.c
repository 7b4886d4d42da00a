// SPDX-License-Identifier: GPL-2.0
/*
 * x86: KVM_X86_SW_PROTECTED_VM, KVM_HC_MAP_GPA_RANGE exits, and vCPUs
 * started in 64-bit long mode.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cpuid.h>
#include <sys/ioctl.h>
#include <linux/kvm_para.h>
#include "vm.h"

#define err(...) fprintf(stderr, "vmm: " __VA_ARGS__)

const char *arch_vm_type_name = "KVM_X86_SW_PROTECTED_VM";

unsigned long arch_vm_type(int kvm_fd)
{
	(void)kvm_fd;
	return KVM_X86_SW_PROTECTED_VM;
}

/* KVM itself keeps the VMM away from a software-protected VM's pages. */
int arch_secret_report(struct vm *vm, uint64_t offset)
{
	(void)vm;
	(void)offset;
	printf("secret: kept from the VMM by KVM (software-protected VM)\n");
	return 0;
}

static int host_is_amd(void)
{
	unsigned int a, b, c, d;

	__cpuid(0, a, b, c, d);
	return b == 0x68747541 && d == 0x69746e65 && c == 0x444d4163;
}

int arch_vm_init(struct vm *vm)
{
	struct kvm_enable_cap cap = {
		.cap = KVM_CAP_EXIT_HYPERCALL,
		.args[0] = 1ULL << KVM_HC_MAP_GPA_RANGE,
	};

	vm->amd = host_is_amd();
	if (vm_check_cap(vm->vm_fd, KVM_CAP_EXIT_HYPERCALL,
			 "KVM_CAP_EXIT_HYPERCALL", 1ULL << KVM_HC_MAP_GPA_RANGE))
		return -1;
	if (ioctl(vm->vm_fd, KVM_ENABLE_CAP, &cap) < 0) {
		err("KVM_ENABLE_CAP(EXIT_HYPERCALL): %s\n", strerror(errno));
		return -1;
	}
	return 0;
}

const char *arch_hypercall_name(const struct vm *vm)
{
	return vm->amd ? "vmmcall (AMD)" : "vmcall (Intel)";
}

static int set_cpuid(struct vm *vm, int fd)
{
	struct kvm_cpuid2 *cpuid;
	int n = 100, r;

	for (;;) {
		cpuid = calloc(1, sizeof(*cpuid) +
			       n * sizeof(struct kvm_cpuid_entry2));
		if (!cpuid)
			return -1;
		cpuid->nent = n;
		r = ioctl(vm->kvm_fd, KVM_GET_SUPPORTED_CPUID, cpuid);
		if (r == 0 || errno != E2BIG)
			break;
		free(cpuid);
		n *= 2;
	}
	if (r == 0)
		r = ioctl(fd, KVM_SET_CPUID2, cpuid);
	if (r < 0)
		err("setting CPUID: %s\n", strerror(errno));
	free(cpuid);
	return r;
}

static void set_seg(struct kvm_segment *s, uint16_t sel, uint8_t type,
		    int code)
{
	memset(s, 0, sizeof(*s));
	s->selector = sel;
	s->base = 0;
	s->limit = 0xffffffff;
	s->type = type;
	s->present = 1;
	s->s = 1;
	s->g = 1;
	s->l = code;
	s->db = !code;
}

int arch_vcpu_init(struct vm *vm, int id, const struct layout *lay)
{
	int fd = vm->vcpu_fd[id];
	struct kvm_sregs sregs;
	struct kvm_regs regs;

	if (set_cpuid(vm, fd))
		return -1;

	if (ioctl(fd, KVM_GET_SREGS, &sregs) < 0) {
		err("KVM_GET_SREGS: %s\n", strerror(errno));
		return -1;
	}
	/* 64-bit long mode, paging on, identity-mapped tables at cr3. */
	sregs.cr0 = 0x80050033;		/* PG WP NE ET MP PE */
	sregs.cr4 = 0x620;		/* OSXMMEXCPT OSFXSR PAE */
	sregs.cr3 = lay->cr3;
	sregs.efer = 0x500;		/* LMA LME */
	set_seg(&sregs.cs, 0x08, 11, 1);
	set_seg(&sregs.ds, 0x10, 3, 0);
	sregs.es = sregs.fs = sregs.gs = sregs.ss = sregs.ds;
	memset(&sregs.tr, 0, sizeof(sregs.tr));
	sregs.tr.selector = 0x18;
	sregs.tr.limit = 0x67;
	sregs.tr.type = 11;		/* 64-bit busy TSS */
	sregs.tr.present = 1;
	sregs.gdt.base = lay->gdt;
	sregs.gdt.limit = 4 * 8 - 1;
	if (ioctl(fd, KVM_SET_SREGS, &sregs) < 0) {
		err("KVM_SET_SREGS: %s\n", strerror(errno));
		return -1;
	}

	memset(&regs, 0, sizeof(regs));
	regs.rflags = 2;
	regs.rip = lay->entry;
	regs.rsp = lay->stack_top[id];
	regs.rdi = id;
	regs.rsi = vm->amd;
	regs.rdx = lay->secret_hash;
	if (ioctl(fd, KVM_SET_REGS, &regs) < 0) {
		err("KVM_SET_REGS: %s\n", strerror(errno));
		return -1;
	}
	return 0;
}
