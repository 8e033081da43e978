// SPDX-License-Identifier: Apache-2.0
/* Raw access to the syscap devices and rings for the in-VM checks. */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include "kmodcheck.h"

const char *kc_devprefix = "/dev/syscap";
int kc_failures;

void kc_result(bool ok, const char *name, const char *fmt, ...)
{
	va_list ap;

	printf("VMCHECK: %s %s", ok ? "PASS" : "FAIL", name);
	if (fmt && *fmt) {
		printf(" (");
		va_start(ap, fmt);
		vprintf(fmt, ap);
		va_end(ap);
		printf(")");
	}
	printf("\n");
	fflush(stdout);
	if (!ok)
		kc_failures++;
}

void kc_skip(const char *name, const char *why)
{
	printf("VMCHECK: SKIP %s (%s)\n", name, why);
	fflush(stdout);
}

int kc_open(struct kc_consumer *c, uint32_t bufsize)
{
	long n = sysconf(_SC_NPROCESSORS_CONF);
	int i, opened = 0;

	memset(c, 0, sizeof(*c));
	c->ncpus = n > KC_MAX_CPUS ? KC_MAX_CPUS : (int)n;
	c->size = bufsize;
	for (i = 0; i < c->ncpus; i++) {
		struct kc_dev *d = &c->dev[i];
		char path[64];
		void *p;

		d->fd = -1;
		snprintf(path, sizeof(path), "%s%d", kc_devprefix, i);
		d->fd = open(path, O_RDWR | O_CLOEXEC);
		if (d->fd < 0) {
			if (errno == ENODEV)
				continue;
			goto fail;
		}
		p = mmap(NULL, sizeof(struct scap_ring_info), PROT_READ | PROT_WRITE, MAP_SHARED,
			 d->fd, 0);
		if (p == MAP_FAILED)
			goto fail;
		d->info = p;
		p = mmap(NULL, 2UL * bufsize, PROT_READ, MAP_SHARED, d->fd, 0);
		if (p == MAP_FAILED)
			goto fail;
		d->data = p;
		d->size = bufsize;
		opened++;
	}
	return opened ? 0 : -ENODEV;
fail:
	i = -errno;
	kc_close(c);
	return i;
}

void kc_close(struct kc_consumer *c)
{
	int i;

	for (i = 0; i < c->ncpus; i++) {
		struct kc_dev *d = &c->dev[i];

		if (d->data)
			munmap(d->data, 2UL * d->size);
		if (d->info)
			munmap(d->info, sizeof(struct scap_ring_info));
		if (d->fd >= 0)
			close(d->fd);
		d->fd = -1;
		d->data = NULL;
		d->info = NULL;
	}
}

/* ioctl on the first open device (settings are per consumer, not per device) */
int kc_ioctl_all(struct kc_consumer *c, unsigned long cmd, unsigned long arg)
{
	int i;

	for (i = 0; i < c->ncpus; i++)
		if (c->dev[i].fd >= 0)
			return ioctl(c->dev[i].fd, cmd, arg) < 0 ? -errno : 0;
	return -ENODEV;
}

int kc_enable_all_tps(struct kc_consumer *c)
{
	static const int tps[] = { SCAP_KMOD_TP_SYS_ENTER, SCAP_KMOD_TP_SYS_EXIT,
				   SCAP_KMOD_TP_SCHED_PROC_EXIT, SCAP_KMOD_TP_SIGNAL_DELIVER,
				   SCAP_KMOD_TP_SCHED_PROC_EXEC };
	size_t i;
	int ret;

	for (i = 0; i < sizeof(tps) / sizeof(tps[0]); i++) {
		ret = kc_ioctl_all(c, SCAP_IOCTL_ENABLE_TP, tps[i]);
		if (ret)
			return ret;
	}
	return 0;
}

static bool kc_discard_fn(const struct kc_evt *e, void *arg)
{
	(void)e;
	(void)arg;
	return true;
}

void kc_discard(struct kc_consumer *c)
{
	kc_drain(c, kc_discard_fn, NULL);
}

static void kc_parse(struct kc_evt *e, const uint8_t *raw)
{
	const struct scap_evt_hdr *h = (const void *)raw;
	const uint8_t *p;
	uint32_t i;

	memset(e, 0, sizeof(*e));
	e->hdr = h;
	memcpy(&e->type, &h->type, 2);
	memcpy(&e->tid, &h->tid, 8);
	memcpy(&e->nparams, &h->nparams, 4);
	if (e->nparams > SCAP_MAX_EVENT_PARAMS)
		e->nparams = SCAP_MAX_EVENT_PARAMS;
	p = raw + SCAP_EVT_HDR_SIZE + 2 * e->nparams;
	for (i = 0; i < e->nparams; i++) {
		memcpy(&e->len[i], raw + SCAP_EVT_HDR_SIZE + 2 * i, 2);
		e->p[i] = p;
		p += e->len[i];
	}
}

uint64_t kc_drain(struct kc_consumer *c, kc_evt_fn fn, void *arg)
{
	uint32_t head[KC_MAX_CPUS], pos[KC_MAX_CPUS];
	uint64_t n = 0;
	bool stop = false;
	int i;

	for (i = 0; i < c->ncpus; i++) {
		if (!c->dev[i].info)
			continue;
		head[i] = __atomic_load_n(&c->dev[i].info->head, __ATOMIC_ACQUIRE);
		pos[i] = c->dev[i].info->tail;
	}
	for (;;) {
		int best = -1;
		uint64_t best_ts = UINT64_MAX;
		struct kc_evt e;
		uint32_t len;

		for (i = 0; i < c->ncpus; i++) {
			uint64_t ts;

			if (!c->dev[i].info || pos[i] == head[i])
				continue;
			memcpy(&ts, c->dev[i].data + pos[i], 8);
			if (ts < best_ts) {
				best_ts = ts;
				best = i;
			}
		}
		if (best < 0 || stop)
			break;
		kc_parse(&e, c->dev[best].data + pos[best]);
		e.cpu = best;
		memcpy(&len, &e.hdr->len, 4);
		if (len < SCAP_EVT_HDR_SIZE || len > c->dev[best].size) {
			fprintf(stderr, "kmodcheck: corrupt event on cpu %d (len %u)\n", best, len);
			kc_failures++;
			pos[best] = head[best];
			continue;
		}
		n++;
		if (!fn(&e, arg))
			stop = true;
		pos[best] = (pos[best] + len) & (c->dev[best].size - 1);
	}
	for (i = 0; i < c->ncpus; i++)
		if (c->dev[i].info)
			__atomic_store_n(&c->dev[i].info->tail, pos[i], __ATOMIC_RELEASE);
	return n;
}

int64_t kc_i64(const struct kc_evt *e, int i)
{
	int64_t v = 0;

	if (i < (int)e->nparams && e->len[i] == 8)
		memcpy(&v, e->p[i], 8);
	else
		v = INT64_MIN;
	return v;
}

uint64_t kc_u64(const struct kc_evt *e, int i)
{
	return (uint64_t)kc_i64(e, i);
}

uint32_t kc_u32(const struct kc_evt *e, int i)
{
	uint32_t v = 0xdeadbeef;

	if (i < (int)e->nparams && e->len[i] == 4)
		memcpy(&v, e->p[i], 4);
	return v;
}

uint16_t kc_u16(const struct kc_evt *e, int i)
{
	uint16_t v = 0xdead;

	if (i < (int)e->nparams && e->len[i] == 2)
		memcpy(&v, e->p[i], 2);
	return v;
}

uint8_t kc_u8(const struct kc_evt *e, int i)
{
	return i < (int)e->nparams && e->len[i] == 1 ? e->p[i][0] : 0xde;
}

const char *kc_str(const struct kc_evt *e, int i)
{
	if (i >= (int)e->nparams || e->len[i] == 0 || e->p[i][e->len[i] - 1] != '\0')
		return "<not-a-string>";
	return (const char *)e->p[i];
}

static bool kc_collect_fn(const struct kc_evt *e, void *arg)
{
	struct kc_list *l = arg;
	uint32_t len;

	if (l->tid && e->tid != (uint64_t)l->tid)
		return true;
	memcpy(&len, &e->hdr->len, 4);
	if (l->used + len + 8 > l->cap) {
		l->cap = (l->cap + len + 8) * 2;
		l->copy = realloc(l->copy, l->cap);
		if (!l->copy)
			abort();
	}
	memcpy(l->copy + l->used, &e->cpu, 4);
	memcpy(l->copy + l->used + 4, &len, 4);
	memcpy(l->copy + l->used + 8, e->hdr, len);
	l->used += len + 8;
	l->n++;
	return true;
}

void kc_list_collect(struct kc_consumer *c, struct kc_list *l, pid_t tid)
{
	size_t off = 0;
	int i;

	memset(l, 0, sizeof(*l));
	l->tid = tid;
	kc_drain(c, kc_collect_fn, l);
	l->ev = calloc(l->n + 1, sizeof(*l->ev));
	for (i = 0; i < l->n; i++) {
		int cpu;
		uint32_t len;

		memcpy(&cpu, l->copy + off, 4);
		memcpy(&len, l->copy + off + 4, 4);
		kc_parse(&l->ev[i], l->copy + off + 8);
		l->ev[i].cpu = cpu;
		off += len + 8;
	}
}

void kc_list_free(struct kc_list *l)
{
	free(l->ev);
	free(l->copy);
	memset(l, 0, sizeof(*l));
}

const struct kc_evt *kc_find(const struct kc_list *l, uint16_t type, int k)
{
	int i;

	for (i = 0; i < l->n; i++)
		if (l->ev[i].type == type && k-- == 0)
			return &l->ev[i];
	return NULL;
}

int kc_count(const struct kc_list *l, uint16_t type)
{
	int i, n = 0;

	for (i = 0; i < l->n; i++)
		n += l->ev[i].type == type;
	return n;
}
