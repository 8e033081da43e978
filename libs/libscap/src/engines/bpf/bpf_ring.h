/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Reading the probe's rings: BPF ring buffers (BPF_MAP_TYPE_RINGBUF, one per CPU or group of
 * CPUs) or CPU rings (one per CPU in an mmapable array, syscap/bpf_maps.h), merged by event
 * timestamp into batches. Records are handed out in place; their space goes
 * back to the kernel only when the caller asks for the next batch. Plain memory operations, no
 * libbpf, so the merge is unit-tested on rings built in ordinary memory.
 */
#ifndef SCAP_BPF_RING_H
#define SCAP_BPF_RING_H

#include <stddef.h>
#include <stdint.h>

struct scap_evt_hdr;

/* Record header flags and size, as linux/bpf.h defines them. */
#define BPF_RING_BUSY (1u << 31)
#define BPF_RING_DISCARD (1u << 30)
#define BPF_RING_HDR 8

struct bpf_ring {
	int fd;
	int cpu_ring; /* a CPU ring: no record headers, published means complete */
	uint16_t cpu; /* first CPU of the ring, reported with its events */
	size_t size; /* data bytes, a power of two */
	uint64_t mask;
	unsigned long *consumer_pos; /* consumer page (RW) */
	unsigned long *producer_pos; /* producer page (RO), data follows twice; CPU ring: once */
	uint8_t *data;
	uint64_t cons; /* next record not handed out */
	uint64_t released; /* last position stored to *consumer_pos */
	uint64_t prod; /* last producer position read */
	const uint8_t *head; /* peeked event, NULL if none */
	uint64_t head_next; /* consumer position after the peeked event */
	uint64_t head_ts; /* CPU rings: UINT64_MAX while head is NULL */
	int dry; /* found empty in this batch: not looked at again until the next */
};

/* Start reading at the consumer position the kernel has. */
void bpf_ring_init(struct bpf_ring *r);

/*
 * The caller is done with the previous batch: store each ring's position, once per ring and
 * batch rather than per event (the producer reads that line on every reserve).
 */
void bpf_rings_release(struct bpf_ring *rings, unsigned n);

/* Look at rings found empty again (after a wakeup). */
void bpf_rings_rewet(struct bpf_ring *rings, unsigned n);

/*
 * Up to max committed events in timestamp order into evt[] and cpu[]; how many. Discarded and
 * malformed (shorter than an event header) records are skipped. A ring whose next record is
 * still being written stops there for this batch.
 */
unsigned bpf_rings_merge(struct bpf_ring *rings, unsigned n, const struct scap_evt_hdr **evt,
			 uint16_t *cpu, unsigned max);

#endif /* SCAP_BPF_RING_H */
