// SPDX-License-Identifier: Apache-2.0
/* The handle: engine lookup, option checking, and routing of public calls to the engine. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <scap/scap.h>
#include <scap/scap_state.h>

#include "engine.h"
#include "log.h"

#define SCAP_ENGINE(n) extern const struct scap_engine_ops scap_engine_##n;
#include "engine_list.def"
#undef SCAP_ENGINE

static const struct scap_engine_ops *const engines[] = {
#define SCAP_ENGINE(n) &scap_engine_##n,
#include "engine_list.def"
#undef SCAP_ENGINE
	NULL
};

/* Live engines tried, in order, by "auto". */
static const char *const auto_order[] = { "bpf", "kmod" };

#define SCAP_BATCH_MAX 64

struct scap {
	const struct scap_engine_ops *ops;
	void *priv;
	/* events the engine's next_batch() returned that scap_next() has not handed out yet */
	unsigned batch_next, batch_count;
	const struct scap_evt_hdr *batch_evt[SCAP_BATCH_MAX];
	uint16_t batch_cpu[SCAP_BATCH_MAX];
	struct scap_open_opts opts;
	struct scap_state *state;
	bool own_state;
	char lasterr[512];
};

void *scap_engine_priv(struct scap *h)
{
	return h->priv;
}

const struct scap_open_opts *scap_opts(const struct scap *h)
{
	return &h->opts;
}

int scap_seterr(struct scap *h, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(h->lasterr, sizeof(h->lasterr), fmt, ap);
	va_end(ap);
	return 0;
}

void scap_set_state(struct scap *h, struct scap_state *st, bool own)
{
	if (h->state && h->own_state)
		scap_state_free(h->state);
	h->state = st;
	h->own_state = own;
}

int scap_engine_scan_state(struct scap *h, const char *who)
{
	SCAP_OPTS(scap_scan_opts, so, .host_root = h->opts.host_root);
	struct scap_state *st = NULL;
	char err[512] = "";
	int rc;

	if (h->opts.no_proc_scan)
		return 0;
	rc = scap_state_scan_proc(&so, &st, err, sizeof(err));
	if (rc) {
		scap_seterr(h, "%s: initial /proc scan failed: %s", who, err);
		return rc;
	}
	scap_set_state(h, st, true);
	return 0;
}

const char *scap_version(void)
{
	return SYSCAP_VERSION;
}

const char *scap_strerror(int err)
{
	if (err < 0)
		err = -err;
	switch (err) {
	case 0:
		return "success";
	case SCAP_ERR_EOF:
		return "end of capture";
	case SCAP_ERR_CORRUPT:
		return "malformed data";
	case SCAP_ERR_VERSION:
		return "driver version not supported";
	case SCAP_ERR_NO_ENGINE:
		return "no such engine in this build";
	case SCAP_ERR_UNSUPPORTED:
		return "not supported by this kernel or engine";
	default:
		return strerror(err);
	}
}

static const struct scap_engine_ops *find_engine(const char *name)
{
	for (size_t i = 0; engines[i]; i++)
		if (!strcmp(engines[i]->name, name))
			return engines[i];
	return NULL;
}

/* Copy the caller's options: a larger struct than ours is fine only if the extra bytes are 0. */
static int copy_opts(struct scap_open_opts *dst, const struct scap_open_opts *src)
{
	memset(dst, 0, sizeof(*dst));
	if (!src)
		return 0;
	if (src->sz < sizeof(size_t))
		return -EINVAL;
	if (src->sz > sizeof(*dst)) {
		const unsigned char *extra = (const unsigned char *)src + sizeof(*dst);

		for (size_t i = 0; i < src->sz - sizeof(*dst); i++)
			if (extra[i])
				return -E2BIG;
	}
	memcpy(dst, src, src->sz < sizeof(*dst) ? src->sz : sizeof(*dst));
	dst->sz = sizeof(*dst);
	return 0;
}

static void fail(char *err, size_t errlen, const char *msg)
{
	if (err && errlen)
		snprintf(err, errlen, "%s", msg);
}

static struct scap *open_one(const struct scap_engine_ops *ops, const struct scap_open_opts *opts,
			     int *rc)
{
	struct scap *h = calloc(1, sizeof(*h));

	if (!h) {
		*rc = -ENOMEM;
		return NULL;
	}
	h->ops = ops;
	h->opts = *opts;
	if (ops->priv_size) {
		h->priv = calloc(1, ops->priv_size);
		if (!h->priv) {
			free(h);
			*rc = -ENOMEM;
			return NULL;
		}
	}
	*rc = ops->open(h, &h->opts);
	if (*rc && !h->lasterr[0])
		scap_seterr(h, "%s engine: %s", ops->name, scap_strerror(*rc));
	return h;
}

struct scap *scap_open(const char *engine, const struct scap_open_opts *opts, char *err,
		       size_t errlen)
{
	struct scap_open_opts o;
	struct scap *h = NULL;
	char msg[1024] = "";
	int rc;

	rc = copy_opts(&o, opts);
	if (rc) {
		fail(err, errlen, "scap_open: options struct has an unknown size or fields");
		errno = -rc;
		return NULL;
	}
	if (!engine || !strcmp(engine, "auto")) {
		/* The first live engine that opens wins; report why each one before it failed. */
		for (size_t i = 0; i < sizeof(auto_order) / sizeof(auto_order[0]); i++) {
			const struct scap_engine_ops *ops = find_engine(auto_order[i]);
			size_t used = strlen(msg);

			if (!ops) {
				snprintf(msg + used, sizeof(msg) - used, "%s%s: not built in",
					 used ? "; " : "", auto_order[i]);
				rc = -SCAP_ERR_NO_ENGINE;
				continue;
			}
			h = open_one(ops, &o, &rc);
			if (!h)
				break;
			if (!rc)
				return h;
			snprintf(msg + used, sizeof(msg) - used, "%s%s", used ? "; " : "",
				 h->lasterr);
			scap_close(h);
			h = NULL;
		}
		fail(err, errlen, msg[0] ? msg : "no live engine available");
		errno = rc ? -rc : ENODEV;
		return NULL;
	}

	const struct scap_engine_ops *ops = find_engine(engine);

	if (!ops) {
		snprintf(msg, sizeof(msg), "unknown engine '%s'", engine);
		fail(err, errlen, msg);
		errno = SCAP_ERR_NO_ENGINE;
		return NULL;
	}
	h = open_one(ops, &o, &rc);
	if (!h) {
		fail(err, errlen, "out of memory");
		errno = -rc;
		return NULL;
	}
	if (rc) {
		fail(err, errlen, h->lasterr);
		scap_close(h);
		errno = -rc;
		return NULL;
	}
	return h;
}

void scap_close(struct scap *h)
{
	if (!h)
		return;
	if (h->ops->close)
		h->ops->close(h);
	scap_set_state(h, NULL, false);
	free(h->priv);
	free(h);
}

int scap_next(struct scap *h, const struct scap_evt_hdr **evt, uint16_t *cpu, uint32_t *flags)
{
	uint16_t c = 0;
	uint32_t f = 0;
	int rc;

	if (h->ops->next_batch) {
		if (h->batch_next == h->batch_count) {
			h->batch_next = h->batch_count = 0;
			rc = h->ops->next_batch(h, h->batch_evt, h->batch_cpu, SCAP_BATCH_MAX);
			if (rc <= 0)
				return rc ? rc : -EAGAIN;
			h->batch_count = (unsigned)rc;
		}
		*evt = h->batch_evt[h->batch_next];
		c = h->batch_cpu[h->batch_next++];
		rc = 0;
	} else {
		rc = h->ops->next(h, evt, &c, &f);
	}
	if (cpu)
		*cpu = c;
	if (flags)
		*flags = f;
	return rc;
}

int scap_next_batch(struct scap *h, const struct scap_evt_hdr **evt, uint16_t *cpu, uint32_t *flags,
		    unsigned max)
{
	unsigned n = 0;
	int rc;

	if (!max)
		return -EINVAL;
	/* what scap_next() took from the engine and has not handed out comes first */
	if (h->batch_next < h->batch_count) {
		for (; n < max && h->batch_next < h->batch_count; n++, h->batch_next++) {
			evt[n] = h->batch_evt[h->batch_next];
			if (cpu)
				cpu[n] = h->batch_cpu[h->batch_next];
		}
	} else if (h->ops->next_batch) {
		/* the handle's own batch is empty: its CPU array can take the CPUs */
		if (!cpu && max > SCAP_BATCH_MAX)
			max = SCAP_BATCH_MAX;
		h->batch_next = h->batch_count = 0;
		rc = h->ops->next_batch(h, evt, cpu ? cpu : h->batch_cpu, max);
		if (rc <= 0)
			return rc ? rc : -EAGAIN;
		n = (unsigned)rc;
	} else {
		uint16_t c = 0;
		uint32_t f = 0;

		rc = h->ops->next(h, evt, &c, &f);
		if (rc)
			return rc;
		if (cpu)
			cpu[0] = c;
		if (flags)
			flags[0] = f;
		return 1;
	}
	if (flags)
		memset(flags, 0, n * sizeof(*flags));
	return (int)n;
}

const char *scap_lasterr(const struct scap *h)
{
	return h ? h->lasterr : "";
}

const char *scap_engine_name(const struct scap *h)
{
	return h->ops->name;
}

const struct scap_state *scap_get_state(struct scap *h)
{
	return h->state;
}

int scap_start_capture(struct scap *h)
{
	return h->ops->start ? h->ops->start(h) : -ENOTSUP;
}

int scap_stop_capture(struct scap *h)
{
	return h->ops->stop ? h->ops->stop(h) : -ENOTSUP;
}

int scap_configure(struct scap *h, enum scap_setting setting, uint64_t arg1, uint64_t arg2)
{
	if (setting == SCAP_SET_SNAPLEN && arg1 > SCAP_MAX_SNAPLEN)
		return -EINVAL;
	if (setting == SCAP_SET_SC && arg1 >= SCAP_SC_MAX)
		return -EINVAL;
	return h->ops->configure ? h->ops->configure(h, setting, arg1, arg2) : -ENOTSUP;
}

int scap_get_stats(struct scap *h, struct scap_stats *st)
{
	memset(st, 0, sizeof(*st));
	return h->ops->get_stats ? h->ops->get_stats(h, st) : -ENOTSUP;
}

int scap_get_driver_versions(struct scap *h, uint64_t *api, uint64_t *schema)
{
	return h->ops->get_versions ? h->ops->get_versions(h, api, schema) : -ENOTSUP;
}

int scap_check_driver_versions(uint64_t api, uint64_t schema, char *msg, size_t msglen)
{
	static const struct {
		const char *what;
		uint64_t want;
	} req[] = { { "API", SCAP_API_VERSION }, { "schema", SCAP_SCHEMA_VERSION } };
	const uint64_t have[] = { api, schema };

	for (int i = 0; i < 2; i++) {
		if (SCAP_VERSION_COMPATIBLE(have[i], req[i].want))
			continue;
		if (msg && msglen)
			snprintf(
				msg, msglen,
				"driver %s version %llu.%llu.%llu is not compatible with the %llu.%llu.%llu "
				"this libscap requires (same major, equal or newer minor.patch)",
				req[i].what, SCAP_VERSION_MAJOR(have[i]),
				SCAP_VERSION_MINOR(have[i]), SCAP_VERSION_PATCH(have[i]),
				SCAP_VERSION_MAJOR(req[i].want), SCAP_VERSION_MINOR(req[i].want),
				SCAP_VERSION_PATCH(req[i].want));
		return -SCAP_ERR_VERSION;
	}
	return 0;
}
