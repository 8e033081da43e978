// SPDX-License-Identifier: Apache-2.0
/*
 * Damaged captures: a capture cut at every byte offset returns exactly the events of the blocks
 * before the cut, then an error naming the cut block's kind and offset (or a clean end when the
 * cut falls on a block boundary); gzip streams cut short fail cleanly; seeded random byte flips
 * never crash, hang or read out of bounds (run under ASan+UBSan in the sanitizer build).
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include <cmocka.h>

#include <scap/scap.h>
#include <syscap/schema.h>
#include <scap/scap_state.h>

#include "dump_int.h"
#include "engines/savefile/scapfile_format.h"
#include "engines/savefile/scapfile_reader.h"
#include "sf_testlib.h"

static int is_event(uint32_t t)
{
	return t == SF_EV || t == SF_EV_INT || t == SF_EV_V2 || t == SF_EV_V2_LARGE || t == SF_EVF ||
	       t == SF_EVF_V2 || t == SF_EVF_V2_LARGE;
}

/* Read an image to its end: events returned, final code, message. */
static int read_all(const uint8_t *d, size_t n, uint64_t *events, char *msg, size_t msglen)
{
	struct scap_state *st = scap_state_new();
	struct sf_reader *r;
	const uint8_t *e;
	uint16_t cpu;
	uint32_t fl;
	int rc;

	*events = 0;
	msg[0] = 0;
	rc = sf_reader_open_mem(&r, d, n, st, msg, msglen);
	if (rc) {
		scap_state_free(st);
		return rc;
	}
	while ((rc = sf_reader_next(r, &e, &cpu, &fl)) == 0) {
		uint32_t len;

		memcpy(&len, e + 16, 4);
		assert_true(len >= SF_EVT_HDR_LEN);
		(*events)++;
	}
	if (rc < 0)
		snprintf(msg, msglen, "%s", sf_reader_error(r));
	sf_reader_close(r);
	scap_state_free(st);
	return rc;
}

static void truncate_everywhere(const uint8_t *data, size_t len, size_t step)
{
	uint64_t *offs;
	uint32_t *types;
	size_t nb, b = 0, checked = 0;
	uint64_t ev_before = 0;

	assert_int_equal(sft_blocks(data, len, &offs, &types, &nb), 0);
	for (size_t cut = 0; cut < len; cut += step) {
		uint64_t events;
		char msg[512], want[64];
		int rc;

		/* b = index of the block containing the cut (or starting at it) */
		while (b + 1 < nb && offs[b + 1] <= cut) {
			if (is_event(types[b]))
				ev_before++;
			b++;
		}
		rc = read_all(data, cut, &events, msg, sizeof(msg));
		if (cut == offs[b] && cut > 0) {
			/* on a block boundary: a complete shorter capture */
			if (rc != SF_EOF)
				fail_msg("cut %zu (boundary): rc %d %s", cut, rc, msg);
			assert_int_equal(events, ev_before);
		} else {
			if (rc != -EBADMSG)
				fail_msg("cut %zu: rc %d, %" PRIu64 " events, '%s'", cut, rc, events,
					 msg);
			assert_int_equal(events, ev_before);
			snprintf(want, sizeof(want), "at offset %" PRIu64 ":", offs[b]);
			if (!strstr(msg, want) || (cut - offs[b] >= 4 && !strstr(msg, sf_block_name(types[b]))))
				fail_msg("cut %zu in block %zu (%s at %" PRIu64 "): message '%s'", cut,
					 b, sf_block_name(types[b]), offs[b], msg);
		}
		checked++;
	}
	printf("  %zu cut points over %zu bytes, %zu blocks\n", checked, len, nb);
	free(offs);
	free(types);
}

static uint8_t *synth;
static size_t synth_len;

static int setup(void **unused)
{
	char p[] = "/tmp/sf-robust-XXXXXX";
	int fd = mkstemp(p);

	(void)unused;
	if (fd < 0)
		return -1;
	close(fd);
	if (sft_write_capture(p, 0, 700, 4, 1) || sft_load(p, &synth, &synth_len))
		return -1;
	unlink(p);
	return 0;
}

static int teardown(void **unused)
{
	(void)unused;
	free(synth);
	return 0;
}

/* Our own capture: every event type, every fd kind; every single byte offset. */
static void test_truncate_synthetic(void **unused)
{
	(void)unused;
	truncate_everywhere(synth, synth_len, 1);
}

/* A third-party capture (old event blocks, PL v5), every byte offset, when present. */
static void test_truncate_sample(void **unused)
{
	const char *dir = getenv("SYSCAP_SAMPLES");
	char p[4096];
	uint8_t *data;
	size_t len;

	(void)unused;
	snprintf(p, sizeof(p), "%s/libs_test_ipv6_client.scap", dir ? dir : "../shared/samples");
	if (access(p, R_OK)) {
		printf("  sample captures absent (%s): truncation on the synthetic capture only\n", p);
		skip();
	}
	assert_int_equal(sft_load(p, &data, &len), 0);
	truncate_everywhere(data, len, 1);
	free(data);
}

/* gzip streams cut short: an error (never a silent clean end), events before it only. */
static void test_truncate_gzip(void **unused)
{
	char p[] = "/tmp/sf-robust-gz-XXXXXX";
	uint8_t *gz;
	size_t gzlen = 0, cap = 1 << 20;
	FILE *f;
	int fd = mkstemp(p), n = 0;
	uint64_t total = 0;

	(void)unused;
	assert_true(fd >= 0);
	close(fd);
	assert_int_equal(sft_write_capture(p, 1, 700, 4, 1), 0);
	f = fopen(p, "rb");
	gz = malloc(cap);
	gzlen = fread(gz, 1, cap, f);
	fclose(f);
	{
		uint64_t ev;
		char msg[512];

		/* full read first, through the fd path */
		struct scap_state *st = scap_state_new();
		struct sf_reader *r;
		const uint8_t *e;
		uint16_t c;
		uint32_t fl;

		assert_int_equal(sf_reader_open_path(&r, p, st, msg, sizeof(msg)), 0);
		while (sf_reader_next(r, &e, &c, &fl) == 0)
			total++;
		sf_reader_close(r);
		scap_state_free(st);
		(void)ev;
	}
	assert_int_equal(total, 700);
	for (size_t cut = 1; cut < gzlen; cut += 37) {
		struct scap_state *st = scap_state_new();
		struct sf_reader *r;
		const uint8_t *e;
		uint16_t c;
		uint32_t fl;
		uint64_t got = 0;
		char msg[512];
		int rc;

		f = fopen(p, "wb");
		fwrite(gz, 1, cut, f);
		fclose(f);
		rc = sf_reader_open_path(&r, p, st, msg, sizeof(msg));
		if (!rc) {
			while ((rc = sf_reader_next(r, &e, &c, &fl)) == 0)
				got++;
			snprintf(msg, sizeof(msg), "%s", sf_reader_error(r));
			sf_reader_close(r);
		}
		scap_state_free(st);
		if (rc >= 0 || !strstr(msg, "offset"))
			fail_msg("gzip cut %zu: rc %d, %" PRIu64 " events, '%s'", cut, rc, got, msg);
		assert_true(got < total);
		n++;
	}
	printf("  %d gzip cut points over %zu compressed bytes\n", n, gzlen);
	free(gz);
	unlink(p);
}

static void flips(const uint8_t *data, size_t len, uint32_t rounds, uint64_t seed)
{
	uint8_t *copy = malloc(len);
	uint32_t errors = 0, clean = 0;

	for (uint32_t i = 0; i < rounds; i++) {
		uint32_t nflips = 1 + (uint32_t)(sft_rand(&seed) % 8);
		uint64_t events;
		char msg[512];
		int rc;

		memcpy(copy, data, len);
		for (uint32_t k = 0; k < nflips; k++) {
			size_t at = (size_t)(sft_rand(&seed) % len);

			copy[at] ^= (uint8_t)(1u << (sft_rand(&seed) % 8));
		}
		rc = read_all(copy, len, &events, msg, sizeof(msg));
		if (rc == SF_EOF) {
			clean++;
		} else {
			assert_true(rc < 0);
			/* every failure explains itself with a position */
			if (!strstr(msg, "offset") && !strstr(msg, "not a scap capture"))
				fail_msg("flip round %u: rc %d message '%s'", i, rc, msg);
			errors++;
		}
	}
	printf("  %u flip rounds: %u read to the end, %u stopped with an error\n", rounds, clean,
	       errors);
	assert_true(errors > 0);
	free(copy);
}

static void test_flips_synthetic(void **unused)
{
	(void)unused;
	flips(synth, synth_len, 3000, 0x5eed);
}

static void test_flips_sample(void **unused)
{
	const char *dir = getenv("SYSCAP_SAMPLES");
	char p[4096];
	uint8_t *data;
	size_t len;

	(void)unused;
	snprintf(p, sizeof(p), "%s/libs_single_ipv6_conn.scap", dir ? dir : "../shared/samples");
	if (access(p, R_OK)) {
		printf("  sample captures absent (%s)\n", p);
		skip();
	}
	assert_int_equal(sft_load(p, &data, &len), 0);
	flips(data, len, 1500, 0xfeed);
	free(data);
}

/* Lengths that lie: huge block lengths must not allocate or read past the data. */
static void test_lying_lengths(void **unused)
{
	static const uint32_t kinds[] = { SF_EV_V2, SF_EV_V2_LARGE, SF_PL_V9, SF_FDL_V2, SF_UL_V2,
					  SF_IL_V2, SF_MI, 0x12345678 };
	uint64_t *offs;
	uint32_t *types;
	size_t nb;

	(void)unused;
	assert_int_equal(sft_blocks(synth, synth_len, &offs, &types, &nb), 0);
	for (size_t k = 0; k < sizeof(kinds) / sizeof(kinds[0]); k++) {
		for (uint32_t v = 0; v < 6; v++) {
			static const uint32_t lens[] = { 0, 11, 13, 0x7fffffff, 0xfffffff0u, 100000 };
			uint8_t *copy = malloc(synth_len);
			uint64_t events;
			char msg[512];
			int rc;

			memcpy(copy, synth, synth_len);
			/* rewrite the first block after the section header */
			memcpy(copy + offs[1], &kinds[k], 4);
			memcpy(copy + offs[1] + 4, &lens[v], 4);
			rc = read_all(copy, synth_len, &events, msg, sizeof(msg));
			if (rc >= 0 && kinds[k] != 0x12345678)
				fail_msg("kind 0x%x len %u: accepted", kinds[k], lens[v]);
			if (rc < 0 && !strstr(msg, "offset"))
				fail_msg("kind 0x%x len %u: '%s'", kinds[k], lens[v], msg);
			free(copy);
		}
	}
	free(offs);
	free(types);
}

/* Through the public engine: events before the damage, then -SCAP_ERR_CORRUPT and a message
 * naming the block and its offset; the error repeats on later calls. */
static void test_engine_error(void **unused)
{
	uint64_t *offs;
	uint32_t *types;
	size_t nb, cut_block = 0;
	char p[] = "/tmp/sf-robust-eng-XXXXXX", err[512], want[128];
	SCAP_OPTS(scap_open_opts, o, .filename = p);
	const struct scap_evt_hdr *e;
	struct scap *h;
	uint64_t n = 0, expect = 0;
	int fd = mkstemp(p), rc;

	(void)unused;
	assert_true(fd >= 0);
	assert_int_equal(sft_blocks(synth, synth_len, &offs, &types, &nb), 0);
	/* cut in the middle of the 301st event block */
	for (size_t b = 0; b < nb; b++) {
		if (!is_event(types[b]))
			continue;
		if (expect == 300) {
			cut_block = b;
			break;
		}
		expect++;
	}
	assert_true(cut_block > 0);
	assert_int_equal(write(fd, synth, offs[cut_block] + 13), (ssize_t)(offs[cut_block] + 13));
	close(fd);
	h = scap_open("savefile", &o, err, sizeof(err));
	assert_non_null(h);
	while ((rc = scap_next(h, &e, NULL, NULL)) == 0)
		n++;
	assert_int_equal(rc, -SCAP_ERR_CORRUPT);
	assert_int_equal(n, expect);
	snprintf(want, sizeof(want), "event block 0x%x at offset %" PRIu64 ": truncated",
		 types[cut_block], offs[cut_block]);
	if (!strstr(scap_lasterr(h), want))
		fail_msg("'%s' lacks '%s'", scap_lasterr(h), want);
	assert_int_equal(scap_next(h, &e, NULL, NULL), -SCAP_ERR_CORRUPT);
	scap_close(h);

	/* damage inside the state: scap_open fails and says where */
	fd = open(p, O_WRONLY | O_TRUNC);
	assert_int_equal(write(fd, synth, offs[3] + 20), (ssize_t)(offs[3] + 20));
	close(fd);
	h = scap_open("savefile", &o, err, sizeof(err));
	assert_null(h);
	assert_int_equal(errno, SCAP_ERR_CORRUPT);
	snprintf(want, sizeof(want), "%s block 0x%x at offset %" PRIu64 ":",
		 sf_block_name(types[3]), types[3], offs[3]);
	if (!strstr(err, want))
		fail_msg("'%s' lacks '%s'", err, want);
	free(offs);
	free(types);
	unlink(p);
}

/* Files that are not captures, or captures we cannot read, say so at open. */
static void test_bad_headers(void **unused)
{
	static const struct {
		uint32_t magic;
		uint16_t major;
		int err;
		const char *msg;
	} cases[] = {
		{ 0x1A2B3C4D, 2, SCAP_ERR_UNSUPPORTED, "format version 2.0 is newer than supported 1.2" },
		{ 0x4D3C2B1A, 1, SCAP_ERR_CORRUPT, "byte-swapped (big-endian) captures are not supported" },
		{ 0x11111111, 1, SCAP_ERR_CORRUPT, "bad byte-order magic 0x11111111" },
	};
	char p[] = "/tmp/sf-robust-hdr-XXXXXX", err[512];
	SCAP_OPTS(scap_open_opts, o, .filename = p);
	int fd = mkstemp(p);

	(void)unused;
	assert_true(fd >= 0);
	close(fd);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		uint8_t shb[28];
		uint32_t v;
		FILE *f = fopen(p, "wb");

		v = SF_SHB;
		memcpy(shb, &v, 4);
		v = 28;
		memcpy(shb + 4, &v, 4);
		memcpy(shb + 24, &v, 4);
		memcpy(shb + 8, &cases[i].magic, 4);
		memcpy(shb + 12, &cases[i].major, 2);
		memset(shb + 14, 0, 10);
		fwrite(shb, 1, sizeof(shb), f);
		fclose(f);
		assert_null(scap_open("savefile", &o, err, sizeof(err)));
		assert_int_equal(errno, cases[i].err);
		if (!strstr(err, cases[i].msg) || !strstr(err, "section header block 0xa0d0d0a at offset 0"))
			fail_msg("case %zu: '%s'", i, err);
	}
	{
		SCAP_OPTS(scap_open_opts, o2, .filename = "/etc/passwd");

		assert_null(scap_open("savefile", &o2, err, sizeof(err)));
		assert_int_equal(errno, SCAP_ERR_CORRUPT);
		assert_non_null(strstr(err, "not a scap capture"));
	}
	{
		SCAP_OPTS(scap_open_opts, o3, .filename = "/nonexistent/x.scap");

		assert_null(scap_open("savefile", &o3, err, sizeof(err)));
		assert_int_equal(errno, ENOENT);
		assert_non_null(strstr(err, "No such file"));
	}
	unlink(p);
}

/* The largest old-layout event a block may hold: rebuilt with its 4 extra bytes in bounds. */
static void test_v1_max_event(void **unused)
{
	struct sbuf f = { 0 }, body = { 0 };
	const uint32_t len = 65542; /* 65556-byte block: 12 framing + 2 cpu + event */
	uint8_t *payload = calloc(1, len);
	struct scap_state *st = scap_state_new();
	struct sf_reader *r;
	const uint8_t *e;
	uint16_t cpu, l0 = (uint16_t)(len - 26), l1 = 0, type = SCAP_EVT_SYSCALL_CLOSE_X;
	uint32_t fl, nlen, np;
	char err[512];

	(void)unused;
	assert_int_equal(dump_encode_header(&f, NULL), 0);
	SFT_PUTV(&body, (uint16_t)1);
	SFT_PUTV(&body, (uint64_t)123); /* ts */
	SFT_PUTV(&body, (uint64_t)7); /* tid */
	SFT_PUTV(&body, len);
	SFT_PUTV(&body, type);
	SFT_PUTV(&body, l0);
	SFT_PUTV(&body, l1);
	memset(payload, 0xab, l0);
	sft_put(&body, payload, l0);
	sft_block(&f, SF_EV, &body);
	{
		uint64_t *offs;
		uint32_t *types;
		size_t nb;

		assert_int_equal(sft_blocks(f.p, f.len, &offs, &types, &nb), 0);
		assert_int_equal(nb, 2);
		memcpy(&fl, f.p + offs[1] + 4, 4);
		assert_int_equal(fl, 65556); /* the largest regular event block */
		free(offs);
		free(types);
	}
	if (sf_reader_open_mem(&r, f.p, f.len, st, err, sizeof(err)))
		fail_msg("%s", err);
	if (sf_reader_next(r, &e, &cpu, &fl))
		fail_msg("%s", sf_reader_error(r));
	memcpy(&nlen, e + 16, 4);
	memcpy(&np, e + 22, 4);
	assert_int_equal(nlen, len + 4);
	assert_int_equal(np, 2);
	assert_memory_equal(e + 30, payload, l0);
	assert_int_equal(sf_reader_next(r, &e, &cpu, &fl), SF_EOF);
	sf_reader_close(r);
	scap_state_free(st);
	sbuf_free(&f);
	sbuf_free(&body);
	free(payload);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_truncate_synthetic), cmocka_unit_test(test_truncate_sample),
		cmocka_unit_test(test_truncate_gzip),      cmocka_unit_test(test_flips_synthetic),
		cmocka_unit_test(test_flips_sample),       cmocka_unit_test(test_lying_lengths),
		cmocka_unit_test(test_engine_error),	   cmocka_unit_test(test_bad_headers),
		cmocka_unit_test(test_v1_max_event),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
