/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * Layouts shared by the eBPF probe (bpf/) and the libscap bpf engine: the names of the maps and
 * globals the engine looks up in syscap.bpf.o, and the value types stored in them. A change here
 * that breaks an older engine or probe needs an API version bump (version.h).
 */
#ifndef SYSCAP_UAPI_BPF_MAPS_H
#define SYSCAP_UAPI_BPF_MAPS_H

#include <syscap/types.h>
#include <syscap/drops.h>

/* Native syscall numbers the probe can index (same bound as the kmod syscall table). */
#define SYSCAP_BPF_NATIVE_MAX 512

/* Largest event the probe emits; bigger ones are dropped and counted (n_drops_max_event_size). */
#define SYSCAP_BPF_MAX_EVENT 65536
/* Per-CPU scratch area the probe builds events in: twice the largest event so that masked
 * offsets plus a bounded copy always stay inside it (the verifier needs that proof). */
#define SYSCAP_BPF_SCRATCH (2 * SYSCAP_BPF_MAX_EVENT)
#define SYSCAP_BPF_STATSD_PORT_DEFAULT 8125 /* as the module's SCAP_KMOD_STATSD_PORT_DEFAULT */

#define SYSCAP_BPF_SNAPLEN_DEFAULT 80
#define SYSCAP_BPF_SNAPLEN_MAX 65000

/* Most bytes a CPU writes between two wakeups of the consumer (libscap uses at most 1/16 of the
 * ring). Waking on every event costs 0.5-1 us per event in a VM; 512 KiB rather than 64 KiB cut
 * the consumer's CPU per event by about a quarter. The consumer also polls: every 10 ms while
 * events come, backing off to 30 ms while none do. */
#define SYSCAP_BPF_WAKEUP_BYTES (512 * 1024)

/* Map and global names (bpf_object__find_map_by_name / the .rodata datasec). */
#define SYSCAP_BPF_MAP_SETTINGS "syscap_settings"
#define SYSCAP_BPF_MAP_SYSCALLS "syscap_syscalls"
#define SYSCAP_BPF_MAP_COUNTERS "syscap_counters"
#define SYSCAP_BPF_MAP_SCRATCH "syscap_scratch"
#define SYSCAP_BPF_MAP_RINGS "syscap_rings"
#define SYSCAP_BPF_MAP_FILLERS "syscap_fillers"
#define SYSCAP_BPF_MAP_CPU_RINGS "syscap_cpu_rings"
#define SYSCAP_BPF_MAP_DOORBELL "syscap_doorbell"

/*
 * Read-only globals (.rodata), set by the engine before load. The version pair is initialised
 * in the object from version.h and checked by the engine (same rule as the kmod handshake).
 */
#define SYSCAP_BPF_VAR_API_VERSION "syscap_probe_api_version"       /* __u64, SCAP_VERSION_PACK */
#define SYSCAP_BPF_VAR_SCHEMA_VERSION "syscap_probe_schema_version" /* __u64 */
#define SYSCAP_BPF_VAR_EVENT_NPARAMS "syscap_event_nparams"         /* __u8[SCAP_EVT_MAX] */
#define SYSCAP_BPF_VAR_DROP_CATEGORY "syscap_event_drop_category"   /* __u8[SCAP_EVT_MAX] */
#define SYSCAP_BPF_VAR_CPU_RING_MASK "syscap_cpu_ring_mask" /* __u64, 0 = BPF ring buffers */

/*
 * CPU rings: where every CPU has a ring of its own, the probe writes events into an mmapable
 * array map (SYSCAP_BPF_MAP_CPU_RINGS, one element per possible CPU) instead of BPF ring
 * buffers: no helper call, no spinlock and no per-record header, about 50 ns less per event
 * here (docs/PERFORMANCE.md). An element is a page of positions, then the data (a power of two,
 * SYSCAP_BPF_VAR_CPU_RING_MASK + 1 bytes), then SYSCAP_BPF_CPU_RING_SLACK bytes that are never
 * written (the verifier must see that the largest bounded copy at any offset stays inside).
 * Records are events, each starting at a multiple of 8; a record never runs past the end of
 * the data: the producer writes SYSCAP_BPF_CPU_RING_PAD as the next 8 bytes instead and goes on
 * at the start. Everything below prod is complete; the consumer owns cons. The probe rings
 * SYSCAP_BPF_MAP_DOORBELL, a small BPF ring buffer the consumer polls, when it wants the
 * consumer awake.
 */
#define SYSCAP_BPF_CPU_RING_HDR 4096
#define SYSCAP_BPF_CPU_RING_SLACK (2 * SYSCAP_BPF_MAX_EVENT)
#define SYSCAP_BPF_CPU_RING_PAD (~0ULL)
struct syscap_bpf_cpu_ring_pos {
	__u64 prod;  /* bytes published (probe) */
	__u64 lock;  /* writers inside, taken with an atomic add: syscall tracepoints can be
		      * preempted on recent kernels, and a second writer on the CPU gives up */
	__u64 woken; /* prod when the probe last rang the doorbell */
	__u64 pad[5];
	__u64 cons; /* bytes consumed (consumer), on a cache line of its own */
};

/* Program names the engine attaches (everything else is tail-called and never attached). */
#define SYSCAP_BPF_PROG_SYS_EXIT "syscap_sys_exit"
#define SYSCAP_BPF_PROG_SYS_ENTER "syscap_sys_enter"
#define SYSCAP_BPF_PROG_PROC_EXEC "syscap_sched_process_exec"
#define SYSCAP_BPF_PROG_PROC_EXIT "syscap_sched_process_exit"
#define SYSCAP_BPF_PROG_SCHED_SWITCH "syscap_sched_switch"
#define SYSCAP_BPF_PROG_SIGNAL_DELIVER "syscap_signal_deliver"

/*
 * The TOCTOU enter events also come from the per-syscall trace events syscalls/sys_enter_<name>,
 * one program each, "toctou_<name>", attached through perf_event_open(2): they run for their own
 * syscall only, where sys_enter runs for every syscall. X(name, NAME, nargs): NAME is its ppm_sc,
 * nargs its argument count (the event's record holds that many; reading past them is refused).
 */
#define SYSCAP_BPF_TOCTOU_TRACE_EVENTS(X) \
	X(open, OPEN, 3)                  \
	X(openat, OPENAT, 4)              \
	X(openat2, OPENAT2, 4)            \
	X(creat, CREAT, 2)                \
	X(connect, CONNECT, 3)
#define SYSCAP_BPF_PROG_TOCTOU_PREFIX "toctou_"

/*
 * Runtime settings: one entry of a writable array map, read by every program on every event, so
 * the engine can change them while capturing.
 */
struct syscap_bpf_settings {
	__u64 boot_time;      /* wall-clock ns at boot: event ts = boot_time + ktime_get_boot_ns */
	__u32 snaplen;        /* bytes of I/O buffers copied (SYSCAP_BPF_SNAPLEN_DEFAULT..MAX) */
	__u32 sampling_ratio; /* 1 = everything; N = keep 1/N of each second for droppable syscalls */
	__u32 consumer_tgid;  /* the capturing process: its threads are never captured */
	__u32 wakeup_bytes;   /* wake the consumer after a CPU wrote this many bytes (0 = every event) */
	__u8 drop_failed;     /* skip syscalls that returned an error */
	__u8 capture_on;      /* 0 = stopped: programs stay attached but emit nothing */
	__u8 dynamic_snaplen; /* widen the snaplen of sockets carrying known protocols */
	__u8 pad;
	__u16 statsd_port;   /* dynamic snaplen: this port gets SNAPLEN_PROTO (0 = none) */
	__u16 fullcap_start; /* dynamic snaplen: ports in [start, end] get SNAPLEN_FULLCAP */
	__u16 fullcap_end;
	__u8 pad2[6];
};

/* Per native syscall number: how the probe reports it. Filled by the engine from the schema's
 * syscall table; `interesting` is toggled at runtime by the ppm_sc interest set. */
struct syscap_bpf_syscall {
	__u16 ppm_sc;    /* scap_sc_code, 0 = unknown syscall */
	__u16 exit_evt;  /* event emitted at exit (SCAP_EVT_GENERIC_X when none is dedicated) */
	__u16 enter_evt; /* TOCTOU enter event, 0 if none */
	__u8 interesting;
	__u8 flags; /* SYSCAP_BPF_SC_* */
};

#define SYSCAP_BPF_SC_NEVER_DROP 0x01 /* kept even while sampling */
#define SYSCAP_BPF_SC_ALWAYS_DROP 0x02 /* dropped while sampling */
/* The ia32 syscall with this number (socketcall: any of its calls) is reported as an interesting
 * x86_64 one (native_ia32.def, socketcall.def): the dispatcher's first test looks at this entry
 * with the raw number before it knows the task's ABI. */
#define SYSCAP_BPF_SC_IA32 0x04

/* Per-CPU counters (a BPF_MAP_TYPE_PERCPU_ARRAY with one entry). */
struct syscap_bpf_counters {
	__u64 n_evts;                 /* events written to a ring */
	__u64 n_drops_buffer;         /* ring full (reserve/output failed) */
	__u64 n_drops_category[SYSCAP_DROP_CATEGORY_MAX]; /* n_drops_buffer split by category */
	__u64 n_drops_max_event_size; /* event larger than SYSCAP_BPF_MAX_EVENT */
	__u64 n_drops_pf;             /* user/kernel memory read failed where the event needs it */
	__u64 n_drops_sampling;       /* skipped by sampling */
	__u64 n_drops_no_ring;        /* the CPU has no ring (hotplugged after open) */
	__u64 n_preemptions;          /* scratch area or CPU ring found busy (should stay 0) */
};

#endif /* SYSCAP_UAPI_BPF_MAPS_H */
