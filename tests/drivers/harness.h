/* SPDX-License-Identifier: Apache-2.0 */
/*
 * A tiny harness for the driver suite: run a function in a child process under a live capture
 * and collect the events of that child (and of the tids it reports), then check them. No cmocka,
 * so the same binary also runs statically linked inside a minimal VM.
 */
#ifndef SYSCAP_TESTS_DRIVERS_HARNESS_H
#define SYSCAP_TESTS_DRIVERS_HARNESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <scap/scap.h>
#include <scap/scap_event.h>

#define SHARED_TIDS 8

/* Memory shared with the child: what it did, so the checks can compare values. */
struct shared {
	int64_t v[16];        /* values the child records (fds, ports, results) */
	int64_t tids[SHARED_TIDS]; /* other threads/processes whose events belong to the test */
	char s[4][256];       /* strings (paths) */
};

struct captured {
	struct scap_evt_hdr **evts;
	size_t n, cap;
};

typedef void (*child_fn)(struct shared *sh);

/* Runs fn in a fresh child; fills *out with every captured event of the child and of
 * sh->tids, in capture order. 0 when the child's procexit was seen, -ETIMEDOUT otherwise. */
int run_child(struct scap *h, child_fn fn, struct shared *sh, struct captured *out);
void captured_free(struct captured *c);

/* The n-th (0-based) event of `type` from thread tid (0 = any thread of the test). */
const struct scap_evt_hdr *find_evt(const struct captured *c, uint16_t type, int64_t tid, int n);

/* Parameter accessors (abort the check with a message on type/size mismatch). */
int64_t ps64(const struct scap_evt_hdr *e, unsigned i);
uint64_t pu64(const struct scap_evt_hdr *e, unsigned i);
const char *pstr(const struct scap_evt_hdr *e, unsigned i); /* "" when empty */
uint32_t plen(const struct scap_evt_hdr *e, unsigned i);
const uint8_t *pdata(const struct scap_evt_hdr *e, unsigned i);

/* Checks: record the first failure of the current test. */
extern char g_fail[512];
#define CHECK(cond, ...)                                                                  \
	do {                                                                              \
		if (!(cond) && !g_fail[0])                                                \
			snprintf(g_fail, sizeof(g_fail), "%s:%d: %s", __FILE__, __LINE__, \
				 #cond);                                                  \
	} while (0)
#define CHECK_EQ(a, b)                                                                     \
	do {                                                                               \
		long long __a = (long long)(a), __b = (long long)(b);                      \
		if (__a != __b && !g_fail[0])                                              \
			snprintf(g_fail, sizeof(g_fail), "%s:%d: %s == %lld, expected %s == %lld", \
				 __FILE__, __LINE__, #a, __a, #b, __b);                    \
	} while (0)
#define CHECK_STR(a, b)                                                                    \
	do {                                                                               \
		const char *__a = (a), *__b = (b);                                         \
		if (strcmp(__a, __b) && !g_fail[0])                                        \
			snprintf(g_fail, sizeof(g_fail), "%s:%d: %s == \"%s\", expected \"%s\"", \
				 __FILE__, __LINE__, #a, __a, __b);                        \
	} while (0)
/* Stop the test when an event is missing (later checks would dereference NULL). */
#define REQUIRE_EVT(e, what)                                                               \
	do {                                                                               \
		if (!(e)) {                                                                \
			if (!g_fail[0])                                                    \
				snprintf(g_fail, sizeof(g_fail), "%s:%d: no %s event", __FILE__, \
					 __LINE__, what);                                  \
			return;                                                            \
		}                                                                          \
	} while (0)

#endif /* SYSCAP_TESTS_DRIVERS_HARNESS_H */
