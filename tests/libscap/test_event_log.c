// SPDX-License-Identifier: Apache-2.0
/*
 * Logging: every libscap message reaches the function set with scap_set_print(), with its level,
 * and nothing else; NULL silences the library (nothing reaches stderr either).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include <scap/scap.h>

#include "log.h"

static char got[256];
static int calls;
static enum scap_log_level got_level;

__attribute__((format(printf, 2, 0))) static int capture(enum scap_log_level level,
							 const char *fmt, va_list ap)
{
	calls++;
	got_level = level;
	return vsnprintf(got, sizeof(got), fmt, ap);
}

/* Run fn with stderr sent to a scratch file; return how many bytes it wrote there. */
static long stderr_bytes(void (*fn)(void))
{
	char path[] = "/tmp/scap-log-XXXXXX";
	int fd = mkstemp(path), saved;
	long n;

	assert_true(fd >= 0);
	unlink(path);
	fflush(stderr);
	saved = dup(2);
	assert_true(saved >= 0);
	assert_int_equal(dup2(fd, 2), 2);
	fn();
	fflush(stderr);
	assert_int_equal(dup2(saved, 2), 2);
	close(saved);
	n = lseek(fd, 0, SEEK_END);
	close(fd);
	return n;
}

static void log_three(void)
{
	pr_warn("warn %d", 1);
	pr_info("info %s", "two");
	pr_debug("debug %u", 3u);
}

static void test_callback_gets_everything(void **state)
{
	scap_print_fn_t def;

	(void)state;
	def = scap_set_print(capture);
	assert_non_null(def); /* a default exists until the caller sets one */
	calls = 0;
	/* the callback, not the library, decides what to show: all levels reach it */
	assert_int_equal(stderr_bytes(log_three), 0);
	assert_int_equal(calls, 3);
	assert_int_equal(got_level, SCAP_LOG_DEBUG);
	assert_string_equal(got, "libscap: debug 3");
	pr_warn("block %s at offset %d", "x", 7);
	assert_int_equal(got_level, SCAP_LOG_WARN);
	assert_string_equal(got, "libscap: block x at offset 7");
	assert_ptr_equal(scap_set_print(def), capture);
}

static void test_null_silences(void **state)
{
	scap_print_fn_t def;

	(void)state;
	def = scap_set_print(NULL);
	calls = 0;
	assert_int_equal(stderr_bytes(log_three), 0);
	assert_int_equal(calls, 0);
	/* the default prints warnings to stderr, one line each (only them at the default level) */
	assert_null(scap_set_print(def));
	if (!getenv("SCAP_LOG_LEVEL"))
		assert_int_equal(stderr_bytes(log_three), (long)strlen("libscap: warn 1\n"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_callback_gets_everything),
		cmocka_unit_test(test_null_silences),
	};

	return cmocka_run_group_tests_name("libscap-log", tests, NULL, NULL);
}
