/* SPDX-License-Identifier: Apache-2.0 */
/* Private pieces of the /proc scan shared by proc_*.c. */
#ifndef SCAP_PROC_INT_H
#define SCAP_PROC_INT_H

#include <stddef.h>
#include <stdint.h>

#include <scap/scap_state.h>

#define PROC_PATH 4352

/* Format a path into a PROC_PATH buffer (an over-long result is cut; the open then fails). */
__attribute__((format(printf, 2, 3))) void proc_path(char *buf, const char *fmt, ...);

/* Read up to len-1 bytes of a small file, NUL-terminated. Returns bytes read or -errno. */
int proc_read_file(const char *path, char *buf, size_t len);
uint64_t proc_boot_ts(void);
void proc_machine_info(const char *root, struct scap_machine_info *mi);
int proc_interfaces(struct scap_state *st);
int proc_users(const char *root, struct scap_state *st);

/* Socket tables of one network namespace, keyed by inode. */
struct proc_sock {
	uint64_t ino;
	struct scap_fdinfo fdi; /* type, l4proto, sock (name: unix path) */
};
struct proc_netns {
	uint64_t netns;
	struct proc_sock *socks;
	size_t n;
};
struct proc_net_cache {
	struct proc_netns *ns;
	size_t n, cap;
	/* mount id -> device, filled from mountinfo as ids are met (ids are system-wide) */
	struct proc_mnt {
		uint32_t id, dev;
	} * mnt;
	size_t nmnt, capmnt;
};

/* Tables of the namespace of <procdir> (e.g. "/proc/42"), read once per namespace inode. */
const struct proc_netns *proc_net_get(struct proc_net_cache *c, const char *procdir,
				      uint64_t netns);
const struct proc_sock *proc_net_find(const struct proc_netns *ns, uint64_t ino);
void proc_net_free(struct proc_net_cache *c);

/* The fds of one process into ti. */
int proc_fds(const char *root, const char *procdir, struct scap_threadinfo *ti,
	     struct proc_net_cache *nc);

#endif
