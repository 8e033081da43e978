/* SPDX-License-Identifier: Apache-2.0 */
/* Private parts of the capture writer: a growable byte buffer and the state-block encoders. */
#ifndef SCAP_DUMP_INT_H
#define SCAP_DUMP_INT_H

#include <stddef.h>
#include <stdint.h>

#include <scap/scap_state.h>

struct sbuf {
	uint8_t *p;
	size_t len, cap;
	int oom;
};

void sbuf_put(struct sbuf *b, const void *src, size_t n);
void sbuf_free(struct sbuf *b);

/*
 * Append the section header and the state blocks of st (machine info, interface list v2,
 * user list v2, process list v9, one fd list v2 per thread) to b, framed and padded.
 * st may be NULL (section header only). Returns 0 or -ENOMEM.
 */
int dump_encode_header(struct sbuf *b, const struct scap_state *st);

#endif /* SCAP_DUMP_INT_H */
