// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * Fillers of the file-system, memory, signal and fd-creating syscalls. Where the SCAP_* values
 * are the kernel's own (mount, umount, AT_*, RENAME_*, MFD_*, CLOSE_RANGE_*, SHUT_*), the
 * argument goes through masked to the bits the schema names.
 */
#include <linux/fs.h>
#include <linux/fcntl.h>
#include <linux/mm.h>
#include <linux/mman.h>
#include <linux/mount.h>
#include <uapi/linux/mount.h>
#include <linux/net.h>
#include <linux/file.h>
#include <linux/ptrace.h>
#include <linux/prctl.h>
#include <linux/uaccess.h>
#include <linux/eventpoll.h>
#include <linux/uio.h>
#include <linux/poll.h>
#include <linux/resource.h>
#include <linux/time64.h>
#include <linux/cred.h>
#include <linux/splice.h>
#include <linux/futex.h>
#include <linux/compat.h>

#include "compat.h"
#include <net/sock.h>
#include <net/af_unix.h>

#include "syscap.h"

#define SC_KB(pages) ((u32)((pages) << (PAGE_SHIFT - 10)))

u32 sc_fd_flags(unsigned long f)
{
	u32 r = 0;

	if (f & O_CLOEXEC)
		r |= SCAP_O_CLOEXEC;
	if (f & O_NONBLOCK)
		r |= SCAP_O_NONBLOCK;
	if (f & O_DIRECT)
		r |= SCAP_O_DIRECT;
	return r;
}

static u32 sc_prot_flags(unsigned long p)
{
	return (p & PROT_READ ? SCAP_PROT_READ : 0) | (p & PROT_WRITE ? SCAP_PROT_WRITE : 0) |
	       (p & PROT_EXEC ? SCAP_PROT_EXEC : 0) | (p & PROT_SEM ? SCAP_PROT_SEM : 0) |
	       (p & PROT_GROWSDOWN ? SCAP_PROT_GROWSDOWN : 0) |
	       (p & PROT_GROWSUP ? SCAP_PROT_GROWSUP : 0);
}

/* mknod: the permission bits plus the file type, no type meaning a regular file */
static u32 sc_mknod_mode(unsigned long m)
{
	u32 r = m & 07777;

	switch (m & S_IFMT) {
	case 0:
	case S_IFREG:
		return r | SCAP_S_IFREG;
	case S_IFCHR:
		return r | SCAP_S_IFCHR;
	case S_IFBLK:
		return r | SCAP_S_IFBLK;
	case S_IFIFO:
		return r | SCAP_S_IFIFO;
	case S_IFSOCK:
		return r | SCAP_S_IFSOCK;
	}
	return r;
}

static u32 sc_mmap_flags(unsigned long f)
{
	static const struct {
		unsigned long k;
		u32 s;
	} map[] = {
		{ MAP_SHARED, SCAP_MAP_SHARED },	 { MAP_PRIVATE, SCAP_MAP_PRIVATE },
		{ MAP_FIXED, SCAP_MAP_FIXED },		 { MAP_ANONYMOUS, SCAP_MAP_ANONYMOUS },
#ifdef MAP_32BIT
		{ MAP_32BIT, SCAP_MAP_32BIT },
#endif
		{ MAP_NORESERVE, SCAP_MAP_NORESERVE },	 { MAP_POPULATE, SCAP_MAP_POPULATE },
		{ MAP_NONBLOCK, SCAP_MAP_NONBLOCK },	 { MAP_GROWSDOWN, SCAP_MAP_GROWSDOWN },
		{ MAP_DENYWRITE, SCAP_MAP_DENYWRITE },	 { MAP_EXECUTABLE, SCAP_MAP_EXECUTABLE },
		{ MAP_LOCKED, SCAP_MAP_LOCKED },
	};
	u32 r = 0;
	int i;

	/* MAP_SHARED_VALIDATE is SHARED|PRIVATE: report it as shared */
	if ((f & MAP_TYPE) == MAP_SHARED_VALIDATE)
		f &= ~MAP_PRIVATE;
	for (i = 0; i < ARRAY_SIZE(map); i++)
		if (f & map[i].k)
			r |= map[i].s;
	return r;
}

static u32 sc_ptrace_req(long req)
{
	switch (req) {
	case PTRACE_TRACEME: return SCAP_PTRACE_TRACEME;
	case PTRACE_PEEKTEXT: return SCAP_PTRACE_PEEKTEXT;
	case PTRACE_PEEKDATA: return SCAP_PTRACE_PEEKDATA;
	case PTRACE_PEEKUSR: return SCAP_PTRACE_PEEKUSR;
	case PTRACE_POKETEXT: return SCAP_PTRACE_POKETEXT;
	case PTRACE_POKEDATA: return SCAP_PTRACE_POKEDATA;
	case PTRACE_POKEUSR: return SCAP_PTRACE_POKEUSR;
	case PTRACE_CONT: return SCAP_PTRACE_CONT;
	case PTRACE_KILL: return SCAP_PTRACE_KILL;
	case PTRACE_SINGLESTEP: return SCAP_PTRACE_SINGLESTEP;
	case PTRACE_ATTACH: return SCAP_PTRACE_ATTACH;
	case PTRACE_DETACH: return SCAP_PTRACE_DETACH;
	case PTRACE_SYSCALL: return SCAP_PTRACE_SYSCALL;
	case PTRACE_SETOPTIONS: return SCAP_PTRACE_SETOPTIONS;
	case PTRACE_GETEVENTMSG: return SCAP_PTRACE_GETEVENTMSG;
	case PTRACE_GETSIGINFO: return SCAP_PTRACE_GETSIGINFO;
	case PTRACE_SETSIGINFO: return SCAP_PTRACE_SETSIGINFO;
	case PTRACE_GETREGSET: return SCAP_PTRACE_GETREGSET;
	case PTRACE_SETREGSET: return SCAP_PTRACE_SETREGSET;
	case PTRACE_SEIZE: return SCAP_PTRACE_SEIZE;
	case PTRACE_INTERRUPT: return SCAP_PTRACE_INTERRUPT;
	case PTRACE_LISTEN: return SCAP_PTRACE_LISTEN;
	case PTRACE_PEEKSIGINFO: return SCAP_PTRACE_PEEKSIGINFO;
	case PTRACE_GETSIGMASK: return SCAP_PTRACE_GETSIGMASK;
	case PTRACE_SETSIGMASK: return SCAP_PTRACE_SETSIGMASK;
#ifdef CONFIG_X86
	case PTRACE_GETREGS: return SCAP_PTRACE_GETREGS;
	case PTRACE_SETREGS: return SCAP_PTRACE_SETREGS;
	case PTRACE_GETFPREGS: return SCAP_PTRACE_GETFPREGS;
	case PTRACE_SETFPREGS: return SCAP_PTRACE_SETFPREGS;
	case PTRACE_GETFPXREGS: return SCAP_PTRACE_GETFPXREGS;
	case PTRACE_SETFPXREGS: return SCAP_PTRACE_SETFPXREGS;
	case PTRACE_OLDSETOPTIONS: return SCAP_PTRACE_OLDSETOPTIONS;
	case PTRACE_GET_THREAD_AREA: return SCAP_PTRACE_GET_THREAD_AREA;
	case PTRACE_SET_THREAD_AREA: return SCAP_PTRACE_SET_THREAD_AREA;
	case PTRACE_ARCH_PRCTL: return SCAP_PTRACE_ARCH_PRCTL;
	case PTRACE_SYSEMU: return SCAP_PTRACE_SYSEMU;
	case PTRACE_SYSEMU_SINGLESTEP: return SCAP_PTRACE_SYSEMU_SINGLESTEP;
	case PTRACE_SINGLEBLOCK: return SCAP_PTRACE_SINGLEBLOCK;
#endif
	}
	return SCAP_PTRACE_UNKNOWN;
}

/* PT_DYN: the variant index byte, then the value in that variant's width */
static void sc_buf_dyn(struct sc_buf *b, u8 idx, u64 v)
{
	u32 size = idx == SCAP_PTRACE_IDX_SIGTYPE ? 1 : 8;
	char *p = sc_buf_reserve(b, 1 + size);

	if (!p)
		return;
	p[0] = idx;
	memcpy(p + 1, &v, size); /* little-endian: the low bytes first */
	sc_buf_commit(b, 1 + size);
}

static void sc_fill_ptrace(struct sc_buf *b, struct sc_ctx *ctx)
{
	unsigned long *a = ctx->args;
	long req = a[0];
	u64 data = a[3];

	sc_buf_int(b, ctx->ret);
	sc_buf_dyn(b, SCAP_PTRACE_IDX_UINT64, a[2]);
	switch (req) {
	case PTRACE_PEEKTEXT:
	case PTRACE_PEEKDATA:
	case PTRACE_PEEKUSR:
		/* the word read lands at *data (32 bits for ia32 tasks) */
		data = 0;
		if (ctx->ret < 0 ||
		    copy_from_user_nofault(&data, (void __user *)a[3], in_compat_syscall() ? 4 : 8))
			data = 0;
		sc_buf_dyn(b, SCAP_PTRACE_IDX_UINT64, data);
		break;
	case PTRACE_CONT:
	case PTRACE_SYSCALL:
	case PTRACE_SINGLESTEP:
	case PTRACE_DETACH:
		sc_buf_dyn(b, SCAP_PTRACE_IDX_SIGTYPE, data);
		break;
	default:
		sc_buf_dyn(b, SCAP_PTRACE_IDX_UINT64, data);
	}
	sc_buf_int(b, sc_ptrace_req(req));
	sc_buf_int(b, (s64)(int)a[1]);
}

static void sc_fill_mm(struct sc_buf *b)
{
	struct mm_struct *mm = current->mm;

	sc_buf_int(b, mm ? SC_KB(mm->total_vm) : 0);
	sc_buf_int(b, mm ? SC_KB(get_mm_rss(mm)) : 0);
	sc_buf_int(b, mm ? SC_KB(get_mm_counter(mm, MM_SWAPENTS)) : 0);
}

static void sc_fill_socketpair(struct sc_buf *b, struct sc_ctx *ctx)
{
	unsigned long *a = ctx->args;
	int fds[2] = { -1, -1 };
	u64 src = 0, peer = 0;
	struct socket *sock;
	struct file *f;

	sc_buf_int(b, ctx->ret);
	if (ctx->ret < 0 || copy_from_user_nofault(fds, (void __user *)a[3], sizeof(fds)))
		fds[0] = fds[1] = -1;
	sc_buf_int(b, (s64)fds[0]);
	sc_buf_int(b, (s64)fds[1]);
	f = fds[0] >= 0 ? fget_raw(fds[0]) : NULL;
	sock = f ? sock_from_file(f) : NULL;
	if (sock && sock->sk) {
		src = (unsigned long)sock->sk;
		if (sock->sk->sk_family == AF_UNIX)
			peer = (unsigned long)READ_ONCE(unix_sk(sock->sk)->peer);
	}
	if (f)
		fput(f);
	sc_buf_int(b, src);
	sc_buf_int(b, peer);
	sc_buf_int(b, (u32)a[0]);
	sc_buf_int(b, (u32)a[1]);
	sc_buf_int(b, (u32)a[2]);
}

static u16 sc_poll_flags(unsigned int e)
{
	return (e & POLLIN ? SCAP_POLLIN : 0) | (e & POLLPRI ? SCAP_POLLPRI : 0) |
	       (e & POLLOUT ? SCAP_POLLOUT : 0) | (e & POLLRDHUP ? SCAP_POLLRDHUP : 0) |
	       (e & POLLERR ? SCAP_POLLERR : 0) | (e & POLLHUP ? SCAP_POLLHUP : 0) |
	       (e & POLLNVAL ? SCAP_POLLNVAL : 0) | (e & POLLRDNORM ? SCAP_POLLRDNORM : 0) |
	       (e & POLLRDBAND ? SCAP_POLLRDBAND : 0) | (e & POLLWRNORM ? SCAP_POLLWRNORM : 0) |
	       (e & POLLWRBAND ? SCAP_POLLWRBAND : 0);
}

/*
 * PT_FDLIST: u16 count, then (u64 fd, u16 returned events) per entry; the first 16 fds, as the
 * probe and the reference report them. An unreadable array gives an empty list.
 */
#define SC_POLLFD_MAX 16

void sc_fill_pollfds(struct sc_buf *b, unsigned long ufds, unsigned long nfds)
{
	char out[2 + SC_POLLFD_MAX * 10];
	struct pollfd pfd;
	u16 i, n = min_t(unsigned long, nfds, SC_POLLFD_MAX);

	for (i = 0; i < n; i++) {
		u64 fd;
		u16 fl;

		if (copy_from_user_nofault(&pfd, (void __user *)(ufds + i * sizeof(pfd)),
					   sizeof(pfd))) {
			n = 0;
			break;
		}
		fd = (s64)pfd.fd;
		fl = sc_poll_flags(pfd.revents);
		memcpy(out + 2 + i * 10, &fd, 8);
		memcpy(out + 10 + i * 10, &fl, 2);
	}
	memcpy(out, &n, 2);
	sc_buf_bytes(b, out, 2 + n * 10);
}

static void sc_fill_rlimit(struct sc_buf *b, unsigned long uptr, bool valid)
{
	struct rlimit64 r;

	if (!valid || !uptr || copy_from_user_nofault(&r, (void __user *)uptr, sizeof(r))) {
		sc_buf_int(b, -1);
		sc_buf_int(b, -1);
		return;
	}
	sc_buf_int(b, r.rlim_cur);
	sc_buf_int(b, r.rlim_max);
}

static void sc_fill_getres(struct sc_buf *b, struct sc_ctx *ctx)
{
	unsigned long *a = ctx->args;
	u32 v;
	int i;

	sc_buf_int(b, ctx->ret);
	for (i = 0; i < 3; i++) {
		/* what the buffers hold even after a failure, as the probe reads them */
		if (copy_from_user_nofault(&v, (void __user *)a[i], sizeof(v)))
			v = 0;
		sc_buf_int(b, v);
	}
}

/* Returns true when it handled the event. */
bool sc_fill_more(struct sc_buf *b, struct sc_ctx *ctx)
{
	unsigned long *a = ctx->args;
	long ret = ctx->ret;

	switch (ctx->type) {
	case SCAP_EVT_SYSCALL_MKDIR_2_X:
		sc_buf_int(b, ret);
		sc_buf_ustr(b, a[0]);
		sc_buf_int(b, a[1] & 07777);
		return true;
	case SCAP_EVT_SYSCALL_MKDIRAT_X:
		sc_buf_int(b, ret);
		sc_buf_int(b, (s64)(int)a[0]);
		sc_buf_ustr(b, a[1]);
		sc_buf_int(b, a[2] & 07777);
		return true;
	case SCAP_EVT_SYSCALL_RENAME_X:
		sc_buf_int(b, ret);
		sc_buf_ustr(b, a[0]);
		sc_buf_ustr(b, a[1]);
		return true;
	case SCAP_EVT_SYSCALL_RENAMEAT_X:
	case SCAP_EVT_SYSCALL_RENAMEAT2_X:
		sc_buf_int(b, ret);
		sc_buf_int(b, (s64)(int)a[0]);
		sc_buf_ustr(b, a[1]);
		sc_buf_int(b, (s64)(int)a[2]);
		sc_buf_ustr(b, a[3]);
		if (ctx->type == SCAP_EVT_SYSCALL_RENAMEAT2_X)
			sc_buf_int(b, a[4] & (SCAP_RENAME_NOREPLACE | SCAP_RENAME_EXCHANGE |
					      SCAP_RENAME_WHITEOUT));
		return true;
	case SCAP_EVT_SYSCALL_RMDIR_2_X:
	case SCAP_EVT_SYSCALL_UNLINK_2_X:
		sc_buf_int(b, ret);
		sc_buf_ustr(b, a[0]);
		return true;
	case SCAP_EVT_SYSCALL_UNLINKAT_2_X:
		sc_buf_int(b, ret);
		sc_buf_int(b, (s64)(int)a[0]);
		sc_buf_ustr(b, a[1]);
		sc_buf_int(b, a[2] & SCAP_AT_REMOVEDIR);
		return true;
	case SCAP_EVT_SYSCALL_MOUNT_X: {
		unsigned long f = a[3];

		if ((f & MS_MGC_MSK) == MS_MGC_VAL)
			f &= ~MS_MGC_MSK;
		sc_buf_int(b, ret);
		sc_buf_ustr(b, a[0]);
		sc_buf_ustr(b, a[1]);
		sc_buf_ustr(b, a[2]);
		sc_buf_int(b, (u32)f);
		return true;
	}
	case SCAP_EVT_SYSCALL_UMOUNT2_X:
		sc_buf_int(b, ret);
		sc_buf_ustr(b, a[0]);
		sc_buf_int(b, a[1] & (SCAP_MNT_FORCE | SCAP_MNT_DETACH | SCAP_MNT_EXPIRE |
				      SCAP_UMOUNT_NOFOLLOW));
		return true;
	case SCAP_EVT_SYSCALL_MMAP_X:
		sc_buf_int(b, ret);
		sc_fill_mm(b);
		sc_buf_int(b, a[0]);
		sc_buf_int(b, a[1]);
		sc_buf_int(b, sc_prot_flags(a[2]));
		sc_buf_int(b, sc_mmap_flags(a[3]));
		sc_buf_int(b, (s64)(int)a[4]);
		sc_buf_int(b, a[5]);
		return true;
	case SCAP_EVT_SYSCALL_MUNMAP_X:
		sc_buf_int(b, ret);
		sc_fill_mm(b);
		sc_buf_int(b, a[0]);
		sc_buf_int(b, a[1]);
		return true;
	case SCAP_EVT_SYSCALL_KILL_X:
	case SCAP_EVT_SYSCALL_TKILL_X:
		sc_buf_int(b, ret);
		sc_buf_int(b, (s64)(int)a[0]);
		sc_buf_int(b, (u8)a[1]);
		return true;
	case SCAP_EVT_SYSCALL_TGKILL_X:
		sc_buf_int(b, ret);
		sc_buf_int(b, (s64)(int)a[0]);
		sc_buf_int(b, (s64)(int)a[1]);
		sc_buf_int(b, (u8)a[2]);
		return true;
	case SCAP_EVT_SYSCALL_PTRACE_X:
		sc_fill_ptrace(b, ctx);
		return true;
	case SCAP_EVT_SYSCALL_PRCTL_X:
		sc_buf_int(b, ret);
		sc_buf_int(b, (u32)a[0]);
		if (a[0] == PR_SET_NAME || a[0] == PR_GET_NAME) {
			sc_buf_ustr(b, a[1]);
			sc_buf_int(b, 0);
		} else {
			sc_buf_empty(b);
			sc_buf_int(b, a[1]);
		}
		return true;
	case SCAP_EVT_SYSCALL_EVENTFD2_X:
		sc_buf_int(b, ret);
		sc_buf_int(b, sc_fd_flags(a[1]));
		sc_buf_int(b, a[0]);
		return true;
	case SCAP_EVT_SYSCALL_MEMFD_CREATE_X:
		sc_buf_int(b, ret);
		sc_buf_ustr(b, a[0]);
		sc_buf_int(b, a[1] & (SCAP_MFD_CLOEXEC | SCAP_MFD_ALLOW_SEALING | SCAP_MFD_HUGETLB));
		return true;
	case SCAP_EVT_SYSCALL_EPOLL_CREATE1_X:
		sc_buf_int(b, ret);
		sc_buf_int(b, a[0] & EPOLL_CLOEXEC ? SCAP_EPOLL_CLOEXEC : 0);
		return true;
	case SCAP_EVT_SYSCALL_INOTIFY_INIT1_X:
		sc_buf_int(b, ret);
		sc_buf_int(b, sc_fd_flags(a[0]));
		return true;
	case SCAP_EVT_SYSCALL_CLOSE_RANGE_X:
		sc_buf_int(b, ret);
		sc_buf_int(b, (u32)a[0]);
		sc_buf_int(b, (u32)a[1]);
		sc_buf_int(b, a[2] & (SCAP_CLOSE_RANGE_UNSHARE | SCAP_CLOSE_RANGE_CLOEXEC));
		return true;
	case SCAP_EVT_SOCKET_SHUTDOWN_X:
		sc_buf_int(b, ret);
		sc_buf_int(b, (s64)(int)a[0]);
		sc_buf_int(b, a[1] <= SHUT_RDWR ? a[1] : SCAP_SHUT_UNKNOWN);
		return true;
	case SCAP_EVT_SYSCALL_PIDFD_OPEN_X:
		sc_buf_int(b, ret);
		sc_buf_int(b, (s64)(int)a[0]);
		sc_buf_int(b, a[1] & O_NONBLOCK ? SCAP_PIDFD_NONBLOCK : 0);
		return true;
	case SCAP_EVT_SOCKET_SOCKETPAIR_X:
		sc_fill_socketpair(b, ctx);
		return true;
	/* ownership, permissions, links */
	case SCAP_EVT_SYSCALL_CHMOD_X:
	case SCAP_EVT_SYSCALL_CHROOT_X:
	case SCAP_EVT_SYSCALL_UMOUNT_1_X:
	case SCAP_EVT_SYSCALL_STAT_X:
		sc_buf_int(b, ret);
		sc_buf_ustr(b, a[0]);
		if (ctx->type == SCAP_EVT_SYSCALL_CHMOD_X)
			sc_buf_int(b, a[1] & 07777);
		return true;
	case SCAP_EVT_SYSCALL_ACCESS_X:
		sc_buf_int(b, ret);
		sc_buf_ustr(b, a[0]);
		sc_buf_int(b, a[1] & (SCAP_R_OK | SCAP_W_OK | SCAP_X_OK));
		return true;
	case SCAP_EVT_SYSCALL_FCHMOD_X:
		sc_buf_int(b, ret);
		sc_buf_int(b, (s64)(int)a[0]);
		sc_buf_int(b, a[1] & 07777);
		return true;
	case SCAP_EVT_SYSCALL_FCHMODAT_X:
		sc_buf_int(b, ret);
		sc_buf_int(b, (s64)(int)a[0]);
		sc_buf_ustr(b, a[1]);
		sc_buf_int(b, a[2] & 07777);
		return true;
	case SCAP_EVT_SYSCALL_CHOWN_X:
	case SCAP_EVT_SYSCALL_LCHOWN_X:
		sc_buf_int(b, ret);
		sc_buf_ustr(b, a[0]);
		sc_buf_int(b, (u32)a[1]);
		sc_buf_int(b, (u32)a[2]);
		return true;
	case SCAP_EVT_SYSCALL_FCHOWN_X:
		sc_buf_int(b, ret);
		sc_buf_int(b, (s64)(int)a[0]);
		sc_buf_int(b, (u32)a[1]);
		sc_buf_int(b, (u32)a[2]);
		return true;
	case SCAP_EVT_SYSCALL_FCHOWNAT_X:
		sc_buf_int(b, ret);
		sc_buf_int(b, (s64)(int)a[0]);
		sc_buf_ustr(b, a[1]);
		sc_buf_int(b, (u32)a[2]);
		sc_buf_int(b, (u32)a[3]);
		/* as the reference: AT_SYMLINK_FOLLOW (which fchownat refuses), not NOFOLLOW */
		sc_buf_int(b, a[4] & (SCAP_AT_SYMLINK_FOLLOW | SCAP_AT_EMPTY_PATH));
		return true;
	case SCAP_EVT_SYSCALL_LINK_2_X:
		sc_buf_int(b, ret);
		sc_buf_ustr(b, a[0]);
		sc_buf_ustr(b, a[1]);
		return true;
	case SCAP_EVT_SYSCALL_LINKAT_2_X:
		sc_buf_int(b, ret);
		sc_buf_int(b, (s64)(int)a[0]);
		sc_buf_ustr(b, a[1]);
		sc_buf_int(b, (s64)(int)a[2]);
		sc_buf_ustr(b, a[3]);
		sc_buf_int(b, a[4] & (SCAP_AT_SYMLINK_FOLLOW | SCAP_AT_EMPTY_PATH));
		return true;
	case SCAP_EVT_SYSCALL_SYMLINK_X:
		sc_buf_int(b, ret);
		sc_buf_ustr(b, a[0]);
		sc_buf_ustr(b, a[1]);
		return true;
	case SCAP_EVT_SYSCALL_SYMLINKAT_X:
		sc_buf_int(b, ret);
		sc_buf_ustr(b, a[0]);
		sc_buf_int(b, (s64)(int)a[1]);
		sc_buf_ustr(b, a[2]);
		return true;
	/* dev: the user's number encoded as if it were a kernel dev_t, as the reference does */
	case SCAP_EVT_SYSCALL_MKNOD_X:
		sc_buf_int(b, ret);
		sc_buf_ustr(b, a[0]);
		sc_buf_int(b, sc_mknod_mode(a[1]));
		sc_buf_int(b, new_encode_dev((u32)a[2]));
		return true;
	case SCAP_EVT_SYSCALL_MKNODAT_X:
		sc_buf_int(b, ret);
		sc_buf_int(b, (s64)(int)a[0]);
		sc_buf_ustr(b, a[1]);
		sc_buf_int(b, sc_mknod_mode(a[2]));
		sc_buf_int(b, new_encode_dev((u32)a[3]));
		return true;

	/* namespaces, credentials, sessions */
	case SCAP_EVT_SYSCALL_SETNS_X:
		sc_buf_int(b, ret);
		sc_buf_int(b, (s64)(int)a[0]);
		sc_buf_int(b, sc_clone_flags(a[1]));
		return true;
	case SCAP_EVT_SYSCALL_UNSHARE_X:
		sc_buf_int(b, ret);
		sc_buf_int(b, sc_clone_flags(a[0]));
		return true;
	case SCAP_EVT_SYSCALL_CAPSET_X: {
		const struct cred *cred = current_cred();

		sc_buf_int(b, ret);
		sc_buf_int(b, sc_cap_u64(cred->cap_inheritable));
		sc_buf_int(b, sc_cap_u64(cred->cap_permitted));
		sc_buf_int(b, sc_cap_u64(cred->cap_effective));
		return true;
	}
	case SCAP_EVT_SYSCALL_SETPGID_X:
		sc_buf_int(b, ret);
		sc_buf_int(b, (s64)(int)a[0]);
		sc_buf_int(b, (s64)(int)a[1]);
		return true;

	/* descriptors and memory */
	case SCAP_EVT_SYSCALL_FSTAT_X:
	case SCAP_EVT_SYSCALL_GETDENTS64_X:
		sc_buf_int(b, ret);
		sc_buf_int(b, (s64)(int)a[0]);
		return true;
	case SCAP_EVT_SYSCALL_LSEEK_X:
		sc_buf_int(b, ret);
		sc_buf_int(b, (s64)(int)a[0]);
		sc_buf_int(b, a[1]);
		sc_buf_int(b, a[2] <= SEEK_END ? a[2] : 0xff);
		return true;
	case SCAP_EVT_SYSCALL_IOCTL_3_X:
		sc_buf_int(b, ret);
		sc_buf_int(b, (s64)(int)a[0]);
		sc_buf_int(b, a[1]);
		sc_buf_int(b, a[2]);
		return true;
	case SCAP_EVT_SYSCALL_SENDFILE_X: {
		u64 off = 0;

		if (ctx->ia32_nr == SC_IA32_SENDFILE) { /* a 32-bit off_t; sendfile64: loff_t */
			s32 off32;

			off = a[2] && !copy_from_user_nofault(&off32, (void __user *)a[2], 4) ?
				      (s64)off32 : 0;
		} else if (a[2] && copy_from_user_nofault(&off, (void __user *)a[2], sizeof(off))) {
			off = 0;
		}
		sc_buf_int(b, ret);
		sc_buf_int(b, off);
		sc_buf_int(b, (s64)(int)a[0]);
		sc_buf_int(b, (s64)(int)a[1]);
		sc_buf_int(b, a[3]);
		return true;
	}
	case SCAP_EVT_SYSCALL_SPLICE_X:
		sc_buf_int(b, ret);
		sc_buf_int(b, (s64)(int)a[0]);
		sc_buf_int(b, (s64)(int)a[2]);
		sc_buf_int(b, a[4]);
		sc_buf_int(b, a[5] & (SCAP_SPLICE_F_MOVE | SCAP_SPLICE_F_NONBLOCK | SCAP_SPLICE_F_MORE |
				      SCAP_SPLICE_F_GIFT));
		return true;
	case SCAP_EVT_SYSCALL_MPROTECT_X:
		sc_buf_int(b, ret);
		sc_buf_int(b, a[0]);
		sc_buf_int(b, a[1]);
		sc_buf_int(b, sc_prot_flags(a[2]));
		return true;
	case SCAP_EVT_SYSCALL_BRK_4_X:
		sc_buf_int(b, ret);
		sc_fill_mm(b);
		sc_buf_int(b, a[0]);
		return true;
	case SCAP_EVT_SYSCALL_FUTEX_X:
		sc_buf_int(b, ret);
		sc_buf_int(b, a[0]);
		/* SCAP_FU_* are the kernel's values; an unknown command is 0, the flags kept */
		sc_buf_int(b, ((a[1] & 127) <= 12 ? a[1] & 127 : 0) | (a[1] & (128 | 256)));
		sc_buf_int(b, a[2]);
		return true;
	case SCAP_EVT_SYSCALL_IO_URING_SETUP_X: {
		/* struct io_uring_params: sq_entries, cq_entries, flags, sq_thread_cpu,
		 * sq_thread_idle, features are its first six u32 */
		u32 prm[6] = { 0 };

		if (copy_from_user_nofault(prm, (void __user *)a[1], sizeof(prm)))
			memset(prm, 0, sizeof(prm));
		sc_buf_int(b, ret);
		sc_buf_int(b, (u32)a[0]);
		sc_buf_int(b, prm[0]);
		sc_buf_int(b, prm[1]);
		/* SCAP_IORING_SETUP_*: the kernel's bits, shifted by one from SQ_AFF on (bit 2
		 * holds SCAP_IORING_SQ_NEED_WAKEUP) */
		sc_buf_int(b, (prm[2] & 3) | (prm[2] & 0x7c) << 1);
		sc_buf_int(b, prm[3]);
		sc_buf_int(b, prm[4]);
		sc_buf_int(b, prm[5] & 0x7ff); /* SCAP_IORING_FEAT_* are the kernel's bits */
		return true;
	}
	case SCAP_EVT_SYSCALL_GETUID_X:
	case SCAP_EVT_SYSCALL_GETEUID_X:
	case SCAP_EVT_SYSCALL_GETGID_X:
	case SCAP_EVT_SYSCALL_GETEGID_X:
		sc_buf_int(b, (u32)ret);
		return true;
	case SCAP_EVT_SYSCALL_GETRESUID_X:
	case SCAP_EVT_SYSCALL_GETRESGID_X:
		sc_fill_getres(b, ctx);
		return true;
	case SCAP_EVT_SYSCALL_FLOCK_X:
		sc_buf_int(b, ret);
		sc_buf_int(b, (s64)(int)a[0]);
		sc_buf_int(b, a[1] & (SCAP_LOCK_SH | SCAP_LOCK_EX | SCAP_LOCK_NB | SCAP_LOCK_UN));
		return true;
	case SCAP_EVT_SYSCALL_NANOSLEEP_X: {
		struct __kernel_timespec ts;

		sc_buf_int(b, ret);
		if (sc_user_timespec(a[0], &ts))
			sc_buf_empty(b);
		else
			sc_buf_int(b, (u64)ts.tv_sec * NSEC_PER_SEC + ts.tv_nsec);
		return true;
	}
	/* the next five: argument values as the probe writes them */
	case SCAP_EVT_SYSCALL_EPOLLWAIT_X: /* epoll_wait and epoll_pwait */
		sc_buf_int(b, ret);
		sc_buf_int(b, (s64)(int)a[2]);
		return true;
	case SCAP_EVT_SYSCALL_BPF_2_X: /* commands map 1:1 */
		sc_buf_int(b, ret);
		sc_buf_int(b, (u32)a[0]);
		return true;
	case SCAP_EVT_SYSCALL_SECCOMP_X:
		sc_buf_int(b, ret);
		sc_buf_int(b, (u64)a[0]);
		sc_buf_int(b, (u64)a[1]);
		return true;
	case SCAP_EVT_SYSCALL_IO_URING_ENTER_X:
		/* IORING_ENTER_* bits 0..3 match the schema's; sig is the pointer's low 32 bits */
		sc_buf_int(b, ret);
		sc_buf_int(b, (s64)(int)a[0]);
		sc_buf_int(b, (u32)a[1]);
		sc_buf_int(b, (u32)a[2]);
		sc_buf_int(b, (u32)a[3] & 0xf);
		sc_buf_int(b, (u32)a[4]);
		return true;
	case SCAP_EVT_SYSCALL_IO_URING_REGISTER_X: /* opcodes map 1:1 */
		sc_buf_int(b, ret);
		sc_buf_int(b, (s64)(int)a[0]);
		sc_buf_int(b, (u16)a[1]);
		sc_buf_int(b, (u64)a[2]);
		sc_buf_int(b, (u32)a[3]);
		return true;
	case SCAP_EVT_SYSCALL_POLL_X:
		sc_buf_int(b, ret);
		sc_fill_pollfds(b, a[0], a[1]);
		sc_buf_int(b, (s64)(int)a[2]);
		return true;
	case SCAP_EVT_SYSCALL_PRLIMIT_X:
		sc_buf_int(b, ret);
		sc_fill_rlimit(b, a[2], true);
		sc_fill_rlimit(b, a[3], ret == 0);
		sc_buf_int(b, (s64)(int)a[0]);
		sc_buf_int(b, a[1] < RLIM_NLIMITS ? a[1] : SCAP_RLIMIT_UNKNOWN);
		return true;
	case SCAP_EVT_SYSCALL_SETRLIMIT_X:
	case SCAP_EVT_SYSCALL_GETRLIMIT_X: {
		struct rlimit r;
		bool ok = ctx->type == SCAP_EVT_SYSCALL_SETRLIMIT_X || ret == 0;

		sc_buf_int(b, ret);
		if (!ok) {
			sc_buf_int(b, -1);
			sc_buf_int(b, -1);
		} else if (sc_user_rlimit(a[1], &r)) { /* unreadable: 0, as the probe reads it */
			sc_buf_int(b, 0);
			sc_buf_int(b, 0);
		} else {
			sc_buf_int(b, (s64)r.rlim_cur);
			sc_buf_int(b, (s64)r.rlim_max);
		}
		sc_buf_int(b, a[0] < RLIM_NLIMITS ? a[0] : SCAP_RLIMIT_UNKNOWN);
		return true;
	}
	}
	return false;
}
