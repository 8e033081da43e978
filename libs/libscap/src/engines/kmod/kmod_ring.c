// SPDX-License-Identifier: Apache-2.0
/*
 * Reading the kmod rings. Each ring is consumed in snapshots: take head, hand out the events up
 * to it in timestamp order merged across CPUs, and only then publish the new tail, so the events
 * returned by a call stay intact until the next call. The double mapping means an event is
 * always contiguous in memory.
 */
#include <errno.h>
#include <string.h>
#include <time.h>

#include <scap/scap.h>

#include "kmod_int.h"

/*
 * Nothing in any ring: sleep before -EAGAIN (the module has no wakeup). 1 ms after an event,
 * doubling while the rings stay empty up to 30 ms, the reference engines' bound too: an idle
 * consumer wakes about 33 times a second instead of 1,000. A burst that starts during the
 * longest sleep must fit in its ring for those 30 ms: the default 8 MiB holds 30 ms of about
 * 2 M events/s of 130 bytes on one CPU.
 */
#define KMOD_IDLE_WAIT_MIN_US 1000
#define KMOD_IDLE_WAIT_MAX_US 30000

static void refill(struct kmod_engine *e)
{
	int i;

	for (i = 0; i < e->ndevs; i++) {
		struct kmod_dev *d = &e->devs[i];

		if (d->fd < 0 || d->pos != d->head)
			continue;
		__atomic_store_n(&d->info->tail, d->pos, __ATOMIC_RELEASE);
		d->head = __atomic_load_n(&d->info->head, __ATOMIC_ACQUIRE) & (e->bufsize - 1);
	}
}

static int pick(struct kmod_engine *e)
{
	uint64_t best_ts = UINT64_MAX;
	int i, best = -1;

	for (i = 0; i < e->ndevs; i++) {
		struct kmod_dev *d = &e->devs[i];
		uint64_t ts;

		if (d->fd < 0 || d->pos == d->head)
			continue;
		memcpy(&ts, d->data + d->pos, sizeof(ts));
		if (ts < best_ts) {
			best_ts = ts;
			best = i;
		}
	}
	return best;
}

int kmod_ring_next(struct kmod_engine *e, const struct scap_evt_hdr **evt, uint16_t *cpu,
		   unsigned max)
{
	unsigned n = 0;
	int i;

	refill(e);
	i = pick(e);
	if (i < 0) {
		uint32_t us = e->idle_wait_us < KMOD_IDLE_WAIT_MIN_US ? KMOD_IDLE_WAIT_MIN_US
								      : e->idle_wait_us;
		struct timespec ts = { us / 1000000, (long)(us % 1000000) * 1000 };

		nanosleep(&ts, NULL);
		refill(e);
		i = pick(e);
		if (i < 0) {
			e->idle_wait_us =
				us * 2 > KMOD_IDLE_WAIT_MAX_US ? KMOD_IDLE_WAIT_MAX_US : us * 2;
			return -EAGAIN;
		}
	}
	e->idle_wait_us = KMOD_IDLE_WAIT_MIN_US;
	while (n < max) {
		struct kmod_dev *d = &e->devs[i];
		uint32_t len = 0, avail = scap_ring_used(d->head, d->pos, e->bufsize);

		if (avail >= SCAP_EVT_HDR_SIZE)
			memcpy(&len, d->data + d->pos + offsetof(struct scap_evt_hdr, len),
			       sizeof(len));
		if (avail < SCAP_EVT_HDR_SIZE || len < SCAP_EVT_HDR_SIZE || len > avail) {
			if (n) /* the good ones first; the next call stops here again */
				break;
			cpu[0] = (uint16_t)i;
			return -SCAP_ERR_CORRUPT;
		}
		evt[n] = (const struct scap_evt_hdr *)(d->data + d->pos);
		cpu[n++] = (uint16_t)i;
		d->pos = (d->pos + len) & (e->bufsize - 1);
		/* snapshot used up: its ring is refilled before a later event of another CPU */
		if (d->pos == d->head)
			break;
		i = pick(e);
	}
	return (int)n;
}
