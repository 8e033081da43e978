// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * Syscall entry points: the sys_exit dispatcher that filters and tail-calls one filler per exit
 * event, the sys_enter program for the TOCTOU enter events (open family, connect), and the
 * generic event for syscalls without a dedicated one.
 */
#include "task.bpf.h"

char LICENSE[] SEC("license") = "Dual MIT/GPL";

#define NSEC_PER_SEC 1000000000ULL

/* Where a program runs: tp_btf, raw_tracepoint, or a per-syscall trace event (never ia32). */
#define SC_MODE_BTF 0
#define SC_MODE_RAW 1
#define SC_MODE_EV 2

/*
 * Common filter of both directions; 0 and the syscall entry in *scp when captured, and turns
 * *idp into the x86_64 number (ia32 syscalls: sc_ia32_id()). Cheapest and most selective tests
 * first: this runs on every syscall of the machine, and with nothing selected it ends after one
 * inlined array lookup. That first lookup takes the raw number, whose entry also says whether
 * the ia32 syscall of that number would be captured (SYSCAP_BPF_SC_IA32); the task's ABI is read
 * only past it.
 */
static __always_inline_ int syscall_of_interest(long *idp, struct pt_regs *regs, long ret,
						const int mode, const int enter,
						struct syscap_bpf_syscall **scp,
						struct syscap_bpf_settings **sp, __u64 *pid_tgid)
{
	struct syscap_bpf_settings *s;
	struct syscap_bpf_syscall *sc;
	struct task_struct *t;
	long id = *idp;
	__u32 status;
	__u32 tgid;
	__u32 k;

	if ((unsigned long)id >= SYSCAP_BPF_NATIVE_MAX)
		return -1;
	k = id;
	sc = bpf_map_lookup_elem(&syscap_syscalls, &k);
	if (!sc || !(sc->interesting | (sc->flags & SYSCAP_BPF_SC_IA32)))
		return -1;
	s = get_settings();
	if (!s || !s->capture_on)
		return -1;
	if (mode == SC_MODE_RAW) {
		t = cur_task();
		status = BPF_CORE_READ(t, thread_info.status);
	} else {
		t = bpf_get_current_task_btf();
		status = mode == SC_MODE_EV ? 0 : t->thread_info.status;
	}
	if (status & K_TS_COMPAT) {
		/* a 64-bit execve/execveat of a 32-bit program returns in compat mode with its
		 * x86_64 number: a success, reported by sched_process_exec as every exec */
		if (!enter && ret == 0 && (id == SC_NR_EXECVE || id == SC_NR_EXECVEAT))
			return -1;
		id = sc_ia32_id(id, mode == SC_MODE_RAW ? BPF_CORE_READ(regs, bx) : regs->bx);
		if ((unsigned long)id >= SYSCAP_BPF_NATIVE_MAX)
			return -1;
		*idp = id;
		k = id;
		sc = bpf_map_lookup_elem(&syscap_syscalls, &k);
		if (!sc)
			return -1;
	} else if (id == SCAP_NR_IA32_SEND || id == SCAP_NR_IA32_RECV) {
		return -1; /* set apart for ia32's send and recv (sc.h): no syscall of a 64-bit task */
	}
	if (!sc->interesting || (enter && !sc->enter_evt))
		return -1;
	*sp = s;
	/* The consumer's own threads: tp_btf reads the ids from the task without a helper call. */
	if (mode == SC_MODE_RAW) {
		*pid_tgid = bpf_get_current_pid_tgid();
		tgid = *pid_tgid >> 32;
	} else {
		tgid = t->tgid;
		*pid_tgid = (__u64)tgid << 32 | (__u32)t->pid;
	}
	if (tgid == s->consumer_tgid)
		return -1;
	/* an int result, the entry through memory: returning NULL or the entry let clang merge
	 * the tests into a select the verifier cannot follow */
	*scp = sc;
	return 0;
}

/* Per-CPU sampling state: 1 while this CPU is inside a dropping window. */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u32);
} syscap_sampling_state SEC(".maps");

/* DROP_E / DROP_X mark where a dropping window starts and ends, with the ratio in force. */
static __always_inline_ void send_drop_marker(__u16 type, __u32 ratio)
{
	struct evt e;

	if (evt_begin(&e, type, 1))
		return;
	push_u32(&e, ratio);
	evt_submit(&e);
}

/*
 * Sampling as in the reference: keep the first 1/ratio of every second; the first event seen
 * inside a dropping window emits DROP_E, the first one after it DROP_X.
 */
static __always_inline_ int sampled_out(struct syscap_bpf_syscall *sc,
					struct syscap_bpf_settings *s)
{
	struct syscap_bpf_counters *c;
	__u32 k = 0, ratio, *dropping;
	int drop;

	if (s->sampling_ratio <= 1 || (sc->flags & SYSCAP_BPF_SC_NEVER_DROP))
		return 0;
	ratio = s->sampling_ratio;
	if (!(sc->flags & SYSCAP_BPF_SC_ALWAYS_DROP)) {
		drop = bpf_ktime_get_boot_ns() % NSEC_PER_SEC >= NSEC_PER_SEC / ratio;
		dropping = bpf_map_lookup_elem(&syscap_sampling_state, &k);
		if (dropping && *dropping != (__u32)drop) {
			*dropping = drop;
			send_drop_marker(drop ? SCAP_EVT_DROP_E : SCAP_EVT_DROP_X, ratio);
		}
		if (!drop)
			return 0;
	}
	c = get_counters();
	if (c)
		c->n_drops_sampling++;
	return 1;
}

/*
 * GENERIC_X as it goes into the ring: fixed size, so it is reserved there and written in place.
 * Not a packed struct (clang would store it byte by byte): the header's u32 nparams sits at
 * offset 22 and is written as two u16 halves, low half first (the probe is little-endian).
 */
struct generic_x {
	__u64 ts;
	__u64 tid;
	__u32 len;
	__u16 type;
	__u16 nparams[2];
	__u16 lens[2];
	__u16 ppm_sc;
	__u16 id;
};
#define GENERIC_X_LEN (EVT_HDR_LEN + 2 * 2 + 2 + 2)
_Static_assert(__builtin_offsetof(struct generic_x, nparams) == 22 &&
		       __builtin_offsetof(struct generic_x, id) + 2 == GENERIC_X_LEN,
	       "GENERIC_X layout");
#if __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "the GENERIC_X writer assumes a little-endian probe"
#endif

/*
 * The timestamp last: the stores to the reserved record (usually on cache lines last written a
 * ring lap ago) then complete while the clock is read, instead of stalling the unlock or submit
 * that follows (docs/PERFORMANCE.md, "Clock last").
 */
static __always_inline_ void generic_x_fill(struct generic_x *g, struct syscap_bpf_settings *s,
					    __u64 pid_tgid, __u16 ppm_sc, __u16 id)
{
	g->tid = (__u32)pid_tgid;
	g->len = GENERIC_X_LEN;
	g->type = SCAP_EVT_GENERIC_X;
	g->nparams[0] = 2;
	g->nparams[1] = 0;
	g->lens[0] = 2;
	g->lens[1] = 2;
	g->ppm_sc = ppm_sc;
	g->id = id;
	asm volatile("" ::: "memory"); /* the record's stores before the clock read */
	g->ts = s->boot_time + bpf_ktime_get_boot_ns();
}

static __always_inline_ int send_generic(struct syscap_bpf_settings *s, __u16 ppm_sc, __u16 id,
					 __u64 pid_tgid)
{
	__u32 cpu = bpf_get_smp_processor_id();
	struct syscap_bpf_counters *c = get_counters();
	__u64 flags = BPF_RB_NO_WAKEUP;
	struct syscap_scratch *sc;
	struct generic_x *g;
	void *ring;

	if (!c)
		return 0;
	if (syscap_cpu_ring_mask) {
		struct cpu_ring w;
		int why;

		g = (struct generic_x *)cpu_ring_reserve(&w, cpu, GENERIC_X_LEN, &why);
		if (!g) {
			cpu_ring_count_miss(c, why, SCAP_EVT_GENERIC_X);
			return 0;
		}
		generic_x_fill(g, s, pid_tgid, ppm_sc, id);
		if (cpu_ring_publish(&w, s, 1))
			cpu_ring_doorbell(cpu);
		c->n_evts++;
		return 0;
	}
	sc = bpf_map_lookup_elem(&syscap_scratch, &cpu);
	ring = bpf_map_lookup_elem(&syscap_rings, &cpu);
	if (!sc)
		return 0;
	if (!ring) {
		c->n_drops_no_ring++;
		return 0;
	}
	g = bpf_ringbuf_reserve(ring, GENERIC_X_LEN, 0);
	if (!g) {
		count_drop(c, SCAP_EVT_GENERIC_X);
		return 0;
	}
	generic_x_fill(g, s, pid_tgid, ppm_sc, id);
	sc->pending += GENERIC_X_LEN;
	if (s->wakeup_bytes == 0 || sc->pending >= s->wakeup_bytes) {
		flags = BPF_RB_FORCE_WAKEUP;
		sc->pending = 0;
	}
	bpf_ringbuf_submit(g, flags);
	c->n_evts++;
	return 0;
}

/* The sys_exit dispatcher, on the sys_exit tracepoint (ctx: regs, ret) or on a syscall's own
 * trace event (ctx: struct syscall_exit_rec). */
static __always_inline_ int sys_exit_dispatch(__u64 *ctx, struct pt_regs *regs, long id, long ret,
					      const int mode)
{
	struct syscap_bpf_settings *s = NULL;
	__u64 pid_tgid = 0;
	struct syscap_bpf_syscall *sc = NULL;
	struct evt e;
	__u16 type;

	if (syscall_of_interest(&id, regs, ret, mode, 0, &sc, &s, &pid_tgid) || !sc || !s)
		return 0;
	type = sc->exit_evt;
	/* Successful execs are reported by sched_process_exec, with the new image's data. */
	if (ret == 0 &&
	    (type == SCAP_EVT_SYSCALL_EXECVE_19_X || type == SCAP_EVT_SYSCALL_EXECVEAT_X))
		return 0;
	if (s->drop_failed && ret < 0)
		return 0;
	if (sampled_out(sc, s))
		return 0;
	/* GENERIC_X is built here: a tail call and reading the syscall number again would cost
	 * more than the whole event. */
	if (type == SCAP_EVT_GENERIC_X)
		return send_generic(s, sc->ppm_sc, id, pid_tgid);
	/*
	 * One tail call per exit event with a constant index: the JIT turns each into a direct jump
	 * (patched when the engine fills the slot) instead of an indirect one through a retpoline.
	 * Clang compiles the switch into a tree of compares; enter codes (even) have no case.
	 */
	switch (type) {
#define SCAP_EVENT(code, ...)                                                        \
	case SCAP_EVT_##code:                                                        \
		if (SCAP_EVT_##code & 1)                                             \
			bpf_tail_call_static(ctx, &syscap_fillers, SCAP_EVT_##code); \
		break;
#include <syscap/events.def>
#undef SCAP_EVENT
	}

	/* No filler for this event: send it with its parameters empty (listed in COVERAGE.md). */
	if (type >= SCAP_EVT_MAX)
		return 0;
	{
		/* a mask the 6.1 verifier sees: it loses the check above once type is spilled */
		__u64 t = type;

		asm volatile("%[x] &= 0x1ff" : [x] "+r"(t));
		if (evt_begin(&e, type, syscap_event_nparams[t]))
			return 0;
	}
	return evt_submit(&e);
}

TP_PROG(syscap_sys_exit, sys_exit)
{
	struct pt_regs *regs = (struct pt_regs *)ctx[0];

	/* tp_btf reads the typed registers without a probe read */
	return sys_exit_dispatch(ctx, regs, raw ? BPF_CORE_READ(regs, orig_ax) : regs->orig_ax,
				 (long)ctx[1], raw ? SC_MODE_RAW : SC_MODE_BTF);
}

/* The same for the syscalls/sys_exit_<name> trace events: each runs for its own syscall only,
 * so the syscalls nobody selected cost no program run at all (SYSCAP_BPF_EXIT). */
SEC("tracepoint/syscalls/sys_exit")
int ev_syscap_sys_exit(struct syscall_exit_rec *rec)
{
	sys_exit_dispatch((__u64 *)rec, NULL, rec->nr, rec->ret, SC_MODE_EV);
	return 0; /* non-zero would also write a perf sample for the event */
}

/* TOCTOU enter events: the arguments as the kernel is about to read them. */
static __always_inline_ int toctou_send(struct sc_regs *r, __u16 enter_evt)
{
	struct evt e;
	__u32 flags, mode;

	switch (enter_evt) {
	case SCAP_EVT_SYSCALL_OPEN_E:
		if (evt_begin(&e, SCAP_EVT_SYSCALL_OPEN_E, 3))
			return 0;
		flags = sc_arg(r, 1);
		mode = sc_arg(r, 2);
		push_user_str(&e, sc_arg(r, 0), EVT_PATH_MAX);
		push_u32(&e, open_flags_to_scap(flags));
		push_u32(&e, open_mode_to_scap(flags, mode));
		break;
	case SCAP_EVT_SYSCALL_OPENAT_2_E:
		if (evt_begin(&e, SCAP_EVT_SYSCALL_OPENAT_2_E, 4))
			return 0;
		flags = sc_arg(r, 2);
		mode = sc_arg(r, 3);
		push_s64(&e, (__s32)sc_arg(r, 0));
		push_user_str(&e, sc_arg(r, 1), EVT_PATH_MAX);
		push_u32(&e, open_flags_to_scap(flags));
		push_u32(&e, open_mode_to_scap(flags, mode));
		break;
	case SCAP_EVT_SYSCALL_OPENAT2_E: {
		struct open_how how = {};

		if (evt_begin(&e, SCAP_EVT_SYSCALL_OPENAT2_E, 5))
			return 0;
		bpf_probe_read_user(&how, sizeof(how), (void *)sc_arg(r, 2));
		push_s64(&e, (__s32)sc_arg(r, 0));
		push_user_str(&e, sc_arg(r, 1), EVT_PATH_MAX);
		push_u32(&e, open_flags_to_scap(how.flags));
		push_u32(&e, open_mode_to_scap(how.flags, how.mode));
		push_u32(&e, resolve_to_scap(how.resolve));
		break;
	}
	case SCAP_EVT_SYSCALL_CREAT_E:
		if (evt_begin(&e, SCAP_EVT_SYSCALL_CREAT_E, 2))
			return 0;
		push_user_str(&e, sc_arg(r, 0), EVT_PATH_MAX);
		push_u32(&e, open_mode_to_scap(K_O_CREAT, sc_arg(r, 1)));
		break;
	case SCAP_EVT_SOCKET_CONNECT_E:
		if (evt_begin(&e, SCAP_EVT_SOCKET_CONNECT_E, 2))
			return 0;
		push_s64(&e, (__s32)sc_arg(r, 0));
		push_sockaddr_user(&e, sc_arg(r, 1), sc_arg(r, 2));
		break;
	default:
		return 0;
	}
	return evt_submit(&e);
}

/*
 * Every syscall's entry, for the TOCTOU enter events of every ABI: what the engine attaches when
 * the per-syscall trace events below are not usable, or to have the enters of 32-bit tasks.
 */
TP_PROG(syscap_sys_enter, sys_enter)
{
	struct pt_regs *regs = (struct pt_regs *)ctx[0];
	long id = (long)ctx[1];
	struct syscap_bpf_settings *s = NULL;
	__u64 pid_tgid;
	struct syscap_bpf_syscall *sc = NULL;
	struct sc_regs r;

	if (syscall_of_interest(&id, regs, 0, raw ? SC_MODE_RAW : SC_MODE_BTF, 1, &sc, &s,
				&pid_tgid) || !sc || !s ||
	    !sc->enter_evt)
		return 0;
	if (sampled_out(sc, s))
		return 0;
	/* the arguments as the fillers see them (ia32: converted) */
	if (sc_regs_of(&r, ctx, raw))
		return 0;
	return toctou_send(&r, sc->enter_evt);
}

/*
 * The record of a syscalls/sys_enter_<name> trace event (the kernel's syscall_trace_enter): the
 * common header, the number as an int, the arguments. Only 64-bit tasks reach these events (x86
 * does not trace compat syscalls), so the arguments need no conversion.
 */
struct syscall_trace_args {
	__u64 common;
	__s32 nr;
	__u32 pad;
	__u64 args[6];
};

/*
 * The TOCTOU enter events from the per-syscall trace events: each program runs for its own
 * syscall only, where the sys_enter program runs for every syscall of the machine. The same
 * filters as syscall_of_interest(), minus the ABI (always native here).
 */
static __always_inline_ int toctou_trace_event(struct syscall_trace_args *ctx, const int nargs)
{
	struct syscap_bpf_settings *s;
	struct syscap_bpf_syscall *sc;
	struct sc_regs r;
	__u32 k = ctx->nr;

	if (k >= SYSCAP_BPF_NATIVE_MAX)
		return 0;
	sc = bpf_map_lookup_elem(&syscap_syscalls, &k);
	if (!sc || !sc->interesting || !sc->enter_evt)
		return 0;
	s = get_settings();
	if (!s || !s->capture_on || bpf_get_current_pid_tgid() >> 32 == s->consumer_tgid)
		return 0;
	if (sampled_out(sc, s))
		return 0;
	r.id = k;
	r.compat = 0;
	r.nr32 = k;
	/* only the arguments the record has: a program reading past them is refused at attach */
	for (int i = 0; i < 6; i++)
		r.a[i] = i < nargs ? ctx->args[i] : 0;
	return toctou_send(&r, sc->enter_evt);
}

#define TOCTOU_PROG(name, NAME, nargs)                                   \
	SEC("tracepoint/syscalls/sys_enter_" #name)                      \
	int toctou_##name(struct syscall_trace_args *ctx)                \
	{                                                                \
		return toctou_trace_event(ctx, nargs);                   \
	}
SYSCAP_BPF_TOCTOU_TRACE_EVENTS(TOCTOU_PROG)
#undef TOCTOU_PROG
