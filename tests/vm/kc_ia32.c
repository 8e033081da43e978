/* SPDX-License-Identifier: Apache-2.0 */
/*
 * 32-bit helper of kmodcheck's ia32 checks (gcc -m32 -static -fno-pie -no-pie):
 *
 *   kc_ia32 IN_FD OUT_FD
 *
 * Makes, through int $0x80 with i386 numbers, the calls whose arguments the module has to move
 * into the x86_64 call's places or read in the 32-bit layout: readv, _llseek, pread64, preadv,
 * mmap2, old mmap, sendfile (32-bit off_t), nanosleep, ugetrlimit, and socketpair + sendmmsg
 * through socketcall. IN_FD is an inherited 8192-byte file, OUT_FD a writable one; kmodcheck
 * knows what each call was given. Exits 0 when every call did what it should; otherwise prints
 * a bit mask of the failed calls.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#define NR32_READV 145
#define NR32_LLSEEK 140
#define NR32_PREAD64 180
#define NR32_PREADV 333
#define NR32_MMAP2 192
#define NR32_OLD_MMAP 90
#define NR32_SENDFILE 187
#define NR32_NANOSLEEP 162
#define NR32_UGETRLIMIT 191
#define NR32_SOCKETCALL 102
#define SOCKCALL_SOCKETPAIR 8
#define SOCKCALL_SENDMMSG 20

#define K_PROT_READ 1
#define K_MAP_PRIVATE 2
#define K_AF_UNIX 1
#define K_SOCK_DGRAM 2
#define K_RLIMIT_NOFILE 7

struct iov32 {
	uint32_t base, len;
};

struct mmsghdr32 {
	uint32_t name, namelen, iov, iovlen, control, controllen, flags;
	uint32_t len;
};

static volatile uint32_t g_arg6; /* int $0x80 takes the 6th argument in ebp */

static long sys6(long nr, long a, long b, long c, long d, long e, long f)
{
	long ret;

	g_arg6 = f;
	__asm__ volatile("push %%ebp\n\t"
			 "movl %[f], %%ebp\n\t"
			 "int $0x80\n\t"
			 "pop %%ebp"
			 : "=a"(ret)
			 : "0"(nr), "b"(a), "c"(b), "d"(c), "S"(d), "D"(e), [f] "m"(g_arg6)
			 : "memory");
	return ret;
}

static uint32_t p32(const void *p)
{
	return (uint32_t)(uintptr_t)p;
}

int main(int argc, char **argv)
{
	char b1[8], b2[8], b3[8];
	struct iov32 iov[2];
	struct mmsghdr32 mm[2];
	uint32_t blk[6], rl[2], args[4], ts[2];
	int32_t off;
	uint64_t pos = 0;
	int sv[2] = { -1, -1 };
	long in, out, r, bad = 0;

	if (argc != 3 || sizeof(void *) != 4)
		return 2;
	in = atol(argv[1]);
	out = atol(argv[2]);

	iov[0] = (struct iov32){ p32(b1), 2 };
	iov[1] = (struct iov32){ p32(b2), 3 };
	bad |= (sys6(NR32_READV, in, p32(iov), 2, 0, 0, 0) != 5) << 0;
	bad |= (sys6(NR32_LLSEEK, in, 1, 5, p32(&pos), 0 /* SEEK_SET */, 0) != 0 ||
		pos != (1ULL << 32) + 5)
	       << 1;
	bad |= (sys6(NR32_PREAD64, in, p32(b3), 4, 2, 0, 0) != 4) << 2;
	iov[0] = (struct iov32){ p32(b3), 3 };
	bad |= (sys6(NR32_PREADV, in, p32(iov), 1, 6, 0, 0) != 3) << 3;
	r = sys6(NR32_MMAP2, 0, 4096, K_PROT_READ, K_MAP_PRIVATE, in, 1);
	bad |= ((unsigned long)r > -4096UL) << 4;
	blk[0] = 0;
	blk[1] = 8192;
	blk[2] = K_PROT_READ;
	blk[3] = K_MAP_PRIVATE;
	blk[4] = in;
	blk[5] = 0;
	bad |= ((unsigned long)sys6(NR32_OLD_MMAP, p32(blk), 0, 0, 0, 0, 0) > -4096UL) << 5;
	off = 3;
	bad |= (sys6(NR32_SENDFILE, out, in, p32(&off), 4, 0, 0) != 4 || off != 7) << 6;
	ts[0] = 0;
	ts[1] = 1000;
	bad |= (sys6(NR32_NANOSLEEP, p32(ts), 0, 0, 0, 0, 0) != 0) << 7;
	bad |= (sys6(NR32_UGETRLIMIT, K_RLIMIT_NOFILE, p32(rl), 0, 0, 0, 0) != 0) << 8;
	args[0] = K_AF_UNIX;
	args[1] = K_SOCK_DGRAM;
	args[2] = 0;
	args[3] = p32(sv);
	bad |= (sys6(NR32_SOCKETCALL, SOCKCALL_SOCKETPAIR, p32(args), 0, 0, 0, 0) != 0) << 9;
	iov[0] = (struct iov32){ p32("one"), 3 };
	iov[1] = (struct iov32){ p32("three"), 5 };
	for (int i = 0; i < 2; i++)
		mm[i] = (struct mmsghdr32){ .iov = p32(&iov[i]), .iovlen = 1 };
	args[0] = sv[0];
	args[1] = p32(mm);
	args[2] = 2;
	args[3] = 0;
	bad |= (sys6(NR32_SOCKETCALL, SOCKCALL_SENDMMSG, p32(args), 0, 0, 0, 0) != 2) << 10;
	if (bad)
		fprintf(stderr, "kc_ia32: calls that failed (bit mask): %#lx\n", bad);
	return bad ? 10 : 0;
}
