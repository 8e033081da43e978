/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Writing .scap captures: a section header, the initial state (machine info, interfaces,
 * users and groups, processes and their fds, as Falco's files carry them), then one block per
 * event. Files read back with the "savefile" engine and with falcosecurity libscap.
 */
#ifndef SCAP_DUMP_H
#define SCAP_DUMP_H

#include <stddef.h>
#include <stdint.h>

#include <scap/scap_state.h>

#ifdef __cplusplus
extern "C" {
#endif

#ifndef SCAP_API
#define SCAP_API __attribute__((visibility("default")))
#endif

struct scap_dumper;
struct scap_evt_hdr;

enum scap_dump_compression {
	SCAP_DUMP_GZIP = 0, /* default, like Falco's captures */
	SCAP_DUMP_PLAIN = 1,
};

/** Options of scap_dump_open()/scap_dump_open_fd(); build with SCAP_OPTS(scap_dump_opts, ...). */
struct scap_dump_opts {
	size_t sz;
	/* enum scap_dump_compression */
	int compression;
	/* zlib level 1..9 for SCAP_DUMP_GZIP; 0 = zlib's default */
	int gzip_level;
	/* initial state written after the section header; NULL writes none (events only) */
	const struct scap_state *state;
	size_t : 0;
};

/**
 * @brief **scap_dump_open()** creates a capture file and writes its header and state blocks.
 * @param path file to create (truncated if it exists); "-" writes to standard output
 * @param opts may be NULL (gzip, no state)
 * @param err buffer for a one-line reason on failure, may be NULL
 * @param errlen size of err
 * @return a dumper to finish with scap_dump_close(), or NULL with errno set
 */
SCAP_API struct scap_dumper *scap_dump_open(const char *path, const struct scap_dump_opts *opts,
					    char *err, size_t errlen);

/** @brief **scap_dump_open_fd()** same as scap_dump_open() on an fd the dumper takes over. */
SCAP_API struct scap_dumper *scap_dump_open_fd(int fd, const struct scap_dump_opts *opts, char *err,
					       size_t errlen);

/**
 * @brief **scap_dump()** appends one event. Events whose type has the large-payload flag go in
 * large-payload blocks (0x221/0x222); flags != 0 selects the with-flags block kinds.
 * @param d the dumper
 * @param evt a complete event (header + lengths + params, evt->len bytes)
 * @param cpu CPU the event came from
 * @param flags capture-file event flags (0 for none)
 * @return 0, -EINVAL for an event whose length is below the header size or above what the
 * block kind can hold, or a negative errno from writing (see scap_dump_error())
 */
SCAP_API int scap_dump(struct scap_dumper *d, const struct scap_evt_hdr *evt, uint16_t cpu,
		       uint32_t flags);

/** @brief **scap_dump_flush()** pushes buffered bytes to the file (gzip: a full flush). */
SCAP_API int scap_dump_flush(struct scap_dumper *d);

/**
 * @brief **scap_dump_close()** flushes, closes the file and frees the dumper.
 * @return 0, or the first write error met since the dumper was opened
 */
SCAP_API int scap_dump_close(struct scap_dumper *d);

/** @brief **scap_dump_error()** message of the last failure ("" if none). */
SCAP_API const char *scap_dump_error(const struct scap_dumper *d);

/** @brief **scap_dump_offset()** uncompressed bytes written so far (header and state included). */
SCAP_API uint64_t scap_dump_offset(const struct scap_dumper *d);

/** @brief **scap_dump_events()** number of events written. */
SCAP_API uint64_t scap_dump_events(const struct scap_dumper *d);

#ifdef __cplusplus
}
#endif

#endif /* SCAP_DUMP_H */
