// SPDX-License-Identifier: Apache-2.0
/*
 * Text of parameter values, matching what sysdig prints for a capture: decimal or uppercase hex
 * per print format, errno names after negative results, flag names in parentheses, addresses as
 * ip:port, non-printable bytes as '.'. Fd and pid decorations need process state and are added
 * by libsinsp.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include <scap/scap_event.h>

/* An snprintf-like appender that keeps counting past the end of the buffer. */
struct out {
	char *buf;
	size_t len;
	size_t pos;
};

__attribute__((format(printf, 2, 3))) static void put(struct out *o, const char *fmt, ...)
{
	va_list ap;
	size_t room = o->pos < o->len ? o->len - o->pos : 0;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(room ? o->buf + o->pos : NULL, room, fmt, ap);
	va_end(ap);
	if (n > 0)
		o->pos += (size_t)n;
}

static void put_bytes(struct out *o, const unsigned char *d, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char c = d[i];

		if (o->pos + 1 < o->len)
			o->buf[o->pos] = (c >= 0x20 && c < 0x7f) ? (char)c : '.';
		o->pos++;
	}
	if (o->len)
		o->buf[o->pos < o->len ? o->pos : o->len - 1] = '\0';
}

static const char *const errno_names[] = {
#define E(n) [n] = #n
	E(EPERM),	  E(ENOENT),	      E(ESRCH),		  E(EINTR),
	E(EIO),		  E(ENXIO),	      E(E2BIG),		  E(ENOEXEC),
	E(EBADF),	  E(ECHILD),	      E(EAGAIN),	  E(ENOMEM),
	E(EACCES),	  E(EFAULT),	      E(ENOTBLK),	  E(EBUSY),
	E(EEXIST),	  E(EXDEV),	      E(ENODEV),	  E(ENOTDIR),
	E(EISDIR),	  E(EINVAL),	      E(ENFILE),	  E(EMFILE),
	E(ENOTTY),	  E(ETXTBSY),	      E(EFBIG),		  E(ENOSPC),
	E(ESPIPE),	  E(EROFS),	      E(EMLINK),	  E(EPIPE),
	E(EDOM),	  E(ERANGE),	      E(EDEADLK),	  E(ENAMETOOLONG),
	E(ENOLCK),	  E(ENOSYS),	      E(ENOTEMPTY),	  E(ELOOP),
	E(ENOMSG),	  E(EIDRM),	      E(ENOSTR),	  E(ENODATA),
	E(ETIME),	  E(ENOSR),	      E(EREMOTE),	  E(ENOLINK),
	E(EPROTO),	  E(EBADMSG),	      E(EOVERFLOW),	  E(EILSEQ),
	E(EUSERS),	  E(ENOTSOCK),	      E(EDESTADDRREQ),	  E(EMSGSIZE),
	E(EPROTOTYPE),	  E(ENOPROTOOPT),     E(EPROTONOSUPPORT), E(ESOCKTNOSUPPORT),
	E(EOPNOTSUPP),	  E(EPFNOSUPPORT),    E(EAFNOSUPPORT),	  E(EADDRINUSE),
	E(EADDRNOTAVAIL), E(ENETDOWN),	      E(ENETUNREACH),	  E(ENETRESET),
	E(ECONNABORTED),  E(ECONNRESET),      E(ENOBUFS),	  E(EISCONN),
	E(ENOTCONN),	  E(ESHUTDOWN),	      E(ETOOMANYREFS),	  E(ETIMEDOUT),
	E(ECONNREFUSED),  E(EHOSTDOWN),	      E(EHOSTUNREACH),	  E(EALREADY),
	E(EINPROGRESS),	  E(ESTALE),	      E(EDQUOT),	  E(ECANCELED),
	E(EOWNERDEAD),	  E(ENOTRECOVERABLE),
#undef E
};

const char *scap_errno_name(int64_t err)
{
	if (err < 0)
		err = err == INT64_MIN ? INT64_MAX : -err; /* no errno is that large anyway */
	if (err == 512)
		return "ERESTARTSYS";
	if (err == 513)
		return "ERESTARTNOINTR";
	if (err == 514)
		return "ERESTARTNOHAND";
	if (err == 516)
		return "ERESTART_RESTARTBLOCK";
	if ((uint64_t)err < sizeof(errno_names) / sizeof(errno_names[0]))
		return errno_names[err];
	return NULL;
}

static const char *const signal_names[] = {
	NULL,	     "SIGHUP",	"SIGINT",    "SIGQUIT", "SIGILL",   "SIGTRAP", "SIGABRT", "SIGBUS",
	"SIGFPE",    "SIGKILL", "SIGUSR1",   "SIGSEGV", "SIGUSR2",  "SIGPIPE", "SIGALRM", "SIGTERM",
	"SIGSTKFLT", "SIGCHLD", "SIGCONT",   "SIGSTOP", "SIGTSTP",  "SIGTTIN", "SIGTTOU", "SIGURG",
	"SIGXCPU",   "SIGXFSZ", "SIGVTALRM", "SIGPROF", "SIGWINCH", "SIGIO",   "SIGPWR",  "SIGSYS",
};

static void put_number(struct out *o, uint8_t fmt, int is_signed, int64_t s, uint64_t u)
{
	switch (fmt) {
	case SCAP_FMT_HEX:
		put(o, "%" PRIX64, u);
		break;
	case SCAP_FMT_OCT:
		put(o, "%" PRIo64, u);
		break;
	case SCAP_FMT_10_PADDED_DEC:
		put(o, "%09" PRIu64, u);
		break;
	default:
		if (is_signed)
			put(o, "%" PRId64, s);
		else
			put(o, "%" PRIu64, u);
	}
}

/* "(NAME|NAME)" for bit flags: names listed first win the bits they cover. */
static void put_flag_names(struct out *o, const struct scap_name_value *names, uint64_t v,
			   int is_enum)
{
	const struct scap_name_value *nv;
	int n = 0;

	if (!names)
		return;
	if (is_enum) {
		for (nv = names; nv->name; nv++)
			if (nv->value == v) {
				put(o, "(%s)", nv->name);
				return;
			}
		return;
	}
	uint64_t left = v;

	for (nv = names; nv->name; nv++) {
		/* a zero-valued name (F_OK) describes an empty value only */
		int match = nv->value ? (left & nv->value) == nv->value : v == 0;

		if (!match)
			continue;
		put(o, "%s%s", n++ ? "|" : "(", nv->name);
		left &= ~(uint64_t)nv->value;
	}
	if (n)
		put(o, ")");
}

static void put_ip(struct out *o, int family, const uint8_t *ip)
{
	char txt[INET6_ADDRSTRLEN];

	if (!inet_ntop(family == SCAP_AF_INET ? AF_INET : AF_INET6, ip, txt, sizeof(txt)))
		snprintf(txt, sizeof(txt), "?");
	put(o, "%s", txt);
}

static void put_sockaddr(struct out *o, const struct scap_param *p, int tuple)
{
	struct scap_sockaddr sa;
	int rc = tuple ? scap_param_socktuple(p, &sa) : scap_param_sockaddr(p, &sa);

	if (rc) {
		put(o, "<malformed>");
		return;
	}
	switch (sa.family) {
	case SCAP_AF_INET:
	case SCAP_AF_INET6:
		put_ip(o, sa.family, sa.sip);
		put(o, ":%u", sa.sport);
		if (tuple) {
			put(o, "->");
			put_ip(o, sa.family, sa.dip);
			put(o, ":%u", sa.dport);
		}
		break;
	case SCAP_AF_UNIX:
		if (tuple)
			put(o, "%" PRIx64 "->%" PRIx64 " %s", sa.src_id, sa.dst_id, sa.path);
		else
			put(o, "%s", sa.path);
		break;
	default:
		put(o, "family %u", sa.family);
	}
}

static int format_value(struct out *o, const struct scap_param_info *info,
			const struct scap_param *p, int depth)
{
	uint8_t t = info->type;
	int64_t s = 0;
	uint64_t u = 0;

	if (!p->len) {
		if (t == SCAP_PT_SOCKADDR || t == SCAP_PT_SOCKTUPLE)
			put(o, "NULL");
		return 0;
	}
	switch (t) {
	case SCAP_PT_CHARBUF:
	case SCAP_PT_FSPATH:
	case SCAP_PT_FSRELPATH: {
		size_t n = strnlen(p->data, p->len);

		put_bytes(o, p->data, n);
		return 0;
	}
	case SCAP_PT_BYTEBUF:
	case SCAP_PT_CHARBUFARRAY:
	case SCAP_PT_CHARBUF_PAIR_ARRAY:
		put_bytes(o, p->data, p->len);
		return 0;
	case SCAP_PT_SOCKADDR:
		put_sockaddr(o, p, 0);
		return 0;
	case SCAP_PT_SOCKTUPLE:
		put_sockaddr(o, p, 1);
		return 0;
	case SCAP_PT_FDLIST: {
		int n = scap_param_fdlist(p, 0, NULL, NULL);

		if (n < 0) {
			put(o, "<malformed>");
			return 0;
		}
		for (int i = 0; i < n; i++) {
			int64_t fd;
			uint16_t fl;

			scap_param_fdlist(p, (uint32_t)i, &fd, &fl);
			put(o, "%s%" PRId64 ":%u", i ? " " : "", fd, fl);
		}
		return 0;
	}
	case SCAP_PT_IPV4ADDR:
	case SCAP_PT_IPV6ADDR:
	case SCAP_PT_IPADDR:
		if (p->len == 4 || p->len == 16) {
			put_ip(o, p->len == 4 ? SCAP_AF_INET : SCAP_AF_INET6, p->data);
			return 0;
		}
		put(o, "<malformed>");
		return 0;
	case SCAP_PT_IPV4NET:
	case SCAP_PT_IPV6NET:
	case SCAP_PT_IPNET:
		put_bytes(o, p->data, p->len);
		return 0;
	case SCAP_PT_DOUBLE:
		if (p->len == 8) {
			double d;

			memcpy(&d, p->data, 8);
			put(o, "%lf", d);
		}
		return 0;
	case SCAP_PT_DYN: {
		const struct scap_param_info *variant;
		struct scap_param value;

		if (depth || scap_param_dyn(info, p, &variant, &value)) {
			put(o, "<malformed>");
			return 0;
		}
		return format_value(o, variant, &value, depth + 1);
	}
	default:
		break;
	}

	/* everything left is an integer of some width */
	if (scap_param_s64(p, t, &s) || scap_param_u64(p, t, &u)) {
		put(o, "<malformed>");
		return 0;
	}
	switch (t) {
	case SCAP_PT_ERRNO:
		put(o, "%" PRId64, s);
		if (s < 0 && scap_errno_name(s))
			put(o, "(%s)", scap_errno_name(s));
		return 0;
	case SCAP_PT_SYSCALLID:
		if (u < SCAP_SC_MAX && scap_sc_names[u])
			put(o, "%s", scap_sc_names[u]);
		else
			put(o, "%" PRIu64, u);
		return 0;
	case SCAP_PT_SIGTYPE:
		put(o, "%" PRIu64, u);
		if (u < sizeof(signal_names) / sizeof(signal_names[0]) && signal_names[u])
			put(o, "(%s)", signal_names[u]);
		return 0;
	case SCAP_PT_FLAGS8:
	case SCAP_PT_FLAGS16:
	case SCAP_PT_FLAGS32:
	case SCAP_PT_MODE:
		put_number(o, info->fmt == SCAP_FMT_HEX ? SCAP_FMT_DEC : info->fmt, 0, s, u);
		put_flag_names(o, info->names, u, 0);
		return 0;
	case SCAP_PT_ENUMFLAGS8:
	case SCAP_PT_ENUMFLAGS16:
	case SCAP_PT_ENUMFLAGS32:
		put_number(o, SCAP_FMT_DEC, 0, s, u);
		put_flag_names(o, info->names, u, 1);
		return 0;
	case SCAP_PT_BOOL:
		put(o, "%s", u ? "true" : "false");
		return 0;
	default:
		put_number(o, info->fmt,
			   t == SCAP_PT_INT8 || t == SCAP_PT_INT16 || t == SCAP_PT_INT32 ||
				   t == SCAP_PT_INT64 || t == SCAP_PT_FD || t == SCAP_PT_PID ||
				   t == SCAP_PT_FD32 || t == SCAP_PT_PID32,
			   s, u);
		return 0;
	}
}

int scap_param_format(char *buf, size_t len, const struct scap_param_info *info,
		      const struct scap_param *p)
{
	struct out o = { .buf = buf, .len = len };

	if (len)
		buf[0] = '\0';
	format_value(&o, info, p, 0);
	return o.pos > INT32_MAX ? -EOVERFLOW : (int)o.pos;
}

int scap_event_format_args(char *buf, size_t len, const struct scap_evt_hdr *evt)
{
	struct scap_param params[SCAP_MAX_EVENT_PARAMS];
	struct out o = { .buf = buf, .len = len };
	struct scap_evt_hdr h;
	const struct scap_event_info *info;
	int n;

	if (len)
		buf[0] = '\0';
	memcpy(&h, evt, sizeof(h));
	info = scap_event_get_info(h.type);
	if (!info)
		return -EINVAL;
	n = scap_event_params(evt, params, SCAP_MAX_EVENT_PARAMS);
	if (n < 0)
		return n;
	/* Parameters the table does not know (newer driver) are not printed. */
	if ((uint32_t)n > info->nparams)
		n = (int)info->nparams;
	for (int i = 0; i < n; i++) {
		put(&o, "%s%s=", i ? " " : "", info->params[i].name);
		format_value(&o, &info->params[i], &params[i], 0);
	}
	return o.pos > INT32_MAX ? -EOVERFLOW : (int)o.pos;
}
