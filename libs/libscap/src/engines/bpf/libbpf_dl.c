/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Fills the libbpf function table (libbpf_dl.h). Built with SCAP_LIBBPF_DLOPEN (the shared
 * libscap): from dlopen() at the first bpf engine open, so that libscap.so does not need libbpf
 * (and, through it, libelf) to start. Without it (the static libscap): from the functions the
 * program is linked with.
 */
#include "libbpf_dl.h"

#ifdef SCAP_LIBBPF_DLOPEN

#include "dl.h"

struct scap_libbpf scap_libbpf;

static struct scap_dl g_dl = SCAP_DL_INIT(SCAP_LIBBPF_SONAME, "eBPF engine");

static void fill(struct scap_dl *d, void *lib)
{
#define SCAP_LIBBPF_RESOLVE(fn) \
	scap_libbpf.fn = (__typeof__(scap_libbpf.fn))scap_dl_sym(d, lib, #fn);
	SCAP_LIBBPF_FUNCS(SCAP_LIBBPF_RESOLVE)
#undef SCAP_LIBBPF_RESOLVE
}

int scap_libbpf_load(char *err, size_t errlen)
{
	return scap_dl_load(&g_dl, fill, err, errlen);
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
