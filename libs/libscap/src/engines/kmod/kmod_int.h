/* SPDX-License-Identifier: Apache-2.0 */
/* The kmod engine's state: one mapped ring per device (per CPU). */
#ifndef SCAP_KMOD_INT_H
#define SCAP_KMOD_INT_H

#include <stdbool.h>
#include <stdint.h>

#include <syscap/ring.h>
#include <syscap/ioctl.h>
#include <syscap/sc.h>

struct kmod_dev {
	int fd; /* -1: CPU offline when we opened */
	struct scap_ring_info *info;
	const uint8_t *data; /* bufsize bytes mapped twice */
	uint32_t head; /* snapshot of info->head */
	uint32_t pos; /* next unread byte; published as tail once the snapshot is consumed */
};

struct kmod_engine {
	int ndevs;
	struct kmod_dev *devs;
	int ctl; /* fd used for consumer-wide ioctls */
	uint32_t bufsize;
	uint64_t api, schema;
	uint8_t sc_set[SCAP_SC_MAX];
	uint32_t tps; /* BIT(enum scap_kmod_tp) wanted while capturing */
	bool capturing;
	uint32_t idle_wait_us; /* next sleep on empty rings (kmod_ring.c) */
};

/*
 * kmod_ring.c: up to max events in timestamp order across the per-CPU rings into evt[] and
 * cpu[], all intact until the next call; how many, -EAGAIN after the idle sleep, or
 * -SCAP_ERR_CORRUPT with cpu[0] the CPU whose ring holds a malformed event. A batch ends where
 * the ring it took from runs out of its snapshot: the same order as one event per call.
 */
int kmod_ring_next(struct kmod_engine *e, const struct scap_evt_hdr **evt, uint16_t *cpu,
		   unsigned max);

#endif /* SCAP_KMOD_INT_H */
