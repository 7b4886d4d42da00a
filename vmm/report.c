// SPDX-License-Identifier: GPL-2.0
/* End-of-run secrecy check: the host must not be able to read private memory. */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "vm.h"

static sigjmp_buf bus_jmp;

static void on_sigbus(int sig)
{
	(void)sig;
	siglongjmp(bus_jmp, 1);
}

/* 1 if reading addr[0..len) raised SIGBUS, 0 if it read (into out). */
static int read_faults(const volatile uint8_t *addr, size_t len, uint8_t *out)
{
	struct sigaction sa, old;
	volatile int faulted = 0;
	size_t i;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_sigbus;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGBUS, &sa, &old);
	if (sigsetjmp(bus_jmp, 1) == 0) {
		for (i = 0; i < len; i++)
			out[i] = addr[i];
	} else {
		faulted = 1;
	}
	sigaction(SIGBUS, &old, NULL);
	return faulted;
}

static void hex(char *dst, size_t dst_len, const uint8_t *b, size_t n)
{
	size_t i;

	for (i = 0; i < n && 2 * i + 3 <= dst_len; i++)
		snprintf(dst + 2 * i, 3, "%02x", b[i]);
}

/*
 * 0 if the secret at addr is unreadable through the mapping (SIGBUS) and
 * through /proc/self/mem (EIO); else -1 with the reason in why.
 */
int secrecy_check(const uint8_t *addr, size_t len, char *why, size_t why_len)
{
	uint8_t buf[SECRET_LEN];
	char h[2 * 16 + 1] = "";
	ssize_t n;
	int fd, e;

	if (len > sizeof(buf))
		len = sizeof(buf);
	if (!read_faults(addr, len, buf)) {
		hex(h, sizeof(h), buf, 16);
		snprintf(why, why_len,
			 "the host could read the guest's secret: mmap read at %p returned %s... (no SIGBUS; was the memory ever made private?)",
			 (void *)addr, h);
		return -1;
	}
	fd = open("/proc/self/mem", O_RDONLY);
	if (fd < 0) {
		snprintf(why, why_len, "cannot open /proc/self/mem: %s",
			 strerror(errno));
		return -1;
	}
	n = pread(fd, buf, len, (off_t)(uintptr_t)addr);
	e = errno;
	close(fd);
	if (n > 0) {
		hex(h, sizeof(h), buf, n < 16 ? n : 16);
		snprintf(why, why_len,
			 "the host could read the guest's secret: /proc/self/mem returned %zd bytes %s...",
			 n, h);
		return -1;
	}
	if (n < 0 && e != EIO) {
		snprintf(why, why_len,
			 "/proc/self/mem read failed with %s, expected EIO",
			 strerror(e));
		return -1;
	}
	if (n == 0) {
		snprintf(why, why_len, "/proc/self/mem read returned 0 bytes, expected EIO");
		return -1;
	}
	return 0;
}
