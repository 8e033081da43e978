/* SPDX-License-Identifier: Apache-2.0 */
/* Threads, descriptor tables, users and groups: creation, sharing, removal, initial load. */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "sinsp_int.h"

int sinsp_setstr(char **dst, const char *s, size_t len)
{
	char *n = malloc(len + 1);

	if (!n)
		return -ENOMEM;
	memcpy(n, s, len);
	n[len] = 0;
	free(*dst);
	*dst = n;
	return 0;
}

int sinsp_setbytes(char **dst, uint32_t *dlen, const void *b, size_t len)
{
	int rc = sinsp_setstr(dst, b ? b : "", b ? len : 0);

	if (!rc)
		*dlen = b ? (uint32_t)len : 0;
	return rc;
}

/* ---- descriptor tables ---- */

struct sinsp_fdtable *fdt_new(void)
{
	struct sinsp_fdtable *t = calloc(1, sizeof(*t));

	if (t)
		t->refs = 1;
	return t;
}

void sinsp_fd_free(struct sinsp_fd *f)
{
	if (!f)
		return;
	free(f->name);
	free(f);
}

struct sinsp_fd *sinsp_fd_dup(const struct sinsp_fd *f)
{
	struct sinsp_fd *n = malloc(sizeof(*n));

	if (!n)
		return NULL;
	*n = *f;
	n->name = NULL;
	if (f->name && !(n->name = strdup(f->name))) {
		free(n);
		return NULL;
	}
	return n;
}

struct sinsp_fdtable *fdt_clone(const struct sinsp_fdtable *src)
{
	struct sinsp_fdtable *t = fdt_new();
	uint32_t i;

	if (!t || !src || !src->cap)
		return t;
	t->fds = calloc(src->cap, sizeof(*t->fds));
	if (!t->fds) {
		free(t);
		return NULL;
	}
	t->cap = src->cap;
	for (i = 0; i < src->cap; i++) {
		if (!src->fds[i])
			continue;
		t->fds[i] = sinsp_fd_dup(src->fds[i]);
		if (t->fds[i])
			t->count++;
	}
	return t;
}

void fdt_put(struct sinsp_fdtable *t)
{
	uint32_t i;

	if (!t || --t->refs)
		return;
	for (i = 0; i < t->cap; i++)
		sinsp_fd_free(t->fds[i]);
	free(t->fds);
	free(t);
}

struct sinsp_fd *fdt_get(const struct sinsp_fdtable *t, int64_t fd)
{
	if (!t || fd < 0 || (uint64_t)fd >= t->cap)
		return NULL;
	return t->fds[fd];
}

struct sinsp_fd *fdt_add(struct sinsp_fdtable *t, int64_t fd)
{
	struct sinsp_fd *f;

	if (!t || fd < 0 || fd >= SINSP_MAX_FD)
		return NULL;
	if ((uint64_t)fd >= t->cap) {
		uint32_t ncap = t->cap ? t->cap : 16;
		struct sinsp_fd **n;

		while (ncap <= (uint64_t)fd)
			ncap *= 2;
		n = realloc(t->fds, ncap * sizeof(*n));
		if (!n)
			return NULL;
		memset(n + t->cap, 0, (ncap - t->cap) * sizeof(*n));
		t->fds = n;
		t->cap = ncap;
	}
	f = t->fds[fd];
	if (f) {
		free(f->name);
	} else {
		f = malloc(sizeof(*f));
		if (!f)
			return NULL;
		t->fds[fd] = f;
		t->count++;
	}
	memset(f, 0, sizeof(*f));
	f->fd = fd;
	return f;
}

struct sinsp_fd *fdt_take(struct sinsp_fdtable *t, int64_t fd)
{
	struct sinsp_fd *f = fdt_get(t, fd);

	if (f) {
		t->fds[fd] = NULL;
		t->count--;
	}
	return f;
}

/* ---- threads ---- */

struct sinsp_thread *sinsp_thread_new(struct sinsp *h, int64_t tid)
{
	struct sinsp_thread *t = tmap_get(&h->threads, tid);

	if (t)
		return t;
	if (h->threads.count >= h->max_threads) {
		if (!h->ctr.n_threads_dropped++)
			sinsp_log(SCAP_LOG_WARN,
				  "thread table full (%u threads): new threads are not tracked\n",
				  h->max_threads);
		return NULL;
	}
	t = calloc(1, sizeof(*t));
	if (!t)
		return NULL;
	t->tid = tid;
	t->pid = tid;
	t->ptid = -1;
	t->vtid = t->vpid = -1;
	t->sid = t->pgid = -1;
	t->loginuid = UINT32_MAX;
	t->uid = t->gid = t->euid = t->egid = UINT32_MAX; /* unknown until an event says */
	strcpy(t->container_id, "host");
	if (tmap_put(&h->threads, tid, t)) {
		free(t);
		return NULL;
	}
	return t;
}

void sinsp_thread_free(struct sinsp_thread *t)
{
	if (!t)
		return;
	fdt_put(t->fdt);
	free(t->comm);
	free(t->exe);
	free(t->exepath);
	free(t->args);
	free(t->cwd);
	free(t->cgroups);
	free(t->enter);
	free(t);
}

void sinsp_thread_remove(struct sinsp *h, struct sinsp_thread *t)
{
	if (tmap_get(&h->threads, t->tid) == t)
		tmap_del(&h->threads, t->tid);
	h->ctr.n_removed_threads++;
	sinsp_thread_free(t);
}

struct sinsp_thread *sinsp_thread_main(const struct sinsp *h, const struct sinsp_thread *t)
{
	struct sinsp_thread *m;

	if (!t)
		return NULL;
	if (t->pid == t->tid)
		return (struct sinsp_thread *)t;
	m = tmap_get(&h->threads, t->pid);
	return m ? m : (struct sinsp_thread *)t;
}

/* Threads share the working directory of their process. */
const char *sinsp_thread_cwd(const struct sinsp *h, const struct sinsp_thread *t)
{
	const struct sinsp_thread *m = sinsp_thread_main(h, t);

	if (m && m->cwd)
		return m->cwd;
	return t && t->cwd ? t->cwd : NULL;
}

static int ishex(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
}

/*
 * Container runtimes put the 64-hex container id in the cgroup path:
 *   docker      /docker/<id>            /system.slice/docker-<id>.scope
 *   containerd  /kubepods/.../<id>      .../cri-containerd-<id>.scope
 *   cri-o       .../crio-<id>.scope     /crio/<id>
 *   podman      .../libpod-<id>.scope   /libpod_parent/libpod-<id>
 * The first 12 characters are the id users see.
 */
void sinsp_container_id(struct sinsp_thread *t)
{
	const char *p = t->cgroups, *end = t->cgroups + t->cgroups_len;

	strcpy(t->container_id, "host");
	if (!p)
		return;
	for (; p < end; p += strlen(p) + 1) {
		const char *s;

		for (s = p; *s; s++) {
			size_t n = 0;

			if (s != p && s[-1] != '/' && s[-1] != '-')
				continue;
			while (ishex(s[n]))
				n++;
			if (n == 64 && (s[n] == 0 || s[n] == '/' || !strncmp(s + n, ".scope", 6))) {
				memcpy(t->container_id, s, 12);
				t->container_id[12] = 0;
				return;
			}
			s += n ? n - 1 : 0;
		}
	}
}

/* ---- initial state ---- */

static void load_fd(struct sinsp_fdtable *t, const struct scap_fdinfo *s)
{
	struct sinsp_fd *f = fdt_add(t, s->fd);

	if (!f)
		return;
	f->type = s->type;
	f->l4proto = s->l4proto;
	f->ino = s->ino;
	f->dev = s->dev;
	f->openflags = s->open_flags;
	if (s->name && s->name[0])
		f->name = strdup(s->name);
	switch (s->type) {
	case SCAP_FD_IPV4_SOCK:
		f->family = 4;
		memcpy(f->sip, &s->sock.ipv4.sip, 4);
		memcpy(f->dip, &s->sock.ipv4.dip, 4);
		f->sport = s->sock.ipv4.sport;
		f->dport = s->sock.ipv4.dport;
		f->sflags = SINSP_FD_CONNECTED;
		break;
	case SCAP_FD_IPV6_SOCK:
		f->family = 6;
		memcpy(f->sip, s->sock.ipv6.sip, 16);
		memcpy(f->dip, s->sock.ipv6.dip, 16);
		f->sport = s->sock.ipv6.sport;
		f->dport = s->sock.ipv6.dport;
		f->sflags = SINSP_FD_CONNECTED;
		break;
	case SCAP_FD_IPV4_SERVSOCK:
		f->family = 4;
		f->role = SINSP_ROLE_SERVER;
		memcpy(f->sip, &s->sock.ipv4_server.ip, 4);
		f->sport = s->sock.ipv4_server.port;
		f->sflags = SINSP_FD_BOUND;
		break;
	case SCAP_FD_IPV6_SERVSOCK:
		f->family = 6;
		f->role = SINSP_ROLE_SERVER;
		memcpy(f->sip, s->sock.ipv6_server.ip, 16);
		f->sport = s->sock.ipv6_server.port;
		f->sflags = SINSP_FD_BOUND;
		break;
	case SCAP_FD_UNIX_SOCK:
		f->usrc = s->sock.unix_sock.source;
		f->udst = s->sock.unix_sock.destination;
		break;
	default:
		break;
	}
	sinsp_fd_refresh_name(f);
}

static void load_thread(struct sinsp *h, const struct scap_state *st,
			const struct scap_threadinfo *s)
{
	struct sinsp_thread *t = sinsp_thread_new(h, (int64_t)s->tid), *m;
	uint32_t i;
	size_t n;

	if (!t)
		return;
	t->pid = (int64_t)s->pid;
	t->ptid = (int64_t)s->ptid;
	t->sid = (int64_t)s->sid;
	t->pgid = s->pgid;
	t->vtid = s->vtid;
	t->vpid = s->vpid;
	t->uid = t->euid = s->uid;
	t->gid = t->egid = s->gid;
	t->loginuid = s->loginuid;
	t->tty = s->tty;
	t->exe_flags = (s->exe_writable ? SCAP_EXE_WRITABLE : 0) |
		       (s->exe_upper_layer ? SCAP_EXE_UPPER_LAYER : 0) |
		       (s->exe_lower_layer ? SCAP_EXE_LOWER_LAYER : 0) |
		       (s->exe_from_memfd ? SCAP_EXE_FROM_MEMFD : 0);
	if (s->comm)
		sinsp_setstr(&t->comm, s->comm, strlen(s->comm));
	if (s->exe)
		sinsp_setstr(&t->exe, s->exe, strlen(s->exe));
	if (s->exepath && s->exepath[0])
		sinsp_setstr(&t->exepath, s->exepath, strlen(s->exepath));
	else if (s->exe)
		sinsp_setstr(&t->exepath, s->exe, strlen(s->exe));
	sinsp_setbytes(&t->args, &t->args_len, s->args, s->args_len);
	if (s->cwd && (n = strlen(s->cwd))) {
		if (s->cwd[n - 1] == '/') {
			sinsp_setstr(&t->cwd, s->cwd, n);
		} else if ((t->cwd = malloc(n + 2))) {
			memcpy(t->cwd, s->cwd, n);
			t->cwd[n] = '/';
			t->cwd[n + 1] = 0;
		}
	}
	sinsp_setbytes(&t->cgroups, &t->cgroups_len, s->cgroups, s->cgroups_len);
	sinsp_container_id(t);
	/* threads of a process share the main thread's table */
	m = s->tid != s->pid ? tmap_get(&h->threads, (int64_t)s->pid) : NULL;
	if (m && m->fdt && !s->nfds) {
		t->fdt = m->fdt;
		t->fdt->refs++;
		return;
	}
	t->fdt = fdt_new();
	for (i = 0; t->fdt && i < s->nfds; i++)
		load_fd(t->fdt, &s->fds[i]);
	(void)st;
}

int sinsp_load_state(struct sinsp *h, const struct scap_state *st)
{
	uint32_t i;

	if (!st)
		return 0;
	if (st->has_machine_info)
		h->boot_ts = st->machine.boot_ts_epoch;
	/* main threads first so the other threads can share their tables */
	for (i = 0; i < st->n_threads; i++)
		if (st->threads[i].tid == st->threads[i].pid)
			load_thread(h, st, &st->threads[i]);
	for (i = 0; i < st->n_threads; i++)
		if (st->threads[i].tid != st->threads[i].pid)
			load_thread(h, st, &st->threads[i]);
	if (st->n_ifaces_v4 && (h->local_v4 = calloc(st->n_ifaces_v4, sizeof(*h->local_v4)))) {
		for (i = 0; i < st->n_ifaces_v4; i++)
			h->local_v4[i] = st->ifaces_v4[i].addr;
		h->n_local_v4 = st->n_ifaces_v4;
	}
	if (st->n_ifaces_v6 && (h->local_v6 = calloc(st->n_ifaces_v6, sizeof(*h->local_v6)))) {
		for (i = 0; i < st->n_ifaces_v6; i++)
			memcpy(h->local_v6[i], st->ifaces_v6[i].addr, 16);
		h->n_local_v6 = st->n_ifaces_v6;
	}
	if (st->n_users) {
		h->users = calloc(st->n_users, sizeof(*h->users));
		for (i = 0; h->users && i < st->n_users; i++) {
			const struct scap_user *u = &st->users[i];

			h->users[i].uid = u->uid;
			h->users[i].gid = u->gid;
			h->users[i].name = u->name ? strdup(u->name) : NULL;
			h->users[i].homedir = u->homedir ? strdup(u->homedir) : NULL;
			h->users[i].shell = u->shell ? strdup(u->shell) : NULL;
			h->n_users++;
		}
	}
	if (st->n_groups) {
		h->groups = calloc(st->n_groups, sizeof(*h->groups));
		for (i = 0; h->groups && i < st->n_groups; i++) {
			h->groups[i].gid = st->groups[i].gid;
			h->groups[i].name = st->groups[i].name ? strdup(st->groups[i].name) : NULL;
			h->n_groups++;
		}
	}
	return 0;
}

void sinsp_free_state(struct sinsp *h)
{
	uint64_t i;
	uint32_t j;

	for (i = 0; i < h->threads.cap; i++)
		if (h->threads.vals && h->threads.vals[i])
			sinsp_thread_free(h->threads.vals[i]);
	tmap_free(&h->threads);
	for (j = 0; j < h->n_users; j++) {
		free(h->users[j].name);
		free(h->users[j].homedir);
		free(h->users[j].shell);
	}
	free(h->users);
	for (j = 0; j < h->n_groups; j++)
		free(h->groups[j].name);
	free(h->groups);
	free(h->local_v4);
	free(h->local_v6);
	h->local_v4 = NULL;
	h->local_v6 = NULL;
	h->n_local_v4 = h->n_local_v6 = 0;
	h->users = NULL;
	h->groups = NULL;
	h->n_users = h->n_groups = 0;
}

const struct sinsp_user *sinsp_get_user(const struct sinsp *h, uint32_t uid)
{
	uint32_t i;

	for (i = 0; i < h->n_users; i++)
		if (h->users[i].uid == uid)
			return &h->users[i];
	return NULL;
}

const struct sinsp_group *sinsp_get_group(const struct sinsp *h, uint32_t gid)
{
	uint32_t i;

	for (i = 0; i < h->n_groups; i++)
		if (h->groups[i].gid == gid)
			return &h->groups[i];
	return NULL;
}

const struct sinsp_thread *sinsp_get_thread(const struct sinsp *h, int64_t tid)
{
	return tmap_get(&h->threads, tid);
}

int sinsp_foreach_thread(const struct sinsp *h, int (*cb)(const struct sinsp_thread *t, void *ud),
			 void *ud)
{
	uint64_t i;
	int rc;

	for (i = 0; i < h->threads.cap; i++) {
		if (h->threads.keys[i] == INT64_MIN)
			continue;
		rc = cb(h->threads.vals[i], ud);
		if (rc)
			return rc;
	}
	return 0;
}

/* Is ip one of this machine's addresses (loopback, or an interface of the state)? */
int sinsp_ip_is_local(const struct sinsp *h, uint8_t family, const uint8_t *ip)
{
	static const uint8_t lo6[16] = { [15] = 1 };
	uint32_t i, a;

	if (family == 4) {
		if (ip[0] == 127)
			return 1;
		memcpy(&a, ip, 4);
		for (i = 0; i < h->n_local_v4; i++)
			if (h->local_v4[i] == a)
				return 1;
		return 0;
	}
	if (!memcmp(ip, lo6, 16))
		return 1;
	for (i = 0; i < h->n_local_v6; i++)
		if (!memcmp(h->local_v6[i], ip, 16))
			return 1;
	return 0;
}
