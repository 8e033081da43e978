// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * Process events: clone family (caller and child), execve/execveat, procexit, sched_switch.
 * The process snapshot is taken from current, which is the caller, the new child, or the task
 * that just exec'd.
 */
#include <linux/sched.h>
#include <linux/sched/mm.h>
#include <linux/sched/signal.h>
#include <linux/sched/task.h>
#include <linux/binfmts.h>
#include <linux/mm.h>
#include <linux/fs.h>
#include <linux/file.h>
#include <linux/cred.h>
#include <linux/audit.h>
#include <linux/tty.h>
#include <linux/pid_namespace.h>
#include <linux/nsproxy.h>
#include <linux/cgroup.h>
#include <linux/uaccess.h>
#include <linux/sched/cputime.h>
#include <linux/fs_struct.h>

#include "syscap.h"
#include "compat.h"

#define SC_KB(pages) ((u32)((pages) << (PAGE_SHIFT - 10)))

/* argv (or envp) area of the current mm: up to one page, NUL-separated */
static long sc_mm_strings(struct sc_buf *b, unsigned long start, unsigned long end)
{
	char *tmp = b->ring->scratch;
	unsigned long len;

	if (!start || end <= start)
		return 0;
	len = min_t(unsigned long, end - start, SC_SCRATCH_SIZE);
	if (copy_from_user_nofault(tmp, (void __user *)start, len))
		return -EFAULT;
	tmp[len - 1] = '\0';
	return len;
}

/* exe (argv[0]) and args (argv[1..]) from the current mm */
static void sc_fill_exe_args(struct sc_buf *b)
{
	struct mm_struct *mm = current->mm;
	char *tmp = b->ring->scratch;
	long len = mm ? sc_mm_strings(b, mm->arg_start, mm->arg_end) : 0;
	size_t first;

	if (len <= 0) {
		sc_buf_empty(b);
		sc_buf_empty(b);
		return;
	}
	first = strnlen(tmp, len);
	sc_buf_bytes(b, tmp, first + 1);
	if (first + 1 < len)
		sc_buf_bytes(b, tmp + first + 1, len - first - 1);
	else
		sc_buf_empty(b);
}

/* cgroups as "subsys=path\0..." for the controllers this kernel has */
static void sc_fill_cgroups(struct sc_buf *b)
{
	char *out = b->ring->scratch, *p = out, *end = out + SC_SCRATCH_SIZE;
	struct cgroup_subsys_state *css;
	int len;

	rcu_read_lock();
#define SUBSYS(_x)                                                                                 \
	if (end - p > 64) {                                                                        \
		css = task_css(current, _x##_cgrp_id);                                             \
		if (css && css->cgroup) {                                                          \
			len = snprintf(p, end - p, "%s=", #_x);                                    \
			p += len;                                                                  \
			len = cgroup_path(css->cgroup, p, end - p);                                \
			if (len < 0 || len >= end - p)                                             \
				*p = '\0';                                                         \
			p += strlen(p) + 1;                                                        \
		}                                                                                  \
	}
#include <linux/cgroup_subsys.h>
#undef SUBSYS
	rcu_read_unlock();
	if (p == out)
		sc_buf_empty(b);
	else
		sc_buf_bytes(b, out, p - out);
}

/* the working directory; fs->lock keeps pwd stable and d_path() does not sleep */
static void sc_fill_cwd(struct sc_buf *b)
{
	struct fs_struct *fs = current->fs;
	char *p;

	if (!fs) {
		sc_buf_empty(b);
		return;
	}
	spin_lock(&fs->lock);
	p = d_path(&fs->pwd, b->ring->scratch, SC_SCRATCH_SIZE);
	spin_unlock(&fs->lock);
	if (IS_ERR(p))
		sc_buf_empty(b);
	else
		sc_buf_str(b, p);
}

/* tid, pid, ptid, cwd, fdlimit, pgft_maj, pgft_min, vm_size, vm_rss, vm_swap, comm, cgroups */
static void sc_fill_proc_snapshot(struct sc_buf *b)
{
	struct task_struct *t = current;
	struct mm_struct *mm = t->mm;
	struct task_struct *parent;
	pid_t ptid;

	rcu_read_lock();
	parent = rcu_dereference(t->real_parent);
	ptid = parent ? parent->pid : 0;
	rcu_read_unlock();
	sc_buf_int(b, t->pid);
	sc_buf_int(b, t->tgid);
	sc_buf_int(b, ptid);
	sc_fill_cwd(b);
	sc_buf_int(b, READ_ONCE(t->signal->rlim[RLIMIT_NOFILE].rlim_cur));
	sc_buf_int(b, t->maj_flt);
	sc_buf_int(b, t->min_flt);
	if (mm) {
		sc_buf_int(b, SC_KB(mm->total_vm));
		sc_buf_int(b, SC_KB(get_mm_rss(mm)));
		sc_buf_int(b, SC_KB(get_mm_counter(mm, MM_SWAPENTS)));
	} else {
		sc_buf_int(b, 0);
		sc_buf_int(b, 0);
		sc_buf_int(b, 0);
	}
	sc_buf_str(b, t->comm);
	sc_fill_cgroups(b);
}

void sc_fill_clone(struct sc_buf *b, struct sc_ctx *ctx)
{
	struct pid_namespace *ns = task_active_pid_ns(current);
	unsigned long kflags = 0;
	u32 flags;
	u64 ns_start = 0;

	switch (ctx->type) {
	case SCAP_EVT_SYSCALL_CLONE_20_X:
		kflags = ctx->args[0];
		break;
	case SCAP_EVT_SYSCALL_CLONE3_X: {
		u64 f;

		if (!copy_from_user_nofault(&f, (void __user *)ctx->args[0], sizeof(f)))
			kflags = f;
		break;
	}
	}
	flags = sc_clone_flags(kflags); /* fork, vfork: 0, as the reference reports them */
	/* in a pid namespace, or (the caller) creating its children in one */
	if (ns && (ns != &init_pid_ns || current->nsproxy->pid_ns_for_children != ns))
		flags |= SCAP_CL_CHILD_IN_PIDNS;
	sc_buf_int(b, ctx->ret);
	if (ctx->ret >= 0) {
		sc_fill_exe_args(b);
	} else { /* a failed call: no exe, args, as the probe */
		sc_buf_empty(b);
		sc_buf_empty(b);
	}
	sc_fill_proc_snapshot(b);
	sc_buf_int(b, flags);
	sc_buf_int(b, from_kuid_munged(&init_user_ns, current_euid()));
	sc_buf_int(b, from_kgid_munged(&init_user_ns, current_egid()));
	sc_buf_int(b, task_pid_vnr(current));
	sc_buf_int(b, task_tgid_vnr(current));
	/* only in the child, which may be a namespace's init: the reaper's monotonic start */
	if (ctx->ret == 0 && ns && ns->child_reaper)
		ns_start = ns->child_reaper->start_time;
	sc_buf_int(b, ns_start);
}

static u32 sc_tty(void)
{
	struct tty_struct *tty = READ_ONCE(current->signal->tty);

	if (!tty || !tty->driver)
		return 0;
	return new_encode_dev(MKDEV(tty->driver->major, tty->driver->minor_start + tty->index));
}

/*
 * Exec flags as the probe computes them: the executable is writable by the caller (root, the
 * owner with u+w, or o+w); it lies in the upper or a lower layer of an overlayfs
 * (sc_overlay_layer()); it is a memfd (an unlinked shmem dentry, its own parent, named
 * "memfd:<name>").
 */
static u32 sc_exe_flags(struct file *exe, struct inode *ino, const struct cred *cred)
{
	struct dentry *d = exe ? exe->f_path.dentry : NULL;
	u32 flags = 0;
	umode_t mode;

	if (!ino)
		return 0;
	mode = ino->i_mode;
	if (uid_eq(cred->euid, GLOBAL_ROOT_UID) || (mode & S_IWOTH) ||
	    (uid_eq(cred->euid, ino->i_uid) && (mode & S_IWUSR)))
		flags |= SCAP_EXE_WRITABLE;
	switch (sc_overlay_layer(d)) {
	case SC_OVL_UPPER:
		flags |= SCAP_EXE_UPPER_LAYER;
		break;
	case SC_OVL_LOWER:
		flags |= SCAP_EXE_LOWER_LAYER;
		break;
	default:
		break;
	}
	if (d && IS_ROOT(d) && !strncmp(d->d_name.name, "memfd:", 6))
		flags |= SCAP_EXE_FROM_MEMFD;
	return flags;
}

/* exe (argv[0]) and args (argv[1..]) of a failed exec, from the array the caller passed */
static void sc_fill_failed_exe_args(struct sc_buf *b, unsigned long argv)
{
	unsigned long exe = 0;
	long len;

	if (argv && sc_user_ulong(argv, 0, &exe))
		exe = 0;
	sc_buf_ustr(b, exe);
	len = exe ? sc_user_strv(b, argv, 1) : 0;
	if (len > 0)
		sc_buf_bytes(b, b->ring->scratch, len);
	else
		sc_buf_empty(b);
}

void sc_fill_execve(struct sc_buf *b, struct sc_ctx *ctx)
{
	struct mm_struct *mm = current->mm;
	const struct cred *cred = current_cred();
	struct linux_binprm *bprm = ctx->bprm;
	struct file *exe = NULL;
	struct inode *ino = NULL;
	bool failed = !bprm && ctx->ret < 0;
	int argi = ctx->type == SCAP_EVT_SYSCALL_EXECVE_19_X ? 1 : 2;
	char *path;
	long len;

	/*
	 * A failed exec leaves the caller's image in place: exe, args and env are what the caller
	 * passed (argv and envp are the 2nd and 3rd arguments of execve, 3rd and 4th of execveat);
	 * the process data and the executable's are the caller's.
	 */
	sc_buf_int(b, ctx->ret);
	if (failed)
		sc_fill_failed_exe_args(b, ctx->args[argi]);
	else
		sc_fill_exe_args(b);
	sc_fill_proc_snapshot(b);
	if (failed)
		len = sc_user_strv(b, ctx->args[argi + 1], 0);
	else
		len = mm ? sc_mm_strings(b, mm->env_start, mm->env_end) : 0;
	if (len > 0)
		sc_buf_bytes(b, b->ring->scratch, len);
	else
		sc_buf_empty(b);
	sc_buf_int(b, sc_tty());
	sc_buf_int(b, task_pgrp_vnr(current));
	sc_buf_int(b, from_kuid_munged(&init_user_ns, audit_get_loginuid(current)));
	/*
	 * exe_file is only swapped under mmap lock and freed after an RCU grace period: reading
	 * it inside an RCU section needs no reference.
	 */
	rcu_read_lock();
	if (mm) {
		exe = READ_ONCE(mm->exe_file);
		ino = exe ? file_inode(exe) : NULL;
	}
	sc_buf_int(b, sc_exe_flags(exe, ino, cred));
	sc_buf_int(b, sc_cap_u64(cred->cap_inheritable));
	sc_buf_int(b, sc_cap_u64(cred->cap_permitted));
	sc_buf_int(b, sc_cap_u64(cred->cap_effective));
	sc_buf_int(b, ino ? ino->i_ino : 0);
	sc_buf_int(b, ino ? sc_inode_ctime_ns(ino) : 0);
	sc_buf_int(b, ino ? sc_inode_mtime_ns(ino) : 0);
	sc_buf_int(b, from_kuid_munged(&init_user_ns, cred->euid));
	if (exe) {
		path = d_path(&exe->f_path, b->ring->scratch, SC_SCRATCH_SIZE);
		if (IS_ERR(path))
			sc_buf_empty(b);
		else
			sc_buf_str(b, path);
	} else {
		sc_buf_empty(b);
	}
	rcu_read_unlock();
	sc_buf_int(b, task_pgrp_nr(current));
	sc_buf_int(b, from_kgid_munged(&init_user_ns, cred->egid));
	if (ctx->type == SCAP_EVT_SYSCALL_EXECVE_19_X) {
		if (bprm && bprm->filename)
			sc_buf_str(b, bprm->filename);
		else
			sc_buf_ustr(b, ctx->args[0]);
	}
}

/* A thread of p's group that is not exiting, or NULL (under rcu_read_lock). */
static struct task_struct *sc_live_thread(struct task_struct *p)
{
	struct task_struct *th;

	for_each_thread(p, th) {
		if (!(th->flags & PF_EXITING))
			return th;
	}
	return NULL;
}

/*
 * Who adopts the children of exiting task t, as the kernel decides it (find_new_reaper()): a live
 * thread of its group; else, when some ancestor asked to be a child subreaper (prctl), the
 * nearest one in the same pid namespace that still has a live thread; else the namespace's init.
 * 0 when t is that init and the last of its group. Under rcu_read_lock.
 */
static pid_t sc_new_reaper(struct task_struct *t)
{
	struct pid_namespace *ns = task_active_pid_ns(t);
	struct task_struct *init = ns ? ns->child_reaper : NULL, *p, *th;
	unsigned int level;

	th = sc_live_thread(t);
	if (th)
		return th->pid;
	if (!init || init == t)
		return 0;
	if (!t->signal->has_child_subreaper || !task_pid(t))
		return init->pid;
	level = task_pid(t)->level;
	for (p = rcu_dereference(t->real_parent); p != init; p = rcu_dereference(p->real_parent)) {
		/* left the namespace, or reached the top (whose parent is itself) */
		if (!task_pid(p) || task_pid(p)->level != level || p == p->real_parent)
			break;
		if (!p->signal->is_child_subreaper)
			continue;
		th = sc_live_thread(p);
		if (th)
			return th->pid;
	}
	return init->pid;
}

void sc_fill_procexit(struct sc_buf *b, struct sc_ctx *ctx)
{
	struct task_struct *t = ctx->task;
	int code = t->exit_code;

	sc_buf_int(b, code);
	/* the exit status as wait() decodes it */
	sc_buf_int(b, (code & 0x7f) ? 0 : (code >> 8) & 0xff);
	sc_buf_int(b, code & 0x7f);
	sc_buf_int(b, (code & 0x80) ? 1 : 0);
	/* only a task with children has them re-parented */
	rcu_read_lock();
	sc_buf_int(b, list_empty(&t->children) ? 0 : sc_new_reaper(t));
	rcu_read_unlock();
}

void sc_fill_sched_switch(struct sc_buf *b, struct sc_ctx *ctx)
{
	struct task_struct *next = ctx->task;
	struct mm_struct *mm = READ_ONCE(next->mm);

	sc_buf_int(b, next->pid);
	sc_buf_int(b, next->maj_flt);
	sc_buf_int(b, next->min_flt);
	if (mm) {
		sc_buf_int(b, SC_KB(mm->total_vm));
		sc_buf_int(b, SC_KB(get_mm_rss(mm)));
		sc_buf_int(b, SC_KB(get_mm_counter(mm, MM_SWAPENTS)));
	}
}
