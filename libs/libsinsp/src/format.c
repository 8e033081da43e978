/* SPDX-License-Identifier: Apache-2.0 */
/* Format strings compiled once into literal and field pieces; text and JSON rendering. */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <scap/scap_event.h>
#include <sinsp/fields.h>
#include <sinsp/format.h>

#include "sinsp_int.h"

struct piece {
	char *lit; /* literal text, or NULL for a field */
	char *name; /* field spelling as written ("proc.aname[1]") */
	char *namebuf; /* field name, kept alive for ref.arg */
	char *argbuf;
	struct sinsp_field_ref ref;
};

struct sinsp_formatter {
	struct sinsp *h;
	struct sinsp_field_provider p;
	unsigned flags;
	int always;
	size_t n;
	struct piece *pieces;
	char tmp[8192];
};

void sinsp_formatter_free(struct sinsp_formatter *f)
{
	size_t i;

	if (!f)
		return;
	for (i = 0; i < f->n; i++) {
		free(f->pieces[i].lit);
		free(f->pieces[i].name);
		free(f->pieces[i].namebuf);
		free(f->pieces[i].argbuf);
	}
	free(f->pieces);
	free(f);
}

static struct piece *add_piece(struct sinsp_formatter *f)
{
	struct piece *n = realloc(f->pieces, (f->n + 1) * sizeof(*n));

	if (!n)
		return NULL;
	f->pieces = n;
	memset(&n[f->n], 0, sizeof(*n));
	return &n[f->n++];
}

struct sinsp_formatter *sinsp_formatter_new(struct sinsp *h, const char *fmt, unsigned flags,
					    char *err, size_t errlen)
{
	struct sinsp_formatter *f = calloc(1, sizeof(*f));
	const char *s;
	char name[256], arg[256];

	if (err && errlen)
		err[0] = 0;
	if (!f) {
		errno = ENOMEM;
		return NULL;
	}
	f->h = h;
	f->p = sinsp_fields_provider(h);
	f->flags = flags;
	if (!fmt)
		fmt = SINSP_DEFAULT_FORMAT;
	if (*fmt == '*') {
		f->always = 1;
		fmt++;
	}
	for (s = fmt; *s;) {
		struct piece *pc;
		int n, rc;

		if (s[0] != '%' || s[1] == '%') {
			const char *e = s + (s[0] == '%' ? 2 : 0);
			size_t l;

			while (*e && *e != '%')
				e++;
			pc = add_piece(f);
			if (!pc)
				goto nomem;
			l = (size_t)(e - s);
			pc->lit = malloc(l + 1);
			if (!pc->lit)
				goto nomem;
			if (s[0] == '%') {
				/* "%%" then the text after it */
				pc->lit[0] = '%';
				memcpy(pc->lit + 1, s + 2, l - 2);
				pc->lit[l - 1] = 0;
			} else {
				memcpy(pc->lit, s, l);
				pc->lit[l] = 0;
			}
			s = e;
			continue;
		}
		n = sinsp_field_split(s + 1, name, sizeof(name), arg, sizeof(arg));
		if (n <= 0) {
			snprintf(err ? err : name, err ? errlen : sizeof(name),
				 "at position %zu: expected a field name after '%%'",
				 (size_t)(s - fmt) + 1 + (f->always ? 1 : 0));
			goto inval;
		}
		pc = add_piece(f);
		if (!pc)
			goto nomem;
		pc->name = strndup(s + 1, (size_t)n);
		pc->namebuf = strdup(name);
		pc->argbuf = arg[0] ? strdup(arg) : NULL;
		if (!pc->name || !pc->namebuf || (arg[0] && !pc->argbuf))
			goto nomem;
		pc->ref.arg = pc->argbuf;
		rc = f->p.lookup(f->p.ud, pc->namebuf, pc->argbuf, &pc->ref);
		if (rc < 0) {
			snprintf(err ? err : name, err ? errlen : sizeof(name),
				 "at position %zu: %s field '%s'",
				 (size_t)(s - fmt) + 1 + (f->always ? 1 : 0),
				 rc == -ENOENT ? "unknown" : "bad argument for", pc->name);
			goto inval;
		}
		s += 1 + n;
	}
	return f;
nomem:
	if (err && errlen)
		snprintf(err, errlen, "out of memory");
	sinsp_formatter_free(f);
	errno = ENOMEM;
	return NULL;
inval:
	sinsp_formatter_free(f);
	errno = EINVAL;
	return NULL;
}

struct out {
	char *buf;
	size_t len, o;
};

static void put(struct out *o, const char *s, size_t n)
{
	size_t room = o->len - 1 - o->o;

	if (o->o + 1 >= o->len)
		return;
	if (n > room)
		n = room;
	memcpy(o->buf + o->o, s, n);
	o->o += n;
	o->buf[o->o] = 0;
}

static void puts_(struct out *o, const char *s)
{
	put(o, s, strlen(s));
}

static void put_json_str(struct out *o, const char *s, size_t n)
{
	size_t i;
	char esc[8];

	put(o, "\"", 1);
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '"' || c == '\\') {
			esc[0] = '\\';
			esc[1] = (char)c;
			put(o, esc, 2);
		} else if (c < 0x20 || c >= 0x7f) {
			/* bytes outside printable ASCII: escaped so every line is valid JSON */
			snprintf(esc, sizeof(esc), "\\u%04x", c);
			put(o, esc, 6);
		} else {
			put(o, (const char *)&c, 1);
		}
	}
	put(o, "\"", 1);
}

static void json_params(struct sinsp_formatter *f, const struct sinsp_evt *e, struct out *o)
{
	uint32_t i;
	char key[64];

	puts_(o, ",\"evt.params\":{");
	for (i = 0; i < e->d.nparams && i < e->d.info->nparams; i++) {
		snprintf(key, sizeof(key), "%s", e->d.info->params[i].name);
		if (i)
			puts_(o, ",");
		put_json_str(o, key, strlen(key));
		puts_(o, ":");
		/* as in evt.args: the value with its resolved part ("-115(EINPROGRESS)") */
		sinsp_evt_param_text(f->h, e, (int)i, f->tmp, sizeof(f->tmp));
		put_json_str(o, f->tmp, strlen(f->tmp));
	}
	puts_(o, "}");
}

int sinsp_format(struct sinsp_formatter *f, const struct sinsp_evt *e, char *buf, size_t len)
{
	struct out o = { buf, len, 0 };
	int json = f->flags & SINSP_FMT_JSON, first = 1;
	size_t i;

	if (!len)
		return 0;
	buf[0] = 0;
	if (json)
		puts_(&o, "{");
	for (i = 0; i < f->n; i++) {
		const struct piece *pc = &f->pieces[i];
		struct sinsp_value v[SINSP_FIELD_MAX_VALUES];
		int n;

		if (pc->lit) {
			if (!json)
				puts_(&o, pc->lit);
			continue;
		}
		if (!json) {
			n = sinsp_field_ref_text(f->h, e, &pc->ref, f->tmp, sizeof(f->tmp));
			if (n <= 0 && !f->always)
				return 0;
			puts_(&o, f->tmp);
			continue;
		}
		if (!first)
			puts_(&o, ",");
		first = 0;
		put_json_str(&o, pc->name, strlen(pc->name));
		puts_(&o, ":");
		n = f->p.extract(f->h, e, &pc->ref, v, SINSP_FIELD_MAX_VALUES);
		if (n <= 0) {
			if (!f->always)
				return 0;
			puts_(&o, "null");
		} else if (n == 1 && (v[0].type == SINSP_FT_INT || v[0].type == SINSP_FT_UINT ||
				      v[0].type == SINSP_FT_BOOL)) {
			char num[32];

			if (v[0].type == SINSP_FT_BOOL)
				snprintf(num, sizeof(num), "%s", v[0].i ? "true" : "false");
			else if (v[0].type == SINSP_FT_INT)
				snprintf(num, sizeof(num), "%" PRId64, v[0].i);
			else
				snprintf(num, sizeof(num), "%" PRIu64, v[0].u);
			puts_(&o, num);
		} else {
			sinsp_field_ref_text(f->h, e, &pc->ref, f->tmp, sizeof(f->tmp));
			put_json_str(&o, f->tmp, strlen(f->tmp));
		}
	}
	if (json) {
		if (f->flags & SINSP_FMT_JSON_PARAMS)
			json_params(f, e, &o);
		puts_(&o, "}");
	}
	return 1;
}
