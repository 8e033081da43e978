#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# /init of the driver-loader VM test: an older module is reported stale and replaced (by a
# download, by a DKMS build) or unloaded; the loader
# installs the kernel module from a file:// mirror (prebuilt path, with checksum), status
# reports it, unload removes it, load takes it from the cache; the DKMS path with a stand-in
# dkms; the default type order picks bpf. Results are "VMCHECK: PASS|FAIL <name>" lines; VM-DONE marks a complete run.
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev
mount -t tmpfs tmp /tmp
echo "VM-KERNEL $(uname -r)"
L="/syscap-driver-loader --config /dev/null --cache-dir /tmp/cache --driver-name syscap --driver-version $(cat /syscap-version)"
check() { # check NAME CONDITION-COMMAND...
	name=$1
	shift
	if "$@"; then echo "VMCHECK: PASS $name"; else echo "VMCHECK: FAIL $name"; fi
}
file=$($L env | sed -n 's/^KMOD_FILE="\(.*\)"$/\1/p')
echo "VM-KMOD-FILE $file"
dir=/mirror/$(cat /syscap-version)/$(uname -m)
mkdir -p "$dir"
cp /syscap.ko "$dir/$file"
(cd "$dir" && sha256sum "$file" >"$file.sha256")

# an older module left loaded (as across a package upgrade)
$L load /syscap-old.ko 2>&1
check old-module-loaded grep -q '^0.0.9$' /sys/module/syscap/version
$L status >/tmp/out 2>&1
cat /tmp/out
check status-says-stale grep -q 'stale: this loader installs' /tmp/out

$L --type kmod --no-compile --repo file:///mirror install >/tmp/out 2>/tmp/err
rc=$?
cat /tmp/err
check install-replaced-stale grep -q 'is loaded but stale' /tmp/err
check new-version-loaded grep -q "^$(cat /syscap-version)\$" /sys/module/syscap/version
check install-exit-0 [ $rc = 0 ]
check install-says-kmod grep -q '^driver: kmod$' /tmp/out
check install-verified-sha256 grep -q 'SHA-256 verified' /tmp/err
check module-live grep -q '^syscap ' /proc/modules
check device-exists [ -c /dev/syscap0 ]

$L status >/tmp/out 2>&1
rc=$?
cat /tmp/out
check status-exit-0 [ $rc = 0 ]
check status-loaded grep -q '^kmod syscap: loaded, version' /tmp/out
check status-compatible grep -q 'compatible with libscap' /tmp/out
check status-not-incompatible sh -c '! grep -q "NOT compatible" /tmp/out'

$L unload 2>/tmp/err
rc=$?
cat /tmp/err
check unload-exit-0 [ $rc = 0 ]
check unload-removed sh -c '! grep -q "^syscap " /proc/modules'

$L status >/tmp/out 2>&1
check status-after-unload grep -q '^kmod syscap: not loaded' /tmp/out

# the verified file stays in the cache: load needs no repository at all
$L --type kmod load 2>/tmp/err
rc=$?
cat /tmp/err
check load-from-cache [ $rc = 0 ]
check load-module-live grep -q '^syscap ' /proc/modules
$L unload 2>/dev/null
check final-unload sh -c '! grep -q "^syscap " /proc/modules'

# DKMS path, with a stand-in dkms (the VM has no compiler; real DKMS builds are tier 80's): the
# loader finds /usr/src/syscap-<v>, asks dkms to build for this kernel, loads what it installed,
# prefers the already-built module next time, and cleanup removes the version from DKMS.
V=$(cat /syscap-version)
mkdir -p "/usr/src/syscap-$V"
: >"/usr/src/syscap-$V/dkms.conf"
cat >/bin/dkms <<FAKE
#!/bin/sh
echo "\$*" >>/tmp/dkms.log
case \$1 in
install)
	mkdir -p /lib/modules/\$(uname -r)/updates/dkms
	cp /syscap.ko /lib/modules/\$(uname -r)/updates/dkms/syscap.ko ;;
status)
	[ -e /lib/modules/\$(uname -r)/updates/dkms/syscap.ko ] &&
		echo "syscap/$V, \$(uname -r), x86_64: installed" ;;
remove)
	rm -f /lib/modules/\$(uname -r)/updates/dkms/syscap.ko ;;
esac
exit 0
FAKE
chmod 755 /bin/dkms
rm -rf /tmp/cache
# an older module left loaded: unload names it stale and removes it; a DKMS build replaces it
$L load /syscap-old.ko 2>&1
$L unload 2>/tmp/err
rc=$?
cat /tmp/err
check unload-stale-exit-0 [ $rc = 0 ]
check unload-says-stale grep -q 'syscap 0.0.9 is stale' /tmp/err
check unload-removed-stale sh -c '! grep -q "^syscap " /proc/modules'
$L load /syscap-old.ko 2>&1
$L --type kmod --no-download install >/tmp/out 2>/tmp/err
rc=$?
cat /tmp/err
check dkms-install-exit-0 [ $rc = 0 ]
check dkms-replaced-stale grep -q 'is loaded but stale' /tmp/err
check dkms-new-version-loaded grep -q "^$V\$" /sys/module/syscap/version
check dkms-driver-kmod grep -q '^driver: kmod$' /tmp/out
check dkms-called-for-this-kernel grep -q "^install -m syscap -v $V -k $(uname -r)\$" /tmp/dkms.log
check dkms-module-live grep -q '^syscap ' /proc/modules
$L unload 2>/dev/null
$L --type kmod --no-download install >/tmp/out 2>/tmp/err
rc=$?
cat /tmp/err
check built-module-preferred grep -q 'using the module already built' /tmp/err
check built-module-no-rebuild [ "$(grep -c '^install' /tmp/dkms.log)" = 1 ]
check built-module-live sh -c "[ $rc = 0 ] && grep -q '^syscap ' /proc/modules"
$L cleanup 2>/tmp/err
rc=$?
cat /tmp/err
check cleanup-exit-0 [ $rc = 0 ]
check cleanup-unloaded sh -c '! grep -q "^syscap " /proc/modules'
check cleanup-dkms-remove grep -q "^remove -m syscap -v $V --all\$" /tmp/dkms.log

# with every type allowed the eBPF probe wins on this kernel too (BTF, ring buffer, raw_tp)
$L install >/tmp/out 2>/tmp/err
cat /tmp/err
check default-install-chooses-bpf grep -q '^driver: bpf$' /tmp/out
if [ -f /syscap.bpf.o ]; then
	$L --type bpf --bpf-object /syscap.bpf.o install >/tmp/out 2>/tmp/err
	rc=$?
	cat /tmp/err
	check probe-object-loads-on-6.1 sh -c "[ $rc = 0 ] && grep -q 'probe object /syscap.bpf.o loads' /tmp/err"
	[ $rc = 0 ] || $L -v --type bpf --bpf-object /syscap.bpf.o install 2>&1 | grep -v '^[0-9]*: ' | tail -n 40
else
	echo "VMCHECK: SKIP probe-object-loads-on-6.1 (no syscap.bpf.o was built)"
fi

dmesg | grep -E 'syscap|BUG|WARNING|Oops' | tail -n 20
echo VM-DONE
poweroff -f
