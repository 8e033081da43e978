/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Fills the zlib function table (zlib_dl.h). Built with SCAP_ZLIB_DLOPEN (the shared libscap):
 * from dlopen() when gzip input or output is first opened. Without it (the static libscap): from
 * the functions the program is linked with.
 */
#include "zlib_dl.h"

#ifdef SCAP_ZLIB_DLOPEN

#include "dl.h"

struct scap_zlib scap_zlib;

static struct scap_dl g_dl = SCAP_DL_INIT(SCAP_ZLIB_SONAME, "gzip input/output");

static void fill(struct scap_dl *d, void *lib)
{
#define SCAP_ZLIB_RESOLVE(fn) scap_zlib.fn = (__typeof__(scap_zlib.fn))scap_dl_sym(d, lib, #fn);
	SCAP_ZLIB_FUNCS(SCAP_ZLIB_RESOLVE)
#undef SCAP_ZLIB_RESOLVE
}

int scap_zlib_load(char *err, size_t errlen)
{
	return scap_dl_load(&g_dl, fill, err, errlen);
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
