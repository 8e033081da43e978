/* SPDX-License-Identifier: Apache-2.0 */
/* What this process's descriptors are: the tests look for the BPF objects and devices they hold. */
#ifndef SYSCAP_TESTS_PROC_FD_H
#define SYSCAP_TESTS_PROC_FD_H

#include <stdio.h>
#include <unistd.h>

/* The target of /proc/self/fd/<name> ("anon_inode:bpf_link", "/dev/syscap0" ...); 0 or -1. */
static inline int fd_target(const char *name, char *buf, size_t len)
{
	char path[300];
	ssize_t l;

	snprintf(path, sizeof(path), "/proc/self/fd/%s", name);
	l = readlink(path, buf, len - 1);
	if (l <= 0)
		return -1;
	buf[l] = 0;
	return 0;
}

#endif /* SYSCAP_TESTS_PROC_FD_H */
