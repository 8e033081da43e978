// SPDX-License-Identifier: Apache-2.0
/* Messages: results on stdout, progress and diagnostics on stderr. */
#include <stdarg.h>
#include <stdio.h>

#include "loader.h"

static bool g_quiet, g_verbose;

void log_set(bool quiet, bool verbose)
{
	g_quiet = quiet;
	g_verbose = verbose;
}

__attribute__((format(printf, 2, 0))) static void vlog(const char *prefix, const char *fmt,
						       va_list ap)
{
	fputs(prefix, stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

bool log_verbose(void)
{
	return g_verbose;
}

/* what the loader is doing */
void info(const char *fmt, ...)
{
	va_list ap;

	if (g_quiet)
		return;
	va_start(ap, fmt);
	vlog("syscap-driver-loader: ", fmt, ap);
	va_end(ap);
}

/* an earlier choice was skipped, and why */
void note(const char *fmt, ...)
{
	va_list ap;

	if (g_quiet)
		return;
	va_start(ap, fmt);
	vlog("syscap-driver-loader: ", fmt, ap);
	va_end(ap);
}

void warn(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vlog("syscap-driver-loader: warning: ", fmt, ap);
	va_end(ap);
}

void error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vlog("syscap-driver-loader: error: ", fmt, ap);
	va_end(ap);
}

void debug(const char *fmt, ...)
{
	va_list ap;

	if (!g_verbose)
		return;
	va_start(ap, fmt);
	vlog("syscap-driver-loader: debug: ", fmt, ap);
	va_end(ap);
}
