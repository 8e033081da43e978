// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * scap_event_table: events.def expanded into one parameter array per event plus the table that
 * points at them. Compiled into the kernel module and libscap alike.
 */
#include "../include/uapi/syscap/event_table.h"

#define P(n, t, f) { .name = n, .type = SCAP_PT_##t, .fmt = SCAP_FMT_##f }
#define PF(n, t, f, tbl) { .name = n, .type = SCAP_PT_##t, .fmt = SCAP_FMT_##f, .names = scap_names_##tbl }
#define PR(n, t, f, idx) { .name = n, .type = SCAP_PT_##t, .fmt = SCAP_FMT_##f, .dirfd = idx }
#define PD(n, t, f, tbl)                                                                      \
	{ .name = n, .type = SCAP_PT_##t, .fmt = SCAP_FMT_##f, .dyn = scap_dyn_##tbl,            \
	  .ndyn = sizeof(scap_dyn_##tbl) / sizeof(scap_dyn_##tbl[0]) }

/* One array per event; the static assert keeps each declared count honest. */
#define SCAP_EVENT(code, nm, cat, fl, np, ...)                                                \
	static const struct scap_param_info params_##code[] = { __VA_ARGS__ };                  \
	_Static_assert(sizeof(params_##code) / sizeof(struct scap_param_info) == (np),           \
		       "nparams of " #code " disagrees with its parameter list");                \
	_Static_assert((np) <= SCAP_MAX_EVENT_PARAMS, #code " has too many parameters");
#include "../include/uapi/syscap/events.def"
#undef SCAP_EVENT

const struct scap_event_info scap_event_table[SCAP_EVT_MAX] = {
#define SCAP_EVENT(code, nm, cat, fl, np, ...)                                                \
	[SCAP_EVT_##code] = { .name = nm, .category = (cat), .flags = (fl), .nparams = (np),    \
			      .params = params_##code },
#include "../include/uapi/syscap/events.def"
#undef SCAP_EVENT
};
