// SPDX-License-Identifier: Apache-2.0
/*
 * Download one artifact into the cache safely: a temporary file in the destination directory,
 * verification (SHA-256 published beside it, detached signature when a key is configured),
 * fsync, then rename. A failed or interrupted download leaves no file a later run would load:
 * temporaries are dot-files ending in ".part", removed on failure and on SIGINT/SIGTERM.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "loader.h"

static char g_tmp[5300];

static void on_signal(int sig)
{
	if (g_tmp[0])
		unlink(g_tmp);
	signal(sig, SIG_DFL);
	raise(sig);
}

static int mkdir_p(const char *dir)
{
	char tmp[4200];

	strlcpy0(tmp, dir, sizeof(tmp));
	for (char *p = tmp + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(tmp, 0755) < 0 && errno != EEXIST)
			return -errno;
		*p = '/';
	}
	if (mkdir(tmp, 0755) < 0 && errno != EEXIST)
		return -errno;
	return 0;
}

/* temporaries of runs that were killed outright (SIGKILL, power loss), older than 10 minutes */
static void remove_stale_parts(const char *dir, const char *file)
{
	size_t fl = strlen(file);
	struct dirent *e;
	DIR *d = opendir(dir);
	time_t now = time(NULL);

	if (!d)
		return;
	while ((e = readdir(d))) {
		size_t n = strlen(e->d_name);
		char path[8400];
		struct stat st;

		if (e->d_name[0] != '.' || n < fl + 6 || strncmp(e->d_name + 1, file, fl) ||
		    strcmp(e->d_name + n - 5, ".part"))
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		if (stat(path, &st) == 0 && now - st.st_mtime > 600)
			unlink(path);
	}
	closedir(d);
}

static int result_code(enum fetch_result r)
{
	switch (r) {
	case FETCH_OK:
		return EXIT_OK;
	case FETCH_NOT_FOUND:
		return EXIT_NOT_FOUND;
	case FETCH_REFUSED:
		return EXIT_USAGE;
	case FETCH_ERROR:
		break;
	}
	return EXIT_NETWORK;
}

static void fill_opts(const struct loader *l, struct fetch_opts *o)
{
	const struct settings *s = l->s;

	memset(o, 0, sizeof(*o));
	o->connect_timeout = s->connect_timeout;
	o->timeout = s->timeout;
	o->retries = s->retries;
	o->retry_delay_ms = s->retry_delay_ms;
	o->allow_http = s->allow_http;
	o->progress = !s->quiet && isatty(2);
	o->ca_bundle = s->ca_bundle;
	o->headers = s->headers;
	o->nheaders = s->nheaders;
}

static int verify_download(const struct loader *l, const char *url, int fd, char *why,
			   size_t whylen)
{
	const struct settings *s = l->s;
	struct fetch_opts o;
	char ferr[1024], want[65], have[65], *doc = NULL, *sigurl = NULL;
	size_t doclen = 0;
	enum fetch_result r;
	bool need_sig;
	int rc = EXIT_OK;

	if (s->verify == VERIFY_NONE) {
		note("verification disabled by policy 'none': %s is trusted as downloaded", url);
		return EXIT_OK;
	}
	fill_opts(l, &o);
	o.progress = false;
	if (asprintf(&sigurl, "%s.sha256", url) < 0)
		return EXIT_FAILED;
	r = fetch_to_mem(sigurl, 4096, &doc, &doclen, &o, ferr, sizeof(ferr));
	if (r == FETCH_OK) {
		if (sha256_parse(doc, doclen, want) < 0) {
			snprintf(why, whylen, "%s does not hold a SHA-256 checksum", sigurl);
			rc = EXIT_VERIFY;
			goto out;
		}
		if (sha256_file(fd, have) < 0) {
			snprintf(why, whylen, "cannot hash the downloaded file");
			rc = EXIT_FAILED;
			goto out;
		}
		if (strcmp(want, have)) {
			snprintf(why, whylen,
				 "checksum mismatch for %s: the download has SHA-256 %s, "
				 "%s says %s",
				 url, have, sigurl, want);
			rc = EXIT_VERIFY;
			goto out;
		}
		info("SHA-256 verified: %s", have);
	} else if (r == FETCH_NOT_FOUND) {
		if (s->verify != VERIFY_AUTO) {
			snprintf(why, whylen,
				 "no checksum published at %s, and policy '%s' requires "
				 "one",
				 sigurl, verify_policy_name(s->verify));
			rc = EXIT_VERIFY;
			goto out;
		}
		warn("no checksum published at %s: the download is not verified", sigurl);
	} else {
		snprintf(why, whylen, "cannot fetch the checksum: %s", ferr);
		rc = result_code(r);
		goto out;
	}
	free(doc);
	doc = NULL;
	free(sigurl);
	sigurl = NULL;

	need_sig = s->verify == VERIFY_SIGNATURE || (s->public_key && *s->public_key);
	if (!need_sig)
		goto out;
	if (asprintf(&sigurl, "%s.sig", url) < 0) {
		rc = EXIT_FAILED;
		goto out;
	}
	r = fetch_to_mem(sigurl, 65536, &doc, &doclen, &o, ferr, sizeof(ferr));
	if (r == FETCH_NOT_FOUND) {
		snprintf(why, whylen,
			 "no signature published at %s, and a public key is configured "
			 "(%s)",
			 sigurl, s->public_key);
		rc = EXIT_VERIFY;
		goto out;
	}
	if (r != FETCH_OK) {
		snprintf(why, whylen, "cannot fetch the signature: %s", ferr);
		rc = result_code(r);
		goto out;
	}
	if (signature_verify(fd, s->public_key, (unsigned char *)doc, doclen, ferr, sizeof(ferr)) <
	    0) {
		snprintf(why, whylen, "bad signature for %s: %s", url, ferr);
		rc = EXIT_VERIFY;
		goto out;
	}
	info("signature verified with %s", s->public_key);
out:
	free(doc);
	free(sigurl);
	return rc;
}

int artifact_download(const struct loader *l, const struct source *src, const char *file,
		      const char *dest, char *why, size_t whylen)
{
	char dir[4200], ferr[1024], *url, *slash;
	struct fetch_opts o;
	struct sigaction sa = { .sa_handler = on_signal }, old_int, old_term;
	enum fetch_result r;
	int fd, rc, dfd;

	if (l->s->verify == VERIFY_SIGNATURE && !(l->s->public_key && *l->s->public_key)) {
		snprintf(why, whylen, "policy 'signature' needs a public key (--public-key)");
		return EXIT_USAGE;
	}
	url = loader_kmod_url(l, src, file);
	if (!url)
		return EXIT_FAILED;
	strlcpy0(dir, dest, sizeof(dir));
	slash = strrchr(dir, '/');
	if (slash)
		*slash = '\0';
	rc = mkdir_p(dir);
	if (rc < 0) {
		snprintf(why, whylen, "cannot create the cache directory %s: %s", dir,
			 strerror(-rc));
		free(url);
		return EXIT_FAILED;
	}
	remove_stale_parts(dir, file);
	snprintf(g_tmp, sizeof(g_tmp), "%.4100s/.%.1024s.XXXXXX.part", dir, file);
	sigaction(SIGINT, &sa, &old_int);
	sigaction(SIGTERM, &sa, &old_term);
	fd = mkstemps(g_tmp, 5);
	if (fd < 0) {
		snprintf(why, whylen, "cannot create a temporary file in %s: %s", dir,
			 strerror(errno));
		g_tmp[0] = '\0';
		rc = EXIT_FAILED;
		goto out;
	}
	info("downloading %s", url);
	fill_opts(l, &o);
	r = fetch_to_fd(url, fd, &o, ferr, sizeof(ferr));
	if (r != FETCH_OK) {
		snprintf(why, whylen, "%s", ferr);
		rc = result_code(r);
		goto fail;
	}
	rc = verify_download(l, url, fd, why, whylen);
	if (rc != EXIT_OK)
		goto fail;
	if (fchmod(fd, 0644) < 0 || fsync(fd) < 0) {
		snprintf(why, whylen, "cannot write %s: %s", g_tmp, strerror(errno));
		rc = EXIT_FAILED;
		goto fail;
	}
	close(fd);
	fd = -1;
	if (rename(g_tmp, dest) < 0) {
		snprintf(why, whylen, "cannot rename %s to %s: %s", g_tmp, dest, strerror(errno));
		rc = EXIT_FAILED;
		goto fail;
	}
	g_tmp[0] = '\0';
	dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd >= 0) {
		fsync(dfd);
		close(dfd);
	}
	rc = EXIT_OK;
	goto out;
fail:
	if (fd >= 0)
		close(fd);
	unlink(g_tmp);
	g_tmp[0] = '\0';
out:
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGTERM, &old_term, NULL);
	free(url);
	return rc;
}
