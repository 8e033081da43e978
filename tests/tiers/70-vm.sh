#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# Tier 70: the kernel module in VMs. scripts/vm-test builds the module with DKMS for Debian's 6.1
# and 6.12 kernels and runs the in-guest checks under qemu (TCG), then the eBPF probe alone on
# Debian 11's 5.10; every PASS/FAIL/SKIP line it prints is one check here. Budget: about 9 minutes
# here, 5 more when a guest stalls under TCG and is booted again (scripts/vm-test), under 25 in CI
# including downloads.
# shellcheck source=../lib/tier.sh
. "${SYSCAP_SRC:?}/tests/lib/tier.sh"

# How console logs are judged, stalls included: no VM needed.
tier_check "vm/check-log" bash "$SYSCAP_SRC/tests/vm/test_check_log.sh"

if [ "$(id -u)" -ne 0 ]; then
	tier_skip "vm: needs root (apt, dkms, qemu)"
	tier_end
fi
if ! command -v qemu-system-x86_64 >/dev/null; then
	tier_fail "vm: qemu-system-x86_64 missing (scripts/deps/kmod.list)"
	tier_end
fi

log=$(mktemp)
timeout -k 10 "${SYSCAP_VM_TIER_TIMEOUT:-1500}" "$SYSCAP_SRC/scripts/vm-test" >"$log" 2>&1
rc=$?
cat "$log"
while IFS= read -r line; do
	case $line in
	"PASS: "*) TIER_PASSED=$((TIER_PASSED + 1)) ;;
	"FAIL: "*) TIER_FAILED=$((TIER_FAILED + 1)) ;;
	"SKIP: "*) TIER_SKIPPED=$((TIER_SKIPPED + 1)) ;;
	esac
done <"$log"
rm -f "$log"
if [ $rc -ne 0 ] && [ "$TIER_FAILED" -eq 0 ]; then
	tier_fail "vm: scripts/vm-test exited $rc without reporting a failure"
fi
tier_end
