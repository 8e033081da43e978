/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * Kernel module ring ABI: the per-CPU ring-info page that every /dev/<name><cpu> maps read-write,
 * and the rules for the data buffer that follows it. Byte-compatible with the falcosecurity kmod
 * (struct ppm_ring_buffer_info); the field order is the contract, do not reorder.
 *
 * Mapping protocol (one device per possible CPU):
 *   mmap(len <= page size, PROT_READ|PROT_WRITE, MAP_SHARED, off 0)  -> struct scap_ring_info
 *   mmap(len == 2 * bytes_dim, PROT_READ, MAP_SHARED, off 0)        -> the data buffer, mapped
 *        twice back to back so a reader never has to handle the wrap.
 * The kernel advances head after the event bytes are visible; the reader advances tail.
 * One byte always stays free, so head == tail means empty.
 */
#ifndef SYSCAP_UAPI_RING_H
#define SYSCAP_UAPI_RING_H

#include <syscap/types.h>

/* Default size of each per-CPU data buffer (module parameter g_buffer_bytes_dim). */
#define SCAP_RING_DEFAULT_BYTES (8UL * 1024 * 1024)

struct scap_ring_info {
	volatile __u32 head; /* written by the kernel */
	volatile __u32 tail; /* written by the reader */
	volatile __u64 n_evts; /* events the driver tried to store (stored + dropped) */
	volatile __u64 n_drops_buffer; /* all drops because the buffer was full */
	/* the same drops split by syscall family; not every event belongs to one */
	volatile __u64 n_drops_buffer_clone_fork_exit;
	volatile __u64 n_drops_buffer_execve_exit;
	volatile __u64 n_drops_buffer_connect_enter;
	volatile __u64 n_drops_buffer_connect_exit;
	volatile __u64 n_drops_buffer_open_enter;
	volatile __u64 n_drops_buffer_open_exit;
	volatile __u64 n_drops_buffer_dir_file_exit;
	volatile __u64 n_drops_buffer_other_interest_exit;
	volatile __u64 n_drops_buffer_close_exit;
	volatile __u64 n_drops_buffer_proc_exit;
	volatile __u64 n_drops_pf; /* events lost to unreadable user memory */
	volatile __u64 n_preemptions; /* events lost to re-entrancy on the same CPU */
	volatile __u64 n_context_switches; /* sched_switch hits */
};

/* A valid buffer size: a power of two, a whole number of pages, more than two pages. */
static inline int scap_ring_bytes_valid(unsigned long bytes, unsigned long page_size)
{
	return bytes > 2 * page_size && bytes % page_size == 0 && (bytes & (bytes - 1)) == 0;
}

/* Bytes the writer may still use, keeping one byte free. */
static inline __u32 scap_ring_free(__u32 head, __u32 tail, __u32 bytes)
{
	return tail > head ? tail - head - 1 : bytes + tail - head - 1;
}

/* Bytes waiting for the reader. */
static inline __u32 scap_ring_used(__u32 head, __u32 tail, __u32 bytes)
{
	return head >= tail ? head - tail : bytes - tail + head;
}

#endif /* SYSCAP_UAPI_RING_H */
