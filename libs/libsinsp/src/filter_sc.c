// SPDX-License-Identifier: Apache-2.0
/*
 * The syscalls a condition needs captured: what its evt.type tests allow, plus the state set.
 * The result may be wider than the condition (a test this file does not understand allows
 * everything) but never narrower: an event the condition could match is never left out.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <scap/scap_event.h>
#include <sinsp/fields.h>
#include <sinsp/filter.h>
#include <sinsp/sinsp.h>

#include "filter_internal.h"

/* Tracepoints are selected by ppm_sc as syscalls are; these are the events they produce. */
static const struct {
	uint16_t sc;
	uint16_t evt;
} g_tp_events[] = {
	{ SCAP_SC_SCHED_PROCESS_EXIT, SCAP_EVT_PROCEXIT_1_E },
	{ SCAP_SC_SCHED_SWITCH, SCAP_EVT_SCHEDSWITCH_6_E },
	{ SCAP_SC_SIGNAL_DELIVER, SCAP_EVT_SIGNALDELIVER_E },
	{ SCAP_SC_PAGE_FAULT_USER, SCAP_EVT_PAGE_FAULT_E },
	{ SCAP_SC_PAGE_FAULT_KERNEL, SCAP_EVT_PAGE_FAULT_E },
};

static int evt_modifies_state(uint16_t type)
{
	const struct scap_event_info *info = type ? scap_event_get_info(type) : NULL;

	return info && (info->flags & SCAP_EF_MODIFIES_STATE);
}

void sinsp_state_sc_set(uint8_t *sc_set)
{
	for (int sc = 0; sc < SCAP_SC_MAX; sc++) {
		const struct scap_syscall_info *si = &scap_syscall_table[sc];

		sc_set[sc] =
			evt_modifies_state(si->exit_event) || evt_modifies_state(si->enter_event);
	}
	for (size_t i = 0; i < sizeof(g_tp_events) / sizeof(g_tp_events[0]); i++)
		if (evt_modifies_state(g_tp_events[i].evt))
			sc_set[g_tp_events[i].sc] = 1;
}

static int evt_named(uint16_t type, const char *name, size_t len)
{
	const struct scap_event_info *info = type ? scap_event_get_info(type) : NULL;

	return info && strlen(info->name) == len && !memcmp(info->name, name, len);
}

/*
 * Every ppm_sc whose events evt.type reports as this name: a syscall reported as GENERIC_X
 * (evt.type is its own name), a syscall whose dedicated event has the name ("pread" is
 * pread64's), or a tracepoint's event ("procexit"). A name nothing produces selects nothing.
 */
static void add_type(uint8_t *set, const char *name, size_t len)
{
	for (int sc = 1; sc < SCAP_SC_MAX; sc++) {
		const struct scap_syscall_info *si = &scap_syscall_table[sc];
		const char *n = scap_sc_names[sc];

		if ((n && strlen(n) == len && !memcmp(n, name, len)) ||
		    evt_named(si->exit_event, name, len) || evt_named(si->enter_event, name, len))
			set[sc] = 1;
	}
	for (size_t i = 0; i < sizeof(g_tp_events) / sizeof(g_tp_events[0]); i++)
		if (evt_named(g_tp_events[i].evt, name, len))
			set[g_tp_events[i].sc] = 1;
}

/*
 * The ppm_sc set node n can match, into set (SCAP_SC_MAX bytes): 1 when it is restricted, 0
 * when n can match any type (set untouched), -ENOMEM. A negation allows everything: "not
 * evt.type = open" says nothing about which types remain once other tests are combined in.
 */
static int node_set(const struct fnode *n, int type_id, uint8_t *set)
{
	uint8_t *l, *r;
	int lr, rr;

	switch (n->kind) {
	case FN_CHECK:
		if (n->ref.id != type_id || (n->op != OP_EQ && n->op != OP_IN))
			return 0;
		memset(set, 0, SCAP_SC_MAX);
		for (size_t i = 0; i < n->nlits; i++)
			add_type(set, n->lits[i].s, n->lits[i].len);
		return 1;
	case FN_AND:
	case FN_OR:
		l = calloc(2, SCAP_SC_MAX);
		if (!l)
			return -ENOMEM;
		r = l + SCAP_SC_MAX;
		lr = node_set(n->l, type_id, l);
		rr = lr < 0 ? lr : node_set(n->r, type_id, r);
		if (lr < 0 || rr < 0) {
			free(l);
			return -ENOMEM;
		}
		if (n->kind == FN_OR && !(lr && rr)) { /* one side may match anything */
			free(l);
			return 0;
		}
		if (n->kind == FN_AND && !lr && !rr) {
			free(l);
			return 0;
		}
		for (int sc = 0; sc < SCAP_SC_MAX; sc++) {
			if (n->kind == FN_OR)
				set[sc] = l[sc] || r[sc];
			else /* one unrestricted side leaves the other's set */
				set[sc] = (!lr || l[sc]) && (!rr || r[sc]);
		}
		free(l);
		return 1;
	default:
		return 0;
	}
}

int sinsp_filter_sc_set(const char *cond, uint8_t *sc_set, char *err, size_t errlen)
{
	struct sinsp_field_provider p = sinsp_fields_provider(NULL);
	struct sinsp_field_ref ref = { .argidx = -1 };
	struct sinsp_filter *f = NULL;
	uint8_t *state;
	int rc;

	memset(sc_set, 1, SCAP_SC_MAX);
	sc_set[SCAP_SC_UNKNOWN] = 0;
	if (!cond || !*cond)
		return 0;
	rc = sinsp_filter_compile(cond, &p, &f, err, errlen);
	if (rc)
		return rc;
	if (p.lookup(p.ud, "evt.type", NULL, &ref)) {
		sinsp_filter_free(f);
		return -ENOENT; /* not expected: the library's own field */
	}
	state = calloc(1, SCAP_SC_MAX);
	rc = state ? node_set(f->root, ref.id, sc_set) : -ENOMEM;
	if (rc > 0) {
		sinsp_state_sc_set(state);
		for (int sc = 0; sc < SCAP_SC_MAX; sc++)
			sc_set[sc] |= state[sc];
	} else if (rc == 0) {
		memset(sc_set, 1, SCAP_SC_MAX);
		sc_set[SCAP_SC_UNKNOWN] = 0;
	}
	free(state);
	sinsp_filter_free(f);
	return rc;
}
