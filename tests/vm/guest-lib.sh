#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Sourced by the test VMs' /init scripts (init-kmod.sh, init-bpf.sh) from /guest-lib.sh.

# Mount the basics, bring up lo, load overlayfs when the initramfs has it, and say which kernel.
guest_setup() {
	mount -t proc proc /proc
	mount -t sysfs sys /sys
	mount -t devtmpfs dev /dev
	mount -t tmpfs tmp /tmp
	ip link set lo up 2>/dev/null || ifconfig lo 127.0.0.1 up
	[ -f /overlay.ko ] && insmod /overlay.ko # overlayfs for the exec-layer tests
	echo "VM-KERNEL $(uname -r) cpus $(nproc)"
	cd /
}

# Filter: turn a test program's "PASS: x" lines into "VMCHECK: PASS <prefix>/x" console lines.
vmcheck() {
	sed -e "s|^PASS: |VMCHECK: PASS $1/|" -e "s|^FAIL: |VMCHECK: FAIL $1/|" \
		-e "s|^SKIP: |VMCHECK: SKIP $1/|"
}

# The last kernel messages about syscap or a kernel problem, the end marker, power off.
guest_finish() {
	dmesg | grep -E 'syscap|BUG|WARNING|Oops' | tail -n 20
	echo VM-DONE
	poweroff -f
}
