/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Figures for docs/PERFORMANCE.md (never a pass/fail test):
 *
 *   driver_bench ENGINE [ROUNDS [CALLS]]
 *
 * Added cost per syscall: a child runs getppid via syscall(2), close(-1), a 1-byte read of
 * /dev/zero and open+close of a file, CALLS times each, while this process drains the engine.
 * Configurations: bare (no capture), empty1/empty2 (an empty program on sys_exit / on both
 * syscall tracepoints: the kernel's floor), none (attached, no syscall selected: the dispatch
 * cost), state (the state set), all (every syscall), getppid (only getppid selected: the other
 * ops show the dispatch cost of a syscall outside the set). Rounds interleave the configurations;
 * median and min ns per call are printed. Extra rounds with kernel.bpf_stats_enabled give the
 * programs' own run time per call. Last, the event rate one consumer drains from two producers,
 * and the drops.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <scap/scap.h>
#include <scap/scap_event.h>

#include "proc_fd.h"

enum { OP_GETPPID, OP_CLOSE, OP_READ, OP_OPEN, OP_MAX };
static const char *const g_ops[OP_MAX] = { "getppid", "close(-1)", "read 1B /dev/zero",
					   "open+close" };
/*
 * empty1/empty2: a program that only returns 0 on sys_exit (and on sys_enter), attached without
 * any capture. They are the kernel's own cost of running a BPF program at those tracepoints,
 * the floor under "none" (exit only) and under "state"/"all" (both tracepoints).
 */
enum { C_BARE, C_EMPTY1, C_EMPTY2, C_NONE, C_STATE, C_ALL, C_GETPPID, C_MAX };
static const char *const g_cfgs[C_MAX] = { "bare",  "empty1", "empty2", "none",
					   "state", "all",    "getppid" };

#define MAX_ROUNDS 15
#define STATS_ROUNDS 3

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* The child's workload: ns per call of each op, written to res[]. */
static void workload(long calls, double *res)
{
	char b;
	int z = open("/dev/zero", O_RDONLY);
	double t;

	t = now();
	for (long i = 0; i < calls; i++)
		syscall(SYS_getppid);
	res[OP_GETPPID] = (now() - t) * 1e9 / calls;
	t = now();
	for (long i = 0; i < calls; i++)
		close(-1);
	res[OP_CLOSE] = (now() - t) * 1e9 / calls;
	t = now();
	for (long i = 0; i < calls; i++)
		if (read(z, &b, 1) != 1)
			break;
	res[OP_READ] = (now() - t) * 1e9 / calls;
	t = now();
	for (long i = 0; i < calls / 4; i++)
		close(open("/etc/hostname", O_RDONLY));
	res[OP_OPEN] = (now() - t) * 1e9 / (calls / 4);
	close(z);
}

struct drain {
	struct scap *h;
	volatile int stop;
	uint64_t n;
};

static void *drainer(void *arg)
{
	struct drain *d = arg;
	const struct scap_evt_hdr *e;

	while (!d->stop) {
		int rc = scap_next(d->h, &e, NULL, NULL);

		if (rc == 0)
			d->n++;
		else if (rc != -EAGAIN)
			break;
	}
	return NULL;
}

static struct scap *open_cfg(const char *engine, int cfg, char *err, size_t errlen)
{
	static uint8_t none[SCAP_SC_MAX], state[SCAP_SC_MAX], getppid[SCAP_SC_MAX];
	static int init;
	const uint8_t *set = NULL;

	if (!init) {
		/* state set: syscalls whose exit event modifies state, plus process exit */
		for (int sc = 1; sc < SCAP_SC_MAX; sc++) {
			const struct scap_syscall_info *si = &scap_syscall_table[sc];
			const struct scap_event_info *ei =
				si->exit_event ? scap_event_get_info(si->exit_event) : NULL;

			if ((ei && (ei->flags & SCAP_EF_MODIFIES_STATE)) ||
			    (si->flags & SCAP_UF_NEVER_DROP))
				state[sc] = 1;
		}
		state[SCAP_SC_SCHED_PROCESS_EXIT] = 1;
		getppid[SCAP_SC_GETPPID] = 1;
		init = 1;
	}
	if (cfg == C_NONE)
		set = none;
	else if (cfg == C_STATE)
		set = state;
	else if (cfg == C_GETPPID)
		set = getppid;
	SCAP_OPTS(scap_open_opts, o, .no_proc_scan = true, .sc_set = set);
	return scap_open(engine, &o, err, errlen);
}

/* "return 0" as a raw_tracepoint program attached to each of tps[]; fds[] receive the links. */
static int attach_empty(int n, const char *const *tps, int *fds)
{
	struct bpf_insn insns[2] = {
		{ .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = BPF_REG_0, .imm = 0 },
		{ .code = BPF_JMP | BPF_EXIT },
	};
	int prog =
		bpf_prog_load(BPF_PROG_TYPE_RAW_TRACEPOINT, "bench_empty", "GPL", insns, 2, NULL);

	if (prog < 0)
		return -1;
	for (int i = 0; i < n; i++) {
		fds[i] = bpf_raw_tracepoint_open(tps[i], prog);
		if (fds[i] < 0) {
			while (i-- > 0)
				close(fds[i]);
			close(prog);
			return -1;
		}
	}
	close(prog); /* the links hold it */
	return 0;
}

/* Sum of run time, and runs of the dispatchers, over the BPF programs this process holds
 * (other probes on the machine are not counted). kernel.bpf_stats_enabled must be 1. */
static void prog_stats(uint64_t *ns, uint64_t *disp_runs)
{
	DIR *d = opendir("/proc/self/fd");
	struct dirent *de;

	*ns = *disp_runs = 0;
	while (d && (de = readdir(d))) {
		char target[64];
		struct bpf_prog_info info;
		uint32_t len = sizeof(info);
		int fd = atoi(de->d_name);

		if (fd_target(de->d_name, target, sizeof(target)) || !strstr(target, "bpf-prog"))
			continue;
		memset(&info, 0, sizeof(info));
		if (bpf_obj_get_info_by_fd(fd, &info, &len))
			continue;
		*ns += info.run_time_ns;
		if (strstr(info.name, "syscap_sys_exit") || strstr(info.name, "syscap_sys_ente"))
			*disp_runs += info.run_cnt;
	}
	if (d)
		closedir(d);
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static int set_bpf_stats(int on)
{
	int fd = open("/proc/sys/kernel/bpf_stats_enabled", O_WRONLY);
	int ok;

	if (fd < 0)
		return -1;
	ok = write(fd, on ? "1" : "0", 1) == 1;
	close(fd);
	return ok ? 0 : -1;
}

int main(int argc, char **argv)
{
	const char *engine = argc > 1 ? argv[1] : "bpf";
	int rounds = argc > 2 ? atoi(argv[2]) : 5;
	long calls = argc > 3 ? atol(argv[3]) : 200000;
	static double res[C_MAX][MAX_ROUNDS][OP_MAX];
	static double prog_ns[C_MAX][STATS_ROUNDS];
	double *shm;
	char err[1024];
	int stats = 0;

	if (rounds < 1 || rounds > MAX_ROUNDS || calls < 100) {
		fprintf(stderr, "usage: %s ENGINE [ROUNDS 1..%d [CALLS >= 100]]\n", argv[0],
			MAX_ROUNDS);
		return 2;
	}
	shm = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	/* rounds of wall-clock with bpf_stats off (it adds two clock reads per program run), then
	 * one more round with bpf_stats on for the probe's own run time */
	for (int r = 0; r < rounds + STATS_ROUNDS; r++) {
		if (r == rounds) {
			stats = set_bpf_stats(1) == 0;
			if (!stats)
				break;
		}
		for (int c = 0; c < C_MAX; c++) {
			if (r >= rounds && c == C_BARE)
				continue;
			static const char *const tps[2] = { "sys_exit", "sys_enter" };
			struct drain d = { 0 };
			pthread_t th;
			uint64_t ns0 = 0, ns1 = 0, runs0 = 0, runs1 = 0;
			int empty = c == C_EMPTY1 ? 1 : c == C_EMPTY2 ? 2 : 0, links[2];
			pid_t pid;

			if (r >= rounds && empty)
				continue;
			if (empty && attach_empty(empty, tps, links)) {
				fprintf(stderr, "driver_bench: empty program: %s\n",
					strerror(errno));
				return 77;
			}
			if (c != C_BARE && !empty) {
				d.h = open_cfg(engine, c, err, sizeof(err));
				if (!d.h) {
					fprintf(stderr, "driver_bench: %s: %s\n", g_cfgs[c], err);
					return 77;
				}
				pthread_create(&th, NULL, drainer, &d);
				prog_stats(&ns0, &runs0);
			}
			pid = fork();
			if (pid == 0) {
				workload(calls, shm);
				_exit(0);
			}
			waitpid(pid, NULL, 0);
			if (r < rounds)
				memcpy(res[c][r], shm, sizeof(double) * OP_MAX);
			for (int i = 0; i < empty; i++)
				close(links[i]);
			if (c != C_BARE && !empty) {
				prog_stats(&ns1, &runs1);
				/* program time per dispatcher run (3.5 x calls syscalls + noise) */
				if (r >= rounds && runs1 > runs0)
					prog_ns[c][r - rounds] =
						(double)(ns1 - ns0) / (runs1 - runs0);
				d.stop = 1;
				pthread_join(th, NULL);
				scap_close(d.h);
			}
		}
	}
	printf("ns per call, %d interleaved rounds of %ld calls (open+close: %ld), median / min\n",
	       rounds, calls, calls / 4);
	printf("%-20s", "op");
	for (int c = 0; c < C_MAX; c++)
		printf(" %13s", g_cfgs[c]);
	printf("\n");
	for (int op = 0; op < OP_MAX; op++) {
		double med[C_MAX], mn[C_MAX];

		for (int c = 0; c < C_MAX; c++) {
			double v[MAX_ROUNDS];

			for (int r = 0; r < rounds; r++)
				v[r] = res[c][r][op];
			qsort(v, rounds, sizeof(double), cmp);
			med[c] = v[rounds / 2];
			mn[c] = v[0];
		}
		printf("%-20s", g_ops[op]);
		for (int c = 0; c < C_MAX; c++) {
			char cell[64];

			if (c == C_BARE)
				snprintf(cell, sizeof(cell), "%.0f / %.0f", med[c], mn[c]);
			else
				snprintf(cell, sizeof(cell), "%+.0f / %+.0f", med[c] - med[C_BARE],
					 mn[c] - mn[C_BARE]);
			printf(" %13s", cell);
		}
		printf("\n");
	}
	if (stats) {
		printf("probe run time per dispatched syscall (bpf_stats, median of %d extra "
		       "rounds):",
		       STATS_ROUNDS);
		for (int c = C_NONE; c < C_MAX; c++) {
			qsort(prog_ns[c], STATS_ROUNDS, sizeof(double), cmp);
			printf(" %s %.0f ns", g_cfgs[c], prog_ns[c][STATS_ROUNDS / 2]);
		}
		printf("\n");
		set_bpf_stats(0);
	}

	/* drain rate: two producers of getppid, every syscall captured, 8 MiB rings */
	{
		struct drain d = { 0 };
		struct scap_stats st;
		pthread_t th;
		pid_t p[2];
		double t0, t1;

		d.h = open_cfg(engine, C_ALL, err, sizeof(err));
		if (!d.h) {
			fprintf(stderr, "driver_bench: %s\n", err);
			return 77;
		}
		pthread_create(&th, NULL, drainer, &d);
		t0 = now();
		for (int i = 0; i < 2; i++) {
			p[i] = fork();
			if (p[i] == 0) {
				double end = now() + 3;

				while (now() < end)
					for (int k = 0; k < 1000; k++)
						syscall(SYS_getppid);
				_exit(0);
			}
		}
		for (int i = 0; i < 2; i++)
			waitpid(p[i], NULL, 0);
		usleep(200000);
		t1 = now();
		d.stop = 1;
		pthread_join(th, NULL);
		scap_get_stats(d.h, &st);
		printf("drain: %.0f events/s received by one consumer over %.1f s, %llu dropped, "
		       "%llu written\n",
		       d.n / (t1 - t0), t1 - t0, (unsigned long long)st.n_drops,
		       (unsigned long long)st.n_evts);
		scap_close(d.h);
	}
	return 0;
}
