#!/bin/bash
# make run [ARCH=arm64] [BOOT=protected] [ARGS="--vcpus 4 --verbose"]: the
# demo. Build what is missing or stale (the tree, the kernel for ARCH, the
# initramfs, the VMM in vmm/), boot the kernel under QEMU (on arm64 in
# BOOT, default vhe) and run the VMM inside: a software-protected guest
# whose memory is one guest_memfd, converted in place. Exits with the
# VMM's status: 0 only if the guest's checks and the VMM's secrecy check
# passed.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

arch=${1:-x86_64}
check_arch "$arch"
boot=${BOOT:-$(boots "$arch" | cut -d' ' -f1)}
case " $(boots "$arch") " in *" $boot "*) ;; *) die "BOOT=$boot: $arch boots are $(boots "$arch")" ;; esac

total=$SECONDS
# Run one set-up step and say how long it took.
timed() {
	local what=$1 start=$SECONDS
	shift
	"$@"
	info "$what: $(elapsed $start)"
}

pk=PKGS_VMM_$arch
need_packages $PKGS_VMM ${!pk:-}
timed "kernel tree" "$ROOT/scripts/tree.sh"
timed "$arch kernel" "$ROOT/scripts/kernel.sh" "$arch"
# The initramfs is the test one (busybox, init, selftests): vm-run appends
# the VMM to it.
timed "selftests" "$ROOT/scripts/selftests.sh" "$arch"
"$ROOT/scripts/check-lists.sh" "$arch"
timed "initramfs" "$ROOT/scripts/initramfs.sh" "$arch"
step "building the VMM (vmm/) for $arch"
timed "VMM" vmm_make "$arch"

bin=$(vmm_bin "$arch")
step "booting the $arch kernel ($boot) and running ${bin#$ROOT/} ${ARGS:-}"
start=$SECONDS
rc=0
BOOT=$boot BIN=$bin ARGS=${ARGS:-} "$ROOT/scripts/vm-run.sh" "$arch" || rc=$?
info "guest run: $(elapsed $start); make run took $(elapsed $total)"
trap - EXIT
if [ "$rc" = 0 ]; then
	echo "run: the guest's checks and the host's secrecy check passed"
else
	echo "run: FAILED (the VMM exited with status $rc; its report above says why)" >&2
fi
exit "$rc"
