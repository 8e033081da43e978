/* SPDX-License-Identifier: Apache-2.0 */
/* State updates from events. Parameters are read by name through evt_get*, which merges the
 * enter event of old captures, so one parser serves every version of an event. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <scap/scap_event.h>

#include "sinsp_int.h"

#define LINUX_SOCK_STREAM 1
#define LINUX_SOCK_DGRAM 2
#define LINUX_SOCK_RAW 3
#define LINUX_SOCK_TYPE_MASK 0xf
#define LINUX_IPPROTO_ICMP 1
#define LINUX_IPPROTO_TCP 6
#define LINUX_IPPROTO_UDP 17

static struct sinsp_thread *thread_of(struct sinsp *h, struct sinsp_evt *e)
{
	if (!e->th)
		e->th = sinsp_thread_new(h, (int64_t)e->hdr->tid);
	if (e->th && !e->th->fdt) {
		struct sinsp_thread *m = sinsp_thread_main(h, e->th);

		if (m != e->th && m->fdt) {
			e->th->fdt = m->fdt;
			m->fdt->refs++;
		} else {
			e->th->fdt = fdt_new();
		}
	}
	return e->th;
}

/* Result of a call that returns a descriptor: "fd" where the schema names it so, else "res". */
static int64_t result_fd(const struct sinsp_evt *e)
{
	int64_t v;

	if (sinsp_param_idx(&e->d, "fd") == 0 && !evt_get_fd(e, &v))
		return v;
	if (!evt_get_res(e, &v))
		return v;
	return -1;
}

/* Join base and rel, then fold "." and ".." components and repeated slashes. */
static void path_join(const char *base, const char *rel, char *out, size_t outlen)
{
	char tmp[PATH_MAX * 2];
	size_t n = 0, i;
	const char *s;

	if (rel[0] == '/' || !base) {
		n = strlen(rel);
		if (n >= sizeof(tmp))
			n = sizeof(tmp) - 1;
		memcpy(tmp, rel, n);
		tmp[n] = 0;
	} else {
		size_t bl = strlen(base), rl = strlen(rel);

		if (bl + rl + 2 > sizeof(tmp))
			rl = bl + 2 < sizeof(tmp) ? sizeof(tmp) - bl - 2 : 0;
		if (bl + 2 > sizeof(tmp))
			bl = sizeof(tmp) - 2;
		memcpy(tmp, base, bl);
		if (!bl || base[bl - 1] != '/')
			tmp[bl++] = '/';
		memcpy(tmp + bl, rel, rl);
		tmp[bl + rl] = 0;
	}
	n = 0;
	if (tmp[0] != '/') {
		snprintf(out, outlen, "%s", tmp);
		return;
	}
	out[n++] = '/';
	for (s = tmp; *s;) {
		const char *c;
		size_t l;

		while (*s == '/')
			s++;
		c = s;
		while (*s && *s != '/')
			s++;
		l = (size_t)(s - c);
		if (l == 0 || (l == 1 && c[0] == '.'))
			continue;
		if (l == 2 && c[0] == '.' && c[1] == '.') {
			if (n > 1) {
				n--;
				while (n > 1 && out[n - 1] != '/')
					n--;
			}
			continue;
		}
		if (n + l + 2 >= outlen)
			break;
		if (out[n - 1] != '/')
			out[n++] = '/';
		for (i = 0; i < l; i++)
			out[n++] = c[i];
	}
	out[n] = 0;
}

/* Resolve a path argument: absolute as is, otherwise against dirfd's path or the cwd. */
static void resolve(struct sinsp *h, struct sinsp_evt *e, const char *name, char *out, size_t len)
{
	const char *base = sinsp_thread_cwd(h, e->th);
	int64_t dirfd;

	if (name[0] != '/' && !evt_get_int(e, "dirfd", &dirfd) && dirfd != SCAP_AT_FDCWD) {
		struct sinsp_fd *d = fdt_get(e->th ? e->th->fdt : NULL, dirfd);

		base = d && d->name ? d->name : NULL;
		if (!base) {
			snprintf(out, len, "<NA>/%s", name);
			return;
		}
	}
	path_join(base, name, out, len);
}

static struct sinsp_fd *new_fd(struct sinsp *h, struct sinsp_evt *e, int64_t fd, uint8_t type)
{
	struct sinsp_thread *t = thread_of(h, e);
	struct sinsp_fd *f;

	if (!t || fd < 0)
		return NULL;
	f = fdt_add(t->fdt, fd);
	if (f) {
		f->type = type;
		e->fd = f;
		e->fdnum = fd;
	}
	return f;
}

static void parse_open(struct sinsp *h, struct sinsp_evt *e)
{
	char path[PATH_MAX * 2];
	int64_t fd = result_fd(e), flags = 0, v;
	const char *name;
	struct sinsp_fd *f;

	name = evt_get_str(e, "name");
	if (!name)
		name = evt_get_str(e, "path");
	if (!name)
		name = "";
	evt_get_int(e, "flags", &flags);
	thread_of(h, e);
	resolve(h, e, name, path, sizeof(path));
	if (fd < 0) {
		/* as Falco: a failed open still names its file (fd.name, fd.directory,
		 * fd.typechar); kept beside the event (descriptor -1, not e->fd), released at the
		 * next event */
		if (name[0] && !e->closed && (e->closed = calloc(1, sizeof(*e->closed)))) {
			e->closed->fd = -1;
			e->closed->type =
				(flags & SCAP_O_DIRECTORY) ? SCAP_FD_DIRECTORY : SCAP_FD_FILE_V2;
			e->closed->name = strdup(path);
		}
		return;
	}
	f = new_fd(h, e, fd, (flags & SCAP_O_DIRECTORY) ? SCAP_FD_DIRECTORY : SCAP_FD_FILE_V2);
	if (!f)
		return;
	f->openflags = (uint32_t)flags;
	if (!evt_get_int(e, "dev", &v))
		f->dev = (uint32_t)v;
	if (!evt_get_int(e, "ino", &v))
		f->ino = (uint64_t)v;
	f->name = strdup(path);
}

static void parse_close(struct sinsp *h, struct sinsp_evt *e)
{
	int64_t res = 0;

	evt_get_res(e, &res);
	if (res < 0 || !e->th || e->fdnum < 0)
		return;
	e->closed = fdt_take(e->th->fdt, e->fdnum);
	e->fd = e->closed;
}

/* Decode a socktuple/sockaddr family byte and addresses into f. Returns 0 when understood. */
static void v4mapped_fold(struct sinsp_fd *f)
{
	static const uint8_t pfx[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff };

	if (f->family == 6 && !memcmp(f->sip, pfx, 12) && !memcmp(f->dip, pfx, 12)) {
		memmove(f->sip, f->sip + 12, 4);
		memset(f->sip + 4, 0, 12);
		memmove(f->dip, f->dip + 12, 4);
		memset(f->dip + 4, 0, 12);
		f->family = 4;
		f->type = SCAP_FD_IPV4_SOCK;
	}
}

static int set_tuple(struct sinsp_fd *f, const uint8_t *v, uint32_t len)
{
	if (len < 1)
		return -EINVAL;
	switch (v[0]) {
	case SCAP_AF_INET:
		if (len < 13)
			return -EINVAL;
		f->family = 4;
		if (f->type != SCAP_FD_IPV4_SERVSOCK)
			f->type = SCAP_FD_IPV4_SOCK;
		memset(f->sip, 0, 16);
		memset(f->dip, 0, 16);
		memcpy(f->sip, v + 1, 4);
		memcpy(&f->sport, v + 5, 2);
		memcpy(f->dip, v + 7, 4);
		memcpy(&f->dport, v + 11, 2);
		f->sflags |= SINSP_FD_CONNECTED;
		sinsp_fd_refresh_name(f);
		return 0;
	case SCAP_AF_INET6:
		if (len < 37)
			return -EINVAL;
		f->family = 6;
		f->type = SCAP_FD_IPV6_SOCK;
		memcpy(f->sip, v + 1, 16);
		memcpy(&f->sport, v + 17, 2);
		memcpy(f->dip, v + 19, 16);
		memcpy(&f->dport, v + 35, 2);
		f->sflags |= SINSP_FD_CONNECTED;
		v4mapped_fold(f);
		sinsp_fd_refresh_name(f);
		return 0;
	case SCAP_AF_UNIX:
		if (len < 17)
			return -EINVAL;
		f->type = SCAP_FD_UNIX_SOCK;
		f->family = 0;
		memcpy(&f->usrc, v + 1, 8);
		memcpy(&f->udst, v + 9, 8);
		if (len > 17 && v[17]) {
			free(f->name);
			f->name = strndup((const char *)v + 17, len - 17);
		}
		return 0;
	default:
		return -EINVAL;
	}
}

/* A sockaddr names the remote side (connect) or the local one (bind). */
static int set_addr(struct sinsp_fd *f, const uint8_t *v, uint32_t len, int remote)
{
	uint8_t *ip = remote ? f->dip : f->sip;
	uint16_t *port = remote ? &f->dport : &f->sport;

	if (len < 1)
		return -EINVAL;
	switch (v[0]) {
	case SCAP_AF_INET:
		if (len < 7)
			return -EINVAL;
		f->family = 4;
		memset(ip, 0, 16);
		memcpy(ip, v + 1, 4);
		memcpy(port, v + 5, 2);
		return 0;
	case SCAP_AF_INET6:
		if (len < 19)
			return -EINVAL;
		f->family = 6;
		memcpy(ip, v + 1, 16);
		memcpy(port, v + 17, 2);
		return 0;
	case SCAP_AF_UNIX:
		if (len > 1 && v[1]) {
			free(f->name);
			f->name = strndup((const char *)v + 1, len - 1);
		}
		return 0;
	default:
		return -EINVAL;
	}
}

static void parse_socket(struct sinsp *h, struct sinsp_evt *e)
{
	int64_t fd = result_fd(e), dom = 0, type = 0, proto = 0;
	struct sinsp_fd *f;
	uint8_t t;

	if (fd < 0)
		return;
	evt_get_int(e, "domain", &dom);
	evt_get_int(e, "type", &type);
	evt_get_int(e, "proto", &proto);
	switch (dom) {
	case SCAP_AF_INET:
		t = SCAP_FD_IPV4_SOCK;
		break;
	case SCAP_AF_INET6:
		t = SCAP_FD_IPV6_SOCK;
		break;
	case SCAP_AF_UNIX:
		t = SCAP_FD_UNIX_SOCK;
		break;
	case SCAP_AF_NETLINK:
		t = SCAP_FD_NETLINK;
		break;
	default:
		t = SCAP_FD_UNSUPPORTED;
		break;
	}
	f = new_fd(h, e, fd, t);
	if (!f)
		return;
	f->family = t == SCAP_FD_IPV4_SOCK ? 4 : t == SCAP_FD_IPV6_SOCK ? 6 : 0;
	/* as sysdig: the transport shows once the socket is connected or accepted */
	if (t == SCAP_FD_IPV4_SOCK || t == SCAP_FD_IPV6_SOCK) {
		switch (type & LINUX_SOCK_TYPE_MASK) {
		case LINUX_SOCK_STREAM:
			f->sock_l4 = SCAP_L4_TCP;
			break;
		case LINUX_SOCK_DGRAM:
			f->sock_l4 = proto == LINUX_IPPROTO_ICMP ? SCAP_L4_ICMP : SCAP_L4_UDP;
			break;
		case LINUX_SOCK_RAW:
			f->sock_l4 = SCAP_L4_RAW;
			break;
		default:
			f->sock_l4 = SCAP_L4_UNKNOWN;
		}
	}
}

static void parse_connect(struct sinsp *h, struct sinsp_evt *e)
{
	const uint8_t *v;
	uint32_t len;
	int64_t res = 0;
	struct sinsp_fd *f = e->fd;

	evt_get_res(e, &res);
	if (!f && e->fdnum >= 0) {
		/* socket created before the capture and not in the initial state */
		f = new_fd(h, e, e->fdnum, SCAP_FD_UNKNOWN);
		if (!f)
			return;
		f->sock_l4 = SCAP_L4_TCP;
	}
	if (!f)
		return;
	if (res < 0 && res != -115 /* EINPROGRESS: non-blocking connect under way */) {
		/* failed: the descriptor keeps its state, but this event names the peer tried */
		if (e->closed || !(e->closed = sinsp_fd_dup(f)))
			return;
		f = e->fd = e->closed;
	} else {
		f->role = SINSP_ROLE_CLIENT;
	}
	if (f->sock_l4 && (f->type == SCAP_FD_IPV4_SOCK || f->type == SCAP_FD_IPV6_SOCK ||
			   f->type == SCAP_FD_UNKNOWN))
		f->l4proto = f->sock_l4;
	if (!evt_get(e, "tuple", &v, &len) && !set_tuple(f, v, len))
		return;
	if (!evt_get(e, "addr", &v, &len) && !set_addr(f, v, len, 1) && f->family) {
		f->sflags |= SINSP_FD_CONNECTED;
		sinsp_fd_refresh_name(f);
	}
}

static void parse_accept(struct sinsp *h, struct sinsp_evt *e)
{
	int64_t fd = result_fd(e);
	const uint8_t *v;
	uint32_t len;
	struct sinsp_fd *f;

	if (fd < 0)
		return;
	f = new_fd(h, e, fd, SCAP_FD_UNKNOWN);
	if (!f)
		return;
	f->role = SINSP_ROLE_SERVER;
	f->l4proto = SCAP_L4_TCP;
	if (!evt_get(e, "tuple", &v, &len))
		set_tuple(f, v, len);
	if (f->type == SCAP_FD_UNIX_SOCK)
		f->l4proto = SCAP_L4_NA;
}

static void parse_bind(struct sinsp *h, struct sinsp_evt *e)
{
	const uint8_t *v;
	uint32_t len;
	int64_t res = 0;

	evt_get_res(e, &res);
	if (res < 0 || !e->fd || evt_get(e, "addr", &v, &len))
		return;
	if (!set_addr(e->fd, v, len, 0) && e->fd->family) {
		e->fd->sflags |= SINSP_FD_BOUND;
		sinsp_fd_refresh_name(e->fd);
		/* a fixed port makes it a server socket, whose transport sysdig shows */
		if (e->fd->sport && e->fd->sock_l4)
			e->fd->l4proto = e->fd->sock_l4;
	}
}

static void parse_listen(struct sinsp *h, struct sinsp_evt *e)
{
	int64_t res = 0;

	evt_get_res(e, &res);
	if (res >= 0 && e->fd)
		e->fd->role = SINSP_ROLE_SERVER;
}

static void copy_fd(struct sinsp *h, struct sinsp_evt *e, int64_t oldfd, int64_t newfd, int cloexec)
{
	struct sinsp_fd *o, *n, tmp;
	char *name;

	if (newfd < 0 || !thread_of(h, e))
		return;
	o = fdt_get(e->th->fdt, oldfd);
	if (!o) {
		/* unknown source: the new descriptor is unknown too */
		struct sinsp_fd *gone = fdt_take(e->th->fdt, newfd);

		sinsp_fd_free(gone);
		return;
	}
	if (o->fd == newfd)
		return;
	tmp = *o;
	name = o->name ? strdup(o->name) : NULL;
	n = fdt_add(e->th->fdt, newfd);
	if (!n) {
		free(name);
		return;
	}
	*n = tmp;
	n->fd = newfd;
	n->name = name;
	if (cloexec)
		n->openflags |= SCAP_O_CLOEXEC;
	else
		n->openflags &= ~(uint32_t)SCAP_O_CLOEXEC;
	e->fd = n;
	e->fdnum = newfd;
}

static void parse_dup(struct sinsp *h, struct sinsp_evt *e)
{
	int64_t res = -1, oldfd = -1, flags = 0;

	evt_get_res(e, &res);
	if (evt_get_int(e, "oldfd", &oldfd))
		evt_get_fd(e, &oldfd);
	evt_get_int(e, "flags", &flags);
	copy_fd(h, e, oldfd, res, e->type == SCAP_EVT_SYSCALL_DUP3_X && (flags & SCAP_O_CLOEXEC));
}

static void parse_fcntl(struct sinsp *h, struct sinsp_evt *e)
{
	int64_t res = -1, fd = -1, cmd = 0;

	evt_get_res(e, &res);
	evt_get_fd(e, &fd);
	evt_get_int(e, "cmd", &cmd);
	if (cmd == SCAP_FCNTL_F_DUPFD || cmd == SCAP_FCNTL_F_DUPFD_CLOEXEC)
		copy_fd(h, e, fd, res, cmd == SCAP_FCNTL_F_DUPFD_CLOEXEC);
}

static void parse_pair(struct sinsp *h, struct sinsp_evt *e, uint8_t type)
{
	int64_t res = 0, fd1 = -1, fd2 = -1, ino = 0, src = 0, peer = 0, flags = 0;
	struct sinsp_fd *a, *b;

	evt_get_res(e, &res);
	if (res < 0 || evt_get_int(e, "fd1", &fd1) || evt_get_int(e, "fd2", &fd2))
		return;
	evt_get_int(e, "ino", &ino);
	evt_get_int(e, "source", &src);
	evt_get_int(e, "peer", &peer);
	evt_get_int(e, "flags", &flags);
	a = new_fd(h, e, fd1, type);
	if (a) {
		a->ino = (uint64_t)ino;
		a->usrc = (uint64_t)src;
		a->udst = (uint64_t)peer;
		a->openflags = (uint32_t)flags;
	}
	b = new_fd(h, e, fd2, type);
	if (b) {
		b->ino = (uint64_t)ino;
		b->usrc = (uint64_t)peer;
		b->udst = (uint64_t)src;
		b->openflags = (uint32_t)flags;
	}
}

/* Descriptors with no path: eventfd, signalfd, timerfd, inotify, epoll, bpf, memfd, ... */
/* bpf() exit of old captures: one dynamic parameter, the new descriptor or an error. */
static void parse_bpf_old(struct sinsp *h, struct sinsp_evt *e)
{
	const struct scap_param_info *variant;
	struct scap_param p, v;

	if (e->d.nparams < 1 || !e->d.len[0])
		return;
	p.data = e->d.val[0];
	p.len = e->d.len[0];
	if (scap_param_dyn(&e->d.info->params[0], &p, &variant, &v) ||
	    variant != &scap_dyn_bpf[SCAP_BPF_IDX_FD] || !v.len || v.len > 8)
		return;
	new_fd(h, e, raw_int(v.data, v.len, 1), SCAP_FD_BPF);
}

static void parse_simple_fd(struct sinsp *h, struct sinsp_evt *e, uint8_t type)
{
	int64_t fd = result_fd(e);
	struct sinsp_fd *f;
	const char *name;

	if (fd < 0)
		return;
	f = new_fd(h, e, fd, type);
	if (f && type == SCAP_FD_MEMFD && (name = evt_get_str(e, "name"))) {
		size_t n = strlen(name) + 7;

		f->name = malloc(n);
		if (f->name)
			snprintf(f->name, n, "memfd:%s", name);
	}
}

/* sendto/recvfrom/sendmsg/recvmsg carry the peer of unconnected (UDP) sockets. */
static void parse_io_tuple(struct sinsp *h, struct sinsp_evt *e)
{
	const uint8_t *v;
	uint32_t len;
	int64_t res = 0;
	struct sinsp_fd *f = e->fd;

	evt_get_res(e, &res);
	if (res < 0 || !f || (f->type != SCAP_FD_IPV4_SOCK && f->type != SCAP_FD_IPV6_SOCK))
		return;
	if (f->sflags & SINSP_FD_CONNECTED)
		return;
	if (!evt_get(e, "tuple", &v, &len) && len && !set_tuple(f, v, len)) {
		static const uint8_t zero[16];

		/* an unbound sender shows the peer's address as its own (loopback) */
		if (!memcmp(f->sip, zero, f->family == 4 ? 4 : 16)) {
			memcpy(f->sip, f->dip, 16);
			sinsp_fd_refresh_name(f);
		}
		if (f->sock_l4)
			f->l4proto = f->sock_l4;
	}
}

static void set_cwd(struct sinsp *h, struct sinsp_thread *t, const char *path)
{
	struct sinsp_thread *m = sinsp_thread_main(h, t);
	size_t n = strlen(path);
	char *c = malloc(n + 2);

	if (!c)
		return;
	memcpy(c, path, n);
	if (!n || path[n - 1] != '/')
		c[n++] = '/';
	c[n] = 0;
	free(m->cwd);
	m->cwd = c;
	if (m != t) {
		free(t->cwd);
		t->cwd = strdup(c);
	}
}

static void parse_chdir(struct sinsp *h, struct sinsp_evt *e)
{
	char path[PATH_MAX * 2];
	int64_t res = 0;
	const char *p;

	evt_get_res(e, &res);
	if (res < 0 || !thread_of(h, e))
		return;
	if (e->type == SCAP_EVT_SYSCALL_FCHDIR_X) {
		if (!e->fd || !e->fd->name)
			return;
		set_cwd(h, e->th, e->fd->name);
		return;
	}
	p = evt_get_str(e, "path");
	if (!p)
		return;
	path_join(sinsp_thread_cwd(h, e->th), p, path, sizeof(path));
	set_cwd(h, e->th, path);
}

static void set_comm_from_exe(struct sinsp_thread *t)
{
	const char *b;

	if (!t->exe)
		return;
	b = strrchr(t->exe, '/');
	b = b ? b + 1 : t->exe;
	sinsp_setstr(&t->comm, b, strnlen(b, 15));
}

/* Process fields shared by clone and execve exits. */
static void fill_proc(struct sinsp *h, struct sinsp_evt *e, struct sinsp_thread *t)
{
	const uint8_t *v;
	uint32_t len;
	const char *s;
	int64_t x;

	if ((s = evt_get_str(e, "exe")))
		sinsp_setstr(&t->exe, s, strlen(s));
	if (!evt_get(e, "args", &v, &len))
		sinsp_setbytes(&t->args, &t->args_len, v, len);
	if ((s = evt_get_str(e, "comm")))
		sinsp_setstr(&t->comm, s, strlen(s));
	else
		set_comm_from_exe(t);
	if ((s = evt_get_str(e, "cwd")) && s[0])
		set_cwd(h, t, s);
	if (!evt_get(e, "cgroups", &v, &len) && len) {
		sinsp_setbytes(&t->cgroups, &t->cgroups_len, v, len);
		sinsp_container_id(t);
	}
	if (!evt_get_int(e, "tty", &x))
		t->tty = (uint32_t)x;
	if (!evt_get_int(e, "loginuid", &x))
		t->loginuid = (uint32_t)x;
	if (!evt_get_int(e, "uid", &x))
		t->uid = t->euid = (uint32_t)x;
	if (!evt_get_int(e, "gid", &x))
		t->gid = t->egid = (uint32_t)x;
	if (!evt_get_int(e, "pgid", &x))
		t->pgid = x;
}

static void parse_clone(struct sinsp *h, struct sinsp_evt *e)
{
	int64_t res = -1, flags = 0, tid = -1, pid = -1, ptid = -1, x;
	struct sinsp_thread *parent, *child, *src;
	if (evt_get_res(e, &res) || res < 0)
		return;
	evt_get_int(e, "flags", &flags);
	evt_get_int(e, "tid", &tid);
	evt_get_int(e, "pid", &pid);
	evt_get_int(e, "ptid", &ptid);
	if (res == 0) {
		/* the child's own event: the parameters describe the child */
		child = tmap_get(&h->threads, (int64_t)e->hdr->tid);
		if (child && child->clone_ts) {
			e->th = child;
			return; /* already built from the parent's event */
		}
		parent = tmap_get(&h->threads, (flags & SCAP_CL_CLONE_THREAD) ? pid : ptid);
		child = e->th = sinsp_thread_new(h, (int64_t)e->hdr->tid);
		if (!child)
			return;
		child->pid = pid >= 0 ? pid : child->tid;
		child->ptid = ptid;
	} else {
		/* the parent's event: res is the child's tid, tid/pid/ptid describe the caller */
		parent = thread_of(h, e);
		if (!parent)
			return;
		if (tid >= 0 && parent->pid == parent->tid && pid >= 0)
			parent->pid = pid;
		child = tmap_get(&h->threads, res);
		if (child && child->clone_ts)
			return; /* the child's event came first */
		child = sinsp_thread_new(h, res);
		if (!child)
			return;
		if (flags & SCAP_CL_CLONE_THREAD) {
			/* as sysdig: a thread's parent is the thread that created it */
			child->pid = pid >= 0 ? pid : parent->pid;
			child->ptid = parent->tid;
		} else {
			child->pid = res;
			child->ptid =
				(flags & SCAP_CL_CLONE_PARENT) && ptid >= 0 ? ptid : parent->tid;
		}
	}
	child->clone_ts = e->hdr->ts ? e->hdr->ts : 1;
	src = parent ? parent : NULL;
	if (src) {
		/* inherit what the event may not carry */
		if (src->exepath && !child->exepath)
			child->exepath = strdup(src->exepath);
		child->uid = src->uid;
		child->gid = src->gid;
		child->euid = src->euid;
		child->egid = src->egid;
		child->loginuid = src->loginuid;
		child->tty = src->tty;
		child->exe_flags = src->exe_flags;
		child->sid = src->sid;
		child->pgid = src->pgid;
		if (src->cwd && !child->cwd)
			child->cwd = strdup(sinsp_thread_cwd(h, src));
	}
	fill_proc(h, e, child);
	if (!child->exepath && child->exe)
		child->exepath = strdup(child->exe);
	if (res == 0) {
		if (!evt_get_int(e, "vtid", &x))
			child->vtid = x;
		if (!evt_get_int(e, "vpid", &x))
			child->vpid = x;
	} else if (!evt_get_int(e, "vtid", &x) && x == tid) {
		/* the caller lives in the host pid namespace: so does the child */
		child->vtid = child->tid;
		child->vpid = child->pid;
	}
	/* descriptor table: shared with CLONE_FILES, copied otherwise */
	if (child->fdt)
		return;
	if (parent && parent->fdt && (flags & SCAP_CL_CLONE_FILES)) {
		child->fdt = parent->fdt;
		child->fdt->refs++;
	} else {
		struct sinsp_thread *pm = parent ? sinsp_thread_main(h, parent) : NULL;
		struct sinsp_fdtable *from = parent && parent->fdt ? parent->fdt
					     : pm		   ? pm->fdt
								   : NULL;

		child->fdt = from ? fdt_clone(from) : fdt_new();
	}
}

static void parse_execve(struct sinsp *h, struct sinsp_evt *e)
{
	int64_t res = -1, x;
	struct sinsp_thread *t;
	const char *s;
	uint32_t i;

	if (evt_get_res(e, &res) || res < 0 || !(t = thread_of(h, e)))
		return;
	if (!evt_get_int(e, "pid", &x) && x > 0)
		t->pid = x;
	if (!evt_get_int(e, "ptid", &x) && x >= 0)
		t->ptid = x;
	free(t->comm);
	t->comm = NULL;
	fill_proc(h, e, t);
	/* older execve layouts carry no flags: nothing known about the new image */
	t->exe_flags = evt_get_int(e, "flags", &x) ? 0 : (uint32_t)x;
	s = evt_get_str(e, "trusted_exepath");
	if (!s || !s[0])
		s = evt_get_str(e, "filename");
	if ((!s || !s[0]) && t->exe && t->exe[0] == '/')
		s = t->exe;
	if (s && s[0]) {
		char path[PATH_MAX * 2];

		path_join(sinsp_thread_cwd(h, t), s, path, sizeof(path));
		sinsp_setstr(&t->exepath, path, strlen(path));
	} else if (t->exe) {
		sinsp_setstr(&t->exepath, t->exe, strlen(t->exe));
	}
	/* close-on-exec descriptors are gone in the new image */
	if (t->fdt) {
		for (i = 0; i < t->fdt->cap; i++) {
			struct sinsp_fd *f = t->fdt->fds[i];

			if (f && (f->openflags & SCAP_O_CLOEXEC))
				sinsp_fd_free(fdt_take(t->fdt, i));
		}
	}
	e->fd = NULL;
}

static void parse_setid(struct sinsp_evt *e)
{
	int64_t res = 0, x;
	struct sinsp_thread *t = e->th;

	if (!t || evt_get_res(e, &res) || res < 0)
		return;
	switch (e->type) {
	case SCAP_EVT_SYSCALL_SETUID_X:
		if (!evt_get_int(e, "uid", &x))
			t->uid = t->euid = (uint32_t)x;
		break;
	case SCAP_EVT_SYSCALL_SETGID_X:
		if (!evt_get_int(e, "gid", &x))
			t->gid = t->egid = (uint32_t)x;
		break;
	case SCAP_EVT_SYSCALL_SETRESUID_X:
	case SCAP_EVT_SYSCALL_SETREUID_X:
		if (!evt_get_int(e, "ruid", &x) && (int32_t)x != -1)
			t->uid = (uint32_t)x;
		if (!evt_get_int(e, "euid", &x) && (int32_t)x != -1)
			t->euid = (uint32_t)x;
		break;
	case SCAP_EVT_SYSCALL_SETRESGID_X:
	case SCAP_EVT_SYSCALL_SETREGID_X:
		if (!evt_get_int(e, "rgid", &x) && (int32_t)x != -1)
			t->gid = (uint32_t)x;
		if (!evt_get_int(e, "egid", &x) && (int32_t)x != -1)
			t->egid = (uint32_t)x;
		break;
	default:
		break;
	}
}

static void parse_close_range(struct sinsp_evt *e)
{
	int64_t res = 0, first = 0, last = 0, flags = 0;
	uint64_t i;

	if (!e->th || !e->th->fdt || evt_get_res(e, &res) || res < 0)
		return;
	evt_get_int(e, "first", &first);
	evt_get_int(e, "last", &last);
	evt_get_int(e, "flags", &flags);
	if (flags) /* CLOSE_RANGE_UNSHARE / CLOEXEC: not a close */
		return;
	for (i = (uint64_t)first; i <= (uint64_t)(uint32_t)last && i < e->th->fdt->cap; i++)
		sinsp_fd_free(fdt_take(e->th->fdt, (int64_t)i));
}

void sinsp_parse(struct sinsp *h, struct sinsp_evt *e)
{
	switch (e->type) {
	case SCAP_EVT_SYSCALL_OPEN_X:
	case SCAP_EVT_SYSCALL_OPENAT_X:
	case SCAP_EVT_SYSCALL_OPENAT_2_X:
	case SCAP_EVT_SYSCALL_OPENAT2_X:
	case SCAP_EVT_SYSCALL_CREAT_X:
	case SCAP_EVT_SYSCALL_OPEN_BY_HANDLE_AT_X:
		parse_open(h, e);
		break;
	case SCAP_EVT_SYSCALL_CLOSE_X:
		parse_close(h, e);
		break;
	case SCAP_EVT_SOCKET_SOCKET_X:
		parse_socket(h, e);
		break;
	case SCAP_EVT_SOCKET_CONNECT_X:
		parse_connect(h, e);
		break;
	case SCAP_EVT_SOCKET_ACCEPT_X:
	case SCAP_EVT_SOCKET_ACCEPT_5_X:
	case SCAP_EVT_SOCKET_ACCEPT4_X:
	case SCAP_EVT_SOCKET_ACCEPT4_5_X:
	case SCAP_EVT_SOCKET_ACCEPT4_6_X:
		parse_accept(h, e);
		break;
	case SCAP_EVT_SOCKET_BIND_X:
		parse_bind(h, e);
		break;
	case SCAP_EVT_SOCKET_LISTEN_X:
		parse_listen(h, e);
		break;
	case SCAP_EVT_SYSCALL_DUP_X:
	case SCAP_EVT_SYSCALL_DUP_1_X:
	case SCAP_EVT_SYSCALL_DUP2_X:
	case SCAP_EVT_SYSCALL_DUP3_X:
		parse_dup(h, e);
		break;
	case SCAP_EVT_SYSCALL_FCNTL_X:
		parse_fcntl(h, e);
		break;
	case SCAP_EVT_SYSCALL_PIPE_X:
	case SCAP_EVT_SYSCALL_PIPE2_X:
		parse_pair(h, e, SCAP_FD_FIFO);
		break;
	case SCAP_EVT_SOCKET_SOCKETPAIR_X:
		parse_pair(h, e, SCAP_FD_UNIX_SOCK);
		break;
	case SCAP_EVT_SOCKET_SENDTO_X:
	case SCAP_EVT_SOCKET_RECVFROM_X:
	case SCAP_EVT_SOCKET_SENDMSG_X:
	case SCAP_EVT_SOCKET_RECVMSG_X:
		parse_io_tuple(h, e);
		break;
	case SCAP_EVT_SYSCALL_CHDIR_X:
	case SCAP_EVT_SYSCALL_FCHDIR_X:
		parse_chdir(h, e);
		break;
	case SCAP_EVT_SYSCALL_EVENTFD_X:
	case SCAP_EVT_SYSCALL_EVENTFD2_X:
		parse_simple_fd(h, e, SCAP_FD_EVENT);
		break;
	case SCAP_EVT_SYSCALL_SIGNALFD_X:
	case SCAP_EVT_SYSCALL_SIGNALFD4_X:
		parse_simple_fd(h, e, SCAP_FD_SIGNALFD);
		break;
	case SCAP_EVT_SYSCALL_TIMERFD_CREATE_X:
		parse_simple_fd(h, e, SCAP_FD_TIMERFD);
		break;
	case SCAP_EVT_SYSCALL_INOTIFY_INIT_X:
	case SCAP_EVT_SYSCALL_INOTIFY_INIT1_X:
		parse_simple_fd(h, e, SCAP_FD_INOTIFY);
		break;
	case SCAP_EVT_SYSCALL_EPOLL_CREATE_X:
	case SCAP_EVT_SYSCALL_EPOLL_CREATE1_X:
		parse_simple_fd(h, e, SCAP_FD_EVENTPOLL);
		break;
	case SCAP_EVT_SYSCALL_MEMFD_CREATE_X:
		parse_simple_fd(h, e, SCAP_FD_MEMFD);
		break;
	case SCAP_EVT_SYSCALL_BPF_2_X:
		parse_simple_fd(h, e, SCAP_FD_BPF);
		break;
	case SCAP_EVT_SYSCALL_BPF_X:
		parse_bpf_old(h, e);
		break;
	case SCAP_EVT_SYSCALL_USERFAULTFD_X:
		parse_simple_fd(h, e, SCAP_FD_USERFAULTFD);
		break;
	case SCAP_EVT_SYSCALL_IO_URING_SETUP_X:
		parse_simple_fd(h, e, SCAP_FD_IOURING);
		break;
	case SCAP_EVT_SYSCALL_PIDFD_OPEN_X:
	case SCAP_EVT_SYSCALL_PIDFD_GETFD_X:
		parse_simple_fd(h, e, SCAP_FD_PIDFD);
		break;
	case SCAP_EVT_SYSCALL_CLONE_11_X:
	case SCAP_EVT_SYSCALL_CLONE_16_X:
	case SCAP_EVT_SYSCALL_CLONE_17_X:
	case SCAP_EVT_SYSCALL_CLONE_20_X:
	case SCAP_EVT_SYSCALL_FORK_X:
	case SCAP_EVT_SYSCALL_FORK_17_X:
	case SCAP_EVT_SYSCALL_FORK_20_X:
	case SCAP_EVT_SYSCALL_VFORK_X:
	case SCAP_EVT_SYSCALL_VFORK_17_X:
	case SCAP_EVT_SYSCALL_VFORK_20_X:
	case SCAP_EVT_SYSCALL_CLONE3_X:
		parse_clone(h, e);
		break;
	case SCAP_EVT_SYSCALL_EXECVE_8_X:
	case SCAP_EVT_SYSCALL_EXECVE_13_X:
	case SCAP_EVT_SYSCALL_EXECVE_14_X:
	case SCAP_EVT_SYSCALL_EXECVE_15_X:
	case SCAP_EVT_SYSCALL_EXECVE_16_X:
	case SCAP_EVT_SYSCALL_EXECVE_17_X:
	case SCAP_EVT_SYSCALL_EXECVE_18_X:
	case SCAP_EVT_SYSCALL_EXECVE_19_X:
	case SCAP_EVT_SYSCALL_EXECVEAT_X:
		parse_execve(h, e);
		break;
	case SCAP_EVT_PROCEXIT_E:
	case SCAP_EVT_PROCEXIT_1_E:
		if (e->th) {
			e->th->flags |= STH_EXITED;
			h->pending_exit = e->th;
		}
		break;
	case SCAP_EVT_SYSCALL_SETUID_X:
	case SCAP_EVT_SYSCALL_SETGID_X:
	case SCAP_EVT_SYSCALL_SETRESUID_X:
	case SCAP_EVT_SYSCALL_SETRESGID_X:
	case SCAP_EVT_SYSCALL_SETREUID_X:
	case SCAP_EVT_SYSCALL_SETREGID_X:
		parse_setid(e);
		break;
	case SCAP_EVT_SYSCALL_CLOSE_RANGE_X:
		parse_close_range(e);
		break;
	default:
		break;
	}
}
