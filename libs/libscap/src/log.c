// SPDX-License-Identifier: Apache-2.0
/* The logging callback and its default (stderr, level from SCAP_LOG_LEVEL). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"

__attribute__((format(printf, 2, 0))) static int default_print(enum scap_log_level level,
							       const char *fmt, va_list ap)
{
	static int max_level = -1;
	int n;

	if (max_level < 0) {
		const char *env = getenv("SCAP_LOG_LEVEL");

		max_level = SCAP_LOG_WARN;
		if (env && !strcmp(env, "info"))
			max_level = SCAP_LOG_INFO;
		else if (env && !strcmp(env, "debug"))
			max_level = SCAP_LOG_DEBUG;
	}
	if ((int)level > max_level)
		return 0;
	/* messages are lines without their newline: one message, one line */
	flockfile(stderr);
	n = vfprintf(stderr, fmt, ap);
	if (n >= 0 && putc_unlocked('\n', stderr) != EOF)
		n++;
	funlockfile(stderr);
	return n;
}

static scap_print_fn_t print_fn = default_print;

scap_print_fn_t scap_set_print(scap_print_fn_t fn)
{
	scap_print_fn_t old = print_fn;

	print_fn = fn;
	return old;
}

void scap_log(enum scap_log_level level, const char *fmt, ...)
{
	va_list ap;

	if (!print_fn)
		return;
	va_start(ap, fmt);
	print_fn(level, fmt, ap);
	va_end(ap);
}
