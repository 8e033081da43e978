/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * The compiled schema tables (driver/schema/): one description per event code, with parameter
 * names, types, print formats and the name tables used to print flags. Built into the kernel
 * module and libscap from the same events.def; BPF programs use schema.h's constants instead.
 */
#ifndef SYSCAP_UAPI_EVENT_TABLE_H
#define SYSCAP_UAPI_EVENT_TABLE_H

#include "schema.h"
#include "flags.h"

struct scap_name_value {
	const char *name;
	__u32 value;
};

struct scap_param_info {
	const char *name;
	__u8 type; /* enum scap_param_type */
	__u8 fmt; /* enum scap_print_format */
	__u8 dirfd; /* SCAP_PT_FSRELPATH: index of the dirfd parameter */
	__u8 ndyn; /* SCAP_PT_DYN: number of variants in dyn */
	const struct scap_name_value *names; /* flag/enum names, NULL-name terminated */
	const struct scap_param_info *dyn; /* SCAP_PT_DYN: variant i describes index byte i */
};

struct scap_event_info {
	const char *name;
	__u16 category; /* enum scap_event_category */
	__u16 flags; /* enum scap_event_flags */
	__u32 nparams;
	const struct scap_param_info *params;
};

extern SYSCAP_EXPORT const struct scap_event_info scap_event_table[SCAP_EVT_MAX];

/* Name tables, one per SCAP_NAMES() entry of flags.def. */
#define SCAP_NAMES(table, ...) extern SYSCAP_EXPORT const struct scap_name_value scap_names_##table[];
#include "flags.def"
#undef SCAP_NAMES

/* Variant tables of SCAP_PT_DYN parameters (index byte -> type of the value that follows). */
extern SYSCAP_EXPORT const struct scap_param_info scap_dyn_sockopt[SCAP_SOCKOPT_IDX_MAX];
extern SYSCAP_EXPORT const struct scap_param_info scap_dyn_ptrace[SCAP_PTRACE_IDX_MAX];
extern SYSCAP_EXPORT const struct scap_param_info scap_dyn_bpf[SCAP_BPF_IDX_MAX];
extern SYSCAP_EXPORT const struct scap_param_info scap_dyn_keyctl[SCAP_KEYCTL_IDX_MAX];

#endif /* SYSCAP_UAPI_EVENT_TABLE_H */
