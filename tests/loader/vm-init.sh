#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# /init of the driver-loader VM test: the loader installs the kernel module from a directory
# mirror (prebuilt path, with checksum), status reports it, unload removes it, load takes it from
# the cache. Results are "VMCHECK: PASS|FAIL <name>" lines; VM-DONE marks a complete run.
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

$L --type kmod --no-compile --repo /mirror install >/tmp/out 2>/tmp/err
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

dmesg | grep -E 'syscap|BUG|WARNING|Oops' | tail -n 20
echo VM-DONE
poweroff -f
