// SPDX-License-Identifier: GPL-2.0
/*
 * arm64: KVM_VM_TYPE_ARM_SW_PROTECTED, MEM_SHARE/MEM_UNSHARE exits, and
 * vCPUs started at EL1 with the MMU off.
 */
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include "vm.h"

#define err(...) fprintf(stderr, "vmm: " __VA_ARGS__)

#define CORE_REG(x)	(KVM_REG_ARM64 | KVM_REG_SIZE_U64 | \
			 KVM_REG_ARM_CORE | KVM_REG_ARM_CORE_REG(x))

const char arch_vm_type_name[] = "KVM_VM_TYPE_ARM_SW_PROTECTED";

/* IPA size bits 0: the default 40 bits cover RAM and the MMIO ports. */
unsigned long arch_vm_type(void)
{
	return KVM_VM_TYPE_ARM_SW_PROTECTED;
}

int arch_vm_init(struct vm *vm)
{
	struct kvm_enable_cap cap = { .cap = KVM_CAP_ARM_MEM_SHARE_EXIT };
	struct kvm_vcpu_init init;

	if (vm_check_cap(vm->vm_fd, KVM_CAP_ARM_MEM_SHARE_EXIT,
			 "KVM_CAP_ARM_MEM_SHARE_EXIT", 0))
		return -1;
	/* Before any vCPU runs: the guest's share and unshare calls exit here. */
	if (ioctl(vm->vm_fd, KVM_ENABLE_CAP, &cap) < 0) {
		err("KVM_ENABLE_CAP(ARM_MEM_SHARE_EXIT): %s\n",
		    strerror(errno));
		return -1;
	}
	memset(&init, 0, sizeof(init));
	if (ioctl(vm->vm_fd, KVM_ARM_PREFERRED_TARGET, &init) < 0) {
		err("KVM_ARM_PREFERRED_TARGET: %s\n", strerror(errno));
		return -1;
	}
	vm->target = init.target;
	return 0;
}

const char *arch_hypercall_name(const struct vm *vm)
{
	(void)vm;
	return "hvc MEM_SHARE/MEM_UNSHARE";
}

static int set_reg(int fd, uint64_t id, uint64_t val, const char *name)
{
	struct kvm_one_reg reg = { .id = id, .addr = (uintptr_t)&val };

	if (ioctl(fd, KVM_SET_ONE_REG, &reg) < 0) {
		err("KVM_SET_ONE_REG(%s): %s\n", name, strerror(errno));
		return -1;
	}
	return 0;
}

/*
 * Every vCPU is started here, none through PSCI CPU_ON: KVM's reset state
 * is EL1h with the MMU off and DAIF masked; only pc, the stack and the
 * arguments of guest_main() are set (x1 stays 0).
 */
int arch_vcpu_init(struct vm *vm, int id, const struct layout *lay)
{
	struct kvm_vcpu_init init;
	int fd = vm->vcpu_fd[id];

	memset(&init, 0, sizeof(init));
	init.target = vm->target;
	init.features[0] = 1U << KVM_ARM_VCPU_PSCI_0_2;
	if (ioctl(fd, KVM_ARM_VCPU_INIT, &init) < 0) {
		err("KVM_ARM_VCPU_INIT %d: %s\n", id, strerror(errno));
		return -1;
	}
	if (set_reg(fd, CORE_REG(regs.pc), lay->entry, "pc") ||
	    set_reg(fd, CORE_REG(sp_el1), lay->stack_top[id], "sp_el1") ||
	    set_reg(fd, CORE_REG(regs.regs[0]), id, "x0") ||
	    set_reg(fd, CORE_REG(regs.regs[2]), lay->secret_hash, "x2"))
		return -1;
	return 0;
}
