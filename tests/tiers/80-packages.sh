#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# Tier 80: deb and rpm packages end to end (tests/packaging/test_packages.sh): build both the
# current and a previous version, lint, apt-get install from a file:// repository, DKMS for an
# installed Debian 6.1 kernel's headers and again after a second kernel's headers, -dev packages
# used through pkg-config and CMake, upgrade, purge, rpm queries/scratch-root install/createrepo.
# Budget: 12 minutes (two package builds of the whole tree, DKMS ~20 s per kernel build).
. "$(dirname "$0")/../lib/tier.sh"

src=${SYSCAP_SRC:-$(cd "$(dirname "$0")/../.." && pwd)}
missing=
for tool in dpkg-buildpackage dh dh_dkms dkms lintian rpmbuild rpmlint createrepo_c apt-ftparchive; do
	command -v "$tool" >/dev/null 2>&1 || missing="$missing $tool"
done
[ -r /usr/bin/shunit2 ] || missing="$missing shunit2"
if [ "$(id -u)" -ne 0 ]; then
	tier_skip "packages: needs root (apt-get, dpkg, dkms)"
elif [ -n "$missing" ]; then
	tier_fail "packages: tools missing:$missing (scripts/deps/packaging.list)"
else
	log=$(mktemp)
	SHUNIT_COLOR=none timeout -k 10 900 bash "$src/tests/packaging/test_packages.sh" 2>&1 | tee "$log"
	# The suite prints "RESULT PASS|FAIL|SKIP <test>" once per test.
	while read -r _ verdict name; do
		case $verdict in
		PASS) tier_pass "packages: $name" ;;
		SKIP) tier_skip "packages: $name" ;;
		*) tier_fail "packages: $name" ;;
		esac
	done < <(grep -E '^RESULT (PASS|FAIL|SKIP) ' "$log")
	grep -qE '^Ran [0-9]+ tests?\.' "$log" || tier_fail "packages: the shunit2 suite did not finish"
	rm -f "$log"
fi
tier_end
