/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * Building one event in the per-CPU scratch area and handing it to the ring buffer.
 *
 * Layout (shared with the kmod and .scap files): 26-byte header, nparams u16 lengths, then the
 * payloads back to back. Every write goes to data[BOUND_16(off)] with a bounded size; the scratch
 * area is twice SYSCAP_BPF_MAX_EVENT, which is what lets the verifier accept variable offsets.
 * An event whose payload ends past SYSCAP_BPF_MAX_EVENT is dropped and counted at submit.
 */
#ifndef SYSCAP_EVENT_BPF_H
#define SYSCAP_EVENT_BPF_H

#include "syscap.bpf.h"

#define EVT_HDR_LEN 26
#define EVT_MASK (SYSCAP_BPF_MAX_EVENT - 1)
#define EVT_MAX_PARAMS 32
#define EVT_PATH_MAX 4096
#define EVT_NAME_MAX 256
#define SCRATCH_STALE_NS 1000000ULL

/* Clamp a length the verifier must see bounded; an asm barrier so clang cannot drop the mask
 * after proving a tighter bound itself (the verifier does not follow that proof). */
#define BOUND_16(v)                                                        \
	({                                                                 \
		__u64 __v = (v);                                           \
		asm volatile("%[x] &= 0xffff" : [x] "+r"(__v));            \
		__v;                                                       \
	})

#define BOUND_17(v)                                                        \
	({                                                                 \
		__u64 __v = (v);                                           \
		asm volatile("%[x] &= 0x1ffff" : [x] "+r"(__v));           \
		__v;                                                       \
	})

struct evt {
	__u8 *data;
	__u32 off; /* next payload byte; may run past the limit, checked at submit */
	__u32 idx; /* next parameter */
	__u32 nparams;
	__u16 type;
	__u64 ts;
	__u64 pid_tgid;
	__u32 cpu;
	struct syscap_bpf_settings *settings;
};

static __always_inline_ int evt_begin(struct evt *e, __u16 type, __u32 nparams)
{
	__u32 cpu = bpf_get_smp_processor_id();
	struct syscap_bpf_settings *s = get_settings();

	if (!s)
		return -1;
	struct syscap_scratch *sc = bpf_map_lookup_elem(&syscap_scratch, &cpu);
	__u64 me = bpf_get_current_pid_tgid(), now = bpf_ktime_get_boot_ns(), prev;

	if (!sc)
		return -1;
	/* Best effort without atomics (cmpxchg needs the v3 ISA, whose 32-bit code generation the
	 * verifier follows less well): a preemption between test and set is not detected. */
	prev = sc->owner;
	if (prev && prev != me && now - sc->since < SCRATCH_STALE_NS) {
		struct syscap_bpf_counters *c = get_counters();

		if (c)
			c->n_preemptions++;
		return -1;
	}
	sc->owner = me; /* free, ours, or a stale holder that never released it */
	sc->since = now;
	e->pid_tgid = me;
	e->cpu = cpu;
	e->settings = s;
	e->data = sc->data;
	e->type = type;
	e->nparams = nparams > EVT_MAX_PARAMS ? EVT_MAX_PARAMS : nparams;
	e->idx = 0;
	e->off = EVT_HDR_LEN + 2 * e->nparams;
	e->ts = s->boot_time + now;
	return 0;
}

static __always_inline_ void evt_set_len(struct evt *e, __u16 len)
{
	__u32 at = EVT_HDR_LEN + 2 * (e->idx & (EVT_MAX_PARAMS - 1));

	*(__u16 *)&e->data[BOUND_16(at)] = len;
	e->idx++;
	e->off += len;
}

static __always_inline_ void push_u8(struct evt *e, __u8 v)
{
	e->data[BOUND_16(e->off)] = v;
	evt_set_len(e, 1);
}

static __always_inline_ void push_u16(struct evt *e, __u16 v)
{
	*(__u16 *)&e->data[BOUND_16(e->off)] = v;
	evt_set_len(e, 2);
}

static __always_inline_ void push_u32(struct evt *e, __u32 v)
{
	*(__u32 *)&e->data[BOUND_16(e->off)] = v;
	evt_set_len(e, 4);
}

static __always_inline_ void push_u64(struct evt *e, __u64 v)
{
	*(__u64 *)&e->data[BOUND_16(e->off)] = v;
	evt_set_len(e, 8);
}

#define push_s64(e, v) push_u64(e, (__u64)(__s64)(v))
#define push_s32(e, v) push_u32(e, (__u32)(__s32)(v))

static __always_inline_ void push_empty(struct evt *e)
{
	evt_set_len(e, 0);
}

/* NUL-terminated string from user memory; empty param when unreadable or NULL. */
static __always_inline_ void push_user_str(struct evt *e, unsigned long uptr, __u32 max)
{
	long n = 0;

	if (uptr)
		n = bpf_probe_read_user_str(&e->data[BOUND_16(e->off)], max & (EVT_PATH_MAX * 16 - 1),
					    (const void *)uptr);
	evt_set_len(e, n > 0 ? n : 0);
}

static __always_inline_ void push_kernel_str(struct evt *e, const void *kptr, __u32 max)
{
	long n = 0;

	if (kptr)
		n = bpf_probe_read_kernel_str(&e->data[BOUND_16(e->off)],
					      max & (EVT_PATH_MAX * 16 - 1), kptr);
	evt_set_len(e, n > 0 ? n : 0);
}

/* Raw bytes from user memory, at most `len` (callers clamp to snaplen). */
static __always_inline_ void push_user_buf(struct evt *e, unsigned long uptr, __u32 len)
{
	if (!uptr || len == 0) {
		push_empty(e);
		return;
	}
	if (len > SYSCAP_BPF_SNAPLEN_MAX)
		len = SYSCAP_BPF_SNAPLEN_MAX;
	if (bpf_probe_read_user(&e->data[BOUND_16(e->off)], BOUND_16(len), (const void *)uptr)) {
		push_empty(e);
		return;
	}
	evt_set_len(e, len);
}

/* Write raw bytes into the current param without closing it (for composite encodings). */
static __always_inline_ void put_u8(struct evt *e, __u32 at, __u8 v)
{
	e->data[BOUND_16(at)] = v;
}

static __always_inline_ void put_u16(struct evt *e, __u32 at, __u16 v)
{
	*(__u16 *)&e->data[BOUND_16(at)] = v;
}

static __always_inline_ void put_u32(struct evt *e, __u32 at, __u32 v)
{
	*(__u32 *)&e->data[BOUND_16(at)] = v;
}

static __always_inline_ void put_u64(struct evt *e, __u32 at, __u64 v)
{
	*(__u64 *)&e->data[BOUND_16(at)] = v;
}

/* Close the current param as [start, e->off + extra). */
static __always_inline_ void evt_close_param(struct evt *e, __u32 len)
{
	evt_set_len(e, len);
}

static __always_inline_ void count_drop(struct syscap_bpf_counters *c, __u16 type)
{
	__u64 t = type;
	__u32 cat;

	c->n_drops_buffer++;
	if (t >= SCAP_EVT_MAX)
		return;
	/* a mask the 6.1 verifier sees: it loses the test above when clang reloads a spilled t
	 * (the table is in .rodata, so the mask alone keeps the read inside the map) */
	asm volatile("%[x] &= 0x1ff" : [x] "+r"(t));
	cat = syscap_event_drop_category[t];
	if (cat == 0)
		return;
	/* Keep the upper-bound test separate: clang would fuse both into one compare of cat - 1,
	 * whose range older verifiers (6.1) do not carry over to cat. */
	asm volatile("" : "+r"(cat));
	if (cat < SYSCAP_DROP_CATEGORY_MAX)
		c->n_drops_category[cat]++;
}

/*
 * CPU rings (bpf_maps.h). cpu_ring_reserve() takes the CPU's ring and returns where a record of
 * len bytes goes, or NULL with *why = CPU_RING_BUSY when another writer is inside (a preempted
 * program on this CPU), CPU_RING_FULL or CPU_RING_NONE; cpu_ring_publish() makes the record
 * visible and says whether to ring the doorbell. The lock is an atomic add and a test, not a
 * compare-and-exchange: XADD is in every eBPF ISA, so the object still loads on 5.8.
 */
#ifndef __TARGET_ARCH_x86
#error "CPU rings publish with a plain store after a compiler barrier: x86 (TSO) only"
#endif

enum { CPU_RING_FULL, CPU_RING_BUSY, CPU_RING_NONE };

struct cpu_ring {
	struct syscap_bpf_cpu_ring_pos *pos;
	__u64 next; /* prod once the record is published */
};

static __always_inline_ __u8 *cpu_ring_reserve(struct cpu_ring *w, __u32 cpu, __u32 len,
					       int *why)
{
	const __u64 mask = syscap_cpu_ring_mask;
	__u8 *b = bpf_map_lookup_elem(&syscap_cpu_rings, &cpu);
	struct syscap_bpf_cpu_ring_pos *pos = (struct syscap_bpf_cpu_ring_pos *)b;
	__u64 p, cons, off, need = (len + 7) & ~7ULL, pad = 0;

	*why = CPU_RING_NONE;
	if (!b)
		return NULL;
	*why = CPU_RING_FULL;
	__sync_fetch_and_add(&pos->lock, 1);
	if (*(volatile __u64 *)&pos->lock != 1) {
		__sync_fetch_and_add(&pos->lock, -1);
		*why = CPU_RING_BUSY;
		return NULL;
	}
	p = pos->prod;
	cons = *(volatile __u64 *)&pos->cons;
	off = p & mask;
	if (off + need > mask + 1)
		pad = mask + 1 - off; /* no room before the end: skip to the start */
	if (p + pad + need - cons > mask + 1) {
		__sync_fetch_and_add(&pos->lock, -1);
		return NULL;
	}
	if (pad) {
		*(__u64 *)(b + SYSCAP_BPF_CPU_RING_HDR + off) = SYSCAP_BPF_CPU_RING_PAD;
		off = 0;
	}
	w->pos = pos;
	w->next = p + pad + need;
	return b + SYSCAP_BPF_CPU_RING_HDR + off;
}

/* Leave the ring; publish the record unless it could not be written. 1: wake the consumer. */
static __always_inline_ int cpu_ring_publish(struct cpu_ring *w, struct syscap_bpf_settings *s,
					     int written)
{
	struct syscap_bpf_cpu_ring_pos *pos = w->pos;
	int wake = 0;

	if (written) {
		asm volatile("" ::: "memory"); /* the record before prod (x86 keeps store order) */
		*(volatile __u64 *)&pos->prod = w->next;
		if (w->next - pos->woken >= s->wakeup_bytes) {
			pos->woken = w->next;
			wake = 1;
		}
	}
	__sync_fetch_and_add(&pos->lock, -1);
	return wake;
}

static __always_inline_ void cpu_ring_doorbell(__u32 cpu)
{
	bpf_ringbuf_output(&syscap_doorbell, &cpu, sizeof(cpu), BPF_RB_FORCE_WAKEUP);
}

/* Why a CPU ring took no record, counted. */
static __always_inline_ void cpu_ring_count_miss(struct syscap_bpf_counters *c, int why,
						 __u16 type)
{
	if (why == CPU_RING_BUSY)
		c->n_preemptions++;
	else if (why == CPU_RING_NONE)
		c->n_drops_no_ring++;
	else
		count_drop(c, type);
}

static __always_inline_ void evt_send(struct evt *e)
{
	struct syscap_bpf_counters *c = get_counters();
	struct syscap_bpf_settings *s = e->settings;
	__u32 cpu = e->cpu;
	__u64 flags = BPF_RB_NO_WAKEUP;
	__u32 len = e->off;
	void *ring;

	if (!c || !s)
		return;
	/* Params not filled by a filler (e.g. a schema newer than the filler) are sent empty. */
	for (int i = 0; i < EVT_MAX_PARAMS; i++) {
		if (e->idx >= e->nparams)
			break;
		push_empty(e);
	}
	if (len > SYSCAP_BPF_MAX_EVENT) {
		c->n_drops_max_event_size++;
		return;
	}
	put_u64(e, 0, e->ts);
	put_u64(e, 8, e->pid_tgid & 0xffffffff);
	put_u32(e, 16, len);
	put_u16(e, 20, e->type);
	put_u32(e, 22, e->nparams);

	if (syscap_cpu_ring_mask) {
		struct cpu_ring w;
		int why, ok;
		__u8 *dst = cpu_ring_reserve(&w, cpu, len, &why);

		if (!dst) {
			cpu_ring_count_miss(c, why, e->type);
			return;
		}
		ok = bpf_probe_read_kernel(dst, BOUND_17(len), e->data) == 0;
		if (cpu_ring_publish(&w, s, ok))
			cpu_ring_doorbell(cpu);
		if (!ok) { /* a copy from our own map: not expected */
			count_drop(c, e->type);
			return;
		}
		c->n_evts++;
		return;
	}
	ring = bpf_map_lookup_elem(&syscap_rings, &cpu);
	if (!ring) {
		c->n_drops_no_ring++;
		return;
	}
	/* Wake the consumer once per wakeup_bytes written by this CPU (cheaper than asking the
	 * ring; the consumer also polls on a timer, so a late wakeup only adds latency). */
	{
		struct syscap_scratch *sc = (struct syscap_scratch *)e->data;

		sc->pending += len;
		if (s->wakeup_bytes == 0 || sc->pending >= s->wakeup_bytes) {
			flags = BPF_RB_FORCE_WAKEUP;
			sc->pending = 0;
		}
	}
	if (bpf_ringbuf_output(ring, e->data, BOUND_17(len), flags)) {
		count_drop(c, e->type);
		return;
	}
	c->n_evts++;
}

/* Send the event (or count why not) and free the scratch area. */
static __always_inline_ int evt_submit(struct evt *e)
{
	evt_send(e);
	((struct syscap_scratch *)e->data)->owner = 0;
	return 0;
}

#endif /* SYSCAP_EVENT_BPF_H */
