/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The syscap eBPF probe seen from userspace: load syscap.bpf.o with libbpf, attach it, read its
 * per-CPU ring buffers merged by timestamp, change its settings, read its counters. Independent
 * of the scap handle so it can be unit-tested alone; bpf_engine.c adapts it to the engine vtable.
 */
#ifndef SCAP_BPF_PROBE_H
#define SCAP_BPF_PROBE_H

#include <stddef.h>
#include <stdint.h>
#include <syscap/types.h>
#include <syscap/bpf_maps.h>

struct syscap_probe;
struct scap_evt_hdr;

/*
 * The optional tracepoints. sched_process_exec/exit are always attached; sys_exit while any
 * syscall is selected, sys_enter while one with an enter event is.
 */
#define SYSCAP_PROBE_TOCTOU_MAX 8

enum syscap_probe_tp {
	SYSCAP_PROBE_TP_SCHED_SWITCH = 0,
	SYSCAP_PROBE_TP_SIGNAL_DELIVER,
	SYSCAP_PROBE_TP_MAX
};

/* Where syscall exits are taken from (SYSCAP_BPF_EXIT, bpf_probe.c: exit_setup()). */
enum syscap_probe_exit {
	SYSCAP_PROBE_EXIT_AUTO = 0,
	SYSCAP_PROBE_EXIT_SYS_EXIT, /* the sys_exit tracepoint: every syscall, every ABI */
	SYSCAP_PROBE_EXIT_EVENTS, /* syscalls/sys_exit_<name>: selected ones, 64-bit tasks only */
};

struct syscap_probe_opts {
	const char *path; /* syscap.bpf.o */
	uint64_t buffer_bytes; /* per ring; power of two, multiple of the page size */
	uint32_t cpus_per_buffer; /* CPUs sharing one ring (0 = one ring for all) */
	uint32_t snaplen;
	int force_raw_tracepoint; /* skip tp_btf even when the kernel has it */
	/* TOCTOU enter events from sys_enter even where trace events give them (32-bit tasks') */
	int toctou_sys_enter;
	int bpf_ringbufs; /* BPF ring buffers even where every CPU has a ring (CPU rings) */
	enum syscap_probe_exit exit_mode;
	/* "auto" choosing trace events samples the syscall mix first: ms (0: 100; < 0: never) */
	int exit_sample_ms;
	const char *tracefs; /* tracefs' root for the trace events (NULL: found or mounted) */
	/* per native syscall: how it is reported (interesting = captured) */
	const struct syscap_bpf_syscall *syscalls; /* SYSCAP_BPF_NATIVE_MAX entries */
	const uint8_t *event_nparams; /* evt_max entries */
	const uint8_t *event_drop_category; /* evt_max entries */
	size_t evt_max;
	uint32_t tp_mask; /* bit per enum syscap_probe_tp */
	/* checks the object's API/schema versions before anything is loaded (0 = accepted) */
	int (*check_versions)(uint64_t api, uint64_t schema, char *msg, size_t msglen);
	/* receives libbpf's messages (verifier logs included) while opening; may be NULL */
	void (*log)(void *ctx, int debug, const char *msg);
	void *log_ctx;
};

/*
 * 0 or -errno; *err gets a message naming the problem. The first call loads libbpf.so.1
 * (libbpf_dl.h): -ELIBACC when it cannot be loaded.
 */
int syscap_probe_open(struct syscap_probe **out, const struct syscap_probe_opts *o, char *err,
		      size_t errlen);
void syscap_probe_close(struct syscap_probe *p);

/*
 * Up to max events in timestamp order into evt[] and cpu[], left in the rings and valid until the
 * next call: how many (>= 1), -EAGAIN when none came within timeout_ms, or -errno.
 */
int syscap_probe_next_batch(struct syscap_probe *p, const struct scap_evt_hdr **evt, uint16_t *cpu,
			    unsigned max, int timeout_ms);

int syscap_probe_set_capture(struct syscap_probe *p, int on);
int syscap_probe_set_snaplen(struct syscap_probe *p, uint32_t snaplen);
int syscap_probe_set_drop_failed(struct syscap_probe *p, int on);
int syscap_probe_set_dynamic_snaplen(struct syscap_probe *p, int on);
int syscap_probe_set_fullcap_ports(struct syscap_probe *p, uint16_t first, uint16_t last);
int syscap_probe_set_statsd_port(struct syscap_probe *p, uint16_t port);
int syscap_probe_set_sampling(struct syscap_probe *p, uint32_t ratio);
int syscap_probe_set_wakeup_bytes(struct syscap_probe *p, uint32_t bytes);
/* interest in one native syscall */
int syscap_probe_set_syscall(struct syscap_probe *p, uint32_t native, int on);
int syscap_probe_set_tp(struct syscap_probe *p, enum syscap_probe_tp tp, int on);

/* Counters summed over CPUs. */
int syscap_probe_counters(struct syscap_probe *p, struct syscap_bpf_counters *sum);
void syscap_probe_versions(struct syscap_probe *p, uint64_t *api, uint64_t *schema);
/* "tp_btf" or "raw_tracepoint" */
const char *syscap_probe_attach_mode(struct syscap_probe *p);
unsigned syscap_probe_nrings(struct syscap_probe *p);
/* run_time_ns / run_cnt of the attached programs (kernel.bpf_stats_enabled must be 1). */
int syscap_probe_prog_stats(struct syscap_probe *p, uint64_t *run_ns, uint64_t *run_cnt);

/* Sets SYSCAP_BPF_SC_IA32 in t (SYSCAP_BPF_NATIVE_MAX entries) from the interesting bits. */
void syscap_probe_ia32_flags(struct syscap_bpf_syscall *t);

#endif /* SCAP_BPF_PROBE_H */
