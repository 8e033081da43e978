/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * Kernel ABI flag values (x86_64 uapi; vmlinux.h carries no #defines) and their conversion to the
 * schema's SCAP_* encodings from <syscap/flags.h>.
 */
#ifndef SYSCAP_FLAGS_BPF_H
#define SYSCAP_FLAGS_BPF_H

#include "syscap.bpf.h"
#include <syscap/flags.h>

/* fcntl.h */
#define K_O_ACCMODE 00000003
#define K_O_WRONLY 00000001
#define K_O_RDWR 00000002
#define K_O_CREAT 00000100
#define K_O_EXCL 00000200
#define K_O_TRUNC 00001000
#define K_O_APPEND 00002000
#define K_O_NONBLOCK 00004000
#define K_O_DSYNC 00010000
#define K_O_DIRECT 00040000
#define K_O_LARGEFILE 00100000
#define K_O_DIRECTORY 00200000
#define K_O_CLOEXEC 02000000
#define K_O_SYNC (04000000 | K_O_DSYNC)
#define K_O_TMPFILE (020000000 | K_O_DIRECTORY)
#define K_AT_FDCWD -100
#define K_AT_REMOVEDIR 0x200
#define K_FMODE_CREATED 0x100000
/* stat.h */
#define K_S_IFMT 00170000
/* fcntl commands */
#define K_F_DUPFD 0
#define K_F_DUPFD_CLOEXEC 1030

struct flag_map {
	__u32 k;
	__u32 s;
};

/* The shared conversion (flags_conv.h) reads the O_* names: give it this ABI's values. */
#define O_ACCMODE K_O_ACCMODE
#define O_WRONLY K_O_WRONLY
#define O_RDWR K_O_RDWR
#define O_CREAT K_O_CREAT
#define O_EXCL K_O_EXCL
#define O_TRUNC K_O_TRUNC
#define O_APPEND K_O_APPEND
#define O_NONBLOCK K_O_NONBLOCK
#define O_DSYNC K_O_DSYNC
#define O_DIRECT K_O_DIRECT
#define O_LARGEFILE K_O_LARGEFILE
#define O_DIRECTORY K_O_DIRECTORY
#define O_CLOEXEC K_O_CLOEXEC
#define O_SYNC K_O_SYNC
#define O_TMPFILE K_O_TMPFILE
#define SCAP_FLAGS_INLINE static __always_inline_
#include <syscap/flags_conv.h>
#define open_flags_to_scap(f) scap_open_flags_from_linux(f)

/* Permission bits: only meaningful (and only sent) when the file may be created. */
static __always_inline_ __u32 open_mode_to_scap(__u32 flags, __u32 mode)
{
	__u32 r = 0;

	if (!(flags & (K_O_CREAT | K_O_TMPFILE)))
		return 0;
	if (mode & 0400)
		r |= SCAP_S_IRUSR;
	if (mode & 0200)
		r |= SCAP_S_IWUSR;
	if (mode & 0100)
		r |= SCAP_S_IXUSR;
	if (mode & 040)
		r |= SCAP_S_IRGRP;
	if (mode & 020)
		r |= SCAP_S_IWGRP;
	if (mode & 010)
		r |= SCAP_S_IXGRP;
	if (mode & 04)
		r |= SCAP_S_IROTH;
	if (mode & 02)
		r |= SCAP_S_IWOTH;
	if (mode & 01)
		r |= SCAP_S_IXOTH;
	if (mode & 04000)
		r |= SCAP_S_ISUID;
	if (mode & 02000)
		r |= SCAP_S_ISGID;
	if (mode & 01000)
		r |= SCAP_S_ISVTX;
	return r;
}

/* chmod/fchmod/fchmodat: the permission bits, unconditionally */
static __always_inline_ __u32 chmod_mode_to_scap(__u32 mode)
{
	return open_mode_to_scap(K_O_CREAT, mode);
}

/* mknod: permission bits plus the file type (0 means a regular file) */
static __always_inline_ __u32 mknod_mode_to_scap(__u32 mode)
{
	__u32 r = chmod_mode_to_scap(mode), t = mode & K_S_IFMT;

	switch (t) {
	case 0:
	case 0100000:
		return r | SCAP_S_IFREG;
	case 0140000:
		return r | SCAP_S_IFSOCK;
	case 0060000:
		return r | SCAP_S_IFBLK;
	case 0020000:
		return r | SCAP_S_IFCHR;
	case 0010000:
		return r | SCAP_S_IFIFO;
	}
	return r;
}

/* openat2 RESOLVE_* */
static __always_inline_ __u32 resolve_to_scap(__u64 f)
{
	__u32 r = 0;

	if (f & 0x01)
		r |= SCAP_RESOLVE_NO_XDEV;
	if (f & 0x02)
		r |= SCAP_RESOLVE_NO_MAGICLINKS;
	if (f & 0x04)
		r |= SCAP_RESOLVE_NO_SYMLINKS;
	if (f & 0x08)
		r |= SCAP_RESOLVE_BENEATH;
	if (f & 0x10)
		r |= SCAP_RESOLVE_IN_ROOT;
	if (f & 0x20)
		r |= SCAP_RESOLVE_CACHED;
	return r;
}

#define cloexec_nonblock_to_scap(f) scap_cloexec_nonblock_from_linux(f)

static __always_inline_ __u32 pipe2_flags_to_scap(__s32 f)
{
	__u32 r = 0;

	if (f < 0)
		return 0;
	if (f & K_O_CLOEXEC)
		r |= SCAP_O_CLOEXEC;
	if (f & K_O_DIRECT)
		r |= SCAP_O_DIRECT;
	if (f & K_O_NONBLOCK)
		r |= SCAP_O_NONBLOCK;
	return r;
}

static __always_inline_ __u32 clone_flags_to_scap(__u64 f)
{
	__u32 r = 0;

	if (f & 0x00000400)
		r |= SCAP_CL_CLONE_FILES;
	if (f & 0x00000200)
		r |= SCAP_CL_CLONE_FS;
	if (f & 0x80000000)
		r |= SCAP_CL_CLONE_IO;
	if (f & 0x08000000)
		r |= SCAP_CL_CLONE_NEWIPC;
	if (f & 0x40000000)
		r |= SCAP_CL_CLONE_NEWNET;
	if (f & 0x00020000)
		r |= SCAP_CL_CLONE_NEWNS;
	if (f & 0x20000000)
		r |= SCAP_CL_CLONE_NEWPID;
	if (f & 0x04000000)
		r |= SCAP_CL_CLONE_NEWUTS;
	if (f & 0x00100000)
		r |= SCAP_CL_CLONE_PARENT_SETTID;
	if (f & 0x00008000)
		r |= SCAP_CL_CLONE_PARENT;
	if (f & 0x00002000)
		r |= SCAP_CL_CLONE_PTRACE;
	if (f & 0x00000800)
		r |= SCAP_CL_CLONE_SIGHAND;
	if (f & 0x00040000)
		r |= SCAP_CL_CLONE_SYSVSEM;
	if (f & 0x00010000)
		r |= SCAP_CL_CLONE_THREAD;
	if (f & 0x00800000)
		r |= SCAP_CL_CLONE_UNTRACED;
	if (f & 0x00000100)
		r |= SCAP_CL_CLONE_VM;
	if (f & 0x10000000)
		r |= SCAP_CL_CLONE_NEWUSER;
	if (f & 0x00200000)
		r |= SCAP_CL_CLONE_CHILD_CLEARTID;
	if (f & 0x01000000)
		r |= SCAP_CL_CLONE_CHILD_SETTID;
	if (f & 0x00080000)
		r |= SCAP_CL_CLONE_SETTLS;
	if (f & 0x00004000)
		r |= SCAP_CL_CLONE_VFORK;
	if (f & 0x02000000)
		r |= SCAP_CL_CLONE_NEWCGROUP;
	return r;
}

static __always_inline_ __u8 socket_family_to_scap(__u32 fam)
{
	/* SCAP_AF_* equal the Linux AF_* numbers for every family Linux defines. */
	return fam <= 45 ? fam : SCAP_AF_UNSPEC;
}

static __always_inline_ __u32 prot_flags_to_scap(__u32 p)
{
	__u32 r = 0;

	if (p & 0x1)
		r |= SCAP_PROT_READ;
	if (p & 0x2)
		r |= SCAP_PROT_WRITE;
	if (p & 0x4)
		r |= SCAP_PROT_EXEC;
	if (p & 0x8)
		r |= SCAP_PROT_SEM;
	if (p & 0x01000000)
		r |= SCAP_PROT_GROWSDOWN;
	if (p & 0x02000000)
		r |= SCAP_PROT_GROWSUP;
	return r;
}

static __always_inline_ __u32 mmap_flags_to_scap(__u32 f)
{
	__u32 r = 0;

	if (f & 0x01)
		r |= SCAP_MAP_SHARED;
	if (f & 0x02)
		r |= SCAP_MAP_PRIVATE;
	if (f & 0x10)
		r |= SCAP_MAP_FIXED;
	if (f & 0x20)
		r |= SCAP_MAP_ANONYMOUS;
	if (f & 0x40)
		r |= SCAP_MAP_32BIT;
	if (f & 0x4000)
		r |= SCAP_MAP_NORESERVE;
	if (f & 0x8000)
		r |= SCAP_MAP_POPULATE;
	if (f & 0x10000)
		r |= SCAP_MAP_NONBLOCK;
	if (f & 0x0100)
		r |= SCAP_MAP_GROWSDOWN;
	if (f & 0x0800)
		r |= SCAP_MAP_DENYWRITE;
	if (f & 0x1000)
		r |= SCAP_MAP_EXECUTABLE;
	if (f & 0x2000)
		r |= SCAP_MAP_LOCKED;
	return r;
}

static __always_inline_ __u8 fcntl_cmd_to_scap(__u32 cmd)
{
	switch (cmd) {
	case 0:
		return SCAP_FCNTL_F_DUPFD;
	case 1:
		return SCAP_FCNTL_F_GETFD;
	case 2:
		return SCAP_FCNTL_F_SETFD;
	case 3:
		return SCAP_FCNTL_F_GETFL;
	case 4:
		return SCAP_FCNTL_F_SETFL;
	case 5:
		return SCAP_FCNTL_F_GETLK;
	case 6:
		return SCAP_FCNTL_F_SETLK;
	case 7:
		return SCAP_FCNTL_F_SETLKW;
	case 8:
		return SCAP_FCNTL_F_SETOWN;
	case 9:
		return SCAP_FCNTL_F_GETOWN;
	case 10:
		return SCAP_FCNTL_F_SETSIG;
	case 11:
		return SCAP_FCNTL_F_GETSIG;
	case 15:
		return SCAP_FCNTL_F_SETOWN_EX;
	case 16:
		return SCAP_FCNTL_F_GETOWN_EX;
	case 1024:
		return SCAP_FCNTL_F_SETLEASE;
	case 1025:
		return SCAP_FCNTL_F_GETLEASE;
	case 1029:
		return SCAP_FCNTL_F_CANCELLK;
	case 1030:
		return SCAP_FCNTL_F_DUPFD_CLOEXEC;
	case 1026:
		return SCAP_FCNTL_F_NOTIFY;
	case 1031:
		return SCAP_FCNTL_F_SETPIPE_SZ;
	case 1032:
		return SCAP_FCNTL_F_GETPIPE_SZ;
	case 36:
		return SCAP_FCNTL_F_OFD_GETLK;
	case 37:
		return SCAP_FCNTL_F_OFD_SETLK;
	case 38:
		return SCAP_FCNTL_F_OFD_SETLKW;
	}
	return SCAP_FCNTL_UNKNOWN;
}

static __always_inline_ __u16 ptrace_req_to_scap(__u64 req)
{
	switch (req) {
	case 0:
		return SCAP_PTRACE_TRACEME;
	case 1:
		return SCAP_PTRACE_PEEKTEXT;
	case 2:
		return SCAP_PTRACE_PEEKDATA;
	case 3:
		return SCAP_PTRACE_PEEKUSR;
	case 4:
		return SCAP_PTRACE_POKETEXT;
	case 5:
		return SCAP_PTRACE_POKEDATA;
	case 6:
		return SCAP_PTRACE_POKEUSR;
	case 7:
		return SCAP_PTRACE_CONT;
	case 8:
		return SCAP_PTRACE_KILL;
	case 9:
		return SCAP_PTRACE_SINGLESTEP;
	case 12:
		return SCAP_PTRACE_GETREGS;
	case 13:
		return SCAP_PTRACE_SETREGS;
	case 14:
		return SCAP_PTRACE_GETFPREGS;
	case 15:
		return SCAP_PTRACE_SETFPREGS;
	case 16:
		return SCAP_PTRACE_ATTACH;
	case 17:
		return SCAP_PTRACE_DETACH;
	case 18:
		return SCAP_PTRACE_GETFPXREGS;
	case 19:
		return SCAP_PTRACE_SETFPXREGS;
	case 21:
		return SCAP_PTRACE_OLDSETOPTIONS;
	case 24:
		return SCAP_PTRACE_SYSCALL;
	case 25:
		return SCAP_PTRACE_GET_THREAD_AREA;
	case 26:
		return SCAP_PTRACE_SET_THREAD_AREA;
	case 30:
		return SCAP_PTRACE_ARCH_PRCTL;
	case 31:
		return SCAP_PTRACE_SYSEMU;
	case 32:
		return SCAP_PTRACE_SYSEMU_SINGLESTEP;
	case 33:
		return SCAP_PTRACE_SINGLEBLOCK;
	case 0x4200:
		return SCAP_PTRACE_SETOPTIONS;
	case 0x4201:
		return SCAP_PTRACE_GETEVENTMSG;
	case 0x4202:
		return SCAP_PTRACE_GETSIGINFO;
	case 0x4203:
		return SCAP_PTRACE_SETSIGINFO;
	case 0x4204:
		return SCAP_PTRACE_GETREGSET;
	case 0x4205:
		return SCAP_PTRACE_SETREGSET;
	case 0x4206:
		return SCAP_PTRACE_SEIZE;
	case 0x4207:
		return SCAP_PTRACE_INTERRUPT;
	case 0x4208:
		return SCAP_PTRACE_LISTEN;
	case 0x4209:
		return SCAP_PTRACE_PEEKSIGINFO;
	case 0x420a:
		return SCAP_PTRACE_GETSIGMASK;
	case 0x420b:
		return SCAP_PTRACE_SETSIGMASK;
	}
	return SCAP_PTRACE_UNKNOWN;
}

static __always_inline_ __u32 unlinkat_flags_to_scap(__s32 f)
{
	return (f & K_AT_REMOVEDIR) ? SCAP_AT_REMOVEDIR : 0;
}

static __always_inline_ __u32 umount2_flags_to_scap(__s32 f)
{
	__u32 r = 0;

	if (f & 1)
		r |= SCAP_MNT_FORCE;
	if (f & 2)
		r |= SCAP_MNT_DETACH;
	if (f & 4)
		r |= SCAP_MNT_EXPIRE;
	if (f & 8)
		r |= SCAP_UMOUNT_NOFOLLOW;
	return r;
}

#endif /* SYSCAP_FLAGS_BPF_H */
