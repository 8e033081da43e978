/* SPDX-License-Identifier: Apache-2.0 */
/* How descriptors are named in output: type letters and words, socket tuples as text. */
#include <arpa/inet.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sinsp_int.h"

char sinsp_fd_typechar(const struct sinsp_fd *f)
{
	switch (f->type) {
	case SCAP_FD_FILE:
	case SCAP_FD_FILE_V2:
		return 'f';
	case SCAP_FD_DIRECTORY:
		return 'd';
	case SCAP_FD_IPV4_SOCK:
	case SCAP_FD_IPV4_SERVSOCK:
		return '4';
	case SCAP_FD_IPV6_SOCK:
	case SCAP_FD_IPV6_SERVSOCK:
		return '6';
	case SCAP_FD_FIFO:
		return 'p';
	case SCAP_FD_UNIX_SOCK:
		return 'u';
	case SCAP_FD_EVENT:
		return 'e';
	case SCAP_FD_SIGNALFD:
		return 's';
	case SCAP_FD_EVENTPOLL:
		return 'l';
	case SCAP_FD_INOTIFY:
		return 'i';
	case SCAP_FD_TIMERFD:
		return 't';
	case SCAP_FD_NETLINK:
		return 'n';
	case SCAP_FD_BPF:
		return 'b';
	case SCAP_FD_USERFAULTFD:
		return 'u';
	case SCAP_FD_IOURING:
		return 'r';
	case SCAP_FD_MEMFD:
		return 'm';
	case SCAP_FD_PIDFD:
		return 'P';
	case SCAP_FD_UNSUPPORTED:
		return 'X';
	default:
		return 'o';
	}
}

const char *sinsp_fd_typestr(const struct sinsp_fd *f)
{
	switch (f->type) {
	case SCAP_FD_FILE:
	case SCAP_FD_FILE_V2:
		return "file";
	case SCAP_FD_DIRECTORY:
		return "directory";
	case SCAP_FD_IPV4_SOCK:
	case SCAP_FD_IPV4_SERVSOCK:
		return "ipv4";
	case SCAP_FD_IPV6_SOCK:
	case SCAP_FD_IPV6_SERVSOCK:
		return "ipv6";
	case SCAP_FD_UNIX_SOCK:
		return "unix";
	case SCAP_FD_FIFO:
		return "pipe";
	case SCAP_FD_EVENT:
		return "event";
	case SCAP_FD_SIGNALFD:
		return "signalfd";
	case SCAP_FD_EVENTPOLL:
		return "eventpoll";
	case SCAP_FD_INOTIFY:
		return "inotify";
	case SCAP_FD_TIMERFD:
		return "timerfd";
	case SCAP_FD_NETLINK:
		return "netlink";
	case SCAP_FD_BPF:
		return "bpf";
	case SCAP_FD_USERFAULTFD:
		return "userfaultfd";
	case SCAP_FD_IOURING:
		return "io_uring";
	case SCAP_FD_MEMFD:
		return "memfd";
	case SCAP_FD_PIDFD:
		return "pidfd";
	default:
		return "<NA>";
	}
}

/* IPv4 by hand: inet_ntop goes through sprintf, which dominated the state path. */
static size_t ipv4_str(const uint8_t *ip, char *buf)
{
	size_t n = 0;
	int i;

	for (i = 0; i < 4; i++) {
		unsigned v = ip[i];

		if (v >= 100)
			buf[n++] = (char)('0' + v / 100);
		if (v >= 10)
			buf[n++] = (char)('0' + v / 10 % 10);
		buf[n++] = (char)('0' + v % 10);
		if (i < 3)
			buf[n++] = '.';
	}
	buf[n] = 0;
	return n;
}

static size_t port_str(uint16_t port, char *buf)
{
	char tmp[8];
	size_t n = 0, k = 0;

	do {
		tmp[k++] = (char)('0' + port % 10);
		port /= 10;
	} while (port);
	while (k)
		buf[n++] = tmp[--k];
	buf[n] = 0;
	return n;
}

size_t sinsp_ip_str(uint8_t family, const uint8_t *ip, char *buf, size_t len)
{
	if (family == 4 && len >= 16)
		return ipv4_str(ip, buf);
	if (!inet_ntop(family == 6 ? AF_INET6 : AF_INET, ip, buf, (socklen_t)len))
		snprintf(buf, len, "<NA>");
	return strlen(buf);
}

/*
 * IP sockets: "client:port->server:port" once connected, "ip:port" when only bound. Parsers only
 * mark the name stale when addresses change; it is rendered when first asked for.
 */
#define SINSP_FD_NAME_STALE (1u << 7)

void sinsp_fd_refresh_name(struct sinsp_fd *f)
{
	if (f->type >= SCAP_FD_IPV4_SOCK && f->type <= SCAP_FD_IPV6_SERVSOCK)
		f->sflags |= SINSP_FD_NAME_STALE;
}

const char *sinsp_fd_ipname(struct sinsp_fd *f)
{
	char buf[128];
	size_t n = 0;

	if (!(f->sflags & SINSP_FD_NAME_STALE))
		return f->name;
	f->sflags &= ~SINSP_FD_NAME_STALE;
	buf[0] = 0;
	if (f->family && (f->sflags & (SINSP_FD_CONNECTED | SINSP_FD_BOUND))) {
		n = sinsp_ip_str(f->family, f->sip, buf, 64);
		buf[n++] = ':';
		n += port_str(f->sport, buf + n);
		if (f->sflags & SINSP_FD_CONNECTED) {
			buf[n++] = '-';
			buf[n++] = '>';
			n += sinsp_ip_str(f->family, f->dip, buf + n, 64);
			buf[n++] = ':';
			n += port_str(f->dport, buf + n);
		}
	}
	free(f->name);
	f->name = n ? strdup(buf) : NULL;
	return f->name;
}

size_t sinsp_fd_name(const struct sinsp_fd *f, char *buf, size_t len)
{
	int n = 0;

	buf[0] = 0;
	switch (f->type) {
	case SCAP_FD_IPV4_SOCK:
	case SCAP_FD_IPV6_SOCK:
	case SCAP_FD_IPV4_SERVSOCK:
	case SCAP_FD_IPV6_SERVSOCK:
		if (sinsp_fd_ipname((struct sinsp_fd *)f))
			n = snprintf(buf, len, "%s", f->name);
		break;
	case SCAP_FD_UNIX_SOCK:
		if (f->usrc || f->udst)
			n = snprintf(buf, len, "%" PRIx64 "->%" PRIx64 "%s%s", f->usrc, f->udst,
				     f->name ? " " : "", f->name ? f->name : "");
		else if (f->name)
			n = snprintf(buf, len, "%s", f->name);
		break;
	default:
		if (f->name)
			n = snprintf(buf, len, "%s", f->name);
		break;
	}
	if (n < 0)
		n = 0;
	return (size_t)n < len ? (size_t)n : len ? len - 1 : 0;
}

/* Transport letter shown after the type letter of IP sockets whose transport is known. */
char sinsp_fd_l4char(const struct sinsp_fd *f)
{
	if (f->type < SCAP_FD_IPV4_SOCK || f->type > SCAP_FD_IPV6_SERVSOCK)
		return 0;
	switch (f->l4proto) {
	case SCAP_L4_TCP:
		return 't';
	case SCAP_L4_UDP:
		return 'u';
	case SCAP_L4_ICMP:
		return 'i';
	case SCAP_L4_RAW:
		return 'r';
	default:
		return 0;
	}
}
