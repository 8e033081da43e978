// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * The record path: for every interested consumer, build the event in place in the ring of the
 * current CPU and publish it by moving head. Parameter widths and counts come from the shared
 * schema table, so a filler only says which value goes next.
 */
#include <linux/sched.h>
#include <linux/uaccess.h>
#include <linux/uio.h>
#include <linux/timekeeping.h>
#include <linux/rculist.h>

#include "syscap.h"
#include <syscap/drops.h>

/* The ring has no alignment: store through memcpy (the header moved between kernel versions). */
#define sc_store(ptr, val)                                                                         \
	do {                                                                                       \
		typeof(val) __v = (val);                                                           \
		memcpy((ptr), &__v, sizeof(__v));                                                  \
	} while (0)

/* Claims len bytes for the next parameter; NULL when it does not fit or all are written. */
char *sc_buf_reserve(struct sc_buf *b, u32 len)
{
	if (b->full || b->cur >= b->nparams)
		return NULL;
	if (len > SCAP_MAX_ARG_SIZE || b->len + len > b->room) {
		b->full = true;
		return NULL;
	}
	return b->start + b->len;
}

void sc_buf_commit(struct sc_buf *b, u32 len)
{
	sc_store((u16 *)(b->start + SCAP_EVT_HDR_SIZE) + b->cur, (u16)len);
	b->len += len;
	b->cur++;
}

void sc_buf_empty(struct sc_buf *b)
{
	if (sc_buf_reserve(b, 0))
		sc_buf_commit(b, 0);
}

void sc_buf_int(struct sc_buf *b, u64 v)
{
	u32 size;
	char *p;

	if (b->cur >= b->nparams)
		return;
	size = scap_pt_fixed_size(b->params[b->cur].type);
	if (!size || size > 8)
		size = 8;
	p = sc_buf_reserve(b, size);
	if (!p)
		return;
	switch (size) {
	case 1:
		*p = (u8)v;
		break;
	case 2:
		sc_store((u16 *)p, (u16)v);
		break;
	case 4:
		sc_store((u32 *)p, (u32)v);
		break;
	default:
		sc_store((u64 *)p, v);
	}
	sc_buf_commit(b, size);
}

void sc_buf_bytes(struct sc_buf *b, const void *src, u32 len)
{
	char *p = sc_buf_reserve(b, len);

	if (!p)
		return;
	memcpy(p, src, len);
	sc_buf_commit(b, len);
}

void sc_buf_str(struct sc_buf *b, const char *s)
{
	if (!s) {
		sc_buf_empty(b);
		return;
	}
	sc_buf_bytes(b, s, strnlen(s, SCAP_MAX_ARG_SIZE - 1) + 1);
}

/*
 * strncpy_from_user_nofault() is not exported to modules: copy page-bounded chunks with
 * copy_from_user_nofault() until a NUL shows up. Returns the length without the NUL, or -EFAULT.
 */
long sc_strncpy_user(char *dst, unsigned long src, long max)
{
	long got = 0;

	while (got < max) {
		/* small steps: most strings are short, copying to the page end costs */
		long chunk = min3(max - got, 128L, (long)(PAGE_SIZE - ((src + got) & ~PAGE_MASK)));
		char *nul;

		if (copy_from_user_nofault(dst + got, (const void __user *)(src + got), chunk))
			return got ? got : -EFAULT;
		nul = memchr(dst + got, '\0', chunk);
		if (nul)
			return nul - dst;
		got += chunk;
	}
	return got;
}

/*
 * A user string of at most max - 1 characters (and at most a scratch page), NUL included;
 * unreadable memory gives an empty parameter.
 */
void sc_buf_ustrn(struct sc_buf *b, unsigned long uptr, u32 max)
{
	char *tmp = b->ring->scratch;
	long n;

	max = min_t(u32, max, SC_SCRATCH_SIZE);
	if (!uptr || !max) {
		sc_buf_empty(b);
		return;
	}
	n = sc_strncpy_user(tmp, uptr, max);
	if (n < 0) {
		sc_buf_empty(b);
		return;
	}
	if (n >= max)
		n = max - 1;
	tmp[n] = '\0';
	sc_buf_bytes(b, tmp, n + 1);
}

/*
 * A user array of strings (the argv or envp given to a failed exec), from element first on,
 * NUL-separated into the scratch page: at most SC_STRV_MAX strings. Returns the length.
 */
long sc_user_strv(struct sc_buf *b, unsigned long arr, int first)
{
	char *tmp = b->ring->scratch;
	long len = 0, n;
	int i;

	for (i = first; arr && i < first + SC_STRV_MAX && len < SC_SCRATCH_SIZE; i++) {
		unsigned long p;

		if (sc_user_ulong(arr, i, &p) || !p)
			break;
		n = sc_strncpy_user(tmp + len, p, SC_SCRATCH_SIZE - len);
		if (n < 0)
			break;
		if (len + n < SC_SCRATCH_SIZE)
			tmp[len + n] = '\0'; /* also after a fault mid-string */
		len += n + 1;
	}
	if (len > SC_SCRATCH_SIZE) { /* the last string was cut: it ends the page */
		len = SC_SCRATCH_SIZE;
		tmp[len - 1] = '\0';
	}
	return len;
}

void sc_buf_ustr(struct sc_buf *b, unsigned long uptr)
{
	sc_buf_ustrn(b, uptr, SC_SCRATCH_SIZE);
}

/*
 * Up to want bytes gathered from the first cnt iovecs at uiov (native or compat layout, see
 * sc_user_iovec()) as one parameter; it holds what could be copied.
 */
void sc_buf_uiovec(struct sc_buf *b, unsigned long uiov, unsigned long cnt, u32 want)
{
	struct iovec iov;
	unsigned long i;
	u32 got = 0;
	char *p = sc_buf_reserve(b, want);

	if (!p)
		return;
	for (i = 0; i < cnt && got < want; i++) {
		u32 n;

		if (sc_user_iovec(uiov, i, &iov))
			break;
		n = min_t(u64, iov.iov_len, want - got);
		if (copy_from_user_nofault(p + got, iov.iov_base, n))
			break;
		got += n;
	}
	sc_buf_commit(b, got);
}

void sc_buf_ubuf(struct sc_buf *b, unsigned long uptr, u32 len)
{
	char *p;

	if (!uptr || !len) {
		sc_buf_empty(b);
		return;
	}
	p = sc_buf_reserve(b, len);
	if (!p)
		return;
	if (copy_from_user_nofault(p, (const void __user *)uptr, len)) {
		sc_buf_commit(b, 0);
		return;
	}
	sc_buf_commit(b, len);
}

static void sc_count_drop(struct scap_ring_info *info, u16 type)
{
	info->n_drops_buffer++;
	switch (scap_drop_category_of(type)) {
	case SYSCAP_DROP_OPEN_ENTER:
		info->n_drops_buffer_open_enter++;
		break;
	case SYSCAP_DROP_OPEN_EXIT:
		info->n_drops_buffer_open_exit++;
		break;
	case SYSCAP_DROP_CONNECT_ENTER:
		info->n_drops_buffer_connect_enter++;
		break;
	case SYSCAP_DROP_CONNECT_EXIT:
		info->n_drops_buffer_connect_exit++;
		break;
	case SYSCAP_DROP_DIR_FILE_EXIT:
		info->n_drops_buffer_dir_file_exit++;
		break;
	case SYSCAP_DROP_CLONE_FORK_EXIT:
		info->n_drops_buffer_clone_fork_exit++;
		break;
	case SYSCAP_DROP_EXECVE_EXIT:
		info->n_drops_buffer_execve_exit++;
		break;
	case SYSCAP_DROP_OTHER_INTEREST_EXIT:
		info->n_drops_buffer_other_interest_exit++;
		break;
	case SYSCAP_DROP_CLOSE_EXIT:
		info->n_drops_buffer_close_exit++;
		break;
	case SYSCAP_DROP_PROC_EXIT:
		info->n_drops_buffer_proc_exit++;
		break;
	}
}

/* Writes one event into ring; false when it did not fit (counted as a drop). */
static bool sc_write(struct sc_consumer *c, struct sc_ring *ring, struct sc_ctx *ctx)
{
	const struct scap_event_info *ei = &scap_event_table[ctx->type];
	struct scap_ring_info *info = ring->info;
	u32 head = info->head & (ring->size - 1);
	u32 tail = READ_ONCE(info->tail) & (ring->size - 1);
	struct scap_evt_hdr *hdr;
	struct sc_buf b = {
		.start = ring->data + head,
		.room = scap_ring_free(head, tail, ring->size),
		.nparams = ei->nparams,
		.params = ei->params,
		.c = c,
		.ring = ring,
	};

	info->n_evts++;
	b.len = SCAP_EVT_HDR_SIZE + 2 * b.nparams;
	if (b.len > b.room) {
		sc_count_drop(info, ctx->type);
		return false;
	}
	sc_fill(&b, ctx);
	while (!b.full && b.cur < b.nparams)
		sc_buf_empty(&b); /* a filler that stopped early leaves the rest empty */
	if (b.full) {
		sc_count_drop(info, ctx->type);
		return false;
	}
	hdr = (struct scap_evt_hdr *)b.start;
	sc_store(&hdr->ts, ctx->ts);
	sc_store(&hdr->tid, (u64)current->pid);
	sc_store(&hdr->len, b.len);
	sc_store(&hdr->type, ctx->type);
	sc_store(&hdr->nparams, b.nparams);
	smp_wmb(); /* the bytes before the new head */
	WRITE_ONCE(info->head, (head + b.len) & (ring->size - 1));
	return true;
}

static void sc_write_meta(struct sc_consumer *c, struct sc_ring *ring, struct sc_ctx *base,
			  u16 type, u64 a0, u64 a1)
{
	struct sc_ctx m = { .type = type, .tp = base->tp, .nr = -1, .ts = base->ts };

	m.args[0] = a0;
	m.args[1] = a1;
	sc_write(c, ring, &m);
}

/* Sampling: keep the first 1/ratio of every second; false when this event is dropped. */
static bool sc_sample(struct sc_consumer *c, struct sc_ring *ring, struct sc_ctx *ctx)
{
	u8 flags;
	bool drop;
	u64 t = ctx->ts;

	/*
	 * Tracepoint events as the reference module: context switches, signals and page faults go
	 * while dropping; process exit, exec and fork never do (the process state needs them).
	 */
	if (ctx->nr >= 0)
		flags = scap_syscall_table[ctx->sc].flags;
	else if (ctx->type == SCAP_EVT_SCHEDSWITCH_6_E || ctx->type == SCAP_EVT_SIGNALDELIVER_E ||
		 ctx->type == SCAP_EVT_PAGE_FAULT_E)
		flags = SCAP_UF_ALWAYS_DROP;
	else
		flags = SCAP_UF_NEVER_DROP;
	if (flags & SCAP_UF_NEVER_DROP)
		return true;
	if (flags & SCAP_UF_ALWAYS_DROP)
		return false;
	drop = do_div(t, NSEC_PER_SEC) >= NSEC_PER_SEC / c->sampling_ratio;
	if (drop && !ring->in_drop_window) {
		ring->in_drop_window = true;
		sc_write_meta(c, ring, ctx, SCAP_EVT_DROP_E, c->sampling_ratio, 0);
	} else if (!drop && ring->in_drop_window) {
		ring->in_drop_window = false;
		sc_write_meta(c, ring, ctx, SCAP_EVT_DROP_X, c->sampling_ratio, 0);
	}
	return !drop;
}

static void sc_record_one(struct sc_consumer *c, struct sc_ctx *ctx)
{
	int cpu = smp_processor_id();
	struct sc_ring *ring = READ_ONCE(c->rings[cpu]);
	int gen;

	if (!ring)
		return; /* a CPU that came online after the consumer started: see below */
	if (ring->nesting) {
		ring->info->n_preemptions++;
		return;
	}
	ring->nesting++;
	if (ctx->type == SCAP_EVT_SCHEDSWITCH_6_E)
		ring->info->n_context_switches++;
	/* every consumer hears once about each CPU that came online, so it can reopen */
	gen = atomic_read(&sc_hotplug_gen);
	if (unlikely(gen != READ_ONCE(c->hotplug_seen))) {
		WRITE_ONCE(c->hotplug_seen, gen);
		sc_write_meta(c, ring, ctx, SCAP_EVT_CPU_HOTPLUG_E, atomic_read(&sc_hotplug_cpu), 1);
	}
	if (!c->dropping || sc_sample(c, ring, ctx))
		sc_write(c, ring, ctx);
	ring->nesting--;
}

void sc_record(struct sc_ctx *ctx)
{
	struct sc_consumer *c;

	ctx->ts = ktime_get_real_ns();
	preempt_disable();
	rcu_read_lock();
	list_for_each_entry_rcu(c, &sc_consumers, node) {
		if (!(READ_ONCE(c->tp_set) & BIT(ctx->tp)))
			continue;
		if (ctx->nr >= 0 && !test_bit(ctx->nr, c->syscalls))
			continue;
		if (c->drop_failed && ctx->nr >= 0 && SCAP_EVT_IS_EXIT(ctx->type) && ctx->ret < 0)
			continue;
		sc_record_one(c, ctx);
	}
	rcu_read_unlock();
	preempt_enable();
}
