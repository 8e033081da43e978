// SPDX-License-Identifier: Apache-2.0
/*
 * The kmod engine's reader on empty rings (src/engines/kmod/kmod_ring.c, on a ring in ordinary
 * memory): each empty poll doubles the next sleep from 1 ms up to 30 ms, and an event brings it
 * back to 1 ms. The state is checked, not the clock.
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
		assert_int_equal(kmod_ring_next(&e, &evt, &cpu), -EAGAIN);
		assert_int_equal(e.idle_wait_us, want[i]);
	}
	memcpy(data + offsetof(struct scap_evt_hdr, len), &len, sizeof(len));
	__atomic_store_n(&info.head, len, __ATOMIC_RELEASE);
	assert_int_equal(kmod_ring_next(&e, &evt, &cpu), 0);
	assert_ptr_equal((const uint8_t *)evt, data);
	assert_int_equal(e.idle_wait_us, 1000);
	assert_int_equal(kmod_ring_next(&e, &evt, &cpu), -EAGAIN);
	assert_int_equal(e.idle_wait_us, 2000);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(empty_polls_back_off_and_an_event_resets),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
