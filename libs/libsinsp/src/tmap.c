/* SPDX-License-Identifier: Apache-2.0 */
/* tid -> thread map: linear probing with backward-shift deletion, so lookups never walk
 * tombstones no matter how many threads came and went. */
#include <errno.h>
#include <stdlib.h>

#include "sinsp_int.h"

#define EMPTY INT64_MIN

static uint64_t slot(const struct tmap *m, int64_t k)
{
	uint64_t x = (uint64_t)k * 0x9E3779B97F4A7C15ull;

	return (x ^ (x >> 29)) & (m->cap - 1);
}

int tmap_init(struct tmap *m, uint64_t cap)
{
	uint64_t i;

	m->cap = cap;
	m->count = 0;
	m->keys = malloc(cap * sizeof(*m->keys));
	m->vals = calloc(cap, sizeof(*m->vals));
	if (!m->keys || !m->vals) {
		free(m->keys);
		free(m->vals);
		m->keys = NULL;
		m->vals = NULL;
		return -ENOMEM;
	}
	for (i = 0; i < cap; i++)
		m->keys[i] = EMPTY;
	return 0;
}

void tmap_free(struct tmap *m)
{
	free(m->keys);
	free(m->vals);
	m->keys = NULL;
	m->vals = NULL;
	m->cap = m->count = 0;
}

struct sinsp_thread *tmap_get(const struct tmap *m, int64_t k)
{
	uint64_t i;

	if (!m->cap)
		return NULL;
	for (i = slot(m, k);; i = (i + 1) & (m->cap - 1)) {
		if (m->keys[i] == k)
			return m->vals[i];
		if (m->keys[i] == EMPTY)
			return NULL;
	}
}

static int grow(struct tmap *m)
{
	struct tmap n;
	uint64_t i;

	if (tmap_init(&n, m->cap * 2))
		return -ENOMEM;
	for (i = 0; i < m->cap; i++)
		if (m->keys[i] != EMPTY)
			tmap_put(&n, m->keys[i], m->vals[i]);
	tmap_free(m);
	*m = n;
	return 0;
}

int tmap_put(struct tmap *m, int64_t k, struct sinsp_thread *t)
{
	uint64_t i;

	if ((m->count + 1) * 4 > m->cap * 3 && grow(m))
		return -ENOMEM;
	for (i = slot(m, k);; i = (i + 1) & (m->cap - 1)) {
		if (m->keys[i] == k) {
			m->vals[i] = t;
			return 0;
		}
		if (m->keys[i] == EMPTY) {
			m->keys[i] = k;
			m->vals[i] = t;
			m->count++;
			return 0;
		}
	}
}

struct sinsp_thread *tmap_del(struct tmap *m, int64_t k)
{
	uint64_t i, j, h;
	struct sinsp_thread *t;

	if (!m->cap)
		return NULL;
	for (i = slot(m, k);; i = (i + 1) & (m->cap - 1)) {
		if (m->keys[i] == EMPTY)
			return NULL;
		if (m->keys[i] == k)
			break;
	}
	t = m->vals[i];
	m->count--;
	/* shift later members of the cluster back so no probe chain is broken */
	for (j = (i + 1) & (m->cap - 1); m->keys[j] != EMPTY; j = (j + 1) & (m->cap - 1)) {
		h = slot(m, m->keys[j]);
		if ((j > i && (h <= i || h > j)) || (j < i && (h <= i && h > j))) {
			m->keys[i] = m->keys[j];
			m->vals[i] = m->vals[j];
			i = j;
		}
	}
	m->keys[i] = EMPTY;
	m->vals[i] = NULL;
	return t;
}
