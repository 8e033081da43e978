// SPDX-License-Identifier: Apache-2.0
/* The state model: allocation, lookup by tid (open-addressing index), and freeing. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <scap/scap_state.h>

#include "state_int.h"

struct state_priv {
	uint32_t threads_cap;
	uint32_t v4_cap, v6_cap, users_cap, groups_cap;
	/* tid -> thread index + 1 (0 = empty slot); size is a power of two */
	uint32_t *index;
	uint32_t index_size;
};

static struct state_priv *priv_of(const struct scap_state *st)
{
	return st->priv;
}

struct scap_state *scap_state_new(void)
{
	struct scap_state *st = calloc(1, sizeof(*st));

	if (!st)
		return NULL;
	st->priv = calloc(1, sizeof(struct state_priv));
	if (!st->priv) {
		free(st);
		return NULL;
	}
	return st;
}

static void free_fd(struct scap_fdinfo *fdi)
{
	free(fdi->name);
}

static void free_thread(struct scap_threadinfo *ti)
{
	free(ti->comm);
	free(ti->exe);
	free(ti->exepath);
	free(ti->args);
	free(ti->env);
	free(ti->cwd);
	free(ti->cgroups);
	free(ti->root);
	for (uint32_t i = 0; i < ti->nfds; i++)
		free_fd(&ti->fds[i]);
	free(ti->fds);
}

void scap_state_free(struct scap_state *st)
{
	struct state_priv *p;

	if (!st)
		return;
	p = priv_of(st);
	for (uint32_t i = 0; i < st->n_threads; i++)
		free_thread(&st->threads[i]);
	free(st->threads);
	for (uint32_t i = 0; i < st->n_ifaces_v4; i++)
		free(st->ifaces_v4[i].name);
	free(st->ifaces_v4);
	for (uint32_t i = 0; i < st->n_ifaces_v6; i++)
		free(st->ifaces_v6[i].name);
	free(st->ifaces_v6);
	for (uint32_t i = 0; i < st->n_users; i++) {
		free(st->users[i].name);
		free(st->users[i].homedir);
		free(st->users[i].shell);
	}
	free(st->users);
	for (uint32_t i = 0; i < st->n_groups; i++)
		free(st->groups[i].name);
	free(st->groups);
	if (p)
		free(p->index);
	free(p);
	free(st);
}

/* Grow an array to hold at least one more element; caps double from first. */
static int grow_from(void **arr, uint32_t *cap, uint32_t n, size_t elem, uint32_t first)
{
	uint32_t ncap;
	void *na;

	if (n < *cap)
		return 0;
	if (*cap >= UINT32_MAX / 2)
		return -ENOMEM;
	ncap = *cap ? *cap * 2 : first;
	na = realloc(*arr, (size_t)ncap * elem);
	if (!na)
		return -ENOMEM;
	*arr = na;
	*cap = ncap;
	return 0;
}

static int grow(void **arr, uint32_t *cap, uint32_t n, size_t elem)
{
	return grow_from(arr, cap, n, elem, 16);
}

static uint32_t hash_tid(uint64_t tid)
{
	tid ^= tid >> 33;
	tid *= 0xff51afd7ed558ccdULL;
	tid ^= tid >> 33;
	return (uint32_t)tid;
}

static int index_rebuild(struct scap_state *st, uint32_t size)
{
	struct state_priv *p = priv_of(st);
	uint32_t *idx = calloc(size, sizeof(*idx));

	if (!idx)
		return -ENOMEM;
	for (uint32_t i = 0; i < st->n_threads; i++) {
		uint32_t h = hash_tid(st->threads[i].tid) & (size - 1);

		while (idx[h])
			h = (h + 1) & (size - 1);
		idx[h] = i + 1;
	}
	free(p->index);
	p->index = idx;
	p->index_size = size;
	return 0;
}

struct scap_threadinfo *scap_state_find_thread(const struct scap_state *st, uint64_t tid)
{
	struct state_priv *p = priv_of(st);
	uint32_t h;

	if (!p->index_size)
		return NULL;
	h = hash_tid(tid) & (p->index_size - 1);
	while (p->index[h]) {
		struct scap_threadinfo *ti = &st->threads[p->index[h] - 1];

		if (ti->tid == tid)
			return ti;
		h = (h + 1) & (p->index_size - 1);
	}
	return NULL;
}

static void thread_defaults(struct scap_threadinfo *ti, uint64_t tid)
{
	memset(ti, 0, sizeof(*ti));
	ti->tid = tid;
	ti->sid = (uint64_t)-1;
	ti->vpgid = (uint64_t)-1;
	ti->pgid = -1;
	ti->vtid = -1;
	ti->vpid = -1;
	ti->loginuid = UINT32_MAX;
}

struct scap_threadinfo *scap_state_add_thread(struct scap_state *st, uint64_t tid)
{
	struct state_priv *p = priv_of(st);
	struct scap_threadinfo *ti = scap_state_find_thread(st, tid);
	uint32_t h;

	if (ti) {
		free_thread(ti);
		thread_defaults(ti, tid);
		return ti;
	}
	if (grow((void **)&st->threads, &p->threads_cap, st->n_threads, sizeof(*st->threads))) {
		errno = ENOMEM;
		return NULL;
	}
	/* keep the index at most half full */
	if ((uint64_t)(st->n_threads + 1) * 2 > p->index_size) {
		uint32_t size = p->index_size ? p->index_size * 2 : 64;

		if (index_rebuild(st, size)) {
			errno = ENOMEM;
			return NULL;
		}
	}
	ti = &st->threads[st->n_threads];
	thread_defaults(ti, tid);
	h = hash_tid(tid) & (p->index_size - 1);
	while (p->index[h])
		h = (h + 1) & (p->index_size - 1);
	p->index[h] = ++st->n_threads;
	return ti;
}

int state_remove_thread(struct scap_state *st, uint64_t tid)
{
	struct scap_threadinfo *ti = scap_state_find_thread(st, tid);
	uint32_t i;

	if (!ti)
		return 0;
	i = (uint32_t)(ti - st->threads);
	free_thread(ti);
	memmove(ti, ti + 1, (st->n_threads - i - 1) * sizeof(*ti));
	st->n_threads--;
	return index_rebuild(st, priv_of(st)->index_size);
}

struct scap_fdinfo *scap_thread_add_fd(struct scap_threadinfo *ti, int64_t fd)
{
	struct scap_fdinfo *fdi;

	/* most threads of a capture's state have a handful of descriptors: start small */
	if (grow_from((void **)&ti->fds, &ti->fds_cap, ti->nfds, sizeof(*ti->fds), 4)) {
		errno = ENOMEM;
		return NULL;
	}
	fdi = &ti->fds[ti->nfds++];
	memset(fdi, 0, sizeof(*fdi));
	fdi->fd = fd;
	return fdi;
}

int scap_state_set_str(char **field, const char *s, size_t len)
{
	char *c = malloc(len + 1);

	if (!c)
		return -ENOMEM;
	if (len)
		memcpy(c, s, len);
	c[len] = 0;
	free(*field);
	*field = c;
	return 0;
}

int scap_state_set_bytes(char **field, uint32_t *field_len, const void *b, size_t len)
{
	/* one spare NUL so consumers may treat the list as a C string */
	char *c;

	if (len > UINT32_MAX - 1)
		return -EINVAL;
	c = malloc(len + 1);
	if (!c)
		return -ENOMEM;
	if (len)
		memcpy(c, b, len);
	c[len] = 0;
	free(*field);
	*field = c;
	*field_len = (uint32_t)len;
	return 0;
}

struct scap_iface_v4 *scap_state_add_iface_v4(struct scap_state *st)
{
	struct state_priv *p = priv_of(st);
	struct scap_iface_v4 *e;

	if (grow((void **)&st->ifaces_v4, &p->v4_cap, st->n_ifaces_v4, sizeof(*e))) {
		errno = ENOMEM;
		return NULL;
	}
	e = &st->ifaces_v4[st->n_ifaces_v4++];
	memset(e, 0, sizeof(*e));
	return e;
}

struct scap_iface_v6 *scap_state_add_iface_v6(struct scap_state *st)
{
	struct state_priv *p = priv_of(st);
	struct scap_iface_v6 *e;

	if (grow((void **)&st->ifaces_v6, &p->v6_cap, st->n_ifaces_v6, sizeof(*e))) {
		errno = ENOMEM;
		return NULL;
	}
	e = &st->ifaces_v6[st->n_ifaces_v6++];
	memset(e, 0, sizeof(*e));
	return e;
}

struct scap_user *scap_state_add_user(struct scap_state *st)
{
	struct state_priv *p = priv_of(st);
	struct scap_user *e;

	if (grow((void **)&st->users, &p->users_cap, st->n_users, sizeof(*e))) {
		errno = ENOMEM;
		return NULL;
	}
	e = &st->users[st->n_users++];
	memset(e, 0, sizeof(*e));
	return e;
}

struct scap_group *scap_state_add_group(struct scap_state *st)
{
	struct state_priv *p = priv_of(st);
	struct scap_group *e;

	if (grow((void **)&st->groups, &p->groups_cap, st->n_groups, sizeof(*e))) {
		errno = ENOMEM;
		return NULL;
	}
	e = &st->groups[st->n_groups++];
	memset(e, 0, sizeof(*e));
	return e;
}

uint64_t scap_state_count_fds(const struct scap_state *st)
{
	uint64_t n = 0;

	for (uint32_t i = 0; i < st->n_threads; i++)
		n += st->threads[i].nfds;
	return n;
}

const char *scap_fd_type_name(uint8_t type)
{
	static const char *const names[] = {
		[SCAP_FD_UNKNOWN] = "unknown",
		[SCAP_FD_FILE] = "file",
		[SCAP_FD_DIRECTORY] = "directory",
		[SCAP_FD_IPV4_SOCK] = "ipv4",
		[SCAP_FD_IPV6_SOCK] = "ipv6",
		[SCAP_FD_IPV4_SERVSOCK] = "ipv4_server",
		[SCAP_FD_IPV6_SERVSOCK] = "ipv6_server",
		[SCAP_FD_FIFO] = "pipe",
		[SCAP_FD_UNIX_SOCK] = "unix",
		[SCAP_FD_EVENT] = "event",
		[SCAP_FD_UNSUPPORTED] = "unsupported",
		[SCAP_FD_SIGNALFD] = "signalfd",
		[SCAP_FD_EVENTPOLL] = "eventpoll",
		[SCAP_FD_INOTIFY] = "inotify",
		[SCAP_FD_TIMERFD] = "timerfd",
		[SCAP_FD_NETLINK] = "netlink",
		[SCAP_FD_FILE_V2] = "file",
		[SCAP_FD_BPF] = "bpf",
		[SCAP_FD_USERFAULTFD] = "userfaultfd",
		[SCAP_FD_IOURING] = "io_uring",
		[SCAP_FD_MEMFD] = "memfd",
		[SCAP_FD_PIDFD] = "pidfd",
	};

	if (type < sizeof(names) / sizeof(names[0]) && names[type])
		return names[type];
	return "unknown";
}
