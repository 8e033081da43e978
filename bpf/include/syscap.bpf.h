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
#include <syscap/sc.h>

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
/* Data bytes - 1 of each CPU ring, 0 when events go to the BPF ring buffers (bpf_maps.h). A
 * constant the verifier sees, so masked offsets into the ring are provably in bounds. */
__weak const volatile __u64 syscap_cpu_ring_mask;

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

/* CPU rings (bpf_maps.h): no BTF value type, so the engine can size the elements. */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(map_flags, BPF_F_MMAPABLE);
	__uint(max_entries, 1);
	__uint(key_size, sizeof(__u32));
	__uint(value_size, SYSCAP_BPF_CPU_RING_HDR + 4096 + SYSCAP_BPF_CPU_RING_SLACK);
} syscap_cpu_rings __weak SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 4096);
} syscap_doorbell __weak SEC(".maps");

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
 * The syscall a filler reports, whatever ABI the task entered it through: the x86_64 number and
 * its six arguments. An ia32 syscall (TS_COMPAT) has its number converted with native_ia32.def,
 * its arguments taken from bx, cx, dx, si, di, bp (32 bits, zero-extended: fillers sign-extend
 * what they sign-extend for x86_64), and socketcall is demultiplexed with socketcall.def, its
 * arguments read from the caller's array of 32-bit words. (A 64-bit execve or execveat of a
 * 32-bit program returns in compat mode with its x86_64 number; the dispatcher drops that exit,
 * the exec being reported by sched_process_exec, so TS_COMPAT here always means ia32.)
 */
struct sc_regs {
	unsigned long a[6];
	long id; /* x86_64 number */
	__u32 compat; /* 1: ia32, user structures have the 32-bit layout */
	__u32 nr32; /* the number the task used (the ia32 one when compat) */
};

#define K_TS_COMPAT 0x0002
#define SC_NR_EXECVE 59
#define SC_NR_EXECVEAT 322
#define SC_NR_IA32_SOCKETCALL 102
#define SC_IA32_MAX 512
/* ia32 calls mapped to an x86_64 one whose arguments they pass differently (fillers check nr32) */
#define IA32_NR_LLSEEK 140 /* _llseek -> lseek */
#define IA32_NR_OLD_MMAP 90 /* mmap (one pointer to the arguments) -> mmap; mmap2 (192): pages */
#define IA32_NR_SENDFILE 187 /* sendfile (compat_off_t *) -> sendfile; sendfile64: loff_t * */
#define SC_SOCKETCALL_MAX 21

/* ia32 number -> x86_64 number + 1; 0: no x86_64 counterpart (not reported) */
__weak const volatile __u16 syscap_ia32_map[SC_IA32_MAX] = {
#define SCAP_IA32(nr32, name, nr64) [nr32] = (nr64) + 1,
#include <syscap/native_ia32.def>
#undef SCAP_IA32
};

/* socketcall call -> x86_64 number + 1, and how many argument words the call has (net/socket.c) */
__weak const volatile __u16 syscap_socketcall_map[SC_SOCKETCALL_MAX] = {
#define SCAP_SOCKETCALL(call, name, nr64) [call] = (nr64) + 1,
#include <syscap/socketcall.def>
#undef SCAP_SOCKETCALL
};
__weak const volatile __u8 syscap_socketcall_nargs[SC_SOCKETCALL_MAX] = {
	0, 3, 3, 3, 2, 3, 3, 3, 4, 4, 4, 6, 6, 2, 5, 5, 3, 3, 4, 5, 4,
};

/* x86_64 number of ia32 syscall nr, -1 when it has none; bx: its first argument (socketcall) */
static __always_inline_ long sc_ia32_id(long nr, unsigned long bx)
{
	__u32 call = bx;

	if (nr == SC_NR_IA32_SOCKETCALL)
		return call < SC_SOCKETCALL_MAX ? (long)syscap_socketcall_map[call] - 1 : -1;
	if ((unsigned long)nr >= SC_IA32_MAX)
		return -1;
	return (long)syscap_ia32_map[nr] - 1;
}

/*
 * Fills r; -1 when the syscall has no x86_64 counterpart. r->compat is computed apart from the
 * test that picks the branch, so the verifier sees one unknown 0/1 after both and the filler
 * body is verified once, not once per ABI.
 */
static __always_inline_ int sc_regs_load(struct sc_regs *r, __u32 status, long orig_ax,
					 unsigned long di, unsigned long si, unsigned long dx,
					 unsigned long r10, unsigned long r8, unsigned long r9,
					 unsigned long bx, unsigned long cx, unsigned long bp)
{
	__u32 st = status;

	r->compat = (status >> 1) & 1; /* K_TS_COMPAT */
	r->nr32 = orig_ax;
	asm volatile("" : "+r"(st));
	if (!(st & K_TS_COMPAT)) {
		r->id = orig_ax;
		r->a[0] = di;
		r->a[1] = si;
		r->a[2] = dx;
		r->a[3] = r10;
		r->a[4] = r8;
		r->a[5] = r9;
		return 0;
	}
	r->id = sc_ia32_id(orig_ax, bx);
	if (r->id < 0)
		return -1;
	if (orig_ax == SC_NR_IA32_SOCKETCALL) {
		__u32 w[6] = {};
		__u32 n = syscap_socketcall_nargs[(__u32)bx < SC_SOCKETCALL_MAX ? (__u32)bx : 0];

		if (n > 6)
			n = 6;
		bpf_probe_read_user(w, n * 4, (void *)(unsigned long)(__u32)cx);
		r->a[0] = w[0];
		r->a[1] = w[1];
		r->a[2] = w[2];
		r->a[3] = w[3];
		r->a[4] = w[4];
		r->a[5] = w[5];
		return 0;
	}
	r->a[0] = (__u32)bx;
	r->a[1] = (__u32)cx;
	r->a[2] = (__u32)dx;
	r->a[3] = (__u32)si;
	r->a[4] = (__u32)di;
	r->a[5] = (__u32)bp;
	return 0;
}

/* pt_regs from bp to orig_ax: what raw_tracepoint programs copy (one probe read) */
struct sc_kregs {
	unsigned long bp, bx, r11, r10, r9, r8, ax, cx, dx, si, di, orig_ax;
};
_Static_assert(__builtin_offsetof(struct pt_regs, orig_ax) -
			       __builtin_offsetof(struct pt_regs, bp) ==
		       __builtin_offsetof(struct sc_kregs, orig_ax),
	       "pt_regs layout");

#define SC_REGS_LOAD(r, p, status)                                                          \
	sc_regs_load(r, status, (p)->orig_ax, (p)->di, (p)->si, (p)->dx, (p)->r10, (p)->r8, \
		     (p)->r9, (p)->bx, (p)->cx, (p)->bp)

/* tp_btf: plain loads from the typed registers and task */
static __always_inline_ int sc_regs_btf(struct sc_regs *r, __u64 *ctx)
{
	struct pt_regs *p = (struct pt_regs *)ctx[0];
	struct task_struct *t = bpf_get_current_task_btf();

	return SC_REGS_LOAD(r, p, t->thread_info.status);
}

/* raw_tracepoint: one probe read of the registers, one of the task's status */
static __always_inline_ int sc_regs_raw(struct sc_regs *r, __u64 *ctx)
{
	struct task_struct *t = (struct task_struct *)bpf_get_current_task();
	struct sc_kregs k;
	__u32 status;

	if (bpf_probe_read_kernel(&k, sizeof(k),
				  (void *)ctx[0] + __builtin_offsetof(struct pt_regs, bp)))
		return -1;
	status = BPF_CORE_READ(t, thread_info.status);
	return SC_REGS_LOAD(r, &k, status);
}

#define sc_regs_of(r, ctx, raw) ((raw) ? sc_regs_raw(r, ctx) : sc_regs_btf(r, ctx))

/*
 * The record of a syscalls/sys_exit_<name> trace event (the kernel's syscall_trace_exit): the
 * common header, the number, the result. Only 64-bit tasks reach these events.
 */
struct syscall_exit_rec {
	__u64 common;
	__s32 nr;
	__u32 pad;
	long ret;
};

/* trace event programs: the registers the task entered with, never a compat syscall */
static __always_inline_ int sc_regs_ev(struct sc_regs *r)
{
	struct pt_regs *p = (struct pt_regs *)bpf_task_pt_regs(bpf_get_current_task_btf());

	return SC_REGS_LOAD(r, p, 0);
}

/*
 * A sys_exit program three times: tp_btf `name` and raw_tracepoint `raw_name` on the sys_exit
 * tracepoint, and `ev_name` for the per-syscall syscalls/sys_exit_<name> trace events (engine
 * option SYSCAP_BPF_EXIT): `call` sees the syscall's struct sc_regs `r`, its result `ret` and
 * the context `ctx`, which it only passes on to tail calls.
 */
#define SYS_EXIT_PROG(name, call)                                                        \
	SEC("tp_btf/sys_exit")                                                           \
	int name(__u64 *ctx)                                                             \
	{                                                                                \
		long ret = (long)ctx[1];                                                 \
		struct sc_regs r;                                                        \
                                                                                         \
		if (sc_regs_btf(&r, ctx))                                                \
			return 0;                                                        \
		return call;                                                             \
	}                                                                                \
	SEC("raw_tp/sys_exit")                                                           \
	int raw_##name(__u64 *ctx)                                                       \
	{                                                                                \
		long ret = (long)ctx[1];                                                 \
		struct sc_regs r;                                                        \
                                                                                         \
		if (sc_regs_raw(&r, ctx))                                                \
			return 0;                                                        \
		return call;                                                             \
	}                                                                                \
	SEC("tracepoint/syscalls/sys_exit")                                              \
	int ev_##name(struct syscall_exit_rec *rec)                                      \
	{                                                                                \
		__u64 *ctx = (__u64 *)rec;                                               \
		long ret = rec->ret;                                                     \
		struct sc_regs r;                                                        \
                                                                                         \
		(void)ctx;                                                               \
		if (!sc_regs_ev(&r))                                                     \
			(void)(call);                                                    \
		return 0; /* non-zero would also write a perf sample */                  \
	}

/*
 * A filler: attached to nothing, tail-called by the sys_exit dispatcher with its context.
 * FILLER(SYSCALL_OPEN_X) defines programs fill_SYSCALL_OPEN_X, raw_fill_SYSCALL_OPEN_X and
 * ev_fill_SYSCALL_OPEN_X and the read-only constant fill_SYSCALL_OPEN_X__evt =
 * SCAP_EVT_SYSCALL_OPEN_X, which is how the engine knows which slot of syscap_fillers each
 * program goes to. `regs` (struct sc_regs, on the stack) is what sc_arg() and sc_id() read.
 */
#define FILLER(name)                                                                     \
	const volatile __u16 fill_##name##__evt = SCAP_EVT_##name;                       \
	static __always_inline_ int fill_##name##_body(__u64 *ctx, struct sc_regs *regs, \
						       long ret);                        \
	SYS_EXIT_PROG(fill_##name, fill_##name##_body(ctx, &r, ret))                    \
	static __always_inline_ int fill_##name##_body(__u64 *ctx, struct sc_regs *regs, long ret)

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

/* The syscall's arguments and x86_64 number (struct sc_regs above). */
static __always_inline_ unsigned long sc_arg(struct sc_regs *regs, int i)
{
	if (i < 0 || i > 5)
		return 0;
	return regs->a[i];
}

static __always_inline_ long sc_id(struct sc_regs *regs)
{
	return regs->id;
}

/* A 64-bit file position at argument i: ia32 passes it as two words, low then high
 * (pread64, pwrite64, preadv, pwritev) */
static __always_inline_ __u64 sc_pos(struct sc_regs *regs, int i)
{
	if (regs->compat)
		return sc_arg(regs, i) | (__u64)sc_arg(regs, i + 1) << 32;
	return sc_arg(regs, i);
}

/* User structures whose layout depends on the pointer size: native or ia32 (compat) */
/*
 * One iovec of an array, in the caller's layout; 0 when it cannot be read. Branch-free on the
 * ABI (an all-ones mask for ia32): the loops over iovecs would otherwise double the verifier's
 * states at every element.
 */
static __always_inline_ int read_iovec(int compat, unsigned long uiov, __u32 i, unsigned long *base,
				       unsigned long *len)
{
	__u64 sel = -(__u64)(compat & 1), w[2], size, at;

	asm volatile("" : "+r"(sel)); /* keep it arithmetic: a select would be a branch */
	size = 16 - (sel & 8);
	at = uiov + (__u64)i * size;
	/* constant sizes (a variable one multiplies the states of the loops): the first word
	 * must be there; the second, the native length, may be past the end of an ia32 array */
	if (bpf_probe_read_user(&w[0], 8, (void *)at))
		return -1;
	bpf_probe_read_user(&w[1], 8, (void *)(at + 8));
	*base = w[0] & ~(sel << 32);
	*len = (w[1] & ~sel) | ((w[0] >> 32) & sel);
	return 0;
}

/* The fields of a user msghdr the fillers use, in the caller's layout. */
struct msghdr_fields {
	unsigned long name, iov, iovlen, control, controllen;
};

static __always_inline_ int read_msghdr(int compat, unsigned long umh, struct msghdr_fields *m)
{
	/* user_msghdr: 7 fields of 8 bytes (namelen padded); compat: 7 of 4. Branch-free as
	 * read_iovec(), so both ABIs leave the verifier the same state. */
	__u64 sel = -(__u64)(compat & 1), size;
	__u32 v[14] = {};

	asm volatile("" : "+r"(sel));
	size = 56 - (sel & 28);
	if (bpf_probe_read_user(v, size, (void *)umh))
		return -1;
	m->name = v[0] | ((__u64)v[1] << 32 & ~sel);
	m->iov = (sel & v[2]) | (~sel & (v[4] | (__u64)v[5] << 32));
	m->iovlen = (sel & v[3]) | (~sel & (v[6] | (__u64)v[7] << 32));
	m->control = (sel & v[4]) | (~sel & (v[8] | (__u64)v[9] << 32));
	m->controllen = (sel & v[5]) | (~sel & (v[10] | (__u64)v[11] << 32));
	return 0;
}

/* Size of a struct mmsghdr (msghdr, then u32 msg_len) in the caller's layout, and its msg_len */
#define MMSGHDR_SIZE(compat) (64 - (((compat)&1) << 5))
#define MMSGHDR_LEN_OFF(compat) (56 - ((compat)&1) * 28)

/* A user struct timespec; ia32 callers of the old calls pass old_timespec32 (two s32) */
struct sc_timespec {
	__s64 sec, nsec;
};

static __always_inline_ void read_timespec(int compat, unsigned long u, struct sc_timespec *ts)
{
	if (compat) {
		__s32 t[2] = {};

		bpf_probe_read_user(t, sizeof(t), (void *)u);
		ts->sec = t[0];
		ts->nsec = t[1];
		return;
	}
	bpf_probe_read_user(ts, sizeof(*ts), (void *)u);
}

/* A user pointer of the caller's width, element i of an array of pointers */
static __always_inline_ int read_uptr(int compat, unsigned long arr, __u32 i, unsigned long *p)
{
	__u64 sel = -(__u64)(compat & 1), v = 0, size;

	asm volatile("" : "+r"(sel)); /* branch-free, as read_iovec() */
	size = 8 - (sel & 4);
	if (bpf_probe_read_user(&v, size, (void *)(arr + (__u64)i * size)))
		return -1;
	*p = v; /* little-endian: a 32-bit pointer reads zero-extended */
	return 0;
}

#endif /* SYSCAP_BPF_H */
