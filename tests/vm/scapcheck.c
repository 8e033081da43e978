// SPDX-License-Identifier: Apache-2.0
/*
 * scapcheck: the libscap kmod engine against the module, inside the VM (static binary).
 *
 *   scapcheck kmod [DEVICE_PREFIX [MODNAME]]    the module must be loaded
 *   scapcheck bpf OBJECT                          the eBPF probe through the same API
 *
 * Prints VMCHECK lines like kmodcheck, named scap-<engine>/...
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdbool.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <scap/scap.h>
#include <scap/scap_event.h>

static int failures;

static void result(int ok, const char *name, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#include <stdarg.h>
static const char *engine = "kmod";

static void result(int ok, const char *name, const char *fmt, ...)
{
	va_list ap;

	printf("VMCHECK: %s scap-%s/%s", ok ? "PASS" : "FAIL", engine, name + 5);
	if (fmt) {
		printf(" (");
		va_start(ap, fmt);
		vprintf(fmt, ap);
		va_end(ap);
		printf(")");
	}
	printf("\n");
	fflush(stdout);
	failures += !ok;
}

/* library messages (verifier logs, attach modes) go to the console for the post-mortem */
static int print_log(enum scap_log_level level, const char *fmt, va_list ap)
{
	(void)level;
	fputs("scapcheck: log: ", stdout);
	vprintf(fmt, ap);
	fputc('\n', stdout);
	return 0;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

struct counts {
	int ppid, openat, closes;
	uint64_t last_ts;
	int out_of_order;
	uint64_t n;
};

/* read what is there (up to a deadline), counting this thread's events */
static void drain(struct scap *h, struct counts *c, double secs)
{
	pid_t tid = (pid_t)syscall(SYS_gettid);
	double end = now() + secs;
	const struct scap_evt_hdr *ev;
	int idle = 0;

	while (now() < end && idle < 50) {
		int rc = scap_next(h, &ev, NULL, NULL);

		if (rc == -EAGAIN) {
			idle++;
			continue;
		}
		if (rc) {
			result(0, "scap/next", "rc %d: %s", rc, scap_lasterr(h));
			return;
		}
		idle = 0;
		c->n++;
		if (ev->ts < c->last_ts)
			c->out_of_order++;
		c->last_ts = ev->ts;
		if (ev->tid != (uint64_t)tid)
			continue;
		if (ev->type == SCAP_EVT_GENERIC_X) {
			uint16_t id;

			memcpy(&id, (const char *)ev + SCAP_EVT_HDR_SIZE + 2 * ev->nparams, 2);
			c->ppid += id == SCAP_SC_GETPPID;
		}
		c->openat += ev->type == SCAP_EVT_SYSCALL_OPENAT_2_X;
		c->closes += ev->type == SCAP_EVT_SYSCALL_CLOSE_X;
	}
}

int main(int argc, char **argv)
{
	const char *prefix = "/dev/syscap", *mod = "syscap", *obj = NULL;
	bool kmod;
	char err[512] = "", path[128], val[32] = "";
	struct counts c = { 0 };
	struct scap_stats st;
	uint64_t api = 0, schema = 0;
	struct scap *h, *h2;
	int i, fd;

	setvbuf(stdout, NULL, _IOLBF, 0);
	scap_set_print(print_log);
	if (argc > 1)
		engine = argv[1];
	kmod = !strcmp(engine, "kmod");
	if (kmod) {
		prefix = argc > 2 ? argv[2] : prefix;
		mod = argc > 3 ? argv[3] : mod;
	} else if (!strcmp(engine, "bpf") && argc > 2) {
		obj = argv[2];
	} else {
		fprintf(stderr, "usage: scapcheck kmod [PREFIX [MODNAME]] | scapcheck bpf OBJECT\n");
		return 2;
	}
	if (kmod) {
		SCAP_OPTS(scap_open_opts, bad, .device_prefix = "/dev/nosuchdriver");

		h = scap_open("kmod", &bad, err, sizeof(err));
		result(!h && strstr(err, "not loaded"), "scap/missing-module-message", "%s", err);
	}
	{
		SCAP_OPTS(scap_open_opts, bad, .device_prefix = prefix, .buffer_bytes = 12345,
			  .bpf_object = obj);

		h = scap_open(engine, &bad, err, sizeof(err));
		result(!h && errno == EINVAL && strstr(err, "power of two"), "scap/bad-buffer-size",
		       "%s", err);
	}
	if (!kmod) {
		SCAP_OPTS(scap_open_opts, big, .buffer_bytes = 1ull << 33, .bpf_object = obj);

		h = scap_open(engine, &big, err, sizeof(err));
		result(!h && errno == EINVAL && strstr(err, "above the largest"),
		       "scap/too-big-buffer-size", "%s", err);
	}
	static uint8_t sc_set[SCAP_SC_MAX];

	/* a small interest set keeps a busy host from burying this thread's events */
	sc_set[SCAP_SC_GETPPID] = sc_set[SCAP_SC_OPENAT] = sc_set[SCAP_SC_CLOSE] = 1;
	SCAP_OPTS(scap_open_opts, o, .device_prefix = prefix, .buffer_bytes = 1 << 20,
		  .bpf_object = obj, .sc_set = sc_set);
	h = scap_open(engine, &o, err, sizeof(err));
	result(h != NULL, "scap/open", "%s", h ? scap_engine_name(h) : err);
	if (!h)
		return 1;
	if (kmod) {
	snprintf(path, sizeof(path), "/sys/module/%s/parameters/g_buffer_bytes_dim", mod);
	fd = open(path, O_RDONLY);
	if (fd >= 0) {
		ssize_t n = read(fd, val, sizeof(val) - 1);

		val[n > 0 ? n : 0] = '\0';
		close(fd);
	}
	result(atoll(val) == 1 << 20, "scap/buffer-size-through-sysfs", "%s", val);
	}
	i = scap_get_driver_versions(h, &api, &schema);
	result(i == 0 && api == SCAP_API_VERSION && schema == SCAP_SCHEMA_VERSION,
	       "scap/driver-versions", "%llx %llx", (unsigned long long)api,
	       (unsigned long long)schema);
	if (kmod) {
		h2 = scap_open("kmod", &o, err, sizeof(err));
		result(!h2 && strstr(err, "busy"), "scap/second-open-same-thread-busy", "%s", err);
		if (h2)
			scap_close(h2);
	}

	drain(h, &c, 2);
	memset(&c, 0, sizeof(c));
	if (!kmod) {
		/* the probe never reports its consumer's threads: the load comes from a child */
		pid_t child = fork();

		if (child == 0) {
			for (i = 0; i < 1000; i++)
				syscall(SYS_getppid);
			fd = openat(AT_FDCWD, "/tmp/scapcheck", O_CREAT | O_RDWR, 0600);
			close(fd);
			_exit(0);
		}
		if (child > 0)
			waitpid(child, NULL, 0);
	} else {
		for (i = 0; i < 1000; i++)
			syscall(SYS_getppid);
		fd = openat(AT_FDCWD, "/tmp/scapcheck", O_CREAT | O_RDWR, 0600);
		close(fd);
	}
	drain(h, &c, 10);
	if (!kmod) {
		/* smoke test of the eBPF engine: it loads, attaches and delivers events; the
		 * per-syscall expectations live in the shared driver suite */
		result(c.n > 0 && c.out_of_order == 0, "scap/smoke-events-arrive",
		       "%llu events, getppid %d", (unsigned long long)c.n, c.ppid);
		result(scap_get_stats(h, &st) == 0, "scap/smoke-stats", "n_evts %llu",
		       (unsigned long long)st.n_evts);
		scap_close(h);
		printf("scapcheck: %d failure(s)\n", failures);
		return failures ? 1 : 0;
	}
	result(c.ppid == 1000 && c.openat == 1 && c.closes >= 1, "scap/events-through-engine",
	       "getppid %d openat %d close %d of %llu", c.ppid, c.openat, c.closes,
	       (unsigned long long)c.n);
	result(c.out_of_order == 0 && c.n >= 1000, "scap/merged-in-timestamp-order",
	       "%d out of order", c.out_of_order);
	result(scap_get_stats(h, &st) == 0 && st.n_evts >= c.n && st.n_drops == 0,
	       "scap/stats", "n_evts %llu n_drops %llu", (unsigned long long)st.n_evts,
	       (unsigned long long)st.n_drops);

	/* interest set changes at run time */
	result(scap_configure(h, SCAP_SET_SC, SCAP_SC_GETPPID, 0) == 0, "scap/configure-sc", NULL);
	memset(&c, 0, sizeof(c));
	for (i = 0; i < 100; i++)
		syscall(SYS_getppid);
	drain(h, &c, 3);
	result(c.ppid == 0, "scap/sc-disabled", "%d", c.ppid);
	scap_configure(h, SCAP_SET_SC, SCAP_SC_GETPPID, 1);
	memset(&c, 0, sizeof(c));
	for (i = 0; i < 100; i++)
		syscall(SYS_getppid);
	drain(h, &c, 3);
	result(c.ppid == 100, "scap/sc-reenabled", "%d", c.ppid);

	/* stop detaches the hooks */
	scap_stop_capture(h);
	memset(&c, 0, sizeof(c));
	for (i = 0; i < 100; i++)
		syscall(SYS_getppid);
	drain(h, &c, 2);
	result(c.ppid == 0, "scap/stop", "%d", c.ppid);
	scap_start_capture(h);
	scap_close(h);
	printf("scapcheck: %d failure(s)\n", failures);
	return failures ? 1 : 0;
}
