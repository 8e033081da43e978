// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * syscap kernel module: module parameters, the character devices (one per possible CPU) and the
 * CPU hotplug notice. Consumers, rings and hooks live in consumer.c, ring.c, tp.c and record.c.
 */
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/cdev.h>
#include <linux/device.h>
#include <linux/fs.h>
#include <linux/cpu.h>
#include <linux/cpuhotplug.h>
#include <linux/tracepoint.h>

#include "syscap.h"
#include "compat.h"

LIST_HEAD(sc_consumers);
DEFINE_MUTEX(sc_lock);
unsigned long sc_buffer_bytes = SCAP_RING_DEFAULT_BYTES;
unsigned int sc_max_consumers = SCAP_KMOD_MAX_CONSUMERS_DEFAULT;
bool sc_verbose;

static int sc_set_buffer_bytes(const char *val, const struct kernel_param *kp)
{
	unsigned long v;
	int ret = kstrtoul(val, 0, &v);

	if (ret)
		return ret;
	/* head and tail are u32 offsets: stay well below 4 GiB */
	if (!scap_ring_bytes_valid(v, PAGE_SIZE) || v > (1UL << 30)) {
		pr_err(KBUILD_MODNAME ": g_buffer_bytes_dim=%lu: must be a power of two, a multiple of the page size, more than two pages and at most 1 GiB\n",
		       v);
		return -EINVAL;
	}
	*(unsigned long *)kp->arg = v;
	return 0;
}

static const struct kernel_param_ops sc_buffer_bytes_ops = {
	.set = sc_set_buffer_bytes,
	.get = param_get_ulong,
};

/* The parameter names are the reference ones: loaders write them through sysfs. */
module_param_cb(g_buffer_bytes_dim, &sc_buffer_bytes_ops, &sc_buffer_bytes, 0644);
MODULE_PARM_DESC(g_buffer_bytes_dim, "bytes of each per-CPU ring (power of two, > 2 pages)");
module_param_named(max_consumers, sc_max_consumers, uint, 0444);
MODULE_PARM_DESC(max_consumers, "how many consumers may open the devices at once");
module_param_named(verbose, sc_verbose, bool, 0444);
MODULE_PARM_DESC(verbose, "log consumer and ioctl activity");

static dev_t sc_devt;
static struct cdev sc_cdev;
static struct class *sc_class;
static int sc_cpuhp_state = -1;
static int sc_ndevs;

static char *sc_devnode(SC_DEVNODE_CONST struct device *dev, umode_t *mode)
{
	if (mode)
		*mode = 0600; /* root only */
	return NULL;
}

static int sc_cpu_online(unsigned int cpu)
{
	return sc_consumers_cpu_online(cpu);
}

static void sc_destroy_devices(void)
{
	int cpu;

	for (cpu = 0; cpu < sc_ndevs; cpu++)
		device_destroy(sc_class, MKDEV(MAJOR(sc_devt), cpu));
}

static int __init sc_init(void)
{
	int ret, cpu;

	if (!scap_ring_bytes_valid(sc_buffer_bytes, PAGE_SIZE))
		return -EINVAL;
	if (sc_max_consumers == 0) {
		pr_err(KBUILD_MODNAME ": max_consumers must be at least 1\n");
		return -EINVAL;
	}
	ret = sc_tp_init();
	if (ret)
		return ret;
	ret = alloc_chrdev_region(&sc_devt, 0, nr_cpu_ids, SC_DEVICE_NAME);
	if (ret)
		return ret;
	cdev_init(&sc_cdev, &sc_fops);
	sc_cdev.owner = THIS_MODULE;
	ret = cdev_add(&sc_cdev, sc_devt, nr_cpu_ids);
	if (ret)
		goto err_region;
	sc_class = sc_class_create(SC_DEVICE_NAME);
	if (IS_ERR(sc_class)) {
		ret = PTR_ERR(sc_class);
		goto err_cdev;
	}
	sc_class->devnode = sc_devnode;
	for (cpu = 0; cpu < nr_cpu_ids; cpu++) {
		struct device *d;

		if (!cpu_possible(cpu))
			continue;
		d = device_create(sc_class, NULL, MKDEV(MAJOR(sc_devt), cpu), NULL,
				  SC_DEVICE_NAME "%d", cpu);
		if (IS_ERR(d)) {
			ret = PTR_ERR(d);
			goto err_devices;
		}
		sc_ndevs = cpu + 1;
	}
	ret = cpuhp_setup_state_nocalls(CPUHP_AP_ONLINE_DYN, KBUILD_MODNAME ":online", sc_cpu_online,
					NULL);
	if (ret < 0)
		goto err_devices;
	sc_cpuhp_state = ret;
	pr_info(KBUILD_MODNAME ": version %s, api %d.%d.%d, schema %d.%d.%d, %d devices /dev/%s<N>\n",
		SC_DRIVER_VERSION, SCAP_API_VERSION_MAJOR, SCAP_API_VERSION_MINOR,
		SCAP_API_VERSION_PATCH, SCAP_SCHEMA_VERSION_MAJOR, SCAP_SCHEMA_VERSION_MINOR,
		SCAP_SCHEMA_VERSION_PATCH, sc_ndevs, SC_DEVICE_NAME);
	return 0;

err_devices:
	sc_destroy_devices();
	class_destroy(sc_class);
err_cdev:
	cdev_del(&sc_cdev);
err_region:
	unregister_chrdev_region(sc_devt, nr_cpu_ids);
	return ret;
}

static void __exit sc_exit(void)
{
	/* Open files pin the module, so no consumer and no attached hook is left here. */
	if (sc_cpuhp_state >= 0)
		cpuhp_remove_state_nocalls(sc_cpuhp_state);
	sc_destroy_devices();
	class_destroy(sc_class);
	cdev_del(&sc_cdev);
	unregister_chrdev_region(sc_devt, nr_cpu_ids);
	sc_tp_exit();
	pr_info(KBUILD_MODNAME ": unloaded\n");
}

module_init(sc_init);
module_exit(sc_exit);

#define SC_STR2(x) #x
#define SC_STR(x) SC_STR2(x)

MODULE_LICENSE("Dual MIT/GPL");
MODULE_AUTHOR("the syscap authors");
MODULE_DESCRIPTION("syscap: system call capture (falcosecurity kmod ABI)");
MODULE_VERSION(SC_DRIVER_VERSION);
MODULE_INFO(api_version, SC_STR(SCAP_API_VERSION_MAJOR) "." SC_STR(SCAP_API_VERSION_MINOR) "." SC_STR(
				 SCAP_API_VERSION_PATCH));
MODULE_INFO(schema_version, SC_STR(SCAP_SCHEMA_VERSION_MAJOR) "." SC_STR(
				    SCAP_SCHEMA_VERSION_MINOR) "." SC_STR(SCAP_SCHEMA_VERSION_PATCH));
