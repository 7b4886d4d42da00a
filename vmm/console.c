// SPDX-License-Identifier: GPL-2.0
/* Guest console: lines collected from all vCPUs, printed with a prefix. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include "vmm.h"

#define MAX_LINES	256

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static struct {
	int id;
	char *text;
} lines[MAX_LINES];
static int nr_lines;

void console_add(int id, const char *text)
{
	pthread_mutex_lock(&lock);
	if (nr_lines < MAX_LINES) {
		lines[nr_lines].id = id;
		lines[nr_lines].text = strdup(text);
		if (lines[nr_lines].text)
			nr_lines++;
	}
	pthread_mutex_unlock(&lock);
}

int console_count(void)
{
	return nr_lines;
}

void console_print(FILE *f)
{
	int i;

	pthread_mutex_lock(&lock);
	for (i = 0; i < nr_lines; i++)
		fprintf(f, "  [vcpu%d] %s\n", lines[i].id, lines[i].text);
	pthread_mutex_unlock(&lock);
}

void console_reset(void)
{
	int i;

	pthread_mutex_lock(&lock);
	for (i = 0; i < nr_lines; i++)
		free(lines[i].text);
	nr_lines = 0;
	pthread_mutex_unlock(&lock);
}
