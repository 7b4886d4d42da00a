// SPDX-License-Identifier: GPL-2.0
/* KVM, VM, guest_memfd and vCPU creation, and in-place conversion. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include "vm.h"

#define err(...) fprintf(stderr, "vmm: " __VA_ARGS__)

int vm_check_cap(int fd, long cap, const char *name, long want)
{
	int r = ioctl(fd, KVM_CHECK_EXTENSION, cap);

	if (r < 0 || (want && (r & want) != want) || (!want && r <= 0)) {
		err("%s not supported (got %d, need 0x%lx)\n", name, r, want);
		return -1;
	}
	return 0;
}

int vm_create(struct vm *vm, uint64_t mem_size, int nr_vcpus, int verbose)
{
	struct kvm_create_guest_memfd gmem = {
		.size = mem_size,
		.flags = GUEST_MEMFD_FLAG_MMAP | GUEST_MEMFD_FLAG_INIT_SHARED,
	};
	struct kvm_enable_cap cap = {
		.cap = KVM_CAP_GUEST_MEMFD_CONTENT_FLAGS,
		.args[0] = KVM_SET_MEMORY_ATTRIBUTES2_PRESERVE,
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
	pthread_mutex_init(&vm->lock, NULL);

	vm->kvm_fd = open("/dev/kvm", O_RDWR | O_CLOEXEC);
	if (vm->kvm_fd < 0) {
		err("open /dev/kvm: %s\n", strerror(errno));
		return -1;
	}
	vm->vm_fd = ioctl(vm->kvm_fd, KVM_CREATE_VM, arch_vm_type(vm->kvm_fd));
	if (vm->vm_fd < 0) {
		err("KVM_CREATE_VM(%s): %s\n", arch_vm_type_name,
		    strerror(errno));
		return -1;
	}
	if (vm_check_cap(vm->vm_fd, KVM_CAP_GUEST_MEMFD_FLAGS,
			 "GUEST_MEMFD_FLAG_MMAP|INIT_SHARED", gmem.flags) ||
	    vm_check_cap(vm->vm_fd, KVM_CAP_GUEST_MEMFD_MEMORY_ATTRIBUTES,
			 "KVM_MEMORY_ATTRIBUTE_PRIVATE on guest_memfd",
			 KVM_MEMORY_ATTRIBUTE_PRIVATE) ||
	    vm_check_cap(vm->vm_fd, KVM_CAP_GUEST_MEMFD_CONTENT_FLAGS,
			 "KVM_SET_MEMORY_ATTRIBUTES2_PRESERVE",
			 KVM_SET_MEMORY_ATTRIBUTES2_PRESERVE) ||
	    arch_vm_init(vm))
		return -1;
	/* Until the VM opts in, KVM_SET_MEMORY_ATTRIBUTES2 takes flags 0 only. */
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

int vcpu_setup(struct vm *vm, int id, const struct layout *lay)
{
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
	return arch_vcpu_init(vm, id, lay);
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
