// SPDX-License-Identifier: Apache-2.0
/*
 * The bpf engine's ring reader (src/engines/bpf/bpf_ring.c) on rings laid out in ordinary
 * memory as the kernel lays out BPF_MAP_TYPE_RINGBUF: 8-byte record headers (length, busy and
 * discard bits), 8-byte alignment, data mapped twice so a record across the end is contiguous;
 * and as the probe lays out its CPU rings (syscap/bpf_maps.h): bare events 8 bytes apart, a pad
 * marker where the next one did not fit before the end.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <scap/scap.h>
#include <syscap/bpf_maps.h>

#include "bpf_ring.h"

#define RING_SIZE 4096u

struct fake {
	struct bpf_ring r;
	unsigned long consumer, producer;
	uint8_t data[2 * RING_SIZE];
};

/* A reader's view of a ring in ordinary memory, both positions at start. */
static void view_init(struct bpf_ring *r, int cpu_ring, uint16_t cpu, unsigned long *cons,
		      unsigned long *prod, uint8_t *data, uint64_t start)
{
	memset(r, 0, sizeof(*r));
	r->cpu_ring = cpu_ring;
	r->cpu = cpu;
	r->size = RING_SIZE;
	r->mask = RING_SIZE - 1;
	r->consumer_pos = cons;
	r->producer_pos = prod;
	r->data = data;
	*cons = *prod = start;
	bpf_ring_init(r);
}

static void fake_init(struct fake *f, uint16_t cpu, uint64_t start)
{
	memset(f, 0, sizeof(*f));
	view_init(&f->r, 0, cpu, &f->consumer, &f->producer, f->data, start);
}

/* An event of len bytes with timestamp ts (and its length, when len holds a header). */
static void make_event(uint8_t *ev, size_t size, uint64_t ts, uint32_t len)
{
	assert_true(len <= size);
	memset(ev, 0, size);
	memcpy(ev, &ts, sizeof(ts));
	if (len >= SCAP_EVT_HDR_SIZE)
		memcpy(ev + offsetof(struct scap_evt_hdr, len), &len, sizeof(len));
}

/* Write bytes at ring position pos in both mappings of the data. */
static void put(struct fake *f, uint64_t pos, const void *src, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		uint64_t o = (pos + i) & (RING_SIZE - 1);

		f->data[o] = ((const uint8_t *)src)[i];
		f->data[o + RING_SIZE] = ((const uint8_t *)src)[i];
	}
}

/*
 * Append a record of len bytes (an event with timestamp ts when len allows), header flags
 * hdr_flags; committed to the producer position. Returns the record's position.
 */
static uint64_t append(struct fake *f, uint64_t ts, uint32_t len, uint32_t hdr_flags)
{
	uint64_t pos = f->producer;
	uint8_t ev[64];
	uint32_t hdr = len | hdr_flags;

	make_event(ev, sizeof(ev), ts, len);
	put(f, pos + BPF_RING_HDR, ev, len);
	put(f, pos, &hdr, sizeof(hdr));
	f->producer = pos + ((BPF_RING_HDR + len + 7) & ~7ull);
	return pos;
}

static uint64_t ts_of(const struct scap_evt_hdr *e)
{
	uint64_t ts;

	memcpy(&ts, e, sizeof(ts));
	return ts;
}

/* Merge a batch of up to max from n rings into evt/cpu and check its timestamps are want[]. */
static void merge_expect(struct bpf_ring *rings, unsigned n, unsigned max,
			 const struct scap_evt_hdr **evt, uint16_t *cpu, const uint64_t *want,
			 unsigned nwant)
{
	assert_int_equal(bpf_rings_merge(rings, n, evt, cpu, max), nwant);
	for (unsigned i = 0; i < nwant; i++)
		assert_int_equal(ts_of(evt[i]), want[i]);
}

static void three_rings_merge_in_order(void **state)
{
	static struct fake f[3];
	struct bpf_ring rings[3];
	const struct scap_evt_hdr *evt[64];
	uint16_t cpu[64];
	unsigned n;

	(void)state;
	for (int i = 0; i < 3; i++)
		fake_init(&f[i], (uint16_t)(10 + i), 0);
	/* ring i holds i+1, i+4, i+7, ...: the merge must interleave them */
	for (uint64_t ts = 1; ts <= 30; ts++)
		append(&f[(ts - 1) % 3], ts, 34, 0);
	for (int i = 0; i < 3; i++)
		rings[i] = f[i].r;
	n = bpf_rings_merge(rings, 3, evt, cpu, 64);
	assert_int_equal(n, 30);
	for (unsigned i = 0; i < n; i++) {
		assert_int_equal(ts_of(evt[i]), i + 1);
		assert_int_equal(cpu[i], 10 + i % 3);
	}
	/* nothing is given back before the caller asks for the next batch */
	for (int i = 0; i < 3; i++)
		assert_int_equal(f[i].consumer, 0);
	assert_int_equal(bpf_rings_merge(rings, 3, evt, cpu, 64), 0);
	bpf_rings_release(rings, 3);
	for (int i = 0; i < 3; i++)
		assert_int_equal(f[i].consumer, f[i].producer);
}

static void batches_stop_at_max_and_release_what_was_handed_out(void **state)
{
	static struct fake f;
	const struct scap_evt_hdr *evt[4];
	uint16_t cpu[4];
	uint64_t pos[10];

	(void)state;
	fake_init(&f, 0, 0);
	for (int i = 0; i < 10; i++)
		pos[i] = append(&f, 100 + i, 40, 0);
	assert_int_equal(bpf_rings_merge(&f.r, 1, evt, cpu, 4), 4);
	assert_int_equal(ts_of(evt[3]), 103);
	assert_int_equal(f.consumer, 0);
	bpf_rings_release(&f.r, 1);
	assert_int_equal(f.consumer, pos[4]);
	assert_int_equal(bpf_rings_merge(&f.r, 1, evt, cpu, 4), 4);
	assert_int_equal(ts_of(evt[0]), 104);
	bpf_rings_release(&f.r, 1);
	assert_int_equal(f.consumer, pos[8]);
	assert_int_equal(bpf_rings_merge(&f.r, 1, evt, cpu, 4), 2);
	assert_int_equal(ts_of(evt[1]), 109);
}

static void busy_record_holds_its_ring_only(void **state)
{
	static struct fake f[2];
	struct bpf_ring rings[2];
	const struct scap_evt_hdr *evt[16];
	uint16_t cpu[16];
	uint64_t busy;
	uint32_t hdr = 34;

	(void)state;
	fake_init(&f[0], 0, 0);
	fake_init(&f[1], 1, 0);
	append(&f[0], 1, 34, 0);
	busy = append(&f[0], 2, 34, BPF_RING_BUSY); /* reserved, not yet submitted */
	append(&f[0], 5, 34, 0);
	append(&f[1], 3, 34, 0);
	append(&f[1], 4, 34, 0);
	rings[0] = f[0].r;
	rings[1] = f[1].r;
	merge_expect(rings, 2, 16, evt, cpu, (const uint64_t[]){ 1, 3, 4 }, 3);
	bpf_rings_release(rings, 2);
	assert_int_equal(f[0].consumer, busy);
	put(&f[0], busy, &hdr, sizeof(hdr)); /* submitted */
	assert_int_equal(bpf_rings_merge(rings, 2, evt, cpu, 16), 2);
	assert_int_equal(ts_of(evt[0]), 2);
	assert_int_equal(ts_of(evt[1]), 5);
}

static void discarded_and_short_records_are_skipped(void **state)
{
	static struct fake f;
	const struct scap_evt_hdr *evt[8];
	uint16_t cpu[8];

	(void)state;
	fake_init(&f, 0, 0);
	append(&f, 1, 34, BPF_RING_DISCARD);
	append(&f, 2, 34, 0);
	append(&f, 3, 12, 0); /* shorter than an event header */
	append(&f, 4, 34, BPF_RING_DISCARD);
	assert_int_equal(bpf_rings_merge(&f.r, 1, evt, cpu, 8), 1);
	assert_int_equal(ts_of(evt[0]), 2);
	bpf_rings_release(&f.r, 1);
	assert_int_equal(f.consumer, f.producer); /* the skipped space is given back too */
}

static void records_across_the_end_and_late_arrivals(void **state)
{
	static struct fake f;
	const struct scap_evt_hdr *evt[8];
	uint16_t cpu[8];
	uint32_t len;

	(void)state;
	/* positions keep growing past the size; the first record starts 16 bytes before the end */
	fake_init(&f, 7, 5 * (uint64_t)RING_SIZE - 16);
	append(&f, 42, 60, 0);
	assert_int_equal(bpf_rings_merge(&f.r, 1, evt, cpu, 8), 1);
	assert_ptr_equal((const uint8_t *)evt[0], f.data + RING_SIZE - 16 + BPF_RING_HDR);
	assert_int_equal(ts_of(evt[0]), 42);
	memcpy(&len, (const uint8_t *)evt[0] + offsetof(struct scap_evt_hdr, len), sizeof(len));
	assert_int_equal(len, 60); /* read whole through the second mapping */
	assert_int_equal(cpu[0], 7);
	/* a ring found empty is looked at again in the next batch, or after a wakeup */
	assert_int_equal(bpf_rings_merge(&f.r, 1, evt, cpu, 8), 0);
	append(&f, 43, 34, 0);
	assert_int_equal(bpf_rings_merge(&f.r, 1, evt, cpu, 8), 0);
	bpf_rings_rewet(&f.r, 1);
	assert_int_equal(bpf_rings_merge(&f.r, 1, evt, cpu, 8), 1);
	assert_int_equal(ts_of(evt[0]), 43);
	append(&f, 44, 34, 0);
	bpf_rings_release(&f.r, 1);
	assert_int_equal(bpf_rings_merge(&f.r, 1, evt, cpu, 8), 1);
	assert_int_equal(ts_of(evt[0]), 44);
}

/* A CPU ring as the probe writes it, with room past the end as the engine maps it. */
struct cfake {
	struct bpf_ring r;
	unsigned long cons, prod;
	uint8_t data[RING_SIZE + 64];
};

static void cfake_init(struct cfake *f, uint16_t cpu, uint64_t start)
{
	memset(f, 0, sizeof(*f));
	view_init(&f->r, 1, cpu, &f->cons, &f->prod, f->data, start);
}

/* Write an event of len bytes as the probe does (padding at the end); publish it if asked. */
static uint64_t cpu_append(struct cfake *f, uint64_t ts, uint32_t len, int publish)
{
	uint64_t need = (len + 7) & ~7ull, pos = f->prod, off = pos & (RING_SIZE - 1);
	uint64_t pad = SYSCAP_BPF_CPU_RING_PAD;
	uint8_t ev[64];

	make_event(ev, sizeof(ev), ts, len);
	if (off + need > RING_SIZE) {
		memcpy(f->data + off, &pad, sizeof(pad));
		pos += RING_SIZE - off;
		off = 0;
	}
	memcpy(f->data + off, ev, len);
	if (publish)
		f->prod = pos + need;
	return pos;
}

static void cpu_rings_merge_across_the_pad(void **state)
{
	static struct cfake f[2];
	struct bpf_ring rings[2];
	const struct scap_evt_hdr *evt[8];
	uint16_t cpu[8];
	uint64_t at;

	(void)state;
	/* ring 0: one event fits before the end, the next one starts over at the beginning */
	cfake_init(&f[0], 4, 3 * (uint64_t)RING_SIZE - 48);
	cfake_init(&f[1], 5, 0);
	cpu_append(&f[0], 10, 34, 1);
	at = cpu_append(&f[0], 30, 34, 1);
	assert_int_equal(at, 3 * (uint64_t)RING_SIZE); /* the last 8 bytes hold the pad marker */
	cpu_append(&f[1], 20, 60, 1);
	cpu_append(&f[1], 40, 26, 1);
	rings[0] = f[0].r;
	rings[1] = f[1].r;
	assert_int_equal(bpf_rings_merge(rings, 2, evt, cpu, 8), 4);
	for (int i = 0; i < 4; i++)
		assert_int_equal(ts_of(evt[i]), 10 * (i + 1));
	assert_int_equal(cpu[0], 4);
	assert_int_equal(cpu[1], 5);
	assert_ptr_equal((const uint8_t *)evt[0], f[0].data + RING_SIZE - 48);
	assert_ptr_equal((const uint8_t *)evt[2], f[0].data);
	assert_int_equal(f[0].cons, 3 * (uint64_t)RING_SIZE - 48);
	bpf_rings_release(rings, 2);
	assert_int_equal(f[0].cons, f[0].prod);
	assert_int_equal(f[1].cons, 64 + 32);
}

static void cpu_ring_reads_only_what_is_published(void **state)
{
	static struct cfake f;
	const struct scap_evt_hdr *evt[8];
	uint16_t cpu[8];

	(void)state;
	cfake_init(&f, 0, 0);
	cpu_append(&f, 1, 34, 1);
	cpu_append(&f, 2, 34, 0); /* written, prod not yet moved */
	assert_int_equal(bpf_rings_merge(&f.r, 1, evt, cpu, 8), 1);
	assert_int_equal(ts_of(evt[0]), 1);
	f.prod += 40;
	assert_int_equal(bpf_rings_merge(&f.r, 1, evt, cpu, 8), 0); /* dry until the next batch */
	bpf_rings_release(&f.r, 1);
	assert_int_equal(bpf_rings_merge(&f.r, 1, evt, cpu, 8), 1);
	assert_int_equal(ts_of(evt[0]), 2);
}

static void cpu_ring_bad_length_skips_what_was_published(void **state)
{
	static struct cfake f;
	const struct scap_evt_hdr *evt[8];
	uint16_t cpu[8];

	(void)state;
	cfake_init(&f, 0, 0);
	cpu_append(&f, 1, 34, 1);
	cpu_append(&f, 2, 12, 1); /* shorter than a header: no producer writes that */
	cpu_append(&f, 3, 34, 1);
	assert_int_equal(bpf_rings_merge(&f.r, 1, evt, cpu, 8), 1);
	assert_int_equal(ts_of(evt[0]), 1);
	bpf_rings_release(&f.r, 1);
	assert_int_equal(f.cons, f.prod);
	/* a length past the end of the data, then a good event after it */
	cpu_append(&f, 4, 34, 1);
	{
		uint32_t huge = RING_SIZE;

		memcpy(f.data + (f.prod - 40) % RING_SIZE + 16, &huge, sizeof(huge));
	}
	assert_int_equal(bpf_rings_merge(&f.r, 1, evt, cpu, 8), 0);
	cpu_append(&f, 5, 34, 1);
	bpf_rings_release(&f.r, 1);
	assert_int_equal(bpf_rings_merge(&f.r, 1, evt, cpu, 8), 1);
	assert_int_equal(ts_of(evt[0]), 5);
}

static void cpu_rings_two_with_a_bad_length(void **state)
{
	static struct cfake f[2];
	struct bpf_ring rings[2];
	const struct scap_evt_hdr *evt[8];
	uint16_t cpu[8];

	(void)state;
	cfake_init(&f[0], 0, 0);
	cfake_init(&f[1], 1, 0);
	cpu_append(&f[0], 1, 34, 1);
	cpu_append(&f[0], 3, 12, 1); /* no producer writes that: what ring 0 published is skipped */
	cpu_append(&f[0], 5, 34, 1);
	cpu_append(&f[1], 2, 34, 1);
	cpu_append(&f[1], 4, 34, 1);
	rings[0] = f[0].r;
	rings[1] = f[1].r;
	merge_expect(rings, 2, 8, evt, cpu, (const uint64_t[]){ 1, 2, 4 }, 3);
	assert_int_equal(cpu[2], 1);
	bpf_rings_release(rings, 2);
	assert_int_equal(f[0].cons, f[0].prod);
	assert_int_equal(f[1].cons, f[1].prod);
	cpu_append(&f[0], 6, 34, 1); /* the ring goes on after the skipped part */
	assert_int_equal(bpf_rings_merge(rings, 2, evt, cpu, 8), 1);
	assert_int_equal(ts_of(evt[0]), 6);
}

/*
 * 1, 2, 3 and 5 CPU rings starting near their end, fed at random (ring, length, how many
 * before the reader runs) and read in batches of random size: every published event comes out
 * once, in timestamp order, from its own ring, and each ring's consumer position ends at its
 * producer position. Covers both merges (two rings, any number) across pads.
 */
static void cpu_rings_random_feed_and_batches(void **state)
{
	static struct cfake f[5];
	const unsigned counts[] = { 1, 2, 3, 5 };
	const struct scap_evt_hdr *evt[32];
	uint16_t cpu[32];

	(void)state;
	srand(7);
	for (unsigned c = 0; c < sizeof(counts) / sizeof(counts[0]); c++) {
		unsigned n = counts[c];
		struct bpf_ring rings[5];
		uint64_t next_ts = 1, want = 1;

		for (unsigned i = 0; i < n; i++) {
			cfake_init(&f[i], (uint16_t)(20 + i),
				   (uint64_t)(3 + i) * RING_SIZE - 8 * (uint64_t)(rand() % 64));
			rings[i] = f[i].r;
		}
		while (next_ts <= 3000) {
			unsigned burst = (unsigned)(rand() % 40), max = 1 + (unsigned)(rand() % 32), got;

			for (unsigned k = 0; k < burst && next_ts <= 3000; k++) {
				unsigned i = (unsigned)rand() % n;
				uint32_t len = SCAP_EVT_HDR_SIZE + (uint32_t)(rand() % 39);

				if (f[i].prod + 2 * 64 - f[i].cons > RING_SIZE / 2)
					break; /* let the reader catch up */
				cpu_append(&f[i], next_ts++, len, 1);
			}
			bpf_rings_release(rings, n);
			do {
				got = bpf_rings_merge(rings, n, evt, cpu, max);
				for (unsigned j = 0; j < got; j++) {
					uint64_t ts = ts_of(evt[j]);
					const struct cfake *from = &f[cpu[j] - 20];

					assert_int_equal(ts, want++);
					assert_true((const uint8_t *)evt[j] >= from->data &&
						    (const uint8_t *)evt[j] < from->data + RING_SIZE);
				}
				bpf_rings_release(rings, n);
			} while (got == max);
		}
		assert_int_equal(want, next_ts);
		for (unsigned i = 0; i < n; i++)
			assert_int_equal(f[i].cons, f[i].prod);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(three_rings_merge_in_order),
		cmocka_unit_test(batches_stop_at_max_and_release_what_was_handed_out),
		cmocka_unit_test(busy_record_holds_its_ring_only),
		cmocka_unit_test(discarded_and_short_records_are_skipped),
		cmocka_unit_test(records_across_the_end_and_late_arrivals),
		cmocka_unit_test(cpu_rings_merge_across_the_pad),
		cmocka_unit_test(cpu_ring_reads_only_what_is_published),
		cmocka_unit_test(cpu_ring_bad_length_skips_what_was_published),
		cmocka_unit_test(cpu_rings_two_with_a_bad_length),
		cmocka_unit_test(cpu_rings_random_feed_and_batches),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
