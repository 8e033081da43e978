// SPDX-License-Identifier: Apache-2.0
/* Kernel module facts and operations through libkmod (no insmod/rmmod processes). */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <libkmod.h>

#include "loader.h"

bool kmod_possible(const struct loader *l, char *why, size_t whylen)
{
	char path[4200], buf[32];

	loader_host_path(l, "proc/modules", path, sizeof(path));
	if (!path_exists(path)) {
		snprintf(why, whylen,
			 "kernel modules cannot be loaded on this host: %s does not exist (the "
			 "kernel was built without module support, CONFIG_MODULES is not set)",
			 path);
		return false;
	}
	loader_host_path(l, "proc/sys/kernel/modules_disabled", path, sizeof(path));
	if (read_small_file(path, buf, sizeof(buf)) > 0 && buf[0] == '1') {
		snprintf(why, whylen,
			 "kernel modules cannot be loaded on this host: module loading is disabled "
			 "(%s is 1 until the next reboot)",
			 path);
		return false;
	}
	if (l->kr.parsed) {
		bool arm = !strcmp(l->arch, "aarch64");
		unsigned long minor_min = arm ? 16 : 10;

		if (l->kr.major < 3 || (l->kr.major == 3 && l->kr.minor < minor_min)) {
			snprintf(why, whylen,
				 "kernel %s is older than 3.%lu, the oldest the kernel "
				 "module supports on %s",
				 l->release, minor_min, l->arch);
			return false;
		}
	}
	return true;
}

bool secure_boot_active(const struct loader *l, char *why, size_t whylen)
{
	char path[4200], buf[256];
	int n;

	loader_host_path(l, "sys/kernel/security/lockdown", path, sizeof(path));
	if (read_small_file(path, buf, sizeof(buf)) > 0) {
		char *open = strchr(buf, '['), *close = open ? strchr(open, ']') : NULL;

		if (open && close && strncmp(open + 1, "none]", 5)) {
			*close = '\0';
			snprintf(why, whylen,
				 "kernel lockdown is in '%s' mode (%s): the kernel only "
				 "loads modules signed with a key it trusts",
				 open + 1, path);
			return true;
		}
	}
	loader_host_path(l,
			 "sys/firmware/efi/efivars/SecureBoot-8be4df61-93ca-11d2-aa0d-e0987f8c1cff",
			 path, sizeof(path));
	/* 4 bytes of attributes, then the value */
	n = read_small_file(path, buf, sizeof(buf));
	if (n >= 5 && buf[4] == 1) {
		snprintf(why, whylen,
			 "UEFI Secure Boot is enabled (%s): the kernel only loads "
			 "modules signed with a key it trusts",
			 path);
		return true;
	}
	return false;
}

static struct kmod_ctx *ctx_new(char *why, size_t whylen)
{
	struct kmod_ctx *ctx = kmod_new(NULL, NULL);

	if (!ctx)
		snprintf(why, whylen, "cannot initialise libkmod");
	else
		kmod_load_resources(ctx);
	return ctx;
}

int kmod_insert(const char *path, char *why, size_t whylen)
{
	struct kmod_ctx *ctx = ctx_new(why, whylen);
	struct kmod_module *mod = NULL;
	int rc;

	if (!ctx)
		return -ENOMEM;
	rc = kmod_module_new_from_path(ctx, path, &mod);
	if (rc < 0) {
		snprintf(why, whylen, "%s: %s", path, strerror(-rc));
		goto out;
	}
	rc = kmod_module_insert_module(mod, 0, NULL);
	if (rc == -EEXIST)
		snprintf(why, whylen, "a module named %s is already loaded",
			 kmod_module_get_name(mod));
	else if (rc == -ENOKEY || rc == -EKEYREJECTED)
		snprintf(why, whylen,
			 "the kernel rejected %s: not signed with a trusted key "
			 "(Secure Boot or module.sig_enforce)",
			 path);
	else if (rc == -ENOEXEC)
		snprintf(why, whylen,
			 "the kernel rejected %s: built for another kernel or "
			 "invalid format (dmesg tells more)",
			 path);
	else if (rc < 0)
		snprintf(why, whylen, "loading %s failed: %s", path, strerror(-rc));
	kmod_module_unref(mod);
out:
	kmod_unref(ctx);
	return rc;
}

int kmod_remove(const char *name, char *why, size_t whylen)
{
	struct kmod_ctx *ctx = ctx_new(why, whylen);
	struct kmod_module *mod = NULL;
	int rc;

	if (!ctx)
		return -ENOMEM;
	rc = kmod_module_new_from_name(ctx, name, &mod);
	if (rc == 0) {
		rc = kmod_module_remove_module(mod, 0);
		if (rc == -EAGAIN || rc == -EBUSY)
			snprintf(why, whylen,
				 "module %s is in use (close every program capturing "
				 "with it first)",
				 name);
		else if (rc == -ENOENT)
			snprintf(why, whylen, "module %s is not loaded", name);
		else if (rc < 0)
			snprintf(why, whylen, "unloading %s failed: %s", name, strerror(-rc));
		kmod_module_unref(mod);
	} else {
		snprintf(why, whylen, "%s: %s", name, strerror(-rc));
	}
	kmod_unref(ctx);
	return rc;
}

bool kmod_loaded(const char *name, char *version, size_t vlen)
{
	char path[512], buf[128];
	size_t n;

	snprintf(path, sizeof(path), "/sys/module/%s/initstate", name);
	if (read_small_file(path, buf, sizeof(buf)) <= 0)
		return false;
	snprintf(path, sizeof(path), "/sys/module/%s/version", name);
	if (read_small_file(path, buf, sizeof(buf)) <= 0)
		strlcpy0(buf, "unknown", sizeof(buf));
	n = strlen(buf);
	while (n && (buf[n - 1] == '\n' || buf[n - 1] == ' '))
		buf[--n] = '\0';
	strlcpy0(version, buf, vlen);
	return true;
}

void kmod_file_version(const char *path, char *version, size_t vlen)
{
	struct kmod_ctx *ctx = kmod_new(NULL, NULL);
	struct kmod_module *mod = NULL;
	struct kmod_list *info = NULL, *it;

	strlcpy0(version, "unknown", vlen);
	if (!ctx)
		return;
	if (kmod_module_new_from_path(ctx, path, &mod) == 0) {
		if (kmod_module_get_info(mod, &info) >= 0) {
			kmod_list_foreach(it, info)
			{
				if (!strcmp(kmod_module_info_get_key(it), "version"))
					strlcpy0(version, kmod_module_info_get_value(it), vlen);
			}
			kmod_module_info_free_list(info);
		}
		kmod_module_unref(mod);
	}
	kmod_unref(ctx);
}

bool kmod_find_installed(const struct loader *l, const char *name, char *path, size_t plen,
			 char *version, size_t vlen)
{
	static const char *const dirs[] = { "updates/dkms", "extra", "kernel/extra", "updates" };
	static const char *const exts[] = { ".ko", ".ko.xz", ".ko.zst", ".ko.gz" };
	char rel[4200];

	for (size_t d = 0; d < sizeof(dirs) / sizeof(dirs[0]); d++) {
		for (size_t e = 0; e < sizeof(exts) / sizeof(exts[0]); e++) {
			snprintf(rel, sizeof(rel), "lib/modules/%s/%s/%s%s", l->raw_release,
				 dirs[d], name, exts[e]);
			loader_host_path(l, rel, path, plen);
			if (path_exists(path)) {
				kmod_file_version(path, version, vlen);
				return true;
			}
		}
	}
	return false;
}
