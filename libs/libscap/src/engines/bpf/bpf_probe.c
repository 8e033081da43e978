/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Loading and driving syscap.bpf.o. Nothing here needs RLIMIT_MEMLOCK: kernels >= 5.11 charge
 * BPF memory to the memory cgroup and libbpf 1.x only raises the limit on older kernels, where a
 * failure to raise it is reported by the kernel as EPERM, which the engine explains.
 * Every libbpf call goes through scap_libbpf (libbpf_dl.h), filled by syscap_probe_open().
 */
#define _GNU_SOURCE /* vasprintf */
#include <errno.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "bpf_probe.h"
#include "bpf_ring.h"
#include "libbpf_dl.h"
#include "trace_event.h"
#include <syscap/sc.h>

struct syscap_probe {
	struct bpf_object *obj;
	struct bpf_link *links[8];
	unsigned nlinks;
	struct bpf_link *tp_links[SYSCAP_PROBE_TP_MAX];
	struct bpf_link *exit_link; /* sys_exit: only while some syscall is captured */
	struct bpf_link *enter_link; /* sys_enter: for enter events no trace event gives */
	/* TOCTOU enter events from syscalls/sys_enter_<name> (g_toctou), when toctou_events */
	struct bpf_link *toctou_links[SYSCAP_PROBE_TOCTOU_MAX];
	int toctou_ids[SYSCAP_PROBE_TOCTOU_MAX];
	int toctou_events;
	/* exits from syscalls/sys_exit_<name> (ev_* programs), one link per selected syscall */
	int exit_events;
	int exit_ids[SYSCAP_BPF_NATIVE_MAX]; /* trace event id, -1: none on this kernel */
	struct bpf_link *exit_links[SYSCAP_BPF_NATIVE_MAX];
	uint8_t exit_noted[SYSCAP_BPF_NATIVE_MAX];
	void (*log)(void *ctx, int debug, const char *msg); /* the opener's, for later notes */
	void *log_ctx;
	struct syscap_bpf_syscall sc[SYSCAP_BPF_NATIVE_MAX];
	int settings_fd, syscalls_fd, counters_fd;
	struct syscap_bpf_settings settings;
	int ncpus;
	struct bpf_ring *rings;
	unsigned nrings;
	/* CPU rings (bpf_maps.h): the array map's mapping, and the doorbell's positions */
	int cpu_rings;
	uint8_t *cpu_ring_map;
	size_t cpu_ring_map_len, cpu_ring_elem;
	unsigned long *bell_cons, *bell_prod;
	int epfd;
	int inner_fd;
	int raw_tp;
	int has_loop; /* the kernel has bpf_loop: fill_loop_<EVENT> replace fill_<EVENT> */
	uint64_t api_version, schema_version;
	size_t page;
};

static struct bpf_program *find_prog(struct syscap_probe *p, const char *name);
static struct bpf_program *exit_prog(struct syscap_probe *p, const char *name);

/* Ring buffer sizes and array value sizes are 32-bit in the kernel, and a CPU ring's element
 * adds its positions page and slack to the data: 1 GiB keeps both well inside. */
#define RING_BYTES_MAX (1ull << 30)

/* The TOCTOU syscalls whose enter events the per-syscall trace events give (bpf_maps.h). */
static const struct {
	const char *event, *prog;
	uint16_t ppm_sc;
} g_toctou[] = {
#define SYSCAP_TOCTOU(name, NAME, nargs) \
	{ "sys_enter_" #name, SYSCAP_BPF_PROG_TOCTOU_PREFIX #name, SCAP_SC_##NAME },
	SYSCAP_BPF_TOCTOU_TRACE_EVENTS(SYSCAP_TOCTOU)
#undef SYSCAP_TOCTOU
};
#define TOCTOU_N (sizeof(g_toctou) / sizeof(g_toctou[0]))
_Static_assert(TOCTOU_N <= SYSCAP_PROBE_TOCTOU_MAX, "SYSCAP_PROBE_TOCTOU_MAX");

/* libbpf messages are kept (not printed) so the last ones can be quoted in an error. */
static __thread char g_libbpf_log[1024];
static __thread const struct syscap_probe_opts *g_log_opts;

static int libbpf_log(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	char *line = NULL;
	size_t have, add;

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral" /* libbpf's own format strings */
	if (vasprintf(&line, fmt, ap) < 0)
		return 0;
#pragma GCC diagnostic pop
	if (g_log_opts && g_log_opts->log)
		g_log_opts->log(g_log_opts->log_ctx, level == LIBBPF_DEBUG, line);
	if (level == LIBBPF_DEBUG) {
		free(line);
		return 0;
	}
	have = strlen(g_libbpf_log);
	add = strlen(line);
	if (add >= sizeof(g_libbpf_log)) {
		memmove(line, line + add - (sizeof(g_libbpf_log) - 1), sizeof(g_libbpf_log));
		add = sizeof(g_libbpf_log) - 1;
	}
	if (have + add >= sizeof(g_libbpf_log)) {
		/* keep the newest text */
		size_t drop = have + add - (sizeof(g_libbpf_log) - 1);

		memmove(g_libbpf_log, g_libbpf_log + drop, have - drop + 1);
		have -= drop;
	}
	memcpy(g_libbpf_log + have, line, add + 1);
	free(line);
	return 0;
}

/* A note for the opener's log (debug: verbose only). */
static void probe_note(const struct syscap_probe *p, int debug, const char *msg)
{
	if (p->log)
		p->log(p->log_ctx, debug, msg);
}

static void set_err(char *err, size_t len, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void set_err(char *err, size_t len, const char *fmt, ...)
{
	va_list ap;

	if (!err || !len)
		return;
	va_start(ap, fmt);
	vsnprintf(err, len, fmt, ap);
	va_end(ap);
}

/* Last non-empty line libbpf logged, for error messages. */
static const char *libbpf_last(void)
{
	static __thread char last[512];
	char *end = g_libbpf_log + strlen(g_libbpf_log), *p;

	while (end > g_libbpf_log && (end[-1] == '\n' || end[-1] == ' '))
		end--;
	p = end;
	while (p > g_libbpf_log && p[-1] != '\n')
		p--;
	snprintf(last, sizeof(last), "%.*s", (int)(end - p), p);
	return last;
}

static struct bpf_map *find_rodata(struct bpf_object *obj)
{
	struct bpf_map *m;

	for (m = scap_libbpf.bpf_object__next_map(obj, NULL); m;
	     m = scap_libbpf.bpf_object__next_map(obj, m)) {
		const char *n = scap_libbpf.bpf_map__name(m);
		size_t l = strlen(n);

		if (scap_libbpf.bpf_map__is_internal(m) && l >= 7 &&
		    strcmp(n + l - 7, ".rodata") == 0)
			return m;
	}
	return NULL;
}

/* Offset and size of a .rodata variable, from the object's BTF. */
static int rodata_var(struct bpf_object *obj, const char *name, size_t *off, size_t *size)
{
	struct btf *btf = scap_libbpf.bpf_object__btf(obj);
	const struct btf_type *sec;
	const struct btf_var_secinfo *vs;
	int id, i;

	if (!btf)
		return -ENOENT;
	id = scap_libbpf.btf__find_by_name_kind(btf, ".rodata", BTF_KIND_DATASEC);
	if (id < 0)
		return -ENOENT;
	sec = scap_libbpf.btf__type_by_id(btf, id);
	vs = btf_var_secinfos(sec);
	for (i = 0; i < btf_vlen(sec); i++, vs++) {
		const struct btf_type *v = scap_libbpf.btf__type_by_id(btf, vs->type);

		if (strcmp(scap_libbpf.btf__name_by_offset(btf, v->name_off), name) == 0) {
			*off = vs->offset;
			*size = vs->size;
			return 0;
		}
	}
	return -ENOENT;
}

/* Calls fn for every FILLER(): .rodata variables named fill_<EVENT>__evt. */
static int for_each_filler(struct bpf_object *obj, const uint8_t *rodata, size_t rosize,
			   int (*fn)(void *, const char *prog, uint16_t evt), void *arg)
{
	struct btf *btf = scap_libbpf.bpf_object__btf(obj);
	const struct btf_type *sec;
	const struct btf_var_secinfo *vs;
	int id, i, rc;

	id = scap_libbpf.btf__find_by_name_kind(btf, ".rodata", BTF_KIND_DATASEC);
	if (id < 0)
		return -ENOENT;
	sec = scap_libbpf.btf__type_by_id(btf, id);
	vs = btf_var_secinfos(sec);
	for (i = 0; i < btf_vlen(sec); i++, vs++) {
		const char *n = scap_libbpf.btf__name_by_offset(
			btf, scap_libbpf.btf__type_by_id(btf, vs->type)->name_off);
		size_t l = strlen(n);
		char prog[128];
		uint16_t evt;

		if (strncmp(n, "fill_", 5) != 0 || l < 10 || strcmp(n + l - 5, "__evt") != 0 ||
		    vs->size != 2 || vs->offset + 2 > rosize || l - 5 >= sizeof(prog))
			continue;
		memcpy(&evt, rodata + vs->offset, 2);
		snprintf(prog, sizeof(prog), "%.*s", (int)(l - 5), n);
		rc = fn(arg, prog, evt);
		if (rc)
			return rc;
	}
	return 0;
}

struct filler_ctx {
	struct syscap_probe *p;
	int map_fd;
	size_t evt_max;
	char *err;
	size_t errlen;
};

static int install_filler(void *arg, const char *name, uint16_t evt)
{
	struct filler_ctx *c = arg;
	struct bpf_program *p = NULL;
	uint32_t key = evt;
	int fd;

	if (c->p->has_loop) {
		char loop[144]; /* "raw_" + this fits find_prog()'s buffer */

		snprintf(loop, sizeof(loop), "fill_loop_%s", name + 5);
		p = exit_prog(c->p, loop);
	}
	if (!p)
		p = exit_prog(c->p, name);

	if (!p || evt >= c->evt_max) {
		set_err(c->err, c->errlen, "BPF object: filler %s (event %u) is inconsistent", name,
			evt);
		return -EINVAL;
	}
	fd = scap_libbpf.bpf_program__fd(p);
	if (scap_libbpf.bpf_map_update_elem(c->map_fd, &key, &fd, BPF_ANY)) {
		int e = errno;

		set_err(c->err, c->errlen, "cannot install filler %s: %s", name, strerror(e));
		return -e;
	}
	return 0;
}

static uint64_t boot_time_ns(void)
{
	struct timespec rt, bt;

	clock_gettime(CLOCK_REALTIME, &rt);
	clock_gettime(CLOCK_BOOTTIME, &bt);
	return (uint64_t)rt.tv_sec * 1000000000ull + rt.tv_nsec -
	       ((uint64_t)bt.tv_sec * 1000000000ull + bt.tv_nsec);
}

static int push_settings(struct syscap_probe *p)
{
	uint32_t k = 0;

	if (scap_libbpf.bpf_map_update_elem(p->settings_fd, &k, &p->settings, BPF_ANY))
		return -errno;
	return 0;
}

static int map_ring(struct syscap_probe *p, struct bpf_ring *r, char *err, size_t errlen)
{
	void *cons, *prod;

	cons = mmap(NULL, p->page, PROT_READ | PROT_WRITE, MAP_SHARED, r->fd, 0);
	if (cons == MAP_FAILED) {
		int e = errno;

		set_err(err, errlen, "cannot map BPF ring buffer: %s", strerror(e));
		return -e;
	}
	prod = mmap(NULL, p->page + 2 * r->size, PROT_READ, MAP_SHARED, r->fd, p->page);
	if (prod == MAP_FAILED) {
		int e = errno;

		munmap(cons, p->page);
		set_err(err, errlen, "cannot map BPF ring buffer data (%zu bytes): %s", r->size,
			strerror(e));
		return -e;
	}
	r->consumer_pos = cons;
	r->producer_pos = prod;
	r->data = (uint8_t *)prod + p->page;
	r->mask = r->size - 1;
	bpf_ring_init(r);
	return 0;
}

/* One CPU ring per possible CPU, all in one mapping of the array; woken by the doorbell. */
static int create_cpu_rings(struct syscap_probe *p, const struct syscap_probe_opts *o, char *err,
			    size_t errlen)
{
	int fd = scap_libbpf.bpf_object__find_map_fd_by_name(p->obj, SYSCAP_BPF_MAP_CPU_RINGS);
	int bell = scap_libbpf.bpf_object__find_map_fd_by_name(p->obj, SYSCAP_BPF_MAP_DOORBELL);
	struct epoll_event ev = { .events = EPOLLIN | EPOLLET };
	void *m;

	if (fd < 0 || bell < 0) {
		set_err(err, errlen, "BPF object has no %s/%s map", SYSCAP_BPF_MAP_CPU_RINGS,
			SYSCAP_BPF_MAP_DOORBELL);
		return -ENOENT;
	}
	p->cpu_ring_map_len = p->cpu_ring_elem * (size_t)p->ncpus;
	m = mmap(NULL, p->cpu_ring_map_len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (m == MAP_FAILED) {
		int e = errno;

		set_err(err, errlen, "cannot map the CPU rings (%zu bytes): %s",
			p->cpu_ring_map_len, strerror(e));
		return -e;
	}
	p->cpu_ring_map = m;
	m = mmap(NULL, p->page, PROT_READ | PROT_WRITE, MAP_SHARED, bell, 0);
	if (m == MAP_FAILED) {
		int e = errno;

		set_err(err, errlen, "cannot map the probe's doorbell: %s", strerror(e));
		return -e;
	}
	p->bell_cons = m;
	m = mmap(NULL, p->page, PROT_READ, MAP_SHARED, bell, p->page);
	if (m == MAP_FAILED) {
		int e = errno;

		set_err(err, errlen, "cannot map the probe's doorbell: %s", strerror(e));
		return -e;
	}
	p->bell_prod = m;
	if (epoll_ctl(p->epfd, EPOLL_CTL_ADD, bell, &ev)) {
		int e = errno;

		set_err(err, errlen, "epoll on the probe's doorbell: %s", strerror(e));
		return -e;
	}
	p->nrings = p->ncpus;
	p->rings = calloc(p->nrings, sizeof(*p->rings));
	if (!p->rings)
		return -ENOMEM;
	for (unsigned i = 0; i < p->nrings; i++) {
		struct bpf_ring *r = &p->rings[i];
		uint8_t *elem = p->cpu_ring_map + i * p->cpu_ring_elem;
		struct syscap_bpf_cpu_ring_pos *pos = (struct syscap_bpf_cpu_ring_pos *)elem;

		r->fd = -1;
		r->cpu_ring = 1;
		r->cpu = i;
		r->size = o->buffer_bytes;
		r->mask = r->size - 1;
		r->consumer_pos = (unsigned long *)&pos->cons;
		r->producer_pos = (unsigned long *)&pos->prod;
		r->data = elem + SYSCAP_BPF_CPU_RING_HDR;
		bpf_ring_init(r);
	}
	return 0;
}

static int create_rings(struct syscap_probe *p, const struct syscap_probe_opts *o, char *err,
			size_t errlen)
{
	struct bpf_map *outer =
		scap_libbpf.bpf_object__find_map_by_name(p->obj, SYSCAP_BPF_MAP_RINGS);
	uint32_t per = o->cpus_per_buffer ? o->cpus_per_buffer : (uint32_t)p->ncpus;
	int outer_fd = scap_libbpf.bpf_map__fd(outer);
	unsigned i;
	int rc;

	if (p->cpu_rings)
		return create_cpu_rings(p, o, err, errlen);
	p->nrings = (p->ncpus + per - 1) / per;
	p->rings = calloc(p->nrings, sizeof(*p->rings));
	if (!p->rings)
		return -ENOMEM;
	for (i = 0; i < p->nrings; i++)
		p->rings[i].fd = -1;
	for (i = 0; i < p->nrings; i++) {
		struct bpf_ring *r = &p->rings[i];
		/*
		 * Edge-triggered: epoll_wait() returns on the probe's wakeups (one per wakeup_bytes
		 * a CPU writes) or the timeout, not whenever a record is pending: level-triggered,
		 * a consumer that keeps up with its producers found new records almost every time
		 * it emptied the rings (31,321 epoll_wait() calls for 2 M events, 1,095 now). A
		 * record below the threshold still waits at most the timeout, as before.
		 */
		struct epoll_event ev = { .events = EPOLLIN | EPOLLET, .data.u32 = i };
		uint32_t cpu;

		r->size = o->buffer_bytes;
		r->cpu = i * per;
		r->fd = scap_libbpf.bpf_map_create(BPF_MAP_TYPE_RINGBUF, "syscap_ring", 0, 0,
						   r->size, NULL);
		if (r->fd < 0) {
			int e = errno;

			set_err(err, errlen, "cannot create a %zu-byte BPF ring buffer: %s",
				r->size, strerror(e));
			return -e;
		}
		for (cpu = i * per; cpu < (i + 1) * per && cpu < (uint32_t)p->ncpus; cpu++) {
			if (scap_libbpf.bpf_map_update_elem(outer_fd, &cpu, &r->fd, BPF_ANY)) {
				int e = errno;

				set_err(err, errlen, "cannot attach ring to CPU %u: %s", cpu,
					strerror(e));
				return -e;
			}
		}
		rc = map_ring(p, r, err, errlen);
		if (rc)
			return rc;
		if (epoll_ctl(p->epfd, EPOLL_CTL_ADD, r->fd, &ev)) {
			int e = errno;

			set_err(err, errlen, "epoll on BPF ring buffer: %s", strerror(e));
			return -e;
		}
	}
	return 0;
}

static struct bpf_link *attach_prog(struct syscap_probe *p, const char *name, const char *tp,
				    char *err, size_t errlen)
{
	struct bpf_program *prog = find_prog(p, name);
	struct bpf_link *l;

	if (!prog) {
		set_err(err, errlen, "BPF object has no program %s", name);
		errno = ENOENT;
		return NULL;
	}
	if (p->raw_tp)
		l = scap_libbpf.bpf_program__attach_raw_tracepoint(prog, tp);
	else
		l = scap_libbpf.bpf_program__attach(prog);
	if (!l) {
		int e = errno;

		set_err(err, errlen, "cannot attach %s to tracepoint %s: %s", name, tp,
			strerror(e));
		errno = e;
	}
	return l;
}

static const struct {
	const char *prog, *tp;
} g_tps[SYSCAP_PROBE_TP_MAX] = {
	[SYSCAP_PROBE_TP_SCHED_SWITCH] = { SYSCAP_BPF_PROG_SCHED_SWITCH, "sched_switch" },
	[SYSCAP_PROBE_TP_SIGNAL_DELIVER] = { SYSCAP_BPF_PROG_SIGNAL_DELIVER, "signal_deliver" },
};

/* The tracepoint each attached program hooks (from its tp_btf/<name> section). */
static const char *prog_tp(struct bpf_program *prog)
{
	const char *s = scap_libbpf.bpf_program__section_name(prog);
	const char *slash = strchr(s, '/');

	return slash ? slash + 1 : s;
}

/*
 * Whether program n (section sec) belongs to the set this probe loads, bpf_loop aside: the tp_btf
 * programs or their "raw_" raw_tracepoint twins, never both, and for sys_exit the "ev_" trace
 * event programs instead when exits come from the syscalls' own trace events.
 */
static int prog_in_set(const struct syscap_probe *p, const char *n, const char *sec)
{
	/* TOCTOU trace event programs have no twin: one copy, loaded when used */
	if (!strncmp(n, SYSCAP_BPF_PROG_TOCTOU_PREFIX, strlen(SYSCAP_BPF_PROG_TOCTOU_PREFIX)))
		return p->toctou_events;
	if (!strncmp(n, "ev_", 3))
		return p->exit_events;
	if (p->exit_events && !strcmp(sec, "sys_exit"))
		return 0;
	return (strncmp(n, "raw_", 4) == 0) == p->raw_tp;
}

/*
 * Choose the programs to load. The fill_loop_* programs call bpf_loop (5.17+) and load only
 * where the kernel has it; older kernels could not even verify them. SYSCAP_BPF_NO_LOOP=1
 * forces the fallback (for tests).
 */
static void select_set(struct syscap_probe *p)
{
	const char *no_loop = getenv("SYSCAP_BPF_NO_LOOP");
	struct bpf_program *prog;

	p->has_loop = scap_libbpf.libbpf_probe_bpf_helper(BPF_PROG_TYPE_RAW_TRACEPOINT,
							  BPF_FUNC_loop, NULL) == 1 &&
		      !(no_loop && !strcmp(no_loop, "1"));
	for (prog = scap_libbpf.bpf_object__next_program(p->obj, NULL); prog;
	     prog = scap_libbpf.bpf_object__next_program(p->obj, prog)) {
		const char *n = scap_libbpf.bpf_program__name(prog);
		int is_loop = strstr(n, "fill_loop_") != NULL;

		scap_libbpf.bpf_program__set_autoload(prog, prog_in_set(p, n, prog_tp(prog)) &&
								    (!is_loop || p->has_loop));
	}
	if (!p->has_loop)
		return;
	/* install_filler() takes a fill_loop_* over its FILLER() twin: not verifying the twin
	 * saves about 0.7 s of load time here (sendmmsg and recvmmsg) */
	for (prog = scap_libbpf.bpf_object__next_program(p->obj, NULL); prog;
	     prog = scap_libbpf.bpf_object__next_program(p->obj, prog)) {
		const char *n = scap_libbpf.bpf_program__name(prog);
		const char *loop = strstr(n, "fill_loop_");
		struct bpf_program *twin;
		char name[160];

		if (!loop || !prog_in_set(p, n, prog_tp(prog)))
			continue;
		snprintf(name, sizeof(name), "%.*sfill_%s", (int)(loop - n), n,
			 loop + strlen("fill_loop_"));
		twin = scap_libbpf.bpf_object__find_program_by_name(p->obj, name);
		if (twin)
			scap_libbpf.bpf_program__set_autoload(twin, false);
	}
}

static struct bpf_program *find_prog(struct syscap_probe *p, const char *name)
{
	char raw[160];

	if (!p->raw_tp)
		return scap_libbpf.bpf_object__find_program_by_name(p->obj, name);
	snprintf(raw, sizeof(raw), "raw_%s", name);
	return scap_libbpf.bpf_object__find_program_by_name(p->obj, raw);
}

/* The sys_exit dispatcher or a filler (name as in the tp_btf set) of the set this probe loads. */
static struct bpf_program *exit_prog(struct syscap_probe *p, const char *name)
{
	char ev[160];

	if (!p->exit_events)
		return find_prog(p, name);
	snprintf(ev, sizeof(ev), "ev_%s", name);
	return scap_libbpf.bpf_object__find_program_by_name(p->obj, ev);
}

/* ia32 number -> x86_64 number, and socketcall call -> x86_64 number */
static const uint16_t g_ia32[][2] = {
#define SCAP_IA32(nr32, name, nr64) { nr32, nr64 },
#include <syscap/native_ia32.def>
#undef SCAP_IA32
};
static const uint16_t g_socketcall[] = {
#define SCAP_SOCKETCALL(call, name, nr64) nr64,
#include <syscap/socketcall.def>
#undef SCAP_SOCKETCALL
};
#define IA32_NR_SOCKETCALL 102

void syscap_probe_ia32_flags(struct syscap_bpf_syscall *t)
{
	for (unsigned i = 0; i < SYSCAP_BPF_NATIVE_MAX; i++)
		t[i].flags &= ~SYSCAP_BPF_SC_IA32;
	for (size_t i = 0; i < sizeof(g_ia32) / sizeof(g_ia32[0]); i++)
		if (g_ia32[i][0] < SYSCAP_BPF_NATIVE_MAX && g_ia32[i][1] < SYSCAP_BPF_NATIVE_MAX &&
		    t[g_ia32[i][1]].interesting)
			t[g_ia32[i][0]].flags |= SYSCAP_BPF_SC_IA32;
	for (size_t i = 0; i < sizeof(g_socketcall) / sizeof(g_socketcall[0]); i++)
		if (g_socketcall[i] < SYSCAP_BPF_NATIVE_MAX && t[g_socketcall[i]].interesting)
			t[IA32_NR_SOCKETCALL].flags |= SYSCAP_BPF_SC_IA32;
}

static int set_link(struct syscap_probe *p, struct bpf_link **link, int need, const char *prog,
		    const char *tp, char *err, size_t errlen)
{
	if (need && !*link) {
		*link = attach_prog(p, prog, tp, err, errlen);
		if (!*link)
			return -errno;
	} else if (!need && *link) {
		scap_libbpf.bpf_link__destroy(*link);
		*link = NULL;
	}
	return 0;
}

/*
 * Where the TOCTOU enter events come from. The sys_enter program runs on every syscall of the
 * machine (about 30 ns each here, docs/PERFORMANCE.md) to find the few with an enter event; the
 * kernel's per-syscall trace events run a program for their own syscall only. They need tracefs
 * (mounted privately when it is not: trace_event.h) and never fire for 32-bit tasks (x86 does not
 * trace compat syscalls), so sys_enter remains where they are missing and when asked for
 * (toctou_sys_enter: 32-bit tasks' enter events too).
 */
static void toctou_setup(struct syscap_probe *p, const struct syscap_probe_opts *o)
{
	char msg[256];
	int root, id;
	unsigned i;

	p->toctou_events = 0;
	if (o->toctou_sys_enter) {
		probe_note(p, 1, "TOCTOU enter events from sys_enter (asked for)");
		return;
	}
	root = syscap_trace_event_root(o->tracefs);
	if (root < 0) {
		snprintf(
			msg, sizeof(msg),
			"no tracefs%s%s (%s): TOCTOU enter events from sys_enter, on every syscall",
			o->tracefs ? " at " : "", o->tracefs ? o->tracefs : "", strerror(-root));
		probe_note(p, 0, msg);
		return;
	}
	for (i = 0; i < TOCTOU_N; i++) {
		id = syscap_trace_event_id(root, "syscalls", g_toctou[i].event);
		if (id < 0) {
			snprintf(msg, sizeof(msg),
				 "trace event syscalls/%s: %s: TOCTOU enter events from sys_enter",
				 g_toctou[i].event, strerror(-id));
			probe_note(p, 0, msg);
			close(root);
			return;
		}
		p->toctou_ids[i] = id;
	}
	close(root);
	p->toctou_events = 1;
	probe_note(p, 0, "TOCTOU enter events from the syscalls/sys_enter_* trace events");
}

/* x86_64 syscall names (native_x86_64.def), for their trace events */
static const struct {
	uint16_t nr;
	const char *name;
} g_native_names[] = {
#define SCAP_NATIVE(nr, name, NAME) { nr, #name },
#include <syscap/native_x86_64.def>
#undef SCAP_NATIVE
};

/* Syscalls whose trace event has the name of the kernel function that implements them. */
static const char *const g_exit_alias[][2] = {
	{ "stat", "newstat" },	 { "fstat", "newfstat" },      { "lstat", "newlstat" },
	{ "uname", "newuname" }, { "sendfile", "sendfile64" }, { "umount2", "umount" },
};

/* The x86_64 name of native syscall nr, NULL for the numbers set apart for ia32 (sc.h). */
static const char *native_name(unsigned nr)
{
	for (size_t i = 0; i < sizeof(g_native_names) / sizeof(g_native_names[0]); i++)
		if (g_native_names[i].nr == nr)
			return g_native_names[i].name;
	return NULL;
}

/* Whether a 64-bit task can make syscall nr: not the numbers set apart for ia32's send/recv. */
static int native_syscall(unsigned nr)
{
	return nr != SCAP_NR_IA32_SEND && nr != SCAP_NR_IA32_RECV;
}

/*
 * 1 when the kernel runs ia32 syscalls: a child makes one with int $0x80 (ia32 getpid), which a
 * kernel without ia32 emulation, or booted with ia32_emulation=0, answers with SIGSEGV. Any other
 * outcome, or no way to tell, counts as yes.
 */
static int ia32_syscalls_run(void)
{
#if defined(__x86_64__)
	int st = 0;
	pid_t pid = fork();

	if (pid == 0) {
		long ret = 20;

		signal(SIGSEGV, SIG_DFL);
		__asm__ volatile("int $0x80" : "+a"(ret) : : "r8", "r9", "r10", "r11", "memory");
		_exit(ret > 0 ? 0 : 1);
	}
	if (pid < 0)
		return 1;
	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR)
			return 1;
	return !(WIFSIGNALED(st) && WTERMSIG(st) == SIGSEGV);
#else
	return 1;
#endif
}

/*
 * For "auto": whether the syscalls this machine makes now cost less through sys_exit. There
 * every syscall enters a program, about 110 ns here even when nobody selected it; through the
 * trace events a selected syscall costs about 45 ns more and the others nothing
 * (docs/PERFORMANCE.md). So sys_exit wins only where the selected syscalls make most of the
 * calls, above 110 / (110 + 45) = 71%; the line is drawn at 75%, since the trace events stay
 * cheap whatever the mix turns into later. Counted over ms milliseconds on every CPU with two
 * counting perf events on raw_syscalls/sys_exit, one filtered to the selected syscalls; fewer
 * than 10,000 calls a second cost little either way and keep the trace events.
 * 1: sys_exit, 0: trace events, -errno: not measured. *msg gets the figures.
 */
#define EXIT_MIX_SHARE_PCT 75
#define EXIT_MIX_MIN_RATE 10000
static int exit_mix_wants_sys_exit(int root, const struct syscap_probe_opts *o, unsigned ms,
				   char *msg, size_t msglen)
{
	int id = syscap_trace_event_id(root, "raw_syscalls", "sys_exit"), ncpu, n = 0, rc = 0;
	unsigned long long all = 0, sel = 0, *start = NULL, v;
	struct timespec left = { ms / 1000, (long)(ms % 1000) * 1000000L };
	char filter[4096];
	size_t len = 0;
	int *fds = NULL;

	if (id < 0)
		return id;
	for (unsigned i = 0; i < SYSCAP_BPF_NATIVE_MAX; i++) {
		if (!o->syscalls[i].interesting || !native_syscall(i))
			continue;
		/* len < sizeof(filter) here: the loop stops at the first overflow */
		len += (size_t)snprintf(filter + len, sizeof(filter) - len, "%sid == %u",
					len ? " || " : "", i);
		if (len >= sizeof(filter))
			return -E2BIG;
	}
	if (!len) {
		snprintf(msg, msglen, "no 64-bit syscall selected");
		return 0;
	}
	ncpu = (int)sysconf(_SC_NPROCESSORS_CONF);
	if (ncpu < 1)
		return -EINVAL;
	fds = malloc(2 * (size_t)ncpu * sizeof(*fds));
	start = calloc(2 * (size_t)ncpu, sizeof(*start));
	if (!fds || !start) {
		rc = -ENOMEM;
		goto out;
	}
	for (int c = 0; c < ncpu && !rc; c++) {
		int a = syscap_trace_event_counter(id, c, NULL), f;

		if (a == -ENODEV) /* offline */
			continue;
		f = a < 0 ? a : syscap_trace_event_counter(id, c, filter);
		if (f < 0) {
			if (a >= 0)
				close(a);
			rc = f;
			break;
		}
		fds[n++] = a;
		fds[n++] = f;
	}
	for (int i = 0; i < n && !rc; i++)
		if (read(fds[i], &start[i], sizeof(start[i])) != sizeof(start[i]))
			rc = -EIO;
	while (!rc && nanosleep(&left, &left) && errno == EINTR)
		;
	for (int i = 0; i < n && !rc; i++) {
		if (read(fds[i], &v, sizeof(v)) != sizeof(v)) {
			rc = -EIO;
			break;
		}
		*(i % 2 ? &sel : &all) += v - start[i];
	}
	if (!rc && !n)
		rc = -ENODEV;
	if (!rc) {
		int busy = all * 1000 >= (unsigned long long)EXIT_MIX_MIN_RATE * ms;

		rc = busy && sel * 100 >= all * EXIT_MIX_SHARE_PCT;
		snprintf(msg, msglen,
			 "the selected syscalls made %llu of %llu syscall exits in %u ms%s", sel,
			 all, ms, busy ? "" : ", too few to matter");
	}
out:
	for (int i = 0; i < n; i++)
		close(fds[i]);
	free(fds);
	free(start);
	return rc;
}

/* "auto" once the trace events are there: whether to take them; notes why not. */
static int auto_takes_events(struct syscap_probe *p, const struct syscap_probe_opts *o, int root,
			     unsigned nsel)
{
	unsigned ms = o->exit_sample_ms ? (unsigned)o->exit_sample_ms : 100;
	char mix[128], msg[192];
	int rc;

	/* a syscall the kernel lacks still fails with ENOSYS, which sys_exit reports */
	for (unsigned i = 0; i < SYSCAP_BPF_NATIVE_MAX; i++) {
		if (o->syscalls[i].interesting && p->exit_ids[i] < 0 && native_syscall(i)) {
			snprintf(msg, sizeof(msg),
				 "syscall exits from sys_exit (selected syscall %s has no trace "
				 "event: this kernel lacks it)",
				 native_name(i) ? native_name(i) : "?");
			probe_note(p, 1, msg);
			return 0;
		}
	}
	if (ia32_syscalls_run()) {
		probe_note(p, 1,
			   "syscall exits from sys_exit (this kernel runs ia32 syscalls, which no "
			   "per-syscall trace event sees)");
		return 0;
	}
	if (o->exit_sample_ms < 0 || !nsel) /* not asked for; nothing selected costs nothing */
		return 1;
	rc = exit_mix_wants_sys_exit(root, o, ms, mix, sizeof(mix));
	if (rc < 0)
		snprintf(mix, sizeof(mix), "syscall mix not sampled: %s", strerror(-rc));
	snprintf(msg, sizeof(msg), "syscall exits from %s (%s)",
		 rc == 1 ? "sys_exit" : "trace events", mix);
	probe_note(p, 1, msg);
	return rc != 1;
}

/*
 * Where syscall exits are taken (SYSCAP_BPF_EXIT). The sys_exit tracepoint runs the dispatcher
 * on every syscall of the machine, selected or not: about 100 ns each on the test machine, most
 * of it the cost of entering any BPF program there (docs/PERFORMANCE.md). A syscall's own trace
 * event, syscalls/sys_exit_<name>, runs its program for that syscall only, and the others pay a
 * bit test. Those events never fire for ia32 syscalls, nor for syscalls the kernel does not
 * implement (they fail with ENOSYS), so "auto" takes them only where the kernel refuses ia32
 * syscalls, every selected syscall has its event, at most half the syscalls are selected, and
 * the selected ones do not make most of the machine's calls right now (each costs a little more
 * through its trace event than through sys_exit: exit_mix_wants_sys_exit()). The choice holds
 * for the whole capture. They need tracefs (trace_event.h) and bpf_task_pt_regs() (5.15).
 */
static void exit_setup(struct syscap_probe *p, const struct syscap_probe_opts *o, int allow)
{
	unsigned i, a, n = 0, nsel = 0, nknown = 0;
	char msg[256], ev[96];
	int root, level = o->exit_mode == SYSCAP_PROBE_EXIT_AUTO; /* asked for: info */

	p->exit_events = 0;
	for (i = 0; i < SYSCAP_BPF_NATIVE_MAX; i++)
		p->exit_ids[i] = -1;
	if (o->exit_mode == SYSCAP_PROBE_EXIT_SYS_EXIT || !allow)
		return;
	for (i = 0; i < SYSCAP_BPF_NATIVE_MAX; i++) {
		nknown += o->syscalls[i].ppm_sc != 0;
		nsel += o->syscalls[i].interesting;
	}
	if (o->exit_mode == SYSCAP_PROBE_EXIT_AUTO && 2 * nsel > nknown) {
		probe_note(p, 1, "syscall exits from sys_exit (most syscalls selected)");
		return;
	}
	if (scap_libbpf.libbpf_probe_bpf_helper(BPF_PROG_TYPE_TRACEPOINT, BPF_FUNC_task_pt_regs,
						NULL) != 1) {
		probe_note(p, level,
			   "syscall exits from sys_exit: trace event programs cannot call "
			   "bpf_task_pt_regs() on this kernel (before 5.15)");
		return;
	}
	root = syscap_trace_event_root(o->tracefs);
	if (root < 0) {
		snprintf(msg, sizeof(msg), "syscall exits from sys_exit: no tracefs (%s)",
			 strerror(-root));
		probe_note(p, level, msg);
		return;
	}
	for (i = 0; i < sizeof(g_native_names) / sizeof(g_native_names[0]); i++) {
		const char *name = g_native_names[i].name;
		uint16_t nr = g_native_names[i].nr;
		int id;

		if (nr >= SYSCAP_BPF_NATIVE_MAX)
			continue;
		for (a = 0; a < sizeof(g_exit_alias) / sizeof(g_exit_alias[0]); a++)
			if (!strcmp(name, g_exit_alias[a][0]))
				name = g_exit_alias[a][1];
		snprintf(ev, sizeof(ev), "sys_exit_%s", name);
		id = syscap_trace_event_id(root, "syscalls", ev);
		if (id >= 0) {
			p->exit_ids[nr] = id;
			n++;
		}
	}
	if (!n) {
		probe_note(p, level,
			   "syscall exits from sys_exit: no syscalls/sys_exit_* trace events");
		close(root);
		return;
	}
	if (o->exit_mode == SYSCAP_PROBE_EXIT_AUTO && !auto_takes_events(p, o, root, nsel)) {
		close(root);
		return;
	}
	close(root);
	if (o->exit_mode == SYSCAP_PROBE_EXIT_EVENTS && ia32_syscalls_run())
		probe_note(p, 0,
			   "exits from trace events, as asked: this kernel also runs ia32 "
			   "syscalls, which these events never see (not captured)");
	p->exit_events = 1;
	snprintf(msg, sizeof(msg),
		 "syscall exits from the syscalls/sys_exit_* trace events (%u syscalls have one)",
		 n);
	probe_note(p, 0, msg);
}

/* Attaches or detaches the trace event programs so that exactly the selected syscalls run one. */
static int update_exit_events(struct syscap_probe *p, char *err, size_t errlen)
{
	struct bpf_program *prog = exit_prog(p, SYSCAP_BPF_PROG_SYS_EXIT);
	char msg[160];
	unsigned i;

	if (!prog) {
		set_err(err, errlen, "BPF object has no program ev_%s", SYSCAP_BPF_PROG_SYS_EXIT);
		return -ENOENT;
	}
	for (i = 0; i < SYSCAP_BPF_NATIVE_MAX; i++) {
		int want = p->sc[i].interesting, pfd;

		if (!want && p->exit_links[i]) {
			scap_libbpf.bpf_link__destroy(p->exit_links[i]);
			p->exit_links[i] = NULL;
		}
		if (!want || p->exit_links[i])
			continue;
		if (p->exit_ids[i] < 0) {
			/* syscalls the kernel lacks (no trace event) only ever fail with ENOSYS */
			if (!p->exit_noted[i] && native_syscall(i)) {
				snprintf(msg, sizeof(msg),
					 "syscall %s has no trace event: this kernel lacks it, "
					 "and its ENOSYS exits are not reported",
					 native_name(i) ? native_name(i) : "?");
				probe_note(p, 0, msg);
				p->exit_noted[i] = 1;
			}
			continue;
		}
		pfd = syscap_trace_event_perf_open(p->exit_ids[i]);
		if (pfd < 0) {
			set_err(err, errlen, "cannot open the exit trace event of syscall %u: %s",
				i, strerror(-pfd));
			return pfd;
		}
		p->exit_links[i] = scap_libbpf.bpf_program__attach_perf_event(prog, pfd);
		if (!p->exit_links[i]) {
			int e = errno;

			close(pfd);
			set_err(err, errlen,
				"cannot attach to the exit trace event of syscall %u: %s", i,
				strerror(e));
			return -e;
		}
	}
	return 0;
}

static struct bpf_link *attach_trace_event(struct syscap_probe *p, unsigned i, char *err,
					   size_t errlen)
{
	struct bpf_program *prog =
		scap_libbpf.bpf_object__find_program_by_name(p->obj, g_toctou[i].prog);
	struct bpf_link *l;
	int pfd, e;

	if (!prog) {
		set_err(err, errlen, "BPF object has no program %s", g_toctou[i].prog);
		errno = ENOENT;
		return NULL;
	}
	pfd = syscap_trace_event_perf_open(p->toctou_ids[i]);
	if (pfd < 0) {
		set_err(err, errlen, "cannot open trace event syscalls/%s: %s", g_toctou[i].event,
			strerror(-pfd));
		errno = -pfd;
		return NULL;
	}
	l = scap_libbpf.bpf_program__attach_perf_event(prog, pfd); /* owns pfd from now on */
	if (!l) {
		e = errno;
		close(pfd);
		set_err(err, errlen, "cannot attach %s to trace event syscalls/%s: %s",
			g_toctou[i].prog, g_toctou[i].event, strerror(e));
		errno = e;
	}
	return l;
}

/* A trace event would not attach: sys_enter for all enter events from now on (same events,
 * slower), rather than failing the capture. */
static void toctou_give_up(struct syscap_probe *p, const char *why)
{
	char msg[600];

	snprintf(msg, sizeof(msg), "%s: TOCTOU enter events from sys_enter", why);
	probe_note(p, 0, msg);
	for (unsigned t = 0; t < TOCTOU_N; t++) {
		scap_libbpf.bpf_link__destroy(p->toctou_links[t]);
		p->toctou_links[t] = NULL;
	}
	p->toctou_events = 0;
}

/*
 * sys_exit and sys_enter cost on every syscall, selected or not: each stays attached only while
 * it has something to report (any syscall; an enter event no trace event gives). With nothing
 * selected the syscall path costs nothing, as with the reference's probe.
 */
static int update_syscall_links(struct syscap_probe *p, char *err, size_t errlen)
{
	int exit = 0, enter = 0, want[TOCTOU_N] = { 0 }, rc;
	unsigned i, t;

	for (i = 0; i < SYSCAP_BPF_NATIVE_MAX; i++) {
		exit |= p->sc[i].interesting;
		if (!p->sc[i].interesting || !p->sc[i].enter_evt)
			continue;
		for (t = 0; t < TOCTOU_N && g_toctou[t].ppm_sc != p->sc[i].ppm_sc; t++)
			;
		if (p->toctou_events && t < TOCTOU_N)
			want[t] = 1;
		else
			enter = 1;
	}
	if (p->exit_events)
		rc = update_exit_events(p, err, errlen);
	else
		rc = set_link(p, &p->exit_link, exit, SYSCAP_BPF_PROG_SYS_EXIT, "sys_exit", err,
			      errlen);
	if (rc)
		return rc;
	for (t = 0; p->toctou_events && t < TOCTOU_N; t++) {
		if (want[t] && !p->toctou_links[t]) {
			p->toctou_links[t] = attach_trace_event(p, t, err, errlen);
			if (!p->toctou_links[t]) {
				toctou_give_up(p, err);
				err[0] = '\0';
				return update_syscall_links(p, err, errlen);
			}
		} else if (!want[t] && p->toctou_links[t]) {
			scap_libbpf.bpf_link__destroy(p->toctou_links[t]);
			p->toctou_links[t] = NULL;
		}
	}
	return set_link(p, &p->enter_link, enter, SYSCAP_BPF_PROG_SYS_ENTER, "sys_enter", err,
			errlen);
}

/*
 * Whether the kernel creates a CPU ring of the requested size: older kernels (5.10 seen) cap an
 * array map's value at KMALLOC_MAX_SIZE, 4 MiB on x86_64, below the default 8 MiB ring. Tried on
 * a one-element map of the real size, dropped at once. Where it is refused with E2BIG the probe
 * uses BPF ring buffers, which have no such cap; any other error is left for the load to report.
 */
static int cpu_ring_fits(const struct syscap_probe_opts *o)
{
	LIBBPF_OPTS(bpf_map_create_opts, mo, .map_flags = BPF_F_MMAPABLE);
	size_t len = SYSCAP_BPF_CPU_RING_HDR + o->buffer_bytes + SYSCAP_BPF_CPU_RING_SLACK;
	char msg[200];
	int fd;

	fd = scap_libbpf.bpf_map_create(BPF_MAP_TYPE_ARRAY, "syscap_ring_sz", 4, len, 1, &mo);
	if (fd >= 0) {
		close(fd);
		return 1;
	}
	if (errno != E2BIG)
		return 1;
	snprintf(msg, sizeof(msg), "no %zu-byte map value here for CPU rings: BPF ring buffers\n",
		 len);
	if (o->log)
		o->log(o->log_ctx, 0, msg);
	return 0;
}

static int probe_open(struct syscap_probe **out, const struct syscap_probe_opts *o, int raw,
		      int allow_ev, int *load_failed, int *used_ev, char *err, size_t errlen)
{
	struct syscap_probe *p;
	struct bpf_map *m, *rodata;
	const void *init;
	uint8_t *ro = NULL;
	size_t rosize = 0, off, sz;
	struct filler_ctx fc;
	uint32_t k;
	int rc;

	*out = NULL;
	if (o->buffer_bytes < 4096 || (o->buffer_bytes & (o->buffer_bytes - 1))) {
		set_err(err, errlen, "BPF ring size %llu is not a power of two >= the page size",
			(unsigned long long)o->buffer_bytes);
		return -EINVAL;
	}
	if (o->buffer_bytes > RING_BYTES_MAX) {
		set_err(err, errlen, "BPF ring size %llu is above the largest supported, %llu",
			(unsigned long long)o->buffer_bytes, (unsigned long long)RING_BYTES_MAX);
		return -EINVAL;
	}
	p = calloc(1, sizeof(*p));
	if (!p)
		return -ENOMEM;
	p->epfd = -1;
	p->inner_fd = -1;
	p->page = sysconf(_SC_PAGESIZE);
	g_libbpf_log[0] = 0;
	g_log_opts = o;
	scap_libbpf.libbpf_set_print(libbpf_log);

	p->obj = scap_libbpf.bpf_object__open_file(o->path, NULL);
	if (!p->obj) {
		rc = -errno;
		set_err(err, errlen, "cannot open BPF object '%s': %s", o->path, strerror(-rc));
		p->obj = NULL;
		goto fail;
	}
	rodata = find_rodata(p->obj);
	init = rodata ? scap_libbpf.bpf_map__initial_value(rodata, &rosize) : NULL;
	if (!init) {
		rc = -EINVAL;
		set_err(err, errlen, "'%s' is not a syscap probe (no read-only data)", o->path);
		goto fail;
	}
	ro = malloc(rosize);
	if (!ro) {
		rc = -ENOMEM;
		goto fail;
	}
	memcpy(ro, init, rosize);
	if (rodata_var(p->obj, SYSCAP_BPF_VAR_API_VERSION, &off, &sz) || sz != 8 ||
	    off + 8 > rosize) {
		rc = -EINVAL;
		set_err(err, errlen, "'%s' is not a syscap probe (no API version)", o->path);
		goto fail;
	}
	memcpy(&p->api_version, ro + off, 8);
	if (rodata_var(p->obj, SYSCAP_BPF_VAR_SCHEMA_VERSION, &off, &sz) || sz != 8 ||
	    off + 8 > rosize) {
		rc = -EINVAL;
		set_err(err, errlen, "'%s' is not a syscap probe (no schema version)", o->path);
		goto fail;
	}
	memcpy(&p->schema_version, ro + off, 8);
	if (o->check_versions) {
		char msg[256] = "";

		rc = o->check_versions(p->api_version, p->schema_version, msg, sizeof(msg));
		if (rc) {
			set_err(err, errlen, "probe '%s': %s", o->path, msg);
			goto fail;
		}
	}
	if (rodata_var(p->obj, SYSCAP_BPF_VAR_EVENT_NPARAMS, &off, &sz) || sz != o->evt_max ||
	    off + sz > rosize) {
		rc = -EINVAL;
		set_err(err, errlen, "'%s': event table size differs from this libscap's (%zu)",
			o->path, o->evt_max);
		goto fail;
	}
	memcpy(ro + off, o->event_nparams, sz);
	if (rodata_var(p->obj, SYSCAP_BPF_VAR_DROP_CATEGORY, &off, &sz) || sz != o->evt_max ||
	    off + sz > rosize) {
		rc = -EINVAL;
		set_err(err, errlen, "'%s': drop category table missing", o->path);
		goto fail;
	}
	memcpy(ro + off, o->event_drop_category, sz);
	/* CPU rings where every CPU has its own ring, the object has them (bpf_maps.h) and the
	 * kernel takes a map value of that size. */
	if (!o->bpf_ringbufs && o->cpus_per_buffer == 1 &&
	    !rodata_var(p->obj, SYSCAP_BPF_VAR_CPU_RING_MASK, &off, &sz) && sz == 8 &&
	    off + 8 <= rosize &&
	    scap_libbpf.bpf_object__find_map_by_name(p->obj, SYSCAP_BPF_MAP_CPU_RINGS) &&
	    cpu_ring_fits(o)) {
		uint64_t mask = o->buffer_bytes - 1;

		memcpy(ro + off, &mask, sizeof(mask));
		p->cpu_rings = 1;
	}
	if (scap_libbpf.bpf_map__set_initial_value(rodata, ro, rosize)) {
		rc = -EINVAL;
		set_err(err, errlen, "cannot set the probe's read-only data");
		goto fail;
	}

	p->ncpus = scap_libbpf.libbpf_num_possible_cpus();
	if (p->ncpus <= 0) {
		rc = p->ncpus < 0 ? p->ncpus : -EINVAL;
		set_err(err, errlen, "cannot count the possible CPUs");
		goto fail;
	}
	m = scap_libbpf.bpf_object__find_map_by_name(p->obj, SYSCAP_BPF_MAP_SCRATCH);
	if (!m || scap_libbpf.bpf_map__set_max_entries(m, p->ncpus)) {
		rc = -EINVAL;
		set_err(err, errlen, "'%s': map %s missing", o->path, SYSCAP_BPF_MAP_SCRATCH);
		goto fail;
	}
	if (p->cpu_rings) {
		p->cpu_ring_elem =
			SYSCAP_BPF_CPU_RING_HDR + o->buffer_bytes + SYSCAP_BPF_CPU_RING_SLACK;
		m = scap_libbpf.bpf_object__find_map_by_name(p->obj, SYSCAP_BPF_MAP_CPU_RINGS);
		if (!m || scap_libbpf.bpf_map__set_value_size(m, p->cpu_ring_elem) ||
		    scap_libbpf.bpf_map__set_max_entries(m, p->ncpus)) {
			rc = -EINVAL;
			set_err(err, errlen, "'%s': cannot size map %s", o->path,
				SYSCAP_BPF_MAP_CPU_RINGS);
			goto fail;
		}
	}
	/* The outer map's inner template must have the rings' size: give libbpf a real one
	 * (unused with CPU rings: a page). */
	m = scap_libbpf.bpf_object__find_map_by_name(p->obj, SYSCAP_BPF_MAP_RINGS);
	if (!m || scap_libbpf.bpf_map__set_max_entries(m, p->ncpus)) {
		rc = -EINVAL;
		set_err(err, errlen, "'%s': map %s missing", o->path, SYSCAP_BPF_MAP_RINGS);
		goto fail;
	}
	p->inner_fd = scap_libbpf.bpf_map_create(BPF_MAP_TYPE_RINGBUF, "syscap_ring_tpl", 0, 0,
						 p->cpu_rings ? p->page : o->buffer_bytes, NULL);
	if (p->inner_fd < 0) {
		rc = -errno;
		set_err(err, errlen, "cannot create a %llu-byte BPF ring buffer: %s",
			(unsigned long long)o->buffer_bytes, strerror(-rc));
		goto fail;
	}
	rc = scap_libbpf.bpf_map__set_inner_map_fd(m, p->inner_fd);
	if (rc) {
		set_err(err, errlen, "cannot size the ring buffers: %s", strerror(-rc));
		goto fail;
	}

	p->raw_tp = raw;
	p->log = o->log;
	p->log_ctx = o->log_ctx;
	toctou_setup(p, o);
	exit_setup(p, o, allow_ev);
	*used_ev = p->exit_events;
	select_set(p);
	/* Programs of disabled optional tracepoints are loaded too: they can be turned on later. */
	rc = scap_libbpf.bpf_object__load(p->obj);
	if (rc) {
		*load_failed = 1;
		set_err(err, errlen, "cannot load BPF probe '%s': %s (%s)", o->path, strerror(-rc),
			libbpf_last());
		goto fail;
	}

	p->settings_fd =
		scap_libbpf.bpf_object__find_map_fd_by_name(p->obj, SYSCAP_BPF_MAP_SETTINGS);
	p->syscalls_fd =
		scap_libbpf.bpf_object__find_map_fd_by_name(p->obj, SYSCAP_BPF_MAP_SYSCALLS);
	p->counters_fd =
		scap_libbpf.bpf_object__find_map_fd_by_name(p->obj, SYSCAP_BPF_MAP_COUNTERS);
	if (p->settings_fd < 0 || p->syscalls_fd < 0 || p->counters_fd < 0) {
		rc = -EINVAL;
		set_err(err, errlen, "'%s': settings/syscalls/counters map missing", o->path);
		goto fail;
	}
	p->settings.boot_time = boot_time_ns();
	p->settings.snaplen = o->snaplen ? o->snaplen : SYSCAP_BPF_SNAPLEN_DEFAULT;
	p->settings.sampling_ratio = 1;
	p->settings.statsd_port = SYSCAP_BPF_STATSD_PORT_DEFAULT;
	p->settings.consumer_tgid = getpid();
	/* A sixteenth of the ring: the consumer has the other 15/16 to wake up in. */
	p->settings.wakeup_bytes = SYSCAP_BPF_WAKEUP_BYTES;
	if (p->settings.wakeup_bytes > o->buffer_bytes / 16)
		p->settings.wakeup_bytes = o->buffer_bytes / 16;
	p->settings.capture_on = 0;
	rc = push_settings(p);
	if (rc) {
		set_err(err, errlen, "cannot write probe settings: %s", strerror(-rc));
		goto fail;
	}
	for (k = 0; k < SYSCAP_BPF_NATIVE_MAX; k++) {
		if (scap_libbpf.bpf_map_update_elem(p->syscalls_fd, &k, &o->syscalls[k], BPF_ANY)) {
			rc = -errno;
			set_err(err, errlen, "cannot fill the syscall table: %s", strerror(-rc));
			goto fail;
		}
	}
	fc = (struct filler_ctx){ p, -1, o->evt_max, err, errlen };
	fc.map_fd = scap_libbpf.bpf_object__find_map_fd_by_name(p->obj, SYSCAP_BPF_MAP_FILLERS);
	rc = for_each_filler(p->obj, ro, rosize, install_filler, &fc);
	if (rc)
		goto fail;
	free(ro);
	ro = NULL;

	p->epfd = epoll_create1(EPOLL_CLOEXEC);
	if (p->epfd < 0) {
		rc = -errno;
		set_err(err, errlen, "epoll_create1: %s", strerror(-rc));
		goto fail;
	}
	rc = create_rings(p, o, err, errlen);
	if (rc)
		goto fail;

	{
		static const char *const always[] = { SYSCAP_BPF_PROG_PROC_EXEC,
						      SYSCAP_BPF_PROG_PROC_EXIT };
		unsigned i;

		for (i = 0; i < sizeof(always) / sizeof(always[0]); i++) {
			struct bpf_program *prog = find_prog(p, always[i]);
			struct bpf_link *l;

			l = prog ? attach_prog(p, always[i], prog_tp(prog), err, errlen) : NULL;
			if (!l) {
				rc = prog ? -errno : -ENOENT;
				if (!prog)
					set_err(err, errlen, "BPF object has no program %s",
						always[i]);
				goto fail;
			}
			p->links[p->nlinks++] = l;
		}
	}
	memcpy(p->sc, o->syscalls, sizeof(p->sc));
	rc = update_syscall_links(p, err, errlen);
	if (rc)
		goto fail;
	for (k = 0; k < SYSCAP_PROBE_TP_MAX; k++) {
		if (o->tp_mask & (1u << k)) {
			rc = syscap_probe_set_tp(p, k, 1);
			if (rc) {
				set_err(err, errlen, "cannot attach tracepoint %s: %s", g_tps[k].tp,
					strerror(-rc));
				goto fail;
			}
		}
	}
	*out = p;
	g_log_opts = NULL;
	return 0;
fail:
	g_log_opts = NULL;
	free(ro);
	syscap_probe_close(p);
	return rc < 0 ? rc : -EINVAL;
}

int syscap_probe_open(struct syscap_probe **out, const struct syscap_probe_opts *o, char *err,
		      size_t errlen)
{
	int load_failed = 0, used_ev = 0, allow_ev = 1, raw, rc;
	char first[512], msg[600];

	*out = NULL;
	rc = scap_libbpf_load(err, errlen);
	if (rc)
		return rc;
	raw = o->force_raw_tracepoint ||
	      scap_libbpf.libbpf_find_vmlinux_btf_id("sys_exit", BPF_TRACE_RAW_TP) < 0;
	rc = probe_open(out, o, raw, allow_ev, &load_failed, &used_ev, err, errlen);
	if (rc && load_failed && used_ev) {
		/* trace event programs refused: the same set with exits from sys_exit */
		snprintf(msg, sizeof(msg), "trace event programs failed (%s), using sys_exit\n",
			 err);
		if (o->log)
			o->log(o->log_ctx, 0, msg);
		allow_ev = 0;
		load_failed = 0;
		rc = probe_open(out, o, raw, allow_ev, &load_failed, &used_ev, err, errlen);
	}
	if (!rc || raw || !load_failed)
		return rc;
	/* BTF tracepoints refused (old or restricted kernel): the raw_tracepoint twins. */
	snprintf(first, sizeof(first), "%s", err);
	snprintf(msg, sizeof(msg), "tp_btf programs failed (%s), trying raw_tracepoint\n", first);
	if (o->log)
		o->log(o->log_ctx, 0, msg);
	load_failed = 0;
	rc = probe_open(out, o, 1, allow_ev, &load_failed, &used_ev, err, errlen);
	if (rc) {
		size_t n = strlen(err);

		if (n + 1 < errlen)
			snprintf(err + n, errlen - n, "; with tp_btf: %s", first);
	}
	return rc;
}

void syscap_probe_close(struct syscap_probe *p)
{
	unsigned i;

	if (!p)
		return;
	for (i = 0; i < SYSCAP_PROBE_TP_MAX; i++)
		scap_libbpf.bpf_link__destroy(p->tp_links[i]);
	scap_libbpf.bpf_link__destroy(p->enter_link);
	for (i = 0; i < TOCTOU_N; i++)
		scap_libbpf.bpf_link__destroy(p->toctou_links[i]);
	scap_libbpf.bpf_link__destroy(p->exit_link);
	for (i = 0; i < SYSCAP_BPF_NATIVE_MAX; i++)
		scap_libbpf.bpf_link__destroy(p->exit_links[i]);
	for (i = 0; i < p->nlinks; i++)
		scap_libbpf.bpf_link__destroy(p->links[i]);
	for (i = 0; p->rings && i < p->nrings; i++) {
		struct bpf_ring *r = &p->rings[i];

		if (r->cpu_ring)
			continue; /* inside cpu_ring_map */
		if (r->consumer_pos)
			munmap(r->consumer_pos, p->page);
		if (r->producer_pos)
			munmap(r->producer_pos, p->page + 2 * r->size);
		if (r->fd >= 0)
			close(r->fd);
	}
	free(p->rings);
	if (p->cpu_ring_map)
		munmap(p->cpu_ring_map, p->cpu_ring_map_len);
	if (p->bell_cons)
		munmap(p->bell_cons, p->page);
	if (p->bell_prod)
		munmap(p->bell_prod, p->page);
	if (p->epfd >= 0)
		close(p->epfd);
	scap_libbpf.bpf_object__close(p->obj);
	if (p->inner_fd >= 0)
		close(p->inner_fd);
	free(p);
}

int syscap_probe_next_batch(struct syscap_probe *p, const struct scap_evt_hdr **evt, uint16_t *cpu,
			    unsigned max, int timeout_ms)
{
	struct epoll_event ev[8];
	unsigned n;

	bpf_rings_release(p->rings, p->nrings);
	n = bpf_rings_merge(p->rings, p->nrings, evt, cpu, max);
	if (n || timeout_ms <= 0)
		return n ? (int)n : -EAGAIN;
	if (epoll_wait(p->epfd, ev, 8, timeout_ms) < 0 && errno != EINTR)
		return -errno;
	if (p->cpu_rings) /* the rings say what is new: the doorbell's records only woke us */
		__atomic_store_n(p->bell_cons, __atomic_load_n(p->bell_prod, __ATOMIC_ACQUIRE),
				 __ATOMIC_RELEASE);
	bpf_rings_rewet(p->rings, p->nrings);
	n = bpf_rings_merge(p->rings, p->nrings, evt, cpu, max);
	return n ? (int)n : -EAGAIN;
}

int syscap_probe_set_capture(struct syscap_probe *p, int on)
{
	p->settings.capture_on = !!on;
	if (on)
		p->settings.boot_time = boot_time_ns();
	return push_settings(p);
}

int syscap_probe_set_snaplen(struct syscap_probe *p, uint32_t snaplen)
{
	if (snaplen > SYSCAP_BPF_SNAPLEN_MAX)
		return -EINVAL;
	p->settings.snaplen = snaplen;
	return push_settings(p);
}

int syscap_probe_set_dynamic_snaplen(struct syscap_probe *p, int on)
{
	p->settings.dynamic_snaplen = !!on;
	return push_settings(p);
}

int syscap_probe_set_fullcap_ports(struct syscap_probe *p, uint16_t first, uint16_t last)
{
	if (first > last)
		return -EINVAL;
	p->settings.fullcap_start = first;
	p->settings.fullcap_end = last;
	return push_settings(p);
}

int syscap_probe_set_statsd_port(struct syscap_probe *p, uint16_t port)
{
	p->settings.statsd_port = port;
	return push_settings(p);
}

int syscap_probe_set_drop_failed(struct syscap_probe *p, int on)
{
	p->settings.drop_failed = !!on;
	return push_settings(p);
}

int syscap_probe_set_sampling(struct syscap_probe *p, uint32_t ratio)
{
	if (ratio == 0 || (ratio & (ratio - 1)) || ratio > 128)
		return -EINVAL;
	p->settings.sampling_ratio = ratio;
	return push_settings(p);
}

int syscap_probe_set_wakeup_bytes(struct syscap_probe *p, uint32_t bytes)
{
	p->settings.wakeup_bytes = bytes;
	return push_settings(p);
}

int syscap_probe_set_syscall(struct syscap_probe *p, uint32_t native, int on)
{
	struct syscap_bpf_syscall sc;

	if (native >= SYSCAP_BPF_NATIVE_MAX)
		return -EINVAL;
	if (scap_libbpf.bpf_map_lookup_elem(p->syscalls_fd, &native, &sc))
		return -errno;
	sc.interesting = !!on;
	if (scap_libbpf.bpf_map_update_elem(p->syscalls_fd, &native, &sc, BPF_ANY))
		return -errno;
	p->sc[native].interesting = !!on;
	{
		uint8_t before[SYSCAP_BPF_NATIVE_MAX];

		for (unsigned i = 0; i < SYSCAP_BPF_NATIVE_MAX; i++)
			before[i] = p->sc[i].flags;
		syscap_probe_ia32_flags(p->sc);
		for (uint32_t i = 0; i < SYSCAP_BPF_NATIVE_MAX; i++)
			if (p->sc[i].flags != before[i] &&
			    scap_libbpf.bpf_map_update_elem(p->syscalls_fd, &i, &p->sc[i], BPF_ANY))
				return -errno;
	}
	{
		char err[256];

		return update_syscall_links(p, err, sizeof(err));
	}
}

int syscap_probe_set_tp(struct syscap_probe *p, enum syscap_probe_tp tp, int on)
{
	char err[256];

	if ((unsigned)tp >= SYSCAP_PROBE_TP_MAX)
		return -EINVAL;
	if (!on) {
		scap_libbpf.bpf_link__destroy(p->tp_links[tp]);
		p->tp_links[tp] = NULL;
		return 0;
	}
	if (p->tp_links[tp])
		return 0;
	p->tp_links[tp] = attach_prog(p, g_tps[tp].prog, g_tps[tp].tp, err, sizeof(err));
	return p->tp_links[tp] ? 0 : -errno;
}

int syscap_probe_counters(struct syscap_probe *p, struct syscap_bpf_counters *sum)
{
	struct syscap_bpf_counters *per;
	uint32_t k = 0;
	int i, j;

	per = calloc(p->ncpus, sizeof(*per));
	if (!per)
		return -ENOMEM;
	if (scap_libbpf.bpf_map_lookup_elem(p->counters_fd, &k, per)) {
		int e = errno;

		free(per);
		return -e;
	}
	memset(sum, 0, sizeof(*sum));
	for (i = 0; i < p->ncpus; i++) {
		const uint64_t *src = (const uint64_t *)&per[i];
		uint64_t *dst = (uint64_t *)sum;

		for (j = 0; j < (int)(sizeof(*sum) / 8); j++)
			dst[j] += src[j];
	}
	free(per);
	return 0;
}

void syscap_probe_versions(struct syscap_probe *p, uint64_t *api, uint64_t *schema)
{
	if (api)
		*api = p->api_version;
	if (schema)
		*schema = p->schema_version;
}

const char *syscap_probe_attach_mode(struct syscap_probe *p)
{
	if (p->exit_events)
		return p->raw_tp ? "raw_tracepoint, exits from syscall trace events"
				 : "tp_btf, exits from syscall trace events";
	return p->raw_tp ? "raw_tracepoint" : "tp_btf";
}

unsigned syscap_probe_nrings(struct syscap_probe *p)
{
	return p->nrings;
}

int syscap_probe_prog_stats(struct syscap_probe *p, uint64_t *run_ns, uint64_t *run_cnt)
{
	struct bpf_program *prog;

	*run_ns = 0;
	*run_cnt = 0;
	for (prog = scap_libbpf.bpf_object__next_program(p->obj, NULL); prog;
	     prog = scap_libbpf.bpf_object__next_program(p->obj, prog)) {
		struct bpf_prog_info info;
		uint32_t len = sizeof(info);
		int fd = scap_libbpf.bpf_program__fd(prog);

		if (fd < 0)
			continue;
		memset(&info, 0, sizeof(info));
		if (scap_libbpf.bpf_obj_get_info_by_fd(fd, &info, &len))
			return -errno;
		*run_ns += info.run_time_ns;
		/* tail-called fillers count as runs of their own; report dispatcher-level runs */
		if (!strstr(scap_libbpf.bpf_program__name(prog), "fill_"))
			*run_cnt += info.run_cnt;
	}
	return 0;
}
