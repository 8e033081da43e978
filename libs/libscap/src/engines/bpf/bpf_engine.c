/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The "bpf" engine: live capture through syscap.bpf.o (bpf_probe.c), configured from the
 * schema tables this libscap is built with, so probe and consumer never disagree on layouts.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <scap/scap.h>
#include <scap/scap_event.h>
#include <scap/scap_state.h>
#include <syscap/event_table.h>
#include <syscap/sc.h>

#include "bpf_probe.h"
#include "engine.h"
#include "log.h"

#ifndef SYSCAP_BPF_OBJECT_PATH
#define SYSCAP_BPF_OBJECT_PATH "/usr/lib/syscap/syscap.bpf.o"
#endif
#define DEFAULT_BUFFER_BYTES (8u << 20)
/*
 * How long next_batch() sleeps on empty rings before returning -EAGAIN. The probe's doorbell
 * ends the sleep as soon as a CPU has written wakeup_bytes, so this only bounds how late a
 * trickle of events is seen. Every sleep that ends with nothing doubles it up to WAIT_MAX_MS
 * (the reference's engine sleeps up to 30 ms too); events bring it back to WAIT_MIN_MS. An
 * idle consumer wakes about 33 times a second instead of 100 (each wakeup costs 30-70 us of
 * CPU on a virtual machine).
 */
#define WAIT_MIN_MS 10
#define WAIT_MAX_MS 30

struct bpf_engine {
	struct syscap_probe *probe;
	int wait_ms;
};

/* Enter events still produced (TOCTOU: the arguments as the kernel is about to use them). */
static int is_toctou_enter(uint16_t evt)
{
	return evt == SCAP_EVT_SYSCALL_OPEN_E || evt == SCAP_EVT_SYSCALL_OPENAT_2_E ||
	       evt == SCAP_EVT_SYSCALL_OPENAT2_E || evt == SCAP_EVT_SYSCALL_CREAT_E ||
	       evt == SCAP_EVT_SOCKET_CONNECT_E;
}

static void fill_syscalls(struct syscap_bpf_syscall *t, const uint8_t *sc_set)
{
	for (unsigned nr = 0; nr < SYSCAP_BPF_NATIVE_MAX && nr < SCAP_NATIVE_MAX; nr++) {
		uint16_t sc = scap_native_x86_64[nr];
		const struct scap_syscall_info *si;

		memset(&t[nr], 0, sizeof(t[nr]));
		if (sc == 0 || sc >= SCAP_SC_MAX)
			continue; /* not a syscall of this architecture: nothing is reported */
		si = &scap_syscall_table[sc];
		t[nr].ppm_sc = sc;
		t[nr].exit_evt = si->exit_event ? si->exit_event : SCAP_EVT_GENERIC_X;
		t[nr].enter_evt = is_toctou_enter(si->enter_event) ? si->enter_event : 0;
		if (si->flags & SCAP_UF_NEVER_DROP)
			t[nr].flags |= SYSCAP_BPF_SC_NEVER_DROP;
		if (si->flags & SCAP_UF_ALWAYS_DROP)
			t[nr].flags |= SYSCAP_BPF_SC_ALWAYS_DROP;
		t[nr].interesting = sc_set ? !!sc_set[sc] : 1;
	}
	syscap_probe_ia32_flags(t);
}

static void probe_log(void *ctx, int debug, const char *msg)
{
	size_t n = strlen(msg);

	while (n && msg[n - 1] == '\n')
		n--;
	if (debug)
		scap_log(SCAP_LOG_DEBUG, "libscap: bpf: %.*s", (int)n, msg);
	else
		scap_log(SCAP_LOG_INFO, "libscap: bpf: %.*s", (int)n, msg);
}

static int bpf_open(struct scap *h, const struct scap_open_opts *o)
{
	struct bpf_engine *e = scap_engine_priv(h);
	static struct syscap_bpf_syscall syscalls[SYSCAP_BPF_NATIVE_MAX];
	uint8_t nparams[SCAP_EVT_MAX], cats[SCAP_EVT_MAX];
	struct syscap_probe_opts po = { 0 };
	const char *path = o->bpf_object;
	const char *attach = getenv("SYSCAP_BPF_ATTACH");
	const char *toctou = getenv("SYSCAP_BPF_TOCTOU");
	const char *rings = getenv("SYSCAP_BPF_RINGS");
	const char *exits = getenv("SYSCAP_BPF_EXIT");
	const char *sample = getenv("SYSCAP_BPF_EXIT_SAMPLE_MS");
	uint64_t api, schema;
	char err[1024] = "";
	int rc;

	if (!path || !*path)
		path = getenv("SYSCAP_BPF_OBJECT");
	if (!path || !*path)
		path = SYSCAP_BPF_OBJECT_PATH;
	if (access(path, R_OK)) {
		rc = -errno;
		scap_seterr(h,
			    "bpf: probe object '%s': %s (install syscap or set SYSCAP_BPF_OBJECT)",
			    path, strerror(-rc));
		return rc;
	}
	if (access("/sys/kernel/btf/vmlinux", R_OK)) {
		scap_seterr(h,
			    "bpf: the running kernel exposes no BTF (/sys/kernel/btf/vmlinux); the "
			    "CO-RE probe needs a kernel built with CONFIG_DEBUG_INFO_BTF");
		return -SCAP_ERR_UNSUPPORTED;
	}
	if (o->snaplen > SCAP_MAX_SNAPLEN) {
		scap_seterr(h, "bpf: snaplen %u is above the maximum %u", o->snaplen,
			    SCAP_MAX_SNAPLEN);
		return -EINVAL;
	}
	fill_syscalls(syscalls, o->sc_set);
	for (unsigned i = 0; i < SCAP_EVT_MAX; i++) {
		nparams[i] = scap_event_table[i].nparams;
		cats[i] = scap_drop_category_of(i);
	}
	po.path = path;
	po.buffer_bytes = o->buffer_bytes ? o->buffer_bytes : DEFAULT_BUFFER_BYTES;
	po.cpus_per_buffer = o->cpus_per_buffer ? o->cpus_per_buffer : 1;
	po.snaplen = o->snaplen ? o->snaplen : SCAP_DEFAULT_SNAPLEN;
	po.force_raw_tracepoint = attach && !strcmp(attach, "raw_tracepoint");
	po.toctou_sys_enter = toctou && !strcmp(toctou, "sys_enter");
	po.bpf_ringbufs = rings && !strcmp(rings, "bpf");
	if (exits && !strcmp(exits, "sys_exit"))
		po.exit_mode = SYSCAP_PROBE_EXIT_SYS_EXIT;
	else if (exits && !strcmp(exits, "trace_events"))
		po.exit_mode = SYSCAP_PROBE_EXIT_EVENTS;
	else if (exits && *exits && strcmp(exits, "auto")) {
		scap_seterr(h, "bpf: SYSCAP_BPF_EXIT=%s: expected auto, sys_exit or trace_events",
			    exits);
		return -EINVAL;
	}
	if (sample && *sample) {
		char *end;
		long ms;

		errno = 0;
		ms = strtol(sample, &end, 10);
		if (errno || *end || ms < 0 || ms > 10000) {
			scap_seterr(h, "bpf: SYSCAP_BPF_EXIT_SAMPLE_MS=%s: expected 0 to 10000",
				    sample);
			return -EINVAL;
		}
		po.exit_sample_ms = ms ? (int)ms : -1;
	}
	po.tracefs = getenv("SYSCAP_TRACEFS");
	if (po.tracefs && !*po.tracefs)
		po.tracefs = NULL;
	po.syscalls = syscalls;
	po.event_nparams = nparams;
	po.event_drop_category = cats;
	po.evt_max = SCAP_EVT_MAX;
	if (o->sc_set && o->sc_set[SCAP_SC_SCHED_SWITCH])
		po.tp_mask |= 1u << SYSCAP_PROBE_TP_SCHED_SWITCH;
	if (o->sc_set && o->sc_set[SCAP_SC_SIGNAL_DELIVER])
		po.tp_mask |= 1u << SYSCAP_PROBE_TP_SIGNAL_DELIVER;
	po.check_versions = scap_check_driver_versions;
	po.log = probe_log;
	e->wait_ms = WAIT_MIN_MS;
	rc = syscap_probe_open(&e->probe, &po, err, sizeof(err));
	if (rc) {
		/* the first bpf() call that needs privileges may be a map, a load or an attach */
		static const char perm[] =
			" (live capture needs root, or CAP_BPF and CAP_PERFMON; "
			"before Linux 5.11 also an RLIMIT_MEMLOCK above the rings' "
			"size)";

		scap_seterr(h, "bpf: %s%s", err, rc == -EPERM ? perm : "");
		return rc;
	}
	syscap_probe_versions(e->probe, &api, &schema);
	pr_info("bpf: %s attached with %s, %u ring(s) of %llu bytes, API %llu.%llu.%llu, schema "
		"%llu.%llu.%llu",
		path, syscap_probe_attach_mode(e->probe), syscap_probe_nrings(e->probe),
		(unsigned long long)po.buffer_bytes, SCAP_VERSION_MAJOR(api),
		SCAP_VERSION_MINOR(api), SCAP_VERSION_PATCH(api), SCAP_VERSION_MAJOR(schema),
		SCAP_VERSION_MINOR(schema), SCAP_VERSION_PATCH(schema));
	/* Capture first, then scan /proc: what changes during the scan is in the events. */
	rc = syscap_probe_set_capture(e->probe, 1);
	if (rc) {
		scap_seterr(h, "bpf: cannot start the capture: %s", strerror(-rc));
		return rc;
	}
	return scap_engine_scan_state(h, "bpf");
}

static void bpf_close(struct scap *h)
{
	struct bpf_engine *e = scap_engine_priv(h);

	if (e && e->probe) {
		syscap_probe_close(e->probe);
		e->probe = NULL;
	}
}

static int bpf_next_batch(struct scap *h, const struct scap_evt_hdr **evt, uint16_t *cpu,
			  unsigned max)
{
	struct bpf_engine *e = scap_engine_priv(h);
	int rc = syscap_probe_next_batch(e->probe, evt, cpu, max, e->wait_ms);

	if (rc > 0)
		e->wait_ms = WAIT_MIN_MS;
	else if (rc == -EAGAIN)
		e->wait_ms = e->wait_ms * 2 > WAIT_MAX_MS ? WAIT_MAX_MS : e->wait_ms * 2;
	return rc;
}

static int bpf_start(struct scap *h)
{
	struct bpf_engine *e = scap_engine_priv(h);

	return syscap_probe_set_capture(e->probe, 1);
}

static int bpf_stop(struct scap *h)
{
	struct bpf_engine *e = scap_engine_priv(h);

	return syscap_probe_set_capture(e->probe, 0);
}

static int set_sc(struct bpf_engine *e, uint64_t sc, int on)
{
	int rc = 0, found = 0;

	if (sc >= SCAP_SC_MAX)
		return -EINVAL;
	if (sc == SCAP_SC_SCHED_SWITCH)
		return syscap_probe_set_tp(e->probe, SYSCAP_PROBE_TP_SCHED_SWITCH, on);
	if (sc == SCAP_SC_SIGNAL_DELIVER)
		return syscap_probe_set_tp(e->probe, SYSCAP_PROBE_TP_SIGNAL_DELIVER, on);
	for (unsigned nr = 0; nr < SYSCAP_BPF_NATIVE_MAX && nr < SCAP_NATIVE_MAX; nr++) {
		if (scap_native_x86_64[nr] != sc)
			continue;
		found = 1;
		rc = syscap_probe_set_syscall(e->probe, nr, on);
		if (rc)
			return rc;
	}
	return found || sc == SCAP_SC_SCHED_PROCESS_EXIT ? 0 : -ENOTSUP;
}

static int bpf_configure(struct scap *h, enum scap_setting s, uint64_t arg1, uint64_t arg2)
{
	struct bpf_engine *e = scap_engine_priv(h);

	switch (s) {
	case SCAP_SET_SNAPLEN:
		if (arg1 > SCAP_MAX_SNAPLEN)
			return -EINVAL;
		return syscap_probe_set_snaplen(e->probe, arg1);
	case SCAP_SET_SC:
		return set_sc(e, arg1, !!arg2);
	case SCAP_SET_TP:
		return set_sc(e, arg1, !!arg2);
	case SCAP_SET_DROPFAILED:
		return syscap_probe_set_drop_failed(e->probe, !!arg1);
	case SCAP_SET_SAMPLING:
		return syscap_probe_set_sampling(e->probe, arg1);
	case SCAP_SET_DYNAMIC_SNAPLEN:
		return syscap_probe_set_dynamic_snaplen(e->probe, !!arg1);
	case SCAP_SET_FULLCAPTURE_PORTS:
		if (arg1 > 0xffff || arg2 > 0xffff)
			return -EINVAL;
		return syscap_probe_set_fullcap_ports(e->probe, arg1, arg2);
	case SCAP_SET_STATSD_PORT:
		if (arg1 > 0xffff)
			return -EINVAL;
		return syscap_probe_set_statsd_port(e->probe, arg1);
	default:
		return -ENOTSUP;
	}
}

static int bpf_get_stats(struct scap *h, struct scap_stats *st)
{
	struct bpf_engine *e = scap_engine_priv(h);
	struct syscap_bpf_counters c;
	int rc = syscap_probe_counters(e->probe, &c);

	if (rc)
		return rc;
	memset(st, 0, sizeof(*st));
	st->n_evts = c.n_evts;
	st->n_drops_buffer = c.n_drops_buffer;
	st->n_drops_buffer_clone_fork_enter = c.n_drops_category[SYSCAP_DROP_CLONE_FORK_ENTER];
	st->n_drops_buffer_clone_fork_exit = c.n_drops_category[SYSCAP_DROP_CLONE_FORK_EXIT];
	st->n_drops_buffer_execve_enter = c.n_drops_category[SYSCAP_DROP_EXECVE_ENTER];
	st->n_drops_buffer_execve_exit = c.n_drops_category[SYSCAP_DROP_EXECVE_EXIT];
	st->n_drops_buffer_connect_enter = c.n_drops_category[SYSCAP_DROP_CONNECT_ENTER];
	st->n_drops_buffer_connect_exit = c.n_drops_category[SYSCAP_DROP_CONNECT_EXIT];
	st->n_drops_buffer_open_enter = c.n_drops_category[SYSCAP_DROP_OPEN_ENTER];
	st->n_drops_buffer_open_exit = c.n_drops_category[SYSCAP_DROP_OPEN_EXIT];
	st->n_drops_buffer_dir_file_enter = c.n_drops_category[SYSCAP_DROP_DIR_FILE_ENTER];
	st->n_drops_buffer_dir_file_exit = c.n_drops_category[SYSCAP_DROP_DIR_FILE_EXIT];
	st->n_drops_buffer_other_interest_enter =
		c.n_drops_category[SYSCAP_DROP_OTHER_INTEREST_ENTER];
	st->n_drops_buffer_other_interest_exit =
		c.n_drops_category[SYSCAP_DROP_OTHER_INTEREST_EXIT];
	st->n_drops_buffer_close_enter = c.n_drops_category[SYSCAP_DROP_CLOSE_ENTER];
	st->n_drops_buffer_close_exit = c.n_drops_category[SYSCAP_DROP_CLOSE_EXIT];
	st->n_drops_buffer_proc_exit = c.n_drops_category[SYSCAP_DROP_PROC_EXIT];
	st->n_drops_pf = c.n_drops_pf;
	st->n_drops_max_event_size = c.n_drops_max_event_size;
	st->n_drops_bug = c.n_drops_no_ring;
	st->n_preemptions = c.n_preemptions;
	st->n_drops =
		c.n_drops_buffer + c.n_drops_max_event_size + c.n_drops_no_ring + c.n_preemptions;
	return 0;
}

static int bpf_get_versions(struct scap *h, uint64_t *api, uint64_t *schema)
{
	struct bpf_engine *e = scap_engine_priv(h);

	syscap_probe_versions(e->probe, api, schema);
	return 0;
}

const struct scap_engine_ops scap_engine_bpf = {
	.name = "bpf",
	.priv_size = sizeof(struct bpf_engine),
	.open = bpf_open,
	.close = bpf_close,
	.next_batch = bpf_next_batch,
	.start = bpf_start,
	.stop = bpf_stop,
	.configure = bpf_configure,
	.get_stats = bpf_get_stats,
	.get_versions = bpf_get_versions,
};
