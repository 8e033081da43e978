/* SPDX-License-Identifier: Apache-2.0 */
#include <dlfcn.h>
#include <errno.h>
#include <stdio.h>

#include "dl.h"

void *scap_dl_sym(struct scap_dl *d, void *lib, const char *name)
{
	const char *why;
	void *fn;

	if (d->rc)
		return NULL;
	dlerror();
	fn = dlsym(lib, name);
	if (!fn) {
		why = dlerror();
		snprintf(d->err, sizeof(d->err), "%s needs %s with %s(): %s", d->user, d->soname,
			 name, why ? why : "not found");
		d->rc = -ELIBBAD;
	}
	return fn;
}

static void load(struct scap_dl *d, scap_dl_fill_fn fill)
{
	const char *why;
	void *lib;

	/* RTLD_LOCAL: the library's symbols stay out of the program's global namespace. */
	lib = dlopen(d->soname, RTLD_NOW | RTLD_LOCAL);
	if (!lib) {
		why = dlerror();
		snprintf(d->err, sizeof(d->err), "%s needs %s: %s", d->user, d->soname,
			 why ? why : "cannot load it");
		d->rc = -ELIBACC;
		return;
	}
	fill(d, lib);
	/* On success lib stays loaded for good (libbpf keeps its print callback between opens). */
	if (d->rc)
		dlclose(lib);
}

int scap_dl_load(struct scap_dl *d, scap_dl_fill_fn fill, char *err, size_t errlen)
{
	int rc;

	pthread_mutex_lock(&d->lock);
	if (!d->tried) {
		load(d, fill);
		d->tried = 1;
	}
	rc = d->rc;
	pthread_mutex_unlock(&d->lock);
	if (rc && err && errlen)
		snprintf(err, errlen, "%s", d->err);
	return rc;
}
