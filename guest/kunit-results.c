// SPDX-License-Identifier: GPL-2.0
/*
 * kunit-results SUITE...: the results of KUnit suites that the kernel ran
 * at boot, as it keeps them in /sys/kernel/debug/kunit/SUITE/results
 * (CONFIG_KUNIT_DEBUGFS).  Prints each suite's KTAP and exits 0 if every
 * suite is there and no case failed, 1 otherwise: a suite missing from the
 * kernel is a failure, not a skip, as the test config asks for it.
 */
#include <stdio.h>
#include <string.h>

static int check_suite(const char *suite)
{
	char path[256], line[512];
	int passed = 0, failed = 0, skipped = 0;
	FILE *f;

	snprintf(path, sizeof(path), "/sys/kernel/debug/kunit/%s/results", suite);
	f = fopen(path, "r");
	if (!f) {
		printf("# %s: no %s: the kernel did not run the suite\n", suite, path);
		return 1;
	}

	while (fgets(line, sizeof(line), f)) {
		const char *s = line + strspn(line, " \t");

		fputs(line, stdout);
		/* Only the cases, indented; the suite's own line is last. */
		if (s == line)
			continue;
		if (!strncmp(s, "not ok ", 7))
			failed++;
		else if (!strncmp(s, "ok ", 3) && strstr(s, "# SKIP"))
			skipped++;
		else if (!strncmp(s, "ok ", 3))
			passed++;
	}
	fclose(f);

	printf("# %s: %d passed, %d failed, %d skipped\n", suite, passed, failed, skipped);
	return failed || !passed;
}

int main(int argc, char *argv[])
{
	int i, bad = 0;

	if (argc < 2) {
		fprintf(stderr, "usage: %s SUITE...\n", argv[0]);
		return 1;
	}
	for (i = 1; i < argc; i++)
		bad |= check_suite(argv[i]);
	return bad;
}
