// SPDX-License-Identifier: GPL-2.0-only OR MIT
/* Exit fillers of identity queries, resource limits, memory locking, brk, sleeps and waits. */
#include "task.bpf.h"

/* RLIMIT_*, LOCK_*, MCL_*, MLOCK_ONFAULT: the same numbers in both encodings */
static __always_inline_ __u8 rlimit_res(__u64 r)
{
	return r <= 15 ? r : SCAP_RLIMIT_UNKNOWN;
}

static __always_inline_ int fill_id(__u16 type, __u32 nparams, long ret)
{
	struct evt e;

	if (evt_begin(&e, type, nparams))
		return 0;
	push_u32(&e, ret);
	return evt_submit(&e);
}

FILLER(SYSCALL_GETUID_X)
{
	return fill_id(SCAP_EVT_SYSCALL_GETUID_X, SCAP_EVT_NPARAMS_SYSCALL_GETUID_X, ret);
}

FILLER(SYSCALL_GETEUID_X)
{
	return fill_id(SCAP_EVT_SYSCALL_GETEUID_X, SCAP_EVT_NPARAMS_SYSCALL_GETEUID_X, ret);
}

FILLER(SYSCALL_GETGID_X)
{
	return fill_id(SCAP_EVT_SYSCALL_GETGID_X, SCAP_EVT_NPARAMS_SYSCALL_GETGID_X, ret);
}

FILLER(SYSCALL_GETEGID_X)
{
	return fill_id(SCAP_EVT_SYSCALL_GETEGID_X, SCAP_EVT_NPARAMS_SYSCALL_GETEGID_X, ret);
}

static __always_inline_ int fill_getres(__u16 type, __u32 nparams, struct sc_regs *regs, long ret)
{
	/* ia32 getresuid/getresgid (165, 171) write 16-bit ids; the *32 calls 32-bit ones */
	__u32 size = regs->compat && (regs->nr32 == 165 || regs->nr32 == 171) ? 2 : 4;
	struct evt e;

	if (evt_begin(&e, type, nparams))
		return 0;
	push_s64(&e, ret);
	for (int i = 0; i < 3; i++) {
		__u32 v = 0;

		bpf_probe_read_user(&v, size & 7, (void *)sc_arg(regs, i));
		push_u32(&e, v);
	}
	return evt_submit(&e);
}

FILLER(SYSCALL_GETRESUID_X)
{
	return fill_getres(SCAP_EVT_SYSCALL_GETRESUID_X, SCAP_EVT_NPARAMS_SYSCALL_GETRESUID_X, regs,
			   ret);
}

FILLER(SYSCALL_GETRESGID_X)
{
	return fill_getres(SCAP_EVT_SYSCALL_GETRESGID_X, SCAP_EVT_NPARAMS_SYSCALL_GETRESGID_X, regs,
			   ret);
}

struct k_rlimit {
	__s64 cur, max;
};

/* A user struct rlimit; ia32 getrlimit/setrlimit use two u32 (compat RLIM_INFINITY: ~0U) */
static __always_inline_ void read_rlimit(int compat, unsigned long u, struct k_rlimit *rl)
{
	if (compat) {
		__u32 v[2];

		if (bpf_probe_read_user(v, sizeof(v), (void *)u))
			return;
		rl->cur = v[0] == ~0U ? -1 : (__s64)v[0];
		rl->max = v[1] == ~0U ? -1 : (__s64)v[1];
		return;
	}
	bpf_probe_read_user(rl, sizeof(*rl), (void *)u);
}

FILLER(SYSCALL_GETRLIMIT_X)
{
	struct k_rlimit rl = { -1, -1 };
	struct evt e;

	if (evt_begin(&e, SCAP_EVT_SYSCALL_GETRLIMIT_X, SCAP_EVT_NPARAMS_SYSCALL_GETRLIMIT_X))
		return 0;
	if (ret == 0)
		read_rlimit(regs->compat, sc_arg(regs, 1), &rl);
	push_s64(&e, ret);
	push_s64(&e, rl.cur);
	push_s64(&e, rl.max);
	push_u8(&e, rlimit_res(sc_arg(regs, 0)));
	return evt_submit(&e);
}

FILLER(SYSCALL_SETRLIMIT_X)
{
	struct k_rlimit rl = {};
	struct evt e;

	if (evt_begin(&e, SCAP_EVT_SYSCALL_SETRLIMIT_X, SCAP_EVT_NPARAMS_SYSCALL_SETRLIMIT_X))
		return 0;
	read_rlimit(regs->compat, sc_arg(regs, 1), &rl);
	push_s64(&e, ret);
	push_s64(&e, rl.cur);
	push_s64(&e, rl.max);
	push_u8(&e, rlimit_res(sc_arg(regs, 0)));
	return evt_submit(&e);
}

FILLER(SYSCALL_PRLIMIT_X)
{
	struct k_rlimit nrl = {}, orl = { -1, -1 };
	struct evt e;

	if (evt_begin(&e, SCAP_EVT_SYSCALL_PRLIMIT_X, SCAP_EVT_NPARAMS_SYSCALL_PRLIMIT_X))
		return 0;
	bpf_probe_read_user(&nrl, sizeof(nrl), (void *)sc_arg(regs, 2));
	if (ret == 0)
		bpf_probe_read_user(&orl, sizeof(orl), (void *)sc_arg(regs, 3));
	push_s64(&e, ret);
	push_s64(&e, nrl.cur);
	push_s64(&e, nrl.max);
	push_s64(&e, orl.cur);
	push_s64(&e, orl.max);
	push_s64(&e, (__s32)sc_arg(regs, 0));
	push_u8(&e, rlimit_res(sc_arg(regs, 1)));
	return evt_submit(&e);
}

FILLER(SYSCALL_FLOCK_X)
{
	struct evt e;

	if (evt_begin(&e, SCAP_EVT_SYSCALL_FLOCK_X, SCAP_EVT_NPARAMS_SYSCALL_FLOCK_X))
		return 0;
	push_s64(&e, ret);
	push_s64(&e, (__s32)sc_arg(regs, 0));
	push_u32(&e, sc_arg(regs, 1) & 0xf);
	return evt_submit(&e);
}

static __always_inline_ int fill_addr_len(__u16 type, __u32 nparams, struct sc_regs *regs, long ret)
{
	struct evt e;

	if (evt_begin(&e, type, nparams))
		return 0;
	push_s64(&e, ret);
	push_u64(&e, sc_arg(regs, 0));
	push_u64(&e, sc_arg(regs, 1));
	return evt_submit(&e);
}

FILLER(SYSCALL_MLOCK_X)
{
	return fill_addr_len(SCAP_EVT_SYSCALL_MLOCK_X, SCAP_EVT_NPARAMS_SYSCALL_MLOCK_X, regs, ret);
}

FILLER(SYSCALL_MUNLOCK_X)
{
	return fill_addr_len(SCAP_EVT_SYSCALL_MUNLOCK_X, SCAP_EVT_NPARAMS_SYSCALL_MUNLOCK_X, regs,
			     ret);
}

FILLER(SYSCALL_MLOCK2_X)
{
	struct evt e;

	if (evt_begin(&e, SCAP_EVT_SYSCALL_MLOCK2_X, SCAP_EVT_NPARAMS_SYSCALL_MLOCK2_X))
		return 0;
	push_s64(&e, ret);
	push_u64(&e, sc_arg(regs, 0));
	push_u64(&e, sc_arg(regs, 1));
	push_u32(&e, sc_arg(regs, 2) & 1);
	return evt_submit(&e);
}

FILLER(SYSCALL_MLOCKALL_X)
{
	struct evt e;

	if (evt_begin(&e, SCAP_EVT_SYSCALL_MLOCKALL_X, SCAP_EVT_NPARAMS_SYSCALL_MLOCKALL_X))
		return 0;
	push_s64(&e, ret);
	push_u32(&e, sc_arg(regs, 0) & 7);
	return evt_submit(&e);
}

FILLER(SYSCALL_MUNLOCKALL_X)
{
	struct evt e;

	if (evt_begin(&e, SCAP_EVT_SYSCALL_MUNLOCKALL_X, SCAP_EVT_NPARAMS_SYSCALL_MUNLOCKALL_X))
		return 0;
	push_s64(&e, ret);
	return evt_submit(&e);
}

FILLER(SYSCALL_BRK_4_X)
{
	struct mm_struct *mm = BPF_CORE_READ(cur_task(), mm);
	struct evt e;

	if (evt_begin(&e, SCAP_EVT_SYSCALL_BRK_4_X, SCAP_EVT_NPARAMS_SYSCALL_BRK_4_X))
		return 0;
	push_u64(&e, ret);
	push_u32(&e, vm_size_kb(mm));
	push_u32(&e, vm_rss_kb(mm));
	push_u32(&e, vm_swap_kb(mm));
	push_u64(&e, sc_arg(regs, 0));
	return evt_submit(&e);
}

FILLER(SYSCALL_NANOSLEEP_X)
{
	struct sc_timespec ts = {};
	struct evt e;

	if (evt_begin(&e, SCAP_EVT_SYSCALL_NANOSLEEP_X, SCAP_EVT_NPARAMS_SYSCALL_NANOSLEEP_X))
		return 0;
	read_timespec(regs->compat, sc_arg(regs, 0), &ts);
	push_s64(&e, ret);
	push_u64(&e, ts.sec * 1000000000ull + ts.nsec);
	return evt_submit(&e);
}

FILLER(SYSCALL_EPOLLWAIT_X)
{
	struct evt e;

	if (evt_begin(&e, SCAP_EVT_SYSCALL_EPOLLWAIT_X, SCAP_EVT_NPARAMS_SYSCALL_EPOLLWAIT_X))
		return 0;
	push_s64(&e, ret);
	push_s64(&e, (__s32)sc_arg(regs, 2));
	return evt_submit(&e);
}
