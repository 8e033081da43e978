/* SPDX-License-Identifier: Apache-2.0 */
/* Internals shared by the reader's block layer and its state-block decoders. */
#ifndef SCAPFILE_INT_H
#define SCAPFILE_INT_H

#include <stdarg.h>
#include <stdint.h>
#include <string.h>

#include "scapfile_format.h"
#include "zlib_dl.h"
#include "scapfile_reader.h"

struct sf_reader {
	gzFile gz; /* compressed (or unseekable) input; NULL for plain files and memory */
	int fd; /* plain regular file read with read(2) directly, else -1 */
	const uint8_t *mem; /* memory input (not owned) */
	uint8_t *buf; /* owned buffer for file input */
	size_t cap; /* size of buf */
	const uint8_t *data; /* buf or mem */
	size_t pos, len; /* consumed / valid bytes in data */
	uint64_t base; /* stream offset of data[0] */
	int eof;
	int failed; /* sticky error code (negative errno) */
	struct scap_state *st;
	uint8_t *conv; /* scratch for old-layout events */
	struct sf_block_counts counts;
	uint64_t n_events, n_skipped;
	char err[512];
	char zmsg[160]; /* why a compressed stream ended early */
};

/* Bounded little-endian cursor over a block body. get_* return -1 when the bytes are missing. */
struct sf_cur {
	const uint8_t *p;
	size_t left;
};

static inline int cur_bytes(struct sf_cur *c, void *dst, size_t n)
{
	if (c->left < n)
		return -1;
	if (n)
		memcpy(dst, c->p, n);
	c->p += n;
	c->left -= n;
	return 0;
}

static inline int cur_u8(struct sf_cur *c, uint8_t *v)
{
	return cur_bytes(c, v, 1);
}

static inline int cur_u16(struct sf_cur *c, uint16_t *v)
{
	return cur_bytes(c, v, 2);
}

static inline int cur_u32(struct sf_cur *c, uint32_t *v)
{
	return cur_bytes(c, v, 4);
}

static inline int cur_u64(struct sf_cur *c, uint64_t *v)
{
	return cur_bytes(c, v, 8);
}

/* u16 length + bytes; *s points into the body (not NUL-terminated). */
static inline int cur_lstr(struct sf_cur *c, const char **s, uint16_t *len)
{
	if (cur_u16(c, len) || c->left < *len)
		return -1;
	*s = (const char *)c->p;
	c->p += *len;
	c->left -= *len;
	return 0;
}

static inline int cur_skip(struct sf_cur *c, size_t n)
{
	if (c->left < n)
		return -1;
	c->p += n;
	c->left -= n;
	return 0;
}

/* Set r->err to "<kind> block 0x<type> at offset <off>: <msg>" and return -EBADMSG. */
int sf_block_err(struct sf_reader *r, uint32_t type, uint64_t off, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* State-block decoders (scapfile_state.c): 0 or -EBADMSG/-ENOMEM with r->err set. */
int sf_read_machine_info(struct sf_reader *r, uint32_t type, uint64_t off, struct sf_cur *c);
int sf_read_proclist(struct sf_reader *r, uint32_t type, uint64_t off, struct sf_cur *c);
int sf_read_fdlist(struct sf_reader *r, uint32_t type, uint64_t off, struct sf_cur *c);
int sf_read_iflist(struct sf_reader *r, uint32_t type, uint64_t off, struct sf_cur *c);
int sf_read_userlist(struct sf_reader *r, uint32_t type, uint64_t off, struct sf_cur *c);

#endif /* SCAPFILE_INT_H */
