// SPDX-License-Identifier: GPL-2.0
/*
 * arm64 exits: the MMIO ports, the MEM_SHARE/MEM_UNSHARE hypercalls, and
 * the arm64 table. Only struct kvm_run is read, so this builds (and is
 * unit tested) on any host.
 */
#include <stdio.h>
#include <string.h>
#include "exits.h"

/* What KVM makes of a non-zero hypercall.ret: the guest sees -3 anyway. */
#define HC_REFUSED	((uint64_t)(int64_t)SMCCC_RET_INVALID_PARAMETER)

/* The guest's exception vectors report ELR_EL1 << 32 | ESR_EL1 here. */
static int guest_exception(struct exit_ctx *ctx, uint64_t val)
{
	uint32_t esr = (uint32_t)val;

	fprintf(stderr, "vcpu%d: guest exception at pc 0x%llx: ESR_EL1 0x%x (EC 0x%x)\n",
		ctx->id, (unsigned long long)(val >> 32), esr, esr >> 26);
	ctx->done = 1;
	ctx->guest_status = GUEST_EXCEPTION;
	return EXIT_STOP;
}

static int handle_mmio(struct exit_ctx *ctx, struct kvm_run *run)
{
	uint64_t addr = run->mmio.phys_addr, val = 0;
	uint32_t port = (addr - MMIO_GPA) / 8;
	uint32_t len = port == PORT_FAULT ? 8 : 1;

	if (!run->mmio.is_write || addr < MMIO_GPA ||
	    addr >= MMIO_PORT(MMIO_PORTS) || addr % 8 ||
	    run->mmio.len != len) {
		fprintf(stderr, "vcpu%d: unexpected MMIO %s of %u bytes at 0x%llx\n",
			ctx->id, run->mmio.is_write ? "write" : "read",
			run->mmio.len, (unsigned long long)addr);
		return EXIT_ERROR;
	}
	/* Little-endian guest and host: data[] holds the value's bytes. */
	memcpy(&val, run->mmio.data, len);
	if (port == PORT_FAULT)
		return guest_exception(ctx, val);
	return port_write(ctx, port, val);
}

/*
 * KVM has checked the function id and the IPA, and passes the range and
 * the attributes it must get. ret = 0 once converted; anything else
 * refuses, and KVM also fails the call if the pages are not in the
 * requested state afterwards.
 */
static int handle_hypercall(struct exit_ctx *ctx, struct kvm_run *run)
{
	uint64_t nr = run->hypercall.nr;
	uint64_t gpa = run->hypercall.args[0];
	uint64_t size = run->hypercall.args[1];
	uint64_t attrs = run->hypercall.args[2];
	int priv = nr == SMCCC_KVM_MEM_UNSHARE;

	ctx->hypercalls++;
	if ((nr != SMCCC_KVM_MEM_SHARE && nr != SMCCC_KVM_MEM_UNSHARE) ||
	    attrs != (priv ? KVM_MEMORY_ATTRIBUTE_PRIVATE : 0) ||
	    !gpa_range_ok(ctx, gpa, size)) {
		fprintf(stderr, "vcpu%d: refused hypercall 0x%llx (0x%llx+0x%llx, attributes 0x%llx)\n",
			ctx->id, (unsigned long long)nr,
			(unsigned long long)gpa, (unsigned long long)size,
			(unsigned long long)attrs);
		run->hypercall.ret = HC_REFUSED;
		return EXIT_CONTINUE;
	}
	if (ctx->verbose)
		fprintf(stderr, "vcpu%d: hypercall %s 0x%llx+0x%llx -> %s\n",
			ctx->id, priv ? "MEM_UNSHARE" : "MEM_SHARE",
			(unsigned long long)gpa, (unsigned long long)size,
			priv ? "private" : "shared");
	run->hypercall.ret = ctx->convert(ctx->opaque, gpa, size, priv) ?
			     HC_REFUSED : 0;
	return EXIT_CONTINUE;
}

const struct exit_handler arch_exits[] = {
	[KVM_EXIT_MMIO]		  = { "MMIO", handle_mmio },
	[KVM_EXIT_HYPERCALL]	  = { "HYPERCALL", handle_hypercall },
	[KVM_EXIT_FAIL_ENTRY]	  = { "FAIL_ENTRY", handle_fatal },
	[KVM_EXIT_INTERNAL_ERROR] = { "INTERNAL_ERROR", handle_fatal },
	[KVM_EXIT_SYSTEM_EVENT]	  = { "SYSTEM_EVENT", handle_fatal },
	[KVM_EXIT_MEMORY_FAULT]	  = { "MEMORY_FAULT", handle_memory_fault },
};

const size_t arch_nr_exits = ARRAY_SIZE(arch_exits);
