// SPDX-License-Identifier: Apache-2.0
/*
 * Write then read: synthetic events of every schema event type (so every parameter type the
 * schema uses) come back byte-identical, plain and gzip, with and without flags, including
 * large-payload blocks; the state survives field for field; old block layouts (event v1,
 * process list v1..v8 and the 0x80xx ids, fd/interface/user list v1) are decoded.
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
#include <scap/scap_event.h>
#include <scap/scap_state.h>
#include <syscap/event_table.h>

#include "dump_int.h"
#include "engines/savefile/scapfile_format.h"
#include "engines/savefile/scapfile_reader.h"
#include "sf_testlib.h"

static char *tmpfile_path(void)
{
	static char p[64];
	int fd;

	snprintf(p, sizeof(p), "/tmp/sf-rt-XXXXXX");
	fd = mkstemp(p);
	assert_true(fd >= 0);
	close(fd);
	return p;
}

struct evcopy {
	uint8_t *e;
	uint16_t cpu;
	uint32_t flags;
};

static void events_round_trip(int gzip, int big)
{
	const uint32_t rounds = 3;
	uint32_t n = SCAP_EVT_MAX * rounds;
	struct evcopy *ev = calloc(n, sizeof(*ev));
	char *path = tmpfile_path(), err[512];
	SCAP_OPTS(scap_dump_opts, o, .compression = gzip ? SCAP_DUMP_GZIP : SCAP_DUMP_PLAIN);
	struct scap_dumper *d = scap_dump_open(path, &o, err, sizeof(err));
	uint64_t seed = 42 + (uint64_t)gzip;
	uint8_t *buf = malloc(300000);
	int seen_type[SCAP_PT_MAX] = { 0 };
	int ntypes = 0, nlarge = 0;
	struct scap_state *st;
	struct sf_reader *r;
	uint32_t i;

	assert_non_null(d);
	for (i = 0; i < n; i++) {
		uint16_t type = (uint16_t)(i % SCAP_EVT_MAX);
		long len = sft_event(buf, 300000, type, &seed, 1000 + i, big);

		if (len < 0)
			fail_msg("building event %u: %ld", type, len);
		ev[i].e = malloc((size_t)len);
		memcpy(ev[i].e, buf, (size_t)len);
		ev[i].cpu = (uint16_t)(i % 7);
		ev[i].flags = i % 3 == 0 ? 0x5 : 0;
		for (uint32_t k = 0; k < scap_event_table[type].nparams; k++)
			seen_type[scap_event_table[type].params[k].type] = 1;
		if (scap_event_table[type].flags & SCAP_EF_LARGE_PAYLOAD)
			nlarge++;
		assert_int_equal(scap_dump(d, (const struct scap_evt_hdr *)ev[i].e, ev[i].cpu,
					   ev[i].flags),
				 0);
	}
	assert_int_equal(scap_dump_events(d), n);
	assert_int_equal(scap_dump_close(d), 0);

	st = scap_state_new();
	if (sf_reader_open_path(&r, path, st, err, sizeof(err)))
		fail_msg("%s", err);
	for (i = 0; i < n; i++) {
		const uint8_t *e;
		uint16_t cpu;
		uint32_t fl, len;
		int rc = sf_reader_next(r, &e, &cpu, &fl);

		if (rc)
			fail_msg("event %u: %d %s", i, rc, sf_reader_error(r));
		memcpy(&len, ev[i].e + 16, 4);
		assert_memory_equal(e, ev[i].e, len);
		assert_int_equal(cpu, ev[i].cpu);
		assert_int_equal(fl, ev[i].flags);
		assert_int_equal(scap_event_check((const struct scap_evt_hdr *)e, len), 0);
		free(ev[i].e);
	}
	assert_int_equal(sf_reader_next(r, &(const uint8_t *){ NULL }, &(uint16_t){ 0 },
					&(uint32_t){ 0 }),
			 SF_EOF);
	sf_reader_close(r);
	scap_state_free(st);
	for (i = 1; i < SCAP_PT_MAX; i++)
		ntypes += seen_type[i];
	printf("  %u events (%d large-payload), %d parameter types of %d exercised%s; absent "
	       "from the schema's events:",
	       n, nlarge, ntypes, SCAP_PT_MAX - 1, gzip ? ", gzip" : "");
	for (i = 1; i < SCAP_PT_MAX; i++)
		if (!seen_type[i])
			printf(" %u", i);
	printf("\n");
	assert_true(nlarge > 0);
	/* the block kinds used: large payload events in 0x221/0x222, flagged ones in 0x217 */
	if (!gzip) {
		uint8_t *data;
		size_t len, nb;
		uint64_t *offs;
		uint32_t *types;
		int k221 = 0, k222 = 0, k216 = 0, k217 = 0;

		assert_int_equal(sft_load(path, &data, &len), 0);
		assert_int_equal(sft_blocks(data, len, &offs, &types, &nb), 0);
		for (size_t b = 0; b < nb; b++) {
			k221 += types[b] == SF_EV_V2_LARGE;
			k222 += types[b] == SF_EVF_V2_LARGE;
			k216 += types[b] == SF_EV_V2;
			k217 += types[b] == SF_EVF_V2;
		}
		assert_true(k221 > 0 && k222 > 0 && k216 > 0 && k217 > 0);
		assert_int_equal(k221 + k222, nlarge);
		free(offs);
		free(types);
		free(data);
	}
	unlink(path);
	free(ev);
	free(buf);
}

static void test_events_plain(void **unused)
{
	(void)unused;
	events_round_trip(0, 0);
}

static void test_events_gzip(void **unused)
{
	(void)unused;
	events_round_trip(1, 0);
}

/* Large-payload events above 64 KiB. */
static void test_events_large(void **unused)
{
	(void)unused;
	events_round_trip(0, 1);
}

static void test_state_round_trip(void **unused)
{
	struct scap_state *st = sft_state(7, 5), *back = scap_state_new();
	SCAP_OPTS(scap_dump_opts, o, .compression = SCAP_DUMP_PLAIN, .state = st);
	char *path = tmpfile_path(), err[512];
	struct scap_dumper *d = scap_dump_open(path, &o, err, sizeof(err));
	struct sbuf a = { 0 }, b = { 0 };
	struct sf_reader *r;
	const struct scap_threadinfo *t;
	const uint8_t *e;
	uint16_t cpu;
	uint32_t fl;

	(void)unused;
	assert_non_null(d);
	assert_int_equal(scap_dump_close(d), 0);
	if (sf_reader_open_path(&r, path, back, err, sizeof(err)))
		fail_msg("%s", err);
	assert_int_equal(sf_reader_next(r, &e, &cpu, &fl), SF_EOF); /* no events: fine */
	sf_reader_close(r);
	assert_int_equal(dump_encode_header(&a, st), 0);
	assert_int_equal(dump_encode_header(&b, back), 0);
	assert_int_equal(a.len, b.len);
	assert_memory_equal(a.p, b.p, a.len);
	assert_int_equal(back->n_threads, 5);
	t = scap_state_find_thread(back, 102);
	assert_non_null(t);
	assert_string_equal(t->comm, "proc2");
	assert_int_equal(t->pgid, 9);
	assert_int_equal(t->tty, 34816);
	assert_int_equal(t->exe_from_memfd, 1);
	assert_int_equal(t->pidns_init_start_ts, 123456789);
	assert_int_equal(t->args_len, 11);
	assert_memory_equal(t->args, "-c\0echo hi", 11);
	assert_int_equal(t->nfds, SCAP_FD_PIDFD);
	for (uint32_t k = 0; k < t->nfds; k++) {
		const struct scap_fdinfo *f = &t->fds[k];

		assert_int_equal(f->fd, f->type + 2);
		if (f->type == SCAP_FD_FILE_V2) {
			assert_int_equal(f->dev, 0x803);
			assert_int_equal(f->open_flags, 0x41);
			assert_string_equal(f->name, "/var/log/x.log");
		}
		if (f->type == SCAP_FD_IPV6_SOCK)
			assert_int_equal(f->sock.ipv6.dport, 443);
		if (f->type == SCAP_FD_UNIX_SOCK)
			assert_string_equal(f->name, "/run/sock");
	}
	assert_string_equal(back->users[0].shell, "/bin/bash");
	assert_string_equal(back->groups[0].name, "staff");
	assert_int_equal(back->ifaces_v6[0].linkspeed, 10000);
	assert_string_equal(back->machine.hostname, "synthetic-host");
	sbuf_free(&a);
	sbuf_free(&b);
	scap_state_free(st);
	scap_state_free(back);
	unlink(path);
}

static void test_old_layouts(void **unused)
{
	static const struct {
		uint32_t id;
		int v;
	} pls[] = {
		{ SF_PL_V1, 1 }, { SF_PL_V1_INT, 1 }, { SF_PL_V2, 2 }, { SF_PL_V2_INT, 2 },
		{ SF_PL_V3, 3 }, { SF_PL_V3_INT, 3 }, { SF_PL_V4, 4 }, { SF_PL_V5, 5 },
		{ SF_PL_V6, 6 }, { SF_PL_V7, 7 }, { SF_PL_V8, 8 },
	};
	(void)unused;
	for (size_t k = 0; k < sizeof(pls) / sizeof(pls[0]); k++) {
		struct sbuf f = { 0 };
		struct scap_state *st = scap_state_new();
		const struct scap_threadinfo *t;
		struct sf_reader *r;
		uint8_t evbuf[512];
		char err[512];
		long elen;
		const uint8_t *e;
		uint16_t cpu;
		uint32_t fl;

		elen = sft_old_capture(&f, pls[k].id, pls[k].v, (int)k, evbuf, sizeof(evbuf));
		assert_true(elen > 0);

		if (sf_reader_open_mem(&r, f.p, f.len, st, err, sizeof(err)))
			fail_msg("PL 0x%x: %s", pls[k].id, err);
		assert_int_equal(sf_reader_next(r, &e, &cpu, &fl), 0);
		assert_memory_equal(e, evbuf, (size_t)elen);
		assert_int_equal(cpu, 3);
		assert_int_equal(fl, k % 3 == 1 ? 0x9 : 0);
		assert_int_equal(sf_reader_next(r, &e, &cpu, &fl), SF_EOF);
		sf_reader_close(r);

		assert_string_equal(st->machine.hostname, "oldhost");
		assert_int_equal(st->n_ifaces_v4, 1);
		assert_int_equal(st->ifaces_v4[0].linkspeed, 0);
		assert_string_equal(st->ifaces_v4[0].name, "lo");
		assert_int_equal(st->ifaces_v6[0].linkspeed, 100);
		assert_string_equal(st->users[0].shell, "/bin/sh");
		assert_string_equal(st->groups[0].name, "wheel");
		assert_int_equal(st->n_threads, 2);
		t = scap_state_find_thread(st, 500);
		assert_non_null(t);
		assert_int_equal(t->pid, 501);
		assert_string_equal(t->comm, "oldcomm");
		assert_string_equal(t->cwd, "/cwd");
		assert_int_equal(t->uid, 1000);
		assert_int_equal(t->sid, pls[k].v >= 6 ? 77 : (uint64_t)-1);
		assert_int_equal(t->vpgid, pls[k].v >= 8 ? 78 : (uint64_t)-1);
		assert_string_equal(t->exepath ? t->exepath : "", pls[k].v >= 7 ? "/usr/bin/old" : "");
		assert_int_equal(t->vmrss_kb, pls[k].v >= 2 ? 12 : 0);
		assert_int_equal(t->env_len, pls[k].v >= 3 ? 3 : 0);
		assert_int_equal(t->vpid, pls[k].v >= 4 ? 6 : -1);
		assert_string_equal(t->root ? t->root : "", pls[k].v >= 5 ? "/root" : "");
		assert_int_equal(t->loginuid, UINT32_MAX);
		assert_int_equal(t->nfds, 2);
		assert_string_equal(t->fds[0].name, "/etc/passwd");
		assert_int_equal(t->fds[1].sock.ipv4.dport, 4);
		assert_int_equal(t->fds[1].l4proto, SCAP_L4_UDP);
		sbuf_free(&f);
		scap_state_free(st);
	}
}

/* A v9 entry from a writer before libs 0.10 (no pidns_init_start_ts/tty) is told apart by length. */
static void test_pl_v9_pre_010(void **unused)
{
	struct sbuf f = { 0 }, body = { 0 };
	struct scap_state *st = scap_state_new();
	struct sf_reader *r;
	size_t at;
	uint32_t l;
	char err[512];

	(void)unused;
	assert_int_equal(dump_encode_header(&f, NULL), 0);
	at = body.len;
	SFT_PUTV(&body, (uint32_t)0);
	SFT_PUTV(&body, (uint64_t)9); /* tid */
	SFT_PUTV(&body, (uint64_t)9);
	SFT_PUTV(&body, (uint64_t)1);
	SFT_PUTV(&body, (uint64_t)9); /* sid */
	SFT_PUTV(&body, (uint64_t)9); /* vpgid */
	sft_put_s(&body, "c");
	sft_put_s(&body, "e");
	sft_put_s(&body, "p");
	sft_put_s(&body, "");
	sft_put_s(&body, "/");
	SFT_PUTV(&body, (uint64_t)1);
	SFT_PUTV(&body, (uint32_t)0);
	SFT_PUTV(&body, (uint32_t)0);
	SFT_PUTV(&body, (uint32_t)0);
	SFT_PUTV(&body, (uint32_t)0);
	SFT_PUTV(&body, (uint32_t)0);
	SFT_PUTV(&body, (uint32_t)0);
	SFT_PUTV(&body, (uint64_t)0);
	SFT_PUTV(&body, (uint64_t)0);
	sft_put_s(&body, "");
	SFT_PUTV(&body, (int64_t)1);
	SFT_PUTV(&body, (int64_t)1);
	sft_put_s(&body, "");
	sft_put_s(&body, "/");
	SFT_PUTV(&body, (uint32_t)4242); /* loginuid */
	SFT_PUTV(&body, (uint8_t)1); /* exe_writable */
	SFT_PUTV(&body, (uint64_t)1);
	SFT_PUTV(&body, (uint64_t)2);
	SFT_PUTV(&body, (uint64_t)3); /* cap_effective */
	l = (uint32_t)(body.len - at);
	memcpy(body.p + at, &l, 4);
	sft_block(&f, SF_PL_V9, &body);
	if (sf_reader_open_mem(&r, f.p, f.len, st, err, sizeof(err)))
		fail_msg("%s", err);
	sf_reader_close(r);
	assert_int_equal(st->threads[0].loginuid, 4242);
	assert_int_equal(st->threads[0].cap_effective, 3);
	assert_int_equal(st->threads[0].tty, 0);
	assert_int_equal(st->threads[0].pidns_init_start_ts, 0);
	sbuf_free(&f);
	sbuf_free(&body);
	scap_state_free(st);
}

/* An fd list without a process entry, with an old payload-less "unknown" fd: kept on a
 * placeholder that is written back as an fd list only. */
static void test_fdl_placeholder(void **unused)
{
	struct sbuf f = { 0 }, body = { 0 }, again = { 0 };
	struct scap_state *st = scap_state_new();
	const struct scap_threadinfo *t;
	struct sf_reader *r;
	char err[512];

	(void)unused;
	assert_int_equal(dump_encode_header(&f, NULL), 0);
	SFT_PUTV(&body, (uint64_t)999);
	SFT_PUTV(&body, (int64_t)0);
	SFT_PUTV(&body, (uint64_t)1);
	SFT_PUTV(&body, (uint8_t)SCAP_FD_UNKNOWN);
	SFT_PUTV(&body, (int64_t)1);
	SFT_PUTV(&body, (uint64_t)2);
	SFT_PUTV(&body, (uint8_t)SCAP_FD_DIRECTORY);
	sft_put_s(&body, "/tmp");
	sft_block(&f, SF_FDL, &body);
	if (sf_reader_open_mem(&r, f.p, f.len, st, err, sizeof(err)))
		fail_msg("%s", err);
	sf_reader_close(r);
	t = scap_state_find_thread(st, 999);
	assert_non_null(t);
	assert_int_equal(t->placeholder, 1);
	assert_int_equal(t->nfds, 2);
	assert_int_equal(t->fds[0].type, SCAP_FD_UNKNOWN);
	assert_string_equal(t->fds[1].name, "/tmp");
	/* written back: no process list (its only thread is a placeholder), one fd list */
	assert_int_equal(dump_encode_header(&again, st), 0);
	{
		uint64_t *offs;
		uint32_t *types;
		size_t nb;
		int pl = 0, fdl = 0;

		assert_int_equal(sft_blocks(again.p, again.len, &offs, &types, &nb), 0);
		for (size_t b = 0; b < nb; b++) {
			pl += types[b] == SF_PL_V9;
			fdl += types[b] == SF_FDL_V2;
		}
		assert_int_equal(pl, 0);
		assert_int_equal(fdl, 1);
		free(offs);
		free(types);
	}
	sbuf_free(&f);
	sbuf_free(&body);
	sbuf_free(&again);
	scap_state_free(st);
}

/* Two captures back to back (as `cat a.scap b.scap` makes them): every event of both; the
 * second section's header and state blocks are passed over. */
static void test_concatenated(void **unused)
{
	char a[] = "/tmp/sf-cat-a-XXXXXX", b[] = "/tmp/sf-cat-b-XXXXXX";
	uint8_t *da, *db, *both;
	size_t la, lb;
	struct scap_state *st = scap_state_new();
	struct sf_reader *r;
	const uint8_t *e;
	uint16_t cpu;
	uint32_t fl;
	uint64_t n = 0;
	char err[512];
	int fa = mkstemp(a), fb = mkstemp(b);

	(void)unused;
	assert_true(fa >= 0 && fb >= 0);
	close(fa);
	close(fb);
	assert_int_equal(sft_write_capture(a, 0, 50, 2, 1), 0);
	assert_int_equal(sft_write_capture(b, 1, 70, 3, 2), 0);
	assert_int_equal(sft_load(a, &da, &la), 0);
	assert_int_equal(sft_load(b, &db, &lb), 0);
	both = malloc(la + lb);
	memcpy(both, da, la);
	memcpy(both + la, db, lb);
	if (sf_reader_open_mem(&r, both, la + lb, st, err, sizeof(err)))
		fail_msg("%s", err);
	while (sf_reader_next(r, &e, &cpu, &fl) == 0)
		n++;
	assert_int_equal(n, 120);
	assert_int_equal(sf_reader_counts(r)->shb, 2);
	assert_int_equal(st->n_threads, 2); /* the first section's state */
	sf_reader_close(r);
	scap_state_free(st);
	free(both);
	free(da);
	free(db);
	unlink(a);
	unlink(b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_events_plain),     cmocka_unit_test(test_events_gzip),
		cmocka_unit_test(test_events_large),     cmocka_unit_test(test_state_round_trip),
		cmocka_unit_test(test_old_layouts),      cmocka_unit_test(test_pl_v9_pre_010),
		cmocka_unit_test(test_fdl_placeholder),  cmocka_unit_test(test_concatenated),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
