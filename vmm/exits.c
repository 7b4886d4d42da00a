// SPDX-License-Identifier: GPL-2.0
/*
 * Exit dispatch through the arch's table of handlers, and the handlers
 * both arches share: the guest's ports, memory faults, fatal exits.
 */
#include <stdio.h>
#include <string.h>
#include "exits.h"

static int handle_console(struct exit_ctx *ctx, uint8_t id)
{
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

/* A one-byte write to a guest port: an OUT on x86, an MMIO store on arm64. */
int port_write(struct exit_ctx *ctx, uint32_t port, uint8_t val)
{
	switch (port) {
	case PORT_CONSOLE:
		return handle_console(ctx, val);
	case PORT_DONE:
		ctx->done = 1;
		ctx->guest_status = val;
		return EXIT_STOP;
	default:
		fprintf(stderr, "vcpu%d: write to unknown port 0x%x\n",
			ctx->id, port);
		return EXIT_ERROR;
	}
}

/* 1 if [gpa, gpa + size) is a non-empty run of whole pages of RAM. */
int gpa_range_ok(const struct exit_ctx *ctx, uint64_t gpa, uint64_t size)
{
	return size && !(gpa % PAGE_SIZE) && !(size % PAGE_SIZE) &&
	       gpa < ctx->mem_size && size <= ctx->mem_size - gpa;
}

int handle_memory_fault(struct exit_ctx *ctx, struct kvm_run *run)
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

int handle_fatal(struct exit_ctx *ctx, struct kvm_run *run)
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
	if (run->exit_reason == KVM_EXIT_SYSTEM_EVENT)
		n += snprintf(buf + n, sizeof(buf) - n, ", type %u",
			      run->system_event.type);
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

const char *exit_name(uint32_t reason)
{
	if (reason < arch_nr_exits && arch_exits[reason].name)
		return arch_exits[reason].name;
	return "UNKNOWN";
}

int handle_exit(struct exit_ctx *ctx, struct kvm_run *run)
{
	uint32_t r = run->exit_reason;

	ctx->exits++;
	if (r < arch_nr_exits && arch_exits[r].fn)
		return arch_exits[r].fn(ctx, run);
	fprintf(stderr, "vcpu%d: unhandled exit reason %u\n", ctx->id, r);
	return EXIT_ERROR;
}
