// SPDX-License-Identifier: GPL-2.0
/* Freestanding guest payload: one instance runs on every vCPU. */
#include <stdint.h>
#include "../vmm.h"

#define KVM_HC_MAP_GPA_RANGE		12
#define MAP_GPA_4K			0
#define MAP_GPA_ENCRYPTED		(1 << 4)
#define MAP_GPA_DECRYPTED		0

static int use_vmmcall;

static inline void outb(uint16_t port, uint8_t val)
{
	asm volatile("outb %0, %1" : : "a"(val), "Nd"(port) : "memory");
}

static long hypercall(uint64_t nr, uint64_t a0, uint64_t a1, uint64_t a2)
{
	long ret;

	if (use_vmmcall)
		asm volatile("vmmcall" : "=a"(ret)
			     : "a"(nr), "b"(a0), "c"(a1), "d"(a2) : "memory");
	else
		asm volatile("vmcall" : "=a"(ret)
			     : "a"(nr), "b"(a0), "c"(a1), "d"(a2) : "memory");
	return ret;
}

static char *put_str(char *p, const char *s)
{
	while (*s)
		*p++ = *s++;
	return p;
}

static char *put_dec(char *p, uint64_t v)
{
	char tmp[24];
	int n = 0;

	do {
		tmp[n++] = '0' + v % 10;
		v /= 10;
	} while (v);
	while (n)
		*p++ = tmp[--n];
	return p;
}

static char *put_hex(char *p, uint64_t v)
{
	int i;

	p = put_str(p, "0x");
	for (i = 60; i >= 0; i -= 4)
		if ((v >> i) || !i)
			*p++ = "0123456789abcdef"[(v >> i) & 15];
	return p;
}

/*
 * The secret itself is only in (private) guest memory; the VMM passes its
 * FNV-1a hash.  Returns 0 if it matches.
 */
static int check_secret(uint64_t want)
{
	volatile uint8_t *secret = (volatile uint8_t *)SECRET_GPA;
	uint64_t h = 0xcbf29ce484222325ULL;
	int i;

	for (i = 0; i < SECRET_LEN; i++) {
		h ^= secret[i];
		h *= 0x100000001b3ULL;
	}
	return h == want ? 0 : -1;
}

static void say(int id, const char *text)
{
	char *msg = (char *)(MSG_GPA + id * PAGE_SIZE);

	*put_str(msg, text) = 0;
	outb(PORT_CONSOLE, id);
}

void guest_main(uint64_t id, uint64_t vmmcall, uint64_t secret_hash)
{
	uint64_t page = MSG_GPA + id * PAGE_SIZE;
	char buf[128], *p;
	int bad, ok = 1;
	long ret;

	use_vmmcall = vmmcall;
	bad = check_secret(secret_hash);

	ret = hypercall(KVM_HC_MAP_GPA_RANGE, page, 1,
			MAP_GPA_DECRYPTED | MAP_GPA_4K);
	if (ret) {
		/* No shared page to talk through: report the error by port. */
		outb(PORT_DONE, 2);
		return;
	}

	p = put_str(buf, "vcpu ");
	p = put_dec(p, id);
	if (!bad) {
		p = put_str(p, ": secret ok (64 bytes at ");
		p = put_hex(p, SECRET_GPA);
		p = put_str(p, ")");
	} else {
		p = put_str(p, ": SECRET MISMATCH: hash of 64 bytes at ");
		p = put_hex(p, SECRET_GPA);
		p = put_str(p, " is not ");
		p = put_hex(p, secret_hash);
		ok = 0;
	}
	*p = 0;
	say(id, buf);

	p = put_str(buf, "vcpu ");
	p = put_dec(p, id);
	p = put_str(p, ": message page ");
	p = put_hex(p, page);
	p = put_str(p, " shared via KVM_HC_MAP_GPA_RANGE, converting back");
	*p = 0;
	say(id, buf);

	ret = hypercall(KVM_HC_MAP_GPA_RANGE, page, 1,
			MAP_GPA_ENCRYPTED | MAP_GPA_4K);
	if (ret)
		ok = 0;
	/* The page is private again: the host must not see this. */
	put_str((char *)page, "private again");
	outb(PORT_DONE, ok ? 0 : 1);
}
