// SPDX-License-Identifier: GPL-2.0-only OR MIT
/* Exit fillers of file and I/O syscalls. Parameter order follows the schema entry of each event. */
#include "task.bpf.h"

#define IOV_MAX_READ 32

/* dev and inode of the opened fd, and its flag bits: SCAP_O_F_CREATED, the overlayfs layer */
static __always_inline_ void fd_dev_ino(long fd, __u32 *dev, __u64 *ino, __u32 *fflags)
{
	struct file *f;

	*dev = 0;
	*ino = 0;
	*fflags = 0;
	if (fd < 0)
		return;
	f = fd_file(cur_task(), fd);
	if (!f)
		return;
	file_dev_ino(f, dev, ino);
	*fflags = file_created(f) | file_layer_flags(f);
}

static __always_inline_ __s64 dirfd_arg(struct sc_regs *regs, int i)
{
	return (__s32)sc_arg(regs, i); /* AT_FDCWD is sent as is (-100, same as SCAP_AT_FDCWD) */
}

FILLER(SYSCALL_OPEN_X)
{
	__u32 flags = sc_arg(regs, 1), dev, fflags;
	__u64 ino;
	struct evt e;

	if (evt_begin(&e, SCAP_EVT_SYSCALL_OPEN_X, SCAP_EVT_NPARAMS_SYSCALL_OPEN_X))
		return 0;
	fd_dev_ino(ret, &dev, &ino, &fflags);
	push_s64(&e, ret);
	push_user_str(&e, sc_arg(regs, 0), EVT_PATH_MAX);
	push_u32(&e, open_flags_to_scap(flags) | fflags);
	push_u32(&e, open_mode_to_scap(flags, sc_arg(regs, 2)));
	push_u32(&e, dev);
	push_u64(&e, ino);
	return evt_submit(&e);
}

FILLER(SYSCALL_OPENAT_2_X)
{
	__u32 flags = sc_arg(regs, 2), dev, fflags;
	__u64 ino;
	struct evt e;

	if (evt_begin(&e, SCAP_EVT_SYSCALL_OPENAT_2_X, SCAP_EVT_NPARAMS_SYSCALL_OPENAT_2_X))
		return 0;
	fd_dev_ino(ret, &dev, &ino, &fflags);
	push_s64(&e, ret);
	push_s64(&e, dirfd_arg(regs, 0));
	push_user_str(&e, sc_arg(regs, 1), EVT_PATH_MAX);
	push_u32(&e, open_flags_to_scap(flags) | fflags);
	push_u32(&e, open_mode_to_scap(flags, sc_arg(regs, 3)));
	push_u32(&e, dev);
	push_u64(&e, ino);
	return evt_submit(&e);
}

FILLER(SYSCALL_OPENAT2_X)
{
	struct open_how how = {};
	__u32 dev, fflags;
	__u64 ino;
	struct evt e;

	if (evt_begin(&e, SCAP_EVT_SYSCALL_OPENAT2_X, SCAP_EVT_NPARAMS_SYSCALL_OPENAT2_X))
		return 0;
	bpf_probe_read_user(&how, sizeof(how), (void *)sc_arg(regs, 2));
	fd_dev_ino(ret, &dev, &ino, &fflags);
	push_s64(&e, ret);
	push_s64(&e, dirfd_arg(regs, 0));
	push_user_str(&e, sc_arg(regs, 1), EVT_PATH_MAX);
	push_u32(&e, open_flags_to_scap(how.flags) | fflags);
	push_u32(&e, open_mode_to_scap(how.flags, how.mode));
	push_u32(&e, resolve_to_scap(how.resolve));
	push_u32(&e, dev);
	push_u64(&e, ino);
	return evt_submit(&e);
}

FILLER(SYSCALL_CREAT_X)
{
	__u32 dev, fflags;
	__u64 ino;
	struct evt e;

	if (evt_begin(&e, SCAP_EVT_SYSCALL_CREAT_X, SCAP_EVT_NPARAMS_SYSCALL_CREAT_X))
		return 0;
	fd_dev_ino(ret, &dev, &ino, &fflags);
	push_s64(&e, ret);
	push_user_str(&e, sc_arg(regs, 0), EVT_PATH_MAX);
	push_u32(&e, open_mode_to_scap(K_O_CREAT, sc_arg(regs, 1)));
	push_u32(&e, dev);
	push_u64(&e, ino);
	/* creat_flags: the layer only */
	push_u16(&e, (fflags & SCAP_FD_UPPER_LAYER) ? SCAP_FD_UPPER_LAYER_CREAT :
		     (fflags & SCAP_FD_LOWER_LAYER) ? SCAP_FD_LOWER_LAYER_CREAT : 0);
	return evt_submit(&e);
}

FILLER(SYSCALL_CLOSE_X)
{
	struct evt e;

	if (evt_begin(&e, SCAP_EVT_SYSCALL_CLOSE_X, SCAP_EVT_NPARAMS_SYSCALL_CLOSE_X))
		return 0;
	push_s64(&e, ret);
	push_s64(&e, (__s32)sc_arg(regs, 0));
	return evt_submit(&e);
}

FILLER(SYSCALL_DUP_1_X)
{
	struct evt e;

	if (evt_begin(&e, SCAP_EVT_SYSCALL_DUP_1_X, SCAP_EVT_NPARAMS_SYSCALL_DUP_1_X))
		return 0;
	push_s64(&e, (__s32)ret);
	push_s64(&e, (__s32)sc_arg(regs, 0));
	return evt_submit(&e);
}

FILLER(SYSCALL_DUP2_X)
{
	struct evt e;

	if (evt_begin(&e, SCAP_EVT_SYSCALL_DUP2_X, SCAP_EVT_NPARAMS_SYSCALL_DUP2_X))
		return 0;
	push_s64(&e, (__s32)ret);
	push_s64(&e, (__s32)sc_arg(regs, 0));
	push_s64(&e, (__s32)sc_arg(regs, 1));
	return evt_submit(&e);
}

FILLER(SYSCALL_DUP3_X)
{
	struct evt e;

	if (evt_begin(&e, SCAP_EVT_SYSCALL_DUP3_X, SCAP_EVT_NPARAMS_SYSCALL_DUP3_X))
		return 0;
	push_s64(&e, (__s32)ret);
	push_s64(&e, (__s32)sc_arg(regs, 0));
	push_s64(&e, (__s32)sc_arg(regs, 1));
	push_u32(&e, (sc_arg(regs, 2) & K_O_CLOEXEC) ? SCAP_O_CLOEXEC : 0);
	return evt_submit(&e);
}

static __always_inline_ int fill_pipe(__u16 type, __u32 nparams, struct sc_regs *regs, long ret,
				      int with_flags)
{
	__s32 fds[2] = { -1, -1 };
	__u64 ino = 0;
	struct evt e;

	if (evt_begin(&e, type, nparams))
		return 0;
	if (bpf_probe_read_user(fds, sizeof(fds), (void *)sc_arg(regs, 0))) {
		fds[0] = -1;
		fds[1] = -1;
	}
	if (ret == 0) {
		struct file *f = fd_file(cur_task(), fds[0]);

		if (f)
			ino = BPF_CORE_READ(f, f_inode, i_ino);
	}
	push_s64(&e, ret);
	push_s64(&e, fds[0]);
	push_s64(&e, fds[1]);
	push_u64(&e, ino);
	if (with_flags)
		push_u32(&e, pipe2_flags_to_scap(sc_arg(regs, 1)));
	return evt_submit(&e);
}

FILLER(SYSCALL_PIPE_X)
{
	return fill_pipe(SCAP_EVT_SYSCALL_PIPE_X, SCAP_EVT_NPARAMS_SYSCALL_PIPE_X, regs, ret, 0);
}

FILLER(SYSCALL_PIPE2_X)
{
	return fill_pipe(SCAP_EVT_SYSCALL_PIPE2_X, SCAP_EVT_NPARAMS_SYSCALL_PIPE2_X, regs, ret, 1);
}

FILLER(SYSCALL_FCNTL_X)
{
	struct evt e;

	if (evt_begin(&e, SCAP_EVT_SYSCALL_FCNTL_X, SCAP_EVT_NPARAMS_SYSCALL_FCNTL_X))
		return 0;
	push_s64(&e, ret);
	push_s64(&e, (__s32)sc_arg(regs, 0));
	push_u8(&e, fcntl_cmd_to_scap(sc_arg(regs, 1)));
	push_u64(&e, sc_arg(regs, 2));
	return evt_submit(&e);
}

FILLER(SYSCALL_CHDIR_X)
{
	struct evt e;

	if (evt_begin(&e, SCAP_EVT_SYSCALL_CHDIR_X, SCAP_EVT_NPARAMS_SYSCALL_CHDIR_X))
		return 0;
	push_s64(&e, ret);
	push_user_str(&e, sc_arg(regs, 0), EVT_PATH_MAX);
	return evt_submit(&e);
}

FILLER(SYSCALL_FCHDIR_X)
{
	struct evt e;

	if (evt_begin(&e, SCAP_EVT_SYSCALL_FCHDIR_X, SCAP_EVT_NPARAMS_SYSCALL_FCHDIR_X))
		return 0;
	push_s64(&e, ret);
	push_s64(&e, (__s32)sc_arg(regs, 0));
	return evt_submit(&e);
}

/* read/write family: data (snaplen bytes), fd, size [, pos] in the schema's order. */
FILLER(SYSCALL_READ_X)
{
	struct evt e;

	if (evt_begin(&e, SCAP_EVT_SYSCALL_READ_X, SCAP_EVT_NPARAMS_SYSCALL_READ_X))
		return 0;
	push_s64(&e, ret);
	if (ret > 0)
		push_user_buf(&e, sc_arg(regs, 1),
			      io_snaplen(&e, (__s32)sc_arg(regs, 0), sc_arg(regs, 1), ret));
	else
		push_empty(&e);
	push_s64(&e, (__s32)sc_arg(regs, 0));
	push_u32(&e, sc_arg(regs, 2));
	return evt_submit(&e);
}

FILLER(SYSCALL_PREAD_X)
{
	struct evt e;

	if (evt_begin(&e, SCAP_EVT_SYSCALL_PREAD_X, SCAP_EVT_NPARAMS_SYSCALL_PREAD_X))
		return 0;
	push_s64(&e, ret);
	if (ret > 0)
		push_user_buf(&e, sc_arg(regs, 1),
			      io_snaplen(&e, (__s32)sc_arg(regs, 0), sc_arg(regs, 1), ret));
	else
		push_empty(&e);
	push_s64(&e, (__s32)sc_arg(regs, 0));
	push_u32(&e, sc_arg(regs, 2));
	push_u64(&e, sc_pos(regs, 3));
	return evt_submit(&e);
}

/* Writes show the buffer even when the call failed (what was attempted). */
FILLER(SYSCALL_WRITE_X)
{
	unsigned long size = sc_arg(regs, 2);
	struct evt e;

	if (evt_begin(&e, SCAP_EVT_SYSCALL_WRITE_X, SCAP_EVT_NPARAMS_SYSCALL_WRITE_X))
		return 0;
	push_s64(&e, ret);
	push_user_buf(&e, sc_arg(regs, 1),
		      io_snaplen(&e, (__s32)sc_arg(regs, 0), sc_arg(regs, 1),
				 ret > 0 ? ret : (long)size));
	push_s64(&e, (__s32)sc_arg(regs, 0));
	push_u32(&e, size);
	return evt_submit(&e);
}

FILLER(SYSCALL_PWRITE_X)
{
	unsigned long size = sc_arg(regs, 2);
	struct evt e;

	if (evt_begin(&e, SCAP_EVT_SYSCALL_PWRITE_X, SCAP_EVT_NPARAMS_SYSCALL_PWRITE_X))
		return 0;
	push_s64(&e, ret);
	push_user_buf(&e, sc_arg(regs, 1),
		      io_snaplen(&e, (__s32)sc_arg(regs, 0), sc_arg(regs, 1),
				 ret > 0 ? ret : (long)size));
	push_s64(&e, (__s32)sc_arg(regs, 0));
	push_u32(&e, size);
	push_u64(&e, sc_pos(regs, 3));
	return evt_submit(&e);
}

/* Concatenated iovec contents, at most `max` bytes. */
static __always_inline_ void push_iovec_data(struct evt *e, int compat, unsigned long uiov,
					     unsigned long cnt, __u32 max)
{
	__u32 start = e->off, done = 0;

	for (int i = 0; i < IOV_MAX_READ; i++) {
		unsigned long base, len;
		__u32 n;

		if (i >= cnt || done >= max)
			break;
		if (read_iovec(compat, uiov, i, &base, &len))
			break;
		n = len;
		if (n > max - done)
			n = max - done;
		if (n > SYSCAP_BPF_SNAPLEN_MAX)
			n = SYSCAP_BPF_SNAPLEN_MAX;
		if (bpf_probe_read_user(&e->data[BOUND_16((start + done))], BOUND_16(n),
					(void *)base))
			break;
		done += n;
	}
	e->off = start;
	evt_set_len(e, done);
}

static __always_inline_ __u32 iovec_size(int compat, unsigned long uiov, unsigned long cnt)
{
	__u32 total = 0;

	for (int i = 0; i < IOV_MAX_READ; i++) {
		unsigned long base, len;

		if (i >= cnt)
			break;
		if (read_iovec(compat, uiov, i, &base, &len))
			break;
		total += len;
	}
	return total;
}

FILLER(SYSCALL_READV_X)
{
	struct evt e;

	if (evt_begin(&e, SCAP_EVT_SYSCALL_READV_X, SCAP_EVT_NPARAMS_SYSCALL_READV_X))
		return 0;
	push_s64(&e, ret);
	if (ret > 0) {
		push_u32(&e, ret);
		push_iovec_data(&e, regs->compat, sc_arg(regs, 1), sc_arg(regs, 2),
				iov_snaplen(&e, regs->compat, (__s32)sc_arg(regs, 0),
					    sc_arg(regs, 1), sc_arg(regs, 2), ret));
	} else {
		push_u32(&e, 0);
		push_empty(&e);
	}
	push_s64(&e, (__s32)sc_arg(regs, 0));
	return evt_submit(&e);
}

FILLER(SYSCALL_PREADV_X)
{
	struct evt e;

	if (evt_begin(&e, SCAP_EVT_SYSCALL_PREADV_X, SCAP_EVT_NPARAMS_SYSCALL_PREADV_X))
		return 0;
	push_s64(&e, ret);
	if (ret > 0) {
		push_u32(&e, ret);
		push_iovec_data(&e, regs->compat, sc_arg(regs, 1), sc_arg(regs, 2),
				iov_snaplen(&e, regs->compat, (__s32)sc_arg(regs, 0),
					    sc_arg(regs, 1), sc_arg(regs, 2), ret));
	} else {
		push_u32(&e, 0);
		push_empty(&e);
	}
	push_s64(&e, (__s32)sc_arg(regs, 0));
	push_u64(&e, sc_pos(regs, 3));
	return evt_submit(&e);
}

FILLER(SYSCALL_WRITEV_X)
{
	unsigned long iov = sc_arg(regs, 1), cnt = sc_arg(regs, 2);
	struct evt e;

	if (evt_begin(&e, SCAP_EVT_SYSCALL_WRITEV_X, SCAP_EVT_NPARAMS_SYSCALL_WRITEV_X))
		return 0;
	push_s64(&e, ret);
	push_iovec_data(&e, regs->compat, iov, cnt,
			iov_snaplen(&e, regs->compat, (__s32)sc_arg(regs, 0), iov, cnt,
				    ret > 0 ? ret : -1));
	push_s64(&e, (__s32)sc_arg(regs, 0));
	push_u32(&e, iovec_size(regs->compat, iov, cnt));
	return evt_submit(&e);
}

FILLER(SYSCALL_PWRITEV_X)
{
	unsigned long iov = sc_arg(regs, 1), cnt = sc_arg(regs, 2);
	struct evt e;

	if (evt_begin(&e, SCAP_EVT_SYSCALL_PWRITEV_X, SCAP_EVT_NPARAMS_SYSCALL_PWRITEV_X))
		return 0;
	push_s64(&e, ret);
	push_iovec_data(&e, regs->compat, iov, cnt,
			iov_snaplen(&e, regs->compat, (__s32)sc_arg(regs, 0), iov, cnt,
				    ret > 0 ? ret : -1));
	push_s64(&e, (__s32)sc_arg(regs, 0));
	push_u32(&e, iovec_size(regs->compat, iov, cnt));
	push_u64(&e, sc_pos(regs, 3));
	return evt_submit(&e);
}

/* Directory entries. */
FILLER(SYSCALL_UNLINK_2_X)
{
	struct evt e;

	if (evt_begin(&e, SCAP_EVT_SYSCALL_UNLINK_2_X, SCAP_EVT_NPARAMS_SYSCALL_UNLINK_2_X))
		return 0;
	push_s64(&e, ret);
	push_user_str(&e, sc_arg(regs, 0), EVT_PATH_MAX);
	return evt_submit(&e);
}

FILLER(SYSCALL_UNLINKAT_2_X)
{
	struct evt e;

	if (evt_begin(&e, SCAP_EVT_SYSCALL_UNLINKAT_2_X, SCAP_EVT_NPARAMS_SYSCALL_UNLINKAT_2_X))
		return 0;
	push_s64(&e, ret);
	push_s64(&e, dirfd_arg(regs, 0));
	push_user_str(&e, sc_arg(regs, 1), EVT_PATH_MAX);
	push_u32(&e, unlinkat_flags_to_scap(sc_arg(regs, 2)));
	return evt_submit(&e);
}

FILLER(SYSCALL_RENAME_X)
{
	struct evt e;

	if (evt_begin(&e, SCAP_EVT_SYSCALL_RENAME_X, SCAP_EVT_NPARAMS_SYSCALL_RENAME_X))
		return 0;
	push_s64(&e, ret);
	push_user_str(&e, sc_arg(regs, 0), EVT_PATH_MAX);
	push_user_str(&e, sc_arg(regs, 1), EVT_PATH_MAX);
	return evt_submit(&e);
}

FILLER(SYSCALL_RENAMEAT_X)
{
	struct evt e;

	if (evt_begin(&e, SCAP_EVT_SYSCALL_RENAMEAT_X, SCAP_EVT_NPARAMS_SYSCALL_RENAMEAT_X))
		return 0;
	push_s64(&e, ret);
	push_s64(&e, dirfd_arg(regs, 0));
	push_user_str(&e, sc_arg(regs, 1), EVT_PATH_MAX);
	push_s64(&e, dirfd_arg(regs, 2));
	push_user_str(&e, sc_arg(regs, 3), EVT_PATH_MAX);
	return evt_submit(&e);
}

FILLER(SYSCALL_RENAMEAT2_X)
{
	struct evt e;

	if (evt_begin(&e, SCAP_EVT_SYSCALL_RENAMEAT2_X, SCAP_EVT_NPARAMS_SYSCALL_RENAMEAT2_X))
		return 0;
	push_s64(&e, ret);
	push_s64(&e, dirfd_arg(regs, 0));
	push_user_str(&e, sc_arg(regs, 1), EVT_PATH_MAX);
	push_s64(&e, dirfd_arg(regs, 2));
	push_user_str(&e, sc_arg(regs, 3), EVT_PATH_MAX);
	push_u32(&e, sc_arg(regs, 4) & 7); /* RENAME_NOREPLACE/EXCHANGE/WHITEOUT: same bits */
	return evt_submit(&e);
}

FILLER(SYSCALL_MKDIR_2_X)
{
	struct evt e;

	if (evt_begin(&e, SCAP_EVT_SYSCALL_MKDIR_2_X, SCAP_EVT_NPARAMS_SYSCALL_MKDIR_2_X))
		return 0;
	push_s64(&e, ret);
	push_user_str(&e, sc_arg(regs, 0), EVT_PATH_MAX);
	push_u32(&e, sc_arg(regs, 1));
	return evt_submit(&e);
}

FILLER(SYSCALL_MKDIRAT_X)
{
	struct evt e;

	if (evt_begin(&e, SCAP_EVT_SYSCALL_MKDIRAT_X, SCAP_EVT_NPARAMS_SYSCALL_MKDIRAT_X))
		return 0;
	push_s64(&e, ret);
	push_s64(&e, dirfd_arg(regs, 0));
	push_user_str(&e, sc_arg(regs, 1), EVT_PATH_MAX);
	push_u32(&e, sc_arg(regs, 2));
	return evt_submit(&e);
}

FILLER(SYSCALL_RMDIR_2_X)
{
	struct evt e;

	if (evt_begin(&e, SCAP_EVT_SYSCALL_RMDIR_2_X, SCAP_EVT_NPARAMS_SYSCALL_RMDIR_2_X))
		return 0;
	push_s64(&e, ret);
	push_user_str(&e, sc_arg(regs, 0), EVT_PATH_MAX);
	return evt_submit(&e);
}

#define K_MS_MGC_MSK 0xffff0000
#define K_MS_MGC_VAL 0xC0ED0000

FILLER(SYSCALL_MOUNT_X)
{
	__u32 flags = sc_arg(regs, 3);
	struct evt e;

	if (evt_begin(&e, SCAP_EVT_SYSCALL_MOUNT_X, SCAP_EVT_NPARAMS_SYSCALL_MOUNT_X))
		return 0;
	if ((flags & K_MS_MGC_MSK) == K_MS_MGC_VAL)
		flags &= ~K_MS_MGC_MSK;
	push_s64(&e, ret);
	push_user_str(&e, sc_arg(regs, 0), EVT_PATH_MAX);
	push_user_str(&e, sc_arg(regs, 1), EVT_PATH_MAX);
	push_user_str(&e, sc_arg(regs, 2), EVT_PATH_MAX);
	push_u32(&e, flags);
	return evt_submit(&e);
}

FILLER(SYSCALL_UMOUNT2_X)
{
	struct evt e;

	if (evt_begin(&e, SCAP_EVT_SYSCALL_UMOUNT2_X, SCAP_EVT_NPARAMS_SYSCALL_UMOUNT2_X))
		return 0;
	push_s64(&e, ret);
	push_user_str(&e, sc_arg(regs, 0), EVT_PATH_MAX);
	push_u32(&e, umount2_flags_to_scap(sc_arg(regs, 1)));
	return evt_submit(&e);
}
