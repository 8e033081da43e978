/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * The event schema: parameter types, print formats, categories, flags, the event header and the
 * event codes. Numbers are the falcosecurity schema-4.x values, so captures and drivers interoperate.
 * The per-event layout lives in events.def; this header only derives enums from it.
 */
#ifndef SYSCAP_UAPI_SCHEMA_H
#define SYSCAP_UAPI_SCHEMA_H

#include "types.h"

#define SCAP_MAX_EVENT_PARAMS 32
#define SCAP_MAX_NAME_LEN 32
#define SCAP_MAX_ARG_SIZE 65000 /* largest single parameter a driver writes */
#define SCAP_DEFAULT_SNAPLEN 80
#define SCAP_MAX_SNAPLEN 65000

/* Parameter types. The numbers are part of the file format: never renumber. */
enum scap_param_type {
	SCAP_PT_NONE = 0,
	SCAP_PT_INT8 = 1,
	SCAP_PT_INT16 = 2,
	SCAP_PT_INT32 = 3,
	SCAP_PT_INT64 = 4,
	SCAP_PT_UINT8 = 5,
	SCAP_PT_UINT16 = 6,
	SCAP_PT_UINT32 = 7,
	SCAP_PT_UINT64 = 8,
	SCAP_PT_CHARBUF = 9, /* NUL-terminated string, NUL counted in the length */
	SCAP_PT_BYTEBUF = 10, /* raw bytes */
	SCAP_PT_ERRNO = 11, /* s64: >= 0 result, < 0 -errno */
	SCAP_PT_SOCKADDR = 12, /* family byte + address (see SCAP_AF_*) */
	SCAP_PT_SOCKTUPLE = 13, /* family byte + source + destination */
	SCAP_PT_FD = 14, /* s64 */
	SCAP_PT_PID = 15, /* s64 */
	SCAP_PT_FDLIST = 16, /* u16 count, then count x (u64 fd, u16 flags) */
	SCAP_PT_FSPATH = 17, /* NUL-terminated path */
	SCAP_PT_SYSCALLID = 18, /* u16 ppm_sc code */
	SCAP_PT_SIGTYPE = 19, /* u8 signal number */
	SCAP_PT_RELTIME = 20, /* u64 ns */
	SCAP_PT_ABSTIME = 21, /* u64 ns since the epoch */
	SCAP_PT_PORT = 22, /* u16 */
	SCAP_PT_L4PROTO = 23, /* u8 */
	SCAP_PT_SOCKFAMILY = 24, /* u8 */
	SCAP_PT_BOOL = 25, /* u32 */
	SCAP_PT_IPV4ADDR = 26, /* 4 bytes, network order */
	SCAP_PT_DYN = 27, /* u8 variant index + value of that variant's type */
	SCAP_PT_FLAGS8 = 28,
	SCAP_PT_FLAGS16 = 29,
	SCAP_PT_FLAGS32 = 30,
	SCAP_PT_UID = 31, /* u32 */
	SCAP_PT_GID = 32, /* u32 */
	SCAP_PT_DOUBLE = 33,
	SCAP_PT_SIGSET = 34, /* u32: the low word of sigset_t */
	SCAP_PT_CHARBUFARRAY = 35, /* consumer-side only */
	SCAP_PT_CHARBUF_PAIR_ARRAY = 36, /* consumer-side only */
	SCAP_PT_IPV4NET = 37,
	SCAP_PT_IPV6ADDR = 38, /* 16 bytes */
	SCAP_PT_IPV6NET = 39,
	SCAP_PT_IPADDR = 40, /* 4 or 16 bytes: the length tells */
	SCAP_PT_IPNET = 41,
	SCAP_PT_MODE = 42, /* u32 file mode bits (SCAP_S_*) */
	SCAP_PT_FSRELPATH = 43, /* path relative to the dirfd parameter named in the table */
	SCAP_PT_ENUMFLAGS8 = 44,
	SCAP_PT_ENUMFLAGS16 = 45,
	SCAP_PT_ENUMFLAGS32 = 46,
	SCAP_PT_FD32 = 47, /* s32 */
	SCAP_PT_PID32 = 48, /* s32 */
	SCAP_PT_MAX = 49
};

/* How a parameter is printed. */
enum scap_print_format {
	SCAP_FMT_NA = 0,
	SCAP_FMT_DEC = 1,
	SCAP_FMT_HEX = 2,
	SCAP_FMT_10_PADDED_DEC = 3,
	SCAP_FMT_ID = 4,
	SCAP_FMT_DIR = 5,
	SCAP_FMT_OCT = 6,
};

/* Category = one syscall category (low bits) | one source category (high bits). */
enum scap_event_category {
	SCAP_EC_UNKNOWN = 0,
	SCAP_EC_OTHER = 1,
	SCAP_EC_FILE = 2,
	SCAP_EC_NET = 3,
	SCAP_EC_IPC = 4,
	SCAP_EC_MEMORY = 5,
	SCAP_EC_PROCESS = 6,
	SCAP_EC_SLEEP = 7,
	SCAP_EC_SYSTEM = 8,
	SCAP_EC_SIGNAL = 9,
	SCAP_EC_USER = 10,
	SCAP_EC_TIME = 11,
	SCAP_EC_PROCESSING = 12,
	SCAP_EC_IO_BASE = 32,
	SCAP_EC_IO_READ = 32,
	SCAP_EC_IO_WRITE = 33,
	SCAP_EC_IO_OTHER = 34,
	SCAP_EC_WAIT = 1 << 6,
	SCAP_EC_SCHEDULER = 1 << 7,
	SCAP_EC_INTERNAL = 1 << 8,
	SCAP_EC_SYSCALL = 1 << 9,
	SCAP_EC_TRACEPOINT = 1 << 10,
	SCAP_EC_PLUGIN = 1 << 11,
	SCAP_EC_METAEVENT = 1 << 12,
	SCAP_EC_ITER = 1 << 13,
};
#define SCAP_EC_SYSCALL_CATEGORY_MASK 0x7f /* low bits: the syscall category */

enum scap_event_flags {
	SCAP_EF_NONE = 0,
	SCAP_EF_CREATES_FD = 1 << 0,
	SCAP_EF_DESTROYS_FD = 1 << 1,
	SCAP_EF_USES_FD = 1 << 2,
	SCAP_EF_READS_FROM_FD = 1 << 3,
	SCAP_EF_WRITES_TO_FD = 1 << 4,
	SCAP_EF_MODIFIES_STATE = 1 << 5, /* consumers must see it to keep process/fd state right */
	SCAP_EF_UNUSED = 1 << 6,
	SCAP_EF_WAITS = 1 << 7,
	SCAP_EF_SKIPPARSERESET = 1 << 8,
	SCAP_EF_OLD_VERSION = 1 << 9, /* kept to read old captures; no driver emits it */
	/* 1 << 10 was used by a dropped feature; never reuse it */
	SCAP_EF_LARGE_PAYLOAD = 1 << 11, /* parameter lengths are u32 instead of u16 */
	SCAP_EF_CONVERTER_MANAGED = 1 << 12,
};

/* Per-syscall flags (syscalls.def). */
enum scap_syscall_flags {
	SCAP_UF_NONE = 0,
	SCAP_UF_USED = 1 << 0, /* has a dedicated event pair */
	SCAP_UF_NEVER_DROP = 1 << 1, /* kept even in sampling mode */
	SCAP_UF_ALWAYS_DROP = 1 << 2, /* dropped in sampling mode */
	SCAP_UF_ATOMIC = 1 << 4, /* handler must not sleep */
};

/* Bytes of a fixed-size parameter type; 0 for variable-size types (strings, buffers, addresses). */
static inline __u32 scap_pt_fixed_size(__u8 type)
{
	switch (type) {
	case SCAP_PT_INT8:
	case SCAP_PT_UINT8:
	case SCAP_PT_SIGTYPE:
	case SCAP_PT_L4PROTO:
	case SCAP_PT_SOCKFAMILY:
	case SCAP_PT_FLAGS8:
	case SCAP_PT_ENUMFLAGS8:
		return 1;
	case SCAP_PT_INT16:
	case SCAP_PT_UINT16:
	case SCAP_PT_SYSCALLID:
	case SCAP_PT_PORT:
	case SCAP_PT_FLAGS16:
	case SCAP_PT_ENUMFLAGS16:
		return 2;
	case SCAP_PT_INT32:
	case SCAP_PT_UINT32:
	case SCAP_PT_BOOL:
	case SCAP_PT_IPV4ADDR:
	case SCAP_PT_FLAGS32:
	case SCAP_PT_UID:
	case SCAP_PT_GID:
	case SCAP_PT_SIGSET:
	case SCAP_PT_MODE:
	case SCAP_PT_ENUMFLAGS32:
	case SCAP_PT_FD32:
	case SCAP_PT_PID32:
		return 4;
	case SCAP_PT_INT64:
	case SCAP_PT_UINT64:
	case SCAP_PT_ERRNO:
	case SCAP_PT_FD:
	case SCAP_PT_PID:
	case SCAP_PT_RELTIME:
	case SCAP_PT_ABSTIME:
	case SCAP_PT_DOUBLE:
		return 8;
	case SCAP_PT_IPV6ADDR:
		return 16;
	default:
		return 0;
	}
}

/* Integer types whose value is signed (results, fds, pids). */
static inline int scap_pt_is_signed(__u8 type)
{
	switch (type) {
	case SCAP_PT_INT8:
	case SCAP_PT_INT16:
	case SCAP_PT_INT32:
	case SCAP_PT_INT64:
	case SCAP_PT_ERRNO:
	case SCAP_PT_FD:
	case SCAP_PT_PID:
	case SCAP_PT_FD32:
	case SCAP_PT_PID32:
		return 1;
	default:
		return 0;
	}
}

/*
 * Every event starts with this header, followed by nparams lengths (u16, or u32 for
 * SCAP_EF_LARGE_PAYLOAD events) and then the parameter bytes back to back, unaligned.
 * Multi-byte fields are in host byte order.
 */
struct scap_evt_hdr {
	__u64 ts; /* ns since the epoch */
	__u64 tid; /* host thread id */
	__u32 len; /* whole event, header included */
	__u16 type; /* enum scap_event_code */
	__u32 nparams;
} SYSCAP_PACKED;
#define SCAP_EVT_HDR_SIZE 26

#define SCAP_EVT_IS_ENTER(type) (((type) & 1) == 0)
#define SCAP_EVT_IS_EXIT(type) (((type) & 1) == 1)
#define SCAP_EVT_EXIT_OF(type) ((type) | 1)

/* Event codes, in table order: even codes are enter events, odd codes exit events. */
enum scap_event_code {
#define SCAP_EVENT(code, name, cat, flags, nparams, ...) SCAP_EVT_##code,
#include "events.def"
#undef SCAP_EVENT
	SCAP_EVT_MAX
};

/* SCAP_EVT_NPARAMS_<code>: parameter count of each event, usable in BPF and constant expressions. */
enum scap_event_nparams {
#define SCAP_EVENT(code, name, cat, flags, nparams, ...) SCAP_EVT_NPARAMS_##code = nparams,
#include "events.def"
#undef SCAP_EVENT
};

#endif /* SYSCAP_UAPI_SCHEMA_H */
