#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# Detection table: for each case of fixtures/detection.table build a fake host root, run
# `syscap-driver-loader env` with the case's uname texts and compare target id, rewritten
# release/version, artifact file name and URL with the expected ones.
. "$(dirname "$0")/lib.sh"
TABLE=$LOADER_TESTS_DIR/fixtures/detection.table

declare -a C_NAME C_OS C_EXTRA C_REL C_VER C_TARGET C_FREL C_FVER C_FILE C_URL

load_table() {
	local n=-1 key rest
	while IFS= read -r line; do
		case $line in '#'* | '') continue ;; esac
		key=${line%% *}
		rest=${line#* }
		[ "$rest" = "$line" ] && rest=
		case $key in
		case) n=$((n + 1)); C_NAME[n]=$rest; C_OS[n]=; C_EXTRA[n]= ;;
		os) C_OS[n]+="$rest"$'\n' ;;
		extra) C_EXTRA[n]+="$rest"$'\n' ;;
		release) C_REL[n]=$rest ;;
		version) C_VER[n]=$rest ;;
		target) C_TARGET[n]=$rest ;;
		fixed_release) C_FREL[n]=$rest ;;
		fixed_version) C_FVER[n]=$rest ;;
		file) C_FILE[n]=$rest ;;
		url) C_URL[n]=$rest ;;
		*) echo "bad table line: $line" >&2; exit 1 ;;
		esac
	done <"$TABLE"
	NCASES=$((n + 1))
}

check_case() {
	local i=$1 root=$SHUNIT_TMPDIR/root-$1 url
	rm -rf "$root"
	mkdir -p "$root/etc"
	if [ -n "${C_OS[i]}" ]; then
		printf '%s' "${C_OS[i]}" >"$root/etc/os-release"
	fi
	while IFS= read -r ex; do
		[ -n "$ex" ] || continue
		mkdir -p "$(dirname "$root/${ex%% *}")"
		printf '%s\n' "${ex#* }" >"$root/${ex%% *}"
	done <<<"${C_EXTRA[i]}"
	loader --host-root "$root" --kernelrelease "${C_REL[i]}" --kernelversion "${C_VER[i]}" env
	assertEquals "${C_NAME[i]}: exit status ($ERR)" 0 "$RC"
	assertEquals "${C_NAME[i]}: TARGET_ID" "${C_TARGET[i]}" "$(envval TARGET_ID)"
	assertEquals "${C_NAME[i]}: KERNEL_RELEASE" "${C_REL[i]}" "$(envval KERNEL_RELEASE)"
	assertEquals "${C_NAME[i]}: KERNEL_VERSION" "${C_VER[i]}" "$(envval KERNEL_VERSION)"
	assertEquals "${C_NAME[i]}: FIXED_KERNEL_RELEASE" "${C_FREL[i]}" "$(envval FIXED_KERNEL_RELEASE)"
	assertEquals "${C_NAME[i]}: FIXED_KERNEL_VERSION" "${C_FVER[i]}" "$(envval FIXED_KERNEL_VERSION)"
	assertEquals "${C_NAME[i]}: KMOD_FILE" "${C_FILE[i]}" "$(envval KMOD_FILE)"
	url=${C_URL[i]//\/x86_64\//\/$ARCH\/}
	assertEquals "${C_NAME[i]}: KMOD_URLS" "$url" "$(envval KMOD_URLS)"
	if [ -z "$url" ]; then
		assertContains "${C_NAME[i]}: says why downloads are off" "$ERR" "downloads are disabled"
	fi
}

suite() {
	load_table
	for i in $(seq 0 $((NCASES - 1))); do
		eval "test_detect_${C_NAME[i]//[-.]/_}() { check_case $i; }"
		suite_addTest "test_detect_${C_NAME[i]//[-.]/_}"
	done
	suite_addTest test_table_has_30_cases
}

test_table_has_30_cases() {
	assertTrue "the table needs >= 30 cases, has $NCASES" "[ $NCASES -ge 30 ]"
}

. shunit2
