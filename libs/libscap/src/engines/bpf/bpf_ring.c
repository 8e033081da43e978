// SPDX-License-Identifier: Apache-2.0
/* Merging the probe's rings by timestamp (see bpf_ring.h). */
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

/* Whether the producer has published past r->cons (reading its position again if needed). */
static inline int cpu_ring_has_more(struct bpf_ring *r)
{
	if (r->cons != r->prod)
		return 1;
	r->prod = __atomic_load_n(r->producer_pos, __ATOMIC_ACQUIRE);
	return r->cons != r->prod;
}

/*
 * CPU ring: records are events 8 bytes apart, a pad marker where the next one did not fit before
 * the end. The published position r->cons becomes r->head if an event starts there; 0 for a pad
 * marker or a length no producer writes (shorter than a header, past the end).
 */
static inline __attribute__((always_inline)) int cpu_ring_head_at_cons(struct bpf_ring *r)
{
	uint64_t off = r->cons & r->mask, ts;
	const uint8_t *rec = r->data + off;
	uint32_t len;

	memcpy(&ts, rec, sizeof(ts));
	if (ts == SYSCAP_BPF_CPU_RING_PAD)
		return 0;
	memcpy(&len, rec + 16, sizeof(len));
	if (len < SCAP_EVT_HDR_SIZE || len > r->size - off)
		return 0;
	r->head = rec;
	r->head_ts = ts;
	r->head_next = r->cons + ((len + 7) & ~7ull);
	return 1;
}

/* Past pads to the next event; a bad length skips what was published rather than misread it. */
static void cpu_ring_peek(struct bpf_ring *r)
{
	while (cpu_ring_has_more(r)) {
		uint64_t off = r->cons & r->mask, ts;

		if (cpu_ring_head_at_cons(r))
			return;
		memcpy(&ts, r->data + off, sizeof(ts));
		if (ts == SYSCAP_BPF_CPU_RING_PAD)
			r->cons += r->size - off;
		else
			r->cons = r->prod;
	}
	r->dry = 1;
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

/*
 * CPU rings have a faster merge than the loop below: every ring always has its next record
 * peeked (head_ts is UINT64_MAX when it has none), so handing out an event is a scan of the
 * heads' timestamps and one step of the ring it came from. cpu_ring_step() is that step: the
 * common case inline, a pad or a bad length through cpu_ring_peek().
 */
static inline __attribute__((always_inline)) void cpu_ring_step(struct bpf_ring *r)
{
	r->cons = r->head_next;
	if (cpu_ring_has_more(r)) {
		struct bpf_ring t;

		if (cpu_ring_head_at_cons(r))
			return;
		/* through a copy: the two-ring merge keeps its rings in registers */
		t = *r;
		t.head = NULL;
		cpu_ring_peek(&t);
		*r = t;
		if (r->head)
			return;
	}
	r->head = NULL;
	r->head_ts = UINT64_MAX;
	r->dry = 1;
}

/* Peek the rings that have no head and may have records; mark the others with UINT64_MAX. */
static void cpu_rings_prime(struct bpf_ring *rings, unsigned n)
{
	for (unsigned i = 0; i < n; i++) {
		struct bpf_ring *r = &rings[i];

		if (!r->head && !r->dry)
			cpu_ring_peek(r);
		if (!r->head)
			r->head_ts = UINT64_MAX;
	}
}

static unsigned cpu_rings_merge(struct bpf_ring *rings, unsigned n, const struct scap_evt_hdr **evt,
				uint16_t *cpu, unsigned max)
{
	unsigned got = 0;

	cpu_rings_prime(rings, n);
	while (got < max) {
		struct bpf_ring *best = &rings[0];

		for (unsigned i = 1; i < n; i++)
			if (rings[i].head_ts < best->head_ts)
				best = &rings[i];
		if (best->head_ts == UINT64_MAX)
			break;
		evt[got] = (const struct scap_evt_hdr *)best->head;
		cpu[got++] = best->cpu;
		cpu_ring_step(best);
	}
	return got;
}

/*
 * Two CPU rings (a 2-CPU machine): the same on copies the compiler keeps in registers, and
 * one branch per event instead of a scan. 25-40% less consumer CPU per event than the general
 * loop when draining a backlog here (PERFORMANCE.md).
 */
static unsigned cpu_rings_merge_two(struct bpf_ring *rings, const struct scap_evt_hdr **evt,
				    uint16_t *cpu, unsigned max)
{
	struct bpf_ring a, b;
	unsigned got = 0;

	cpu_rings_prime(rings, 2);
	a = rings[0];
	b = rings[1];
	while (got < max) {
		if (b.head_ts < a.head_ts) {
			evt[got] = (const struct scap_evt_hdr *)b.head;
			cpu[got++] = b.cpu;
			cpu_ring_step(&b);
		} else if (a.head_ts != UINT64_MAX) {
			evt[got] = (const struct scap_evt_hdr *)a.head;
			cpu[got++] = a.cpu;
			cpu_ring_step(&a);
		} else {
			break;
		}
	}
	rings[0] = a;
	rings[1] = b;
	return got;
}

unsigned bpf_rings_merge(struct bpf_ring *rings, unsigned n, const struct scap_evt_hdr **evt,
			 uint16_t *cpu, unsigned max)
{
	unsigned got = 0;

	/* the engine uses one kind for all its rings */
	if (n == 2 && rings[0].cpu_ring)
		return cpu_rings_merge_two(rings, evt, cpu, max);
	if (n && rings[0].cpu_ring)
		return cpu_rings_merge(rings, n, evt, cpu, max);

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
