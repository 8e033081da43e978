/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * Conversion of Linux open(2) flags into the SCAP_O_* values events carry, shared by the kernel
 * module, the eBPF probe and libscap's /proc scan so that every source reports the same bits.
 * The includer provides the O_* constants of the target architecture: <linux/fcntl.h> in the
 * kernel, <fcntl.h> in userspace, flags.bpf.h in the probe (vmlinux.h has no #defines).
 *
 * Each test is "any of the flag's bits", as the falcosecurity drivers do: O_SYNC includes
 * O_DSYNC's bit and O_TMPFILE includes O_DIRECTORY's, so such opens report both names.
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

#endif /* SYSCAP_UAPI_FLAGS_CONV_H */
