/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Drop accounting and shutdown of a live engine:
 *
 *   driver_drops ENGINE [PRODUCERS [CALLS]]
 *
 * Producers hammer getpgid (a syscall nothing else here uses) into deliberately small rings while
 * the consumer reads slowly. Every call must be either received or counted as a buffer drop:
 * received + dropped == produced, with dropped > 0 (otherwise the test proved nothing). Then the
 * handle is closed and reopened to show the shutdown released everything.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <scap/scap.h>
#include <scap/scap_event.h>

#include "proc_fd.h"

#define MAX_PRODUCERS 8

struct counts {
	volatile int64_t done[MAX_PRODUCERS];
};

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int passed, failed;

static void result(int ok, const char *name, const char *detail)
{
	printf("%s: %s%s%s\n", ok ? "PASS" : "FAIL", name, detail[0] ? ": " : "", detail);
	if (ok)
		passed++;
	else
		failed++;
}

static const char *g_engine;

/*
 * Driver descriptors this process still holds: BPF objects (programs, maps, links, ring buffers)
 * for the bpf engine, the per-CPU devices for the kmod engine.
 */
static int bpf_fds(void)
{
	DIR *d = opendir("/proc/self/fd");
	struct dirent *de;
	int n = 0;

	if (!d)
		return -1;
	while ((de = readdir(d))) {
		char target[128];

		if (fd_target(de->d_name, target, sizeof(target)))
			continue;
		if (!strcmp(g_engine, "kmod")) {
			if (!strncmp(target, "/dev/syscap", 11) || !strncmp(target, "/dev/falco", 10) ||
			    !strncmp(target, "/dev/scap", 9))
				n++;
		} else if (!strncmp(target, "anon_inode:bpf", 14) ||
			   !strncmp(target, "anon_inode:[bpf", 15)) {
			n++;
		}
	}
	closedir(d);
	return n;
}

static struct scap *open_engine(const char *engine, char *err, size_t errlen)
{
	static uint8_t sc[SCAP_SC_MAX];

	sc[SCAP_SC_GETPGID] = 1;
	SCAP_OPTS(scap_open_opts, o, .no_proc_scan = true, .buffer_bytes = 16384,
		  .sc_set = sc);
	return scap_open(engine, &o, err, errlen);
}

/* 1 if e is the GENERIC_X of a getpgid made by one of the producers. */
static int producers_getpgid(const struct scap_evt_hdr *e, const pid_t *prod, int nprod)
{
	struct scap_param p[2];
	int64_t id = -1;

	if (e->type != SCAP_EVT_GENERIC_X || scap_event_params(e, p, 2) != 2 ||
	    scap_param_s64(&p[0], SCAP_PT_SYSCALLID, &id) || id != SCAP_SC_GETPGID)
		return 0;
	for (int i = 0; i < nprod; i++)
		if ((int64_t)e->tid == prod[i])
			return 1;
	return 0;
}

static uint64_t category_drops(const struct scap_stats *s)
{
	return s->n_drops_buffer_clone_fork_enter + s->n_drops_buffer_clone_fork_exit +
	       s->n_drops_buffer_execve_enter + s->n_drops_buffer_execve_exit +
	       s->n_drops_buffer_connect_enter + s->n_drops_buffer_connect_exit +
	       s->n_drops_buffer_open_enter + s->n_drops_buffer_open_exit +
	       s->n_drops_buffer_dir_file_enter + s->n_drops_buffer_dir_file_exit +
	       s->n_drops_buffer_other_interest_enter + s->n_drops_buffer_other_interest_exit +
	       s->n_drops_buffer_close_enter + s->n_drops_buffer_close_exit +
	       s->n_drops_buffer_proc_exit;
}

int main(int argc, char **argv)
{
	int nprod = argc > 2 ? atoi(argv[2]) : 2;
	long calls = argc > 3 ? atol(argv[3]) : 200000;
	pid_t pids[MAX_PRODUCERS], prod[MAX_PRODUCERS];
	struct counts *cnt;
	struct scap_stats st;
	struct scap *h;
	char err[1024] = "", detail[512];
	uint64_t received = 0, produced = 0, generic_drops;
	int go[2], live, idle = 0;
	unsigned calls_made = 0;
	double t0, deadline;

	if (argc < 2) {
		fprintf(stderr, "usage: %s ENGINE [PRODUCERS [CALLS]]\n", argv[0]);
		return 2;
	}
	if (nprod < 1 || nprod > MAX_PRODUCERS || calls < 1) {
		fprintf(stderr, "driver_drops: 1..%d producers and a positive call count\n",
			MAX_PRODUCERS);
		return 2;
	}
	g_engine = argv[1];
	h = open_engine(argv[1], err, sizeof(err));
	if (!h) {
		printf("SKIP: drops: engine %s cannot open here: %s\n", argv[1], err);
		printf("0 passed, 0 failed, 1 skipped\n");
		return 77;
	}
	cnt = mmap(NULL, sizeof(*cnt), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (cnt == MAP_FAILED || pipe(go))
		return 1;
	for (int i = 0; i < nprod; i++) {
		pids[i] = fork();
		if (pids[i] == 0) {
			char b;
			long n = 0;

			close(go[1]);
			if (read(go[0], &b, 1) != 0)
				_exit(1);
			for (long k = 0; k < calls; k++)
				if (syscall(SYS_getpgid, 0) >= 0)
					n++;
			cnt->done[i] = n;
			_exit(0);
		}
		prod[i] = pids[i];
	}
	close(go[0]);
	close(go[1]); /* EOF starts every producer at once */
	t0 = now();
	deadline = t0 + 60;
	live = nprod;
	/*
	 * Events alternately from scap_next() and in batches of at most 5 from scap_next_batch():
	 * the count below also says that mixing the two loses or repeats nothing.
	 */
	while (now() < deadline) {
		const struct scap_evt_hdr *evts[5];
		int rc = ++calls_made & 1 ? scap_next(h, &evts[0], NULL, NULL)
					  : scap_next_batch(h, evts, NULL, NULL, 5);

		if (rc == -EAGAIN) {
			if (live == 0 && ++idle >= 3)
				break; /* producers gone and the rings stayed empty */
			for (int i = 0; i < nprod; i++) {
				if (pids[i] > 0 && waitpid(pids[i], NULL, WNOHANG) == pids[i]) {
					pids[i] = -1;
					live--;
				}
			}
			continue;
		}
		if (rc < 0) {
			snprintf(detail, sizeof(detail), "scap_next: %s", scap_lasterr(h));
			result(0, "drops/consume", detail);
			break;
		}
		idle = 0;
		for (int k = 0; k < (calls_made & 1 ? 1 : rc); k++) {
			received += producers_getpgid(evts[k], prod, nprod);
			/* a slow consumer: the small rings must overflow */
			if ((received & 255) == 0)
				usleep(200);
		}
	}
	for (int i = 0; i < nprod; i++) {
		if (pids[i] > 0)
			waitpid(pids[i], NULL, 0);
		produced += cnt->done[i];
	}
	if (scap_get_stats(h, &st)) {
		result(0, "drops/stats", scap_lasterr(h));
	} else {
		/* the generic events' buffer drops, plus events skipped because the CPU's scratch
		 * area was taken by a preempted task (counted apart, any event type) */
		generic_drops = st.n_drops_buffer - category_drops(&st) + st.n_preemptions;
		snprintf(detail, sizeof(detail),
			 "produced %llu, received %llu, dropped %llu (buffer drops %llu, of which "
			 "categorised %llu), %.1f s",
			 (unsigned long long)produced, (unsigned long long)received,
			 (unsigned long long)generic_drops, (unsigned long long)st.n_drops_buffer,
			 (unsigned long long)category_drops(&st), now() - t0);
		result(received + generic_drops == produced, "drops/received+dropped==produced",
		       detail);
		result(generic_drops > 0 && received > 0, "drops/small-buffer-overflowed", detail);
		result(st.n_drops >= st.n_drops_buffer, "drops/n_drops-includes-buffer", "");
	}
	t0 = now();
	scap_close(h);
	/* a hang guard, not a speed test: a close that never returns is the failure */
	snprintf(detail, sizeof(detail), "close took %.3f s", now() - t0);
	result(now() - t0 < 30, "shutdown/close", detail);
	snprintf(detail, sizeof(detail), "%d driver descriptors left", bpf_fds());
	result(bpf_fds() == 0, "shutdown/no-driver-descriptor-left", detail);
	h = open_engine(argv[1], err, sizeof(err));
	result(h != NULL, "shutdown/reopen", h ? "" : err);
	if (h) {
		snprintf(detail, sizeof(detail), "%d driver descriptors while open", bpf_fds());
		result(bpf_fds() > 0, "shutdown/descriptors-seen-while-open", detail);
		scap_close(h);
		snprintf(detail, sizeof(detail), "%d driver descriptors left", bpf_fds());
		result(bpf_fds() == 0, "shutdown/no-driver-descriptor-left-after-reopen", detail);
	}
	printf("%d passed, %d failed, 0 skipped\n", passed, failed);
	return failed ? 1 : 0;
}
