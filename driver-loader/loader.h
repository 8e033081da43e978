/* SPDX-License-Identifier: Apache-2.0 */
/* syscap-driver-loader: types shared by the loader's source files (private to this program). */
#ifndef SYSCAP_LOADER_H
#define SYSCAP_LOADER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Exit codes; docs/LOADER.md and the man page list them. */
enum loader_exit {
	EXIT_OK = 0,
	EXIT_FAILED = 1, /* something went wrong that is not one of the cases below */
	EXIT_USAGE = 2, /* bad command line, setting or configuration file */
	EXIT_NOT_FOUND = 3, /* no repository has the artifact (all 404 / missing) */
	EXIT_VERIFY = 4, /* checksum mismatch, bad or missing required signature */
	EXIT_NETWORK = 5, /* timeout, connection refused, 5xx, truncated body, ... */
	EXIT_UNSUPPORTED = 6, /* the kernel cannot use the requested driver type here */
};

#define LOADER_MAX_LIST 16

enum verify_policy {
	VERIFY_AUTO, /* sha256 when published; signature required once a key is configured */
	VERIFY_CHECKSUM, /* sha256 required */
	VERIFY_SIGNATURE, /* sha256 and signature required (needs a public key) */
	VERIFY_NONE,
};

struct settings {
	char *types[LOADER_MAX_LIST]; /* ordered allow-list: "bpf", "kmod" */
	int ntypes;
	char *repos[LOADER_MAX_LIST]; /* user repositories; none = built-in defaults */
	int nrepos;
	char *driver_name; /* NULL = per repository default */
	char *driver_version; /* NULL = per repository default */
	char *host_root;
	char *kernelrelease;
	char *kernelversion;
	char *cache_dir;
	char *src_dir; /* where DKMS sources live (default /usr/src) */
	char *bpf_object;
	char *headers[LOADER_MAX_LIST];
	int nheaders;
	char *ca_bundle;
	char *public_key;
	char *config_file;
	long connect_timeout; /* seconds */
	long timeout; /* seconds, whole transfer */
	long retries;
	long retry_delay_ms; /* first backoff step, doubled each retry */
	bool allow_http;
	bool download;
	bool compile;
	bool json;
	bool quiet;
	bool verbose;
	enum verify_policy verify;
	/* layer (0 none, 1 default, 2 conf, 3 env, 4 flag) that last replaced each list */
	int types_layer, repos_layer, headers_layer;
};

enum {
	LAYER_DEFAULT = 1,
	LAYER_CONF,
	LAYER_ENV,
	LAYER_FLAG
};

void settings_defaults(struct settings *s);
/* Set KEY (a configuration-file key) to VALUE from LAYER; on a bad value returns -EINVAL after
 * printing an error that names ORIGIN. */
int settings_set(struct settings *s, const char *key, const char *value, int layer,
		 const char *origin);
int settings_load_file(struct settings *s, const char *path, bool must_exist);
int settings_load_env(struct settings *s);
void settings_free(struct settings *s);
const char *verify_policy_name(enum verify_policy p);

/* Kernel release split the way falcosecurity's driverkit does it (kernelrelease.FromString). */
struct kernel_release {
	bool parsed; /* false when the release did not match the pattern */
	char fullversion[64]; /* "5.15.0" */
	char fullextra[192]; /* "-1009-aws" */
	unsigned long major, minor, patch;
	char kernelversion[256]; /* uname -v text, or the rewritten value */
};

int kr_parse(const char *release, struct kernel_release *kr);
/* fullversion + fullextra, i.e. the release string the artifact names use */
void kr_string(const struct kernel_release *kr, char *buf, size_t len);

/* What the host is, as far as prebuilt drivers are concerned. */
enum distro_kind {
	DISTRO_GENERIC,
	DISTRO_UNDETERMINED,
	DISTRO_UBUNTU,
	DISTRO_DEBIAN,
	DISTRO_AMZN,
	DISTRO_BOTTLEROCKET,
	DISTRO_MINIKUBE,
	DISTRO_TALOS,
	DISTRO_FLATCAR,
	DISTRO_COS,
	DISTRO_OL,
	DISTRO_CENTOS,
	DISTRO_RHEL,
};

struct target {
	enum distro_kind kind;
	char id[128]; /* TARGET_ID */
	char version_id[64]; /* os-release VERSION_ID (bottlerocket, talos, flatcar) */
	char variant[64]; /* bottlerocket VARIANT_ID up to the first '-' */
	char minikube_version[32]; /* x.y.z from /etc/VERSION */
	char how[256]; /* human-readable: how the target was found */
};

int distro_discover(const char *host_root, const struct kernel_release *kr, struct target *t);
/* Rewrite release/version the way the prebuilt artifacts are named for this target. */
void distro_fixup(const struct target *t, const struct kernel_release *in,
		  struct kernel_release *out);
const char *distro_kind_name(enum distro_kind k);

/* Upstream driver versions and the API/schema they implement. */
struct driver_release {
	const char *version;
	uint32_t api[3];
	uint32_t schema[3];
};

extern const uint32_t loader_required_api[3];
extern const uint32_t loader_required_schema[3];
const struct driver_release *versions_table(size_t *n);
bool version_compatible(const uint32_t have[3], const uint32_t need[3]);
const char *versions_newest_compatible(void);
int version_parse3(const char *s, uint32_t out[3]);

/* One place the driver can come from: repository + naming. */
struct source {
	char *repo; /* URL (https://, http://, file://) or absolute directory */
	char *name; /* driver (artifact) name: falco, syscap */
	char *version; /* driver version, e.g. 10.2.0+driver */
};

/* Everything the commands need, computed once. */
struct loader {
	struct settings *s;
	char host_root[4096];
	char arch[32];
	char raw_release[256];
	char raw_version[256];
	struct kernel_release kr; /* as reported */
	struct kernel_release fixed; /* rewritten for artifact names */
	char release[256]; /* kr_string(kr) */
	char fixed_release[256];
	struct target target;
	struct source sources[LOADER_MAX_LIST + 2];
	int nsources;
	bool downloads_possible; /* false for undetermined targets and unparsable releases */
	char no_download_reason[1024];
};

int loader_init(struct loader *l, struct settings *s);
void loader_free(struct loader *l);
/* "<name>_<target>_<release>_<version>.ko" for SRC */
void loader_kmod_file(const struct loader *l, const struct source *src, char *buf, size_t len);
/* URL of the artifact in SRC (version URL-encoded); NULL on allocation failure */
char *loader_kmod_url(const struct loader *l, const struct source *src, const char *file);
/* <cache>/<version>/<arch>/<file> */
void loader_cache_path(const struct loader *l, const struct source *src, const char *file,
		       char *buf, size_t len);
/* path under the host root */
void loader_host_path(const struct loader *l, const char *rel, char *buf, size_t len);

/* fetch.c: the only user of libcurl. */
struct fetch_opts {
	long connect_timeout;
	long timeout;
	long retries;
	long retry_delay_ms;
	bool allow_http;
	bool progress;
	const char *ca_bundle;
	char *const *headers;
	int nheaders;
};

enum fetch_result {
	FETCH_OK = 0,
	FETCH_NOT_FOUND, /* 404/410 or a missing file */
	FETCH_ERROR, /* network, server or local error (message says which) */
	FETCH_REFUSED, /* the URL is not allowed (plain http without the flag, bad scheme) */
};

int fetch_global_init(void);
void fetch_global_cleanup(void);
/* Download URL into the open file descriptor FD. */
enum fetch_result fetch_to_fd(const char *url, int fd, const struct fetch_opts *o, char *err,
			      size_t errlen);
/* Download a small document (<= max bytes) into a malloc'ed buffer. */
enum fetch_result fetch_to_mem(const char *url, size_t max, char **out, size_t *outlen,
			       const struct fetch_opts *o, char *err, size_t errlen);

/* verify.c: OpenSSL */
int sha256_file(int fd, char hex[65]);
/* Parse "<64 hex>[ *file]" text; 0 or -EINVAL. */
int sha256_parse(const char *text, size_t len, char hex[65]);
/* Verify SIG (raw or base64) over the contents of FD with the PEM public key in KEYPATH. */
int signature_verify(int fd, const char *keypath, const unsigned char *sig, size_t siglen,
		     char *err, size_t errlen);

/* artifact.c: download + verify + atomic publish */
int artifact_download(const struct loader *l, const struct source *src, const char *file,
		      const char *dest, char *why, size_t whylen);

/* bpfprobe.c */
struct bpf_support {
	bool btf;
	bool ringbuf;
	bool tracing_raw_tp;
	char why[512];
};
void bpf_probe_support(const struct loader *l, struct bpf_support *b);
/* Open and load OBJ (no attach) as libscap would. 0, or negative errno with WHY filled. */
int bpf_object_check(const char *obj, char *why, size_t whylen, int *nprogs, int *nmaps,
		     const char **set_name);

/* kmodops.c */
/* true when modules can be loaded on the (host) kernel; otherwise WHY says why not */
bool kmod_possible(const struct loader *l, char *why, size_t whylen);
/* Secure Boot or kernel lockdown: true with WHY filled */
bool secure_boot_active(const struct loader *l, char *why, size_t whylen);
int kmod_insert(const char *path, char *why, size_t whylen);
int kmod_remove(const char *name, char *why, size_t whylen);
/* loaded? then fill version (from /sys/module/<name>/version) */
bool kmod_loaded(const char *name, char *version, size_t vlen);
/* the "version" modinfo field of the module file PATH ("unknown" when it has none) */
void kmod_file_version(const char *path, char *version, size_t vlen);
/* an installed (DKMS or packaged) module for RELEASE: path and version */
bool kmod_find_installed(const struct loader *l, const char *name, char *path, size_t plen,
			 char *version, size_t vlen);

/* commands */
int cmd_env(struct loader *l);
int cmd_install(struct loader *l);
int cmd_download(struct loader *l);
int cmd_load(struct loader *l, const char *path);
int cmd_unload(struct loader *l);
int cmd_status(struct loader *l);
int cmd_cleanup(struct loader *l);

/* log.c */
void log_set(bool quiet, bool verbose);
bool log_verbose(void);
void info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void note(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void debug(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* small helpers (util.c) */
char *xstrdup(const char *s);
int read_small_file(const char *path, char *buf, size_t len);
bool path_exists(const char *path);
void strlcpy0(char *dst, const char *src, size_t len);
int run_cmd(char *const argv[], char *out, size_t outlen);

#endif
