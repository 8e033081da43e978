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

/* Bit i set: keyctl argument i+2 (arg2..arg5) is a user string for this operation. */
static __always_inline_ __u32 keyctl_str_args(__u32 op)
{
	switch (op) {
	case SCAP_KEYCTL_JOIN_SESSION_KEYRING:
		return 1 << 0;
	case SCAP_KEYCTL_RESTRICT_KEYRING:
	case SCAP_KEYCTL_SEARCH:
		return (1 << 1) | (1 << 2);
	case SCAP_KEYCTL_PKEY_QUERY:
		return 1 << 2;
	case SCAP_KEYCTL_PKEY_ENCRYPT:
	case SCAP_KEYCTL_PKEY_DECRYPT:
	case SCAP_KEYCTL_PKEY_SIGN:
	case SCAP_KEYCTL_PKEY_VERIFY:
		return 1 << 1;
	}
	return 0;
}

/* How many of arg2..arg5 the operation uses; the others are sent as int64 0. */
static __always_inline_ int keyctl_nargs(__u32 op)
{
	switch (op) {
	case SCAP_KEYCTL_JOIN_SESSION_KEYRING:
	case SCAP_KEYCTL_REVOKE:
	case SCAP_KEYCTL_CLEAR:
	case SCAP_KEYCTL_SET_REQKEY_KEYRING:
	case SCAP_KEYCTL_ASSUME_AUTHORITY:
	case SCAP_KEYCTL_INVALIDATE:
		return 1;
	case SCAP_KEYCTL_GET_KEYRING_ID:
	case SCAP_KEYCTL_SETPERM:
	case SCAP_KEYCTL_LINK:
	case SCAP_KEYCTL_UNLINK:
	case SCAP_KEYCTL_SET_TIMEOUT:
	case SCAP_KEYCTL_GET_PERSISTENT:
	case SCAP_KEYCTL_CAPABILITIES:
		return 2;
	case SCAP_KEYCTL_UPDATE:
	case SCAP_KEYCTL_CHOWN:
	case SCAP_KEYCTL_DESCRIBE:
	case SCAP_KEYCTL_READ:
	case SCAP_KEYCTL_NEGATE:
	case SCAP_KEYCTL_GET_SECURITY:
	case SCAP_KEYCTL_WATCH_KEY:
	case SCAP_KEYCTL_RESTRICT_KEYRING:
	case SCAP_KEYCTL_PKEY_QUERY:
		return 3;
	case SCAP_KEYCTL_SEARCH:
	case SCAP_KEYCTL_INSTANTIATE:
	case SCAP_KEYCTL_REJECT:
	case SCAP_KEYCTL_INSTANTIATE_IOV:
	case SCAP_KEYCTL_DH_COMPUTE:
	case SCAP_KEYCTL_MOVE:
	case SCAP_KEYCTL_PKEY_ENCRYPT:
	case SCAP_KEYCTL_PKEY_DECRYPT:
	case SCAP_KEYCTL_PKEY_SIGN:
	case SCAP_KEYCTL_PKEY_VERIFY:
		return 4;
	}
	return 0;
}

FILLER(SYSCALL_KEYCTL_X)
{
	/* The scap operation codes are the kernel's KEYCTL_* numbers. */
	__u32 op = sc_arg(regs, 0);
	__u32 strs = keyctl_str_args(op);
	int nargs = keyctl_nargs(op);
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

/* Kernel quota ABI (include/uapi/linux/quota.h): QCMD(cmd, type) = cmd << 8 | type. */
#define K_Q_SUBCMDSHIFT 8
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

static __always_inline_ __u16 quotactl_cmd_to_scap(__u32 cmd)
{
	switch (cmd >> K_Q_SUBCMDSHIFT) {
	case 0x800001:
		return SCAP_Q_SYNC;
	case 0x800002:
		return SCAP_Q_QUOTAON;
	case 0x800003:
		return SCAP_Q_QUOTAOFF;
	case 0x800004:
		return SCAP_Q_GETFMT;
	case 0x800005:
		return SCAP_Q_GETINFO;
	case 0x800006:
		return SCAP_Q_SETINFO;
	case 0x800007:
		return SCAP_Q_GETQUOTA;
	case 0x800008:
		return SCAP_Q_SETQUOTA;
	/* XFS commands: ('X' << 8) + n */
	case 0x5801:
		return SCAP_Q_XQUOTAON;
	case 0x5802:
		return SCAP_Q_XQUOTAOFF;
	case 0x5803:
		return SCAP_Q_XGETQUOTA;
	case 0x5804:
		return SCAP_Q_XSETQLIM;
	case 0x5805:
		return SCAP_Q_XGETQSTAT;
	case 0x5806:
		return SCAP_Q_XQUOTARM;
	case 0x5807:
		return SCAP_Q_XQUOTASYNC;
	}
	return 0;
}

static __always_inline_ __u8 quotactl_fmt_to_scap(__u32 fmt)
{
	switch (fmt) {
	case 1:
		return SCAP_QFMT_VFS_OLD;
	case 2:
		return SCAP_QFMT_VFS_V0;
	case 4:
		return SCAP_QFMT_VFS_V1;
	}
	return SCAP_QFMT_NOT_USED;
}

FILLER(SYSCALL_QUOTACTL_X)
{
	__u32 cmd = sc_arg(regs, 0), id = sc_arg(regs, 2), type = cmd & 0xff;
	unsigned long addr = sc_arg(regs, 3);
	__u16 scmd = quotactl_cmd_to_scap(cmd);
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
		push_u8(&e, quotactl_fmt_to_scap(fmt_out));
	} else {
		push_u8(&e, SCAP_QFMT_NOT_USED);
	}
	push_u16(&e, scmd);
	push_u8(&e, type == 0 ? SCAP_USRQUOTA : type == 1 ? SCAP_GRPQUOTA : 0);
	/* id names a user or group only for the per-id commands. */
	push_u32(&e, (scmd == SCAP_Q_GETQUOTA || scmd == SCAP_Q_SETQUOTA ||
		      scmd == SCAP_Q_XGETQUOTA || scmd == SCAP_Q_XSETQLIM) ? id : 0);
	push_u8(&e, scmd == SCAP_Q_QUOTAON ? quotactl_fmt_to_scap(id) : SCAP_QFMT_NOT_USED);
	return evt_submit(&e);
}
