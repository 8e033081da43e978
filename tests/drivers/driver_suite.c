/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The per-syscall driver suite, written once against the public libscap API:
 *
 *   driver_suite ENGINE [TEST...]      ENGINE = bpf | kmod
 *   driver_suite --list
 *
 * Only the syscalls the tests use are captured (SYSCAP_SUITE_ALL=1 captures everything).
 * Each test runs syscalls in a child process under a live capture and checks the exit event (and
 * TOCTOU enter event) of each, parameter by parameter, against what the child saw. Prints
 * "PASS: name" / "FAIL: name: why" / "SKIP: name: why" and "N passed, N failed, N skipped".
 * Exit status 0 when nothing failed, 77 when the engine cannot open here.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <dirent.h>
#include <linux/bpf.h>
#include <linux/close_range.h>
#include <linux/io_uring.h>
#include <linux/memfd.h>
#include <linux/openat2.h>
#include <linux/perf_event.h>
#include <netinet/in.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/ipc.h>
#include <sys/sem.h>
#include <sys/signalfd.h>
#include <sys/timerfd.h>
#include <sys/inotify.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <poll.h>
#include <pthread.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/quota.h>
#include <linux/keyctl.h>
#include <linux/quota.h>
#include <sys/file.h>
#include <sys/ptrace.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <linux/magic.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <syscap/flags.h>

#include "harness.h"
#include "proc_fd.h"
#include "suite.h"

struct scap *g_h;
struct shared *g_sh;
char g_dir[128];
const char *g_engine;
struct captured g_c;
int64_t g_pid;
char g_comm[32];
char g_skip[256];

bool run(child_fn fn)
{
	int rc;

	captured_free(&g_c);
	memset(g_sh, 0, sizeof(*g_sh));
	rc = run_child(g_h, fn, g_sh, &g_c);
	g_pid = 0;
	for (size_t i = 0; i < g_c.n; i++) {
		if (g_c.evts[i]->type == SCAP_EVT_PROCEXIT_1_E)
			g_pid = g_c.evts[i]->tid;
	}
	if (rc) {
		snprintf(g_fail, sizeof(g_fail), "child did not finish under capture (%s), %zu events",
			 strerror(-rc), g_c.n);
		return false;
	}
	return true;
}

const struct scap_evt_hdr *X(uint16_t type)
{
	return find_evt(&g_c, type, g_pid, 0);
}

const struct scap_evt_hdr *XF(uint16_t type, unsigned pi, int64_t val, int n)
{
	char saved[sizeof(g_fail)];

	memcpy(saved, g_fail, sizeof(saved));
	for (int i = 0;; i++) {
		const struct scap_evt_hdr *e = find_evt(&g_c, type, g_pid, i);

		if (!e)
			return NULL;
		if (ps64(e, pi) == val && n-- == 0) {
			memcpy(g_fail, saved, sizeof(saved));
			return e;
		}
		memcpy(g_fail, saved, sizeof(saved)); /* empty params of other calls are no failure */
	}
}

void path_in_dir(char *buf, size_t len, const char *name)
{
	snprintf(buf, len, "%s/%s", g_dir, name);
}

/* ---- open family ------------------------------------------------------------------------ */

static void c_open(struct shared *sh)
{
	path_in_dir(sh->s[0], sizeof(sh->s[0]), "existing");
	sh->v[0] = syscall(SYS_open, sh->s[0], O_RDONLY | O_CLOEXEC);
	sh->v[1] = syscall(SYS_open, "/nonexistent/syscap", O_RDONLY);
}

static void t_open(void)
{
	struct stat st;
	const struct scap_evt_hdr *e, *x;

	if (!run(c_open))
		return;
	stat(g_sh->s[0], &st);
	e = X(SCAP_EVT_SYSCALL_OPEN_E);
	REQUIRE_EVT(e, "open enter");
	CHECK_STR(pstr(e, 0), g_sh->s[0]);
	CHECK_EQ(pu64(e, 1), SCAP_O_RDONLY | SCAP_O_CLOEXEC);
	CHECK_EQ(pu64(e, 2), 0);
	x = X(SCAP_EVT_SYSCALL_OPEN_X);
	REQUIRE_EVT(x, "open exit");
	CHECK_EQ(ps64(x, 0), g_sh->v[0]);
	CHECK_STR(pstr(x, 1), g_sh->s[0]);
	CHECK_EQ(pu64(x, 2), SCAP_O_RDONLY | SCAP_O_CLOEXEC);
	CHECK_EQ(pu64(x, 3), 0);
	CHECK_EQ(pu64(x, 4), (uint32_t)st.st_dev);
	CHECK_EQ(pu64(x, 5), st.st_ino);
	x = find_evt(&g_c, SCAP_EVT_SYSCALL_OPEN_X, g_pid, 1);
	REQUIRE_EVT(x, "second open exit");
	CHECK_EQ(ps64(x, 0), -ENOENT);
	CHECK_STR(pstr(x, 1), "/nonexistent/syscap");
	CHECK_EQ(pu64(x, 4), 0);
	CHECK_EQ(pu64(x, 5), 0);
}

static void c_openat_creat(struct shared *sh)
{
	path_in_dir(sh->s[0], sizeof(sh->s[0]), "created");
	unlink(sh->s[0]);
	sh->v[0] = syscall(SYS_openat, AT_FDCWD, sh->s[0], O_WRONLY | O_CREAT | O_EXCL, 0640);
}

static void t_openat(void)
{
	struct stat st;
	const struct scap_evt_hdr *e, *x;

	if (!run(c_openat_creat))
		return;
	stat(g_sh->s[0], &st);
	e = X(SCAP_EVT_SYSCALL_OPENAT_2_E);
	REQUIRE_EVT(e, "openat enter");
	CHECK_EQ(ps64(e, 0), SCAP_AT_FDCWD);
	CHECK_STR(pstr(e, 1), g_sh->s[0]);
	CHECK_EQ(pu64(e, 2), SCAP_O_WRONLY | SCAP_O_CREAT | SCAP_O_EXCL);
	CHECK_EQ(pu64(e, 3), SCAP_S_IRUSR | SCAP_S_IWUSR | SCAP_S_IRGRP);
	x = X(SCAP_EVT_SYSCALL_OPENAT_2_X);
	REQUIRE_EVT(x, "openat exit");
	CHECK(g_sh->v[0] >= 0);
	CHECK_EQ(ps64(x, 0), g_sh->v[0]);
	CHECK_EQ(ps64(x, 1), SCAP_AT_FDCWD);
	CHECK_STR(pstr(x, 2), g_sh->s[0]);
	CHECK_EQ(pu64(x, 3), SCAP_O_WRONLY | SCAP_O_CREAT | SCAP_O_EXCL | SCAP_O_F_CREATED);
	CHECK_EQ(pu64(x, 4), SCAP_S_IRUSR | SCAP_S_IWUSR | SCAP_S_IRGRP);
	CHECK_EQ(pu64(x, 5), (uint32_t)st.st_dev);
	CHECK_EQ(pu64(x, 6), st.st_ino);
}

static void c_openat2(struct shared *sh)
{
	struct open_how how = { .flags = O_RDONLY, .resolve = RESOLVE_NO_SYMLINKS };
	int dfd = open(g_dir, O_RDONLY | O_DIRECTORY);

	sh->v[1] = dfd;
	char name[] = "existing"; /* on the stack: resident when the enter probe reads it */

	sh->v[0] = syscall(SYS_openat2, dfd, name, &how, sizeof(how));
}

static void t_openat2(void)
{
	const struct scap_evt_hdr *e, *x;
	char p[256];
	struct stat st;

	if (!run(c_openat2))
		return;
	path_in_dir(p, sizeof(p), "existing");
	stat(p, &st);
	e = X(SCAP_EVT_SYSCALL_OPENAT2_E);
	REQUIRE_EVT(e, "openat2 enter");
	CHECK_EQ(ps64(e, 0), g_sh->v[1]);
	CHECK_STR(pstr(e, 1), "existing");
	CHECK_EQ(pu64(e, 2), SCAP_O_RDONLY);
	CHECK_EQ(pu64(e, 4), SCAP_RESOLVE_NO_SYMLINKS);
	x = X(SCAP_EVT_SYSCALL_OPENAT2_X);
	REQUIRE_EVT(x, "openat2 exit");
	CHECK_EQ(ps64(x, 0), g_sh->v[0]);
	CHECK_EQ(ps64(x, 1), g_sh->v[1]);
	CHECK_STR(pstr(x, 2), "existing");
	CHECK_EQ(pu64(x, 3), SCAP_O_RDONLY);
	CHECK_EQ(pu64(x, 5), SCAP_RESOLVE_NO_SYMLINKS);
	CHECK_EQ(pu64(x, 6), (uint32_t)st.st_dev);
	CHECK_EQ(pu64(x, 7), st.st_ino);
}

static void c_creat(struct shared *sh)
{
	path_in_dir(sh->s[0], sizeof(sh->s[0]), "creat");
	sh->v[0] = syscall(SYS_creat, sh->s[0], 0600);
}

static void t_creat(void)
{
	const struct scap_evt_hdr *e, *x;
	struct stat st;

	if (!run(c_creat))
		return;
	stat(g_sh->s[0], &st);
	e = X(SCAP_EVT_SYSCALL_CREAT_E);
	REQUIRE_EVT(e, "creat enter");
	CHECK_STR(pstr(e, 0), g_sh->s[0]);
	CHECK_EQ(pu64(e, 1), SCAP_S_IRUSR | SCAP_S_IWUSR);
	x = X(SCAP_EVT_SYSCALL_CREAT_X);
	REQUIRE_EVT(x, "creat exit");
	CHECK_EQ(ps64(x, 0), g_sh->v[0]);
	CHECK_STR(pstr(x, 1), g_sh->s[0]);
	CHECK_EQ(pu64(x, 2), SCAP_S_IRUSR | SCAP_S_IWUSR);
	CHECK_EQ(pu64(x, 3), (uint32_t)st.st_dev);
	CHECK_EQ(pu64(x, 4), st.st_ino);
}

/* ---- fd table ------------------------------------------------------------------------------ */

static void c_fds(struct shared *sh)
{
	int p[2];

	sh->v[0] = open("/dev/null", O_RDONLY);
	sh->v[1] = dup((int)sh->v[0]);
	sh->v[2] = dup2((int)sh->v[0], 40);
	sh->v[3] = dup3((int)sh->v[0], 41, O_CLOEXEC);
	sh->v[4] = fcntl((int)sh->v[0], F_DUPFD_CLOEXEC, 50);
	sh->v[5] = close((int)sh->v[1]);
	sh->v[6] = close(-1);
	sh->v[7] = syscall(SYS_pipe, p);
	sh->v[8] = p[0];
	sh->v[9] = p[1];
	sh->v[10] = pipe2(p, O_NONBLOCK | O_CLOEXEC);
	sh->v[11] = p[0];
	sh->v[12] = p[1];
	{
		struct stat st;

		fstat(p[0], &st);
		sh->v[13] = st.st_ino;
		fstat((int)sh->v[8], &st);
		sh->v[14] = st.st_ino;
	}
}

static void t_fds(void)
{
	const struct scap_evt_hdr *x;

	if (!run(c_fds))
		return;
	x = X(SCAP_EVT_SYSCALL_DUP_1_X);
	REQUIRE_EVT(x, "dup");
	CHECK_EQ(ps64(x, 0), g_sh->v[1]);
	CHECK_EQ(ps64(x, 1), g_sh->v[0]);
	x = X(SCAP_EVT_SYSCALL_DUP2_X);
	REQUIRE_EVT(x, "dup2");
	CHECK_EQ(ps64(x, 0), 40);
	CHECK_EQ(ps64(x, 1), g_sh->v[0]);
	CHECK_EQ(ps64(x, 2), 40);
	x = X(SCAP_EVT_SYSCALL_DUP3_X);
	REQUIRE_EVT(x, "dup3");
	CHECK_EQ(ps64(x, 0), 41);
	CHECK_EQ(ps64(x, 2), 41);
	CHECK_EQ(pu64(x, 3), SCAP_O_CLOEXEC);
	x = X(SCAP_EVT_SYSCALL_FCNTL_X);
	REQUIRE_EVT(x, "fcntl");
	CHECK_EQ(ps64(x, 0), g_sh->v[4]);
	CHECK_EQ(ps64(x, 1), g_sh->v[0]);
	CHECK_EQ(pu64(x, 2), SCAP_FCNTL_F_DUPFD_CLOEXEC);
	CHECK_EQ(pu64(x, 3), 50);
	x = XF(SCAP_EVT_SYSCALL_CLOSE_X, 1, g_sh->v[1], 0);
	REQUIRE_EVT(x, "close");
	CHECK_EQ(ps64(x, 0), 0);
	CHECK_EQ(ps64(x, 1), g_sh->v[1]);
	x = XF(SCAP_EVT_SYSCALL_CLOSE_X, 1, -1, 0);
	REQUIRE_EVT(x, "close(-1)");
	CHECK_EQ(ps64(x, 0), -EBADF);
	CHECK_EQ(ps64(x, 1), -1);
	x = X(SCAP_EVT_SYSCALL_PIPE_X);
	REQUIRE_EVT(x, "pipe");
	CHECK_EQ(ps64(x, 0), 0);
	CHECK_EQ(ps64(x, 1), g_sh->v[8]);
	CHECK_EQ(ps64(x, 2), g_sh->v[9]);
	CHECK_EQ(pu64(x, 3), g_sh->v[14]);
	x = X(SCAP_EVT_SYSCALL_PIPE2_X);
	REQUIRE_EVT(x, "pipe2");
	CHECK_EQ(ps64(x, 0), 0);
	CHECK_EQ(ps64(x, 1), g_sh->v[11]);
	CHECK_EQ(ps64(x, 2), g_sh->v[12]);
	CHECK_EQ(pu64(x, 3), g_sh->v[13]);
	CHECK_EQ(pu64(x, 4), SCAP_O_NONBLOCK | SCAP_O_CLOEXEC);
}

/* ---- I/O ----------------------------------------------------------------------------------- */

static const char g_payload[] = "syscap-payload-0123456789";

static void c_io(struct shared *sh)
{
	char buf[256], big[200];
	struct iovec iov[2] = { { (void *)"ab", 2 }, { (void *)"cdef", 4 } };
	struct iovec riov[2];
	char r1[3], r2[16];
	int fd;

	path_in_dir(sh->s[0], sizeof(sh->s[0]), "io");
	fd = open(sh->s[0], O_RDWR | O_CREAT | O_TRUNC, 0600);
	sh->v[0] = fd;
	sh->v[1] = write(fd, g_payload, sizeof(g_payload) - 1);
	sh->v[2] = pwrite(fd, "XY", 2, 3);
	sh->v[3] = pread(fd, buf, 5, 1);
	lseek(fd, 0, SEEK_SET);
	sh->v[4] = read(fd, buf, sizeof(buf));
	sh->v[5] = writev(fd, iov, 2);
	riov[0] = (struct iovec){ r1, sizeof(r1) };
	riov[1] = (struct iovec){ r2, sizeof(r2) };
	sh->v[6] = preadv(fd, riov, 2, 0);
	sh->v[7] = pwritev(fd, iov, 2, 100);
	lseek(fd, 0, SEEK_SET);
	sh->v[8] = readv(fd, riov, 2);
	memset(big, 'z', sizeof(big));
	sh->v[9] = write(fd, big, sizeof(big));
	sh->v[10] = read(-1, buf, 10);
}

static void t_io(void)
{
	const struct scap_evt_hdr *x;
	char expect[64];

	if (!run(c_io))
		return;
	x = XF(SCAP_EVT_SYSCALL_WRITE_X, 2, g_sh->v[0], 0);
	REQUIRE_EVT(x, "write");
	CHECK_EQ(ps64(x, 0), sizeof(g_payload) - 1);
	CHECK_EQ(plen(x, 1), sizeof(g_payload) - 1);
	CHECK(plen(x, 1) && !memcmp(pdata(x, 1), g_payload, sizeof(g_payload) - 1));
	CHECK_EQ(ps64(x, 2), g_sh->v[0]);
	CHECK_EQ(pu64(x, 3), sizeof(g_payload) - 1);
	x = X(SCAP_EVT_SYSCALL_PWRITE_X);
	REQUIRE_EVT(x, "pwrite");
	CHECK_EQ(ps64(x, 0), 2);
	CHECK(plen(x, 1) == 2 && !memcmp(pdata(x, 1), "XY", 2));
	CHECK_EQ(pu64(x, 3), 2);
	CHECK_EQ(pu64(x, 4), 3);
	x = X(SCAP_EVT_SYSCALL_PREAD_X);
	REQUIRE_EVT(x, "pread");
	CHECK_EQ(ps64(x, 0), 5);
	memcpy(expect, g_payload, sizeof(g_payload));
	memcpy(expect + 3, "XY", 2);
	CHECK(plen(x, 1) == 5 && !memcmp(pdata(x, 1), expect + 1, 5));
	CHECK_EQ(pu64(x, 3), 5);
	CHECK_EQ(pu64(x, 4), 1);
	/* the harness's own 1-byte read in the child may have used the same fd number */
	x = XF(SCAP_EVT_SYSCALL_READ_X, 0, g_sh->v[4], 0);
	REQUIRE_EVT(x, "read");
	CHECK_EQ(ps64(x, 0), g_sh->v[4]);
	CHECK(plen(x, 1) == g_sh->v[4] && !memcmp(pdata(x, 1), expect, g_sh->v[4]));
	CHECK_EQ(ps64(x, 2), g_sh->v[0]);
	CHECK_EQ(pu64(x, 3), 256);
	x = XF(SCAP_EVT_SYSCALL_READ_X, 2, -1, 0);
	REQUIRE_EVT(x, "failed read");
	CHECK_EQ(ps64(x, 0), -EBADF);
	CHECK_EQ(plen(x, 1), 0);
	CHECK_EQ(ps64(x, 2), -1);
	x = X(SCAP_EVT_SYSCALL_WRITEV_X);
	REQUIRE_EVT(x, "writev");
	CHECK_EQ(ps64(x, 0), 6);
	CHECK(plen(x, 1) == 6 && !memcmp(pdata(x, 1), "abcdef", 6));
	CHECK_EQ(pu64(x, 3), 6);
	x = X(SCAP_EVT_SYSCALL_PREADV_X);
	REQUIRE_EVT(x, "preadv");
	CHECK_EQ(ps64(x, 0), g_sh->v[6]);
	CHECK_EQ(pu64(x, 1), g_sh->v[6]);
	CHECK(plen(x, 2) == g_sh->v[6] && !memcmp(pdata(x, 2), expect, g_sh->v[6]));
	CHECK_EQ(pu64(x, 4), 0);
	x = X(SCAP_EVT_SYSCALL_PWRITEV_X);
	REQUIRE_EVT(x, "pwritev");
	CHECK_EQ(ps64(x, 0), 6);
	CHECK(plen(x, 1) == 6 && !memcmp(pdata(x, 1), "abcdef", 6));
	CHECK_EQ(pu64(x, 3), 6);
	CHECK_EQ(pu64(x, 4), 100);
	x = X(SCAP_EVT_SYSCALL_READV_X);
	REQUIRE_EVT(x, "readv");
	CHECK_EQ(ps64(x, 0), g_sh->v[8]);
	CHECK_EQ(pu64(x, 1), g_sh->v[8]);
	CHECK_EQ(ps64(x, 3), g_sh->v[0]);
	/* snaplen: 200 bytes written, 80 kept */
	x = XF(SCAP_EVT_SYSCALL_WRITE_X, 2, g_sh->v[0], 1);
	REQUIRE_EVT(x, "large write");
	CHECK_EQ(ps64(x, 0), 200);
	CHECK_EQ(plen(x, 1), SCAP_DEFAULT_SNAPLEN);
	CHECK_EQ(pu64(x, 3), 200);
}

/* ---- sockets ------------------------------------------------------------------------------- */

static void c_tcp(struct shared *sh)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t al = sizeof(a);
	int s, c, acc;

	s = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	sh->v[0] = s;
	{
		int one = 1, err = -1;
		socklen_t el = sizeof(err);

		sh->v[10] = setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
		sh->v[11] = getsockopt(s, SOL_SOCKET, SO_ERROR, &err, &el);
	}
	sh->v[1] = bind(s, (struct sockaddr *)&a, sizeof(a));
	getsockname(s, (struct sockaddr *)&a, &al);
	sh->v[2] = ntohs(a.sin_port);
	sh->v[3] = listen(s, 7);
	c = socket(AF_INET, SOCK_STREAM, 0);
	sh->v[4] = c;
	sh->v[5] = connect(c, (struct sockaddr *)&a, sizeof(a));
	al = sizeof(a);
	getsockname(c, (struct sockaddr *)&a, &al);
	sh->v[6] = ntohs(a.sin_port);
	acc = accept4(s, NULL, NULL, SOCK_NONBLOCK);
	sh->v[7] = acc;
	sh->v[8] = sendto(c, "ping", 4, 0, NULL, 0);
	{
		char b[16];

		sh->v[9] = recvfrom(acc, b, sizeof(b), 0, NULL, NULL);
	}
}

static void check_tuple(const struct scap_evt_hdr *x, unsigned i, uint16_t sport, uint16_t dport)
{
	struct scap_param p[SCAP_MAX_EVENT_PARAMS];
	struct scap_sockaddr t;
	int n = scap_event_params(x, p, SCAP_MAX_EVENT_PARAMS);

	CHECK(n > (int)i);
	if (n <= (int)i)
		return;
	CHECK_EQ(scap_param_socktuple(&p[i], &t), 0);
	CHECK_EQ(t.family, SCAP_AF_INET);
	CHECK_EQ(ntohl(*(uint32_t *)t.sip), INADDR_LOOPBACK);
	CHECK_EQ(ntohl(*(uint32_t *)t.dip), INADDR_LOOPBACK);
	CHECK_EQ(t.sport, sport);
	CHECK_EQ(t.dport, dport);
}

static void check_sockaddr(const struct scap_evt_hdr *x, unsigned i, uint16_t port)
{
	struct scap_param p[SCAP_MAX_EVENT_PARAMS];
	struct scap_sockaddr a;
	int n = scap_event_params(x, p, SCAP_MAX_EVENT_PARAMS);

	CHECK(n > (int)i);
	if (n <= (int)i)
		return;
	CHECK_EQ(scap_param_sockaddr(&p[i], &a), 0);
	CHECK_EQ(a.family, SCAP_AF_INET);
	CHECK_EQ(ntohl(*(uint32_t *)a.sip), INADDR_LOOPBACK);
	CHECK_EQ(a.sport, port);
}

static void t_tcp(void)
{
	const struct scap_evt_hdr *x;
	uint16_t sport, cport;

	if (!run(c_tcp))
		return;
	sport = g_sh->v[2];
	cport = g_sh->v[6];
	x = X(SCAP_EVT_SOCKET_SOCKET_X);
	REQUIRE_EVT(x, "socket");
	CHECK_EQ(ps64(x, 0), g_sh->v[0]);
	CHECK_EQ(pu64(x, 1), SCAP_AF_INET);
	CHECK_EQ(pu64(x, 2), SOCK_STREAM | SOCK_CLOEXEC);
	CHECK_EQ(pu64(x, 3), 0);
	CHECK_EQ(pu64(x, 4), SCAP_O_CLOEXEC);
	x = X(SCAP_EVT_SOCKET_SETSOCKOPT_X);
	REQUIRE_EVT(x, "setsockopt");
	CHECK_EQ(ps64(x, 0), 0);
	CHECK_EQ(ps64(x, 1), g_sh->v[0]);
	CHECK_EQ(pu64(x, 2), SCAP_SOCKOPT_LEVEL_SOL_SOCKET);
	CHECK_EQ(pu64(x, 3), SCAP_SOCKOPT_SO_REUSEADDR);
	CHECK(plen(x, 4) == 5 && pdata(x, 4)[0] == SCAP_SOCKOPT_IDX_UINT32);
	if (plen(x, 4) == 5) {
		uint32_t v;

		memcpy(&v, pdata(x, 4) + 1, 4);
		CHECK_EQ(v, 1);
	}
	CHECK_EQ(pu64(x, 5), 4);
	x = X(SCAP_EVT_SOCKET_GETSOCKOPT_X);
	REQUIRE_EVT(x, "getsockopt");
	CHECK_EQ(ps64(x, 0), 0);
	CHECK_EQ(pu64(x, 3), SCAP_SOCKOPT_SO_ERROR);
	CHECK(plen(x, 4) == 9 && pdata(x, 4)[0] == SCAP_SOCKOPT_IDX_ERRNO);
	CHECK_EQ(pu64(x, 5), 4);
	{
		int64_t err = -1;

		CHECK_EQ(ps64(x, 1), g_sh->v[0]);
		CHECK_EQ(pu64(x, 2), SCAP_SOCKOPT_LEVEL_SOL_SOCKET);
		if (plen(x, 4) == 9)
			memcpy(&err, pdata(x, 4) + 1, sizeof(err));
		CHECK_EQ(err, 0); /* a fresh socket has no pending error */
	}
	x = X(SCAP_EVT_SOCKET_BIND_X);
	REQUIRE_EVT(x, "bind");
	CHECK_EQ(ps64(x, 0), 0);
	check_sockaddr(x, 1, 0);
	CHECK_EQ(ps64(x, 2), g_sh->v[0]);
	x = X(SCAP_EVT_SOCKET_LISTEN_X);
	REQUIRE_EVT(x, "listen");
	CHECK_EQ(ps64(x, 0), 0);
	CHECK_EQ(ps64(x, 1), g_sh->v[0]);
	CHECK_EQ(ps64(x, 2), 7);
	x = X(SCAP_EVT_SOCKET_CONNECT_E);
	REQUIRE_EVT(x, "connect enter");
	CHECK_EQ(ps64(x, 0), g_sh->v[4]);
	check_sockaddr(x, 1, sport);
	x = X(SCAP_EVT_SOCKET_CONNECT_X);
	REQUIRE_EVT(x, "connect exit");
	CHECK_EQ(ps64(x, 0), 0);
	check_tuple(x, 1, cport, sport);
	CHECK_EQ(ps64(x, 2), g_sh->v[4]);
	check_sockaddr(x, 3, sport);
	x = X(SCAP_EVT_SOCKET_ACCEPT4_6_X);
	REQUIRE_EVT(x, "accept4");
	CHECK_EQ(ps64(x, 0), g_sh->v[7]);
	check_tuple(x, 1, cport, sport);
	CHECK_EQ(pu64(x, 4), 7);
	CHECK_EQ(ps64(x, 5), SCAP_O_NONBLOCK);
	x = X(SCAP_EVT_SOCKET_SENDTO_X);
	REQUIRE_EVT(x, "sendto");
	CHECK_EQ(ps64(x, 0), 4);
	CHECK(plen(x, 1) == 4 && !memcmp(pdata(x, 1), "ping", 4));
	CHECK_EQ(ps64(x, 2), g_sh->v[4]);
	CHECK_EQ(pu64(x, 3), 4);
	check_tuple(x, 4, cport, sport);
	x = X(SCAP_EVT_SOCKET_RECVFROM_X);
	REQUIRE_EVT(x, "recvfrom");
	CHECK_EQ(ps64(x, 0), 4);
	CHECK(plen(x, 1) == 4 && !memcmp(pdata(x, 1), "ping", 4));
	check_tuple(x, 2, cport, sport);
	CHECK_EQ(ps64(x, 3), g_sh->v[7]);
	CHECK_EQ(pu64(x, 4), 16);
}

static void c_msg(struct shared *sh)
{
	int sv[2];
	char b[8];
	struct iovec iov = { (void *)"hello", 5 };
	struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1 };
	struct iovec riov = { b, sizeof(b) };
	struct msghdr rm = { .msg_iov = &riov, .msg_iovlen = 1 };

	sh->v[0] = socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
	sh->v[1] = sv[0];
	sh->v[2] = sv[1];
	sh->v[3] = sendmsg(sv[0], &m, 0);
	sh->v[4] = recvmsg(sv[1], &rm, 0);
	{
		/* three datagrams of different lengths: one event per message, each its own */
		static const char *const msgs[3] = { "one", "two!!", "three!!" };
		struct iovec mi[3], ri[3];
		struct mmsghdr mh[3], rh[3];
		char rb[3][16];
		int dv[2];

		memset(mh, 0, sizeof(mh));
		memset(rh, 0, sizeof(rh));
		for (int i = 0; i < 3; i++) {
			mi[i] = (struct iovec){ (void *)msgs[i], strlen(msgs[i]) };
			mh[i].msg_hdr.msg_iov = &mi[i];
			mh[i].msg_hdr.msg_iovlen = 1;
			ri[i] = (struct iovec){ rb[i], sizeof(rb[i]) };
			rh[i].msg_hdr.msg_iov = &ri[i];
			rh[i].msg_hdr.msg_iovlen = 1;
		}
		socketpair(AF_UNIX, SOCK_DGRAM, 0, dv);
		sh->v[7] = dv[0];
		sh->v[8] = dv[1];
		sh->v[5] = sendmmsg(dv[0], mh, 3, 0);
		sh->v[6] = recvmmsg(dv[1], rh, 3, 0, NULL);
		sh->v[9] = sendmmsg(-1, mh, 2, 0); /* a failed call: one event, res = -EBADF */
	}
	{
		/* a connection to an abstract unix listener, named without its leading NUL */
		struct sockaddr_un ua = { .sun_family = AF_UNIX };
		socklen_t ul;
		int l, c;

		snprintf(ua.sun_path + 1, sizeof(ua.sun_path) - 1, "syscap-abs-%d", getpid());
		ul = offsetof(struct sockaddr_un, sun_path) + 1 + strlen(ua.sun_path + 1);
		l = socket(AF_UNIX, SOCK_STREAM, 0);
		c = socket(AF_UNIX, SOCK_STREAM, 0);
		sh->v[11] = c;
		if (bind(l, (struct sockaddr *)&ua, ul) || listen(l, 1))
			return;
		sh->v[10] = connect(c, (struct sockaddr *)&ua, ul);
		sh->v[12] = accept4(l, NULL, NULL, 0);
	}
}

/* A unix tuple: family, the two socket addresses (first, second) and the path. */
static void check_unix_tuple(const struct scap_evt_hdr *x, unsigned i, uint64_t first,
			     uint64_t second, const char *path)
{
	size_t n = strlen(path) + 1;
	const uint8_t *d = pdata(x, i);
	uint64_t a, b;

	CHECK_EQ(plen(x, i), 17 + n);
	if (plen(x, i) != 17 + n)
		return;
	memcpy(&a, d + 1, 8);
	memcpy(&b, d + 9, 8);
	CHECK_EQ(d[0], SCAP_AF_UNIX);
	CHECK(a == first && b == second);
	CHECK(!memcmp(d + 17, path, n));
}

static void t_msg(void)
{
	const struct scap_evt_hdr *x;
	uint64_t sk0, sk1;
	char abs[64];

	if (!run(c_msg))
		return;
	x = X(SCAP_EVT_SOCKET_SOCKETPAIR_X);
	REQUIRE_EVT(x, "socketpair");
	CHECK_EQ(ps64(x, 0), 0);
	CHECK_EQ(ps64(x, 1), g_sh->v[1]);
	CHECK_EQ(ps64(x, 2), g_sh->v[2]);
	CHECK(pu64(x, 3) != 0);
	CHECK(pu64(x, 4) != 0 && pu64(x, 4) != pu64(x, 3));
	sk0 = pu64(x, 3); /* the socket of sv[0] */
	sk1 = pu64(x, 4); /* its peer, sv[1]'s */
	CHECK_EQ(pu64(x, 5), SCAP_AF_UNIX);
	CHECK_EQ(pu64(x, 6), SOCK_STREAM);
	x = X(SCAP_EVT_SOCKET_SENDMSG_X);
	REQUIRE_EVT(x, "sendmsg");
	CHECK_EQ(ps64(x, 0), 5);
	CHECK(plen(x, 1) == 5 && !memcmp(pdata(x, 1), "hello", 5));
	CHECK_EQ(ps64(x, 2), g_sh->v[1]);
	CHECK_EQ(pu64(x, 3), 5);
	check_unix_tuple(x, 4, sk1, sk0, ""); /* sent: peer -> us, as the reference */
	x = X(SCAP_EVT_SOCKET_RECVMSG_X);
	REQUIRE_EVT(x, "recvmsg");
	CHECK_EQ(ps64(x, 0), 5);
	CHECK_EQ(pu64(x, 1), 5);
	CHECK(plen(x, 2) == 5 && !memcmp(pdata(x, 2), "hello", 5));
	check_unix_tuple(x, 3, sk1, sk0, ""); /* received on sv[1]: us -> peer */
	CHECK_EQ(ps64(x, 5), g_sh->v[2]);
	CHECK_EQ(g_sh->v[5], 3);
	CHECK_EQ(g_sh->v[6], 3);
	for (int i = 0; i < 3; i++) {
		static const char *const msgs[3] = { "one", "two!!", "three!!" };
		size_t len = strlen(msgs[i]);

		x = XF(SCAP_EVT_SOCKET_SENDMMSG_X, 1, g_sh->v[7], i);
		REQUIRE_EVT(x, "sendmmsg (one per message)");
		CHECK_EQ(ps64(x, 0), len); /* this message's length */
		CHECK_EQ(pu64(x, 2), len);
		CHECK(plen(x, 3) == len && !memcmp(pdata(x, 3), msgs[i], len));
		x = XF(SCAP_EVT_SOCKET_RECVMMSG_X, 1, g_sh->v[8], i);
		REQUIRE_EVT(x, "recvmmsg (one per message)");
		CHECK_EQ(ps64(x, 0), len);
		CHECK_EQ(pu64(x, 2), len);
		CHECK(plen(x, 3) == len && !memcmp(pdata(x, 3), msgs[i], len));
		CHECK_EQ(plen(x, 5), 0); /* no msg_control given */
	}
	CHECK(!XF(SCAP_EVT_SOCKET_SENDMMSG_X, 1, g_sh->v[7], 3)); /* exactly three */
	CHECK(!XF(SCAP_EVT_SOCKET_RECVMMSG_X, 1, g_sh->v[8], 3));
	CHECK_EQ(g_sh->v[9], -1);
	x = XF(SCAP_EVT_SOCKET_SENDMMSG_X, 1, -1, 0);
	REQUIRE_EVT(x, "failed sendmmsg");
	CHECK_EQ(ps64(x, 0), -EBADF);
	CHECK_EQ(pu64(x, 2), 0);
	CHECK_EQ(plen(x, 3), 0);
	CHECK(!XF(SCAP_EVT_SOCKET_SENDMMSG_X, 1, -1, 1));

	/* the abstract listener: its name without the NUL in the address and in both tuples,
	 * which name the same two sockets (connect: peer -> us; accept: us -> peer) */
	snprintf(abs, sizeof(abs), "syscap-abs-%d", (int)g_pid);
	CHECK_EQ(g_sh->v[10], 0);
	CHECK(g_sh->v[12] >= 0);
	x = XF(SCAP_EVT_SOCKET_CONNECT_E, 0, g_sh->v[11], 0);
	REQUIRE_EVT(x, "connect enter (abstract unix)");
	CHECK(plen(x, 1) == 2 + strlen(abs) && pdata(x, 1)[0] == SCAP_AF_UNIX &&
	      !memcmp(pdata(x, 1) + 1, abs, strlen(abs) + 1));
	x = XF(SCAP_EVT_SOCKET_ACCEPT4_6_X, 0, g_sh->v[12], 0);
	REQUIRE_EVT(x, "accept4 (abstract unix)");
	CHECK_EQ(plen(x, 1), 17 + strlen(abs) + 1);
	if (plen(x, 1) == 17 + strlen(abs) + 1) {
		const uint8_t *t = pdata(x, 1);
		uint64_t us, peer;

		memcpy(&us, t + 1, 8);
		memcpy(&peer, t + 9, 8);
		CHECK(us && peer && us != peer);
		check_unix_tuple(x, 1, us, peer, abs);
		x = XF(SCAP_EVT_SOCKET_CONNECT_X, 2, g_sh->v[11], 0);
		REQUIRE_EVT(x, "connect exit (abstract unix)");
		CHECK_EQ(ps64(x, 0), 0);
		check_unix_tuple(x, 1, us, peer, abs);
	}
}

/* ---- files and directories ------------------------------------------------------------------ */

static void c_dirs(struct shared *sh)
{
	int dfd = open(g_dir, O_RDONLY | O_DIRECTORY);

	sh->v[15] = dfd;
	path_in_dir(sh->s[0], sizeof(sh->s[0]), "d1");
	path_in_dir(sh->s[1], sizeof(sh->s[1]), "d2");
	sh->v[0] = syscall(SYS_mkdir, sh->s[0], 0750);
	sh->v[1] = mkdirat(dfd, "d3", 0700);
	sh->v[2] = syscall(SYS_rename, sh->s[0], sh->s[1]);
	sh->v[3] = renameat(dfd, "d3", dfd, "d4");
	sh->v[4] = syscall(SYS_renameat2, dfd, "d4", dfd, "d5", RENAME_NOREPLACE);
	sh->v[5] = syscall(SYS_rmdir, sh->s[1]);
	sh->v[6] = unlinkat(dfd, "d5", AT_REMOVEDIR);
	path_in_dir(sh->s[2], sizeof(sh->s[2]), "creat");
	sh->v[7] = syscall(SYS_unlink, sh->s[2]);
	sh->v[8] = syscall(SYS_chdir, g_dir);
	sh->v[9] = fchdir(dfd);
}

static void t_dirs(void)
{
	const struct scap_evt_hdr *x;

	if (!run(c_dirs))
		return;
	x = X(SCAP_EVT_SYSCALL_MKDIR_2_X);
	REQUIRE_EVT(x, "mkdir");
	CHECK_EQ(ps64(x, 0), 0);
	CHECK_STR(pstr(x, 1), g_sh->s[0]);
	CHECK_EQ(pu64(x, 2), 0750);
	x = X(SCAP_EVT_SYSCALL_MKDIRAT_X);
	REQUIRE_EVT(x, "mkdirat");
	CHECK_EQ(ps64(x, 0), 0);
	CHECK_EQ(ps64(x, 1), g_sh->v[15]);
	CHECK_STR(pstr(x, 2), "d3");
	CHECK_EQ(pu64(x, 3), 0700);
	x = X(SCAP_EVT_SYSCALL_RENAME_X);
	REQUIRE_EVT(x, "rename");
	CHECK_EQ(ps64(x, 0), 0);
	CHECK_STR(pstr(x, 1), g_sh->s[0]);
	CHECK_STR(pstr(x, 2), g_sh->s[1]);
	x = X(SCAP_EVT_SYSCALL_RENAMEAT_X);
	REQUIRE_EVT(x, "renameat");
	CHECK_EQ(ps64(x, 0), 0);
	CHECK_EQ(ps64(x, 1), g_sh->v[15]);
	CHECK_STR(pstr(x, 2), "d3");
	CHECK_EQ(ps64(x, 3), g_sh->v[15]);
	CHECK_STR(pstr(x, 4), "d4");
	x = X(SCAP_EVT_SYSCALL_RENAMEAT2_X);
	REQUIRE_EVT(x, "renameat2");
	CHECK_EQ(ps64(x, 0), 0);
	CHECK_STR(pstr(x, 2), "d4");
	CHECK_STR(pstr(x, 4), "d5");
	CHECK_EQ(pu64(x, 5), SCAP_RENAME_NOREPLACE);
	x = X(SCAP_EVT_SYSCALL_RMDIR_2_X);
	REQUIRE_EVT(x, "rmdir");
	CHECK_EQ(ps64(x, 0), 0);
	CHECK_STR(pstr(x, 1), g_sh->s[1]);
	x = X(SCAP_EVT_SYSCALL_UNLINKAT_2_X);
	REQUIRE_EVT(x, "unlinkat");
	CHECK_EQ(ps64(x, 0), 0);
	CHECK_EQ(ps64(x, 1), g_sh->v[15]);
	CHECK_STR(pstr(x, 2), "d5");
	CHECK_EQ(pu64(x, 3), SCAP_AT_REMOVEDIR);
	x = X(SCAP_EVT_SYSCALL_UNLINK_2_X);
	REQUIRE_EVT(x, "unlink");
	CHECK_EQ(ps64(x, 0), g_sh->v[7]);
	CHECK_STR(pstr(x, 1), g_sh->s[2]);
	x = X(SCAP_EVT_SYSCALL_CHDIR_X);
	REQUIRE_EVT(x, "chdir");
	CHECK_EQ(ps64(x, 0), 0);
	CHECK_STR(pstr(x, 1), g_dir);
	x = X(SCAP_EVT_SYSCALL_FCHDIR_X);
	REQUIRE_EVT(x, "fchdir");
	CHECK_EQ(ps64(x, 0), 0);
	CHECK_EQ(ps64(x, 1), g_sh->v[15]);
}

static void c_mount(struct shared *sh)
{
	sh->v[0] = mount("none", "/nonexistent/syscap-mnt", "tmpfs", MS_NOSUID | MS_NODEV, NULL);
	sh->v[1] = -errno;
	sh->v[2] = umount2("/nonexistent/syscap-mnt", MNT_DETACH);
	sh->v[3] = -errno;
}

static void t_mount(void)
{
	const struct scap_evt_hdr *x;

	if (!run(c_mount))
		return;
	x = X(SCAP_EVT_SYSCALL_MOUNT_X);
	REQUIRE_EVT(x, "mount");
	CHECK_EQ(ps64(x, 0), g_sh->v[1]);
	CHECK_STR(pstr(x, 1), "none");
	CHECK_STR(pstr(x, 2), "/nonexistent/syscap-mnt");
	CHECK_STR(pstr(x, 3), "tmpfs");
	CHECK_EQ(pu64(x, 4), MS_NOSUID | MS_NODEV);
	x = X(SCAP_EVT_SYSCALL_UMOUNT2_X);
	REQUIRE_EVT(x, "umount2");
	CHECK_EQ(ps64(x, 0), g_sh->v[3]);
	CHECK_STR(pstr(x, 1), "/nonexistent/syscap-mnt");
	CHECK_EQ(pu64(x, 2), SCAP_MNT_DETACH);
}

/* ---- memory --------------------------------------------------------------------------------- */

static void c_mmap(struct shared *sh)
{
	void *p = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	sh->v[0] = (int64_t)(uintptr_t)p;
	sh->v[1] = munmap(p, 8192);
}

static void t_mmap(void)
{
	const struct scap_evt_hdr *x = NULL;

	if (!run(c_mmap))
		return;
	/* the child's own mmap: the one that returned its address */
	x = NULL;
	for (int i = 0;; i++) {
		const struct scap_evt_hdr *y = find_evt(&g_c, SCAP_EVT_SYSCALL_MMAP_X, g_pid, i);

		if (!y)
			break;
		if (ps64(y, 0) == g_sh->v[0])
			x = y;
	}
	REQUIRE_EVT(x, "mmap");
	CHECK(pu64(x, 1) > 0); /* vm_size */
	CHECK_EQ(pu64(x, 4), 0);
	CHECK_EQ(pu64(x, 5), 8192);
	CHECK_EQ(pu64(x, 6), SCAP_PROT_READ | SCAP_PROT_WRITE);
	CHECK_EQ(pu64(x, 7), SCAP_MAP_PRIVATE | SCAP_MAP_ANONYMOUS);
	CHECK_EQ(ps64(x, 8), -1);
	CHECK_EQ(pu64(x, 9), 0);
	x = X(SCAP_EVT_SYSCALL_MUNMAP_X);
	REQUIRE_EVT(x, "munmap");
	CHECK_EQ(ps64(x, 0), 0);
	CHECK_EQ(pu64(x, 4), (uint64_t)g_sh->v[0]);
	CHECK_EQ(pu64(x, 5), 8192);
}

/* ---- processes ------------------------------------------------------------------------------ */

static void c_ids(struct shared *sh)
{
	sh->v[0] = setuid(getuid());
	sh->v[1] = setgid(getgid());
	sh->v[2] = setresuid(-1, -1, -1);
	sh->v[3] = setresgid(-1, -1, -1);
	sh->v[4] = kill(getpid(), 0);
	sh->v[5] = syscall(SYS_tkill, gettid(), 0);
	sh->v[6] = syscall(SYS_tgkill, getpid(), gettid(), 0);
	sh->v[7] = syscall(SYS_ptrace, PTRACE_PEEKDATA, 999999999, 0x1000, 0);
	sh->v[8] = -errno;
	sh->v[9] = prctl(PR_SET_NAME, "syscap-tname", 0, 0, 0);
	sh->v[10] = syscall(SYS_getppid);
	sh->v[11] = getuid();
	sh->v[12] = getgid();
}

static void t_ids(void)
{
	const struct scap_evt_hdr *x;
	bool seen = false;

	if (!run(c_ids))
		return;
	x = X(SCAP_EVT_SYSCALL_SETUID_X);
	REQUIRE_EVT(x, "setuid");
	CHECK_EQ(ps64(x, 0), 0);
	CHECK_EQ(pu64(x, 1), g_sh->v[11]);
	x = X(SCAP_EVT_SYSCALL_SETGID_X);
	REQUIRE_EVT(x, "setgid");
	CHECK_EQ(pu64(x, 1), g_sh->v[12]);
	x = X(SCAP_EVT_SYSCALL_SETRESUID_X);
	REQUIRE_EVT(x, "setresuid");
	CHECK_EQ(ps64(x, 0), 0);
	CHECK_EQ(pu64(x, 1), 0xffffffffu);
	CHECK_EQ(pu64(x, 2), 0xffffffffu);
	CHECK_EQ(pu64(x, 3), 0xffffffffu);
	x = X(SCAP_EVT_SYSCALL_SETRESGID_X);
	REQUIRE_EVT(x, "setresgid");
	CHECK_EQ(pu64(x, 1), 0xffffffffu);
	x = X(SCAP_EVT_SYSCALL_KILL_X);
	REQUIRE_EVT(x, "kill");
	CHECK_EQ(ps64(x, 0), 0);
	CHECK_EQ(ps64(x, 1), g_pid);
	CHECK_EQ(pu64(x, 2), 0);
	x = X(SCAP_EVT_SYSCALL_TKILL_X);
	REQUIRE_EVT(x, "tkill");
	CHECK_EQ(ps64(x, 1), g_pid);
	x = X(SCAP_EVT_SYSCALL_TGKILL_X);
	REQUIRE_EVT(x, "tgkill");
	CHECK_EQ(ps64(x, 1), g_pid);
	CHECK_EQ(ps64(x, 2), g_pid);
	CHECK_EQ(pu64(x, 3), 0);
	x = X(SCAP_EVT_SYSCALL_PTRACE_X);
	REQUIRE_EVT(x, "ptrace");
	CHECK_EQ(ps64(x, 0), g_sh->v[8]);
	CHECK_EQ(plen(x, 1), 9);
	CHECK_EQ(pu64(x, 3), SCAP_PTRACE_PEEKDATA);
	CHECK_EQ(ps64(x, 4), 999999999);
	x = X(SCAP_EVT_SYSCALL_PRCTL_X);
	REQUIRE_EVT(x, "prctl");
	CHECK_EQ(ps64(x, 0), 0);
	CHECK_EQ(pu64(x, 1), PR_SET_NAME);
	CHECK_STR(pstr(x, 2), "syscap-tname");
	for (int i = 0;; i++) {
		x = find_evt(&g_c, SCAP_EVT_GENERIC_X, g_pid, i);
		if (!x)
			break;
		if (pu64(x, 0) == SCAP_SC_GETPPID) {
			CHECK_EQ(pu64(x, 1), SYS_getppid);
			seen = true;
		}
	}
	CHECK(seen); /* getppid has no dedicated event: generic with its ppm_sc and native id */
}

static void c_fork(struct shared *sh)
{
	pid_t c = syscall(SYS_fork);

	if (c == 0)
		_exit(3);
	sh->tids[0] = c;
	sh->v[0] = c;
	waitpid(c, NULL, 0);
	sh->v[1] = getppid();
}

static void t_fork(void)
{
	const struct scap_evt_hdr *x;
	char cwd[256];

	if (!run(c_fork))
		return;
	if (!getcwd(cwd, sizeof(cwd)))
		cwd[0] = 0;
	x = X(SCAP_EVT_SYSCALL_FORK_20_X);
	REQUIRE_EVT(x, "fork (parent)");
	CHECK_EQ(ps64(x, 0), g_sh->v[0]);
	CHECK_EQ(ps64(x, 3), g_pid);
	CHECK_EQ(ps64(x, 4), g_pid);
	CHECK_EQ(ps64(x, 5), g_sh->v[1]);
	CHECK_STR(pstr(x, 6), cwd);
	CHECK_STR(pstr(x, 13), g_comm);
	CHECK_EQ(pu64(x, 16), geteuid());
	x = find_evt(&g_c, SCAP_EVT_SYSCALL_FORK_20_X, g_sh->v[0], 0);
	REQUIRE_EVT(x, "fork (child)");
	CHECK_EQ(ps64(x, 0), 0);
	CHECK_EQ(ps64(x, 3), g_sh->v[0]);
	CHECK_EQ(ps64(x, 4), g_sh->v[0]);
	CHECK_EQ(ps64(x, 5), g_pid);
	CHECK_EQ(ps64(x, 18), g_sh->v[0]); /* vtid: same namespace */
	x = find_evt(&g_c, SCAP_EVT_PROCEXIT_1_E, g_sh->v[0], 0);
	REQUIRE_EVT(x, "grandchild procexit");
	CHECK_EQ(ps64(x, 0), 3 << 8);
	CHECK_EQ(ps64(x, 1), 3);
	CHECK_EQ(pu64(x, 2), 0);
}

static void c_clone(struct shared *sh)
{
	pid_t c = syscall(SYS_clone, SIGCHLD | CLONE_FS, 0, NULL, NULL, 0);

	if (c == 0)
		_exit(0);
	sh->tids[0] = c;
	sh->v[0] = c;
	waitpid(c, NULL, 0);
}

static void t_clone(void)
{
	const struct scap_evt_hdr *x;

	if (!run(c_clone))
		return;
	x = X(SCAP_EVT_SYSCALL_CLONE_20_X);
	REQUIRE_EVT(x, "clone (parent)");
	CHECK_EQ(ps64(x, 0), g_sh->v[0]);
	CHECK_EQ(pu64(x, 15), SCAP_CL_CLONE_FS);
	x = find_evt(&g_c, SCAP_EVT_SYSCALL_CLONE_20_X, g_sh->v[0], 0);
	REQUIRE_EVT(x, "clone (child)");
	CHECK_EQ(ps64(x, 0), 0);
	CHECK_EQ(ps64(x, 5), g_pid);
	CHECK_EQ(pu64(x, 15), SCAP_CL_CLONE_FS);
}

bool cgroup_matches(const char *proc, const char *name, size_t nlen, const char *path)
{
	char buf[256], *save = NULL, *line;
	const char *v2 = NULL;

	snprintf(buf, sizeof(buf), "%s", proc);
	for (line = strtok_r(buf, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char *c1 = strchr(line, ':'), *c2 = c1 ? strchr(c1 + 1, ':') : NULL;
		char *ctl, *sv = NULL;

		if (!c2)
			continue;
		*c2 = 0;
		if (c1[1] == 0) {
			v2 = c2 + 1;
			continue;
		}
		for (ctl = strtok_r(c1 + 1, ",", &sv); ctl; ctl = strtok_r(NULL, ",", &sv))
			if (strlen(ctl) == nlen && !strncmp(ctl, name, nlen))
				return !strcmp(path, c2 + 1);
	}
	if (!v2)
		return false;
	return !strcmp(path, "/") || (!strncmp(v2, path, strlen(path)) &&
				      (v2[strlen(path)] == 0 || v2[strlen(path)] == '/'));
}

/* Whether /proc/filesystems lists fs (built in or loaded). */
static bool has_filesystem(const char *fs)
{
	char line[128], *name;
	bool found = false;
	FILE *f = fopen("/proc/filesystems", "r");

	while (f && !found && fgets(line, sizeof(line), f)) {
		name = strrchr(line, '\t');
		name = name ? name + 1 : line;
		name[strcspn(name, "\n")] = 0;
		found = !strcmp(name, fs);
	}
	if (f)
		fclose(f);
	return found;
}

static bool on_overlay(const char *path)
{
	struct statfs fs;

	return !statfs(path, &fs) && (unsigned long)fs.f_type == OVERLAYFS_SUPER_MAGIC;
}

/* Copies the file at path into fd; 0 or -errno. */
static int copy_into(int fd, const char *path)
{
	char buf[65536];
	int in = open(path, O_RDONLY);
	ssize_t n;

	if (in < 0)
		return -errno;
	while ((n = read(in, buf, sizeof(buf))) > 0)
		if (write(fd, buf, n) != n)
			break;
	close(in);
	return n ? -EIO : 0;
}

/*
 * A failed exec never reads its argv and envp, and the probe reads user memory without faulting
 * it in (as the reference's does): touch the strings so that their pages are mapped in this
 * child and the event's values do not depend on where the linker put them.
 */
static void touch_strings(char *const v[])
{
	volatile size_t n = 0;

	for (; *v; v++)
		n += strlen(*v);
	(void)n;
}

static void c_exec(struct shared *sh)
{
	char *argv[] = { "true", "a1", "b2", NULL };
	char *envp[] = { "SYSCAP_T=1", NULL };
	char *nx_argv[] = { "nx-exe", "f1", "f22", NULL };
	char *nx_envp[] = { "SYSCAP_F=1", "B=2", NULL };

	/* this process's cgroups, to check the cgroups parameter against */
	{
		int fd = open("/proc/self/cgroup", O_RDONLY);
		ssize_t n = fd >= 0 ? read(fd, sh->s[1], sizeof(sh->s[1]) - 1) : -1;

		sh->s[1][n > 0 ? n : 0] = 0;
		if (fd >= 0)
			close(fd);
	}
	touch_strings(nx_argv);
	touch_strings(nx_envp);
	sh->v[0] = execve("/nonexistent/syscap-exe", nx_argv, nx_envp);
	sh->v[1] = -errno;
	execve("/bin/true", argv, envp);
	_exit(99);
}

static void t_exec(void)
{
	const struct scap_evt_hdr *x;
	char real[256];
	struct stat st;

	if (!run(c_exec))
		return;
	if (!realpath("/bin/true", real))
		snprintf(real, sizeof(real), "/bin/true");
	stat("/bin/true", &st);
	x = X(SCAP_EVT_SYSCALL_EXECVE_19_X);
	REQUIRE_EVT(x, "failed execve");
	CHECK_EQ(ps64(x, 0), g_sh->v[1]);
	CHECK_STR(pstr(x, 30), "/nonexistent/syscap-exe");
	/* a failed exec reports the argv and envp it was given, the caller's process data */
	CHECK_STR(pstr(x, 1), "nx-exe");
	CHECK_EQ(plen(x, 2), 7);
	CHECK(plen(x, 2) == 7 && !memcmp(pdata(x, 2), "f1\0f22\0", 7));
	CHECK(plen(x, 15) == 15 && !memcmp(pdata(x, 15), "SYSCAP_F=1\0B=2\0", 15));
	CHECK_EQ(ps64(x, 3), g_pid);
	CHECK_STR(pstr(x, 13), g_comm);
	x = find_evt(&g_c, SCAP_EVT_SYSCALL_EXECVE_19_X, g_pid, 1);
	REQUIRE_EVT(x, "successful execve");
	CHECK_EQ(ps64(x, 0), 0);
	CHECK_STR(pstr(x, 1), "true");
	CHECK(plen(x, 2) == 6 && !memcmp(pdata(x, 2), "a1\0b2\0", 6));
	CHECK_EQ(ps64(x, 3), g_pid);
	CHECK_EQ(ps64(x, 4), g_pid);
	CHECK_STR(pstr(x, 13), "true");
	CHECK(plen(x, 15) == 11 && !memcmp(pdata(x, 15), "SYSCAP_T=1\0", 11));
	CHECK_EQ(pu64(x, 19) & (SCAP_EXE_FROM_MEMFD | SCAP_EXE_UPPER_LAYER | SCAP_EXE_LOWER_LAYER),
		 on_overlay("/bin/true") ? (pu64(x, 19) & SCAP_EXE_UPPER_LAYER ?
						    SCAP_EXE_UPPER_LAYER : SCAP_EXE_LOWER_LAYER) : 0);
	CHECK_EQ(pu64(x, 23), st.st_ino);
	CHECK_EQ(pu64(x, 26), geteuid());
	CHECK_STR(pstr(x, 27), real);
	CHECK_EQ(pu64(x, 29), getegid());
	CHECK_STR(pstr(x, 30), "/bin/true");
	/* cgroups: "subsys=path" entries matching /proc/<pid>/cgroup: the v1 line naming that
	 * controller, else (cgroup v2) the process's cgroup or an ancestor of it */
	if (g_sh->s[1][0]) {
		struct scap_param pp[SCAP_MAX_EVENT_PARAMS];
		const char *c = NULL;
		int entries = 0;

		scap_event_params(x, pp, SCAP_MAX_EVENT_PARAMS);
		while ((c = scap_param_next_string(&pp[14], c))) {
			const char *eq = strchr(c, '=');

			CHECK(eq != NULL);
			if (!eq)
				break;
			CHECK(cgroup_matches(g_sh->s[1], c, eq - c, eq + 1));
			entries++;
		}
		CHECK(entries >= 1);
	}
	x = X(SCAP_EVT_PROCEXIT_1_E);
	REQUIRE_EVT(x, "procexit");
	CHECK_EQ(ps64(x, 0), 0);
}

static void c_exec_memfd(struct shared *sh)
{
	char *argv[] = { "true", NULL };
	char *nx_argv[] = { "nx-at", "g1", NULL };
	char *nx_envp[] = { "SYSCAP_G=1", NULL };
	int mfd;

	touch_strings(nx_argv);
	touch_strings(nx_envp);
	sh->v[0] = syscall(SYS_execveat, AT_FDCWD, "/nonexistent/syscap-at", nx_argv, nx_envp, 0);
	sh->v[1] = -errno;
	mfd = memfd_create("syscap-exe", 0);
	if (mfd < 0 || copy_into(mfd, "/bin/true"))
		_exit(98);
	syscall(SYS_execveat, mfd, "", argv, nx_envp, AT_EMPTY_PATH);
	_exit(99);
}

/* execveat failing (what it was given) and an exec from a memfd (flags say so). */
static void t_exec_memfd(void)
{
	const struct scap_evt_hdr *x;

	if (!run(c_exec_memfd))
		return;
	x = X(SCAP_EVT_SYSCALL_EXECVEAT_X);
	REQUIRE_EVT(x, "failed execveat");
	CHECK_EQ(ps64(x, 0), g_sh->v[1]);
	CHECK_STR(pstr(x, 1), "nx-at");
	CHECK(plen(x, 2) == 3 && !memcmp(pdata(x, 2), "g1\0", 3));
	CHECK(plen(x, 15) == 11 && !memcmp(pdata(x, 15), "SYSCAP_G=1\0", 11));
	CHECK_EQ(ps64(x, 3), g_pid);
	x = X(SCAP_EVT_SYSCALL_EXECVE_19_X);
	REQUIRE_EVT(x, "exec of a memfd");
	CHECK_EQ(ps64(x, 0), 0);
	CHECK_EQ(pu64(x, 19) & (SCAP_EXE_FROM_MEMFD | SCAP_EXE_UPPER_LAYER | SCAP_EXE_LOWER_LAYER),
		 SCAP_EXE_FROM_MEMFD);
	x = X(SCAP_EVT_PROCEXIT_1_E);
	REQUIRE_EVT(x, "procexit");
	CHECK_EQ(ps64(x, 0), 0);
}

static int g_ov_upper; /* which copy c_exec_overlay runs: 0 lower layer, 1 upper layer */

static void c_exec_overlay(struct shared *sh)
{
	char *argv[] = { "true", NULL };
	char path[256];

	(void)sh;
	snprintf(path, sizeof(path), "%s/ov/merged/%s", g_dir, g_ov_upper ? "up-true" : "low-true");
	execve(path, argv, argv + 1);
	_exit(99);
}

/*
 * An overlayfs at g_dir/ov/merged over a tmpfs (the upper layer cannot itself live on an overlay,
 * a container's /): low-true only in the lower layer, up-true written through the overlay (upper).
 * false with g_skip or g_fail set when it cannot be built.
 */
static bool ov_setup(void)
{
	char d[200], opts[700], p[256];
	int fd;

	if (!has_filesystem("overlay")) {
		snprintf(g_skip, sizeof(g_skip), "this kernel has no overlayfs (/proc/filesystems)");
		return false;
	}
	snprintf(d, sizeof(d), "%s/ov", g_dir);
	mkdir(d, 0755);
	if (mount("syscap-ov", d, "tmpfs", 0, NULL)) {
		snprintf(g_fail, sizeof(g_fail), "tmpfs mount on %s: %s", d, strerror(errno));
		return false;
	}
	for (const char *sub = "lower\0upper\0work\0merged\0"; *sub; sub += strlen(sub) + 1) {
		snprintf(p, sizeof(p), "%s/%s", d, sub);
		mkdir(p, 0755);
	}
	snprintf(p, sizeof(p), "%s/lower/low-true", d);
	fd = open(p, O_WRONLY | O_CREAT, 0755);
	CHECK(fd >= 0 && !copy_into(fd, "/bin/true"));
	close(fd);
	snprintf(opts, sizeof(opts), "lowerdir=%s/lower,upperdir=%s/upper,workdir=%s/work", d, d, d);
	snprintf(p, sizeof(p), "%s/merged", d);
	if (mount("syscap-ov", p, "overlay", 0, opts)) {
		snprintf(g_fail, sizeof(g_fail), "overlay mount: %s", strerror(errno));
		umount2(d, MNT_DETACH);
		return false;
	}
	snprintf(p, sizeof(p), "%s/merged/up-true", d);
	fd = open(p, O_WRONLY | O_CREAT, 0755);
	CHECK(fd >= 0 && !copy_into(fd, "/bin/true"));
	close(fd);
	return true;
}

static void ov_teardown(void)
{
	char p[256];

	snprintf(p, sizeof(p), "%s/ov/merged", g_dir);
	umount2(p, MNT_DETACH);
	snprintf(p, sizeof(p), "%s/ov", g_dir);
	umount2(p, MNT_DETACH);
}

/* Execs from an overlayfs: a file only in the lower layer, then one in the upper layer. */
static void t_exec_overlay(void)
{
	if (!ov_setup())
		return;
	for (g_ov_upper = 0; g_ov_upper < 2 && !g_fail[0]; g_ov_upper++) {
		const struct scap_evt_hdr *x;

		if (!run(c_exec_overlay))
			break;
		x = X(SCAP_EVT_SYSCALL_EXECVE_19_X);
		if (!x) {
			snprintf(g_fail, sizeof(g_fail), "no execve event (%s layer)",
				 g_ov_upper ? "upper" : "lower");
			break;
		}
		CHECK_EQ(ps64(x, 0), 0);
		CHECK_EQ(pu64(x, 19) & (SCAP_EXE_FROM_MEMFD | SCAP_EXE_UPPER_LAYER |
					SCAP_EXE_LOWER_LAYER),
			 g_ov_upper ? SCAP_EXE_UPPER_LAYER : SCAP_EXE_LOWER_LAYER);
	}
	ov_teardown();
}

static void c_open_overlay(struct shared *sh)
{
	char m[200];

	snprintf(m, sizeof(m), "%s/ov/merged", g_dir);
	snprintf(sh->s[0], sizeof(sh->s[0]), "%s/low-true", m);
	snprintf(sh->s[1], sizeof(sh->s[1]), "%s/up-true", m);
	snprintf(sh->s[2], sizeof(sh->s[2]), "%s/created", m);
	sh->v[0] = syscall(SYS_openat, AT_FDCWD, sh->s[0], O_RDONLY);
	sh->v[1] = syscall(SYS_open, sh->s[1], O_RDONLY);
	sh->v[2] = syscall(SYS_creat, sh->s[2], 0600);
	/* opening the lower file for writing copies it up first: upper */
	sh->v[3] = syscall(SYS_openat, AT_FDCWD, sh->s[0], O_WRONLY);
	/* and a file outside the overlay has no layer bit */
	sh->v[4] = syscall(SYS_openat, AT_FDCWD, "/proc/self/stat", O_RDONLY);
}

/* The open family's layer bits: SCAP_FD_{UPPER,LOWER}_LAYER in flags, creat's creat_flags. */
static void check_open_overlay(void)
{
	const struct scap_evt_hdr *x;

	if (!run(c_open_overlay))
		return;
	CHECK(g_sh->v[0] >= 0 && g_sh->v[1] >= 0 && g_sh->v[2] >= 0 && g_sh->v[3] >= 0 &&
	      g_sh->v[4] >= 0);
	x = XF(SCAP_EVT_SYSCALL_OPENAT_2_X, 0, g_sh->v[0], 0);
	REQUIRE_EVT(x, "openat of the lower file");
	CHECK_STR(pstr(x, 2), g_sh->s[0]);
	CHECK_EQ(pu64(x, 3), SCAP_O_RDONLY | SCAP_FD_LOWER_LAYER);
	x = XF(SCAP_EVT_SYSCALL_OPEN_X, 0, g_sh->v[1], 0);
	REQUIRE_EVT(x, "open of the upper file");
	CHECK_STR(pstr(x, 1), g_sh->s[1]);
	CHECK_EQ(pu64(x, 2), SCAP_O_RDONLY | SCAP_FD_UPPER_LAYER);
	x = XF(SCAP_EVT_SYSCALL_CREAT_X, 0, g_sh->v[2], 0);
	REQUIRE_EVT(x, "creat on the overlay");
	CHECK_STR(pstr(x, 1), g_sh->s[2]);
	CHECK_EQ(pu64(x, 5), SCAP_FD_UPPER_LAYER_CREAT);
	x = XF(SCAP_EVT_SYSCALL_OPENAT_2_X, 0, g_sh->v[3], 0);
	REQUIRE_EVT(x, "openat for writing of the lower file (copied up)");
	CHECK_EQ(pu64(x, 3), SCAP_O_WRONLY | SCAP_FD_UPPER_LAYER);
	x = XF(SCAP_EVT_SYSCALL_OPENAT_2_X, 0, g_sh->v[4], 0);
	REQUIRE_EVT(x, "openat outside the overlay");
	CHECK_EQ(pu64(x, 3), SCAP_O_RDONLY);
}

static void t_open_overlay(void)
{
	if (!ov_setup())
		return;
	check_open_overlay();
	ov_teardown();
}

static void c_killed(struct shared *sh)
{
	raise(SIGKILL);
}

static void t_procexit_signal(void)
{
	const struct scap_evt_hdr *x;

	if (!run(c_killed))
		return;
	x = X(SCAP_EVT_PROCEXIT_1_E);
	REQUIRE_EVT(x, "procexit");
	CHECK_EQ(ps64(x, 0), SIGKILL);
	CHECK_EQ(ps64(x, 1), 0);
	CHECK_EQ(pu64(x, 2), SIGKILL);
	CHECK_EQ(pu64(x, 3), 0);
}

/* Who adopts the children of an exiting task (procexit reaper_tid): three cases. */
static int g_reaper_mode; /* 0: init (or a subreaper above the suite), 1: subreaper, 2: thread */

/* A grandchild that records its parent once it has been orphaned (v[2]), at most 5 s. */
static void orphan_child(struct shared *sh, pid_t parent)
{
	for (int i = 0; i < 5000 && getppid() == parent; i++)
		usleep(1000);
	sh->v[2] = getppid();
	_exit(0);
}

static void *reaper_thread(void *arg)
{
	struct shared *sh = arg;
	int *pfd = (int *)&sh->v[8];
	char c;
	pid_t a;

	sh->tids[0] = syscall(SYS_gettid);
	a = fork();
	if (a == 0) {
		/* outlives the thread that forked it: waits for the main thread's word */
		close(pfd[1]);
		if (read(pfd[0], &c, 1) < 0)
			_exit(1);
		_exit(0);
	}
	sh->v[1] = a;
	return NULL;
}

static void c_reaper(struct shared *sh)
{
	pthread_t th;
	pid_t b;
	int pfd[2];

	if (g_reaper_mode == 2) {
		if (pipe(pfd))
			return;
		memcpy(&sh->v[8], pfd, sizeof(pfd));
		if (pthread_create(&th, NULL, reaper_thread, sh) || pthread_join(th, NULL))
			return;
		close(pfd[0]);
		close(pfd[1]); /* the grandchild's read ends: it exits */
		waitpid(sh->v[1], NULL, 0);
		return;
	}
	if (g_reaper_mode == 1)
		sh->v[3] = prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0);
	b = fork();
	if (b == 0) {
		pid_t me = getpid(), a = fork();

		if (a == 0)
			orphan_child(sh, me);
		sh->v[1] = a;
		_exit(0);
	}
	sh->v[0] = b;
	sh->tids[0] = b;
	waitpid(b, NULL, 0);
	for (int i = 0; i < 5000 && !sh->v[2]; i++)
		usleep(1000);
	if (g_reaper_mode == 1)
		waitpid(sh->v[1], NULL, 0); /* adopted: ours to reap */
}

static void t_procexit_reaper(void)
{
	for (g_reaper_mode = 0; g_reaper_mode < 3 && !g_fail[0]; g_reaper_mode++) {
		const struct scap_evt_hdr *x;

		if (!run(c_reaper))
			break;
		x = find_evt(&g_c, SCAP_EVT_PROCEXIT_1_E, g_sh->tids[0], 0);
		if (!x) {
			snprintf(g_fail, sizeof(g_fail), "no procexit of the %s with a child (case %d)",
				 g_reaper_mode == 2 ? "thread" : "process", g_reaper_mode);
			break;
		}
		switch (g_reaper_mode) {
		case 0: /* whoever the kernel gave the orphan to, as the orphan saw it */
			CHECK(g_sh->v[2] > 0);
			CHECK_EQ(ps64(x, 4), g_sh->v[2]);
			break;
		case 1: /* the test child, a child subreaper */
			CHECK_EQ(g_sh->v[3], 0);
			CHECK_EQ(g_sh->v[2], g_pid);
			CHECK_EQ(ps64(x, 4), g_pid);
			break;
		default: /* the group's live thread: the main one */
			CHECK_EQ(ps64(x, 4), g_pid);
			break;
		}
		/* the test child reaped all it had: nobody to adopt */
		x = X(SCAP_EVT_PROCEXIT_1_E);
		REQUIRE_EVT(x, "procexit of the test child");
		CHECK_EQ(ps64(x, 4), 0);
	}
}

/* ---- fd creators and namespaces --------------------------------------------------------- */

static void c_fdmisc(struct shared *sh)
{
	int sv[2];

	sh->v[0] = syscall(SYS_eventfd2, 5, EFD_CLOEXEC);
	sh->v[1] = syscall(SYS_memfd_create, "syscap-memfd", MFD_CLOEXEC | MFD_ALLOW_SEALING);
	sh->v[2] = syscall(SYS_epoll_create1, EPOLL_CLOEXEC);
	sh->v[3] = syscall(SYS_inotify_init1, IN_NONBLOCK);
	/* CLOSE_RANGE_CLOEXEC is from 5.11: before, the call fails, and its event says how */
	sh->v[4] = syscall(SYS_close_range, 900, 910, CLOSE_RANGE_CLOEXEC);
	if (sh->v[4] < 0)
		sh->v[4] = -errno;
	socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
	sh->v[5] = sv[0];
	sh->v[6] = shutdown(sv[0], SHUT_WR);
	sh->v[7] = syscall(SYS_pidfd_open, getpid(), 0);
	{
		struct io_uring_params up;

		memset(&up, 0, sizeof(up));
		long r = syscall(SYS_io_uring_setup, 4, &up);

		sh->v[8] = r < 0 ? -errno : r; /* io_uring may be disabled: then the errno */
		sh->v[9] = up.sq_entries;
	}
}

static void t_fdmisc(void)
{
	const struct scap_evt_hdr *x;

	if (!run(c_fdmisc))
		return;
	x = X(SCAP_EVT_SYSCALL_EVENTFD2_X);
	REQUIRE_EVT(x, "eventfd2");
	CHECK_EQ(ps64(x, 0), g_sh->v[0]);
	CHECK_EQ(pu64(x, 1), SCAP_O_CLOEXEC);
	CHECK_EQ(pu64(x, 2), 5);
	x = X(SCAP_EVT_SYSCALL_MEMFD_CREATE_X);
	REQUIRE_EVT(x, "memfd_create");
	CHECK_EQ(ps64(x, 0), g_sh->v[1]);
	CHECK_STR(pstr(x, 1), "syscap-memfd");
	CHECK_EQ(pu64(x, 2), SCAP_MFD_CLOEXEC | SCAP_MFD_ALLOW_SEALING);
	x = X(SCAP_EVT_SYSCALL_EPOLL_CREATE1_X);
	REQUIRE_EVT(x, "epoll_create1");
	CHECK_EQ(ps64(x, 0), g_sh->v[2]);
	CHECK_EQ(pu64(x, 1), SCAP_EPOLL_CLOEXEC);
	x = X(SCAP_EVT_SYSCALL_INOTIFY_INIT1_X);
	REQUIRE_EVT(x, "inotify_init1");
	CHECK_EQ(ps64(x, 0), g_sh->v[3]);
	CHECK_EQ(pu64(x, 1), SCAP_O_NONBLOCK);
	x = X(SCAP_EVT_SYSCALL_CLOSE_RANGE_X);
	REQUIRE_EVT(x, "close_range");
	CHECK_EQ(ps64(x, 0), g_sh->v[4]);
	CHECK_EQ(pu64(x, 1), 900);
	CHECK_EQ(pu64(x, 2), 910);
	CHECK_EQ(pu64(x, 3), SCAP_CLOSE_RANGE_CLOEXEC);
	x = X(SCAP_EVT_SOCKET_SHUTDOWN_X);
	REQUIRE_EVT(x, "shutdown");
	CHECK_EQ(ps64(x, 0), 0);
	CHECK_EQ(ps64(x, 1), g_sh->v[5]);
	CHECK_EQ(pu64(x, 2), SCAP_SHUT_WR);
	x = X(SCAP_EVT_SYSCALL_PIDFD_OPEN_X);
	REQUIRE_EVT(x, "pidfd_open");
	CHECK_EQ(ps64(x, 0), g_sh->v[7]);
	CHECK_EQ(ps64(x, 1), g_pid);
	CHECK_EQ(pu64(x, 2), 0);
	x = X(SCAP_EVT_SYSCALL_IO_URING_SETUP_X);
	REQUIRE_EVT(x, "io_uring_setup");
	CHECK_EQ(ps64(x, 0), g_sh->v[8]);
	CHECK_EQ(pu64(x, 1), 4);
	if (g_sh->v[8] >= 0)
		CHECK_EQ(pu64(x, 2), g_sh->v[9]);
}

/* ---- argument-only events: epoll_wait, bpf, seccomp, io_uring ---------------------------- */

static void c_argsonly(struct shared *sh)
{
	struct epoll_event ev[7];
	struct io_uring_params up;
	long ep, ring;

	ep = syscall(SYS_epoll_create1, EPOLL_CLOEXEC);
	sh->v[0] = syscall(SYS_epoll_wait, ep, ev, 7, 0);
	/* map_create with an empty attribute: refused, the result and command are still reported */
	sh->v[1] = syscall(SYS_bpf, 0, NULL, 0) < 0 ? -errno : 0;
	/* SECCOMP_GET_ACTION_AVAIL takes no flags: refused, so this child is never filtered */
	sh->v[2] = syscall(SYS_seccomp, 2, 0x10, NULL) < 0 ? -errno : 0;
	memset(&up, 0, sizeof(up));
	ring = syscall(SYS_io_uring_setup, 4, &up);
	if (ring < 0)
		ring = -1; /* io_uring may be disabled: the calls below then fail with EBADF */
	sh->v[3] = ring;
	sh->v[4] = syscall(SYS_io_uring_enter, ring, 0, 0, 1 /* GETEVENTS */, NULL, 0);
	if (sh->v[4] < 0)
		sh->v[4] = -errno;
	/* unregistering buffers with a stray argument: refused */
	sh->v[5] = syscall(SYS_io_uring_register, ring, 1, (void *)0x1000, 3) < 0 ? -errno : 0;
}

static void t_argsonly(void)
{
	const struct scap_evt_hdr *x;

	if (!run(c_argsonly))
		return;
	x = X(SCAP_EVT_SYSCALL_EPOLLWAIT_X);
	REQUIRE_EVT(x, "epoll_wait");
	CHECK_EQ(ps64(x, 0), g_sh->v[0]);
	CHECK_EQ(ps64(x, 1), 7);
	x = X(SCAP_EVT_SYSCALL_BPF_2_X);
	REQUIRE_EVT(x, "bpf");
	CHECK_EQ(ps64(x, 0), g_sh->v[1]);
	CHECK_EQ(pu64(x, 1), 0);
	x = X(SCAP_EVT_SYSCALL_SECCOMP_X);
	REQUIRE_EVT(x, "seccomp");
	CHECK_EQ(ps64(x, 0), g_sh->v[2]);
	CHECK_EQ(pu64(x, 1), 2);
	CHECK_EQ(pu64(x, 2), 0x10);
	x = X(SCAP_EVT_SYSCALL_IO_URING_ENTER_X);
	REQUIRE_EVT(x, "io_uring_enter");
	CHECK_EQ(ps64(x, 0), g_sh->v[4]);
	CHECK_EQ(ps64(x, 1), g_sh->v[3]);
	CHECK_EQ(pu64(x, 2), 0);
	CHECK_EQ(pu64(x, 3), 0);
	CHECK_EQ(pu64(x, 4), 1);
	CHECK_EQ(pu64(x, 5), 0);
	x = X(SCAP_EVT_SYSCALL_IO_URING_REGISTER_X);
	REQUIRE_EVT(x, "io_uring_register");
	CHECK_EQ(ps64(x, 0), g_sh->v[5]);
	CHECK_EQ(ps64(x, 1), g_sh->v[3]);
	CHECK_EQ(pu64(x, 2), 1);
	CHECK_EQ(pu64(x, 3), 0x1000);
	CHECK_EQ(pu64(x, 4), 3);
}

/* ---- limits, identities, locks ---------------------------------------------------------- */

static void c_limits(struct shared *sh)
{
	struct rlimit old;
	struct timespec ts = { 0, 1000 };
	uid_t r, e, su;
	int fd = open("/dev/null", O_RDONLY);

	sh->v[0] = syscall(SYS_prlimit64, 0, RLIMIT_NOFILE, NULL, &old);
	sh->v[1] = old.rlim_cur;
	sh->v[2] = old.rlim_max;
	sh->v[3] = syscall(SYS_getuid);
	sh->v[4] = getresuid(&r, &e, &su);
	sh->v[5] = r;
	sh->v[6] = flock(fd, LOCK_SH | LOCK_NB);
	sh->v[7] = fd;
	sh->v[8] = syscall(SYS_nanosleep, &ts, NULL); /* glibc uses clock_nanosleep */
	{
		int pp[2];
		struct pollfd pf;

		if (pipe(pp) == 0 && write(pp[1], "x", 1) == 1) {
			pf.fd = pp[0];
			pf.events = POLLIN;
			sh->v[9] = poll(&pf, 1, 7);
			sh->v[10] = pp[0];
		}
	}
}

static void t_limits(void)
{
	const struct scap_evt_hdr *x;

	if (!run(c_limits))
		return;
	x = X(SCAP_EVT_SYSCALL_PRLIMIT_X);
	REQUIRE_EVT(x, "prlimit");
	CHECK_EQ(ps64(x, 0), 0);
	CHECK_EQ(ps64(x, 3), g_sh->v[1]);
	CHECK_EQ(ps64(x, 4), g_sh->v[2]);
	CHECK_EQ(ps64(x, 5), 0);
	CHECK_EQ(pu64(x, 6), SCAP_RLIMIT_NOFILE);
	x = X(SCAP_EVT_SYSCALL_GETUID_X);
	REQUIRE_EVT(x, "getuid");
	CHECK_EQ(pu64(x, 0), g_sh->v[3]);
	x = X(SCAP_EVT_SYSCALL_GETRESUID_X);
	REQUIRE_EVT(x, "getresuid");
	CHECK_EQ(ps64(x, 0), 0);
	CHECK_EQ(pu64(x, 1), g_sh->v[5]);
	x = X(SCAP_EVT_SYSCALL_FLOCK_X);
	REQUIRE_EVT(x, "flock");
	CHECK_EQ(ps64(x, 0), g_sh->v[6]);
	CHECK_EQ(ps64(x, 1), g_sh->v[7]);
	CHECK_EQ(pu64(x, 2), SCAP_LOCK_SH | SCAP_LOCK_NB);
	x = X(SCAP_EVT_SYSCALL_NANOSLEEP_X);
	REQUIRE_EVT(x, "nanosleep");
	CHECK_EQ(ps64(x, 0), 0);
	CHECK_EQ(pu64(x, 1), 1000);
	x = X(SCAP_EVT_SYSCALL_POLL_X);
	REQUIRE_EVT(x, "poll");
	CHECK_EQ(ps64(x, 0), 1);
	{
		struct scap_param pp[SCAP_MAX_EVENT_PARAMS];
		int64_t fd = -1;
		uint16_t fl = 0;

		scap_event_params(x, pp, SCAP_MAX_EVENT_PARAMS);
		CHECK_EQ(scap_param_fdlist(&pp[1], 0, &fd, &fl), 1);
		CHECK_EQ(fd, g_sh->v[10]);
		CHECK(fl & SCAP_POLLIN);
	}
	CHECK_EQ(ps64(x, 2), 7);
}

/* ---- runtime controls (public scap_configure) --------------------------------------------- */

static void c_ctl(struct shared *sh)
{
	char big[64];
	int fd = open("/dev/null", O_WRONLY);

	memset(big, 'q', sizeof(big));
	sh->v[0] = fd;
	sh->v[1] = write(fd, big, sizeof(big));
	sh->v[2] = close(-1);
	sh->v[3] = syscall(SYS_getppid);
}

static void t_controls(void)
{
	const struct scap_evt_hdr *x;
	int rc;

	/* snaplen 10, failed syscalls dropped, getppid not captured */
	rc = scap_configure(g_h, SCAP_SET_SNAPLEN, 10, 0);
	CHECK_EQ(rc, 0);
	rc = scap_configure(g_h, SCAP_SET_DROPFAILED, 1, 0);
	CHECK_EQ(rc, 0);
	rc = scap_configure(g_h, SCAP_SET_SC, SCAP_SC_GETPPID, 0);
	CHECK_EQ(rc, 0);
	CHECK_EQ(scap_configure(g_h, SCAP_SET_SNAPLEN, 65001, 0) < 0, 1);
	if (!run(c_ctl))
		goto restore;
	x = XF(SCAP_EVT_SYSCALL_WRITE_X, 2, g_sh->v[0], 0);
	if (!x && !g_fail[0])
		snprintf(g_fail, sizeof(g_fail), "no write event");
	if (x) {
		CHECK_EQ(ps64(x, 0), 64);
		CHECK_EQ(plen(x, 1), 10);
	}
	CHECK(XF(SCAP_EVT_SYSCALL_CLOSE_X, 1, -1, 0) == NULL); /* failed: dropped */
	for (int i = 0;; i++) {
		x = find_evt(&g_c, SCAP_EVT_GENERIC_X, g_pid, i);
		if (!x)
			break;
		CHECK(pu64(x, 0) != SCAP_SC_GETPPID); /* deselected */
	}
restore:
	scap_configure(g_h, SCAP_SET_SNAPLEN, SCAP_DEFAULT_SNAPLEN, 0);
	scap_configure(g_h, SCAP_SET_DROPFAILED, 0, 0);
	scap_configure(g_h, SCAP_SET_SC, SCAP_SC_GETPPID, 1);
}

/* ---- dynamic snaplen ----------------------------------------------------------------------- */

static uint16_t g_dyn_port; /* the server port of c_dynsnap (inside the full-capture range) */

/*
 * Over a loopback TCP connection to g_dyn_port: v[0] client fd, v[1] server fd. Writes an
 * HTTP-looking 300-byte request (v[2]), 300 bytes of 'x' (v[3]), 3000 bytes of 'y' (v[4]); the
 * server reads the request (v[5]).
 */
static void c_dynsnap(struct shared *sh)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK),
				 .sin_port = htons(g_dyn_port) };
	static char req[300], xs[300], ys[3000], rb[300];
	int s, c, acc, one = 1;
	size_t got = 0;

	memset(req, 'a', sizeof(req));
	memcpy(req, "GET /index.html HTTP/1.1\r\n", 26);
	memset(xs, 'x', sizeof(xs));
	memset(ys, 'y', sizeof(ys));
	s = socket(AF_INET, SOCK_STREAM, 0);
	setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(s, (struct sockaddr *)&a, sizeof(a)) || listen(s, 1))
		_exit(97);
	c = socket(AF_INET, SOCK_STREAM, 0);
	if (connect(c, (struct sockaddr *)&a, sizeof(a)))
		_exit(96);
	acc = accept(s, NULL, NULL);
	/* a read that never completes ends the child instead of blocking it */
	setsockopt(acc, SOL_SOCKET, SO_RCVTIMEO, &(struct timeval){ 5, 0 }, sizeof(struct timeval));
	sh->v[0] = c;
	sh->v[1] = acc;
	sh->v[2] = write(c, req, sizeof(req));
	while (got < sizeof(rb)) {
		ssize_t n = read(acc, rb + got, sizeof(rb) - got);

		if (n <= 0)
			break;
		got += n;
	}
	sh->v[5] = got;
	sh->v[3] = write(c, xs, sizeof(xs));
	sh->v[4] = write(c, ys, sizeof(ys));
}

/* plen of the write event on the client fd with this result; -1 when there is none. */
static long write_len(int64_t res)
{
	for (int i = 0;; i++) {
		const struct scap_evt_hdr *x = XF(SCAP_EVT_SYSCALL_WRITE_X, 2, g_sh->v[0], i);

		if (!x)
			return -1;
		if (ps64(x, 0) == res)
			return plen(x, 1);
	}
}

/*
 * Dynamic snaplen widens the data of sockets carrying known protocols: an HTTP request gets
 * 2000 bytes, other payloads the snaplen (80), a port in the full-capture range 16000; with it
 * off everything gets the snaplen.
 */
static void t_dynsnap(void)
{
	const struct scap_evt_hdr *x;

	g_dyn_port = 20000 + getpid() % 20000;
	CHECK_EQ(scap_configure(g_h, SCAP_SET_DYNAMIC_SNAPLEN, 1, 0), 0);
	if (!run(c_dynsnap))
		goto restore;
	CHECK_EQ(g_sh->v[2], 300);
	CHECK_EQ(write_len(300), 300); /* the request: all of it (< 2000) */
	x = XF(SCAP_EVT_SYSCALL_WRITE_X, 2, g_sh->v[0], 1);
	REQUIRE_EVT(x, "write of 'x'");
	CHECK_EQ(ps64(x, 0), 300);
	CHECK_EQ(plen(x, 1), SCAP_DEFAULT_SNAPLEN);
	CHECK_EQ(write_len(3000), SCAP_DEFAULT_SNAPLEN);
	x = XF(SCAP_EVT_SYSCALL_READ_X, 2, g_sh->v[1], 0);
	REQUIRE_EVT(x, "server read");
	CHECK_EQ(plen(x, 1), ps64(x, 0)); /* what it read starts like a request: all of it */

	/* the server port in the full-capture range: 3000 bytes of anything */
	CHECK_EQ(scap_configure(g_h, SCAP_SET_FULLCAPTURE_PORTS, g_dyn_port, g_dyn_port), 0);
	if (!run(c_dynsnap))
		goto restore;
	CHECK_EQ(write_len(3000), 3000);

	/* off: the snaplen for everything */
	CHECK_EQ(scap_configure(g_h, SCAP_SET_DYNAMIC_SNAPLEN, 0, 0), 0);
	if (!run(c_dynsnap))
		goto restore;
	x = XF(SCAP_EVT_SYSCALL_WRITE_X, 2, g_sh->v[0], 0);
	REQUIRE_EVT(x, "write of the request");
	CHECK_EQ(plen(x, 1), SCAP_DEFAULT_SNAPLEN);
	CHECK_EQ(write_len(3000), SCAP_DEFAULT_SNAPLEN);
restore:
	scap_configure(g_h, SCAP_SET_DYNAMIC_SNAPLEN, 0, 0);
	scap_configure(g_h, SCAP_SET_FULLCAPTURE_PORTS, 0, 0);
}

/* ---- optional tracepoints ------------------------------------------------------------------ */

static void on_usr1(int sig)
{
	(void)sig;
}

static void c_tps(struct shared *sh)
{
	struct timespec ts = { 0, 2000000 };

	signal(SIGUSR1, on_usr1);
	sh->v[0] = kill(getpid(), SIGUSR1);
	for (int i = 0; i < 3; i++)
		nanosleep(&ts, NULL); /* sleeping switches the CPU away from us */
}

static void t_tracepoints(void)
{
	const struct scap_evt_hdr *x;
	int rc;

	rc = scap_configure(g_h, SCAP_SET_TP, SCAP_SC_SIGNAL_DELIVER, 1);
	CHECK_EQ(rc, 0);
	rc = scap_configure(g_h, SCAP_SET_TP, SCAP_SC_SCHED_SWITCH, 1);
	CHECK_EQ(rc, 0);
	if (!run(c_tps))
		goto off;
	x = X(SCAP_EVT_SIGNALDELIVER_E);
	if (!x && !g_fail[0])
		snprintf(g_fail, sizeof(g_fail), "no signaldeliver event");
	if (x) {
		CHECK_EQ(ps64(x, 0), g_pid); /* sent by itself */
		CHECK_EQ(ps64(x, 1), g_pid);
		CHECK_EQ(pu64(x, 2), SIGUSR1);
	}
	x = X(SCAP_EVT_SCHEDSWITCH_6_E);
	if (!x && !g_fail[0])
		snprintf(g_fail, sizeof(g_fail), "no switch event");
	if (x)
		CHECK(ps64(x, 0) != g_pid); /* the next task */
off:
	scap_configure(g_h, SCAP_SET_TP, SCAP_SC_SIGNAL_DELIVER, 0);
	scap_configure(g_h, SCAP_SET_TP, SCAP_SC_SCHED_SWITCH, 0);
}

/* ---- keyctl, quotactl ----------------------------------------------------------------------- */

/* glibc's QCMD() shifts a signed int past its range (UB the sanitizer build aborts on). */
#define QCMD_U(cmd, type) ((int)(((unsigned int)(cmd) << 8) | ((type) & 0xff)))

static void c_admin(struct shared *sh)
{
	struct if_dqblk dq = { .dqb_bhardlimit = 77, .dqb_curspace = 5, .dqb_valid = QIF_BLIMITS };

	sh->v[0] = syscall(SYS_keyctl, KEYCTL_GET_KEYRING_ID, (long)KEY_SPEC_SESSION_KEYRING,
			   0L, 0L, 0L);
	sh->v[1] = sh->v[0] < 0 ? -errno : sh->v[0];
	sh->v[2] = syscall(SYS_keyctl, KEYCTL_SEARCH, (long)KEY_SPEC_SESSION_KEYRING, "user",
			   "syscap-nokey", 0L);
	sh->v[3] = sh->v[2] < 0 ? -errno : sh->v[2];
	/* no such device: the call fails, the probe still reports the caller's arguments */
	sh->v[4] = quotactl(QCMD_U(Q_GETQUOTA, USRQUOTA), "/nonexistent/syscap-blk", 1234,
			    (caddr_t)&dq);
	sh->v[5] = -errno;
	sh->v[6] = quotactl(QCMD_U(Q_QUOTAON, GRPQUOTA), "/nonexistent/syscap-blk", QFMT_VFS_V1,
			    (caddr_t) "/nonexistent/aquota.group");
	sh->v[7] = -errno;
}

/* PT_DYN keyctl arg: index byte, then an int64 (idx 0) or a string (idx 1). */
static int64_t keyctl_int(const struct scap_evt_hdr *x, unsigned i)
{
	int64_t v = 0;

	if (plen(x, i) != 9 || pdata(x, i)[0] != SCAP_KEYCTL_IDX_INT64)
		return INT64_MIN;
	memcpy(&v, pdata(x, i) + 1, sizeof(v));
	return v;
}

static const char *keyctl_str(const struct scap_evt_hdr *x, unsigned i)
{
	if (plen(x, i) < 2 || pdata(x, i)[0] != SCAP_KEYCTL_IDX_CHARBUF ||
	    pdata(x, i)[plen(x, i) - 1] != 0)
		return "(not a string)";
	return (const char *)pdata(x, i) + 1;
}

static void t_admin(void)
{
	const struct scap_evt_hdr *x;

	if (!run(c_admin))
		return;
	x = XF(SCAP_EVT_SYSCALL_KEYCTL_X, 1, SCAP_KEYCTL_GET_KEYRING_ID, 0);
	REQUIRE_EVT(x, "keyctl GET_KEYRING_ID");
	CHECK_EQ(ps64(x, 0), g_sh->v[1]);
	CHECK_EQ(keyctl_int(x, 2), KEY_SPEC_SESSION_KEYRING);
	CHECK_EQ(keyctl_int(x, 3), 0);
	CHECK_EQ(keyctl_int(x, 4), 0);
	CHECK_EQ(keyctl_int(x, 5), 0);
	x = XF(SCAP_EVT_SYSCALL_KEYCTL_X, 1, SCAP_KEYCTL_SEARCH, 0);
	REQUIRE_EVT(x, "keyctl SEARCH");
	CHECK_EQ(ps64(x, 0), g_sh->v[3]);
	CHECK_EQ(keyctl_int(x, 2), KEY_SPEC_SESSION_KEYRING);
	CHECK_STR(keyctl_str(x, 3), "user");
	CHECK_STR(keyctl_str(x, 4), "syscap-nokey");
	CHECK_EQ(keyctl_int(x, 5), 0);

	x = XF(SCAP_EVT_SYSCALL_QUOTACTL_X, 14, SCAP_Q_GETQUOTA, 0);
	REQUIRE_EVT(x, "quotactl GETQUOTA");
	CHECK_EQ(ps64(x, 0), g_sh->v[5]);
	CHECK_STR(pstr(x, 1), "/nonexistent/syscap-blk");
	CHECK_EQ(plen(x, 2), 0);
	CHECK_EQ(pu64(x, 3), 77); /* dqb_bhardlimit: valid */
	CHECK_EQ(pu64(x, 5), 0);  /* dqb_curspace: set but not marked valid */
	CHECK_EQ(pu64(x, 12), 0); /* dqi_flags */
	CHECK_EQ(pu64(x, 13), SCAP_QFMT_NOT_USED);
	CHECK_EQ(pu64(x, 15), SCAP_USRQUOTA);
	CHECK_EQ(pu64(x, 16), 1234);
	CHECK_EQ(pu64(x, 17), SCAP_QFMT_NOT_USED);
	x = XF(SCAP_EVT_SYSCALL_QUOTACTL_X, 14, SCAP_Q_QUOTAON, 0);
	REQUIRE_EVT(x, "quotactl QUOTAON");
	CHECK_EQ(ps64(x, 0), g_sh->v[7]);
	CHECK_STR(pstr(x, 2), "/nonexistent/aquota.group");
	CHECK_EQ(pu64(x, 3), 0);
	CHECK_EQ(pu64(x, 15), SCAP_GRPQUOTA);
	CHECK_EQ(pu64(x, 16), 0); /* id is the format here, not a user */
	CHECK_EQ(pu64(x, 17), SCAP_QFMT_VFS_V1);
}

/* ---- older fd creators, stat family, locks, waits, SysV semaphores, modules ------------------ */

static void c_fdlegacy(struct shared *sh)
{
	uint64_t mask = 1ull << (SIGUSR1 - 1);
	char p1[256], p2[256];
	int pidfd;

	sh->v[0] = syscall(SYS_epoll_create, 7);
	sh->v[1] = syscall(SYS_inotify_init);
	sh->v[2] = syscall(SYS_eventfd, 3);
	sh->v[3] = syscall(SYS_signalfd, -1, &mask, 8);
	sh->v[4] = syscall(SYS_signalfd4, -1, &mask, 8, SFD_NONBLOCK | SFD_CLOEXEC);
	sh->v[5] = syscall(SYS_timerfd_create, CLOCK_MONOTONIC, TFD_NONBLOCK);
	sh->v[6] = syscall(SYS_userfaultfd, O_CLOEXEC);
	if (sh->v[6] < 0)
		sh->v[6] = -errno; /* may be disabled or not built: then the errno */
	pidfd = syscall(SYS_pidfd_open, getpid(), 0);
	sh->v[7] = pidfd;
	sh->v[8] = syscall(SYS_pidfd_getfd, pidfd, 0, 0);
	path_in_dir(p1, sizeof(p1), "cfr-in");
	path_in_dir(p2, sizeof(p2), "cfr-out");
	sh->v[9] = open(p1, O_RDWR | O_CREAT | O_TRUNC, 0600);
	sh->v[10] = open(p2, O_RDWR | O_CREAT | O_TRUNC, 0600);
	if (write(sh->v[9], "hello", 5) == 5)
		lseek(sh->v[9], 0, SEEK_SET);
	sh->v[11] = syscall(SYS_copy_file_range, sh->v[9], NULL, sh->v[10], NULL, 5, 0);
	{
		struct {
			struct file_handle fh;
			unsigned char f[128];
		} h;
		int mnt = -1;

		h.fh.handle_bytes = sizeof(h.f);
		strcpy(sh->s[0], p1);
		sh->v[12] = open(g_dir, O_RDONLY | O_DIRECTORY);
		if (name_to_handle_at(AT_FDCWD, p1, &h.fh, &mnt, 0) == 0)
			sh->v[13] = syscall(SYS_open_by_handle_at, sh->v[12], &h.fh, O_RDONLY);
		else
			sh->v[13] = -1000 - errno; /* no handle support: the call was not made */
		if (sh->v[13] == -1)
			sh->v[13] = -errno;
	}
}

static void t_fdlegacy(void)
{
	const struct scap_evt_hdr *x;

	if (!run(c_fdlegacy))
		return;
	x = X(SCAP_EVT_SYSCALL_EPOLL_CREATE_X);
	REQUIRE_EVT(x, "epoll_create");
	CHECK_EQ(ps64(x, 0), g_sh->v[0]);
	CHECK_EQ(ps64(x, 1), 7);
	x = X(SCAP_EVT_SYSCALL_INOTIFY_INIT_X);
	REQUIRE_EVT(x, "inotify_init");
	CHECK_EQ(ps64(x, 0), g_sh->v[1]);
	CHECK_EQ(pu64(x, 1), 0);
	x = X(SCAP_EVT_SYSCALL_EVENTFD_X);
	REQUIRE_EVT(x, "eventfd");
	CHECK_EQ(ps64(x, 0), g_sh->v[2]);
	CHECK_EQ(pu64(x, 1), 3);
	CHECK_EQ(pu64(x, 2), 0);
	x = X(SCAP_EVT_SYSCALL_SIGNALFD_X);
	REQUIRE_EVT(x, "signalfd");
	CHECK_EQ(ps64(x, 0), g_sh->v[3]);
	CHECK_EQ(ps64(x, 1), -1);
	CHECK_EQ(pu64(x, 2), 0);
	CHECK_EQ(pu64(x, 3), 0);
	x = X(SCAP_EVT_SYSCALL_SIGNALFD4_X);
	REQUIRE_EVT(x, "signalfd4");
	CHECK_EQ(ps64(x, 0), g_sh->v[4]);
	CHECK_EQ(pu64(x, 1), SCAP_O_NONBLOCK | SCAP_O_CLOEXEC);
	CHECK_EQ(ps64(x, 2), -1);
	x = X(SCAP_EVT_SYSCALL_TIMERFD_CREATE_X);
	REQUIRE_EVT(x, "timerfd_create");
	CHECK_EQ(ps64(x, 0), g_sh->v[5]);
	CHECK_EQ(pu64(x, 1), CLOCK_MONOTONIC);
	CHECK_EQ(pu64(x, 2), SCAP_O_NONBLOCK);
	x = X(SCAP_EVT_SYSCALL_USERFAULTFD_X);
	REQUIRE_EVT(x, "userfaultfd");
	CHECK_EQ(ps64(x, 0), g_sh->v[6]);
	CHECK_EQ(pu64(x, 1), O_CLOEXEC);
	x = X(SCAP_EVT_SYSCALL_PIDFD_GETFD_X);
	REQUIRE_EVT(x, "pidfd_getfd");
	CHECK_EQ(ps64(x, 0), g_sh->v[8]);
	CHECK_EQ(ps64(x, 1), g_sh->v[7]);
	CHECK_EQ(ps64(x, 2), 0);
	CHECK_EQ(pu64(x, 3), 0);
	x = X(SCAP_EVT_SYSCALL_COPY_FILE_RANGE_X);
	REQUIRE_EVT(x, "copy_file_range");
	CHECK_EQ(ps64(x, 0), 5);
	CHECK_EQ(g_sh->v[11], 5);
	CHECK_EQ(ps64(x, 1), g_sh->v[10]);
	CHECK_EQ(pu64(x, 2), 0);
	CHECK_EQ(ps64(x, 3), g_sh->v[9]);
	CHECK_EQ(pu64(x, 4), 0);
	CHECK_EQ(pu64(x, 5), 5);
	if (g_sh->v[13] <= -1000)
		return; /* this file system has no file handles */
	x = X(SCAP_EVT_SYSCALL_OPEN_BY_HANDLE_AT_X);
	REQUIRE_EVT(x, "open_by_handle_at");
	CHECK_EQ(ps64(x, 0), g_sh->v[13]);
	CHECK_EQ(ps64(x, 1), g_sh->v[12]);
	if (g_sh->v[13] >= 0) {
		struct stat st;

		CHECK_EQ(pu64(x, 2), SCAP_O_RDONLY);
		CHECK_STR(pstr(x, 3), g_sh->s[0]);
		stat(g_sh->s[0], &st);
		CHECK_EQ(pu64(x, 5), st.st_ino);
	}
}

static void c_statlock(struct shared *sh)
{
	struct timespec ts = { 1, 5 };
	uint64_t sigs = 1ull << (SIGUSR1 - 1);
	struct timeval tv = { 0, 0 };
	struct pollfd pf;
	struct stat st;
	char buf[4096];
	void *page;
	int pv[2];

	sh->v[0] = syscall(SYS_setsid);
	sh->v[1] = syscall(SYS_lstat, g_dir, &st);
	sh->v[2] = syscall(SYS_newfstatat, AT_FDCWD, g_dir, &st, AT_SYMLINK_NOFOLLOW);
	sh->v[4] = open(g_dir, O_RDONLY | O_DIRECTORY);
	sh->v[3] = syscall(SYS_getdents, sh->v[4], buf, sizeof(buf));
	sh->v[5] = syscall(SYS_getcwd, sh->s[1], sizeof(sh->s[1]));
	page = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	sh->v[11] = (int64_t)(uintptr_t)page;
	sh->v[6] = syscall(SYS_mlock, page, 4096);
	sh->v[7] = syscall(SYS_munlock, page, 4096);
	sh->v[8] = syscall(SYS_mlock2, page, 4096, MLOCK_ONFAULT);
	sh->v[9] = syscall(SYS_mlockall, MCL_CURRENT | MCL_ONFAULT);
	sh->v[10] = syscall(SYS_munlockall);
	if (pipe(pv) == 0) {
		pf.fd = pv[1];
		pf.events = POLLOUT;
		pf.revents = 0;
		sh->v[13] = pv[1];
		sh->v[12] = syscall(SYS_ppoll, &pf, 1, &ts, &sigs, 8);
		/* the kernel writes the time left back; the exit event reads it from there */
		sh->v[15] = ts.tv_sec * 1000000000ll + ts.tv_nsec;
	}
	sh->v[14] = syscall(SYS_select, 0, NULL, NULL, NULL, &tv);
}

static void t_statlock(void)
{
	const struct scap_evt_hdr *x;

	if (!run(c_statlock))
		return;
	x = X(SCAP_EVT_SYSCALL_SETSID_X);
	REQUIRE_EVT(x, "setsid");
	CHECK_EQ(ps64(x, 0), g_sh->v[0]);
	x = XF(SCAP_EVT_SYSCALL_LSTAT_X, 0, g_sh->v[1], 0);
	REQUIRE_EVT(x, "lstat");
	CHECK_STR(pstr(x, 1), g_dir);
	x = XF(SCAP_EVT_SYSCALL_NEWFSTATAT_X, 1, SCAP_AT_FDCWD, 0);
	REQUIRE_EVT(x, "newfstatat");
	CHECK_EQ(ps64(x, 0), g_sh->v[2]);
	CHECK_STR(pstr(x, 2), g_dir);
	CHECK_EQ(pu64(x, 3), SCAP_AT_SYMLINK_NOFOLLOW);
	x = XF(SCAP_EVT_SYSCALL_GETDENTS_X, 1, g_sh->v[4], 0);
	REQUIRE_EVT(x, "getdents");
	CHECK_EQ(ps64(x, 0), g_sh->v[3]);
	x = X(SCAP_EVT_SYSCALL_GETCWD_X);
	REQUIRE_EVT(x, "getcwd");
	CHECK_EQ(ps64(x, 0), g_sh->v[5]);
	CHECK_STR(pstr(x, 1), g_sh->s[1]);
	x = X(SCAP_EVT_SYSCALL_MLOCK_X);
	REQUIRE_EVT(x, "mlock");
	CHECK_EQ(ps64(x, 0), g_sh->v[6]);
	CHECK_EQ(pu64(x, 1), g_sh->v[11]);
	CHECK_EQ(pu64(x, 2), 4096);
	x = X(SCAP_EVT_SYSCALL_MUNLOCK_X);
	REQUIRE_EVT(x, "munlock");
	CHECK_EQ(ps64(x, 0), g_sh->v[7]);
	CHECK_EQ(pu64(x, 1), g_sh->v[11]);
	CHECK_EQ(pu64(x, 2), 4096);
	x = X(SCAP_EVT_SYSCALL_MLOCK2_X);
	REQUIRE_EVT(x, "mlock2");
	CHECK_EQ(ps64(x, 0), g_sh->v[8]);
	CHECK_EQ(pu64(x, 1), g_sh->v[11]);
	CHECK_EQ(pu64(x, 3), SCAP_MLOCK_ONFAULT);
	x = X(SCAP_EVT_SYSCALL_MLOCKALL_X);
	REQUIRE_EVT(x, "mlockall");
	CHECK_EQ(ps64(x, 0), g_sh->v[9]);
	CHECK_EQ(pu64(x, 1), SCAP_MLOCKALL_MCL_CURRENT | SCAP_MLOCKALL_MCL_ONFAULT);
	x = X(SCAP_EVT_SYSCALL_MUNLOCKALL_X);
	REQUIRE_EVT(x, "munlockall");
	CHECK_EQ(ps64(x, 0), g_sh->v[10]);
	x = X(SCAP_EVT_SYSCALL_PPOLL_X);
	REQUIRE_EVT(x, "ppoll");
	CHECK_EQ(ps64(x, 0), g_sh->v[12]);
	CHECK_EQ(ps64(x, 0), 1);
	CHECK(plen(x, 1) == 12);
	if (plen(x, 1) == 12) {
		uint16_t n, fl;
		int64_t fd;

		memcpy(&n, pdata(x, 1), 2);
		memcpy(&fd, pdata(x, 1) + 2, 8);
		memcpy(&fl, pdata(x, 1) + 10, 2);
		CHECK_EQ(n, 1);
		CHECK_EQ(fd, g_sh->v[13]);
		CHECK(fl & SCAP_POLLOUT);
	}
	CHECK_EQ(pu64(x, 2), g_sh->v[15]);
	CHECK(g_sh->v[15] > 0 && g_sh->v[15] <= 1000000005ll);
	CHECK_EQ(pu64(x, 3), 1u << (SIGUSR1 - 1));
	x = X(SCAP_EVT_SYSCALL_SELECT_X);
	REQUIRE_EVT(x, "select");
	CHECK_EQ(ps64(x, 0), g_sh->v[14]);
}

static void c_semmod(struct shared *sh)
{
	struct sembuf ops[2] = { { 0, 1, SEM_UNDO }, { 1, 2, IPC_NOWAIT } };
	char rbuf[16] = { 0 }, wdst[8] = { 0 };
	static const char src[] = "vmread-data";
	struct iovec l, r;
	int sv[2];

	sh->v[0] = syscall(SYS_semget, IPC_PRIVATE, 2, IPC_CREAT | 0600);
	sh->v[1] = syscall(SYS_semop, sh->v[0], ops, 2);
	sh->v[2] = syscall(SYS_semctl, sh->v[0], 0, SETVAL, 5);
	sh->v[3] = syscall(SYS_semctl, sh->v[0], 0, IPC_RMID, 0);
	sh->v[5] = getpid();
	l = (struct iovec){ rbuf, sizeof(rbuf) };
	r = (struct iovec){ (void *)src, 11 };
	sh->v[4] = syscall(SYS_process_vm_readv, getpid(), &l, 1, &r, 1, 0);
	l = (struct iovec){ (void *)"vmwrite", 7 };
	r = (struct iovec){ wdst, 7 };
	sh->v[6] = syscall(SYS_process_vm_writev, getpid(), &l, 1, &r, 1, 0);
	sh->v[7] = syscall(SYS_delete_module, "syscap_nomod", O_NONBLOCK) ? -errno : 0;
	sh->v[8] = syscall(SYS_finit_module, -1, "a=1", 1) ? -errno : 0;
	sh->v[9] = syscall(SYS_init_module, "notanelf", 8, "x=2") ? -errno : 0;
	sh->v[10] = syscall(SYS_fsopen, "tmpfs", 0);
	sh->v[11] = syscall(SYS_fsconfig, sh->v[10], 1 /* FSCONFIG_SET_STRING */, "size", "1m", 0);
	socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
	{
		struct sockaddr_un a;
		socklen_t al = sizeof(a);

		sh->v[12] = getsockname(sv[0], (struct sockaddr *)&a, &al);
		al = sizeof(a);
		sh->v[13] = getpeername(sv[0], (struct sockaddr *)&a, &al);
	}
}

static bool exit_events_mode(void);

static void t_semmod(void)
{
	const struct scap_evt_hdr *x;
	bool lacking;

	if (!run(c_semmod))
		return;
	x = X(SCAP_EVT_SYSCALL_SEMGET_X);
	REQUIRE_EVT(x, "semget");
	CHECK_EQ(ps64(x, 0), g_sh->v[0]);
	CHECK_EQ(ps64(x, 1), IPC_PRIVATE);
	CHECK_EQ(ps64(x, 2), 2);
	CHECK_EQ(pu64(x, 3), SCAP_IPC_CREAT);
	x = X(SCAP_EVT_SYSCALL_SEMOP_X);
	REQUIRE_EVT(x, "semop");
	CHECK_EQ(ps64(x, 0), 0);
	CHECK_EQ(g_sh->v[1], 0);
	CHECK_EQ(pu64(x, 1), 2);
	CHECK_EQ(pu64(x, 2), 0);
	CHECK_EQ(ps64(x, 3), 1);
	CHECK_EQ(pu64(x, 4), SCAP_SEM_UNDO);
	CHECK_EQ(pu64(x, 5), 1);
	CHECK_EQ(ps64(x, 6), 2);
	CHECK_EQ(pu64(x, 7), SCAP_IPC_NOWAIT);
	CHECK_EQ(ps64(x, 8), g_sh->v[0]);
	x = XF(SCAP_EVT_SYSCALL_SEMCTL_X, 3, SCAP_SETVAL, 0);
	REQUIRE_EVT(x, "semctl SETVAL");
	CHECK_EQ(ps64(x, 0), g_sh->v[2]);
	CHECK_EQ(ps64(x, 1), g_sh->v[0]);
	CHECK_EQ(ps64(x, 2), 0);
	CHECK_EQ(ps64(x, 4), 5);
	x = XF(SCAP_EVT_SYSCALL_SEMCTL_X, 3, SCAP_IPC_RMID, 0);
	REQUIRE_EVT(x, "semctl IPC_RMID");
	CHECK_EQ(ps64(x, 0), g_sh->v[3]);
	CHECK_EQ(ps64(x, 4), 0);
	x = X(SCAP_EVT_SYSCALL_PROCESS_VM_READV_X);
	REQUIRE_EVT(x, "process_vm_readv");
	CHECK_EQ(ps64(x, 0), 11);
	CHECK_EQ(g_sh->v[4], 11);
	CHECK_EQ(ps64(x, 1), g_sh->v[5]);
	CHECK(plen(x, 2) == 11 && !memcmp(pdata(x, 2), "vmread-data", 11));
	x = X(SCAP_EVT_SYSCALL_PROCESS_VM_WRITEV_X);
	REQUIRE_EVT(x, "process_vm_writev");
	CHECK_EQ(ps64(x, 0), 7);
	CHECK_EQ(ps64(x, 1), g_sh->v[5]);
	CHECK(plen(x, 2) == 7 && !memcmp(pdata(x, 2), "vmwrite", 7));
	/* With exits from syscall trace events (SYSCAP_BPF_EXIT), a syscall this kernel does not
	 * implement (ENOSYS: no module support) has no event, as documented; sys_exit reports it. */
	lacking = exit_events_mode();
	x = X(SCAP_EVT_SYSCALL_DELETE_MODULE_X);
	if (lacking && g_sh->v[7] == -ENOSYS) {
		CHECK(x == NULL);
	} else {
		REQUIRE_EVT(x, "delete_module");
		CHECK_EQ(ps64(x, 0), g_sh->v[7]);
		CHECK_STR(pstr(x, 1), "syscap_nomod");
		CHECK_EQ(pu64(x, 2), SCAP_DELETE_MODULE_O_NONBLOCK);
	}
	x = X(SCAP_EVT_SYSCALL_FINIT_MODULE_X);
	if (lacking && g_sh->v[8] == -ENOSYS) {
		CHECK(x == NULL);
	} else {
		REQUIRE_EVT(x, "finit_module");
		CHECK_EQ(ps64(x, 0), g_sh->v[8]);
		CHECK_EQ(ps64(x, 1), -1);
		CHECK_STR(pstr(x, 2), "a=1");
		CHECK_EQ(pu64(x, 3), 1);
	}
	x = X(SCAP_EVT_SYSCALL_INIT_MODULE_X);
	if (lacking && g_sh->v[9] == -ENOSYS) {
		CHECK(x == NULL);
	} else {
		REQUIRE_EVT(x, "init_module");
		CHECK_EQ(ps64(x, 0), g_sh->v[9]);
		CHECK(plen(x, 1) == 8 && !memcmp(pdata(x, 1), "notanelf", 8));
		CHECK_EQ(pu64(x, 2), 8);
		CHECK_STR(pstr(x, 3), "x=2");
	}
	x = X(SCAP_EVT_SYSCALL_FSCONFIG_X);
	REQUIRE_EVT(x, "fsconfig");
	CHECK_EQ(ps64(x, 0), g_sh->v[11]);
	CHECK_EQ(ps64(x, 1), g_sh->v[10]);
	CHECK_EQ(pu64(x, 2), SCAP_FSCONFIG_SET_STRING);
	CHECK_STR(pstr(x, 3), "size");
	if (g_sh->v[11] == 0) {
		CHECK_EQ(plen(x, 4), 0);
		CHECK_STR(pstr(x, 5), "1m");
	}
	CHECK_EQ(ps64(x, 6), 0);
	REQUIRE_EVT(X(SCAP_EVT_SOCKET_GETSOCKNAME_X), "getsockname");
	REQUIRE_EVT(X(SCAP_EVT_SOCKET_GETPEERNAME_X), "getpeername");
	CHECK_EQ(g_sh->v[12], 0);
}

/* ---- sampling markers ----------------------------------------------------------------------- */

static void c_sampling(struct shared *sh)
{
	struct timespec ts = { 0, 1000000 }, t0, t;
	cpu_set_t one;
	uid_t r, e, s;

	/* one CPU: the probe keeps the sampling window per CPU */
	sh->v[0] = 0;
	CPU_ZERO(&one);
	CPU_SET(sched_getcpu(), &one);
	sched_setaffinity(0, sizeof(one), &one);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	do { /* 1.3 s holds at least one start and one end of a dropping window */
		getresuid(&r, &e, &s);
		sh->v[0]++;
		nanosleep(&ts, NULL);
		clock_gettime(CLOCK_MONOTONIC, &t);
	} while ((t.tv_sec - t0.tv_sec) * 1000 + (t.tv_nsec - t0.tv_nsec) / 1000000 < 1300);
}

static void only_getresuid(bool on);

static void t_sampling(void)
{
	const struct scap_evt_hdr *x;
	int n_e = 0, n_x = 0, kept = 0, in_window = 0, dropped_inside = 1;

	/* only getresuid (rare on a busy host), sampled at 1/2 */
	only_getresuid(true);
	CHECK_EQ(scap_configure(g_h, SCAP_SET_SAMPLING, 2, 0), 0);
	if (!run(c_sampling))
		goto restore;
	for (size_t i = 0; i < g_c.n; i++) {
		x = g_c.evts[i];
		if ((int64_t)x->tid != g_pid)
			continue;
		if (x->type == SCAP_EVT_DROP_E) {
			CHECK_EQ(pu64(x, 0), 2);
			CHECK_EQ(in_window, 0); /* DROP_E and DROP_X alternate */
			in_window = 1;
			n_e++;
		} else if (x->type == SCAP_EVT_DROP_X) {
			CHECK_EQ(pu64(x, 0), 2);
			if (n_e)
				CHECK_EQ(in_window, 1);
			in_window = 0;
			n_x++;
		} else if (x->type == SCAP_EVT_SYSCALL_GETRESUID_X) {
			kept++;
			if (in_window)
				dropped_inside = 0;
		}
	}
	CHECK(n_e >= 1);
	CHECK(n_x >= 1);
	CHECK(dropped_inside); /* nothing kept between a DROP_E and its DROP_X */
	CHECK(kept > 0 && kept < g_sh->v[0]);
restore:
	scap_configure(g_h, SCAP_SET_SAMPLING, 1, 0);
	only_getresuid(false);
}

/* ---- 32-bit (ia32) tasks ------------------------------------------------------------------- */

static bool exit_events_mode(void);

static char g_ia32_exe[256]; /* the static 32-bit helper, ia32_child */
static uint16_t g_ia32_port; /* the port it connects to */

/* ia32_child next to this program, else at the root (the VM initramfs). */
static bool find_ia32_child(void)
{
	char self[256];
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	char *slash;

	if (n > 0) {
		self[n] = 0;
		slash = strrchr(self, '/');
		if (slash) {
			snprintf(g_ia32_exe, sizeof(g_ia32_exe), "%.*s/ia32_child",
				 (int)(slash - self), self);
			if (!access(g_ia32_exe, X_OK))
				return true;
		}
	}
	snprintf(g_ia32_exe, sizeof(g_ia32_exe), "/ia32_child");
	return !access(g_ia32_exe, X_OK);
}

static bool toctou_sys_enter(void);

/* Whether 32-bit tasks' TOCTOU enter events are produced: the module's always are. */
static bool ia32_enters(void)
{
	return strcmp(g_engine, "bpf") || toctou_sys_enter();
}

/* Runs ia32_child IN OUT PORT with its report on stdout (s[2]). */
static void c_ia32(struct shared *sh)
{
	char port[16];
	char *argv[] = { "ia32_child", sh->s[0], sh->s[1], port, NULL };
	char *envp[] = { "SYSCAP_IA32=1", NULL };
	int fd;

	path_in_dir(sh->s[0], sizeof(sh->s[0]), "ia32-in");
	path_in_dir(sh->s[1], sizeof(sh->s[1]), "ia32-out");
	path_in_dir(sh->s[2], sizeof(sh->s[2]), "ia32-report");
	snprintf(port, sizeof(port), "%u", g_ia32_port);
	fd = open(sh->s[2], O_WRONLY | O_CREAT | O_TRUNC, 0600);
	if (fd < 0 || dup2(fd, 1) != 1)
		_exit(98);
	close(fd);
	/* the numbers the drivers set apart for ia32's send and recv mean nothing to a 64-bit task
	 * (-ENOSYS): t_ia32 checks that only the 32-bit calls give events */
	syscall(SCAP_NR_IA32_SEND, -1, "x", 1, 0);
	syscall(SCAP_NR_IA32_RECV, -1, argv, 1, 0);
	execve(g_ia32_exe, argv, envp);
	_exit(99);
}

/* The first event of type from the test child after `from` whose parameter pi equals val. */
static const struct scap_evt_hdr *XF_AFTER(const struct scap_evt_hdr *from, uint16_t type,
					   unsigned pi, int64_t val)
{
	bool seen = false;

	for (int i = 0;; i++) {
		const struct scap_evt_hdr *e = find_evt(&g_c, type, g_pid, i);

		if (!e)
			return NULL;
		for (size_t k = 0; !seen && k < g_c.n && g_c.evts[k] != e; k++)
			seen = g_c.evts[k] == from;
		if (seen && ps64(e, pi) == val)
			return e;
	}
}

/* The value of "key N" in the child's report, or INT64_MIN. */
static int64_t ia32_value(const char *out, const char *key)
{
	size_t kl = strlen(key);

	for (const char *l = out; l && *l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : NULL)
		if (!strncmp(l, key, kl) && l[kl] == ' ')
			return strtoll(l + kl + 1, NULL, 10);
	return INT64_MIN;
}

/* Whether the kernel runs ia32_child at all: without arguments it only prints its usage. */
static bool ia32_exec_works(void)
{
	char *argv[] = { "ia32_child", NULL };
	int st = 0;
	pid_t pid = fork();

	if (pid == 0) {
		int null = open("/dev/null", O_WRONLY);

		if (null >= 0)
			dup2(null, 2);
		execve(g_ia32_exe, argv, argv + 1);
		_exit(errno == ENOEXEC ? 97 : 99);
	}
	if (pid < 0 || waitpid(pid, &st, 0) != pid)
		return true; /* let the test itself fail */
	return !WIFEXITED(st) || WEXITSTATUS(st) != 97;
}

/*
 * What ia32_child needs: the file it reads and a loopback listener it connects to (g_ia32_port).
 * Returns the listening socket, or -1 with g_skip or g_fail set.
 */
static int ia32_setup(void)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t al = sizeof(a);
	char in[256];
	int ls, fd;
	ssize_t n;

	if (!find_ia32_child()) {
		snprintf(g_skip, sizeof(g_skip), "no ia32_child next to this program or at /ia32_child "
			 "(no -m32 -static toolchain at build time: install gcc-multilib)");
		return -1;
	}
	if (!ia32_exec_works()) {
		snprintf(g_skip, sizeof(g_skip), "this kernel cannot execute 32-bit programs (%.80s: "
			 "exec format error; built without CONFIG_IA32_EMULATION or booted with "
			 "ia32_emulation=0)", g_ia32_exe);
		return -1;
	}
	if (exit_events_mode()) {
		snprintf(g_skip, sizeof(g_skip),
			 "syscall exits come from the syscalls' own trace events "
			 "(SYSCAP_BPF_EXIT=trace_events), which never see ia32 syscalls: the engine "
			 "notes at open that they are not captured");
		return -1;
	}
	path_in_dir(in, sizeof(in), "ia32-in");
	fd = open(in, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	n = fd >= 0 ? write(fd, g_payload, sizeof(g_payload) - 1) : -1;
	if (fd >= 0)
		close(fd);
	/* non-blocking: a child that never connected must fail the test, not hang it in accept */
	ls = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (n != sizeof(g_payload) - 1 || ls < 0 || bind(ls, (struct sockaddr *)&a, sizeof(a)) ||
	    listen(ls, 4) || getsockname(ls, (struct sockaddr *)&a, &al)) {
		snprintf(g_fail, sizeof(g_fail), "setup: %s", strerror(errno));
		if (ls >= 0)
			close(ls);
		return -1;
	}
	g_ia32_port = ntohs(a.sin_port);
	return ls;
}

/* The child's report (what c_ia32 left in s[2]) into out. */
static void ia32_report(char *out, size_t size)
{
	int fd = open(g_sh->s[2], O_RDONLY);
	ssize_t n = fd >= 0 ? read(fd, out, size - 1) : -1;

	if (fd >= 0)
		close(fd);
	out[n > 0 ? n : 0] = 0;
}

static void t_ia32(void)
{
	struct sockaddr_in a;
	socklen_t al = sizeof(a);
	const struct scap_evt_hdr *e, *x, *o;
	char out[1024];
	int64_t in_fd, out_fd, sfd;
	uint16_t cport = 0;
	struct stat st;
	int ls, acc;

	ls = ia32_setup();
	if (ls < 0)
		return;
	if (!run(c_ia32)) {
		close(ls);
		return;
	}
	/* the client's port, from the connection it left in the backlog */
	acc = accept4(ls, (struct sockaddr *)&a, &al, SOCK_NONBLOCK | SOCK_CLOEXEC);
	if (acc >= 0) {
		cport = ntohs(a.sin_port);
		close(acc);
	}
	close(ls);
	ia32_report(out, sizeof(out));
	in_fd = ia32_value(out, "open_fd");
	out_fd = ia32_value(out, "out_fd");
	sfd = ia32_value(out, "sock_fd");
	CHECK(in_fd >= 0 && out_fd >= 0 && sfd >= 0 && cport);
	CHECK_EQ(ia32_value(out, "execve_res"), -ENOENT);
	if (g_fail[0])
		return;

	/* the exec of the 32-bit program (64-bit execve, compat on return) */
	x = XF(SCAP_EVT_SYSCALL_EXECVE_19_X, 0, 0, 0);
	REQUIRE_EVT(x, "execve of ia32_child");
	CHECK_STR(pstr(x, 1), "ia32_child");
	CHECK_STR(pstr(x, 13), "ia32_child");
	CHECK_STR(pstr(x, 30), g_ia32_exe);
	CHECK(plen(x, 15) == 14 && !memcmp(pdata(x, 15), "SYSCAP_IA32=1\0", 14));

	/*
	 * open (TOCTOU enter and exit), read, close, a failed read. The enter events of 32-bit tasks
	 * come from sys_enter only (SYSCAP_BPF_TOCTOU=sys_enter, and always from the module): the
	 * trace events the bpf engine uses by default do not fire for compat syscalls.
	 */
	stat(g_sh->s[0], &st);
	e = X(SCAP_EVT_SYSCALL_OPEN_E);
	if (ia32_enters()) {
		REQUIRE_EVT(e, "open enter");
		CHECK_STR(pstr(e, 0), g_sh->s[0]);
		CHECK_EQ(pu64(e, 1), SCAP_O_RDONLY);
		CHECK_EQ(pu64(e, 2), 0);
	} else {
		CHECK(e == NULL);
	}
	/* the first open of the test child is the 32-bit one (the 64-bit side uses openat) */
	o = x = X(SCAP_EVT_SYSCALL_OPEN_X);
	REQUIRE_EVT(x, "open exit");
	CHECK_EQ(ps64(x, 0), in_fd);
	CHECK_STR(pstr(x, 1), g_sh->s[0]);
	CHECK_EQ(pu64(x, 2), SCAP_O_RDONLY);
	CHECK_EQ(pu64(x, 3), 0);
	CHECK_EQ(pu64(x, 4), (uint32_t)st.st_dev);
	CHECK_EQ(pu64(x, 5), st.st_ino);
	x = XF_AFTER(o, SCAP_EVT_SYSCALL_READ_X, 2, in_fd);
	REQUIRE_EVT(x, "read");
	CHECK_EQ(ps64(x, 0), sizeof(g_payload) - 1);
	CHECK_EQ(ia32_value(out, "read_res"), sizeof(g_payload) - 1);
	CHECK(plen(x, 1) == sizeof(g_payload) - 1 &&
	      !memcmp(pdata(x, 1), g_payload, sizeof(g_payload) - 1));
	CHECK_EQ(pu64(x, 3), 64);
	/* pread64 and _llseek: 64-bit positions split in two 32-bit words */
	x = X(SCAP_EVT_SYSCALL_PREAD_X);
	REQUIRE_EVT(x, "pread64");
	CHECK_EQ(ps64(x, 0), 0);
	CHECK_EQ(ps64(x, 2), in_fd);
	CHECK_EQ(pu64(x, 3), 4);
	CHECK_EQ(pu64(x, 4), (1ULL << 32) + 3);
	CHECK_EQ(ia32_value(out, "llseek_pos"), 5);
	x = X(SCAP_EVT_SYSCALL_LSEEK_X);
	REQUIRE_EVT(x, "_llseek");
	CHECK_EQ(ps64(x, 0), 0);
	CHECK_EQ(ps64(x, 1), in_fd);
	CHECK_EQ(pu64(x, 2), 5);
	CHECK_EQ(pu64(x, 3), SCAP_SEEK_SET);
	x = XF_AFTER(o, SCAP_EVT_SYSCALL_CLOSE_X, 1, in_fd);
	REQUIRE_EVT(x, "close");
	CHECK_EQ(ps64(x, 0), 0);
	x = XF(SCAP_EVT_SYSCALL_READ_X, 2, -1, 0);
	REQUIRE_EVT(x, "read of fd -1 (a 32-bit -1 reported as -1)");
	CHECK_EQ(ps64(x, 0), -EBADF);
	CHECK_EQ(plen(x, 1), 0);
	CHECK_EQ(pu64(x, 3), 10);

	/* the second open and the writev of two 32-bit iovecs */
	o = x = find_evt(&g_c, SCAP_EVT_SYSCALL_OPEN_X, g_pid, 1);
	REQUIRE_EVT(x, "open of the output");
	CHECK_EQ(ps64(x, 0), out_fd);
	CHECK_STR(pstr(x, 1), g_sh->s[1]);
	CHECK_EQ(pu64(x, 2), SCAP_O_WRONLY | SCAP_O_CREAT | SCAP_O_TRUNC | SCAP_O_F_CREATED);
	CHECK_EQ(pu64(x, 3), 0600);
	x = XF_AFTER(o, SCAP_EVT_SYSCALL_WRITEV_X, 2, out_fd);
	REQUIRE_EVT(x, "writev");
	CHECK_EQ(ps64(x, 0), 6);
	CHECK(plen(x, 1) == 6 && !memcmp(pdata(x, 1), "abcdef", 6));
	CHECK_EQ(pu64(x, 3), 6);

	/* the report itself: 32-bit write(2) to fd 1 */
	x = XF(SCAP_EVT_SYSCALL_WRITE_X, 2, 1, 0);
	REQUIRE_EVT(x, "write of the report");
	CHECK(plen(x, 1) >= 8 && !memcmp(pdata(x, 1), "open_fd ", 8));

	/* socketcall: socket, connect (enter and exit), sendmsg of two 32-bit iovecs */
	x = XF(SCAP_EVT_SOCKET_SOCKET_X, 0, sfd, 0);
	REQUIRE_EVT(x, "socket (socketcall)");
	CHECK_EQ(pu64(x, 1), SCAP_AF_INET);
	CHECK_EQ(pu64(x, 2), SOCK_STREAM);
	CHECK_EQ(pu64(x, 3), 0);
	e = X(SCAP_EVT_SOCKET_CONNECT_E);
	if (ia32_enters()) {
		REQUIRE_EVT(e, "connect enter (socketcall)");
		CHECK_EQ(ps64(e, 0), sfd);
		check_sockaddr(e, 1, g_ia32_port);
	} else {
		CHECK(e == NULL);
	}
	x = X(SCAP_EVT_SOCKET_CONNECT_X);
	REQUIRE_EVT(x, "connect exit (socketcall)");
	CHECK_EQ(ps64(x, 0), 0);
	check_tuple(x, 1, cport, g_ia32_port);
	CHECK_EQ(ps64(x, 2), sfd);
	check_sockaddr(x, 3, g_ia32_port);
	x = X(SCAP_EVT_SOCKET_SENDMSG_X);
	REQUIRE_EVT(x, "sendmsg (socketcall)");
	CHECK_EQ(ps64(x, 0), 6);
	CHECK(plen(x, 1) == 6 && !memcmp(pdata(x, 1), "hello!", 6));
	CHECK_EQ(ps64(x, 2), sfd);
	CHECK_EQ(pu64(x, 3), 6);
	check_tuple(x, 4, cport, g_ia32_port);
	/* sendmmsg: one event per message, from 32-bit mmsghdrs */
	CHECK_EQ(ia32_value(out, "sendmmsg_res"), 2);
	for (int i = 0; i < 2; i++) {
		const char *m = i ? "m22" : "m1";

		x = find_evt(&g_c, SCAP_EVT_SOCKET_SENDMMSG_X, g_pid, i);
		REQUIRE_EVT(x, "sendmmsg message (socketcall)");
		CHECK_EQ(ps64(x, 0), strlen(m));
		CHECK_EQ(ps64(x, 1), sfd);
		CHECK_EQ(pu64(x, 2), strlen(m));
		CHECK(plen(x, 3) == strlen(m) && !memcmp(pdata(x, 3), m, strlen(m)));
		check_tuple(x, 4, cport, g_ia32_port);
	}

	/* the failed execve: its 32-bit argv and envp arrays */
	x = XF(SCAP_EVT_SYSCALL_EXECVE_19_X, 0, -ENOENT, 0);
	REQUIRE_EVT(x, "failed execve");
	CHECK_STR(pstr(x, 30), "/nonexistent/syscap-ia32");
	CHECK_STR(pstr(x, 1), "nx32");
	CHECK(plen(x, 2) == 7 && !memcmp(pdata(x, 2), "x1\0x22\0", 7));
	CHECK(plen(x, 15) == 11 && !memcmp(pdata(x, 15), "IA32=1\0C=3\0", 11));
	CHECK_EQ(ps64(x, 3), g_pid);
	CHECK_STR(pstr(x, 13), "ia32_child");

	/* send and recv: socketcall only (x86_64 has neither), on the child's own TCP pair */
	{
		int64_t cl = ia32_value(out, "pair_client"), sv = ia32_value(out, "pair_server");
		uint16_t lp = (uint16_t)ia32_value(out, "pair_lport");
		uint16_t cp = (uint16_t)ia32_value(out, "pair_cport");

		CHECK(cl >= 0 && sv >= 0 && lp && cp);
		CHECK_EQ(ia32_value(out, "send_res"), 4);
		CHECK_EQ(ia32_value(out, "recv_res"), 4);
		CHECK(strstr(out, "recv_data ping\n"));
		x = XF(SCAP_EVT_SOCKET_SEND_X, 2, cl, 0);
		REQUIRE_EVT(x, "send (socketcall)");
		CHECK_EQ(ps64(x, 0), 4);
		CHECK(plen(x, 1) == 4 && !memcmp(pdata(x, 1), "ping", 4));
		CHECK_EQ(pu64(x, 3), 4);
		check_tuple(x, 4, cp, lp);
		x = XF(SCAP_EVT_SOCKET_RECV_X, 2, sv, 0);
		REQUIRE_EVT(x, "recv (socketcall)");
		CHECK_EQ(ps64(x, 0), 4);
		CHECK(plen(x, 1) == 4 && !memcmp(pdata(x, 1), "ping", 4));
		CHECK_EQ(pu64(x, 3), 64);
		check_tuple(x, 4, cp, lp); /* received: remote -> local */
		/* failed: send shows what it was given, recv no data; neither has a tuple */
		CHECK_EQ(ia32_value(out, "badsend_res"), -EBADF);
		CHECK_EQ(ia32_value(out, "badrecv_res"), -EBADF);
		x = XF(SCAP_EVT_SOCKET_SEND_X, 2, -1, 0);
		REQUIRE_EVT(x, "send on fd -1 (socketcall)");
		CHECK_EQ(ps64(x, 0), -EBADF);
		CHECK(plen(x, 1) == 5 && !memcmp(pdata(x, 1), "fail!", 5));
		CHECK_EQ(pu64(x, 3), 5);
		CHECK_EQ(plen(x, 4), 0);
		x = XF(SCAP_EVT_SOCKET_RECV_X, 2, -1, 0);
		REQUIRE_EVT(x, "recv on fd -1 (socketcall)");
		CHECK_EQ(ps64(x, 0), -EBADF);
		CHECK_EQ(plen(x, 1), 0);
		CHECK_EQ(pu64(x, 3), 8);
		CHECK_EQ(plen(x, 4), 0);
		CHECK(!find_evt(&g_c, SCAP_EVT_SOCKET_SEND_X, g_pid, 2));
		CHECK(!find_evt(&g_c, SCAP_EVT_SOCKET_RECV_X, g_pid, 2));
	}
}

/*
 * The interest set reaches the ia32-only calls: with send taken out of it the child's two sends
 * give no event, its two recvs still do; then send is put back.
 */
static void t_ia32_interest(void)
{
	int ls = ia32_setup();
	char out[1024];

	if (ls < 0)
		return;
	CHECK_EQ(scap_configure(g_h, SCAP_SET_SC, SCAP_SC_SEND, 0), 0);
	if (run(c_ia32)) {
		ia32_report(out, sizeof(out));
		CHECK_EQ(ia32_value(out, "send_res"), 4);
		CHECK_EQ(ia32_value(out, "badsend_res"), -EBADF);
		CHECK(!X(SCAP_EVT_SOCKET_SEND_X));
		CHECK(find_evt(&g_c, SCAP_EVT_SOCKET_RECV_X, g_pid, 1) != NULL);
		/* the other socket calls of the child are still there */
		CHECK(X(SCAP_EVT_SOCKET_SENDMSG_X) != NULL);
	}
	close(ls);
	CHECK_EQ(scap_configure(g_h, SCAP_SET_SC, SCAP_SC_SEND, 1), 0);
}

static void t_nothing_selected(void);

/* ---- registry ------------------------------------------------------------------------------- */

static const struct {
	const char *name;
	void (*fn)(void);
} g_tests[] = {
	{ "open", t_open },
	{ "openat", t_openat },
	{ "openat2", t_openat2 },
	{ "creat", t_creat },
	{ "fd_table", t_fds },
	{ "io", t_io },
	{ "tcp", t_tcp },
	{ "unix_msg", t_msg },
	{ "dirs", t_dirs },
	{ "mount", t_mount },
	{ "mmap", t_mmap },
	{ "ids_signals_ptrace_prctl_generic", t_ids },
	{ "fork", t_fork },
	{ "clone", t_clone },
	{ "execve", t_exec },
	{ "execveat_memfd", t_exec_memfd },
	{ "exec_overlay", t_exec_overlay },
	{ "open_overlay", t_open_overlay },
	{ "procexit_signal", t_procexit_signal },
	{ "procexit_reaper", t_procexit_reaper },
	{ "fd_creators", t_fdmisc },
	{ "epoll_bpf_seccomp_io_uring", t_argsonly },
	{ "limits_ids_locks", t_limits },
	{ "controls", t_controls },
	{ "dynamic_snaplen", t_dynsnap },
	{ "tracepoints", t_tracepoints },
	{ "keyctl_quotactl", t_admin },
	{ "fd_creators_legacy", t_fdlegacy },
	{ "stat_locks_waits", t_statlock },
	{ "sem_vm_modules_fsconfig", t_semmod },
	{ "sampling_drop_markers", t_sampling },
	{ "ia32", t_ia32 },
	{ "ia32_interest", t_ia32_interest },
	{ "nothing_selected", t_nothing_selected },
	{ "file_metadata", t_fsmeta },
	{ "process_misc", t_process_misc },
};

/* The syscalls the tests look at: capturing only these keeps the volume of a busy machine low. */
static const char *const g_syscalls[] = {
	"open", "openat", "openat2", "creat", "close", "dup", "dup2", "dup3", "fcntl", "pipe",
	"pipe2", "read", "write", "pread64", "pwrite64", "readv", "writev", "preadv", "pwritev",
	"socket", "bind", "listen", "connect", "accept4", "sendto", "recvfrom", "setsockopt",
	"getsockopt", "socketpair", "sendmsg", "recvmsg", "sendmmsg", "recvmmsg", "mkdir",
	"mkdirat", "rename", "renameat", "renameat2", "rmdir", "unlinkat", "unlink", "chdir",
	"fchdir", "mount", "umount2", "mmap", "munmap", "setuid", "setgid", "setresuid",
	"setresgid", "kill", "tkill", "tgkill", "ptrace", "prctl", "getppid", "fork", "clone",
	"execve", "execveat", "sched_process_exit", "eventfd2", "memfd_create", "epoll_create1",
	"io_uring_setup", "inotify_init1", "close_range", "shutdown", "pidfd_open", "prlimit64",
	"getuid", "getresuid", "flock", "nanosleep", "poll", "keyctl", "quotactl", "lseek",
	"epoll_wait", "bpf", "seccomp", "io_uring_enter", "io_uring_register", "epoll_create",
	"inotify_init", "eventfd", "signalfd", "signalfd4", "timerfd_create", "userfaultfd",
	"pidfd_getfd", "copy_file_range", "open_by_handle_at", "setsid", "lstat", "newfstatat",
	"getdents", "getcwd", "mlock", "munlock", "mlock2", "mlockall", "munlockall", "ppoll",
	"select", "semget", "semop", "semctl", "process_vm_readv", "process_vm_writev",
	"delete_module", "finit_module", "init_module", "fsconfig", "getsockname", "getpeername",
	"send", "recv", NULL,
};

/* Every list of syscalls the tests use; SUITE_SYSCALLS(name) walks them all. */
static const char *const *const g_syscall_lists[] = { g_syscalls, g_fsmeta_syscalls,
						      g_process_misc_syscalls };
#define SUITE_SYSCALLS(name)                                                                  \
	for (size_t _l = 0; _l < sizeof(g_syscall_lists) / sizeof(g_syscall_lists[0]); _l++) \
		for (const char *const *_n = g_syscall_lists[_l], *name; (name = *_n); _n++)

/* Narrows the interest set to getresuid (on) or restores the suite's set (off). */
static void only_getresuid(bool on)
{
	SUITE_SYSCALLS(name)
	if (strcmp(name, "getresuid") && strcmp(name, "sched_process_exit"))
		scap_configure(g_h, SCAP_SET_SC, (uint32_t)scap_sc_by_name(name), !on);
}

/* The name of BPF program id (cut at 15 characters by the kernel); "" when unknown. */
static void prog_name(uint32_t id, char name[16])
{
	struct bpf_prog_info pi = { 0 };
	union bpf_attr a;
	int pfd;

	name[0] = '\0';
	memset(&a, 0, sizeof(a));
	a.prog_id = id;
	pfd = syscall(SYS_bpf, BPF_PROG_GET_FD_BY_ID, &a, sizeof(a));
	if (pfd < 0)
		return;
	memset(&a, 0, sizeof(a));
	a.info.bpf_fd = pfd;
	a.info.info_len = sizeof(pi);
	a.info.info = (uintptr_t)&pi;
	if (!syscall(SYS_bpf, BPF_OBJ_GET_INFO_BY_FD, &a, sizeof(a)))
		snprintf(name, 16, "%.15s", pi.name);
	close(pfd);
}

/*
 * Whether perf event fd carries a toctou_* program. Before 5.15 there is no perf-event BPF link:
 * the program is set on the event with an ioctl, and only the event's fd shows it.
 */
static bool perf_fd_toctou(int fd)
{
	union {
		struct perf_event_query_bpf q;
		char b[sizeof(struct perf_event_query_bpf) + 16 * sizeof(__u32)];
	} u;
	char name[16];

	memset(&u, 0, sizeof(u));
	u.q.ids_len = 16;
	if (ioctl(fd, PERF_EVENT_IOC_QUERY_BPF, &u.q))
		return false;
	for (__u32 i = 0; i < u.q.prog_cnt && i < 16; i++) {
		prog_name(u.q.ids[i], name);
		if (!strncmp(name, "toctou_", 7))
			return true;
	}
	return false;
}

/*
 * How many BPF links this process holds on tracepoint tp (bpf engine): raw_tracepoint links name
 * it; tp_btf links are known by their program, syscap_<tp> (cut at 15 characters by the kernel).
 * tp "toctou": the programs on the syscalls/sys_enter_* trace events, named toctou_<syscall>,
 * counted by perf-event link or, where the kernel has none, by perf event (the larger count).
 * tp "ev": the dispatcher on syscalls/sys_exit_* trace events (ev_syscap_sys_exit, perf-event
 * links: the kernels that run it have them), one per selected syscall (SYSCAP_BPF_EXIT).
 * Raw bpf(2), no libbpf: the suite also runs statically in the VM.
 */
static int own_links(const char *tp)
{
	DIR *d = opendir("/proc/self/fd");
	bool toctou = !strcmp(tp, "toctou"), ev = !strcmp(tp, "ev");
	struct dirent *de;
	char want[16], name[64];
	int n = 0, n_perf = 0;

	if (!d)
		return -1;
	snprintf(want, sizeof(want), "%s%s", toctou ? "" : "syscap_", tp);
	if (ev)
		snprintf(want, sizeof(want), "ev_syscap_sys_e"); /* 15 characters kept */
	while ((de = readdir(d))) {
		struct bpf_link_info li = { 0 };
		char target[64];
		int fd = atoi(de->d_name);
		union bpf_attr a;

		if (fd_target(de->d_name, target, sizeof(target)))
			continue;
		if (toctou && !strcmp(target, "anon_inode:[perf_event]")) {
			n_perf += perf_fd_toctou(fd);
			continue;
		}
		if (strcmp(target, "anon_inode:bpf_link"))
			continue;
		/* the type first: the kernel reads the buffer fields of that type's part of the
		 * union, and a raw_tracepoint name buffer means something else to a perf link */
		memset(&a, 0, sizeof(a));
		a.info.bpf_fd = fd;
		a.info.info_len = sizeof(li);
		a.info.info = (uintptr_t)&li;
		if (syscall(SYS_bpf, BPF_OBJ_GET_INFO_BY_FD, &a, sizeof(a)))
			continue;
		if (li.type == BPF_LINK_TYPE_RAW_TRACEPOINT) {
			name[0] = '\0';
			memset(&li, 0, sizeof(li));
			li.raw_tracepoint.tp_name = (uintptr_t)name;
			li.raw_tracepoint.tp_name_len = sizeof(name);
			if (!syscall(SYS_bpf, BPF_OBJ_GET_INFO_BY_FD, &a, sizeof(a)))
				n += !toctou && !ev && !strcmp(name, tp);
			continue;
		}
		if (li.type != (toctou || ev ? BPF_LINK_TYPE_PERF_EVENT : BPF_LINK_TYPE_TRACING))
			continue;
		prog_name(li.prog_id, name);
		n += !strncmp(name, want, strlen(want));
	}
	closedir(d);
	return n > n_perf ? n : n_perf;
}

/* Takes every syscall of the suite's set out of the interest set (on) or puts them back (off). */
static void no_syscalls(bool on)
{
	SUITE_SYSCALLS(name)
	if (strcmp(name, "sched_process_exit"))
		scap_configure(g_h, SCAP_SET_SC, (uint32_t)scap_sc_by_name(name), !on);
}

static void c_nothing(struct shared *sh)
{
	sh->v[0] = syscall(SYS_getppid);
	sh->v[1] = close(-1);
}

/*
 * Whether the bpf engine takes the TOCTOU enter events from sys_enter (for every ABI): asked with
 * SYSCAP_BPF_TOCTOU=sys_enter, no trace events where SYSCAP_TRACEFS says tracefs is, or trace
 * events that cannot be attached (the tier says so with SYSCAP_SUITE_TOCTOU=sys_enter).
 */
static bool toctou_sys_enter(void)
{
	const char *v = getenv("SYSCAP_BPF_TOCTOU"), *fs = getenv("SYSCAP_TRACEFS");
	const char *expect = getenv("SYSCAP_SUITE_TOCTOU");
	char p[256];

	if ((v && !strcmp(v, "sys_enter")) || (expect && !strcmp(expect, "sys_enter")))
		return true;
	snprintf(p, sizeof(p), "%s/events", fs ? fs : "");
	return fs && *fs && access(p, F_OK);
}

/* Whether the bpf engine takes syscall exits from the syscalls' own trace events. */
static bool exit_events_mode(void)
{
	return !strcmp(g_engine, "bpf") && own_links("ev") > 0;
}

/*
 * The exit mode SYSCAP_BPF_EXIT asks for: 1 trace events, 0 sys_exit, -1 the engine's choice
 * (auto), which the test reads from the links it finds.
 */
static int exit_events_wanted(void)
{
	const char *v = getenv("SYSCAP_BPF_EXIT");

	if (v && !strcmp(v, "trace_events"))
		return 1;
	if (v && !strcmp(v, "sys_exit"))
		return 0;
	return -1;
}

/*
 * Links of the bpf engine: on sys_exit (or, with exits from trace events, on that many selected
 * syscalls' exit trace events), on sys_enter, on the TOCTOU trace events.
 */
#define check_links(sys_exit, sys_enter, toctou)                                  \
	do {                                                                      \
		if (ev) {                                                         \
			CHECK_EQ(own_links("sys_exit"), 0);                       \
			CHECK_EQ(own_links("ev"), (sys_exit));                    \
		} else {                                                          \
			CHECK_EQ(own_links("sys_exit"), (sys_exit));              \
			CHECK_EQ(own_links("ev"), 0);                             \
		}                                                                 \
		CHECK_EQ(own_links("sys_enter"), (sys_enter));                    \
		CHECK_EQ(own_links("toctou"), (toctou));                          \
	} while (0)

/*
 * With no syscall selected there is no syscall event, and the bpf engine has detached sys_exit and
 * everything on syscall entry, so that no syscall pays for them; selecting getppid attaches
 * sys_exit alone (no enter event wanted), or with exits from trace events getppid's alone. An
 * enter event comes from the trace event of its own syscall (one per selected TOCTOU syscall),
 * or from sys_enter with SYSCAP_BPF_TOCTOU=sys_enter.
 */
static void t_nothing_selected(void)
{
	bool bpf = !strcmp(g_engine, "bpf"), se = toctou_sys_enter(), ev = false;
	int want_ev = exit_events_wanted();

	no_syscalls(true);
	if (bpf)
		check_links(0, 0, 0);
	if (run(c_nothing)) {
		CHECK(!X(SCAP_EVT_GENERIC_X));
		CHECK(!X(SCAP_EVT_SYSCALL_CLOSE_X));
		CHECK(X(SCAP_EVT_PROCEXIT_1_E) != NULL); /* the tracepoint is still there */
	}
	CHECK_EQ(scap_configure(g_h, SCAP_SET_SC, SCAP_SC_GETPPID, 1), 0);
	if (bpf) {
		ev = own_links("ev") > 0;
		if (want_ev >= 0)
			CHECK_EQ(ev, want_ev == 1);
		check_links(1, 0, 0);
	}
	if (run(c_nothing)) {
		const struct scap_evt_hdr *x = X(SCAP_EVT_GENERIC_X);

		CHECK(x != NULL);
		if (x)
			CHECK_EQ(pu64(x, 0), SCAP_SC_GETPPID);
		CHECK(!X(SCAP_EVT_SYSCALL_CLOSE_X));
	}
	CHECK_EQ(scap_configure(g_h, SCAP_SET_SC, SCAP_SC_OPENAT, 1), 0);
	if (bpf)
		check_links(ev ? 2 : 1, se, !se);
	no_syscalls(false);
	if (bpf) {
		if (ev) /* one per selected syscall: many */
			CHECK(own_links("ev") > 5);
		else
			check_links(1, se, se ? 0 : 5);
		CHECK_EQ(own_links("sys_enter"), se);
		CHECK_EQ(own_links("toctou"), se ? 0 : 5);
	}
}

static bool wanted(int argc, char **argv, const char *name)
{
	if (argc <= 2)
		return true;
	for (int i = 2; i < argc; i++)
		if (!strcmp(argv[i], name))
			return true;
	return false;
}

/* In the kernel-module VM the binary is installed as /drivercheck and reports for its log judge. */
static bool g_vmcheck;

static void report(const char *what, const char *engine, const char *name, const char *why)
{
	if (g_vmcheck)
		printf("VMCHECK: %s drivers-%s/%s%s%s\n", what, engine, name, why ? " " : "",
		       why ? why : "");
	else
		printf("%s: %s/%s%s%s\n", what, engine, name, why ? ": " : "", why ? why : "");
	fflush(stdout);
}

/* Runs the wanted tests against one engine; adds to the counts. */
static void run_engine(const char *engine, int argc, char **argv, int *passed, int *failed,
		       int *skipped)
{
	static uint8_t sc_set[SCAP_SC_MAX];
	char err[1024] = "", p[256];

	SUITE_SYSCALLS(name)
	{
		int sc = scap_sc_by_name(name);

		if (sc <= 0) {
			report("FAIL", engine, "interest-set", name);
			(*failed)++;
			return;
		}
		sc_set[sc] = 1;
	}
	/* SYSCAP_SUITE_CPUS_PER_BUFFER / SYSCAP_SUITE_BUFFER_BYTES exercise other ring layouts */
	const char *cpb = getenv("SYSCAP_SUITE_CPUS_PER_BUFFER");
	const char *bb = getenv("SYSCAP_SUITE_BUFFER_BYTES");

	SCAP_OPTS(scap_open_opts, o, .no_proc_scan = true,
		  .sc_set = getenv("SYSCAP_SUITE_ALL") ? NULL : sc_set,
		  .cpus_per_buffer = cpb ? (uint32_t)strtoul(cpb, NULL, 0) : 0,
		  .buffer_bytes = bb ? strtoull(bb, NULL, 0) : 0);
	g_engine = engine;
	g_h = scap_open(engine, &o, err, sizeof(err));
	if (!g_h && g_vmcheck) { /* the VM put the driver there: it must open */
		report("FAIL", engine, "open", err);
		(*failed)++;
		return;
	}
	if (!g_h) {
		report("SKIP", engine, "open", err);
		(*skipped)++;
		return;
	}
	snprintf(g_dir, sizeof(g_dir), "/tmp/syscap-drv.%d", getpid());
	mkdir(g_dir, 0755);
	path_in_dir(p, sizeof(p), "existing");
	close(open(p, O_WRONLY | O_CREAT, 0644));
	for (size_t i = 0; i < sizeof(g_tests) / sizeof(g_tests[0]); i++) {
		if (!wanted(argc, argv, g_tests[i].name))
			continue;
		g_fail[0] = 0;
		g_skip[0] = 0;
		g_tests[i].fn();
		if (g_skip[0] && !g_fail[0]) {
			report("SKIP", engine, g_tests[i].name, g_skip);
			(*skipped)++;
		} else if (g_fail[0]) {
			report("FAIL", engine, g_tests[i].name, g_fail);
			(*failed)++;
		} else {
			report("PASS", engine, g_tests[i].name, NULL);
			(*passed)++;
		}
	}
	captured_free(&g_c);
	scap_close(g_h);
	g_h = NULL;
	{
		char cmd[300];

		snprintf(cmd, sizeof(cmd), "rm -rf '%s'", g_dir);
		if (system(cmd))
			fprintf(stderr, "cleanup of %s failed\n", g_dir);
	}
}

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral" /* libscap's own format strings */
__attribute__((format(printf, 2, 0))) static int print_log(enum scap_log_level level,
							  const char *fmt, va_list ap)
{
	return vfprintf(stderr, fmt, ap) + fprintf(stderr, "\n");
}
#pragma GCC diagnostic pop

int main(int argc, char **argv)
{
	int passed = 0, failed = 0, skipped = 0;
	const char *base = strrchr(argv[0], '/') ? strrchr(argv[0], '/') + 1 : argv[0];

	g_vmcheck = strstr(base, "drivercheck") != NULL;
	if (getenv("SYSCAP_SUITE_VERBOSE")) /* libscap's messages (libbpf and verifier logs) */
		scap_set_print(print_log);
	snprintf(g_comm, sizeof(g_comm), "%.15s", base); /* TASK_COMM_LEN - 1 */
	if (argc == 2 && !strcmp(argv[1], "--list")) {
		for (size_t i = 0; i < sizeof(g_tests) / sizeof(g_tests[0]); i++)
			printf("%s\n", g_tests[i].name);
		return 0;
	}
	g_sh = mmap(NULL, sizeof(*g_sh), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (g_sh == MAP_FAILED)
		return 1;
	if (argc >= 2) {
		run_engine(argv[1], argc, argv, &passed, &failed, &skipped);
	} else if (g_vmcheck) {
		/* in the VM: every engine whose driver is present (module loaded, /syscap.bpf.o) */
		if (!access("/dev/syscap0", F_OK))
			run_engine("kmod", argc, argv, &passed, &failed, &skipped);
		if (!access("/syscap.bpf.o", R_OK)) {
			setenv("SYSCAP_BPF_OBJECT", "/syscap.bpf.o", 0);
			run_engine("bpf", argc, argv, &passed, &failed, &skipped);
		}
		if (passed + failed + skipped == 0) {
			report("SKIP", "any", "suite", "no driver present (module not loaded, no bpf object)");
			skipped++;
		}
	} else {
		fprintf(stderr, "usage: %s ENGINE [TEST...]   (ENGINE: bpf | kmod)\n", argv[0]);
		return 2;
	}
	printf("%d passed, %d failed, %d skipped\n", passed, failed, skipped);
	if (failed)
		return 1;
	return passed == 0 && skipped ? 77 : 0;
}
