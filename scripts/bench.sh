#!/bin/bash
# make bench [ARCH=x86_64|arm64] [BOOT=...] [RUNS=5] [ARGS="-s 12"]: the
# guest_memfd benchmark. Build what is missing or stale (tree, kernel,
# selftests, initramfs), boot the kernel of ARCH under QEMU and run
# guest_memfd_perf_test in full mode there: in-place conversion against the
# 6.12 two-fd way, host faults against shmem, private guest faults against
# a classic guest_memfd, the bytes of state tracking, and how conversion
# time scales. Everything is measured in one boot and reported as ratios;
# the log and a CSV go to build/bench/ (build/bench-arm64/ for arm64, whose
# headline lines start with "arm64_").
set -euo pipefail
. "$(dirname "$0")/lib.sh"

arch=${1:-x86_64}
check_arch "$arch"
runs=${RUNS:-5}
out=$BUILD/bench
[ "$arch" = x86_64 ] || out=$BUILD/bench-$arch
bin=$(bench_bin "$arch")
prog=${bin##*/}

"$ROOT/scripts/tree.sh"
build_for_tests "$arch"
[ -x "$bin" ] || die "no ${bin#$ROOT/} after the selftest build"

mkdir -p "$out"
step "booting $arch${BOOT:+ ($BOOT)} and running $prog -r $runs -c ${ARGS:-} (a few minutes, longer on arm64)"
start=$SECONDS
rc=0
# The guest has 4 GiB (scripts/vm.sh): the 1 GiB round trips need at most
# 1 GiB at a time. Nothing else runs in the guest while it measures.
VM_RUN_DIR=$BUILD/vm-run-bench-$arch BIN=$bin \
	ARGS="-r $runs -c ${ARGS:-}" RUN_LIMIT=${RUN_LIMIT:-5400} \
	"$ROOT/scripts/vm-run.sh" "$arch" >"$out/bench.log" || rc=$?
# The table to the terminal, without kernel messages that the console
# interleaves (TCG prints hrtimer complaints), the CSV block to its own file.
awk '/^csv-begin/ { inside = 1 } !inside && !/^\[ *[0-9]+\.[0-9]+\] / { print }
	/^csv-end/ { inside = 0 }' "$out/bench.log"
awk '/^csv-end/ { inside = 0 } inside { print } /^csv-begin/ { inside = 1 }' \
	"$out/bench.log" >"$out/bench.csv"
info "run took $(elapsed $start); log ${out#$ROOT/}/bench.log, CSV ${out#$ROOT/}/bench.csv ($(($(wc -l <"$out/bench.csv") - 1)) rows)"
trap - EXIT
exit "$rc"
