#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# /init of the eBPF-only test VM (kernels too old for the module's DKMS build here, see
# scripts/vm-bpf-kernels): the probe's smoke test through libscap, then the shared per-syscall
# suite and the drop accounting against it. Results go to the serial console as VMCHECK lines;
# VM-DONE marks a complete run.
# shellcheck source=guest-lib.sh
. /guest-lib.sh
guest_setup
/scapcheck bpf /syscap.bpf.o
echo "VM-BPFSMOKE-EXIT $?"
if [ -x /driver_suite ]; then
	SYSCAP_BPF_OBJECT=/syscap.bpf.o timeout 400 /driver_suite bpf 2>&1 | vmcheck suite
	SYSCAP_BPF_OBJECT=/syscap.bpf.o timeout 120 /driver_drops bpf 2>&1 | vmcheck drops
fi
guest_finish
