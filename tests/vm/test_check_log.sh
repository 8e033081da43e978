#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# scripts/vm-check-log on hand-made console logs: how a run is judged, and which runs count as an
# emulator stall or text-patching race that scripts/vm-test boots once more (--stall,
# --tcg-poke).
set -u
src=$(cd "$(dirname "$0")/../.." && pwd)
check=$src/scripts/vm-check-log
d=$(mktemp -d)
trap 'rm -rf "$d"' EXIT
bad=0
expect() { # WANT(0|1) DESCRIPTION CMD...
	local want=$1 what=$2 rc
	shift 2
	"$@" >/dev/null 2>&1
	rc=$?
	[ $rc -ne 0 ] && rc=1
	if [ "$rc" -ne "$want" ]; then
		echo "wrong: $what (exit $rc, wanted $want)"
		bad=1
	fi
}

ok='VMCHECK: PASS module/load
VM-DONE'
lockup='[   97.390017] watchdog: BUG: soft lockup - CPU#1 stuck for 48s! [driver_suite:177]
[   97.390100] Kernel panic - not syncing: softlockup: hung tasks'
rcu='[  133.023934] rcu: INFO: rcu_preempt self-detected stall on CPU
[  133.023934] rcu: rcu_preempt kthread timer wakeup didn'"'"'t happen for 21007 jiffies!'
oops='[   50.100000] BUG: kernel NULL pointer dereference, address: 0000000000000008
[   50.100001] Oops: 0000 [#1] PREEMPT SMP NOPTI'
warn='[   60.000000] WARNING: CPU: 0 PID: 1 at kernel/foo.c:1 foo+0x1/0x2'
poke='[   23.460563] Oops: int3: 0000 [#1] PREEMPT SMP NOPTI
[   23.461472] RIP: 0010:__schedule+0x339/0xbf0
[   23.462368] Call Trace:
[   23.463280]  schedule+0x27/0xc0
[   23.464482] Kernel panic - not syncing: Fatal exception in interrupt'
ours='[   23.463300]  syscap_ring_write+0x12/0x80 [syscap]'

printf '%s\n' "$ok" >"$d/clean"
printf '%s\n' "VMCHECK: PASS module/load" "$lockup" >"$d/lockup"
printf '%s\n' "VMCHECK: PASS module/load" "$rcu" >"$d/rcu"
printf '%s\n' "$lockup" "$oops" >"$d/lockup-oops"
printf '%s\n' "$rcu" "$warn" >"$d/rcu-warn"
printf '%s\n' "$oops" >"$d/oops"
printf '%s\n' "VMCHECK: PASS module/load" "VM-TIMEOUT after 300s" >"$d/timeout"
printf '%s\n' "VMCHECK: PASS module/load" "$poke" >"$d/poke"
printf '%s\n' "$poke" "$ours" >"$d/poke-ours"
printf '%s\n' "$poke" "$warn" >"$d/poke-warn"
printf '%s\n' "$poke" "$oops" >"$d/poke-oops"

expect 0 "a clean log passes" "$check" "$d/clean" t
expect 1 "a soft lockup fails the run" "$check" "$d/lockup" t
expect 1 "an RCU stall fails the run" "$check" "$d/rcu" t
expect 1 "a clean log is no stall" "$check" --stall "$d/clean"
expect 0 "a soft lockup alone is a stall" "$check" --stall "$d/lockup"
expect 0 "an RCU stall alone is a stall" "$check" --stall "$d/rcu"
expect 1 "a lockup with an oops is not retried" "$check" --stall "$d/lockup-oops"
expect 1 "a stall with a WARN is not retried" "$check" --stall "$d/rcu-warn"
expect 1 "an oops alone is no stall" "$check" --stall "$d/oops"
expect 1 "a plain timeout is no stall" "$check" --stall "$d/timeout"
expect 1 "a breakpoint oops fails the run" "$check" "$d/poke" t
expect 0 "a breakpoint oops outside syscap is a patching race" "$check" --tcg-poke "$d/poke"
expect 1 "a breakpoint oops through syscap is not retried" "$check" --tcg-poke "$d/poke-ours"
expect 1 "a breakpoint oops with a WARN is not retried" "$check" --tcg-poke "$d/poke-warn"
expect 1 "a second oops is not retried" "$check" --tcg-poke "$d/poke-oops"
expect 1 "another oops is no patching race" "$check" --tcg-poke "$d/oops"
expect 1 "a clean log is no patching race" "$check" --tcg-poke "$d/clean"
[ $bad -eq 0 ] && echo "vm-check-log: all cases as expected"
exit $bad
