// SPDX-License-Identifier: Apache-2.0
/* What the host is and where its driver would come from: computed once for every command. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>

#include "loader.h"

#ifndef SYSCAP_DRIVERS_REPO
#define SYSCAP_DRIVERS_REPO ""
#endif
#ifndef SYSCAP_DRIVER_VERSION
#define SYSCAP_DRIVER_VERSION "0.0.0"
#endif

#define UPSTREAM_REPO "https://download.falco.org/driver"
#define UPSTREAM_NAME "falco"
#define SYSCAP_NAME "syscap"

static void add_source(struct loader *l, const char *repo, const char *name, const char *version)
{
	struct source *src = &l->sources[l->nsources++];
	size_t n;

	src->repo = xstrdup(repo);
	/* "https://host/path/" and "https://host/path" are the same repository */
	n = strlen(src->repo);
	while (n > 1 && src->repo[n - 1] == '/')
		src->repo[--n] = '\0';
	src->name = xstrdup(name);
	src->version = xstrdup(version);
}

int loader_init(struct loader *l, struct settings *s)
{
	struct utsname u;
	const char *upstream_version = versions_newest_compatible();
	size_t n;

	memset(l, 0, sizeof(*l));
	l->s = s;
	strlcpy0(l->host_root, s->host_root, sizeof(l->host_root));
	n = strlen(l->host_root);
	while (n > 0 && l->host_root[n - 1] == '/')
		l->host_root[--n] = '\0';

	if (uname(&u) < 0) {
		error("uname: %s", strerror(errno));
		return -errno;
	}
	strlcpy0(l->arch, u.machine, sizeof(l->arch));
	strlcpy0(l->raw_release, s->kernelrelease ? s->kernelrelease : u.release,
		 sizeof(l->raw_release));
	strlcpy0(l->raw_version, s->kernelversion ? s->kernelversion : u.version,
		 sizeof(l->raw_version));

	l->downloads_possible = true;
	if (kr_parse(l->raw_release, &l->kr) < 0) {
		/* keep the text as the release; no prebuilt artifact can be named after it */
		l->kr.parsed = false;
		strlcpy0(l->kr.fullversion, "", sizeof(l->kr.fullversion));
		strlcpy0(l->kr.fullextra, l->raw_release, sizeof(l->kr.fullextra));
		l->downloads_possible = false;
		snprintf(l->no_download_reason, sizeof(l->no_download_reason),
			 "kernel release '%s' is not of the form x.y.z[-extra]: downloads are "
			 "disabled, no prebuilt driver is named after it",
			 l->raw_release);
	}
	strlcpy0(l->kr.kernelversion, l->raw_version, sizeof(l->kr.kernelversion));
	kr_string(&l->kr, l->release, sizeof(l->release));

	if (distro_discover(l->host_root, &l->kr, &l->target) < 0 && l->downloads_possible) {
		l->downloads_possible = false;
		snprintf(l->no_download_reason, sizeof(l->no_download_reason),
			 "the target is undetermined (%s): downloads are disabled, only a local "
			 "build is possible",
			 l->target.how);
	}
	distro_fixup(&l->target, &l->kr, &l->fixed);
	kr_string(&l->fixed, l->fixed_release, sizeof(l->fixed_release));

	if (s->nrepos > 0) {
		for (int i = 0; i < s->nrepos; i++)
			add_source(l, s->repos[i], s->driver_name ? s->driver_name : UPSTREAM_NAME,
				   s->driver_version  ? s->driver_version
				   : upstream_version ? upstream_version
						      : "");
	} else {
		if (SYSCAP_DRIVERS_REPO[0])
			add_source(l, SYSCAP_DRIVERS_REPO,
				   s->driver_name ? s->driver_name : SYSCAP_NAME,
				   s->driver_version ? s->driver_version : SYSCAP_DRIVER_VERSION);
		add_source(l, UPSTREAM_REPO, s->driver_name ? s->driver_name : UPSTREAM_NAME,
			   s->driver_version  ? s->driver_version
			   : upstream_version ? upstream_version
					      : "");
	}
	for (int i = 0; i < l->nsources; i++) {
		if (!l->sources[i].version[0]) {
			error("no known upstream driver version implements the API %u.%u.%u and "
			      "schema "
			      "%u.%u.%u this libscap needs: pass --driver-version",
			      loader_required_api[0], loader_required_api[1],
			      loader_required_api[2], loader_required_schema[0],
			      loader_required_schema[1], loader_required_schema[2]);
			return -EINVAL;
		}
	}
	return 0;
}

void loader_free(struct loader *l)
{
	for (int i = 0; i < l->nsources; i++) {
		free(l->sources[i].repo);
		free(l->sources[i].name);
		free(l->sources[i].version);
	}
}

void loader_kmod_file(const struct loader *l, const struct source *src, char *buf, size_t len)
{
	snprintf(buf, len, "%s_%s_%s_%s.ko", src->name, l->target.id, l->fixed_release,
		 l->fixed.kernelversion);
}

/* Go's url.QueryEscape: unreserved characters stay, ' ' becomes '+', the rest %XX */
static void escape(const char *in, bool query, char *out, size_t len)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t o = 0;

	for (const unsigned char *p = (const unsigned char *)in; *p && o + 4 < len; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || *p == '-' || *p == '_' || *p == '.' || *p == '~' ||
		    (!query && *p == '/')) {
			out[o++] = (char)*p;
		} else if (query && *p == ' ') {
			out[o++] = '+';
		} else {
			out[o++] = '%';
			out[o++] = hex[*p >> 4];
			out[o++] = hex[*p & 15];
		}
	}
	out[o] = '\0';
}

char *loader_kmod_url(const struct loader *l, const struct source *src, const char *file)
{
	char ver[512], fesc[1024], *url;
	int rc;

	escape(src->version, true, ver, sizeof(ver));
	if (src->repo[0] == '/') {
		/* a plain directory mirror is read through file:// */
		char dir[8192];

		escape(src->repo, false, dir, sizeof(dir));
		escape(file, false, fesc, sizeof(fesc));
		rc = asprintf(&url, "file://%s/%s/%s/%s", dir, ver, l->arch, fesc);
	} else {
		rc = asprintf(&url, "%s/%s/%s/%s", src->repo, ver, l->arch, file);
	}
	return rc < 0 ? NULL : url;
}

void loader_cache_path(const struct loader *l, const struct source *src, const char *file,
		       char *buf, size_t len)
{
	snprintf(buf, len, "%s/%s/%s/%s", l->s->cache_dir, src->version, l->arch, file);
}

void loader_host_path(const struct loader *l, const char *rel, char *buf, size_t len)
{
	snprintf(buf, len, "%s/%s", l->host_root, rel[0] == '/' ? rel + 1 : rel);
}
