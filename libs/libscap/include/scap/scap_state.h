/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The initial system state a capture starts from: machine info, network interfaces, users and
 * groups, and every thread with its open file descriptors. Live engines fill it from /proc
 * (scap_state_scan_proc), the savefile engine from the state blocks of a .scap file, and the
 * dumper writes it back as those blocks. Plain structs, owned by the state object.
 */
#ifndef SCAP_STATE_H
#define SCAP_STATE_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#ifndef SCAP_API
#define SCAP_API __attribute__((visibility("default")))
#endif

/* Longest host name kept in machine info (the .scap field is 128 bytes, NUL included). */
#define SCAP_HOSTNAME_LEN 128

/*
 * Machine info. The first eight fields are exactly the 180-byte body of the machine-info block
 * (0x201); flags carries SCAP_MI_* bits.
 */
struct scap_machine_info {
	uint32_t num_cpus;
	uint64_t memory_size_bytes;
	uint64_t max_pid;
	char hostname[SCAP_HOSTNAME_LEN];
	uint64_t boot_ts_epoch; /* boot time, ns since the epoch */
	uint64_t flags;
	uint64_t reserved3;
	uint64_t reserved4;
};

/* Interface address kinds, as stored in interface-list blocks. */
enum scap_iface_type {
	SCAP_IFACE_UNKNOWN = 0,
	SCAP_IFACE_IPV4 = 1,
	SCAP_IFACE_IPV6 = 2,
	SCAP_IFACE_IPV4_NOLINKSPEED = 3, /* old files only; read as IPV4 with linkspeed 0 */
	SCAP_IFACE_IPV6_NOLINKSPEED = 4,
};

/* One IPv4 address of an interface. Addresses are in network byte order. */
struct scap_iface_v4 {
	uint32_t addr;
	uint32_t netmask;
	uint32_t bcast;
	uint64_t linkspeed;
	char *name; /* "eth0" */
};

/* One IPv6 address of an interface (16 raw bytes each, network order). */
struct scap_iface_v6 {
	uint8_t addr[16];
	uint8_t netmask[16];
	uint8_t bcast[16];
	uint64_t linkspeed;
	char *name;
};

struct scap_user {
	uint32_t uid;
	uint32_t gid;
	char *name;
	char *homedir;
	char *shell;
};

struct scap_group {
	uint32_t gid;
	char *name;
};

/* File descriptor kinds; the numbers are the fd type byte stored in fd-list blocks. */
enum scap_fd_type {
	SCAP_FD_UNKNOWN = 0,
	SCAP_FD_FILE = 1, /* old files; new ones use SCAP_FD_FILE_V2 */
	SCAP_FD_DIRECTORY = 2,
	SCAP_FD_IPV4_SOCK = 3,
	SCAP_FD_IPV6_SOCK = 4,
	SCAP_FD_IPV4_SERVSOCK = 5,
	SCAP_FD_IPV6_SERVSOCK = 6,
	SCAP_FD_FIFO = 7,
	SCAP_FD_UNIX_SOCK = 8,
	SCAP_FD_EVENT = 9,
	SCAP_FD_UNSUPPORTED = 10,
	SCAP_FD_SIGNALFD = 11,
	SCAP_FD_EVENTPOLL = 12,
	SCAP_FD_INOTIFY = 13,
	SCAP_FD_TIMERFD = 14,
	SCAP_FD_NETLINK = 15,
	SCAP_FD_FILE_V2 = 16, /* regular file with open flags, mount id and device */
	SCAP_FD_BPF = 17,
	SCAP_FD_USERFAULTFD = 18,
	SCAP_FD_IOURING = 19,
	SCAP_FD_MEMFD = 20,
	SCAP_FD_PIDFD = 21,
};

/* Transport protocol of a socket fd. */
enum scap_l4_proto {
	SCAP_L4_UNKNOWN = 0,
	SCAP_L4_NA = 1,
	SCAP_L4_TCP = 2,
	SCAP_L4_UDP = 3,
	SCAP_L4_ICMP = 4,
	SCAP_L4_RAW = 5,
};

/*
 * One open file descriptor. `name` is the path for files, directories, FIFOs, memfds and
 * anon-inode fds ("anon_inode:[eventfd]" style names are kept as read), the bound path of a
 * unix socket, and NULL-or-empty where the kind has no name. IPv4 addresses are in network
 * byte order, ports in host order (the event socktuple convention).
 */
struct scap_fdinfo {
	int64_t fd;
	uint64_t ino;
	uint8_t type; /* enum scap_fd_type */
	uint8_t l4proto; /* enum scap_l4_proto, sockets only */
	uint32_t open_flags; /* SCAP_FD_FILE_V2: SCAP_O_* flags */
	uint32_t mount_id; /* SCAP_FD_FILE_V2, /proc scan only (not stored in files) */
	uint32_t dev; /* SCAP_FD_FILE_V2: device holding the file (kernel dev_t encoding) */
	char *name;
	union {
		struct {
			uint32_t sip, dip;
			uint16_t sport, dport;
		} ipv4; /* SCAP_FD_IPV4_SOCK */
		struct {
			uint8_t sip[16], dip[16];
			uint16_t sport, dport;
		} ipv6; /* SCAP_FD_IPV6_SOCK */
		struct {
			uint32_t ip;
			uint16_t port;
		} ipv4_server; /* SCAP_FD_IPV4_SERVSOCK */
		struct {
			uint8_t ip[16];
			uint16_t port;
		} ipv6_server; /* SCAP_FD_IPV6_SERVSOCK */
		struct {
			uint64_t source; /* kernel socket address used as endpoint id */
			uint64_t destination;
		} unix_sock; /* SCAP_FD_UNIX_SOCK */
	} sock;
};

/*
 * One thread. Every field of the newest process-list entry (v9) is here; older entries leave
 * the fields they lack at the defaults set by scap_state_add_thread (ids -1, loginuid
 * UINT32_MAX, everything else 0/empty). args, env and cgroups are NUL-separated lists
 * ("subsys=path\0..." for cgroups) with explicit lengths.
 */
struct scap_threadinfo {
	uint64_t tid;
	uint64_t pid;
	uint64_t ptid;
	uint64_t sid;
	uint64_t vpgid;
	int64_t pgid;
	char *comm;
	char *exe; /* argv[0] */
	char *exepath; /* resolved executable path */
	char *args;
	uint32_t args_len;
	char *env;
	uint32_t env_len;
	char *cwd;
	int64_t fdlimit;
	uint32_t flags; /* SCAP_CL_* clone flags */
	uint32_t uid;
	uint32_t gid;
	uint32_t vmsize_kb;
	uint32_t vmrss_kb;
	uint32_t vmswap_kb;
	uint64_t pfmajor;
	uint64_t pfminor;
	int64_t vtid;
	int64_t vpid;
	char *cgroups;
	uint32_t cgroups_len;
	char *root;
	uint64_t pidns_init_start_ts;
	uint32_t tty;
	uint32_t loginuid;
	uint8_t exe_writable;
	uint8_t exe_upper_layer;
	uint8_t exe_lower_layer;
	uint8_t exe_from_memfd;
	/* 1: no process entry, only an fd list named this tid (not written to process lists) */
	uint8_t placeholder;
	uint64_t cap_inheritable;
	uint64_t cap_permitted;
	uint64_t cap_effective;
	uint64_t exe_ino;
	uint64_t exe_ino_ctime;
	uint64_t exe_ino_mtime;
	uint64_t clone_ts; /* /proc scan: thread start, ns since the epoch (not stored in files) */

	uint32_t nfds;
	struct scap_fdinfo *fds;
	uint32_t fds_cap; /* private */
};

/* The whole state. Arrays are owned by the state; counts say how many entries are valid. */
struct scap_state {
	int has_machine_info;
	struct scap_machine_info machine;

	uint32_t n_ifaces_v4, n_ifaces_v6;
	struct scap_iface_v4 *ifaces_v4;
	struct scap_iface_v6 *ifaces_v6;
	int has_ifaces; /* an interface-list block was read or interfaces were scanned */

	uint32_t n_users, n_groups;
	struct scap_user *users;
	struct scap_group *groups;
	int has_users;

	uint32_t n_threads;
	struct scap_threadinfo *threads;

	void *priv; /* private: index and capacities */
};

/** @brief Allocate an empty state. @return NULL with errno ENOMEM on failure. */
SCAP_API struct scap_state *scap_state_new(void);

/** @brief Free a state and everything it owns. NULL is accepted. */
SCAP_API void scap_state_free(struct scap_state *st);

/**
 * @brief Add a thread with default field values (see struct scap_threadinfo) and the given tid.
 * If the tid is already present that entry is reset and returned instead.
 * @return the entry (valid until the next add), NULL with errno ENOMEM.
 */
SCAP_API struct scap_threadinfo *scap_state_add_thread(struct scap_state *st, uint64_t tid);

/** @brief Find a thread by tid. @return NULL when absent. */
SCAP_API struct scap_threadinfo *scap_state_find_thread(const struct scap_state *st, uint64_t tid);

/**
 * @brief Append a zeroed fd entry (fd number set) to a thread.
 * @return the entry (valid until the next add on this thread), NULL with errno ENOMEM.
 */
SCAP_API struct scap_fdinfo *scap_thread_add_fd(struct scap_threadinfo *ti, int64_t fd);

/** @brief Set a string field (e.g. &ti->comm) to a copy of the first len bytes of s. 0/-ENOMEM. */
SCAP_API int scap_state_set_str(char **field, const char *s, size_t len);

/** @brief Set a byte-list field (args/env/cgroups) with its length. 0/-ENOMEM. */
SCAP_API int scap_state_set_bytes(char **field, uint32_t *field_len, const void *b, size_t len);

/** @brief Add an interface address / user / group. @return the entry, NULL with errno ENOMEM. */
SCAP_API struct scap_iface_v4 *scap_state_add_iface_v4(struct scap_state *st);
SCAP_API struct scap_iface_v6 *scap_state_add_iface_v6(struct scap_state *st);
SCAP_API struct scap_user *scap_state_add_user(struct scap_state *st);
SCAP_API struct scap_group *scap_state_add_group(struct scap_state *st);

/** @brief Total number of fds over every thread. */
SCAP_API uint64_t scap_state_count_fds(const struct scap_state *st);

/** @brief Printable name of an fd type ("file", "ipv4", "unix", ...). */
SCAP_API const char *scap_fd_type_name(uint8_t type);

/**
 * @brief Options of scap_state_scan_proc. Build with SCAP_OPTS(scap_scan_opts, o, ...).
 */
struct scap_scan_opts {
	size_t sz;
	/* Prefix for /proc, /etc and /sys (containers mount the host at /host). NULL: the
	 * HOST_ROOT environment variable, or "" when unset. */
	const char *host_root;
	/* Skip fd lists (threads and the rest only). */
	int no_fds;
	/* Only scan this process (and its threads); 0 = every process. */
	uint64_t only_pid;
	size_t : 0;
};

/**
 * @brief Build the state of the running system from /proc: machine info, interfaces, users and
 * groups (from HOST_ROOT/etc/passwd and /etc/group), every thread of every process with its
 * fds; socket inodes are resolved to tuples through /proc/PID/net/{tcp,udp,raw,unix,netlink,
 * tcp6,udp6,raw6}, read once per network namespace. Processes that vanish during the scan are
 * skipped.
 * @param opts may be NULL.
 * @param out receives the new state on success.
 * @param err optional message buffer.
 * @param errlen size of err.
 * @return 0 or a negative errno (e.g. -ENOENT when HOST_ROOT/proc is missing).
 */
SCAP_API int scap_state_scan_proc(const struct scap_scan_opts *opts, struct scap_state **out,
				  char *err, size_t errlen);

#ifdef __cplusplus
}
#endif

#endif /* SCAP_STATE_H */
