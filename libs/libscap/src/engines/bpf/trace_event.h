/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Kernel trace events (tracefs events/<group>/<name>) for BPF programs of type tracepoint: their
 * ids and the perf events a program is attached through. tracefs need not be mounted: without it
 * the kernel's tracefs is mounted privately (fsopen/fsmount), a mount no other process sees and
 * that goes away with its descriptor.
 */
#ifndef SCAP_BPF_TRACE_EVENT_H
#define SCAP_BPF_TRACE_EVENT_H

/*
 * A descriptor of tracefs' root: dir when given (it must hold events/, else -ENOENT), else
 * /sys/kernel/tracing or /sys/kernel/debug/tracing when mounted there, else a private mount.
 * -errno when this kernel has no tracefs (or mounting is refused).
 */
int syscap_trace_event_root(const char *dir);

/* The id of events/<group>/<name> under root, or -errno (-ENOENT: no such event). */
int syscap_trace_event_id(int root, const char *group, const char *name);

/* perf_event_open(2) of trace event id on the current CPU, to attach a BPF program to (the
 * program then runs on every CPU): a close-on-exec descriptor, or -errno. */
int syscap_trace_event_perf_open(int id);

/*
 * A counting perf event of trace event id on one CPU (no program, no samples: read(2) gives how
 * often it fired there), counting only what the ftrace filter expression passes when filter is
 * not NULL. A close-on-exec descriptor, or -errno (-ENODEV: the CPU is offline).
 */
int syscap_trace_event_counter(int id, int cpu, const char *filter);

#endif /* SCAP_BPF_TRACE_EVENT_H */
