// SPDX-License-Identifier: Apache-2.0
/* Event API: building and decoding every parameter type, validation, printing, the test engine. */
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

#include <scap/scap.h>
#include <scap/scap_event.h>

/* Deterministic bytes of a plausible size for a parameter type. */
static uint32_t sample_param(uint8_t type, uint32_t seed, unsigned char *buf)
{
	uint32_t size = scap_param_type_size(type);

	if (!size) {
		switch (type) {
		case SCAP_PT_SOCKADDR:
			buf[0] = SCAP_AF_INET;
			size = 7;
			break;
		case SCAP_PT_SOCKTUPLE:
			buf[0] = SCAP_AF_INET6;
			size = 37;
			break;
		case SCAP_PT_FDLIST:
			buf[0] = 2;
			buf[1] = 0;
			size = 22;
			break;
		case SCAP_PT_DYN:
			buf[0] = 0;
			size = 9;
			break;
		default:
			size = 5 + seed % 40; /* strings and buffers */
		}
	}
	for (uint32_t i = (type == SCAP_PT_SOCKADDR || type == SCAP_PT_SOCKTUPLE ||
			   type == SCAP_PT_DYN) ? 1 : (type == SCAP_PT_FDLIST ? 2 : 0);
	     i < size; i++)
		buf[i] = (unsigned char)('a' + (seed + i) % 26);
	if (type == SCAP_PT_CHARBUF || type == SCAP_PT_FSPATH || type == SCAP_PT_FSRELPATH)
		buf[size - 1] = '\0';
	return size;
}

/* Every event of the schema, with every parameter filled, decodes to the same bytes. */
static void test_roundtrip_all_events(void **state)
{
	static unsigned char evbuf[70000];
	unsigned char pbuf[SCAP_MAX_EVENT_PARAMS][64];
	struct scap_param in[SCAP_MAX_EVENT_PARAMS], out[SCAP_MAX_EVENT_PARAMS];

	(void)state;
	for (uint16_t t = 0; t < SCAP_EVT_MAX; t++) {
		const struct scap_event_info *info = scap_event_get_info(t);
		long len;

		for (uint32_t i = 0; i < info->nparams; i++) {
			in[i].data = pbuf[i];
			in[i].len = sample_param(info->params[i].type, t * 31 + i, pbuf[i]);
		}
		len = scap_event_build(evbuf, sizeof(evbuf), 1000 + t, 42, t, info->nparams, in);
		assert_true(len >= SCAP_EVT_HDR_SIZE);
		assert_int_equal(scap_event_check((void *)evbuf, (size_t)len), 0);
		assert_int_equal(scap_event_params((void *)evbuf, out, SCAP_MAX_EVENT_PARAMS),
				 (int)info->nparams);
		for (uint32_t i = 0; i < info->nparams; i++) {
			assert_int_equal(out[i].len, in[i].len);
			assert_memory_equal(out[i].data, in[i].data, in[i].len);
		}
		/* rebuilding from the decoded view is byte-identical */
		static unsigned char again[70000];
		assert_int_equal(scap_event_build(again, sizeof(again), 1000 + t, 42, t,
						  info->nparams, out),
				 len);
		assert_memory_equal(again, evbuf, (size_t)len);
		/* and every event prints without error */
		char txt[4096];
		assert_true(scap_event_format_args(txt, sizeof(txt), (void *)evbuf) >= 0);
	}
}

static void test_large_payload_lengths(void **state)
{
	static unsigned char buf[200000];
	static unsigned char big[100000];
	struct scap_param p[2] = { { "\x01\x00\x00\x00", 4 }, { big, sizeof(big) } };
	struct scap_param out[2];
	long len;

	(void)state;
	assert_true(scap_event_get_info(SCAP_EVT_PLUGINEVENT_E)->flags & SCAP_EF_LARGE_PAYLOAD);
	len = scap_event_build(buf, sizeof(buf), 1, 2, SCAP_EVT_PLUGINEVENT_E, 2, p);
	assert_int_equal(len, SCAP_EVT_HDR_SIZE + 2 * 4 + 4 + (long)sizeof(big));
	assert_int_equal(scap_event_check((void *)buf, (size_t)len), 0);
	assert_int_equal(scap_event_params((void *)buf, out, 2), 2);
	assert_int_equal(out[1].len, sizeof(big));
	/* a u16-length event cannot carry it */
	assert_int_equal(scap_event_build(buf, sizeof(buf), 1, 2, SCAP_EVT_SYSCALL_WRITE_X, 2, p),
			 -E2BIG);
	/* a too-small buffer is refused */
	p[1].len = 8;
	assert_int_equal(scap_event_build(buf, 30, 1, 2, SCAP_EVT_SYSCALL_CLOSE_X, 2, p), -ENOSPC);
}

static void test_check_rejects_corruption(void **state)
{
	unsigned char buf[256];
	struct scap_evt_hdr h;
	long len = scap_event_buildf(buf, sizeof(buf), 5, 6, SCAP_EVT_SYSCALL_CLOSE_X, (uint64_t)0,
				     (uint64_t)3);

	(void)state;
	assert_int_equal(len, 46); /* 26 + 2*2 + 8 + 8, the documented close exit size */
	assert_int_equal(scap_event_check((void *)buf, (size_t)len), 0);
	assert_int_equal(scap_event_check((void *)buf, (size_t)len - 1), -SCAP_ERR_CORRUPT);
	assert_int_equal(scap_event_check((void *)buf, 10), -SCAP_ERR_CORRUPT);
	memcpy(&h, buf, sizeof(h));
	h.nparams = 33;
	memcpy(buf, &h, sizeof(h));
	assert_int_equal(scap_event_check((void *)buf, (size_t)len), -SCAP_ERR_CORRUPT);
	h.nparams = 2;
	h.len = 45;
	memcpy(buf, &h, sizeof(h));
	assert_int_equal(scap_event_check((void *)buf, (size_t)len), -SCAP_ERR_CORRUPT);
	h.len = 46;
	memcpy(buf, &h, sizeof(h));
	buf[26] = 9; /* first length no longer adds up */
	assert_int_equal(scap_event_check((void *)buf, (size_t)len), -SCAP_ERR_CORRUPT);
}

static void expect_args(const char *want, unsigned int type, ...)
{
	/* build through scap_event_buildf with the caller's arguments */
	unsigned char buf[2048];
	char txt[2048];
	va_list ap;
	const struct scap_event_info *info = scap_event_get_info((uint16_t)type);
	struct scap_param params[SCAP_MAX_EVENT_PARAMS];
	uint64_t ints[SCAP_MAX_EVENT_PARAMS];

	va_start(ap, type);
	for (uint32_t i = 0; i < info->nparams; i++) {
		uint8_t t = info->params[i].type;
		uint32_t size = scap_param_type_size(t);

		if (t == SCAP_PT_CHARBUF || t == SCAP_PT_FSPATH || t == SCAP_PT_FSRELPATH) {
			const char *s = va_arg(ap, const char *);

			params[i].data = s;
			params[i].len = s ? (uint32_t)strlen(s) + 1 : 0;
		} else if (size && size <= 8 && t != SCAP_PT_DOUBLE) {
			ints[i] = va_arg(ap, uint64_t);
			params[i].data = &ints[i];
			params[i].len = size;
		} else {
			const struct scap_param *raw = va_arg(ap, const struct scap_param *);

			params[i] = raw ? *raw : (struct scap_param){ NULL, 0 };
		}
	}
	va_end(ap);
	assert_true(scap_event_build(buf, sizeof(buf), 1, 1, (uint16_t)type, info->nparams, params) > 0);
	assert_true(scap_event_format_args(txt, sizeof(txt), (void *)buf) > 0);
	assert_string_equal(txt, want);
}

/* The strings sysdig prints for the same values (checked against sysdig 0.29.3 output). */
static void test_format_like_sysdig(void **state)
{
	unsigned char tup[37] = { SCAP_AF_INET6 };
	struct scap_param tuple = { tup, sizeof(tup) };
	unsigned char utup[17 + 22] = { SCAP_AF_UNIX };
	struct scap_param utuple = { utup, sizeof(utup) };
	uint16_t port;
	uint64_t id;

	(void)state;
	expect_args("fd=3 name=/etc/ld.so.cache flags=4097(O_RDONLY|O_CLOEXEC) mode=0 dev=803 ino=12",
		    SCAP_EVT_SYSCALL_OPEN_X, (uint64_t)3, "/etc/ld.so.cache",
		    (uint64_t)(SCAP_O_RDONLY | SCAP_O_CLOEXEC), (uint64_t)0, (uint64_t)0x803,
		    (uint64_t)12);
	expect_args("res=-2(ENOENT) fd=7", SCAP_EVT_SYSCALL_CLOSE_X, (uint64_t)-2, (uint64_t)7);
	expect_args("mode=0(F_OK)", SCAP_EVT_SYSCALL_ACCESS_E, (uint64_t)0);
	expect_args("mode=4(R_OK)", SCAP_EVT_SYSCALL_ACCESS_E, (uint64_t)4);

	inet_pton(AF_INET6, "2600:1f18:262c:6542:9aa6:df7a:9a47:d29e", tup + 1);
	port = 40251;
	memcpy(tup + 17, &port, 2);
	inet_pton(AF_INET6, "2001:4860:4860::8888", tup + 19);
	port = 53;
	memcpy(tup + 35, &port, 2);
	expect_args("res=0 tuple=2600:1f18:262c:6542:9aa6:df7a:9a47:d29e:40251->"
		    "2001:4860:4860::8888:53 fd=4 addr=NULL",
		    SCAP_EVT_SOCKET_CONNECT_X, (uint64_t)0, &tuple, (uint64_t)4, NULL);

	id = 0;
	memcpy(utup + 1, &id, 8);
	id = 0xffff88003c420800ULL;
	memcpy(utup + 9, &id, 8);
	memcpy(utup + 17, "/var/run/nscd/socket", 21);
	utuple.len = 17 + 21;
	expect_args("res=-2(ENOENT) tuple=0->ffff88003c420800 /var/run/nscd/socket fd=4 addr=NULL",
		    SCAP_EVT_SOCKET_CONNECT_X, (uint64_t)-2, &utuple, (uint64_t)4, NULL);
}

static void test_decoders(void **state)
{
	unsigned char sa[7] = { SCAP_AF_INET, 127, 0, 0, 1 };
	struct scap_param p = { sa, sizeof(sa) };
	struct scap_sockaddr out;
	uint16_t port = 8080;
	unsigned char fdl[2 + 20];
	uint16_t n = 2, fl;
	int64_t fd;

	(void)state;
	memcpy(sa + 5, &port, 2);
	assert_int_equal(scap_param_sockaddr(&p, &out), 0);
	assert_int_equal(out.family, SCAP_AF_INET);
	assert_int_equal(out.sport, 8080);
	assert_memory_equal(out.sip, "\x7f\0\0\x01", 4);
	p.len = 5;
	assert_int_equal(scap_param_sockaddr(&p, &out), -SCAP_ERR_CORRUPT);

	memcpy(fdl, &n, 2);
	for (int i = 0; i < 2; i++) {
		int64_t f = 10 + i;
		uint16_t flg = (uint16_t)(i + 1);

		memcpy(fdl + 2 + i * 10, &f, 8);
		memcpy(fdl + 2 + i * 10 + 8, &flg, 2);
	}
	p = (struct scap_param){ fdl, sizeof(fdl) };
	assert_int_equal(scap_param_fdlist(&p, 1, &fd, &fl), 2);
	assert_int_equal(fd, 11);
	assert_int_equal(fl, 2);
	p.len = 15;
	assert_int_equal(scap_param_fdlist(&p, 0, &fd, &fl), -SCAP_ERR_CORRUPT);

	const char args[] = "-l\0-a\0/tmp";
	p = (struct scap_param){ args, sizeof(args) };
	const char *s = scap_param_next_string(&p, NULL);
	assert_string_equal(s, "-l");
	s = scap_param_next_string(&p, s);
	assert_string_equal(s, "-a");
	s = scap_param_next_string(&p, s);
	assert_string_equal(s, "/tmp");
	assert_null(scap_param_next_string(&p, s));
	/* an unterminated last string is not returned */
	p.len = sizeof(args) - 1;
	s = scap_param_next_string(&p, scap_param_next_string(&p, NULL));
	assert_string_equal(s, "-a");
	assert_null(scap_param_next_string(&p, s));

	int64_t v;
	unsigned char neg[4] = { 0xff, 0xff, 0xff, 0xff };
	p = (struct scap_param){ neg, 4 };
	assert_int_equal(scap_param_s64(&p, SCAP_PT_FD32, &v), 0);
	assert_int_equal(v, -1);
	assert_int_equal(scap_param_s64(&p, SCAP_PT_UINT32, &v), 0);
	assert_int_equal(v, 0xffffffffLL);
	p.len = 3;
	assert_int_equal(scap_param_s64(&p, SCAP_PT_UINT32, &v), -EINVAL);
}

/* Socket tuples of the three families, DYN parameters; malformed input is refused. */
static void test_tuple_and_dyn(void **state)
{
	unsigned char t4[13] = { SCAP_AF_INET, 10, 0, 0, 1 }, t6[37] = { SCAP_AF_INET6 };
	unsigned char tu[17 + 12] = { SCAP_AF_UNIX };
	struct scap_param p = { t4, sizeof(t4) }, v;
	const struct scap_param_info *dyn, *variant;
	struct scap_sockaddr out;
	uint16_t port;
	uint64_t id;
	char txt[64];

	(void)state;
	port = 40000;
	memcpy(t4 + 5, &port, 2);
	memcpy(t4 + 7, "\x0a\x00\x00\x02", 4);
	port = 80;
	memcpy(t4 + 11, &port, 2);
	assert_int_equal(scap_param_socktuple(&p, &out), 0);
	assert_int_equal(out.family, SCAP_AF_INET);
	assert_memory_equal(out.sip, "\x0a\x00\x00\x01", 4);
	assert_memory_equal(out.dip, "\x0a\x00\x00\x02", 4);
	assert_int_equal(out.sport, 40000);
	assert_int_equal(out.dport, 80);
	p.len = 12;
	assert_int_equal(scap_param_socktuple(&p, &out), -SCAP_ERR_CORRUPT);

	inet_pton(AF_INET6, "2001:db8::1", t6 + 1);
	port = 5353;
	memcpy(t6 + 17, &port, 2);
	inet_pton(AF_INET6, "2001:db8::2", t6 + 19);
	port = 443;
	memcpy(t6 + 35, &port, 2);
	p = (struct scap_param){ t6, sizeof(t6) };
	assert_int_equal(scap_param_socktuple(&p, &out), 0);
	assert_int_equal(out.family, SCAP_AF_INET6);
	assert_int_equal(out.sip[15], 1);
	assert_int_equal(out.dip[15], 2);
	assert_int_equal(out.sport, 5353);
	assert_int_equal(out.dport, 443);
	p.len = 36;
	assert_int_equal(scap_param_socktuple(&p, &out), -SCAP_ERR_CORRUPT);

	id = 0x1111;
	memcpy(tu + 1, &id, 8);
	id = 0x2222;
	memcpy(tu + 9, &id, 8);
	memcpy(tu + 17, "/run/x.sock", 12);
	p = (struct scap_param){ tu, sizeof(tu) };
	assert_int_equal(scap_param_socktuple(&p, &out), 0);
	assert_int_equal(out.family, SCAP_AF_UNIX);
	assert_int_equal(out.src_id, 0x1111);
	assert_int_equal(out.dst_id, 0x2222);
	assert_string_equal(out.path, "/run/x.sock");

	/* setsockopt's val: an index byte picks the type of what follows */
	dyn = &scap_event_get_info(SCAP_EVT_SOCKET_SETSOCKOPT_X)->params[4];
	assert_int_equal(dyn->type, SCAP_PT_DYN);
	p = (struct scap_param){ "\x02\x2a\x00\x00\x00", 5 };
	assert_int_equal(scap_param_dyn(dyn, &p, &variant, &v), 0);
	assert_int_equal(variant->type, SCAP_PT_UINT32);
	assert_int_equal(v.len, 4);
	assert_int_equal(*(const unsigned char *)v.data, 0x2a);
	assert_true(scap_param_format(txt, sizeof(txt), dyn, &p) > 0);
	assert_string_equal(txt, "42");
	p.data = "\x09\x2a";
	p.len = 2;
	assert_int_equal(scap_param_dyn(dyn, &p, &variant, &v), -SCAP_ERR_CORRUPT);
	p.len = 0;
	assert_int_equal(scap_param_dyn(dyn, &p, &variant, &v), -SCAP_ERR_CORRUPT);
}

static void test_test_engine(void **state)
{
	unsigned char e1[64], e2[64], bad[64];
	const struct scap_evt_hdr *evs[3] = { (void *)e1, (void *)e2, (void *)bad };
	const struct scap_evt_hdr *ev;
	char err[256];
	struct scap *h;
	uint16_t cpu;
	uint32_t flags;

	(void)state;
	assert_true(scap_event_buildf(e1, sizeof(e1), 10, 1, SCAP_EVT_SYSCALL_CLOSE_X,
				      (uint64_t)0, (uint64_t)3) > 0);
	assert_true(scap_event_buildf(e2, sizeof(e2), 20, 1, SCAP_EVT_SYSCALL_CLOSE_X,
				      (uint64_t)0, (uint64_t)4) > 0);
	memcpy(bad, e1, sizeof(bad));
	bad[16] = 200; /* len beyond the parameters */

	SCAP_OPTS(scap_open_opts, o, .test_events = evs, .test_nevents = 2);
	h = scap_open("test", &o, err, sizeof(err));
	assert_non_null(h);
	assert_string_equal(scap_engine_name(h), "test");
	assert_int_equal(scap_next(h, &ev, &cpu, &flags), 0);
	assert_int_equal(ev->ts, 10);
	assert_int_equal(scap_next(h, &ev, &cpu, &flags), 0);
	assert_int_equal(ev->ts, 20);
	assert_int_equal(scap_next(h, &ev, &cpu, &flags), -SCAP_ERR_EOF);
	assert_int_equal(scap_configure(h, SCAP_SET_SNAPLEN, 100, 0), -ENOTSUP);
	scap_close(h);

	o.test_nevents = 3;
	h = scap_open("test", &o, err, sizeof(err));
	assert_non_null(h);
	assert_int_equal(scap_next(h, &ev, NULL, NULL), 0);
	assert_int_equal(scap_next(h, &ev, NULL, NULL), 0);
	assert_int_equal(scap_next(h, &ev, NULL, NULL), -SCAP_ERR_CORRUPT);
	assert_non_null(strstr(scap_lasterr(h), "event 2 is malformed"));
	scap_close(h);
}

static void test_open_errors(void **state)
{
	char err[256];
	struct {
		struct scap_open_opts o;
		uint64_t extra;
	} big;

	(void)state;
	assert_null(scap_open("nonesuch", NULL, err, sizeof(err)));
	assert_int_equal(errno, SCAP_ERR_NO_ENGINE);
	assert_string_equal(err, "unknown engine 'nonesuch'");

	memset(&big, 0, sizeof(big));
	big.o.sz = sizeof(big);
	big.extra = 1; /* a field this library does not know is set: refuse */
	assert_null(scap_open("test", &big.o, err, sizeof(err)));
	assert_int_equal(errno, E2BIG);
	big.extra = 0; /* unknown but zero: fine */
	struct scap *h = scap_open("test", &big.o, err, sizeof(err));
	assert_non_null(h);
	scap_close(h);

	assert_string_equal(scap_strerror(-SCAP_ERR_EOF), "end of capture");
	assert_string_equal(scap_strerror(-ENOENT), strerror(ENOENT));
}

static void test_version_check(void **state)
{
	char msg[256];

	(void)state;
	assert_int_equal(scap_check_driver_versions(SCAP_API_VERSION, SCAP_SCHEMA_VERSION, msg,
						    sizeof(msg)),
			 0);
	assert_int_equal(scap_check_driver_versions(SCAP_VERSION_PACK(9, 1, 0),
						    SCAP_SCHEMA_VERSION, msg, sizeof(msg)),
			 -SCAP_ERR_VERSION);
	assert_non_null(strstr(msg, "driver API version 9.1.0"));
	assert_int_equal(scap_check_driver_versions(SCAP_API_VERSION, SCAP_VERSION_PACK(4, 3, 0),
						    msg, sizeof(msg)),
			 -SCAP_ERR_VERSION);
	assert_non_null(strstr(msg, "schema version 4.3.0"));
}

static void test_names(void **state)
{
	(void)state;
	assert_int_equal(scap_event_type_by_name("open"), SCAP_EVT_SYSCALL_OPEN_X);
	assert_int_equal(scap_event_type_by_name("execve"), SCAP_EVT_SYSCALL_EXECVE_19_X);
	assert_int_equal(scap_event_type_by_name("no_such_event"), -ENOENT);
	assert_int_equal(scap_sc_by_name("openat2"), SCAP_SC_OPENAT2);
	assert_string_equal(scap_errno_name(-111), "ECONNREFUSED");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_roundtrip_all_events),
		cmocka_unit_test(test_large_payload_lengths),
		cmocka_unit_test(test_check_rejects_corruption),
		cmocka_unit_test(test_format_like_sysdig),
		cmocka_unit_test(test_decoders),
		cmocka_unit_test(test_tuple_and_dyn),
		cmocka_unit_test(test_test_engine),
		cmocka_unit_test(test_open_errors),
		cmocka_unit_test(test_version_check),
		cmocka_unit_test(test_names),
	};

	scap_set_print(NULL);
	return cmocka_run_group_tests_name("libscap-event", tests, NULL, NULL);
}
