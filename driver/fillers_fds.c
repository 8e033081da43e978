// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * Fillers of the older fd creators (eventfd, signalfd, epoll_create, inotify_init, timerfd,
 * userfaultfd, pidfd_getfd, open_by_handle_at), the stat family (lstat, newfstatat, getdents,
 * getcwd), copy_file_range, ppoll, select, process_vm_readv/writev and getsockname/getpeername.
 * The values are the probe's (bpf/progs/{misc,files,ipc}.bpf.c), parameter by parameter.
 */
#include <linux/fs.h>
#include <linux/fcntl.h>
#include <linux/file.h>
#include <linux/uio.h>
#include <linux/uaccess.h>
#include <linux/time64.h>

#include "syscap.h"
#include <syscap/flags_conv.h>

#define SC_AT_FSTATAT_BITS (SCAP_AT_SYMLINK_NOFOLLOW | SCAP_AT_NO_AUTOMOUNT | SCAP_AT_EMPTY_PATH)
#define SC_VM_RW_IOV_MAX 16 /* local iovecs read by process_vm_readv/writev, as the probe */

/* the opened file of open_by_handle_at: flags (with SCAP_O_F_CREATED), path, dev, ino */
static void sc_fill_handle_open(struct sc_buf *b, long fd, unsigned long flags)
{
	struct file *f = fd >= 0 ? fget_raw(fd) : NULL;
	char *path = NULL;
	u32 dev = 0;
	u64 ino = 0;

	sc_buf_int(b, sc_open_flags(flags) | (f ? sc_file_open_flags(f) : 0));
	if (f) {
		dev = new_encode_dev(file_inode(f)->i_sb->s_dev);
		ino = file_inode(f)->i_ino;
		path = d_path(&f->f_path, b->ring->scratch, SC_SCRATCH_SIZE);
		if (IS_ERR(path))
			path = NULL;
	}
	if (path)
		sc_buf_str(b, path);
	else
		sc_buf_empty(b);
	if (f)
		fput(f);
	sc_buf_int(b, dev);
	sc_buf_int(b, ino);
}

/* process_vm_readv/writev: what was copied, gathered from the local iovecs up to the snaplen */
static void sc_fill_vm_rw(struct sc_buf *b, struct sc_ctx *ctx)
{
	unsigned long uiov = ctx->args[1], cnt = ctx->args[2];

	sc_buf_int(b, ctx->ret);
	sc_buf_int(b, (s64)(int)ctx->args[0]);
	if (ctx->ret <= 0) {
		sc_buf_empty(b);
		return;
	}
	sc_buf_uiovec(b, uiov, min_t(unsigned long, cnt, SC_VM_RW_IOV_MAX),
		      min_t(u64, ctx->ret, b->c->snaplen));
}

static void sc_fill_ppoll(struct sc_buf *b, struct sc_ctx *ctx)
{
	struct __kernel_timespec ts = {};
	unsigned long *a = ctx->args;
	u32 mask = 0;

	if (a[2] && sc_user_timespec(a[2], &ts))
		memset(&ts, 0, sizeof(ts));
	if (a[3] && copy_from_user_nofault(&mask, (void __user *)a[3], sizeof(mask)))
		mask = 0;
	sc_buf_int(b, ctx->ret);
	sc_fill_pollfds(b, a[0], a[1]);
	sc_buf_int(b, (u64)ts.tv_sec * NSEC_PER_SEC + ts.tv_nsec);
	sc_buf_int(b, mask);
}

/* Returns true when it handled the event. */
bool sc_fill_fds(struct sc_buf *b, struct sc_ctx *ctx)
{
	unsigned long *a = ctx->args;
	long ret = ctx->ret;

	switch (ctx->type) {
	/* fd creators */
	case SCAP_EVT_SYSCALL_EVENTFD_X:
		sc_buf_int(b, ret);
		sc_buf_int(b, a[0]);
		sc_buf_int(b, 0); /* eventfd has no flags */
		return true;
	case SCAP_EVT_SYSCALL_SIGNALFD_X:
		sc_buf_int(b, ret);
		sc_buf_int(b, (s64)(int)a[0]);
		sc_buf_int(b, 0); /* mask: not reported, as in the reference */
		sc_buf_int(b, 0); /* signalfd has no flags */
		return true;
	case SCAP_EVT_SYSCALL_SIGNALFD4_X:
		sc_buf_int(b, ret);
		sc_buf_int(b, scap_cloexec_nonblock_from_linux(a[3]));
		sc_buf_int(b, (s64)(int)a[0]);
		sc_buf_int(b, 0); /* mask: not reported, as in the reference */
		return true;
	case SCAP_EVT_SYSCALL_EPOLL_CREATE_X:
		sc_buf_int(b, ret);
		sc_buf_int(b, (s32)a[0]);
		return true;
	case SCAP_EVT_SYSCALL_INOTIFY_INIT_X:
		sc_buf_int(b, ret);
		sc_buf_int(b, 0);
		return true;
	case SCAP_EVT_SYSCALL_TIMERFD_CREATE_X:
		sc_buf_int(b, ret);
		sc_buf_int(b, (u8)a[0]);
		/* a u8 of the SCAP_O_* bits: SCAP_O_CLOEXEC does not fit and drops out */
		sc_buf_int(b, (s32)a[1] < 0 ? 0 : (u8)scap_cloexec_nonblock_from_linux(a[1]));
		return true;
	case SCAP_EVT_SYSCALL_USERFAULTFD_X:
		sc_buf_int(b, ret);
		sc_buf_int(b, (u32)a[0]);
		return true;
	case SCAP_EVT_SYSCALL_PIDFD_GETFD_X:
		sc_buf_int(b, ret);
		sc_buf_int(b, (s64)(int)a[0]);
		sc_buf_int(b, (s64)(int)a[1]);
		sc_buf_int(b, (u32)a[2]);
		return true;
	case SCAP_EVT_SYSCALL_OPEN_BY_HANDLE_AT_X:
		sc_buf_int(b, ret);
		sc_buf_int(b, (s64)(int)a[0]);
		sc_fill_handle_open(b, ret, a[2]);
		return true;

	/* stat family and directories */
	case SCAP_EVT_SYSCALL_LSTAT_X:
		sc_buf_int(b, ret);
		sc_buf_ustr(b, a[0]);
		return true;
	case SCAP_EVT_SYSCALL_NEWFSTATAT_X:
		sc_buf_int(b, ret);
		sc_buf_int(b, (s64)(int)a[0]);
		sc_buf_ustr(b, a[1]);
		sc_buf_int(b, a[3] & SC_AT_FSTATAT_BITS); /* SCAP_AT_* are the kernel's values */
		return true;
	case SCAP_EVT_SYSCALL_GETDENTS_X:
		sc_buf_int(b, ret);
		sc_buf_int(b, (s64)(int)a[0]);
		return true;
	case SCAP_EVT_SYSCALL_GETCWD_X:
		sc_buf_int(b, ret);
		if (ret >= 0)
			sc_buf_ustr(b, a[0]);
		else
			sc_buf_empty(b);
		return true;
	case SCAP_EVT_SYSCALL_COPY_FILE_RANGE_X:
		/* the offsets are the caller's pointers, as the reference reports them */
		sc_buf_int(b, ret);
		sc_buf_int(b, (s64)(int)a[2]);
		sc_buf_int(b, a[3]);
		sc_buf_int(b, (s64)(int)a[0]);
		sc_buf_int(b, a[1]);
		sc_buf_int(b, a[4]);
		return true;

	/* waits, cross-process copies, socket names */
	case SCAP_EVT_SYSCALL_PPOLL_X:
		sc_fill_ppoll(b, ctx);
		return true;
	case SCAP_EVT_SYSCALL_SELECT_X:
		sc_buf_int(b, ret);
		return true;
	case SCAP_EVT_SYSCALL_PROCESS_VM_READV_X:
	case SCAP_EVT_SYSCALL_PROCESS_VM_WRITEV_X:
		sc_fill_vm_rw(b, ctx);
		return true;
	case SCAP_EVT_SOCKET_GETSOCKNAME_X:
	case SCAP_EVT_SOCKET_GETPEERNAME_X:
		return true; /* the schema gives these no parameters */
	}
	return false;
}
