#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# Tier 10: the schema, the libscap event API, the bpf ring merge and trace event ids, the kmod
# reader's idle backoff and the kmod engine's error paths, in the normal and the ASan+UBSan
# builds; what libscap.so links (libbpf and zlib are loaded only when a bpf engine or gzip data
# needs them).
. "$SYSCAP_SRC/tests/lib/tier.sh"

core='^(test_schema|schema_|test_event|test_ring|test_trace|test_kmod_ring|kmod_engine_test)'
tier_ctest "$SYSCAP_BUILD" -R "$core"
tier_ctest "$SYSCAP_BUILD_ASAN" -R "$core"

# libscap.so must not need libbpf (nor libelf, which libbpf brings) or zlib: its bpf engine
# dlopen()s libbpf.so.1 (src/engines/bpf/libbpf_dl.c) and gzip input/output libz.so.1
# (src/zlib_dl.c), so that reading a plain capture or using the kernel module never maps them.
# libsinsp.so and syscap must not bring them in either.
no_libbpf_needed() { # build dir
	local b=$1 f needed
	grep -q 'SCAP_ENGINE(bpf)' "$b/libs/libscap/gen/engine_list.def" ||
		{ echo "the bpf engine is not built in $b"; return 1; }
	grep -aq 'libbpf\.so\.1' "$b/lib/libscap.so" ||
		{ echo "$b/lib/libscap.so does not name libbpf.so.1 (no dlopen?)"; return 1; }
	grep -aq 'libz\.so\.1' "$b/lib/libscap.so" ||
		{ echo "$b/lib/libscap.so does not name libz.so.1 (no dlopen?)"; return 1; }
	for f in "$b/lib/libscap.so" "$b/lib/libsinsp.so" "$b/bin/syscap"; do
		[ -e "$f" ] || { echo "$f was not built"; return 1; }
		needed=$(readelf -d "$f" | grep '(NEEDED)') || { echo "readelf -d $f failed"; return 1; }
		if printf '%s\n' "$needed" | grep -E 'libbpf|libelf|libz\.'; then
			echo "$f: DT_NEEDED names libbpf/libelf/zlib"
			return 1
		fi
	done
	if ldd "$b/bin/syscap" | grep -E 'libbpf|libelf|libz\.'; then
		echo "$b/bin/syscap loads libbpf/libelf/zlib at startup"
		return 1
	fi
}
tier_check "libscap.so, libsinsp.so and syscap do not link libbpf/libelf/zlib (normal build)" \
	no_libbpf_needed "$SYSCAP_BUILD"
tier_check "libscap.so, libsinsp.so and syscap do not link libbpf/libelf/zlib (ASan+UBSan build)" \
	no_libbpf_needed "$SYSCAP_BUILD_ASAN"

# The userspace sources (libraries, CLI, loader) are kept as .clang-format formats them. The kernel
# module and the probe follow kernel style by hand (the formatter mangles their tables and macros).
userspace_formatted() {
	local f bad=
	command -v clang-format-14 >/dev/null || { echo "clang-format-14 missing (scripts/deps)"; return 1; }
	for f in $(git -C "$SYSCAP_SRC" ls-files 'libs/*.[ch]' 'cli/*.[ch]' 'driver-loader/*.[ch]'); do
		clang-format-14 --dry-run --Werror "$SYSCAP_SRC/$f" 2>/dev/null || bad="$bad $f"
	done
	[ -z "$bad" ] || { echo "not clang-formatted:$bad"; return 1; }
}
tier_check "libs/, cli/ and driver-loader/ sources are clang-formatted" userspace_formatted
tier_end
