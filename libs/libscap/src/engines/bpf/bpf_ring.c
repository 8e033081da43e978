// SPDX-License-Identifier: Apache-2.0
/* Merging the probe's BPF ring buffers by timestamp (see bpf_ring.h). */
#include <string.h>

#include <scap/scap.h>
#include <syscap/bpf_maps.h>

#include "bpf_ring.h"

void bpf_ring_init(struct bpf_ring *r)
{
	r->cons = __atomic_load_n(r->consumer_pos, __ATOMIC_ACQUIRE);
	r->released = r->cons;
	r->prod = r->cons;
	r->head = NULL;
	r->dry = 0;
}

/*
 * CPU ring: records are events 8 bytes apart, a pad marker where the next one did not fit before
 * the end. A length no producer writes (shorter than a header, past the end) means the ring
 * cannot be followed: what was published is skipped rather than misread.
 */
static void cpu_ring_peek(struct bpf_ring *r)
{
	for (;;) {
		uint64_t off, ts;
		uint32_t len;

		if (r->cons == r->prod) {
			r->prod = __atomic_load_n(r->producer_pos, __ATOMIC_ACQUIRE);
			if (r->cons == r->prod) {
				r->dry = 1;
				return;
			}
		}
		off = r->cons & r->mask;
		memcpy(&ts, r->data + off, sizeof(ts));
		if (ts == SYSCAP_BPF_CPU_RING_PAD) {
			r->cons += r->size - off;
			continue;
		}
		memcpy(&len, r->data + off + 16, sizeof(len));
		if (len < SCAP_EVT_HDR_SIZE || len > r->size - off) {
			r->cons = r->prod;
			continue;
		}
		r->head = r->data + off;
		r->head_ts = ts;
		r->head_next = r->cons + ((len + 7) & ~7ull);
		return;
	}
}

/* Make r->head the next committed event, if any. */
static void ring_peek(struct bpf_ring *r)
{
	if (r->cpu_ring) {
		cpu_ring_peek(r);
		return;
	}
	for (;;) {
		uint32_t hdr, len;

		if (r->cons == r->prod) {
			r->prod = __atomic_load_n(r->producer_pos, __ATOMIC_ACQUIRE);
			if (r->cons == r->prod) {
				r->dry = 1;
				return;
			}
		}
		hdr = __atomic_load_n((uint32_t *)(r->data + (r->cons & r->mask)),
				      __ATOMIC_ACQUIRE);
		if (hdr & BPF_RING_BUSY) {
			r->dry = 1;
			return;
		}
		len = hdr & ~(BPF_RING_BUSY | BPF_RING_DISCARD);
		r->head_next = r->cons + ((BPF_RING_HDR + len + 7) & ~7ull);
		if (hdr & BPF_RING_DISCARD || len < SCAP_EVT_HDR_SIZE) {
			r->cons = r->head_next;
			continue;
		}
		/* the data is mapped twice in a row: a record across the end is contiguous */
		r->head = r->data + ((r->cons + BPF_RING_HDR) & r->mask);
		memcpy(&r->head_ts, r->head, sizeof(r->head_ts));
		return;
	}
}

void bpf_rings_release(struct bpf_ring *rings, unsigned n)
{
	for (unsigned i = 0; i < n; i++) {
		struct bpf_ring *r = &rings[i];

		r->dry = 0;
		if (r->cons != r->released) {
			r->released = r->cons;
			__atomic_store_n(r->consumer_pos, r->cons, __ATOMIC_RELEASE);
		}
	}
}

void bpf_rings_rewet(struct bpf_ring *rings, unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		rings[i].dry = 0;
}

unsigned bpf_rings_merge(struct bpf_ring *rings, unsigned n, const struct scap_evt_hdr **evt,
			 uint16_t *cpu, unsigned max)
{
	unsigned got = 0;

	while (got < max) {
		struct bpf_ring *best = NULL;

		for (unsigned i = 0; i < n; i++) {
			struct bpf_ring *r = &rings[i];

			if (!r->head && !r->dry)
				ring_peek(r);
			if (r->head && (!best || r->head_ts < best->head_ts))
				best = r;
		}
		if (!best)
			break;
		evt[got] = (const struct scap_evt_hdr *)best->head;
		cpu[got++] = best->cpu;
		best->head = NULL;
		best->cons = best->head_next;
	}
	return got;
}
