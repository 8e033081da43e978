// SPDX-License-Identifier: Apache-2.0
/*
 * /proc scan: this process as seen through the live /proc (its threads, files, pipe, sockets
 * of each family with their tuples, eventfd), a fabricated host root (HOST_ROOT honoured for
 * /proc and /etc), and the scanned state written to a capture and read back unchanged.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include <scap/scap.h>
#include <scap/scap_dump.h>
#include <scap/scap_state.h>

#include "dump_int.h"
#include "engines/savefile/scapfile_reader.h"

static const struct scap_fdinfo *fd_of(const struct scap_threadinfo *t, int fd)
{
	for (uint32_t i = 0; i < t->nfds; i++)
		if (t->fds[i].fd == fd)
			return &t->fds[i];
	return NULL;
}

static volatile int stop_thread;

static void *idle_thread(void *arg)
{
	(void)arg;
	while (!stop_thread)
		usleep(1000);
	return NULL;
}

static void test_self(void **unused)
{
	SCAP_OPTS(scap_scan_opts, o, .only_pid = (uint64_t)getpid());
	struct scap_state *st;
	const struct scap_threadinfo *t;
	const struct scap_fdinfo *f;
	char err[256], tmpl[] = "/tmp/sf-scan-XXXXXX", exe[4096];
	int file = mkstemp(tmpl), pfd[2], lsn, cli, acc, un[2], efd, udp, lsn6;
	uint16_t udp_port = 0, port6 = 0;
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t al = sizeof(a);
	pthread_t th;
	ssize_t n;
	int threads = 0;

	(void)unused;
	assert_true(file >= 0);
	assert_int_equal(pipe(pfd), 0);
	lsn = socket(AF_INET, SOCK_STREAM, 0);
	assert_int_equal(bind(lsn, (struct sockaddr *)&a, sizeof(a)), 0);
	assert_int_equal(listen(lsn, 4), 0);
	assert_int_equal(getsockname(lsn, (struct sockaddr *)&a, &al), 0);
	cli = socket(AF_INET, SOCK_STREAM, 0);
	assert_int_equal(connect(cli, (struct sockaddr *)&a, sizeof(a)), 0);
	acc = accept(lsn, NULL, NULL);
	assert_true(acc >= 0);
	assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, un), 0);
	efd = eventfd(0, 0);
	udp = socket(AF_INET, SOCK_DGRAM, 0);
	{
		struct sockaddr_in u = { .sin_family = AF_INET,
					 .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
		socklen_t ul = sizeof(u);

		assert_int_equal(bind(udp, (struct sockaddr *)&u, sizeof(u)), 0);
		assert_int_equal(getsockname(udp, (struct sockaddr *)&u, &ul), 0);
		udp_port = ntohs(u.sin_port);
	}
	/* IPv6 loopback, when this host has it */
	lsn6 = socket(AF_INET6, SOCK_STREAM, 0);
	if (lsn6 >= 0) {
		struct sockaddr_in6 s6 = { .sin6_family = AF_INET6, .sin6_addr = IN6ADDR_LOOPBACK_INIT };
		socklen_t l6 = sizeof(s6);

		if (bind(lsn6, (struct sockaddr *)&s6, sizeof(s6)) || listen(lsn6, 1) ||
		    getsockname(lsn6, (struct sockaddr *)&s6, &l6)) {
			close(lsn6);
			lsn6 = -1;
		} else {
			port6 = ntohs(s6.sin6_port);
		}
	}
	assert_int_equal(pthread_create(&th, NULL, idle_thread, NULL), 0);

	assert_int_equal(scap_state_scan_proc(&o, &st, err, sizeof(err)), 0);
	assert_true(st->has_machine_info);
	assert_true(st->machine.num_cpus > 0);
	assert_true(st->machine.boot_ts_epoch > 0);
	t = scap_state_find_thread(st, (uint64_t)getpid());
	assert_non_null(t);
	assert_int_equal(t->pid, getpid());
	assert_int_equal(t->ptid, getppid());
	assert_int_equal(t->uid, geteuid());
	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	exe[n > 0 ? n : 0] = 0;
	assert_string_equal(t->exepath, exe);
	assert_string_equal(t->comm, "test_savefile_p");
	assert_true(t->fdlimit > 0);
	assert_true(t->vmrss_kb > 0);
	assert_true(t->clone_ts > st->machine.boot_ts_epoch);
	for (uint32_t i = 0; i < st->n_threads; i++)
		if (st->threads[i].pid == (uint64_t)getpid()) {
			threads++;
			if (st->threads[i].tid != (uint64_t)getpid())
				assert_true(st->threads[i].flags != 0);
		}
	assert_true(threads >= 2);

	f = fd_of(t, file);
	assert_non_null(f);
	assert_int_equal(f->type, SCAP_FD_FILE_V2);
	assert_string_equal(f->name, tmpl);
	assert_true(f->dev != 0);
	f = fd_of(t, pfd[0]);
	assert_non_null(f);
	assert_int_equal(f->type, SCAP_FD_FIFO);
	f = fd_of(t, lsn);
	assert_non_null(f);
	assert_int_equal(f->type, SCAP_FD_IPV4_SERVSOCK);
	assert_int_equal(f->sock.ipv4_server.port, ntohs(a.sin_port));
	assert_int_equal(f->l4proto, SCAP_L4_TCP);
	f = fd_of(t, cli);
	assert_non_null(f);
	assert_int_equal(f->type, SCAP_FD_IPV4_SOCK);
	assert_int_equal(f->sock.ipv4.dport, ntohs(a.sin_port));
	assert_int_equal(f->sock.ipv4.dip, htonl(INADDR_LOOPBACK));
	f = fd_of(t, un[0]);
	assert_non_null(f);
	assert_int_equal(f->type, SCAP_FD_UNIX_SOCK);
	assert_true(f->sock.unix_sock.source != 0);
	f = fd_of(t, efd);
	assert_non_null(f);
	assert_int_equal(f->type, SCAP_FD_EVENT);
	f = fd_of(t, udp);
	assert_non_null(f);
	assert_int_equal(f->type, SCAP_FD_IPV4_SERVSOCK);
	assert_int_equal(f->l4proto, SCAP_L4_UDP);
	assert_int_equal(f->sock.ipv4_server.port, udp_port);
	if (lsn6 >= 0) {
		static const uint8_t lo6[16] = { [15] = 1 };

		f = fd_of(t, lsn6);
		assert_non_null(f);
		assert_int_equal(f->type, SCAP_FD_IPV6_SERVSOCK);
		assert_int_equal(f->sock.ipv6_server.port, port6);
		assert_memory_equal(f->sock.ipv6_server.ip, lo6, 16);
	} else {
		printf("  no IPv6 loopback here: IPv6 socket resolution not checked\n");
	}

	/* the scan written and read back is the same state */
	{
		char out[] = "/tmp/sf-scan-cap-XXXXXX";
		int ofd = mkstemp(out);
		SCAP_OPTS(scap_dump_opts, d_o, .state = st);
		struct scap_dumper *d = scap_dump_open_fd(ofd, &d_o, err, sizeof(err));
		struct scap_state *back = scap_state_new();
		struct sf_reader *r;
		struct sbuf x = { 0 }, y = { 0 };

		assert_non_null(d);
		assert_int_equal(scap_dump_close(d), 0);
		assert_int_equal(sf_reader_open_path(&r, out, back, err, sizeof(err)), 0);
		sf_reader_close(r);
		assert_int_equal(dump_encode_header(&x, st), 0);
		assert_int_equal(dump_encode_header(&y, back), 0);
		assert_int_equal(x.len, y.len);
		assert_memory_equal(x.p, y.p, x.len);
		sbuf_free(&x);
		sbuf_free(&y);
		scap_state_free(back);
		unlink(out);
	}
	stop_thread = 1;
	pthread_join(th, NULL);
	scap_state_free(st);
	unlink(tmpl);
	close(file);
	close(pfd[0]);
	close(pfd[1]);
	close(lsn);
	close(cli);
	close(acc);
	close(un[0]);
	close(un[1]);
	close(efd);
	close(udp);
	if (lsn6 >= 0)
		close(lsn6);
}

static void write_file(const char *dir, const char *name, const char *content, size_t len)
{
	char p[4096];
	FILE *f;

	snprintf(p, sizeof(p), "%s/%s", dir, name);
	f = fopen(p, "w");
	assert_non_null(f);
	fwrite(content, 1, len, f);
	fclose(f);
}

#define WS(dir, name, s) write_file(dir, name, s, sizeof(s) - 1)

/* A fabricated host root: the scan must read its /proc and /etc, not ours. */
static void test_host_root(void **unused)
{
	char root[] = "/tmp/sf-hostroot-XXXXXX", d[4200], err[256];
	static const char status[] =
		"Name:\tfakeproc\nTgid:\t4242\nPid:\t4242\nPPid:\t1\nUid:\t0\t1234\t1234\t1234\n"
		"Gid:\t0\t99\t99\t99\nCapInh:\t0000000000000000\nCapPrm:\t00000000000000ff\n"
		"CapEff:\t000000000000000f\nVmSize:\t  2048 kB\nVmRSS:\t  1024 kB\nNStgid:\t4242\t7\n"
		"NSpid:\t4242\t7\n";
	static const char stat[] =
		"4242 (fake proc) S 1 4242 4242 34816 4242 4194560 11 0 22 0 0 0 0 0 20 0 1 0 "
		"1000 0 0\n";
	static const char cmdline[] = "/usr/bin/fake\0--flag\0value";
	struct scap_state *st;
	const struct scap_threadinfo *t;
	int found_user = 0;

	(void)unused;
	assert_non_null(mkdtemp(root));
	snprintf(d, sizeof(d), "%s/proc/4242/task/4242", root);
	{
		char cmd[4400];

		snprintf(cmd, sizeof(cmd), "mkdir -p %s %s/etc", d, root);
		assert_int_equal(system(cmd), 0);
	}
	WS(d, "status", status);
	WS(d, "stat", stat);
	WS(d, "comm", "fakeproc\n");
	snprintf(d, sizeof(d), "%s/proc/4242", root);
	WS(d, "status", status);
	WS(d, "stat", stat);
	write_file(d, "cmdline", cmdline, sizeof(cmdline));
	WS(d, "limits", "Limit  Soft Limit Hard Limit Units\nMax open files  777  4096  files\n");
	WS(d, "cgroup", "0::/system.slice/fake.service\n");
	snprintf(d, sizeof(d), "%s/etc", root);
	WS(d, "passwd", "fakeuser:x:1234:99:Fake:/home/fake:/bin/zsh\n");
	WS(d, "group", "fakegroup:x:99:\n");
	{
		SCAP_OPTS(scap_scan_opts, o, .host_root = root);

		assert_int_equal(scap_state_scan_proc(&o, &st, err, sizeof(err)), 0);
	}
	assert_int_equal(st->n_threads, 1);
	t = &st->threads[0];
	assert_int_equal(t->tid, 4242);
	assert_string_equal(t->comm, "fakeproc");
	assert_string_equal(t->exe, "/usr/bin/fake");
	assert_int_equal(t->args_len, sizeof("--flag\0value"));
	assert_int_equal(t->uid, 1234);
	assert_int_equal(t->gid, 99);
	assert_int_equal(t->cap_permitted, 0xff);
	assert_int_equal(t->vpid, 7);
	assert_int_equal(t->vtid, 7);
	assert_int_equal(t->tty, 34816);
	assert_int_equal(t->sid, 4242);
	assert_int_equal(t->pfminor, 11);
	assert_int_equal(t->pfmajor, 22);
	assert_int_equal(t->fdlimit, 777);
	assert_int_equal(t->vmsize_kb, 2048);
	for (uint32_t i = 0; i < st->n_users; i++)
		found_user |= !strcmp(st->users[i].name, "fakeuser") && st->users[i].uid == 1234 &&
			      !strcmp(st->users[i].shell, "/bin/zsh");
	assert_true(found_user);
	assert_int_equal(st->n_users, 1);
	assert_int_equal(st->n_groups, 1);
	scap_state_free(st);
	{
		char cmd[4400];

		snprintf(cmd, sizeof(cmd), "rm -rf %s", root);
		assert_int_equal(system(cmd), 0);
	}
	/* and a host root without /proc is a clear error */
	{
		SCAP_OPTS(scap_scan_opts, o, .host_root = "/nonexistent-root");

		assert_int_equal(scap_state_scan_proc(&o, &st, err, sizeof(err)), -ENOENT);
		assert_non_null(strstr(err, "/nonexistent-root/proc"));
	}
}

/* The whole system: every process, timed loosely for the report. */
static void test_full_scan(void **unused)
{
	struct scap_state *st;
	char err[256];

	(void)unused;
	assert_int_equal(scap_state_scan_proc(NULL, &st, err, sizeof(err)), 0);
	assert_true(st->n_threads > 1);
	assert_non_null(scap_state_find_thread(st, 1));
	printf("  %u threads, %llu fds, %u users, %u groups, %u+%u addrs\n", st->n_threads,
	       (unsigned long long)scap_state_count_fds(st), st->n_users, st->n_groups,
	       st->n_ifaces_v4, st->n_ifaces_v6);
	scap_state_free(st);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_self),
		cmocka_unit_test(test_host_root),
		cmocka_unit_test(test_full_scan),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
