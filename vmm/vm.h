/* SPDX-License-Identifier: GPL-2.0 */
#ifndef VM_H
#define VM_H

#include <pthread.h>
#include "vmm.h"

struct vm {
	int kvm_fd, vm_fd, gmem_fd;
	uint8_t *mem;
	uint64_t mem_size;
	int nr_vcpus;
	int vcpu_fd[MAX_VCPUS];
	struct kvm_run *run[MAX_VCPUS];
	size_t run_size;
	int verbose;
	int amd;		/* x86: the guest uses vmmcall, not vmcall */
	uint32_t target;	/* arm64: KVM_ARM_PREFERRED_TARGET */
	/* Per-page state as last set by this VMM: 1 = private. */
	uint8_t *priv;
	pthread_mutex_t lock;
	unsigned long conversions;
	double conv_ns;
};

/* vm.c */
int vm_check_cap(int fd, long cap, const char *name, long want);
int vm_create(struct vm *vm, uint64_t mem_size, int nr_vcpus, int verbose);
int vm_convert(struct vm *vm, uint64_t offset, uint64_t size, int priv);
int vm_convert_cb(void *opaque, uint64_t gpa, uint64_t size, int priv);
int vcpu_setup(struct vm *vm, int id, const struct layout *lay);
void vm_count_pages(struct vm *vm, uint64_t *priv, uint64_t *shared);
void vm_destroy(struct vm *vm);

/* vm-x86.c, vm-arm64.c */
extern const char *arch_vm_type_name;
/* The VM type to create: the best protection this host's KVM offers. */
unsigned long arch_vm_type(int kvm_fd);
/*
 * After the run: what the kernel says guards the private page at @offset
 * of the guest_memfd, printed as one "secret:" line.  0 if that is what
 * the VM type promises.
 */
int arch_secret_report(struct vm *vm, uint64_t offset);
/* After KVM_CREATE_VM: arch capabilities, hypercall exits to userspace. */
int arch_vm_init(struct vm *vm);
const char *arch_hypercall_name(const struct vm *vm);
/* After KVM_CREATE_VCPU: registers for the entry at lay->entry. */
int arch_vcpu_init(struct vm *vm, int id, const struct layout *lay);

/* report.c */
int secrecy_check(const uint8_t *addr, size_t len, char *why, size_t why_len);

#endif
