/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * Fixed-width types for the headers shared by the kernel module, the eBPF probe and userspace.
 * Kernel and userspace take __u8 ... __s64 from <linux/types.h>; BPF programs include vmlinux.h
 * (which defines them) before any syscap header.
 */
#ifndef SYSCAP_UAPI_TYPES_H
#define SYSCAP_UAPI_TYPES_H

#if !defined(__bpf__) && !defined(__BPF__)
#include <linux/types.h>
#endif

/* Tables compiled into libscap are part of its ABI: export them from the shared library. */
#if !defined(__KERNEL__) && !defined(__bpf__) && !defined(__BPF__)
#define SYSCAP_EXPORT __attribute__((visibility("default")))
#else
#define SYSCAP_EXPORT
#endif

#ifndef SYSCAP_PACKED
#define SYSCAP_PACKED __attribute__((packed))
#endif

#endif /* SYSCAP_UAPI_TYPES_H */
