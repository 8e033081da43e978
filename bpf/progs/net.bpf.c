// SPDX-License-Identifier: GPL-2.0-only OR MIT
/* Exit fillers of socket syscalls; tuples come from the kernel socket (task.bpf.h). */
#include "task.bpf.h"

#define EINPROGRESS 115
#define IOV_MAX_READ 32

FILLER(SOCKET_SOCKET_X)
{
	__u32 type = sc_arg(regs, 1);
	struct evt e;

	if (evt_begin(&e, SCAP_EVT_SOCKET_SOCKET_X, SCAP_EVT_NPARAMS_SOCKET_SOCKET_X))
		return 0;
	push_s64(&e, ret);
	push_u32(&e, socket_family_to_scap(sc_arg(regs, 0) & 0xff));
	push_u32(&e, type);
	push_u32(&e, sc_arg(regs, 2));
	push_u32(&e, cloexec_nonblock_to_scap(type));
	return evt_submit(&e);
}

FILLER(SOCKET_SOCKETPAIR_X)
{
	__s32 fds[2] = { -1, -1 };
	__u64 src = 0, peer = 0;
	struct evt e;

	if (evt_begin(&e, SCAP_EVT_SOCKET_SOCKETPAIR_X, SCAP_EVT_NPARAMS_SOCKET_SOCKETPAIR_X))
		return 0;
	if (ret == 0) {
		struct sock *sk;

		bpf_probe_read_user(fds, sizeof(fds), (void *)sc_arg(regs, 3));
		sk = fd_sock(fds[0]);
		if (sk) {
			src = (__u64)sk;
			peer = (__u64)BPF_CORE_READ((struct unix_sock *)sk, peer);
		}
	}
	push_s64(&e, ret);
	push_s64(&e, fds[0]);
	push_s64(&e, fds[1]);
	push_u64(&e, src);
	push_u64(&e, peer);
	push_u32(&e, socket_family_to_scap(sc_arg(regs, 0) & 0xff));
	push_u32(&e, sc_arg(regs, 1));
	push_u32(&e, sc_arg(regs, 2));
	return evt_submit(&e);
}

FILLER(SOCKET_CONNECT_X)
{
	long fd = (__s32)sc_arg(regs, 0);
	unsigned long uaddr = sc_arg(regs, 1);
	struct evt e;

	if (evt_begin(&e, SCAP_EVT_SOCKET_CONNECT_X, SCAP_EVT_NPARAMS_SOCKET_CONNECT_X))
		return 0;
	push_s64(&e, ret);
	if (ret == 0 || ret == -EINPROGRESS)
		push_socktuple(&e, fd, 1, uaddr);
	else
		push_empty(&e);
	push_s64(&e, fd);
	push_sockaddr_user(&e, uaddr, (__u16)sc_arg(regs, 2));
	return evt_submit(&e);
}

static __always_inline_ int fill_accept(__u16 type, __u32 nparams, struct sc_regs *regs, long ret,
					int with_flags)
{
	__u32 qlen = 0, qmax = 0;
	__u8 qpct = 0;
	struct evt e;

	if (evt_begin(&e, type, nparams))
		return 0;
	push_s64(&e, ret);
	if (ret >= 0) {
		struct sock *lsk = fd_sock((__s32)sc_arg(regs, 0));

		push_socktuple(&e, ret, 0, 0);
		if (lsk) {
			qlen = BPF_CORE_READ(lsk, sk_ack_backlog);
			qmax = BPF_CORE_READ(lsk, sk_max_ack_backlog);
			if (qlen && qmax)
				qpct = (__u64)qlen * 100 / qmax;
		}
	} else {
		push_empty(&e);
	}
	push_u8(&e, qpct);
	push_u32(&e, qlen);
	push_u32(&e, qmax);
	if (with_flags)
		push_u32(&e, cloexec_nonblock_to_scap(sc_arg(regs, 3)));
	return evt_submit(&e);
}

FILLER(SOCKET_ACCEPT_5_X)
{
	return fill_accept(SCAP_EVT_SOCKET_ACCEPT_5_X, SCAP_EVT_NPARAMS_SOCKET_ACCEPT_5_X, regs, ret,
			   0);
}

FILLER(SOCKET_ACCEPT4_6_X)
{
	return fill_accept(SCAP_EVT_SOCKET_ACCEPT4_6_X, SCAP_EVT_NPARAMS_SOCKET_ACCEPT4_6_X, regs,
			   ret, 1);
}

FILLER(SOCKET_BIND_X)
{
	struct evt e;

	if (evt_begin(&e, SCAP_EVT_SOCKET_BIND_X, SCAP_EVT_NPARAMS_SOCKET_BIND_X))
		return 0;
	push_s64(&e, ret);
	push_sockaddr_user(&e, sc_arg(regs, 1), (__u16)sc_arg(regs, 2));
	push_s64(&e, (__s32)sc_arg(regs, 0));
	return evt_submit(&e);
}

FILLER(SOCKET_LISTEN_X)
{
	struct evt e;

	if (evt_begin(&e, SCAP_EVT_SOCKET_LISTEN_X, SCAP_EVT_NPARAMS_SOCKET_LISTEN_X))
		return 0;
	push_s64(&e, ret);
	push_s64(&e, (__s32)sc_arg(regs, 0));
	push_s32(&e, sc_arg(regs, 1));
	return evt_submit(&e);
}

/* The tuple of a send or receive, only after a success; received is remote -> local. */
static __always_inline_ void push_sock_io_tuple(struct evt *e, long fd, long ret, int recv,
						unsigned long uaddr)
{
	if (ret >= 0)
		push_socktuple(e, fd, !recv, uaddr);
	else
		push_empty(e);
}

/*
 * send, sendto, recv, recvfrom (fd, buf, len, flags, addr, ...): res, data, fd, size, tuple, but
 * recvfrom has the tuple before fd. Data is what was sent, or what the caller offered when the
 * call failed (as the reference); what arrived on the receiving side. send and recv come only
 * from ia32 tasks (socketcall) and have no address.
 */
static __always_inline_ int fill_sock_io(__u16 type, __u32 nparams, struct sc_regs *regs, long ret,
					 int recv, unsigned long uaddr)
{
	long fd = (__s32)sc_arg(regs, 0);
	unsigned long ubuf = sc_arg(regs, 1);
	__u32 size = sc_arg(regs, 2);
	int tuple_first = type == SCAP_EVT_SOCKET_RECVFROM_X;
	long len = ret > 0 || recv ? ret : (long)size;
	struct evt e;

	if (evt_begin(&e, type, nparams))
		return 0;
	push_s64(&e, ret);
	if (len > 0)
		push_user_buf(&e, ubuf, io_snaplen(&e, fd, ubuf, len));
	else
		push_empty(&e);
	if (tuple_first)
		push_sock_io_tuple(&e, fd, ret, recv, uaddr);
	push_s64(&e, fd);
	push_u32(&e, size);
	if (!tuple_first)
		push_sock_io_tuple(&e, fd, ret, recv, uaddr);
	return evt_submit(&e);
}

FILLER(SOCKET_SENDTO_X)
{
	return fill_sock_io(SCAP_EVT_SOCKET_SENDTO_X, SCAP_EVT_NPARAMS_SOCKET_SENDTO_X, regs, ret,
			    0, sc_arg(regs, 4));
}

FILLER(SOCKET_SEND_X) /* ia32 socketcall only */
{
	return fill_sock_io(SCAP_EVT_SOCKET_SEND_X, SCAP_EVT_NPARAMS_SOCKET_SEND_X, regs, ret, 0,
			    0);
}

FILLER(SOCKET_RECVFROM_X)
{
	return fill_sock_io(SCAP_EVT_SOCKET_RECVFROM_X, SCAP_EVT_NPARAMS_SOCKET_RECVFROM_X, regs,
			    ret, 1, sc_arg(regs, 4));
}

FILLER(SOCKET_RECV_X) /* ia32 socketcall only */
{
	return fill_sock_io(SCAP_EVT_SOCKET_RECV_X, SCAP_EVT_NPARAMS_SOCKET_RECV_X, regs, ret, 1,
			    0);
}

static __always_inline_ __u32 iov_copy(struct evt *e, int compat, unsigned long uiov,
				       unsigned long cnt, __u32 max, __u32 *total)
{
	__u32 start = e->off, done = 0;

	*total = 0;
	for (int i = 0; i < IOV_MAX_READ; i++) {
		unsigned long base, len;
		__u32 n;

		if (i >= cnt)
			break;
		if (read_iovec(compat, uiov, i, &base, &len))
			break;
		*total += len;
		if (done >= max)
			continue;
		n = len;
		if (n > max - done)
			n = max - done;
		if (n > SYSCAP_BPF_SNAPLEN_MAX)
			n = SYSCAP_BPF_SNAPLEN_MAX;
		if (bpf_probe_read_user(&e->data[BOUND_16((start + done))], BOUND_16(n),
					(void *)base))
			continue;
		done += n;
	}
	return done;
}

FILLER(SOCKET_SENDMSG_X)
{
	long fd = (__s32)sc_arg(regs, 0);
	struct msghdr_fields mh = {};
	__u32 total, n;
	struct evt e;

	if (evt_begin(&e, SCAP_EVT_SOCKET_SENDMSG_X, SCAP_EVT_NPARAMS_SOCKET_SENDMSG_X))
		return 0;
	push_s64(&e, ret);
	if (read_msghdr(regs->compat, sc_arg(regs, 1), &mh)) {
		push_empty(&e);
		push_s64(&e, fd);
		push_empty(&e);
		push_empty(&e);
		return evt_submit(&e);
	}
	n = iov_copy(&e, regs->compat, mh.iov, mh.iovlen,
		     iov_snaplen(&e, regs->compat, fd, mh.iov, mh.iovlen, ret > 0 ? ret : -1), &total);
	evt_set_len(&e, n);
	push_s64(&e, fd);
	push_u32(&e, total);
	if (ret >= 0)
		push_socktuple(&e, fd, 1, mh.name);
	else
		push_empty(&e);
	return evt_submit(&e);
}

FILLER(SOCKET_RECVMSG_X)
{
	long fd = (__s32)sc_arg(regs, 0);
	struct msghdr_fields mh = {};
	__u32 total, n;
	struct evt e;

	if (evt_begin(&e, SCAP_EVT_SOCKET_RECVMSG_X, SCAP_EVT_NPARAMS_SOCKET_RECVMSG_X))
		return 0;
	push_s64(&e, ret);
	if (ret < 0) {
		push_u32(&e, 0);
		push_empty(&e);
		push_empty(&e);
		push_empty(&e);
		push_s64(&e, fd);
		return evt_submit(&e);
	}
	push_u32(&e, ret);
	if (read_msghdr(regs->compat, sc_arg(regs, 1), &mh)) {
		push_empty(&e);
	} else {
		n = iov_copy(&e, regs->compat, mh.iov, mh.iovlen,
			     iov_snaplen(&e, regs->compat, fd, mh.iov, mh.iovlen, ret), &total);
		evt_set_len(&e, n);
	}
	push_socktuple(&e, fd, 0, mh.name);
	if (mh.control && mh.controllen > 0 && mh.controllen <= 0xffff)
		push_user_buf(&e, mh.control, mh.controllen);
	else
		push_empty(&e);
	push_s64(&e, fd);
	return evt_submit(&e);
}

/*
 * sendmmsg/recvmmsg: one event per transferred message, as the reference: res is the message's
 * msg_len, data what it carried (snaplen-bounded), and recvmmsg adds its msg_control. A failed
 * call (ret <= 0) gives one event with res = ret. Kernels with bpf_loop (5.17+) run the
 * fill_loop_* programs below, which emit every message (at most MMSG_MAX, the kernel's own
 * UIO_MAXIOV bound on vlen); libscap installs them in place of the FILLER()s when the helper
 * exists. Older kernels run the FILLER()s, which emit one message per program and tail-call
 * themselves for the next: at most MMSG_CHAIN_MAX messages, the tail-call budget.
 */
#define MMSG_MAX 1024
#define MMSG_CHAIN_MAX 24

static __always_inline_ int fill_mmsg_err(__u16 type, __u32 nparams, long fd, long ret, int recv)
{
	struct evt e;

	if (evt_begin(&e, type, nparams))
		return 0;
	push_s64(&e, ret);
	push_s64(&e, fd);
	push_u32(&e, 0);
	push_empty(&e);
	push_empty(&e);
	if (recv)
		push_empty(&e);
	return evt_submit(&e);
}

/* the event of message i of the vector at uvec */
static __always_inline_ int fill_mmsg_msg(__u16 type, __u32 nparams, int compat, long fd,
					  unsigned long uvec, __u32 i, int recv)
{
	unsigned long um = uvec + (__u64)i * MMSGHDR_SIZE(compat);
	struct msghdr_fields mh = {};
	__u32 total, n, at, len = 0;
	struct evt e;

	if (read_msghdr(compat, um, &mh) ||
	    bpf_probe_read_user(&len, sizeof(len), (void *)(um + MMSGHDR_LEN_OFF(compat))))
		return 0;
	if (evt_begin(&e, type, nparams))
		return 0;
	push_s64(&e, len);
	push_s64(&e, fd);
	/* size first in the event, data after: measure, then copy */
	at = e.off;
	push_u32(&e, 0);
	n = iov_copy(&e, compat, mh.iov, mh.iovlen, iov_snaplen(&e, compat, fd, mh.iov, mh.iovlen, len),
		     &total);
	/* sent: what the iovecs held; received: what arrived */
	put_u32(&e, at, recv ? len : total);
	evt_set_len(&e, n);
	push_socktuple(&e, fd, !recv, mh.name);
	if (recv) {
		if (mh.control && mh.controllen > 0 && mh.controllen <= 0xffff)
			push_user_buf(&e, mh.control, mh.controllen);
		else
			push_empty(&e);
	}
	return evt_submit(&e);
}

/* Where a tail-call chain is: the call it belongs to and the next message. */
struct mmsg_chain {
	__u64 pid_tgid;
	__u64 uvec;
	__s64 ret;
	__u32 next;
	__u32 pad;
};

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct mmsg_chain);
} syscap_mmsg_chain SEC(".maps");

static __always_inline_ int fill_mmsg_chain(__u64 *ctx, __u16 type, __u32 nparams,
					    struct sc_regs *regs, long ret, int recv)
{
	long fd = (__s32)sc_arg(regs, 0);
	unsigned long uvec = sc_arg(regs, 1);
	__u64 me = bpf_get_current_pid_tgid();
	struct mmsg_chain *ch;
	__u32 k = 0, i;

	if (ret <= 0)
		return fill_mmsg_err(type, nparams, fd, ret, recv);
	ch = bpf_map_lookup_elem(&syscap_mmsg_chain, &k);
	if (!ch)
		return 0;
	if (ch->pid_tgid != me || ch->uvec != uvec || ch->ret != ret) {
		ch->pid_tgid = me; /* a new call: start at its first message */
		ch->uvec = uvec;
		ch->ret = ret;
		ch->next = 0;
	}
	i = ch->next;
	fill_mmsg_msg(type, nparams, regs->compat, fd, uvec, i, recv);
	if (i + 1 < ret && i + 1 < MMSG_CHAIN_MAX) {
		ch->next = i + 1;
		bpf_tail_call(ctx, &syscap_fillers, type);
	}
	ch->pid_tgid = 0; /* done, or the tail call failed */
	ch->next = 0;
	return 0;
}

FILLER(SOCKET_SENDMMSG_X)
{
	return fill_mmsg_chain(ctx, SCAP_EVT_SOCKET_SENDMMSG_X, SCAP_EVT_NPARAMS_SOCKET_SENDMMSG_X,
			       regs, ret, 0);
}

FILLER(SOCKET_RECVMMSG_X)
{
	return fill_mmsg_chain(ctx, SCAP_EVT_SOCKET_RECVMMSG_X, SCAP_EVT_NPARAMS_SOCKET_RECVMMSG_X,
			       regs, ret, 1);
}

struct mmsg_loop {
	long fd;
	unsigned long uvec;
	int compat;
};

/*
 * One message, as a global function per direction: the verifier checks a global function once,
 * on its own. Inlined into the loop callback, the body was checked again along the callback's
 * paths until they converged, and recvmmsg's program went over the 1M-instruction limit on
 * 6.18.44 (sendmmsg's came within 8% of it).
 */
__noinline int syscap_sendmmsg_one(long fd, unsigned long uvec, __u32 i, int compat)
{
	return fill_mmsg_msg(SCAP_EVT_SOCKET_SENDMMSG_X, SCAP_EVT_NPARAMS_SOCKET_SENDMMSG_X,
			     compat, fd, uvec, i, 0);
}

__noinline int syscap_recvmmsg_one(long fd, unsigned long uvec, __u32 i, int compat)
{
	return fill_mmsg_msg(SCAP_EVT_SOCKET_RECVMMSG_X, SCAP_EVT_NPARAMS_SOCKET_RECVMMSG_X,
			     compat, fd, uvec, i, 1);
}

static long mmsg_send_cb(__u32 i, void *data)
{
	struct mmsg_loop *l = data;

	syscap_sendmmsg_one(l->fd, l->uvec, i, l->compat);
	return 0;
}

static long mmsg_recv_cb(__u32 i, void *data)
{
	struct mmsg_loop *l = data;

	syscap_recvmmsg_one(l->fd, l->uvec, i, l->compat);
	return 0;
}

static __always_inline_ int fill_mmsg_loop(__u16 type, __u32 nparams, struct sc_regs *regs,
					   long ret, int recv)
{
	struct mmsg_loop l = {
		.fd = (__s32)sc_arg(regs, 0),
		.uvec = sc_arg(regs, 1),
		.compat = regs->compat,
	};
	__u32 n = ret < MMSG_MAX ? ret : MMSG_MAX;

	if (ret <= 0)
		return fill_mmsg_err(type, nparams, l.fd, ret, recv);
	if (recv)
		bpf_loop(n, mmsg_recv_cb, &l, 0);
	else
		bpf_loop(n, mmsg_send_cb, &l, 0);
	return 0;
}

/* The bpf_loop programs, in the three forms FILLER() makes. */
#define MMSG_LOOP_PROG(name, recv)                                                        \
	SYS_EXIT_PROG(fill_loop_##name, fill_mmsg_loop(SCAP_EVT_##name, SCAP_EVT_NPARAMS_##name, \
						       &r, ret, recv))

MMSG_LOOP_PROG(SOCKET_SENDMMSG_X, 0)
MMSG_LOOP_PROG(SOCKET_RECVMMSG_X, 1)

/* options whose value is an int, sent as SCAP_SOCKOPT_IDX_UINT32 (kernel numbers) */
static __always_inline_ int sockopt_is_u32(__s32 n)
{
	switch (n) {
	case 1: case 2: case 3: case 5: case 6: case 7: case 8: case 9: case 10: case 11:
	case 12: case 14: case 15: case 16: case 18: case 19: case 22: case 23: case 24:
	case 25: case 27: case 29: case 30: case 31: case 32: case 33: case 34: case 35:
	case 36: case 37: case 38: case 39: case 40: case 41: case 42: case 43: case 44:
	case 45: case 46: case 47: case 48: case 49: case 63: case 64: case 65:
		return 1;
	}
	return 0;
}

/* The PT_DYN value: (index, value) by option, raw bytes for options it does not know */
static __always_inline_ void push_sockopt_val(struct evt *e, int compat, __s32 level, __s32 name,
					      unsigned long uval, __u32 len)
{
	__u32 at = e->off;

	if (level == 1 && name == 4) { /* SO_ERROR: the error as -errno */
		__s32 v = 0;

		bpf_probe_read_user(&v, sizeof(v), (void *)uval);
		put_u8(e, at, SCAP_SOCKOPT_IDX_ERRNO);
		put_u64(e, at + 1, (__u64)(__s64)-v);
		evt_set_len(e, 9);
	} else if (level == 1 && (name == 20 || name == 21 || name == 66 || name == 67)) {
		struct {
			__s64 sec, usec;
		} tv = {};

		if (compat && (name == 20 || name == 21)) { /* old_timeval32 */
			__s32 tv32[2] = {};

			bpf_probe_read_user(tv32, sizeof(tv32), (void *)uval);
			tv.sec = tv32[0];
			tv.usec = tv32[1];
		} else {
			bpf_probe_read_user(&tv, sizeof(tv), (void *)uval);
		}
		put_u8(e, at, SCAP_SOCKOPT_IDX_TIMEVAL);
		put_u64(e, at + 1, tv.sec * 1000000000ull + tv.usec * 1000ull);
		evt_set_len(e, 9);
	} else if (level == 1 && name == 57) { /* SO_COOKIE */
		__u64 v = 0;

		bpf_probe_read_user(&v, sizeof(v), (void *)uval);
		put_u8(e, at, SCAP_SOCKOPT_IDX_UINT64);
		put_u64(e, at + 1, v);
		evt_set_len(e, 9);
	} else if (level == 1 && sockopt_is_u32(name)) {
		__u32 v = 0;

		bpf_probe_read_user(&v, sizeof(v), (void *)uval);
		put_u8(e, at, SCAP_SOCKOPT_IDX_UINT32);
		put_u32(e, at + 1, v);
		evt_set_len(e, 5);
	} else {
		__u32 n = 0;

		put_u8(e, at, SCAP_SOCKOPT_IDX_UNKNOWN);
		if (len > 4096)
			len = 4096;
		if (uval && len &&
		    !bpf_probe_read_user(&e->data[BOUND_16(at + 1)], BOUND_16(len), (void *)uval))
			n = len;
		evt_set_len(e, 1 + n);
	}
}

FILLER(SOCKET_SETSOCKOPT_X)
{
	__s32 level = sc_arg(regs, 1), name = sc_arg(regs, 2);
	__u16 len = sc_arg(regs, 4);
	struct evt e;

	if (evt_begin(&e, SCAP_EVT_SOCKET_SETSOCKOPT_X, SCAP_EVT_NPARAMS_SOCKET_SETSOCKOPT_X))
		return 0;
	push_s64(&e, ret);
	push_s64(&e, (__s32)sc_arg(regs, 0));
	push_u8(&e, level == 1 ? SCAP_SOCKOPT_LEVEL_SOL_SOCKET :
		    level == 6 ? SCAP_SOCKOPT_LEVEL_SOL_TCP : SCAP_SOCKOPT_LEVEL_UNKNOWN);
	push_u8(&e, scap_sockopt_name_from_linux(level, name));
	push_sockopt_val(&e, regs->compat, level, name, sc_arg(regs, 3), len);
	push_u32(&e, len);
	return evt_submit(&e);
}

FILLER(SOCKET_GETSOCKOPT_X)
{
	__s32 level = sc_arg(regs, 1), name = sc_arg(regs, 2), len = 0;
	struct evt e;

	if (evt_begin(&e, SCAP_EVT_SOCKET_GETSOCKOPT_X, SCAP_EVT_NPARAMS_SOCKET_GETSOCKOPT_X))
		return 0;
	bpf_probe_read_user(&len, sizeof(len), (void *)sc_arg(regs, 4));
	push_s64(&e, ret);
	push_s64(&e, (__s32)sc_arg(regs, 0));
	push_u8(&e, level == 1 ? SCAP_SOCKOPT_LEVEL_SOL_SOCKET :
		    level == 6 ? SCAP_SOCKOPT_LEVEL_SOL_TCP : SCAP_SOCKOPT_LEVEL_UNKNOWN);
	push_u8(&e, scap_sockopt_name_from_linux(level, name));
	push_sockopt_val(&e, regs->compat, level, name, sc_arg(regs, 3), len < 0 ? 0 : len);
	push_u32(&e, len);
	return evt_submit(&e);
}
