// SPDX-License-Identifier: GPL-2.0-only OR MIT
/* Exit fillers of futex, poll, select, bpf, SysV semaphores, kernel modules, socket names. */
#include "task.bpf.h"

#define POLLFD_MAX 16 /* fds reported per poll, as the reference */

FILLER(SOCKET_GETSOCKNAME_X)
{
	struct evt e;

	if (evt_begin(&e, SCAP_EVT_SOCKET_GETSOCKNAME_X, SCAP_EVT_NPARAMS_SOCKET_GETSOCKNAME_X))
		return 0;
	return evt_submit(&e);
}

FILLER(SOCKET_GETPEERNAME_X)
{
	struct evt e;

	if (evt_begin(&e, SCAP_EVT_SOCKET_GETPEERNAME_X, SCAP_EVT_NPARAMS_SOCKET_GETPEERNAME_X))
		return 0;
	return evt_submit(&e);
}

/* FUTEX_* operations 0..12, PRIVATE_FLAG 128, CLOCK_REALTIME 256: same numbers in both */
FILLER(SYSCALL_FUTEX_X)
{
	__u64 op = sc_arg(regs, 1), cmd = op & 127;
	struct evt e;

	if (evt_begin(&e, SCAP_EVT_SYSCALL_FUTEX_X, SCAP_EVT_NPARAMS_SYSCALL_FUTEX_X))
		return 0;
	push_s64(&e, ret);
	push_u64(&e, sc_arg(regs, 0));
	push_u16(&e, (cmd <= 12 ? cmd : 0) | (op & (128 | 256)));
	push_u64(&e, sc_arg(regs, 2));
	return evt_submit(&e);
}

static __always_inline_ __u16 poll_events(__s16 ev)
{
	__u16 r = 0;

	if (ev & 0x001)
		r |= SCAP_POLLIN;
	if (ev & 0x002)
		r |= SCAP_POLLPRI;
	if (ev & 0x004)
		r |= SCAP_POLLOUT;
	if (ev & 0x2000)
		r |= SCAP_POLLRDHUP;
	if (ev & 0x008)
		r |= SCAP_POLLERR;
	if (ev & 0x010)
		r |= SCAP_POLLHUP;
	if (ev & 0x020)
		r |= SCAP_POLLNVAL;
	if (ev & 0x040)
		r |= SCAP_POLLRDNORM;
	if (ev & 0x080)
		r |= SCAP_POLLRDBAND;
	if (ev & 0x100)
		r |= SCAP_POLLWRNORM;
	if (ev & 0x200)
		r |= SCAP_POLLWRBAND;
	return r;
}

/* FDLIST of the returned events: u16 count, then (s64 fd, s16 flags) per fd. */
static __always_inline_ void push_pollfds(struct evt *e, unsigned long ufds, __u32 nfds)
{
	__u32 n = nfds < POLLFD_MAX ? nfds : POLLFD_MAX, at = e->off;

	for (int i = 0; i < POLLFD_MAX; i++) {
		struct pollfd p = {};

		if (i >= n)
			break;
		if (bpf_probe_read_user(&p, sizeof(p), (void *)(ufds + i * sizeof(p)))) {
			n = 0; /* unreadable: an empty list, like the reference */
			break;
		}
		put_u64(e, at + 2 + i * 10, (__s64)p.fd);
		put_u16(e, at + 10 + i * 10, poll_events(p.revents));
	}
	put_u16(e, at, n);
	evt_set_len(e, 2 + n * 10);
}

FILLER(SYSCALL_POLL_X)
{
	struct evt e;

	if (evt_begin(&e, SCAP_EVT_SYSCALL_POLL_X, SCAP_EVT_NPARAMS_SYSCALL_POLL_X))
		return 0;
	push_s64(&e, ret);
	push_pollfds(&e, sc_arg(regs, 0), sc_arg(regs, 1));
	push_s64(&e, (__u32)(__s32)sc_arg(regs, 2));
	return evt_submit(&e);
}

FILLER(SYSCALL_PPOLL_X)
{
	struct sc_timespec ts = {};
	__u32 mask = 0;
	struct evt e;

	if (evt_begin(&e, SCAP_EVT_SYSCALL_PPOLL_X, SCAP_EVT_NPARAMS_SYSCALL_PPOLL_X))
		return 0;
	if (sc_arg(regs, 2))
		read_timespec(regs->compat, sc_arg(regs, 2), &ts);
	if (sc_arg(regs, 3))
		bpf_probe_read_user(&mask, sizeof(mask), (void *)sc_arg(regs, 3));
	push_s64(&e, ret);
	push_pollfds(&e, sc_arg(regs, 0), sc_arg(regs, 1));
	push_u64(&e, ts.sec * 1000000000ull + ts.nsec);
	push_u32(&e, mask);
	return evt_submit(&e);
}

FILLER(SYSCALL_SELECT_X)
{
	struct evt e;

	if (evt_begin(&e, SCAP_EVT_SYSCALL_SELECT_X, SCAP_EVT_NPARAMS_SYSCALL_SELECT_X))
		return 0;
	push_s64(&e, ret);
	return evt_submit(&e);
}

/* bpf: the result is the new fd (or the error); commands map 1:1 */
FILLER(SYSCALL_BPF_2_X)
{
	struct evt e;

	if (evt_begin(&e, SCAP_EVT_SYSCALL_BPF_2_X, SCAP_EVT_NPARAMS_SYSCALL_BPF_2_X))
		return 0;
	push_s64(&e, ret);
	push_u32(&e, sc_arg(regs, 0));
	return evt_submit(&e);
}

FILLER(SYSCALL_SEMGET_X)
{
	struct evt e;

	if (evt_begin(&e, SCAP_EVT_SYSCALL_SEMGET_X, SCAP_EVT_NPARAMS_SYSCALL_SEMGET_X))
		return 0;
	push_s64(&e, ret);
	push_s32(&e, sc_arg(regs, 0));
	push_s32(&e, sc_arg(regs, 1));
	push_u32(&e, scap_semget_flags_from_linux(sc_arg(regs, 2)));
	return evt_submit(&e);
}

FILLER(SYSCALL_DELETE_MODULE_X)
{
	struct evt e;

	if (evt_begin(&e, SCAP_EVT_SYSCALL_DELETE_MODULE_X,
		      SCAP_EVT_NPARAMS_SYSCALL_DELETE_MODULE_X))
		return 0;
	push_s64(&e, ret);
	push_user_str(&e, sc_arg(regs, 0), 256);
	push_u32(&e, scap_delete_module_flags_from_linux(sc_arg(regs, 1)));
	return evt_submit(&e);
}

/* MODULE_INIT_* bits are the same in both encodings */
FILLER(SYSCALL_FINIT_MODULE_X)
{
	struct evt e;

	if (evt_begin(&e, SCAP_EVT_SYSCALL_FINIT_MODULE_X,
		      SCAP_EVT_NPARAMS_SYSCALL_FINIT_MODULE_X))
		return 0;
	push_s64(&e, ret);
	push_s64(&e, (__s32)sc_arg(regs, 0));
	push_user_str(&e, sc_arg(regs, 1), EVT_PATH_MAX);
	push_u32(&e, sc_arg(regs, 2) & 7);
	return evt_submit(&e);
}

FILLER(SYSCALL_SEMCTL_X)
{
	__u32 cmd = (__u16)sc_arg(regs, 2);
	struct evt e;

	if (evt_begin(&e, SCAP_EVT_SYSCALL_SEMCTL_X, SCAP_EVT_NPARAMS_SYSCALL_SEMCTL_X))
		return 0;
	push_s64(&e, ret);
	push_s32(&e, sc_arg(regs, 0));
	push_s32(&e, sc_arg(regs, 1));
	push_u16(&e, scap_semctl_cmd_from_linux(cmd));
	push_s32(&e, cmd == 16 ? (__s32)sc_arg(regs, 3) : 0); /* the value only for SETVAL */
	return evt_submit(&e);
}

/* process_vm_readv/writev: the local iovecs, snaplen bytes (what was copied) */
static __always_inline_ int fill_vm_rw(__u16 type, __u32 nparams, struct sc_regs *regs, long ret)
{
	struct syscap_bpf_settings *st = get_settings();
	__u32 snap = st ? st->snaplen : SYSCAP_BPF_SNAPLEN_DEFAULT, start, done = 0;
	unsigned long uiov = sc_arg(regs, 1), cnt = sc_arg(regs, 2);
	struct evt e;

	if (evt_begin(&e, type, nparams))
		return 0;
	push_s64(&e, ret);
	push_s64(&e, (__s32)sc_arg(regs, 0));
	if (ret <= 0) {
		push_empty(&e);
		return evt_submit(&e);
	}
	if (snap > ret)
		snap = ret;
	if (snap > SYSCAP_BPF_SNAPLEN_MAX)
		snap = SYSCAP_BPF_SNAPLEN_MAX;
	start = e.off;
	for (int i = 0; i < 16; i++) {
		unsigned long base, len;
		__u32 n;

		if (i >= cnt || done >= snap)
			break;
		if (read_iovec(regs->compat, uiov, i, &base, &len))
			break;
		n = len;
		if (n > snap - done)
			n = snap - done;
		if (bpf_probe_read_user(&e.data[BOUND_16((start + done))], BOUND_16(n),
					(void *)base))
			break;
		done += n;
	}
	evt_set_len(&e, done);
	return evt_submit(&e);
}

FILLER(SYSCALL_PROCESS_VM_READV_X)
{
	return fill_vm_rw(SCAP_EVT_SYSCALL_PROCESS_VM_READV_X,
			  SCAP_EVT_NPARAMS_SYSCALL_PROCESS_VM_READV_X, regs, ret);
}

FILLER(SYSCALL_PROCESS_VM_WRITEV_X)
{
	return fill_vm_rw(SCAP_EVT_SYSCALL_PROCESS_VM_WRITEV_X,
			  SCAP_EVT_NPARAMS_SYSCALL_PROCESS_VM_WRITEV_X, regs, ret);
}

/* semop: the first two operations of the array, zeros when the call failed */
FILLER(SYSCALL_SEMOP_X)
{
	struct sembuf ops[2] = {};
	unsigned long uops = sc_arg(regs, 1);
	__u32 nsops = sc_arg(regs, 2);
	struct evt e;

	if (evt_begin(&e, SCAP_EVT_SYSCALL_SEMOP_X, SCAP_EVT_NPARAMS_SYSCALL_SEMOP_X))
		return 0;
	if (ret == 0 && uops && nsops)
		bpf_probe_read_user(ops, nsops == 1 ? sizeof(ops[0]) : sizeof(ops), (void *)uops);
	push_s64(&e, ret);
	push_u32(&e, nsops);
	for (int i = 0; i < 2; i++) {
		push_u16(&e, ops[i].sem_num);
		push_u16(&e, ops[i].sem_op);
		push_u16(&e, scap_semop_flags_from_linux(ops[i].sem_flg));
	}
	push_s32(&e, sc_arg(regs, 0));
	return evt_submit(&e);
}

/* init_module: the image's first bytes (bounded so the event fits), its length and arguments */
#define MODULE_IMG_MAX 60000

FILLER(SYSCALL_INIT_MODULE_X)
{
	__u64 len = sc_arg(regs, 1);
	struct evt e;

	if (evt_begin(&e, SCAP_EVT_SYSCALL_INIT_MODULE_X, SCAP_EVT_NPARAMS_SYSCALL_INIT_MODULE_X))
		return 0;
	push_s64(&e, ret);
	push_user_buf(&e, sc_arg(regs, 0), len < MODULE_IMG_MAX ? len : MODULE_IMG_MAX);
	push_u64(&e, len);
	push_user_str(&e, sc_arg(regs, 2), 4096);
	return evt_submit(&e);
}
