/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * Kernel API differences, decided by the feature probes in compat/ (compiled against the target
 * headers by Kbuild, so distribution backports are detected too) rather than by version numbers.
 */
#ifndef SYSCAP_KMOD_COMPAT_H
#define SYSCAP_KMOD_COMPAT_H

#include <linux/device.h>
#include <linux/mm.h>

#ifdef SC_HAS_CLASS_CREATE_1
#define sc_class_create(name) class_create(name)
#else
#define sc_class_create(name) class_create(THIS_MODULE, name)
#endif

#ifdef SC_HAS_DEVNODE_CONST
#define SC_DEVNODE_CONST const
#else
#define SC_DEVNODE_CONST
#endif

static inline void sc_vma_forbid_write(struct vm_area_struct *vma)
{
#ifdef SC_HAS_VM_FLAGS_SET
	vm_flags_clear(vma, VM_MAYWRITE);
#else
	vma->vm_flags &= ~VM_MAYWRITE;
#endif
}

#include <linux/fs.h>
#include <linux/capability.h>

static inline u64 sc_cap_u64(kernel_cap_t c)
{
#ifdef SC_HAS_KERNEL_CAP_VAL
	return c.val;
#else
	return ((u64)c.cap[1] << 32) | c.cap[0];
#endif
}

static inline u64 sc_inode_ctime_ns(const struct inode *i)
{
#ifdef SC_HAS_INODE_GET_CTIME
	struct timespec64 t = inode_get_ctime(i);

	return timespec64_to_ns(&t);
#else
	return timespec64_to_ns(&i->i_ctime);
#endif
}

static inline u64 sc_inode_mtime_ns(const struct inode *i)
{
#ifdef SC_HAS_INODE_GET_MTIME
	struct timespec64 t = inode_get_mtime(i);

	return timespec64_to_ns(&t);
#else
	return timespec64_to_ns(&i->i_mtime);
#endif
}

#endif /* SYSCAP_KMOD_COMPAT_H */
