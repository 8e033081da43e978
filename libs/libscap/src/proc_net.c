// SPDX-License-Identifier: Apache-2.0
/*
 * /proc scan, sockets: the tcp/udp/raw (v4 and v6), unix and netlink tables of a network
 * namespace, read from /proc/<pid>/net/ once per namespace and searched by socket inode.
 * Addresses are kept as the kernel prints them (network byte order), ports in host order.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "proc_int.h"

struct sock_vec {
	struct proc_sock *v;
	size_t n, cap;
};

static struct proc_sock *vec_add(struct sock_vec *s)
{
	if (s->n == s->cap) {
		size_t ncap = s->cap ? s->cap * 2 : 64;
		struct proc_sock *nv = realloc(s->v, ncap * sizeof(*nv));

		if (!nv)
			return NULL;
		s->v = nv;
		s->cap = ncap;
	}
	memset(&s->v[s->n], 0, sizeof(s->v[0]));
	return &s->v[s->n++];
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* n hex digits -> value; -1 on a bad digit */
static int hexn(const char *s, int n, uint32_t *out)
{
	uint32_t v = 0;

	for (int i = 0; i < n; i++) {
		int h = hexval(s[i]);

		if (h < 0)
			return -1;
		v = (v << 4) | (uint32_t)h;
	}
	*out = v;
	return 0;
}

/* "0100007F:0016" (v4) or 32 hex digits + ":PORT" (v6); words copied as the kernel holds them */
static int parse_addr(const char *s, int v6, uint8_t *ip, uint16_t *port)
{
	int words = v6 ? 4 : 1;
	uint32_t w, p;

	for (int i = 0; i < words; i++) {
		if (hexn(s + 8 * i, 8, &w))
			return -1;
		memcpy(ip + 4 * i, &w, 4);
	}
	s += 8 * words;
	if (*s != ':' || hexn(s + 1, 4, &p))
		return -1;
	*port = (uint16_t)p;
	return 0;
}

static int read_inet(const char *path, int v6, uint8_t l4, struct sock_vec *out)
{
	FILE *f = fopen(path, "re");
	char line[512];

	if (!f)
		return 0; /* protocol absent (e.g. no IPv6) */
	if (!fgets(line, sizeof(line), f)) { /* header */
		fclose(f);
		return 0;
	}
	while (fgets(line, sizeof(line), f)) {
		char loc[64], rem[64];
		unsigned long long ino;
		uint8_t sip[16] = { 0 }, dip[16] = { 0 }, zero[16] = { 0 };
		uint16_t sport, dport;
		struct proc_sock *s;

		/* sl local rem st tx:rx tr:when retrnsmt uid timeout inode */
		if (sscanf(line, " %*s %63s %63s %*s %*s %*s %*s %*s %*s %llu", loc, rem, &ino) !=
		    3)
			continue;
		if (parse_addr(loc, v6, sip, &sport) || parse_addr(rem, v6, dip, &dport))
			continue;
		s = vec_add(out);
		if (!s) {
			fclose(f);
			return -ENOMEM;
		}
		s->ino = ino;
		s->fdi.l4proto = l4;
		if (!memcmp(dip, zero, v6 ? 16 : 4)) {
			/* nothing on the other end: a listening/bound socket */
			if (v6) {
				s->fdi.type = SCAP_FD_IPV6_SERVSOCK;
				memcpy(s->fdi.sock.ipv6_server.ip, sip, 16);
				s->fdi.sock.ipv6_server.port = sport;
			} else {
				s->fdi.type = SCAP_FD_IPV4_SERVSOCK;
				memcpy(&s->fdi.sock.ipv4_server.ip, sip, 4);
				s->fdi.sock.ipv4_server.port = sport;
			}
		} else if (v6) {
			s->fdi.type = SCAP_FD_IPV6_SOCK;
			memcpy(s->fdi.sock.ipv6.sip, sip, 16);
			memcpy(s->fdi.sock.ipv6.dip, dip, 16);
			s->fdi.sock.ipv6.sport = sport;
			s->fdi.sock.ipv6.dport = dport;
		} else {
			s->fdi.type = SCAP_FD_IPV4_SOCK;
			memcpy(&s->fdi.sock.ipv4.sip, sip, 4);
			memcpy(&s->fdi.sock.ipv4.dip, dip, 4);
			s->fdi.sock.ipv4.sport = sport;
			s->fdi.sock.ipv4.dport = dport;
		}
	}
	fclose(f);
	return 0;
}

static int read_unix(const char *path, struct sock_vec *out)
{
	FILE *f = fopen(path, "re");
	char line[4352];

	if (!f)
		return 0;
	if (!fgets(line, sizeof(line), f)) {
		fclose(f);
		return 0;
	}
	while (fgets(line, sizeof(line), f)) {
		unsigned long long num, ino;
		int pos = 0;
		struct proc_sock *s;
		char *p;

		/* Num: RefCount Protocol Flags Type St Inode [Path] */
		if (sscanf(line, "%llx: %*s %*s %*s %*s %*s %llu%n", &num, &ino, &pos) != 2)
			continue;
		s = vec_add(out);
		if (!s) {
			fclose(f);
			return -ENOMEM;
		}
		s->ino = ino;
		s->fdi.type = SCAP_FD_UNIX_SOCK;
		s->fdi.l4proto = SCAP_L4_NA;
		s->fdi.sock.unix_sock.source = num;
		p = line + pos;
		p += strspn(p, " ");
		p[strcspn(p, "\n")] = 0;
		/* the name is copied when an fd refers to the socket; keep it in a fresh string */
		if (*p && scap_state_set_str(&s->fdi.name, p, strlen(p))) {
			fclose(f);
			return -ENOMEM;
		}
	}
	fclose(f);
	return 0;
}

static int read_netlink(const char *path, struct sock_vec *out)
{
	FILE *f = fopen(path, "re");
	char line[512];

	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f)) {
		unsigned long long ino;
		struct proc_sock *s;

		/* sk Eth Pid Groups Rmem Wmem Dump Locks Drops Inode */
		if (line[0] == 's' ||
		    sscanf(line, "%*s %*s %*s %*s %*s %*s %*s %*s %*s %llu", &ino) != 1)
			continue;
		s = vec_add(out);
		if (!s) {
			fclose(f);
			return -ENOMEM;
		}
		s->ino = ino;
		s->fdi.type = SCAP_FD_NETLINK;
		s->fdi.l4proto = SCAP_L4_NA;
	}
	fclose(f);
	return 0;
}

static int by_ino(const void *a, const void *b)
{
	const struct proc_sock *x = a, *y = b;

	return x->ino < y->ino ? -1 : x->ino > y->ino;
}

const struct proc_netns *proc_net_get(struct proc_net_cache *c, const char *procdir, uint64_t netns)
{
	static const struct {
		const char *file;
		int v6;
		uint8_t l4;
	} inet[] = {
		{ "tcp", 0, SCAP_L4_TCP },  { "udp", 0, SCAP_L4_UDP },	{ "raw", 0, SCAP_L4_RAW },
		{ "tcp6", 1, SCAP_L4_TCP }, { "udp6", 1, SCAP_L4_UDP }, { "raw6", 1, SCAP_L4_RAW },
	};
	struct sock_vec v = { 0 };
	char path[PROC_PATH];
	struct proc_netns *ns;

	for (size_t i = 0; i < c->n; i++)
		if (c->ns[i].netns == netns)
			return &c->ns[i];
	if (c->n == c->cap) {
		size_t ncap = c->cap ? c->cap * 2 : 8;
		struct proc_netns *nn = realloc(c->ns, ncap * sizeof(*nn));

		if (!nn)
			return NULL;
		c->ns = nn;
		c->cap = ncap;
	}
	for (size_t i = 0; i < sizeof(inet) / sizeof(inet[0]); i++) {
		proc_path(path, "%s/net/%s", procdir, inet[i].file);
		if (read_inet(path, inet[i].v6, inet[i].l4, &v))
			goto oom;
	}
	proc_path(path, "%s/net/unix", procdir);
	if (read_unix(path, &v))
		goto oom;
	proc_path(path, "%s/net/netlink", procdir);
	if (read_netlink(path, &v))
		goto oom;
	if (v.n)
		qsort(v.v, v.n, sizeof(v.v[0]), by_ino);
	ns = &c->ns[c->n++];
	ns->netns = netns;
	ns->socks = v.v;
	ns->n = v.n;
	return ns;
oom:
	for (size_t i = 0; i < v.n; i++)
		free(v.v[i].fdi.name);
	free(v.v);
	return NULL;
}

const struct proc_sock *proc_net_find(const struct proc_netns *ns, uint64_t ino)
{
	struct proc_sock key = { .ino = ino };

	if (!ns || !ns->n)
		return NULL;
	return bsearch(&key, ns->socks, ns->n, sizeof(key), by_ino);
}

void proc_net_free(struct proc_net_cache *c)
{
	for (size_t i = 0; i < c->n; i++) {
		for (size_t k = 0; k < c->ns[i].n; k++)
			free(c->ns[i].socks[k].fdi.name);
		free(c->ns[i].socks);
	}
	free(c->ns);
	free(c->mnt);
	memset(c, 0, sizeof(*c));
}
