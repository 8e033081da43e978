// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * Kernel hooks. Tracepoints are found by name, attached when the first consumer enables them and
 * detached when the last one disables them. Each probe turns its arguments into an sc_ctx and
 * hands it to sc_record(), which fans it out to every interested consumer.
 */
#include <linux/module.h>
#include <linux/tracepoint.h>
#include <linux/percpu.h>
#include <linux/binfmts.h>
#include <linux/sched.h>
#include <linux/sched/task_stack.h>
#include <linux/compat.h>
#include <asm/syscall.h>

#include "syscap.h"

static const char *const sc_tp_names[SCAP_KMOD_TP_MAX] = SCAP_KMOD_TP_NAMES;
static struct tracepoint *sc_tps[SCAP_KMOD_TP_MAX];
static unsigned int sc_tp_refs[SCAP_KMOD_TP_MAX];
static u32 sc_tp_attached;
static DEFINE_PER_CPU(u64, sc_hits);
atomic_t sc_hotplug_gen = ATOMIC_INIT(0);
atomic_t sc_hotplug_cpu = ATOMIC_INIT(0);

#if defined(CONFIG_X86_64)
#define sc_native_table scap_native_x86_64
#elif defined(CONFIG_ARM64)
#define sc_native_table scap_native_aarch64
#else
#error "syscap: unsupported architecture"
#endif

u64 sc_tp_hits(int cpu)
{
	return per_cpu(sc_hits, cpu);
}

/*
 * Fills the syscall part of ctx from the registers; false when the syscall is not reported.
 * exec: inside a successful exec (or at the exit of a call that returned 0), see
 * sc_ia32_syscall().
 */
static bool sc_syscall_ctx(struct sc_ctx *ctx, struct pt_regs *regs, bool exec)
{
	long nr = syscall_get_nr(current, regs);
	bool ia32 = false;

	if (nr < 0 || nr >= SCAP_NATIVE_MAX)
		return false;
	ctx->regs = regs;
	ctx->ia32_nr = -1;
	syscall_get_arguments(current, regs, ctx->args);
#ifdef CONFIG_IA32_EMULATION
	/* 32-bit tasks: reported as the x86_64 syscall with the same meaning */
	ia32 = in_ia32_syscall();
	if (ia32) {
		nr = sc_ia32_syscall(ctx, nr, exec);
		if (nr < 0)
			return false;
	}
#else
	if (in_compat_syscall()) /* other compat ABIs: numbers differ, not captured */
		return false;
#endif
	/* the numbers set apart for ia32's send and recv (sc.h) are no syscall of a native task */
	if (!ia32 && (nr == SCAP_NR_IA32_SEND || nr == SCAP_NR_IA32_RECV))
		return false;
	ctx->nr = nr;
	ctx->sc = sc_native_table[nr];
	return true;
}

static void sc_probe_sys_enter(void *data, struct pt_regs *regs, long id)
{
	struct sc_ctx ctx = { .tp = SCAP_KMOD_TP_SYS_ENTER };

	this_cpu_inc(sc_hits);
	if (!sc_syscall_ctx(&ctx, regs, false))
		return;
	/* Only the TOCTOU-sensitive syscalls still have enter events. */
	switch (ctx.sc) {
	case SCAP_SC_OPEN:
	case SCAP_SC_OPENAT:
	case SCAP_SC_OPENAT2:
	case SCAP_SC_CREAT:
	case SCAP_SC_CONNECT:
		ctx.type = scap_syscall_table[ctx.sc].enter_event;
		sc_record(&ctx);
		break;
	}
}

static void sc_probe_sys_exit(void *data, struct pt_regs *regs, long ret)
{
	struct sc_ctx ctx = { .tp = SCAP_KMOD_TP_SYS_EXIT };
	const struct scap_syscall_info *si;

	this_cpu_inc(sc_hits);
	if (!sc_syscall_ctx(&ctx, regs, ret == 0))
		return;
	ctx.ret = ret;
	si = &scap_syscall_table[ctx.sc];
	if ((si->flags & SCAP_UF_USED) && si->exit_event) {
		ctx.type = si->exit_event;
		/* A successful exec is reported by sched_process_exec, with the new image. */
		if (ret == 0 && (ctx.type == SCAP_EVT_SYSCALL_EXECVE_19_X ||
				 ctx.type == SCAP_EVT_SYSCALL_EXECVEAT_X))
			return;
	} else {
		ctx.type = SCAP_EVT_GENERIC_X;
	}
	/* one event per transferred message, as the reference does */
	if ((ctx.type == SCAP_EVT_SOCKET_SENDMMSG_X || ctx.type == SCAP_EVT_SOCKET_RECVMMSG_X) &&
	    ret > 1) {
		for (ctx.msg = 0; ctx.msg < min_t(long, ret, 1024); ctx.msg++)
			sc_record(&ctx);
		return;
	}
	sc_record(&ctx);
}

static void sc_probe_proc_exit(void *data, struct task_struct *p)
{
	struct sc_ctx ctx = { .tp = SCAP_KMOD_TP_SCHED_PROC_EXIT, .nr = -1,
			      .type = SCAP_EVT_PROCEXIT_1_E, .task = p };

	this_cpu_inc(sc_hits);
	sc_record(&ctx);
}

static void sc_probe_sched_switch(void *data, bool preempt, struct task_struct *prev,
				  struct task_struct *next
#ifdef SC_HAS_SCHED_SWITCH_PREV_STATE
				  ,
				  unsigned int prev_state
#endif
)
{
	struct sc_ctx ctx = { .tp = SCAP_KMOD_TP_SCHED_SWITCH, .nr = -1,
			      .type = SCAP_EVT_SCHEDSWITCH_6_E, .task = next };

	this_cpu_inc(sc_hits);
	sc_record(&ctx);
}

static void sc_probe_signal_deliver(void *data, int sig, struct kernel_siginfo *info,
				    struct k_sigaction *ka)
{
	struct sc_ctx ctx = { .tp = SCAP_KMOD_TP_SIGNAL_DELIVER, .nr = -1,
			      .type = SCAP_EVT_SIGNALDELIVER_E, .sig = sig };

	this_cpu_inc(sc_hits);
	/* the sender is known only for signals sent by a process */
	if (info && info != SEND_SIG_NOINFO && info != SEND_SIG_PRIV &&
	    (info->si_code == SI_USER || info->si_code == SI_QUEUE || info->si_code == SI_TKILL))
		ctx.spid = info->si_pid;
	sc_record(&ctx);
}

static void sc_probe_proc_exec(void *data, struct task_struct *p, pid_t old_pid,
			       struct linux_binprm *bprm)
{
	struct sc_ctx ctx = { .tp = SCAP_KMOD_TP_SCHED_PROC_EXEC, .task = p, .bprm = bprm };

	this_cpu_inc(sc_hits);
	/* still inside execve/execveat: the registers say which one */
	if (!sc_syscall_ctx(&ctx, task_pt_regs(current), true))
		return;
	if (ctx.sc == SCAP_SC_EXECVEAT)
		ctx.type = SCAP_EVT_SYSCALL_EXECVEAT_X;
	else
		ctx.type = SCAP_EVT_SYSCALL_EXECVE_19_X;
	ctx.ret = 0;
	sc_record(&ctx);
}

#ifdef CONFIG_X86
/* x86 exception tracepoints: error code bits P, W, U, RSVD, I */
static void sc_probe_page_fault(void *data, unsigned long address, struct pt_regs *regs,
				unsigned long error_code, u8 tp)
{
	struct sc_ctx ctx = { .tp = tp, .nr = -1, .type = SCAP_EVT_PAGE_FAULT_E };
	u32 f = 0;

	this_cpu_inc(sc_hits);
	f |= error_code & 1 ? SCAP_PF_PROTECTION_VIOLATION : SCAP_PF_PAGE_NOT_PRESENT;
	f |= error_code & 2 ? SCAP_PF_WRITE_ACCESS : SCAP_PF_READ_ACCESS;
	f |= error_code & 4 ? SCAP_PF_USER_FAULT : SCAP_PF_SUPERVISOR_FAULT;
	if (error_code & 8)
		f |= SCAP_PF_RESERVED_PAGE;
	if (error_code & 16)
		f |= SCAP_PF_INSTRUCTION_FETCH;
	ctx.args[0] = address;
	ctx.args[1] = regs ? instruction_pointer(regs) : 0;
	ctx.args[2] = f;
	sc_record(&ctx);
}

static void sc_probe_pf_user(void *data, unsigned long address, struct pt_regs *regs,
			     unsigned long error_code)
{
	sc_probe_page_fault(data, address, regs, error_code, SCAP_KMOD_TP_PAGE_FAULT_USER);
}

static void sc_probe_pf_kernel(void *data, unsigned long address, struct pt_regs *regs,
			       unsigned long error_code)
{
	sc_probe_page_fault(data, address, regs, error_code, SCAP_KMOD_TP_PAGE_FAULT_KERNEL);
}
#endif

/* NULL: the hook is accepted but has nothing to report on this architecture. */
static void *const sc_tp_probes[SCAP_KMOD_TP_MAX] = {
	[SCAP_KMOD_TP_SYS_ENTER] = sc_probe_sys_enter,
	[SCAP_KMOD_TP_SYS_EXIT] = sc_probe_sys_exit,
	[SCAP_KMOD_TP_SCHED_PROC_EXIT] = sc_probe_proc_exit,
	[SCAP_KMOD_TP_SCHED_SWITCH] = sc_probe_sched_switch,
	[SCAP_KMOD_TP_SIGNAL_DELIVER] = sc_probe_signal_deliver,
	[SCAP_KMOD_TP_SCHED_PROC_EXEC] = sc_probe_proc_exec,
#ifdef CONFIG_X86
	[SCAP_KMOD_TP_PAGE_FAULT_USER] = sc_probe_pf_user,
	[SCAP_KMOD_TP_PAGE_FAULT_KERNEL] = sc_probe_pf_kernel,
#endif
};

static void sc_tp_lookup(struct tracepoint *tp, void *priv)
{
	int i;

	for (i = 0; i < SCAP_KMOD_TP_MAX; i++)
		if (!strcmp(tp->name, sc_tp_names[i]))
			sc_tps[i] = tp;
}

int sc_tp_init(void)
{
	for_each_kernel_tracepoint(sc_tp_lookup, NULL);
	if (!sc_tps[SCAP_KMOD_TP_SYS_ENTER] || !sc_tps[SCAP_KMOD_TP_SYS_EXIT]) {
		pr_err(KBUILD_MODNAME ": kernel has no sys_enter/sys_exit tracepoints (CONFIG_HAVE_SYSCALL_TRACEPOINTS)\n");
		return -ENOENT;
	}
	return 0;
}

static int sc_tp_get(int i)
{
	int ret;

	if (sc_tp_refs[i]++ > 0 || !sc_tps[i] || !sc_tp_probes[i])
		return 0;
	ret = tracepoint_probe_register(sc_tps[i], sc_tp_probes[i], NULL);
	if (ret) {
		sc_tp_refs[i]--;
		pr_err(KBUILD_MODNAME ": cannot attach %s: %d\n", sc_tp_names[i], ret);
		return ret;
	}
	sc_tp_attached |= BIT(i);
	return 0;
}

static void sc_tp_put(int i)
{
	if (WARN_ON_ONCE(sc_tp_refs[i] == 0))
		return;
	if (--sc_tp_refs[i] > 0 || !(sc_tp_attached & BIT(i)))
		return;
	tracepoint_probe_unregister(sc_tps[i], sc_tp_probes[i], NULL);
	sc_tp_attached &= ~BIT(i);
}

/* Called with sc_lock held. Moves consumer c to new_set, keeping the attach counts right. */
int sc_tp_set(struct sc_consumer *c, u32 new_set)
{
	int i, ret;

	for (i = 0; i < SCAP_KMOD_TP_MAX; i++) {
		bool want = new_set & BIT(i), have = c->tp_set & BIT(i);

		if (want == have)
			continue;
		if (want) {
			ret = sc_tp_get(i);
			if (ret)
				return ret;
			c->tp_set |= BIT(i);
		} else {
			c->tp_set &= ~BIT(i);
			sc_tp_put(i);
		}
	}
	return 0;
}

void sc_tp_exit(void)
{
	int i;

	for (i = 0; i < SCAP_KMOD_TP_MAX; i++)
		if (sc_tp_attached & BIT(i))
			tracepoint_probe_unregister(sc_tps[i], sc_tp_probes[i], NULL);
	tracepoint_synchronize_unregister();
}
