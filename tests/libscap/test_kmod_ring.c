// SPDX-License-Identifier: Apache-2.0
/*
 * The kmod engine's reader (src/engines/kmod/kmod_ring.c) on rings in ordinary memory: on empty
 * rings each poll doubles the next sleep from 1 ms up to 30 ms, and an event brings it back to
 * 1 ms (the state is checked, not the clock); batches merge the rings in timestamp order, end
 * where a ring's snapshot runs out, and keep every event of a batch until the next call.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include <scap/scap.h>

#include "kmod_int.h"

#define RING_BYTES 4096u
#define NRINGS 2

/* Rings in ordinary memory, the data "mapped twice" by writing both copies. */
struct fake_rings {
	uint8_t data[NRINGS][2 * RING_BYTES];
	struct scap_ring_info info[NRINGS];
	struct kmod_dev dev[NRINGS];
	struct kmod_engine e;
};

static void rings_init(struct fake_rings *f)
{
	memset(f, 0, sizeof(*f));
	for (int i = 0; i < NRINGS; i++)
		f->dev[i] = (struct kmod_dev){ .fd = 0, .info = &f->info[i], .data = f->data[i] };
	f->e = (struct kmod_engine){ .ndevs = NRINGS, .devs = f->dev, .bufsize = RING_BYTES };
}

/* Append an event of len bytes stamped ts to ring i and publish it (len 0: a bad length). */
static void put_event(struct fake_rings *f, int i, uint64_t ts, uint32_t len)
{
	uint8_t ev[64] = { 0 };
	uint32_t head = f->info[i].head, n = len ? len : SCAP_EVT_HDR_SIZE;

	memcpy(ev, &ts, sizeof(ts));
	memcpy(ev + offsetof(struct scap_evt_hdr, len), &len, sizeof(len));
	for (uint32_t k = 0; k < n; k++) {
		f->data[i][(head + k) % RING_BYTES] = ev[k];
		f->data[i][(head + k) % RING_BYTES + RING_BYTES] = ev[k];
	}
	__atomic_store_n(&f->info[i].head, (head + n) % RING_BYTES, __ATOMIC_RELEASE);
}

static uint64_t ts_of(const struct scap_evt_hdr *e)
{
	return e->ts;
}

static void batches_merge_in_order_and_stop_where_a_snapshot_ends(void **state)
{
	static struct fake_rings f;
	const struct scap_evt_hdr *evt[8];
	uint16_t cpu[8];

	(void)state;
	rings_init(&f);
	put_event(&f, 0, 10, 40);
	put_event(&f, 0, 30, 40);
	put_event(&f, 1, 20, 32);
	put_event(&f, 1, 40, 48);
	put_event(&f, 1, 50, 40);
	/* 10 (cpu 0), 20 (1), 30 (0): ring 0's snapshot ends there */
	assert_int_equal(kmod_ring_next(&f.e, evt, cpu, 8), 3);
	assert_int_equal(ts_of(evt[0]), 10);
	assert_int_equal(cpu[0], 0);
	assert_int_equal(ts_of(evt[1]), 20);
	assert_int_equal(cpu[1], 1);
	assert_int_equal(ts_of(evt[2]), 30);
	assert_int_equal(cpu[2], 0);
	/* nothing given back to the "kernel" while the batch is in the caller's hands */
	assert_int_equal(f.info[0].tail, 0);
	assert_int_equal(f.info[1].tail, 0);
	/* ring 0 gets a new event older than ring 1's next: the refill sees it first */
	put_event(&f, 0, 35, 40);
	assert_int_equal(kmod_ring_next(&f.e, evt, cpu, 1), 1);
	assert_int_equal(ts_of(evt[0]), 35);
	assert_int_equal(f.info[0].tail, 80); /* the first snapshot of ring 0, released */
	assert_int_equal(kmod_ring_next(&f.e, evt, cpu, 8), 2);
	assert_int_equal(ts_of(evt[0]), 40);
	assert_int_equal(ts_of(evt[1]), 50);
	assert_int_equal(cpu[1], 1);
	/* all read: the next call releases everything, sleeps once and finds nothing */
	assert_int_equal(kmod_ring_next(&f.e, evt, cpu, 8), -EAGAIN);
	assert_int_equal(f.info[0].tail, f.info[0].head);
	assert_int_equal(f.info[1].tail, f.info[1].head);
}

static void a_malformed_event_ends_the_batch_then_names_its_cpu(void **state)
{
	static struct fake_rings f;
	const struct scap_evt_hdr *evt[8];
	uint16_t cpu[8];

	(void)state;
	rings_init(&f);
	put_event(&f, 0, 10, 40);
	put_event(&f, 1, 20, 40);
	put_event(&f, 1, 30, 0); /* a length shorter than a header */
	put_event(&f, 0, 40, 40);
	assert_int_equal(kmod_ring_next(&f.e, evt, cpu, 8), 2);
	assert_int_equal(ts_of(evt[1]), 20);
	assert_int_equal(kmod_ring_next(&f.e, evt, cpu, 8), -SCAP_ERR_CORRUPT);
	assert_int_equal(cpu[0], 1);
}

static void empty_polls_back_off_and_an_event_resets(void **state)
{
	static uint8_t data[2 * RING_BYTES];
	static struct scap_ring_info info;
	struct kmod_dev dev = { .fd = 0, .info = &info, .data = data };
	struct kmod_engine e = { .ndevs = 1, .devs = &dev, .bufsize = RING_BYTES };
	const uint32_t want[] = { 2000, 4000, 8000, 16000, 30000, 30000 };
	const struct scap_evt_hdr *evt;
	uint32_t len = SCAP_EVT_HDR_SIZE;
	uint16_t cpu;

	(void)state;
	for (unsigned i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		assert_int_equal(kmod_ring_next(&e, &evt, &cpu, 1), -EAGAIN);
		assert_int_equal(e.idle_wait_us, want[i]);
	}
	memcpy(data + offsetof(struct scap_evt_hdr, len), &len, sizeof(len));
	__atomic_store_n(&info.head, len, __ATOMIC_RELEASE);
	assert_int_equal(kmod_ring_next(&e, &evt, &cpu, 1), 1);
	assert_ptr_equal((const uint8_t *)evt, data);
	assert_int_equal(e.idle_wait_us, 1000);
	assert_int_equal(kmod_ring_next(&e, &evt, &cpu, 1), -EAGAIN);
	assert_int_equal(e.idle_wait_us, 2000);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(empty_polls_back_off_and_an_event_resets),
		cmocka_unit_test(batches_merge_in_order_and_stop_where_a_snapshot_ends),
		cmocka_unit_test(a_malformed_event_ends_the_batch_then_names_its_cpu),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
