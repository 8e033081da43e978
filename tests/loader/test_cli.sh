#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# Command line, settings precedence, env --json, help/man/completion, the install decisions that
# can be checked on fake host roots (no modules, COS, Oracle UEK, Secure Boot, lockdown), and the
# live bpf choice on this host.
. "$(dirname "$0")/lib.sh"

REL=6.1.0-13-amd64
KV='#1 SMP PREEMPT_DYNAMIC Debian 6.1.55-1 (2023-09-29)'

oneTimeSetUp() {
	ROOT=$SHUNIT_TMPDIR/host
	mkroot "$ROOT" ID=debian
	K=(--host-root "$ROOT" --kernelrelease "$REL" --kernelversion "$KV")
}

test_env_keys_in_reference_order() {
	loader "${K[@]}" env
	assertEquals "exit ($ERR)" 0 "$RC"
	assertEquals "keys" "DRIVER DRIVERS_REPO DRIVER_VERSION DRIVER_NAME HOST_ROOT TARGET_ID ARCH KERNEL_RELEASE KERNEL_VERSION FIXED_KERNEL_RELEASE FIXED_KERNEL_VERSION KMOD_FILE KMOD_URLS" \
		"$(printf '%s\n' "$OUT" | sed 's/=.*//' | tr '\n' ' ' | sed 's/ $//')"
	assertEquals "default repository" "https://download.falco.org/driver" "$(envval DRIVERS_REPO)"
	assertEquals "default name" "falco" "$(envval DRIVER_NAME)"
	assertEquals "newest upstream version our libscap accepts" "10.2.0+driver" "$(envval DRIVER_VERSION)"
}

test_env_json_matches_lines() {
	local json
	loader "${K[@]}" --repo https://127.0.0.1:9/x --repo /srv/mirror env
	json=$("$LOADER" --config /dev/null "${K[@]}" --repo https://127.0.0.1:9/x --repo /srv/mirror env --json 2>/dev/null)
	assertEquals "same content" "$OUT" "$(printf '%s' "$json" | python3 -c '
import json, sys
for k, v in json.load(sys.stdin).items():
    print("%s=\"%s\"" % (k, v))')"
	assertEquals "URLs in repository order" \
		"https://127.0.0.1:9/x/10.2.0%2Bdriver/$ARCH/falco_debian_6.1.55-1-amd64_1.ko, file:///srv/mirror/10.2.0%2Bdriver/$ARCH/falco_debian_6.1.55-1-amd64_1.ko" \
		"$(envval KMOD_URLS)"
}

test_precedence_flag_env_conf_default() {
	local conf=$SHUNIT_TMPDIR/p.conf
	printf 'driver_name = fromconf\nrepo = /conf/one\nrepo = /conf/two\ndriver_version = 1.0.0+conf\n' >"$conf"
	OUT=$("$LOADER" --config "$conf" "${K[@]}" env 2>/dev/null)
	assertEquals "conf over default" "fromconf" "$(envval DRIVER_NAME)"
	assertEquals "conf repos, in order" "/conf/one, /conf/two" "$(envval DRIVERS_REPO)"
	OUT=$(SYSCAP_DRIVER_NAME=fromenv SYSCAP_DRIVER_REPOS=/env/a,/env/b "$LOADER" --config "$conf" "${K[@]}" env 2>/dev/null)
	assertEquals "env over conf" "fromenv" "$(envval DRIVER_NAME)"
	assertEquals "env repos replace conf repos" "/env/a, /env/b" "$(envval DRIVERS_REPO)"
	assertEquals "conf still used for unset keys" "1.0.0+conf" "$(envval DRIVER_VERSION)"
	OUT=$(SYSCAP_DRIVER_NAME=fromenv SYSCAP_DRIVER_REPOS=/env/a "$LOADER" --config "$conf" "${K[@]}" --driver-name fromflag --repo /flag/x env 2>/dev/null)
	assertEquals "flag over env" "fromflag" "$(envval DRIVER_NAME)"
	assertEquals "flag repos replace env repos" "/flag/x" "$(envval DRIVERS_REPO)"
	OUT=$(HOST_ROOT=$ROOT SYSCAP_DRIVER_KERNEL_RELEASE=5.15.0-1009-aws SYSCAP_DRIVER_KERNEL_VERSION='#11-Ubuntu SMP' "$LOADER" --config /dev/null env 2>/dev/null)
	assertEquals "HOST_ROOT and kernel from the environment" "debian 5.15.0-1009-aws" "$(envval TARGET_ID) $(envval KERNEL_RELEASE)"
	OUT=$(SYSCAP_DRIVER_CONFIG=$conf "$LOADER" "${K[@]}" env 2>/dev/null)
	assertEquals "SYSCAP_DRIVER_CONFIG picks the file" "fromconf" "$(envval DRIVER_NAME)"
	OUT=$(SYSCAP_DRIVER_VERSION=1.0.0+env SYSCAP_DRIVER_KERNEL_RELEASE=5.15.0-1009-aws \
		SYSCAP_DRIVER_KERNEL_VERSION='#11-Ubuntu SMP' "$LOADER" --config "$conf" "${K[@]}" \
		--driver-version '2.0.0+flag x' env 2>/dev/null)
	assertEquals "--driver-version over env and conf" "2.0.0+flag x" "$(envval DRIVER_VERSION)"
	assertEquals "--kernelrelease over env" "$REL" "$(envval KERNEL_RELEASE)"
	assertEquals "--kernelversion over env" "$KV" "$(envval KERNEL_VERSION)"
	assertEquals "the version is URL-encoded in the URL" \
		"file:///conf/one/2.0.0%2Bflag+x/$ARCH/fromconf_debian_6.1.55-1-amd64_1.ko" \
		"$(envval KMOD_URLS | cut -d, -f1)"
}

test_bad_settings_are_named() {
	local conf=$SHUNIT_TMPDIR/bad.conf
	printf '# ok\n\ntimeout = soon\n' >"$conf"
	"$LOADER" --config "$conf" env >/dev/null 2>"$SHUNIT_TMPDIR/e"
	assertEquals "bad value: exit 2" 2 "$?"
	assertContains "names file and line" "$(cat "$SHUNIT_TMPDIR/e")" "$conf:3: 'timeout' needs a non-negative number"
	printf 'colour = blue\n' >"$conf"
	"$LOADER" --config "$conf" env >/dev/null 2>"$SHUNIT_TMPDIR/e"
	assertEquals "unknown key: exit 2" 2 "$?"
	assertContains "names the key" "$(cat "$SHUNIT_TMPDIR/e")" "unknown setting 'colour'"
	loader --type ebpf env
	assertEquals "unknown type: exit 2" 2 "$RC"
	assertContains "message" "$ERR" "unknown driver type 'ebpf' (known: bpf, kmod)"
	loader "${K[@]}" --type modern_ebpf,kmod env
	assertEquals "modern_ebpf is accepted as the reference name of bpf ($ERR)" 0 "$RC"
	loader --verify maybe env
	assertEquals "bad policy: exit 2" 2 "$RC"
	SYSCAP_DRIVER_RETRIES=-1 loader env
	assertEquals "bad env value: exit 2" 2 "$RC"
	assertContains "names the variable" "$ERR" "environment SYSCAP_DRIVER_RETRIES"
	"$LOADER" --config "$SHUNIT_TMPDIR/does-not-exist.conf" env >/dev/null 2>&1
	assertEquals "explicit missing config: exit 2" 2 "$?"
	loader frobnicate
	assertEquals "unknown command: exit 2" 2 "$RC"
	loader
	assertEquals "no command: exit 2" 2 "$RC"
}

test_help_man_completion() {
	local out
	out=$("$LOADER" --help)
	assertEquals "--help exits 0" 0 "$?"
	for c in env install download load unload status cleanup --host-root --repo --verify; do
		assertContains "--help mentions $c" "$out" "$c"
	done
	out=$(MANWIDTH=100 man -l "$SYSCAP_SRC/driver-loader/syscap-driver-loader.8" 2>&1)
	assertContains "man page renders" "$out" "EXIT STATUS"
	assertContains "man page documents env" "$out" "FIXED_KERNEL_RELEASE"
	# every option --help lists is in the man page and in the completion
	local opt opts comp
	comp=$(cat "$SYSCAP_SRC/driver-loader/syscap-driver-loader.bash-completion")
	opts=$("$LOADER" --help | grep -o -E -- '--[a-z][a-z-]*' | sort -u)
	assertTrue "--help lists options" "[ $(printf '%s\n' "$opts" | wc -l) -ge 25 ]"
	for opt in $opts; do
		assertContains "man page documents $opt" "$out" "$opt"
		assertContains "completion offers $opt" "$comp" "$opt"
	done
	out=$(bash -c '
		. "$1"
		COMP_WORDS=(syscap-driver-loader ins); COMP_CWORD=1; _syscap_driver_loader; echo "${COMPREPLY[*]}"
		COMP_WORDS=(syscap-driver-loader --verify s); COMP_CWORD=2; _syscap_driver_loader; echo "${COMPREPLY[*]}"
		COMP_WORDS=(syscap-driver-loader --ho); COMP_CWORD=1; _syscap_driver_loader; echo "${COMPREPLY[*]}"
	' _ "$SYSCAP_SRC/driver-loader/syscap-driver-loader.bash-completion")
	assertEquals "completion" "install
signature
--host-root" "$out"
}

test_kmod_impossible_without_module_support() {
	# a host root without proc/modules is a kernel without module support
	loader "${K[@]}" --type kmod install
	assertEquals "exit: unsupported ($ERR)" 6 "$RC"
	assertContains "explains" "$ERR" "kernel modules cannot be loaded on this host: $ROOT/proc/modules does not exist"
	mkdir -p "$ROOT/proc/sys/kernel"
	: >"$ROOT/proc/modules"
	echo 1 >"$ROOT/proc/sys/kernel/modules_disabled"
	loader "${K[@]}" --type kmod install
	rm -rf "$ROOT/proc"
	assertEquals "modules_disabled: exit 6 ($ERR)" 6 "$RC"
	assertContains "explains" "$ERR" "module loading is disabled"
}

test_kmod_on_this_host() {
	if [ -e /proc/modules ] && [ "$(cat /proc/sys/kernel/modules_disabled 2>/dev/null)" != 1 ]; then
		echo "SKIP: this kernel can load modules; the no-module message is covered on a fake root"
		startSkipping
		assertTrue skipped true
		return 0
	fi
	loader --type kmod install
	assertEquals "exit: unsupported ($ERR)" 6 "$RC"
	assertContains "explains" "$ERR" "kernel modules cannot be loaded on this host"
	assertContains "says why" "$ERR" "/proc/modules does not exist"
}

fake_modules() { # a fake root where modules could be loaded
	mkroot "$1" "${@:2}"
	mkdir -p "$1/proc/sys/kernel"
	: >"$1/proc/modules"
	echo 0 >"$1/proc/sys/kernel/modules_disabled"
}

test_cos_never_kmod() {
	fake_modules "$SHUNIT_TMPDIR/cos" ID=cos BUILD_ID=17412.226.28
	loader --host-root "$SHUNIT_TMPDIR/cos" --kernelrelease 5.15.120+ --kernelversion '#1 SMP' --type kmod install
	assertEquals "exit 6 ($ERR)" 6 "$RC"
	assertContains "explains" "$ERR" "Container-Optimized OS does not allow kernel modules"
}

test_oracle_uek_skips_kmod() {
	fake_modules "$SHUNIT_TMPDIR/ol" ID=ol
	loader --host-root "$SHUNIT_TMPDIR/ol" --kernelrelease 5.15.0-103.114.4.el8uek.x86_64 --kernelversion '#2 SMP' --type kmod install
	assertEquals "exit 6 ($ERR)" 6 "$RC"
	assertContains "explains" "$ERR" "not built for Oracle UEK kernels"
}

test_secure_boot_skips_downloads() {
	local r=$SHUNIT_TMPDIR/sb ev
	fake_modules "$r" ID=debian
	ev=$r/sys/firmware/efi/efivars
	mkdir -p "$ev"
	printf '\x06\x00\x00\x00\x01' >"$ev/SecureBoot-8be4df61-93ca-11d2-aa0d-e0987f8c1cff"
	loader --host-root "$r" --kernelrelease "$REL" --kernelversion "$KV" --type kmod --no-compile \
		--cache-dir "$SHUNIT_TMPDIR/sbcache" --repo "$SHUNIT_TMPDIR/nowhere" install
	assertEquals "exit 6 ($ERR)" 6 "$RC"
	assertContains "explains" "$ERR" "prebuilt downloads are skipped: UEFI Secure Boot is enabled"
	assertContains "points at DKMS/MOK" "$ERR" "MOK"
	mkdir -p "$SHUNIT_TMPDIR/nosrc"
	loader --host-root "$r" --kernelrelease "$REL" --kernelversion "$KV" --type kmod \
		--src-dir "$SHUNIT_TMPDIR/nosrc" --cache-dir "$SHUNIT_TMPDIR/sbcache" \
		--repo "$SHUNIT_TMPDIR/nowhere" install
	assertEquals "Secure Boot, DKMS allowed: exit 6 ($ERR)" 6 "$RC"
	assertTrue "says whether DKMS signs with a MOK key ($ERR)" \
		"printf '%s' \"\$ERR\" | grep -q -E 'DKMS signs the module with .*mokutil --import|DKMS has no signing key'"
	printf '\x06\x00\x00\x00\x00' >"$ev/SecureBoot-8be4df61-93ca-11d2-aa0d-e0987f8c1cff"
	mkdir -p "$r/sys/kernel/security"
	echo "none [integrity] confidentiality" >"$r/sys/kernel/security/lockdown"
	loader --host-root "$r" --kernelrelease "$REL" --kernelversion "$KV" --type kmod --no-compile \
		--cache-dir "$SHUNIT_TMPDIR/sbcache" --repo "$SHUNIT_TMPDIR/nowhere" install
	assertEquals "lockdown: exit 6 ($ERR)" 6 "$RC"
	assertContains "explains" "$ERR" "kernel lockdown is in 'integrity' mode"
	echo "[none] integrity confidentiality" >"$r/sys/kernel/security/lockdown"
	loader --host-root "$r" --kernelrelease "$REL" --kernelversion "$KV" --type kmod --no-compile \
		--cache-dir "$SHUNIT_TMPDIR/sbcache" --repo "$SHUNIT_TMPDIR/nowhere" install
	assertEquals "no lockdown: tries the repository, finds nothing ($ERR)" 3 "$RC"
	assertContains "no DKMS because of --no-compile" "$ERR" "DKMS build skipped (--no-compile)"
	assertContains "says the repository lacks it" "$ERR" "has no falco_debian_6.1.55-1-amd64_1.ko"
}

# line number of the first stderr line holding TEXT (0 when none)
errline() {
	local n
	n=$(printf '%s\n' "$ERR" | grep -n -F -m 1 -- "$1" | cut -d: -f1)
	echo "${n:-0}"
}

test_install_order_and_skip_reasons() {
	local r=$SHUNIT_TMPDIR/order v b k d p
	v=$(head -n 1 "$SYSCAP_SRC/VERSION")
	fake_modules "$r" ID=debian
	# no sys/kernel/btf/vmlinux under this root: bpf is impossible there
	mkdir -p "$r/lib/modules/$REL/updates/dkms" "$r/usr/src/syscap-$v"
	echo 'not a module' >"$r/lib/modules/$REL/updates/dkms/syscap.ko"
	: >"$r/usr/src/syscap-$v/dkms.conf"
	loader --host-root "$r" --kernelrelease "$REL" --kernelversion "$KV" \
		--cache-dir "$SHUNIT_TMPDIR/ordercache" --repo "$SHUNIT_TMPDIR/empty-mirror" install
	assertEquals "nothing usable: not found ($ERR)" 3 "$RC"
	b=$(errline "bpf skipped: the kernel cannot run the eBPF probe: no kernel BTF ($r/sys/kernel/btf/vmlinux missing)")
	k=$(errline "kmod: $r/lib/modules/$REL/updates/dkms/syscap.ko is version unknown, not $v: not used")
	d=$(errline "DKMS sources $r/usr/src/syscap-$v are there, but DKMS builds run only on the host itself")
	p=$(errline "repository $SHUNIT_TMPDIR/empty-mirror has no falco_debian_6.1.55-1-amd64_1.ko")
	assertTrue "bpf first, with its reason ($ERR)" "[ $b -gt 0 ]"
	assertTrue "then the built module, with its reason" "[ $k -gt $b ]"
	assertTrue "then DKMS (sources under the host root), with its reason" "[ $d -gt $k ]"
	assertTrue "then the download" "[ $p -gt $d ]"
	assertContains "kmod's reason" "$ERR" "kmod skipped: no prebuilt module could be obtained"
	rm -rf "$r/usr/src"
	loader --host-root "$r" --kernelrelease "$REL" --kernelversion "$KV" --type kmod \
		--cache-dir "$SHUNIT_TMPDIR/ordercache" --repo "$SHUNIT_TMPDIR/empty-mirror" install
	assertContains "DKMS sources are looked for under the host root" "$ERR" \
		"no DKMS sources in $r/usr/src/syscap-<version>/"
}

test_no_download_no_compile_explains() {
	local r=$SHUNIT_TMPDIR/nd
	fake_modules "$r" ID=debian
	loader --host-root "$r" --kernelrelease "$REL" --kernelversion "$KV" --type kmod --no-compile --no-download install
	assertEquals "exit 3 ($ERR)" 3 "$RC"
	assertContains "explains" "$ERR" "downloads are disabled (--no-download)"
	assertContains "says nothing is built" "$ERR" "no module built for $REL"
}

test_cleanup_removes_every_dkms_version() {
	local bin=$SHUNIT_TMPDIR/fakebin log=$SHUNIT_TMPDIR/dkms.log
	mkdir -p "$bin"
	# a stand-in dkms: logs its arguments, lists three installs of two versions
	cat >"$bin/dkms" <<-EOF
		#!/bin/sh
		echo "\$*" >>"$log"
		case \$1 in
		status) printf '%s\n' 'syscap/0.1.0, 6.1.0-57-amd64, x86_64: installed' \
			'syscap/0.0.9, 6.1.0-57-amd64, x86_64: built' \
			'syscap/0.1.0, 6.12.117+deb12-amd64, x86_64: installed' \
			'syscapother/1.0.0, 6.1.0-57-amd64, x86_64: installed' ;;
		esac
		exit 0
	EOF
	chmod +x "$bin/dkms"
	: >"$log"
	PATH=$bin:$PATH loader "${K[@]}" cleanup
	assertEquals "exit ($ERR)" 0 "$RC"
	assertEquals "dkms calls" "status -m syscap
remove -m syscap -v 0.1.0 --all
remove -m syscap -v 0.0.9 --all" "$(cat "$log")"
	assertContains "reports" "$ERR" "removed syscap 0.0.9 from DKMS"
	printf '#!/bin/sh\necho "$*" >>"%s"\n' "$log" >"$bin/dkms"
	: >"$log"
	PATH=$bin:$PATH loader "${K[@]}" cleanup
	assertEquals "nothing installed: exit ($ERR)" 0 "$RC"
	assertContains "says so" "$ERR" "DKMS has no syscap module to remove"
	printf '#!/bin/sh\necho broken >&2; exit 3\n' >"$bin/dkms"
	PATH=$bin:$PATH loader "${K[@]}" cleanup
	assertEquals "dkms failing: exit 1 ($ERR)" 1 "$RC"
	assertContains "says what failed" "$ERR" "dkms status -m syscap failed (exit 3): broken"
}

test_live_install_chooses_bpf() {
	local obj=${SYSCAP_BPF_OBJECT:-$SYSCAP_BUILD/bpf/syscap.bpf.o}
	if [ "$(id -u)" != 0 ] || [ ! -e /sys/kernel/btf/vmlinux ]; then
		echo "SKIP: needs root and a kernel with BTF"
		startSkipping
		assertTrue skipped true
		return 0
	fi
	loader --bpf-object "$SHUNIT_TMPDIR/absent.bpf.o" install
	assertEquals "install succeeds ($ERR)" 0 "$RC"
	assertEquals "chooses bpf first" "driver: bpf" "$OUT"
	assertContains "says why" "$ERR" "kernel BTF present, ring buffer maps available, a BTF raw tracepoint program loads"
	assertContains "absent object: the load check is skipped with a message" "$ERR" "not found: its load check is skipped"
	loader --type bpf status
	assertContains "status reports bpf support" "$OUT" "bpf: supported by this kernel"
}

test_live_probe_object_loads() {
	local obj=${SYSCAP_BPF_OBJECT:-$SYSCAP_BUILD/bpf/syscap.bpf.o}
	if [ "$(id -u)" != 0 ] || [ ! -e "$obj" ]; then
		echo "SKIP: the probe object $obj does not exist (built by the eBPF part), or not root"
		startSkipping
		assertTrue skipped true
		return 0
	fi
	loader --type bpf --bpf-object "$obj" install
	assertEquals "install --type bpf loads the probe object ($ERR)" 0 "$RC"
	assertContains "proves the load" "$ERR" "probe object $obj loads"
	# the default order (bpf,kmod) chooses bpf and proves the object loads in the same run
	loader --bpf-object "$obj" install
	assertEquals "default install ($ERR)" 0 "$RC"
	assertEquals "chooses bpf" "driver: bpf" "$OUT"
	assertContains "with the object loaded" "$ERR" "probe object $obj loads"
	# a file that is not a BPF object must be refused with a message
	head -c 4096 /dev/urandom >"$SHUNIT_TMPDIR/junk.bpf.o"
	loader --type bpf --bpf-object "$SHUNIT_TMPDIR/junk.bpf.o" install
	assertNotEquals "junk object refused" 0 "$RC"
	assertContains "names the file" "$ERR" "junk.bpf.o"
}

. shunit2
