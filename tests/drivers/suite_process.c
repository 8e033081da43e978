/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Process and memory syscalls: the exit events of vfork and clone3 (caller and child), accept,
 * the credential calls (setreuid, setregid, capset and the gid/euid queries), resource limits,
 * process groups, namespaces (unshare, setns), brk, mprotect and futex, each checked parameter
 * by parameter against what the child saw, on success and (where cheap) on failure. Every call
 * goes through syscall() or raw asm so that the syscall checked is the one made.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/capability.h>
#include <linux/futex.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <syscap/flags.h>

#include "suite.h"

const char *const g_process_misc_syscalls[] = {
	"vfork", "clone3", "accept", "setreuid", "setregid", "capset", "getgid", "geteuid",
	"getegid", "getresgid", "setrlimit", "getrlimit", "setpgid", "unshare", "setns", "brk",
	"mprotect", "futex", NULL,
};

/* The result of a raw syscall() as the kernel returned it: -errno on failure. */
static int64_t kret(long r)
{
	return r == -1 ? -errno : r;
}

/* ---- process context, for the clone events ------------------------------------------------ */

/* Indexes in sh->v shared by c_vfork and c_clone3 (the rest of v is theirs). */
enum { V_PID, V_BAD, V_PPID, V_VMSIZE, V_VMRSS, V_FDLIMIT, V_MIN0, V_MIN1, V_MAJ0, V_MAJ1,
       V_MONO, V_ARGLEN, V_PTID };

/* vm_size, vm_rss and vm_swap are u32 KB in the schema: a sanitizer's shadow reservation
 * (20 TiB under ASan) wraps them, in the reference's events too. */
static uint64_t kb32(int64_t kb)
{
	return (uint32_t)kb;
}

/* VmSize, VmRSS, VmSwap of /proc/self/status in KB (-1 when absent). No stdio: a FILE buffer
 * could move the break or map memory, and the point is to see the mm as the event saw it. */
static void vm_status(int64_t kb[3])
{
	static const char *const keys[3] = { "\nVmSize:", "\nVmRSS:", "\nVmSwap:" };
	char buf[4096];
	int fd = open("/proc/self/status", O_RDONLY);
	ssize_t n = fd >= 0 ? read(fd, buf, sizeof(buf) - 1) : -1;

	if (fd >= 0)
		close(fd);
	buf[n > 0 ? n : 0] = 0;
	for (int i = 0; i < 3; i++) {
		const char *p = strstr(buf, keys[i]);

		kb[i] = p ? strtoll(p + strlen(keys[i]), NULL, 10) : -1;
	}
}

static void read_text(const char *path, char *out, size_t size, int64_t *len)
{
	int fd = open(path, O_RDONLY);
	ssize_t n = fd >= 0 ? read(fd, out, size - 1) : -1;

	if (fd >= 0)
		close(fd);
	out[n > 0 ? n : 0] = 0;
	if (len)
		*len = n > 0 ? n : 0;
}

/* What a clone event of this process reports besides ids: argv, cgroups, cwd, fd limit, the
 * monotonic clock (an upper bound of the pid namespace init's start). */
static void proc_context(struct shared *sh)
{
	struct rlimit rl;
	struct timespec ts;

	read_text("/proc/self/cmdline", sh->s[0], sizeof(sh->s[0]), &sh->v[V_ARGLEN]);
	read_text("/proc/self/cgroup", sh->s[1], sizeof(sh->s[1]), NULL);
	if (!getcwd(sh->s[2], sizeof(sh->s[2])))
		sh->s[2][0] = 0;
	getrlimit(RLIMIT_NOFILE, &rl);
	sh->v[V_FDLIMIT] = rl.rlim_cur;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	sh->v[V_MONO] = ts.tv_sec * 1000000000ll + ts.tv_nsec;
	sh->v[V_PPID] = getppid();
}

static void faults(int64_t *min, int64_t *maj)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru); /* one thread: its own counters */
	*min = ru.ru_minflt;
	*maj = ru.ru_majflt;
}

static void check_cgroups(const struct scap_evt_hdr *x, unsigned i)
{
	struct scap_param pp[SCAP_MAX_EVENT_PARAMS];
	const char *c = NULL;
	int entries = 0;

	if (!g_sh->s[1][0])
		return; /* no /proc/self/cgroup to compare with */
	scap_event_params(x, pp, SCAP_MAX_EVENT_PARAMS);
	while ((c = scap_param_next_string(&pp[i], c))) {
		const char *eq = strchr(c, '=');

		CHECK(eq && cgroup_matches(g_sh->s[1], c, eq - c, eq + 1));
		entries++;
	}
	CHECK(entries >= 1);
}

/* Whether this process lives in a pid namespace below the initial one (NSpid lists more). */
static bool in_child_pidns(void)
{
	char buf[4096], *p, *eol;
	int ids = 0;

	read_text("/proc/self/status", buf, sizeof(buf), NULL);
	p = strstr(buf, "\nNSpid:");
	eol = p ? strchr(p + 1, '\n') : NULL;
	for (; p && p < eol; p++)
		ids += *p == '\t';
	return ids > 1;
}

/*
 * The 21 parameters of a clone-family exit event. tid: the thread the event belongs to (the
 * caller g_pid or the child), child: whether it is the child's event, flags: the expected
 * SCAP_CL_* (CHILD_IN_PIDNS added here when this suite runs inside a pid namespace).
 */
static void check_clone_evt(const struct scap_evt_hdr *x, int64_t res, int64_t tid, bool child,
			    uint32_t flags)
{
	const char *exe = g_sh->s[0];
	size_t elen = strlen(exe);
	int64_t args = g_sh->v[V_ARGLEN] - (int64_t)elen - 1;

	CHECK_EQ(ps64(x, 0), res);
	if (res < 0) { /* a failed call has no exe and args */
		CHECK_EQ(plen(x, 1), 0);
		CHECK_EQ(plen(x, 2), 0);
	} else {
		CHECK_STR(pstr(x, 1), exe);
		if (g_sh->v[V_ARGLEN] < (int64_t)sizeof(g_sh->s[0]) - 1) /* not cut */
			CHECK(plen(x, 2) == args &&
			      (!args || !memcmp(pdata(x, 2), exe + elen + 1, args)));
	}
	CHECK_EQ(ps64(x, 3), tid);
	CHECK_EQ(ps64(x, 4), tid);
	CHECK_EQ(ps64(x, 5), child ? g_pid : g_sh->v[V_PPID]);
	CHECK_STR(pstr(x, 6), g_sh->s[2]);
	CHECK_EQ(ps64(x, 7), g_sh->v[V_FDLIMIT]);
	if (child) { /* a new task's fault counters start at 0; it has not run in user space */
		CHECK_EQ(pu64(x, 8), 0);
		CHECK_EQ(pu64(x, 9), 0);
	} else { /* the caller's own counters, read before and after the call */
		CHECK(pu64(x, 8) >= (uint64_t)g_sh->v[V_MAJ0] &&
		      pu64(x, 8) <= (uint64_t)g_sh->v[V_MAJ1]);
		CHECK(pu64(x, 9) >= (uint64_t)g_sh->v[V_MIN0] &&
		      pu64(x, 9) <= (uint64_t)g_sh->v[V_MIN1]);
	}
	/* vm_size in KB: the caller's mm does not change across the call (VmSize after it); a
	 * clone3 child's copy may lack VM_DONTCOPY areas. rss and swap: within the size. */
	if (child)
		CHECK(pu64(x, 10) > 0 && (g_sh->v[V_VMSIZE] > UINT32_MAX ||
					  pu64(x, 10) <= (uint64_t)g_sh->v[V_VMSIZE]));
	else
		CHECK_EQ(pu64(x, 10), kb32(g_sh->v[V_VMSIZE]));
	CHECK(pu64(x, 11) > 0 && pu64(x, 11) <= (uint64_t)g_sh->v[V_VMSIZE]);
	CHECK(pu64(x, 12) <= (uint64_t)g_sh->v[V_VMSIZE]);
	CHECK_STR(pstr(x, 13), g_comm);
	check_cgroups(x, 14);
	CHECK_EQ(pu64(x, 15), flags | (in_child_pidns() ? SCAP_CL_CHILD_IN_PIDNS : 0));
	CHECK_EQ(pu64(x, 16), geteuid());
	CHECK_EQ(pu64(x, 17), getegid());
	CHECK_EQ(ps64(x, 18), tid); /* same pid namespace as the suite */
	CHECK_EQ(ps64(x, 19), tid);
	/* the pid namespace init's monotonic start: only in the child */
	if (child)
		CHECK(pu64(x, 20) > 0 && pu64(x, 20) <= (uint64_t)g_sh->v[V_MONO]);
	else
		CHECK_EQ(pu64(x, 20), 0);
}

/* ---- vfork, clone3 ----------------------------------------------------------------------- */

static void c_vfork(struct shared *sh)
{
	int64_t kb[3];

	proc_context(sh);
#if defined(__x86_64__)
	{
		long r = SYS_vfork;

		faults(&sh->v[V_MIN0], &sh->v[V_MAJ0]);
		/* Raw: the child borrows this stack, so it must neither return from a wrapper
		 * (the caller would find its return address overwritten) nor call anything. */
		asm volatile("syscall" : "+a"(r) : : "rcx", "r11", "memory");
		if (r == 0) {
			asm volatile("syscall" : : "a"(SYS_exit), "D"(0) : "rcx", "r11", "memory");
			__builtin_unreachable();
		}
		faults(&sh->v[V_MIN1], &sh->v[V_MAJ1]);
		sh->v[V_PID] = r;
		sh->tids[0] = r;
		waitpid(r, NULL, 0);
	}
#else
	sh->v[V_PID] = -ENOSYS; /* no vfork syscall on this architecture */
#endif
	vm_status(kb);
	sh->v[V_VMSIZE] = kb[0];
}

/* struct clone_args up to tls (CLONE_ARGS_SIZE_VER0) */
struct clone_args0 {
	uint64_t flags, pidfd, child_tid, parent_tid, exit_signal, stack, stack_size, tls;
};

static void c_clone3(struct shared *sh)
{
	struct clone_args0 ca = { .flags = CLONE_FS | CLONE_PARENT_SETTID, .exit_signal = SIGCHLD };
	int ptid = 0;
	int64_t kb[3];
	long r;

	proc_context(sh);
	ca.parent_tid = (uintptr_t)&ptid;
	faults(&sh->v[V_MIN0], &sh->v[V_MAJ0]);
	r = syscall(SYS_clone3, &ca, sizeof(ca));
	if (r == 0)
		_exit(0); /* its own copy of the memory: returning from syscall() is fine */
	faults(&sh->v[V_MIN1], &sh->v[V_MAJ1]);
	sh->v[V_PID] = kret(r);
	sh->v[V_PTID] = ptid;
	sh->tids[0] = r > 0 ? r : 0;
	if (r > 0)
		waitpid(r, NULL, 0);
	vm_status(kb);
	sh->v[V_VMSIZE] = kb[0];
	/* too small a struct: EINVAL, the flags still reported */
	ca.flags = CLONE_FS | CLONE_NEWIPC;
	sh->v[V_BAD] = kret(syscall(SYS_clone3, &ca, 8));
}

static void t_vfork(void)
{
	const struct scap_evt_hdr *x;
	int64_t c;

	if (!run(c_vfork))
		return;
	c = g_sh->v[V_PID];
	if (c == -ENOSYS)
		return;
	CHECK(c > 0);
	x = X(SCAP_EVT_SYSCALL_VFORK_20_X);
	REQUIRE_EVT(x, "vfork (parent)");
	/* vfork has no flags argument: 0, as the reference reports it */
	check_clone_evt(x, c, g_pid, false, 0);
	x = find_evt(&g_c, SCAP_EVT_SYSCALL_VFORK_20_X, c, 0);
	REQUIRE_EVT(x, "vfork (child)");
	check_clone_evt(x, 0, c, true, 0);
	CHECK_EQ(pu64(x, 10), kb32(g_sh->v[V_VMSIZE])); /* the caller's mm, shared */
}

static void t_clone3(void)
{
	const uint32_t fl = SCAP_CL_CLONE_FS | SCAP_CL_CLONE_PARENT_SETTID;
	const struct scap_evt_hdr *x;
	int64_t c;

	if (!run(c_clone3))
		return;
	c = g_sh->v[V_PID];
	CHECK(c > 0);
	CHECK_EQ(g_sh->v[V_PTID], c);
	x = XF(SCAP_EVT_SYSCALL_CLONE3_X, 0, c, 0);
	REQUIRE_EVT(x, "clone3 (parent)");
	check_clone_evt(x, c, g_pid, false, fl);
	x = find_evt(&g_c, SCAP_EVT_SYSCALL_CLONE3_X, c, 0);
	REQUIRE_EVT(x, "clone3 (child)");
	check_clone_evt(x, 0, c, true, fl);
	CHECK_EQ(g_sh->v[V_BAD], -EINVAL);
	x = XF(SCAP_EVT_SYSCALL_CLONE3_X, 0, -EINVAL, 0);
	REQUIRE_EVT(x, "failed clone3");
	g_sh->v[V_MIN1] = INT64_MAX; /* made after the window of the first call */
	g_sh->v[V_MAJ1] = INT64_MAX;
	check_clone_evt(x, -EINVAL, g_pid, false, SCAP_CL_CLONE_FS | SCAP_CL_CLONE_NEWIPC);
}

/* ---- accept ------------------------------------------------------------------------------ */

/* sk_ack_backlog and sk_max_ack_backlog of a listening socket, as TCP_INFO reports them */
static void listen_queue(int s, int64_t *len, int64_t *max)
{
	struct tcp_info ti = { 0 };
	socklen_t l = sizeof(ti);

	getsockopt(s, IPPROTO_TCP, TCP_INFO, &ti, &l);
	*len = ti.tcpi_unacked;
	*max = ti.tcpi_sacked;
}

static void c_accept(struct shared *sh)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t al = sizeof(a);
	struct timespec ms = { 0, 1000000 };
	int s, c1, c2;
	int64_t qlen = 0, qmax;

	s = socket(AF_INET, SOCK_STREAM, 0);
	bind(s, (struct sockaddr *)&a, sizeof(a));
	getsockname(s, (struct sockaddr *)&a, &al);
	sh->v[0] = ntohs(a.sin_port);
	listen(s, 4);
	c1 = socket(AF_INET, SOCK_STREAM, 0);
	c2 = socket(AF_INET, SOCK_STREAM, 0);
	connect(c1, (struct sockaddr *)&a, sizeof(a));
	connect(c2, (struct sockaddr *)&a, sizeof(a));
	/* both handshakes done: two connections queued */
	for (int i = 0; i < 1000 && qlen < 2; i++) {
		listen_queue(s, &qlen, &qmax);
		if (qlen < 2)
			nanosleep(&ms, NULL);
	}
	sh->v[1] = kret(syscall(SYS_accept, s, NULL, NULL));
	listen_queue(s, &sh->v[2], &sh->v[3]); /* what accept left: one of two */
	al = sizeof(a);
	getpeername(sh->v[1], (struct sockaddr *)&a, &al);
	sh->v[4] = ntohs(a.sin_port);
	/* not a listening socket: EINVAL, no tuple, no queue */
	sh->v[5] = kret(syscall(SYS_accept, c2, NULL, NULL));
	sh->v[6] = c2;
}

static void t_accept(void)
{
	struct scap_param p[SCAP_MAX_EVENT_PARAMS];
	struct scap_sockaddr t;
	const struct scap_evt_hdr *x;

	if (!run(c_accept))
		return;
	CHECK(g_sh->v[1] >= 0);
	CHECK_EQ(g_sh->v[2], 1);
	CHECK_EQ(g_sh->v[3], 4);
	x = XF(SCAP_EVT_SOCKET_ACCEPT_5_X, 0, g_sh->v[1], 0);
	REQUIRE_EVT(x, "accept");
	/* tuple of the accepted socket: the peer (client) is the source */
	CHECK(scap_event_params(x, p, SCAP_MAX_EVENT_PARAMS) == 5);
	CHECK_EQ(scap_param_socktuple(&p[1], &t), 0);
	CHECK_EQ(t.family, SCAP_AF_INET);
	CHECK_EQ(ntohl(*(uint32_t *)t.sip), INADDR_LOOPBACK);
	CHECK_EQ(ntohl(*(uint32_t *)t.dip), INADDR_LOOPBACK);
	CHECK_EQ(t.sport, g_sh->v[4]);
	CHECK_EQ(t.dport, g_sh->v[0]);
	/* the listening queue after the call: 1 of 4, 25% */
	CHECK_EQ(pu64(x, 2), g_sh->v[2] * 100 / g_sh->v[3]);
	CHECK_EQ(pu64(x, 3), g_sh->v[2]);
	CHECK_EQ(pu64(x, 4), g_sh->v[3]);
	CHECK_EQ(g_sh->v[5], -EINVAL);
	x = XF(SCAP_EVT_SOCKET_ACCEPT_5_X, 0, -EINVAL, 0);
	REQUIRE_EVT(x, "failed accept");
	CHECK_EQ(plen(x, 1), 0);
	CHECK_EQ(pu64(x, 2), 0);
	CHECK_EQ(pu64(x, 3), 0);
	CHECK_EQ(pu64(x, 4), 0);
}

/* ---- credentials ------------------------------------------------------------------------- */

#define T_UID 4242 /* ids without an entry anywhere: only the numbers matter */
#define T_GID 4343

static void c_creds(struct shared *sh)
{
	uint32_t r = 1, e = 1, s = 1;

	/* as root: effective gid changed (the saved one follows), then read back */
	sh->v[0] = kret(syscall(SYS_setregid, -1, T_GID));
	sh->v[1] = syscall(SYS_getgid);
	sh->v[2] = syscall(SYS_getegid);
	sh->v[3] = kret(syscall(SYS_getresgid, &r, &e, &s));
	sh->v[4] = r;
	sh->v[5] = e;
	sh->v[6] = s;
	/* the effective uid: dropping it to a user clears the effective capabilities */
	sh->v[7] = kret(syscall(SYS_setreuid, -1, T_UID));
	sh->v[8] = syscall(SYS_geteuid);
	/* without CAP_SETUID/CAP_SETGID a new real id must be the real or effective one */
	sh->v[9] = kret(syscall(SYS_setreuid, T_UID + 1, -1));
	sh->v[10] = kret(syscall(SYS_setregid, T_GID + 1, -1));
	/* the first pointer is bad: nothing written, the others keep what they held */
	e = s = 7777;
	sh->v[11] = kret(syscall(SYS_getresgid, NULL, &e, &s));
	/* back to root: the real uid is still 0 */
	sh->v[12] = kret(syscall(SYS_setreuid, -1, 0));
}

static void t_creds(void)
{
	const struct scap_evt_hdr *x;
	gid_t rgid = getgid();

	if (!run(c_creds))
		return;
	CHECK_EQ(g_sh->v[0], 0);
	x = XF(SCAP_EVT_SYSCALL_SETREGID_X, 0, 0, 0);
	REQUIRE_EVT(x, "setregid");
	CHECK_EQ(pu64(x, 1), 0xffffffffu);
	CHECK_EQ(pu64(x, 2), T_GID);
	x = X(SCAP_EVT_SYSCALL_GETGID_X);
	REQUIRE_EVT(x, "getgid");
	CHECK_EQ(pu64(x, 0), g_sh->v[1]);
	CHECK_EQ(g_sh->v[1], rgid);
	x = X(SCAP_EVT_SYSCALL_GETEGID_X);
	REQUIRE_EVT(x, "getegid");
	CHECK_EQ(pu64(x, 0), g_sh->v[2]);
	CHECK_EQ(g_sh->v[2], T_GID);
	x = XF(SCAP_EVT_SYSCALL_GETRESGID_X, 0, 0, 0);
	REQUIRE_EVT(x, "getresgid");
	CHECK_EQ(pu64(x, 1), g_sh->v[4]);
	CHECK_EQ(pu64(x, 2), g_sh->v[5]);
	CHECK_EQ(pu64(x, 3), g_sh->v[6]);
	CHECK(g_sh->v[4] == rgid && g_sh->v[5] == T_GID && g_sh->v[6] == T_GID);
	CHECK_EQ(g_sh->v[7], 0);
	x = XF(SCAP_EVT_SYSCALL_SETREUID_X, 0, 0, 0);
	REQUIRE_EVT(x, "setreuid");
	CHECK_EQ(pu64(x, 1), 0xffffffffu);
	CHECK_EQ(pu64(x, 2), T_UID);
	x = X(SCAP_EVT_SYSCALL_GETEUID_X);
	REQUIRE_EVT(x, "geteuid");
	CHECK_EQ(pu64(x, 0), g_sh->v[8]);
	CHECK_EQ(g_sh->v[8], T_UID);
	CHECK_EQ(g_sh->v[9], -EPERM);
	x = XF(SCAP_EVT_SYSCALL_SETREUID_X, 0, -EPERM, 0);
	REQUIRE_EVT(x, "failed setreuid");
	CHECK_EQ(pu64(x, 1), T_UID + 1);
	CHECK_EQ(pu64(x, 2), 0xffffffffu);
	CHECK_EQ(g_sh->v[10], -EPERM);
	x = XF(SCAP_EVT_SYSCALL_SETREGID_X, 0, -EPERM, 0);
	REQUIRE_EVT(x, "failed setregid");
	CHECK_EQ(pu64(x, 1), T_GID + 1);
	CHECK_EQ(pu64(x, 2), 0xffffffffu);
	/* a failed getresgid: the ids the buffers hold, 0 for the unreadable one */
	CHECK_EQ(g_sh->v[11], -EFAULT);
	x = XF(SCAP_EVT_SYSCALL_GETRESGID_X, 0, -EFAULT, 0);
	REQUIRE_EVT(x, "failed getresgid");
	CHECK_EQ(pu64(x, 1), 0);
	CHECK_EQ(pu64(x, 2), 7777);
	CHECK_EQ(pu64(x, 3), 7777);
	CHECK_EQ(g_sh->v[12], 0);
	x = XF(SCAP_EVT_SYSCALL_SETREUID_X, 0, 0, 1);
	REQUIRE_EVT(x, "setreuid back");
	CHECK_EQ(pu64(x, 2), 0);
}

/* capabilities the schema knows (SCAP_CAP_*: the kernel's bit numbers, up to 40) */
#define KNOWN_CAPS (((SCAP_CAP_CHECKPOINT_RESTORE) << 1) - 1)

static uint64_t cap_set(const struct __user_cap_data_struct d[2], int which)
{
	uint32_t lo = which == 0 ? d[0].inheritable : which == 1 ? d[0].permitted : d[0].effective;
	uint32_t hi = which == 0 ? d[1].inheritable : which == 1 ? d[1].permitted : d[1].effective;

	return ((uint64_t)hi << 32 | lo) & KNOWN_CAPS;
}

static void caps_now(struct shared *sh, int at)
{
	struct __user_cap_header_struct h = { _LINUX_CAPABILITY_VERSION_3, 0 };
	struct __user_cap_data_struct d[2] = { 0 };

	syscall(SYS_capget, &h, d);
	for (int i = 0; i < 3; i++)
		sh->v[at + i] = cap_set(d, i);
}

static void c_caps(struct shared *sh)
{
	struct __user_cap_header_struct h = { _LINUX_CAPABILITY_VERSION_3, 0 };
	struct __user_cap_data_struct d[2] = { 0 };

	/* drop CAP_MKNOD from the permitted and effective sets, clear the inheritable one */
	syscall(SYS_capget, &h, d);
	d[0].permitted &= ~(1u << CAP_MKNOD);
	d[0].effective &= ~(1u << CAP_MKNOD);
	d[0].inheritable = d[1].inheritable = 0;
	sh->v[0] = kret(syscall(SYS_capset, &h, d));
	caps_now(sh, 1);
	/* a dropped capability cannot come back: EPERM, the sets stay as they are */
	d[0].permitted |= 1u << CAP_MKNOD;
	sh->v[4] = kret(syscall(SYS_capset, &h, d));
	caps_now(sh, 5);
}

static void t_caps(void)
{
	const struct scap_evt_hdr *x;

	if (!run(c_caps))
		return;
	CHECK_EQ(g_sh->v[0], 0);
	CHECK(!(g_sh->v[2] & (1u << CAP_MKNOD)) && g_sh->v[2] != 0);
	x = XF(SCAP_EVT_SYSCALL_CAPSET_X, 0, 0, 0);
	REQUIRE_EVT(x, "capset");
	CHECK_EQ(pu64(x, 1), g_sh->v[1]);
	CHECK_EQ(pu64(x, 2), g_sh->v[2]);
	CHECK_EQ(pu64(x, 3), g_sh->v[3]);
	CHECK_EQ(g_sh->v[4], -EPERM);
	x = XF(SCAP_EVT_SYSCALL_CAPSET_X, 0, -EPERM, 0);
	REQUIRE_EVT(x, "failed capset");
	CHECK_EQ(pu64(x, 1), g_sh->v[5]);
	CHECK_EQ(pu64(x, 2), g_sh->v[6]);
	CHECK_EQ(pu64(x, 3), g_sh->v[7]);
}

/* ---- limits, process groups, namespaces --------------------------------------------------- */

static void c_limits(struct shared *sh)
{
	struct rlimit rl = { 0 }, bad = { 100, 50 };

	sh->v[0] = kret(syscall(SYS_getrlimit, RLIMIT_NOFILE, &rl));
	sh->v[1] = rl.rlim_cur;
	sh->v[2] = rl.rlim_max;
	sh->v[3] = kret(syscall(SYS_getrlimit, 99, &rl));
	/* lowering the soft limit needs no privilege */
	rl.rlim_cur = sh->v[1] - 1;
	rl.rlim_max = sh->v[2];
	sh->v[4] = kret(syscall(SYS_setrlimit, RLIMIT_NOFILE, &rl));
	sh->v[5] = kret(syscall(SYS_setrlimit, RLIMIT_NOFILE, &bad)); /* cur > max */
	sh->v[6] = kret(syscall(SYS_setrlimit, RLIMIT_CORE, NULL));
	sh->v[7] = kret(syscall(SYS_setpgid, 0, 0));
	sh->v[8] = getpgid(0);
	sh->v[9] = kret(syscall(SYS_setpgid, -5, 0));
}

static void t_limits(void)
{
	const struct scap_evt_hdr *x;

	if (!run(c_limits))
		return;
	CHECK_EQ(g_sh->v[0], 0);
	x = XF(SCAP_EVT_SYSCALL_GETRLIMIT_X, 0, 0, 0);
	REQUIRE_EVT(x, "getrlimit");
	CHECK_EQ(ps64(x, 1), g_sh->v[1]);
	CHECK_EQ(ps64(x, 2), g_sh->v[2]);
	CHECK_EQ(pu64(x, 3), SCAP_RLIMIT_NOFILE);
	/* unknown resource: EINVAL, no limits (-1) */
	CHECK_EQ(g_sh->v[3], -EINVAL);
	x = XF(SCAP_EVT_SYSCALL_GETRLIMIT_X, 0, -EINVAL, 0);
	REQUIRE_EVT(x, "failed getrlimit");
	CHECK_EQ(ps64(x, 1), -1);
	CHECK_EQ(ps64(x, 2), -1);
	CHECK_EQ(pu64(x, 3), SCAP_RLIMIT_UNKNOWN);
	CHECK_EQ(g_sh->v[4], 0);
	x = XF(SCAP_EVT_SYSCALL_SETRLIMIT_X, 0, 0, 0);
	REQUIRE_EVT(x, "setrlimit");
	CHECK_EQ(ps64(x, 1), g_sh->v[1] - 1);
	CHECK_EQ(ps64(x, 2), g_sh->v[2]);
	CHECK_EQ(pu64(x, 3), SCAP_RLIMIT_NOFILE);
	/* a refused limit is reported as passed */
	CHECK_EQ(g_sh->v[5], -EINVAL);
	x = XF(SCAP_EVT_SYSCALL_SETRLIMIT_X, 0, -EINVAL, 0);
	REQUIRE_EVT(x, "failed setrlimit");
	CHECK_EQ(ps64(x, 1), 100);
	CHECK_EQ(ps64(x, 2), 50);
	CHECK_EQ(pu64(x, 3), SCAP_RLIMIT_NOFILE);
	/* an unreadable one as 0, as the reference reads it */
	CHECK_EQ(g_sh->v[6], -EFAULT);
	x = XF(SCAP_EVT_SYSCALL_SETRLIMIT_X, 0, -EFAULT, 0);
	REQUIRE_EVT(x, "setrlimit with a bad pointer");
	CHECK_EQ(ps64(x, 1), 0);
	CHECK_EQ(ps64(x, 2), 0);
	CHECK_EQ(pu64(x, 3), SCAP_RLIMIT_CORE);
	CHECK_EQ(g_sh->v[7], 0);
	CHECK_EQ(g_sh->v[8], g_pid); /* the child leads a group of its own now */
	x = XF(SCAP_EVT_SYSCALL_SETPGID_X, 0, 0, 0);
	REQUIRE_EVT(x, "setpgid");
	CHECK_EQ(ps64(x, 1), 0);
	CHECK_EQ(ps64(x, 2), 0);
	CHECK_EQ(g_sh->v[9], -EINVAL);
	x = XF(SCAP_EVT_SYSCALL_SETPGID_X, 0, -EINVAL, 0);
	REQUIRE_EVT(x, "failed setpgid");
	CHECK_EQ(ps64(x, 1), -5);
	CHECK_EQ(ps64(x, 2), 0);
}

static void c_ns(struct shared *sh)
{
	int fd = open("/proc/self/ns/uts", O_RDONLY | O_CLOEXEC); /* the namespace to go back to */

	sh->v[0] = fd;
	sh->v[1] = kret(syscall(SYS_unshare, CLONE_NEWUTS | CLONE_FS));
	sh->v[2] = kret(syscall(SYS_unshare, CLONE_PARENT | CLONE_NEWIPC)); /* not unshareable */
	sh->v[3] = kret(syscall(SYS_setns, fd, CLONE_NEWUTS));
	sh->v[4] = kret(syscall(SYS_setns, fd, CLONE_NEWNET)); /* not that kind of namespace */
}

static void t_ns(void)
{
	const struct scap_evt_hdr *x;

	if (!run(c_ns))
		return;
	CHECK(g_sh->v[0] >= 0);
	CHECK_EQ(g_sh->v[1], 0);
	x = XF(SCAP_EVT_SYSCALL_UNSHARE_X, 0, 0, 0);
	REQUIRE_EVT(x, "unshare");
	CHECK_EQ(pu64(x, 1), SCAP_CL_CLONE_NEWUTS | SCAP_CL_CLONE_FS);
	CHECK_EQ(g_sh->v[2], -EINVAL);
	x = XF(SCAP_EVT_SYSCALL_UNSHARE_X, 0, -EINVAL, 0);
	REQUIRE_EVT(x, "failed unshare");
	CHECK_EQ(pu64(x, 1), SCAP_CL_CLONE_PARENT | SCAP_CL_CLONE_NEWIPC);
	CHECK_EQ(g_sh->v[3], 0);
	x = XF(SCAP_EVT_SYSCALL_SETNS_X, 0, 0, 0);
	REQUIRE_EVT(x, "setns");
	CHECK_EQ(ps64(x, 1), g_sh->v[0]);
	CHECK_EQ(pu64(x, 2), SCAP_CL_CLONE_NEWUTS);
	CHECK_EQ(g_sh->v[4], -EINVAL);
	x = XF(SCAP_EVT_SYSCALL_SETNS_X, 0, -EINVAL, 0);
	REQUIRE_EVT(x, "failed setns");
	CHECK_EQ(ps64(x, 1), g_sh->v[0]);
	CHECK_EQ(pu64(x, 2), SCAP_CL_CLONE_NEWNET);
}

/* ---- memory: brk, mprotect, futex ---------------------------------------------------------- */

static void c_mem(struct shared *sh)
{
	uint32_t word = 5;
	char *p;

	sh->v[0] = syscall(SYS_brk, 0); /* the current break */
	sh->v[1] = syscall(SYS_brk, sh->v[0] + 65536);
	vm_status(&sh->v[2]); /* right after, with nothing mapped in between */
	sh->v[5] = syscall(SYS_brk, 1); /* below the heap: refused, the break unchanged */
	p = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	sh->v[6] = (int64_t)(uintptr_t)p;
	sh->v[7] = kret(syscall(SYS_mprotect, p, 4096, PROT_READ));
	sh->v[8] = kret(syscall(SYS_mprotect, p + 1, 4096, PROT_WRITE | PROT_EXEC)); /* unaligned */
	sh->v[9] = (int64_t)(uintptr_t)&word;
	sh->v[10] = kret(syscall(SYS_futex, &word, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0));
	/* the word is not 6: EAGAIN at once */
	sh->v[11] = kret(syscall(SYS_futex, &word, FUTEX_WAIT_BITSET_PRIVATE | FUTEX_CLOCK_REALTIME,
				 6, NULL, NULL, FUTEX_BITSET_MATCH_ANY));
	sh->v[12] = kret(syscall(SYS_futex, &word, 99 | FUTEX_PRIVATE_FLAG, 0, NULL, NULL, 0));
}

static void t_mem(void)
{
	const struct scap_evt_hdr *x;
	uint64_t p;

	if (!run(c_mem))
		return;
	CHECK_EQ(g_sh->v[1], g_sh->v[0] + 65536);
	CHECK_EQ(g_sh->v[5], g_sh->v[1]);
	x = XF(SCAP_EVT_SYSCALL_BRK_4_X, 4, g_sh->v[0] + 65536, 0);
	REQUIRE_EVT(x, "brk");
	CHECK_EQ(pu64(x, 0), (uint64_t)g_sh->v[1]);
	/* the sizes in KB as /proc/self/status showed them right after: VmSize exactly; RSS and
	 * swap only near it, the event has the per-cpu counters' running total (as the reference
	 * reads it) and /proc may sum them exactly */
	CHECK_EQ(pu64(x, 1), kb32(g_sh->v[2]));
	CHECK(pu64(x, 2) > 0 && pu64(x, 2) <= (uint64_t)g_sh->v[2]);
	CHECK(llabs((long long)pu64(x, 2) - g_sh->v[3]) <= g_sh->v[3] / 4 + 1024);
	CHECK(llabs((long long)pu64(x, 3) - g_sh->v[4]) <= g_sh->v[4] / 4 + 1024);
	x = XF(SCAP_EVT_SYSCALL_BRK_4_X, 4, 0, 0);
	REQUIRE_EVT(x, "brk(0)");
	CHECK_EQ(pu64(x, 0), (uint64_t)g_sh->v[0]);
	CHECK(pu64(x, 1) > 0 && (g_sh->v[2] > UINT32_MAX || pu64(x, 1) <= (uint64_t)g_sh->v[2]));
	x = XF(SCAP_EVT_SYSCALL_BRK_4_X, 4, 1, 0);
	REQUIRE_EVT(x, "refused brk");
	CHECK_EQ(pu64(x, 0), (uint64_t)g_sh->v[5]);
	p = g_sh->v[6];
	CHECK_EQ(g_sh->v[7], 0);
	x = XF(SCAP_EVT_SYSCALL_MPROTECT_X, 1, p, 0);
	REQUIRE_EVT(x, "mprotect");
	CHECK_EQ(ps64(x, 0), 0);
	CHECK_EQ(pu64(x, 2), 4096);
	CHECK_EQ(pu64(x, 3), SCAP_PROT_READ);
	CHECK_EQ(g_sh->v[8], -EINVAL);
	x = XF(SCAP_EVT_SYSCALL_MPROTECT_X, 1, p + 1, 0);
	REQUIRE_EVT(x, "failed mprotect");
	CHECK_EQ(ps64(x, 0), -EINVAL);
	CHECK_EQ(pu64(x, 2), 4096);
	CHECK_EQ(pu64(x, 3), SCAP_PROT_WRITE | SCAP_PROT_EXEC);
	/* futex: op as SCAP_FU_* (an unknown command is 0, the flags kept), val as passed */
	CHECK_EQ(g_sh->v[10], 0);
	x = XF(SCAP_EVT_SYSCALL_FUTEX_X, 1, g_sh->v[9], 0);
	REQUIRE_EVT(x, "futex wake");
	CHECK_EQ(ps64(x, 0), 0);
	CHECK_EQ(pu64(x, 2), SCAP_FU_FUTEX_WAKE | SCAP_FU_FUTEX_PRIVATE_FLAG);
	CHECK_EQ(pu64(x, 3), 1);
	CHECK_EQ(g_sh->v[11], -EAGAIN);
	x = XF(SCAP_EVT_SYSCALL_FUTEX_X, 1, g_sh->v[9], 1);
	REQUIRE_EVT(x, "futex wait");
	CHECK_EQ(ps64(x, 0), -EAGAIN);
	CHECK_EQ(pu64(x, 2), SCAP_FU_FUTEX_WAIT_BITSET | SCAP_FU_FUTEX_PRIVATE_FLAG |
				     SCAP_FU_FUTEX_CLOCK_REALTIME);
	CHECK_EQ(pu64(x, 3), 6);
	CHECK_EQ(g_sh->v[12], -ENOSYS);
	x = XF(SCAP_EVT_SYSCALL_FUTEX_X, 1, g_sh->v[9], 2);
	REQUIRE_EVT(x, "futex with an unknown op");
	CHECK_EQ(ps64(x, 0), -ENOSYS);
	CHECK_EQ(pu64(x, 2), SCAP_FU_FUTEX_PRIVATE_FLAG);
	CHECK_EQ(pu64(x, 3), 0);
}

/* Each part in a child of its own; the first failure stops the test (later ones would only
 * repeat it or hide it). */
void t_process_misc(void)
{
	static void (*const parts[])(void) = { t_vfork, t_clone3, t_accept, t_creds, t_caps,
					       t_limits, t_ns, t_mem };

	for (size_t i = 0; i < sizeof(parts) / sizeof(parts[0]) && !g_fail[0] && !g_skip[0]; i++)
		parts[i]();
}
