// SPDX-License-Identifier: Apache-2.0
/*
 * .scap reader, state blocks: machine info, process lists v1..v9, fd lists v1/v2, interface
 * lists v1/v2, user lists v1/v2, into the public state model. Since format 1.2 entries carry
 * their own length and new fields are appended, so a field is read only when the entry is long
 * enough to hold it and unknown trailing bytes are skipped.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>

#include "scapfile_int.h"

static int oom(struct sf_reader *r)
{
	snprintf(r->err, sizeof(r->err), "out of memory while reading the capture state");
	return -ENOMEM;
}

int sf_read_machine_info(struct sf_reader *r, uint32_t type, uint64_t off, struct sf_cur *c)
{
	struct scap_machine_info *mi = &r->st->machine;

	if (c->left < SF_MI_BODY_LEN)
		return sf_block_err(r, type, off, "body of %zu bytes below minimum %u", c->left,
				    SF_MI_BODY_LEN);
	cur_u32(c, &mi->num_cpus);
	cur_u64(c, &mi->memory_size_bytes);
	cur_u64(c, &mi->max_pid);
	cur_bytes(c, mi->hostname, sizeof(mi->hostname));
	mi->hostname[sizeof(mi->hostname) - 1] = 0;
	cur_u64(c, &mi->boot_ts_epoch);
	cur_u64(c, &mi->flags);
	cur_u64(c, &mi->reserved3);
	cur_u64(c, &mi->reserved4);
	r->st->has_machine_info = 1;
	return 0;
}

static int pl_version(uint32_t type)
{
	switch (type) {
	case SF_PL_V1:
	case SF_PL_V1_INT:
		return 1;
	case SF_PL_V2:
	case SF_PL_V2_INT:
		return 2;
	case SF_PL_V3:
	case SF_PL_V3_INT:
		return 3;
	case SF_PL_V4:
		return 4;
	case SF_PL_V5:
		return 5;
	case SF_PL_V6:
		return 6;
	case SF_PL_V7:
		return 7;
	case SF_PL_V8:
		return 8;
	default:
		return 9;
	}
}

/* Read a length-prefixed field and store it with set(s_, l_); fail the entry when it is cut
 * short. PL_STR keeps a NUL-terminated copy, PL_BYTES the bytes and their length. */
#define PL_LSTR(field, set)                \
	do {                               \
		const char *s_;            \
		uint16_t l_;               \
		what = #field;             \
		if (cur_lstr(c, &s_, &l_)) \
			goto short_entry;  \
		if (set)                   \
			return oom(r);     \
	} while (0)
#define PL_STR(field) PL_LSTR(field, scap_state_set_str(&ti->field, s_, l_))
#define PL_BYTES(field) PL_LSTR(field, scap_state_set_bytes(&ti->field, &ti->field##_len, s_, l_))

#define PL_NUM(field, getter)                      \
	do {                                       \
		what = #field;                     \
		if (getter(c, (void *)&ti->field)) \
			goto short_entry;          \
	} while (0)

/* v9 fields present only when the entry length covers them */
#define PL_OPT(field, size)                                   \
	do {                                                  \
		if (sub_len && used(c) + (size) <= sub_len) { \
			cur_bytes(c, &ti->field, size);       \
		}                                             \
	} while (0)

int sf_read_proclist(struct sf_reader *r, uint32_t type, uint64_t off, struct sf_cur *block)
{
	int v = pl_version(type);
	uint32_t entry = 0;

	while (block->left >= 4) {
		struct sf_cur ec = *block, *c = &ec;
		const uint8_t *start = block->p;
		struct scap_threadinfo *ti;
		uint32_t sub_len = 0;
		uint64_t tid;
		const char *what = "length";

#define used(cc) ((size_t)((cc)->p - start))
		if (v == 9) {
			if (cur_u32(c, &sub_len))
				goto short_entry_notid;
			if (sub_len < 4 + 24 || sub_len > block->left)
				return sf_block_err(
					r, type, off,
					"process entry %u: length %u invalid (%zu bytes left in block)",
					entry, sub_len, block->left);
			c->left = sub_len - 4; /* bound the entry */
		}
		what = "tid";
		if (cur_u64(c, &tid))
			goto short_entry_notid;
		ti = scap_state_add_thread(r->st, tid);
		if (!ti)
			return oom(r);
		PL_NUM(pid, cur_u64);
		PL_NUM(ptid, cur_u64);
		if (v >= 6)
			PL_NUM(sid, cur_u64);
		if (v >= 8)
			PL_NUM(vpgid, cur_u64);
		PL_STR(comm);
		PL_STR(exe);
		if (v >= 7)
			PL_STR(exepath);
		PL_BYTES(args);
		PL_STR(cwd);
		PL_NUM(fdlimit, cur_u64);
		PL_NUM(flags, cur_u32);
		PL_NUM(uid, cur_u32);
		PL_NUM(gid, cur_u32);
		if (v >= 2) {
			PL_NUM(vmsize_kb, cur_u32);
			PL_NUM(vmrss_kb, cur_u32);
			PL_NUM(vmswap_kb, cur_u32);
			PL_NUM(pfmajor, cur_u64);
			PL_NUM(pfminor, cur_u64);
			if (v >= 3)
				PL_BYTES(env);
			if (v >= 4) {
				PL_NUM(vtid, cur_u64);
				PL_NUM(vpid, cur_u64);
				PL_BYTES(cgroups);
				if (v >= 5)
					PL_STR(root);
			}
		}
		if (sub_len) {
			/*
			 * Writers before libs 0.10 stopped after loginuid, exe_writable and the
			 * three capability sets (29 bytes); later ones put pidns_init_start_ts and
			 * tty before them. The remaining length tells which.
			 */
			if (sub_len - used(c) > 29) {
				PL_OPT(pidns_init_start_ts, 8);
				PL_OPT(tty, 4);
			}
			PL_OPT(loginuid, 4);
			PL_OPT(exe_writable, 1);
			PL_OPT(cap_inheritable, 8);
			PL_OPT(cap_permitted, 8);
			PL_OPT(cap_effective, 8);
			PL_OPT(exe_upper_layer, 1);
			PL_OPT(exe_ino, 8);
			PL_OPT(exe_ino_ctime, 8);
			PL_OPT(exe_ino_mtime, 8);
			PL_OPT(exe_from_memfd, 1);
			PL_OPT(exe_lower_layer, 1);
			PL_OPT(pgid, 8);
			/* skip fields appended by newer writers */
			cur_skip(block, sub_len);
		} else {
			cur_skip(block, used(c));
		}
#undef used
		entry++;
		continue;
short_entry:
		return sf_block_err(r, type, off,
				    "process entry %u (tid %" PRIu64 ") truncated at field %s",
				    entry, tid, what);
short_entry_notid:
		return sf_block_err(r, type, off, "process entry %u truncated at field %s", entry,
				    what);
	}
	return 0;
}

static int fd_name(struct sf_cur *c, struct scap_fdinfo *fdi)
{
	const char *s;
	uint16_t l;

	if (cur_lstr(c, &s, &l))
		return -1;
	return scap_state_set_str(&fdi->name, s, l) ? -2 : 0;
}

int sf_read_fdlist(struct sf_reader *r, uint32_t type, uint64_t off, struct sf_cur *block)
{
	struct scap_threadinfo *ti;
	uint64_t tid;
	uint32_t entry = 0;
	int v2 = type == SF_FDL_V2;

	if (cur_u64(block, &tid))
		return sf_block_err(r, type, off, "body too short for the thread id");
	ti = scap_state_find_thread(r->st, tid);
	if (!ti) {
		/* fds of a thread missing from the process list: keep them on a placeholder */
		ti = scap_state_add_thread(r->st, tid);
		if (!ti)
			return oom(r);
		ti->pid = tid;
		ti->placeholder = 1;
	}
	while (block->left >= 4) {
		struct sf_cur ec = *block, *c = &ec;
		const uint8_t *start = block->p;
		struct scap_fdinfo *fdi;
		uint32_t sub_len = 0;
		uint64_t fd;
		uint8_t t;
		int ret = 0;

		if (v2) {
			if (cur_u32(c, &sub_len) || sub_len < 4 + 17 || sub_len > block->left)
				return sf_block_err(r, type, off,
						    "fd entry %u of tid %" PRIu64
						    ": length %u invalid (%zu bytes left in block)",
						    entry, tid, sub_len, block->left);
			c->left = sub_len - 4;
		}
		if (cur_u64(c, &fd))
			goto short_entry;
		fdi = scap_thread_add_fd(ti, (int64_t)fd);
		if (!fdi)
			return oom(r);
		if (cur_u64(c, &fdi->ino) || cur_u8(c, &t))
			goto short_entry;
		fdi->type = t;
		switch (t) {
		case SCAP_FD_IPV4_SOCK:
			if (cur_u32(c, &fdi->sock.ipv4.sip) || cur_u32(c, &fdi->sock.ipv4.dip) ||
			    cur_u16(c, &fdi->sock.ipv4.sport) ||
			    cur_u16(c, &fdi->sock.ipv4.dport) || cur_u8(c, &fdi->l4proto))
				goto short_entry;
			break;
		case SCAP_FD_IPV4_SERVSOCK:
			if (cur_u32(c, &fdi->sock.ipv4_server.ip) ||
			    cur_u16(c, &fdi->sock.ipv4_server.port) || cur_u8(c, &fdi->l4proto))
				goto short_entry;
			break;
		case SCAP_FD_IPV6_SOCK:
			if (cur_bytes(c, fdi->sock.ipv6.sip, 16) ||
			    cur_bytes(c, fdi->sock.ipv6.dip, 16) ||
			    cur_u16(c, &fdi->sock.ipv6.sport) ||
			    cur_u16(c, &fdi->sock.ipv6.dport) || cur_u8(c, &fdi->l4proto))
				goto short_entry;
			break;
		case SCAP_FD_IPV6_SERVSOCK:
			if (cur_bytes(c, fdi->sock.ipv6_server.ip, 16) ||
			    cur_u16(c, &fdi->sock.ipv6_server.port) || cur_u8(c, &fdi->l4proto))
				goto short_entry;
			break;
		case SCAP_FD_UNIX_SOCK:
			if (cur_u64(c, &fdi->sock.unix_sock.source) ||
			    cur_u64(c, &fdi->sock.unix_sock.destination))
				goto short_entry;
			ret = fd_name(c, fdi);
			break;
		case SCAP_FD_FILE_V2:
			if (cur_u32(c, &fdi->open_flags))
				goto short_entry;
			ret = fd_name(c, fdi);
			/* dev was appended later: present when the entry is long enough */
			if (!ret && sub_len && (size_t)(c->p - start) + 4 <= sub_len)
				cur_u32(c, &fdi->dev);
			break;
		case SCAP_FD_FIFO:
		case SCAP_FD_FILE:
		case SCAP_FD_DIRECTORY:
		case SCAP_FD_UNSUPPORTED:
		case SCAP_FD_EVENT:
		case SCAP_FD_SIGNALFD:
		case SCAP_FD_EVENTPOLL:
		case SCAP_FD_INOTIFY:
		case SCAP_FD_TIMERFD:
		case SCAP_FD_NETLINK:
		case SCAP_FD_BPF:
		case SCAP_FD_USERFAULTFD:
		case SCAP_FD_IOURING:
		case SCAP_FD_MEMFD:
		case SCAP_FD_PIDFD:
			ret = fd_name(c, fdi);
			break;
		case SCAP_FD_UNKNOWN:
			if (!v2)
				break; /* old writers left these without a payload */
			/* fall through */
		default:
			if (!v2)
				return sf_block_err(
					r, type, off,
					"fd entry %u of tid %" PRIu64
					": unknown fd type %u (old fd lists carry no entry length to skip it)",
					entry, tid, t);
			/* a newer writer's fd kind: keep the entry, mark it unsupported */
			{
				char nm[32];
				int n = snprintf(nm, sizeof(nm), "unknown-type:[%u]", t);

				fdi->type = SCAP_FD_UNSUPPORTED;
				if (scap_state_set_str(&fdi->name, nm, (size_t)n))
					return oom(r);
			}
			break;
		}
		if (ret == -2)
			return oom(r);
		if (ret)
			goto short_entry;
		cur_skip(block, v2 ? sub_len : (size_t)(c->p - start));
		entry++;
		continue;
short_entry:
		return sf_block_err(r, type, off, "fd entry %u of tid %" PRIu64 " truncated", entry,
				    tid);
	}
	return 0;
}

int sf_read_iflist(struct sf_reader *r, uint32_t type, uint64_t off, struct sf_cur *block)
{
	int v2 = type == SF_IL_V2;
	uint32_t entry = 0;

	r->st->has_ifaces = 1;
	while (block->left >= 4) {
		struct sf_cur ec = *block, *c = &ec;
		uint32_t entrysize = 0;
		uint16_t iftype, namelen;
		const char *name;
		int linkspeed;

		if (v2) {
			cur_u32(c, &entrysize);
			if (entrysize > c->left)
				return sf_block_err(
					r, type, off,
					"interface entry %u: length %u exceeds the %zu bytes left",
					entry, entrysize, c->left);
			c->left = entrysize;
		}
		if (cur_u16(c, &iftype) || cur_u16(c, &namelen))
			goto short_entry;
		linkspeed = iftype == SCAP_IFACE_IPV4 || iftype == SCAP_IFACE_IPV6;
		if (iftype == SCAP_IFACE_IPV4 || iftype == SCAP_IFACE_IPV4_NOLINKSPEED) {
			struct scap_iface_v4 *e = scap_state_add_iface_v4(r->st);

			if (!e)
				return oom(r);
			if (cur_u32(c, &e->addr) || cur_u32(c, &e->netmask) ||
			    cur_u32(c, &e->bcast) || (linkspeed && cur_u64(c, &e->linkspeed)) ||
			    c->left < namelen)
				goto short_entry;
			name = (const char *)c->p;
			if (scap_state_set_str(&e->name, name, strnlen(name, namelen)))
				return oom(r);
		} else if (iftype == SCAP_IFACE_IPV6 || iftype == SCAP_IFACE_IPV6_NOLINKSPEED) {
			struct scap_iface_v6 *e = scap_state_add_iface_v6(r->st);

			if (!e)
				return oom(r);
			if (cur_bytes(c, e->addr, 16) || cur_bytes(c, e->netmask, 16) ||
			    cur_bytes(c, e->bcast, 16) ||
			    (linkspeed && cur_u64(c, &e->linkspeed)) || c->left < namelen)
				goto short_entry;
			name = (const char *)c->p;
			if (scap_state_set_str(&e->name, name, strnlen(name, namelen)))
				return oom(r);
		} else {
			return sf_block_err(r, type, off, "interface entry %u: unknown type %u",
					    entry, iftype);
		}
		cur_skip(c, namelen);
		cur_skip(block, v2 ? 4 + (size_t)entrysize : (size_t)(c->p - block->p));
		entry++;
		continue;
short_entry:
		return sf_block_err(r, type, off, "interface entry %u truncated", entry);
	}
	return 0;
}

int sf_read_userlist(struct sf_reader *r, uint32_t type, uint64_t off, struct sf_cur *block)
{
	int v2 = type == SF_UL_V2;
	uint32_t entry = 0;

	r->st->has_users = 1;
	while (block->left >= 4) {
		struct sf_cur ec = *block, *c = &ec;
		const uint8_t *start = block->p;
		uint32_t sub_len = 0;
		uint8_t kind;
		const char *s;
		uint16_t l;

		if (v2) {
			cur_u32(c, &sub_len);
			if (sub_len < 5 || sub_len > block->left)
				return sf_block_err(
					r, type, off,
					"user entry %u: length %u invalid (%zu bytes left)", entry,
					sub_len, block->left);
			c->left = sub_len - 4;
		}
		if (cur_u8(c, &kind))
			goto short_entry;
		if (kind == SF_UL_USER) {
			struct scap_user *u = scap_state_add_user(r->st);

			if (!u)
				return oom(r);
			if (cur_u32(c, &u->uid) || cur_u32(c, &u->gid))
				goto short_entry;
			if (cur_lstr(c, &s, &l))
				goto short_entry;
			if (scap_state_set_str(&u->name, s, l))
				return oom(r);
			if (cur_lstr(c, &s, &l))
				goto short_entry;
			if (scap_state_set_str(&u->homedir, s, l))
				return oom(r);
			if (cur_lstr(c, &s, &l))
				goto short_entry;
			if (scap_state_set_str(&u->shell, s, l))
				return oom(r);
		} else {
			struct scap_group *g = scap_state_add_group(r->st);

			if (!g)
				return oom(r);
			if (cur_u32(c, &g->gid) || cur_lstr(c, &s, &l))
				goto short_entry;
			if (scap_state_set_str(&g->name, s, l))
				return oom(r);
		}
		cur_skip(block, v2 ? sub_len : (size_t)(c->p - start));
		entry++;
		continue;
short_entry:
		return sf_block_err(r, type, off, "user/group entry %u truncated", entry);
	}
	return 0;
}
