// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * Absolute path of a (dentry, vfsmount): bpf_d_path is not allowed from tracepoints, so walk
 * d_parent up to the mount root, cross to the parent mount at mount points, and stop at the
 * global root or after PATH_DEPTH_MAX components. Built backwards (leaf first) in a scratch
 * window above the event area, then copied into the event.
 */
#include "task.bpf.h"

#define PATH_TMP (96 * 1024)
#define PATH_TMP_LEN 8192

__noinline int syscap_path_walk(__u32 cpu, __u32 off, __u64 dentry, __u64 vfsmnt)
{
	struct syscap_scratch *s = bpf_map_lookup_elem(&syscap_scratch, &cpu);
	struct dentry *d = (struct dentry *)dentry;
	struct mount *m = container_of((struct vfsmount *)vfsmnt, struct mount, mnt);
	__u32 pos = PATH_TMP_LEN - 1, total;
	int i;

	if (!s || !d || !vfsmnt)
		return 0;
	s->data[PATH_TMP + pos] = 0;
	for (i = 0; i < PATH_DEPTH_MAX; i++) {
		struct dentry *root = BPF_CORE_READ(m, mnt.mnt_root);
		struct dentry *parent = BPF_CORE_READ(d, d_parent);
		__u32 len;

		if (d == root || d == parent) {
			struct mount *mp = BPF_CORE_READ(m, mnt_parent);

			if (d != root || mp == m)
				break;
			d = BPF_CORE_READ(m, mnt_mountpoint);
			m = mp;
			continue;
		}
		len = BPF_CORE_READ(d, d_name.len);
		if (len > EVT_NAME_MAX - 1 || pos < len + 1)
			break;
		pos -= len;
		bpf_probe_read_kernel(&s->data[PATH_TMP + (pos & (PATH_TMP_LEN - 1))], len & 0xff,
				      BPF_CORE_READ(d, d_name.name));
		pos--;
		s->data[PATH_TMP + (pos & (PATH_TMP_LEN - 1))] = '/';
		d = parent;
		/* Forget pos's exact range so iterations reach identical states and get pruned. */
		asm volatile("%[p] &= 0x1fff" : [p] "+r"(pos));
	}
	if (pos == PATH_TMP_LEN - 1) {
		pos--;
		s->data[PATH_TMP + (pos & (PATH_TMP_LEN - 1))] = '/';
	}
	total = PATH_TMP_LEN - pos;
	if (bpf_probe_read_kernel(&s->data[BOUND_16(off)], total & (PATH_TMP_LEN - 1),
				  &s->data[PATH_TMP + (pos & (PATH_TMP_LEN - 1))]))
		return 0;
	return total & (PATH_TMP_LEN - 1);
}
