/* SPDX-License-Identifier: Apache-2.0 */
/* The handle: open a libscap source, load its initial state, and run each event through the
 * parsers and the filter. */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <scap/scap_event.h>
#include <sinsp/fields.h>

#include "sinsp_int.h"

__attribute__((format(printf, 2, 0))) static int default_print(enum scap_log_level lvl,
							       const char *fmt, va_list ap)
{
	if (lvl != SCAP_LOG_WARN)
		return 0;
	fputs("libsinsp: ", stderr);
	return vfprintf(stderr, fmt, ap);
}

static sinsp_print_fn_t g_print = default_print;

sinsp_print_fn_t sinsp_set_print(sinsp_print_fn_t fn)
{
	sinsp_print_fn_t old = g_print;

	g_print = fn;
	return old;
}

void sinsp_log(enum scap_log_level lvl, const char *fmt, ...)
{
	va_list ap;

	if (!g_print)
		return;
	va_start(ap, fmt);
	g_print(lvl, fmt, ap);
	va_end(ap);
}

struct sinsp *sinsp_open(const struct sinsp_open_opts *opts, char *err, size_t errlen)
{
	SCAP_OPTS(scap_open_opts, so);
	struct sinsp_open_opts o = { 0 };
	const char *engine;
	struct sinsp *h;
	int rc;

	if (opts)
		memcpy(&o, opts, opts->sz < sizeof(o) ? opts->sz : sizeof(o));
	engine = o.engine ? o.engine : o.filename ? "savefile" : o.test_events ? "test" : "auto";
	h = calloc(1, sizeof(*h));
	if (!h) {
		snprintf(err ? err : (char[1]){ 0 }, err ? errlen : 1, "out of memory");
		errno = ENOMEM;
		return NULL;
	}
	h->max_threads = o.max_threads ? o.max_threads : SINSP_DEFAULT_MAX_THREADS;
	if (tmap_init(&h->threads, 1024)) {
		free(h);
		errno = ENOMEM;
		return NULL;
	}
	so.filename = o.filename;
	so.snaplen = o.snaplen;
	so.buffer_bytes = o.buffer_bytes;
	so.bpf_object = o.bpf_object;
	so.sc_set = o.sc_set;
	so.host_root = o.host_root;
	so.test_events = o.test_events;
	so.test_nevents = o.test_nevents;
	so.test_state = o.test_state;
	h->scap = scap_open(engine, &so, err, errlen);
	if (!h->scap) {
		rc = errno;
		tmap_free(&h->threads);
		free(h);
		errno = rc;
		return NULL;
	}
	sinsp_load_state(h, scap_get_state(h->scap));
	h->evt.h = h;
	return h;
}

void sinsp_close(struct sinsp *h)
{
	if (!h)
		return;
	if (h->scap)
		scap_close(h->scap);
	sinsp_fd_free(h->evt.closed);
	if (h->pending_exit)
		sinsp_thread_remove(h, h->pending_exit);
	sinsp_free_state(h);
	sinsp_filter_free(h->filter);
	free(h);
}

int sinsp_set_filter(struct sinsp *h, const char *cond, char *err, size_t errlen)
{
	struct sinsp_field_provider p = sinsp_fields_provider(h);
	struct sinsp_filter *f = NULL;
	int rc;

	if (cond && *cond) {
		rc = sinsp_filter_compile(cond, &p, &f, err, errlen);
		if (rc)
			return rc;
	}
	sinsp_filter_free(h->filter);
	h->filter = f;
	return 0;
}

const char *sinsp_lasterr(const struct sinsp *h)
{
	return h->lasterr;
}

struct scap *sinsp_get_scap(struct sinsp *h)
{
	return h->scap;
}

void sinsp_get_counters(const struct sinsp *h, struct sinsp_counters *c)
{
	uint64_t i, fds = 0;

	*c = h->ctr;
	c->n_threads = h->threads.count;
	for (i = 0; i < h->threads.cap; i++) {
		struct sinsp_thread *t = h->threads.vals[i];

		/* count each table once: through its main thread or a lone thread */
		if (t && t->fdt && (t->tid == t->pid || !tmap_get(&h->threads, t->pid)))
			fds += t->fdt->count;
	}
	c->n_fds = fds;
}

/*
 * A thread first seen in an event (started before the capture and missing from its state):
 * tracked from now on with unknown names, printed "<NA>" as sysdig does.
 */
static struct sinsp_thread *sinsp_thread_placeholder(struct sinsp *h, int64_t tid)
{
	struct sinsp_thread *t = sinsp_thread_new(h, tid);

	if (!t)
		return NULL;
	sinsp_setstr(&t->comm, "<NA>", 4);
	sinsp_setstr(&t->exe, "<NA>", 4);
	sinsp_setstr(&t->exepath, "<NA>", 4);
	sinsp_setstr(&t->cwd, "", 0);
	t->fdt = fdt_new();
	return t;
}

/* Enter events whose exit exists are kept per thread until that exit arrives. */
static int has_exit_slow(uint16_t type)
{
	const struct scap_event_info *en = scap_event_get_info(type), *ex;

	if (!SCAP_EVT_IS_ENTER(type) || !en || !(ex = scap_event_get_info(type + 1)))
		return 0;
	return !strcmp(en->name, ex->name) && !(ex->flags & SCAP_EF_UNUSED);
}

static int has_exit(uint16_t type)
{
	/* 0 unknown, 1 no, 2 yes; computed once per type */
	static _Thread_local uint8_t memo[SCAP_EVT_MAX] __attribute__((tls_model("initial-exec")));

	if (type >= SCAP_EVT_MAX)
		return 0;
	if (!memo[type])
		memo[type] = has_exit_slow(type) ? 2 : 1;
	return memo[type] == 2;
}

static void keep_enter(struct sinsp *h, struct sinsp_evt *e)
{
	struct sinsp_thread *t = e->th;
	uint32_t len = e->hdr->len;

	if (!t) {
		t = e->th = sinsp_thread_new(h, (int64_t)e->hdr->tid);
		if (!t)
			return;
	}
	if (len > t->enter_cap) {
		uint8_t *n = realloc(t->enter, len);

		if (!n)
			return;
		t->enter = n;
		t->enter_cap = len;
	}
	memcpy(t->enter, e->hdr, len);
	t->enter_len = len;
}

static void match_enter(struct sinsp_evt *e)
{
	struct sinsp_thread *t = e->th;
	const struct scap_evt_hdr *en;

	e->enter.info = NULL;
	e->enter.nparams = 0;
	if (!t || !t->enter_len)
		return;
	en = (const struct scap_evt_hdr *)t->enter;
	if (en->type + 1 != e->type) {
		return;
	}
	t->enter_len = 0; /* consumed; the bytes stay valid until the thread's next enter */
	if (sinsp_decode(en, &e->enter))
		e->enter.info = NULL;
}

int sinsp_next(struct sinsp *h, struct sinsp_evt **out)
{
	struct sinsp_evt *e = &h->evt;
	const struct scap_evt_hdr *hdr;
	uint32_t skipped = 0;
	int64_t fd;
	int rc;

	for (;;) {
		/* give the caller control back now and then while the filter rejects everything */
		if (skipped == 4096)
			return -EAGAIN;
		/* what the previous event removed is released only now */
		sinsp_fd_free(e->closed);
		e->closed = NULL;
		if (h->pending_exit) {
			sinsp_thread_remove(h, h->pending_exit);
			h->pending_exit = NULL;
		}
		rc = scap_next(h->scap, &hdr, &e->cpu, &e->flags);
		if (rc) {
			if (rc != -EAGAIN && rc != -SCAP_ERR_EOF)
				snprintf(h->lasterr, sizeof(h->lasterr), "%s",
					 scap_lasterr(h->scap));
			return rc;
		}
		h->ctr.n_events++;
		e->hdr = hdr;
		e->type = hdr->type;
		e->num = h->ctr.n_events;
		e->fd = NULL;
		e->fdnum = -1;
		e->th = tmap_get(&h->threads, (int64_t)hdr->tid);
		if (!e->th)
			e->th = sinsp_thread_placeholder(h, (int64_t)hdr->tid);
		if (sinsp_decode(hdr, &e->d)) {
			snprintf(h->lasterr, sizeof(h->lasterr),
				 "event %" PRIu64 " (type %u) has malformed parameters", e->num,
				 hdr->type);
			return -SCAP_ERR_CORRUPT;
		}
		if (has_exit(e->type)) {
			e->enter.info = NULL;
			e->enter.nparams = 0;
			keep_enter(h, e);
		} else {
			match_enter(e);
		}
		if ((e->d.info->flags & (SCAP_EF_USES_FD | SCAP_EF_DESTROYS_FD)) &&
		    !evt_get_fd(e, &fd)) {
			e->fdnum = fd;
			e->fd = e->th ? fdt_get(e->th->fdt, fd) : NULL;
		}
		if (SCAP_EVT_IS_EXIT(e->type) || e->type == SCAP_EVT_PROCEXIT_E ||
		    e->type == SCAP_EVT_PROCEXIT_1_E)
			sinsp_parse(h, e);
		if (!h->filter || sinsp_filter_eval(h->filter, e)) {
			h->ctr.n_matched++;
			*out = e;
			return 0;
		}
		skipped++;
	}
}
