/* SPDX-License-Identifier: Apache-2.0 */
/* Parameter access on raw events, with the enter event of old enter/exit captures merged in:
 * a parameter missing from an exit event is looked up by name in its enter event, which is
 * how old layouts (close_x without fd, openat_x with only fd, ...) read like current ones. */
#include <errno.h>
#include <string.h>

#include <scap/scap_event.h>

#include "sinsp_int.h"

int sinsp_decode(const struct scap_evt_hdr *hdr, struct decoded *d)
{
	const uint8_t *p = (const uint8_t *)hdr, *end;
	uint32_t i, n, lsz, off;

	/* only info and nparams need resetting: val/len are valid below nparams */
	d->info = NULL;
	d->nparams = 0;
	if (hdr->type >= SCAP_EVT_MAX || hdr->len < SCAP_EVT_HDR_SIZE)
		return -EINVAL;
	d->info = scap_event_get_info(hdr->type);
	if (!d->info)
		return -EINVAL;
	d->type = hdr->type;
	n = hdr->nparams;
	if (n > SCAP_MAX_EVENT_PARAMS)
		return -EINVAL;
	lsz = (d->info->flags & SCAP_EF_LARGE_PAYLOAD) ? 4 : 2;
	end = p + hdr->len;
	off = SCAP_EVT_HDR_SIZE + n * lsz;
	if (off > hdr->len)
		return -EINVAL;
	for (i = 0; i < n; i++) {
		uint32_t l;

		if (lsz == 2) {
			uint16_t v;

			memcpy(&v, p + SCAP_EVT_HDR_SIZE + i * 2, 2);
			l = v;
		} else {
			memcpy(&l, p + SCAP_EVT_HDR_SIZE + i * 4, 4);
		}
		if (p + off + l > end || off + l < off)
			return -EINVAL;
		d->val[i] = p + off;
		d->len[i] = l;
		off += l;
	}
	d->nparams = n;
	return 0;
}

/*
 * Parameter names are looked up with string literals, so (schema entry, name pointer) is a
 * stable key: a small direct-mapped cache turns the name compare into one probe.
 */
#define IDX_CACHE 512 /* a few dozen (entry, name) pairs are in use */

struct idx_slot {
	const struct scap_event_info *info;
	const char *name;
	int idx; /* index in the schema entry, -1 when the entry has no such parameter */
};

static _Thread_local struct idx_slot idx_cache[IDX_CACHE]
	__attribute__((tls_model("initial-exec")));

static int schema_idx(const struct scap_event_info *info, const char *name)
{
	uintptr_t k = ((uintptr_t)info >> 4) * 31 + ((uintptr_t)name >> 3);
	struct idx_slot *c = &idx_cache[(k ^ (k >> 12)) & (IDX_CACHE - 1)];
	uint32_t i;

	if (c->info == info && c->name == name)
		return c->idx;
	c->info = info;
	c->name = name;
	c->idx = -1;
	for (i = 0; i < info->nparams; i++) {
		if (!strcmp(info->params[i].name, name)) {
			c->idx = (int)i;
			break;
		}
	}
	return c->idx;
}

int sinsp_param_idx(const struct decoded *d, const char *name)
{
	int i;

	if (!d->info)
		return -1;
	i = schema_idx(d->info, name);
	/* old layouts carry fewer parameters than the schema entry lists */
	return i >= 0 && (uint32_t)i < d->nparams ? i : -1;
}

int evt_get(const struct sinsp_evt *e, const char *name, const uint8_t **v, uint32_t *len)
{
	int i = sinsp_param_idx(&e->d, name);

	if (i >= 0) {
		*v = e->d.val[i];
		*len = e->d.len[i];
		return 0;
	}
	i = sinsp_param_idx(&e->enter, name);
	if (i >= 0) {
		*v = e->enter.val[i];
		*len = e->enter.len[i];
		return 0;
	}
	return -ENOENT;
}

int64_t raw_int(const uint8_t *v, uint32_t len, int is_signed)
{
	switch (len) {
	case 1:
		return is_signed ? (int64_t)(int8_t)v[0] : v[0];
	case 2: {
		uint16_t x;

		memcpy(&x, v, 2);
		return is_signed ? (int64_t)(int16_t)x : x;
	}
	case 4: {
		uint32_t x;

		memcpy(&x, v, 4);
		return is_signed ? (int64_t)(int32_t)x : x;
	}
	case 8: {
		int64_t x;

		memcpy(&x, v, 8);
		return x;
	}
	default:
		return 0;
	}
}

static int int_at(const struct decoded *d, int i, int64_t *out)
{
	if (!d->len[i] || d->len[i] > 8)
		return -ENOENT;
	*out = raw_int(d->val[i], d->len[i], scap_pt_is_signed(d->info->params[i].type));
	return 0;
}

int evt_get_int(const struct sinsp_evt *e, const char *name, int64_t *out)
{
	const struct decoded *d = &e->d;
	int i = sinsp_param_idx(d, name);

	if (i < 0) {
		d = &e->enter;
		i = sinsp_param_idx(d, name);
		if (i < 0)
			return -ENOENT;
	}
	return int_at(d, i, out);
}

/*
 * "fd" and "res" are read for almost every event: their schema index is kept per event type
 * (0 not looked up yet, -1 absent, else index + 1) so the common case is one table read.
 */
enum {
	MEMO_FD,
	MEMO_RES,
	MEMO_N
};

static _Thread_local int8_t memo_idx[MEMO_N][SCAP_EVT_MAX]
	__attribute__((tls_model("initial-exec")));

static int get_memo(const struct sinsp_evt *e, int which, const char *name, int64_t *out)
{
	const struct decoded *d = &e->d;
	int8_t *m;
	int i;

	if (!d->info || d->type >= SCAP_EVT_MAX)
		return evt_get_int(e, name, out);
	m = &memo_idx[which][d->type];
	if (!*m) {
		i = schema_idx(d->info, name);
		*m = (int8_t)(i < 0 ? -1 : i + 1);
	}
	i = *m - 1;
	if (i >= 0 && (uint32_t)i < d->nparams)
		return int_at(d, i, out);
	/* absent from this layout: an old capture's enter event may carry it */
	return e->enter.info ? evt_get_int(e, name, out) : -ENOENT;
}

int evt_get_fd(const struct sinsp_evt *e, int64_t *out)
{
	return get_memo(e, MEMO_FD, "fd", out);
}

int evt_get_res(const struct sinsp_evt *e, int64_t *out)
{
	return get_memo(e, MEMO_RES, "res", out);
}

const char *evt_get_str(const struct sinsp_evt *e, const char *name)
{
	const uint8_t *v;
	uint32_t len;

	if (evt_get(e, name, &v, &len) || !len || memchr(v, 0, len) == NULL)
		return NULL;
	return (const char *)v;
}

int sinsp_evt_param(const struct sinsp_evt *e, const char *name, const uint8_t **val, uint32_t *len)
{
	return evt_get(e, name, val, len);
}

uint64_t sinsp_evt_num(const struct sinsp_evt *e)
{
	return e->num;
}

const struct scap_evt_hdr *sinsp_evt_raw(const struct sinsp_evt *e)
{
	return e->hdr;
}

uint16_t sinsp_evt_cpu(const struct sinsp_evt *e)
{
	return e->cpu;
}

uint32_t sinsp_evt_flags(const struct sinsp_evt *e)
{
	return e->flags;
}

const struct sinsp_thread *sinsp_evt_thread(const struct sinsp_evt *e)
{
	return e->th;
}

const struct sinsp_fd *sinsp_evt_fd(const struct sinsp_evt *e)
{
	return e->fd;
}
