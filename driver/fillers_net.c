// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * Socket parameters: PT_SOCKADDR from a user sockaddr, PT_SOCKTUPLE from the kernel socket.
 * Encodings: family byte (SCAP_AF_*), addresses in network order, ports in host order.
 * The socket fields are read directly: getname() may take the socket lock, which sleeps.
 */
#include <linux/net.h>
#include <linux/file.h>
#include <linux/in.h>
#include <linux/in6.h>
#include <linux/un.h>
#include <linux/uaccess.h>
#include <net/sock.h>
#include <net/inet_sock.h>
#include <net/af_unix.h>
#include <net/ipv6.h>
#include <linux/uio.h>
#include <linux/socket.h>
#include <linux/compat.h>

#include "syscap.h"
#include <syscap/flags_conv.h>

static void *sc_put_le16(char *p, u16 v)
{
	memcpy(p, &v, 2);
	return p + 2;
}

void sc_fill_sockaddr(struct sc_buf *b, unsigned long uaddr, long addrlen)
{
	struct sockaddr_storage ss;
	char *out = b->ring->scratch, *p = out;
	u32 n;

	if (!uaddr || addrlen <= 0 || addrlen > sizeof(ss) ||
	    copy_from_user_nofault(&ss, (void __user *)uaddr, addrlen)) {
		sc_buf_empty(b);
		return;
	}
	memset((char *)&ss + addrlen, 0, sizeof(ss) - addrlen);
	switch (ss.ss_family) {
	case AF_INET: {
		struct sockaddr_in *in = (void *)&ss;

		*p++ = SCAP_AF_INET;
		memcpy(p, &in->sin_addr.s_addr, 4);
		p = sc_put_le16(p + 4, ntohs(in->sin_port));
		break;
	}
	case AF_INET6: {
		struct sockaddr_in6 *in6 = (void *)&ss;

		*p++ = SCAP_AF_INET6;
		memcpy(p, &in6->sin6_addr, 16);
		p = sc_put_le16(p + 16, ntohs(in6->sin6_port));
		break;
	}
	case AF_UNIX: {
		struct sockaddr_un *un = (void *)&ss;
		long max = addrlen - offsetof(struct sockaddr_un, sun_path);
		const char *name = un->sun_path;

		if (max > 0 && !name[0]) { /* abstract: the name after its leading NUL */
			name++;
			max--;
		}
		*p++ = SCAP_AF_UNIX;
		n = max > 0 ? strnlen(name, min_t(long, max, UNIX_PATH_MAX)) : 0;
		memcpy(p, name, n);
		p[n] = '\0';
		p += n + 1;
		break;
	}
	default:
		*p++ = ss.ss_family < 256 ? ss.ss_family : 0;
	}
	sc_buf_bytes(b, out, p - out);
}

static char *sc_unix_path(struct sock *sk, char *p)
{
	struct unix_address *addr = sk ? READ_ONCE(unix_sk(sk)->addr) : NULL;
	u32 n = 0;

	if (addr && addr->len > offsetof(struct sockaddr_un, sun_path)) {
		const char *name = addr->name->sun_path;

		n = addr->len - offsetof(struct sockaddr_un, sun_path);
		if (!name[0]) { /* abstract: the name after its leading NUL, as the reference */
			name++;
			n--;
		}
		n = strnlen(name, min_t(u32, n, UNIX_PATH_MAX));
		memcpy(p, name, n);
	}
	p[n] = '\0';
	return p + n + 1;
}

/* The tuple of socket fd: local->remote, or remote->local for an inbound (accepted) one. */
void sc_fill_socktuple(struct sc_buf *b, long fd, bool inbound)
{
	char *out = b->ring->scratch, *p = out;
	struct socket *sock;
	struct file *f;
	struct sock *sk;

	f = fd >= 0 ? fget_raw(fd) : NULL;
	sock = f ? sock_from_file(f) : NULL;
	sk = sock ? sock->sk : NULL;
	if (!sk) {
		if (f)
			fput(f);
		sc_buf_empty(b);
		return;
	}
	switch (sk->sk_family) {
	case AF_INET: {
		struct inet_sock *inet = inet_sk(sk);
		__be32 la = inet->inet_rcv_saddr ? inet->inet_rcv_saddr : inet->inet_saddr;
		__be32 ra = inet->inet_daddr;
		u16 lp = ntohs(inet->inet_sport), rp = ntohs(inet->inet_dport);

		*p++ = SCAP_AF_INET;
		memcpy(p, inbound ? &ra : &la, 4);
		p = sc_put_le16(p + 4, inbound ? rp : lp);
		memcpy(p, inbound ? &la : &ra, 4);
		p = sc_put_le16(p + 4, inbound ? lp : rp);
		break;
	}
#if IS_ENABLED(CONFIG_IPV6)
	case AF_INET6: {
		struct inet_sock *inet = inet_sk(sk);
		u16 lp = ntohs(inet->inet_sport), rp = ntohs(inet->inet_dport);
		const struct in6_addr *la = &sk->sk_v6_rcv_saddr, *ra = &sk->sk_v6_daddr;

		*p++ = SCAP_AF_INET6;
		memcpy(p, inbound ? ra : la, 16);
		p = sc_put_le16(p + 16, inbound ? rp : lp);
		memcpy(p, inbound ? la : ra, 16);
		p = sc_put_le16(p + 16, inbound ? lp : rp);
		break;
	}
#endif
	case AF_UNIX: {
		struct sock *peer = READ_ONCE(unix_sk(sk)->peer);
		u64 us = (unsigned long)sk, them = (unsigned long)peer;

		/* as the reference and the probe: inbound is us -> peer with our name, outbound
		 * peer -> us with the peer's name */
		*p++ = SCAP_AF_UNIX;
		memcpy(p, inbound ? &us : &them, 8);
		memcpy(p + 8, inbound ? &them : &us, 8);
		p += 16;
		p = sc_unix_path(inbound ? sk : peer, p);
		break;
	}
	default:
		*p++ = 0;
	}
	fput(f);
	sc_buf_bytes(b, out, p - out);
}

void sc_fill_accept(struct sc_buf *b, struct sc_ctx *ctx)
{
	struct socket *sock;
	struct file *f;
	u32 qlen = 0, qmax = 0;
	u8 pct = 0;

	sc_buf_int(b, ctx->ret);
	if (ctx->ret >= 0)
		sc_fill_socktuple(b, ctx->ret, true);
	else
		sc_buf_empty(b);
	/* backlog of the listening socket, only when a connection was accepted (0 otherwise) */
	f = ctx->ret >= 0 ? fget_raw((int)ctx->args[0]) : NULL;
	sock = f ? sock_from_file(f) : NULL;
	if (sock && sock->sk) {
		qlen = READ_ONCE(sock->sk->sk_ack_backlog);
		qmax = READ_ONCE(sock->sk->sk_max_ack_backlog);
		if (qmax)
			pct = (u8)(qlen * 100 / qmax);
	}
	if (f)
		fput(f);
	sc_buf_int(b, pct);
	sc_buf_int(b, qlen);
	sc_buf_int(b, qmax);
	if (ctx->type == SCAP_EVT_SOCKET_ACCEPT4_6_X)
		sc_buf_int(b, sc_fd_flags(ctx->args[3])); /* SOCK_* equal O_* here */
}

/* Local and remote port of socket fd (host order); false when it is not an inet socket. */
static bool sc_sock_ports(long fd, u16 *lport, u16 *rport)
{
	struct socket *sock;
	struct file *f;
	bool ok = false;

	f = fd >= 0 ? fget_raw(fd) : NULL;
	sock = f ? sock_from_file(f) : NULL;
	if (sock && sock->sk &&
	    (sock->sk->sk_family == AF_INET || sock->sk->sk_family == AF_INET6)) {
		*lport = ntohs(inet_sk(sock->sk)->inet_sport);
		*rport = ntohs(inet_sk(sock->sk)->inet_dport);
		ok = true;
	}
	if (f)
		fput(f);
	return ok;
}

static bool sc_port_in(u16 p, u16 lo, u16 hi)
{
	return lo && p >= lo && p <= hi;
}

/*
 * The I/O snaplen of this event. With dynamic snaplen on, sockets that carry protocols worth
 * reading get more: the full-capture port range, DNS, statsd, and payloads that look like HTTP,
 * MySQL, Postgres or MongoDB (a 16-byte look at the buffer).
 */
u32 sc_io_snaplen(struct sc_buf *b, long fd, unsigned long ubuf, long len)
{
	struct sc_consumer *c = b->c;
	u16 lp, rp;
	u8 head[16];

	if (!c->dynamic_snaplen || !sc_sock_ports(fd, &lp, &rp))
		return c->snaplen;
	if (sc_port_in(lp, c->fullcap_start, c->fullcap_end) ||
	    sc_port_in(rp, c->fullcap_start, c->fullcap_end))
		return max_t(u32, c->snaplen, 16000);
	if (lp == 53 || rp == 53)
		return max_t(u32, c->snaplen, 512);
	if (lp == c->statsd_port || rp == c->statsd_port)
		return max_t(u32, c->snaplen, 2000);
	if (len < (long)sizeof(head) || copy_from_user_nofault(head, (void __user *)ubuf,
							       sizeof(head)))
		return c->snaplen;
	if (!memcmp(head, "GET ", 4) || !memcmp(head, "POST", 4) || !memcmp(head, "PUT ", 4) ||
	    !memcmp(head, "DELETE ", 7) || !memcmp(head, "HTTP/", 5) || !memcmp(head, "HEAD ", 5) ||
	    !memcmp(head, "PATCH ", 6) || !memcmp(head, "OPTIONS ", 8) ||
	    /* MySQL: 3-byte length, sequence 0, protocol 10 greeting or a command byte */
	    (head[3] == 0 && (head[4] == 10 || head[4] == 3)) ||
	    /* Postgres startup (length, protocol 3.0) or a simple query */
	    (head[4] == 0 && head[5] == 3 && head[6] == 0) || head[0] == 'Q' ||
	    /* MongoDB: opcode OP_QUERY (2004) or OP_MSG (2013) at byte 12 */
	    ((head[12] == 0xd4 || head[12] == 0xdd) && head[13] == 0x07))
		return max_t(u32, c->snaplen, 2000);
	return c->snaplen;
}

/* setsockopt/getsockopt: res, fd, level, optname, val (PT_DYN), optlen */
void sc_fill_sockopt(struct sc_buf *b, struct sc_ctx *ctx, bool get)
{
	unsigned long *a = ctx->args;
	int level = (int)a[1], name = (int)a[2];
	u8 sname = scap_sockopt_name_from_linux(level, name);
	u32 optlen = (u32)a[4];
	char *out = b->ring->scratch;
	u32 n = 0;

	if (get && (!a[4] || copy_from_user_nofault(&optlen, (void __user *)a[4], 4)))
		optlen = 0;
	sc_buf_int(b, ctx->ret);
	sc_buf_int(b, (s64)(int)a[0]);
	sc_buf_int(b, level == SOL_SOCKET ? SCAP_SOCKOPT_LEVEL_SOL_SOCKET :
		      level == IPPROTO_TCP ? SCAP_SOCKOPT_LEVEL_SOL_TCP : SCAP_SOCKOPT_LEVEL_UNKNOWN);
	sc_buf_int(b, sname);
	if (ctx->ret < 0 || !a[3]) {
		sc_buf_empty(b);
	} else if (sname == SCAP_SOCKOPT_SO_ERROR && optlen >= 4) {
		s32 v;
		s64 e;

		if (copy_from_user_nofault(&v, (void __user *)a[3], 4))
			v = 0;
		e = -(s64)v;
		out[0] = SCAP_SOCKOPT_IDX_ERRNO;
		memcpy(out + 1, &e, 8);
		n = 9;
	} else if ((sname == SCAP_SOCKOPT_SO_RCVTIMEO || sname == SCAP_SOCKOPT_SO_SNDTIMEO) &&
		   (optlen >= 16 || (optlen == 8 && in_compat_syscall()))) {
		struct {
			s64 sec, usec;
		} tv;
		s32 tv32[2]; /* ia32 tasks: the 32-bit timeval */
		u64 ns;

		if (optlen == 8 && !copy_from_user_nofault(tv32, (void __user *)a[3], 8)) {
			tv.sec = tv32[0];
			tv.usec = tv32[1];
		} else if (optlen == 8 ||
			   copy_from_user_nofault(&tv, (void __user *)a[3], sizeof(tv))) {
			memset(&tv, 0, sizeof(tv));
		}
		ns = tv.sec * NSEC_PER_SEC + tv.usec * NSEC_PER_USEC;
		out[0] = SCAP_SOCKOPT_IDX_TIMEVAL;
		memcpy(out + 1, &ns, 8);
		n = 9;
	} else if (optlen == 4 || optlen == 8) {
		u64 v = 0;

		if (copy_from_user_nofault(&v, (void __user *)a[3], optlen))
			v = 0;
		out[0] = optlen == 4 ? SCAP_SOCKOPT_IDX_UINT32 : SCAP_SOCKOPT_IDX_UINT64;
		memcpy(out + 1, &v, optlen);
		n = 1 + optlen;
	} else {
		u32 len = min_t(u32, optlen, 256);

		out[0] = SCAP_SOCKOPT_IDX_UNKNOWN;
		if (copy_from_user_nofault(out + 1, (void __user *)a[3], len))
			len = 0;
		n = 1 + len;
	}
	if (n)
		sc_buf_bytes(b, out, n);
	sc_buf_int(b, optlen);
}

#define SC_MMSG_IOV_MAX 32 /* iovecs read per message, as the probe */

/*
 * sendmmsg/recvmmsg: one event per transferred message (ctx->msg says which), as the reference
 * and the probe: res is the message's msg_len, data what it carried, and recvmmsg adds its
 * msg_control. A failed call gives one event with res = ret and nothing else.
 */
void sc_fill_mmsg(struct sc_buf *b, struct sc_ctx *ctx, bool recv)
{
	unsigned long *a = ctx->args;
	unsigned long uiov;
	struct mmsghdr mm;
	struct iovec iov;
	u64 size = 0;
	u32 i, want;

	if (ctx->ret <= 0) {
		sc_buf_int(b, ctx->ret);
		sc_buf_int(b, (s64)(int)a[0]);
		sc_buf_int(b, 0);
		return; /* data, tuple, msg_control: empty */
	}
	if (sc_user_mmsghdr(a[1], ctx->msg, &mm))
		memset(&mm, 0, sizeof(mm));
	uiov = (unsigned long)mm.msg_hdr.msg_iov;
	sc_buf_int(b, mm.msg_len);
	sc_buf_int(b, (s64)(int)a[0]);
	for (i = 0; i < mm.msg_hdr.msg_iovlen && i < SC_MMSG_IOV_MAX; i++) {
		if (sc_user_iovec(uiov, i, &iov))
			break;
		size += iov.iov_len;
	}
	/* sent: what the iovecs held; received: what arrived */
	sc_buf_int(b, recv ? mm.msg_len : size);
	/* dynamic snaplen looks at the first buffer, as for sendmsg/recvmsg */
	if (mm.msg_hdr.msg_iovlen && !sc_user_iovec(uiov, 0, &iov))
		want = min_t(u64, mm.msg_len, sc_io_snaplen(b, (int)a[0],
							   (unsigned long)iov.iov_base,
							   iov.iov_len));
	else
		want = 0;
	sc_buf_uiovec(b, uiov, min_t(unsigned long, mm.msg_hdr.msg_iovlen, SC_MMSG_IOV_MAX), want);
	sc_fill_socktuple(b, (int)a[0], recv);
	if (!recv)
		return;
	if (mm.msg_hdr.msg_control && mm.msg_hdr.msg_controllen > 0 &&
	    mm.msg_hdr.msg_controllen <= 0xffff)
		sc_buf_ubuf(b, (unsigned long)mm.msg_hdr.msg_control, mm.msg_hdr.msg_controllen);
	else
		sc_buf_empty(b);
}
