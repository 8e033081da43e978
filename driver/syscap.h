/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * Internal declarations of the syscap kernel module: consumers, per-CPU rings, the event builder
 * and the hooks. The user-visible ABI is in include/uapi/syscap/{ring,ioctl}.h.
 */
#ifndef SYSCAP_KMOD_H
#define SYSCAP_KMOD_H

#include <linux/types.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/sched.h>
#include <linux/ptrace.h>
#include <linux/time_types.h>

struct iovec;
struct user_msghdr;
struct mmsghdr;
struct rlimit;

#include <syscap/schema.h>
#include <syscap/sc.h>
#include <syscap/flags.h>
#include <syscap/event_table.h>
#include <syscap/ring.h>
#include <syscap/ioctl.h>
#include <syscap/version.h>

#include "sc_config.h"

/* Scratch area per ring for paths and argument strings. */
#define SC_SCRATCH_SIZE PAGE_SIZE
#define SC_STRV_MAX 64 /* strings read from a failed exec's argv or envp */

struct sc_ring {
	struct scap_ring_info *info; /* the page userspace maps read-write */
	struct page *info_page;
	struct page **pages; /* data pages */
	unsigned int npages;
	char *data; /* the data pages mapped twice back to back: writes never wrap */
	u32 size;
	char *scratch;
	int nesting; /* re-entrancy guard; only touched from this ring's CPU */
	bool in_drop_window; /* sampling: inside the dropped part of the second */
};

struct sc_consumer {
	struct list_head node; /* on sc_consumers, RCU-read by the hooks */
	struct task_struct *id; /* the thread that opened the devices */
	unsigned int nopen; /* open device files */
	unsigned long *opened; /* bitmap over nr_cpu_ids: devices this consumer holds */
	struct sc_ring **rings; /* nr_cpu_ids entries, NULL for CPUs never online */
	u32 bufsize;
	unsigned long syscalls[BITS_TO_LONGS(SCAP_KMOD_SYSCALL_TABLE_SIZE)];
	u32 tp_set; /* BIT(enum scap_kmod_tp) */
	u32 snaplen;
	u32 sampling_ratio;
	bool dropping;
	bool drop_failed;
	bool dynamic_snaplen;
	u16 statsd_port;
	u16 fullcap_start;
	u16 fullcap_end;
	int hotplug_seen; /* sc_hotplug_gen this consumer was told about */
};

/* What a hook knows about the event it is recording. */
struct sc_ctx {
	u16 type; /* enum scap_event_code */
	u8 tp; /* enum scap_kmod_tp */
	u16 sc; /* ppm_sc of the syscall, 0 for tracepoint events */
	long nr; /* native syscall number, -1 when not a syscall */
	int ia32_nr; /* syscalls of 32-bit tasks: their ia32 number; -1 otherwise */
	long ret;
	struct pt_regs *regs;
	unsigned long args[6];
	struct task_struct *task; /* sched_process_exit/exec: the task; switch: next */
	int sig;
	pid_t spid;
	void *bprm; /* sched_process_exec */
	u32 msg; /* sendmmsg/recvmmsg: the message this event describes */
	u64 ts;
};

/* Builds one event directly in a ring. */
struct sc_buf {
	char *start;
	u32 room; /* bytes this event may use */
	u32 len; /* bytes used so far */
	u32 nparams;
	u32 cur;
	const struct scap_param_info *params;
	struct sc_consumer *c;
	struct sc_ring *ring;
	bool full;
};

extern struct list_head sc_consumers;
extern struct mutex sc_lock;
extern unsigned long sc_buffer_bytes;
extern unsigned int sc_max_consumers;
extern bool sc_verbose;
extern atomic_t sc_hotplug_gen; /* bumped each time a CPU comes online */
extern atomic_t sc_hotplug_cpu; /* the CPU that came online last */

/* ring.c */
struct sc_ring *sc_ring_alloc(u32 size, int cpu);
void sc_ring_free(struct sc_ring *ring);

/* consumer.c */
extern const struct file_operations sc_fops;
int sc_consumers_cpu_online(unsigned int cpu);

/* tp.c */
int sc_tp_init(void);
void sc_tp_exit(void);
int sc_tp_set(struct sc_consumer *c, u32 new_set);
u64 sc_tp_hits(int cpu);

/* ia32.c */
#define SC_IA32_SENDFILE 187 /* 32-bit off_t, unlike sendfile64 (239); both are x86_64 sendfile */
long sc_ia32_syscall(struct sc_ctx *ctx, long nr, bool exec);
int sc_user_iovec(unsigned long uiov, unsigned long i, struct iovec *iov);
int sc_user_msghdr(unsigned long umsg, struct user_msghdr *mh);
int sc_user_mmsghdr(unsigned long uarr, unsigned long i, struct mmsghdr *mm);
int sc_user_ulong(unsigned long uarr, unsigned long i, unsigned long *v);
int sc_user_timespec(unsigned long uts, struct __kernel_timespec *ts);
int sc_user_rlimit(unsigned long ur, struct rlimit *r);

/* record.c */
void sc_record(struct sc_ctx *ctx);
void sc_buf_int(struct sc_buf *b, u64 v);
void sc_buf_bytes(struct sc_buf *b, const void *p, u32 len);
void sc_buf_str(struct sc_buf *b, const char *s);
void sc_buf_ustr(struct sc_buf *b, unsigned long uptr);
long sc_user_strv(struct sc_buf *b, unsigned long arr, int first);
void sc_buf_ustrn(struct sc_buf *b, unsigned long uptr, u32 max);
long sc_strncpy_user(char *dst, unsigned long src, long max);
void sc_buf_ubuf(struct sc_buf *b, unsigned long uptr, u32 len);
void sc_buf_uiovec(struct sc_buf *b, unsigned long uiov, unsigned long cnt, u32 want);
void sc_buf_empty(struct sc_buf *b);
char *sc_buf_reserve(struct sc_buf *b, u32 len);
void sc_buf_commit(struct sc_buf *b, u32 len);

/* fillers.c, fillers_proc.c, fillers_net.c, fillers_more.c */
void sc_fill(struct sc_buf *b, struct sc_ctx *ctx);
void sc_fill_autofill(struct sc_buf *b, struct sc_ctx *ctx);
void sc_fill_clone(struct sc_buf *b, struct sc_ctx *ctx);
void sc_fill_execve(struct sc_buf *b, struct sc_ctx *ctx);
void sc_fill_procexit(struct sc_buf *b, struct sc_ctx *ctx);
void sc_fill_sockaddr(struct sc_buf *b, unsigned long uaddr, long addrlen);
void sc_fill_socktuple(struct sc_buf *b, long fd, bool inbound);
void sc_fill_accept(struct sc_buf *b, struct sc_ctx *ctx);
u32 sc_io_snaplen(struct sc_buf *b, long fd, unsigned long ubuf, long len);
void sc_fill_sockopt(struct sc_buf *b, struct sc_ctx *ctx, bool get);
void sc_fill_mmsg(struct sc_buf *b, struct sc_ctx *ctx, bool recv);
u32 sc_open_flags(unsigned long flags);
enum sc_overlay_layer { SC_OVL_NONE, SC_OVL_UPPER, SC_OVL_LOWER };
enum sc_overlay_layer sc_overlay_layer(struct dentry *d);
u32 sc_file_open_flags(struct file *f);
u32 sc_clone_flags(unsigned long flags);
u32 sc_resolve_flags(u64 flags);
u32 sc_fd_flags(unsigned long flags);
bool sc_fill_more(struct sc_buf *b, struct sc_ctx *ctx);
void sc_fill_pollfds(struct sc_buf *b, unsigned long ufds, unsigned long nfds);
u32 sc_fd_file_flags(long fd, u32 *dev, u64 *ino);

/* fillers_admin.c, fillers_fds.c */
bool sc_fill_admin(struct sc_buf *b, struct sc_ctx *ctx);
bool sc_fill_fds(struct sc_buf *b, struct sc_ctx *ctx);
u32 sc_fcntl_cmd(unsigned long cmd);
void sc_fill_sched_switch(struct sc_buf *b, struct sc_ctx *ctx);

#define sc_dbg(fmt, ...)                                                                           \
	do {                                                                                       \
		if (sc_verbose)                                                                    \
			pr_info(fmt, ##__VA_ARGS__);                                               \
	} while (0)

#endif /* SYSCAP_KMOD_H */
