#!/bin/bash
# make vm-run ARCH=... BIN=prog [ARGS="..."] [BOOT=...]: boot the built
# kernel, run one static program inside, print its output and exit with its
# exit status. ARGS is split by the guest's shell; the program runs as root
# in / of an initramfs with busybox and no libc, so link it statically.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

arch=${1:?usage: BIN=prog [ARGS="..."] vm-run.sh ARCH}
bin=${BIN:-}
args=${ARGS:-}
check_arch "$arch"
[ -n "$bin" ] || die "BIN= names the static program to run, e.g. make vm-run BIN=./a.out"
[ -f "$bin" ] || die "BIN=$bin: no such file"
base=$BUILD/initramfs-$arch.cpio
[ -f "$base" ] || die "no ${base#$ROOT/}: run 'make initramfs ARCH=$arch'"
boot=${BOOT:-$(boots "$arch" | cut -d' ' -f1)}
case " $(boots "$arch") " in *" $boot "*) ;; *) die "BOOT=$boot: $arch boots are $(boots "$arch")" ;; esac

# VM_RUN_DIR lets two runs go side by side (each needs its own).
work=${VM_RUN_DIR:-$BUILD/vm-run-$arch}
rm -rf "$work" && mkdir -p "$work/root/rig/run"
cp "$bin" "$work/root/rig/run/prog"
chmod 755 "$work/root/rig/run/prog"
printf '%s\n' "$args" >"$work/root/rig/run/args"
# The kernel unpacks concatenated cpio archives in order.
(cd "$work/root" && find . | cpio -o -H newc -R 0:0 --quiet) >"$work/extra.cpio"
cat "$base" "$work/extra.cpio" >"$work/initrd.cpio"

# Give the program an hour unless RUN_LIMIT says otherwise.
"$ROOT/scripts/vm.sh" "$arch" "$boot" "$work/initrd.cpio" "${RUN_LIMIT:-3600}" \
	loglevel=5 rig.mode=run >"$work/console.log" || true
# The end marker may follow output that lacks a final newline: print what
# precedes it on its line, without adding one.
tr -d '\r' <"$work/console.log" | awk '
	inside && (i = index($0, "RIG-RUN-END ")) {
		printf "%s", substr($0, 1, i - 1)
		split(substr($0, i), f, " "); rc = f[2]; done = 1; inside = 0; next
	}
	inside { print }
	/^RIG-RUN-BEGIN/ { inside = 1 }
	END { if (done) print rc > "/dev/stderr"; else print "none" > "/dev/stderr" }
' 2>"$work/status"
rc=$(cat "$work/status")
if grep -Eq '\[ *[0-9]+\.[0-9]+\] .*(WARNING:|BUG:|Oops|Kernel panic|hyp panic|KASAN:|possible circular locking)' "$work/console.log"; then
	echo "warning: the kernel reported a splat, see ${work#$ROOT/}/console.log" >&2
fi
if [ "$rc" = none ]; then
	echo "error: the program did not finish (guest crashed, or RUN_LIMIT=${RUN_LIMIT:-3600} s passed), see ${work#$ROOT/}/console.log" >&2
	exit 124
fi
# The program's status is not a failure of this script: no error trailer.
trap - EXIT
# make turns any failure into its own exit status 2: name the real one.
[ "$rc" = 0 ] || echo "vm-run: ${bin##*/} exited with status $rc" >&2
exit "$rc"
