// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * Exit fillers of the remaining state-changing syscalls: fd creators (eventfd, signalfd, epoll,
 * inotify, timerfd, memfd, userfaultfd, pidfd), close_range, shutdown, chroot, credentials and
 * namespaces, open_by_handle_at.
 */
#include "task.bpf.h"

#define K_MFD_CLOEXEC 0x1
#define K_MFD_ALLOW_SEALING 0x2
#define K_MFD_HUGETLB 0x4
#define K_EPOLL_CLOEXEC K_O_CLOEXEC

/* res:FD plus one u64/u32/u16/u8 field: the common shape of the small fd creators. */
FILLER(SYSCALL_EVENTFD_X)
{
	struct evt e;

	if (evt_begin(&e, SCAP_EVT_SYSCALL_EVENTFD_X, SCAP_EVT_NPARAMS_SYSCALL_EVENTFD_X))
		return 0;
	push_s64(&e, ret);
	push_u64(&e, sc_arg(regs, 0));
	push_u32(&e, 0); /* eventfd has no flags */
	return evt_submit(&e);
}

FILLER(SYSCALL_EVENTFD2_X)
{
	struct evt e;

	if (evt_begin(&e, SCAP_EVT_SYSCALL_EVENTFD2_X, SCAP_EVT_NPARAMS_SYSCALL_EVENTFD2_X))
		return 0;
	push_s64(&e, ret);
	push_u16(&e, cloexec_nonblock_to_scap(sc_arg(regs, 1)));
	push_u64(&e, sc_arg(regs, 0));
	return evt_submit(&e);
}

FILLER(SYSCALL_SIGNALFD_X)
{
	struct evt e;

	if (evt_begin(&e, SCAP_EVT_SYSCALL_SIGNALFD_X, SCAP_EVT_NPARAMS_SYSCALL_SIGNALFD_X))
		return 0;
	push_s64(&e, ret);
	push_s64(&e, (__s32)sc_arg(regs, 0));
	push_u32(&e, 0); /* mask: not reported, as in the reference */
	push_u8(&e, 0);  /* signalfd has no flags */
	return evt_submit(&e);
}

FILLER(SYSCALL_SIGNALFD4_X)
{
	struct evt e;

	if (evt_begin(&e, SCAP_EVT_SYSCALL_SIGNALFD4_X, SCAP_EVT_NPARAMS_SYSCALL_SIGNALFD4_X))
		return 0;
	push_s64(&e, ret);
	push_u16(&e, cloexec_nonblock_to_scap(sc_arg(regs, 3)));
	push_s64(&e, (__s32)sc_arg(regs, 0));
	push_u32(&e, 0); /* mask: not reported, as in the reference */
	return evt_submit(&e);
}

FILLER(SYSCALL_EPOLL_CREATE_X)
{
	struct evt e;

	if (evt_begin(&e, SCAP_EVT_SYSCALL_EPOLL_CREATE_X, SCAP_EVT_NPARAMS_SYSCALL_EPOLL_CREATE_X))
		return 0;
	push_s64(&e, ret);
	push_s32(&e, sc_arg(regs, 0));
	return evt_submit(&e);
}

FILLER(SYSCALL_EPOLL_CREATE1_X)
{
	struct evt e;

	if (evt_begin(&e, SCAP_EVT_SYSCALL_EPOLL_CREATE1_X,
		      SCAP_EVT_NPARAMS_SYSCALL_EPOLL_CREATE1_X))
		return 0;
	push_s64(&e, ret);
	push_u32(&e, (sc_arg(regs, 0) & K_EPOLL_CLOEXEC) ? SCAP_EPOLL_CLOEXEC : 0);
	return evt_submit(&e);
}

FILLER(SYSCALL_INOTIFY_INIT_X)
{
	struct evt e;

	if (evt_begin(&e, SCAP_EVT_SYSCALL_INOTIFY_INIT_X, SCAP_EVT_NPARAMS_SYSCALL_INOTIFY_INIT_X))
		return 0;
	push_s64(&e, ret);
	push_u8(&e, 0);
	return evt_submit(&e);
}

FILLER(SYSCALL_INOTIFY_INIT1_X)
{
	struct evt e;

	if (evt_begin(&e, SCAP_EVT_SYSCALL_INOTIFY_INIT1_X,
		      SCAP_EVT_NPARAMS_SYSCALL_INOTIFY_INIT1_X))
		return 0;
	push_s64(&e, ret);
	push_u16(&e, cloexec_nonblock_to_scap(sc_arg(regs, 0)));
	return evt_submit(&e);
}

FILLER(SYSCALL_TIMERFD_CREATE_X)
{
	__s32 flags = sc_arg(regs, 1);
	struct evt e;

	if (evt_begin(&e, SCAP_EVT_SYSCALL_TIMERFD_CREATE_X,
		      SCAP_EVT_NPARAMS_SYSCALL_TIMERFD_CREATE_X))
		return 0;
	push_s64(&e, ret);
	push_u8(&e, sc_arg(regs, 0));
	/* the reference's u8 of the SCAP_O_* bits (SCAP_O_CLOEXEC does not fit and drops out) */
	push_u8(&e, flags < 0 ? 0 : (__u8)cloexec_nonblock_to_scap(flags));
	return evt_submit(&e);
}

FILLER(SYSCALL_USERFAULTFD_X)
{
	struct evt e;

	if (evt_begin(&e, SCAP_EVT_SYSCALL_USERFAULTFD_X, SCAP_EVT_NPARAMS_SYSCALL_USERFAULTFD_X))
		return 0;
	push_s64(&e, ret);
	push_u32(&e, sc_arg(regs, 0));
	return evt_submit(&e);
}

FILLER(SYSCALL_MEMFD_CREATE_X)
{
	__u32 f = sc_arg(regs, 1), r = 0;
	struct evt e;

	if (evt_begin(&e, SCAP_EVT_SYSCALL_MEMFD_CREATE_X, SCAP_EVT_NPARAMS_SYSCALL_MEMFD_CREATE_X))
		return 0;
	if (f & K_MFD_CLOEXEC)
		r |= SCAP_MFD_CLOEXEC;
	if (f & K_MFD_ALLOW_SEALING)
		r |= SCAP_MFD_ALLOW_SEALING;
	if (f & K_MFD_HUGETLB)
		r |= SCAP_MFD_HUGETLB;
	push_s64(&e, ret);
	push_user_str(&e, sc_arg(regs, 0), 256);
	push_u32(&e, r);
	return evt_submit(&e);
}

FILLER(SYSCALL_PIDFD_OPEN_X)
{
	struct evt e;

	if (evt_begin(&e, SCAP_EVT_SYSCALL_PIDFD_OPEN_X, SCAP_EVT_NPARAMS_SYSCALL_PIDFD_OPEN_X))
		return 0;
	push_s64(&e, ret);
	push_s64(&e, (__s32)sc_arg(regs, 0));
	push_u32(&e, (sc_arg(regs, 1) & K_O_NONBLOCK) ? SCAP_PIDFD_NONBLOCK : 0);
	return evt_submit(&e);
}

FILLER(SYSCALL_PIDFD_GETFD_X)
{
	struct evt e;

	if (evt_begin(&e, SCAP_EVT_SYSCALL_PIDFD_GETFD_X, SCAP_EVT_NPARAMS_SYSCALL_PIDFD_GETFD_X))
		return 0;
	push_s64(&e, ret);
	push_s64(&e, (__s32)sc_arg(regs, 0));
	push_s64(&e, (__s32)sc_arg(regs, 1));
	push_u32(&e, sc_arg(regs, 2));
	return evt_submit(&e);
}

FILLER(SYSCALL_CLOSE_RANGE_X)
{
	__u32 f = sc_arg(regs, 2), r = 0;
	struct evt e;

	if (evt_begin(&e, SCAP_EVT_SYSCALL_CLOSE_RANGE_X, SCAP_EVT_NPARAMS_SYSCALL_CLOSE_RANGE_X))
		return 0;
	if (f & (1u << 1))
		r |= SCAP_CLOSE_RANGE_UNSHARE;
	if (f & (1u << 2))
		r |= SCAP_CLOSE_RANGE_CLOEXEC;
	push_s64(&e, ret);
	push_u32(&e, sc_arg(regs, 0));
	push_u32(&e, sc_arg(regs, 1));
	push_u32(&e, r);
	return evt_submit(&e);
}

FILLER(SOCKET_SHUTDOWN_X)
{
	__u64 how = sc_arg(regs, 1);
	struct evt e;

	if (evt_begin(&e, SCAP_EVT_SOCKET_SHUTDOWN_X, SCAP_EVT_NPARAMS_SOCKET_SHUTDOWN_X))
		return 0;
	push_s64(&e, ret);
	push_s64(&e, (__s32)sc_arg(regs, 0));
	/* SHUT_RD/WR/RDWR are 0/1/2 in both encodings; the u8 of SCAP_SHUT_UNKNOWN otherwise */
	push_u8(&e, how <= 2 ? how : (__u8)SCAP_SHUT_UNKNOWN);
	return evt_submit(&e);
}

FILLER(SYSCALL_CHROOT_X)
{
	struct evt e;

	if (evt_begin(&e, SCAP_EVT_SYSCALL_CHROOT_X, SCAP_EVT_NPARAMS_SYSCALL_CHROOT_X))
		return 0;
	push_s64(&e, ret);
	push_user_str(&e, sc_arg(regs, 0), EVT_PATH_MAX);
	return evt_submit(&e);
}

/* capset: the capability sets in force after the call */
FILLER(SYSCALL_CAPSET_X)
{
	const struct cred *cred = BPF_CORE_READ(cur_task(), cred);
	struct evt e;

	if (evt_begin(&e, SCAP_EVT_SYSCALL_CAPSET_X, SCAP_EVT_NPARAMS_SYSCALL_CAPSET_X))
		return 0;
	push_s64(&e, ret);
	push_u64(&e, cred_caps(cred, CAP_SET_INHERITABLE));
	push_u64(&e, cred_caps(cred, CAP_SET_PERMITTED));
	push_u64(&e, cred_caps(cred, CAP_SET_EFFECTIVE));
	return evt_submit(&e);
}

FILLER(SYSCALL_SETREUID_X)
{
	struct evt e;

	if (evt_begin(&e, SCAP_EVT_SYSCALL_SETREUID_X, SCAP_EVT_NPARAMS_SYSCALL_SETREUID_X))
		return 0;
	push_s64(&e, ret);
	push_u32(&e, sc_arg(regs, 0));
	push_u32(&e, sc_arg(regs, 1));
	return evt_submit(&e);
}

FILLER(SYSCALL_SETREGID_X)
{
	struct evt e;

	if (evt_begin(&e, SCAP_EVT_SYSCALL_SETREGID_X, SCAP_EVT_NPARAMS_SYSCALL_SETREGID_X))
		return 0;
	push_s64(&e, ret);
	push_u32(&e, sc_arg(regs, 0));
	push_u32(&e, sc_arg(regs, 1));
	return evt_submit(&e);
}

FILLER(SYSCALL_UNSHARE_X)
{
	struct evt e;

	if (evt_begin(&e, SCAP_EVT_SYSCALL_UNSHARE_X, SCAP_EVT_NPARAMS_SYSCALL_UNSHARE_X))
		return 0;
	push_s64(&e, ret);
	push_u32(&e, clone_flags_to_scap(sc_arg(regs, 0)));
	return evt_submit(&e);
}

FILLER(SYSCALL_SETNS_X)
{
	struct evt e;

	if (evt_begin(&e, SCAP_EVT_SYSCALL_SETNS_X, SCAP_EVT_NPARAMS_SYSCALL_SETNS_X))
		return 0;
	push_s64(&e, ret);
	push_s64(&e, (__s32)sc_arg(regs, 0));
	push_u32(&e, clone_flags_to_scap(sc_arg(regs, 1)));
	return evt_submit(&e);
}

/* open_by_handle_at: the path is only known from the opened file, by the dentry walk */
FILLER(SYSCALL_OPEN_BY_HANDLE_AT_X)
{
	__u32 flags = sc_arg(regs, 2), dev = 0;
	struct file *f = ret >= 0 ? fd_file(cur_task(), ret) : NULL;
	__u64 ino = 0;
	struct evt e;

	if (evt_begin(&e, SCAP_EVT_SYSCALL_OPEN_BY_HANDLE_AT_X,
		      SCAP_EVT_NPARAMS_SYSCALL_OPEN_BY_HANDLE_AT_X))
		return 0;
	if (f)
		file_dev_ino(f, &dev, &ino);
	push_s64(&e, ret);
	push_s64(&e, (__s32)sc_arg(regs, 0));
	push_u32(&e, open_flags_to_scap(flags) | file_created(f) | file_layer_flags(f));
	push_file_path(&e, f);
	push_u32(&e, dev);
	push_u64(&e, ino);
	return evt_submit(&e);
}

/* io_uring_setup: the parameters as the kernel returned them in struct io_uring_params */
FILLER(SYSCALL_IO_URING_SETUP_X)
{
	struct io_uring_params p = {};
	__u32 f, r = 0;
	struct evt e;

	if (evt_begin(&e, SCAP_EVT_SYSCALL_IO_URING_SETUP_X,
		      SCAP_EVT_NPARAMS_SYSCALL_IO_URING_SETUP_X))
		return 0;
	bpf_probe_read_user(&p, sizeof(p), (void *)sc_arg(regs, 1));
	f = p.flags;
	if (f & 0x01)
		r |= SCAP_IORING_SETUP_IOPOLL | SCAP_IORING_SQ_NEED_WAKEUP; /* reference: bit 0 twice */
	if (f & 0x02)
		r |= SCAP_IORING_SETUP_SQPOLL;
	if (f & 0x04)
		r |= SCAP_IORING_SETUP_SQ_AFF;
	if (f & 0x08)
		r |= SCAP_IORING_SETUP_CQSIZE;
	if (f & 0x10)
		r |= SCAP_IORING_SETUP_CLAMP;
	if (f & 0x20)
		r |= SCAP_IORING_SETUP_ATTACH_WQ;
	if (f & 0x40)
		r |= SCAP_IORING_SETUP_R_DISABLED;
	push_s64(&e, ret);
	push_u32(&e, sc_arg(regs, 0));
	push_u32(&e, p.sq_entries);
	push_u32(&e, p.cq_entries);
	push_u32(&e, r);
	push_u32(&e, p.sq_thread_cpu);
	push_u32(&e, p.sq_thread_idle);
	push_u32(&e, p.features & 0x7ff); /* IORING_FEAT_* bits 0..10 are the same */
	return evt_submit(&e);
}

/* IORING_ENTER_* bits 0..3 are the same in both encodings; `sig` is the low 32 bits of the
 * pointer argument, as the reference sends it */
FILLER(SYSCALL_IO_URING_ENTER_X)
{
	struct evt e;

	if (evt_begin(&e, SCAP_EVT_SYSCALL_IO_URING_ENTER_X,
		      SCAP_EVT_NPARAMS_SYSCALL_IO_URING_ENTER_X))
		return 0;
	push_s64(&e, ret);
	push_s64(&e, (__s32)sc_arg(regs, 0));
	push_u32(&e, sc_arg(regs, 1));
	push_u32(&e, sc_arg(regs, 2));
	push_u32(&e, sc_arg(regs, 3) & 0xf);
	push_u32(&e, sc_arg(regs, 4));
	return evt_submit(&e);
}

/* opcodes map 1:1 */
FILLER(SYSCALL_IO_URING_REGISTER_X)
{
	struct evt e;

	if (evt_begin(&e, SCAP_EVT_SYSCALL_IO_URING_REGISTER_X,
		      SCAP_EVT_NPARAMS_SYSCALL_IO_URING_REGISTER_X))
		return 0;
	push_s64(&e, ret);
	push_s64(&e, (__s32)sc_arg(regs, 0));
	push_u16(&e, sc_arg(regs, 1));
	push_u64(&e, sc_arg(regs, 2));
	push_u32(&e, sc_arg(regs, 3));
	return evt_submit(&e);
}

/* fsconfig: commands map 1:1; the value is a string or bytes depending on the command */
FILLER(SYSCALL_FSCONFIG_X)
{
	__u32 cmd = sc_arg(regs, 1);
	__s32 aux = sc_arg(regs, 4);
	unsigned long val = sc_arg(regs, 3);
	struct evt e;

	if (evt_begin(&e, SCAP_EVT_SYSCALL_FSCONFIG_X, SCAP_EVT_NPARAMS_SYSCALL_FSCONFIG_X))
		return 0;
	push_s64(&e, ret);
	push_s64(&e, (__s32)sc_arg(regs, 0));
	push_u32(&e, cmd);
	push_user_str(&e, sc_arg(regs, 2), EVT_PATH_MAX);
	if (ret >= 0 && cmd == SCAP_FSCONFIG_SET_BINARY && aux > 0) {
		push_user_buf(&e, val, aux);
		push_empty(&e);
	} else if (ret >= 0 && (cmd == SCAP_FSCONFIG_SET_STRING || cmd == SCAP_FSCONFIG_SET_PATH ||
				cmd == SCAP_FSCONFIG_SET_PATH_EMPTY)) {
		push_empty(&e);
		push_user_str(&e, val, EVT_PATH_MAX);
	} else {
		push_empty(&e);
		push_empty(&e);
	}
	push_s32(&e, aux);
	return evt_submit(&e);
}
