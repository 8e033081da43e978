// SPDX-License-Identifier: Apache-2.0
/*
 * Reader benchmark (figures, not a pass/fail): writes a capture of N events (default 5 million,
 * a pool of synthetic events of every type cycled), plain and gzip, then reads each back through
 * the public savefile engine. Prints events/s and MB/s (uncompressed bytes), and the time zlib
 * alone needs to inflate the gzip file, so parsing and decompression are shown apart.
 *
 * Reads are repeated (-r, default 3) and the fastest run is shown, as the machine is shared.
 *
 *   bench_savefile [-n EVENTS] [-d DIR] [-r REPEATS] [-k]     (-k keeps the files)
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>

#include <scap/scap.h>
#include <scap/scap_dump.h>
#include <syscap/event_table.h>

#include "sf_testlib.h"

#define POOL 4096

static double now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static uint64_t file_size(const char *p)
{
	struct stat sb;

	return stat(p, &sb) ? 0 : (uint64_t)sb.st_size;
}

static int write_capture(const char *path, int gzip, uint64_t n, uint8_t **pool, double *secs,
			 uint64_t *raw)
{
	struct scap_state *st = sft_state(1, 64);
	SCAP_OPTS(scap_dump_opts, o, .compression = gzip ? SCAP_DUMP_GZIP : SCAP_DUMP_PLAIN,
		  .gzip_level = 1, .state = st);
	char err[256];
	struct scap_dumper *d = scap_dump_open(path, &o, err, sizeof(err));
	double t0 = now();
	int ret = 0;

	if (!d) {
		fprintf(stderr, "bench: %s: %s\n", path, err);
		return -1;
	}
	for (uint64_t i = 0; i < n && !ret; i++) {
		const uint8_t *e = pool[i % POOL];
		struct scap_evt_hdr h;

		/* monotonically increasing timestamps, like a real capture */
		memcpy(&h, e, sizeof(h));
		h.ts = 1700000000000000000ULL + i * 1000;
		memcpy(pool[i % POOL], &h, sizeof(h));
		ret = scap_dump(d, (const struct scap_evt_hdr *)e, (uint16_t)(i % 8), 0);
	}
	*raw = scap_dump_offset(d);
	if (scap_dump_close(d) || ret) {
		fprintf(stderr, "bench: writing %s failed\n", path);
		ret = -1;
	}
	*secs = now() - t0;
	scap_state_free(st);
	return ret;
}

static int read_capture(const char *path, uint64_t *events, double *secs)
{
	SCAP_OPTS(scap_open_opts, o, .filename = path);
	const struct scap_evt_hdr *e;
	uint64_t n = 0, sum = 0;
	char err[512];
	double t0 = now();
	struct scap *h = scap_open("savefile", &o, err, sizeof(err));
	int rc;

	if (!h) {
		fprintf(stderr, "bench: %s: %s\n", path, err);
		return -1;
	}
	while ((rc = scap_next(h, &e, NULL, NULL)) == 0) {
		sum += e->len; /* touch every event */
		n++;
	}
	*secs = now() - t0;
	if (rc != -SCAP_ERR_EOF) {
		fprintf(stderr, "bench: %s: %s\n", path, scap_lasterr(h));
		scap_close(h);
		return -1;
	}
	scap_close(h);
	*events = n;
	return sum ? 0 : -1;
}

/* zlib alone: inflate the file into a scratch buffer. */
static double inflate_only(const char *path, uint64_t *bytes)
{
	static uint8_t buf[1 << 20];
	gzFile gz = gzopen(path, "rb");
	double t0 = now();
	int got;

	*bytes = 0;
	if (!gz)
		return -1;
	gzbuffer(gz, 256u << 10);
	while ((got = gzread(gz, buf, sizeof(buf))) > 0)
		*bytes += (uint64_t)got;
	gzclose(gz);
	return now() - t0;
}

int main(int argc, char **argv)
{
	uint64_t n = 5000000, seed = 77, raw_plain, raw_gz, ev_plain = 0, ev_gz = 0, inflated = 0;
	const char *dir = "/tmp";
	char plain[4200], gz[4200];
	double w_plain, w_gz, r_plain, r_gz, t_inflate;
	uint8_t *pool[POOL];
	int keep = 0, opt, repeats = 3;

	while ((opt = getopt(argc, argv, "n:d:r:k")) != -1) {
		if (opt == 'r')
			repeats = atoi(optarg) > 0 ? atoi(optarg) : 1;
		else if (opt == 'n')
			n = strtoull(optarg, NULL, 10);
		else if (opt == 'd')
			dir = optarg;
		else if (opt == 'k')
			keep = 1;
		else
			return 2;
	}
	/* a pool of events of every type, byte buffers of I/O events at the default 80-byte snaplen */
	for (int i = 0; i < POOL; i++) {
		static uint8_t ev[300000];
		long len = sft_event(ev, sizeof(ev), (uint16_t)(i % SCAP_EVT_MAX), &seed, 0, 0);

		if (len < 0)
			return 1;
		pool[i] = malloc((size_t)len);
		memcpy(pool[i], ev, (size_t)len);
	}
	snprintf(plain, sizeof(plain), "%.4000s/syscap-bench-%d.scap", dir, (int)getpid());
	snprintf(gz, sizeof(gz), "%.4000s/syscap-bench-%d.scap.gz", dir, (int)getpid());
	if (write_capture(plain, 0, n, pool, &w_plain, &raw_plain) ||
	    write_capture(gz, 1, n, pool, &w_gz, &raw_gz))
		return 1;
	r_plain = r_gz = t_inflate = 1e9;
	for (int i = 0; i < repeats; i++) {
		double t;

		if (read_capture(plain, &ev_plain, &t))
			return 1;
		r_plain = t < r_plain ? t : r_plain;
		if (read_capture(gz, &ev_gz, &t))
			return 1;
		r_gz = t < r_gz ? t : r_gz;
		t = inflate_only(gz, &inflated);
		t_inflate = t < t_inflate ? t : t_inflate;
	}
	if (ev_plain != n || ev_gz != n) {
		fprintf(stderr, "bench: read %" PRIu64 "/%" PRIu64 " events, wrote %" PRIu64 "\n",
			ev_plain, ev_gz, n);
		return 1;
	}
	printf("events: %" PRIu64 ", uncompressed %.1f MB, gzip file %.1f MB (level 1); reads: best "
	       "of %d\n",
	       n, (double)raw_plain / 1e6, (double)file_size(gz) / 1e6, repeats);
	printf("write plain: %6.2f s  %8.2f Mevents/s  %7.1f MB/s\n", w_plain, n / w_plain / 1e6,
	       raw_plain / w_plain / 1e6);
	printf("write gzip : %6.2f s  %8.2f Mevents/s  %7.1f MB/s\n", w_gz, n / w_gz / 1e6,
	       raw_gz / w_gz / 1e6);
	printf("read plain : %6.2f s  %8.2f Mevents/s  %7.1f MB/s\n", r_plain, n / r_plain / 1e6,
	       raw_plain / r_plain / 1e6);
	printf("read gzip  : %6.2f s  %8.2f Mevents/s  %7.1f MB/s (uncompressed bytes)\n", r_gz,
	       n / r_gz / 1e6, raw_gz / r_gz / 1e6);
	printf("  of which zlib inflate alone: %.2f s (%.1f MB/s); parsing: %.2f s\n", t_inflate,
	       inflated / t_inflate / 1e6, r_gz - t_inflate);
	printf("gzip read / plain read time ratio: %.2f\n", r_gz / r_plain);
	if (!keep) {
		unlink(plain);
		unlink(gz);
	}
	for (int i = 0; i < POOL; i++)
		free(pool[i]);
	return 0;
}
