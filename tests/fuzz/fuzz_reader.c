// SPDX-License-Identifier: Apache-2.0
/*
 * libFuzzer harness: the .scap reader on arbitrary bytes (plain in memory; gzip through a
 * memfd and zlib), every event read and decoded. Any crash, leak, hang or sanitizer report is
 * a bug; errors are expected.
 */
#define _GNU_SOURCE
#include <stddef.h>
#include <stdint.h>
#include <sys/mman.h>
#include <unistd.h>

#include <scap/scap.h>
#include <scap/scap_event.h>
#include <scap/scap_state.h>

#include "engines/savefile/scapfile_reader.h"

static void drain(struct sf_reader *r)
{
	const uint8_t *e;
	uint16_t cpu;
	uint32_t fl;
	char line[4096];

	while (sf_reader_next(r, &e, &cpu, &fl) == 0) {
		uint32_t len;

		__builtin_memcpy(&len, e + 16, 4);
		if (scap_event_check((const struct scap_evt_hdr *)e, len) == 0)
			scap_event_format_args(line, sizeof(line), (const struct scap_evt_hdr *)e);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct scap_state *st = scap_state_new();
	struct sf_reader *r;
	char err[512];

	if (!st)
		return 0;
	if (size >= 2 && data[0] == 0x1f && data[1] == 0x8b) {
		int fd = memfd_create("fuzz", MFD_CLOEXEC);

		if (fd >= 0 && write(fd, data, size) == (ssize_t)size && lseek(fd, 0, SEEK_SET) == 0) {
			if (sf_reader_open_fd(&r, fd, st, err, sizeof(err)) == 0) {
				drain(r);
				sf_reader_close(r);
			}
		} else if (fd >= 0) {
			close(fd);
		}
	} else if (sf_reader_open_mem(&r, data, size, st, err, sizeof(err)) == 0) {
		drain(r);
		sf_reader_close(r);
	}
	scap_state_free(st);
	return 0;
}
