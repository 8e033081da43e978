// SPDX-License-Identifier: Apache-2.0
/*
 * The kmod engine: capture through /dev/<prefix><cpu> of the syscap kernel module, or of any
 * module with the falcosecurity kmod ABI (device_prefix "/dev/falco" drives Falco's). One
 * consumer per handle: the thread that opens owns the devices (the module's rule).
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <scap/scap.h>
#include <scap/scap_state.h>
#include <syscap/version.h>

#include "engine.h"
#include "log.h"
#include "kmod_int.h"

#define KMOD_DEFAULT_PREFIX "/dev/syscap"

#if defined(__x86_64__)
#define native_table scap_native_x86_64
#elif defined(__aarch64__)
#define native_table scap_native_aarch64
#else
#error "kmod engine: unsupported architecture"
#endif

/* "/dev/falco" -> "falco": the module behind a device prefix */
static void module_name(const char *prefix, char *out, size_t len)
{
	const char *base = strrchr(prefix, '/');
	size_t i;

	snprintf(out, len, "%s", base ? base + 1 : prefix);
	for (i = 0; out[i]; i++)
		if (out[i] == '-')
			out[i] = '_';
}

/* The device and the module's parameters are root's (mode 0600 / 0644). */
static const char *perm_hint(int rc)
{
	return rc == -EACCES || rc == -EPERM ? " (live capture needs root)" : "";
}

static int read_u64_file(const char *path, uint64_t *v)
{
	char buf[64];
	ssize_t n;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return -errno;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return -EIO;
	buf[n] = '\0';
	*v = strtoull(buf, NULL, 10);
	return 0;
}

/* The module allocates rings at the size of its parameter when a consumer first opens. */
static int set_buffer_bytes(struct scap *h, const char *root, const char *mod, uint64_t want,
			    uint64_t *got)
{
	char path[PATH_MAX], val[32];
	uint64_t cur;
	int fd, rc;

	snprintf(path, sizeof(path), "%s/sys/module/%s/parameters/g_buffer_bytes_dim", root, mod);
	rc = read_u64_file(path, &cur);
	if (rc) {
		scap_seterr(h, "kmod: module '%s' is not loaded (%s: %s); load it with modprobe %s",
			    mod, path, strerror(-rc), mod);
		return rc == -ENOENT ? -ENODEV : rc;
	}
	if (cur != want) {
		fd = open(path, O_WRONLY | O_CLOEXEC);
		snprintf(val, sizeof(val), "%" PRIu64, want);
		if (fd < 0 || write(fd, val, strlen(val)) < 0) {
			rc = -errno;
			if (fd >= 0)
				close(fd);
			scap_seterr(h, "kmod: cannot set %s to %s: %s%s", path, val, strerror(-rc),
				    perm_hint(rc));
			return rc;
		}
		close(fd);
		rc = read_u64_file(path, &cur);
		if (rc)
			return rc;
	}
	*got = cur;
	return 0;
}

static int map_dev(struct scap *h, struct kmod_engine *e, struct kmod_dev *d, const char *path)
{
	void *p;

	p = mmap(NULL, sizeof(struct scap_ring_info), PROT_READ | PROT_WRITE, MAP_SHARED, d->fd, 0);
	if (p == MAP_FAILED)
		goto fail;
	d->info = p;
	p = mmap(NULL, 2UL * e->bufsize, PROT_READ, MAP_SHARED, d->fd, 0);
	if (p == MAP_FAILED)
		goto fail;
	d->data = p;
	d->pos = d->head = d->info->tail & (e->bufsize - 1);
	return 0;
fail:
	scap_seterr(h, "kmod: cannot map %s: %s", path, strerror(errno));
	return -errno;
}

static int ctl(struct kmod_engine *e, unsigned long cmd, unsigned long arg)
{
	return ioctl(e->ctl, cmd, arg) < 0 ? -errno : 0;
}

static bool sc_wanted(const struct kmod_engine *e, unsigned sc)
{
	return sc < SCAP_SC_MAX && e->sc_set[sc];
}

/* The hooks a capture of sc_set needs (the reference's mapping from ppm_sc to tracepoints). */
static uint32_t wanted_tps(const struct kmod_engine *e)
{
	uint32_t tps = 0;
	unsigned nr;

	for (nr = 0; nr < SCAP_NATIVE_MAX; nr++)
		if (native_table[nr] && sc_wanted(e, native_table[nr]))
			tps |= 1u << SCAP_KMOD_TP_SYS_ENTER | 1u << SCAP_KMOD_TP_SYS_EXIT;
	if (sc_wanted(e, SCAP_SC_EXECVE) || sc_wanted(e, SCAP_SC_EXECVEAT))
		tps |= 1u << SCAP_KMOD_TP_SCHED_PROC_EXEC;
	if (sc_wanted(e, SCAP_SC_CLONE) || sc_wanted(e, SCAP_SC_CLONE3) ||
	    sc_wanted(e, SCAP_SC_FORK) || sc_wanted(e, SCAP_SC_VFORK))
		tps |= 1u << SCAP_KMOD_TP_SCHED_PROC_FORK;
	if (sc_wanted(e, SCAP_SC_SCHED_PROCESS_EXIT))
		tps |= 1u << SCAP_KMOD_TP_SCHED_PROC_EXIT;
	if (sc_wanted(e, SCAP_SC_SCHED_SWITCH))
		tps |= 1u << SCAP_KMOD_TP_SCHED_SWITCH;
	if (sc_wanted(e, SCAP_SC_SIGNAL_DELIVER))
		tps |= 1u << SCAP_KMOD_TP_SIGNAL_DELIVER;
	if (sc_wanted(e, SCAP_SC_PAGE_FAULT_USER))
		tps |= 1u << SCAP_KMOD_TP_PAGE_FAULT_USER;
	if (sc_wanted(e, SCAP_SC_PAGE_FAULT_KERNEL))
		tps |= 1u << SCAP_KMOD_TP_PAGE_FAULT_KERNEL;
	return tps;
}

static int apply_tps(struct kmod_engine *e, uint32_t tps)
{
	int tp, rc;

	for (tp = 0; tp < SCAP_KMOD_TP_MAX; tp++) {
		rc = ctl(e, tps & (1u << tp) ? SCAP_IOCTL_ENABLE_TP : SCAP_IOCTL_DISABLE_TP, tp);
		if (rc)
			return rc;
	}
	return 0;
}

static int apply_sc(struct kmod_engine *e, unsigned sc)
{
	unsigned nr;
	int rc;

	for (nr = 0; nr < SCAP_NATIVE_MAX && nr < SCAP_KMOD_SYSCALL_TABLE_SIZE; nr++) {
		if (native_table[nr] != sc || !sc)
			continue;
		rc = ctl(e, e->sc_set[sc] ? SCAP_IOCTL_ENABLE_SYSCALL : SCAP_IOCTL_DISABLE_SYSCALL,
			 nr);
		if (rc)
			return rc;
	}
	return 0;
}

static int kmod_start(struct scap *h)
{
	struct kmod_engine *e = scap_engine_priv(h);
	int rc = apply_tps(e, wanted_tps(e));

	e->capturing = rc == 0;
	return rc;
}

static int kmod_stop(struct scap *h)
{
	struct kmod_engine *e = scap_engine_priv(h);

	e->capturing = false;
	return apply_tps(e, 0);
}

static void kmod_close(struct scap *h)
{
	struct kmod_engine *e = scap_engine_priv(h);
	int i;

	if (!e || !e->devs)
		return;
	for (i = 0; i < e->ndevs; i++) {
		struct kmod_dev *d = &e->devs[i];

		if (d->data)
			munmap((void *)d->data, 2UL * e->bufsize);
		if (d->info)
			munmap(d->info, sizeof(struct scap_ring_info));
		if (d->fd >= 0)
			close(d->fd);
	}
	free(e->devs);
	e->devs = NULL;
}

static int open_devices(struct scap *h, struct kmod_engine *e, const char *root, const char *prefix)
{
	char path[PATH_MAX], msg[256];
	int i, rc, nopen = 0;
	long n = sysconf(_SC_NPROCESSORS_CONF);

	e->ndevs = n > 0 ? (int)n : 1;
	e->devs = calloc(e->ndevs, sizeof(*e->devs));
	if (!e->devs)
		return -ENOMEM;
	e->ctl = -1;
	for (i = 0; i < e->ndevs; i++)
		e->devs[i].fd = -1;
	for (i = 0; i < e->ndevs; i++) {
		struct kmod_dev *d = &e->devs[i];
		uint64_t api = 0, schema = 0;

		snprintf(path, sizeof(path), "%s%s%d", root, prefix, i);
		d->fd = open(path, O_RDWR | O_CLOEXEC);
		if (d->fd < 0) {
			rc = -errno;
			if (rc == -ENODEV) { /* CPU offline when the consumer started */
				pr_info("kmod: %s: CPU offline, skipped", path);
				continue;
			}
			if (rc == -EBUSY)
				scap_seterr(
					h,
					"kmod: %s is busy: this thread has it open already or the "
					"module's max_consumers is reached",
					path);
			else
				scap_seterr(h, "kmod: cannot open %s: %s%s", path, strerror(-rc),
					    perm_hint(rc));
			return rc;
		}
		if (ioctl(d->fd, SCAP_IOCTL_GET_API_VERSION, &api) ||
		    ioctl(d->fd, SCAP_IOCTL_GET_SCHEMA_VERSION, &schema)) {
			rc = -errno;
			scap_seterr(h, "kmod: %s does not report its API/schema versions: %s", path,
				    strerror(-rc));
			return rc;
		}
		if (nopen == 0) {
			e->api = api;
			e->schema = schema;
			rc = scap_check_driver_versions(api, schema, msg, sizeof(msg));
			if (rc) {
				scap_seterr(h, "kmod: %s: %s", path, msg);
				return rc;
			}
			e->ctl = d->fd;
		} else if (api != e->api || schema != e->schema) {
			scap_seterr(h, "kmod: %s reports different versions than %s0", path,
				    prefix);
			return -SCAP_ERR_VERSION;
		}
		rc = map_dev(h, e, d, path);
		if (rc)
			return rc;
		nopen++;
	}
	if (!nopen) {
		scap_seterr(h, "kmod: no device %s%s<N> could be opened", root, prefix);
		return -ENODEV;
	}
	return 0;
}

static int kmod_open(struct scap *h, const struct scap_open_opts *o)
{
	struct kmod_engine *e = scap_engine_priv(h);
	const char *prefix =
		o->device_prefix && *o->device_prefix ? o->device_prefix : KMOD_DEFAULT_PREFIX;
	const char *root = o->host_root ? o->host_root : getenv("HOST_ROOT");
	uint64_t want = o->buffer_bytes ? o->buffer_bytes : SCAP_RING_DEFAULT_BYTES, got = 0;
	char mod[64];
	unsigned sc;
	int rc;

	if (!root || !strcmp(root, "/"))
		root = "";
	if (!scap_ring_bytes_valid(want, (unsigned long)sysconf(_SC_PAGESIZE)) ||
	    want > (1u << 30)) {
		scap_seterr(h,
			    "kmod: buffer size %" PRIu64 " must be a power of two, a multiple of "
			    "the page size, more than two pages and at most 1 GiB",
			    want);
		return -EINVAL;
	}
	if (o->snaplen > SCAP_KMOD_SNAPLEN_MAX) {
		scap_seterr(h, "kmod: snaplen %u is above the maximum %u", o->snaplen,
			    SCAP_KMOD_SNAPLEN_MAX);
		return -EINVAL;
	}
	module_name(prefix, mod, sizeof(mod));
	rc = set_buffer_bytes(h, root, mod, want, &got);
	if (rc)
		return rc;
	e->bufsize = (uint32_t)got;
	rc = open_devices(h, e, root, prefix);
	if (rc)
		return rc;
	for (sc = 0; sc < SCAP_SC_MAX; sc++)
		e->sc_set[sc] = o->sc_set ? !!o->sc_set[sc] : 1;
	if (!o->sc_set) {
		/* "everything" means the syscalls and process exits; the noisy tracepoints
		 * (context switches, page faults, signals) stay opt-in as in the bpf engine */
		e->sc_set[SCAP_SC_SCHED_SWITCH] = 0;
		e->sc_set[SCAP_SC_PAGE_FAULT_USER] = 0;
		e->sc_set[SCAP_SC_PAGE_FAULT_KERNEL] = 0;
		e->sc_set[SCAP_SC_SIGNAL_DELIVER] = 0;
	}
	for (sc = 1; sc < SCAP_SC_MAX; sc++) {
		rc = apply_sc(e, sc);
		if (rc) {
			scap_seterr(h, "kmod: cannot set the syscall interest: %s", strerror(-rc));
			return rc;
		}
	}
	if (o->snaplen && (rc = ctl(e, SCAP_IOCTL_SET_SNAPLEN, o->snaplen))) {
		scap_seterr(h, "kmod: cannot set the snaplen: %s", strerror(-rc));
		return rc;
	}
	pr_info("kmod: %s<N>: %d device(s), rings of %u bytes, API %llu.%llu.%llu, schema "
		"%llu.%llu.%llu",
		prefix, e->ndevs, e->bufsize, SCAP_VERSION_MAJOR(e->api),
		SCAP_VERSION_MINOR(e->api), SCAP_VERSION_PATCH(e->api),
		SCAP_VERSION_MAJOR(e->schema), SCAP_VERSION_MINOR(e->schema),
		SCAP_VERSION_PATCH(e->schema));
	/* Capture first, then scan /proc: what changes during the scan is in the events. */
	rc = kmod_start(h);
	if (rc) {
		scap_seterr(h, "kmod: cannot attach the kernel hooks: %s", strerror(-rc));
		return rc;
	}
	return scap_engine_scan_state(h, "kmod");
}

static int kmod_next_batch(struct scap *h, const struct scap_evt_hdr **evt, uint16_t *cpu,
			   unsigned max)
{
	int rc = kmod_ring_next(scap_engine_priv(h), evt, cpu, max);

	if (rc == -SCAP_ERR_CORRUPT)
		scap_seterr(h, "kmod: ring of CPU %u holds a malformed event", cpu[0]);
	return rc;
}

static int kmod_configure(struct scap *h, enum scap_setting s, uint64_t arg1, uint64_t arg2)
{
	struct kmod_engine *e = scap_engine_priv(h);
	int rc;

	switch (s) {
	case SCAP_SET_SNAPLEN:
		if (arg1 > SCAP_KMOD_SNAPLEN_MAX)
			return -EINVAL;
		return ctl(e, SCAP_IOCTL_SET_SNAPLEN, arg1);
	case SCAP_SET_SC:
	case SCAP_SET_TP:
		if (arg1 == 0 || arg1 >= SCAP_SC_MAX)
			return -EINVAL;
		e->sc_set[arg1] = !!arg2;
		rc = apply_sc(e, (unsigned)arg1);
		if (!rc && e->capturing)
			rc = apply_tps(e, wanted_tps(e));
		return rc;
	case SCAP_SET_DROPFAILED:
		return ctl(e, arg1 ? SCAP_IOCTL_ENABLE_DROPFAILED : SCAP_IOCTL_DISABLE_DROPFAILED,
			   0);
	case SCAP_SET_SAMPLING:
		if (arg1 <= 1)
			return ctl(e, SCAP_IOCTL_DISABLE_DROPPING_MODE, 0);
		return ctl(e, SCAP_IOCTL_ENABLE_DROPPING_MODE, arg1);
	case SCAP_SET_DYNAMIC_SNAPLEN:
		return ctl(e,
			   arg1 ? SCAP_IOCTL_ENABLE_DYNAMIC_SNAPLEN
				: SCAP_IOCTL_DISABLE_DYNAMIC_SNAPLEN,
			   0);
	case SCAP_SET_FULLCAPTURE_PORTS:
		if (arg1 > 0xffff || arg2 > 0xffff)
			return -EINVAL;
		return ctl(e, SCAP_IOCTL_SET_FULLCAPTURE_PORT_RANGE, arg1 | arg2 << 16);
	case SCAP_SET_STATSD_PORT:
		if (arg1 > 0xffff)
			return -EINVAL;
		return ctl(e, SCAP_IOCTL_SET_STATSD_PORT, arg1);
	}
	return -ENOTSUP;
}

static int kmod_get_stats(struct scap *h, struct scap_stats *st)
{
	struct kmod_engine *e = scap_engine_priv(h);
	int i;

	memset(st, 0, sizeof(*st));
	for (i = 0; i < e->ndevs; i++) {
		const struct scap_ring_info *r = e->devs[i].info;

		if (!r)
			continue;
		st->n_evts += r->n_evts;
		st->n_drops_buffer += r->n_drops_buffer;
		st->n_drops_buffer_clone_fork_exit += r->n_drops_buffer_clone_fork_exit;
		st->n_drops_buffer_execve_exit += r->n_drops_buffer_execve_exit;
		st->n_drops_buffer_connect_enter += r->n_drops_buffer_connect_enter;
		st->n_drops_buffer_connect_exit += r->n_drops_buffer_connect_exit;
		st->n_drops_buffer_open_enter += r->n_drops_buffer_open_enter;
		st->n_drops_buffer_open_exit += r->n_drops_buffer_open_exit;
		st->n_drops_buffer_dir_file_exit += r->n_drops_buffer_dir_file_exit;
		st->n_drops_buffer_other_interest_exit += r->n_drops_buffer_other_interest_exit;
		st->n_drops_buffer_close_exit += r->n_drops_buffer_close_exit;
		st->n_drops_buffer_proc_exit += r->n_drops_buffer_proc_exit;
		st->n_drops_pf += r->n_drops_pf;
		st->n_preemptions += r->n_preemptions;
	}
	st->n_drops = st->n_drops_buffer + st->n_drops_pf + st->n_preemptions;
	return 0;
}

static int kmod_get_versions(struct scap *h, uint64_t *api, uint64_t *schema)
{
	struct kmod_engine *e = scap_engine_priv(h);

	*api = e->api;
	*schema = e->schema;
	return 0;
}

const struct scap_engine_ops scap_engine_kmod = {
	.name = "kmod",
	.priv_size = sizeof(struct kmod_engine),
	.open = kmod_open,
	.close = kmod_close,
	.next_batch = kmod_next_batch,
	.start = kmod_start,
	.stop = kmod_stop,
	.configure = kmod_configure,
	.get_stats = kmod_get_stats,
	.get_versions = kmod_get_versions,
};
