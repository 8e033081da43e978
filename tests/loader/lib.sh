# SPDX-License-Identifier: Apache-2.0
# Helpers for the driver-loader shunit2 suites (sourced).
LOADER_TESTS_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
SYSCAP_SRC=${SYSCAP_SRC:-$(cd "$LOADER_TESTS_DIR/../.." && pwd)}
SYSCAP_BUILD=${SYSCAP_BUILD:-$SYSCAP_SRC/build}
LOADER=${LOADER:-$SYSCAP_BUILD/bin/syscap-driver-loader}
ARCH=$(uname -m)
export SHUNIT_COLOR=none # tests/lib/tier.sh reads the plain summary

# Nothing from the caller's environment or /etc may change what the tests see.
for _v in $(env | sed -n 's/^\(SYSCAP_DRIVER_[A-Z_]*\)=.*/\1/p') HOST_ROOT http_proxy https_proxy \
	HTTPS_PROXY ALL_PROXY all_proxy no_proxy NO_PROXY; do
	unset "$_v"
done

# loader ARGS...: run with an empty configuration file; output in $OUT/$ERR, status in $RC.
loader() {
	OUT=$("$LOADER" --config /dev/null "$@" 2>"$SHUNIT_TMPDIR/stderr")
	RC=$?
	ERR=$(cat "$SHUNIT_TMPDIR/stderr")
}

# envval KEY: value of KEY="..." in $OUT
envval() {
	printf '%s\n' "$OUT" | sed -n "s/^$1=\"\\(.*\\)\"\$/\\1/p"
}

# mkroot DIR [KEY=VALUE...]: a fake host root with etc/os-release
mkroot() {
	local dir=$1
	shift
	mkdir -p "$dir/etc"
	: >"$dir/etc/os-release"
	for kv in "$@"; do
		printf '%s\n' "$kv" >>"$dir/etc/os-release"
	done
}

# httpd_start NAME [--proxy | --tls CERT KEY | --blackhole]: start the loopback server (see
# httpd.py); sets ${NAME}_PORT, ${NAME}_LOG
httpd_start() {
	local name=$1 pf pid
	shift
	pf="$SHUNIT_TMPDIR/$name.port"
	rm -f "$pf"
	python3 "$LOADER_TESTS_DIR/httpd.py" --root "$SHUNIT_TMPDIR/www" --port-file "$pf" \
		--log "$SHUNIT_TMPDIR/$name.log" "$@" &
	pid=$!
	eval "${name}_PID=$pid"
	for _ in $(seq 1 200); do
		[ -s "$pf" ] && break
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.05
	done
	if [ ! -s "$pf" ]; then
		echo "httpd_start: the loopback server $name did not start (within 10 s)" >&2
		return 1
	fi
	eval "${name}_PORT=$(cat "$pf")"
	eval "${name}_LOG=$SHUNIT_TMPDIR/$name.log"
}

httpd_stop() {
	local pid
	eval "pid=\${$1_PID:-}"
	[ -n "$pid" ] || return 0
	kill -TERM "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	eval "$1_PID="
}
