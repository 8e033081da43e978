// SPDX-License-Identifier: Apache-2.0
/*
 * HTTP(S) and file:// transfers. The only file that talks to libcurl: bounded (connect and
 * overall timeouts, retries with exponential backoff), HTTPS unless plain http is explicitly
 * allowed (redirects included), proxies from the standard environment variables (libcurl reads
 * http_proxy, https_proxy, no_proxy), optional CA bundle and extra headers.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <curl/curl.h>

#include "loader.h"

#ifndef SYSCAP_VERSION
#define SYSCAP_VERSION "0.0.0"
#endif

int fetch_global_init(void)
{
	return curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK ? 0 : -EIO;
}

void fetch_global_cleanup(void)
{
	curl_global_cleanup();
}

struct sink {
	int fd; /* >= 0: write to the file */
	char *mem; /* else: grow this buffer */
	size_t len, max;
	bool overflow;
	int err;
};

static size_t on_data(char *ptr, size_t size, size_t nmemb, void *ud)
{
	struct sink *k = ud;
	size_t n = size * nmemb;

	if (k->len + n > k->max) {
		k->overflow = true;
		return 0;
	}
	if (k->fd >= 0) {
		size_t done = 0;

		while (done < n) {
			ssize_t w = write(k->fd, ptr + done, n - done);

			if (w < 0) {
				if (errno == EINTR)
					continue;
				k->err = errno;
				return 0;
			}
			done += w;
		}
		k->len += n;
		return n;
	}
	char *m = realloc(k->mem, k->len + n + 1);

	if (!m) {
		k->err = ENOMEM;
		return 0;
	}
	k->mem = m;
	memcpy(m + k->len, ptr, n);
	k->len += n;
	m[k->len] = '\0';
	return n;
}

static int on_progress(void *ud, curl_off_t dltotal, curl_off_t dlnow, curl_off_t ultotal,
		       curl_off_t ulnow)
{
	if (dltotal > 0) {
		int pct = (int)(dlnow * 100 / dltotal), bars = pct / 5;

		fprintf(stderr, "\r  [%-20.*s] %3d%% %lld/%lld KiB", bars, "####################",
			pct, (long long)dlnow / 1024, (long long)dltotal / 1024);
	}
	return 0;
}

static bool is_scheme(const char *url, const char *scheme)
{
	return !strncasecmp(url, scheme, strlen(scheme));
}

static void sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

static void reset_sink(struct sink *k)
{
	if (k->fd >= 0) {
		if (ftruncate(k->fd, 0) == 0)
			lseek(k->fd, 0, SEEK_SET);
	} else if (k->mem) {
		k->mem[0] = '\0';
	}
	k->len = 0;
	k->overflow = false;
	k->err = 0;
}

static enum fetch_result transfer(const char *url, struct sink *k, const struct fetch_opts *o,
				  char *err, size_t errlen)
{
	const char *protos = o->allow_http ? "https,http,file" : "https,file";
	struct curl_slist *hdrs = NULL;
	char cerr[CURL_ERROR_SIZE];
	enum fetch_result res = FETCH_ERROR;
	long attempt;
	CURL *c;

	if (is_scheme(url, "http://") && !o->allow_http) {
		snprintf(err, errlen,
			 "%s: plain http is refused (use https, or allow http explicitly with "
			 "--allow-http)",
			 url);
		return FETCH_REFUSED;
	}
	if (!is_scheme(url, "http://") && !is_scheme(url, "https://") &&
	    !is_scheme(url, "file://")) {
		snprintf(err, errlen,
			 "%s: unsupported URL scheme (https://, http://, file:// or an "
			 "absolute directory)",
			 url);
		return FETCH_REFUSED;
	}
	c = curl_easy_init();
	if (!c) {
		snprintf(err, errlen, "cannot initialise libcurl");
		return FETCH_ERROR;
	}
	for (int i = 0; i < o->nheaders; i++)
		hdrs = curl_slist_append(hdrs, o->headers[i]);
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, protos);
	curl_easy_setopt(c, CURLOPT_REDIR_PROTOCOLS_STR, o->allow_http ? "https,http" : "https");
	curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 1L);
	curl_easy_setopt(c, CURLOPT_MAXREDIRS, 5L);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, o->connect_timeout);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, o->timeout);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_USERAGENT, "syscap-driver-loader/" SYSCAP_VERSION);
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, cerr);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_data);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, k);
	if (hdrs)
		curl_easy_setopt(c, CURLOPT_HTTPHEADER, hdrs);
	if (o->ca_bundle && *o->ca_bundle)
		curl_easy_setopt(c, CURLOPT_CAINFO, o->ca_bundle);
	if (o->progress) {
		curl_easy_setopt(c, CURLOPT_NOPROGRESS, 0L);
		curl_easy_setopt(c, CURLOPT_XFERINFOFUNCTION, on_progress);
	}

	for (attempt = 0; attempt <= o->retries; attempt++) {
		bool retry = false;
		long code = 0;
		CURLcode cc;

		if (attempt > 0) {
			long delay = o->retry_delay_ms << (attempt - 1 > 5 ? 5 : attempt - 1);

			if (delay > 30000)
				delay = 30000;
			info("retrying %s in %ld ms (attempt %ld of %ld): %s", url, delay,
			     attempt + 1, o->retries + 1, err);
			sleep_ms(delay);
			reset_sink(k);
		}
		cerr[0] = '\0';
		cc = curl_easy_perform(c);
		if (o->progress)
			fputc('\n', stderr);
		curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
		if (cc == CURLE_OK) {
			if (code == 200 || (code == 0 && is_scheme(url, "file://"))) {
				res = FETCH_OK;
				break;
			}
			if (code == 404 || code == 410) {
				snprintf(err, errlen, "%s: HTTP %ld (not found)", url, code);
				res = FETCH_NOT_FOUND;
				break;
			}
			snprintf(err, errlen, "%s: HTTP %ld from the server", url, code);
			res = FETCH_ERROR;
			retry = code >= 500 || code == 429 || code == 408;
		} else if (cc == CURLE_FILE_COULDNT_READ_FILE) {
			snprintf(err, errlen, "%s: no such file", url);
			res = FETCH_NOT_FOUND;
			break;
		} else if (cc == CURLE_UNSUPPORTED_PROTOCOL) {
			snprintf(err, errlen, "%s: refused: %s (plain http needs --allow-http)",
				 url, cerr[0] ? cerr : curl_easy_strerror(cc));
			res = FETCH_REFUSED;
			break;
		} else if (cc == CURLE_WRITE_ERROR && (k->overflow || k->err)) {
			if (k->overflow)
				snprintf(err, errlen, "%s: response larger than %zu bytes", url,
					 k->max);
			else
				snprintf(err, errlen, "%s: cannot write the download: %s", url,
					 strerror(k->err));
			res = FETCH_ERROR;
			break;
		} else if (curl_easy_getinfo(c, CURLINFO_HTTP_CONNECTCODE, &code) == CURLE_OK &&
			   code >= 300) {
			/*
			 * The https proxy refused the CONNECT tunnel: its status follows the rule
			 * for a server's (403, 407: retrying cannot help; 5xx, 429, 408 may pass).
			 */
			snprintf(err, errlen, "%s: the proxy refused the tunnel with HTTP %ld (%s)",
				 url, code, cerr[0] ? cerr : curl_easy_strerror(cc));
			res = FETCH_ERROR;
			retry = code >= 500 || code == 429 || code == 408;
		} else {
			const char *what = cerr[0] ? cerr : curl_easy_strerror(cc);

			if (cc == CURLE_OPERATION_TIMEDOUT)
				snprintf(err, errlen,
					 "%s: timed out (%s; connect timeout %lds, "
					 "overall %lds)",
					 url, what, o->connect_timeout, o->timeout);
			else if (cc == CURLE_PARTIAL_FILE)
				snprintf(err, errlen, "%s: truncated download (%s)", url, what);
			else
				snprintf(err, errlen, "%s: %s", url, what);
			res = FETCH_ERROR;
			retry = cc != CURLE_PEER_FAILED_VERIFICATION &&
				cc != CURLE_SSL_CACERT_BADFILE && cc != CURLE_URL_MALFORMAT &&
				cc != CURLE_SSL_CERTPROBLEM;
		}
		if (!retry)
			break;
	}
	curl_slist_free_all(hdrs);
	curl_easy_cleanup(c);
	return res;
}

enum fetch_result fetch_to_fd(const char *url, int fd, const struct fetch_opts *o, char *err,
			      size_t errlen)
{
	/* kernel modules are a few MiB; anything this large is not one */
	struct sink k = { .fd = fd, .max = (size_t)512 << 20 };

	return transfer(url, &k, o, err, errlen);
}

enum fetch_result fetch_to_mem(const char *url, size_t max, char **out, size_t *outlen,
			       const struct fetch_opts *o, char *err, size_t errlen)
{
	struct sink k = { .fd = -1, .max = max };
	struct fetch_opts small = *o;
	enum fetch_result r;

	small.progress = false;
	r = transfer(url, &k, &small, err, errlen);
	if (r != FETCH_OK) {
		free(k.mem);
		return r;
	}
	if (!k.mem) {
		k.mem = calloc(1, 1);
		if (!k.mem) {
			snprintf(err, errlen, "out of memory");
			return FETCH_ERROR;
		}
	}
	*out = k.mem;
	*outlen = k.len;
	return FETCH_OK;
}
