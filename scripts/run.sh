#!/bin/bash
# make run [ARGS="--vcpus 4 --verbose"]: the demo. Build what is missing or
# stale (the tree, the x86_64 kernel, the initramfs, the VMM in vmm/), boot
# the kernel under QEMU and run the VMM inside: a software-protected guest
# whose memory is one guest_memfd, converted in place. Exits with the VMM's
# status: 0 only if the guest's checks and the VMM's secrecy check passed.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

total=$SECONDS
# Run one set-up step and say how long it took.
timed() {
	local what=$1 start=$SECONDS
	shift
	"$@"
	info "$what: $(elapsed $start)"
}

need_packages $PKGS_VMM
timed "kernel tree" "$ROOT/scripts/tree.sh"
timed "x86_64 kernel" "$ROOT/scripts/kernel.sh" x86_64
# The initramfs is the test one (busybox, init, selftests): vm-run appends
# the VMM to it.
timed "selftests" "$ROOT/scripts/selftests.sh" x86_64
"$ROOT/scripts/check-lists.sh" x86_64
timed "initramfs" "$ROOT/scripts/initramfs.sh" x86_64
step "building the VMM (vmm/)"
timed "VMM" make -s -C "$ROOT/vmm" KHDR="$(kernel_out x86_64)/usr/include"

step "booting the x86_64 kernel and running vmm/build/vmm ${ARGS:-}"
start=$SECONDS
rc=0
BIN=$ROOT/vmm/build/vmm ARGS=${ARGS:-} "$ROOT/scripts/vm-run.sh" x86_64 || rc=$?
info "guest run: $(elapsed $start); make run took $(elapsed $total)"
trap - EXIT
if [ "$rc" = 0 ]; then
	echo "run: the guest's checks and the host's secrecy check passed"
else
	echo "run: FAILED (the VMM exited with status $rc; its report above says why)" >&2
fi
exit "$rc"
