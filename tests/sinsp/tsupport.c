// SPDX-License-Identifier: Apache-2.0
#include <arpa/inet.h>
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <syscap/flags.h>

#include "tsupport.h"

void ts_ev(struct tseq *s, uint64_t tid, uint16_t type, const char *spec, ...)
{
	const struct scap_event_info *info = scap_event_get_info(type);
	struct scap_param p[32];
	uint8_t ints[32][8];
	uint8_t buf[70000];
	uint32_t n = (uint32_t)strlen(spec), i;
	va_list ap;
	long len;

	assert_non_null(info);
	assert_true(n <= info->nparams);
	va_start(ap, spec);
	for (i = 0; i < n; i++) {
		switch (spec[i]) {
		case 'i': {
			int64_t v = va_arg(ap, int64_t);
			uint32_t sz = scap_param_type_size(info->params[i].type);

			assert_true(sz == 1 || sz == 2 || sz == 4 || sz == 8);
			memcpy(ints[i], &v, sz); /* little endian: the low bytes */
			p[i].data = ints[i];
			p[i].len = sz;
			break;
		}
		case 's': {
			const char *str = va_arg(ap, const char *);

			p[i].data = str;
			p[i].len = str ? (uint32_t)strlen(str) + 1 : 0;
			break;
		}
		case 'b':
			p[i].data = va_arg(ap, const void *);
			p[i].len = (uint32_t)va_arg(ap, size_t);
			break;
		default:
			p[i].data = NULL;
			p[i].len = 0;
			break;
		}
	}
	va_end(ap);
	len = scap_event_build(buf, sizeof(buf), s->ts += 1000, tid, type, n, p);
	assert_true(len > 0);
	assert_true(s->n < TS_MAX_EVENTS);
	s->ev[s->n] = malloc((size_t)len);
	assert_non_null(s->ev[s->n]);
	memcpy(s->ev[s->n++], buf, (size_t)len);
}

void ts_free(struct tseq *s)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		free(s->ev[i]);
	s->n = 0;
}

static size_t put_ip(uint8_t *out, const char *ip, int *fam)
{
	if (inet_pton(AF_INET, ip, out) == 1) {
		*fam = SCAP_AF_INET;
		return 4;
	}
	assert_int_equal(inet_pton(AF_INET6, ip, out), 1);
	*fam = SCAP_AF_INET6;
	return 16;
}

size_t ts_tuple(uint8_t *out, const char *sip, uint16_t sport, const char *dip, uint16_t dport)
{
	size_t o = 1;
	int fam;

	o += put_ip(out + o, sip, &fam);
	memcpy(out + o, &sport, 2);
	o += 2;
	o += put_ip(out + o, dip, &fam);
	memcpy(out + o, &dport, 2);
	o += 2;
	out[0] = (uint8_t)fam;
	return o;
}

size_t ts_addr(uint8_t *out, const char *ip, uint16_t port)
{
	size_t o = 1;
	int fam;

	o += put_ip(out + o, ip, &fam);
	memcpy(out + o, &port, 2);
	out[0] = (uint8_t)fam;
	return o + 2;
}

void ts_clone(struct tseq *s, uint64_t tid, int64_t res, int64_t ctid, int64_t pid, int64_t ptid,
	      uint32_t flags, const char *comm, const char *cgroups)
{
	/* res exe args tid pid ptid cwd fdlimit pgft_maj pgft_min vm_size vm_rss vm_swap comm
	 * cgroups flags uid gid vtid vpid pidns_init_start_ts */
	ts_ev(s, tid, SCAP_EVT_SYSCALL_CLONE_20_X, "isbiiisiiiiiisbiiiiii", res, "/bin/sh", "",
	      (size_t)0, ctid, pid, ptid, "/home/u", (int64_t)1024, (int64_t)0, (int64_t)0,
	      (int64_t)0, (int64_t)0, (int64_t)0, comm, cgroups ? cgroups : "",
	      cgroups ? strlen(cgroups) + 1 : (size_t)0, (int64_t)flags, (int64_t)1000,
	      (int64_t)1000, ctid, pid, (int64_t)0);
}

void ts_execve(struct tseq *s, uint64_t tid, int64_t pid, int64_t ptid, const char *exe,
	       const char *args, size_t args_len, const char *comm, const char *cwd,
	       const char *exepath)
{
	/* res exe args tid pid ptid cwd fdlimit pgft_maj pgft_min vm_size vm_rss vm_swap comm
	 * cgroups env tty vpgid loginuid flags cap_inh cap_perm cap_eff exe_ino exe_ino_ctime
	 * exe_ino_mtime uid trusted_exepath pgid gid filename */
	ts_ev(s, tid, SCAP_EVT_SYSCALL_EXECVE_19_X, "isbiiisiiiiiisbbiiiiiiiiiiisiis", (int64_t)0,
	      exe, args, args_len, (int64_t)tid, pid, ptid, cwd, (int64_t)1024, (int64_t)0,
	      (int64_t)0, (int64_t)0, (int64_t)0, (int64_t)0, comm, "", (size_t)0, "", (size_t)0,
	      (int64_t)34816, pid, (int64_t)1000, (int64_t)0, (int64_t)0, (int64_t)0, (int64_t)0,
	      (int64_t)0, (int64_t)0, (int64_t)0, (int64_t)1000, exepath, pid, (int64_t)1000,
	      exepath);
}

struct sinsp *ts_open(struct tseq *s, const struct scap_state *st)
{
	SCAP_OPTS(sinsp_open_opts, o, .engine = "test",
		  .test_events = (const struct scap_evt_hdr *const *)s->ev, .test_nevents = s->n,
		  .test_state = st);
	char err[256] = "";
	struct sinsp *h = sinsp_open(&o, err, sizeof(err));

	if (!h)
		print_error("sinsp_open: %s\n", err);
	assert_non_null(h);
	return h;
}

struct sinsp_evt *ts_goto(struct sinsp *h, uint64_t num)
{
	struct sinsp_evt *e;

	for (;;) {
		int rc = sinsp_next(h, &e);

		if (rc) {
			print_error("event %llu not reached (rc %d: %s)\n", (unsigned long long)num,
				    rc, sinsp_lasterr(h));
			fail();
		}
		if (sinsp_evt_num(e) == num)
			return e;
	}
}

const char *ts_field(struct sinsp *h, struct sinsp_evt *e, const char *field)
{
	static char buf[8][1024];
	static int k;
	char *b = buf[k++ & 7];

	assert_int_equal(sinsp_field_text(h, e, field, b, 1024), 0);
	return b;
}
