/* SPDX-License-Identifier: Apache-2.0 */
/* Field table and extraction with Falco/sysdig spellings. Values point into the event, the
 * state, or the handle's scratch buffer (valid until the next extraction). */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <scap/scap_event.h>
#include <sinsp/fields.h>

#include "sinsp_int.h"

enum fid {
	F_EVT_NUM,
	F_EVT_TIME,
	F_EVT_TIME_S,
	F_EVT_DATETIME,
	F_EVT_RAWTIME,
	F_EVT_RAWTIME_S,
	F_EVT_RAWTIME_NS,
	F_EVT_DIR,
	F_EVT_TYPE,
	F_EVT_CPU,
	F_EVT_ARGS,
	F_EVT_ARG,
	F_EVT_RAWARG,
	F_EVT_RES,
	F_EVT_RAWRES,
	F_EVT_FAILED,
	F_EVT_IS_IO,
	F_EVT_IS_IO_READ,
	F_EVT_IS_IO_WRITE,
	F_EVT_BUFLEN,
	F_EVT_CATEGORY,
	F_PROC_PID,
	F_PROC_PPID,
	F_PROC_NAME,
	F_PROC_EXE,
	F_PROC_EXEPATH,
	F_PROC_ARGS,
	F_PROC_CMDLINE,
	F_PROC_PNAME,
	F_PROC_ANAME,
	F_PROC_APID,
	F_PROC_CWD,
	F_PROC_TTY,
	F_PROC_VPID,
	F_PROC_SID,
	F_PROC_PGID,
	F_PROC_FDOPENCOUNT,
	F_PROC_EXE_WRITABLE,
	F_PROC_EXE_UPPER,
	F_PROC_EXE_LOWER,
	F_PROC_EXE_MEMFD,
	F_THREAD_TID,
	F_THREAD_VTID,
	F_FD_NUM,
	F_FD_TYPE,
	F_FD_TYPECHAR,
	F_FD_NAME,
	F_FD_DIRECTORY,
	F_FD_FILENAME,
	F_FD_IP,
	F_FD_CIP,
	F_FD_SIP,
	F_FD_LIP,
	F_FD_RIP,
	F_FD_PORT,
	F_FD_CPORT,
	F_FD_SPORT,
	F_FD_LPORT,
	F_FD_RPORT,
	F_FD_L4PROTO,
	F_FD_SOCKFAMILY,
	F_FD_IS_SERVER,
	F_FD_INO,
	F_FD_DEV,
	F_USER_UID,
	F_USER_NAME,
	F_USER_HOMEDIR,
	F_USER_SHELL,
	F_USER_LOGINUID,
	F_USER_LOGINNAME,
	F_GROUP_GID,
	F_GROUP_NAME,
	F_CONTAINER_ID,
};

#define S SINSP_FT_STR
#define I SINSP_FT_INT
#define U SINSP_FT_UINT
#define B SINSP_FT_BOOL
#define IP SINSP_FT_IPADDR
#define NA SINSP_FARG_NONE
#define IX SINSP_FARG_INDEX
#define RQ SINSP_FARG_REQUIRED

static const struct sinsp_field_info fields[] = {
	[F_EVT_NUM] = { "evt.num", U, NA, "event number, from 1" },
	[F_EVT_TIME] = { "evt.time", S, NA, "event time as HH:MM:SS.nnnnnnnnn (local time)" },
	[F_EVT_TIME_S] = { "evt.time.s", S, NA, "event time as HH:MM:SS" },
	[F_EVT_DATETIME] = { "evt.datetime", S, NA,
			     "event date and time, YYYY-MM-DD HH:MM:SS.nnnnnnnnn" },
	[F_EVT_RAWTIME] = { "evt.rawtime", U, NA, "event time in nanoseconds since the epoch" },
	[F_EVT_RAWTIME_S] = { "evt.rawtime.s", U, NA, "seconds part of evt.rawtime" },
	[F_EVT_RAWTIME_NS] = { "evt.rawtime.ns", U, NA, "nanoseconds part of evt.rawtime" },
	[F_EVT_DIR] = { "evt.dir", S, NA, "'>' for enter events, '<' for exit events" },
	[F_EVT_TYPE] = { "evt.type", S, NA, "event name (open, connect, ...)" },
	[F_EVT_CPU] = { "evt.cpu", U, NA, "CPU the event was captured on" },
	[F_EVT_ARGS] = { "evt.args", S, NA, "all event arguments as text" },
	[F_EVT_ARG] = { "evt.arg", S, RQ,
			"one argument as text, by name (evt.arg.fd) or index (evt.arg[0])" },
	[F_EVT_RAWARG] = { "evt.rawarg", I, RQ,
			   "one integer argument as a number, by name (evt.rawarg.res)" },
	[F_EVT_RES] = { "evt.res", S, NA, "call result: SUCCESS or the error name (ENOENT)" },
	[F_EVT_RAWRES] = { "evt.rawres", I, NA, "call result as a number" },
	[F_EVT_FAILED] = { "evt.failed", B, NA, "true for calls that returned an error" },
	[F_EVT_IS_IO] = { "evt.is_io", B, NA, "true for events that read or write data" },
	[F_EVT_IS_IO_READ] = { "evt.is_io_read", B, NA, "true for events that read data" },
	[F_EVT_IS_IO_WRITE] = { "evt.is_io_write", B, NA, "true for events that write data" },
	[F_EVT_BUFLEN] = { "evt.buflen", U, NA, "bytes read or written by an I/O event" },
	[F_EVT_CATEGORY] = { "evt.category", S, NA, "event category (file, net, process, ...)" },
	[F_PROC_PID] = { "proc.pid", I, NA, "process id" },
	[F_PROC_PPID] = { "proc.ppid", I, NA, "parent process id" },
	[F_PROC_NAME] = { "proc.name", S, NA, "process name (comm)" },
	[F_PROC_EXE] = { "proc.exe", S, NA, "first command-line argument (argv[0])" },
	[F_PROC_EXEPATH] = { "proc.exepath", S, NA, "full path of the executable" },
	[F_PROC_ARGS] = { "proc.args", S, NA, "command-line arguments after argv[0]" },
	[F_PROC_CMDLINE] = { "proc.cmdline", S, NA, "name and arguments: 'bash -c ls'" },
	[F_PROC_PNAME] = { "proc.pname", S, NA, "name of the parent process" },
	[F_PROC_ANAME] = { "proc.aname", S, IX,
			   "name of an ancestor: [0] self, [1] parent...; all ancestors without "
			   "index" },
	[F_PROC_APID] = { "proc.apid", I, IX,
			  "pid of an ancestor: [0] self, [1] parent...; all without index" },
	[F_PROC_CWD] = { "proc.cwd", S, NA, "working directory" },
	[F_PROC_TTY] = { "proc.tty", U, NA, "controlling terminal (0 none)" },
	[F_PROC_VPID] = { "proc.vpid", I, NA, "process id in its pid namespace" },
	[F_PROC_SID] = { "proc.sid", I, NA, "session id" },
	[F_PROC_PGID] = { "proc.pgid", I, NA, "process group id" },
	[F_PROC_FDOPENCOUNT] = { "proc.fdopencount", U, NA, "open descriptors of the process" },
	[F_PROC_EXE_WRITABLE] = { "proc.is_exe_writable", B, NA,
				  "the executable is writable by the process's effective user" },
	[F_PROC_EXE_UPPER] = { "proc.is_exe_upper_layer", B, NA,
			       "the executable is in the upper (writable) layer of an overlayfs" },
	[F_PROC_EXE_LOWER] = { "proc.is_exe_lower_layer", B, NA,
			       "the executable is in a lower (image) layer of an overlayfs" },
	[F_PROC_EXE_MEMFD] = { "proc.is_exe_from_memfd", B, NA,
			       "the executable is a memfd (memfd_create), not a file on disk" },
	[F_THREAD_TID] = { "thread.tid", I, NA, "thread id" },
	[F_THREAD_VTID] = { "thread.vtid", I, NA, "thread id in its pid namespace" },
	[F_FD_NUM] = { "fd.num", I, NA, "descriptor number" },
	[F_FD_TYPE] = { "fd.type", S, NA,
			"descriptor type: file, directory, ipv4, ipv6, unix, pipe, event, ..." },
	[F_FD_TYPECHAR] = { "fd.typechar", S, NA,
			    "descriptor type letter: f d 4 6 u p e s l i t n b r m P" },
	[F_FD_NAME] = { "fd.name", S, NA, "path, or client:port->server:port for sockets" },
	[F_FD_DIRECTORY] = { "fd.directory", S, NA, "directory of a file descriptor's path" },
	[F_FD_FILENAME] = { "fd.filename", S, NA, "last path component of a file descriptor" },
	[F_FD_IP] = { "fd.ip", IP, NA, "either address of a socket (matches client or server)" },
	[F_FD_CIP] = { "fd.cip", IP, NA, "client address" },
	[F_FD_SIP] = { "fd.sip", IP, NA, "server address" },
	[F_FD_LIP] = { "fd.lip", IP, NA, "local address" },
	[F_FD_RIP] = { "fd.rip", IP, NA, "remote address" },
	[F_FD_PORT] = { "fd.port", U, NA, "either port of a socket" },
	[F_FD_CPORT] = { "fd.cport", U, NA, "client port" },
	[F_FD_SPORT] = { "fd.sport", U, NA, "server port" },
	[F_FD_LPORT] = { "fd.lport", U, NA, "local port" },
	[F_FD_RPORT] = { "fd.rport", U, NA, "remote port" },
	[F_FD_L4PROTO] = { "fd.l4proto", S, NA, "transport protocol: tcp, udp, icmp, raw" },
	[F_FD_SOCKFAMILY] = { "fd.sockfamily", S, NA, "socket family: ip or unix" },
	[F_FD_IS_SERVER] = { "fd.is_server", B, NA, "true when the process is the server side" },
	[F_FD_INO] = { "fd.ino", U, NA, "inode of the file" },
	[F_FD_DEV] = { "fd.dev", U, NA, "device of the file" },
	[F_USER_UID] = { "user.uid", U, NA, "user id" },
	[F_USER_NAME] = { "user.name", S, NA, "user name" },
	[F_USER_HOMEDIR] = { "user.homedir", S, NA, "home directory of the user" },
	[F_USER_SHELL] = { "user.shell", S, NA, "shell of the user" },
	[F_USER_LOGINUID] = { "user.loginuid", I, NA, "audit login uid (-1 none)" },
	[F_USER_LOGINNAME] = { "user.loginname", S, NA, "name of the audit login user" },
	[F_GROUP_GID] = { "group.gid", U, NA, "group id" },
	[F_GROUP_NAME] = { "group.name", S, NA, "group name" },
	[F_CONTAINER_ID] = { "container.id", S, NA, "container id (12 characters) or 'host'" },
};

const struct sinsp_field_info *sinsp_fields_list(size_t *n)
{
	*n = sizeof(fields) / sizeof(fields[0]);
	return fields;
}

static int lookup(void *ud, const char *name, const char *arg, struct sinsp_field_ref *ref)
{
	size_t i;

	ref->argidx = -1;
	/* evt.arg.NAME / evt.rawarg.NAME: the name is the argument */
	if (!strncmp(name, "evt.arg.", 8) || !strncmp(name, "evt.rawarg.", 11)) {
		int raw = name[4] == 'r';

		if (arg || !name[raw ? 11 : 8])
			return -EINVAL;
		ref->id = raw ? F_EVT_RAWARG : F_EVT_ARG;
		ref->type = fields[ref->id].type;
		ref->arg = name + (raw ? 11 : 8);
		return 1; /* tell the caller the argument lives in the name */
	}
	for (i = 0; i < sizeof(fields) / sizeof(fields[0]); i++) {
		if (strcmp(fields[i].name, name))
			continue;
		ref->id = (int)i;
		ref->type = fields[i].type;
		if (fields[i].arg == SINSP_FARG_NONE)
			return arg ? -EINVAL : 0;
		if (!arg)
			return fields[i].arg == SINSP_FARG_REQUIRED ? -EINVAL : 0;
		if (arg[0] >= '0' && arg[0] <= '9') {
			char *end;
			long v = strtol(arg, &end, 10);

			if (*end || v > 1000)
				return -EINVAL;
			ref->argidx = (int)v;
		} else if (fields[i].arg == SINSP_FARG_INDEX) {
			return -EINVAL;
		}
		return 0;
	}
	return -ENOENT;
}

/* The filter keeps ref->arg pointing at its own copy; evt.arg.NAME needs the name part. */
static int lookup_cb(void *ud, const char *name, const char *arg, struct sinsp_field_ref *ref)
{
	int rc = lookup(ud, name, arg, ref);

	/* 1: the argument is the tail of the name (evt.arg.fd); the compiler keeps the name alive
	 */
	return rc == 1 ? 0 : rc;
}

struct xctx {
	struct sinsp *h;
	const struct sinsp_evt *e;
};

static int put_str(struct sinsp_value *v, const char *s)
{
	if (!s)
		return 0;
	memset(v, 0, sizeof(*v));
	v->type = SINSP_FT_STR;
	v->s = s;
	v->len = strlen(s);
	return 1;
}

static int put_int(struct sinsp_value *v, int64_t x)
{
	memset(v, 0, sizeof(*v));
	v->type = SINSP_FT_INT;
	v->i = x;
	return 1;
}

static int put_uint(struct sinsp_value *v, uint64_t x)
{
	memset(v, 0, sizeof(*v));
	v->type = SINSP_FT_UINT;
	v->u = x;
	return 1;
}

static int put_bool(struct sinsp_value *v, int b)
{
	memset(v, 0, sizeof(*v));
	v->type = SINSP_FT_BOOL;
	v->i = !!b;
	return 1;
}

static int put_ip(struct sinsp_value *v, uint8_t family, const uint8_t *ip)
{
	if (family != 4 && family != 6)
		return 0;
	memset(v, 0, sizeof(*v));
	v->type = SINSP_FT_IPADDR;
	v->family = family;
	memcpy(v->ip, ip, family == 4 ? 4 : 16);
	return 1;
}

static const struct sinsp_thread *parent_of(const struct sinsp *h, const struct sinsp_thread *t)
{
	const struct sinsp_thread *m = sinsp_thread_main(h, t);

	if (!m || m->ptid < 0 || m->ptid == m->tid)
		return NULL;
	return tmap_get(&h->threads, m->ptid);
}

/* Result of the call: "res", or the descriptor a creating call returns. */
static int evt_res(const struct sinsp_evt *e, int64_t *res)
{
	if (!SCAP_EVT_IS_EXIT(e->type))
		return -ENOENT;
	if (sinsp_param_idx(&e->d, "res") >= 0)
		return evt_get_res(e, res);
	if ((e->d.info->flags & SCAP_EF_CREATES_FD) && sinsp_param_idx(&e->d, "fd") == 0)
		return evt_get_fd(e, res);
	return -ENOENT;
}

static const char *category_name(uint16_t cat)
{
	switch (cat & SCAP_EC_SYSCALL_CATEGORY_MASK) {
	case SCAP_EC_FILE:
		return "file";
	case SCAP_EC_NET:
		return "net";
	case SCAP_EC_IPC:
		return "IPC";
	case SCAP_EC_MEMORY:
		return "memory";
	case SCAP_EC_PROCESS:
		return "process";
	case SCAP_EC_SLEEP:
		return "sleep";
	case SCAP_EC_SYSTEM:
		return "system";
	case SCAP_EC_SIGNAL:
		return "signal";
	case SCAP_EC_USER:
		return "user";
	case SCAP_EC_TIME:
		return "time";
	case SCAP_EC_IO_READ:
		return "I/O read";
	case SCAP_EC_IO_WRITE:
		return "I/O write";
	case SCAP_EC_IO_OTHER:
		return "I/O other";
	case SCAP_EC_WAIT:
		return "wait";
	case SCAP_EC_SCHEDULER:
		return "scheduler";
	case SCAP_EC_INTERNAL:
		return "internal";
	default:
		return "other";
	}
}

static const char *evt_name(const struct sinsp_evt *e)
{
	if (e->type == SCAP_EVT_GENERIC_E || e->type == SCAP_EVT_GENERIC_X) {
		int64_t id;

		if (!evt_get_int(e, "ID", &id) && id > 0 && id < SCAP_SC_MAX && scap_sc_names[id])
			return scap_sc_names[id];
		return "<unknown>";
	}
	return e->d.info->name;
}

static int fmt_time(char *buf, size_t len, uint64_t ts, int date, int ns)
{
	time_t s = (time_t)(ts / 1000000000ull);
	struct tm tm;
	size_t n;

	localtime_r(&s, &tm);
	n = strftime(buf, len, date ? "%Y-%m-%d %H:%M:%S" : "%H:%M:%S", &tm);
	if (ns)
		snprintf(buf + n, len - n, ".%09" PRIu64, (uint64_t)(ts % 1000000000ull));
	return 0;
}

/* Client/server and local/remote views of an IP socket. */
static int sock_side(const struct sinsp *h, const struct sinsp_fd *f, int which, const uint8_t **ip,
		     uint16_t *port)
{
	int server_view = f->role == SINSP_ROLE_SERVER;

	if ((f->type != SCAP_FD_IPV4_SOCK && f->type != SCAP_FD_IPV6_SOCK &&
	     f->type != SCAP_FD_IPV4_SERVSOCK && f->type != SCAP_FD_IPV6_SERVSOCK) ||
	    !f->family)
		return 0;
	if (!(f->sflags & SINSP_FD_CONNECTED)) {
		/* only a local address: the server side of a listening socket */
		if (!(f->sflags & SINSP_FD_BOUND) || (which == 'c' || which == 'r'))
			return 0;
		if (which == 's' && !server_view)
			return 0;
		*ip = f->sip;
		*port = f->sport;
		return 1;
	}
	switch (which) {
	case 'c':
		*ip = f->sip;
		*port = f->sport;
		break;
	case 's':
		*ip = f->dip;
		*port = f->dport;
		break;
	case 'l':
	default: /* 'r' */
		/* as sysdig: the local end is the client when the client address is ours */
		server_view = !sinsp_ip_is_local(h, f->family, f->sip);
		if (which == 'r')
			server_view = !server_view;
		*ip = server_view ? f->dip : f->sip;
		*port = server_view ? f->dport : f->sport;
		break;
	}
	return 1;
}

static int arg_text(struct sinsp *h, const struct sinsp_evt *e, const struct decoded *d, int i,
		    char *buf, size_t len);
static void arg_resolved(struct sinsp *h, const struct sinsp_evt *e, const struct decoded *d, int i,
			 char *buf, size_t len);

/* The file a failed open named (parse_open keeps it beside the event), or NULL. */
static const struct sinsp_fd *failed_open(const struct sinsp_evt *e)
{
	return e->closed && e->closed->fd < 0 ? e->closed : NULL;
}

static int extract(void *ud, const void *evp, const struct sinsp_field_ref *ref,
		   struct sinsp_value *out, int max)
{
	struct sinsp *h = ud;
	const struct sinsp_evt *e = evp;
	const struct sinsp_thread *t = e->th, *m = sinsp_thread_main(h, e->th), *p;
	const struct sinsp_fd *f = e->fd;
	const struct sinsp_user *u;
	const struct sinsp_group *g;
	char *buf = h->fbuf;
	size_t bl = sizeof(h->fbuf);
	const uint8_t *ip;
	uint16_t port;
	int64_t x;
	int n, i;

	switch (ref->id) {
	case F_EVT_NUM:
		return put_uint(out, e->num);
	case F_EVT_TIME:
	case F_EVT_TIME_S:
	case F_EVT_DATETIME:
		fmt_time(buf, bl, e->hdr->ts, ref->id == F_EVT_DATETIME, ref->id != F_EVT_TIME_S);
		return put_str(out, buf);
	case F_EVT_RAWTIME:
		return put_uint(out, e->hdr->ts);
	case F_EVT_RAWTIME_S:
		return put_uint(out, (uint64_t)(e->hdr->ts / 1000000000ull));
	case F_EVT_RAWTIME_NS:
		return put_uint(out, (uint64_t)(e->hdr->ts % 1000000000ull));
	case F_EVT_DIR:
		return put_str(out, SCAP_EVT_IS_ENTER(e->type) ? ">" : "<");
	case F_EVT_TYPE:
		return put_str(out, evt_name(e));
	case F_EVT_CPU:
		return put_uint(out, e->cpu);
	case F_EVT_ARGS:
		sinsp_evt_args_text(h, e, buf, bl);
		return put_str(out, buf);
	case F_EVT_ARG:
		if (ref->argidx >= 0) {
			if ((uint32_t)ref->argidx >= e->d.nparams)
				return 0;
			arg_resolved(h, e, &e->d, ref->argidx, buf, bl);
			return put_str(out, buf);
		}
		if ((i = sinsp_param_idx(&e->d, ref->arg)) >= 0) {
			arg_resolved(h, e, &e->d, i, buf, bl);
			return put_str(out, buf);
		}
		if ((i = sinsp_param_idx(&e->enter, ref->arg)) >= 0) {
			arg_resolved(h, e, &e->enter, i, buf, bl);
			return put_str(out, buf);
		}
		return 0;
	case F_EVT_RAWARG:
		if (!ref->arg || evt_get_int(e, ref->arg, &x))
			return 0;
		return put_int(out, x);
	case F_EVT_RES:
		if (evt_res(e, &x))
			return 0;
		if (x >= 0)
			return put_str(out, "SUCCESS");
		return put_str(out, scap_errno_name(-x) ? scap_errno_name(-x) : "ERROR");
	case F_EVT_RAWRES:
		if (evt_res(e, &x))
			return 0;
		return put_int(out, x);
	case F_EVT_FAILED:
		if (evt_res(e, &x))
			return put_bool(out, 0);
		return put_bool(out, x < 0);
	case F_EVT_IS_IO:
	case F_EVT_IS_IO_READ:
	case F_EVT_IS_IO_WRITE: {
		unsigned c = e->d.info->category & SCAP_EC_SYSCALL_CATEGORY_MASK;

		if (ref->id == F_EVT_IS_IO)
			return put_bool(out, c == SCAP_EC_IO_READ || c == SCAP_EC_IO_WRITE);
		return put_bool(out, c == (ref->id == F_EVT_IS_IO_READ ? SCAP_EC_IO_READ
								       : SCAP_EC_IO_WRITE));
	}
	case F_EVT_BUFLEN: {
		unsigned c = e->d.info->category & SCAP_EC_SYSCALL_CATEGORY_MASK;

		if ((c != SCAP_EC_IO_READ && c != SCAP_EC_IO_WRITE) || evt_res(e, &x) || x < 0)
			return 0;
		return put_uint(out, (uint64_t)x);
	}
	case F_EVT_CATEGORY:
		return put_str(out, category_name(e->d.info->category));
	case F_PROC_PID:
		return t ? put_int(out, t->pid) : 0;
	case F_PROC_PPID:
		return m && m->ptid >= 0 ? ((p = parent_of(h, t)) ? put_int(out, p->pid)
								  : put_int(out, m->ptid))
					 : 0;
	case F_PROC_NAME:
		return t ? put_str(out, t->comm) : 0;
	case F_PROC_EXE:
		return t ? put_str(out, t->exe) : 0;
	case F_PROC_EXEPATH:
		return t ? put_str(out, t->exepath) : 0;
	case F_PROC_ARGS:
	case F_PROC_CMDLINE: {
		size_t o = 0;
		uint32_t k;

		if (!t)
			return 0;
		if (ref->id == F_PROC_CMDLINE) {
			o = (size_t)snprintf(buf, bl, "%s", t->comm ? t->comm : "");
			if (t->args_len && o < bl - 1)
				buf[o++] = ' ';
		}
		for (k = 0; t->args && k < t->args_len && o < bl - 1; k++)
			buf[o++] = t->args[k] ? t->args[k] : ' ';
		while (o > 0 && buf[o - 1] == ' ')
			o--;
		buf[o] = 0;
		return put_str(out, buf);
	}
	case F_PROC_PNAME:
		/* as sysdig: the thread's own parent (for threads, the thread that created it) */
		p = t && t->ptid >= 0 && t->ptid != t->tid ? tmap_get(&h->threads, t->ptid) : NULL;
		return p ? put_str(out, p->comm) : 0;
	case F_PROC_ANAME:
	case F_PROC_APID:
		/* [0] is the process itself, [1] its parent, ...; no index: every ancestor */
		p = m;
		n = 0;
		for (i = 0; p && i < 256 && n < max; i++) {
			if (ref->argidx >= 0 ? i == ref->argidx : i > 0) {
				if (ref->id == F_PROC_ANAME)
					n += put_str(&out[n], p->comm);
				else
					n += put_int(&out[n], p->pid);
				if (ref->argidx >= 0)
					break;
			}
			p = parent_of(h, p);
		}
		return n;
	case F_PROC_CWD:
		return t ? put_str(out, sinsp_thread_cwd(h, t)) : 0;
	case F_PROC_TTY:
		return t ? put_uint(out, t->tty) : 0;
	case F_PROC_VPID:
		return t ? put_int(out, t->vpid) : 0;
	case F_PROC_SID:
		return t ? put_int(out, t->sid) : 0;
	case F_PROC_PGID:
		return t ? put_int(out, t->pgid) : 0;
	case F_PROC_FDOPENCOUNT:
		return t && t->fdt ? put_uint(out, t->fdt->count) : 0;
	case F_PROC_EXE_WRITABLE:
		return t ? put_bool(out, !!(t->exe_flags & SCAP_EXE_WRITABLE)) : 0;
	case F_PROC_EXE_UPPER:
		return t ? put_bool(out, !!(t->exe_flags & SCAP_EXE_UPPER_LAYER)) : 0;
	case F_PROC_EXE_LOWER:
		return t ? put_bool(out, !!(t->exe_flags & SCAP_EXE_LOWER_LAYER)) : 0;
	case F_PROC_EXE_MEMFD:
		return t ? put_bool(out, !!(t->exe_flags & SCAP_EXE_FROM_MEMFD)) : 0;
	case F_THREAD_TID:
		return put_int(out, (int64_t)e->hdr->tid);
	case F_THREAD_VTID:
		return t ? put_int(out, t->vtid) : 0;
	case F_FD_NUM:
		return e->fdnum >= 0 ? put_int(out, e->fdnum) : 0;
	case F_FD_TYPE:
		return f ? put_str(out, sinsp_fd_typestr(f)) : 0;
	case F_FD_TYPECHAR:
		if (!f && !(f = failed_open(e)))
			return 0;
		buf[0] = sinsp_fd_typechar(f);
		buf[1] = 0;
		return put_str(out, buf);
	case F_FD_NAME:
		if (!f && !(f = failed_open(e)))
			return 0;
		if (f->type >= SCAP_FD_IPV4_SOCK && f->type <= SCAP_FD_IPV6_SERVSOCK)
			sinsp_fd_ipname((struct sinsp_fd *)f);
		if (f->type != SCAP_FD_UNIX_SOCK)
			return put_str(out, f->name ? f->name : ""); /* no copy */
		sinsp_fd_name(f, buf, bl);
		return put_str(out, buf);
	case F_FD_DIRECTORY:
	case F_FD_FILENAME: {
		char *slash;

		if (!f && ref->id == F_FD_DIRECTORY)
			f = failed_open(e);
		if (!f || !f->name ||
		    (f->type != SCAP_FD_FILE && f->type != SCAP_FD_FILE_V2 &&
		     f->type != SCAP_FD_DIRECTORY))
			return 0;
		snprintf(buf, bl, "%s", f->name);
		if (f->type == SCAP_FD_DIRECTORY)
			return ref->id == F_FD_DIRECTORY ? put_str(out, buf) : 0;
		slash = strrchr(buf, '/');
		if (!slash)
			return ref->id == F_FD_FILENAME ? put_str(out, buf) : 0;
		if (ref->id == F_FD_FILENAME)
			return put_str(out, slash + 1);
		slash[slash == buf] = 0;
		return put_str(out, buf);
	}
	case F_FD_IP:
		if (!f || !sock_side(h, f, 'c', &ip, &port))
			return f && sock_side(h, f, 'l', &ip, &port) ? put_ip(out, f->family, ip)
								     : 0;
		n = put_ip(&out[0], f->family, f->sip);
		if (max > n)
			n += put_ip(&out[n], f->family, f->dip);
		return n;
	case F_FD_PORT:
		if (!f || !sock_side(h, f, 'c', &ip, &port))
			return f && sock_side(h, f, 'l', &ip, &port) ? put_uint(out, port) : 0;
		n = put_uint(&out[0], f->sport);
		if (max > n)
			n += put_uint(&out[n], f->dport);
		return n;
	case F_FD_CIP:
	case F_FD_SIP:
	case F_FD_LIP:
	case F_FD_RIP:
		if (!f || !sock_side(h, f, "cslr"[ref->id - F_FD_CIP], &ip, &port))
			return 0;
		return put_ip(out, f->family, ip);
	case F_FD_CPORT:
	case F_FD_SPORT:
	case F_FD_LPORT:
	case F_FD_RPORT:
		if (!f || !sock_side(h, f, "cslr"[ref->id - F_FD_CPORT], &ip, &port))
			return 0;
		return put_uint(out, port);
	case F_FD_L4PROTO:
		if (!f)
			return 0;
		switch (f->l4proto) {
		case SCAP_L4_TCP:
			return put_str(out, "tcp");
		case SCAP_L4_UDP:
			return put_str(out, "udp");
		case SCAP_L4_ICMP:
			return put_str(out, "icmp");
		case SCAP_L4_RAW:
			return put_str(out, "raw");
		default:
			return 0;
		}
	case F_FD_SOCKFAMILY:
		if (!f)
			return 0;
		if (f->type == SCAP_FD_UNIX_SOCK)
			return put_str(out, "unix");
		if (f->type >= SCAP_FD_IPV4_SOCK && f->type <= SCAP_FD_IPV6_SERVSOCK)
			return put_str(out, "ip");
		return 0;
	case F_FD_IS_SERVER:
		/*
		 * As sysdig: a connected IP socket is the server end when its server address is
		 * one of this machine's (both ends of a local connection count as server); other
		 * descriptors by the role seen (listen, accept).
		 */
		if (!f)
			return 0;
		if ((f->type == SCAP_FD_IPV4_SOCK || f->type == SCAP_FD_IPV6_SOCK) &&
		    (f->sflags & SINSP_FD_CONNECTED))
			return put_bool(out, sinsp_ip_is_local(h, f->family, f->dip));
		return put_bool(out, f->role == SINSP_ROLE_SERVER ||
					     (f->sflags & SINSP_FD_BOUND && f->sport));
	case F_FD_INO:
		return f ? put_uint(out, f->ino) : 0;
	case F_FD_DEV:
		return f ? put_uint(out, f->dev) : 0;
	case F_USER_UID:
		return t ? put_uint(out, t->euid) : 0;
	case F_USER_NAME:
	case F_USER_HOMEDIR:
	case F_USER_SHELL:
		if (!t || !(u = sinsp_get_user(h, t->euid)))
			return 0;
		return put_str(out, ref->id == F_USER_NAME	? u->name
				    : ref->id == F_USER_HOMEDIR ? u->homedir
								: u->shell);
	case F_USER_LOGINUID:
		return t ? put_int(out, t->loginuid == UINT32_MAX ? -1 : (int64_t)t->loginuid) : 0;
	case F_USER_LOGINNAME:
		if (!t || !(u = sinsp_get_user(h, t->loginuid)))
			return 0;
		return put_str(out, u->name);
	case F_GROUP_GID:
		return t ? put_uint(out, t->egid) : 0;
	case F_GROUP_NAME:
		if (!t || !(g = sinsp_get_group(h, t->egid)))
			return 0;
		return put_str(out, g->name);
	case F_CONTAINER_ID:
		return t ? put_str(out, t->container_id) : 0;
	default:
		return 0;
	}
}

struct sinsp_field_provider sinsp_fields_provider(struct sinsp *h)
{
	struct sinsp_field_provider p = { lookup_cb, extract, h };

	return p;
}

/* ---- text ---- */

static const struct sinsp_fd *fd_for_param(struct sinsp *h, const struct sinsp_evt *e, int64_t fd)
{
	if (e->closed && e->closed->fd == fd)
		return e->closed;
	if (e->fd && e->fdnum == fd)
		return e->fd;
	return e->th ? fdt_get(e->th->fdt, fd) : NULL;
}

/*
 * One parameter as sysdig prints it: descriptors get "(<type>name)" appended, thread ids
 * "(comm)"; in evt.args long binary buffers are cut to 77 bytes and "...".
 */
static int arg_text_ex(struct sinsp *h, const struct sinsp_evt *e, const struct decoded *d, int i,
		       char *buf, size_t len, int in_args)
{
	const struct scap_param_info *pi = &d->info->params[i];
	struct scap_param p = { d->val[i], d->len[i] };
	int n, j, cnt;

	if (pi->type == SCAP_PT_FDLIST && d->len[i] &&
	    (cnt = scap_param_fdlist(&p, 0, NULL, NULL)) >= 0) {
		/* as sysdig: "fd:<type letter><flags in hex>" per entry */
		size_t o = 0;

		buf[0] = 0;
		for (j = 0; j < cnt && o + 40 < len; j++) {
			const struct sinsp_fd *f;
			int64_t fd;
			uint16_t fl;

			if (scap_param_fdlist(&p, (uint32_t)j, &fd, &fl) < 0)
				break;
			f = fd >= 0 ? fd_for_param(h, e, fd) : NULL;
			o += (size_t)snprintf(buf + o, len - o, "%s%" PRId64 ":", j ? " " : "", fd);
			if (f)
				buf[o++] = sinsp_fd_typechar(f);
			o += (size_t)snprintf(buf + o, len - o, "%x", fl);
		}
		return (int)o;
	}
	n = scap_param_format(buf, len, pi, &p);
	if (n < 0) {
		n = snprintf(buf, len, "<invalid>");
		return n;
	}
	if ((size_t)n >= len)
		n = (int)len - 1;
	if (in_args && pi->type == SCAP_PT_BYTEBUF && n > 80 && len > 81) {
		memcpy(buf + 77, "...", 4);
		n = 80;
	}
	if ((pi->type == SCAP_PT_FD || pi->type == SCAP_PT_FD32) && d->len[i]) {
		int64_t fd = raw_int(d->val[i], d->len[i], 1);
		const struct sinsp_fd *f = fd >= 0 ? fd_for_param(h, e, fd) : NULL;

		/* as sysdig: negative descriptors get the errno name, AT_FDCWD its own */
		if (fd == SCAP_AT_FDCWD && strstr(pi->name, "dirfd") && (size_t)n + 12 < len)
			n += snprintf(buf + n, len - (size_t)n, "(AT_FDCWD)");
		else if (fd < 0 && scap_errno_name(-fd) && (size_t)n + 20 < len)
			n += snprintf(buf + n, len - (size_t)n, "(%s)", scap_errno_name(-fd));
		if (f && (size_t)n + 8 < len) {
			char l4 = sinsp_fd_l4char(f);
			int k = l4 ? snprintf(buf + n, len - (size_t)n, "(<%c%c>",
					      sinsp_fd_typechar(f), l4)
				   : snprintf(buf + n, len - (size_t)n, "(<%c>",
					      sinsp_fd_typechar(f));

			n += k;
			n += (int)sinsp_fd_name(f, buf + n, len - (size_t)n - 1);
			buf[n++] = ')';
			buf[n] = 0;
		}
	} else if ((pi->type == SCAP_PT_PID || pi->type == SCAP_PT_PID32) && d->len[i]) {
		int64_t tid = raw_int(d->val[i], d->len[i], 1);
		const struct sinsp_thread *t = tid > 0 ? tmap_get(&h->threads, tid) : NULL;

		if (t && t->comm && strcmp(t->comm, "<NA>") &&
		    (size_t)n + strlen(t->comm) + 3 < len)
			n += snprintf(buf + n, len - (size_t)n, "(%s)", t->comm);
	}
	return n;
}

static int arg_text(struct sinsp *h, const struct sinsp_evt *e, const struct decoded *d, int i,
		    char *buf, size_t len)
{
	return arg_text_ex(h, e, d, i, buf, len, 0);
}

/*
 * evt.arg.NAME / evt.arg[N] as Falco: the resolved part of a parameter when it has one (the
 * descriptor "<f>/etc/passwd", "ENOENT", flag names, the signal, the thread's name), otherwise
 * the value. Only numeric types get a resolved part, written as "value(resolved)".
 */
static void arg_resolved(struct sinsp *h, const struct sinsp_evt *e, const struct decoded *d, int i,
			 char *buf, size_t len)
{
	char *p;
	size_t n;

	arg_text(h, e, d, i, buf, len);
	switch (d->info->params[i].type) {
	case SCAP_PT_FD:
	case SCAP_PT_FD32:
	case SCAP_PT_PID:
	case SCAP_PT_PID32:
	case SCAP_PT_ERRNO:
	case SCAP_PT_SIGTYPE:
	case SCAP_PT_FLAGS8:
	case SCAP_PT_FLAGS16:
	case SCAP_PT_FLAGS32:
	case SCAP_PT_MODE:
	case SCAP_PT_ENUMFLAGS8:
	case SCAP_PT_ENUMFLAGS16:
	case SCAP_PT_ENUMFLAGS32:
		break;
	default:
		return;
	}
	n = strlen(buf);
	p = strchr(buf, '(');
	if (!p || n < 3 || buf[n - 1] != ')' || p + 2 >= buf + n)
		return;
	n = (size_t)(buf + n - 1 - (p + 1));
	memmove(buf, p + 1, n);
	buf[n] = 0;
}

int sinsp_evt_param_text(struct sinsp *h, const struct sinsp_evt *e, int i, char *buf, size_t len)
{
	if (!len)
		return 0;
	buf[0] = 0;
	if (i < 0 || (uint32_t)i >= e->d.nparams)
		return 0;
	return arg_text(h, e, &e->d, i, buf, len);
}

int sinsp_evt_args_text(struct sinsp *h, const struct sinsp_evt *e, char *buf, size_t len)
{
	char one[2048];
	size_t o = 0;
	uint32_t i;

	if (!len)
		return 0;
	buf[0] = 0;
	/* generic events show their syscall as the type and no arguments */
	if (e->type == SCAP_EVT_GENERIC_E || e->type == SCAP_EVT_GENERIC_X)
		return 0;
	for (i = 0; i < e->d.nparams && i < e->d.info->nparams; i++) {
		/* sysdig ends every "name=value" with a space */
		arg_text_ex(h, e, &e->d, (int)i, one, sizeof(one), 1);
		o += (size_t)snprintf(buf + (o < len ? o : len - 1), o < len ? len - o : 1,
				      "%s=%s ", e->d.info->params[i].name, one);
	}
	if (o >= len)
		o = len - 1;
	return (int)o;
}

int sinsp_field_ref_text(struct sinsp *h, const struct sinsp_evt *e,
			 const struct sinsp_field_ref *ref, char *buf, size_t len)
{
	struct sinsp_value v[SINSP_FIELD_MAX_VALUES];
	size_t o = 0;
	int n, i;

	n = extract(h, e, ref, v, SINSP_FIELD_MAX_VALUES);
	if (n <= 0) {
		snprintf(buf, len, "<NA>");
		return 0;
	}
	buf[0] = 0;
	for (i = 0; i < n && o < len; i++) {
		char ipb[64];
		int k;

		if (i)
			buf[o++] = ' ';
		if (o >= len)
			break;
		switch (v[i].type) {
		case SINSP_FT_STR:
			k = snprintf(buf + o, len - o, "%.*s", (int)v[i].len, v[i].s);
			break;
		case SINSP_FT_INT:
			k = snprintf(buf + o, len - o, "%" PRId64, v[i].i);
			break;
		case SINSP_FT_UINT:
			k = snprintf(buf + o, len - o, "%" PRIu64, v[i].u);
			break;
		case SINSP_FT_BOOL:
			k = snprintf(buf + o, len - o, "%s", v[i].i ? "true" : "false");
			break;
		default:
			sinsp_ip_str(v[i].family, v[i].ip, ipb, sizeof(ipb));
			k = snprintf(buf + o, len - o, "%s", ipb);
			break;
		}
		o += k > 0 ? (size_t)k : 0;
	}
	if (o >= len && len)
		buf[len - 1] = 0;
	return n;
}

int sinsp_field_text(struct sinsp *h, const struct sinsp_evt *e, const char *field, char *buf,
		     size_t len)
{
	char name[256], arg[256];
	struct sinsp_field_ref ref = { 0 };
	int n = sinsp_field_split(field, name, sizeof(name), arg, sizeof(arg));
	int rc;

	if (n <= 0 || field[n])
		return -ENOENT;
	rc = lookup(h, name, arg[0] ? arg : NULL, &ref);
	if (rc < 0)
		return rc;
	if (rc == 1)
		ref.arg = strchr(field + 4, '.') + 1;
	else if (ref.argidx < 0 && arg[0])
		ref.arg = arg;
	sinsp_field_ref_text(h, e, &ref, buf, len);
	return 0;
}
