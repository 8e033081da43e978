// SPDX-License-Identifier: Apache-2.0
/*
 * Settings and their precedence: command-line flags > environment > configuration file >
 * built-in defaults. Every source goes through settings_set() with its layer, so a value from a
 * lower layer never overrides one from a higher layer, and a list (repositories, types,
 * headers) given in a layer replaces the lists of the layers below it.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "loader.h"

#ifndef SYSCAP_LOADER_CONF
#define SYSCAP_LOADER_CONF "/etc/syscap/driver-loader.conf"
#endif
#ifndef SYSCAP_CACHE_DIR
#define SYSCAP_CACHE_DIR "/var/cache/syscap/drivers"
#endif
#ifndef SYSCAP_BPF_OBJECT_PATH
#define SYSCAP_BPF_OBJECT_PATH "/usr/lib/syscap/syscap.bpf.o"
#endif

enum key_kind {
	K_STR,
	K_LIST,
	K_LONG,
	K_BOOL,
	K_VERIFY
};

struct key_desc {
	const char *key;
	const char *env;
	enum key_kind kind;
	size_t off; /* char * / long / bool / enum member */
	size_t cnt_off; /* list count */
	size_t layer_off; /* list layer */
	bool split_env; /* environment value is comma-separated */
};

#define STR(k, e, m)                                                   \
	{                                                              \
		k, e, K_STR, offsetof(struct settings, m), 0, 0, false \
	}
#define LST(k, e, m, c, l, sp)                                                            \
	{                                                                                 \
		k, e, K_LIST, offsetof(struct settings, m), offsetof(struct settings, c), \
			offsetof(struct settings, l), sp                                  \
	}
#define LNG(k, e, m)                                                    \
	{                                                               \
		k, e, K_LONG, offsetof(struct settings, m), 0, 0, false \
	}
#define BOOL(k, e, m)                                                   \
	{                                                               \
		k, e, K_BOOL, offsetof(struct settings, m), 0, 0, false \
	}

static const struct key_desc keys[] = {
	LST("type", "SYSCAP_DRIVER_TYPE", types, ntypes, types_layer, true),
	LST("repo", "SYSCAP_DRIVER_REPOS", repos, nrepos, repos_layer, true),
	STR("driver_name", "SYSCAP_DRIVER_NAME", driver_name),
	STR("driver_version", "SYSCAP_DRIVER_VERSION", driver_version),
	STR("host_root", "HOST_ROOT", host_root),
	STR("kernelrelease", "SYSCAP_DRIVER_KERNEL_RELEASE", kernelrelease),
	STR("kernelversion", "SYSCAP_DRIVER_KERNEL_VERSION", kernelversion),
	STR("cache_dir", "SYSCAP_DRIVER_CACHE_DIR", cache_dir),
	STR("src_dir", "SYSCAP_DRIVER_SRC_DIR", src_dir),
	STR("bpf_object", "SYSCAP_DRIVER_BPF_OBJECT", bpf_object),
	LST("http_header", "SYSCAP_DRIVER_HTTP_HEADERS", headers, nheaders, headers_layer, true),
	STR("ca_bundle", "SYSCAP_DRIVER_CA_BUNDLE", ca_bundle),
	STR("public_key", "SYSCAP_DRIVER_PUBLIC_KEY", public_key),
	LNG("connect_timeout", "SYSCAP_DRIVER_CONNECT_TIMEOUT", connect_timeout),
	LNG("timeout", "SYSCAP_DRIVER_TIMEOUT", timeout),
	LNG("retries", "SYSCAP_DRIVER_RETRIES", retries),
	LNG("retry_delay_ms", "SYSCAP_DRIVER_RETRY_DELAY_MS", retry_delay_ms),
	BOOL("allow_http", "SYSCAP_DRIVER_ALLOW_HTTP", allow_http),
	BOOL("download", "SYSCAP_DRIVER_DOWNLOAD", download),
	BOOL("compile", "SYSCAP_DRIVER_COMPILE", compile),
	{ "verify", "SYSCAP_DRIVER_VERIFY", K_VERIFY, offsetof(struct settings, verify), 0, 0,
	  false },
};

/* which layer set each scalar, so values from lower layers applied later are ignored */
static int scalar_layer[sizeof(keys) / sizeof(keys[0])];

const char *verify_policy_name(enum verify_policy p)
{
	switch (p) {
	case VERIFY_AUTO:
		return "auto";
	case VERIFY_CHECKSUM:
		return "checksum";
	case VERIFY_SIGNATURE:
		return "signature";
	case VERIFY_NONE:
		return "none";
	}
	return "?";
}

void settings_defaults(struct settings *s)
{
	memset(s, 0, sizeof(*s));
	memset(scalar_layer, 0, sizeof(scalar_layer));
	settings_set(s, "type", "bpf,kmod", LAYER_DEFAULT, "default");
	settings_set(s, "host_root", "/", LAYER_DEFAULT, "default");
	settings_set(s, "cache_dir", SYSCAP_CACHE_DIR, LAYER_DEFAULT, "default");
	settings_set(s, "src_dir", "/usr/src", LAYER_DEFAULT, "default");
	settings_set(s, "bpf_object", SYSCAP_BPF_OBJECT_PATH, LAYER_DEFAULT, "default");
	s->connect_timeout = 10;
	s->timeout = 120;
	s->retries = 3;
	s->retry_delay_ms = 1000;
	s->download = true;
	s->compile = true;
	s->verify = VERIFY_AUTO;
	s->config_file = xstrdup(SYSCAP_LOADER_CONF);
}

static const struct key_desc *find_key(const char *key, size_t *idx)
{
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		if (!strcmp(keys[i].key, key)) {
			*idx = i;
			return &keys[i];
		}
	}
	return NULL;
}

static int parse_bool(const char *v, bool *out)
{
	static const char *const yes[] = { "1", "true", "yes", "on" };
	static const char *const no[] = { "0", "false", "no", "off" };

	for (int i = 0; i < 4; i++) {
		if (!strcasecmp(v, yes[i])) {
			*out = true;
			return 0;
		}
		if (!strcasecmp(v, no[i])) {
			*out = false;
			return 0;
		}
	}
	return -EINVAL;
}

static int parse_long(const char *v, long *out)
{
	char *end;
	long n;

	errno = 0;
	n = strtol(v, &end, 10);
	if (end == v || errno || n < 0)
		return -EINVAL;
	if (*end == 's' && end[1] == '\0')
		end++;
	if (*end)
		return -EINVAL;
	*out = n;
	return 0;
}

static char *trim(char *v)
{
	char *e;

	while (isspace((unsigned char)*v))
		v++;
	e = v + strlen(v);
	while (e > v && isspace((unsigned char)e[-1]))
		*--e = '\0';
	return v;
}

static int list_add(struct settings *s, const struct key_desc *k, const char *v, const char *origin)
{
	char **list = (char **)((char *)s + k->off);
	int *cnt = (int *)((char *)s + k->cnt_off);

	if (*cnt >= LOADER_MAX_LIST) {
		error("%s: too many values for '%s' (at most %d)", origin, k->key, LOADER_MAX_LIST);
		return -E2BIG;
	}
	/* the reference loader's name for the CO-RE probe is accepted as an alias */
	if (!strcmp(k->key, "type") && !strcmp(v, "modern_ebpf"))
		v = "bpf";
	if (!strcmp(k->key, "type") && strcmp(v, "bpf") && strcmp(v, "kmod")) {
		error("%s: unknown driver type '%s' (known: bpf, kmod)", origin, v);
		return -EINVAL;
	}
	if (!strcmp(k->key, "http_header") && !strchr(v, ':')) {
		error("%s: HTTP header '%s' is not of the form 'Name: value'", origin, v);
		return -EINVAL;
	}
	list[(*cnt)++] = xstrdup(v);
	return 0;
}

int settings_set(struct settings *s, const char *key, const char *value, int layer,
		 const char *origin)
{
	size_t idx;
	const struct key_desc *k = find_key(key, &idx);
	void *p;
	int rc = 0;

	if (!k) {
		error("%s: unknown setting '%s'", origin, key);
		return -EINVAL;
	}
	p = (char *)s + k->off;
	if (k->kind == K_LIST) {
		int *lay = (int *)((char *)s + k->layer_off);
		char **list = (char **)p;
		int *cnt = (int *)((char *)s + k->cnt_off);
		bool split = layer != LAYER_FLAG || !strcmp(key, "type");

		if (*lay > layer)
			return 0;
		if (*lay < layer) {
			for (int i = 0; i < *cnt; i++)
				free(list[i]);
			*cnt = 0;
			*lay = layer;
		}
		if (!strcmp(key, "http_header") && layer == LAYER_CONF)
			split = false;
		if (split) {
			char *copy = xstrdup(value), *save = NULL;

			for (char *t = strtok_r(copy, ",", &save); t;
			     t = strtok_r(NULL, ",", &save)) {
				char *v = trim(t);

				if (*v && (rc = list_add(s, k, v, origin)) < 0)
					break;
			}
			free(copy);
			return rc;
		}
		return list_add(s, k, value, origin);
	}
	if (scalar_layer[idx] > layer)
		return 0;
	switch (k->kind) {
	case K_STR:
		free(*(char **)p);
		*(char **)p = xstrdup(value);
		break;
	case K_LONG:
		if (parse_long(value, (long *)p) < 0) {
			error("%s: '%s' needs a non-negative number (seconds or count), got '%s'",
			      origin, key, value);
			return -EINVAL;
		}
		break;
	case K_BOOL:
		if (parse_bool(value, (bool *)p) < 0) {
			error("%s: '%s' needs true or false, got '%s'", origin, key, value);
			return -EINVAL;
		}
		break;
	case K_VERIFY: {
		enum verify_policy v;

		if (!strcmp(value, "auto"))
			v = VERIFY_AUTO;
		else if (!strcmp(value, "checksum"))
			v = VERIFY_CHECKSUM;
		else if (!strcmp(value, "signature"))
			v = VERIFY_SIGNATURE;
		else if (!strcmp(value, "none"))
			v = VERIFY_NONE;
		else {
			error("%s: verify policy '%s' is not one of auto, checksum, signature, "
			      "none",
			      origin, value);
			return -EINVAL;
		}
		*(enum verify_policy *)p = v;
		break;
	}
	case K_LIST:
		break;
	}
	scalar_layer[idx] = layer;
	return 0;
}

/* "key = value" lines; '#' starts a comment line; repeating a list key appends */
int settings_load_file(struct settings *s, const char *path, bool must_exist)
{
	char line[4096], origin[4200];
	int lineno = 0, rc = 0;
	FILE *f = fopen(path, "re");

	if (!f) {
		if (errno == ENOENT && !must_exist)
			return 0;
		error("cannot read configuration file %s: %s", path, strerror(errno));
		return -errno;
	}
	while (fgets(line, sizeof(line), f)) {
		char *k, *v, *eq;

		lineno++;
		k = trim(line);
		if (!*k || *k == '#')
			continue;
		snprintf(origin, sizeof(origin), "%s:%d", path, lineno);
		eq = strchr(k, '=');
		if (!eq) {
			error("%s: expected 'key = value', got '%s'", origin, k);
			rc = -EINVAL;
			break;
		}
		*eq = '\0';
		k = trim(k);
		v = trim(eq + 1);
		if (strlen(v) >= 2 && v[0] == '"' && v[strlen(v) - 1] == '"') {
			v[strlen(v) - 1] = '\0';
			v++;
		}
		rc = settings_set(s, k, v, LAYER_CONF, origin);
		if (rc < 0)
			break;
	}
	fclose(f);
	return rc;
}

int settings_load_env(struct settings *s)
{
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		const char *v = getenv(keys[i].env);
		char origin[128];
		int rc;

		if (!v || !*v)
			continue;
		snprintf(origin, sizeof(origin), "environment %s", keys[i].env);
		rc = settings_set(s, keys[i].key, v, LAYER_ENV, origin);
		if (rc < 0)
			return rc;
	}
	return 0;
}

void settings_free(struct settings *s)
{
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		void *p = (char *)s + keys[i].off;

		if (keys[i].kind == K_STR) {
			free(*(char **)p);
		} else if (keys[i].kind == K_LIST) {
			int *cnt = (int *)((char *)s + keys[i].cnt_off);

			for (int j = 0; j < *cnt; j++)
				free(((char **)p)[j]);
		}
	}
	free(s->config_file);
}
