// SPDX-License-Identifier: GPL-2.0
/*
 * arm64: KVM_VM_TYPE_ARM_PROTECTED in protected mode and
 * KVM_VM_TYPE_ARM_SW_PROTECTED elsewhere, MEM_SHARE/MEM_UNSHARE exits, and
 * vCPUs started at EL1 with the MMU off.
 */
#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include "vm.h"

#define err(...) fprintf(stderr, "vmm: " __VA_ARGS__)

#define CORE_REG(x)	(KVM_REG_ARM64 | KVM_REG_SIZE_U64 | \
			 KVM_REG_ARM_CORE | KVM_REG_ARM_CORE_REG(x))

const char *arch_vm_type_name = "KVM_VM_TYPE_ARM_SW_PROTECTED";
static unsigned long vm_type = KVM_VM_TYPE_ARM_SW_PROTECTED;

/*
 * pKVM's protected type where KVM has it (protected mode), whose private
 * pages the hypervisor takes out of the host's stage-2; KVM's
 * software-protected type elsewhere.  IPA size bits 0: the default 40 bits
 * cover RAM and the MMIO ports.
 */
unsigned long arch_vm_type(int kvm_fd)
{
	int fd = ioctl(kvm_fd, KVM_CREATE_VM, KVM_VM_TYPE_ARM_PROTECTED);

	if (fd >= 0) {
		close(fd);
		vm_type = KVM_VM_TYPE_ARM_PROTECTED;
		arch_vm_type_name = "KVM_VM_TYPE_ARM_PROTECTED";
	}
	return vm_type;
}

/* "gmem_arch_private" of the guest_memfd's fdinfo, or -1 without one. */
static long fdinfo_arch_private(int fd)
{
	char path[64], line[128];
	long val = -1;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/self/fdinfo/%d", fd);
	f = fopen(path, "r");
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, "gmem_arch_private:\t", 19))
			val = strtol(line + 19, NULL, 0);
	fclose(f);
	return val;
}

/*
 * The test kernels' probe (CONFIG_KVM_GMEM_PROBE): the kernel's own read
 * of a guest_memfd page through its linear map.  Its layout is in
 * arch/arm64/kvm/gmem_probe.c.
 */
struct gmem_probe {
	uint32_t op;
	int32_t fd;
	uint64_t offset;
	int32_t other_fd;
	uint32_t pad;
	uint64_t value;
};
#define GMEM_PROBE	_IOWR('G', 1, struct gmem_probe)
#define GMEM_PROBE_READ	1

/* 0 if the kernel's read succeeds, -errno if not, 1 without the probe. */
static int kernel_read(int gmem_fd, uint64_t offset)
{
	struct gmem_probe p = { .op = GMEM_PROBE_READ, .fd = gmem_fd,
				.offset = offset };
	int fd = open("/sys/kernel/debug/kvm_gmem_probe", O_RDWR);
	int r;

	if (fd < 0)
		return 1;
	r = ioctl(fd, GMEM_PROBE, &p) ? -errno : 0;
	close(fd);
	return r;
}

/*
 * A protected VM's secret must be the hypervisor's: fdinfo says how many
 * private pages of the fd the hypervisor holds, as it counts them, and the
 * kernel's own read of the secret's page must fault.
 */
int arch_secret_report(struct vm *vm, uint64_t offset)
{
	long held = fdinfo_arch_private(vm->gmem_fd);
	int r = kernel_read(vm->gmem_fd, offset & ~(uint64_t)(PAGE_SIZE - 1));

	if (vm_type != KVM_VM_TYPE_ARM_PROTECTED) {
		printf("secret: kept from the VMM by KVM, not from the host kernel (software-protected VM; the kernel's read %s)\n",
		       r == 1 ? "not probed" : r ? strerror(-r) : "succeeds");
		return 0;
	}
	if (held <= 0 || r == 0) {
		printf("secret: FAILED: the hypervisor holds %ld private pages, and the kernel's read of the secret's page %s\n",
		       held, r == 1 ? "was not probed" : r ? strerror(-r) : "succeeds");
		return 1;
	}
	printf("secret: out of the host's stage-2: the hypervisor holds %ld private pages of the guest_memfd (fdinfo), and the kernel's read of the secret's page %s\n",
	       held, r == 1 ? "was not probed (no kvm_gmem_probe)" :
	       r == -EFAULT ? "faults (kvm_gmem_probe)" : strerror(-r));
	return r != 1 && r != -EFAULT;
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
