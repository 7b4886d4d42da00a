// SPDX-License-Identifier: GPL-2.0
/* Freestanding guest payload: one instance runs on every vCPU. */
#include <stdint.h>
#include "../vmm.h"
#include "arch.h"

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
	port_write(PORT_CONSOLE, id);
}

/* Called from start.S with the arguments the VMM put in the registers. */
void guest_main(uint64_t id, uint64_t arch_arg, uint64_t secret_hash)
{
	uint64_t page = MSG_GPA + id * PAGE_SIZE;
	char buf[128], *p;
	int bad, ok = 1;
	long ret;

	if (arch_init(arch_arg)) {
		port_write(PORT_DONE, GUEST_NO_HYPERCALL);
		return;
	}
	bad = check_secret(secret_hash);

	ret = share_page(page);
	if (ret) {
		/* No shared page to talk through: report the error by port. */
		port_write(PORT_DONE, GUEST_NO_SHARE);
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
	p = put_str(p, " shared via " SHARE_HYPERCALL ", converting back");
	*p = 0;
	say(id, buf);

	ret = unshare_page(page);
	if (ret)
		ok = 0;
	/* The page is private again: the host must not see this. */
	put_str((char *)page, "private again");
	port_write(PORT_DONE, ok ? 0 : GUEST_CHECK_FAILED);
}
