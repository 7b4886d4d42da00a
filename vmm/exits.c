// SPDX-License-Identifier: GPL-2.0
/* Exit dispatch: one handler per KVM exit reason, looked up in a table. */
#include <stdio.h>
#include <string.h>
#include "vmm.h"

#ifndef KVM_HC_MAP_GPA_RANGE
#define KVM_HC_MAP_GPA_RANGE		12
#endif
#define MAP_GPA_ENCRYPTED		(1ULL << 4)
#define MAP_GPA_PAGE_SZ_MASK		3ULL

typedef int (*exit_handler_t)(struct exit_ctx *ctx, struct kvm_run *run);

static int handle_console(struct exit_ctx *ctx, struct kvm_run *run)
{
	uint8_t id = *((uint8_t *)run + run->io.data_offset);
	uint64_t gpa = MSG_GPA + id * PAGE_SIZE;
	char text[256];
	size_t i;

	if (id != ctx->id || gpa + PAGE_SIZE > ctx->mem_size) {
		fprintf(stderr, "vcpu%d: console write names vcpu %u\n",
			ctx->id, id);
		return EXIT_ERROR;
	}
	/* The guest made this page shared: reading it must not fault. */
	for (i = 0; i < sizeof(text) - 1 && ctx->mem[gpa + i]; i++)
		text[i] = ctx->mem[gpa + i];
	text[i] = 0;
	console_add(ctx->id, text);
	ctx->messages++;
	return EXIT_CONTINUE;
}

static int handle_io(struct exit_ctx *ctx, struct kvm_run *run)
{
	uint8_t val;

	if (run->io.direction != KVM_EXIT_IO_OUT || run->io.size != 1) {
		fprintf(stderr, "vcpu%d: unexpected I/O at port 0x%x\n",
			ctx->id, run->io.port);
		return EXIT_ERROR;
	}
	switch (run->io.port) {
	case PORT_CONSOLE:
		return handle_console(ctx, run);
	case PORT_DONE:
		val = *((uint8_t *)run + run->io.data_offset);
		ctx->done = 1;
		ctx->guest_status = val;
		return EXIT_STOP;
	default:
		fprintf(stderr, "vcpu%d: write to unknown port 0x%x\n",
			ctx->id, run->io.port);
		return EXIT_ERROR;
	}
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
	if (!npages || gpa % PAGE_SIZE || gpa >= ctx->mem_size ||
	    size > ctx->mem_size - gpa) {
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

static int handle_memory_fault(struct exit_ctx *ctx, struct kvm_run *run)
{
	uint64_t gpa = run->memory_fault.gpa & ~(PAGE_SIZE - 1);
	uint64_t end = run->memory_fault.gpa + run->memory_fault.size;
	int priv = !!(run->memory_fault.flags & KVM_MEMORY_EXIT_FLAG_PRIVATE);

	ctx->faults++;
	end = (end + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1);
	if (end <= gpa || end > ctx->mem_size) {
		fprintf(stderr, "vcpu%d: memory fault outside RAM at 0x%llx\n",
			ctx->id, (unsigned long long)run->memory_fault.gpa);
		return EXIT_ERROR;
	}
	if (ctx->verbose)
		fprintf(stderr, "vcpu%d: memory fault 0x%llx, guest wants %s\n",
			ctx->id, (unsigned long long)gpa,
			priv ? "private" : "shared");
	return ctx->convert(ctx->opaque, gpa, end - gpa, priv) ?
		EXIT_ERROR : EXIT_CONTINUE;
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

static int handle_fatal(struct exit_ctx *ctx, struct kvm_run *run)
{
	char buf[512];
	int n;

	/* One fprintf, so that lines of several vCPUs do not interleave. */
	n = snprintf(buf, sizeof(buf), "vcpu%d: fatal exit %s (%u)", ctx->id,
		     exit_name(run->exit_reason), run->exit_reason);
	if (run->exit_reason == KVM_EXIT_FAIL_ENTRY)
		n += snprintf(buf + n, sizeof(buf) - n,
			      ", hardware reason 0x%llx",
			      (unsigned long long)run->fail_entry.hardware_entry_failure_reason);
	if (run->exit_reason == KVM_EXIT_INTERNAL_ERROR) {
		uint32_t i;

		n += snprintf(buf + n, sizeof(buf) - n, ", suberror %u, data",
			      run->internal.suberror);
		for (i = 0; i < run->internal.ndata && i < 16; i++)
			n += snprintf(buf + n, sizeof(buf) - n, " 0x%llx",
				      (unsigned long long)run->internal.data[i]);
	}
	fprintf(stderr, "%s\n", buf);
	return EXIT_ERROR;
}

static const struct {
	const char *name;
	exit_handler_t fn;
} exit_table[] = {
	[KVM_EXIT_IO]		  = { "IO", handle_io },
	[KVM_EXIT_HYPERCALL]	  = { "HYPERCALL", handle_hypercall },
	[KVM_EXIT_HLT]		  = { "HLT", handle_hlt },
	[KVM_EXIT_SHUTDOWN]	  = { "SHUTDOWN", handle_fatal },
	[KVM_EXIT_FAIL_ENTRY]	  = { "FAIL_ENTRY", handle_fatal },
	[KVM_EXIT_INTERNAL_ERROR] = { "INTERNAL_ERROR", handle_fatal },
	[KVM_EXIT_MMIO]		  = { "MMIO", handle_fatal },
	[KVM_EXIT_MEMORY_FAULT]	  = { "MEMORY_FAULT", handle_memory_fault },
};

#define NR_EXITS (sizeof(exit_table) / sizeof(exit_table[0]))

const char *exit_name(uint32_t reason)
{
	if (reason < NR_EXITS && exit_table[reason].name)
		return exit_table[reason].name;
	return "UNKNOWN";
}

int handle_exit(struct exit_ctx *ctx, struct kvm_run *run)
{
	uint32_t r = run->exit_reason;

	ctx->exits++;
	if (r < NR_EXITS && exit_table[r].fn)
		return exit_table[r].fn(ctx, run);
	fprintf(stderr, "vcpu%d: unhandled exit reason %u\n", ctx->id, r);
	return EXIT_ERROR;
}
