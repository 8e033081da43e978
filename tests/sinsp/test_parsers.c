// SPDX-License-Identifier: Apache-2.0
/* State kept by libsinsp from hand-built event sequences replayed by the libscap test engine. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <arpa/inet.h>

#include <scap/scap_state.h>
#include <syscap/flags.h>

#include "tsupport.h"

#define E(type) SCAP_EVT_##type
#define I(x) ((int64_t)(x))

/* bash (pid 100, cwd /home/u) with stdin on a tty, fd 7 close-on-exec, fd 8 a plain file. */
static struct scap_state *base_state(void)
{
	struct scap_state *st = scap_state_new();
	struct scap_threadinfo *t;
	struct scap_fdinfo *f;
	struct scap_user *u;
	struct scap_group *g;

	assert_non_null(st);
	t = scap_state_add_thread(st, 100);
	assert_non_null(t);
	t->pid = 100;
	t->ptid = 1;
	t->uid = 1000;
	t->gid = 1000;
	t->vtid = 100;
	t->vpid = 100;
	scap_state_set_str(&t->comm, "bash", 4);
	scap_state_set_str(&t->exe, "-bash", 5);
	scap_state_set_str(&t->exepath, "/usr/bin/bash", 13);
	scap_state_set_str(&t->cwd, "/home/u", 7);
	f = scap_thread_add_fd(t, 0);
	f->type = SCAP_FD_FILE_V2;
	scap_state_set_str(&f->name, "/dev/pts/0", 10);
	f = scap_thread_add_fd(t, 7);
	f->type = SCAP_FD_FILE_V2;
	f->open_flags = SCAP_O_RDONLY | SCAP_O_CLOEXEC;
	scap_state_set_str(&f->name, "/var/log/secret", 15);
	f = scap_thread_add_fd(t, 8);
	f->type = SCAP_FD_FILE_V2;
	f->open_flags = SCAP_O_RDONLY;
	scap_state_set_str(&f->name, "/etc/motd", 9);
	t = scap_state_add_thread(st, 1);
	t->pid = 1;
	t->ptid = 0;
	scap_state_set_str(&t->comm, "systemd", 7);
	u = scap_state_add_user(st);
	u->uid = 1000;
	u->gid = 1000;
	scap_state_set_str(&u->name, "alice", 5);
	scap_state_set_str(&u->homedir, "/home/u", 7);
	/* this machine's addresses: who is local decides fd.lip/fd.rip and fd.is_server */
	scap_state_add_iface_v4(st)->addr = htonl(0x0a000001); /* 10.0.0.1 */
	inet_pton(AF_INET6, "2001:db8::3", scap_state_add_iface_v6(st)->addr);
	g = scap_state_add_group(st);
	g->gid = 1000;
	scap_state_set_str(&g->name, "staff", 5);
	return st;
}

static const struct sinsp_fd *fd_of(struct sinsp *h, int64_t tid, int64_t fd)
{
	const struct sinsp_thread *t = sinsp_get_thread(h, tid);

	if (!t || !t->fdt || fd < 0 || (uint64_t)fd >= t->fdt->cap)
		return NULL;
	return t->fdt->fds[fd];
}

/* clone -> execve -> openat -> open(O_CLOEXEC) -> dup2 -> close -> read -> exit */
static void test_process_lifecycle(void **state)
{
	struct scap_state *st = base_state();
	struct tseq s = { 0 };
	struct sinsp *h;
	struct sinsp_evt *e;
	struct sinsp_counters c;

	ts_clone(&s, 100, 200, 100, 100, 1, 0, "bash", NULL); /* 1 */
	ts_clone(&s, 200, 0, 200, 200, 100, 0, "bash", NULL); /* 2 */
	ts_execve(&s, 200, 200, 100, "cat", "/etc/passwd\0-n", 15, "cat", "/home/u",
		  "/usr/bin/cat"); /* 3 */
	ts_ev(&s, 200, E(SYSCALL_OPENAT_2_X), "iisiiii", I(3), I(SCAP_AT_FDCWD), "notes/../a.txt",
	      I(SCAP_O_RDONLY), I(0), I(0), I(0)); /* 4 */
	ts_ev(&s, 200, E(SYSCALL_OPEN_X), "isiiii", I(4), "/etc/passwd",
	      I(SCAP_O_RDONLY | SCAP_O_CLOEXEC), I(0), I(0x801), I(1234)); /* 5 */
	ts_ev(&s, 200, E(SYSCALL_DUP2_X), "iii", I(5), I(4), I(5)); /* 6 */
	ts_ev(&s, 200, E(SYSCALL_CLOSE_X), "ii", I(0), I(4)); /* 7 */
	ts_ev(&s, 200, E(SYSCALL_READ_X), "ibii", I(4), "root", (size_t)4, I(5), I(4096)); /* 8 */
	ts_ev(&s, 200, E(PROCEXIT_1_E), "iiiii", I(0), I(0), I(0), I(0), I(1)); /* 9 */
	ts_ev(&s, 100, E(SYSCALL_CLOSE_X), "ii", I(0), I(8)); /* 10 */

	h = ts_open(&s, st);
	e = ts_goto(h, 2);
	assert_non_null(sinsp_get_thread(h, 200));
	assert_string_equal(ts_field(h, e, "proc.name"), "bash");
	assert_string_equal(ts_field(h, e, "proc.ppid"), "100");
	/* the child got a copy of the parent's table, close-on-exec entries included */
	assert_non_null(fd_of(h, 200, 7));
	assert_ptr_not_equal(sinsp_get_thread(h, 200)->fdt, sinsp_get_thread(h, 100)->fdt);

	e = ts_goto(h, 3);
	assert_string_equal(ts_field(h, e, "proc.name"), "cat");
	assert_string_equal(ts_field(h, e, "proc.exe"), "cat");
	assert_string_equal(ts_field(h, e, "proc.exepath"), "/usr/bin/cat");
	assert_string_equal(ts_field(h, e, "proc.args"), "/etc/passwd -n");
	assert_string_equal(ts_field(h, e, "proc.cmdline"), "cat /etc/passwd -n");
	assert_string_equal(ts_field(h, e, "proc.pname"), "bash");
	assert_string_equal(ts_field(h, e, "proc.aname[2]"), "systemd");
	assert_string_equal(ts_field(h, e, "proc.aname"), "bash systemd");
	assert_string_equal(ts_field(h, e, "proc.cwd"), "/home/u/");
	assert_string_equal(ts_field(h, e, "user.name"), "alice");
	assert_string_equal(ts_field(h, e, "group.name"), "staff");
	assert_string_equal(ts_field(h, e, "container.id"), "host");
	/* close-on-exec: gone in the new image, still open in the parent */
	assert_null(fd_of(h, 200, 7));
	assert_non_null(fd_of(h, 100, 7));
	assert_non_null(fd_of(h, 200, 8));

	e = ts_goto(h, 4);
	assert_string_equal(ts_field(h, e, "fd.name"), "/home/u/a.txt");
	assert_string_equal(ts_field(h, e, "fd.directory"), "/home/u");
	assert_string_equal(ts_field(h, e, "fd.filename"), "a.txt");
	assert_string_equal(ts_field(h, e, "fd.typechar"), "f");
	assert_string_equal(ts_field(h, e, "fd.type"), "file");
	assert_string_equal(ts_field(h, e, "evt.res"), "SUCCESS");

	e = ts_goto(h, 6);
	assert_string_equal(ts_field(h, e, "fd.num"), "5");
	assert_string_equal(ts_field(h, e, "fd.name"), "/etc/passwd");
	/* dup2 clears close-on-exec on the copy */
	assert_false(fd_of(h, 200, 5)->openflags & SCAP_O_CLOEXEC);
	assert_true(fd_of(h, 200, 4)->openflags & SCAP_O_CLOEXEC);

	e = ts_goto(h, 7);
	/* the close event still names what it closed */
	assert_string_equal(ts_field(h, e, "fd.name"), "/etc/passwd");
	assert_null(fd_of(h, 200, 4));
	assert_string_equal(ts_field(h, e, "evt.args"), "res=0 fd=4(<f>/etc/passwd) ");

	e = ts_goto(h, 8);
	assert_string_equal(ts_field(h, e, "fd.name"), "/etc/passwd");
	assert_string_equal(ts_field(h, e, "evt.is_io_read"), "true");
	assert_string_equal(ts_field(h, e, "evt.buflen"), "4");

	e = ts_goto(h, 9);
	assert_string_equal(ts_field(h, e, "proc.name"), "cat"); /* still there during exit */
	e = ts_goto(h, 10);
	assert_null(sinsp_get_thread(h, 200));
	sinsp_get_counters(h, &c);
	assert_int_equal(c.n_removed_threads, 1);
	assert_int_equal(c.n_threads, 2);
	assert_null(fd_of(h, 100, 8));
	sinsp_close(h);
	ts_free(&s);
	scap_state_free(st);
}

/* Threads share one table (CLONE_FILES); a forked process gets its own copy. */
static void test_fd_table_sharing(void **state)
{
	struct scap_state *st = base_state();
	struct tseq s = { 0 };
	struct sinsp *h;

	ts_clone(&s, 100, 101, 100, 100, 1, SCAP_CL_CLONE_THREAD | SCAP_CL_CLONE_FILES, "bash",
		 NULL); /* 1: thread 101 */
	ts_clone(&s, 100, 300, 100, 100, 1, 0, "bash", NULL); /* 2: process 300 */
	ts_ev(&s, 101, E(SYSCALL_OPEN_X), "isiiii", I(3), "/tmp/shared", I(SCAP_O_RDWR), I(0), I(0),
	      I(0)); /* 3 */
	ts_ev(&s, 300, E(SYSCALL_OPEN_X), "isiiii", I(4), "/tmp/private", I(SCAP_O_RDWR), I(0),
	      I(0), I(0)); /* 4 */
	ts_ev(&s, 100, E(SYSCALL_CLOSE_X), "ii", I(0), I(8)); /* 5 */

	h = ts_open(&s, st);
	ts_goto(h, 5);
	assert_int_equal(sinsp_get_thread(h, 101)->pid, 100);
	assert_ptr_equal(sinsp_get_thread(h, 101)->fdt, sinsp_get_thread(h, 100)->fdt);
	assert_string_equal(fd_of(h, 100, 3)->name, "/tmp/shared");
	assert_null(fd_of(h, 100, 4));
	assert_string_equal(fd_of(h, 300, 4)->name, "/tmp/private");
	assert_null(fd_of(h, 300, 3));
	/* the close in the shared table is seen by the thread too */
	assert_null(fd_of(h, 101, 8));
	assert_non_null(fd_of(h, 300, 8));
	sinsp_close(h);
	ts_free(&s);
	scap_state_free(st);
}

/* socket -> connect -> write */
static void test_socket_connect_write(void **state)
{
	struct scap_state *st = base_state();
	struct tseq s = { 0 };
	uint8_t tup[64], addr[32];
	size_t tl = ts_tuple(tup, "10.0.0.1", 40000, "93.184.216.34", 80);
	size_t al = ts_addr(addr, "93.184.216.34", 80);
	struct sinsp *h;
	struct sinsp_evt *e;

	ts_ev(&s, 100, E(SOCKET_SOCKET_X), "iiiii", I(3), I(SCAP_AF_INET), I(1), I(0), I(0));
	ts_ev(&s, 100, E(SOCKET_CONNECT_X), "ibib", I(0), tup, tl, I(3), addr, al);
	ts_ev(&s, 100, E(SYSCALL_WRITE_X), "ibii", I(3), "GET", (size_t)3, I(3), I(3));
	h = ts_open(&s, st);
	e = ts_goto(h, 1);
	assert_string_equal(ts_field(h, e, "fd.type"), "ipv4");
	assert_string_equal(ts_field(h, e, "fd.name"), "");
	e = ts_goto(h, 3);
	assert_string_equal(ts_field(h, e, "fd.name"), "10.0.0.1:40000->93.184.216.34:80");
	assert_string_equal(ts_field(h, e, "fd.cip"), "10.0.0.1");
	assert_string_equal(ts_field(h, e, "fd.sip"), "93.184.216.34");
	assert_string_equal(ts_field(h, e, "fd.cport"), "40000");
	assert_string_equal(ts_field(h, e, "fd.sport"), "80");
	assert_string_equal(ts_field(h, e, "fd.lip"), "10.0.0.1");
	assert_string_equal(ts_field(h, e, "fd.rip"), "93.184.216.34");
	assert_string_equal(ts_field(h, e, "fd.rport"), "80");
	assert_string_equal(ts_field(h, e, "fd.l4proto"), "tcp");
	assert_string_equal(ts_field(h, e, "fd.sockfamily"), "ip");
	assert_string_equal(ts_field(h, e, "fd.is_server"), "false");
	assert_string_equal(ts_field(h, e, "fd.typechar"), "4");
	assert_non_null(
		strstr(ts_field(h, e, "evt.args"), "fd=3(<4t>10.0.0.1:40000->93.184.216.34:80)"));
	sinsp_close(h);
	ts_free(&s);
	scap_state_free(st);
}

/*
 * evt.arg.NAME and evt.arg[N] as Falco: the resolved part of a parameter when it has one
 * (descriptor name, errno, flag names, signal, thread name), else its value; evt.args and
 * evt.rawarg keep the value.
 */
static void test_arg_fields(void **state)
{
	struct scap_state *st = base_state();
	struct tseq s = { 0 };
	struct sinsp *h;
	struct sinsp_evt *e;
	char raw[32];

	ts_ev(&s, 100, E(SYSCALL_OPEN_X), "isiiii", I(3), "/etc/passwd",
	      I(SCAP_O_RDONLY | SCAP_O_CLOEXEC), I(0), I(0), I(0)); /* 1 */
	ts_ev(&s, 100, E(SYSCALL_READ_X), "ibii", I(-11), "", (size_t)0, I(8), I(16)); /* 2 */
	ts_ev(&s, 100, E(SYSCALL_KILL_X), "iii", I(0), I(1), I(9)); /* 3 */
	ts_ev(&s, 100, E(SYSCALL_OPENAT_2_X), "iisiiii", I(-2), I(SCAP_AT_FDCWD), ".curlrc",
	      I(SCAP_O_RDONLY), I(0), I(0), I(0)); /* 4 */
	ts_ev(&s, 100, E(SYSCALL_KILL_X), "iii", I(0), I(1), I(9)); /* 5 */
	h = ts_open(&s, st);
	e = ts_goto(h, 1);
	assert_string_equal(ts_field(h, e, "evt.arg.fd"), "<f>/etc/passwd");
	assert_string_equal(ts_field(h, e, "evt.arg[0]"), "<f>/etc/passwd");
	assert_string_equal(ts_field(h, e, "evt.arg.name"), "/etc/passwd");
	assert_string_equal(ts_field(h, e, "evt.arg.flags"), "O_RDONLY|O_CLOEXEC");
	assert_string_equal(ts_field(h, e, "evt.arg.mode"), "0");
	snprintf(raw, sizeof(raw), "%u", (unsigned)(SCAP_O_RDONLY | SCAP_O_CLOEXEC));
	assert_string_equal(ts_field(h, e, "evt.rawarg.flags"), raw);
	assert_string_equal(ts_field(h, e, "evt.rawarg.fd"), "3");
	assert_non_null(strstr(ts_field(h, e, "evt.args"), "fd=3(<f>/etc/passwd) "));
	e = ts_goto(h, 2);
	assert_string_equal(ts_field(h, e, "evt.arg.res"), "EAGAIN");
	assert_string_equal(ts_field(h, e, "evt.arg.fd"), "<f>/etc/motd");
	assert_string_equal(ts_field(h, e, "evt.rawarg.res"), "-11");
	e = ts_goto(h, 3);
	assert_string_equal(ts_field(h, e, "evt.arg.res"), "0");
	assert_string_equal(ts_field(h, e, "evt.arg.pid"), "systemd");
	assert_string_equal(ts_field(h, e, "evt.arg.sig"), "SIGKILL");
	assert_string_equal(ts_field(h, e, "evt.arg[2]"), "SIGKILL");
	e = ts_goto(h, 4);
	/* a failed open names its file as Falco does (fd.filename and fd.type stay absent) */
	assert_string_equal(ts_field(h, e, "fd.name"), "/home/u/.curlrc");
	assert_string_equal(ts_field(h, e, "fd.directory"), "/home/u");
	assert_string_equal(ts_field(h, e, "fd.typechar"), "f");
	assert_string_equal(ts_field(h, e, "fd.filename"), "<NA>");
	assert_string_equal(ts_field(h, e, "fd.type"), "<NA>");
	assert_null(sinsp_evt_fd(e));
	e = ts_goto(h, 5);
	assert_string_equal(ts_field(h, e, "fd.name"), "<NA>");
	sinsp_close(h);
	ts_free(&s);
	scap_state_free(st);
	(void)state;
}

/* Connected IPv4/IPv6 sockets in the initial state (capture fd list or /proc) keep their tuples. */
static void test_state_sockets(void **state)
{
	struct scap_state *st = base_state();
	struct scap_threadinfo *t = scap_state_find_thread(st, 100);
	struct scap_fdinfo *f;
	struct tseq s = { 0 };
	struct sinsp *h;
	struct sinsp_evt *e;

	f = scap_thread_add_fd(t, 20);
	f->type = SCAP_FD_IPV4_SOCK;
	f->l4proto = SCAP_L4_TCP;
	f->sock.ipv4.sip = htonl(0x0a000001); /* 10.0.0.1 */
	f->sock.ipv4.dip = htonl(0x5db8d822); /* 93.184.216.34 */
	f->sock.ipv4.sport = 40000;
	f->sock.ipv4.dport = 443;
	f = scap_thread_add_fd(t, 21);
	f->type = SCAP_FD_IPV6_SOCK;
	f->l4proto = SCAP_L4_TCP;
	inet_pton(AF_INET6, "2001:db8::3", f->sock.ipv6.sip);
	inet_pton(AF_INET6, "2001:db8::9", f->sock.ipv6.dip);
	f->sock.ipv6.sport = 5000;
	f->sock.ipv6.dport = 80;
	ts_ev(&s, 100, E(SYSCALL_WRITE_X), "ibii", I(3), "GET", (size_t)3, I(20), I(3));
	ts_ev(&s, 100, E(SYSCALL_WRITE_X), "ibii", I(3), "GET", (size_t)3, I(21), I(3));
	h = ts_open(&s, st);
	e = ts_goto(h, 1);
	assert_string_equal(ts_field(h, e, "fd.name"), "10.0.0.1:40000->93.184.216.34:443");
	assert_string_equal(ts_field(h, e, "fd.cport"), "40000");
	assert_string_equal(ts_field(h, e, "fd.sport"), "443");
	assert_string_equal(ts_field(h, e, "fd.rip"), "93.184.216.34");
	assert_string_equal(ts_field(h, e, "fd.l4proto"), "tcp");
	assert_string_equal(ts_field(h, e, "fd.is_server"), "false");
	e = ts_goto(h, 2);
	assert_string_equal(ts_field(h, e, "fd.type"), "ipv6");
	assert_string_equal(ts_field(h, e, "fd.name"), "2001:db8::3:5000->2001:db8::9:80");
	assert_string_equal(ts_field(h, e, "fd.lip"), "2001:db8::3");
	assert_string_equal(ts_field(h, e, "fd.rport"), "80");
	assert_string_equal(ts_field(h, e, "fd.is_server"), "false");
	sinsp_close(h);
	ts_free(&s);
	scap_state_free(st);
	(void)state;
}

/* socket -> bind -> listen -> accept -> read, IPv6 */
static void test_accept_listening(void **state)
{
	struct scap_state *st = base_state();
	struct tseq s = { 0 };
	uint8_t tup[64], addr[32];
	size_t tl = ts_tuple(tup, "2001:db8::4", 5555, "2001:db8::3", 8080);
	size_t al = ts_addr(addr, "::", 8080);
	struct sinsp *h;
	struct sinsp_evt *e;

	ts_ev(&s, 100, E(SOCKET_SOCKET_X), "iiiii", I(3), I(SCAP_AF_INET6), I(1), I(6), I(0));
	ts_ev(&s, 100, E(SOCKET_BIND_X), "ibi", I(0), addr, al, I(3));
	ts_ev(&s, 100, E(SOCKET_LISTEN_X), "iii", I(0), I(3), I(5));
	ts_ev(&s, 100, E(SOCKET_ACCEPT4_6_X), "ibiiii", I(4), tup, tl, I(0), I(0), I(5), I(0));
	ts_ev(&s, 100, E(SYSCALL_READ_X), "ibii", I(2), "hi", (size_t)2, I(4), I(100));
	h = ts_open(&s, st);
	e = ts_goto(h, 3);
	assert_string_equal(ts_field(h, e, "fd.name"), ":::8080");
	assert_string_equal(ts_field(h, e, "fd.is_server"), "true");
	assert_string_equal(ts_field(h, e, "fd.sport"), "8080");
	e = ts_goto(h, 5);
	assert_string_equal(ts_field(h, e, "fd.name"), "2001:db8::4:5555->2001:db8::3:8080");
	assert_string_equal(ts_field(h, e, "fd.type"), "ipv6");
	assert_string_equal(ts_field(h, e, "fd.is_server"), "true");
	assert_string_equal(ts_field(h, e, "fd.lip"), "2001:db8::3");
	assert_string_equal(ts_field(h, e, "fd.lport"), "8080");
	assert_string_equal(ts_field(h, e, "fd.rip"), "2001:db8::4");
	assert_string_equal(ts_field(h, e, "fd.rport"), "5555");
	assert_non_null(strstr(ts_field(h, e, "evt.args"), "fd=4(<6t>2001:db8::4:5555->"));
	sinsp_close(h);
	ts_free(&s);
	scap_state_free(st);
}

/*
 * The same activity as enter/exit pairs with old event versions (openat_x with only fd,
 * close_x with only res, read_x without fd, connect_x without fd, execve version 8, clone
 * version 11) must leave the same state as the current exit-only events.
 */
static void run_new(struct tseq *s, const uint8_t *tup, size_t tl)
{
	ts_clone(s, 100, 200, 100, 100, 1, 0, "bash", NULL);
	ts_clone(s, 200, 0, 200, 200, 100, 0, "bash", NULL);
	ts_execve(s, 200, 200, 100, "curl", "x\0", 2, "curl", "/srv", "/usr/bin/curl");
	ts_ev(s, 200, E(SYSCALL_OPENAT_2_X), "iisiiii", I(3), I(SCAP_AT_FDCWD), "data/f.txt",
	      I(SCAP_O_RDONLY), I(0), I(0), I(0));
	ts_ev(s, 200, E(SYSCALL_READ_X), "ibii", I(1), "x", (size_t)1, I(3), I(10));
	ts_ev(s, 200, E(SYSCALL_CLOSE_X), "ii", I(0), I(3));
	ts_ev(s, 200, E(SOCKET_SOCKET_X), "iiiii", I(3), I(SCAP_AF_INET), I(1), I(0), I(0));
	ts_ev(s, 200, E(SOCKET_CONNECT_X), "ibi", I(0), tup, tl, I(3));
	ts_ev(s, 200, E(SYSCALL_WRITE_X), "ibii", I(1), "x", (size_t)1, I(3), I(1));
}

static void run_old(struct tseq *s, const uint8_t *tup, size_t tl)
{
	uint8_t addr[32];
	size_t al = ts_addr(addr, "192.168.1.9", 443);

	ts_ev(s, 100, E(SYSCALL_CLONE_11_E), "");
	ts_ev(s, 100, E(SYSCALL_CLONE_11_X), "isbiiisiiii", I(200), "/bin/bash", "", (size_t)0,
	      I(100), I(100), I(1), "/home/u", I(1024), I(0), I(1000), I(1000));
	ts_ev(s, 200, E(SYSCALL_CLONE_11_X), "isbiiisiiii", I(0), "/bin/bash", "", (size_t)0,
	      I(200), I(200), I(100), "/home/u", I(1024), I(0), I(1000), I(1000));
	ts_ev(s, 200, E(SYSCALL_EXECVE_8_E), "");
	ts_ev(s, 200, E(SYSCALL_EXECVE_8_X), "isbiiisi", I(0), "/usr/bin/curl", "x\0", (size_t)2,
	      I(200), I(200), I(100), "/srv", I(1024));
	ts_ev(s, 200, E(SYSCALL_OPENAT_E), "isii", I(SCAP_AT_FDCWD), "data/f.txt", I(SCAP_O_RDONLY),
	      I(0));
	ts_ev(s, 200, E(SYSCALL_OPENAT_X), "i", I(3));
	ts_ev(s, 200, E(SYSCALL_READ_E), "ii", I(3), I(10));
	ts_ev(s, 200, E(SYSCALL_READ_X), "ib", I(1), "x", (size_t)1);
	ts_ev(s, 200, E(SYSCALL_CLOSE_E), "i", I(3));
	ts_ev(s, 200, E(SYSCALL_CLOSE_X), "i", I(0));
	ts_ev(s, 200, E(SOCKET_SOCKET_E), "iii", I(SCAP_AF_INET), I(1), I(0));
	ts_ev(s, 200, E(SOCKET_SOCKET_X), "i", I(3));
	ts_ev(s, 200, E(SOCKET_CONNECT_E), "ib", I(3), addr, al);
	ts_ev(s, 200, E(SOCKET_CONNECT_X), "ib", I(0), tup, tl);
	ts_ev(s, 200, E(SYSCALL_WRITE_E), "ii", I(3), I(1));
	ts_ev(s, 200, E(SYSCALL_WRITE_X), "ib", I(1), "x", (size_t)1);
}

/* Collect "type fd.name proc.name proc.cwd" of every exit event. */
static char *trace(struct tseq *s, struct scap_state *st)
{
	struct sinsp *h = ts_open(s, st);
	struct sinsp_evt *e;
	char *out = calloc(1, 65536);
	size_t o = 0;

	assert_non_null(out);
	while (sinsp_next(h, &e) == 0) {
		if (strcmp(ts_field(h, e, "evt.dir"), "<"))
			continue;
		o += (size_t)snprintf(out + o, 65536 - o, "%s|%s|%s|%s|%s|%s\n",
				      ts_field(h, e, "evt.type"), ts_field(h, e, "fd.num"),
				      ts_field(h, e, "fd.name"), ts_field(h, e, "proc.name"),
				      ts_field(h, e, "proc.cwd"), ts_field(h, e, "proc.pname"));
	}
	assert_null(sinsp_get_thread(h, 999));
	sinsp_close(h);
	return out;
}

static void test_old_pairs_same_state(void **state)
{
	struct scap_state *st = base_state();
	struct tseq a = { 0 }, b = { 0 };
	uint8_t tup[64];
	size_t tl = ts_tuple(tup, "192.168.1.2", 50000, "192.168.1.9", 443);
	char *ta, *tb;

	run_new(&a, tup, tl);
	run_old(&b, tup, tl);
	ta = trace(&a, st);
	tb = trace(&b, st);
	assert_string_equal(ta, tb);
	assert_non_null(strstr(ta, "openat|3|/srv/data/f.txt|curl|/srv/|bash\n"));
	assert_non_null(strstr(ta, "read|3|/srv/data/f.txt|curl"));
	assert_non_null(strstr(ta, "close|3|/srv/data/f.txt|curl"));
	assert_non_null(strstr(ta, "write|3|192.168.1.2:50000->192.168.1.9:443|curl"));
	free(ta);
	free(tb);
	ts_free(&a);
	ts_free(&b);
	scap_state_free(st);
}

/* chdir, *at with a directory fd, pipes, fcntl dup, eventfd, memfd, socketpair, UDP sendto */
static void test_more_fd_kinds(void **state)
{
	struct scap_state *st = base_state();
	struct tseq s = { 0 };
	uint8_t tup[64];
	size_t tl = ts_tuple(tup, "0.0.0.0", 0, "8.8.8.8", 53);
	struct sinsp *h;
	struct sinsp_evt *e;

	ts_ev(&s, 100, E(SYSCALL_CHDIR_X), "is", I(0), "../../etc/./ssh"); /* 1 */
	ts_ev(&s, 100, E(SYSCALL_OPEN_X), "isiiii", I(3), "sshd_config", I(SCAP_O_RDONLY), I(0),
	      I(0), I(0)); /* 2 */
	ts_ev(&s, 100, E(SYSCALL_OPEN_X), "isiiii", I(4), "/usr/lib",
	      I(SCAP_O_RDONLY | SCAP_O_DIRECTORY), I(0), I(0), I(0)); /* 3 */
	ts_ev(&s, 100, E(SYSCALL_OPENAT_2_X), "iisiiii", I(5), I(4), "libc.so.6", I(SCAP_O_RDONLY),
	      I(0), I(0), I(0)); /* 4 */
	ts_ev(&s, 100, E(SYSCALL_PIPE2_X), "iiiii", I(0), I(6), I(9), I(777), I(0)); /* 5 */
	ts_ev(&s, 100, E(SYSCALL_FCNTL_X), "iiii", I(10), I(5), I(SCAP_FCNTL_F_DUPFD_CLOEXEC),
	      I(10)); /* 6 */
	ts_ev(&s, 100, E(SYSCALL_EVENTFD2_X), "iii", I(11), I(0), I(0)); /* 7 */
	ts_ev(&s, 100, E(SYSCALL_MEMFD_CREATE_X), "isi", I(12), "jit", I(0)); /* 8 */
	ts_ev(&s, 100, E(SOCKET_SOCKETPAIR_X), "iiiiiiii", I(0), I(13), I(14), I(0xaa), I(0xbb),
	      I(SCAP_AF_UNIX), I(1), I(0)); /* 9 */
	ts_ev(&s, 100, E(SOCKET_SOCKET_X), "iiiii", I(15), I(SCAP_AF_INET), I(2), I(0),
	      I(0)); /* 10 */
	ts_ev(&s, 100, E(SOCKET_SENDTO_X), "ibiib", I(5), "hello", (size_t)5, I(15), I(5), tup,
	      tl); /* 11 */
	ts_ev(&s, 100, E(SYSCALL_FCHDIR_X), "ii", I(0), I(4)); /* 12 */
	ts_ev(&s, 100, E(SYSCALL_SETUID_X), "ii", I(0), I(0)); /* 13 */
	h = ts_open(&s, st);
	e = ts_goto(h, 2);
	assert_string_equal(ts_field(h, e, "proc.cwd"), "/etc/ssh/");
	assert_string_equal(ts_field(h, e, "fd.name"), "/etc/ssh/sshd_config");
	e = ts_goto(h, 3);
	assert_string_equal(ts_field(h, e, "fd.type"), "directory");
	assert_string_equal(ts_field(h, e, "fd.typechar"), "d");
	e = ts_goto(h, 4);
	assert_string_equal(ts_field(h, e, "fd.name"), "/usr/lib/libc.so.6");
	e = ts_goto(h, 5);
	assert_int_equal(fd_of(h, 100, 6)->type, SCAP_FD_FIFO);
	assert_int_equal(fd_of(h, 100, 9)->ino, 777);
	e = ts_goto(h, 6);
	assert_string_equal(fd_of(h, 100, 10)->name, "/usr/lib/libc.so.6");
	assert_true(fd_of(h, 100, 10)->openflags & SCAP_O_CLOEXEC);
	e = ts_goto(h, 7);
	assert_string_equal(ts_field(h, e, "fd.type"), "event");
	e = ts_goto(h, 8);
	assert_string_equal(ts_field(h, e, "fd.type"), "memfd");
	assert_string_equal(ts_field(h, e, "fd.name"), "memfd:jit");
	e = ts_goto(h, 9);
	assert_int_equal(fd_of(h, 100, 13)->type, SCAP_FD_UNIX_SOCK);
	assert_int_equal(fd_of(h, 100, 14)->usrc, 0xbb);
	e = ts_goto(h, 11);
	assert_string_equal(ts_field(h, e, "fd.name"), "8.8.8.8:0->8.8.8.8:53");
	assert_string_equal(ts_field(h, e, "fd.l4proto"), "udp");
	e = ts_goto(h, 12);
	assert_string_equal(ts_field(h, e, "proc.cwd"), "/usr/lib/");
	e = ts_goto(h, 13);
	assert_string_equal(ts_field(h, e, "user.uid"), "0");
	sinsp_close(h);
	ts_free(&s);
	scap_state_free(st);
}

/* signalfd, timerfd, inotify, netlink, bpf (new and old layouts), unix path, creat, dup3 */
static void test_fd_kinds_rest(void **state)
{
	struct scap_state *st = base_state();
	struct tseq s = { 0 };
	uint8_t ut[64], bpfold[9] = { SCAP_BPF_IDX_FD, 21 };
	struct sinsp *h;
	struct sinsp_evt *e;
	size_t ul = 0;
	uint64_t a = 0x1111, b = 0x2222;

	ut[ul++] = SCAP_AF_UNIX;
	memcpy(ut + ul, &a, 8);
	memcpy(ut + ul + 8, &b, 8);
	ul += 16;
	memcpy(ut + ul, "/run/dbus/system_bus_socket", 28);
	ul += 28;
	ts_ev(&s, 100, E(SYSCALL_SIGNALFD4_X), "iiii", I(13), I(0), I(-1), I(0)); /* 1 */
	ts_ev(&s, 100, E(SYSCALL_TIMERFD_CREATE_X), "iii", I(14), I(1), I(0)); /* 2 */
	ts_ev(&s, 100, E(SYSCALL_INOTIFY_INIT1_X), "ii", I(15), I(0)); /* 3 */
	ts_ev(&s, 100, E(SOCKET_SOCKET_X), "iiiii", I(16), I(SCAP_AF_NETLINK), I(3), I(0),
	      I(0)); /* 4 */
	ts_ev(&s, 100, E(SYSCALL_BPF_2_X), "ii", I(17), I(0)); /* 5 */
	ts_ev(&s, 100, E(SOCKET_SOCKET_X), "iiiii", I(18), I(SCAP_AF_UNIX), I(1), I(0),
	      I(0)); /* 6 */
	ts_ev(&s, 100, E(SOCKET_CONNECT_X), "ibin", I(0), ut, ul, I(18)); /* 7 */
	ts_ev(&s, 100, E(SYSCALL_CREAT_X), "isiiii", I(19), "out.log", I(0644), I(0), I(0),
	      I(0)); /* 8 */
	ts_ev(&s, 100, E(SYSCALL_DUP3_X), "iiii", I(20), I(19), I(20), I(SCAP_O_CLOEXEC)); /* 9 */
	ts_ev(&s, 100, E(SYSCALL_BPF_X), "b", bpfold, sizeof(bpfold)); /* 10 */
	h = ts_open(&s, st);
	e = ts_goto(h, 10);
	assert_int_equal(fd_of(h, 100, 13)->type, SCAP_FD_SIGNALFD);
	assert_int_equal(fd_of(h, 100, 14)->type, SCAP_FD_TIMERFD);
	assert_int_equal(fd_of(h, 100, 15)->type, SCAP_FD_INOTIFY);
	assert_int_equal(fd_of(h, 100, 16)->type, SCAP_FD_NETLINK);
	assert_int_equal(fd_of(h, 100, 17)->type, SCAP_FD_BPF);
	assert_int_equal(fd_of(h, 100, 18)->type, SCAP_FD_UNIX_SOCK);
	assert_string_equal(fd_of(h, 100, 18)->name, "/run/dbus/system_bus_socket");
	assert_string_equal(fd_of(h, 100, 19)->name, "/home/u/out.log");
	assert_string_equal(fd_of(h, 100, 20)->name, "/home/u/out.log");
	assert_true(fd_of(h, 100, 20)->openflags & SCAP_O_CLOEXEC);
	assert_non_null(fd_of(h, 100, 21));
	assert_int_equal(fd_of(h, 100, 21)->type, SCAP_FD_BPF);
	assert_string_equal(ts_field(h, e, "fd.typechar"), "b");
	sinsp_close(h);
	ts_free(&s);
	scap_state_free(st);
	(void)state;
}

static void test_container_ids(void **state)
{
	static const struct {
		const char *cg, *id;
	} cases[] = {
		{ "cpu=/docker/3f1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f8",
		  "3f1a2b3c4d5e" },
		{ "pids=/system.slice/"
		  "docker-aaaaaaaaaaaabbbbbbbbbbbbccccccccccccddddddddddddeeeeeeeeeeeeffff.scope",
		  "aaaaaaaaaaaa" },
		{ "0::/kubepods.slice/kubepods-pod1.slice/"
		  "cri-containerd-0123456789ab0123456789ab0123456789ab0123456789ab0123456789ab0123."
		  "scope",
		  "0123456789ab" },
		{ "0::/kubepods/besteffort/pod9/"
		  "fedcba9876543210fedcba9876543210fedcba9876543210fedcba9876543210",
		  "fedcba987654" },
		{ "0::/machine.slice/"
		  "crio-1111111111112222222222223333333333334444444444445555555555556666.scope",
		  "111111111111" },
		{ "0::/machine.slice/"
		  "libpod-9999999999998888888888887777777777776666666666665555555555554444.scope",
		  "999999999999" },
		{ "0::/user.slice/user-1000.slice/session-3.scope", "host" },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct scap_state *st = base_state();
		struct tseq s = { 0 };
		struct sinsp *h;
		struct sinsp_evt *e;

		/* the child's own clone event carries its cgroups */
		ts_ev(&s, 500, E(SYSCALL_CLONE_20_X), "isbiiisiiiiiisbiiiiii", I(0), "/bin/sh", "",
		      (size_t)0, I(500), I(500), I(100), "/", I(1024), I(0), I(0), I(0), I(0), I(0),
		      "sh", cases[i].cg, strlen(cases[i].cg) + 1, I(0), I(0), I(0), I(1), I(1),
		      I(0));
		h = ts_open(&s, st);
		e = ts_goto(h, 1);
		assert_string_equal(ts_field(h, e, "container.id"), cases[i].id);
		assert_string_equal(ts_field(h, e, "thread.vtid"), "1");
		sinsp_close(h);
		ts_free(&s);
		scap_state_free(st);
	}
}

/* Thread table bounded: beyond max_threads new threads are counted, not kept. */
static void test_bounded_threads(void **state)
{
	struct tseq s = { 0 };
	SCAP_OPTS(sinsp_open_opts, o, .engine = "test", .max_threads = 10);
	struct sinsp_counters c;
	struct sinsp_evt *e;
	struct sinsp *h;
	char err[256];
	int i;

	for (i = 0; i < 50; i++)
		ts_ev(&s, 1000 + (uint64_t)i, E(SYSCALL_CLOSE_X), "ii", I(0), I(3));
	for (i = 0; i < 50; i++)
		ts_ev(&s, 1000 + (uint64_t)i, E(PROCEXIT_1_E), "iiiii", I(0), I(0), I(0), I(0),
		      I(1));
	ts_ev(&s, 1, E(SYSCALL_CLOSE_X), "ii", I(0), I(3));
	o.test_events = (const struct scap_evt_hdr *const *)s.ev;
	o.test_nevents = s.n;
	h = sinsp_open(&o, err, sizeof(err));
	assert_non_null(h);
	while (sinsp_next(h, &e) == 0)
		;
	sinsp_get_counters(h, &c);
	assert_true(c.n_threads <= 10);
	/* 40 closes by untracked threads; the exits free room, so later exits are tracked */
	assert_int_equal(c.n_threads_dropped, 40);
	sinsp_close(h);
	ts_free(&s);
}

static void test_filter_on_events(void **state)
{
	struct scap_state *st = base_state();
	struct tseq s = { 0 };
	struct sinsp *h;
	struct sinsp_evt *e;
	char err[256];
	uint64_t nums[8];
	int n = 0;

	ts_ev(&s, 100, E(SYSCALL_OPEN_X), "isiiii", I(3), "/etc/passwd", I(SCAP_O_RDONLY), I(0),
	      I(0), I(0));
	ts_ev(&s, 100, E(SYSCALL_OPEN_X), "isiiii", I(-2), "/etc/nope", I(SCAP_O_RDONLY), I(0),
	      I(0), I(0));
	ts_ev(&s, 100, E(SYSCALL_READ_X), "ibii", I(2), "ab", (size_t)2, I(3), I(10));
	ts_ev(&s, 100, E(SYSCALL_CLOSE_X), "ii", I(0), I(3));
	h = ts_open(&s, st);
	assert_int_equal(sinsp_set_filter(h, "proc.name = bash and fd.nam = 1", err, sizeof(err)),
			 -EINVAL);
	assert_string_equal(err, "at position 22 near 'fd.nam': unknown field 'fd.nam'");
	assert_int_equal(sinsp_set_filter(h,
					  "fd.name startswith /etc and not evt.failed = true and "
					  "evt.type in (open, read) and user.name = alice and "
					  "proc.aname[1] = systemd and evt.rawarg.fd >= 0",
					  err, sizeof(err)),
			 0);
	while (sinsp_next(h, &e) == 0 && n < 8)
		nums[n++] = sinsp_evt_num(e);
	assert_int_equal(n, 2);
	assert_int_equal(nums[0], 1);
	assert_int_equal(nums[1], 3);
	sinsp_close(h);
	h = ts_open(&s, st);
	assert_int_equal(sinsp_set_filter(h, "evt.res = ENOENT", err, sizeof(err)), 0);
	assert_int_equal(sinsp_next(h, &e), 0);
	assert_int_equal(sinsp_evt_num(e), 2);
	assert_string_equal(ts_field(h, e, "evt.failed"), "true");
	assert_string_equal(ts_field(h, e, "evt.rawres"), "-2");
	assert_non_null(strstr(ts_field(h, e, "evt.args"), "fd=-2(ENOENT)"));
	sinsp_close(h);
	ts_free(&s);
	scap_state_free(st);
}

/* A filter rejecting a long run of events hands control back with -EAGAIN. */
static void test_filter_gives_control_back(void **state)
{
	struct tseq s = { 0 };
	struct sinsp_evt *e;
	struct sinsp *h;
	char err[256];
	int i;

	for (i = 0; i < 5000; i++)
		ts_ev(&s, 100, E(SYSCALL_CLOSE_X), "ii", I(-9), I(3));
	ts_ev(&s, 100, E(SYSCALL_CLOSE_X), "ii", I(0), I(3));
	h = ts_open(&s, NULL);
	assert_int_equal(sinsp_set_filter(h, "evt.rawres = 0", err, sizeof(err)), 0);
	assert_int_equal(sinsp_next(h, &e), -EAGAIN);
	assert_int_equal(sinsp_next(h, &e), 0);
	assert_int_equal(sinsp_evt_num(e), 5001);
	assert_int_equal(sinsp_next(h, &e), -SCAP_ERR_EOF);
	sinsp_close(h);
	ts_free(&s);
}

/* An execve's flags give proc.is_exe_*; a clone child inherits them, the next exec replaces them.
 */
static void exec_with_flags(struct tseq *s, uint64_t tid, const char *exe, uint32_t flags)
{
	ts_ev(s, tid, SCAP_EVT_SYSCALL_EXECVE_19_X, "isbiiisiiiiiisbbiiiiiiiiiiisiis", (int64_t)0,
	      exe, "", (size_t)0, (int64_t)tid, (int64_t)tid, (int64_t)100, "/", (int64_t)1024,
	      (int64_t)0, (int64_t)0, (int64_t)0, (int64_t)0, (int64_t)0, exe, "", (size_t)0, "",
	      (size_t)0, (int64_t)0, (int64_t)tid, (int64_t)1000, (int64_t)flags, (int64_t)0,
	      (int64_t)0, (int64_t)0, (int64_t)0, (int64_t)0, (int64_t)0, (int64_t)0, exe,
	      (int64_t)tid, (int64_t)0, exe);
}

static void test_exe_flags(void **state)
{
	struct scap_state *st = base_state();
	struct tseq s = { 0 };
	struct sinsp *h;
	struct sinsp_evt *e;
	static const char *const f[] = { "proc.is_exe_writable", "proc.is_exe_upper_layer",
					 "proc.is_exe_lower_layer", "proc.is_exe_from_memfd" };
	struct scap_threadinfo *ti = scap_state_add_thread(st, 500); /* from /proc or a capture */

	ti->pid = 500;
	ti->ptid = 1;
	ti->exe_from_memfd = 1;
	ti->exe_lower_layer = 1;
	ts_ev(&s, 500, SCAP_EVT_SYSCALL_CLOSE_X, "ii", (int64_t)0, (int64_t)9); /* 1 */
	exec_with_flags(&s, 100, "/ctr/app", SCAP_EXE_WRITABLE | SCAP_EXE_UPPER_LAYER); /* 2 */
	ts_clone(&s, 100, 300, 100, 100, 1, 0, "app", NULL); /* 3 */
	ts_clone(&s, 300, 0, 300, 300, 100, 0, "app", NULL); /* 4 */
	exec_with_flags(&s, 300, "/memfd:x", SCAP_EXE_FROM_MEMFD); /* 5 */
	exec_with_flags(&s, 100, "/usr/bin/img", SCAP_EXE_LOWER_LAYER); /* 6 */
	h = ts_open(&s, st);
	e = ts_goto(h, 1);
	assert_string_equal(ts_field(h, e, f[3]), "true");
	assert_string_equal(ts_field(h, e, f[2]), "true");
	assert_string_equal(ts_field(h, e, f[1]), "false");
	e = ts_goto(h, 2);
	assert_string_equal(ts_field(h, e, f[0]), "true");
	assert_string_equal(ts_field(h, e, f[1]), "true");
	assert_string_equal(ts_field(h, e, f[2]), "false");
	assert_string_equal(ts_field(h, e, f[3]), "false");
	e = ts_goto(h, 4);
	assert_string_equal(ts_field(h, e, f[1]), "true");
	e = ts_goto(h, 5);
	assert_string_equal(ts_field(h, e, f[0]), "false");
	assert_string_equal(ts_field(h, e, f[1]), "false");
	assert_string_equal(ts_field(h, e, f[3]), "true");
	e = ts_goto(h, 6);
	assert_string_equal(ts_field(h, e, f[1]), "false");
	assert_string_equal(ts_field(h, e, f[2]), "true");
	sinsp_close(h);
	ts_free(&s);
	scap_state_free(st);
	(void)state;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_process_lifecycle),
		cmocka_unit_test(test_exe_flags),
		cmocka_unit_test(test_fd_table_sharing),
		cmocka_unit_test(test_socket_connect_write),
		cmocka_unit_test(test_state_sockets),
		cmocka_unit_test(test_arg_fields),
		cmocka_unit_test(test_accept_listening),
		cmocka_unit_test(test_old_pairs_same_state),
		cmocka_unit_test(test_more_fd_kinds),
		cmocka_unit_test(test_fd_kinds_rest),
		cmocka_unit_test(test_container_ids),
		cmocka_unit_test(test_bounded_threads),
		cmocka_unit_test(test_filter_on_events),
		cmocka_unit_test(test_filter_gives_control_back),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
