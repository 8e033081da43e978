// SPDX-License-Identifier: Apache-2.0
/* Helpers shared by the savefile tests, the benchmark and the fuzz seed generator. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include <scap/scap.h>
#include <scap/scap_dump.h>
#include <scap/scap_event.h>
#include <syscap/event_table.h>

#include "dump_int.h"
#include "engines/savefile/scapfile_format.h"
#include "sf_testlib.h"

int sft_load(const char *path, uint8_t **data, size_t *len)
{
	gzFile gz = gzopen(path, "rb");
	size_t cap = 1 << 20, n = 0;
	uint8_t *buf;
	int got;

	if (!gz)
		return -errno ? -errno : -ENOENT;
	buf = malloc(cap);
	if (!buf) {
		gzclose(gz);
		return -ENOMEM;
	}
	for (;;) {
		if (n == cap) {
			uint8_t *nb = realloc(buf, cap * 2);

			if (!nb) {
				free(buf);
				gzclose(gz);
				return -ENOMEM;
			}
			buf = nb;
			cap *= 2;
		}
		got = gzread(gz, buf + n, (unsigned)(cap - n));
		if (got < 0) {
			free(buf);
			gzclose(gz);
			return -EIO;
		}
		if (got == 0)
			break;
		n += (size_t)got;
	}
	gzclose(gz);
	*data = buf;
	*len = n;
	return 0;
}

int sft_blocks(const uint8_t *data, size_t len, uint64_t **offsets, uint32_t **types, size_t *n)
{
	size_t cap = 64, k = 0, at = 0;
	uint64_t *o = malloc(cap * sizeof(*o));
	uint32_t *t = malloc(cap * sizeof(*t));

	if (!o || !t) {
		free(o);
		free(t);
		return -ENOMEM;
	}
	while (at < len) {
		uint32_t h[2];

		if (len - at < 8)
			goto bad;
		memcpy(h, data + at, 8);
		if (h[1] < 12 || h[1] > len - at)
			goto bad;
		if (k == cap) {
			cap *= 2;
			o = realloc(o, cap * sizeof(*o));
			t = realloc(t, cap * sizeof(*t));
			if (!o || !t)
				return -ENOMEM;
		}
		o[k] = at;
		t[k] = h[0];
		k++;
		at += h[1];
	}
	*offsets = o;
	*types = t;
	*n = k;
	return 0;
bad:
	free(o);
	free(t);
	return -EBADMSG;
}

uint64_t sft_rand(uint64_t *s)
{
	uint64_t x = *s ? *s : 0x9E3779B97F4A7C15ULL;

	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	*s = x;
	return x * 0x2545F4914F6CDD1DULL;
}

static void fill(uint8_t *p, size_t n, uint64_t *seed)
{
	for (size_t i = 0; i < n; i++)
		p[i] = (uint8_t)sft_rand(seed);
}

/* Parameter bytes shaped by type: fixed-size types get their width, the rest plausible layouts. */
static uint32_t param_bytes(uint8_t *p, size_t room, uint8_t type, uint64_t *seed, int big)
{
	uint32_t fixed = scap_param_type_size(type);
	uint32_t n;

	if (sft_rand(seed) % 16 == 0)
		return 0; /* empty parameters are legal everywhere */
	if (fixed) {
		fill(p, fixed, seed);
		return fixed;
	}
	switch (type) {
	case SCAP_PT_CHARBUF:
	case SCAP_PT_FSPATH:
	case SCAP_PT_FSRELPATH:
		n = (uint32_t)snprintf((char *)p, room, "/tmp/s%llu",
				       (unsigned long long)(sft_rand(seed) % 100000)) + 1;
		return n;
	case SCAP_PT_SOCKADDR:
		p[0] = SCAP_AF_INET;
		fill(p + 1, 6, seed);
		return 7;
	case SCAP_PT_SOCKTUPLE:
		p[0] = SCAP_AF_INET;
		fill(p + 1, 12, seed);
		return 13;
	case SCAP_PT_FDLIST:
		p[0] = 2;
		p[1] = 0;
		fill(p + 2, 20, seed);
		return 22;
	case SCAP_PT_DYN:
		p[0] = 0;
		fill(p + 1, 8, seed);
		return 9;
	case SCAP_PT_IPADDR:
	case SCAP_PT_IPNET:
		fill(p, 4, seed);
		return 4;
	default: /* byte buffers and the rest */
		n = big ? 70000 + (uint32_t)(sft_rand(seed) % 1000) : (uint32_t)(sft_rand(seed) % 120);
		if (n > room)
			n = (uint32_t)room;
		fill(p, n, seed);
		return n;
	}
}

long sft_event(void *buf, size_t buflen, uint16_t type, uint64_t *seed, uint64_t ts, int big)
{
	const struct scap_event_info *info = &scap_event_table[type];
	struct scap_param params[32];
	static uint8_t *space;
	size_t used = 0;
	int large = !!(info->flags & SCAP_EF_LARGE_PAYLOAD);

	if (!space) {
		space = malloc(32 * 72000);
		if (!space)
			return -ENOMEM;
	}
	for (uint32_t i = 0; i < info->nparams && i < 32; i++) {
		uint32_t n = param_bytes(space + used, 72000, info->params[i].type, seed,
					 big && large);

		if (!large && n > 1000)
			n = 1000;
		params[i].data = space + used;
		params[i].len = n;
		used += n;
	}
	return scap_event_build(buf, buflen, ts, 1000 + sft_rand(seed) % 50, type, info->nparams,
				params);
}

static void set(char **f, const char *s)
{
	scap_state_set_str(f, s, strlen(s));
}

struct scap_state *sft_state(uint64_t seed, uint32_t nthreads)
{
	struct scap_state *st = scap_state_new();
	char tmp[128];

	if (!st)
		return NULL;
	st->has_machine_info = 1;
	st->machine.num_cpus = 8;
	st->machine.memory_size_bytes = 1ULL << 34;
	st->machine.max_pid = 4194304;
	snprintf(st->machine.hostname, sizeof(st->machine.hostname), "synthetic-host");
	st->machine.boot_ts_epoch = 1700000000000000000ULL + seed;
	st->machine.flags = 3;
	st->has_ifaces = 1;
	{
		struct scap_iface_v4 *v4 = scap_state_add_iface_v4(st);
		struct scap_iface_v6 *v6 = scap_state_add_iface_v6(st);

		v4->addr = 0x0100007f;
		v4->netmask = 0xff;
		v4->bcast = 0;
		v4->linkspeed = 1000;
		set(&v4->name, "lo");
		memset(v6->addr, 0, 16);
		v6->addr[15] = 1;
		memset(v6->netmask, 0xff, 16);
		v6->linkspeed = 10000;
		set(&v6->name, "eth0");
	}
	st->has_users = 1;
	{
		struct scap_user *u = scap_state_add_user(st);
		struct scap_group *g = scap_state_add_group(st);

		u->uid = 1000;
		u->gid = 1001;
		set(&u->name, "alice");
		set(&u->homedir, "/home/alice");
		set(&u->shell, "/bin/bash");
		g->gid = 1001;
		set(&g->name, "staff");
	}
	for (uint32_t i = 0; i < nthreads; i++) {
		struct scap_threadinfo *t = scap_state_add_thread(st, 100 + i);
		static const char args[] = "-c\0echo hi";
		static const char env[] = "PATH=/bin\0HOME=/root";
		static const char cg[] = "cpu=/a\0memory=/b";

		t->pid = 100 + i - i % 2;
		t->ptid = 1;
		t->sid = 7;
		t->vpgid = 8;
		t->pgid = 9;
		snprintf(tmp, sizeof(tmp), "proc%u", i);
		set(&t->comm, tmp);
		set(&t->exe, "/usr/bin/proc");
		set(&t->exepath, "/usr/bin/proc");
		scap_state_set_bytes(&t->args, &t->args_len, args, sizeof(args));
		scap_state_set_bytes(&t->env, &t->env_len, env, sizeof(env));
		scap_state_set_bytes(&t->cgroups, &t->cgroups_len, cg, sizeof(cg));
		set(&t->cwd, "/root");
		set(&t->root, "/");
		t->fdlimit = 1024;
		t->flags = 0x10;
		t->uid = 1000;
		t->gid = 1001;
		t->vmsize_kb = 100;
		t->vmrss_kb = 50;
		t->vmswap_kb = 1;
		t->pfmajor = 2;
		t->pfminor = 3;
		t->vtid = 1;
		t->vpid = 1;
		t->pidns_init_start_ts = 123456789;
		t->tty = 34816;
		t->loginuid = 1000;
		t->exe_writable = 1;
		t->exe_upper_layer = 1;
		t->exe_lower_layer = 0;
		t->exe_from_memfd = 1;
		t->cap_inheritable = 0x1;
		t->cap_permitted = 0x1ff;
		t->cap_effective = 0x0ff;
		t->exe_ino = 4242;
		t->exe_ino_ctime = 11;
		t->exe_ino_mtime = 12;
		for (uint8_t k = SCAP_FD_FILE; k <= SCAP_FD_PIDFD; k++) {
			struct scap_fdinfo *f = scap_thread_add_fd(t, k + 2);

			f->type = k;
			f->ino = 5000 + k;
			f->l4proto = SCAP_L4_TCP;
			switch (k) {
			case SCAP_FD_IPV4_SOCK:
				f->sock.ipv4.sip = 0x0100007f;
				f->sock.ipv4.dip = 0x0200007f;
				f->sock.ipv4.sport = 1234;
				f->sock.ipv4.dport = 80;
				break;
			case SCAP_FD_IPV4_SERVSOCK:
				f->sock.ipv4_server.ip = 0;
				f->sock.ipv4_server.port = 8080;
				break;
			case SCAP_FD_IPV6_SOCK:
				f->sock.ipv6.sip[15] = 1;
				f->sock.ipv6.dip[15] = 2;
				f->sock.ipv6.sport = 5555;
				f->sock.ipv6.dport = 443;
				break;
			case SCAP_FD_IPV6_SERVSOCK:
				f->sock.ipv6_server.port = 22;
				break;
			case SCAP_FD_UNIX_SOCK:
				f->sock.unix_sock.source = 0xffff888000001000ULL;
				f->sock.unix_sock.destination = 0xffff888000002000ULL;
				set(&f->name, "/run/sock");
				break;
			case SCAP_FD_FILE_V2:
				f->open_flags = 0x41;
				f->dev = 0x803;
				set(&f->name, "/var/log/x.log");
				break;
			default:
				snprintf(tmp, sizeof(tmp), "/kind/%u", k);
				set(&f->name, tmp);
				break;
			}
		}
	}
	return st;
}

int sft_write_capture(const char *path, int gzip, uint64_t nevents, uint32_t nthreads,
		      uint64_t seed)
{
	struct scap_state *st = sft_state(seed, nthreads);
	SCAP_OPTS(scap_dump_opts, o, .compression = gzip ? SCAP_DUMP_GZIP : SCAP_DUMP_PLAIN,
		  .gzip_level = 1, .state = st);
	struct scap_dumper *d;
	static uint8_t ev[200000];
	char err[256];
	int ret = 0;

	if (!st)
		return -ENOMEM;
	d = scap_dump_open(path, &o, err, sizeof(err));
	if (!d) {
		ret = -errno;
		scap_state_free(st);
		return ret;
	}
	for (uint64_t i = 0; i < nevents && !ret; i++) {
		uint16_t type = (uint16_t)(i % SCAP_EVT_MAX);
		long n = sft_event(ev, sizeof(ev), type, &seed, 1700000000000000000ULL + i, 0);

		if (n < 0) {
			ret = (int)n;
			break;
		}
		ret = scap_dump(d, (const struct scap_evt_hdr *)ev, (uint16_t)(i % 4),
				i % 7 == 0 ? 1 : 0);
	}
	if (!ret)
		ret = scap_dump_close(d);
	else
		scap_dump_close(d);
	scap_state_free(st);
	return ret;
}

void sft_put(struct sbuf *b, const void *p, size_t n)
{
	sbuf_put(b, p, n);
}

void sft_put_s(struct sbuf *b, const char *s)
{
	uint16_t l = (uint16_t)strlen(s);

	SFT_PUTV(b, l);
	sft_put(b, s, l);
}

void sft_block(struct sbuf *out, uint32_t type, const struct sbuf *body)
{
	static const uint8_t z[4];
	uint32_t total = (uint32_t)(8 + ((body->len + 3) & ~(size_t)3) + 4);

	SFT_PUTV(out, type);
	SFT_PUTV(out, total);
	sft_put(out, body->p, body->len);
	sft_put(out, z, (4 - body->len % 4) % 4);
	SFT_PUTV(out, total);
}

/* A process entry of version v (1..8) for tid. */
static void old_pl_entry(struct sbuf *b, int v, uint64_t tid)
{
	SFT_PUTV(b, tid);
	SFT_PUTV(b, (uint64_t)(tid + 1)); /* pid */
	SFT_PUTV(b, (uint64_t)1); /* ptid */
	if (v >= 6)
		SFT_PUTV(b, (uint64_t)77); /* sid */
	if (v >= 8)
		SFT_PUTV(b, (uint64_t)78); /* vpgid */
	sft_put_s(b, "oldcomm");
	sft_put_s(b, "/bin/old");
	if (v >= 7)
		sft_put_s(b, "/usr/bin/old");
	sft_put_s(b, "a1");
	sft_put_s(b, "/cwd");
	SFT_PUTV(b, (uint64_t)4096); /* fdlimit */
	SFT_PUTV(b, (uint32_t)0x20); /* flags */
	SFT_PUTV(b, (uint32_t)1000); /* uid */
	SFT_PUTV(b, (uint32_t)1001); /* gid */
	if (v >= 2) {
		SFT_PUTV(b, (uint32_t)11);
		SFT_PUTV(b, (uint32_t)12);
		SFT_PUTV(b, (uint32_t)13);
		SFT_PUTV(b, (uint64_t)14);
		SFT_PUTV(b, (uint64_t)15);
		if (v >= 3)
			sft_put_s(b, "E=1");
		if (v >= 4) {
			SFT_PUTV(b, (int64_t)5);
			SFT_PUTV(b, (int64_t)6);
			sft_put_s(b, "cpu=/x");
			if (v >= 5)
				sft_put_s(b, "/root");
		}
	}
}

long sft_old_capture(struct sbuf *f, uint32_t pl_id, int v, int k, uint8_t *evbuf, size_t evcap)
{
	struct sbuf body = { 0 };
	uint64_t seed = 9;
	long elen;

	if (dump_encode_header(f, NULL)) /* section header only */
		return -1;
	/* machine info under its pre-release id */
	{
		uint8_t mi[SF_MI_BODY_LEN] = { 0 };

		mi[0] = 4;
		memcpy(mi + 20, "oldhost", 8);
		sft_put(&body, mi, sizeof(mi));
		sft_block(f, k % 2 ? SF_MI_INT : SF_MI, &body);
		body.len = 0;
	}
	/* interface list v1 with the no-linkspeed kinds */
	{
		SFT_PUTV(&body, (uint16_t)SCAP_IFACE_IPV4_NOLINKSPEED);
		SFT_PUTV(&body, (uint16_t)2);
		SFT_PUTV(&body, (uint32_t)0x0100007f);
		SFT_PUTV(&body, (uint32_t)0xff);
		SFT_PUTV(&body, (uint32_t)0);
		sft_put(&body, "lo", 2);
		SFT_PUTV(&body, (uint16_t)SCAP_IFACE_IPV6);
		SFT_PUTV(&body, (uint16_t)4);
		sft_put(&body, "0123456789abcdef0123456789abcdef0123456789abcdef", 48);
		SFT_PUTV(&body, (uint64_t)100);
		sft_put(&body, "eth0", 4);
		sft_block(f, k % 2 ? SF_IL_INT : SF_IL, &body);
		body.len = 0;
	}
	/* user list v1 */
	{
		SFT_PUTV(&body, (uint8_t)SF_UL_USER);
		SFT_PUTV(&body, (uint32_t)0);
		SFT_PUTV(&body, (uint32_t)0);
		sft_put_s(&body, "root");
		sft_put_s(&body, "/root");
		sft_put_s(&body, "/bin/sh");
		SFT_PUTV(&body, (uint8_t)SF_UL_GROUP);
		SFT_PUTV(&body, (uint32_t)0);
		sft_put_s(&body, "wheel");
		sft_block(f, k % 2 ? SF_UL_INT : SF_UL, &body);
		body.len = 0;
	}
	old_pl_entry(&body, v, 500);
	old_pl_entry(&body, v, 501);
	sft_block(f, pl_id, &body);
	body.len = 0;
	/* fd list v1: a file and an ipv4 socket */
	SFT_PUTV(&body, (uint64_t)500);
	SFT_PUTV(&body, (int64_t)3);
	SFT_PUTV(&body, (uint64_t)99);
	SFT_PUTV(&body, (uint8_t)SCAP_FD_FILE);
	sft_put_s(&body, "/etc/passwd");
	SFT_PUTV(&body, (int64_t)4);
	SFT_PUTV(&body, (uint64_t)98);
	SFT_PUTV(&body, (uint8_t)SCAP_FD_IPV4_SOCK);
	SFT_PUTV(&body, (uint32_t)1);
	SFT_PUTV(&body, (uint32_t)2);
	SFT_PUTV(&body, (uint16_t)3);
	SFT_PUTV(&body, (uint16_t)4);
	SFT_PUTV(&body, (uint8_t)SCAP_L4_UDP);
	sft_block(f, k % 2 ? SF_FDL_INT : SF_FDL, &body);
	body.len = 0;
	/* an old-layout event: the current one minus nparams */
	elen = sft_event(evbuf, evcap, SCAP_EVT_SYSCALL_CLOSE_X, &seed, 5, 0);
	if (elen <= 0)
		return -1;
	{
		uint32_t old_len = (uint32_t)elen - 4;
		uint16_t c = 3;

		SFT_PUTV(&body, c);
		if (k % 3 == 1)
			SFT_PUTV(&body, (uint32_t)0x9);
		sft_put(&body, evbuf, 16);
		SFT_PUTV(&body, old_len);
		sft_put(&body, evbuf + 20, 2);
		sft_put(&body, evbuf + 26, (size_t)elen - 26);
		sft_block(f, k % 3 == 1 ? SF_EVF : (k % 3 ? SF_EV_INT : SF_EV), &body);
		body.len = 0;
	}
	sbuf_free(&body);
	return f->oom ? -1 : elen;
}
