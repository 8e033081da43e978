/* SPDX-License-Identifier: Apache-2.0 */
/* Condition compiler: a recursive-descent parser that lexes on demand, because what a token
 * means depends on where it stands (after "=" the text "<" is a value, not an operator). */
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "filter_internal.h"

/* Deep enough for any real rule, shallow enough that a hostile input cannot exhaust the stack. */
#define MAX_DEPTH 200
#define MAX_FIELD 256

struct parser {
	const char *src;
	size_t pos;
	int depth;
	const struct sinsp_field_provider *p;
	char *err;
	size_t errlen;
	int failed;
};

/* Printable excerpt of the token at @at, for error messages. */
static void token_at(const struct parser *ps, size_t at, char *out, size_t outlen)
{
	const char *s = ps->src + at;
	size_t n = 0;

	if (!*s) {
		snprintf(out, outlen, "end of input");
		return;
	}
	if (strchr("()", *s) || strchr(",", *s)) {
		snprintf(out, outlen, "'%c'", *s);
		return;
	}
	out[n++] = '\'';
	while (s[0] && !isspace((unsigned char)s[0]) && !strchr("()", s[0]) && n + 5 < outlen &&
	       n < 40) {
		out[n++] = isprint((unsigned char)s[0]) ? s[0] : '?';
		s++;
	}
	if (n == 1)
		out[n++] = isprint((unsigned char)*s) ? *s : '?';
	out[n++] = '\'';
	out[n] = 0;
}

__attribute__((format(printf, 3, 4))) static int fail(struct parser *ps, size_t at, const char *fmt,
						      ...)
{
	char tok[64], msg[256];
	va_list ap;

	if (ps->failed)
		return -EINVAL;
	ps->failed = 1;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	token_at(ps, at, tok, sizeof(tok));
	if (ps->err && ps->errlen)
		snprintf(ps->err, ps->errlen, "at position %zu near %s: %s", at + 1, tok, msg);
	return -EINVAL;
}

static void skip_ws(struct parser *ps)
{
	while (isspace((unsigned char)ps->src[ps->pos]))
		ps->pos++;
}

/* A keyword matches only as a whole word. */
static int at_word(struct parser *ps, const char *w)
{
	size_t n = strlen(w);
	char c;

	if (strncmp(ps->src + ps->pos, w, n))
		return 0;
	c = ps->src[ps->pos + n];
	return !(isalnum((unsigned char)c) || c == '_' || c == '.' || c == '[');
}

static int is_field_start(char c)
{
	return isalpha((unsigned char)c) || c == '_';
}

static int is_field_char(char c)
{
	return isalnum((unsigned char)c) || c == '_' || c == '.' || c == '-';
}

int sinsp_field_split(const char *s, char *name, size_t namelen, char *arg, size_t arglen)
{
	size_t n = 0, a = 0, i;

	if (!is_field_start(s[0]))
		return 0;
	while (is_field_char(s[n]))
		n++;
	/* a trailing '.' or '-' belongs to what follows ("%proc.name." in a format) */
	while (n > 0 && (s[n - 1] == '.' || s[n - 1] == '-'))
		n--;
	if (n + 1 > namelen)
		return -EINVAL;
	memcpy(name, s, n);
	name[n] = 0;
	i = n;
	if (arglen)
		arg[0] = 0;
	if (s[i] == '[') {
		i++;
		while (s[i] && s[i] != ']') {
			if (a + 1 >= arglen)
				return -EINVAL;
			arg[a++] = s[i++];
		}
		if (s[i] != ']')
			return -EINVAL;
		arg[a] = 0;
		i++;
	}
	return (int)i;
}

/* Read one value: quoted string with escapes, or a bare word up to space, parenthesis or comma. */
static char *lex_value(struct parser *ps, int in_list)
{
	const char *s = ps->src;
	size_t start, cap = 16, n = 0;
	char *out, q;

	skip_ws(ps);
	start = ps->pos;
	q = s[ps->pos];
	if (!q || q == ')' || q == '(' || (in_list && q == ',')) {
		fail(ps, start, "expected a value");
		return NULL;
	}
	out = malloc(cap);
	if (!out)
		return NULL;
	if (q == '"' || q == '\'') {
		ps->pos++;
		for (;;) {
			char c = s[ps->pos];

			if (!c) {
				free(out);
				fail(ps, start, "unterminated quoted string");
				return NULL;
			}
			ps->pos++;
			if (c == q)
				break;
			if (c == '\\' && s[ps->pos]) {
				c = s[ps->pos++];
				if (c == 'n')
					c = '\n';
				else if (c == 't')
					c = '\t';
			}
			if (n + 2 > cap) {
				char *t = realloc(out, cap *= 2);

				if (!t) {
					free(out);
					return NULL;
				}
				out = t;
			}
			out[n++] = c;
		}
	} else {
		while (s[ps->pos] && !isspace((unsigned char)s[ps->pos]) && s[ps->pos] != '(' &&
		       s[ps->pos] != ')' && !(in_list && s[ps->pos] == ',')) {
			if (n + 2 > cap) {
				char *t = realloc(out, cap *= 2);

				if (!t) {
					free(out);
					return NULL;
				}
				out = t;
			}
			out[n++] = s[ps->pos++];
		}
	}
	out[n] = 0;
	return out;
}

static const struct {
	const char *word;
	enum fop op;
} word_ops[] = {
	{ "contains", OP_CONTAINS },
	{ "icontains", OP_ICONTAINS },
	{ "startswith", OP_STARTSWITH },
	{ "endswith", OP_ENDSWITH },
	{ "glob", OP_GLOB },
	{ "in", OP_IN },
	{ "intersects", OP_INTERSECTS },
	{ "pmatch", OP_PMATCH },
	{ "exists", OP_EXISTS },
};

static int lex_op(struct parser *ps, enum fop *op)
{
	const char *s;
	size_t i;

	skip_ws(ps);
	s = ps->src + ps->pos;
	if (s[0] == '=' && s[1] == '=') {
		*op = OP_EQ;
		ps->pos += 2;
	} else if (s[0] == '=') {
		*op = OP_EQ;
		ps->pos += 1;
	} else if (s[0] == '!' && s[1] == '=') {
		*op = OP_NE;
		ps->pos += 2;
	} else if (s[0] == '<' && s[1] == '=') {
		*op = OP_LE;
		ps->pos += 2;
	} else if (s[0] == '<') {
		*op = OP_LT;
		ps->pos += 1;
	} else if (s[0] == '>' && s[1] == '=') {
		*op = OP_GE;
		ps->pos += 2;
	} else if (s[0] == '>') {
		*op = OP_GT;
		ps->pos += 1;
	} else {
		for (i = 0; i < sizeof(word_ops) / sizeof(word_ops[0]); i++) {
			if (at_word(ps, word_ops[i].word)) {
				*op = word_ops[i].op;
				ps->pos += strlen(word_ops[i].word);
				return 0;
			}
		}
		return fail(ps, ps->pos,
			    "expected an operator (=, !=, <, <=, >, >=, contains, icontains, "
			    "startswith, endswith, glob, in, intersects, pmatch, exists)");
	}
	return 0;
}

static const char *op_name(enum fop op)
{
	static const char *const names[] = { "=",	   "!=",       "<",	   "<=",
					     ">",	   ">=",       "contains", "icontains",
					     "startswith", "endswith", "glob",	   "in",
					     "intersects", "pmatch",   "exists" };
	return names[op];
}

/* Type a literal after the field it is compared with. */
static int make_literal(struct parser *ps, struct fnode *n, size_t at, char *text)
{
	struct sinsp_value *v = &n->lits[n->nlits];
	char *end;

	memset(v, 0, sizeof(*v));
	v->type = n->ref.type;
	n->litstr[n->nlits] = text;
	n->nlits++;
	switch (n->ref.type) {
	case SINSP_FT_STR:
		v->s = text;
		v->len = strlen(text);
		return 0;
	case SINSP_FT_INT:
		errno = 0;
		v->i = strtoll(text, &end, 0);
		if (!*text || *end || errno)
			return fail(ps, at, "expected a number");
		return 0;
	case SINSP_FT_UINT:
		errno = 0;
		if (text[0] == '-')
			return fail(ps, at, "expected a non-negative number");
		v->u = strtoull(text, &end, 0);
		if (!*text || *end || errno)
			return fail(ps, at, "expected a number");
		return 0;
	case SINSP_FT_BOOL:
		if (!strcmp(text, "true") || !strcmp(text, "1"))
			v->i = 1;
		else if (!strcmp(text, "false") || !strcmp(text, "0"))
			v->i = 0;
		else
			return fail(ps, at, "expected true or false");
		return 0;
	case SINSP_FT_IPADDR:
		if (inet_pton(AF_INET, text, v->ip) == 1)
			v->family = 4;
		else if (inet_pton(AF_INET6, text, v->ip) == 1)
			v->family = 6;
		else
			return fail(ps, at, "expected an IP address");
		return 0;
	}
	return fail(ps, at, "unsupported field type");
}

static int op_allowed(enum fop op, enum sinsp_ftype t)
{
	switch (op) {
	case OP_CONTAINS:
	case OP_ICONTAINS:
	case OP_STARTSWITH:
	case OP_ENDSWITH:
	case OP_GLOB:
	case OP_PMATCH:
		return t == SINSP_FT_STR;
	case OP_LT:
	case OP_LE:
	case OP_GT:
	case OP_GE:
		return t != SINSP_FT_BOOL && t != SINSP_FT_IPADDR;
	default:
		return 1;
	}
}

static int grow_lits(struct fnode *n, size_t *cap)
{
	struct sinsp_value *l;
	char **s;

	if (n->nlits < *cap)
		return 0;
	*cap = *cap ? *cap * 2 : 4;
	l = realloc(n->lits, *cap * sizeof(*l));
	if (!l)
		return -ENOMEM;
	n->lits = l;
	s = realloc(n->litstr, *cap * sizeof(*s));
	if (!s)
		return -ENOMEM;
	n->litstr = s;
	return 0;
}

static struct fnode *parse_check(struct parser *ps)
{
	char name[MAX_FIELD], arg[MAX_FIELD];
	size_t at, cap = 0, vat;
	struct fnode *n;
	char *text;
	int len, rc;

	skip_ws(ps);
	at = ps->pos;
	len = sinsp_field_split(ps->src + at, name, sizeof(name), arg, sizeof(arg));
	if (len <= 0) {
		fail(ps, at,
		     len < 0 ? "bad field name or argument"
			     : "expected a field name, 'not' or '('");
		return NULL;
	}
	if (!strcmp(name, "and") || !strcmp(name, "or")) {
		fail(ps, at, "expected a field name, 'not' or '(' before '%s'", name);
		return NULL;
	}
	n = calloc(1, sizeof(*n));
	if (!n)
		return NULL;
	n->kind = FN_CHECK;
	n->ref.argidx = -1;
	if (ps->src[at + len - 1] == ']' || strchr(name, '.')) {
		n->argbuf = strdup(arg);
		if (!n->argbuf)
			goto err;
	}
	n->ref.arg = n->argbuf && n->argbuf[0] ? n->argbuf : NULL;
	n->namebuf = strdup(name);
	if (!n->namebuf)
		goto err;
	rc = ps->p->lookup(ps->p->ud, n->namebuf, n->ref.arg, &n->ref);
	if (rc == -ENOENT) {
		fail(ps, at, "unknown field '%s'", name);
		goto err;
	} else if (rc < 0) {
		fail(ps, at, "bad argument for field '%s'", name);
		goto err;
	}
	ps->pos = at + len;
	at = ps->pos;
	skip_ws(ps);
	at = ps->pos;
	if (lex_op(ps, &n->op))
		goto err;
	if (!op_allowed(n->op, n->ref.type)) {
		fail(ps, at, "operator '%s' cannot be used with field '%s'", op_name(n->op), name);
		goto err;
	}
	if (n->op == OP_EXISTS)
		return n;
	if (n->op == OP_IN || n->op == OP_INTERSECTS || n->op == OP_PMATCH) {
		skip_ws(ps);
		if (ps->src[ps->pos] != '(') {
			fail(ps, ps->pos, "expected '(' after '%s'", op_name(n->op));
			goto err;
		}
		ps->pos++;
		skip_ws(ps);
		if (ps->src[ps->pos] == ')') {
			ps->pos++;
			return n;
		}
		for (;;) {
			skip_ws(ps);
			vat = ps->pos;
			text = lex_value(ps, 1);
			if (!text || grow_lits(n, &cap)) {
				free(text);
				goto err;
			}
			if (make_literal(ps, n, vat, text))
				goto err;
			skip_ws(ps);
			if (ps->src[ps->pos] == ',') {
				ps->pos++;
				continue;
			}
			if (ps->src[ps->pos] == ')') {
				ps->pos++;
				return n;
			}
			fail(ps, ps->pos, "expected ',' or ')' in the list");
			goto err;
		}
	}
	skip_ws(ps);
	vat = ps->pos;
	text = lex_value(ps, 0);
	if (!text || grow_lits(n, &cap)) {
		free(text);
		goto err;
	}
	if (make_literal(ps, n, vat, text))
		goto err;
	return n;
err:
	sinsp_fnode_free(n);
	return NULL;
}

static struct fnode *parse_or(struct parser *ps);

static struct fnode *parse_not(struct parser *ps)
{
	struct fnode *n, *c;
	size_t at;

	if (++ps->depth > MAX_DEPTH) {
		fail(ps, ps->pos, "condition nested too deeply (limit %d)", MAX_DEPTH);
		return NULL;
	}
	skip_ws(ps);
	at = ps->pos;
	if (at_word(ps, "not")) {
		ps->pos += 3;
		c = parse_not(ps);
		if (!c)
			return NULL;
		n = calloc(1, sizeof(*n));
		if (!n) {
			sinsp_fnode_free(c);
			return NULL;
		}
		n->kind = FN_NOT;
		n->l = c;
		ps->depth--;
		return n;
	}
	if (ps->src[at] == '(') {
		ps->pos++;
		n = parse_or(ps);
		if (!n)
			return NULL;
		skip_ws(ps);
		if (ps->src[ps->pos] != ')') {
			fail(ps, ps->pos, "expected ')' to close '(' at position %zu", at + 1);
			sinsp_fnode_free(n);
			return NULL;
		}
		ps->pos++;
		ps->depth--;
		return n;
	}
	n = parse_check(ps);
	ps->depth--;
	return n;
}

static struct fnode *parse_binary(struct parser *ps, const char *kw, enum fnode_kind kind,
				  struct fnode *(*sub)(struct parser *))
{
	struct fnode *l, *r, *n;

	l = sub(ps);
	if (!l)
		return NULL;
	for (;;) {
		skip_ws(ps);
		if (!at_word(ps, kw))
			return l;
		ps->pos += strlen(kw);
		r = sub(ps);
		if (!r) {
			sinsp_fnode_free(l);
			return NULL;
		}
		n = calloc(1, sizeof(*n));
		if (!n) {
			sinsp_fnode_free(l);
			sinsp_fnode_free(r);
			return NULL;
		}
		n->kind = kind;
		n->l = l;
		n->r = r;
		l = n;
	}
}

static struct fnode *parse_and(struct parser *ps)
{
	return parse_binary(ps, "and", FN_AND, parse_not);
}

static struct fnode *parse_or(struct parser *ps)
{
	return parse_binary(ps, "or", FN_OR, parse_and);
}

void sinsp_fnode_free(struct fnode *n)
{
	size_t i;

	if (!n)
		return;
	sinsp_fnode_free(n->l);
	sinsp_fnode_free(n->r);
	for (i = 0; i < n->nlits; i++)
		free(n->litstr[i]);
	free(n->litstr);
	free(n->lits);
	free(n->argbuf);
	free(n->namebuf);
	free(n);
}

int sinsp_filter_compile(const char *text, const struct sinsp_field_provider *p,
			 struct sinsp_filter **out, char *err, size_t errlen)
{
	struct parser ps = { .src = text, .p = p, .err = err, .errlen = errlen };
	struct sinsp_filter *f;
	struct fnode *root;

	if (err && errlen)
		err[0] = 0;
	if (!text || !p || !p->lookup || !p->extract || !out) {
		if (err && errlen)
			snprintf(err, errlen, "invalid arguments");
		return -EINVAL;
	}
	*out = NULL;
	skip_ws(&ps);
	if (!text[ps.pos]) {
		fail(&ps, ps.pos, "empty condition");
		return -EINVAL;
	}
	root = parse_or(&ps);
	if (root) {
		skip_ws(&ps);
		if (text[ps.pos]) {
			fail(&ps, ps.pos, "expected 'and', 'or' or end of condition");
			sinsp_fnode_free(root);
			root = NULL;
		}
	}
	if (!root) {
		if (!ps.failed) {
			if (err && errlen)
				snprintf(err, errlen, "out of memory");
			return -ENOMEM;
		}
		return -EINVAL;
	}
	f = calloc(1, sizeof(*f));
	if (!f) {
		sinsp_fnode_free(root);
		return -ENOMEM;
	}
	f->root = root;
	f->p = *p;
	*out = f;
	return 0;
}

void sinsp_filter_free(struct sinsp_filter *f)
{
	if (!f)
		return;
	sinsp_fnode_free(f->root);
	free(f);
}
