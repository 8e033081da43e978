/* SPDX-License-Identifier: Apache-2.0 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "harness.h"

char g_fail[512];

static uint64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000ull + ts.tv_nsec / 1000000;
}

static int keep(struct captured *c, const struct scap_evt_hdr *e)
{
	struct scap_evt_hdr *copy;

	if (c->n == c->cap) {
		size_t ncap = c->cap ? 2 * c->cap : 256;
		struct scap_evt_hdr **n = realloc(c->evts, ncap * sizeof(*n));

		if (!n)
			return -ENOMEM;
		c->evts = n;
		c->cap = ncap;
	}
	copy = malloc(e->len);
	if (!copy)
		return -ENOMEM;
	memcpy(copy, e, e->len);
	c->evts[c->n++] = copy;
	return 0;
}

static bool ours(const struct shared *sh, int64_t pid, uint64_t tid)
{
	if ((int64_t)tid == pid)
		return true;
	for (int i = 0; i < SHARED_TIDS; i++)
		if (sh->tids[i] && sh->tids[i] == (int64_t)tid)
			return true;
	return false;
}

int run_child(struct scap *h, child_fn fn, struct shared *sh, struct captured *out)
{
	const struct scap_evt_hdr *e;
	int go[2], status, rc = -ETIMEDOUT;
	struct captured all = { 0 };
	uint64_t deadline;
	pid_t pid;
	char b = 0;

	memset(out, 0, sizeof(*out));
	if (pipe(go))
		return -errno;
	pid = fork();
	if (pid < 0)
		return -errno;
	if (pid == 0) {
		close(go[1]);
		if (read(go[0], &b, 1) != 1)
			_exit(100);
		close(go[0]);
		fn(sh);
		_exit(0);
	}
	close(go[0]);
	/* drop what was queued before the child starts (bounded: the system never stops) */
	deadline = now_ms() + 200;
	while (now_ms() < deadline && scap_next(h, &e, NULL, NULL) == 0)
		;
	if (write(go[1], &b, 1) != 1) {
		close(go[1]);
		return -EIO;
	}
	close(go[1]);
	deadline = now_ms() + 5000;
	while (now_ms() < deadline) {
		int r = scap_next(h, &e, NULL, NULL);

		if (r == -EAGAIN)
			continue;
		if (r)
			break;
		/* keep everything for now: the child may report a new tid after that tid's
		 * first events were already read */
		if (keep(&all, e))
			break;
		/* Events come in timestamp order and the child's (and the children it waited for)
		 * were all written before its exit: nothing of the test can follow. */
		if (e->type == SCAP_EVT_PROCEXIT_1_E && (int64_t)e->tid == pid) {
			rc = 0;
			break;
		}
	}
	/* A child blocked for good must fail its test, not hang the suite (and a VM boot): it gets
	 * 5 s more to exit, then SIGKILL. */
	deadline = now_ms() + 5000;
	while (waitpid(pid, &status, WNOHANG) == 0) {
		if (now_ms() >= deadline) {
			kill(pid, SIGKILL);
			waitpid(pid, &status, 0);
			rc = -ETIMEDOUT;
			break;
		}
		usleep(10000);
	}
	for (size_t i = 0; i < all.n; i++) {
		if (ours(sh, pid, all.evts[i]->tid) && !keep(out, all.evts[i]))
			continue;
	}
	captured_free(&all);
	return rc;
}

void captured_free(struct captured *c)
{
	for (size_t i = 0; i < c->n; i++)
		free(c->evts[i]);
	free(c->evts);
	memset(c, 0, sizeof(*c));
}

const struct scap_evt_hdr *find_evt(const struct captured *c, uint16_t type, int64_t tid, int n)
{
	for (size_t i = 0; i < c->n; i++) {
		const struct scap_evt_hdr *e = c->evts[i];

		if (e->type != type || (tid && (int64_t)e->tid != tid))
			continue;
		if (n-- == 0)
			return e;
	}
	return NULL;
}

static struct scap_param param(const struct scap_evt_hdr *e, unsigned i)
{
	struct scap_param p[SCAP_MAX_EVENT_PARAMS];
	struct scap_param none = { NULL, 0 };
	int n = scap_event_params(e, p, SCAP_MAX_EVENT_PARAMS);

	if (n < 0 || i >= (unsigned)n || i >= SCAP_MAX_EVENT_PARAMS) {
		if (!g_fail[0])
			snprintf(g_fail, sizeof(g_fail), "event %u has no parameter %u", e->type, i);
		return none;
	}
	return p[i];
}

static uint8_t ptype(const struct scap_evt_hdr *e, unsigned i)
{
	const struct scap_event_info *info = scap_event_get_info(e->type);

	return info && i < info->nparams ? info->params[i].type : SCAP_PT_NONE;
}

int64_t ps64(const struct scap_evt_hdr *e, unsigned i)
{
	struct scap_param p = param(e, i);
	int64_t v = 0;
	int rc = scap_param_s64(&p, ptype(e, i), &v);

	if (rc && !g_fail[0])
		snprintf(g_fail, sizeof(g_fail), "event %u param %u: not an integer (len %u, rc %d)",
			 e->type, i, p.len, rc);
	return v;
}

uint64_t pu64(const struct scap_evt_hdr *e, unsigned i)
{
	struct scap_param p = param(e, i);
	uint64_t v = 0;
	int rc = scap_param_u64(&p, ptype(e, i), &v);

	if (rc && !g_fail[0])
		snprintf(g_fail, sizeof(g_fail), "event %u param %u: not an integer (len %u, rc %d)",
			 e->type, i, p.len, rc);
	return v;
}

const char *pstr(const struct scap_evt_hdr *e, unsigned i)
{
	struct scap_param p = param(e, i);

	if (!p.len)
		return "";
	if (((const char *)p.data)[p.len - 1] != 0) {
		if (!g_fail[0])
			snprintf(g_fail, sizeof(g_fail), "event %u param %u: not NUL-terminated",
				 e->type, i);
		return "";
	}
	return p.data;
}

uint32_t plen(const struct scap_evt_hdr *e, unsigned i)
{
	return param(e, i).len;
}

const uint8_t *pdata(const struct scap_evt_hdr *e, unsigned i)
{
	return param(e, i).data;
}
