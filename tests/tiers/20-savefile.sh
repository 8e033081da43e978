#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# Tier 20: .scap capture files and the /proc scan; reading plain captures without zlib (root).
# cmocka suites (test_savefile_*: third-party
# samples with exact counts, round trip of every event type and of the state, old block layouts,
# truncation at every byte offset, gzip cuts, byte flips, /proc scan and HOST_ROOT) in the normal
# and the ASan+UBSan builds, then the two libFuzzer harnesses (reader, event decoder) for 60 s
# each in a clang build of their own (inputs that fail are kept in <fuzz build>/artifacts/). Budget: 6 minutes (about 4 here: ASan suites ~40 s, fuzz
# build ~60 s, fuzzing 120 s).
. "$(dirname "$0")/../lib/tier.sh"

src=${SYSCAP_SRC:-$(cd "$(dirname "$0")/../.." && pwd)}
build=${SYSCAP_BUILD:-$src/build}
fuzz_secs=${SYSCAP_FUZZ_SECONDS:-60}

tier_ctest "$build" -R '^test_savefile_'
if [ -d "${SYSCAP_BUILD_ASAN:-/nonexistent}" ]; then
	tier_ctest "$SYSCAP_BUILD_ASAN" -R '^test_savefile_'
else
	tier_fail "savefile: no sanitizer build (SYSCAP_BUILD_ASAN)"
fi

# libscap.so loads libz.so.1 only for gzip input/output (src/zlib_dl.c): with /dev/null mounted
# over libz in a private mount namespace, a plain capture still reads and a gzip one fails with
# a message naming the library.
no_zlib() {
	local lib tmp out rc
	lib=$(ldconfig -p | awk '/^[[:space:]]*libz\.so\.1 .*x86-64/ { print $NF; exit }')
	[ -n "$lib" ] || lib=$(ldconfig -p | awk '/^[[:space:]]*libz\.so\.1 / { print $NF; exit }')
	[ -n "$lib" ] || { echo "libz.so.1 not found by ldconfig -p"; return 1; }
	tmp=$(mktemp -d)
	"$build/bin/sinsp_gen_capture" "$tmp/c.scap" 2000 >/dev/null || { rm -rf "$tmp"; return 1; }
	gzip -c "$tmp/c.scap" >"$tmp/c.scap.gz"
	out=$(unshare -m sh -c 'mount --bind /dev/null "$1" || exit 9
		"$2" -r "$3/c.scap" evt.num=2005 || exit 10
		"$2" -r "$3/c.scap.gz" evt.num=2005' sh "$(readlink -f "$lib")" "$build/bin/syscap" \
		"$tmp" 2>&1)
	rc=$?
	rm -rf "$tmp"
	[ $rc -eq 1 ] || { echo "exit status $rc, not 1: $out"; return 1; }
	echo "$out" | grep -q '^2005 ' || { echo "plain capture not read: $out"; return 1; }
	echo "$out" | grep -q "gzip input/output needs libz.so.1: .*libz.so.1" ||
		{ echo "no clear message: $out"; return 1; }
}
if [ "$(id -u)" != 0 ]; then
	tier_skip "savefile: reading without libz.so.1 needs root (a private mount namespace)"
elif [ ! -x "$build/bin/sinsp_gen_capture" ] || [ ! -x "$build/bin/syscap" ]; then
	tier_fail "savefile: $build/bin/sinsp_gen_capture or syscap was not built"
else
	tier_check "savefile: plain captures read without libz.so.1, gzip ones name it" no_zlib
fi

# libFuzzer: a clang build with only the harnesses and the instrumented code they test.
fuzz_build=${SYSCAP_FUZZ_BUILD:-$build/fuzz-savefile}
if ! command -v clang >/dev/null 2>&1; then
	tier_skip "savefile fuzzers: clang not installed (scripts/deps/base.list)"
else
	mkdir -p "$fuzz_build"
	# tests/fuzz is also a project of its own: the fuzz build needs nothing else of the tree
	if CC=clang cmake -S "$src/tests/fuzz" -B "$fuzz_build" >"$fuzz_build/configure.log" 2>&1 &&
		cmake --build "$fuzz_build" -j 2 --target fuzz_scap_reader fuzz_scap_event \
			>"$fuzz_build/build.log" 2>&1; then
		for h in reader event; do
			work=$(mktemp -d)
			# a scratch copy: new inputs found here do not touch the committed seeds
			cp "$src/tests/fuzz/corpus/$h/"* "$work/"
			mkdir -p "$fuzz_build/artifacts"
			tier_check "fuzz_scap_$h ${fuzz_secs}s" timeout -k 10 $((fuzz_secs + 60)) \
				"$fuzz_build/bin/fuzz_scap_$h" -max_total_time="$fuzz_secs" -max_len=65536 \
				-timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
				-artifact_prefix="$fuzz_build/artifacts/$h-" "$work"
			rm -rf "$work"
		done
	else
		tail -n 30 "$fuzz_build/configure.log" "$fuzz_build/build.log"
		tier_fail "savefile fuzzers: clang build failed ($fuzz_build)"
	fi
fi
tier_end
