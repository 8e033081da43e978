// SPDX-License-Identifier: Apache-2.0
/*
 * The schema's rules as checks, plus the exact layout of the events every consumer depends on.
 * The pinned layouts below were written from the falcosecurity schema 4.5.1 table, independently
 * of events.def, so a mistaken edit of events.def fails here.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <syscap/event_table.h>
#include <syscap/sc.h>
#include <syscap/version.h>

static const char *const type_names[SCAP_PT_MAX] = {
	[SCAP_PT_NONE] = "NONE", [SCAP_PT_INT8] = "INT8", [SCAP_PT_INT16] = "INT16",
	[SCAP_PT_INT32] = "INT32", [SCAP_PT_INT64] = "INT64", [SCAP_PT_UINT8] = "UINT8",
	[SCAP_PT_UINT16] = "UINT16", [SCAP_PT_UINT32] = "UINT32", [SCAP_PT_UINT64] = "UINT64",
	[SCAP_PT_CHARBUF] = "CHARBUF", [SCAP_PT_BYTEBUF] = "BYTEBUF", [SCAP_PT_ERRNO] = "ERRNO",
	[SCAP_PT_SOCKADDR] = "SOCKADDR", [SCAP_PT_SOCKTUPLE] = "SOCKTUPLE", [SCAP_PT_FD] = "FD",
	[SCAP_PT_PID] = "PID", [SCAP_PT_FDLIST] = "FDLIST", [SCAP_PT_FSPATH] = "FSPATH",
	[SCAP_PT_SYSCALLID] = "SYSCALLID", [SCAP_PT_SIGTYPE] = "SIGTYPE",
	[SCAP_PT_RELTIME] = "RELTIME", [SCAP_PT_ABSTIME] = "ABSTIME", [SCAP_PT_PORT] = "PORT",
	[SCAP_PT_L4PROTO] = "L4PROTO", [SCAP_PT_SOCKFAMILY] = "SOCKFAMILY", [SCAP_PT_BOOL] = "BOOL",
	[SCAP_PT_IPV4ADDR] = "IPV4ADDR", [SCAP_PT_DYN] = "DYN", [SCAP_PT_FLAGS8] = "FLAGS8",
	[SCAP_PT_FLAGS16] = "FLAGS16", [SCAP_PT_FLAGS32] = "FLAGS32", [SCAP_PT_UID] = "UID",
	[SCAP_PT_GID] = "GID", [SCAP_PT_DOUBLE] = "DOUBLE", [SCAP_PT_SIGSET] = "SIGSET",
	[SCAP_PT_CHARBUFARRAY] = "CHARBUFARRAY", [SCAP_PT_CHARBUF_PAIR_ARRAY] = "CHARBUF_PAIR_ARRAY",
	[SCAP_PT_IPV4NET] = "IPV4NET", [SCAP_PT_IPV6ADDR] = "IPV6ADDR", [SCAP_PT_IPV6NET] = "IPV6NET",
	[SCAP_PT_IPADDR] = "IPADDR", [SCAP_PT_IPNET] = "IPNET", [SCAP_PT_MODE] = "MODE",
	[SCAP_PT_FSRELPATH] = "FSRELPATH", [SCAP_PT_ENUMFLAGS8] = "ENUMFLAGS8",
	[SCAP_PT_ENUMFLAGS16] = "ENUMFLAGS16", [SCAP_PT_ENUMFLAGS32] = "ENUMFLAGS32",
	[SCAP_PT_FD32] = "FD32", [SCAP_PT_PID32] = "PID32",
};

static void test_table_size_and_header(void **state)
{
	(void)state;
	assert_int_equal(SCAP_EVT_MAX, 454);
	assert_int_equal(SCAP_SC_MAX, 454);
	assert_int_equal(sizeof(struct scap_evt_hdr), 26);
	assert_int_equal(offsetof(struct scap_evt_hdr, tid), 8);
	assert_int_equal(offsetof(struct scap_evt_hdr, len), 16);
	assert_int_equal(offsetof(struct scap_evt_hdr, type), 20);
	assert_int_equal(offsetof(struct scap_evt_hdr, nparams), 22);
}

/* Every code has an entry, pairs share their name, nparams is bounded and types are valid. */
static void test_table_rules(void **state)
{
	(void)state;
	for (int t = 0; t < SCAP_EVT_MAX; t++) {
		const struct scap_event_info *e = &scap_event_table[t];

		assert_non_null(e->name);
		assert_true(strlen(e->name) < SCAP_MAX_NAME_LEN);
		assert_true(e->nparams <= SCAP_MAX_EVENT_PARAMS);
		if (e->category == SCAP_EC_UNKNOWN)
			assert_string_equal(e->name, "NA");
		for (uint32_t i = 0; i < e->nparams; i++) {
			const struct scap_param_info *p = &e->params[i];

			assert_non_null(p->name);
			assert_true(p->type > SCAP_PT_NONE && p->type < SCAP_PT_MAX);
			if (p->type == SCAP_PT_FSRELPATH) {
				assert_true(p->dirfd < e->nparams);
				assert_true(e->params[p->dirfd].type == SCAP_PT_FD ||
					    e->params[p->dirfd].type == SCAP_PT_FD32);
			}
			if (p->type == SCAP_PT_DYN)
				assert_true(p->dyn && p->ndyn > 0);
		}
		/* large payloads are for meta events only, never syscall events */
		if (e->flags & SCAP_EF_LARGE_PAYLOAD)
			assert_false(e->category & SCAP_EC_SYSCALL);
		if (t % 2 == 0) {
			const struct scap_event_info *x = &scap_event_table[t + 1];

			assert_true(SCAP_EVT_IS_ENTER(t));
			assert_true(SCAP_EVT_IS_EXIT(t + 1));
			/* a pair shares name and flags unless one half is an unused filler ("NA") */
			if (x->category == SCAP_EC_UNKNOWN ||
			    e->category == SCAP_EC_UNKNOWN)
				continue;
			assert_string_equal(e->name, x->name);
			assert_int_equal(e->category, x->category);
			/* (flags may differ within a pair: the reference table itself has 19 such pairs) */
		}
	}
}

/* Every dedicated syscall points at an enter/exit pair of the right direction and name. */
static void test_syscall_table(void **state)
{
	int used = 0;

	(void)state;
	for (int sc = 0; sc < SCAP_SC_MAX; sc++) {
		const struct scap_syscall_info *s = &scap_syscall_table[sc];

		if (!(s->flags & SCAP_UF_USED))
			continue;
		used++;
		assert_true(SCAP_EVT_IS_ENTER(s->enter_event));
		assert_int_equal(s->exit_event, s->enter_event + 1);
		assert_false(scap_event_table[s->exit_event].flags & SCAP_EF_OLD_VERSION);
		assert_non_null(scap_sc_names[sc]);
	}
	assert_int_equal(used, 175);
	/* spot-check native numbers (x86_64 and aarch64 ABIs) */
	assert_int_equal(scap_native_x86_64[0], SCAP_SC_READ);
	assert_int_equal(scap_native_x86_64[2], SCAP_SC_OPEN);
	assert_int_equal(scap_native_x86_64[257], SCAP_SC_OPENAT);
	assert_int_equal(scap_native_x86_64[59], SCAP_SC_EXECVE);
	assert_int_equal(scap_native_x86_64[435], SCAP_SC_CLONE3);
	assert_int_equal(scap_native_aarch64[56], SCAP_SC_OPENAT);
	assert_int_equal(scap_native_aarch64[221], SCAP_SC_EXECVE);
	assert_int_equal(scap_native_aarch64[63], SCAP_SC_READ);
	{
		/* aarch64 (asm-generic numbering) for the syscalls whose layouts are pinned below */
		static const struct {
			int nr, sc;
		} a64[] = {
			{ 23, SCAP_SC_DUP },	       { 24, SCAP_SC_DUP3 },
			{ 25, SCAP_SC_FCNTL },	       { 57, SCAP_SC_CLOSE },
			{ 59, SCAP_SC_PIPE2 },	       { 64, SCAP_SC_WRITE },
			{ 65, SCAP_SC_READV },	       { 66, SCAP_SC_WRITEV },
			{ 67, SCAP_SC_PREAD64 },       { 68, SCAP_SC_PWRITE64 },
			{ 94, SCAP_SC_EXIT_GROUP },    { 198, SCAP_SC_SOCKET },
			{ 200, SCAP_SC_BIND },	       { 201, SCAP_SC_LISTEN },
			{ 202, SCAP_SC_ACCEPT },       { 203, SCAP_SC_CONNECT },
			{ 206, SCAP_SC_SENDTO },       { 207, SCAP_SC_RECVFROM },
			{ 211, SCAP_SC_SENDMSG },      { 212, SCAP_SC_RECVMSG },
			{ 220, SCAP_SC_CLONE },	       { 242, SCAP_SC_ACCEPT4 },
			{ 281, SCAP_SC_EXECVEAT },     { 435, SCAP_SC_CLONE3 },
			{ 437, SCAP_SC_OPENAT2 },
		};
		int n64 = 0, n86 = 0;

		for (size_t i = 0; i < sizeof(a64) / sizeof(a64[0]); i++)
			assert_int_equal(scap_native_aarch64[a64[i].nr], a64[i].sc);
		/* the whole maps: as many numbers as the falcosecurity 4.5.1 tables know */
		for (int nr = 0; nr < SCAP_NATIVE_MAX; nr++) {
			n64 += scap_native_aarch64[nr] != SCAP_SC_UNKNOWN;
			/* not counted: syscap's two slots for ia32 socketcall send/recv */
			if (nr == SCAP_NR_IA32_SEND || nr == SCAP_NR_IA32_RECV)
				continue;
			n86 += scap_native_x86_64[nr] != SCAP_SC_UNKNOWN;
		}
		assert_int_equal(n64, 326);
		assert_int_equal(n86, 373);
		assert_int_equal(scap_native_x86_64[SCAP_NR_IA32_SEND], SCAP_SC_SEND);
		assert_int_equal(scap_native_x86_64[SCAP_NR_IA32_RECV], SCAP_SC_RECV);
	}
	assert_string_equal(scap_sc_names[SCAP_SC_SCHED_PROCESS_EXIT], "sched_process_exit");
	assert_null(scap_sc_names[382]);
}

static void test_versions(void **state)
{
	char buf[64], want[64];
	FILE *f;
	const char *src = getenv("SYSCAP_SRC");

	(void)state;
	if (!src)
		skip();
	const struct {
		const char *file;
		unsigned maj, min, pat;
	} v[] = {
		{ "driver/API_VERSION", SCAP_API_VERSION_MAJOR, SCAP_API_VERSION_MINOR,
		  SCAP_API_VERSION_PATCH },
		{ "driver/SCHEMA_VERSION", SCAP_SCHEMA_VERSION_MAJOR, SCAP_SCHEMA_VERSION_MINOR,
		  SCAP_SCHEMA_VERSION_PATCH },
	};
	for (int i = 0; i < 2; i++) {
		char path[4096];

		snprintf(path, sizeof(path), "%s/%s", src, v[i].file);
		f = fopen(path, "r");
		assert_non_null(f);
		assert_non_null(fgets(buf, sizeof(buf), f));
		fclose(f);
		buf[strcspn(buf, "\n")] = '\0';
		snprintf(want, sizeof(want), "%u.%u.%u", v[i].maj, v[i].min, v[i].pat);
		assert_string_equal(buf, want);
	}
	/* packing and the compatibility rule */
	assert_int_equal(SCAP_VERSION_PACK(10, 1, 0), (10ULL << 44) | (1ULL << 24));
	assert_true(SCAP_VERSION_COMPATIBLE(SCAP_VERSION_PACK(10, 1, 0), SCAP_VERSION_PACK(10, 0, 0)));
	assert_true(SCAP_VERSION_COMPATIBLE(SCAP_VERSION_PACK(10, 1, 3), SCAP_VERSION_PACK(10, 1, 2)));
	assert_false(SCAP_VERSION_COMPATIBLE(SCAP_VERSION_PACK(10, 0, 9), SCAP_VERSION_PACK(10, 1, 0)));
	assert_false(SCAP_VERSION_COMPATIBLE(SCAP_VERSION_PACK(11, 1, 0), SCAP_VERSION_PACK(10, 1, 0)));
	assert_false(SCAP_VERSION_COMPATIBLE(SCAP_VERSION_PACK(9, 9, 0), SCAP_VERSION_PACK(10, 1, 0)));
}

/* code, enum, name, nparams, "name:TYPE ..." */
static const struct pinned {
	int code;
	int value;
	const char *name;
	uint32_t nparams;
	const char *layout;
} pinned[] = {
	{ 1, SCAP_EVT_GENERIC_X, "syscall", 2,
	  "ID:SYSCALLID nativeID:UINT16" },
	{ 2, SCAP_EVT_SYSCALL_OPEN_E, "open", 3,
	  "name:FSPATH flags:FLAGS32 mode:UINT32" },
	{ 3, SCAP_EVT_SYSCALL_OPEN_X, "open", 6,
	  "fd:FD name:FSPATH flags:FLAGS32 mode:UINT32 dev:UINT32 ino:UINT64" },
	{ 5, SCAP_EVT_SYSCALL_CLOSE_X, "close", 2,
	  "res:ERRNO fd:FD" },
	{ 7, SCAP_EVT_SYSCALL_READ_X, "read", 4,
	  "res:ERRNO data:BYTEBUF fd:FD size:UINT32" },
	{ 9, SCAP_EVT_SYSCALL_WRITE_X, "write", 4,
	  "res:ERRNO data:BYTEBUF fd:FD size:UINT32" },
	{ 19, SCAP_EVT_SOCKET_SOCKET_X, "socket", 5,
	  "fd:FD domain:ENUMFLAGS32 type:UINT32 proto:UINT32 flags:FLAGS32" },
	{ 21, SCAP_EVT_SOCKET_BIND_X, "bind", 3,
	  "res:ERRNO addr:SOCKADDR fd:FD" },
	{ 22, SCAP_EVT_SOCKET_CONNECT_E, "connect", 2,
	  "fd:FD addr:SOCKADDR" },
	{ 23, SCAP_EVT_SOCKET_CONNECT_X, "connect", 4,
	  "res:ERRNO tuple:SOCKTUPLE fd:FD addr:SOCKADDR" },
	{ 25, SCAP_EVT_SOCKET_LISTEN_X, "listen", 3,
	  "res:ERRNO fd:FD backlog:INT32" },
	{ 31, SCAP_EVT_SOCKET_SENDTO_X, "sendto", 5,
	  "res:ERRNO data:BYTEBUF fd:FD size:UINT32 tuple:SOCKTUPLE" },
	{ 35, SCAP_EVT_SOCKET_RECVFROM_X, "recvfrom", 5,
	  "res:ERRNO data:BYTEBUF tuple:SOCKTUPLE fd:FD size:UINT32" },
	{ 49, SCAP_EVT_SOCKET_SENDMSG_X, "sendmsg", 5,
	  "res:ERRNO data:BYTEBUF fd:FD size:UINT32 tuple:SOCKTUPLE" },
	{ 53, SCAP_EVT_SOCKET_RECVMSG_X, "recvmsg", 6,
	  "res:ERRNO size:UINT32 data:BYTEBUF tuple:SOCKTUPLE msgcontrol:BYTEBUF fd:FD" },
	{ 58, SCAP_EVT_SYSCALL_CREAT_E, "creat", 2,
	  "name:FSPATH mode:UINT32" },
	{ 59, SCAP_EVT_SYSCALL_CREAT_X, "creat", 6,
	  "fd:FD name:FSPATH mode:UINT32 dev:UINT32 ino:UINT64 creat_flags:FLAGS16" },
	{ 61, SCAP_EVT_SYSCALL_PIPE_X, "pipe", 4,
	  "res:ERRNO fd1:FD fd2:FD ino:UINT64" },
	{ 113, SCAP_EVT_SYSCALL_PREAD_X, "pread", 5,
	  "res:ERRNO data:BYTEBUF fd:FD size:UINT32 pos:UINT64" },
	{ 115, SCAP_EVT_SYSCALL_PWRITE_X, "pwrite", 5,
	  "res:ERRNO data:BYTEBUF fd:FD size:UINT32 pos:UINT64" },
	{ 117, SCAP_EVT_SYSCALL_READV_X, "readv", 4,
	  "res:ERRNO size:UINT32 data:BYTEBUF fd:FD" },
	{ 119, SCAP_EVT_SYSCALL_WRITEV_X, "writev", 4,
	  "res:ERRNO data:BYTEBUF fd:FD size:UINT32" },
	{ 151, SCAP_EVT_SYSCALL_FCNTL_X, "fcntl", 4,
	  "res:FD fd:FD cmd:ENUMFLAGS8 arg:UINT64" },
	{ 186, SCAP_EVT_PROCEXIT_1_E, "procexit", 5,
	  "status:ERRNO ret:ERRNO sig:SIGTYPE core:UINT8 reaper_tid:PID" },
	{ 223, SCAP_EVT_SYSCALL_CLONE_20_X, "clone", 21,
	  "res:PID exe:CHARBUF args:BYTEBUF tid:PID pid:PID ptid:PID cwd:CHARBUF fdlimit:INT64 pgft_maj:UINT64 pgft_min:UINT64 vm_size:UINT32 vm_rss:UINT32 vm_swap:UINT32 comm:CHARBUF cgroups:BYTEBUF flags:FLAGS32 uid:UINT32 gid:UINT32 vtid:PID vpid:PID pidns_init_start_ts:UINT64" },
	{ 225, SCAP_EVT_SYSCALL_FORK_20_X, "fork", 21,
	  "res:PID exe:CHARBUF args:BYTEBUF tid:PID pid:PID ptid:PID cwd:CHARBUF fdlimit:INT64 pgft_maj:UINT64 pgft_min:UINT64 vm_size:UINT32 vm_rss:UINT32 vm_swap:UINT32 comm:CHARBUF cgroups:BYTEBUF flags:FLAGS32 uid:UINT32 gid:UINT32 vtid:PID vpid:PID pidns_init_start_ts:UINT64" },
	{ 227, SCAP_EVT_SYSCALL_VFORK_20_X, "vfork", 21,
	  "res:PID exe:CHARBUF args:BYTEBUF tid:PID pid:PID ptid:PID cwd:CHARBUF fdlimit:INT64 pgft_maj:UINT64 pgft_min:UINT64 vm_size:UINT32 vm_rss:UINT32 vm_swap:UINT32 comm:CHARBUF cgroups:BYTEBUF flags:FLAGS32 uid:UINT32 gid:UINT32 vtid:PID vpid:PID pidns_init_start_ts:UINT64" },
	{ 247, SCAP_EVT_SOCKET_ACCEPT_5_X, "accept", 5,
	  "fd:FD tuple:SOCKTUPLE queuepct:UINT8 queuelen:UINT32 queuemax:UINT32" },
	{ 293, SCAP_EVT_SYSCALL_EXECVE_19_X, "execve", 31,
	  "res:ERRNO exe:CHARBUF args:BYTEBUF tid:PID pid:PID ptid:PID cwd:CHARBUF fdlimit:UINT64 pgft_maj:UINT64 pgft_min:UINT64 vm_size:UINT32 vm_rss:UINT32 vm_swap:UINT32 comm:CHARBUF cgroups:BYTEBUF env:BYTEBUF tty:UINT32 vpgid:PID loginuid:UID flags:FLAGS32 cap_inheritable:UINT64 cap_permitted:UINT64 cap_effective:UINT64 exe_ino:UINT64 exe_ino_ctime:ABSTIME exe_ino_mtime:ABSTIME uid:UID trusted_exepath:FSPATH pgid:PID gid:GID filename:FSPATH" },
	{ 306, SCAP_EVT_SYSCALL_OPENAT_2_E, "openat", 4,
	  "dirfd:FD name:FSRELPATH flags:FLAGS32 mode:UINT32" },
	{ 307, SCAP_EVT_SYSCALL_OPENAT_2_X, "openat", 7,
	  "fd:FD dirfd:FD name:FSRELPATH flags:FLAGS32 mode:UINT32 dev:UINT32 ino:UINT64" },
	{ 326, SCAP_EVT_SYSCALL_OPENAT2_E, "openat2", 5,
	  "dirfd:FD name:FSRELPATH flags:FLAGS32 mode:UINT32 resolve:FLAGS32" },
	{ 327, SCAP_EVT_SYSCALL_OPENAT2_X, "openat2", 8,
	  "fd:FD dirfd:FD name:FSRELPATH flags:FLAGS32 mode:UINT32 resolve:FLAGS32 dev:UINT32 ino:UINT64" },
	{ 331, SCAP_EVT_SYSCALL_EXECVEAT_X, "execveat", 30,
	  "res:ERRNO exe:CHARBUF args:BYTEBUF tid:PID pid:PID ptid:PID cwd:CHARBUF fdlimit:UINT64 pgft_maj:UINT64 pgft_min:UINT64 vm_size:UINT32 vm_rss:UINT32 vm_swap:UINT32 comm:CHARBUF cgroups:BYTEBUF env:BYTEBUF tty:UINT32 vpgid:PID loginuid:UID flags:FLAGS32 cap_inheritable:UINT64 cap_permitted:UINT64 cap_effective:UINT64 exe_ino:UINT64 exe_ino_ctime:ABSTIME exe_ino_mtime:ABSTIME uid:UID trusted_exepath:FSPATH pgid:PID gid:GID" },
	{ 335, SCAP_EVT_SYSCALL_CLONE3_X, "clone3", 21,
	  "res:PID exe:CHARBUF args:BYTEBUF tid:PID pid:PID ptid:PID cwd:CHARBUF fdlimit:INT64 pgft_maj:UINT64 pgft_min:UINT64 vm_size:UINT32 vm_rss:UINT32 vm_swap:UINT32 comm:CHARBUF cgroups:BYTEBUF flags:FLAGS32 uid:UINT32 gid:UINT32 vtid:PID vpid:PID pidns_init_start_ts:UINT64" },
	{ 363, SCAP_EVT_SYSCALL_DUP2_X, "dup2", 3,
	  "res:FD oldfd:FD newfd:FD" },
	{ 365, SCAP_EVT_SYSCALL_DUP3_X, "dup3", 4,
	  "res:FD oldfd:FD newfd:FD flags:FLAGS32" },
	{ 367, SCAP_EVT_SYSCALL_DUP_1_X, "dup", 2,
	  "res:FD oldfd:FD" },
	{ 389, SCAP_EVT_SOCKET_ACCEPT4_6_X, "accept4", 6,
	  "fd:FD tuple:SOCKTUPLE queuepct:UINT8 queuelen:UINT32 queuemax:UINT32 flags:INT32" },
	{ 393, SCAP_EVT_SYSCALL_PIPE2_X, "pipe2", 5,
	  "res:ERRNO fd1:FD fd2:FD ino:UINT64 flags:FLAGS32" },
	/* the enter halves of the same syscalls (procexit has no exit half: 187 is a filler) */
	{ 0, SCAP_EVT_GENERIC_E, "syscall", 2, "ID:SYSCALLID nativeID:UINT16" },
	{ 4, SCAP_EVT_SYSCALL_CLOSE_E, "close", 1, "fd:FD" },
	{ 6, SCAP_EVT_SYSCALL_READ_E, "read", 2, "fd:FD size:UINT32" },
	{ 8, SCAP_EVT_SYSCALL_WRITE_E, "write", 2, "fd:FD size:UINT32" },
	{ 18, SCAP_EVT_SOCKET_SOCKET_E, "socket", 3, "domain:ENUMFLAGS32 type:UINT32 proto:UINT32" },
	{ 20, SCAP_EVT_SOCKET_BIND_E, "bind", 1, "fd:FD" },
	{ 24, SCAP_EVT_SOCKET_LISTEN_E, "listen", 2, "fd:FD backlog:INT32" },
	{ 30, SCAP_EVT_SOCKET_SENDTO_E, "sendto", 3, "fd:FD size:UINT32 tuple:SOCKTUPLE" },
	{ 34, SCAP_EVT_SOCKET_RECVFROM_E, "recvfrom", 2, "fd:FD size:UINT32" },
	{ 48, SCAP_EVT_SOCKET_SENDMSG_E, "sendmsg", 3, "fd:FD size:UINT32 tuple:SOCKTUPLE" },
	{ 52, SCAP_EVT_SOCKET_RECVMSG_E, "recvmsg", 1, "fd:FD" },
	{ 60, SCAP_EVT_SYSCALL_PIPE_E, "pipe", 0, "" },
	{ 112, SCAP_EVT_SYSCALL_PREAD_E, "pread", 3, "fd:FD size:UINT32 pos:UINT64" },
	{ 114, SCAP_EVT_SYSCALL_PWRITE_E, "pwrite", 3, "fd:FD size:UINT32 pos:UINT64" },
	{ 116, SCAP_EVT_SYSCALL_READV_E, "readv", 1, "fd:FD" },
	{ 118, SCAP_EVT_SYSCALL_WRITEV_E, "writev", 2, "fd:FD size:UINT32" },
	{ 150, SCAP_EVT_SYSCALL_FCNTL_E, "fcntl", 2, "fd:FD cmd:ENUMFLAGS8" },
	{ 187, SCAP_EVT_PROCEXIT_1_X, "NA", 0, "" },
	{ 222, SCAP_EVT_SYSCALL_CLONE_20_E, "clone", 0, "" },
	{ 224, SCAP_EVT_SYSCALL_FORK_20_E, "fork", 0, "" },
	{ 226, SCAP_EVT_SYSCALL_VFORK_20_E, "vfork", 0, "" },
	{ 246, SCAP_EVT_SOCKET_ACCEPT_5_E, "accept", 0, "" },
	{ 292, SCAP_EVT_SYSCALL_EXECVE_19_E, "execve", 1, "filename:FSPATH" },
	{ 330, SCAP_EVT_SYSCALL_EXECVEAT_E, "execveat", 3,
	  "dirfd:FD pathname:FSRELPATH flags:FLAGS32" },
	{ 334, SCAP_EVT_SYSCALL_CLONE3_E, "clone3", 0, "" },
	{ 362, SCAP_EVT_SYSCALL_DUP2_E, "dup2", 1, "fd:FD" },
	{ 364, SCAP_EVT_SYSCALL_DUP3_E, "dup3", 1, "fd:FD" },
	{ 366, SCAP_EVT_SYSCALL_DUP_1_E, "dup", 1, "fd:FD" },
	{ 388, SCAP_EVT_SOCKET_ACCEPT4_6_E, "accept4", 1, "flags:INT32" },
	{ 392, SCAP_EVT_SYSCALL_PIPE2_E, "pipe2", 0, "" },
};

static void test_pinned_layouts(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(pinned) / sizeof(pinned[0]); i++) {
		const struct pinned *p = &pinned[i];
		const struct scap_event_info *e = &scap_event_table[p->code];
		char got[1024] = "";
		size_t used = 0;

		assert_int_equal(p->value, p->code);
		assert_string_equal(e->name, p->name);
		assert_int_equal(e->nparams, p->nparams);
		for (uint32_t j = 0; j < e->nparams; j++)
			used += (size_t)snprintf(got + used, sizeof(got) - used, "%s%s:%s",
						 j ? " " : "", e->params[j].name,
						 type_names[e->params[j].type]);
		if (strcmp(got, p->layout)) {
			print_error("event %d (%s):\n  want %s\n  got  %s\n", p->code, p->name,
				    p->layout, got);
			fail();
		}
	}
}

/* Flag values captures depend on. */
static void test_flag_values(void **state)
{
	(void)state;
	assert_int_equal(SCAP_O_RDONLY, 1);
	assert_int_equal(SCAP_O_WRONLY, 2);
	assert_int_equal(SCAP_O_RDWR, 3);
	assert_int_equal(SCAP_O_CREAT, 4);
	assert_int_equal(SCAP_O_CLOEXEC, 1 << 12);
	assert_int_equal(SCAP_AF_INET, 2);
	assert_int_equal(SCAP_AF_INET6, 10);
	assert_int_equal(SCAP_AF_UNIX, 1);
	assert_int_equal(SCAP_CL_CLONE_FILES, 1 << 0);
	assert_int_equal(SCAP_CL_CLONE_THREAD, 1 << 13);
	assert_string_equal(scap_names_file_flags[0].name, "O_LARGEFILE");
}

static void names_string(char *out, size_t n, const struct scap_name_value *nv)
{
	size_t used = 0;

	out[0] = '\0';
	for (; nv->name && used < n; nv++)
		used += (size_t)snprintf(out + used, n - used, "%s%s=%u", used ? " " : "",
					 nv->name, nv->value);
}

/* Flag/enum name tables print parameters: whole tables pinned, and the events that use them. */
static void test_name_tables(void **state)
{
	char got[1024];

	(void)state;
	names_string(got, sizeof(got), scap_names_file_flags);
	assert_string_equal(got, "O_LARGEFILE=2048 O_DIRECTORY=1024 O_DIRECT=512 O_TRUNC=256 "
				 "O_SYNC=128 O_NONBLOCK=64 O_EXCL=32 O_DSYNC=16 O_APPEND=8 "
				 "O_CREAT=4 O_RDWR=3 O_WRONLY=2 O_RDONLY=1 O_CLOEXEC=4096 O_NONE=0 "
				 "O_TMPFILE=8192 O_F_CREATED=16384 FD_UPPER_LAYER=32768 "
				 "FD_LOWER_LAYER=65536");
	names_string(got, sizeof(got), scap_names_clone_flags);
	assert_string_equal(got, "CLONE_FILES=1 CLONE_FS=2 CLONE_IO=4 CLONE_NEWIPC=8 "
				 "CLONE_NEWNET=16 CLONE_NEWNS=32 CLONE_NEWPID=64 CLONE_NEWUTS=128 "
				 "CLONE_PARENT=256 CLONE_PARENT_SETTID=512 CLONE_PTRACE=1024 "
				 "CLONE_SIGHAND=2048 CLONE_SYSVSEM=4096 CLONE_THREAD=8192 "
				 "CLONE_UNTRACED=16384 CLONE_VM=32768 CLONE_INVERTED=65536 "
				 "NAME_CHANGED=131072 CLOSED=262144 CLONE_NEWUSER=1048576 "
				 "CLONE_CHILD_CLEARTID=8388608 CLONE_CHILD_SETTID=16777216 "
				 "CLONE_SETTLS=33554432 CLONE_STOPPED=67108864 CLONE_VFORK=134217728 "
				 "CLONE_NEWCGROUP=268435456 CLONE_CHILD_IN_PIDNS=536870912");
	assert_ptr_equal(scap_event_table[SCAP_EVT_SYSCALL_OPEN_X].params[2].names,
			 scap_names_file_flags);
	assert_ptr_equal(scap_event_table[SCAP_EVT_SYSCALL_OPENAT_2_X].params[3].names,
			 scap_names_file_flags);
	assert_ptr_equal(scap_event_table[SCAP_EVT_SOCKET_SOCKET_X].params[1].names,
			 scap_names_socket_families);
	assert_ptr_equal(scap_event_table[SCAP_EVT_SYSCALL_FCNTL_X].params[2].names,
			 scap_names_fcntl_commands);
	assert_ptr_equal(scap_event_table[SCAP_EVT_SYSCALL_CLONE_20_X].params[15].names,
			 scap_names_clone_flags);
	/* every flag or enum parameter has a table */
	for (int t = 0; t < SCAP_EVT_MAX; t++)
		for (uint32_t i = 0; i < scap_event_table[t].nparams; i++) {
			const struct scap_param_info *p = &scap_event_table[t].params[i];

			if (p->type == SCAP_PT_FLAGS8 || p->type == SCAP_PT_FLAGS16 ||
			    p->type == SCAP_PT_FLAGS32 || p->type == SCAP_PT_ENUMFLAGS8 ||
			    p->type == SCAP_PT_ENUMFLAGS16 || p->type == SCAP_PT_ENUMFLAGS32)
				assert_non_null(p->names);
		}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table_size_and_header), cmocka_unit_test(test_table_rules),
		cmocka_unit_test(test_syscall_table),	      cmocka_unit_test(test_versions),
		cmocka_unit_test(test_pinned_layouts),	      cmocka_unit_test(test_flag_values),
		cmocka_unit_test(test_name_tables),
	};

	return cmocka_run_group_tests_name("schema", tests, NULL, NULL);
}
