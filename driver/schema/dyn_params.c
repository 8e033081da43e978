// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * Variants of SCAP_PT_DYN parameters: the first byte of the value selects the entry, whose type
 * describes the bytes that follow.
 */
#include "../include/uapi/syscap/event_table.h"

#define V(t, f) { .name = "", .type = SCAP_PT_##t, .fmt = SCAP_FMT_##f }

const struct scap_param_info scap_dyn_sockopt[SCAP_SOCKOPT_IDX_MAX] = {
	[SCAP_SOCKOPT_IDX_UNKNOWN] = V(BYTEBUF, HEX),
	[SCAP_SOCKOPT_IDX_ERRNO] = V(ERRNO, DEC),
	[SCAP_SOCKOPT_IDX_UINT32] = V(UINT32, DEC),
	[SCAP_SOCKOPT_IDX_UINT64] = V(UINT64, DEC),
	[SCAP_SOCKOPT_IDX_TIMEVAL] = V(RELTIME, DEC),
};

const struct scap_param_info scap_dyn_ptrace[SCAP_PTRACE_IDX_MAX] = {
	[SCAP_PTRACE_IDX_UINT64] = V(UINT64, HEX),
	[SCAP_PTRACE_IDX_SIGTYPE] = V(SIGTYPE, DEC),
};

const struct scap_param_info scap_dyn_bpf[SCAP_BPF_IDX_MAX] = {
	[SCAP_BPF_IDX_FD] = V(FD, DEC),
	[SCAP_BPF_IDX_RES] = V(ERRNO, DEC),
};

const struct scap_param_info scap_dyn_keyctl[SCAP_KEYCTL_IDX_MAX] = {
	[SCAP_KEYCTL_IDX_INT64] = V(INT64, DEC),
	[SCAP_KEYCTL_IDX_CHARBUF] = V(CHARBUF, NA),
};
