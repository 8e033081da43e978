/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file sinsp.h
 * @brief libsinsp: events from libscap with the system state around them.
 *
 * Open a source (capture file, live engine, or caller-supplied test events), then call
 * sinsp_next() for each event: libsinsp updates its thread/fd/user state from the event and
 * hands it back with that state attached, filtered by an optional condition (filter.h).
 * Fields are extracted by name (fields.h) and events formatted (format.h).
 * Conventions follow libscap: 0 / negative errno, options structs starting with their size.
 */
#ifndef SINSP_SINSP_H
#define SINSP_SINSP_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <scap/scap.h>
#include <sinsp/state.h>

#ifdef __cplusplus
extern "C" {
#endif

#ifndef SINSP_API
#define SINSP_API __attribute__((visibility("default")))
#endif

struct sinsp;
struct sinsp_evt;

/** Options of sinsp_open(); build with SCAP_OPTS(sinsp_open_opts, o, ...). */
struct sinsp_open_opts {
	size_t sz;
	/** "savefile", "test", "bpf", "kmod" or "auto"; NULL: "savefile" when filename is set */
	const char *engine;
	/** capture file to read */
	const char *filename;
	/** live: snapshot length for I/O buffers (0 = driver default) */
	uint32_t snaplen;
	/** live: bytes per ring buffer (0 = default) */
	uint64_t buffer_bytes;
	/** bpf: probe object path (NULL = default) */
	const char *bpf_object;
	/** root of the host file system for /proc and /etc (NULL = $HOST_ROOT) */
	const char *host_root;
	/** test engine: events to replay and an optional initial state */
	const struct scap_evt_hdr *const *test_events;
	size_t test_nevents;
	const struct scap_state *test_state;
	/** most threads kept in the table (0 = 262144); beyond it new threads are not tracked */
	uint32_t max_threads;
	/**
	 * live: SCAP_SC_MAX bytes, non-zero = capture that syscall or tracepoint (ppm_sc); NULL =
	 * everything. Leaving out part of sinsp_state_sc_set() leaves the state incomplete.
	 */
	const uint8_t *sc_set;
	size_t : 0;
};

/** Log levels of the library's messages. */
typedef int (*sinsp_print_fn_t)(enum scap_log_level level, const char *fmt, va_list ap);

/** Set the function every libsinsp message goes through (NULL silences); returns the old one. */
SINSP_API sinsp_print_fn_t sinsp_set_print(sinsp_print_fn_t fn);

/**
 * Open an event source and load its initial state (capture state blocks, or a /proc scan for
 * live engines). @return a handle, or NULL with errno set and a message in @p err.
 */
SINSP_API struct sinsp *sinsp_open(const struct sinsp_open_opts *opts, char *err, size_t errlen);

/** Close the source and free all state. */
SINSP_API void sinsp_close(struct sinsp *h);

/**
 * Set the condition events must match to be returned by sinsp_next() (NULL or "" clears it).
 * Every event still updates the state. @return 0 or -EINVAL with a message naming position
 * and token in @p err.
 */
SINSP_API int sinsp_set_filter(struct sinsp *h, const char *cond, char *err, size_t errlen);

/**
 * Next event. @return 0 with *evt (valid until the next call); -EAGAIN when a live source has
 * nothing now, or after a few thousand events rejected by the filter (so that callers keep
 * control on a busy source: just call again); -SCAP_ERR_EOF at the end of a capture; another
 * negative value on error (message from sinsp_lasterr()).
 */
SINSP_API int sinsp_next(struct sinsp *h, struct sinsp_evt **evt);

/** Message of the last error ("" when none). */
SINSP_API const char *sinsp_lasterr(const struct sinsp *h);

/** The libscap handle underneath (for stats, settings, dumping). */
SINSP_API struct scap *sinsp_get_scap(struct sinsp *h);

/**
 * The state set: every syscall and tracepoint (ppm_sc) whose events change the thread and fd
 * state libsinsp keeps (SCAP_EF_MODIFIES_STATE in the schema: clone, execve, open, close,
 * socket, dup, ..., process exit). Writes SCAP_SC_MAX bytes of 0/1 into @p sc_set.
 */
SINSP_API void sinsp_state_sc_set(uint8_t *sc_set);

/**
 * What a live capture needs to capture for condition @p cond (Falco-style, as for
 * sinsp_set_filter()): the syscalls and tracepoints whose events it can match, as far as its
 * evt.type tests tell (evt.type = NAME and evt.type in (...), combined through and / or), plus
 * the state set. Never narrower than the condition: a negation, or a branch of an "or" without
 * an evt.type test, allows every type. Writes SCAP_SC_MAX bytes into @p sc_set, usable as
 * sinsp_open_opts.sc_set.
 * @return 1 when the set is narrower than everything, 0 when everything is needed (empty
 *         condition included), or a negative errno (-EINVAL with a message in @p err when the
 *         condition does not compile).
 */
SINSP_API int sinsp_filter_sc_set(const char *cond, uint8_t *sc_set, char *err, size_t errlen);

/** Counters kept by libsinsp itself. */
struct sinsp_counters {
	uint64_t n_events; /**< events read from libscap */
	uint64_t n_matched; /**< events that passed the filter */
	uint64_t n_threads; /**< threads currently in the table */
	uint64_t n_fds; /**< descriptors currently open in all tables */
	uint64_t n_threads_dropped; /**< threads not tracked because the table was full */
	uint64_t n_removed_threads; /**< threads removed at exit */
};

/** Fill @p c with the library's counters. */
SINSP_API void sinsp_get_counters(const struct sinsp *h, struct sinsp_counters *c);

/** @name Event accessors */
/**@{*/
/** Event number, from 1, counting every event read (matching or not). */
SINSP_API uint64_t sinsp_evt_num(const struct sinsp_evt *e);
/** The raw event (header followed by parameter lengths and values). */
SINSP_API const struct scap_evt_hdr *sinsp_evt_raw(const struct sinsp_evt *e);
/** CPU that produced the event. */
SINSP_API uint16_t sinsp_evt_cpu(const struct sinsp_evt *e);
/** Capture-file flags of the event. */
SINSP_API uint32_t sinsp_evt_flags(const struct sinsp_evt *e);
/** Thread that produced the event (NULL when unknown). */
SINSP_API const struct sinsp_thread *sinsp_evt_thread(const struct sinsp_evt *e);
/** The descriptor the event uses (for close: the one it closed), NULL when none. */
SINSP_API const struct sinsp_fd *sinsp_evt_fd(const struct sinsp_evt *e);
/**
 * Parameter @p name of the event, with parameters of the matching enter event merged in for
 * captures that store enter/exit pairs. @return 0 with *val and *len set, -ENOENT when absent.
 */
SINSP_API int sinsp_evt_param(const struct sinsp_evt *e, const char *name, const uint8_t **val,
			      uint32_t *len);
/**@}*/

/** @name State lookups */
/**@{*/
/** Thread by tid, NULL when unknown. */
SINSP_API const struct sinsp_thread *sinsp_get_thread(const struct sinsp *h, int64_t tid);
/** User by uid, NULL when unknown. */
SINSP_API const struct sinsp_user *sinsp_get_user(const struct sinsp *h, uint32_t uid);
/** Group by gid, NULL when unknown. */
SINSP_API const struct sinsp_group *sinsp_get_group(const struct sinsp *h, uint32_t gid);
/** Call @p cb for every thread until it returns non-zero; returns that value or 0. */
SINSP_API int sinsp_foreach_thread(const struct sinsp *h,
				   int (*cb)(const struct sinsp_thread *t, void *ud), void *ud);
/**@}*/

#ifdef __cplusplus
}
#endif
#endif
