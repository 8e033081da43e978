// SPDX-License-Identifier: Apache-2.0
/*
 * verifier_budget OBJECT [LIMIT]: loads every program of the probe object on the running kernel
 * with the verifier's statistics on, and fails when one of them needed more than LIMIT
 * instructions processed (default 500000, half the kernel's 1M ceiling).
 *
 * The count depends on the kernel's verifier as well as on the program: a filler that used
 * 934k on one 6.18 point release went over 1M on the next, and the whole object then failed
 * to load. Keeping every program under half the ceiling leaves room for that drift. All four
 * configurations a kernel may get are loaded: tp_btf or raw_tracepoint programs, each with CPU
 * rings and with BPF ring buffers (the .rodata ring mask prunes different code), and the
 * trace event sys_exit programs ("ev_", which replace tp_btf's sys_exit programs: both kinds
 * cannot share the fillers' program array). The programs
 * of both filler sets (bpf_loop and tail-call chain) are loaded in every pass, as some kernel
 * runs each.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>
#include <syscap/bpf_maps.h>

#define LOG_SIZE (1u << 20)
#define RING_BYTES (8ull << 20)

struct result {
	char name[64];
	long insns;
	long usec;
};

static char g_libbpf_err[512];

__attribute__((format(printf, 2, 0)))
static int quiet_print(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	size_t n;

	if (level != LIBBPF_WARN)
		return 0;
	vsnprintf(g_libbpf_err, sizeof(g_libbpf_err), fmt, ap);
	n = strlen(g_libbpf_err);
	if (n && g_libbpf_err[n - 1] == '\n')
		g_libbpf_err[n - 1] = 0;
	return 0;
}

/* The engine's CPU-ring setting: the mask in .rodata, the ring array sized to match. */
static int set_ring_mask(struct bpf_object *obj, unsigned long long mask)
{
	struct bpf_map *m, *ro = NULL;
	const struct btf_var_secinfo *vs;
	const struct btf_type *sec;
	struct btf *btf = bpf_object__btf(obj);
	const void *init;
	size_t size;
	char *copy;
	int id, rc = -ENOENT;

	bpf_object__for_each_map(m, obj) {
		const char *n = bpf_map__name(m);
		size_t l = strlen(n);

		if (l >= 7 && !strcmp(n + l - 7, ".rodata"))
			ro = m;
	}
	init = ro ? bpf_map__initial_value(ro, &size) : NULL;
	id = btf ? btf__find_by_name_kind(btf, ".rodata", BTF_KIND_DATASEC) : -1;
	if (!init || id < 0)
		return -ENOENT;
	copy = malloc(size);
	if (!copy)
		return -ENOMEM;
	memcpy(copy, init, size);
	sec = btf__type_by_id(btf, id);
	vs = btf_var_secinfos(sec);
	for (int i = 0; i < btf_vlen(sec); i++, vs++) {
		const struct btf_type *v = btf__type_by_id(btf, vs->type);

		if (!strcmp(btf__name_by_offset(btf, v->name_off), SYSCAP_BPF_VAR_CPU_RING_MASK) &&
		    vs->size == sizeof(mask) && vs->offset + sizeof(mask) <= size) {
			memcpy(copy + vs->offset, &mask, sizeof(mask));
			rc = 0;
		}
	}
	if (!rc)
		rc = bpf_map__set_initial_value(ro, copy, size);
	free(copy);
	if (rc)
		return rc;
	m = bpf_object__find_map_by_name(obj, SYSCAP_BPF_MAP_CPU_RINGS);
	if (!m)
		return -ENOENT;
	return bpf_map__set_value_size(m, mask ? SYSCAP_BPF_CPU_RING_HDR + mask + 1 +
						      SYSCAP_BPF_CPU_RING_SLACK
					       : 4096);
}

/* Sizes the per-CPU maps the engine sizes, so that the object loads as it would there. */
static int size_maps(struct bpf_object *obj, int ncpus)
{
	static const char *const per_cpu[] = { SYSCAP_BPF_MAP_SCRATCH, SYSCAP_BPF_MAP_CPU_RINGS };
	struct bpf_map *m;
	int inner;

	for (size_t i = 0; i < sizeof(per_cpu) / sizeof(per_cpu[0]); i++) {
		m = bpf_object__find_map_by_name(obj, per_cpu[i]);
		if (!m || bpf_map__set_max_entries(m, ncpus))
			return -ENOENT;
	}
	m = bpf_object__find_map_by_name(obj, SYSCAP_BPF_MAP_RINGS);
	if (!m || bpf_map__set_max_entries(m, ncpus))
		return -ENOENT;
	inner = bpf_map_create(BPF_MAP_TYPE_RINGBUF, "budget_tpl", 0, 0, 4096, NULL);
	if (inner < 0)
		return -errno;
	return bpf_map__set_inner_map_fd(m, inner);
}

static long stat_after(const char *log, const char *key)
{
	const char *p = strstr(log, key);

	return p ? strtol(p + strlen(key), NULL, 10) : -1;
}

enum set { SET_TP_BTF, SET_RAW, SET_EV };
static const char *const g_set_names[] = { "tp_btf", "raw_tp", "ev (trace events)" };

/* Whether a program is loaded with set: the engine's choice (bpf_probe.c: prog_in_set()). */
static int in_set(struct bpf_program *p, enum set set)
{
	const char *sec = bpf_program__section_name(p), *name = bpf_program__name(p);
	int raw = !strncmp(sec, "raw_tp/", 7), ev = !strncmp(name, "ev_", 3);

	if (set == SET_RAW)
		return raw;
	if (set == SET_TP_BTF)
		return !raw && !ev;
	return ev || (!raw && strcmp(sec, "tp_btf/sys_exit"));
}

/* One configuration: returns how many programs went over limit, or -1 when it did not load. */
static int run_pass(const char *path, enum set set, unsigned long long mask, long limit, int ncpus)
{
	struct bpf_object *obj = bpf_object__open_file(path, NULL);
	struct bpf_program *p;
	struct result worst[3] = { 0 };
	long total_usec = 0;
	int over = 0, n = 0, rc;

	if (!obj) {
		fprintf(stderr, "cannot open %s: %s\n", path, strerror(errno));
		return -1;
	}
	bpf_object__for_each_program(p, obj) {
		int want = in_set(p, set);

		bpf_program__set_autoload(p, want);
		if (!want)
			continue;
		bpf_program__set_log_buf(p, calloc(1, LOG_SIZE), LOG_SIZE);
		bpf_program__set_log_level(p, 4); /* statistics only */
	}
	if (set_ring_mask(obj, mask) || size_maps(obj, ncpus)) {
		fprintf(stderr, "%s is not a syscap probe (ring mask or maps missing)\n", path);
		bpf_object__close(obj);
		return -1;
	}
	rc = bpf_object__load(obj);
	bpf_object__for_each_program(p, obj) {
		size_t sz;
		const char *log = bpf_program__log_buf(p, &sz);
		long insns, usec;

		if (!bpf_program__autoload(p) || !log)
			continue;
		insns = stat_after(log, "processed ");
		usec = stat_after(log, "verification time ");
		if (insns < 0)
			continue; /* not reached: an earlier program failed */
		n++;
		total_usec += usec > 0 ? usec : 0;
		if (insns > limit) {
			printf("  OVER: %s processed %ld instructions (budget %ld)\n",
			       bpf_program__name(p), insns, limit);
			over++;
		}
		for (int i = 0; i < 3; i++) {
			if (insns > worst[i].insns) {
				memmove(&worst[i + 1], &worst[i], (2 - i) * sizeof(worst[0]));
				snprintf(worst[i].name, sizeof(worst[i].name), "%s",
					 bpf_program__name(p));
				worst[i].insns = insns;
				worst[i].usec = usec;
				break;
			}
		}
	}
	printf("%s, %s: %d programs, %.2f s of verification; largest:", g_set_names[set],
	       mask ? "CPU rings" : "BPF ring buffers", n, total_usec / 1e6);
	for (int i = 0; i < 3 && worst[i].insns; i++)
		printf(" %s %ld", worst[i].name, worst[i].insns);
	printf("\n");
	if (rc) {
		printf("  load failed: %s (%s)\n", strerror(-rc), g_libbpf_err);
		over = over ? over : -1;
	}
	bpf_object__close(obj);
	return over;
}

int main(int argc, char **argv)
{
	long limit = argc > 2 ? strtol(argv[2], NULL, 10) : 500000;
	int ncpus, fails = 0;

	if (argc < 2) {
		fprintf(stderr, "usage: %s OBJECT [LIMIT]\n", argv[0]);
		return 2;
	}
	libbpf_set_print(quiet_print);
	ncpus = libbpf_num_possible_cpus();
	if (ncpus <= 0) {
		fprintf(stderr, "cannot count the possible CPUs\n");
		return 1;
	}
	for (int set = SET_TP_BTF; set <= SET_EV; set++)
		for (int rings = 0; rings < 2; rings++)
			fails += run_pass(argv[1], set, rings ? 0 : RING_BYTES - 1, limit, ncpus) != 0;
	printf("%s\n", fails ? "FAIL" : "PASS");
	return fails ? 1 : 0;
}
