// SPDX-License-Identifier: GPL-2.0
/*
 * Demo VMM for guest_memfd in-place conversion: one guest_memfd backs all
 * guest RAM, is loaded while shared, made private before the guest runs,
 * and pages are converted on the guest's request.
 */
#include <errno.h>
#include <getopt.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/random.h>
#include "vm.h"

extern const uint8_t guest_payload[], guest_payload_end[];

struct vcpu_thread {
	pthread_t tid;
	struct vm *vm;
	struct exit_ctx ctx;
	int result;	/* 0 ok, 1 guest failed, -1 VMM error */
};

static void *vcpu_run(void *arg)
{
	struct vcpu_thread *t = arg;
	struct vm *vm = t->vm;
	struct kvm_run *run = vm->run[t->ctx.id];
	int r;

	for (;;) {
		if (ioctl(vm->vcpu_fd[t->ctx.id], KVM_RUN, 0) < 0 &&
		    !(errno == EFAULT &&
		      run->exit_reason == KVM_EXIT_MEMORY_FAULT)) {

			perror("KVM_RUN");
			t->result = -1;
			return NULL;
		}
		r = handle_exit(&t->ctx, run);
		if (r == EXIT_STOP)
			break;
		if (r == EXIT_ERROR) {
			t->result = -1;
			return NULL;
		}
	}
	t->result = t->ctx.guest_status ? 1 : 0;
	if (t->ctx.guest_status)
		fprintf(stderr, "vmm: vcpu%d: guest reported failure %d\n",
			t->ctx.id, t->ctx.guest_status);
	return NULL;
}

/*
 * Make guest RAM private before the first vCPU runs.  Where the CPU does not
 * report an exiting instruction's length (x86: AMD without NRIPS, e.g. QEMU
 * TCG), KVM decodes it from guest memory; for a software-protected VM it
 * reads private memory through guest_memfd to do so.  --share-code keeps the
 * code pages and the page tables that map them (x86) shared, for kernels
 * that cannot.
 */
static int convert_launch(struct vm *vm, const struct layout *lay,
			  int share_code)
{
	uint64_t code_end = (lay->code_end + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1);
	struct range r[3];
	int i, n;

	n = launch_private_ranges(lay, vm->mem_size, share_code, r);
	for (i = 0; i < n; i++)
		if (vm_convert(vm, r[i].gpa, r[i].size, 1))
			return -1;
	if (!share_code) {
		printf("vmm: all guest RAM converted to private (PRESERVE)\n");
		return 0;
	}
	printf("vmm: guest RAM converted to private (PRESERVE), except code 0x%llx-0x%llx",
	       (unsigned long long)lay->entry, (unsigned long long)code_end);
	if (lay->tables_end > lay->tables_gpa)
		printf("\n     and page tables 0x%llx-0x%llx",
		       (unsigned long long)lay->tables_gpa,
		       (unsigned long long)lay->tables_end);
	printf(" (--share-code)\n");
	return 0;
}

static void usage(const char *prog)
{
	fprintf(stderr,
		"usage: %s [--mem MiB] [--vcpus N] [--verbose] [--skip-private]\n"
		"          [--share-code] [--bad-secret]\n",
		prog);
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "mem", required_argument, NULL, 'm' },
		{ "vcpus", required_argument, NULL, 'c' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "skip-private", no_argument, NULL, 's' },
		{ "share-code", no_argument, NULL, 'a' },
		{ "bad-secret", no_argument, NULL, 'b' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct vcpu_thread threads[MAX_VCPUS];
	int mem_mib = 64, nr_vcpus = 2, verbose = 0, skip_private = 0;
	int share_code = 0, bad_secret = 0;
	uint64_t npriv, nshared;
	uint8_t secret[SECRET_LEN];
	struct layout lay;
	struct vm vm;
	char why[256];
	int i, c, guest_ok = 1, vmm_ok = 1, secret_ok;

	while ((c = getopt_long(argc, argv, "m:c:vsabh", opts, NULL)) != -1) {
		switch (c) {
		case 'm':
			mem_mib = atoi(optarg);
			break;
		case 'c':
			nr_vcpus = atoi(optarg);
			break;
		case 'v':
			verbose = 1;
			break;
		case 's':
			skip_private = 1;
			break;
		case 'a':
			share_code = 1;
			break;
		case 'b':
			bad_secret = 1;
			break;
		default:
			usage(argv[0]);
			return c == 'h' ? 0 : 2;
		}
	}
	if (nr_vcpus < 1 || nr_vcpus > MAX_VCPUS ||
	    (uint64_t)mem_mib << 20 < MIN_MEM ||
	    (uint64_t)mem_mib << 20 > MAX_MEM) {
		fprintf(stderr, "vmm: need 1..%d vCPUs and %llu..%llu MiB\n",
			MAX_VCPUS, (unsigned long long)(MIN_MEM >> 20) + 1,
			(unsigned long long)(MAX_MEM >> 20));
		return 2;
	}

	if (vm_create(&vm, (uint64_t)mem_mib << 20, nr_vcpus, verbose))
		return 1;
	printf("vmm: %s, %d MiB in one guest_memfd (MMAP|INIT_SHARED), %d vCPUs, %s\n",
	       arch_vm_type_name, mem_mib, nr_vcpus,
	       arch_hypercall_name(&vm));

	/* A fresh random secret: only the guest's memory will hold it. */
	if (getrandom(secret, sizeof(secret), 0) != sizeof(secret)) {
		perror("getrandom");
		return 1;
	}
	/* Launch: everything is written through the mmap while shared. */
	if (load_payload(vm.mem, vm.mem_size, guest_payload,
			 guest_payload_end - guest_payload, secret, nr_vcpus,
			 &lay)) {
		fprintf(stderr, "vmm: payload does not fit\n");
		return 1;
	}
	printf("vmm: loaded %zu bytes of code at 0x%llx, %s, %d-byte secret at 0x%llx\n",
	       (size_t)(guest_payload_end - guest_payload),
	       (unsigned long long)lay.entry, arch_load_what, SECRET_LEN,
	       (unsigned long long)SECRET_GPA);
	if (bad_secret) {
		/* Test of the guest's check: it must report a mismatch. */
		vm.mem[SECRET_GPA + 5] ^= 0xff;
		printf("vmm: --bad-secret: byte 5 of the secret corrupted\n");
	}
	if (skip_private) {
		printf("vmm: --skip-private: guest RAM stays SHARED\n");
	} else {
		if (convert_launch(&vm, &lay, share_code))
			return 1;
	}

	for (i = 0; i < nr_vcpus; i++)
		if (vcpu_setup(&vm, i, &lay))
			return 1;
	for (i = 0; i < nr_vcpus; i++) {
		memset(&threads[i], 0, sizeof(threads[i]));
		threads[i].vm = &vm;
		threads[i].ctx.id = i;
		threads[i].ctx.mem = vm.mem;
		threads[i].ctx.mem_size = vm.mem_size;
		threads[i].ctx.verbose = verbose;
		threads[i].ctx.convert = vm_convert_cb;
		threads[i].ctx.opaque = &vm;
		if (pthread_create(&threads[i].tid, NULL, vcpu_run,
				   &threads[i])) {
			fprintf(stderr, "vmm: pthread_create failed\n");
			return 1;
		}
	}
	for (i = 0; i < nr_vcpus; i++) {
		pthread_join(threads[i].tid, NULL);
		if (threads[i].result > 0)
			guest_ok = 0;
		else if (threads[i].result < 0)
			vmm_ok = 0;
		if (verbose)
			fprintf(stderr, "vmm: vcpu%d: %lu exits, %lu hypercalls, %lu memory faults, %lu messages\n",
				i, threads[i].ctx.exits,
				threads[i].ctx.hypercalls,
				threads[i].ctx.faults,
				threads[i].ctx.messages);
	}

	secret_ok = !secrecy_check(vm.mem + SECRET_GPA, SECRET_LEN, why,
				   sizeof(why));
	vm_count_pages(&vm, &npriv, &nshared);

	printf("guest console:\n");
	console_print(stdout);
	printf("pages: %llu private, %llu shared (of %llu)\n",
	       (unsigned long long)npriv, (unsigned long long)nshared,
	       (unsigned long long)(vm.mem_size / PAGE_SIZE));
	printf("conversions: %lu, mean %.1f us each\n", vm.conversions,
	       vm.conversions ? vm.conv_ns / vm.conversions / 1000 : 0.0);
	printf("guest checks: %s\n", !vmm_ok ? "VMM ERROR" :
	       guest_ok ? "passed" : "FAILED");
	if (secret_ok) {
		printf("secret: not readable by the host (SIGBUS via mmap, EIO via /proc/self/mem)\n");
		/* guest_memfd offset 0 is GPA 0. */
		secret_ok = !arch_secret_report(&vm, SECRET_GPA);
	} else {
		printf("secret: FAILED: %s\n", why);
	}
	fflush(stdout);
	memset(secret, 0, sizeof(secret));
	vm_destroy(&vm);
	return guest_ok && vmm_ok && secret_ok ? 0 : 1;
}
