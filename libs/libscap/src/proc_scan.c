// SPDX-License-Identifier: Apache-2.0
/*
 * /proc scan: every thread of every process under <host_root>/proc, with the fields of the
 * newest process-list entry, and the fd table of each process (on its main thread). Processes
 * that exit during the scan are skipped; only a missing /proc fails the scan.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <syscap/flags.h>

#include "proc_int.h"
#include "state_int.h"

#define LIST_MAX 4096 /* args/env/cgroups kept, as the capture format's readers allow */

struct scan {
	const char *root;
	struct scap_state *st;
	struct proc_net_cache net;
	uint64_t boot_ts;
	long hz;
	int no_fds;
	char v2_controllers[512]; /* cgroup v2: controllers of the root, space separated */
};

/* Read a file of NUL-separated strings (cmdline, environ), up to max bytes. */
static ssize_t read_list(const char *path, char *buf, size_t max)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	size_t n = 0;

	if (fd < 0)
		return -errno;
	while (n < max) {
		ssize_t r = read(fd, buf + n, max - n);

		if (r < 0) {
			if (errno == EINTR)
				continue;
			close(fd);
			return -errno;
		}
		if (r == 0)
			break;
		n += (size_t)r;
	}
	close(fd);
	return (ssize_t)n;
}

static int set_link(const char *path, char **field)
{
	char buf[4096];
	ssize_t n = readlink(path, buf, sizeof(buf) - 1);

	if (n < 0)
		n = 0;
	return scap_state_set_str(field, buf, (size_t)n);
}

/* The line of /proc/<pid>/status starting with key ("Gid:" must not match "Tgid:"). */
static const char *status_line(const char *status, const char *key)
{
	size_t kl = strlen(key);

	for (const char *p = status; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : NULL)
		if (!strncmp(p, key, kl))
			return p;
	return NULL;
}

/* Last number of a "Key:\tA\tB\tC" status line (the innermost namespace's view). */
static int status_last(const char *status, const char *key, int64_t *out)
{
	const char *p = status_line(status, key);
	const char *eol;
	int64_t v = 0;
	int found = 0;

	if (!p)
		return -1;
	p += strlen(key);
	eol = strchr(p, '\n');
	if (!eol)
		eol = p + strlen(p);
	while (p < eol) {
		char *end;
		long long x = strtoll(p, &end, 10);

		if (end == p)
			break;
		v = x;
		found = 1;
		p = end;
	}
	if (!found)
		return -1;
	*out = v;
	return 0;
}

static uint64_t status_u64(const char *status, const char *key, int base, int field)
{
	const char *p = status_line(status, key);
	char *end;
	uint64_t v = 0;

	if (!p)
		return 0;
	p += strlen(key);
	for (int i = 0; i <= field; i++) {
		v = strtoull(p, &end, base);
		if (end == p)
			return 0;
		p = end;
	}
	return v;
}

/* /proc/<pid>/cgroup -> "controller=path\0..." */
static int fill_cgroups(struct scan *s, const char *dir, struct scap_threadinfo *ti)
{
	char path[PROC_PATH], line[4096], out[LIST_MAX];
	size_t n = 0;
	FILE *f;

	proc_path(path, "%s/cgroup", dir);
	f = fopen(path, "re");
	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f)) {
		char *c1 = strchr(line, ':'), *c2, *cg;
		char ctl[512];

		if (!c1 || !(c2 = strchr(c1 + 1, ':')))
			continue;
		*c2 = 0;
		cg = c2 + 1;
		cg[strcspn(cg, "\n")] = 0;
		if (c1[1])
			snprintf(ctl, sizeof(ctl), "%s", c1 + 1); /* v1: "cpu,cpuacct" */
		else
			snprintf(ctl, sizeof(ctl), "%s", s->v2_controllers); /* v2 unified */
		for (char *tok = strtok(ctl, ", "); tok; tok = strtok(NULL, ", ")) {
			int w = snprintf(out + n, sizeof(out) - n, "%s=%s", tok, cg);

			if (w < 0 || (size_t)w + 1 >= sizeof(out) - n)
				break;
			n += (size_t)w + 1;
		}
	}
	fclose(f);
	return scap_state_set_bytes(&ti->cgroups, &ti->cgroups_len, out, n);
}

static int fill_thread(struct scan *s, const char *pdir, const char *tdir, uint64_t pid,
		       struct scap_threadinfo *ti)
{
	char path[PROC_PATH], status[8192], statl[2048], buf[LIST_MAX];
	struct stat sb;
	ssize_t n;
	int64_t v;
	int ret = 0;

	proc_path(path, "%s/status", tdir);
	if (proc_read_file(path, status, sizeof(status)) <= 0)
		return -ENOENT;
	proc_path(path, "%s/stat", tdir);
	if (proc_read_file(path, statl, sizeof(statl)) <= 0)
		return -ENOENT;
	ti->pid = pid;
	ti->ptid = status_last(status, "PPid:", &v) ? 0 : (uint64_t)v;
	ti->uid = (uint32_t)status_u64(status, "Uid:", 10, 1); /* effective */
	ti->gid = (uint32_t)status_u64(status, "Gid:", 10, 1);
	ti->cap_inheritable = status_u64(status, "CapInh:", 16, 0);
	ti->cap_permitted = status_u64(status, "CapPrm:", 16, 0);
	ti->cap_effective = status_u64(status, "CapEff:", 16, 0);
	ti->vmsize_kb = (uint32_t)status_u64(status, "VmSize:", 10, 0);
	ti->vmrss_kb = (uint32_t)status_u64(status, "VmRSS:", 10, 0);
	ti->vmswap_kb = (uint32_t)status_u64(status, "VmSwap:", 10, 0);
	ti->vtid = status_last(status, "NSpid:", &v) ? (int64_t)ti->tid : v;
	ti->vpid = status_last(status, "NStgid:", &v) ? (int64_t)pid : v;
	if (!status_last(status, "NSpgid:", &v))
		ti->vpgid = (uint64_t)v;

	/* stat: fields after the ')' closing comm (which may hold spaces) */
	{
		char *p = strrchr(statl, ')');
		unsigned long long pgrp, session, minflt, majflt, start;
		int tty;

		if (p &&
		    sscanf(p + 2,
			   "%*c %*d %llu %llu %d %*d %*u %llu %*u %llu %*u %*u %*u %*d %*d %*d "
			   "%*d %*d %*d %llu",
			   &pgrp, &session, &tty, &minflt, &majflt, &start) == 6) {
			ti->pgid = (int64_t)pgrp;
			ti->sid = session;
			ti->tty = (uint32_t)tty;
			ti->pfminor = minflt;
			ti->pfmajor = majflt;
			if (s->hz > 0)
				ti->clone_ts =
					s->boot_ts + start * (1000000000ULL / (uint64_t)s->hz);
		}
	}
	if (ti->vpgid == (uint64_t)-1)
		ti->vpgid = (uint64_t)ti->pgid;

	proc_path(path, "%s/comm", tdir);
	n = proc_read_file(path, buf, 256);
	if (n > 0)
		buf[strcspn(buf, "\n")] = 0;
	else
		buf[0] = 0;
	ret |= scap_state_set_str(&ti->comm, buf, strlen(buf));

	/* exe = argv[0], args = the rest (NUL-separated); kernel threads have none */
	proc_path(path, "%s/cmdline", pdir);
	n = read_list(path, buf, sizeof(buf));
	if (n > 0) {
		size_t a0 = strnlen(buf, (size_t)n);

		ret |= scap_state_set_str(&ti->exe, buf, a0);
		if ((size_t)n > a0 + 1)
			ret |= scap_state_set_bytes(&ti->args, &ti->args_len, buf + a0 + 1,
						    (size_t)n - a0 - 1);
	} else {
		ret |= scap_state_set_str(&ti->exe, ti->comm, strlen(ti->comm));
	}
	proc_path(path, "%s/environ", pdir);
	n = read_list(path, buf, sizeof(buf));
	if (n > 0)
		ret |= scap_state_set_bytes(&ti->env, &ti->env_len, buf, (size_t)n);

	proc_path(path, "%s/exe", pdir);
	ret |= set_link(path, &ti->exepath);
	if (!stat(path, &sb)) {
		ti->exe_ino = sb.st_ino;
		ti->exe_ino_ctime =
			(uint64_t)sb.st_ctim.tv_sec * 1000000000ULL + (uint64_t)sb.st_ctim.tv_nsec;
		ti->exe_ino_mtime =
			(uint64_t)sb.st_mtim.tv_sec * 1000000000ULL + (uint64_t)sb.st_mtim.tv_nsec;
		/* could the user running it change it: the owner (who may chmod), root (DAC
		 * override), or the group/others write bits */
		ti->exe_writable = sb.st_uid == ti->uid || ti->uid == 0 ||
				   (sb.st_gid == ti->gid && (sb.st_mode & S_IWGRP)) ||
				   (sb.st_mode & S_IWOTH);
	}
	ti->exe_from_memfd = ti->exepath && !strncmp(ti->exepath, "/memfd:", 7);
	proc_path(path, "%s/cwd", tdir);
	ret |= set_link(path, &ti->cwd);
	proc_path(path, "%s/root", pdir);
	ret |= set_link(path, &ti->root);

	proc_path(path, "%s/loginuid", tdir);
	if (proc_read_file(path, buf, 32) > 0)
		ti->loginuid = (uint32_t)strtoul(buf, NULL, 10);

	/* fd limit: soft "Max open files" */
	proc_path(path, "%s/limits", pdir);
	if (proc_read_file(path, status, sizeof(status)) > 0) {
		char *p = strstr(status, "Max open files");

		if (p) {
			p += strlen("Max open files");
			while (*p == ' ')
				p++;
			ti->fdlimit = strncmp(p, "unlimited", 9) ? strtoll(p, NULL, 10) : -1;
		}
	}
	/* start time of the init of the pid namespace, seen through its root */
	proc_path(path, "%s/root/proc/1/cmdline", pdir);
	if (!stat(path, &sb))
		ti->pidns_init_start_ts =
			(uint64_t)sb.st_ctim.tv_sec * 1000000000ULL + (uint64_t)sb.st_ctim.tv_nsec;
	if (ti->tid != pid)
		ti->flags |= SCAP_CL_CLONE_THREAD | SCAP_CL_CLONE_FILES;
	ret |= fill_cgroups(s, pdir, ti);
	return ret ? -ENOMEM : 0;
}

static int scan_process(struct scan *s, uint64_t pid)
{
	char pdir[PROC_PATH], tdir[PROC_PATH], path[PROC_PATH];
	struct dirent *de;
	DIR *d;
	int ret = 0;

	proc_path(pdir, "%s/proc/%llu", s->root, (unsigned long long)pid);
	proc_path(path, "%s/task", pdir);
	d = opendir(path);
	if (!d)
		return 0; /* exited */
	while ((de = readdir(d))) {
		struct scap_threadinfo *ti;
		char *end;
		unsigned long long tid = strtoull(de->d_name, &end, 10);

		if (!isdigit((unsigned char)de->d_name[0]) || *end)
			continue;
		proc_path(tdir, "%s/task/%llu", pdir, tid);
		ti = scap_state_add_thread(s->st, tid);
		if (!ti) {
			ret = -ENOMEM;
			break;
		}
		ret = fill_thread(s, pdir, tdir, pid, ti);
		if (ret == -ENOENT) {
			/* the thread went away mid-read: forget it */
			ret = state_remove_thread(s->st, tid) ? -ENOMEM : 0;
			if (ret)
				break;
			continue;
		}
		if (ret)
			break;
		if (tid == pid && !s->no_fds) {
			ret = proc_fds(s->root, pdir, ti, &s->net);
			if (ret)
				break;
		}
	}
	closedir(d);
	return ret;
}

static void v2_controllers(struct scan *s)
{
	char path[PROC_PATH];

	proc_path(path, "%s/sys/fs/cgroup/cgroup.controllers", s->root);
	if (proc_read_file(path, s->v2_controllers, sizeof(s->v2_controllers)) > 0)
		s->v2_controllers[strcspn(s->v2_controllers, "\n")] = 0;
	else
		s->v2_controllers[0] = 0;
}

int scap_state_scan_proc(const struct scap_scan_opts *opts, struct scap_state **out, char *err,
			 size_t errlen)
{
	struct scap_scan_opts o = { 0 };
	struct scan s = { 0 };
	char root[PROC_PATH], path[PROC_PATH];
	const char *r;
	struct dirent *de;
	DIR *d;
	int ret = 0;

	*out = NULL;
	if (opts)
		memcpy(&o, opts, opts->sz < sizeof(o) ? opts->sz : sizeof(o));
	r = o.host_root ? o.host_root : getenv("HOST_ROOT");
	snprintf(root, sizeof(root), "%s", r ? r : "");
	while (root[0] && root[strlen(root) - 1] == '/')
		root[strlen(root) - 1] = 0;
	s.root = root;
	s.no_fds = o.no_fds;
	s.hz = sysconf(_SC_CLK_TCK);
	s.boot_ts = proc_boot_ts();
	v2_controllers(&s);

	proc_path(path, "%s/proc", root);
	d = opendir(path);
	if (!d) {
		ret = -errno;
		if (err && errlen)
			snprintf(err, errlen, "cannot scan %s: %s", path, strerror(errno));
		return ret;
	}
	s.st = scap_state_new();
	if (!s.st) {
		closedir(d);
		goto oom;
	}
	proc_machine_info(root, &s.st->machine);
	s.st->has_machine_info = 1;
	if (proc_interfaces(s.st) || proc_users(root, s.st)) {
		closedir(d);
		goto oom;
	}
	while ((de = readdir(d))) {
		char *end;
		unsigned long long pid = strtoull(de->d_name, &end, 10);

		if (!isdigit((unsigned char)de->d_name[0]) || *end)
			continue;
		if (o.only_pid && pid != o.only_pid)
			continue;
		ret = scan_process(&s, pid);
		if (ret)
			break;
	}
	closedir(d);
	proc_net_free(&s.net);
	if (ret) {
		scap_state_free(s.st);
		goto oom;
	}
	*out = s.st;
	return 0;
oom:
	proc_net_free(&s.net);
	if (err && errlen)
		snprintf(err, errlen, "out of memory while scanning %s/proc", root);
	return -ENOMEM;
}
