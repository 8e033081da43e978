// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * Fillers of administrative syscalls: kernel modules, keyctl, quotactl, fsconfig, SysV
 * semaphores, memory locking and setsid. The values are the probe's
 * (bpf/progs/{admin,ipc,sys,misc}.bpf.c); command and flag conversions are the shared ones in
 * <syscap/flags_conv.h>.
 */
#include <linux/fs.h>
#include <linux/fcntl.h>
#include <linux/quota.h>
#include <linux/sem.h>
#include <linux/uaccess.h>

#include "syscap.h"
#include <syscap/flags_conv.h>

#define SC_MODULE_IMG_MAX 60000 /* init_module image bytes: the event must fit 64 KiB */
#define SC_MODULE_NAME_MAX 256

/* keyctl args are PT_DYN: an index byte, then an int64 or a NUL-terminated string */
static void sc_fill_keyctl_arg(struct sc_buf *b, unsigned long v, bool str)
{
	char *out = b->ring->scratch;
	long n = 0;

	if (!str) {
		out[0] = SCAP_KEYCTL_IDX_INT64;
		memcpy(out + 1, &v, 8);
		sc_buf_bytes(b, out, 9);
		return;
	}
	/* the index byte, the characters, the NUL; nothing after the index when unreadable */
	out[0] = SCAP_KEYCTL_IDX_CHARBUF;
	n = v ? sc_strncpy_user(out + 1, v, SC_SCRATCH_SIZE - 2) : -EFAULT;
	if (n < 0) {
		sc_buf_bytes(b, out, 1);
		return;
	}
	n = min_t(long, n, SC_SCRATCH_SIZE - 3);
	out[1 + n] = '\0';
	sc_buf_bytes(b, out, n + 2);
}

static void sc_fill_keyctl(struct sc_buf *b, struct sc_ctx *ctx)
{
	u32 op = ctx->args[0], strs = scap_keyctl_str_args(op);
	int i, nargs = scap_keyctl_nargs(op);

	sc_buf_int(b, ctx->ret);
	sc_buf_int(b, op);
	for (i = 0; i < 4; i++)
		sc_fill_keyctl_arg(b, i < nargs ? ctx->args[i + 1] : 0, strs & (1 << i));
}

/*
 * quotactl: the structures are read after the call, so GET* commands report the kernel's answer
 * and SET* ones the caller's request; only the fields marked valid are reported.
 */
static void sc_fill_quotactl(struct sc_buf *b, struct sc_ctx *ctx)
{
	u32 cmd = ctx->args[0], id = ctx->args[2], fmt = 0;
	unsigned long addr = ctx->args[3];
	u16 scmd = scap_quotactl_cmd_from_linux(cmd);
	struct if_dqblk dq = {};
	struct if_dqinfo di = {};

	sc_buf_int(b, ctx->ret);
	sc_buf_ustr(b, ctx->args[1]);
	if (scmd == SCAP_Q_QUOTAON)
		sc_buf_ustr(b, addr);
	else
		sc_buf_empty(b);

	/* up to dqb_valid: ia32 tasks' struct has the same fields without the tail padding */
	if ((scmd == SCAP_Q_GETQUOTA || scmd == SCAP_Q_SETQUOTA) &&
	    copy_from_user_nofault(&dq, (void __user *)addr, offsetofend(struct if_dqblk, dqb_valid)))
		memset(&dq, 0, sizeof(dq));
	sc_buf_int(b, dq.dqb_valid & QIF_BLIMITS ? dq.dqb_bhardlimit : 0);
	sc_buf_int(b, dq.dqb_valid & QIF_BLIMITS ? dq.dqb_bsoftlimit : 0);
	sc_buf_int(b, dq.dqb_valid & QIF_SPACE ? dq.dqb_curspace : 0);
	sc_buf_int(b, dq.dqb_valid & QIF_ILIMITS ? dq.dqb_ihardlimit : 0);
	sc_buf_int(b, dq.dqb_valid & QIF_ILIMITS ? dq.dqb_isoftlimit : 0);
	sc_buf_int(b, dq.dqb_valid & QIF_BTIME ? dq.dqb_btime : 0);
	sc_buf_int(b, dq.dqb_valid & QIF_ITIME ? dq.dqb_itime : 0);

	if ((scmd == SCAP_Q_GETINFO || scmd == SCAP_Q_SETINFO) &&
	    copy_from_user_nofault(&di, (void __user *)addr, sizeof(di)))
		memset(&di, 0, sizeof(di));
	sc_buf_int(b, di.dqi_valid & IIF_BGRACE ? di.dqi_bgrace : 0);
	sc_buf_int(b, di.dqi_valid & IIF_IGRACE ? di.dqi_igrace : 0);
	sc_buf_int(b, di.dqi_valid & IIF_FLAGS ? (u8)di.dqi_flags : 0);

	if (scmd == SCAP_Q_GETFMT) {
		if (copy_from_user_nofault(&fmt, (void __user *)addr, sizeof(fmt)))
			fmt = 0;
		sc_buf_int(b, scap_quotactl_fmt_from_linux(fmt));
	} else {
		sc_buf_int(b, SCAP_QFMT_NOT_USED);
	}
	sc_buf_int(b, scmd);
	sc_buf_int(b, scap_quotactl_type_from_linux(cmd));
	sc_buf_int(b, scap_quotactl_has_id(scmd) ? id : 0);
	/* for QUOTAON, id is the quota format */
	sc_buf_int(b, scmd == SCAP_Q_QUOTAON ? scap_quotactl_fmt_from_linux(id) :
					       SCAP_QFMT_NOT_USED);
}

/* fsconfig: the value is bytes, a string or nothing, depending on the command */
static void sc_fill_fsconfig(struct sc_buf *b, struct sc_ctx *ctx)
{
	unsigned long *a = ctx->args;
	u32 cmd = a[1];
	s32 aux = a[4];

	sc_buf_int(b, ctx->ret);
	sc_buf_int(b, (s64)(int)a[0]);
	sc_buf_int(b, cmd);
	sc_buf_ustr(b, a[2]);
	if (ctx->ret >= 0 && cmd == SCAP_FSCONFIG_SET_BINARY && aux > 0) {
		sc_buf_ubuf(b, a[3], min_t(u32, aux, SCAP_MAX_ARG_SIZE));
		sc_buf_empty(b);
	} else if (ctx->ret >= 0 && (cmd == SCAP_FSCONFIG_SET_STRING ||
				     cmd == SCAP_FSCONFIG_SET_PATH ||
				     cmd == SCAP_FSCONFIG_SET_PATH_EMPTY)) {
		sc_buf_empty(b);
		sc_buf_ustr(b, a[3]);
	} else {
		sc_buf_empty(b);
		sc_buf_empty(b);
	}
	sc_buf_int(b, aux);
}

/* semop: the first two operations of the array, zeros when the call failed */
static void sc_fill_semop(struct sc_buf *b, struct sc_ctx *ctx)
{
	struct sembuf ops[2] = {};
	unsigned long uops = ctx->args[1];
	u32 nsops = ctx->args[2];
	int i;

	if (ctx->ret == 0 && uops && nsops &&
	    copy_from_user_nofault(ops, (void __user *)uops,
				   nsops == 1 ? sizeof(ops[0]) : sizeof(ops)))
		memset(ops, 0, sizeof(ops));
	sc_buf_int(b, ctx->ret);
	sc_buf_int(b, nsops);
	for (i = 0; i < 2; i++) {
		sc_buf_int(b, ops[i].sem_num);
		sc_buf_int(b, (u16)ops[i].sem_op);
		sc_buf_int(b, scap_semop_flags_from_linux(ops[i].sem_flg));
	}
	sc_buf_int(b, (s32)ctx->args[0]);
}

/* Returns true when it handled the event. */
bool sc_fill_admin(struct sc_buf *b, struct sc_ctx *ctx)
{
	unsigned long *a = ctx->args;
	long ret = ctx->ret;

	switch (ctx->type) {
	/* kernel modules */
	case SCAP_EVT_SYSCALL_INIT_MODULE_X:
		sc_buf_int(b, ret);
		sc_buf_ubuf(b, a[0], min_t(u64, a[1], SC_MODULE_IMG_MAX));
		sc_buf_int(b, a[1]);
		sc_buf_ustr(b, a[2]);
		return true;
	case SCAP_EVT_SYSCALL_FINIT_MODULE_X:
		sc_buf_int(b, ret);
		sc_buf_int(b, (s64)(int)a[0]);
		sc_buf_ustr(b, a[1]);
		sc_buf_int(b, a[2] & 7); /* MODULE_INIT_* bits are the schema's */
		return true;
	case SCAP_EVT_SYSCALL_DELETE_MODULE_X:
		sc_buf_int(b, ret);
		sc_buf_ustrn(b, a[0], SC_MODULE_NAME_MAX);
		sc_buf_int(b, scap_delete_module_flags_from_linux(a[1]));
		return true;

	case SCAP_EVT_SYSCALL_KEYCTL_X:
		sc_fill_keyctl(b, ctx);
		return true;
	case SCAP_EVT_SYSCALL_QUOTACTL_X:
		sc_fill_quotactl(b, ctx);
		return true;
	case SCAP_EVT_SYSCALL_FSCONFIG_X:
		sc_fill_fsconfig(b, ctx);
		return true;

	/* SysV semaphores */
	case SCAP_EVT_SYSCALL_SEMGET_X:
		sc_buf_int(b, ret);
		sc_buf_int(b, (s32)a[0]);
		sc_buf_int(b, (s32)a[1]);
		sc_buf_int(b, scap_semget_flags_from_linux(a[2]));
		return true;
	case SCAP_EVT_SYSCALL_SEMOP_X:
		sc_fill_semop(b, ctx);
		return true;
	case SCAP_EVT_SYSCALL_SEMCTL_X: {
		u32 cmd = (u16)a[2];

		sc_buf_int(b, ret);
		sc_buf_int(b, (s32)a[0]);
		sc_buf_int(b, (s32)a[1]);
		sc_buf_int(b, scap_semctl_cmd_from_linux(cmd));
		sc_buf_int(b, cmd == 16 ? (s32)a[3] : 0); /* the value only for SETVAL */
		return true;
	}

	/* memory locking: MCL_* and MLOCK_ONFAULT are the schema's bits */
	case SCAP_EVT_SYSCALL_MLOCK_X:
	case SCAP_EVT_SYSCALL_MUNLOCK_X:
		sc_buf_int(b, ret);
		sc_buf_int(b, a[0]);
		sc_buf_int(b, a[1]);
		return true;
	case SCAP_EVT_SYSCALL_MLOCK2_X:
		sc_buf_int(b, ret);
		sc_buf_int(b, a[0]);
		sc_buf_int(b, a[1]);
		sc_buf_int(b, a[2] & 1);
		return true;
	case SCAP_EVT_SYSCALL_MLOCKALL_X:
		sc_buf_int(b, ret);
		sc_buf_int(b, a[0] & 7);
		return true;
	case SCAP_EVT_SYSCALL_MUNLOCKALL_X:
	case SCAP_EVT_SYSCALL_SETSID_X:
		sc_buf_int(b, ret);
		return true;
	}
	return false;
}
