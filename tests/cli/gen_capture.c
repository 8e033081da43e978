// SPDX-License-Identifier: Apache-2.0
/*
 * Writes a synthetic capture for the libsinsp benchmark: 100 processes doing file and socket
 * I/O (open/read/write/close, socket/connect/sendto/close, generic syscalls), plus a
 * fork+execve+exit every 1000 events.  Usage: sinsp_gen_capture OUT.scap NEVENTS
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <scap/scap.h>
#include <scap/scap_dump.h>
#include <scap/scap_event.h>
#include <scap/scap_state.h>
#include <syscap/flags.h>

static struct scap_dumper *g_d;
static uint64_t g_ts = 1700000000000000000ull, g_n;

/* spec letters as in tests/sinsp/tsupport.c: i integer, s string, b bytes (ptr, len), n empty */
static void ev(uint64_t tid, uint16_t type, const char *spec, ...)
{
	const struct scap_event_info *info = scap_event_get_info(type);
	struct scap_param p[32];
	uint8_t ints[32][8], buf[4096];
	uint32_t n = (uint32_t)strlen(spec), i;
	va_list ap;
	long len;

	va_start(ap, spec);
	for (i = 0; i < n; i++) {
		if (spec[i] == 'i') {
			int64_t v = va_arg(ap, int64_t);

			p[i].len = scap_param_type_size(info->params[i].type);
			memcpy(ints[i], &v, p[i].len);
			p[i].data = ints[i];
		} else if (spec[i] == 's') {
			p[i].data = va_arg(ap, const char *);
			p[i].len = (uint32_t)strlen(p[i].data) + 1;
		} else if (spec[i] == 'b') {
			p[i].data = va_arg(ap, const void *);
			p[i].len = (uint32_t)va_arg(ap, size_t);
		} else {
			p[i].data = NULL;
			p[i].len = 0;
		}
	}
	va_end(ap);
	len = scap_event_build(buf, sizeof(buf), g_ts += 997, tid, type, n, p);
	if (len < 0 || scap_dump(g_d, (const struct scap_evt_hdr *)buf, (uint16_t)(g_n % 2), 0)) {
		fprintf(stderr, "sinsp_gen_capture: event %llu: %s\n", (unsigned long long)g_n,
			len < 0 ? "build failed" : scap_dump_error(g_d));
		exit(1);
	}
	g_n++;
}

#define I(x) ((int64_t)(x))

int main(int argc, char **argv)
{
	SCAP_OPTS(scap_dump_opts, o, .compression = SCAP_DUMP_PLAIN);
	struct scap_state *st;
	uint64_t want, k = 0;
	char err[256], path[64];
	uint8_t tup[13] = { SCAP_AF_INET, 10, 0, 0, 1, 0, 0, 93, 184, 216, 34, 80, 0 };
	int i;

	if (argc != 3) {
		fprintf(stderr, "usage: %s OUT.scap NEVENTS\n", argv[0]);
		return 2;
	}
	want = strtoull(argv[2], NULL, 10);
	st = scap_state_new();
	for (i = 0; i < 100; i++) {
		struct scap_threadinfo *t = scap_state_add_thread(st, 1000 + (uint64_t)i);
		struct scap_fdinfo *f;

		t->pid = t->tid;
		t->ptid = 1;
		scap_state_set_str(&t->comm, "worker", 6);
		scap_state_set_str(&t->exe, "/usr/bin/worker", 15);
		scap_state_set_str(&t->exepath, "/usr/bin/worker", 15);
		scap_state_set_str(&t->cwd, "/srv", 4);
		f = scap_thread_add_fd(t, 0);
		f->type = SCAP_FD_FILE_V2;
		scap_state_set_str(&f->name, "/dev/null", 9);
	}
	o.state = st;
	g_d = scap_dump_open(argv[1], &o, err, sizeof(err));
	if (!g_d) {
		fprintf(stderr, "sinsp_gen_capture: %s\n", err);
		return 1;
	}
	while (g_n < want) {
		uint64_t tid = 1000 + k % 100, child = 200000 + k;

		snprintf(path, sizeof(path), "data/file%llu.db", (unsigned long long)(k % 977));
		tup[6] = (uint8_t)(k & 0xff);
		ev(tid, SCAP_EVT_SYSCALL_OPENAT_2_X, "iisiiii", I(3), I(SCAP_AT_FDCWD), path,
		   I(SCAP_O_RDWR), I(0), I(0x801), I(k));
		ev(tid, SCAP_EVT_SYSCALL_READ_X, "ibii", I(8), "abcdefgh", (size_t)8, I(3),
		   I(4096));
		ev(tid, SCAP_EVT_SYSCALL_WRITE_X, "ibii", I(8), "abcdefgh", (size_t)8, I(3), I(8));
		ev(tid, SCAP_EVT_SYSCALL_CLOSE_X, "ii", I(0), I(3));
		ev(tid, SCAP_EVT_SOCKET_SOCKET_X, "iiiii", I(4), I(SCAP_AF_INET), I(1), I(0), I(0));
		ev(tid, SCAP_EVT_SOCKET_CONNECT_X, "ibi", I(0), tup, sizeof(tup), I(4));
		ev(tid, SCAP_EVT_SOCKET_SENDTO_X, "ibiin", I(8), "GET / HT", (size_t)8, I(4), I(8));
		ev(tid, SCAP_EVT_SYSCALL_READ_X, "ibii", I(8), "HTTP/1.1", (size_t)8, I(4),
		   I(4096));
		ev(tid, SCAP_EVT_SYSCALL_CLOSE_X, "ii", I(0), I(4));
		ev(tid, SCAP_EVT_GENERIC_X, "ii", I(SCAP_SC_GETPID), I(39));
		if (++k % 100 == 0) {
			ev(tid, SCAP_EVT_SYSCALL_CLONE_20_X, "isbiiisiiiiiisbiiiiii", I(child),
			   "/usr/bin/worker", "", (size_t)0, I(tid), I(tid), I(1), "/srv", I(1024),
			   I(0), I(0), I(0), I(0), I(0), "worker", "", (size_t)0, I(0), I(0), I(0),
			   I(tid), I(tid), I(0));
			ev(child, SCAP_EVT_SYSCALL_EXECVE_19_X, "isbiiisiiiiiisbbiiiiiiiiiiisiis",
			   I(0), "/bin/true", "", (size_t)0, I(child), I(child), I(tid), "/srv",
			   I(1024), I(0), I(0), I(0), I(0), I(0), "true", "", (size_t)0, "",
			   (size_t)0, I(0), I(child), I(-1), I(0), I(0), I(0), I(0), I(0), I(0),
			   I(0), I(0), "/usr/bin/true", I(child), I(0), "/bin/true");
			ev(child, SCAP_EVT_PROCEXIT_1_E, "iiiii", I(0), I(0), I(0), I(0), I(1));
		}
	}
	if (scap_dump_close(g_d)) {
		fprintf(stderr, "sinsp_gen_capture: write failed\n");
		return 1;
	}
	scap_state_free(st);
	printf("%llu events\n", (unsigned long long)g_n);
	return 0;
}
