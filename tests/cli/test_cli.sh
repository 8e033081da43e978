#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# shunit2 tests of the syscap CLI: reading captures, output forms, filters, -w round trip,
# errors, Debian's sysdig as a reference on the sample captures, and live capture (bpf).
# Needs SYSCAP_BUILD (bin/syscap) and SYSCAP_SRC; samples from SYSCAP_SAMPLES or ../shared/samples.

S=${SYSCAP_BUILD:?}/bin/syscap
SAMPLES=${SYSCAP_SAMPLES:-${SYSCAP_SRC:?}/../shared/samples}
T=$(mktemp -d /tmp/syscap-cli.XXXXXX)
trap 'rm -rf "$T"' EXIT

have_samples() { [ -r "$SAMPLES/libs_curl_google.scap" ]; }
need_samples() {
	if ! have_samples; then
		startSkipping
		echo "SKIP: sample captures not found in $SAMPLES"
	fi
}

test_help_and_version() {
	"$S" --help >"$T/help" 2>&1
	assertEquals "--help exit" 0 $?
	assertContains "$(cat "$T/help")" "-r, --read FILE"
	assertContains "$(cat "$T/help")" "--engine NAME"
	"$S" --version | grep -q '^syscap [0-9]'
	assertEquals "--version" 0 $?
}

test_list_fields() {
	"$S" -l >"$T/l"
	assertEquals 0 $?
	for f in evt.num evt.rawtime evt.args evt.arg.NAME evt.rawarg.NAME evt.res evt.failed evt.is_io \
		evt.buflen proc.pid proc.ppid proc.name proc.exe proc.exepath proc.args proc.cmdline \
		proc.pname 'proc.aname\[N\]' proc.cwd proc.tty proc.vpid thread.tid thread.vtid fd.num \
		fd.type fd.typechar fd.name fd.directory fd.filename fd.cip fd.sip fd.cport fd.sport \
		fd.lip fd.rip fd.l4proto fd.sockfamily fd.is_server user.uid user.name user.loginuid \
		group.gid group.name container.id; do
		grep -q "^$f " "$T/l" || fail "-l lacks $f"
	done
}

test_read_every_event() {
	need_samples
	local f n
	for f in falco_cat_write:345 falco_connect_localhost:374 libs_curl_google:1536 \
		libs_single_ipv6_conn:1728 libs_test_ipv6_client:326; do
		n=$("$S" -r "$SAMPLES/${f%%:*}.scap" | wc -l)
		assertEquals "${f%%:*} events" "${f##*:}" "$n"
	done
	# enter and exit events, sysdig's line layout
	"$S" -r "$SAMPLES/falco_cat_write.scap" >"$T/out"
	assertContains "$(sed -n 141p "$T/out")" \
		"141 16:17:57.881785348 0 cat (20072) < open fd=3(<f>/etc/ld.so.cache) name=/etc/ld.so.cache"
	grep -q ' cat (20072) > open ' "$T/out" || fail "no enter events"
}

test_count_and_filter() {
	need_samples
	local out
	out=$("$S" -r "$SAMPLES/libs_curl_google.scap" -c 3 | wc -l)
	assertEquals 3 "$out"
	out=$("$S" -r "$SAMPLES/libs_curl_google.scap" -p '%evt.num %fd.name' \
		'evt.type = connect and evt.dir = < and fd.l4proto = tcp')
	assertEquals "1273 2600:1f18:262c:6542:9aa6:df7a:9a47:d29e:37140->2607:f8b0:4004:802::2004:80" "$out"
	out=$("$S" -r "$SAMPLES/libs_curl_google.scap" -c 2 proc.name = curl and evt.type in '(open, openat)' and \
		fd.name pmatch '(/etc, /usr/lib)' -p '%proc.name %fd.directory %fd.filename')
	assertEquals "curl /etc ld.so.cache
curl /usr/lib/x86_64-linux-gnu libcurl-gnutls.so.4" "$out"
}

test_json() {
	need_samples
	"$S" -r "$SAMPLES/libs_curl_google.scap" -j >"$T/j"
	assertEquals 0 $?
	"$S" -r "$SAMPLES/libs_curl_google.scap" >"$T/txt"
	python3 - "$T/j" "$T/txt" <<'PY' || fail "JSON check failed"
import json, sys
n = 0
text = open(sys.argv[2]).read().splitlines()
for line in open(sys.argv[1]):
    o = json.loads(line)
    for k in ("evt.num", "evt.rawtime", "evt.cpu", "thread.tid", "evt.dir", "evt.type", "evt.args", "evt.params"):
        assert k in o, (k, o)
    assert isinstance(o["evt.num"], int) and isinstance(o["evt.rawtime"], int)
    assert isinstance(o["evt.params"], dict)
    # the same event as the text line: num time cpu comm (tid) dir type args
    f = text[n].split(" ", 7)
    assert (int(f[0]), f[1], int(f[2]), f[4], f[5], f[6], f[7] if len(f) > 7 else "") == \
        (o["evt.num"], o["evt.time"], o["evt.cpu"], "(%d)" % o["thread.tid"], o["evt.dir"],
         o["evt.type"], o["evt.args"]), (text[n], o)
    assert o["evt.time"].endswith(".%09d" % (o["evt.rawtime"] % 1000000000)), o
    n += 1
    if o["evt.num"] == 1273:
        assert o["evt.type"] == "connect" and o["evt.dir"] == "<", o
        assert o["evt.params"]["res"] == "-115(EINPROGRESS)", o
        assert o["evt.params"]["tuple"].endswith("->2607:f8b0:4004:802::2004:80"), o
assert n == 1536, n
PY
	# -j with -p: the chosen fields with their JSON types
	assertEquals '{"evt.num":1273,"fd.sport":80,"fd.is_server":false,"proc.name":"curl"}' \
		"$("$S" -r "$SAMPLES/libs_curl_google.scap" -j -p '%evt.num %fd.sport %fd.is_server %proc.name' evt.num=1273)"
}

test_write_reads_back() {
	need_samples
	local fmt='*%evt.num %evt.type %fd.name %proc.name %proc.pname %proc.cmdline %user.name'
	"$S" -r "$SAMPLES/libs_curl_google.scap" -w "$T/w.scap" proc.name = curl
	assertEquals "-w exit" 0 $?
	"$S" -r "$SAMPLES/libs_curl_google.scap" -p "$fmt" proc.name = curl | cut -d' ' -f2- >"$T/a"
	"$S" -r "$T/w.scap" -p "$fmt" | cut -d' ' -f2- >"$T/b"
	assertTrue "events written" "[ $(wc -l <"$T/a") -gt 500 ]"
	assertEquals "same fields after -w" "" "$(diff "$T/a" "$T/b" | head -5)"
	# and every event of a full copy reads back byte-identical in text form
	"$S" -r "$SAMPLES/falco_cat_write.scap" -w "$T/all.scap"
	assertEquals "" "$(diff <("$S" -r "$SAMPLES/falco_cat_write.scap") <("$S" -r "$T/all.scap") | head -3)"
}

# Needs no third-party data: a capture the project generates itself, plain and gzip.
test_generated_capture() {
	local n rc size
	n=$("$SYSCAP_BUILD/bin/sinsp_gen_capture" "$T/g.scap" 3000 | sed -n 's/ events$//p')
	assertTrue "sinsp_gen_capture wrote events ($n)" "[ ${n:-0} -ge 3000 ]"
	gzip -c "$T/g.scap" >"$T/g.gz.scap"
	"$S" -r "$T/g.scap" >"$T/g.txt"
	assertEquals "-r exit" 0 $?
	assertEquals "every event, one line each" "$n" "$(wc -l <"$T/g.txt")"
	assertEquals "gzip reads the same" "" "$(diff "$T/g.txt" <("$S" -r "$T/g.gz.scap") | head -3)"
	assertEquals "-c" 7 "$("$S" -r "$T/g.gz.scap" -c 7 | wc -l)"
	"$S" -r "$T/g.gz.scap" -w "$T/gw.scap"
	assertEquals "-w exit" 0 $?
	assertEquals "-w reads back the same" "" "$(diff "$T/g.txt" <("$S" -r "$T/gw.scap") | head -3)"
	assertEquals "-j: one object per event" "$n" "$("$S" -r "$T/gw.scap" -j | python3 -c '
import json, sys
n = 0
for line in sys.stdin:
    o = json.loads(line)
    assert all(k in o for k in ("evt.num", "evt.rawtime", "evt.cpu", "thread.tid", "evt.dir",
                                "evt.type", "evt.args", "evt.params")), o
    n += 1
print(n)')"
	# cut inside the last event block: every event before it, then one error line
	size=$(stat -c %s "$T/g.scap")
	head -c $((size - 10)) "$T/g.scap" >"$T/gt.scap"
	"$S" -r "$T/gt.scap" >"$T/gt.txt" 2>"$T/gt.err"
	rc=$?
	assertNotEquals "truncated: exit status" 0 $rc
	assertEquals "truncated: events before the damage" $((n - 1)) "$(wc -l <"$T/gt.txt")"
	assertEquals "truncated: one error line" 1 "$(wc -l <"$T/gt.err")"
	grep -Eq "^syscap: $T/gt.scap: event block 0x[0-9a-f]+ at offset [0-9]+: " "$T/gt.err" ||
		fail "truncated: message '$(cat "$T/gt.err")'"
}

test_errors() {
	local err rc
	err=$("$S" -r /nonexistent/x.scap 2>&1 >/dev/null)
	rc=$?
	assertNotEquals 0 $rc
	assertEquals 1 "$(echo "$err" | wc -l)"
	assertContains "$err" "syscap: "
	assertContains "$err" "/nonexistent/x.scap"
	err=$("$S" -r /dev/null 'proc.name = = x' 2>&1)
	assertNotEquals 0 $?
	assertContains "$err" "syscap: filter: at position"
	err=$("$S" -r /dev/null 'proc.nme = x' 2>&1)
	assertContains "$err" "unknown field 'proc.nme'"
	err=$("$S" -r /dev/null -p '%evt.num %bogus.field' 2>&1)
	assertNotEquals 0 $?
	assertContains "$err" "syscap: -p: at position 10: unknown field 'bogus.field'"
	err=$("$S" -c x 2>&1)
	assertNotEquals 0 $?
	assertContains "$err" "syscap: -c:"
	err=$("$S" -r /dev/null --engine bpf 2>&1)
	assertNotEquals 0 $?
	assertContains "$err" "syscap: --engine"
	err=$("$S" --bogus 2>&1)
	assertNotEquals 0 $?
	assertContains "$err" "syscap:"
	# ring sizes: a power of two of at least 4096, K/M/G suffixes; checked before any capture
	for b in 12345 2K 0 x 99999999999G; do
		err=$("$S" -B "$b" -c 1 2>&1)
		assertEquals "-B $b" 2 $?
		assertEquals "syscap: -B: '$b' is not a power of two of at least 4096 bytes" "$err"
	done
	if have_samples; then
		err=$("$S" --buffer-bytes 64k -r "$SAMPLES/falco_cat_write.scap" -c 1 2>&1 >/dev/null)
		assertEquals "-B 64k with -r: $err" 0 $?
	fi
}

test_truncated_capture() {
	need_samples
	local rc n
	zcat "$SAMPLES/libs_curl_google.scap" | head -c 100000 >"$T/trunc.scap"
	"$S" -r "$T/trunc.scap" >"$T/o" 2>"$T/e"
	rc=$?
	assertNotEquals "exit status" 0 $rc
	n=$(wc -l <"$T/o")
	assertTrue "events before the error printed ($n)" "[ $n -gt 600 ]"
	assertEquals 1 "$(wc -l <"$T/e")"
	assertContains "$(cat "$T/e")" "syscap: $T/trunc.scap:"
	# the message names the damaged block's kind and where it starts
	grep -Eq ': event block 0x[0-9a-f]+ at offset [0-9]+: ' "$T/e" ||
		fail "no block kind and offset in: $(cat "$T/e")"
}

# Corrupted captures: errors, never crashes (sanitizer reports count as crashes).
test_mutated_captures() {
	need_samples
	zcat "$SAMPLES/libs_curl_google.scap" >"$T/plain.scap"
	python3 - "$S" "$T/plain.scap" "$T/mut.scap" <<'PY'
import random, subprocess, sys
syscap, src, out = sys.argv[1:4]
data = open(src, "rb").read()
rng = random.Random(20261201)
for i in range(30):
    b = bytearray(data)
    for _ in range(rng.choice((1, 8, 40))):
        k = rng.randrange(32, len(b))
        b[k] = rng.randrange(256)
    open(out, "wb").write(b)
    for args in ([], ["-j", "fd.name contains a or proc.aname exists or evt.rawarg.res < 0"]):
        r = subprocess.run([syscap, "-r", out] + args, stdout=subprocess.DEVNULL,
                           stderr=subprocess.PIPE, timeout=60)
        err = r.stderr.decode(errors="replace")
        if r.returncode not in (0, 1) or "Sanitizer" in err or "runtime error" in err:
            sys.exit("mutation %d: exit %d\n%s" % (i, r.returncode, err[-800:]))
        if r.returncode == 1 and not err.startswith("syscap: "):
            sys.exit("mutation %d: error line does not start with 'syscap: ': %s" % (i, err[:200]))
PY
	assertEquals "mutated captures handled" 0 $?
}

# Debian's sysdig 0.29.3 on the same files prints the same for fields both know.
test_same_as_sysdig() {
	need_samples
	if ! command -v sysdig >/dev/null; then
		startSkipping
		echo "SKIP: sysdig not installed (apt-get install --no-install-recommends sysdig)"
		return
	fi
	local f fmt flt n=0
	for f in falco_cat_write falco_connect_localhost libs_curl_google libs_single_ipv6_conn \
		libs_test_ipv6_client; do
		# libs_test_ipv6_client reconnects a UDP socket at event 231: sysdig 0.29.3 keeps
		# the old peer, syscap follows the connect (its tuple names the new peer).
		local lim='evt.num > 0'
		[ $f = libs_test_ipv6_client ] && lim='evt.num < 231'
		while IFS='|' read -r fmt flt; do
			sysdig -r "$SAMPLES/$f.scap" -p "$fmt" "($flt) and $lim" >"$T/sd" 2>/dev/null
			"$S" -r "$SAMPLES/$f.scap" -p "$fmt" "($flt) and $lim" >"$T/sc"
			n=$((n + $(wc -l <"$T/sd")))
			assertEquals "$f: $fmt / $flt" "" "$(diff "$T/sd" "$T/sc" | head -6)"
		done <<'FMTS'
%evt.num %evt.time %evt.cpu %proc.name %thread.tid %proc.pid %evt.dir %evt.type %proc.exe %proc.args %proc.ppid %proc.pname %evt.res %evt.rawres %evt.failed|evt.dir = <
%evt.num %proc.name %evt.type %fd.num %fd.type %fd.typechar %fd.name %fd.directory %fd.filename|evt.type in (open, openat, read, write, close, fstat, socket, connect, accept, sendto, recvfrom)
%evt.num %evt.type %fd.name %fd.l4proto %fd.is_server %fd.sip %fd.sport %fd.cip %fd.cport %fd.sockfamily %fd.lip %fd.rip %fd.lport %fd.rport|fd.typechar in (4, 6)
%evt.num %evt.type %fd.num %fd.name %user.uid %user.name %group.gid %proc.vpid %thread.vtid %evt.is_io %evt.buflen|evt.is_io = true
%evt.num %evt.type %evt.args|evt.type in (open, openat, close, read, write, connect, accept, socket, sendto, recvfrom, execve, clone)
FMTS
	done
	assertTrue "sysdig printed $n lines to compare" "[ $n -gt 1000 ]"
	# sysdig's default line (every argument) for every event sysdig shows. mmap results are
	# left out: sysdig prints them in hex, libscap's printer in decimal.
	n=0
	for f in falco_cat_write falco_connect_localhost libs_curl_google libs_single_ipv6_conn \
		libs_test_ipv6_client; do
		local lim='evt.num > 0'
		[ $f = libs_test_ipv6_client ] && lim='evt.num < 231'
		sysdig -r "$SAMPLES/$f.scap" "not evt.type = mmap and $lim" >"$T/sd" 2>/dev/null
		"$S" -r "$SAMPLES/$f.scap" "not evt.type = mmap and $lim" >"$T/sc.all"
		awk 'NR == FNR { n[$1] = 1; next } ($1 in n)' "$T/sd" "$T/sc.all" >"$T/sc"
		n=$((n + $(wc -l <"$T/sd")))
		assertEquals "$f: default line" "" "$(diff "$T/sd" "$T/sc" | head -6)"
	done
	assertTrue "default lines compared: $n" "[ $n -gt 1000 ]"
}

# Live (root, bpf engine): a child opens /etc/hostname, connects to our listener and writes.
test_live_bpf() {
	local obj=${SYSCAP_BPF_OBJECT:-$SYSCAP_BUILD/bpf/syscap.bpf.o}
	# an uninstrumented child: LeakSanitizer's helper process would add events of its own
	local child=${SINSP_LIVE_CHILD:-$SYSCAP_BUILD/bin/sinsp_live_child}
	if [ "$(id -u)" != 0 ] || [ ! -r "$obj" ] || [ ! -x "$child" ]; then
		startSkipping
		echo "SKIP: live test needs root, $obj and sinsp_live_child"
		return
	fi
	local port pid out name
	# a command name of this run's own: another run of this test on the same host (its child
	# would be sinsp_live_chil too) must not show up in this capture
	name=$(printf 'slc%05d%05d' $$ $((RANDOM % 100000)))
	cp "$child" "$T/$name" && child=$T/$name
	python3 -c '
import socket, sys
s = socket.socket(); s.bind(("127.0.0.1", 0)); s.listen(1)
print(s.getsockname()[1], flush=True)
c, _ = s.accept(); c.recv(100); c.close()' >"$T/port" &
	local lpid=$!
	for _ in $(seq 50); do [ -s "$T/port" ] && break; sleep 0.1; done
	port=$(cat "$T/port")
	SYSCAP_BPF_OBJECT=$obj timeout 120 "$S" --engine bpf -M 90 -j \
		-p '*%evt.type %evt.dir %proc.pid %proc.name %fd.name %fd.sport %fd.cip %fd.is_server' \
		"proc.name = $name and evt.type in (open, openat, openat2, connect, write) and evt.dir = <" \
		>"$T/live" 2>"$T/live.err" &
	local spid=$!
	coproc CHILD { "$child" "$port"; }
	read -r pid <&"${CHILD[0]}"
	# the child acts once the capture is live: loading the probe takes seconds (more on a busy
	# machine), so ping the child until its write to /dev/null shows up
	for _ in $(seq 300); do
		grep -q '"fd.name":"/dev/null"' "$T/live" 2>/dev/null && break
		echo ping >&"${CHILD[1]}"
		sleep 0.2
	done
	echo go >&"${CHILD[1]}"
	wait "$CHILD_PID"
	assertEquals "child ran" 0 $?
	wait $lpid
	for _ in $(seq 100); do
		grep -q '"connect"' "$T/live" && grep '"write"' "$T/live" | grep -q "127.0.0.1:$port\"" && break
		sleep 0.2
	done
	kill -INT $spid 2>/dev/null
	wait $spid
	out=$(cat "$T/live")
	assertContains "$out" "{\"evt.type\":\"openat\",\"evt.dir\":\"<\",\"proc.pid\":$pid,\"proc.name\":\"$name\",\"fd.name\":\"/etc/hostname\""
	assertContains "$out" "\"evt.type\":\"connect\",\"evt.dir\":\"<\",\"proc.pid\":$pid,\"proc.name\":\"$name\",\"fd.name\":\"127.0.0.1:"
	# both ends are local addresses: sysdig's fd.is_server says true for such connections
	assertContains "$out" "->127.0.0.1:$port\",\"fd.sport\":$port,\"fd.cip\":\"127.0.0.1\",\"fd.is_server\":true}"
	assertEquals "write on the connected socket" 1 \
		"$(grep '"write"' "$T/live" | grep -c "\"proc.pid\":$pid,.*->127.0.0.1:$port\"")"
	assertEquals "only the child's events: $(grep -v "\"proc.pid\":$pid," "$T/live")" 0 \
		"$(grep -vc "\"proc.pid\":$pid," "$T/live")"
	if [ -s "$T/live.err" ]; then
		echo "syscap stderr: $(cat "$T/live.err")"
	fi
}

# Live -w: the capture holds the /proc state and reads back with names.
test_live_write() {
	local obj=${SYSCAP_BPF_OBJECT:-$SYSCAP_BUILD/bpf/syscap.bpf.o} n named
	if [ "$(id -u)" != 0 ] || [ ! -r "$obj" ]; then
		startSkipping
		echo "SKIP: live -w test needs root and $obj"
		return
	fi
	# -s 8: no I/O buffer in the capture is longer than 8 bytes (the probe's default is 80)
	SYSCAP_BPF_OBJECT=$obj timeout 60 "$S" --engine bpf -M 2 -s 8 -w "$T/livew.scap" &
	local spid=$!
	# events to see whenever the capture goes live (loading the probe takes seconds)
	(while :; do cat /etc/hostname >/dev/null; sleep 0.1; done) &
	local load=$!
	wait $spid
	local rc=$?
	kill $load 2>/dev/null
	wait $load 2>/dev/null
	assertEquals "live -w exit" 0 $rc
	n=$("$S" -r "$T/livew.scap" | wc -l)
	assertTrue "events in the live capture ($n)" "[ $n -gt 0 ]"
	# names come from the /proc state written first (or from execs seen)
	named=$("$S" -r "$T/livew.scap" -p '*%proc.name' | grep -vc '<NA>')
	assertTrue "events with a process name ($named of $n)" "[ $named -gt 0 ]"
	"$S" -r "$T/livew.scap" -p '%evt.arg.data' 'evt.is_io = true and evt.dir = < and evt.rawres > 8' |
		awk '{ n = length($0); if (n > max) max = n } END { print max + 0 }' >"$T/maxlen"
	assertEquals "-s 8: longest data buffer" 8 "$(cat "$T/maxlen")"
	# ancestry known from the state: some event has a named parent process
	assertTrue "events with a named parent" \
		"[ $("$S" -r "$T/livew.scap" -p '%proc.pname' 'proc.pname exists' | grep -vc '<NA>') -gt 0 ]"
}

SHUNIT_COLOR=none
. shunit2
