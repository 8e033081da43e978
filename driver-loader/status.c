// SPDX-License-Identifier: Apache-2.0
/* status / unload / cleanup */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <syscap/ioctl.h>

#include "loader.h"

#ifndef SYSCAP_DRIVER_VERSION
#define SYSCAP_DRIVER_VERSION "0.0.0"
#endif
#define OWN_MODULE "syscap"

static void unpack(uint64_t v, uint32_t out[3])
{
	out[0] = (uint32_t)(v >> 44);
	out[1] = (uint32_t)((v >> 24) & 0xfffff);
	out[2] = (uint32_t)(v & 0xffffff);
}

/* every module name the loader manages: ours and those of the configured repositories */
static int module_names(const struct loader *l, const char **names, int max)
{
	int n = 0;

	names[n++] = OWN_MODULE;
	for (int i = 0; i < l->nsources && n < max; i++) {
		bool dup = false;

		for (int j = 0; j < n; j++)
			dup |= !strcmp(names[j], l->sources[i].name);
		if (!dup)
			names[n++] = l->sources[i].name;
	}
	return n;
}

static void report_versions(const char *name, bool *compatible)
{
	char dev[128];
	uint64_t api = 0, schema = 0;
	uint32_t a[3], s[3];
	int fd;

	snprintf(dev, sizeof(dev), "/dev/%s0", name);
	fd = open(dev, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		printf("  API/schema: unknown (cannot open %s: %s)\n", dev, strerror(errno));
		*compatible = false;
		return;
	}
	if (ioctl(fd, SCAP_IOCTL_GET_API_VERSION, &api) < 0 ||
	    ioctl(fd, SCAP_IOCTL_GET_SCHEMA_VERSION, &schema) < 0) {
		printf("  API/schema: unknown (%s does not answer the version ioctls: %s)\n", dev,
		       strerror(errno));
		close(fd);
		*compatible = false;
		return;
	}
	close(fd);
	unpack(api, a);
	unpack(schema, s);
	*compatible = version_compatible(a, loader_required_api) &&
		      version_compatible(s, loader_required_schema);
	printf("  API %u.%u.%u, schema %u.%u.%u: %s libscap (needs API %u.%u.%u and schema "
	       "%u.%u.%u or a newer minor of the same major)\n",
	       a[0], a[1], a[2], s[0], s[1], s[2],
	       *compatible ? "compatible with" : "NOT compatible with", loader_required_api[0],
	       loader_required_api[1], loader_required_api[2], loader_required_schema[0],
	       loader_required_schema[1], loader_required_schema[2]);
}

int cmd_status(struct loader *l)
{
	const char *names[LOADER_MAX_LIST + 1];
	int n = module_names(l, names, LOADER_MAX_LIST + 1);
	char ver[128], path[4200], why[512], file[1024];
	struct bpf_support b;
	bool ready = false;

	printf("kernel: %s (%s), arch %s, target %s\n", l->release, l->raw_version, l->arch,
	       l->target.id);
	for (int i = 0; i < n; i++) {
		bool ok;

		if (!kmod_loaded(names[i], ver, sizeof(ver))) {
			printf("kmod %s: not loaded\n", names[i]);
			continue;
		}
		printf("kmod %s: loaded, version %s%s\n", names[i], ver,
		       !strcmp(names[i], OWN_MODULE) && strcmp(ver, SYSCAP_DRIVER_VERSION)
			       ? " (stale: this loader installs " SYSCAP_DRIVER_VERSION ")"
			       : "");
		report_versions(names[i], &ok);
		ready |= ok;
	}
	if (kmod_possible(l, why, sizeof(why))) {
		if (kmod_find_installed(l, OWN_MODULE, path, sizeof(path), ver, sizeof(ver)))
			printf("kmod built for this kernel: %s (version %s)\n", path, ver);
		for (int i = 0; i < l->nsources; i++) {
			loader_kmod_file(l, &l->sources[i], file, sizeof(file));
			loader_cache_path(l, &l->sources[i], file, path, sizeof(path));
			if (path_exists(path))
				printf("kmod in the cache: %s\n", path);
		}
	} else {
		printf("kmod: unavailable: %s\n", why);
	}
	bpf_probe_support(l, &b);
	if (b.btf && b.ringbuf && b.tracing_raw_tp) {
		printf("bpf: supported by this kernel; probe object %s %s\n", l->s->bpf_object,
		       path_exists(l->s->bpf_object) ? "present" : "MISSING");
		ready |= path_exists(l->s->bpf_object);
	} else {
		printf("bpf: unsupported: %s\n", b.why);
	}
	printf("ready: %s\n", ready ? "yes" : "no");
	return ready ? EXIT_OK : EXIT_FAILED;
}

int cmd_unload(struct loader *l)
{
	const char *names[LOADER_MAX_LIST + 1];
	int n = module_names(l, names, LOADER_MAX_LIST + 1), rc = EXIT_OK, count = 0;
	char ver[128], why[512];

	for (int i = 0; i < n; i++) {
		if (!kmod_loaded(names[i], ver, sizeof(ver)))
			continue;
		count++;
		if (!strcmp(names[i], OWN_MODULE) && strcmp(ver, SYSCAP_DRIVER_VERSION))
			info("module %s %s is stale (left loaded across an upgrade to %s)",
			     names[i], ver, SYSCAP_DRIVER_VERSION);
		if (kmod_remove(names[i], why, sizeof(why)) < 0) {
			error("%s", why);
			rc = EXIT_FAILED;
		} else {
			info("unloaded %s %s", names[i], ver);
		}
	}
	if (!count)
		info("no driver module is loaded");
	return rc;
}

int cmd_cleanup(struct loader *l)
{
	char out[16384], *save = NULL;
	char *status_argv[] = { "dkms", "status", "-m", OWN_MODULE, NULL };
	char done[32][128];
	int rc = cmd_unload(l), r, ndone = 0;

	r = run_cmd(status_argv, out, sizeof(out));
	if (r == 127 || r < 0) {
		info("dkms is not installed: nothing to remove from DKMS");
		return rc;
	}
	if (r != 0) {
		error("dkms status -m %s failed (exit %d): %s", OWN_MODULE, r, out);
		return EXIT_FAILED;
	}
	/* lines look like "syscap/0.1.0, 6.1.0-18-amd64, x86_64: installed" (dkms 3), one per
	 * version and kernel: each version is removed once, for all kernels */
	for (char *line = strtok_r(out, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char ver[128], buf[1024];
		char *slash = strchr(line, '/'), *end;
		char *rm_argv[] = { "dkms", "remove", "-m", OWN_MODULE, "-v", ver, "--all", NULL };
		bool seen = false;

		if (strncmp(line, OWN_MODULE "/", strlen(OWN_MODULE) + 1) || !slash)
			continue;
		end = slash + 1 + strcspn(slash + 1, ",: ");
		snprintf(ver, sizeof(ver), "%.*s", (int)(end - slash - 1), slash + 1);
		for (int i = 0; i < ndone; i++)
			seen |= !strcmp(done[i], ver);
		if (seen || !ver[0])
			continue;
		if (ndone < 32)
			strlcpy0(done[ndone++], ver, sizeof(done[0]));
		r = run_cmd(rm_argv, buf, sizeof(buf));
		if (r == 0) {
			info("removed %s %s from DKMS (all kernels)", OWN_MODULE, ver);
		} else if (!strstr(buf, "not located")) {
			error("dkms remove -m %s -v %s --all failed (exit %d): %s", OWN_MODULE, ver,
			      r, buf);
			rc = EXIT_FAILED;
		}
	}
	if (!ndone)
		info("DKMS has no %s module to remove", OWN_MODULE);
	return rc;
}
