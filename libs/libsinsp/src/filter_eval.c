/* SPDX-License-Identifier: Apache-2.0 */
/* Condition evaluation: a field that yields no value makes its check false (as in Falco,
 * including "!="), so "not fd.name = x" is the way to say "absent or different". */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <fnmatch.h>
#include <string.h>
#include <strings.h>

#include "filter_internal.h"

static int bytes_eq(const char *a, size_t al, const char *b, size_t bl)
{
	return al == bl && !memcmp(a, b, al);
}

static int cmp_str(const struct sinsp_value *v, const struct sinsp_value *l)
{
	size_t n = v->len < l->len ? v->len : l->len;
	int c = memcmp(v->s, l->s, n);

	if (c)
		return c;
	return v->len < l->len ? -1 : v->len > l->len;
}

static int cmp_num(const struct sinsp_value *v, const struct sinsp_value *l)
{
	switch (v->type) {
	case SINSP_FT_INT:
	case SINSP_FT_BOOL:
		return v->i < l->i ? -1 : v->i > l->i;
	case SINSP_FT_UINT:
		return v->u < l->u ? -1 : v->u > l->u;
	case SINSP_FT_IPADDR:
		if (v->family != l->family)
			return 1;
		return memcmp(v->ip, l->ip, v->family == 4 ? 4 : 16);
	default:
		return cmp_str(v, l);
	}
}

static int find_ci(const char *h, size_t hl, const char *n, size_t nl)
{
	size_t i;

	if (nl > hl)
		return 0;
	for (i = 0; i + nl <= hl; i++)
		if (!strncasecmp(h + i, n, nl))
			return 1;
	return 0;
}

static int glob_match(const struct sinsp_value *v, const char *pattern)
{
	char buf[4096];
	size_t n = v->len < sizeof(buf) - 1 ? v->len : sizeof(buf) - 1;

	memcpy(buf, v->s, n);
	buf[n] = 0;
	return fnmatch(pattern, buf, 0) == 0;
}

/* pmatch: the value is the path itself or lies below it. */
static int path_prefix(const struct sinsp_value *v, const struct sinsp_value *l)
{
	size_t ll = l->len;

	while (ll > 1 && l->s[ll - 1] == '/')
		ll--;
	if (v->len < ll || memcmp(v->s, l->s, ll))
		return 0;
	return v->len == ll || v->s[ll] == '/' || (ll == 1 && l->s[0] == '/');
}

static int check_one(const struct fnode *n, const struct sinsp_value *v,
		     const struct sinsp_value *l)
{
	int c;

	switch (n->op) {
	case OP_EQ:
	case OP_IN:
	case OP_INTERSECTS:
		if (v->type == SINSP_FT_STR)
			return bytes_eq(v->s, v->len, l->s, l->len);
		return cmp_num(v, l) == 0;
	case OP_NE:
		if (v->type == SINSP_FT_STR)
			return !bytes_eq(v->s, v->len, l->s, l->len);
		return cmp_num(v, l) != 0;
	case OP_LT:
	case OP_LE:
	case OP_GT:
	case OP_GE:
		c = cmp_num(v, l);
		return n->op == OP_LT	? c < 0
		       : n->op == OP_LE ? c <= 0
		       : n->op == OP_GT ? c > 0
					: c >= 0;
	case OP_CONTAINS:
		return l->len == 0 || (v->len >= l->len && memmem(v->s, v->len, l->s, l->len));
	case OP_ICONTAINS:
		return find_ci(v->s, v->len, l->s, l->len);
	case OP_STARTSWITH:
		return v->len >= l->len && !memcmp(v->s, l->s, l->len);
	case OP_ENDSWITH:
		return v->len >= l->len && !memcmp(v->s + v->len - l->len, l->s, l->len);
	case OP_GLOB:
		return glob_match(v, l->s);
	case OP_PMATCH:
		return path_prefix(v, l);
	case OP_EXISTS:
		return 1;
	}
	return 0;
}

static int any_literal(const struct fnode *n, const struct sinsp_value *v)
{
	size_t i;

	for (i = 0; i < n->nlits; i++)
		if (check_one(n, v, &n->lits[i]))
			return 1;
	return 0;
}

static int eval_check(const struct sinsp_filter *f, const struct fnode *n, const void *evt)
{
	struct sinsp_value vals[SINSP_FIELD_MAX_VALUES];
	int nv, i;

	nv = f->p.extract(f->p.ud, evt, &n->ref, vals, SINSP_FIELD_MAX_VALUES);
	if (nv <= 0)
		return 0;
	if (nv > SINSP_FIELD_MAX_VALUES)
		nv = SINSP_FIELD_MAX_VALUES;
	switch (n->op) {
	case OP_EXISTS:
		return 1;
	case OP_IN:
		/* every value of a list field must be in the set */
		for (i = 0; i < nv; i++)
			if (!any_literal(n, &vals[i]))
				return 0;
		return 1;
	case OP_INTERSECTS:
	case OP_PMATCH:
		for (i = 0; i < nv; i++)
			if (any_literal(n, &vals[i]))
				return 1;
		return 0;
	default:
		/* list fields match when any of their values does */
		for (i = 0; i < nv; i++)
			if (check_one(n, &vals[i], &n->lits[0]))
				return 1;
		return 0;
	}
}

static int eval_node(const struct sinsp_filter *f, const struct fnode *n, const void *evt)
{
	switch (n->kind) {
	case FN_AND:
		return eval_node(f, n->l, evt) && eval_node(f, n->r, evt);
	case FN_OR:
		return eval_node(f, n->l, evt) || eval_node(f, n->r, evt);
	case FN_NOT:
		return !eval_node(f, n->l, evt);
	case FN_CHECK:
		return eval_check(f, n, evt);
	}
	return 0;
}

int sinsp_filter_eval(const struct sinsp_filter *f, const void *evt)
{
	if (!f || !f->root)
		return 1;
	return eval_node(f, f->root, evt);
}
