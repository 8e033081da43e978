#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# Driver-loader VM test: build syscap.ko for Debian's 6.1 kernel, boot that kernel under qemu with
# a busybox initramfs holding the loader (and its shared libraries) and run tests/loader/vm-init.sh:
# install from a directory mirror, status, unload, load from the cache.
#   tests/loader/vm-loader.sh WORKDIR     prints PASS/FAIL/SKIP lines and "counts P F S"
# Uses the kmod harness: scripts/vm-kernels, scripts/vm-initramfs, scripts/vm-run, scripts/vm-check-log.
set -u
here=$(cd "$(dirname "$0")" && pwd)
src=${SYSCAP_SRC:-$(cd "$here/../.." && pwd)}
build=${SYSCAP_BUILD:-$src/build}
work=${1:?usage: vm-loader.sh WORKDIR}
loader=$build/bin/syscap-driver-loader
mkdir -p "$work"

skip() { echo "SKIP: loader-vm ($*)"; echo "counts 0 0 1"; exit 0; }
fail() { echo "FAIL: loader-vm ($*)"; echo "counts 0 1 0"; exit 1; }

for tool in qemu-system-x86_64 cpio gzip make; do
	command -v "$tool" >/dev/null 2>&1 || skip "$tool missing"
done
[ -x "${SYSCAP_BUSYBOX:-/bin/busybox}" ] || skip "static busybox missing"
[ -x "$loader" ] || fail "$loader not built"
kernel=${SYSCAP_LOADER_VM_KERNEL:-$("$src/scripts/vm-kernels" --print "$work/vm" 2>/dev/null | grep '^6\.1\.' | head -n 1)}
[ -n "$kernel" ] || skip "no Debian 6.1 kernel known to apt"
"$src/scripts/vm-kernels" "$work/vm" >"$work/vm-kernels.log" 2>&1 ||
	fail "scripts/vm-kernels failed: $(tail -n 3 "$work/vm-kernels.log")"
vmlinuz=$work/vm/kernels/$kernel/vmlinuz
[ -s "$vmlinuz" ] || fail "no vmlinuz for $kernel"
[ -e "/lib/modules/$kernel/build/Makefile" ] || fail "headers for $kernel missing"

# the module, from this tree's driver/ (a copy, so the tree stays clean)
rm -rf "$work/mod"
mkdir -p "$work/mod"
cp -r "$src/driver" "$work/mod/driver"
cp "$src/VERSION" "$work/mod/VERSION"
if ! make -C "/lib/modules/$kernel/build" M="$work/mod/driver" modules -j2 >"$work/mod.log" 2>&1; then
	fail "syscap.ko does not build for $kernel: $(grep -m 3 -E 'error' "$work/mod.log")"
fi

# an "older" module: the same object with version 0.0.9 in its modinfo (same length, so the
# ELF stays valid; Debian's kernel does not enforce module signatures)
ver=$(head -n 1 "$src/VERSION")
python3 - "$work/mod/driver/syscap.ko" "$work/syscap-old.ko" "$ver" <<'PY' || fail "cannot make the old module"
import sys
data = open(sys.argv[1], "rb").read()
new, old = b"version=" + sys.argv[3].encode() + b"\0", b"version=0.0.9\0"
assert len(new) == len(old) and data.count(new) == 1, "version string not found once"
open(sys.argv[2], "wb").write(data.replace(new, old))
PY

# initramfs: the loader with its shared libraries at their paths, the modules, an os-release
files=("$loader:/syscap-driver-loader" "$work/mod/driver/syscap.ko:/syscap.ko"
	"$work/syscap-old.ko:/syscap-old.ko")
while read -r lib; do
	files+=("$lib:$lib")
done < <(ldd "$loader" | grep -o '/[^ ]*' | sort -u)
printf 'ID=debian\nVERSION_ID="12"\n' >"$work/os-release"
head -n 1 "$src/VERSION" >"$work/syscap-version"
files+=("$work/os-release:/etc/os-release" "$work/syscap-version:/syscap-version")
bpfobj=${SYSCAP_BPF_OBJECT:-$build/bpf/syscap.bpf.o}
[ -f "$bpfobj" ] && files+=("$bpfobj:/syscap.bpf.o")
"$src/scripts/vm-initramfs" "$work/initramfs.cpio.gz" "$here/vm-init.sh" "${files[@]}" ||
	fail "initramfs"
"$src/scripts/vm-run" "$vmlinuz" "$work/initramfs.cpio.gz" "$work/console.log" "${SYSCAP_LOADER_VM_TIMEOUT:-180}"
"$src/scripts/vm-check-log" "$work/console.log" "loader-vm-$kernel"
