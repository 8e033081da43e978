// SPDX-License-Identifier: Apache-2.0
/* Writes the fuzz seed corpora (tests/fuzz/corpus/{reader,event}); run by hand, output committed. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <scap/scap.h>
#include <scap/scap_dump.h>
#include <syscap/event_table.h>

#include "dump_int.h"
#include "sf_testlib.h"

static int write_blob(const char *dir, const char *name, const void *p, size_t n)
{
	char path[4200];
	FILE *f;

	snprintf(path, sizeof(path), "%.4000s/%.64s", dir, name);
	f = fopen(path, "wb");
	if (!f || fwrite(p, 1, n, f) != n) {
		perror(path);
		return 1;
	}
	fclose(f);
	return 0;
}

int main(int argc, char **argv)
{
	char reader[4096], event[4096], path[4200];
	static uint8_t ev[300000];
	uint64_t seed = 3;
	int rc = 0;

	if (argc != 2) {
		fprintf(stderr, "usage: %s CORPUS_DIR\n", argv[0]);
		return 2;
	}
	snprintf(reader, sizeof(reader), "%s/reader", argv[1]);
	snprintf(event, sizeof(event), "%s/event", argv[1]);
	snprintf(path, sizeof(path), "%s/synthetic-plain.scap", reader);
	rc |= sft_write_capture(path, 0, 40, 1, 11);
	snprintf(path, sizeof(path), "%s/synthetic-gzip.scap", reader);
	rc |= sft_write_capture(path, 1, 40, 2, 12);
	snprintf(path, sizeof(path), "%s/header-only.scap", reader);
	rc |= sft_write_capture(path, 0, 0, 0, 13);
	/* old layouts: process lists v1, v4, v8 with old fd/interface/user lists and events */
	{
		static const struct {
			uint32_t id;
			int v;
		} old[] = { { 0x202, 1 }, { 0x210, 4 }, { 0x214, 8 } };

		for (int k = 0; k < 3; k++) {
			struct sbuf f = { 0 };
			char name[64];

			if (sft_old_capture(&f, old[k].id, old[k].v, k, ev, sizeof(ev)) < 0)
				return 1;
			snprintf(name, sizeof(name), "old-pl-v%d.scap", old[k].v);
			rc |= write_blob(reader, name, f.p, f.len);
			sbuf_free(&f);
		}
	}
	for (uint16_t t = 0; t < SCAP_EVT_MAX; t += 3) {
		long n = sft_event(ev, sizeof(ev), t, &seed, 1000 + t, 0);
		char name[64];

		if (n < 0)
			return 1;
		snprintf(name, sizeof(name), "evt-%03u", t);
		rc |= write_blob(event, name, ev, (size_t)n);
	}
	return rc ? 1 : 0;
}
