// SPDX-License-Identifier: Apache-2.0
/* Event decoding and building: header and length-array checks, typed parameter readers. */
#include <errno.h>
#include <stdarg.h>
#include <string.h>

#include <scap/scap_event.h>

const struct scap_event_info *scap_event_get_info(uint16_t type)
{
	return type < SCAP_EVT_MAX ? &scap_event_table[type] : NULL;
}

int scap_event_type_by_name(const char *name)
{
	for (int t = 1; t < SCAP_EVT_MAX; t += 2)
		if (!strcmp(scap_event_table[t].name, name) &&
		    !(scap_event_table[t].flags & SCAP_EF_OLD_VERSION))
			return t;
	for (int t = 0; t < SCAP_EVT_MAX; t++)
		if (!strcmp(scap_event_table[t].name, name))
			return t;
	return -ENOENT;
}

int scap_sc_by_name(const char *name)
{
	for (int sc = 0; sc < SCAP_SC_MAX; sc++)
		if (scap_sc_names[sc] && !strcmp(scap_sc_names[sc], name))
			return sc;
	return -ENOENT;
}

static inline int large_payload(uint16_t type)
{
	return type < SCAP_EVT_MAX && (scap_event_table[type].flags & SCAP_EF_LARGE_PAYLOAD);
}

static inline uint32_t read_len(const unsigned char *p, int wide)
{
	if (wide) {
		uint32_t v;

		memcpy(&v, p, 4);
		return v;
	}
	uint16_t v;

	memcpy(&v, p, 2);
	return v;
}

int scap_event_check(const struct scap_evt_hdr *evt, size_t avail)
{
	struct scap_evt_hdr h;
	uint64_t need;

	if (avail < SCAP_EVT_HDR_SIZE)
		return -SCAP_ERR_CORRUPT;
	memcpy(&h, evt, sizeof(h));
	if (h.len < SCAP_EVT_HDR_SIZE || h.len > avail || h.nparams > SCAP_MAX_EVENT_PARAMS)
		return -SCAP_ERR_CORRUPT;

	int wide = large_payload(h.type);
	const unsigned char *lens = (const unsigned char *)evt + SCAP_EVT_HDR_SIZE;

	need = SCAP_EVT_HDR_SIZE + (uint64_t)h.nparams * (wide ? 4 : 2);
	if (need > h.len)
		return -SCAP_ERR_CORRUPT;
	for (uint32_t i = 0; i < h.nparams; i++)
		need += read_len(lens + i * (wide ? 4 : 2), wide);
	return need == h.len ? 0 : -SCAP_ERR_CORRUPT;
}

int scap_event_params(const struct scap_evt_hdr *evt, struct scap_param *params, uint32_t max)
{
	struct scap_evt_hdr h;

	memcpy(&h, evt, sizeof(h));
	if (h.nparams > SCAP_MAX_EVENT_PARAMS || h.len < SCAP_EVT_HDR_SIZE)
		return -SCAP_ERR_CORRUPT;

	int wide = large_payload(h.type);
	uint32_t lsize = wide ? 4 : 2;
	const unsigned char *base = (const unsigned char *)evt;
	uint64_t off = SCAP_EVT_HDR_SIZE + (uint64_t)h.nparams * lsize;

	if (off > h.len)
		return -SCAP_ERR_CORRUPT;
	for (uint32_t i = 0; i < h.nparams; i++) {
		uint32_t l = read_len(base + SCAP_EVT_HDR_SIZE + i * lsize, wide);

		if (off + l > h.len)
			return -SCAP_ERR_CORRUPT;
		if (i < max) {
			params[i].data = base + off;
			params[i].len = l;
		}
		off += l;
	}
	return (int)h.nparams;
}

uint32_t scap_param_type_size(uint8_t type)
{
	return scap_pt_fixed_size(type);
}

static int read_int(const struct scap_param *p, uint8_t type, int64_t *s, uint64_t *u)
{
	const unsigned char *d = p->data;
	int sign = scap_pt_is_signed(type);

	switch (p->len) {
	case 0:
		return -ENODATA;
	case 1: {
		uint8_t v = d[0];

		*u = v;
		*s = sign ? (int8_t)v : (int64_t)v;
		return 0;
	}
	case 2: {
		uint16_t v;

		memcpy(&v, d, 2);
		*u = v;
		*s = sign ? (int16_t)v : (int64_t)v;
		return 0;
	}
	case 4: {
		uint32_t v;

		memcpy(&v, d, 4);
		*u = v;
		*s = sign ? (int32_t)v : (int64_t)v;
		return 0;
	}
	case 8: {
		uint64_t v;

		memcpy(&v, d, 8);
		*u = v;
		*s = (int64_t)v;
		return 0;
	}
	default:
		return -EINVAL;
	}
}

int scap_param_s64(const struct scap_param *p, uint8_t type, int64_t *out)
{
	uint64_t u;

	return read_int(p, type, out, &u);
}

int scap_param_u64(const struct scap_param *p, uint8_t type, uint64_t *out)
{
	int64_t s;
	int rc = read_int(p, type, &s, out);

	if (!rc && scap_pt_is_signed(type))
		*out = (uint64_t)s;
	return rc;
}

/* Copy a unix path (not necessarily NUL-terminated inside the event) into out->path. */
static void copy_path(struct scap_sockaddr *out, const unsigned char *p, size_t n)
{
	size_t l = strnlen((const char *)p, n);

	if (l >= sizeof(out->path))
		l = sizeof(out->path) - 1;
	memcpy(out->path, p, l);
	out->path[l] = '\0';
}

int scap_param_sockaddr(const struct scap_param *p, struct scap_sockaddr *out)
{
	const unsigned char *d = p->data;

	memset(out, 0, sizeof(*out));
	if (p->len < 1)
		return -SCAP_ERR_CORRUPT;
	out->family = d[0];
	switch (d[0]) {
	case SCAP_AF_INET:
		if (p->len < 7)
			return -SCAP_ERR_CORRUPT;
		memcpy(out->sip, d + 1, 4);
		memcpy(&out->sport, d + 5, 2);
		return 0;
	case SCAP_AF_INET6:
		if (p->len < 19)
			return -SCAP_ERR_CORRUPT;
		memcpy(out->sip, d + 1, 16);
		memcpy(&out->sport, d + 17, 2);
		return 0;
	case SCAP_AF_UNIX:
		copy_path(out, d + 1, p->len - 1);
		return 0;
	default:
		return 0; /* other families carry nothing we decode */
	}
}

int scap_param_socktuple(const struct scap_param *p, struct scap_sockaddr *out)
{
	const unsigned char *d = p->data;

	memset(out, 0, sizeof(*out));
	if (p->len < 1)
		return -SCAP_ERR_CORRUPT;
	out->family = d[0];
	switch (d[0]) {
	case SCAP_AF_INET:
		if (p->len < 13)
			return -SCAP_ERR_CORRUPT;
		memcpy(out->sip, d + 1, 4);
		memcpy(&out->sport, d + 5, 2);
		memcpy(out->dip, d + 7, 4);
		memcpy(&out->dport, d + 11, 2);
		return 0;
	case SCAP_AF_INET6:
		if (p->len < 37)
			return -SCAP_ERR_CORRUPT;
		memcpy(out->sip, d + 1, 16);
		memcpy(&out->sport, d + 17, 2);
		memcpy(out->dip, d + 19, 16);
		memcpy(&out->dport, d + 35, 2);
		return 0;
	case SCAP_AF_UNIX:
		if (p->len < 17)
			return -SCAP_ERR_CORRUPT;
		memcpy(&out->src_id, d + 1, 8);
		memcpy(&out->dst_id, d + 9, 8);
		copy_path(out, d + 17, p->len - 17);
		return 0;
	default:
		return 0;
	}
}

int scap_param_fdlist(const struct scap_param *p, uint32_t i, int64_t *fd, uint16_t *flags)
{
	const unsigned char *d = p->data;
	uint16_t n;

	if (p->len < 2)
		return -SCAP_ERR_CORRUPT;
	memcpy(&n, d, 2);
	if (p->len < 2 + (uint32_t)n * 10)
		return -SCAP_ERR_CORRUPT;
	if (i < n) {
		if (fd)
			memcpy(fd, d + 2 + i * 10, 8);
		if (flags)
			memcpy(flags, d + 2 + i * 10 + 8, 2);
	}
	return n;
}

const char *scap_param_next_string(const struct scap_param *p, const char *prev)
{
	const char *start = p->data;
	const char *end = start + p->len;
	const char *s;

	if (!p->len)
		return NULL;
	if (!prev) {
		s = start;
	} else {
		size_t rest = (size_t)(end - prev);

		s = prev + strnlen(prev, rest) + 1;
	}
	if (s >= end)
		return NULL;
	/* A last string without its NUL is not returned: callers rely on termination. */
	if (!memchr(s, '\0', (size_t)(end - s)))
		return NULL;
	return s;
}

int scap_param_dyn(const struct scap_param_info *info, const struct scap_param *p,
		   const struct scap_param_info **variant, struct scap_param *value)
{
	const unsigned char *d = p->data;

	if (!info->dyn || p->len < 1 || d[0] >= info->ndyn)
		return -SCAP_ERR_CORRUPT;
	*variant = &info->dyn[d[0]];
	value->data = d + 1;
	value->len = p->len - 1;
	return 0;
}

/* Write the event; lengths are checked against the width of the length field. */
long scap_event_build(void *buf, size_t buflen, uint64_t ts, uint64_t tid, uint16_t type,
		      uint32_t nparams, const struct scap_param *params)
{
	unsigned char *out = buf;
	int wide;
	uint32_t lsize;
	uint64_t total;
	struct scap_evt_hdr h;

	if (type >= SCAP_EVT_MAX || nparams > SCAP_MAX_EVENT_PARAMS)
		return -EINVAL;
	wide = large_payload(type);
	lsize = wide ? 4 : 2;
	total = SCAP_EVT_HDR_SIZE + (uint64_t)nparams * lsize;
	for (uint32_t i = 0; i < nparams; i++) {
		if (!wide && params[i].len > UINT16_MAX)
			return -E2BIG;
		total += params[i].len;
	}
	if (total > UINT32_MAX)
		return -E2BIG;
	if (total > buflen)
		return -ENOSPC;

	h.ts = ts;
	h.tid = tid;
	h.len = (uint32_t)total;
	h.type = type;
	h.nparams = nparams;
	memcpy(out, &h, SCAP_EVT_HDR_SIZE);

	unsigned char *lens = out + SCAP_EVT_HDR_SIZE;
	unsigned char *data = lens + nparams * lsize;

	for (uint32_t i = 0; i < nparams; i++) {
		if (wide) {
			memcpy(lens + i * 4, &params[i].len, 4);
		} else {
			uint16_t l = (uint16_t)params[i].len;

			memcpy(lens + i * 2, &l, 2);
		}
		if (params[i].len)
			memcpy(data, params[i].data, params[i].len);
		data += params[i].len;
	}
	return (long)total;
}

long scap_event_buildf(void *buf, size_t buflen, uint64_t ts, uint64_t tid, unsigned int type, ...)
{
	const struct scap_event_info *info =
		type < SCAP_EVT_MAX ? scap_event_get_info((uint16_t)type) : NULL;
	struct scap_param params[SCAP_MAX_EVENT_PARAMS];
	uint64_t ints[SCAP_MAX_EVENT_PARAMS];
	va_list ap;

	if (!info)
		return -EINVAL;
	va_start(ap, type);
	for (uint32_t i = 0; i < info->nparams; i++) {
		uint8_t t = info->params[i].type;
		uint32_t size = scap_param_type_size(t);

		if (t == SCAP_PT_CHARBUF || t == SCAP_PT_FSPATH || t == SCAP_PT_FSRELPATH) {
			const char *s = va_arg(ap, const char *);

			params[i].data = s;
			params[i].len = s ? (uint32_t)strlen(s) + 1 : 0;
		} else if (size && size <= 8 && t != SCAP_PT_DOUBLE && t != SCAP_PT_IPV6ADDR) {
			uint64_t v = va_arg(ap, uint64_t);

			/* Little-endian hosts: the low bytes of v are the narrower value. */
			ints[i] = v;
			params[i].data = &ints[i];
			params[i].len = size;
		} else {
			const struct scap_param *raw = va_arg(ap, const struct scap_param *);

			params[i].data = raw ? raw->data : NULL;
			params[i].len = raw ? raw->len : 0;
		}
	}
	va_end(ap);
	return scap_event_build(buf, buflen, ts, tid, (uint16_t)type, info->nparams, params);
}
