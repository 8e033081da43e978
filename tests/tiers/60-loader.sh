#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# Tier 60: syscap-driver-loader. Detection table (fake host roots, >= 30 real uname/os-release
# combinations), downloads against a loopback HTTP server (tests/loader/httpd.py, started and
# stopped by the suite), command line/settings/install decisions, and the live bpf choice on
# this host (the probe object load check uses $SYSCAP_BUILD/bpf/syscap.bpf.o when it exists), and
# a qemu VM with Debian's 6.1 kernel where the loader installs, reports and unloads the module.
# Budget: 5 minutes; 120-140 s here, VM included (measured 139 s without and 120 s with the ASan
# suites on 2 shared cores).
. "$(dirname "$0")/../lib/tier.sh"

src=${SYSCAP_SRC:-$(cd "$(dirname "$0")/../.." && pwd)}
export SYSCAP_SRC=$src SYSCAP_BUILD=${SYSCAP_BUILD:-$src/build}
loader=$SYSCAP_BUILD/bin/syscap-driver-loader
missing=
for tool in python3 openssl man; do
	command -v "$tool" >/dev/null 2>&1 || missing="$missing $tool"
done
[ -r /usr/bin/shunit2 ] || missing="$missing shunit2"
if [ ! -x "$loader" ]; then
	tier_fail "loader: $loader was not built"
elif [ -n "$missing" ]; then
	tier_fail "loader: tools missing:$missing (scripts/deps/loader.list)"
else
	tier_ctest "$SYSCAP_BUILD" -R '^test_loader_'
	if [ -d "${SYSCAP_BUILD_ASAN:-/nonexistent}" ]; then
		tier_ctest "$SYSCAP_BUILD_ASAN" -R '^test_loader_'
	fi
	for suite in test_detection test_download test_cli; do
		tier_shunit2 "loader $suite" timeout -k 10 150 bash "$src/tests/loader/$suite.sh"
	done
	# the same suites with the ASan+UBSan binary (memory errors, leaks on every exit path)
	if [ -x "${SYSCAP_BUILD_ASAN:-/nonexistent}/bin/syscap-driver-loader" ]; then
		for suite in test_detection test_download test_cli; do
			LOADER=$SYSCAP_BUILD_ASAN/bin/syscap-driver-loader \
				tier_shunit2 "loader $suite (ASan)" timeout -k 10 150 bash "$src/tests/loader/$suite.sh"
		done
	fi
	# qemu VM with Debian's 6.1 kernel: install from a mirror, status, unload, load from the cache
	if [ "$(id -u)" -ne 0 ]; then
		tier_skip "loader VM: needs root (module build against installed headers, apt)"
	else
		vmlog=$(mktemp)
		timeout -k 10 240 bash "$src/tests/loader/vm-loader.sh" "$SYSCAP_BUILD/loader-vm" >"$vmlog" 2>&1
		cat "$vmlog"
		counts=$(sed -n 's/^counts //p' "$vmlog" | tail -n 1)
		if [ -z "$counts" ]; then
			tier_fail "loader VM: no result (timeout?)"
		else
			# shellcheck disable=SC2086
			tier_add $counts
		fi
		rm -f "$vmlog"
	fi
fi
tier_end
