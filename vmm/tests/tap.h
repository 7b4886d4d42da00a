/* SPDX-License-Identifier: GPL-2.0 */
/* Minimal test helpers: CHECK() counts, test_done() prints the summary. */
#ifndef TAP_H
#define TAP_H

#include <stdio.h>

static int tests_passed, tests_failed;

#define CHECK(cond, name) do {						\
	if (cond) {							\
		tests_passed++;						\
		printf("ok - %s\n", name);				\
	} else {							\
		tests_failed++;						\
		printf("not ok - %s (%s:%d: %s)\n", name, __FILE__,	\
		       __LINE__, #cond);				\
	}								\
} while (0)

static inline int test_done(const char *suite)
{
	printf("%s: %d passed, %d failed\n", suite, tests_passed,
	       tests_failed);
	return tests_failed ? 1 : 0;
}

#endif
