/* SPDX-License-Identifier: Apache-2.0 */
/* Helpers for libsinsp tests: build event sequences for the libscap test engine. */
#ifndef SINSP_TSUPPORT_H
#define SINSP_TSUPPORT_H

#include <stddef.h>
#include <stdint.h>

#include <scap/scap_event.h>
#include <sinsp/fields.h>
#include <sinsp/sinsp.h>

#define TS_MAX_EVENTS 8192

struct tseq {
	struct scap_evt_hdr *ev[TS_MAX_EVENTS];
	size_t n;
	uint64_t ts;
};

/*
 * Append an event. spec has one letter per parameter written (fewer than the schema's count
 * gives an old, shorter layout): 'i' integer (int64_t argument, stored at the parameter's
 * size), 's' string (const char *, NULL = empty), 'b' bytes (const void *, size_t), 'n' empty.
 */
void ts_ev(struct tseq *s, uint64_t tid, uint16_t type, const char *spec, ...);
void ts_free(struct tseq *s);

/* Socket tuple / address bytes as the drivers write them; return the length. */
size_t ts_tuple(uint8_t *out, const char *sip, uint16_t sport, const char *dip, uint16_t dport);
size_t ts_addr(uint8_t *out, const char *ip, uint16_t port);

/* clone() exit seen by the caller (res = child tid) or the child (res = 0). */
void ts_clone(struct tseq *s, uint64_t tid, int64_t res, int64_t ctid, int64_t pid, int64_t ptid,
	      uint32_t flags, const char *comm, const char *cgroups);
/* successful execve() exit of tid. */
void ts_execve(struct tseq *s, uint64_t tid, int64_t pid, int64_t ptid, const char *exe,
	       const char *args, size_t args_len, const char *comm, const char *cwd,
	       const char *exepath);

/* Open libsinsp over the sequence (and an optional initial state); fails the test on error. */
struct sinsp *ts_open(struct tseq *s, const struct scap_state *st);
/* Advance to event number num (1-based); fails the test when it does not exist. */
struct sinsp_evt *ts_goto(struct sinsp *h, uint64_t num);
/* Text of a field of e. */
const char *ts_field(struct sinsp *h, struct sinsp_evt *e, const char *field);

#endif
