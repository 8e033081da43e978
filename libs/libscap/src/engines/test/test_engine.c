// SPDX-License-Identifier: Apache-2.0
/*
 * The test engine replays events the caller supplies (scap_open_opts.test_events), so that
 * libsinsp, the CLI and their tests run without a driver or root. Events are checked like those
 * of any other source before they are handed out.
 */
#include <errno.h>

#include <scap/scap_event.h>

#include "engine.h"

struct test_engine {
	const struct scap_evt_hdr *const *events;
	size_t nevents;
	size_t next;
};

static int test_open(struct scap *h, const struct scap_open_opts *opts)
{
	struct test_engine *t = scap_engine_priv(h);

	if (opts->test_nevents && !opts->test_events) {
		scap_seterr(h, "test engine: test_nevents is %zu but test_events is NULL",
			    opts->test_nevents);
		return -EINVAL;
	}
	t->events = opts->test_events;
	t->nevents = opts->test_nevents;
	/* The state is borrowed: the caller keeps it alive for the handle's lifetime. */
	scap_set_state(h, (struct scap_state *)opts->test_state, false);
	return 0;
}

static int test_next(struct scap *h, const struct scap_evt_hdr **evt, uint16_t *cpu,
		     uint32_t *flags)
{
	struct test_engine *t = scap_engine_priv(h);
	const struct scap_evt_hdr *e;
	uint32_t len;

	if (t->next >= t->nevents)
		return -SCAP_ERR_EOF;
	e = t->events[t->next];
	memcpy(&len, &e->len, sizeof(len));
	if (scap_event_check(e, len)) {
		scap_seterr(h, "test engine: event %zu is malformed", t->next);
		return -SCAP_ERR_CORRUPT;
	}
	t->next++;
	*evt = e;
	*cpu = 0;
	*flags = 0;
	return 0;
}

const struct scap_engine_ops scap_engine_test = {
	.name = "test",
	.priv_size = sizeof(struct test_engine),
	.open = test_open,
	.next = test_next,
};
