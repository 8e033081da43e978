// SPDX-License-Identifier: Apache-2.0
/*
 * Third-party captures (../shared/samples): each one is read to its end through the savefile
 * engine with the exact number of event blocks, the process and fd counts found in its state
 * blocks, and then written back with scap_dump (-w) and read again event for event.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include <scap/scap.h>
#include <scap/scap_dump.h>
#include <scap/scap_state.h>

#include "dump_int.h"
#include "engines/savefile/scapfile_format.h"
#include "engines/savefile/scapfile_reader.h"
#include "sf_testlib.h"

struct sample {
	const char *file;
	uint64_t events; /* event blocks (README) */
	uint32_t fdl; /* fd-list blocks = threads (README) */
	uint32_t pl_type;
	uint64_t fds; /* fd entries, counted by a separate throwaway walk over the FDL blocks */
};

static const struct sample samples[] = {
	{ "falco_cat_write.scap", 345, 73, SF_PL_V6, 384 },
	{ "falco_connect_localhost.scap", 374, 184, SF_PL_V7, 690 },
	{ "libs_curl_google.scap", 1536, 54, SF_PL_V5, 316 },
	{ "libs_single_ipv6_conn.scap", 1728, 154, SF_PL_V9, 564 },
	{ "libs_test_ipv6_client.scap", 326, 58, SF_PL_V5, 333 },
};

static char dir[4096];

static void path_of(char *out, size_t n, const char *file)
{
	snprintf(out, n, "%s/%s", dir, file);
}

/* Through the public engine: every event, then -SCAP_ERR_EOF, and the state. */
static void test_engine_reads_all(void **unused)
{
	(void)unused;
	for (size_t i = 0; i < sizeof(samples) / sizeof(samples[0]); i++) {
		char p[4200], err[512];
		SCAP_OPTS(scap_open_opts, o, .filename = p);
		const struct scap_evt_hdr *e;
		const struct scap_state *st;
		struct scap *h;
		uint64_t n = 0;
		int rc;

		path_of(p, sizeof(p), samples[i].file);
		h = scap_open("savefile", &o, err, sizeof(err));
		if (!h)
			fail_msg("%s: %s", p, err);
		while ((rc = scap_next(h, &e, NULL, NULL)) == 0) {
			assert_true(e->len >= SCAP_EVT_HDR_SIZE);
			n++;
		}
		if (rc != -SCAP_ERR_EOF)
			fail_msg("%s: %d after %llu events: %s", p, rc, (unsigned long long)n,
				 scap_lasterr(h));
		assert_int_equal(n, samples[i].events);
		st = scap_get_state(h);
		assert_non_null(st);
		assert_int_equal(st->n_threads, samples[i].fdl);
		assert_int_equal(scap_state_count_fds(st), samples[i].fds);
		assert_true(st->has_machine_info);
		assert_true(st->n_users > 0 && st->n_groups > 0);
		assert_true(st->n_ifaces_v4 > 0);
		printf("  %s: %llu events, %u threads, %llu fds, %u users, %u groups, %u+%u addrs\n",
		       samples[i].file, (unsigned long long)n, st->n_threads,
		       (unsigned long long)scap_state_count_fds(st), st->n_users, st->n_groups,
		       st->n_ifaces_v4, st->n_ifaces_v6);
		scap_close(h);
	}
}

/* Block-level view: block kinds and the process-list version of each sample. */
static void test_block_counts(void **unused)
{
	(void)unused;
	for (size_t i = 0; i < sizeof(samples) / sizeof(samples[0]); i++) {
		struct scap_state *st = scap_state_new();
		const struct sf_block_counts *c;
		struct sf_reader *r;
		const uint8_t *e;
		uint16_t cpu;
		uint32_t fl;
		char p[4200], err[512];
		int rc;

		path_of(p, sizeof(p), samples[i].file);
		rc = sf_reader_open_path(&r, p, st, err, sizeof(err));
		if (rc)
			fail_msg("%s: %s", p, err);
		while ((rc = sf_reader_next(r, &e, &cpu, &fl)) == 0)
			;
		assert_int_equal(rc, SF_EOF);
		c = sf_reader_counts(r);
		assert_int_equal(c->shb, 1);
		assert_int_equal(c->mi, 1);
		assert_int_equal(c->il, 1);
		assert_int_equal(c->ul, 1);
		assert_int_equal(c->pl, 1);
		assert_int_equal(c->pl_type, samples[i].pl_type);
		assert_int_equal(c->fdl, samples[i].fdl);
		assert_int_equal(c->ev, samples[i].events);
		assert_int_equal(sf_reader_skipped(r), 0);
		sf_reader_close(r);
		scap_state_free(st);
	}
}

/*
 * -w: copy state and events with the dumper, read back: same events, same state encoding. The
 * copy is read with scap_next_batch(), which a capture file serves one event per call.
 */
static void test_rewrite(void **unused)
{
	(void)unused;
	for (size_t i = 0; i < sizeof(samples) / sizeof(samples[0]); i++) {
		for (int gz = 0; gz < 2; gz++) {
			char p[4200], out[64], err[512];
			SCAP_OPTS(scap_open_opts, o, .filename = p);
			SCAP_OPTS(scap_open_opts, o2, .filename = out);
			const struct scap_evt_hdr *e, *e2[4];
			struct scap *h, *h2;
			struct scap_dumper *d;
			struct sbuf s1 = { 0 }, s2 = { 0 };
			uint16_t cpu, cpu2[4];
			uint32_t fl, fl2[4];
			uint64_t n = 0;
			int rc, fd;

			path_of(p, sizeof(p), samples[i].file);
			snprintf(out, sizeof(out), "/tmp/sf-rewrite-XXXXXX");
			fd = mkstemp(out);
			assert_true(fd >= 0);
			h = scap_open("savefile", &o, err, sizeof(err));
			assert_non_null(h);
			{
				SCAP_OPTS(scap_dump_opts, dopts,
					  .compression = gz ? SCAP_DUMP_GZIP : SCAP_DUMP_PLAIN,
					  .state = scap_get_state(h));
				d = scap_dump_open_fd(fd, &dopts, err, sizeof(err));
			}
			if (!d)
				fail_msg("dump open: %s", err);
			while ((rc = scap_next(h, &e, &cpu, &fl)) == 0)
				assert_int_equal(scap_dump(d, e, cpu, fl), 0);
			assert_int_equal(rc, -SCAP_ERR_EOF);
			assert_int_equal(scap_dump_close(d), 0);
			scap_close(h);

			/* read both again side by side */
			h = scap_open("savefile", &o, err, sizeof(err));
			h2 = scap_open("savefile", &o2, err, sizeof(err));
			if (!h2)
				fail_msg("reading the copy: %s", err);
			assert_int_equal(dump_encode_header(&s1, scap_get_state(h)), 0);
			assert_int_equal(dump_encode_header(&s2, scap_get_state(h2)), 0);
			assert_int_equal(s1.len, s2.len);
			assert_memory_equal(s1.p, s2.p, s1.len);
			sbuf_free(&s1);
			sbuf_free(&s2);
			assert_int_equal(scap_next_batch(h2, e2, cpu2, fl2, 0), -EINVAL);
			while ((rc = scap_next(h, &e, &cpu, &fl)) == 0) {
				assert_int_equal(scap_next_batch(h2, e2, cpu2, fl2, 4), 1);
				assert_int_equal(e->len, e2[0]->len);
				assert_memory_equal(e, e2[0], e->len);
				assert_int_equal(cpu, cpu2[0]);
				assert_int_equal(fl, fl2[0]);
				n++;
			}
			assert_int_equal(scap_next_batch(h2, e2, NULL, NULL, 4), -SCAP_ERR_EOF);
			assert_int_equal(n, samples[i].events);
			scap_close(h);
			scap_close(h2);
			unlink(out);
		}
	}
}

/* True when an FDL v2 block holds a regular-file entry (those gained a dev field later). */
static int fdl_has_file(const uint8_t *blk, uint32_t len)
{
	size_t p = 8 + 8;

	while (p + 21 <= len - 4) {
		uint32_t sl;

		memcpy(&sl, blk + p, 4);
		if (blk[p + 20] == SCAP_FD_FILE_V2)
			return 1;
		if (sl < 21)
			return 1;
		p += sl;
	}
	return 0;
}

/*
 * Interoperability: the v1.2 sample was written by falcosecurity libscap. Our reader + writer
 * reproduce its section header, machine-info, interface-list and user-list blocks byte for byte,
 * every fd list block whose entries have not changed layout since (file entries gained a dev
 * field), and all of its event blocks.
 */
static void test_state_blocks_identical(void **unused)
{
	char p[4200];
	uint8_t *data;
	size_t len, nb, nb2, k2 = 0, same = 0, checked = 0;
	uint64_t *offs, *offs2;
	uint32_t *types, *types2;
	struct scap_state *st = scap_state_new();
	struct sf_reader *r;
	struct sbuf ours = { 0 };
	char err[512];

	(void)unused;
	path_of(p, sizeof(p), "libs_single_ipv6_conn.scap");
	assert_int_equal(sft_load(p, &data, &len), 0);
	assert_int_equal(sft_blocks(data, len, &offs, &types, &nb), 0);
	if (sf_reader_open_mem(&r, data, len, st, err, sizeof(err)))
		fail_msg("%s", err);
	sf_reader_close(r);
	assert_int_equal(dump_encode_header(&ours, st), 0);
	assert_int_equal(sft_blocks(ours.p, ours.len, &offs2, &types2, &nb2), 0);
	/* SHB, MI, IL, UL: the same bytes at the same offsets */
	assert_int_equal(types[1], SF_MI);
	assert_int_equal(types[2], SF_IL_V2);
	assert_int_equal(types[3], SF_UL_V2);
	assert_int_equal(offs2[4], offs[4]);
	assert_memory_equal(ours.p, data, offs[4]);
	for (size_t b = 0; b < nb; b++) {
		uint32_t l1, l2;

		if (types[b] != SF_FDL_V2)
			continue;
		while (k2 < nb2 && types2[k2] != SF_FDL_V2)
			k2++;
		assert_true(k2 < nb2);
		memcpy(&l1, data + offs[b] + 4, 4);
		memcpy(&l2, ours.p + offs2[k2] + 4, 4);
		if (!fdl_has_file(data + offs[b], l1)) {
			checked++;
			assert_int_equal(l1, l2);
			assert_memory_equal(data + offs[b], ours.p + offs2[k2], l1);
			same++;
		}
		k2++;
	}
	printf("  MI/IL/UL identical (%llu bytes), %zu of %zu comparable fd lists identical\n",
	       (unsigned long long)offs[4], same, checked);
	assert_true(checked >= 100);

	/* the event blocks: copied through scap_dump they are the original bytes */
	{
		char out[] = "/tmp/sf-interop-XXXXXX";
		int fd = mkstemp(out);
		SCAP_OPTS(scap_dump_opts, o, .compression = SCAP_DUMP_PLAIN);
		struct scap_dumper *d = scap_dump_open_fd(fd, &o, err, sizeof(err));
		uint8_t *copy;
		size_t clen, first_ev = 0, hdr = 28;
		const uint8_t *e;
		uint16_t cpu;
		uint32_t fl;
		struct scap_state *st2 = scap_state_new();

		assert_non_null(d);
		assert_int_equal(sf_reader_open_mem(&r, data, len, st2, err, sizeof(err)), 0);
		while (sf_reader_next(r, &e, &cpu, &fl) == 0)
			assert_int_equal(scap_dump(d, (const struct scap_evt_hdr *)e, cpu, fl), 0);
		sf_reader_close(r);
		scap_state_free(st2);
		assert_int_equal(scap_dump_close(d), 0);
		assert_int_equal(sft_load(out, &copy, &clen), 0);
		while (types[first_ev] != SF_EV_V2)
			first_ev++;
		assert_int_equal(clen - hdr, len - offs[first_ev]);
		assert_memory_equal(copy + hdr, data + offs[first_ev], clen - hdr);
		printf("  %zu bytes of event blocks identical\n", clen - hdr);
		free(copy);
		unlink(out);
	}
	sbuf_free(&ours);
	free(offs);
	free(types);
	free(offs2);
	free(types2);
	free(data);
	scap_state_free(st);
}

int main(void)
{
	const char *s = getenv("SYSCAP_SAMPLES");
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_engine_reads_all),
		cmocka_unit_test(test_block_counts),
		cmocka_unit_test(test_rewrite),
		cmocka_unit_test(test_state_blocks_identical),
	};
	char probe[4200];

	snprintf(dir, sizeof(dir), "%s", s ? s : "../shared/samples");
	path_of(probe, sizeof(probe), samples[0].file);
	if (access(probe, R_OK)) {
		printf("SKIP: sample captures not found in %s (set SYSCAP_SAMPLES)\n", dir);
		return 77;
	}
	return cmocka_run_group_tests(tests, NULL, NULL);
}
