/* SPDX-License-Identifier: GPL-2.0 */
/* Shared definitions of the demo VMM: guest layout, ports, interfaces. */
#ifndef VMM_H
#define VMM_H

#include <stdint.h>

#define PAGE_SIZE	4096ULL
#define MAX_VCPUS	16

/*
 * Guest physical layout, the same on both arches (slot 0 = gpa 0 = file
 * offset 0). The x86 guest runs identity mapped through the tables at
 * 0x2000-0x4fff; the arm64 guest runs with its MMU off and has none.
 */
#define GDT_GPA		0x1000ULL	/* x86 */
#define PML4_GPA	0x2000ULL	/* x86 */
#define PDPT_GPA	0x3000ULL	/* x86 */
#define PD_GPA		0x4000ULL	/* x86 */
#define SECRET_GPA	0x8000ULL
#define SECRET_LEN	64
#define CODE_GPA	0x10000ULL
#define CODE_MAX	0xf0000ULL
#define MSG_GPA		0x100000ULL	/* + id * PAGE_SIZE */
#define STACK_GPA	0x200000ULL	/* + id * STACK_SIZE, grows down */
#define STACK_SIZE	0x4000ULL
#define MIN_MEM		(STACK_GPA + MAX_VCPUS * STACK_SIZE)
#define MAX_MEM		(4096ULL << 20)

#define PORT_CONSOLE	0xe9	/* vCPU id: message page holds text */
#define PORT_DONE	0xea	/* 0 ok, else one of GUEST_* below */
#define PORT_FAULT	0xeb	/* arm64: unexpected exception, ELR << 32 | ESR */

/* Values written to PORT_DONE other than 0. */
#define GUEST_CHECK_FAILED	1	/* secret mismatch, or unshare failed */
#define GUEST_NO_SHARE		2	/* the message page could not be shared */
#define GUEST_NO_HYPERCALL	3	/* the hypervisor offers no share call */
#define GUEST_EXCEPTION		4	/* arm64: the guest took an exception */

/*
 * arm64 has no port I/O: port p is the 8-byte slot at MMIO_PORT(p), above
 * all of RAM and in no memslot, so that a store there exits with
 * KVM_EXIT_MMIO. Within the default 40-bit IPA space.
 */
#define MMIO_GPA	MAX_MEM
#define MMIO_PORTS	0x100
#define MMIO_PORT(p)	(MMIO_GPA + 8 * (uint64_t)(p))

/*
 * arm64 share/unshare: the pKVM guest ABI, SMCCC calls to KVM's vendor
 * hypervisor service (x0 = function id, x1 = IPA, x2 = x3 = 0).
 */
#define SMCCC_KVM_FEATURES		0x86000000U
#define SMCCC_KVM_HYP_MEMINFO		0xc6000002U
#define SMCCC_KVM_MEM_SHARE		0xc6000003U
#define SMCCC_KVM_MEM_UNSHARE		0xc6000004U
#define SMCCC_KVM_FEAT_HYP_MEMINFO	(1U << 2)
#define SMCCC_KVM_FEAT_MEM_SHARE	(1U << 3)
#define SMCCC_KVM_FEAT_MEM_UNSHARE	(1U << 4)
#define SMCCC_RET_INVALID_PARAMETER	(-3)

#ifndef VMM_GUEST
#include <stddef.h>
#include <stdio.h>
#include <linux/kvm.h>

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

struct layout {
	uint64_t entry;
	uint64_t code_end;
	uint64_t secret_hash;	/* FNV-1a of the secret, given to the guest */
	/* Page tables that --share-code keeps shared (x86; none on arm64). */
	uint64_t tables_gpa, tables_end;
	uint64_t cr3;		/* x86 */
	uint64_t gdt;		/* x86 */
	uint64_t stack_top[MAX_VCPUS];
	uint64_t msg_gpa[MAX_VCPUS];
};

struct range {
	uint64_t gpa, size;
};

/* load.c */
uint64_t fnv1a(const uint8_t *p, size_t len);
int load_payload(uint8_t *mem, uint64_t mem_size, const void *code,
		 size_t code_len, const uint8_t *secret, int nr_vcpus,
		 struct layout *lay);
int launch_private_ranges(const struct layout *lay, uint64_t mem_size,
			  int share_code, struct range r[3]);

/* load-x86.c, load-arm64.c: what the arch adds to the payload. */
extern const char arch_load_what[];
void arch_load(uint8_t *mem, struct layout *lay);

/* console.c */
void console_add(int id, const char *text);
void console_print(FILE *f);
int console_count(void);
void console_reset(void);

/* exits.c */
struct exit_ctx {
	int id;
	uint8_t *mem;
	uint64_t mem_size;
	int verbose;
	/* Converts [gpa, gpa+size) to private (1) or shared (0); 0 on success. */
	int (*convert)(void *opaque, uint64_t gpa, uint64_t size, int priv);
	void *opaque;
	int done;
	int guest_status;
	unsigned long exits, hypercalls, faults, messages;
};

enum { EXIT_CONTINUE = 0, EXIT_STOP = 1, EXIT_ERROR = -1 };
int handle_exit(struct exit_ctx *ctx, struct kvm_run *run);
const char *exit_name(uint32_t reason);

#endif /* VMM_GUEST */

#endif
