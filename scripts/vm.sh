#!/bin/bash
# vm.sh ARCH BOOT INITRD LIMIT [CMDLINE...]: boot the built kernel of ARCH
# under QEMU TCG with INITRD and stream its console to stdout. BOOT picks the
# arm64 KVM mode (vhe, nvhe, protected); LIMIT (seconds) bounds the whole
# boot, so a hung guest cannot hang the caller. QEMU_CPU overrides -cpu.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

arch=${1:?usage: vm.sh ARCH BOOT INITRD LIMIT [CMDLINE...]}
boot=$2 initrd=$3 limit=$4
shift 4
check_arch "$arch"
pk=PKGS_QEMU_$arch
need_packages ${!pk} >&2
kernel=$(kernel_image "$arch")
[ -f "$kernel" ] || die "no kernel at ${kernel#$ROOT/}: run 'make kernel ARCH=$arch'"

common=(-smp 2 -m 4G -display none -no-reboot -nic none -monitor none -serial stdio
	-kernel "$kernel" -initrd "$initrd")
case "$arch" in
x86_64)
	# One thread runs both vCPUs. With a thread per vCPU, QEMU 7.2's SVM
	# sometimes stores the L1 host's registers (rip just after VMRUN,
	# the host's cr3) in the VMCB at #VMEXIT, so that KVM resumes its
	# guest on host state: a triple fault, or an endless emulation loop,
	# and once host memory corrupted. QEMU_TCG_THREAD=multi brings it back.
	qemu=(qemu-system-x86_64 -M q35 -cpu "${QEMU_CPU:-max}"
		-accel "tcg,thread=${QEMU_TCG_THREAD:-single}" "${common[@]}")
	console=ttyS0
	;;
arm64)
	# pauth-impdef: QEMU's own pointer-auth hash, much faster under TCG.
	qemu=(qemu-system-aarch64 -M virt,virtualization=on,gic-version=3
		-cpu "${QEMU_CPU:-max,pauth-impdef=on}" "${common[@]}")
	console=ttyAMA0
	;;
esac
# print-fatal-signals: a test killed by a signal leaves its pc, registers
# and fault address in the console log (at KERN_WARNING), not just an exit
# status.
append="console=$console panic=-1 print-fatal-signals=1 $(boot_cmdline "$boot") $*"
# test.sh's watchdog stops a wedged guest through this pid (timeout's, after
# the exec), which forwards the signal to QEMU.
[ -n "${VM_PIDFILE:-}" ] && echo $$ >"$VM_PIDFILE"
exec timeout --foreground -k 10 "$limit" "${qemu[@]}" -append "$append" </dev/null
