// SPDX-License-Identifier: GPL-2.0
/*
 * kunit-results SUITE...: the results of KUnit suites that the kernel ran
 * at boot, as it keeps them in /sys/kernel/debug/kunit/SUITE/results
 * (CONFIG_KUNIT_DEBUGFS).  Prints each suite's KTAP, then exits
 *   0 if every suite is there, and each of its cases ran and passed;
 *   4 (a kselftest skip) if none failed but some were skipped;
 *   1 otherwise: a suite missing from the kernel, a case that failed, a
 *     case missing from the suite's plan ("1..N"), or a suite that KUnit
 *     itself did not pass.  A missing suite is a failure, not a skip, as
 *     the test config asks for it.
 */
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#define KSFT_SKIP	4
/* KUNIT_SUBTEST_INDENT: a suite's cases; their own subtests are deeper. */
#define CASE_INDENT	4

static int check_suite(const char *suite)
{
	char path[256], line[512], suite_ok[300];
	int passed = 0, failed = 0, skipped = 0, planned = -1, verdict = 0;
	struct stat st;
	FILE *f;

	snprintf(path, sizeof(path), "/sys/kernel/debug/kunit/%s/results", suite);
	f = fopen(path, "r");
	if (!f) {
		if (stat("/sys/kernel/debug/kunit", &st))
			printf("# %s: no /sys/kernel/debug/kunit: debugfs is not mounted, or the kernel has no CONFIG_KUNIT_DEBUGFS\n",
			       suite);
		else
			printf("# %s: no %s: the kernel did not run the suite\n",
			       suite, path);
		return 1;
	}

	snprintf(suite_ok, sizeof(suite_ok), "ok 1 %s\n", suite);
	while (fgets(line, sizeof(line), f)) {
		size_t indent = strspn(line, " ");
		const char *s = line + indent;

		fputs(line, stdout);
		if (indent == 0) {
			/* The suite's own verdict comes last. */
			if (!strcmp(s, suite_ok))
				verdict = 1;
			continue;
		}
		if (indent != CASE_INDENT)
			continue;
		if (sscanf(s, "1..%d", &planned) == 1)
			continue;
		if (!strncmp(s, "not ok ", 7))
			failed++;
		else if (!strncmp(s, "ok ", 3) && strstr(s, "# SKIP"))
			skipped++;
		else if (!strncmp(s, "ok ", 3))
			passed++;
	}
	fclose(f);

	printf("# %s: %d passed, %d failed, %d skipped, of %d planned\n",
	       suite, passed, failed, skipped, planned);
	if (planned < 1 || passed + failed + skipped != planned) {
		printf("# %s: the results do not account for every planned case\n", suite);
		return 1;
	}
	if (failed || !verdict) {
		if (!failed)
			printf("# %s: KUnit did not pass the suite\n", suite);
		return 1;
	}
	return skipped ? KSFT_SKIP : 0;
}

int main(int argc, char *argv[])
{
	int i, r, ret = 0;

	if (argc < 2) {
		fprintf(stderr, "usage: %s SUITE...\n", argv[0]);
		return 1;
	}
	for (i = 1; i < argc; i++) {
		r = check_suite(argv[i]);
		if (r == 1 || (r == KSFT_SKIP && !ret))
			ret = r;
	}
	return ret;
}
