/* SPDX-License-Identifier: Apache-2.0 */
/*
 * libscap: open a source of events (a live driver, a capture file, events supplied by the caller),
 * read its events in timestamp order, control what a live driver captures, read its counters.
 *
 * Conventions: functions returning int give 0 on success and a negative errno (or -SCAP_ERR_*) on
 * failure; functions returning pointers give NULL and set errno. The library never prints: it
 * logs through the function set with scap_set_print(). Optional arguments travel in options
 * structs whose first member is their size; build them with SCAP_OPTS().
 */
#ifndef SCAP_SCAP_H
#define SCAP_SCAP_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <syscap/schema.h>
#include <syscap/sc.h>
#include <syscap/version.h>

#ifdef __cplusplus
extern "C" {
#endif

#ifndef SCAP_API
#define SCAP_API __attribute__((visibility("default")))
#endif

/** Project error codes, returned negated like errno values. */
enum scap_error {
	SCAP_ERR_BASE = 4000,
	SCAP_ERR_EOF = 4000, /**< the capture has no more events */
	SCAP_ERR_CORRUPT = 4001, /**< malformed input (capture file, event) */
	SCAP_ERR_VERSION = 4002, /**< driver API/schema version not accepted */
	SCAP_ERR_NO_ENGINE = 4003, /**< no such engine in this build */
	SCAP_ERR_UNSUPPORTED = 4004, /**< the kernel or engine lacks a needed facility */
};

/**
 * @brief **scap_strerror()** describes an error code.
 * @param err a negative errno or -SCAP_ERR_* value (the sign is ignored)
 * @return a static string, never NULL
 */
SCAP_API const char *scap_strerror(int err);

enum scap_log_level {
	SCAP_LOG_WARN,
	SCAP_LOG_INFO,
	SCAP_LOG_DEBUG,
};

typedef int (*scap_print_fn_t)(enum scap_log_level level, const char *fmt, va_list ap);

/**
 * @brief **scap_set_print()** sets the function every library message goes through.
 * Each message is one line without its trailing newline.
 * @param fn the new function; NULL silences the library
 * @return the previous function. The default prints warnings to stderr, and info/debug too when
 * the environment variable SCAP_LOG_LEVEL is "info" or "debug".
 */
SCAP_API scap_print_fn_t scap_set_print(scap_print_fn_t fn);

/* Zero an options struct, set its size and fill the named fields. */
#define SCAP_OPTS(TYPE, NAME, ...)                                       \
	struct TYPE NAME = ({                                            \
		memset(&NAME, 0, sizeof(struct TYPE));                   \
		(struct TYPE){ .sz = sizeof(struct TYPE), __VA_ARGS__ }; \
	})

struct scap;
struct scap_state;

/** Options of scap_open(). Every field is optional; 0/NULL means the default. */
struct scap_open_opts {
	size_t sz;
	/** savefile: path of the capture to read ("-" = standard input) */
	const char *filename;
	/** bpf: path of syscap.bpf.o (default: $SYSCAP_BPF_OBJECT, else the installed object) */
	const char *bpf_object;
	/** kmod: device path prefix, default "/dev/syscap" ("/dev/falco": Falco's module) */
	const char *device_prefix;
	/** live engines: bytes per ring buffer (power of two; default 8 MiB) */
	uint64_t buffer_bytes;
	/** bpf: CPUs sharing one ring buffer (default 1 = a ring per CPU) */
	uint32_t cpus_per_buffer;
	/** live engines: SCAP_SC_MAX bytes, non-zero = capture that ppm_sc; NULL = everything */
	const uint8_t *sc_set;
	/** live engines: bytes of I/O buffers copied into events (default 80, at most 65000) */
	uint32_t snaplen;
	/** live engines: host root for /proc, /dev, /etc (default $HOST_ROOT, else "/") */
	const char *host_root;
	/** live engines: do not scan /proc for the initial state */
	bool no_proc_scan;
	/** test: the events to replay, in order, all reported on CPU 0 */
	const struct scap_evt_hdr *const *test_events;
	size_t test_nevents;
	/** test: initial state handed to consumers (borrowed, may be NULL) */
	const struct scap_state *test_state;
	size_t : 0;
};
#define scap_open_opts__last_field test_state

/**
 * @brief **scap_open()** opens an event source.
 * @param engine "savefile", "test", "bpf", "kmod", or "auto" (bpf, then kmod)
 * @param opts options, may be NULL
 * @param err buffer for a one-line reason on failure, may be NULL
 * @param errlen size of err
 * @return a handle to release with scap_close(), or NULL with errno set (-SCAP_ERR_* codes are
 * reported as errno values above 4000)
 */
SCAP_API struct scap *scap_open(const char *engine, const struct scap_open_opts *opts, char *err,
				size_t errlen);

/** @brief **scap_close()** stops capturing and frees the handle and everything it owns. */
SCAP_API void scap_close(struct scap *h);

/**
 * @brief **scap_next()** returns the next event in timestamp order.
 * @param h handle
 * @param evt set to the event; valid until the next call on h
 * @param cpu set to the CPU that produced it (may be NULL)
 * @param flags set to the capture-file event flags, 0 for live events (may be NULL)
 * @return 0 with an event; -EAGAIN when a live source has nothing right now (call again);
 * -SCAP_ERR_EOF at the end of a capture; another negative value on error (see scap_lasterr())
 */
SCAP_API int scap_next(struct scap *h, const struct scap_evt_hdr **evt, uint16_t *cpu,
		       uint32_t *flags);

/**
 * @brief **scap_next_batch()** up to max next events in timestamp order, for consumers that
 * want the raw rate: one call per batch instead of one per event. Calls may be mixed with
 * scap_next(); what either has handed out is never handed out again.
 * @param h handle
 * @param evt set to the events; all valid until the next scap_next() or scap_next_batch() on h
 * @param cpu set to the CPUs that produced them (may be NULL)
 * @param flags set as scap_next() sets its flags (may be NULL)
 * @param max room in the arrays, at least 1. The live engines fill batches; capture files
 * hand out one event per call.
 * @return how many (>= 1), or the negative values of scap_next()
 */
SCAP_API int scap_next_batch(struct scap *h, const struct scap_evt_hdr **evt, uint16_t *cpu,
			     uint32_t *flags, unsigned max);

/** @brief **scap_lasterr()** the message of the last error on h ("" if none). */
SCAP_API const char *scap_lasterr(const struct scap *h);

/** @brief **scap_engine_name()** the name of the engine behind h ("bpf", "savefile", ...). */
SCAP_API const char *scap_engine_name(const struct scap *h);

/**
 * @brief **scap_get_state()** the initial state of the source: the /proc scan of a live engine,
 * the state blocks of a capture file. Owned by h; NULL when the source has none.
 */
SCAP_API const struct scap_state *scap_get_state(struct scap *h);

/** @brief **scap_start_capture()** / **scap_stop_capture()** resume or pause a live source. */
SCAP_API int scap_start_capture(struct scap *h);
SCAP_API int scap_stop_capture(struct scap *h);

/** Settings of a live source (scap_configure()). */
enum scap_setting {
	SCAP_SET_SNAPLEN, /**< arg1 = bytes (<= 65000) */
	SCAP_SET_SC, /**< arg1 = ppm_sc code, arg2 = 1 capture / 0 ignore */
	SCAP_SET_TP, /**< arg1 = tracepoint ppm_sc (SCAP_SC_SCHED_SWITCH ...), arg2 = on/off */
	SCAP_SET_DROPFAILED, /**< arg1 = 1: drop events of failed syscalls */
	SCAP_SET_SAMPLING, /**< arg1 = ratio (1 = off, else a power of two up to 128) */
	SCAP_SET_DYNAMIC_SNAPLEN, /**< arg1 = on/off */
	SCAP_SET_FULLCAPTURE_PORTS, /**< arg1 = first port, arg2 = last port */
	SCAP_SET_STATSD_PORT, /**< arg1 = port */
};

/** @brief **scap_configure()** changes a setting of a live source; -ENOTSUP when not live. */
SCAP_API int scap_configure(struct scap *h, enum scap_setting setting, uint64_t arg1,
			    uint64_t arg2);

/** Counters of a live source. Drops per category use the reference's names. */
struct scap_stats {
	uint64_t n_evts; /**< events written by the driver */
	uint64_t n_drops; /**< every event lost, whatever the reason */
	uint64_t n_drops_buffer; /**< lost because a ring buffer was full */
	uint64_t n_drops_buffer_clone_fork_enter;
	uint64_t n_drops_buffer_clone_fork_exit;
	uint64_t n_drops_buffer_execve_enter;
	uint64_t n_drops_buffer_execve_exit;
	uint64_t n_drops_buffer_connect_enter;
	uint64_t n_drops_buffer_connect_exit;
	uint64_t n_drops_buffer_open_enter;
	uint64_t n_drops_buffer_open_exit;
	uint64_t n_drops_buffer_dir_file_enter;
	uint64_t n_drops_buffer_dir_file_exit;
	uint64_t n_drops_buffer_other_interest_enter;
	uint64_t n_drops_buffer_other_interest_exit;
	uint64_t n_drops_buffer_close_enter;
	uint64_t n_drops_buffer_close_exit;
	uint64_t n_drops_buffer_proc_exit;
	uint64_t n_drops_scratch_map; /**< BPF scratch space exhausted */
	uint64_t n_drops_pf; /**< user memory could not be read */
	uint64_t n_drops_bug; /**< driver-side invariant failed */
	uint64_t n_drops_max_event_size; /**< event larger than the driver's limit */
	uint64_t n_preemptions; /**< re-entrant events skipped */
	uint64_t n_suppressed; /**< events of suppressed threads */
};

/** @brief **scap_get_stats()** fills st; -ENOTSUP for sources without counters. */
SCAP_API int scap_get_stats(struct scap *h, struct scap_stats *st);

/**
 * @brief **scap_get_driver_versions()** API and schema versions of the driver (packed with
 * SCAP_VERSION_PACK); -ENOTSUP for sources that have no driver.
 */
SCAP_API int scap_get_driver_versions(struct scap *h, uint64_t *api, uint64_t *schema);

/**
 * @brief **scap_check_driver_versions()** applies the compatibility rule (same major, minor.patch
 * at least ours) to a driver's versions.
 * @return 0, or -SCAP_ERR_VERSION with a message naming both versions in msg
 */
SCAP_API int scap_check_driver_versions(uint64_t api, uint64_t schema, char *msg, size_t msglen);

/** @brief **scap_version()** the library's SemVer string. */
SCAP_API const char *scap_version(void);

#ifdef __cplusplus
}
#endif

#endif /* SCAP_SCAP_H */
