// SPDX-License-Identifier: Apache-2.0
/*
 * .scap reader, block layer: buffered input through zlib (which passes plain files through),
 * block framing and its checks, the section header, and event blocks of every version.
 * Every length read from the file is checked before use; buffers grow only as data really
 * arrives, so a lying block length cannot make us allocate more than about twice the input.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "scapfile_int.h"

#define SF_BUF_INIT (64u << 10) /* block buffer: stays in cache, grows for larger blocks */
#define SF_READ_CHUNK (1u << 20)
#define SF_GZ_BUF (32u << 10) /* zlib input buffer (its output buffer is twice that) */

const char *sf_block_name(uint32_t type)
{
	switch (type) {
	case SF_SHB:
		return "section header";
	case SF_MI:
	case SF_MI_INT:
		return "machine info";
	case SF_PL_V1:
	case SF_PL_V1_INT:
	case SF_PL_V2:
	case SF_PL_V2_INT:
	case SF_PL_V3:
	case SF_PL_V3_INT:
	case SF_PL_V4:
	case SF_PL_V5:
	case SF_PL_V6:
	case SF_PL_V7:
	case SF_PL_V8:
	case SF_PL_V9:
		return "process list";
	case SF_FDL:
	case SF_FDL_INT:
	case SF_FDL_V2:
		return "fd list";
	case SF_EV:
	case SF_EV_INT:
	case SF_EV_V2:
	case SF_EV_V2_LARGE:
	case SF_EVF:
	case SF_EVF_V2:
	case SF_EVF_V2_LARGE:
		return "event";
	case SF_IL:
	case SF_IL_INT:
	case SF_IL_V2:
		return "interface list";
	case SF_UL:
	case SF_UL_INT:
	case SF_UL_V2:
		return "user list";
	default:
		return "unknown";
	}
}

int sf_block_err(struct sf_reader *r, uint32_t type, uint64_t off, const char *fmt, ...)
{
	va_list ap;
	int n;

	n = snprintf(r->err, sizeof(r->err), "%s block 0x%x at offset %" PRIu64 ": ",
		     sf_block_name(type), type, off);
	if (n < 0 || (size_t)n >= sizeof(r->err))
		n = 0;
	va_start(ap, fmt);
	vsnprintf(r->err + n, sizeof(r->err) - (size_t)n, fmt, ap);
	va_end(ap);
	return -EBADMSG;
}

static int is_event_block(uint32_t t)
{
	return t == SF_EV || t == SF_EV_INT || t == SF_EV_V2 || t == SF_EV_V2_LARGE ||
	       t == SF_EVF || t == SF_EVF_V2 || t == SF_EVF_V2_LARGE;
}

/* One read(2) of a plain file into buf + len: bytes read, 0 at the end, or a negative errno. */
static int sf_read_plain(struct sf_reader *r, size_t want)
{
	ssize_t got;

	do
		got = read(r->fd, r->buf + r->len, want);
	while (got < 0 && errno == EINTR);
	if (got < 0) {
		int e = errno;

		snprintf(r->err, sizeof(r->err), "read error at offset %" PRIu64 ": %s",
			 r->base + r->len, strerror(e));
		return -EIO;
	}
	return (int)got;
}

/*
 * Make n bytes available at data + pos. Returns how many are (less than n only at the end of
 * the input) or a negative errno on a read/decompression error.
 */
static ssize_t sf_fill(struct sf_reader *r, size_t n)
{
	if (r->len - r->pos >= n)
		return (ssize_t)n;
	if (!r->gz && r->fd < 0)
		return (ssize_t)(r->len - r->pos);
	if (r->pos) {
		memmove(r->buf, r->buf + r->pos, r->len - r->pos);
		r->base += r->pos;
		r->len -= r->pos;
		r->pos = 0;
	}
	while (r->len < n && !r->eof) {
		size_t want;
		int got;

		if (r->len == r->cap) {
			/* grow by doubling, never past what this request needs (rounded) */
			size_t ncap = r->cap * 2;
			uint8_t *nb;

			if (ncap > n + SF_READ_CHUNK)
				ncap = n + SF_READ_CHUNK;
			nb = realloc(r->buf, ncap);
			if (!nb) {
				snprintf(r->err, sizeof(r->err),
					 "out of memory (%zu-byte read buffer)", ncap);
				return -ENOMEM;
			}
			r->buf = nb;
			r->cap = ncap;
			r->data = nb;
		}
		want = r->cap - r->len;
		if (want > SF_READ_CHUNK * 4)
			want = SF_READ_CHUNK * 4;
		if (!r->gz) {
			got = sf_read_plain(r, want);
			if (got < 0)
				return got;
			if (got == 0) {
				r->eof = 1;
				break;
			}
			r->len += (size_t)got;
			continue;
		}
		got = scap_zlib.gzread(r->gz, r->buf + r->len, (unsigned)want);
		if (got < 0) {
			int zerr;
			const char *m = scap_zlib.gzerror(r->gz, &zerr);

			snprintf(r->err, sizeof(r->err), "read error at offset %" PRIu64 ": %s",
				 r->base + r->len, zerr == Z_ERRNO ? strerror(errno) : m);
			return zerr == Z_DATA_ERROR ? -EBADMSG : -EIO;
		}
		if (got == 0) {
			int zerr;

			/* a gzip stream cut short reads as EOF plus Z_BUF_ERROR */
			scap_zlib.gzerror(r->gz, &zerr);
			if (zerr == Z_BUF_ERROR || zerr == Z_DATA_ERROR) {
				snprintf(
					r->zmsg, sizeof(r->zmsg),
					"compressed stream ends early or is corrupt at offset %" PRIu64,
					r->base + r->len);
				r->eof = 2;
			} else {
				r->eof = 1;
			}
			break;
		}
		r->len += (size_t)got;
	}
	return (ssize_t)(r->len - r->pos < n ? r->len - r->pos : n);
}

/* Report a short read at the end of the input (a gzip error message wins when there is one). */
static int sf_short(struct sf_reader *r, uint32_t type, uint64_t off, const char *what,
		    uint64_t need, uint64_t have)
{
	if (r->eof == 2)
		return sf_block_err(r, type, off, "%s (%s)", what, r->zmsg);
	return sf_block_err(r, type, off, "%s: needs %" PRIu64 " bytes, the file has %" PRIu64,
			    what, need, have);
}

/*
 * Read one whole block. Returns 0 with *body covering the total - 12 bytes between header and
 * trailer (padding included; valid until the next fill), SF_EOF when the input ends exactly at
 * a block boundary, or a negative errno.
 */
static int sf_block(struct sf_reader *r, uint32_t *type, uint64_t *off, struct sf_cur *body)
{
	uint32_t hdr[2], trailer, max;
	ssize_t got;

	*off = r->base + r->pos;
	got = sf_fill(r, 8);
	if (got < 0)
		return (int)got;
	if (got == 0) {
		if (r->eof == 2) {
			snprintf(r->err, sizeof(r->err), "block at offset %" PRIu64 ": %s", *off,
				 r->zmsg);
			return -EBADMSG;
		}
		return SF_EOF;
	}
	if (got < 8 && got >= 4) {
		memcpy(type, r->data + r->pos, 4);
		return sf_block_err(r, *type, *off, "truncated block header (%zd of 8 bytes)", got);
	}
	if (got < 8) {
		snprintf(r->err, sizeof(r->err),
			 "block at offset %" PRIu64 ": truncated block header (%zd of 8 bytes)",
			 *off, got);
		return -EBADMSG;
	}
	memcpy(hdr, r->data + r->pos, 8);
	*type = hdr[0];
	if (hdr[1] < 12)
		return sf_block_err(r, *type, *off, "block length %u below minimum 12", hdr[1]);
	if (*type == SF_EV_V2_LARGE || *type == SF_EVF_V2_LARGE)
		max = SF_MAX_LARGE_EVENT_BLOCK;
	else if (is_event_block(*type))
		max = SF_MAX_EVENT_BLOCK + 4 + 8; /* cpu/flags prefix and framing around 64 KiB */
	else
		max = SF_MAX_STATE_BLOCK;
	if (hdr[1] > max)
		return sf_block_err(r, *type, *off, "block length %u above maximum %u", hdr[1],
				    max);
	got = sf_fill(r, hdr[1]);
	if (got < 0)
		return (int)got;
	if ((uint32_t)got < hdr[1])
		return sf_short(r, *type, *off, "truncated block", hdr[1], (uint64_t)got);
	memcpy(&trailer, r->data + r->pos + hdr[1] - 4, 4);
	if (trailer != hdr[1])
		return sf_block_err(r, *type, *off,
				    "trailing length %u does not match block length %u", trailer,
				    hdr[1]);
	body->p = r->data + r->pos + 8;
	body->left = hdr[1] - 12;
	r->pos += hdr[1];
	return 0;
}

static int sf_read_shb(struct sf_reader *r)
{
	struct sf_cur c;
	uint32_t type, magic, t0;
	uint16_t major, minor;
	uint64_t off;
	ssize_t got;
	int ret;

	got = sf_fill(r, 4);
	if (got < 0)
		return (int)got;
	if (got == 4) {
		memcpy(&t0, r->data + r->pos, 4);
		if (t0 != SF_SHB) {
			snprintf(
				r->err, sizeof(r->err),
				"not a scap capture: first block type 0x%08x at offset 0 is not a section header (0x%08x)",
				t0, SF_SHB);
			return -EBADMSG;
		}
	}
	ret = sf_block(r, &type, &off, &c);
	if (ret == SF_EOF) {
		snprintf(r->err, sizeof(r->err),
			 "block at offset 0: empty file, not a scap capture");
		return -EBADMSG;
	}
	if (ret < 0)
		return ret;
	r->counts.shb++;
	if (cur_u32(&c, &magic) || cur_u16(&c, &major) || cur_u16(&c, &minor) || cur_skip(&c, 8))
		return sf_block_err(r, type, off, "body below minimum 16 bytes");
	if (magic == SF_SHB_MAGIC_SWAPPED)
		return sf_block_err(r, type, off,
				    "byte-swapped (big-endian) captures are not supported");
	if (magic != SF_SHB_MAGIC)
		return sf_block_err(r, type, off, "bad byte-order magic 0x%08x", magic);
	if (major > SF_VERSION_MAJOR) {
		sf_block_err(r, type, off, "format version %u.%u is newer than supported %u.%u",
			     major, minor, SF_VERSION_MAJOR, SF_VERSION_MINOR);
		return -ENOTSUP;
	}
	/* anything after the fixed fields is pcapng options: ignored */
	return 0;
}

/* Read state blocks until the first event block, which is left unread. */
static int sf_read_state(struct sf_reader *r)
{
	for (;;) {
		struct sf_cur c;
		uint32_t type = 0, peek[2];
		uint64_t off;
		ssize_t got;
		int ret;

		got = sf_fill(r, 8);
		if (got < 0)
			return (int)got;
		if (got == 8) {
			memcpy(peek, r->data + r->pos, 8);
			if (is_event_block(peek[0]))
				return 0;
		}
		ret = sf_block(r, &type, &off, &c);
		if (ret == SF_EOF)
			return 0; /* a capture with no events */
		if (ret < 0)
			return ret;
		switch (type) {
		case SF_MI:
		case SF_MI_INT:
			r->counts.mi++;
			ret = sf_read_machine_info(r, type, off, &c);
			break;
		case SF_PL_V1:
		case SF_PL_V1_INT:
		case SF_PL_V2:
		case SF_PL_V2_INT:
		case SF_PL_V3:
		case SF_PL_V3_INT:
		case SF_PL_V4:
		case SF_PL_V5:
		case SF_PL_V6:
		case SF_PL_V7:
		case SF_PL_V8:
		case SF_PL_V9:
			r->counts.pl++;
			r->counts.pl_type = type;
			ret = sf_read_proclist(r, type, off, &c);
			break;
		case SF_FDL:
		case SF_FDL_INT:
		case SF_FDL_V2:
			r->counts.fdl++;
			ret = sf_read_fdlist(r, type, off, &c);
			break;
		case SF_IL:
		case SF_IL_INT:
		case SF_IL_V2:
			r->counts.il++;
			ret = sf_read_iflist(r, type, off, &c);
			break;
		case SF_UL:
		case SF_UL_INT:
		case SF_UL_V2:
			r->counts.ul++;
			ret = sf_read_userlist(r, type, off, &c);
			break;
		case SF_SHB:
			r->counts.shb++;
			break;
		default:
			r->counts.unknown++; /* pcapng: skip blocks we do not know */
			break;
		}
		if (ret)
			return ret;
	}
}

static int sf_open_common(struct sf_reader *r, struct scap_state *st, char *err, size_t errlen)
{
	int ret;

	r->st = st;
	ret = sf_read_shb(r);
	if (!ret)
		ret = sf_read_state(r);
	if (ret) {
		if (err && errlen)
			snprintf(err, errlen, "%s", r->err);
		return ret;
	}
	return 0;
}

/*
 * Regular files that do not start with the gzip magic are read with read(2) straight into the
 * block buffer; everything else goes through zlib, which also passes plain data through. A small
 * zlib buffer keeps memory low and lets zlib inflate directly into the block buffer.
 */
static int sf_is_plain_file(int fd)
{
	uint8_t magic[2];
	struct stat sb;
	off_t at;

	if (fstat(fd, &sb) || !S_ISREG(sb.st_mode))
		return 0;
	at = lseek(fd, 0, SEEK_CUR);
	if (at < 0)
		return 0;
	if (pread(fd, magic, sizeof(magic), at) != (ssize_t)sizeof(magic))
		return 1;
	return !(magic[0] == 0x1f && magic[1] == 0x8b);
}

int sf_reader_open_fd(struct sf_reader **out, int fd, struct scap_state *st, char *err,
		      size_t errlen)
{
	struct sf_reader *r = calloc(1, sizeof(*r));
	int ret;

	*out = NULL;
	if (r)
		r->buf = malloc(SF_BUF_INIT);
	if (!r || !r->buf) {
		if (r)
			free(r);
		close(fd);
		if (err && errlen)
			snprintf(err, errlen, "out of memory");
		return -ENOMEM;
	}
	r->cap = SF_BUF_INIT;
	r->data = r->buf;
	r->fd = -1;
	if (sf_is_plain_file(fd)) {
		r->fd = fd;
	} else {
		ret = scap_zlib_load(err, errlen);
		if (ret) {
			close(fd);
			sf_reader_close(r);
			return ret;
		}
		r->gz = scap_zlib.gzdopen(fd, "rb");
		if (!r->gz) {
			if (err && errlen)
				snprintf(err, errlen, "cannot open fd %d for reading", fd);
			close(fd);
			sf_reader_close(r);
			return -ENOMEM;
		}
		scap_zlib.gzbuffer(r->gz, SF_GZ_BUF);
	}
	ret = sf_open_common(r, st, err, errlen);
	if (ret) {
		sf_reader_close(r);
		return ret;
	}
	*out = r;
	return 0;
}

int sf_reader_open_path(struct sf_reader **out, const char *path, struct scap_state *st, char *err,
			size_t errlen)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	*out = NULL;
	if (fd < 0) {
		int e = errno;

		if (err && errlen)
			snprintf(err, errlen, "cannot open %s: %s", path, strerror(e));
		return -e;
	}
	return sf_reader_open_fd(out, fd, st, err, errlen);
}

int sf_reader_open_mem(struct sf_reader **out, const void *data, size_t len, struct scap_state *st,
		       char *err, size_t errlen)
{
	struct sf_reader *r = calloc(1, sizeof(*r));
	int ret;

	*out = NULL;
	if (!r) {
		if (err && errlen)
			snprintf(err, errlen, "out of memory");
		return -ENOMEM;
	}
	r->fd = -1;
	r->mem = data;
	r->data = data;
	r->len = len;
	r->eof = 1;
	ret = sf_open_common(r, st, err, errlen);
	if (ret) {
		sf_reader_close(r);
		return ret;
	}
	*out = r;
	return 0;
}

void sf_reader_close(struct sf_reader *r)
{
	if (!r)
		return;
	if (r->gz)
		scap_zlib.gzclose(r->gz);
	if (r->fd >= 0)
		close(r->fd);
	free(r->buf);
	free(r->conv);
	free(r);
}

const char *sf_reader_error(const struct sf_reader *r)
{
	return r->err;
}

uint64_t sf_reader_offset(const struct sf_reader *r)
{
	return r->base + r->pos;
}

uint64_t sf_reader_events(const struct sf_reader *r)
{
	return r->n_events;
}

uint64_t sf_reader_skipped(const struct sf_reader *r)
{
	return r->n_skipped;
}

const struct sf_block_counts *sf_reader_counts(const struct sf_reader *r)
{
	return &r->counts;
}

/* Check the parameter lengths of a v2-layout event against its own length. */
static int sf_check_event(struct sf_reader *r, uint32_t type, uint64_t off, const uint8_t *e,
			  uint32_t avail, int large)
{
	uint32_t len, nparams;
	uint64_t at;

	memcpy(&len, e + 16, 4);
	memcpy(&nparams, e + 22, 4);
	if (len < SF_EVT_HDR_LEN)
		return sf_block_err(r, type, off, "event length %u below header size %u", len,
				    SF_EVT_HDR_LEN);
	if (len > avail)
		return sf_block_err(r, type, off,
				    "event length %u exceeds the %u bytes of the block", len,
				    avail);
	at = SF_EVT_HDR_LEN + (uint64_t)nparams * (large ? 4 : 2);
	if (at > len)
		return sf_block_err(r, type, off, "%u parameters do not fit in event length %u",
				    nparams, len);
	for (uint32_t i = 0; i < nparams; i++) {
		uint32_t pl = 0;

		if (large) {
			memcpy(&pl, e + SF_EVT_HDR_LEN + 4 * i, 4);
		} else {
			uint16_t p16;

			memcpy(&p16, e + SF_EVT_HDR_LEN + 2 * i, 2);
			pl = p16;
		}
		if (pl > len - at)
			return sf_block_err(r, type, off,
					    "parameter %u length %u overruns event length %u", i,
					    pl, len);
		at += pl;
	}
	return 0;
}

/*
 * Old-layout events (22-byte header without nparams): rebuild the current layout in r->conv,
 * inferring nparams as the largest count (up to the table's) whose lengths add up exactly.
 */
static int sf_convert_v1(struct sf_reader *r, uint32_t type, uint64_t off, const uint8_t *e,
			 uint32_t avail, const uint8_t **out)
{
	uint32_t len, maxp, np;
	uint16_t etype;
	int large, found = 0;

	memcpy(&len, e + 16, 4);
	memcpy(&etype, e + 20, 2);
	if (len < SF_EVT_V1_HDR_LEN)
		return sf_block_err(r, type, off, "event length %u below old header size %u", len,
				    SF_EVT_V1_HDR_LEN);
	if (len > avail)
		return sf_block_err(r, type, off,
				    "event length %u exceeds the %u bytes of the block", len,
				    avail);
	if (sf_evt_info(etype, &maxp, &large))
		return 1; /* newer than our schema: skip */
	/* old notification/infrastructure events were stored with 3 extra bytes counted */
	if (sf_evt_info_len_quirk(etype) && len >= SF_EVT_V1_HDR_LEN + 3)
		len -= 3;
	for (np = maxp + 1; np-- > 0;) {
		uint64_t at = SF_EVT_V1_HDR_LEN + (uint64_t)np * 2;

		if (at > len)
			continue;
		for (uint32_t i = 0; i < np; i++) {
			uint16_t pl;

			memcpy(&pl, e + SF_EVT_V1_HDR_LEN + 2 * i, 2);
			at += pl;
		}
		if (at < len)
			return sf_block_err(r, type, off,
					    "old event type %u: parameter lengths end at %" PRIu64
					    " before event length %u",
					    etype, at, len);
		if (at == len) {
			found = 1;
			break;
		}
	}
	if (!found)
		return sf_block_err(r, type, off,
				    "old event type %u: no parameter count matches length %u",
				    etype, len);
	if (!r->conv) {
		r->conv = malloc(SF_MAX_EVENT_BLOCK + 64); /* an old event grows by 4 */
		if (!r->conv) {
			snprintf(r->err, sizeof(r->err), "out of memory");
			return -ENOMEM;
		}
	}
	{
		uint32_t nlen = len + 4;

		memcpy(r->conv, e, 16);
		memcpy(r->conv + 16, &nlen, 4);
		memcpy(r->conv + 20, &etype, 2);
		memcpy(r->conv + 22, &np, 4);
		memcpy(r->conv + SF_EVT_HDR_LEN, e + SF_EVT_V1_HDR_LEN, len - SF_EVT_V1_HDR_LEN);
	}
	*out = r->conv;
	return 0;
}

int sf_reader_next(struct sf_reader *r, const uint8_t **evt, uint16_t *cpu, uint32_t *flags)
{
	for (;;) {
		struct sf_cur c;
		uint32_t type, nparams_max, avail;
		uint64_t off;
		uint16_t etype;
		int ret, large, v1, has_flags;
		const uint8_t *e;

		if (r->failed)
			return r->failed;
		ret = sf_block(r, &type, &off, &c);
		if (ret == SF_EOF)
			return SF_EOF;
		if (ret < 0) {
			r->failed = ret;
			return ret;
		}
		if (!is_event_block(type)) {
			/* state or unknown blocks between events (e.g. concatenated files) */
			if (type == SF_SHB)
				r->counts.shb++;
			else
				r->counts.unknown++;
			continue;
		}
		r->counts.ev++;
		v1 = type == SF_EV || type == SF_EV_INT || type == SF_EVF;
		has_flags = type == SF_EVF || type == SF_EVF_V2 || type == SF_EVF_V2_LARGE;
		{
			uint32_t need =
				2 + (has_flags ? 4 : 0) + (v1 ? SF_EVT_V1_HDR_LEN : SF_EVT_HDR_LEN);

			if (c.left < need) {
				r->failed = sf_block_err(r, type, off,
							 "block length %zu below minimum %u",
							 c.left + 12, need + 12);
				return r->failed;
			}
		}
		cur_u16(&c, cpu);
		*flags = 0;
		if (has_flags)
			cur_u32(&c, flags);
		e = c.p;
		avail = (uint32_t)c.left;
		memcpy(&etype, e + 20, 2);
		if (v1) {
			const uint8_t *conv = NULL;

			ret = sf_convert_v1(r, type, off, e, avail, &conv);
			if (ret == 1) {
				r->n_skipped++;
				continue;
			}
			if (ret) {
				r->failed = ret;
				return ret;
			}
			*evt = conv;
			r->n_events++;
			return 0;
		}
		if (sf_evt_info(etype, &nparams_max, &large)) {
			r->n_skipped++; /* newer than our schema */
			continue;
		}
		ret = sf_check_event(r, type, off, e, avail, large);
		if (ret) {
			r->failed = ret;
			return ret;
		}
		*evt = e;
		r->n_events++;
		return 0;
	}
}
