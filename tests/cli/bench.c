// SPDX-License-Identifier: Apache-2.0
/*
 * libsinsp throughput on a capture: events/s through libscap alone (baseline) and through
 * libsinsp with full state and no output, plus libsinsp with a condition; peak RSS.
 * Usage: sinsp_bench FILE.scap
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <time.h>

#include <scap/scap.h>
#include <sinsp/sinsp.h>

static double now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static long rss_kb(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_maxrss;
}

static int run_sinsp(const char *file, const char *cond, const char *label, double base)
{
	SCAP_OPTS(sinsp_open_opts, o, .filename = file);
	struct sinsp_counters c;
	struct sinsp_evt *e;
	char err[256];
	struct sinsp *h = sinsp_open(&o, err, sizeof(err));
	double t0, dt;
	uint64_t n = 0;
	int rc;

	if (!h) {
		fprintf(stderr, "sinsp_bench: %s\n", err);
		return 1;
	}
	if (cond && sinsp_set_filter(h, cond, err, sizeof(err))) {
		fprintf(stderr, "sinsp_bench: %s\n", err);
		return 1;
	}
	t0 = now();
	while ((rc = sinsp_next(h, &e)) == 0 || rc == -EAGAIN)
		n += rc == 0;
	dt = now() - t0;
	sinsp_get_counters(h, &c);
	if (rc != -SCAP_ERR_EOF) {
		fprintf(stderr, "sinsp_bench: %s\n", sinsp_lasterr(h));
		return 1;
	}
	printf("%-34s %10llu events %7.3f s %12.0f ev/s  (%.2fx libscap time)  threads %llu\n",
	       label, (unsigned long long)c.n_events, dt, (double)c.n_events / dt, dt / base,
	       (unsigned long long)c.n_threads);
	(void)n;
	sinsp_close(h);
	return 0;
}

int main(int argc, char **argv)
{
	SCAP_OPTS(scap_open_opts, so);
	const struct scap_evt_hdr *ev;
	char err[256];
	struct scap *h;
	double t0, base;
	uint64_t n = 0;
	int rc;

	if (argc != 2) {
		fprintf(stderr, "usage: %s FILE.scap\n", argv[0]);
		return 2;
	}
	so.filename = argv[1];
	h = scap_open("savefile", &so, err, sizeof(err));
	if (!h) {
		fprintf(stderr, "sinsp_bench: %s\n", err);
		return 1;
	}
	t0 = now();
	while ((rc = scap_next(h, &ev, NULL, NULL)) == 0)
		n++;
	base = now() - t0;
	scap_close(h);
	printf("%-34s %10llu events %7.3f s %12.0f ev/s\n", "libscap only (baseline)",
	       (unsigned long long)n, base, (double)n / base);
	if (run_sinsp(argv[1], NULL, "libsinsp, full state, no output", base) ||
	    run_sinsp(argv[1], "fd.name startswith /srv/data and proc.name = worker",
		      "libsinsp + condition on fd.name", base))
		return 1;
	printf("peak RSS %ld KiB\n", rss_kb());
	return 0;
}
