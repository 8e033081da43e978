// SPDX-License-Identifier: Apache-2.0
/*
 * Target id and kernel release/version rewriting. Prebuilt drivers are named after these, so the
 * rules match the ones upstream's artifact builder and loader use, distribution by distribution.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "loader.h"

struct osrel {
	char id[64];
	char version_id[64];
	char variant_id[64];
	char build_id[64];
	bool have_version_id, have_variant_id, have_build_id;
};

static void unquote(char *v)
{
	size_t n = strlen(v);

	while (n && isspace((unsigned char)v[n - 1]))
		v[--n] = '\0';
	if (n >= 2 && (v[0] == '"' || v[0] == '\'') && v[n - 1] == v[0]) {
		memmove(v, v + 1, n - 2);
		v[n - 2] = '\0';
	}
}

static int read_os_release(const char *path, struct osrel *o)
{
	char line[512];
	bool have_id = false;
	FILE *f = fopen(path, "re");

	if (!f)
		return -errno;
	memset(o, 0, sizeof(*o));
	while (fgets(line, sizeof(line), f)) {
		char *k = line, *eq, *v;

		while (isspace((unsigned char)*k))
			k++;
		if (*k == '#' || !(eq = strchr(k, '=')))
			continue;
		*eq = '\0';
		v = eq + 1;
		while (isspace((unsigned char)*v))
			v++;
		for (char *e = eq; e > k && isspace((unsigned char)e[-1]); e--)
			e[-1] = '\0';
		unquote(v);
		if (!strcmp(k, "ID")) {
			strlcpy0(o->id, v, sizeof(o->id));
			for (char *c = o->id; *c; c++)
				*c = tolower((unsigned char)*c);
			have_id = true;
		} else if (!strcmp(k, "VERSION_ID")) {
			strlcpy0(o->version_id, v, sizeof(o->version_id));
			o->have_version_id = true;
		} else if (!strcmp(k, "VARIANT_ID")) {
			strlcpy0(o->variant_id, v, sizeof(o->variant_id));
			o->have_variant_id = true;
		} else if (!strcmp(k, "BUILD_ID")) {
			strlcpy0(o->build_id, v, sizeof(o->build_id));
			o->have_build_id = true;
		}
	}
	fclose(f);
	return have_id ? 0 : -ENOENT;
}

/* first "D+.D+.D+" in TEXT */
static bool find_xyz(const char *text, char *out, size_t len)
{
	for (const char *p = text; *p; p++) {
		const char *q = p;
		int groups = 0;

		if (!isdigit((unsigned char)*p))
			continue;
		while (isdigit((unsigned char)*q))
			q++;
		while (groups < 2 && q[0] == '.' && isdigit((unsigned char)q[1])) {
			q++;
			while (isdigit((unsigned char)*q))
				q++;
			groups++;
		}
		if (groups == 2) {
			size_t n = q - p;

			if (n >= len)
				return false;
			memcpy(out, p, n);
			out[n] = '\0';
			return true;
		}
	}
	return false;
}

static bool minikube_check(const char *host_root, struct target *t)
{
	char path[4200], buf[512];

	snprintf(path, sizeof(path), "%s/etc/VERSION", host_root);
	if (read_small_file(path, buf, sizeof(buf)) < 0)
		return false;
	return find_xyz(buf, t->minikube_version, sizeof(t->minikube_version));
}

static void set_id(struct target *t, enum distro_kind kind, const char *id)
{
	t->kind = kind;
	strlcpy0(t->id, id, sizeof(t->id));
}

/* Target id from the ubuntu kernel flavour: "-<letters>" followed by the end or by '-'. */
static void ubuntu_flavour(const char *extra, char *out, size_t len)
{
	for (const char *p = extra; *p; p++) {
		const char *q;

		if (*p != '-')
			continue;
		q = p + 1;
		while (isalpha((unsigned char)*q))
			q++;
		if (q > p + 1 && (*q == '\0' || *q == '-')) {
			snprintf(out, len, "ubuntu-%.*s", (int)(q - p - 1), p + 1);
			return;
		}
	}
	snprintf(out, len, "ubuntu-generic");
}

static int from_os_release(const char *host_root, const struct kernel_release *kr, struct target *t)
{
	char path[4200];
	struct osrel o;
	int rc;

	snprintf(path, sizeof(path), "%s/etc/os-release", host_root);
	rc = read_os_release(path, &o);
	if (rc < 0)
		return rc;
	snprintf(t->how, sizeof(t->how), "ID=%s in %.160s", o.id, path);
	if (minikube_check(host_root, t)) {
		set_id(t, DISTRO_MINIKUBE, "minikube");
		snprintf(t->how, sizeof(t->how), "%.150s/etc/VERSION names minikube %s", host_root,
			 t->minikube_version);
		return 0;
	}
	if (!strcmp(o.id, "ubuntu")) {
		ubuntu_flavour(kr->fullextra, t->id, sizeof(t->id));
		t->kind = DISTRO_UBUNTU;
	} else if (!strcmp(o.id, "debian")) {
		set_id(t, DISTRO_DEBIAN, "debian");
	} else if (!strcmp(o.id, "amzn")) {
		if (!o.have_version_id)
			return -ENOENT;
		if (!strcmp(o.version_id, "2"))
			set_id(t, DISTRO_AMZN, "amazonlinux2");
		else if (!strcmp(o.version_id, "2022"))
			set_id(t, DISTRO_AMZN, "amazonlinux2022");
		else if (!strcmp(o.version_id, "2023"))
			set_id(t, DISTRO_AMZN, "amazonlinux2023");
		else
			set_id(t, DISTRO_AMZN, "amazonlinux");
	} else if (!strcmp(o.id, "bottlerocket")) {
		char *dash;

		if (!o.have_version_id || !o.have_variant_id)
			return -ENOENT;
		set_id(t, DISTRO_BOTTLEROCKET, "bottlerocket");
		strlcpy0(t->version_id, o.version_id, sizeof(t->version_id));
		strlcpy0(t->variant, o.variant_id, sizeof(t->variant));
		dash = strchr(t->variant, '-');
		if (dash)
			*dash = '\0';
	} else if (!strcmp(o.id, "talos")) {
		if (!o.have_version_id)
			return -ENOENT;
		set_id(t, DISTRO_TALOS, "talos");
		strlcpy0(t->version_id, o.version_id, sizeof(t->version_id));
	} else if (!strcmp(o.id, "flatcar")) {
		uint32_t v[3];

		if (!o.have_version_id)
			return -ENOENT;
		/* the release of a flatcar artifact is the OS version, which must be x.y.z */
		if (version_parse3(o.version_id, v) < 0)
			return -EINVAL;
		set_id(t, DISTRO_FLATCAR, "flatcar");
		strlcpy0(t->version_id, o.version_id, sizeof(t->version_id));
	} else if (!strcmp(o.id, "cos")) {
		if (!o.have_build_id)
			return -ENOENT;
		set_id(t, DISTRO_COS, "cos");
	} else if (!strcmp(o.id, "ol")) {
		set_id(t, DISTRO_OL, "ol");
	} else if (!strcmp(o.id, "centos")) {
		set_id(t, DISTRO_CENTOS, "centos");
	} else if (!strcmp(o.id, "rhel")) {
		set_id(t, DISTRO_RHEL, "rhel");
	} else {
		/* unknown distributions are tried with their own ID as target */
		set_id(t, DISTRO_GENERIC, o.id);
	}
	return 0;
}

int distro_discover(const char *host_root, const struct kernel_release *kr, struct target *t)
{
	static const struct {
		const char *file;
		enum distro_kind kind;
		const char *id;
	} checkers[] = {
		{ "etc/debian_version", DISTRO_DEBIAN, "debian" },
		{ "etc/centos-release", DISTRO_CENTOS, "centos" },
		{ "etc/redhat-release", DISTRO_RHEL, "rhel" },
	};
	char path[4200];

	memset(t, 0, sizeof(*t));
	if (from_os_release(host_root, kr, t) == 0)
		return 0;
	memset(t, 0, sizeof(*t));
	if (minikube_check(host_root, t)) {
		set_id(t, DISTRO_MINIKUBE, "minikube");
		snprintf(t->how, sizeof(t->how),
			 "no usable os-release; %.180s/etc/VERSION names minikube", host_root);
		return 0;
	}
	for (size_t i = 0; i < sizeof(checkers) / sizeof(checkers[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", host_root, checkers[i].file);
		if (path_exists(path)) {
			set_id(t, checkers[i].kind, checkers[i].id);
			snprintf(t->how, sizeof(t->how), "no usable os-release; %.200s exists",
				 path);
			return 0;
		}
	}
	set_id(t, DISTRO_UNDETERMINED, "undetermined");
	snprintf(t->how, sizeof(t->how),
		 "no %.120s/etc/os-release and no other release file: the distribution is unknown",
		 host_root);
	return -ENOENT;
}

/* generic: the kernel version is the build number N of "#N ..." */
static void fixup_generic(struct kernel_release *kr)
{
	const char *h = kr->kernelversion;
	char num[64];
	size_t n = 0;

	/* the first '#' that is followed by a digit */
	while ((h = strchr(h, '#')) && !isdigit((unsigned char)h[1]))
		h++;
	if (!h)
		return;
	for (h++; isdigit((unsigned char)*h) && n < sizeof(num) - 1; h++)
		num[n++] = *h;
	num[n] = '\0';
	strlcpy0(kr->kernelversion, num, sizeof(kr->kernelversion));
}

static void fixup_ubuntu(struct kernel_release *kr)
{
	char *v = kr->kernelversion, tmp[256];
	size_t n;

	while (*v == '#')
		v++;
	n = strcspn(v, " ");
	if (n >= sizeof(tmp))
		n = sizeof(tmp) - 1;
	memcpy(tmp, v, n);
	tmp[n] = '\0';
	if (n >= 7 && !strcmp(tmp + n - 7, "-Ubuntu"))
		tmp[n - 7] = '\0';
	strlcpy0(kr->kernelversion, tmp, sizeof(kr->kernelversion));
}

/* leftmost "-?(rt-|cloud-|)(amd64|arm64)" in the extra version: "-rt-amd64", "-amd64", ... */
static bool debian_arch_suffix(const char *extra, char *out, size_t len)
{
	static const char *const flav[] = { "rt-", "cloud-", "" };
	static const char *const arch[] = { "amd64", "arm64" };

	for (const char *p = extra; *p; p++) {
		for (int dash = 1; dash >= 0; dash--) {
			const char *q = p;

			if (dash) {
				if (*q != '-')
					continue;
				q++;
			}
			for (int f = 0; f < 3; f++) {
				size_t fl = strlen(flav[f]);

				if (strncmp(q, flav[f], fl))
					continue;
				for (int a = 0; a < 2; a++) {
					if (!strncmp(q + fl, arch[a], 5)) {
						snprintf(out, len, "-%s%s", flav[f], arch[a]);
						return true;
					}
				}
			}
		}
	}
	return false;
}

/* leftmost "D+.D+.D+-D+" in the uname -v text: the real Debian package version */
static bool debian_real_version(const char *v, char *out, size_t len)
{
	for (const char *p = v; *p; p++) {
		const char *q = p;
		int i;

		for (i = 0; i < 3; i++) {
			if (!isdigit((unsigned char)*q))
				break;
			while (isdigit((unsigned char)*q))
				q++;
			if (*q != (i < 2 ? '.' : '-'))
				break;
			q++;
		}
		if (i == 3 && isdigit((unsigned char)*q)) {
			while (isdigit((unsigned char)*q))
				q++;
			if ((size_t)(q - p) >= len)
				return false;
			memcpy(out, p, q - p);
			out[q - p] = '\0';
			return true;
		}
	}
	return false;
}

static void fixup_debian(struct kernel_release *kr)
{
	char real[128], suffix[32] = "", rel[200];
	struct kernel_release n;

	if (!debian_real_version(kr->kernelversion, real, sizeof(real))) {
		fixup_generic(kr);
		return;
	}
	debian_arch_suffix(kr->fullextra, suffix, sizeof(suffix));
	snprintf(rel, sizeof(rel), "%s%s", real, suffix);
	/* the running package's ABI name is not the kernel; the release is rebuilt, version is 1 */
	kr_parse(rel, &n);
	strlcpy0(n.kernelversion, "1", sizeof(n.kernelversion));
	*kr = n;
}

void distro_fixup(const struct target *t, const struct kernel_release *in,
		  struct kernel_release *out)
{
	*out = *in;
	switch (t->kind) {
	case DISTRO_UBUNTU:
		fixup_ubuntu(out);
		break;
	case DISTRO_DEBIAN:
		fixup_debian(out);
		break;
	case DISTRO_BOTTLEROCKET:
		snprintf(out->kernelversion, sizeof(out->kernelversion), "1_%s-%s", t->version_id,
			 t->variant);
		break;
	case DISTRO_MINIKUBE:
		snprintf(out->kernelversion, sizeof(out->kernelversion), "1_%s",
			 t->minikube_version);
		break;
	case DISTRO_TALOS:
		snprintf(out->kernelversion, sizeof(out->kernelversion), "1_%s", t->version_id);
		break;
	case DISTRO_FLATCAR:
		strlcpy0(out->fullversion, t->version_id, sizeof(out->fullversion));
		out->fullextra[0] = '\0';
		fixup_generic(out);
		break;
	default:
		fixup_generic(out);
		break;
	}
}

const char *distro_kind_name(enum distro_kind k)
{
	static const char *const names[] = {
		[DISTRO_GENERIC] = "generic",
		[DISTRO_UNDETERMINED] = "undetermined",
		[DISTRO_UBUNTU] = "ubuntu",
		[DISTRO_DEBIAN] = "debian",
		[DISTRO_AMZN] = "amzn",
		[DISTRO_BOTTLEROCKET] = "bottlerocket",
		[DISTRO_MINIKUBE] = "minikube",
		[DISTRO_TALOS] = "talos",
		[DISTRO_FLATCAR] = "flatcar",
		[DISTRO_COS] = "cos",
		[DISTRO_OL] = "ol",
		[DISTRO_CENTOS] = "centos",
		[DISTRO_RHEL] = "rhel",
	};
	return names[k];
}
