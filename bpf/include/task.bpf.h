/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * Reading kernel objects with CO-RE: the current task's fd table, files (dev/ino, path by a
 * dentry + mount walk, since bpf_d_path is not allowed in tracepoints), sockets and their tuples.
 * Everything goes through BPF_CORE_READ so the same code runs as tp_btf or raw_tracepoint.
 */
#ifndef SYSCAP_TASK_BPF_H
#define SYSCAP_TASK_BPF_H

#include "event.bpf.h"
#include "flags.bpf.h"

#define K_AF_UNIX 1
#define K_AF_INET 2
#define K_AF_INET6 10
#define K_S_IFSOCK 0140000
#define PATH_DEPTH_MAX 24

static __always_inline_ struct task_struct *cur_task(void)
{
	return (struct task_struct *)bpf_get_current_task();
}

static __always_inline_ struct file *fd_file(struct task_struct *t, long fd)
{
	struct fdtable *fdt;
	struct file **fds;
	struct file *f = NULL;
	unsigned int max;

	if (fd < 0)
		return NULL;
	fdt = BPF_CORE_READ(t, files, fdt);
	if (!fdt)
		return NULL;
	max = BPF_CORE_READ(fdt, max_fds);
	if (fd >= max)
		return NULL;
	fds = BPF_CORE_READ(fdt, fd);
	bpf_probe_read_kernel(&f, sizeof(f), &fds[fd]);
	return f;
}

/* The reference's device number encoding (old_encode_dev style with 20-bit minors). */
static __always_inline_ __u32 encode_dev(__u32 dev)
{
	__u32 major = dev >> 20, minor = dev & ((1u << 20) - 1);

	return (minor & 0xff) | (major << 8) | ((minor & ~0xffu) << 12);
}

static __always_inline_ void file_dev_ino(struct file *f, __u32 *dev, __u64 *ino)
{
	struct inode *i = BPF_CORE_READ(f, f_inode);

	*dev = encode_dev(BPF_CORE_READ(i, i_sb, s_dev));
	*ino = BPF_CORE_READ(i, i_ino);
}

static __always_inline_ __u32 file_created(struct file *f)
{
	return f && (BPF_CORE_READ(f, f_mode) & K_FMODE_CREATED) ? SCAP_O_F_CREATED : 0;
}

#define K_OVERLAYFS_SUPER_MAGIC 0x794c7630
enum overlay_layer { OVL_NONE, OVL_UPPER, OVL_LOWER };

/*
 * Which overlayfs layer the file of dentry d is in. overlayfs embeds the VFS inode in its own
 * inode, directly followed by the pointer to the upper dentry (NULL, or a negative dentry,
 * while the file exists only in a lower layer).
 */
static __always_inline_ enum overlay_layer dentry_overlay_layer(struct dentry *d)
{
	struct inode *ino;
	struct dentry *upper = NULL;
	__u64 isz = bpf_core_type_size(struct inode);

	if (!d || BPF_CORE_READ(d, d_sb, s_magic) != K_OVERLAYFS_SUPER_MAGIC)
		return OVL_NONE;
	ino = BPF_CORE_READ(d, d_inode);
	if (ino && isz)
		bpf_probe_read_kernel(&upper, sizeof(upper), (char *)ino + isz);
	return upper && BPF_CORE_READ(upper, d_inode, i_ino) ? OVL_UPPER : OVL_LOWER;
}

/* The open family's flag bits for the layer of f (SCAP_FD_UPPER_LAYER / SCAP_FD_LOWER_LAYER) */
static __always_inline_ __u32 file_layer_flags(struct file *f)
{
	switch (dentry_overlay_layer(f ? BPF_CORE_READ(f, f_path.dentry) : NULL)) {
	case OVL_UPPER:
		return SCAP_FD_UPPER_LAYER;
	case OVL_LOWER:
		return SCAP_FD_LOWER_LAYER;
	default:
		return 0;
	}
}

static __always_inline_ struct socket *file_socket(struct file *f)
{
	if (!f)
		return NULL;
	if ((BPF_CORE_READ(f, f_inode, i_mode) & K_S_IFMT) != K_S_IFSOCK)
		return NULL;
	return BPF_CORE_READ(f, private_data);
}

static __always_inline_ struct sock *fd_sock(long fd)
{
	struct socket *s = file_socket(fd_file(cur_task(), fd));

	return s ? BPF_CORE_READ(s, sk) : NULL;
}

/*
 * Path of a (dentry, vfsmount) pair: a global function (progs/path.bpf.c) so the verifier checks
 * its loop once instead of in every caller's state. Writes the NUL-terminated path at offset off
 * of the event's scratch area, that of CPU cpu, and returns its length, 0 on failure.
 * Global functions take scalars only: kernels before 5.12 refuse pointer arguments, so the
 * callee looks the scratch area up again itself.
 */
extern int syscap_path_walk(__u32 cpu, __u32 off, __u64 dentry, __u64 vfsmnt);

static __always_inline_ void push_path(struct evt *e, struct dentry *d, struct vfsmount *vmnt)
{
	int n = syscap_path_walk(e->cpu, e->off, (__u64)d, (__u64)vmnt);

	evt_set_len(e, n > 0 && n < 8192 ? n : 0);
}

/* Memory counters before 6.2 (atomic array) - a CO-RE flavour of the current percpu layout. */
struct mm_rss_stat___old {
	atomic_long_t count[4];
} __attribute__((preserve_access_index));
struct mm_struct___old {
	struct mm_rss_stat___old rss_stat;
} __attribute__((preserve_access_index));

static __always_inline_ __s64 mm_counter(struct mm_struct *mm, int i)
{
	__s64 v = 0;

	if (bpf_core_type_exists(struct mm_rss_stat___old) &&
	    bpf_core_field_exists(((struct mm_struct___old *)mm)->rss_stat.count)) {
		struct mm_struct___old *o = (void *)mm;

		v = BPF_CORE_READ(o, rss_stat.count[i & 3].counter);
	} else {
		v = BPF_CORE_READ(mm, rss_stat[i & 3].count);
	}
	return v < 0 ? 0 : v;
}

/* KiB, as the reference reports them */
static __always_inline_ __u32 vm_size_kb(struct mm_struct *mm)
{
	return mm ? BPF_CORE_READ(mm, total_vm) << 2 : 0;
}

static __always_inline_ __u32 vm_rss_kb(struct mm_struct *mm)
{
	/* MM_FILEPAGES 0, MM_ANONPAGES 1, MM_SHMEMPAGES 3 */
	return mm ? (mm_counter(mm, 0) + mm_counter(mm, 1) + mm_counter(mm, 3)) << 2 : 0;
}

static __always_inline_ __u32 vm_swap_kb(struct mm_struct *mm)
{
	return mm ? mm_counter(mm, 2) << 2 : 0; /* MM_SWAPENTS */
}

/* Capability sets: a u64 since 6.3, two u32 words before (same bytes, little endian). */
struct kernel_cap_struct___old {
	__u32 cap[2];
} __attribute__((preserve_access_index));
struct cred___old {
	struct kernel_cap_struct___old cap_inheritable;
	struct kernel_cap_struct___old cap_permitted;
	struct kernel_cap_struct___old cap_effective;
} __attribute__((preserve_access_index));

enum cap_set { CAP_SET_INHERITABLE, CAP_SET_PERMITTED, CAP_SET_EFFECTIVE };

static __always_inline_ __u64 cred_caps(const struct cred *c, enum cap_set which)
{
	struct cred___old *o = (void *)c;
	__u64 v = 0;

	if (bpf_core_field_exists(c->cap_effective.val)) {
		if (which == CAP_SET_INHERITABLE)
			return BPF_CORE_READ(c, cap_inheritable.val);
		if (which == CAP_SET_PERMITTED)
			return BPF_CORE_READ(c, cap_permitted.val);
		return BPF_CORE_READ(c, cap_effective.val);
	}
	if (which == CAP_SET_INHERITABLE)
		bpf_core_read(&v, sizeof(v), &o->cap_inheritable);
	else if (which == CAP_SET_PERMITTED)
		bpf_core_read(&v, sizeof(v), &o->cap_permitted);
	else
		bpf_core_read(&v, sizeof(v), &o->cap_effective);
	return v;
}

/* The clone/exec `cgroups` parameter (progs/cgroups.bpf.c; scalar arguments as above). */
extern int syscap_cgroups(__u32 cpu, __u32 off, __u64 task);

static __always_inline_ void push_cgroups(struct evt *e, struct task_struct *t)
{
	int n = syscap_cgroups(e->cpu, e->off, (__u64)t);

	evt_set_len(e, n > 0 && n < 8192 ? n : 0);
}

static __always_inline_ void push_file_path(struct evt *e, struct file *f)
{
	if (!f) {
		push_empty(e);
		return;
	}
	push_path(e, BPF_CORE_READ(f, f_path.dentry), BPF_CORE_READ(f, f_path.mnt));
}

static __always_inline_ __u16 ntohs16(__u16 v)
{
	return __builtin_bswap16(v);
}

/* PT_SOCKADDR from a user sockaddr (bind, connect). */
static __always_inline_ void push_sockaddr_user(struct evt *e, unsigned long uaddr, __u32 alen)
{
	__u32 at = e->off;
	__u16 fam = 0;

	if (!uaddr || alen < 2 || bpf_probe_read_user(&fam, 2, (void *)uaddr)) {
		push_empty(e);
		return;
	}
	if (fam == K_AF_INET) {
		struct sockaddr_in sin = {};

		bpf_probe_read_user(&sin, sizeof(sin), (void *)uaddr);
		put_u8(e, at, SCAP_AF_INET);
		put_u32(e, at + 1, sin.sin_addr.s_addr);
		put_u16(e, at + 5, ntohs16(sin.sin_port));
		evt_set_len(e, 7);
	} else if (fam == K_AF_INET6) {
		struct sockaddr_in6 sin6 = {};

		bpf_probe_read_user(&sin6, sizeof(sin6), (void *)uaddr);
		put_u8(e, at, SCAP_AF_INET6);
		bpf_probe_read_kernel(&e->data[BOUND_16((at + 1))], 16, &sin6.sin6_addr);
		put_u16(e, at + 17, ntohs16(sin6.sin6_port));
		evt_set_len(e, 19);
	} else if (fam == K_AF_UNIX) {
		char first = 0;
		unsigned long p = uaddr + 2;
		long w;

		bpf_probe_read_user(&first, 1, (void *)p);
		if (first == 0)
			p++; /* abstract socket: skip the leading NUL */
		put_u8(e, at, SCAP_AF_UNIX);
		w = bpf_probe_read_user_str(&e->data[BOUND_16((at + 1))], 108, (void *)p);
		evt_set_len(e, 1 + (w > 0 ? w : 0));
	} else {
		push_empty(e);
	}
}

/*
 * PT_SOCKTUPLE from the kernel socket of fd. outbound: local is the source (connect, send);
 * inbound: the peer is the source (accept, recv). uaddr is the caller's sockaddr, used when the
 * socket has no peer address (unconnected UDP, unix datagram).
 */
static __always_inline_ void push_socktuple(struct evt *e, long fd, int outbound,
					    unsigned long uaddr)
{
	struct sock *sk = fd_sock(fd);
	__u32 at = e->off;
	__u16 fam;

	if (!sk) {
		push_empty(e);
		return;
	}
	fam = BPF_CORE_READ(sk, __sk_common.skc_family);
	if (fam == K_AF_INET) {
		struct inet_sock *inet = (struct inet_sock *)sk;
		__u32 lip = BPF_CORE_READ(inet, inet_saddr);
		__u16 lport = BPF_CORE_READ(inet, inet_sport);
		__u32 rip = BPF_CORE_READ(sk, __sk_common.skc_daddr);
		__u16 rport = BPF_CORE_READ(sk, __sk_common.skc_dport);

		if (rport == 0 && uaddr) {
			struct sockaddr_in sin = {};

			bpf_probe_read_user(&sin, sizeof(sin), (void *)uaddr);
			rip = sin.sin_addr.s_addr;
			rport = sin.sin_port;
		}
		put_u8(e, at, SCAP_AF_INET);
		put_u32(e, at + 1, outbound ? lip : rip);
		put_u16(e, at + 5, ntohs16(outbound ? lport : rport));
		put_u32(e, at + 7, outbound ? rip : lip);
		put_u16(e, at + 11, ntohs16(outbound ? rport : lport));
		evt_set_len(e, 13);
	} else if (fam == K_AF_INET6) {
		struct inet_sock *inet = (struct inet_sock *)sk;
		struct in6_addr lip = BPF_CORE_READ(inet, pinet6, saddr);
		struct in6_addr rip = BPF_CORE_READ(sk, __sk_common.skc_v6_daddr);
		__u16 lport = BPF_CORE_READ(inet, inet_sport);
		__u16 rport = BPF_CORE_READ(sk, __sk_common.skc_dport);

		if (rport == 0 && uaddr) {
			struct sockaddr_in6 sin6 = {};

			bpf_probe_read_user(&sin6, sizeof(sin6), (void *)uaddr);
			rip = sin6.sin6_addr;
			rport = sin6.sin6_port;
		}
		put_u8(e, at, SCAP_AF_INET6);
		bpf_probe_read_kernel(&e->data[BOUND_16((at + 1))], 16, outbound ? &lip : &rip);
		put_u16(e, at + 17, ntohs16(outbound ? lport : rport));
		bpf_probe_read_kernel(&e->data[BOUND_16((at + 19))], 16, outbound ? &rip : &lip);
		put_u16(e, at + 35, ntohs16(outbound ? rport : lport));
		evt_set_len(e, 37);
	} else if (fam == K_AF_UNIX) {
		struct unix_sock *us = (struct unix_sock *)sk;
		struct unix_sock *peer = (struct unix_sock *)BPF_CORE_READ(us, peer);
		const char *path = NULL;
		char first = 0;
		long w = 0;

		put_u8(e, at, SCAP_AF_UNIX);
		put_u64(e, at + 1, outbound ? (__u64)peer : (__u64)us);
		put_u64(e, at + 9, outbound ? (__u64)us : (__u64)peer);
		if (outbound && !peer && uaddr) {
			bpf_probe_read_user(&first, 1, (void *)(uaddr + 2));
			w = bpf_probe_read_user_str(&e->data[BOUND_16((at + 17))], 108,
						    (void *)(uaddr + 2 + (first == 0)));
		} else {
			struct unix_address *ua = BPF_CORE_READ(outbound ? peer : us, addr);

			if (ua) {
				/* the name's bytes: an abstract one (leading NUL, skipped) has
				 * no terminating NUL, so the read stops at the address length */
				int len = BPF_CORE_READ(ua, len);
				__u64 n = len > 2 ? len - 2 : 0;

				path = (const char *)ua + bpf_core_field_offset(struct unix_address, name) +
				       2;
				bpf_probe_read_kernel(&first, 1, path);
				if (first == 0 && n) {
					path++;
					n--;
				}
				if (n > 107)
					n = 107;
				n++; /* the room for the NUL */
				asm volatile("%[n] &= 0x7f" : [n] "+r"(n)); /* a bound the verifier keeps */
				w = bpf_probe_read_kernel_str(&e->data[BOUND_16((at + 17))], n, path);
			}
		}
		if (w <= 0) /* no name: an empty string, as the reference */
			put_u8(e, at + 17, 0);
		evt_set_len(e, 17 + (w > 0 ? w : 1));
	} else {
		push_empty(e);
	}
}

/* Data sizes dynamic snaplen gives to protocols worth reading (the module's values). */
#define SNAPLEN_FULLCAP 16000
#define SNAPLEN_DNS 512
#define SNAPLEN_PROTO 2000
#define C4(a, b, c, d) ((__u32)(a) | (__u32)(b) << 8 | (__u32)(c) << 16 | (__u32)(d) << 24)

static __always_inline_ int port_in(__u16 p, __u16 lo, __u16 hi)
{
	return lo && p >= lo && p <= hi;
}

/*
 * The protocol-aware snaplen of an IP socket, 0 when fd is none or nothing matches: the
 * full-capture port range, DNS, statsd, and payloads whose first 16 bytes look like HTTP, MySQL,
 * Postgres or MongoDB (len = bytes at ubuf).
 */
static __always_inline_ __u32 dynamic_snaplen(struct syscap_bpf_settings *s, long fd,
					      unsigned long ubuf, long len)
{
	struct sock *sk = fd >= 0 ? fd_sock(fd) : NULL;
	__u32 w0, w1;
	__u16 fam, lp, rp;
	__u8 h[16];

	if (!sk)
		return 0;
	fam = BPF_CORE_READ(sk, __sk_common.skc_family);
	if (fam != K_AF_INET && fam != K_AF_INET6)
		return 0;
	lp = BPF_CORE_READ(sk, __sk_common.skc_num);
	rp = ntohs16(BPF_CORE_READ(sk, __sk_common.skc_dport));
	if (port_in(lp, s->fullcap_start, s->fullcap_end) ||
	    port_in(rp, s->fullcap_start, s->fullcap_end))
		return SNAPLEN_FULLCAP;
	if (lp == 53 || rp == 53)
		return SNAPLEN_DNS;
	if (s->statsd_port && (lp == s->statsd_port || rp == s->statsd_port))
		return SNAPLEN_PROTO;
	if (len < (long)sizeof(h) || bpf_probe_read_user(h, sizeof(h), (void *)ubuf))
		return 0;
	w0 = *(__u32 *)&h[0];
	w1 = *(__u32 *)&h[4];
	if (w0 == C4('G', 'E', 'T', ' ') || w0 == C4('P', 'O', 'S', 'T') ||
	    w0 == C4('P', 'U', 'T', ' ') ||
	    (w0 == C4('D', 'E', 'L', 'E') && (w1 & 0xffffff) == C4('T', 'E', ' ', 0)) ||
	    (w0 == C4('H', 'T', 'T', 'P') && h[4] == '/') ||
	    (w0 == C4('H', 'E', 'A', 'D') && h[4] == ' ') ||
	    (w0 == C4('P', 'A', 'T', 'C') && (w1 & 0xffff) == C4('H', ' ', 0, 0)) ||
	    (w0 == C4('O', 'P', 'T', 'I') && w1 == C4('O', 'N', 'S', ' ')) ||
	    /* MySQL: 3-byte length, sequence 0, a protocol 10 greeting or a query command */
	    (h[3] == 0 && (h[4] == 10 || h[4] == 3)) ||
	    /* Postgres: startup message (protocol 3.0) or a simple query */
	    (h[4] == 0 && h[5] == 3 && h[6] == 0) || h[0] == 'Q' ||
	    /* MongoDB: OP_QUERY (2004) or OP_MSG (2013) opcode at byte 12 */
	    ((h[12] == 0xd4 || h[12] == 0xdd) && h[13] == 0x07))
		return SNAPLEN_PROTO;
	return 0;
}

/*
 * Bytes of I/O data to copy from ubuf of fd: the configured snaplen, widened by dynamic snaplen
 * when it is on (peek = bytes readable at ubuf), never more than avail (what the call moved)
 * when avail >= 0.
 */
static __always_inline_ __u32 io_snaplen_peek(struct evt *e, long fd, unsigned long ubuf, long peek,
					      long avail)
{
	struct syscap_bpf_settings *s = e->settings; /* looked up by evt_begin() */
	__u32 n = s ? s->snaplen : SYSCAP_BPF_SNAPLEN_DEFAULT;

	if (s && s->dynamic_snaplen) {
		__u32 d = dynamic_snaplen(s, fd, ubuf, peek);

		if (d > n)
			n = d;
	}
	if (n > SYSCAP_BPF_SNAPLEN_MAX)
		n = SYSCAP_BPF_SNAPLEN_MAX;
	if (avail >= 0 && n > avail)
		n = avail;
	return n;
}

/* A plain buffer: the protocol look sees what the call moved. */
static __always_inline_ __u32 io_snaplen(struct evt *e, long fd, unsigned long ubuf, long avail)
{
	return io_snaplen_peek(e, fd, ubuf, avail, avail);
}

/* An iovec array: the protocol look goes to the first buffer. */
static __always_inline_ __u32 iov_snaplen(struct evt *e, int compat, long fd, unsigned long uiov,
					  unsigned long cnt, long avail)
{
	unsigned long base = 0, len = 0;

	if (cnt && uiov)
		read_iovec(compat, uiov, 0, &base, &len);
	return io_snaplen_peek(e, fd, base, (long)len, avail);
}

#endif /* SYSCAP_TASK_BPF_H */
