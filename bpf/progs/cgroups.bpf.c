// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * The `cgroups` parameter of clone and exec events: "subsys=/path\0" for the cpuset, cpu,
 * cpuacct, io and memory controllers the kernel has, in that order (the reference's choice).
 * A global function, so the verifier checks its loops once for every caller.
 */
#include "task.bpf.h"

#define CGROUP_DEPTH_MAX 8

/* kernfs_node lost `parent` for `__parent` in 6.15 */
struct kernfs_node___old {
	struct kernfs_node *parent;
} __attribute__((preserve_access_index));

/* Forget a value's exact range so loop iterations reach identical verifier states. */
#define LAUNDER_16(v) asm volatile("%[x] &= 0xffff" : [x] "+r"(v))

static __always_inline_ struct kernfs_node *kn_parent(struct kernfs_node *kn)
{
	if (bpf_core_field_exists(kn->__parent))
		return BPF_CORE_READ(kn, __parent);
	return BPF_CORE_READ((struct kernfs_node___old *)kn, parent);
}

static __always_inline_ __u32 one_subsys(struct syscap_scratch *s, __u32 off,
					 struct task_struct *t, int id)
{
	const char *names[CGROUP_DEPTH_MAX] = {};
	const char *ssname = BPF_CORE_READ(t, cgroups, subsys[id & 15], ss, name);
	struct kernfs_node *kn = BPF_CORE_READ(t, cgroups, subsys[id & 15], cgroup, kn);
	__u32 start = off, n = 0;
	long w;
	int k;

	w = bpf_probe_read_kernel_str(&s->data[BOUND_16(off)], 64, ssname);
	if (w <= 1)
		return 0;
	off += w;
	s->data[BOUND_16((off - 1))] = '=';
	for (k = 0; k < CGROUP_DEPTH_MAX; k++) {
		if (!kn)
			break;
		names[k] = BPF_CORE_READ(kn, name);
		n++;
		kn = kn_parent(kn);
	}
	/* deeper than the walk: the path is shown from an unknown point, as "/.../leaf" */
	if (kn) {
		s->data[BOUND_16(off)] = '/';
		off++;
	}
	for (k = CGROUP_DEPTH_MAX - 1; k >= 0; k--) {
		if (!names[k])
			continue;
		LAUNDER_16(off);
		w = bpf_probe_read_kernel_str(&s->data[BOUND_16(off)], 256, names[k]);
		if (w < 1)
			w = 1; /* keep the separator even if a name is unreadable */
		off += w;
		s->data[BOUND_16((off - 1))] = '/';
	}
	if (n <= 1) {
		s->data[BOUND_16(off)] = 0; /* the root cgroup: "/" */
		off++;
	} else {
		s->data[BOUND_16((off - 1))] = 0; /* drop the trailing '/' */
	}
	return off - start;
}

__noinline int syscap_cgroups(__u32 cpu, __u32 off, __u64 task)
{
	struct syscap_scratch *s = bpf_map_lookup_elem(&syscap_scratch, &cpu);
	struct task_struct *t = (struct task_struct *)task;
	__u32 start = off;

	if (!s || !t)
		return 0;
	if (bpf_core_enum_value_exists(enum cgroup_subsys_id, cpuset_cgrp_id))
		off += one_subsys(s, off, t, bpf_core_enum_value(enum cgroup_subsys_id, cpuset_cgrp_id));
	LAUNDER_16(off);
	if (bpf_core_enum_value_exists(enum cgroup_subsys_id, cpu_cgrp_id))
		off += one_subsys(s, off, t, bpf_core_enum_value(enum cgroup_subsys_id, cpu_cgrp_id));
	LAUNDER_16(off);
	if (bpf_core_enum_value_exists(enum cgroup_subsys_id, cpuacct_cgrp_id))
		off += one_subsys(s, off, t,
				  bpf_core_enum_value(enum cgroup_subsys_id, cpuacct_cgrp_id));
	LAUNDER_16(off);
	if (bpf_core_enum_value_exists(enum cgroup_subsys_id, io_cgrp_id))
		off += one_subsys(s, off, t, bpf_core_enum_value(enum cgroup_subsys_id, io_cgrp_id));
	LAUNDER_16(off);
	if (bpf_core_enum_value_exists(enum cgroup_subsys_id, memory_cgrp_id))
		off += one_subsys(s, off, t, bpf_core_enum_value(enum cgroup_subsys_id, memory_cgrp_id));
	return (off - start) & 0xffff;
}
