// SPDX-License-Identifier: Apache-2.0
/* syscap-driver-loader: command line. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "loader.h"

#ifndef SYSCAP_VERSION
#define SYSCAP_VERSION "0.0.0"
#endif

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: syscap-driver-loader [options] COMMAND\n"
		"Detect the kernel, then choose, build or download, verify and load the syscap "
		"driver.\n"
		"\n"
		"Commands:\n"
		"  env                 print what was detected and would be used (KEY=\"value\"; "
		"--json)\n"
		"  install             pick the first usable driver type and load it: bpf when the "
		"kernel\n"
		"                      supports the probe, else kmod (built module, DKMS build, "
		"download)\n"
		"  download            fetch and verify the prebuilt module into the cache; print "
		"its path\n"
		"  load [FILE.ko]      load an already built or cached module (or FILE.ko)\n"
		"  unload              unload the driver module, also a stale one of an older "
		"version\n"
		"  status              what is loaded, its version and API/schema compatibility\n"
		"  cleanup             unload and remove every DKMS version of the module\n"
		"\n"
		"Driver selection:\n"
		"  --type LIST         ordered driver types to try (bpf,kmod; repeatable; "
		"modern_ebpf\n"
		"                      is accepted for bpf)\n"
		"  --download, --no-download   allow or forbid prebuilt downloads (default allow)\n"
		"  --compile, --no-compile     allow or forbid DKMS builds (default allow)\n"
		"  --driver-name NAME  artifact name in the repositories (default falco; syscap "
		"for the\n"
		"                      syscap release repository when one is built in)\n"
		"  --driver-version V  driver version in the repositories (default: the newest "
		"upstream\n"
		"                      version this libscap accepts)\n"
		"  --bpf-object FILE   the eBPF probe object to check\n"
		"\n"
		"Host and kernel:\n"
		"  --host-root DIR     mounted host root (os-release, /proc, /sys, /lib/modules)\n"
		"  --kernelrelease R   use R instead of uname -r\n"
		"  --kernelversion V   use V (the whole uname -v text) instead of uname -v\n"
		"\n"
		"Downloads:\n"
		"  --repo URL          repository (https://, http://, file://, or a directory); "
		"repeatable,\n"
		"                      tried in order; replaces the default repositories\n"
		"  --cache-dir DIR     where verified downloads are kept (default "
		"/var/cache/syscap/drivers)\n"
		"  --allow-http        allow plain http repositories\n"
		"  --http-header 'K: V'  extra request header (repeatable)\n"
		"  --ca-bundle FILE    CA certificates for https\n"
		"  --connect-timeout S, --timeout S   connect and whole-transfer timeouts in "
		"seconds\n"
		"  --retries N, --retry-delay MS       retries on network/server errors, first "
		"backoff step\n"
		"  --verify POLICY     auto (default): SHA-256 when published, signature when a "
		"key is set;\n"
		"                      checksum: SHA-256 required; signature: SHA-256 and "
		"signature\n"
		"                      required; none\n"
		"  --public-key FILE   PEM public key that signs artifacts (<file>.sig)\n"
		"\n"
		"Other:\n"
		"  --config FILE       settings file (default /etc/syscap/driver-loader.conf)\n"
		"  --src-dir DIR       where DKMS sources are (default /usr/src)\n"
		"  --json              env: one JSON object\n"
		"  -q, --quiet         only errors on stderr\n"
		"  -v, --verbose       more detail (libbpf messages)\n"
		"  -h, --help          this text;  --version  the version\n"
		"\n"
		"Settings: flags > environment (SYSCAP_DRIVER_*, HOST_ROOT) > configuration file > "
		"defaults.\n"
		"Exit status: 0 ok, 1 failed, 2 usage, 3 not found, 4 verification failed,\n"
		"5 network or server error, 6 unsupported on this kernel. See "
		"syscap-driver-loader(8).\n");
}

enum {
	O_HOST_ROOT = 256,
	O_KREL,
	O_KVER,
	O_REPO,
	O_NAME,
	O_DVER,
	O_TYPE,
	O_CACHE,
	O_SRC,
	O_BPFOBJ,
	O_CONFIG,
	O_CTIMEOUT,
	O_TIMEOUT,
	O_RETRIES,
	O_RDELAY,
	O_HEADER,
	O_CA,
	O_PUBKEY,
	O_VERIFY,
	O_ALLOW_HTTP,
	O_DOWNLOAD,
	O_NO_DOWNLOAD,
	O_COMPILE,
	O_NO_COMPILE,
	O_JSON,
	O_VERSION,
};

static const struct option long_opts[] = {
	{ "host-root", required_argument, NULL, O_HOST_ROOT },
	{ "kernelrelease", required_argument, NULL, O_KREL },
	{ "kernelversion", required_argument, NULL, O_KVER },
	{ "repo", required_argument, NULL, O_REPO },
	{ "driver-name", required_argument, NULL, O_NAME },
	{ "driver-version", required_argument, NULL, O_DVER },
	{ "type", required_argument, NULL, O_TYPE },
	{ "cache-dir", required_argument, NULL, O_CACHE },
	{ "src-dir", required_argument, NULL, O_SRC },
	{ "bpf-object", required_argument, NULL, O_BPFOBJ },
	{ "config", required_argument, NULL, O_CONFIG },
	{ "connect-timeout", required_argument, NULL, O_CTIMEOUT },
	{ "timeout", required_argument, NULL, O_TIMEOUT },
	{ "retries", required_argument, NULL, O_RETRIES },
	{ "retry-delay", required_argument, NULL, O_RDELAY },
	{ "http-header", required_argument, NULL, O_HEADER },
	{ "ca-bundle", required_argument, NULL, O_CA },
	{ "public-key", required_argument, NULL, O_PUBKEY },
	{ "verify", required_argument, NULL, O_VERIFY },
	{ "allow-http", no_argument, NULL, O_ALLOW_HTTP },
	{ "download", no_argument, NULL, O_DOWNLOAD },
	{ "no-download", no_argument, NULL, O_NO_DOWNLOAD },
	{ "compile", no_argument, NULL, O_COMPILE },
	{ "no-compile", no_argument, NULL, O_NO_COMPILE },
	{ "json", no_argument, NULL, O_JSON },
	{ "quiet", no_argument, NULL, 'q' },
	{ "verbose", no_argument, NULL, 'v' },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, O_VERSION },
	{ NULL, 0, NULL, 0 },
};

static const char *opt_key(int c)
{
	switch (c) {
	case O_HOST_ROOT:
		return "host_root";
	case O_KREL:
		return "kernelrelease";
	case O_KVER:
		return "kernelversion";
	case O_REPO:
		return "repo";
	case O_NAME:
		return "driver_name";
	case O_DVER:
		return "driver_version";
	case O_TYPE:
		return "type";
	case O_CACHE:
		return "cache_dir";
	case O_SRC:
		return "src_dir";
	case O_BPFOBJ:
		return "bpf_object";
	case O_CTIMEOUT:
		return "connect_timeout";
	case O_TIMEOUT:
		return "timeout";
	case O_RETRIES:
		return "retries";
	case O_RDELAY:
		return "retry_delay_ms";
	case O_HEADER:
		return "http_header";
	case O_CA:
		return "ca_bundle";
	case O_PUBKEY:
		return "public_key";
	case O_VERIFY:
		return "verify";
	}
	return NULL;
}

static const char *opt_name(int c)
{
	for (const struct option *o = long_opts; o->name; o++) {
		if (o->val == c)
			return o->name;
	}
	return "?";
}

/* Everything after the defaults; every exit path goes back to main, which frees the settings. */
static int run(struct settings *sp, int argc, char **argv)
{
	struct loader l;
	const char *cmd, *config = NULL, *arg = NULL;
	bool config_given = false;
	int c, rc;

	while ((c = getopt_long(argc, argv, "qvh", long_opts, NULL)) != -1) {
		const char *key = opt_key(c);
		char origin[64];

		snprintf(origin, sizeof(origin), "option --%s", opt_name(c));
		if (key) {
			if (settings_set(sp, key, optarg, LAYER_FLAG, origin) < 0)
				return EXIT_USAGE;
			continue;
		}
		switch (c) {
		case O_CONFIG:
			config = optarg;
			config_given = true;
			break;
		case O_ALLOW_HTTP:
			settings_set(sp, "allow_http", "true", LAYER_FLAG, origin);
			break;
		case O_DOWNLOAD:
		case O_NO_DOWNLOAD:
			settings_set(sp, "download", c == O_DOWNLOAD ? "true" : "false", LAYER_FLAG,
				     origin);
			break;
		case O_COMPILE:
		case O_NO_COMPILE:
			settings_set(sp, "compile", c == O_COMPILE ? "true" : "false", LAYER_FLAG,
				     origin);
			break;
		case O_JSON:
			sp->json = true;
			break;
		case 'q':
			sp->quiet = true;
			break;
		case 'v':
			sp->verbose = true;
			break;
		case 'h':
			usage(stdout);
			return EXIT_OK;
		case O_VERSION:
			printf("syscap-driver-loader %s\n", SYSCAP_VERSION);
			return EXIT_OK;
		default:
			usage(stderr);
			return EXIT_USAGE;
		}
	}
	log_set(sp->quiet, sp->verbose);
	if (optind >= argc) {
		fprintf(stderr, "syscap-driver-loader: error: no command given\n\n");
		usage(stderr);
		return EXIT_USAGE;
	}
	cmd = argv[optind++];
	if (optind < argc)
		arg = argv[optind++];
	if (optind < argc || (arg && strcmp(cmd, "load"))) {
		error("unexpected argument '%s' for command '%s'",
		      optind < argc ? argv[optind] : arg, cmd);
		return EXIT_USAGE;
	}
	if (strcmp(cmd, "env") && strcmp(cmd, "install") && strcmp(cmd, "download") &&
	    strcmp(cmd, "load") && strcmp(cmd, "unload") && strcmp(cmd, "status") &&
	    strcmp(cmd, "cleanup")) {
		error("unknown command '%s' (env, install, download, load, unload, status, "
		      "cleanup)",
		      cmd);
		return EXIT_USAGE;
	}

	if (settings_load_env(sp) < 0)
		return EXIT_USAGE;
	if (!config && getenv("SYSCAP_DRIVER_CONFIG") && *getenv("SYSCAP_DRIVER_CONFIG")) {
		config = getenv("SYSCAP_DRIVER_CONFIG");
		config_given = true;
	}
	if (settings_load_file(sp, config ? config : sp->config_file, config_given) < 0)
		return EXIT_USAGE;

	if (fetch_global_init() < 0) {
		error("cannot initialise libcurl");
		return EXIT_FAILED;
	}
	if (loader_init(&l, sp) < 0) {
		loader_free(&l);
		fetch_global_cleanup();
		return EXIT_USAGE;
	}
	if (!strcmp(cmd, "env"))
		rc = cmd_env(&l);
	else if (!strcmp(cmd, "install"))
		rc = cmd_install(&l);
	else if (!strcmp(cmd, "download"))
		rc = cmd_download(&l);
	else if (!strcmp(cmd, "load"))
		rc = cmd_load(&l, arg);
	else if (!strcmp(cmd, "unload"))
		rc = cmd_unload(&l);
	else if (!strcmp(cmd, "status"))
		rc = cmd_status(&l);
	else
		rc = cmd_cleanup(&l);
	loader_free(&l);
	fetch_global_cleanup();
	return rc;
}

int main(int argc, char **argv)
{
	struct settings s;
	int rc;

	settings_defaults(&s);
	rc = run(&s, argc, argv);
	settings_free(&s);
	return rc;
}
