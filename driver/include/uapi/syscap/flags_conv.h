/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * Conversion of Linux syscall arguments into the SCAP_* values events carry, shared by the kernel
 * module, the eBPF probe and libscap's /proc scan so that every source reports the same bits.
 * The includer provides the O_* constants of the target architecture: <linux/fcntl.h> in the
 * kernel, <fcntl.h> in userspace, flags.bpf.h in the probe (vmlinux.h has no #defines). The other
 * kernel values used here (SysV IPC, quota, keyctl) are the same on every architecture and are
 * written as numbers, with their uapi names beside them.
 *
 * Each open(2) flag test is "any of the flag's bits", as the falcosecurity drivers do: O_SYNC
 * includes O_DSYNC's bit and O_TMPFILE includes O_DIRECTORY's, so such opens report both names.
 */
#ifndef SYSCAP_UAPI_FLAGS_CONV_H
#define SYSCAP_UAPI_FLAGS_CONV_H

#include "flags.h"

#ifndef SCAP_FLAGS_INLINE
#define SCAP_FLAGS_INLINE static inline
#endif

SCAP_FLAGS_INLINE __u32 scap_open_flags_from_linux(__u32 f)
{
	__u32 r;

	switch (f & O_ACCMODE) {
	case O_WRONLY:
		r = SCAP_O_WRONLY;
		break;
	case O_RDWR:
		r = SCAP_O_RDWR;
		break;
	default:
		r = SCAP_O_RDONLY;
	}
	if (f & O_CREAT)
		r |= SCAP_O_CREAT;
	if (f & O_TMPFILE)
		r |= SCAP_O_TMPFILE;
	if (f & O_APPEND)
		r |= SCAP_O_APPEND;
	if (f & O_DSYNC)
		r |= SCAP_O_DSYNC;
	if (f & O_EXCL)
		r |= SCAP_O_EXCL;
	if (f & O_NONBLOCK)
		r |= SCAP_O_NONBLOCK;
	if (f & O_SYNC)
		r |= SCAP_O_SYNC;
	if (f & O_TRUNC)
		r |= SCAP_O_TRUNC;
	if (f & O_DIRECT)
		r |= SCAP_O_DIRECT;
	if (f & O_DIRECTORY)
		r |= SCAP_O_DIRECTORY;
	if (f & O_LARGEFILE)
		r |= SCAP_O_LARGEFILE;
	if (f & O_CLOEXEC)
		r |= SCAP_O_CLOEXEC;
	return r;
}

/* O_CLOEXEC and O_NONBLOCK only: the flags of signalfd4 and timerfd_create */
SCAP_FLAGS_INLINE __u32 scap_cloexec_nonblock_from_linux(__s32 f)
{
	return ((f & O_NONBLOCK) ? SCAP_O_NONBLOCK : 0) | ((f & O_CLOEXEC) ? SCAP_O_CLOEXEC : 0);
}

/* delete_module: O_NONBLOCK, O_TRUNC */
SCAP_FLAGS_INLINE __u32 scap_delete_module_flags_from_linux(__u32 f)
{
	return ((f & O_NONBLOCK) ? SCAP_DELETE_MODULE_O_NONBLOCK : 0) |
	       ((f & O_TRUNC) ? SCAP_DELETE_MODULE_O_TRUNC : 0);
}

/* semget: IPC_CREAT 01000, IPC_EXCL 02000 */
SCAP_FLAGS_INLINE __u32 scap_semget_flags_from_linux(__u32 f)
{
	return ((f & 01000) ? SCAP_IPC_CREAT : 0) | ((f & 02000) ? SCAP_IPC_EXCL : 0);
}

/* semop sem_flg: IPC_NOWAIT 04000, SEM_UNDO 0x1000 */
SCAP_FLAGS_INLINE __u16 scap_semop_flags_from_linux(__s16 f)
{
	return ((f & 04000) ? SCAP_IPC_NOWAIT : 0) | ((f & 0x1000) ? SCAP_SEM_UNDO : 0);
}

/* semctl commands (the low 16 bits; IPC_64 is above them); 0 for unknown ones */
SCAP_FLAGS_INLINE __u16 scap_semctl_cmd_from_linux(__u32 cmd)
{
	switch (cmd) {
	case 0: /* IPC_RMID */
		return SCAP_IPC_RMID;
	case 1: /* IPC_SET */
		return SCAP_IPC_SET;
	case 2: /* IPC_STAT */
		return SCAP_IPC_STAT;
	case 3: /* IPC_INFO */
		return SCAP_IPC_INFO;
	case 11: /* GETPID */
		return SCAP_GETPID;
	case 12: /* GETVAL */
		return SCAP_GETVAL;
	case 13: /* GETALL */
		return SCAP_GETALL;
	case 14: /* GETNCNT */
		return SCAP_GETNCNT;
	case 15: /* GETZCNT */
		return SCAP_GETZCNT;
	case 16: /* SETVAL */
		return SCAP_SETVAL;
	case 17: /* SETALL */
		return SCAP_SETALL;
	case 18: /* SEM_STAT */
		return SCAP_SEM_STAT;
	case 19: /* SEM_INFO */
		return SCAP_SEM_INFO;
	}
	return 0;
}

/* quotactl: the command is QCMD(cmd, type) = cmd << 8 | type; 0 for unknown commands */
SCAP_FLAGS_INLINE __u16 scap_quotactl_cmd_from_linux(__u32 qcmd)
{
	switch (qcmd >> 8) {
	case 0x800001: /* Q_SYNC */
		return SCAP_Q_SYNC;
	case 0x800002: /* Q_QUOTAON */
		return SCAP_Q_QUOTAON;
	case 0x800003: /* Q_QUOTAOFF */
		return SCAP_Q_QUOTAOFF;
	case 0x800004: /* Q_GETFMT */
		return SCAP_Q_GETFMT;
	case 0x800005: /* Q_GETINFO */
		return SCAP_Q_GETINFO;
	case 0x800006: /* Q_SETINFO */
		return SCAP_Q_SETINFO;
	case 0x800007: /* Q_GETQUOTA */
		return SCAP_Q_GETQUOTA;
	case 0x800008: /* Q_SETQUOTA */
		return SCAP_Q_SETQUOTA;
	case 0x5801: /* Q_XQUOTAON: ('X' << 8) + 1 */
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

/* quota formats QFMT_VFS_OLD 1, QFMT_VFS_V0 2, QFMT_VFS_V1 4 */
SCAP_FLAGS_INLINE __u8 scap_quotactl_fmt_from_linux(__u32 fmt)
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

/* quota types USRQUOTA 0, GRPQUOTA 1 (the schema has no project quota) */
SCAP_FLAGS_INLINE __u8 scap_quotactl_type_from_linux(__u32 qcmd)
{
	switch (qcmd & 0xff) {
	case 0:
		return SCAP_USRQUOTA;
	case 1:
		return SCAP_GRPQUOTA;
	}
	return 0;
}

/* quotactl: whether the id argument names a user or group (only the per-id commands) */
SCAP_FLAGS_INLINE int scap_quotactl_has_id(__u16 scmd)
{
	return scmd == SCAP_Q_GETQUOTA || scmd == SCAP_Q_SETQUOTA || scmd == SCAP_Q_XGETQUOTA ||
	       scmd == SCAP_Q_XSETQLIM;
}

/*
 * keyctl: the scap operation codes are the kernel's KEYCTL_* numbers. Bit i of the result is
 * set when argument i + 2 (arg2..arg5) is a user string for the operation.
 */
SCAP_FLAGS_INLINE __u32 scap_keyctl_str_args(__u32 op)
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

/* keyctl: how many of arg2..arg5 the operation uses; the others are reported as int64 0 */
SCAP_FLAGS_INLINE int scap_keyctl_nargs(__u32 op)
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

/*
 * SOL_SOCKET option numbers (asm-generic; the schema numbers 1..50 as the kernel does) to the
 * schema's: the _NEW time options (63..67) report as their classic names.
 */
SCAP_FLAGS_INLINE __u8 scap_sockopt_name_from_linux(__s32 level, __s32 name)
{
	if (level != 1) /* SOL_SOCKET */
		return SCAP_SOCKOPT_UNKNOWN;
	if (name >= 1 && name <= 50)
		return name;
	switch (name) {
	case 55: /* SO_MEMINFO */
		return SCAP_SOCKOPT_SO_MEMINFO;
	case 57: /* SO_COOKIE */
		return SCAP_SOCKOPT_SO_COOKIE;
	case 59: /* SO_PEERGROUPS */
		return SCAP_SOCKOPT_SO_PEERGROUPS;
	case 63: /* SO_TIMESTAMP_NEW */
		return SCAP_SOCKOPT_SO_TIMESTAMP;
	case 64: /* SO_TIMESTAMPNS_NEW */
		return SCAP_SOCKOPT_SO_TIMESTAMPNS;
	case 65: /* SO_TIMESTAMPING_NEW */
		return SCAP_SOCKOPT_SO_TIMESTAMPING;
	case 66: /* SO_RCVTIMEO_NEW */
		return SCAP_SOCKOPT_SO_RCVTIMEO;
	case 67: /* SO_SNDTIMEO_NEW */
		return SCAP_SOCKOPT_SO_SNDTIMEO;
	}
	return SCAP_SOCKOPT_UNKNOWN;
}

#endif /* SYSCAP_UAPI_FLAGS_CONV_H */
