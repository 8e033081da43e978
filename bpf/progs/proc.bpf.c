// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * Processes: clone family and exec (syscall exits plus sched_process_exec), process exit,
 * credentials, signals, ptrace, prctl, memory maps, and the optional sched_switch and
 * signal_deliver tracepoints.
 */
#include "task.bpf.h"

#define ARGS_MAX 4096 /* args and env are cut at one page, like the reference */
#define K_RLIMIT_NOFILE 7
#define K_PF_KTHREAD 0x00200000
#define NR_EXECVE 59
#define NR_EXECVEAT 322
#define EXEC_STRV_MAX 64 /* strings read from a failed exec's argv or envp */

static __always_inline_ struct pid_namespace *task_pidns(struct task_struct *t)
{
	struct pid *pid = BPF_CORE_READ(t, thread_pid);
	unsigned int level = BPF_CORE_READ(pid, level);

	return BPF_CORE_READ(pid, numbers[level & 31].ns);
}

/* The pid of t (or of its group leader) as seen from its own namespace. */
static __always_inline_ __s64 task_vnr(struct task_struct *t, int leader)
{
	struct pid *pid;
	unsigned int level;

	if (leader)
		t = BPF_CORE_READ(t, group_leader);
	pid = BPF_CORE_READ(t, thread_pid);
	level = BPF_CORE_READ(pid, level);
	return BPF_CORE_READ(pid, numbers[level & 31].nr);
}

/* argv[0] as CHARBUF, argv[1..] as NUL-separated BYTEBUF, both from the current image. */
static __always_inline_ void push_exe_args(struct evt *e, struct mm_struct *mm)
{
	unsigned long start = BPF_CORE_READ(mm, arg_start), end = BPF_CORE_READ(mm, arg_end);
	__u32 before = e->off, exe_len, len;

	push_user_str(e, start, ARGS_MAX);
	exe_len = e->off - before;
	len = end > start + exe_len ? end - start - exe_len : 0;
	if (len > ARGS_MAX - exe_len)
		len = ARGS_MAX - exe_len;
	if (len > ARGS_MAX)
		len = ARGS_MAX;
	if (len == 0 || bpf_probe_read_user(&e->data[BOUND_16(e->off)], BOUND_16(len),
					    (void *)(start + exe_len))) {
		push_empty(e);
		return;
	}
	put_u8(e, e->off + len - 1, 0);
	evt_set_len(e, len);
}

static __always_inline_ void push_env(struct evt *e, struct mm_struct *mm)
{
	unsigned long start = BPF_CORE_READ(mm, env_start), end = BPF_CORE_READ(mm, env_end);
	__u32 len = end > start ? end - start : 0;

	if (len > ARGS_MAX)
		len = ARGS_MAX;
	if (len == 0 ||
	    bpf_probe_read_user(&e->data[BOUND_16(e->off)], BOUND_16(len), (void *)start)) {
		push_empty(e);
		return;
	}
	put_u8(e, e->off + len - 1, 0);
	evt_set_len(e, len);
}

static __always_inline_ void push_cwd(struct evt *e, struct task_struct *t)
{
	struct fs_struct *fs = BPF_CORE_READ(t, fs);

	if (!fs) {
		push_empty(e);
		return;
	}
	push_path(e, BPF_CORE_READ(fs, pwd.dentry), BPF_CORE_READ(fs, pwd.mnt));
}

/*
 * A user array of strings (the argv or envp a failed exec was given), from element `first` on,
 * as one NUL-separated BYTEBUF: at most EXEC_STRV_MAX strings and ARGS_MAX bytes.
 */
static __always_inline_ void push_user_strv(struct evt *e, int compat, unsigned long arr, int first)
{
	__u32 len = 0;

	for (int i = 0; arr && i < EXEC_STRV_MAX; i++) {
		unsigned long p = 0;
		__u64 room;
		long n;

		if (len >= ARGS_MAX)
			break;
		if (read_uptr(compat, arr, first + i, &p) || !p)
			break;
		room = ARGS_MAX - len;
		asm volatile("%[x] &= 0x1fff" : [x] "+r"(room)); /* bounded for the verifier */
		n = bpf_probe_read_user_str(&e->data[BOUND_16(e->off + len)], room, (void *)p);
		if (n <= 0)
			break;
		len += n;
	}
	evt_set_len(e, len);
}

/* exe (argv[0]) and args (argv[1..]) of a failed exec, from what the caller passed. */
static __always_inline_ void push_failed_exe_args(struct evt *e, int compat, unsigned long argv)
{
	unsigned long exe = 0;

	if (argv && read_uptr(compat, argv, 0, &exe))
		exe = 0;
	push_user_str(e, exe, ARGS_MAX);
	push_user_strv(e, compat, exe ? argv : 0, 1);
}

/* Params 4..13 shared by clone and exec events: tid .. comm. */
static __always_inline_ void push_proc_ids(struct evt *e, struct task_struct *t,
					   struct mm_struct *mm)
{
	push_s64(e, BPF_CORE_READ(t, pid));
	push_s64(e, BPF_CORE_READ(t, tgid));
	push_s64(e, BPF_CORE_READ(t, real_parent, pid));
	push_cwd(e, t);
	push_u64(e, BPF_CORE_READ(t, signal, rlim[K_RLIMIT_NOFILE].rlim_cur));
	push_u64(e, BPF_CORE_READ(t, maj_flt));
	push_u64(e, BPF_CORE_READ(t, min_flt));
	push_u32(e, vm_size_kb(mm));
	push_u32(e, vm_rss_kb(mm));
	push_u32(e, vm_swap_kb(mm));
	push_kernel_str(e, &t->comm, 16);
}

/* Params 2..13 shared by clone and exec events: exe, args, then tid .. comm. */
static __always_inline_ void push_proc_common(struct evt *e, struct task_struct *t, int with_args)
{
	struct mm_struct *mm = BPF_CORE_READ(t, mm);

	if (with_args && mm) {
		push_exe_args(e, mm);
	} else {
		push_empty(e);
		push_empty(e);
	}
	push_proc_ids(e, t, mm);
}

static __always_inline_ __u32 clone_flags_of(struct task_struct *t, __u64 kflags)
{
	__u32 f = clone_flags_to_scap(kflags);
	struct pid_namespace *ns = task_pidns(t);

	if (BPF_CORE_READ(ns, level) != 0 || BPF_CORE_READ(t, nsproxy, pid_ns_for_children) != ns)
		f |= SCAP_CL_CHILD_IN_PIDNS;
	return f;
}

static __always_inline_ int fill_clone(__u16 type, struct sc_regs *regs, long ret, __u64 kflags)
{
	struct task_struct *t = cur_task();
	struct evt e;

	if (evt_begin(&e, type, SCAP_EVT_NPARAMS_SYSCALL_CLONE_20_X))
		return 0;
	push_s64(&e, ret);
	push_proc_common(&e, t, ret >= 0);
	push_cgroups(&e, t);
	push_u32(&e, clone_flags_of(t, kflags));
	push_u32(&e, BPF_CORE_READ(t, cred, euid.val));
	push_u32(&e, BPF_CORE_READ(t, cred, egid.val));
	push_s64(&e, task_vnr(t, 0));
	push_s64(&e, task_vnr(t, 1));
	/* pidns_init_start_ts: only in the child, when it may be a namespace's init */
	push_u64(&e, ret == 0 ? BPF_CORE_READ(task_pidns(t), child_reaper, start_time) : 0);
	return evt_submit(&e);
}

FILLER(SYSCALL_CLONE_20_X)
{
	return fill_clone(SCAP_EVT_SYSCALL_CLONE_20_X, regs, ret, sc_arg(regs, 0));
}

FILLER(SYSCALL_FORK_20_X)
{
	return fill_clone(SCAP_EVT_SYSCALL_FORK_20_X, regs, ret, 0);
}

/* vfork has no flags argument: 0 (plus CHILD_IN_PIDNS), as the reference reports it */
FILLER(SYSCALL_VFORK_20_X)
{
	return fill_clone(SCAP_EVT_SYSCALL_VFORK_20_X, regs, ret, 0);
}

FILLER(SYSCALL_CLONE3_X)
{
	__u64 flags = 0;

	bpf_probe_read_user(&flags, sizeof(flags), (void *)sc_arg(regs, 0)); /* clone_args.flags */
	return fill_clone(SCAP_EVT_SYSCALL_CLONE3_X, regs, ret, flags);
}

static __always_inline_ __u32 task_tty(struct task_struct *t)
{
	struct tty_struct *tty = BPF_CORE_READ(t, signal, tty);
	__u32 major, minor_start, index;

	if (!tty)
		return 0;
	major = BPF_CORE_READ(tty, driver, major);
	minor_start = BPF_CORE_READ(tty, driver, minor_start);
	index = BPF_CORE_READ(tty, index);
	return encode_dev((major << 20) + minor_start + index);
}

struct inode___pre611 {
	struct timespec64 i_ctime;
	struct timespec64 i_mtime;
} __attribute__((preserve_access_index));

static __always_inline_ __u64 ts_ns(__s64 sec, __u32 nsec)
{
	return sec * 1000000000ull + nsec;
}

/*
 * Where the executable comes from: the upper or a lower layer of an overlayfs, or a memfd (an
 * unlinked shmem dentry, its own parent, named "memfd:<name>").
 */
static __always_inline_ __u32 exe_origin_flags(struct file *exe)
{
	struct dentry *d = exe ? BPF_CORE_READ(exe, f_path.dentry) : NULL;
	__u32 flags = 0;
	char name[6];

	if (!d)
		return 0;
	switch (dentry_overlay_layer(d)) {
	case OVL_UPPER:
		flags |= SCAP_EXE_UPPER_LAYER;
		break;
	case OVL_LOWER:
		flags |= SCAP_EXE_LOWER_LAYER;
		break;
	default:
		break;
	}
	if (BPF_CORE_READ(d, d_parent) == d &&
	    !bpf_probe_read_kernel(name, sizeof(name), BPF_CORE_READ(d, d_name.name)) &&
	    name[0] == 'm' && name[1] == 'e' && name[2] == 'm' && name[3] == 'f' && name[4] == 'd' &&
	    name[5] == ':')
		flags |= SCAP_EXE_FROM_MEMFD;
	return flags;
}

/*
 * Params 15.. of the exec events (cgroups .. egid). env comes from the new image, or for a failed
 * exec (envp != 0) from the array the caller passed.
 */
static __always_inline_ void push_exec_rest(struct evt *e, struct task_struct *t, int compat,
					    unsigned long envp)
{
	struct mm_struct *mm = BPF_CORE_READ(t, mm);
	struct file *exe = mm ? BPF_CORE_READ(mm, exe_file) : NULL;
	struct inode *ino = exe ? BPF_CORE_READ(exe, f_inode) : NULL;
	const struct cred *cred = BPF_CORE_READ(t, cred);
	__u64 ctime = 0, mtime = 0;
	__u32 flags = 0;

	push_cgroups(e, t);
	if (envp)
		push_user_strv(e, compat, envp, 0);
	else if (mm)
		push_env(e, mm);
	else
		push_empty(e);
	push_u32(e, task_tty(t));
	{
		struct task_struct *leader = BPF_CORE_READ(t, group_leader);
		struct pid *pg = BPF_CORE_READ(leader, signal, pids[PIDTYPE_PGID]);
		unsigned int lvl = BPF_CORE_READ(task_pidns(t), level);

		push_s64(e, BPF_CORE_READ(pg, numbers[lvl & 31].nr));
	}
	push_u32(e, BPF_CORE_READ(t, loginuid.val));
	if (ino) {
		/* writable by the caller's euid: owner with u+w, or any w bit for others */
		__u32 mode = BPF_CORE_READ(ino, i_mode);
		__u32 owner = BPF_CORE_READ(ino, i_uid.val);
		__u32 euid = BPF_CORE_READ(cred, euid.val);

		if ((euid == owner && (mode & 0200)) || euid == 0 || (mode & 0002))
			flags |= SCAP_EXE_WRITABLE;
		if (bpf_core_field_exists(ino->i_ctime_sec)) {
			ctime = ts_ns(BPF_CORE_READ(ino, i_ctime_sec), BPF_CORE_READ(ino, i_ctime_nsec));
			mtime = ts_ns(BPF_CORE_READ(ino, i_mtime_sec), BPF_CORE_READ(ino, i_mtime_nsec));
		} else {
			struct inode___pre611 *o = (void *)ino;

			ctime = ts_ns(BPF_CORE_READ(o, i_ctime.tv_sec), BPF_CORE_READ(o, i_ctime.tv_nsec));
			mtime = ts_ns(BPF_CORE_READ(o, i_mtime.tv_sec), BPF_CORE_READ(o, i_mtime.tv_nsec));
		}
	}
	push_u32(e, flags | exe_origin_flags(exe));
	push_u64(e, cred_caps(cred, CAP_SET_INHERITABLE));
	push_u64(e, cred_caps(cred, CAP_SET_PERMITTED));
	push_u64(e, cred_caps(cred, CAP_SET_EFFECTIVE));
	push_u64(e, ino ? BPF_CORE_READ(ino, i_ino) : 0);
	push_u64(e, ctime);
	push_u64(e, mtime);
	push_u32(e, BPF_CORE_READ(cred, euid.val));
	push_file_path(e, exe);
	{
		struct pid *pg = BPF_CORE_READ(t, group_leader, signal, pids[PIDTYPE_PGID]);

		push_s64(e, BPF_CORE_READ(pg, numbers[0].nr));
	}
	push_u32(e, BPF_CORE_READ(cred, egid.val));
}

/* Failed execve/execveat (successful ones come from sched_process_exec). */
FILLER(SYSCALL_EXECVE_19_X)
{
	struct task_struct *t = cur_task();
	struct evt e;

	if (evt_begin(&e, SCAP_EVT_SYSCALL_EXECVE_19_X, SCAP_EVT_NPARAMS_SYSCALL_EXECVE_19_X))
		return 0;
	push_s64(&e, ret);
	push_failed_exe_args(&e, regs->compat, sc_arg(regs, 1));
	push_proc_ids(&e, t, BPF_CORE_READ(t, mm));
	push_exec_rest(&e, t, regs->compat, sc_arg(regs, 2));
	push_user_str(&e, sc_arg(regs, 0), EVT_PATH_MAX);
	return evt_submit(&e);
}

FILLER(SYSCALL_EXECVEAT_X)
{
	struct task_struct *t = cur_task();
	struct evt e;

	if (evt_begin(&e, SCAP_EVT_SYSCALL_EXECVEAT_X, SCAP_EVT_NPARAMS_SYSCALL_EXECVEAT_X))
		return 0;
	push_s64(&e, ret);
	push_failed_exe_args(&e, regs->compat, sc_arg(regs, 2));
	push_proc_ids(&e, t, BPF_CORE_READ(t, mm));
	push_exec_rest(&e, t, regs->compat, sc_arg(regs, 3));
	return evt_submit(&e);
}

static __always_inline_ int not_captured(void)
{
	struct syscap_bpf_settings *s = get_settings();

	return !s || !s->capture_on || (bpf_get_current_pid_tgid() >> 32) == s->consumer_tgid;
}

static __always_inline_ int native_interesting(__u32 nr)
{
	struct syscap_bpf_syscall *sc = bpf_map_lookup_elem(&syscap_syscalls, &nr);

	return sc && sc->interesting;
}

/* Successful exec: the new image is in place. ctx: (task, old_pid, bprm) */
TP_PROG(syscap_sched_process_exec, sched_process_exec)
{
	struct task_struct *t = cur_task();
	struct linux_binprm *bprm = (struct linux_binprm *)ctx[2];
	struct evt e;

	if (not_captured() || (BPF_CORE_READ(t, flags) & K_PF_KTHREAD))
		return 0;
	if (!native_interesting(NR_EXECVE) && !native_interesting(NR_EXECVEAT))
		return 0;
	if (evt_begin(&e, SCAP_EVT_SYSCALL_EXECVE_19_X, SCAP_EVT_NPARAMS_SYSCALL_EXECVE_19_X))
		return 0;
	push_s64(&e, 0);
	push_proc_common(&e, t, 1);
	push_exec_rest(&e, t, 0, 0);
	push_kernel_str(&e, BPF_CORE_READ(bprm, filename), EVT_PATH_MAX);
	return evt_submit(&e);
}

#define K_PF_EXITING 0x00000004
#define REAPER_THREADS_MAX 32 /* threads of a group looked at */
#define REAPER_ANCESTORS_MAX 64 /* ancestors looked at for a child subreaper */

/* The tid of a thread of t's group that is not exiting; 0: none, -1: more than we look at. */
static __always_inline_ __s64 live_thread(struct task_struct *t)
{
	struct signal_struct *sig = BPF_CORE_READ(t, signal);
	struct list_head *head = &sig->thread_head;
	struct list_head *n = BPF_CORE_READ(sig, thread_head.next);
	__u64 off = bpf_core_field_offset(struct task_struct, thread_node);

	for (int i = 0; i < REAPER_THREADS_MAX; i++) {
		struct task_struct *th = (void *)((char *)n - off);

		if (n == head)
			return 0;
		if (!(BPF_CORE_READ(th, flags) & K_PF_EXITING))
			return BPF_CORE_READ(th, pid);
		n = BPF_CORE_READ(th, thread_node.next);
	}
	return -1;
}

/*
 * Who adopts the children of exiting task t, as the kernel decides it (find_new_reaper()): a live
 * thread of its group; else, when some ancestor asked to be a child subreaper (prctl), the
 * nearest one in the same pid namespace that still has a live thread; else the namespace's init.
 * 0 when t is that init and the last of its group; -1 when the walk is longer than we follow
 * (consumers then work it out from their own process table, as with the reference's probe).
 */
static __always_inline_ __s64 new_reaper(struct task_struct *t)
{
	struct task_struct *init = BPF_CORE_READ(task_pidns(t), child_reaper), *p;
	unsigned int level = BPF_CORE_READ(t, thread_pid, level);
	struct signal_struct *sig;
	__s64 r = live_thread(t);

	if (r)
		return r;
	if (init == t)
		return 0;
	sig = BPF_CORE_READ(t, signal);
	if (!BPF_CORE_READ_BITFIELD_PROBED(sig, has_child_subreaper))
		return BPF_CORE_READ(init, pid);
	p = BPF_CORE_READ(t, real_parent);
	for (int i = 0; i < REAPER_ANCESTORS_MAX; i++) {
		if (!p || p == init || BPF_CORE_READ(p, thread_pid, level) != level)
			return BPF_CORE_READ(init, pid);
		sig = BPF_CORE_READ(p, signal);
		if (BPF_CORE_READ_BITFIELD_PROBED(sig, is_child_subreaper)) {
			r = live_thread(p);
			if (r)
				return r;
		}
		p = BPF_CORE_READ(p, real_parent);
	}
	return -1;
}

/* ctx: (task) */
TP_PROG(syscap_sched_process_exit, sched_process_exit)
{
	struct task_struct *t = cur_task();
	__s32 code = BPF_CORE_READ(t, exit_code);
	struct list_head *head = &t->children;
	__s64 reaper = 0;
	struct evt e;

	if (not_captured())
		return 0;
	if (evt_begin(&e, SCAP_EVT_PROCEXIT_1_E, SCAP_EVT_NPARAMS_PROCEXIT_1_E))
		return 0;
	push_s64(&e, code);
	push_s64(&e, (code & 0xff00) >> 8);
	push_u8(&e, (code & 0x7f) != 0 && (code & 0x7f) != 0x7f ? code & 0x7f : 0);
	push_u8(&e, (code & 0x80) != 0);
	/* only a task with children has them re-parented */
	if ((struct list_head *)BPF_CORE_READ(t, children.next) != head)
		reaper = new_reaper(t);
	push_s64(&e, reaper);
	return evt_submit(&e);
}

/* ctx: (preempt, prev, next, prev_state) */
TP_PROG(syscap_sched_switch, sched_switch)
{
	struct task_struct *next = (struct task_struct *)ctx[2];
	struct task_struct *t = cur_task();
	struct mm_struct *mm = BPF_CORE_READ(t, mm);
	struct evt e;

	if (not_captured())
		return 0;
	if (evt_begin(&e, SCAP_EVT_SCHEDSWITCH_6_E, SCAP_EVT_NPARAMS_SCHEDSWITCH_6_E))
		return 0;
	push_s64(&e, BPF_CORE_READ(next, pid));
	push_u64(&e, BPF_CORE_READ(t, maj_flt));
	push_u64(&e, BPF_CORE_READ(t, min_flt));
	push_u32(&e, vm_size_kb(mm));
	push_u32(&e, vm_rss_kb(mm));
	push_u32(&e, vm_swap_kb(mm));
	return evt_submit(&e);
}

/* ctx: (sig, info, ka) */
TP_PROG(syscap_signal_deliver, signal_deliver)
{
	struct kernel_siginfo *info = (struct kernel_siginfo *)ctx[1];
	int sig = (int)ctx[0];
	__s64 spid = 0;
	struct evt e;

	if (not_captured())
		return 0;
	if (info) {
		int code = BPF_CORE_READ(info, si_code);

		/* sender pid exists for user-sent signals (SI_USER/SI_TKILL/SI_QUEUE) and SIGCHLD */
		if (code <= 0 || sig == 17)
			spid = BPF_CORE_READ(info, _sifields._kill._pid);
	}
	if (evt_begin(&e, SCAP_EVT_SIGNALDELIVER_E, SCAP_EVT_NPARAMS_SIGNALDELIVER_E))
		return 0;
	push_s64(&e, spid);
	push_s64(&e, bpf_get_current_pid_tgid() & 0xffffffff);
	push_u8(&e, sig);
	return evt_submit(&e);
}

/* Credentials */
FILLER(SYSCALL_SETUID_X)
{
	struct evt e;

	if (evt_begin(&e, SCAP_EVT_SYSCALL_SETUID_X, SCAP_EVT_NPARAMS_SYSCALL_SETUID_X))
		return 0;
	push_s64(&e, ret);
	push_u32(&e, sc_arg(regs, 0));
	return evt_submit(&e);
}

FILLER(SYSCALL_SETGID_X)
{
	struct evt e;

	if (evt_begin(&e, SCAP_EVT_SYSCALL_SETGID_X, SCAP_EVT_NPARAMS_SYSCALL_SETGID_X))
		return 0;
	push_s64(&e, ret);
	push_u32(&e, sc_arg(regs, 0));
	return evt_submit(&e);
}

FILLER(SYSCALL_SETRESUID_X)
{
	struct evt e;

	if (evt_begin(&e, SCAP_EVT_SYSCALL_SETRESUID_X, SCAP_EVT_NPARAMS_SYSCALL_SETRESUID_X))
		return 0;
	push_s64(&e, ret);
	push_u32(&e, sc_arg(regs, 0));
	push_u32(&e, sc_arg(regs, 1));
	push_u32(&e, sc_arg(regs, 2));
	return evt_submit(&e);
}

FILLER(SYSCALL_SETRESGID_X)
{
	struct evt e;

	if (evt_begin(&e, SCAP_EVT_SYSCALL_SETRESGID_X, SCAP_EVT_NPARAMS_SYSCALL_SETRESGID_X))
		return 0;
	push_s64(&e, ret);
	push_u32(&e, sc_arg(regs, 0));
	push_u32(&e, sc_arg(regs, 1));
	push_u32(&e, sc_arg(regs, 2));
	return evt_submit(&e);
}

FILLER(SYSCALL_SETSID_X)
{
	struct evt e;

	if (evt_begin(&e, SCAP_EVT_SYSCALL_SETSID_X, SCAP_EVT_NPARAMS_SYSCALL_SETSID_X))
		return 0;
	push_s64(&e, ret);
	return evt_submit(&e);
}

FILLER(SYSCALL_SETPGID_X)
{
	struct evt e;

	if (evt_begin(&e, SCAP_EVT_SYSCALL_SETPGID_X, SCAP_EVT_NPARAMS_SYSCALL_SETPGID_X))
		return 0;
	push_s64(&e, ret);
	push_s64(&e, (__s32)sc_arg(regs, 0));
	push_s64(&e, (__s32)sc_arg(regs, 1));
	return evt_submit(&e);
}

/* Signals */
FILLER(SYSCALL_KILL_X)
{
	struct evt e;

	if (evt_begin(&e, SCAP_EVT_SYSCALL_KILL_X, SCAP_EVT_NPARAMS_SYSCALL_KILL_X))
		return 0;
	push_s64(&e, ret);
	push_s64(&e, (__s32)sc_arg(regs, 0));
	push_u8(&e, sc_arg(regs, 1));
	return evt_submit(&e);
}

FILLER(SYSCALL_TKILL_X)
{
	struct evt e;

	if (evt_begin(&e, SCAP_EVT_SYSCALL_TKILL_X, SCAP_EVT_NPARAMS_SYSCALL_TKILL_X))
		return 0;
	push_s64(&e, ret);
	push_s64(&e, (__s32)sc_arg(regs, 0));
	push_u8(&e, sc_arg(regs, 1));
	return evt_submit(&e);
}

FILLER(SYSCALL_TGKILL_X)
{
	struct evt e;

	if (evt_begin(&e, SCAP_EVT_SYSCALL_TGKILL_X, SCAP_EVT_NPARAMS_SYSCALL_TGKILL_X))
		return 0;
	push_s64(&e, ret);
	push_s64(&e, (__s32)sc_arg(regs, 0));
	push_s64(&e, (__s32)sc_arg(regs, 1));
	push_u8(&e, sc_arg(regs, 2));
	return evt_submit(&e);
}

FILLER(SYSCALL_PTRACE_X)
{
	__u16 req = ptrace_req_to_scap(sc_arg(regs, 0));
	unsigned long addr = sc_arg(regs, 2), data = sc_arg(regs, 3);
	__u32 at;
	struct evt e;

	if (evt_begin(&e, SCAP_EVT_SYSCALL_PTRACE_X, SCAP_EVT_NPARAMS_SYSCALL_PTRACE_X))
		return 0;
	push_s64(&e, ret);
	/* addr: PT_DYN as (index, u64) */
	at = e.off;
	put_u8(&e, at, SCAP_PTRACE_IDX_UINT64);
	put_u64(&e, at + 1, ret < 0 ? 0 : addr);
	evt_set_len(&e, 9);
	/* data: a u64, the peeked word, or a signal number depending on the request */
	at = e.off;
	if (ret < 0) {
		put_u8(&e, at, SCAP_PTRACE_IDX_UINT64);
		put_u64(&e, at + 1, 0);
		evt_set_len(&e, 9);
	} else if (req == SCAP_PTRACE_PEEKTEXT || req == SCAP_PTRACE_PEEKDATA ||
		   req == SCAP_PTRACE_PEEKUSR) {
		__u64 v = 0;

		/* the peeked word: 32 bits for an ia32 tracer */
		bpf_probe_read_user(&v, regs->compat ? 4 : sizeof(v), (void *)data);
		put_u8(&e, at, SCAP_PTRACE_IDX_UINT64);
		put_u64(&e, at + 1, v);
		evt_set_len(&e, 9);
	} else if (req == SCAP_PTRACE_CONT || req == SCAP_PTRACE_SINGLESTEP ||
		   req == SCAP_PTRACE_DETACH || req == SCAP_PTRACE_SYSCALL) {
		put_u8(&e, at, SCAP_PTRACE_IDX_SIGTYPE);
		put_u8(&e, at + 1, data);
		evt_set_len(&e, 2);
	} else {
		put_u8(&e, at, SCAP_PTRACE_IDX_UINT64);
		put_u64(&e, at + 1, data);
		evt_set_len(&e, 9);
	}
	push_u16(&e, req);
	push_s64(&e, (__s32)sc_arg(regs, 1));
	return evt_submit(&e);
}

#define K_PR_SET_NAME 15
#define K_PR_GET_NAME 16
#define K_PR_GET_CHILD_SUBREAPER 37

FILLER(SYSCALL_PRCTL_X)
{
	__u32 option = sc_arg(regs, 0);
	unsigned long arg2 = sc_arg(regs, 1);
	struct evt e;

	if (evt_begin(&e, SCAP_EVT_SYSCALL_PRCTL_X, SCAP_EVT_NPARAMS_SYSCALL_PRCTL_X))
		return 0;
	push_s64(&e, ret);
	push_u32(&e, option);
	if (option == K_PR_SET_NAME || option == K_PR_GET_NAME) {
		push_user_str(&e, arg2, EVT_PATH_MAX);
		push_s64(&e, 0);
	} else if (option == K_PR_GET_CHILD_SUBREAPER) {
		__s32 v = 0;

		bpf_probe_read_user(&v, sizeof(v), (void *)arg2);
		push_empty(&e);
		push_s64(&e, v);
	} else {
		push_empty(&e);
		push_s64(&e, arg2);
	}
	return evt_submit(&e);
}

/* Memory */
FILLER(SYSCALL_MMAP_X)
{
	struct mm_struct *mm = BPF_CORE_READ(cur_task(), mm);
	struct evt e;

	if (evt_begin(&e, SCAP_EVT_SYSCALL_MMAP_X, SCAP_EVT_NPARAMS_SYSCALL_MMAP_X))
		return 0;
	push_s64(&e, ret);
	push_u32(&e, vm_size_kb(mm));
	push_u32(&e, vm_rss_kb(mm));
	push_u32(&e, vm_swap_kb(mm));
	if (regs->compat && regs->nr32 == IA32_NR_OLD_MMAP) {
		/* old mmap: one pointer to the six arguments (struct mmap_arg_struct32) */
		__u32 a[6] = {};

		bpf_probe_read_user(a, sizeof(a), (void *)sc_arg(regs, 0));
		push_u64(&e, a[0]);
		push_u64(&e, a[1]);
		push_u32(&e, prot_flags_to_scap(a[2]));
		push_u32(&e, mmap_flags_to_scap(a[3]));
		push_s64(&e, (__s32)a[4]);
		push_u64(&e, a[5]);
		return evt_submit(&e);
	}
	push_u64(&e, sc_arg(regs, 0));
	push_u64(&e, sc_arg(regs, 1));
	push_u32(&e, prot_flags_to_scap(sc_arg(regs, 2)));
	push_u32(&e, mmap_flags_to_scap(sc_arg(regs, 3)));
	push_s64(&e, (__s32)sc_arg(regs, 4));
	/* mmap2 passes the offset in 4 KiB pages */
	push_u64(&e, regs->compat ? sc_arg(regs, 5) << 12 : sc_arg(regs, 5));
	return evt_submit(&e);
}

FILLER(SYSCALL_MUNMAP_X)
{
	struct mm_struct *mm = BPF_CORE_READ(cur_task(), mm);
	struct evt e;

	if (evt_begin(&e, SCAP_EVT_SYSCALL_MUNMAP_X, SCAP_EVT_NPARAMS_SYSCALL_MUNMAP_X))
		return 0;
	push_s64(&e, ret);
	push_u32(&e, vm_size_kb(mm));
	push_u32(&e, vm_rss_kb(mm));
	push_u32(&e, vm_swap_kb(mm));
	push_u64(&e, sc_arg(regs, 0));
	push_u64(&e, sc_arg(regs, 1));
	return evt_submit(&e);
}
