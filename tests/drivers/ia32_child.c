/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The 32-bit (ia32) side of the driver suite's "ia32" test, built with gcc -m32 -static:
 *
 *   ia32_child IN_PATH OUT_PATH PORT
 *
 * Every syscall goes through int $0x80 with its i386 number, so the drivers see compat syscalls
 * whatever the C library prefers: open+read+close of IN_PATH, a failed read of fd -1, a writev
 * of two iovecs to OUT_PATH, socket+connect to 127.0.0.1:PORT and a sendmsg of two iovecs, both
 * through socketcall(2), a sendmmsg of two messages (socketcall too), a loopback TCP pair of its
 * own (socket, bind, listen, getsockname, connect, accept) with send(2) on one end and recv(2) on
 * the other (socketcall SYS_SEND and SYS_RECV, calls x86_64 does not have), a send and a recv on
 * fd -1, pread64 at a position above 4 GiB and _llseek (split 64-bit positions), and a failed
 * execve with its own argv and envp. It
 * prints what it did on stdout, one "key value" line each, for the suite to compare the events
 * with.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* i386 syscall numbers (arch/x86/entry/syscalls/syscall_32.tbl) and socketcall calls */
#define NR32_READ 3
#define NR32_OPEN 5
#define NR32_CLOSE 6
#define NR32_EXECVE 11
#define NR32_SOCKETCALL 102
#define NR32_LLSEEK 140
#define NR32_WRITEV 146
#define NR32_PREAD64 180
#define SOCKCALL_SOCKET 1
#define SOCKCALL_BIND 2
#define SOCKCALL_CONNECT 3
#define SOCKCALL_LISTEN 4
#define SOCKCALL_ACCEPT 5
#define SOCKCALL_GETSOCKNAME 6
#define SOCKCALL_SEND 9
#define SOCKCALL_RECV 10
#define SOCKCALL_SENDMSG 16
#define SOCKCALL_SENDMMSG 20

#define K_O_WRONLY 01
#define K_O_CREAT 0100
#define K_O_TRUNC 01000
#define K_AF_INET 2
#define K_SOCK_STREAM 1

/* The 32-bit layouts, spelled out so nothing depends on the C library's headers. */
struct iov32 {
	uint32_t base;
	uint32_t len;
};

struct msghdr32 {
	uint32_t name;
	uint32_t namelen;
	uint32_t iov;
	uint32_t iovlen;
	uint32_t control;
	uint32_t controllen;
	uint32_t flags;
};

struct sin32 {
	uint16_t family;
	uint16_t port; /* network order */
	uint32_t addr; /* network order */
	uint8_t zero[8];
};

struct mmsghdr32 {
	struct msghdr32 hdr;
	uint32_t len;
};

static long sys3(long nr, long a, long b, long c)
{
	long ret;

	__asm__ volatile("int $0x80" : "=a"(ret) : "0"(nr), "b"(a), "c"(b), "d"(c) : "memory");
	return ret;
}

static long sys5(long nr, long a, long b, long c, long d, long e)
{
	long ret;

	__asm__ volatile("int $0x80"
			 : "=a"(ret)
			 : "0"(nr), "b"(a), "c"(b), "d"(c), "S"(d), "D"(e)
			 : "memory");
	return ret;
}

static uint32_t ptr32(const void *p)
{
	return (uint32_t)(uintptr_t)p;
}

static uint16_t be16(uint16_t v)
{
	return (uint16_t)(v << 8 | v >> 8);
}

/* socketcall(call, {a, b, c, d}) */
static long sockcall4(long call, long a, long b, long c, long d)
{
	uint32_t args[4] = { (uint32_t)a, (uint32_t)b, (uint32_t)c, (uint32_t)d };

	return sys3(NR32_SOCKETCALL, call, ptr32(args), 0);
}

/* A connected loopback TCP pair; send on the client, recv on the accepted end, both failing on
 * fd -1. The suite checks the events against these lines. */
static void send_recv(void)
{
	struct sin32 sa, ca;
	uint32_t len;
	long l, c, a;
	char buf[64];

	memset(&sa, 0, sizeof(sa));
	sa.family = K_AF_INET;
	sa.addr = 0x0100007f;
	l = sockcall4(SOCKCALL_SOCKET, K_AF_INET, K_SOCK_STREAM, 0, 0);
	len = sizeof(sa);
	if (sockcall4(SOCKCALL_BIND, l, ptr32(&sa), sizeof(sa), 0) ||
	    sockcall4(SOCKCALL_LISTEN, l, 1, 0, 0) ||
	    sockcall4(SOCKCALL_GETSOCKNAME, l, ptr32(&sa), ptr32(&len), 0))
		return;
	c = sockcall4(SOCKCALL_SOCKET, K_AF_INET, K_SOCK_STREAM, 0, 0);
	len = sizeof(ca);
	if (sockcall4(SOCKCALL_CONNECT, c, ptr32(&sa), sizeof(sa), 0) ||
	    sockcall4(SOCKCALL_GETSOCKNAME, c, ptr32(&ca), ptr32(&len), 0))
		return;
	a = sockcall4(SOCKCALL_ACCEPT, l, 0, 0, 0);
	printf("pair_lport %u\n", (unsigned)be16(sa.port));
	printf("pair_cport %u\n", (unsigned)be16(ca.port));
	printf("pair_client %ld\n", c);
	printf("pair_server %ld\n", a);
	printf("send_res %ld\n", sockcall4(SOCKCALL_SEND, c, ptr32("ping"), 4, 0));
	printf("recv_res %ld\n", sockcall4(SOCKCALL_RECV, a, ptr32(buf), sizeof(buf), 0));
	printf("recv_data %.4s\n", buf);
	printf("badsend_res %ld\n", sockcall4(SOCKCALL_SEND, -1, ptr32("fail!"), 5, 0));
	printf("badrecv_res %ld\n", sockcall4(SOCKCALL_RECV, -1, ptr32(buf), 8, 0));
}

int main(int argc, char **argv)
{
	static const char *const nx_argv[] = { "nx32", "x1", "x22", NULL };
	static const char *const nx_envp[] = { "IA32=1", "C=3", NULL };
	char buf[64];
	struct iov32 iov[2];
	struct msghdr32 m;
	struct sin32 sa;
	struct mmsghdr32 mm[2];
	struct iov32 miov[2];
	uint32_t args[4];
	uint64_t pos = 0;
	long fd, n, s;

	if (argc != 4) {
		fprintf(stderr, "usage: %s IN_PATH OUT_PATH PORT\n", argv[0]);
		return 2;
	}
	if (sizeof(void *) != 4) {
		fprintf(stderr, "ia32_child: not a 32-bit build\n");
		return 2;
	}

	fd = sys3(NR32_OPEN, ptr32(argv[1]), 0, 0);
	printf("open_fd %ld\n", fd);
	n = sys3(NR32_READ, fd, ptr32(buf), sizeof(buf));
	printf("read_res %ld\n", n);
	/* position 4 GiB + 3: low word 3, high word 1 */
	printf("pread_res %ld\n", sys5(NR32_PREAD64, fd, ptr32(buf), 4, 3, 1));
	printf("llseek_res %ld\n", sys5(NR32_LLSEEK, fd, 0, 5, ptr32(&pos), 0));
	printf("llseek_pos %llu\n", (unsigned long long)pos);
	printf("close_res %ld\n", sys3(NR32_CLOSE, fd, 0, 0));
	printf("badread_res %ld\n", sys3(NR32_READ, -1, ptr32(buf), 10));

	fd = sys3(NR32_OPEN, ptr32(argv[2]), K_O_WRONLY | K_O_CREAT | K_O_TRUNC, 0600);
	printf("out_fd %ld\n", fd);
	iov[0] = (struct iov32){ ptr32("ab"), 2 };
	iov[1] = (struct iov32){ ptr32("cdef"), 4 };
	printf("writev_res %ld\n", sys3(NR32_WRITEV, fd, ptr32(iov), 2));
	sys3(NR32_CLOSE, fd, 0, 0);

	args[0] = K_AF_INET;
	args[1] = K_SOCK_STREAM;
	args[2] = 0;
	s = sys3(NR32_SOCKETCALL, SOCKCALL_SOCKET, ptr32(args), 0);
	printf("sock_fd %ld\n", s);
	memset(&sa, 0, sizeof(sa));
	sa.family = K_AF_INET;
	sa.port = be16((uint16_t)atoi(argv[3]));
	sa.addr = 0x0100007f; /* 127.0.0.1 in network order on a little-endian cpu */
	args[0] = (uint32_t)s;
	args[1] = ptr32(&sa);
	args[2] = sizeof(sa);
	printf("connect_res %ld\n", sys3(NR32_SOCKETCALL, SOCKCALL_CONNECT, ptr32(args), 0));
	iov[0] = (struct iov32){ ptr32("hel"), 3 };
	iov[1] = (struct iov32){ ptr32("lo!"), 3 };
	memset(&m, 0, sizeof(m));
	m.iov = ptr32(iov);
	m.iovlen = 2;
	args[0] = (uint32_t)s;
	args[1] = ptr32(&m);
	args[2] = 0;
	printf("sendmsg_res %ld\n", sys3(NR32_SOCKETCALL, SOCKCALL_SENDMSG, ptr32(args), 0));
	miov[0] = (struct iov32){ ptr32("m1"), 2 };
	miov[1] = (struct iov32){ ptr32("m22"), 3 };
	memset(mm, 0, sizeof(mm));
	mm[0].hdr.iov = ptr32(&miov[0]);
	mm[0].hdr.iovlen = 1;
	mm[1].hdr.iov = ptr32(&miov[1]);
	mm[1].hdr.iovlen = 1;
	args[0] = (uint32_t)s;
	args[1] = ptr32(mm);
	args[2] = 2;
	args[3] = 0;
	printf("sendmmsg_res %ld\n", sys3(NR32_SOCKETCALL, SOCKCALL_SENDMMSG, ptr32(args), 0));
	send_recv();

	printf("execve_res %ld\n", sys3(NR32_EXECVE, ptr32("/nonexistent/syscap-ia32"),
					 ptr32(nx_argv), ptr32(nx_envp)));
	fflush(stdout);
	return 0;
}
