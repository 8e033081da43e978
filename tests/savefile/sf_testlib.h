/* SPDX-License-Identifier: Apache-2.0 */
/* Helpers shared by the savefile tests, the benchmark and the fuzz seed generator. */
#ifndef SF_TESTLIB_H
#define SF_TESTLIB_H

#include <stddef.h>
#include <stdint.h>

#include <scap/scap_state.h>

/* Read a whole file through zlib (gzip or plain) into a malloc'ed buffer. 0 or -errno. */
int sft_load(const char *path, uint8_t **data, size_t *len);

/* Block boundaries of an intact image: offsets[i] = start of block i, n blocks; the first event
 * block index in *first_ev (n when none). Caller frees *offsets. -EBADMSG when not walkable. */
int sft_blocks(const uint8_t *data, size_t len, uint64_t **offsets, uint32_t **types, size_t *n);

/* Deterministic PRNG (xorshift64*). */
uint64_t sft_rand(uint64_t *s);

/*
 * Build one synthetic event of `type` with parameters shaped by their schema types, filled from
 * the PRNG. Returns its length (<= buflen) or a negative error. `big` makes byte buffers of
 * large-payload events exceed 64 KiB.
 */
long sft_event(void *buf, size_t buflen, uint16_t type, uint64_t *seed, uint64_t ts, int big);

/* A state with every field and fd kind set to distinct values. */
struct scap_state *sft_state(uint64_t seed, uint32_t nthreads);

/*
 * Write a capture to path: the state of sft_state(seed, nthreads), then nevents events cycling
 * over every event type of the schema. Returns 0 or -errno.
 */
int sft_write_capture(const char *path, int gzip, uint64_t nevents, uint32_t nthreads,
		      uint64_t seed);

#endif
