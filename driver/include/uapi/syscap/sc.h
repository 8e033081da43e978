/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * ppm_sc codes and the syscall tables derived from sc.def, syscalls.def and native_<arch>.def.
 */
#ifndef SYSCAP_UAPI_SC_H
#define SYSCAP_UAPI_SC_H

#include "schema.h"

enum scap_sc_code {
#define SCAP_SC(name, code, str) SCAP_SC_##name = code,
#include "sc.def"
#undef SCAP_SC
	SCAP_SC_MAX = 454
};

/* Native syscall numbers handled by the tables (both architectures stay below this). */
#define SCAP_NATIVE_MAX 512

/*
 * Two x86_64 numbers no syscall has, for the socket calls only ia32 tasks make: socketcall(2)
 * SYS_SEND and SYS_RECV have no x86_64 syscall, so the drivers report them as these numbers
 * (socketcall.def) and scap_native_x86_64 maps them to SCAP_SC_SEND and SCAP_SC_RECV. A consumer
 * selects them as any other syscall (the module's syscall mask, the probe's syscall map); the
 * drivers ignore a 64-bit task that uses them.
 */
#define SCAP_NR_IA32_SEND 510
#define SCAP_NR_IA32_RECV 511

/* Per ppm_sc: the dedicated event pair (0/0 when the syscall is reported as generic). */
struct scap_syscall_info {
	__u16 enter_event;
	__u16 exit_event;
	__u8 flags; /* enum scap_syscall_flags */
};

#if !defined(__bpf__) && !defined(__BPF__)
extern SYSCAP_EXPORT const struct scap_syscall_info scap_syscall_table[SCAP_SC_MAX];
/* Lower-case syscall names indexed by ppm_sc ("open", "sched_process_exit", ...); NULL if unused. */
extern SYSCAP_EXPORT const char *const scap_sc_names[SCAP_SC_MAX];
/* Native number -> ppm_sc; SCAP_SC_UNKNOWN (0) where the number is not a known syscall (x86_64:
 * also SCAP_NR_IA32_SEND and SCAP_NR_IA32_RECV). */
extern SYSCAP_EXPORT const __u16 scap_native_x86_64[SCAP_NATIVE_MAX];
extern SYSCAP_EXPORT const __u16 scap_native_aarch64[SCAP_NATIVE_MAX];
#endif

#endif /* SYSCAP_UAPI_SC_H */
