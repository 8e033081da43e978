/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The libbpf functions the bpf engine calls, reached through one table. The shared libscap fills
 * it from dlopen("libbpf.so.1") when a bpf engine is first opened, so that programs which read
 * captures or use the kernel module never map libbpf and libelf; the static libscap, whose users
 * may run where no shared libbpf exists (the VM tests' initramfs), fills it at link time.
 */
#ifndef SCAP_LIBBPF_DL_H
#define SCAP_LIBBPF_DL_H

#include <stddef.h>

#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>

#define SCAP_LIBBPF_SONAME "libbpf.so.1"

/* X-macro: every libbpf function bpf_probe.c calls. The static inline helpers (btf_vlen() ...)
 * are not in the list: they read the structures only. */
#define SCAP_LIBBPF_FUNCS(X)                  \
	X(libbpf_set_print)                   \
	X(libbpf_num_possible_cpus)           \
	X(libbpf_probe_bpf_helper)            \
	X(libbpf_find_vmlinux_btf_id)         \
	X(bpf_object__open_file)              \
	X(bpf_object__load)                   \
	X(bpf_object__close)                  \
	X(bpf_object__btf)                    \
	X(bpf_object__next_map)               \
	X(bpf_object__next_program)           \
	X(bpf_object__find_map_by_name)       \
	X(bpf_object__find_map_fd_by_name)    \
	X(bpf_object__find_program_by_name)   \
	X(bpf_map__name)                      \
	X(bpf_map__fd)                        \
	X(bpf_map__is_internal)               \
	X(bpf_map__initial_value)             \
	X(bpf_map__set_initial_value)         \
	X(bpf_map__set_max_entries)           \
	X(bpf_map__set_value_size)            \
	X(bpf_map__set_inner_map_fd)          \
	X(bpf_program__name)                  \
	X(bpf_program__section_name)          \
	X(bpf_program__fd)                    \
	X(bpf_program__set_autoload)          \
	X(bpf_program__attach)                \
	X(bpf_program__attach_raw_tracepoint) \
	X(bpf_program__attach_perf_event)     \
	X(bpf_link__destroy)                  \
	X(bpf_map_create)                     \
	X(bpf_map_lookup_elem)                \
	X(bpf_map_update_elem)                \
	X(bpf_obj_get_info_by_fd)             \
	X(btf__find_by_name_kind)             \
	X(btf__type_by_id)                    \
	X(btf__name_by_offset)

/* One member per function, named and typed as libbpf declares it. */
struct scap_libbpf {
#define SCAP_LIBBPF_MEMBER(fn) __typeof__(fn) *fn;
	SCAP_LIBBPF_FUNCS(SCAP_LIBBPF_MEMBER)
#undef SCAP_LIBBPF_MEMBER
};

/* Valid once scap_libbpf_load() has returned 0; never changes afterwards. */
extern struct scap_libbpf scap_libbpf;

/*
 * Makes scap_libbpf usable: loads libbpf.so.1 the first time (thread-safe, kept loaded for the
 * life of the process). Returns 0, or -ELIBACC (libbpf.so.1 cannot be loaded) / -ELIBBAD (it
 * lacks a function) with a message in err naming the library and dlerror()'s reason.
 */
int scap_libbpf_load(char *err, size_t errlen);

#endif /* SCAP_LIBBPF_DL_H */
