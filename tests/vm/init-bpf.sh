#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# /init of the eBPF-only test VM (kernels too old for the module's DKMS build here, see
# scripts/vm-bpf-kernels): the probe's smoke test through libscap, then the shared per-syscall
# suite and the drop accounting against it. Results go to the serial console as VMCHECK lines;
# VM-DONE marks a complete run.
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev
mount -t tmpfs tmp /tmp
ip link set lo up 2>/dev/null || ifconfig lo 127.0.0.1 up
[ -f /overlay.ko ] && insmod /overlay.ko # overlayfs for the exec-layer tests
echo "VM-KERNEL $(uname -r) cpus $(nproc)"
cd /
vmcheck() { # prefix: turn "PASS: x" lines into VMCHECK lines
	sed -e "s|^PASS: |VMCHECK: PASS $1/|" -e "s|^FAIL: |VMCHECK: FAIL $1/|" \
		-e "s|^SKIP: |VMCHECK: SKIP $1/|"
}
/scapcheck bpf /syscap.bpf.o
echo "VM-BPFSMOKE-EXIT $?"
if [ -x /driver_suite ]; then
	SYSCAP_BPF_OBJECT=/syscap.bpf.o timeout 400 /driver_suite bpf 2>&1 | vmcheck suite
	SYSCAP_BPF_OBJECT=/syscap.bpf.o timeout 120 /driver_drops bpf 2>&1 | vmcheck drops
fi
dmesg | grep -E 'syscap|BUG|WARNING|Oops' | tail -n 20
echo VM-DONE
poweroff -f
