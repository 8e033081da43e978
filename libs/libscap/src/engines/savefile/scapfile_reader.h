/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Private .scap reader: buffered (optionally gzip) input, block framing with bounds checks,
 * state-block decoding into a struct scap_state, event blocks of every version returned in the
 * current (v2) event layout. Used by the savefile engine, the tests and the fuzzers.
 */
#ifndef SCAPFILE_READER_H
#define SCAPFILE_READER_H

#include <stddef.h>
#include <stdint.h>

#include <scap/scap_state.h>

struct sf_reader;

#define SF_EOF 1 /* sf_reader_next: clean end of file */

/*
 * Open a capture from a path (path != NULL), an fd (taken over, closed by sf_reader_close) or
 * a plain, uncompressed memory image (data/len, not copied: keep it alive). Reads the section
 * header and every state block up to the first event block into *st (which must be empty).
 * Returns 0, or a negative errno with a message in err: -EBADMSG corrupt or truncated input,
 * -ENOTSUP unsupported format version, -EIO read/decompression error, -ENOMEM.
 */
int sf_reader_open_path(struct sf_reader **out, const char *path, struct scap_state *st, char *err,
			size_t errlen);
int sf_reader_open_fd(struct sf_reader **out, int fd, struct scap_state *st, char *err,
		      size_t errlen);
int sf_reader_open_mem(struct sf_reader **out, const void *data, size_t len, struct scap_state *st,
		       char *err, size_t errlen);

/*
 * Next event: 0 with *evt pointing at the event (26-byte header, valid until the next call),
 * *cpu and *flags set; SF_EOF at a clean end; a negative errno otherwise (sticky; the message
 * names the block type and its byte offset in the uncompressed stream).
 */
int sf_reader_next(struct sf_reader *r, const uint8_t **evt, uint16_t *cpu, uint32_t *flags);

const char *sf_reader_error(const struct sf_reader *r);
/* Uncompressed bytes consumed so far. */
uint64_t sf_reader_offset(const struct sf_reader *r);
/* Events returned and event blocks skipped (types newer than our schema). */
uint64_t sf_reader_events(const struct sf_reader *r);
uint64_t sf_reader_skipped(const struct sf_reader *r);
/* Number of blocks read so far, by kind (for tests and tools). */
struct sf_block_counts {
	uint32_t shb, mi, pl, fdl, il, ul, unknown;
	uint32_t pl_type; /* block id of the last process list */
	uint64_t ev;
};
const struct sf_block_counts *sf_reader_counts(const struct sf_reader *r);
void sf_reader_close(struct sf_reader *r);

/* Event table facts the reader needs (scapfile_evtinfo.c): 0 and the table's parameter count
 * and large-payload flag for a known type, -1 for a type beyond our schema. */
int sf_evt_info(uint16_t type, uint32_t *nparams, int *large);

/* 1 for the two old event types whose v1 length counted 3 bytes too many. */
int sf_evt_info_len_quirk(uint16_t type);

/* Short block kind name for messages ("event", "process list", ...). */
const char *sf_block_name(uint32_t type);

#endif /* SCAPFILE_READER_H */
