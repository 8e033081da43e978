// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * Fillers: the parameter values of each event, in schema order. Widths, counts and empty
 * trailing parameters are the builder's business (record.c), so a filler is just the list of
 * values. Everything here runs with preemption off: user memory is read with the _nofault
 * helpers and nothing sleeps.
 */
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/uio.h>
#include <linux/openat2.h>
#include <linux/pipe_fs_i.h>
#include <linux/uaccess.h>
#include <linux/cred.h>
#include <linux/net.h>
#include <linux/socket.h>
#include <linux/magic.h>

#include "syscap.h"

/*
 * Which overlayfs layer the file of dentry d is in. overlayfs embeds the VFS inode in its own
 * inode, directly followed by the pointer to the upper dentry (NULL, or a negative dentry, while
 * the file exists only in a lower layer).
 */
enum sc_overlay_layer sc_overlay_layer(struct dentry *d)
{
	struct dentry *upper;

	if (!d || d->d_sb->s_magic != OVERLAYFS_SUPER_MAGIC || !d->d_inode)
		return SC_OVL_NONE;
	upper = READ_ONCE(*(struct dentry **)(d->d_inode + 1));
	return upper && upper->d_inode && upper->d_inode->i_ino ? SC_OVL_UPPER : SC_OVL_LOWER;
}

/* The open family's bits of an opened file: SCAP_O_F_CREATED, SCAP_FD_{UPPER,LOWER}_LAYER. */
u32 sc_file_open_flags(struct file *f)
{
	u32 flags = f->f_mode & FMODE_CREATED ? SCAP_O_F_CREATED : 0;

	switch (sc_overlay_layer(f->f_path.dentry)) {
	case SC_OVL_UPPER:
		return flags | SCAP_FD_UPPER_LAYER;
	case SC_OVL_LOWER:
		return flags | SCAP_FD_LOWER_LAYER;
	default:
		return flags;
	}
}

/* dev, inode and (fflags may be NULL) sc_file_open_flags() of an open fd of the current task;
 * 0 when unknown */
static void sc_fd_dev_ino(long fd, u32 *dev, u64 *ino, u32 *fflags)
{
	struct file *f;

	*dev = 0;
	*ino = 0;
	if (fflags)
		*fflags = 0;
	if (fd < 0)
		return;
	f = fget_raw(fd);
	if (!f)
		return;
	*dev = new_encode_dev(file_inode(f)->i_sb->s_dev);
	*ino = file_inode(f)->i_ino;
	if (fflags)
		*fflags = sc_file_open_flags(f);
	fput(f);
}

static u32 sc_open_mode(unsigned long flags, unsigned long mode)
{
	/* the mode argument means something only when a file may be created */
	if ((flags & O_CREAT) || (flags & __O_TMPFILE) == __O_TMPFILE)
		return mode & 07777;
	return 0;
}

static void sc_fill_open_exit(struct sc_buf *b, long fd, unsigned long flags, unsigned long mode)
{
	u32 dev, fflags;
	u64 ino;

	sc_fd_dev_ino(fd, &dev, &ino, &fflags);
	sc_buf_int(b, sc_open_flags(flags) | fflags);
	sc_buf_int(b, sc_open_mode(flags, mode));
	if (b->cur + 2 < b->nparams) /* openat2 has resolve before dev/ino */
		return;
	sc_buf_int(b, dev);
	sc_buf_int(b, ino);
}

/* Up to snaplen bytes of an I/O buffer of fd. */
static void sc_fill_iobuf(struct sc_buf *b, long fd, unsigned long ubuf, long len)
{
	if (len <= 0) {
		sc_buf_empty(b);
		return;
	}
	sc_buf_ubuf(b, ubuf, min_t(u64, len, sc_io_snaplen(b, fd, ubuf, len)));
}

/* The tuple of a send or receive: only when the call succeeded; received is remote -> local. */
static void sc_fill_sock_io_tuple(struct sc_buf *b, long fd, long ret, bool recv)
{
	if (ret >= 0)
		sc_fill_socktuple(b, fd, recv);
	else
		sc_buf_empty(b);
}

/*
 * send, sendto, recv, recvfrom (fd, buf, len, flags, ...): res, data, fd, size, tuple, but
 * recvfrom has the tuple before fd. Data is what was sent, or what the caller offered when the
 * call failed, as the reference reports it; what arrived on the receiving side.
 */
static void sc_fill_sock_io(struct sc_buf *b, struct sc_ctx *ctx, bool recv)
{
	bool tuple_first = ctx->type == SCAP_EVT_SOCKET_RECVFROM_X;
	long fd = (int)ctx->args[0], ret = ctx->ret;
	u32 size = ctx->args[2];

	sc_buf_int(b, ret);
	sc_fill_iobuf(b, fd, ctx->args[1], recv || ret > 0 ? ret : size);
	if (tuple_first)
		sc_fill_sock_io_tuple(b, fd, ret, recv);
	sc_buf_int(b, fd);
	sc_buf_int(b, size);
	if (!tuple_first)
		sc_fill_sock_io_tuple(b, fd, ret, recv);
}

/* Up to snaplen bytes gathered from an iovec array; *total gets the sum of the lengths. */
static void sc_fill_iovec(struct sc_buf *b, long fd, unsigned long uiov, unsigned long iovcnt,
			  long avail, u64 *total)
{
	struct iovec iov;
	unsigned long i;
	u32 want;

	*total = 0;
	for (i = 0; i < iovcnt && i < UIO_MAXIOV; i++) {
		if (sc_user_iovec(uiov, i, &iov))
			break;
		*total += iov.iov_len;
	}
	if (avail > 0 && iovcnt > 0 && !sc_user_iovec(uiov, 0, &iov))
		want = min_t(u64, avail, sc_io_snaplen(b, fd, (unsigned long)iov.iov_base,
						       iov.iov_len));
	else
		want = 0;
	sc_buf_uiovec(b, uiov, iovcnt, want);
}

static void sc_fill_pipe(struct sc_buf *b, struct sc_ctx *ctx, bool has_flags)
{
	int fds[2] = { -1, -1 };
	u32 dev;
	u64 ino;

	sc_buf_int(b, ctx->ret);
	if (ctx->ret < 0 || copy_from_user_nofault(fds, (void __user *)ctx->args[0], sizeof(fds)))
		fds[0] = fds[1] = -1;
	sc_buf_int(b, (s64)fds[0]);
	sc_buf_int(b, (s64)fds[1]);
	sc_fd_dev_ino(fds[0], &dev, &ino, NULL);
	sc_buf_int(b, ino);
	if (has_flags)
		sc_buf_int(b, sc_fd_flags(ctx->args[1]));
}

static void sc_fill_openat2(struct sc_buf *b, struct sc_ctx *ctx, bool exit)
{
	struct open_how how = {};
	unsigned long *a = ctx->args;

	if (copy_from_user_nofault(&how, (void __user *)a[2], min_t(size_t, a[3], sizeof(how))))
		memset(&how, 0, sizeof(how));
	if (exit)
		sc_buf_int(b, ctx->ret);
	sc_buf_int(b, (s64)(int)a[0]);
	sc_buf_ustr(b, a[1]);
	if (exit) {
		sc_fill_open_exit(b, ctx->ret, how.flags, how.mode);
		sc_buf_int(b, sc_resolve_flags(how.resolve));
		{
			u32 dev;
			u64 ino;

			sc_fd_dev_ino(ctx->ret, &dev, &ino, NULL);
			sc_buf_int(b, dev);
			sc_buf_int(b, ino);
		}
		return;
	}
	sc_buf_int(b, sc_open_flags(how.flags));
	sc_buf_int(b, sc_open_mode(how.flags, how.mode));
	sc_buf_int(b, sc_resolve_flags(how.resolve));
}

/* Syscalls with a dedicated event and no filler of their own: the return value, then empties. */
void sc_fill_autofill(struct sc_buf *b, struct sc_ctx *ctx)
{
	u8 t;

	if (!b->nparams || SCAP_EVT_IS_ENTER(ctx->type))
		return;
	t = b->params[0].type;
	if (t == SCAP_PT_ERRNO || t == SCAP_PT_FD || t == SCAP_PT_PID || t == SCAP_PT_INT64 ||
	    t == SCAP_PT_UINT64)
		sc_buf_int(b, ctx->ret);
}

void sc_fill(struct sc_buf *b, struct sc_ctx *ctx)
{
	unsigned long *a = ctx->args;
	long ret = ctx->ret;
	u64 total;

	switch (ctx->type) {
	case SCAP_EVT_GENERIC_X:
		sc_buf_int(b, ctx->sc);
		sc_buf_int(b, ctx->nr);
		return;
	case SCAP_EVT_DROP_E:
	case SCAP_EVT_DROP_X:
		sc_buf_int(b, a[0]);
		return;
	case SCAP_EVT_CPU_HOTPLUG_E:
		sc_buf_int(b, a[0]);
		sc_buf_int(b, a[1]);
		return;

	/* enter events kept against TOCTOU races: what the caller asked for */
	case SCAP_EVT_SYSCALL_OPEN_E:
		sc_buf_ustr(b, a[0]);
		sc_buf_int(b, sc_open_flags(a[1]));
		sc_buf_int(b, sc_open_mode(a[1], a[2]));
		return;
	case SCAP_EVT_SYSCALL_OPENAT_2_E:
		sc_buf_int(b, (s64)(int)a[0]);
		sc_buf_ustr(b, a[1]);
		sc_buf_int(b, sc_open_flags(a[2]));
		sc_buf_int(b, sc_open_mode(a[2], a[3]));
		return;
	case SCAP_EVT_SYSCALL_OPENAT2_E:
		sc_fill_openat2(b, ctx, false);
		return;
	case SCAP_EVT_SYSCALL_CREAT_E:
		sc_buf_ustr(b, a[0]);
		sc_buf_int(b, a[1] & 07777);
		return;
	case SCAP_EVT_SOCKET_CONNECT_E:
		sc_buf_int(b, (s64)(int)a[0]);
		sc_fill_sockaddr(b, a[1], a[2]);
		return;

	/* files */
	case SCAP_EVT_SYSCALL_OPEN_X:
		sc_buf_int(b, ret);
		sc_buf_ustr(b, a[0]);
		sc_fill_open_exit(b, ret, a[1], a[2]);
		return;
	case SCAP_EVT_SYSCALL_OPENAT_2_X:
		sc_buf_int(b, ret);
		sc_buf_int(b, (s64)(int)a[0]);
		sc_buf_ustr(b, a[1]);
		sc_fill_open_exit(b, ret, a[2], a[3]);
		return;
	case SCAP_EVT_SYSCALL_OPENAT2_X:
		sc_fill_openat2(b, ctx, true);
		return;
	case SCAP_EVT_SYSCALL_CREAT_X: {
		u32 dev, fflags;
		u64 ino;

		sc_buf_int(b, ret);
		sc_buf_ustr(b, a[0]);
		sc_buf_int(b, a[1] & 07777);
		sc_fd_dev_ino(ret, &dev, &ino, &fflags);
		sc_buf_int(b, dev);
		sc_buf_int(b, ino);
		/* creat_flags: the layer only */
		sc_buf_int(b, (fflags & SCAP_FD_UPPER_LAYER) ? SCAP_FD_UPPER_LAYER_CREAT :
			      (fflags & SCAP_FD_LOWER_LAYER) ? SCAP_FD_LOWER_LAYER_CREAT : 0);
		return;
	}
	case SCAP_EVT_SYSCALL_CLOSE_X:
	case SCAP_EVT_SYSCALL_FCHDIR_X:
		sc_buf_int(b, ret);
		sc_buf_int(b, (s64)(int)a[0]);
		return;
	case SCAP_EVT_SYSCALL_DUP_1_X:
		sc_buf_int(b, ret);
		sc_buf_int(b, (s64)(int)a[0]);
		return;
	case SCAP_EVT_SYSCALL_DUP2_X:
	case SCAP_EVT_SYSCALL_DUP3_X:
		sc_buf_int(b, ret);
		sc_buf_int(b, (s64)(int)a[0]);
		sc_buf_int(b, (s64)(int)a[1]);
		if (ctx->type == SCAP_EVT_SYSCALL_DUP3_X)
			sc_buf_int(b, sc_fd_flags(a[2]));
		return;
	case SCAP_EVT_SYSCALL_PIPE_X:
		sc_fill_pipe(b, ctx, false);
		return;
	case SCAP_EVT_SYSCALL_PIPE2_X:
		sc_fill_pipe(b, ctx, true);
		return;
	case SCAP_EVT_SYSCALL_FCNTL_X:
		sc_buf_int(b, ret);
		sc_buf_int(b, (s64)(int)a[0]);
		sc_buf_int(b, sc_fcntl_cmd(a[1]));
		sc_buf_int(b, a[2]);
		return;
	case SCAP_EVT_SYSCALL_CHDIR_X:
		sc_buf_int(b, ret);
		sc_buf_ustr(b, a[0]);
		return;

	/* I/O: data is what was transferred, capped at the snaplen */
	case SCAP_EVT_SYSCALL_READ_X:
	case SCAP_EVT_SYSCALL_WRITE_X:
	case SCAP_EVT_SYSCALL_PREAD_X:
	case SCAP_EVT_SYSCALL_PWRITE_X:
		sc_buf_int(b, ret);
		sc_fill_iobuf(b, (int)a[0], a[1], ret);
		sc_buf_int(b, (s64)(int)a[0]);
		sc_buf_int(b, a[2]);
		if (ctx->type == SCAP_EVT_SYSCALL_PREAD_X || ctx->type == SCAP_EVT_SYSCALL_PWRITE_X)
			sc_buf_int(b, a[3]);
		return;
	case SCAP_EVT_SYSCALL_READV_X:
		/* on the receiving side size is what arrived, as the probe reports it */
		sc_buf_int(b, ret);
		sc_buf_int(b, ret > 0 ? ret : 0);
		sc_fill_iovec(b, (int)a[0], a[1], a[2], ret, &total);
		sc_buf_int(b, (s64)(int)a[0]);
		return;
	case SCAP_EVT_SYSCALL_PREADV_X:
		sc_buf_int(b, ret);
		sc_buf_int(b, ret > 0 ? ret : 0);
		sc_fill_iovec(b, (int)a[0], a[1], a[2], ret, &total);
		sc_buf_int(b, (s64)(int)a[0]);
		sc_buf_int(b, a[3]);
		return;
	case SCAP_EVT_SYSCALL_PWRITEV_X:
		sc_buf_int(b, ret);
		sc_fill_iovec(b, (int)a[0], a[1], a[2], ret, &total);
		sc_buf_int(b, (s64)(int)a[0]);
		sc_buf_int(b, total);
		sc_buf_int(b, a[3]);
		return;
	case SCAP_EVT_SYSCALL_WRITEV_X:
		sc_buf_int(b, ret);
		sc_fill_iovec(b, (int)a[0], a[1], a[2], ret, &total);
		sc_buf_int(b, (s64)(int)a[0]);
		sc_buf_int(b, total);
		return;

	/* identity */
	case SCAP_EVT_SYSCALL_SETUID_X:
	case SCAP_EVT_SYSCALL_SETGID_X:
		sc_buf_int(b, ret);
		sc_buf_int(b, (u32)a[0]);
		return;
	case SCAP_EVT_SYSCALL_SETREUID_X:
	case SCAP_EVT_SYSCALL_SETREGID_X:
		sc_buf_int(b, ret);
		sc_buf_int(b, (u32)a[0]);
		sc_buf_int(b, (u32)a[1]);
		return;
	case SCAP_EVT_SYSCALL_SETRESUID_X:
	case SCAP_EVT_SYSCALL_SETRESGID_X:
		sc_buf_int(b, ret);
		sc_buf_int(b, (u32)a[0]);
		sc_buf_int(b, (u32)a[1]);
		sc_buf_int(b, (u32)a[2]);
		return;

	/* network */
	case SCAP_EVT_SOCKET_SOCKET_X:
		sc_buf_int(b, ret);
		sc_buf_int(b, (u32)a[0]); /* SCAP_AF_* equal the Linux values */
		sc_buf_int(b, (u32)a[1]); /* type with SOCK_NONBLOCK/SOCK_CLOEXEC, as given */
		sc_buf_int(b, (u32)a[2]);
		sc_buf_int(b, sc_fd_flags(((a[1] & SOCK_NONBLOCK) ? O_NONBLOCK : 0) |
					  ((a[1] & SOCK_CLOEXEC) ? O_CLOEXEC : 0)));
		return;
	case SCAP_EVT_SOCKET_BIND_X:
		sc_buf_int(b, ret);
		sc_fill_sockaddr(b, a[1], a[2]);
		sc_buf_int(b, (s64)(int)a[0]);
		return;
	case SCAP_EVT_SOCKET_CONNECT_X:
		sc_buf_int(b, ret);
		if (ret == 0 || ret == -EINPROGRESS)
			sc_fill_socktuple(b, (int)a[0], false);
		else
			sc_buf_empty(b);
		sc_buf_int(b, (s64)(int)a[0]);
		sc_fill_sockaddr(b, a[1], a[2]);
		return;
	case SCAP_EVT_SOCKET_LISTEN_X:
		sc_buf_int(b, ret);
		sc_buf_int(b, (s64)(int)a[0]);
		sc_buf_int(b, (s32)a[1]);
		return;
	case SCAP_EVT_SOCKET_ACCEPT_5_X:
	case SCAP_EVT_SOCKET_ACCEPT4_6_X:
		sc_fill_accept(b, ctx);
		return;
	case SCAP_EVT_SOCKET_SETSOCKOPT_X:
	case SCAP_EVT_SOCKET_GETSOCKOPT_X:
		sc_fill_sockopt(b, ctx, ctx->type == SCAP_EVT_SOCKET_GETSOCKOPT_X);
		return;
	case SCAP_EVT_SOCKET_SENDMMSG_X:
	case SCAP_EVT_SOCKET_RECVMMSG_X:
		sc_fill_mmsg(b, ctx, ctx->type == SCAP_EVT_SOCKET_RECVMMSG_X);
		return;
	case SCAP_EVT_SOCKET_SEND_X: /* ia32 socketcall only */
	case SCAP_EVT_SOCKET_SENDTO_X:
		sc_fill_sock_io(b, ctx, false);
		return;
	case SCAP_EVT_SOCKET_RECV_X: /* ia32 socketcall only */
	case SCAP_EVT_SOCKET_RECVFROM_X:
		sc_fill_sock_io(b, ctx, true);
		return;
	case SCAP_EVT_SOCKET_SENDMSG_X:
	case SCAP_EVT_SOCKET_RECVMSG_X: {
		struct user_msghdr mh;
		bool send = ctx->type == SCAP_EVT_SOCKET_SENDMSG_X;

		if (sc_user_msghdr(a[1], &mh))
			memset(&mh, 0, sizeof(mh));
		sc_buf_int(b, ret);
		if (send) {
			sc_fill_iovec(b, (int)a[0], (unsigned long)mh.msg_iov, mh.msg_iovlen, ret, &total);
			sc_buf_int(b, (s64)(int)a[0]);
			sc_buf_int(b, total);
			sc_fill_socktuple(b, (int)a[0], false);
		} else {
			sc_buf_int(b, ret > 0 ? ret : 0);
			sc_fill_iovec(b, (int)a[0], (unsigned long)mh.msg_iov, mh.msg_iovlen, ret, &total);
			sc_fill_socktuple(b, (int)a[0], true);
			sc_buf_empty(b); /* msgcontrol */
			sc_buf_int(b, (s64)(int)a[0]);
		}
		return;
	}

	/* processes */
	case SCAP_EVT_SYSCALL_CLONE_20_X:
	case SCAP_EVT_SYSCALL_FORK_20_X:
	case SCAP_EVT_SYSCALL_VFORK_20_X:
	case SCAP_EVT_SYSCALL_CLONE3_X:
		sc_fill_clone(b, ctx);
		return;
	case SCAP_EVT_SYSCALL_EXECVE_19_X:
	case SCAP_EVT_SYSCALL_EXECVEAT_X:
		sc_fill_execve(b, ctx);
		return;
	case SCAP_EVT_PROCEXIT_1_E:
		sc_fill_procexit(b, ctx);
		return;
	case SCAP_EVT_SCHEDSWITCH_6_E:
		sc_fill_sched_switch(b, ctx);
		return;
	case SCAP_EVT_PAGE_FAULT_E:
		sc_buf_int(b, a[0]);
		sc_buf_int(b, a[1]);
		sc_buf_int(b, a[2]);
		return;
	case SCAP_EVT_SIGNALDELIVER_E:
		sc_buf_int(b, ctx->spid);
		sc_buf_int(b, current->pid);
		sc_buf_int(b, ctx->sig);
		return;
	}
	if (!sc_fill_more(b, ctx) && !sc_fill_admin(b, ctx) && !sc_fill_fds(b, ctx))
		sc_fill_autofill(b, ctx);
}
