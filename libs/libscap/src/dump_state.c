// SPDX-License-Identifier: Apache-2.0
/*
 * Capture writer, state blocks: the newest layout of each (IL v2, UL v2, PL v9, FDL v2), with
 * per-entry lengths so that older and newer readers can skip what they do not know. Strings
 * are clamped to the limits falcosecurity readers enforce, so our files stay readable there.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "dump_int.h"
#include "engines/savefile/scapfile_format.h"

#define PATH_MAX_LEN 1024u /* comm, exe, exepath, cwd, root */
#define LIST_MAX_LEN 4096u /* args, env, cgroups */
#define NAME_MAX_LEN 1023u /* fd and interface names */
#define CRED_MAX_LEN 255u /* user/group names, home, shell */

void sbuf_put(struct sbuf *b, const void *src, size_t n)
{
	if (b->oom)
		return;
	if (b->len + n > b->cap) {
		size_t ncap = b->cap ? b->cap : 4096;
		uint8_t *np;

		while (ncap < b->len + n)
			ncap *= 2;
		np = realloc(b->p, ncap);
		if (!np) {
			b->oom = 1;
			return;
		}
		b->p = np;
		b->cap = ncap;
	}
	if (n)
		memcpy(b->p + b->len, src, n);
	b->len += n;
}

void sbuf_free(struct sbuf *b)
{
	free(b->p);
	memset(b, 0, sizeof(*b));
}

static void put_u8(struct sbuf *b, uint8_t v)
{
	sbuf_put(b, &v, 1);
}

static void put_u16(struct sbuf *b, uint16_t v)
{
	sbuf_put(b, &v, 2);
}

static void put_u32(struct sbuf *b, uint32_t v)
{
	sbuf_put(b, &v, 4);
}

static void put_u64(struct sbuf *b, uint64_t v)
{
	sbuf_put(b, &v, 8);
}

static size_t clamp_len(const char *s, size_t max)
{
	return s ? strnlen(s, max) : 0;
}

/* u16 length + bytes */
static void put_str(struct sbuf *b, const char *s, size_t max)
{
	size_t l = clamp_len(s, max);

	put_u16(b, (uint16_t)l);
	sbuf_put(b, s, l);
}

static void put_list(struct sbuf *b, const char *s, uint32_t len, size_t max)
{
	size_t l = s ? (len < max ? len : max) : 0;

	put_u16(b, (uint16_t)l);
	sbuf_put(b, s, l);
}

/* Start a block: returns the offset of its header, to close with block_end. */
static size_t block_begin(struct sbuf *b, uint32_t type)
{
	size_t at = b->len;

	put_u32(b, type);
	put_u32(b, 0);
	return at;
}

static void block_end(struct sbuf *b, size_t at)
{
	static const uint8_t zero[4];
	size_t body = b->len - at - 8;
	uint32_t total;

	sbuf_put(b, zero, (4 - body % 4) % 4);
	total = (uint32_t)(b->len - at + 4);
	put_u32(b, total);
	if (!b->oom)
		memcpy(b->p + at + 4, &total, 4);
}

/* Entry length placeholder; fixed up by entry_end (the u32 counts itself). */
static size_t entry_begin(struct sbuf *b)
{
	size_t at = b->len;

	put_u32(b, 0);
	return at;
}

static void entry_end(struct sbuf *b, size_t at, uint32_t extra_self)
{
	uint32_t l = (uint32_t)(b->len - at) - extra_self;

	if (!b->oom)
		memcpy(b->p + at, &l, 4);
}

static void put_shb(struct sbuf *b)
{
	size_t at = block_begin(b, SF_SHB);

	put_u32(b, SF_SHB_MAGIC);
	put_u16(b, SF_VERSION_MAJOR);
	put_u16(b, SF_VERSION_MINOR);
	put_u64(b, UINT64_MAX); /* section length unknown */
	block_end(b, at);
}

static void put_mi(struct sbuf *b, const struct scap_machine_info *mi)
{
	size_t at = block_begin(b, SF_MI);
	char host[SCAP_HOSTNAME_LEN];

	memset(host, 0, sizeof(host));
	memcpy(host, mi->hostname, strnlen(mi->hostname, sizeof(host) - 1));
	put_u32(b, mi->num_cpus);
	put_u64(b, mi->memory_size_bytes);
	put_u64(b, mi->max_pid);
	sbuf_put(b, host, sizeof(host));
	put_u64(b, mi->boot_ts_epoch);
	put_u64(b, mi->flags);
	put_u64(b, mi->reserved3);
	put_u64(b, mi->reserved4);
	block_end(b, at);
}

/* Interface entries: u32 length (excluding itself), type, name length, addresses, speed, name. */
static void put_il(struct sbuf *b, const struct scap_state *st)
{
	size_t at = block_begin(b, SF_IL_V2);

	for (uint32_t i = 0; i < st->n_ifaces_v4; i++) {
		const struct scap_iface_v4 *e = &st->ifaces_v4[i];
		size_t nl = clamp_len(e->name, NAME_MAX_LEN);

		put_u32(b, (uint32_t)(2 + 2 + 12 + 8 + nl));
		put_u16(b, SCAP_IFACE_IPV4);
		put_u16(b, (uint16_t)nl);
		put_u32(b, e->addr);
		put_u32(b, e->netmask);
		put_u32(b, e->bcast);
		put_u64(b, e->linkspeed);
		sbuf_put(b, e->name, nl);
	}
	for (uint32_t i = 0; i < st->n_ifaces_v6; i++) {
		const struct scap_iface_v6 *e = &st->ifaces_v6[i];
		size_t nl = clamp_len(e->name, NAME_MAX_LEN);

		put_u32(b, (uint32_t)(2 + 2 + 48 + 8 + nl));
		put_u16(b, SCAP_IFACE_IPV6);
		put_u16(b, (uint16_t)nl);
		sbuf_put(b, e->addr, 16);
		sbuf_put(b, e->netmask, 16);
		sbuf_put(b, e->bcast, 16);
		put_u64(b, e->linkspeed);
		sbuf_put(b, e->name, nl);
	}
	block_end(b, at);
}

/* User/group entries: u32 length (counting itself), kind byte, fields. */
static void put_ul(struct sbuf *b, const struct scap_state *st)
{
	size_t at = block_begin(b, SF_UL_V2);

	for (uint32_t i = 0; i < st->n_users; i++) {
		const struct scap_user *u = &st->users[i];
		size_t e = entry_begin(b);

		put_u8(b, SF_UL_USER);
		put_u32(b, u->uid);
		put_u32(b, u->gid);
		put_str(b, u->name, CRED_MAX_LEN);
		put_str(b, u->homedir, CRED_MAX_LEN);
		put_str(b, u->shell, CRED_MAX_LEN);
		entry_end(b, e, 0);
	}
	for (uint32_t i = 0; i < st->n_groups; i++) {
		const struct scap_group *g = &st->groups[i];
		size_t e = entry_begin(b);

		put_u8(b, SF_UL_GROUP);
		put_u32(b, g->gid);
		put_str(b, g->name, CRED_MAX_LEN);
		entry_end(b, e, 0);
	}
	block_end(b, at);
}

/* Process entries in the v9 order; the u32 length counts itself. */
static void put_pl(struct sbuf *b, const struct scap_state *st)
{
	size_t at = block_begin(b, SF_PL_V9);

	for (uint32_t i = 0; i < st->n_threads; i++) {
		const struct scap_threadinfo *t = &st->threads[i];
		size_t e;

		if (t->placeholder)
			continue;
		e = entry_begin(b);
		put_u64(b, t->tid);
		put_u64(b, t->pid);
		put_u64(b, t->ptid);
		put_u64(b, t->sid);
		put_u64(b, t->vpgid);
		put_str(b, t->comm, PATH_MAX_LEN);
		put_str(b, t->exe, PATH_MAX_LEN);
		put_str(b, t->exepath, PATH_MAX_LEN);
		put_list(b, t->args, t->args_len, LIST_MAX_LEN);
		put_str(b, t->cwd, PATH_MAX_LEN);
		put_u64(b, (uint64_t)t->fdlimit);
		put_u32(b, t->flags);
		put_u32(b, t->uid);
		put_u32(b, t->gid);
		put_u32(b, t->vmsize_kb);
		put_u32(b, t->vmrss_kb);
		put_u32(b, t->vmswap_kb);
		put_u64(b, t->pfmajor);
		put_u64(b, t->pfminor);
		put_list(b, t->env, t->env_len, LIST_MAX_LEN);
		put_u64(b, (uint64_t)t->vtid);
		put_u64(b, (uint64_t)t->vpid);
		put_list(b, t->cgroups, t->cgroups_len, LIST_MAX_LEN);
		put_str(b, t->root, PATH_MAX_LEN);
		put_u64(b, t->pidns_init_start_ts);
		put_u32(b, t->tty);
		put_u32(b, t->loginuid);
		put_u8(b, t->exe_writable);
		put_u64(b, t->cap_inheritable);
		put_u64(b, t->cap_permitted);
		put_u64(b, t->cap_effective);
		put_u8(b, t->exe_upper_layer);
		put_u64(b, t->exe_ino);
		put_u64(b, t->exe_ino_ctime);
		put_u64(b, t->exe_ino_mtime);
		put_u8(b, t->exe_from_memfd);
		put_u8(b, t->exe_lower_layer);
		put_u64(b, (uint64_t)t->pgid);
		entry_end(b, e, 0);
	}
	block_end(b, at);
}

static int fd_type_writable(uint8_t t)
{
	return t != SCAP_FD_UNKNOWN && t <= SCAP_FD_PIDFD;
}

static void put_fdl(struct sbuf *b, const struct scap_threadinfo *t)
{
	size_t at = block_begin(b, SF_FDL_V2);

	put_u64(b, t->tid);
	for (uint32_t i = 0; i < t->nfds; i++) {
		const struct scap_fdinfo *f = &t->fds[i];
		size_t e;

		if (!fd_type_writable(f->type))
			continue;
		e = entry_begin(b);
		put_u64(b, (uint64_t)f->fd);
		put_u64(b, f->ino);
		put_u8(b, f->type);
		switch (f->type) {
		case SCAP_FD_IPV4_SOCK:
			put_u32(b, f->sock.ipv4.sip);
			put_u32(b, f->sock.ipv4.dip);
			put_u16(b, f->sock.ipv4.sport);
			put_u16(b, f->sock.ipv4.dport);
			put_u8(b, f->l4proto);
			break;
		case SCAP_FD_IPV4_SERVSOCK:
			put_u32(b, f->sock.ipv4_server.ip);
			put_u16(b, f->sock.ipv4_server.port);
			put_u8(b, f->l4proto);
			break;
		case SCAP_FD_IPV6_SOCK:
			sbuf_put(b, f->sock.ipv6.sip, 16);
			sbuf_put(b, f->sock.ipv6.dip, 16);
			put_u16(b, f->sock.ipv6.sport);
			put_u16(b, f->sock.ipv6.dport);
			put_u8(b, f->l4proto);
			break;
		case SCAP_FD_IPV6_SERVSOCK:
			sbuf_put(b, f->sock.ipv6_server.ip, 16);
			put_u16(b, f->sock.ipv6_server.port);
			put_u8(b, f->l4proto);
			break;
		case SCAP_FD_UNIX_SOCK:
			put_u64(b, f->sock.unix_sock.source);
			put_u64(b, f->sock.unix_sock.destination);
			put_str(b, f->name, NAME_MAX_LEN);
			break;
		case SCAP_FD_FILE_V2:
			put_u32(b, f->open_flags);
			put_str(b, f->name, NAME_MAX_LEN);
			put_u32(b, f->dev);
			break;
		default:
			put_str(b, f->name, NAME_MAX_LEN);
			break;
		}
		entry_end(b, e, 0);
	}
	block_end(b, at);
}

int dump_encode_header(struct sbuf *b, const struct scap_state *st)
{
	put_shb(b);
	if (st) {
		uint32_t real = 0;

		if (st->has_machine_info)
			put_mi(b, &st->machine);
		if (st->has_ifaces || st->n_ifaces_v4 || st->n_ifaces_v6)
			put_il(b, st);
		if (st->has_users || st->n_users || st->n_groups)
			put_ul(b, st);
		for (uint32_t i = 0; i < st->n_threads; i++)
			real += !st->threads[i].placeholder;
		if (real)
			put_pl(b, st);
		for (uint32_t i = 0; i < st->n_threads; i++)
			put_fdl(b, &st->threads[i]);
	}
	return b->oom ? -ENOMEM : 0;
}
