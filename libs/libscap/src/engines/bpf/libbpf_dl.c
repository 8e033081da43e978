/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Fills the libbpf function table (libbpf_dl.h). Built with SCAP_LIBBPF_DLOPEN (the shared
 * libscap): from dlopen() at the first bpf engine open, so that libscap.so does not need libbpf
 * (and, through it, libelf) to start. Without it (the static libscap): from the functions the
 * program is linked with.
 */
#include <errno.h>
#include <stdio.h>

#include "libbpf_dl.h"

#ifdef SCAP_LIBBPF_DLOPEN

#include <dlfcn.h>
#include <pthread.h>

struct scap_libbpf scap_libbpf;

static pthread_once_t g_once = PTHREAD_ONCE_INIT;
static int g_rc;
static char g_err[256];

/* dlsym() for load_once(): NULL after an earlier failure, or with the failure recorded. */
static void *resolve(void *lib, const char *name)
{
	const char *why;
	void *fn;

	if (g_rc)
		return NULL;
	dlerror();
	fn = dlsym(lib, name);
	if (!fn) {
		why = dlerror();
		snprintf(g_err, sizeof(g_err), "eBPF engine needs %s with %s(): %s",
			 SCAP_LIBBPF_SONAME, name, why ? why : "not found");
		g_rc = -ELIBBAD;
	}
	return fn;
}

static void load_once(void)
{
	const char *why;
	void *lib;

	/* RTLD_LOCAL: libbpf's symbols stay out of the program's global namespace. */
	lib = dlopen(SCAP_LIBBPF_SONAME, RTLD_NOW | RTLD_LOCAL);
	if (!lib) {
		why = dlerror();
		snprintf(g_err, sizeof(g_err), "eBPF engine needs %s: %s", SCAP_LIBBPF_SONAME,
			 why ? why : "cannot load it");
		g_rc = -ELIBACC;
		return;
	}
#define SCAP_LIBBPF_RESOLVE(fn) scap_libbpf.fn = (__typeof__(scap_libbpf.fn))resolve(lib, #fn);
	SCAP_LIBBPF_FUNCS(SCAP_LIBBPF_RESOLVE)
#undef SCAP_LIBBPF_RESOLVE
	/* On success lib stays loaded for good: libbpf keeps its print callback between opens. */
	if (g_rc)
		dlclose(lib);
}

int scap_libbpf_load(char *err, size_t errlen)
{
	pthread_once(&g_once, load_once);
	if (g_rc && err && errlen)
		snprintf(err, errlen, "%s", g_err);
	return g_rc;
}

#else /* !SCAP_LIBBPF_DLOPEN */

struct scap_libbpf scap_libbpf = {
#define SCAP_LIBBPF_LINKED(fn) .fn = fn,
	SCAP_LIBBPF_FUNCS(SCAP_LIBBPF_LINKED)
#undef SCAP_LIBBPF_LINKED
};

int scap_libbpf_load(char *err, size_t errlen)
{
	(void)err;
	(void)errlen;
	return 0;
}

#endif /* SCAP_LIBBPF_DLOPEN */
