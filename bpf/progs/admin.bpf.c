// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * Fillers of administrative syscalls whose arguments depend on a command code: keyctl
 * (per-operation dynamic args) and quotactl (per-command structures read from user memory).
 */
#include "syscap.bpf.h"
#include "event.bpf.h"
#include "flags.bpf.h"

/* keyctl args are PT_DYN: one index byte, then an int64 or a NUL-terminated string. */
static __always_inline_ void push_keyctl_int(struct evt *e, __u64 v)
{
	__u32 at = e->off;

	put_u8(e, at, SCAP_KEYCTL_IDX_INT64);
	put_u64(e, at + 1, v);
	evt_set_len(e, 9);
}

static __always_inline_ void push_keyctl_str(struct evt *e, unsigned long uptr)
{
	__u32 at = e->off;
	long n = 0;

	put_u8(e, at, SCAP_KEYCTL_IDX_CHARBUF);
	if (uptr)
		n = bpf_probe_read_user_str(&e->data[BOUND_16(at + 1)], EVT_PATH_MAX,
					    (const void *)uptr);
	evt_set_len(e, 1 + (n > 0 ? n : 0));
}

FILLER(SYSCALL_KEYCTL_X)
{
	/* The scap operation codes are the kernel's KEYCTL_* numbers. */
	__u32 op = sc_arg(regs, 0);
	__u32 strs = scap_keyctl_str_args(op);
	int nargs = scap_keyctl_nargs(op);
	struct evt e;

	if (evt_begin(&e, SCAP_EVT_SYSCALL_KEYCTL_X, SCAP_EVT_NPARAMS_SYSCALL_KEYCTL_X))
		return 0;
	push_s64(&e, ret);
	push_u32(&e, op);
#pragma unroll
	for (int i = 0; i < 4; i++) {
		unsigned long v = i < nargs ? sc_arg(regs, i + 1) : 0;

		if (strs & (1 << i))
			push_keyctl_str(&e, v);
		else
			push_keyctl_int(&e, v);
	}
	return evt_submit(&e);
}

/* Kernel quota ABI (include/uapi/linux/quota.h); commands and formats: flags_conv.h */
#define K_QIF_BLIMITS 1
#define K_QIF_SPACE 2
#define K_QIF_ILIMITS 4
#define K_QIF_BTIME 16
#define K_QIF_ITIME 32
#define K_IIF_BGRACE 1
#define K_IIF_IGRACE 2
#define K_IIF_FLAGS 4

struct k_if_dqblk {
	__u64 bhardlimit, bsoftlimit, curspace, ihardlimit, isoftlimit, curinodes, btime, itime;
	__u32 valid;
};

struct k_if_dqinfo {
	__u64 bgrace, igrace;
	__u32 flags, valid;
};

FILLER(SYSCALL_QUOTACTL_X)
{
	__u32 cmd = sc_arg(regs, 0), id = sc_arg(regs, 2);
	unsigned long addr = sc_arg(regs, 3);
	__u16 scmd = scap_quotactl_cmd_from_linux(cmd);
	struct k_if_dqblk dq = {};
	struct k_if_dqinfo di = {};
	__u32 fmt_out = 0;
	struct evt e;

	if (evt_begin(&e, SCAP_EVT_SYSCALL_QUOTACTL_X, SCAP_EVT_NPARAMS_SYSCALL_QUOTACTL_X))
		return 0;
	push_s64(&e, ret);
	push_user_str(&e, sc_arg(regs, 1), EVT_PATH_MAX);
	if (scmd == SCAP_Q_QUOTAON)
		push_user_str(&e, addr, EVT_PATH_MAX);
	else
		push_empty(&e);

	/* The structures are read after the call: GET* see the kernel's answer, SET* the
	 * caller's request; only the fields marked valid are reported. */
	if (scmd == SCAP_Q_GETQUOTA || scmd == SCAP_Q_SETQUOTA)
		bpf_probe_read_user(&dq, sizeof(dq), (void *)addr);
	push_u64(&e, dq.valid & K_QIF_BLIMITS ? dq.bhardlimit : 0);
	push_u64(&e, dq.valid & K_QIF_BLIMITS ? dq.bsoftlimit : 0);
	push_u64(&e, dq.valid & K_QIF_SPACE ? dq.curspace : 0);
	push_u64(&e, dq.valid & K_QIF_ILIMITS ? dq.ihardlimit : 0);
	push_u64(&e, dq.valid & K_QIF_ILIMITS ? dq.isoftlimit : 0);
	push_u64(&e, dq.valid & K_QIF_BTIME ? dq.btime : 0);
	push_u64(&e, dq.valid & K_QIF_ITIME ? dq.itime : 0);

	if (scmd == SCAP_Q_GETINFO || scmd == SCAP_Q_SETINFO)
		bpf_probe_read_user(&di, sizeof(di), (void *)addr);
	push_u64(&e, di.valid & K_IIF_BGRACE ? di.bgrace : 0);
	push_u64(&e, di.valid & K_IIF_IGRACE ? di.igrace : 0);
	push_u8(&e, di.valid & K_IIF_FLAGS ? di.flags : 0);

	if (scmd == SCAP_Q_GETFMT) {
		bpf_probe_read_user(&fmt_out, sizeof(fmt_out), (void *)addr);
		push_u8(&e, scap_quotactl_fmt_from_linux(fmt_out));
	} else {
		push_u8(&e, SCAP_QFMT_NOT_USED);
	}
	push_u16(&e, scmd);
	push_u8(&e, scap_quotactl_type_from_linux(cmd));
	/* id names a user or group only for the per-id commands. */
	push_u32(&e, scap_quotactl_has_id(scmd) ? id : 0);
	push_u8(&e, scmd == SCAP_Q_QUOTAON ? scap_quotactl_fmt_from_linux(id) : SCAP_QFMT_NOT_USED);
	return evt_submit(&e);
}
