#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# /init of the kernel module test VM: mount the basics, run the checks, power off.
# Results go to the serial console as VMCHECK lines; VM-DONE marks a complete run.
# shellcheck source=guest-lib.sh
. /guest-lib.sh
guest_setup
/kmodcheck /syscap.ko syscap
echo "VM-KMODCHECK-EXIT $?"
if [ -x /scapcheck ]; then
	insmod /syscap.ko && /scapcheck kmod /dev/syscap syscap
	echo "VM-SCAPCHECK-EXIT $?"
	rmmod syscap
	# the same engine driving a Falco-named build of the module
	if [ -f /falco.ko ]; then
		insmod /falco.ko && ls /dev/falco0 >/dev/null && /scapcheck kmod /dev/falco falco
		echo "VM-SCAPCHECK-FALCO-EXIT $?"
		rmmod falco
	fi
fi
# the shared per-syscall suite and drop accounting (tests/drivers), same expectations as eBPF
if [ -x /driver_suite ]; then
	insmod /syscap.ko
	timeout 300 /driver_suite kmod 2>&1 | vmcheck suite
	timeout 120 /driver_drops kmod 2>&1 | vmcheck drops
	rmmod syscap
	# the same suite against the eBPF probe on this kernel
	if [ -f /syscap.bpf.o ]; then
		SYSCAP_BPF_OBJECT=/syscap.bpf.o timeout 400 /driver_suite bpf 2>&1 | vmcheck suite
	fi
fi
if [ -x /scapcheck ] && [ -f /syscap.bpf.o ]; then
	/scapcheck bpf /syscap.bpf.o
	echo "VM-BPFSMOKE-EXIT $?"
fi
guest_finish
