// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of arm64 exit dispatch with a fake struct kvm_run (no KVM
 * needed): MMIO ports and the MEM_SHARE/MEM_UNSHARE hypercall exits.
 */
#include <stdlib.h>
#include <string.h>
#include "tap.h"
#include "vmm.h"
#include "fixture.h"

#define REFUSED ((uint64_t)(int64_t)SMCCC_RET_INVALID_PARAMETER)

static void set_mmio(uint64_t addr, uint64_t val, uint32_t len)
{
	run->exit_reason = KVM_EXIT_MMIO;
	run->mmio.phys_addr = addr;
	run->mmio.len = len;
	run->mmio.is_write = 1;
	memcpy(run->mmio.data, &val, len);
}

static void set_hc(uint64_t nr, uint64_t gpa, uint64_t size, uint64_t attrs)
{
	run->exit_reason = KVM_EXIT_HYPERCALL;
	run->hypercall.nr = nr;
	run->hypercall.args[0] = gpa;
	run->hypercall.args[1] = size;
	run->hypercall.args[2] = attrs;
	run->hypercall.ret = 0x1234;
}

/* MMIO writes that are not the guest's port protocol: all are errors. */
static const struct {
	const char *name;
	uint64_t addr;
	uint32_t len;
	int read;
} bad_mmio[] = {
	{ "MMIO read of the console port", MMIO_PORT(PORT_CONSOLE), 1, 1 },
	{ "MMIO write below the ports", MMIO_GPA - 8, 1, 0 },
	{ "MMIO write past the ports", MMIO_PORT(MMIO_PORTS), 1, 0 },
	{ "MMIO write inside a slot", MMIO_PORT(PORT_DONE) + 1, 1, 0 },
	{ "4-byte MMIO write to the done port", MMIO_PORT(PORT_DONE), 4, 0 },
	{ "1-byte MMIO write to the fault port", MMIO_PORT(PORT_FAULT), 1, 0 },
	{ "MMIO write to an unknown port", MMIO_PORT(0x80), 1, 0 },
};

/* Hypercall exits the VMM refuses without converting. */
static const struct {
	const char *name;
	uint64_t nr, gpa, size, attrs;
} bad_hc[] = {
	{ "MEM_SHARE asking for private", SMCCC_KVM_MEM_SHARE, 0x100000,
	  PAGE_SIZE, KVM_MEMORY_ATTRIBUTE_PRIVATE },
	{ "MEM_UNSHARE asking for shared", SMCCC_KVM_MEM_UNSHARE, 0x100000,
	  PAGE_SIZE, 0 },
	{ "unaligned IPA", SMCCC_KVM_MEM_SHARE, 0x100800, PAGE_SIZE, 0 },
	{ "size not whole pages", SMCCC_KVM_MEM_SHARE, 0x100000, 100, 0 },
	{ "empty range", SMCCC_KVM_MEM_SHARE, 0x100000, 0, 0 },
	{ "range past RAM", SMCCC_KVM_MEM_SHARE, MEM - PAGE_SIZE,
	  2 * PAGE_SIZE, 0 },
	{ "IPA past RAM", SMCCC_KVM_MEM_SHARE, MMIO_GPA, PAGE_SIZE, 0 },
	{ "size that wraps", SMCCC_KVM_MEM_SHARE, 0x100000, -PAGE_SIZE, 0 },
	{ "HYP_MEMINFO (never an exit)", SMCCC_KVM_HYP_MEMINFO, 0, 0, 0 },
	{ "x86's MAP_GPA_RANGE number", 12, 0x100000, PAGE_SIZE, 0 },
};

int main(void)
{
	struct exit_ctx ctx;
	size_t i;
	int r;

	run = calloc(1, 4096);
	mem = calloc(1, MEM);

	/* Console: a byte store of the vCPU id to the console port. */
	init(&ctx, 1);
	console_reset();
	strcpy((char *)mem + MSG_GPA + PAGE_SIZE, "hello from one");
	set_mmio(MMIO_PORT(PORT_CONSOLE), 1, 1);
	r = handle_exit(&ctx, run);
	CHECK(r == EXIT_CONTINUE && ctx.messages == 1 && console_count() == 1,
	      "console MMIO collects one line and continues");
	init(&ctx, 1);
	set_mmio(MMIO_PORT(PORT_CONSOLE), 0, 1);
	CHECK(handle_exit(&ctx, run) == EXIT_ERROR,
	      "console MMIO naming another vCPU is an error");

	/* Done and fault ports. */
	init(&ctx, 0);
	set_mmio(MMIO_PORT(PORT_DONE), 0, 1);
	r = handle_exit(&ctx, run);
	CHECK(r == EXIT_STOP && ctx.done && ctx.guest_status == 0,
	      "done port with 0 stops, status ok");
	init(&ctx, 0);
	set_mmio(MMIO_PORT(PORT_DONE), GUEST_NO_HYPERCALL, 1);
	r = handle_exit(&ctx, run);
	CHECK(r == EXIT_STOP && ctx.guest_status == GUEST_NO_HYPERCALL,
	      "done port with a failure stops, failure recorded");
	init(&ctx, 0);
	set_mmio(MMIO_PORT(PORT_FAULT), 0x10123ULL << 32 | 0x96000021, 8);
	r = handle_exit(&ctx, run);
	CHECK(r == EXIT_STOP && ctx.done &&
	      ctx.guest_status == GUEST_EXCEPTION,
	      "fault port stops with GUEST_EXCEPTION");
	for (i = 0; i < ARRAY_SIZE(bad_mmio); i++) {
		init(&ctx, 0);
		set_mmio(bad_mmio[i].addr, 0, bad_mmio[i].len);
		run->mmio.is_write = !bad_mmio[i].read;
		CHECK(handle_exit(&ctx, run) == EXIT_ERROR && !ctx.done,
		      bad_mmio[i].name);
	}

	/* MEM_SHARE -> shared, MEM_UNSHARE -> private, ret 0 once done. */
	init(&ctx, 0);
	set_hc(SMCCC_KVM_MEM_SHARE, 0x100000, PAGE_SIZE, 0);
	r = handle_exit(&ctx, run);
	CHECK(r == EXIT_CONTINUE && run->hypercall.ret == 0 &&
	      conv.calls == 1 && conv.gpa == 0x100000 &&
	      conv.size == PAGE_SIZE && conv.priv == 0 && ctx.hypercalls == 1,
	      "MEM_SHARE converts the page to shared, ret 0");
	init(&ctx, 0);
	set_hc(SMCCC_KVM_MEM_UNSHARE, 0x101000, PAGE_SIZE,
	       KVM_MEMORY_ATTRIBUTE_PRIVATE);
	r = handle_exit(&ctx, run);
	CHECK(r == EXIT_CONTINUE && run->hypercall.ret == 0 &&
	      conv.gpa == 0x101000 && conv.priv == 1,
	      "MEM_UNSHARE converts the page to private, ret 0");
	init(&ctx, 0);
	set_hc(SMCCC_KVM_MEM_SHARE, MEM - PAGE_SIZE, PAGE_SIZE, 0);
	handle_exit(&ctx, run);
	CHECK(conv.calls == 1 && run->hypercall.ret == 0,
	      "the last page of RAM can be shared");
	init(&ctx, 0);
	conv.fail = 1;
	set_hc(SMCCC_KVM_MEM_SHARE, 0x100000, PAGE_SIZE, 0);
	r = handle_exit(&ctx, run);
	CHECK(r == EXIT_CONTINUE && conv.calls == 1 &&
	      run->hypercall.ret == REFUSED,
	      "failed conversion refuses the call");
	for (i = 0; i < ARRAY_SIZE(bad_hc); i++) {
		init(&ctx, 0);
		set_hc(bad_hc[i].nr, bad_hc[i].gpa, bad_hc[i].size,
		       bad_hc[i].attrs);
		r = handle_exit(&ctx, run);
		CHECK(r == EXIT_CONTINUE && conv.calls == 0 &&
		      run->hypercall.ret == REFUSED, bad_hc[i].name);
	}

	/* Memory faults are shared code: one check that arm64 routes them. */
	init(&ctx, 0);
	run->exit_reason = KVM_EXIT_MEMORY_FAULT;
	run->memory_fault.flags = KVM_MEMORY_EXIT_FLAG_PRIVATE;
	run->memory_fault.gpa = 0x8000;
	run->memory_fault.size = PAGE_SIZE;
	r = handle_exit(&ctx, run);
	CHECK(r == EXIT_CONTINUE && conv.gpa == 0x8000 && conv.priv == 1,
	      "private memory fault converts to private");

	/* Exits this guest never causes. */
	init(&ctx, 0);
	run->exit_reason = KVM_EXIT_SYSTEM_EVENT;
	run->system_event.type = KVM_SYSTEM_EVENT_SHUTDOWN;
	CHECK(handle_exit(&ctx, run) == EXIT_ERROR, "SYSTEM_EVENT is fatal");
	init(&ctx, 0);
	run->exit_reason = KVM_EXIT_IO;
	CHECK(handle_exit(&ctx, run) == EXIT_ERROR, "port I/O is an error");
	init(&ctx, 0);
	run->exit_reason = KVM_EXIT_HLT;
	CHECK(handle_exit(&ctx, run) == EXIT_ERROR, "HLT is an error");
	CHECK(!strcmp(exit_name(KVM_EXIT_MMIO), "MMIO") &&
	      !strcmp(exit_name(KVM_EXIT_IO), "UNKNOWN"),
	      "exit names come from the arm64 table");

	free(run);
	free(mem);
	return test_done("test_exits_arm64");
}
