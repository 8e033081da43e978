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
RPMVER=$(echo "$VERSION" | sed -e 's/-/~/' -e 's/-/_/g')-1 # rpm Version cannot hold '-'
# The previous release for the upgrade test: a pre-release of this version sorts before it
# (X.Y.Z~prev.1 < X.Y.Z), which also exercises the SemVer '-' -> '~' mapping end to end.
PREV=${VERSION%%-*}-prev.1
PREV_DEBVER=${PREV/-/\~}-1

# A command's status goes into rc before an assertion whose message holds $(...): the message's
# command substitution would reset $? to 0 and the assertion could never fail.
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
		# DKMS ran depmod for that kernel: its modules.* indexes outlive the headers package.
		local kd=/lib/modules/$KSECOND
		if [ -n "$KSECOND" ] && [ -d "$kd" ] &&
			[ -z "$(find "$kd" -mindepth 1 ! -name 'modules.*' -print -quit)" ]; then
			rm -rf "$kd"
		fi
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
	# What each package must carry (issue: -dev contents, conffile, unit, man pages).
	local ma=usr/lib/x86_64-linux-gnu entry
	for entry in "libscap-dev ./usr/include/scap/scap.h" "libscap-dev ./usr/include/syscap/schema.h" \
		"libscap-dev ./$ma/libscap.so" "libscap-dev ./$ma/pkgconfig/libscap.pc" \
		"libscap-dev ./$ma/cmake/libscap/libscap-config.cmake" \
		"libscap-dev ./$ma/cmake/libscap/libscap-config-version.cmake" \
		"libsinsp-dev ./usr/include/sinsp/sinsp.h" "libsinsp-dev ./$ma/libsinsp.so" \
		"libsinsp-dev ./$ma/pkgconfig/libsinsp.pc" \
		"libsinsp-dev ./$ma/cmake/libsinsp/libsinsp-config.cmake" \
		"syscap-bpf ./$ma/syscap/syscap.bpf.o" "syscap-dkms ./usr/src/syscap-$VERSION/dkms.conf" \
		"syscap-driver-loader ./etc/syscap/driver-loader.conf" \
		"syscap-driver-loader ./lib/systemd/system/syscap-driver-loader.service" \
		"syscap-driver-loader ./usr/share/man/man8/syscap-driver-loader.8.gz" \
		"syscap ./usr/bin/syscap" "syscap ./usr/share/man/man1/syscap.1.gz"; do
		p=${entry%% *}
		built "$p" || continue
		assertTrue "$p contains ${entry#* }" \
			"dpkg-deb -c '$(deb_of "$OUT" "$p")' | awk '{print \$6}' | grep -qxF '${entry#* }'"
	done
	if built syscap-dkms; then
		assertEquals "syscap-dkms Architecture" all "$(dpkg-deb -f "$(deb_of "$OUT" syscap-dkms)" Architecture)"
	fi
	if built syscap-driver-loader; then
		assertEquals "syscap-driver-loader conffiles" "/etc/syscap/driver-loader.conf" \
			"$(dpkg-deb --ctrl-tarfile "$(deb_of "$OUT" syscap-driver-loader)" | tar -xOf - ./conffiles 2>/dev/null)"
	fi
	if built syscap-dkms; then
		assertTrue "syscap-dkms: dkms.conf has AUTOINSTALL=\"yes\"" \
			"dpkg-deb --fsys-tarfile '$(deb_of "$OUT" syscap-dkms)' | tar -xOf - ./usr/src/syscap-$VERSION/dkms.conf | grep -qx 'AUTOINSTALL=\"yes\"'"
		assertTrue "syscap-dkms postinst registers and builds through DKMS (dh_dkms)" \
			"dpkg-deb --ctrl-tarfile '$(deb_of "$OUT" syscap-dkms)' | tar -xOf - ./postinst | grep -qx 'DKMS_VERSION=$VERSION'"
		assertTrue "syscap-dkms prerm removes the DKMS version" \
			"dpkg-deb --ctrl-tarfile '$(deb_of "$OUT" syscap-dkms)' | tar -xOf - ./prerm | grep -q 'dkms remove -m \$DKMS_NAME -v \$DKMS_VERSION --all'"
		assertTrue "syscap-dkms prerm unloads an unused syscap.ko on remove" \
			"dpkg-deb --ctrl-tarfile '$(deb_of "$OUT" syscap-dkms)' | tar -xOf - ./prerm | grep -A1 '\"\$1\" = remove' | grep -q /sys/module/syscap"
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

# docs/ABI.md: SONAMEs libscap.so.0 / libsinsp.so.0, exports limited by the version scripts (every
# exported symbol carries the library's version node and its prefix), and the Debian symbols
# files list exactly what the packaged libraries export: dpkg-gensymbols -c4 fails on a symbol
# that is missing from the file as well as on one that is gone from the library.
test_library_sonames_exports_symbols() {
	local x=$WORK/libs lib pkg so f bad
	rm -rf "$x" && mkdir -p "$x"
	for lib in scap:LIBSCAP_ sinsp:LIBSINSP_; do
		pkg=lib${lib%%:*}0
		built "$pkg" || { fail "$pkg was not built"; continue; }
		rm -rf "${x:?}/$pkg" && mkdir -p "$x/$pkg"
		dpkg-deb -x "$(deb_of "$OUT" "$pkg")" "$x/$pkg"
		so=lib${lib%%:*}.so.0
		f=$(find "$x/$pkg" -name "$so.*" -type f | head -n 1)
		assertNotNull "$pkg ships $so.*" "$f"
		[ -n "$f" ] || continue
		assertEquals "SONAME of $f" "$so" \
			"$(LC_ALL=C readelf -d "$f" | sed -n 's/.*(SONAME).*\[\(.*\)\]/\1/p')"
		# Each defined dynamic symbol: "name@@NODE", or the version node itself ("NODE").
		bad=$(nm -D --defined-only --with-symbol-versions "$f" | awk '{print $3}' |
			grep -v -E "^(${lib%%:*}_[A-Za-z0-9_]+@@)?${lib#*:}[0-9.]+$")
		assertNull "$so exports outside its version script: $bad" "$bad"
		assertTrue "$so exports at least 10 symbols" \
			"[ $(nm -D --defined-only "$f" | grep -c " T ${lib%%:*}_") -ge 10 ]"
		# -v later than this release: dpkg-gensymbols ignores a listed symbol that is missing
		# when it was introduced by the version being built.
		(cd "$x/$pkg" && dpkg-gensymbols -c4 -p"$pkg" -P. -v"${VERSION/-/\~}+check" \
			-I"$SRC/packaging/deb/debian/$pkg.symbols" -O"$x/$pkg.symbols" \
			-e"${f#"$x/$pkg/"}") >"$x/$pkg.log" 2>&1
		local rc=$?
		assertTrue "packaging/deb/debian/$pkg.symbols matches $so exactly: $(head -n 20 "$x/$pkg.log")" "$rc"
	done
}

test_semver_maps_to_tilde() {
	local out
	out=$("$SRC/scripts/build-packages" --print-versions --version 2.1.0-rc.2)
	assertEquals "2.1.0-rc.2 2.1.0~rc.2-1 2.1.0~rc.2-1" "$out"
	assertTrue "2.1.0~rc.2 sorts before 2.1.0" "dpkg --compare-versions 2.1.0~rc.2-1 lt 2.1.0-1"
	assertTrue "rpm: 2.1.0~rc.2 sorts before 2.1.0" \
		"[ \"\$(rpm --eval '%{lua: print(rpm.vercmp(\"2.1.0~rc.2\", \"2.1.0\"))}')\" = -1 ]"
	# A '-' inside the pre-release: kept by dpkg, '_' for rpm (a Version cannot hold '-'), and
	# rc-1 still sorts after rc as in SemVer. The spec must compute the same rpm Version.
	out=$("$SRC/scripts/build-packages" --print-versions --version 2.1.0-rc-1)
	assertEquals "2.1.0-rc-1 2.1.0~rc-1-1 2.1.0~rc_1-1" "$out"
	assertTrue "deb: 2.1.0~rc-1 sorts after 2.1.0~rc" "dpkg --compare-versions 2.1.0~rc-1-1 gt 2.1.0~rc-1"
	assertTrue "rpm: 2.1.0~rc_1 sorts after 2.1.0~rc" \
		"[ \"\$(rpm --eval '%{lua: print(rpm.vercmp(\"2.1.0~rc_1\", \"2.1.0~rc\"))}')\" = 1 ]"
	local v spec
	for v in 2.1.0-rc-1 2.1.0-rc.2 2.1.0; do
		spec=$(rpmspec -q --srpm --qf '%{version}-%{release}' --define "syscap_version $v" \
			"$SRC/packaging/rpm/syscap.spec" 2>/dev/null)
		assertEquals "syscap.spec Version-Release for $v" \
			"$("$SRC/scripts/build-packages" --print-versions --version "$v" | cut -d' ' -f3)" "$spec"
	done
	out=$("$SRC/scripts/build-packages" --print-versions --version 1.2 2>&1)
	assertFalse "a non-SemVer version is refused" $?
	assertContains "the refusal names the problem" "$out" "not SemVer"
}

test_source_tarball_reproducible() {
	local again=$WORK/tarball-again
	rm -rf "$again"
	"$SRC/scripts/build-packages" --out "$again" --no-deb --no-rpm >"$WORK/tarball-again.log" 2>&1
	local rc=$?
	assertTrue "tarball-only build: $(tail -n 3 "$WORK/tarball-again.log")" "$rc"
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
	local rc=$?
	assertTrue "apt-get install of $PREV_DEBVER: $(tail -n 15 "$WORK/install-prev.log")" "$rc"
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
	local rc=$?
	assertTrue "apt-get install (upgrade) to $DEBVER: $(tail -n 15 "$WORK/upgrade.log")" "$rc"
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
	local rc=$?
	assertTrue "cc \$(pkg-config --cflags --libs libsinsp): $(cat "$d/cc.log")" "$rc"
	assertEquals "pkg-config --modversion libsinsp" "$VERSION" "$(pkg-config --modversion libsinsp)"
	# Compare real paths: with merged /usr, ldd may report /lib/... for /usr/lib/...
	assertEquals "libsinsp.so.0 from the package" \
		"$(readlink -f "/usr/lib/$(dpkg-architecture -qDEB_HOST_MULTIARCH)/libsinsp.so.0")" \
		"$(readlink -f "$(ldd "$d/count_sinsp" 2>/dev/null | awk '/libsinsp\.so/ {print $3}')")"
	assertEquals "events read from $SAMPLE" "events $SAMPLE_EVENTS" "$("$d/count_sinsp" "$SAMPLES/$SAMPLE" 2>&1)"
	# shellcheck disable=SC2046
	cc -Wall -Wextra -Werror -o "$d/count_scap" "$SRC/tests/packaging/consumer/count_scap.c" \
		$(pkg-config --cflags --libs libscap) >"$d/cc-scap.log" 2>&1
	local rc=$?
	assertTrue "cc \$(pkg-config --cflags --libs libscap): $(cat "$d/cc-scap.log")" "$rc"
	assertEquals "events read by libscap alone" "events $SAMPLE_EVENTS" "$("$d/count_scap" "$SAMPLES/$SAMPLE" 2>&1)"
}

test_dev_packages_cmake_find_package() {
	built libsinsp-dev || { fail "libsinsp-dev was not built"; return; }
	local d=$WORK/cmake
	rm -rf "$d"
	cmake -S "$SRC/tests/packaging/consumer" -B "$d" >"$WORK/cmake-consumer.log" 2>&1 &&
		cmake --build "$d" >>"$WORK/cmake-consumer.log" 2>&1
	local rc=$?
	assertTrue "find_package(libscap/libsinsp) consumer builds: $(tail -n 20 "$WORK/cmake-consumer.log")" "$rc"
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
	# The module only loads when DKMS built it for the running kernel (its headers installed).
	if grep -q '^syscap ' /proc/modules; then
		log "syscap.ko is loaded before the purge"
	else
		log "syscap.ko is not loaded before the purge (no module for $(uname -r)): the last check is trivial"
	fi
	if built syscap-dkms; then # remove (not purge) already takes the module out of DKMS
		$APT remove syscap-dkms >"$WORK/remove-dkms.log" 2>&1
		local rc=$?
		assertTrue "apt-get remove syscap-dkms: $(tail -n 10 "$WORK/remove-dkms.log")" "$rc"
		assertNull "DKMS still knows syscap after remove: $(dkms status -m syscap 2>&1)" \
			"$(dkms status -m syscap 2>/dev/null)"
		assertNull "modules left after remove" "$(ls /lib/modules/*/updates/dkms/syscap.ko* 2>/dev/null)"
		assertNull "DKMS sources left after remove" "$(ls -d /usr/src/syscap-* 2>/dev/null)"
	fi
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
		"rpm -qpR '${RPM_libscap_devel:-}' | grep -q '^libscap0(x86-64) = $RPMVER'"
	assertTrue "libscap0 provides libscap.so.0" "rpm -qp --provides '${RPM_libscap0:-}' | grep -q '^libscap.so.0()(64bit)'"
	if built syscap-dkms; then
		assertTrue "syscap-dkms: dkms.conf" "rpm -qpl '${RPM_syscap_dkms:-}' | grep -qx /usr/src/syscap-$VERSION/dkms.conf"
		assertTrue "syscap-dkms requires dkms" "rpm -qpR '${RPM_syscap_dkms:-}' | grep -q '^dkms'"
		# posttrans, after an old package's preun (which removes the same DKMS version in a
		# reinstall); preun removes this version on erase and upgrade.
		assertTrue "syscap-dkms %posttrans runs dkms for installed headers" \
			"rpm -qp --qf '%{POSTTRANS}' '${RPM_syscap_dkms:-}' | grep -q 'dkms build -m syscap'"
		assertTrue "syscap-dkms %preun removes its DKMS version" \
			"rpm -qp --qf '%{PREUN}' '${RPM_syscap_dkms:-}' | grep -q 'dkms remove -m syscap -v $VERSION --all'"
		assertTrue "syscap-dkms %preun unloads an unused syscap.ko on erase" \
			"rpm -qp --qf '%{PREUN}' '${RPM_syscap_dkms:-}' | grep -q 'rmmod syscap'"
	fi
	if built syscap-bpf; then
		assertTrue "syscap-bpf: object path" "rpm -qpl '${RPM_syscap_bpf:-}' | grep -qx $lib/syscap/syscap.bpf.o"
	fi
	if built libsinsp0; then
		assertTrue "libsinsp0 provides libsinsp.so.0" "rpm -qp --provides '${RPM_libsinsp0:-}' | grep -q '^libsinsp.so.0()(64bit)'"
		assertTrue "libsinsp-devel: headers, .so link, pc + cmake config" \
			"rpm -qpl '${RPM_libsinsp_devel:-}' | grep -qx /usr/include/sinsp/sinsp.h && rpm -qpl '${RPM_libsinsp_devel:-}' | grep -qx $lib/libsinsp.so && rpm -qpl '${RPM_libsinsp_devel:-}' | grep -qx $lib/pkgconfig/libsinsp.pc && rpm -qpl '${RPM_libsinsp_devel:-}' | grep -qx $lib/cmake/libsinsp/libsinsp-config.cmake"
	fi
	if built syscap-bpf; then # the rpm's libscap looks for the probe under its own libdir
		local x=$WORK/rpm-libscap
		rm -rf "$x" && mkdir -p "$x"
		(cd "$x" && rpm2cpio "${RPM_libscap0:-/dev/null}" | cpio -id --quiet 2>/dev/null)
		assertTrue "rpm libscap's default probe path is $lib/syscap/syscap.bpf.o" \
			"strings -a '$x$lib/libscap.so.0' | grep -qx '$lib/syscap/syscap.bpf.o'"
	fi
	# dlopen()ed by libscap, so required by soname in the spec.
	assertTrue "libscap0 requires libz.so.1" "rpm -qpR '${RPM_libscap0:-}' | grep -qxF 'libz.so.1()(64bit)'"
	if built syscap-bpf; then
		assertTrue "libscap0 requires libbpf.so.1" "rpm -qpR '${RPM_libscap0:-}' | grep -qxF 'libbpf.so.1()(64bit)'"
	fi
	if built syscap; then
		assertTrue "syscap requires libsinsp.so.0" "rpm -qpR '${RPM_syscap:-}' | grep -q 'libsinsp.so.0()(64bit)'"
		assertTrue "syscap: man page" "rpm -qpl '${RPM_syscap:-}' | grep -q '^/usr/share/man/man1/syscap\.1'"
	fi
	if built syscap-driver-loader; then
		assertEquals "syscap-driver-loader %config files" /etc/syscap/driver-loader.conf \
			"$(rpm -qpc "${RPM_syscap_driver_loader:-}" 2>/dev/null)"
		assertTrue "syscap-driver-loader: unit + man page" \
			"rpm -qpl '${RPM_syscap_driver_loader:-}' | grep -qx /usr/lib/systemd/system/syscap-driver-loader.service && rpm -qpl '${RPM_syscap_driver_loader:-}' | grep -q '^/usr/share/man/man8/syscap-driver-loader\.8'"
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
	local rc=$?
	assertTrue "rpm --root install: $(cat "$WORK/rpm-root.log")" "$rc"
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
	local rc=$?
	assertTrue "createrepo_c: $(cat "$WORK/createrepo.log")" "$rc"
	assertTrue "repomd.xml" "[ -s '$repo/repodata/repomd.xml' ]"
	n=$(zcat "$repo"/repodata/*-primary.xml.gz 2>/dev/null | grep -c '<package type="rpm">')
	assertEquals "packages in primary.xml" "$(ls "$repo"/*.rpm | wc -l)" "$n"
}

# The rpm scriptlets for real: %posttrans must build and install the module through DKMS for every
# kernel with headers (also after a same-version upgrade), %preun must remove it. rpm's own database (--dbpath) knows nothing of dpkg,
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
	local rc=$?
	assertTrue "rpm -i syscap-dkms: $(tail -n 10 "$WORK/rpm-dkms.log")" "$rc"
	for k in $(kernels_with_headers); do
		check_module_for "$VERSION" "$k"
	done
	# An upgrade to a package with the same DKMS version (reinstall, Release bump): the old
	# package's preun runs after the new one's scripts; the module must still be there at the end.
	rpm --dbpath "$db" -U --replacepkgs --nodeps "$rpmfile" >>"$WORK/rpm-dkms.log" 2>&1
	local rc=$?
	assertTrue "rpm -U --replacepkgs syscap-dkms: $(tail -n 10 "$WORK/rpm-dkms.log")" "$rc"
	for k in $(kernels_with_headers); do
		check_module_for "$VERSION" "$k"
	done
	rpm --dbpath "$db" -e --nodeps syscap-dkms >>"$WORK/rpm-dkms.log" 2>&1
	local rc=$?
	assertTrue "rpm -e syscap-dkms: $(tail -n 10 "$WORK/rpm-dkms.log")" "$rc"
	assertNull "DKMS state left by the rpm: $(dkms status -m syscap 2>&1)" "$(dkms status -m syscap 2>/dev/null)"
	assertNull "modules left by the rpm" "$(ls /lib/modules/*/updates/dkms/syscap.ko* /lib/modules/*/extra/syscap.ko* 2>/dev/null)"
	assertFalse "/usr/src/syscap-$VERSION left by the rpm" "[ -e /usr/src/syscap-$VERSION ]"
}

# shellcheck disable=SC1091
. /usr/bin/shunit2
