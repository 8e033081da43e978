// SPDX-License-Identifier: Apache-2.0
/* /proc scan, machine-wide parts: machine info, interface addresses, users and groups. */
#include <errno.h>
#include <stdarg.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "proc_int.h"

void proc_path(char *buf, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, PROC_PATH, fmt, ap);
	va_end(ap);
}

int proc_read_file(const char *path, char *buf, size_t len)
{
	FILE *f = fopen(path, "re");
	size_t n;

	if (!f)
		return -errno;
	n = fread(buf, 1, len - 1, f);
	fclose(f);
	buf[n] = 0;
	return (int)n;
}

static uint64_t read_u64_file(const char *path, uint64_t dflt)
{
	char buf[64];

	if (proc_read_file(path, buf, sizeof(buf)) <= 0)
		return dflt;
	return strtoull(buf, NULL, 10);
}

/* Boot time in ns since the epoch: realtime now minus time since boot. */
uint64_t proc_boot_ts(void)
{
	struct timespec rt, bt;

	clock_gettime(CLOCK_REALTIME, &rt);
	clock_gettime(CLOCK_BOOTTIME, &bt);
	return (uint64_t)(rt.tv_sec - bt.tv_sec) * 1000000000ULL + (uint64_t)rt.tv_nsec -
	       (uint64_t)bt.tv_nsec;
}

void proc_machine_info(const char *root, struct scap_machine_info *mi)
{
	char path[PROC_PATH];
	const char *env = getenv("SCAP_HOSTNAME");
	long pages = sysconf(_SC_PHYS_PAGES), psize = sysconf(_SC_PAGESIZE);

	memset(mi, 0, sizeof(*mi));
	mi->num_cpus = (uint32_t)sysconf(_SC_NPROCESSORS_ONLN);
	mi->memory_size_bytes = pages > 0 && psize > 0 ? (uint64_t)pages * (uint64_t)psize : 0;
	proc_path(path, "%s/proc/sys/kernel/pid_max", root);
	mi->max_pid = read_u64_file(path, 32768);
	if (env && *env) {
		snprintf(mi->hostname, sizeof(mi->hostname), "%s", env);
	} else {
		proc_path(path, "%s/proc/sys/kernel/hostname", root);
		if (proc_read_file(path, mi->hostname, sizeof(mi->hostname)) > 0)
			mi->hostname[strcspn(mi->hostname, "\n")] = 0;
		else
			gethostname(mi->hostname, sizeof(mi->hostname) - 1);
	}
	mi->boot_ts_epoch = proc_boot_ts();
}

int proc_interfaces(struct scap_state *st)
{
	struct ifaddrs *ifs, *i;

	st->has_ifaces = 1;
	if (getifaddrs(&ifs))
		return 0; /* no interfaces is not a failure of the scan */
	for (i = ifs; i; i = i->ifa_next) {
		if (!i->ifa_addr)
			continue;
		if (i->ifa_addr->sa_family == AF_INET) {
			struct scap_iface_v4 *e = scap_state_add_iface_v4(st);

			if (!e)
				goto oom;
			e->addr = ((struct sockaddr_in *)i->ifa_addr)->sin_addr.s_addr;
			if (i->ifa_netmask)
				e->netmask =
					((struct sockaddr_in *)i->ifa_netmask)->sin_addr.s_addr;
			if ((i->ifa_flags & IFF_BROADCAST) && i->ifa_broadaddr)
				e->bcast =
					((struct sockaddr_in *)i->ifa_broadaddr)->sin_addr.s_addr;
			if (scap_state_set_str(&e->name, i->ifa_name, strlen(i->ifa_name)))
				goto oom;
		} else if (i->ifa_addr->sa_family == AF_INET6) {
			struct scap_iface_v6 *e = scap_state_add_iface_v6(st);

			if (!e)
				goto oom;
			memcpy(e->addr, &((struct sockaddr_in6 *)i->ifa_addr)->sin6_addr, 16);
			if (i->ifa_netmask)
				memcpy(e->netmask,
				       &((struct sockaddr_in6 *)i->ifa_netmask)->sin6_addr, 16);
			if (scap_state_set_str(&e->name, i->ifa_name, strlen(i->ifa_name)))
				goto oom;
		}
	}
	freeifaddrs(ifs);
	return 0;
oom:
	freeifaddrs(ifs);
	return -ENOMEM;
}

/* Split a passwd/group line into at most n ':'-separated fields (in place). */
static int split(char *line, char **f, int n)
{
	int k = 0;

	f[k++] = line;
	for (char *p = line; *p && k < n; p++) {
		if (*p == ':') {
			*p = 0;
			f[k++] = p + 1;
		}
	}
	return k;
}

int proc_users(const char *root, struct scap_state *st)
{
	char path[PROC_PATH], line[4096];
	FILE *f;

	st->has_users = 1;
	proc_path(path, "%s/etc/passwd", root);
	f = fopen(path, "re");
	if (f) {
		while (fgets(line, sizeof(line), f)) {
			char *fl[7];
			struct scap_user *u;

			line[strcspn(line, "\n")] = 0;
			if (line[0] == '#' || split(line, fl, 7) < 7)
				continue;
			u = scap_state_add_user(st);
			if (!u || scap_state_set_str(&u->name, fl[0], strlen(fl[0])) ||
			    scap_state_set_str(&u->homedir, fl[5], strlen(fl[5])) ||
			    scap_state_set_str(&u->shell, fl[6], strlen(fl[6]))) {
				fclose(f);
				return -ENOMEM;
			}
			u->uid = (uint32_t)strtoul(fl[2], NULL, 10);
			u->gid = (uint32_t)strtoul(fl[3], NULL, 10);
		}
		fclose(f);
	}
	proc_path(path, "%s/etc/group", root);
	f = fopen(path, "re");
	if (f) {
		while (fgets(line, sizeof(line), f)) {
			char *fl[4];
			struct scap_group *g;

			line[strcspn(line, "\n")] = 0;
			if (line[0] == '#' || split(line, fl, 4) < 3)
				continue;
			g = scap_state_add_group(st);
			if (!g || scap_state_set_str(&g->name, fl[0], strlen(fl[0]))) {
				fclose(f);
				return -ENOMEM;
			}
			g->gid = (uint32_t)strtoul(fl[2], NULL, 10);
		}
		fclose(f);
	}
	return 0;
}
