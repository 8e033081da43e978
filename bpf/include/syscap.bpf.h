/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * Common definitions of the syscap probe: maps, read-only globals and small helpers shared by
 * every program in bpf/progs/. The maps are __weak so that each .bpf.c can see them and the
 * bpftool linker keeps a single copy in syscap.bpf.o.
 */
#ifndef SYSCAP_BPF_H
#define SYSCAP_BPF_H

#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_tracing.h>

#include <syscap/types.h>
#include <syscap/schema.h>
#include <syscap/version.h>
#include <syscap/bpf_maps.h>

#define __always_inline_ inline __attribute__((always_inline))

/*
 * Read-only globals. The engine overwrites the tables before load from the schema tables it
 * links; the versions stay as compiled so the engine can check them.
 */
__weak const volatile __u64 syscap_probe_api_version =
	SCAP_VERSION_PACK(SCAP_API_VERSION_MAJOR, SCAP_API_VERSION_MINOR, SCAP_API_VERSION_PATCH);
__weak const volatile __u64 syscap_probe_schema_version = SCAP_VERSION_PACK(
	SCAP_SCHEMA_VERSION_MAJOR, SCAP_SCHEMA_VERSION_MINOR, SCAP_SCHEMA_VERSION_PATCH);
__weak const volatile __u8 syscap_event_nparams[SCAP_EVT_MAX];
__weak const volatile __u8 syscap_event_drop_category[SCAP_EVT_MAX];

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct syscap_bpf_settings);
} syscap_settings __weak SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, SYSCAP_BPF_NATIVE_MAX);
	__type(key, __u32);
	__type(value, struct syscap_bpf_syscall);
} syscap_syscalls __weak SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct syscap_bpf_counters);
} syscap_counters __weak SEC(".maps");

/* One scratch area per possible CPU: a per-CPU array value cannot exceed 32 KiB, so this is a
 * plain array the engine sizes to the number of possible CPUs, indexed by the current CPU. */
struct syscap_scratch {
	__u8 data[SYSCAP_BPF_SCRATCH];
	/* Who is building an event here. Syscall tracepoints may run preemptibly on recent
	 * kernels, so another task on this CPU could otherwise overwrite a half-built event. */
	__u64 owner; /* pid_tgid, 0 = free */
	__u64 since; /* boot ns when taken; older than SCRATCH_STALE_NS counts as free */
	__u64 pending; /* bytes this CPU wrote since it last woke the consumer */
};
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct syscap_scratch);
} syscap_scratch __weak SEC(".maps");

/* Exit fillers, indexed by exit event code; the engine fills it from the programs' names. */
struct {
	__uint(type, BPF_MAP_TYPE_PROG_ARRAY);
	__uint(max_entries, SCAP_EVT_MAX);
	__type(key, __u32);
	__type(value, __u32);
} syscap_fillers __weak SEC(".maps");

/* Ring buffers: slot = CPU; several CPUs may share one ring. Sizes are set by the engine. */
struct syscap_ring {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 4096 * 16);
};
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY_OF_MAPS);
	__uint(max_entries, 1);
	__type(key, __u32);
	__array(values, struct syscap_ring);
} syscap_rings __weak SEC(".maps");

/*
 * Every program exists twice: as tp_btf (preferred) and as raw_tracepoint ("raw_" name prefix,
 * the fallback where BTF-typed tracepoints cannot be loaded). The engine loads one set. Bodies
 * read the context as an array of u64 and kernel memory with probe reads, which both accept.
 *
 * TP_PROG(name, tracepoint) { ... ctx, raw ... } defines an attached program; `raw` is a
 * constant, so hot paths can read BTF-typed pointers directly in the tp_btf copy.
 */
#define TP_PROG(name, tp)                                                              \
	static __always_inline_ int name##_body(__u64 *ctx, const int raw);            \
	SEC("tp_btf/" #tp)                                                             \
	int name(__u64 *ctx)                                                           \
	{                                                                              \
		return name##_body(ctx, 0);                                            \
	}                                                                              \
	SEC("raw_tp/" #tp)                                                             \
	int raw_##name(__u64 *ctx)                                                     \
	{                                                                              \
		return name##_body(ctx, 1);                                            \
	}                                                                              \
	static __always_inline_ int name##_body(__u64 *ctx, const int raw)

/*
 * A filler: attached to nothing, tail-called by the sys_exit dispatcher with its context.
 * FILLER(SYSCALL_OPEN_X) defines programs fill_SYSCALL_OPEN_X / raw_fill_SYSCALL_OPEN_X and the
 * read-only constant fill_SYSCALL_OPEN_X__evt = SCAP_EVT_SYSCALL_OPEN_X, which is how the engine
 * knows which slot of syscap_fillers each program goes to.
 *
 * `regs` is what sc_arg() and sc_id() read: in tp_btf the context's typed pointer (loads without
 * a helper call), in raw_tracepoint a copy on the stack taken with one probe read.
 */
#define FILLER(name)                                                                   \
	const volatile __u16 fill_##name##__evt = SCAP_EVT_##name;                    \
	static __always_inline_ int fill_##name##_body(__u64 *ctx, struct pt_regs *regs, \
							 long ret);                     \
	SEC("tp_btf/sys_exit")                                                         \
	int fill_##name(__u64 *ctx)                                                    \
	{                                                                              \
		return fill_##name##_body(ctx, (struct pt_regs *)ctx[0], (long)ctx[1]); \
	}                                                                              \
	SEC("raw_tp/sys_exit")                                                         \
	int raw_fill_##name(__u64 *ctx)                                                \
	{                                                                              \
		struct pt_regs regs;                                                   \
									       \
		if (bpf_probe_read_kernel(&regs, sizeof(regs), (void *)ctx[0]))       \
			return 0;                                                      \
		return fill_##name##_body(ctx, &regs, (long)ctx[1]);                   \
	}                                                                              \
	static __always_inline_ int fill_##name##_body(__u64 *ctx, struct pt_regs *regs, \
							 long ret)

static __always_inline_ struct syscap_bpf_settings *get_settings(void)
{
	__u32 k = 0;

	return bpf_map_lookup_elem(&syscap_settings, &k);
}

static __always_inline_ struct syscap_bpf_counters *get_counters(void)
{
	__u32 k = 0;

	return bpf_map_lookup_elem(&syscap_counters, &k);
}

/*
 * x86_64 syscall argument registers and number. Plain loads: `regs` is a tp_btf typed pointer or
 * a copy on the stack (see FILLER), never a raw kernel address.
 */
static __always_inline_ unsigned long sc_arg(struct pt_regs *regs, int i)
{
	switch (i) {
	case 0:
		return regs->di;
	case 1:
		return regs->si;
	case 2:
		return regs->dx;
	case 3:
		return regs->r10;
	case 4:
		return regs->r8;
	case 5:
		return regs->r9;
	}
	return 0;
}

static __always_inline_ long sc_id(struct pt_regs *regs)
{
	return regs->orig_ax;
}

#endif /* SYSCAP_BPF_H */
