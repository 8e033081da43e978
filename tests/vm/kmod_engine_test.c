// SPDX-License-Identifier: Apache-2.0
/*
 * The kmod engine before any device works: option validation, the module parameter written
 * through sysfs, and the messages a user sees when the module is missing or is not the driver
 * it expects, or is not the user's to open. A temporary directory plays the host root.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include <scap/scap.h>

static char root[128];

static void mkpath(const char *rel, const char *content)
{
	char path[PATH_MAX + 256], *p;
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", root, rel);
	for (p = path + strlen(root) + 1; (p = strchr(p, '/')); p++) {
		*p = '\0';
		mkdir(path, 0755);
		*p = '/';
	}
	if (content) {
		f = fopen(path, "w");
		assert_non_null(f);
		fputs(content, f);
		fclose(f);
	}
}

static void slurp(const char *rel, char *buf, size_t len)
{
	char path[PATH_MAX + 256];
	FILE *f;
	size_t n;

	snprintf(path, sizeof(path), "%s/%s", root, rel);
	f = fopen(path, "r");
	assert_non_null(f);
	n = fread(buf, 1, len - 1, f);
	buf[n] = '\0';
	fclose(f);
}

static int setup(void **state)
{
	(void)state;
	snprintf(root, sizeof(root), "/tmp/kmod-engine-test.XXXXXX");
	assert_non_null(mkdtemp(root));
	return 0;
}

static int teardown(void **state)
{
	char cmd[PATH_MAX + 16];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", root);
	return system(cmd) == 0 ? 0 : -1;
}

static struct scap *try_open(const char *prefix, uint64_t bytes, uint32_t snaplen, char *err,
			     size_t len)
{
	SCAP_OPTS(scap_open_opts, o, .device_prefix = prefix, .buffer_bytes = bytes,
		  .snaplen = snaplen, .host_root = root, .no_proc_scan = true);

	return scap_open("kmod", &o, err, len);
}

static void test_missing_module(void **state)
{
	char err[512] = "";

	(void)state;
	assert_null(try_open(NULL, 0, 0, err, sizeof(err)));
	assert_int_equal(errno, ENODEV);
	assert_non_null(strstr(err, "module 'syscap' is not loaded"));
	assert_null(try_open("/dev/falco", 0, 0, err, sizeof(err)));
	assert_non_null(strstr(err, "module 'falco' is not loaded"));
}

static void test_bad_options(void **state)
{
	static const uint64_t bad[] = { 12345, 4096, 8192, 3 * 4096, 1ULL << 31 };
	char err[512] = "";
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_null(try_open(NULL, bad[i], 0, err, sizeof(err)));
		assert_int_equal(errno, EINVAL);
		assert_non_null(strstr(err, "power of two"));
	}
	assert_null(try_open(NULL, 0, 65001, err, sizeof(err)));
	assert_int_equal(errno, EINVAL);
	assert_non_null(strstr(err, "snaplen"));
}

static void test_buffer_size_written_then_device_checked(void **state)
{
	char err[512] = "", val[64];

	(void)state;
	mkpath("sys/module/syscap/parameters/g_buffer_bytes_dim", "8388608\n");
	/* no device node at all */
	assert_null(try_open(NULL, 1 << 20, 0, err, sizeof(err)));
	assert_int_equal(errno, ENOENT);
	assert_non_null(strstr(err, "/dev/syscap0"));
	slurp("sys/module/syscap/parameters/g_buffer_bytes_dim", val, sizeof(val));
	assert_int_equal(strtoull(val, NULL, 10), 1 << 20);
	/* something that is not the driver's device: no version ioctls */
	mkpath("dev/syscap0", "not a device");
	assert_null(try_open(NULL, 1 << 21, 0, err, sizeof(err)));
	assert_int_equal(errno, ENOTTY);
	assert_non_null(strstr(err, "does not report its API/schema versions"));
	slurp("sys/module/syscap/parameters/g_buffer_bytes_dim", val, sizeof(val));
	assert_int_equal(strtoull(val, NULL, 10), 1 << 21);
}

/*
 * Open as a user who may not write the module parameter or open the device (a child that drops
 * to nobody when run as root): the failure must say that live capture needs root. Returns the
 * child's verdict: 0, or the line of the check that failed.
 */
static int open_unprivileged(uint64_t bytes, int want_errno, const char *want_text)
{
	char err[512] = "";
	int status;
	pid_t pid;

	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		if (geteuid() == 0 && (setgid(65534) || setuid(65534)))
			_exit(__LINE__);
		if (try_open(NULL, bytes, 0, err, sizeof(err)))
			_exit(__LINE__);
		if (errno != want_errno) {
			fprintf(stderr, "errno %d, want %d: %s\n", errno, want_errno, err);
			_exit(__LINE__);
		}
		if (!strstr(err, want_text) || !strstr(err, "(live capture needs root)")) {
			fprintf(stderr, "message: %s\n", err);
			_exit(__LINE__);
		}
		_exit(0);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	return WEXITSTATUS(status);
}

static void test_not_root(void **state)
{
	char path[PATH_MAX + 256];

	(void)state;
	umask(022); /* nobody must reach the files through their directories */
	assert_int_equal(chmod(root, 0755), 0);
	mkpath("sys/module/syscap/parameters/g_buffer_bytes_dim", "8388608\n");
	mkpath("dev/syscap0", "");
	snprintf(path, sizeof(path), "%s/dev/syscap0", root);
	assert_int_equal(chmod(path, 0600), 0);
	snprintf(path, sizeof(path), "%s/sys/module/syscap/parameters/g_buffer_bytes_dim", root);
	assert_int_equal(chmod(path, 0644), 0);
	if (geteuid() != 0) { /* the owner: take the permissions away instead */
		assert_int_equal(chmod(path, 0444), 0);
		snprintf(path, sizeof(path), "%s/dev/syscap0", root);
		assert_int_equal(chmod(path, 0), 0);
	}
	/* the buffer size differs: the parameter write is refused first */
	assert_int_equal(open_unprivileged(1 << 20, EACCES, "cannot set"), 0);
	/* the size is already right: the device is refused */
	assert_int_equal(open_unprivileged(8 << 20, EACCES, "cannot open"), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_missing_module, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_options, setup, teardown),
		cmocka_unit_test_setup_teardown(test_buffer_size_written_then_device_checked, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_not_root, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
