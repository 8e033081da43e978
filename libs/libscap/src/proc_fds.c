// SPDX-License-Identifier: Apache-2.0
/*
 * /proc scan, file descriptors: /proc/<pid>/fd/<n> classified by what the link and stat(2) say
 * (file, directory, pipe, socket, memfd, anon-inode kinds), open flags and mount id from
 * fdinfo, the device from mountinfo, sockets resolved through the namespace's tables.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <syscap/flags_conv.h>

#include "proc_int.h"

/* The kernel's 32-bit device encoding (new_encode_dev), as events carry it. */
static uint32_t encode_dev(unsigned maj, unsigned min)
{
	return (min & 0xff) | (maj << 8) | ((min & ~0xffu) << 12);
}

/* Device of a mount id: from the cache, else (re)load <procdir>/mountinfo into it. */
static uint32_t mount_dev(struct proc_net_cache *nc, const char *procdir, uint32_t mnt_id)
{
	char path[PROC_PATH], line[4096];
	FILE *f;

	for (int pass = 0; pass < 2; pass++) {
		for (size_t i = 0; i < nc->nmnt; i++)
			if (nc->mnt[i].id == mnt_id)
				return nc->mnt[i].dev;
		if (pass)
			break;
		proc_path(path, "%s/mountinfo", procdir);
		f = fopen(path, "re");
		if (!f)
			return 0;
		while (fgets(line, sizeof(line), f)) {
			unsigned id, maj, min;
			int known = 0;

			if (sscanf(line, "%u %*u %u:%u", &id, &maj, &min) != 3)
				continue;
			for (size_t i = 0; i < nc->nmnt && !known; i++)
				known = nc->mnt[i].id == id;
			if (known)
				continue;
			if (nc->nmnt == nc->capmnt) {
				size_t ncap = nc->capmnt ? nc->capmnt * 2 : 64;
				struct proc_mnt *nm = realloc(nc->mnt, ncap * sizeof(*nm));

				if (!nm)
					break;
				nc->mnt = nm;
				nc->capmnt = ncap;
			}
			nc->mnt[nc->nmnt].id = id;
			nc->mnt[nc->nmnt].dev = encode_dev(maj, min);
			nc->nmnt++;
		}
		fclose(f);
	}
	return 0;
}

static void fdinfo(const char *procdir, struct scap_fdinfo *fdi)
{
	char path[PROC_PATH], buf[1024];
	char *p;

	proc_path(path, "%s/fdinfo/%lld", procdir, (long long)fdi->fd);
	if (proc_read_file(path, buf, sizeof(buf)) <= 0)
		return;
	p = strstr(buf, "flags:");
	if (p)
		fdi->open_flags = scap_open_flags_from_linux((uint32_t)strtoul(p + 6, NULL, 8));
	p = strstr(buf, "mnt_id:");
	if (p)
		fdi->mount_id = (uint32_t)strtoul(p + 7, NULL, 10);
}

static uint8_t anon_kind(const char *name)
{
	static const struct {
		const char *tag;
		uint8_t type;
	} kinds[] = {
		{ "[eventfd]", SCAP_FD_EVENT },
		{ "[eventpoll]", SCAP_FD_EVENTPOLL },
		{ "inotify", SCAP_FD_INOTIFY },
		{ "[signalfd]", SCAP_FD_SIGNALFD },
		{ "[timerfd]", SCAP_FD_TIMERFD },
		{ "[io_uring]", SCAP_FD_IOURING },
		{ "[userfaultfd]", SCAP_FD_USERFAULTFD },
		{ "[pidfd]", SCAP_FD_PIDFD },
		{ "bpf", SCAP_FD_BPF },
	};

	for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (!strncmp(name, kinds[i].tag, strlen(kinds[i].tag)))
			return kinds[i].type;
	return SCAP_FD_UNSUPPORTED;
}

int proc_fds(const char *root, const char *procdir, struct scap_threadinfo *ti,
	     struct proc_net_cache *nc)
{
	char path[PROC_PATH], link[4096];
	const struct proc_netns *ns = NULL;
	uint64_t netns = 0;
	struct stat sb;
	struct dirent *de;
	DIR *d;
	int ret = 0;

	(void)root;
	proc_path(path, "%s/ns/net", procdir);
	if (!stat(path, &sb))
		netns = sb.st_ino;
	proc_path(path, "%s/fd", procdir);
	d = opendir(path);
	if (!d)
		return 0; /* gone, or not ours to read */
	while ((de = readdir(d))) {
		struct scap_fdinfo *fdi;
		ssize_t n;
		char *end;
		long long fd = strtoll(de->d_name, &end, 10);

		if (de->d_name[0] == '.' || *end)
			continue;
		proc_path(path, "%s/fd/%s", procdir, de->d_name);
		n = readlink(path, link, sizeof(link) - 1);
		if (n <= 0)
			continue;
		link[n] = 0;
		if (stat(path, &sb))
			memset(&sb, 0, sizeof(sb));
		fdi = scap_thread_add_fd(ti, fd);
		if (!fdi) {
			ret = -ENOMEM;
			break;
		}
		fdi->ino = sb.st_ino;
		if (S_ISSOCK(sb.st_mode) || !strncmp(link, "socket:[", 8)) {
			const struct proc_sock *s;

			if (!ns)
				ns = proc_net_get(nc, procdir, netns);
			s = proc_net_find(ns, sb.st_ino);
			if (s) {
				char *name = s->fdi.name;

				fdi->type = s->fdi.type;
				fdi->l4proto = s->fdi.l4proto;
				fdi->sock = s->fdi.sock;
				if (name && scap_state_set_str(&fdi->name, name, strlen(name))) {
					ret = -ENOMEM;
					break;
				}
				continue;
			}
			fdi->type =
				SCAP_FD_UNSUPPORTED; /* a family we do not track (packet, ...) */
		} else if (!strncmp(link, "/memfd:", 7)) {
			fdi->type = SCAP_FD_MEMFD;
		} else if (S_ISFIFO(sb.st_mode) || !strncmp(link, "pipe:[", 6)) {
			fdi->type = SCAP_FD_FIFO;
		} else if (S_ISDIR(sb.st_mode)) {
			fdi->type = SCAP_FD_DIRECTORY;
		} else if (!strncmp(link, "anon_inode:", 11)) {
			fdi->type = anon_kind(link + 11);
		} else if (S_ISREG(sb.st_mode) || S_ISBLK(sb.st_mode) || S_ISCHR(sb.st_mode) ||
			   link[0] == '/') {
			fdi->type = SCAP_FD_FILE_V2;
			fdinfo(procdir, fdi);
			if (fdi->mount_id)
				fdi->dev = mount_dev(nc, procdir, fdi->mount_id);
		} else {
			fdi->type = SCAP_FD_UNSUPPORTED;
		}
		if (scap_state_set_str(&fdi->name, link, (size_t)n)) {
			ret = -ENOMEM;
			break;
		}
	}
	closedir(d);
	return ret;
}
