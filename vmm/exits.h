/* SPDX-License-Identifier: GPL-2.0 */
/* Exit handling: the parts shared by the arches, and each arch's table. */
#ifndef EXITS_H
#define EXITS_H

#include "vmm.h"

typedef int (*exit_handler_t)(struct exit_ctx *ctx, struct kvm_run *run);

struct exit_handler {
	const char *name;
	exit_handler_t fn;
};

/* exits-x86.c, exits-arm64.c: the arch's handlers, indexed by exit reason. */
extern const struct exit_handler arch_exits[];
extern const size_t arch_nr_exits;

/* exits.c */
int port_write(struct exit_ctx *ctx, uint32_t port, uint8_t val);
int gpa_range_ok(const struct exit_ctx *ctx, uint64_t gpa, uint64_t size);
int handle_memory_fault(struct exit_ctx *ctx, struct kvm_run *run);
int handle_fatal(struct exit_ctx *ctx, struct kvm_run *run);

#endif
