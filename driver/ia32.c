// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * 32-bit (ia32) syscalls of compat tasks on x86_64. The ia32 number is translated to the x86_64
 * syscall with the same meaning (include/uapi/syscap/native_ia32.def), socketcall(2) is split
 * into the socket call it carries (socketcall.def), and from then on the event is built exactly
 * as for that x86_64 syscall. The user-memory readers below give the fillers one native view of
 * the structures whose layout depends on the pointer size.
 */
#include <linux/compat.h>
#include <linux/uaccess.h>
#include <linux/net.h>
#include <linux/socket.h>
#include <linux/uio.h>
#include <linux/resource.h>
#include <linux/time.h>
#include <net/compat.h>

#include "syscap.h"

#ifdef CONFIG_IA32_EMULATION

#define SC_IA32_MAX 512

/* x86_64 number + 1 for each ia32 number; 0: not reported (the value leaves 0 free for that) */
static const u16 sc_ia32_map[SC_IA32_MAX] = {
#define SCAP_IA32(nr, name, x64) [nr] = (x64) + 1,
#include <syscap/native_ia32.def>
#undef SCAP_IA32
};

/* the same for socketcall's call numbers (<linux/net.h> SYS_*) */
#define SC_SOCKETCALL_MAX 21
static const u16 sc_socketcall_map[SC_SOCKETCALL_MAX] = {
#define SCAP_SOCKETCALL(call, name, x64) [call] = (x64) + 1,
#include <syscap/socketcall.def>
#undef SCAP_SOCKETCALL
};

/* how many arguments each socket call takes from its array (net/socket.c) */
static const u8 sc_socketcall_nargs[SC_SOCKETCALL_MAX] = {
	[SYS_SOCKET] = 3,   [SYS_BIND] = 3,	   [SYS_CONNECT] = 3,	  [SYS_LISTEN] = 2,
	[SYS_ACCEPT] = 3,   [SYS_GETSOCKNAME] = 3, [SYS_GETPEERNAME] = 3, [SYS_SOCKETPAIR] = 4,
	[SYS_SEND] = 4,	    [SYS_RECV] = 4,	   [SYS_SENDTO] = 6,	  [SYS_RECVFROM] = 6,
	[SYS_SHUTDOWN] = 2, [SYS_SETSOCKOPT] = 5,  [SYS_GETSOCKOPT] = 5,  [SYS_SENDMSG] = 3,
	[SYS_RECVMSG] = 3,  [SYS_ACCEPT4] = 4,	   [SYS_RECVMMSG] = 5,	  [SYS_SENDMMSG] = 4,
};

#define SC_IA32_SOCKETCALL 102
#define SC_IA32_OLD_SELECT 82 /* one pointer to {n, inp, outp, exp, tvp} */
#define SC_IA32_OLD_MMAP 90 /* one pointer to {addr, len, prot, flags, fd, offset} */
#define SC_IA32_LLSEEK 140 /* fd, offset high, offset low, result pointer, whence */
#define SC_IA32_PREAD64 180 /* fd, buf, count, pos low, pos high */
#define SC_IA32_PWRITE64 181
#define SC_IA32_PREADV 333 /* fd, iov, iovcnt, pos low, pos high (, flags: preadv2, pwritev2) */
#define SC_IA32_PWRITEV 334
#define SC_IA32_PREADV2 378
#define SC_IA32_PWRITEV2 379
#define SC_IA32_MMAP2 192 /* offset in 4096-byte units */
#define SC_X86_64_EXECVE 59
#define SC_X86_64_EXECVEAT 322

/* Replaces args[0..n) by n 32-bit words read from the user array at uptr. */
static bool sc_ia32_args_from(unsigned long *args, unsigned long uptr, unsigned int n)
{
	u32 w[6];
	unsigned int i;

	if (copy_from_user_nofault(w, compat_ptr(uptr), n * sizeof(w[0])))
		return false;
	for (i = 0; i < 6; i++)
		args[i] = i < n ? w[i] : 0;
	return true;
}

/*
 * The x86_64 number an ia32 syscall is reported as, with ctx->args rearranged into that
 * syscall's argument order; -1 when it is not reported. exec: the task is inside a successful
 * execve/execveat (sched_process_exec), or at the exit of a call that returned 0.
 */
long sc_ia32_syscall(struct sc_ctx *ctx, long nr, bool exec)
{
	unsigned long *a = ctx->args;
	unsigned int call, i;
	long x64;

	/*
	 * An x86_64 task exec'ing a 32-bit image is in ia32 mode from the point of no return on;
	 * kernels that do not rewrite the syscall number then still show the x86_64 one. The
	 * reference treats 59 and 322 so; 59 is ia32's unreported oldolduname, 322 its
	 * timerfd_create, so that is done only where an exec is certain.
	 */
	if (exec && (nr == SC_X86_64_EXECVE || nr == SC_X86_64_EXECVEAT))
		return nr;
	if (nr < 0 || nr >= SC_IA32_MAX)
		return -1;
	ctx->ia32_nr = nr;
	/* 32-bit code cannot set the upper halves; 64-bit code jumping into int $0x80 could */
	for (i = 0; i < 6; i++)
		a[i] = (u32)a[i];
	switch (nr) {
	case SC_IA32_SOCKETCALL:
		call = a[0];
		if (call >= SC_SOCKETCALL_MAX || !sc_socketcall_map[call] ||
		    !sc_ia32_args_from(a, a[1], sc_socketcall_nargs[call]))
			return -1;
		return sc_socketcall_map[call] - 1;
	case SC_IA32_OLD_SELECT:
		if (!sc_ia32_args_from(a, a[0], 5))
			return -1;
		break;
	case SC_IA32_OLD_MMAP:
		if (!sc_ia32_args_from(a, a[0], 6))
			return -1;
		break;
	case SC_IA32_MMAP2:
		a[5] <<= 12;
		break;
	case SC_IA32_LLSEEK:
		a[1] = (a[1] << 32) | a[2];
		a[2] = a[4];
		a[3] = a[4] = 0;
		break;
	case SC_IA32_PREAD64:
	case SC_IA32_PWRITE64:
	case SC_IA32_PREADV:
	case SC_IA32_PWRITEV:
	case SC_IA32_PREADV2:
	case SC_IA32_PWRITEV2:
		a[3] |= a[4] << 32;
		break;
	}
	x64 = sc_ia32_map[nr];
	return x64 - 1;
}

#endif /* CONFIG_IA32_EMULATION */

/* the i-th element of a user iovec array */
int sc_user_iovec(unsigned long uiov, unsigned long i, struct iovec *iov)
{
#ifdef CONFIG_COMPAT
	if (in_compat_syscall()) {
		struct compat_iovec ci;

		if (copy_from_user_nofault(&ci, (void __user *)(uiov + i * sizeof(ci)), sizeof(ci)))
			return -EFAULT;
		iov->iov_base = compat_ptr(ci.iov_base);
		iov->iov_len = ci.iov_len;
		return 0;
	}
#endif
	return copy_from_user_nofault(iov, (void __user *)(uiov + i * sizeof(*iov)), sizeof(*iov));
}

#ifdef CONFIG_COMPAT
static void sc_msghdr_from_compat(struct user_msghdr *mh, const struct compat_msghdr *cm)
{
	mh->msg_name = compat_ptr(cm->msg_name);
	mh->msg_namelen = cm->msg_namelen;
	mh->msg_iov = compat_ptr(cm->msg_iov);
	mh->msg_iovlen = cm->msg_iovlen;
	mh->msg_control = compat_ptr(cm->msg_control);
	mh->msg_controllen = cm->msg_controllen;
	mh->msg_flags = cm->msg_flags;
}
#endif

int sc_user_msghdr(unsigned long umsg, struct user_msghdr *mh)
{
#ifdef CONFIG_COMPAT
	if (in_compat_syscall()) {
		struct compat_msghdr cm;

		if (copy_from_user_nofault(&cm, (void __user *)umsg, sizeof(cm)))
			return -EFAULT;
		sc_msghdr_from_compat(mh, &cm);
		return 0;
	}
#endif
	return copy_from_user_nofault(mh, (void __user *)umsg, sizeof(*mh));
}

/* the i-th element of a user mmsghdr array */
int sc_user_mmsghdr(unsigned long uarr, unsigned long i, struct mmsghdr *mm)
{
#ifdef CONFIG_COMPAT
	if (in_compat_syscall()) {
		struct compat_mmsghdr cm;

		if (copy_from_user_nofault(&cm, (void __user *)(uarr + i * sizeof(cm)), sizeof(cm)))
			return -EFAULT;
		sc_msghdr_from_compat(&mm->msg_hdr, &cm.msg_hdr);
		mm->msg_len = cm.msg_len;
		return 0;
	}
#endif
	return copy_from_user_nofault(mm, (void __user *)(uarr + i * sizeof(*mm)), sizeof(*mm));
}

/* the i-th pointer (or long) of a user array */
int sc_user_ulong(unsigned long uarr, unsigned long i, unsigned long *v)
{
#ifdef CONFIG_COMPAT
	if (in_compat_syscall()) {
		compat_ulong_t cv;

		if (copy_from_user_nofault(&cv, (void __user *)(uarr + i * sizeof(cv)), sizeof(cv)))
			return -EFAULT;
		*v = cv;
		return 0;
	}
#endif
	return copy_from_user_nofault(v, (void __user *)(uarr + i * sizeof(*v)), sizeof(*v));
}

/* a struct timespec (ia32 tasks: the 32-bit one; their *_time64 calls are not reported) */
int sc_user_timespec(unsigned long uts, struct __kernel_timespec *ts)
{
#ifdef CONFIG_COMPAT
	if (in_compat_syscall()) {
		struct old_timespec32 ct;

		if (copy_from_user_nofault(&ct, (void __user *)uts, sizeof(ct)))
			return -EFAULT;
		ts->tv_sec = ct.tv_sec;
		ts->tv_nsec = ct.tv_nsec;
		return 0;
	}
#endif
	return copy_from_user_nofault(ts, (void __user *)uts, sizeof(*ts));
}

/* a struct rlimit; the 32-bit infinity becomes the native one */
int sc_user_rlimit(unsigned long ur, struct rlimit *r)
{
#ifdef CONFIG_COMPAT
	if (in_compat_syscall()) {
		struct compat_rlimit cr;

		if (copy_from_user_nofault(&cr, (void __user *)ur, sizeof(cr)))
			return -EFAULT;
		r->rlim_cur = cr.rlim_cur == COMPAT_RLIM_INFINITY ? RLIM_INFINITY : cr.rlim_cur;
		r->rlim_max = cr.rlim_max == COMPAT_RLIM_INFINITY ? RLIM_INFINITY : cr.rlim_max;
		return 0;
	}
#endif
	return copy_from_user_nofault(r, (void __user *)ur, sizeof(*r));
}
