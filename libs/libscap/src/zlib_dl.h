/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The zlib functions libscap calls (gzip captures and pipes in the savefile reader, gzip output
 * in the dumper), reached through one table. The shared libscap fills it from dlopen("libz.so.1")
 * the first time gzip input or output is opened, so that reading a plain capture file or a live
 * engine never maps zlib; the static libscap fills it at link time.
 */
#ifndef SCAP_ZLIB_DL_H
#define SCAP_ZLIB_DL_H

#include <stddef.h>
#include <zlib.h>

#define SCAP_ZLIB_SONAME "libz.so.1"

/* X-macro: every zlib function libscap calls. */
#define SCAP_ZLIB_FUNCS(X) \
	X(gzdopen)         \
	X(gzbuffer)        \
	X(gzread)          \
	X(gzwrite)         \
	X(gzflush)         \
	X(gzerror)         \
	X(gzclose)

/* One member per function, named and typed as zlib.h declares it. */
struct scap_zlib {
#define SCAP_ZLIB_MEMBER(fn) __typeof__(fn) *fn;
	SCAP_ZLIB_FUNCS(SCAP_ZLIB_MEMBER)
#undef SCAP_ZLIB_MEMBER
};

/* Valid once scap_zlib_load() has returned 0; never changes afterwards. */
extern struct scap_zlib scap_zlib;

/*
 * Makes scap_zlib usable: loads libz.so.1 the first time (thread-safe, kept loaded for the life
 * of the process). Returns 0, or -ELIBACC (libz.so.1 cannot be loaded) / -ELIBBAD (it lacks a
 * function) with a message in err naming the library and dlerror()'s reason.
 */
int scap_zlib_load(char *err, size_t errlen);

#endif /* SCAP_ZLIB_DL_H */
