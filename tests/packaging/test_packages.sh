#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# shunit2 suite for the packages (tier 80): builds the current and a previous version with
# scripts/build-packages, lints them, installs the .debs from a local apt repository (file://),
# checks DKMS builds syscap.ko for installed Debian kernel headers and again after a second
# kernel's headers arrive, builds downstream programs against the -dev packages, upgrades,
# purges and checks nothing is left; then the rpms: queries, scratch-root install, repo metadata.
# Needs root (apt, dpkg, dkms). Environment: SYSCAP_SRC, SYSCAP_BUILD, SYSCAP_SAMPLES (optional),
# SYSCAP_PKG_REUSE=1 reuses packages already built by a previous run (development only).
set -u

SRC=${SYSCAP_SRC:-$(cd "$(dirname "$0")/../.." && pwd)}
BUILD=${SYSCAP_BUILD:-$SRC/build}
SAMPLES=${SYSCAP_SAMPLES:-$SRC/../shared/samples}
OUT=$BUILD/packages
OUT_PREV=$BUILD/packages-prev
WORK=$BUILD/packages-test
SOURCES_LIST=/etc/apt/sources.list.d/syscap-packaging-test.list
PKGS="syscap-dkms syscap-bpf libscap0 libscap-dev libsinsp0 libsinsp-dev syscap-driver-loader syscap"
RPMS="syscap-dkms syscap-bpf libscap0 libscap-devel libsinsp0 libsinsp-devel syscap-driver-loader syscap"
SAMPLE=libs_curl_google.scap
SAMPLE_EVENTS=1536 # EV blocks in the sample (shared/samples/README.md)
export DEBIAN_FRONTEND=noninteractive
APT="apt-get -q -y --no-install-recommends -o DPkg::Lock::Timeout=600 -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold"

VERSION=$(head -n 1 "$SRC/VERSION")
VERSION=${VERSION%%+*}
DEBVER=${VERSION/-/\~}-1
# The previous release for the upgrade test: a pre-release of this version sorts before it
# (X.Y.Z~prev.1 < X.Y.Z), which also exercises the SemVer '-' -> '~' mapping end to end.
PREV=${VERSION%%-*}-prev.1
PREV_DEBVER=${PREV/-/\~}-1

log() { printf '    %s\n' "$*"; }
built() { grep -q "^$1: built" "$OUT/BUILT.txt" 2>/dev/null; }
deb_of() { ls "$1/$2_"*.deb 2>/dev/null | head -n 1; }
installed_version() { dpkg-query -W -f='${Status} ${Version}' "$1" 2>/dev/null | sed -n 's/^install ok installed //p'; }

apt_update_local() { # list file
	apt-get -q -o DPkg::Lock::Timeout=600 -o Dir::Etc::sourcelist="$1" -o Dir::Etc::sourceparts=- \
		-o APT::Get::List-Cleanup=0 update >"$WORK/apt-update.log" 2>&1
}

make_repo() { # dir-with-debs -> writes Packages/Release there
	(cd "$1" && apt-ftparchive packages . >Packages && apt-ftparchive release . >Release)
}

purge_all() {
	local p present=
	for p in $PKGS; do # installed, half-installed or only config files left
		case $(dpkg-query -W -f='${db:Status-Abbrev}' "$p" 2>/dev/null) in
		"" | un*) ;;
		*) present="$present $p" ;;
		esac
	done
	# shellcheck disable=SC2086
	[ -z "$present" ] || $APT purge $present >>"$WORK/purge.log" 2>&1 ||
		dpkg --purge --force-all $present >>"$WORK/purge.log" 2>&1
}

# Newest installed 6.1 generic headers, else the newest in the archive; never `uname -r`.
pick_base_kernel() {
	local k
	k=$(dpkg-query -W -f='${Package} ${Status}\n' 'linux-headers-6.1.0-*-amd64' 2>/dev/null |
		awk '$NF == "installed" && $1 ~ /^linux-headers-6\.1\.0-[0-9]+-amd64$/ {print $1}' |
		sort -V | tail -n 1)
	[ -n "$k" ] || k=$(apt-cache pkgnames linux-headers-6.1.0- | grep -E '^linux-headers-6\.1\.0-[0-9]+-amd64$' |
		sort -V | tail -n 1)
	echo "${k#linux-headers-}"
}

# A second kernel whose headers are NOT installed yet: the cloud flavour of the base ABI, else
# another 6.1 ABI. Installing it must trigger DKMS's kernel hook.
pick_second_kernel() {
	local base=$1 abi cand
	abi=${base%-amd64}
	for cand in "linux-headers-$abi-cloud-amd64" \
		$(apt-cache pkgnames linux-headers-6.1.0- | grep -E '^linux-headers-6\.1\.0-[0-9]+-(cloud-)?amd64$' | sort -rV); do
		[ "$cand" = "linux-headers-$base" ] && continue
		[ -n "$(installed_version "$cand")" ] && continue
		apt-cache show "$cand" >/dev/null 2>&1 || continue
		echo "${cand#linux-headers-}"
		return 0
	done
	return 1
}

# Kernels with headers, oldest first (what DKMS can build for).
kernels_with_headers() {
	local b
	for b in /lib/modules/*/build; do
		[ -d "$b" ] && basename "$(dirname "$b")"
	done | sort -V
}

dkms_state() { # version kernel -> prints installed/built/added or nothing
	dkms status -m syscap -v "$1" -k "$2" 2>/dev/null | sed -n 's/.*: \([a-z]*\).*/\1/p' | head -n 1
}

check_module_for() { # version kernel
	local v=$1 k=$2 ko
	assertEquals "dkms status of syscap/$v for $k" installed "$(dkms_state "$v" "$k")"
	ko=$(ls /lib/modules/"$k"/updates/dkms/syscap.ko* 2>/dev/null | head -n 1)
	assertNotNull "syscap.ko installed under /lib/modules/$k/updates/dkms" "$ko"
	[ -n "$ko" ] || return
	assertEquals "vermagic of $ko" "$k" "$(modinfo -F vermagic "$ko" | awk '{print $1}')"
	assertEquals "module version of $ko" "$v" "$(modinfo -F version "$ko")"
}

oneTimeSetUp() {
	mkdir -p "$WORK"
	rm -f "$WORK"/*.log
	STARTED=$(date +%s)
	purge_all
	rm -f "$SOURCES_LIST"
	if [ "${SYSCAP_PKG_REUSE:-0}" = 1 ] && [ -f "$OUT/BUILT.txt" ] && [ -f "$OUT_PREV/BUILT.txt" ]; then
		log "reusing packages in $OUT and $OUT_PREV"
	else
		"$SRC/scripts/build-packages" --out "$OUT" >"$WORK/build.log" 2>&1 || BUILD_FAILED=1
		"$SRC/scripts/build-packages" --out "$OUT_PREV" --version "$PREV" --no-rpm \
			>"$WORK/build-prev.log" 2>&1 || BUILD_FAILED=1
	fi
	sed 's/^/    build: /' "$WORK/build.log" 2>/dev/null | grep -E 'LEFT OUT|failed|: (built|NOT)' | sort -u
	log "packages built in $(($(date +%s) - STARTED)) s"
	KBASE=$(pick_base_kernel)
	KSECOND=
	INSTALLED_SECOND=0
}

setUp() {
	endSkipping
	TEST_STARTED=$(date +%s)
}

# One line per test for tests/tiers/80-packages.sh: shunit2's own summary counts failed
# assertions, not failed tests. (__shunit_testSuccess/_shunit_test_ are shunit2 2.1.8 internals.)
tearDown() {
	[ -n "${_shunit_test_:-}" ] || return 0 # shunit2's exit trap calls tearDown once more
	if isSkipping; then
		echo "RESULT SKIP ${_shunit_test_:-?} ($(($(date +%s) - ${TEST_STARTED:-0})) s)"
	elif [ "${__shunit_testSuccess:-1}" = "${SHUNIT_TRUE:-0}" ]; then
		echo "RESULT PASS ${_shunit_test_:-?} ($(($(date +%s) - ${TEST_STARTED:-0})) s)"
	else
		echo "RESULT FAIL ${_shunit_test_:-?} ($(($(date +%s) - ${TEST_STARTED:-0})) s)"
	fi
}

oneTimeTearDown() {
	[ -z "${TORN_DOWN:-}" ] || return 0 # shunit2 may call it again from its exit trap
	TORN_DOWN=1
	purge_all
	rm -f "$SOURCES_LIST"
	if [ "$INSTALLED_SECOND" = 1 ]; then
		$APT purge "linux-headers-$KSECOND" >>"$WORK/purge.log" 2>&1
		$APT autoremove >>"$WORK/purge.log" 2>&1
	fi
	log "suite took $(($(date +%s) - STARTED)) s"
}

test_build_every_package() {
	assertNull "build-packages failed (logs in $WORK/build*.log): $(tail -n 5 "$WORK/build.log" "$WORK/build-prev.log" 2>/dev/null)" "${BUILD_FAILED:-}"
	local p
	for p in $PKGS; do
		assertTrue "$p: $(grep "^$p:" "$OUT/BUILT.txt" 2>/dev/null)" "built $p"
		if built "$p"; then
			assertNotNull "$p .deb in $OUT" "$(deb_of "$OUT" "$p")"
			assertEquals "$p version" "$DEBVER" "$(dpkg-deb -f "$(deb_of "$OUT" "$p")" Version 2>/dev/null)"
		fi
	done
	if built syscap; then # shlibs/symbols: the CLI depends on the runtime library packages
		local dep
		dep=$(dpkg-deb -f "$(deb_of "$OUT" syscap)" Depends 2>/dev/null)
		assertContains "syscap Depends: $dep" "$dep" "libsinsp0 (>= "
		assertContains "syscap Depends: $dep" "$dep" "libscap0 (>= "
	fi
	if built libscap0; then # dlopen()ed, so not found by dpkg-shlibdeps
		dep=$(dpkg-deb -f "$(deb_of "$OUT" libscap0)" Depends 2>/dev/null)
		assertContains "libscap0 Depends: $dep" "$dep" "zlib1g"
		if built syscap-bpf; then
			assertContains "libscap0 Depends: $dep" "$dep" "libbpf1"
		fi
	fi
	assertTrue "source tarball" "[ -s '$OUT/syscap-$VERSION.tar.gz' ]"
	assertTrue "Debian source package" "[ -s '$OUT/syscap_$DEBVER.dsc' ]"
}

test_semver_maps_to_tilde() {
	local out
	out=$("$SRC/scripts/build-packages" --print-versions --version 2.1.0-rc.2)
	assertEquals "2.1.0-rc.2 2.1.0~rc.2-1 2.1.0~rc.2-1" "$out"
	assertTrue "2.1.0~rc.2 sorts before 2.1.0" "dpkg --compare-versions 2.1.0~rc.2-1 lt 2.1.0-1"
	assertTrue "rpm: 2.1.0~rc.2 sorts before 2.1.0" \
		"[ \"\$(rpm --eval '%{lua: print(rpm.vercmp(\"2.1.0~rc.2\", \"2.1.0\"))}')\" = -1 ]"
	out=$("$SRC/scripts/build-packages" --print-versions --version 1.2 2>&1)
	assertFalse "a non-SemVer version is refused" $?
	assertContains "the refusal names the problem" "$out" "not SemVer"
}

test_source_tarball_reproducible() {
	local again=$WORK/tarball-again
	rm -rf "$again"
	"$SRC/scripts/build-packages" --out "$again" --no-deb --no-rpm >"$WORK/tarball-again.log" 2>&1
	assertTrue "tarball-only build: $(tail -n 3 "$WORK/tarball-again.log")" $?
	assertEquals "same tarball twice" "$(sha256sum <"$OUT/syscap-$VERSION.tar.gz")" \
		"$(sha256sum <"$again/syscap-$VERSION.tar.gz" 2>/dev/null)"
	assertEquals "top directory" "syscap-$VERSION/VERSION" \
		"$(tar -tzf "$OUT/syscap-$VERSION.tar.gz" 2>/dev/null | grep -x "syscap-$VERSION/VERSION")"
}

test_debian_source_package_unpacks() {
	local d=$WORK/dsc
	rm -rf "$d" && mkdir -p "$d"
	assertTrue "dpkg-source -x" "dpkg-source -x '$OUT/syscap_$DEBVER.dsc' '$d/syscap' >/dev/null 2>&1"
	assertTrue "debian/control in the source package" "[ -f '$d/syscap/debian/control' ]"
	assertEquals "VERSION in the source package" "$VERSION" "$(head -n 1 "$d/syscap/VERSION" 2>/dev/null)"
}

test_lintian_clean() {
	local out
	out=$(lintian --pedantic "$OUT/syscap_${DEBVER}_amd64.changes" 2>&1 | grep -E '^[EW]: ')
	assertNull "lintian errors/warnings: $out" "$out"
}

test_apt_install_previous_version() {
	[ -z "${BUILD_FAILED:-}" ] || fail "packages were not built"
	assertNotNull "no Debian 6.1 kernel headers in the archive" "$KBASE"
	if [ -z "$(installed_version "linux-headers-$KBASE")" ]; then
		$APT install "linux-headers-$KBASE" >"$WORK/headers-base.log" 2>&1
		assertTrue "install linux-headers-$KBASE" $?
	fi
	mkdir -p "$WORK/repo-prev" && rm -f "$WORK/repo-prev"/*
	cp "$OUT_PREV"/*.deb "$WORK/repo-prev/" && make_repo "$WORK/repo-prev"
	echo "deb [trusted=yes] file:$WORK/repo-prev ./" >"$SOURCES_LIST"
	apt_update_local "$SOURCES_LIST"
	assertTrue "apt-get update of the local repository" $?
	local want="" p
	for p in $PKGS; do built "$p" && want="$want $p"; done
	# shellcheck disable=SC2086
	$APT install $want >"$WORK/install-prev.log" 2>&1
	assertTrue "apt-get install of $PREV_DEBVER: $(tail -n 15 "$WORK/install-prev.log")" $?
	for p in $want; do
		assertEquals "$p installed" "$PREV_DEBVER" "$(installed_version "$p")"
	done
	if built syscap-dkms; then # a first installation builds for every kernel with headers
		local k
		for k in $(kernels_with_headers); do
			check_module_for "$PREV" "$k"
		done
	fi
	# An administrator's change to the loader's conffile must survive the upgrade.
	if built syscap-driver-loader; then
		assertNotNull "the loader's unit is enabled for boot" \
			"$(find /etc/systemd/system -name syscap-driver-loader.service 2>/dev/null)"
		CONFFILE=$(dpkg-query -W -f='${Conffiles}\n' syscap-driver-loader | awk 'NF {print $1; exit}')
		assertNotNull "syscap-driver-loader has a conffile" "${CONFFILE:-}"
		[ -n "${CONFFILE:-}" ] && echo "# local change kept across upgrades" >>"$CONFFILE"
	fi
}

test_apt_upgrade_to_current() {
	[ -z "${BUILD_FAILED:-}" ] || fail "packages were not built"
	mkdir -p "$WORK/repo" && rm -f "$WORK/repo"/*
	cp "$OUT"/*.deb "$WORK/repo/" && make_repo "$WORK/repo"
	echo "deb [trusted=yes] file:$WORK/repo ./" >>"$SOURCES_LIST"
	apt_update_local "$SOURCES_LIST"
	local want="" p
	for p in $PKGS; do built "$p" && want="$want $p"; done
	# shellcheck disable=SC2086
	$APT install $want >"$WORK/upgrade.log" 2>&1
	assertTrue "apt-get install (upgrade) to $DEBVER: $(tail -n 15 "$WORK/upgrade.log")" $?
	for p in $want; do
		assertEquals "$p upgraded" "$DEBVER" "$(installed_version "$p")"
	done
	if built syscap-dkms; then
		# Debian's DKMS postinst on an upgrade builds for the running kernel and the newest one;
		# the running kernel here (no headers, no modules) does not count, so: the newest.
		local newest ko
		newest=$(kernels_with_headers | tail -n 1)
		check_module_for "$VERSION" "$newest"
		for ko in /lib/modules/*/updates/dkms/syscap.ko*; do
			[ -e "$ko" ] || continue
			assertEquals "no module of the previous version left: $ko" "$VERSION" "$(modinfo -F version "$ko")"
		done
		assertNull "old DKMS version removed" "$(dkms status -m syscap -v "$PREV" 2>/dev/null)"
		assertFalse "old DKMS sources removed" "[ -e /usr/src/syscap-$PREV ]"
	fi
	if [ -n "${CONFFILE:-}" ]; then
		assertTrue "local conffile change kept" "grep -q 'local change kept' '$CONFFILE'"
	fi
	if built syscap; then
		assertTrue "syscap --version after the upgrade says $VERSION: $(syscap --version 2>&1 | head -n 1)" \
			"syscap --version 2>&1 | head -n 1 | tr ' ' '\n' | grep -qx -- '$VERSION'"
	fi
}

test_kernel_upgrade_rebuilds_module() {
	built syscap-dkms || { fail "syscap-dkms was not built"; return; }
	[ "$(installed_version syscap-dkms)" = "$DEBVER" ] || { fail "syscap-dkms $DEBVER is not installed"; return; }
	KSECOND=$(pick_second_kernel "$KBASE")
	assertNotNull "no second kernel headers package available" "$KSECOND"
	[ -n "$KSECOND" ] || return
	log "second kernel: $KSECOND"
	$APT install "linux-headers-$KSECOND" >"$WORK/headers-second.log" 2>&1
	local rc=$?
	INSTALLED_SECOND=1
	assertEquals "install linux-headers-$KSECOND (DKMS hook): $(tail -n 15 "$WORK/headers-second.log")" 0 $rc
	check_module_for "$VERSION" "$KSECOND"
	# DKMS's hook stops at the first broken module: name any other registration that was present.
	local foreign
	foreign=$(ls /var/lib/dkms 2>/dev/null | grep -v -e '^syscap$' -e '^mok\.')
	[ -z "$foreign" ] || log "other DKMS registrations present during the kernel hook: $foreign"
}

test_dev_packages_pkgconfig_program() {
	built libsinsp-dev || { fail "libsinsp-dev was not built"; return; }
	local d=$WORK/pc
	rm -rf "$d" && mkdir -p "$d"
	# shellcheck disable=SC2046
	cc -Wall -Wextra -Werror -o "$d/count_sinsp" "$SRC/tests/packaging/consumer/count_sinsp.c" \
		$(pkg-config --cflags --libs libsinsp) >"$d/cc.log" 2>&1
	assertTrue "cc \$(pkg-config --cflags --libs libsinsp): $(cat "$d/cc.log")" $?
	assertEquals "pkg-config --modversion libsinsp" "$VERSION" "$(pkg-config --modversion libsinsp)"
	# Compare real paths: with merged /usr, ldd may report /lib/... for /usr/lib/...
	assertEquals "libsinsp.so.0 from the package" \
		"$(readlink -f "/usr/lib/$(dpkg-architecture -qDEB_HOST_MULTIARCH)/libsinsp.so.0")" \
		"$(readlink -f "$(ldd "$d/count_sinsp" 2>/dev/null | awk '/libsinsp\.so/ {print $3}')")"
	assertEquals "events read from $SAMPLE" "events $SAMPLE_EVENTS" "$("$d/count_sinsp" "$SAMPLES/$SAMPLE" 2>&1)"
	# shellcheck disable=SC2046
	cc -Wall -Wextra -Werror -o "$d/count_scap" "$SRC/tests/packaging/consumer/count_scap.c" \
		$(pkg-config --cflags --libs libscap) >"$d/cc-scap.log" 2>&1
	assertTrue "cc \$(pkg-config --cflags --libs libscap): $(cat "$d/cc-scap.log")" $?
	assertEquals "events read by libscap alone" "events $SAMPLE_EVENTS" "$("$d/count_scap" "$SAMPLES/$SAMPLE" 2>&1)"
}

test_dev_packages_cmake_find_package() {
	built libsinsp-dev || { fail "libsinsp-dev was not built"; return; }
	local d=$WORK/cmake
	rm -rf "$d"
	cmake -S "$SRC/tests/packaging/consumer" -B "$d" >"$WORK/cmake-consumer.log" 2>&1 &&
		cmake --build "$d" >>"$WORK/cmake-consumer.log" 2>&1
	assertTrue "find_package(libscap/libsinsp) consumer builds: $(tail -n 20 "$WORK/cmake-consumer.log")" $?
	assertEquals "count_scap on $SAMPLE" "events $SAMPLE_EVENTS" "$("$d/count_scap" "$SAMPLES/$SAMPLE" 2>&1)"
	assertEquals "count_sinsp on $SAMPLE" "events $SAMPLE_EVENTS" "$("$d/count_sinsp" "$SAMPLES/$SAMPLE" 2>&1)"
}

test_bpf_object_is_libscap_default() {
	built syscap-bpf || { fail "syscap-bpf was not built"; return; }
	local obj lib
	obj=$(dpkg -L syscap-bpf 2>/dev/null | grep '/syscap\.bpf\.o$')
	assertNotNull "syscap-bpf ships syscap.bpf.o" "$obj"
	assertTrue "$obj is an eBPF ELF object" "LC_ALL=C readelf -h '$obj' | grep -q 'Machine: *Linux BPF'"
	lib=$(dpkg -L libscap0 | grep '/libscap\.so\.0$')
	# The default compiled into libscap (SYSCAP_BPF_OBJECT_PATH) must be exactly this file.
	assertTrue "libscap's default probe path is $obj" "strings -a '$lib' | grep -qx '$obj'"
}

# The installed CLI captures live with the eBPF engine and no --bpf-object: it must be the
# packaged probe that gets loaded (moving it away makes the capture fail, naming its path).
test_cli_loads_installed_probe() {
	built syscap && built syscap-bpf || { fail "syscap or syscap-bpf was not built"; return; }
	if [ ! -r /sys/kernel/btf/vmlinux ]; then
		startSkipping
		echo "    no /sys/kernel/btf/vmlinux: the CO-RE probe cannot load on this kernel"
		return
	fi
	local obj out rc
	obj=$(dpkg -L syscap-bpf 2>/dev/null | grep '/syscap\.bpf\.o$')
	# The probe never reports its consumer's own threads and a CI host can be
	# idle: a child makes the syscalls the capture must see.
	(while :; do cat /etc/hostname >/dev/null; sleep 0.1; done) &
	local load=$!
	out=$(env -u SYSCAP_BPF_OBJECT timeout -k 5 60 syscap --engine bpf -c 20 -M 20 2>&1)
	rc=$?
	kill $load 2>/dev/null
	wait $load 2>/dev/null
	assertEquals "syscap --engine bpf -c 20 with the installed probe: $(echo "$out" | tail -n 5)" 0 $rc
	assertTrue "syscap printed events" "[ $(echo "$out" | grep -c .) -ge 1 ]"
	mv "$obj" "$obj.moved"
	out=$(env -u SYSCAP_BPF_OBJECT timeout -k 5 60 syscap --engine bpf -c 1 -M 10 2>&1)
	rc=$?
	mv "$obj.moved" "$obj"
	assertNotEquals "without the packaged probe the capture fails" 0 $rc
	assertContains "the error names the packaged probe path" "$out" "$obj"
}

test_purge_leaves_nothing() {
	[ -n "$(installed_version libscap0)" ] || { fail "nothing installed to purge"; return; }
	local files p left
	files=$WORK/installed-files.txt
	for p in $PKGS; do dpkg -L "$p" 2>/dev/null; done | sort -u >"$files"
	purge_all
	for p in $PKGS; do
		assertNull "$p still known to dpkg" "$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -v not-installed)"
	done
	left=$(while read -r f; do
		[ -d "$f" ] && continue # shared directories (and /lib -> usr/lib) stay
		if [ -e "$f" ] || [ -L "$f" ]; then echo "$f"; fi
	done <"$files")
	assertNull "files left after purge: $left" "$left"
	assertNull "DKMS still knows syscap: $(dkms status -m syscap 2>&1)" "$(dkms status -m syscap 2>/dev/null)"
	assertFalse "/var/lib/dkms/syscap left" "[ -e /var/lib/dkms/syscap ]"
	assertNull "DKMS sources left" "$(ls -d /usr/src/syscap-* 2>/dev/null)"
	assertNull "modules left" "$(ls /lib/modules/*/updates/dkms/syscap.ko* 2>/dev/null)"
	assertNull "directories left" "$(ls -d /etc/syscap /usr/include/scap /usr/include/sinsp /usr/include/syscap \
		/usr/lib/*/syscap /usr/lib/*/cmake/libscap /usr/lib/*/cmake/libsinsp 2>/dev/null)"
	assertNull "systemd links left" "$(find /etc/systemd -name 'syscap*' 2>/dev/null)"
	assertFalse "syscap module loaded" "grep -q '^syscap ' /proc/modules"
}

test_rpm_queries() {
	local r f
	for r in $RPMS; do
		f=$(ls "$OUT/$r-"[0-9]*.rpm 2>/dev/null | grep -v '\.src\.rpm$' | head -n 1)
		case $r in syscap-dkms | syscap-bpf | syscap-driver-loader | syscap) built "$r" || continue ;; libsinsp*) built libsinsp0 || continue ;; esac
		assertNotNull "$r rpm built" "$f"
		[ -n "$f" ] || continue
		eval "RPM_${r//-/_}=\$f"
	done
	assertTrue "source rpm" "ls '$OUT'/syscap-*.src.rpm >/dev/null 2>&1"
	local lib=/usr/lib64
	assertTrue "libscap0 has the SONAME link" "rpm -qpl '${RPM_libscap0:-}' | grep -qx $lib/libscap.so.0"
	assertTrue "libscap-devel: pc + cmake config" "rpm -qpl '${RPM_libscap_devel:-}' | grep -qx $lib/pkgconfig/libscap.pc && rpm -qpl '${RPM_libscap_devel:-}' | grep -qx $lib/cmake/libscap/libscap-config.cmake"
	assertTrue "libscap-devel requires libscap0 of the same version" \
		"rpm -qpR '${RPM_libscap_devel:-}' | grep -q '^libscap0(x86-64) = ${VERSION/-/\~}-1'"
	assertTrue "libscap0 provides libscap.so.0" "rpm -qp --provides '${RPM_libscap0:-}' | grep -q '^libscap.so.0()(64bit)'"
	if built syscap-dkms; then
		assertTrue "syscap-dkms: dkms.conf" "rpm -qpl '${RPM_syscap_dkms:-}' | grep -qx /usr/src/syscap-$VERSION/dkms.conf"
		assertTrue "syscap-dkms requires dkms" "rpm -qpR '${RPM_syscap_dkms:-}' | grep -q '^dkms'"
		assertTrue "syscap-dkms %post runs dkms for installed headers" \
			"rpm -qp --scripts '${RPM_syscap_dkms:-}' | grep -q 'dkms build -m syscap'"
	fi
	if built syscap-bpf; then
		assertTrue "syscap-bpf: object path" "rpm -qpl '${RPM_syscap_bpf:-}' | grep -qx $lib/syscap/syscap.bpf.o"
	fi
	if built syscap; then
		assertTrue "syscap requires libsinsp.so.0" "rpm -qpR '${RPM_syscap:-}' | grep -q 'libsinsp.so.0()(64bit)'"
	fi
}

test_rpmlint_no_errors() {
	local out
	out=$(rpmlint -r "$SRC/packaging/rpm/syscap.rpmlintrc" "$OUT"/*.rpm 2>&1)
	assertNull "rpmlint errors: $(echo "$out" | grep ' E: ')" "$(echo "$out" | grep ' E: ')"
	log "rpmlint: $(echo "$out" | tail -n 1)"
}

test_rpm_scratch_root_install() {
	local root=$WORK/rpmroot bins expected actual
	rm -rf "$root" && mkdir -p "$root"
	bins=$(ls "$OUT"/*.rpm | grep -v '\.src\.rpm$')
	# shellcheck disable=SC2086
	rpm --root "$root" --dbpath /var/lib/rpm -i --nodeps --noscripts $bins >"$WORK/rpm-root.log" 2>&1
	assertTrue "rpm --root install: $(cat "$WORK/rpm-root.log")" $?
	# shellcheck disable=SC2086
	expected=$(rpm -qp --qf '[%{FILEMODES:perms} %{FILENAMES}\n]' $bins | awk '$1 !~ /^d/ {print $2}' | sort -u)
	actual=$(cd "$root" && find . \( -type f -o -type l \) ! -path './var/lib/rpm*' ! -path './usr/lib/sysimage/*' | sed 's|^\.||' | sort)
	assertEquals "installed files = rpm -qpl files" "$expected" "$actual"
	assertEquals "rpm database lists every package" "$(echo "$bins" | wc -l)" "$(rpm --root "$root" --dbpath /var/lib/rpm -qa | wc -l)"
}

test_createrepo_metadata() {
	local repo=$WORK/yum n
	rm -rf "$repo" && mkdir -p "$repo"
	cp "$OUT"/*.rpm "$repo/" && rm -f "$repo"/*.src.rpm
	createrepo_c -q "$repo" >"$WORK/createrepo.log" 2>&1
	assertTrue "createrepo_c: $(cat "$WORK/createrepo.log")" $?
	assertTrue "repomd.xml" "[ -s '$repo/repodata/repomd.xml' ]"
	n=$(zcat "$repo"/repodata/*-primary.xml.gz 2>/dev/null | grep -c '<package type="rpm">')
	assertEquals "packages in primary.xml" "$(ls "$repo"/*.rpm | wc -l)" "$n"
}

# The rpm scriptlets for real: %post must build and install the module through DKMS for every
# kernel with headers, %preun must remove it. rpm's own database (--dbpath) knows nothing of dpkg,
# hence --nodeps; the .deb is purged by now (both own /usr/src/syscap-<version>).
test_rpm_dkms_scriptlets() {
	built syscap-dkms || { fail "syscap-dkms was not built"; return; }
	[ -z "$(installed_version syscap-dkms)" ] || { fail "the syscap-dkms .deb is still installed"; return; }
	local db=$WORK/rpmdb rpmfile k
	rpmfile=$(ls "$OUT"/syscap-dkms-[0-9]*.noarch.rpm 2>/dev/null | head -n 1)
	assertNotNull "syscap-dkms rpm" "$rpmfile"
	[ -n "$rpmfile" ] || return
	rm -rf "$db" && mkdir -p "$db"
	rpm --dbpath "$db" -i --nodeps "$rpmfile" >"$WORK/rpm-dkms.log" 2>&1
	assertTrue "rpm -i syscap-dkms: $(tail -n 10 "$WORK/rpm-dkms.log")" $?
	for k in $(kernels_with_headers); do
		check_module_for "$VERSION" "$k"
	done
	rpm --dbpath "$db" -e --nodeps syscap-dkms >>"$WORK/rpm-dkms.log" 2>&1
	assertTrue "rpm -e syscap-dkms: $(tail -n 10 "$WORK/rpm-dkms.log")" $?
	assertNull "DKMS state left by the rpm: $(dkms status -m syscap 2>&1)" "$(dkms status -m syscap 2>/dev/null)"
	assertNull "modules left by the rpm" "$(ls /lib/modules/*/updates/dkms/syscap.ko* /lib/modules/*/extra/syscap.ko* 2>/dev/null)"
	assertFalse "/usr/src/syscap-$VERSION left by the rpm" "[ -e /usr/src/syscap-$VERSION ]"
}

# shellcheck disable=SC1091
. /usr/bin/shunit2
