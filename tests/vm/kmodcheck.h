/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Helpers of the in-VM kernel module checks: raw device/ring access (no libscap), event
 * parsing and the VMCHECK result lines the host parses (scripts/vm-check-log).
 */
#ifndef SYSCAP_TESTS_VM_KMODCHECK_H
#define SYSCAP_TESTS_VM_KMODCHECK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include <syscap/schema.h>
#include <syscap/sc.h>
#include <syscap/flags.h>
#include <syscap/ring.h>
#include <syscap/ioctl.h>
#include <syscap/version.h>

#define KC_MAX_CPUS 64

struct kc_dev {
	int fd;
	struct scap_ring_info *info;
	uint8_t *data;
	uint32_t size;
};

struct kc_consumer {
	int ncpus;
	uint32_t size;
	struct kc_dev dev[KC_MAX_CPUS];
};

/* One parsed event: header fields and pointers to each parameter. */
struct kc_evt {
	const struct scap_evt_hdr *hdr;
	uint16_t type;
	uint64_t tid;
	uint32_t nparams;
	uint16_t len[SCAP_MAX_EVENT_PARAMS];
	const uint8_t *p[SCAP_MAX_EVENT_PARAMS];
	int cpu;
};

extern const char *kc_devprefix;
extern int kc_failures;

void kc_result(bool ok, const char *name, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void kc_skip(const char *name, const char *why);

/* consumer: open every device (offline CPUs give ENODEV and are skipped), map the rings */
int kc_open(struct kc_consumer *c, uint32_t bufsize);
void kc_close(struct kc_consumer *c);
int kc_ioctl_all(struct kc_consumer *c, unsigned long cmd, unsigned long arg);
int kc_enable_all_tps(struct kc_consumer *c);
void kc_discard(struct kc_consumer *c);

/* callback per event; return false to stop */
typedef bool (*kc_evt_fn)(const struct kc_evt *e, void *arg);
/* walk the unread events of every ring in timestamp order; consume them */
uint64_t kc_drain(struct kc_consumer *c, kc_evt_fn fn, void *arg);

int64_t kc_i64(const struct kc_evt *e, int i);
uint64_t kc_u64(const struct kc_evt *e, int i);
uint32_t kc_u32(const struct kc_evt *e, int i);
uint16_t kc_u16(const struct kc_evt *e, int i);
uint8_t kc_u8(const struct kc_evt *e, int i);
const char *kc_str(const struct kc_evt *e, int i);

/* collected events of one thread */
struct kc_list {
	int n;
	struct kc_evt *ev;
	uint8_t *copy; /* private copies: the rings are reused */
	size_t used, cap;
	pid_t tid; /* 0: any */
};
void kc_list_collect(struct kc_consumer *c, struct kc_list *l, pid_t tid);
void kc_list_free(struct kc_list *l);
/* the k-th (0-based) event of type in l, or NULL */
const struct kc_evt *kc_find(const struct kc_list *l, uint16_t type, int k);
int kc_count(const struct kc_list *l, uint16_t type);

#endif /* SYSCAP_TESTS_VM_KMODCHECK_H */
