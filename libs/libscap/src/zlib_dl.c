/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Fills the zlib function table (zlib_dl.h). Built with SCAP_ZLIB_DLOPEN (the shared libscap):
 * from dlopen() when gzip input or output is first opened. Without it (the static libscap): from
 * the functions the program is linked with.
 */
#include <errno.h>
#include <stdio.h>

#include "zlib_dl.h"

#ifdef SCAP_ZLIB_DLOPEN

#include <dlfcn.h>
#include <pthread.h>

struct scap_zlib scap_zlib;

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
		snprintf(g_err, sizeof(g_err), "gzip input/output needs %s with %s(): %s",
			 SCAP_ZLIB_SONAME, name, why ? why : "not found");
		g_rc = -ELIBBAD;
	}
	return fn;
}

static void load_once(void)
{
	const char *why;
	void *lib;

	lib = dlopen(SCAP_ZLIB_SONAME, RTLD_NOW | RTLD_LOCAL);
	if (!lib) {
		why = dlerror();
		snprintf(g_err, sizeof(g_err), "gzip input/output needs %s: %s", SCAP_ZLIB_SONAME,
			 why ? why : "cannot load it");
		g_rc = -ELIBACC;
		return;
	}
#define SCAP_ZLIB_RESOLVE(fn) scap_zlib.fn = (__typeof__(scap_zlib.fn))resolve(lib, #fn);
	SCAP_ZLIB_FUNCS(SCAP_ZLIB_RESOLVE)
#undef SCAP_ZLIB_RESOLVE
	if (g_rc)
		dlclose(lib);
}

int scap_zlib_load(char *err, size_t errlen)
{
	pthread_once(&g_once, load_once);
	if (g_rc && err && errlen)
		snprintf(err, errlen, "%s", g_err);
	return g_rc;
}

#else /* !SCAP_ZLIB_DLOPEN */

struct scap_zlib scap_zlib = {
#define SCAP_ZLIB_LINKED(fn) .fn = fn,
	SCAP_ZLIB_FUNCS(SCAP_ZLIB_LINKED)
#undef SCAP_ZLIB_LINKED
};

int scap_zlib_load(char *err, size_t errlen)
{
	(void)err;
	(void)errlen;
	return 0;
}

#endif /* SCAP_ZLIB_DLOPEN */
