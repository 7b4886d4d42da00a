// SPDX-License-Identifier: GPL-2.0
/* Unit tests of x86 exit dispatch with a fake struct kvm_run (no KVM needed). */
#include <stdlib.h>
#include <string.h>
#include "tap.h"
#include "vmm.h"
#include "fixture.h"

static void set_out(uint16_t port, uint8_t val)
{
	run->exit_reason = KVM_EXIT_IO;
	run->io.direction = KVM_EXIT_IO_OUT;
	run->io.size = 1;
	run->io.port = port;
	run->io.count = 1;
	run->io.data_offset = 1024;
	*((uint8_t *)run + 1024) = val;
}

static void set_hc(uint64_t gpa, uint64_t npages, uint64_t attrs)
{
	run->exit_reason = KVM_EXIT_HYPERCALL;
	run->hypercall.nr = 12;
	run->hypercall.args[0] = gpa;
	run->hypercall.args[1] = npages;
	run->hypercall.args[2] = attrs;
	run->hypercall.ret = 0x1234;
}

int main(void)
{
	struct exit_ctx ctx;
	int r;

	run = calloc(1, 4096);
	mem = calloc(1, MEM);

	/* Console: text is read from the vCPU's message page. */
	init(&ctx, 1);
	console_reset();
	strcpy((char *)mem + MSG_GPA + PAGE_SIZE, "hello from one");
	set_out(PORT_CONSOLE, 1);
	r = handle_exit(&ctx, run);
	CHECK(r == EXIT_CONTINUE && ctx.messages == 1 && console_count() == 1,
	      "console OUT collects one line and continues");
	init(&ctx, 1);
	set_out(PORT_CONSOLE, 0);
	CHECK(handle_exit(&ctx, run) == EXIT_ERROR,
	      "console OUT naming another vCPU is an error");

	/* Done port. */
	init(&ctx, 0);
	set_out(PORT_DONE, 0);
	r = handle_exit(&ctx, run);
	CHECK(r == EXIT_STOP && ctx.done && ctx.guest_status == 0,
	      "done port with 0 stops, status ok");
	init(&ctx, 0);
	set_out(PORT_DONE, 1);
	r = handle_exit(&ctx, run);
	CHECK(r == EXIT_STOP && ctx.guest_status == 1,
	      "done port with 1 stops, guest failure recorded");
	init(&ctx, 0);
	set_out(0x80, 0);
	CHECK(handle_exit(&ctx, run) == EXIT_ERROR, "unknown port is an error");
	init(&ctx, 0);
	set_out(PORT_CONSOLE, 0);
	run->io.direction = KVM_EXIT_IO_IN;
	CHECK(handle_exit(&ctx, run) == EXIT_ERROR, "IN is an error");

	/* Hypercall: MAP_GPA_RANGE decrypted -> shared, encrypted -> private. */
	init(&ctx, 0);
	set_hc(0x100000, 1, 0);
	r = handle_exit(&ctx, run);
	CHECK(r == EXIT_CONTINUE && run->hypercall.ret == 0 &&
	      conv.calls == 1 && conv.gpa == 0x100000 &&
	      conv.size == PAGE_SIZE && conv.priv == 0,
	      "MAP_GPA_RANGE decrypted converts one page to shared, ret 0");
	init(&ctx, 0);
	set_hc(0x200000, 3, 1 << 4);
	r = handle_exit(&ctx, run);
	CHECK(r == EXIT_CONTINUE && run->hypercall.ret == 0 &&
	      conv.size == 3 * PAGE_SIZE && conv.priv == 1,
	      "MAP_GPA_RANGE encrypted converts three pages to private");
	init(&ctx, 0);
	set_hc(0x100800, 1, 0);
	handle_exit(&ctx, run);
	CHECK(conv.calls == 0 && run->hypercall.ret == (uint64_t)-22,
	      "unaligned gpa gets -EINVAL, no conversion");
	init(&ctx, 0);
	set_hc(MEM - PAGE_SIZE, 2, 0);
	handle_exit(&ctx, run);
	CHECK(conv.calls == 0 && run->hypercall.ret == (uint64_t)-22,
	      "range past RAM gets -EINVAL");
	init(&ctx, 0);
	set_hc(0x100000, 1ULL << 52, 0);
	handle_exit(&ctx, run);
	CHECK(conv.calls == 0 && run->hypercall.ret == (uint64_t)-22,
	      "page count whose size wraps gets -EINVAL");
	init(&ctx, 0);
	set_hc(0x100000, 1, 1);
	handle_exit(&ctx, run);
	CHECK(conv.calls == 0 && run->hypercall.ret == (uint64_t)-22,
	      "2M page size bit gets -EINVAL");
	init(&ctx, 0);
	conv.fail = 1;
	set_hc(0x100000, 1, 0);
	r = handle_exit(&ctx, run);
	CHECK(r == EXIT_CONTINUE && run->hypercall.ret == (uint64_t)-22,
	      "failed conversion is reported to the guest");
	init(&ctx, 0);
	set_hc(0x100000, 1, 0);
	run->hypercall.nr = 5;
	handle_exit(&ctx, run);
	CHECK(conv.calls == 0 && run->hypercall.ret == (uint64_t)-1000,
	      "other hypercall gets -KVM_ENOSYS");

	/* Memory fault: convert to what the guest accessed. */
	init(&ctx, 0);
	run->exit_reason = KVM_EXIT_MEMORY_FAULT;
	run->memory_fault.flags = KVM_MEMORY_EXIT_FLAG_PRIVATE;
	run->memory_fault.gpa = 0x8000;
	run->memory_fault.size = PAGE_SIZE;
	r = handle_exit(&ctx, run);
	CHECK(r == EXIT_CONTINUE && conv.gpa == 0x8000 && conv.priv == 1 &&
	      conv.size == PAGE_SIZE, "private fault converts to private");
	init(&ctx, 0);
	run->exit_reason = KVM_EXIT_MEMORY_FAULT;
	run->memory_fault.gpa = 0x9000;
	run->memory_fault.size = PAGE_SIZE;
	r = handle_exit(&ctx, run);
	CHECK(r == EXIT_CONTINUE && conv.priv == 0, "shared fault converts to shared");
	init(&ctx, 0);
	run->exit_reason = KVM_EXIT_MEMORY_FAULT;
	run->memory_fault.gpa = MEM;
	run->memory_fault.size = PAGE_SIZE;
	CHECK(handle_exit(&ctx, run) == EXIT_ERROR && conv.calls == 0,
	      "fault outside RAM is an error");

	/* Others. */
	init(&ctx, 0);
	run->exit_reason = KVM_EXIT_HLT;
	CHECK(handle_exit(&ctx, run) == EXIT_ERROR, "HLT before done is an error");
	init(&ctx, 0);
	ctx.done = 1;
	run->exit_reason = KVM_EXIT_HLT;
	CHECK(handle_exit(&ctx, run) == EXIT_STOP, "HLT after done stops");
	init(&ctx, 0);
	run->exit_reason = KVM_EXIT_SHUTDOWN;
	CHECK(handle_exit(&ctx, run) == EXIT_ERROR, "SHUTDOWN is fatal");
	init(&ctx, 0);
	run->exit_reason = 9999;
	CHECK(handle_exit(&ctx, run) == EXIT_ERROR &&
	      !strcmp(exit_name(9999), "UNKNOWN"), "unknown exit is an error");
	CHECK(!strcmp(exit_name(KVM_EXIT_HYPERCALL), "HYPERCALL"),
	      "exit names come from the table");

	free(run);
	free(mem);
	return test_done("test_exits");
}
