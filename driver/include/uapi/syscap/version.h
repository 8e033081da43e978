/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * Interface versions this tree implements. They must equal driver/API_VERSION and
 * driver/SCHEMA_VERSION (a test checks it); README.VERSION.md says when to bump which number.
 *   API:    the kernel<->userspace interface (ioctls, ring layout, BPF maps).
 *   SCHEMA: the event table (events.def).
 */
#ifndef SYSCAP_UAPI_VERSION_H
#define SYSCAP_UAPI_VERSION_H

#define SCAP_API_VERSION_MAJOR 10
#define SCAP_API_VERSION_MINOR 1
#define SCAP_API_VERSION_PATCH 0

#define SCAP_SCHEMA_VERSION_MAJOR 4
#define SCAP_SCHEMA_VERSION_MINOR 5
#define SCAP_SCHEMA_VERSION_PATCH 1

/* Versions travel as one u64: major in 19 bits, minor in 20, patch in 24 (the reference packing). */
#define SCAP_VERSION_PACK(maj, min, pat)                                                       \
	((((unsigned long long)(maj) & 0x7ffffULL) << 44) |                                      \
	 (((unsigned long long)(min) & 0xfffffULL) << 24) | ((unsigned long long)(pat) & 0xffffffULL))
#define SCAP_VERSION_MAJOR(v) (((unsigned long long)(v) >> 44) & 0x7ffff)
#define SCAP_VERSION_MINOR(v) (((unsigned long long)(v) >> 24) & 0xfffff)
#define SCAP_VERSION_PATCH(v) ((unsigned long long)(v) & 0xffffff)

#define SCAP_API_VERSION                                                                       \
	SCAP_VERSION_PACK(SCAP_API_VERSION_MAJOR, SCAP_API_VERSION_MINOR, SCAP_API_VERSION_PATCH)
#define SCAP_SCHEMA_VERSION                                                                    \
	SCAP_VERSION_PACK(SCAP_SCHEMA_VERSION_MAJOR, SCAP_SCHEMA_VERSION_MINOR,                \
			  SCAP_SCHEMA_VERSION_PATCH)

/*
 * A consumer requiring version `req` accepts a driver reporting `have` when the majors are equal
 * and have's minor.patch is at least req's. The packing keeps minor.patch ordered as an integer.
 */
#define SCAP_VERSION_COMPATIBLE(have, req)                                                      \
	(SCAP_VERSION_MAJOR(have) == SCAP_VERSION_MAJOR(req) &&                                  \
	 ((unsigned long long)(have) & 0xfffffffffffULL) >=                                      \
		 ((unsigned long long)(req) & 0xfffffffffffULL))

#endif /* SYSCAP_UAPI_VERSION_H */
