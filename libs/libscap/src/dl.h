/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Loading an optional shared library on first use (libbpf for the bpf engine, zlib for gzip
 * data): dlopen() once per process, every function resolved or a message saying which is
 * missing. Each library's *_dl.c holds its function table and fills it through scap_dl_sym().
 */
#ifndef SCAP_DL_H
#define SCAP_DL_H

#include <pthread.h>
#include <stddef.h>

struct scap_dl {
	const char *soname; /* "libbpf.so.1" */
	const char *user; /* what needs it, for messages: "eBPF engine" */
	pthread_mutex_t lock;
	int tried;
	int rc; /* 0, -ELIBACC (cannot be loaded) or -ELIBBAD (lacks a function) */
	char err[256];
};

#define SCAP_DL_INIT(soname, user)                                    \
	{                                                             \
		(soname), (user), PTHREAD_MUTEX_INITIALIZER, 0, 0, "" \
	}

/* Called once with the loaded library: resolves every function with scap_dl_sym(). */
typedef void (*scap_dl_fill_fn)(struct scap_dl *d, void *lib);

/*
 * Loads d's library the first time (thread-safe; kept loaded for the life of the process) and
 * calls fill. Returns 0 or the negative errno of the first failure, with the message in err.
 */
int scap_dl_load(struct scap_dl *d, scap_dl_fill_fn fill, char *err, size_t errlen);

/* dlsym() for a fill function: NULL, with the failure recorded in d, when name is missing. */
void *scap_dl_sym(struct scap_dl *d, void *lib, const char *name);

#endif /* SCAP_DL_H */
