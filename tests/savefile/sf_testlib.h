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

struct sbuf;

/* Little helpers to assemble blocks by hand (old layouts, damaged files). */
void sft_put(struct sbuf *b, const void *p, size_t n);
#define SFT_PUTV(b, v)                                                        \
	do {                                                                  \
		__typeof__(v) v_ = (v);                                       \
		sft_put(b, &v_, sizeof(v_));                                  \
	} while (0)
/* u16 length + bytes */
void sft_put_s(struct sbuf *b, const char *s);
/* frame body as one block of type */
void sft_block(struct sbuf *out, uint32_t type, const struct sbuf *body);

/*
 * An image in the old layouts: section header, machine info, interface list v1 (no-linkspeed
 * IPv4 + IPv6), user list v1 (for odd k under their 0x80xxABCD ids), process list pl_id in
 * layout v (threads 500 and 501), fd list v1 (file + IPv4 socket) and one old-layout close
 * event (EV, EV_INT or EVF by k % 3).
 * The current-layout copy of the event goes to evbuf; returns its length or -1.
 */
long sft_old_capture(struct sbuf *f, uint32_t pl_id, int v, int k, uint8_t *evbuf, size_t evcap);

#endif
