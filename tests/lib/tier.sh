# SPDX-License-Identifier: Apache-2.0
# Shared helpers for test tiers (tests/tiers/*.sh). Source this file, record results with
# tier_pass/tier_fail/tier_skip (or tier_check/tier_ctest/tier_shunit2), end with tier_end.
# tier_end prints "N passed, N failed, N skipped"; scripts/test sums that line over every tier.

TIER_PASSED=0
TIER_FAILED=0
TIER_SKIPPED=0

tier_pass() { TIER_PASSED=$((TIER_PASSED + 1)); printf 'PASS: %s\n' "$*"; }
tier_fail() { TIER_FAILED=$((TIER_FAILED + 1)); printf 'FAIL: %s\n' "$*"; }
tier_skip() { TIER_SKIPPED=$((TIER_SKIPPED + 1)); printf 'SKIP: %s\n' "$*"; }

# tier_add P F S: add counts reported by another runner.
tier_add() {
	TIER_PASSED=$((TIER_PASSED + ${1:-0}))
	TIER_FAILED=$((TIER_FAILED + ${2:-0}))
	TIER_SKIPPED=$((TIER_SKIPPED + ${3:-0}))
}

# tier_check NAME CMD...: one test that passes when CMD exits 0; its output is shown on failure.
tier_check() {
	local name=$1 out rc
	shift
	out=$("$@" 2>&1)
	rc=$?
	if [ "$rc" -eq 0 ]; then
		tier_pass "$name"
	else
		printf '%s\n' "$out" | tail -n 40 | sed 's/^/    | /'
		tier_fail "$name (exit $rc)"
	fi
	return 0
}

# tier_ctest BUILD_DIR [ctest args...]: run CTest and add its counts (skips are tests that
# exited with code 77, declared through SKIP_RETURN_CODE).
tier_ctest() {
	local dir=$1 log total failed skipped
	shift
	log=$(mktemp)
	ctest --test-dir "$dir" --output-on-failure --no-tests=error "$@" >"$log" 2>&1
	cat "$log"
	total=$(sed -n 's/.*tests passed, [0-9]* tests\{0,1\} failed out of \([0-9]*\).*/\1/p' "$log" | tail -n 1)
	failed=$(sed -n 's/.*tests passed, \([0-9]*\) tests\{0,1\} failed out of.*/\1/p' "$log" | tail -n 1)
	skipped=$(grep -c '\*\*\*Skipped\|Not Run' "$log")
	rm -f "$log"
	if [ -z "$total" ]; then
		tier_fail "ctest in $dir produced no summary"
		return 0
	fi
	tier_add $((total - failed - skipped)) "$failed" "$skipped"
}

# tier_shunit2 NAME CMD...: run a shunit2 suite and count its TESTS: shunit2's own summary counts
# failed and skipped assertions, so results are read per test: a test whose block (after the
# line with its name) holds an "ASSERT:" line failed; one that prints a line starting "SKIP" and
# no assertion failure was skipped; the rest passed.
tier_shunit2() {
	local name=$1 log ran counts rc
	shift
	log=$(mktemp)
	SHUNIT_COLOR=none "$@" >"$log" 2>&1
	rc=$?
	cat "$log"
	ran=$(sed -n 's/^Ran \([0-9]*\) tests\{0,1\}\..*/\1/p' "$log" | tail -n 1)
	if [ -z "$ran" ]; then
		rm -f "$log"
		tier_fail "$name: shunit2 produced no summary (exit $rc)"
		return 0
	fi
	counts=$(awk '
		function close_block() {
			if (cur == "") return
			if (failed) f++; else if (skipped) s++
			cur = ""; failed = 0; skipped = 0
		}
		/^test[A-Za-z0-9_]*$/ { close_block(); cur = $0; next }
		/^Ran [0-9]+ tests?\./ { close_block(); next }
		/ASSERT:/ { failed = 1 }
		/^SKIP/ { skipped = 1 }
		END { close_block(); printf "%d %d\n", f, s }' "$log")
	rm -f "$log"
	set -- $counts
	if [ "$rc" -ne 0 ] && [ "$1" -eq 0 ]; then
		tier_fail "$name: exited $rc with no failed test reported"
		tier_add $((ran - ${2:-0} > 0 ? ran - ${2:-0} - 1 : 0)) 0 "${2:-0}"
		return 0
	fi
	tier_add $((ran - $1 - $2)) "$1" "$2"
}

tier_end() {
	printf '%d passed, %d failed, %d skipped\n' "$TIER_PASSED" "$TIER_FAILED" "$TIER_SKIPPED"
	[ "$TIER_FAILED" -eq 0 ]
	exit $?
}
