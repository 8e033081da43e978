#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Regenerate the committed CO-RE header bpf/vmlinux/<arch>/vmlinux.h from a kernel's BTF with
# Debian's bpftool. CO-RE relocations make the probe portable, so the header only has to come
# from one recent kernel; regenerate it when the probe needs a type the header lacks.
#
#   scripts/gen-vmlinux.sh [BTF_FILE] [ARCH]     defaults: /sys/kernel/btf/vmlinux, x86
set -eu
src=$(cd "$(dirname "$0")/.." && pwd)
btf=${1:-/sys/kernel/btf/vmlinux}
arch=${2:-x86}
if ! command -v bpftool >/dev/null 2>&1; then
	echo "gen-vmlinux.sh: bpftool not found (apt-get install bpftool)" >&2
	exit 1
fi
if [ ! -r "$btf" ]; then
	echo "gen-vmlinux.sh: cannot read BTF file '$btf' (kernel built without CONFIG_DEBUG_INFO_BTF?)" >&2
	exit 1
fi
out="$src/bpf/vmlinux/$arch/vmlinux.h"
mkdir -p "$(dirname "$out")"
tmp="$out.tmp.$$"
trap 'rm -f "$tmp"' EXIT
bpftool btf dump file "$btf" format c >"$tmp"
mv "$tmp" "$out"
trap - EXIT
echo "gen-vmlinux.sh: wrote $out ($(wc -l <"$out") lines) from $btf ($(uname -r))"
