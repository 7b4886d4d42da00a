/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The fixture the exit dispatch tests share: guest memory, a fake struct
 * kvm_run and a conversion callback that records what it was asked.
 */
#ifndef VMM_TESTS_FIXTURE_H
#define VMM_TESTS_FIXTURE_H

#include <stdint.h>
#include <string.h>
#include "vmm.h"

#define MEM (4ULL << 20)

static struct {
	int calls;
	uint64_t gpa, size;
	int priv;
	int fail;
} conv;

static int fake_convert(void *opaque, uint64_t gpa, uint64_t size, int priv)
{
	(void)opaque;
	conv.calls++;
	conv.gpa = gpa;
	conv.size = size;
	conv.priv = priv;
	return conv.fail ? -1 : 0;
}

static struct kvm_run *run;
static uint8_t *mem;

static void init(struct exit_ctx *ctx, int id)
{
	memset(ctx, 0, sizeof(*ctx));
	ctx->id = id;
	ctx->mem = mem;
	ctx->mem_size = MEM;
	ctx->convert = fake_convert;
	memset(run, 0, 4096);
	memset(&conv, 0, sizeof(conv));
}

#endif
