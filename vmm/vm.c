// SPDX-License-Identifier: GPL-2.0
/* KVM, VM, guest_memfd and vCPU setup, and in-place conversion. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <cpuid.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <linux/kvm_para.h>
#include "vm.h"

#define err(...) fprintf(stderr, "vmm: " __VA_ARGS__)

static int check_cap(int fd, long cap, const char *name, long want)
{
	int r = ioctl(fd, KVM_CHECK_EXTENSION, cap);

	if (r < 0 || (want && (r & want) != want) || (!want && r <= 0)) {
		err("%s not supported (got %d, need 0x%lx)\n", name, r, want);
		return -1;
	}
	return 0;
}

static int host_is_amd(void)
{
	unsigned int a, b, c, d;

	__cpuid(0, a, b, c, d);
	return b == 0x68747541 && d == 0x69746e65 && c == 0x444d4163;
}

int vm_create(struct vm *vm, uint64_t mem_size, int nr_vcpus, int verbose)
{
	struct kvm_create_guest_memfd gmem = {
		.size = mem_size,
		.flags = GUEST_MEMFD_FLAG_MMAP | GUEST_MEMFD_FLAG_INIT_SHARED,
	};
	struct kvm_enable_cap cap = {
		.cap = KVM_CAP_EXIT_HYPERCALL,
		.args[0] = 1ULL << KVM_HC_MAP_GPA_RANGE,
	};
	struct kvm_userspace_memory_region2 region = {
		.slot = 0,
		.flags = KVM_MEM_GUEST_MEMFD,
		.guest_phys_addr = 0,
		.memory_size = mem_size,
		.guest_memfd_offset = 0,
	};
	int r;

	memset(vm, 0, sizeof(*vm));
	vm->kvm_fd = vm->vm_fd = vm->gmem_fd = -1;
	vm->mem_size = mem_size;
	vm->nr_vcpus = nr_vcpus;
	vm->verbose = verbose;
	vm->amd = host_is_amd();
	pthread_mutex_init(&vm->lock, NULL);

	vm->kvm_fd = open("/dev/kvm", O_RDWR | O_CLOEXEC);
	if (vm->kvm_fd < 0) {
		err("open /dev/kvm: %s\n", strerror(errno));
		return -1;
	}
	vm->vm_fd = ioctl(vm->kvm_fd, KVM_CREATE_VM, KVM_X86_SW_PROTECTED_VM);
	if (vm->vm_fd < 0) {
		err("KVM_CREATE_VM(KVM_X86_SW_PROTECTED_VM): %s\n",
		    strerror(errno));
		return -1;
	}
	if (check_cap(vm->vm_fd, KVM_CAP_GUEST_MEMFD_FLAGS,
		      "GUEST_MEMFD_FLAG_MMAP|INIT_SHARED", gmem.flags) ||
	    check_cap(vm->vm_fd, KVM_CAP_GUEST_MEMFD_MEMORY_ATTRIBUTES,
		      "KVM_MEMORY_ATTRIBUTE_PRIVATE on guest_memfd",
		      KVM_MEMORY_ATTRIBUTE_PRIVATE) ||
	    check_cap(vm->vm_fd, KVM_CAP_GUEST_MEMFD_CONTENT_FLAGS,
		      "KVM_SET_MEMORY_ATTRIBUTES2_PRESERVE",
		      KVM_SET_MEMORY_ATTRIBUTES2_PRESERVE) ||
	    check_cap(vm->vm_fd, KVM_CAP_EXIT_HYPERCALL,
		      "KVM_CAP_EXIT_HYPERCALL", 1ULL << KVM_HC_MAP_GPA_RANGE))
		return -1;
	if (ioctl(vm->vm_fd, KVM_ENABLE_CAP, &cap) < 0) {
		err("KVM_ENABLE_CAP(EXIT_HYPERCALL): %s\n", strerror(errno));
		return -1;
	}
	/* Until the VM opts in, KVM_SET_MEMORY_ATTRIBUTES2 takes flags 0 only. */
	cap = (struct kvm_enable_cap) {
		.cap = KVM_CAP_GUEST_MEMFD_CONTENT_FLAGS,
		.args[0] = KVM_SET_MEMORY_ATTRIBUTES2_PRESERVE,
	};
	if (ioctl(vm->vm_fd, KVM_ENABLE_CAP, &cap) < 0) {
		err("KVM_ENABLE_CAP(GUEST_MEMFD_CONTENT_FLAGS, PRESERVE): %s\n",
		    strerror(errno));
		return -1;
	}

	vm->gmem_fd = ioctl(vm->vm_fd, KVM_CREATE_GUEST_MEMFD, &gmem);
	if (vm->gmem_fd < 0) {
		err("KVM_CREATE_GUEST_MEMFD: %s\n", strerror(errno));
		return -1;
	}
	vm->mem = mmap(NULL, mem_size, PROT_READ | PROT_WRITE, MAP_SHARED,
		       vm->gmem_fd, 0);
	if (vm->mem == MAP_FAILED) {
		vm->mem = NULL;
		err("mmap guest_memfd: %s\n", strerror(errno));
		return -1;
	}
	vm->priv = calloc(mem_size / PAGE_SIZE, 1);
	if (!vm->priv)
		return -1;

	region.userspace_addr = (uintptr_t)vm->mem;
	region.guest_memfd = vm->gmem_fd;
	if (ioctl(vm->vm_fd, KVM_SET_USER_MEMORY_REGION2, &region) < 0) {
		err("KVM_SET_USER_MEMORY_REGION2: %s\n", strerror(errno));
		return -1;
	}

	r = ioctl(vm->kvm_fd, KVM_GET_VCPU_MMAP_SIZE, 0);
	if (r <= 0) {
		err("KVM_GET_VCPU_MMAP_SIZE: %s\n", strerror(errno));
		return -1;
	}
	vm->run_size = r;
	return 0;
}

/*
 * In-place conversion on the guest_memfd, timed.  error_offset is 0 on
 * input (KVM rejects anything else); KVM writes it back if the conversion
 * fails.
 */
int vm_convert(struct vm *vm, uint64_t offset, uint64_t size, int priv)
{
	struct kvm_memory_attributes2 attr = {
		.offset = offset,
		.size = size,
		.attributes = priv ? KVM_MEMORY_ATTRIBUTE_PRIVATE : 0,
		.flags = KVM_SET_MEMORY_ATTRIBUTES2_PRESERVE,
		.error_offset = 0,
	};
	struct timespec t0, t1;
	uint64_t i;
	int r;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	r = ioctl(vm->gmem_fd, KVM_SET_MEMORY_ATTRIBUTES2, &attr);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	if (r < 0) {
		err("KVM_SET_MEMORY_ATTRIBUTES2(0x%llx+0x%llx -> %s): %s (error_offset 0x%llx)\n",
		    (unsigned long long)offset, (unsigned long long)size,
		    priv ? "private" : "shared", strerror(errno),
		    (unsigned long long)attr.error_offset);
		return -1;
	}
	pthread_mutex_lock(&vm->lock);
	vm->conversions++;
	vm->conv_ns += (t1.tv_sec - t0.tv_sec) * 1e9 +
		       (t1.tv_nsec - t0.tv_nsec);
	for (i = offset / PAGE_SIZE; i < (offset + size) / PAGE_SIZE; i++)
		vm->priv[i] = priv;
	pthread_mutex_unlock(&vm->lock);
	return 0;
}

/* The slot maps gpa 0 at file offset 0, so offset == gpa. */
int vm_convert_cb(void *opaque, uint64_t gpa, uint64_t size, int priv)
{
	return vm_convert(opaque, gpa, size, priv);
}

void vm_count_pages(struct vm *vm, uint64_t *priv, uint64_t *shared)
{
	uint64_t i;

	*priv = *shared = 0;
	for (i = 0; i < vm->mem_size / PAGE_SIZE; i++) {
		if (vm->priv[i])
			(*priv)++;
		else
			(*shared)++;
	}
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

int vcpu_setup(struct vm *vm, int id, const struct layout *lay)
{
	struct kvm_sregs sregs;
	struct kvm_regs regs;
	int fd;

	fd = ioctl(vm->vm_fd, KVM_CREATE_VCPU, id);
	if (fd < 0) {
		err("KVM_CREATE_VCPU %d: %s\n", id, strerror(errno));
		return -1;
	}
	vm->vcpu_fd[id] = fd;
	vm->run[id] = mmap(NULL, vm->run_size, PROT_READ | PROT_WRITE,
			   MAP_SHARED, fd, 0);
	if (vm->run[id] == MAP_FAILED) {
		vm->run[id] = NULL;
		err("mmap kvm_run: %s\n", strerror(errno));
		return -1;
	}
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

void vm_destroy(struct vm *vm)
{
	int i;

	for (i = 0; i < vm->nr_vcpus; i++) {
		if (vm->run[i])
			munmap(vm->run[i], vm->run_size);
		if (vm->vcpu_fd[i] > 0)
			close(vm->vcpu_fd[i]);
	}
	if (vm->mem)
		munmap(vm->mem, vm->mem_size);
	free(vm->priv);
	if (vm->gmem_fd >= 0)
		close(vm->gmem_fd);
	if (vm->vm_fd >= 0)
		close(vm->vm_fd);
	if (vm->kvm_fd >= 0)
		close(vm->kvm_fd);
}
