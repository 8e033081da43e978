/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The engine interface. Each source of events (savefile, test, bpf, kmod) is a
 * `struct scap_engine_ops` in src/engines/<name>/; the core (scap.c) owns the handle, allocates
 * the engine's private state and routes the public calls to it. Any member but name, open and
 * one of next or next_batch may be NULL, which the core reports as -ENOTSUP.
 */
#ifndef SCAP_ENGINE_H
#define SCAP_ENGINE_H

#include <scap/scap.h>

struct scap_engine_ops {
	const char *name;
	/* bytes of engine state the core allocates (zeroed) before open; see scap_engine_priv() */
	size_t priv_size;
	/*
	 * Start the source. 0 or a negative error, with scap_seterr() giving the reason. close() is
	 * called after a failed open too, so open may leave partial state for it to free.
	 */
	int (*open)(struct scap *h, const struct scap_open_opts *opts);
	/* Release everything open acquired; must tolerate a partial open. */
	void (*close)(struct scap *h);
	/*
	 * Next event in timestamp order: 0 with *evt (valid until the next call), *cpu and *flags
	 * set; -EAGAIN when nothing is available now; -SCAP_ERR_EOF at the end; other negative
	 * values are errors described with scap_seterr().
	 */
	int (*next)(struct scap *h, const struct scap_evt_hdr **evt, uint16_t *cpu,
		    uint32_t *flags);
	/*
	 * Instead of next, for engines that can hand out several events at once (live rings): up
	 * to max events in timestamp order into evt[] and cpu[], all valid until the following
	 * call, flags 0; how many (>= 1), or the negative values of next. scap_next() serves them
	 * one by one without calling into the engine, which is most of the per-event cost of a
	 * consumer that keeps up with the rings.
	 */
	int (*next_batch)(struct scap *h, const struct scap_evt_hdr **evt, uint16_t *cpu,
			  unsigned max);
	int (*start)(struct scap *h);
	int (*stop)(struct scap *h);
	int (*configure)(struct scap *h, enum scap_setting setting, uint64_t arg1, uint64_t arg2);
	int (*get_stats)(struct scap *h, struct scap_stats *st);
	/* API and schema versions of the driver behind the source */
	int (*get_versions)(struct scap *h, uint64_t *api, uint64_t *schema);
};

/* The engine's private state (priv_size bytes, zeroed at open). */
void *scap_engine_priv(struct scap *h);

/* Record the reason of a failure; scap_lasterr() and scap_open()'s err return it. */
__attribute__((format(printf, 2, 3))) int scap_seterr(struct scap *h, const char *fmt, ...);

/* Hand the initial state to the handle; own=true transfers ownership (freed at close). */
void scap_set_state(struct scap *h, struct scap_state *st, bool own);

/*
 * For live engines, once their hooks capture: scan /proc (under opts->host_root) for the initial
 * state and hand it to the handle, unless opts->no_proc_scan. Capturing first means whatever
 * changes during the scan is in the events. `who` prefixes the error message ("bpf", "kmod").
 */
int scap_engine_scan_state(struct scap *h, const char *who);

/* Open options after the size check: fields the caller's struct does not have read as 0. */
const struct scap_open_opts *scap_opts(const struct scap *h);

#endif /* SCAP_ENGINE_H */
