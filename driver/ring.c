// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * Per-CPU ring memory. The data pages are vmap()ed twice back to back, so the writer can put an
 * event at any offset and let it run past the end: the bytes land at the start of the buffer,
 * exactly as the reader sees them through its own double mapping.
 */
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>
#include <linux/gfp.h>

#include "syscap.h"

void sc_ring_free(struct sc_ring *ring)
{
	unsigned int i;

	if (!ring)
		return;
	if (ring->data)
		vunmap(ring->data);
	if (ring->pages) {
		for (i = 0; i < ring->npages; i++)
			if (ring->pages[i])
				__free_page(ring->pages[i]);
		kvfree(ring->pages);
	}
	if (ring->info_page)
		__free_page(ring->info_page);
	kfree(ring->scratch);
	kfree(ring);
}

struct sc_ring *sc_ring_alloc(u32 size, int cpu)
{
	int node = cpu_to_node(cpu);
	struct page **twice;
	struct sc_ring *ring;
	unsigned int i;

	ring = kzalloc_node(sizeof(*ring), GFP_KERNEL, node);
	if (!ring)
		return NULL;
	ring->size = size;
	ring->npages = size >> PAGE_SHIFT;
	ring->scratch = kmalloc_node(SC_SCRATCH_SIZE, GFP_KERNEL, node);
	ring->info_page = alloc_pages_node(node, GFP_KERNEL | __GFP_ZERO, 0);
	ring->pages = kvcalloc(ring->npages, sizeof(*ring->pages), GFP_KERNEL);
	if (!ring->scratch || !ring->info_page || !ring->pages)
		goto fail;
	ring->info = page_address(ring->info_page);
	for (i = 0; i < ring->npages; i++) {
		ring->pages[i] = alloc_pages_node(node, GFP_KERNEL | __GFP_ZERO, 0);
		if (!ring->pages[i])
			goto fail;
	}
	twice = kvmalloc_array(2 * ring->npages, sizeof(*twice), GFP_KERNEL);
	if (!twice)
		goto fail;
	for (i = 0; i < ring->npages; i++) {
		twice[i] = ring->pages[i];
		twice[i + ring->npages] = ring->pages[i];
	}
	ring->data = vmap(twice, 2 * ring->npages, VM_MAP, PAGE_KERNEL);
	kvfree(twice);
	if (!ring->data)
		goto fail;
	return ring;
fail:
	sc_ring_free(ring);
	return NULL;
}
