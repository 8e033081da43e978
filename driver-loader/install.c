// SPDX-License-Identifier: Apache-2.0
/*
 * install / download / load: choose the first usable driver type and get it loaded, saying what
 * was done and why each earlier choice was skipped.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "loader.h"

#ifndef SYSCAP_DRIVER_VERSION
#define SYSCAP_DRIVER_VERSION "0.0.0"
#endif
#define OWN_MODULE "syscap"

/* keep the most telling outcome: verification > failure > network > usage > not found >
 * unsupported (a type that was possible but failed says more than one that was impossible) */
static int worse(int a, int b)
{
	static const int rank[] = {
		[EXIT_OK] = 0,	   [EXIT_FAILED] = 5,  [EXIT_USAGE] = 3,      [EXIT_NOT_FOUND] = 2,
		[EXIT_VERIFY] = 6, [EXIT_NETWORK] = 4, [EXIT_UNSUPPORTED] = 1
	};
	return rank[a] >= rank[b] ? a : b;
}

/*
 * A cached module is loaded into the kernel: only trust a regular file that we own and nobody
 * else can write, in a directory nobody else can write.
 */
static bool cache_file_trusted(const char *path)
{
	char dir[4200], *slash;
	struct stat st;
	uid_t me = geteuid();

	if (lstat(path, &st) < 0)
		return false;
	if (!S_ISREG(st.st_mode) || st.st_uid != me || (st.st_mode & 022)) {
		warn("ignoring %s: not a regular file owned by uid %u and writable only by it",
		     path, (unsigned int)me);
		return false;
	}
	strlcpy0(dir, path, sizeof(dir));
	slash = strrchr(dir, '/');
	if (slash && slash != dir)
		*slash = '\0';
	if (stat(dir, &st) < 0 || (st.st_uid != me && st.st_uid != 0) || (st.st_mode & 022)) {
		warn("ignoring %s: its directory %s is writable by others", path, dir);
		return false;
	}
	return true;
}

/* Fetch the prebuilt module into the cache (or find it there). Path in OUT. */
static int get_prebuilt(struct loader *l, char *out, size_t outlen, int *src_idx)
{
	char file[1024], why[2048];
	int rc = EXIT_OK, i;

	if (!l->downloads_possible) {
		error("no prebuilt driver can be used: %s", l->no_download_reason);
		return EXIT_NOT_FOUND;
	}
	/* a verified earlier download needs no network at all */
	for (i = 0; i < l->nsources; i++) {
		loader_kmod_file(l, &l->sources[i], file, sizeof(file));
		loader_cache_path(l, &l->sources[i], file, out, outlen);
		if (path_exists(out) && cache_file_trusted(out)) {
			info("found %s in the cache: no download needed", out);
			*src_idx = i;
			return EXIT_OK;
		}
	}
	for (i = 0; i < l->nsources; i++) {
		int r;

		loader_kmod_file(l, &l->sources[i], file, sizeof(file));
		loader_cache_path(l, &l->sources[i], file, out, outlen);
		r = artifact_download(l, &l->sources[i], file, out, why, sizeof(why));
		if (r == EXIT_OK) {
			info("downloaded and stored %s", out);
			*src_idx = i;
			return EXIT_OK;
		}
		if (r == EXIT_NOT_FOUND)
			note("repository %s has no %s: %s", l->sources[i].repo, file, why);
		else
			error("repository %s: %s", l->sources[i].repo, why);
		rc = i == 0 ? r : worse(rc, r);
	}
	error("no prebuilt driver %s for target %s, kernel %s (%s) in any of %d repositories%s",
	      file, l->target.id, l->fixed_release, l->fixed.kernelversion, l->nsources,
	      rc == EXIT_VERIFY	   ? ": a download failed verification"
	      : rc == EXIT_NETWORK ? ": network or server errors"
				   : "");
	return rc;
}

int cmd_download(struct loader *l)
{
	char path[4200];
	int idx, rc = get_prebuilt(l, path, sizeof(path), &idx);

	if (rc == EXIT_OK)
		printf("%s\n", path);
	return rc;
}

/* Insert PATH; an older module of the same name left loaded is replaced. */
static int load_module(const char *path, const char *name, const char *want_version)
{
	char why[1024], have[128];
	int rc;

	rc = kmod_insert(path, why, sizeof(why));
	if (rc == 0) {
		info("loaded %s", path);
		return EXIT_OK;
	}
	if (rc == -EEXIST && kmod_loaded(name, have, sizeof(have))) {
		if (!want_version || !strcmp(have, want_version)) {
			info("module %s %s is already loaded", name, have);
			return EXIT_OK;
		}
		note("module %s %s is loaded but stale (want %s): replacing it", name, have,
		     want_version);
		if (kmod_remove(name, why, sizeof(why)) < 0) {
			error("cannot unload the stale module: %s", why);
			return EXIT_FAILED;
		}
		rc = kmod_insert(path, why, sizeof(why));
		if (rc == 0) {
			info("loaded %s", path);
			return EXIT_OK;
		}
	}
	error("%s", why);
	return EXIT_FAILED;
}

/* the DKMS source directory, under the host root like /lib/modules */
static void dkms_src_dir(const struct loader *l, char *buf, size_t len)
{
	if (l->s->src_dir[0] == '/')
		loader_host_path(l, l->s->src_dir, buf, len);
	else
		strlcpy0(buf, l->s->src_dir, len);
}

/* newest <src>/syscap-<version>/dkms.conf, preferring our own version */
static bool find_dkms_source(struct loader *l, char *ver, size_t vlen)
{
	char path[8400], src[4200];
	uint32_t best[3] = { 0, 0, 0 }, v[3];
	bool found = false;
	struct dirent *e;
	DIR *d;

	dkms_src_dir(l, src, sizeof(src));
	snprintf(path, sizeof(path), "%s/%s-%s/dkms.conf", src, OWN_MODULE, SYSCAP_DRIVER_VERSION);
	if (path_exists(path)) {
		strlcpy0(ver, SYSCAP_DRIVER_VERSION, vlen);
		return true;
	}
	d = opendir(src);
	if (!d)
		return false;
	while ((e = readdir(d))) {
		const char *p = e->d_name + strlen(OWN_MODULE) + 1;

		if (strncmp(e->d_name, OWN_MODULE "-", strlen(OWN_MODULE) + 1) ||
		    version_parse3(p, v) < 0)
			continue;
		snprintf(path, sizeof(path), "%s/%s/dkms.conf", src, e->d_name);
		if (!path_exists(path))
			continue;
		if (!found || v[0] > best[0] ||
		    (v[0] == best[0] && (v[1] > best[1] || (v[1] == best[1] && v[2] > best[2])))) {
			memcpy(best, v, sizeof(best));
			strlcpy0(ver, p, vlen);
			found = true;
		}
	}
	closedir(d);
	return found;
}

static int dkms_build(struct loader *l, char *why, size_t whylen)
{
	char ver[128], out[65536], log[4200], src[4200];
	char *argv[] = {
		"dkms", "install", "-m", OWN_MODULE, "-v", ver, "-k", l->raw_release, NULL
	};
	int rc;

	dkms_src_dir(l, src, sizeof(src));
	if (!find_dkms_source(l, ver, sizeof(ver))) {
		snprintf(why, whylen,
			 "no DKMS sources in %.1000s/%s-<version>/ (package syscap-dkms)", src,
			 OWN_MODULE);
		return -ENOENT;
	}
	if (l->host_root[0]) {
		snprintf(why, whylen,
			 "DKMS sources %.600s/%s-%.40s are there, but DKMS builds run only on the "
			 "host itself, not through host root %.600s",
			 src, OWN_MODULE, ver, l->host_root);
		return -EOPNOTSUPP;
	}
	info("building the kernel module with DKMS: dkms install -m %s -v %s -k %s", OWN_MODULE,
	     ver, l->raw_release);
	rc = run_cmd(argv, out, sizeof(out));
	if (rc == 127 || rc < 0) {
		snprintf(why, whylen, "dkms is not installed");
		return -ENOENT;
	}
	/* "already installed" is not a failure */
	if (rc != 0 && !strstr(out, "already installed")) {
		snprintf(log, sizeof(log), "/var/lib/dkms/%s/%s/build/make.log", OWN_MODULE, ver);
		fprintf(stderr, "%s", out);
		snprintf(why, whylen, "dkms install failed (exit %d); build log: %.1000s", rc, log);
		return -EIO;
	}
	return 0;
}

/* DKMS signs what it builds with its MOK key; say which key so it can be enrolled */
static void dkms_signing_note(const char *sb)
{
	char key[512] = "/var/lib/dkms/mok.key", cert[512] = "/var/lib/dkms/mok.pub", line[1024];
	FILE *f = fopen("/etc/dkms/framework.conf", "re");

	while (f && fgets(line, sizeof(line), f)) {
		char *v = strchr(line, '=');
		size_t n;

		if (!v || line[0] == '#')
			continue;
		*v++ = '\0';
		v += strspn(v, "\"' ");
		n = strcspn(v, "\"'\n ");
		v[n] = '\0';
		if (!strcmp(line, "mok_signing_key"))
			strlcpy0(key, v, sizeof(key));
		else if (!strcmp(line, "mok_certificate"))
			strlcpy0(cert, v, sizeof(cert));
	}
	if (f)
		fclose(f);
	if (path_exists(key) && path_exists(cert))
		info("kmod: %s; DKMS signs the module with %s: its certificate %s must be enrolled "
		     "(mokutil --import %s, then reboot)",
		     sb, key, cert, cert);
	else
		warn("kmod: %s, but DKMS has no signing key (%s): a DKMS-built module will be "
		     "refused",
		     sb, key);
}

static int try_kmod(struct loader *l, char *why, size_t whylen)
{
	char path[4200], ver[128], sb[512], r[2048];
	bool secure = secure_boot_active(l, sb, sizeof(sb));
	int rc, idx;

	if (l->target.kind == DISTRO_COS) {
		snprintf(why, whylen, "Container-Optimized OS does not allow kernel modules");
		return EXIT_UNSUPPORTED;
	}
	if (l->target.kind == DISTRO_OL && strstr(l->release, "uek")) {
		snprintf(why, whylen, "kernel modules are not built for Oracle UEK kernels (%s)",
			 l->release);
		return EXIT_UNSUPPORTED;
	}
	if (!kmod_possible(l, why, whylen))
		return EXIT_UNSUPPORTED;

	/* 1. a module already built for this kernel (DKMS or a package) */
	if (kmod_find_installed(l, OWN_MODULE, path, sizeof(path), ver, sizeof(ver))) {
		if (!strcmp(ver, SYSCAP_DRIVER_VERSION)) {
			info("kmod: using the module already built for %s: %s (version %s)",
			     l->raw_release, path, ver);
			return load_module(path, OWN_MODULE, SYSCAP_DRIVER_VERSION);
		}
		note("kmod: %s is version %s, not %s: not used", path, ver, SYSCAP_DRIVER_VERSION);
	} else {
		note("kmod: no module built for %s yet", l->raw_release);
	}

	/* 2. DKMS build */
	if (secure && l->s->compile)
		dkms_signing_note(sb);
	if (!l->s->compile) {
		note("kmod: DKMS build skipped (--no-compile)");
	} else if (dkms_build(l, r, sizeof(r)) == 0) {
		/* with the built version, so that an older module left loaded is replaced */
		if (kmod_find_installed(l, OWN_MODULE, path, sizeof(path), ver, sizeof(ver)))
			return load_module(path, OWN_MODULE, ver);
		note("kmod: DKMS reported success but no %s module for %s was found", OWN_MODULE,
		     l->raw_release);
	} else {
		note("kmod: DKMS build skipped or failed: %s", r);
	}

	/* 3. prebuilt download (or an earlier verified download in the cache) */
	if (!l->s->download) {
		snprintf(why, whylen,
			 "no usable module: DKMS did not provide one and downloads are "
			 "disabled (--no-download)");
		return EXIT_NOT_FOUND;
	}
	if (secure) {
		snprintf(
			why, whylen,
			"prebuilt downloads are skipped: %s, and downloaded modules "
			"are not signed with your machine owner key; install syscap-dkms with DKMS "
			"module signing (MOK) instead",
			sb);
		return EXIT_UNSUPPORTED;
	}
	rc = get_prebuilt(l, path, sizeof(path), &idx);
	if (rc != EXIT_OK) {
		snprintf(why, whylen, "no prebuilt module could be obtained (see above)");
		return rc;
	}
	return load_module(path, l->sources[idx].name, l->sources[idx].version);
}

static int try_bpf(struct loader *l, char *why, size_t whylen)
{
	struct bpf_support b;
	const char *set;
	int np, nm;
	char r[1024];

	bpf_probe_support(l, &b);
	if (!(b.btf && b.ringbuf && b.tracing_raw_tp)) {
		snprintf(why, whylen, "the kernel cannot run the eBPF probe: %s", b.why);
		return EXIT_UNSUPPORTED;
	}
	info("bpf: kernel BTF present, ring buffer maps available, a BTF raw tracepoint "
	     "program loads");
	if (!path_exists(l->s->bpf_object)) {
		note("bpf: probe object %s not found: its load check is skipped (libscap loads the "
		     "probe when capture starts)",
		     l->s->bpf_object);
		return EXIT_OK;
	}
	if (bpf_object_check(l->s->bpf_object, r, sizeof(r), &np, &nm, &set) < 0) {
		snprintf(why, whylen, "%s", r);
		return EXIT_FAILED;
	}
	info("bpf: probe object %s loads (%s: %d programs, %d maps; loaded and released again)",
	     l->s->bpf_object, set, np, nm);
	return EXIT_OK;
}

int cmd_install(struct loader *l)
{
	char why[2048];
	int rc = EXIT_UNSUPPORTED;

	info("target %s, kernel %s (%s), arch %s; driver types in order: %s%s%s", l->target.id,
	     l->release, l->fixed.kernelversion, l->arch, l->s->types[0],
	     l->s->ntypes > 1 ? "," : "", l->s->ntypes > 1 ? l->s->types[1] : "");
	for (int i = 0; i < l->s->ntypes; i++) {
		const char *t = l->s->types[i];
		int r;

		why[0] = '\0';
		r = !strcmp(t, "bpf") ? try_bpf(l, why, sizeof(why))
				      : try_kmod(l, why, sizeof(why));
		if (r == EXIT_OK) {
			printf("driver: %s\n", t);
			return EXIT_OK;
		}
		if (why[0])
			note("%s skipped: %s", t, why);
		rc = i == 0 ? r : worse(rc, r);
	}
	error("no driver type could be installed (tried: %s%s%s)", l->s->types[0],
	      l->s->ntypes > 1 ? ", " : "", l->s->ntypes > 1 ? l->s->types[1] : "");
	return rc;
}

int cmd_load(struct loader *l, const char *path)
{
	char p[4200], ver[128], file[1024];

	if (path) {
		kmod_file_version(path, ver, sizeof(ver));
		return load_module(path, OWN_MODULE, ver);
	}
	if (!strcmp(l->s->types[0], "bpf") && l->s->ntypes == 1) {
		char why[2048];
		int r = try_bpf(l, why, sizeof(why));

		if (r != EXIT_OK)
			error("%s", why);
		return r;
	}
	if (!kmod_possible(l, p, sizeof(p))) {
		error("%s", p);
		return EXIT_UNSUPPORTED;
	}
	if (kmod_find_installed(l, OWN_MODULE, p, sizeof(p), ver, sizeof(ver)))
		return load_module(p, OWN_MODULE, ver);
	for (int i = 0; i < l->nsources; i++) {
		loader_kmod_file(l, &l->sources[i], file, sizeof(file));
		loader_cache_path(l, &l->sources[i], file, p, sizeof(p));
		if (path_exists(p) && cache_file_trusted(p))
			return load_module(p, l->sources[i].name, l->sources[i].version);
	}
	error("no module for kernel %s is built or cached: run 'syscap-driver-loader install'",
	      l->raw_release);
	return EXIT_NOT_FOUND;
}
