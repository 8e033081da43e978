#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# Downloads against a loopback HTTP server started and stopped here: repository order, HTTP
# errors, a hanging server, a connect that is never answered, truncated bodies, checksum and
# signature verification, http and https (CONNECT) proxies and no_proxy, file:// and directory
# mirrors, cache hits without network. After every failure the cache must
# hold no file (not even a partial one) and the exit status and message must say what happened.
. "$(dirname "$0")/lib.sh"

VER=10.2.0+driver
REL=6.1.0-13-amd64
KV='#1 SMP PREEMPT_DYNAMIC Debian 6.1.55-1 (2023-09-29)'
FILE=falco_debian_6.1.55-1-amd64_1.ko

oneTimeSetUp() {
	ROOT=$SHUNIT_TMPDIR/host
	mkroot "$ROOT" ID=debian 'VERSION_ID="12"'
	WWW=$SHUNIT_TMPDIR/www
	# the artifact: 300 KiB of pseudo-random bytes
	head -c 307200 /dev/urandom >"$SHUNIT_TMPDIR/module.ko"
	SUM=$(sha256sum "$SHUNIT_TMPDIR/module.ko" | cut -d' ' -f1)
	openssl genpkey -algorithm ed25519 -out "$SHUNIT_TMPDIR/ed.key" 2>/dev/null
	openssl pkey -in "$SHUNIT_TMPDIR/ed.key" -pubout -out "$SHUNIT_TMPDIR/ed.pub"
	openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$SHUNIT_TMPDIR/ec.key" 2>/dev/null
	openssl pkey -in "$SHUNIT_TMPDIR/ec.key" -pubout -out "$SHUNIT_TMPDIR/ec.pub"
	openssl genpkey -algorithm ed25519 -out "$SHUNIT_TMPDIR/other.key" 2>/dev/null
	openssl pkey -in "$SHUNIT_TMPDIR/other.key" -pubout -out "$SHUNIT_TMPDIR/other.pub"
	for repo in good nosum badsum signed ecsigned badsig; do
		local d=$WWW/$repo/$VER/$ARCH
		mkdir -p "$d"
		cp "$SHUNIT_TMPDIR/module.ko" "$d/$FILE"
	done
	for repo in good signed ecsigned badsig; do
		echo "$SUM  $FILE" >"$WWW/$repo/$VER/$ARCH/$FILE.sha256"
	done
	echo "$(echo "$SUM" | tr 0-9a-f a-f0-9 | cut -c1-64)  $FILE" >"$WWW/badsum/$VER/$ARCH/$FILE.sha256"
	openssl pkeyutl -sign -inkey "$SHUNIT_TMPDIR/ed.key" -rawin -in "$SHUNIT_TMPDIR/module.ko" \
		-out "$WWW/signed/$VER/$ARCH/$FILE.sig"
	openssl dgst -sha256 -sign "$SHUNIT_TMPDIR/ec.key" "$SHUNIT_TMPDIR/module.ko" |
		base64 >"$WWW/ecsigned/$VER/$ARCH/$FILE.sig"
	openssl pkeyutl -sign -inkey "$SHUNIT_TMPDIR/other.key" -rawin -in "$SHUNIT_TMPDIR/module.ko" \
		-out "$WWW/badsig/$VER/$ARCH/$FILE.sig"
	# a self-signed certificate for 127.0.0.1, used as the custom CA bundle
	openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 \
		-subj /CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1 \
		-keyout "$SHUNIT_TMPDIR/tls.key" -out "$SHUNIT_TMPDIR/tls.crt" 2>/dev/null
	httpd_start WEB
	httpd_start PROXY --proxy
	httpd_start TLS --tls "$SHUNIT_TMPDIR/tls.crt" "$SHUNIT_TMPDIR/tls.key"
	httpd_start HOLE --blackhole
	BASE=http://127.0.0.1:$WEB_PORT
	N=0
}

oneTimeTearDown() {
	httpd_stop WEB
	httpd_stop PROXY
	httpd_stop TLS
	httpd_stop HOLE
}

setUp() {
	N=$((N + 1))
	CACHE=$SHUNIT_TMPDIR/cache-$N
	unset http_proxy https_proxy no_proxy
}

# dl ARGS...: `download` for the fixed debian kernel into this test's cache
dl() {
	loader --host-root "$ROOT" --kernelrelease "$REL" --kernelversion "$KV" --cache-dir "$CACHE" \
		--retry-delay 100 "$@" download
}

cached() {
	echo "$CACHE/$VER/$ARCH/$FILE"
}

assertCacheEmpty() {
	local left
	left=$(find "$CACHE" -type f 2>/dev/null)
	assertEquals "$1: files left in the cache" "" "$left"
}

assertGoodFile() {
	assertEquals "$1: exit status ($ERR)" 0 "$RC"
	assertEquals "$1: prints the cached path" "$(cached)" "$OUT"
	assertEquals "$1: content" "$SUM" "$(sha256sum "$(cached)" 2>/dev/null | cut -d' ' -f1)"
	assertEquals "$1: only the artifact in the cache" "$(cached)" "$(find "$CACHE" -type f)"
}

requests() { # requests LOG PATTERN: how many logged requests match
	grep -c -- "$2" "$1"
}

lines() { # lines LOG: how many requests are logged so far
	wc -l <"$1"
}

since() { # since LOG N: the requests logged after the first N
	tail -n +"$(($2 + 1))" "$1"
}

test_404_then_200_on_second_repo() {
	dl --allow-http --repo "$BASE/404" --repo "$BASE/good"
	assertGoodFile "404 then 200"
	assertContains "says the first repository lacks it" "$ERR" "repository $BASE/404 has no $FILE"
	assertContains "checksum verified" "$ERR" "SHA-256 verified: $SUM"
	assertEquals "one request to the 404 repository" 1 "$(requests "$WEB_LOG" "GET /404/10.2.0%2Bdriver/$ARCH/$FILE")"
}

test_all_repositories_404() {
	dl --allow-http --repo "$BASE/404" --repo "$BASE/404/again"
	assertEquals "exit status: not found ($ERR)" 3 "$RC"
	assertContains "message" "$ERR" "no prebuilt driver $FILE for target debian"
	assertCacheEmpty "all 404"
}

test_server_error_500_retried() {
	dl --allow-http --retries 2 --repo "$BASE/500/a"
	assertEquals "exit status: network/server error ($ERR)" 5 "$RC"
	assertContains "message names the status" "$ERR" "HTTP 500 from the server"
	assertEquals "1 try + 2 retries" 3 "$(requests "$WEB_LOG" "GET /500/a/")"
	assertContains "first backoff step" "$ERR" "in 100 ms (attempt 2 of 3)"
	assertContains "the backoff doubles" "$ERR" "in 200 ms (attempt 3 of 3)"
	assertCacheEmpty "500"
}

test_hanging_server_timeout_holds() {
	local t0 t1
	t0=$(date +%s)
	dl --allow-http --timeout 2 --retries 0 --repo "$BASE/hang"
	t1=$(date +%s)
	assertEquals "exit status: network error ($ERR)" 5 "$RC"
	assertContains "message" "$ERR" "timed out"
	assertTrue "gave up within 10 s (took $((t1 - t0)) s)" "[ $((t1 - t0)) -le 10 ]"
	assertCacheEmpty "hang"
}

test_connect_timeout_on_its_own() {
	local t0 t1
	assertNotNull "the never-answering listener is up" "$HOLE_PORT"
	t0=$(date +%s)
	# the SYN is never answered: only the 1 s connect timeout ends each attempt, long before
	# the 20 s overall one (the kernel itself would retransmit the SYN for about 2 minutes)
	dl --allow-http --connect-timeout 1 --timeout 20 --retries 1 \
		--repo "http://127.0.0.1:$HOLE_PORT/good"
	t1=$(date +%s)
	assertEquals "exit status: network error ($ERR)" 5 "$RC"
	assertContains "message" "$ERR" "timed out"
	assertContains "names both timeouts" "$ERR" "connect timeout 1s, overall 20s"
	assertContains "a connect timeout is retried" "$ERR" "(attempt 2 of 2)"
	assertTrue "2 attempts ended by the connect timeout, not by the overall one (took $((t1 - t0)) s)" \
		"[ $((t1 - t0)) -lt 20 ]"
	assertEquals "no request reached the listener" 0 "$(lines "$HOLE_LOG")"
	assertCacheEmpty "connect timeout"
}

test_truncated_body() {
	dl --allow-http --retries 1 --repo "$BASE/truncate/good"
	assertEquals "exit status: network error ($ERR)" 5 "$RC"
	assertContains "message" "$ERR" "truncated download"
	assertCacheEmpty "truncated"
}

test_checksum_mismatch() {
	dl --allow-http --repo "$BASE/badsum"
	assertEquals "exit status: verification ($ERR)" 4 "$RC"
	assertContains "message" "$ERR" "checksum mismatch"
	assertContains "names the computed sum" "$ERR" "$SUM"
	assertCacheEmpty "checksum mismatch"
}

test_checksum_mismatch_then_good_repo() {
	dl --allow-http --repo "$BASE/badsum" --repo "$BASE/good"
	assertGoodFile "bad checksum in the first repository, good second"
	assertContains "the mismatch is reported" "$ERR" "checksum mismatch"
}

test_missing_checksum_auto_and_required() {
	dl --allow-http --verify checksum --repo "$BASE/nosum"
	assertEquals "policy checksum: exit status ($ERR)" 4 "$RC"
	assertContains "message" "$ERR" "no checksum published"
	assertCacheEmpty "checksum required"
	dl --allow-http --repo "$BASE/nosum"
	assertGoodFile "policy auto"
	assertContains "warns" "$ERR" "not verified"
}

test_good_ed25519_signature() {
	dl --allow-http --public-key "$SHUNIT_TMPDIR/ed.pub" --repo "$BASE/signed"
	assertGoodFile "ed25519 signature"
	assertContains "message" "$ERR" "signature verified"
}

test_good_ecdsa_base64_signature() {
	dl --allow-http --public-key "$SHUNIT_TMPDIR/ec.pub" --verify signature --repo "$BASE/ecsigned"
	assertGoodFile "ecdsa signature"
	assertContains "message" "$ERR" "signature verified"
}

test_bad_signature() {
	dl --allow-http --public-key "$SHUNIT_TMPDIR/ed.pub" --repo "$BASE/badsig"
	assertEquals "exit status: verification ($ERR)" 4 "$RC"
	assertContains "message" "$ERR" "bad signature"
	assertCacheEmpty "bad signature"
}

test_missing_signature_with_key() {
	dl --allow-http --public-key "$SHUNIT_TMPDIR/ed.pub" --repo "$BASE/good"
	assertEquals "exit status: verification ($ERR)" 4 "$RC"
	assertContains "message" "$ERR" "no signature published"
	assertCacheEmpty "missing signature"
}

test_signature_policy_without_key() {
	dl --allow-http --verify signature --repo "$BASE/signed"
	assertEquals "exit status: usage ($ERR)" 2 "$RC"
	assertContains "message" "$ERR" "needs a public key"
	assertCacheEmpty "no key"
}

test_plain_http_refused_without_flag() {
	local before
	before=$(wc -l <"$WEB_LOG")
	dl --repo "$BASE/good"
	assertEquals "exit status: usage ($ERR)" 2 "$RC"
	assertContains "message" "$ERR" "plain http is refused"
	assertEquals "no request was sent" "$before" "$(wc -l <"$WEB_LOG")"
	assertCacheEmpty "http refused"
}

test_proxy_from_environment() {
	export http_proxy=http://127.0.0.1:$PROXY_PORT
	dl --allow-http --repo "$BASE/good"
	unset http_proxy
	assertGoodFile "through the proxy"
	assertEquals "the proxy relayed the artifact" 1 \
		"$(requests "$PROXY_LOG" "GET $BASE/good/10.2.0%2Bdriver/$ARCH/$FILE\$")"
}

test_https_proxy_connect_tunnel() {
	local p t new
	p=$(lines "$PROXY_LOG")
	t=$(lines "$TLS_LOG")
	export https_proxy=http://127.0.0.1:$PROXY_PORT
	dl --ca-bundle "$SHUNIT_TMPDIR/tls.crt" --repo "https://127.0.0.1:$TLS_PORT/good"
	unset https_proxy
	assertGoodFile "https through the proxy"
	assertContains "checksum verified" "$ERR" "SHA-256 verified: $SUM"
	new=$(since "$PROXY_LOG" "$p")
	assertEquals "the proxy only opened tunnels to the https server (artifact, checksum)" \
		"CONNECT 127.0.0.1:$TLS_PORT
CONNECT 127.0.0.1:$TLS_PORT" "$new"
	assertEquals "the https server got the artifact request through the tunnel" 1 \
		"$(since "$TLS_LOG" "$t" | grep -c "^GET /good/10.2.0%2Bdriver/$ARCH/$FILE\$")"
}

test_https_proxy_tunnel_keeps_tls_end_to_end() {
	local p t
	p=$(lines "$PROXY_LOG")
	t=$(lines "$TLS_LOG")
	export https_proxy=http://127.0.0.1:$PROXY_PORT
	dl --retries 0 --repo "https://127.0.0.1:$TLS_PORT/good"
	unset https_proxy
	assertEquals "untrusted certificate behind the tunnel: TLS error ($ERR)" 5 "$RC"
	assertContains "names the certificate problem" "$ERR" "certificate"
	assertCacheEmpty "untrusted certificate behind the tunnel"
	assertEquals "the tunnel was opened" "CONNECT 127.0.0.1:$TLS_PORT" "$(since "$PROXY_LOG" "$p")"
	assertEquals "no request was sent over the untrusted connection" "$t" "$(lines "$TLS_LOG")"
}

test_https_proxy_tunnel_refused() {
	local p
	export https_proxy=http://127.0.0.1:$PROXY_PORT
	# 403: the proxy tunnels only to 127.0.0.1; a refusal is final (not retried)
	p=$(lines "$PROXY_LOG")
	dl --retries 2 --ca-bundle "$SHUNIT_TMPDIR/tls.crt" --repo "https://localhost:$TLS_PORT/good"
	assertEquals "403: exit status: network/server error ($ERR)" 5 "$RC"
	assertContains "403: message" "$ERR" "the proxy refused the tunnel with HTTP 403"
	assertNotContains "403: not retried" "$ERR" "retrying"
	assertEquals "403: one CONNECT" "CONNECT localhost:$TLS_PORT" "$(since "$PROXY_LOG" "$p")"
	assertCacheEmpty "tunnel forbidden"
	# 502: nothing listens where the tunnel should go; retried like a server's 5xx
	p=$(lines "$PROXY_LOG")
	dl --retries 1 --ca-bundle "$SHUNIT_TMPDIR/tls.crt" --repo "https://127.0.0.1:1/good"
	unset https_proxy
	assertEquals "502: exit status: network/server error ($ERR)" 5 "$RC"
	assertContains "502: message" "$ERR" "the proxy refused the tunnel with HTTP 502"
	assertContains "502: retried" "$ERR" "(attempt 2 of 2)"
	assertEquals "502: one CONNECT per attempt" 2 \
		"$(since "$PROXY_LOG" "$p" | grep -c '^CONNECT 127.0.0.1:1$')"
	assertCacheEmpty "tunnel to nowhere"
}

test_no_proxy_bypasses_the_proxy() {
	local p w t
	p=$(lines "$PROXY_LOG")
	w=$(lines "$WEB_LOG")
	t=$(lines "$TLS_LOG")
	export http_proxy=http://127.0.0.1:$PROXY_PORT https_proxy=http://127.0.0.1:$PROXY_PORT
	export no_proxy=example.invalid,127.0.0.1
	dl --allow-http --ca-bundle "$SHUNIT_TMPDIR/tls.crt" --repo "$BASE/404" \
		--repo "https://127.0.0.1:$TLS_PORT/good"
	unset http_proxy https_proxy no_proxy
	assertGoodFile "http and https hosts listed in no_proxy"
	assertContains "the first repository lacks it" "$ERR" "repository $BASE/404 has no $FILE"
	assertEquals "the proxy saw no request" "$p" "$(lines "$PROXY_LOG")"
	assertEquals "the http server was asked directly" 1 \
		"$(since "$WEB_LOG" "$w" | grep -c "^GET /404/10.2.0%2Bdriver/$ARCH/$FILE\$")"
	assertEquals "the https server was asked directly" 1 \
		"$(since "$TLS_LOG" "$t" | grep -c "^GET /good/10.2.0%2Bdriver/$ARCH/$FILE\$")"
	# a no_proxy list without this host leaves the proxy in use
	CACHE=$SHUNIT_TMPDIR/cache-$N-listed-elsewhere
	export https_proxy=http://127.0.0.1:$PROXY_PORT no_proxy=example.invalid,localhost
	dl --ca-bundle "$SHUNIT_TMPDIR/tls.crt" --repo "https://127.0.0.1:$TLS_PORT/good"
	unset https_proxy no_proxy
	assertGoodFile "host not in no_proxy"
	assertTrue "this time through the proxy" \
		"[ $(since "$PROXY_LOG" "$p" | grep -c "^CONNECT 127.0.0.1:$TLS_PORT\$") -ge 1 ]"
}

test_https_with_custom_ca() {
	local t
	t=$(lines "$TLS_LOG")
	dl --repo "https://127.0.0.1:$TLS_PORT/good"
	assertEquals "untrusted certificate: network/TLS error ($ERR)" 5 "$RC"
	assertContains "names the certificate problem" "$ERR" "certificate"
	assertCacheEmpty "untrusted certificate"
	assertEquals "no request was sent over the untrusted connection" "$t" "$(lines "$TLS_LOG")"
	dl --ca-bundle "$SHUNIT_TMPDIR/tls.crt" --repo "https://127.0.0.1:$TLS_PORT/good"
	assertGoodFile "https with --ca-bundle"
}

test_https_redirect_to_http_refused() {
	local before
	before=$(wc -l <"$WEB_LOG")
	dl --ca-bundle "$SHUNIT_TMPDIR/tls.crt" --repo "https://127.0.0.1:$TLS_PORT/redirect/$WEB_PORT/good"
	assertNotEquals "https -> http redirect refused ($ERR)" 0 "$RC"
	assertContains "message" "$ERR" "Protocol"
	assertCacheEmpty "redirect"
	assertEquals "the http server was never asked" "$before" "$(wc -l <"$WEB_LOG")"
}

test_extra_headers() {
	dl --allow-http --http-header 'X-Syscap-Test: h1' --repo "$BASE/good"
	assertGoodFile "extra header"
	assertTrue "the server saw the header" "grep -q 'GET /good/.*/$FILE x-syscap-test=h1' '$WEB_LOG'"
	SYSCAP_DRIVER_HTTP_HEADERS='X-Syscap-A: 1,X-Syscap-B: 2' dl --allow-http --repo "$BASE/good"
	assertEquals "second run is a cache hit" 0 "$RC"
}

test_progress_bar_only_on_a_terminal() {
	local cmd tty
	dl --allow-http --repo "$BASE/good"
	assertGoodFile "no terminal"
	assertNotContains "no progress bar without a terminal" "$ERR" "100%"
	if ! command -v script >/dev/null 2>&1; then
		echo "SKIP: script(1) is missing: the terminal half is not checked"
		return 0
	fi
	CACHE=$SHUNIT_TMPDIR/cache-$N-tty
	printf -v cmd '%q ' "$LOADER" --config /dev/null --host-root "$ROOT" --kernelrelease "$REL" \
		--kernelversion "$KV" --cache-dir "$CACHE" --allow-http --repo "$BASE/good" download
	tty=$(script -q -e -c "$cmd" /dev/null 2>&1)
	assertEquals "on a terminal: exit status ($tty)" 0 "$?"
	assertContains "progress bar on a terminal" "$tty" "[####################] 100%"
	tty=$(script -q -e -c "rm -rf '$CACHE'; $cmd -q" /dev/null 2>&1)
	assertNotContains "--quiet: no progress bar" "$tty" "100%"
}

test_file_url_mirror() {
	dl --repo "file://$WWW/good"
	assertGoodFile "file:// mirror"
}

test_directory_mirror() {
	dl --repo "$WWW/good"
	assertGoodFile "directory mirror"
	dl --repo "$WWW/404"
	assertGoodFile "cache hit from the directory mirror run"
}

test_directory_mirror_missing() {
	dl --repo "$WWW/nothing-here"
	assertEquals "exit status: not found ($ERR)" 3 "$RC"
	assertCacheEmpty "missing directory mirror"
}

test_cache_hit_without_network() {
	local before
	dl --allow-http --repo "$BASE/good"
	assertGoodFile "first download"
	before=$(wc -l <"$WEB_LOG")
	# port 1 on loopback: nothing listens, any network use would fail
	dl --allow-http --repo "http://127.0.0.1:1/good"
	assertGoodFile "cache hit"
	assertContains "message" "$ERR" "in the cache: no download needed"
	assertEquals "no request was sent" "$before" "$(wc -l <"$WEB_LOG")"
}

test_cache_file_writable_by_others_is_not_trusted() {
	dl --repo "$WWW/good"
	assertGoodFile "first download"
	chmod 666 "$(cached)"
	dl --repo "$WWW/good"
	assertGoodFile "downloaded again over the untrusted file"
	assertContains "says why the cached file was ignored" "$ERR" "ignoring $(cached)"
	assertEquals "the replacement is 0644" 644 "$(stat -c %a "$(cached)")"
	chmod 777 "$(dirname "$(cached)")"
	dl --repo "$WWW/nothing-here"
	assertEquals "world-writable cache directory: not used ($ERR)" 3 "$RC"
	assertContains "says why" "$ERR" "is writable by others"
	chmod 755 "$(dirname "$(cached)")"
}

test_connection_refused() {
	dl --allow-http --retries 1 --repo "http://127.0.0.1:1/good"
	assertEquals "exit status: network ($ERR)" 5 "$RC"
	assertContains "retried" "$ERR" "retrying"
	assertCacheEmpty "refused"
}

test_interrupted_download_leaves_nothing() {
	local pid part
	"$LOADER" --config /dev/null --host-root "$ROOT" --kernelrelease "$REL" --kernelversion "$KV" \
		--cache-dir "$CACHE" --allow-http --timeout 60 --retries 0 --repo "$BASE/hang" \
		download 2>/dev/null &
	pid=$!
	for _ in $(seq 1 50); do
		part=$(find "$CACHE" -name '*.part' 2>/dev/null)
		[ -n "$part" ] && break
		sleep 0.1
	done
	assertNotNull "a temporary .part file is used while downloading" "$part"
	kill -TERM "$pid"
	wait "$pid"
	assertEquals "killed by SIGTERM" 143 "$?"
	assertCacheEmpty "interrupted"
}

test_undetermined_target_downloads_nothing() {
	mkdir -p "$SHUNIT_TMPDIR/empty-root"
	loader --host-root "$SHUNIT_TMPDIR/empty-root" --kernelrelease "$REL" --kernelversion "$KV" \
		--cache-dir "$CACHE" --allow-http --repo "$BASE/good" download
	assertEquals "exit status: not found ($ERR)" 3 "$RC"
	assertContains "message" "$ERR" "undetermined"
	assertCacheEmpty "undetermined"
}

. shunit2
