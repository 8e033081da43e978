// SPDX-License-Identifier: Apache-2.0
/*
 * Capture writer: framing of event blocks, buffering, and the output (plain write(2) or zlib
 * gzip). Blocks are assembled in a 256 KiB buffer and handed to the output in large pieces.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <scap/scap_dump.h>
#include <syscap/event_table.h>

#include "dump_int.h"
#include "zlib_dl.h"
#include "engines/savefile/scapfile_format.h"

#define DUMP_BUF (256u << 10)

struct scap_dumper {
	int fd; /* plain output */
	gzFile gz; /* gzip output */
	uint8_t *buf;
	size_t len;
	uint64_t off; /* uncompressed bytes accepted */
	uint64_t nevents;
	int failed; /* first write error, sticky */
	char err[256];
};

static int dump_fail(struct scap_dumper *d, int e, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int dump_fail(struct scap_dumper *d, int e, const char *fmt, ...)
{
	va_list ap;

	if (!d->failed) {
		va_start(ap, fmt);
		vsnprintf(d->err, sizeof(d->err), fmt, ap);
		va_end(ap);
		d->failed = e;
	}
	return d->failed;
}

/* Hand n bytes to the output. */
static int out_raw(struct scap_dumper *d, const uint8_t *p, size_t n)
{
	if (d->gz) {
		while (n) {
			unsigned chunk = n > (1u << 30) ? (1u << 30) : (unsigned)n;
			int w = scap_zlib.gzwrite(d->gz, p, chunk);

			if (w <= 0) {
				int zerr;
				const char *m = scap_zlib.gzerror(d->gz, &zerr);

				return dump_fail(d, -EIO, "gzip write failed: %s",
						 zerr == Z_ERRNO ? strerror(errno) : m);
			}
			p += w;
			n -= (size_t)w;
		}
		return 0;
	}
	while (n) {
		ssize_t w = write(d->fd, p, n);

		if (w < 0) {
			if (errno == EINTR)
				continue;
			return dump_fail(d, -errno, "write failed: %s", strerror(errno));
		}
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

static int buf_flush(struct scap_dumper *d)
{
	int ret;

	if (!d->len)
		return 0;
	ret = out_raw(d, d->buf, d->len);
	d->len = 0;
	return ret;
}

static int put(struct scap_dumper *d, const void *p, size_t n)
{
	if (d->failed)
		return d->failed;
	d->off += n;
	if (d->len + n > DUMP_BUF) {
		int ret = buf_flush(d);

		if (ret)
			return ret;
		if (n > DUMP_BUF)
			return out_raw(d, p, n);
	}
	memcpy(d->buf + d->len, p, n);
	d->len += n;
	return 0;
}

static struct scap_dumper *dump_fail_open(struct scap_dumper *d, char *err, size_t errlen, int e)
{
	if (err && errlen)
		snprintf(err, errlen, "%s", d->err);
	if (d->gz)
		scap_zlib.gzclose(d->gz);
	else if (d->fd >= 0)
		close(d->fd);
	free(d->buf);
	free(d);
	errno = e < 0 ? -e : e;
	return NULL;
}

struct scap_dumper *scap_dump_open_fd(int fd, const struct scap_dump_opts *opts, char *err,
				      size_t errlen)
{
	struct scap_dump_opts o = { 0 };
	struct scap_dumper *d = calloc(1, sizeof(*d));
	struct sbuf hdr = { 0 };
	int ret;

	if (opts) {
		size_t n = opts->sz < sizeof(o) ? opts->sz : sizeof(o);

		memcpy(&o, opts, n);
	}
	if (!d) {
		if (err && errlen)
			snprintf(err, errlen, "out of memory");
		close(fd);
		errno = ENOMEM;
		return NULL;
	}
	d->fd = fd;
	d->buf = malloc(DUMP_BUF);
	if (!d->buf) {
		dump_fail(d, -ENOMEM, "out of memory");
		return dump_fail_open(d, err, errlen, -ENOMEM);
	}
	if (o.compression == SCAP_DUMP_GZIP) {
		char mode[8], why[256];

		ret = scap_zlib_load(why, sizeof(why));
		if (ret) {
			dump_fail(d, ret, "%s", why);
			return dump_fail_open(d, err, errlen, ret);
		}
		if (o.gzip_level >= 1 && o.gzip_level <= 9)
			snprintf(mode, sizeof(mode), "wb%d", o.gzip_level);
		else
			snprintf(mode, sizeof(mode), "wb");
		d->gz = scap_zlib.gzdopen(fd, mode);
		if (!d->gz) {
			dump_fail(d, -ENOMEM, "cannot start gzip output");
			return dump_fail_open(d, err, errlen, -ENOMEM);
		}
		scap_zlib.gzbuffer(d->gz, 256u << 10);
	} else if (o.compression != SCAP_DUMP_PLAIN) {
		dump_fail(d, -EINVAL, "unknown compression mode %d", o.compression);
		return dump_fail_open(d, err, errlen, -EINVAL);
	}
	ret = dump_encode_header(&hdr, o.state);
	if (ret) {
		sbuf_free(&hdr);
		dump_fail(d, ret, "out of memory encoding the capture state");
		return dump_fail_open(d, err, errlen, ret);
	}
	ret = put(d, hdr.p, hdr.len);
	sbuf_free(&hdr);
	if (!ret)
		ret = buf_flush(d);
	if (ret)
		return dump_fail_open(d, err, errlen, ret);
	return d;
}

struct scap_dumper *scap_dump_open(const char *path, const struct scap_dump_opts *opts, char *err,
				   size_t errlen)
{
	int fd;

	if (!path) {
		if (err && errlen)
			snprintf(err, errlen, "no output path");
		errno = EINVAL;
		return NULL;
	}
	if (!strcmp(path, "-"))
		fd = dup(STDOUT_FILENO);
	else
		fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0) {
		int e = errno;

		if (err && errlen)
			snprintf(err, errlen, "cannot create %s: %s", path, strerror(e));
		errno = e;
		return NULL;
	}
	return scap_dump_open_fd(fd, opts, err, errlen);
}

int scap_dump(struct scap_dumper *d, const struct scap_evt_hdr *evt, uint16_t cpu, uint32_t flags)
{
	static const uint8_t zero[4];
	uint32_t len, hdr[2], body, maxlen;
	uint16_t type;
	int large;
	int ret;

	if (d->failed)
		return d->failed;
	memcpy(&len, (const uint8_t *)evt + 16, 4);
	memcpy(&type, (const uint8_t *)evt + 20, 2);
	large = type < SCAP_EVT_MAX && (scap_event_table[type].flags & SCAP_EF_LARGE_PAYLOAD);
	/* regular blocks must fit a 64 KiB reader buffer, large ones our reader's cap */
	maxlen = large ? SF_MAX_LARGE_EVENT_BLOCK - 32 : SF_MAX_EVENT_BLOCK - 8 - 2 - 4 - 4 - 3;
	if (len < SF_EVT_HDR_LEN || len > maxlen) {
		snprintf(d->err, sizeof(d->err), "event length %u outside %u..%u", len,
			 SF_EVT_HDR_LEN, maxlen);
		return -EINVAL;
	}
	body = 2 + (flags ? 4 : 0) + len;
	if (flags)
		hdr[0] = large ? SF_EVF_V2_LARGE : SF_EVF_V2;
	else
		hdr[0] = large ? SF_EV_V2_LARGE : SF_EV_V2;
	hdr[1] = 8 + ((body + 3) & ~3u) + 4;
	if ((ret = put(d, hdr, 8)) || (ret = put(d, &cpu, 2)) ||
	    (flags && (ret = put(d, &flags, 4))) || (ret = put(d, evt, len)) ||
	    (ret = put(d, zero, (4 - body % 4) % 4)) || (ret = put(d, &hdr[1], 4)))
		return ret;
	d->nevents++;
	return 0;
}

int scap_dump_flush(struct scap_dumper *d)
{
	int ret;

	if (d->failed)
		return d->failed;
	ret = buf_flush(d);
	if (ret)
		return ret;
	if (d->gz && scap_zlib.gzflush(d->gz, Z_FULL_FLUSH) != Z_OK) {
		int zerr;

		return dump_fail(d, -EIO, "gzip flush failed: %s", scap_zlib.gzerror(d->gz, &zerr));
	}
	return 0;
}

int scap_dump_close(struct scap_dumper *d)
{
	int ret;

	if (!d)
		return 0;
	if (!d->failed)
		buf_flush(d);
	ret = d->failed;
	if (d->gz) {
		int zret = scap_zlib.gzclose(d->gz);

		if (!ret && zret != Z_OK)
			ret = -EIO;
	} else if (d->fd >= 0) {
		if (close(d->fd) && !ret)
			ret = -errno;
	}
	free(d->buf);
	free(d);
	return ret;
}

const char *scap_dump_error(const struct scap_dumper *d)
{
	return d ? d->err : "no dumper";
}

uint64_t scap_dump_offset(const struct scap_dumper *d)
{
	return d->off;
}

uint64_t scap_dump_events(const struct scap_dumper *d)
{
	return d->nevents;
}
