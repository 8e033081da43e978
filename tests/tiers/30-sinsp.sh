#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# Tier 30: libsinsp and the syscap CLI. Budget: 6 minutes (about 4 measured here).
#  - cmocka: condition compiler, state parsers over the libscap test engine, sample goldens
#    (normal and ASan+UBSan builds)
#  - shunit2: the CLI (captures, -p/-j/-w/-c, errors, sysdig 0.29.3 comparison, live bpf),
#    with the normal and the sanitizer binaries
#  - the example program built against the installed headers and libraries
#  - the `docs` target (Doxygen over the libscap and libsinsp public headers, warnings = errors)
#  - the condition compiler's libFuzzer harness for 60 s (clang build in its own directory)
src=${SYSCAP_SRC:?}
build=${SYSCAP_BUILD:?}
asan=${SYSCAP_BUILD_ASAN:-}
. "$src/tests/lib/tier.sh"

tier_ctest "$build" -R '^sinsp_'
if [ -n "$asan" ] && [ -x "$asan/bin/sinsp_parsers" ]; then
	tier_ctest "$asan" -R '^sinsp_'
else
	tier_skip "sinsp unit tests under ASan+UBSan: no sanitizer build at '$asan'"
fi

export SYSCAP_SAMPLES=${SYSCAP_SAMPLES:-$src/../shared/samples}
bpfobj=${SYSCAP_BPF_OBJECT:-$build/bpf/syscap.bpf.o}
SYSCAP_BUILD=$build SYSCAP_BPF_OBJECT=$bpfobj \
	tier_shunit2 "syscap CLI" bash "$src/tests/cli/test_cli.sh"
if [ -n "$asan" ] && [ -x "$asan/bin/syscap" ]; then
	SYSCAP_BUILD=$asan SYSCAP_BPF_OBJECT=$bpfobj SINSP_LIVE_CHILD=$build/bin/sinsp_live_child \
		tier_shunit2 "syscap CLI (ASan+UBSan)" bash "$src/tests/cli/test_cli.sh"
else
	tier_skip "syscap CLI under ASan+UBSan: no sanitizer build"
fi

example_check() {
	local d p out
	d=$(mktemp -d /tmp/sinsp-example.XXXXXX)
	DESTDIR=$d cmake --install "$build" >"$d/install.log" 2>&1 || {
		tail -20 "$d/install.log"
		rm -rf "$d"
		return 1
	}
	p=$(find "$d" -name libsinsp.pc | head -n 1)
	[ -n "$p" ] || { echo "libsinsp.pc not installed"; rm -rf "$d"; return 1; }
	# shellcheck disable=SC2046
	cc -Wall -Wextra -Werror -o "$d/sinsp_example" "$src/libs/libsinsp/examples/sinsp_example.c" \
		$(PKG_CONFIG_SYSROOT_DIR=$d PKG_CONFIG_PATH=$(dirname "$p") pkg-config --cflags --libs libsinsp) || {
		rm -rf "$d"
		return 1
	}
	if [ -r "$SYSCAP_SAMPLES/libs_curl_google.scap" ]; then
		out=$(LD_LIBRARY_PATH=$(dirname "$(dirname "$p")") "$d/sinsp_example" \
			"$SYSCAP_SAMPLES/libs_curl_google.scap" 'evt.type = connect and evt.dir = <' 2>&1)
		echo "$out"
		echo "$out" | grep -q '^1273 curl (17497) < connect fd=2600:1f18:262c:6542:9aa6:df7a:9a47:d29e:37140->2607:f8b0:4004:802::2004:80$' &&
			echo "$out" | grep -q '^1536 events, 4 matched' || { rm -rf "$d"; return 1; }
	fi
	rm -rf "$d"
}
tier_check "example program against the installed libsinsp" example_check

docs_check() {
	local log
	log=$(cmake --build "$build" --target docs 2>&1)
	local rc=$?
	echo "$log" | grep -iE 'warning|error' | head -20
	[ $rc -eq 0 ] && ! echo "$log" | grep -qiE 'warning:|error:'
}
if command -v doxygen >/dev/null; then
	tier_check "docs target (Doxygen, warning-free)" docs_check
else
	tier_skip "docs target: doxygen not installed"
fi

fuzz_check() {
	local fb="$build-sinsp-fuzz" corpus
	mkdir -p "$fb"
	CC=clang cmake -S "$src" -B "$fb" -DSYSCAP_BUILD_FUZZERS=ON -DSYSCAP_BUILD_TESTS=OFF \
		-DSYSCAP_BUILD_BPF=OFF -DSYSCAP_BUILD_LOADER=OFF -DSYSCAP_BUILD_CLI=OFF \
		-DCMAKE_BUILD_TYPE=RelWithDebInfo >"$fb/configure.log" 2>&1 || { tail -20 "$fb/configure.log"; return 1; }
	cmake --build "$fb" --target fuzz_sinsp_filter -j 2 >"$fb/build.log" 2>&1 || { tail -20 "$fb/build.log"; return 1; }
	corpus=$(mktemp -d /tmp/sinsp-fuzz.XXXXXX)
	cp "$src"/tests/fuzz-sinsp/corpus/* "$corpus"/
	"$fb/bin/fuzz_sinsp_filter" -max_total_time="${SINSP_FUZZ_SECONDS:-60}" -max_len=1024 \
		-timeout=10 -rss_limit_mb=1024 "$corpus" >"$fb/fuzz.log" 2>&1
	local rc=$?
	tail -3 "$fb/fuzz.log"
	rm -rf "$corpus"
	return $rc
}
if command -v clang >/dev/null; then
	tier_check "libFuzzer: condition compiler, ${SINSP_FUZZ_SECONDS:-60} s" fuzz_check
else
	tier_skip "condition compiler fuzzing: clang not installed"
fi

tier_end
