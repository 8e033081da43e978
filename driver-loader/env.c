// SPDX-License-Identifier: Apache-2.0
/* `env`: what the loader detected and would use, as KEY="value" lines or one JSON object. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "loader.h"

struct kv {
	const char *key;
	char *value;
};

/* the type `install` would pick, without loading anything */
static const char *preferred_type(struct loader *l)
{
	char why[512];

	for (int i = 0; i < l->s->ntypes; i++) {
		const char *t = l->s->types[i];

		if (!strcmp(t, "bpf")) {
			struct bpf_support b;

			bpf_probe_support(l, &b);
			if (b.btf && b.ringbuf && b.tracing_raw_tp)
				return "bpf";
		} else if (!strcmp(t, "kmod")) {
			if (l->target.kind == DISTRO_COS)
				continue;
			if (l->target.kind == DISTRO_OL && strstr(l->release, "uek"))
				continue;
			if (kmod_possible(l, why, sizeof(why)))
				return "kmod";
		}
	}
	return "";
}

static void print_quoted(const char *s, bool json)
{
	putchar('"');
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == '"' || *p == '\\')
			printf("\\%c", *p);
		else if (*p == '\n')
			fputs("\\n", stdout);
		else if (*p == '\t')
			fputs("\\t", stdout);
		else if (*p < 0x20 || *p == 0x7f)
			printf(json ? "\\u%04x" : "\\x%02x", *p);
		else
			putchar(*p);
	}
	putchar('"');
}

static char *join(struct loader *l, bool urls)
{
	size_t cap = 1, n = 0;
	char *out = calloc(1, 1);

	for (int i = 0; out && i < l->nsources; i++) {
		char file[1024], *item;
		size_t len;

		if (urls) {
			loader_kmod_file(l, &l->sources[i], file, sizeof(file));
			item = loader_kmod_url(l, &l->sources[i], file);
		} else {
			item = xstrdup(l->sources[i].repo);
		}
		if (!item)
			break;
		len = strlen(item);
		cap += len + 2;
		char *m = realloc(out, cap);

		if (!m) {
			free(item);
			break;
		}
		out = m;
		n += sprintf(out + n, "%s%s", i ? ", " : "", item);
		free(item);
	}
	return out ? out : xstrdup("");
}

int cmd_env(struct loader *l)
{
	char file[1024];
	struct kv kv[] = {
		{ "DRIVER", xstrdup(preferred_type(l)) },
		{ "DRIVERS_REPO", join(l, false) },
		{ "DRIVER_VERSION", xstrdup(l->sources[0].version) },
		{ "DRIVER_NAME", xstrdup(l->sources[0].name) },
		{ "HOST_ROOT", xstrdup(l->s->host_root) },
		{ "TARGET_ID", xstrdup(l->target.id) },
		{ "ARCH", xstrdup(l->arch) },
		{ "KERNEL_RELEASE", xstrdup(l->kr.parsed ? l->release : l->raw_release) },
		{ "KERNEL_VERSION", xstrdup(l->raw_version) },
		{ "FIXED_KERNEL_RELEASE",
		  xstrdup(l->kr.parsed ? l->fixed_release : l->raw_release) },
		{ "FIXED_KERNEL_VERSION", xstrdup(l->fixed.kernelversion) },
		{ "KMOD_FILE", NULL },
		{ "KMOD_URLS", NULL },
	};
	size_t n = sizeof(kv) / sizeof(kv[0]);

	loader_kmod_file(l, &l->sources[0], file, sizeof(file));
	kv[n - 2].value = xstrdup(file);
	kv[n - 1].value = l->downloads_possible ? join(l, true) : xstrdup("");
	if (!l->downloads_possible)
		note("%s", l->no_download_reason);

	if (l->s->json)
		putchar('{');
	for (size_t i = 0; i < n; i++) {
		if (l->s->json) {
			printf("%s\"%s\": ", i ? ", " : "", kv[i].key);
			print_quoted(kv[i].value, true);
		} else {
			printf("%s=", kv[i].key);
			print_quoted(kv[i].value, false);
			putchar('\n');
		}
		free(kv[i].value);
	}
	if (l->s->json)
		puts("}");
	return EXIT_OK;
}
