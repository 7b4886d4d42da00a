// SPDX-License-Identifier: GPL-2.0
/* x86 exits: port I/O, KVM_HC_MAP_GPA_RANGE, HLT, and the x86 table. */
#include <stdio.h>
#include "exits.h"

#ifndef KVM_HC_MAP_GPA_RANGE
#define KVM_HC_MAP_GPA_RANGE		12
#endif
#define MAP_GPA_ENCRYPTED		(1ULL << 4)
#define MAP_GPA_PAGE_SZ_MASK		3ULL

static int handle_io(struct exit_ctx *ctx, struct kvm_run *run)
{
	if (run->io.direction != KVM_EXIT_IO_OUT || run->io.size != 1) {
		fprintf(stderr, "vcpu%d: unexpected I/O at port 0x%x\n",
			ctx->id, run->io.port);
		return EXIT_ERROR;
	}
	return port_write(ctx, run->io.port,
			  *((uint8_t *)run + run->io.data_offset));
}

static int handle_hypercall(struct exit_ctx *ctx, struct kvm_run *run)
{
	uint64_t gpa = run->hypercall.args[0];
	uint64_t npages = run->hypercall.args[1];
	uint64_t attrs = run->hypercall.args[2];
	uint64_t size;
	int priv;

	ctx->hypercalls++;
	if (run->hypercall.nr != KVM_HC_MAP_GPA_RANGE) {
		run->hypercall.ret = -1000;	/* -KVM_ENOSYS */
		return EXIT_CONTINUE;
	}
	if (attrs & MAP_GPA_PAGE_SZ_MASK) {
		/* Only 4K pages are used by this guest. */
		run->hypercall.ret = -22;	/* -KVM_EINVAL */
		return EXIT_CONTINUE;
	}
	size = npages * PAGE_SIZE;
	if (npages > ctx->mem_size / PAGE_SIZE ||
	    !gpa_range_ok(ctx, gpa, size)) {
		run->hypercall.ret = -22;
		return EXIT_CONTINUE;
	}
	priv = !!(attrs & MAP_GPA_ENCRYPTED);
	if (ctx->verbose)
		fprintf(stderr, "vcpu%d: hypercall MAP_GPA_RANGE 0x%llx+%llu -> %s\n",
			ctx->id, (unsigned long long)gpa,
			(unsigned long long)npages, priv ? "private" : "shared");
	if (ctx->convert(ctx->opaque, gpa, size, priv)) {
		run->hypercall.ret = -22;
		return EXIT_CONTINUE;
	}
	run->hypercall.ret = 0;
	return EXIT_CONTINUE;
}

static int handle_hlt(struct exit_ctx *ctx, struct kvm_run *run)
{
	(void)run;
	if (!ctx->done) {
		fprintf(stderr, "vcpu%d: halted before reporting done\n",
			ctx->id);
		return EXIT_ERROR;
	}
	return EXIT_STOP;
}

const struct exit_handler arch_exits[] = {
	[KVM_EXIT_IO]		  = { "IO", handle_io },
	[KVM_EXIT_HYPERCALL]	  = { "HYPERCALL", handle_hypercall },
	[KVM_EXIT_HLT]		  = { "HLT", handle_hlt },
	[KVM_EXIT_SHUTDOWN]	  = { "SHUTDOWN", handle_fatal },
	[KVM_EXIT_FAIL_ENTRY]	  = { "FAIL_ENTRY", handle_fatal },
	[KVM_EXIT_INTERNAL_ERROR] = { "INTERNAL_ERROR", handle_fatal },
	[KVM_EXIT_MMIO]		  = { "MMIO", handle_fatal },
	[KVM_EXIT_MEMORY_FAULT]	  = { "MEMORY_FAULT", handle_memory_fault },
};

const size_t arch_nr_exits = ARRAY_SIZE(arch_exits);
