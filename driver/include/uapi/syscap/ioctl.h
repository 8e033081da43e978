/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * Kernel module ioctl ABI (/dev/<name><cpu>). Numbers and argument conventions match the
 * falcosecurity kmod (PPM_IOCTL_*, magic 's'); numbers marked "retired" are never reused.
 * Arguments are passed by value in the ioctl argument unless a pointer is noted.
 */
#ifndef SYSCAP_UAPI_IOCTL_H
#define SYSCAP_UAPI_IOCTL_H

#include <syscap/types.h>

#ifdef __KERNEL__
#include <linux/ioctl.h>
#else
#include <sys/ioctl.h>
#endif

#define SCAP_IOCTL_MAGIC 's'

/* 0, 1: retired (capture on/off) */
#define SCAP_IOCTL_DISABLE_DROPPING_MODE _IO(SCAP_IOCTL_MAGIC, 2)
/* arg: sampling ratio, a power of two from 1 to 128 */
#define SCAP_IOCTL_ENABLE_DROPPING_MODE _IO(SCAP_IOCTL_MAGIC, 3)
/* arg: bytes of I/O buffers to capture, <= SCAP_KMOD_SNAPLEN_MAX */
#define SCAP_IOCTL_SET_SNAPLEN _IO(SCAP_IOCTL_MAGIC, 4)
/* 5, 6, 7: retired (event masks) */
#define SCAP_IOCTL_DISABLE_DYNAMIC_SNAPLEN _IO(SCAP_IOCTL_MAGIC, 8)
#define SCAP_IOCTL_ENABLE_DYNAMIC_SNAPLEN _IO(SCAP_IOCTL_MAGIC, 9)
/* arg: host tid / pid; returns the id inside the task's own pid namespace */
#define SCAP_IOCTL_GET_VTID _IO(SCAP_IOCTL_MAGIC, 10)
#define SCAP_IOCTL_GET_VPID _IO(SCAP_IOCTL_MAGIC, 11)
/* returns the caller's host tid / pid */
#define SCAP_IOCTL_GET_CURRENT_TID _IO(SCAP_IOCTL_MAGIC, 12)
#define SCAP_IOCTL_GET_CURRENT_PID _IO(SCAP_IOCTL_MAGIC, 13)
/* 14, 15: retired (signal deliver) */
/* arg: pointer to struct scap_proclist_info (in: max_entries; out: n_entries, entries) */
#define SCAP_IOCTL_GET_PROCLIST _IO(SCAP_IOCTL_MAGIC, 16)
/* 17, 18, 19: retired (tracers, simple mode, page faults) */
/* arg: pointer to one long per possible CPU */
#define SCAP_IOCTL_GET_N_TRACEPOINT_HIT _IO(SCAP_IOCTL_MAGIC, 20)
/* arg: pointer to a SCAP_KMOD_VERSION_LEN byte buffer, receives a NUL-terminated string */
#define SCAP_IOCTL_GET_DRIVER_VERSION _IO(SCAP_IOCTL_MAGIC, 21)
/* arg: start | end << 16 */
#define SCAP_IOCTL_SET_FULLCAPTURE_PORT_RANGE _IO(SCAP_IOCTL_MAGIC, 22)
/* arg: UDP port */
#define SCAP_IOCTL_SET_STATSD_PORT _IO(SCAP_IOCTL_MAGIC, 23)
/* arg: pointer to a __u64, receives SCAP_VERSION_PACK(major, minor, patch) */
#define SCAP_IOCTL_GET_API_VERSION _IO(SCAP_IOCTL_MAGIC, 24)
#define SCAP_IOCTL_GET_SCHEMA_VERSION _IO(SCAP_IOCTL_MAGIC, 25)
/* 26, 27, 28: retired (tracepoint masks, zero syscalls) */
/* arg: native syscall number (< SCAP_KMOD_SYSCALL_TABLE_SIZE) */
#define SCAP_IOCTL_ENABLE_SYSCALL _IO(SCAP_IOCTL_MAGIC, 29)
#define SCAP_IOCTL_DISABLE_SYSCALL _IO(SCAP_IOCTL_MAGIC, 30)
/* arg: enum scap_kmod_tp */
#define SCAP_IOCTL_ENABLE_TP _IO(SCAP_IOCTL_MAGIC, 31)
#define SCAP_IOCTL_DISABLE_TP _IO(SCAP_IOCTL_MAGIC, 32)
#define SCAP_IOCTL_ENABLE_DROPFAILED _IO(SCAP_IOCTL_MAGIC, 33)
#define SCAP_IOCTL_DISABLE_DROPFAILED _IO(SCAP_IOCTL_MAGIC, 34)

/* Kernel hooks a consumer attaches with SCAP_IOCTL_ENABLE_TP (reference kmod_prog_codes). */
enum scap_kmod_tp {
	SCAP_KMOD_TP_SYS_ENTER = 0,
	SCAP_KMOD_TP_SYS_EXIT = 1,
	SCAP_KMOD_TP_SCHED_PROC_EXIT = 2,
	SCAP_KMOD_TP_SCHED_SWITCH = 3,
	SCAP_KMOD_TP_PAGE_FAULT_USER = 4,
	SCAP_KMOD_TP_PAGE_FAULT_KERNEL = 5,
	SCAP_KMOD_TP_SIGNAL_DELIVER = 6,
	SCAP_KMOD_TP_SCHED_PROC_FORK = 7,
	SCAP_KMOD_TP_SCHED_PROC_EXEC = 8,
	SCAP_KMOD_TP_MAX = 9,
};

/* Kernel tracepoint names, indexed by enum scap_kmod_tp. */
#define SCAP_KMOD_TP_NAMES                                                                         \
	{ "sys_enter", "sys_exit", "sched_process_exit", "sched_switch", "page_fault_user",        \
	  "page_fault_kernel", "signal_deliver", "sched_process_fork", "sched_process_exec" }

#define SCAP_KMOD_SYSCALL_TABLE_SIZE 512 /* bits in the per-consumer syscall mask */
#define SCAP_KMOD_SNAPLEN_DEFAULT 80
#define SCAP_KMOD_SNAPLEN_MAX 65000
#define SCAP_KMOD_PROCLIST_MAX 1000000
#define SCAP_KMOD_VERSION_LEN 64
#define SCAP_KMOD_MAX_CONSUMERS_DEFAULT 5
#define SCAP_KMOD_STATSD_PORT_DEFAULT 8125

struct scap_proc_info {
	__u64 pid;
	__u64 utime; /* clock ticks */
	__u64 stime;
};

struct scap_proclist_info {
	__s64 n_entries;
	__s64 max_entries;
	struct scap_proc_info entries[];
};

#endif /* SYSCAP_UAPI_IOCTL_H */
