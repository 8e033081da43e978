// SPDX-License-Identifier: Apache-2.0
/*
 * Kernel release splitting, target rewriting and the upstream version choice. The expected
 * splits are the facts the prebuilt artifact names depend on (they match upstream's builder).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "loader.h"

struct split {
	const char *in, *version, *extra;
	unsigned long major, minor, patch;
};

static const struct split splits[] = {
	{ "5.5.2-arch1-1", "5.5.2", "-arch1-1", 5, 5, 2 },
	{ "6.4-rc1", "6.4", "-rc1", 6, 4, 0 },
	{ "5.5.2", "5.5.2", "", 5, 5, 2 },
	{ "4.15.0-1057-aws", "4.15.0", "-1057-aws", 4, 15, 0 },
	{ "3.10.0-957.12.2.el7.aarch64", "3.10.0", "-957.12.2.el7.aarch64", 3, 10, 0 },
	{ "2.6.32-754.el6.x86_64", "2.6.32", "-754.el6.x86_64", 2, 6, 32 },
	{ "3.16.0-10-amd64", "3.16.0", "-10-amd64", 3, 16, 0 },
	{ "4.14.171-136.231.amzn2.x86_64", "4.14.171", "-136.231.amzn2.x86_64", 4, 14, 171 },
	{ "5.19.3.arch1-1", "5.19.3", ".arch1-1", 5, 19, 3 },
	{ "6.1.arch1-1", "6.1", ".arch1-1", 6, 1, 0 },
	{ "4.9.65-2+grsecunoff1~bpo9+1-amd6", "4.9.65", "-2+grsecunoff1~bpo9+1-amd6", 4, 9, 65 },
	{ "4.19.118-2+deb10u1~bpo9+1-amd64", "4.19.118", "-2+deb10u1~bpo9+1-amd64", 4, 19, 118 },
	{ "5.10.136-1~deb10u3-amd64", "5.10.136", "-1~deb10u3-amd64", 5, 10, 136 },
	{ "4.19+105+deb10u4~bpo9+1", "4.19+105", "+deb10u4~bpo9+1", 4, 19, 105 },
	{ "5.4.119-19.0009.28", "5.4.119", "-19.0009.28", 5, 4, 119 },
	{ "5.15.146+", "5.15.146", "+", 5, 15, 146 },
	{ "4.18.0-477.27.1.el8_8.x86_64", "4.18.0", "-477.27.1.el8_8.x86_64", 4, 18, 0 },
	{ "5.0.0-1028-aws-5.0", "5.0.0", "-1028-aws-5.0", 5, 0, 0 },
};

static void test_splits(void **state)
{
	for (size_t i = 0; i < sizeof(splits) / sizeof(splits[0]); i++) {
		struct kernel_release kr;
		char whole[256];

		assert_int_equal(kr_parse(splits[i].in, &kr), 0);
		assert_string_equal(kr.fullversion, splits[i].version);
		assert_string_equal(kr.fullextra, splits[i].extra);
		assert_int_equal(kr.major, splits[i].major);
		assert_int_equal(kr.minor, splits[i].minor);
		assert_int_equal(kr.patch, splits[i].patch);
		kr_string(&kr, whole, sizeof(whole));
		assert_string_equal(whole, splits[i].in);
	}
}

static void test_rejects(void **state)
{
	/* "7", "7-foo", "767+76": driverkit's pattern needs MAJOR.MINOR */
	static const char *const bad[] = { "",	  "6.18.0-rc3+", "05.1", "v6.1",  "6.1.0 extra",
					   "abc", "6.1.0_x",	 "7",	 "7-foo", "767+76" };
	struct kernel_release kr;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_not_equal(kr_parse(bad[i], &kr), 0);
}

/* Any text: no crash, no overflow (ASan build), and an accepted release rebuilds exactly. */
static void test_random_releases(void **state)
{
	static const char alphabet[] = "0123456789.-+~_aZx ";
	unsigned int seed = 12345;
	char in[400], whole[512];

	for (int n = 0; n < 20000; n++) {
		size_t len =
			(seed = seed * 1103515245u + 12345u) % (n < 19000 ? 40 : sizeof(in) - 1);
		struct kernel_release kr;

		for (size_t i = 0; i < len; i++) {
			seed = seed * 1103515245u + 12345u;
			in[i] = alphabet[(seed >> 16) % (sizeof(alphabet) - 1)];
		}
		in[len] = '\0';
		if (n % 3 == 0 && len > 6)
			memcpy(in, "5.15.0-", 7);
		if (kr_parse(in, &kr) == 0) {
			kr_string(&kr, whole, sizeof(whole));
			assert_string_equal(whole, in);
		}
	}
}

static void fixup(enum distro_kind kind, const char *rel, const char *ver, const char *want_rel,
		  const char *want_ver)
{
	struct target t = { .kind = kind };
	struct kernel_release in, out;
	char s[256];

	assert_int_equal(kr_parse(rel, &in), 0);
	strlcpy0(in.kernelversion, ver, sizeof(in.kernelversion));
	distro_fixup(&t, &in, &out);
	kr_string(&out, s, sizeof(s));
	assert_string_equal(s, want_rel);
	assert_string_equal(out.kernelversion, want_ver);
}

static void test_fixups(void **state)
{
	fixup(DISTRO_GENERIC, "6.7.2-arch1-2", "#231asfa #rf3f", "6.7.2-arch1-2", "231");
	fixup(DISTRO_GENERIC, "6.7.2-arch1-2", "#x #42 SMP", "6.7.2-arch1-2", "42");
	fixup(DISTRO_GENERIC, "6.7.2-arch1-2", "malformed", "6.7.2-arch1-2", "malformed");
	fixup(DISTRO_UBUNTU, "5.0.0", "#26-Ubuntu", "5.0.0", "26");
	fixup(DISTRO_UBUNTU, "6.5.0-9-lowlatency", "##9.1 SMP", "6.5.0-9-lowlatency", "9.1");
	fixup(DISTRO_DEBIAN, "5.10.0-0", "#39 SMP PREEMPT_DYNAMIC", "5.10.0-0", "39");
	fixup(DISTRO_DEBIAN, "5.10.0-0.deb10.22-amd64", "#1 SMP PREEMPT_DYNAMIC",
	      "5.10.0-0.deb10.22-amd64", "1");
	fixup(DISTRO_DEBIAN, "6.1.0-18-arm64", "#1 SMP Debian 6.1.76-1 (2024-02-01)",
	      "6.1.76-1-arm64", "1");
}

static void test_upstream_version_choice(void **state)
{
	const uint32_t api10_0[3] = { 10, 0, 0 }, api10_1[3] = { 10, 1, 0 },
		       api10_2[3] = { 10, 2, 0 };
	const uint32_t api9_9[3] = { 9, 9, 9 }, api10_1_1[3] = { 10, 1, 1 };
	uint32_t v[3];

	assert_true(version_compatible(api10_1, api10_1));
	assert_true(version_compatible(api10_2, api10_1));
	assert_true(version_compatible(api10_1_1, api10_1));
	assert_false(version_compatible(api10_0, api10_1));
	assert_false(version_compatible(api9_9, api10_1));
	/* the tree requires API 10.1.0 / schema 4.5.1: only 10.2.0+driver qualifies today */
	if (loader_required_api[0] == 10 && loader_required_api[1] == 1 &&
	    loader_required_schema[0] == 4 && loader_required_schema[1] == 5)
		assert_string_equal(versions_newest_compatible(), "10.2.0+driver");
	assert_int_equal(version_parse3("10.2.0+driver", v), 0);
	assert_int_equal(v[0], 10);
	assert_int_equal(v[1], 2);
	assert_int_not_equal(version_parse3("10.2", v), 0);
	assert_int_not_equal(version_parse3("v1.5.5", v), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_splits),
		cmocka_unit_test(test_rejects),
		cmocka_unit_test(test_random_releases),
		cmocka_unit_test(test_fixups),
		cmocka_unit_test(test_upstream_version_choice),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
