// SPDX-License-Identifier: Apache-2.0
/*
 * The bpf engine's consumer without the kernel (figures, not a pass/fail): how much CPU per
 * event the merge of CPU rings (src/engines/bpf/bpf_ring.c) costs when it drains a backlog,
 * against the cheapest possible reader of the same memory.
 *
 * Each cycle, one writer thread per ring (pinned to CPU i, as the probe writes ring i on CPU i)
 * fills its ring, laid out as the probe lays out a CPU ring (syscap/bpf_maps.h), with events
 * of -e bytes stamped from one shared counter. Then this thread reads them back, alternately:
 *   walk   each ring in turn, following the lengths, reading every event's header: no merge,
 *          no batches (the memory floor of this machine for the backlog);
 *   merge  bpf_rings_merge() in batches of 64 into an array, as scap_next() takes them, then
 *          each event's header from the array.
 * Fresh events every cycle, so both read memory the writers left in their own caches. The
 * figure is this thread's CPU time per event, median over the cycles of each kind.
 *
 *   bench_ring_merge [-n EVENTS_PER_RING] [-c CYCLES] [-r RINGS] [-s RING_BYTES] [-e EVENT_BYTES]
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include <scap/scap.h>
#include <syscap/bpf_maps.h>

#include "bpf_ring.h"

#define BATCH 64
#define MAX_RINGS 64

struct ring_mem {
	uint8_t *elem; /* position page, then the data, as one element of the probe's array */
	struct syscap_bpf_cpu_ring_pos *pos;
	uint8_t *data;
};

static struct ring_mem g_mem[MAX_RINGS];
static uint64_t g_size = 8u << 20, g_events = 150000, g_clock;
static uint32_t g_len = 34; /* a GENERIC_X */

static void pin(int cpu)
{
	cpu_set_t s;

	CPU_ZERO(&s);
	CPU_SET(cpu, &s);
	sched_setaffinity(0, sizeof(s), &s);
}

static double thread_cpu_ns(void)
{
	struct timespec t;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
	return (double)t.tv_sec * 1e9 + (double)t.tv_nsec;
}

/* What the probe does per event: reserve 8-byte aligned space (a pad marker at the end), write
 * the header, publish. The ring is never full here: the reader emptied it. */
static void *writer(void *arg)
{
	int i = (int)(intptr_t)arg;
	struct ring_mem *m = &g_mem[i];
	uint64_t p = m->pos->prod, need = (g_len + 7) & ~7ULL;

	pin(i % (int)sysconf(_SC_NPROCESSORS_ONLN));
	for (uint64_t k = 0; k < g_events; k++) {
		uint64_t off = p & (g_size - 1);
		uint64_t ts = __atomic_add_fetch(&g_clock, 1, __ATOMIC_RELAXED), tid = 1000 + i;
		uint16_t type = SCAP_EVT_GENERIC_X;
		uint8_t *rec;

		if (off + need > g_size) {
			uint64_t pad = SYSCAP_BPF_CPU_RING_PAD;

			memcpy(m->data + off, &pad, sizeof(pad));
			p += g_size - off;
			off = 0;
		}
		rec = m->data + off;
		memcpy(rec, &ts, sizeof(ts));
		memcpy(rec + offsetof(struct scap_evt_hdr, tid), &tid, sizeof(tid));
		memcpy(rec + offsetof(struct scap_evt_hdr, len), &g_len, sizeof(g_len));
		memcpy(rec + offsetof(struct scap_evt_hdr, type), &type, sizeof(type));
		p += need;
		__atomic_store_n(&m->pos->prod, p, __ATOMIC_RELEASE);
	}
	return NULL;
}

static void fill(int nrings)
{
	pthread_t t[MAX_RINGS];

	for (int i = 0; i < nrings; i++)
		pthread_create(&t[i], NULL, writer, (void *)(intptr_t)i);
	for (int i = 0; i < nrings; i++)
		pthread_join(t[i], NULL);
}

/* The floor: every event's header, ring after ring; returns the events read. */
static uint64_t walk(int nrings, uint64_t *sum)
{
	uint64_t n = 0;

	for (int i = 0; i < nrings; i++) {
		struct ring_mem *m = &g_mem[i];
		uint64_t c = m->pos->cons, p = __atomic_load_n(&m->pos->prod, __ATOMIC_ACQUIRE);

		while (c != p) {
			const uint8_t *rec = m->data + (c & (g_size - 1));
			uint64_t ts;
			uint32_t len;
			uint16_t type;

			memcpy(&ts, rec, sizeof(ts));
			if (ts == SYSCAP_BPF_CPU_RING_PAD) {
				c += g_size - (c & (g_size - 1));
				continue;
			}
			memcpy(&len, rec + offsetof(struct scap_evt_hdr, len), sizeof(len));
			memcpy(&type, rec + offsetof(struct scap_evt_hdr, type), sizeof(type));
			*sum += ts + len + type;
			c += (len + 7) & ~7ULL;
			n++;
		}
		__atomic_store_n(&m->pos->cons, c, __ATOMIC_RELEASE);
	}
	return n;
}

/* The engine's way: batches from bpf_rings_merge(), then each event from the batch. */
static uint64_t merge(struct bpf_ring *rings, int nrings, uint64_t *sum)
{
	const struct scap_evt_hdr *evt[BATCH];
	uint16_t cpu[BATCH];
	uint64_t n = 0;
	unsigned got;

	bpf_rings_rewet(rings, nrings);
	do {
		bpf_rings_release(rings, nrings);
		got = bpf_rings_merge(rings, nrings, evt, cpu, BATCH);
		for (unsigned k = 0; k < got; k++)
			*sum += evt[k]->ts + evt[k]->len + evt[k]->type + cpu[k];
		n += got;
	} while (got);
	return n;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static double median(double *v, int n)
{
	qsort(v, n, sizeof(*v), cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

int main(int argc, char **argv)
{
	int opt, cycles = 20, nrings = 2;
	struct bpf_ring rings[MAX_RINGS];
	double *t_walk, *t_merge;
	int n_walk = 0, n_merge = 0;
	uint64_t sum = 0;

	while ((opt = getopt(argc, argv, "n:c:r:s:e:")) != -1) {
		switch (opt) {
		case 'n': g_events = strtoull(optarg, NULL, 0); break;
		case 'c': cycles = atoi(optarg); break;
		case 'r': nrings = atoi(optarg); break;
		case 's': g_size = strtoull(optarg, NULL, 0); break;
		case 'e': g_len = (uint32_t)strtoul(optarg, NULL, 0); break;
		default:
			fprintf(stderr, "usage: bench_ring_merge [-n EVENTS_PER_RING] [-c CYCLES] "
					"[-r RINGS] [-s RING_BYTES] [-e EVENT_BYTES]\n");
			return 2;
		}
	}
	if (nrings < 1 || nrings > MAX_RINGS || cycles < 2 || g_size < 4096 ||
	    (g_size & (g_size - 1)) || g_len < SCAP_EVT_HDR_SIZE || g_len > 65536 ||
	    g_events * ((g_len + 7) & ~7ULL) > g_size - 8) {
		fprintf(stderr, "bench_ring_merge: bad arguments (RING_BYTES a power of two that "
				"holds EVENTS_PER_RING events of EVENT_BYTES >= %d)\n",
			SCAP_EVT_HDR_SIZE);
		return 2;
	}
	t_walk = calloc(cycles, sizeof(double));
	t_merge = calloc(cycles, sizeof(double));
	for (int i = 0; i < nrings; i++) {
		size_t bytes = SYSCAP_BPF_CPU_RING_HDR + g_size;
		struct ring_mem *m = &g_mem[i];

		/* 4 KiB pages, as the kernel maps a BPF array */
		m->elem = mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
			       -1, 0);
		if (m->elem == MAP_FAILED || !t_walk || !t_merge) {
			perror("bench_ring_merge");
			return 1;
		}
		madvise(m->elem, bytes, MADV_NOHUGEPAGE);
		memset(m->elem, 0, bytes);
		m->pos = (struct syscap_bpf_cpu_ring_pos *)m->elem;
		m->data = m->elem + SYSCAP_BPF_CPU_RING_HDR;
		rings[i] = (struct bpf_ring){ .fd = -1, .cpu_ring = 1, .cpu = (uint16_t)i,
					      .size = g_size, .mask = g_size - 1,
					      .consumer_pos = (unsigned long *)&m->pos->cons,
					      .producer_pos = (unsigned long *)&m->pos->prod,
					      .data = m->data };
	}
	for (int c = 0; c < cycles; c++) {
		int use_merge = c & 1;
		uint64_t n;
		double t0;

		fill(nrings);
		if (use_merge)
			for (int i = 0; i < nrings; i++)
				bpf_ring_init(&rings[i]); /* positions as walk() left them */
		t0 = thread_cpu_ns();
		n = use_merge ? merge(rings, nrings, &sum) : walk(nrings, &sum);
		if (use_merge)
			bpf_rings_release(rings, nrings);
		if (n != g_events * nrings) {
			fprintf(stderr, "bench_ring_merge: read %llu events of %llu\n",
				(unsigned long long)n, (unsigned long long)(g_events * nrings));
			return 1;
		}
		if (use_merge)
			t_merge[n_merge++] = (thread_cpu_ns() - t0) / (double)n;
		else
			t_walk[n_walk++] = (thread_cpu_ns() - t0) / (double)n;
	}
	printf("%d ring(s) of %llu bytes, %llu events of %u bytes each per cycle, %d cycles\n",
	       nrings, (unsigned long long)g_size, (unsigned long long)g_events, g_len, cycles);
	printf("consumer CPU per event, median: walk %.1f ns, merge %.1f ns (%.2fx the walk)\n",
	       median(t_walk, n_walk), median(t_merge, n_merge),
	       median(t_merge, n_merge) / median(t_walk, n_walk));
	printf("checksum %llu\n", (unsigned long long)sum); /* keeps the reads */
	free(t_walk);
	free(t_merge);
	return 0;
}
