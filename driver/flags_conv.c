// SPDX-License-Identifier: GPL-2.0-only OR MIT
/* Kernel flag values -> the schema's SCAP_* values (flags.h). */
#include <linux/fcntl.h>
#include <linux/sched.h>
#include <linux/socket.h>
#include <linux/openat2.h>

#include "syscap.h"
#include <syscap/flags_conv.h>

u32 sc_open_flags(unsigned long f)
{
	return scap_open_flags_from_linux((u32)f);
}

u32 sc_resolve_flags(u64 f)
{
	u32 r = 0;

	if (f & RESOLVE_BENEATH)
		r |= SCAP_RESOLVE_BENEATH;
	if (f & RESOLVE_IN_ROOT)
		r |= SCAP_RESOLVE_IN_ROOT;
	if (f & RESOLVE_NO_MAGICLINKS)
		r |= SCAP_RESOLVE_NO_MAGICLINKS;
	if (f & RESOLVE_NO_SYMLINKS)
		r |= SCAP_RESOLVE_NO_SYMLINKS;
	if (f & RESOLVE_NO_XDEV)
		r |= SCAP_RESOLVE_NO_XDEV;
	if (f & RESOLVE_CACHED)
		r |= SCAP_RESOLVE_CACHED;
	return r;
}

u32 sc_clone_flags(unsigned long f)
{
	static const struct {
		unsigned long k;
		u32 s;
	} map[] = {
		{ CLONE_FILES, SCAP_CL_CLONE_FILES },
		{ CLONE_FS, SCAP_CL_CLONE_FS },
		{ CLONE_IO, SCAP_CL_CLONE_IO },
		{ CLONE_NEWIPC, SCAP_CL_CLONE_NEWIPC },
		{ CLONE_NEWNET, SCAP_CL_CLONE_NEWNET },
		{ CLONE_NEWNS, SCAP_CL_CLONE_NEWNS },
		{ CLONE_NEWPID, SCAP_CL_CLONE_NEWPID },
		{ CLONE_NEWUTS, SCAP_CL_CLONE_NEWUTS },
		{ CLONE_PARENT, SCAP_CL_CLONE_PARENT },
		{ CLONE_PARENT_SETTID, SCAP_CL_CLONE_PARENT_SETTID },
		{ CLONE_PTRACE, SCAP_CL_CLONE_PTRACE },
		{ CLONE_SIGHAND, SCAP_CL_CLONE_SIGHAND },
		{ CLONE_SYSVSEM, SCAP_CL_CLONE_SYSVSEM },
		{ CLONE_THREAD, SCAP_CL_CLONE_THREAD },
		{ CLONE_UNTRACED, SCAP_CL_CLONE_UNTRACED },
		{ CLONE_VM, SCAP_CL_CLONE_VM },
		{ CLONE_NEWUSER, SCAP_CL_CLONE_NEWUSER },
		{ CLONE_CHILD_CLEARTID, SCAP_CL_CLONE_CHILD_CLEARTID },
		{ CLONE_CHILD_SETTID, SCAP_CL_CLONE_CHILD_SETTID },
		{ CLONE_SETTLS, SCAP_CL_CLONE_SETTLS },
		{ CLONE_VFORK, SCAP_CL_CLONE_VFORK },
		{ CLONE_NEWCGROUP, SCAP_CL_CLONE_NEWCGROUP },
	};
	u32 r = 0;
	int i;

	for (i = 0; i < ARRAY_SIZE(map); i++)
		if (f & map[i].k)
			r |= map[i].s;
	return r;
}

u32 sc_fcntl_cmd(unsigned long cmd)
{
	switch (cmd) {
	case F_DUPFD:
		return SCAP_FCNTL_F_DUPFD;
	case F_GETFD:
		return SCAP_FCNTL_F_GETFD;
	case F_SETFD:
		return SCAP_FCNTL_F_SETFD;
	case F_GETFL:
		return SCAP_FCNTL_F_GETFL;
	case F_SETFL:
		return SCAP_FCNTL_F_SETFL;
	case F_GETLK:
		return SCAP_FCNTL_F_GETLK;
	case F_SETLK:
		return SCAP_FCNTL_F_SETLK;
	case F_SETLKW:
		return SCAP_FCNTL_F_SETLKW;
	case F_SETOWN:
		return SCAP_FCNTL_F_SETOWN;
	case F_GETOWN:
		return SCAP_FCNTL_F_GETOWN;
	case F_SETSIG:
		return SCAP_FCNTL_F_SETSIG;
	case F_GETSIG:
		return SCAP_FCNTL_F_GETSIG;
	case F_SETOWN_EX:
		return SCAP_FCNTL_F_SETOWN_EX;
	case F_GETOWN_EX:
		return SCAP_FCNTL_F_GETOWN_EX;
	case F_SETLEASE:
		return SCAP_FCNTL_F_SETLEASE;
	case F_GETLEASE:
		return SCAP_FCNTL_F_GETLEASE;
	case F_CANCELLK:
		return SCAP_FCNTL_F_CANCELLK;
	case F_DUPFD_CLOEXEC:
		return SCAP_FCNTL_F_DUPFD_CLOEXEC;
	case F_NOTIFY:
		return SCAP_FCNTL_F_NOTIFY;
	case F_SETPIPE_SZ:
		return SCAP_FCNTL_F_SETPIPE_SZ;
	case F_GETPIPE_SZ:
		return SCAP_FCNTL_F_GETPIPE_SZ;
	case F_OFD_GETLK:
		return SCAP_FCNTL_F_OFD_GETLK;
	case F_OFD_SETLK:
		return SCAP_FCNTL_F_OFD_SETLK;
	case F_OFD_SETLKW:
		return SCAP_FCNTL_F_OFD_SETLKW;
	}
	return SCAP_FCNTL_UNKNOWN;
}
