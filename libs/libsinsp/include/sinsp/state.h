/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file state.h
 * @brief The system state libsinsp keeps current from events: threads, their file
 * descriptors, users and groups. Read-only for callers; valid until the next sinsp_next().
 */
#ifndef SINSP_STATE_H
#define SINSP_STATE_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Role of a connected socket as seen from its owner. */
enum sinsp_fd_role {
	SINSP_ROLE_NONE = 0,
	SINSP_ROLE_CLIENT = 1, /**< connect() side */
	SINSP_ROLE_SERVER = 2, /**< accept()/listen() side */
};

/** Socket state bits of sinsp_fd.sflags. */
#define SINSP_FD_CONNECTED (1u << 0) /**< the tuple (sip:sport->dip:dport) is known */
#define SINSP_FD_BOUND (1u << 1) /**< sip:sport hold the bound local address */

/**
 * One file descriptor. type is an enum scap_fd_type value (scap/scap_state.h). For IP sockets
 * the tuple is client -> server once known (sip/sport = client, SINSP_FD_CONNECTED); a bound or
 * listening socket keeps its local address in sip/sport (SINSP_FD_BOUND). Addresses are in network
 * byte order, ports in host order.
 */
struct sinsp_fd {
	int64_t fd; /**< descriptor number */
	uint8_t type; /**< enum scap_fd_type */
	uint8_t l4proto; /**< enum scap_l4_proto for sockets */
	uint8_t role; /**< enum sinsp_fd_role */
	uint8_t family; /**< 4 or 6 for IP sockets, 0 otherwise */
	uint8_t sflags; /**< SINSP_FD_CONNECTED, SINSP_FD_BOUND */
	uint8_t sock_l4; /**< transport implied by socket(); l4proto once connected */
	uint32_t openflags; /**< SCAP_O_* flags of files */
	uint32_t dev; /**< device of files (kernel encoding) */
	uint64_t ino; /**< inode of files and pipes */
	char *name; /**< path (files, dirs, unix sockets, memfd), or NULL; for IP sockets
		     *   use fd.name (sinsp_field_text): rendered on demand */
	uint8_t sip[16]; /**< client (source) address */
	uint8_t dip[16]; /**< server (destination) address */
	uint16_t sport; /**< client port */
	uint16_t dport; /**< server port */
	uint64_t usrc; /**< unix sockets: kernel endpoint id of this side */
	uint64_t udst; /**< unix sockets: kernel endpoint id of the peer */
};

/** Descriptor table, shared by every thread of a process and by CLONE_FILES children. */
struct sinsp_fdtable {
	uint32_t refs; /**< threads using this table */
	uint32_t cap; /**< slots in fds */
	uint32_t count; /**< open descriptors */
	struct sinsp_fd **fds; /**< indexed by descriptor number */
};

/** One thread (a process is its main thread, tid == pid). */
struct sinsp_thread {
	int64_t tid, pid, ptid; /**< host-namespace ids */
	int64_t vtid, vpid; /**< ids in the thread's pid namespace (-1 unknown) */
	int64_t sid, pgid; /**< session and process group (-1 unknown) */
	char *comm; /**< task name ("bash") */
	char *exe; /**< argv[0] as executed */
	char *exepath; /**< full path of the executable */
	char *args; /**< argv[1..] as NUL-separated list */
	uint32_t args_len; /**< bytes in args */
	char *cwd; /**< working directory, with a trailing '/' */
	char *cgroups; /**< "subsys=path\0..." list */
	uint32_t cgroups_len; /**< bytes in cgroups */
	char container_id[16]; /**< 12-character id, "host" outside containers */
	uint32_t uid, gid, euid, egid, loginuid, tty;
	uint32_t exe_flags; /**< SCAP_EXE_* bits of the last exec: writable, overlay layer, memfd */
	uint64_t clone_ts; /**< event time of the clone that created it (0 from /proc) */
	struct sinsp_fdtable *fdt; /**< descriptor table */
	uint32_t flags; /**< private state bits */
	/* private: last enter event, merged into its exit for captures with enter/exit pairs */
	uint8_t *enter;
	uint32_t enter_len, enter_cap;
};

/** A user from the capture's user list or the host. */
struct sinsp_user {
	uint32_t uid, gid;
	char *name, *homedir, *shell;
};

/** A group. */
struct sinsp_group {
	uint32_t gid;
	char *name;
};

#ifdef __cplusplus
}
#endif
#endif
