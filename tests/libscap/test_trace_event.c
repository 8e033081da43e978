// SPDX-License-Identifier: Apache-2.0
/*
 * The bpf engine's trace event lookup (src/engines/bpf/trace_event.c): ids read from a tracefs
 * laid out in a temporary directory, clear errors for what is missing or malformed, and the real
 * tracefs (mounted, or mounted privately) when running as root.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "trace_event.h"

static char g_dir[64];

/* events/syscalls/<name>/id holding text, under g_dir */
static void put_event(const char *name, const char *text)
{
	char p[256];
	FILE *f;

	snprintf(p, sizeof(p), "%s/events", g_dir);
	mkdir(p, 0755);
	snprintf(p, sizeof(p), "%s/events/syscalls", g_dir);
	mkdir(p, 0755);
	snprintf(p, sizeof(p), "%s/events/syscalls/%s", g_dir, name);
	mkdir(p, 0755);
	snprintf(p, sizeof(p), "%s/events/syscalls/%s/id", g_dir, name);
	f = fopen(p, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static int setup(void **state)
{
	(void)state;
	snprintf(g_dir, sizeof(g_dir), "/tmp/syscap-tracefs.XXXXXX");
	return mkdtemp(g_dir) ? 0 : -1;
}

static int teardown(void **state)
{
	char cmd[128];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", g_dir);
	return system(cmd) == 0 ? 0 : -1;
}

static void test_ids_from_a_directory(void **state)
{
	int root;

	(void)state;
	/* a directory without events/ is no tracefs (an empty mount point) */
	assert_int_equal(syscap_trace_event_root(g_dir), -ENOENT);
	assert_int_equal(syscap_trace_event_root("/nonexistent/syscap"), -ENOENT);
	put_event("sys_enter_openat", "782\n");
	put_event("sys_enter_open", "");
	put_event("sys_enter_creat", "abc\n");
	put_event("sys_enter_connect", "-5\n");
	root = syscap_trace_event_root(g_dir);
	assert_true(root >= 0);
	assert_int_equal(syscap_trace_event_id(root, "syscalls", "sys_enter_openat"), 782);
	assert_int_equal(syscap_trace_event_id(root, "syscalls", "sys_enter_open"), -EINVAL);
	assert_int_equal(syscap_trace_event_id(root, "syscalls", "sys_enter_creat"), -EINVAL);
	assert_int_equal(syscap_trace_event_id(root, "syscalls", "sys_enter_connect"), -EINVAL);
	assert_int_equal(syscap_trace_event_id(root, "syscalls", "sys_enter_openat2"), -ENOENT);
	close(root);
}

/* The kernel's own: what the engine uses. Root only (tracefs and perf events need it). */
static void test_kernel_tracefs(void **state)
{
	int root, id, fd;

	(void)state;
	if (geteuid() != 0)
		skip();
	root = syscap_trace_event_root(NULL);
	if (root == -ENODEV || root == -EPERM) {
		fprintf(stderr, "no tracefs here (%s)\n", strerror(-root));
		skip();
	}
	assert_true(root >= 0);
	id = syscap_trace_event_id(root, "syscalls", "sys_enter_openat");
	assert_true(id > 0);
	close(root); /* the id outlives a private mount */
	fd = syscap_trace_event_perf_open(id);
	assert_true(fd >= 0);
	close(fd);
	assert_int_equal(syscap_trace_event_perf_open(0x7ffffff0), -EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ids_from_a_directory),
		cmocka_unit_test(test_kernel_tracefs),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
