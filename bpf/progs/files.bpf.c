// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * Exit fillers of file metadata and fd syscalls without state effects: links, permissions and
 * owners, stat family, access, lseek, getdents, getcwd, ioctl, copies between fds.
 */
#include "task.bpf.h"

/* AT_* flags (SYMLINK_NOFOLLOW 0x100, SYMLINK_FOLLOW 0x400, NO_AUTOMOUNT 0x800, EMPTY_PATH
 * 0x1000) have the same values in both encodings; only the listed bits are kept. */
#define AT_BITS_LINKAT (0x400 | 0x1000)
#define AT_BITS_FSTATAT (0x100 | 0x800 | 0x1000)

static __always_inline_ __s64 dfd(struct sc_regs *regs, int i)
{
	return (__s32)sc_arg(regs, i);
}

FILLER(SYSCALL_LINK_2_X)
{
	struct evt e;

	if (evt_begin(&e, SCAP_EVT_SYSCALL_LINK_2_X, SCAP_EVT_NPARAMS_SYSCALL_LINK_2_X))
		return 0;
	push_s64(&e, ret);
	push_user_str(&e, sc_arg(regs, 0), EVT_PATH_MAX);
	push_user_str(&e, sc_arg(regs, 1), EVT_PATH_MAX);
	return evt_submit(&e);
}

FILLER(SYSCALL_LINKAT_2_X)
{
	struct evt e;

	if (evt_begin(&e, SCAP_EVT_SYSCALL_LINKAT_2_X, SCAP_EVT_NPARAMS_SYSCALL_LINKAT_2_X))
		return 0;
	push_s64(&e, ret);
	push_s64(&e, dfd(regs, 0));
	push_user_str(&e, sc_arg(regs, 1), EVT_PATH_MAX);
	push_s64(&e, dfd(regs, 2));
	push_user_str(&e, sc_arg(regs, 3), EVT_PATH_MAX);
	push_u32(&e, sc_arg(regs, 4) & AT_BITS_LINKAT);
	return evt_submit(&e);
}

FILLER(SYSCALL_SYMLINK_X)
{
	struct evt e;

	if (evt_begin(&e, SCAP_EVT_SYSCALL_SYMLINK_X, SCAP_EVT_NPARAMS_SYSCALL_SYMLINK_X))
		return 0;
	push_s64(&e, ret);
	push_user_str(&e, sc_arg(regs, 0), EVT_PATH_MAX);
	push_user_str(&e, sc_arg(regs, 1), EVT_PATH_MAX);
	return evt_submit(&e);
}

FILLER(SYSCALL_SYMLINKAT_X)
{
	struct evt e;

	if (evt_begin(&e, SCAP_EVT_SYSCALL_SYMLINKAT_X, SCAP_EVT_NPARAMS_SYSCALL_SYMLINKAT_X))
		return 0;
	push_s64(&e, ret);
	push_user_str(&e, sc_arg(regs, 0), EVT_PATH_MAX);
	push_s64(&e, dfd(regs, 1));
	push_user_str(&e, sc_arg(regs, 2), EVT_PATH_MAX);
	return evt_submit(&e);
}

FILLER(SYSCALL_CHMOD_X)
{
	struct evt e;

	if (evt_begin(&e, SCAP_EVT_SYSCALL_CHMOD_X, SCAP_EVT_NPARAMS_SYSCALL_CHMOD_X))
		return 0;
	push_s64(&e, ret);
	push_user_str(&e, sc_arg(regs, 0), EVT_PATH_MAX);
	push_u32(&e, chmod_mode_to_scap(sc_arg(regs, 1)));
	return evt_submit(&e);
}

FILLER(SYSCALL_FCHMOD_X)
{
	struct evt e;

	if (evt_begin(&e, SCAP_EVT_SYSCALL_FCHMOD_X, SCAP_EVT_NPARAMS_SYSCALL_FCHMOD_X))
		return 0;
	push_s64(&e, ret);
	push_s64(&e, dfd(regs, 0));
	push_u32(&e, chmod_mode_to_scap(sc_arg(regs, 1)));
	return evt_submit(&e);
}

FILLER(SYSCALL_FCHMODAT_X)
{
	struct evt e;

	if (evt_begin(&e, SCAP_EVT_SYSCALL_FCHMODAT_X, SCAP_EVT_NPARAMS_SYSCALL_FCHMODAT_X))
		return 0;
	push_s64(&e, ret);
	push_s64(&e, dfd(regs, 0));
	push_user_str(&e, sc_arg(regs, 1), EVT_PATH_MAX);
	push_u32(&e, chmod_mode_to_scap(sc_arg(regs, 2)));
	return evt_submit(&e);
}

static __always_inline_ int fill_chown_path(__u16 type, __u32 nparams, struct sc_regs *regs,
					    long ret)
{
	struct evt e;

	if (evt_begin(&e, type, nparams))
		return 0;
	push_s64(&e, ret);
	push_user_str(&e, sc_arg(regs, 0), EVT_PATH_MAX);
	push_u32(&e, sc_arg(regs, 1));
	push_u32(&e, sc_arg(regs, 2));
	return evt_submit(&e);
}

FILLER(SYSCALL_CHOWN_X)
{
	return fill_chown_path(SCAP_EVT_SYSCALL_CHOWN_X, SCAP_EVT_NPARAMS_SYSCALL_CHOWN_X, regs, ret);
}

FILLER(SYSCALL_LCHOWN_X)
{
	return fill_chown_path(SCAP_EVT_SYSCALL_LCHOWN_X, SCAP_EVT_NPARAMS_SYSCALL_LCHOWN_X, regs,
			       ret);
}

FILLER(SYSCALL_FCHOWN_X)
{
	struct evt e;

	if (evt_begin(&e, SCAP_EVT_SYSCALL_FCHOWN_X, SCAP_EVT_NPARAMS_SYSCALL_FCHOWN_X))
		return 0;
	push_s64(&e, ret);
	push_s64(&e, dfd(regs, 0));
	push_u32(&e, sc_arg(regs, 1));
	push_u32(&e, sc_arg(regs, 2));
	return evt_submit(&e);
}

FILLER(SYSCALL_FCHOWNAT_X)
{
	struct evt e;

	if (evt_begin(&e, SCAP_EVT_SYSCALL_FCHOWNAT_X, SCAP_EVT_NPARAMS_SYSCALL_FCHOWNAT_X))
		return 0;
	push_s64(&e, ret);
	push_s64(&e, dfd(regs, 0));
	push_user_str(&e, sc_arg(regs, 1), EVT_PATH_MAX);
	push_u32(&e, sc_arg(regs, 2));
	push_u32(&e, sc_arg(regs, 3));
	push_u32(&e, sc_arg(regs, 4) & AT_BITS_LINKAT);
	return evt_submit(&e);
}

FILLER(SYSCALL_MKNOD_X)
{
	struct evt e;

	if (evt_begin(&e, SCAP_EVT_SYSCALL_MKNOD_X, SCAP_EVT_NPARAMS_SYSCALL_MKNOD_X))
		return 0;
	push_s64(&e, ret);
	push_user_str(&e, sc_arg(regs, 0), EVT_PATH_MAX);
	push_u32(&e, mknod_mode_to_scap(sc_arg(regs, 1)));
	push_u32(&e, encode_dev(sc_arg(regs, 2)));
	return evt_submit(&e);
}

FILLER(SYSCALL_MKNODAT_X)
{
	struct evt e;

	if (evt_begin(&e, SCAP_EVT_SYSCALL_MKNODAT_X, SCAP_EVT_NPARAMS_SYSCALL_MKNODAT_X))
		return 0;
	push_s64(&e, ret);
	push_s64(&e, dfd(regs, 0));
	push_user_str(&e, sc_arg(regs, 1), EVT_PATH_MAX);
	push_u32(&e, mknod_mode_to_scap(sc_arg(regs, 2)));
	push_u32(&e, encode_dev(sc_arg(regs, 3)));
	return evt_submit(&e);
}

static __always_inline_ int fill_path_only(__u16 type, __u32 nparams, struct sc_regs *regs,
					   long ret)
{
	struct evt e;

	if (evt_begin(&e, type, nparams))
		return 0;
	push_s64(&e, ret);
	push_user_str(&e, sc_arg(regs, 0), EVT_PATH_MAX);
	return evt_submit(&e);
}

FILLER(SYSCALL_STAT_X)
{
	return fill_path_only(SCAP_EVT_SYSCALL_STAT_X, SCAP_EVT_NPARAMS_SYSCALL_STAT_X, regs, ret);
}

FILLER(SYSCALL_LSTAT_X)
{
	return fill_path_only(SCAP_EVT_SYSCALL_LSTAT_X, SCAP_EVT_NPARAMS_SYSCALL_LSTAT_X, regs, ret);
}

static __always_inline_ int fill_fd_only(__u16 type, __u32 nparams, struct sc_regs *regs, long ret)
{
	struct evt e;

	if (evt_begin(&e, type, nparams))
		return 0;
	push_s64(&e, ret);
	push_s64(&e, dfd(regs, 0));
	return evt_submit(&e);
}

FILLER(SYSCALL_FSTAT_X)
{
	return fill_fd_only(SCAP_EVT_SYSCALL_FSTAT_X, SCAP_EVT_NPARAMS_SYSCALL_FSTAT_X, regs, ret);
}

FILLER(SYSCALL_GETDENTS_X)
{
	return fill_fd_only(SCAP_EVT_SYSCALL_GETDENTS_X, SCAP_EVT_NPARAMS_SYSCALL_GETDENTS_X, regs,
			    ret);
}

FILLER(SYSCALL_GETDENTS64_X)
{
	return fill_fd_only(SCAP_EVT_SYSCALL_GETDENTS64_X, SCAP_EVT_NPARAMS_SYSCALL_GETDENTS64_X,
			    regs, ret);
}

FILLER(SYSCALL_NEWFSTATAT_X)
{
	struct evt e;

	if (evt_begin(&e, SCAP_EVT_SYSCALL_NEWFSTATAT_X, SCAP_EVT_NPARAMS_SYSCALL_NEWFSTATAT_X))
		return 0;
	push_s64(&e, ret);
	push_s64(&e, dfd(regs, 0));
	push_user_str(&e, sc_arg(regs, 1), EVT_PATH_MAX);
	push_u32(&e, sc_arg(regs, 3) & AT_BITS_FSTATAT);
	return evt_submit(&e);
}

/* access: F_OK (0), X_OK 1, W_OK 2, R_OK 4: the same numbers in both encodings */
FILLER(SYSCALL_ACCESS_X)
{
	struct evt e;

	if (evt_begin(&e, SCAP_EVT_SYSCALL_ACCESS_X, SCAP_EVT_NPARAMS_SYSCALL_ACCESS_X))
		return 0;
	push_s64(&e, ret);
	push_user_str(&e, sc_arg(regs, 0), EVT_PATH_MAX);
	push_u32(&e, sc_arg(regs, 1) & 7);
	return evt_submit(&e);
}

FILLER(SYSCALL_LSEEK_X)
{
	__u64 whence = sc_arg(regs, 2), off = sc_arg(regs, 1);
	struct evt e;

	if (regs->compat) {
		if (regs->nr32 ==
		    IA32_NR_LLSEEK) { /* fd, offset high, offset low, result, whence */
			off = sc_arg(regs, 1) << 32 | (__u32)sc_arg(regs, 2);
			whence = sc_arg(regs, 4);
		} else {
			off = (__s64)(__s32)off; /* compat_off_t */
		}
	}
	if (evt_begin(&e, SCAP_EVT_SYSCALL_LSEEK_X, SCAP_EVT_NPARAMS_SYSCALL_LSEEK_X))
		return 0;
	push_s64(&e, ret);
	push_s64(&e, dfd(regs, 0));
	push_u64(&e, off);
	push_u8(&e, whence <= 2 ? whence : 0); /* SEEK_SET/CUR/END; others as the reference: 0 */
	return evt_submit(&e);
}

FILLER(SYSCALL_GETCWD_X)
{
	struct evt e;

	if (evt_begin(&e, SCAP_EVT_SYSCALL_GETCWD_X, SCAP_EVT_NPARAMS_SYSCALL_GETCWD_X))
		return 0;
	push_s64(&e, ret);
	if (ret >= 0)
		push_user_str(&e, sc_arg(regs, 0), EVT_PATH_MAX);
	else
		push_empty(&e);
	return evt_submit(&e);
}

FILLER(SYSCALL_IOCTL_3_X)
{
	struct evt e;

	if (evt_begin(&e, SCAP_EVT_SYSCALL_IOCTL_3_X, SCAP_EVT_NPARAMS_SYSCALL_IOCTL_3_X))
		return 0;
	push_s64(&e, ret);
	push_s64(&e, dfd(regs, 0));
	push_u64(&e, sc_arg(regs, 1));
	push_u64(&e, sc_arg(regs, 2));
	return evt_submit(&e);
}

FILLER(SYSCALL_SENDFILE_X)
{
	__u64 off = 0;
	unsigned long uoff = sc_arg(regs, 2);
	struct evt e;

	if (evt_begin(&e, SCAP_EVT_SYSCALL_SENDFILE_X, SCAP_EVT_NPARAMS_SYSCALL_SENDFILE_X))
		return 0;
	if (uoff && regs->compat && regs->nr32 == IA32_NR_SENDFILE) { /* compat_off_t */
		__s32 o32 = 0;

		bpf_probe_read_user(&o32, sizeof(o32), (void *)uoff);
		off = o32;
	} else if (uoff) {
		bpf_probe_read_user(&off, sizeof(off), (void *)uoff);
	}
	push_s64(&e, ret);
	push_u64(&e, off);
	push_s64(&e, dfd(regs, 0));
	push_s64(&e, dfd(regs, 1));
	push_u64(&e, sc_arg(regs, 3));
	return evt_submit(&e);
}

/* offsets are reported as the caller's pointers, like the reference */
FILLER(SYSCALL_COPY_FILE_RANGE_X)
{
	struct evt e;

	if (evt_begin(&e, SCAP_EVT_SYSCALL_COPY_FILE_RANGE_X,
		      SCAP_EVT_NPARAMS_SYSCALL_COPY_FILE_RANGE_X))
		return 0;
	push_s64(&e, ret);
	push_s64(&e, dfd(regs, 2));
	push_u64(&e, sc_arg(regs, 3));
	push_s64(&e, dfd(regs, 0));
	push_u64(&e, sc_arg(regs, 1));
	push_u64(&e, sc_arg(regs, 4));
	return evt_submit(&e);
}

/* SPLICE_F_* have the same bits in both encodings */
FILLER(SYSCALL_SPLICE_X)
{
	struct evt e;

	if (evt_begin(&e, SCAP_EVT_SYSCALL_SPLICE_X, SCAP_EVT_NPARAMS_SYSCALL_SPLICE_X))
		return 0;
	push_s64(&e, ret);
	push_s64(&e, dfd(regs, 0));
	push_s64(&e, dfd(regs, 2));
	push_u64(&e, sc_arg(regs, 4));
	push_u32(&e, sc_arg(regs, 5) & 0xf);
	return evt_submit(&e);
}

FILLER(SYSCALL_MPROTECT_X)
{
	struct evt e;

	if (evt_begin(&e, SCAP_EVT_SYSCALL_MPROTECT_X, SCAP_EVT_NPARAMS_SYSCALL_MPROTECT_X))
		return 0;
	push_s64(&e, ret);
	push_u64(&e, sc_arg(regs, 0));
	push_u64(&e, sc_arg(regs, 1));
	push_u32(&e, prot_flags_to_scap(sc_arg(regs, 2)));
	return evt_submit(&e);
}

FILLER(SYSCALL_SECCOMP_X)
{
	struct evt e;

	if (evt_begin(&e, SCAP_EVT_SYSCALL_SECCOMP_X, SCAP_EVT_NPARAMS_SYSCALL_SECCOMP_X))
		return 0;
	push_s64(&e, ret);
	push_u64(&e, sc_arg(regs, 0));
	push_u64(&e, sc_arg(regs, 1));
	return evt_submit(&e);
}
