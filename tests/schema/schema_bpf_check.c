// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * Compiled with clang -target bpf by the schema tests: the shared schema headers must build in
 * the probe's context (no libc, types from vmlinux.h) and give the same constants.
 */
typedef unsigned char __u8;
typedef unsigned short __u16;
typedef unsigned int __u32;
typedef unsigned long long __u64;
typedef signed char __s8;
typedef short __s16;
typedef int __s32;
typedef long long __s64;

#include <syscap/schema.h>
#include <syscap/sc.h>
#include <syscap/flags.h>
#include <syscap/version.h>

_Static_assert(sizeof(struct scap_evt_hdr) == 26, "event header is 26 bytes");
_Static_assert(SCAP_EVT_MAX == 454, "454 event codes");
_Static_assert(SCAP_EVT_SYSCALL_OPEN_X == 3, "open exit is code 3");
_Static_assert(SCAP_EVT_NPARAMS_SYSCALL_OPEN_X == 6, "open exit has 6 parameters");
_Static_assert(SCAP_EVT_NPARAMS_SYSCALL_EXECVE_19_X == 31, "execve exit has 31 parameters");
_Static_assert(SCAP_SC_OPENAT2 == 322, "ppm_sc of openat2");

int schema_bpf_check(void)
{
	return SCAP_EVT_NPARAMS_SYSCALL_CLOSE_X;
}
