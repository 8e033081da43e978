// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * Consumers and the device file operations. A consumer is the thread that opened the devices;
 * it owns one ring per CPU that was online when it first opened, its interest set and its
 * capture settings. The hooks walk the consumer list under RCU; everything else under sc_lock.
 */
#include <linux/fs.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/vmalloc.h>
#include <linux/pid_namespace.h>
#include <linux/sched/signal.h>
#include <linux/sched/task.h>
#include <linux/sched/cputime.h>
#include <linux/rculist.h>

#include "syscap.h"
#include "compat.h"

static unsigned int sc_nconsumers;

static struct sc_consumer *sc_consumer_find(struct task_struct *id)
{
	struct sc_consumer *c;

	list_for_each_entry(c, &sc_consumers, node)
		if (c->id == id)
			return c;
	return NULL;
}

static void sc_consumer_free(struct sc_consumer *c)
{
	int cpu;

	if (c->rings)
		for (cpu = 0; cpu < nr_cpu_ids; cpu++)
			sc_ring_free(c->rings[cpu]);
	kfree(c->rings);
	bitmap_free(c->opened);
	if (c->id)
		put_task_struct(c->id);
	kfree(c);
}

static struct sc_consumer *sc_consumer_new(void)
{
	struct sc_consumer *c;
	int cpu;

	c = kzalloc(sizeof(*c), GFP_KERNEL);
	if (!c)
		return NULL;
	/* the reference keeps the task_struct from being reused as another consumer's identity */
	get_task_struct(current);
	c->id = current;
	c->bufsize = READ_ONCE(sc_buffer_bytes);
	c->snaplen = SCAP_KMOD_SNAPLEN_DEFAULT;
	c->sampling_ratio = 1;
	c->statsd_port = SCAP_KMOD_STATSD_PORT_DEFAULT;
	c->hotplug_seen = atomic_read(&sc_hotplug_gen);
	c->opened = bitmap_zalloc(nr_cpu_ids, GFP_KERNEL);
	c->rings = kcalloc(nr_cpu_ids, sizeof(*c->rings), GFP_KERNEL);
	if (!c->opened || !c->rings)
		goto fail;
	/* A CPU that comes online later has no ring: see sc_consumers_cpu_online(). */
	for_each_online_cpu(cpu) {
		c->rings[cpu] = sc_ring_alloc(c->bufsize, cpu);
		if (!c->rings[cpu])
			goto fail;
	}
	return c;
fail:
	sc_consumer_free(c);
	return NULL;
}

/* Runs on the hotplug thread: no sc_lock here (tracepoint registration nests the hotplug lock). */
int sc_consumers_cpu_online(unsigned int cpu)
{
	atomic_set(&sc_hotplug_cpu, cpu);
	atomic_inc(&sc_hotplug_gen);
	return 0;
}

static int sc_open(struct inode *inode, struct file *filp)
{
	unsigned int cpu = iminor(inode);
	struct sc_consumer *c;
	bool created = false;
	int ret = 0;

	if (cpu >= nr_cpu_ids)
		return -ENODEV;
	mutex_lock(&sc_lock);
	c = sc_consumer_find(current);
	if (!c) {
		if (sc_nconsumers >= sc_max_consumers) {
			ret = -EBUSY;
			goto out;
		}
		c = sc_consumer_new();
		if (!c) {
			ret = -ENOMEM;
			goto out;
		}
		created = true;
	}
	if (test_bit(cpu, c->opened)) {
		ret = -EBUSY;
		goto out;
	}
	if (!c->rings[cpu]) {
		ret = -ENODEV; /* offline when the consumer started: userspace skips it */
		goto out;
	}
	if (created) {
		list_add_rcu(&c->node, &sc_consumers);
		sc_nconsumers++;
		sc_dbg(KBUILD_MODNAME ": new consumer %d, %u bytes per ring\n", current->pid,
		       c->bufsize);
	}
	set_bit(cpu, c->opened);
	c->nopen++;
	filp->private_data = c;
out:
	if (ret && created)
		sc_consumer_free(c);
	mutex_unlock(&sc_lock);
	return ret;
}

static int sc_release(struct inode *inode, struct file *filp)
{
	struct sc_consumer *c = filp->private_data;

	mutex_lock(&sc_lock);
	clear_bit(iminor(inode), c->opened);
	if (--c->nopen > 0) {
		mutex_unlock(&sc_lock);
		return 0;
	}
	list_del_rcu(&c->node);
	sc_nconsumers--;
	sc_tp_set(c, 0);
	mutex_unlock(&sc_lock);
	/* hooks run with preemption off: after this no hook can still see the consumer */
	synchronize_rcu();
	sc_dbg(KBUILD_MODNAME ": consumer gone\n");
	sc_consumer_free(c);
	return 0;
}

static int sc_mmap(struct file *filp, struct vm_area_struct *vma)
{
	struct sc_consumer *c = filp->private_data;
	unsigned long len = vma->vm_end - vma->vm_start;
	unsigned long addr = vma->vm_start;
	struct sc_ring *ring;
	unsigned int i, copy;
	int ret;

	if (vma->vm_pgoff != 0)
		return -EINVAL;
	ring = c->rings[iminor(file_inode(filp))];
	if (!ring)
		return -ENODEV;
	if (len <= PAGE_SIZE)
		return remap_pfn_range(vma, addr, page_to_pfn(ring->info_page), PAGE_SIZE,
				       vma->vm_page_prot);
	if (len != 2UL * ring->size)
		return -EINVAL;
	if (vma->vm_flags & VM_WRITE)
		return -EPERM;
	sc_vma_forbid_write(vma);
	for (copy = 0; copy < 2; copy++) {
		for (i = 0; i < ring->npages; i++) {
			ret = remap_pfn_range(vma, addr, page_to_pfn(ring->pages[i]), PAGE_SIZE,
					      vma->vm_page_prot);
			if (ret)
				return ret;
			addr += PAGE_SIZE;
		}
	}
	return 0;
}

static long sc_get_proclist(unsigned long arg)
{
	struct scap_proclist_info __user *up = (void __user *)arg;
	struct scap_proclist_info hdr;
	struct scap_proc_info *ents;
	struct task_struct *p, *t;
	s64 n = 0;
	long ret = 0;

	if (copy_from_user(&hdr, up, sizeof(hdr)))
		return -EFAULT;
	if (hdr.max_entries < 0 || hdr.max_entries > SCAP_KMOD_PROCLIST_MAX)
		return -EINVAL;
	ents = vmalloc(array_size(max_t(s64, hdr.max_entries, 1), sizeof(*ents)));
	if (!ents)
		return -ENOMEM;
	rcu_read_lock();
	for_each_process_thread(p, t) {
		if (n < hdr.max_entries) {
			u64 ut, st;

			task_cputime_adjusted(t, &ut, &st);
			ents[n].pid = t->pid;
			ents[n].utime = div_u64(ut, NSEC_PER_SEC / USER_HZ);
			ents[n].stime = div_u64(st, NSEC_PER_SEC / USER_HZ);
		}
		n++;
	}
	rcu_read_unlock();
	hdr.n_entries = n;
	if (copy_to_user(up, &hdr, sizeof(hdr)))
		ret = -EFAULT;
	else if (n >= hdr.max_entries)
		ret = -ENOSPC; /* n_entries tells how many are needed */
	else if (copy_to_user(up->entries, ents, n * sizeof(*ents)))
		ret = -EFAULT;
	vfree(ents);
	return ret;
}

static long sc_get_vid(unsigned int cmd, unsigned long arg)
{
	struct task_struct *task;
	struct pid *pid;
	long ret = -ESRCH;

	rcu_read_lock();
	pid = find_pid_ns(arg, &init_pid_ns);
	task = pid ? pid_task(pid, PIDTYPE_PID) : NULL;
	if (task) {
		struct pid_namespace *ns = ns_of_pid(pid);

		ret = cmd == SCAP_IOCTL_GET_VTID ? task_pid_nr_ns(task, ns) :
						   task_tgid_nr_ns(task, ns);
	}
	rcu_read_unlock();
	return ret;
}

static long sc_ioctl_consumer(struct sc_consumer *c, unsigned int cmd, unsigned long arg)
{
	u32 v = (u32)arg;

	switch (cmd) {
	case SCAP_IOCTL_DISABLE_DROPPING_MODE:
		c->dropping = false;
		c->sampling_ratio = 1;
		return 0;
	case SCAP_IOCTL_ENABLE_DROPPING_MODE:
		if (v == 0 || v > 128 || (v & (v - 1)))
			return -EINVAL;
		c->sampling_ratio = v;
		c->dropping = true;
		return 0;
	case SCAP_IOCTL_SET_SNAPLEN:
		if (v > SCAP_KMOD_SNAPLEN_MAX)
			return -EINVAL;
		c->snaplen = v;
		return 0;
	case SCAP_IOCTL_DISABLE_DYNAMIC_SNAPLEN:
		c->dynamic_snaplen = false;
		return 0;
	case SCAP_IOCTL_ENABLE_DYNAMIC_SNAPLEN:
		c->dynamic_snaplen = true;
		return 0;
	case SCAP_IOCTL_SET_FULLCAPTURE_PORT_RANGE:
		c->fullcap_start = v & 0xffff;
		c->fullcap_end = v >> 16;
		return 0;
	case SCAP_IOCTL_SET_STATSD_PORT:
		c->statsd_port = (u16)v;
		return 0;
	case SCAP_IOCTL_ENABLE_SYSCALL:
	case SCAP_IOCTL_DISABLE_SYSCALL:
		if (arg >= SCAP_KMOD_SYSCALL_TABLE_SIZE)
			return -EINVAL;
		if (cmd == SCAP_IOCTL_ENABLE_SYSCALL)
			set_bit(arg, c->syscalls);
		else
			clear_bit(arg, c->syscalls);
		return 0;
	case SCAP_IOCTL_ENABLE_TP:
	case SCAP_IOCTL_DISABLE_TP:
		if (arg >= SCAP_KMOD_TP_MAX)
			return -EINVAL;
		return sc_tp_set(c, cmd == SCAP_IOCTL_ENABLE_TP ? c->tp_set | BIT(arg) :
								  c->tp_set & ~BIT(arg));
	case SCAP_IOCTL_ENABLE_DROPFAILED:
		c->drop_failed = true;
		return 0;
	case SCAP_IOCTL_DISABLE_DROPFAILED:
		c->drop_failed = false;
		return 0;
	case SCAP_IOCTL_GET_VTID:
	case SCAP_IOCTL_GET_VPID:
		return sc_get_vid(cmd, arg);
	case SCAP_IOCTL_GET_CURRENT_TID:
		return task_pid_nr(current);
	case SCAP_IOCTL_GET_CURRENT_PID:
		return task_tgid_nr(current);
	}
	return -ENOTTY;
}

static long sc_ioctl(struct file *filp, unsigned int cmd, unsigned long arg)
{
	static const char version[SCAP_KMOD_VERSION_LEN] = SC_DRIVER_VERSION;
	u64 __user *out = (u64 __user *)arg;
	long ret;
	int cpu;

	/* These need no consumer state. */
	switch (cmd) {
	case SCAP_IOCTL_GET_API_VERSION:
		return put_user((u64)SCAP_API_VERSION, out) ? -EFAULT : 0;
	case SCAP_IOCTL_GET_SCHEMA_VERSION:
		return put_user((u64)SCAP_SCHEMA_VERSION, out) ? -EFAULT : 0;
	case SCAP_IOCTL_GET_DRIVER_VERSION:
		return copy_to_user((void __user *)arg, version, strlen(version) + 1) ? -EFAULT : 0;
	case SCAP_IOCTL_GET_PROCLIST:
		return sc_get_proclist(arg);
	case SCAP_IOCTL_GET_N_TRACEPOINT_HIT:
		for_each_possible_cpu(cpu)
			if (put_user((long)sc_tp_hits(cpu), (long __user *)arg + cpu))
				return -EFAULT;
		return 0;
	}
	mutex_lock(&sc_lock);
	ret = sc_ioctl_consumer(filp->private_data, cmd, arg);
	mutex_unlock(&sc_lock);
	return ret;
}

const struct file_operations sc_fops = {
	.owner = THIS_MODULE,
	.open = sc_open,
	.release = sc_release,
	.mmap = sc_mmap,
	.unlocked_ioctl = sc_ioctl,
	.compat_ioctl = compat_ptr_ioctl,
	.llseek = noop_llseek,
};
