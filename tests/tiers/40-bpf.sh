#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# Tier 40: the eBPF probe live on the running kernel (root). Budget: about 2 minutes.
#  - the object: one CO-RE ELF with BTF, license, both program sets, versions inside; every
#    program within half the verifier's instruction limit (verifier_budget)
#  - the per-syscall driver suite (parameter values) with tp_btf and with the raw_tracepoint set;
#    the TOCTOU tests again with their enter events from sys_enter (SYSCAP_BPF_TOCTOU=sys_enter);
#    the suite again with syscall exits from the syscalls' own trace events and from sys_exit
#    (SYSCAP_BPF_EXIT=trace_events / sys_exit: the engine's "auto" picks per selection and,
#    sampled, per the machine's syscalls: checked with a getppid load)
#  - loading with RLIMIT_MEMLOCK at 0 (no memlock dependence)
#  - drop accounting with a small buffer (received + counted drops == produced), clean shutdown,
#    with CPU rings and with BPF ring buffers; the CPU rings' doorbell wakes the consumer; the
#    CLI prints its lost events at exit; a filter's evt.type narrows the capture; only the
#    sendmmsg/recvmmsg filler set in use is loaded
#  - the same suite and drop test built with ASan+UBSan
#  - clear errors: missing object, incompatible API version, libbpf.so.1 not loadable, no
#    privileges, no BTF
#  - nothing left behind: no BPF descriptor remains in the process after close (driver_drops)
. "$(dirname "$0")/../lib/tier.sh"

build=${SYSCAP_BUILD:?SYSCAP_BUILD is not set}
obj=$build/bpf/syscap.bpf.o
suite=$build/bin/driver_suite
drops=$build/bin/driver_drops
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

if [ "$(id -u)" != 0 ]; then
	tier_skip "bpf: needs root (CAP_BPF and CAP_PERFMON) to load the probe"
	tier_end
fi
if [ ! -r /sys/kernel/btf/vmlinux ]; then
	tier_skip "bpf: this kernel has no BTF (/sys/kernel/btf/vmlinux): the CO-RE probe cannot load"
	tier_end
fi
for f in "$obj" "$suite" "$drops"; do
	if [ ! -e "$f" ]; then
		tier_fail "bpf: $f was not built"
		tier_end
	fi
done
export SYSCAP_BPF_OBJECT=$obj

# Runs a program printing PASS:/FAIL: lines and a summary; adds its counts to the tier.
run_counted() { # name, cmd...
	local name=$1 out rc p f s
	shift
	out=$("$@" 2>&1)
	rc=$?
	printf '%s\n' "$out" | grep -E '^(PASS|FAIL|SKIP):' | sed "s|^\([A-Z]*\): |\1: $name: |"
	line=$(printf '%s\n' "$out" | grep -E '^[0-9]+ passed, [0-9]+ failed, [0-9]+ skipped$' | tail -n 1)
	if [ -z "$line" ]; then
		printf '%s\n' "$out" | tail -n 20 | sed 's/^/    | /'
		tier_fail "$name: no summary (exit $rc)"
		return
	fi
	p=${line%% passed*}
	f=$(echo "$line" | sed 's/.* \([0-9]*\) failed.*/\1/')
	s=$(echo "$line" | sed 's/.* \([0-9]*\) skipped/\1/')
	tier_add "$p" "$f" "$s"
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ] && [ "$rc" -ne 77 ]; then
		tier_fail "$name: exit $rc without a counted failure"
	fi
}


# --- the object ---------------------------------------------------------------------------
check_object() {
	readelf -S "$obj" | grep -q ' \.BTF ' || { echo "no .BTF section"; return 1; }
	readelf -S "$obj" | grep -q ' \.BTF\.ext ' || { echo "no .BTF.ext (CO-RE relocations)"; return 1; }
	bpftool btf dump file "$obj" | grep -q "VAR 'syscap_probe_api_version'" ||
		{ echo "no API version variable"; return 1; }
	bpftool btf dump file "$obj" | grep -q "VAR 'syscap_probe_schema_version'" ||
		{ echo "no schema version variable"; return 1; }
	local tp raw
	tp=$(readelf -S "$obj" | grep -c 'tp_btf/')
	raw=$(readelf -S "$obj" | grep -c 'raw_tp/')
	[ "$tp" -ge 2 ] && [ "$raw" -ge 2 ] || { echo "program sets: tp_btf=$tp raw_tp=$raw"; return 1; }
}
tier_check "bpf: syscap.bpf.o is one CO-RE object with BTF, versions and both program sets" check_object

# Every program within half the verifier's 1M-instruction limit on this kernel, in all four
# configurations (tp_btf/raw_tp, CPU rings/BPF ring buffers): verifiers of other kernels count
# differently, and one program over the limit keeps the whole object from loading.
if [ -x "$build/bin/verifier_budget" ]; then
	out=$("$build/bin/verifier_budget" "$obj" 2>&1)
	rc=$?
	printf '%s\n' "$out" | sed 's/^/    | /'
	if [ "$rc" -eq 0 ]; then
		tier_pass "bpf: every program verifies in under 500k instructions processed"
	else
		tier_fail "bpf: a program needs more than 500k instructions processed, or the object did not load (exit $rc)"
	fi
else
	tier_fail "bpf: $build/bin/verifier_budget was not built (libbpf-dev with pkg-config)"
fi

# --- per-syscall suite ---------------------------------------------------------------------
run_counted "tp_btf" "$suite" bpf
run_counted "raw_tracepoint" env SYSCAP_BPF_ATTACH=raw_tracepoint "$suite" bpf
# exits from syscalls/sys_exit_<name> (the suite's own selection makes "auto" use sys_exit here:
# it selects module syscalls this kernel lacks), with the fillers' tail-call chain too
run_counted "exit-trace_events" env SYSCAP_BPF_EXIT=trace_events "$suite" bpf
run_counted "exit-trace_events-raw" env SYSCAP_BPF_EXIT=trace_events \
	SYSCAP_BPF_ATTACH=raw_tracepoint "$suite" bpf nothing_selected open io tcp fork execve
run_counted "exit-trace_events-no-bpf_loop" env SYSCAP_BPF_EXIT=trace_events SYSCAP_BPF_NO_LOOP=1 \
	"$suite" bpf unix_msg
# TOCTOU enter events from the program on every syscall's entry instead of the trace events
run_counted "toctou-sys_enter" env SYSCAP_BPF_TOCTOU=sys_enter "$suite" bpf open openat openat2 \
	creat tcp ia32 nothing_selected
run_counted "toctou-sys_enter-raw" env SYSCAP_BPF_TOCTOU=sys_enter SYSCAP_BPF_ATTACH=raw_tracepoint \
	"$suite" bpf open openat openat2 creat tcp ia32 nothing_selected
# no tracefs where SYSCAP_TRACEFS points: the engine falls back to sys_enter by itself
run_counted "toctou-no-tracefs" env SYSCAP_TRACEFS=/nonexistent/tracefs "$suite" bpf open \
	nothing_selected
# trace events whose perf events cannot be opened (ids no event has): the same fallback, made
# when the first one is attached
for e in open openat openat2 creat connect; do
	mkdir -p "$tmp/tracefs/events/syscalls/sys_enter_$e"
	echo 2147483000 >"$tmp/tracefs/events/syscalls/sys_enter_$e/id"
done
run_counted "toctou-bad-ids" env SYSCAP_TRACEFS="$tmp/tracefs" SYSCAP_SUITE_TOCTOU=sys_enter \
	"$suite" bpf open nothing_selected
# sendmmsg/recvmmsg without bpf_loop: the tail-call chain older kernels (< 5.17) run
run_counted "no-bpf_loop" env SYSCAP_BPF_NO_LOOP=1 "$suite" bpf unix_msg
run_counted "no-bpf_loop-raw" env SYSCAP_BPF_NO_LOOP=1 SYSCAP_BPF_ATTACH=raw_tracepoint \
	"$suite" bpf unix_msg
# other ring layouts: all CPUs on one 1 MiB ring (merge within a ring), 2 CPUs per ring
run_counted "one-ring" env SYSCAP_SUITE_CPUS_PER_BUFFER=1024 SYSCAP_SUITE_BUFFER_BYTES=1048576 \
	"$suite" bpf open fd_table tcp fork execve
run_counted "2-cpus-per-ring" env SYSCAP_SUITE_CPUS_PER_BUFFER=2 "$suite" bpf io unix_msg clone
# a BPF ring buffer per CPU instead of the CPU rings (the ring kind of every shared layout above)
run_counted "bpf-ringbufs" env SYSCAP_BPF_RINGS=bpf "$suite" bpf open io fork execve tcp
# memlock: kernels >= 5.11 charge BPF memory to the cgroup; loading must not need the rlimit
run_counted "memlock=0" prlimit --memlock=0:0 "$suite" bpf open tcp execve

# A driver_drain consumer of getppid events under strace (epoll_wait only), strace into $1, its
# output into $2; run "$@" (from $3 on) while it captures, then stop it.
with_traced_consumer() {
	local trace=$1 out=$2 pid
	shift 2
	SYSCAP_BPF_OBJECT=$obj strace -f -qq -e trace=epoll_wait -o "$trace" \
		"$build/bin/driver_drain" consume bpf 8388608 getppid >"$out" 2>&1 &
	pid=$!
	for _ in $(seq 300); do grep -q '^ready' "$out" && break; sleep 0.1; done
	"$@"
	sleep 0.5
	pkill -INT -P "$pid"
	wait "$pid"
}

# The CPU rings' doorbell wakes the consumer: with CPU rings nothing else makes its epoll_wait()
# return an event, so without the doorbell every wait ends on the engine's timeout (10-30 ms).
doorbell_wakes() {
	local trace=$tmp/doorbell.strace out=$tmp/doorbell.out woken
	# 400,000 GENERIC_X events of 32 bytes: about 24 rings of the doorbell at 512 KiB
	with_traced_consumer "$trace" "$out" "$build/bin/driver_drain" load 1 400000 >/dev/null
	woken=$(grep -c ' = [1-9][0-9]*$' "$trace")
	echo "epoll_wait() woken $woken times, timed out $(grep -c ' = 0$' "$trace") times"
	grep -q '^received' "$out" && [ "$woken" -ge 1 ]
}

# An idle consumer backs off: its waits on empty rings go 10, 20, 30 ms and stay at 30; events
# bring them back to 10 (the timeouts strace shows as epoll_wait's last argument).
idle_then_trickle() {
	sleep 1
	"$build/bin/driver_drain" load 1 1000 # far below the doorbell: seen at the next timeout
}
idle_backoff() {
	local trace=$tmp/backoff.strace out=$tmp/backoff.out waits
	with_traced_consumer "$trace" "$out" idle_then_trickle >/dev/null
	waits=$(sed -n 's/.*epoll_wait([0-9]*, .*, [0-9]*, \([0-9]*\)) *= .*/\1/p' "$trace" | tr '\n' ' ')
	echo "epoll_wait() timeouts (ms): $waits"
	grep '^received' "$out"
	# only 10/20/30; 30 reached; a 10 after the first 30 (the load's events reset it)
	echo "$waits" | grep -Eq '^(10 |20 |30 )+$' &&
		echo "$waits" | grep -Eq '10 20 30 .*10 ' &&
		[ "$(sed -n 's/^received \([0-9]*\) events.*/\1/p' "$out")" -ge 1000 ]
}
if command -v strace >/dev/null; then
	tier_check "bpf: the CPU rings' doorbell wakes the consumer" doorbell_wakes
	tier_check "bpf: an idle consumer backs off to 30 ms waits" idle_backoff
else
	tier_skip "bpf: strace is not installed (scripts/deps/bpf.list): doorbell wakeup not checked"
	tier_skip "bpf: strace is not installed (scripts/deps/bpf.list): idle backoff not checked"
fi

# "auto" samples the machine's syscalls before it takes exits from the trace events: with a
# getppid load running, a capture of getppid alone takes sys_exit (through which a selected
# syscall costs less), one of close alone keeps the trace events (through which the unselected
# getppid costs nothing), and SYSCAP_BPF_EXIT_SAMPLE_MS=0 keeps them without sampling.
# The choice shows in the engine's debug log.
exit_choice() { # $1: selected syscall; prints the engine's note on where exits come from
	local out=$tmp/choice.out pid
	SCAP_LOG_LEVEL=debug SYSCAP_BPF_OBJECT=$obj "$build/bin/driver_drain" consume bpf \
		1048576 "$1" >"$out" 2>&1 &
	pid=$!
	for _ in $(seq 300); do
		grep -q '^ready' "$out" && break
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.1
	done
	kill -INT "$pid" 2>/dev/null
	wait "$pid"
	grep -o 'syscall exits from .*' "$out"
}
auto_samples_mix() { # 77: this kernel runs ia32 syscalls, so "auto" never samples
	local load got rc=0
	setsid "$build/bin/driver_drain" load 1 200000000 >/dev/null &
	load=$!
	sleep 0.3
	got=$(SYSCAP_BPF_EXIT_SAMPLE_MS=0 exit_choice getppid)
	echo "getppid selected, getppid load, no sampling: $got"
	if echo "$got" | grep -q 'runs ia32 syscalls'; then
		rc=77
	else
		! echo "$got" | grep -q 'made' && echo "$got" | grep -q 'sys_exit_\* trace events' ||
			rc=1
		got=$(exit_choice getppid)
		echo "getppid selected, getppid load: $got"
		echo "$got" | grep -Eq '^syscall exits from sys_exit \(the selected syscalls made [0-9]+ of' &&
			! echo "$got" | grep -q 'sys_exit_\* trace events' || rc=1
		got=$(exit_choice close)
		echo "close selected, getppid load: $got"
		echo "$got" | grep -Eq '^syscall exits from trace events \(the selected syscalls made [0-9]+ of' &&
			echo "$got" | grep -q 'sys_exit_\* trace events' || rc=1
	fi
	kill -- -"$load"
	wait "$load"
	[ "$rc" = 77 ] && return 77
	SYSCAP_BPF_EXIT_SAMPLE_MS=soon exit_choice getppid >/dev/null
	grep -o 'SYSCAP_BPF_EXIT_SAMPLE_MS.*' "$tmp/choice.out"
	grep -q 'SYSCAP_BPF_EXIT_SAMPLE_MS=soon: expected 0 to 10000' "$tmp/choice.out" || rc=1
	return $rc
}
name='bpf: "auto" takes sys_exit where the selected syscalls make most calls, sampled'
out=$(auto_samples_mix 2>&1)
case $? in
0) tier_pass "$name" ;;
77) tier_skip "$name: this kernel runs ia32 syscalls, so \"auto\" takes sys_exit without sampling" ;;
*)
	printf '%s\n' "$out" | sed 's/^/    | /'
	tier_fail "$name"
	;;
esac

# --- drops and shutdown --------------------------------------------------------------------
run_counted "drops" "$drops" bpf 2 200000
# getpgid alone: "auto" takes it from its own trace event where the kernel refuses ia32 syscalls
run_counted "drops-sys_exit" env SYSCAP_BPF_EXIT=sys_exit "$drops" bpf 2 200000
run_counted "drops-bpf-ringbufs" env SYSCAP_BPF_RINGS=bpf "$drops" bpf 2 200000

# The CLI reports lost events at exit. Stopped while getppid calls on CPU 0 overflow that CPU's
# ring (one ring whatever the machine's size): with -B 16K 20,000 calls are enough and the report
# is one line; with the default 8 MiB rings it takes 2,000,000, and --stats prints every counter
# and the drops by category under the reference's names (getppid, a GENERIC_X, has none: 1,000
# close(-1) fill one).
cli_reports_drops() {
	local cli=$build/bin/syscap load=$build/bin/driver_drain pid n i opts calls
	for opts in "-B 16K" --stats; do
		calls=1000000
		[ "$opts" = --stats ] || calls=10000
		"$cli" $opts -M 30 'evt.type = getppid' >"$tmp/drops.out" 2>"$tmp/drops.err" &
		pid=$!
		for i in $(seq 300); do # live once a getppid of ours shows up (loading takes seconds)
			"$load" load 1 1 >/dev/null
			[ -s "$tmp/drops.out" ] && break
			sleep 0.1
		done
		[ -s "$tmp/drops.out" ] || { kill "$pid"; echo "no event within 30 s"; return 1; }
		kill -STOP "$pid"
		"$load" load 2 $calls 0 >/dev/null
		taskset -c 0 python3 -c 'import os
for _ in range(1000):
	try:
		os.close(-1)
	except OSError:
		pass'
		kill -CONT "$pid"
		kill -INT "$pid"
		wait "$pid" || { echo "exit status $?: $(cat "$tmp/drops.err")"; return 1; }
		if [ "$opts" != --stats ]; then
			n=$(sed -n 's/^syscap: [0-9]* of [0-9]* events dropped (buffer \([0-9]*\),.*/\1/p' \
				"$tmp/drops.err")
		else
			n=$(sed -n 's/^  buffer: \([0-9]*\)$/\1/p' "$tmp/drops.err")
			grep -q "^Driver drops: $n\$" "$tmp/drops.err" || n=
			i=$(sed -n 's/^  n_drops_buffer_close_exit: \([0-9]*\)$/\1/p' "$tmp/drops.err")
			[ -n "$i" ] && [ "$i" -ge 1000 ] || n=
		fi
		[ -n "$n" ] && [ "$n" -gt 0 ] ||
			{ echo "$opts: no drop count: $(cat "$tmp/drops.err")"; return 1; }
	done
}
tier_check "bpf: the CLI prints the events it lost at exit; -B sets the ring size" cli_reports_drops

# A filter on evt.type narrows what the probe captures (its types and the state set): 200,000
# getpid calls reach the driver's counters with -A only. getppid stays captured in both.
# The CLI in the background with "$@", its output into $1 and $2, until getppid calls make it
# print something; its pid in $cli_pid. Fails when nothing came within 30 s.
cli_start() {
	local out=$1 err=$2 i
	shift 2
	"$build/bin/syscap" "$@" >"$out" 2>"$err" &
	cli_pid=$!
	for i in $(seq 300); do
		"$build/bin/driver_drain" load 1 1 >/dev/null
		[ -s "$out" ] && return 0
		sleep 0.1
	done
	kill "$cli_pid"
	echo "no event within 30 s"
	return 1
}

cli_filter_narrows() {
	local pid opts n
	for opts in "" -A; do
		# shellcheck disable=SC2086 # no option or one
		cli_start "$tmp/narrow.out" "$tmp/narrow.err" $opts --stats -M 60 \
			'evt.type in (getppid, execve)' || return 1
		pid=$cli_pid
		python3 -c 'import os
for _ in range(200000):
	os.getpid()'
		kill -INT "$pid"
		wait "$pid" || { echo "exit status $?: $(cat "$tmp/narrow.err")"; return 1; }
		n=$(awk '/^Driver events: / { e = $3 } /^Driver drops: / { d = $3 }
			END { print e + d }' "$tmp/narrow.err")
		if [ -z "$opts" ]; then
			grep -q "^Syscalls and tracepoints captured: [0-9]* (from the filter" \
				"$tmp/narrow.err" || { echo "no narrowing: $(cat "$tmp/narrow.err")"; return 1; }
			[ "$n" -lt 100000 ] || { echo "narrowed: $n events written"; return 1; }
		else
			! grep -q "^Syscalls and tracepoints captured" "$tmp/narrow.err" ||
				{ echo "-A: still narrowed"; return 1; }
			[ "$n" -ge 200000 ] || { echo "-A: $n events written"; return 1; }
		fi
		grep -q "< getppid" "$tmp/narrow.out" || { echo "$opts: no getppid printed"; return 1; }
	done
}
tier_check "bpf: a filter's evt.type narrows what the probe captures (-A: everything)" \
	cli_filter_narrows

# sendmmsg/recvmmsg have two filler sets; only the one in use is loaded (each costs verifier
# time at every start): the bpf_loop programs here, their tail-calling twins without bpf_loop;
# with exits from trace events, their "ev_" copies only.
mmsg_one_set() {
	local pid i noloop names want exit pre
	for exit in sys_exit trace_events; do
		pre=
		[ "$exit" = trace_events ] && pre=ev_
		for noloop in 0 1; do
			SYSCAP_BPF_EXIT=$exit SYSCAP_BPF_NO_LOOP=$noloop cli_start "$tmp/mmsg.out" \
				"$tmp/mmsg.err" -M 60 'evt.type = getppid' || return 1
			pid=$cli_pid
			# the programs this process holds, by their full (BTF) names
			names=$(sed -n 's/^prog_id:[[:space:]]*//p' /proc/"$pid"/fdinfo/* 2>/dev/null |
				while read -r i; do bpftool prog show id "$i" 2>/dev/null; done |
				grep -o 'name [a-zA-Z0-9_]*MMSG_X' | sort | tr '\n' ' ')
			kill -INT "$pid"
			wait "$pid"
			want="name ${pre}fill_SOCKET_RECVMMSG_X name ${pre}fill_SOCKET_SENDMMSG_X "
			[ "$noloop" = 1 ] || want="name ${pre}fill_loop_SOCKET_RECVMMSG_X"
			[ "$noloop" = 1 ] || want="$want name ${pre}fill_loop_SOCKET_SENDMMSG_X "
			[ "$names" = "$want" ] ||
				{ echo "$exit, NO_LOOP=$noloop: loaded [$names]"; return 1; }
		done
	done
}
tier_check "bpf: one sendmmsg/recvmmsg filler set is loaded, the one in use" mmsg_one_set

# the engine and the suite under AddressSanitizer/UBSan (the probe object is the normal build's)
asan=${SYSCAP_BUILD_ASAN:-}
if [ -n "$asan" ] && [ -x "$asan/bin/driver_suite" ] && [ -x "$asan/bin/driver_drops" ]; then
	run_counted "asan" env ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=halt_on_error=1 \
		"$asan/bin/driver_suite" bpf
	run_counted "asan-drops" env ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=halt_on_error=1 \
		"$asan/bin/driver_drops" bpf 2 100000
else
	tier_skip "bpf: no ASan+UBSan build of the driver suite (SYSCAP_BUILD_ASAN)"
fi

# --- errors --------------------------------------------------------------------------------
missing_object() {
	local out
	out=$(SYSCAP_BPF_OBJECT=$tmp/none.bpf.o "$suite" bpf open 2>&1)
	[ $? -eq 77 ] || { echo "exit status not 77: $out"; return 1; }
	echo "$out" | grep -q "$tmp/none.bpf.o" || { echo "path not named: $out"; return 1; }
	echo "$out" | grep -q "SYSCAP_BPF_OBJECT" || { echo "no hint: $out"; return 1; }
}
tier_check "bpf: a missing object is reported with its path" missing_object

bad_version() {
	# Same object with the API major bumped: the engine must refuse it before loading.
	python3 - "$obj" "$tmp/bad.bpf.o" <<'EOF' || return 1
import struct, sys
data = bytearray(open(sys.argv[1], 'rb').read())
want = struct.pack('<Q', (10 << 44) | (1 << 24) | 0)
at = data.find(want)
if at < 0:
    sys.exit("API version 10.1.0 not found in the object")
data[at:at + 8] = struct.pack('<Q', (11 << 44) | (1 << 24))
open(sys.argv[2], 'wb').write(data)
EOF
	local out
	out=$(SYSCAP_BPF_OBJECT=$tmp/bad.bpf.o "$suite" bpf open 2>&1)
	echo "$out" | grep -q "API version 11.1.0 is not compatible" || { echo "$out"; return 1; }
}
tier_check "bpf: an object with another API major is refused with a clear message" bad_version

# A kernel without BTF (here /sys/kernel/btf hidden under an empty tmpfs in a private mount
# namespace): the engine refuses before loading and names what is missing.
no_btf() {
	local out
	out=$(unshare -m sh -c 'mount -t tmpfs none /sys/kernel/btf && exec "$1" --engine bpf -c 1' \
		sh "$build/bin/syscap" 2>&1)
	[ $? -eq 1 ] || { echo "exit status not 1: $out"; return 1; }
	echo "$out" | grep -q "bpf: the running kernel exposes no BTF (/sys/kernel/btf/vmlinux)" ||
		{ echo "no clear message: $out"; return 1; }
}
tier_check "bpf: a kernel without BTF is reported clearly" no_btf

# Root without capabilities (as in a container that grants none): every bpf() call is refused;
# the CLI must say that live capture needs privileges, whichever call failed first.
no_privileges() {
	local d=$tmp/nocaps out
	command -v setpriv >/dev/null || { echo "setpriv (util-linux) is missing"; return 1; }
	# copies in our own directory: without CAP_DAC_* root reads only what it owns
	mkdir -p "$d" && cp "$build/bin/syscap" "$obj" "$d/" && cp -P "$build"/lib/lib*.so* "$d/" ||
		return 1
	for engine in bpf auto; do
		out=$(LD_LIBRARY_PATH=$d SYSCAP_BPF_OBJECT=$d/syscap.bpf.o setpriv --bounding-set=-all \
			--inh-caps=-all -- "$d/syscap" --engine "$engine" -c 1 2>&1)
		[ $? -eq 1 ] || { echo "$engine: exit status not 1: $out"; return 1; }
		echo "$out" | grep -q "bpf: .*Operation not permitted (live capture needs root" ||
			{ echo "$engine: no clear message: $out"; return 1; }
	done
}
tier_check "bpf: without privileges the CLI says live capture needs root" no_privileges

# libscap.so loads libbpf.so.1 only when the engine opens: where it cannot be loaded (here
# /dev/null mounted over it in a private mount namespace) the engine says so and fails cleanly.
no_libbpf() {
	local lib out
	lib=$(ldconfig -p | awk '/^[[:space:]]*libbpf\.so\.1 .*x86-64/ { print $NF; exit }')
	[ -n "$lib" ] || lib=$(ldconfig -p | awk '/^[[:space:]]*libbpf\.so\.1 / { print $NF; exit }')
	[ -n "$lib" ] || { echo "libbpf.so.1 not found by ldconfig -p"; return 1; }
	out=$(unshare -m sh -c 'mount --bind /dev/null "$1" && exec "$2" bpf open' sh \
		"$(readlink -f "$lib")" "$suite" 2>&1)
	[ $? -eq 77 ] || { echo "exit status not 77: $out"; return 1; }
	echo "$out" | grep -q "bpf: eBPF engine needs libbpf.so.1: .*libbpf.so.1" ||
		{ echo "no clear message: $out"; return 1; }
}
tier_check "bpf: without a loadable libbpf.so.1 the engine fails with a clear message" no_libbpf

tier_end
