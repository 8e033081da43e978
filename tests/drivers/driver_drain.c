/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Drain benchmark for docs/PERFORMANCE.md (never a pass/fail test), two halves run as separate
 * processes so that the consumer can be compared with another one (the reference's scap-open):
 *
 *   driver_drain consume[-each] ENGINE BUFFER_BYTES [[-]SYSCALL|[-]all...]
 *	opens ENGINE with rings of BUFFER_BYTES capturing the named syscalls ("all": every syscall
 *	and tracepoint; a leading '-' removes from the set; nothing named: none), prints "ready"
 *	once capturing, then reads every event (counting them and their bytes, nothing else) until
 *	SIGINT or SIGTERM, and prints what it received, the driver's counters and its own CPU time
 *	since "ready". Events come in batches of up to 64 from scap_next_batch(); consume-each
 *	takes them one by one from scap_next(), as the reference's scap-open does.
 *   driver_drain load PROCS CALLS [CPU]
 *	forks PROCS processes that call getppid via syscall(2) CALLS times each (pinned to CPU if
 *	given), waits for them and prints the calls made and the wall time.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <scap/scap.h>
#include <scap/scap_event.h>

static volatile sig_atomic_t g_stop;

static void on_signal(int sig)
{
	(void)sig;
	g_stop = 1;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static double cpu_seconds(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 + ru.ru_stime.tv_sec +
	       ru.ru_stime.tv_usec / 1e6;
}

#define BATCH 64

static int consume(const char *engine, int each, unsigned long long bytes, int nsc, char **names)
{
	const struct scap_evt_hdr *batch[BATCH];
	static uint8_t set[SCAP_SC_MAX];
	static uint64_t per_type[SCAP_EVT_MAX];
	struct sigaction sa = { .sa_handler = on_signal };
	uint64_t n = 0, nbytes = 0;
	struct scap_stats st;
	char err[256];
	struct scap *h;
	double c0, t0, cpu;

	for (int i = 0; i < nsc; i++) {
		const char *name = names[i] + (names[i][0] == '-');
		int sc = strcmp(name, "all") ? scap_sc_by_name(name) : 0;

		if (sc < 0) {
			fprintf(stderr, "driver_drain: unknown syscall %s\n", name);
			return 2;
		}
		if (sc == 0) /* all: every syscall and tracepoint */
			memset(set + 1, names[i][0] != '-', SCAP_SC_MAX - 1);
		else
			set[sc] = names[i][0] != '-';
	}
	SCAP_OPTS(scap_open_opts, o, .no_proc_scan = true, .sc_set = set, .buffer_bytes = bytes);
	h = scap_open(engine, &o, err, sizeof(err));
	if (!h) {
		fprintf(stderr, "driver_drain: %s\n", err);
		return 77;
	}
	scap_start_capture(h);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	c0 = cpu_seconds();
	t0 = now();
	printf("ready\n");
	fflush(stdout);
	while (!g_stop) {
		int rc = each ? scap_next(h, &batch[0], NULL, NULL)
			      : scap_next_batch(h, batch, NULL, NULL, BATCH);

		if (rc == -EAGAIN || rc == -EINTR)
			continue;
		if (rc < 0) {
			fprintf(stderr, "driver_drain: %s\n", scap_lasterr(h));
			break;
		}
		if (each)
			rc = 1;
		for (int i = 0; i < rc; i++) {
			const struct scap_evt_hdr *e = batch[i];

			per_type[e->type < SCAP_EVT_MAX ? e->type : 0]++;
			nbytes += e->len;
		}
		n += rc;
	}
	cpu = cpu_seconds() - c0;
	scap_get_stats(h, &st);
	printf("received %llu events (%llu bytes) in %.2f s, driver wrote %llu, dropped %llu, "
	       "consumer CPU %.3f s (%.1f ns per event)\n",
	       (unsigned long long)n, (unsigned long long)nbytes, now() - t0,
	       (unsigned long long)st.n_evts, (unsigned long long)st.n_drops, cpu,
	       n ? cpu * 1e9 / n : 0.0);
	printf("event types:");
	for (int t = 0; t < SCAP_EVT_MAX; t++)
		if (per_type[t])
			printf(" %s=%llu", scap_event_get_info(t)->name,
			       (unsigned long long)per_type[t]);
	printf("\n");
	scap_close(h);
	return 0;
}

static int load(int procs, long calls, int cpu)
{
	double t0 = now(), t;
	pid_t *pids = calloc(procs, sizeof(*pids));

	if (!pids)
		return 1;
	for (int i = 0; i < procs; i++) {
		pids[i] = fork();
		if (pids[i] == 0) {
			if (cpu >= 0) {
				cpu_set_t cs;

				CPU_ZERO(&cs);
				CPU_SET(cpu, &cs);
				sched_setaffinity(0, sizeof(cs), &cs);
			}
			for (long k = 0; k < calls; k++)
				syscall(SYS_getppid);
			_exit(0);
		}
	}
	for (int i = 0; i < procs; i++)
		waitpid(pids[i], NULL, 0);
	t = now() - t0;
	printf("load: %d x %ld getppid in %.3f s (%.0f calls/s)\n", procs, calls, t,
	       procs * calls / t);
	free(pids);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc >= 4 && (!strcmp(argv[1], "consume") || !strcmp(argv[1], "consume-each")))
		return consume(argv[2], !strcmp(argv[1], "consume-each"), strtoull(argv[3], NULL, 0),
			       argc - 4, argv + 4);
	if (argc >= 4 && !strcmp(argv[1], "load"))
		return load(atoi(argv[2]), atol(argv[3]), argc > 4 ? atoi(argv[4]) : -1);
	fprintf(stderr, "usage: driver_drain consume[-each] ENGINE BUFFER_BYTES "
			"[[-]SYSCALL|[-]all...]\n"
			"       driver_drain load PROCS CALLS [CPU]\n");
	return 2;
}
