/* SPDX-License-Identifier: Apache-2.0 */
/* libsinsp internals shared by the state, parser, field and output code. */
#ifndef SINSP_INT_H
#define SINSP_INT_H

#include <stdarg.h>
#include <stdint.h>

#include <scap/scap.h>
#include <scap/scap_state.h>
#include <syscap/event_table.h>
#include <syscap/flags.h>
#include <sinsp/filter.h>
#include <sinsp/sinsp.h>
#include <sinsp/state.h>

#define SINSP_MAX_FD (1u << 20) /* descriptors above this are not tracked */
#define SINSP_DEFAULT_MAX_THREADS 262144u

/* thread flags */
#define STH_EXITED (1u << 0) /* procexit seen: removed before the next event */

/* Open-addressing map tid -> thread. */
struct tmap {
	uint64_t cap, count; /* cap is a power of two */
	int64_t *keys;
	struct sinsp_thread **vals;
};

struct decoded {
	const struct scap_event_info *info;
	uint16_t type;
	uint32_t nparams;
	const uint8_t *val[SCAP_MAX_EVENT_PARAMS];
	uint32_t len[SCAP_MAX_EVENT_PARAMS];
};

struct sinsp_evt {
	const struct scap_evt_hdr *hdr;
	uint16_t type;
	uint16_t cpu;
	uint32_t flags;
	uint64_t num;
	struct decoded d;
	struct decoded enter; /* matching enter event of an old capture (enter.info NULL: none) */
	struct sinsp *h;
	struct sinsp_thread *th;
	struct sinsp_fd *fd;
	int64_t fdnum; /* descriptor the event uses, -1 none */
	struct sinsp_fd *closed; /* close: the entry removed; failed open: its file (fd -1); freed
				  * at the next event */
};

struct sinsp {
	struct scap *scap;
	struct tmap threads;
	uint32_t max_threads;
	struct sinsp_user *users;
	uint32_t n_users;
	struct sinsp_group *groups;
	uint32_t n_groups;
	uint32_t *local_v4; /* interface addresses (network order) */
	uint32_t n_local_v4;
	uint8_t (*local_v6)[16];
	uint32_t n_local_v6;
	struct sinsp_filter *filter;
	struct sinsp_evt evt;
	struct sinsp_thread *pending_exit; /* removed at the next event */
	struct sinsp_counters ctr;
	uint64_t boot_ts;
	char lasterr[256];
	/* scratch for field extraction */
	char fbuf[8192];
};

/* logging */
__attribute__((format(printf, 2, 3))) void sinsp_log(enum scap_log_level lvl, const char *fmt, ...);

/* thread map */
int tmap_init(struct tmap *m, uint64_t cap);
void tmap_free(struct tmap *m);
struct sinsp_thread *tmap_get(const struct tmap *m, int64_t tid);
int tmap_put(struct tmap *m, int64_t tid, struct sinsp_thread *t);
struct sinsp_thread *tmap_del(struct tmap *m, int64_t tid);

/* threads and descriptors (state.c) */
struct sinsp_thread *sinsp_thread_new(struct sinsp *h, int64_t tid);
void sinsp_thread_remove(struct sinsp *h, struct sinsp_thread *t);
void sinsp_thread_free(struct sinsp_thread *t);
struct sinsp_thread *sinsp_thread_main(const struct sinsp *h, const struct sinsp_thread *t);
const char *sinsp_thread_cwd(const struct sinsp *h, const struct sinsp_thread *t);
int sinsp_setstr(char **dst, const char *s, size_t len);
int sinsp_setbytes(char **dst, uint32_t *dlen, const void *b, size_t len);
void sinsp_container_id(struct sinsp_thread *t);
struct sinsp_fdtable *fdt_new(void);
struct sinsp_fdtable *fdt_clone(const struct sinsp_fdtable *src);
void fdt_put(struct sinsp_fdtable *t);
struct sinsp_fd *fdt_get(const struct sinsp_fdtable *t, int64_t fd);
struct sinsp_fd *fdt_add(struct sinsp_fdtable *t, int64_t fd); /* replaces an existing entry */
struct sinsp_fd *fdt_take(struct sinsp_fdtable *t, int64_t fd); /* unlinks, caller frees */
void sinsp_fd_free(struct sinsp_fd *f);
struct sinsp_fd *sinsp_fd_dup(const struct sinsp_fd *f);
int sinsp_load_state(struct sinsp *h, const struct scap_state *st);
/* parameter i of e as in evt.args: the value with its resolved part ("3(<f>/etc/passwd)") */
int sinsp_evt_param_text(struct sinsp *h, const struct sinsp_evt *e, int i, char *buf, size_t len);
void sinsp_free_state(struct sinsp *h);

int sinsp_ip_is_local(const struct sinsp *h, uint8_t family, const uint8_t *ip);

/* events (event.c) */
int sinsp_decode(const struct scap_evt_hdr *hdr, struct decoded *d);
int sinsp_param_idx(const struct decoded *d, const char *name);
int evt_get(const struct sinsp_evt *e, const char *name, const uint8_t **v, uint32_t *len);
int evt_get_int(const struct sinsp_evt *e, const char *name, int64_t *out);
int evt_get_fd(const struct sinsp_evt *e, int64_t *out); /* evt_get_int(e, "fd"), memoised */
int evt_get_res(const struct sinsp_evt *e, int64_t *out); /* evt_get_int(e, "res"), memoised */
const char *evt_get_str(const struct sinsp_evt *e, const char *name); /* NULL if absent/empty */
int64_t raw_int(const uint8_t *v, uint32_t len, int is_signed);

/* parsers (parsers.c) */
void sinsp_parse(struct sinsp *h, struct sinsp_evt *e);

/* names (fdnames.c) */
char sinsp_fd_typechar(const struct sinsp_fd *f);
char sinsp_fd_l4char(const struct sinsp_fd *f);
const char *sinsp_fd_typestr(const struct sinsp_fd *f);
size_t sinsp_fd_name(const struct sinsp_fd *f, char *buf, size_t len);
void sinsp_fd_refresh_name(struct sinsp_fd *f);
const char *sinsp_fd_ipname(struct sinsp_fd *f); /* renders a stale IP socket name */
size_t sinsp_ip_str(uint8_t family, const uint8_t *ip, char *buf, size_t len);

#endif
