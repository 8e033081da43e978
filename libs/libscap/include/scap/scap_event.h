/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Events: header access, parameter decoding for every SCAP_PT_* type, building events, and the
 * sysdig-style text of a parameter. An event is `struct scap_evt_hdr` followed by nparams lengths
 * (u16; u32 for SCAP_EF_LARGE_PAYLOAD events) and the parameter bytes (see <syscap/schema.h>).
 */
#ifndef SCAP_SCAP_EVENT_H
#define SCAP_SCAP_EVENT_H

#include <stddef.h>
#include <stdint.h>

#include <syscap/event_table.h>
#include <scap/scap.h>

#ifdef __cplusplus
extern "C" {
#endif

/** One parameter of an event: its bytes (inside the event) and their count. */
struct scap_param {
	const void *data;
	uint32_t len;
};

/** @brief **scap_event_get_info()** the schema entry of an event type, NULL when out of range. */
SCAP_API const struct scap_event_info *scap_event_get_info(uint16_t type);

/** @brief **scap_event_type_by_name()** first exit event code with that name, or -ENOENT. */
SCAP_API int scap_event_type_by_name(const char *name);

/** @brief **scap_sc_by_name()** ppm_sc code of a syscall/tracepoint name, or -ENOENT. */
SCAP_API int scap_sc_by_name(const char *name);

/**
 * @brief **scap_event_check()** validates an event found in a buffer of `avail` bytes: the header
 * fits, len is within avail, the length array fits, the lengths add up to len exactly.
 * @return 0, or -SCAP_ERR_CORRUPT
 */
SCAP_API int scap_event_check(const struct scap_evt_hdr *evt, size_t avail);

/**
 * @brief **scap_event_params()** decodes the parameter table of a checked event.
 * @param evt the event (see scap_event_check())
 * @param params receives up to max parameters
 * @param max size of params
 * @return the number of parameters in the event (may exceed max: only max are filled), or
 * -SCAP_ERR_CORRUPT when the lengths overrun the event
 */
SCAP_API int scap_event_params(const struct scap_evt_hdr *evt, struct scap_param *params,
			       uint32_t max);

/**
 * @brief **scap_param_int()** reads an integer-like parameter (any SCAP_PT_ of size 1, 2, 4 or
 * 8) as a signed or unsigned 64-bit value according to its type.
 * @return 0, -ENODATA for an empty parameter, -EINVAL when the length is not an integer size
 */
SCAP_API int scap_param_s64(const struct scap_param *p, uint8_t type, int64_t *out);
SCAP_API int scap_param_u64(const struct scap_param *p, uint8_t type, uint64_t *out);

/** A decoded SCAP_PT_SOCKADDR or SCAP_PT_SOCKTUPLE. Addresses in network order, ports host. */
struct scap_sockaddr {
	uint8_t family; /**< SCAP_AF_INET, SCAP_AF_INET6, SCAP_AF_UNIX, other SCAP_AF_* */
	uint8_t sip[16]; /**< address (sockaddr) or source (tuple); IPv4 in the first 4 bytes */
	uint8_t dip[16]; /**< tuple destination */
	uint16_t sport, dport;
	uint64_t src_id, dst_id; /**< unix tuples: kernel socket addresses */
	char path[109]; /**< unix: the path (NUL-terminated, truncated) */
};

/** @brief **scap_param_sockaddr()** decodes a SOCKADDR; -SCAP_ERR_CORRUPT if malformed. */
SCAP_API int scap_param_sockaddr(const struct scap_param *p, struct scap_sockaddr *out);
/** @brief **scap_param_socktuple()** decodes a SOCKTUPLE; -SCAP_ERR_CORRUPT if malformed. */
SCAP_API int scap_param_socktuple(const struct scap_param *p, struct scap_sockaddr *out);

/**
 * @brief **scap_param_fdlist()** entry i of an FDLIST (u16 count, then u64 fd + u16 flags each).
 * @return the number of entries, or -SCAP_ERR_CORRUPT; fd/flags filled when i < count
 */
SCAP_API int scap_param_fdlist(const struct scap_param *p, uint32_t i, int64_t *fd,
			       uint16_t *flags);

/**
 * @brief **scap_param_next_string()** iterates the NUL-separated strings of a CHARBUF array
 * parameter (execve args, env, cgroups).
 * @param p the parameter
 * @param prev NULL for the first string, then the previous return value
 * @return the next string (NUL-terminated inside the event), NULL at the end
 */
SCAP_API const char *scap_param_next_string(const struct scap_param *p, const char *prev);

/**
 * @brief **scap_param_dyn()** splits a SCAP_PT_DYN parameter into its variant and value.
 * @return 0 with *variant and *value set, -SCAP_ERR_CORRUPT if the index is unknown
 */
SCAP_API int scap_param_dyn(const struct scap_param_info *info, const struct scap_param *p,
			    const struct scap_param_info **variant, struct scap_param *value);

/**
 * @brief **scap_param_format()** prints a parameter value the way sysdig does (without the fd
 * name decorations libsinsp adds): integers per print format, errno names for negative results,
 * flag names in parentheses, addresses as ip:port, strings as is (non-printable bytes as '.').
 * @param buf output, always NUL-terminated when len > 0
 * @param len size of buf
 * @param info the parameter's schema entry
 * @param p the parameter
 * @return the length of the full text (like snprintf), or a negative error
 */
SCAP_API int scap_param_format(char *buf, size_t len, const struct scap_param_info *info,
			       const struct scap_param *p);

/**
 * @brief **scap_event_format_args()** "name=value name=value ..." for every parameter of evt.
 * @return the length of the full text (like snprintf), or a negative error
 */
SCAP_API int scap_event_format_args(char *buf, size_t len, const struct scap_evt_hdr *evt);

/**
 * @brief **scap_event_build()** writes an event into buf from its parameters' raw bytes.
 * @param buf output buffer (need not be aligned)
 * @param buflen its size
 * @param ts timestamp, ns since the epoch
 * @param tid thread id
 * @param type event type
 * @param nparams number of parameters
 * @param params the parameters (params[i].data may be NULL when len is 0);
 * large-payload events get u32 lengths, the others u16
 * @return the event length, -ENOSPC when buf is too small (nothing written past buflen),
 * -E2BIG when a parameter does not fit its length field, -EINVAL for a bad type
 */
SCAP_API long scap_event_build(void *buf, size_t buflen, uint64_t ts, uint64_t tid, uint16_t type,
			       uint32_t nparams, const struct scap_param *params);

/**
 * @brief **scap_event_buildf()** like scap_event_build() with parameters taken from the
 * variable arguments, one per parameter of the schema entry of `type`, in order (buf, buflen,
 * ts, tid and type as for scap_event_build()):
 * - integer types (INTn, UINTn, ERRNO, FD, PID, FLAGS*, ENUMFLAGS*, UID, GID, MODE, SYSCALLID,
 *   SIGTYPE, RELTIME, ABSTIME, PORT, L4PROTO, SOCKFAMILY, BOOL, SIGSET, FD32, PID32): uint64_t,
 *   stored in the type's width;
 * - CHARBUF, FSPATH, FSRELPATH: const char * (NUL included; NULL = empty parameter);
 * - every other type: const struct scap_param * with the raw bytes (NULL = empty).
 * @return as scap_event_build()
 */
SCAP_API long scap_event_buildf(void *buf, size_t buflen, uint64_t ts, uint64_t tid,
				unsigned int type, ...);

/** @brief **scap_param_type_size()** fixed size of a type in bytes, 0 for variable-size types. */
SCAP_API uint32_t scap_param_type_size(uint8_t type);

/** @brief **scap_errno_name()** "ENOENT" for 2, NULL when unknown. */
SCAP_API const char *scap_errno_name(int64_t err);

#ifdef __cplusplus
}
#endif

#endif /* SCAP_SCAP_EVENT_H */
