// SPDX-License-Identifier: Apache-2.0
/*
 * Can this kernel run the CO-RE probe? Asked the kernel directly with libbpf: vmlinux BTF, the
 * ring buffer map type, and the load of a minimal BTF-typed raw tracepoint program on sys_enter.
 * No RLIMIT_MEMLOCK games: libbpf only raises the limit when the kernel still charges BPF memory
 * to it, and never fails because it cannot.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>
#include <linux/bpf.h>

#include "loader.h"

__attribute__((format(printf, 2, 0))) static int quiet_print(enum libbpf_print_level level,
							     const char *fmt, va_list ap)
{
	if (level != LIBBPF_DEBUG && log_verbose())
		return vfprintf(stderr, fmt, ap);
	return 0;
}

static void strict_mode(void)
{
	static bool done;

	if (done)
		return;
	done = true;
	libbpf_set_strict_mode(LIBBPF_STRICT_AUTO_RLIMIT_MEMLOCK);
	libbpf_set_print(quiet_print);
}

/* returns 0 when the program loads, else -errno */
static int load_raw_tp(struct btf *vmlinux)
{
	struct bpf_insn prog[] = {
		{ .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = BPF_REG_0, .imm = 0 },
		{ .code = BPF_JMP | BPF_EXIT },
	};
	LIBBPF_OPTS(bpf_prog_load_opts, opts, .expected_attach_type = BPF_TRACE_RAW_TP);
	int id, fd;

	id = btf__find_by_name_kind(vmlinux, "btf_trace_sys_enter", BTF_KIND_TYPEDEF);
	if (id < 0)
		return -ENOENT;
	opts.attach_btf_id = id;
	fd = bpf_prog_load(BPF_PROG_TYPE_TRACING, "syscap_probe", "GPL", prog, 2, &opts);
	if (fd < 0)
		return fd;
	close(fd);
	return 0;
}

void bpf_probe_support(const struct loader *l, struct bpf_support *b)
{
	char path[4200];
	struct btf *vmlinux;
	size_t o = 0;
	int rc;

	strict_mode();
	memset(b, 0, sizeof(*b));
	loader_host_path(l, "sys/kernel/btf/vmlinux", path, sizeof(path));
	vmlinux = btf__load_vmlinux_btf();
	b->btf = path_exists(path) && vmlinux;
	if (!b->btf)
		o += snprintf(b->why + o, sizeof(b->why) - o, "no kernel BTF (%s missing); ", path);

	rc = libbpf_probe_bpf_map_type(BPF_MAP_TYPE_RINGBUF, NULL);
	b->ringbuf = rc == 1;
	if (!b->ringbuf && o < sizeof(b->why))
		o += snprintf(b->why + o, sizeof(b->why) - o,
			      "BPF ring buffer maps unavailable (%s); ",
			      rc < 0 ? strerror(-rc) : "kernel older than 5.8?");

	if (vmlinux) {
		rc = load_raw_tp(vmlinux);
		b->tracing_raw_tp = rc == 0;
		if (rc < 0 && o < sizeof(b->why))
			o += snprintf(
				b->why + o, sizeof(b->why) - o,
				"a BTF raw tracepoint program on sys_enter does not load: %s; ",
				rc == -ENOENT  ? "btf_trace_sys_enter not in kernel BTF"
				: rc == -EPERM ? "permission denied (needs root/CAP_BPF)"
					       : strerror(-rc));
		btf__free(vmlinux);
	}
	if (o >= 2 && o < sizeof(b->why))
		b->why[o - 2] = '\0';
}

/*
 * One load attempt. SET selects programs the way libscap's bpf engine does: an object may carry
 * tp_btf programs and "raw_"-prefixed raw_tracepoint twins, and only one of the two sets is
 * loaded (-1: every program, 0: the tp_btf set, 1: the raw twins).
 */
static int load_once(const char *obj, int set, int *nprogs, int *nmaps, bool *has_twins)
{
	struct bpf_object *o;
	struct bpf_program *p;
	struct bpf_map *m;
	int rc;

	*nprogs = *nmaps = 0;
	o = bpf_object__open_file(obj, NULL);
	rc = libbpf_get_error(o);
	if (rc)
		return rc;
	bpf_object__for_each_map(m, o)
	{
		/* maps the consumer sizes at open time get a size here so the load can be tried */
		if (bpf_map__max_entries(m) == 0) {
			if (bpf_map__type(m) == BPF_MAP_TYPE_RINGBUF)
				bpf_map__set_max_entries(m, 256 * 1024);
			else
				bpf_map__set_max_entries(m, libbpf_num_possible_cpus());
		}
		(*nmaps)++;
	}
	*has_twins = false;
	bpf_object__for_each_program(p, o)
	{
		bool raw = !strncmp(bpf_program__name(p), "raw_", 4);

		*has_twins |= raw;
		if (set >= 0)
			bpf_program__set_autoload(p, raw == (set == 1));
		if (set < 0 || raw == (set == 1))
			(*nprogs)++;
	}
	rc = bpf_object__load(o);
	bpf_object__close(o);
	return rc;
}

int bpf_object_check(const char *obj, char *why, size_t whylen, int *nprogs, int *nmaps,
		     const char **set_name)
{
	bool twins = false;
	int rc, rc_btf;

	strict_mode();
	*set_name = "all programs";
	/* first pass: is it an object with raw_tracepoint twins? (cheap: open only) */
	{
		struct bpf_object *o = bpf_object__open_file(obj, NULL);
		struct bpf_program *p;

		rc = libbpf_get_error(o);
		if (rc) {
			snprintf(why, whylen, "cannot open %s: %s", obj, strerror(-rc));
			return rc;
		}
		bpf_object__for_each_program(p, o) twins |=
			!strncmp(bpf_program__name(p), "raw_", 4);
		bpf_object__close(o);
	}
	if (!twins) {
		rc = load_once(obj, -1, nprogs, nmaps, &twins);
	} else {
		*set_name = "the tp_btf programs";
		rc = rc_btf = load_once(obj, 0, nprogs, nmaps, &twins);
		if (rc) {
			/* libscap falls back to the raw_tracepoint twins when tp_btf is refused */
			info("bpf: the tp_btf programs of %s do not load (%s): trying the "
			     "raw_tracepoint twins, as libscap would",
			     obj, strerror(-rc_btf));
			*set_name = "the raw_tracepoint twins";
			rc = load_once(obj, 1, nprogs, nmaps, &twins);
		}
	}
	if (rc == -EACCES || rc == -EINVAL) {
		/* the verifier answers EACCES or EINVAL for programs it does not accept */
		snprintf(why, whylen,
			 "the kernel's BPF verifier rejected a program of %s (%s; %s); run with "
			 "--verbose for the verifier log",
			 obj, *set_name, strerror(-rc));
	} else if (rc) {
		snprintf(why, whylen,
			 "the kernel refused %s (%s): %s (run with --verbose for the libbpf "
			 "messages)",
			 obj, *set_name, strerror(-rc));
	}
	return rc;
}
