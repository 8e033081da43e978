// SPDX-License-Identifier: Apache-2.0
/* Condition compiler and evaluator against a small in-test field provider. */
#include <arpa/inet.h>
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <sinsp/filter.h>

struct tevt {
	const char *str;
	int64_t num;
	uint64_t u;
	int b;
	const char *ip;
	const char *list[4];
	int nlist;
};

enum {
	F_STR,
	F_NUM,
	F_U,
	F_B,
	F_IP,
	F_LIST,
	F_ABSENT,
	F_ARG
};

static int t_lookup(void *ud, const char *name, const char *arg, struct sinsp_field_ref *ref)
{
	static const struct {
		const char *n;
		int id;
		enum sinsp_ftype t;
	} tab[] = {
		{ "t.str", F_STR, SINSP_FT_STR },	{ "t.num", F_NUM, SINSP_FT_INT },
		{ "t.u", F_U, SINSP_FT_UINT },		{ "t.b", F_B, SINSP_FT_BOOL },
		{ "t.ip", F_IP, SINSP_FT_IPADDR },	{ "t.list", F_LIST, SINSP_FT_STR },
		{ "t.absent", F_ABSENT, SINSP_FT_STR }, { "t.arg", F_ARG, SINSP_FT_STR },
	};
	size_t i;

	for (i = 0; i < sizeof(tab) / sizeof(tab[0]); i++) {
		if (strcmp(name, tab[i].n))
			continue;
		if (tab[i].id == F_ARG) {
			if (!arg)
				return -EINVAL;
			ref->argidx = atoi(arg);
		} else if (arg) {
			return -EINVAL;
		}
		ref->id = tab[i].id;
		ref->type = tab[i].t;
		return 0;
	}
	return -ENOENT;
}

static int t_extract(void *ud, const void *e, const struct sinsp_field_ref *ref,
		     struct sinsp_value *out, int max)
{
	const struct tevt *ev = e;
	int i;

	memset(out, 0, sizeof(*out));
	out->type = ref->type;
	switch (ref->id) {
	case F_STR:
		out->s = ev->str;
		out->len = strlen(ev->str);
		return 1;
	case F_NUM:
		out->i = ev->num;
		return 1;
	case F_U:
		out->u = ev->u;
		return 1;
	case F_B:
		out->i = ev->b;
		return 1;
	case F_IP:
		if (inet_pton(AF_INET, ev->ip, out->ip) == 1)
			out->family = 4;
		else if (inet_pton(AF_INET6, ev->ip, out->ip) == 1)
			out->family = 6;
		else
			return 0;
		return 1;
	case F_LIST:
		for (i = 0; i < ev->nlist && i < max; i++) {
			memset(&out[i], 0, sizeof(out[i]));
			out[i].type = SINSP_FT_STR;
			out[i].s = ev->list[i];
			out[i].len = strlen(ev->list[i]);
		}
		return i;
	case F_ARG:
		out->s = ref->argidx == 1 ? "one" : "other";
		out->len = strlen(out->s);
		return 1;
	default:
		return 0;
	}
}

static const struct sinsp_field_provider prov = { t_lookup, t_extract, NULL };

static const struct tevt ev1 = {
	.str = "/etc/passwd",
	.num = -5,
	.u = 443,
	.b = 1,
	.ip = "10.0.0.1",
	.list = { "bash", "sshd", "systemd" },
	.nlist = 3,
};

static int match(const char *cond)
{
	struct sinsp_filter *f = NULL;
	char err[256];
	int rc = sinsp_filter_compile(cond, &prov, &f, err, sizeof(err));
	if (rc) {
		print_error("compile '%s': %s\n", cond, err);
		fail();
	}
	rc = sinsp_filter_eval(f, &ev1);
	sinsp_filter_free(f);
	return rc;
}

static void expect_error(const char *cond, const char *needle)
{
	struct sinsp_filter *f = NULL;
	char err[256];
	int rc = sinsp_filter_compile(cond, &prov, &f, err, sizeof(err));

	if (rc == 0) {
		print_error("'%s' compiled but should not\n", cond);
		sinsp_filter_free(f);
		fail();
	}
	assert_null(f);
	if (!strstr(err, needle)) {
		print_error("'%s': error '%s' lacks '%s'\n", cond, err, needle);
		fail();
	}
	assert_non_null(strstr(err, "at position"));
}

static void test_string_ops(void **s)
{
	assert_true(match("t.str = /etc/passwd"));
	assert_true(match("t.str == \"/etc/passwd\""));
	assert_false(match("t.str = /etc/shadow"));
	assert_true(match("t.str != /etc/shadow"));
	assert_true(match("t.str contains passw"));
	assert_false(match("t.str contains PASSW"));
	assert_true(match("t.str icontains PASSW"));
	assert_true(match("t.str startswith /etc/"));
	assert_false(match("t.str startswith /usr"));
	assert_true(match("t.str endswith wd"));
	assert_true(match("t.str glob '/etc/*'"));
	assert_true(match("t.str glob /e?c/pass*"));
	assert_false(match("t.str glob /usr/*"));
	assert_true(match("t.str < /f"));
	assert_true(match("t.str > /a"));
	assert_true(match("t.str in (/bin/ls, /etc/passwd)"));
	assert_false(match("t.str in (/bin/ls,/etc/shadow)"));
	assert_true(match("t.str pmatch (/usr, /etc)"));
	assert_true(match("t.str pmatch (/etc/passwd)"));
	assert_false(match("t.str pmatch (/et)"));
	assert_true(match("t.str pmatch (/)"));
	assert_true(match("t.str = 'with space' or t.str = \"a \\\"q\\\" b\" or t.str exists"));
}

static void test_numeric_ops(void **s)
{
	assert_true(match("t.num = -5"));
	assert_true(match("t.num < 0"));
	assert_true(match("t.num <= -5"));
	assert_false(match("t.num > -5"));
	assert_true(match("t.num >= -5"));
	assert_true(match("t.u = 443 and t.u > 100 and t.u < 0x200"));
	assert_true(match("t.u in (80, 443)"));
	assert_false(match("t.u in (80, 8080)"));
	assert_true(match("t.b = true"));
	assert_false(match("t.b = false"));
	assert_true(match("t.ip = 10.0.0.1"));
	assert_false(match("t.ip = 10.0.0.2"));
	assert_false(match("t.ip = ::1"));
	assert_true(match("t.ip in (::1, 10.0.0.1)"));
}

static void test_logic(void **s)
{
	assert_true(match("not t.str = x"));
	assert_false(match("not not t.str = x"));
	assert_true(match("t.str = x or t.num = -5"));
	assert_false(match("t.str = x and t.num = -5"));
	/* and binds tighter than or */
	assert_true(match("t.num = -5 or t.str = x and t.u = 1"));
	assert_false(match("(t.num = -5 or t.str = x) and t.u = 1"));
	assert_true(match("((((t.num=-5))))"));
	assert_true(match("not(t.u=1)"));
	assert_true(match("t.str exists and not t.absent exists"));
	/* an absent field makes every comparison false, != included */
	assert_false(match("t.absent = x"));
	assert_false(match("t.absent != x"));
	assert_true(match("not t.absent = x"));
}

static void test_lists_and_args(void **s)
{
	assert_true(match("t.list = sshd"));
	assert_true(match("t.list intersects (nginx, systemd)"));
	assert_false(match("t.list intersects (nginx, apache)"));
	assert_false(match("t.list in (bash, sshd)"));
	assert_true(match("t.list in (bash, sshd, systemd, init)"));
	assert_true(match("t.arg[1] = one"));
	assert_true(match("t.arg[2] = other"));
	assert_true(match("t.list in ()") == 0);
}

static void test_errors(void **s)
{
	expect_error("", "empty condition");
	expect_error("   ", "empty condition");
	expect_error("t.nope = 1", "unknown field 't.nope'");
	expect_error("t.str", "expected an operator");
	expect_error("t.str =", "expected a value");
	expect_error("t.str = x and", "expected a field name");
	expect_error("t.str = x or or t.str = y", "expected a field name");
	expect_error("(t.str = x", "expected ')'");
	expect_error("t.str = x)", "expected 'and', 'or' or end");
	expect_error("t.str = 'abc", "unterminated quoted string");
	expect_error("t.num = abc", "expected a number");
	expect_error("t.u = -1", "non-negative");
	expect_error("t.num contains 1", "operator 'contains' cannot be used");
	expect_error("t.b = maybe", "expected true or false");
	expect_error("t.ip = 300.1.1.1", "expected an IP address");
	expect_error("t.str in /a", "expected '('");
	expect_error("t.str in (a b)", "expected ',' or ')'");
	expect_error("t.str in (a,", "expected a value");
	expect_error("t.arg = 1", "bad argument");
	expect_error("t.arg[1 = 1", "bad field name");
	expect_error("t.str ~ 1", "expected an operator");
	expect_error("= 1", "expected a field name");
	expect_error("t.str = x t.str = y", "expected 'and', 'or'");
}

static void test_error_position(void **s)
{
	struct sinsp_filter *f = NULL;
	char err[256];

	assert_int_equal(
		sinsp_filter_compile("t.str = x and t.bad = 2", &prov, &f, err, sizeof(err)),
		-EINVAL);
	assert_string_equal(err, "at position 15 near 't.bad': unknown field 't.bad'");
	assert_int_equal(sinsp_filter_compile("t.num =  x1", &prov, &f, err, sizeof(err)), -EINVAL);
	assert_string_equal(err, "at position 10 near 'x1': expected a number");
}

static void test_deep_nesting(void **s)
{
	struct sinsp_filter *f = NULL;
	char err[256];
	size_t n = 100000, i;
	char *cond = malloc(n * 4 + 32);

	assert_non_null(cond);
	for (i = 0; i < n; i++)
		cond[i] = '(';
	strcpy(cond + n, "t.str=x");
	assert_int_equal(sinsp_filter_compile(cond, &prov, &f, err, sizeof(err)), -EINVAL);
	assert_non_null(strstr(err, "nested too deeply"));
	for (i = 0; i < n; i++)
		memcpy(cond + i * 4, "not ", 4);
	strcpy(cond + n * 4, "t.str=x");
	assert_int_equal(sinsp_filter_compile(cond, &prov, &f, err, sizeof(err)), -EINVAL);
	/* 100 nested levels are fine */
	for (i = 0; i < 100; i++)
		cond[i] = '(';
	strcpy(cond + 100, "t.str=x");
	for (i = 0; i < 100; i++)
		cond[107 + i] = ')';
	cond[207] = 0;
	assert_int_equal(sinsp_filter_compile(cond, &prov, &f, err, sizeof(err)), 0);
	sinsp_filter_free(f);
	free(cond);
}

static void test_field_split(void **s)
{
	char name[32], arg[32];

	assert_int_equal(sinsp_field_split("proc.aname[2] x", name, sizeof(name), arg, sizeof(arg)),
			 13);
	assert_string_equal(name, "proc.aname");
	assert_string_equal(arg, "2");
	assert_int_equal(sinsp_field_split("evt.arg.fd)", name, sizeof(name), arg, sizeof(arg)),
			 10);
	assert_string_equal(name, "evt.arg.fd");
	assert_int_equal(sinsp_field_split("proc.name.", name, sizeof(name), arg, sizeof(arg)), 9);
	assert_int_equal(sinsp_field_split("1abc", name, sizeof(name), arg, sizeof(arg)), 0);
	assert_int_equal(sinsp_field_split("a[b", name, sizeof(name), arg, sizeof(arg)), -EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_string_ops),   cmocka_unit_test(test_numeric_ops),
		cmocka_unit_test(test_logic),	     cmocka_unit_test(test_lists_and_args),
		cmocka_unit_test(test_errors),	     cmocka_unit_test(test_error_position),
		cmocka_unit_test(test_deep_nesting), cmocka_unit_test(test_field_split),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
