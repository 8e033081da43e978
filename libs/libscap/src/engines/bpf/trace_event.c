/* SPDX-License-Identifier: Apache-2.0 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/mount.h>
#include <linux/perf_event.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "trace_event.h"

/* glibc 2.36 has no wrappers for the mount API; the numbers are the same on every architecture */
#ifndef SYS_fsopen
#define SYS_fsopen 430
#define SYS_fsconfig 431
#define SYS_fsmount 432
#endif

static int private_tracefs(void)
{
	int fs, mnt, e;

	fs = (int)syscall(SYS_fsopen, "tracefs", FSOPEN_CLOEXEC);
	if (fs < 0)
		return -errno;
	if (syscall(SYS_fsconfig, fs, FSCONFIG_CMD_CREATE, NULL, NULL, 0)) {
		e = errno;
		close(fs);
		return -e;
	}
	mnt = (int)syscall(SYS_fsmount, fs, FSMOUNT_CLOEXEC, 0);
	e = errno;
	close(fs);
	return mnt < 0 ? -e : mnt;
}

/* dir as tracefs' root when it holds events/ (an empty directory is only a mount point) */
static int tracefs_at(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC), e;

	if (fd < 0)
		return -errno;
	if (faccessat(fd, "events", F_OK, 0)) {
		e = errno;
		close(fd);
		return -e;
	}
	return fd;
}

int syscap_trace_event_root(const char *dir)
{
	static const char *const mounted[] = { "/sys/kernel/tracing", "/sys/kernel/debug/tracing" };

	if (dir)
		return tracefs_at(dir);
	for (size_t i = 0; i < sizeof(mounted) / sizeof(mounted[0]); i++) {
		int fd = tracefs_at(mounted[i]);

		if (fd >= 0)
			return fd;
	}
	return private_tracefs();
}

int syscap_trace_event_id(int root, const char *group, const char *name)
{
	char path[256], buf[32];
	ssize_t n;
	long id;
	char *end;
	int fd;

	if (snprintf(path, sizeof(path), "events/%s/%s/id", group, name) >= (int)sizeof(path))
		return -ENAMETOOLONG;
	fd = openat(root, path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return n < 0 ? -errno : -EINVAL;
	buf[n] = '\0';
	errno = 0;
	id = strtol(buf, &end, 10);
	if (errno || end == buf || id < 0 || id > 0x7fffffff)
		return -EINVAL;
	return (int)id;
}

/* perf_event_open(2) of trace event id on cpu, for every task: sampling or counting */
static int tp_perf_open(int id, int cpu, __u64 sample_period)
{
	struct perf_event_attr a;
	int fd;

	memset(&a, 0, sizeof(a));
	a.type = PERF_TYPE_TRACEPOINT;
	a.size = sizeof(a);
	a.config = (__u64)id;
	a.sample_period = sample_period;
	fd = (int)syscall(SYS_perf_event_open, &a, -1, cpu, -1, PERF_FLAG_FD_CLOEXEC);
	return fd < 0 ? -errno : fd;
}

int syscap_trace_event_perf_open(int id)
{
	/* any online CPU will do (the program runs on all): the one we are on is online */
	int cpu = sched_getcpu();

	return tp_perf_open(id, cpu < 0 ? 0 : cpu, 1);
}

int syscap_trace_event_counter(int id, int cpu, const char *filter)
{
	int fd = tp_perf_open(id, cpu, 0), e;

	if (fd >= 0 && filter && ioctl(fd, PERF_EVENT_IOC_SET_FILTER, filter)) {
		e = errno;
		close(fd);
		return -e;
	}
	return fd;
}
